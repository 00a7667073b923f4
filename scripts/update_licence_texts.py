"""Regenerate ``src/lodestar/catalog/data/licences.json.gz`` from the npm package spdx-license-list.

Lodestar matches licence files against the full texts of SPDX licences. The texts come from
SPDX's license-list-data (CC0-1.0) as repackaged by the npm package ``spdx-license-list``
(also CC0-1.0), whose ``spdx-full.json`` holds every licence with its text. Nothing here runs
at Lodestar's run time: the generated file is committed and read from the installed package.

Usage::

    cd /tmp && npm pack spdx-license-list          # downloads spdx-license-list-X.Y.Z.tgz
    python scripts/update_licence_texts.py /tmp/spdx-license-list-X.Y.Z.tgz

The argument may also be the unpacked ``package/`` directory. The tarball is read in memory;
nothing is extracted to disk. The output is deterministic (sorted keys, gzip mtime 0), so an
unchanged input gives a byte-identical file.

To ship another licence, add its SPDX id to ``SELECTED``. For the GNU families ship the
``-only`` id: the text is the same for ``-or-later`` and the matcher decides between them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tarfile
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parent.parent / "src/lodestar/catalog/data/licences.json.gz"

# The licences shipped: the most common ones on GitHub, package registries and in SBOMs, plus the
# close relatives the matcher must tell apart from them (MIT-0, X11, 0BSD next to MIT and ISC;
# BSD-1/2/3/4; Apache-1.0/1.1 and ECL-2.0 next to Apache-2.0; every GNU licence).
SELECTED: tuple[str, ...] = (
    # permissive
    "0BSD", "AFL-3.0", "Apache-1.0", "Apache-1.1", "Apache-2.0", "Artistic-1.0",
    "Artistic-1.0-Perl", "Artistic-2.0", "Beerware", "BlueOak-1.0.0", "BSD-1-Clause",
    "BSD-2-Clause", "BSD-2-Clause-Patent", "BSD-3-Clause", "BSD-3-Clause-Clear", "BSD-4-Clause",
    "BSL-1.0", "bzip2-1.0.6", "ClArtistic", "curl", "ECL-2.0", "HPND", "ICU", "Intel", "ISC",
    "JSON", "Libpng", "libpng-2.0", "MIT", "MIT-0", "MIT-CMU", "MulanPSL-2.0", "NCSA", "NTP",
    "OLDAP-2.8", "OpenSSL", "PHP-3.01", "PostgreSQL", "PSF-2.0", "Python-2.0", "Ruby", "SMLNJ",
    "TCL", "Unicode-3.0", "Unicode-DFS-2015", "Unicode-DFS-2016", "UPL-1.0", "Vim", "W3C",
    "WTFPL", "X11", "Zend-2.0", "Zlib", "ZPL-2.1",
    # public domain dedications
    "CC0-1.0", "PDDL-1.0", "Unlicense",
    # copyleft
    "AGPL-3.0-only", "APSL-2.0", "CDDL-1.0", "CDDL-1.1", "CECILL-2.1", "CECILL-B", "CECILL-C",
    "CPL-1.0", "EPL-1.0", "EPL-2.0", "EUPL-1.1", "EUPL-1.2", "GFDL-1.3-only", "GPL-1.0-only",
    "GPL-2.0-only", "GPL-3.0-only", "LGPL-2.0-only", "LGPL-2.1-only", "LGPL-3.0-only",
    "LPPL-1.3c", "MPL-1.0", "MPL-1.1", "MPL-2.0", "MS-PL", "MS-RL", "OSL-3.0", "Sleepycat",
    # source-available and ethical
    "BUSL-1.1", "Elastic-2.0", "FSL-1.1-ALv2", "FSL-1.1-MIT", "Hippocratic-2.1",
    "PolyForm-Noncommercial-1.0.0", "PolyForm-Small-Business-1.0.0", "SSPL-1.0",
    # content, data and fonts
    "CC-BY-3.0", "CC-BY-4.0", "CC-BY-NC-4.0", "CC-BY-NC-ND-4.0", "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "ODbL-1.0", "ODC-By-1.0", "OFL-1.0",
    "OFL-1.1",
)  # fmt: skip

# SPDX's LGPL-3.0 text is the LGPL followed by the whole GPL-3.0 it supplements. Repositories ship
# the two as separate files (COPYING.LESSER and COPYING), so the reference keeps the LGPL part only.
_TRUNCATE_AT = {"LGPL-3.0-only": "GNU GENERAL PUBLIC LICENSE\nVersion 3"}


def _read_package(source: Path) -> dict[str, bytes]:
    """The few files needed from an npm tarball or an unpacked ``package/`` directory."""
    wanted = ("package.json", "spdx-full.json", "readme.md")
    if source.is_dir():
        return {name: (source / name).read_bytes() for name in wanted}
    out: dict[str, bytes] = {}
    with tarfile.open(source, "r:gz") as tar:
        for name in wanted:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                raise SystemExit(f"{source}: package/{name} is missing")
            out[name] = member.read()
    return out


def build(files: dict[str, bytes]) -> dict[str, Any]:
    """The catalog document: source metadata and the selected licences."""
    package = json.loads(files["package.json"])
    full: dict[str, dict[str, Any]] = json.loads(files["spdx-full.json"])
    readme = files["readme.md"].decode("utf-8")
    found = re.search(r"SPDX License List version ([0-9.]+)", readme)
    missing = [spdx for spdx in SELECTED if spdx not in full]
    if missing:
        raise SystemExit(f"not in {package['name']} {package['version']}: {', '.join(missing)}")
    licences = []
    for spdx in sorted(SELECTED, key=str.casefold):
        entry = full[spdx]
        text = str(entry["licenseText"]).replace("\r\n", "\n").strip() + "\n"
        cut = _TRUNCATE_AT.get(spdx)
        if cut is not None and cut in text:
            text = text[: text.index(cut)].rstrip() + "\n"
        licences.append(
            {
                "id": spdx,
                "name": entry["name"],
                "osi": bool(entry.get("osiApproved", False)),
                "text": text,
            }
        )
    return {
        "source": {
            "registry": "npm",
            "package": package["name"],
            "version": package["version"],
            "package_licence": package.get("license"),
            "spdx_list_version": found.group(1) if found else None,
            "upstream": "https://github.com/spdx/license-list-data (CC0-1.0)",
        },
        "licences": licences,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="spdx-license-list .tgz or unpacked package/")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    document = build(_read_package(args.package))
    raw = json.dumps(document, sort_keys=True, ensure_ascii=False, indent=0).encode("utf-8")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with (
        args.output.open("wb") as out,
        gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as gz,
    ):
        gz.write(raw)
    src = document["source"]
    sys.stdout.write(
        f"{args.output}: {len(document['licences'])} licences from "
        f"{src['package']} {src['version']} (SPDX list {src['spdx_list_version']})\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
