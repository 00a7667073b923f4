"""partner-portal: a Ruby on Rails 6.1 application on Ruby 2.7."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lodestar.demo.content.lockfiles import Package, gemfile_lock
from lodestar.demo.units import Unit

__all__ = ["GEMS", "REPORTS", "gemfile", "gemfile_lock_for", "reports_controller", "static_files"]

RAILS = "6.1.7.6"

# Requested gems and their constraints in the Gemfile.
GEMS: dict[str, str] = {
    "rails": "~> 6.1.7",
    "pg": "~> 1.1",
    "puma": "~> 5.0",
    "sidekiq": "~> 6.5",
    "devise": "~> 4.9",
    "bootsnap": ">= 1.4.4",
}

_SPECS: dict[str, tuple[str, dict[str, str]]] = {
    "rails": (RAILS, dict.fromkeys(("actionpack", "activerecord", "railties"), f"= {RAILS}")),
    "actionpack": (RAILS, {"activesupport": f"= {RAILS}", "rack": "~> 2.0, >= 2.0.9"}),
    "activerecord": (RAILS, {"activemodel": f"= {RAILS}", "activesupport": f"= {RAILS}"}),
    "activemodel": (RAILS, {"activesupport": f"= {RAILS}"}),
    "activesupport": (
        RAILS,
        {"concurrent-ruby": "~> 1.0, >= 1.0.2", "i18n": ">= 1.6, < 2", "tzinfo": "~> 2.0"},
    ),
    "railties": (RAILS, {"actionpack": f"= {RAILS}", "thor": "~> 1.0"}),
    "concurrent-ruby": ("1.2.2", {}),
    "i18n": ("1.14.1", {"concurrent-ruby": "~> 1.0"}),
    "tzinfo": ("2.0.6", {"concurrent-ruby": "~> 1.0"}),
    "rack": ("2.2.8", {}),
    "thor": ("1.3.0", {}),
    "pg": ("1.5.4", {}),
    "puma": ("5.6.7", {"nio4r": "~> 2.0"}),
    "nio4r": ("2.5.9", {}),
    "sidekiq": (
        "6.5.12",
        {"connection_pool": ">= 2.2.5, < 3", "rack": "~> 2.0", "redis": ">= 4.5.0, < 5"},
    ),
    "connection_pool": ("2.4.1", {}),
    "redis": ("4.8.1", {}),
    "devise": ("4.9.3", {"bcrypt": "~> 3.0", "railties": ">= 4.1.0", "warden": "~> 1.2.3"}),
    "bcrypt": ("3.1.19", {}),
    "warden": ("1.2.9", {"rack": ">= 2.0.9"}),
    "bootsnap": ("1.17.0", {"msgpack": "~> 1.2"}),
    "msgpack": ("1.7.2", {}),
}


def gemfile(ruby: str) -> str:
    lines = "".join(f"gem '{name}', '{spec}'\n" for name, spec in GEMS.items())
    return (
        "source 'https://rubygems.org'\n"
        'git_source(:github) { |repo| "https://github.com/#{repo}.git" }\n\n'
        f"ruby '{ruby}'\n\n{lines}\n"
        "group :development, :test do\n  gem 'rspec-rails', '~> 5.1'\nend\n"
    )


def gemfile_lock_for(ruby: str, overrides: Mapping[str, str]) -> str:
    packages = [
        Package(name, overrides.get(name, version), deps)
        for name, (version, deps) in _SPECS.items()
    ]
    return gemfile_lock(packages, GEMS, f"{ruby}p225", "2.1.4")


REPORTS = [
    "monthly_statements",
    "open_purchase_orders",
    "delivery_performance",
    "invoice_disputes",
    "catalogue_changes",
    "price_change_requests",
    "stock_forecasts",
    "returns_summary",
    "sla_breaches",
    "payment_calendar",
]


def _action(unit: Unit) -> str:
    return (
        f"\n  def {unit.name}\n"
        f"    @rows = current_partner.report(:{unit.name}).limit(params.fetch(:limit, {unit.limit}))\n"  # noqa: E501  Ruby source
        "    respond_to do |format|\n"
        "      format.html\n"
        f"      format.csv {{ send_data @rows.to_csv, filename: '{unit.name}.csv' }}\n"
        "    end\n"
        "  end\n"
    )


def reports_controller(units: Sequence[Unit]) -> str:
    return (
        "# frozen_string_literal: true\n\n"
        "class ReportsController < ApplicationController\n"
        "  before_action :authenticate_partner!\n" + "".join(_action(u) for u in units) + "end\n"
    )


def static_files() -> dict[str, str]:
    return {
        "config/routes.rb": (
            "Rails.application.routes.draw do\n"
            "  devise_for :partners\n"
            "  resources :reports, only: [] do\n"
            "    collection { get ':action' }\n"
            "  end\n"
            "  root 'dashboard#show'\n"
            "end\n"
        ),
        "config/database.yml": (
            "default: &default\n  adapter: postgresql\n  encoding: unicode\n  pool: 5\n\n"
            "development:\n  <<: *default\n  database: partner_portal_development\n\n"
            "production:\n  <<: *default\n  url: <%= ENV['DATABASE_URL'] %>\n"
        ),
        "app/controllers/application_controller.rb": (
            "# frozen_string_literal: true\n\n"
            "class ApplicationController < ActionController::Base\n"
            "  protect_from_forgery with: :exception\n\n"
            "  def current_partner\n    current_partner_user.partner\n  end\nend\n"
        ),
        "app/models/partner.rb": (
            "# frozen_string_literal: true\n\n"
            "class Partner < ApplicationRecord\n"
            "  has_many :partner_users, dependent: :destroy\n"
            "  validates :name, presence: true\n\n"
            "  def report(kind)\n"
            "    PartnerReport.where(partner_id: id, kind: kind.to_s).order(created_at: :desc)\n"
            "  end\nend\n"
        ),
        "app/models/application_record.rb": (
            "class ApplicationRecord < ActiveRecord::Base\n  self.abstract_class = true\nend\n"
        ),
        "Dockerfile": (
            "FROM ruby:2.7.8-slim\n"
            "RUN apt-get update && apt-get install -y build-essential libpq-dev nodejs\n"
            "WORKDIR /app\nCOPY Gemfile Gemfile.lock ./\n"
            "RUN bundle config set deployment true && bundle install\n"
            'COPY . .\nCMD ["bundle", "exec", "puma", "-C", "config/puma.rb"]\n'
        ),
        "config.ru": "require_relative 'config/environment'\n\nrun Rails.application\n",
    }
