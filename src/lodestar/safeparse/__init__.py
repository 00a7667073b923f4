"""The one hostile-input toolkit (see ARCHITECTURE.md, ``safeparse``): every layer above reads
untrusted text through it, and every refusal is a positioned
:class:`~lodestar.errors.ManifestError` (path, line, column) unless said otherwise.

* :mod:`~lodestar.safeparse.yaml` — YAML with positions and budgets (tags, anchors and aliases,
  depth, nodes, bytes) under :class:`YamlRules`: strategy files, lock files, delivery files;
* :mod:`~lodestar.safeparse.xml` — the one defusedxml door (no DTD, no entities);
* :mod:`~lodestar.safeparse.json`, :mod:`~lodestar.safeparse.toml` — budgeted JSON (and JSONC)
  and TOML, and where a TOML table or key is; :mod:`~lodestar.safeparse.text` — bytes to text;
* :mod:`~lodestar.safeparse.osv_ranges` — OSV ranges evaluated in each ecosystem's version
  ordering (PEP 440, SemVer, Maven, RubyGems, Composer, NuGet): ``is_affected``,
  ``lowest_fixed`` and the pieces the vulnerability matching uses;
* :mod:`~lodestar.safeparse.osv` — OSV advisory records, validated under budgets, and the
  package key of an OSV package;
* :mod:`~lodestar.safeparse.purls` — package identity: build, check and key purls, ``vcs_url``;
* :mod:`~lodestar.safeparse.ranges` — version ranges in each ecosystem's dialect, and the lowest
  version a range admits, the intervals of versions it admits (its refusals are
  :class:`RangeError`).

Inside this package modules import each other directly; other layers import from here.
"""

from __future__ import annotations

import typing

from lodestar import faces

if typing.TYPE_CHECKING:
    from lodestar.safeparse.git_urls import MAX_URL_CHARS, SCHEMES, GitUrl, parse_git_url
    from lodestar.safeparse.json import json_position, load_json, load_json_object
    from lodestar.safeparse.osv import (
        ECOSYSTEMS,
        LIMITS,
        MAX_RECORD_BYTES,
        advisory_ecosystems,
        osv_package,
        read_advisories,
        read_advisory,
    )
    from lodestar.safeparse.osv_ranges import (
        MAX_RANGE_EVENTS,
        AffectedSegment,
        CompiledRange,
        affected_segments,
        canonical_version,
        clear_osv_caches,
        compiled_range,
        describe_listed,
        describe_segments,
        fixed_above,
        is_affected,
        lowest_fixed,
        ordering_for,
        range_contains,
        version_key,
    )
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
    from lodestar.safeparse.toml import (
        key_line,
        load_config_toml,
        load_toml,
        read_config_toml,
        table_lines,
    )
    from lodestar.safeparse.validation import validation_message
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
    "ECOSYSTEMS",
    "LIMITS",
    "LOCK_YAML",
    "MAX_NUMBER_DIGITS",
    "MAX_RANGE_CHARS",
    "MAX_RANGE_EVENTS",
    "MAX_RECORD_BYTES",
    "MAX_URL_CHARS",
    "MAX_VERSION_CHARS",
    "SCHEMES",
    "STRATEGY_MAX_BYTES",
    "STRATEGY_YAML",
    "AffectedSegment",
    "CompiledRange",
    "GitUrl",
    "Interval",
    "Pos",
    "RangeError",
    "VersionKey",
    "VersionRange",
    "XmlTree",
    "YamlList",
    "YamlMap",
    "YamlRules",
    "advisory_ecosystems",
    "affected_segments",
    "canonical_version",
    "checked_purl",
    "clear_osv_caches",
    "compiled_range",
    "decode_text",
    "describe_listed",
    "describe_segments",
    "fixed_above",
    "is_affected",
    "json_position",
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
    "lowest_fixed",
    "normalise_pypi",
    "ordering_for",
    "osv_package",
    "package_key",
    "parse_git_url",
    "parse_range",
    "parse_version",
    "position",
    "purl_for",
    "purl_key",
    "range_contains",
    "range_examples",
    "range_intervals",
    "read_advisories",
    "read_advisory",
    "read_config_toml",
    "release_span",
    "scrub_url",
    "split_name",
    "table_lines",
    "validation_message",
    "vcs_url",
    "version_key",
    "yaml_text",
]

__getattr__, __dir__ = faces.lazy_face(
    __name__,
    {
        "GitUrl": "git_urls",
        "parse_git_url": "git_urls",
        "MAX_URL_CHARS": "git_urls",
        "SCHEMES": "git_urls",
        "MAX_RANGE_EVENTS": "osv_ranges",
        "AffectedSegment": "osv_ranges",
        "CompiledRange": "osv_ranges",
        "affected_segments": "osv_ranges",
        "canonical_version": "osv_ranges",
        "clear_osv_caches": "osv_ranges",
        "compiled_range": "osv_ranges",
        "describe_listed": "osv_ranges",
        "describe_segments": "osv_ranges",
        "fixed_above": "osv_ranges",
        "is_affected": "osv_ranges",
        "lowest_fixed": "osv_ranges",
        "ordering_for": "osv_ranges",
        "range_contains": "osv_ranges",
        "version_key": "osv_ranges",
        "DELIVERY_YAML": "yaml",
        "ECOSYSTEMS": "osv",
        "LIMITS": "osv",
        "MAX_RECORD_BYTES": "osv",
        "advisory_ecosystems": "osv",
        "json_position": "json",
        "osv_package": "osv",
        "read_advisories": "osv",
        "read_advisory": "osv",
        "LOCK_YAML": "yaml",
        "MAX_NUMBER_DIGITS": "ranges",
        "MAX_RANGE_CHARS": "ranges",
        "MAX_VERSION_CHARS": "ranges",
        "Pos": "yaml",
        "RangeError": "ranges",
        "STRATEGY_MAX_BYTES": "yaml",
        "STRATEGY_YAML": "yaml",
        "VersionRange": "ranges",
        "XmlTree": "xml",
        "YamlList": "yaml",
        "YamlMap": "yaml",
        "YamlRules": "yaml",
        "checked_purl": "purls",
        "decode_text": "text",
        "key_line": "toml",
        "load_config_toml": "toml",
        "load_json": "json",
        "load_json_object": "json",
        "load_toml": "toml",
        "load_xml": "xml",
        "load_xml_lines": "xml",
        "load_yaml": "yaml",
        "load_yaml_mapping": "yaml",
        "lowest_bound": "ranges",
        "normalise_pypi": "purls",
        "package_key": "purls",
        "parse_range": "ranges",
        "parse_version": "ranges",
        "position": "yaml",
        "purl_for": "purls",
        "purl_key": "purls",
        "range_examples": "ranges",
        "range_intervals": "ranges",
        "read_config_toml": "toml",
        "release_span": "ranges",
        "Interval": "ranges",
        "VersionKey": "ranges",
        "scrub_url": "purls",
        "split_name": "purls",
        "table_lines": "toml",
        "vcs_url": "purls",
        "validation_message": "validation",
        "yaml_text": "yaml",
    },
)
