"""The CLI's fast paths: ``lodestar --version`` (and ``lodestar loc``) answered without Typer,
pydantic or the settings, with Typer's own output and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from tests.conftest import make_repo

from lodestar import __version__
from lodestar.cli.app import app
from lodestar.cli.loc_run import _VALUED, LocArgs, fast_loc_args

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


# --- lodestar loc -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fast") / "api"
    make_repo(
        path,
        {
            "app/main.py": "import os\n\n# entry point\ndef main():\n    return os.name\n",
            "vendor/lib.js": "var a = 1;\n/* x */\n",
            "README.md": "# API\n\nText.\n",
            "big.txt": "x\n" * 600,
            "bin/run": "#!/bin/sh\n# run it\necho hi\n",
            "pkg/data.json": '{\n  "a": 1\n}\n',
        },
    )
    return path


def _loc_cases(repo: Path) -> list[list[str]]:
    r = str(repo)
    return [
        ["loc", r],
        ["loc", r, "--json"],
        ["loc", "--json", r, "--kind", "own", "--kind=vendored"],
        ["loc", r, "--ref", "HEAD", "--jobs", "2", "--json"],
        ["loc", r, "--ref=HEAD~0", "--jobs=1", "--max-file-size", "100"],
        ["loc", r, "--kind", "mine"],  # Lodestar's usage error: one line, exit 2
        ["loc", str(repo.parent / "nope")],  # no such folder: exit 2
        ["loc", str(repo / "app")],  # not a repository's top: git's error
        ["loc", r, "--ref", "no-such-ref"],
        ["loc", r, "--jobs", "3"],  # out of range: Typer's message
        ["loc", r, "--max-file-size", "0"],
        ["loc", r, "--json=1"],
        ["loc", r, "--ref"],
        ["loc", r, r],
        ["loc", "--help"],
        ["loc", r, "--", "--json"],
    ]


def test_loc_prints_what_typer_prints(repo: Path) -> None:
    for args in _loc_cases(repo):
        fast = _run("lodestar.cli", args)
        assert fast == _run("lodestar.cli.app", args), args
        assert fast[2] in (0, 1, 2), (args, fast)
    assert json.loads(_run("lodestar.cli", ["loc", str(repo), "--json"])[0])["total"]["files"] == 6


def test_loc_json_loads_neither_typer_nor_rich_nor_pydantic(repo: Path) -> None:
    out, err, code = _run("lodestar.cli", ["loc", str(repo), "--json"], report_modules=True)
    assert code == 0 and json.loads(out)["commit"]
    assert err.endswith("MODULES []"), err


def test_loc_table_loads_rich_but_not_typer(repo: Path) -> None:
    out, err, code = _run("lodestar.cli", ["loc", str(repo)], report_modules=True)
    assert code == 0 and "Python" in out
    modules = err.rpartition("MODULES ")[2]
    assert "'rich'" in modules and "typer" not in modules and "pydantic" not in modules


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], LocArgs()),
        (["repo", "--json"], LocArgs(path=Path("repo"), as_json=True)),
        (
            ["--kind", "own", "--kind=vendored", "--jobs=2", "--max-file-size", "9", "r"],
            LocArgs(Path("r"), "HEAD", ("own", "vendored"), 2, 9, False),
        ),
        (["--ref", "v1", "--ref", "v2"], LocArgs(ref="v2")),  # the last one, as Click takes
        (["--ref", "-x"], None),
        (["--ref="], None),
        (["--jobs", "+1"], None),
        (["--jobs", "٣"], None),  # a digit, not an ASCII one: left to Click
        (["--max-file-size", "0"], None),
        (["a", "b"], None),
        (["-h"], None),
        (["--"], None),
        (["--workspace", "w"], None),
    ],
)
def test_fast_loc_reads_only_the_plainest_command_lines(
    args: list[str], expected: LocArgs | None
) -> None:
    assert fast_loc_args(args) == expected


def test_fast_loc_knows_the_commands_options() -> None:
    """A new or changed option of ``loc`` must be taught to fast_loc_args (or it falls back)."""
    group = typer.main.get_group(app)
    loc = group.get_command(group.make_context("lodestar", ["loc"], resilient_parsing=True), "loc")
    assert loc is not None
    ctx = loc.make_context("loc", [], resilient_parsing=True)
    options = {opt: p for p in loc.get_params(ctx) for opt in p.opts if opt.startswith("--")}
    assert set(options) == {*_VALUED, "--json", "--help"}
    for name, bounds in _VALUED.items():
        option = options[name]
        assert (getattr(option, "min", None), getattr(option, "max", None)) == (
            bounds or (None, None)
        )
    defaults = LocArgs()
    assert options["--max-file-size"].default == defaults.max_file_size
    assert options["--ref"].default == defaults.ref
    assert options["--jobs"].default == defaults.jobs


def test_the_config_name_the_start_up_uses_is_the_settings_one() -> None:
    """``lodestar.CONFIG_NAME`` names the workspace file without loading the settings model."""
    import lodestar
    from lodestar import settings

    assert lodestar.CONFIG_NAME == settings.CONFIG_NAME
