# fitcoach: `make run` sets up and starts the product; `make test` sets up and runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PYTEST_ARGS ?= -n 2

.PHONY: setup run demo test lint format types imports bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "fitcoach needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,ml]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: setup
	$(BIN)/fitcoach db upgrade
	$(BIN)/fitcoach demo seed
	$(BIN)/fitcoach serve --simulate

demo: setup
	$(BIN)/fitcoach db upgrade
	$(BIN)/fitcoach demo seed

test: setup lint types imports
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks

format: setup
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

types: setup
	$(BIN)/mypy

imports: setup
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
