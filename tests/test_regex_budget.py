"""Every regular expression of the package runs in linear time on adversarial input.

The patterns are found two ways, so a new one cannot slip past: importing every module and
collecting the compiled patterns it holds at module or class level (directly or inside a
tuple, list, set or dict), and reading every module's syntax tree for ``re.<function>(...)``
calls with a literal pattern inside functions. A call whose pattern is built at run time
(an f-string over ``re.escape``, a catalog entry) cannot be enumerated; each such call site is
listed in ``DYNAMIC`` with the reason it is safe, and the catalog-built ones are compiled
here from the shipped catalogs and swept too.

Each pattern runs with the methods the package actually calls on it (``fullmatch``, ``match``,
or ``search`` for anything that scans, including ``sub``/``split``/``findall`` and a pattern
handed elsewhere) over the inputs of ``tests/regex_adversary.py`` at two lengths. A pattern
fails when the long run exceeds the budget, or when it is clearly super-linear: sixteen times
the text costs far more than sixteen times the time. Times are CPU seconds, and ``SIGPROF``
(a CPU-time alarm) interrupts a runaway match (the ``re`` engine checks for signals while it
backtracks), so a quadratic pattern fails in seconds instead of hanging the suite.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import pkgutil
import re
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from tests.budget import SLACK
from tests.regex_adversary import adversarial_inputs

import lodestar

PACKAGE = Path(lodestar.__file__).resolve().parent
SHORT, LONG = 2_000, 20_000
BUDGET = 0.5  # seconds for one pattern over one long input, on a quiet machine
_SKIP_MODULES = ("__main__", "migrations.env")  # run an app / need Alembic's context
_SCANNING = frozenset({"search", "sub", "subn", "split", "findall", "finditer"})
_METHODS = _SCANNING | {"match", "fullmatch"}

# Calls whose pattern is built at run time, by "module:function" → why it is linear.
DYNAMIC: dict[str, str] = {
    "lodestar.analysis.delivery:delivery": "the workspace's release patterns; defaults swept",
    "lodestar.analysis.leak_scan:_pattern": "re.escape'd literals between fixed look-arounds",
    "lodestar.analysis.observed:_purl_regex": "glob_regex of a policy's purl glob, fullmatch",
    "lodestar.catalog.matchers:_regexes": "glob_regex of catalog globs (swept below)",
    "lodestar.catalog.matchers:_regex": "path_glob_regex of catalog globs (swept below)",
    "lodestar.catalog.languages:_regexes": "compiled only to validate a catalog entry",
    "lodestar.safeparse.toml:table_lines": "re.escape'd name between \\s*, per line",
    "lodestar.safeparse.toml:key_line": "re.escape'd key then \\s*=, per line",
    "lodestar.settings:_regular_expressions": "compiled only to validate a setting",
    "lodestar.settings:_line_of": "re.escape'd key then \\s*=, match on one line",
    "lodestar.cli.commands_risk:_regular_expressions": "compiled only to validate an option",
    # a .gitattributes glob: every star but the last is an atomic "(?>[^/]*?chunk)", as
    # fnmatch.translate does, and at most two directory wildcards; tests/scan/test_classify.py
    # sweeps hostile patterns and checks the answers against the plain translation
    "lodestar.scan.gitattributes:_compile_pattern": "atomic stars, capped ** (test_classify)",
    "lodestar.scan.licence_summary:_agree": "re.escape'd reference between lookarounds",
    "lodestar.scan.ecosystems.maven.runtime:_text_line": "<tag>\\s*value\\s*<, literals escaped",
    "lodestar.scan.runtimes_files:toml_key_line": "re.escape'd key then \\s*=, per line",
    "lodestar.scan.languages:_heuristic_pattern": "Linguist heuristics (swept below)",
    "lodestar.scan.line_counts:_string_risk": "per-language plan (swept below)",
    "lodestar.scan.line_counts:build": "per-language plan (swept below)",
    "lodestar.scan.line_counts:_nested_tokens": "per-language plan (swept below)",
    "lodestar.scan.line_counts:_whole_line_blocks": "per-language plan (swept below)",
    "lodestar.scan.people:__init__": "bot patterns: a setting; defaults swept below",
    "lodestar.scan.ecosystems.terraform.hcl:heredoc": "re.escape'd marker, anchored per line",
    "lodestar.scan.ecosystems.gradle.build_script:literals": "module constant _REF (swept)",
    "lodestar.scan.ecosystems.registry:gate": "union of the parsers' fnmatch globs",
    "lodestar.scan.ecosystems.nuget.msbuild_xml:find": "re.escape'd property name between literals",
}


@dataclass(frozen=True, slots=True)
class Found:
    where: str
    pattern: re.Pattern[Any]
    methods: frozenset[str]
    length: int = LONG  # the longest text the package runs it on


def _modules() -> Iterator[tuple[str, Path]]:
    for info in pkgutil.walk_packages(lodestar.__path__, "lodestar."):
        if info.name.endswith(_SKIP_MODULES):
            continue
        spec = importlib.util.find_spec(info.name)
        if spec is not None and spec.origin is not None:
            yield info.name, Path(spec.origin)


def _patterns_in(value: object, depth: int = 0) -> Iterator[re.Pattern[Any]]:
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 3 and isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from _patterns_in(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, depth + 1)


def _uses(tree: ast.AST) -> dict[str, set[str]]:
    """Name → the pattern methods called on it; "search" when the name is used any other way."""
    called: dict[str, set[str]] = {}
    as_receiver: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.attr in _METHODS
        ):
            called.setdefault(node.func.value.id, set()).add(node.func.attr)
            as_receiver.add(id(node.func.value))
    for node in ast.walk(tree):
        loaded = isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
        if loaded and id(node) not in as_receiver:
            called.setdefault(node.id, set()).add("search")
    return called


def _methods(used: set[str]) -> frozenset[str]:
    kinds = {"search" if m in _SCANNING else m for m in used}
    return frozenset(kinds or {"search"})


def _held_patterns() -> Iterator[Found]:
    """Compiled patterns held by a module or a class, with the methods called on them."""
    imported_elsewhere = _imported_names()
    for name, path in _modules():
        module = importlib.import_module(name)
        uses = _uses(ast.parse(path.read_text("utf-8")))
        for attr, value in vars(module).items():
            holders = [value]
            if isinstance(value, type) and value.__module__ == name:
                holders = list(vars(value).values())
            for pattern in (p for holder in holders for p in _patterns_in(holder)):
                used = set(uses.get(attr, set()))
                if attr in imported_elsewhere or isinstance(value, type):
                    used.add("search")  # used elsewhere: assume the worst
                yield Found(f"{name}.{attr}", pattern, _methods(used))


def _imported_names() -> set[str]:
    names: set[str] = set()
    for _, path in _modules():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lodestar"):
                names.update(alias.name for alias in node.names)
    return names


def _flags(call: ast.Call, position: int) -> int | None:
    node: ast.expr | None = call.args[position] if len(call.args) > position else None
    node = next((k.value for k in call.keywords if k.arg == "flags"), node)
    if node is None:
        return 0
    try:
        return int(eval(compile(ast.Expression(node), "<flags>", "eval"), {"re": re}))  # noqa: S307 -- only re.X | re.Y constants of our own source
    except (NameError, AttributeError, TypeError):
        return None


_FLAG_POSITION = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "split": 3,
                  "findall": 2, "finditer": 2, "sub": 4, "subn": 4}  # fmt: skip


def _calls(name: str, path: Path) -> Iterator[tuple[str, ast.Call, str]]:
    """("module:function", call, re function) of every re.<function>(...) inside a function."""
    tree = ast.parse(path.read_text("utf-8"))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in _FLAG_POSITION
                and node.args
            ):
                yield f"{name}:{function.name}", node, node.func.attr


def _literal_calls() -> tuple[list[Found], set[str]]:
    """Literal patterns of re.<function> calls in functions, and the dynamic call sites."""
    found: list[Found] = []
    dynamic: set[str] = set()
    for name, path in _modules():
        for where, call, function in _calls(name, path):
            first = call.args[0]
            flags = _flags(call, _FLAG_POSITION[function])
            if isinstance(first, ast.Constant) and isinstance(first.value, str | bytes):
                assert flags is not None, f"{where}: flags not understood"
                kind = "search" if function in {"compile", *_SCANNING} else function
                pattern = re.compile(first.value, flags)
                found.append(Found(f"{where} {function}()", pattern, frozenset({kind})))
            else:
                dynamic.add(where)
    return found, dynamic


def _catalog_patterns() -> Iterator[Found]:
    """Patterns the package compiles from its shipped catalogs."""
    from lodestar.analysis.delivery import HOTFIX_PATTERN, REVERT_PATTERN, TAG_PATTERN
    from lodestar.catalog.languages import default_catalog
    from lodestar.catalog.matchers import glob_regex, path_glob_regex
    from lodestar.catalog.technologies import load_catalog
    from lodestar.scan import languages, line_counts
    from lodestar.scan.ecosystems.registry import _any_pattern
    from lodestar.scan.languages import HEAD_LIMIT
    from lodestar.scan.people import DEFAULT_BOT_PATTERNS

    catalog = default_catalog()
    search, full = frozenset({"search"}), frozenset({"fullmatch"})
    for definition in catalog.by_name.values():
        plan = line_counts._Plan.build(definition)
        values = [(f.name, getattr(plan, f.name)) for f in dataclasses.fields(plan)]
        if plan.nested is not None:
            values += [
                (f.name, getattr(plan.nested, f.name)) for f in dataclasses.fields(plan.nested)
            ]
        for field, value in values:
            for pattern in _patterns_in(value):
                yield Found(f"language plan {definition.name}.{field}", pattern, search)
    for heuristic in catalog.heuristic_for.values():
        for rule in heuristic.rules:
            for body in rule.patterns:
                # run on a file's first HEAD_LIMIT bytes only
                pattern = languages._heuristic_pattern(body)
                yield Found(f"heuristic {rule.language}", pattern, search, HEAD_LIMIT)
    # One wildcard under fullmatch is linear; two or more can backtrack, so those are swept.
    for tech in load_catalog():
        for glob in (*tech.purls, *tech.images):
            if sum(glob.count(w) for w in "*?[") > 1:
                yield Found(f"technology {tech.id} {glob}", re.compile(glob_regex(glob)), full)
        for glob in tech.files:
            if sum(glob.count(w) for w in "*?[") > 1:
                body = path_glob_regex(glob)
                yield Found(f"technology {tech.id} {glob}", re.compile(body), full)
    for text in (TAG_PATTERN, REVERT_PATTERN, HOTFIX_PATTERN):
        yield Found("analysis.delivery default", re.compile(text), search)
    yield Found("scan.ecosystems.registry gate", _any_pattern(), frozenset({"match"}))
    for text in DEFAULT_BOT_PATTERNS:
        yield Found("scan.people default bot", re.compile(text, re.IGNORECASE), search)


def _all_patterns() -> tuple[list[Found], set[str]]:
    literal, dynamic = _literal_calls()
    found: dict[tuple[Any, int, frozenset[str]], Found] = {}
    for item in [*_held_patterns(), *literal, *_catalog_patterns()]:
        found.setdefault((item.pattern.pattern, item.pattern.flags, item.methods), item)
    return list(found.values()), dynamic


ALL, DYNAMIC_FOUND = _all_patterns()


class _OverrunError(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _OverrunError


def _timed(run: Callable[[], object], limit: float) -> float:
    """CPU seconds of ``run`` (a busy shared machine's scheduling is not the pattern's work),
    stopped by a CPU-time alarm past ``limit``."""
    previous = signal.signal(signal.SIGPROF, _alarm)
    signal.setitimer(signal.ITIMER_PROF, limit)
    start = time.process_time()
    try:
        run()
    except _OverrunError:
        return float("inf")
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    return time.process_time() - start


def _cost(pattern: re.Pattern[Any], method: str, text: str | bytes, limit: float) -> float:
    call = getattr(pattern, method)
    return min(_timed(lambda: call(text), limit) for _ in range(2))


def test_the_sweep_sees_the_whole_package() -> None:
    layers = {f.where.split(".")[1].split(":")[0] for f in ALL if f.where.startswith("lodestar.")}
    # the CLI compiles no pattern since its control-character strippers became one translate
    # table (lodestar.render.terminal), nor the web since its page slug moved to
    # lodestar.render.cockpit_urls (shared with the exports); the layers that hold patterns are
    # all swept
    assert {"scan", "strategy", "catalog", "analysis", "settings", "render"} <= layers
    assert len(ALL) > 200


def test_every_run_time_pattern_is_accounted_for() -> None:
    assert set(DYNAMIC) == DYNAMIC_FOUND, (
        "a re call with a pattern built at run time: make it a module constant, or add it to "
        f"DYNAMIC with the reason it is linear; unlisted {sorted(DYNAMIC_FOUND - set(DYNAMIC))},"
        f" stale {sorted(set(DYNAMIC) - DYNAMIC_FOUND)}"
    )


@pytest.mark.parametrize("found", ALL, ids=lambda f: f.where)
def test_pattern_is_linear_on_adversarial_input(found: Found) -> None:
    limit = BUDGET * SLACK
    for method in sorted(found.methods):
        for text in adversarial_inputs(found.pattern, found.length):
            long_cost = _cost(found.pattern, method, text, limit)
            assert long_cost < limit, (
                f"{found.where}.{method}() over {len(text)} characters ran over {limit:.1f} s: "
                f"{text[:40]!r}…"
            )
            if long_cost < 0.05 or found.length < LONG:  # too fast to time reliably, or short
                continue
            short = text[: len(text) * SHORT // LONG] + text[-1:]
            ratio = long_cost / max(_cost(found.pattern, method, short, limit), 1e-6)
            assert ratio < 4 * LONG / SHORT, (
                f"{found.where}.{method}(): {LONG // SHORT} times the text cost {ratio:.0f} "
                f"times the time (super-linear) on {text[:40]!r}…"
            )
