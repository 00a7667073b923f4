"""The one evaluator on records alone: no store, no git (the records a loader would return)."""

from __future__ import annotations

import datetime as dt

from lodestar.analysis.initiatives import truck_factor_repositories
from lodestar.analysis.organisation import evaluate_organisation
from lodestar.records import (
    Initiative,
    KeyResult,
    Objective,
    Observation,
    OrganisationData,
    RuntimeRow,
    Strategy,
    TechnologyUse,
)

from .histories import Log, stat

TODAY = dt.date(2025, 6, 1)


def _initiative(*metrics: str) -> Initiative:
    results = tuple(KeyResult(m, 3, metric=m) for m in metrics)
    return Initiative("i", "Initiative", "active", objectives=(Objective("o", results),))


def _data(**kw: object) -> OrganisationData:
    observations = (
        Observation("api", "c1", technologies=(TechnologyUse("python", "language", "Python", ""),)),
        Observation("web", "c2"),
    )
    runtime = RuntimeRow(
        "api", "python", "3.8", "3.8", ".python-version", 1, "file", "deployed", None
    )
    return OrganisationData(observations, (), (runtime,), **kw)  # type: ignore[arg-type]


def test_the_evaluation_reads_only_the_records_it_is_given() -> None:
    result = evaluate_organisation(_data(), None, today=TODAY)
    assert [o.repository for o in result.observations] == ["api", "web"]
    assert [(e.repository, e.product, e.state) for e in result.eol] == [
        ("api", "python", "past-eol")
    ]
    assert result.drift is None and result.campaigns == {} and result.initiatives == ()
    assert result.history is None  # not asked for


def test_truck_factor_key_results_name_the_histories_to_load() -> None:
    strategy = Strategy(initiatives=(_initiative("truck-factor: api", "technology:python"),))
    assert truck_factor_repositories(strategy) == {"api"}
    assert truck_factor_repositories(None) == frozenset()


def test_a_truck_factor_is_measured_from_the_loaded_history() -> None:
    log = Log("api")
    log.commit("ann@example.com", 0, "a.py")
    log.commit("bob@example.com", 1, "b.py")
    files = {"api": [stat("a.py"), stat("b.py")]}
    data = _data(histories=(log.history(),), files=files)
    strategy = Strategy(initiatives=(_initiative("truck-factor:api", "truck-factor:web"),))
    (report,) = evaluate_organisation(data, strategy, today=TODAY).initiatives
    measured = [(k.value, k.source, k.note) for k in report.key_results]
    assert measured == [(2.0, "measured", ""), (None, "missing", "no history for 'web'")]


def test_history_figures_need_the_whole_history() -> None:
    log = Log("api")
    log.commit("ann@example.com", 0, "a.py")
    only_named = _data(histories=(log.history(),), files={"api": [stat("a.py")]})
    assert evaluate_organisation(only_named, None, today=TODAY, history=(90, 180)).history is None
    whole = _data(histories=(log.history(),), files={"api": [stat("a.py")]}, people=True)
    figures = evaluate_organisation(whole, None, today=TODAY, history=(90, 180)).history
    assert figures is not None
    assert [r.repository for r in figures.risks] == ["api"]
    assert [d.repository for d in figures.deliveries] == ["api"]
