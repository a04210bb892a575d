"""The book's builds and their kept servers: the next build's own process, kernels and Jupyter Book
come from the servers the last build left; the command that asked passes signals on and takes its
build with it when killed; a server out of date gives way; ``stop-servers`` ends them."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from conftest import run_briefing
from test_build_safety import UNCHANGED, Commentary, Output, book_is_whole, live_digest, no_stray_processes, start_build

from briefing.build import Layout
from briefing.build.lock import BuildLock

pytestmark = pytest.mark.book
KINDS = {"briefing.build.buildserver", "briefing.build.forkserver", "briefing.build.jbrun"}
FORKED = "was forked by the build server (pid {})"


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


def kept_servers(repo: Path) -> dict[str, int]:
    """``servers_of`` once a server of every kind shows: one started the moment before shows no
    command line until its interpreter has been loaded (it is found by a build all the same)."""
    deadline = time.monotonic() + 30
    while set(servers_of(repo)) != set(KINDS) and time.monotonic() < deadline:
        time.sleep(0.05)
    return servers_of(repo)


def edit_a_title(repo: Path, words: str) -> None:
    events = repo / "data" / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[1].split(",")
    column = header.index("title")
    assert '"' not in cells[column]
    cells[column] = cells[column] + words
    events.write_text(lines[0] + ",".join(cells) + "".join(lines[2:]), encoding="utf-8")


def build_log(repo: Path) -> str:
    return Layout(repo).log_file.read_text(encoding="utf-8")


def test_the_next_build_is_forked_by_the_servers_the_last_one_left(book_copy):
    edit_a_title(book_copy, " (first edit)")
    run_briefing("build", cwd=book_copy, check=True)
    kept = kept_servers(book_copy)
    assert set(kept) == KINDS
    edit_a_title(book_copy, " (second edit)")
    second = run_briefing("build", cwd=book_copy, check=True)
    assert ": executed in" in second.stdout  # chapters ran in kernels of the kept server
    assert FORKED.format(kept["briefing.build.buildserver"]) in build_log(book_copy)
    assert servers_of(book_copy) == kept
    run_briefing("stop-servers", cwd=book_copy, check=True)
    deadline = time.monotonic() + 30
    while servers_of(book_copy) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert servers_of(book_copy) == {}


def running_build(repo: Path, commentary: Commentary, words: str) -> tuple[Output, int]:
    """A build of ``words`` added to ``commentary``, started once the build server runs, inside its
    chapter; and the pid of the build's own process (the lock's holder), forked by the server."""
    run_briefing("build", cwd=repo, check=True)  # a server for the next build, if none ran
    server = kept_servers(repo)["briefing.build.buildserver"]
    commentary.set(words)
    build = Output(start_build(repo))
    try:
        build.wait_for("book/letter.md: executing")
        holder = BuildLock(Layout(repo).lock_file).holder()
        assert holder is not None and holder != build.process.pid
        assert Path(f"/proc/{holder}/stat").read_text().rsplit(")", 1)[1].split()[1] == str(server)
    except BaseException:  # not the build the test is about: it leaves nothing running for the next
        build.process.kill()
        build.finish()
        raise
    return build, holder


@pytest.fixture
def commentary(book_copy):
    """A commentary to add to a chapter of ``book_copy``, taken back after the test."""
    added = Commentary(book_copy)
    yield added
    added.restore()


def test_a_forked_build_is_interrupted_through_the_command_that_asked_for_it(book_copy, commentary):
    layout = Layout(book_copy)
    before = live_digest(layout)
    build, _ = running_build(book_copy, commentary, "Commentary for the forked build's interruption.")
    time.sleep(1)
    build.process.send_signal(signal.SIGINT)
    code, out, err = build.finish()
    assert code == 128 + signal.SIGINT, out + err
    assert err.strip().splitlines() == [UNCHANGED]
    no_stray_processes(book_copy)
    assert live_digest(layout) == before


def test_a_forked_build_ends_with_the_command_that_asked_for_it_when_that_is_killed(book_copy, commentary):
    layout = Layout(book_copy)
    before = live_digest(layout)
    build, holder = running_build(book_copy, commentary, "Commentary for the forked build killed with its command.")
    build.process.send_signal(signal.SIGKILL)
    assert build.finish()[0] == -signal.SIGKILL
    deadline = time.monotonic() + 30
    while os.path.exists(f"/proc/{holder}") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(f"/proc/{holder}"), "the forked build outlived the command that asked for it"
    no_stray_processes(book_copy)
    assert live_digest(layout) == before
    book_is_whole(layout)


def test_a_build_whose_environment_changed_runs_in_its_own_process_and_a_new_server_follows(book_copy):
    run_briefing("build", cwd=book_copy, check=True)
    old = kept_servers(book_copy)["briefing.build.buildserver"]
    other = run_briefing("build", cwd=book_copy, env={"BRIEFING_TEST_OTHER_ENVIRONMENT": "1"}, check=True)
    assert "nothing changed" in other.stdout
    assert "was forked by the build server" not in build_log(book_copy)
    deadline = time.monotonic() + 30
    while servers_of(book_copy).get("briefing.build.buildserver") in (None, old) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert servers_of(book_copy).get("briefing.build.buildserver") not in (None, old)
