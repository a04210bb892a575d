"""The glossary: acronyms and bodies from ``data/glossary.csv``, and links from their first uses.

``data/glossary.csv`` holds one row per term (``OIC``, ``CTED``, ``Security Council``...) with the
exact ``forms`` under which it appears in the text ("Organization of Islamic Cooperation", "OIC").
Three things are made from it:

- ``directive()``: the glossary chapter, a Sphinx ``{glossary}`` directive (terms sorted, each with
  its name in full, definition, source and the paragraphs of the paper that use it);
- ``FirstUse``: within one chapter, the first use of each term becomes a ``{term}`` role linking to
  its entry, in HTML and PDF alike; later uses stay plain. ``markdown()`` works on MyST that
  already carries links (the paper's regions: it never links inside a link, a role, code or an
  address), ``text()`` on plain text, which it escapes;
- ``chapter_linker()``: composes ``FirstUse`` with the citation linker for ``briefing.narrative``,
  so the paper's regions get both, for prose blocks only (never the masthead or headings).

The words never change: a role shows exactly the text it replaces, so the fidelity checks that
compare the book with the seed see the same sentences.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from . import data, present, seed

# Blocks of the paper whose words may carry a term link: running prose. The masthead, the
# letter's title, the annex's titles, the signature and the section headings stay as they are.
PROSE_KINDS = frozenset({"letter", "paragraph", "questions", "footnote"})

# Spans of inline MyST inside which nothing may be linked: roles, code, links and images,
# autolinks and raw HTML, bare addresses, escaped characters.
_PROTECTED = re.compile(
    r"\{[A-Za-z0-9:_+-]+\}`[^`]*`"
    r"|`[^`]*`"
    r"|!?\[(?:\\.|[^\]\\])*\]\((?:<[^>]*>|[^)\s]*)\)"
    r"|<[^>\s]*>"
    r"|https?://\S+|\bwww\.\S+"
    r"|\\."
)
_TERM_ROLE = re.compile(r"\{term\}`(?P<text>[^`<]*?)(?:\s*<(?P<target>[^>]*)>)?`")


@dataclass(frozen=True)
class Entry:
    term: str
    kind: str  # "acronym" or "name"
    expansion: str | None  # the name in full, for an acronym; None when not confirmed or a name
    forms: tuple[str, ...]
    definition: str
    source: str

    @property
    def label(self) -> str:
        """The HTML id Sphinx gives the entry (``term-OIC``, ``term-Security-Council``)."""
        return "term-" + re.sub(r"[^A-Za-z0-9]+", "-", self.term).strip("-")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or str(value) == ""


def entries_from(frame: pd.DataFrame) -> list[Entry]:
    """Entries from a ``glossary.csv`` frame, checked: name rows have no expansion, forms are unique."""
    out: list[Entry] = []
    owner: dict[str, str] = {}
    for line, row in enumerate(frame.itertuples(index=False), start=2):
        expansion = None if _blank(row.expansion) else str(row.expansion)
        if row.kind == "name" and expansion is not None:
            raise data.DataError("data/glossary.csv", line, "expansion",
                                 'a blank cell for a term of kind "name" (the term is the name)', f'"{expansion}"')
        forms = tuple(data.split_list(row.forms)) or (row.term,)
        for form in forms:
            if form in owner and owner[form] != row.term:
                raise data.DataError("data/glossary.csv", line, "forms",
                                     f'forms no other term has ("{owner[form]}" has it)', f'"{form}"')
            owner[form] = row.term
        out.append(Entry(row.term, row.kind, expansion, forms, row.definition, row.source))
    return out


def load(root=None) -> list[Entry]:
    """The glossary's entries, in the file's order."""
    return entries_from(data.load_table("glossary", root))


# --- First uses -------------------------------------------------------------------------------


def _escape_inline(text: str) -> str:
    """``present.escape`` for a fragment of a sentence: its spaces at either end are kept."""
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return lead + present.escape(core) + (" " if trail else "")


class FirstUse:
    """Links the first use of each term within one chapter; one instance per chapter."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries = list(entries)
        self.term_of = {form: e.term for e in self.entries for form in e.forms}
        forms = sorted(self.term_of, key=len, reverse=True)  # the longest form wins
        self.pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])"
        ) if forms else None
        self.seen: set[str] = set()

    def _role(self, surface: str) -> str:
        term = self.term_of[surface]
        return f"{{term}}`{surface}`" if surface == term else f"{{term}}`{surface} <{term}>`"

    def _link(self, text: str, escape: Callable[[str], str]) -> str:
        if self.pattern is None:
            return escape(text)
        out, position = [], 0
        for m in self.pattern.finditer(text):
            term = self.term_of[m[0]]
            if term in self.seen:
                continue
            self.seen.add(term)
            out.append(escape(text[position:m.start()]))
            out.append(self._role(m[0]))
            position = m.end()
        out.append(escape(text[position:]))
        return "".join(out)

    def markdown(self, markdown: str) -> str:
        """Inline MyST with first uses linked; links, roles, code and addresses left alone."""
        out, position = [], 0
        for m, role in _uses(markdown, self.pattern):
            if role is not None:  # a use linked already counts as the first
                self.seen.add(role)
                continue
            term = self.term_of[m[0]]
            if term in self.seen:
                continue
            self.seen.add(term)
            out.append(markdown[position:m.start()])
            out.append(self._role(m[0]))
            position = m.end()
        out.append(markdown[position:])
        return "".join(out)

    def text(self, text: str, strip: bool = True) -> str:
        """Plain text as MyST: escaped, with first uses linked (``strip=False`` for a fragment)."""
        text = re.sub(r"\s+", " ", str(text))
        return self._link(text.strip() if strip else text, _escape_inline)


def chapter_linker(citations: Callable[[str, str], str], paper: seed.Paper, entries: Iterable[Entry]) -> Callable[[str, str], str]:
    """A ``narrative`` linker for one chapter: citations first, then first uses of terms."""
    state = FirstUse(entries)
    kinds = {b.id: b.kind for b in paper.blocks}

    def link(markdown: str, block_id: str) -> str:
        linked = citations(markdown, block_id)
        return state.markdown(linked) if kinds.get(block_id) in PROSE_KINDS else linked

    return link


def _uses(markdown: str, pattern: re.Pattern | None):
    """(match, None) for each plain use of a form outside protected spans, and (role, term) for
    each ``{term}`` role, in order. Matching runs on the whole text, so a form next to an escaped
    hyphen (``OIC\\-UN\\-OSCE``) is seen as part of the compound it is."""
    protected = [(m.start(), m.end(), m) for m in _PROTECTED.finditer(markdown)]
    events = []
    for start, end, m in protected:
        role = _TERM_ROLE.fullmatch(m[0])
        if role:
            events.append((start, m, role["target"] or role["text"]))
    if pattern is not None:
        for m in pattern.finditer(markdown):
            if not any(start < m.end() and m.start() < end for start, end, _ in protected):
                events.append((m.start(), m, None))
    return [(m, term) for _, m, term in sorted(events, key=lambda e: e[0])]


def unlinked_first_uses(markdown: str, entries: Iterable[Entry]) -> list[str]:
    """Terms whose first use in ``markdown`` is not a ``{term}`` role (for tests and checks)."""
    probe = FirstUse(entries)
    first: dict[str, bool] = {}
    for m, role in _uses(markdown, probe.pattern):
        if role is not None:
            first.setdefault(role, True)
        else:
            first.setdefault(probe.term_of[m[0]], False)
    return sorted(term for term, linked in first.items() if not linked)


# --- Where the paper uses each term -------------------------------------------------------------


def uses_in_paper(entries: Iterable[Entry], paper: seed.Paper | None = None) -> dict[str, list[str]]:
    """term -> ids of the paper's prose blocks that use it, in reading order."""
    paper = paper or seed.load()
    entries = list(entries)
    probe = FirstUse(entries)
    found: dict[str, list[str]] = {e.term: [] for e in entries}
    if probe.pattern is None:
        return found
    for block in paper.blocks:
        if block.kind not in PROSE_KINDS:
            continue
        for m in probe.pattern.finditer(seed.plain_text(block.markdown)):
            ids = found[probe.term_of[m[0]]]
            if block.id not in ids:
                ids.append(block.id)
    return found


def _block_link(block_id: str, paper: seed.Paper) -> str:
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
    return present.escape(block_id)


# --- The glossary chapter -----------------------------------------------------------------------


def directive(entries: Iterable[Entry], paper: seed.Paper | None = None) -> str:
    """The ``{glossary}`` directive: every term with its name in full, definition, source and uses."""
    from . import apparatus

    paper = paper or seed.load()
    entries = list(entries)
    uses = uses_in_paper(entries, paper)
    lines = ["```{glossary}", ":sorted:", ""]
    for e in entries:
        parts = []
        if e.kind == "acronym":
            parts.append(f"**{present.escape(e.expansion)}**." if e.expansion else f"*In full: {present.NOT_CONFIRMED}.*")
        parts.append(present.escape(e.definition))
        body = " ".join(parts)
        used = uses[e.term]
        where = ("In the paper: " + ", ".join(_block_link(b, paper) for b in used) + ".") if used else "Not used in the paper's own words."
        lines.append(e.term)
        lines.append(f"  {body}")
        lines.append("")
        lines.append(f"  {where} Source: {apparatus.cite(e.source)}.")
        lines.append("")
    lines.append("```")
    return "\n".join(lines)
