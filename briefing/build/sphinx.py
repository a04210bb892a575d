"""Stage the book's sources with the executed chapters, and run Jupyter Book on them, strictly.

The staging folder ``_build/.stage`` is kept between builds: only files whose bytes changed are
rewritten, so Sphinx rereads only those pages and writes only the HTML pages that changed
(``briefing.build.sphinxext`` keeps that equal to writing them all), and xelatex finds its
auxiliary files from the last run and typesets only as many passes as the changes need
(``typeset``), while the HTML pages are written (``jbrun``). While Sphinx runs the folder is
marked in use; a build that finds the mark (one was killed there) starts it afresh.
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

from ..book import yaml_problem
from . import servers
from .chapters import environment_digest
from .errors import TEX_INSTALL, BuildError, disk_problem_in, latex_problem, log, record, sphinx_problems
from .execution import kernel_environment
from .layout import PDF_NAME, Layout
from .records import executed_path, read_manifest

# Jupyter Book's process forked from a server kept between builds (``servers``); elsewhere started.
SERVED = sys.platform == "linux"


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


CONFIG_EXPECTED = "expected Jupyter Book's configuration (title, author, execute, sphinx, ...) as a YAML mapping"


def read_config(layout: Layout) -> dict:
    """``_config.yml``; a ``BuildError`` naming its line when it does not read (the build reads
    it before any chapter runs, and again to stage it)."""
    try:
        config = yaml.safe_load((layout.root / "_config.yml").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"_config.yml: not found at the repository's top level; {CONFIG_EXPECTED}") from None
    except yaml.YAMLError as error:
        raise BuildError(f"_config.yml{yaml_problem(error)}; {CONFIG_EXPECTED}") from None
    if not isinstance(config, dict):
        raise BuildError(f"_config.yml: a {type(config).__name__}, not a mapping; {CONFIG_EXPECTED}")
    return config


def stage_sources(layout: Layout, chapters: list[Path]) -> Path:
    """Mirror the book's sources into the staging folder; return its root."""
    src = layout.stage / "src"
    wanted: dict[Path, bytes] = {}
    config = read_config(layout)
    config.setdefault("execute", {})["execute_notebooks"] = "off"  # executed by the build
    sphinx = config.setdefault("sphinx", {})
    if "extensions" in sphinx.get("config", {}):  # the book's own list replaces Jupyter Book's
        sphinx["config"]["extensions"] = [*sphinx["config"]["extensions"], "briefing.build.sphinxext"]
    else:
        sphinx["extra_extensions"] = [*(sphinx.get("extra_extensions") or []), "briefing.build.sphinxext"]
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
    before = {p for p in src.rglob("*") if p.is_file()}
    changed = [path for path, data in wanted.items() if _write_if_changed(path, data)]
    for path in before - set(wanted):  # drop what no longer has a source
        path.unlink()
    if before != set(wanted) or any(not _is_page_input(src, path) for path in changed):
        # A page added or removed, the configuration, the table of contents, a template or a
        # static file: every HTML page is written again (stale files go with the old output).
        # Otherwise Sphinx writes the pages whose sources or files changed (``sphinxext``).
        shutil.rmtree(output_dir(layout) / "html", ignore_errors=True)
    return src


def _is_page_input(src: Path, path: Path) -> bool:
    """A chapter's source or a file it shows (``book/_generated``), which Sphinx follows itself."""
    rel = path.relative_to(src).parts
    return rel[0] == "book" and rel[1] not in ("_static", "_templates")


def output_dir(layout: Layout) -> Path:
    """Sphinx's outputs: ``html``, ``latex`` (the ``.tex``, LaTeX's auxiliary files, the PDF)."""
    return layout.stage / "out" / "_build"


def latex_dir(layout: Layout) -> Path:
    return output_dir(layout) / "latex"


def check_tex() -> None:
    if shutil.which("xelatex") is None:  # the PDF's only tool (``typeset``: no latexmk)
        raise BuildError(f"xelatex not found, so no PDF can be built; install TeX Live: {TEX_INSTALL}")


def extension_modules(layout: Layout) -> list[str]:
    """The Sphinx extensions the book's configuration lists, and the build's own."""
    try:
        config = yaml.safe_load((layout.root / "_config.yml").read_text(encoding="utf-8")) or {}
        sphinx = config.get("sphinx") or {}
        listed = [*((sphinx.get("config") or {}).get("extensions") or []), *(sphinx.get("extra_extensions") or [])]
    except (OSError, yaml.YAMLError, AttributeError):
        listed = []  # staging reports a broken configuration; the early start only imports less
    return [*(name for name in listed if isinstance(name, str)), "briefing.build.sphinxext"]


class _Started(subprocess.Popen):
    """``jbrun --wait`` started the usual way (where no server forks it): the lock passed at its start."""

    def go(self, line: str, fds: list[int]) -> None:
        try:
            self.stdin.write(line)
            self.stdin.close()
        except OSError:
            pass  # it ended already: its output and exit code tell why

    def cancel(self) -> None:
        try:
            self.stdin.close()
        except OSError:
            pass
        _stop(self)
        self.stdout.close()


def start_jupyter_book(layout: Layout, lock_fd: int | None):
    """``jbrun --wait``, at the start of the build: it imports (or is forked from a server that
    has, ``servers``) while the chapters run, and builds on ``go``."""
    src, out = layout.stage / "src", layout.stage / "out"
    extensions = extension_modules(layout)
    argv = ["--wait", str(src), str(out), *extensions]
    env = kernel_environment(layout)
    if SERVED:
        server = servers.Server("briefing.build.jbrun", str(layout.root), env, extensions, environment_digest(layout.root))
        return servers.Child(server, argv, os.getcwd(), env)
    # A session of its own, so an interruption stops Sphinx and LaTeX together; the lock's
    # descriptor is inherited, so a killed build's Sphinx holds the lock until it ends too.
    return _Started(
        [sys.executable, "-m", "briefing.build.jbrun", *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
        pass_fds=(lock_fd,) if lock_fd is not None else (),
    )


def cancel_jupyter_book(process) -> None:
    """The build stops before the go: the waiting ``jbrun`` exits, having written nothing."""
    process.cancel()


def run_jupyter_book(layout: Layout, src: Path, lock_fd: int | None, early=None) -> None:
    """HTML and PDF in one Jupyter Book process (``jbrun``), xelatex while the pages are written.

    ``early``: the ``jbrun --wait`` started with the build (``start_jupyter_book``), told to go.
    """
    process = early if early is not None else start_jupyter_book(layout, lock_fd)
    # with the go, the lock: a killed build's Sphinx holds it until it ends
    process.go("go\n", [lock_fd] if lock_fd is not None else [])
    output: list[str] = []
    current, failed = "pdflatex", None
    try:
        for line in process.stdout:
            output.append(line)
            marker = re.match(r"=== briefing: (\S+) (begins|built in ([0-9.]+) s|failed) ===", line)
            if marker and marker[2] == "begins":
                current = marker[1]
                log(f"jupyter-book build --builder {current}")
            elif marker and marker[3]:
                log(f"{marker[1]} built in {float(marker[3]):.1f} s")
            elif marker:
                failed = failed or marker[1]
        process.stdout.close()
        process.wait()
    except BaseException:
        _stop(process)
        raise
    text = "".join(output)
    record(f"--- jupyter-book output ---\n{text}--- end of jupyter-book output ---")
    if process.returncode != 0:
        raise failure(layout, src, failed or current, text)


def failure(layout: Layout, src: Path, builder: str, output: str) -> BuildError:
    disk = disk_problem_in(output)
    if disk:
        return BuildError(disk, output)
    if builder == "pdflatex":
        latex = latex_dir(layout)
        problem = latex_problem(latex / PDF_NAME.replace(".pdf", ".log"), latex / PDF_NAME.replace(".pdf", ".tex"))
        if problem:
            return BuildError(f"LaTeX stopped: {problem}", output)
    problems = sphinx_problems(output, src, layout.root)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return BuildError(f"Sphinx ({builder}): {problems[0]}{more}", output)
    last = next((line for line in reversed(output.splitlines()) if line.strip()), "no output")
    return BuildError(f"jupyter-book ({builder}) failed: {last.strip()}", output)


def _stop(process) -> None:
    """SIGTERM the whole session (Sphinx, xelatex), then SIGKILL what is left."""
    for sig, wait in ((signal.SIGTERM, 3), (signal.SIGKILL, 5)):
        if process.poll() is not None:
            return
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
