"""Lodestar render layer."""
