"""Servers kept between builds: processes that have imported what a build's processes need, and
fork them, so that the next build pays for no import.

Three kinds, one server of each per repository, each named by the module that says what it
imports and what its children run (``KINDS``): ``buildserver``'s (the build's modules, the
readers, frictionless, nbclient) forks the build's own process; ``forkserver``'s (pandas,
matplotlib, IPython and the package's modules) forks a chapter's kernel; ``jbrun``'s (Jupyter
Book, Sphinx and the extensions) forks the build's Jupyter Book process. A forked process is a copy of
the server's state as it was when its imports ended (the server itself runs nothing else), so it
is as fresh as a newly started one: a chapter never sees another's state, a build never sees the
last one's.

A server waits ``BRIEFING_SERVERS_IDLE`` seconds (default 900) after its last child ended for the
next build, then exits; with 0 it serves only the build that started it, and ends with it. It is
keyed by what its imports depend on (``key``: the interpreter, the environment, the package's
sources, the installed packages, what it imports): a build whose key differs has it exit and
starts a new one. ``stop(root)`` ends a repository's servers.

Protocol, over a Unix socket in Linux's abstract namespace (no file to leave behind; only the same
user is served): one message a request, in JSON, with file descriptors attached.
``{"key", "fork": {"argv", "cwd", "env", "umask", "on_close"}}`` with descriptors for the child's
standard input, output and error (and any more it is to keep open) answers ``{"pid"}``, then
``{"status", "pid"}`` when the child ends. A connection may carry several forks; when the build
closes it, the children forked with ``"on_close": "kill"`` are killed (a killed build leaves no
kernel). ``{"stop": true}`` ends the server once its children have; ``{"ping": true}`` answers
``{"ready": true}`` once its imports are done. A server started by a build gets that build's
connection at its start (a socket pair), and its address already bound and listening (bound by
the build before it starts the server): no build waits for a server to bind, and a build asking
the moment after one started finds it (and waits for its imports) rather than starting another.

Linux only; standard library only, so the server starts at once and spends its time importing.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import importlib
import json
import os
import selectors
import signal
import site
import socket
import struct
import subprocess
import sys
import time

IDLE_VARIABLE = "BRIEFING_SERVERS_IDLE"
DEFAULT_IDLE = 900
# The servers' kinds: each a module that imports what its children need (``prepare(args)``, once)
# and runs one child (``child(argv)``, in each fork).
KINDS = ("briefing.build.buildserver", "briefing.build.forkserver", "briefing.build.jbrun")
# Variables that change from one command to the next without changing what an import does.
VOLATILE = ("OLDPWD", "PWD", "SHLVL", "_", "PYTEST_CURRENT_TEST", IDLE_VARIABLE)
MESSAGE = 1 << 20  # bytes: a request (mostly the environment) is a few kilobytes


def idle_seconds(env: dict[str, str] | None = None) -> float:
    value = (os.environ if env is None else env).get(IDLE_VARIABLE, "")
    try:
        return max(0.0, float(value)) if value else DEFAULT_IDLE
    except ValueError:
        return DEFAULT_IDLE


def address(root: str, kind: str) -> bytes:
    name = hashlib.sha256(f"{os.getuid()}\0{root}\0{kind}".encode()).hexdigest()[:32]
    return b"\0briefing-" + name.encode()


def key(kind: str, env: dict[str, str], args: list[str], package_digest: str) -> str:
    """What a server's imports depend on: a server with another key is not used."""
    h = hashlib.sha256()
    for part in (kind, sys.executable, sys.version, package_digest, *args):
        h.update(part.encode() + b"\0")
    for name in sorted(set(env) - set(VOLATILE)):
        h.update(f"{name}={env[name]}\0".encode())
    for folder in sorted({*site.getsitepackages(), site.getusersitepackages()}):
        with contextlib.suppress(OSError):  # a package installed or removed changes its folder's time
            h.update(f"{folder}:{os.stat(folder).st_mtime_ns}\0".encode())
    return h.hexdigest()


def _send(conn: socket.socket, message: dict, fds: list[int] = ()) -> None:
    socket.send_fds(conn, [json.dumps(message).encode()], list(fds))


def _seqpacket() -> socket.socket:
    return socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)


# --- The build's side ---------------------------------------------------------------------------


class Server:
    """A repository's server of one kind, started by the first request that finds none."""

    def __init__(self, kind: str, root: str, env: dict[str, str], args: list[str], package_digest: str, stderr=None):
        self.kind, self.root, self.env, self.args = kind, root, env, list(args)
        self.key = key(kind, env, self.args, package_digest)
        self.stderr = stderr  # the started server's own output (a failed import)
        self.idle = idle_seconds(env)

    def request(self, message: dict, fds: list[int] = (), fresh: bool = False) -> socket.socket:
        """Send ``message`` (with ``fds``) to the running server, or to one started for it
        (``fresh``: always, the running one being stale); the connection, to read the answers
        on. Never waits for the server's imports."""
        conn = self.connect() if self.idle > 0 and not fresh else None
        if conn is not None:
            self.send(conn, message, fds)
            return conn
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.send(ours, message, fds)
        self.start(theirs, self._listener())
        theirs.close()
        return ours

    def connect(self) -> socket.socket | None:
        """A connection to the running server (one still importing answers once it is done), or
        None when none runs."""
        conn = _seqpacket()
        try:
            conn.connect(address(self.root, self.kind))
        except (ConnectionRefusedError, FileNotFoundError):
            conn.close()
            return None
        return conn

    def send(self, conn: socket.socket, message: dict, fds: list[int] = ()) -> None:
        """``message``, with this build's key, on a connection ``request`` opened."""
        _send(conn, {**message, "key": self.key}, fds)

    def renew(self, conn: socket.socket, message: dict, fds: list[int] = ()) -> socket.socket:
        """The server answered ``stale`` (its imports are out of date): ``message`` again, to a
        new server started for it."""
        conn.close()
        return self.request(message, fds, fresh=True)

    def start_for_next_build(self) -> None:
        """A server with nothing to fork yet: it imports now, and waits for the next build. None
        is started when one already listens (it serves the next build)."""
        listener = self._listener()
        if listener is None:
            return
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.start(theirs, listener)
        finally:
            theirs.close()
            ours.close()

    def _listener(self) -> socket.socket | None:
        """The server's address, bound here before the server starts, so that a build asking the
        moment after finds it (it answers once its imports are done); None when another server
        listens there already (then the new one serves only the build that started it)."""
        if self.idle <= 0:
            return None
        listener = _seqpacket()
        try:
            listener.bind(address(self.root, self.kind))
            listener.listen(16)
        except OSError as error:
            listener.close()
            if error.errno != errno.EADDRINUSE:
                raise
            return None
        return listener

    def start(self, first: socket.socket, listener: socket.socket | None) -> None:
        """A server for ``first`` (this build's end of its connection) and, with ``listener``
        (``_listener``), for the next builds; it takes both over."""
        fds = [first.fileno()] if listener is None else [first.fileno(), listener.fileno()]
        listening = str(fds[1]) if listener is not None else "-"
        try:
            # a session of its own and no terminal: it outlives the build that started it
            _Detached(
                [sys.executable, "-m", __name__, self.kind, self.root, self.key, str(self.idle), str(fds[0]), listening, *self.args],
                cwd=self.root,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self.stderr if self.stderr is not None else subprocess.DEVNULL,
                pass_fds=fds,
                start_new_session=True,
            )
        finally:
            if listener is not None:
                listener.close()


class _Detached(subprocess.Popen):
    """A server: it outlives the build that started it, which never waits for it."""

    def __del__(self) -> None:
        pass


def answer(conn: socket.socket, timeout: float | None = None) -> dict:
    """The next answer on ``conn``; ``{}`` when the server closed it (it ended)."""
    conn.settimeout(timeout)
    data = conn.recv(MESSAGE)
    return json.loads(data) if data else {}


class Child:
    """A process a server forked for this build, as ``subprocess.Popen`` shows one (``pid``,
    ``stdout``: its output and error as text, ``poll``, ``wait``, ``returncode``), in a session of
    its own. Its standard input is a socket: ``go`` sends it a line with descriptors to keep
    open (the build's lock), ``cancel`` closes it. It outlives a killed build."""

    def __init__(self, server: Server, argv: list[str], cwd: str, env: dict[str, str]):
        self.server = server
        self._stdin, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        read, write = os.pipe()
        self._theirs = [theirs.detach(), write, os.dup(write)]  # its standard input, output, error
        self.stdout = open(read, encoding="utf-8", errors="replace")  # noqa: SIM115 - closed by the reader
        self._request = fork_request(argv, cwd, env, on_close="keep")
        self.conn = server.request(self._request, self._theirs)
        self._pid: int | None = None
        self.returncode: int | None = None

    def _settled(self) -> None:
        """Forked (or never to be): the build's copies of the child's ends are closed, so its
        output ends when it does."""
        for fd in self._theirs:
            os.close(fd)
        self._theirs = []

    def _next(self, timeout: float | None) -> dict | None:
        try:
            reply = answer(self.conn, timeout)
        except (BlockingIOError, TimeoutError):
            return None
        except OSError:
            reply = {}
        if reply.get("stale") and self._theirs:
            self.conn = self.server.renew(self.conn, self._request, self._theirs)
            return None
        return reply

    def _take(self, reply: dict | None) -> None:
        if reply is None:
            return
        if "status" in reply:
            self.returncode = reply["status"]
            self.conn.close()  # nothing more to say
        elif "pid" in reply:
            self._pid = reply["pid"]
            self._settled()
        elif not reply:  # the server ended: the child never forked, or its status is lost
            if self._theirs:
                self._settled()
            self.returncode = 1
            self.conn.close()

    @property
    def pid(self) -> int | None:
        while self._pid is None and self.returncode is None:
            self._take(self._next(None))
        return self._pid

    def poll(self) -> int | None:
        while self.returncode is None:
            reply = self._next(0)
            if reply is None:
                break
            self._take(reply)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired("forked child", timeout)
            self._take(self._next(left))
        return self.returncode

    def go(self, line: str, fds: list[int]) -> None:
        with contextlib.suppress(OSError):  # it ended already: its output and status tell why
            socket.send_fds(self._stdin, [line.encode()], fds)
        self._stdin.close()
        self.pid  # noqa: B018 - forked: the child's ends closed here

    def cancel(self) -> None:
        """Stopped before the go: it exits at the end of its input (or is never forked)."""
        self._stdin.close()
        self.conn.close()
        if self._theirs:
            self._settled()
        self.stdout.close()


def fork_request(argv: list[str], cwd: str, env: dict[str, str], on_close: str) -> dict:
    umask = os.umask(0o22)
    os.umask(umask)
    return {"fork": {"argv": argv, "cwd": cwd, "env": env, "umask": umask, "on_close": on_close}}


def _ask_each(root: str, kinds: tuple[str, ...], message: dict, timeout: float) -> None:
    """``message`` to each running server of ``kinds``, one after the other, waiting for its answer."""
    for kind in kinds:
        conn = _seqpacket()
        try:
            conn.connect(address(str(root), kind))
            _send(conn, message)
            answer(conn, timeout=timeout)
        except OSError:
            pass
        finally:
            conn.close()


def ready(root: str, kinds: tuple[str, ...] = KINDS, timeout: float = 60) -> None:
    """Wait until the repository's running servers have done their imports."""
    _ask_each(root, kinds, {"ping": True}, timeout)


def stop(root: str, kinds: tuple[str, ...] = KINDS) -> None:
    """End the repository's servers (each once its children have ended)."""
    _ask_each(root, kinds, {"stop": True}, 30)


# --- The server process ---------------------------------------------------------------------------


class _Serving:
    def __init__(self, kind: str, key_: str, idle: float, listener: socket.socket | None, first: socket.socket):
        self.kind, self.key, self.idle = kind, key_, idle
        self.module = importlib.import_module(kind)
        self.listener = listener
        self.selector = selectors.DefaultSelector()
        self.children: dict[int, tuple[socket.socket, str]] = {}  # pid: (connection, on_close)
        self.connections: set[socket.socket] = set()
        self.wake_read, self.wake_write = socket.socketpair()
        self.last_active = time.monotonic()
        self.stopping: list[bool] = []  # SIGTERM: accept no more builds
        self._watch(first)

    def _watch(self, conn: socket.socket) -> None:
        conn.setblocking(False)
        self.connections.add(conn)
        self.selector.register(conn, selectors.EVENT_READ)

    def _drop(self, conn: socket.socket) -> None:
        """The build closed ``conn``: its children that live only with it are killed."""
        for pid, (owner, on_close) in list(self.children.items()):
            if owner is conn and on_close == "kill":
                # the process itself too: just forked, it may not lead its own session yet
                for kill in (os.killpg, os.kill):
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        kill(pid, signal.SIGKILL)
        self.connections.discard(conn)
        self.selector.unregister(conn)
        conn.close()

    def _close_listener(self) -> None:
        if self.listener is not None:
            self.selector.unregister(self.listener)
            self.listener.close()
            self.listener = None

    def run(self) -> None:
        self.wake_write.setblocking(False)
        signal.set_wakeup_fd(self.wake_write.fileno())
        signal.signal(signal.SIGCHLD, lambda *_: None)  # both wake the selector (``set_wakeup_fd``)
        signal.signal(signal.SIGTERM, lambda *_: self.stopping.append(True))
        self.selector.register(self.wake_read, selectors.EVENT_READ)
        if self.listener is not None:
            self.listener.setblocking(False)
            self.selector.register(self.listener, selectors.EVENT_READ)
        while True:
            if self.stopping:
                self._close_listener()
            busy = self.connections or self.children
            if not busy:
                left = self.idle - (time.monotonic() - self.last_active)
                if self.listener is None or left <= 0:
                    return
            for event, _ in self.selector.select(None if busy else left):
                if event.fileobj is self.listener:
                    self._accept()
                elif event.fileobj is self.wake_read:
                    with contextlib.suppress(BlockingIOError):
                        self.wake_read.recv(4096)
                else:
                    self._read(event.fileobj)
            self._reap()
            if self.connections or self.children:
                self.last_active = time.monotonic()

    def _accept(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except BlockingIOError:
            return
        _, uid, _ = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
        if uid != os.getuid():  # only the user who started it
            conn.close()
            return
        self._watch(conn)

    def _read(self, conn: socket.socket) -> None:
        try:
            data, fds, _, _ = socket.recv_fds(conn, MESSAGE, 16)
        except BlockingIOError:
            return
        except OSError:
            data, fds = b"", []
        if not data:
            self._drop(conn)
            return
        try:
            request = json.loads(data)
            if request.get("stop"):
                self._close_listener()
                _send(conn, {"stopping": True})
            elif request.get("ping"):  # answered once the imports are done (this loop runs after them)
                _send(conn, {"ready": True})
            elif request.get("key") != self.key:
                self._close_listener()  # a build with other sources or packages: a new server
                _send(conn, {"stale": True})
            elif "fork" in request and not _closed(conn):  # else a hold: the build's connection
                pid = self._fork(request["fork"], fds)
                self.children[pid] = (conn, request["fork"].get("on_close", "kill"))
                _send(conn, {"pid": pid})
        except OSError:
            self._drop(conn)
        finally:
            for fd in fds:
                os.close(fd)

    def _fork(self, job: dict, fds: list[int]) -> int:
        pid = os.fork()
        if pid:
            return pid
        try:  # the child: the build's process, from here on
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            for conn in (*self.connections, self.listener, self.wake_read, self.wake_write):
                if conn is not None:
                    conn.close()
            os.setsid()
            null = os.open(os.devnull, os.O_RDWR)
            streams = [*fds[:3], null, null, null][:3]  # standard input, output, error
            for target, fd in enumerate(streams):
                os.dup2(fd, target)
            for fd in {*streams, null}:  # the descriptors after the third stay open (the lock)
                if fd > 2:
                    os.close(fd)
            os.chdir(job["cwd"])
            os.umask(job.get("umask", 0o22))
            os.environ.clear()
            os.environ.update(job["env"])
            sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - the process's own streams
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False, errors="backslashreplace")  # noqa: SIM115
            code = self.module.child(job["argv"])
        except SystemExit as end:
            code = end.code if isinstance(end.code, int) else 1
        except BaseException:  # noqa: BLE001 - told on the child's own error stream
            import traceback

            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)

    def _reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn, _ = self.children.pop(pid, (None, None))
            if conn is not None and conn in self.connections:
                with contextlib.suppress(OSError):
                    _send(conn, {"status": os.waitstatus_to_exitcode(status), "pid": pid})


def _closed(conn: socket.socket) -> bool:
    """The build closed the connection after asking (a build that stopped at once): no fork."""
    try:
        return conn.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def serve(kind: str, root: str, key_: str, idle: float, first_fd: int, listener_fd: int | None, args: list[str]) -> None:
    """Serve ``first`` (the starting build's connection) and, with ``listener_fd``, the builds that
    connect to the address the starting build bound for it."""
    first = socket.socket(fileno=first_fd)
    listener = socket.socket(fileno=listener_fd) if listener_fd is not None else None
    serving = _Serving(kind, key_, idle, listener, first)
    serving.module.prepare(args)  # the point of the server: imported once, before any fork
    serving.run()


if __name__ == "__main__":
    kind, root, key_, idle, first_fd, listener_fd, *args = sys.argv[1:]
    serve(kind, root, key_, float(idle), int(first_fd), None if listener_fd == "-" else int(listener_fd), args)
    # no children, no build: end without tearing down what was imported (0.5 s)
    os._exit(0)
