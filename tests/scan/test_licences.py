"""Licence detection: paths, text matching, metadata, SPDX headers and the repository verdict."""

from __future__ import annotations

import json
import re
import textwrap
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.budget import SLACK

from lodestar.catalog.licences import equivalent, licence_texts
from lodestar.errors import ManifestError
from lodestar.records import LicenceSource, LicenceStatus
from lodestar.scan.licence_summary import summarise
from lodestar.scan.licences import (
    declared_licences,
    find_spdx_identifiers,
    is_licence_file,
    is_metadata_file,
    licence_file_role,
    match_licence_text,
)

HOLDER = "Acme Widgets Ltd. <legal@acme.example>"


def realistic(spdx: str, *, holder: str = HOLDER) -> str:
    """A licence text as found in a repository: filled in, rewrapped, curly quotes, CRLF."""
    text = licence_texts()[spdx].text
    text = re.sub(r"<year>|\[yyyy\]|<YEAR>|\[year\]", "2024", text)
    text = re.sub(
        r"<(?:copyright holders?|owner|COPYRIGHT HOLDER|organization|name of author)>",
        holder,
        text,
    )
    paragraphs = [textwrap.fill(" ".join(p.split()), width=72) for p in re.split(r"\n\s*\n", text)]
    body = "\n\n".join(paragraphs)
    body = re.sub(r'"([^"\n]{1,60})"', "\u201c\\1\u201d", body)
    return f"Copyright (c) 2019-2024 {holder}\r\n\r\n" + body.replace("\n", "\r\n")


GOLDEN = (
    "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "GPL-2.0-only", "GPL-3.0-only",
    "LGPL-2.1-only", "LGPL-3.0-only", "AGPL-3.0-only", "MPL-2.0", "EPL-2.0", "Unlicense",
    "CC0-1.0", "Zlib", "BSL-1.0", "MIT-0", "0BSD", "X11", "BSD-4-Clause", "Artistic-2.0",
    "EUPL-1.2", "CDDL-1.0", "PostgreSQL", "Unicode-3.0", "BUSL-1.1", "Elastic-2.0",
    "SSPL-1.0", "CC-BY-4.0", "OFL-1.1", "Apache-1.1", "WTFPL", "PSF-2.0", "Python-2.0",
)  # fmt: skip


# --- real-world variants, as licence generators and projects write them ----------------------

MIT_CHOOSEALICENSE = """\
The MIT License (MIT)

Copyright (c) 2015-2024 Example Project contributors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

BSD3_BULLETS = """\
BSD 3-Clause License

Copyright (c) 2019, Acme Widgets Ltd.
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

* Redistributions of source code must retain the above copyright notice, this
  list of conditions and the following disclaimer.

* Redistributions in binary form must reproduce the above copyright notice,
  this list of conditions and the following disclaimer in the documentation
  and/or other materials provided with the distribution.

* Neither the name of Acme Widgets nor the names of its
  contributors may be used to endorse or promote products derived from
  this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""

BSD2_BULLETS = re.sub(
    r"\* Neither the name.*?permission\.\n\n", "", BSD3_BULLETS, flags=re.DOTALL
).replace("BSD 3-Clause License", "BSD 2-Clause License")

BSD3_OLD_STYLE = """\
Copyright (c) 2008, Example Corp
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:
    * Redistributions of source code must retain the above copyright
      notice, this list of conditions and the following disclaimer.
    * Redistributions in binary form must reproduce the above copyright
      notice, this list of conditions and the following disclaimer in the
      documentation and/or other materials provided with the distribution.
    * Neither the name of the Example Corp nor the
      names of its contributors may be used to endorse or promote products
      derived from this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY Example Corp ''AS IS'' AND ANY
EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL Example Corp BE LIABLE FOR ANY
DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES
(INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES;
LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND
ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
(INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""

ISC_AUTHOR = """\
ISC License

Copyright (c) 2016, Jane Doe <jane@example.org>

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
"""

CUSTOM_PROPRIETARY = """\
Copyright (c) 2023 Acme Corp. All rights reserved.

This software and associated documentation files are the proprietary and
confidential information of Acme Corp. Unauthorized copying, distribution or
use of this software, via any medium, is strictly prohibited. The software may
only be used by employees and contractors of Acme Corp under a written agreement.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY.
"""

GPL3_NOTICE = """\
    frobnicate - turns widgets into gadgets
    Copyright (C) 2021  Jane Doe

    This program is free software: you can redistribute it and/or modify
    it under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.

    This program is distributed in the hope that it will be useful,
    but WITHOUT ANY WARRANTY; without even the implied warranty of
    MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
    GNU General Public License for more details.

"""


def _ids(matches: list[tuple[str, float]]) -> list[str]:
    return [spdx for spdx, _ in matches]


# --- paths -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("LICENSE", "root"),
        ("LICENCE", "root"),
        ("license", "root"),
        ("License.md", "root"),
        ("LICENSE.txt", "root"),
        ("LICENSE-MIT", "root"),
        ("LICENSE.APACHE", "root"),
        ("LICENSE-APACHE-2.0", "root"),
        ("LICENSE-MIT.txt", "root"),
        ("COPYING", "root"),
        ("COPYING.LESSER", "root"),
        ("COPYING.LIB", "root"),
        ("UNLICENSE", "root"),
        ("NOTICE", "notice"),
        ("NOTICE.txt", "notice"),
        ("LICENSES/MIT.txt", "reuse"),
        ("LICENSES/LicenseRef-Acme.txt", "reuse"),
        ("packages/core/LICENSE", "package"),
        ("crates/foo/LICENSE-MIT", "package"),
        ("tests/fixtures/LICENSE", None),
        ("test/LICENSE", None),
        ("testdata/licenses/COPYING", None),
        ("examples/demo/LICENSE", None),
        ("vendor/github.com/pkg/errors/LICENSE", None),
        ("node_modules/lodash/LICENSE", None),
        ("third_party/zlib/LICENSE", None),
        ("src/NOTICE", None),
        ("LICENSE.py", None),
        ("license.go", None),
        ("licenses.json", None),
        ("LICENSE-HEADER.txt", None),
        ("license-header.txt", None),
        ("LICENSE-THIRD-PARTY", None),
        ("LICENSES/sub/MIT.txt", None),
        ("docs/LICENSES/MIT.txt", None),
        ("README.md", None),
    ],
)
def test_licence_file_roles(path: str, role: str | None) -> None:
    assert licence_file_role(path) == role
    assert is_licence_file(path) == (role in {"root", "reuse", "notice"})


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("package.json", True),
        ("packages/a/package.json", True),
        ("pyproject.toml", True),
        ("setup.cfg", True),
        ("Cargo.toml", True),
        ("crates/x/Cargo.toml", True),
        ("composer.json", True),
        ("rails.gemspec", True),
        ("pom.xml", True),
        ("node_modules/x/package.json", False),
        ("tests/fixtures/pyproject.toml", False),
        ("package-lock.json", False),
        (".gemspec", False),
        ("setup.py", False),
    ],
)
def test_metadata_files(path: str, expected: bool) -> None:
    assert is_metadata_file(path) is expected


# --- text matching: golden -------------------------------------------------------------------


@pytest.mark.parametrize("spdx", GOLDEN)
def test_golden_texts_as_repositories_ship_them(spdx: str) -> None:
    matches = match_licence_text(realistic(spdx))
    assert _ids(matches) == [spdx]
    assert matches[0][1] >= 0.9


@pytest.mark.parametrize(
    ("text", "spdx"),
    [
        (MIT_CHOOSEALICENSE, "MIT"),
        (BSD3_BULLETS, "BSD-3-Clause"),
        (BSD2_BULLETS, "BSD-2-Clause"),
        (BSD3_OLD_STYLE, "BSD-3-Clause"),
        (ISC_AUTHOR, "ISC"),
    ],
)
def test_real_world_variants(text: str, spdx: str) -> None:
    matches = match_licence_text(text)
    assert _ids(matches) == [spdx]
    assert matches[0][1] >= 0.9


@pytest.mark.parametrize(
    ("spdx", "relatives"),
    [
        ("BSD-2-Clause", ("BSD-3-Clause", "BSD-4-Clause", "BSD-1-Clause")),
        ("BSD-3-Clause", ("BSD-2-Clause", "BSD-4-Clause", "BSD-3-Clause-Clear")),
        ("BSD-4-Clause", ("BSD-3-Clause", "BSD-2-Clause")),
        ("MIT", ("MIT-0", "X11", "ISC", "JSON")),
        ("MIT-0", ("MIT",)),
        ("X11", ("MIT",)),
        ("ISC", ("0BSD", "MIT")),
        ("0BSD", ("ISC",)),
        ("GPL-2.0-only", ("GPL-3.0-only", "LGPL-2.1-only")),
        ("GPL-3.0-only", ("AGPL-3.0-only", "GPL-2.0-only", "LGPL-3.0-only")),
        ("AGPL-3.0-only", ("GPL-3.0-only",)),
        ("LGPL-2.1-only", ("LGPL-2.0-only", "GPL-2.0-only")),
        ("Apache-2.0", ("Apache-1.1", "ECL-2.0")),
        ("Apache-1.1", ("Apache-2.0", "Apache-1.0")),
    ],
)
def test_close_relatives_are_told_apart(spdx: str, relatives: tuple[str, ...]) -> None:
    found = _ids(match_licence_text(realistic(spdx)))
    assert found == [spdx]
    assert not set(found) & set(relatives)


def test_apache_with_its_appendix_filled_in() -> None:
    text = licence_texts()["Apache-2.0"].text.replace(
        "Copyright [yyyy] [name of copyright owner]", "Copyright 2024 Acme Widgets Ltd."
    )
    assert _ids(match_licence_text(text)) == ["Apache-2.0"]


def test_apache_without_its_appendix() -> None:
    text = licence_texts()["Apache-2.0"].text
    matches = match_licence_text(text[: text.index("APPENDIX")])
    assert _ids(matches) == ["Apache-2.0"]
    assert matches[0][1] >= 0.85


def test_a_file_concatenating_mit_and_apache_yields_both() -> None:
    text = MIT_CHOOSEALICENSE + "\n\n---\n\n" + realistic("Apache-2.0")
    matches = match_licence_text(text)
    assert sorted(_ids(matches)) == ["Apache-2.0", "MIT"]
    assert all(confidence >= 0.9 for _, confidence in matches)


def test_gpl3_without_notice_is_only() -> None:
    assert _ids(match_licence_text(realistic("GPL-3.0-only"))) == ["GPL-3.0-only"]


def test_gpl3_with_the_or_later_notice_is_or_later() -> None:
    text = GPL3_NOTICE + licence_texts()["GPL-3.0-only"].text
    assert _ids(match_licence_text(text)) == ["GPL-3.0-or-later"]


def test_gpl3_without_appendix_but_with_notice_is_or_later() -> None:
    text = licence_texts()["GPL-3.0-only"].text
    text = GPL3_NOTICE + text[: text.index("How to Apply These Terms")]
    assert _ids(match_licence_text(text)) == ["GPL-3.0-or-later"]


def test_gpl2_with_or_later_notice() -> None:
    notice = (
        "This program is free software; you can redistribute it and/or modify it under the "
        "terms of the GNU General Public License as published by the Free Software Foundation;"
        " either version 2 of the License, or (at your option) any later version.\n\n"
    )
    text = notice + licence_texts()["GPL-2.0-only"].text
    assert _ids(match_licence_text(text)) == ["GPL-2.0-or-later"]


def test_custom_licence_matches_nothing() -> None:
    assert match_licence_text(CUSTOM_PROPRIETARY) == []


@pytest.mark.parametrize("text", ["", "MIT", "   \n\n  ", "see README", "\x00\x01\x02" * 50])
def test_too_little_text_matches_nothing(text: str) -> None:
    assert match_licence_text(text) == []


def test_matching_is_fast_after_warm_up() -> None:
    text = realistic("GPL-3.0-only")
    match_licence_text(text)
    start = time.perf_counter()
    for _ in range(10):
        match_licence_text(text)
    # about 3 ms on a laptop for the longest common licence; generous for loaded CI machines
    assert (time.perf_counter() - start) / 10 / SLACK < 0.05


# --- SPDX headers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"// SPDX-License-Identifier: MIT\npackage main\n", ["MIT"]),
        (b"#!/usr/bin/env python\n# SPDX-License-Identifier: Apache-2.0\n", ["Apache-2.0"]),
        (b"/* SPDX-License-Identifier: GPL-2.0+ */\n", ["GPL-2.0-or-later"]),
        (b"<!-- SPDX-License-Identifier: CC-BY-4.0 -->\n", ["CC-BY-4.0"]),
        (b"-- SPDX-License-Identifier: mit OR apache-2.0\n", ["MIT OR Apache-2.0"]),
        (
            b"// SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note\n",
            ["GPL-2.0-only WITH Linux-syscall-note"],
        ),
        (b'"""SPDX-License-Identifier: BSD-3-Clause"""\n', ["BSD-3-Clause"]),
        (b"; SPDX-License-Identifier: LicenseRef-Acme\n", ["LicenseRef-Acme"]),
        (b"int main(void) { return 0; }\n", []),
        (b"", []),
        (b"\n" * 40 + b"// SPDX-License-Identifier: MIT\n", []),  # past the first 30 lines
        (b"x" * 5000 + b"\n// SPDX-License-Identifier: MIT\n", []),  # past the first 4 KiB
        (b"// SPDX-License-Identifier:\n", []),
        (b"\xff\xfe// SPDX-License-Identifier: MIT\n", ["MIT"]),
    ],
)
def test_spdx_headers(head: bytes, expected: list[str]) -> None:
    assert find_spdx_identifiers(head) == expected


def test_spdx_header_check_is_cheap_when_absent() -> None:
    head = b"import os\n" * 400
    start = time.perf_counter()
    for _ in range(10_000):
        find_spdx_identifiers(head)
    assert (time.perf_counter() - start) / 10_000 / SLACK < 50e-6


# --- metadata: the seven formats ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content", "expected"),
    [
        # package.json
        (
            "package.json",
            {"name": "left-pad", "version": "1.3.0", "license": "WTFPL", "main": "index.js"},
            ["WTFPL"],
        ),
        ("package.json", {"name": "x", "license": "(MIT OR Apache-2.0)"}, ["MIT OR Apache-2.0"]),
        (
            "package.json",
            {"name": "x", "license": {"type": "MIT", "url": "https://opensource.org/licenses/MIT"}},
            ["MIT"],
        ),
        (
            "package.json",
            {
                "name": "x",
                "licenses": [
                    {"type": "MIT", "url": "http://www.opensource.org/licenses/mit-license.php"},
                    {"type": "Apache-2.0", "url": "http://opensource.org/licenses/apache2.0.php"},
                ],
            },
            ["MIT OR Apache-2.0"],
        ),
        ("package.json", {"name": "x", "license": "SEE LICENSE IN LICENSE.txt"}, []),
        ("package.json", {"name": "x", "license": "UNLICENSED"}, ["LicenseRef-Proprietary"]),
        ("package.json", {"name": "x", "private": True}, []),
        # composer.json
        (
            "composer.json",
            {"name": "acme/widgets", "license": ["LGPL-2.1-only", "GPL-3.0-or-later"]},
            ["LGPL-2.1-only OR GPL-3.0-or-later"],
        ),
        (
            "composer.json",
            {"name": "acme/app", "license": "proprietary"},
            ["LicenseRef-Proprietary"],
        ),
        ("composer.json", {"name": "monolog/monolog", "license": "MIT"}, ["MIT"]),
    ],
)
def test_json_metadata(path: str, content: object, expected: list[str]) -> None:
    assert declared_licences(path, json.dumps(content, indent=2).encode()) == expected


PYPROJECT_PEP639 = b"""\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "frobnicate"
version = "1.0"
license = "Apache-2.0 OR MIT"
license-files = ["LICEN[CS]E*"]
"""

PYPROJECT_TEXT = b"""\
[project]
name = "frobnicate"
license = {text = "BSD 3-Clause License"}
"""

PYPROJECT_FILE_AND_CLASSIFIERS = b"""\
[project]
name = "frobnicate"
license = {file = "LICENSE"}
classifiers = [
    "Development Status :: 5 - Production/Stable",
    "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)",
    "Programming Language :: Python :: 3",
]
"""

PYPROJECT_POETRY = b"""\
[tool.poetry]
name = "frobnicate"
version = "0.1.0"
description = ""
authors = ["Jane Doe <jane@example.org>"]
license = "MIT"
"""

PYPROJECT_FULL_TEXT = b'[project]\nname = "x"\nlicense = {text = """\n' + (
    MIT_CHOOSEALICENSE.encode() + b'"""}\n'
)

SETUP_CFG = b"""\
[metadata]
name = frobnicate
version = attr: frobnicate.__version__
description = Turns widgets into 100% gadgets
license = Apache Software License 2.0
classifiers =
    License :: OSI Approved :: Apache Software License
    Programming Language :: Python :: 3

[options]
packages = find:
"""

SETUP_CFG_CLASSIFIERS = b"""\
[metadata]
name = frobnicate
classifiers =
    Programming Language :: Python :: 3
    License :: OSI Approved :: MIT License
    License :: OSI Approved :: Apache Software License
"""

CARGO = b"""\
[package]
name = "frob"
version = "0.1.0"
edition = "2021"
license = "MIT/Apache-2.0"
"""

CARGO_WORKSPACE = b"""\
[workspace]
members = ["crates/*"]

[workspace.package]
license = "MIT OR Apache-2.0"
"""

CARGO_INHERITS = b"""\
[package]
name = "frob-core"
license.workspace = true
"""

CARGO_LICENSE_FILE = b"""\
[package]
name = "frob"
license-file = "LICENSE.txt"
"""

GEMSPEC = b"""\
# frozen_string_literal: true

require_relative "lib/frob/version"

Gem::Specification.new do |spec|
  spec.name          = "frob"
  spec.version       = Frob::VERSION
  spec.authors       = ["Jane Doe"]
  spec.summary       = "Turns widgets into gadgets"
  spec.license       = "MIT".freeze
  # spec.license     = "GPL-2.0"
  spec.files = Dir["lib/**/*.rb"]
end
"""

GEMSPEC_LIST = b"""\
Gem::Specification.new do |s|
  s.name = 'frob'
  s.licenses = ['Ruby', 'BSD-2-Clause']
end
"""

GEMSPEC_WORDS = b"Gem::Specification.new do |s|\n  s.licenses = %w[MIT Apache-2.0]\nend\n"
GEMSPEC_CODE = b"Gem::Specification.new do |s|\n  s.license = Frob::LICENSE\nend\n"

POM = b"""\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.acme</groupId>
  <artifactId>widgets</artifactId>
  <version>1.2.3</version>
  <licenses>
    <license>
      <name>The Apache Software License, Version 2.0</name>
      <url>https://www.apache.org/licenses/LICENSE-2.0.txt</url>
      <distribution>repo</distribution>
    </license>
  </licenses>
  <dependencies>
    <dependency>
      <groupId>junit</groupId>
      <artifactId>junit</artifactId>
      <version>4.13.2</version>
    </dependency>
  </dependencies>
</project>
"""

POM_DUAL = b"""\
<project>
  <licenses>
    <license><name>Eclipse Public License - v 2.0</name></license>
    <license><url>https://www.gnu.org/licenses/old-licenses/gpl-2.0.html</url></license>
  </licenses>
</project>
"""

POM_ODD_NAME = b"""\
<project><licenses><license>
  <name>Acme Licence</name><url>http://www.opensource.org/licenses/mit-license.php</url>
</license></licenses></project>
"""


@pytest.mark.parametrize(
    ("path", "data", "expected"),
    [
        ("pyproject.toml", PYPROJECT_PEP639, ["Apache-2.0 OR MIT"]),
        ("pyproject.toml", PYPROJECT_TEXT, ["BSD-3-Clause"]),
        ("pyproject.toml", PYPROJECT_FILE_AND_CLASSIFIERS, ["GPL-3.0-or-later"]),
        ("pyproject.toml", PYPROJECT_POETRY, ["MIT"]),
        ("pyproject.toml", PYPROJECT_FULL_TEXT, ["MIT"]),
        ("pyproject.toml", b'[project]\nname = "x"\n', []),
        ("setup.cfg", SETUP_CFG, ["Apache-2.0"]),
        ("setup.cfg", SETUP_CFG_CLASSIFIERS, ["MIT OR Apache-2.0"]),
        ("setup.cfg", b"[options]\npackages = find:\n", []),
        ("Cargo.toml", CARGO, ["MIT OR Apache-2.0"]),
        ("Cargo.toml", CARGO_WORKSPACE, ["MIT OR Apache-2.0"]),
        ("crates/core/Cargo.toml", CARGO_INHERITS, []),
        ("Cargo.toml", CARGO_LICENSE_FILE, []),
        ("frob.gemspec", GEMSPEC, ["MIT"]),
        ("frob.gemspec", GEMSPEC_LIST, ["Ruby OR BSD-2-Clause"]),
        ("frob.gemspec", GEMSPEC_WORDS, ["MIT OR Apache-2.0"]),
        ("frob.gemspec", GEMSPEC_CODE, []),
        ("pom.xml", POM, ["Apache-2.0"]),
        ("pom.xml", POM_DUAL, ["EPL-2.0 OR GPL-2.0-only"]),
        ("pom.xml", POM_ODD_NAME, ["MIT"]),
        ("pom.xml", b"<project><artifactId>x</artifactId></project>", []),
        ("pom.xml", b"<settings><licenses/></settings>", []),
    ],
)
def test_metadata(path: str, data: bytes, expected: list[str]) -> None:
    assert declared_licences(path, data) == expected


# --- metadata: hostile and broken input --------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<project><licenses><license><name>&lol9;</name></license></licenses></project>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<project><licenses><license><name>&xxe;</name></license></licenses></project>
"""


def test_billion_laughs_is_refused_quickly() -> None:
    start = time.perf_counter()
    with pytest.raises(ManifestError) as info:
        declared_licences("pom.xml", BILLION_LAUGHS)
    assert (time.perf_counter() - start) / SLACK < 0.5
    assert info.value.path == "pom.xml"


def test_external_entities_are_refused() -> None:
    with pytest.raises(ManifestError):
        declared_licences("pom.xml", XXE)


@pytest.mark.parametrize(
    ("path", "data", "line"),
    [
        ("package.json", b'{\n  "name": "x",\n  "license": MIT\n}\n', 3),
        ("composer.json", b"[1, 2", 1),
        ("pyproject.toml", b'[project]\nname = "x"\nlicense = \n', 3),
        ("Cargo.toml", b"[package\nname = 1\n", 1),
        ("setup.cfg", b"name = x\n[metadata]\n", 1),
        ("pom.xml", b"<project>\n<licenses>\n</project>\n", 3),
    ],
)
def test_malformed_metadata_raises_manifest_error_with_line(
    path: str, data: bytes, line: int
) -> None:
    with pytest.raises(ManifestError) as info:
        declared_licences(path, data)
    assert info.value.path == path
    assert info.value.line == line


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("package.json", b"[" * 100_000),
        ("pyproject.toml", b"a = " + b"[" * 100_000),
        ("package.json", b"\xff\xfe\x00garbage"),
        ("pyproject.toml", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("setup.cfg", b"\x00\x01\x02\xff"),
        ("pom.xml", b"\x00\x01<<<>>>"),
        ("package.json", b'"just a string"'),
        ("pom.xml", b'<?xml version="1.0" encoding="TF-8"?>\n<project/>'),
    ],
)
def test_hostile_metadata_raises_manifest_error(path: str, data: bytes) -> None:
    with pytest.raises(ManifestError):
        declared_licences(path, data)


def test_binary_gemspec_declares_nothing() -> None:
    assert declared_licences("x.gemspec", bytes(range(256)) * 10) == []


METADATA_NAMES = (
    "package.json", "composer.json", "pyproject.toml", "setup.cfg", "Cargo.toml", "pom.xml",
    "frob.gemspec",
)  # fmt: skip


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    match_licence_text(MIT_CHOOSEALICENSE)  # load the catalog outside Hypothesis' deadlines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(METADATA_NAMES), data=st.binary(max_size=3000))
def test_declared_licences_on_arbitrary_bytes(name: str, data: bytes) -> None:
    try:
        result = declared_licences(name, data)
    except ManifestError as exc:
        assert exc.path == name
    else:
        assert isinstance(result, list)
        assert all(isinstance(e, str) and e for e in result)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=20,
)
_licence_values = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["MIT", "(MIT OR", "Apache 2.0", "SEE LICENSE IN x", "GPL-2.0+ AND (", ""]),
    _json_values,
)


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(["package.json", "composer.json"]),
    licence=_licence_values,
    licences=_licence_values,
)
def test_declared_licences_on_arbitrary_json(name: str, licence: object, licences: object) -> None:
    data = json.dumps({"name": "x", "license": licence, "licenses": licences}).encode()
    result = declared_licences(name, data)
    assert all(isinstance(e, str) and e for e in result)


@settings(max_examples=150, deadline=None)
@given(value=st.text(max_size=80))
def test_declared_licences_on_arbitrary_toml_values(value: str) -> None:
    for name, template in (
        ("pyproject.toml", '[project]\nname = "x"\nlicense = {}\n'),
        ("Cargo.toml", '[package]\nname = "x"\nlicense = {}\n'),
    ):
        data = template.format(json.dumps(value, ensure_ascii=False)).encode()
        try:
            result = declared_licences(name, data)
        except ManifestError:  # control characters JSON leaves raw are not valid TOML
            continue
        assert all(isinstance(e, str) and e for e in result)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=3000))
def test_match_licence_text_never_raises(text: str) -> None:
    for spdx, confidence in match_licence_text(text):
        assert spdx
        assert 0.0 <= confidence <= 1.0


@settings(max_examples=100, deadline=None)
@given(head=st.binary(max_size=600), expr=st.text(max_size=40))
def test_find_spdx_identifiers_never_raises(head: bytes, expr: str) -> None:
    data = head + b"// SPDX-License-Identifier: " + expr.encode("utf-8", "replace") + b"\n"
    assert all(isinstance(e, str) and e for e in find_spdx_identifiers(data))


# --- the repository verdict --------------------------------------------------------------------


def test_licence_mit_plus_licence_apache_is_a_choice() -> None:
    licence, warnings = summarise(
        {
            "LICENSE-MIT": MIT_CHOOSEALICENSE.encode(),
            "LICENSE-APACHE": realistic("Apache-2.0").encode(),
        },
        {"Cargo.toml": CARGO},
        {"MIT OR Apache-2.0": 40},
    )
    assert warnings == []
    assert licence.detected is not None
    assert equivalent(licence.detected, "MIT OR Apache-2.0")
    assert licence.declared == "MIT OR Apache-2.0"
    assert licence.status is LicenceStatus.OK


def test_one_file_with_two_licences_is_a_choice() -> None:
    text = MIT_CHOOSEALICENSE + "\n\n" + realistic("Apache-2.0")
    licence, _ = summarise({"LICENSE": text.encode()}, {}, {})
    assert licence.detected is not None
    assert equivalent(licence.detected, "MIT OR Apache-2.0")
    assert licence.status is LicenceStatus.OK
    assert any("several licence texts" in n for n in licence.notes)


def test_declared_and_detected_disagree() -> None:
    licence, _ = summarise(
        {"LICENSE": realistic("Apache-2.0").encode()},
        {"package.json": b'{"name": "widgets", "license": "MIT"}'},
        {},
    )
    assert (licence.declared, licence.detected) == ("MIT", "Apache-2.0")
    assert licence.status is LicenceStatus.MISMATCH
    assert licence.expression == "Apache-2.0"


def test_order_of_a_choice_does_not_make_a_mismatch() -> None:
    licence, _ = summarise(
        {"LICENSE-APACHE": realistic("Apache-2.0").encode(), "LICENSE-MIT": ISC_AUTHOR.encode()},
        {"package.json": b'{"license": "(ISC OR Apache-2.0)"}'},
        {},
    )
    assert licence.status is LicenceStatus.OK


def test_nothing_at_all_is_none() -> None:
    licence, warnings = summarise({}, {}, {})
    assert licence.status is LicenceStatus.NONE
    assert licence.expression is None
    assert warnings == []


def test_a_notice_alone_is_none() -> None:
    licence, _ = summarise(
        {"NOTICE": b"Widgets\nCopyright 2024 Acme\n\nThis product includes software by Acme.\n"},
        {},
        {"Apache-2.0": 12},
    )
    assert licence.status is LicenceStatus.NONE
    assert licence.detected is None
    assert any("attribution notice" in n for n in licence.notes)
    assert any("SPDX headers" in n for n in licence.notes)


def test_unknown_custom_licence() -> None:
    licence, _ = summarise({"LICENSE.md": CUSTOM_PROPRIETARY.encode()}, {}, {})
    assert licence.status is LicenceStatus.UNKNOWN
    assert licence.detected == "LicenseRef-unknown"
    assert licence.notes
    (finding,) = licence.findings
    assert (finding.path, finding.confidence) == ("LICENSE.md", 0.0)


def test_declared_only_is_ok() -> None:
    licence, _ = summarise({}, {"pyproject.toml": PYPROJECT_POETRY}, {})
    assert (licence.declared, licence.detected, licence.status) == ("MIT", None, LicenceStatus.OK)


def test_licence_files_in_test_fixtures_are_ignored() -> None:
    licence, _ = summarise(
        {
            "LICENSE": MIT_CHOOSEALICENSE.encode(),
            "tests/fixtures/LICENSE": realistic("GPL-3.0-only").encode(),
            "testdata/COPYING": realistic("AGPL-3.0-only").encode(),
            "node_modules/x/LICENSE": realistic("Apache-2.0").encode(),
        },
        {"tests/fixtures/package.json": b'{"license": "GPL-3.0"}'},
        {},
    )
    assert licence.detected == "MIT"
    assert licence.declared is None
    assert licence.status is LicenceStatus.OK
    assert [f.path for f in licence.findings] == ["LICENSE"]


def test_gpl_text_follows_or_later_metadata() -> None:
    licence, _ = summarise(
        {"COPYING": realistic("GPL-3.0-only").encode()},
        {"pyproject.toml": b'[project]\nname = "x"\nlicense = "GPL-3.0-or-later"\n'},
        {},
    )
    assert licence.detected == "GPL-3.0-or-later"
    assert licence.status is LicenceStatus.OK
    assert any("cannot tell" in n for n in licence.notes)


def test_gpl_text_alone_is_only() -> None:
    licence, _ = summarise({"COPYING": realistic("GPL-2.0-only").encode()}, {}, {})
    assert licence.detected == "GPL-2.0-only"


def test_copying_and_copying_lesser_are_lgpl() -> None:
    licence, _ = summarise(
        {
            "COPYING": realistic("GPL-3.0-only").encode(),
            "COPYING.LESSER": realistic("LGPL-3.0-only").encode(),
        },
        {},
        {},
    )
    assert licence.detected == "LGPL-3.0-only"


def test_vague_declaration_agrees_with_its_family() -> None:
    licence, _ = summarise(
        {"LICENSE": BSD3_BULLETS.encode()},
        {
            "setup.cfg": b"[metadata]\nname = x\nclassifiers =\n"
            b"    License :: OSI Approved :: BSD License\n"
        },
        {},
    )
    assert (licence.declared, licence.detected) == ("LicenseRef-BSD", "BSD-3-Clause")
    assert licence.status is LicenceStatus.OK


def test_spdx_headers_are_counted_per_licence() -> None:
    licence, _ = summarise(
        {"LICENSE": MIT_CHOOSEALICENSE.encode()},
        {},
        {"MIT": 120, "mit": 3, "Apache-2.0": 4, "GPL-2.0+": 1},
    )
    headers = {f.spdx: f.count for f in licence.findings if f.source is LicenceSource.HEADER}
    assert headers == {"MIT": 123, "Apache-2.0": 4, "GPL-2.0-or-later": 1}
    assert licence.status is LicenceStatus.OK
    assert any("Apache-2.0 x4" in n and "GPL-2.0-or-later x1" in n for n in licence.notes)


def test_reuse_licences_folder() -> None:
    licence, _ = summarise(
        {
            "LICENSES/MIT.txt": MIT_CHOOSEALICENSE.encode(),
            "LICENSES/CC0-1.0.txt": realistic("CC0-1.0").encode(),
            "LICENSES/LLVM-exception.txt": b"---- LLVM Exceptions to the Apache 2.0 License ----",
        },
        {"package.json": b'{"license": "MIT"}'},
        {"MIT": 10, "CC0-1.0": 4},
    )
    assert licence.detected is not None
    assert equivalent(licence.detected, "MIT AND CC0-1.0")
    assert licence.status is LicenceStatus.OK
    assert any("LLVM-exception" in n for n in licence.notes)


def test_monorepo_without_root_metadata_takes_the_most_common() -> None:
    licence, _ = summarise(
        {"LICENSE": MIT_CHOOSEALICENSE.encode(), "packages/legacy/LICENSE": ISC_AUTHOR.encode()},
        {
            "packages/a/package.json": b'{"license": "MIT"}',
            "packages/b/package.json": b'{"license": "MIT"}',
            "packages/legacy/package.json": b'{"license": "ISC"}',
        },
        {},
    )
    assert licence.declared == "MIT"
    assert licence.detected == "MIT"
    assert licence.status is LicenceStatus.OK
    paths = {(f.path, f.spdx) for f in licence.findings}
    assert ("packages/legacy/LICENSE", "ISC") in paths
    assert ("packages/legacy/package.json", "ISC") in paths


def test_root_metadata_wins_over_packages() -> None:
    licence, _ = summarise(
        {},
        {
            "package.json": b'{"license": "Apache-2.0"}',
            "packages/a/package.json": b'{"license": "MIT"}',
            "packages/b/package.json": b'{"license": "MIT"}',
        },
        {},
    )
    assert licence.declared == "Apache-2.0"


def test_broken_metadata_is_a_warning_not_a_failure() -> None:
    licence, warnings = summarise(
        {"LICENSE": MIT_CHOOSEALICENSE.encode()},
        {"package.json": b'{"license": ', "pom.xml": BILLION_LAUGHS},
        {},
    )
    assert licence.status is LicenceStatus.OK
    assert sorted(path for path, _ in warnings) == ["package.json", "pom.xml"]


def test_binary_licence_file_is_a_warning() -> None:
    licence, warnings = summarise({"LICENSE": b"\x00\x01\x02PK\x03\x04"}, {}, {})
    assert licence.status is LicenceStatus.UNKNOWN
    assert warnings == [("LICENSE", "licence file is binary; not read")]


def test_licence_file_holding_only_an_identifier() -> None:
    licence, _ = summarise({"LICENSE": b"SPDX-License-Identifier: MPL-2.0\n"}, {}, {})
    assert licence.detected == "MPL-2.0"
    licence, _ = summarise({"LICENSE.txt": b"MIT\n"}, {}, {})
    assert licence.detected == "MIT"


def test_summarise_takes_milliseconds() -> None:
    files = {
        "LICENSE-MIT": MIT_CHOOSEALICENSE.encode(),
        "LICENSE-APACHE": realistic("Apache-2.0").encode(),
    }
    metadata = {"Cargo.toml": CARGO, "crates/core/Cargo.toml": CARGO_INHERITS}
    summarise(files, metadata, {"MIT OR Apache-2.0": 10})
    start = time.perf_counter()
    for _ in range(10):
        summarise(files, metadata, {"MIT OR Apache-2.0": 10})
    assert (time.perf_counter() - start) / 10 / SLACK < 0.05


def test_licence_files_only_in_packages_are_noted() -> None:
    licence, _ = summarise({"packages/a/LICENSE": MIT_CHOOSEALICENSE.encode()}, {}, {})
    assert licence.status is LicenceStatus.NONE
    assert [(f.path, f.spdx) for f in licence.findings] == [("packages/a/LICENSE", "MIT")]
    assert any("nested packages" in n for n in licence.notes)


def test_utf16_licence_file() -> None:
    licence, _ = summarise({"LICENSE.txt": MIT_CHOOSEALICENSE.encode("utf-16")}, {}, {})
    assert licence.detected == "MIT"


RIPGREP_COPYING = (
    "This project is dual-licensed under the Unlicense and MIT licenses.\n\n"
    "You may use this code under the terms of either license.\n"
)


def test_a_pointer_file_beside_the_licence_files_is_not_an_unknown_licence() -> None:
    licence, _ = summarise(
        {
            "COPYING": RIPGREP_COPYING.encode(),
            "LICENSE-MIT": MIT_CHOOSEALICENSE.encode(),
            "UNLICENSE": realistic("Unlicense").encode(),
        },
        {"Cargo.toml": b'[package]\nname = "rg"\nlicense = "Unlicense OR MIT"\n'},
        {},
    )
    assert licence.detected is not None
    assert equivalent(licence.detected, "MIT OR Unlicense")
    assert licence.status is LicenceStatus.OK
    assert any("COPYING only points to the other licence files" in n for n in licence.notes)
    assert all(f.path != "COPYING" for f in licence.findings)


@pytest.mark.parametrize(
    "text",
    [
        "Licensed to Acme customers only. Redistribution requires written permission.\n",
        "This project is dual-licensed under the Apache and MIT licenses.\n",  # no Apache text
        RIPGREP_COPYING + "Extra terms: " + "no use by competitors. " * 40,  # too long
    ],
)
def test_other_unmatched_root_files_stay_unknown(text: str) -> None:
    licence, _ = summarise(
        {"COPYING": text.encode(), "LICENSE-MIT": MIT_CHOOSEALICENSE.encode()}, {}, {}
    )
    assert licence.status is LicenceStatus.UNKNOWN
    assert licence.detected is not None and "LicenseRef-unknown" in licence.detected
