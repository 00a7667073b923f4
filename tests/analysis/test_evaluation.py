"""Weighted evaluation: ranking and the ±20 % sensitivity check."""

from __future__ import annotations

import pytest

from lodestar.analysis.evaluation import rank, sensitivity
from lodestar.records import WeightedEvaluation


def evaluation(criteria: dict[str, float], scores: dict[str, list[float]]) -> WeightedEvaluation:
    return WeightedEvaluation(
        criteria=tuple(criteria.items()),
        scores=tuple((o, tuple(s)) for o, s in scores.items()),
    )


DATABASES = evaluation(
    {"Operability": 3, "Cost": 2, "Ecosystem": 1},
    {"PostgreSQL": [4, 4, 5], "MySQL": [4, 4, 3], "MongoDB": [2, 3, 4]},
)


def test_ranking_is_the_weighted_mean() -> None:
    ranked = rank(DATABASES)
    assert [(r.rank, r.option, r.total) for r in ranked] == [
        (1, "PostgreSQL", round(25 / 6, 6)),
        (2, "MySQL", round(23 / 6, 6)),
        (3, "MongoDB", round(16 / 6, 6)),
    ]


def test_a_clear_winner_is_robust() -> None:
    result = sensitivity(DATABASES)
    assert result.winner == "PostgreSQL"
    assert result.robust
    assert result.flips == ()
    assert result.margin == round(2 / 6, 6)


def test_a_close_call_flips_when_one_weight_grows_by_20_percent() -> None:
    # A: 0.55*4 + 0.45*3 = 3.55 ; B: 0.55*3 + 0.45*4.05 = 3.4725 ; +20 % on Cost: B leads.
    close = evaluation({"Speed": 55, "Cost": 45}, {"A": [4, 3], "B": [3, 4.05]})
    assert rank(close)[0].option == "A"
    result = sensitivity(close)
    assert result.winner == "A"
    assert not result.robust
    assert [(f.criterion, f.change, f.leader) for f in result.flips] == [
        ("Speed", 0.8, "B"),
        ("Cost", 1.2, "B"),
    ]
    # ±10 % is not enough to change the winner
    assert sensitivity(close, delta=0.1).robust


def test_ties_share_a_rank_and_are_not_robust() -> None:
    tie = evaluation({"X": 1, "Y": 1}, {"A": [4, 2], "B": [2, 4], "C": [1, 1]})
    assert [(r.rank, r.option) for r in rank(tie)] == [(1, "A"), (1, "B"), (3, "C")]
    result = sensitivity(tie)
    assert result.winner is None and not result.robust


def test_delta_must_be_a_fraction() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        sensitivity(DATABASES, delta=20)
