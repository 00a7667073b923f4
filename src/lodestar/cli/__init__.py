"""Lodestar cli layer."""
