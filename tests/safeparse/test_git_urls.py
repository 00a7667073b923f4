"""Git remote URLs: four transports accepted, everything that could run a command refused."""

from __future__ import annotations

import pytest

from lodestar.errors import UsageError
from lodestar.safeparse import parse_git_url


@pytest.mark.parametrize(
    ("url", "scheme", "host_key", "name", "mirror"),
    [
        (
            "https://github.com/acme/api.git",
            "https",
            "github.com",
            "acme/api",
            "github.com/acme/api.git",
        ),
        (
            "https://GitHub.com/acme/api",
            "https",
            "github.com",
            "acme/api",
            "github.com/acme/api.git",
        ),
        (
            "ssh://git@gitlab.example.com:2222/acme/platform/billing.git",
            "ssh",
            "gitlab.example.com:2222",
            "acme/platform/billing",
            "gitlab.example.com_2222/acme/platform/billing.git",
        ),
        ("git@github.com:acme/web.git", "ssh", "github.com", "acme/web", "github.com/acme/web.git"),
        (
            "git://127.0.0.1:9418/tools.git",
            "git",
            "127.0.0.1:9418",
            "tools",
            "127.0.0.1_9418/tools.git",
        ),
        ("file:///srv/git/acme/api.git", "file", "local", "api", "local/srv/git/acme/api.git"),
        (
            "https://example.com/we%20ird/na+me.git",
            "https",
            "example.com",
            "we ird/na+me",
            "example.com/we_ird/na_me.git",
        ),
    ],
)
def test_accepted_urls_name_their_mirror(
    url: str, scheme: str, host_key: str, name: str, mirror: str
) -> None:
    parsed = parse_git_url(url)
    assert (parsed.scheme, parsed.host_key or "local", parsed.name) == (scheme, host_key, name)
    assert parsed.mirror_path() == mirror
    assert parsed.url == url


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ext::sh -c touch% /tmp/pwned", "whitespace"),
        ("ext::sh%20-c%20id", "remote helper"),
        ("fd::17", "remote helper"),
        ("foo::https://example.com/x.git", "remote helper"),
        ("http://example.com/acme/api.git", "not allowed"),
        ("ftp://example.com/acme/api.git", "not allowed"),
        ("git+ssh://example.com/acme/api.git", "not allowed"),
        ("https://user:token@github.com/acme/api.git", "credentials"),
        ("https://token@github.com/acme/api.git", "credentials"),
        ("ssh://-oProxyCommand=touch%20x/acme/api", "host"),
        ("-uhttps://example.com/x", "option"),
        ("https://example.com/acme/../../etc", "'..'"),
        ("https://example.com/acme/-x", "option"),
        ("https://example.com/", "empty"),
        ("file://otherhost/srv/x.git", "local path"),
        ("https://example.com/a.git?x=1", "query"),
        ("/srv/git/api.git", "not a git URL"),
        ("https://example.com/a\nb", "control"),
        ("https://example.com/" + "a" * 3000, "longer"),
    ],
)
def test_refused_urls_say_why(url: str, words: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_git_url(url)
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_two_hosts_never_share_a_mirror_folder() -> None:
    urls = [
        "https://github.com/acme/api.git",
        "https://gitlab.com/acme/api.git",
        "ssh://git@github.com:2222/acme/api.git",
        "https://github.com/acme/api-v2.git",
        "https://github.com/acme/sub/api.git",
    ]
    assert len({parse_git_url(u).mirror_path() for u in urls}) == len(urls)
    # the same repository over https and ssh is one mirror
    assert (
        parse_git_url("git@github.com:acme/api.git").mirror_path()
        == parse_git_url("https://github.com/acme/api").mirror_path()
    )
