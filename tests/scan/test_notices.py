"""Notice evidence read from a commit (lodestar.scan.notices): vendored components modelled on
pip's ``src/pip/_vendor`` (vendor.txt, LICENSE/LICENSE.txt/COPYING, dual-licence folders, licence
grants by reference), an Apache-2.0 component with a NOTICE, unknown licences and hostile files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.budget import SLACK, collector_paused
from tests.conftest import make_repo

from lodestar.catalog.licences import licence_texts
from lodestar.records import RepositoryRef
from lodestar.scan.notices import (
    committed_notice_rank,
    notice_evidence,
    sanitise,
    vendored_file_kind,
)
from lodestar.scan.pipeline import scan_repository

MIT = licence_texts()["MIT"].text.replace("<year> <copyright holders>", "2021 Taneli Hukkinen")
APACHE = licence_texts()["Apache-2.0"].text
BSD2 = licence_texts()["BSD-2-Clause"].text.replace(
    "<year> <owner>", "Donald Stufft and individual contributors"
)
PYTHON = licence_texts()["Python-2.0"].text
VENDOR_TXT = b"""CacheControl==0.14.4
distlib==0.4.3
packaging==26.3
requests==2.34.2
    certifi==2026.7.22
tomli==2.4.1
"""
CACHECONTROL = b"""Copyright 2012-2021 Eric Larson

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
"""
CERTIFI = b"""This package contains a modified version of ca-bundle.crt:

This Source Code Form is subject to the terms of the Mozilla Public License,
v. 2.0. If a copy of the MPL was not distributed with this file, You can obtain
one at http://mozilla.org/MPL/2.0/.
"""
PIP_VENDOR: dict[str, bytes] = {
    "src/pip/_vendor/vendor.txt": VENDOR_TXT,
    "src/pip/_vendor/cachecontrol/LICENSE.txt": CACHECONTROL,
    "src/pip/_vendor/certifi/LICENSE": CERTIFI,
    "src/pip/_vendor/distlib/LICENSE.txt": PYTHON.encode(),
    "src/pip/_vendor/packaging/LICENSE": b"This software is made available under the terms of "
    b"*either* of the licenses found in LICENSE.APACHE or LICENSE.BSD.\n",
    "src/pip/_vendor/packaging/LICENSE.APACHE": APACHE.encode(),
    "src/pip/_vendor/packaging/LICENSE.BSD": BSD2.encode(),
    "src/pip/_vendor/tomli/LICENSE": MIT.encode(),
    "src/pip/_vendor/six.LICENSE": MIT.replace(
        "2021 Taneli Hukkinen", "2010-2020 B. Peterson"
    ).encode(),
}


def _by_name(files: dict[str, bytes], skipped: tuple[str, ...] = ()) -> dict[str, object]:
    return {c.name: c for c in notice_evidence(files, skipped).vendored}


def test_pip_vendor_layout_gives_one_component_per_folder_with_versions_and_licences() -> None:
    found = _by_name(PIP_VENDOR)
    assert sorted(found) == ["cachecontrol", "certifi", "distlib", "packaging", "six", "tomli"]
    got = {n: (c.version, c.licence) for n, c in found.items()}  # type: ignore[attr-defined]
    assert got == {
        "cachecontrol": ("0.14.4", "Apache-2.0"),  # a licence grant by reference, no full text
        "certifi": ("2026.7.22", "MPL-2.0"),  # indented in vendor.txt: requests' dependency
        "distlib": ("0.4.3", "Python-2.0"),
        "packaging": ("26.3", "Apache-2.0 AND BSD-2-Clause"),
        "six": (None, "MIT"),  # a module licence beside the module; not in vendor.txt
        "tomli": ("2.4.1", "MIT"),
    }


def test_copyright_lines_are_the_components_not_the_licence_templates() -> None:
    found = _by_name(PIP_VENDOR)
    copyrights = {n: c.copyrights for n, c in found.items()}  # type: ignore[attr-defined]
    assert copyrights["tomli"] == ("Copyright (c) 2021 Taneli Hukkinen",)
    assert copyrights["cachecontrol"] == ("Copyright 2012-2021 Eric Larson",)
    assert copyrights["packaging"] == (
        "Copyright (c) Donald Stufft and individual contributors",
    )  # not Apache's "(c) You must retain…" list item nor "Copyright [yyyy] [name…]"
    assert copyrights["distlib"] == ()  # Python-2.0's own Stichting Mathematisch Centrum line


def test_an_apache_component_carries_its_notice_file_over() -> None:
    files = {
        "third_party/commons-text/LICENSE.txt": APACHE.encode(),
        "third_party/commons-text/NOTICE.txt": b"Apache Commons Text\nCopyright 2014-2024 The "
        b"Apache Software Foundation\n\nThis product includes software developed at\nThe Apache "
        b"Software Foundation (https://www.apache.org/).\r\n",
    }
    (component,) = notice_evidence(files).vendored
    assert component.licence == "Apache-2.0"
    assert component.notice_path == "third_party/commons-text/NOTICE.txt"
    assert component.notice is not None and component.notice.startswith("Apache Commons Text\n")
    assert "\r" not in component.notice
    assert component.copyrights == ("Copyright 2014-2024 The Apache Software Foundation",)


def test_an_unknown_licence_is_not_determined_and_says_why() -> None:
    files = {"vendor/acme-widgets/LICENSE": b"Acme Widgets may be used by Acme staff only.\n"}
    (component,) = notice_evidence(files).vendored
    assert component.licence is None
    assert component.problem == "vendor/acme-widgets/LICENSE matches no shipped licence text"


def test_hostile_licence_files_large_binary_and_escape_sequences() -> None:
    files = {
        "vendor/blob/LICENSE": b"\x00\x01\x02binary" * 100,
        "vendor/evil/LICENSE": (
            "Copyright (c) 2024 \x1b]0;pwned\x07\x1b[2J Mallory \u202egnp.exe\n" + MIT
        ).encode(),
    }
    found = _by_name(files, skipped=("vendor/huge/LICENSE",))
    assert found["huge"].problem == (  # type: ignore[attr-defined]
        "vendor/huge/LICENSE is over the scan's size cap and was not read"
    )
    assert found["blob"].problem == "vendor/blob/LICENSE is binary"  # type: ignore[attr-defined]
    line = found["evil"].copyrights[0]  # type: ignore[attr-defined]
    assert "\x1b" not in line and "\u202e" not in line and "\x07" not in line
    assert line == "Copyright (c) 2024 \\x1b]0;pwned\\x07\\x1b[2J Mallory \\u202egnp.exe"


def test_a_very_long_copyright_line_is_cut_and_their_number_is_capped() -> None:
    lines = "".join(f"Copyright (c) {2000 + i % 20} Holder {i} {'x' * 400}\n" for i in range(80))
    (component,) = notice_evidence({"vendor/many/COPYRIGHT": lines.encode()}).vendored
    assert len(component.copyrights) == 50
    assert all(len(c) <= 300 for c in component.copyrights)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("src/pip/_vendor/certifi/LICENSE", "licence"),
        ("src/pip/_vendor/six.LICENSE", "licence"),
        ("vendor/github.com/pkg/errors/LICENSE", "licence"),
        ("node_modules/@scope/pkg/LICENSE.md", "licence"),
        ("third_party/x/NOTICE", "notice"),
        ("src/pip/_vendor/vendor.txt", "list"),
        ("vendor/modules.txt", "list"),
        ("src/pip/_vendor/packaging/licenses/__init__.py", None),
        ("src/pip/_vendor/packaging/licenses/_spdx.py", None),
        ("LICENSE", None),  # the repository's own licence
        ("src/app/LICENSE", None),  # not vendored
        ("tests/fixtures/vendor/x/LICENSE", None),  # a fixture
        ("vendor/x/license.py", None),
    ],
)
def test_vendored_file_kind(path: str, kind: str | None) -> None:
    assert vendored_file_kind(path) == kind


@pytest.mark.parametrize(
    ("path", "rank"),
    [
        ("THIRD-PARTY-NOTICES.txt", 0),
        ("THIRD_PARTY_LICENSES", 0),
        ("ThirdPartyNotices.md", 0),
        ("THIRD-PARTY.md", 0),
        ("NOTICE", 1),
        ("notice.md", 1),
        ("docs/NOTICE", None),
        ("LICENSE", None),
    ],
)
def test_committed_notice_names(path: str, rank: int | None) -> None:
    assert committed_notice_rank(path) == rank


def test_go_vendor_modules_txt_gives_versions() -> None:
    files = {
        "vendor/modules.txt": b"# github.com/pkg/errors v0.9.1\n## explicit\n"
        b"github.com/pkg/errors\n",
        "vendor/github.com/pkg/errors/LICENSE": BSD2.encode(),
    }
    (component,) = notice_evidence(files).vendored
    assert (component.name, component.version, component.licence) == (
        "github.com/pkg/errors",
        "v0.9.1",
        "BSD-2-Clause",
    )


def test_sanitise_keeps_lines_and_tabs_and_escapes_the_rest() -> None:
    assert sanitise("a\tb\r\nc\x1b[31m\x9b") == "a\tb\nc\\x1b[31m\\x9b"


def test_a_scan_reads_vendored_code_and_the_committed_notice_from_the_commit(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "tool"
    make_repo(
        repo,
        {
            "NOTICE": "THIRD-PARTY SOFTWARE NOTICES\n",
            "THIRD-PARTY-NOTICES.txt": "the one that wins\n",
            **PIP_VENDOR,
            "src/pip/_vendor/tomli/__init__.py": "x = 1\n",
            "src/pip/_vendor/huge/LICENSE": b"MIT License " * ((50 << 20) // 12),  # 50 MB
        },
    )
    (repo / "THIRD-PARTY-NOTICES.txt").write_text("working tree edit, never read\n")
    scan = scan_repository(RepositoryRef("tool", str(repo)))
    assert scan.notices is not None
    assert scan.notices.committed is not None
    assert (scan.notices.committed.path, scan.notices.committed.text) == (
        "THIRD-PARTY-NOTICES.txt",
        "the one that wins\n",
    )
    found = {c.name: c for c in scan.notices.vendored}
    assert set(found) == {*_by_name(PIP_VENDOR), "huge"}
    assert found["huge"].licence is None
    assert found["huge"].problem == (
        "src/pip/_vendor/huge/LICENSE is over the scan's size cap and was not read"
    )


def test_a_committed_notice_over_the_caps_is_kept_as_truncated() -> None:
    unread = notice_evidence({}, skipped=("THIRD-PARTY-NOTICES.txt",)).committed
    assert unread is not None and (unread.text, unread.truncated) == ("", True)
    big = notice_evidence({"NOTICE": b"x" * ((1 << 20) + 5)}).committed
    assert big is not None and big.truncated and len(big.text) == 1 << 20
    hostile = notice_evidence({"NOTICE": b"Component: a\x1b[31m\r\n"}).committed
    assert hostile is not None and hostile.text == "Component: a\\x1b[31m\n"


def test_hostile_texts_are_read_in_linear_time() -> None:
    """Blank runs, copyright words without a holder and endless names: read in bounded time."""
    line = "copyright " * 20_000 + "(c)" + " " * 200_000 + "\n"
    files = {
        "vendor/a/LICENSE": (line * 4).encode(),
        "vendor/b/COPYRIGHT": ("#" * 300_000 + " (c) " + "\t" * 300_000).encode(),
        "vendor/vendor.txt": ("a" * 500_000 + " = = " + " " * 400_000).encode(),
        "vendor/c/NOTICE": ("Licensed under the apache license " + " " * 500_000).encode(),
    }
    with collector_paused():
        start = time.perf_counter()
        found = notice_evidence(files)
        elapsed = (time.perf_counter() - start) / SLACK
    assert elapsed < 0.5, elapsed
    assert {c.name for c in found.vendored} == {"a", "b", "c"}
