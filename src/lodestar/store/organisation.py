"""Everything the organisation evaluator reads, in one call: :func:`load_organisation`.

The CLI, the cockpit, the site and the API load the organisation's records here and hand them
to :func:`lodestar.analysis.organisation.evaluate_organisation`, which never opens the store:
every repository's current scan as observations, the monthly snapshots when mined, the declared
runtimes, the advisories that name a package in use (current or monthly), and the mined history
(the whole organisation's, for the people figures, or only the repositories whose truck factor a
key result measures), and for ownership the people with their teams and each repository's people
with their last commit there (cheap, always loaded).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Engine

from lodestar.errors import UsageError
from lodestar.records import FileStat, OrganisationData, RepoHistory, TechnologyUse
from lodestar.store.activity import known_people, person_activity
from lodestar.store.advisories import advisories_in_use
from lodestar.store.current import current_files, current_technologies
from lodestar.store.history import monthly_snapshots, organisation_history, repository_history
from lodestar.store.inventory import declared_runtimes
from lodestar.store.observations import load_observations

__all__ = ["load_organisation"]


def load_organisation(
    engine: Engine, *, history: bool = False, truck_factors: Collection[str] = ()
) -> OrganisationData:
    """The organisation's records: with ``history``, every mined history and the current files
    and technologies of every repository; otherwise only the histories (and current files) of
    the repositories named in ``truck_factors``
    (:func:`lodestar.analysis.initiatives.truck_factor_repositories`)."""
    files: dict[str, list[FileStat]] = {}
    technologies: dict[str, list[TechnologyUse]] = {}
    if history:
        histories = tuple(organisation_history(engine))
        files = current_files(engine)
        technologies = current_technologies(engine)
    else:
        histories = tuple(_histories(engine, truck_factors))
        for h in histories:
            files[h.repository] = current_files(engine, h.repository).get(h.repository, [])
    people = known_people(engine)
    return OrganisationData(
        observations=tuple(load_observations(engine)),
        snapshots=tuple(monthly_snapshots(engine)),
        runtimes=tuple(declared_runtimes(engine)),
        histories=histories,
        files=files,
        technologies=technologies,
        people=history,
        advisories=advisories_in_use(engine),
        identities=people,
        activity=person_activity(engine, people),
    )


def _histories(engine: Engine, names: Collection[str]) -> list[RepoHistory]:
    """The stored histories of the named repositories that are known (in name order)."""
    out = []
    for name in sorted(set(names)):
        try:
            out.append(repository_history(engine, name))
        except UsageError:
            continue  # an unknown repository has no truck factor
    return out
