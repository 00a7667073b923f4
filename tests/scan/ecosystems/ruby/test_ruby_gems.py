"""Gemfile, Gemfile.lock and gemspec parsers: golden fixtures, edge cases, fuzzing, hostility."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.polyglot_fuzz import (
    HOSTILE,
    LARGE,
    fixture,
    handled_in,
    list_or_manifest_error,
    mutated,
    rows,
    timed,
)

from lodestar.errors import ManifestError
from lodestar.records import Scope
from lodestar.scan.ecosystems import parsers_for
from lodestar.scan.ecosystems.registry import ManifestContext
from lodestar.scan.ecosystems.ruby.gemfile import parse_gemfile
from lodestar.scan.ecosystems.ruby.gemspec import parse_gemspec
from lodestar.scan.ecosystems.ruby.lock import parse_gemfile_lock

R, D, T = Scope.RUNTIME, Scope.DEV, Scope.TEST
G = "pkg:gem/"
CTX = ManifestContext()
GH = "git%2Bhttps://github.com/acme"


def test_parsers_are_registered() -> None:
    assert [p.name for p in parsers_for("app/Gemfile")] == ["ruby-gemfile"]
    assert [p.name for p in parsers_for("gems.rb")] == ["ruby-gemfile"]
    assert [(p.name, p.lock) for p in parsers_for("Gemfile.lock")] == [("ruby-gemfile-lock", True)]
    assert [p.name for p in parsers_for("gems.locked")] == ["ruby-gemfile-lock"]
    assert [p.name for p in parsers_for("x/acme.gemspec")] == ["ruby-gemspec"]


def test_gemfile_golden() -> None:
    deps = parse_gemfile("Gemfile", fixture("ruby", "Gemfile"), CTX)
    assert rows(deps) == {
        (G + "rails", R, True, "~> 7.1.2"),
        (G + "pg", R, True, "~> 1.5, >= 1.5.4"),  # several requirements, joined as written
        (G + "puma", R, True, ">= 5.0"),
        (G + "redis@5.0.8", R, True, "5.0.8"),  # a bare version is an exact pin
        (G + "sidekiq@7.2.1", R, True, "= 7.2.1"),
        (G + "bootsnap", R, True, None),
        (G + "tzinfo-data", R, True, None),
        (G + "image_processing", R, True, "~> 1.2"),
        (G + "nokogiri", R, True, ">= 1.15"),
        (G + "jbuilder", R, True, "~> 2.11"),  # gem("…") with parentheses
        (G + "devise", R, True, "~> 4.9"),  # a statement over three lines
        (G + f"acme-auth?vcs_url={GH}/acme-auth.git%40v2.3.0", R, True, None),
        (G + f"feature_flags?vcs_url={GH}/feature_flags.git%40main", R, True, None),
        (G + "sentry-ruby", R, True, None),  # ENV.fetch(…): not readable statically
        (G + "secret_sauce?repository_url=https://gems.acme.internal", R, True, None),
        (G + "newrelic_rpm", R, True, None),  # :group => :production
        (G + "acme-logger?repository_url=https://gems.acme.internal", R, True, "~> 0.9"),
        (G + "debug", D, True, None),  # group :development, :test
        (G + "rspec-rails", D, True, "~> 6.1"),
        (G + "factory_bot_rails", D, True, None),
        (G + "web-console", D, True, None),
        (G + "rubocop-rails", D, True, None),
        (G + "stackprof", D, True, None),  # platforms block inside a group
        (G + "capybara", T, True, None),
        (G + "selenium-webdriver", T, True, None),
        (G + "rack-mini-profiler", D, True, None),  # group: option
        (G + "pry", D, True, None),  # groups: [...] option
        (G + "ddtrace", R, True, "~> 1.20"),  # inside an if block
        (G + f"acme_events?vcs_url={GH}/monorepo-gems.git%40stable", R, True, None),
    }  # fmt: skip
    # path: options and path blocks are local code; a computed name is unknown
    assert not {"acme_billing", "acme_search", "dotenv-rails"} & {d.name for d in deps}
    lines = {d.name: d.line for d in deps}
    assert (lines["rails"], lines["devise"], lines["capybara"], lines["acme_events"]) == (
        9,
        19,
        49,
        65,
    )


def test_gemfile_lock_golden() -> None:
    deps = parse_gemfile_lock("Gemfile.lock", fixture("ruby", "Gemfile.lock"), CTX)
    auth = "git%2Bhttps://github.com/acme/acme-auth.git%408f3c2a1d9b7e6f5a4c3b2a1d0e9f8a7b6c5d4e3f"
    flags = (
        "git%2Bhttps://github.com/acme/feature_flags.git%400a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
    )
    assert rows(deps) == {
        (G + f"acme-auth@2.3.0?vcs_url={auth}", R, True, None),
        (G + f"feature_flags@0.4.0.pre?vcs_url={flags}", R, True, None),
        (G + "actionpack@7.1.2", R, False, None),
        (G + "actionview@7.1.2", R, False, None),
        (G + "activesupport@7.1.2", R, False, None),
        (G + "bootsnap@1.17.0", R, True, None),
        (G + "capybara@3.39.2", R, True, None),
        (G + "concurrent-ruby@1.2.2", R, False, None),
        (G + "debug@1.9.1", R, True, None),
        (G + "i18n@1.14.1", R, False, None),
        (G + "jwt@2.7.1", R, False, None),
        (G + "mini_portile2@2.8.5", R, False, None),
        (G + "msgpack@1.7.2", R, False, None),
        (G + "nokogiri@1.15.5", R, True, ">= 1.15"),
        (G + "nokogiri@1.15.5?platform=arm64-darwin", R, True, ">= 1.15"),
        (G + "nokogiri@1.15.5?platform=x86_64-linux", R, True, ">= 1.15"),
        (G + "pg@1.5.4", R, True, "~> 1.5, >= 1.5.4"),
        (G + "puma@6.4.0", R, True, ">= 5.0"),
        (G + "nio4r@2.7.0", R, False, None),
        (G + "racc@1.7.3", R, False, None),
        (G + "rack@3.0.8", R, False, None),
        (G + "rails@7.1.2", R, True, "~> 7.1.2"),
        (G + "redis@5.0.8", R, True, "= 5.0.8"),
        (G + "redis-client@0.19.0", R, False, None),
        (G + "rspec-rails@6.1.0", R, True, "~> 6.1"),
        (G + "sidekiq@7.2.1", R, True, "= 7.2.1"),
        (G + "acme-logger@0.9.3?repository_url=https://gems.acme.internal/", R, True, "~> 0.9"),
    }
    # the PATH gem is local; CHECKSUMS, PLATFORMS, RUBY VERSION, BUNDLED WITH are no packages
    assert "acme_billing" not in {d.name for d in deps}
    nokogiri = [d for d in deps if d.name == "nokogiri"]
    assert {d.version for d in nokogiri} == {"1.15.5"}
    assert {d.name: d.line for d in deps}["rails"] == 60


def test_gemspec_golden() -> None:
    deps = parse_gemspec("acme_client.gemspec", fixture("ruby", "acme_client.gemspec"), CTX)
    assert rows(deps) == {
        (G + "faraday", R, True, ">= 2.7, < 3"),
        (G + "faraday-retry", R, True, "~> 2.2"),
        (G + "activesupport", R, True, ">= 6.1, < 8.0"),  # an array of requirements
        (G + "zeitwerk", R, True, "~> 2.6"),
        (G + "oj", R, True, None),  # a trailing `if` modifier
        (G + "concurrent-ruby", R, True, None),  # a constant: unknown requirement
        (G + "rake", D, True, "~> 13.0"),
        (G + "rspec", D, True, "~> 3.12"),
        (G + "webmock@3.19.1", D, True, "3.19.1"),
    }
    # the heredoc's "spec.add_dependency" text is prose, not code
    assert "ignored" not in {d.name for d in deps}
    assert {d.name: d.line for d in deps}["faraday"] == 28


def test_generated_gemspec_reports_each_gem_once() -> None:
    data = b"""# -*- encoding: utf-8 -*-
# stub: acme 1.0.0 ruby lib

Gem::Specification.new do |s|
  s.name = "acme".freeze
  s.version = "1.0.0"
  s.required_rubygems_version = Gem::Requirement.new(">= 0".freeze) if \
    s.respond_to? :required_rubygems_version=
  s.summary = "Acme".freeze

  if s.respond_to? :specification_version then
    s.specification_version = 4
  end

  if s.respond_to? :add_runtime_dependency then
    s.add_runtime_dependency(%q<rack>.freeze, [">= 2.0".freeze, "< 4".freeze])
    s.add_development_dependency(%q<minitest>.freeze, ["~> 5.0".freeze])
  else
    s.add_dependency(%q<rack>.freeze, [">= 2.0".freeze, "< 4".freeze])
    s.add_dependency(%q<minitest>.freeze, ["~> 5.0".freeze])
  end
end
"""
    assert rows(parse_gemspec("acme.gemspec", data, CTX)) == {
        (G + "rack", R, True, ">= 2.0, < 4"),
        (G + "minitest", D, True, "~> 5.0"),
        (G + "minitest", R, True, "~> 5.0"),  # the else branch says runtime: kept apart
    }


def test_gemfile_syntax_corners() -> None:
    data = b"""source 'https://rubygems.org'
=begin
gem "commented-out"
=end
gem "a"; gem "b", '~> 1.0'
gem 'c', "#{ENV['C_VERSION']}"
gem "d", :git => "git@github.com:acme/d.git", :ref => "abc123"
gem "e", gitlab: "acme/e"
gem "f", github: "rails"
group :test, optional: true do
  group :development do
    gem "g"
  end
end
group(:test) do
  gem "h", "~> 2.0" unless ENV["CI"]
end
install_if -> { RUBY_PLATFORM =~ /darwin/ } do
  gem "i"
end
source :rubygems do
  gem "j"
end
gem "k", source: "https://rubygems.org/"
gem "l", ["~> 1.1", ">= 1.1.3"]
gemspec
__END__
gem "after-end"
"""
    assert rows(parse_gemfile("Gemfile", data, CTX)) == {
        (G + "a", R, True, None),
        (G + "b", R, True, "~> 1.0"),
        (G + "c", R, True, None),  # interpolated: not literal
        (G + "d?vcs_url=git%2Bssh://git%40github.com/acme/d.git%40abc123", R, True, None),
        (G + "e?vcs_url=git%2Bhttps://gitlab.com/acme/e.git", R, True, None),
        (G + "f?vcs_url=git%2Bhttps://github.com/rails/rails.git", R, True, None),
        (G + "g", D, True, None),  # nested groups add up: test + development
        (G + "h", T, True, "~> 2.0"),
        (G + "i", R, True, None),
        (G + "j", R, True, None),
        (G + "k", R, True, None),
        (G + "l", R, True, "~> 1.1, >= 1.1.3"),
    }


@pytest.mark.parametrize(
    "data",
    [
        b'gem "rails", "~> 7.0\n',
        b"gem 'rails\n",
        b"DESC = <<~TEXT\n  never closed\n",
        b"gem %w[a b\n",
    ],
)
def test_unterminated_ruby_is_a_manifest_error(data: bytes) -> None:
    for parse in (parse_gemfile, parse_gemspec):
        with pytest.raises(ManifestError):
            parse("Gemfile", data, CTX)


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"GEM\n  remote: https://rubygems.org/\n  specs:\n    rails\n", 4),
        (b"GEM\n  specs:\n    rails (7.1.2\n", 3),
        (b"DEPENDENCIES\n  rails (~> 7\n", 2),
    ],
)
def test_malformed_lock_is_a_manifest_error(data: bytes, line: int) -> None:
    with pytest.raises(ManifestError) as info:
        parse_gemfile_lock("Gemfile.lock", data, CTX)
    assert info.value.line == line


def test_lock_with_merge_conflict_markers_reads_no_half_resolved_specs() -> None:
    data = b"""GEM
  remote: https://rubygems.org/
  specs:
<<<<<<< HEAD
    rack (3.0.8)
=======
    rack (3.0.9)
>>>>>>> main
"""
    # a marker in column 0 ends the GEM section: Bundler refuses such a file, Lodestar skips it
    assert parse_gemfile_lock("Gemfile.lock", data, CTX) == []


def test_not_utf8() -> None:
    for parse in (parse_gemfile, parse_gemspec, parse_gemfile_lock):
        with pytest.raises(ManifestError, match="UTF-8"):
            parse("Gemfile", b'gem "\xff"\n', CTX)


_RUBY_TOKENS = (
    b'"',
    b"'",
    b"(",
    b")",
    b"[",
    b"]",
    b" do\n",
    b"end\n",
    b"<<~X\n",
    b"%w[",
    b"#",
    b",\n",
    b":",
    b"=>",
)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    list_or_manifest_error(parse_gemfile, "Gemfile", data)
    list_or_manifest_error(parse_gemspec, "x.gemspec", data)
    list_or_manifest_error(parse_gemfile_lock, "Gemfile.lock", data)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*_RUBY_TOKENS, b"gem", b"group", b" ", b"x", b"\n"]), max_size=60))
def test_ruby_token_soup(pieces: list[bytes]) -> None:
    data = b"".join(pieces)
    list_or_manifest_error(parse_gemfile, "Gemfile", data)
    list_or_manifest_error(parse_gemspec, "x.gemspec", data)


@settings(max_examples=150, deadline=None)
@given(mutated(fixture("ruby", "Gemfile"), _RUBY_TOKENS))
def test_mutated_gemfile(data: bytes) -> None:
    list_or_manifest_error(parse_gemfile, "Gemfile", data)


@settings(max_examples=100, deadline=None)
@given(mutated(fixture("ruby", "acme_client.gemspec"), _RUBY_TOKENS))
def test_mutated_gemspec(data: bytes) -> None:
    list_or_manifest_error(parse_gemspec, "acme_client.gemspec", data)


@settings(max_examples=100, deadline=None)
@given(mutated(fixture("ruby", "Gemfile.lock"), (b"    ", b"  ", b"(", b")", b"-", b"!", b"\n")))
def test_mutated_gemfile_lock(data: bytes) -> None:
    list_or_manifest_error(parse_gemfile_lock, "Gemfile.lock", data)


@pytest.mark.parametrize(
    "data",
    [
        b'"\\' * 130_000,  # every quote escaped: no string ever closes
        b"%q(" * 85_000,
        b"(" * 260_000 + b'gem "x"\n',
        b'gem "x", "' + b"9" * 260_000 + b'"\n',
        b"<<~A " * 50_000 + b"\n",
        b"gem 'x'\n" * 2_000_000,  # over the 256 KiB cap: refused at once
    ],
)
def test_hostile_ruby_is_linear(data: bytes) -> None:
    for parse in (parse_gemfile, parse_gemspec):
        assert handled_in(parse, "Gemfile", data) < HOSTILE


def test_large_lock_is_fast() -> None:
    requirements = "".join(f"      dependency-number-{j} (>= 1.{j}, < 3)\n" for j in range(4))
    specs = "".join(f"    gem{i} (1.{i}.0)\n{requirements}" for i in range(28_000))
    deps = "".join(f"  gem{i} (~> 1.{i})\n" for i in range(0, 28_000, 50))
    data = f"GEM\n  remote: https://rubygems.org/\n  specs:\n{specs}\nDEPENDENCIES\n{deps}".encode()
    assert len(data) > 5_000_000
    assert timed(lambda: parse_gemfile_lock("Gemfile.lock", data, CTX)) < LARGE
