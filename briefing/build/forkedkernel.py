"""The build's side of a forked kernel: what jupyter_client needs to manage a kernel process the
fork server (``forkserver``) forked, instead of one it started itself; and a client that is ready
as soon as the kernel is."""

from __future__ import annotations

import asyncio
import os
import queue
import signal
import subprocess
import time

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type

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


class PromptKernelClient(AsyncKernelClient):
    """jupyter_client's client, ready when the kernel is.

    jupyter_client's ``wait_for_ready`` ends only after 0.2 s without any IOPub message once the
    kernel has answered (a fixed wait on every kernel's start, before its chapter can run). This
    one ends when the kernel reports itself idle after the ``kernel_info`` request it answered:
    that message came over IOPub, so IOPub is connected too, and the kernel has nothing more to
    say. Without it (IOPub not yet subscribed, the status lost), it asks again, as jupyter_client
    does."""

    STATUS_WAIT = 0.1  # seconds for the idle status after the reply, before asking again (cheap)

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            request = self.kernel_info()
            try:
                reply = await self._async_recv_reply(request, timeout=1)
            except TimeoutError:
                pass
            else:
                self._handle_kernel_info_reply(reply)
                if await self._idle_after(request):
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _idle_after(self, request: str) -> bool:
        until = time.monotonic() + self.STATUS_WAIT
        while (left := until - time.monotonic()) > 0:
            try:
                message = await self.iopub_channel.get_msg(timeout=left)
            except queue.Empty:
                return False
            if (
                message["parent_header"].get("msg_id") == request
                and message["msg_type"] == "status"
                and message["content"].get("execution_state") == "idle"
            ):
                return True
        return False


class ForkedKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` whose kernel process comes from the fork server."""

    server: ForkServer | None = None
    client_class = DottedObjectName(f"{__name__}.PromptKernelClient")
    client_factory = Type(default_value=PromptKernelClient, klass=AsyncKernelClient)

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
