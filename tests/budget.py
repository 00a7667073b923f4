"""Work budgets for the hostile-input tests.

Those tests guard against runaway work — exponential regex backtracking, quadratic loops,
entity expansion — so the behaviour under test is "finishes in bounded time", not speed (speed
is measured in benchmarks/). Each budget was set on a quiet machine; CI machines are shared and
noisy, so every measured time is divided by ``SLACK`` (``LODESTAR_TEST_TIME_SLACK``, default
10) before it is compared. The blowups these tests exist for take minutes or hours and still
fail; a busy machine does not.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator

SLACK = float(os.environ.get("LODESTAR_TEST_TIME_SLACK", "10"))


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a budget is timed (collected once first).

    A full collection of what earlier tests in the same worker process left behind can take
    most of a second on a large heap; that is not the work under test, and it made budgets of
    a few milliseconds fail in the full suite while passing alone.
    """
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
