"""Continuous-integration files: GitHub Actions, GitLab CI, Jenkins, and the bots' configuration."""

from __future__ import annotations

__all__ = [
    "dependabot_yml",
    "github_workflow",
    "gitlab_ci",
    "jenkinsfile",
    "release_workflow",
    "renovate_json",
]

_SETUP = {
    "python": (
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        '          python-version: "{version}"\n'
        "      - uses: astral-sh/setup-uv@v3\n"
    ),
    "node": (
        "      - uses: actions/setup-node@v4\n"
        "        with:\n"
        '          node-version: "{version}"\n'
        "          cache: npm\n"
    ),
    "go": '      - uses: actions/setup-go@v5\n        with:\n          go-version: "{version}"\n',
    "java": (
        "      - uses: actions/setup-java@v4\n"
        "        with:\n"
        "          distribution: temurin\n"
        '          java-version: "{version}"\n'
        "          cache: {cache}\n"
    ),
    "dotnet": (
        "      - uses: actions/setup-dotnet@v4\n"
        "        with:\n"
        '          dotnet-version: "{version}"\n'
    ),
    "ruby": (
        "      - uses: ruby/setup-ruby@v1\n"
        "        with:\n"
        '          ruby-version: "{version}"\n'
        "          bundler-cache: true\n"
    ),
    "rust": "      - uses: dtolnay/rust-toolchain@stable\n      - uses: Swatinem/rust-cache@v2\n",
}


def github_workflow(
    name: str, kind: str, version: str, steps: list[str], *, cache: str = "maven"
) -> str:
    """A CI workflow: checkout, set up the toolchain, run ``steps``."""
    setup = _SETUP[kind].format(version=version, cache=cache)
    runs = "".join(f"      - run: {step}\n" for step in steps)
    return (
        f"name: {name}\n\n"
        "on:\n"
        "  push:\n"
        "    branches: [main]\n"
        "  pull_request:\n\n"
        "permissions:\n"
        "  contents: read\n\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-22.04\n"
        "    timeout-minutes: 20\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        f"{setup}{runs}"
    )


def release_workflow(binary: str) -> str:
    """A tag-triggered release workflow building binaries for three platforms."""
    return (
        "name: release\n\n"
        "on:\n  push:\n    tags: ['v*.*.*']\n\n"
        "permissions:\n  contents: write\n\n"
        "jobs:\n"
        "  build:\n"
        "    strategy:\n"
        "      matrix:\n"
        "        include:\n"
        "          - { os: ubuntu-22.04, target: x86_64-unknown-linux-gnu }\n"
        "          - { os: macos-14, target: aarch64-apple-darwin }\n"
        "          - { os: windows-2022, target: x86_64-pc-windows-msvc }\n"
        "    runs-on: ${{ matrix.os }}\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: dtolnay/rust-toolchain@stable\n"
        "        with:\n"
        "          targets: ${{ matrix.target }}\n"
        "      - run: cargo build --release --locked --target ${{ matrix.target }}\n"
        "      - uses: softprops/action-gh-release@v2\n"
        "        with:\n"
        f"          files: target/${{{{ matrix.target }}}}/release/{binary}*\n"
    )


def gitlab_ci(image: str, stages: dict[str, list[str]]) -> str:
    """.gitlab-ci.yml with one job per stage."""
    out = [f"image: {image}\n\n", "stages:\n"]
    out += [f"  - {stage}\n" for stage in stages]
    out.append('\nvariables:\n  GIT_DEPTH: "20"\n')
    for stage, script in stages.items():
        out.append(f"\n{stage}:\n  stage: {stage}\n  script:\n")
        out += [f"    - {line}\n" for line in script]
        if stage in {"deploy", "apply"}:
            out.append("  when: manual\n  only:\n    - main\n")
    return "".join(out)


def jenkinsfile(image: str, test: str) -> str:
    """A declarative Jenkins pipeline, the way older services were built."""
    return (
        "pipeline {\n"
        f"    agent {{ docker {{ image '{image}' }} }}\n"
        "    options { timeout(time: 30, unit: 'MINUTES') }\n"
        "    stages {\n"
        "        stage('Install') {\n"
        "            steps { sh 'pip install -r requirements.txt' }\n"
        "        }\n"
        "        stage('Test') {\n"
        f"            steps {{ sh '{test}' }}\n"
        "        }\n"
        "        stage('Package') {\n"
        "            when { branch 'main' }\n"
        "            steps { sh 'docker build -t registry.northwind-labs.example/billing:$BUILD_NUMBER .' }\n"  # noqa: E501  one Groovy line
        "        }\n"
        "    }\n"
        "}\n"
    )


def dependabot_yml(ecosystem: str, directory: str = "/") -> str:
    return (
        "version: 2\n"
        "updates:\n"
        f'  - package-ecosystem: "{ecosystem}"\n'
        f'    directory: "{directory}"\n'
        "    schedule:\n"
        '      interval: "weekly"\n'
        "    open-pull-requests-limit: 5\n"
        '  - package-ecosystem: "github-actions"\n'
        '    directory: "/"\n'
        "    schedule:\n"
        '      interval: "monthly"\n'
    )


def renovate_json() -> str:
    return (
        "{\n"
        '  "$schema": "https://docs.renovatebot.com/renovate-schema.json",\n'
        '  "extends": ["config:recommended", ":semanticCommits"],\n'
        '  "schedule": ["before 6am on monday"],\n'
        '  "packageRules": [\n'
        '    { "matchUpdateTypes": ["minor", "patch"], "groupName": "non-major" }\n'
        "  ]\n"
        "}\n"
    )
