# digest: the front door. `make setup`, then `make test`, then `make digest`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CONFIG ?= config.yaml

.PHONY: setup system test check lint typecheck pytest digest bench models clean

# Creates .venv and installs everything `make test` needs, headless Chromium included (Debian
# packages, see scripts/system-packages.sh). Safe to re-run: what is there is skipped.
# torch 2.13.0 (CPU build, held locally on these machines) goes in first, so that
# argostranslate -> stanza does not pull the multi-GB CUDA build from the registry.
setup: system $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	@echo "setup done: now run 'make test', then 'make digest'"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

system:
	@sh scripts/system-packages.sh

# The README's test command: lint, types, then the test suite.
test: lint typecheck pytest

check: test

lint:
	$(BIN)/ruff check digest tests bench lab
	$(BIN)/ruff format --check digest tests bench lab

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest -q

# The main job on the seeds, with the defaults in config.yaml.
digest:
	$(BIN)/digest run --config $(CONFIG)

bench:
	$(BIN)/python -m bench.run

# Translation models from the Argos package index (needs the internet). Offline: copy the
# .argosmodel files over and run `digest models install FILE.argosmodel`.
models:
	$(BIN)/digest models install --index --config $(CONFIG)

clean:
	rm -rf archive data .pytest_cache .mypy_cache .ruff_cache
