"""Every fix hint names a real key.

The hints of the drift engine's findings (``Finding(..., hint, ...)`` in ``analysis/``) tell a
person what to edit; a key they name must exist, or the person edits a file Lodestar then
refuses (or silently ignores). The hint texts are read from the source (every string the hint
expression is built from, a formatted value standing for ``*``) and each key-like word is
checked against the settings table (``lodestar.toml``), the strategy files' schemas (the keys
as written: kebab-case, dotted by section) and ``people.toml``'s keys.
"""

from __future__ import annotations

import ast
import re
import types
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from lodestar.scan.people_file import _KEYS as PEOPLE_KEYS
from lodestar.settings import settings_table
from lodestar.strategy import ip_models as im
from lodestar.strategy import models as m

ANALYSIS = Path(__file__).resolve().parents[2] / "src" / "lodestar" / "analysis"
SNAKE = re.compile(r"(?<![\w./{*:-])[a-z]+(?:_[a-z0-9]+)+(?![\w(])")
BACKTICKED = re.compile(r"`([^`]+)`")
BRACKETED = re.compile(r"\[([a-z_][a-z0-9_.]*)\]")
YAML_KEY = re.compile(r"([a-z*][a-z0-9*.-]*)\s*:")
DOCUMENTS = (
    m.RadarConfigModel, m.RadarEntryModel, m.DecisionModel, m.PolicyFileModel,
    m.CampaignModel, m.InitiativeModel, im.DisclosureModel, im.PatentsFileModel,
    im.OutboundFileModel, im.TradeSecretsFileModel, im.ExportFileModel,
)  # fmt: skip


def _models(annotation: object) -> list[tuple[type[BaseModel], bool]]:
    """The models inside a field's type, and whether they sit under a mapping's keys."""
    found: list[tuple[type[BaseModel], bool]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(annotation, False)]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _models(args[0])
    for index, arg in enumerate(args):
        mapped = origin is dict and index == 1
        found += [(model, mapped or under) for model, under in _models(arg)]
    if origin in (typing.Union, types.UnionType):
        return found
    return found


def _schema_keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    keys: set[str] = set()
    for name, info in model.model_fields.items():
        key = info.alias or name.rstrip("_").replace("_", "-")
        keys |= {key, prefix + key}
        for inner, mapped in _models(info.annotation):
            keys |= _schema_keys(inner, f"{prefix}{key}.{'*.' if mapped else ''}")
    return keys


def known_keys() -> set[str]:
    keys = {"split", *PEOPLE_KEYS}
    for document in DOCUMENTS:
        keys |= _schema_keys(document)
    for key, _, _ in settings_table():
        section, leaf = key.split(".", 1)
        keys |= {key, section, leaf}
    return keys


def _texts(node: ast.AST) -> list[str]:
    """The strings an expression is built from (a formatted value: ``*``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value if isinstance(v, ast.Constant) else "*" for v in node.values)]
    return [t for child in ast.iter_child_nodes(node) for t in _texts(child)]


def _hint_expressions(tree: ast.Module) -> list[ast.AST]:
    """The hint argument of every ``Finding(...)`` call, names resolved to what is assigned
    to them (in the module or the function)."""
    assigned: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign) and node.value:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        assigned.setdefault(name.id, []).append(node.value)
    found: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding":
            hint = node.args[5] if len(node.args) > 5 else None
            hint = next((k.value for k in node.keywords if k.arg == "hint"), hint)
            if isinstance(hint, ast.Name):
                found += assigned.get(hint.id, [])
            elif hint is not None:
                found.append(hint)
    return found


def hint_texts() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for path in sorted(ANALYSIS.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for expression in _hint_expressions(tree):
            out += [(f"{path.name}:{expression.lineno}", t) for t in _texts(expression)]
    return out


def unknown_keys(text: str, keys: set[str]) -> list[str]:
    """The key-like words of a hint that name no key."""
    bad = [w for w in SNAKE.findall(text) if w not in keys]
    bad += [w for w in BRACKETED.findall(text) if w not in keys]
    for quoted in BACKTICKED.findall(text):
        if quoted.startswith("lodestar ") or "/" in quoted:
            continue  # a command or a path
        named = YAML_KEY.findall(quoted) or [quoted.strip()]
        bad += [w for w in named if w not in keys]
    return sorted(set(bad))


def test_the_checker_knows_real_keys_and_refuses_made_up_ones() -> None:
    keys = known_keys()
    assert {"radar.assess-only-in", "review-by", "licence.contexts.*.allowed"} <= keys
    assert {"repositories.owners", "warn_days", "matchers", "technology"} <= keys
    assert unknown_keys("add this repository to radar_assess_only_in", keys) == [
        "radar_assess_only_in"
    ]
    assert unknown_keys("set a new `review_by` date", keys) == ["review_by"]
    assert unknown_keys("add `matchers: [{technology: *}]`, then `lodestar validate`", keys) == []
    assert unknown_keys("list it in [repositories.owner] in lodestar.toml", keys) == [
        "repositories.owner"
    ]


def test_the_hints_are_found() -> None:
    texts = hint_texts()
    assert len(texts) > 30
    assert any("radar.assess-only-in" in t for _, t in texts)


@pytest.mark.parametrize(("where", "text"), hint_texts())
def test_every_fix_hint_names_a_real_key(where: str, text: str) -> None:
    assert unknown_keys(text, known_keys()) == [], f"{where}: {text!r}"
