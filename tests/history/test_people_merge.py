"""Automatic identity resolution: which identities are one person, and the evidence."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

import pytest

from lodestar.errors import ConfigError
from lodestar.records.people import SeenIdentity
from lodestar.scan.people import PersonAlias, PersonSplit
from lodestar.scan.people_file import load_people_file, people_patch, toml_string
from lodestar.scan.people_merge import (
    full_name,
    infer_own_domains,
    is_generic_email,
    noreply_login,
    normalise_name,
    resolve_people,
)


def _seen(name: str, email: str, commits: int = 1, last: int = 0) -> SeenIdentity:
    return SeenIdentity(name, email, commits, last)


def _groups(seen: list[SeenIdentity], **kwargs: object) -> set[frozenset[str]]:
    resolution = resolve_people(seen, **kwargs)  # type: ignore[arg-type]
    return {frozenset(m.email for m in p.members) for p in resolution.people if p.members}


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("Dave Syer", "dave syer"),
        ("Syer, Dave", "dave syer"),
        ("  DAVE \t syer ", "dave syer"),
        ("José Valim", "jose valim"),
        ("Chloé Dubois", "chloe dubois"),
        ("Straße Weiß", "strasse weiss"),
        ("Smith, Jr.", "smith, jr."),  # a suffix is not a first name
    ],
)
def test_normalise_name(name: str, normal: str) -> None:
    assert normalise_name(name) == normal


@pytest.mark.parametrize(
    "name", ["John", "root", "Ubuntu User", "Your Name", "a@b.example x", "x" * 300, "J 2"]
)
def test_names_that_never_join(name: str) -> None:
    assert full_name(name) is None


def test_noreply_login_and_generic_emails() -> None:
    assert noreply_login("1234+Evan@users.noreply.github.com") == "evan"
    assert noreply_login("evan@users.noreply.github.com") == "evan"
    assert noreply_login("evan@vuejs.org") is None
    assert noreply_login("1+root@users.noreply.github.com") is None  # generic login
    assert is_generic_email("root@host.example")
    assert is_generic_email("ann@localhost")
    assert is_generic_email("hiro@linux-eejv.(none)")
    assert is_generic_email("no-at-sign")
    assert not is_generic_email("ann@corp.example")


def test_same_name_two_emails_is_one_person_with_evidence() -> None:
    resolution = resolve_people(
        [
            _seen("Taylor Otwell", "taylor@laravel.com", 30, 200),
            _seen("Taylor Otwell", "taylorotwell@gmail.com", 50, 100),
        ]
    )
    (person,) = resolution.people
    assert person.identity.key == "taylorotwell@gmail.com"  # most commits
    assert person.identity.name == "Taylor Otwell"
    (link,) = person.links
    assert (link.rule, link.value, link.applied) == ("name", "taylor otwell", True)
    assert {link.left, link.right} == {
        "Taylor Otwell <taylor@laravel.com>",
        "Taylor Otwell <taylorotwell@gmail.com>",
    }


def test_last_first_and_diacritics() -> None:
    groups = _groups(
        [
            _seen("Dave Syer", "dsyer@pivotal.io"),
            _seen("Syer, Dave", "dsyer@vmware.com"),
            _seen("José Valim", "jose@plataformatec.example"),
            _seen("Jose Valim", "jose.valim@gmail.com"),
        ]
    )
    assert groups == {
        frozenset({"dsyer@pivotal.io", "dsyer@vmware.com"}),
        frozenset({"jose@plataformatec.example", "jose.valim@gmail.com"}),
    }


def test_noreply_joins_the_login() -> None:
    resolution = resolve_people(
        [
            _seen("Evan You", "evan@vuejs.org", 10, 5),
            _seen("yyx990803", "1234+evan@users.noreply.github.com", 2, 9),
            _seen("evan", "evan@users.noreply.github.com", 1, 1),
            _seen("Evan Other", "evan@elsewhere.example", 1, 1),  # local part is the login too
        ]
    )
    (person,) = resolution.people
    assert person.identity.name == "Evan You"
    assert {(link.rule, link.value) for link in person.links} == {("noreply", "evan")}


def test_single_word_and_generic_names_never_join() -> None:
    seen = [
        _seen("root", "root@build1.example"),
        _seen("root", "root@build2.example"),
        _seen("John", "john@alpha.example"),
        _seen("John", "john@beta.example"),
        _seen("Ubuntu User", "ubuntu@host1.example"),
        _seen("Ubuntu User", "ubuntu@host2.example"),
    ]
    resolution = resolve_people(seen)
    assert len(resolution.people) == 6
    names = [p.identity.name for p in resolution.people]
    assert len(set(names)) == len(names)  # clashing display names carry their email
    assert "John <john@alpha.example>" in names


def test_a_shared_generic_address_is_one_identity_per_name() -> None:
    resolution = resolve_people(
        [
            _seen("Alice Smith", "root@localhost", 3),
            _seen("Bob Jones", "root@localhost", 2),
            _seen("Alice Smith", "alice@corp.example", 5),
        ]
    )
    keys = {m.label: p.identity.key for p in resolution.people for m in p.members}
    assert keys["Alice Smith <root@localhost>"] == "alice@corp.example"
    assert keys["Bob Jones <root@localhost>"] == "root@localhost"  # Bob is not joined to Alice


def test_an_address_with_many_names_does_not_join_by_name() -> None:
    seen = [_seen(n, "team@corp.example") for n in ("Ann Lee", "Bob Ray", "Cy Dee")]
    seen.append(_seen("Ann Lee", "ann@corp.example"))
    assert len(_groups(seen)) == 2


def test_bots_never_join() -> None:
    seen = [
        _seen("Release Robot", "robot@corp.example"),
        _seen("Release Robot", "robot[bot]@corp.example"),
    ]
    assert len(_groups(seen)) == 2


def test_local_part_on_own_domains() -> None:
    seen = [
        _seen("ann", "ann@corp.example"),
        _seen("Ann L.", "ann@corp.de"),
        _seen("ann", "ann@gmail.com"),  # not an own domain
    ]
    assert _groups(seen, own_domains=["corp.example", "corp.de"]) == {
        frozenset({"ann@corp.example", "ann@corp.de"}),
        frozenset({"ann@gmail.com"}),
    }
    assert len(_groups(seen)) == 3  # inferred: corp.example and corp.de share no label


def test_own_domains_are_inferred_from_the_most_frequent_non_public_domain() -> None:
    emails = [f"p{i}@corp.example" for i in range(8)] + ["x@corp.co.uk", "y@gmail.com"]
    emails += [f"q{i}@gmail.com" for i in range(20)] + ["z@other.example"]
    assert infer_own_domains(emails) == ("corp.co.uk", "corp.example")
    assert infer_own_domains([f"p{i}@gmail.com" for i in range(9)] + ["a@corp.example"]) == ()


def test_split_keeps_people_apart_and_says_so() -> None:
    seen = [
        _seen("Chris Lee", "chris@alpha.example", 3),
        _seen("Chris Lee", "chris.lee@beta.example", 2),
        _seen("Chris Lee", "clee@gamma.example", 1),
    ]
    split = PersonSplit(("chris@alpha.example", "chris.lee@beta.example"))
    resolution = resolve_people(seen, splits=[split])
    groups = {frozenset(m.email for m in p.members) for p in resolution.people}
    # the joins are tried from the first identity in email order (chris.lee@…): gamma joins it
    assert groups == {
        frozenset({"chris.lee@beta.example", "clee@gamma.example"}),
        frozenset({"chris@alpha.example"}),
    }
    refused = [link for p in resolution.people for link in p.links if not link.applied]
    assert [(link.rule, link.value) for link in refused] == [("name", "chris lee")]
    names = [p.identity.name for p in resolution.people]
    assert len(set(names)) == len(names)


def test_resolution_does_not_depend_on_input_order() -> None:
    seen = [
        _seen("Dave Syer", "dsyer@pivotal.io", 2, 1),
        _seen("Syer, Dave", "dsyer@vmware.com", 2, 1),
        _seen("dsyer", "1+dsyer@users.noreply.github.com", 2, 1),
        _seen("John", "john@a.example"),
        _seen("Ann Lee", "ann@a.example", 1, 7),
        _seen("ANN LEE", "ann@b.example", 1, 7),
    ]
    first = resolve_people(seen)
    for seed in range(5):
        shuffled = seen[:]
        random.Random(seed).shuffle(shuffled)  # noqa: S311  a test order, not a secret
        assert resolve_people(shuffled) == first


def test_people_toml_joins_first_and_names_the_person() -> None:
    alias = PersonAlias("ann@corp.example", "Ann Lee", ("ann@corp.example",), ("annie",), "web")
    resolution = resolve_people(
        [_seen("annie", "annie@laptop.example"), _seen("Ann Lee", "ann@corp.example")],
        aliases=[alias],
    )
    (person,) = resolution.people
    assert (person.identity.key, person.identity.name, person.identity.team) == (
        "ann@corp.example",
        "Ann Lee",
        "web",
    )
    assert [(link.rule, link.left, link.right) for link in person.links] == [
        ("people.toml", "Ann Lee <ann@corp.example>", "Ann Lee <ann@corp.example>"),
        ("people.toml", "Ann Lee <ann@corp.example>", "annie <annie@laptop.example>"),
    ]


def test_suggested_patch_makes_the_merges_explicit(tmp_path: Path) -> None:
    seen = [
        _seen("Evan You", "evan@vuejs.org", 10, 5),
        _seen("Evan You", "yyx990803@gmail.com", 50, 9),
        _seen('Evil "\x1b[31m" Name', "evil@a.example"),
        _seen('Evil "\x1b[31m" Name', "evil@b.example"),
        _seen("Solo Person", "solo@a.example"),
    ]
    patch = people_patch(resolve_people(seen).people, [])
    assert "\x1b" not in patch
    data = tomllib.loads(patch)
    assert data["yyx990803@gmail.com"] == {"name": "Evan You", "emails": ["evan@vuejs.org"]}
    assert data["evil@a.example"]["name"] == 'Evil "\x1b[31m" Name'
    assert "solo@a.example" not in data
    (tmp_path / "people.toml").write_text(patch)
    aliases = load_people_file(tmp_path).aliases
    again = resolve_people(seen, aliases=aliases)
    assert {p.identity.key: p.identity.name for p in again.people}["yyx990803@gmail.com"] == (
        "Evan You"
    )
    assert all(link.rule == "people.toml" for p in again.people for link in p.links)
    assert people_patch(again.people, aliases) == ""  # nothing left to suggest


def test_toml_string_escapes_controls() -> None:
    value = 'a\\"b\x00\x7f\u0085\n'
    assert tomllib.loads("x = " + toml_string(value))["x"] == value


def test_people_file_splits(tmp_path: Path) -> None:
    (tmp_path / "people.toml").write_text(
        '["ann@x.example"]\nname = "Ann"\n\n[[split]]\nemails = ["A@x.example", "a@y.example"]\n'
        'reason = "two Anns"\n'
    )
    found = load_people_file(tmp_path)
    assert found.splits == (PersonSplit(("a@x.example", "a@y.example"), "two Anns"),)
    assert [a.key for a in found.aliases] == ["ann@x.example"]


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ('[[split]]\nemails = ["a@x"]\n', 2, "two or more different emails"),
        ('[[split]]\nemails = ["a@x", "b@x"]\n\n[[split]]\nwho = 1\n', 5, "unknown key 'who'"),
        ('[[split]]\nemails = ["a@x", "b@x"]\nreason = 3\n', 3, "expected a string"),
        ('split = "a@x"\n', 1, "expected \\[\\[split\\]\\] tables"),
        (
            '["a@x"]\nemails = ["b@x"]\n\n[[split]]\nemails = ["a@x", "b@x"]\n',
            4,
            "keeps apart emails the table",
        ),
    ],
)
def test_people_file_split_errors_name_file_and_line(
    tmp_path: Path, body: str, line: int, words: str
) -> None:
    (tmp_path / "people.toml").write_text(body)
    with pytest.raises(ConfigError, match=words) as info:
        load_people_file(tmp_path)
    assert info.value.line == line
    assert str(info.value).startswith(str(tmp_path / "people.toml"))
