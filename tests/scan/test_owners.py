"""CODEOWNERS and catalog-info.yaml as the scanner reads them: real syntax, hostile input, the
file the forge reads, and the scan → store → Observation round trip."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from lodestar.analysis import from_scan
from lodestar.records import RepositoryRef
from lodestar.records.owners import OwnerRule
from lodestar.scan import codeowners as codeowners_module
from lodestar.scan import scan_repository
from lodestar.scan.catalog_info import parse_catalog_info
from lodestar.scan.codeowners import is_owner_reference, parse_codeowners
from lodestar.scan.owners import read_owners
from lodestar.store import database
from lodestar.store.observations import load_observations
from lodestar.store.writer import save_scan

# The example file of GitHub's "About code owners" page (its shapes, as written there).
GITHUB_EXAMPLE = """\
# This is a comment.
# Each line is a file pattern followed by one or more owners.

# These owners will be the default owners for everything in
# the repo. Unless a later match takes precedence,
# @global-owner1 and @global-owner2 will be requested for
# review when someone opens a pull request.
*       @global-owner1 @global-owner2

# Order is important; the last matching pattern takes the most
# precedence. When someone opens a pull request that only
# modifies JS files, only @js-owner and not the global
# owner(s) will be requested for a review.
*.js    @js-owner #This is an inline comment.

# You can also use email addresses if you prefer. They'll be
# used to look up users just like we do for commit author
# emails.
*.go docs@example.com

# Teams can be specified as code owners as well. Teams should
# be identified in the format @org/team-name. Teams must have
# explicit write access to the repository. In this example,
# the octocats team in the octo-org organization owns all .txt files.
*.txt @octo-org/octocats

# In this example, @doctocat owns any files in the build/logs
# directory at the root of the repository and any of its
# subdirectories.
/build/logs/ @doctocat

# The `docs/*` pattern will match files like
# `docs/getting-started.md` but not further nested files like
# `docs/build-app/troubleshooting.md`.
docs/*  docs@example.com

# In this example, @octocat owns any file in an apps directory
# anywhere in your repository.
apps/ @octocat

# In this example, @doctocat owns any file in the `/docs`
# directory in the root of your repository and any of its
# subdirectories.
/docs/ @doctocat

# In this example, any change inside the `/scripts` directory
# will require approval from @doctocat or @octocat.
/scripts/ @doctocat @octocat

# In this example, @octocat owns any file in a `/logs` directory such as
# `/build/logs`, `/scripts/logs`, and `/deeply/nested/logs`. Any changes
# in a `/logs` directory will require approval from @octocat.
**/logs @octocat

# In this example, @octocat owns any file in the `/apps`
# directory in the root of your repository except for the `/apps/github`
# subdirectory, as this subdirectory has its own owner @doctocat
/apps/ @octocat
/apps/github @doctocat

# In this example, @octocat owns any file in the `/apps`
# directory in the root of your repository except for the `/apps/github`
# subdirectory, as this subdirectory has no owners
/apps/ @octocat
/apps/github
"""

# GitLab's reference page example shapes: sections, defaults, optional, approvals, roles.
GITLAB_EXAMPLE = """\
# Required for all files
* @general-approvers

# Specify multiple Code Owners to a specific file:
README.md @doc-team @tech-lead
LICENSE @legal janedoe@gitlab.com
README @group @group/with-nested/subgroup
/docs/* @root-docs
/config/ @@maintainer

[Documentation][2] @docs-team
docs/
README.md
ee/docs/ @product-team

^[Database] @database-team
model/db/
config/db/database-setup.md @docs-team

[documentation]
*.txt

[Vendored]
!/vendor/
"""

# A Backstage descriptor with the shapes of the software catalog's examples: a Component with
# annotations and tags, an API, a Group with members and a User with a profile.
CATALOG = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: artist-web
  description: The place to be, for great artists
  annotations:
    github.com/project-slug: example-org/artist-web
    backstage.io/techdocs-ref: dir:.
  tags:
    - java
spec:
  type: website
  lifecycle: production
  owner: artist-relations-team
  system: public-websites
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: artist-api
spec:
  type: openapi
  lifecycle: experimental
  owner: group:default/artist-relations-team
  definition: |
    openapi: "3.0.0"
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: artist-relations-team
spec:
  type: team
  profile:
    displayName: Artist Relations
    email: artist-relations@example.com
  parent: ops
  children: []
  members: [jdoe, user:default/breanna.davison]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: jdoe
spec:
  profile:
    displayName: Jenny Doe
    email: jenny-doe@example.com
  memberOf: [artist-relations-team]
---
apiVersion: backstage.io/v1beta3
kind: Template
metadata:
  name: skipped-silently
spec: {}
"""


def test_github_example_file_is_read_rule_by_rule() -> None:
    rules, warnings = parse_codeowners(".github/CODEOWNERS", GITHUB_EXAMPLE)
    assert warnings == []
    assert [(r.line, r.pattern, r.owners) for r in rules] == [
        (8, "*", ("@global-owner1", "@global-owner2")),
        (14, "*.js", ("@js-owner",)),  # the inline comment is not an owner
        (19, "*.go", ("docs@example.com",)),
        (25, "*.txt", ("@octo-org/octocats",)),
        (30, "/build/logs/", ("@doctocat",)),
        (35, "docs/*", ("docs@example.com",)),
        (39, "apps/", ("@octocat",)),
        (44, "/docs/", ("@doctocat",)),
        (48, "/scripts/", ("@doctocat", "@octocat")),
        (53, "**/logs", ("@octocat",)),
        (58, "/apps/", ("@octocat",)),
        (59, "/apps/github", ("@doctocat",)),
        (64, "/apps/", ("@octocat",)),
        (65, "/apps/github", ()),  # no owner: nobody owns it
    ]
    assert {r.section for r in rules} == {None}
    assert {r.path for r in rules} == {".github/CODEOWNERS"}


def test_gitlab_sections_defaults_optional_approvals_roles_and_exclusions() -> None:
    rules, warnings = parse_codeowners("CODEOWNERS", GITLAB_EXAMPLE, gitlab=True)
    assert warnings == []
    got = [(r.pattern, r.owners, r.section) for r in rules]
    assert got == [
        ("*", ("@general-approvers",), None),
        ("README.md", ("@doc-team", "@tech-lead"), None),
        ("LICENSE", ("@legal", "janedoe@gitlab.com"), None),
        ("README", ("@group", "@group/with-nested/subgroup"), None),
        ("/docs/*", ("@root-docs",), None),
        ("/config/", ("@@maintainer",), None),
        ("docs/", ("@docs-team",), "Documentation"),  # the section's default owner
        ("README.md", ("@docs-team",), "Documentation"),
        ("ee/docs/", ("@product-team",), "Documentation"),  # its own owner wins
        ("model/db/", ("@database-team",), "Database"),  # ^[optional] sections too
        ("config/db/database-setup.md", ("@docs-team",), "Database"),
        # a repeated section (any case) continues the first; its defaults are its own line's
        ("*.txt", (), "Documentation"),
        ("!/vendor/", (), "Vendored"),
    ]


def test_escapes_hash_patterns_and_spaces() -> None:
    text = "\\#notes.md @scribe\ndocs/My\\ Guide.md @writer\n  # indented comment\n"
    rules, warnings = parse_codeowners("CODEOWNERS", text)
    assert [(r.pattern, r.owners) for r in rules] == [
        ("#notes.md", ("@scribe",)),
        ("docs/My Guide.md", ("@writer",)),
    ]
    assert warnings == []


def test_a_bad_line_is_a_warning_with_its_line_and_the_rest_is_kept() -> None:
    text = "* @ok\n*.md @bad!owner @good\n[] @nobody\n!/vendor/ @x\n" + "x" * 5000 + " @y\n"
    rules, warnings = parse_codeowners("CODEOWNERS", text)  # GitHub: no negation
    assert [(r.pattern, r.owners) for r in rules] == [("*", ("@ok",)), ("*.md", ("@good",))]
    assert [(w.path, w.message.split(":")[0]) for w in warnings] == [
        ("CODEOWNERS", "line 2"),
        ("CODEOWNERS", "line 3"),
        ("CODEOWNERS", "line 4"),
        ("CODEOWNERS", "line 5"),
    ]
    assert "@bad!owner" in warnings[0].message
    assert "negation" in warnings[2].message


def test_rule_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codeowners_module, "MAX_RULES", 3)
    rules, warnings = parse_codeowners("CODEOWNERS", "".join(f"f{i} @a\n" for i in range(10)))
    assert len(rules) == 3
    assert [w.message for w in warnings] == ["line 4: more than 3 rules; the rest are ignored"]


@pytest.mark.parametrize(
    ("token", "ok"),
    [
        ("@octocat", True),
        ("@octo-org/octocats", True),
        ("@gitlab-org/ci-cd/runner", True),
        ("@@maintainer", True),
        ("docs@example.com", True),
        ("@", False),
        ("@org/", False),
        ("@a b", False),
        ("<x@y.z>", False),
        ("user@localhost", False),
        ("@x;rm", False),
    ],
)
def test_owner_references(token: str, ok: bool) -> None:
    assert is_owner_reference(token) is ok


def test_catalog_info_multi_document() -> None:
    entities, warnings = parse_catalog_info("catalog-info.yaml", CATALOG)
    assert warnings == []
    assert [(e.kind, e.name) for e in entities] == [
        ("Component", "artist-web"),
        ("API", "artist-api"),
        ("Group", "artist-relations-team"),
        ("User", "jdoe"),
    ]
    web, api, group, user = entities
    assert (web.owner, web.system, web.type, web.lifecycle) == (
        "artist-relations-team",
        "public-websites",
        "website",
        "production",
    )
    assert web.line == 14  # the spec.owner line
    assert web.tags == ("java",)
    assert dict(web.annotations)["github.com/project-slug"] == "example-org/artist-web"
    assert api.owner == "group:default/artist-relations-team"
    assert group.members == ("jdoe", "user:default/breanna.davison")
    assert (group.parent, group.display_name) == ("ops", "Artist Relations")
    assert group.line == 28  # no owner: the line its document starts on
    assert (user.email, user.display_name) == ("jenny-doe@example.com", "Jenny Doe")


def test_a_bad_document_is_one_warning_and_the_others_are_kept() -> None:
    text = (
        "kind: Component\nmetadata:\n  name: a\nspec:\n  owner: team-a\n"
        "---\nkind: [unclosed\n"
        "---\nkind: Component\nmetadata: {}\n"
        "---\n- a list\n"
        "---\nkind: System\nmetadata:\n  name: b\nspec:\n  owner: team-b\n"
    )
    entities, warnings = parse_catalog_info("catalog-info.yaml", text)
    assert [(e.name, e.owner, e.line) for e in entities] == [
        ("a", "team-a", 5),
        ("b", "team-b", 18),
    ]
    assert [w.message.split(":")[0] for w in warnings] == ["line 8", "line 9", "line 11"]
    assert {w.path for w in warnings} == {"catalog-info.yaml"}


def test_alias_bombs_and_deep_nesting_are_refused_per_document() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    text = bomb + "---\n" + "[" * 5000 + "\n---\nkind: Group\nmetadata: {name: ok}\n"
    entities, warnings = parse_catalog_info("catalog-info.yaml", text)
    assert [e.name for e in entities] == ["ok"]
    assert len(warnings) == 2
    assert "alias" in warnings[0].message
    assert "deeper" in warnings[1].message


def test_the_forge_reads_one_codeowners_and_the_others_are_warned_about() -> None:
    files = {
        ".github/CODEOWNERS": b"* @from-github-folder\n",
        "CODEOWNERS": b"* @from-root\n",
        "docs/CODEOWNERS": b"* @from-docs\n",
    }
    rules, _entities, warnings = read_owners(files, set(files))
    assert [r.owners for r in rules] == [("@from-github-folder",)]
    assert sorted(w.path for w in warnings) == ["CODEOWNERS", "docs/CODEOWNERS"]
    gitlab = {**files, ".gitlab/CODEOWNERS": b"* @from-gitlab-folder\n"}
    rules, _entities, warnings = read_owners(gitlab, {*gitlab, ".gitlab-ci.yml"})
    assert [r.owners for r in rules] == [("@from-root",)]
    assert all("GitLab reads CODEOWNERS" in w.message for w in warnings)


def test_undecodable_and_oversized_owner_files_are_warnings() -> None:
    files = {"CODEOWNERS": b"* @a\n\xff\xfe bad\n", "catalog-info.yml": b"x" * (2 << 20)}
    rules, entities, warnings = read_owners(files, set(files))
    assert (rules, entities) == ([], [])
    assert {(w.path, w.message.split(":")[0]) for w in warnings} == {
        ("CODEOWNERS", "line 2"),
        ("catalog-info.yml", "not read"),
    }


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    with database(f"sqlite:///{tmp_path / 'db.sqlite'}") as engine:
        yield engine


def test_scan_store_observation_round_trip(
    repo_factory: Callable[..., Path], engine: Engine
) -> None:
    path = repo_factory(
        {
            ".github/CODEOWNERS": GITHUB_EXAMPLE,
            "catalog-info.yaml": CATALOG,
            "app.py": "print('hi')\n",
        }
    )
    scan = scan_repository(RepositoryRef("artist-web", str(path)))
    assert len(scan.owner_rules) == 14
    assert [e.name for e in scan.entities][:1] == ["artist-web"]
    save_scan(engine, scan, 1)
    (stored,) = load_observations(engine)
    memory = from_scan(scan)
    assert stored.owner_rules == memory.owner_rules == scan.owner_rules
    assert stored.entities == memory.entities == scan.entities
    assert isinstance(stored.owner_rules[0], OwnerRule)


def test_a_pattern_too_long_to_match_cheaply_is_skipped() -> None:
    rules, warnings = parse_codeowners("CODEOWNERS", "*a" * 300 + " @x\n* @y\n")
    assert [r.pattern for r in rules] == ["*"]
    assert warnings[0].message == "line 1: pattern longer than 512 characters; skipped"
