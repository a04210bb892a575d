"""The glossary: acronyms and bodies from ``data/glossary.csv``, and links from their first uses.

``data/glossary.csv`` holds one row per term (``OIC``, ``CTED``, ``Security Council``...) with the
exact ``forms`` under which it appears in the text ("Organization of Islamic Cooperation", "OIC").
Three things are made from it:

- the glossary chapter (``briefing.pages.glossary``), from ``entries_from()`` and ``uses_in_paper()``;
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
from pathlib import Path
from typing import TYPE_CHECKING

from . import data, markup, seed
from .book import Project

if TYPE_CHECKING:
    import pandas as pd

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


def entries_from(frame: pd.DataFrame | Iterable[tuple]) -> list[Entry]:
    """Entries from ``glossary.csv`` (a frame, or :func:`briefing.data.load_rows`), checked: name
    rows have no expansion, forms are unique."""
    out: list[Entry] = []
    owner: dict[str, str] = {}
    for line, row in enumerate(data.records(frame), start=2):
        expansion = markup.text_or_none(row.expansion)
        if row.kind == "name" and expansion is not None:
            raise data.DataError(
                "data/glossary.csv", line, "expansion", 'a blank cell for a term of kind "name" (the term is the name)', f'"{expansion}"'
            )
        forms = tuple(data.split_list(row.forms)) or (row.term,)
        for form in forms:
            if form in owner and owner[form] != row.term:
                raise data.DataError("data/glossary.csv", line, "forms", f'forms no other term has ("{owner[form]}" has it)', f'"{form}"')
            owner[form] = row.term
        out.append(Entry(row.term, row.kind, expansion, forms, row.definition, row.source))
    return out


def load(project: Project | Path | None = None) -> list[Entry]:
    """The glossary's entries, in the file's order (of ``project``, a repository root, or the default)."""
    where = project.data if isinstance(project, Project) else project
    return entries_from(data.load_rows("glossary", where))


# --- First uses -------------------------------------------------------------------------------


class FirstUse:
    """Links the first use of each term within one chapter; one instance per chapter."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries = list(entries)
        self.term_of = {form: e.term for e in self.entries for form in e.forms}
        forms = sorted(self.term_of, key=len, reverse=True)  # the longest form wins
        self.pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])") if forms else None
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
            out.append(escape(text[position : m.start()]))
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
            out.append(markdown[position : m.start()])
            out.append(self._role(m[0]))
            position = m.end()
        out.append(markdown[position:])
        return "".join(out)

    def text(self, text: str, strip: bool = True) -> str:
        """Plain text as MyST: escaped, with first uses linked (``strip=False`` for a fragment)."""
        text = re.sub(r"\s+", " ", str(text))
        return self._link(text.strip() if strip else text, markup.fragment)

    def fragment(self, text: str) -> str:
        """``text()`` for part of a sentence (``markup.cite``'s and ``markup.prose``'s ``plain``)."""
        return self.text(text, strip=False)


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
