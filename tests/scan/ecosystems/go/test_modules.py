"""go.mod and go.sum parsers: golden fixtures, edge cases, fuzzing, hostile input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.polyglot_fuzz import (
    HOSTILE,
    LARGE,
    fixture,
    list_or_manifest_error,
    mutated,
    refused_in,
    rows,
    timed,
    tree,
)

from lodestar.errors import ManifestError
from lodestar.records import Scope
from lodestar.scan.dependencies import extract_dependencies
from lodestar.scan.ecosystems import parsers_for
from lodestar.scan.ecosystems.go.modules import parse_go_mod, parse_go_sum
from lodestar.scan.ecosystems.registry import ManifestContext

R = Scope.RUNTIME
CTX = ManifestContext()


def test_parsers_are_registered() -> None:
    assert [p.name for p in parsers_for("svc/go.mod")] == ["go-mod"]
    assert [(p.name, p.lock) for p in parsers_for("svc/go.sum")] == [("go-sum", True)]


def test_go_mod_golden() -> None:
    deps = parse_go_mod("go.mod", fixture("go", "go.mod"), CTX)
    g = "pkg:golang/"
    assert rows(deps) == {
        (g + "github.com/go-chi/chi/v5@v5.0.12", R, True, "v5.0.12"),
        (g + "github.com/jackc/pgx/v5@v5.5.5", R, True, "v5.5.5"),
        (g + "github.com/prometheus/client_golang@v1.19.0", R, True, "v1.19.0"),
        (g + "github.com/spf13/cobra@v1.8.0", R, True, "v1.8.0"),
        (g + "github.com/stretchr/testify@v1.9.0", R, True, "v1.9.0"),
        (g + "go.uber.org/zap@v1.27.0", R, True, "v1.27.0"),
        (g + "google.golang.org/grpc@v1.62.1", R, True, "v1.62.1"),
        (g + "gopkg.in/yaml.v3@v3.0.1", R, True, "v3.0.1"),
        # replaced by a fork at a pinned version: the fork is what is built
        (g + "github.com/acme/legacy-client-fork@v1.2.1", R, True, "v1.2.1"),
        # quoted path; module paths keep their case
        (g + "github.com/Azure/azure-sdk-for-go/sdk/azcore@v1.10.0", R, True, "v1.10.0"),
        (g + "github.com/beorn7/perks@v1.0.1", R, False, "v1.0.1"),
        (g + "github.com/cespare/xxhash/v2@v2.2.0", R, False, "v2.2.0"),
        (g + "github.com/davecgh/go-spew@v1.1.1", R, False, "v1.1.1"),
        (g + "github.com/docker/docker@v25.0.5%2Bincompatible", R, False, "v25.0.5+incompatible"),
        (g + "github.com/jackc/pgpassfile@v1.0.0", R, False, "v1.0.0"),
        (g + "github.com/pmezard/go-difflib@v1.0.0", R, False, "v1.0.0"),
        (g + "go.uber.org/multierr@v1.11.0", R, False, "v1.11.0"),
        (g + "golang.org/x/crypto@v0.21.0", R, False, "v0.21.0"),
        # replaced for every version: the replacement's version wins
        (g + "golang.org/x/net@v0.23.0", R, False, "v0.23.0"),
        (g + "golang.org/x/sys@v0.18.0", R, False, "v0.18.0"),
        (g + "golang.org/x/text@v0.14.0", R, False, "v0.14.0"),
        (
            g + "google.golang.org/genproto/googleapis/rpc@v0.0.0-20240314234333-6e1732d8331c",
            R,
            False,
            "v0.0.0-20240314234333-6e1732d8331c",
        ),
        (g + "google.golang.org/protobuf@v1.33.0", R, False, "v1.33.0"),
    }
    # the local replacement (../shared-lib), go/toolchain, exclude, retract, tool: no records
    assert not [d for d in deps if "shared-lib" in d.name or "grpc@v1.62.0" in d.purl]
    by_name = {d.name: d for d in deps}
    assert by_name["github.com/go-chi/chi/v5"].line == 8
    assert by_name["golang.org/x/text"].line == 32
    assert by_name["gopkg.in/yaml.v3"].version == "v3.0.1"
    assert all(d.ecosystem == "golang" and d.manifest == "go.mod" for d in deps)


def test_go_sum_golden() -> None:
    deps = parse_go_sum("go.sum", fixture("go", "go.sum"), CTX)
    assert all(not d.direct and d.constraint is None and d.scope is R for d in deps)
    purls = [d.purl for d in deps]
    assert len(purls) == len(set(purls)) == 22  # each (module, version) once
    # per module: the version with a full hash first, then higher before lower
    testify = [d.version for d in deps if d.name == "github.com/stretchr/testify"]
    assert testify == ["v1.9.0", "v1.8.0", "v1.7.1"]
    objx = [d.version for d in deps if d.name == "github.com/stretchr/objx"]
    assert objx == ["v0.5.2", "v0.5.0", "v0.1.0"]
    yaml = [d.version for d in deps if d.name == "gopkg.in/yaml.v3"]
    assert yaml == ["v3.0.1", "v3.0.0-20200313102051-9f266ea9e77c"]
    net = [d for d in deps if d.name == "golang.org/x/net"]
    assert [(d.version, d.line) for d in net] == [("v0.23.0", 23), ("v0.22.0", 22)]
    assert "pkg:golang/github.com/docker/docker@v25.0.5%2Bincompatible" in purls
    assert "pkg:golang/gopkg.in/check.v1@v0.0.0-20161208181325-20d25e280405" in purls


def test_go_mod_and_go_sum_merge_keeps_the_selected_version() -> None:
    files = {f"svc/{name}": data for name, data in tree("go").items()}
    deps, warnings = extract_dependencies(files)
    assert warnings == []
    by_name = {(d.name, d.manifest) for d in deps}
    assert ("golang.org/x/net", "svc/go.mod") in by_name
    net = [d for d in deps if d.name == "golang.org/x/net"]
    assert [d.version for d in net] == ["v0.23.0"]
    testify = [d for d in deps if d.name == "github.com/stretchr/testify"]
    assert [(d.version, d.direct) for d in testify] == [("v1.9.0", True)]


def test_single_line_forms_quotes_and_empty_blocks() -> None:
    data = b"""module example.com/m
require example.com/a v1.0.0
require `example.com/b` v1.1.0-rc.1 // indirect
require ()
require (
\t// a comment line
\texample.com/c v0.0.0-20230102030405-abcdefabcdef
)
"""
    deps = parse_go_mod("go.mod", data, CTX)
    assert [(d.name, d.version, d.direct, d.line) for d in deps] == [
        ("example.com/a", "v1.0.0", True, 2),
        ("example.com/b", "v1.1.0-rc.1", False, 3),
        ("example.com/c", "v0.0.0-20230102030405-abcdefabcdef", True, 7),
    ]


def test_replace_with_version_beats_replace_for_every_version() -> None:
    data = b"""module m
require example.com/a v1.0.0
require example.com/b v2.0.0
replace example.com/a => example.com/any v9.0.0
replace example.com/a v1.0.0 => example.com/exact v1.0.1
replace example.com/b v1.0.0 => example.com/unused v1.0.0
replace example.com/c => C:\\src\\c
"""
    deps = parse_go_mod("go.mod", data, CTX)
    assert [d.purl for d in deps] == [
        "pkg:golang/example.com/exact@v1.0.1",
        "pkg:golang/example.com/b@v2.0.0",
    ]


def test_local_replacements_are_not_external() -> None:
    data = b"""module m
require (
\texample.com/a v1.0.0
\texample.com/b v1.0.0
\texample.com/c v1.0.0
)
replace example.com/a => ./a
replace example.com/b v1.0.0 => ../b
replace example.com/c => /abs/c
"""
    assert parse_go_mod("go.mod", data, CTX) == []


def test_a_required_version_that_is_excluded_has_no_exact_version() -> None:
    data = b"module m\nrequire example.com/a v1.2.0\nexclude example.com/a v1.2.0\n"
    (dep,) = parse_go_mod("go.mod", data, CTX)
    assert (dep.purl, dep.version, dep.constraint) == ("pkg:golang/example.com/a", None, "v1.2.0")


def test_an_invalid_version_is_kept_as_constraint_only() -> None:
    (dep,) = parse_go_mod("go.mod", b"require example.com/a latest\n", CTX)
    assert (dep.purl, dep.version, dep.constraint) == ("pkg:golang/example.com/a", None, "latest")


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"module m\nrequire (\n\texample.com/a v1.0.0\n", 2),
        (b"module m\nrequire example.com/a\n", 2),
        (b"require example.com/a v1 v2\n", 1),
        (b'require "example.com/a v1.0.0\n', 1),
        (b"replace example.com/a v1.0.0\n", 1),
        (b"replace example.com/a => example.com/b\n", 1),
        (b"replace a b => c d e\n", 1),
        (b"exclude example.com/a\n", 1),
        (b")\n", 1),
        (b"require example.com/ v1.0.0\n", 1),  # no purl name: found by Hypothesis
    ],
)
def test_malformed_go_mod_is_a_manifest_error_with_a_line(data: bytes, line: int) -> None:
    with pytest.raises(ManifestError) as info:
        parse_go_mod("go.mod", data, CTX)
    assert info.value.line == line


@pytest.mark.parametrize(
    "data", [b"example.com/a v1.0.0\n", b"a v1 h1:x extra\n", b"example.com/ v1.0.0 h1:x\n"]
)
def test_malformed_go_sum_is_a_manifest_error(data: bytes) -> None:
    with pytest.raises(ManifestError) as info:
        parse_go_sum("go.sum", data, CTX)
    assert info.value.line == 1


def test_not_utf8_is_a_manifest_error() -> None:
    for parse in (parse_go_mod, parse_go_sum):
        with pytest.raises(ManifestError, match="UTF-8"):
            parse("go.mod", b"require \xff\xfe v1.0.0\n", CTX)


_GO_TOKENS = (b"require", b"(", b")", b"\n", b"//", b"// indirect", b"=>", b'"', b"`", b"/go.mod")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    list_or_manifest_error(parse_go_mod, "go.mod", data)
    list_or_manifest_error(parse_go_sum, "go.sum", data)


@settings(max_examples=150, deadline=None)
@given(mutated(fixture("go", "go.mod"), _GO_TOKENS))
def test_mutated_go_mod(data: bytes) -> None:
    list_or_manifest_error(parse_go_mod, "go.mod", data)


@settings(max_examples=100, deadline=None)
@given(mutated(fixture("go", "go.sum"), _GO_TOKENS))
def test_mutated_go_sum(data: bytes) -> None:
    list_or_manifest_error(parse_go_sum, "go.sum", data)


def test_hostile_inputs_fail_fast_or_parse() -> None:
    huge_number = b"require example.com/a v" + b"9" * 100_000 + b".0.0\n"
    (dep,) = parse_go_mod("go.mod", huge_number, CTX)
    assert dep.version is None
    quotes = b'require "' + b'\\"' * 1_000_000 + b"\n"
    assert refused_in(parse_go_mod, "go.mod", quotes) < HOSTILE
    backslashes = b'require "' + b"\\" * 3_000_000 + b"\n"
    assert refused_in(parse_go_mod, "go.mod", backslashes) < HOSTILE


def test_large_go_sum_is_fast() -> None:
    lines = [
        f"example.com/mod{i // 4} v1.{i % 4}.{i} h1:{'A' * 43}=\n"
        f"example.com/mod{i // 4} v1.{i % 4}.{i}/go.mod h1:{'B' * 43}=\n"
        for i in range(40_000)
    ]
    data = "".join(lines).encode()
    assert len(data) > 5_000_000
    elapsed = timed(lambda: parse_go_sum("go.sum", data, CTX))
    assert elapsed < LARGE


# Regression found by benchmarks/cdxgen_compare.py on gin-gonic/gin (see benchmarks/README.md):
# go.sum lines for modules a Go 1.17+ go.mod does not require are not dependencies.
PRUNED_MOD = b"""module example.com/web

go %s

require (
\tgithub.com/stretchr/testify v1.11.1
\tgolang.org/x/net v0.47.0 // indirect
)

replace golang.org/x/net => golang.org/x/net v0.48.0
"""
PRUNED_SUM = b"""github.com/creack/pty v1.1.9/go.mod h1:oKZEueFk5CKHvIhNR5MUki03XCEU+Q6VDXinZuGJ33E=
github.com/stretchr/objx v0.5.2/go.mod h1:FRsXN1f5AsAjCGJKqEizvkpNtU+EGNCLh3NxZ/8L+MA=
github.com/stretchr/testify v1.11.1 h1:7s2iGBzp5EwR7/aIZr8ao5+dra3wiQyKjjFuvgVKu7U=
github.com/stretchr/testify v1.11.1/go.mod h1:wZwfW3scLgRK+23gO65QZefKpKQRnfz6sD981Nm4B6U=
golang.org/x/net v0.47.0/go.mod h1:1+bhDxUtVnPXkm6FQ/jwPvK5XuEUdcBuFOCwLOQPCFE=
golang.org/x/net v0.48.0 h1:zyQRTTrjc33Lhh0fBgT/H3oZq9WuvRR5gPC70xpDiQU=
gopkg.in/check.v1 v1.0.0-20201130134442-10cb98267c6c h1:Hei/4ADfdWqJk1ZMxUNpqntNwaWcugrBjAiHlqqRiVk=
"""


PRUNED = {
    "pkg:golang/github.com/stretchr/testify@v1.11.1",
    "pkg:golang/golang.org/x/net@v0.48.0",  # the replacement, under its own path
    "pkg:golang/golang.org/x/net@v0.47.0",  # the merge keeps only the selected version
}


@pytest.mark.parametrize(("go", "pruned"), [(b"1.25.0", True), (b"1.17", True), (b"1.16", False)])
def test_go_sum_beside_a_pruned_go_mod_reports_only_required_modules(
    go: bytes, pruned: bool
) -> None:
    files = {"go.mod": PRUNED_MOD % go, "go.sum": PRUNED_SUM}
    everything = {d.purl for d in parse_go_sum("go.sum", PRUNED_SUM, CTX)}
    assert len(everything) == 6  # no go.mod to read: every module
    purls = {d.purl for d in parse_go_sum("go.sum", PRUNED_SUM, ManifestContext.of(files))}
    assert purls == (PRUNED if pruned else everything)
    deps, warnings = extract_dependencies(files)
    assert warnings == []
    joined = {d.purl for d in deps}
    if pruned:
        assert joined == {
            "pkg:golang/github.com/stretchr/testify@v1.11.1",
            "pkg:golang/golang.org/x/net@v0.48.0",
        }
    else:  # before Go 1.17, go.mod may leave out modules the build uses
        assert "pkg:golang/github.com/creack/pty@v1.1.9" in joined
