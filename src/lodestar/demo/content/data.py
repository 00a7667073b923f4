"""data-platform: demand forecasting in Python, SQL models, a notebook and reference data."""

from __future__ import annotations

import json
from collections.abc import Sequence

from lodestar.demo.units import Unit

__all__ = [
    "GITATTRIBUTES",
    "MARTS",
    "PINS_2026",
    "PINS_LEGACY",
    "marts_sql",
    "notebook",
    "requirements",
    "static_files",
    "third_party",
]

PINS_LEGACY: dict[str, str] = {
    "pandas": "1.5.3",
    "numpy": "1.24.4",
    "scikit-learn": "1.2.2",
    "SQLAlchemy": "1.4.49",
    "psycopg2-binary": "2.9.9",
    "matplotlib": "3.7.3",
    "jupyterlab": "3.6.6",
}

PINS_2026: dict[str, str] = {
    "pandas": "2.2.2",
    "numpy": "1.26.4",
    "scikit-learn": "1.5.0",
    "SQLAlchemy": "2.0.30",
    "psycopg2-binary": "2.9.9",
    "matplotlib": "3.9.0",
    "jupyterlab": "4.2.1",
}

GITATTRIBUTES = """# Keep language statistics honest.
third_party/** linguist-vendored
data/reference/*.csv linguist-generated=true
notebooks/*.ipynb linguist-documentation
docs/conf.py -linguist-documentation
*.csv text eol=lf
"""


def requirements(pins: dict[str, str]) -> str:
    return "# Pinned with pip-compile.\n" + "".join(f"{k}=={v}\n" for k, v in sorted(pins.items()))


MARTS = [
    "daily_orders",
    "weekly_demand",
    "stockouts",
    "basket_size",
    "repeat_customers",
    "channel_mix",
    "returns_rate",
    "promotion_uplift",
    "delivery_lead_time",
    "forecast_accuracy",
    "regional_demand",
    "new_customer_cohorts",
]


def _mart(unit: Unit) -> str:
    return (
        f"\n-- {unit.name.replace('_', ' ')}\n"
        f"CREATE OR REPLACE VIEW marts.{unit.name} AS\n"
        "SELECT date_trunc('day', o.created_at) AS day,\n"
        "       o.channel,\n"
        "       count(*) AS orders,\n"
        "       sum(o.total) AS revenue\n"
        "FROM staging.orders AS o\n"
        f"WHERE o.created_at >= now() - interval '{unit.limit} days'\n"
        "GROUP BY 1, 2;\n"
    )


def marts_sql(units: Sequence[Unit]) -> str:
    return "-- Reporting marts, rebuilt nightly.\nCREATE SCHEMA IF NOT EXISTS marts;\n" + "".join(
        _mart(u) for u in units
    )


def notebook() -> str:
    def code(source: str, output: str | None = None) -> dict[str, object]:
        cell: dict[str, object] = {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "source": source.splitlines(keepends=True),
            "outputs": [],
        }
        if output:
            cell["outputs"] = [
                {"name": "stdout", "output_type": "stream", "text": output.splitlines(True)}
            ]
        return cell

    cells = [
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": ["# Weekly demand forecast\n", "\n", "Baseline: seasonal naive.\n"],
        },
        code(
            "import pandas as pd\nfrom forecasting.model import fit_baseline\n\n"
            "orders = pd.read_sql('select * from marts.weekly_demand', 'postgresql:///warehouse')\n"
            "orders.head()\n"
        ),
        code(
            "model = fit_baseline(orders, horizon=8)\nprint(model.mape)\n",
            "0.1374\n",
        ),
    ]
    document = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.8.18"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(document, indent=1) + "\n"


def third_party() -> dict[str, str]:
    """A copied single-file library with its own MIT licence (vendored)."""
    return {
        "third_party/haversine/LICENSE": (
            "MIT License\n\nCopyright (c) 2015 Balthazar Rouberol\n\n"
            "Permission is hereby granted, free of charge, to any person obtaining a copy\n"
            'of this software and associated documentation files (the "Software"), to deal\n'
            "in the Software without restriction, including without limitation the rights\n"
            "to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n"
            "copies of the Software, and to permit persons to whom the Software is\n"
            "furnished to do so, subject to the following conditions:\n\n"
            "The above copyright notice and this permission notice shall be included in all\n"
            "copies or substantial portions of the Software.\n\n"
            'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n'
            "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"
            "FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n"
            "AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n"
            "LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n"
            "OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\n"
            "SOFTWARE.\n"
        ),
        "third_party/haversine/haversine.py": (
            '"""Great-circle distance between two points (copied from haversine 2.3.0)."""\n'
            "from math import asin, cos, radians, sin, sqrt\n\n"
            "AVG_EARTH_RADIUS_KM = 6371.0088\n\n\n"
            "def haversine(point1, point2):\n"
            "    lat1, lng1 = map(radians, point1)\n"
            "    lat2, lng2 = map(radians, point2)\n"
            "    lat = lat2 - lat1\n"
            "    lng = lng2 - lng1\n"
            "    d = sin(lat * 0.5) ** 2 + cos(lat1) * cos(lat2) * sin(lng * 0.5) ** 2\n"
            "    return 2 * AVG_EARTH_RADIUS_KM * asin(sqrt(d))\n"
        ),
    }


def static_files() -> dict[str, str]:
    return {
        "forecasting/__init__.py": "# SPDX-License-Identifier: Apache-2.0\n",
        "forecasting/model.py": (
            "# SPDX-License-Identifier: Apache-2.0\n"
            '"""Seasonal-naive baseline and its error."""\n\n'
            "from dataclasses import dataclass\n\n"
            "import numpy as np\nimport pandas as pd\n\n\n"
            "@dataclass\nclass Baseline:\n    forecast: pd.Series\n    mape: float\n\n\n"
            "def fit_baseline(weekly: pd.DataFrame, horizon: int = 8, season: int = 52) -> Baseline:\n"  # noqa: E501  template line
            '    series = weekly.set_index("week")["orders"].astype(float)\n'
            "    history, actual = series[:-horizon], series[-horizon:]\n"
            "    forecast = history.shift(season - horizon).iloc[-horizon:]\n"
            "    forecast.index = actual.index\n"
            "    mape = float(np.mean(np.abs((actual - forecast) / actual)))\n"
            "    return Baseline(forecast=forecast, mape=round(mape, 4))\n"
        ),
        "forecasting/distance.py": (
            "# SPDX-License-Identifier: Apache-2.0\n"
            '"""Distance from a warehouse to a postal code centroid."""\n\n'
            "import csv\nimport sys\nfrom pathlib import Path\n\n"
            'sys.path.insert(0, str(Path(__file__).parents[1] / "third_party" / "haversine"))\n'
            "from haversine import haversine  # noqa: E402\n\n"
            'REFERENCE = Path(__file__).parents[1] / "data" / "reference" / "postal_codes.csv"\n\n\n'  # noqa: E501  template line
            "def centroid(postal_code):\n"
            "    with REFERENCE.open(newline='', encoding='utf-8') as handle:\n"
            "        for row in csv.DictReader(handle):\n"
            "            if row['postal_code'] == postal_code:\n"
            "                return float(row['latitude']), float(row['longitude'])\n"
            "    raise KeyError(postal_code)\n\n\n"
            "def distance_km(warehouse, postal_code):\n"
            "    return haversine(warehouse, centroid(postal_code))\n"
        ),
        "docs/conf.py": (
            '"""Sphinx configuration."""\n\n'
            'project = "data-platform"\nextensions = ["sphinx.ext.autodoc"]\n'
            'html_theme = "furo"\n'
        ),
        "docs/index.md": (
            "# Data platform\n\nForecasts, marts and reference data. The notebooks under\n"
            "`notebooks/` are worked examples; production code lives in `forecasting/`.\n"
        ),
    }
