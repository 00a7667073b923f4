"""Real OSV records, transcribed from the public OSV / GitHub Advisory Database (facts: ids,
aliases, dates, ranges, vectors), trimmed of long prose and most references; shared by the
safeparse, store, ingest and CLI tests of the advisory import.

``record(name)`` is the record as a dict (a fresh copy), ``record_bytes(name)`` as a file's
bytes, indented like OSV's own exports so that errors have lines to point at.
"""

from __future__ import annotations

import copy
import json
from typing import Any

# requests < 2.20.0 sends the Authorization header over a https → http redirect.
REQUESTS = {
    "schema_version": "1.4.0",
    "id": "GHSA-x84v-xcm2-53pg",
    "modified": "2023-11-08T03:58:08.515Z",
    "published": "2018-10-29T19:06:46Z",
    "aliases": ["CVE-2018-18074"],
    "related": ["PYSEC-2018-28"],
    "summary": "Insufficiently Protected Credentials in Requests",
    "details": "The Requests package through 2.19.1 before 2018-09-14 for Python sends an HTTP "
    "Authorization header to an http URI upon receiving a same-hostname https-to-http redirect, "
    "which makes it easier for remote attackers to discover credentials by sniffing the network.",
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "requests", "purl": "pkg:pypi/requests"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.20.0"}]}],
            "database_specific": {"source": "https://github.com/github/advisory-database"},
        }
    ],
    "references": [
        {"type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/CVE-2018-18074"},
        {"type": "WEB", "url": "https://github.com/requests/requests/pull/4718"},
        {"type": "PACKAGE", "url": "https://github.com/psf/requests"},
    ],
    "database_specific": {
        "cwe_ids": ["CWE-522"],
        "severity": "HIGH",
        "github_reviewed": True,
        "github_reviewed_at": "2020-06-16T21:37:58Z",
        "nvd_published_at": None,
    },
}

# Log4Shell: JNDI lookups in log4j-core, three ranges of 2.x, and the pax-logging bundle.
LOG4SHELL = {
    "schema_version": "1.4.0",
    "id": "GHSA-jfh8-c2jp-5v3q",
    "modified": "2024-03-15T13:28:05Z",
    "published": "2021-12-10T00:40:56Z",
    "aliases": ["CVE-2021-44228"],
    "summary": "Remote code injection in Log4j",
    "details": "Logging untrusted data with log4j versions 2.0-beta9 through 2.14.1 can result "
    "in a remote code execution (RCE) attack.",
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}],
    "affected": [
        {
            "package": {
                "ecosystem": "Maven",
                "name": "org.apache.logging.log4j:log4j-core",
                "purl": "pkg:maven/org.apache.logging.log4j/log4j-core",
            },
            "ranges": [
                {"type": "ECOSYSTEM", "events": [{"introduced": "2.13.0"}, {"fixed": "2.15.0"}]},
                {"type": "ECOSYSTEM", "events": [{"introduced": "2.0-beta9"}, {"fixed": "2.3.1"}]},
                {"type": "ECOSYSTEM", "events": [{"introduced": "2.4"}, {"fixed": "2.12.2"}]},
            ],
        },
        {
            "package": {
                "ecosystem": "Maven",
                "name": "org.ops4j.pax.logging:pax-logging-log4j2",
                "purl": "pkg:maven/org.ops4j.pax.logging/pax-logging-log4j2",
            },
            "ranges": [
                {"type": "ECOSYSTEM", "events": [{"introduced": "1.8.0"}, {"fixed": "1.9.2"}]},
                {"type": "ECOSYSTEM", "events": [{"introduced": "1.10.0"}, {"fixed": "1.10.8"}]},
                {"type": "ECOSYSTEM", "events": [{"introduced": "1.11.0"}, {"fixed": "1.11.10"}]},
                {"type": "ECOSYSTEM", "events": [{"introduced": "2.0.0"}, {"fixed": "2.0.11"}]},
            ],
        },
    ],
    "references": [
        {"type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"},
        {"type": "WEB", "url": "https://logging.apache.org/log4j/2.x/security.html"},
    ],
    "database_specific": {"cwe_ids": ["CWE-20", "CWE-400", "CWE-502"], "severity": "CRITICAL"},
}

# lodash < 4.17.21: command injection through template.
LODASH = {
    "schema_version": "1.4.0",
    "id": "GHSA-35jh-r3h4-6jhm",
    "modified": "2024-02-16T08:14:55Z",
    "published": "2021-05-06T16:05:51Z",
    "aliases": ["CVE-2021-23337"],
    "summary": "Command Injection in lodash",
    "details": "`lodash` versions prior to 4.17.21 are vulnerable to Command Injection via the "
    "template function.",
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"}],
    "affected": [
        {
            "package": {"ecosystem": "npm", "name": "lodash", "purl": "pkg:npm/lodash"},
            "ranges": [
                {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "4.17.21"}]}
            ],
        }
    ],
    "references": [{"type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-23337"}],
    "database_specific": {"cwe_ids": ["CWE-77", "CWE-94"], "severity": "HIGH"},
}

# PyPA's record of the same requests flaw: PYSEC ids, GIT ranges beside the ECOSYSTEM one and
# the affected versions listed.
REQUESTS_PYSEC = {
    "id": "PYSEC-2018-28",
    "modified": "2021-06-10T06:51:39.276975Z",
    "published": "2018-10-09T23:29:00Z",
    "aliases": ["CVE-2018-18074", "GHSA-x84v-xcm2-53pg"],
    "details": "The Requests package before 2.20.0 for Python sends an HTTP Authorization header "
    "to an http URI upon receiving a same-hostname https-to-http redirect.",
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "requests", "purl": "pkg:pypi/requests"},
            "ranges": [
                {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.20.0"}]},
                {
                    "type": "GIT",
                    "repo": "https://github.com/psf/requests",
                    "events": [
                        {"introduced": "0"},
                        {"fixed": "c45d7c49ea75133e52ab22a8e9e13173938e36ff"},
                    ],
                },
            ],
            "versions": ["0.10.0", "0.10.1", "2.18.4", "2.19.0", "2.19.1"],
        }
    ],
    "references": [{"type": "FIX", "url": "https://github.com/requests/requests/pull/4718"}],
}

# Debian's record of Log4Shell: an ecosystem the scanner does not read, skipped.
LOG4SHELL_DEBIAN = {
    "id": "DEBIAN-CVE-2021-44228",
    "modified": "2024-09-18T03:17:14Z",
    "published": "2021-12-10T10:15:09Z",
    "upstream": ["CVE-2021-44228"],
    "details": "Apache Log4j2 2.0-beta9 through 2.15.0 JNDI features ...",
    "affected": [
        {
            "package": {
                "name": "apache-log4j2",
                "ecosystem": "Debian:11",
                "purl": "pkg:deb/debian/apache-log4j2?arch=source",
            },
            "ranges": [
                {
                    "type": "ECOSYSTEM",
                    "events": [{"introduced": "0"}, {"fixed": "2.15.0-1~deb11u1"}],
                }
            ],
        }
    ],
}

# A scoped npm package: @babel/traverse < 7.23.2 compiles arbitrary code (CVE-2023-45133);
# babel-traverse has no fixed version.
BABEL_TRAVERSE = {
    "id": "GHSA-67hx-6x53-jw92",
    "modified": "2023-10-23T16:20:30Z",
    "published": "2023-10-16T13:55:36Z",
    "aliases": ["CVE-2023-45133"],
    "summary": "Babel vulnerable to arbitrary code execution when compiling specifically "
    "crafted malicious code",
    "affected": [
        {
            "package": {"ecosystem": "npm", "name": "@babel/traverse"},
            "ranges": [
                {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "7.23.2"}]},
                {
                    "type": "ECOSYSTEM",
                    "events": [{"introduced": "8.0.0-alpha.0"}, {"fixed": "8.0.0-alpha.4"}],
                },
            ],
        },
        {
            "package": {"ecosystem": "npm", "name": "babel-traverse"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}],
            "database_specific": {"last_known_affected_version_range": "<= 6.26.0"},
        },
    ],
    "database_specific": {"severity": "CRITICAL"},
}

RECORDS: dict[str, dict[str, Any]] = {
    "requests": REQUESTS,
    "log4shell": LOG4SHELL,
    "lodash": LODASH,
    "requests-pysec": REQUESTS_PYSEC,
    "log4shell-debian": LOG4SHELL_DEBIAN,
    "babel-traverse": BABEL_TRAVERSE,
}


def record(name: str) -> dict[str, Any]:
    return copy.deepcopy(RECORDS[name])


def record_bytes(name_or_doc: str | object) -> bytes:
    doc = RECORDS[name_or_doc] if isinstance(name_or_doc, str) else name_or_doc
    return json.dumps(doc, indent=2).encode()
