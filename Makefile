# The one command surface. `make book` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
READY  := $(VENV)/.ready

.PHONY: help book html pdf notebooks narrative check-data test test-fast lint lock bench finder-report lab clean

help:
	@echo "make book        set up, then build HTML (_build/html) and PDF (_build/pdf/briefing-book.pdf)"
	@echo "make test        set up, build once, run every check (pytest, two workers: TEST_WORKERS=2)"
	@echo "make test-fast   the unit tier only: no build, no TeX, no browser (pytest -m unit), under a minute"
	@echo "make lint        ruff check, ruff format --check, the chapters' cells (through jupytext), the layers (lint-imports)"
	@echo "make lock        regenerate requirements.txt from pyproject.toml (pip-compile)"
	@echo "make notebooks   execute every chapter into _build/notebooks/*.ipynb"
	@echo "make check-data  validate data/ and print the first error"
	@echo "make narrative   rewrite the paper's regions in book/ from seeds/"
	@echo "make lab         JupyterLab on the project (installed once): every chapter opens as a notebook"
	@echo "make bench       build timings and the citation finder's throughput (benchmarks/)"
	@echo "make finder-report  the finder on the real-text corpus: gained and missed per document"
	@echo "make clean       end the servers kept for the next build, remove _build (the execution records too)"

# The virtual environment, rebuilt when the pinned set changes.
$(READY): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

book: $(READY)
	scripts/system-deps book
	$(PY) -m briefing build

html pdf: book

notebooks: $(READY)
	$(PY) -m briefing notebooks

check-data: $(READY)
	$(PY) -m briefing check-data

narrative: $(READY)
	$(PY) -m briefing narrative
	$(PY) -m briefing texts pages

# Two workers for two cores, each given whole files (a module's fixtures, such as the browser's crawl,
# are set up once); each worker builds its own copy of the book for the tests that break one.
TEST_WORKERS ?= 2
test: $(READY)
	scripts/system-deps test
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

# The unit tier: a test marked data or book as well (one test in a unit module) is left out.
test-fast: $(READY)
	$(PY) -m pytest -m "unit and not data and not book" -q

# The linters come with the lock (the dev extra); the layers are pyproject.toml's contracts.
LINT_PATHS := briefing tests benchmarks
lint: $(READY)
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(PY) scripts/lint-chapters
	$(VENV)/bin/lint-imports

# The exact lock, from pyproject.toml's dependencies and extras (Python 3.11).
lock: $(READY)
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra test --extra dev \
		--output-file requirements.txt pyproject.toml

# JupyterLab, the `lab` extra of pyproject.toml, installed once into .venv. jupytext (already in
# requirements.txt) serves each MyST chapter as a notebook; the override below makes it the view a
# double click opens. The kernel starts in the chapter's folder, as the build runs it.
LAB_READY    := $(VENV)/.lab-ready
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
LAB_PORT     ?= 8888
LAB_ARGS     ?=

$(LAB_READY): $(READY) pyproject.toml
	$(PY) -m pip install -q -e ".[lab]"
	mkdir -p $(dir $(LAB_SETTINGS))
	printf '%s\n' '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}}}' > $(LAB_SETTINGS)
	touch $@

lab: $(LAB_READY)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir="$(CURDIR)" --ServerApp.port=$(LAB_PORT) \
	  --LabApp.extension_manager=readonly $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True) $(LAB_ARGS)

bench: $(READY)
	scripts/system-deps book
	$(PY) benchmarks/run.py
	$(PY) benchmarks/bench_figures.py
	$(PY) benchmarks/bench_finder.py

finder-report: $(READY)
	$(PY) tests/finder_corpus.py

clean:
	test ! -x $(PY) || $(PY) -m briefing stop-servers
	rm -rf _build
