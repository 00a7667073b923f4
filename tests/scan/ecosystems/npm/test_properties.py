"""Property tests of the npm-ecosystem lock parsers: any bytes give a list or a ManifestError."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.npm_helpers import (
    Parse,
    check_contract,
    fixture,
    mutated,
    reshaped,
    tree,
)

from lodestar.safeparse import LOCK_YAML, load_yaml
from lodestar.scan.ecosystems.npm import bun as npm_bun
from lodestar.scan.ecosystems.npm import package_lock as npm_lock
from lodestar.scan.ecosystems.npm import pnpm as npm_pnpm
from lodestar.scan.ecosystems.npm import yarn as npm_yarn
from lodestar.scan.ecosystems.npm.common import load_json
from lodestar.scan.ecosystems.registry import ManifestContext

PARSERS: list[tuple[str, Parse, tuple[str, ...]]] = [
    (
        "package-lock.json",
        npm_lock.parse,
        (
            "package-lock-v1/package-lock.json",
            "package-lock-v2/package-lock.json",
            "monorepo-npm/package-lock.json",
        ),
    ),
    (
        "yarn.lock",
        npm_yarn.parse,
        ("yarn-classic/yarn.lock", "yarn-berry/yarn.lock", "monorepo-workspace-protocol/yarn.lock"),
    ),
    (
        "pnpm-lock.yaml",
        npm_pnpm.parse,
        (
            "pnpm-v5/pnpm-lock.yaml",
            "pnpm-v6/pnpm-lock.yaml",
            "pnpm-v9/pnpm-lock.yaml",
            "monorepo-workspace-protocol/pnpm-lock.yaml",
        ),
    ),
    ("bun.lock", npm_bun.parse, ("bun/bun.lock", "monorepo-workspace-protocol/bun.lock")),
]
IDS = [p[0] for p in PARSERS]
MONOREPO_CTX = ManifestContext.of(tree("monorepo-workspace-protocol"))
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(("path", "parse", "names"), PARSERS, ids=IDS)
@SETTINGS
@given(data=st.binary(max_size=3000))
def test_any_bytes(path: str, parse: Parse, names: tuple[str, ...], data: bytes) -> None:
    check_contract(parse, path, data)


@pytest.mark.parametrize(("path", "parse", "names"), PARSERS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_mutated_fixtures(
    path: str, parse: Parse, names: tuple[str, ...], data: st.DataObject
) -> None:
    blob = data.draw(mutated(tuple(fixture(n) for n in names)))
    check_contract(parse, path, blob, MONOREPO_CTX)


def _documents(path: str, name: str) -> object:
    text = fixture(name).decode()
    if name.endswith(".yaml") or (name.endswith("yarn.lock") and "__metadata" in text):
        return load_yaml(path, text, LOCK_YAML)[-1]
    return load_json(path, text, jsonc=True)


@pytest.mark.parametrize(("path", "parse", "names"), PARSERS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_reshaped_fixtures(
    path: str, parse: Parse, names: tuple[str, ...], data: st.DataObject
) -> None:
    """Valid syntax, wrong shapes: a mapping where a string belongs, a list for a mapping …"""
    name = data.draw(st.sampled_from(names))
    if name.endswith("yarn.lock") and "__metadata" not in fixture(name).decode():
        return  # Yarn classic is not a document format; mutations cover it
    doc = data.draw(reshaped(_documents(path, name)))
    if name.endswith((".yaml", "yarn.lock")):
        blob = yaml.safe_dump(doc, sort_keys=False).encode()
        if name.endswith("yarn.lock"):
            blob = b"__metadata:\n  version: 8\n" + blob
    else:
        blob = json.dumps(doc).encode()
    check_contract(parse, path, blob, MONOREPO_CTX)
