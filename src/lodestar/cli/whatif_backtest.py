"""``lodestar whatif --backtest``: the what-if's predicted islands against what happened.

A thin adapter over :func:`lodestar.analysis.whatif_backtest.backtest`: it loads the stored
records once, runs the backtest at ``--as-of`` (default: the reference date less the horizon)
and prints the scores (or ``--json``). Reads the store only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lodestar.cli.common import load_workspace, store
from lodestar.cli.dates import as_of_moment
from lodestar.cli.output import console, count, plain, print_json, styled
from lodestar.cli.tables import print_table
from lodestar.errors import UsageError

if TYPE_CHECKING:
    from rich.table import Table

    from lodestar.analysis.whatif_backtest import Backtest, Score

__all__ = ["as_dict", "run_backtest"]

_LABELS = {
    "what-if": "what-if",
    "nothing": "nothing",
    "everything": "every file",
    "top-author": "top author left",
    "any-author": "an author left",
}


def run_backtest(as_of: str | None, horizon_text: str, *, top: int, as_json: bool) -> None:
    """Parse, load, run, print: the body of ``lodestar whatif --backtest``."""
    from lodestar.analysis import presence_windows
    from lodestar.analysis.whatif_backtest import backtest, parse_horizon
    from lodestar.cli.evaluation import catalogs
    from lodestar.store import load_organisation

    horizon = parse_horizon(horizon_text)
    ws = load_workspace()
    moment = as_of_moment(as_of, ws)
    if as_of is None:
        moment = horizon.before(moment)
    catalog, _ = catalogs(ws)
    with store(ws) as engine:
        data = load_organisation(engine, history=True)
    if not any(h.commits for h in data.histories):
        raise UsageError("no mined history in the store yet; run 'lodestar scan'")
    names = {k: i.name for k, i in data.identities.items()}
    for h in data.histories:
        for k, i in h.people.items():
            names.setdefault(k, i.name)
    result = backtest(
        data.histories,
        data.files,
        as_of=moment,
        horizon=horizon,
        windows=presence_windows(ws.settings),
        catalog=catalog,
        names=names,
    )
    if as_json:
        print_json(as_dict(result))
        return
    _print(result, top)


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _score(s: Score) -> dict[str, Any]:
    return {
        "method": s.method,
        "predicted_files": s.predicted,
        "observed_files": s.observed,
        "hit_files": s.hits,
        "precision": _ratio(s.precision),
        "recall": _ratio(s.recall),
        "predicted_code": s.predicted_code,
        "observed_code": s.observed_code,
        "hit_code": s.hit_code,
        "precision_code": _ratio(s.precision_code),
        "recall_code": _ratio(s.recall_code),
    }


def as_dict(result: Backtest) -> dict[str, Any]:
    """The JSON document (keys documented in the README section 'Off-boarding what-if')."""
    return {
        "as_of": result.as_of.isoformat(),
        "observed_at": result.observed_at.isoformat(),
        "horizon": result.horizon,
        "active_days": result.windows[0],
        "departed_days": result.windows[1],
        "leavers": list(result.leavers),
        "gone_later": list(result.gone_later),
        "files": result.files,
        "code": result.code,
        "already_islands": result.already,
        "scores": [_score(s) for s in result.scores],
        "repositories": [
            {"repository": r.repository, "files": r.files, "code": r.code, **_score(r.score)}
            for r in result.repositories
        ],
        "outcomes": [
            {
                "repository": o.repository,
                "path": o.path,
                "code": o.code,
                "predicted": o.predicted,
                "observed": o.observed,
                "authors_before": list(o.authors_before),
                "authors_after": list(o.authors_after),
            }
            for o in result.outcomes
        ],
        "names": dict(result.names),
    }


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _table(*columns: str) -> Table:
    from rich.table import Table

    table = Table(title_justify="left", show_edge=False, pad_edge=False)
    for column in columns:
        left = column in {"method", "repository", "path", "authors at D", "authors at H"}
        table.add_column(column, justify="left" if left else "right", overflow="fold")
    return table


def _people(result: Backtest, keys: tuple[str, ...], most: int = 3) -> str:
    names = ", ".join(result.names.get(k, k) for k in keys[:most]) or "nobody"
    return names + (f" and {len(keys) - most:,} more" if len(keys) > most else "")


def _print(result: Backtest, top: int) -> None:
    day, later = result.as_of.date().isoformat(), result.observed_at.date().isoformat()
    console.print(
        styled(
            ("Backtest of the what-if ", "bold"),
            f"at D = {day}, observed at H = {later} ({result.horizon}): ",
            count(len(result.leavers), "person", "people"),
            " present at D made no commit after it; ",
            f"{result.files:,} files ({result.code:,} lines) had an author still present at D "
            f"({result.already:,} more were islands already, left out).",
        )
    )
    table = _table("method", "predicted", "observed", "hits", "precision", "recall",
                   "precision (lines)", "recall (lines)")  # fmt: skip
    for s in result.scores:
        table.add_row(
            plain(_LABELS[s.method]), f"{s.predicted:,}", f"{s.observed:,}", f"{s.hits:,}",
            _percent(s.precision), _percent(s.recall),
            _percent(s.precision_code), _percent(s.recall_code),
        )  # fmt: skip
    table.title = "Islands predicted at D against islands observed at H (files: primary)"
    print_table(console, table)
    console.print(
        "what-if: every author at D gone or leaving; the naive baselines predict nothing, every "
        "file (precision = the base rate), the files whose top author left, or one of whose "
        "authors left. Lines: each file weighted by its size at the latest scan."
    )
    repos = [r for r in result.repositories if r.score.predicted or r.score.observed]
    if repos:
        table = _table("repository", "files", "predicted", "observed", "hits")
        for r in repos[:top]:
            s = r.score
            table.add_row(plain(r.repository), f"{r.files:,}", f"{s.predicted:,}",
                          f"{s.observed:,}", f"{s.hits:,}")  # fmt: skip
        table.title = "The what-if by repository"
        print_table(console, table)
    _print_misses(result, top)


def _print_misses(result: Backtest, top: int) -> None:
    false_positives = [o for o in result.outcomes if o.predicted and not o.observed]
    false_negatives = [o for o in result.outcomes if o.observed and not o.predicted]
    for title, misses in (
        ("Predicted, not observed (picked up, or an author came back)", false_positives),
        ("Observed, not predicted", false_negatives),
    ):
        if not misses:
            continue
        table = _table("repository", "path", "lines", "authors at D", "authors at H")
        for o in misses[:top]:
            table.add_row(
                plain(o.repository), plain(o.path), f"{o.code:,}",
                plain(_people(result, o.authors_before)), plain(_people(result, o.authors_after)),
            )  # fmt: skip
        table.title = f"{title}: {len(misses):,}, most lines first"
        print_table(console, table)
