"""The shipped SPDX licence texts and the name/expression tables around them."""

from __future__ import annotations

import json

import pytest

from lodestar.catalog import licences as catalog
from lodestar.scan.licences import match_licence_text

REQUIRED = (
    "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "GPL-2.0-only", "GPL-3.0-only",
    "LGPL-2.1-only", "LGPL-3.0-only", "AGPL-3.0-only", "MPL-2.0", "EPL-1.0", "EPL-2.0",
    "CDDL-1.0", "Unlicense", "CC0-1.0", "Zlib", "BSL-1.0", "Artistic-2.0", "WTFPL", "0BSD",
    "MIT-0", "PostgreSQL", "Python-2.0", "PSF-2.0", "OFL-1.1", "CC-BY-4.0", "CC-BY-SA-4.0",
    "EUPL-1.2", "BSD-4-Clause", "X11", "NCSA", "OpenSSL", "Ruby", "Vim", "Unicode-DFS-2016",
    "BlueOak-1.0.0", "SSPL-1.0", "BUSL-1.1", "Elastic-2.0", "Apache-1.1",
)  # fmt: skip


def test_the_data_says_where_it_comes_from() -> None:
    source = catalog.catalog_source()
    assert source.registry == "npm"
    assert source.package == "spdx-license-list"
    assert source.version
    assert source.spdx_list_version
    assert source.licence == "CC0-1.0"


def test_at_least_fifty_licences_ship_including_the_common_ones() -> None:
    texts = catalog.licence_texts()
    assert len(texts) >= 50
    missing = [spdx for spdx in REQUIRED if spdx not in texts]
    assert missing == []


@pytest.mark.parametrize("spdx", sorted(catalog.licence_texts()))
def test_every_shipped_id_is_a_current_spdx_id(spdx: str) -> None:
    assert catalog.known_expression(spdx) == spdx
    assert len(catalog.licence_texts()[spdx].text) > 200


def test_lgpl3_reference_is_the_lgpl_alone() -> None:
    # SPDX appends the whole GPL-3.0 to the LGPL-3.0 text; repositories ship them apart.
    text = catalog.licence_texts()["LGPL-3.0-only"].text
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text
    assert "GNU GENERAL PUBLIC LICENSE\nVersion 3" not in text


def test_every_shipped_text_matches_itself_and_nothing_else() -> None:
    wrong = {}
    for spdx, entry in catalog.licence_texts().items():
        got = match_licence_text(entry.text)
        if [s for s, _ in got] != [spdx] or got[0][1] < 0.99:
            wrong[spdx] = got
    assert wrong == {}


def test_models_are_computed_once() -> None:
    assert catalog.licence_models() is catalog.licence_models()
    assert (
        catalog.licence_model("MIT")
        is catalog.licence_models()[list(catalog.licence_texts()).index("MIT")]
    )
    assert catalog.licence_model("Not-A-Licence") is None


def test_shipped_prefilter_file_is_up_to_date() -> None:
    """The file a scan reads instead of building every model equals what the models give."""
    data = catalog.resources.files("lodestar.catalog").joinpath("data", catalog.PREFILTER_FILE)
    shipped = json.loads(data.read_bytes())
    assert shipped == catalog.prefilter_document(), (
        "stale prefilter data: run python scripts/write_licence_prefilter.py"
    )
    from_file = catalog.licence_prefilters()
    assert [(p.spdx, p.shingle_count, p.sample) for p in from_file] == [
        (m.spdx, len(m.shingles), m.sample) for m in catalog.licence_models()
    ]


def test_prefilter_falls_back_to_the_models_when_the_file_is_stale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog.licence_prefilters.cache_clear()
    monkeypatch.setattr(catalog, "_texts_fingerprint", lambda: "other texts")
    try:
        computed = catalog.licence_prefilters()
        assert [p.spdx for p in computed] == list(catalog.licence_texts())
        assert computed[0].sample == catalog.licence_models()[0].sample
    finally:
        catalog.licence_prefilters.cache_clear()


# --- normalisation -------------------------------------------------------------------------


def test_form_does_not_count() -> None:
    a = catalog.licence_words(
        'Copyright (c) 2024 Jane Doe\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF\n'
        "ANY KIND; see http://example.org/licence. All rights reserved."
    )
    b = catalog.licence_words(
        "  The software is provided “as is” — without warranty of any kind;\r\n"
        "see https://www.example.org/license."
    )
    assert a == b


@pytest.mark.parametrize(
    "line",
    [
        "Copyright (c) 2019 Jane Doe",
        "Copyright 2019-2024 The Foo Authors",
        "Copyright © 2007 Free Software Foundation, Inc.",
        "Copyright [yyyy] [name of copyright owner]",
        "Copyright (C) <year> <name of author>",
        "(c) 2020 Somebody",
        " * Copyright 2021 Acme Corp.",
    ],
)
def test_copyright_lines_are_dropped(line: str) -> None:
    assert catalog.licence_words(f"{line}\nkeep these words") == ["keep", "these", "words"]


def test_licence_body_lines_starting_with_copyright_are_kept() -> None:
    words = catalog.licence_words("copyright notice, this list of conditions\n")
    assert words[:2] == ["copyright", "notice"]
    # Apache-2.0 section 4(c), not a copyright line
    words = catalog.licence_words("(c) You must retain, in the Source form of any Derivative Works")
    assert words[:3] == ["you", "must", "retain"]


def test_template_fields_and_list_markers_are_dropped() -> None:
    words = catalog.licence_words(
        "1. Neither the name of <organization> nor\n  (b) the names of [project] contributors"
    )
    assert words == ["neither", "the", "name", "of", "nor", "the", "names", "of", "contributors"]


def test_british_spelling_is_american() -> None:
    assert catalog.licence_words("Licence, sub-licence, non-infringement") == [
        "license",
        "sublicense",
        "noninfringement",
    ]


# --- names, classifiers, URLs, expressions ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MIT", "MIT"),
        ("mit", "MIT"),
        ("MIT License", "MIT"),
        ("The MIT License (MIT)", "MIT"),
        ("Apache 2.0", "Apache-2.0"),
        ("Apache License, Version 2.0", "Apache-2.0"),
        ("The Apache Software License, Version 2.0", "Apache-2.0"),
        ("ASL 2.0", "Apache-2.0"),
        ("GPLv3", "GPL-3.0-only"),
        ("GPLv3+", "GPL-3.0-or-later"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("GPL-3.0", "GPL-3.0-only"),
        ("LGPL-2.1", "LGPL-2.1-only"),
        ("GNU Lesser General Public License v2.1", "LGPL-2.1-only"),
        ("Mozilla Public License, Version 2.0", "MPL-2.0"),
        ("Eclipse Public License - v 1.0", "EPL-1.0"),
        ("BSD 3-Clause", "BSD-3-Clause"),
        ("New BSD License", "BSD-3-Clause"),
        ("Simplified BSD License", "BSD-2-Clause"),
        ("BSD", "LicenseRef-BSD"),
        ("Unlicense", "Unlicense"),
        ("UNLICENSED", "LicenseRef-Proprietary"),
        ("Proprietary", "LicenseRef-Proprietary"),
        ("Public Domain", "LicenseRef-Public-Domain"),
        ("CC0 1.0 Universal", "CC0-1.0"),
        ("MIT OR Apache-2.0", "MIT OR Apache-2.0"),
        ("mit or apache-2.0", "MIT OR Apache-2.0"),
        ("(MIT OR Apache-2.0) AND BSD-3-Clause", "(MIT OR Apache-2.0) AND BSD-3-Clause"),
        ("MIT/Apache-2.0", "MIT OR Apache-2.0"),
        ("MIT and Apache 2.0", "MIT AND Apache-2.0"),
        ("Apache-2.0 WITH LLVM-exception", "Apache-2.0 WITH LLVM-exception"),
        ("LicenseRef-Acme-EULA", "LicenseRef-Acme-EULA"),
        ("Acme Corp EULA v3 (see docs)", "LicenseRef-Acme-Corp-EULA-v3-see-docs"),
        ("   ", None),
    ],
)
def test_normalise_expression(text: str, expected: str | None) -> None:
    assert catalog.normalise_expression(text) == expected


@pytest.mark.parametrize(
    ("classifier", "expected"),
    [
        ("License :: OSI Approved :: MIT License", "MIT"),
        ("License :: OSI Approved :: Apache Software License", "Apache-2.0"),
        ("License :: OSI Approved :: BSD License", "LicenseRef-BSD"),
        ("License :: OSI Approved :: GNU General Public License v2 (GPLv2)", "GPL-2.0-only"),
        (
            "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)",
            "GPL-3.0-or-later",
        ),
        (
            "License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)",
            "LGPL-2.0-or-later",
        ),
        ("License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"),
        ("License :: OSI Approved :: ISC License (ISCL)", "ISC"),
        ("License :: OSI Approved :: The Unlicense (Unlicense)", "Unlicense"),
        ("License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", "CC0-1.0"),
        ("License :: OSI Approved :: Python Software Foundation License", "PSF-2.0"),
        ("License :: OSI Approved :: zlib/libpng License", "Zlib"),
        ("License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)", "EUPL-1.2"),
        ("License :: Other/Proprietary License", "LicenseRef-Proprietary"),
        ("License :: OSI Approved", None),
        ("Programming Language :: Python :: 3", None),
    ],
)
def test_classifiers(classifier: str, expected: str | None) -> None:
    assert catalog.spdx_for_classifier(classifier) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.apache.org/licenses/LICENSE-2.0.txt", "Apache-2.0"),
        ("http://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0"),
        ("http://www.opensource.org/licenses/mit-license.php", "MIT"),
        ("https://opensource.org/licenses/MIT", "MIT"),
        ("https://spdx.org/licenses/BSD-3-Clause.html", "BSD-3-Clause"),
        ("http://www.eclipse.org/legal/epl-v10.html", "EPL-1.0"),
        ("https://www.mozilla.org/en-US/MPL/2.0/", "MPL-2.0"),
        ("https://example.com/licence", None),
    ],
)
def test_urls(url: str, expected: str | None) -> None:
    assert catalog.spdx_for_url(url) == expected


def test_equivalence_ignores_order() -> None:
    assert catalog.equivalent("MIT OR Apache-2.0", "Apache-2.0 OR MIT")
    assert not catalog.equivalent("MIT", "Apache-2.0")
    assert not catalog.equivalent("MIT OR", "MIT")


def test_join_expressions() -> None:
    assert catalog.join_expressions([], "OR") is None
    assert catalog.join_expressions(["MIT", "MIT"], "OR") == "MIT"
    assert catalog.join_expressions(["MIT", "Apache-2.0 OR ISC"], "AND") == (
        "MIT AND (Apache-2.0 OR ISC)"
    )


def test_an_expression_the_parser_chokes_on_is_no_expression() -> None:
    # boolean.py's parser raised IndexError on "()" (test_find_spdx_identifiers_never_raises)
    assert catalog.known_expression("()") is None
