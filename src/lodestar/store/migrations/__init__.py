"""Alembic migrations of the Lodestar store."""
