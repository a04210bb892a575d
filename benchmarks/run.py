"""``make bench``: how long the book takes to build, and how fast the citation finder reads.

Every measurement runs on a fresh copy of the repository in a temporary folder (the live
``_build`` is never touched), at least three times; the table shows medians:

- clean: ``python -m briefing build`` with no ``_build`` at all (validate, execute, HTML, PDF);
  its HTML and PDF phases are read from the build's own progress lines;
- no-op: the same build again with nothing changed;
- one-CSV edit: one value in ``data/events.csv`` changed, then built (the most-read file);
- edit of instruments.csv: one value there changed, then built (a file two chapters read);
- floor: ``jupyter-book build`` of the same pages with execution off (Sphinx alone, HTML);
- peak memory: the largest resident set of any process a clean build started.

Targets (issue 7): no-op <= 10% of clean, edit <= 50% of clean, clean <= 2x the floor.
Results and the machine go to stdout as a Markdown table; paste them into benchmarks/README.md.
"""
from __future__ import annotations

import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from conftest import copy_repository  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    env.pop("BRIEFING_ROOT", None)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return seconds, result.stdout


def phase(log: str, builder: str) -> float:
    match = re.search(rf"{builder} built in ([0-9.]+) s", log)
    return float(match[1]) if match else float("nan")


def edit_one_value(copy: Path, file: str, column: str, run: int) -> None:
    """Change one cell of ``data/<file>`` (first row, ``column``; a different text each run)."""
    import csv
    import io

    path = copy / "data" / file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    col = rows[0].index(column)
    rows[1][col] = rows[1][col].rstrip(" 0123456789") + f" {run}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def floor_build(copy: Path) -> float:
    """Sphinx alone: the staged, already executed sources, built to HTML with execution off."""
    src = copy / "_build" / ".stage" / "src"
    out = Path(tempfile.mkdtemp(prefix="floor-"))
    seconds, _ = timed(
        [str(Path(sys.executable).with_name("jupyter-book")), "build", str(src), "--path-output", str(out), "--builder", "html", "-n", "-W", "--keep-going"],
        copy,
    )
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def main() -> int:
    build = [sys.executable, "-m", "briefing", "build"]
    results: dict[str, list[float]] = {
        k: [] for k in ("clean", "clean html", "clean pdf", "no-op", "one-CSV edit", "edit of instruments.csv", "floor (Sphinx alone, HTML)")
    }
    peak_kib = 0
    for run in range(RUNS):
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            copy = copy_repository(Path(tmp))
            seconds, log = timed(build, copy)
            peak_kib = max(peak_kib, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            results["clean"].append(seconds)
            results["clean html"].append(phase(log, "html"))
            results["clean pdf"].append(phase(log, "pdflatex"))
            seconds, log = timed(build, copy)
            assert "nothing changed" in log, log
            results["no-op"].append(seconds)
            edit_one_value(copy, "events.csv", "title", run)  # read by 6 of the 12 chapters
            seconds, log = timed(build, copy)
            results["one-CSV edit"].append(seconds)
            edit_one_value(copy, "instruments.csv", "summary", run)  # read by 2 chapters
            seconds, log = timed(build, copy)
            results["edit of instruments.csv"].append(seconds)
            results["floor (Sphinx alone, HTML)"].append(floor_build(copy))
        print(f"run {run + 1}/{RUNS} done", file=sys.stderr)

    median = {k: statistics.median(v) for k, v in results.items()}
    import bench_finder

    finder = bench_finder.measure()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    print(f"Runs: {RUNS} of each; medians in seconds.\n")
    print("| measurement | median (s) |\n|---|---|")
    for key, value in median.items():
        print(f"| {key} | {value:.2f} |")
    print(f"| peak memory of a build process | {peak_kib / 1024:.0f} MiB |")
    print(f"| citation finder | {finder['mb_per_s']:.1f} MB/s on {finder['megabytes']:.1f} MB |")
    clean, floor = median["clean"], median["floor (Sphinx alone, HTML)"]
    print("\n| ratio | value | target |\n|---|---|---|")
    # the floor builds HTML only, so compare it with the clean build less its PDF phase
    print(f"| clean without PDF / floor | {(clean - median['clean pdf']) / floor:.2f} | <= 2 |")
    print(f"| no-op / clean | {median['no-op'] / clean:.3f} | <= 0.10 |")
    print(f"| edit / clean | {median['one-CSV edit'] / clean:.2f} | <= 0.50 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
