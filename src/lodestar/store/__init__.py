"""Lodestar store layer."""
