# The project's two commands: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi:app

.PHONY: run test test-pg lint bench venv clean translations

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	mkdir -p instance
	$(VENV)/bin/flask db upgrade
	$(VENV)/bin/flask recon seed-demo
	@echo "recon: http://127.0.0.1:5000  (Ctrl+C to stop)"
	RECON_EMBED_SCHEDULER=1 $(VENV)/bin/flask run --host 127.0.0.1 --port 5000

# One pytest worker per core (pytest-xdist); each worker has its own SQLite template or PostgreSQL
# database (tests/conftest.py). `make test JOBS=0` runs in one process.
JOBS ?= auto
test: $(STAMP)
	$(PY) -m pytest -n $(JOBS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# After changing a message: extract, merge into the English catalogue (translate the new entries
# in recon/translations/en/LC_MESSAGES/messages.po), then run again to compile messages.mo.
translations: $(STAMP)
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k lazy_gettext --no-location --sort-output --ignore-dirs ".* __pycache__" \
		--project recon --version 0.1.0 --no-wrap \
		-o recon/translations/messages.pot .
	$(VENV)/bin/pybabel -q update -i recon/translations/messages.pot -d recon/translations -l en \
		--no-fuzzy-matching --ignore-obsolete --no-wrap
	$(VENV)/bin/pybabel -q compile -d recon/translations -l en

bench: $(STAMP)
	for script in bench/[!_]*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) instance/*.sqlite3* test-artifacts
