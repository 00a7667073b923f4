"""Backtest of the off-boarding what-if: did the islands it predicted really appear?

At a past moment *D* (the end of the ``--as-of`` day) and a horizon *h* (``6m``, ``90d``, ``1y``;
*H* = *D* + *h*, a month-end staying a month-end: 2024-06-30 + 6m = 2024-12-31):

* **History at a moment**: the commits authored by then. Presence is computed on the histories
  cut there (:func:`lodestar.analysis.training.cut_histories`), file authors on the commits of
  each file's lineage authored by then (:func:`lodestar.analysis.knowledge.authorship` with
  ``until``: a file renamed since keeps its earlier history), as ``lodestar risk`` and
  ``lodestar whatif`` compute them now.
* **Leavers**: the people present at *D* (active or quiet, i.e. not departed:
  :mod:`lodestar.analysis.presence`, the what-if's and the active truck factor's reading) with
  no commit in (*D*, *H*]. Bots are not people.
* **Files**: the current scan's tracked files (own code in a language) with at least one author
  at *D*, less those that were already islands at *D* (every author departed): the
  *universe*. Files created after *D* and files deleted since are not in it.
* **Predicted islands**: :func:`lodestar.analysis.whatif.what_if` on the baseline at *D* with the
  leavers leaving: files all of whose authors at *D* are departed or leaving.
* **Observed islands**: files of the universe all of whose authors at *H* (authorship on the
  history cut at *H*) are gone at *H*: departed at *H* by the presence rule, or a leaver (for a
  horizon shorter than ``departed_days`` a leaver is still "quiet" at *H*; without this, such a
  horizon could observe nobody leave). Authors added after *D* count: a file someone picked up
  is no island.
* **Precision** = hits / predicted, **recall** = hits / observed, counted in files (the primary
  figure: what both dates see) and in lines of code (each file weighted by its size at the
  latest scan, not at *D* or *H*). None when the denominator is 0.

Baselines, on the same universe, so the figures mean something: ``nothing`` (predict no island:
recall 0), ``everything`` (every file: precision is the base rate), ``top-author`` (the file's
top author at *D*, highest degree of authorship, leaves) and ``any-author`` (one of its
authors leaves).

What it cannot see: the tree and sizes at *D* and *H* (the store keeps files of the latest scan
only), people who left without leaving the history (they keep committing) or who stopped
committing and stayed, and knowledge outside git (see :mod:`lodestar.analysis.whatif`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from lodestar.analysis.knowledge import FileAuthorship, authorship
from lodestar.analysis.owner_directory import build_directory
from lodestar.analysis.presence import Presence, last_commits, presences
from lodestar.analysis.training import cut_histories
from lodestar.analysis.whatif import prepare, what_if
from lodestar.catalog import TechnologyCatalog
from lodestar.errors import UsageError
from lodestar.records import FileStat, RepoHistory

__all__ = [
    "METHODS",
    "Backtest",
    "Horizon",
    "Outcome",
    "RepositoryScore",
    "Score",
    "add_months",
    "backtest",
    "parse_horizon",
]

METHODS = ("what-if", "nothing", "everything", "top-author", "any-author")
_UNITS = {"d": "days", "m": "months", "y": "years"}
_MOST = {"d": 3660, "m": 120, "y": 10}  # ten years


@dataclass(frozen=True, slots=True)
class Horizon:
    """How far after *D* the backtest looks: days or months (a year is 12 months)."""

    text: str  # as typed, normalised: "6m"
    days: int = 0
    months: int = 0

    def after(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` plus the horizon (same time of day)."""
        day = add_months(moment.date(), self.months) + dt.timedelta(days=self.days)
        return dt.datetime.combine(day, moment.timetz())

    def before(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` less the horizon (same time of day)."""
        day = add_months(moment.date() - dt.timedelta(days=self.days), -self.months)
        return dt.datetime.combine(day, moment.timetz())


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months``; the day is clamped to the month's length, and the last day
    of a month stays the last day (2024-06-30 + 6 = 2024-12-31, 2024-08-31 + 6 = 2025-02-28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    length = calendar.monthrange(year, month + 1)[1]
    month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month + 1, length if month_end else min(day.day, length))


def parse_horizon(text: str) -> Horizon:
    """``90d``, ``6m``, ``1y`` (a whole number, then d, m or y; at most ten years)."""
    value = text.strip().lower()
    number, unit = value[:-1], value[-1:]
    if unit not in _UNITS or not number.isascii() or not number.isdigit():
        raise UsageError(
            f"--horizon {text!r}: expected a number of days, months or years such as 90d, 6m or 1y"
        )
    count = int(number)
    if not 0 < count <= _MOST[unit]:
        raise UsageError(f"--horizon {text!r}: must be more than 0 and at most 10 years")
    normal = f"{count}{unit}"
    if unit == "d":
        return Horizon(normal, days=count)
    return Horizon(normal, months=count * (12 if unit == "y" else 1))


@dataclass(frozen=True, slots=True)
class Score:
    """One way of predicting, against what was observed (files, and lines of code)."""

    method: str  # one of METHODS
    predicted: int
    observed: int
    hits: int
    predicted_code: int
    observed_code: int
    hit_code: int

    @property
    def precision(self) -> float | None:
        return self.hits / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.hits / self.observed if self.observed else None

    @property
    def precision_code(self) -> float | None:
        return self.hit_code / self.predicted_code if self.predicted_code else None

    @property
    def recall_code(self) -> float | None:
        return self.hit_code / self.observed_code if self.observed_code else None


@dataclass(frozen=True, slots=True)
class RepositoryScore:
    """The what-if's score on one repository's files."""

    repository: str
    files: int  # the universe in this repository
    code: int
    score: Score


@dataclass(frozen=True, slots=True)
class Outcome:
    """A file predicted or observed to become an island (or both)."""

    repository: str
    path: str
    code: int
    predicted: bool
    observed: bool
    authors_before: tuple[str, ...]  # authors at D, highest degree of authorship first
    authors_after: tuple[str, ...]  # authors at H


@dataclass(frozen=True, slots=True)
class Backtest:
    as_of: dt.datetime  # D
    observed_at: dt.datetime  # H
    horizon: str
    windows: tuple[int, int]  # active_days, departed_days
    leavers: tuple[str, ...]  # present at D, no commit in (D, H]
    gone_later: tuple[str, ...]  # present at D, committed after D, departed at H
    files: int  # the universe: files with an author at D, not already islands
    code: int
    already: int  # files with an author at D that were islands already (left out)
    scores: tuple[Score, ...]  # in METHODS order
    repositories: tuple[RepositoryScore, ...]  # the what-if's, most files first
    outcomes: tuple[Outcome, ...]  # predicted or observed, most code first
    names: dict[str, str]  # person key -> display name, for everyone named above

    def score(self, method: str) -> Score:
        return next(s for s in self.scores if s.method == method)


_File = tuple[str, str]  # (repository, path)


def _authorships(
    histories: Sequence[RepoHistory], files: Mapping[str, Sequence[FileStat]], until: dt.datetime
) -> dict[str, list[FileAuthorship]]:
    return {h.repository: authorship(h, files[h.repository], until=until) for h in histories}


def _score(
    method: str, predicted: set[_File], observed: set[_File], code: Mapping[_File, int]
) -> Score:
    hits = predicted & observed
    return Score(
        method,
        len(predicted),
        len(observed),
        len(hits),
        sum(code[f] for f in predicted),
        sum(code[f] for f in observed),
        sum(code[f] for f in hits),
    )


def _check_span(histories: Sequence[RepoHistory], as_of: dt.datetime, horizon: Horizon) -> None:
    latest = max((c.authored_at for h in histories for c in h.commits), default=None)
    if latest is None:
        raise UsageError("no mined history in the store yet; run 'lodestar scan'")
    observed_at = horizon.after(as_of)
    if observed_at > latest:
        last_day = horizon.before(latest).date()
        while horizon.after(dt.datetime.combine(last_day, as_of.timetz())) > latest:
            last_day -= dt.timedelta(days=1)  # the as-of moment is later in its day
        raise UsageError(
            f"--as-of {as_of.date().isoformat()} + {horizon.text} ends "
            f"{observed_at.date().isoformat()}, after the history's last commit "
            f"({latest.date().isoformat()}): give --as-of {last_day.isoformat()} or earlier"
        )


def _people(
    histories: Sequence[RepoHistory],
    as_of: dt.datetime,
    later: dt.datetime,
    windows: tuple[int, int],
) -> tuple[dict[str, Presence], set[str], set[str], set[str]]:
    """Presence at D, the leavers, who is gone at H, and who went later than the leavers."""
    active, departed = windows
    last_then = last_commits(cut_histories(histories, as_of))
    last_later = last_commits(cut_histories(histories, later))
    then = presences(last_then, as_of, active_days=active, departed_days=departed)
    after = presences(last_later, later, active_days=active, departed_days=departed)
    present = {p for p, s in then.items() if s != Presence.DEPARTED}
    leavers = {p for p in present if last_later[p] <= as_of}
    gone = {p for p, s in after.items() if s == Presence.DEPARTED} | leavers
    return then, leavers, gone, (gone & present) - leavers


def _predictions(
    before: Mapping[str, Sequence[FileAuthorship]], universe: set[_File], leavers: set[str]
) -> dict[str, set[_File]]:
    """The baselines' predictions (the what-if's is added by :func:`backtest`)."""
    rules: dict[str, Callable[[tuple[str, ...]], bool]] = {
        "nothing": lambda _: False,
        "everything": lambda _: True,
        "top-author": lambda authors: authors[0] in leavers,
        "any-author": lambda authors: bool(leavers.intersection(authors)),
    }
    return {
        method: {
            (repo, f.path)
            for repo, owned in before.items()
            for f in owned
            if (repo, f.path) in universe and rule(f.authors)
        }
        for method, rule in rules.items()
    }


@dataclass(frozen=True, slots=True)
class _Files:
    code: dict[_File, int]
    before: dict[_File, tuple[str, ...]]  # authors at D
    after: dict[_File, tuple[str, ...]]  # authors at H
    universe: set[_File]
    already: set[_File]
    observed: set[_File]


def _files(
    before: Mapping[str, Sequence[FileAuthorship]],
    after: Mapping[str, Sequence[FileAuthorship]],
    departed: set[str],
    gone: set[str],
) -> _Files:
    """The universe (authored at D, not an island yet) and the islands observed at H."""
    code = {(r, f.path): f.code for r, owned in before.items() for f in owned}
    then = {(r, f.path): f.authors for r, owned in before.items() for f in owned}
    later = {(r, f.path): f.authors for r, owned in after.items() for f in owned}
    known = {f for f, authors in then.items() if authors}
    already = {f for f in known if set(then[f]) <= departed}
    universe = known - already
    observed = {f for f in universe if later.get(f) and set(later[f]) <= gone}
    return _Files(code, then, later, universe, already, observed)


def _by_repository(files: _Files, predicted: set[_File]) -> list[RepositoryScore]:
    mine: dict[str, set[_File]] = {}
    for f in files.universe:
        mine.setdefault(f[0], set()).add(f)
    out = [
        RepositoryScore(
            repo,
            len(inside),
            sum(files.code[f] for f in inside),
            _score("what-if", predicted & inside, files.observed & inside, files.code),
        )
        for repo, inside in mine.items()
    ]
    out.sort(key=lambda r: (-r.files, r.repository))
    return out


def _outcomes(files: _Files, predicted: set[_File]) -> list[Outcome]:
    out = [
        Outcome(
            r, p, files.code[(r, p)], (r, p) in predicted, (r, p) in files.observed,
            files.before[(r, p)], files.after.get((r, p), ()),
        )
        for r, p in predicted | files.observed
    ]  # fmt: skip
    out.sort(key=lambda o: (-o.code, o.repository, o.path))
    return out


def backtest(
    histories: Sequence[RepoHistory],
    files: Mapping[str, Sequence[FileStat]],
    *,
    as_of: dt.datetime,
    horizon: Horizon,
    windows: tuple[int, int],
    catalog: TechnologyCatalog,
    names: Mapping[str, str] | None = None,
) -> Backtest:
    """The what-if at ``as_of`` with the people who really stopped, against ``horizon`` later.

    ``histories`` and ``files`` as ``load_organisation(history=True)`` gives them. UsageError
    when no history is stored or the horizon ends after the history's last commit.
    """
    histories = [h for h in histories if h.commits and files.get(h.repository)]
    _check_span(histories, as_of, horizon)
    later = horizon.after(as_of)
    status, leavers, gone, gone_later = _people(histories, as_of, later, windows)
    departed = {p for p, s in status.items() if s == Presence.DEPARTED}
    before = _authorships(histories, files, as_of)
    seen = _files(before, _authorships(histories, files, later), departed, gone)
    base = prepare(
        before, status, {}, (), strategy=None, catalog=catalog, owners={},
        directory=build_directory((), {}),
    )  # fmt: skip
    result = what_if(base, leavers, top=len(seen.code) + 1)
    predictions = _predictions(before, seen.universe, leavers)
    predictions["what-if"] = {(i.repository, i.path) for i in result.islands if i.kind == "file"}
    outcomes = _outcomes(seen, predictions["what-if"])
    named = set(leavers) | gone_later
    named.update(a for o in outcomes for a in (*o.authors_before, *o.authors_after))
    return Backtest(
        as_of=as_of,
        observed_at=later,
        horizon=horizon.text,
        windows=windows,
        leavers=tuple(sorted(leavers)),
        gone_later=tuple(sorted(gone_later)),
        files=len(seen.universe),
        code=sum(seen.code[f] for f in seen.universe),
        already=len(seen.already),
        scores=tuple(_score(m, predictions[m], seen.observed, seen.code) for m in METHODS),
        repositories=tuple(_by_repository(seen, predictions["what-if"])),
        outcomes=tuple(outcomes),
        names={p: (names or {}).get(p, p) for p in sorted(named)},
    )
