"""What the held texts cite: the finder run over every official text the book carries.

Each held text (``briefing.texts``) is read into paragraphs; the finder (``briefing.symbols``)
runs over each paragraph, and every mention becomes a ``Recall``: which text cites, in which
paragraph, which instrument. A text's mentions of its own symbol (a running head the reader kept,
a self-reference) are not recalls. The Assembly's UN-OIC series is the set of resolutions in
``data/ga_series.csv``; a recall is *in the series* when it cites one of them.

The chapter shows, from these recalls alone: a table of the series' held resolutions with the
earlier members each recalls and what else it cites (``series_table``), a table of everything the
held texts cite beyond the series (``beyond_table``), the figure (``briefing.recalls_figure``)
and a sentence of counts (``summary``).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from . import present, symbols
from .instruments import format_date


@dataclass(frozen=True)
class HeldDocument:
    """A held text as this module needs it: symbol, date (ISO, may be partial), paragraphs."""

    symbol: str
    date: str  # "2013-05-17"; "" when the text states none
    slug: str  # the page book/texts/<slug>.md; labels <slug>-<anchor>
    paragraphs: tuple[tuple[str, str], ...]  # (anchor, words) in reading order


@dataclass(frozen=True)
class Recall:
    citing: str  # the held text's symbol
    anchor: str  # the paragraph that cites ("pp-1", "op-3")
    cited: str  # canonical symbol of what it cites
    kind: str  # the finder's kind
    surface: str  # as the text writes it


def find_recalls(documents: Iterable[HeldDocument]) -> list[Recall]:
    """Every citation in every held text, in each text's reading order; own symbol left out."""
    out = []
    for doc in documents:
        own = symbols.slug(doc.symbol)
        for anchor_id, words in doc.paragraphs:
            for m in symbols.find_mentions(words):
                if symbols.slug(m.symbol) == own:
                    continue
                out.append(Recall(doc.symbol, anchor_id, m.symbol, m.kind, m.surface))
    return out


def series_members(series: pd.DataFrame) -> list[str]:
    """The series in session order, as ``data/ga_series.csv`` lists it."""
    return list(series.sort_values("session")["resolution"])


def short(symbol: str) -> str:
    """How running text names an Assembly resolution: ``A/RES/67/264`` -> ``67/264``."""
    return symbol.removeprefix("A/RES/")


@dataclass(frozen=True)
class SeriesRow:
    symbol: str
    date: str
    slug: str
    recalled: tuple[str, ...]  # distinct series members it cites, series order
    beyond: tuple[str, ...]  # distinct other instruments it cites, first-cited order


def series_rows(documents: Sequence[HeldDocument], recalls: Sequence[Recall], series: pd.DataFrame) -> list[SeriesRow]:
    """One row per held text of the series, oldest first."""
    members = series_members(series)
    order = {s: i for i, s in enumerate(members)}
    rows = []
    for doc in sorted((d for d in documents if d.symbol in order), key=lambda d: order[d.symbol]):
        mine = [r for r in recalls if r.citing == doc.symbol]
        recalled = sorted({r.cited for r in mine if r.cited in order}, key=order.__getitem__)
        beyond = tuple(dict.fromkeys(r.cited for r in mine if r.cited not in order))
        rows.append(SeriesRow(doc.symbol, doc.date, doc.slug, tuple(recalled), beyond))
    return rows


def _runs(recalled: Sequence[str], members: Sequence[str]) -> str:
    """``3369 (XXX), 35/36 to 48/24, 59/8``: consecutive members of the series as ranges."""
    index = [members.index(s) for s in recalled]
    parts, start = [], 0
    for i in range(1, len(index) + 1):
        if i == len(index) or index[i] != index[i - 1] + 1:
            first, last = recalled[start], recalled[i - 1]
            if i - start >= 3:
                parts.append(f"{short(first)} to {short(last)} ({i - start})")
            else:
                parts += [short(s) for s in recalled[start:i]]
            start = i
    return ", ".join(parts)


def series_table(rows: Sequence[SeriesRow], series: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """The list-table and its CSV frame: per held resolution of the series, what it recalls."""
    members = series_members(series)
    cells, records = [], []
    for r in rows:
        earlier = [s for s in r.recalled if members.index(s) < members.index(r.symbol)]
        cells.append([
            f"[{present.escape(short(r.symbol))}](#{r.slug})",
            present.escape(format_date(r.date)),
            f"{len(r.recalled)}: {present.escape(_runs(r.recalled, members))}" if r.recalled else "none",
            f"{len(earlier)} of the {members.index(r.symbol)} before it",
            present.escape(", ".join(r.beyond)) if r.beyond else "none",
        ])
        records.append({"resolution": r.symbol, "adopted": r.date, "recalls_in_series": "; ".join(r.recalled),
                        "earlier_recalled": len(earlier), "earlier_in_series": members.index(r.symbol),
                        "cites_beyond_series": "; ".join(r.beyond)})
    columns = [present.Column("Resolution", 12), present.Column("Adopted", 14), present.Column("Recalls from the series", 34),
               present.Column("Earlier members recalled", 14), present.Column("Cites beyond the series", 26)]
    table = present.list_table(cells, columns, "What the Assembly's UN-OIC resolutions held in this book recall", "table-series-recalls")
    return table, pd.DataFrame(records)


def beyond_table(documents: Sequence[HeldDocument], recalls: Sequence[Recall], series: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """Everything the held texts cite outside the series: instrument, kind, cited by whom, times."""
    members = set(series["resolution"])
    slugs = {d.symbol: d.slug for d in documents}
    grouped: dict[str, list[Recall]] = {}
    for r in recalls:
        if r.cited not in members:
            grouped.setdefault(r.cited, []).append(r)
    cells, records = [], []
    for cited, rs in sorted(grouped.items(), key=lambda kv: (-len({r.citing for r in kv[1]}), kv[0])):
        by = list(dict.fromkeys(r.citing for r in rs))
        held = f" ([held](#{slugs[cited]}))" if cited in slugs else ""
        cells.append([present.escape(cited) + held, present.escape(rs[0].kind.replace("_", " ")),
                      ", ".join(f"[{present.escape(s)}](#{slugs[s]})" for s in by), str(len(rs))])
        records.append({"cited": cited, "kind": rs[0].kind, "cited_by": "; ".join(by), "mentions": len(rs)})
    columns = [present.Column("Cited", 30), present.Column("Kind", 16), present.Column("Cited by (held texts)", 40), present.Column("Mentions", 10)]
    table = present.list_table(cells, columns, "What the held texts cite beyond the series", "table-beyond-series")
    return table, pd.DataFrame(records)


def summary(documents: Sequence[HeldDocument], recalls: Sequence[Recall], series: pd.DataFrame) -> str:
    """The paragraph before the tables, every number counted from the recalls."""
    rows = series_rows(documents, recalls, series)
    members = series_members(series)
    if not rows:
        return "The book holds no resolution of the Assembly's UN-OIC series."
    every = [r for r in rows if all(s in r.recalled for s in members[: members.index(r.symbol)])]
    latest = rows[-1]
    beyond = {r.cited for r in recalls if r.cited not in set(members)}
    out = (
        f"The finder read {len(documents)} held texts and found {len(recalls)} citations in them. "
        f"{len(rows)} of the texts belong to the Assembly's UN-OIC series of {len(members)} resolutions in "
        f"`data/ga_series.csv`; together they recall {len({s for r in rows for s in r.recalled})} distinct members "
        f"of it. The latest held, {present.escape(short(latest.symbol))}, recalls {len(latest.recalled)}, "
        f"of which {sum(1 for s in latest.recalled if members.index(s) < members.index(latest.symbol))} came before it."
    )
    if every:
        out += (f" {len(every)} of the {len(rows)} recall every earlier member of the series the data list"
                f" ({', '.join(present.escape(short(r.symbol)) for r in every)}).")
    out += f" Beyond the series, the held texts cite {len(beyond)} other instruments."
    return out
