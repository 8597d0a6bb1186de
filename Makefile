# The two commands of the README:
#   make demo   set up, build the graph from examples/ into aidgraph.db, show it, serve it
#   make test   set up everything the tests need (Python packages, Chromium, Neo4j) and run them
# Everything is installed by these rules; nothing needs installing by hand.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= aidgraph.db
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test setup setup-test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamps: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[all]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[all,test]'
	touch $@ $(VENV)/.installed

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test
	bash scripts/setup-browser.sh
	bash scripts/neo4j-server.sh build

demo: setup
	rm -f $(DB)
	rm -rf $(DB).index
	$(BIN)/aidgraph ingest --db $(DB) examples
	$(BIN)/aidgraph stats --db $(DB)
	$(BIN)/aidgraph ask --db $(DB) flows --level province
	$(BIN)/aidgraph serve --db $(DB) --host $(HOST) --port $(PORT)

test: setup-test
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup-test
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) $(DB) $(DB).index .pytest_cache
