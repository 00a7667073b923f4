"""Serving the cockpit: who may bind where."""

from __future__ import annotations

import pytest

from lodestar.errors import UsageError


def test_binding_beyond_localhost_needs_a_token() -> None:
    from lodestar.web.server import check_binding

    check_binding("127.0.0.1", None, None)
    check_binding("0.0.0.0", "t", None)  # noqa: S104  the case under test
    check_binding("0.0.0.0", None, "X-User")  # noqa: S104
    with pytest.raises(UsageError, match="--token"):
        check_binding("0.0.0.0", None, None)  # noqa: S104
