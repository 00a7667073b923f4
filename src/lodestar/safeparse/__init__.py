"""The one hostile-input toolkit (see ARCHITECTURE.md, ``safeparse``): every layer above reads
untrusted text through it, and every refusal is a positioned
:class:`~lodestar.errors.ManifestError` (path, line, column) unless said otherwise.

* :mod:`~lodestar.safeparse.yaml` — YAML with positions and budgets (tags, anchors and aliases,
  depth, nodes, bytes) under :class:`YamlRules`: strategy files, lock files, delivery files;
* :mod:`~lodestar.safeparse.xml` — the one defusedxml door (no DTD, no entities);
* :mod:`~lodestar.safeparse.json`, :mod:`~lodestar.safeparse.toml` — budgeted JSON (and JSONC)
  and TOML, and where a TOML table or key is; :mod:`~lodestar.safeparse.text` — bytes to text;
* :mod:`~lodestar.safeparse.purls` — package identity: build, check and key purls, ``vcs_url``;
* :mod:`~lodestar.safeparse.ranges` — version ranges in each ecosystem's dialect, and the lowest
  version a range admits, the intervals of versions it admits (its refusals are
  :class:`RangeError`).

Inside this package modules import each other directly; other layers import from here.
"""

from __future__ import annotations

from lodestar.safeparse.json import load_json, load_json_object
from lodestar.safeparse.purls import (
    checked_purl,
    normalise_pypi,
    package_key,
    purl_for,
    purl_key,
    scrub_url,
    split_name,
    vcs_url,
)
from lodestar.safeparse.ranges import (
    MAX_NUMBER_DIGITS,
    MAX_RANGE_CHARS,
    MAX_VERSION_CHARS,
    Interval,
    RangeError,
    VersionKey,
    VersionRange,
    lowest_bound,
    parse_range,
    parse_version,
    range_examples,
    range_intervals,
    release_span,
)
from lodestar.safeparse.text import decode_text
from lodestar.safeparse.toml import key_line, load_config_toml, load_toml, table_lines
from lodestar.safeparse.xml import XmlTree, load_xml, load_xml_lines
from lodestar.safeparse.yaml import (
    DELIVERY_YAML,
    LOCK_YAML,
    STRATEGY_MAX_BYTES,
    STRATEGY_YAML,
    Pos,
    YamlList,
    YamlMap,
    YamlRules,
    load_yaml,
    load_yaml_mapping,
    position,
    yaml_text,
)

__all__ = [
    "DELIVERY_YAML",
    "LOCK_YAML",
    "MAX_NUMBER_DIGITS",
    "MAX_RANGE_CHARS",
    "MAX_VERSION_CHARS",
    "STRATEGY_MAX_BYTES",
    "STRATEGY_YAML",
    "Interval",
    "Pos",
    "RangeError",
    "VersionKey",
    "VersionRange",
    "XmlTree",
    "YamlList",
    "YamlMap",
    "YamlRules",
    "checked_purl",
    "decode_text",
    "key_line",
    "load_config_toml",
    "load_json",
    "load_json_object",
    "load_toml",
    "load_xml",
    "load_xml_lines",
    "load_yaml",
    "load_yaml_mapping",
    "lowest_bound",
    "normalise_pypi",
    "package_key",
    "parse_range",
    "parse_version",
    "position",
    "purl_for",
    "purl_key",
    "range_examples",
    "range_intervals",
    "release_span",
    "scrub_url",
    "split_name",
    "table_lines",
    "vcs_url",
    "yaml_text",
]
