"""The patterns rewritten to run in linear time: same answers, and the issue's inputs in time.

Each rewritten pattern is compared with the pattern it replaced (kept here as the oracle) on
short generated strings over the characters that matter, where the old one is still fast; then
the inputs of issue 9 that made the old ones run for minutes are run through the parsers.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.budget import SLACK

from lodestar.catalog import licences as catalog_licences
from lodestar.errors import ManifestError
from lodestar.safeparse import ranges
from lodestar.scan import languages, licences, people, runtimes_dependencies
from lodestar.scan import runtimes_versions as rv
from lodestar.scan.ecosystems.gradle import build_script as gradle
from lodestar.scan.ecosystems.gradle import project as gradle_project
from lodestar.scan.ecosystems.gradle import text as gradle_text
from lodestar.scan.ecosystems.npm import common as npm_common
from lodestar.scan.ecosystems.python import common as python_common
from lodestar.scan.ecosystems.python import requirements as python_requirements
from lodestar.scan.ecosystems.python import setup_files as python_setup
from lodestar.scan.ecosystems.python.requirements import parse_requirements
from lodestar.scan.ecosystems.registry import ManifestContext
from lodestar.scan.ecosystems.ruby import runtime as ruby_runtime
from lodestar.scan.ecosystems.terraform import configuration as terraform
from lodestar.scan.ecosystems.terraform.configuration import parse_terraform
from lodestar.strategy import markdown

S = r"""(?:"\x01*"|'\x01*')"""
_I = r"[A-Za-z_][A-Za-z0-9_]*"
# (new pattern, old pattern, the methods the package calls, the characters that matter)
PAIRS = [
    (python_requirements._COMMENT, r"(^|\s+)#.*$", ("match", "search"), " \ta#=1"),
    (python_requirements._OPTIONS_AFTER, r"\s+-", ("split",), " \ta-"),
    (python_requirements._LINK_MARKER, r"\s+;|;\s+", ("split",), " \ta;"),
    (python_setup._INLINE_COMMENT, r"\s+#.*$", ("sub",), " \ta#"),
    (ranges._HYPHEN_RANGE, r"(\S+)\s+-\s+(\S+)", ("sub",), " 1.-a"),
    (runtimes_dependencies._IMAGE_RELEASE, r"\d+(?:\.\d+)*-(?=\d)", ("sub",), "10.-a"),
    (languages._VERSION_SUFFIX, r"[-.]?\d+(?:\.\d+)*$", ("sub",), "1.-a"),
    (
        licences._COMMENT_END,
        r"\s*(?:\*/|-->|--%>|%>|#}|\*\)|-}|\]\]>|\"\"\"|'''|[\"';,])\s*$",
        ("sub",),
        " */-;a",
    ),
    (catalog_licences._SPLITS[0][0], r"\s*/\s*|\s+or\s+|\s*,\s*|\s*\|\s*", ("split",), " or,/|a"),
    (catalog_licences._SPLITS[1][0], r"\s+and\s+|\s*&\s*", ("split",), " and&x"),
    (
        npm_common._EXACT,
        r"\s*=?\s*v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\s*",
        ("fullmatch",),
        " =v1.-+a",
    ),
    (terraform._EXACT, r"=?\s*v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)", ("fullmatch",), " =v1.-a"),
    (
        terraform._REGISTRY_MODULE,
        (
            r"(?:(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?)/)?"
            r"(?P<name>[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9_-]*)"
            r"(?://(?P<sub>[^?]*))?"
        ),
        ("fullmatch",),
        "a/.:1-?",
    ),
    (ruby_runtime._GEMFILE_RUBY, r"ruby\s*\(?\s*(?=['\"])", ("match",), " ('\"x"),
    (gradle._RICH, rf"\b(strictly|require|prefer)\s*\(?\s*({S})", ("finditer",), ' ("\x01x'),
    (
        gradle._PLUGIN,
        rf"\b(id|kotlin)\s*\(?\s*({S})\s*\)?(?:\s*version\s*\(?\s*({S}|{gradle._REF})\s*\)?)?",
        ("finditer",),
        ' ()"\x01x',
    ),
    (
        gradle_project._APPLY_FROM,
        rf"\bapply\s*\(?\s*from\s*[:=]\s*({S})",
        ("finditer",),
        ' (:="\x01',
    ),
    (
        gradle_text._EXPLICIT[0],
        rf"\b(?:(?:val|var|def|String|final|const)\s+)+({_I})\s*(?::\s*String\s*)?=\s*({S})",
        ("finditer",),
        ' =:"\x01x',
    ),
    (
        python_common._BARE,
        r"^[ \t]*([^\n]*?)[ \t]*(?:[ \t]#[^\n]*)?$",
        ("finditer",),
        " \t#a\n",
    ),
    (markdown._NOTE, r"\s+(?:--|-|\u2014|\u2013)\s+|:\s", ("split",), " -:\u2014a"),
]
_WORDS = {
    gradle._RICH: ["strictly", "require"],
    gradle._PLUGIN: ["id", "kotlin", "version", "x.y"],
    gradle_project._APPLY_FROM: ["apply", "from"],
    gradle_text._EXPLICIT[0]: ["val", "final", "String", "x"],
    catalog_licences._SPLITS[0][0]: ["MIT", "or", "OR"],
    catalog_licences._SPLITS[1][0]: ["and", "AND"],
    terraform._REGISTRY_MODULE: ["example.com", "//"],
    ruby_runtime._GEMFILE_RUBY: ["ruby"],
    python_requirements._COMMENT: ["flask"],
}


def _texts(chars: str, words: list[str]) -> st.SearchStrategy[str]:
    pieces = st.sampled_from([*chars, *words])
    return st.lists(pieces, max_size=14).map("".join)


def _answers(pattern: re.Pattern[str], method: str, text: str) -> object:
    if method == "split":
        return pattern.split(text)
    if method == "sub":
        return pattern.sub("<>", text)
    if method == "finditer":
        return [(m.span(), m.groups()) for m in pattern.finditer(text)]
    match = getattr(pattern, method)(text)
    return None if match is None else (match.group(0), match.groups())


@settings(max_examples=1500, deadline=None)
@given(data=st.data())
def test_rewritten_patterns_answer_as_before(data: st.DataObject) -> None:
    new, old_text, methods, chars = data.draw(st.sampled_from(PAIRS))
    old = re.compile(old_text, new.flags)
    text = data.draw(_texts(chars, _WORDS.get(new, [])))
    for method in methods:
        expected = _answers(old, method, text)
        got = _answers(new, method, text)
        if new is python_requirements._COMMENT and expected:
            # the old pattern captured the blanks before "#" as group 1; nothing reads it
            assert isinstance(got, tuple) and isinstance(expected, tuple)
            assert got[0] == expected[0]
        else:
            assert got == expected, (method, text)


_OLD_MAILMAP = re.compile(
    r"^\s*(?P<pname>[^<#]*?)\s*<(?P<pemail>[^>]*)>"
    r"(?:\s*(?P<cname>[^<#]*?)\s*<(?P<cemail>[^>]*)>)?\s*(?:#.*)?$"
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from([*"a <>#@ \t.", "x@y", "Name"]), max_size=16).map("".join))
def test_mailmap_reader_answers_as_the_pattern_it_replaced(line: str) -> None:
    stripped = line.strip()
    match = _OLD_MAILMAP.match(stripped)
    expected = None if match is None else match.group("pname", "pemail", "cname", "cemail")
    assert people._mailmap_fields(stripped) == expected


_OLD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from([*"# a\t", "##", "C#"]), max_size=14).map("".join))
def test_heading_reader_answers_as_the_pattern_it_replaced(line: str) -> None:
    match = _OLD_HEADING.match(line)
    expected = None if match is None else (len(match.group(1)), match.group(2))
    assert markdown._heading(line) == expected


def _cpu(run: Callable[[], object]) -> float:
    start = time.process_time()
    with contextlib.suppress(ManifestError):  # an over-long line is a warning, in time
        run()
    return time.process_time() - start


N = 100_000
CTX = ManifestContext()


def test_issue_9_inputs_are_parsed_in_linear_time() -> None:
    terraform_source = f'module "m" {{\n  source = "{"a" * N}"\n  version = "{"1" * N}"\n}}\n'
    runs = {
        "requirements line": lambda: parse_requirements(
            "requirements.txt", ("flask" + " " * N + "==2.0\n").encode(), CTX
        ),
        "requirements lines": lambda: parse_requirements(
            "requirements.txt", (" " * 1_000 + "\n").encode() * 2_000, CTX
        ),
        "mailmap": lambda: people.parse_mailmap("a" + " " * N + "b\n"),
        "engines.node": lambda: rv.lowest_bound("1" * N),
        "terraform": lambda: parse_terraform("main.tf", terraform_source.encode(), CTX),
        "devcontainer image": lambda: runtimes_dependencies._IMAGE_RELEASE.sub("", "0" * N),
        "markdown heading": lambda: markdown.first_heading("# a" + " " * N + "b"),
    }
    for name, run in runs.items():
        assert _cpu(run) / SLACK < 0.5, name


def test_mailmap_forms_still_read() -> None:
    entries = people.parse_mailmap(
        "Proper Name <commit@x>\n"
        "<proper@x> <commit2@x>\n"
        "Proper <proper@x> Commit <commit3@x> # note\n"
        "Bad # name <x@y>\n"
        "Name <a@x> trailing\n"
    )
    assert [(e.proper_name, e.proper_email, e.commit_name, e.commit_email) for e in entries] == [
        ("Proper Name", None, None, "commit@x"),
        (None, "proper@x", None, "commit2@x"),
        ("Proper", "proper@x", "Commit", "commit3@x"),
    ]
