"""The glossary (``book/glossary.md``): a Sphinx ``{glossary}`` directive from ``data/glossary.csv``.

Terms sorted, each with its name in full, definition, source and the paragraphs of the paper that
use it; the entries and their first uses in the chapters are ``briefing.glossary``'s.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import seed
from ..glossary import Entry, uses_in_paper
from ..markup import NOT_CONFIRMED, cite, escape


def block_link(block_id: str, paper: seed.Paper) -> str:
    """A link to where a block of the paper sits in the book."""
    kind, _, number = block_id.partition("-")
    if kind == "para":
        return f"[¶{number}](#{block_id})"
    if kind == "letter":
        return f"[the letter, paragraph {number}](#{block_id})"
    if block_id == "questions":
        return "[the questions of ¶15](#questions)"
    if kind == "footnote":  # a footnote sits with the paragraph that calls it
        caller = next(b for b in paper.blocks if number in b.footnotes)
        return f"[¶{caller.number}, footnote {number}](#{caller.id})"
    return escape(block_id)


def directive(entries: Iterable[Entry], paper: seed.Paper) -> str:
    """The ``{glossary}`` directive: every term with its name in full, definition, source and uses."""
    entries = list(entries)
    uses = uses_in_paper(entries, paper)
    lines = ["```{glossary}", ":sorted:", ""]
    for e in entries:
        parts = []
        if e.kind == "acronym":
            parts.append(f"**{escape(e.expansion)}**." if e.expansion else f"*In full: {NOT_CONFIRMED}.*")
        parts.append(escape(e.definition))
        body = " ".join(parts)
        used = uses[e.term]
        where = ("In the paper: " + ", ".join(block_link(b, paper) for b in used) + ".") if used else "Not used in the paper's own words."
        lines.append(e.term)
        lines.append(f"  {body}")
        lines.append("")
        lines.append(f"  {where} Source: {cite(e.source)}.")
        lines.append("")
    lines.append("```")
    return "\n".join(lines)
