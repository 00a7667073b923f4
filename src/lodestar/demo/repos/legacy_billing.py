"""legacy-billing: the bare mirror of a Flask service only one person knew (proprietary).

Planted: truck factor 1 (Gregor writes over 90% of the commits) and Gregor's last commit in
December 2025, ten months before the window ends; Python 3.6 in the Dockerfile; a custom
proprietary LICENSE; lightweight release tags; a Jenkinsfile; built as a bare repository;
requests 2.19.1 (CVE-2018-18074) until Gregor pins 2.22.0 in February 2025 (a remediation in the
exposure history); CODEOWNERS and catalog-info.yaml that still name Gregor (owner-departed).
"""

from __future__ import annotations

from datetime import date

from lodestar.demo.cast import AMARA, CHLOE, GREGOR
from lodestar.demo.content import ci, flask, owners
from lodestar.demo.content.licences import PROPRIETARY
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Deps, Story
from lodestar.demo.units import Module, Unit

README = """# billing

Invoicing, dunning and payment reconciliation for Northwind Labs.

Runs on the `billing-01` and `billing-02` VMs behind the internal load balancer; nightly jobs
run through Celery beat on `billing-01`.

    pip install -r requirements.txt
    FLASK_APP=billing.app flask run

Questions: Gregor Lindqvist.
"""

HANDOVER = """# Handover notes

I am leaving Northwind Labs at the end of December 2025. What you need to know:

- The nightly dunning run (`billing.tasks.send_reminders`) is scheduled from cron on
  `billing-01`, not from Celery beat as the README suggests.
- `invoices_for_year_end` must run before the 3rd of January or the VAT export is wrong.
- The database password is in the old vault (`secret/billing/prod`), not in the new one.
- Python 3.6 is past end of life. The upgrade is blocked by `psycopg2==2.7.7`, which does not
  build on newer Pythons; nobody has tried psycopg2-binary with the stored procedures.
"""

DEPRECATION = """
> **Deprecated.** Billing is being replaced by ledger-service (see ADR-0007 in platform-docs).
> Only security fixes are accepted. Owner after December 2025: Platform team.
"""


def history() -> list[Commit]:
    s = Story("legacy-billing")
    code = Module(
        "billing/invoices.py",
        flask.invoices,
        list(flask.INVOICE_OPERATIONS[3:]),
        units=[Unit(name, 50) for name in flask.INVOICE_OPERATIONS[:3]],
        feature="Add {title} query",
    )
    upgrades = {k: list(v) for k, v in flask.UPGRADES.items()}
    deps = Deps(
        dict(flask.PINNED), upgrades, lambda pins: {"requirements.txt": flask.requirements(pins)}
    )

    def start() -> dict[str, str | bytes | None]:
        return {
            "README.md": README,
            "LICENSE": PROPRIETARY,
            ".gitignore": "*.pyc\n*.egg-info/\n.env\n",
            "Dockerfile": flask.DOCKERFILE,
            "Jenkinsfile": ci.jenkinsfile("python:3.6", "python -m pytest tests"),
            code.path: code.content(),
            **flask.static_files(),
            **deps.files(),
        }

    s.plan(
        GREGOR,
        (2024, 11, 5, 9, 14),
        "Import billing from the old Subversion repository",
        compute=start,
    )
    s.spread(
        date(2024, 11, 7), date(2025, 12, 5), 26, [(GREGOR, 1)], s.routine(code, scope="billing")
    )

    def bump(package: str) -> dict[str, str | bytes | None]:
        deps.current[package] = deps.upgrades[package].pop(0)
        return dict(deps.files())

    s.plan(
        GREGOR,
        (2025, 2, 12, 16, 2),
        "Pin requests 2.22.0 (CVE-2018-18074)",
        compute=lambda: bump("requests"),
    )
    s.plan(
        GREGOR,
        (2025, 6, 3, 10, 40),
        "Upgrade urllib3 for CVE-2019-11324",
        compute=lambda: bump("urllib3"),
    )
    schedule = [
        ("2.4.1", GREGOR, (2025, 1, 20, 17)),
        ("2.5.0", GREGOR, (2025, 5, 19, 16)),
        ("2.6.0", GREGOR, (2025, 10, 6, 15)),
    ]
    s.releases(schedule, annotated=False)
    s.plan(GREGOR, (2025, 12, 12, 17, 45), "Write handover notes", {"docs/HANDOVER.md": HANDOVER})
    s.plan(
        AMARA,
        (2026, 2, 9, 10, 30),
        "Mark billing as deprecated in favour of ledger-service",
        compute=lambda: {"README.md": README + DEPRECATION},
    )
    s.plan(
        CHLOE,
        (2026, 5, 20, 14, 5),
        "Upgrade Jinja2 to 2.11.3 (CVE-2020-28493)",
        compute=lambda: bump("Jinja2"),
    )
    owners.declare(s, "legacy-billing")
    return s.play()


BLUEPRINT = Blueprint(
    "mirrors/legacy-billing.git",
    history,
    "Flask/Python 3.6, proprietary, truck factor 1",
    bare=True,
)
