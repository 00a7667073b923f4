"""The organisation summary: languages by own code, licences, repositories with problems.

How the figures are derived:

* *Own code* is code lines (not comments, not blanks) in files classified as the organisation's
  own, i.e. not vendored, generated or documentation (see ``lodestar.scan.classify``), at the
  scanned commit of each repository. Binary files and unrecognised languages count as files only.
* *Languages* are code languages only: programming and markup, as in Linguist's language bar;
  data and prose languages (JSON, SVG, Gettext catalogs, Markdown …) are reported beside them
  as ``data_languages`` (see ``lodestar.analysis.languages``). Shares are of the code
  languages' lines.
* A repository's *licence* is what its root licence files say, else what its root package
  metadata declares; a disagreement between the two is a problem, and so is having neither.
* A stage whose last run failed on a repository (the scan, history mining, monthly snapshots)
  is a problem, with the reason, until a later run of that stage succeeds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lodestar.analysis.languages import split_languages, with_code_languages
from lodestar.records import LanguageRow, RepositoryRow

NO_LICENCE = "(none)"


@dataclass(frozen=True, slots=True)
class LicenceUse:
    licence: str
    repositories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    repository: str
    # no-licence, licence-mismatch, licence-unknown, scan-failed, history-failed,
    # snapshots-failed, not-scanned, warnings
    kind: str
    detail: str


@dataclass(frozen=True, slots=True)
class OrganisationReport:
    organisation: str
    repositories: int
    scanned: int
    own_code: int
    code_by_kind: dict[str, int]
    languages: tuple[LanguageRow, ...]  # code languages: programming and markup
    licences: tuple[LicenceUse, ...]
    problems: tuple[Problem, ...]
    repository_rows: tuple[RepositoryRow, ...] = field(default=())
    data_languages: tuple[LanguageRow, ...] = field(default=())  # data and prose, beside

    @property
    def language_code(self) -> int:
        """Code lines of the code languages: the whole of which each language's share is."""
        return sum(row.code for row in self.languages)


def _problems(row: RepositoryRow) -> list[Problem]:
    out: list[Problem] = []
    if row.last_error:
        out.append(Problem(row.name, "scan-failed", row.last_error))
    out.extend(
        Problem(row.name, f"{f.stage}-failed", f.reason)
        for f in row.failures
        if f.stage != "inventory"  # the scan's failure: scan-failed above
    )
    if row.commit is None:
        if not row.last_error:
            out.append(Problem(row.name, "not-scanned", "run 'lodestar scan'"))
        return out
    if row.licence_status == "none":
        out.append(Problem(row.name, "no-licence", "no licence file and no declared licence"))
    elif row.licence_status == "mismatch":
        out.append(
            Problem(
                row.name,
                "licence-mismatch",
                f"metadata declares {row.licence_declared}, files say {row.licence_detected}",
            )
        )
    elif row.licence_status == "unknown":
        out.append(Problem(row.name, "licence-unknown", "licence file matches no known licence"))
    if row.warnings:
        out.append(
            Problem(row.name, "warnings", f"{row.warnings} warning(s); 'lodestar repos --warnings'")
        )
    return out


def build_report(
    organisation: str,
    repositories: Sequence[RepositoryRow],
    languages: Sequence[LanguageRow],
    code_by_kind: Mapping[str, int],
) -> OrganisationReport:
    """The summary from the store's rows: every repository
    (:func:`lodestar.store.queries.list_repositories`), the own code per language
    (:func:`~lodestar.store.queries.organisation_languages`) and the code per kind
    (:func:`~lodestar.store.queries.kind_totals`)."""
    rows = with_code_languages(repositories)
    by_licence: dict[str, list[str]] = defaultdict(list)
    problems: list[Problem] = []
    for row in rows:
        if row.commit is not None:
            by_licence[row.licence or NO_LICENCE].append(row.name)
        problems.extend(_problems(row))
    licences = sorted(
        (LicenceUse(lic, tuple(names)) for lic, names in by_licence.items()),
        key=lambda u: (-len(u.repositories), u.licence),
    )
    code_languages, data_languages = split_languages(languages, lambda row: row.language)
    return OrganisationReport(
        organisation=organisation,
        repositories=len(rows),
        scanned=sum(1 for r in rows if r.commit is not None),
        own_code=sum(r.own_code for r in rows),
        code_by_kind=dict(code_by_kind),
        languages=code_languages,
        licences=tuple(licences),
        problems=tuple(problems),
        repository_rows=tuple(rows),
        data_languages=data_languages,
    )
