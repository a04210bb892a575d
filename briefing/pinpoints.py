"""The paper's pinpoints ("para. 13", "paras. 106-116", "annex III") taken to the held paragraph.

A citation with a pinpoint is a claim about another document: "(General Assembly resolution
67/264, para. 13)" says that operative paragraph 13 of that resolution supports the words before
it. For every pinpoint into a text the book holds (``briefing.texts``), this module

- **resolves** the pinpoint, as the finder reads it (``Mention.pinpoint``), to the paragraphs it
  names: "para. 13" is operative paragraph 13 (anchor ``op-13``, book label ``<slug>-op-13``);
  "paras. 106-116" every operative paragraph in the range; "annex III" the annex of that number.
  A pinpoint into a text not held stays unresolved: "text not held in this book".
- **checks** the citing words against the cited paragraph (``check``). The citing words are the
  citing sentence up to the parenthesis that carries the citation (a parenthetical citation
  vouches for what precedes it). Both sides are reduced to their content words (lower case,
  function words out, and each acronym of ``data/glossary.csv`` standing for its expansion, so
  "OIC" meets "Organization of Islamic Cooperation"); the finding is "the cited paragraph says
  this" when at least half of the citing words' distinct content words occur in the paragraph
  (``SUPPORT_SHARE``), and "the cited paragraph does not bear this out" otherwise. The shared
  words are listed in the citing sentence's order, so a reader can judge for themselves.
- **renders** each checked pinpoint for the chapters (``beside``): in the HTML a dropdown under
  the citing paragraph that opens the cited paragraph in place; in the PDF a short quotation.
  ``briefing.narrative`` calls ``beside`` after each paragraph of the paper, never inside its words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import ROOT, data, present, seed, texts
from . import citations as symbols
from .instruments import Citation, _parentheses, anchor, citations
from .texts.pages import page_path

if TYPE_CHECKING:
    import pandas as pd

# The share of the citing words' distinct content words the cited paragraph must hold for the
# finding "says this". A method setting, not a fact: the shared words are always shown.
SUPPORT_SHARE = 0.5
SAYS = "the cited paragraph says this"
NOT_BORNE = "the cited paragraph does not bear this out"
NOT_HELD = "text not held in this book"
NOT_FOUND = "the held text has no such paragraph"

WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’-][A-Za-zÀ-ÿ]+)*")
# Function words: they carry no claim, so they neither support nor undermine one.
FUNCTION_WORDS = frozenset(
    """a an and are as at be been by for from has have in into is it its of on or that the their
    this those these to was were which with also such other its they them than then there both
    all any each so not no""".split()
)
SENTENCE_START_RE = re.compile(r"(?<=[.?!])\s+(?=[A-Z“\"(*])")


@dataclass(frozen=True)
class Pin:
    """A pinpoint as the finder reads it (``briefing.citations.pinpoints``): kind and numbers."""

    written: str  # "paras. 106-116", as the paper writes it
    kind: str  # "para", "annex", "sect", "chap", "footnote", "page"
    first: int | None = None
    last: int | None = None

    @classmethod
    def of(cls, pin: symbols.Pinpoint) -> Pin:
        return cls(pin.surface, pin.kind, pin.first, pin.last)

    @property
    def paragraphs(self) -> tuple[int, ...]:
        return tuple(range(self.first, self.last + 1)) if self.kind == "para" and self.first is not None else ()

    @property
    def anchors(self) -> tuple[str, ...]:
        """The anchors the pinpoint names in a held text: ``op-13``; ``annex-3`` (annex III)."""
        if self.kind == "para":
            return tuple(f"op-{n}" for n in self.paragraphs)
        if self.kind == "annex":
            return (f"annex-{self.first}" if self.first is not None else "annex",)
        return ()


def parse_pin(written: str) -> Pin:
    """``"para. 13"`` -> paragraph 13; ``"paras. 106-116"`` -> 106..116; ``"annex III"`` -> annex 3."""
    pin = symbols.pinpoints.parse(written.strip())
    if pin is None:
        raise ValueError(f'pinpoint {written!r}: expected "para. N", "paras. N-M", "annex [N]" or another pinpoint the finder reads')
    return Pin.of(pin)


@dataclass(frozen=True)
class Cited:
    """One paragraph of a held text, as the book shows it."""

    symbol: str
    anchor: str  # "op-13"
    label: str  # the book's label: "a-res-67-264-op-13"; "" while the book has no page for the text
    number: str  # "13", as the text numbers it
    text: str  # the paragraph's words as the reader gives them


@dataclass(frozen=True)
class Check:
    """A pinpoint of the paper, resolved and checked."""

    citation: Citation
    pin: Pin
    held: bool
    cited: tuple[Cited, ...] = ()
    claim: str = ""  # the citing words, plain text
    shared: tuple[str, ...] = ()  # content words of the claim found in the cited paragraphs, claim order
    claim_words: tuple[str, ...] = ()  # distinct content words of the claim
    missing: tuple[str, ...] = field(default=())  # anchors the pinpoint names that the text does not have

    @property
    def share(self) -> float:
        return len(self.shared) / len(self.claim_words) if self.claim_words else 0.0

    @property
    def finding(self) -> str:
        if not self.held:
            return NOT_HELD
        if not self.cited:
            return NOT_FOUND
        return SAYS if self.cited and self.share >= SUPPORT_SHARE else NOT_BORNE


@dataclass(frozen=True)
class HeldParagraphs:
    symbol: str
    slug: str  # page book/texts/<slug>.md, labels <slug>-<anchor>
    paragraphs: dict[str, tuple[str, str]]  # anchor -> (number as printed, words)
    linked: bool = True  # the book has the text's page, so its paragraphs' labels exist

    def paragraph(self, anchor_id: str) -> Cited | None:
        found = self.paragraphs.get(anchor_id)
        if found is None:
            return None
        return Cited(self.symbol, anchor_id, texts.label(self.slug, anchor_id) if self.linked else "", found[0], found[1])


# Where a citation's text is held: symbol -> its paragraphs, or None when the book does not hold it.
Lookup = Callable[[str], HeldParagraphs | None]


def held_paragraphs(document: texts.Document, slug: str, linked: bool = True) -> HeldParagraphs:
    """A held text's numbered paragraphs (preambular, operative, a statement's), by anchor."""
    paragraphs = {p.anchor: (str(p.number), p.full_text) for p in document.paragraphs}
    paragraphs.update({f"annex-{n}": (a.heading, " ".join(ln.text for ln in a.body)) for n, a in enumerate(document.annexes, 1)})
    return HeldParagraphs(document.symbol, slug, paragraphs, linked)


@lru_cache(maxsize=32)
def _read(path: str, stamp: int, slug: str, linked: bool) -> HeldParagraphs:
    return held_paragraphs(texts.read_document(Path(path)), slug, linked)


def book_lookup(root: Path = ROOT) -> Lookup:
    """The book's held texts (``briefing.texts``): a text is read when a pinpoint asks for it, and
    read again only when its file changes."""
    held = {h.symbol: h for h in texts.held_texts(root)}

    def lookup(symbol: str) -> HeldParagraphs | None:
        h = held.get(symbol)
        if h is None:
            return None
        return _read(str(h.path), h.path.stat().st_mtime_ns, h.slug, page_path(h.slug, root).exists())

    return lookup


def book_checks(root: Path = ROOT) -> list[Check]:
    """Every pinpoint of the paper against the book's held texts (the instruments chapter and the
    narrative's quotations both call this)."""
    paper = seed.load(Path(root) / "seeds" / seed.PAPER_PATH.name)
    return checks(book_lookup(root), paper, glossary=data.load_rows("glossary", root))


def pin_targets(found_checks: Sequence[Check]) -> dict[tuple[str, int], str]:
    """(block id, pinpoint offset) -> ``#label`` of the first cited paragraph, for the narrative's links."""
    return {
        (c.citation.block_id, c.citation.pin_start): f"#{c.cited[0].label}"
        for c in found_checks
        if c.cited and c.cited[0].label and c.citation.pin_start >= 0
    }


def claim_of(citation: Citation, paper: seed.Paper) -> str:
    """The citing words: the citation's sentence up to the parenthesis that carries it."""
    text = paper.block(citation.block_id).markdown
    spans = [(a, b) for a, b in _parentheses(text) if a <= citation.start < b]
    stop = spans[0][0] if spans else citation.start
    starts = [m.end() for m in SENTENCE_START_RE.finditer(text, 0, stop)]
    begin = starts[-1] if starts else 0
    return seed.plain_text(text[begin:stop]).strip()


def _acronyms(glossary: pd.DataFrame | Iterable[tuple] | None) -> list[tuple[re.Pattern, str]]:
    """Each acronym's written forms -> the acronym, longest form first."""
    if glossary is None:
        return []
    pairs = []
    for r in data.records(glossary):
        if r.kind != "acronym":
            continue
        for form in data.split_list(r.forms):
            pairs.append((form, str(r.term)))
    pairs.sort(key=lambda p: -len(p[0]))
    return [(re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)"), term) for form, term in pairs]


def content_words(text: str, acronyms: Sequence[tuple[re.Pattern, str]] = ()) -> list[str]:
    """Lower-case content words in order, each acronym's expansion written as the acronym."""
    for pattern, term in acronyms:
        text = pattern.sub(term, text)
    return [w.lower() for w in WORD_RE.findall(text) if w.lower() not in FUNCTION_WORDS]


def compare(claim: str, cited_text: str, acronyms: Sequence[tuple[re.Pattern, str]] = ()) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(distinct content words of the claim, those of them the cited text holds), claim order."""
    claim_words = tuple(dict.fromkeys(content_words(claim, acronyms)))
    there = set(content_words(cited_text, acronyms))
    return claim_words, tuple(w for w in claim_words if w in there)


def check(
    citation: Citation,
    lookup: Lookup,
    paper: seed.Paper,
    glossary: pd.DataFrame | Iterable[tuple] | None = None,
    acronyms: Sequence[tuple[re.Pattern, str]] | None = None,
) -> Check:
    """One pinpoint resolved in its held text and its claim compared; ``acronyms`` (from
    ``glossary``) may be given when many citations are checked at once."""
    pin = Pin.of(citation.pin) if citation.pin is not None else parse_pin(citation.pinpoint)
    held = lookup(citation.symbol)
    if held is None:
        return Check(citation, pin, False)
    cited, missing = [], []
    for a in pin.anchors:
        p = held.paragraph(a)
        (cited.append(p) if p is not None else missing.append(a))
    claim = claim_of(citation, paper)
    words, shared = compare(claim, "\n".join(p.text for p in cited), _acronyms(glossary) if acronyms is None else acronyms)
    return Check(citation, pin, True, tuple(cited), claim, shared, words, tuple(missing))


def checks(
    lookup: Lookup, paper: seed.Paper | None = None, found: Iterable[Citation] | None = None, glossary: pd.DataFrame | Iterable[tuple] | None = None
) -> list[Check]:
    """Every pinpoint of the paper (ibid. included), in reading order, resolved and checked."""
    paper = paper or seed.load()
    found = list(found) if found is not None else citations(paper)
    acronyms = _acronyms(glossary)
    return [check(c, lookup, paper, glossary, acronyms) for c in found if c.pinpoint and c.is_instrument]


# --- On the page ---------------------------------------------------------------------------------


def _quote(text: str) -> str:
    """A paragraph of an official text as MyST quotation lines, every character kept."""
    return "\n".join("> " + present.escape(line) for line in text.splitlines() if line.strip())


def _title(c: Check, p: Cited) -> str:
    return f"{c.citation.symbol}, paragraph {p.number}, as cited in ¶{c.citation.number}"


def beside(block_id: str, found_checks: Sequence[Check]) -> str:
    """What follows a paragraph of the paper: each held paragraph it pinpoints, openable in place
    in the HTML (a dropdown) and quoted in the PDF. Empty when the paragraph pinpoints none held."""
    parts = []
    for c in found_checks:
        if c.citation.block_id != block_id or not c.cited:
            continue
        for p in c.cited:
            title = present.escape(_title(c, p))
            where = f"[The text in full](#{p.label}). Checked: " if p.label else "Checked: "
            body = f"{_quote(p.text)}\n\n{where}{c.finding} ({_shared_phrase(c)})."
            parts.append(
                f"::::{{only}} html\n:::{{dropdown}} {title}\n:class-container: pinpoint\n\n"
                f"{body}\n:::\n::::\n\n"
                f"::::{{only}} latex\n*{title}:*\n\n{body}\n::::"
            )
    return "\n\n".join(parts)


def _shared_phrase(c: Check) -> str:
    if not c.shared:
        return "no content word of the citing sentence is in the cited paragraph"
    return f"{len(c.shared)} of the citing sentence's {len(c.claim_words)} content words are in it: " + ", ".join(
        f"“{present.escape(w)}”" for w in c.shared
    )


def table(found_checks: Sequence[Check]) -> str:
    """The instruments chapter's table: per pinpoint, where it points and what the check found."""
    rows = []
    for c in found_checks:
        para = f"[¶{c.citation.number}](#{c.citation.block_id})"
        cite = present.escape(("ibid., " if c.citation.ibid else "") + c.pin.written)
        target = f"[{present.escape(c.citation.symbol)}](#{anchor(c.citation.symbol)}), {cite}"
        if not c.held:
            rows.append([para, target, "", f"*{NOT_HELD}*"])
            continue
        links = (
            ", ".join(f"[paragraph {present.escape(p.number)}](#{p.label})" if p.label else f"paragraph {present.escape(p.number)}" for p in c.cited)
            or "none of the paragraphs named"
        )
        finding = f"**{c.finding.capitalize()}**: {_shared_phrase(c)}."
        if c.missing:
            finding += f" The text has no {', '.join(c.missing)}."
        rows.append([para, f"{target}: {links}", present.escape(c.claim), finding])
    columns = [present.Column("Paragraph", 10), present.Column("Pinpoint", 25), present.Column("The paper says", 35), present.Column("The check", 30)]
    return present.list_table(rows, columns, "The paper's pinpoints against the cited paragraphs", "table-pinpoints")


def summary(found_checks: Sequence[Check]) -> str:
    """The sentence before the table, every number counted."""
    held = [c for c in found_checks if c.held]
    says = [c for c in held if c.finding == SAYS]
    into = sorted({c.citation.symbol for c in held})
    out = (
        f"The paper gives {len(found_checks)} pinpoint{'s' if len(found_checks) != 1 else ''} "
        f"(“para.”, “paras.”, “annex”); {len(held)} of them point into "
        f"{'a text' if len(into) == 1 else 'texts'} this book holds"
        + (f" ({', '.join(present.escape(s) for s in into)})" if into else "")
        + f", and {len(found_checks) - len(held)} into texts it does not hold."
    )
    if held:
        not_borne = [c for c in held if c.finding == NOT_BORNE]
        out += (
            f" Of the {len(held)} checked, the cited paragraph says what the paper says in {len(says)} and does not bear it out in {len(not_borne)}."
        )
        absent = len(held) - len(says) - len(not_borne)
        if absent:
            out += f" In {absent}, the held text has no paragraph of the number given."
    return out
