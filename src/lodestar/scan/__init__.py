"""The scanner: pure functions from a repository's tree or history to records.

A scan reads committed content only (never the working tree) and never runs anything it reads.
:func:`scan_repository` lists a commit's tree once, streams each blob once and returns a
:class:`~lodestar.records.RepoScan`: files with their languages and line counts, the licence,
dependencies, runtimes and technologies. Each ecosystem family (npm, Python, Maven …) lives in
its own package under :mod:`lodestar.scan.ecosystems` and owns everything its files say.
:func:`snapshot_at` does the same, cheaply, for a past month; :func:`parse_log` and
:func:`parse_tags` read a history streamed from git; :func:`resolve_people` merges the
identities found in it; :func:`expand_sources` resolves configured sources to directories. (The
function ``discover`` is reached as ``lodestar.scan.discover.discover``: its module has its name.)

The names below are imported on first use (PEP 562), so that importing one submodule, such as
``lodestar.scan.loc`` for ``lodestar loc``, does not load the whole scanner. Inside the package
modules import each other's submodules directly; other layers import from here.
"""

from __future__ import annotations

import typing

from lodestar import faces

if typing.TYPE_CHECKING:
    from lodestar.scan.classify import classify_kind
    from lodestar.scan.discover import expand_sources
    from lodestar.scan.history import parse_log, parse_tags, tags_to_peel
    from lodestar.scan.languages import detect_language
    from lodestar.scan.loc import count_repository
    from lodestar.scan.people import DEFAULT_BOT_PATTERNS, PersonAlias, PersonSplit
    from lodestar.scan.people_file import load_people_file, people_patch
    from lodestar.scan.people_merge import resolve_people
    from lodestar.scan.pipeline import DEFAULT_MAX_FILE_SIZE, SCANNER_VERSION, scan_repository
    from lodestar.scan.snapshots import SnapshotCache, snapshot_at

__all__ = [
    "DEFAULT_BOT_PATTERNS",
    "DEFAULT_MAX_FILE_SIZE",
    "SCANNER_VERSION",
    "PersonAlias",
    "PersonSplit",
    "SnapshotCache",
    "classify_kind",
    "count_repository",
    "detect_language",
    "expand_sources",
    "load_people_file",
    "parse_log",
    "parse_tags",
    "people_patch",
    "resolve_people",
    "scan_repository",
    "snapshot_at",
    "tags_to_peel",
]

# name -> the submodule that defines it
_HOME = {
    "DEFAULT_BOT_PATTERNS": "people",
    "DEFAULT_MAX_FILE_SIZE": "pipeline",
    "SCANNER_VERSION": "pipeline",
    "PersonAlias": "people",
    "PersonSplit": "people",
    "SnapshotCache": "snapshots",
    "classify_kind": "classify",
    "count_repository": "loc",
    "detect_language": "languages",
    "expand_sources": "discover",
    "load_people_file": "people_file",
    "parse_log": "history",
    "parse_tags": "history",
    "people_patch": "people_file",
    "resolve_people": "people_merge",
    "scan_repository": "pipeline",
    "snapshot_at": "snapshots",
    "tags_to_peel": "history",
}


__getattr__, __dir__ = faces.lazy_face(__name__, _HOME)
