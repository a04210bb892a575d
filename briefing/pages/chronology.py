"""The chronology (``book/chronology.md``): every event of ``data/events.csv`` once, in date order."""

from __future__ import annotations

import pandas as pd

from .. import data, present
from ..glossary import FirstUse
from ..markup import PartialDate, cite, date_span, escape, paper_paragraphs, text_or_none


def chronology(events: pd.DataFrame) -> pd.DataFrame:
    """Every event once, in date order: dated events by their start as ISO writes it (a year before
    the months and days within it), then the undated ones in the order of the paragraphs citing them;
    ties by id, so the file's row order never matters."""
    frame = events.copy()
    starts = frame["start"].map(PartialDate.parse)
    ends = frame["end"].map(PartialDate.parse)
    frame["_dated"] = starts.map(lambda d: 0 if d is not None else 1)
    frame["_start"] = starts.map(lambda d: d.iso if d is not None else "")
    frame["_end"] = ends.map(lambda d: d.iso if d is not None else "")
    frame["_para"] = frame["source"].map(lambda s: min(paper_paragraphs(s) or [99]))
    frame = frame.sort_values(["_dated", "_start", "_end", "_para", "id"], kind="stable")
    return frame.drop(columns=["_dated", "_start", "_end", "_para"]).reset_index(drop=True)


def chronology_summary(events: pd.DataFrame, terms: FirstUse) -> str:
    paper = events[events["origin"] == "paper"]
    context = events[events["origin"] == "context"]
    dates = [d for d in events["start"].map(PartialDate.parse) if d is not None]
    years = sorted(d.year for d in dates)
    span = f", dated from {years[0]} to {years[-1]}" if years else ""
    undated = len(events) - len(dates)
    return terms.text(
        f"{len(events)} events{span}: {len(paper)} the paper itself mentions and {len(context)} milestones "
        f"from public sources that give context. {undated} have no date the sources confirm; they close the "
        "list in the order of the paragraphs that mention them. Each date is given at the precision known "
        "(a day, a month or a year). Where a source more precise than the paper gives the day, the row says so."
    )


def chronology_table(events: pd.DataFrame, terms: FirstUse) -> tuple[str, pd.DataFrame]:
    """The chronology as a MyST list-table, and the rows for the CSV download."""
    ordered = chronology(events)
    columns = [present.Column("Date", 16), present.Column("What happened", 44), present.Column("From", 10), present.Column("Source", 30)]
    rows, records = [], []
    for _, e in ordered.iterrows():
        when = date_span(e["start"], e["end"])
        what = terms.text(e["title"])
        cities = [c for c in data.split_list(e["cities"]) if c not in str(e["title"])]
        if cities:
            what += f" ({escape(', '.join(cities))})"
        if text_or_none(e["note"]):
            what += f"\n\n*Note:* {cite(e['note'], terms.fragment)}"
        source = cite(e["source"])
        if text_or_none(e["date_source"]):
            source += f"\n\n*Date:* {cite(e['date_source'])}"
        origin = "the paper" if e["origin"] == "paper" else "context"
        # The row's label goes last in the (short) date cell: first in a cell it indents the cell's
        # text in the PDF, and last it takes a line of its own.
        rows.append([f"{escape(when)}\n\n(event-{e['id']})=", what, escape(origin), source])
        records.append(
            {
                "id": e["id"],
                "date": when,
                "start": e["start"],
                "end": e["end"],
                "title": e["title"],
                "cities": e["cities"],
                "origin": e["origin"],
                "source": e["source"],
                "date_source": e["date_source"],
                "note": e["note"],
            }
        )
    table = present.list_table(rows, columns, "Chronology of UN-OIC cooperation", "table-chronology")
    return table, pd.DataFrame(records)
