"""The paper's words in the chapters, generated from ``seeds/`` and never typed by hand.

Each chapter under ``book/`` is a MyST-NB notebook. Wherever it carries the paper, it holds a
region between two markers::

    <!-- paper: para-4..para-6 -->
    ...generated MyST...
    <!-- /paper -->

``sync()`` rewrites every region from the seed (``python -m briefing narrative``; ``make book``
runs it first). Why generated regions and not a directive that pulls the seed in at build time:
a reader who opens a chapter in JupyterLab sees the paper's words beside the code cells, the
words go through MyST like any other text (headings, footnotes, labels, search), and the seed
stays the one source. ``check()`` reports chapters whose regions differ from what the seed gives,
and ``coverage()`` proves every block of the paper sits in exactly one region, in reading order.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from . import ROOT, book, glossary, pinpoints, seed
from .instruments import link_citations

REGION_RE = re.compile(
    r"(?P<open><!-- paper: (?P<first>[a-z0-9-]+)\.\.(?P<last>[a-z0-9-]+) -->\n)"
    r"(?P<body>.*?)"
    r"(?P<close><!-- /paper -->)",
    re.S,
)
LINK_RE = seed.MD_LINK_RE

# How the seed's citations are written in a chapter: a function of (block Markdown, block id)
# returning the Markdown with its links. The seed's own links (``[67/264](#)``) point nowhere;
# ``briefing.instruments.link_citations`` links every citation to its entry in the instruments
# chapter, and ``plain_citations`` keeps them as plain text. The book's own linker
# (``chapter_linker``) adds, after the citations, a link from the first use of each glossary term
# in the chapter to its entry (``briefing.glossary``); the words stay the seed's.
Linker = Callable[[str, str], str]


def plain_citations(markdown: str, block_id: str) -> str:
    return LINK_RE.sub(lambda m: m["text"], markdown)


def _inline(markdown: str, block_id: str, link: Linker) -> str:
    text = link(markdown, block_id)
    return seed.FOOTNOTE_REF_RE.sub(lambda m: f"[^{m['label']}]", text)


def _hard_breaks(markdown: str) -> str:
    return "\\\n".join(markdown.splitlines())


def render_block(block: seed.Block, link: Linker = plain_citations) -> str:
    md = _inline(block.markdown, block.id, link)
    if block.kind == "heading":
        return f"({block.id})=\n# {md}"
    if block.kind == "paragraph":
        return f"({block.id})=\n[¶{block.number}]{{.paranum}} {md}"
    if block.kind == "letter":
        return f"({block.id})=\n{md}"
    if block.kind == "questions":
        items = [f"- ({block.id[0]}{n})=\n  {line[2:]}" for n, line in enumerate(md.splitlines(), 1)]
        return f"({block.id})=\n" + "\n".join(items)
    if block.kind in ("masthead", "signature"):
        return _hard_breaks(md)
    if block.kind == "annex_subject":
        return f"**{md}**"
    if block.kind == "annex_byline":
        return f"*{md}*"
    return md  # letter_title (bold in the seed), annex_title


def render_span(paper: seed.Paper, first: str, last: str, link: Linker = plain_citations, after: Callable[[str], str] | None = None) -> str:
    """The blocks from ``first`` to ``last``; ``after(block id)`` gives what follows a block (the
    cited paragraphs of ``briefing.pinpoints``), set after the block and never inside its words."""
    blocks = paper.span(first, last)
    parts = []
    for b in blocks:
        parts.append(render_block(b, link))
        extra = after(b.id) if after is not None else ""
        if extra:
            parts.append(extra)
    for b in blocks:
        for label in b.footnotes:
            note = paper.footnotes[label]
            parts.append(f"[^{label}]: {_inline(note.markdown, note.id, link)}")
    return "\n\n".join(parts) + "\n"


def chapter_files(root: Path = ROOT) -> list[Path]:
    """The book's files in table-of-contents order, the root first (``book.chapter_files``), under ``root`` as given."""
    project = book.Project(root)
    return [Path(root) / path.relative_to(project.root) for path in book.chapter_files(project)]


def regions(text: str):
    return list(REGION_RE.finditer(text))


def chapter_linker(
    paper: seed.Paper, root: Path = ROOT, checks: list[pinpoints.Check] | None = None, entries: list[glossary.Entry] | None = None
) -> Linker:
    """The book's linker for one chapter: each citation to its entry in the instruments chapter
    and each pinpoint into a held text to the cited paragraph (``instruments.link_citations``),
    then the first use of each glossary term in the chapter to its entry (``briefing.glossary``).
    Make one per chapter: it remembers the terms already linked."""
    targets = pinpoints.pin_targets(pinpoints.book_checks(root) if checks is None else checks)
    return glossary.chapter_linker(partial(link_citations, pin_targets=targets), paper, glossary.load(root) if entries is None else entries)


def render_chapter(
    text: str,
    paper: seed.Paper,
    link: Linker | None = None,
    root: Path = ROOT,
    checks: list[pinpoints.Check] | None = None,
    entries: list[glossary.Entry] | None = None,
) -> str:
    """The chapter with its regions rewritten; without ``link``, the book's (``chapter_linker``),
    with each held paragraph the paper pinpoints shown after the citing paragraph. ``checks`` and
    ``entries`` (the book's pinpoint checks and glossary) are computed when not given."""
    after = None
    if link is None:
        checks = pinpoints.book_checks(root) if checks is None else checks
        link = chapter_linker(paper, root, checks, entries)
        after = partial(pinpoints.beside, found_checks=checks)
    return REGION_RE.sub(lambda m: m["open"] + render_span(paper, m["first"], m["last"], link, after) + m["close"], text)


def sync(root: Path = ROOT, write: bool = True) -> list[Path]:
    """Regenerate every region; return the chapters that changed (or would change)."""
    paper = seed.load(root / "seeds" / seed.PAPER_PATH.name)
    # the same for every chapter: checked and read once
    checks, entries = pinpoints.book_checks(root), glossary.load(root)
    changed = []
    for path in chapter_files(root):
        text = path.read_text(encoding="utf-8")
        new = render_chapter(text, paper, root=root, checks=checks, entries=entries)
        if new != text:
            changed.append(path)
            if write:
                path.write_text(new, encoding="utf-8")
    return changed


def coverage(root: Path = ROOT) -> list[str]:
    """Block ids of the paper in the order the book's regions carry them.

    Raises if a block is missing, repeated, or out of reading order.
    """
    paper = seed.load(root / "seeds" / seed.PAPER_PATH.name)
    carried: list[str] = []
    for path in chapter_files(root):
        for m in regions(path.read_text(encoding="utf-8")):
            carried += [b.id for b in paper.span(m["first"], m["last"])]
    expected = [b.id for b in paper.blocks if b.kind != "footnote"]
    if carried != expected:
        missing = [b for b in expected if b not in carried]
        extra = [b for b in carried if carried.count(b) > 1]
        raise ValueError(f"the chapters carry the paper's blocks {carried}; expected {expected} (missing {missing}, repeated {sorted(set(extra))})")
    return carried


def main(argv: list[str]) -> int:
    check = "--check" in argv
    changed = sync(write=not check)
    coverage()
    for path in changed:
        verb = "out of date" if check else "rewritten from the seed"
        print(f"{path.relative_to(ROOT)}: {verb}", file=sys.stderr if check else sys.stdout)
    return 1 if (check and changed) else 0
