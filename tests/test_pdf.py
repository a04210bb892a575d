"""The built PDF read back: bookmarks, fonts, vector charts, nothing off the page.

* Outline: every chapter of ``_toc.yml`` (its title is the chapter page's ``<h1>`` in the built
  HTML) is a bookmark.
* Fonts: ``pdffonts`` says ``emb yes`` for every font.
* Charts are vector: ``pdfimages -list`` shows no raster image, except those on the documented
  allow-list ``RASTER_ALLOWED`` (empty: the charts are matplotlib PDFs, vector by construction).
* Nothing runs off the page: the LaTeX log (``_build/pdf/briefing-book.log``) has no
  ``Overfull \\hbox``/``\\vbox`` above ``OVERFULL_LIMIT_PT``; and ``pdftotext -bbox-layout`` puts
  every line of text inside the page and inside the text block (whose edges are read from the
  document itself: the left and right edges most lines share) give or take ``TEXT_BLOCK_SLACK_PT``.

The second half makes every check fail on purpose: small PDFs written by matplotlib (a raster
image, a font not embedded, a line too long) and LaTeX log lines in the real format.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import browser_support as bs
import pytest
import yaml

from briefing import ROOT

pytestmark = [pytest.mark.book, pytest.mark.pdf]

OVERFULL_LIMIT_PT = 5.0
TEXT_BLOCK_SLACK_PT = 5.0

#: Raster images tolerated in the PDF, each with its reason: {"page": n or None (any),
#: "max_width": px, "max_height": px, "why": "..."}. Empty: every chart must be vector.
RASTER_ALLOWED: list[dict] = []


def _tool(*args: str) -> str:
    if shutil.which(args[0]) is None:
        pytest.fail(f"{args[0]} is missing: run scripts/system-deps test (Debian's poppler-utils)")
    result = subprocess.run(list(args), capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed: {result.stderr}")
    return result.stdout


# --- Reading the PDF ------------------------------------------------------------------------------


def outline_titles(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title

    return list(walk(PdfReader(pdf).outline))


FONT_TYPES = re.compile(
    r"\s(?P<type>CID Type 0C? \(OT\)|CID Type 0C?|CID TrueType \(OT\)|CID TrueType|Type 1C \(OT\)|Type 1C?|Type 3"
    r"|TrueType \(OT\)|TrueType|unknown)$"
)


def parse_pdffonts(output: str) -> list[dict[str, str]]:
    """pdffonts' rows. The name may hold spaces and overflow its column, so each row is read from
    the right: object id (2), uni, sub, emb, encoding, then the type (a known phrase), then the name."""
    rows = []
    lines = output.splitlines()
    rule = next((i for i, line in enumerate(lines) if line.startswith("---")), None)
    for line in lines[rule + 1 :] if rule is not None else []:
        tokens = line.split()
        if not tokens:
            continue
        if len(tokens) < 8:
            rows.append({"name": line.strip(), "type": "?", "emb": "unparsed"})
            continue
        encoding, emb, sub, uni = tokens[-6:-2]
        prefix = " ".join(tokens[:-6])
        m = FONT_TYPES.search(" " + prefix)
        name, kind = (prefix[: m.start()].strip(), m["type"]) if m else (prefix, "?")
        rows.append({"name": name, "type": kind, "encoding": encoding, "emb": emb, "sub": sub, "uni": uni})
    return rows


def find_unembedded_fonts(fonts: list[dict[str, str]]) -> list[str]:
    return [f"{f['name']} ({f.get('type', '?')}): emb={f['emb']}" for f in fonts if f["emb"] != "yes"]


PDFIMAGES_COLUMNS = [
    "page",
    "num",
    "type",
    "width",
    "height",
    "color",
    "comp",
    "bpc",
    "enc",
    "interp",
    "object",
    "generation",
    "x-ppi",
    "y-ppi",
    "size",
    "ratio",
]


def parse_pdfimages(output: str) -> list[dict[str, str]]:
    """Rows of ``pdfimages -list`` (no value holds a space)."""
    lines = output.splitlines()
    rule = next((i for i, line in enumerate(lines) if line.startswith("---")), None)
    rows = []
    for line in lines[rule + 1 :] if rule is not None else []:
        if line.strip():
            rows.append(dict(zip(PDFIMAGES_COLUMNS, line.split())))
    return rows


def find_raster_images(images: list[dict[str, str]], allowed: list[dict] = RASTER_ALLOWED) -> list[str]:
    problems = []
    for img in images:
        page, width, height = int(img["page"]), int(img["width"]), int(img["height"])
        if any((a.get("page") in (None, page)) and width <= a["max_width"] and height <= a["max_height"] for a in allowed):
            continue
        problems.append(f"page {page}: raster {img['type']} {width}x{height} px ({img['color']}, {img['enc']}, {img.get('size', '?')})")
    return problems


OVERFULL = re.compile(r"^Overfull \\(?P<box>[hv]box) \((?P<pt>[\d.]+)pt too (?:wide|high)\)(?P<rest>.*)$")


def find_overfull_boxes(log: str, limit: float = OVERFULL_LIMIT_PT) -> list[str]:
    """``Overfull \\hbox (Xpt too wide)`` / ``\\vbox (too high)`` above ``limit``, with the material
    LaTeX printed after it (one line) so the report says what overflows."""
    lines = log.splitlines()
    problems = []
    for i, line in enumerate(lines):
        m = OVERFULL.match(line)
        if m and float(m["pt"]) > limit:
            context = lines[i + 1].strip() if i + 1 < len(lines) else ""
            problems.append(f"log line {i + 1}: {line.strip()} {context[:120]}")
    return problems


@dataclass
class TextLine:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def text_lines(bbox_layout: str) -> tuple[list[tuple[float, float]], list[TextLine]]:
    """Page sizes and every text line of ``pdftotext -bbox-layout`` output."""
    sizes, lines = [], []
    for number, chunk in enumerate(re.split(r"<page ", bbox_layout)[1:], start=1):
        size = re.match(r'width="([\d.]+)" height="([\d.]+)"', chunk)
        sizes.append((float(size[1]), float(size[2])))
        for m in re.finditer(r'<line xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</line>', chunk, re.S):
            words = re.findall(r"<word [^>]*>(.*?)</word>", m[5], re.S)
            lines.append(TextLine(number, *map(float, m.groups()[:4]), html.unescape(" ".join(words))))
    return sizes, lines


def text_block(lines: list[TextLine]) -> tuple[float, float] | None:
    """The left and right edges most lines share (justified body text), to the point."""
    if len(lines) < 10:
        return None
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    right = Counter(round(line.x1) for line in lines).most_common(1)[0][0]
    return float(left), float(right)


def find_text_outside(sizes, lines: list[TextLine], slack: float = TEXT_BLOCK_SLACK_PT) -> list[str]:
    problems = []
    block = text_block(lines)
    for line in lines:
        width, height = sizes[line.page - 1]
        where = f"page {line.page}: {line.text[:70]!r} at x {line.x0:.1f}..{line.x1:.1f}, y {line.y0:.1f}..{line.y1:.1f}"
        if line.x0 < 0 or line.y0 < 0 or line.x1 > width or line.y1 > height:
            problems.append(f"{where}: outside the page ({width:.0f}x{height:.0f} pt)")
        elif block and (line.x0 < block[0] - slack or line.x1 > block[1] + slack):
            problems.append(f"{where}: outside the text block x {block[0]:.0f}..{block[1]:.0f} (+-{slack:g} pt)")
    return problems


class _FirstH1(HTMLParser):
    """Text of the first <h1>, without its section number and its headerlink."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []
        self.done = False

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if self.done:
            return
        if tag == "h1":
            self.depth += 1
        elif self.depth and (self.skip or "headerlink" in cls or "section-number" in cls):
            self.skip += 1

    def handle_endtag(self, tag):
        if self.done:
            return
        if tag == "h1" and self.depth:
            self.depth -= 1
            self.done = not self.depth
        elif self.depth and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip and not self.done:
            self.parts.append(data)


def html_title(page: Path) -> str:
    parser = _FirstH1()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join("".join(parser.parts).split())


def toc_chapters(toc: dict) -> list[str]:
    """Every ``file:`` below the root of _toc.yml (chapters and their sections), in order."""
    return bs.toc_files(toc)[1:] if "root" in toc else bs.toc_files(toc)


def _same(a: str, b: str) -> bool:
    norm = lambda s: " ".join(s.replace("’", "'").replace("“", '"').replace("”", '"').split()).casefold()  # noqa: E731
    return norm(a) == norm(re.sub(r"^\d+(\.\d+)*\.?\s+", "", b)) or norm(a) == norm(b)


def find_missing_bookmarks(titles: list[str], bookmarks: list[str]) -> list[str]:
    return [t for t in titles if not any(_same(t, b) for b in bookmarks)]


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_MONTH = "(?:" + "|".join(MONTHS) + ")"
#: A line that ends inside a date (its year, or its month and year, on the next line) ...
DATE_HEAD = re.compile(rf"(?:\b\d{{1,2}}(?:[\u2013-]\d{{1,2}})?\s+{_MONTH}|\b\d{{1,2}}(?:[\u2013-]\d{{1,2}})?)$")
#: ... and the next line that starts with the rest of it.
DATE_TAIL = re.compile(rf"^(?:\d{{4}}\b|{_MONTH}\s+\d{{4}}\b)")
#: A month hyphenated at the end of a line ("13 Decem-" over "ber 2018"): its two parts.
MONTH_HEAD = re.compile(r"\b\d{1,2}(?:[\u2013-]\d{1,2})?\s+([A-Z][a-z]+)-$")
MONTH_TAIL = re.compile(r"^([a-z]+)\s+\d{4}\b")
#: A table cell is a text block narrower than this share of the text block (body paragraphs
#: run the full measure).
CELL_SHARE = 0.6
#: A chapter's opening: from the last line above its heading (or the top of the text area) to
#: its first line of text, at most this share of the page's height.
OPENING_SHARE = 1 / 3


@dataclass
class TextBlock:
    page: int
    x0: float
    x1: float
    lines: list[TextLine]


def text_blocks(bbox_layout: str) -> list[TextBlock]:
    """Every ``<block>`` of ``pdftotext -bbox-layout`` output, with its lines."""
    blocks = []
    for number, chunk in enumerate(re.split(r"<page ", bbox_layout)[1:], start=1):
        for b in re.finditer(r'<block xMin="([-\d.]+)" yMin="[-\d.]+" xMax="([-\d.]+)" yMax="[-\d.]+">(.*?)</block>', chunk, re.S):
            _, lines = text_lines(f'<page width="1" height="1">{b[3]}')
            for line in lines:
                line.page = number
            blocks.append(TextBlock(number, float(b[1]), float(b[2]), lines))
    return blocks


def find_split_dates(blocks: list[TextBlock], measure: float) -> list[str]:
    """Dates in table cells (blocks narrower than ``CELL_SHARE`` of ``measure``) broken across
    two lines: "14 September" over "2005", "14" over "September 2005", or "14 Septem-" over
    "ber 2005"."""
    problems = []
    for block in blocks:
        if block.x1 - block.x0 >= CELL_SHARE * measure:
            continue
        for above, below in zip(block.lines, block.lines[1:]):
            head, tail = DATE_HEAD.search(above.text), DATE_TAIL.match(below.text)
            month_head, month_tail = MONTH_HEAD.search(above.text), MONTH_TAIL.match(below.text)
            if (head and tail and (MONTHS_IN(head[0]) or MONTHS_IN(tail[0]))) or (
                month_head and month_tail and month_head[1] + month_tail[1] in MONTHS
            ):
                problems.append(f"page {block.page}: {above.text[-30:]!r} / {below.text[:30]!r}")
    return problems


def MONTHS_IN(text: str) -> bool:  # noqa: N802 - reads as the question it asks
    return any(m in text for m in MONTHS)


def toc_top_chapters(toc: dict) -> list[str]:
    """The ``file:`` of every chapter (not section) of _toc.yml, in order."""
    return [c["file"] for part in toc.get("parts", [{"chapters": toc.get("chapters", [])}]) for c in part.get("chapters", [])]


def find_tall_openings(sizes, lines: list[TextLine], titles: list[str], share: float = OPENING_SHARE) -> list[str]:
    """Chapters whose opening (the white above the heading, the heading, the white below it, up
    to the chapter's first line) is taller than ``share`` of the page, or that are not found.

    A heading is a line "N Title" set at least 1.3 times as tall as the body's usual line; the
    running heads and feet (the topmost and the lowest line most pages share) are not content."""
    body = Counter(round(ln.y1 - ln.y0) for ln in lines).most_common(1)[0][0]
    tops = Counter(round(min(ln.y0 for ln in lines if ln.page == p)) for p in {ln.page for ln in lines})
    head_y = tops.most_common(1)[0][0]
    bottoms = Counter(round(max(ln.y0 for ln in lines if ln.page == p)) for p in {ln.page for ln in lines})
    foot_y = bottoms.most_common(1)[0][0]  # the page numbers
    content = [ln for ln in lines if head_y + 2 < round(ln.y0) < foot_y - 2]
    text_top = min(ln.y0 for ln in content)
    problems = []
    for number, title in enumerate(titles, start=1):
        wanted = f"{number} {' '.join(title.split())}".casefold()
        found = [ln for ln in content if " ".join(ln.text.split()).casefold() == wanted and ln.y1 - ln.y0 >= 1.3 * body]
        if not found:
            problems.append(f"chapter {number} {title!r}: no heading line {wanted!r} in the PDF")
            continue
        heading = found[0]
        page = [ln for ln in content if ln.page == heading.page]
        # display lines above the heading (a "CHAPTER 3" block) belong to the opening
        above = [ln.y1 for ln in page if ln.y1 <= heading.y0 + 0.5 and ln.y1 - ln.y0 < 1.3 * body]
        heads = [ln.y1 for ln in lines if ln.page == heading.page and round(ln.y0) <= head_y + 2]
        below = [ln.y0 for ln in page if ln.y0 >= heading.y1 - 0.5 and ln is not heading]
        if not below:
            problems.append(f"page {heading.page}: chapter {number} {title!r} opens at the foot of the page, its text on the next")
            continue
        start = max(above) if above else max(heads) if heads else text_top
        tall = min(below) - start
        height = sizes[heading.page - 1][1]
        if tall > share * height:
            problems.append(
                f"page {heading.page}: chapter {number} {title!r} opens over {tall:.0f} pt, more than {share:.2f} of the page ({height:.0f} pt)"
            )
    return problems


# --- Fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chapter_titles(built_book) -> dict[str, str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    titles = {}
    for file in toc_chapters(toc):
        stem = re.sub(r"\.(md|ipynb|rst)$", "", file)
        page = built_book.html / f"{stem}.html"
        assert page.exists(), f"{file} in _toc.yml has no page {page}"
        titles[file] = html_title(page)
        assert titles[file], f"{page} has no <h1>"
    return titles


# --- The built PDF --------------------------------------------------------------------------------


def test_outline_lists_every_toc_chapter(built_book, chapter_titles):
    bookmarks = outline_titles(built_book.pdf)
    missing = find_missing_bookmarks(list(chapter_titles.values()), bookmarks)
    assert missing == [], f"chapters without a bookmark: {missing}; bookmarks: {bookmarks}"


def test_every_font_embedded(built_book):
    fonts = parse_pdffonts(_tool("pdffonts", str(built_book.pdf)))
    assert fonts, "pdffonts listed no font"
    assert find_unembedded_fonts(fonts) == []


def test_charts_are_vector_no_raster_images(built_book):
    problems = find_raster_images(parse_pdfimages(_tool("pdfimages", "-list", str(built_book.pdf))))
    assert problems == [], "raster images in the PDF (charts must be vector; see RASTER_ALLOWED):\n" + "\n".join(problems)


def test_no_overfull_box_in_the_latex_log(built_book):
    log = built_book.pdf.with_suffix(".log")
    assert log.exists(), f"{log} is missing: the build copies LaTeX's log next to the PDF"
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "Output written on" in text or "pages" in text, "the log is not a LaTeX log"
    problems = find_overfull_boxes(text)
    assert problems == [], f"overfull boxes above {OVERFULL_LIMIT_PT} pt:\n" + "\n".join(problems)


def test_text_stays_inside_the_page_and_the_text_block(built_book):
    sizes, lines = text_lines(_tool("pdftotext", "-bbox-layout", str(built_book.pdf), "-"))
    assert lines and text_block(lines), "no text read back from the PDF"
    problems = find_text_outside(sizes, lines)
    assert problems == [], "\n".join(problems[:40])


# --- Each check fails on a broken PDF or log ------------------------------------------------------

A4 = (595.28 / 72, 841.89 / 72)


def _matplotlib_pdf(path: Path, draw, **rc) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(rc):
        fig = plt.figure(figsize=A4)
        draw(fig)
        fig.savefig(path, format="pdf")
        plt.close(fig)
    return path


def _body(fig, extra=()):
    """Forty lines of 'body text' flush left at 72 pt and flush right at 523 pt, like a book page."""
    w, h = 595.28, 841.89
    for i in range(40):
        y = 1 - (80 + i * 16) / h
        fig.text(72 / w, y, "Left" + " aligned" * (i % 5), ha="left", va="baseline", fontsize=10)
        fig.text(523.28 / w, y - 8 / h, "right" + " flush" * (i % 7), ha="right", va="baseline", fontsize=10)
    for x, y, text in extra:
        fig.text(x / w, 1 - y / h, text, ha="left", va="baseline", fontsize=10)


def test_text_check_fails_on_a_line_past_the_margin_and_off_the_page(tmp_path):
    good = _matplotlib_pdf(tmp_path / "good.pdf", _body)
    sizes, lines = text_lines(_tool("pdftotext", "-bbox-layout", str(good), "-"))
    assert text_block(lines) == (72.0, 523.0) and find_text_outside(sizes, lines) == []
    wide = "A table cell that runs into the right margin by far"
    bad = _matplotlib_pdf(tmp_path / "bad.pdf", lambda fig: _body(fig, [(300, 760, wide), (540, 780, "Offpage words run beyond the paper edge")]))
    sizes, lines = text_lines(_tool("pdftotext", "-bbox-layout", str(bad), "-"))
    problems = find_text_outside(sizes, lines)
    assert len(problems) == 2, problems
    assert "runs into the right margin" in problems[0] and "outside the text block x 72..523" in problems[0]
    assert "outside the page" in problems[1]  # pdftotext keeps only the glyphs still on the paper


def test_text_check_fails_on_text_outside_the_page_box():
    sizes = [(100.0, 100.0)]
    lines = [TextLine(1, 10, 10, 120, 20, "too wide"), TextLine(1, 10, 90, 50, 101, "too low"), TextLine(1, 10, 40, 90, 50, "fine")]
    problems = find_text_outside(sizes, lines)
    assert len(problems) == 2 and "too wide" in problems[0] and "too low" in problems[1], problems


def test_font_check_fails_on_a_font_not_embedded(tmp_path):
    pdf = _matplotlib_pdf(tmp_path / "core14.pdf", lambda fig: fig.text(0.1, 0.5, "Helvetica, not embedded"), **{"pdf.use14corefonts": True})
    problems = find_unembedded_fonts(parse_pdffonts(_tool("pdffonts", str(pdf))))
    assert problems and "Helvetica" in problems[0] and "emb=no" in problems[0], problems


def test_font_parser_reads_names_with_spaces():
    out = (
        "name                                 type              encoding         emb sub uni object ID\n"
        "------------------------------------ ----------------- ---------------- --- --- --- ---------\n"
        "ABCDEF+Free Serif Bold               CID Type 0C       Identity-H       yes yes yes      4  0\n"
        "Helvetica                            Type 1            WinAnsi          no  no  no       7  0\n"
    )
    fonts = parse_pdffonts(out)
    assert [f["name"] for f in fonts] == ["ABCDEF+Free Serif Bold", "Helvetica"]
    assert find_unembedded_fonts(fonts) == ["Helvetica (Type 1): emb=no"]


def test_raster_check_fails_on_a_bitmap_chart(tmp_path):
    import numpy as np

    pdf = _matplotlib_pdf(tmp_path / "raster.pdf", lambda fig: fig.add_subplot().imshow(np.arange(400.0).reshape(20, 20)))
    images = parse_pdfimages(_tool("pdfimages", "-list", str(pdf)))
    problems = find_raster_images(images)
    assert len(problems) == 1 and "page 1: raster image" in problems[0], problems
    assert find_raster_images(images, [{"page": None, "max_width": 5000, "max_height": 5000, "why": "test"}]) == []
    assert find_raster_images(images, [{"page": 2, "max_width": 5000, "max_height": 5000, "why": "test"}]) == problems
    vector = _matplotlib_pdf(tmp_path / "vector.pdf", lambda fig: fig.add_subplot().plot([1, 3, 2]))
    assert find_raster_images(parse_pdfimages(_tool("pdfimages", "-list", str(vector)))) == []


LOG = r"""
Underfull \hbox (badness 10000) in paragraph at lines 391--393
[]\TU/FreeSerif(0)/m/n/10 x
Overfull \hbox (1.24pt too wide) in paragraph at lines 400--401
[]\TU/FreeSerif(0)/m/n/10 small
Overfull \hbox (38.5pt too wide) in alignment at lines 512--530
 [] [] []
Overfull \vbox (12.0pt too high) has occurred while \output is active
"""


def test_overfull_check_fails_above_the_limit_only():
    problems = find_overfull_boxes(LOG)
    assert len(problems) == 2, problems
    assert "38.5pt too wide" in problems[0] and "alignment at lines 512--530" in problems[0]
    assert "log line 6" in problems[0] and "\\vbox (12.0pt too high)" in problems[1]
    assert find_overfull_boxes(LOG, limit=50) == []


def test_outline_check_fails_on_a_missing_chapter(built_book, chapter_titles, tmp_path):
    bookmarks = outline_titles(built_book.pdf)
    assert find_missing_bookmarks(list(chapter_titles.values()) + ["A chapter not in the PDF"], bookmarks) == ["A chapter not in the PDF"]
    blank = _matplotlib_pdf(tmp_path / "no-outline.pdf", lambda fig: None)
    assert find_missing_bookmarks(list(chapter_titles.values()), outline_titles(blank)) == list(chapter_titles.values())


def test_titles_match_numbered_bookmarks_and_html_headings(tmp_path):
    assert find_missing_bookmarks(["How the paper’s “ibid.” are read"], ['2.1 How the paper\'s "ibid." are read']) == []
    page = tmp_path / "x.html"
    page.write_text('<h1><span class="section-number">3. </span>Background<a class="headerlink" href="#b">#</a></h1><h1>Other</h1>')
    assert html_title(page) == "Background"
    toc = {"root": "book/index", "parts": [{"chapters": [{"file": "book/a", "sections": [{"file": "book/a1"}]}]}]}
    assert toc_chapters(toc) == ["book/a", "book/a1"]


# --- Set like a briefing: whole dates, compact chapter openings -----------------------------------


@pytest.fixture(scope="module")
def layout_text(built_book) -> str:
    return _tool("pdftotext", "-bbox-layout", str(built_book.pdf), "-")


def test_no_date_in_a_table_is_split_from_its_year(layout_text):
    sizes, lines = text_lines(layout_text)
    left, right = text_block(lines)
    blocks = text_blocks(layout_text)
    cells = [b for b in blocks if b.x1 - b.x0 < CELL_SHARE * (right - left)]
    assert any(re.search(rf"\d{{1,2}}\s+{_MONTH}\s+\d{{4}}", ln.text) for b in cells for ln in b.lines), "no dated table cell read back"
    problems = find_split_dates(blocks, right - left)
    assert problems == [], "dates broken across lines in table cells:\n" + "\n".join(problems)


def test_each_chapter_opening_takes_at_most_a_third_of_a_page(layout_text, built_book, chapter_titles):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    titles = [chapter_titles[f] for f in toc_top_chapters(toc)]
    sizes, lines = text_lines(layout_text)
    problems = find_tall_openings(sizes, lines, titles)
    assert problems == [], "\n".join(problems)


def _page(fig, rows):
    """Text at (x, y from the top, size) on an A4 page: a running head first, then ``rows``."""
    w, h = 595.28, 841.89
    fig.text(57 / w, 1 - 40 / h, "3 Background", fontsize=8, va="baseline")
    for x, y, size, text in rows:
        fig.text(x / w, 1 - y / h, text, fontsize=size, va="baseline")


def _body_rows(y0, n=30, x=57):
    return [(x, y0 + i * 12, 9, "Body text of the chapter runs on and on" + " more" * (i % 4)) for i in range(n)]


def test_opening_check_fails_on_a_half_page_chapter_block(tmp_path):
    compact = _matplotlib_pdf(
        tmp_path / "compact.pdf",
        lambda fig: _page(fig, [(57, 80, 9, "The end of the last chapter.")] + [(57, 120, 18, "3 Background")] + _body_rows(150)),
    )
    sizes, lines = text_lines(_tool("pdftotext", "-bbox-layout", str(compact), "-"))
    assert find_tall_openings(sizes, lines, ["Letter", "Introduction", "Background"])[2:] == []
    sonny = _matplotlib_pdf(
        tmp_path / "sonny.pdf", lambda fig: _page(fig, [(400, 200, 14, "CHAPTER 3"), (57, 300, 18, "3 Background")] + _body_rows(420, 30))
    )
    sizes, lines = text_lines(_tool("pdftotext", "-bbox-layout", str(sonny), "-"))
    problems = find_tall_openings(sizes, lines, ["Letter", "Introduction", "Background"])
    assert len(problems) == 3 and "no heading line '1 letter'" in problems[0], problems
    assert "chapter 3 'Background' opens over" in problems[2] and "more than 0.33 of the page" in problems[2], problems


def test_split_date_check_fails_on_a_date_broken_in_a_narrow_cell(tmp_path):
    def cells(fig, broken):
        _page(
            fig,
            _body_rows(80, 10)
            + ([(57, 240, 9, "14 September"), (57, 251, 9, "2005")] if broken else [(57, 240, 9, "14 September 2005")])
            + [(150, 240, 9, "S/RES/1624 (2005)"), (300, 240, 9, "Threats to international peace")],
        )

    measure = 400.0
    whole = _matplotlib_pdf(tmp_path / "whole.pdf", lambda fig: cells(fig, False))
    assert find_split_dates(text_blocks(_tool("pdftotext", "-bbox-layout", str(whole), "-")), measure) == []
    broken = _matplotlib_pdf(tmp_path / "broken.pdf", lambda fig: cells(fig, True))
    problems = find_split_dates(text_blocks(_tool("pdftotext", "-bbox-layout", str(broken), "-")), measure)
    assert problems == ["page 1: '14 September' / '2005'"], problems
    blocks = [TextBlock(1, 0, 50, [TextLine(1, 0, 0, 50, 9, "adopted on 3"), TextLine(1, 0, 11, 50, 20, "March 2008 by")])]
    assert find_split_dates(blocks, measure) == ["page 1: 'adopted on 3' / 'March 2008 by'"]
    hyphenated = [TextBlock(1, 0, 50, [TextLine(1, 0, 0, 50, 9, "13 Decem-"), TextLine(1, 0, 11, 50, 20, "ber 2018 by")])]
    assert find_split_dates(hyphenated, measure) == ["page 1: '13 Decem-' / 'ber 2018 by'"]
    hyphenated[0].lines[0].text = "13 Rem-"  # a word, not a month
    assert find_split_dates(hyphenated, measure) == []
    blocks[0].x1 = 390  # a body paragraph, not a cell: not this check's business
    assert find_split_dates(blocks, measure) == []
