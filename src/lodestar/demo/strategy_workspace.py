"""The demo workspace's strategy: Northwind Labs' radar, decisions, policies, campaigns and more.

The files ship in ``lodestar/demo/workspace/`` as they stand today. :func:`build_demo_workspace`
writes them into the demo workspace and makes the workspace a git repository whose history
holds three radar editions (tagged ``2025-07``, ``2026-02`` and ``2026-10``), so that radar
movement can be read from git like in a real workspace: some entries are new in later editions,
some moved in or out (:data:`EARLIER_RINGS`). Dates are fixed, so the history is identical on
every run.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from lodestar.demo.cast import AMARA
from lodestar.demo.factory import Commit, build_repository

__all__ = ["EARLIER_RINGS", "EDITIONS", "build_demo_workspace", "strategy_files"]


@dataclass(frozen=True, slots=True)
class _Edition:
    tag: str
    when: datetime
    message: str


EDITIONS = (
    _Edition(
        "2025-07",
        datetime(2025, 7, 1, 9, 30, tzinfo=UTC),
        "Radar 2025-07: first edition, policies and the first decisions",
    ),
    _Edition(
        "2026-02",
        datetime(2026, 2, 2, 10, 0, tzinfo=UTC),
        "Radar 2026-02: Python 3.12 baseline, Kotlin and Java moves, retire legacy-billing",
    ),
    _Edition(
        "2026-10",
        datetime(2026, 10, 5, 14, 15, tzinfo=UTC),
        "Radar 2026-10: uv and OpenTelemetry assessed, retire GitLab CI campaign",
    ),
)

# Ring of an entry in the first two editions (None: not on the radar yet). Entries not listed
# have their current ring in every edition.
EARLIER_RINGS: dict[str, tuple[str | None, str | None]] = {
    "python": ("Trial", "Adopt"),
    "python-before-3-12": (None, "Hold"),
    "kotlin": ("Trial", "Adopt"),
    "java": ("Adopt", "Hold"),
    "kafka": ("Assess", "Trial"),
    "zookeeper": ("Trial", "Hold"),
    "ktor": ("Assess", "Trial"),
    "flask": ("Trial", "Hold"),
    "spring-boot-2": (None, "Hold"),
    "moment": ("Adopt", "Hold"),
    "date-fns": ("Assess", "Adopt"),
    "svelte": (None, "Assess"),
    "aws-lambda": (None, "Assess"),
    "grafana": ("Assess", "Trial"),
    "dependabot": ("Adopt", "Trial"),
    "renovate": ("Trial", "Adopt"),
    "sbom-per-release": (None, "Assess"),
    "uv": (None, None),
    "opentelemetry": (None, None),
    "opentofu": (None, None),
    "k6": (None, None),
    "campaigns-for-eol": (None, None),
}

# First edition (index into EDITIONS) of files that are not radar entries or dated decisions.
_FIRST_EDITION = {
    "campaigns/python-3-12-baseline.md": 1,
    "campaigns/retire-gitlab-ci.md": 2,
    "campaigns/jvm-logging-on-log4j2.md": 2,
    "initiatives/platform-modernisation.md": 1,
    "initiatives/developer-experience.md": 2,
    "policies/ip.yaml": 2,  # with the IP register
}
_RING = re.compile(r"^ring: .*$", re.MULTILINE)
_DECISION_DATE = re.compile(r"^decisions/ADR-(\d{4})(\d{2})(\d{2})-")


def strategy_files() -> dict[str, str]:
    """The shipped workspace files as they stand today (relative path → text).

    Strategy files, ``people.toml`` (names and teams) and ``advisories/`` (OSV records that
    ``lodestar demo`` imports as ``vulns update --from`` would).
    """
    base = resources.files("lodestar.demo") / "workspace"
    files: dict[str, str] = {}

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, rel + "/")
            elif child.name.endswith((".md", ".yaml", ".toml")) or rel.startswith("advisories/"):
                files[rel] = child.read_text("utf-8")

    walk(base, "")
    return files


def _first_edition(rel: str) -> int:
    if rel.startswith("ip/"):  # the IP register came with the 2026-10 edition
        return 2
    if rel.startswith("radar/") and rel.endswith(".md"):
        rings = EARLIER_RINGS.get(Path(rel).stem)
        if rings is None:
            return 0
        return next((i for i, ring in enumerate(rings) if ring is not None), len(rings))
    if match := _DECISION_DATE.match(rel):
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return next(i for i, e in enumerate(EDITIONS) if e.when.date() >= day or i == 2)
    return _FIRST_EDITION.get(rel, 0)


def _at(rel: str, text: str, index: int) -> str:
    rings = EARLIER_RINGS.get(Path(rel).stem) if rel.startswith("radar/") else None
    if rings is None or index >= len(rings):
        return text
    ring = rings[index]
    return _RING.sub(f"ring: {ring}", text, count=1) if ring else text


def _history(files: dict[str, str], base: dict[str, str]) -> list[Commit]:
    commits = []
    for index, edition in enumerate(EDITIONS):
        snapshot: dict[str, str | bytes | None] = dict(base)
        for rel, text in files.items():
            if _first_edition(rel) <= index:
                snapshot[rel] = _at(rel, text, index)
        commits.append(
            Commit(
                author=AMARA.author,
                when=edition.when,
                message=edition.message,
                files=snapshot,
                tag=edition.tag,
                tag_message=f"Radar {edition.tag}",
            )
        )
    return commits


def build_demo_workspace(root: Path) -> str:
    """Write the strategy files into the workspace at ``root`` and give it a git history.

    ``root`` must hold a new workspace (``lodestar.toml``) and no ``.git``. Returns the commit
    of the last edition.
    """
    if (root / ".git").exists():
        raise ValueError(f"{root} is already a git repository")
    files = strategy_files()
    base = {
        "lodestar.toml": (root / "lodestar.toml").read_text("utf-8"),
        ".gitignore": ".lodestar/\nrepos/\n",
    }
    with tempfile.TemporaryDirectory(prefix="lodestar-demo-ws-") as scratch:
        built = Path(scratch) / "ws"
        head = build_repository(built, _history(files, base))
        shutil.move(str(built / ".git"), str(root / ".git"))
    for rel, text in {**base, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    for keep in root.glob("*/.gitkeep"):
        if any(p.name != ".gitkeep" for p in keep.parent.iterdir()):
            keep.unlink()
    return head
