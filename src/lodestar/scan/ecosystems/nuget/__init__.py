""".NET packages: MSBuild projects, ``packages.config``, ``packages.lock.json``."""
