"""The book's builds and their kept servers: the next build's kernels and Jupyter Book come from the
servers the last build left, and ``stop-servers`` ends them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import run_briefing

pytestmark = pytest.mark.book


def servers_of(repo: Path) -> dict[str, int]:
    """The repository's kept servers by kind, from their command lines."""
    found = {}
    for proc in Path("/proc").iterdir():
        try:
            argv = (proc / "cmdline").read_bytes().decode().split("\0")
        except (OSError, UnicodeDecodeError):
            continue  # gone, or a zombie (no command line): ended
        if argv[1:3] == ["-m", "briefing.build.servers"] and argv[4] == str(repo):
            found[argv[3]] = int(proc.name)
    return found


def edit_a_title(repo: Path, words: str) -> None:
    events = repo / "data" / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[1].split(",")
    column = header.index("title")
    assert '"' not in cells[column]
    cells[column] = cells[column] + words
    events.write_text(lines[0] + ",".join(cells) + "".join(lines[2:]), encoding="utf-8")


def test_the_next_build_is_forked_by_the_servers_the_last_one_left(book_copy):
    edit_a_title(book_copy, " (first edit)")
    run_briefing("build", cwd=book_copy, check=True)
    kept = servers_of(book_copy)
    assert set(kept) == {"briefing.build.forkserver", "briefing.build.jbrun"}
    edit_a_title(book_copy, " (second edit)")
    second = run_briefing("build", cwd=book_copy, check=True)
    assert ": executed in" in second.stdout  # chapters ran in kernels of the kept server
    assert servers_of(book_copy) == kept
    run_briefing("stop-servers", cwd=book_copy, check=True)
    deadline = time.monotonic() + 30
    while servers_of(book_copy) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert servers_of(book_copy) == {}
