"""Weighted evaluation of a decision's options: the ranking, and how robust its winner is.

**Ranking.** Each option's total is the weighted mean of its scores,
``sum(weight_c * score_c) / sum(weight_c)``, so totals stay on the scores' own scale (a 1-5
scale gives totals between 1 and 5) whatever the weights add up to. Options are ranked by total,
highest first; equal totals share a rank and keep the order they were written in.

**Sensitivity.** For each criterion in turn, its weight alone is multiplied by ``1 - delta`` and
by ``1 + delta`` (default ±20 %), the others unchanged, and the ranking is recomputed. The winner
is *robust* when it stays the single best option in every one of these ``2 x criteria`` cases;
each case where another option overtakes it (or ties with it) is reported as a flip, naming the
criterion, the direction and the new leader. A tie for first place in the original ranking is
already fragile: it is reported as not robust, with no flips needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from lodestar.records import WeightedEvaluation

__all__ = ["Flip", "RankedOption", "Sensitivity", "rank", "sensitivity"]

_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class RankedOption:
    rank: int  # 1 = best; equal totals share a rank
    option: str
    total: float


@dataclass(frozen=True, slots=True)
class Flip:
    criterion: str
    change: float  # the factor applied to its weight: 0.8 or 1.2 by default
    leader: str  # the option that leads (or ties for the lead) after the change
    leader_total: float
    winner_total: float  # the original winner's total after the change


@dataclass(frozen=True, slots=True)
class Sensitivity:
    winner: str | None  # None when two or more options tie for first place
    delta: float
    robust: bool
    flips: tuple[Flip, ...]
    margin: float  # total of the winner minus the runner-up's, unchanged weights


def _totals(evaluation: WeightedEvaluation, weights: tuple[float, ...]) -> list[tuple[str, float]]:
    denominator = sum(weights)
    return [
        (option, sum(w * s for w, s in zip(weights, scores, strict=True)) / denominator)
        for option, scores in evaluation.scores
    ]


def _ranked(totals: list[tuple[str, float]]) -> tuple[RankedOption, ...]:
    order = sorted(range(len(totals)), key=lambda i: (-totals[i][1], i))
    ranked: list[RankedOption] = []
    for position, index in enumerate(order, start=1):
        option, total = totals[index]
        if ranked and abs(ranked[-1].total - total) <= _EPSILON:
            place = ranked[-1].rank
        else:
            place = position
        ranked.append(RankedOption(place, option, round(total, 6)))
    return tuple(ranked)


def _weights(evaluation: WeightedEvaluation) -> tuple[float, ...]:
    return tuple(weight for _, weight in evaluation.criteria)


def rank(evaluation: WeightedEvaluation) -> tuple[RankedOption, ...]:
    """The options ranked by weighted mean score, best first."""
    return _ranked(_totals(evaluation, _weights(evaluation)))


def sensitivity(evaluation: WeightedEvaluation, delta: float = 0.2) -> Sensitivity:
    """Does the winner change when any single criterion's weight moves by ±``delta``?"""
    if not 0 < delta < 1:
        raise ValueError("delta must be between 0 and 1 (0.2 is ±20 %)")
    base = rank(evaluation)
    tied = len(base) > 1 and base[1].rank == 1
    raw = dict(_totals(evaluation, _weights(evaluation)))
    margin = raw[base[0].option] - raw[base[1].option] if len(base) > 1 else 0.0
    if tied or not base:
        return Sensitivity(None, delta, False, (), round(margin, 6))
    winner = base[0].option
    weights = _weights(evaluation)
    flips: list[Flip] = []
    for index, (criterion, _) in enumerate(evaluation.criteria):
        for factor in (1 - delta, 1 + delta):
            changed = tuple(w * factor if i == index else w for i, w in enumerate(weights))
            totals = dict(_totals(evaluation, changed))
            winner_total = totals[winner]
            leader, leader_total = max(
                ((o, t) for o, t in totals.items() if o != winner), key=lambda item: item[1]
            )
            if leader_total >= winner_total - _EPSILON:
                flips.append(
                    Flip(
                        criterion,
                        round(factor, 6),
                        leader,
                        round(leader_total, 6),
                        round(winner_total, 6),
                    )
                )
    return Sensitivity(winner, delta, not flips, tuple(flips), round(margin, 6))
