"""Refresh the files Lodestar ships or tests with that come from npm packages, pinned.

* **Chart.js** (``src/lodestar/web/static/vendor/``): the cockpit runs inside companies'
  networks, often with no internet access, so its charting library is a static file of the
  package rather than a CDN link.
* **The SARIF 2.1.0 JSON schema** (``tests/render/data/``), which the tests validate
  ``lodestar check --format sarif`` against: the copy Microsoft's SARIF SDK publishes
  (``@microsoft/sarif-matcher-utils``, MIT), the ``2.1.0-rtm.5`` schema that JSON Schema Store
  and code-scanning tools use.

Each asset is fetched with npm's own client (``npm pack``), checked against the pinned
Subresource-Integrity hash (the registry's ``dist.integrity``), and its files copied. To upgrade
one: change its version and integrity (``npm view PACKAGE@X dist.integrity``), run the script,
review the diff, run the tests.

Usage::

    python scripts/update_vendored.py [--check] [NAME ...]

``--check`` verifies that the copies are the ones the pinned tarballs hold, without writing.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Asset:
    package: str
    version: str
    integrity: str
    files: dict[str, str]  # member of the tarball -> file name in dest
    dest: Path
    stamp: bool = False  # write dest/VERSION naming the package, version and integrity

    @property
    def tarball(self) -> str:
        return f"{self.package.lstrip('@').replace('/', '-')}-{self.version}.tgz"


ASSETS = {
    "chart.js": Asset(
        package="chart.js",
        version="4.6.1",
        integrity=(
            "sha512-hJyniucsFmq//EvXYvJ6c6mahPoI3kaxdjVH8awTaJ/"
            "fDNWeSqqqArixMJWkWNN6fcYvPU3HneSANFNYtRi61g=="
        ),
        files={
            "package/dist/chart.umd.min.js": "chart.umd.min.js",
            "package/LICENSE.md": "chart.js.LICENSE.md",
        },
        dest=ROOT / "src" / "lodestar" / "web" / "static" / "vendor",
        stamp=True,
    ),
    "sarif-schema": Asset(
        package="@microsoft/sarif-matcher-utils",
        version="1.0.0-beta.0",
        integrity=(
            "sha512-JZzMgMK8nvSk6IDDjdC6HKbvj7knvatzwHmGAV5HeMe6kC6LFAy/"
            "a179Zzhw8lCKFXsR9siUm1H0nmc3KjcuZQ=="
        ),
        files={"package/lib/schemas/sarif-2.1.0-rtm.5.json": "sarif-schema-2.1.0-rtm.5.json"},
        dest=ROOT / "tests" / "render" / "data",
    ),
}


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(asset: Asset, workdir: Path) -> Path:
    spec = f"{asset.package}@{asset.version}"
    subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
    )
    tarball = workdir / asset.tarball
    got = _integrity(tarball.read_bytes())
    if got != asset.integrity:
        sys.exit(f"error: {spec} integrity mismatch: got {got}, pinned {asset.integrity}")
    return tarball


def update(asset: Asset, *, check: bool) -> None:
    spec = f"{asset.package}@{asset.version}"
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(fetch(asset, Path(tmp))) as archive:
        for member, name in asset.files.items():
            extracted = archive.extractfile(member)
            if extracted is None:
                sys.exit(f"error: {member} missing from {spec}")
            data = extracted.read()
            target = asset.dest / name
            if check:
                if not target.is_file() or target.read_bytes() != data:
                    sys.exit(f"error: {target} differs from {spec}")
                continue
            asset.dest.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    if asset.stamp and not check:
        (asset.dest / "VERSION").write_text(f"{asset.package} {asset.version} {asset.integrity}\n")
    print(f"{spec}: {'verified' if check else 'written to ' + str(asset.dest)}")  # noqa: T201


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="Verify the copies only.")
    parser.add_argument("names", nargs="*", help=f"Assets: {', '.join(ASSETS)} (default: all).")
    args = parser.parse_args()
    unknown = sorted(set(args.names) - set(ASSETS))
    if unknown:
        parser.error(f"unknown asset {', '.join(unknown)}; known: {', '.join(ASSETS)}")
    for name in args.names or ASSETS:
        update(ASSETS[name], check=args.check)
    return 0


if __name__ == "__main__":
    sys.exit(main())
