# Quick start: `make run` (set up, then seeds -> warehouse), `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when the project's dependencies change.
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# torch is pinned and installed first: argostranslate -> stanza pulls it, and any other resolution
# downloads a multi-gigabyte CUDA build. /opt/wheels holds the CPU build where this machine has it.
FIND_LINKS := $(if $(wildcard /opt/wheels),--find-links /opt/wheels,)

.PHONY: setup run test lint typecheck bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q $(FIND_LINKS) torch==2.13.0
	$(BIN)/python -m pip install -q $(FIND_LINKS) -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

run: setup
	$(BIN)/newsflow --config config.toml run

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

# The warehouse-touching tests run a second time on a DuckLake (SQLite catalog): the stores, schema, search,
# export and the SIGKILL crash test (tests/warehouse), and the flows that write (ingest failures, backfill,
# reprocess). tests/lake covers the PostgreSQL catalog and concurrent writers in the first pass. Left to the
# first pass: the CLI, extraction, translation and runner tests (serve, schedule, Dask), which do not depend
# on the backend beyond what these cover, to keep the whole suite well under 10 minutes on 2 cores.
LAKE_TESTS := tests/warehouse tests/orchestration/test_failures.py tests/orchestration/test_backfill.py \
	tests/orchestration/test_reprocess.py

test: setup lint typecheck
	$(BIN)/pytest -q
	NEWSFLOW_TEST_BACKEND=ducklake $(BIN)/pytest -q $(LAKE_TESTS)

bench: setup
	$(BIN)/python benchmarks/ingest_bench.py
	$(BIN)/python benchmarks/ingest_bench.py --server
	$(BIN)/python benchmarks/upsert_bench.py
	$(BIN)/python benchmarks/translation_bench.py
	$(BIN)/python benchmarks/extraction_eval.py --jobs 2
	$(BIN)/python benchmarks/lake_bench.py
	$(BIN)/python benchmarks/dask_translation_bench.py

clean:
	rm -rf $(VENV) warehouse/*.duckdb warehouse/*.duckdb.wal warehouse/*.lock
