"""supplier-portal: a Laravel application with no licence, dormant since September 2025.

Planted: no LICENSE file and no ``license`` in composer.json; composer.json and composer.lock;
PHP 7.4; no commit in the last twelve months of the window (dormant).
"""

from __future__ import annotations

from datetime import date

from lodestar.demo.cast import FATIMA, OLIVER
from lodestar.demo.content import owners, php
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Files, Story
from lodestar.demo.units import Module

README = """# Supplier portal

Purchase orders, advance shipping notices and invoices for Northwind suppliers.

## Setup

    composer install
    cp .env.example .env && php artisan key:generate
    php artisan migrate
"""


def history() -> list[Commit]:
    s = Story("supplier-portal")
    code = Module(
        "app/Http/Controllers/SupplierController.php",
        php.controller,
        list(php.ENDPOINTS),
        feature="Add {title} endpoint",
    )

    def start() -> Files:
        return {
            "README.md": README,
            ".gitignore": "/vendor\n/node_modules\n.env\n/storage/*.key\n",
            "composer.json": php.composer_json(),
            "composer.lock": php.composer_lock_for(),
            code.path: code.content(),
            **php.static_files(),
        }

    s.plan(
        FATIMA,
        (2024, 11, 20, 15),
        "Initial Laravel app",
        compute=start,
        executable=["artisan"],
    )
    cast = [(FATIMA, 3), (OLIVER, 1)]
    s.spread(date(2024, 11, 25), date(2025, 9, 26), 13, cast, s.routine(code, scope="portal"))
    owners.declare(s, "supplier-portal")
    return s.play()


BLUEPRINT = Blueprint("supplier-portal", history, "PHP 7.4/Laravel 8, no licence, dormant")
