"""Drift findings as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format).

One run; the tool driver ``Lodestar`` lists every rule of :data:`lodestar.analysis.drift.RULES`
(id, name, descriptions, default level). Each finding is a result with its ``ruleId`` and
``ruleIndex``, ``level`` (error, warning, note: the finding's severity), a ``message``, and:

* ``locations``: the repository file of its first path evidence (``path:line`` → a region),
  relative to the uri base id of that repository; without one, the workspace file that
  declares the rule (relative to ``WORKSPACE``); a finding with neither has no location;
* ``relatedLocations``: the declaration in the workspace when the main location is a
  repository file;
* ``partialFingerprints``: a hash of rule, repository, subject and location, stable from run
  to run so code-scanning services can follow a finding;
* ``properties``: repository, its owner (``owner``: the CODEOWNERS owners of the evidence
  path, else the repository's declared owner; absent when nobody owns it), subject, evidence
  and fix hint.

Vulnerability findings (rule ``vulnerability``) are security results as GitHub code scanning
reads them: the result's ``properties`` carry ``security-severity`` (the CVSS base score as a
string, ``"7.5"``), ``tags`` (``security``, ``vulnerability``, the band), the advisory, its
aliases, the package, the fixed version and the advisory's URL, which the message also gives.
GitHub takes the severity of an alert from its *rule*, so the ``vulnerability`` rule carries
the ``security``/``vulnerability`` tags and the highest score among the run's results (an
advisory without a score counts as medium, 5.0).

Uri base ids: ``SRCROOT`` is the repository when one repository is checked (``lodestar check
--repo``: paths are relative to its root, as code-scanning services expect); for the
organisation each repository gets ``REPO_<name>`` (non-alphanumerics as ``_``), described in
``originalUriBaseIds`` with its location when known.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lodestar import __version__
from lodestar.analysis import RULES, Drift, advisory_url, evidence_location, vulnerability_of
from lodestar.records import Finding
from lodestar.records.vulns import Vulnerability

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "to_sarif"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_NON_ID = re.compile(r"[^A-Za-z0-9]+")


def _base_id(repository: str, single: bool) -> str:
    return "SRCROOT" if single else "REPO_" + _NON_ID.sub("_", repository)


def _uri(path: str) -> str:
    return quote(path.lstrip("/"), safe="/")


def _dir_uri(path: Path) -> str:
    uri = path.resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


_SECURITY_RULES = frozenset({"vulnerability", "vulnerability-campaign-target"})
_UNSCORED = 5.0  # an advisory without a CVSS score: medium, as the drift rule ranks it


def _rules(top_score: float | None) -> list[dict[str, Any]]:
    rules = []
    for rule in RULES.values():
        entry: dict[str, Any] = {
            "id": rule.id,
            "name": "".join(part.capitalize() for part in rule.id.split("-")),
            "shortDescription": {"text": rule.title},
            "fullDescription": {"text": rule.help},
            "help": {"text": rule.help},
            "defaultConfiguration": {"level": rule.severity.value},
        }
        if rule.id in _SECURITY_RULES:
            entry["helpUri"] = "https://osv.dev/"
            props: dict[str, Any] = {"tags": ["security", "vulnerability", "dependency"]}
            if rule.id == "vulnerability" and top_score is not None:
                props["security-severity"] = f"{top_score:.1f}"
            entry["properties"] = props
        rules.append(entry)
    return rules


def _score(vuln: Vulnerability) -> float:
    return vuln.score if vuln.score is not None else _UNSCORED


def _vulnerability_properties(vuln: Vulnerability) -> dict[str, Any]:
    props: dict[str, Any] = {
        "security-severity": f"{_score(vuln):.1f}",
        "tags": ["security", "vulnerability", vuln.band],
        "advisory": vuln.advisory,
        "aliases": list(vuln.aliases),
        "package": vuln.package,
        "status": vuln.status,
        "affected": vuln.affected,
        "advisoryUrl": advisory_url(vuln.advisory, vuln.references),
    }
    if vuln.version is not None:
        props["version"] = vuln.version
    if vuln.fixed is not None:
        props["fixed"] = vuln.fixed
    if vuln.vector is not None:
        props["cvssVector"] = vuln.vector
    return props


def _region(line: int | None) -> dict[str, Any]:
    return {"region": {"startLine": line}} if line else {}


def _declaration_location(finding: Finding) -> dict[str, Any] | None:
    decl = finding.declaration
    if decl is None:
        return None
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(decl.path), "uriBaseId": "WORKSPACE"},
            **_region(decl.line),
        }
    }


def _result(
    finding: Finding, index: dict[str, int], single: bool, vuln: Vulnerability | None
) -> dict[str, Any]:
    text = finding.message + (f" Fix: {finding.hint}" if finding.hint else "")
    if vuln is not None:
        text += f" See {advisory_url(vuln.advisory, vuln.references)}"
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": finding.severity.value,
        "message": {"text": text},
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    where = evidence_location(finding)
    declared = _declaration_location(finding)
    if where is not None and finding.repository is not None:
        path, line = where
        result["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": _uri(path),
                        "uriBaseId": _base_id(finding.repository, single),
                    },
                    **_region(line),
                }
            }
        ]
        if declared is not None:
            result["relatedLocations"] = [
                {**declared, "id": 1, "message": {"text": "declared here"}}
            ]
    elif declared is not None:
        result["locations"] = [declared]
    key = "\x1f".join((finding.rule, finding.repository or "", finding.subject or "", repr(where)))
    result["partialFingerprints"] = {
        "lodestarFinding/v1": hashlib.sha256(key.encode()).hexdigest()[:32]
    }
    props: dict[str, Any] = {"evidence": list(finding.evidence)}
    if finding.repository is not None:
        props["repository"] = finding.repository
    if finding.owner is not None:
        props["owner"] = finding.owner
    if finding.subject is not None:
        props["subject"] = finding.subject
    if finding.hint:
        props["hint"] = finding.hint
    if vuln is not None:
        props.update(_vulnerability_properties(vuln))
    owner = finding.owner  # set when the repository's owner is known
    if owner:
        props["owner"] = owner
    result["properties"] = props
    return result


def to_sarif(
    drift: Drift,
    *,
    workspace: Path | None = None,
    repository_roots: Mapping[str, Path] | None = None,
) -> dict[str, Any]:
    """The SARIF log of a drift evaluation, as a JSON-ready dict."""
    single = not drift.organisation and len(drift.repositories) == 1
    matched = [(f, vulnerability_of(f, drift.vulnerabilities)) for f in drift.findings]
    scores = [_score(v) for _, v in matched if v is not None]
    rules = _rules(max(scores) if scores else None)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    bases: dict[str, Any] = {}
    if workspace is not None:
        bases["WORKSPACE"] = {"uri": _dir_uri(workspace)}
    else:
        bases["WORKSPACE"] = {"description": {"text": "the Lodestar workspace folder"}}
    roots = repository_roots or {}
    for name in sorted({f.repository for f in drift.findings if f.repository}):
        base = _base_id(name, single)
        root = roots.get(name)
        bases[base] = (
            {"uri": _dir_uri(root)}
            if root is not None
            else {"description": {"text": f"the root of repository {name}"}}
        )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "Lodestar",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "originalUriBaseIds": bases,
        "results": [_result(f, index, single, v) for f, v in matched],
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
