"""How long the five charts take to draw and to write, and how often their text is measured.

``python benchmarks/bench_figures.py`` (also run by ``make bench``): for each chart, on today's
data, in one process,

- draw: building the figure, label placement included (median of ``BENCH_RUNS`` runs);
- measured: how many times the renderer was asked for a text's extent while drawing, and how many
  distinct strings that was (the label placer measures each string and font once);
- svg / pdf / png: ``savefig`` of each format; pdf twice, with the per-build font subset
  (``briefing.figures.style``) and with matplotlib's own per-figure subsetting, alternately;
- cache: ``briefing.figures.publish.produce`` from a warm figure cache (a copy, no drawing).

Prints a Markdown table; times are wall-clock seconds on a shared machine, so compare columns
measured in the same run.
"""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matplotlib.backends.backend_agg import RendererAgg  # noqa: E402

from briefing import figures  # noqa: E402
from briefing.figures import labels, publish, style  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


@contextlib.contextmanager
def counting_measures(counts: list[str]):
    """Count every text the Agg renderer is asked to measure."""
    original = RendererAgg.get_text_width_height_descent

    def counted(self, s, prop, ismath):
        counts.append(s)
        return original(self, s, prop, ismath)

    RendererAgg.get_text_width_height_descent = counted
    try:
        yield
    finally:
        RendererAgg.get_text_width_height_descent = original


def seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def pdf_exact(fig) -> bytes:
    """The PDF as matplotlib writes it on its own: one font subset per figure."""
    buffer = io.BytesIO()
    with style.house_style():
        fig.savefig(buffer, format="pdf", metadata=dict(style.METADATA["pdf"]))
    return buffer.getvalue()


def measure() -> list[dict]:
    rows = []
    charts = {stem: make() for stem, make in figures.CHARTS.items()}
    for stem, chart in charts.items():
        labels._sizes.clear()
        counts: list[str] = []
        with counting_measures(counts):
            fig = chart.draw()
        draw = statistics.median(seconds(chart.draw) for _ in range(RUNS))
        row = {"chart": stem, "draw": draw, "measured": len(counts), "strings": len(set(counts))}
        for fmt in ("svg", "png"):
            row[fmt] = statistics.median(seconds(lambda fig=fig, fmt=fmt: style.render(fig, fmt)) for _ in range(RUNS))
        shared, exact = [], []
        for _ in range(RUNS):
            shared.append(seconds(lambda fig=fig: style.render(fig, "pdf")))
            exact.append(seconds(lambda fig=fig: pdf_exact(fig)))
        row["pdf"], row["pdf_exact"] = statistics.median(shared), statistics.median(exact)
        rows.append(row)
    with tempfile.TemporaryDirectory() as tmp:
        publish.set_cache_dir(Path(tmp) / "cache")
        for row, chart in zip(rows, charts.values()):
            publish.produce(chart, Path(tmp) / "warm")
            row["cache"] = statistics.median(seconds(lambda chart=chart: publish.produce(chart, Path(tmp) / "out")) for _ in range(RUNS))
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| chart | draw (s) | texts measured (distinct) | svg (s) | pdf, one subset per build (s) "
        "| pdf, subset per figure (s) | png (s) | from the cache (s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['chart']} | {r['draw']:.2f} | {r['measured']} ({r['strings']}) | {r['svg']:.2f} "
            f"| {r['pdf']:.2f} | {r['pdf_exact']:.2f} | {r['png']:.2f} | {r['cache']:.3f} |"
        )
    total = {k: sum(r[k] for r in rows) for k in ("draw", "svg", "pdf", "pdf_exact", "png", "cache")}
    lines.append(
        f"| all five | {total['draw']:.2f} | {sum(r['measured'] for r in rows)} | {total['svg']:.2f} "
        f"| {total['pdf']:.2f} | {total['pdf_exact']:.2f} | {total['png']:.2f} | {total['cache']:.3f} |"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))
