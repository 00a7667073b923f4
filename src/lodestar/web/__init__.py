"""Lodestar web layer."""
