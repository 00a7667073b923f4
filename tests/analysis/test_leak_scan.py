"""The public radar's leak guard: internal names as whole words, ignoring case."""

from __future__ import annotations

from lodestar.analysis.leak_scan import find_names, internal_names, redact
from lodestar.records import Identity, RadarConfig, RadarEntry, Strategy

PEOPLE = [
    Identity(
        "amara@northwind.example", "Amara Okafor", ("amara@northwind.example", "ao@old.example")
    ),
    Identity("bo@northwind.example", "Bo", ("bo@northwind.example",)),  # too short to look for
]
STRATEGY = Strategy(
    radar=RadarConfig(),
    entries=(RadarEntry("go", "Go", "Tools", "Adopt", owner="platform-team"),),
)


def names() -> dict[str, str]:
    return internal_names(["orders-api", "mirrors/legacy-billing", "go"], PEOPLE, STRATEGY)


def test_what_the_workspace_knows() -> None:
    known = names()
    assert known["orders-api"] == "repository"
    assert known["legacy-billing"] == "repository"  # a mirrored repository, by its tail
    assert known["amara okafor"] == "person"
    assert known["ao@old.example"] == "email"
    assert known["platform-team"] == "owner"
    assert "bo" not in known and "go" not in known  # shorter than 3: ordinary words


def test_whole_words_ignoring_case() -> None:
    text = (
        "Ask AMARA OKAFOR (ao@old.example) about Orders-API. orders-apis and legacy-billing-v2 "
        "are other things; see legacy-billing."
    )
    found = [(leak.name, leak.kind, leak.found) for leak in find_names(text, names())]
    assert found == [
        ("amara okafor", "person", "AMARA OKAFOR"),
        ("ao@old.example", "email", "ao@old.example"),
        ("orders-api", "repository", "Orders-API"),
        ("legacy-billing", "repository", "legacy-billing"),
    ]
    assert find_names("xao@old.example.com and orders-api.internal", names()) == []


def test_redact() -> None:
    assert redact("See orders-api and Amara Okafor.", names()) == "See [internal] and [internal]."
    assert redact("nothing here", {}) == "nothing here"


def test_many_names_stay_linear() -> None:
    """A thousand names and a long text that almost matches them: one pass, no backtracking."""
    many = internal_names([f"service-{i:04d}" for i in range(1000)], [], None)
    text = "service-" * 20_000 + " service-0999"
    assert [leak.name for leak in find_names(text, many)] == ["service-0999"]
