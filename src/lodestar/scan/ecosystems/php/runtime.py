"""PHP versions a Composer project's own files declare, for the EOL checks
(:mod:`lodestar.scan.runtimes`): ``composer.json``'s ``require.php`` (supported) and
``config.platform.php`` (deployed); ``.php-version``'s first line (deployed)."""

from __future__ import annotations

from lodestar.scan.runtimes_files import get, json_key_line, shared_json, single_version
from lodestar.scan.runtimes_versions import SUPPORTED, Declared, Source, Warn


def read_composer_json(source: Source, warn: Warn) -> list[Declared]:
    doc = shared_json(source, warn)
    out: list[Declared] = []
    required = get(doc, "require", "php")
    if isinstance(required, str):
        line = json_key_line(source.text, "require", "php")
        out.append(Declared("php", required, required, line, True, SUPPORTED))
    platform = get(doc, "config", "platform", "php")
    if isinstance(platform, str):
        line = json_key_line(source.text, "config", "platform", "php")
        out.append(Declared("php", platform, platform, line))
    return out


read_php_version = single_version("php")
