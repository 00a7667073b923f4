"""Node.js versions an npm project's own files declare, for the EOL checks
(:mod:`lodestar.scan.runtimes`): ``package.json``'s ``engines.node`` (supported) and
``volta.node`` (deployed); ``.nvmrc`` and ``.node-version``'s first line (deployed)."""

from __future__ import annotations

from lodestar.scan.runtimes_files import get, json_key_line, shared_json, single_version
from lodestar.scan.runtimes_versions import SUPPORTED, Declared, Source, Warn


def read_package_json(source: Source, warn: Warn) -> list[Declared]:
    doc = shared_json(source, warn)
    out: list[Declared] = []
    engine = get(doc, "engines", "node")
    if isinstance(engine, str):
        line = json_key_line(source.text, "engines", "node")
        out.append(Declared("nodejs", engine, engine, line, True, SUPPORTED))
    volta = get(doc, "volta", "node")
    if isinstance(volta, str):
        out.append(Declared("nodejs", volta, volta, json_key_line(source.text, "volta", "node")))
    return out


read_node_version = single_version("nodejs")
