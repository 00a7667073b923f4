"""Stream a repository's history and tags out of git, safely.

Everything goes through :func:`lodestar.gitio.safe.run_git`'s argv and environment: no work tree,
no hooks, no fsmonitor, no external diff or textconv drivers. History adds its own overrides:

* ``--no-ext-diff --no-textconv`` and ``diff.external=``: nothing the repository configures runs
  while line counts are computed;
* ``log.mailmap=false``, ``mailmap.file=``, ``mailmap.blob=``: identities come out exactly as
  committed. Lodestar reads ``.mailmap`` at the mined tip itself (:func:`read_mailmap`) and
  applies it when people are resolved, so a repository's configuration cannot point git at a
  file outside the repository;
* ``-z``: every path and field is NUL-terminated, so newlines, tabs and any other byte in paths
  or commit subjects cannot break the record format.

The output format is parsed by :mod:`lodestar.scan.history`.
"""

from __future__ import annotations

import queue
import re
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator

from lodestar.errors import GitError
from lodestar.gitio.safe import GitRepository, _base_argv, common_dir, git_environment

# One commit header: NUL-separated fields, in this order (see scan.history.HEADER_FIELDS).
LOG_FORMAT = "%H%x00%P%x00%an%x00%ae%x00%ad%x00%ce%x00%cd%x00%s"

HISTORY_CONFIG: tuple[str, ...] = (
    "log.mailmap=false",
    "mailmap.file=",
    "mailmap.blob=",
    "diff.renameLimit=1000",
    "log.showRoot=true",
    "core.quotePath=false",
    "color.ui=false",
)

MAX_MAILMAP_BYTES = 1 << 20
_OID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_CHUNK = 1 << 16


def log_argv(revisions: list[str], *, numstat: bool = True) -> list[str]:
    """The ``git log`` arguments Lodestar runs (after the safe base argv).

    ``numstat=False`` reads commits without their file changes: no blob is read at all, which
    is what a partial clone (blobs absent, never fetched) or a corrupt repository allows.
    """
    argv: list[str] = []
    for item in HISTORY_CONFIG:
        argv += ["-c", item]
    return [
        *argv,
        "log",
        "-z",
        "--reverse",
        *(["--numstat", "-M"] if numstat else ["--no-renames"]),
        "--no-ext-diff",
        "--no-textconv",
        "--no-color",
        "--date=raw",
        f"--format={LOG_FORMAT}",
        "--end-of-options",
        *revisions,
        "--",
    ]


def stream_log(
    repo: GitRepository, revisions: list[str], *, numstat: bool = True
) -> Iterator[bytes]:
    """Chunks of ``git log`` output for ``revisions`` (e.g. ``[tip]`` or ``[tip, "^old"]``)."""
    argv = [*_base_argv(repo.git_dir), *log_argv(revisions, numstat=numstat)]
    # stderr goes to a file: a chatty git can never block on a full pipe nobody reads
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=git_environment(),
                cwd=repo.git_dir,
            )
        except FileNotFoundError as exc:
            raise GitError(
                "git is not installed or not on PATH; install git 2.30 or newer"
            ) from exc
        assert proc.stdout is not None  # noqa: S101  Popen with PIPE always sets it
        # A reader thread drains the pipe as fast as git writes, so git never waits while the
        # caller parses or stores a batch: git's diffing and Lodestar's work overlap.
        chunks: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        stdout = proc.stdout

        def drain() -> None:
            try:
                while chunk := stdout.read(_CHUNK):
                    chunks.put(chunk)
            except (OSError, ValueError):
                pass
            finally:
                chunks.put(None)

        reader = threading.Thread(target=drain, name="git-log-reader", daemon=True)
        reader.start()
        finished = False
        try:
            while (chunk := chunks.get()) is not None:
                yield chunk
            finished = True
        finally:
            if not finished and proc.poll() is None:
                proc.kill()
            proc.wait()
            reader.join(timeout=5)
            stdout.close()
        errors.seek(0)
        stderr = errors.read(1 << 16)
    if proc.returncode != 0:
        lines = stderr.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit code {proc.returncode}"
        raise GitError(f"{repo.path}: git log failed: {detail}")


def resolve_tip(repo: GitRepository, rev: str = "HEAD") -> str | None:
    """The commit ``rev`` names, or None for an empty repository or a missing revision."""
    out = repo.run(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], check=False
    )
    sha = out.decode("ascii", "replace").strip()
    return sha or None


def is_ancestor(repo: GitRepository, old: str, new: str) -> bool:
    """Whether commit ``old`` exists and is an ancestor of (or equal to) ``new``."""
    if repo.run(["cat-file", "-t", "--end-of-options", old], check=False).strip() != b"commit":
        return False
    argv = [*_base_argv(repo.git_dir), "merge-base", "--is-ancestor", "--end-of-options", old, new]
    proc = subprocess.run(
        argv,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=git_environment(),
        cwd=repo.git_dir,
        check=False,
    )
    if proc.returncode not in (0, 1):
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"{repo.path}: git merge-base failed: {detail[-1] if detail else ''}")
    return proc.returncode == 0


# One line per tag (refs cannot hold a newline), NUL-separated fields, parsed by
# scan.history.parse_tags. ``%(*…)`` peels one level only in git 2.39 (later gits peel fully):
# a tag of a tag is peeled to its commit by :func:`peel_tags`. ``%(creatordate)`` is the
# tagger date, empty for an annotated tag without a tagger line; ``%(*committerdate)`` is then
# the date of the commit it names.
TAG_FORMAT = (
    "%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00"
    "%(creatordate:raw)%00%(*committerdate:raw)"
)


def list_tags(repo: GitRepository) -> bytes:
    """``for-each-ref refs/tags`` output: one line per tag, NUL-separated fields (TAG_FORMAT)."""
    return repo.run(["for-each-ref", f"--format={TAG_FORMAT}", "refs/tags"])


def _object_ids(values: Iterable[str]) -> list[str]:
    return sorted({v for v in values if _OID.fullmatch(v)})


def peel_tags(repo: GitRepository, oids: Iterable[str]) -> dict[str, str]:
    """Tag object id → the commit it names through any number of tag objects.

    One ``cat-file --batch-check`` reads ``<oid>^{}`` for every tag; tags that end at a tree, a
    blob or a missing object are left out.
    """
    wanted = _object_ids(oids)
    if not wanted:
        return {}
    out = repo.run(
        ["cat-file", "--batch-check=%(objectname) %(objecttype)"],
        input_bytes="".join(f"{oid}^{{}}\n" for oid in wanted).encode("ascii"),
    )
    peeled: dict[str, str] = {}
    for oid, line in zip(wanted, out.decode("ascii", "replace").splitlines(), strict=False):
        target, _, kind = line.partition(" ")
        if kind == "commit" and _OID.fullmatch(target):
            peeled[oid] = target
    return peeled


def commit_headers(repo: GitRepository, shas: Iterable[str]) -> dict[str, tuple[str, bytes]]:
    """Commit id → (its parents, space-separated; its committer date as ``--date=raw`` prints
    it), for the commits of ``shas`` that exist (one ``log --no-walk``)."""
    wanted = _object_ids(shas)
    if not wanted:
        return {}
    out = repo.run(
        [
            "log",
            "--no-walk=unsorted",
            "--ignore-missing",
            "--stdin",
            "--no-color",
            "--date=raw",
            "--format=%H%x00%P%x00%cd",
            "--end-of-options",
        ],
        input_bytes="".join(f"{sha}\n" for sha in wanted).encode("ascii"),
    )
    headers: dict[str, tuple[str, bytes]] = {}
    for line in out.split(b"\n"):
        fields = line.split(b"\0")
        if len(fields) == 3 and _OID.fullmatch(fields[0].decode("ascii", "replace")):
            headers[fields[0].decode("ascii")] = (fields[1].decode("ascii", "replace"), fields[2])
    return headers


def read_mailmap(repo: GitRepository, commit: str) -> str:
    """The ``.mailmap`` committed at ``commit`` (empty when there is none, or when it is absent
    or unreadable), capped in size."""
    entries = repo.run(["ls-tree", "-z", "--end-of-options", commit, ".mailmap"], check=False)
    meta = entries.split(b"\t", 1)[0].split()
    if len(meta) < 3 or meta[1] != b"blob":
        return ""
    # an absent (partial clone) or corrupt blob comes back as None: git is never asked to fetch
    for _oid, data in repo.read_blobs([meta[2].decode("ascii")]):
        if data is not None and len(data) <= MAX_MAILMAP_BYTES:
            return data.decode("utf-8", "replace")
    return ""


def pack_bytes(repo: GitRepository) -> int:
    """The bytes of the repository's pack files, its alternates' included (first 8 lines): how
    much history there is to read, guessed without running git (0 when unreadable).

    A parallel run mines the largest repositories first, so the longest job never starts last.
    """
    objects = common_dir(repo.git_dir) / "objects"
    stores = [objects]
    alternates = objects / "info" / "alternates"
    try:
        if alternates.is_file():
            with alternates.open("rb") as handle:
                lines = handle.read(1 << 14).decode("utf-8", "replace").splitlines()[:8]
            stores += [objects / s.strip() for s in lines if s.strip() and s[0] != "#"]
        return sum(p.stat().st_size for s in stores for p in (s / "pack").glob("*.pack"))
    except OSError:
        return 0
