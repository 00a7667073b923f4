"""Upstream projects Northwind Labs' people contribute to, as the workspace mirrors them.

Two small open-source projects, built as bare mirrors under ``dest/upstream/`` and listed in
``[sources] upstream``: Lodestar reads them for the organisation's commits only (outbound
contributions) and never counts them as Northwind's repositories.

* ``tidewater`` — a Python rate-limiting library. Dmitri fixed its ``Retry-After`` parsing from
  his personal GitHub identity (which the mined history knows as his): two commits to a project
  ``ip/outbound.yaml`` does not list (``ip-outbound-unregistered``).
* ``quayside`` — a Go deployment tool that asks for the DCO, registered and approved in
  ``ip/outbound.yaml``. Yuki signed off her first commit and forgot on the second
  (``ip-outbound-cla-missing``).

The maintainers are fictional people on ``example.org`` addresses; the dates fall inside the
demo's window, so the figures read the same whatever day the demo is built.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from lodestar.demo.cast import DMITRI_GITHUB, YUKI
from lodestar.demo.content.licences import APACHE_2_0, mit
from lodestar.demo.factory import Author, Commit, build_repository

__all__ = ["UPSTREAM", "build_demo_upstream"]

UPSTREAM = ("quayside", "tidewater")

RUTH = Author("Ruth Okonjo", "ruth@tidewater.example.org")
PAVEL = Author("Pavel Novak", "pavel.novak@example.org")
INES = Author("Inês Carvalho", "ines@quayside.example.org")
MARCUS = Author("Marcus Lee", "marcus.lee@example.org")


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 14, 0, tzinfo=UTC)


def _limiter(retry: str) -> str:
    return f'''"""A token bucket with Retry-After support."""

import time


class Bucket:
    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst, self.tokens = rate, burst, float(burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def retry_after(value: str) -> float:
{retry}
'''


_RETRY_V1 = "    return float(value)\n"
_RETRY_V2 = (
    "    value = value.strip()\n"
    "    if value.isdigit():\n"
    "        return float(value)\n"
    "    from email.utils import parsedate_to_datetime\n\n"
    "    return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())\n"
)


def tidewater() -> list[Commit]:
    dmitri = DMITRI_GITHUB.author
    return [
        Commit(RUTH, _at(2025, 2, 3), "Initial commit", {
            "README.md": "# tidewater\n\nRate limiting for Python HTTP clients.\n",
            "LICENSE": mit(2025, "Ruth Okonjo"),
            "tidewater/__init__.py": "from tidewater.bucket import Bucket\n",
            "tidewater/bucket.py": _limiter(_RETRY_V1),
            "pyproject.toml": '[project]\nname = "tidewater"\nversion = "0.1.0"\n',
        }),
        Commit(PAVEL, _at(2025, 6, 18), "Add a test for bursts", {
            "tests/test_bucket.py": "from tidewater import Bucket\n\n\ndef test_burst():\n"
            "    assert Bucket(1, 2).take()\n",
        }),
        Commit(dmitri, _at(2026, 4, 14), "Parse HTTP-date values of Retry-After", {
            "tidewater/bucket.py": _limiter(_RETRY_V2),
        }),
        Commit(dmitri, _at(2026, 4, 16), "Test Retry-After dates", {
            "tests/test_retry_after.py": "from tidewater.bucket import retry_after\n\n\n"
            "def test_seconds():\n    assert retry_after(' 120 ') == 120\n",
        }),
        Commit(RUTH, _at(2026, 5, 2), "Release 0.2.0", {
            "pyproject.toml": '[project]\nname = "tidewater"\nversion = "0.2.0"\n',
        }),
    ]  # fmt: skip


def _signed(author: Author, message: str) -> str:
    return f"{message}\n\nSigned-off-by: {author.name} <{author.email}>\n"


def quayside() -> list[Commit]:
    yuki = YUKI.author
    main = 'package main\n\nimport "fmt"\n\nfunc main() {{\n\tfmt.Println("quayside {v}")\n}}\n'
    return [
        Commit(INES, _at(2025, 1, 20), _signed(INES, "Initial import"), {
            "README.md": "# quayside\n\nDeploys containers to a fleet of hosts.\n\n"
            "Contributions need the DCO: sign off every commit (git commit -s).\n",
            "LICENSE": APACHE_2_0,
            "go.mod": "module example.org/quayside\n\ngo 1.22\n",
            "main.go": main.format(v="0.1"),
        }),
        Commit(MARCUS, _at(2025, 9, 9), _signed(MARCUS, "Add a rollout window"), {
            "rollout.go": "package main\n\n// Window: hosts rolled at once.\nconst Window = 2\n",
        }),
        Commit(yuki, _at(2026, 6, 9), _signed(yuki, "Document the rollout window"), {
            "docs/rollout.md": "# Rollouts\n\nQuayside rolls `Window` hosts at a time.\n",
        }),
        Commit(yuki, _at(2026, 7, 21), "Print the version with --version", {
            "main.go": main.format(v="0.2"),
        }),
        Commit(INES, _at(2026, 8, 1), _signed(INES, "Release 0.2"), {
            "CHANGELOG.md": "# 0.2\n\n- --version\n- rollout docs\n",
        }),
    ]  # fmt: skip


def build_demo_upstream(dest: Path) -> list[Path]:
    """Build the upstream mirrors under ``dest/upstream``; return their paths, by name."""
    root = dest / "upstream"
    root.mkdir(parents=True, exist_ok=True)
    built = []
    for name, history in (("quayside", quayside()), ("tidewater", tidewater())):
        build_repository(root / f"{name}.git", history, bare=True)
        built.append(root / f"{name}.git")
    return built
