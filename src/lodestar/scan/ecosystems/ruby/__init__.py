"""Ruby gems: Gemfile, gemspecs and ``Gemfile.lock``."""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser(
        "ruby-gemfile", "gem", ("Gemfile", "gems.rb"), deferred(__name__, "gemfile.parse_gemfile")
    ),
    ManifestParser(
        "ruby-gemspec", "gem", ("*.gemspec",), deferred(__name__, "gemspec.parse_gemspec")
    ),
    ManifestParser(
        "ruby-gemfile-lock",
        "gem",
        ("Gemfile.lock", "gems.locked"),
        deferred(__name__, "lock.parse_gemfile_lock"),
        lock=True,
    ),
)

# metadata files whose package's own licence the family reads
LICENCE_FILES = (("*.gemspec", deferred(__name__, "gemspec.declared_licence_of")),)

# files whose declared runtime versions the family reads (lodestar.scan.runtimes)
RUNTIME_FILES = (
    (".ruby-version", deferred(__name__, "runtime.read_ruby_version")),
    ("Gemfile", deferred(__name__, "runtime.read_gemfile")),
    ("gems.rb", deferred(__name__, "runtime.read_gemfile")),
    ("*.gemspec", deferred(__name__, "runtime.read_gemspec")),
)
