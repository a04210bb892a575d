"""After the meeting (``book/after.md``): what came of it, from ``data/after_meeting.csv``.

One row per document, oldest first, as Security Council Report tables documents: date, kind and
symbol (linked when confirmed), what it did, source. A symbol no source confirms reads "not
confirmed", with the symbol the sources make likely when the row gives one (``likely_symbol``).
"""

from __future__ import annotations

import pandas as pd

from .. import present
from ..glossary import FirstUse
from ..markup import NOT_CONFIRMED, PartialDate, blank, cite, escape, format_date, link, plural, text_or_none
from .keys import label

#: What :func:`after_summary` reads of ``ga_series.csv`` (load it with these ``columns=``).
GA_SERIES_COLUMNS = ("resolution", "adopted")


def statement_symbol(row: pd.Series) -> str:
    """A row's symbol as the book writes it: the symbol, or "probably X, not confirmed"."""
    if row["symbol_status"] == "confirmed" and not blank(row["symbol"]):
        return str(row["symbol"])
    likely = text_or_none(row.get("likely_symbol"))
    return f"probably {likely}, {NOT_CONFIRMED}" if likely else NOT_CONFIRMED


def after_order(after: pd.DataFrame) -> pd.DataFrame:
    """By date; a row without a confirmed date stays after the row before it in the file."""
    keys, last = [], ""
    for value in after["date"]:
        last = last if blank(value) else str(value)
        keys.append(last)
    return after.assign(_key=keys, _row=range(len(after))).sort_values(["_key", "_row"], kind="stable").drop(columns=["_key", "_row"])


def after_table(after: pd.DataFrame, terms: FirstUse, kinds: dict[str, str]) -> tuple[str, pd.DataFrame]:
    """Date | Document (kind and symbol, linked) | What it did | Source, and the rows for the CSV
    download (official titles are there). ``kinds`` names the kinds (``x-labels``)."""
    columns = [present.Column("Date", 15), present.Column("Document", 22), present.Column("What it did", 37), present.Column("Source", 26)]
    rows, records = [], []
    for _, r in after_order(after).iterrows():
        confirmed = r["symbol_status"] == "confirmed" and not blank(r["symbol"])
        symbol = statement_symbol(r)
        symbol_cell = link(symbol, r["url"]) if confirmed and text_or_none(r["url"]) else escape(symbol)
        kind = label(kinds, r["kind"])
        when = format_date(r["date"])
        note = text_or_none(r["date_note"])
        dated_note = note and confirmed and not blank(r["date"])  # a time of day, for instance
        if dated_note:
            when += f", {note}"
        what = terms.text(r["summary"])
        if text_or_none(r["body"]):
            what += f"\n\n*By:* {terms.text(r['body'])}"
        if note and not dated_note:
            what += f"\n\n*Note:* {terms.text(note)}."
        rows.append([f"{escape(when)}\n\n(after-{r['id']})=", f"**{escape(kind)}**\n\n{symbol_cell}", what, cite(r["source"])])
        records.append(
            {
                "id": r["id"],
                "date": r["date"],
                "kind": kind,
                "symbol": symbol,
                "symbol_status": r["symbol_status"],
                "title": r["title"],
                "body": r["body"],
                "summary": r["summary"],
                "note": r["date_note"],
                "url": r["url"],
                "source": r["source"],
            }
        )
    table = present.list_table(rows, columns, "What came of the meeting", "table-after-meeting")
    return table, pd.DataFrame(records)


def _as_written(symbol: object) -> str:
    """How running text writes a resolution: "resolution 73/135"."""
    if blank(symbol):
        return NOT_CONFIRMED
    return "resolution " + str(symbol).removeprefix("A/RES/").removeprefix("S/RES/")


def after_summary(after: pd.DataFrame, meeting: PartialDate | None, ga_series: pd.DataFrame, terms: FirstUse) -> str:
    """What the annex holds, counted; the Assembly's later resolutions from ``ga_series.csv``.
    ``meeting`` is the meeting's date (``pages.front.meeting_date``)."""
    unconfirmed = after[after["symbol_status"] != "confirmed"]
    later = ga_series[ga_series["adopted"].map(lambda v: meeting is not None and not blank(v) and str(v) > meeting.iso)]
    sentences = [
        terms.text(
            f"The meeting was held on {str(meeting) if meeting else NOT_CONFIRMED}. {len(after)} documents record what came of it; "
            f"{len(unconfirmed)} of them {'has' if len(unconfirmed) == 1 else 'have'} a symbol no source at hand confirms, "
            "shown as “not confirmed” with what is likely."
        )
    ]
    if len(later):
        listed = ", ".join(f"{escape(_as_written(r['resolution']))} of {escape(format_date(r['adopted']))}" for _, r in later.iterrows())
        sentences.append(
            terms.text(
                f"In the General Assembly's series on cooperation between the United Nations and OIC, the book's data hold "
                f"{plural(len(later), 'resolution')} adopted after the meeting with a confirmed date:"
            )
            + f" {listed}."
        )
    return " ".join(sentences)
