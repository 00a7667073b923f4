"""A synthetic organisation of git repositories, for measuring Lodestar at organisation scale.

:func:`plan_organisation` draws each repository's shape from seeded distributions;
:func:`build_organisation` writes every repository as a bare git repository with the demo
factory (:func:`lodestar.demo.factory.build_repository`, one ``git fast-import`` each) in a
process pool; :func:`add_commits` gives some repositories one more commit (a night's work) with
one more ``git fast-import`` each. The same seed gives the same repositories, commit ids
included: every date, name and choice comes from ``random.Random(f"{seed}/{index}")``.

The distributions (heavy-tailed, as forge-wide studies of repositories find: most repositories
are small, a few are very large; the parameters are this script's assumptions, chosen so that a
1,000-repository organisation has a median repository of about 60 files and 60 commits and a
largest of a few thousand):

* files per repository: log-normal, median 60, sigma 1.2, clipped to 4..4,000;
* lines per source file: log-normal, median 40, sigma 1.0, clipped to 3..2,000;
* commits per repository: log-normal, median 60, sigma 1.3, clipped to 1..8,000;
* contributors per repository: log-normal, median 3, sigma 0.9, clipped to 1..60, drawn from an
  organisation of one person per two repositories; commits among them Zipf-weighted (1/rank);
* lifetime: log-normal, median 700 days, clipped to 7..4,000; 30% of repositories are dormant
  (their last commit 200..1,000 days before the reference date);
* ecosystem mix: Python 35%, npm 30%, Maven 15%, Go 15%, documentation only 5%;
* direct dependencies: log-normal, median 12 (Python), 20 (npm), 15 (Maven), 10 (Go), sigma 0.7;
  npm repositories carry a package-lock.json of log-normal, median 250, sigma 0.8 packages
  (clipped to 2,000), Go repositories a go.sum; package names are drawn Zipf-weighted from
  3,000 names per ecosystem, so a few packages are used everywhere and most by few;
* one CODEOWNERS team per 25 repositories; a Dockerfile naming the ecosystem's runtime; 10% of
  commits after the first are dependency bumps by a bot.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import json
import math
import os
import random
import subprocess
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from lodestar.demo.content.licences import mit
from lodestar.demo.content.lockfiles import Package, go_sum, npm_lock
from lodestar.demo.factory import Author, Commit, build_repository

AS_OF = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)  # the organisation's "today"
ECOSYSTEMS = (("python", 0.35), ("npm", 0.30), ("maven", 0.15), ("go", 0.15), ("docs", 0.05))
DIRECT_MEDIAN = {"python": 12, "npm": 20, "maven": 15, "go": 10, "docs": 0}
UNIVERSE = 3000  # package names per ecosystem
SHARD = 500  # repositories per folder
BOT = Author("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
_EXT = {"python": "py", "npm": "ts", "maven": "java", "go": "go", "docs": "md"}
_COMMENT = {"python": "#", "npm": "//", "maven": "//", "go": "//", "docs": "#"}
_FIRST = ("Ada", "Ben", "Chen", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea")
_LAST = ("Akin", "Berg", "Costa", "Dahl", "Ekon", "Fried", "Gale", "Horn", "Ito", "Jansen")


@dataclass(frozen=True, slots=True)
class RepoPlan:
    """One repository's shape, drawn from the distributions above."""

    index: int
    name: str
    ecosystem: str
    files: int
    commits: int
    contributors: tuple[int, ...]  # indexes into the organisation's people
    direct: int  # direct dependencies
    locked: int  # packages in the lock file (npm), indirect modules (Go); 0 otherwise
    first: str  # ISO date of the first commit
    last: str  # ISO date of the last commit
    team: str


def lognormal(rng: random.Random, median: float, sigma: float, low: int, high: int) -> int:
    """A log-normal draw with this median, rounded and clipped to ``low..high``."""
    return max(low, min(high, round(rng.lognormvariate(math.log(median), sigma))))


def _choice(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    cumulative = list(itertools.accumulate(w for _, w in table))
    return table[bisect.bisect(cumulative, rng.random() * cumulative[-1])][0]


def plan_repository(index: int, people: int, seed: int) -> RepoPlan:
    """The shape of repository ``index`` of an organisation of ``people`` people."""
    rng = random.Random(f"{seed}/{index}")  # noqa: S311  reproducible, not secret
    ecosystem = _choice(rng, ECOSYSTEMS)
    lifetime = lognormal(rng, 700, 0.8, 7, 4000)
    dormant = rng.random() < 0.30
    last = AS_OF - timedelta(days=rng.randint(200, 1000) if dormant else rng.randint(0, 30))
    first = last - timedelta(days=lifetime)
    count = lognormal(rng, 3, 0.9, 1, 60)
    direct = lognormal(rng, DIRECT_MEDIAN[ecosystem], 0.7, 1, 300) if ecosystem != "docs" else 0
    locked = {"npm": lognormal(rng, 250, 0.8, direct, 2000), "go": direct * 3}.get(ecosystem, 0)
    return RepoPlan(
        index=index,
        name=f"{ecosystem}-svc-{index:05d}",
        ecosystem=ecosystem,
        files=lognormal(rng, 60, 1.2, 4, 4000),
        commits=lognormal(rng, 60, 1.3, 1, 8000),
        contributors=tuple(rng.sample(range(people), min(count, people))),
        direct=direct,
        locked=locked,
        first=first.isoformat(),
        last=last.isoformat(),
        team=f"team-{index // 25:03d}",
    )


def plan_organisation(repos: int, seed: int) -> list[RepoPlan]:
    """Every repository's shape, in index order."""
    people = max(5, repos // 2)
    return [plan_repository(i, people, seed) for i in range(repos)]


def person(index: int) -> Author:
    """Person ``index`` of the synthetic organisation."""
    first, last = _FIRST[index % len(_FIRST)], _LAST[(index // len(_FIRST)) % len(_LAST)]
    return Author(f"{first} {last} {index}", f"{first.lower()}.{last.lower()}{index}@synth.example")


# File contents ---------------------------------------------------------------------------------


_NAMES = {"python": "synth-py-{:04d}", "npm": "synth-js-{:04d}",
          "maven": "org.synth:lib-{:04d}", "go": "github.com/synth/mod{:04d}"}  # fmt: skip


def _package(ecosystem: str, rank: int) -> str:
    return _NAMES[ecosystem].format(rank)


def _zipf_ranks(rng: random.Random, count: int) -> list[int]:
    """``count`` distinct package ranks drawn with weights 1/(rank+1) (Zipf): popular packages
    (low ranks) are in most repositories, most packages in few. Weighted sampling without
    replacement by Efraimidis-Spirakis keys (u ** (1/weight), the largest win)."""
    keys = ((rng.random() ** (rank + 1), rank) for rank in range(UNIVERSE))
    return sorted(rank for _, rank in heapq.nlargest(min(count, UNIVERSE), keys))


def _version(rank: int, bump: int) -> str:
    return f"{1 + rank % 7}.{(rank * 3 + bump) % 40}.{bump}"


class _Deps:
    """A repository's dependencies: names fixed at the start, versions bumped over time."""

    def __init__(self, plan: RepoPlan, rng: random.Random) -> None:
        self.ecosystem = plan.ecosystem
        self.direct = _zipf_ranks(rng, plan.direct)
        pool = [r for r in _zipf_ranks(rng, plan.locked + plan.direct) if r not in self.direct]
        self.indirect = pool[: max(0, plan.locked - plan.direct)]
        self.bumps = dict.fromkeys(self.direct + self.indirect, 0)

    def bump(self, rng: random.Random) -> str:
        rank = rng.choice(self.direct)
        self.bumps[rank] += 1
        return _package(self.ecosystem, rank)

    def _pins(self, ranks: list[int]) -> list[tuple[str, str]]:
        return [(_package(self.ecosystem, r), _version(r, self.bumps[r])) for r in ranks]

    def files(self, name: str) -> dict[str, str]:
        direct, indirect = self._pins(self.direct), self._pins(self.indirect)
        if self.ecosystem == "python":
            return {"requirements.txt": "".join(f"{n}=={v}\n" for n, v in direct)}
        if self.ecosystem == "npm":
            manifest = {"name": name, "version": "1.0.0", "license": "MIT",
                        "dependencies": {n: f"^{v}" for n, v in direct}}  # fmt: skip
            lock = _npm_lock(name, manifest["dependencies"], sorted(direct + indirect))
            return {
                "package.json": json.dumps(manifest, indent=2) + "\n",
                "package-lock.json": lock,
            }
        if self.ecosystem == "go":
            lines = [f"\t{n} v{v}\n" for n, v in direct]
            lines += [f"\t{n} v{v} // indirect\n" for n, v in indirect]
            gomod = f"module github.com/synth/{name}\n\ngo 1.22\n\nrequire (\n{''.join(lines)})\n"
            sums = [(n, f"v{v}") for n, v in direct + indirect]
            return {"go.mod": gomod, "go.sum": go_sum(sums)}
        if self.ecosystem == "maven":
            return {"pom.xml": _pom(name, direct)}
        return {}


@functools.lru_cache(maxsize=50_000)
def _npm_entry(name: str, version: str) -> str:
    """One ``packages`` entry of a package-lock.json as the demo's :func:`npm_lock` writes it
    (cached: a lock file is rewritten at every bump, and popular packages recur)."""
    text = npm_lock("x", "0", licence="MIT", dependencies={}, dev_dependencies={},
                    packages=[Package(name, version)])  # fmt: skip
    start = text.index(f'    "node_modules/{name}"')
    return text[start : text.index("\n    }", start) + 6]


def _npm_lock(name: str, direct: dict[str, str], pins: list[tuple[str, str]]) -> str:
    """package-lock.json (lockfileVersion 3) in :func:`npm_lock`'s format, from cached entries."""
    head = npm_lock(name, "1.0.0", licence="MIT", dependencies=direct, dev_dependencies={},
                    packages=[])  # fmt: skip
    root_end = head.rindex("\n    }") + 6
    entries = "".join(",\n" + _npm_entry(n, v) for n, v in pins)
    return head[:root_end] + entries + head[root_end:]


def _pom(name: str, pins: list[tuple[str, str]]) -> str:
    deps = "".join(
        f"    <dependency>\n      <groupId>{n.split(':')[0]}</groupId>\n"
        f"      <artifactId>{n.split(':')[1]}</artifactId>\n      <version>{v}</version>\n"
        "    </dependency>\n"
        for n, v in pins
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<project>\n  <modelVersion>4.0.0</modelVersion>\n'
        f"  <groupId>org.synth</groupId>\n  <artifactId>{name}</artifactId>\n"
        f"  <version>1.0.0</version>\n  <dependencies>\n{deps}  </dependencies>\n</project>\n"
    )


_RUNTIME = {"python": "python:3.11-slim", "npm": "node:20-alpine", "maven": "eclipse-temurin:17",
            "go": "golang:1.22", "docs": "nginx:1.25"}  # fmt: skip


def _source(ecosystem: str, path: str, lines: int, revision: int) -> str:
    """A source file of about ``lines`` lines; ``revision`` changes its first line per edit."""
    return f"{_COMMENT[ecosystem]} {path}: revision {revision}\n" + _body(ecosystem, lines)


@functools.lru_cache(maxsize=4096)
def _body(ecosystem: str, lines: int) -> str:
    if ecosystem == "python":
        unit = "def handler_{k}(value):\n    return value * {k}\n\n"
        return "".join(unit.format(k=k) for k in range(max(1, (lines - 1) // 3)))
    unit = (
        "Step {k}: check item {k} of the runbook.\n"
        if ecosystem == "docs"
        else ("const limit{k} = {k};\n")
    )
    return "".join(unit.format(k=k) for k in range(lines - 1))


def _paths(plan: RepoPlan, rng: random.Random) -> list[str]:
    ext = _EXT[plan.ecosystem]
    modules = max(1, int(math.sqrt(plan.files)))
    root = {"maven": "src/main/java/org/synth", "go": "internal", "docs": "docs"}.get(
        plan.ecosystem, "src"
    )
    return [f"{root}/m{rng.randrange(modules)}/f{k}.{ext}" for k in range(plan.files)]


# Histories -------------------------------------------------------------------------------------


def _dates(plan: RepoPlan, rng: random.Random) -> list[datetime]:
    first, last = datetime.fromisoformat(plan.first), datetime.fromisoformat(plan.last)
    span = max(1, int((last - first).total_seconds()))
    inner = sorted(rng.randrange(span) for _ in range(max(0, plan.commits - 2)))
    moments = [first, *(first + timedelta(seconds=s) for s in inner), last]
    return moments[: plan.commits]


def repository_history(plan: RepoPlan, seed: int) -> list[Commit]:
    """The commits of ``plan``'s repository: the skeleton first, then files added and edited."""
    rng = random.Random(f"{seed}/{plan.index}/history")  # noqa: S311  reproducible
    authors = [person(p) for p in plan.contributors]
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(authors))))
    deps = _Deps(plan, rng)
    paths = _paths(plan, rng)
    sizes = {p: lognormal(rng, 40, 1.0, 3, 2000) for p in paths}
    revisions = dict.fromkeys(paths, 0)
    dates = _dates(plan, rng)
    # the skeleton holds a third of the files; the other commits add the rest evenly
    initial = max(1, len(paths) // 3) if plan.commits > 1 else len(paths)
    skeleton = {p: _source(plan.ecosystem, p, sizes[p], 0) for p in paths[:initial]}
    skeleton |= {
        "README.md": f"# {plan.name}\n\nA service of the synthetic organisation.\n",
        "LICENSE": mit(int(plan.first[:4]), "Synthetic Org"),
        "CODEOWNERS": f"* @synth/{plan.team}\n",
        "Dockerfile": f"FROM {_RUNTIME[plan.ecosystem]}\nCOPY . /app\n",
        **deps.files(plan.name),
    }
    commits = [Commit(authors[0], dates[0], "Initial commit", skeleton)]
    present, pending = paths[:initial], paths[initial:]
    for n, when in enumerate(dates[1:], start=1):
        author = authors[bisect.bisect(weights, rng.random() * weights[-1])]
        if plan.direct and rng.random() < 0.10:
            package = deps.bump(rng)
            commits.append(Commit(BOT, when, f"Bump {package}", deps.files(plan.name)))
            continue
        remaining = len(dates) - n
        share = len(pending) // remaining + (rng.random() < len(pending) % remaining / remaining)
        added, pending = pending[:share], pending[share:]
        present += added
        files = {p: _source(plan.ecosystem, p, sizes[p], 0) for p in added}
        for p in rng.sample(present, min(2, len(present))) if not added else ():
            revisions[p] += 1
            files[p] = _source(plan.ecosystem, p, sizes[p], revisions[p])
        commits.append(Commit(author, when, f"Change {n} of {plan.name}", files))
    if pending:  # whatever is left lands in the last commit
        last = commits[-1]
        files = dict(last.files) | {p: _source(plan.ecosystem, p, sizes[p], 0) for p in pending}
        commits[-1] = Commit(last.author, last.when, last.message, files)
    return commits


@dataclass(frozen=True, slots=True)
class Built:
    name: str
    commits: int
    files: int
    seconds: float


def shard(index: int) -> str:
    """The folder (under ``repos/``) of repository ``index``: the first N repositories of an
    organisation are the first N / SHARD folders, so a run can scan a slice of it."""
    return f"{index // SHARD:03d}"


def repository_path(dest: Path, plan: RepoPlan | dict[str, object]) -> Path:
    """Where ``plan``'s bare repository is."""
    index, name = (
        (plan.index, plan.name)
        if isinstance(plan, RepoPlan)
        else (int(str(plan["index"])), str(plan["name"]))
    )
    return dest / "repos" / shard(index) / f"{name}.git"


def slice_folders(dest: Path, repos: int) -> list[Path]:
    """The folders holding exactly the first ``repos`` repositories of the organisation."""
    built = int(json.loads((dest / "org.json").read_text("utf-8"))["repos"])
    if repos > built or (repos < built and repos % SHARD):
        raise SystemExit(
            f"{dest} holds {built} repositories in folders of {SHARD}: ask for {built} or a "
            f"multiple of {SHARD} below it (or build another organisation with --data)"
        )
    return [dest / "repos" / shard(i) for i in range(0, repos, SHARD)]


def _build_one(args: tuple[RepoPlan, int, str]) -> Built:
    plan, seed, dest = args
    start = time.perf_counter()
    history = repository_history(plan, seed)
    build_repository(repository_path(Path(dest), plan), history, bare=True)
    files = len({p for c in history for p in c.files})
    return Built(plan.name, len(history), files, time.perf_counter() - start)


def build_organisation(dest: Path, repos: int, seed: int, processes: int = 2) -> dict[str, object]:
    """Build ``repos`` bare repositories under ``dest/repos/NNN/`` (skipped when ``dest/org.json``
    says they are there already); return the organisation's summary (also in ``dest/org.json``)."""
    summary_path = dest / "org.json"
    if summary_path.is_file():
        summary: dict[str, object] = json.loads(summary_path.read_text("utf-8"))
        if summary["repos"] == repos and summary["seed"] == seed:
            return summary
        raise SystemExit(f"{dest} holds another organisation; choose another --org folder")
    plans = plan_organisation(repos, seed)
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=processes) as pool:
        built = list(pool.map(_build_one, [(p, seed, str(dest)) for p in plans], chunksize=4))
    seconds = time.perf_counter() - start
    summary = {
        "repos": repos,
        "seed": seed,
        "build_seconds": round(seconds, 1),
        "processes": processes,
        "commits": sum(b.commits for b in built),
        "files": sum(b.files for b in built),
        "ecosystems": {e: sum(p.ecosystem == e for p in plans) for e, _ in ECOSYSTEMS},
        "dependency_lines": sum(p.direct + p.locked for p in plans),
        "quantiles": _quantiles(plans),
    }
    summary_path.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    (dest / "plans.json").write_text(json.dumps([asdict(p) for p in plans]) + "\n", "utf-8")
    return summary


def _quantiles(plans: Sequence[RepoPlan]) -> dict[str, list[int]]:
    """Median, 90th, 99th percentile and maximum of files, commits and dependencies."""
    out = {}
    for key in ("files", "commits", "direct", "locked"):
        values = sorted(getattr(p, key) for p in plans)
        out[key] = [values[int(q * (len(values) - 1))] for q in (0.5, 0.9, 0.99, 1.0)]
    return out


def add_commits(dest: Path, repos: int, share: float, night: int) -> list[str]:
    """Give ``share`` of the first ``repos`` repositories one new commit each (a night's work);
    return their names. ``night`` numbers the nights: each adds commits dated a day later."""
    plans = json.loads((dest / "plans.json").read_text("utf-8"))[:repos]
    seed = json.loads((dest / "org.json").read_text("utf-8"))["seed"]
    rng = random.Random(f"{seed}/night/{night}")  # noqa: S311  reproducible
    chosen = sorted(rng.sample(range(len(plans)), max(1, round(share * len(plans)))))
    when = AS_OF + timedelta(days=night)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C"}
    names = []
    for index in chosen:
        plan = plans[index]
        author = person(plan["contributors"][0])
        text = f"Night {night}: {plan['name']} changed.\n"
        stream = (
            "commit refs/heads/main\n"
            f"author {author.ident(when)}\ncommitter {author.ident(when)}\n"
            f"data {len(f'Night {night} change')}\nNight {night} change\n"
            "from refs/heads/main^0\n"
            f"M 100644 inline NIGHTLY.md\ndata {len(text.encode())}\n{text}\n"
        )
        path = repository_path(dest, plan)
        subprocess.run(
            ["git", "-C", str(path), "-c", "gc.auto=0", "fast-import", "--quiet",
             "--date-format=raw"],
            input=stream.encode(), env=env, check=True, capture_output=True,
        )  # fmt: skip
        names.append(plan["name"])
    return names
