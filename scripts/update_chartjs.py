"""Refresh the Chart.js copy the cockpit ships, ``src/lodestar/web/static/vendor/``.

The cockpit runs inside companies' networks, often with no internet access, so its charting
library is a static file of the package rather than a CDN link. This script fetches the pinned
version from the npm registry with npm's own client (``npm pack``), checks the tarball against
the pinned Subresource-Integrity hash (the registry's ``dist.integrity``), and copies the UMD
build and the licence. To upgrade: change VERSION and INTEGRITY (``npm view chart.js@X
dist.integrity``), run the script, review the diff, run the browser tests.

Usage::

    python scripts/update_chartjs.py [--check]

``--check`` verifies that the shipped file is the one the pinned tarball holds, without writing.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "4.6.1"
INTEGRITY = (
    "sha512-hJyniucsFmq//EvXYvJ6c6mahPoI3kaxdjVH8awTaJ/"
    "fDNWeSqqqArixMJWkWNN6fcYvPU3HneSANFNYtRi61g=="
)
FILES = {
    "package/dist/chart.umd.min.js": "chart.umd.min.js",
    "package/LICENSE.md": "chart.js.LICENSE.md",
}
DEST = Path(__file__).resolve().parents[1] / "src" / "lodestar" / "web" / "static" / "vendor"


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(workdir: Path) -> Path:
    subprocess.run(
        ["npm", "pack", f"chart.js@{VERSION}", "--silent", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
    )
    tarball = workdir / f"chart.js-{VERSION}.tgz"
    got = _integrity(tarball.read_bytes())
    if got != INTEGRITY:
        sys.exit(f"error: chart.js {VERSION} integrity mismatch: got {got}, pinned {INTEGRITY}")
    return tarball


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="Verify the shipped copy only.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tarball = fetch(Path(tmp))
        with tarfile.open(tarball) as archive:
            for member, name in FILES.items():
                extracted = archive.extractfile(member)
                if extracted is None:
                    sys.exit(f"error: {member} missing from chart.js {VERSION}")
                data = extracted.read()
                target = DEST / name
                if args.check:
                    if not target.is_file() or target.read_bytes() != data:
                        sys.exit(f"error: {target} differs from chart.js {VERSION}")
                    continue
                DEST.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
    if not args.check:
        (DEST / "VERSION").write_text(f"chart.js {VERSION} {INTEGRITY}\n")
    print(f"chart.js {VERSION}: {'verified' if args.check else 'written to ' + str(DEST)}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
