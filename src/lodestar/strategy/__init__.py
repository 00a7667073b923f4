"""Lodestar strategy layer."""
