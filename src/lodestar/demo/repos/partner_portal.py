"""partner-portal: the Rails portal where retail partners download their reports (MIT).

Planted: Ruby 2.7 (``.ruby-version``, past end of life) and Rails 6.1; Gemfile and
Gemfile.lock; a ``docs/`` folder; GitLab CI until October 2026, when Fatima moves the pipeline to
GitHub Actions (the first repository of the "Retire GitLab CI" campaign to finish).
"""

from __future__ import annotations

from datetime import date

from lodestar.demo.cast import AMARA, FATIMA, TOMAS
from lodestar.demo.content import ci, owners, ruby
from lodestar.demo.content.licences import mit
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Deps, Files, Story
from lodestar.demo.units import Module, runbook

README = """# partner-portal

Self-service portal for Northwind retail partners: statements, purchase orders, reports.

    bundle install
    bin/rails db:setup
    bin/rails server

See `docs/` for the data model and the partner onboarding procedure.
"""

DOCS = ["partner onboarding", "report scheduling", "password resets", "data retention"]


def history() -> list[Commit]:
    s = Story("partner-portal")
    deps = Deps(
        {"puma": "5.6.7", "sidekiq": "6.5.12"},
        {"puma": ["5.6.8", "5.6.9"], "sidekiq": ["6.5.12"]},
        lambda pins: {"Gemfile.lock": ruby.gemfile_lock_for("2.7.8", pins)},
    )
    code = Module(
        "app/controllers/reports_controller.rb",
        ruby.reports_controller,
        list(ruby.REPORTS),
        feature="Add {title} report",
    )
    docs = Module(
        "docs/operations.md",
        runbook("Partner portal operations", "How the portal is run day to day."),
        list(DOCS),
        feature="Document {title}",
    )

    def start() -> Files:
        stages = {"test": ["bundle exec rspec"], "deploy": ["bin/deploy production"]}
        return {
            "README.md": README,
            "LICENSE": mit(2022),
            ".gitignore": "/log/*\n/tmp/*\n/storage/*\n/node_modules\n.env\n",
            ".ruby-version": "2.7.8\n",
            "Gemfile": ruby.gemfile("2.7.8"),
            ".gitlab-ci.yml": ci.gitlab_ci("ruby:2.7", stages),
            "docs/data-model.md": (
                "# Data model\n\nA **partner** has many **partner users** (Devise accounts)\n"
                "and many **partner reports**, built nightly by Sidekiq from the warehouse.\n"
            ),
            code.path: code.content(),
            **ruby.static_files(),
            **deps.files(),
        }

    s.plan(FATIMA, (2024, 11, 12, 11), "Import partner portal", compute=start)
    cast = [(FATIMA, 5), (TOMAS, 1), (AMARA, 1)]
    s.spread(date(2024, 11, 18), date(2026, 9, 25), 16, cast, s.routine(code, docs, scope="portal"))
    s.upgrade(FATIMA, (2025, 3, 18, 10), deps, "puma")
    s.upgrade(FATIMA, (2025, 10, 21, 10), deps, "puma")
    steps = ["bundle exec rspec"]
    s.plan(
        FATIMA,
        (2026, 10, 14, 16, 30),
        "Move CI from GitLab to GitHub Actions\n\nRetire GitLab CI campaign (DX-41).\n",
        {
            ".gitlab-ci.yml": None,
            ".github/workflows/ci.yml": ci.github_workflow("ci", "ruby", "2.7.8", steps),
        },
    )
    owners.declare(s, "partner-portal")
    return s.play()


BLUEPRINT = Blueprint("partner-portal", history, "Ruby 2.7/Rails 6.1, MIT, docs/")
