"""Build the book: validate, execute what changed, run Jupyter Book strictly, swap in on success.

``python -m briefing build`` (what ``make book`` runs) goes through these steps, and stops at the
first that fails, leaving the previously built ``_build/html`` and PDF as they were:

1. **Validate** every file under ``data/`` (``briefing.data.validate``): a bad cell stops the build
   before anything runs, with one message naming file, row, column and what was expected.
2. **Narrative**: rewrite the paper's regions in ``book/`` from ``seeds/`` (``briefing.narrative``).
3. **Execute** each chapter notebook in a fresh kernel, in parallel, unless its last execution is
   still valid: same source, same ``briefing/`` package, same requirements, and every file under
   ``data/`` or ``seeds/`` it read unchanged (recorded by an audit hook, see ``briefing.files_read``).
   Executed notebooks live in ``_build/.execution/``.
4. **Stage**: copy the book's sources into ``_build/.stage/src`` with each chapter replaced by its
   executed ``.ipynb`` (only files whose bytes changed are rewritten, so Sphinx rebuilds only those
   pages) and execution switched off in the staged ``_config.yml``.
5. **Build** HTML and PDF with ``jupyter-book build -n -W --keep-going``: a warning fails the build.
6. **Swap**: copy the outputs next to the live ones, then rename them into place
   (``_build/html``, ``_build/pdf/briefing-book.pdf``, ``_build/notebooks``).

When nothing that goes into the book changed since the last successful build, steps 4-6 are
skipped and the build says so.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import ROOT, narrative
from .texts import pages as text_pages, validate as validate_texts

PDF_NAME = "briefing-book.pdf"
READS_CELL = "import json, briefing\nprint(json.dumps(briefing.files_touched()))"


class BuildError(RuntimeError):
    """A build step failed; the message says which and why."""


@dataclass(frozen=True)
class Layout:
    """Where a build reads and writes: the repository root and its ``_build`` folder."""

    root: Path

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def execution(self) -> Path:
        return self.build / ".execution"

    @property
    def generated(self) -> Path:
        """Figures and CSV downloads the chapters write; staged as ``book/_generated/``."""
        return self.execution / "generated"

    @property
    def stage(self) -> Path:
        return self.build / ".stage"

    @property
    def html(self) -> Path:
        return self.build / "html"

    @property
    def pdf(self) -> Path:
        return self.build / "pdf" / PDF_NAME

    @property
    def notebooks(self) -> Path:
        return self.build / "notebooks"


def log(message: str) -> None:
    print(f"[briefing] {message}", flush=True)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_digest(paths: list[Path], root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def is_notebook(path: Path) -> bool:
    """A chapter is a notebook when its front matter names a kernel (MyST-NB's rule)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return False
    front = yaml.safe_load(text.split("---\n", 2)[1]) or {}
    return "kernelspec" in front


def _environment(layout: Layout) -> dict[str, str]:
    """Kernels and Sphinx see the repository being built: its data and its own package."""
    path = os.pathsep.join(p for p in (str(layout.root), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "BRIEFING_ROOT": str(layout.root), "PYTHONPATH": path}


# --- Execution ----------------------------------------------------------------------------------


def environment_digest(root: Path) -> str:
    """What every chapter depends on besides its own inputs: the package and the pinned set."""
    files = sorted((root / "briefing").rglob("*.py"))
    files += [p for p in (root / "requirements.txt",) if p.exists()]
    return tree_digest(files, root)


def _manifest_path(layout: Layout, chapter: Path) -> Path:
    return layout.execution / (chapter.relative_to(layout.root).with_suffix(".json").as_posix().replace("/", "__"))


def _executed_path(layout: Layout, chapter: Path) -> Path:
    return _manifest_path(layout, chapter).with_suffix(".ipynb")


def is_current(layout: Layout, chapter: Path, env_digest: str) -> bool:
    manifest_path = _manifest_path(layout, chapter)
    if not (manifest_path.exists() and _executed_path(layout, chapter).exists()):
        return False
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("source") != sha256(chapter.read_bytes()) or manifest.get("environment") != env_digest:
        return False
    if not all((layout.generated / rel).exists() for rel in manifest.get("wrote", [])):
        return False
    for rel, digest in manifest.get("reads", {}).items():
        path = layout.root / rel
        if not path.exists() or sha256(path.read_bytes()) != digest:
            return False
    return True


def execute(layout: Layout, chapter: Path, env_digest: str, timeout: int = 600) -> float:
    """Run one chapter top to bottom in a fresh kernel; record what it read. Returns seconds."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    started = time.perf_counter()
    nb = jupytext.read(chapter)
    for number, cell in enumerate(nb.cells):  # jupytext draws random cell ids: the same inputs
        cell.id = f"cell-{number}"  # must stage the same bytes, or nothing would count as unchanged
    nb.cells.append(nbformat.v4.new_code_cell(READS_CELL))
    layout.generated.mkdir(parents=True, exist_ok=True)
    env = {
        **_environment(layout),
        "BRIEFING_TRACK_READS": "1",
        "BRIEFING_DATA_VALIDATED": "1",
        "BRIEFING_GENERATED_DIR": str(layout.generated),
    }
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(chapter.parent)}},
        env=env,
    )
    rel = chapter.relative_to(layout.root)
    try:
        client.execute(env=env)
    except CellExecutionError as error:
        index = next(
            (i for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))),
            None,
        )
        where = "a cell"
        if index is not None:
            first_line = nb.cells[index].source.strip().splitlines()[0] if nb.cells[index].source.strip() else ""
            code_number = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
            where = f"code cell {code_number} (`{first_line}`)"
        name = getattr(error, "ename", "error")
        value = getattr(error, "evalue", str(error))
        raise BuildError(f"{rel}: {where} failed: {name}: {value}") from None
    reads_cell = nb.cells.pop()
    stdout = "".join(o.get("text", "") for o in reads_cell.outputs if o.get("name") == "stdout")
    touched = json.loads(stdout.strip().splitlines()[-1])
    layout.execution.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, _executed_path(layout, chapter))
    manifest = {
        "seconds": round(time.perf_counter() - started, 2),
        "source": sha256(chapter.read_bytes()),
        "environment": env_digest,
        "reads": {r: sha256((layout.root / r).read_bytes()) for r in touched["read"]},
        "wrote": [str(Path(w).relative_to(layout.generated)) for w in touched["wrote"]],
    }
    _manifest_path(layout, chapter).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return time.perf_counter() - started


def _last_seconds(layout: Layout, chapter: Path) -> float:
    """How long the chapter's last execution took (unknown: assume long)."""
    path = _manifest_path(layout, chapter)
    return json.loads(path.read_text()).get("seconds", 60.0) if path.exists() else 60.0


def execute_changed(layout: Layout, chapters: list[Path], jobs: int | None = None, force: bool = False) -> list[Path]:
    """Execute the chapters whose inputs changed, in parallel; return those executed."""
    env_digest = environment_digest(layout.root)
    stale = [c for c in chapters if force or not is_current(layout, c, env_digest)]
    for chapter in chapters:
        if chapter not in stale:
            log(f"{chapter.relative_to(layout.root)}: inputs unchanged, execution reused")
    if not stale:
        return []
    # Longest first, so the slow chapters do not start last; twice as many kernels as cores,
    # since a kernel spends much of its start-up waiting rather than computing.
    stale.sort(key=lambda c: -_last_seconds(layout, c))
    jobs = jobs or min(len(stale), 2 * (os.cpu_count() or 1))

    def run(chapter: Path) -> None:
        log(f"{chapter.relative_to(layout.root)}: executing")
        seconds = execute(layout, chapter, env_digest)
        log(f"{chapter.relative_to(layout.root)}: executed in {seconds:.1f} s")

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        failures = []
        for chapter, future in [(c, pool.submit(run, c)) for c in stale]:
            try:
                future.result()
            except BuildError as error:
                failures.append(str(error))
    if failures:
        raise BuildError("\n".join(failures))
    return stale


# --- Staging and building -----------------------------------------------------------------------


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def stage_sources(layout: Layout, chapters: list[Path]) -> Path:
    """Mirror the book's sources into the staging folder; return its root."""
    src = layout.stage / "src"
    wanted: dict[Path, bytes] = {}
    config = yaml.safe_load((layout.root / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["execute_notebooks"] = "off"  # executed above
    wanted[src / "_config.yml"] = yaml.safe_dump(config, sort_keys=False, allow_unicode=True).encode()
    wanted[src / "_toc.yml"] = (layout.root / "_toc.yml").read_bytes()
    notebooks = set(chapters)
    for path in sorted((layout.root / "book").rglob("*")):
        if not path.is_file() or ".ipynb_checkpoints" in path.parts or "_generated" in path.parts:
            continue
        rel = path.relative_to(layout.root)
        if path in notebooks:
            wanted[src / rel.with_suffix(".ipynb")] = _executed_path(layout, path).read_bytes()
        else:
            wanted[src / rel] = path.read_bytes()
    if layout.generated.exists():
        for path in sorted(layout.generated.rglob("*")):
            if path.is_file():
                wanted[src / "book" / "_generated" / path.relative_to(layout.generated)] = path.read_bytes()
    for path, data in wanted.items():
        _write_if_changed(path, data)
    for path in list(src.rglob("*")):  # drop what no longer has a source
        if path.is_file() and path not in wanted:
            path.unlink()
    return src


def run_jupyter_book(layout: Layout, src: Path, builder: str) -> None:
    out = layout.stage / "out"
    command = [
        str(Path(sys.executable).with_name("jupyter-book")), "build", str(src),
        "--path-output", str(out), "--builder", builder, "-n", "-W", "--keep-going",
    ]
    started = time.perf_counter()
    log(f"jupyter-book build --builder {builder}")
    result = subprocess.run(command, capture_output=True, text=True, env=_environment(layout))
    log_path = layout.stage / f"{builder}.log"
    log_path.write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        problems = [
            line for line in (result.stdout + result.stderr).splitlines()
            if "WARNING" in line or "ERROR" in line or line.startswith("!") or "Error" in line
        ]
        problems = [p for p in problems if "IPKernelApp" not in p][:20]
        raise BuildError(
            f"jupyter-book ({builder}) failed; full log: {log_path}\n" + "\n".join(problems)
        )
    log(f"{builder} built in {time.perf_counter() - started:.1f} s")


def swap_in(layout: Layout, chapters: list[Path]) -> None:
    """Replace the live outputs with the staged ones; the old ones stay until the new are whole."""
    out = layout.stage / "out" / "_build"
    html_new = layout.build / ".html.new"
    shutil.rmtree(html_new, ignore_errors=True)
    shutil.copytree(out / "html", html_new)
    # The PDF also sits in the HTML tree, so the website links it (from book/: ../briefing-book.pdf)
    shutil.copyfile(out / "latex" / PDF_NAME, html_new / PDF_NAME)
    pdf_new = layout.pdf.with_suffix(".pdf.new")
    pdf_new.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(out / "latex" / PDF_NAME, pdf_new)
    latex_log = out / "latex" / PDF_NAME.replace(".pdf", ".log")
    notebooks_new = layout.build / ".notebooks.new"
    shutil.rmtree(notebooks_new, ignore_errors=True)
    notebooks_new.mkdir(parents=True)
    for chapter in chapters:
        shutil.copyfile(_executed_path(layout, chapter), notebooks_new / (chapter.stem + ".ipynb"))
    # Everything new is complete on disk: now rename into place.
    for new, live in ((html_new, layout.html), (notebooks_new, layout.notebooks)):
        old = live.with_name("." + live.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if live.exists():
            live.rename(old)
        new.rename(live)
        shutil.rmtree(old, ignore_errors=True)
    os.replace(pdf_new, layout.pdf)
    if latex_log.exists():
        shutil.copyfile(latex_log, layout.pdf.with_suffix(".log"))


def validate_data(layout: Layout) -> None:
    from . import data

    from . import instruments, seed

    try:
        data.validate(layout.root / "data")
        validate_texts(layout.root / "data")  # held texts: sha256, readable, dates agree with data/
        instruments.check_integrity(
            data.load_instruments(layout.root / "data"), seed.load(layout.root / "seeds" / seed.PAPER_PATH.name)
        )
    except (data.DataError, ValueError) as error:
        raise BuildError(str(error)) from None


def build(root: Path = ROOT, force: bool = False, jobs: int | None = None) -> bool:
    """Build HTML and PDF; return False when nothing changed and the outputs were kept."""
    layout = Layout(Path(root))
    started = time.perf_counter()
    validate_data(layout)
    changed = narrative.sync(layout.root)
    for path in changed:
        log(f"{path.relative_to(layout.root)}: paper regions rewritten from the seed")
    narrative.coverage(layout.root)
    text_pages.sync(layout.root)  # book/texts/ rewritten from data/texts/ (briefing.texts.pages)
    chapters = [c for c in narrative.chapter_files(layout.root) if is_notebook(c)]
    execute_changed(layout, chapters, jobs=jobs, force=force)
    src = stage_sources(layout, chapters)
    staged = [p for p in src.rglob("*") if p.is_file()]
    digest = tree_digest(staged, src) + environment_digest(layout.root)
    stamp = layout.build / ".built-from"
    outputs_whole = layout.html.joinpath("index.html").exists() and layout.pdf.exists()
    if not force and outputs_whole and stamp.exists() and stamp.read_text() == digest:
        log(f"nothing changed since the last build; kept {layout.html} and {layout.pdf}")
        return False
    run_jupyter_book(layout, src, "html")
    run_jupyter_book(layout, src, "pdflatex")
    swap_in(layout, chapters)
    stamp.write_text(digest)
    log(f"built in {time.perf_counter() - started:.1f} s")
    log(f"HTML: {layout.html / 'index.html'}")
    log(f"PDF:  {layout.pdf}")
    return True


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing build", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="repository to build (default: this one)")
    parser.add_argument("--force", action="store_true", help="re-execute every chapter and rebuild")
    parser.add_argument("--jobs", type=int, default=None, help="chapters executed at once (default: 2 x cores)")
    args = parser.parse_args(argv)
    try:
        build(args.root, force=args.force, jobs=args.jobs)
    except BuildError as error:
        print(f"[briefing] build stopped: {error}", file=sys.stderr)
        print("[briefing] the previously built book, if any, is unchanged", file=sys.stderr)
        return 1
    return 0


def main_notebooks(argv: list[str]) -> int:
    """Execute every chapter (reusing valid executions) into ``_build/notebooks/``."""
    parser = argparse.ArgumentParser(prog="python -m briefing notebooks")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    layout = Layout(args.root)
    try:
        validate_data(layout)
        narrative.sync(layout.root)
        chapters = [c for c in narrative.chapter_files(layout.root) if is_notebook(c)]
        execute_changed(layout, chapters, force=args.force)
    except BuildError as error:
        print(f"[briefing] stopped: {error}", file=sys.stderr)
        return 1
    layout.notebooks.mkdir(parents=True, exist_ok=True)
    for chapter in chapters:
        shutil.copyfile(_executed_path(layout, chapter), layout.notebooks / (chapter.stem + ".ipynb"))
    log(f"executed notebooks: {layout.notebooks}")
    return 0
