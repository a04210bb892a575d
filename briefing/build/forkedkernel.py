"""The build's side of a forked kernel: what jupyter_client needs to manage a kernel process the
fork server (``forkserver``) forked, instead of one it started itself."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time

from jupyter_client.manager import AsyncKernelManager

from .forkserver import ForkServer


class ForkedKernel:
    """What jupyter_client's provisioner needs of a ``Popen``, for a kernel the server forked."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
                with open(f"/proc/{self.pid}/stat", encoding="ascii") as handle:
                    if handle.read().rsplit(")", 1)[1].split()[0] == "Z":  # not yet reaped
                        self.returncode = -signal.SIGKILL
            except (ProcessLookupError, FileNotFoundError):
                self.returncode = 0
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkedKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` whose kernel process comes from the fork server."""

    server: ForkServer | None = None

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        if self.server is None:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        module = kernel_cmd.index("-m")  # [python, -m, ipykernel_launcher, -f, file, ...]
        cwd = kw.get("cwd") or os.getcwd()
        pid = await asyncio.get_running_loop().run_in_executor(None, self.server.fork, kernel_cmd[module + 2 :], str(cwd))
        provisioner = self.provisioner
        provisioner.process = ForkedKernel(pid)
        provisioner.pid = provisioner.pgid = pid
        self._reconcile_connection_info(provisioner.connection_info)
