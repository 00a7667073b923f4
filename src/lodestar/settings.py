"""The workspace and its settings (``lodestar.toml``).

A workspace is a folder, usually a git repository reviewed like code, holding ``lodestar.toml``,
the strategy folders (``radar/``, ``decisions/``, ``policies/``) and, by default, the SQLite
database under ``.lodestar/``. Settings are a typed object; every field has help text, and a bad
value is reported as ``lodestar.toml:LINE: section.key: what was expected``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from lodestar.errors import ConfigError, UsageError
from lodestar.safeparse import parse_git_url, read_config_toml, validation_message

CONFIG_NAME = "lodestar.toml"
STRATEGY_FOLDERS = ("radar", "decisions", "policies", "campaigns", "initiatives")
DEFAULT_DATABASE = "sqlite:///.lodestar/lodestar.db"

_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1000, "kib": 1024, "m": 1 << 20, "mb": 10**6}
_UNITS |= {"mib": 1 << 20, "g": 1 << 30, "gb": 10**9, "gib": 1 << 30}
_SIZE = re.compile(r"\s*+(\d++(?:\.\d++)?)\s*+([a-zA-Z]*+)\s*+")  # possessive: linear
_SIZE_CHARS = 40  # longer is no size anyone means (and float() would overflow int())


def _parse_size(value: object) -> object:
    """Accept 2097152, "2 MiB", "500kb"; leave anything else for pydantic to reject."""
    if isinstance(value, str):
        match = _SIZE.fullmatch(value) if len(value) <= _SIZE_CHARS else None
        if match and match.group(2).lower() in _UNITS:
            return int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    return value


ByteSize = Annotated[int, BeforeValidator(_parse_size), Field(gt=0)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrganisationSettings(_Section):
    name: str = Field("My organisation", description="Organisation name shown in reports.")
    as_of: dt.date | None = Field(
        None,
        description="Reference date of every 'now' figure (who is active or departed, review "
        "dates, end-of-life windows, campaign schedules); unset means today. The demo pins it.",
    )


class ForgeSettings(_Section):
    """One forge listing under ``[[sources.forges]]``: a GitHub organisation or GitLab group."""

    kind: Literal["github", "gitlab"] = Field(description="'github' or 'gitlab'.")
    org: str | None = Field(None, description="GitHub organisation (kind = 'github').")
    group: str | None = Field(None, description="GitLab group path or id (kind = 'gitlab').")
    token_env: str | None = Field(
        None, description="Environment variable holding the API and clone token (never stored)."
    )
    api: str | None = Field(
        None, description="API root; default https://api.github.com or https://gitlab.com/api/v4."
    )
    include_archived: bool = Field(False, description="Mirror archived repositories too.")
    include_forks: bool = Field(False, description="Mirror forks too.")
    clone: Literal["https", "ssh"] = Field(
        "https", description="Clone over https (with the token) or ssh (the operator's keys)."
    )
    max_pages: int = Field(
        100, ge=1, le=10_000, description="Pages of 100 repositories read at most."
    )

    @field_validator("org", "group", "token_env")
    @classmethod
    def _plain(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_.][A-Za-z0-9_./-]{0,254}", value):
            raise ValueError(f"{value!r}: letters, digits, '_', '.', '-' and '/' only")
        return value

    @field_validator("api")
    @classmethod
    def _api(cls, value: str | None) -> str | None:
        if value is None:
            return value
        loopback = re.match(r"http://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(/|$)", value)
        if not (value.startswith("https://") or loopback) or any(c.isspace() for c in value):
            raise ValueError(f"{value!r}: an https:// URL (http only on 127.0.0.1/localhost)")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _owner(self) -> ForgeSettings:
        need = "org" if self.kind == "github" else "group"
        if getattr(self, need) is None:
            raise ValueError(f"a {self.kind} forge needs {need} = '…'")
        return self


_UPSTREAM = "Upstream projects' clones (paths, globs): read for outbound contributions only."


class SourceSettings(_Section):
    paths: list[str] = Field(
        default_factory=list,
        description="Where repositories live: paths or globs, relative to the workspace.",
    )
    max_depth: int = Field(
        6, ge=1, le=32, description="How many folder levels below each source to search."
    )
    urls: list[str] = Field(
        default_factory=list,
        description="Remote git repositories to mirror: https://, ssh://, git://, file:// "
        "URLs or git@host:org/repo.git (never ext:: or other transports).",
    )
    lists: list[str] = Field(
        default_factory=list,
        description="Files of git URLs, one a line, '#' starts a comment; relative to the "
        "workspace.",
    )
    forges: list[ForgeSettings] = Field(
        default_factory=list,
        description="Forge listings: [[sources.forges]] kind = 'github', org = 'acme' (or "
        "kind = 'gitlab', group = 'acme/platform'), token_env, api, include_archived, "
        "include_forks, clone = 'https'|'ssh', max_pages.",
    )
    upstream: list[str] = Field(default_factory=list, description=_UPSTREAM)
    mirrors: str = Field(
        ".lodestar/mirrors",
        description="Folder of the bare mirrors of remote sources, relative to the workspace.",
    )
    timeout: int = Field(
        1800, ge=1, le=86_400, description="Seconds one clone or fetch may take (HTTP: 60 at most)."
    )
    retries: int = Field(
        2,
        ge=0,
        le=10,
        description="Retries of a failed clone, fetch or API call (back-off 2, 4… s).",
    )
    concurrency: int = Field(
        8, ge=1, le=256, description="Mirrors cloned or fetched at once, in all."
    )
    per_host: int = Field(
        4, ge=1, le=64, description="Mirrors cloned or fetched at once from one host."
    )

    @field_validator("urls")
    @classmethod
    def _urls(cls, value: list[str]) -> list[str]:
        for url in value:
            try:
                parse_git_url(url)
            except UsageError as exc:
                raise ValueError(str(exc)) from None
        return value


class ScanSettings(_Section):
    ref: str = Field("HEAD", description="Revision scanned in every repository.")
    max_file_size: ByteSize = Field(
        2 << 20, description="Files larger than this (bytes, or '2 MiB') are skipped and recorded."
    )
    workers: int = Field(
        0,
        ge=0,
        le=256,
        description="Parallel processes scanning and mining history; 0 means one per core.",
    )


class EolSettings(_Section):
    warn_days: int = Field(
        90,
        ge=0,
        le=3650,
        description="Flag versions whose end of life is this many days away ('ending soon'), "
        "unless a policy file sets eol.warn-days, which overrides it.",
    )
    max_catalog_age_days: int = Field(
        90, ge=1, le=3650, description="Warn when the end-of-life data is older than this."
    )


class VulnSettings(_Section):
    max_age_days: int = Field(
        7,
        ge=1,
        le=3650,
        description="Warn when an ecosystem's vulnerability data (lodestar vulns update) was "
        "imported longer ago than this.",
    )


class HistorySettings(_Section):
    enabled: bool = Field(
        True, description="Mine git history and monthly snapshots during 'lodestar scan'."
    )
    active_days: int = Field(
        90, ge=1, le=3650, description="A person is active with a commit in this many days."
    )
    departed_days: int = Field(
        180,
        ge=1,
        le=3650,
        description="A person has departed after this many days without a commit anywhere.",
    )
    dormant_days: int = Field(
        180, ge=1, le=3650, description="A repository without a commit this many days is dormant."
    )
    bot_patterns: list[str] = Field(
        default_factory=lambda: [
            r"\[bot\]",
            "^dependabot",
            "^renovate",
            "^github-actions",
            "^greenkeeper",
            "^snyk-bot",
        ],
        description="Regular expressions (case-insensitive) on author name or email marking bots.",
    )
    release_tag_pattern: str = Field(
        r"^v?\d+\.\d+(\.\d+)?$",
        description="Regular expression a tag name must match to count as a release.",
    )

    @field_validator("bot_patterns", "release_tag_pattern")
    @classmethod
    def _regular_expressions(cls, value: str | list[str]) -> str | list[str]:
        for pattern in [value] if isinstance(value, str) else value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
        return value


VERDICT_LEVELS = ("strategy", "execution", "change", "communication")


class VerdictSettings(_Section):
    green_at: int = Field(
        80,
        ge=0,
        le=100,
        description="A level's verdict score (0-100) at or above this is green ('on track').",
    )
    amber_at: int = Field(
        60,
        ge=0,
        le=100,
        description="A score at or above this (and below green_at) is amber ('watch'); "
        "below, red ('act now').",
    )
    levels: dict[str, list[int]] = Field(
        default_factory=dict,
        description="Per-level thresholds replacing green_at and amber_at, as "
        "level = [green_at, amber_at]; levels: strategy, execution, change, communication.",
    )

    @field_validator("levels")
    @classmethod
    def _levels(cls, value: dict[str, list[int]]) -> dict[str, list[int]]:
        for level, pair in value.items():
            if level not in VERDICT_LEVELS:
                raise ValueError(
                    f"{level!r} is not a level; use one of {', '.join(VERDICT_LEVELS)}"
                )
            if len(pair) != 2 or not all(0 <= n <= 100 for n in pair) or pair[1] > pair[0]:
                raise ValueError(
                    f"{level} = {pair!r}: give [green_at, amber_at], two scores from 0 to 100 "
                    "with amber_at at most green_at"
                )
        return value

    @model_validator(mode="after")
    def _order(self) -> VerdictSettings:
        if self.amber_at > self.green_at:
            raise ValueError(f"amber_at ({self.amber_at}) is above green_at ({self.green_at})")
        return self


class PeopleSettings(_Section):
    own_domains: list[str] = Field(
        default_factory=list,
        description="The organisation's own email domains: the same local part on two of them "
        "is one person. Empty: the most frequent non-public domain (10% of the people's emails "
        "or more) and its siblings.",
    )

    @field_validator("own_domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        for domain in value:
            if not re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", domain):
                raise ValueError(f"{domain!r} is not a domain such as 'example.com'")
        return [d.lower() for d in value]


class RepositorySettings(_Section):
    tags: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Repository tags: tag = [repository names or globs]; campaigns scope by tag.",
    )
    owners: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Declared owners overriding CODEOWNERS and catalog-info.yaml: "
            "repository name or glob = owner ('group:payments', '@acme/payments', '@jane')."
        ),
    )

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for tag, patterns in value.items():
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", tag):
                raise ValueError(f"tag {tag!r}: use letters, digits, '-', '_' or '.'")
            if any(not p.strip() for p in patterns):
                raise ValueError(f"tag {tag!r}: empty repository name")
        return value

    @field_validator("owners")
    @classmethod
    def _owners(cls, value: dict[str, str]) -> dict[str, str]:
        for pattern, owner in value.items():
            if not pattern.strip():
                raise ValueError("owners: empty repository name or glob")
            if not owner.strip():
                raise ValueError(f"owners: {pattern!r} has no owner; write e.g. 'group:payments'")
            if len(owner) > 1024 or any(c in owner for c in "\n\r\t"):
                raise ValueError(f"owners: {pattern!r}: one line of owner references")
        return value


class IpSettings(_Section):
    undecided_days: int = Field(
        90,
        ge=1,
        le=3650,
        description="An invention disclosure still draft, submitted or under review this many "
        "days after its date is flagged (ip-disclosure-undecided).",
    )
    deadline_warn_days: int = Field(
        30, ge=0, le=3650, description="Flag docketed deadlines due within this many days."
    )
    publish: bool = Field(
        False,
        description="Show IP deadlines and disclosures on the static site (never by default).",
    )


class DatabaseSettings(_Section):
    url: str = Field(
        DEFAULT_DATABASE,
        description="SQLAlchemy URL; relative SQLite paths are inside the workspace.",
    )


class QueueSettings(_Section):
    rescan: str = Field(
        "0 2 * * *",
        description="When queue workers ('lodestar worker') enqueue a re-scan of every source: "
        "a cron expression in UTC (default 02:00 nightly); empty: never.",
    )
    retries: int = Field(
        3, ge=0, le=20, description="How often a failed repository job is retried."
    )
    retry_backoff: int = Field(
        10,
        ge=1,
        le=3600,
        description="Seconds before a failed job's first retry; each retry waits this many "
        "times longer (10: 10 s, 100 s, 1000 s).",
    )
    stalled_after: float = Field(
        60,
        ge=1,
        le=3600,
        description="Seconds without a heartbeat after which a worker counts as dead and its "
        "running jobs are retried by the other workers.",
    )

    keep_days: int = Field(
        7,
        ge=1,
        le=3650,
        description="Finished jobs (succeeded and failed) are deleted from the queue this many "
        "days after they finished (hourly, by the workers).",
    )

    @field_validator("rescan")
    @classmethod
    def _cron(cls, value: str) -> str:
        if value.strip():
            from croniter import croniter  # noqa: PLC0415  only when a cron is set: settings load in every command

            if not croniter.is_valid(value):
                raise ValueError(f"{value!r} is no cron expression such as '0 2 * * *'")
        return value.strip()


class Settings(_Section):
    organisation: OrganisationSettings = Field(default_factory=OrganisationSettings)  # type: ignore[arg-type]
    sources: SourceSettings = Field(default_factory=SourceSettings)  # type: ignore[arg-type]
    scan: ScanSettings = Field(default_factory=ScanSettings)  # type: ignore[arg-type]
    eol: EolSettings = Field(default_factory=EolSettings)  # type: ignore[arg-type]
    vulns: VulnSettings = Field(default_factory=VulnSettings)  # type: ignore[arg-type]
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)  # type: ignore[arg-type]
    history: HistorySettings = Field(default_factory=HistorySettings)  # type: ignore[arg-type]
    people: PeopleSettings = Field(default_factory=PeopleSettings)
    verdict: VerdictSettings = Field(default_factory=VerdictSettings)  # type: ignore[arg-type]
    repositories: RepositorySettings = Field(default_factory=RepositorySettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)  # type: ignore[arg-type]
    ip: IpSettings = Field(default_factory=IpSettings)  # type: ignore[arg-type]


def settings_table() -> list[tuple[str, str, str]]:
    """(key, default, help) for every setting, for docs and ``lodestar init --help``."""
    rows = []
    for section_name, section in Settings.model_fields.items():
        model = section.annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)  # noqa: S101  static shape
        for key, fld in model.model_fields.items():
            default = fld.get_default(call_default_factory=True)
            rows.append((f"{section_name}.{key}", repr(default), fld.description or ""))
    return rows


def _line_of(text: str, section: str | None, key: str | None) -> int | None:
    """Best-effort line number of ``key`` (inside ``[section]``) in a TOML text."""
    in_section = section is None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = section is not None and stripped.strip("[] ") == section
            if in_section and key is None:
                return number
            continue
        if in_section and key and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return None


class Workspace:
    """A workspace folder with its settings."""

    def __init__(self, root: Path, settings: Settings) -> None:
        self.root = root
        self.settings = settings

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def catalog_dirs(self) -> tuple[str, ...]:
        """The workspace's own catalog folder, when it exists (adds to the shipped catalogs)."""
        folder = self.root / "catalog"
        return (str(folder),) if folder.is_dir() else ()

    @property
    def eol_dirs(self) -> tuple[Path, ...]:
        """Where 'lodestar catalog update' keeps refreshed end-of-life data."""
        folder = self.root / "catalog" / "eol"
        return (folder,) if folder.is_dir() else ()

    @property
    def database_url(self) -> str:
        """The database URL with a relative SQLite path made absolute inside the workspace."""
        url = self.settings.database.url
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
            return prefix + str(self.root / url[len(prefix) :])
        return url

    def today(self) -> dt.date:
        """The reference date: ``organisation.as_of`` when set, else today (UTC)."""
        return self.settings.organisation.as_of or dt.datetime.now(dt.UTC).date()

    @classmethod
    def load(cls, root: Path) -> Workspace:
        path = root / CONFIG_NAME
        if not path.is_file():
            raise ConfigError(
                f"no {CONFIG_NAME} here; run 'lodestar init {root}' or pass --workspace",
                path=str(path),
            )
        text, data = read_config_toml(path)  # refused over 1 MiB
        return cls(root.absolute(), parse_settings(data, text=text, path=str(path)))


def parse_settings(data: dict[str, Any], *, text: str = "", path: str = CONFIG_NAME) -> Settings:
    """Validate a parsed TOML document into Settings, raising ConfigError on the first problem."""
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err["loc"]]
        section = loc[0] if loc else None
        key = loc[1] if len(loc) > 1 else None
        if err["type"] == "extra_forbidden":
            what = "unknown setting; see 'lodestar init --help' for the settings table"
        else:
            what = (
                f"{validation_message(err)}; fix it in {CONFIG_NAME} "
                "('lodestar init --help' lists the settings)"
            )
        raise ConfigError(
            what, path=path, line=_line_of(text, section, key), key=".".join(loc) or None
        ) from exc


DEFAULT_CONFIG = """\
# Lodestar workspace settings. Every key is optional; see 'lodestar init --help'.

[organisation]
name = "{name}"
{as_of}
[sources]
# Where the organisation's git repositories live: paths or globs, relative to this file.
paths = [{paths}]
# Remote repositories, mirrored under .lodestar/mirrors by 'lodestar mirror' and 'lodestar scan':
# urls = ["https://github.com/acme/api.git", "git@gitlab.example.com:acme/web.git"]
# lists = ["repositories.txt"]

# [[sources.forges]]
# kind = "github"              # or "gitlab" with group = "acme/platform"
# org = "acme"
# token_env = "GITHUB_TOKEN"   # the environment variable holding the token

[scan]
ref = "HEAD"
max_file_size = "2 MiB"
workers = 0

[eol]
warn_days = 90
max_catalog_age_days = 90

[vulns]
max_age_days = 7

[database]
url = "{database}"
"""


def init_workspace(
    root: Path,
    *,
    name: str,
    sources: list[str],
    database: str = DEFAULT_DATABASE,
    as_of: dt.date | None = None,
) -> Workspace:
    """Create a workspace at ``root``; refuses to overwrite an existing lodestar.toml."""
    root.mkdir(parents=True, exist_ok=True)
    config = root / CONFIG_NAME
    if config.exists():
        raise ConfigError(
            "a workspace already exists here; edit it, or choose another folder", path=str(config)
        )
    quoted = ", ".join(_toml_string(s) for s in sources)
    config.write_text(
        DEFAULT_CONFIG.format(
            name=name.replace('"', "'"),
            as_of=f"as_of = {as_of.isoformat()}\n" if as_of else "",
            paths=quoted,
            database=database,
        ),
        "utf-8",
    )
    for folder in STRATEGY_FOLDERS:
        (root / folder).mkdir(exist_ok=True)
        keep = root / folder / ".gitkeep"
        if not keep.exists():
            keep.write_text("", "utf-8")
    (root / "catalog").mkdir(exist_ok=True)
    (root / ".lodestar").mkdir(exist_ok=True)
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(".lodestar/\n", "utf-8")
    return Workspace.load(root)


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
