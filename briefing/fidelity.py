"""Hold the built book against the seed: every sentence of the paper, in order, word for word.

Used by the tests on the built HTML and on the PDF's text. Normalisation forgives only what
typesetting changes (white space, curly quotes, dashes, soft hyphens); a dropped, added or altered
word inside a sentence makes that sentence missing.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

from . import seed

QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "‑": "-", "−": "-"})
# A sentence ends at . ? ! (possibly inside a closing quote or bracket) before a capital letter.
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"“(])")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").translate(QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def squash(text: str) -> str:
    """For PDF text: LaTeX breaks lines inside words and URLs, so drop spaces and hyphens too."""
    return re.sub(r"[\s\-]+", "", normalise(text))


def sentences(paper: seed.Paper) -> list[str]:
    """The paper's body sentences in reading order (footnotes apart: see ``footnote_texts``)."""
    body = paper.reading_text()[: -len(paper.footnotes) or None]
    out = []
    for block in body:
        out += [s for s in SENTENCE_END.split(normalise(block)) if s]
    return out


def footnote_texts(paper: seed.Paper) -> list[str]:
    return [normalise(b.text) for b in paper.footnotes.values()]


def missing_in_order(haystack: str, needles: list[str]) -> list[str]:
    """Needles not found in ``haystack`` after the previous needle that was found."""
    missing, position = [], 0
    for needle in needles:
        found = haystack.find(needle, position)
        if found < 0:
            missing.append(needle)
        else:
            position = found + len(needle)
    return missing


BLOCKS = "p, li, dt, dd, h1, h2, h3, h4, h5, h6, div, td, th, br, caption, figcaption"


def html_text(html_dir: Path, pages: list[str]) -> str:
    """The article text of the given pages (paths relative to the HTML root), in order."""
    from bs4 import BeautifulSoup

    texts = []
    for page in pages:
        soup = BeautifulSoup((html_dir / page).read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article") or soup.body
        for junk in article.select("script, style, a.headerlink, .toggle-details"):
            junk.decompose()
        for block in article.select(BLOCKS):
            block.append("\n")
        texts.append(article.get_text(""))
    return normalise(" ".join(texts))


def pdf_text(pdf: Path, top: float = 60, bottom: float = 780) -> str:
    """The PDF's body text, page by page, without running headers and page numbers.

    ``top`` and ``bottom`` are the y limits (points from the top of an A4 page) of the text block:
    Sphinx's LaTeX puts the running header near 35 pt and the page number near 792 pt.
    """
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
    out = []
    for page in range(1, pages + 1):
        out.append(
            subprocess.run(
                ["pdftotext", "-f", str(page), "-l", str(page), "-x", "0", "-y", str(top), "-W", "600", "-H", str(bottom - top), str(pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    return normalise("\n".join(out))


def check_html_text(text: str, paper: seed.Paper) -> list[str]:
    """Sentences of the paper (and footnotes) missing from the HTML's text, or out of order."""
    missing = missing_in_order(text, sentences(paper))
    return missing + [f for f in footnote_texts(paper) if f not in text]


def check_pdf_text(text: str, paper: seed.Paper) -> list[str]:
    """Sentences missing from the PDF's text, or out of order (footnotes lifted out first)."""
    squashed = squash(text)
    notes = footnote_texts(paper)
    missing_notes = [n for n in notes if squash(n) not in squashed]
    for note in notes:  # the note and its number, wherever the page broke
        squashed = re.sub(r"\d*" + re.escape(squash(note)), "", squashed)
    originals = sentences(paper)
    missing = set(missing_in_order(squashed, [squash(s) for s in originals]))
    return [s for s in originals if squash(s) in missing] + missing_notes
