# The two commands of the README: `make demo` and `make test`. Both create .venv if missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The extractor's modules compiled by mypyc (setup.py): rebuilt in place when their source changes.
COMPILED := $(VENV)/.compiled
EXTRACTOR := $(wildcard pipelines/extractor/*.py)

.PHONY: demo test lint bench install compile clean system

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip "setuptools>=77"
	$(BIN)/pip install --quiet -e '.[test,spark]'
	touch $(STAMP)

install: $(STAMP)

$(COMPILED): $(STAMP) $(EXTRACTOR) setup.py
	$(BIN)/python setup.py --quiet build_ext --inplace
	touch pipelines/extractor/*.so $(COMPILED)  # newer than their source, even when the C did not change

compile: $(COMPILED)

demo: $(COMPILED)
	$(BIN)/backlinks demo --data demo-data

# Debian packages the tests need (redis-server, chromium, a C compiler, Python's headers):
# installed when missing as root, else named in one line (.ci/setup).
system:
	.ci/setup $(PYTHON)

# The linter and the type checker (configured in pyproject.toml), before any test runs.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m mypy

test: lint system $(COMPILED)
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: $(COMPILED)
	for script in tests/bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf demo-data .pytest_cache .mypy_cache .ruff_cache build $(COMPILED)
