"""Lodestar: the open-source office of the CTO."""

__version__ = "0.1.0"
# The workspace's settings file (lodestar.settings re-exports it): here, so that naming it costs
# no import of the settings model (pydantic) on the command line's start-up.
CONFIG_NAME = "lodestar.toml"
