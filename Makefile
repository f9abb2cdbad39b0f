# fitcoach: `make run` sets up and starts the product; `make test` sets up and runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
POSE_VENV := .venv-pose
POSE_STAMP := $(POSE_VENV)/.installed-$(shell cat requirements-pose.txt | cksum | cut -d' ' -f1)
PLOTLY_JS := src/fitcoach/interfaces/web/static/vendor/plotly.min.js
PYTEST_ARGS ?= -n 2
FUZZ_EXAMPLES ?= 300
FUZZ_MINUTES ?= 30

.PHONY: setup run demo test fuzz lint format types imports bench clean pose-env train-burnout train-form

setup: $(STAMP) $(PLOTLY_JS) $(POSE_STAMP)

# MediaPipe Pose in its own virtualenv (it needs numpy < 2): see requirements-pose.txt and
# fitcoach/sensors/pose.py, which runs it as a subprocess.

pose-env: $(POSE_STAMP)

$(POSE_STAMP): requirements-pose.txt
	$(PYTHON) -m venv $(POSE_VENV)
	$(POSE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(POSE_VENV)/bin/python -m pip install --quiet --no-deps mediapipe==0.10.21
	$(POSE_VENV)/bin/python -m pip install --quiet -r requirements-pose.txt
	@rm -f $(POSE_VENV)/.installed-*
	@touch $@

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "fitcoach needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,ml]'
	@rm -f $(VENV)/.installed-*
	@touch $@

# The dashboard's chart library, plotly.js, from the npm registry at the version
# package-lock.json pins, copied beside the web's static files (gitignored, never committed).
$(PLOTLY_JS): package.json package-lock.json
	@command -v npm >/dev/null || { echo "fitcoach needs npm (Node.js 18 or newer) to fetch plotly.js" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(@D)
	cp node_modules/plotly.js-dist-min/plotly.min.js $@

run: setup
	$(BIN)/fitcoach db upgrade
	$(BIN)/fitcoach demo seed
	$(BIN)/fitcoach serve --simulate

demo: setup
	$(BIN)/fitcoach db upgrade
	$(BIN)/fitcoach demo seed

test: setup lint types imports
	$(BIN)/pytest $(PYTEST_ARGS)

# The API fuzzed against its own OpenAPI schema for longer than `make test` does: random
# examples (FUZZ_EXAMPLES per operation) until done or FUZZ_MINUTES have passed (then it stops
# with status 124); each operation is listed as it finishes. Not part of `make test`.
fuzz: setup
	FITCOACH_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) timeout --signal=INT --kill-after=60 $$(( $(FUZZ_MINUTES) * 60 )) \
		$(BIN)/pytest tests/interfaces/test_api_schema.py $(PYTEST_ARGS) -v --durations=10

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

# The burnout models' full run (1,000 synthetic athletes × 365 days, 200 trees): the artefact
# goes to the model directory, the plots to docs/models (see docs/models/burnout.md).
train-burnout: setup
	$(BIN)/fitcoach ml train burnout --athletes 1000 --days 365 --trees 200 --plots docs/models

# The form model's full run: 1,000 generated sets, held-out bodies, plots for the model card;
# the artefact goes into the package (fitcoach/ml/artefacts), the model shipped with fitcoach.
train-form: setup
	FITCOACH_MODEL_DIR=src/fitcoach/ml/artefacts $(BIN)/fitcoach ml train form --workers 2 --plots docs/models

clean:
	rm -rf $(VENV) $(POSE_VENV) .pytest_cache .mypy_cache .ruff_cache node_modules $(dir $(PLOTLY_JS))
