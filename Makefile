# The one command surface. `make book` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
READY  := $(VENV)/.ready

.PHONY: help book html pdf notebooks narrative check-data test test-fast bench finder-report clean

help:
	@echo "make book        set up, then build HTML (_build/html) and PDF (_build/pdf/briefing-book.pdf)"
	@echo "make test        set up, build once, run every check (pytest)"
	@echo "make test-fast   the checks that need no browser and no PDF (pytest -m 'not browser and not pdf')"
	@echo "make notebooks   execute every chapter into _build/notebooks/*.ipynb"
	@echo "make check-data  validate data/ and print the first error"
	@echo "make narrative   rewrite the paper's regions in book/ from seeds/"
	@echo "make bench       build timings and the citation finder's throughput (benchmarks/)"
	@echo "make finder-report  the finder on the real-text corpus: gained and missed per document"
	@echo "make clean       remove _build (the execution records too)"

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

test: $(READY)
	scripts/system-deps test
	$(PY) -m pytest

test-fast: $(READY)
	$(PY) -m pytest -m "not browser and not pdf"

bench: $(READY)
	scripts/system-deps book
	$(PY) benchmarks/run.py
	$(PY) benchmarks/bench_finder.py

finder-report: $(READY)
	$(PY) tests/finder_corpus.py

clean:
	rm -rf _build
