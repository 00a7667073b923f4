"""The IP register (``ip/``): read into records with positions, refused with positioned
problems and a did-you-mean, hostile files never crashing the loader."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategy.test_hostile import loads_or_fails_positioned, yaml_values

from lodestar.errors import StrategyError
from lodestar.records.ip import IpPath, IpRegister, TradeSecret
from lodestar.strategy import load_strategy
from lodestar.strategy.markdown import MAX_BYTES

DISCLOSURE = """\
---
title: Stacking partner price lists over regional surcharges
status: {status}
date: 2026-03-30
inventors: [oliver.brennan@northwind-labs.example]
paths: ["pricing-engine:src/PricingEngine/Rules/**"]
commits: [D3CAC1C]
---
# Notes
"""

PATENTS = """\
families:
  - id: demand-forecasting
    title: Distance-weighted demand forecasting
    disclosures: [{disclosure}]
    repositories: data-platform
    members:
      - jurisdiction: ep
        application: EP25158321.4
        status: pending
        deadlines:
          - type: Reply to Rule 71(3) communication
            due: 2026-10-23
          - type: Response to office action
            due: 2026-11-20
            hard: false
"""


def write(root: Path, rel: str, data: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, "utf-8")
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(StrategyError) as info:
        load_strategy(root)
    return sorted(p.render() for p in info.value.problems)


def only_problem(root: Path) -> str:
    (found,) = problems(root)
    return found


def test_no_ip_folder_is_an_empty_register_with_the_default_settings(tmp_path: Path) -> None:
    register = load_strategy(tmp_path).ip
    assert register == IpRegister()
    assert register.empty and (register.undecided_days, register.deadline_warn_days) == (90, 30)


def test_the_demo_register_reads_whole() -> None:
    shipped = resources.files("lodestar.demo") / "workspace"
    with resources.as_file(shipped) as root:
        register = load_strategy(Path(root)).ip
    assert {d.id: d.status for d in register.disclosures} == {
        "distance-weighted-demand-forecast": "filed",
        "minimum-margin-guard": "trade-secret",
        "rule-stacking-with-regional-surcharges": "submitted",
    }
    assert [f.id for f in register.patents] == ["demand-forecasting", "parcel-label-batching"]
    assert register.patents[1].status == "granted"
    assert {p.id for p in register.outbound} == {
        "requests",
        "opentelemetry-python",
        "cobra",
        "quayside",
    }
    assert register.visibility_of("nw-cli").visibility == "public"  # type: ignore[union-attr]
    assert register.visibility_of("orders-api").visibility == "internal"  # type: ignore[union-attr]
    assert register.export_of("nw-cli").classification == "5D992.c"  # type: ignore[union-attr]
    assert register.files["patents"].path == "ip/patents.yaml"


def test_records_keep_their_positions_and_normalise_spelling(tmp_path: Path) -> None:
    write(tmp_path, "ip/disclosures/rule-stacking.md", DISCLOSURE.format(status="Under Review"))
    write(tmp_path, "ip/patents.yaml", PATENTS.format(disclosure="rule-stacking"))
    register = load_strategy(tmp_path).ip
    (disclosure,) = register.disclosures
    assert disclosure.status == "under-review" and disclosure.undecided
    assert disclosure.source is not None and disclosure.source.line == 3  # the status line
    assert disclosure.paths == (IpPath("pricing-engine", "src/PricingEngine/Rules/**"),)
    assert disclosure.repositories == ("pricing-engine",)  # from its paths
    assert disclosure.commits == ("d3cac1c",)
    assert disclosure.body == "# Notes"
    (family,) = register.patents
    assert family.repositories == ("data-platform",)
    assert family.members[0].jurisdiction == "EP"
    deadlines = register.deadlines()
    assert [d.due for _, _, d in deadlines] == [dt.date(2026, 10, 23), dt.date(2026, 11, 20)]
    assert [d.hard for _, _, d in deadlines] == [True, False]
    assert [d.source.line for _, _, d in deadlines if d.source] == [11, 13]


def test_settings_travel_with_the_register(tmp_path: Path) -> None:
    write(tmp_path, "lodestar.toml", "[ip]\nundecided_days = 30\ndeadline_warn_days = 10\n")
    write(tmp_path, "ip/outbound.yaml", "projects: []\n")
    register = load_strategy(tmp_path).ip
    assert (register.undecided_days, register.deadline_warn_days, register.publish) == (
        30,
        10,
        False,
    )


def test_unknown_status_and_key_get_a_did_you_mean(tmp_path: Path) -> None:
    text = DISCLOSURE.format(status="fild").replace("commits:", "comits:")
    found = problems(write(tmp_path, "ip/disclosures/x.md", text))
    assert found[0].startswith("ip/disclosures/x.md:3:9: status: unknown disclosure status 'fild'")
    assert "(did you mean 'filed'?)" in found[0]
    assert found[1].startswith("ip/disclosures/x.md:7:1: unknown key 'comits' (did you mean")


def test_a_family_naming_a_missing_disclosure_is_refused_at_the_reference(tmp_path: Path) -> None:
    write(tmp_path, "ip/disclosures/rule-stacking.md", DISCLOSURE.format(status="draft"))
    write(tmp_path, "ip/patents.yaml", PATENTS.format(disclosure="rule-stackin"))
    report = only_problem(tmp_path)
    assert report.startswith(
        "ip/patents.yaml:4:19: disclosures: no disclosure 'rule-stackin' (did you mean "
        "'rule-stacking'?)"
    )


def test_duplicates_and_contradictions_are_refused(tmp_path: Path) -> None:
    write(
        tmp_path,
        "ip/outbound.yaml",
        "projects:\n  - {id: requests, url: 'https://github.com/psf/requests'}\n"
        "  - {id: requests, purl: 'pkg:pypi/requests', approved: true}\n"
        "  - {id: cobra}\n",
    )
    found = problems(tmp_path)
    assert any("an approved project names its 'approver'" in p for p in found)
    assert any("a project needs 'url'" in p for p in found)
    write(
        tmp_path,
        "ip/outbound.yaml",
        "projects:\n  - {id: requests, url: 'https://github.com/psf/requests'}\n"
        "  - {id: requests, purl: 'pkg:pypi/requests'}\n",
    )
    assert only_problem(tmp_path).startswith(
        "ip/outbound.yaml:3:10: duplicate project id 'requests' (also line 2)"
    )


def test_member_status_grant_and_eccn_are_checked(tmp_path: Path) -> None:
    write(
        tmp_path,
        "ip/patents.yaml",
        "families:\n  - id: f\n    title: F\n    members:\n"
        "      - {jurisdiction: DE, status: pending, grant: DE1B4}\n"
        "      - {jurisdiction: US, status: grantd}\n",
    )
    write(
        tmp_path,
        "ip/export.yaml",
        "records:\n  - {repository: nw-cli, classification: 5Z002}\n"
        "  - {repository: docs, classification: not subject to the EAR}\n",
    )
    found = problems(tmp_path)
    assert any("ip/export.yaml:2:" in p and "is not an ECCN" in p for p in found)
    assert any("write status: granted" in p for p in found)
    assert any("unknown status 'grantd' (did you mean 'granted'?)" in p for p in found)


def test_a_stray_yaml_file_in_ip_is_named(tmp_path: Path) -> None:
    report = only_problem(write(tmp_path, "ip/patent.yaml", "families: []\n"))
    assert report.startswith("ip/patent.yaml: not an IP register file (did you mean")


def test_visibility_and_trade_secret_globs(tmp_path: Path) -> None:
    write(
        tmp_path,
        "ip/trade-secrets.yaml",
        "visibility:\n  '*-sdk': public\n  billing-sdk: Private\n"
        "secrets:\n  - id: rules\n    repository: pricing-engine\n    paths: [src/Rules/**]\n",
    )
    register = load_strategy(tmp_path).ip
    assert register.visibility_of("billing-sdk").visibility == "private"  # type: ignore[union-attr]
    assert register.visibility_of("web-sdk").visibility == "public"  # type: ignore[union-attr]
    assert register.visibility_of("orders-api") is None
    (secret,) = register.trade_secrets
    assert secret.covers("src/Rules/A.cs") and secret.covers("src/Rules/deep/B.cs")
    assert not secret.covers("src/RulesX/A.cs") and not secret.covers("src/Other.cs")


def test_trade_secret_globs_are_linear_on_hostile_paths() -> None:
    secret = TradeSecret("s", "r", ("**/a/**/a/**/a/**/b",))
    path = "/".join(["a"] * 5000)
    assert not secret.covers(path)
    assert secret.covers(path + "/b")
    assert TradeSecret("s", "r", ("models/",)).covers("models/x/y.bin")


# --- hostile files ----------------------------------------------------------------------------


def test_alias_bomb_in_patents_is_refused(tmp_path: Path) -> None:
    bomb = (
        "extra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a]\n"
        "  c: [*b, *b, *b, *b, *b, *b, *b, *b]\n"
    )
    report = only_problem(write(tmp_path, "ip/patents.yaml", bomb))
    assert report.startswith("ip/patents.yaml:2:6: YAML anchors and aliases are not allowed")


def test_huge_binary_and_control_characters(tmp_path: Path) -> None:
    write(tmp_path, "ip/outbound.yaml", "projects: []\n" + "#" * (MAX_BYTES + 1))
    write(tmp_path, "ip/export.yaml", b"records:\n  - repository: \xff\xfe\n")
    write(tmp_path, "ip/trade-secrets.yaml", "visibility:\n  web: \x07public\x1b[31m\n")
    found = problems(tmp_path)
    assert found[0] == "ip/export.yaml: not UTF-8 text (byte 25); save it as UTF-8"
    assert found[1] == "ip/outbound.yaml: file larger than 1024 KiB; split it"
    assert found[2].startswith("ip/trade-secrets.yaml:2:")


def test_deep_nesting_and_wrong_types(tmp_path: Path) -> None:
    deep = "families:\n" + "".join("  " * i + "- \n" for i in range(1, 400))
    write(tmp_path, "ip/patents.yaml", deep)
    write(tmp_path, "ip/outbound.yaml", "projects: {id: requests}\n")
    write(tmp_path, "ip/disclosures/x.md", "---\ntitle: [a]\nstatus: 3\ndate: soon\n---\n")
    found = problems(tmp_path)
    assert all(
        p.startswith(("ip/patents.yaml:", "ip/outbound.yaml:", "ip/disclosures/x.md:"))
        for p in found
    )
    assert any(p.startswith("ip/disclosures/x.md:2:8: title:") for p in found)
    assert any(p.startswith("ip/outbound.yaml:1:11: projects:") for p in found)


def test_symlinked_register_file_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere.yaml"
    secret.write_text("projects: []\n", "utf-8")
    (tmp_path / "ip").mkdir()
    (tmp_path / "ip" / "outbound.yaml").symlink_to(secret)
    assert only_problem(tmp_path).startswith("ip/outbound.yaml: symbolic links are not followed")


_KEYS = st.sampled_from(
    [
        "families", "id", "title", "members", "jurisdiction", "status", "deadlines", "due",
        "hard", "done", "projects", "url", "purl", "agreement", "approved", "approver",
        "secrets", "repository", "paths", "visibility", "records", "classification", "x", "",
    ]
)  # fmt: skip
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=8),
    st.sampled_from(["EP", "pending", "2026-01-01", "CLA", "public", "5D002", "a:b"]),
)  # fmt: skip
_VALUES = yaml_values(_KEYS, _SCALARS, 14)


@given(
    _VALUES,
    st.sampled_from(
        [
            "ip/patents.yaml",
            "ip/outbound.yaml",
            "ip/trade-secrets.yaml",
            "ip/export.yaml",
            "ip/disclosures/d.md",
        ]
    ),
)
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_register_file_loads_or_fails_with_positioned_problems(
    tmp_path_factory: pytest.TempPathFactory, value: object, rel: str
) -> None:
    loads_or_fails_positioned(tmp_path_factory.mktemp("fuzz"), value, rel)
