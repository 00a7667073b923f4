"""The workspace's state as the cockpit reads it: scanned or not, strategy files valid or not.

:func:`status_context` is the context of ``/api/status/`` and of the banner every page carries
(``_status_banner.html``, included once by ``base.html``): while a strategy file is invalid, the
cockpit keeps serving the last valid declarations (:func:`lodestar.web.cockpit.read_declarations`)
and the banner names each problem as ``path:line:column: message``; while ``lodestar.toml`` is
invalid, the last valid settings serve and the banner names its problem the same way
(``lodestar.toml:line:column: message``); before the first scan, the
observed pages say what to run while the strategy pages work from the workspace's files.
"""

from __future__ import annotations

from dataclasses import dataclass

from lodestar.web.cockpit import MAX_PROBLEMS_SHOWN, Cockpit, StrategyProblem

# the sections (NAV paths) of the pages built on the scans: they say "No scan yet" before one
OBSERVED = frozenset(
    {
        "",
        "repositories/",
        "technologies/",
        "findings/",
        "vulnerabilities/",
        "people/",
        "teams/",
        "whatif/",
        "training/",
    }
)


@dataclass(frozen=True, slots=True)
class StatusContext:
    """What the cockpit can show now, and why not the rest."""

    scanned: bool  # a scan of at least one repository is in the store
    scan_note: str | None  # what to run before the observed pages have data
    strategy_valid: bool  # the strategy files, as they are now, are valid
    serving_last_valid: bool  # they are not: the pages show the last valid declarations
    problems: tuple[StrategyProblem, ...]  # every problem of the files now
    strategy_note: str | None  # why there is no strategy (none declared, never valid)
    settings_valid: bool = True  # lodestar.toml, as it is now, is valid
    # its problem while it is not (``lodestar.toml:line:column``): the last valid settings serve
    settings_problems: tuple[StrategyProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class Banner:
    """The top-of-page notice: the strategy files' problems (the first few), the scan note."""

    problems: tuple[StrategyProblem, ...]
    more: int  # problems not listed
    kept: bool  # the last valid declarations are shown meanwhile
    scan_note: str | None  # on the pages built on the scans, before the first scan
    settings: tuple[StrategyProblem, ...] = ()  # lodestar.toml's problem (last valid kept)


def status_context(cockpit: Cockpit) -> StatusContext:
    problems = cockpit.strategy_problems
    return StatusContext(
        scanned=cockpit.note("scan") is None,
        scan_note=cockpit.note("scan"),
        strategy_valid=not problems,
        serving_last_valid=bool(problems) and cockpit.strategy is not None,
        problems=problems,
        strategy_note=cockpit.note("strategy"),
        settings_valid=not cockpit.settings_problems,
        settings_problems=cockpit.settings_problems[:MAX_PROBLEMS_SHOWN],
    )


def banner(cockpit: Cockpit, section: str) -> Banner:
    """The banner of a page of ``section`` (its NAV path)."""
    problems = cockpit.strategy_problems
    return Banner(
        problems=problems[:MAX_PROBLEMS_SHOWN],
        more=max(len(problems) - MAX_PROBLEMS_SHOWN, 0),
        kept=cockpit.strategy is not None,
        scan_note=cockpit.note("scan") if section in OBSERVED else None,
        settings=cockpit.settings_problems[:MAX_PROBLEMS_SHOWN],
    )
