"""Package URLs (https://github.com/package-url/purl-spec): the one place a package's identity
is derived from a purl.

:func:`package_key` is the purl without version, qualifiers and subpath: two dependencies are
the same package exactly when their keys are equal (the store's ``package`` column, the scan's
lock matching, the trends and the package selection all use it).
"""

from __future__ import annotations

__all__ = ["package_key"]


def package_key(purl: str) -> str:
    """The purl without version, qualifiers and subpath: identifies a package."""
    head = purl.split("?", 1)[0].split("#", 1)[0]
    at = head.rfind("@")
    slash = head.rfind("/")
    return head[:at] if at > slash else head
