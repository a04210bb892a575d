"""The build's parts that need no build: the lock, failure lines, atomic swaps (unit tier)."""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from briefing.build import BuildError, Layout
from briefing.build.errors import disk_problem, disk_problem_in, latex_problem, sphinx_problems
from briefing.build.execution import cell_failure
from briefing.build.lock import BuildLock
from briefing.build.sphinx import output_dir, stage_sources
from briefing.build.swap import replace_dir

pytestmark = pytest.mark.unit


def test_a_held_lock_names_its_holder_and_no_wait_refuses(tmp_path):
    path = tmp_path / "_build" / ".lock"
    with BuildLock(path) as held:
        assert held.holder() == os.getpid()
        holder = subprocess.run(
            [
                sys.executable,
                "-c",
                textwrap.dedent(f"""
                from pathlib import Path
                from briefing.build.lock import BuildLock
                from briefing.build import BuildError
                try:
                    with BuildLock(Path({str(path)!r}), wait=False):
                        print("acquired")
                except BuildError as error:
                    print(error, error.code)
            """),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    assert holder.stdout.strip() == f"another build is running (pid {os.getpid()}); not waiting (--no-wait) 75"
    assert path.read_bytes() == b""  # the lock file is never written


def test_a_lock_left_by_a_killed_process_does_not_block(tmp_path):
    path = tmp_path / ".lock"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import fcntl, os, time; fd = os.open({str(path)!r}, os.O_RDWR | os.O_CREAT); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "held"
    child.kill()
    child.wait()
    child.stdout.close()
    with BuildLock(path, wait=False) as lock:
        fd = os.open(path, os.O_RDWR)
        with pytest.raises(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.close(fd)
        assert lock.fd is not None


@pytest.mark.parametrize(
    "code, words",
    [(errno.EROFS, "the file system is read-only"), (errno.ENOSPC, "the disk is full"), (errno.EACCES, "permission denied")],
)
def test_a_disk_problem_is_one_line_naming_the_path(code, words):
    error = OSError(code, os.strerror(code), "/repo/_build/html/index.html")
    assert disk_problem(error) == f"cannot write /repo/_build/html/index.html: {words}"
    assert disk_problem(OSError(errno.ENOENT, "missing", "x")) is None


def test_a_disk_problem_in_sphinx_output_names_the_path():
    output = "writing output... OSError: [Errno 28] No space left on device: '/repo/_build/.stage/out/x.html'\n"
    assert disk_problem_in(output) == "cannot write /repo/_build/.stage/out/x.html: the disk is full"
    assert disk_problem_in("build succeeded.") is None


def test_a_latex_error_is_the_first_bang_line_with_its_chapter(tmp_path):
    tex = tmp_path / "book.tex"
    tex.write_text("\\begin{document}\n\\chapter{Introduction}\ntext\n\\chapter{Background \\textbf{now}}\n\\oops\n", encoding="utf-8")
    log = tmp_path / "book.log"
    log.write_text("This is XeTeX\n! Undefined control sequence.\nl.5 \\oops\n\n! Emergency stop.\n", encoding="utf-8")
    assert latex_problem(log, tex) == "Undefined control sequence. (in chapter 'Background now')"
    assert latex_problem(tmp_path / "missing.log", tex) is None


def test_sphinx_warnings_name_the_chapter_file_and_line(tmp_path):
    root = tmp_path / "repo"
    src = root / "_build" / ".stage" / "src"
    (root / "book").mkdir(parents=True)
    (root / "book" / "page.md").write_text("# Title\n\nA line.\n", encoding="utf-8")
    output = f"\x1b[91m{src}/book/page.md:3: WARNING: undefined label: 'x'\x1b[39;49;00m\nbuild finished\n"
    assert sphinx_problems(output, src, root) == ["book/page.md:3: undefined label: 'x'"]


def test_a_failing_cell_is_named_by_chapter_cell_line_and_exception(tmp_path):
    layout = Layout(tmp_path)
    chapter = tmp_path / "book" / "x.md"
    nb = nbformat.v4.new_notebook()
    setup = nbformat.v4.new_code_cell("from briefing.build import kernel")
    first = nbformat.v4.new_code_cell("a = 1")
    failing = nbformat.v4.new_code_cell("b = 2\nc = b / 0\nd = 3")
    failing.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="ZeroDivisionError",
            evalue="division by zero",
            traceback=["\x1b[0;31mZeroDivisionError\x1b[0m", "Cell \x1b[0;32mIn[3], line 2\x1b[0m"],
        )
    ]
    nb.cells = [setup, nbformat.v4.new_markdown_cell("text"), first, failing]

    class Failure(Exception):
        ename, evalue = "ZeroDivisionError", "division by zero"

    error = cell_failure(layout, chapter, nb, Failure("boom"))
    assert isinstance(error, BuildError)
    assert str(error) == "book/x.md: code cell 2, line 2 (`c = b / 0`) failed: ZeroDivisionError: division by zero"


def test_replacing_a_directory_is_one_exchange(tmp_path):
    live, new = tmp_path / "html", tmp_path / ".work" / "html"
    live.mkdir()
    (live / "index.html").write_text("old")
    new.mkdir(parents=True)
    (new / "index.html").write_text("new")
    replace_dir(new, live)
    assert (live / "index.html").read_text() == "new"
    assert not new.exists()
    fresh = tmp_path / "notebooks"
    other = tmp_path / ".work" / "notebooks"
    other.mkdir()
    replace_dir(other, fresh)  # no live tree yet: a plain rename
    assert fresh.is_dir() and not other.exists()


def test_environment_variables_are_read_only_by_the_build():
    package = Path(__file__).resolve().parent.parent / "briefing"
    readers = [
        p.relative_to(package).as_posix() for p in package.rglob("*.py") if "os.environ" in p.read_text(encoding="utf-8") and p.parent.name != "build"
    ]
    assert readers == []


def test_only_a_change_sphinx_cannot_follow_has_every_page_written_again(tmp_path):
    """A page's source or generated file changed: the HTML output stays (Sphinx writes the pages
    that changed). A stylesheet, the configuration, a page added or removed: the output goes, so
    every page is written and nothing stale is left."""
    (tmp_path / "book" / "_static").mkdir(parents=True)
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/index\n", encoding="utf-8")
    (tmp_path / "book" / "index.md").write_text("# Index\n", encoding="utf-8")
    css = tmp_path / "book" / "_static" / "briefing.css"
    css.write_text("p { color: black; }\n", encoding="utf-8")
    layout = Layout(tmp_path)
    html = output_dir(layout) / "html"
    src = stage_sources(layout, [])
    assert "briefing.build.sphinxext" in (src / "_config.yml").read_text(encoding="utf-8")
    html.mkdir(parents=True)
    stage_sources(layout, [])  # nothing changed: the output stays
    assert html.is_dir()
    (tmp_path / "book" / "index.md").write_text("# Index, edited\n", encoding="utf-8")
    stage_sources(layout, [])
    assert html.is_dir()
    assert (src / "book" / "index.md").read_text(encoding="utf-8") == "# Index, edited\n"
    css.write_text("p { color: navy; }\n", encoding="utf-8")
    stage_sources(layout, [])
    assert not html.exists()
    html.mkdir(parents=True)
    (tmp_path / "book" / "extra.md").write_text("# Extra\n", encoding="utf-8")
    stage_sources(layout, [])
    assert not html.exists()
    html.mkdir(parents=True)
    (tmp_path / "book" / "extra.md").unlink()
    stage_sources(layout, [])
    assert not html.exists() and not (src / "book" / "extra.md").exists()
    html.mkdir(parents=True)
    (tmp_path / "_config.yml").write_text("title: t2\n", encoding="utf-8")
    stage_sources(layout, [])
    assert not html.exists()


def test_kernels_started_ahead_count_toward_the_chapters_that_run(tmp_path, monkeypatch):
    """The head start's guess and the exact count name the chapters in all: a build whose six
    stale chapters were guessed right starts six kernels, not the guess plus the count."""
    from briefing.build import execution

    started: list[int] = []

    async def claim_only(runner) -> None:  # a worker that counts the kernels it would start
        while runner._claim_kernel():
            started.append(1)

    monkeypatch.setattr(execution, "FORK_SERVER", False)
    monkeypatch.setattr(execution.Runner, "_work", claim_only)

    def settle(runner) -> None:
        for thread in runner.threads:
            thread.join(10)

    runner = execution.Runner(Layout(tmp_path), jobs=4)
    runner.need(6)  # the guess, before the data are validated
    settle(runner)
    runner.need(6)  # the exact count: the same chapters
    settle(runner)
    assert len(started) == 6
    runner.need(8)  # two more chapters than guessed: two more kernels
    settle(runner)
    assert len(started) == 8
    runner.need(3)  # fewer than already started: none more
    settle(runner)
    assert len(started) == 8 and runner.budget == 0


# A fresh interpreter imports what a server imports before its first fork (every kernel's imports,
# or the build's own process's), under an audit hook like a chapter's own, then looks for caches
# the imports filled and threads they started.
PREIMPORTED = """
import json, os, sys, threading
root, kind = sys.argv[1:3]
watched = tuple(os.path.join(root, name) + os.sep for name in ("data", "seeds"))
opened = set()
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, os.PathLike)):
        path = os.path.abspath(os.fspath(args[0]))
        if path.startswith(watched):
            opened.add(os.path.relpath(path, root))
sys.addaudithook(hook)
if kind == "kernels":
    from briefing.build.execution import PREIMPORTS
    for line in PREIMPORTS:
        exec(line, {})
else:
    from briefing.build import buildserver
    buildserver.prepare([])
filled = sorted(
    f"{name}.{attr}"
    for name, module in list(sys.modules.items()) if name.startswith("briefing")
    for attr, value in list(vars(module).items())
    if hasattr(value, "cache_info") and getattr(value, "__module__", None) == name and value.cache_info().currsize
)
threads = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
print(json.dumps({"opened": sorted(opened), "filled": filled, "threads": threads, "modules": sorted(sys.modules)}))
"""


@pytest.mark.parametrize("kind", ["kernels", "build"])
def test_a_servers_imports_open_nothing_under_data_or_seeds_fill_no_cache_and_start_no_thread(kind):
    """A server imports these once and every chapter's kernel (``kernels``) or every build's own
    process (``build``) is a copy of it: a file under data/ or seeds/ opened then would be missing
    from a chapter's audit (its execution reused after that file changed) or read as it was when
    the server started, a cache filled then would be state no build computed, and a thread
    started then would be missing from every copy (``fork`` copies the calling thread only)."""
    import json

    from briefing.build import buildserver
    from briefing.build.execution import PREIMPORTS

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, "-c", PREIMPORTED, str(root), kind], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["opened"] == [], f"importing the {kind} server's imports opened {', '.join(seen['opened'])}"
    assert seen["filled"] == [], f"importing the {kind} server's imports filled the cache of {', '.join(seen['filled'])}"
    assert seen["threads"] == [], f"importing the {kind} server's imports started the threads {', '.join(seen['threads'])}"
    wanted = (
        [line.removeprefix("import ") for line in PREIMPORTS]
        if kind == "kernels"
        else [*buildserver.IMPORTS, "nbclient", "jupytext", "briefing.build.forkedkernel"]
    )
    assert set(wanted) <= set(seen["modules"])


def test_the_next_kernels_start_while_the_chapters_run_and_no_more_than_the_chapters(tmp_path, monkeypatch):
    """Two chapters at once for four chapters: the kernels of the third and fourth are started
    while the first two run (not after one ends), four kernels in all, never three chapters at once."""
    import asyncio

    from briefing.build import execution

    events: list[tuple[str, object]] = []
    running: list[int] = [0, 0]  # now, most at once

    class Client:
        km = None

    async def kernel(runner):
        events.append(("kernel", len([e for e in events if e[0] == "kernel"]) + 1))
        await asyncio.sleep(0.01)
        return Client()

    async def execute(runner, client, chapter):
        events.append(("begin", chapter.name))
        running[0] += 1
        running[1] = max(running)
        await asyncio.sleep(1.0)
        running[0] -= 1
        events.append(("end", chapter.name))
        runner.executed.append(chapter)

    async def cleanup(runner, client):
        pass

    monkeypatch.setattr(execution, "FORK_SERVER", False)
    monkeypatch.setattr(execution, "load_kernel_modules", lambda: None)
    monkeypatch.setattr(execution.Runner, "_kernel", kernel)
    monkeypatch.setattr(execution.Runner, "_execute", execute)
    monkeypatch.setattr(execution.Runner, "_cleanup", cleanup)
    chapters = [tmp_path / f"{name}.md" for name in ("a", "b", "c", "d")]
    runner = execution.Runner(Layout(tmp_path), jobs=2)
    runner.need(len(chapters))
    assert runner.run(chapters) and sorted(runner.executed) == sorted(chapters)
    runner.stop()
    kinds = [kind for kind, _ in events]
    assert kinds.count("kernel") == 4 and runner.claimed == 4
    assert kinds.index("end") > [i for i, kind in enumerate(kinds) if kind == "kernel"][-1]  # all four before the first chapter ended
    assert running[1] == 2


HEAVY = (
    "pandas",
    "matplotlib",
    "nbclient",
    "nbformat",
    "jupytext",
    "jupyter_client",
    "ipykernel",
    "briefing.data",
    "briefing.narrative",
    "briefing.texts",
)


@pytest.mark.parametrize("module", ["briefing.build.cli", "briefing.build.forkserver", "briefing.build.servers"])
def test_the_build_and_its_fork_server_start_without_the_heavy_imports(module):
    """The build starts its fork server and Jupyter Book before it imports the package's readers
    (``pipeline`` imports ``inputs`` after the head start), and the fork server spends its start on
    the pre-imports: importing either module imports none of these."""
    root = Path(__file__).resolve().parent.parent
    code = f"import sys, {module}\nprint(' '.join(sys.modules))"
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    imported = [name for name in HEAVY if name in result.stdout.split()]
    assert imported == [], f"importing {module} imports {', '.join(imported)}"


def test_a_kernels_client_is_ready_with_nothing_of_its_start_left_on_iopub():
    """``forkedkernel.PromptKernelClient`` ends its wait at the kernel's idle status for the
    ``kernel_info`` it answered, not after 0.2 s of silence: so the next IOPub message belongs
    to the first request after the wait, as it would after jupyter_client's flush."""
    import asyncio

    from briefing.build.forkedkernel import ForkedKernelManager, PromptKernelClient

    async def start_and_run() -> list[dict]:  # the IOPub messages not of the execution
        km = ForkedKernelManager(kernel_name="python3")  # no fork server: a kernel started the usual way
        await km.start_kernel(extra_arguments=["--HistoryManager.enabled=False"])
        client = km.client()
        assert isinstance(client, PromptKernelClient)
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            request = client.execute("print('after ready')")
            messages = []
            while not messages or messages[-1]["msg_type"] != "status" or messages[-1]["content"]["execution_state"] != "idle":
                messages.append(await client.get_iopub_msg(timeout=30))
            return [m for m in messages if m["parent_header"].get("msg_id") != request]
        finally:
            client.stop_channels()
            await km.shutdown_kernel(now=True)

    strays = asyncio.run(start_and_run())
    assert strays == [], [(m["msg_type"], m["parent_header"].get("msg_type")) for m in strays]


def test_a_forked_kernel_collects_garbage_as_any_kernel_with_the_servers_imports_frozen(tmp_path):
    """The fork server imports with Python's cyclic collector off and freezes what it imported
    before the first fork; the kernel it forks turns the collector back on, so a chapter's cycles
    are collected as in a kernel started the usual way, and none of its collections walks the
    pre-imports."""
    import asyncio
    import json
    import tempfile

    from briefing.build.forkedkernel import ForkedKernelManager
    from briefing.build.forkserver import ForkServer

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    printed: list[dict] = []
    code = (
        "import gc, json\n"
        "class Node: pass\n"
        "a, b = Node(), Node(); a.other, b.other = b, a; del a, b\n"
        "print(json.dumps([gc.isenabled(), gc.get_freeze_count(), gc.collect()]))"
    )

    async def run_in_a_forked_kernel(server: ForkServer) -> list:
        km = ForkedKernelManager(kernel_name="python3")
        km.server = server
        await km.start_kernel(cwd=str(tmp_path), env=env)
        client = km.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            reply = await client.execute_interactive(code, timeout=60, output_hook=printed.append)
            assert reply["content"]["status"] == "ok", reply["content"]
            return json.loads("".join(m["content"].get("text", "") for m in printed if m["msg_type"] == "stream"))
        finally:
            client.stop_channels()
            await km.shutdown_kernel(now=True)

    with tempfile.TemporaryFile() as output:
        server = ForkServer(env, output, ("import json",), str(root))
        try:
            enabled, frozen, collected = asyncio.run(run_in_a_forked_kernel(server))
        finally:
            server.close()
    assert enabled is True
    assert frozen > 10_000  # ipykernel and IPython, as the server imported them
    assert collected >= 2  # the two nodes of the cycle, freed by the collector


def test_the_builds_readers_import_no_ipython_pandas_or_matplotlib():
    """``inputs`` (validation and the narrative, on the build's path before any chapter runs)
    imports none of the kernels' libraries: IPython alone was 0.7 s of that path."""
    root = Path(__file__).resolve().parent.parent
    code = "import sys, briefing.build.inputs\nprint(' '.join(sys.modules))"
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    imported = [name for name in ("IPython", "pandas", "matplotlib", "ipykernel") if name in result.stdout.split()]
    assert imported == []
