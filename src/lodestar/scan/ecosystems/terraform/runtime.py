"""The Terraform version ``.terraform-version`` (tfenv) declares, for the EOL checks
(:mod:`lodestar.scan.runtimes`)."""

from __future__ import annotations

from lodestar.scan.runtimes_files import single_version

read_terraform_version = single_version("terraform")
