"""pip requirements files: golden fixtures, pip's line grammar, includes, fuzzing, hostile input."""

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
from lodestar.scan.ecosystems.python.requirements import parse_requirements
from lodestar.scan.ecosystems.registry import ManifestContext

R, D, T = Scope.RUNTIME, Scope.DEV, Scope.TEST
P = "pkg:pypi/"
CTX = ManifestContext()

RUNTIME_ROWS = {
    (P + "structlog", R, True, ">=23.1"),  # from -r requirements/common.txt
    (P + "sentry-sdk@1.39.1", R, True, "==1.39.1"),
    (P + "django", R, True, ">=4.2,<5.0"),
    (P + "djangorestframework@3.14.0", R, True, "==3.14.0"),
    (P + "psycopg@3.1.18", R, True, "==3.1.18"),  # extras and marker not in the constraint
    (P + "celery", R, True, "~= 5.3"),  # as written
    (P + "gunicorn@21.2.0", R, True, "==21.2.0"),  # a backslash continuation
    (P + "python-dateutil", R, True, None),
    (P + "requests@2.31.0", R, True, "==2.31.0"),  # --hash options ignored
    (P + "importlib-metadata", R, True, ">=6.0"),  # a marker keeps the line, runtime
    (
        P + "django-health-check?vcs_url=git%2Bhttps://github.com/acme/django-health-check.git"
        "%40v3.17.0-acme.1",
        R,
        True,
        None,
    ),
    (
        P + "acme-auth?vcs_url=git%2Bssh://git%40github.com/acme/acme-auth.git%404f2a9c1e8b7d"
        "%23python",
        R,
        True,
        None,
    ),  # -e VCS with subdirectory
    (
        P + "pdfkit@1.0.0?checksum=sha256:0a1b2c3d"
        "&download_url=https://files.example.com/pdfkit-1.0.0-py3-none-any.whl",
        R,
        True,
        None,
    ),  # name @ url: version from the wheel file name
    (P + "weasyprint@60.2", R, True, None),  # a local wheel file
}  # and "-e ." is the project itself: left out


def test_parsers_are_registered() -> None:
    for path in (
        "requirements.txt",
        "svc/requirements-dev.txt",
        "requirements_test.in",
        "dev-requirements.txt",
        "requirements.in",
    ):
        assert [p.name for p in parsers_for(path)] == ["pip-requirements"], path
    assert not parsers_for("MANIFEST.in")
    assert not parsers_for("constraints.txt")


def test_runtime_file_with_include_golden() -> None:
    deps = parse_fixture(parse_requirements, "requirements/requirements.txt")
    assert rows(deps) == RUNTIME_ROWS
    where = lines(deps)
    assert where["structlog"] == ("requirements/requirements/common.txt", 2)
    assert where["Django"] == ("requirements/requirements.txt", 9)
    assert where["gunicorn"] == ("requirements/requirements.txt", 13)
    assert where["requests"] == ("requirements/requirements.txt", 16)
    assert where["weasyprint"] == ("requirements/requirements.txt", 24)
    assert {d.name for d in deps} >= {"Django", "psycopg", "sentry-sdk"}  # names as written


def test_dev_file_scopes_by_file_name_and_applies_constraints() -> None:
    deps = parse_fixture(parse_requirements, "requirements/requirements-dev.txt")
    assert rows(deps) == RUNTIME_ROWS | {
        (P + "pytest", T, True, ">=7.4"),  # requirements-test.txt → test
        (P + "pytest-django@4.7.0", T, True, None),  # version from constraints.txt
        (P + "factory-boy@3.3.0", T, True, "==3.3.0"),
        (P + "black@23.12.1", D, True, "==23.12.1"),
        (P + "ruff@0.1.9", D, True, None),  # version from constraints.txt
        (P + "mypy", D, True, ">=1.8"),
        (P + "django-stubs@4.2.7", D, True, None),
    }  # urllib3<2 is only a constraint: not a dependency
    assert lines(deps)["factory-boy"] == ("requirements/requirements-test.txt", 3)


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("docs/requirements.txt", Scope.DOCS),  # Read the Docs' convention
        ("doc/requirements.txt", Scope.DOCS),
        ("Documentation/requirements.txt", Scope.DOCS),
        ("docs/source/requirements.txt", Scope.DOCS),  # the nearest scope folder counts
        ("requirements-docs.txt", Scope.DOCS),
        ("docs-requirements.txt", Scope.DOCS),
        ("requirements/docs.txt", Scope.DOCS),
        ("tests/requirements.txt", Scope.TEST),
        ("docs/requirements-test.txt", Scope.TEST),  # the file's own name first
        ("dev-portal/requirements.txt", Scope.RUNTIME),  # "dev-portal" is not a dev folder
        ("services/api/requirements.txt", Scope.RUNTIME),
        ("requirements.txt", Scope.RUNTIME),
    ],
)
def test_scope_from_the_file_name_then_its_folder(path: str, scope: Scope) -> None:
    data = b"sphinx==7.3.7\n"
    (dep,) = parse_requirements(path, data, ManifestContext.of({path: data}))
    assert dep.scope is scope


def test_included_file_gives_the_same_records_as_parsed_alone() -> None:
    alone = parse_fixture(parse_requirements, "requirements/requirements-test.txt")
    via_dev = parse_fixture(parse_requirements, "requirements/requirements-dev.txt")
    included = {d for d in via_dev if d.manifest == "requirements/requirements-test.txt"}
    assert {(d.name, d.line, d.scope) for d in alone} == {
        (d.name, d.line, d.scope) for d in included
    }


def test_pip_compile_output_tells_direct_from_transitive() -> None:
    deps = parse_fixture(parse_requirements, "pip-compile/requirements.txt")
    assert rows(deps) == {
        (P + "anyio@4.2.0", R, False, "==4.2.0"),
        (P + "asgiref@3.7.2", R, False, "==3.7.2"),
        (P + "certifi@2023.11.17", R, False, "==2023.11.17"),
        (P + "django@4.2.9", R, True, "==4.2.9"),  # via -r requirements.in
        (P + "h11@0.14.0", R, False, "==0.14.0"),
        (P + "httpcore@1.0.2", R, False, "==1.0.2"),
        (P + "httpx@0.26.0", R, True, "==0.26.0"),
        (P + "idna@3.6", R, False, "==3.6"),  # multi-line via block
        (P + "sniffio@1.3.0", R, False, "==1.3.0"),
        (P + "sqlparse@0.4.4", R, False, "==0.4.4"),
    }


def test_old_pip_compile_inline_annotations() -> None:
    data = (
        b"django==2.2.28             # via -r requirements.in\n"
        b"pytz==2023.3               # via django\n"
        b"six==1.16.0                # via django-environ, python-dateutil\n"
        b"acme-app==1.0              # via acme (setup.py)\n"
    )
    deps = parse_requirements("requirements.txt", data, CTX)
    assert {d.name: d.direct for d in deps} == {
        "django": True,
        "pytz": False,
        "six": False,
        "acme-app": True,
    }


def test_utf16_pip_freeze_output() -> None:
    deps = parse_fixture(parse_requirements, "pip-compile/requirements-freeze.txt")
    assert rows(deps) == {
        (P + "flask@2.0.3", R, True, "==2.0.3"),
        (P + "itsdangerous@2.0.1", R, True, "==2.0.1"),
        (P + "werkzeug@2.0.3", R, True, "==2.0.3"),
    }


@pytest.mark.parametrize(
    ("line", "purl", "constraint"),
    [
        ("requests", "pkg:pypi/requests", None),
        ("Requests_OAuthlib>=1.3", "pkg:pypi/requests-oauthlib", ">=1.3"),
        ("zope.interface==6.1", "pkg:pypi/zope-interface@6.1", "==6.1"),
        ("foo===1.0-local", "pkg:pypi/foo@1.0-local", "===1.0-local"),
        ("foo==1.2.*", "pkg:pypi/foo", "==1.2.*"),  # a wildcard is not an exact pin
        ("foo (>=1.0, <2)", "pkg:pypi/foo", ">=1.0, <2"),
        ("foo>=1;python_version<'3.8'", "pkg:pypi/foo", ">=1"),
        ("foo[bar,baz]  >= 1.0   # trailing comment", "pkg:pypi/foo", ">= 1.0"),
        ("foo==1.0 --hash sha256:abc", "pkg:pypi/foo@1.0", "==1.0"),
        (
            "git+https://gitlab.com/acme/tool.git@main#egg=acme-tool",
            "pkg:pypi/acme-tool?vcs_url=git%2Bhttps://gitlab.com/acme/tool.git%40main",
            None,
        ),
        (
            "-e hg+https://hg.example.com/repo#egg=hgpkg",
            "pkg:pypi/hgpkg?vcs_url=hg%2Bhttps://hg.example.com/repo",
            None,
        ),
        (
            "--editable=git+https://github.com/acme/no-egg.git",
            "pkg:pypi/no-egg?vcs_url=git%2Bhttps://github.com/acme/no-egg.git",
            None,
        ),  # no #egg=: the repository name is the guess
        (
            "https://ghp_secret@github.com/acme/x/archive/x-2.0.tar.gz",
            "pkg:pypi/x@2.0?download_url=https://github.com/acme/x/archive/x-2.0.tar.gz",
            None,
        ),  # credentials are never recorded
        (
            "foo @ https://example.com/foo-1.0.tar.gz ; python_version > '3'",
            "pkg:pypi/foo@1.0?download_url=https://example.com/foo-1.0.tar.gz",
            None,
        ),
        (
            "bar @ https://example.com/other-9.0.zip",
            "pkg:pypi/bar?download_url=https://example.com/other-9.0.zip",
            None,
        ),  # the file is not a release of bar: no version
    ],
)
def test_requirement_lines(line: str, purl: str, constraint: str | None) -> None:
    [dep] = parse_requirements("requirements.txt", line.encode() + b"\n", CTX)
    assert (dep.purl, dep.constraint, dep.line) == (purl, constraint, 1)


@pytest.mark.parametrize(
    "line",
    [
        "-e .",
        "-e .[dev,test]",
        "./libs/common",
        "file:///opt/src/pkg#egg=pkg",
        "-e file:.#egg=me",
        "--index-url https://pypi.example.com/simple",
        "-i https://pypi.example.com/simple",
        "--find-links ./wheels",
        "--pre",
        "--no-binary :all:",
        "# just a comment",
        "   ",
        "-r",
        "-c missing.txt",
    ],
)
def test_lines_that_declare_nothing(line: str) -> None:
    assert parse_requirements("requirements.txt", line.encode(), CTX) == []


def test_comment_and_continuation_rules() -> None:
    data = b"a==1 \\\n  --hash=sha256:x \\\n  --hash=sha256:y\n# c \\\nb\nurl-pkg @ https://h/u-1.0.whl#sha256=f\nc\\"
    deps = parse_requirements("requirements.txt", data, CTX)
    assert [(d.name, d.line) for d in deps] == [("a", 1), ("b", 5), ("url-pkg", 6), ("c", 7)]


def test_include_cycles_are_cut() -> None:
    files = {
        "requirements.txt": b"-r a.txt\nroot-pkg\n",
        "a.txt": b"a-pkg\n-r b.txt\n",
        "b.txt": b"-r a.txt\n-r requirements.txt\n-r ./b.txt\nb-pkg\n",
    }
    deps = parse_requirements(
        "requirements.txt", files["requirements.txt"], ManifestContext.of(files)
    )
    assert [(d.name, d.manifest) for d in deps] == [
        ("a-pkg", "a.txt"),
        ("b-pkg", "b.txt"),
        ("root-pkg", "requirements.txt"),
    ]


def test_includes_never_leave_the_repository() -> None:
    files = {"requirements.txt": b"-r ../../etc/secrets.txt\n-r /etc/passwd\nok\n"}
    deps = parse_requirements(
        "requirements.txt", files["requirements.txt"], ManifestContext.of(files)
    )
    assert [d.name for d in deps] == ["ok"]


def test_invalid_requirement_names_its_line() -> None:
    with pytest.raises(ManifestError) as caught:
        parse_requirements("requirements.txt", b"ok\nfoo >= = 1\n", CTX)
    assert caught.value.line == 2
    assert "\n" not in str(caught.value)


def test_error_in_an_included_file_names_it() -> None:
    files = {"requirements.txt": b"# x\n-r base.txt\n", "base.txt": b"a\nb c d\n"}
    with pytest.raises(ManifestError) as caught:
        parse_requirements("requirements.txt", files["requirements.txt"], ManifestContext.of(files))
    assert (caught.value.path, caught.value.line) == ("requirements.txt", 2)
    assert "base.txt:2" in caught.value.reason


def test_undecodable_bytes_are_a_manifest_error() -> None:
    with pytest.raises(ManifestError):
        parse_requirements("requirements.txt", b"caf\xe9==1.0\n", CTX)


def test_include_fan_out_is_bounded_and_fast() -> None:
    files = {f"r{i}.txt": b"".join(b"-r r%d.txt\n" % j for j in range(200)) for i in range(200)}
    files["requirements.txt"] = b"-r r0.txt\n"
    ctx = ManifestContext.of(files)
    assert timed(lambda: parse_requirements("requirements.txt", files["requirements.txt"], ctx)) < 1


def test_large_file_is_fast() -> None:
    data = b"".join(
        b"package-%d==1.%d.0 \\\n    --hash=sha256:%064d\n" % (i, i, i) for i in range(10_000)
    )
    deps: list[object] = []
    assert timed(lambda: deps.extend(parse_requirements("requirements.txt", data, CTX))) < 1.5
    assert len(deps) == 10_000


_TOKENS = (b"-r ", b"-c ", b"-e ", b"\\\n", b"#", b" #", b"==", b"@", b";", b"[", b"git+", b"://")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    holds_contract(parse_requirements, "requirements.txt", data)


@settings(max_examples=150, deadline=None)
@given(mutated(fixture("requirements/requirements.txt"), _TOKENS))
def test_mutated_fixture(data: bytes) -> None:
    holds_contract(parse_requirements, "requirements/requirements.txt", data)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text(text: str) -> None:
    holds_contract(parse_requirements, "requirements.txt", text.encode())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\n" * 8_000_000, "units of work"),  # 8 MiB of nothing
        (b"a\n" * 4_000_000, "units of work"),
        (b"a" * 8_000_000, "longer than"),
        (b"a" + b">=1," * 2_000_000, "longer than"),  # packaging is quadratic on this
        ((b"a" + b">=1," * 1020 + b"\n") * 2_000, "units of work"),  # dense, under the length cap
    ],
)
def test_hostile_requirements_are_refused_quickly(data: bytes, message: str) -> None:
    def run() -> None:
        with pytest.raises(ManifestError, match=message):
            parse_requirements("requirements.txt", data, CTX)

    assert timed(run) < 3
