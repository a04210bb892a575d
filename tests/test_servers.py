"""The servers kept between builds (``briefing.build.servers``): a second build's process is forked
by the same server, from its state as its imports left it; a server whose key is out of date
gives way to a new one; a build that closes its connection takes its kernels with it; a server
ends when idle, when its build ends (idle 0) or when told to stop."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from briefing.build import servers

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
KIND = "served_kind"
# A kind as the build's are: ``prepare`` imports (here: sets a counter), ``child`` runs one process.
MODULE = """
import os, sys, time
PREPARED = []
def prepare(args):
    PREPARED.append(os.getpid())
def child(argv):
    PREPARED.append(argv[0])
    print(os.getppid(), PREPARED[0], len(PREPARED), os.environ.get("ASKED"), os.getcwd(), flush=True)
    time.sleep(float(argv[1]))
    sys.exit(int(argv[2]))
"""


@pytest.fixture
def root(tmp_path):
    (tmp_path / f"{KIND}.py").write_text(MODULE)
    yield tmp_path
    servers.stop(str(tmp_path), (KIND,))  # what a test left


def environment(root: Path, idle: float, **more: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{ROOT}", servers.IDLE_VARIABLE: str(idle), **more}


def run(server: servers.Server, *argv: str, cwd: str = "/", **env: str) -> tuple[list[str], int]:
    child = servers.Child(server, list(argv), cwd, {**server.env, **env})
    child.go("go\n", [])
    with child.stdout:
        printed = child.stdout.read().split()
    return printed, child.wait(60)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_a_second_child_is_forked_by_the_same_server_from_its_prepared_state(root):
    env = environment(root, 60)
    server = servers.Server(KIND, str(root), env, [], "sources")
    first, code = run(server, "a", "0", "3", cwd=str(root), ASKED="one")
    assert code == 3
    parent, prepared, seen, asked, cwd = first
    assert (seen, asked, cwd) == ("2", "one", str(root))  # prepared once, then this child's argv
    assert parent == prepared  # forked by the process that prepared
    again = servers.Server(KIND, str(root), env, [], "sources")  # the next build's
    second, code = run(again, "b", "0", "0", ASKED="two")
    assert code == 0
    assert second[:3] == [parent, prepared, "2"]  # the same server, and nothing of the first child
    assert second[3:] == ["two", "/"]  # the environment and folder of the build that asked


def test_a_server_with_another_key_gives_way_to_a_new_one(root):
    env = environment(root, 60)
    old, _ = run(servers.Server(KIND, str(root), env, [], "sources"), "a", "0", "0")
    new, _ = run(servers.Server(KIND, str(root), env, [], "sources changed"), "a", "0", "0")
    assert new[0] != old[0]
    deadline = time.monotonic() + 30
    while alive(int(old[0])) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(int(old[0]))  # the stale server ended
    assert alive(int(new[0]))


def test_the_children_a_build_asked_to_be_killed_end_with_its_connection(root):
    env = environment(root, 60)
    server = servers.Server(KIND, str(root), env, [], "sources")
    conn = server.request(servers.fork_request(["a", "600", "0"], "/", env, on_close="kill"))
    pid = servers.answer(conn, timeout=60)["pid"]
    assert alive(pid)
    conn.close()  # the build ended, or was killed
    deadline = time.monotonic() + 30
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid)


@pytest.mark.parametrize("idle", [0, 1])
def test_a_server_ends_when_idle_and_at_once_with_idle_zero(root, idle):
    env = environment(root, idle)
    printed, _ = run(servers.Server(KIND, str(root), env, [], "sources"), "a", "0", "0")
    server_pid = int(printed[0])
    deadline = time.monotonic() + 30
    while alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(server_pid)
    if idle == 0:  # it never listened: the next build starts its own
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with pytest.raises(ConnectionRefusedError):
            conn.connect(servers.address(str(root), KIND))
        conn.close()


def test_a_build_stopped_before_the_go_has_nothing_forked_or_left(root):
    env = environment(root, 60)
    server = servers.Server(KIND, str(root), env, [], "sources")
    child = servers.Child(server, ["a", "600", "0"], "/", env)
    child.cancel()
    printed, _ = run(servers.Server(KIND, str(root), env, [], "sources"), "b", "0", "0")
    server_pid = printed[0]
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    assert children == []  # the cancelled request was never forked (or ended at once)


def children() -> set[int]:
    """This thread's child processes (the servers a test starts are, until reaped)."""
    return {int(pid) for pid in Path(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/children").read_text().split()}


def test_the_next_build_finds_the_server_started_for_it_at_once_and_no_second_one_starts(root):
    env = environment(root, 60)
    server = servers.Server(KIND, str(root), env, [], "sources")
    before = children()
    server.start_for_next_build()
    started = children() - before
    assert len(started) == 1
    conn = server.connect()  # its address was bound before it started: still importing, it is found
    assert conn is not None
    conn.close()
    before = children()
    server.start_for_next_build()  # one listens already: none more is started
    assert children() - before == set()
    printed, code = run(servers.Server(KIND, str(root), env, [], "sources"), "a", "0", "0")
    assert code == 0
    assert [int(printed[0]), printed[2]] == [*started, "2"]  # forked by it, prepared once


def test_the_key_follows_what_the_imports_depend_on_and_not_the_passing_variables():
    env = {"PATH": "/usr/bin", "PYTHONPATH": "/repo"}
    base = servers.key(KIND, env, ["import pandas"], "sources")
    assert servers.key(KIND, {**env, "PYTEST_CURRENT_TEST": "t", "OLDPWD": "/", servers.IDLE_VARIABLE: "5"}, ["import pandas"], "sources") == base
    assert servers.key(KIND, {**env, "PYTHONPATH": "/other"}, ["import pandas"], "sources") != base
    assert servers.key(KIND, env, ["import numpy"], "sources") != base
    assert servers.key(KIND, env, ["import pandas"], "sources edited") != base


SLOW_KIND = "slow_kind"
SLOW = """
import time
from pathlib import Path
def prepare(args):
    time.sleep(1)
    Path(args[0]).write_text("imported")
def child(argv):
    return 0
"""


def test_a_ping_is_answered_once_the_servers_imports_are_done(tmp_path):
    (tmp_path / f"{SLOW_KIND}.py").write_text(SLOW)
    marker = tmp_path / "imported"
    server = servers.Server(SLOW_KIND, str(tmp_path), environment(tmp_path, 60), [str(marker)], "sources")
    server.start_for_next_build()
    try:
        assert not marker.exists()
        servers.ready(str(tmp_path), (SLOW_KIND,), timeout=30)
        assert marker.read_text() == "imported"
    finally:
        servers.stop(str(tmp_path), (SLOW_KIND,))
