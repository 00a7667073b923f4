"""``python -m lodestar``."""

from lodestar.cli.app import main

main()
