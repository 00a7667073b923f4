"""poetry.lock, pdm.lock and uv.lock: golden fixtures, graph scopes, speed, fuzzing, hostility."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.python_helpers import (
    Parse,
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
from lodestar.scan.dependencies import extract_dependencies
from lodestar.scan.ecosystems import parsers_for
from lodestar.scan.ecosystems.python.poetry_pdm import parse_pdm_lock, parse_poetry_lock
from lodestar.scan.ecosystems.python.uv_lock import parse_uv_lock
from lodestar.scan.ecosystems.registry import ManifestContext

R, D, T, OPT = Scope.RUNTIME, Scope.DEV, Scope.TEST, Scope.OPTIONAL
DOC = Scope.DOCS
P = "pkg:pypi/"
CTX = ManifestContext()
LOCKS: list[tuple[Parse, str]] = [
    (parse_poetry_lock, "poetry-lock-2.1/poetry.lock"),
    (parse_poetry_lock, "poetry-lock-1.1/poetry.lock"),
    (parse_pdm_lock, "pdm-lock/pdm.lock"),
    (parse_uv_lock, "uv-lock/uv.lock"),
]


def test_parsers_are_registered() -> None:
    for path, name in (
        ("poetry.lock", "poetry-lock"),
        ("a/pdm.lock", "pdm-lock"),
        ("uv.lock", "uv-lock"),
    ):
        assert [(p.name, p.lock) for p in parsers_for(path)] == [(name, True)]


def test_poetry_lock_2_1_golden() -> None:
    deps = parse_fixture(parse_poetry_lock, "poetry-lock-2.1/poetry.lock")
    assert (
        rows(deps)
        == {
            (
                P + "acme-secrets@2.3.1?repository_url=https://pypi.acme.example.com/simple",
                R,
                False,
                None,
            ),
            (P + "colorama@0.4.6", R, False, None),  # groups main + test: runtime
            (P + "et-xmlfile@1.1.0", OPT, False, None),  # optional = true: only with an extra
            (P + "iniconfig@2.0.0", T, False, None),
            (P + "numpy@1.24.4", R, False, None),  # two versions, by marker
            (P + "numpy@1.26.3", R, False, None),
            (P + "openpyxl@3.1.2", OPT, False, None),
            (P + "pytest@7.4.4", T, False, None),
            (
                P + "reportlab@4.0.9?vcs_url=git%2Bhttps://github.com/acme/reportlab-mirror.git"
                "%405a7e0c8d9f1b2a3c4d5e6f708192a3b4c5d6e7f8",
                R,
                False,
                None,
            ),  # at the resolved commit
            (P + "sphinx@7.2.6", DOC, False, None),  # group docs
            (
                P
                + "weasyprint@61.0?download_url=https://files.example.com/wheels/weasyprint-61.0-py3-none-any.whl",
                R,
                False,
                None,
            ),
        }
    )  # acme-common is a directory source: the repository's own code
    assert {d.line for d in deps if d.name == "numpy"} == {69, 79}
    assert lines(deps)["pytest"] == ("poetry-lock-2.1/poetry.lock", 102)


def test_poetry_lock_1_1_categories() -> None:
    deps = parse_fixture(parse_poetry_lock, "poetry-lock-1.1/poetry.lock")
    assert rows(deps) == {
        (P + "atomicwrites@1.4.1", D, False, None),
        (P + "certifi@2022.12.7", R, False, None),
        (P + "pyyaml@6.0", OPT, False, None),  # category main, optional
        (P + "pytest@6.2.5", D, False, None),
    }
    assert lines(deps)["PyYAML"] == ("poetry-lock-1.1/poetry.lock", 17)


def test_poetry_lock_2_0_without_groups_is_runtime() -> None:
    data = (
        b'[[package]]\nname = "a"\nversion = "1"\noptional = false\n\n'
        b'[[package]]\nname = "b"\nversion = "2"\noptional = true\n'
    )
    assert rows(parse_poetry_lock("poetry.lock", data, CTX)) == {
        (P + "a@1", R, False, None),
        (P + "b@2", OPT, False, None),
    }


def test_pdm_lock_golden() -> None:
    deps = parse_fixture(parse_pdm_lock, "pdm-lock/pdm.lock")
    assert rows(deps) == {
        (
            P + "benchkit@0.9.0?vcs_url=git%2Bhttps://github.com/acme/benchkit.git"
            "%400c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d",
            T,
            False,
            None,
        ),
        (P + "click@8.1.7", R, False, None),
        (P + "colorama@0.4.6", R, False, None),  # default and test: runtime
        (P + "fastapi@0.109.2", R, False, None),
        (P + "redis@5.0.1", OPT, False, None),  # group "redis": an extra
        (P + "ruff@0.1.14", D, False, None),  # group "lint"
        (P + "uvicorn@0.27.0", R, False, None),  # locked twice (with and without extras): once
        (P + "uvloop@0.19.0", R, False, None),
        (
            P
            + "weasyprint@61.0?download_url=https://files.example.com/wheels/weasyprint-61.0-py3-none-any.whl",
            R,
            False,
            None,
        ),
    }  # acme-testkit is an editable path
    assert lines(deps)["uvicorn"] == ("pdm-lock/pdm.lock", 75)


def test_uv_lock_golden() -> None:
    deps = parse_fixture(parse_uv_lock, "uv-lock/uv.lock")
    assert rows(deps) == {
        (P + "annotated-types@0.7.0", R, False, None),
        (P + "anyio@4.4.0", R, False, None),
        (P + "asyncpg@0.29.0", OPT, True, None),  # the root's extra "postgres"
        (P + "attrs@23.2.0", R, True, None),  # direct dependency of the workspace member
        (P + "certifi@2024.7.4", R, False, None),
        (P + "colorama@0.4.6", D, False, None),  # only through pytest (dev group)
        (P + "h2@4.1.0", R, False, None),  # httpx[http2]: the edge's extra is followed
        (P + "hpack@4.0.0", R, False, None),
        (P + "httpcore@1.0.5", R, False, None),
        (P + "h11@0.14.0", R, False, None),
        (P + "httpx@0.27.0", R, True, None),
        (P + "idna@3.7", R, False, None),
        (P + "iniconfig@2.0.0", D, False, None),
        (
            P + "internal-sdk@4.2.0?repository_url=https://pypi.acme.example.com/simple",
            R,
            True,
            None,
        ),
        (
            P
            + "mkdocs-plugin@1.0.0?download_url=https://files.example.com/mkdocs_plugin-1.0.0-py3-none-any.whl",
            DOC,
            True,
            None,
        ),  # dev group "docs"
        (P + "numpy@1.26.4", R, True, None),  # forked by marker: both versions
        (P + "numpy@2.0.1", R, True, None),
        (
            P
            + "orjson@3.9.10?vcs_url=git%2Bhttps://github.com/ijl/orjson%408a2b9f1c0d3e4f5a6b7c8d9e0f1a2b3c4d5e6f70",
            R,
            True,
            None,
        ),
        (P + "packaging@24.1", D, False, None),
        (P + "pluggy@1.5.0", D, False, None),
        (P + "pydantic@2.8.2", R, True, None),
        (P + "pydantic-core@2.20.1", R, False, None),
        (P + "pytest@8.3.2", D, True, None),
        (P + "ruff@0.5.0", D, True, None),
        (P + "sniffio@1.3.1", R, False, None),
        (P + "socksio@1.0.0", R, False, None),  # reached by no root (httpx[socks] unused)
        (P + "typing-extensions@4.12.2", R, False, None),
    }  # acme-ingest and acme-common are editable workspace members
    assert lines(deps)["pydantic"] == ("uv-lock/uv.lock", 215)


def test_uv_lock_scope_prefers_the_most_needed_path() -> None:
    data = b"""
[[package]]
name = "app"
version = "1.0"
source = { virtual = "." }
dependencies = [{ name = "a" }]
[package.dev-dependencies]
test = [{ name = "b" }]
[package.optional-dependencies]
cli = [{ name = "c" }]

[[package]]
name = "a"
version = "1"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "shared" }]

[[package]]
name = "b"
version = "1"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "shared" }, { name = "only-test" }, { name = "c" }]

[[package]]
name = "c"
version = "1"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "b" }]

[[package]]
name = "shared"
version = "1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "only-test"
version = "1"
source = { registry = "https://pypi.org/simple" }
"""
    assert rows(parse_uv_lock("uv.lock", data, CTX)) == {
        (P + "a@1", R, True, None),
        (P + "b@1", OPT, True, None),  # direct in test, but reached through the cli extra first
        (P + "c@1", OPT, True, None),
        (P + "shared@1", R, False, None),
        (P + "only-test@1", OPT, False, None),  # c → b → only-test
    }


def test_lock_and_manifest_join() -> None:
    files = {
        "pyproject.toml": b'[project]\nname = "app"\ndependencies = ["httpx>=0.26"]\n',
        "uv.lock": b"""version = 1
[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "httpx" }]
[[package]]
name = "httpx"
version = "0.27.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "idna" }]
[[package]]
name = "idna"
version = "3.7"
source = { registry = "https://pypi.org/simple" }
""",
    }
    deps, warnings = extract_dependencies(files)
    assert not warnings
    assert {(d.purl, d.direct, d.constraint, d.manifest) for d in deps} == {
        ("pkg:pypi/httpx@0.27.0", True, ">=0.26", "pyproject.toml"),
        ("pkg:pypi/idna@3.7", False, None, "uv.lock"),
    }


def _big_uv_lock(count: int) -> bytes:
    root = 'version = 1\n\n[[package]]\nname = "root"\nsource = { editable = "." }\n'
    edges = ", ".join(f'{{ name = "pkg-{i}" }}' for i in range(0, count, 10))
    files = "https://files.pythonhosted.org/packages/x"
    digest = "d" * 64

    def package(i: int) -> str:
        deps = ", ".join(f'{{ name = "pkg-{j}" }}' for j in range(i + 1, min(count, i + 4)))
        wheels = "".join(
            f'    {{ url = "{files}/pkg_{i}-1.{i}.0-cp3{k}-none-any.whl", '
            f'hash = "sha256:{digest}", size = 12345 }},\n'
            for k in range(6)
        )
        return (
            f'\n[[package]]\nname = "pkg-{i}"\nversion = "1.{i}.0"\n'
            'source = { registry = "https://pypi.org/simple" }\n'
            f"dependencies = [{deps}]\n"
            f'sdist = {{ url = "{files}/pkg_{i}-1.{i}.0.tar.gz", hash = "sha256:{digest}" }}\n'
            f"wheels = [\n{wheels}]\n"
        )

    return (root + f"dependencies = [{edges}]\n" + "".join(map(package, range(count)))).encode()


def test_large_uv_lock_is_fast() -> None:
    data = _big_uv_lock(2_000)
    assert len(data) > 3_000_000
    deps: list[object] = []
    assert timed(lambda: deps.extend(parse_uv_lock("uv.lock", data, CTX))) < 2
    assert len(deps) == 2_000


def test_large_poetry_lock_is_fast() -> None:
    block = (
        '[[package]]\nname = "pkg-{i}"\nversion = "1.{i}"\ndescription = "x"\noptional = false\n'
        'python-versions = ">=3.8"\ngroups = ["main"]\nfiles = [\n'
        + ('    {{file = "pkg_{i}-1.{i}-py3-none-any.whl", hash = "sha256:' + "e" * 64 + '"}},\n')
        * 4
        + ']\n\n[package.dependencies]\nother = "*"\n\n'
    )
    data = "".join(block.format(i=i) for i in range(5_000)).encode()
    deps: list[object] = []
    assert timed(lambda: deps.extend(parse_poetry_lock("poetry.lock", data, CTX))) < 2
    assert len(deps) == 5_000


@pytest.mark.parametrize(("parse", "path"), [(p, n.rsplit("/", 1)[1]) for p, n in LOCKS])
@pytest.mark.parametrize(
    "data",
    [
        b"package = " + b"[" * 50_000,
        b"package = 3",
        b"[[package]]\nversion = '1'\n",
        b"[[package]]\nname = 'bad name!'\nversion = '1'\n",
        b"x = " + b"1" * 100_000,
        b"\xfe\xff\x00",
    ],
)
def test_hostile_locks(parse: Parse, path: str, data: bytes) -> None:
    def run() -> None:
        with pytest.raises(ManifestError):
            parse(path, data, CTX)

    assert timed(run) < 2


def test_uv_lock_dependency_cycles_terminate() -> None:
    data = b"""
[[package]]
name = "root"
source = { editable = "." }
dependencies = [{ name = "a", extra = ["x"] }]
[[package]]
name = "a"
version = "1"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "b" }, { name = "root" }]
[package.optional-dependencies]
x = [{ name = "a", extra = ["x"] }, { name = "b", extra = ["y"] }]
[[package]]
name = "b"
version = "1"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "a", extra = ["x"] }, 3, { name = 4 }]
"""
    assert rows(parse_uv_lock("uv.lock", data, CTX)) == {
        (P + "a@1", R, True, None),
        (P + "b@1", R, False, None),
    }


_TOKENS = (
    b"[[package]]\n",
    b'name = "',
    b"version = ",
    b"source = {",
    b"}",
    b"[",
    b"]",
    b'"',
    b"=",
)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(LOCKS), st.binary(max_size=512))
def test_arbitrary_bytes(lock: tuple[Parse, str], data: bytes) -> None:
    holds_contract(lock[0], lock[1], data)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(LOCKS).flatmap(
        lambda lock: st.tuples(st.just(lock), mutated(fixture(lock[1]), _TOKENS))
    )
)
def test_mutated_fixtures(case: tuple[tuple[Parse, str], bytes]) -> None:
    (parse, path), data = case
    holds_contract(parse, path, data)


def test_pdm_1_sections() -> None:
    data = b'[[package]]\nname = "a"\nversion = "1"\nsections = ["dev"]\n'
    assert rows(parse_pdm_lock("pdm.lock", data, CTX)) == {(P + "a@1", D, False, None)}


@pytest.mark.parametrize(("parse", "path"), [(p, n.rsplit("/", 1)[1]) for p, n in LOCKS])
@pytest.mark.parametrize(
    "data",
    [
        b"a = [" + b"1," * 700_000 + b"]\n",  # tomllib would take seconds
        b"".join(b'[[package]]\nname = "a%d"\nversion = "1"\n' % i for i in range(200_000)),
    ],
)
def test_dense_toml_locks_are_refused_quickly(parse: Parse, path: str, data: bytes) -> None:
    def run() -> None:
        with pytest.raises(ManifestError, match="separators"):
            parse(path, data, CTX)

    assert timed(run) < 1
