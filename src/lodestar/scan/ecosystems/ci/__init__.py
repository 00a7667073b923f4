"""Continuous-integration pipelines: GitHub Actions workflows and actions, GitLab CI."""
