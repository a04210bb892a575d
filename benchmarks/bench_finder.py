"""Throughput of the UN citation finder (briefing.citations.find_mentions) in MB/s.

A large UN-like text (~10 MB) is made by concatenating, in a fixed pseudo-random order, varied
paragraphs: synthetic ones in the style of Council and Assembly texts (preambles with lists of
resolutions and dates, mastheads with joint symbols and job numbers, meeting records, Charter
references, look-alikes such as dates, page numbers, URLs and agenda items) and the real
paragraphs of the paper, seeds/S-2013-588.md. The figure is the median of several runs
on one core. Not a test: run ``python benchmarks/bench_finder.py``, or import ``measure()``.
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing import PAPER_PATH  # noqa: E402
from briefing.citations import find_mentions  # noqa: E402

PARAGRAPHS = [
    "*Recalling* its resolutions 1631 (2005) of 17 October 2005, 2033 (2012) of 12 January 2012 "
    "and 2167 (2014) of 28 July 2014, and the statements of its President S/PRST/2013/12 of "
    "6 August 2013 and S/PRST/2014/27,",
    "*Reaffirming* its primary responsibility for the maintenance of international peace and "
    "security in accordance with the Charter of the United Nations (Art. 24), and recalling "
    "Chapter VIII of the Charter (Arts. 52 and 53),",
    "*Taking note* of the report of the Secretary-General on cooperation between the United "
    "Nations and regional and other organizations (A/67/280–S/2012/614) and of his report "
    "(S/2014/713),",
    "In its resolution [67/264](#), the General Assembly expressed its conviction that the "
    "strengthening of cooperation contributed to the purposes and principles of the Charter "
    "(see also General Assembly resolution 3369 (XXX) and resolution 65/283).",
    "The President: In accordance with rule 39 of the Council's provisional rules of procedure, "
    "I invite the Permanent Observer to participate in this meeting. The record of the previous "
    "meeting is contained in S/PV.7015 (Resumption 1) and A/67/PV.40.",
    "Sixty-seventh session\nAgenda item 121\n\nA/67/742S/2013/95\n\n13-51234 (E) 050613\n"
    "*1351234*\n\nPage 2/3. Distr.: General, 31/05/2013.",
    "*Recalling also* its resolutions 1373 (2001), 1624 (2005), 2178 (2014) and 2253 (2015), "
    "and Security Council resolution [1963 \\(2010\\)](#), particularly with regard to national "
    "counter-terrorism strategies (see www.un.org/en/sc/ctc/news/2013-05-31_jeddah.html).",
    "Members of the Council have before them document S/2013/588/Corr.1 and the draft resolution "
    "A/71/L.5/Rev.1; the General Assembly adopted resolutions ES-10/2, S-30/1, 31/6 A and B and "
    "3367 A (XXX) (see A/RES/73/135).",
    "With 57 member States from four continents, the organization held meetings in 2012 and 2013 "
    "on conflict prevention, mediation, humanitarian assistance and intercultural dialogue, and "
    "agreed on a matrix of activities to be implemented over the next biennium (ibid., para. 106).",
    "The two organizations have worked together in reconstruction and development in several "
    "countries, and share common objectives in promoting the peace process, as well as in "
    "fostering solutions to other conflicts in accordance with international law (1 to 3).",
    "*Acting* under Chapter VII of the Charter of the United Nations, and noting Human Rights "
    "Council resolution 16/18, article 5 of the Convention and Article 1 of the Charter of the "
    "Organization, the Council decides to remain actively seized of the matter.",
]


def paragraphs() -> list[str]:
    """The synthetic paragraphs above plus the real paragraphs of the paper (S/2013/588)."""
    pool = list(PARAGRAPHS)
    if PAPER_PATH.exists():
        text = PAPER_PATH.read_text(encoding="utf-8")
        pool += [p for p in text.split("\n\n") if len(p) > 40]
    return pool


def make_text(megabytes: float = 10.0, seed: int = 2013) -> str:
    """A UN-like text of about ``megabytes`` MB (UTF-8) from ``paragraphs()``."""
    rng = random.Random(seed)
    pool = paragraphs()
    target = int(megabytes * 1_000_000)
    parts, size = [], 0
    while size < target:
        paragraph = rng.choice(pool)
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(parts)


def measure(megabytes: float = 10.0, runs: int = 3) -> dict:
    """Median throughput of ``find_mentions`` over ``runs`` runs: {"mb_per_s", "megabytes", ...}."""
    text = make_text(megabytes)
    size = len(text.encode("utf-8")) / 1_000_000
    times, count = [], 0
    for _ in range(max(3, runs)):
        start = time.perf_counter()
        count = len(find_mentions(text))
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    return {"mb_per_s": round(size / median, 2), "megabytes": round(size, 2),
            "runs": len(times), "median_seconds": round(median, 3), "mentions": count}


if __name__ == "__main__":
    result = measure()
    print(f"find_mentions: {result['mb_per_s']} MB/s (median of {result['runs']} runs on "
          f"{result['megabytes']} MB, {result['mentions']} mentions)")
