"""``make bench``: build timings side by side in one run, as ratios; then the citation finder.

The machine is shared and its timings are noisy, so every build figure comes from one run on
fresh copies of the repository in temporary folders (the live ``_build`` is never touched), one
after the other, and is read as a ratio to the clean build of that same run:

- clean: ``python -m briefing build`` with no ``_build`` at all (validate, execute, HTML, PDF);
- floor: Jupyter Book alone, HTML then PDF, on the same pages already executed (the staged
  sources of the clean build, a fresh output folder): what any build must pay;
- no-op: the build again with nothing changed;
- an ``events.csv`` edit (one title: four chapters read that column or the whole file);
- an ``instruments.csv`` edit (one summary: two chapters);
- a commentary edit (a sentence added to one chapter: that chapter only);
- the ``events.csv`` edit again with no server kept (``BRIEFING_SERVERS_IDLE=0``): every build
  process imported afresh, as before the servers (``briefing/build/servers.py``). The other edits
  find the servers the clean build started, as a reader's next build does;
- peak memory: the largest resident set of any process the builds started, the servers and the
  processes they forked included (this process becomes their subreaper to count them);
- kernels: the clean build again on fresh copies, (a) with kernels started early but each
  importing pandas and matplotlib itself instead of forked from the pre-imported server, and
  (b) started late without pre-imports (as before issue 15), to show what each gains.

Targets (issue 15): clean <= 2.0x the floor, no-op <= 10 % of clean, events.csv edit <= 40 % of
clean. The whole run is repeated three times and the medians reported (``BENCH_RUNS=N`` for
another count: one run moved the edit's ratio by up to 4 points on a shared machine);
``BENCH_KERNELS=0`` leaves out
the two kernel variants. Results go to stdout as
Markdown; keep the latest in benchmarks/README.md.
"""

from __future__ import annotations

import csv
import io
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

from briefing.build import servers  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
KERNELS = os.environ.get("BENCH_KERNELS", "1") != "0"  # BENCH_KERNELS=0 skips the two kernel variants
COMMENTARY_CHAPTER = "book/instruments.md"
VARIANT = (
    "import sys\n"
    "from briefing.build import cli, execution, pipeline\n"
    "execution.FORK_SERVER = False\n"
    "if sys.argv[1] == 'late':\n"
    "    pipeline.PRESTART = False\n"
    "    execution.PREIMPORTS = ()\n"
    "sys.exit(cli.main([]))\n"
)
KERNEL_VARIANTS = {
    "early": "clean, kernels started early, each importing pandas and matplotlib (no fork server)",
    "late": "clean, kernels started late, no pre-imports (before issue 15)",
}


def timed(command: list[str], cwd: Path, **more: str) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(cwd), **more}
    env.pop("BRIEFING_ROOT", None)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return seconds, result.stdout


def phase(log: str, builder: str) -> float:
    match = re.search(rf"{builder} built in ([0-9.]+) s", log)
    return float(match[1]) if match else 0.0


def edit_one_value(copy: Path, file: str, column: str, run: int) -> None:
    """Change one cell of ``data/<file>`` (first row, ``column``; a different text each run)."""
    path = copy / "data" / file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    col = rows[0].index(column)
    rows[1][col] = rows[1][col].rstrip(" 0123456789") + f" {run + 1}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def edit_commentary(copy: Path, run: int) -> None:
    path = copy / COMMENTARY_CHAPTER
    path.write_text(path.read_text(encoding="utf-8") + f"\nA sentence of commentary added for the benchmark ({run + 1}).\n", encoding="utf-8")


def floor_build(copy: Path) -> float:
    """Jupyter Book alone on the staged, already executed sources: HTML, then PDF."""
    work = Path(tempfile.mkdtemp(prefix="floor-"))
    src = work / "src"
    shutil.copytree(copy / "_build" / ".stage" / "src", src)
    jb = str(Path(sys.executable).with_name("jupyter-book"))
    seconds = 0.0
    for builder in ("html", "pdflatex"):
        s, _ = timed([jb, "build", str(src), "--path-output", str(work / "out"), "--builder", builder, "-n", "-W", "--keep-going"], copy)
        seconds += s
    shutil.rmtree(work, ignore_errors=True)
    return seconds


PR_SET_CHILD_SUBREAPER = 36


def adopt_orphans() -> None:
    """The servers outlive the builds that start them: adopted by this process, their resident
    sets (and their children's) count in ``RUSAGE_CHILDREN`` once they end and are reaped."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1)


def end_servers(copy: Path) -> None:
    servers.stop(str(copy))
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def one_run(run: int) -> dict[str, float]:
    build = [sys.executable, "-m", "briefing", "build"]
    r: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        copy = copy_repository(Path(tmp) / "repo")
        r["clean"], log = timed(build, copy)
        r["clean: HTML phase"], r["clean: PDF phase"] = phase(log, "html"), phase(log, "pdflatex")
        servers.ready(str(copy))  # the build server started for the next build imports first, not during the floor
        r["floor"] = floor_build(copy)
        r["no-op"], log = timed(build, copy)
        assert "nothing changed" in log, log
        edit_one_value(copy, "events.csv", "title", run)
        r["events.csv edit"], log = timed(build, copy)
        r["events.csv edit: chapters executed"] = log.count(": executed in")
        r["events.csv edit: PDF phase"] = phase(log, "pdflatex")
        edit_one_value(copy, "instruments.csv", "summary", run)
        r["instruments.csv edit"], log = timed(build, copy)
        r["instruments.csv edit: chapters executed"] = log.count(": executed in")
        edit_commentary(copy, run)
        r["commentary edit"], log = timed(build, copy)
        r["commentary edit: chapters executed"] = log.count(": executed in")
        edit_one_value(copy, "events.csv", "title", run + 100)
        r["events.csv edit, no server kept"], _ = timed(build, copy, **{servers.IDLE_VARIABLE: "0"})
        end_servers(copy)
        r["peak MiB"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    for variant in KERNEL_VARIANTS if KERNELS else ():
        with tempfile.TemporaryDirectory(prefix=f"bench-{variant}-") as tmp:
            copy = copy_repository(Path(tmp) / "repo")
            r[variant], _ = timed([sys.executable, "-c", VARIANT, variant], copy)
            end_servers(copy)
    return r


def main() -> int:
    adopt_orphans()
    runs = []
    for run in range(RUNS):
        runs.append(one_run(run))
        print(f"run {run + 1}/{RUNS} done", file=sys.stderr)
    m = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    import bench_finder

    finder = bench_finder.measure()
    clean = m["clean"]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    print(f"Load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"Runs: {RUNS}" + (" (medians)" if RUNS > 1 else "") + "; seconds, and each build as a ratio.\n")
    print("| build | seconds | ratio | target |\n|---|---|---|---|")
    print(f"| clean (validate, execute, HTML, PDF) | {clean:.1f} | {clean / m['floor']:.2f}x the floor | <= 2.0x |")
    print(f"| floor (Jupyter Book alone, HTML + PDF, pages already executed) | {m['floor']:.1f} | | |")
    print(f"| no-op | {m['no-op']:.1f} | {m['no-op'] / clean:.0%} of clean | <= 10 % |")
    for key, target in (("events.csv edit", "<= 40 %"), ("instruments.csv edit", ""), ("commentary edit", "")):
        executed = m[key + ": chapters executed"]
        chapters = f"{executed:.0f} chapter{'' if executed == 1 else 's'} executed"
        print(f"| {key} ({chapters}) | {m[key]:.1f} | {m[key] / clean:.0%} of clean | {target} |")
    alone = m["events.csv edit, no server kept"]
    print(f"| events.csv edit, no server kept (each process imports afresh) | {alone:.1f} | {alone / clean:.0%} of clean | |")
    for variant, words in KERNEL_VARIANTS.items() if KERNELS else ():
        print(f"| {words} | {m[variant]:.1f} | {m[variant] / clean:.2f}x clean | |")
    print(
        f"\nClean build phases: HTML {m['clean: HTML phase']:.1f} s, PDF {m['clean: PDF phase']:.1f} s; "
        f"PDF phase after the events.csv edit {m['events.csv edit: PDF phase']:.1f} s."
    )
    print(f"Peak memory of any process of the builds (the servers and their children included): {m['peak MiB']:.0f} MiB.")
    print(f"Citation finder: {finder['mb_per_s']:.1f} MB/s on {finder['megabytes']:.1f} MB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
