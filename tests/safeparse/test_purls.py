"""The one package-identity module: purls built, checked, keyed, and their vcs_url qualifier."""

from __future__ import annotations

import pytest

from lodestar.errors import ManifestError
from lodestar.safeparse.purls import (
    checked_purl,
    normalise_pypi,
    package_key,
    purl_for,
    purl_key,
    scrub_url,
    split_name,
    vcs_url,
)


def test_purl_key() -> None:  # moved from tests/catalog/test_technologies.py
    assert purl_key("pkg:npm/@Scope/Name@1.0.0?x=y#a/b") == "pkg:npm/%40scope/name"
    assert purl_key("pkg:pypi/Foo_Bar.baz@1") == "pkg:pypi/foo-bar-baz"
    assert purl_key("pkg:maven/org.x/y@1") == "pkg:maven/org.x/y"
    assert purl_key("npm/x") is None


def test_purl_key_refuses_what_is_no_purl() -> None:
    assert purl_key("PKG:NPM/X") == "pkg:npm/x"
    assert purl_key("pkg:npm") is None
    assert purl_key("pkg:/x") is None
    assert purl_key("pkg:npm//") is None


@pytest.mark.parametrize(
    ("ecosystem", "name", "version", "purl"),
    [
        ("npm", "@Babel/Core", "7.1.0", "pkg:npm/%40babel/core@7.1.0"),
        ("npm", "Left-Pad", None, "pkg:npm/left-pad"),
        ("maven", "org.slf4j:slf4j-api", "2.0.9", "pkg:maven/org.slf4j/slf4j-api@2.0.9"),
        ("pypi", "Foo_Bar.baz", "1.0", "pkg:pypi/foo-bar-baz@1.0"),
        (
            "golang",
            "github.com/gin-gonic/gin",
            "v1.9.1",
            "pkg:golang/github.com/gin-gonic/gin@v1.9.1",
        ),
        ("composer", "Laravel/Framework", "10.0", "pkg:composer/laravel/framework@10.0"),
        ("docker", "gcr.io/distroless/static", "1", "pkg:docker/gcr.io/distroless/static@1"),
        ("cargo", "Serde", "1.0", "pkg:cargo/Serde@1.0"),
        ("gem", "rails", "", "pkg:gem/rails"),
    ],
)
def test_purl_for_splits_names_the_way_each_ecosystem_writes_them(
    ecosystem: str, name: str, version: str | None, purl: str
) -> None:
    assert purl_for(ecosystem, name, version) == purl
    assert package_key(purl) == purl.split("@", maxsplit=1)[0] if "@" in purl[5:] else purl


def test_purl_for_qualifiers_and_subpath() -> None:
    purl = purl_for("github", "actions/checkout", "v4", subpath="sub/dir")
    assert purl == "pkg:github/actions/checkout@v4#sub/dir"
    purl = purl_for("gem", "x", "1", {"vcs_url": "git+https://g/x.git@abc"})
    assert purl == "pkg:gem/x@1?vcs_url=git%2Bhttps://g/x.git%40abc"
    assert package_key(purl) == "pkg:gem/x"


def test_split_name_and_pep503() -> None:
    assert split_name("npm", "@s/x") == ("@s", "x")
    assert split_name("maven", "g:a") == ("g", "a")
    assert split_name("github", "Org/Repo") == ("org", "repo")
    assert split_name("docker", "Registry/Org/App") == ("Registry/Org", "App")
    assert split_name("nuget", "Newtonsoft.Json") == (None, "Newtonsoft.Json")
    assert normalise_pypi("Foo__Bar.-baz") == "foo-bar-baz"


def test_checked_purl_refuses_a_name_with_a_position() -> None:
    assert checked_purl("cargo", "Cargo.toml", "serde", "1.0") == "pkg:cargo/serde@1.0"
    with pytest.raises(ManifestError) as info:
        checked_purl("nuget", "x.csproj", "", "1.0", line=7)
    assert str(info.value) == "x.csproj:7: not a package name: ''"
    assert (info.value.path, info.value.line) == ("x.csproj", 7)


def test_scrub_url_removes_credentials_but_keeps_git() -> None:
    assert scrub_url("https://user:token@github.com/x.git") == "https://github.com/x.git"
    assert scrub_url("ssh://git@github.com/x.git") == "ssh://git@github.com/x.git"
    assert scrub_url("git@github.com:x.git") == "git@github.com:x.git"


def test_vcs_url() -> None:
    # the Python spelling (PEP 508 / PEP 610): credentials scrubbed, any VCS, a subdirectory
    assert vcs_url("https://t@g.com/a.git", "v1", "pkg") == "git+https://g.com/a.git@v1#pkg"
    assert vcs_url("hg+https://hg.example.com/repo") == "hg+https://hg.example.com/repo"
    assert vcs_url("git@github.com:acme/x.git") == "git+git@github.com:acme/x.git"
    # Cargo and Bundler: an scp-like address is an ssh URL, credentials as written
    cargo = vcs_url("git@github.com:acme/x.git", "abc", scp_as_ssh=True, scrub=False)
    assert cargo == "git+ssh://git@github.com/acme/x.git@abc"
    kept = vcs_url("https://u:p@g.com/a", None, scp_as_ssh=True, scrub=False)
    assert kept == "git+https://u:p@g.com/a"
    assert vcs_url("git+https://g.com/a", "main") == "git+https://g.com/a@main"
