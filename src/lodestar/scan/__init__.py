"""Lodestar scan layer."""
