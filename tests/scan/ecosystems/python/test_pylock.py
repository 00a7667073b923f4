"""pylock.toml (PEP 751): golden records, sources, scopes, joining with pyproject, hostility."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.python_helpers import holds_contract, mutated, rows

from lodestar.errors import ManifestError
from lodestar.records import Scope
from lodestar.scan.dependencies import extract_dependencies
from lodestar.scan.ecosystems import parsers_for
from lodestar.scan.ecosystems.python.pylock import parse_pylock
from lodestar.scan.ecosystems.registry import ManifestContext

P = "pkg:pypi/"
CTX = ManifestContext()

# As pip 25 writes it (``pip lock``): wheels and sdists on PyPI, no dependency edges.
PIP_LOCK = b"""\
lock-version = "1.0"
created-by = "pip"

[[packages]]
name = "build"
version = "1.5.0"

[[packages.wheels]]
name = "build-1.5.0-py3-none-any.whl"
url = "https://files.pythonhosted.org/packages/0d/fe/build-1.5.0-py3-none-any.whl"

[packages.wheels.hashes]
sha256 = "13f3eecb844759ab66efec90ca17639bbf14dc06cb2fdf37a9010322d9c50a6f"

[[packages]]
name = "Flit_Core"
version = "4.0.2"

[packages.sdist]
name = "flit_core-4.0.2.tar.gz"
url = "https://files.pythonhosted.org/packages/40/79/flit_core-4.0.2.tar.gz"

[packages.sdist.hashes]
sha256 = "8d80717e28d982b41594ed5b14d4e89fbc5bad55473fde27994a3101db18a94e"

[[packages]]
name = "packaging"
version = "26.3"

[[packages.wheels]]
name = "packaging-26.3-py3-none-any.whl"
url = "https://files.pythonhosted.org/packages/63/34/packaging-26.3-py3-none-any.whl"

[packages.wheels.hashes]
sha256 = "d7193f7c8e4e93f444fde0262bf90af30e16fa0ad0ad44cb553c87339b23cd1c"
"""

# Every source kind of the PEP, with dependency edges, markers and the project's own folder.
FULL_LOCK = b"""\
lock-version = "1.0"
requires-python = ">=3.11"
dependency-groups = ["dev", "test"]
default-groups = []
created-by = "mousebender"

[[packages]]
name = "acme-app"
directory = { path = ".", editable = true }
dependencies = [{ name = "attrs" }, { name = "requests" }, { name = "pytest" }]

[[packages]]
name = "attrs"
version = "25.1.0"
index = "https://pypi.org/simple"

[[packages.wheels]]
url = "https://files.pythonhosted.org/a/attrs-25.1.0-py3-none-any.whl"
hashes = { sha256 = "aa" }

[[packages]]
name = "requests"
version = "2.32.3"
index = "https://pypi.acme.example.com/simple/"
dependencies = [{ name = "urllib3" }]
wheels = [{ name = "requests-2.32.3-py3-none-any.whl", hashes = { sha256 = "bb" } }]

[[packages]]
name = "urllib3"
version = "2.3.0"
wheels = [{ name = "urllib3-2.3.0-py3-none-any.whl", hashes = { sha256 = "cc" } }]

[[packages]]
name = "pytest"
version = "8.3.4"
marker = "'test' in dependency_groups"
wheels = [{ name = "pytest-8.3.4-py3-none-any.whl", hashes = { sha256 = "dd" } }]

[[packages]]
name = "ruff"
version = "0.9.1"
marker = "'dev' in dependency_groups and sys_platform == 'linux'"
wheels = [{ name = "ruff-0.9.1-py3-none-manylinux_2_17_x86_64.whl", hashes = { sha256 = "ee" } }]

[[packages]]
name = "acme-tools"

[packages.vcs]
type = "git"
url = "https://github.com/acme/tools.git"
requested-revision = "main"
commit-id = "0123456789abcdef0123456789abcdef01234567"
subdirectory = "py"

[[packages]]
name = "local-checkout"

[packages.vcs]
type = "git"
path = "../local-checkout"
commit-id = "0123456789abcdef0123456789abcdef01234567"

[[packages]]
name = "vendored-lib"

[packages.archive]
url = "https://downloads.acme.example.com/vendored_lib-1.2.tar.gz"
hashes = { sha256 = "ff" }

[[packages]]
name = "sibling"
directory = { path = "../sibling" }
"""


def test_registered_for_both_file_names() -> None:
    for path in ("pylock.toml", "build/pylock.toml", "pylock.dev.toml"):
        assert [(p.name, p.lock) for p in parsers_for(path)] == [("pylock", True)]
    assert parsers_for("pylock.toml.bak") == []
    assert parsers_for("mypylock.toml") == []


def test_pip_written_lock_golden() -> None:
    deps = parse_pylock("pylock.toml", PIP_LOCK, CTX)
    assert rows(deps) == {
        (P + "build@1.5.0", Scope.RUNTIME, False, None),
        (P + "flit-core@4.0.2", Scope.RUNTIME, False, None),  # normalised name
        (P + "packaging@26.3", Scope.RUNTIME, False, None),
    }
    assert {d.name: d.line for d in deps} == {"build": 4, "Flit_Core": 15, "packaging": 26}


def test_every_source_kind_edges_and_markers() -> None:
    deps = parse_pylock("svc/pylock.toml", FULL_LOCK, CTX)
    assert (
        rows(deps)
        == {
            (P + "attrs@25.1.0", Scope.RUNTIME, True, None),  # PyPI's own index: no qualifier
            (
                P + "requests@2.32.3?repository_url=https://pypi.acme.example.com/simple",
                Scope.RUNTIME,
                True,  # the project depends on it
                None,
            ),
            (P + "urllib3@2.3.0", Scope.RUNTIME, False, None),  # only requests depends on it
            (P + "pytest@8.3.4", Scope.TEST, True, None),
            (P + "ruff@0.9.1", Scope.DEV, True, None),  # no package depends on it: direct
            (
                P + "acme-tools?vcs_url=git%2Bhttps://github.com/acme/tools.git"
                "%400123456789abcdef0123456789abcdef01234567%23py",
                Scope.RUNTIME,
                True,
                None,
            ),
            (
                P + "vendored-lib@1.2?download_url=https://downloads.acme.example.com/"
                "vendored_lib-1.2.tar.gz",
                Scope.RUNTIME,
                True,
                None,
            ),
        }
    )
    # the project itself, a sibling folder and a local VCS checkout are the repository's own
    assert not {"acme-app", "sibling", "local-checkout"} & {d.name for d in deps}


def test_joined_with_the_pyproject_beside_it() -> None:
    pyproject = b'[dependency-groups]\nbuild = ["build", "flit-core >=3.11,<5"]\n'
    files = {"build-project/pyproject.toml": pyproject, "build-project/pylock.toml": PIP_LOCK}
    deps, warnings = extract_dependencies(files)
    assert warnings == []
    assert {(d.purl, d.scope, d.direct, d.constraint) for d in deps} == {
        (P + "build@1.5.0", Scope.BUILD, True, None),
        (P + "flit-core@4.0.2", Scope.BUILD, True, ">=3.11,<5"),
        (P + "packaging@26.3", Scope.RUNTIME, False, None),
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"packages = 3\n", "not an array"),
        (b'[[packages]]\nversion = "1"\n', "no name"),
        (b"[[packages]\n", "invalid TOML"),
        (b'[[packages]]\nname = "bad name!"\nversion = "1"\n', "invalid package name"),
        (b"a = [" + b"1," * 700_000 + b"]\n", "separators"),
    ],
)
def test_bad_locks_are_manifest_errors(data: bytes, message: str) -> None:
    with pytest.raises(ManifestError, match=message) as caught:
        parse_pylock("pylock.toml", data, CTX)
    assert caught.value.path == "pylock.toml"


def test_missing_name_names_its_line() -> None:
    data = b'lock-version = "1.0"\n\n[[packages]]\nname = "a"\n\n[[packages]]\nversion = "2"\n'
    with pytest.raises(ManifestError) as caught:
        parse_pylock("pylock.toml", data, CTX)
    assert caught.value.line == 6


_TOKENS = (b"[[packages]]\n", b'name = "', b"vcs = {", b"directory = {", b"]", b"=", b'"')


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    holds_contract(parse_pylock, "pylock.toml", data)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([PIP_LOCK, FULL_LOCK]).flatmap(lambda lock: mutated(lock, _TOKENS)))
def test_mutated_locks(data: bytes) -> None:
    holds_contract(parse_pylock, "pylock.toml", data)
