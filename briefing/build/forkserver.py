"""A pre-imported fork server: kernels without the start-up cost, each chapter still alone.

A kernel spends most of its start importing pandas, matplotlib and IPython (about 1 s of CPU
each time, much more on a loaded machine). This server imports them once per build, then forks
one fresh process per chapter that becomes an ipykernel. A forked kernel is a copy of the
server's pristine state, never of another chapter's: isolation is the same as a fresh kernel.
Before the fork it imports the third-party modules and the package's modules the chapters use
(``execution.PREIMPORTS``), none of which opens a file under ``data/`` or ``seeds/`` at import (a
test checks it), so each chapter's audit hook still sees every file it opens.

Protocol: the build writes one JSON line ``{"argv": [...], "cwd": "..."}`` to the server's stdin
and reads ``{"pid": N}``; the forked kernel runs ``IPKernelApp`` with that argv in a session of
its own. The server dies with the build (``PR_SET_PDEATHSIG``), and its kernels within a second
of it (ipykernel's parent poller). Linux only; elsewhere the build starts kernels the usual way.

Standard library only: the server process imports this module first, so it starts at once and
spends its time on the pre-imports (the build's side of jupyter_client is ``forkedkernel``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import importlib
import json
import os
import signal
import subprocess
import sys
import threading

PR_SET_PDEATHSIG = 1
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
    """The build's handle on the server process."""

    def __init__(self, env: dict[str, str], output, preimports: tuple[str, ...], cwd: str):
        # ``cwd``: the repository being built, first on the server's path (``-m`` puts the working
        # folder there), so the server and its kernels import that repository's package
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefing.build.forkserver", str(os.getpid()), *preimports],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=output,
            env=env,
            cwd=cwd,
            text=True,
            bufsize=1,
        )
        self.guard = threading.Lock()

    def fork(self, argv: list[str], cwd: str) -> int:
        with self.guard:
            self.process.stdin.write(json.dumps({"argv": argv, "cwd": cwd}) + "\n")
            self.process.stdin.flush()
            reply = self.process.stdout.readline()
        if not reply:
            raise RuntimeError("the kernel fork server ended")
        return json.loads(reply)["pid"]

    def close(self) -> None:
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


# --- The server process -----------------------------------------------------------------------


def _reap(signum, frame) -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _child(argv: list[str], cwd: str, server_pid: int) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    gc.enable()  # a chapter's kernel collects as any kernel does (the server's imports frozen)
    os.setsid()
    os.chdir(cwd)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(2, 1)  # the kernel's chatter goes where the server's stderr goes (the build's log)
    # imported by the server already; named here so the build side never imports ipykernel
    from ipykernel.kernelapp import IPKernelApp

    # exit when the server does (its poller watches the parent it is given)
    IPKernelApp.launch_instance(argv=[*argv, *KERNEL_ARGUMENTS, f"--IPKernelApp.parent_handle={server_pid}"])


def serve(parent: int, preimports: list[str]) -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build ended before the line above
        return
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
    signal.signal(signal.SIGCHLD, _reap)
    for request in sys.stdin:
        job = json.loads(request)
        pid = os.fork()
        if pid == 0:
            try:
                _child(job["argv"], job["cwd"], os.getppid())
            finally:
                os._exit(0)
        sys.stdout.write(json.dumps({"pid": pid}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2:])
    # the build closed stdin: end at once, without tearing down pandas and matplotlib (0.5 s)
    sys.stdout.flush()
    os._exit(0)
