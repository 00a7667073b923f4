"""Python packaging: pyproject.toml, setup.cfg/setup.py, requirements, Pipfile, the lock files."""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser(
        "poetry-lock",
        "pypi",
        ("poetry.lock",),
        deferred(__name__, "poetry_pdm.parse_poetry_lock"),
        lock=True,
    ),
    ManifestParser(
        "pdm-lock",
        "pypi",
        ("pdm.lock",),
        deferred(__name__, "poetry_pdm.parse_pdm_lock"),
        lock=True,
    ),
    ManifestParser("pipfile", "pypi", ("Pipfile",), deferred(__name__, "pipfile.parse_pipfile")),
    ManifestParser(
        "pipfile-lock",
        "pypi",
        ("Pipfile.lock",),
        deferred(__name__, "pipfile.parse_pipfile_lock"),
        lock=True,
    ),
    ManifestParser(
        "pylock",
        "pypi",
        ("pylock.toml", "pylock.*.toml"),
        deferred(__name__, "pylock.parse_pylock"),
        lock=True,
    ),
    ManifestParser(
        "pyproject", "pypi", ("pyproject.toml",), deferred(__name__, "pyproject.parse_pyproject")
    ),
    ManifestParser(
        "pip-requirements",
        "pypi",
        (
            "requirements*.txt",
            "requirements*.in",
            "*-requirements.txt",
            "*_requirements.txt",
            "*-requirements.in",
            "*_requirements.in",
            "*requirements/*.txt",
            "*requirements/*.in",
        ),
        deferred(__name__, "requirements.parse_requirements"),
    ),
    ManifestParser(
        "setup-cfg", "pypi", ("setup.cfg",), deferred(__name__, "setup_files.parse_setup_cfg")
    ),
    ManifestParser(
        "setup-py", "pypi", ("setup.py",), deferred(__name__, "setup_files.parse_setup_py")
    ),
    ManifestParser(
        "uv-lock", "pypi", ("uv.lock",), deferred(__name__, "uv_lock.parse_uv_lock"), lock=True
    ),
)

# metadata files whose package's own licence the family reads
LICENCE_FILES = (
    ("pyproject.toml", deferred(__name__, "pyproject.declared_licence_of")),
    ("setup.cfg", deferred(__name__, "setup_files.declared_licence_of")),
)

# files whose declared runtime versions the family reads (lodestar.scan.runtimes)
RUNTIME_FILES = (
    (".python-version", deferred(__name__, "runtime.read_python_version")),
    ("runtime.txt", deferred(__name__, "runtime.read_runtime_txt")),
    ("pyproject.toml", deferred(__name__, "runtime.read_pyproject")),
    ("Pipfile", deferred(__name__, "runtime.read_pipfile")),
    ("setup.cfg", deferred(__name__, "runtime.read_setup_cfg")),
    ("setup.py", deferred(__name__, "runtime.read_setup_py")),
)
