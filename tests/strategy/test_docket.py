"""Docket exports into patent families, and their merge into ip/patents.yaml: realistic
spreadsheets (BOM, semicolons, quoted newlines, Latin-1, bad dates) and hostile ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lodestar.errors import StrategyError, UsageError
from lodestar.strategy import load_strategy
from lodestar.strategy.docket import parse_date, read_docket
from lodestar.strategy.docket_merge import import_docket

# As a spreadsheet saves it: Excel's BOM, semicolons, a note over two lines, aliases.
EXCEL = (
    "\ufeffCase Ref;Invention Title;Country;Application No.;Filing Date;Patent Number;Status;"
    "Action;Due Date;Hard Deadline;Remarks\r\n"
    "NWL-P-2025-001;Distance-weighted demand forecasting;EP;EP25158321.4;2025-03-12;;"
    'Under examination;Reply to communication under Rule 71(3) EPC;2026-10-23;yes;"Approve the '
    'text;\r\npay the fees"\r\n'
    "NWL-P-2025-001;Distance-weighted demand forecasting;US;19/074,512;2025-03-12;;Published;"
    "Response to non-final office action;2026-11-20;no;\r\n"
    "NWL-P-2023-004;Parcel label batching;DE;DE102023112233.1;09.05.2023;DE102023112233B4;"
    "Granted;Annuity 5;2027-05-31;no;\r\n"
    "NWL-P-2023-004;Parcel label batching;GB;GB2307011.9;2023-05-10;;Lapsed;;;;\r\n"
    "NWL-P-2026-002;Route planning;US;19/111,222;2026-02-30;;Pending;IDS;2026-12-01;no;\r\n"
    "NWL-P-2026-003;Fraud scoring;US;19/222,333;2026-04-01;;Pending;Response;10/11/2026;;\r\n"
    ";Orphan row;US;;;;;;;;\r\n"
)

PHPIP_MATTERS = (
    "Our Ref;Country;Cat;Origin;Status;Status date;Client;Client Ref;Applicant;Agent;Agent Ref;"
    "Title;Title2;Title3;Inventor 1;Filed;FilNo;Published;Pub. No;Granted;Grt No;ID;"
    "container_ID;parent_ID;Type;Responsible;Delegate;Dead;Ctnr;Alt Ref\n"
    "NWL001;EP;PAT;;Filed|Published;2026-09-17;Northwind Labs;;Northwind Labs SAS;Cabinet "
    "Lefèvre;CL-881;Prévision de la demande pondérée;;;Kim;2025-03-12;EP25158321.4;2026-09-17;"
    "EP4500001;;;12;;;;jdupont;;0;1;\n"
    "NWL001;US;PAT;;Filed;2025-03-12;Northwind Labs;;Northwind Labs SAS;Smith & Co;S-19;"
    "Prévision de la demande pondérée;;;Kim;2025-03-12;19/074,512;;;;;13;12;;;jdupont;;0;0;\n"
    "NWL002;DE;PAT;;Granted;2024-11-06;Northwind Labs;;Northwind Labs SAS;;;Parcel labels;;;"
    "Becker;2023-05-09;DE102023112233.1;;;2024-11-06;DE102023112233B4;20;;;;jdupont;;0;1;\n"
    "NWL002;GB;PAT;;Filed;2023-05-10;Northwind Labs;;;;;Parcel labels;;;Becker;2023-05-10;"
    "GB2307011.9;;;;;21;20;;;jdupont;;1;0;\n"
    "TM001;FR;TM;;Registered;2022-01-01;Northwind Labs;;;;;NORTHWIND;;;;2021-06-01;4765432;;;"
    "2022-01-01;4765432;30;;;;jdupont;;0;1;\n"
)
RENEWAL_CAPTIONS = (
    "task.id;task.detail;task.due_date;task.done;task.done_date;matter_id;cost;fee;"
    "cost_reduced;fee_reduced;cost_sup;fee_sup;cost_sup_reduced;fee_sup_reduced;"
    "task.trigger_id;category;matter.caseref;matter.uid;matter.country;country_FR;country_EN;"
    "country_DE;matter.origin;small_entity;fil_date;fil_num;grt_date;event_name;event_date;"
    "number;applicant_name;client_name;client_address;client_country;ren_discount;client_id;"
    "client_ref;client_email;client_language;responsible;short_title;title;pub_num;task.step;"
    "task.grace_period;task.invoice_step;expire_date;table_fee"
)


def renewal(**cells: str) -> str:
    names = RENEWAL_CAPTIONS.split(";")
    row = dict.fromkeys(names, "") | {k.replace("__", "."): v for k, v in cells.items()}
    return ";".join(f'"{row[n]}"' if "\n" in row[n] else row[n] for n in names)


PHPIP_RENEWALS = "\n".join(
    [
        RENEWAL_CAPTIONS,
        renewal(
            task__id="501",
            task__detail="4",
            task__due_date="2026-05-31",
            task__done="1",
            category="PAT",
            matter__caseref="NWL002",
            matter__country="DE",
            fil_num="DE102023112233.1",
            client_address="1 Harbour Road\nBristol",
            short_title="Parcel labels",
        ),
        renewal(
            task__id="502",
            task__detail="5",
            task__due_date="2027-05-31",
            task__done="0",
            category="PAT",
            matter__caseref="NWL002",
            matter__country="DE",
            fil_num="DE102023112233.1",
        ),
        renewal(
            task__id="503",
            task__detail="2",
            task__due_date="2027-01-01",
            category="TM",
            matter__caseref="TM001",
            matter__country="FR",
        ),
    ]
)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, "utf-8", newline="")
    return path


def test_dates_are_iso_slashed_or_dotted_and_never_ambiguous() -> None:
    assert parse_date("2026-10-23") == dt.date(2026, 10, 23)
    assert parse_date("2026-10-23 00:00:00") == dt.date(2026, 10, 23)
    assert parse_date("2026/1/5") == dt.date(2026, 1, 5)
    assert parse_date("23.10.2026") == dt.date(2026, 10, 23)
    assert parse_date("") is None and parse_date("0000-00-00") is None
    with pytest.raises(ValueError, match="ambiguous"):
        parse_date("10/11/2026")
    with pytest.raises(ValueError, match="not a date"):
        parse_date("next Tuesday")


def test_a_spreadsheet_export_reads_with_warnings_per_row(tmp_path: Path) -> None:
    read = read_docket([write(tmp_path / "docket.csv", EXCEL)], "csv")
    families = {f.reference: f for f in read.families}
    assert sorted(families) == ["NWL-P-2023-004", "NWL-P-2025-001"]
    ep, us = families["NWL-P-2025-001"].members
    assert (ep.jurisdiction, ep.application, ep.status) == ("EP", "EP25158321.4", "pending")
    (reply,) = ep.deadlines
    assert reply.hard and reply.note == "Approve the text;\npay the fees"
    assert not us.deadlines[0].hard
    de, gb = families["NWL-P-2023-004"].members
    assert (de.status, de.filed, de.grant) == ("granted", dt.date(2023, 5, 9), "DE102023112233B4")
    assert (gb.status, gb.deadlines) == ("lapsed", ())
    assert families["NWL-P-2025-001"].id == "nwl-p-2025-001"
    messages = [w.render() for w in read.warnings]
    assert any(m.startswith(f"{tmp_path}/docket.csv:7: row 5: Filing Date:") for m in messages)
    assert any(":8: row 6: Due Date: '10/11/2026' is ambiguous" in m for m in messages)
    assert any(":9: row 7: row left out: no family" in m for m in messages)
    assert (read.rows, read.skipped) == (7, 3)


def test_phpip_matters_and_renewals_as_its_code_writes_them(tmp_path: Path) -> None:
    matters = write(tmp_path / "20261101_matters.csv", PHPIP_MATTERS.encode("latin-1"))
    renewals = write(tmp_path / "20261101_invoicing.csv", PHPIP_RENEWALS.encode("latin-1"))
    read = read_docket([matters, renewals], "phpip")
    families = {f.reference: f for f in read.families}
    assert sorted(families) == ["NWL001", "NWL002"]  # the trademark is no patent family
    assert families["NWL001"].title == "Prévision de la demande pondérée"
    assert [(m.jurisdiction, m.status) for m in families["NWL001"].members] == [
        ("EP", "pending"),
        ("US", "pending"),
    ]
    de, gb = families["NWL002"].members
    assert (de.status, de.grant) == ("granted", "DE102023112233B4")
    assert [(d.type, d.done, d.hard) for d in de.deadlines] == [
        ("Annuity 4", True, False),
        ("Annuity 5", False, False),
    ]
    assert gb.status == "abandoned"  # Dead = 1
    assert any("read as Windows-1252" in w.message for w in read.warnings)


def test_a_file_that_is_no_phpip_export_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StrategyError, match="not a phpIP export"):
        read_docket([write(tmp_path / "x.csv", "name;value\na;b\n")], "phpip")


def test_hostile_sheets_are_refused_or_cleaned(tmp_path: Path) -> None:
    nul = read_docket([write(tmp_path / "nul.csv", b"family,jurisdiction\nA,\x00EP\n")], "csv")
    assert nul.families[0].members[0].jurisdiction == "EP"  # the NUL is cleaned away
    wide = 'family,jurisdiction,note\nA,EP,"' + "x" * 200_000 + '"\n'
    with pytest.raises(StrategyError, match="unreadable CSV"):
        read_docket([write(tmp_path / "wide.csv", wide)], "csv")
    with pytest.raises(StrategyError, match="no header row"):
        read_docket([write(tmp_path / "empty.csv", "")], "csv")
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as out:
        out.truncate(16 * 1024 * 1024 + 1)
    with pytest.raises(StrategyError, match="larger than 16 MiB"):
        read_docket([huge], "csv")
    text = (
        "family,jurisdiction,title,deadline,due,note\n"
        '\x1b[31mA,EP,=HYPERLINK("http://x")\u202e,Reply\x07,2026-12-01,' + "x" * 5000 + "\n"
    )
    read = read_docket([write(tmp_path / "ctl.csv", text)], "csv")
    (family,) = read.families
    assert "\x1b" not in str(family.reference) and "\u202e" not in family.title
    assert family.members[0].deadlines[0].type == "Reply"
    assert any("longer than 2000" in w.message for w in read.warnings)


def test_import_is_a_dry_run_until_write_and_merges_into_the_register(tmp_path: Path) -> None:
    register = (
        "# Counsel's docket, reviewed monthly.\n"
        "families:\n"
        "  - id: demand-forecasting\n"
        "    title: Demand forecasting\n"
        "    reference: NWL-P-2025-001\n"
        "    repositories: [data-platform]\n"
        "    members:\n"
        "      - jurisdiction: EP\n"
        "        status: pending\n"
        "        deadlines:\n"
        "          - {type: Examination fee, due: 2025-10-01, done: true}\n"
        "          - {type: Reply to communication under Rule 71(3) EPC, due: 2026-10-23,"
        " done: true}\n"
        "  - id: hand-kept\n"
        "    title: Not in the docket\n"
    )
    patents = write(tmp_path / "ip" / "patents.yaml", register)
    docket = write(tmp_path / "docket.csv", EXCEL)
    dry = import_docket(tmp_path, [docket], "csv")
    assert not dry.written and patents.read_text("utf-8") == register
    kinds = sorted((c.family, c.kind) for c in dry.changes)
    assert ("hand-kept", "kept") in kinds and ("nwl-p-2023-004", "new-family") in kinds
    assert ("demand-forecasting", "new-application") in kinds  # US
    changed = [c.detail for c in dry.changes if c.kind in ("application", "deadline")]
    assert "EP EP25158321.4: application EP25158321.4" in changed
    assert any("Rule 71(3) EPC due 2026-10-23: done → False" in c for c in changed)
    done = import_docket(tmp_path, [docket], "csv", write=True)
    assert done.written and done.text == patents.read_text("utf-8")
    assert patents.read_text("utf-8").startswith("# Counsel's docket, reviewed monthly.\n")
    family = {f.id: f for f in load_strategy(tmp_path).ip.patents}["demand-forecasting"]
    assert family.repositories == ("data-platform",)  # the register's own knowledge is kept
    assert [m.jurisdiction for m in family.members] == ["EP", "US"]
    again = import_docket(tmp_path, [docket], "csv", write=True)
    assert not again.written and {c.kind for c in again.changes} == {"kept"}


def test_an_invalid_register_is_not_merged_into_and_output_stays_inside(tmp_path: Path) -> None:
    write(tmp_path / "ip" / "patents.yaml", "families:\n  - id: Bad Id\n")
    docket = write(tmp_path / "docket.csv", EXCEL)
    with pytest.raises(StrategyError):
        import_docket(tmp_path, [docket], "csv")
    with pytest.raises(UsageError, match="inside the workspace"):
        import_docket(tmp_path, [docket], "csv", output="../elsewhere.yaml")
    with pytest.raises(UsageError, match="inside the workspace"):
        import_docket(tmp_path, [docket], "csv", output="/etc/patents.yaml")
    fresh = import_docket(tmp_path, [docket], "csv", output="ip/docket.yaml", write=True)
    assert fresh.written and (tmp_path / "ip" / "docket.yaml").is_file()


def test_a_docket_too_large_for_one_strategy_file_is_refused_before_writing(
    tmp_path: Path,
) -> None:
    rows = ["family;country;application;deadline;due"]
    rows += [
        f"NWL-{f:05d};{c};{c}{f:08d};Reply to the office action number {k};2027-01-{1 + k:02d}"
        for f in range(1200)
        for c in ("EP", "US", "JP")
        for k in range(4)
    ]
    docket = write(tmp_path / "big.csv", "\n".join(rows) + "\n")
    with pytest.raises(StrategyError, match="over the 1024 KiB a strategy file may hold"):
        import_docket(tmp_path, [docket], "csv", write=True)
    assert not (tmp_path / "ip" / "patents.yaml").exists()
