"""Which module defines each command: the table the CLI loads commands by.

It imports nothing, so that the fast paths of :mod:`lodestar.cli` (the top-level help) can read
the command names without Typer; :mod:`lodestar.cli.app` builds the commands from it.
"""

from __future__ import annotations

__all__ = ["COMMAND_MODULES"]

# Command (or command group) -> the module under lodestar.cli whose ``register(app)`` defines
# it, in the order ``--help`` lists them. A module is imported only when one of its commands
# runs (or for the full ``--help``), so a command pays for its own imports only.
COMMAND_MODULES: dict[str, str] = {
    "loc": "commands_loc",
    "scan": "commands_scan",
    "mirror": "commands_mirror",
    "repos": "commands_scan",
    "report": "commands_report",
    "deps": "commands_inventory",
    "tech": "commands_inventory",
    "eol": "commands_inventory",
    "catalog": "commands_inventory",
    "sbom": "commands_sbom",
    "notice": "commands_notice",
    "vulns": "commands_vulns",
    "demo": "commands_demo",
    "validate": "commands_strategy",
    "radar": "commands_strategy",
    "decision": "commands_decision",
    "ip": "commands_ip",
    "verdict": "commands_verdict",
    "check": "commands_check",
    "drift": "commands_check",
    "campaigns": "commands_check",
    "initiatives": "commands_check",
    "risk": "commands_risk",
    "hotspots": "commands_risk",
    "releases": "commands_risk",
    "experts": "commands_risk",
    "training": "commands_training",
    "people": "commands_people",
    "owners": "commands_owners",
    "whatif": "commands_whatif",
    "history": "commands_history",
    "trend": "commands_history",
    "serve": "commands_web",
    "site": "commands_web",
    "worker": "commands_queue",
    "queue": "commands_queue",
}
