"""Ruby versions a Ruby project's own files declare, for the EOL checks
(:mod:`lodestar.scan.runtimes`): ``Gemfile``/``gems.rb``'s ``ruby "3.2.2"`` (deployed) or
``ruby "~> 3.2", "< 3.4"`` (supported); a ``*.gemspec``'s ``required_ruby_version`` (supported);
``.ruby-version`` (deployed)."""

from __future__ import annotations

import re

from lodestar.scan.runtimes_files import BARE_VERSION, single_version
from lodestar.scan.runtimes_versions import SUPPORTED, Declared, Source, Warn, text_lines

_GEMFILE_RUBY = re.compile(r"ruby\s*+(?:\(\s*+)?(?=['\"])")  # blanks taken whole
_QUOTED = re.compile(r"\s*(['\"])([^'\"]*)\1\s*,?")
_GEMSPEC_RUBY = re.compile(r"\.required_ruby_version\s*=\s*(?:Gem::Requirement\.new\s*\(\s*)?\[?")


def _quoted_requirements(rest: str) -> list[str]:
    """The quoted strings at the start of ``rest`` (``"~> 3.2", "< 3.4"``), up to the first
    thing that is not one (a keyword argument, a closing bracket)."""
    requirements = []
    while (quoted := _QUOTED.match(rest)) is not None:
        requirements.append(quoted.group(2))
        rest = rest[quoted.end() :]
    return requirements


def _ruby_requirement(text: str, number: int) -> Declared:
    """A Ruby requirement: exact (``"3.2.2"``, what the app runs on) or a range it supports."""
    if BARE_VERSION.fullmatch(text):
        return Declared("ruby", text, text, number)
    return Declared("ruby", text, text, number, True, SUPPORTED)


def read_gemfile(source: Source, warn: Warn) -> list[Declared]:
    """The ``ruby`` directive's requirement strings, up to its first keyword argument."""
    for number, line in text_lines(source.text, warn):
        found = _GEMFILE_RUBY.match(line)
        if found is None:
            continue
        requirements = _quoted_requirements(line[found.end() :])
        if requirements:
            return [_ruby_requirement(", ".join(requirements), number)]
    return []


def read_gemspec(source: Source, warn: Warn) -> list[Declared]:
    """``required_ruby_version = ">= 2.7.8"`` (also ``[…]`` and ``Gem::Requirement.new(…)``):
    the Rubies a gem supports."""
    for number, line in text_lines(source.text, warn):
        found = _GEMSPEC_RUBY.search(line)
        if found is None:
            continue
        requirements = _quoted_requirements(line[found.end() :])
        if requirements:
            text = ", ".join(requirements)
            return [Declared("ruby", text, text, number, True, SUPPORTED)]
    return []


read_ruby_version = single_version("ruby")
