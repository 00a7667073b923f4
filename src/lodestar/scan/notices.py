"""Third-party notice evidence of one commit: vendored components and the committed notice.

Pure functions over paths and bytes; :mod:`lodestar.scan.pipeline` hands over the blobs it
already streams (nothing is read twice) and the paths it skipped as oversized.

Vendored components
-------------------
A *vendored licence file* is a licence, copying, copyright or NOTICE file
(:func:`vendored_file_kind`) under a vendoring folder (``_vendor``, ``vendor``, ``vendored``,
``third_party``, ``node_modules``, ``extern``… — :data:`VENDOR_DIRS`), outside test fixtures
and examples. The folder holding it is one component (``src/pip/_vendor/certifi``,
``vendor/github.com/pkg/errors``), named by its path below the last vendoring folder
(``certifi``, ``github.com/pkg/errors``); a module licence beside the module
(``_vendor/six.LICENSE``) makes the component ``_vendor/six``. Its version comes from the
vendoring list in the vendoring folder when there is one: pip's ``vendor.txt`` / ``vendored.txt``
(``name==version``, names compared as PEP 503 does) or Go's ``vendor/modules.txt``.

Each licence file's text is matched against the shipped SPDX texts
(:func:`lodestar.scan.licences.match_licence_text`); several licences in one component are
joined with ``AND`` (Lodestar cannot tell a choice from a combination: both texts are owed).
Nothing matched → the licence is *not determined* (None), never guessed; a licence file over
the scan's size cap or binary says so in ``problem``.

**Copyright lines** are the lines of those files that begin (after comment marks) with
``Copyright``, ``(c)`` or ``©`` and carry a year or a holder, minus the template lines of
the licences themselves ("Copyright [yyyy] [name of copyright owner]", the FSF's own line of
the GNU texts); at most :data:`MAX_COPYRIGHTS` per component, each cut at
:data:`MAX_LINE` characters. **NOTICE** files are carried over whole (Apache-2.0 §4(d): "You
must include a readable copy of the attribution notices contained within such NOTICE file"),
up to :data:`MAX_NOTICE` characters. Control, format and bidi characters are stored as
``\\xNN`` escapes: nothing read from a repository reaches a terminal raw.

Committed notice
----------------
The repository's own third-party notice is the first root file, in this order, named
``THIRD-PARTY-NOTICES``, ``THIRD_PARTY_NOTICES``, ``ThirdPartyNotices``, ``THIRD-PARTY-LICENSES``,
``THIRD_PARTY_LICENSES``, ``THIRD-PARTY`` (any case, ``-``/``_``/none between the words,
optionally ``.txt``, ``.md`` or ``.rst``), else ``NOTICE``/``NOTICES`` (same suffixes). Its text
is kept up to :data:`MAX_COMMITTED` characters.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Mapping

from lodestar.catalog.licences import licence_texts
from lodestar.records.notices import CommittedNotice, NoticeEvidence, VendoredComponent
from lodestar.scan.dependencies import is_fixture_path
from lodestar.scan.licences import MAX_TEXT, match_licence_text

__all__ = [
    "MAX_COMMITTED",
    "VENDOR_DIRS",
    "committed_notice_rank",
    "notice_evidence",
    "sanitise",
    "vendored_file_kind",
]

VENDOR_DIRS = frozenset(
    {
        "_vendor", "vendor", "vendors", "vendored", "third_party", "third-party", "thirdparty",
        "3rdparty", "3rd_party", "3rd-party", "extern", "external", "externals",
        "node_modules", "bower_components", "jspm_packages", "pods", "carthage",
    }
)  # fmt: skip
VENDOR_LISTS = ("vendor.txt", "vendored.txt", "modules.txt")
MAX_COPYRIGHTS = 50
MAX_LINE = 300
MAX_NOTICE = 64 << 10
MAX_COMMITTED = 1 << 20
HEADER_TEXT = 8192  # characters of a licence file searched for a standard licence grant

_CODE_EXT = frozenset(
    {"py", "js", "mjs", "ts", "go", "rs", "java", "rb", "php", "c", "h", "cc", "cpp", "json",
     "yml", "yaml", "toml", "xml", "css", "html", "sh", "in", "cfg", "png", "svg", "pdf"}
)  # fmt: skip
_STEM = re.compile(
    r"^(licen[cs]e|copying|unlicen[cs]e|copyright|notice)(?:[-._][a-z0-9._-]{1,40})?$"
)
_MODULE = re.compile(
    r"^([a-z0-9_][a-z0-9_.-]{0,80}?)\.(?:licen[cs]e|copying)(?:\.(?:txt|md|rst))?$"
)
_COMMITTED = (
    re.compile(r"^third[-_]?party(?:[-_]?(?:notices?|licen[cs]es?))?(?:\.(?:txt|md|rst))?$"),
    re.compile(r"^notices?(?:\.(?:txt|md|rst))?$"),
)
_COPYRIGHT = re.compile(
    r"^[\s#*/;!%>|-]*+(?:copyright\b|(?:\(c\)|©)\s*+(?:\d|copyright))", re.IGNORECASE
)
_TEMPLATE = re.compile(
    r"\[yyyy\]|<year>|\[year\]|name of copyright owner|<(?:name of )?(?:author|owner)|"
    r"free software foundation|copyright (?:notice|holders?|owners?|license|and license)\b",
    re.IGNORECASE,
)
_YEAR_OR_HOLDER = re.compile(
    r"\d{4}|(?:\(c\)|©)\s*+\w|copyright\s++(?:by\s++)?[A-Z]", re.IGNORECASE
)
_REQUIREMENT = re.compile(r"^\s*+([A-Za-z0-9][A-Za-z0-9._-]*+)\s*+==\s*+([^\s;#]++)")
_GO_MODULE = re.compile(r"^# (\S++) (v\S++)")
# the standard notices that grant a licence by reference, where a file holds no licence text
_GRANTS = (
    (re.compile(r"licensed under the apache license,?\s++version 2\.0", re.I), "Apache-2.0"),
    (re.compile(r"the mozilla public\s++license,?\s++v(?:ersion)?\.?\s*+2\.0", re.I), "MPL-2.0"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def sanitise(text: str) -> str:
    """``text`` with CRLF as LF and every other control, bidi or format character shown as an
    escape (``\\x1b``): safe to store, print and write."""
    return _CONTROL.sub(_escape, text.replace("\r\n", "\n"))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _vendor_index(parts: list[str]) -> int:
    """Index of the last vendoring folder among a path's folders; -1 when there is none."""
    found = -1
    for index, part in enumerate(parts[:-1]):
        if part.lower() in VENDOR_DIRS:
            found = index
    return found


def vendored_file_kind(path: str) -> str | None:
    """``"licence"``, ``"notice"`` or ``"list"`` (a vendoring list) for a vendored path, or None."""
    parts = path.strip("/").split("/")
    if _vendor_index(parts) < 0 or is_fixture_path(path):
        return None
    name = parts[-1].lower()
    if name in VENDOR_LISTS and parts[-2].lower() in VENDOR_DIRS:
        return "list"
    stem = _STEM.match(name)
    if stem:
        if name.rsplit(".", 1)[-1] in _CODE_EXT and "." in name:
            return None
        return "notice" if stem.group(1) == "notice" else "licence"
    return "licence" if _MODULE.match(name) else None


def committed_notice_rank(path: str) -> int | None:
    """0 for a root third-party notice, 1 for a root NOTICE, None for anything else."""
    if "/" in path.strip("/"):
        return None
    name = path.strip("/").lower()
    return next((rank for rank, pattern in enumerate(_COMMITTED) if pattern.match(name)), None)


def _component_of(path: str) -> tuple[str, str]:
    """(component path, name) for a vendored licence or NOTICE file."""
    folder, name = posixpath.split(path.strip("/"))
    module = _MODULE.match(name.lower())
    if module and not _STEM.match(name.lower()):
        folder = posixpath.join(folder, name[: len(module.group(1))])
    parts = folder.split("/")
    root = _vendor_index([*parts, ""])
    below = "/".join(parts[root + 1 :]) if root >= 0 else ""
    return folder, below or parts[-1]


def _pep503(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _versions(lists: Mapping[str, bytes]) -> dict[tuple[str, str], str]:
    """(vendoring folder, normalised name) → version, from the vendoring lists."""
    out: dict[tuple[str, str], str] = {}
    for path, data in lists.items():
        folder = posixpath.dirname(path)
        for line in data[:MAX_TEXT].decode("utf-8", "replace").splitlines():
            found = _REQUIREMENT.match(line)
            if found:
                out.setdefault((folder, _pep503(found.group(1))), found.group(2))
            elif found := _GO_MODULE.match(line):
                out.setdefault((folder, found.group(1)), found.group(2))
    return out


def _copyrights(text: str) -> list[str]:
    out: list[str] = []
    for line in text[:MAX_TEXT].splitlines():
        if not _COPYRIGHT.match(line) or _TEMPLATE.search(line):
            continue
        if not _YEAR_OR_HOLDER.search(line):
            continue
        clean = " ".join(sanitise(line).split()).lstrip("#*/;!%>|- ")
        clean = clean if len(clean) <= MAX_LINE else clean[: MAX_LINE - 1] + "…"
        if clean not in out:
            out.append(clean)
    return out


def _licences(text: str) -> list[str]:
    """The licences a vendored licence file holds: its full texts, else a standard grant."""
    found = [spdx for spdx, _ in match_licence_text(text)]
    if found:
        return found
    head = text[:HEADER_TEXT]
    return [spdx for pattern, spdx in _GRANTS if pattern.search(head)][:1]


def _template_lines(licences: Collection[str]) -> frozenset[str]:
    """The copyright lines the shipped texts of ``licences`` hold themselves (Python-2.0's
    Stichting Mathematisch Centrum): the licence's, not the component's."""
    texts = licence_texts()
    out: set[str] = set()
    for spdx in licences:
        shipped = texts.get(spdx.removesuffix("-or-later"))
        if shipped is not None:
            out.update(_copyrights(shipped.text))
    return frozenset(out)


class _Builder:
    """One component's files, folded into a :class:`VendoredComponent`."""

    def __init__(self, path: str, name: str) -> None:
        self.path, self.name = path, name
        self.licences: list[str] = []
        self.files: list[str] = []
        self.copyrights: list[str] = []
        self.notice: str | None = None
        self.notice_path: str | None = None
        self.problems: list[str] = []

    def add(self, path: str, kind: str, data: bytes | None) -> None:
        self.files.append(path)
        if data is None:
            self.problems.append(f"{path} is over the scan's size cap and was not read")
            return
        if b"\0" in data[:8192]:
            self.problems.append(f"{path} is binary")
            return
        text = data.decode("utf-8", "replace")
        found = _licences(text) if kind == "licence" else []
        self.licences.extend(s for s in found if s not in self.licences)
        name = path.rsplit("/", 1)[-1].lower()
        if kind == "licence" and not found and not name.startswith("copyright"):
            self.problems.append(f"{path} matches no shipped licence text")
        own = _template_lines(found)
        for line in _copyrights(text):
            if any(t.startswith(line) or line.startswith(t) for t in own):
                continue  # the licence's own line (in full, or cut at the line break)
            if line in self.copyrights or len(self.copyrights) >= MAX_COPYRIGHTS:
                continue
            self.copyrights.append(line)
        if kind == "notice" and self.notice is None:
            body = sanitise(text[:MAX_NOTICE]).strip()
            self.notice, self.notice_path = body or None, path

    def build(self, version: str | None) -> VendoredComponent:
        licence = " AND ".join(self.licences) if self.licences else None
        if licence and len(self.licences) > 1:
            licence = " AND ".join(f"({x})" if " " in x else x for x in self.licences)
        return VendoredComponent(
            path=self.path,
            name=sanitise(self.name),
            version=version,
            licence=licence,
            licence_files=tuple(sorted(self.files)),
            copyrights=tuple(self.copyrights),
            notice=self.notice,
            notice_path=self.notice_path,
            problem="; ".join(self.problems) if licence is None and self.problems else None,
        )


def notice_evidence(
    files: Mapping[str, bytes], skipped: Collection[str] = (), paths: Collection[str] = ()
) -> NoticeEvidence:
    """The notice evidence of one commit.

    ``files``: the vendored licence/NOTICE files, vendoring lists and root notice candidates the
    scan read (path → bytes); ``skipped``: the paths it did not read (over the size cap);
    ``paths``: every path of the tree (for the committed notice when it was skipped).
    """
    builders: dict[str, _Builder] = {}
    lists: dict[str, bytes] = {}
    unread = [p for p in skipped if vendored_file_kind(p) in {"licence", "notice"}]
    for path in sorted([*files, *unread]):
        kind = vendored_file_kind(path)
        if kind == "list":
            lists[path] = files[path]
        elif kind is not None:
            folder, name = _component_of(path)
            builder = builders.setdefault(folder, _Builder(folder, name))
            builder.add(path, kind, files.get(path))
    versions = _versions(lists)
    components = []
    for folder, builder in sorted(builders.items()):
        root = folder
        while root and root.rsplit("/", 1)[-1].lower() not in VENDOR_DIRS:
            root = posixpath.dirname(root)
        version = versions.get((root, builder.name)) or versions.get((root, _pep503(builder.name)))
        components.append(builder.build(version))
    return NoticeEvidence(tuple(components), _committed(files, skipped, paths))


def _committed(
    files: Mapping[str, bytes], skipped: Collection[str], paths: Collection[str]
) -> CommittedNotice | None:
    ranked = sorted(
        (rank, path)
        for path in {*files, *skipped, *paths}
        if (rank := committed_notice_rank(path)) is not None
    )
    if not ranked:
        return None
    path = ranked[0][1]
    data = files.get(path)
    if data is None:
        return CommittedNotice(path, "", truncated=True)
    text = sanitise(data[:MAX_COMMITTED].decode("utf-8", "replace"))
    return CommittedNotice(path, text, truncated=len(data) > MAX_COMMITTED)
