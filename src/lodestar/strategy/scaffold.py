"""What ``lodestar init`` writes beside ``lodestar.toml``: a commented radar configuration, a
``_template.md`` in each folder of Markdown records, an example policy and an example
``people.toml`` (both commented out: they change nothing), and a git repository.

:func:`scaffold_workspace` never overwrites a file: what exists is kept and said so
(:class:`Scaffold`). The templates validate once renamed to real records (files whose name
starts with ``_`` are skipped by the readers: :mod:`lodestar.strategy.loader`); the example
texts live in ``lodestar/strategy/templates/``. A workspace is a git repository because the
radar's ring history is read from its git history (:mod:`lodestar.strategy.history`);
without git, init still succeeds and says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from lodestar.errors import GitError
from lodestar.gitio import init_repository
from lodestar.settings import CONFIG_NAME, DEFAULT_DATABASE, init_workspace

# (path in the workspace, file in lodestar/strategy/templates/)
SCAFFOLD: tuple[tuple[str, str], ...] = (
    ("radar/config.yaml", "radar-config.yaml"),
    ("radar/_template.md", "radar-entry.md"),
    ("decisions/_template.md", "decision.md"),
    ("campaigns/_template.md", "campaign.md"),
    ("initiatives/_template.md", "initiative.md"),
    ("ip/disclosures/_template.md", "disclosure.md"),
    ("policies/example.yaml", "policy.yaml"),
    ("people.toml", "people.toml"),
)
GITIGNORE = ".gitignore"


@dataclass(frozen=True, slots=True)
class Scaffold:
    """What init wrote and kept: paths relative to the workspace; ``git`` says what became of
    the git repository, ``warning`` why it could not be made (None: fine)."""

    written: tuple[str, ...]
    kept: tuple[str, ...]
    git: str
    warning: str | None = None


def template_text(name: str) -> str:
    """The text of one of ``lodestar/strategy/templates/``."""
    return (files("lodestar.strategy") / "templates" / name).read_text("utf-8")


def create_workspace(
    root: Path,
    *,
    name: str,
    sources: list[str],
    database: str = DEFAULT_DATABASE,
    git: bool = True,
) -> Scaffold:
    """``lodestar init``: a new workspace at ``root`` (lodestar.toml, the strategy folders, a
    ``.gitignore`` for the store) with its examples (:func:`scaffold_workspace`); on an existing
    workspace, only the missing files are written and the others kept (``name``, ``sources``
    and ``database`` then change nothing: edit lodestar.toml)."""
    kept = [rel for rel in (CONFIG_NAME, GITIGNORE) if (root / rel).exists()]
    if CONFIG_NAME not in kept:
        init_workspace(root, name=name, sources=sources, database=database)
    elif GITIGNORE not in kept:
        (root / GITIGNORE).write_text(".lodestar/\n", "utf-8")
    written = [rel for rel in (CONFIG_NAME, GITIGNORE) if rel not in kept]
    more = scaffold_workspace(root, git=git)
    return Scaffold((*written, *more.written), (*kept, *more.kept), more.git, more.warning)


def scaffold_workspace(root: Path, *, git: bool = True) -> Scaffold:
    """Write the example files missing from the workspace at ``root`` (keeping every file that
    exists) and, with ``git``, make it a git repository unless it is one already."""
    written: list[str] = []
    kept: list[str] = []
    for rel, name in SCAFFOLD:
        path = root / rel
        if path.exists() or path.is_symlink():
            kept.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template_text(name), "utf-8")
        written.append(rel)
    state, warning = _git(root, git)
    return Scaffold(tuple(written), tuple(kept), state, warning)


def _git(root: Path, wanted: bool) -> tuple[str, str | None]:
    if not wanted:
        return "not made (--no-git)", None
    root = root.absolute()
    holder = next((f for f in (root, *root.parents) if (f / ".git").exists()), None)
    if holder == root:
        return "kept (already a git repository)", None
    if holder is not None:
        return f"kept (inside the git repository at {holder})", None
    try:
        init_repository(root)
    except GitError as exc:
        return "not made", (
            f"{exc}; the radar's ring history is read from git: run 'git init' in {root} "
            "once git is there"
        )
    return "made (git init: commit your edits, ring moves are read from the commits)", None
