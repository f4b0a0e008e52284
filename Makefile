# The two commands: `make run` (the dashboard on the bundled data) and `make test` (the whole suite).
# Each creates .venv with Python 3.11+ on first use and installs the project into it.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint screenshots bench

$(VENV)/.run-installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.run-installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

run: $(VENV)/.run-installed
	$(PY) -m streamlit run dashboard.py

test: $(VENV)/.test-installed
	$(PY) -m ruff check .
	$(PY) -m pytest

screenshots: $(VENV)/.test-installed
	$(PY) scripts/screenshots.py

# The benchmarks (benchmarks/README.md): `make bench` at full size, by hand (several minutes, writes the results
# into benchmarks/README.md); `make bench SIZE=small` in CI, to keep them working (about a minute).
SIZE ?= full
bench: $(VENV)/.test-installed
	$(PY) benchmarks/run.py --size $(SIZE)
