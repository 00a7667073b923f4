"""Forge listings against a GitHub/GitLab-shaped API served on 127.0.0.1 by the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.remote_servers import ForgeServer, github_repo, gitlab_project, running

from lodestar.errors import ForgeError
from lodestar.ingest.forge_http import get_json, next_link
from lodestar.ingest.forges import clone_header, list_forge
from lodestar.settings import ForgeSettings

TOKEN_ENV = "LODESTAR_TEST_FORGE_TOKEN"  # noqa: S105  the variable's name, not a token


@pytest.fixture
def forge(monkeypatch: pytest.MonkeyPatch) -> Iterator[ForgeServer]:
    monkeypatch.setenv(TOKEN_ENV, "test-token")
    yield from running(ForgeServer())


def _github(forge: ForgeServer, **extra: object) -> ForgeSettings:
    return ForgeSettings.model_validate(
        {"kind": "github", "org": "acme", "api": forge.api, "token_env": TOKEN_ENV, **extra}
    )


def _no_sleep(_seconds: float) -> None:
    pass


def test_github_organisation_is_listed_across_pages_with_the_token(
    forge: ForgeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, "ghp_secret")
    forge.github["acme"] = [
        github_repo("acme", "api", "https://github.com/acme/api.git"),
        github_repo("acme", "web", "https://github.com/acme/web.git", topics=["ts"]),
        github_repo("acme", "old", "https://github.com/acme/old.git", archived=True),
        github_repo("acme", "forked", "https://github.com/acme/forked.git", fork=True),
        github_repo("acme", "secret", "https://github.com/acme/secret.git", visibility="private"),
    ]
    warnings: list[str] = []
    sources = list_forge(_github(forge), tmp_path, warn=warnings.append)
    assert warnings == []
    assert [s.name for s in sources] == ["acme/api", "acme/web", "acme/secret"]
    assert len(forge.requests) == 3  # five repositories, two a page
    assert forge.requests[0][0] == "/orgs/acme/repos?per_page=100&type=all"
    assert all(h["authorization"] == "Bearer ghp_secret" for _, h in forge.requests)
    api = sources[0]
    assert api.mirror == tmp_path / "github.com" / "acme" / "api.git"
    assert api.token_env == TOKEN_ENV and api.forge == "github"
    info = api.remote
    assert (info.forge, info.default_branch, info.archived, info.fork) == (
        "github",
        "main",
        False,
        False,
    )
    assert info.topics == ("python", "api") and info.visibility == "public"
    assert info.web_url == "https://github.com/acme/api"
    assert sources[2].remote.visibility == "private"


def test_archived_and_forks_are_kept_when_asked(forge: ForgeServer, tmp_path: Path) -> None:
    forge.github["acme"] = [
        github_repo("acme", "old", "https://github.com/acme/old.git", archived=True),
        github_repo("acme", "forked", "https://github.com/acme/forked.git", fork=True),
    ]
    settings = _github(forge, include_archived=True, include_forks=True)
    sources = list_forge(settings, tmp_path, warn=pytest.fail)
    assert {s.name: (s.remote.archived, s.remote.fork) for s in sources} == {
        "acme/old": (True, False),
        "acme/forked": (False, True),
    }


def test_gitlab_group_with_subgroups_and_ssh_clones(
    forge: ForgeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, "glpat-secret")
    forge.gitlab["acme/platform"] = [
        gitlab_project(
            "acme/platform", "billing", "https://gitlab.example.com/acme/platform/billing.git"
        ),
        gitlab_project(
            "acme/platform/sub",
            "ledger",
            "https://gitlab.example.com/acme/platform/sub/ledger.git",
            forked_from_project={"id": 1},
        ),
        gitlab_project("acme/platform", "gone", "https://x/y.git", archived=True),
    ]
    settings = ForgeSettings.model_validate(
        {
            "kind": "gitlab",
            "group": "acme/platform",
            "api": forge.api,
            "token_env": TOKEN_ENV,
            "clone": "ssh",
            "include_forks": True,
        }
    )
    sources = list_forge(settings, tmp_path, warn=pytest.fail)
    path, headers = forge.requests[0]
    assert path == "/groups/acme%2Fplatform/projects?include_subgroups=true&per_page=100"
    assert headers["private-token"] == "glpat-secret"
    assert [s.url for s in sources] == [
        "git@gitlab.example.com:acme/platform/billing.git",
        "git@gitlab.example.com:acme/platform/sub/ledger.git",
    ]
    assert [s.name for s in sources] == ["acme/platform/billing", "acme/platform/sub/ledger"]
    assert sources[1].remote.fork is True and sources[1].remote.visibility == "internal"
    assert all(s.token_env is None for s in sources)  # ssh clones use the operator's keys


@pytest.mark.parametrize(
    ("status", "words"),
    [(401, "token is missing"), (404, "no such organisation"), (500, "try again later")],
)
def test_an_api_error_is_one_clear_warning(
    forge: ForgeServer, tmp_path: Path, status: int, words: str
) -> None:
    forge.fail_status, forge.fail_times = status, 99
    warnings: list[str] = []
    assert (
        list_forge(_github(forge, max_pages=3), tmp_path, warn=warnings.append, sleep=_no_sleep)
        == []
    )
    assert len(warnings) == 1
    assert warnings[0].startswith("github:acme: ")
    assert f"HTTP {status}" in warnings[0] and words in warnings[0]
    assert "\n" not in warnings[0]
    assert len(forge.requests) == (3 if status == 500 else 1)  # only 5xx is retried (2 retries)


def test_a_server_that_fails_once_is_retried_with_back_off(
    forge: ForgeServer, tmp_path: Path
) -> None:
    forge.github["acme"] = [github_repo("acme", "api", "https://github.com/acme/api.git")]
    forge.fail_status, forge.fail_times = 503, 1
    slept: list[float] = []
    sources = list_forge(_github(forge), tmp_path, warn=pytest.fail, sleep=slept.append)
    assert [s.name for s in sources] == ["acme/api"]
    assert slept == [1.0]
    assert len(forge.requests) == 2


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'[{"name": "x", ', "invalid JSON"),
        (b'{"message": "Not an array"}', "expected a JSON array"),
        (b"[" + b'"x",' * 3_000_000 + b'"x"]', "over"),
    ],
)
def test_malformed_or_oversize_json_is_a_warning(
    forge: ForgeServer, tmp_path: Path, body: bytes, words: str
) -> None:
    forge.github["acme"] = [github_repo("acme", "api", "https://github.com/acme/api.git")]
    forge.body_override = body
    warnings: list[str] = []
    assert list_forge(_github(forge), tmp_path, warn=warnings.append) == []
    assert len(warnings) == 1 and words in warnings[0]


def test_hostile_clone_urls_from_the_api_are_refused_one_by_one(
    forge: ForgeServer, tmp_path: Path
) -> None:
    forge.github["acme"] = [
        github_repo("acme", "evil", "ext::sh -c touch% /tmp/x"),
        github_repo("acme", "token", "https://user:pw@github.com/acme/token.git"),
        github_repo("acme", "api", "https://github.com/acme/api.git"),
        {"name": "no-clone-url"},
        "not an object",
    ]
    warnings: list[str] = []
    sources = list_forge(_github(forge), tmp_path, warn=warnings.append)
    assert [s.name for s in sources] == ["acme/api"]
    assert len(warnings) == 4
    assert "pw@" not in " ".join(warnings) or "credentials" in " ".join(warnings)


def test_the_listing_stops_at_max_pages_with_a_warning(forge: ForgeServer, tmp_path: Path) -> None:
    forge.github["acme"] = [
        github_repo("acme", f"r{i}", f"https://github.com/acme/r{i}.git") for i in range(5)
    ]
    warnings: list[str] = []
    sources = list_forge(_github(forge, max_pages=2), tmp_path, warn=warnings.append)
    assert len(sources) == 4
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{forge.api}/orgs/acme/repos?per_page=100&type=all: ")
    assert "more than 2 pages; raise max_pages" in warnings[0]


def test_a_next_link_to_another_server_is_not_followed(forge: ForgeServer, tmp_path: Path) -> None:
    forge.github["acme"] = [
        github_repo("acme", f"r{i}", f"https://github.com/acme/r{i}.git") for i in range(3)
    ]
    forge.link_base = "http://localhost:1"  # another server: the token must not go there
    warnings: list[str] = []
    sources = list_forge(_github(forge), tmp_path, warn=warnings.append)
    assert [s.name for s in sources] == ["acme/r0", "acme/r1"]
    assert len(forge.requests) == 1
    assert len(warnings) == 1 and "another server" in warnings[0]


def test_link_header_and_api_url_rules() -> None:
    header = (
        '<https://api.github.com/x?page=3>; rel="next", '
        '<https://api.github.com/x?page=9>; rel="last"'
    )
    assert next_link(header) == "https://api.github.com/x?page=3"
    assert next_link('<https://a/x?page=9>; rel="last"') is None
    assert next_link(None) is None
    with pytest.raises(ForgeError, match="must be https"):
        get_json("http://example.com/orgs/acme/repos", {})
    with pytest.raises(ForgeError, match="must be https"):
        get_json("file:///etc/passwd", {})


def test_clone_headers_are_basic_auth_per_forge() -> None:
    import base64

    github = clone_header("github", "t0k")
    assert github == "Authorization: Basic " + base64.b64encode(b"x-access-token:t0k").decode()
    assert base64.b64decode(clone_header("gitlab", "t0k").split()[-1]) == b"oauth2:t0k"


def test_forge_settings_are_validated() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="needs org"):
        ForgeSettings.model_validate({"kind": "github", "group": "x"})
    with pytest.raises(ValidationError, match="https"):
        ForgeSettings.model_validate(
            {"kind": "gitlab", "group": "x", "api": "http://gitlab.example.com"}
        )
    with pytest.raises(ValidationError, match="letters"):
        ForgeSettings.model_validate({"kind": "github", "org": "acme/../x?y"})
    with pytest.raises(ValidationError):
        ForgeSettings.model_validate({"kind": "bitbucket", "org": "x"})
