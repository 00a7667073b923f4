"""The what-if's backtest on hand-built histories whose answer is known by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.analysis.histories import Log, stat, when

from lodestar.analysis.whatif_backtest import (
    Backtest,
    Horizon,
    add_months,
    backtest,
    parse_horizon,
)
from lodestar.catalog import load_catalog
from lodestar.errors import UsageError

ALICE = "alice@example.com"  # sole author of a.py, first author of shared.py; stops before D
BOB = "bob@example.com"  # co-author of shared.py, keeps committing
CAROL = "carol@example.com"  # sole author of c.py at D; stops before D
DAVE = "dave@example.com"  # joins after D and picks c.py up
ERIN = "erin@example.com"  # sole author of e.py; commits once after D, then stops
ZED = "zed@example.com"  # left long before D: old.py is an island already

D = dt.datetime.combine(when(30).date(), dt.time(23, 59, 59), tzinfo=dt.UTC)  # 2025-02-05
CODE = {"a.py": 100, "c.py": 10, "e.py": 1000, "shared.py": 50, "bob.py": 20, "old.py": 5}


def _log() -> Log:
    log = Log()
    log.commit(ZED, -300, "old.py")
    log.commit(ALICE, 0, "a.py", "shared.py")
    for day in (1, 2, 3):
        log.commit(BOB, day, "shared.py")
    log.commit(BOB, 5, "bob.py")
    log.commit(CAROL, 10, "c.py")
    log.commit(ERIN, 20, "e.py")
    # after D (2025-02-05 23:59:59); D + 6m = 2025-08-05, day 211
    log.commit(ERIN, 31, "e.py")  # 180 days and 14 hours before D + 6m: departed then
    for day in (100, 110, 120):
        log.commit(DAVE, day, "c.py")
    log.commit(BOB, 200, "bob.py")
    log.commit(BOB, 230, "bob.py")  # after D + 6m: the history covers the horizon
    return log


def _run(log: Log, horizon: str = "6m", as_of: dt.datetime = D) -> Backtest:
    files = [stat(path, code=code) for path, code in CODE.items()]
    return backtest(
        [log.history()],
        {"repo": files},
        as_of=as_of,
        horizon=parse_horizon(horizon),
        windows=(90, 180),
        catalog=load_catalog(),
    )


def _outcomes(result: Backtest) -> dict[str, tuple[bool, bool]]:
    return {o.path: (o.predicted, o.observed) for o in result.outcomes}


def test_the_leavers_are_the_people_present_at_d_who_never_commit_after_it() -> None:
    result = _run(_log())
    assert result.observed_at == dt.datetime(2025, 8, 5, 23, 59, 59, tzinfo=dt.UTC)
    # Zed had departed by D, Bob and Erin committed after it, Dave was not there yet
    assert result.leavers == (ALICE, CAROL)
    assert result.gone_later == (ERIN,)
    assert (result.files, result.already) == (5, 1)  # old.py was an island already
    assert result.code == 100 + 10 + 1000 + 50 + 20


def test_hit_false_positive_and_false_negative() -> None:
    result = _run(_log())
    assert _outcomes(result) == {
        "a.py": (True, True),  # a leaver who owned it alone: predicted, and it happened
        "c.py": (True, False),  # Dave picked it up before D + 6m: a false positive
        "e.py": (False, True),  # Erin was no leaver, yet her file became an island
    }
    picked = next(o for o in result.outcomes if o.path == "c.py")
    assert (picked.authors_before, picked.authors_after) == ((CAROL,), (CAROL, DAVE))
    score = result.score("what-if")
    assert (score.predicted, score.observed, score.hits) == (2, 2, 1)
    assert (score.precision, score.recall) == (0.5, 0.5)
    assert score.precision_code == pytest.approx(100 / 110)
    assert score.recall_code == pytest.approx(100 / 1100)
    (repo,) = result.repositories
    assert (repo.repository, repo.files, repo.score) == ("repo", 5, score)


def test_naive_baselines() -> None:
    result = _run(_log())
    nothing = result.score("nothing")
    assert (nothing.predicted, nothing.precision, nothing.recall) == (0, None, 0.0)
    everything = result.score("everything")
    assert (everything.predicted, everything.precision, everything.recall) == (5, 2 / 5, 1.0)
    # Alice is shared.py's top author (first author) though Bob knows it too
    for method in ("top-author", "any-author"):
        score = result.score(method)
        assert (score.predicted, score.hits) == (3, 1), method  # a.py, c.py, shared.py


def test_a_file_shared_with_someone_who_stays_is_never_predicted() -> None:
    result = _run(_log())
    assert "shared.py" not in _outcomes(result)
    assert "bob.py" not in _outcomes(result)


def test_a_short_horizon_counts_its_leavers_gone_and_takes_a_pause_for_a_departure() -> None:
    # D + 90d = day 120: Alice's last commit is 120 days old, "quiet" by the presence rule; she
    # made no commit in the horizon, so she counts as gone and a.py is observed. Bob makes no
    # commit between day 5 and day 200: within 90 days he is a leaver too.
    result = _run(_log(), "90d")
    assert result.leavers == (ALICE, BOB, CAROL)
    assert _outcomes(result) == {
        "a.py": (True, True),
        "shared.py": (True, True),
        "bob.py": (True, True),
        "c.py": (True, False),  # Dave's commits by day 120
    }


def test_a_file_renamed_after_d_keeps_its_history_at_d() -> None:
    log = _log()
    log.commit(BOB, 150, "a.py->lib/a.py")
    files = [stat("lib/a.py", code=100), stat("bob.py", code=20)]
    result = backtest(
        [log.history()], {"repo": files}, as_of=D, horizon=parse_horizon("6m"),
        windows=(90, 180), catalog=load_catalog(),
    )  # fmt: skip
    (renamed,) = [o for o in result.outcomes if o.path == "lib/a.py"]
    assert renamed.authors_before == (ALICE,)
    assert renamed.predicted
    # the rename is one delivery by Bob: enough to make him an author by then
    assert BOB in renamed.authors_after
    assert not renamed.observed


def test_a_horizon_past_the_history_is_a_usage_error_naming_the_last_possible_day() -> None:
    log = _log()  # last commit: day 230, 2025-08-24 10:00
    with pytest.raises(UsageError, match=r"after the history's last commit \(2025-08-24\)") as e:
        _run(log, "6m", D + dt.timedelta(days=30))
    # 2025-02-24 23:59:59 + 6m is later than 10:00 on 2025-08-24
    assert "give --as-of 2025-02-23 or earlier" in str(e.value)
    last = dt.datetime(2025, 2, 23, 23, 59, 59, tzinfo=dt.UTC)
    assert _run(log, "6m", last).observed_at == dt.datetime(2025, 8, 23, 23, 59, 59, tzinfo=dt.UTC)
    with pytest.raises(UsageError):
        _run(log, "6m", last + dt.timedelta(days=1))


def test_no_history_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no mined history"):
        _run(Log())


@pytest.mark.parametrize(
    ("text", "days", "months"),
    [("6m", 0, 6), ("3m", 0, 3), ("1y", 0, 12), ("90d", 90, 0), (" 6M ", 0, 6), ("10y", 0, 120)],
)
def test_horizons(text: str, days: int, months: int) -> None:
    horizon = parse_horizon(text)
    assert (horizon.days, horizon.months) == (days, months)
    assert horizon.text == text.strip().lower()


@pytest.mark.parametrize(
    "text", ["", "6", "m", "0m", "-3m", "6 months", "1.5y", "6w", "11y", "٣m", "3660000d"]
)
def test_bad_horizons_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="--horizon") as e:
        parse_horizon(text)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2024-06-30", 6, "2024-12-31"),  # a month-end stays a month-end
        ("2024-12-31", 6, "2025-06-30"),
        ("2024-08-31", 6, "2025-02-28"),
        ("2024-01-15", 12, "2025-01-15"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-28", 12, "2025-02-28"),  # not a month-end in a leap year
        ("2025-06-30", -6, "2024-12-31"),
    ],
)
def test_add_months(day: str, months: int, expected: str) -> None:
    assert add_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


def test_horizon_before_undoes_after_for_days() -> None:
    horizon = Horizon("90d", days=90)
    assert horizon.before(horizon.after(D)) == D
