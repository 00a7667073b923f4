"""Lodestar: the open-source office of the CTO."""

__version__ = "0.1.0"
# The workspace's settings file, as lodestar.settings names it (a test holds the two equal):
# here, so that the command line's start-up can name it without loading pydantic.
CONFIG_NAME = "lodestar.toml"
