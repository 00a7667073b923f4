"""The what-if's backtest on a scanned workspace: precision and recall at several dates.

    python benchmarks/whatif_backtest.py WORKSPACE [--dates 2024-06-30 2024-12-31 …]
        [--horizons 6m] [--by-repository]

WORKSPACE is a scanned Lodestar workspace (history mined). For each date D and horizon it runs
:func:`lodestar.analysis.whatif_backtest.backtest` (what ``lodestar whatif --backtest --as-of D
--horizon H --json`` runs) and prints one Markdown row: the leavers, the files in the universe
(and those already islands at D, left out), the islands observed at D + horizon, the what-if's
predicted files, hits, precision and recall in files and in lines, then precision / recall of
the naive baselines (top author left, an author left; every file's precision is the base rate),
and the seconds the backtest took; "gone later" are the people present at D who committed
after it and had departed by D + horizon (the what-if is not told about them). Then the dates
pooled (sums of hits, predictions and observations; a date whose horizon ends after the history
is printed with the reason and left out). ``--by-repository`` adds the what-if's pooled figures
per repository and horizon.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections import defaultdict
from pathlib import Path

from lodestar.analysis import presence_windows
from lodestar.analysis.whatif_backtest import Backtest, Score, backtest, parse_horizon
from lodestar.cli.evaluation import catalogs
from lodestar.errors import UsageError
from lodestar.settings import Workspace
from lodestar.store import load_organisation, open_read_only

DATES = ("2024-06-30", "2024-12-31", "2025-06-30", "2025-12-31")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _pr(score: Score) -> str:
    return f"{_pct(score.precision)} / {_pct(score.recall)}"


def _pooled(scores: list[Score]) -> Score:
    return Score(
        scores[0].method,
        sum(s.predicted for s in scores),
        sum(s.observed for s in scores),
        sum(s.hits for s in scores),
        sum(s.predicted_code for s in scores),
        sum(s.observed_code for s in scores),
        sum(s.hit_code for s in scores),
    )


def _row(label: str, result: Backtest | None, scores: dict[str, Score], extra: str) -> str:
    w = scores["what-if"]
    head = (
        f"| {label} | {len(result.leavers):,} | {len(result.gone_later):,} | "
        f"{result.files:,} ({result.already:,}) "
        if result is not None
        else f"| {label} | | | "
    )
    return (
        head + f"| {w.observed:,} | {w.predicted:,} | {w.hits:,} | {_pct(w.precision)} | "
        f"{_pct(w.recall)} | {_pct(w.precision_code)} / {_pct(w.recall_code)} | "
        f"{_pr(scores['top-author'])} | {_pr(scores['any-author'])} | "
        f"{_pct(scores['everything'].precision)} | {extra} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--dates", nargs="+", default=list(DATES))
    parser.add_argument("--horizons", nargs="+", default=["6m"])
    parser.add_argument("--by-repository", action="store_true")
    args = parser.parse_args()
    ws = Workspace.load(args.workspace)
    catalog, _ = catalogs(ws)
    start = time.perf_counter()
    data = load_organisation(open_read_only(ws.database_url), history=True)
    print(f"load_organisation: {time.perf_counter() - start:.2f} s; repositories with history: "
          f"{sum(1 for h in data.histories if h.commits)}")  # fmt: skip
    names = {k: i.name for k, i in data.identities.items()}
    print(
        "\n| D (horizon) | leavers | gone later | files (already islands) | observed | predicted | "
        "hits | precision | recall | lines P / R | top author left P / R | an author left P / R | "
        "base rate | seconds |\n|---" + "|---:" * 13 + "|"
    )
    pooled: dict[str, dict[str, list[Score]]] = defaultdict(lambda: defaultdict(list))
    repos: dict[str, dict[str, list[Score]]] = defaultdict(lambda: defaultdict(list))
    for horizon_text in args.horizons:
        horizon = parse_horizon(horizon_text)
        for day in args.dates:
            moment = dt.datetime.combine(
                dt.date.fromisoformat(day), dt.time(23, 59, 59), tzinfo=dt.UTC
            )
            t0 = time.perf_counter()
            try:
                result = backtest(
                    data.histories, data.files, as_of=moment, horizon=horizon,
                    windows=presence_windows(ws.settings), catalog=catalog, names=names,
                )  # fmt: skip
            except UsageError as exc:  # the horizon ends after the history: said, not scored
                print(f"| {day} ({horizon.text}) | {exc} |")
                continue
            took = time.perf_counter() - t0
            scores = {s.method: s for s in result.scores}
            for method, score in scores.items():
                pooled[horizon.text][method].append(score)
            for r in result.repositories:
                repos[horizon.text][r.repository].append(r.score)
            print(_row(f"{day} ({horizon.text})", result, scores, f"{took:.1f}"))
    for horizon_text, by_method in pooled.items():
        scores = {m: _pooled(s) for m, s in by_method.items()}
        print(_row(f"pooled ({horizon_text})", None, scores, ""))
    for horizon_text, by_repo in repos.items() if args.by_repository else ():
        print(f"\n| repository ({horizon_text}, pooled) | observed | predicted | hits | "
              "precision | recall |\n|---|---:|---:|---:|---:|---:|")  # fmt: skip
        for name, scores_of in sorted(by_repo.items()):
            s = _pooled(scores_of)
            print(f"| {name} | {s.observed:,} | {s.predicted:,} | {s.hits:,} | "
                  f"{_pct(s.precision)} | {_pct(s.recall)} |")  # fmt: skip


if __name__ == "__main__":
    main()
