"""The build's own process, forked by a server kept between builds: the next build imports nothing.

``python -m briefing build`` (and ``notebooks``) first asks the repository's build server, one of
``servers``' kinds, to fork the build: the server has imported what a build's process needs (the
build's modules, the package's readers, frictionless, and the kernels' clients: nbclient,
jupyter_client, jupytext; about 1.5 s of imports a build otherwise pays before its first chapter),
and the forked process runs the command as it would have run here, with this process's working
folder, environment and standard streams. This process only waits: it passes SIGINT, SIGTERM and
SIGHUP on to the build (which handles them as ever: one line, the book kept) and exits with the
build's exit code. Killed, it takes the build with it (the server kills a child whose caller's
connection closed).

No server running, or one whose key is out of date (the package's sources, the environment or
the installed packages changed): the command runs in this process, as before the server, and a
new server is started as it ends, for the next build, so that it imports while the reader looks
at the book. ``BRIEFING_SERVERS_IDLE=0`` keeps no server: the command always runs here.

Standard library only on this side (``run``): it is what every build imports before it knows
whether a server will do the work.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import select
import signal
import socket
import sys

from .. import ROOT
from . import servers
from .chapters import environment_digest

KIND = __name__
# What a build's own process imports, measured (``sys.modules`` at the end of an ``events.csv``
# edit's build): the build's modules, the readers ``inputs`` imports and frictionless (imported
# by the data contract's validation); ``prepare`` adds the kernels' side of nbclient.
IMPORTS = (
    "briefing.build.cli",
    "briefing.build.pipeline",
    "briefing.build.inputs",
    "briefing.data.contract",
    "frictionless",
)
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def here(argv: list[str]) -> int:
    """Run ``argv`` (``build ...`` or ``notebooks ...``) in this process."""
    from . import cli

    command, rest = argv[0], argv[1:]
    return cli.main_notebooks(rest) if command == "notebooks" else cli.main(rest)


def run(argv: list[str]) -> int:
    """``argv`` forked by the build server, or here when none serves (then one is started)."""
    server = servers.Server(KIND, str(ROOT), dict(os.environ), [], environment_digest(ROOT))
    if server.idle <= 0 or sys.platform != "linux":
        return here(argv)
    code = _forked(server, argv)
    if code is not None:
        return code
    try:
        return here(argv)
    finally:
        with contextlib.suppress(OSError):
            server.start_for_next_build()


def _forked(server: servers.Server, argv: list[str]) -> int | None:
    """The forked build's exit code; None when no server forked it (nothing was run)."""
    conn = server.connect()
    if conn is None:
        return None
    pid: list[int] = []
    caught: list[int] = []

    def forward(signum, frame) -> None:
        caught.append(signum)
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid[0], signum)

    previous = {sig: signal.signal(sig, forward) for sig in FORWARDED}
    streams = _streams()
    try:
        server.send(conn, servers.fork_request(argv, os.getcwd(), dict(os.environ), on_close="kill"), streams)
        reply = _answer(conn)
        if "pid" not in reply:  # out of date (it gives way to the next one), or it ended
            if caught:  # asked to stop before anything ran: stop
                print("[briefing] interrupted; the book built before is unchanged", file=sys.stderr, flush=True)
                return 128 + caught[0]
            return None
        pid.append(reply["pid"])
        for signum in caught:  # arrived while the server forked it
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid[0], signum)
        reply = _answer(conn)
        if "status" in reply:
            status = reply["status"]
            return status if status >= 0 else 128 - status
        _wait_for(pid[0])  # the server ended before the build did: its status is lost
        print("[briefing] build stopped: the build server ended while the build ran; see _build/logs/build.log", file=sys.stderr, flush=True)
        return 1
    finally:
        conn.close()
        for fd in streams[3:]:
            os.close(fd)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _answer(conn: socket.socket) -> dict:
    try:
        return servers.answer(conn)
    except OSError:
        return {}


def _streams() -> list[int]:
    """Standard input, output and error for the build (``/dev/null`` for one that is closed),
    then the descriptors opened for them, to close once sent."""
    streams, opened = [], []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
            streams.append(fd)
        except OSError:
            opened.append(os.open(os.devnull, os.O_RDWR))
            streams.append(opened[-1])
    return streams + opened


def _wait_for(pid: int) -> None:
    try:
        fd = os.pidfd_open(pid)
    except OSError:
        return
    try:
        select.select([fd], [], [])
    finally:
        os.close(fd)


# --- The server process -----------------------------------------------------------------------


def prepare(args: list[str]) -> None:
    # No cyclic collection while importing, and the imports frozen before the first fork (as
    # ``forkserver``): no build's collections walk them, no build's copy of their pages is written.
    gc.disable()
    for name in IMPORTS:
        importlib.import_module(name)
    from . import execution

    execution.load_kernel_modules()
    gc.freeze()


def child(argv: list[str]) -> int:
    """A forked build (``servers`` set its streams, folder and environment)."""
    from .errors import record

    record(f"this build's process (pid {os.getpid()}) was forked by the build server (pid {os.getppid()})")
    return here(argv)
