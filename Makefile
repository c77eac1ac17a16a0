# Quick start: `make run` (a lean install, then seeds -> warehouse), `make test` (adds the dev tools, the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when the project's dependencies change.
SUM := $(shell cksum pyproject.toml | cut -d' ' -f1)
# Optional extras for install/run, comma-separated: lake (backend = "ducklake"), dask (task_runner = "dask").
# e.g. `make install EXTRAS=lake`. The default install leaves both out; `make setup`/`make test` install both.
EXTRAS ?=
comma := ,
RUNTIME := $(VENV)/.runtime-$(SUM)$(if $(EXTRAS),-$(subst $(comma),-,$(EXTRAS)))
DEV := $(VENV)/.dev-$(SUM)
ARGOS := argostranslate>=1.11,<1.12

.PHONY: install setup run test lint typecheck bench clean

# The runtime: no torch. argostranslate goes in without its dependencies (stanza -> torch, used only by
# argostranslate.translate, which newsflow never imports); pyproject.toml lists the ones newsflow does use.
install: $(RUNTIME)

$(RUNTIME): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.$(if $(EXTRAS),[$(EXTRAS)])'
	$(BIN)/python -m pip install -q --no-deps '$(ARGOS)'
	rm -f $(VENV)/.runtime-*
	touch $@

# Development and tests: torch (pinned: any other resolution downloads a multi-gigabyte CUDA build), then
# every extra: lake and dask (the suite covers both), dev (ruff, mypy, pytest, stanza for the check against
# Argos' own translate(), datasketch as the reference for newsflow's MinHash).
setup: $(DEV)

$(DEV): $(RUNTIME)
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev,lake,dask]'
	rm -f $(VENV)/.dev-*
	touch $@

run: install
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
	$(PYTHON) benchmarks/install_bench.py
	$(BIN)/python benchmarks/first_hour_bench.py
	$(BIN)/python benchmarks/ingest_bench.py
	$(BIN)/python benchmarks/ingest_bench.py --server
	$(BIN)/python benchmarks/upsert_bench.py
	$(BIN)/python benchmarks/translation_bench.py
	$(BIN)/python benchmarks/extraction_eval.py --jobs 2
	$(BIN)/python benchmarks/lake_bench.py
	$(BIN)/python benchmarks/dask_translation_bench.py

clean:
	rm -rf $(VENV) warehouse/*.duckdb warehouse/*.duckdb.wal warehouse/*.lock warehouse/*.readers
