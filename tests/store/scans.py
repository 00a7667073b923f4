"""A sample scan the store's tests write and read back."""

from __future__ import annotations

from lodestar.records import (
    FileKind,
    FileStat,
    LicenceFinding,
    LicenceSource,
    LicenceStatus,
    RepoLicence,
    RepoScan,
    RepositoryRef,
    ScanWarning,
)

REF = RepositoryRef("api", "/srv/git/api")


def sample_scan(commit: str, py_code: int = 10) -> RepoScan:
    """A scan of ``api`` at ``commit``: 3 files (one vendored, one binary), a licence mismatch,
    one warning."""
    return RepoScan(
        repository=REF,
        ref="HEAD",
        commit=commit,
        committed_at="2025-01-01T00:00:00+00:00",
        files=(
            FileStat("app.py", "Python", FileKind.OWN, 100, False, py_code, 2, 1),
            FileStat("vendor/x.js", "JavaScript", FileKind.VENDORED, 50, False, 40, 0, 0),
            FileStat("logo.png", None, FileKind.OWN, 10, True),
        ),
        licence=RepoLicence(
            declared="MIT",
            detected="Apache-2.0",
            status=LicenceStatus.MISMATCH,
            findings=(LicenceFinding("Apache-2.0", LicenceSource.FILE, "LICENSE", 0.99),),
        ),
        warnings=(ScanWarning("big.bin", "skipped: too big"),),
    )
