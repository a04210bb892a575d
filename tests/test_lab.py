"""Rerunning the book in JupyterLab: ``make lab`` starts it, and a chapter rerun shows what the book shows.

* ``make lab`` (JupyterLab, the ``lab`` extra, installed into .venv on first use) is started on a
  free port with a token, its REST API answers, jupytext serves every chapter of ``_toc.yml`` as a
  notebook, the double-click view of a MyST file is jupytext's notebook, the Python kernel is
  there; then the process group the test started is stopped and the port is free again.
* Each chapter read through jupytext and executed top to bottom in a fresh kernel, from its own
  folder as JupyterLab runs it, gives the outputs of the built page: the executed notebook the
  HTML was rendered from (``_build/html/_sources/book/<chapter>.ipynb``), cell by cell, output by
  output (Markdown and text exactly; a figure by its formats).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from briefing import ROOT, narrative
from briefing.build import is_notebook

pytestmark = [pytest.mark.book, pytest.mark.lab]

CHAPTERS = [p for p in narrative.chapter_files(ROOT) if is_notebook(p)]
#: The first start installs JupyterLab; later ones take seconds.
START_TIMEOUT_S = 900


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base: str, path: str, token: str) -> dict:
    request = urllib.request.Request(base + path, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode())


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def lab(tmp_path):
    """``make lab`` on a free port in its own process group; yields (base URL, token)."""
    port, token = _free_port(), secrets.token_hex(16)
    log = (tmp_path / "lab.log").open("w")
    args = f"--no-browser --ServerApp.ip=127.0.0.1 --IdentityProvider.token={token}"
    process = subprocess.Popen(
        ["make", "lab", f"LAB_PORT={port}", f"LAB_ARGS={args}"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"make lab exited with {process.returncode}:\n{(tmp_path / 'lab.log').read_text()[-3000:]}")
            try:
                _get(base, "/api/status", token)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer on port {port} within {START_TIMEOUT_S} s")
                time.sleep(1)
        yield base, token, process, port
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def test_make_lab_starts_jupyterlab_with_every_chapter_a_notebook(lab):
    base, token, process, port = lab
    assert _get(base, "/api", token)["version"]
    assert "python3" in _get(base, "/api/kernelspecs", token)["kernelspecs"]
    for chapter in CHAPTERS:
        rel = chapter.relative_to(ROOT).as_posix()
        model = _get(base, f"/api/contents/{rel}?type=notebook&content=1", token)
        assert model["type"] == "notebook", rel
        code = [c for c in model["content"]["cells"] if c["cell_type"] == "code"]
        assert code and "from briefing import" in "".join(c["source"] for c in code), rel
    settings = _get(base, "/lab/api/settings/@jupyterlab/docmanager-extension:plugin", token)
    viewers = settings["schema"]["properties"]["defaultViewers"]["default"]  # as make lab overrides it
    assert viewers.get("markdown") == "Jupytext Notebook" and viewers.get("myst") == "Jupytext Notebook", viewers
    os.killpg(process.pid, signal.SIGTERM)  # make and the JupyterLab it started, nothing else
    process.wait(timeout=60)
    deadline = time.monotonic() + 60
    while _port_open(port) and time.monotonic() < deadline:
        time.sleep(0.5)  # the server shuts its kernels and sockets down after make has gone
    assert not _port_open(port), f"port {port} still answers a minute after JupyterLab was stopped"


def _outputs(cell) -> list[tuple]:
    """A code cell's outputs as the page shows them: Markdown and text exactly, figures by format."""
    out = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "stream":
            out.append(("stream", o["name"], o["text"]))
        elif o["output_type"] in ("display_data", "execute_result"):
            data = o.get("data", {})
            shown = tuple((k, data[k] if k in ("text/markdown", "text/plain", "text/html") else "") for k in sorted(data))
            out.append(("display", shown))
        else:
            out.append((o["output_type"], o.get("ename", ""), o.get("evalue", "")))
    return out


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_rerun_as_a_notebook_shows_what_the_book_shows(chapter, built_book, tmp_path, monkeypatch):
    built = built_book.html / "_sources" / chapter.relative_to(ROOT).with_suffix(".ipynb")
    assert built.exists(), f"{built} is missing: the HTML build ships each executed chapter"
    page = nbformat.read(built, as_version=4)
    monkeypatch.setenv("BRIEFING_GENERATED_DIR", str(tmp_path))  # the figures and CSVs go here
    notebook = jupytext.read(chapter)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(chapter.parent)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == [], f"{chapter.name}: a cell failed in a fresh kernel run from the chapter's folder: {errors[:1]!r}"[:3000]
    rerun = [_outputs(c) for c in notebook.cells if c.cell_type == "code"]
    shown = [_outputs(c) for c in page.cells if c.cell_type == "code"]
    assert len(rerun) == len(shown), f"{chapter.name}: {len(rerun)} code cells rerun, {len(shown)} on the page"
    differ = [i for i, (a, b) in enumerate(zip(rerun, shown)) if a != b]
    assert differ == [], f"{chapter.name}: code cells {differ} show other outputs than the page; first: {rerun[differ[0]]!r} vs {shown[differ[0]]!r}"[
        :3000
    ]


def test_output_comparison_sees_a_changed_table():
    page = nbformat.v4.new_code_cell(
        "x",
        outputs=[
            nbformat.v4.new_output(
                "display_data", data={"text/markdown": "| Date |\n|---|\n| 14\u00a0September\u00a02005 |", "text/plain": "<Markdown>"}
            )
        ],
    )
    same = nbformat.v4.new_code_cell(
        "x",
        outputs=[
            nbformat.v4.new_output(
                "display_data", data={"text/markdown": "| Date |\n|---|\n| 14\u00a0September\u00a02005 |", "text/plain": "<Markdown>"}
            )
        ],
    )
    other = nbformat.v4.new_code_cell(
        "x",
        outputs=[
            nbformat.v4.new_output(
                "display_data", data={"text/markdown": "| Date |\n|---|\n| 15\u00a0September\u00a02005 |", "text/plain": "<Markdown>"}
            )
        ],
    )
    figure = nbformat.v4.new_code_cell(
        "x", outputs=[nbformat.v4.new_output("display_data", data={"image/svg+xml": "<svg id='a'/>", "text/plain": "<Figure>"})]
    )
    figure_again = nbformat.v4.new_code_cell(
        "x", outputs=[nbformat.v4.new_output("display_data", data={"image/svg+xml": "<svg id='b'/>", "text/plain": "<Figure>"})]
    )
    assert _outputs(page) == _outputs(same) and _outputs(page) != _outputs(other)
    assert _outputs(figure) == _outputs(figure_again) and _outputs(figure) != _outputs(page)
