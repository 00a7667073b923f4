"""Commits and tags git would refuse to make, written with ``git hash-object --literally``.

Real repositories hold objects that ``git commit`` and ``git tag`` never write (psf/requests has
a commit with the time zone ``+51800``; git/git has a tag of a tag of a tag and a tag without a
tagger line). These helpers write such objects byte for byte into a test repository, with a
scrubbed git environment, so the tests see what git itself reads from them.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "LC_ALL": "C",
}


def git(repo: Path, *args: str, stdin: bytes | None = None) -> str:
    """Run git on ``repo`` (a working tree's folder); its standard output, stripped."""
    out = subprocess.run(
        ["git", "-C", str(repo), "-c", "core.hooksPath=/dev/null", *args],
        input=stdin,
        capture_output=True,
        env=_ENV,
        check=True,
    )
    return out.stdout.decode("ascii", "replace").strip()


def init(repo: Path) -> None:
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "--initial-branch=main")


def tree(repo: Path, files: dict[str, str]) -> str:
    """A flat tree holding ``files`` (name → content)."""
    entries = []
    for name, content in sorted(files.items()):
        oid = git(repo, "hash-object", "-w", "--stdin", stdin=content.encode())
        entries.append(f"100644 blob {oid}\t{name}\n")
    return git(repo, "mktree", stdin="".join(entries).encode())


def commit(
    repo: Path,
    files: dict[str, str],
    parents: list[str],
    *,
    author: str,
    committer: str,
    message: str,
) -> str:
    """A commit object whose ``author`` and ``committer`` lines are exactly as given."""
    lines = [f"tree {tree(repo, files)}", *(f"parent {p}" for p in parents)]
    body = "\n".join([*lines, f"author {author}", f"committer {committer}", "", message, ""])
    return literally(repo, "commit", body)


def tag(repo: Path, target: str, kind: str, name: str, tagger: str | None) -> str:
    """An annotated tag object of ``target`` (a ``kind`` object); no tagger line when None."""
    lines = [f"object {target}", f"type {kind}", f"tag {name}"]
    if tagger is not None:
        lines.append(f"tagger {tagger}")
    return literally(repo, "tag", "\n".join([*lines, "", f"Release {name}", ""]))


def literally(repo: Path, kind: str, body: str) -> str:
    return git(repo, "hash-object", "-t", kind, "--literally", "-w", "--stdin", stdin=body.encode())


def update_ref(repo: Path, ref: str, oid: str) -> None:
    git(repo, "update-ref", ref, oid)


T1 = datetime(2025, 1, 10, 10, tzinfo=UTC)
T2 = datetime(2025, 2, 10, 10, tzinfo=UTC)
T3 = datetime(2025, 2, 20, 10, tzinfo=UTC)
T4 = datetime(2025, 3, 10, 10, tzinfo=UTC)
T5 = datetime(2025, 4, 10, 10, tzinfo=UTC)
ALICE = "Alice Example <alice@example.com>"
BOB = "Bob Example <bob@example.com>"
CAROL = "Carol Example <carol@example.com>"
DAVE = "Dave Example <dave@example.com>"
HOUR = timedelta(hours=1)


def at(moment: datetime, offset: str = "+0000") -> str:
    return f"{int(moment.timestamp())} {offset}"


def odd_history(repo: Path, *, odd: bool = True) -> dict[str, str]:
    """Five commits on main; returns their ids by name.

    When ``odd``: c2's offset is +51800, c3 has no dates at all, c4's author date has 30 digits.
    Otherwise they are ordinary, at the same moments (c3 on T3).
    """
    init(repo)
    files = {"a.py": "1\n2\n3\n"}
    ids: dict[str, str] = {}
    ids["c1"] = commit(
        repo, files, [], author=f"{ALICE} {at(T1)}", committer=f"{ALICE} {at(T1)}", message="one"
    )
    files |= {"b.py": "b\nb\n"}
    bad = at(T2, "+51800" if odd else "+0100")  # psf/requests 5e6ecda
    ids["c2"] = commit(
        repo, files, [ids["c1"]], author=f"{BOB} {bad}", committer=f"{BOB} {bad}", message="two"
    )
    files |= {"c.py": "c\n"}
    carol = CAROL if odd else f"{CAROL} {at(T3)}"
    ids["c3"] = commit(repo, files, [ids["c2"]], author=carol, committer=carol, message="3")
    files |= {"d.py": "d\n"}
    ids["c4"] = commit(
        repo,
        files,
        [ids["c3"]],
        author=f"{DAVE} {'9' * 30 if odd else int(T4.timestamp())} +0000",
        committer=f"{ALICE} {at(T4, '+0100')}",
        message="four",
    )
    files |= {"a.py": "1\n2\n4\n"}
    ids["c5"] = commit(
        repo,
        files,
        [ids["c4"]],
        author=f"{ALICE} {at(T5)}",
        committer=f"{ALICE} {at(T5)}",
        message="5",
    )
    update_ref(repo, "refs/heads/main", ids["c5"])
    return ids
