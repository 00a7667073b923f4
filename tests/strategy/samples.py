"""Realistic strategy files, shared by the strategy tests."""

from __future__ import annotations

RADAR_PYTHON = """\
---
title: Python 3.12+
quadrant: Languages & Frameworks
ring: Adopt
tags: [backend, data]
owner: platform-team
review-by: 2027-03-31
decisions: [ADR-20250310-postgres-default]
matchers:
  - technology: python
    versions: ">=3.12"
---
Our default language for services and data work.
"""

RADAR_OLD_PYTHON = """\
---
title: Python before 3.10
quadrant: languages-and-frameworks
ring: hold
replaced-by: python
matchers:
  - technology: python
    versions: "<3.10"
---
Out of support; migrate (see the campaign).
"""

DECISION = """\
---
id: ADR-20250310-postgres-default
status: accepted
date: 2025-03-10
decision-makers: [Dana Smith, Lee Wong]
consulted: [DBA guild]
informed: [all engineers]
governs:
  - technology: postgresql
review-by: 2026-03-10
evaluation:
  criteria:
    Operability: 3
    Cost: 2
    Ecosystem: 1
  scores:
    PostgreSQL: {Operability: 4, Cost: 4, Ecosystem: 5}
    MySQL: {Operability: 4, Cost: 4, Ecosystem: 3}
    MongoDB: {Operability: 2, Cost: 3, Ecosystem: 4}
---
# Use PostgreSQL as the default relational database

## Context and Problem Statement

Teams pick databases ad hoc.

## Considered Options

* PostgreSQL
* MySQL
* MongoDB

## Decision Outcome

Chosen option: "PostgreSQL", because it scores best on operability.
"""

POLICY = """\
licence:
  default-context: internal
  contexts:
    distributed:
      denied: [GPL-3.0-only, AGPL-3.0-only]
      review: [LGPL-2.1-only]
    saas:
      denied: [AGPL-3.0-only]
  repositories:
    storefront-web: distributed
eol:
  warn-days: 120
radar:
  hold-no-new-since: 2025-01-01
  assess-only-in: [data-platform]
dependencies:
  - action: deny
    match: {purl: pkg:npm/moment, versions: "*"}
    reason: unmaintained; use date-fns
exceptions:
  - rule: licence
    repository: storefront-web
    subject: LGPL-2.1-only
    owner: Dana Smith
    reason: legal review in progress
    expires: 2026-06-30
"""

CAMPAIGN = """\
---
title: Retire Python before 3.10
from:
  - technology: python
    versions: "<3.10"
to:
  - technology: python
    versions: ">=3.12"
owner: platform-team
start: 2025-01-15
due: 2026-06-30
---
Move every service to a supported Python.
"""

INITIATIVE = """\
---
title: Platform modernisation
status: active
owner: Dana Smith
repositories: [orders-api, data-platform]
milestones:
  - {title: Python campaign half done, due: 2025-09-30, done: true}
  - {title: All services on 3.12, due: 2026-06-30}
objectives:
  - title: No end-of-life runtimes in production
    key-results:
      - title: Repositories migrated off old Python
        target: 100
        unit: "%"
        metric: campaign:retire-old-python
      - title: Services with on-call runbooks
        start: 2
        target: 12
        current: 7
---
Modernise the platform.
"""

FILES: dict[str, str] = {
    "radar/python.md": RADAR_PYTHON,
    "radar/python-lt-3-10.md": RADAR_OLD_PYTHON,
    "decisions/ADR-20250310-postgres-default.md": DECISION,
    "policies/policies.yaml": POLICY,
    "campaigns/retire-old-python.md": CAMPAIGN,
    "initiatives/platform-modernisation.md": INITIATIVE,
}
