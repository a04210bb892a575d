"""Read the concept paper S/2013/588 from ``seeds/`` into numbered blocks.

The seed is a Markdown rendering of a UN letter with an annex: a masthead, the letter of
transmittal and its signature, the annex title, then the concept paper's sections. This module
splits it into blocks in reading order, each with a stable ``id`` that chapters, tables and tests
use to point at it:

``masthead-1``.., ``letter-title``, ``letter-1``, ``letter-2``, ``signature``, ``annex-title``,
``annex-subject``, ``annex-byline``, ``heading-<slug>`` for each section, ``para-1``..``para-16``
for the concept paper's paragraphs (¶1..¶16), ``questions`` for the list under "Areas to be
explored" (items ``q1``..``q7``), ``footnote-a`` for footnotes.

A page break in the original splits ¶12 around footnote a; a block that starts in lower case
continues the paragraph before it, and the footnote is lifted out into its own block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import PAPER_PATH, markup
from .book import Project

FOOTNOTE_RE = re.compile(r"^\^(?P<label>[a-z])\s+(?P<text>.*)$", re.S)
FOOTNOTE_REF_RE = re.compile(r"\^(?P<label>[a-z])(?=\s|$)")
MD_LINK_RE = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<target>[^)]*)\)")


@dataclass(frozen=True)
class Block:
    id: str
    kind: str  # masthead, letter_title, letter, signature, annex_title, annex_subject,
    #            annex_byline, heading, paragraph, questions, footnote
    markdown: str  # the block's text exactly as in the seed (joined across a page break)
    number: int | None = None  # ¶ number for concept-paper paragraphs
    section: str | None = None  # the heading the block sits under
    items: tuple[str, ...] = field(default_factory=tuple)  # list items, for ``questions``

    @property
    def text(self) -> str:
        """The block as a reader sees it: Markdown markup and footnote markers removed."""
        return plain_text(self.markdown)

    @property
    def footnotes(self) -> list[str]:
        return FOOTNOTE_REF_RE.findall(self.markdown)


def plain_text(markdown: str) -> str:
    """Strip the seed's Markdown: links keep their text, escapes and emphasis go."""
    text = MD_LINK_RE.sub(lambda m: m["text"], markdown)
    text = FOOTNOTE_REF_RE.sub("", text)
    text = text.replace("\\(", "(").replace("\\)", ")")
    text = text.replace("**", "").replace("*", "")
    text = re.sub(r"^- ", "", text, flags=re.M)
    return text


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _is_heading(chunk: str) -> bool:
    """A section heading: one short line, capitalised, no closing punctuation."""
    return "\n" not in chunk and len(chunk) <= 40 and chunk[:1].isupper() and not chunk.rstrip().endswith((".", ":", "?", ")", "”"))


class SeedFormatError(ValueError):
    pass


@dataclass(frozen=True)
class Paper:
    path: Path
    source: str
    blocks: tuple[Block, ...]

    def block(self, block_id: str) -> Block:
        for b in self.blocks:
            if b.id == block_id:
                return b
        raise KeyError(f"{self.path.name} has no block {block_id!r}")

    def span(self, first: str, last: str) -> list[Block]:
        """Blocks from ``first`` to ``last`` inclusive, in reading order (footnotes excluded)."""
        ids = [b.id for b in self.blocks]
        i, j = ids.index(first), ids.index(last)
        if j < i:
            raise ValueError(f"block range {first}..{last} runs backwards")
        return [b for b in self.blocks[i : j + 1] if b.kind != "footnote"]

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    @property
    def footnotes(self) -> dict[str, Block]:
        return {b.id.removeprefix("footnote-"): b for b in self.blocks if b.kind == "footnote"}

    def reading_text(self) -> list[str]:
        """Every block's plain text in reading order, footnotes last."""
        body = [b for b in self.blocks if b.kind != "footnote"]
        out = []
        for b in body:
            out.extend(b.items) if b.kind == "questions" else out.append(b.text)
        return [plain_text(t) for t in out] + [b.text for b in self.footnotes.values()]


def parse(source: str, path: Path = PAPER_PATH) -> Paper:
    chunks = [c.strip("\n") for c in re.split(r"\n\s*\n", source) if c.strip()]
    blocks: list[Block] = []
    footnotes: list[Block] = []
    section: str | None = None
    in_annex = False
    masthead = letter = para = 0
    annex_lines: list[str] = []
    for chunk in chunks:
        fn = FOOTNOTE_RE.match(chunk)
        if fn:
            footnotes.append(Block(f"footnote-{fn['label']}", "footnote", fn["text"], section=section))
            continue
        if chunk[:1].islower() and blocks and blocks[-1].kind == "paragraph":
            prev = blocks.pop()  # the paper's page break fell inside this paragraph
            blocks.append(Block(prev.id, prev.kind, prev.markdown + " " + chunk, prev.number, prev.section))
            continue
        if chunk.startswith("Annex to the letter"):
            in_annex = True
        if not in_annex:
            if chunk.startswith("**Letter dated"):
                blocks.append(Block("letter-title", "letter_title", chunk))
            elif chunk.startswith("(Signed)"):
                blocks.append(Block("signature", "signature", chunk))
            elif any(b.kind == "letter_title" for b in blocks):
                letter += 1
                blocks.append(Block(f"letter-{letter}", "letter", chunk))
            else:
                masthead += 1
                blocks.append(Block(f"masthead-{masthead}", "masthead", chunk))
            continue
        if section is None and not (_is_heading(chunk) and annex_lines[2:]):
            annex_lines.append(chunk)
            kind = ("annex_title", "annex_subject", "annex_byline")[min(len(annex_lines), 3) - 1]
            blocks.append(Block(kind.replace("_", "-"), kind, chunk))
            continue
        if _is_heading(chunk):
            section = chunk
            blocks.append(Block(f"heading-{slugify(chunk)}", "heading", chunk, section=section))
        elif chunk.startswith("- "):
            items = tuple(line[2:] for line in chunk.splitlines())
            blocks.append(Block("questions", "questions", chunk, section=section, items=items))
        else:
            para += 1
            blocks.append(Block(f"para-{para}", "paragraph", chunk, para, section))
    refs = {label for b in blocks for label in b.footnotes}
    defined = {b.id.removeprefix("footnote-") for b in footnotes}
    if refs != defined:
        raise SeedFormatError(f"{path}: footnote markers {sorted(refs)} do not match footnotes {sorted(defined)}")
    return Paper(path, source, tuple(blocks + footnotes))


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> Paper:
    return parse(path.read_text(encoding="utf-8"), path)


def load(path: Project | Path | None = None) -> Paper:
    """The paper of a ``Project`` (or at ``path``; by default the package's), parsed (cached per file version)."""
    path = path.paper if isinstance(path, Project) else Path(path or PAPER_PATH)
    return _load(path, path.stat().st_mtime_ns)


# --- What the paper says of itself -----------------------------------------------------------------

_MEMBERSHIP = re.compile(r"With ((\d+) member States from (\w+) continents)")


@dataclass(frozen=True)
class MembershipClaim:
    """What ¶4 states of the OIC's membership ("With 57 member States from four continents")."""

    members: int
    continents: int
    words: str  # the paper's words, as a quotation carries them


def membership_claim(paper: Paper) -> MembershipClaim | None:
    """The membership ¶4 states, read from the seed; None when ¶4 no longer states it so."""
    match = _MEMBERSHIP.search(paper.block("para-4").text)
    continents = markup.number(match[3]) if match else None
    if not match or continents is None:
        return None
    return MembershipClaim(int(match[2]), continents, match[1])


def letter_date(paper: Paper) -> str | None:
    """The date of the letter of transmittal, as its title writes it ("3 October 2013")."""
    match = re.search(r"dated ([0-9]{1,2} [A-Z][a-z]+ [0-9]{4})", paper.block("letter-title").text)
    return match[1] if match else None


def theme(paper: Paper) -> str | None:
    """The meeting's theme, as the letter quotes it."""
    match = re.search(r"“([^”]+)”", paper.block("letter-1").text)
    return match[1] if match else None


def presiding(paper: Paper) -> str | None:
    """Who presents the paper, as the annex's byline names it ("Concept paper of Azerbaijan")."""
    match = re.fullmatch(r"Concept paper of (.+)", paper.block("annex-byline").text.strip())
    return match[1] if match else None


def speakers(paper: Paper) -> str | None:
    """Who ¶16 expects to address the meeting, in its words."""
    match = re.search(r"anticipated that (.+?) will address the meeting", paper.block("para-16").text)
    return match[1] if match else None


def questions(paper: Paper) -> list[str]:
    """The questions of "Areas to be explored", word for word as the seed gives them."""
    return [plain_text(item) for item in paper.block("questions").items]
