"""The SBOM dependency graph: package-to-package edges in CycloneDX ``dependencies`` and SPDX
``DEPENDS_ON`` relationships, validated against the CycloneDX 1.6 schema and spdx-tools."""

from __future__ import annotations

import collections
from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.render.test_sbom import cdx, dep, dependencies, relations, spdx, spdx_ids, subject

from lodestar.records import Dependency, Scope
from lodestar.render import sbom_spdx
from lodestar.scan.dependencies import extract_dependencies

NPM = "pkg:npm/"


def _npm(
    name: str, version: str | None, depends_on: tuple[str, ...] | None = None, **kwargs: Any
) -> Dependency:
    namespace, _, short = name.rpartition("/")
    record = dep(
        "npm",
        short,
        version,
        namespace=namespace or None,
        shown=name,
        manifest="package-lock.json",
        **kwargs,
    )
    return replace(record, depends_on=depends_on)


def _graph(data: dict[str, Any]) -> dict[str, list[str]]:
    return {node["ref"]: node["dependsOn"] for node in data.get("dependencies", [])}


def _depths(data: dict[str, Any]) -> dict[str, int]:
    """Shortest distance of every node reachable from the repository."""
    graph = _graph(data)
    root = data["metadata"]["component"]["bom-ref"]
    depth = {root: 0}
    queue = collections.deque([root])
    while queue:
        ref = queue.popleft()
        for child in graph.get(ref, []):
            if child not in depth:
                depth[child] = depth[ref] + 1
                queue.append(child)
    return depth


def app() -> tuple[Dependency, ...]:
    """express → body-parser → bytes (a leaf), a direct leaf, a package with unknown edges."""
    express = _npm("express", "4.19.2", depends_on=(NPM + "body-parser@1.20.2",))
    body = _npm(
        "body-parser", "1.20.2", direct=False, depends_on=(NPM + "bytes@3.1.2", NPM + "gone@1.0.0")
    )
    bytes_ = _npm("bytes", "3.1.2", direct=False, depends_on=())
    ms = _npm("ms", "2.1.3", depends_on=())
    left_pad = _npm("left-pad", None, constraint="^1.3.0")  # declared, never locked: unknown
    return express, body, bytes_, ms, left_pad


def test_cyclonedx_writes_every_known_edge_and_only_those() -> None:
    data = cdx(subject(dependencies=app()))
    graph = _graph(data)
    root = data["metadata"]["component"]["bom-ref"]
    assert sorted(graph[root]) == [NPM + "express@4.19.2", NPM + "left-pad", NPM + "ms@2.1.3"]
    assert graph[NPM + "express@4.19.2"] == [NPM + "body-parser@1.20.2"]
    # an edge to a package the SBOM does not hold (gone@1.0.0) is left out
    assert graph[NPM + "body-parser@1.20.2"] == [NPM + "bytes@3.1.2"]
    assert graph[NPM + "bytes@3.1.2"] == []  # the lock says: requires nothing
    assert NPM + "left-pad" not in graph  # nobody knows: no node ("may have unknown ones")
    assert max(_depths(data).values()) == 3


def test_cyclonedx_edges_to_left_out_fixtures_are_dropped() -> None:
    fixture = _npm("fixture-only", "1.0.0", direct=False, fixture=True, depends_on=())
    uses_it = _npm("app-lib", "1.0.0", depends_on=(fixture.purl,))
    assert _graph(cdx(subject(dependencies=(uses_it, fixture))))[uses_it.purl] == []
    included = cdx(subject(dependencies=(uses_it, fixture)), include_fixtures=True)
    assert _graph(included)[uses_it.purl] == [fixture.purl]


def test_edges_of_one_package_in_several_files_are_joined() -> None:
    a = _npm("a", "1.0.0", depends_on=(NPM + "b@1.0.0",))
    b = _npm("b", "1.0.0", direct=False, depends_on=())
    c = _npm("c", "1.0.0", direct=False, depends_on=())
    again = replace(a, manifest="packages/web/package-lock.json", depends_on=(c.purl,))
    unknown = replace(a, manifest="package.json", depends_on=None)
    data = cdx(subject(dependencies=(a, again, unknown, b, c)))
    assert _graph(data)[a.purl] == [b.purl, c.purl]


def test_spdx_relates_packages_to_what_they_depend_on() -> None:
    data, _ = spdx(subject(dependencies=app()))
    ids = spdx_ids(data)
    rels = relations(data)
    repo = "SPDXRef-Repository-payments-api"
    express, body, bytes_ = (
        ids[NPM + p] for p in ("express@4.19.2", "body-parser@1.20.2", "bytes@3.1.2")
    )
    assert (express, "DEPENDS_ON", body, None) in rels
    assert (body, "DEPENDS_ON", bytes_, None) in rels
    assert not [r for r in rels if r[0] == bytes_ and r[1] == "DEPENDS_ON"]
    # transitive packages still relate to the repository, saying the graph holds their path
    assert (repo, "DEPENDS_ON", body, sbom_spdx.TRANSITIVE) in rels
    orphan = _npm("orphan", "1.0.0", direct=False)  # no edge reaches it
    data, _ = spdx(subject(dependencies=(*app(), orphan)))
    orphan_id = spdx_ids(data)[orphan.purl]
    assert (repo, "DEPENDS_ON", orphan_id, sbom_spdx.TRANSITIVE_UNTRACED) in relations(data)


def test_docs_scope_maps_to_excluded_and_a_dev_dependency_relationship() -> None:
    sphinx = dep("pypi", "sphinx", "7.3.7", scope=Scope.DOCS, manifest="docs/requirements.txt")
    component = cdx(subject(dependencies=(sphinx,)))["components"][0]
    assert component["scope"] == "excluded"
    data, _ = spdx(subject(dependencies=(sphinx,)))
    sphinx_id = spdx_ids(data)[sphinx.purl]
    assert (sphinx_id, "DEV_DEPENDENCY_OF", "SPDXRef-Repository-payments-api", None) in relations(
        data
    )


@settings(max_examples=30, deadline=None)
@given(
    deps=st.lists(dependencies(), min_size=1, max_size=20),
    wiring=st.lists(st.tuples(st.integers(0, 19), st.integers(0, 19)), max_size=40),
    include_fixtures=st.booleans(),
)
def test_any_graph_gives_valid_documents(
    deps: list[Dependency], wiring: list[tuple[int, int]], include_fixtures: bool
) -> None:
    edges: dict[int, set[str]] = collections.defaultdict(set)
    for source, target in wiring:
        if source < len(deps) and target < len(deps):
            edges[source].add(deps[target].purl)
    wired = [
        replace(d, depends_on=(*sorted(edges[i]), NPM + "ghost@0.0.0") if i in edges else None)
        for i, d in enumerate(deps)
    ]
    thing = subject(dependencies=tuple(wired))
    data = cdx(thing, include_fixtures=include_fixtures)  # schema-valid
    refs = {c["bom-ref"] for c in data.get("components", [])}
    for ref, targets in _graph(data).items():
        assert set(targets) <= refs and ref not in targets
    spdx(thing, include_fixtures=include_fixtures)  # validated: no dangling relationship


# --- end to end: a vue-like pnpm workspace ------------------------------------------------------

ROOT_PACKAGE = b"""{"name": "core", "private": true, "devDependencies": {
  "@vitejs/plugin-vue": "catalog:", "@types/node": "^20.12.12", "vite": "catalog:"}}"""
SFC_PACKAGE = b"""{"name": "@vue/compiler-sfc", "dependencies": {
  "@babel/parser": "catalog:", "@vue/shared": "workspace:*", "magic-string": "catalog:",
  "postcss": "^8.4.38"}}"""
SHARED_PACKAGE = b'{"name": "@vue/shared"}'
WORKSPACE = b"packages:\n  - 'packages/*'\n"
PNPM_LOCK = b"""\
lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

catalogs:
  default:
    '@babel/parser':
      specifier: ^7.24.5
      version: 7.24.5

importers:

  .:
    devDependencies:
      '@types/node':
        specifier: ^20.12.12
        version: 20.12.12
      '@vitejs/plugin-vue':
        specifier: 'catalog:'
        version: 5.0.4(vite@5.2.11)(vue@packages+vue)
      vite:
        specifier: 'catalog:'
        version: 5.2.11(@types/node@20.12.12)

  packages/compiler-sfc:
    dependencies:
      '@babel/parser':
        specifier: 'catalog:'
        version: 7.24.5
      '@vue/shared':
        specifier: workspace:*
        version: link:../shared
      magic-string:
        specifier: 'catalog:'
        version: 0.30.10
      postcss:
        specifier: ^8.4.38
        version: 8.4.38

  packages/shared: {}

packages:

  '@babel/helper-string-parser@7.24.1':
    resolution: {integrity: sha512-AAAA}
    engines: {node: '>=6.9.0'}

  '@babel/helper-validator-identifier@7.24.5':
    resolution: {integrity: sha512-BBBB}
    engines: {node: '>=6.9.0'}

  '@babel/parser@7.24.5':
    resolution: {integrity: sha512-CCCC}
    engines: {node: '>=6.0.0'}
    hasBin: true

  '@babel/types@7.24.5':
    resolution: {integrity: sha512-DDDD}
    engines: {node: '>=6.9.0'}

  '@esbuild/linux-x64@0.20.2':
    resolution: {integrity: sha512-EEEE}
    engines: {node: '>=12'}
    cpu: [x64]
    os: [linux]

  '@jridgewell/sourcemap-codec@1.4.15':
    resolution: {integrity: sha512-FFFF}

  '@types/estree@1.0.5':
    resolution: {integrity: sha512-GGGG}

  '@types/node@20.12.12':
    resolution: {integrity: sha512-HHHH}

  '@vitejs/plugin-vue@5.0.4':
    resolution: {integrity: sha512-IIII}
    engines: {node: ^18.0.0 || >=20.0.0}
    peerDependencies:
      vite: ^5.0.0
      vue: ^3.2.25

  esbuild@0.20.2:
    resolution: {integrity: sha512-JJJJ}
    engines: {node: '>=12'}
    hasBin: true

  magic-string@0.30.10:
    resolution: {integrity: sha512-KKKK}

  nanoid@3.3.7:
    resolution: {integrity: sha512-LLLL}
    engines: {node: ^10 || ^12 || ^13.7 || ^14 || >=15.0.1}
    hasBin: true

  picocolors@1.0.1:
    resolution: {integrity: sha512-MMMM}

  postcss@8.4.38:
    resolution: {integrity: sha512-NNNN}
    engines: {node: ^10 || ^12 || >=14}

  rollup@4.17.2:
    resolution: {integrity: sha512-OOOO}
    engines: {node: '>=18.0.0', npm: '>=8.0.0'}
    hasBin: true

  source-map-js@1.2.0:
    resolution: {integrity: sha512-PPPP}
    engines: {node: '>=0.10.0'}

  to-fast-properties@2.0.0:
    resolution: {integrity: sha512-QQQQ}
    engines: {node: '>=4'}

  undici-types@5.26.5:
    resolution: {integrity: sha512-RRRR}

  vite@5.2.11:
    resolution: {integrity: sha512-SSSS}
    engines: {node: ^18.0.0 || >=20.0.0}
    hasBin: true
    peerDependencies:
      '@types/node': ^18.0.0 || >=20.0.0
    peerDependenciesMeta:
      '@types/node':
        optional: true

snapshots:

  '@babel/helper-string-parser@7.24.1': {}

  '@babel/helper-validator-identifier@7.24.5': {}

  '@babel/parser@7.24.5':
    dependencies:
      '@babel/types': 7.24.5

  '@babel/types@7.24.5':
    dependencies:
      '@babel/helper-string-parser': 7.24.1
      '@babel/helper-validator-identifier': 7.24.5
      to-fast-properties: 2.0.0

  '@esbuild/linux-x64@0.20.2':
    optional: true

  '@jridgewell/sourcemap-codec@1.4.15': {}

  '@types/estree@1.0.5': {}

  '@types/node@20.12.12':
    dependencies:
      undici-types: 5.26.5

  '@vitejs/plugin-vue@5.0.4(vite@5.2.11)(vue@packages+vue)':
    dependencies:
      vite: 5.2.11(@types/node@20.12.12)
      vue: link:packages/vue

  esbuild@0.20.2:
    optionalDependencies:
      '@esbuild/linux-x64': 0.20.2

  magic-string@0.30.10:
    dependencies:
      '@jridgewell/sourcemap-codec': 1.4.15

  nanoid@3.3.7: {}

  picocolors@1.0.1: {}

  postcss@8.4.38:
    dependencies:
      nanoid: 3.3.7
      picocolors: 1.0.1
      source-map-js: 1.2.0

  rollup@4.17.2:
    dependencies:
      '@types/estree': 1.0.5

  source-map-js@1.2.0: {}

  to-fast-properties@2.0.0: {}

  undici-types@5.26.5: {}

  vite@5.2.11(@types/node@20.12.12):
    dependencies:
      esbuild: 0.20.2
      postcss: 8.4.38
      rollup: 4.17.2
    optionalDependencies:
      '@types/node': 20.12.12
"""


def test_a_vue_like_pnpm_workspace_gives_a_multi_level_graph() -> None:
    files = {
        "package.json": ROOT_PACKAGE,
        "pnpm-workspace.yaml": WORKSPACE,
        "pnpm-lock.yaml": PNPM_LOCK,
        "packages/compiler-sfc/package.json": SFC_PACKAGE,
        "packages/shared/package.json": SHARED_PACKAGE,
    }
    deps, warnings = extract_dependencies(files)
    assert warnings == []
    data = cdx(subject(dependencies=tuple(deps)))
    graph = _graph(data)
    depths = _depths(data)
    components = {c["bom-ref"] for c in data["components"]}
    assert components <= set(depths)  # every package is reachable from the repository
    assert max(depths.values()) == 3  # three levels below the repository, not one
    assert depths[NPM + "%40babel/helper-string-parser@7.24.1"] == 3  # @babel/parser → types →
    assert depths[NPM + "%40esbuild/linux-x64@0.20.2"] == 3  # vite → esbuild → it
    assert graph[NPM + "vite@5.2.11"] == [
        NPM + "%40types/node@20.12.12",
        NPM + "esbuild@0.20.2",
        NPM + "postcss@8.4.38",
        NPM + "rollup@4.17.2",
    ]
    # the workspace member vue (link:) is the repository's own code: no node, no edge
    assert graph[NPM + "%40vitejs/plugin-vue@5.0.4"] == [NPM + "vite@5.2.11"]
    assert len(graph) == len(components) + 1  # a node per package, and the repository's
    spdx(subject(dependencies=tuple(deps)))
