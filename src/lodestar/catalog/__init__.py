"""Lodestar catalog layer."""
