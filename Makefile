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
	$(BIN)/python -m pip install -q -e ".[dev,embeddings,ray,train]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/storyline ingest examples/articles --db $(DEMO_DB)
	$(BIN)/storyline show --db $(DEMO_DB)
	# Blocks: the dashboard and API on 127.0.0.1 (Ctrl-C to stop).
	$(BIN)/storyline serve --db $(DEMO_DB)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: install lint browser-deps
	$(BIN)/python -m pytest -q

# Debian chromium for the dashboard's browser tests (they skip, saying so, without it).
# Installed when we are root with apt; otherwise a note, and the browser tests skip.
browser-deps:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) ; } || \
	  echo "note: /usr/bin/chromium missing and not installable here; browser tests will skip"

clean:
	rm -rf $(VENV) $(DEMO_DB) *.duckdb.wal .pytest_cache
