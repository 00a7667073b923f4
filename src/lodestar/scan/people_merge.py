"""People are people: committed identities merged into persons, with the evidence of each merge.

Input: every identity an organisation's history commits under, *after* each repository's
``.mailmap`` (name, lower-cased email, commits, latest commit). An identity is one email; a
*generic* email (``root@…``, ``…@localhost``, ``noreply@github.com``, see :data:`GENERIC`,
:data:`PLACEHOLDER_DOMAINS`) is shared by strangers, so there each (name, email) pair is an
identity of its own. Identities are then joined (union-find, transitively) by these rules, in
this order, each join kept as a :class:`MergeLink` naming the rule, the shared value and the
two identities:

1. ``people.toml`` — the emails and names a person's table lists;
2. ``noreply`` — a GitHub noreply address (``ID+login@users.noreply.github.com`` or
   ``login@users.noreply.github.com``) joins identities whose email local part, or whose name,
   equals the login (case-insensitive);
3. ``name`` — the same normalised full name (:func:`normalise_name`: Unicode NFKD with the
   diacritics dropped, case-folded, whitespace collapsed, ``Last, First`` read as
   ``First Last``). A name of one word never joins (``John``, ``root``), nor a name made only of
   generic words (``Ubuntu User``, ``Your Name``), nor any name of an email that carries three or
   more different full names (a shared address);
4. ``local-part`` — the same email local part on two of the organisation's own domains
   (``ann@corp.example`` and ``ann@corp.example.de``): ``people.own_domains``, or when that is
   empty the domains :func:`infer_own_domains` finds.

Bots never join anything but their own email. A ``[[split]]`` of ``people.toml`` lists emails
that must stay different people: a join that would put two of them together is refused and kept
as a link with ``applied = False``. Joins are tried in a fixed order (rule, shared value,
identity), so the outcome does not depend on input order.

Each person's key is its people.toml key, else the email of its identity with the most commits
(then the latest, then alphabetical), personal emails before generic ones; the display name is
the people.toml name, else the name with the most commits (then the latest). Two people never
show the same display name: when they would, each reads ``Name <primary email>``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from lodestar.records import Identity
from lodestar.records.people import MergeLink, ResolvedPerson, SeenIdentity
from lodestar.scan.people import DEFAULT_BOT_PATTERNS, BotMatcher, PersonAlias, PersonSplit

__all__ = [
    "GENERIC",
    "PLACEHOLDER_DOMAINS",
    "PUBLIC_DOMAINS",
    "Resolution",
    "display_name",
    "full_name",
    "infer_own_domains",
    "is_generic_email",
    "noreply_login",
    "normalise_name",
    "resolve_people",
]

# Words that name a machine, a role or a placeholder, not a person: never a reason to join.
GENERIC: frozenset[str] = frozenset(
    {
        *("admin", "administrator", "anonymous", "automation", "bot", "build", "builder"),
        *("centos", "ci", "circleci", "contact", "debian", "default", "deploy", "deployer"),
        *("desktop", "dev", "developer", "docker", "ec2-user", "email", "example", "fedora"),
        *("git", "github", "gitlab", "guest", "hello", "home", "info", "jenkins", "laptop"),
        *("local", "localdomain", "localhost", "mac", "macbook", "mail", "me", "name"),
        *("no-reply", "nobody", "none", "noreply", "null", "owner", "pc", "pi", "postmaster"),
        *("release", "root", "server", "service", "support", "system", "team", "test"),
        *("tester", "testing", "travis", "ubuntu", "unknown", "user", "vagrant", "web"),
        *("webmaster", "www", "www-data", "you", "your"),
    }
)
# Domains of no one in particular: an address there is generic whatever its local part.
PLACEHOLDER_DOMAINS: frozenset[str] = frozenset(
    {"(none)", "none", "localhost", "localhost.localdomain", "example.com", "example.org"}
)
# Mail providers anyone can use: never inferred as the organisation's own domain.
PUBLIC_DOMAINS: frozenset[str] = frozenset(
    {
        *("126.com", "163.com", "aol.com", "fastmail.com", "fastmail.fm", "foxmail.com"),
        *("free.fr", "gmail.com", "gmx.com", "gmx.de", "gmx.net", "googlemail.com", "hey.com"),
        *("hotmail.co.uk", "hotmail.com", "hotmail.fr", "icloud.com", "live.com", "mac.com"),
        *("mail.ru", "mailbox.org", "me.com", "msn.com", "naver.com", "outlook.com", "pm.me"),
        *("posteo.de", "proton.me", "protonmail.com", "qq.com", "sina.com", "t-online.de"),
        *("tutanota.com", "users.noreply.github.com", "web.de", "yahoo.co.jp", "yahoo.com"),
        *("yahoo.de", "yahoo.fr", "yandex.com", "yandex.ru", "ymail.com", "zoho.com"),
    }
)
NOREPLY_DOMAIN = "users.noreply.github.com"
_NOREPLY = re.compile(r"(?:\d+\+)?([^@+\s]+)@users\.noreply\.github\.com")
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d."})
_MAX_NAME = 200  # longer "names" are not names: never joined by name
_SHARED = 3  # an email carrying this many different full names is shared
_OWN_SHARE = 0.10  # inferred own domain: at least this share of the people's emails
_RULES = ("people.toml", "noreply", "name", "local-part")


@dataclass(frozen=True, slots=True)
class Resolution:
    people: tuple[ResolvedPerson, ...]
    keys: dict[tuple[str, str], str] = field(default_factory=dict)
    own_domains: tuple[str, ...] = ()

    def key_of(self, name: str, email: str) -> str:
        """The person key of an identity (name and email after .mailmap)."""
        return self.keys[(name, email.strip().lower())]


def normalise_name(name: str) -> str:
    """``"Syer, Dave"`` → ``"dave syer"``; ``"José  Valim"`` → ``"jose valim"``."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(_first_last(text).split())


def _first_last(name: str) -> str:
    """``"Syer, Dave"`` → ``"Dave Syer"`` (case and accents kept); other names unchanged."""
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if last and first and first.casefold() not in _SUFFIXES:
            return " ".join(f"{first} {last}".split())
    return name


def full_name(name: str) -> str | None:
    """The normalised name when it may join identities, else None (see the module rules)."""
    if len(name) > _MAX_NAME or "@" in name:
        return None
    normal = normalise_name(name)
    words = [w for w in normal.split() if any(ch.isalpha() for ch in w)]
    if len(words) < 2 or all(w in GENERIC for w in words):
        return None
    return normal


def _split_email(email: str) -> tuple[str, str]:
    local, _, domain = email.rpartition("@")
    return local, domain


def noreply_login(email: str) -> str | None:
    """``1234+evan@users.noreply.github.com`` → ``evan``; other addresses → None."""
    match = _NOREPLY.fullmatch(email.strip().lower())
    if match is None or match.group(1) in GENERIC:
        return None
    return match.group(1)


def is_generic_email(email: str) -> bool:
    """An address strangers share: no ``@``, a generic local part or a placeholder domain."""
    local, domain = _split_email(email.strip().lower())
    return (
        not local
        or not domain
        or local in GENERIC
        or domain in PLACEHOLDER_DOMAINS
        or domain.endswith((".(none)", ".localdomain"))  # an unconfigured machine's name
    )


def _org_label(domain: str) -> str:
    parts = domain.split(".")
    if len(parts) >= 3 and parts[-2] in {"co", "com", "org", "net", "ac", "gov", "edu"}:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else domain


def infer_own_domains(emails: Iterable[str]) -> tuple[str, ...]:
    """The organisation's own domains when none are configured.

    The most frequent domain among the people's emails that is neither a public mail provider
    nor a placeholder, when it holds at least 10% of them (and two or more), plus the other
    such domains with the same organisation label (``corp.example`` and ``corp.co.uk``).
    """
    counts: dict[str, int] = defaultdict(int)
    total = 0
    for email in set(emails):
        if is_generic_email(email):
            continue
        total += 1
        domain = _split_email(email)[1]
        if domain not in PUBLIC_DOMAINS and not domain.endswith(".local"):
            counts[domain] += 1
    if not counts:
        return ()
    top = min(counts, key=lambda d: (-counts[d], d))
    if counts[top] < max(2, _OWN_SHARE * total):
        return ()
    label = _org_label(top)
    return tuple(sorted(d for d in counts if _org_label(d) == label))


@dataclass(slots=True)
class _Node:
    email: str
    members: list[SeenIdentity]
    bot: bool

    def witness(self, rule: str, value: str) -> str:
        """The label of the member that carries the shared value (else the node's first)."""
        for m in sorted(self.members, key=_rank):
            if (rule == "name" and full_name(m.name) == value) or (
                rule == "noreply" and value in {m.name.strip().casefold(), noreply_login(m.email)}
            ):
                return m.label
        return min(self.members, key=_rank).label


def _rank(m: SeenIdentity) -> tuple[int, int, str, str]:
    """Most commits first, then the latest; ties by email and name, for determinism."""
    return (-m.commits, -m.last, m.email, m.name)


def _nodes(seen: Iterable[SeenIdentity], is_bot: BotMatcher) -> list[_Node]:
    grouped: dict[tuple[str, str], list[SeenIdentity]] = defaultdict(list)
    for s in seen:
        generic = is_generic_email(s.email)
        grouped[(s.email, s.name.casefold() if generic else "")].append(s)
    return [
        _Node(key[0], members, any(is_bot(m.name, m.email) for m in members))
        for key, members in sorted(grouped.items())
    ]


class _Union:
    """Union-find over node indices; the smaller index is the root; splits may refuse a join."""

    def __init__(self, tags: list[set[tuple[int, str]]]) -> None:
        self.parent = list(range(len(tags)))
        self.tags = tags

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> bool | None:
        """True when joined, None when already one, False when a split forbids it."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        left = dict(self.tags[ra])
        if any(left.get(split, email) != email for split, email in self.tags[rb]):
            return False
        low, high = min(ra, rb), max(ra, rb)
        self.parent[high] = low
        self.tags[low] |= self.tags[high]
        return True


def _node_keys(
    node: _Node,
    alias_email: dict[str, str],
    alias_name: dict[str, str],
    logins: set[str],
    own: frozenset[str],
) -> Iterator[tuple[str, str]]:
    """(rule, value) of every join one identity offers."""
    names = {m.name for m in node.members}
    for key in {
        alias_email.get(node.email),
        *(alias_name.get(n.strip().lower()) for n in names),
    }:
        if key is not None:
            yield ("people.toml", key)
    if node.bot:
        return
    local, domain = _split_email(node.email)
    generic = is_generic_email(node.email)
    login = noreply_login(node.email)
    candidates = {login, None if generic else local, *(n.strip().casefold() for n in names)}
    for value in candidates & logins:
        if value:
            yield ("noreply", value)
    full = {f for n in names if (f := full_name(n))}
    if len(full) < _SHARED:
        for value in full:
            yield ("name", value)
    if domain in own and not generic:
        yield ("local-part", local)


def _groups(
    nodes: Sequence[_Node], aliases: Sequence[PersonAlias], own: frozenset[str]
) -> list[tuple[str, str, list[int]]]:
    """(rule, shared value, node indices) for every rule, in the order joins are tried."""
    by: dict[tuple[str, str], set[int]] = defaultdict(set)
    alias_email = {e: a.key for a in aliases for e in (a.key, *a.emails)}
    alias_name = {n.strip().lower(): a.key for a in aliases for n in a.names}
    logins = {login for n in nodes if (login := noreply_login(n.email))}
    for i, node in enumerate(nodes):
        for key in _node_keys(node, alias_email, alias_name, logins, own):
            by[key].add(i)
    out = []
    for (rule, value), members in by.items():
        ordered = sorted(members)
        if rule == "local-part" and len({_split_email(nodes[i].email)[1] for i in ordered}) < 2:
            continue
        if len(ordered) > 1 or rule == "people.toml":
            out.append((rule, value, ordered))
    out.sort(key=lambda g: (_RULES.index(g[0]), g[1]))
    return out


def resolve_people(
    seen: Iterable[SeenIdentity],
    aliases: Sequence[PersonAlias] = (),
    splits: Sequence[PersonSplit] = (),
    own_domains: Sequence[str] = (),
    bot_patterns: Sequence[str] = DEFAULT_BOT_PATTERNS,
) -> Resolution:
    """Join committed identities into people (see the module docstring for the rules)."""
    nodes = _nodes(seen, BotMatcher(bot_patterns))
    own = tuple(sorted({d.strip().lower() for d in own_domains})) or infer_own_domains(
        n.email for n in nodes if not n.bot
    )
    tags = [
        {(i, e) for i, split in enumerate(splits) for e in split.emails if e == node.email}
        for node in nodes
    ]
    union = _Union(tags)
    links: list[tuple[int, MergeLink]] = []
    table_of: dict[int, str] = {}
    tables = {a.key: a for a in aliases}
    for rule, value, members in _groups(nodes, aliases, frozenset(own)):
        if rule == "people.toml":  # the table joins each identity it names
            table_of.update(dict.fromkeys(members, value))
            label = f"{tables[value].name} <{value}>"
            for other in members:
                joined = True if other == members[0] else union.join(members[0], other)
                if joined is not None:
                    link = MergeLink(rule, value, label, nodes[other].witness(rule, value), joined)
                    links.append((members[0], link))
            continue
        for other in members[1:]:
            joined = union.join(members[0], other)
            if joined is not None:
                left, right = nodes[members[0]], nodes[other]
                link = MergeLink(
                    rule, value, left.witness(rule, value), right.witness(rule, value), joined
                )
                links.append((members[0], link))
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        components[union.find(i)].append(i)
    by_root: dict[int, list[MergeLink]] = defaultdict(list)
    for i, link in links:
        by_root[union.find(i)].append(link)
    return _assemble(
        nodes,
        components,
        by_root,
        table_of=table_of,
        aliases=aliases,
        own=own,
        is_bot=BotMatcher(bot_patterns),
    )


def _assemble(
    nodes: Sequence[_Node],
    components: dict[int, list[int]],
    links: dict[int, list[MergeLink]],
    *,
    table_of: dict[int, str],
    aliases: Sequence[PersonAlias],
    own: tuple[str, ...],
    is_bot: BotMatcher,
) -> Resolution:
    tables = {a.key: a for a in aliases}
    groups = []
    for root, indices in sorted(components.items()):
        members = sorted((m for i in indices for m in nodes[i].members), key=_rank)
        table = next((tables[table_of[i]] for i in indices if i in table_of), None)
        groups.append((root, indices, members, table))
    keys = _keys([(members, table) for _r, _i, members, table in groups])
    people: list[ResolvedPerson] = []
    by_identity: dict[tuple[str, str], str] = {}
    for (root, indices, members, table), key in zip(groups, keys, strict=True):
        if table is not None:
            name, team = table.name, table.team
        else:
            name, team = display_name(members), None
        emails = {m.email for m in members if m.email} | (
            {table.key, *table.emails} if table else set()
        )
        bot = any(nodes[i].bot for i in indices) or is_bot(name, key)
        identity = Identity(key, name, tuple(sorted(emails)), team, bot)
        people.append(ResolvedPerson(identity, tuple(members), tuple(links.get(root, ()))))
        by_identity.update({(m.name, m.email): key for m in members})
    for alias in aliases:  # a people.toml person with no commits is still a person
        if alias.key not in set(keys):
            identity = Identity(
                alias.key, alias.name, alias.emails, alias.team, is_bot(alias.name, alias.key)
            )
            people.append(ResolvedPerson(identity, ()))
    people.sort(key=lambda p: p.identity.key)
    return Resolution(tuple(_unique_names(people)), by_identity, own)


def _keys(groups: Sequence[tuple[Sequence[SeenIdentity], PersonAlias | None]]) -> list[str]:
    """Each person's key: the people.toml key, else the top personal email, else the top
    (generic) email, which becomes ``email (name)`` only when two people would share it."""
    wanted: list[tuple[str, str | None]] = []
    for members, table in groups:
        personal = [m for m in members if not is_generic_email(m.email)]
        top = (personal or members)[0]
        if table is not None:
            wanted.append((table.key, None))
        elif personal:
            wanted.append((top.email, None))
        else:
            wanted.append((top.email or f"unknown:{top.name.strip().lower()}", top.name))
    taken: dict[str, int] = defaultdict(int)
    for key, _ in wanted:
        taken[key] += 1
    return [
        (key if name is None or taken[key] == 1 else f"{key} ({name.strip().casefold()})")[:512]
        for key, name in wanted
    ]


def display_name(members: Sequence[SeenIdentity]) -> str:
    """The name committed most often (then most lately, then alphabetically first), a
    ``Last, First`` name read as ``First Last``."""
    totals: dict[str, tuple[int, int]] = {}
    for m in members:
        name = _first_last(m.name)
        commits, last = totals.get(name, (0, 0))
        totals[name] = (commits + m.commits, max(last, m.last))
    return min(totals, key=lambda n: (-totals[n][0], -totals[n][1], n))


def _unique_names(people: list[ResolvedPerson]) -> list[ResolvedPerson]:
    """No two people share a display name: clashing ones read ``Name <primary email>``."""
    count: dict[str, int] = defaultdict(int)
    for p in people:
        count[p.identity.name.casefold()] += 1
    out = []
    for p in people:
        if count[p.identity.name.casefold()] > 1:
            i = p.identity
            email = p.members[0].email if p.members else i.key
            renamed = Identity(i.key, f"{i.name} <{email}>", i.emails, i.team, i.bot)
            p = ResolvedPerson(renamed, p.members, p.links)  # noqa: PLW2901  the renamed person
        out.append(p)
    return out
