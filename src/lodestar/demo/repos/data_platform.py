"""data-platform: forecasting, SQL marts and notebooks (Apache-2.0).

Planted: a 3 MiB generated CSV (oversized file); ``.gitattributes`` with linguist-vendored,
-generated and -documentation overrides (and one negation); ``third_party/`` with a copied
library and its own licence; a Jupyter notebook; SQL; the Python 3.8 -> 3.12 migration with
new pins in June 2026.
"""

from __future__ import annotations

from datetime import date

from lodestar.demo.cast import AMARA, DMITRI, HANNAH
from lodestar.demo.content import ci, data, owners
from lodestar.demo.content.assets import postal_codes_csv
from lodestar.demo.content.licences import APACHE_2_0
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Files, Story
from lodestar.demo.units import Module

README = """# data-platform

Demand forecasting and reporting marts for Northwind Labs.

- `forecasting/`: Python package (baseline models, distances)
- `sql/`: marts rebuilt nightly in the warehouse
- `notebooks/`: worked examples
- `data/reference/`: reference tables generated from the postal service export

The distance-weighted demand forecast is patent pending (EP25158321.4, US 19/074,512).
"""


def _workflow(python: str) -> str:
    steps = ["pip install -r requirements.txt", "python -m pytest -q"]
    return ci.github_workflow("ci", "python", python, steps)


def history() -> list[Commit]:
    s = Story("data-platform")
    code = Module("sql/marts.sql", data.marts_sql, list(data.MARTS), feature="Add the {title} mart")

    def start() -> Files:
        return {
            "README.md": README,
            "LICENSE": APACHE_2_0,
            ".gitignore": ".ipynb_checkpoints/\n__pycache__/\n.venv/\n",
            ".gitattributes": data.GITATTRIBUTES,
            ".python-version": "3.8\n",
            "requirements.txt": data.requirements(data.PINS_LEGACY),
            ".github/workflows/ci.yml": _workflow("3.8"),
            "notebooks/demand_forecast.ipynb": data.notebook(),
            code.path: code.content(),
            **data.static_files(),
            **data.third_party(),
        }

    s.plan(HANNAH, (2024, 11, 13, 9, 30), "Set up the data platform repository", compute=start)
    s.plan(
        HANNAH,
        (2024, 12, 3, 10),
        "Add postal code reference table",
        {"data/reference/postal_codes.csv": postal_codes_csv()},
    )
    cast = [(HANNAH, 6), (AMARA, 1), (DMITRI, 1)]
    s.spread(date(2024, 11, 18), date(2026, 10, 22), 18, cast, s.routine(code, scope="marts"))
    upgrade = {
        ".python-version": "3.12\n",
        "requirements.txt": data.requirements(data.PINS_2026),
        ".github/workflows/ci.yml": _workflow("3.12"),
    }
    s.plan(
        HANNAH,
        (2026, 6, 18, 14),
        "Move to Python 3.12 and pandas 2\n\nPython 3.8 is past end of life (PLAT-212).",
        upgrade,
    )
    owners.declare(s, "data-platform")
    return s.play()


BLUEPRINT = Blueprint("data-platform", history, "Python/SQL/Jupyter, Apache-2.0, 3 MiB CSV")
