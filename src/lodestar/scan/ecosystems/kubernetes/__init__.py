"""Kubernetes manifests and Helm charts."""
