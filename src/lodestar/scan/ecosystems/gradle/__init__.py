"""Gradle builds: build scripts, version catalogs, dependency locks."""
