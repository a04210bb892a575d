"""Stage the book's sources with the executed chapters, and run Jupyter Book on them, strictly.

The staging folder ``_build/.stage`` is kept between builds: only files whose bytes changed are
rewritten, so Sphinx rereads only those pages, and LaTeX (latexmk) finds its auxiliary files
from the last run and typesets only as many passes as the changes need. While Sphinx runs the
folder is marked in use; a build that finds the mark (one was killed there) starts it afresh.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import yaml

from .errors import TEX_INSTALL, BuildError, disk_problem_in, latex_problem, log, record, sphinx_problems
from .execution import executed_path, kernel_environment, read_manifest
from .layout import PDF_NAME, Layout


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def recover_stage(layout: Layout) -> None:
    """A build killed inside Sphinx leaves outputs of unknown state: start the outputs afresh."""
    if layout.stage_in_use.exists():
        log("the last build stopped inside Sphinx; rebuilding its outputs from scratch")
        shutil.rmtree(layout.stage / "out", ignore_errors=True)
        layout.stage_in_use.unlink()


def stage_sources(layout: Layout, chapters: list[Path]) -> Path:
    """Mirror the book's sources into the staging folder; return its root."""
    src = layout.stage / "src"
    wanted: dict[Path, bytes] = {}
    config = yaml.safe_load((layout.root / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["execute_notebooks"] = "off"  # executed by the build
    wanted[src / "_config.yml"] = yaml.safe_dump(config, sort_keys=False, allow_unicode=True).encode()
    wanted[src / "_toc.yml"] = (layout.root / "_toc.yml").read_bytes()
    notebooks = set(chapters)
    for path in sorted((layout.root / "book").rglob("*")):
        if not path.is_file() or ".ipynb_checkpoints" in path.parts or "_generated" in path.parts:
            continue
        rel = path.relative_to(layout.root)
        if path in notebooks:
            wanted[src / rel.with_suffix(".ipynb")] = executed_path(layout, path).read_bytes()
        else:
            wanted[src / rel] = path.read_bytes()
    for chapter in chapters:
        for rel in (read_manifest(layout, chapter) or {}).get("wrote", []):
            wanted[src / "book" / "_generated" / rel] = (layout.generated / rel).read_bytes()
    changed = False
    for path, data in wanted.items():
        changed |= _write_if_changed(path, data)
    for path in list(src.rglob("*")):  # drop what no longer has a source
        if path.is_file() and path not in wanted:
            path.unlink()
            changed = True
    if changed:
        # Sphinx rereads only the changed sources (its doctrees persist) but must write every page:
        # it copies _static and applies templates only with the pages it writes, and its search
        # index, updated from the written pages alone, loses the glossary terms of the others.
        shutil.rmtree(output_dir(layout) / "html", ignore_errors=True)
    return src


def output_dir(layout: Layout) -> Path:
    return layout.stage / "out" / "_build"


def check_tex() -> None:
    missing = [cmd for cmd in ("xelatex", "latexmk") if shutil.which(cmd) is None]
    if missing:
        raise BuildError(f"{' and '.join(missing)} not found, so no PDF can be built; install TeX Live: {TEX_INSTALL}")


def run_jupyter_book(layout: Layout, src: Path, builders: list[str], lock_fd: int | None) -> None:
    """HTML, then PDF, in one Jupyter Book process (``jbrun``); stop at the first failure."""
    out = layout.stage / "out"
    command = [sys.executable, "-m", "briefing.build.jbrun", str(src), str(out), *builders]
    # A session of its own, so an interruption stops Sphinx and LaTeX together; the lock's
    # descriptor is inherited, so a killed build's Sphinx holds the lock until it ends too.
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=kernel_environment(layout),
        start_new_session=True,
        pass_fds=(lock_fd,) if lock_fd is not None else (),
    )
    output: list[str] = []
    current = builders[0]
    try:
        for line in process.stdout:
            output.append(line)
            marker = re.match(r"=== briefing: (\S+) (begins|built in ([0-9.]+) s|failed) ===", line)
            if marker and marker[2] == "begins":
                current = marker[1]
                log(f"jupyter-book build --builder {current}")
            elif marker and marker[3]:
                log(f"{current} built in {float(marker[3]):.1f} s")
        process.wait()
    except BaseException:
        _stop(process)
        raise
    text = "".join(output)
    record(f"--- jupyter-book output ---\n{text}--- end of jupyter-book output ---")
    if process.returncode != 0:
        raise failure(layout, src, current, text)


def failure(layout: Layout, src: Path, builder: str, output: str) -> BuildError:
    disk = disk_problem_in(output)
    if disk:
        return BuildError(disk, output)
    if builder == "pdflatex":
        latex = output_dir(layout) / "latex"
        problem = latex_problem(latex / PDF_NAME.replace(".pdf", ".log"), latex / PDF_NAME.replace(".pdf", ".tex"))
        if problem:
            return BuildError(f"LaTeX stopped: {problem}", output)
    problems = sphinx_problems(output, src, layout.root)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return BuildError(f"Sphinx ({builder}): {problems[0]}{more}", output)
    last = next((line for line in reversed(output.splitlines()) if line.strip()), "no output")
    return BuildError(f"jupyter-book ({builder}) failed: {last.strip()}", output)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM the whole session (Sphinx, latexmk, xelatex), then SIGKILL what is left."""
    for sig, wait in ((signal.SIGTERM, 3), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            os.killpg(process.pid, signal.SIGKILL)  # grandchildren still in the session
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            return
