"""The end-of-life catalog: shipped snapshot, version lookup, status, staleness and updates."""

from __future__ import annotations

import json
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest

from lodestar.catalog.eol import (
    SNAPSHOT_FILE,
    Cycle,
    EolCatalog,
    EolState,
    load_eol,
    parse_snapshot,
    version_from_image_tag,
)
from lodestar.catalog.eol_update import update_from
from lodestar.errors import ConfigError

TODAY = date(2026, 11, 23)
EOL = load_eol()
REQUIRED = (
    "python", "nodejs", "go", "ruby", "php", "dotnet", "rust", "kotlin", "eclipse-temurin",
    "amazon-corretto", "oracle-jdk", "debian", "ubuntu", "alpine-linux", "centos", "rhel",
    "amazon-linux", "postgresql", "mysql", "mariadb", "mongodb", "redis", "elasticsearch",
    "apache-kafka", "rabbitmq", "nginx", "kubernetes", "django", "ruby-on-rails", "spring-boot",
    "spring-framework", "angular", "vue", "react", "laravel", "symfony", "nextjs", "express",
    "terraform", "mssqlserver", "oracle-database", "apache-cassandra", "sqlite", "tomcat",
    "opensearch",
)  # fmt: skip


def _cycle(**fields: object) -> Cycle:
    return Cycle.model_validate({"cycle": "1", **fields})


# --------------------------------------------------------------------------------------------
# The shipped snapshot


def test_the_snapshot_covers_the_required_products() -> None:
    assert len(EOL) >= 45
    missing = [p for p in REQUIRED if p not in EOL]
    assert missing == []


def test_every_shipped_product_parses_and_has_dated_cycles() -> None:
    for product in EOL.products:
        cycles = EOL.cycles(product)
        assert cycles, product
        assert len({c.cycle for c in cycles}) == len(cycles), product
        assert any(isinstance(c.eol, date | bool) for c in cycles), product


def test_the_snapshot_says_when_and_where_from() -> None:
    folder = resources.files("lodestar.catalog") / "data" / "eol"
    raw = json.loads((folder / SNAPSHOT_FILE).read_bytes())
    assert set(raw) >= {"as_of", "source", "products"}
    assert "endoflife" in raw["source"]
    assert sorted(raw["products"]) == EOL.products
    assert EOL.snapshot_as_of == date.fromisoformat(raw["as_of"])
    assert EOL.snapshot_as_of <= TODAY


def test_shipped_files_keep_the_api_shape() -> None:
    folder = resources.files("lodestar.catalog") / "data" / "eol"
    raw = json.loads((folder / "python.json").read_bytes())
    py38 = next(c for c in raw if c["cycle"] == "3.8")
    assert py38 == {
        "cycle": "3.8",
        "releaseDate": "2019-10-14",
        "support": "2021-05-03",
        "eol": "2024-10-07",
        "latest": "3.8.20",
        "latestReleaseDate": "2024-09-06",
        "lts": False,
    }


def test_shipped_products_are_parsed_only_when_asked_for() -> None:
    fresh = EolCatalog({}, loaders={"a": lambda: [_cycle(cycle="1")], "b": _boom})
    assert fresh.products == ["a", "b"]
    assert fresh.cycle_for("a", "1.2") is not None  # "b" never parsed


def _boom() -> list[Cycle]:
    raise AssertionError("parsed a product nobody asked about")


# --------------------------------------------------------------------------------------------
# Versions to cycles


@pytest.mark.parametrize(
    ("product", "version", "cycle"),
    [
        ("python", "3.8.10", "3.8"),
        ("python", "3.8", "3.8"),
        ("python", "3.8-slim", "3.8"),
        ("python", "3.12.1-bookworm", "3.12"),
        ("nodejs", "16", "16"),
        ("nodejs", "v18.2.0", "18"),
        ("nodejs", "16-alpine", "16"),
        ("go", "1.21.5", "1.21"),
        ("go", "1.22-alpine", "1.22"),
        ("ubuntu", "18.04", "18.04"),
        ("ubuntu", "22.04.3", "22.04"),
        ("ubuntu", "jammy", "22.04"),
        ("ubuntu", "jammy-20240111", "22.04"),
        ("debian", "buster", "10"),
        ("debian", "Bookworm", "12"),
        ("debian", "bookworm-slim", "12"),
        ("debian", "10.13", "10"),
        ("alpine-linux", "3.12.1", "3.12"),
        ("eclipse-temurin", "8", "8"),
        ("eclipse-temurin", "1.8", "8"),
        ("eclipse-temurin", "1.8.0_292", "8"),
        ("eclipse-temurin", "17.0.2", "17"),
        ("eclipse-temurin", "8-jdk", "8"),
        ("eclipse-temurin", "17-jre-jammy", "17"),
        ("eclipse-temurin", "8u392-b08-jdk", "8"),
        ("dotnet", "8.0.1", "8"),
        ("postgresql", "9.6.24", "9.6"),
        ("postgresql", "16.2-alpine3.19", "16"),
        ("kubernetes", "1.29.3", "1.29"),
        ("amazon-linux", "2023", "2023"),
    ],
)
def test_cycle_for(product: str, version: str, cycle: str) -> None:
    found = EOL.cycle_for(product, version)
    assert found is not None, (product, version)
    assert found.cycle == cycle


@pytest.mark.parametrize(
    ("product", "version"),
    [("python", "latest"), ("nodejs", "lts-alpine"), ("python", "2.8"), ("nope", "1.0")],
)
def test_versions_that_name_no_cycle(product: str, version: str) -> None:
    assert EOL.cycle_for(product, version) is None


def test_a_coarse_version_resolves_to_the_newest_cycle_it_covers() -> None:
    catalog = EolCatalog(
        {
            "db": [
                _cycle(cycle="8.4", releaseDate="2024-04-30"),
                _cycle(cycle="8.0", releaseDate="2018-04-19"),
                _cycle(cycle="5.7", releaseDate="2015-10-21"),
            ]
        }
    )
    found = catalog.cycle_for("db", "8")
    assert found is not None and found.cycle == "8.4"


def test_a_product_with_1_x_cycles_keeps_its_leading_1() -> None:
    catalog = EolCatalog({"go": [_cycle(cycle="1.8"), _cycle(cycle="8")]})
    found = catalog.cycle_for("go", "1.8.3")
    assert found is not None and found.cycle == "1.8"


@pytest.mark.parametrize(
    ("tag", "version"),
    [
        ("3.8-slim", "3.8"),
        ("16-alpine", "16"),
        ("8-jdk", "8"),
        ("v18.2.0", "18.2.0"),
        ("8u292-jdk", "8"),
        ("17.0.2_8-jre", "17.0.2"),
        ("bookworm-slim", "bookworm"),
        ("buster", "buster"),
        ("python:3.11-alpine@sha256:" + "0" * 64, "3.11"),
        ("latest", None),
        ("lts-alpine", None),
        ("alpine3.19", None),
        ("", None),
    ],
)
def test_version_from_image_tag(tag: str, version: str | None) -> None:
    assert version_from_image_tag(tag) == version


# --------------------------------------------------------------------------------------------
# Status


def test_python_3_8_is_past_end_of_life() -> None:
    status = EOL.status("python", "3.8.10", TODAY)
    assert status.state == EolState.PAST_EOL
    assert status.eol == date(2024, 10, 7)
    assert status.days_left is not None and status.days_left < 0
    assert status.cycle is not None and status.cycle.cycle == "3.8"


def test_status_on_fixed_dates() -> None:
    ending = TODAY + timedelta(days=30)
    catalog = EolCatalog(
        {
            "x": [
                _cycle(cycle="3", eol=(TODAY + timedelta(days=400)).isoformat()),
                _cycle(cycle="2", eol=ending.isoformat()),
                _cycle(cycle="1", eol=TODAY.isoformat()),
                _cycle(cycle="0", eol=True),
                _cycle(cycle="4", eol=False),
                _cycle(cycle="5"),
            ]
        }
    )
    soon = catalog.status("x", "2.1", TODAY, warn_days=90)
    assert (soon.state, soon.eol, soon.days_left) == (EolState.ENDING_SOON, ending, 30)
    assert catalog.status("x", "2.1", TODAY, warn_days=29).state == EolState.SUPPORTED
    assert catalog.status("x", "3", TODAY).state == EolState.SUPPORTED
    last_day = catalog.status("x", "1", TODAY)
    assert (last_day.state, last_day.days_left) == (EolState.ENDING_SOON, 0)
    assert catalog.status("x", "1", TODAY + timedelta(days=1)).state == EolState.PAST_EOL
    assert catalog.status("x", "0", TODAY).state == EolState.PAST_EOL
    assert catalog.status("x", "0", TODAY).eol is None
    assert catalog.status("x", "4", TODAY).state == EolState.SUPPORTED
    assert catalog.status("x", "5", TODAY).state == EolState.UNKNOWN
    assert catalog.status("x", "9", TODAY).state == EolState.UNKNOWN
    assert catalog.status("nope", "1", TODAY).state == EolState.UNKNOWN


# --------------------------------------------------------------------------------------------
# Staleness


def test_stale_snapshot_detection() -> None:
    catalog = EolCatalog(
        {"a": [_cycle()], "b": [_cycle()], "c": [_cycle()]},
        {"a": date(2026, 8, 22), "b": date(2026, 11, 1)},
    )
    assert catalog.snapshot_as_of == date(2026, 8, 22)
    assert not catalog.is_stale(date(2026, 11, 20))  # 90 days old: not yet
    assert catalog.is_stale(date(2026, 11, 21))
    assert catalog.is_stale(TODAY)
    assert catalog.stale_products(TODAY) == ["a"]
    assert not catalog.is_stale(TODAY, max_age_days=365)
    assert not EolCatalog({"c": [_cycle()]}).is_stale(TODAY)  # no known date, no warning


def test_the_shipped_snapshot_knows_its_age() -> None:
    as_of = EOL.snapshot_as_of
    assert as_of is not None
    assert EOL.is_stale(as_of + timedelta(days=91))
    assert not EOL.is_stale(as_of + timedelta(days=90))


# --------------------------------------------------------------------------------------------
# Workspace overrides and updates

PY_V0 = [
    {"cycle": "3.15", "releaseDate": "2026-10-01", "support": "2028-10-01", "eol": "2031-10-31",
     "latest": "3.15.0", "lts": False},
    {"cycle": "3.8", "releaseDate": "2019-10-14", "support": "2021-05-03", "eol": "2024-10-07",
     "latest": "3.8.20", "lts": False},
]  # fmt: skip


def test_update_from_a_v0_list_writes_a_workspace_folder_that_load_eol_reads(
    tmp_path: Path,
) -> None:
    dest = tmp_path / "catalog" / "eol"
    result = update_from(json.dumps(PY_V0), "python", dest=dest, as_of=TODAY, label="test")
    assert result.products == ("python",) and result.cycles == 2
    assert json.loads((dest / "python.json").read_text())[0]["cycle"] == "3.15"
    snapshot = parse_snapshot((dest / SNAPSHOT_FILE).read_bytes(), "x")
    assert snapshot.products == {"python": TODAY} and snapshot.source == "test"
    catalog = load_eol([dest])
    assert [c.cycle for c in catalog.cycles("python")] == ["3.15", "3.8"]  # whole list replaced
    assert catalog.as_of("python") == TODAY
    assert catalog.cycles("nodejs") == EOL.cycles("nodejs")
    assert catalog.snapshot_as_of == EOL.snapshot_as_of  # the other products are as old as before
    assert catalog.stale_products(TODAY) == [p for p in EOL.stale_products(TODAY) if p != "python"]


def test_updating_every_product_refreshes_the_snapshot(tmp_path: Path) -> None:
    bundle = {p: [c.api_dict() for c in EOL.cycles(p)] for p in EOL.products}
    update_from(json.dumps(bundle).encode(), dest=tmp_path, as_of=TODAY)
    catalog = load_eol([tmp_path])
    assert catalog.snapshot_as_of == TODAY
    assert not catalog.is_stale(TODAY)


def test_update_from_a_v1_answer(tmp_path: Path) -> None:
    v1 = {
        "schema_version": "1.2.0",
        "result": {
            "name": "widget",
            "releases": [
                {"name": "2", "codename": None, "releaseDate": "2025-01-01", "isLts": True,
                 "ltsFrom": None, "isEoas": False, "eoasFrom": "2027-01-01", "isEol": False,
                 "eolFrom": "2028-01-01", "latest": {"name": "2.3.1", "date": "2026-05-01"}},
                {"name": "1", "releaseDate": "2020-01-01", "isLts": False, "isEoas": True,
                 "eoasFrom": None, "isEol": True, "eolFrom": None, "latest": {"name": "1.9"}},
            ],
        },
    }  # fmt: skip
    update_from(json.dumps(v1), dest=tmp_path, as_of=TODAY)
    cycles = {c.cycle: c for c in load_eol([tmp_path]).cycles("widget")}
    assert cycles["2"].eol == date(2028, 1, 1) and cycles["2"].lts is True
    assert cycles["2"].latest == "2.3.1"
    assert cycles["1"].eol is True and cycles["1"].support is False


def test_update_from_a_file_or_a_directory(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "python.json").write_text(json.dumps(PY_V0))
    (source / "widget.json").write_text(json.dumps([{"cycle": "1", "eol": False}]))
    result = update_from(source, dest=tmp_path / "out", as_of=TODAY)
    assert result.products == ("python", "widget")
    result = update_from(source / "python.json", dest=tmp_path / "out2", as_of=TODAY)
    assert result.products == ("python",)
    snapshot = json.loads((tmp_path / "out2" / SNAPSHOT_FILE).read_text())
    assert snapshot["source"] == str(source / "python.json")


def test_updates_accumulate_per_product_dates(tmp_path: Path) -> None:
    update_from(json.dumps(PY_V0), "python", dest=tmp_path, as_of=date(2026, 9, 1))
    update_from(json.dumps([{"cycle": "1", "eol": False}]), "widget", dest=tmp_path, as_of=TODAY)
    catalog = load_eol([tmp_path])
    assert catalog.as_of("python") == date(2026, 9, 1)
    assert catalog.as_of("widget") == TODAY


@pytest.mark.parametrize(
    ("document", "product", "message"),
    [
        ('{"cycle": "3.8"}', "python", "expected an endoflife.date API answer"),
        ('[{"eol": "2024-10-07"}]', "python", "python[0].cycle"),
        ('[{"cycle": "3.8", "eol": "someday"}]', "python", "python[0].eol"),
        ('[{"cycle": "3.8", "releaseDate": 12.5}]', "python", "python[0].releaseDate"),
        ('[{"cycle": "3.8"}]', None, "needs a product id"),
        ('[{"cycle": "3.8"}]', "Not A Product", "not a product id"),
        ('{"result": {"releases": []}}', None, "product with a name"),
        ('{"result": {"name": "x", "releases": {}}}', None, "list of releases"),
        ("[{", "python", "not JSON"),
    ],
)
def test_update_from_rejects_bad_shapes(
    tmp_path: Path, document: str, product: str | None, message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        update_from(document, product, dest=tmp_path / "out", as_of=TODAY)
    assert message in str(info.value)
    assert not (tmp_path / "out").exists()  # nothing written


def test_update_from_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        update_from(tmp_path / "nope.json", dest=tmp_path / "out")


def test_a_bad_workspace_eol_file_is_reported_at_load(tmp_path: Path) -> None:
    (tmp_path / "python.json").write_text('[{"cycle": "3.8", "eol": "soon"}]')
    with pytest.raises(ConfigError) as info:
        load_eol([tmp_path])
    assert info.value.path == str(tmp_path / "python.json")
    assert info.value.key == "python[0].eol"


def test_a_bad_snapshot_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / SNAPSHOT_FILE).write_text('{"as_of": "yesterday", "products": []}')
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        load_eol([tmp_path])
