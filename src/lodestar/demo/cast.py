"""The people of Northwind Labs and the two-year window the demo history spans.

Every repository draws its authors from this one cast, so that cross-repository figures (who
knows what, who left, which bots do the chores) are consistent. Time zones are fixed offsets so
the demo builds identically on every machine, with or without a time-zone database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from lodestar.demo.factory import Author

__all__ = [
    "BOTS",
    "GITHUB",
    "HUMANS",
    "WINDOW_END",
    "WINDOW_START",
    "Person",
]

WINDOW_START = datetime(2024, 11, 1, tzinfo=UTC)
WINDOW_END = datetime(2026, 10, 31, 23, 59, 59, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who commits: an identity, a home time zone and a role (for the docs)."""

    name: str
    email: str
    utc_offset_minutes: int
    role: str
    bot: bool = False

    @property
    def author(self) -> Author:
        return Author(self.name, self.email)

    @property
    def tz(self) -> timezone:
        return timezone(timedelta(minutes=self.utc_offset_minutes))

    def local(self, year: int, month: int, day: int, hour: int = 11, minute: int = 0) -> datetime:
        """A moment on the person's own clock."""
        return datetime(year, month, day, hour, minute, tzinfo=self.tz)


def _staff(name: str, user: str, offset_hours: float, role: str) -> Person:
    return Person(name, f"{user}@northwind-labs.example", int(offset_hours * 60), role)


AMARA = _staff("Amara Okafor", "amara.okafor", 1, "Head of Platform")
DMITRI = _staff("Dmitri Volkov", "dmitri.volkov", 2, "Staff engineer, orders")
# Dmitri's commits from his personal GitHub account; .mailmap in orders-api joins the two.
DMITRI_GITHUB = Person("dvolkov", "dvolkov@users.noreply.github.com", 120, "same person")
PRIYA = _staff("Priya Raman", "priya.raman", 5.5, "Frontend lead")
LUKAS = _staff("Lukas Becker", "lukas.becker", 1, "Backend engineer, Go")
SOFIA = _staff("Sofia Marquez", "sofia.marquez", 0, "Backend engineer, JVM")
GREGOR = _staff("Gregor Lindqvist", "gregor.lindqvist", 1, "Billing engineer (left 2025-12)")
HANNAH = _staff("Hannah Kim", "hannah.kim", -5, "Data scientist")
TOMAS = _staff("Tomás Silva", "tomas.silva", -3, "Full-stack engineer")
YUKI = _staff("Yuki Tanaka", "yuki.tanaka", 9, "Developer tooling")
FATIMA = _staff("Fatima Haddad", "fatima.haddad", 1, "Web engineer, Ruby and PHP")
OLIVER = _staff("Oliver Brennan", "oliver.brennan", 0, "Backend engineer, .NET")
CHLOE = _staff("Chloé Dubois", "chloe.dubois", 1, "Site reliability engineer")

HUMANS: tuple[Person, ...] = (
    AMARA,
    DMITRI,
    PRIYA,
    LUKAS,
    SOFIA,
    GREGOR,
    HANNAH,
    TOMAS,
    YUKI,
    FATIMA,
    OLIVER,
    CHLOE,
)

DEPENDABOT = Person(
    "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0, "bot", bot=True
)
RENOVATE = Person(
    "renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0, "bot", bot=True
)
ACTIONS = Person(
    "github-actions[bot]",
    "41898282+github-actions[bot]@users.noreply.github.com",
    0,
    "bot",
    bot=True,
)
BOTS: tuple[Person, ...] = (DEPENDABOT, RENOVATE, ACTIONS)

# Squash-merged pull requests are committed by GitHub itself.
GITHUB = Author("GitHub", "noreply@github.com")
