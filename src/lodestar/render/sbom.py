"""SBOMs of one repository at one commit: CycloneDX 1.6 JSON and SPDX 2.3 JSON.

``lodestar sbom`` calls these; each format lives in its own module, which documents the shape of
the document and how Lodestar's scopes map onto the format:

* :func:`cyclonedx_json` — :mod:`lodestar.render.sbom_cyclonedx` (cyclonedx-python-lib);
* :func:`spdx_json` — :mod:`lodestar.render.sbom_spdx` (spdx-tools, validated before returning);
* :class:`SbomSubject`, the input both take — :mod:`lodestar.render.sbom_model`.

Both are deterministic: the same subject and ``now`` give byte-identical output. Fixture
dependencies (declared under tests/fixtures/examples) are left out unless
``include_fixtures=True``.
"""

from __future__ import annotations

from lodestar.render.sbom_cyclonedx import cyclonedx_json
from lodestar.render.sbom_model import SbomSubject
from lodestar.render.sbom_spdx import spdx_json

__all__ = ["SbomSubject", "cyclonedx_json", "spdx_json"]
