"""Page furniture of a text extracted by pdftotext: job numbers, barcodes, "Please recycle",
page numbers, footnote rules and running heads, recognised line by line so that the reader can
set them aside without losing a word of the body."""

from __future__ import annotations

import re
from dataclasses import dataclass

# --------------------------------------------------------------------------------------------
# Page furniture
# --------------------------------------------------------------------------------------------
JOB = re.compile(r"\d{2}-\d{5}\*?(?: \(E\))?(?: \d{6})?")
BARCODE = re.compile(r"\*\d{7}\*")
RECYCLE = re.compile(r"Please rec ?y?cle|♲")
PAGE_NUMBER = re.compile(r"\d{1,3}/\d{1,3}")
RULE = re.compile(r"_{5,}")
DATE_CODE = re.compile(r"\d{6}")
BARE_NUMBER = re.compile(r"\d{1,3}")
# the PV's footers: a job number and a page number run together ("13-531913/22")
JOB_AND_PAGE = re.compile(r"\d{2}-\d{5}\d{1,3}/\d{1,3}")
SYMBOL_LINE = re.compile(r"(A/RES/\d+/\d+|S/RES/\d+ \(\d{4}\)|S/PRST/\d{4}/\d+|S/PV\.\d+)\*?")


def always_furniture(text: str) -> bool:
    return any(p.fullmatch(text) for p in (JOB, BARCODE, RECYCLE, PAGE_NUMBER, RULE, JOB_AND_PAGE))


@dataclass
class Raw:
    number: int
    text: str
    page: int


def raw_lines(raw: str) -> list[Raw]:
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    page, out = 1, []
    for i, text in enumerate(lines, start=1):
        if text.startswith("\f"):
            page += 1
        out.append(Raw(i, text.replace("\f", "").rstrip(" "), page))
    return out


def by_page(lines: list[Raw]) -> dict[int, list[Raw]]:
    """The lines of each page, in order, by page number."""
    pages: dict[int, list[Raw]] = {}
    for ln in lines:
        pages.setdefault(ln.page, []).append(ln)
    return pages


def running_heads(lines: list[Raw], symbol_lines: set[str]) -> set[int]:
    """Line numbers of running heads: the lines atop pages 2… that repeat on two pages or are the symbol."""
    tops = {p: [ln for ln in ls if ln.text][:3] for p, ls in by_page(lines).items() if p > 1}
    counts: dict[str, int] = {}
    for top in tops.values():
        for t in {ln.text for ln in top}:
            counts[t] = counts.get(t, 0) + 1
    heads = set()
    for top in tops.values():
        for ln in top:
            if counts[ln.text] >= 2 or ln.text in symbol_lines:
                heads.add(ln.number)
            else:
                break
    return heads


def page_feet(lines: list[Raw], taken: set[int]) -> set[int]:
    """Bare page numbers and date codes at the foot of a page (after its last body line)."""
    feet = set()
    for page, ls in by_page(lines).items():
        for ln in reversed(ls):
            if not ln.text or ln.number in taken:
                continue
            if BARE_NUMBER.fullmatch(ln.text) and int(ln.text) == page and page > 1:
                feet.add(ln.number)
                continue
            if DATE_CODE.fullmatch(ln.text) and page == 1:
                feet.add(ln.number)
                continue
            break
    return feet
