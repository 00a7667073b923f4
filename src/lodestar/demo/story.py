"""Write a repository's history as a story: events on a calendar, played in time order.

A :class:`Story` holds the repository's current files, a seeded random generator and a queue of
dated events. Planted events (a release, a migration, a merge) are scheduled at fixed moments;
routine work is spread over a period by :meth:`Story.spread`. :meth:`Story.play` runs the events
in time order, each of which commits through :meth:`Story.commit`, and returns the commits for
:func:`lodestar.demo.factory.build_repository`.

Growing code is modelled by :class:`lodestar.demo.units.Module`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from lodestar.demo.cast import GITHUB, Person
from lodestar.demo.content.chores import bump_message, changelog
from lodestar.demo.factory import Author, Commit
from lodestar.demo.units import Module, Unit, title

__all__ = ["Blueprint", "Deps", "Files", "Story"]

Files = Mapping[str, str | bytes | None]


@dataclass(slots=True)
class Deps:
    """A repository's direct dependencies and the versions they will be upgraded to, in order."""

    current: dict[str, str]
    upgrades: dict[str, list[str]]
    render: Callable[[Mapping[str, str]], dict[str, str]]

    def files(self) -> dict[str, str]:
        return self.render(self.current)


def _bind(action: Callable[[Person, datetime], None], who: Person) -> Callable[[datetime], None]:
    def run(when: datetime) -> None:
        action(who, when)

    return run


def _bump(story: Story, bot: Person, deps: Deps) -> Callable[[datetime], None]:
    def run(when: datetime) -> None:
        story.bump(bot, when, deps)

    return run


class Story:
    """One repository's history in the making."""

    def __init__(self, name: str, *, conventional: bool = False) -> None:
        self.name = name
        self.rng = random.Random(f"northwind-labs/{name}")  # noqa: S311  reproducible, not secret
        self.conventional = conventional
        self.tree: dict[str, str | bytes] = {}
        self.executables: set[str] = set()
        self.commits: list[Commit] = []
        self.unreleased: list[tuple[str, str]] = []
        self.released: list[tuple[str, date, list[tuple[str, str]]]] = []
        self._events: list[tuple[datetime, int, Callable[[datetime], None]]] = []

    # Calendar -------------------------------------------------------------------------------

    def at(self, when: datetime, action: Callable[[datetime], None]) -> None:
        """Schedule ``action(when)``; events run in time order, ties in scheduling order."""
        self._events.append((when, len(self._events), action))

    def spread(
        self,
        start: date,
        end: date,
        count: int,
        cast: Sequence[tuple[Person, int]],
        action: Callable[[Person, datetime], None],
    ) -> None:
        """Schedule ``count`` routine events on working days between ``start`` and ``end``."""
        days = [
            start + timedelta(days=i)
            for i in range((end - start).days + 1)
            if (start + timedelta(days=i)).weekday() < 5
        ]
        people = [p for p, _ in cast]
        weights = [w for _, w in cast]
        for _ in range(count):
            who = self.rng.choices(people, weights)[0]
            day = self.rng.choice(days)
            clock = time(self.rng.randint(9, 18), self.rng.randint(0, 59), tzinfo=who.tz)
            self.at(datetime.combine(day, clock), _bind(action, who))

    def plan(
        self,
        who: Person,
        when: datetime | tuple[int, ...],
        message: str,
        files: Files | None = None,
        *,
        compute: Callable[[], Files] | None = None,
        branch: str = "main",
        merge: str | None = None,
        symlinks: Mapping[str, str] | None = None,
        executable: Sequence[str] = (),
    ) -> None:
        """Schedule one commit at ``when`` (or ``who.local(*when)``).

        ``compute``, when given, is called at that moment and its changes are committed too.
        """
        moment = when if isinstance(when, datetime) else who.local(*when)

        def run(at: datetime) -> None:
            changes = {**(files or {}), **(compute() if compute else {})}
            self.commit(
                who,
                at,
                message,
                changes,
                branch=branch,
                merge=merge,
                symlinks=symlinks,
                executable=executable,
            )

        self.at(moment, run)

    def routine(
        self, code: Module, docs: Module | None = None, *, scope: str = "api"
    ) -> Callable[[Person, datetime], None]:
        """Everyday work: mostly features and fixes in ``code``, sometimes ``docs``."""

        def work(who: Person, when: datetime) -> None:
            roll = self.rng.random()
            if roll < 0.55 and self.feature(who, when, code, scope):
                return
            if (roll < 0.8 or docs is None) and self.fix(who, when, code, scope):
                return
            if docs is not None and not self.feature(who, when, docs, "docs"):
                self.fix(who, when, docs, "docs")

        return work

    def bumps(self, bot: Person, deps: Deps, days: Sequence[date]) -> None:
        """Schedule one dependency bump by ``bot`` early in the morning of each day."""
        for i, day in enumerate(days):
            when = datetime.combine(day, time(5, 10 + i % 40, tzinfo=bot.tz))
            self.at(when, _bump(self, bot, deps))

    def upgrade(self, who: Person, when: tuple[int, ...], deps: Deps, package: str) -> None:
        """Schedule a person (not a bot) upgrading ``package`` to its next version."""

        def run(at: datetime) -> None:
            self.bump(who, at, deps, package)

        self.at(who.local(*when), run)

    def releases(
        self,
        schedule: Sequence[tuple[str, Person, tuple[int, ...]]],
        files: Callable[[str], Files] | None = None,
        *,
        annotated: bool = True,
        prefix: str = "v",
    ) -> None:
        """Schedule releases ``(version, who, local time)``; ``files(version)`` adds changes."""
        for version, who, when in schedule:
            self.at(who.local(*when), self._releaser(who, version, files, annotated, prefix))

    def _releaser(
        self,
        who: Person,
        version: str,
        files: Callable[[str], Files] | None,
        annotated: bool,
        prefix: str,
    ) -> Callable[[datetime], None]:
        def run(when: datetime) -> None:
            extra = files(version) if files else None
            self.release(who, when, version, extra, annotated=annotated, prefix=prefix)

        return run

    def play(self) -> list[Commit]:
        for when, _, action in sorted(self._events, key=lambda e: (e[0], e[1])):
            action(when)
        self._events.clear()
        return self.commits

    # Committing -----------------------------------------------------------------------------

    def commit(
        self,
        who: Person,
        when: datetime,
        message: str,
        files: Files | None = None,
        *,
        renames: Mapping[str, str] | None = None,
        executable: Sequence[str] = (),
        symlinks: Mapping[str, str] | None = None,
        branch: str = "main",
        merge: str | None = None,
        tag: str | None = None,
        lightweight_tag: str | None = None,
        tag_message: str | None = None,
        committer: Author | None = None,
    ) -> None:
        files = dict(files or {})
        for old, new in (renames or {}).items():
            for path in [p for p in self.tree if p == old or p.startswith(old + "/")]:
                self.tree[new + path[len(old) :]] = self.tree.pop(path)
                if path in self.executables:
                    self.executables.discard(path)
                    self.executables.add(new + path[len(old) :])
        self.executables.update(executable)
        for path, content in files.items():
            if content is None:
                self.tree.pop(path, None)
            else:
                self.tree[path] = content
        written = {p for p, c in files.items() if c is not None}
        if committer is None and who.bot:
            committer = GITHUB
        self.commits.append(
            Commit(
                author=who.author,
                when=when.astimezone(who.tz),
                message=message,
                files=files,
                renames=dict(renames or {}),
                committer=committer,
                branch=branch,
                merge=merge,
                tag=tag,
                lightweight_tag=lightweight_tag,
                tag_message=tag_message,
                executable=frozenset(written & self.executables),
                symlinks=dict(symlinks or {}),
            )
        )

    def text(self, path: str) -> str:
        content = self.tree[path]
        return content if isinstance(content, str) else content.decode("utf-8")

    def subject(self, kind: str, scope: str, text: str) -> str:
        """A commit subject in the repository's style (Conventional Commits or plain)."""
        if self.conventional:
            return f"{kind}({scope}): {text[0].lower()}{text[1:]}"
        return text

    # Routine work ---------------------------------------------------------------------------

    def feature(self, who: Person, when: datetime, module: Module, scope: str = "api") -> bool:
        """Add the module's next unit; False when its pool is exhausted."""
        if not module.pool:
            return False
        name = module.pool.pop(0)
        module.units.append(Unit(name, self.rng.choice((20, 25, 50, 100))))
        text = module.feature.format(title=title(name))
        self.unreleased.append(("Added", text))
        self.commit(who, when, self.subject("feat", scope, text), {module.path: module.content()})
        return True

    def fix(self, who: Person, when: datetime, module: Module, scope: str = "api") -> bool:
        """Retune one of the module's units; False when it has none yet."""
        if not module.units:
            return False
        unit = self.rng.choice(module.units)
        unit.limit = max(5, unit.limit + self.rng.choice((-10, -5, 5, 10, 15)))
        text = self.rng.choice(module.fixes).format(title=title(unit.name))
        self.unreleased.append(("Fixed", text))
        self.commit(who, when, self.subject("fix", scope, text), {module.path: module.content()})
        return True

    def bump(self, bot: Person, when: datetime, deps: Deps, package: str | None = None) -> bool:
        """A bot upgrades one dependency to its next version; False when none is left."""
        candidates = sorted(p for p, versions in deps.upgrades.items() if versions)
        if package is None:
            if not candidates:
                return False
            package = self.rng.choice(candidates)
        elif package not in candidates:
            return False
        old = deps.current[package]
        new = deps.upgrades[package].pop(0)
        deps.current[package] = new
        self.unreleased.append(("Changed", f"Upgrade {package} to {new}"))
        if bot.bot:
            message = bump_message(bot.name, package, old, new)
        else:
            message = self.subject("chore", "deps", f"Upgrade {package} to {new}")
        self.commit(bot, when, message, deps.files())
        return True

    def release(
        self,
        who: Person,
        when: datetime,
        version: str,
        files: Files | None = None,
        *,
        annotated: bool = True,
        prefix: str = "v",
    ) -> None:
        """Move unreleased changes under ``version`` in CHANGELOG.md, commit and tag."""
        self.released.insert(0, (version, when.date(), self.unreleased))
        self.unreleased = []
        changes = {"CHANGELOG.md": changelog(self.released), **(files or {})}
        subject = self.subject("chore", "release", f"Release {version}")
        tag = f"{prefix}{version}"
        if annotated:
            self.commit(who, when, subject, changes, tag=tag, tag_message=f"{self.name} {tag}")
        else:
            self.commit(who, when, subject, changes, lightweight_tag=tag)


@dataclass(frozen=True, slots=True)
class Blueprint:
    """How to build one demo repository: where it goes, whether bare, and its history."""

    path: str
    history: Callable[[], list[Commit]]
    summary: str
    bare: bool = False
