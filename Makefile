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
empty :=
space := $(empty) $(empty)
# The markers are named by pyproject.toml's checksum alone; they hold the extras installed with them, so a
# later `make run` (no EXTRAS) or a subset of what was installed reinstalls nothing, and only a missing extra
# forces a new install (of everything installed so far plus it).
RUNTIME := $(VENV)/.runtime-$(SUM)
DEV := $(VENV)/.dev-$(SUM)
WANTED := $(sort $(subst $(comma), ,$(EXTRAS)))
INSTALLED := $(sort $(shell cat $(RUNTIME) $(DEV) 2>/dev/null))
MISSING := $(filter-out $(INSTALLED),$(WANTED))
ALL_EXTRAS := $(sort $(INSTALLED) $(WANTED))
ARGOS := argostranslate>=1.11,<1.12

.PHONY: install setup run test lint typecheck docs bench clean FORCE

# The runtime: no torch. argostranslate goes in without its dependencies (stanza -> torch, used only by
# argostranslate.translate, which newsflow never imports); pyproject.toml lists the ones newsflow does use.
install: $(RUNTIME)

$(RUNTIME): pyproject.toml $(if $(MISSING),FORCE)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# pip before 23.3 warns on every install that lxml lacks justext's `lxml[html_clean]` (it is `html-clean`).
	$(BIN)/python -m pip install -q 'pip>=23.3'
	$(BIN)/python -m pip install -q -e '.$(if $(ALL_EXTRAS),[$(subst $(space),$(comma),$(ALL_EXTRAS))])'
	$(BIN)/python -m pip install -q --no-deps '$(ARGOS)'
	rm -f $(VENV)/.runtime-*
	echo '$(ALL_EXTRAS)' > $@

FORCE:

# Development and tests: torch (pinned: any other resolution downloads a multi-gigabyte CUDA build), then
# every extra: lake and dask (the suite covers both), dev (ruff, mypy, pytest, stanza for the check against
# Argos' own translate(), datasketch as the reference for newsflow's MinHash).
setup: $(DEV)

$(DEV): $(RUNTIME)
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev,lake,dask]'
	rm -f $(VENV)/.dev-*
	echo 'dask dev lake' > $@

run: install
	$(BIN)/newsflow --config config.toml run

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

# The manual (docs/, mkdocs.yml) into site/ (git-ignored); --strict: a broken link, a missing page or a page left out
# of the nav fails the build, and with it `make test`. docs/hooks.py renders the CLI reference from the command itself.
docs: setup
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site

# The whole suite runs on both warehouse backends: first on the file, then on a DuckLake (SQLite catalog;
# tests/support/backend.py). The lake pass skips what would only repeat the first: modules marked no_warehouse
# (they open none: extraction, language, config, translation units) and own_backend (tests/warehouse/lake: lakes of their
# own on PostgreSQL and S3, and modules whose configs name the file) and backend_neutral (another stage tested
# through a warehouse: extraction, fetching, runners, logs, the docs' examples). Each pass runs on two processes
# (pytest-xdist; a third only adds contention: the CPU is the limit, not I/O); --dist loadfile keeps each
# module on one worker (test_local_server.py shares one server across its tests, in order; module fixtures
# are built once); --no-loadscope-reorder keeps the order tests/conftest.py gives (slow modules first, so none starts
# last and runs alone). The controller starts one Prefect test server for its workers
# (tests/conftest.py); each worker has its own PREFECT_HOME, PostgreSQL cluster and moto server, on free
# loopback ports. Timings: docs/development.md.
XDIST := -n 2 --dist loadfile --no-loadscope-reorder

test: setup lint typecheck docs
	$(BIN)/pytest -q $(XDIST)
	NEWSFLOW_TEST_BACKEND=ducklake $(BIN)/pytest -q $(XDIST) -m "not no_warehouse and not own_backend and not backend_neutral"

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
	rm -rf $(VENV) site warehouse/*.duckdb warehouse/*.duckdb.wal warehouse/*.lock warehouse/*.readers
