"""The Jupyter Book process started with the build (``jbrun --wait``): a build refused for bad data
ends it and leaves ``_build`` byte-identical; a build with nothing to do never starts it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from test_build import digest_build_folder, one_line
from test_build_safety import no_stray_processes

from briefing.build import Layout

pytestmark = pytest.mark.book

# The build's own entry point, naming each early Jupyter Book process it starts (on stdout).
TRACED = (
    "import sys\n"
    "from briefing.build import cli, pipeline\n"
    "start = pipeline.start_jupyter_book\n"
    "def traced(*args):\n"
    "    process = start(*args)\n"
    "    print(f'early jupyter-book: {process.pid}', flush=True)\n"
    "    return process\n"
    "pipeline.start_jupyter_book = traced\n"
    "sys.exit(cli.main(sys.argv[1:]))\n"
)


def traced_build(repo):
    env = {**os.environ, "PYTHONPATH": str(repo)}
    env.pop("BRIEFING_ROOT", None)
    return subprocess.run([sys.executable, "-c", TRACED], cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_bad_data_end_the_early_jupyter_book_and_leave_build_byte_identical(book_copy):
    layout = Layout(book_copy)
    before = digest_build_folder(layout)
    events = book_copy / "data" / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    assert header[-1] != "title"  # the edit below empties the title, not the last field
    column = header.index("title")
    cells = lines[1].split(",")
    cells[column] = ""
    events.write_text(lines[0] + ",".join(cells) + "".join(lines[2:]), encoding="utf-8")
    result = traced_build(book_copy)
    assert result.returncode == 1
    assert "early jupyter-book: " in result.stdout  # the head start was taken (a chapter reads events.csv)
    message = one_line(result)
    assert message.startswith("[briefing] build stopped: data/events.csv, row ") and '"title"' in message, message
    assert "executing" not in result.stdout
    no_stray_processes(book_copy)
    assert digest_build_folder(layout) == before


def test_a_build_with_nothing_to_do_starts_no_jupyter_book(book_copy):
    result = traced_build(book_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "nothing changed since the last build" in result.stdout
    assert "early jupyter-book" not in result.stdout
