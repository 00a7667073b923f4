"""setup.cfg and setup.py (static): golden fixtures, what stays unseen, fuzzing, hostile input."""

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
from lodestar.scan.ecosystems.python.setup_files import parse_setup_cfg, parse_setup_py
from lodestar.scan.ecosystems.registry import ManifestContext

R, D, T, B, OPT = Scope.RUNTIME, Scope.DEV, Scope.TEST, Scope.BUILD, Scope.OPTIONAL
DOC = Scope.DOCS
P = "pkg:pypi/"
CTX = ManifestContext()


def setup_py(source: str) -> set[tuple[str, Scope, bool, str | None]]:
    return rows(parse_setup_py("setup.py", source.encode(), CTX))


def test_parsers_are_registered() -> None:
    assert [p.name for p in parsers_for("lib/setup.cfg")] == ["setup-cfg"]
    assert [p.name for p in parsers_for("lib/setup.py")] == ["setup-py"]


def test_setup_cfg_golden() -> None:
    deps = parse_fixture(parse_setup_cfg, "setuptools/setup.cfg")
    assert rows(deps) == {
        (P + "flask", R, True, ">=2.2,<3"),
        (P + "sqlalchemy", R, True, ">=1.4,<2.0"),  # a comment line inside the value
        (P + "stripe@7.9.0", R, True, "==7.9.0"),
        (P + "python-dotenv", R, True, None),  # an inline comment
        (P + "backports-zoneinfo", R, True, None),
        (P + "setuptools-scm", B, True, ">=6.2"),  # setup_requires
        (P + "pytest", T, True, None),  # tests_require
        (P + "freezegun", T, True, None),
        (P + "pytest-flask", T, True, None),  # extra "test"; pytest>=7 there is the same package
        (P + "sphinx", DOC, True, ">=7"),  # "docs = sphinx>=7; furo": one line, ;-separated
        (P + "furo", DOC, True, None),
        (P + "weasyprint@60.2", OPT, True, "==60.2"),
        (P + "ipython", D, True, None),  # dev = file: requirements-dev.txt
        (P + "pre-commit", D, True, ">=3"),
    }
    where = lines(deps)
    assert where["stripe"] == ("setuptools/setup.cfg", 14)
    assert where["furo"] == ("setuptools/setup.cfg", 26)
    assert where["pre-commit"] == ("setuptools/requirements-dev.txt", 2)


def test_setup_cfg_without_options_declares_nothing() -> None:
    assert (
        parse_setup_cfg("setup.cfg", b"[metadata]\nname = x\n[flake8]\nignore = E501\n", CTX) == []
    )


def test_setup_cfg_duplicates_and_percent_signs_are_tolerated() -> None:
    data = b"[options]\ninstall_requires = a%(b)s\n[options]\ninstall_requires = c>=1\n"
    assert rows(parse_setup_cfg("setup.cfg", data, CTX)) == {(P + "c", R, True, ">=1")}


@pytest.mark.parametrize("data", [b"no section header\n", b"[options\nx=1\n", b"[a]\n  = x\n::\n"])
def test_setup_cfg_syntax_errors(data: bytes) -> None:
    with pytest.raises(ManifestError):
        parse_setup_cfg("setup.cfg", data, CTX)


def test_setup_py_golden() -> None:
    deps = parse_fixture(parse_setup_py, "setuptools/setup.py")
    assert rows(deps) == {
        (P + "click", R, True, ">=8.0"),  # BASE_REQUIREMENTS + [...]
        (P + "pyyaml", R, True, ">=5.4"),
        (P + "requests", R, True, ">=2.25,<3"),
        (P + "attrs@23.2.0", R, True, "==23.2.0"),
        (P + "typing-extensions", R, True, ">=4.0"),  # install_requires += [...]
        (P + "setuptools-scm", B, True, None),
        (P + "pytest", T, True, ">=6"),  # TEST_REQUIRES with *BASE_REQUIREMENTS
        (P + "pytest-mock", T, True, None),
        (P + "click", T, True, ">=8.0"),
        (P + "pyyaml", T, True, ">=5.4"),
        (P + "ruamel-yaml", OPT, True, ">=0.17"),  # extras_require=dict(...)
        (P + "tox", D, True, None),
        (P + "twine@4.0.2", D, True, "==4.0.2"),
        (P + "colorama", R, True, ">=0.4"),  # ":sys_platform == 'win32'" → runtime
        (P + "boto3", OPT, True, None),  # "s3:python_version >= '3.8'"
    }  # importlib-metadata (.append) and the file-read extra are dynamic: unseen
    where = lines(deps)
    assert where["attrs"] == ("setuptools/setup.py", 21)
    assert where["twine"] == ("setuptools/setup.py", 45)


def test_setup_py_variants() -> None:
    source = """
import setuptools
from distutils.core import setup as _setup

DEPS: list[str] = ["a>=1"]
EXTRAS = {"test": ["b"], **{"docs": ("c",)}}
config = dict(install_requires=DEPS, extras_require=EXTRAS, setup_requires="d\\ne  # x\\n# c\\n")

def main():
    setuptools.setup(**config, tests_require=["f"])

if __name__ == "__main__":
    main()
"""
    assert setup_py(source) == {
        (P + "a", R, True, ">=1"),
        (P + "b", T, True, None),
        (P + "c", DOC, True, None),
        (P + "d", B, True, None),
        (P + "e", B, True, None),
        (P + "f", T, True, None),
    }


def test_setup_py_dynamic_values_are_skipped_silently() -> None:
    source = """
from setuptools import setup
def reqs(name):
    with open(name) as f:
        return f.read().splitlines()
setup(
    install_requires=reqs("requirements.txt"),
    extras_require={k: reqs(k) for k in ("a", "b")},
    tests_require=[x for x in ["p"]],
    setup_requires=UNDEFINED,
)
"""
    assert setup_py(source) == set()


def test_setup_py_is_never_executed() -> None:
    source = (
        'raise SystemExit("executed!")\n'
        'import os; os.system("touch /tmp/pwned")\n'
        'setup(install_requires=["a"])\n'
    )
    assert setup_py(source) == {(P + "a", R, True, None)}


def test_python2_setup_py_is_a_manifest_error_with_its_line() -> None:
    with pytest.raises(ManifestError) as caught:
        parse_setup_py("setup.py", b"from setuptools import setup\nprint 'hello'\nsetup()\n", CTX)
    assert caught.value.line == 2


def test_invalid_requirement_in_setup_py() -> None:
    with pytest.raises(ManifestError) as caught:
        parse_setup_py("setup.py", b"setup(\n  install_requires=[\n    'ok', 'bad req!!'])\n", CTX)
    assert caught.value.line == 3


@pytest.mark.parametrize(
    "source",
    [
        b"x = " + b"(" * 5_000 + b")" * 5_000,
        b"x = " + b"+".join([b"1"] * 200_000),
        b"a0 = ['x']\n"
        + b"".join(b"a%d = a%d + a%d\n" % (i, i - 1, i - 1) for i in range(1, 60))
        + b"setup(install_requires=a59)\n",
        b"a = a + a\nsetup(install_requires=a)\n",
        b"e = {**e}\nsetup(extras_require=e)\n",
        b"\x00\x01\x02",
        b"# -*- coding: klingon -*-\nsetup()\n",
    ],
)
def test_hostile_setup_py(source: bytes) -> None:
    assert timed(lambda: holds_contract(parse_setup_py, "setup.py", source)) < 3


_PY_TOKENS = (b"(", b")", b"[", b"]", b"*", b"**", b"+", b"'", b'"', b"\n", b"setup(", b"=")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_setup_py_arbitrary_bytes(data: bytes) -> None:
    holds_contract(parse_setup_py, "setup.py", data)


@settings(max_examples=150, deadline=None)
@given(mutated(fixture("setuptools/setup.py"), _PY_TOKENS))
def test_setup_py_mutated_fixture(data: bytes) -> None:
    holds_contract(parse_setup_py, "setuptools/setup.py", data)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_setup_cfg_arbitrary_bytes(data: bytes) -> None:
    holds_contract(parse_setup_cfg, "setup.cfg", data)


@settings(max_examples=150, deadline=None)
@given(
    mutated(
        fixture("setuptools/setup.cfg"), (b"[", b"]", b"=", b":", b"\n  ", b";", b"file:", b"%(")
    )
)
def test_setup_cfg_mutated_fixture(data: bytes) -> None:
    holds_contract(parse_setup_cfg, "setuptools/setup.cfg", data)


def test_setup_cfg_colon_keys_and_oversized_files() -> None:
    data = b"[options]\ninstall_requires:\n  a>=1\n  b\n"
    deps = parse_setup_cfg("setup.cfg", data, CTX)
    assert [(d.name, d.line) for d in deps] == [("a", 3), ("b", 4)]
    with pytest.raises(ManifestError, match="larger than"):
        parse_setup_py("setup.py", b"#" * (2 << 20), CTX)
