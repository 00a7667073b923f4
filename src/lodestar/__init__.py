"""Lodestar: the open-source office of the CTO."""

__version__ = "0.1.0"
