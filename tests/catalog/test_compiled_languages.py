"""The shipped language catalog's compiled form (data/languages.json) is its TOML, parsed."""

from __future__ import annotations

from lodestar.catalog import languages


def test_the_compiled_language_catalog_is_current() -> None:
    compiled = languages._SHIPPED.with_name(languages.COMPILED)
    assert compiled.read_text("utf-8") == languages.compile_shipped(), (
        "run scripts/compile_catalogs.py"
    )


def test_the_compiled_language_catalog_is_the_toml_one() -> None:
    text = languages._shipped_text()
    compiled = languages._SHIPPED.with_name(languages.COMPILED).read_bytes()
    from_json = languages.load_shipped(text, compiled)
    from_toml = languages.LanguageCatalog.from_toml(text, check_patterns=False)
    assert from_json == from_toml and from_json.languages


def test_a_stale_compiled_language_catalog_is_ignored_not_trusted() -> None:
    text = languages._shipped_text()
    compiled = languages._SHIPPED.with_name(languages.COMPILED).read_bytes()
    edited = text + '\n[languages.Zzz]\nkind = "data"\nextensions = ["zzz"]\n'
    catalog = languages.load_shipped(edited, compiled)
    assert catalog.get("Zzz") is not None  # parsed from the edited TOML, not the stale JSON
