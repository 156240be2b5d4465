# The README's two commands: `make demo` and `make test`. Both set up .venv from scratch.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= demo.duckdb

.PHONY: install demo test lint clean browser-deps

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# torch is pinned to the CPU build (2.13.0) in the embeddings extra; never a CUDA build.
	$(BIN)/python -m pip install -q -e ".[dev,embeddings,ray]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/storyline ingest examples/articles --db $(DEMO_DB)
	$(BIN)/storyline show --db $(DEMO_DB)

lint: install
	$(BIN)/ruff check src tests bench

test: install lint
	$(BIN)/python -m pytest -q

# Debian chromium for the dashboard's browser tests (they skip, saying so, without it). Needs root.
browser-deps:
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

clean:
	rm -rf $(VENV) $(DEMO_DB) *.duckdb.wal .pytest_cache
