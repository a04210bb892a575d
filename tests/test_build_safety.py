"""Builds that never break the book: one at a time, interruptions survived, atomic swaps.

Every test here builds (``book`` tier) on ``book_copy``, which starts each test as built and is
put back byte for byte afterwards (no rebuild needed to undo a test). "Whole" means: every page of the table of contents, the PDF from ``%PDF-`` to
``%%EOF`` (also inside the HTML tree), and one executed notebook per chapter.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import run_briefing

from briefing import narrative
from briefing.build import Layout, is_notebook

pytestmark = pytest.mark.book

MARKER = "Commentary marker for the build safety tests"
UNCHANGED = "[briefing] interrupted; the book built before is unchanged"


def book_is_whole(layout: Layout) -> None:
    chapters = [c for c in narrative.chapter_files(layout.root) if is_notebook(c)]
    assert (layout.html / "index.html").is_file()
    for chapter in narrative.chapter_files(layout.root):
        page = layout.html / chapter.relative_to(layout.root).with_suffix(".html")
        assert page.is_file() and page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page
    for pdf in (layout.pdf, layout.html / layout.pdf.name):
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:], pdf
    assert sorted(p.stem for p in layout.notebooks.glob("*.ipynb")) == sorted(c.stem for c in chapters)


def live_digest(layout: Layout) -> str:
    import hashlib

    h = hashlib.sha256()
    for top in (layout.html, layout.notebooks, layout.pdf.parent):
        for path in sorted(top.rglob("*")):
            if path.is_file():
                h.update(str(path.relative_to(layout.build)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def pdf_text(layout: Layout) -> str:
    out = subprocess.run(["pdftotext", str(layout.pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


class Commentary:
    """A paragraph of commentary appended to one chapter (re-executes that chapter only)."""

    def __init__(self, repo: Path, rel: str = "book/letter.md"):
        self.path = repo / rel
        self.original = self.path.read_text(encoding="utf-8")

    def set(self, words: str) -> None:
        self.path.write_text(self.original + f"\n{words}\n", encoding="utf-8")

    def restore(self) -> None:
        self.path.write_text(self.original, encoding="utf-8")


def start_build(repo: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    env.pop("BRIEFING_ROOT", None)
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", "build", *args],
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class Output:
    """A build's stdout read as it comes, so a test can act when a phase begins."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for(self, words: str, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while not any(words in line for line in self.lines):
            if self.process.poll() is not None and not self.thread.is_alive():
                pytest.fail(f"the build ended before {words!r}:\n{''.join(self.lines)}{self.finish()[2]}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {words!r} within {timeout} s")
            time.sleep(0.05)

    def finish(self, timeout: float = 900) -> tuple[int, str, str]:
        code = self.process.wait(timeout)
        self.thread.join(10)
        err = self.process.stderr.read()
        self.process.stdout.close()
        self.process.stderr.close()
        return code, "".join(self.lines), err


def forked_by_a_server(proc: Path) -> bool:
    """A build, kernel or Jupyter Book process a server forked (it shows its server's command
    line): work of a build, unlike the server itself."""
    try:
        parent = (proc / "stat").read_text().rsplit(")", 1)[1].split()[1]
        return b"briefing.build.servers" in Path(f"/proc/{parent}/cmdline").read_bytes()
    except (OSError, IndexError):
        return False


def processes_in(repo: Path) -> list[str]:
    """Processes still working in ``repo`` (kernels run in book/, Sphinx names the stage)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cwd = os.readlink(proc / "cwd")
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "briefing.build.servers" in cmdline and not forked_by_a_server(proc):
            continue  # kept for the next build on purpose (``servers``; tests/test_servers.py)
        if cwd.startswith(str(repo)) or str(repo) in cmdline:
            found.append(f"{proc.name}: {cmdline[:200]}")
    return found


def no_stray_processes(repo: Path, grace: float = 15) -> None:
    deadline = time.monotonic() + grace
    while processes_in(repo) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_in(repo) == []


class HeldLock:
    """The build lock, taken by the test process itself."""

    def __init__(self, layout: Layout):
        self.fd = os.open(layout.lock_file, os.O_RDWR | os.O_CREAT)

    def __enter__(self):
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        os.close(self.fd)


def test_no_wait_refuses_while_another_build_runs_and_touches_nothing(book_copy):
    layout = Layout(book_copy)
    before = build_tree_digest(layout)
    with HeldLock(layout):
        result = run_briefing("build", "--no-wait", cwd=book_copy)
    assert result.returncode == 75
    assert result.stderr.strip().splitlines() == [f"[briefing] build stopped: another build is running (pid {os.getpid()}); not waiting (--no-wait)"]
    assert build_tree_digest(layout) == before


def test_a_second_build_waits_then_builds_the_current_inputs(book_copy):
    layout = Layout(book_copy)
    commentary = Commentary(book_copy)
    try:
        with HeldLock(layout):
            build = Output(start_build(book_copy))
            build.wait_for(f"another build is running (pid {os.getpid()}), waiting…")
            commentary.set(MARKER + " (written while the build waited).")  # after it started
        code, out, err = build.finish()
        assert code == 0, out + err
        assert MARKER in (layout.html / "book" / "letter.html").read_text(encoding="utf-8")
    finally:
        commentary.restore()


def test_two_builds_started_together_both_succeed_and_leave_one_whole_book(book_copy):
    layout = Layout(book_copy)
    commentary = Commentary(book_copy)
    commentary.set(MARKER + " (two builds at once).")
    try:
        builds = [Output(start_build(book_copy)) for _ in range(2)]
        results = [b.finish() for b in builds]
        for code, out, err in results:
            assert code == 0, out + err
            assert "Traceback" not in out + err
        assert sum("another build is running" in out for _, out, _ in results) == 1
        book_is_whole(layout)
        assert MARKER in (layout.html / "book" / "letter.html").read_text(encoding="utf-8")
        assert MARKER in pdf_text(layout)
    finally:
        commentary.restore()


EXECUTING, HTML, PDFLATEX = "book/letter.md: executing", "jupyter-book build --builder html", "jupyter-book build --builder pdflatex"


def interrupt(repo: Path, phase: str, sig: signal.Signals) -> None:
    """Start a build, send ``sig`` once it is inside ``phase``; assert how it ended."""
    build = Output(start_build(repo))
    build.wait_for(phase)
    time.sleep(1.5)  # inside the phase, not at its first line
    build.process.send_signal(sig)
    code, out, err = build.finish()
    if sig == signal.SIGKILL:
        assert code == -signal.SIGKILL, out + err
    else:
        assert code == 128 + sig, out + err
        assert err.strip().splitlines() == [UNCHANGED], err
        no_stray_processes(repo)


# Each phase is interrupted by two signals, one per chain; each build interrupted starts from what the
# one before it left (an execution cut short, a Sphinx stage marked in use), so it also checks that the
# next build gets past that state, and the build closing the chain completes the book.
@pytest.mark.parametrize(
    "chain",
    [
        [(EXECUTING, signal.SIGKILL), (HTML, signal.SIGTERM), (PDFLATEX, signal.SIGINT)],
        [(EXECUTING, signal.SIGINT), (HTML, signal.SIGKILL), (PDFLATEX, signal.SIGKILL)],
    ],
    ids=lambda chain: ",".join(f"{phase.split()[-1].split(':')[0]}-{sig.name}" for phase, sig in chain),
)
def test_an_interrupted_build_leaves_the_book_whole_and_the_next_completes(book_copy, chain):
    layout = Layout(book_copy)
    before = live_digest(layout)
    commentary = Commentary(book_copy)
    words = f"{MARKER} ({', '.join(f'{sig.name} at {phase.split()[-1]}' for phase, sig in chain)})."
    commentary.set(words)
    try:
        for phase, sig in chain:
            interrupt(book_copy, phase, sig)
            assert live_digest(layout) == before, f"{sig.name} at {phase}"
            book_is_whole(layout)
        result = run_briefing("build", cwd=book_copy, check=True)
        assert "Traceback" not in result.stdout + result.stderr
        book_is_whole(layout)
        assert words in (layout.html / "book" / "letter.html").read_text(encoding="utf-8")
        assert words in pdf_text(layout)
    finally:
        commentary.restore()


KILL_AT_RENAME = """
import os, signal, sys
from pathlib import Path
from briefing.build import cli, pipeline, swap

after = int(sys.argv[1])
calls = [0]

def counted(function):
    def call(*args, **kwargs):
        result = function(*args, **kwargs)
        calls[0] += 1
        if calls[0] == after:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    return call

def swap_in(layout, new):
    swap.os.replace = counted(os.replace)
    swap.exchange = counted(swap.exchange)
    Path.rename = counted(Path.rename)
    return swap.swap_in(layout, new)

pipeline.swap_in = swap_in
sys.exit(cli.main([]))
"""


def test_a_build_killed_during_the_swap_leaves_each_output_whole(book_copy):
    """Killed after the notebooks' rename, the PDF's, then the website's (renames 1, 3 and 4), each
    build starting from what the last one left: every output is whole, the old one or the new."""
    layout = Layout(book_copy)
    commentary = Commentary(book_copy)
    words = f"{MARKER} (killed during the swap)."
    commentary.set(words)

    def new_outputs() -> list[str]:
        shown = {
            "notebooks": (layout.notebooks / "letter.ipynb").read_text(encoding="utf-8"),
            "pdf": pdf_text(layout),
            "html": (layout.html / "book" / "letter.html").read_text(encoding="utf-8"),
        }
        return [name for name, text in shown.items() if words in text]

    try:
        env = {**os.environ, "PYTHONPATH": str(book_copy)}
        for after, swapped in ((1, ["notebooks"]), (3, ["notebooks", "pdf"]), (4, ["notebooks", "pdf", "html"])):
            killed = subprocess.run([sys.executable, "-c", KILL_AT_RENAME, str(after)], cwd=book_copy, env=env, capture_output=True, text=True)
            assert killed.returncode == -signal.SIGKILL, f"after rename {after}: " + killed.stdout + killed.stderr
            book_is_whole(layout)
            assert new_outputs() == swapped, f"killed after rename {after}"
        result = run_briefing("build", cwd=book_copy, check=True)
        assert "nothing changed" not in result.stdout  # the swap was never recorded as done
        book_is_whole(layout)
        assert new_outputs() == ["notebooks", "pdf", "html"]
    finally:
        commentary.restore()


def build_tree_digest(layout: Layout) -> str:
    """Every name and byte under ``_build`` (hidden records included)."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted(layout.build.rglob("*")):
        h.update(str(path.relative_to(layout.build)).encode() + b"\0")
        if path.is_file() and not path.is_symlink():
            h.update(path.read_bytes())
    return h.hexdigest()
