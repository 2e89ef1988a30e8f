# CourtOps — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

.PHONY: demo test lint install migrate messages i18n demo-data run clean bench

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

i18n: $(STAMP)
	$(MANAGE) i18n_compile

migrate: $(STAMP)
	@mkdir -p var
	$(MANAGE) migrate --noinput

demo-data: migrate i18n
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) demo_load

# Sets everything up (idempotent) and runs web + Celery worker + beat until Ctrl-C.
demo: demo-data
	bin/run-demo

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: $(STAMP) i18n
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Regenerates the translation catalogues from the source (needs GNU gettext's xgettext).
messages: $(STAMP)
	$(MANAGE) i18n_extract

bench: $(STAMP)
	@for b in bench/[!_]*.py; do echo "== $$b"; $(PY) $$b; done

clean:
	rm -rf var
