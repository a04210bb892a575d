"""One build, start to end, under the lock; any failure leaves the live book as it was.

Nothing is written under ``_build`` until the data are valid (so a build refused for bad data
leaves ``_build`` byte-identical); kernels are started meanwhile, for the chapters that will
probably run, and killed if the build stops. So is the Jupyter Book process (``jbrun --wait``),
when something will probably be built: it imports Sphinx and the extensions while the data are
validated and the chapters run, and builds once the sources are staged; a build that stops
before (or finds nothing changed) ends it, and it has written nothing. Both are forked by servers
kept between builds (``servers``), so after the first build neither imports anything.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from .. import book
from .chapters import environment_digest, is_notebook, tree_digest
from .errors import BuildError, log, open_log, signals_deferred
from .execution import Runner
from .layout import Layout
from .lock import BuildLock
from .records import changed_inputs, executed_path, forget, input_digests, stale_chapters
from .sphinx import cancel_jupyter_book, check_tex, read_config, recover_stage, run_jupyter_book, stage_sources, start_jupyter_book
from .swap import prepare, replace_dir, swap_in


def guess_stale(layout: Layout, force: bool) -> int:
    """How many chapters will probably run: the stale ones among the table of contents' notebooks
    (hashes only; the exact list comes once the narrative is regenerated). A broken table of
    contents guesses none: the build reports it later, in one line."""
    try:
        guess = [c for c in book.chapter_files(book.Project(layout.root)) if c.exists() and is_notebook(c)]
    except Exception:  # noqa: BLE001 - a broken table of contents: the build names it later, in one line
        return 0
    return len(stale_chapters(layout, guess, force))


def clear_leftovers(layout: Layout) -> None:
    """Scratch folders of builds that were killed (the lock says none of them is running)."""
    if layout.work_root.exists():
        for path in layout.work_root.iterdir():
            shutil.rmtree(path, ignore_errors=True)
    recover_stage(layout)


def execute(layout: Layout, runner: Runner, chapters: list[Path], force: bool, found: dict[str, str]) -> list[Path]:
    """Run the stale chapters. ``found``: the inputs' digests as the build validated and synced
    them (``records.input_digests``); if one changed while the chapters ran, a chapter may have
    read it and its record would key the new bytes to what it made of the old, so the records of
    this build's chapters are dropped and the build stops (the book before is kept)."""
    stale = stale_chapters(layout, chapters, force)
    for chapter in chapters:
        if chapter not in stale:
            log(f"{layout.rel(chapter)}: inputs unchanged, execution reused")
    runner.need(len(stale))  # the kernels started ahead count
    executed = runner.run(stale) if stale else []
    changed = changed_inputs(layout, found)
    if changed:
        forget(layout, executed)
        more = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
        raise BuildError(f"{changed[0]}{more} changed while the book was being built; build again to include the change")
    return executed


# Start kernels before the data are validated (``benchmarks/run.py`` turns it off to compare).
PRESTART = True
# Start Jupyter Book with the build (when a chapter looks stale or nothing was built), to import
# Sphinx and the extensions meanwhile; off, it starts once the sources are staged.
PRESTART_SPHINX = True


class State:
    """How far the build got (what an interruption message may say)."""

    swapped = False


def _build_locked(layout: Layout, lock: BuildLock, force: bool, jobs: int | None, state: State, waiting: list) -> bool:
    """The build under the lock; ``waiting`` holds the early Jupyter Book process until its go."""
    runner = Runner(layout, jobs)
    try:
        # Start kernels now for the chapters that look stale, before the (slower to learn)
        # exact answer: the data are validated and the regions rewritten meanwhile. Everything
        # imported so far is light; the readers (``inputs``) are imported after this.
        if PRESTART:
            stale = guess_stale(layout, force)
            runner.need(stale)
            if PRESTART_SPHINX and (stale or force or not layout.stamp.exists()):
                waiting.append(start_jupyter_book(layout, lock.fd))
        from . import inputs  # lazily, for speed: after the head start (see above)

        found = input_digests(layout)  # before the readers open them: the bytes validated
        inputs.validate_data(layout)
        check_tex()
        read_config(layout)  # a broken configuration is named before any chapter runs
        chapters = inputs.sync_narrative(layout)
        found.update(input_digests(layout, chapters))  # the chapters as the narrative left them
        layout.build.mkdir(parents=True, exist_ok=True)
        open_log(layout.log_file)
        clear_leftovers(layout)
        execute(layout, runner, chapters, force, found)
    finally:
        runner.stop()
    src = stage_sources(layout, chapters)
    staged = [p for p in src.rglob("*") if p.is_file()]
    digest = tree_digest(staged, src) + environment_digest(layout.root)
    whole = layout.html.joinpath("index.html").exists() and layout.pdf.exists() and layout.notebooks.exists()
    if not force and whole and layout.stamp.exists() and layout.stamp.read_text() == digest:
        log(f"nothing changed since the last build; kept {layout.html} and {layout.pdf}")
        return False
    layout.stage_in_use.write_text(str(os.getpid()))
    early = waiting.pop() if waiting else None  # from here run_jupyter_book stops it
    try:
        run_jupyter_book(layout, src, lock.fd, early)
    except BuildError:
        # Sphinx ended by itself (a warning, a LaTeX error): its outputs are consistent
        layout.stage_in_use.unlink()
        raise
    layout.stage_in_use.unlink()
    new = prepare(layout, chapters)
    with signals_deferred():
        swap_in(layout, new)
        state.swapped = True
        tmp = layout.stamp.with_suffix(".tmp")
        tmp.write_text(digest)
        os.replace(tmp, layout.stamp)
    shutil.rmtree(layout.work, ignore_errors=True)
    return True


def build(root: Path, force: bool = False, jobs: int | None = None, wait: bool = True, state: State | None = None) -> bool:
    """Build HTML and PDF; return False when nothing changed and the outputs were kept."""
    layout = Layout(Path(root).resolve())
    state = state or State()
    started = time.perf_counter()
    with BuildLock(layout.lock_file, wait=wait) as lock:
        waiting: list = []  # the early Jupyter Book process, until it gets the go
        try:
            if not _build_locked(layout, lock, force, jobs, state, waiting):
                return False
        finally:
            for process in waiting:
                cancel_jupyter_book(process)
    log(f"built in {time.perf_counter() - started:.1f} s")
    log(f"HTML: {layout.html / 'index.html'}")
    log(f"PDF:  {layout.pdf}")
    return True


def notebooks(root: Path, force: bool = False, wait: bool = True) -> Path:
    """Execute every chapter (reusing valid executions) into ``_build/notebooks/``."""
    layout = Layout(Path(root).resolve())
    with BuildLock(layout.lock_file, wait=wait):
        runner = Runner(layout)
        try:
            from . import inputs  # lazily, as in _build_locked

            found = input_digests(layout)
            inputs.validate_data(layout)
            chapters = inputs.sync_narrative(layout)
            found.update(input_digests(layout, chapters))
            open_log(layout.log_file)
            clear_leftovers(layout)
            execute(layout, runner, chapters, force, found)
        finally:
            runner.stop()
        new = layout.work / "notebooks"
        shutil.rmtree(new, ignore_errors=True)
        new.mkdir(parents=True)
        for chapter in chapters:
            shutil.copyfile(executed_path(layout, chapter), new / (chapter.stem + ".ipynb"))
        with signals_deferred():
            replace_dir(new, layout.notebooks)
        shutil.rmtree(layout.work, ignore_errors=True)
    return layout.notebooks
