"""How long the data contract takes: ``.venv/bin/python benchmarks/bench_contract.py``.

Each figure is the median of five runs, each in a fresh process on the repository's data/:

- check-data: ``python -m briefing check-data`` end to end (start-up, pandas, frictionless, every check);
- contract, cold: ``briefing.data.validate`` in a process that has imported nothing else of it yet;
- contract, warm: the same call again in that process (each file's verdict is kept by content);
- cache hit: ``validate(cache=...)`` when the digest in the cache file matches, as a no-op build sees it.

CPU seconds as well as wall seconds: the machine is shared, and CPU time is what the build pays.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5

PROBE = r"""
import json, sys, time
from pathlib import Path
t = time.perf_counter(); c = time.process_time()
from briefing import data
data.validate("data")
cold = (time.perf_counter() - t, time.process_time() - c)
t = time.perf_counter(); c = time.process_time()
data.validate("data")
warm = (time.perf_counter() - t, time.process_time() - c)
cache = Path(sys.argv[1])
data.validate("data", cache=cache)
t = time.perf_counter(); c = time.process_time()
assert data.validate("data", cache=cache) is None
hit = (time.perf_counter() - t, time.process_time() - c)
print(json.dumps({"cold": cold, "warm": warm, "hit": hit}))
"""


def main() -> int:
    rows: dict[str, list[tuple[float, float]]] = {"check-data": [], "cold": [], "warm": [], "hit": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(RUNS):
            before = _children_cpu()
            started = _now()
            subprocess.run([sys.executable, "-m", "briefing", "check-data"], cwd=ROOT, check=True, capture_output=True)
            rows["check-data"].append((_now() - started, _children_cpu() - before))
            out = subprocess.run([sys.executable, "-c", PROBE, str(Path(tmp) / "cache")], cwd=ROOT, check=True, capture_output=True, text=True).stdout
            for name, value in json.loads(out).items():
                rows[name].append(tuple(value))
    print("| step | wall s | CPU s |\n|---|---|---|")
    for name, values in rows.items():
        print(f"| {name} | {statistics.median(v[0] for v in values):.3f} | {statistics.median(v[1] for v in values):.3f} |")
    return 0


def _now() -> float:
    return time.perf_counter()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
