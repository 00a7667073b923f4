"""``lodestar notice``: a repository's third-party notice (NOTICE) from the stored scan, and the
CI gate that fails when the committed one is stale (:mod:`lodestar.analysis.notices`)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.common import JsonOption, add_commands, load_workspace, store
from lodestar.cli.output import (
    console,
    err_console,
    fail,
    handle_errors,
    plain,
    print_json,
    safe_document,
    styled,
)
from lodestar.errors import UsageError

if TYPE_CHECKING:
    from lodestar.analysis.notices import NoticeDiff, NoticeDocument
    from lodestar.records import Observation, RepositoryRow
    from lodestar.records.notices import CommittedNotice
    from lodestar.settings import Workspace

commands = typer.Typer()  # this module's commands; register(app) adds them


class NoticeFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"


_MAX_FILE = 1 << 20  # characters of a --file notice compared (as the scan keeps)


def _context(ws: Workspace, repository: str, given: str | None) -> str:
    """``--context``, else the repository's licence context when it is saas, else distributed."""
    from lodestar.analysis.notices import CONTEXTS

    if given is not None:
        if given not in CONTEXTS:
            raise UsageError(f"--context {given!r}: use one of {', '.join(CONTEXTS)}")
        return given
    from lodestar.cli.evaluation import catalogs, workspace_strategy

    policies = workspace_strategy(ws, catalogs(ws)[0]).policies
    found = policies.licence_context.get(repository, policies.default_licence_context)
    return "saas" if found == "saas" else "distributed"


def _observation(ws: Workspace, repository: str) -> tuple[Observation, RepositoryRow]:
    from lodestar.store import list_repositories, load_observations

    with store(ws) as engine:
        rows = [r for r in list_repositories(engine) if r.name == repository and r.commit]
        if not rows:
            raise UsageError(f"no scanned repository named {repository!r}; see 'lodestar repos'")
        found = load_observations(engine, repository)
    if not found:
        raise UsageError(f"no scanned repository named {repository!r}; see 'lodestar repos'")
    return found[0], rows[0]


def _read_committed(row: RepositoryRow, path: str) -> CommittedNotice:
    """``path`` as committed at the scanned commit (never the working tree)."""
    from lodestar.gitio import GitRepository
    from lodestar.records.notices import CommittedNotice
    from lodestar.scan.notices import sanitise

    wanted = path.strip().removeprefix("./").strip("/")
    git = GitRepository(row.path)
    entry = next((e for e in git.ls_tree(row.commit or "HEAD") if e.path == wanted), None)
    if entry is None or entry.is_submodule or entry.is_symlink:
        raise UsageError(
            f"--file {path!r}: no such file in {row.name} at {(row.commit or '')[:12]}; "
            "name a path committed in the repository"
        )
    if entry.size > 4 * _MAX_FILE:
        return CommittedNotice(wanted, "", truncated=True)
    data = next((d for _oid, d in git.read_blobs([entry.oid])), None) or b""
    text = sanitise(data[:_MAX_FILE].decode("utf-8", "replace"))
    return CommittedNotice(wanted, text, truncated=len(data) > _MAX_FILE)


def _document_json(document: NoticeDocument) -> dict[str, object]:
    return {
        "repository": document.repository,
        "context": document.context,
        "components": document.components,
        "licences": [{"spdx": spdx, "name": name} for spdx, name, _ in document.texts],
        "unshipped": document.unshipped,
        "undetermined": document.undetermined,
    }


def _report_check(
    document: NoticeDocument, committed: CommittedNotice, diff: NoticeDiff, commit: str
) -> None:
    repo = document.repository
    if not diff.stale:
        console.print(
            plain(f"{committed.path} is current: {len(document.components)} components ({repo})")
        )
        return
    how = " (not written by Lodestar: compared by component names)" if diff.foreign else ""
    err_console.print(
        styled(
            ("error:", "bold red"),
            " ",
            plain(
                f"{committed.path}: the third-party notice of {repo} at {commit[:12]} is stale"
                f"{how}: {diff.summary()}; run `lodestar notice {repo} --output "
                f"{committed.path}` and commit it"
            ),
        ),
        soft_wrap=True,
    )
    for label, names in (
        ("missing", diff.missing),
        ("extra", diff.extra),
        ("changed", diff.changed),
        ("licence text missing", diff.texts_missing),
        ("licence text extra", diff.texts_extra),
        ("licence text changed", diff.texts_changed),
    ):
        for name in names[:20]:
            err_console.print(plain(f"  {label}: {name}"), soft_wrap=True)
        if len(names) > 20:
            err_console.print(plain(f"  … and {len(names) - 20} more {label}"), soft_wrap=True)


def _check(
    document: NoticeDocument,
    observation: Observation,
    row: RepositoryRow,
    file: str | None,
    *,
    as_json: bool,
) -> None:
    """``--check``: compare the committed notice with ``document``; Exit(1) when stale."""
    from lodestar.analysis.notices import compare_notice

    repository = document.repository
    committed = (
        _read_committed(row, file)
        if file is not None
        else (observation.notices.committed if observation.notices else None)
    )
    if committed is None:
        raise fail(
            f"{repository}: no committed notice file (NOTICE, THIRD-PARTY-NOTICES…) at "
            f"{(row.commit or '')[:12]}; run `lodestar notice {repository} --output "
            "NOTICE` and commit it, or pass --file PATH"
        )
    diff = compare_notice(document, committed.text, truncated=committed.truncated)
    if as_json:
        print_json({"path": committed.path, "stale": diff.stale, "diff": diff})
    else:
        _report_check(document, committed, diff, row.commit or "")
    if diff.stale:
        raise typer.Exit(1)


@commands.command()
@handle_errors
def notice(
    repository: Annotated[
        str, typer.Argument(help="Repository name (as 'lodestar repos' lists it).")
    ],
    context: Annotated[
        str | None,
        typer.Option(
            "--context",
            help="distributed (every runtime dependency and vendored component) or saas (npm "
            "packages and vendored front-end code); default: the repository's licence context.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the notice to this file.")
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Compare the committed notice with a fresh one; exit 1 if stale."
        ),
    ] = False,
    file: Annotated[
        str | None,
        typer.Option("--file", help="With --check: the committed notice's path (default: found)."),
    ] = None,
    fmt: Annotated[
        NoticeFormat,
        typer.Option("--format", "-f", help="Plain text or Markdown; --check reads both."),
    ] = NoticeFormat.TEXT,
    as_json: JsonOption = False,
) -> None:
    """Write a third-party NOTICE from the stored scan, or check the committed one.

    Lists each runtime dependency and vendored component with its version, licence (from lock
    files and vendored licence files; "licence not determined" otherwise), copyright lines and
    Apache-2.0 NOTICE, then the full text of each licence. --check compares the notice file
    committed at the scanned commit and exits 1 when it is stale (a CI gate).

    Example: lodestar notice billing --output NOTICE
    """
    from lodestar.analysis.notices import notice_document, notice_text

    if file is not None and not check:
        raise UsageError("--file names the committed notice to check: pass --check with it")
    if check and output is not None:
        raise UsageError("--check compares, --output writes: pass one of them")
    ws = load_workspace()
    wanted = _context(ws, repository, context)
    observation, row = _observation(ws, repository)
    if observation.notices is None:
        err_console.print(
            plain(
                f"warning: {repository} was scanned by an older Lodestar: vendored code is not "
                "listed; run 'lodestar scan' again"
            )
        )
    document = notice_document(observation, wanted)
    if check:
        _check(document, observation, row, file, as_json=as_json)
        return
    if as_json:
        print_json(_document_json(document))
        return
    text = notice_text(document, markdown=fmt is NoticeFormat.MARKDOWN)
    if output is None:
        sys.stdout.write(safe_document(text))
        return
    output.write_text(safe_document(text), "utf-8")
    console.print(
        plain(
            f"Wrote {output}: {len(document.components)} components "
            f"({document.undetermined} with licence not determined), "
            f"{len(document.texts)} licence texts"
        ),
        soft_wrap=True,
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)
