"""A pre-imported fork server: kernels without the start-up cost, each chapter still alone.

A kernel spends most of its start importing pandas, matplotlib and IPython (about 1 s of CPU
each time, much more on a loaded machine). This server (one of ``servers``, kept between
builds) imports them once, then forks one fresh process per chapter that becomes an
ipykernel. A forked kernel is a copy of the server's pristine state, never of another chapter's:
isolation is the same as a fresh kernel. Before the first fork it imports the third-party modules
and the package's modules the chapters use (``execution.PREIMPORTS``), none of which opens a file
under ``data/`` or ``seeds/`` at import (a test checks it), so each chapter's audit hook still sees
every file it opens.

The build holds one connection to the server for its kernels: each request forks one, and a
build that ends or is killed closes it, which kills the kernels it still had. A kernel also ends
within a second of the server (ipykernel's parent poller). Linux only; elsewhere the build starts
kernels the usual way.

Standard library only: the server process imports this module first, so it starts at once and
spends its time on the pre-imports (the build's side of jupyter_client is ``forkedkernel``).
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import threading
from pathlib import Path

from . import servers
from .chapters import environment_digest

# What a kernel imports while it starts (``IPKernelApp.initialize``, measured: the modules new in
# ``sys.modules`` after it), so that a forked kernel finds them imported.
KERNEL_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "IPython.core.debugger",
    "IPython.core.completerlib",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "IPython.utils.wildcard",
    "tornado.gen",
    "tornado.locks",
    "tornado.queues",
    "tornado.platform.asyncio",
    "sqlite3",
    "psutil",
    "pdb",
    "faulthandler",
)
# The kernels keep no input history (IPython's SQLite file in the home folder, shared by every
# kernel at once): a chapter's execution never reads it.
KERNEL_ARGUMENTS = ("--HistoryManager.enabled=False",)


class ForkServer:
    """The build's connection to its repository's kernel server (started if none runs)."""

    def __init__(self, env: dict[str, str], output, preimports: tuple[str, ...], cwd: str):
        # ``cwd``: the repository being built, first on the server's path (``-m`` puts the working
        # folder there), so the server and its kernels import that repository's package
        self.server = servers.Server(__name__, cwd, env, list(preimports), environment_digest(Path(cwd)), stderr=output)
        self.env = env
        self.streams = [os.open(os.devnull, os.O_RDONLY), output.fileno(), output.fileno()]
        self.guard = threading.Lock()
        # held for the whole build: the server's imports start now if it has to be started
        self.conn = self.server.request({"hold": True})

    def fork(self, argv: list[str], cwd: str) -> int:
        request = servers.fork_request(argv, cwd, self.env, on_close="kill")
        with self.guard:
            self.server.send(self.conn, request, self.streams)
            while True:
                reply = servers.answer(self.conn)
                if reply.get("stale"):
                    self.conn = self.server.renew(self.conn, request, self.streams)
                elif not reply:
                    raise RuntimeError("the kernel fork server ended")
                elif "status" not in reply:  # else the status of a kernel that ended
                    return reply["pid"]

    def close(self) -> None:
        """The build's kernels are killed with the connection (the server stays for the next build)."""
        self.conn.close()
        os.close(self.streams[0])


# --- The server process -----------------------------------------------------------------------


def prepare(preimports: list[str]) -> None:
    # A build's kernels are never debugged: ipykernel imports debugpy only to offer a debugger
    # (about 0.8 s in every kernel, after the fork); unimportable, the kernel starts without one.
    sys.modules["debugpy"] = None
    # No cyclic collection while importing (0.2-0.3 s of collections before the first kernel);
    # the imports frozen before the first fork, so that no kernel's collections walk them and
    # no kernel's copy of their pages is written to (Python's advice for a pre-forking server).
    gc.disable()
    for name in KERNEL_MODULES:  # the point of the server: imported once, before any fork
        try:
            importlib.import_module(name)
        except ImportError:  # another ipykernel: the kernel imports what it needs itself
            pass
    for line in preimports:
        exec(line, {})  # noqa: S102 - the build's fixed list of import statements
    gc.freeze()


def child(argv: list[str]) -> None:
    """A forked kernel (``servers`` set its streams, folder and environment)."""
    gc.enable()  # a chapter's kernel collects as any kernel does (the server's imports frozen)
    # imported by the server already; named here so the build side never imports ipykernel
    from ipykernel.kernelapp import IPKernelApp

    # exit when the server does (its poller watches the parent it is given)
    IPKernelApp.launch_instance(argv=[*argv, *KERNEL_ARGUMENTS, f"--IPKernelApp.parent_handle={os.getppid()}"])
