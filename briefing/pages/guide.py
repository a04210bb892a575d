"""The discussion guide (``book/guide.md``): the paper's questions and what bears on each.

Each question is quoted word for word from the seed; ``data/questions.csv`` maps it to the
paragraphs, instruments and activities that bear on it, with a sentence saying why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .. import data, instruments, present, seed
from ..glossary import FirstUse
from ..markup import NOT_CONFIRMED, blank, cite, date_span, escape, link, paragraph_link, prose


@dataclass(frozen=True)
class Question:
    id: str  # "q1"
    number: int
    text: str  # word for word from the seed
    areas: tuple[str, ...]
    paragraphs: tuple[int, ...]
    instruments: tuple[str, ...]
    events: tuple[str, ...]
    justification: str
    source: str


def questions(frame: pd.DataFrame, paper: seed.Paper) -> list[Question]:
    """``questions.csv`` joined with the seed's questions; every question of the seed exactly once."""
    texts = seed.questions(paper)
    expected = [f"q{n}" for n in range(1, len(texts) + 1)]
    given = list(frame["question"])
    if sorted(given, key=lambda q: int(q[1:])) != expected:
        missing = sorted(set(expected) - set(given), key=lambda q: int(q[1:]))
        extra = sorted(set(given) - set(expected))
        found = [
            f"no row for {', '.join(missing)}" if missing else "",
            f"rows for {', '.join(extra)}, which the paper does not have" if extra else "",
        ]
        raise data.DataError(
            "data/questions.csv",
            None,
            "question",
            f"one row for each of the paper's {len(texts)} questions ({', '.join(expected)})",
            "; ".join(filter(None, found)),
        )
    out = []
    for row in sorted(frame.itertuples(index=False), key=lambda r: int(r.question[1:])):
        n = int(row.question[1:])
        out.append(
            Question(
                row.question,
                n,
                texts[n - 1],
                tuple(data.split_list(row.areas)),
                tuple(int(p) for p in data.split_list(row.paragraphs)),
                tuple(data.split_list(row.instruments)),
                tuple(data.split_list(row.events)),
                row.justification,
                row.source,
            )
        )
    return out


def _event_link(event: pd.Series) -> str:
    when = date_span(event["start"], event["end"]) if not blank(event["start"]) else f"date {NOT_CONFIRMED}"
    return f"{link(event['title'], '#event-' + event['id'])} ({escape(when)})"


def _instrument_link(symbol: str) -> str:
    return link(symbol, f"#{instruments.anchor(symbol)}")


def guide_intro(qs: Sequence[Question], terms: FirstUse) -> str:
    return terms.text(
        f"The concept paper closes its “Areas to be explored” with {len(qs)} questions on which the meeting "
        "“may focus”. For each question, in the paper's words, this guide gathers what the paper and the data "
        "say that bears on it: the paragraphs of the paper, the instruments it cites and the activities it "
        "records, with a short note on why, sourced to the paragraphs that say so. The guide maps; it takes no "
        "position on the answers, and the mapping is the book's reading of the paper (data/questions.csv), "
        "which anyone can correct."
    )


def guide_table(qs: Sequence[Question]) -> tuple[str, pd.DataFrame]:
    """The questions at a glance (MyST list-table) and the same rows for the CSV download."""
    columns = [
        present.Column("Question", 12),
        present.Column("Areas of cooperation", 30),
        present.Column("Paragraphs", 28),
        present.Column("Instruments", 15),
        present.Column("Activities", 15),
    ]
    rows, records = [], []
    for q in qs:
        rows.append(
            [
                link(f"Question {q.number}", f"#{q.id}"),
                escape("; ".join(q.areas)),
                ", ".join(paragraph_link(p) for p in q.paragraphs),
                str(len(q.instruments)),
                str(len(q.events)),
            ]
        )
        records.append(
            {
                "question": q.id,
                "text": q.text,
                "areas": ";".join(q.areas),
                "paragraphs": ";".join(str(p) for p in q.paragraphs),
                "instruments": ";".join(q.instruments),
                "events": ";".join(q.events),
                "justification": q.justification,
                "source": q.source,
            }
        )
    table = present.list_table(rows, columns, "The paper's questions and what bears on each", "table-guide-questions")
    return table, pd.DataFrame(records)


def guide_section(qs: Sequence[Question], events: pd.DataFrame, terms: FirstUse) -> str:
    """Each question quoted from the seed, then its paragraphs, instruments, activities and why."""
    by_id = {r["id"]: r for _, r in events.iterrows()}
    parts = []
    for q in qs:
        lines = [
            f"### Question {q.number}",
            "",
            f"> {terms.text(q.text)} ({link(f'¶15, question {q.number}', f'#{q.id}')})",
            "",
            f"**Why these:** {prose(q.justification, terms.fragment)} *Source:* {cite(q.source)}.",
            "",
            f"- **Areas of cooperation:** {escape('; '.join(q.areas))}",
            f"- **Paragraphs of the paper:** {', '.join(paragraph_link(p) for p in q.paragraphs)}",
            f"- **Instruments:** {', '.join(_instrument_link(s) for s in q.instruments) or 'none'}",
            f"- **Activities:** {'; '.join(_event_link(by_id[e]) for e in q.events) or 'none'}",
            "",
        ]
        parts.append("\n".join(lines))
    return "\n".join(parts)


def guide_coverage(qs: Sequence[Question], paper: seed.Paper) -> str:
    """Which of the paper's paragraphs no question draws on (a sentence, computed)."""
    drawn = {p for q in qs for p in q.paragraphs}
    unused = [b.number for b in paper.paragraphs if b.number not in drawn and b.number != 15 and b.number != 16]
    if not unused:
        last = max(b.number for b in paper.paragraphs if b.section and "Areas" not in b.section and "Format" not in b.section)
        return f"Every paragraph from ¶1 to ¶{last} bears on at least one question."
    return "Paragraphs no question draws on: " + ", ".join(paragraph_link(n) for n in unused) + "."
