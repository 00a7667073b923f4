"""The CLI's fast paths: ``lodestar --version`` (and ``lodestar loc``) answered without Typer,
pydantic or the settings, with Typer's own output and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from lodestar import __version__

SRC = str(Path(__file__).resolve().parents[2] / "src")
HEAVY = ("typer", "click", "pydantic", "rich", "sqlalchemy")


def _run(entry: str, args: list[str], *, report_modules: bool = False) -> tuple[str, str, int]:
    """(stdout, stderr, exit code) of ``entry``'s main() (lodestar.cli: the console script,
    lodestar.cli.app: Typer alone) run with ``args``; with ``report_modules`` the heavy
    modules that were imported are printed on stderr at exit."""
    probe = [
        "import atexit, sys",
        f"sys.argv = ['lodestar', *{args!r}]",
    ]
    if report_modules:
        probe.append(
            "atexit.register(lambda: sys.stderr.write('MODULES ' + repr(sorted(m for m in "
            f"sys.modules if m.split('.')[0] in {HEAVY!r} or m == 'lodestar.settings'))))"
        )
    probe += [f"from {entry} import main", "main()"]
    done = subprocess.run(
        [sys.executable, "-c", "\n".join(probe)],
        env={**os.environ, "PYTHONPATH": SRC, "COLUMNS": "100"},
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout, done.stderr, done.returncode


def test_version_is_typers_line_and_exit_code() -> None:
    fast = _run("lodestar.cli", ["--version"])
    assert fast == _run("lodestar.cli.app", ["--version"])
    assert fast == (f"lodestar {__version__}\n", "", 0)


def test_version_imports_neither_typer_nor_pydantic_nor_the_settings() -> None:
    out, err, code = _run("lodestar.cli", ["--version"], report_modules=True)
    assert code == 0 and out == f"lodestar {__version__}\n"
    assert err.endswith("MODULES []"), err


def test_python_m_lodestar_answers_the_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lodestar", "--version"],
        env={**os.environ, "PYTHONPATH": SRC},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.stdout, done.returncode) == (f"lodestar {__version__}\n", 0)


def test_version_among_other_options_still_goes_through_typer() -> None:
    fast = _run("lodestar.cli", ["--workspace", ".", "--version"])
    assert fast == _run("lodestar.cli.app", ["--workspace", ".", "--version"])
    assert fast[0] == f"lodestar {__version__}\n" and fast[2] == 0
