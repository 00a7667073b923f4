"""Terraform and OpenTofu: providers and modules of ``*.tf`` files, and the lock file."""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser(
        "terraform", "terraform", ("*.tf",), deferred(__name__, "configuration.parse_terraform")
    ),
    ManifestParser(
        "terraform-lock",
        "terraform",
        (".terraform.lock.hcl",),
        deferred(__name__, "configuration.parse_terraform_lock"),
        lock=True,
    ),
)

# files whose declared runtime versions the family reads (lodestar.scan.runtimes)
RUNTIME_FILES = ((".terraform-version", deferred(__name__, "runtime.read_terraform_version")),)
