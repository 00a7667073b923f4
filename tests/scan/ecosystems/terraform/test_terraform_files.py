"""Terraform: required providers and modules of *.tf files, .terraform.lock.hcl, HCL reading."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.jvm_delivery_helpers import (
    fixture,
    list_or_manifest_error,
    mutated,
    refused_in,
    rows,
    timed,
)

from lodestar.errors import ManifestError
from lodestar.records import Scope
from lodestar.scan.ecosystems import ManifestContext, parsers_for
from lodestar.scan.ecosystems.terraform.configuration import parse_terraform, parse_terraform_lock
from lodestar.scan.ecosystems.terraform.hcl import read_hcl

R = Scope.RUNTIME
TF, GH = "pkg:terraform/", "pkg:github/"
CTX = ManifestContext()


def test_registered_names() -> None:
    assert [p.name for p in parsers_for("infra/main.tf")] == ["terraform"]
    assert [(p.name, p.lock) for p in parsers_for("infra/.terraform.lock.hcl")] == [
        ("terraform-lock", True)
    ]


def test_main_tf_golden() -> None:
    deps = parse_terraform("main.tf", fixture("terraform", "main.tf"), CTX)
    assert rows(deps) == {
        (TF + "hashicorp/aws", R, True, "~> 5.31"),
        (TF + "hashicorp/random@3.6.0", R, True, "3.6.0"),  # default registry host dropped
        (TF + "cloudflare/cloudflare", R, True, ">= 4.0, < 5.0"),
        (TF + "acme/internal?repository_url=app.terraform.io", R, True, None),
        (TF + "hashicorp/tls@4.0.5", R, True, "= 4.0.5"),  # one-line object, "= x" is exact
        (TF + "terraform-aws-modules/vpc/aws@5.5.1", R, True, "5.5.1"),
        (TF + "terraform-aws-modules/rds/aws", R, True, "~> 6.3"),
        (GH + "cloudposse/terraform-null-label@0.25.0", R, True, None),
        (GH + "acme/terraform-modules@v2.1.0#dns/records", R, True, None),
        (TF + "acme/network/aws?repository_url=app.terraform.io", R, True, ">= 1.2.0"),
    }  # ./modules/app is local; s3:: archives are not identifiable packages
    assert {d.name: d.line for d in deps}["terraform-aws-modules/vpc/aws"] == 49


def test_legacy_string_requirements() -> None:
    deps = parse_terraform("legacy.tf", fixture("terraform", "legacy.tf"), CTX)
    assert rows(deps) == {
        (TF + "hashicorp/aws", R, True, "~> 2.70"),
        (TF + "hashicorp/template@2.2.0", R, True, "2.2.0"),
    }


def test_lock_file() -> None:
    deps = parse_terraform_lock(
        ".terraform.lock.hcl", fixture("terraform", ".terraform.lock.hcl"), CTX
    )
    assert rows(deps) == {
        (TF + "hashicorp/aws@5.31.0", R, False, "~> 5.31"),
        (TF + "hashicorp/random@3.6.0", R, False, None),
        (TF + "cloudflare/cloudflare@4.23.0", R, False, ">= 4.0.0, < 5.0.0"),
        (TF + "hashicorp/tls@4.0.5?repository_url=registry.opentofu.org", R, False, "4.0.5"),
    }


def test_hcl_reader_values() -> None:
    root = read_hcl(
        "x.tf",
        b'a = "x${var.y}"\nb = { c = "d", e = [1] }\nblock "l1" "l2" { f = "g" }\n'
        b'h = <<EOF\n}\nEOF\ni = "\\"quoted\\""\n',
    )
    assert root.value("a") is None  # a template
    assert root.value("b") == {"c": "d", "e": None}
    [block] = root.children("block")
    assert (block.labels, block.value("f")) == (("l1", "l2"), "g")
    assert root.value("i") == '"quoted"'
    assert root.attributes["i"][1] == 7


@pytest.mark.parametrize(
    "data",
    [
        b"terraform {\n  required_providers {\n",
        b'a = "unterminated\n',
        b"x = <<EOF\nno end\n",
        b"a = " + b"[" * 50_000,
        b"b" + b" {" * 50_000,
        b"}\n",
        b'a = "${' + b"{" * 50_000,
        b"\xff\xfe",
        b"a = \x00",
    ],
)
def test_malformed_hcl_is_refused_quickly(data: bytes) -> None:
    assert refused_in(parse_terraform, "main.tf", data) < 1


def test_large_file_is_fast() -> None:
    resource = (
        b'resource "aws_s3_bucket" "b%d" {\n'
        b'  bucket = "${local.name}-%d"\n  tags = { a = "b" }\n}\n'
    )
    big = b"".join(resource % (i, i) for i in range(20_000))
    assert timed(lambda: parse_terraform("big.tf", big, CTX)) < 3


def test_lock_file_provider_without_label() -> None:
    with pytest.raises(ManifestError):
        parse_terraform_lock(".terraform.lock.hcl", b'provider { version = "1" }\n', CTX)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    list_or_manifest_error(parse_terraform, "main.tf", data)
    list_or_manifest_error(parse_terraform_lock, ".terraform.lock.hcl", data)


TOKENS = (b"{", b"}", b'"', b"${", b"<<EOF\n", b"#", b"/*", b"=", b"\n", b"[")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mutated(fixture("terraform", "main.tf"), TOKENS),
    mutated(fixture("terraform", ".terraform.lock.hcl"), TOKENS),
)
def test_mutated_fixtures(main: bytes, lock: bytes) -> None:
    list_or_manifest_error(parse_terraform, "main.tf", main)
    list_or_manifest_error(parse_terraform_lock, ".terraform.lock.hcl", lock)
