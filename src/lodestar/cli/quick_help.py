"""``lodestar --help`` (and ``-h``, and ``lodestar`` alone) without Typer or any command module.

Typer draws the top-level help by importing itself (and, through it, pydantic, Markdown and
traceback support) and every command module, to read each command's first help paragraph:
most of a second on a busy machine, for a page of text. This module draws the same page with
Rich alone, from :data:`SUMMARIES`, a table of those first paragraphs, and the top-level
options in :data:`OPTIONS`. The drawing follows ``typer.rich_utils.rich_format_help`` step by
step, with the same styles, console and widths, so the bytes are the same; a test renders the
page both ways (plain and coloured, several widths, ``python -m`` and the script) and compares
them, and another checks the table against the real commands.

:func:`show` declines (returns False) whenever the table or the conditions might not match:
a command missing from the table (one added since, until the table is regenerated), Typer's
Rich output switched off, a shell-completion request, or a terminal so narrow that Click would
wrap the usage line. Then Typer draws the page as before.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, HighlighterType
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

__all__ = ["APP_HELP", "OPTIONS", "SUMMARIES", "program_name", "render", "show"]

# The top-level help paragraph (``typer.Typer(help=...)`` in lodestar.cli.app).
APP_HELP = (
    "Lodestar, the open-source office of the CTO: observe what your organisation runs "
    "from its git repositories, declare what it should run, and measure the gap."
)
# (long option, short option, value label, help) of the top-level options, as Typer lists them
# (labels from lodestar.cli.help_format; None for a flag).
OPTIONS: tuple[tuple[str, str, str | None, str], ...] = (
    (
        "--workspace",
        "-w",
        "DIR",
        (
            "Workspace folder (default: $LODESTAR_WORKSPACE, or the first folder at or above "
            "the current one holding lodestar.toml)."
        ),
    ),
    ("--version", "", None, "Show the version."),
    ("--help", "-h", None, "Show this message and exit."),
)
# Each command's first help paragraph, in --help order: generated from the commands
# (tests/cli/test_quick_help.py prints the current table when this one is stale).
SUMMARIES: dict[str, str] = {
    "init": "Create a workspace: lodestar.toml, strategy folders with templates, examples, git.",
    "loc": "Count files, blank, comment and code lines per language of the committed tree.",
    "scan": (
        "Scan repositories: languages, lines of code, licences, dependencies; then mine "
        "git\n"
        "history and monthly snapshots incrementally; store the results. Remote sources "
        "([sources]\n"
        "urls, lists, forges) are mirrored first (see 'lodestar mirror') unless "
        "--no-fetch."
    ),
    "mirror": (
        "Clone missing and fetch existing bare mirrors of every remote source ([sources] "
        "urls,\n"
        "lists, forges) under sources.mirrors, through the hardened git door (https, "
        "ssh, git and\n"
        "file only; nothing a remote configures runs). A failed repository is reported "
        "with its\n"
        "reason and the others go on; exit 1 when any failed."
    ),
    "repos": "List repositories: owner, commit, top languages, own code, licence, warnings.",
    "report": (
        "Organisation summary: languages by own code, licences, repositories with problems. "
        "'lodestar report board' writes the quarterly board report."
    ),
    "deps": "Which repositories use a package, and the spread of its versions.",
    "tech": "Technologies in use, by number of repositories, with their evidence.",
    "eol": "End-of-life exposure: declared runtime, OS, database and framework versions.",
    "catalog": (
        "Browse the technology catalog (list, show), refresh end-of-life data (update), "
        "export the repositories as a Backstage catalog (export)."
    ),
    "sbom": "Write a software bill of materials from the stored scan (no git access).",
    "notice": "Write a third-party NOTICE from the stored scan, or check the committed one.",
    "vulns": (
        "Vulnerabilities: list them (lodestar vulns [REPO]), their exposure history and "
        "time to remediate (vulns history), import OSV advisories (offline unless given "
        "a URL), see how fresh they are."
    ),
    "demo": (
        "Build a synthetic organisation of a dozen repositories, scan it and print the report."
    ),
    "validate": "Check every strategy file of the workspace; exit 1 when any is invalid.",
    "radar": "The technology radar: entries, movement, import, export and the public radar.",
    "decision": "Decision records (MADR 4 with Lodestar's extensions).",
    "ip": "The IP office: register summary, deadlines to act on, and IP findings; import a docket.",
    "verdict": "Score each level of the CTO's work, with its trend, changes and the top actions.",
    "check": "Hold the organisation (or one repository) against the workspace's strategy.",
    "drift": "Drift findings of the organisation, from the stored scans (always exits 0).",
    "campaigns": "Migration campaigns: progress, monthly burn-down and projected finish.",
    "initiatives": "R&D initiatives: key results (measured or entered), milestones.",
    "risk": "Knowledge risk: truck factors, knowledge islands and departed owners.",
    "hotspots": ("Hotspots (revisions x lines of code) of files and folders, and change coupling."),
    "releases": (
        "Delivery cadence from git alone: releases, lead time for changes, reverts and hotfixes."
    ),
    "experts": "Who knows a technology, and whether they are still active.",
    "training": (
        "Training plans for the radar Adopt/Trial entries and languages short of two active "
        "experts."
    ),
    "people": (
        "People, most commits first: the identities (name, email, commits) each one "
        "commits\n"
        "under, and the evidence that joined them (people.toml, .mailmap, GitHub noreply "
        "login,\n"
        "same full name, same local part on the organisation's own domains)."
    ),
    "owners": "Declared and observed owners of each repository, their team and status.",
    "whatif": "Off-boarding what-if: what the organisation loses if these people leave.",
    "history": (
        "Activity from git history: commits, lines and people per month, top contributors."
    ),
    "trend": (
        "Repositories using a technology, package or radar entry, month by month (each\n"
        "repository's latest state carried through months without a commit; for a "
        "package, the\n"
        "spread of versions)."
    ),
    "serve": ("Serve the CTO's cockpit (pages and read-only JSON API) from the workspace's store."),
    "site": "The cockpit as a static site.",
    "worker": (
        "Take jobs from the scan queue (PostgreSQL): each job scans one repository, "
        "mines its\n"
        "history and monthly snapshots; start as many workers as you like, on any "
        "machine that has\n"
        "the workspace and sees the sources at the same paths. A worker killed mid-job "
        "leaves its\n"
        "job to be retried (after queue.stalled_after seconds); Ctrl-C or SIGTERM stops "
        "after the\n"
        "running job."
    ),
    "queue": (
        "The scan queue: jobs per task that are pending, running, failed and succeeded; "
        "each\n"
        "failed, stalled (its worker died), retrying or running job with its repository "
        "and last\n"
        "error; and the periodic schedule (the nightly re-scan, queue.rescan)."
    ),
}

# typer.rich_utils' styles and regular expressions, as it draws a group's help.
_STYLE_USAGE_COMMAND = "bold"
_STYLE_TYPES = "bold yellow"
_STYLE_PANEL_BORDER = "dim"
_STYLE_COMMANDS_FIRST_COLUMN = "bold cyan"
_THEME = {
    "option": "bold cyan",
    "switch": "bold green",
    "negative_option": "bold magenta",
    "negative_switch": "bold red",
    "types": _STYLE_TYPES,
    "types_sep": "dim",
    "usage": "yellow",
}
_OPTION_HIGHLIGHTS = [
    r"(^|\W)(?P<switch>\-\w+)(?![a-zA-Z0-9])",
    r"(^|\W)(?P<option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
    r"(?P<types>\<[^\>]+\>)",
    r"(?P<usage>Usage: )",
]
_NEGATIVE_HIGHLIGHTS = [
    r"(^|\W)(?P<negative_switch>\-\w+)(?![a-zA-Z0-9])",
    r"(^|\W)(?P<negative_option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
]
_TYPES_HIGHLIGHTS = [
    r"^(?P<types_sep>(\[|<))",
    r"(?P<types_sep>\|)",
    r"(?P<types_sep>(\]|>))(\.\.\.)?$",
]
_USAGE_ARGS = "[OPTIONS] COMMAND [ARGS]..."
# Environment variables that change how Typer draws help, or that it is not drawing help at all.
_TYPER_SWITCHES = ("TYPER_USE_RICH", "_LODESTAR_COMPLETE")


def program_name() -> str:
    """The program name Click shows in ``Usage:`` (``lodestar``, ``python -m lodestar``).

    Click's ``_detect_program_name``, with ``os.path``: pathlib is not loaded on this path.
    """
    main = sys.modules["__main__"]
    path = sys.argv[0]
    package = getattr(main, "__package__", None)
    if package in {None, ""} or (
        os.name == "nt"
        and package == ""
        and not os.path.exists(path)  # noqa: PTH110  (see the docstring)
        and os.path.exists(f"{path}.exe")  # noqa: PTH110
    ):
        return os.path.basename(path)  # noqa: PTH119
    module = str(package)
    name = os.path.splitext(os.path.basename(path))[0]  # noqa: PTH119, PTH122
    if name != "__main__":
        module = f"{module}.{name}"
    return f"python -m {module.lstrip('.')}"


def _usage_fits(usage: str) -> bool:
    """Whether Click writes the usage on one line (its help formatter's width)."""
    width = max(min(shutil.get_terminal_size().columns, 80) - 2, 50)
    return len(usage) <= width


def show(args: Sequence[str], commands: Sequence[str]) -> bool:
    """Print the top-level help for ``args`` ([], ["--help"] or ["-h"]) and return True, or
    return False (nothing printed) when Typer must draw it; see the module docstring.

    ``commands`` are the command names in --help order. With no arguments the page is Click's
    "no arguments" usage error: the same page, without the blank line after it, exit code 2.
    """
    if any(name in os.environ for name in _TYPER_SWITCHES):
        return False
    if list(commands) != list(SUMMARIES):
        return False
    usage = f"Usage: {program_name()} {_USAGE_ARGS}"
    if not _usage_fits(usage):
        return False
    render(usage, SUMMARIES)
    if args:
        sys.stdout.write("\n")  # what Click's help option echoes after the page
        sys.stdout.flush()
        return True
    sys.stdout.flush()
    raise SystemExit(2)


def _console() -> Console:
    from rich.console import Console
    from rich.highlighter import RegexHighlighter
    from rich.theme import Theme

    class _Options(RegexHighlighter):
        highlights = _OPTION_HIGHLIGHTS

    width = os.getenv("TERMINAL_WIDTH")
    force = (
        True
        if os.getenv("GITHUB_ACTIONS") or os.getenv("FORCE_COLOR") or os.getenv("PY_COLORS")
        else None
    )
    if os.getenv("_TYPER_FORCE_DISABLE_TERMINAL"):
        force = False
    return Console(
        theme=Theme(_THEME),
        highlighter=_Options(),
        color_system="auto",
        force_terminal=force,
        width=int(width) if width else None,
    )


def render(usage: str, summaries: Mapping[str, str]) -> None:
    """Draw the page on stdout: usage, the app's help, the options and commands panels."""
    from rich.align import Align
    from rich.console import Group
    from rich.markup import escape
    from rich.padding import Padding
    from rich.text import Text

    console = _console()
    highlight = console.highlighter

    def rich_text(text: str) -> Text:
        # Typer's emoji=True replaces ":name:" codes; where no such code can match, emoji=False
        # is the same text without loading Rich's table of 4,000 codes.
        emoji = re.search(r":\S*?:", text) is not None
        # help text is plain text, never markup (lodestar.cli.help_format does the same)
        return highlight(Text.from_markup(escape(text), style="", emoji=emoji))

    console.print(Padding(highlight(usage), 1), style=_STYLE_USAGE_COMMAND)
    console.print(Padding(Align(Group(rich_text(APP_HELP)), pad=False), (0, 1, 1, 1)))
    console.print(_options_panel(highlight, rich_text))
    console.print(_commands_panel(summaries, rich_text))


def _table(*, highlight: bool) -> Table:
    from rich.table import Table

    return Table(
        highlight=highlight,
        show_header=False,
        expand=True,
        box=None,
        show_lines=False,
        leading=0,
        border_style=None,
        row_styles=None,
        pad_edge=False,
        padding=(0, 1),
    )


def _options_panel(highlight: HighlighterType, rich_text: Callable[[str], Text]) -> Panel:
    from rich.columns import Columns
    from rich.highlighter import RegexHighlighter
    from rich.panel import Panel
    from rich.text import Text

    class _Negative(RegexHighlighter):
        highlights = _NEGATIVE_HIGHLIGHTS

    class _Types(RegexHighlighter):
        highlights = _TYPES_HIGHLIGHTS

    negative, types = _Negative(), _Types()
    table = _table(highlight=True)
    for long, short, shown, text in OPTIONS:
        kind = Text(style=_STYLE_TYPES, overflow="fold")
        kind.append(shown or "")  # a flag: no value label
        table.add_row(
            highlight(long),
            highlight(short),
            negative(""),
            negative(""),
            types(kind),
            Columns([rich_text(text)]),
        )
    return Panel(table, border_style=_STYLE_PANEL_BORDER, title="Options", title_align="left")


def _commands_panel(summaries: Mapping[str, str], rich_text: Callable[[str], Text]) -> Panel:
    from rich.panel import Panel
    from rich.text import Text

    table = _table(highlight=False)
    table.add_column(
        style=_STYLE_COMMANDS_FIRST_COLUMN,
        no_wrap=True,
        width=max((len(name) for name in summaries), default=0),
    )
    table.add_column("Description", justify="left", no_wrap=False, ratio=10)
    for name, summary in summaries.items():
        table.add_row(Text(name), rich_text(summary))
    return Panel(table, border_style=_STYLE_PANEL_BORDER, title="Commands", title_align="left")
