"""pyproject.toml: PEP 621, PEP 735, Poetry, PDM, Hatch, uv; golden fixtures, fuzzing, hostility."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.python_helpers import (
    fixture,
    holds_contract,
    lines,
    mutated,
    parse_fixture,
    rows,
    timed,
)

from lodestar.errors import ManifestError
from lodestar.records import Scope
from lodestar.scan.ecosystems import parsers_for
from lodestar.scan.ecosystems.python.pyproject import parse_pyproject
from lodestar.scan.ecosystems.registry import ManifestContext

R, D, T, B, OPT = Scope.RUNTIME, Scope.DEV, Scope.TEST, Scope.BUILD, Scope.OPTIONAL
DOC = Scope.DOCS
P = "pkg:pypi/"
CTX = ManifestContext()


def parse(
    text: str, files: dict[str, bytes] | None = None
) -> set[tuple[str, Scope, bool, str | None]]:
    data = text.encode()
    return rows(
        parse_pyproject(
            "pyproject.toml", data, ManifestContext.of({"pyproject.toml": data, **(files or {})})
        )
    )


def test_parser_is_registered() -> None:
    assert [p.name for p in parsers_for("services/api/pyproject.toml")] == ["pyproject"]


def test_pep621_dependency_groups_and_uv_golden() -> None:
    deps = parse_fixture(parse_pyproject, "pyproject-pep621/pyproject.toml")
    assert rows(deps) == {
        (P + "setuptools", B, True, ">=68"),
        (P + "setuptools-scm", B, True, ">=8.0"),
        (P + "wheel", B, True, None),
        (P + "pydantic", R, True, ">=2.5,<3"),
        (P + "sqlalchemy@2.0.25", R, True, "==2.0.25"),
        (P + "boto3", R, True, "~= 1.34"),
        (P + "tomli", R, True, ">=2.0.1"),  # a marker: still runtime
        # [tool.uv.sources]: git → vcs_url, index → repository_url; workspace/path dropped
        (P + "orjson?vcs_url=git%2Bhttps://github.com/ijl/orjson%403.9.10", R, True, None),
        (P + "internal-sdk?repository_url=https://pypi.acme.example.com/simple", R, True, ">=4"),
        (P + "rich?vcs_url=git%2Bhttps://github.com/Textualize/rich.git%40v13.7.0", R, True, None),
        (P + "asyncpg", OPT, True, ">=0.29"),  # extra "postgres" → optional
        (P + "pytest", T, True, ">=7"),  # extra "test" → test
        (P + "pytest-asyncio@0.23.3", T, True, "==0.23.3"),
        (P + "moto", T, True, None),
        (P + "mkdocs-material", DOC, True, ">=9"),  # extra "docs" → docs
        (P + "mkdocstrings", DOC, True, None),
        (P + "coverage", T, True, ">=7.4"),  # [dependency-groups] test
        (P + "hypothesis", T, True, None),
        (P + "ruff@0.1.14", D, True, "==0.1.14"),  # group "lint"
        (P + "mypy", D, True, ">=1.8"),
        (P + "ipython", D, True, None),  # group "dev" (its include-groups are not copied)
        (P + "pre-commit", D, True, ">=3.6"),  # [tool.uv] dev-dependencies
    }
    names = {d.name for d in deps}
    assert not names & {"acme-common", "acme-geo", "acme-ingest"}  # workspace, path, self
    where = lines(deps)
    assert where["SQLAlchemy"] == ("pyproject-pep621/pyproject.toml", 14)
    assert where["moto"] == ("pyproject-pep621/pyproject.toml", 29)
    assert where["ipython"] == ("pyproject-pep621/pyproject.toml", 43)
    assert where["wheel"] == ("pyproject-pep621/pyproject.toml", 2)


def test_poetry_golden() -> None:
    deps = parse_fixture(parse_pyproject, "pyproject-poetry/pyproject.toml")
    assert rows(deps) == {
        (P + "poetry-core", B, True, ">=1.8.0"),
        (P + "pandas", R, True, "^2.1"),
        (P + "numpy", R, True, "<1.25 || ^1.26"),  # multiple constraints
        (P + "jinja2@3.1.3", R, True, "3.1.3"),  # a bare version is exact in Poetry
        (P + "openpyxl", OPT, True, "~3.1"),  # optional = true
        (P + "requests", R, True, "^2.31"),
        (
            P + "reportlab?vcs_url=git%2Bhttps://github.com/acme/reportlab-mirror.git%40v4.0.9",
            R,
            True,
            None,
        ),
        (
            P
            + "weasyprint@61.0?download_url=https://files.example.com/wheels/weasyprint-61.0-py3-none-any.whl",
            R,
            True,
            None,
        ),
        (P + "acme-secrets?repository_url=https://pypi.acme.example.com/simple", R, True, "^2.0"),
        (P + "click", R, True, "*"),
        (P + "black", D, True, "^23.12"),  # dev-dependencies (Poetry < 1.2)
        (P + "pytest", T, True, "^7.4"),  # group "test"
        (P + "pytest-cov@4.1.0", T, True, "==4.1.0"),
        (P + "sphinx", DOC, True, ">=7.2"),  # group "docs"
        (P + "bump-my-version", D, True, "^0.17"),  # group "tooling"
    }  # python is the interpreter; acme-common is a path dependency
    where = lines(deps)
    assert where["Jinja2"] == ("pyproject-poetry/pyproject.toml", 15)
    assert where["pytest-cov"] == ("pyproject-poetry/pyproject.toml", 32)


def test_pdm_hatch_and_requirements_hook_golden() -> None:
    deps = parse_fixture(parse_pyproject, "pyproject-pdm-hatch/pyproject.toml")
    assert rows(deps) == {
        (P + "hatchling", B, True, None),
        (P + "hatch-vcs", B, True, None),
        (P + "hatch-requirements-txt", B, True, None),
        (P + "fastapi", R, True, ">=0.109"),
        (P + "uvicorn", R, True, ">=0.27"),
        (P + "pytest", T, True, ">=7.4"),  # [tool.pdm.dev-dependencies] test
        (P + "ruff", D, True, ">=0.1"),
        (P + "benchkit?vcs_url=git%2Bhttps://github.com/acme/benchkit.git%40main", D, True, None),
        (P + "ipdb", D, True, None),  # hatch's default env is the development env
        (P + "httpx", D, True, None),
        (P + "pytest-httpx", T, True, ">=0.28"),  # env hatch-test
        (P + "mypy", D, True, ">=1.8"),  # env "types"
        (P + "types-pyyaml", D, True, None),
        (P + "pyyaml", R, True, ">=6.0"),  # from requirements.txt via the hatch hook
    }  # -e file:///${PROJECT_ROOT}/libs/testkit is the repository's own code
    assert lines(deps)["pyyaml"] == ("pyproject-pdm-hatch/requirements.txt", 1)


def test_setuptools_dynamic_files() -> None:
    text = """
[project]
name = "x"
dynamic = ["dependencies", "optional-dependencies"]
[tool.setuptools.dynamic]
dependencies = { file = "requirements.in" }
optional-dependencies.cli = { file = ["requirements/cli.txt"] }
optional-dependencies.test = { file = ["requirements/test.txt", "missing.txt"] }
"""
    files = {
        "requirements.in": b"click>=8\n",
        "requirements/cli.txt": b"rich\n",
        "requirements/test.txt": b"pytest==8.0.0\n",
    }
    assert parse(text, files) == {
        (P + "click", R, True, ">=8"),
        (P + "rich", OPT, True, None),
        (P + "pytest@8.0.0", T, True, "==8.0.0"),
    }


def test_self_referencing_extras_and_groups_are_not_dependencies() -> None:
    text = """
[project]
name = "My.Lib"
optional-dependencies = { all = ["my-lib[a,b]", "extra-thing"], a = ["aaa"] }
[dependency-groups]
dev = ["my_lib[a]", "devtool"]
"""
    assert parse(text) == {
        (P + "extra-thing", OPT, True, None),
        (P + "aaa", OPT, True, None),
        (P + "devtool", D, True, None),
    }


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ('a = [{include-group = "b"}]\nb = [{include-group = "a"}]', "includes itself"),
        ('a = [{include-group = "a"}]', "includes itself"),
        ('a = [{include-group = "nope"}]', "unknown"),
        ("a = [{include-group = 3}]", "unknown"),
    ],
)
def test_broken_group_includes(groups: str, message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        parse(f"[dependency-groups]\n{groups}\n")


def test_group_include_names_are_normalised() -> None:
    text = '[dependency-groups]\nTest_Tools = ["pytest"]\ndev = [{include-group = "test-tools"}]\n'
    assert parse(text) == {(P + "pytest", T, True, None)}


def test_wrong_shapes_declare_nothing() -> None:
    text = """
project = "nope"
dependency-groups = []
[tool]
poetry = 3
[tool.hatch]
envs = "x"
[tool.pdm.dev-dependencies]
test = "pytest"
[tool.uv]
sources = []
"""
    assert parse(text) == set()


def test_poetry_wrong_value_shapes() -> None:
    text = """
[tool.poetry.dependencies]
Python = "^3.11"
a = 3
b = []
c = [{ git = "https://g/c.git", branch = "dev" }, { version = "1" }]
d = { version = "==2.0" }
e = "1.2.*"
f = "=1.0.0"
"""
    assert parse(text) == {
        (P + "c?vcs_url=git%2Bhttps://g/c.git%40dev", R, True, None),
        (P + "d@2.0", R, True, "==2.0"),
        (P + "e", R, True, "1.2.*"),
        (P + "f@1.0.0", R, True, "=1.0.0"),
    }


def test_invalid_pep508_string_is_a_manifest_error() -> None:
    with pytest.raises(ManifestError, match="invalid requirement"):
        parse('[project]\ndependencies = ["ok", "not valid!!"]\n')


def test_invalid_package_name_is_a_manifest_error() -> None:
    with pytest.raises(ManifestError, match="invalid package name"):
        parse('[tool.poetry.dependencies]\n"a/b" = "1"\n')


@pytest.mark.parametrize(
    "data",
    [
        b"a = " + b"[" * 50_000,
        b"a = " + b"{b = " * 50_000,
        b"a = " + b"9" * 100_000,
        b'[project]\ndependencies = ["' + b"a" * 5_000_000 + b'"]\n',
        b"\xff\xfe\x00\xd8",
        b"[project\n",
    ],
)
def test_hostile_toml(data: bytes) -> None:
    def run() -> None:
        with pytest.raises(ManifestError):
            parse_pyproject("pyproject.toml", data, CTX)

    assert timed(run) < 2


_TOKENS = (
    b"[",
    b"]",
    b"{",
    b"}",
    b"=",
    b'"',
    b"include-group",
    b"git",
    b"path",
    b"\n[tool.poetry.dependencies]\n",
)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    holds_contract(parse_pyproject, "pyproject.toml", data)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(
        [
            "pyproject-pep621/pyproject.toml",
            "pyproject-poetry/pyproject.toml",
            "pyproject-pdm-hatch/pyproject.toml",
        ]
    ).flatmap(lambda name: st.tuples(st.just(name), mutated(fixture(name), _TOKENS)))
)
def test_mutated_fixtures(case: tuple[str, bytes]) -> None:
    holds_contract(parse_pyproject, case[0], case[1])


def test_oversized_pyproject_is_refused() -> None:
    data = b"[project]\ndependencies = [" + b'"a",' * 300_000 + b"]\n"
    with pytest.raises(ManifestError, match="larger than"):
        parse_pyproject("pyproject.toml", data, CTX)


def test_work_budget_bounds_a_dense_pyproject() -> None:
    data = b"[project]\ndependencies = [" + b'"a",' * 250_000 + b"]\n"
    data = data[: 1 << 20]  # just under the size cap, and no longer valid TOML at the end
    data = data[: data.rindex(b",")] + b"]\n"

    def run() -> None:
        with pytest.raises(ManifestError, match="units of work"):
            parse_pyproject("pyproject.toml", data, CTX)

    assert timed(run) < 3


def test_poetry_project_name_is_not_its_own_dependency() -> None:
    text = (
        '[tool.poetry]\nname = "acme_app"\n[dependency-groups]\ndev = ["acme-app[test]", "ruff"]\n'
    )
    assert parse(text) == {(P + "ruff", D, True, None)}
