"""Throughput of the UN citation finder (briefing.citations.find_mentions) in MB/s.

Three texts, each read in full, the median of several runs on one core:

- **typical** (``measure()``'s ``mb_per_s``, ~10 MB): varied paragraphs in a fixed pseudo-random
  order: synthetic ones in the style of Council and Assembly texts (preambles with lists of
  resolutions and dates, mastheads with joint symbols and job numbers, meeting records, Charter
  references, look-alikes such as dates, page numbers, URLs and agenda items) and the real
  paragraphs of the paper, seeds/S-2013-588.md;
- **real**: the held official texts of data/texts/ end to end, repeated, read with their
  context (``context="auto"``, as ``python -m briefing extract`` reads a document);
- **adversarial** (issue 11): runs of what makes a scanner stop and try (``resolution 12 (34)
  5/6 S/ A/RES/``, long digit and slash runs, designators with long lists that end rejected,
  chains of ``A/A/A/``, half symbols, brackets, ordinals before "meeting"), in a fixed
  pseudo-random order;
- **dense**: citations and nothing else (a resolution list of ten members per sentence, a
  symbol every 17 characters): its cost is per citation found, given as citations per second.

The bound the README states: the adversarial rate is at least a third of the typical one.
Not a test: run ``python benchmarks/bench_finder.py`` (``make bench`` runs it), or import
``measure()``.
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing import PAPER_PATH, ROOT  # noqa: E402
from briefing.citations import find_mentions  # noqa: E402

TEXTS = ROOT / "data" / "texts"

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


# Look-alikes: what makes the scanner stop and try, and then find little or nothing.
ADVERSARIAL = [
    "resolution 12 (34) 5/6 S/ A/RES/", "resolutions 1, 2, 3, 4 and ", "1/2/3/4/5/6/7/8/9/",
    "1234567890" * 5, "A/A/A/A/S/S/S/", "S/RES/S/RES/", "articles 1, 2, 3, 4, 5 of the Convention, ",
    "Chapter I, II, III, IV and ", "rule 1, 2, 3 and ", "(((((", "PRST/PRST/", "resolution [[[[ ",
    "12th meeting 13th plenary meeting ", "www.www.", "https://", "Article 1 of the Treaty, ",
    "S/" * 10, "/" * 20, "0/" * 10, "Resolution adopted by the ", "its 5th meeting, ",
]
# Citations and nothing else: the cost here is per citation found (reported as citations/s).
DENSE = [
    "Security Council resolution 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 troops ", "67/264 " * 3,
    "S/2013/1, paras. 1-2, ", "A/RES/1/2/3/4/5 A and B and C ", "Arts. 1, 2, 3 and 4 ",
]


def adversarial_text(megabytes: float = 2.0, seed: int = 11, pieces=ADVERSARIAL) -> str:
    """About ``megabytes`` MB of ``pieces`` in a fixed pseudo-random order."""
    rng = random.Random(seed)
    parts, size = [], 0
    while size < megabytes * 1_000_000:
        piece = rng.choice(pieces)
        parts.append(piece)
        size += len(piece)
    return "".join(parts)


def real_text(megabytes: float = 4.0) -> str:
    """The held texts of data/texts/ end to end, repeated to about ``megabytes`` MB."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))]
    one = "\n".join(texts)
    return "\n".join([one] * max(1, round(megabytes * 1_000_000 / len(one.encode("utf-8")))))


def rate(text: str, runs: int = 3, context=None) -> tuple[float, float, int]:
    """(MB/s, median seconds, mentions) of ``find_mentions(text, context)`` over ``runs`` runs."""
    size = len(text.encode("utf-8")) / 1_000_000
    times, count = [], 0
    for _ in range(max(3, runs)):
        start = time.perf_counter()
        count = len(find_mentions(text, context))
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    return size / median, median, count


def measure(megabytes: float = 10.0, runs: int = 3, adversarial: bool = False) -> dict:
    """Median throughput of ``find_mentions``: {"mb_per_s", "megabytes", ...} on the typical
    text; with ``adversarial``, also "real_mb_per_s", "adversarial_mb_per_s",
    "adversarial_ratio" (adversarial over typical), "dense_mb_per_s" and
    "dense_citations_per_s"."""
    text = make_text(megabytes)
    mb_per_s, median, count = rate(text, runs)
    result = {"mb_per_s": round(mb_per_s, 2), "megabytes": round(len(text.encode()) / 1e6, 2),
              "runs": max(3, runs), "median_seconds": round(median, 3), "mentions": count}
    if adversarial:
        real = rate(real_text(), runs, "auto")
        bad = rate(adversarial_text(), runs)
        dense = rate(adversarial_text(0.5, pieces=DENSE), runs)
        result.update(real_mb_per_s=round(real[0], 2), adversarial_mb_per_s=round(bad[0], 2),
                      adversarial_ratio=round(bad[0] / mb_per_s, 2),
                      dense_mb_per_s=round(dense[0], 2),
                      dense_citations_per_s=round(dense[2] / dense[1]))
    return result


if __name__ == "__main__":
    r = measure(adversarial=True)
    print(f"find_mentions, one core, median of {r['runs']} runs:")
    print(f"  typical      {r['mb_per_s']:6.2f} MB/s ({r['megabytes']} MB, {r['mentions']} mentions)")
    print(f"  real texts   {r['real_mb_per_s']:6.2f} MB/s (data/texts/, context read from each)")
    print(f"  adversarial  {r['adversarial_mb_per_s']:6.2f} MB/s = {r['adversarial_ratio']:.2f} of "
          f"typical (bound: >= 0.33)")
    print(f"  dense        {r['dense_mb_per_s']:6.2f} MB/s, {r['dense_citations_per_s']} citations/s "
          f"(a text of citations only)")
