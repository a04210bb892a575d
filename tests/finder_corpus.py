"""The finder's real-text corpus: expected citations written by hand, compared with what it finds.

Each document of the corpus is a held official text, ``data/texts/<name>.txt`` (not copied
again), or a document copied for the corpus alone, ``tests/corpus/texts/<name>.txt`` (the
"unseen" texts: the finder was not built on them), with its expected citations in
``tests/corpus/expected/<name>.csv``: one row per citation, ``line`` (1-based, where the
citation starts), ``surface`` (as written, a line break written ``\\n``), ``symbol``, ``kind``,
``self`` (``true`` for the document's own symbol) and ``pinpoint`` (``para 106-116``,
``annex 3``, ``annex``; empty when none). The lists were written by reading each text line by
line, never from the finder's output.

``python tests/finder_corpus.py`` (``make finder-report``) prints, per document, what the finder
finds that the expected list lacks and what it misses, and what changed against the committed
baseline (``tests/corpus/baseline.csv``: the finder's output when it was last accepted);
``--update-baseline`` rewrites the baseline. ``tests/test_citations_corpus.py`` asserts the
comparison with the expected lists.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.citations import Mention, find_mentions  # noqa: E402

TEXTS = ROOT / "data" / "texts"
CORPUS = Path(__file__).resolve().parent / "corpus"
UNSEEN = CORPUS / "texts"
EXPECTED = CORPUS / "expected"
BASELINE = CORPUS / "baseline.csv"
COLUMNS = ("line", "surface", "symbol", "kind", "self", "pinpoint")

Row = tuple[str, str, str, str, str, str]


def documents() -> list[str]:
    """The file names of the corpus: every held text and every unseen text with an expected list."""
    return sorted(p.stem + ".txt" for p in EXPECTED.glob("*.csv"))


def unseen() -> list[str]:
    """The documents copied for the corpus alone (tests/corpus/texts/), which the finder was
    not built on: their scores are its honest measure on text it never saw."""
    return sorted(p.name for p in UNSEEN.glob("*.txt"))


def path_of(name: str) -> Path:
    return UNSEEN / name if (UNSEEN / name).exists() else TEXTS / name


def text_of(name: str) -> str:
    return path_of(name).read_bytes().decode("utf-8")


def pinpoint_label(m: Mention) -> str:
    p = m.pinpoint
    if p is None:
        return ""
    if p.first is None:
        return p.kind
    return f"{p.kind} {p.first}" if p.first == p.last else f"{p.kind} {p.first}-{p.last}"


def rows_found(name: str, text: str | None = None) -> list[Row]:
    """What the finder finds in the document (its context read from the masthead)."""
    text = text_of(name) if text is None else text
    return [
        (str(text.count("\n", 0, m.start) + 1), m.surface.replace("\n", "\\n"), m.symbol, m.kind, "true" if m.self else "false", pinpoint_label(m))
        for m in find_mentions(text, "auto")
    ]


def rows_expected(name: str) -> list[Row]:
    with open(EXPECTED / (Path(name).stem + ".csv"), encoding="utf-8", newline="") as f:
        return [tuple(r[c] for c in COLUMNS) for r in csv.DictReader(f)]


def rows_baseline() -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    if BASELINE.exists():
        with open(BASELINE, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                out.setdefault(r["document"], []).append(tuple(r[c] for c in COLUMNS))
    return out


def difference(found: list[Row], expected: list[Row]) -> tuple[list[Row], list[Row]]:
    """(rows found but not expected, rows expected but not found), as multisets."""
    f, e = Counter(found), Counter(expected)
    return sorted((f - e).elements(), key=_order), sorted((e - f).elements(), key=_order)


def _order(row: Row):
    return int(row[0]), row[1:]


def scores(names: list[str] | None = None) -> dict:
    """Precision and recall over the corpus, or over the documents named (a citation counts
    only when every column agrees), and the totals."""
    names = documents() if names is None else names
    tp = found_n = expected_n = 0
    for name in names:
        found, expected = rows_found(name), rows_expected(name)
        tp += sum((Counter(found) & Counter(expected)).values())
        found_n += len(found)
        expected_n += len(expected)
    return {
        "documents": len(names),
        "expected": expected_n,
        "found": found_n,
        "correct": tp,
        "precision": tp / found_n if found_n else 1.0,
        "recall": tp / expected_n if expected_n else 1.0,
    }


def _show(rows: list[Row]) -> str:
    return "\n".join(f"      line {r[0]}: {r[1]!r} -> {r[2]} ({r[3]}{', self' if r[4] == 'true' else ''}{', ' + r[5] if r[5] else ''})" for r in rows)


def report(update_baseline: bool = False) -> str:
    baseline = rows_baseline()
    lines, all_rows = [], []
    for name in documents():
        found, expected = rows_found(name), rows_expected(name)
        extra, missed = difference(found, expected)
        gained, lost = difference(found, baseline.get(name, []))
        lines.append(
            f"{name}: {len(expected)} expected, {len(found)} found; "
            f"{len(extra)} not expected, {len(missed)} missed; against the baseline "
            f"{len(gained)} gained, {len(lost)} lost"
        )
        for label, rows in (("not expected", extra), ("missed", missed), ("gained", gained), ("lost", lost)):
            if rows:
                lines.append(f"   {label}:\n{_show(rows)}")
        all_rows += [(name, *r) for r in found]
    for label, s in (("corpus", scores()), ("unseen (tests/corpus/texts/)", scores(unseen()))):
        lines.append(
            f"{label}: {s['documents']} documents, {s['expected']} expected citations, "
            f"{s['found']} found, {s['correct']} correct; precision {s['precision']:.3f}, "
            f"recall {s['recall']:.3f}"
        )
    if update_baseline:
        with open(BASELINE, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(("document", *COLUMNS))
            writer.writerows(all_rows)
        lines.append(f"baseline written: {BASELINE.relative_to(ROOT)}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(update_baseline="--update-baseline" in sys.argv[1:]))
