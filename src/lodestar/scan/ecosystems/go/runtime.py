"""Go versions a Go module's own files declare, for the EOL checks
(:mod:`lodestar.scan.runtimes`): ``go.mod``/``go.work``'s ``go 1.21`` (a minimum, supported) and
``toolchain go1.22.1`` (deployed); ``.go-version``'s first line (deployed)."""

from __future__ import annotations

import re

from lodestar.scan.runtimes_files import single_version
from lodestar.scan.runtimes_versions import SUPPORTED, Declared, Source, Warn, text_lines

_GO = re.compile(r"go\s+(\S+)")
_TOOLCHAIN = re.compile(r"toolchain\s+go(\d\S*)")
_LEADING_VERSION = re.compile(r"\d{1,9}(?:\.\d{1,9}){0,5}")


def read_go_mod(source: Source, warn: Warn) -> list[Declared]:
    """``go 1.21`` is the oldest Go the module builds with (a minimum since Go 1.21);
    ``toolchain go1.22.1`` the toolchain its builds use."""
    out: list[Declared] = []
    for number, line in text_lines(source.text, warn):
        code = line.split("//", 1)[0].strip()
        if (found := _TOOLCHAIN.fullmatch(code)) is not None:
            out.append(Declared("go", found.group(1), code, number))
        elif (found := _GO.fullmatch(code)) is not None:
            version = _LEADING_VERSION.match(found.group(1))  # 1.21rc1 is a 1.21
            if version is not None:
                minimum = f">={version.group(0)}"
                out.append(Declared("go", minimum, code, number, True, SUPPORTED))
    return out


read_go_version = single_version("go")
