"""Language detection, binary sniffing and line counting (golden snippets + properties)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.budget import SLACK

from lodestar.catalog.languages import (
    LanguageCatalog,
    LanguageKind,
    default_catalog,
)
from lodestar.errors import ConfigError
from lodestar.records import LineCounts
from lodestar.scan.languages import (
    detect_language,
    is_binary,
    shebang_interpreter,
)
from lodestar.scan.line_counts import count_lines

# --- golden counts: (language, source, (code, comment, blank)), each checked by hand -----------

GOLDEN: list[tuple[str, str, tuple[int, int, int]]] = [
    (
        "C",
        """#include <stdio.h>
/* header
   comment */

int main(void) { /* x */
    printf("/* no */\\n");  // t
    // full line
    return 0; /* opens
       closes */
}
""",
        (5, 4, 1),
    ),
    (
        "C++",
        """// a
int x = 1; /* b /* c */ int y = 2;
/* d
// e
*/
""",
        (1, 4, 0),
    ),
    (
        "Python",
        '''#!/usr/bin/env python3
"""Module docstring.

Spans lines.
"""
import os  # trailing comment

# full-line comment
def f():
    \'\'\'Single-quoted docstring.\'\'\'
    s = "# not a comment"
    return """
text
"""
''',
        (5, 7, 2),
    ),
    (
        "Shell",
        """#!/bin/sh
# comment
echo "# not a comment" # trailing

  # indented comment
exit 0
""",
        (3, 2, 1),
    ),
    ("Ruby", "# comment\nputs 1\n=begin\ndoc\n=end\nputs 2 # trailing\n", (2, 4, 0)),
    (
        "Perl",
        """#!/usr/bin/perl
use strict;

=head1 NAME

Foo

=cut

print "hi\\n"; # trailing
__END__
junk
""",
        (3, 5, 4),
    ),
    (
        "Haskell",
        """{-# LANGUAGE OverloadedStrings #-}
module Main where
{- outer {- inner -} still outer
-}
main = putStrLn "hi" -- trailing
-- full
""",
        (3, 3, 0),
    ),
    (
        "Rust",
        """/* a /* nested */ still comment */
fn main() {
    let s = "/* not */"; // trailing
    /// doc comment
}
""",
        (3, 2, 0),
    ),
    (
        "Go",
        """package main

// Comment
import "fmt"

func main() {
\ts := `raw // not a comment
/* still a string */`
\tfmt.Println(s) /* trailing */
}
""",
        (7, 1, 2),
    ),
    (
        "JavaScript",
        """// header
const glob = '**/*.js'; // not a comment opener
/**
 * JSDoc
 */
function f() { return 1; }
""",
        (2, 4, 0),
    ),
    (
        "TypeScript",
        'import x from "http://example.com/x"; /* a\nb */\nexport const y: number = 1;\n',
        (2, 1, 0),
    ),
    (
        "Java",
        """package a;

/** Javadoc. */
public class A {
    // comment
    String s = "//"; /* block */
}
""",
        (4, 2, 1),
    ),
    ("Kotlin", '/* outer /* inner */ outer */\nfun main() = println("x") // c\n', (1, 1, 0)),
    ("Swift", "import Foundation\n/// doc\nlet x = 1\n", (2, 1, 0)),
    (
        "HTML",
        """<!DOCTYPE html>
<!-- a comment -->
<html>
<!--
multi
-->
<body>text</body> <!-- trailing -->
</html>
""",
        (4, 4, 0),
    ),
    ("CSS", '/* reset */\nbody { margin: 0; } /* x */\n\na::after { content: "/*"; }\n', (2, 1, 1)),
    (
        "SQL",
        "-- comment\nSELECT 1; -- trailing\n/* block\n   comment */\nSELECT '--not';\n",
        (2, 3, 0),
    ),
    ("YAML", '# comment\nkey: value # trailing\nlist:\n  - "# not"\n', (3, 1, 0)),
    ("TOML", "[tool]\n# comment\nx = 1\n", (2, 1, 0)),
    ("Makefile", '# comment\nall:\n\t@echo "# not"  # trailing\n\n.PHONY: all\n', (3, 1, 1)),
    ("Dockerfile", "FROM alpine\n# comment\nRUN echo hi\n", (2, 1, 0)),
    ("Lua", "-- line\nlocal x = 1 -- trailing\n--[[ block\ncomment ]]\nprint(x)\n", (2, 3, 0)),
    (
        "Elixir",
        'defmodule M do\n  @moduledoc """\n  Docs.\n  """\n  # comment\n  def f, do: 1\nend\n',
        (3, 4, 0),
    ),
    ("Erlang", "%% comment\n-module(m).\nf() -> ok. % trailing\n", (2, 1, 0)),
    ("Clojure", "; comment\n(defn f [] 1) ; trailing\n;; another\n", (1, 2, 0)),
    ("OCaml", "(* outer (* inner *) *)\nlet x = 1 (* trailing *)\n", (1, 1, 0)),
    ("F#", "// line\n(* block *)\nlet x = 1\n", (1, 2, 0)),
    ("PowerShell", '<#\n.SYNOPSIS\n#>\n# line\nWrite-Host "hi"\n', (1, 4, 0)),
    (
        "Batchfile",
        "@echo off\nREM comment\n:: comment\nrem another\necho remote\nrename a b\n",
        (3, 3, 0),
    ),
    ("Markdown", "# Title\n\nText.\n<!-- hidden -->\n", (2, 1, 1)),
    (
        "Vue",
        """<template>
  <!-- comment -->
  <div>{{ msg }}</div>
</template>
<script>
// comment
export default { data: () => ({ msg: "hi" }) }
</script>
""",
        (6, 2, 0),
    ),
    ("Assembly", "; comment\nmov eax, 1 ; trailing\n# also comment\n", (1, 2, 0)),
    (
        "Fortran",
        "C     comment\n      PROGRAM HI\n* another\n      PRINT *, 'Hi' ! t\n! free\n      END\n",
        (3, 3, 0),
    ),
    (
        "Fortran Free Form",
        'program hello\n  ! comment\n  print *, "hi" ! trailing\nend program\n',
        (3, 1, 0),
    ),
    ("R", "# c\nx <- 1\n", (1, 1, 0)),
    (
        "Julia",
        '#= block\ncomment =#\n"""\n    f(x)\nDocstring.\n"""\nf(x) = x # trailing\n',
        (1, 6, 0),
    ),
    ("Nim", "#[ nested #[ inner ]# ]#\necho 1\n", (1, 1, 0)),
    (
        "Protocol Buffer",
        'syntax = "proto3";\n// comment\nmessage M { string a = 1; } /* t */\n',
        (2, 1, 0),
    ),
    ("HCL", '# comment\n// also\n/* block */\nresource "x" "y" {}\n', (1, 3, 0)),
    (
        "PHP",
        '<?php\n# hash comment\n// slash comment\necho "/* not */"; /* real\ncomment */\n',
        (2, 3, 0),
    ),
    ("Gettext Catalog", '# translator\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n', (3, 1, 0)),
    (
        "Diff",
        "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n context\n",
        (4, 3, 0),
    ),
    ("CMake", "#[[ bracket\ncomment ]]\nproject(x) # trailing\n", (1, 2, 0)),
    ("Scala", "/* a /* b */ c */\nobject A // x\n", (1, 1, 0)),
    ("Text", "hello\n\n# not a comment in text\n", (2, 0, 1)),
]


@pytest.mark.parametrize(
    ("language", "source", "expected"), GOLDEN, ids=[f"{g[0]}-{i}" for i, g in enumerate(GOLDEN)]
)
def test_golden_counts(language: str, source: str, expected: tuple[int, int, int]) -> None:
    counts = count_lines(language, source.encode())
    assert (counts.code, counts.comment, counts.blank) == expected


def test_golden_set_covers_many_languages() -> None:
    assert len({g[0] for g in GOLDEN}) >= 25
    assert all(default_catalog().get(g[0]) for g in GOLDEN)


# --- edge cases ------------------------------------------------------------------------------


def test_empty_file_has_no_lines() -> None:
    assert count_lines("C", b"") == LineCounts(0, 0, 0)
    assert count_lines("Python", b"\xef\xbb\xbf") == LineCounts(0, 0, 0)


def test_lone_newline_is_one_blank_line() -> None:
    assert count_lines("C", b"\n") == LineCounts(0, 0, 1)


def test_last_line_without_newline_counts() -> None:
    assert count_lines("Python", b"x = 1\n# c") == LineCounts(1, 1, 0)
    assert count_lines("C", b"int x;\n   ") == LineCounts(1, 0, 1)


def test_crlf_line_endings() -> None:
    assert count_lines("C", b"int x;\r\n\r\n// c\r\n/* a\r\n b */\r\n") == LineCounts(1, 3, 1)
    assert count_lines("Shell", b"echo\r\n  \r\n# c\r\n") == LineCounts(1, 1, 1)


def test_whitespace_only_lines_are_blank() -> None:
    assert count_lines("Go", b"x\n\t \f\v\r\n") == LineCounts(1, 0, 1)


def test_byte_order_mark_is_ignored() -> None:
    assert count_lines("Python", b"\xef\xbb\xbf# comment\nx = 1\n") == LineCounts(1, 1, 0)


def test_non_utf8_bytes_are_counted() -> None:
    assert count_lines("Python", b"x = 1 \xff\xfe\n# \x80\x81\n") == LineCounts(1, 1, 0)
    assert count_lines("C", b"/* \xc3\x28 */\nint \xa0x;\n") == LineCounts(1, 1, 0)


def test_block_comment_with_code_on_both_ends_joins_the_lines_like_cloc() -> None:
    assert count_lines("C", b"a = 1; /* x\n y */ b = 2;\n") == LineCounts(1, 1, 0)


def test_unclosed_block_comment_is_not_a_comment() -> None:
    assert count_lines("C", b"int x; /* never closed\nint y;\n") == LineCounts(2, 0, 0)
    assert count_lines("Rust", b"/* a /* b */\nfn x() {}\n") == LineCounts(2, 0, 0)


def test_many_unclosed_openers_stay_linear() -> None:
    data = b"x /* y\n" * 20_000 + b"/* closed */\n" + b"z /*\n" * 20_000
    counts = count_lines("C", data)
    assert counts.total == 40_001


_HOSTILE = 300_000


@pytest.mark.parametrize(
    ("language", "data"),
    [
        ("C", b"x */ y" + b" /*" * (_HOSTILE // 3)),
        ("C", b"/*" * (_HOSTILE // 2)),
        ("C", b'"a/*" /* x */ ' + b'\\"' * (_HOSTILE // 2)),
        ("C", b'"/* ' + b'"\\' * (_HOSTILE // 2)),
        ("TypeScript", b"'" * _HOSTILE + b"/*"),
        ("HTML", b"-->" + b"<!--" * (_HOSTILE // 4)),
        ("Rust", b"/*" * (_HOSTILE // 2)),
        ("Rust", b"/*" * (_HOSTILE // 4) + b"*/" * (_HOSTILE // 4)),
        ("Haskell", b"{-" * (_HOSTILE // 2)),
        ("Python", b'"""' + b"'" * _HOSTILE),
        ("Perl", b"\n=pod" * (_HOSTILE // 5)),
        ("Go", b"`" + b"a/*" * (_HOSTILE // 3)),
    ],
)
def test_giant_hostile_lines_stay_linear(language: str, data: bytes) -> None:
    # Quadratic behaviour would take minutes on these; linear work takes milliseconds.
    start = time.perf_counter()
    counts = count_lines(language, data)
    assert (time.perf_counter() - start) / SLACK < 5
    assert counts.total == _physical_lines(data)


def test_shebang_line_is_code() -> None:
    assert count_lines("Python", b"#!/usr/bin/env python\n# c\n") == LineCounts(1, 1, 0)
    assert count_lines("JavaScript", b"#!/usr/bin/env node\nconsole.log(1)\n") == LineCounts(
        2, 0, 0
    )


def test_comment_markers_inside_strings() -> None:
    # A glob in a string opens no comment (cloc would swallow the next lines up to a "*/").
    source = b'const g = "src/**/*.ts";\nconst a = 1;\nconst b = "x/*";\nconst c = 2;\n'
    assert count_lines("TypeScript", source) == LineCounts(4, 0, 0)
    assert count_lines("C", b'char *s = "http://x"; /* c\nd */\n') == LineCounts(1, 1, 0)


def test_python_block_markers_are_code() -> None:
    assert count_lines("Python", b"x = glob('/*')\ny = '*/'\n") == LineCounts(2, 0, 0)


def test_triple_quoted_strings_count_as_comments_like_cloc() -> None:
    # cloc turns the quotes into /* */: "x = f(" and ")" join into one line of code.
    assert count_lines("Python", b'x = f("""\nSELECT 1\n""")\n') == LineCounts(1, 2, 0)


def test_perl_pod_without_cut_runs_to_the_end() -> None:
    assert count_lines("Perl", b"print 1;\n=pod\ntext\n") == LineCounts(1, 2, 0)


def test_unknown_language_counts_plain_lines() -> None:
    assert count_lines("No Such Language", b"a\n\n# b\n") == LineCounts(2, 0, 1)


def test_notebook_counts_code_cells() -> None:
    nb = (
        b'{"cells": [{"cell_type": "code", "source": ["# c\\n", "x = 1\\n", "\\n", "y = 2"]},'
        b'{"cell_type": "markdown", "source": ["# Title"]}], "nbformat": 4}'
    )
    assert count_lines("Jupyter Notebook", nb) == LineCounts(2, 1, 1)
    assert count_lines("Jupyter Notebook", b"{not json\n\n") == LineCounts(1, 0, 1)
    assert count_lines("Jupyter Notebook", b"[1, 2]") == LineCounts(1, 0, 0)


# --- properties ------------------------------------------------------------------------------

_FRAGMENTS = [
    b"/*",
    b"*/",
    b"//",
    b"#",
    b'"',
    b"'",
    b"`",
    b"\n",
    b"\r\n",
    b" ",
    b"\t",
    b"x",
    b"{-",
    b"-}",
    b"(*",
    b"*)",
    b'"""',
    b"'''",
    b"<!--",
    b"-->",
    b"--",
    b"--[[",
    b"]]",
    b"#[",
    b"]#",
    b"\n=begin\n",
    b"\n=end\n",
    b"\n=head1 x\n",
    b"\n=cut\n",
    b"\n__END__\n",
    b"\\",
    b"\xff",
    b"\x00",
    b"rem ",
    b"C",
]
_LANGUAGES = sorted(n for n in default_catalog().by_name if n != "Jupyter Notebook")
_source = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=60).map(b"".join),
)


def _physical_lines(data: bytes) -> int:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


@settings(max_examples=400, deadline=None)
@given(language=st.sampled_from(_LANGUAGES), data=_source)
def test_counts_add_up_to_the_physical_lines(language: str, data: bytes) -> None:
    counts = count_lines(language, data)
    assert min(counts.code, counts.comment, counts.blank) >= 0
    assert counts.total == _physical_lines(data)


@settings(max_examples=100, deadline=None)
@given(data=_source)
def test_blank_lines_do_not_depend_on_the_language(data: bytes) -> None:
    blanks = {count_lines(lang, data).blank for lang in ("C", "Python", "Haskell", "HTML")}
    assert len(blanks) == 1


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_notebook_counter_never_raises(data: bytes) -> None:
    assert count_lines("Jupyter Notebook", data).total >= 0


@settings(max_examples=300, deadline=None)
@given(path=st.text(max_size=80), head=st.binary(max_size=300))
def test_detection_never_raises(path: str, head: bytes) -> None:
    found = detect_language(path, head)
    assert found is None or found in default_catalog().by_name


# --- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("Makefile", "Makefile"),
        ("src/Makefile.am", "Makefile"),
        ("GNUmakefile", "Makefile"),
        ("Dockerfile", "Dockerfile"),
        ("deploy/Dockerfile.prod", "Dockerfile"),
        ("build.dockerfile", "Dockerfile"),
        ("CMakeLists.txt", "CMake"),
        ("Gemfile", "Ruby"),
        ("Jenkinsfile", "Groovy"),
        ("BUILD.bazel", "Starlark"),
        ("meson.build", "Meson"),
        (".bashrc", "Shell"),
        ("a/b/c.py", "Python"),
        ("SCRIPT.PY", "Python"),
        ("x.pyi", "Python"),
        ("main.go", "Go"),
        ("lib.rs", "Rust"),
        ("App.tsx", "TSX"),
        ("index.d.ts", "TypeScript"),
        ("comp.vue", "Vue"),
        ("x.C", "C++"),
        ("x.cc", "C++"),
        ("x.kts", "Kotlin"),
        ("build.gradle", "Gradle"),
        ("settings.gradle.kts", "Gradle Kotlin DSL"),
        ("x.tf", "HCL"),
        ("x.yml", "YAML"),
        ("x.md", "Markdown"),
        ("x.ipynb", "Jupyter Notebook"),
        ("x.ps1", "PowerShell"),
        ("x.bat", "Batchfile"),
        ("x.sh", "Shell"),
        ("x.zsh", "Shell"),
        ("x.cs", "C#"),
        ("x.swift", "Swift"),
        ("x.dart", "Dart"),
        ("x.proto", "Protocol Buffer"),
        ("tsconfig.json", "JSON with Comments"),
        ("package.json", "JSON"),
        ("x.scss", "SCSS"),
        ("x.exs", "Elixir"),
        ("x.hs", "Haskell"),
        ("x.zig", "Zig"),
    ],
)
def test_detect_by_name_and_extension(path: str, language: str) -> None:
    assert detect_language(path, b"") == language


@pytest.mark.parametrize(
    ("path", "head", "language"),
    [
        ("x.h", b"#include <stdio.h>\nint f(void);\n", "C"),
        ("x.h", b"#include <vector>\n", "C++"),
        ("x.h", b"namespace foo {\nclass Bar;\n}\n", "C++"),
        ("x.h", b"std::string name();\n", "C++"),
        ("x.h", b"#import <Foundation/Foundation.h>\n@interface A : NSObject\n", "Objective-C"),
        ("x.m", b'#import "A.h"\n@implementation A\n@end\n', "Objective-C"),
        ("x.m", b"function y = f(x)\n% comment\ny = x;\nend\n", "MATLAB"),
        ("x.m", b":- module foo.\n", "Mercury"),
        ("x.pl", b"use strict;\nmy $x = 1;\n", "Perl"),
        ("x.pl", b"parent(tom, bob).\nancestor(X, Y) :- parent(X, Y).\n", "Prolog"),
        ("x.pl", b"#!/usr/bin/perl\nprint 1 :- 2;\n", "Perl"),
        ("x.ts", b"export const x = 1;\n", "TypeScript"),
        ("x.ts", b'<?xml version="1.0"?>\n<TS version="2.1">\n', "XML"),
        ("x.v", b"module counter(input clk);\nendmodule\n", "Verilog"),
        ("x.v", b"Theorem t : True.\nProof.\nexact I.\nQed.\n", "Rocq Prover"),
        ("x.inc", b"<?php\necho 1;\n", "PHP"),
        ("x.t", b"use strict;\nuse Test::More;\n", "Perl"),
        (
            "x.sql",
            b"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE plpgsql;",
            "PLpgSQL",
        ),
        ("x.sql", b"SELECT 1;\n", "SQL"),
    ],
)
def test_detect_ambiguous_extensions(path: str, head: bytes, language: str) -> None:
    assert detect_language(path, head) == language


def test_ambiguous_extension_without_a_match_has_no_language() -> None:
    assert detect_language("x.inc", b"just some text\n") is None
    assert detect_language("x.t", b"nothing recognisable\n") is None


@pytest.mark.parametrize(
    ("head", "language"),
    [
        (b"#!/usr/bin/env python3\n", "Python"),
        (b"#!/usr/bin/env -S python3 -u\n", "Python"),
        (b"#!/usr/bin/env -Spython3\n", "Python"),
        (b"#!/usr/bin/python3.11\n", "Python"),
        (b"#! /bin/bash -e\n", "Shell"),
        (b"#!/bin/sh\n", "Shell"),
        (b"#!/usr/bin/env VAR=1 perl -w\n", "Perl"),
        (b"#!/usr/bin/env -S deno run --allow-net\n", "JavaScript"),
        (b"#!/usr/bin/env node\n", "JavaScript"),
        (b"#!/usr/bin/env ruby\n", "Ruby"),
        (b"#!/usr/local/bin/zsh\n", "Shell"),
        (b"#!/usr/bin/tclsh\n", "Tcl"),
    ],
)
def test_detect_by_shebang(head: bytes, language: str) -> None:
    assert detect_language("bin/tool", head) == language
    assert detect_language("hooks/pre-commit.sample", head) == language


def test_shebang_interpreter_edge_cases() -> None:
    assert shebang_interpreter(b"#!\n") is None
    assert shebang_interpreter(b"#!/usr/bin/env\n") is None
    assert shebang_interpreter(b"#!/usr/bin/env -i\n") is None
    assert shebang_interpreter(b"no shebang") is None
    assert detect_language("tool", b"#!/usr/bin/env unknown-thing\n") is None


def test_detect_xml_by_prolog_and_unknowns() -> None:
    assert detect_language("x.manifest", b'<?xml version="1.0"?>\n<a/>') == "XML"
    assert detect_language("data.unknownext", b'<?xml version="1.0"?>') == "XML"
    assert detect_language("README", b"hello") is None
    assert detect_language("x.unknownext", b"hello") is None
    assert detect_language("", b"") is None
    assert detect_language("dir/", b"") is None
    assert detect_language(".hidden", b"") is None


def test_detection_cost_is_capped_to_the_head() -> None:
    big = b"#include <stdio.h>\n" + b"x" * 1_000_000 + b"\nnamespace foo {\n"
    assert detect_language("x.h", big) == "C"


# --- binary ----------------------------------------------------------------------------------


def test_is_binary_looks_for_nul_in_the_first_8000_bytes() -> None:
    assert is_binary(b"abc\x00def")
    assert not is_binary(b"plain text\n")
    assert not is_binary(b"")
    assert not is_binary(b"a" * 8000 + b"\x00")
    assert not is_binary("é".encode("latin-1") * 100)


# --- catalog ---------------------------------------------------------------------------------

REQUIRED = [
    *("Python", "JavaScript", "TypeScript", "TSX", "JSX", "Java", "Kotlin", "Go", "Rust", "C"),
    *("C++", "C#", "Ruby", "PHP", "Swift", "Scala", "Shell", "PowerShell", "SQL", "HTML", "CSS"),
    *("SCSS", "Sass", "Less", "Vue", "Svelte", "Dart", "Elixir", "Erlang", "Haskell", "Lua"),
    *("Perl", "R", "Objective-C", "Objective-C++", "Groovy", "HCL", "YAML", "JSON", "TOML", "XML"),
    *("Markdown", "reStructuredText", "Dockerfile", "Makefile", "CMake", "Gradle", "Batchfile"),
    *("Assembly", "Fortran", "Clojure", "F#", "OCaml", "Julia", "Zig", "Nim", "VBA"),
    *("Jupyter Notebook", "Protocol Buffer"),
]


def test_catalog_holds_the_common_languages() -> None:
    cat = default_catalog()
    missing = [n for n in REQUIRED if n not in cat.by_name]
    assert not missing
    assert len(cat.languages) >= 80


def test_catalog_is_consistent() -> None:
    cat = default_catalog()
    assert len({lang.name for lang in cat.languages}) == len(cat.languages)
    for ext, names in cat.by_extension.items():
        if len(names) > 1:
            assert ext in cat.heuristic_for, f".{ext} is ambiguous without heuristics"
    for heuristic in cat.heuristics:
        for rule in heuristic.rules:
            assert rule.language in cat.by_name
    for lang in cat.languages:
        assert isinstance(lang.kind, LanguageKind)
        assert all(o and c for o, c in lang.block_comment)


def test_catalog_finds_names_and_aliases() -> None:
    cat = default_catalog()
    assert cat.find("cpp") == "C++"
    assert cat.find("Emacs-Lisp") == "Emacs Lisp"
    assert cat.find("BASH") == "Shell"
    assert cat.find("nonsense") is None
    assert cat.kind_of("Markdown") is LanguageKind.PROSE
    assert cat.kind_of("nonsense") is None


def test_workspace_catalog_adds_and_replaces_languages() -> None:
    extra = LanguageCatalog.from_toml(
        """
[languages.Foo]
kind = "programming"
extensions = ["foo"]
line_comment = ["!!"]

[languages.Python]
kind = "programming"
extensions = ["py"]
line_comment = ["#"]
"""
    )
    cat = default_catalog().merged(extra)
    assert detect_language("x.foo", b"", catalog=cat) == "Foo"
    assert count_lines("Foo", b"!! c\nx\n", catalog=cat) == LineCounts(1, 1, 0)
    assert count_lines("Python", b'"""\nx\n"""\n', catalog=cat) == LineCounts(3, 0, 0)
    assert detect_language("x.pyw", b"", catalog=cat) is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[languages.X]\nkind = "poetry"\n', "languages.X.kind"),
        ('[languages.X]\nline_comment_patterns = ["("]\n', "languages.X.line_comment_patterns"),
        ("[languages.X]\nwhatever = 1\n", "languages.X"),
        ('[languages.X]\nblock_comment = [["/*"]]\n', "languages.X.block_comment"),
        ("[languages.X]\nnested = 3\n", "languages.X.nested"),
        ("[[heuristics]]\nextensions = []\n", "heuristics[0]"),
    ],
)
def test_catalog_errors_name_the_key(text: str, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        LanguageCatalog.from_toml(text, source="ws/languages.toml")
    assert info.value.key == key
    assert info.value.path == "ws/languages.toml"


def test_catalog_rejects_invalid_toml() -> None:
    with pytest.raises(ConfigError):
        LanguageCatalog.from_toml("[languages.X\n")


def test_shipped_catalog_patterns_all_compile() -> None:
    """The shipped catalog is loaded without compiling its patterns up front: check them here."""
    from lodestar.catalog.languages import _shipped_text

    checked = LanguageCatalog.from_toml(_shipped_text(), check_patterns=True)
    assert checked.languages == default_catalog().languages
    assert checked.heuristics == default_catalog().heuristics


# --- modelines and shell restarts (Linguist's Modeline and Shebang strategies) ---------------


@pytest.mark.parametrize(
    ("path", "head", "expected"),
    [
        # git's gitk: a shell script that restarts itself under wish, with an Emacs modeline
        (
            "gitk-git/gitk",
            b'#!/bin/sh\n# Tcl ignores the next line -*- tcl -*- \\\nexec wish "$0" -- "$@"\n',
            "Tcl",
        ),
        # git-gui.sh: the extension says Shell, the modeline and the restart say Tcl
        (
            "git-gui/git-gui.sh",
            b'#!/bin/sh\n# Tcl ignores the next line -*- tcl -*- \\\nexec wish "$0" -- "$@"\n',
            "Tcl",
        ),
        ("tools/run", b'#!/bin/sh\n# restart with tclsh \\\nexec tclsh "$0" ${1+"$@"}\n', "Tcl"),
        ("include/x.h", b"/* -*- mode: c++; indent-tabs-mode: nil -*- */\n", "C++"),
        ("bin/tool", b"#!/bin/sh\n# vim: set ft=python:\n", "Python"),
        ("bin/tool2", b"# vi: filetype=ruby\nputs 1\n", "Ruby"),
        # settings that name no language change nothing
        ("app/main.py", b"# -*- coding: utf-8 -*-\nimport os\n", "Python"),
        ("run.sh", b"#!/bin/sh\n# vim: set ts=4 sw=4 et:\necho hi\n", "Shell"),
        ("scripts/go", b'#!/bin/bash\nexec "$0" again\n', "Shell"),
        ("a.h", b"/* -*- no-such-language -*- */\n", "C"),
    ],
)
def test_modelines_and_exec_restarts(path: str, head: bytes, expected: str) -> None:
    assert detect_language(path, head) == expected


def test_modeline_past_the_first_lines_is_not_read() -> None:
    head = b"#!/bin/sh\n" + b"echo\n" * 10 + b"# -*- tcl -*-\n"
    assert detect_language("bin/tool", head) == "Shell"


@given(
    st.lists(
        st.sampled_from([b"-*-", b"vi:", b"vim:", b"ex:", b" ", b"x", b"\n", b"-", b"*", b"v"]),
        max_size=40,
    ),
    st.integers(min_value=2030, max_value=2050),
)
def test_the_modeline_pretest_agrees_with_the_expression(parts: list[bytes], at: int) -> None:
    from lodestar.scan.languages import _MODELINE_HINTS, _may_hold_modeline

    for head in (b"".join(parts), b"a" * at + b"".join(parts)):  # also across the 2 KiB edge
        assert _may_hold_modeline(head) == bool(_MODELINE_HINTS.search(head, 0, 2048))
