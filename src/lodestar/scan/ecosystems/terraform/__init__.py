"""Terraform and OpenTofu: providers and modules of ``*.tf`` files, and the lock file."""
