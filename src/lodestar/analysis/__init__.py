"""Lodestar analysis layer."""
