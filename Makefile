# Two commands matter: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEMO_USER_AGENT ?= Comment Letters Demo demo@example.com

.PHONY: demo test lint bench evaluate clean prod-smoke

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Demo on the embedded default: SQLite under var/, no broker, tasks in-process.
demo: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	EDGAR_USER_AGENT="$(DEMO_USER_AGENT)" $(PY) manage.py demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

# Lint and format check over the tree, types over the services, parsers and the EDGAR client (pyproject.toml).
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# The production shape, run natively (no Docker engine): scripts/entrypoint.sh's migrate, web, worker and
# beat on production settings against PostgreSQL and Redis on 127.0.0.1 (see scripts/prod_smoke.py).
prod-smoke: $(VENV)/.installed
	$(PY) scripts/prod_smoke.py $(PROD_SMOKE_ARGS)

bench: $(VENV)/.installed
	$(PY) bench/ingest_throughput.py

# Parser accuracy on hand-labelled real letters: the development set, then the held-out set.
evaluate: $(VENV)/.installed
	$(PY) bench/evaluate_parser.py --quiet
	$(PY) bench/evaluate_parser.py --quiet --labels tests/labels/heldout

clean:
	rm -rf var/ .pytest_cache .hypothesis
