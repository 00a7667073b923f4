"""Ruby gems: ``Gemfile.lock`` (and ``gems.locked``), Bundler's resolved set.

Sections start in column 0. In ``GEM``, ``GIT`` and ``PATH`` sections the ``specs:`` entries
indented by four spaces, ``name (version)``, are the resolved gems; the six-space lines under
them are that gem's own requirements, ``name (range)``: they become its ``depends_on``, the
locked gems of that name (of the same platform when the lock has that gem for it, else the
platform-less one, else every platform's). A version with a platform,
``nokogiri (1.15.4-x86_64-linux)``, is version ``1.15.4`` with a ``platform`` qualifier (Bundler
splits at the first ``-`` too); one gem may be locked for several platforms, each reported.

* ``GEM`` with a ``remote:`` other than rubygems.org → ``repository_url`` qualifier;
* ``GIT`` → ``vcs_url=git+<remote>@<revision>``;
* ``PATH`` (a gem in this repository or next to it) and ``PLUGIN SOURCE`` → not reported.

``DEPENDENCIES`` lists what the Gemfile declares: those gems are ``direct=True`` and carry the
requirement written there (``rails (~> 7.1)``) as their constraint; the rest are transitive.
``PLATFORMS``, ``RUBY VERSION``, ``BUNDLED WITH`` and ``CHECKSUMS`` declare no package. The lock
does not keep Gemfile groups: every scope is runtime (the merge step takes the Gemfile's).
"""

from __future__ import annotations

import re

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import checked_purl, vcs_url
from lodestar.scan.ecosystems.edges import Budget, edges, forget
from lodestar.scan.ecosystems.registry import ManifestContext
from lodestar.scan.ecosystems.ruby.gemfile import decode, is_rubygems

ECOSYSTEM = "gem"
# Bundler's lockfile NAME_VERSION: name, then "(version[-platform])", then "!" for a pinned source.
_ENTRY = re.compile(r"([^\s(!]+)(?: \(([^-)]*)(?:-([^)]*))?\))?(!)?")
_SOURCES = frozenset({"GEM", "GIT", "PATH", "PLUGIN SOURCE"})


class _Lock:
    def __init__(self, path: str) -> None:
        self.path = path
        self.specs: dict[tuple[str, str, str | None], tuple[dict[str, str], int]] = {}
        self.requires: dict[tuple[str, str, str | None], list[str]] = {}  # spec → gem names
        self.current: tuple[str, str, str | None] | None = None  # the spec being read
        self.direct: dict[str, str | None] = {}  # name → requirement written in DEPENDENCIES
        self.section = ""
        self.remotes: list[str] = []
        self.revision: str | None = None

    def start(self, section: str) -> None:
        self.section, self.remotes, self.revision = section, [], None
        self.current = None

    def source_line(self, line: str, lineno: int) -> None:
        stripped = line.strip()
        if line.startswith("    ") and not line.startswith("      "):
            self.spec(stripped, lineno)
        elif line.startswith("      ") and not line.startswith("       "):
            match = _ENTRY.fullmatch(stripped)
            if match is not None and self.current is not None:
                self.requires.setdefault(self.current, []).append(match.group(1))
        elif line.startswith("  remote: "):
            self.remotes.append(stripped.removeprefix("remote: ").strip())
        elif line.startswith("  revision: "):
            self.revision = stripped.removeprefix("revision: ").strip()

    def spec(self, entry: str, lineno: int) -> None:
        match = _ENTRY.fullmatch(entry)
        if match is None or match.group(2) is None:
            raise ManifestError("expected 'name (version)' in specs", path=self.path, line=lineno)
        self.current = None
        if self.section in {"PATH", "PLUGIN SOURCE"}:
            return
        name, version, platform = match.group(1), match.group(2), match.group(3)
        self.current = (name, version, platform)
        qualifiers: dict[str, str] = {}
        if platform:
            qualifiers["platform"] = platform
        if self.section == "GIT" and self.remotes:
            qualifiers["vcs_url"] = vcs_url(
                self.remotes[0], self.revision, scp_as_ssh=True, scrub=False
            )
        elif len(self.remotes) == 1 and not is_rubygems(self.remotes[0]):
            qualifiers["repository_url"] = self.remotes[0]
        self.specs.setdefault((name, version, platform), (qualifiers, lineno))

    def dependency_line(self, line: str, lineno: int) -> None:
        if not line.startswith("  ") or line.startswith("   "):
            return
        entry = line.strip()
        match = _ENTRY.fullmatch(entry)
        if match is None:
            raise ManifestError("expected 'name (requirement)'", path=self.path, line=lineno)
        requirement = entry[len(match.group(1)) :].strip().removesuffix("!").strip()
        self.direct[match.group(1)] = requirement[1:-1] if requirement else None


def parse_gemfile_lock(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Every gem a Gemfile.lock resolves (see the module docstring)."""
    lock = _Lock(path)
    for lineno, line in enumerate(decode(path, data).splitlines(), 1):
        if not line.strip():
            continue
        if not line[0].isspace():
            lock.start(line.strip())
        elif lock.section in _SOURCES:
            lock.source_line(line, lineno)
        elif lock.section == "DEPENDENCIES":
            lock.dependency_line(line, lineno)
    purls = {
        spec: checked_purl(ECOSYSTEM, path, spec[0], spec[1], qualifiers, line=lineno)
        for spec, (qualifiers, lineno) in lock.specs.items()
    }
    picker = _Picker(purls)
    out: list[Dependency] = []
    for spec, (_qualifiers, lineno) in lock.specs.items():
        name, version, platform = spec
        direct = name in lock.direct
        requires = (picker.pick(required, platform) for required in lock.requires.get(spec, []))
        out.append(
            Dependency(
                purl=purls[spec],
                ecosystem=ECOSYSTEM,
                name=name,
                version=version,
                constraint=lock.direct.get(name),
                scope=Scope.RUNTIME,
                direct=direct,
                manifest=path,
                line=lineno,
                depends_on=edges(purl for targets in requires for purl in targets),
            )
        )
    return forget(out, picker.budget)


class _Picker:
    """The locked specs of one gem a spec of a platform uses (see the module docstring)."""

    def __init__(self, purls: dict[tuple[str, str, str | None], str]) -> None:
        self.budget = Budget()
        self.by_platform: dict[tuple[str, str | None], list[str]] = {}
        self.by_name: dict[str, list[str]] = {}
        for (name, _version, platform), purl in purls.items():
            self.by_platform.setdefault((name, platform), []).append(purl)
            self.by_name.setdefault(name, []).append(purl)

    def pick(self, name: str, platform: str | None) -> list[str]:
        found = (
            self.by_platform.get((name, platform))
            or self.by_platform.get((name, None))
            or self.by_name.get(name, [])
        )
        return found if self.budget.spend(1 + len(found)) else []
