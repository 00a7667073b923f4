"""What a scan keeps for third-party notices (``lodestar notice``, ``notice-stale``).

:class:`NoticeEvidence` is read from one commit by :mod:`lodestar.scan.notices`: the vendored
components (code copied into the repository under another party's licence, with the copyright
lines and the Apache-2.0 NOTICE of their licence files) and the repository's own committed
third-party notice file, if any. The store keeps it beside the scan, so that building a fresh
notice or judging a committed one never goes back to git.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CommittedNotice", "NoticeEvidence", "VendoredComponent"]


@dataclass(frozen=True, slots=True)
class VendoredComponent:
    """One component copied into the repository (a folder under ``_vendor/``, ``vendor/``…).

    ``licence`` is the SPDX expression its licence files' texts match (several files: ``AND``),
    None when not determined (``problem`` then says why when it is known: a file too large to
    read, binary, a text no shipped licence matches). ``copyrights`` are the copyright lines of
    its licence and NOTICE files (control characters already shown as escapes); ``notice`` the
    text of its NOTICE file (Apache-2.0 §4(d): carried over into the distributor's notice).
    """

    path: str  # the component's folder, or the module path for ``six.LICENSE`` beside six.py
    name: str
    version: str | None = None  # from the vendoring list (pip's vendor.txt), when one names it
    licence: str | None = None
    licence_files: tuple[str, ...] = ()
    copyrights: tuple[str, ...] = ()
    notice: str | None = None
    notice_path: str | None = None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class CommittedNotice:
    """The repository's committed third-party notice file (capped; ``truncated`` says so)."""

    path: str
    text: str
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class NoticeEvidence:
    """What one scan saw for notices: vendored components and the committed notice file."""

    vendored: tuple[VendoredComponent, ...] = ()
    committed: CommittedNotice | None = None
