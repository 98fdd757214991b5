# The project's two commands: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi:app

.PHONY: run test test-pg lint bench venv clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	mkdir -p instance
	$(VENV)/bin/flask db upgrade
	$(VENV)/bin/flask recon seed-demo
	@echo "recon: http://127.0.0.1:5000  (Ctrl+C to stop)"
	RECON_EMBED_SCHEDULER=1 $(VENV)/bin/flask run --host 127.0.0.1 --port 5000

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) instance/*.sqlite3* test-artifacts
