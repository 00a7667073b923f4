"""Hand-built ``RepoHistory`` values for the analysis tests (no git needed).

``Log.commit(who, day, "a.py", "old.py->new.py", ...)`` appends a commit on day ``day`` (days
after 2025-01-06, 10:00 UTC, plus ``hour``); a change is ``path``, ``old->new`` (a rename) or a
``(path, added, removed)`` tuple. Commits are linear unless ``parents`` is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from lodestar.records import Commit, FileChange, FileKind, FileStat, Identity, RepoHistory, Tag

T0 = datetime(2025, 1, 6, 10, 0, tzinfo=UTC)
BOT = "bot@example.com"

Change = str | tuple[str, int | None, int | None]


def when(day: float, hour: float = 0) -> datetime:
    return T0 + timedelta(days=day, hours=hour)


def _change(spec: Change) -> FileChange:
    if isinstance(spec, tuple):
        path, added, removed = spec
        return FileChange(path, added, removed)
    if "->" in spec:
        old, new = spec.split("->")
        return FileChange(new, 0, 0, old_path=old)
    return FileChange(spec, 3, 1)


class Log:
    def __init__(self, repository: str = "repo") -> None:
        self.repository = repository
        self.commits: list[Commit] = []
        self.tags: list[Tag] = []
        self.people: dict[str, Identity] = {BOT: Identity(BOT, "dependabot[bot]", (BOT,), bot=True)}

    def person(self, key: str) -> str:
        if key not in self.people:
            name = key.split("@", maxsplit=1)[0].title()
            self.people[key] = Identity(key, name, (key,))
        return key

    def commit(
        self,
        who: str,
        day: float,
        *changes: Change,
        subject: str = "change",
        hour: float = 0,
        parents: Sequence[str] | None = None,
    ) -> str:
        self.person(who)
        sha = f"{len(self.commits) + 1:040x}"
        if parents is None:
            parents = (self.commits[-1].sha,) if self.commits else ()
        moment = when(day, hour)
        self.commits.append(
            Commit(
                sha=sha,
                parents=tuple(parents),
                author_name=self.people[who].name,
                author_email=who,
                authored_at=moment,
                committer_email=who,
                committed_at=moment,
                subject=subject,
                changes=tuple(_change(c) for c in changes) if len(parents) <= 1 else (),
            )
        )
        return sha

    def tag(self, name: str, sha: str, day: float, hour: float = 0) -> None:
        self.tags.append(Tag(name, sha, when(day, hour)))

    def history(self) -> RepoHistory:
        return RepoHistory(self.repository, tuple(self.commits), tuple(self.tags), self.people)


def stat(
    path: str, code: int = 100, *, kind: FileKind = FileKind.OWN, language: str | None = "Python"
) -> FileStat:
    return FileStat(path, language, kind, size=code * 30, code=code)
