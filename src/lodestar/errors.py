"""Lodestar's exceptions, in one place.

Hierarchy::

    LodestarError                 base of everything Lodestar raises on purpose
    ├── UsageError                the user asked for something impossible (CLI exits 2)
    ├── NotFoundError             what was asked for exists nowhere (CLI exits 1); the
    │                             message carries a did-you-mean when something is close
    ├── ConfigError               lodestar.toml or another workspace file is invalid (exit 2)
    │                             carries path, line, column, key
    ├── GitError                  git failed or a path is not a repository
    │   ├── NotARepositoryError   a path given as a repository is not one (exit 2)
    │   ├── UnknownRevisionError  a revision given names no commit (exit 2)
    │   └── RemoteError           a mirror's clone or fetch failed; ``retryable`` says whether
    │                             trying again may help (a timeout, a dropped connection)
    ├── ForgeError                a forge's API (GitHub, GitLab) could not list repositories
    ├── ManifestError             a manifest, metadata or other untrusted file cannot be parsed
    │                             (path, line, column); lodestar.safeparse raises it
    ├── StrategyError             workspace strategy files are invalid (exit 2); carries every
    │                             Problem (path, line, column, message, offending line)
    ├── StoreError                the database cannot be opened, migrated or written
    └── JobError                  a queued job could not finish (the queue retries it)

Every message is one line: what went wrong, where, what to do.
"""

from __future__ import annotations


class LodestarError(Exception):
    """Base class of every error Lodestar raises on purpose."""

    exit_code = 1


class UsageError(LodestarError):
    """The command line asks for something that cannot be done."""

    exit_code = 2


class NotFoundError(LodestarError):
    """A package, technology or other name the command line gave is not known anywhere."""

    exit_code = 1


class ConfigError(LodestarError):
    """A workspace file is invalid; the message names the file, the key and what was expected."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.key = key
        self.reason = message
        where = path or ""
        if path and line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        prefix = f"{where}: " if where else ""
        keypart = f"{key}: " if key else ""
        super().__init__(f"{prefix}{keypart}{message}")


class GitError(LodestarError):
    """git failed on a repository."""


class NotARepositoryError(GitError):
    """A path given as a repository is not one (a usage error: the CLI exits 2)."""

    exit_code = 2


class UnknownRevisionError(GitError):
    """A revision given (``--ref``) names no commit of the repository (the CLI exits 2)."""

    exit_code = 2


class RemoteError(GitError):
    """A mirror could not be cloned or fetched (or was refused before git ran)."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        self.retryable = retryable
        super().__init__(message)


class ForgeError(LodestarError):
    """A forge API call failed; one line naming the URL (never the token) and what to do."""


class ManifestError(LodestarError):
    """A manifest, metadata or other untrusted file cannot be parsed.

    ``column`` (1-based, when the parser knows it) is kept for callers that point at it (a
    strategy file's problem); the message names the path and line only.
    """

    def __init__(
        self, message: str, *, path: str, line: int | None = None, column: int | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.reason = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class Problem:
    """One invalid spot in a workspace file: where, what, and the line it is on."""

    __slots__ = ("column", "line", "message", "path", "source_line")

    def __init__(
        self,
        path: str,
        line: int | None,
        column: int | None,
        message: str,
        source_line: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.source_line = source_line

    def __repr__(self) -> str:
        return f"Problem({self.location()!r}, {self.message!r})"

    def location(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def render(self) -> str:
        """``path:line:column: message``, then the offending line and a caret under the column."""
        text = f"{self.location()}: {self.message}"
        if self.source_line is not None:
            shown = self.source_line.replace("\t", " ")
            text += f"\n    {shown}"
            if self.column is not None:
                text += "\n    " + " " * max(self.column - 1, 0) + "^"
        return text


class StrategyError(LodestarError):
    """Workspace strategy files are invalid; ``problems`` lists every one of them."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = (
            f"the workspace has {count} invalid declaration{'s' if count != 1 else ''}; "
            "fix them (lodestar validate lists them all)"
        )
        super().__init__("\n".join([head, *(p.render() for p in self.problems)]))


class StoreError(LodestarError):
    """The database cannot be opened, migrated or written."""


class JobError(LodestarError):
    """A job of the scan queue could not finish (a broken repository); the queue retries it
    with back-off and keeps the message as the job's last error."""
