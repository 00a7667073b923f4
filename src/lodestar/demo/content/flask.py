"""legacy-billing: a Python 2-era Flask and Celery service, pinned in requirements.txt."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lodestar.demo.units import Unit

__all__ = [
    "DOCKERFILE",
    "INVOICE_OPERATIONS",
    "PINNED",
    "UPGRADES",
    "invoices",
    "requirements",
    "static_files",
]

PINNED: dict[str, str] = {
    "Flask": "1.0.2",
    "Werkzeug": "0.15.6",
    "Jinja2": "2.10.1",
    "itsdangerous": "0.24",
    "click": "6.7",
    "MarkupSafe": "1.1.1",
    "SQLAlchemy": "1.2.19",
    "Flask-SQLAlchemy": "2.3.2",
    "psycopg2": "2.7.7",
    "celery": "4.2.1",
    "kombu": "4.3.0",
    "redis": "2.10.6",
    "requests": "2.19.1",  # CVE-2018-18074 until the February 2025 pin
    "urllib3": "1.24.3",
    "six": "1.12.0",
    "python-dateutil": "2.7.5",
    "gunicorn": "19.9.0",
}

UPGRADES: dict[str, list[str]] = {
    "requests": ["2.22.0", "2.25.1"],
    "urllib3": ["1.25.11", "1.26.5"],
    "Jinja2": ["2.11.3"],
}

DOCKERFILE = """FROM python:3.6

RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev \\
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/billing
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

EXPOSE 5000
CMD ["gunicorn", "-w", "4", "-b", "0.0.0.0:5000", "billing.app:app"]
"""

INVOICE_OPERATIONS = [
    "overdue_invoices",
    "invoices_due_this_week",
    "credit_notes",
    "invoices_by_partner",
    "unreconciled_payments",
    "dunning_candidates",
    "vat_exempt_invoices",
    "invoices_in_dispute",
    "written_off_invoices",
    "invoices_for_export",
    "duplicate_payments",
    "invoices_missing_po_number",
    "partial_payments",
    "invoices_by_cost_centre",
    "refunded_invoices",
    "invoices_pending_approval",
    "recurring_invoices",
    "invoices_with_discounts",
    "foreign_currency_invoices",
    "invoices_sent_by_post",
    "invoices_awaiting_signature",
    "late_fee_candidates",
    "invoices_for_year_end",
    "zero_value_invoices",
    "invoices_with_attachments",
    "invoices_on_payment_plan",
]


def requirements(pins: Mapping[str, str]) -> str:
    return "".join(f"{name}=={version}\n" for name, version in sorted(pins.items()))


def invoices(units: Sequence[Unit]) -> str:
    """The invoice query module (the service's hotspot), in the Python 2 idiom it was written."""
    out = [
        "# -*- coding: utf-8 -*-\n",
        '"""Invoice queries used by the billing screens and the nightly jobs."""\n',
        "from __future__ import absolute_import, print_function, unicode_literals\n\n",
        "import datetime\n\n",
        "import six\n",
        "from flask import Blueprint, jsonify, request\n\n",
        "from billing.models import Invoice, db\n\n",
        "invoices = Blueprint('invoices', __name__, url_prefix='/invoices')\n\n\n",
        "def _serialise(rows):\n",
        "    return [dict((k, six.text_type(v)) for k, v in six.iteritems(r.to_dict())) for r in rows]\n",  # noqa: E501  template line
    ]
    out.extend(
        (
            f"\n\n@invoices.route('/{unit.name.replace('_', '-')}')\n"
            f"def {unit.name}():\n"
            f"    limit = int(request.args.get('limit', {unit.limit}))\n"
            "    today = datetime.date.today()\n"
            "    query = Invoice.query.filter(Invoice.issued_on <= today)\n"
            f"    query = query.filter(Invoice.kind == '{unit.name.split('_')[0]}')\n"
            "    return jsonify(items=_serialise(query.order_by(Invoice.id.desc()).limit(limit)))\n"
        )
        for unit in units
    )
    return "".join(out)


def static_files() -> dict[str, str]:
    return {
        "setup.py": (
            "# -*- coding: utf-8 -*-\n"
            "from setuptools import find_packages, setup\n\n"
            "setup(\n"
            "    name='northwind-billing',\n"
            "    version='2.4.0',\n"
            "    packages=find_packages(exclude=['tests']),\n"
            "    python_requires='>=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*',\n"
            "    classifiers=[\n"
            "        'Private :: Do Not Upload',\n"
            "        'Programming Language :: Python :: 2.7',\n"
            "        'Programming Language :: Python :: 3.6',\n"
            "    ],\n"
            ")\n"
        ),
        "runtime.txt": "python-3.6.15\n",
        "billing/__init__.py": "# -*- coding: utf-8 -*-\n",
        "billing/app.py": (
            "# -*- coding: utf-8 -*-\n"
            "from __future__ import absolute_import\n\n"
            "import os\n\n"
            "from flask import Flask\n\n"
            "from billing.invoices import invoices\n"
            "from billing.models import db\n\n"
            "app = Flask(__name__)\n"
            "app.config['SQLALCHEMY_DATABASE_URI'] = os.environ.get(\n"
            "    'BILLING_DATABASE_URL', 'postgresql://billing@localhost/billing')\n"
            "app.config['SQLALCHEMY_TRACK_MODIFICATIONS'] = False\n"
            "db.init_app(app)\n"
            "app.register_blueprint(invoices)\n\n\n"
            "@app.route('/ping')\n"
            "def ping():\n"
            "    return 'pong'\n"
        ),
        "billing/models.py": (
            "# -*- coding: utf-8 -*-\n"
            "from __future__ import absolute_import\n\n"
            "from flask_sqlalchemy import SQLAlchemy\n\n"
            "db = SQLAlchemy()\n\n\n"
            "class Invoice(db.Model):\n"
            "    __tablename__ = 'invoices'\n\n"
            "    id = db.Column(db.Integer, primary_key=True)\n"
            "    number = db.Column(db.String(32), unique=True, nullable=False)\n"
            "    partner_id = db.Column(db.Integer, index=True)\n"
            "    kind = db.Column(db.String(16), nullable=False)\n"
            "    amount_cents = db.Column(db.BigInteger, nullable=False)\n"
            "    currency = db.Column(db.String(3), default='EUR')\n"
            "    issued_on = db.Column(db.Date, nullable=False)\n"
            "    paid_on = db.Column(db.Date)\n\n"
            "    def to_dict(self):\n"
            "        return {c.name: getattr(self, c.name) for c in self.__table__.columns}\n"
        ),
        "billing/tasks.py": (
            "# -*- coding: utf-8 -*-\n"
            "from __future__ import absolute_import, print_function\n\n"
            "from celery import Celery\n\n"
            "celery = Celery('billing', broker='redis://localhost:6379/3')\n\n\n"
            "@celery.task(bind=True, max_retries=5)\n"
            "def send_reminders(self, invoice_ids):\n"
            "    for invoice_id in invoice_ids:\n"
            "        print('reminder queued for invoice %s' % invoice_id)\n"
        ),
        "tests/test_ping.py": (
            "from billing.app import app\n\n\n"
            "def test_ping():\n"
            "    assert app.test_client().get('/ping').data == b'pong'\n"
        ),
    }
