"""One example per command, shown at the end of its ``--help`` ("Example: lodestar …").

Commands whose help text already ends with an example keep theirs; :func:`add_examples` gives
every other command (and command group) the example below as its epilog. A test walks every
command's ``--help`` and requires an example that starts with the command's own name.
"""

from __future__ import annotations

from typing import Any

__all__ = ["EXAMPLES", "add_examples"]

# command path -> an example command line (quoted as a person would type it in a shell)
EXAMPLES: dict[str, str] = {
    "init": "lodestar init northwind --name 'Northwind Labs' --source '~/src/*'",
    "report": "lodestar report --json > report.json",
    "deps": "lodestar deps log4j-core --range '<2.17.0'",
    "tech": "lodestar tech --category database --evidence",
    "eol": "lodestar eol --warn-days 180 --all",
    "catalog": "lodestar catalog update --product python",
    "catalog update": "lodestar catalog update --product python",
    "sbom": "lodestar sbom billing --format cyclonedx -o billing.cdx.json",
    "vulns": "lodestar vulns list --severity high --team payments",
    "vulns list": "lodestar vulns list --severity high --team payments",
    "demo": "lodestar demo /tmp/northwind --port 8080",
    "validate": "lodestar validate --json",
    "radar": "lodestar radar list --ring Hold",
    "ip": "lodestar ip import --format phpip matters.csv renewals.csv",
    "ip import": "lodestar ip import --format phpip matters.csv renewals.csv --write",
    "radar list": "lodestar radar list --ring Hold --quadrant Platforms",
    "radar show": "lodestar radar show kafka",
    "radar history": "lodestar radar history --since 2025-01-01",
    "radar import": "lodestar radar import radar.csv --format byor-csv",
    "decision": "lodestar decision list --status accepted",
    "decision list": "lodestar decision list --status accepted",
    "decision show": "lodestar decision show ADR-20250512-github-actions-for-ci",
    "decision new": "lodestar decision new 'Use PostgreSQL' --governs postgresql --governs mysql",
    "decision supersede": "lodestar decision supersede ADR-20240603-jenkins-for-ci "
    "ADR-20250512-github-actions-for-ci --accept",
    "decision import": "lodestar decision import docs/adr --overwrite",
    "drift": "lodestar drift --repository billing --rule licence",
    "initiatives": "lodestar initiatives --as-of 2026-12-31",
    "hotspots": "lodestar hotspots billing --since 2026-01-01 --top 20",
    "releases": "lodestar releases billing --tag-pattern '^v\\d+'",
    "experts": "lodestar experts kafka --min-commits 10",
    "people": "lodestar people suggest >> people.toml",
    "history": "lodestar history billing --months 12",
    "trend": "lodestar trend python --months 24",
    "serve": 'lodestar serve --host 0.0.0.0 --port 8000 --token "$LODESTAR_TOKEN"',
    "site": "lodestar site build public/",
    "site build": "lodestar site build public/ --as-of 2026-12-31",
}


def _has_example(command: Any) -> bool:
    text = f"{command.help or ''}\n{getattr(command, 'epilog', None) or ''}"
    return "Example" in text


def add_examples(command: Any, path: str) -> None:
    """Give ``command`` (named ``path``, e.g. "radar list") and its subcommands their example
    epilog, unless their help already shows one."""
    for name, sub in (getattr(command, "commands", None) or {}).items():
        add_examples(sub, f"{path} {name}")
    if path in EXAMPLES and not _has_example(command):
        command.epilog = f"Example: {EXAMPLES[path]}"
