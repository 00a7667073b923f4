"""Python packaging: pyproject.toml, setup.cfg/setup.py, requirements, Pipfile, the lock files."""
