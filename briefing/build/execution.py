"""Execute chapters, each in a fresh kernel, with the kernels' start-up hidden behind other work.

A chapter never sees another's state: every chapter gets a kernel of its own, shut down after it.
What is saved is the waiting: kernels (forked from a server that pre-imported pandas, matplotlib
and the package's modules, so the imports are paid before the chapter is known) are started as
soon as the build holds its lock, while the data are validated and the narrative regenerated;
one scheduler thread runs up to ``jobs`` chapters at once and starts the next kernels while they
run, never more kernels than chapters (``Runner.need``). ``benchmarks/README.md`` has the
measurements.

An execution is written only once its chapter succeeded: the chapter's generated files go to the
build's private folder while it runs, then the old record is removed, the files are renamed into
``_build/.execution/generated`` and the new notebook and manifest are renamed into place. A
build killed at any moment leaves each chapter either with its old record or none.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import queue
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from . import records
from .chapters import environment_digest
from .errors import BuildError, disk_problem, log, record, strip_ansi
from .forkserver import KERNEL_ARGUMENTS, ForkServer
from .layout import Layout

# Imported by every kernel at start-up, before the chapter's audit hook is installed: so nothing
# here may open a file under data/ or seeds/ or fill a cache at import (the hook would miss the
# read; tests/test_build_units.py imports them under a hook of its own and checks). The package's
# modules come after the third-party ones: the ones the chapters and the build's hidden cells
# import (about 0.5 s a chapter otherwise).
PREIMPORTS = (
    "import numpy",
    "import pandas",
    "import matplotlib.pyplot",
    "import IPython.display",
    "import briefing.build.kernel",
    "import briefing.notebook",
    "import briefing.activity",
    "import briefing.book",
    "import briefing.data",
    "import briefing.glossary",
    "import briefing.instruments",
    "import briefing.pinpoints",
    "import briefing.present",
    "import briefing.recalls",
    "import briefing.seed",
    "import briefing.texts",
    "import briefing.texts.record",
    "import briefing.figures.series_recalls",
    "import briefing.pages.after",
    "import briefing.pages.chronology",
    "import briefing.pages.front",
    "import briefing.pages.glossary",
    "import briefing.pages.guide",
    "import briefing.pages.keys",
    "import briefing.pages.sources",
)
CELL_TIMEOUT = 600
# Kernels forked from a pre-imported server (``forkserver``); off, each kernel is a new process
# that imports PREIMPORTS itself at start-up (``benchmarks/run.py`` compares the two).
FORK_SERVER = sys.platform == "linux"


def load_kernel_modules() -> None:
    """nbformat, nbclient, jupytext and jupyter_client (about 1 s) are imported by the scheduler's
    thread, not with this module: the build imports it at its start, to start the fork server and
    Jupyter Book at once, and the data are validated while the thread imports these (a build
    forked by the build server finds them imported: ``buildserver.prepare`` calls this)."""
    global nbformat, jupytext, NotebookClient, CellExecutionError, DeadKernelError, ForkedKernelManager
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    from .forkedkernel import ForkedKernelManager


def kernel_environment(layout: Layout) -> dict[str, str]:
    """Kernels and Sphinx import the package of the repository being built."""
    path = os.pathsep.join(p for p in (str(layout.root), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    return env


def cell_failure(layout: Layout, chapter: Path, nb, error: BaseException) -> BuildError:
    """One line: chapter, code cell number, the line of code, the exception."""
    rel = layout.rel(chapter)
    index = next(
        (i for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))),
        None,
    )
    name = getattr(error, "ename", type(error).__name__)
    value = getattr(error, "evalue", str(error))
    detail = strip_ansi(str(error))
    if index is None:
        return BuildError(f"{rel}: execution failed: {name}: {value}", detail)
    if index == 0:
        return BuildError(f"{rel}: the build's setup cell failed: {name}: {value}", detail)
    cell = nb.cells[index]
    number = sum(1 for c in nb.cells[1 : index + 1] if c.cell_type == "code")
    trace = strip_ansi("\n".join(next(o for o in cell.outputs if o.get("output_type") == "error").get("traceback", [])))
    lines = cell.source.splitlines()
    at = re.search(r"Cell In\[\d+\], line (\d+)", trace)
    line_number = int(at[1]) if at and 0 < int(at[1]) <= len(lines) else None
    code = lines[line_number - 1].strip() if line_number else (cell.source.strip().splitlines() or [""])[0]
    where = f"code cell {number}" + (f", line {line_number}" if line_number else "")
    return BuildError(f"{rel}: {where} (`{code}`) failed: {name}: {value}", f"{rel}, {where}:\n{cell.source}\n\n{trace}")


class Runner:
    """A thread that starts kernels ahead of the chapters and executes them as they come."""

    def __init__(self, layout: Layout, jobs: int | None = None):
        self.layout = layout
        self.jobs = jobs or 2 * (os.cpu_count() or 1)  # chapters at once (a chapter spends much of its time waiting)
        self.env = kernel_environment(layout)
        self.env_digest = environment_digest(layout.root)
        self.book_dir = layout.root / "book"
        self.chapters: queue.Queue = queue.Queue()
        self.closed = threading.Event()
        self.stopping = threading.Event()
        self.budget = 0  # kernels still to start
        self.claimed = 0  # kernels started (or being started) so far
        self.scheduling = False  # the scheduler's thread runs (set and cleared under the guard)
        self.guard = threading.Lock()
        self.threads: list[threading.Thread] = []
        self.managers: set = set()
        self.failures: list[BuildError] = []
        self.executed: list[Path] = []
        self._kernel_output = None
        self.server: ForkServer | None = None

    # --- called from the main thread ---

    def need(self, chapters: int) -> None:
        """Kernels for ``chapters`` chapters in all, counting the kernels already started: the
        head start's guess first, then the exact number (fewer kernels left to start, or more)."""
        with self.guard:
            self.budget = max(0, chapters - self.claimed)
            wanted = self.budget > 0 and not self.scheduling
            if wanted:
                self.scheduling = True  # the scheduler's thread clears it, under the guard, as it ends
        if wanted and FORK_SERVER and self.server is None:
            self.server = ForkServer(self.env, self.kernel_output, PREIMPORTS, str(self.layout.root))
        if wanted:
            thread = threading.Thread(target=self._thread, daemon=True, name="chapter-kernels")
            self.threads.append(thread)
            thread.start()

    def run(self, chapters: list[Path]) -> list[Path]:
        """Execute ``chapters`` (longest first); raise one BuildError naming every failure."""
        for chapter in sorted(chapters, key=lambda c: -records.last_seconds(self.layout, c)):
            self.chapters.put(chapter)
        self.closed.set()
        while any(t.is_alive() for t in self.threads):
            for thread in self.threads:
                thread.join(0.2)  # short waits: SIGINT and SIGTERM are handled between them
        if self.failures:
            first = self.failures[0]
            more = f" (and {len(self.failures) - 1} more chapter(s) failed)" if len(self.failures) > 1 else ""
            raise BuildError(str(first) + more, "\n\n".join(f"{e}\n{e.detail}" for e in self.failures))
        return self.executed

    def stop(self) -> None:
        """Kill every kernel now and let the workers end (a failed or interrupted build)."""
        self.stopping.set()
        self.closed.set()
        with self.guard:
            self.budget = 0
            managers = list(self.managers)
        for km in managers:
            _kill(km)
        deadline = time.monotonic() + 10
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with self.guard:
            if self.claimed:
                record(f"{self.claimed} kernel(s) started, {len(self.executed)} chapter(s) executed")
            for km in list(self.managers):
                _kill(km)
            if self.server is not None:
                self.server.close()
                self.server = None
            if self._kernel_output is not None:
                self._kernel_output.seek(0)
                chatter = self._kernel_output.read().decode(errors="replace")
                if chatter.strip():
                    record(f"--- kernels' output ---\n{chatter}--- end of kernels' output ---")
                self._kernel_output.close()
                self._kernel_output = None

    # --- the scheduler's thread ---

    def _thread(self) -> None:
        try:
            load_kernel_modules()
            asyncio.run(self._work())
        except Exception as error:  # noqa: BLE001 - the chapters it did not run fail the build
            if not self.stopping.is_set():
                self.failures.append(BuildError(f"the kernels' scheduler failed: {type(error).__name__}: {error}", traceback.format_exc()))
        finally:
            with self.guard:
                self.scheduling = False

    @property
    def kernel_output(self):
        with self.guard:
            if self._kernel_output is None:
                # not under _build: kernels start before the data are known to be valid
                self._kernel_output = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
            return self._kernel_output

    def _claim_kernel(self) -> bool:
        with self.guard:
            if self.stopping.is_set() or self.budget <= 0:
                return False
            self.budget -= 1
            self.claimed += 1
            return True

    async def _work(self) -> None:
        """Up to ``jobs`` chapters at once, each in a kernel of its own, and up to ``jobs`` kernels
        started ahead while they run (as long as the budget wants more): a chapter that ends hands
        its place to a kernel already waiting, so no chapter waits for a kernel's start."""
        ready: list = []
        starting: set[asyncio.Task] = set()
        running: set[asyncio.Task] = set()
        try:
            while not self.stopping.is_set():
                for task in [t for t in starting if t.done()]:
                    starting.discard(task)
                    if task.result() is not None:
                        ready.append(task.result())
                running = {t for t in running if not t.done()}
                while ready and len(running) < self.jobs:
                    chapter = self._take_chapter()
                    if chapter is None:
                        break
                    running.add(asyncio.create_task(self._run_chapter(ready.pop(0), chapter)))
                while len(ready) + len(starting) < self.jobs and self._claim_kernel():
                    starting.add(asyncio.create_task(self._kernel()))
                if not running and self._finished(bool(ready or starting)):
                    return
                await asyncio.sleep(0.02)  # chapters and the budget come from the main thread
        finally:
            for task in (*starting, *running):
                task.cancel()
            for outcome in await asyncio.gather(*starting, *running, return_exceptions=True):
                if outcome is not None and not isinstance(outcome, BaseException):
                    ready.append(outcome)
            for client in ready:  # started for a chapter that did not come
                await self._cleanup(client)

    def _finished(self, kernels: bool) -> bool:
        """No chapter is running: the work is done when every chapter was taken, or when no kernel
        is left to run one (a failed start; ``need`` starts the scheduler again for more)."""
        with self.guard:
            done = (self.closed.is_set() and self.chapters.empty()) or (not kernels and self.budget <= 0)
            if done:
                self.scheduling = False
            return done

    def _take_chapter(self) -> Path | None:
        try:
            return self.chapters.get_nowait()
        except queue.Empty:
            return None

    async def _kernel(self):
        """A started kernel's client, or None (the failure recorded)."""
        client = self._client(self.server)
        try:
            if self.stopping.is_set():
                raise asyncio.CancelledError
            try:
                await self._start(client)
            except RuntimeError as error:
                # It died before it was ready, so nothing ran in it: start one the usual way.
                record(f"a kernel died while starting ({error}); starting another without the fork server")
                with self.guard:
                    self.managers.discard(client.km)
                client = self._client(None)
                await self._start(client)
            return client
        except OSError as error:
            if not self.stopping.is_set():
                self.failures.append(BuildError(disk_problem(error) or f"{type(error).__name__}: {error}"))
        except Exception as error:  # noqa: BLE001 - a kernel that would not start is a failure
            if not self.stopping.is_set():
                self.failures.append(BuildError(f"a kernel failed: {type(error).__name__}: {error}"))
        except asyncio.CancelledError:
            await self._cleanup(client)
            raise
        await self._cleanup(client)
        return None

    async def _run_chapter(self, client, chapter: Path) -> None:
        try:
            await self._execute(client, chapter)
        except OSError as error:
            if not self.stopping.is_set():
                self.failures.append(BuildError(disk_problem(error) or f"{type(error).__name__}: {error}"))
        except Exception as error:  # noqa: BLE001 - one line per failed chapter
            if not self.stopping.is_set():
                self.failures.append(BuildError(f"{self.layout.rel(chapter)}: {type(error).__name__}: {error}"))
        finally:
            await self._cleanup(client)

    async def _cleanup(self, client) -> None:
        km = client.km
        if km is not None:
            try:
                await client._async_cleanup_kernel()
            except BaseException:  # noqa: BLE001 - it is being killed anyway
                _kill(km)
        with self.guard:
            self.managers.discard(km)

    def _client(self, server: ForkServer | None):
        client = NotebookClient(
            nbformat.v4.new_notebook(),
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(self.book_dir)}},
            # killed once its chapter is committed: a graceful end waits for the kernel's teardown
            # (about 0.5 s), on the build's path after the last chapter
            shutdown_kernel="immediate",
        )
        client.log = _quiet
        if server is None:  # forked kernels have them already
            client.extra_arguments = [*KERNEL_ARGUMENTS, *(f"--IPKernelApp.exec_lines={line}" for line in PREIMPORTS)]
        client.km = ForkedKernelManager(kernel_name="python3")
        client.km.server = server
        with self.guard:
            self.managers.add(client.km)
        return client

    async def _start(self, client) -> None:
        # The kernels' own chatter (transport warnings) goes to the log file, not the terminal.
        await client.async_start_new_kernel(env=self.env, stdout=self.kernel_output, stderr=self.kernel_output)
        await client.async_start_new_kernel_client()

    async def _execute(self, client, chapter: Path) -> None:
        # ``kernel`` imports the package's readers: imported here, once the build's main thread
        # has imported them (a chapter is queued after the data are validated), never before
        from .kernel import REPORT_CELL, setup_cell

        layout = self.layout
        rel = layout.rel(chapter)
        started = time.perf_counter()
        log(f"{rel}: executing")
        nb = jupytext.read(chapter)
        for number, cell in enumerate(nb.cells):  # jupytext draws random cell ids: the same inputs
            cell.id = f"cell-{number}"  # must stage the same bytes, or nothing would count as unchanged
        private = layout.work / "generated" / chapter.stem
        shutil.rmtree(private, ignore_errors=True)
        private.mkdir(parents=True)
        setup = nbformat.v4.new_code_cell(setup_cell(private))
        setup.id = "build-setup"
        report = nbformat.v4.new_code_cell(REPORT_CELL)
        report.id = "build-report"
        nb.cells = [setup, *nb.cells, report]
        client.nb = nb
        try:
            await client.async_execute()
        except CellExecutionError as error:
            if not self.stopping.is_set():
                self.failures.append(cell_failure(layout, chapter, nb, error))
            return
        except DeadKernelError as error:
            if not self.stopping.is_set():
                self.failures.append(BuildError(f"{rel}: the kernel died ({error})"))
            return
        if self.stopping.is_set():
            return
        nb.cells = nb.cells[1:-1]
        stdout = "".join(o.get("text", "") for o in report.outputs if o.get("name") == "stdout")
        touched = json.loads(stdout.strip().splitlines()[-1])
        wrote = sorted(p.relative_to(private).as_posix() for p in private.rglob("*") if p.is_file())
        self._commit(chapter, nb, touched["read"], touched["columns"], wrote, private, time.perf_counter() - started)
        log(f"{rel}: executed in {time.perf_counter() - started:.1f} s")

    def _commit(self, chapter: Path, nb, reads: list[str], columns: dict[str, list[str]], wrote: list[str], private: Path, seconds: float) -> None:
        """The chapter's new record (``records.manifest``): ``reads`` the inputs read whole,
        ``columns`` those read only by columns."""
        layout = self.layout
        record = records.manifest(layout, chapter, self.env_digest, reads, columns, wrote, seconds)
        records.manifest_path(layout, chapter).unlink(missing_ok=True)  # stale from here until the end
        for rel in wrote:
            target = layout.generated / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(private / rel, target)
        records.write_atomically(records.executed_path(layout, chapter), nbformat.writes(nb).encode())
        records.write_atomically(records.manifest_path(layout, chapter), json.dumps(record, indent=1, sort_keys=True).encode())
        with self.guard:
            self.executed.append(chapter)


class _ToLog(logging.Handler):
    def emit(self, entry: logging.LogRecord) -> None:
        record(f"nbclient: {entry.getMessage()}")


_quiet = logging.getLogger("briefing.build.kernels")  # nbclient's messages: the log file only
_quiet.propagate = False
_quiet.addHandler(_ToLog())
_quiet.setLevel(logging.INFO)


def _kill(km) -> None:
    """SIGKILL a kernel's process group (kernels run in a session of their own)."""
    process = getattr(getattr(km, "provisioner", None), "process", None)
    pid = getattr(process, "pid", None)
    if not pid:
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=5)
    except Exception:  # noqa: BLE001 - reaped elsewhere
        pass
