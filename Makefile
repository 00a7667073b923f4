# The two commands of the README: `make demo` and `make test`. Both set up .venv themselves,
# from the lock file requirements/dev.lock (exact versions with hashes, for every Python 3.11+).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
LOCK := requirements/dev.lock
STAMP := $(VENV)/.installed-stamp
# The resolver that writes the lock (`make lock`); installing from the lock needs only pip.
UV_VERSION := 0.13.9

.PHONY: demo test lint typecheck unit lock test-latest clean

$(STAMP): $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install -qq --no-deps --no-build-isolation -e .
	touch $(STAMP)

## demo: set up, build the demo organisation, scan it and print the report
demo: $(STAMP)
	$(BIN)/lodestar demo $(DEMO_DIR)

## test: set up, then lint, type-check and run the whole test suite
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

## lock: resolve pyproject.toml's ranges anew (newest versions of the day) into $(LOCK)
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet uv==$(UV_VERSION)
	.venv-lock/bin/uv pip compile pyproject.toml requirements/build.in --extra dev \
		--universal --generate-hashes --python-version 3.11 \
		--custom-compile-command 'make lock' --quiet -o $(LOCK)

## test-latest: the whole suite on the newest versions pyproject.toml allows (not CI: a
## canary for the next `make lock`); a throwaway .venv-latest, the lock untouched
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade pip
	.venv-latest/bin/python -m pip install --quiet -e '.[dev]'
	touch .venv-latest/.installed-stamp
	$(MAKE) test VENV=.venv-latest STAMP=.venv-latest/.installed-stamp

clean:
	rm -rf $(VENV) .venv-lock .venv-latest .pytest_cache .mypy_cache .ruff_cache
