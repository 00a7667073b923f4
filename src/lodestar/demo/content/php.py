"""supplier-portal: a Laravel 8 application on PHP 7.4, with no licence anywhere."""

from __future__ import annotations

import json
from collections.abc import Sequence

from lodestar.demo.content.lockfiles import Package, composer_lock
from lodestar.demo.units import Unit

__all__ = ["ENDPOINTS", "composer_json", "composer_lock_for", "controller", "static_files"]

_PACKAGES = [
    Package("laravel/framework", "v8.83.27", {"php": "^7.3|^8.0", "monolog/monolog": "^2.0"}),
    Package("monolog/monolog", "2.9.2", {"php": ">=7.2", "psr/log": "^1.0.1 || ^2.0 || ^3.0"}),
    Package("psr/log", "1.1.4", {"php": ">=5.3.0"}),
    Package("guzzlehttp/guzzle", "7.8.0", {"php": "^7.2.5 || ^8.0", "psr/log": "^1.1"}),
    Package(
        "laravel/sanctum", "v2.15.1", {"php": "^7.2|^8.0", "laravel/framework": "^6.9|^7.0|^8.0"}
    ),
    Package("phpunit/phpunit", "9.6.13", {"php": ">=7.3"}, dev=True, licence="BSD-3-Clause"),
    Package("fakerphp/faker", "v1.23.0", {"php": "^7.4 || ^8.0"}, dev=True),
]


def composer_json() -> str:
    """composer.json as the Laravel skeleton has it, minus the ``license`` key."""
    manifest = {
        "name": "northwind-labs/supplier-portal",
        "type": "project",
        "description": "Supplier self-service portal: purchase orders, ASNs and invoices.",
        "require": {
            "php": "^7.4",
            "guzzlehttp/guzzle": "^7.0.1",
            "laravel/framework": "^8.75",
            "laravel/sanctum": "^2.11",
        },
        "require-dev": {"fakerphp/faker": "^1.9.1", "phpunit/phpunit": "^9.5.10"},
        "autoload": {"psr-4": {"App\\": "app/"}},
        "config": {"optimize-autoloader": True, "sort-packages": True},
        "minimum-stability": "stable",
    }
    return json.dumps(manifest, indent=4) + "\n"


def composer_lock_for() -> str:
    return composer_lock(_PACKAGES, {"php": "^7.4"})


ENDPOINTS = [
    "purchase_orders",
    "advance_shipping_notices",
    "invoices",
    "payment_status",
    "catalogue_updates",
    "delivery_schedule",
    "quality_claims",
    "certificates",
]


def _method(unit: Unit) -> str:
    camel = unit.name.split("_")[0] + "".join(p.capitalize() for p in unit.name.split("_")[1:])
    return (
        f"\n    public function {camel}(Request $request)\n"
        "    {\n"
        f"        $limit = min((int) $request->query('limit', {unit.limit}), 200);\n\n"
        f"        return $request->user()->supplier->{camel}()->latest()->limit($limit)->get();\n"
        "    }\n"
    )


def controller(units: Sequence[Unit]) -> str:
    return (
        "<?php\n\n"
        "namespace App\\Http\\Controllers;\n\n"
        "use Illuminate\\Http\\Request;\n\n"
        "class SupplierController extends Controller\n{\n"
        + "".join(_method(u) for u in units)
        + "}\n"
    )


def static_files() -> dict[str, str]:
    return {
        "artisan": (
            "#!/usr/bin/env php\n<?php\n\n"
            "define('LARAVEL_START', microtime(true));\n\n"
            "require __DIR__.'/vendor/autoload.php';\n\n"
            "$app = require_once __DIR__.'/bootstrap/app.php';\n"
            "$kernel = $app->make(Illuminate\\Contracts\\Console\\Kernel::class);\n"
            "$status = $kernel->handle($input = new Symfony\\Component\\Console\\Input\\ArgvInput,"
            " new Symfony\\Component\\Console\\Output\\ConsoleOutput);\n"
            "$kernel->terminate($input, $status);\n\nexit($status);\n"
        ),
        "routes/api.php": (
            "<?php\n\nuse App\\Http\\Controllers\\SupplierController;\n"
            "use Illuminate\\Support\\Facades\\Route;\n\n"
            "Route::middleware('auth:sanctum')->prefix('supplier')->group(function () {\n"
            "    Route::get('{section}', [SupplierController::class, 'show']);\n"
            "});\n"
        ),
        "app/Models/Supplier.php": (
            "<?php\n\nnamespace App\\Models;\n\n"
            "use Illuminate\\Database\\Eloquent\\Model;\n\n"
            "class Supplier extends Model\n{\n"
            "    protected $fillable = ['name', 'vat_number', 'contact_email'];\n\n"
            "    public function purchaseOrders()\n    {\n"
            "        return $this->hasMany(PurchaseOrder::class);\n    }\n}\n"
        ),
        ".env.example": (
            "APP_NAME=SupplierPortal\nAPP_ENV=local\nAPP_DEBUG=true\n"
            "DB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_DATABASE=supplier_portal\n"
        ),
        "Dockerfile": (
            "FROM php:7.4-fpm\n"
            "RUN docker-php-ext-install pdo_mysql opcache\n"
            "COPY --from=composer:2 /usr/bin/composer /usr/bin/composer\n"
            "WORKDIR /var/www\nCOPY . .\nRUN composer install --no-dev --optimize-autoloader\n"
        ),
    }
