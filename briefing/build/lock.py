"""One build at a time: an exclusive ``flock`` on ``_build/.lock``.

The kernel drops the lock when its holder dies, so a lock left by a killed build never blocks.
Sphinx runs as a child that inherits the lock's descriptor: if the build is killed while Sphinx
runs, the lock is held until that child ends too, and the next build cannot start under it.
The lock file is never written (the holder's pid is read from ``/proc/locks``), so a build that
is refused leaves ``_build`` byte-identical.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from .errors import BuildError, log


class BuildLock:
    def __init__(self, path: Path, wait: bool = True):
        self.path = path
        self.wait = wait
        self.fd: int | None = None

    def holder(self) -> int | None:
        """The pid holding the lock, when ``/proc/locks`` tells."""
        try:
            inode = os.stat(self.path).st_ino
            lines = Path("/proc/locks").read_text().splitlines()
        except OSError:
            return None
        for line in lines:
            fields = line.split()
            if "->" in fields or len(fields) < 6 or fields[1] != "FLOCK":
                continue
            if fields[5].rsplit(":", 1)[-1] == str(inode) and fields[4].isdigit():
                return int(fields[4])
        return None

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = self.holder()
            who = f" (pid {pid})" if pid else ""
            if not self.wait:
                os.close(self.fd)
                self.fd = None
                raise BuildError(f"another build is running{who}; not waiting (--no-wait)", code=75) from None
            log(f"another build is running{who}, waiting…")
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the last descriptor releases the lock
            self.fd = None
