# Layak Anak: the two commands a newcomer needs are `make demo` and `make test`.
# Both create the virtualenv and install everything they need on a fresh clone.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Static checks import the settings, which require a SECRET_KEY outside debug mode.
CHECK_ENV := SECRET_KEY=static-checks-only DATABASE_URL=
# Installing runs on the real clock even under `faketime '2031-…' make test`: TLS certificates
# and package signatures are checked against the date, and would fail years from now.
REAL_CLOCK := env -u LD_PRELOAD -u FAKETIME -u FAKETIME_NO_CACHE -u DONT_FAKE_MONOTONIC

.PHONY: demo test lint typecheck import-layers migrations-check pytest bench lock messages clean system-deps

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(REAL_CLOCK) $(PYTHON) -m venv $(VENV)
	$(REAL_CLOCK) $(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(REAL_CLOCK) $(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(REAL_CLOCK) $(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@$(REAL_CLOCK) touch $(STAMP)

system-deps:
	@$(REAL_CLOCK) scripts/ensure-system-deps

# The demo data is built with tasks run on the spot; then long actions (the certificate batches)
# run in a background worker, as in production, so that the page answers at once and shows their
# progress. Ctrl+C stops the server and the worker.
demo: export LAYAKANAK_DEMO = 1
demo: $(STAMP)
	$(BIN)/layakanak collectstatic --noinput --verbosity 0
	$(BIN)/layakanak migrate --noinput
	TASKS_BACKEND=immediate $(BIN)/layakanak demo
	TASKS_BACKEND=database $(BIN)/layakanak worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	TASKS_BACKEND=database $(BIN)/layakanak serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(CHECK_ENV) $(BIN)/mypy layakanak

# The apps' layer order ([tool.importlinter] in pyproject.toml, docs/architecture.md).
import-layers: $(STAMP)
	$(BIN)/lint-imports --no-cache

migrations-check: $(STAMP)
	$(CHECK_ENV) $(BIN)/layakanak makemigrations --check --dry-run

pytest: $(STAMP)
	@$(REAL_CLOCK) scripts/ensure-system-deps
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test: lint typecheck import-layers migrations-check pytest

bench: $(STAMP)
	scripts/ensure-system-deps --bench
	$(BIN)/python benchmarks/run.py

# Re-resolve requirements.lock from pyproject.toml (needs PyPI).
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile --quiet --python-version 3.11 --extra dev pyproject.toml -o requirements.lock

# Extract and compile translations (Indonesian is the source language of the UI's
# translations: msgids are English, locale/id holds the Indonesian text).
messages: $(STAMP)
	scripts/fill-messages

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache
