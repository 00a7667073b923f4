"""Go modules: ``go.mod`` and ``go.sum``."""
