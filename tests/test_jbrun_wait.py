"""``jbrun --wait``, the Jupyter Book process the build starts early: it imports, then builds only
on ``go``; told anything else, or left by a build that died, it exits having written nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.build import Layout
from briefing.build.sphinx import extension_modules

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent


def waiting(tmp_path: Path, *modules: str, **kw) -> subprocess.Popen:
    command = [sys.executable, "-m", "briefing.build.jbrun", "--wait", str(tmp_path / "src"), str(tmp_path / "out"), *modules]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, cwd=tmp_path, env=env, text=True, **kw)


@pytest.mark.parametrize("word", ["", "stop\n", "go now\n"], ids=["end of stdin", "stop", "not exactly go"])
def test_a_waiting_jbrun_not_told_go_exits_having_written_nothing(tmp_path, word):
    process = waiting(tmp_path, "sphinx_design", "no_such_extension", stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output, _ = process.communicate(word, timeout=300)
    assert (process.returncode, output) == (0, "")
    assert list(tmp_path.iterdir()) == []  # neither the sources' nor the outputs' folder


PARENT = (
    "import subprocess, sys, time\n"
    "p = subprocess.Popen([sys.executable, '-m', 'briefing.build.jbrun', '--wait', *sys.argv[1:]], stdin=subprocess.PIPE)\n"
    "print(p.pid, flush=True)\n"
    "time.sleep(600)\n"
)


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


@pytest.mark.skipif(sys.platform != "linux", reason="the build starts jbrun early on Linux")
def test_a_waiting_jbrun_ends_when_the_build_is_killed(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    build = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(tmp_path / "src"), str(tmp_path / "out")], env=env, cwd=tmp_path, stdout=subprocess.PIPE, text=True
    )
    with build.stdout:
        pid = int(build.stdout.readline())
    build.kill()
    build.wait()
    deadline = time.monotonic() + 300
    while not gone(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert gone(pid)
    assert list(tmp_path.iterdir()) == []


def test_the_extensions_to_import_early_are_the_configurations_and_the_builds(tmp_path):
    (tmp_path / "_config.yml").write_text("sphinx:\n  config:\n    extensions: [myst_nb, sphinx_design]\n  extra_extensions: [sphinx_proof]\n")
    assert extension_modules(Layout(tmp_path)) == ["myst_nb", "sphinx_design", "sphinx_proof", "briefing.build.sphinxext"]
    (tmp_path / "_config.yml").write_text("sphinx: [unclosed\n")
    assert extension_modules(Layout(tmp_path)) == ["briefing.build.sphinxext"]
