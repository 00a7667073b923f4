"""Who knows the protected code (:mod:`lodestar.analysis.ip_knowledge`) and what the what-if
says when they leave (:func:`lodestar.analysis.whatif.what_if`)."""

from __future__ import annotations

import datetime as dt

from lodestar.analysis.ip_knowledge import ip_knowledge
from lodestar.analysis.knowledge import FileAuthorship
from lodestar.analysis.presence import Presence
from lodestar.analysis.whatif import Baseline, what_if
from lodestar.records.ip import Disclosure, IpPath, IpRegister, TradeSecret

ANN, BEN, CAT = "ann@acme.example", "ben@acme.example", "cat@acme.example"


def _file(path: str, code: int, *authors: str) -> FileAuthorship:
    return FileAuthorship(path, code, len(authors), tuple(authors), ())


AUTHORSHIPS = {
    "pricing": [
        _file("src/rules/margin.py", 120, ANN),
        _file("src/rules/order.py", 40, ANN, BEN),
        _file("src/app.py", 300, CAT),
    ],
    "forecast": [_file("model/fit.py", 80, BEN), _file("README.md", 5, CAT)],
}
REGISTER = IpRegister(
    trade_secrets=(TradeSecret("margin", "pricing", ("src/rules/**", "src/rules/margin.py")),),
    disclosures=(
        Disclosure("fit", "Distance-weighted fit", "filed", dt.date(2026, 1, 5),
                   paths=(IpPath("forecast", "model/**"),)),
        Disclosure("whole", "The whole forecaster", "submitted", dt.date(2026, 2, 1),
                   repositories=("forecast",)),
        Disclosure("gone", "Dropped idea", "abandoned", dt.date(2025, 2, 1),
                   repositories=("pricing",)),
    ),
)  # fmt: skip
STATUS = {ANN: Presence.ACTIVE, BEN: Presence.QUIET, CAT: Presence.ACTIVE}


def test_knowers_are_the_authors_of_the_covered_files_most_lines_first() -> None:
    found = {k.id: k for k in ip_knowledge(REGISTER, AUTHORSHIPS, STATUS)}
    assert list(found) == ["margin", "fit", "whole"]  # the abandoned disclosure is left out
    margin = found["margin"]
    assert (margin.kind, margin.files, margin.code) == ("trade-secret", 2, 160)  # counted once
    assert margin.knowers == (ANN, BEN) and margin.active == (ANN,)
    assert (found["fit"].knowers, found["fit"].active) == ((BEN,), ())
    assert found["whole"].knowers == (BEN, CAT)  # a repository without paths: all of it
    assert found["whole"].paths == (IpPath("forecast", "**"),)


def test_the_what_if_reports_protected_code_whose_knowers_all_leave() -> None:
    base = Baseline(
        repos={}, status=STATUS, names={ANN: "Ann", BEN: "Ben", CAT: "Cat"}, experts={},
        radar=(), watched=(), protected=ip_knowledge(REGISTER, AUTHORSHIPS, STATUS),
    )  # fmt: skip
    assert what_if(base, [ANN]).protected == ()  # Ben (quiet, not departed) still knows margin
    lost = what_if(base, [ANN, BEN]).protected
    assert [(p.kind, p.id, p.knowers) for p in lost] == [
        ("trade-secret", "margin", (ANN, BEN)),
        ("disclosure", "fit", (BEN,)),
    ]
    assert what_if(base, [ANN, BEN]).names[BEN] == "Ben"
    departed = {**STATUS, BEN: Presence.DEPARTED}
    base = Baseline(
        repos={}, status=departed, names={}, experts={}, radar=(), watched=(),
        protected=ip_knowledge(REGISTER, AUTHORSHIPS, departed),
    )  # fmt: skip
    # fit was already lost before (Ben departed): not a loss of this what-if
    assert [p.id for p in what_if(base, [ANN]).protected] == ["margin"]
