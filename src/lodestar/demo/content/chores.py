"""Texts the chores leave behind: CHANGELOG.md and the dependency bots' commit messages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

__all__ = ["bump_message", "changelog"]


def changelog(releases: Sequence[tuple[str, date, Sequence[tuple[str, str]]]]) -> str:
    """CHANGELOG.md in the Keep a Changelog layout."""
    out = [
        "# Changelog\n\n",
        "All notable changes to this project are documented in this file.\n",
        "The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).\n\n",
        "## [Unreleased]\n",
    ]
    for version, day, items in releases:
        out.append(f"\n## [{version}] - {day.isoformat()}\n")
        for kind in ("Added", "Changed", "Fixed"):
            lines = sorted({text for k, text in items if k == kind})
            if lines:
                out.append(f"\n### {kind}\n\n" + "".join(f"- {line}\n" for line in lines))
    return "".join(out)


def bump_message(bot: str, package: str, old: str, new: str) -> str:
    """The commit message each dependency bot writes."""
    if bot.startswith("renovate"):
        return (
            f"chore(deps): update dependency {package} to v{new}\n\n"
            f"This PR contains the following updates:\n\n"
            f"| Package | Change |\n|---|---|\n| {package} | `{old}` -> `{new}` |\n\n"
            "---\n\n### Configuration\n\n📅 **Schedule**: Branch creation - At any time.\n"
        )
    return (
        f"Bump {package} from {old} to {new}\n\n"
        f"Bumps {package} from {old} to {new}.\n\n"
        "---\nupdated-dependencies:\n"
        f"- dependency-name: {package}\n  dependency-type: direct:production\n"
        "  update-type: version-update:semver-minor\n...\n\n"
        "Signed-off-by: dependabot[bot] <support@github.com>\n"
    )
