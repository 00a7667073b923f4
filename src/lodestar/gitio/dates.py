"""Read git's raw dates (``<seconds> <offset>``) the way git itself reads them.

A raw date's moment is its timestamp; the offset only says which clock the author's watch
showed. git reads the offset leniently, as one number ``HHMM`` (hours = number // 100,
minutes = number % 100, neither capped: ``date.c``), and so does Lodestar: ``+0160`` is two hours
ahead, ``+123`` one hour 23 minutes (git prints it ``+0123``). An offset of a day or more
(psf/requests' ``+51800``, ``+2400``: fsck calls them ``badTimezone``) is no time zone: the
moment is kept and read in UTC. Every such reading leaves a note that keeps the raw value.

What git prints for a date it cannot read: nothing (an identity without a date, a negative
or missing timestamp) or ``0 +0000`` (a timestamp too large for it; ``for-each-ref`` also for
garbage). :func:`settle_dates` gives such a date the other date of the same object (a commit's
committer date for its author date, a tag's commit date for its tagger date).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from lodestar.errors import GitError

_RAW_DATE = re.compile(rb"(-?\d+) ([+-])(\d+)")
_TZ_CACHE: dict[int, timezone] = {}
MAX_TIMESTAMP_DIGITS = 20  # git's timestamps are 64-bit: never more than 20 digits
MAX_OFFSET_DIGITS = 18
_DAY_MINUTES = 1440


def shown(raw: bytes) -> str:
    """A raw value for a message: quoted, at most 40 bytes, control characters escaped."""
    return repr(raw[:40].decode("utf-8", "backslashreplace")) + ("…" if len(raw) > 40 else "")


def _tz(minutes: int) -> timezone:
    tz = _TZ_CACHE.get(minutes)
    if tz is None:
        tz = _TZ_CACHE[minutes] = timezone(timedelta(minutes=minutes))
    return tz


def _offset_minutes(sign: bytes, digits: bytes) -> int | None:
    """git's reading of an offset in minutes; None for a day or more (or too many digits)."""
    if len(digits) > MAX_OFFSET_DIGITS:
        return None
    number = int(digits)
    minutes = number // 100 * 60 + number % 100
    if minutes >= _DAY_MINUTES:
        return None
    return -minutes if sign == b"-" else minutes


def parse_raw_date(raw: bytes, where: str = "", notes: list[str] | None = None) -> datetime:
    """``1700000000 +0130`` → a timezone-aware datetime, read the way git reads it.

    When the offset is not git's canonical ``[+-]HHMM`` (under a day), a note that keeps the
    raw offset is appended to ``notes``. Raises :class:`~lodestar.errors.GitError` only when
    there is no moment to read: no date, not ``<seconds> <offset>``, or a timestamp outside the
    years 1-9999.
    """
    match = _RAW_DATE.fullmatch(raw.strip())
    if match is None:
        raise GitError(f"{where}malformed git date {shown(raw)}")
    seconds, sign, digits = match.groups()
    if len(seconds.lstrip(b"-")) > MAX_TIMESTAMP_DIGITS:
        raise GitError(f"{where}git date out of range {shown(raw)}")
    minutes = _offset_minutes(sign, digits)
    offset = shown(sign + digits)
    if minutes is None:
        tz = UTC
        if notes is not None:
            notes.append(f"offset {offset} is a day or more: read as UTC, the moment unchanged")
    else:
        tz = _tz(minutes)
        if notes is not None and (len(digits) != 4 or int(digits[2:]) >= 60):
            notes.append(f"offset {offset} read as {str(tz)[3:] or '+00:00'}, as git reads it")
    try:
        return datetime.fromtimestamp(int(seconds), tz=UTC).astimezone(tz)
    except (OverflowError, OSError, ValueError) as exc:
        raise GitError(f"{where}git date out of range {shown(raw)}") from exc


def read_date(raw: bytes, role: str, notes: list[str]) -> datetime | None:
    """:func:`parse_raw_date`, or None when there is no moment to read; notes name ``role``."""
    found: list[str] = []
    try:
        moment = parse_raw_date(raw, notes=found)
    except GitError:
        notes.append(
            f"{role} date {shown(raw)} cannot be read" if raw.strip() else f"{role} date missing"
        )
        return None
    notes.extend(f"{role} date {shown(raw)}: {note}" for note in found)
    return moment


def is_missing(moment: datetime | None) -> bool:
    """Whether a date is unreadable or 0 (what git prints for a date it cannot read)."""
    return moment is None or moment.timestamp() == 0


def settle_dates(
    first: datetime | None, second: datetime | None, roles: tuple[str, str], notes: list[str]
) -> tuple[datetime, datetime] | None:
    """Each date, or the other one when it is unreadable or 0 and the other is not.

    None when neither can be read. Two dates of 0 stay 0 (1970-01-01), as git shows them.
    """
    if first is None and second is None:
        return None
    pair = (first, second)
    out = [first, second]
    for i, j in ((0, 1), (1, 0)):
        mine, other = pair[i], pair[j]
        if mine is not None and mine.timestamp() == 0:
            notes.append(
                f"{roles[i]} date is 0 (1970-01-01), git's reading of a date it cannot hold"
            )
        if is_missing(mine) and (mine is None or not is_missing(other)):
            notes.append(f"{roles[i]} date taken from the {roles[j]} date")
            out[i] = other
    assert out[0] is not None and out[1] is not None  # noqa: S101  one of them was not None
    return out[0], out[1]
