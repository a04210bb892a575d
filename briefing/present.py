"""How tables and figures reach the book: MyST Markdown that renders alike in HTML and PDF.

A notebook cell returns Markdown (``list_table(...)``, ``figure(...)``); MyST-NB parses it as
part of the page (``nb_render_markdown_format: myst``), so tables become real tables in both
outputs (a docutils ``list-table``: LaTeX gets a ``longtable`` sized to the page) and figures are
numbered, captioned, with alt text, as SVG in the HTML and vector PDF in the LaTeX build (the
``.*`` in the figure path lets each builder take its best format).

Data never reaches the page as markup: every value goes through ``escape`` first, so a title
holding ``<script>`` shows as text (``escape``, ``link`` and ``NOT_CONFIRMED`` are
``briefing.markup``'s, named here too for the modules that reach them through ``present``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import BOOK_DIR
from .markup import NOT_CONFIRMED, escape, link

if TYPE_CHECKING:
    from IPython.display import Markdown

__all__ = ["NOT_CONFIRMED", "Column", "download", "downloads_line", "escape", "figure", "link", "list_table", "save_csv"]


def generated_dir() -> Path:
    """Where chapters write the files they generate (figures, CSV downloads).

    The build points this into its own folder (``set_generated_dir``) and stages the files under
    ``book/_generated/``; outside the build it is ``book/_generated/`` itself.
    """
    path = _settings["generated_dir"] or BOOK_DIR / "_generated"
    path.mkdir(parents=True, exist_ok=True)
    return path


_settings: dict[str, Path | None] = {"generated_dir": None}


def set_generated_dir(path: Path | None) -> None:
    """Called by the build inside a chapter's kernel: where this execution's files go."""
    _settings["generated_dir"] = Path(path) if path else None


GENERATED_URL = "_generated"  # as chapters in book/ refer to the generated files


@dataclass(frozen=True)
class Column:
    header: str
    width: int


# A date in a table never breaks: day, month and year are joined by no-break spaces (U+00A0).
_MONTH = "(January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE_SPACES = [(re.compile(rf"\b([0-9]{{1,2}}) {_MONTH}\b"), "\\1\u00a0\\2"), (re.compile(rf"\b{_MONTH} ([0-9]{{4}})\b"), "\\1\u00a0\\2")]


def keep_dates_whole(cell: str) -> str:
    """``cell`` with a no-break space inside every "14 September 2005" or "March 1970"."""
    for pattern, joined in _DATE_SPACES:
        cell = pattern.sub(joined, cell)
    return cell


# A file's path in a table (a ``source`` cell's "data/texts/S-PV-7050.txt, line 15") may break
# after each "/" in HTML (``<wbr>``: no character, nothing in the PDF): unbroken, one path held
# the after-meeting table 35 px wider than the column at 1280 px. Escaped already, a path begins
# a cell, follows a space or an escaped "(" (a link's target, unescaped inside <...>, never does),
# and ends in a file's extension; a document symbol ("S/2013/588") is no path and stays whole.
_PATH = re.compile(r"(?:(?<!\S)|(?<=\\\())(?:[A-Za-z0-9]|\\[-._])+(?:/(?:[A-Za-z0-9]|\\[-._])+)+\\\.(?:txt|md|csv|json)(?![A-Za-z0-9/])")


def let_paths_break(cell: str) -> str:
    """``cell`` (MyST) with a break opportunity after each "/" of a file's path."""
    return _PATH.sub(lambda m: m[0].replace("/", "/<wbr>"), cell)


def list_table(rows: Sequence[Sequence[str]], columns: Sequence[Column], caption: str, name: str) -> str:
    """A numbered MyST list-table; cells are Markdown already (escape data before)."""
    lines = [
        f"```{{list-table}} {caption}",
        ":header-rows: 1",
        f":name: {name}",
        ":widths: " + " ".join(str(c.width) for c in columns),
        ":class: longtable",
        "",
    ]
    for row in [[c.header for c in columns], *rows]:
        for i, cell in enumerate(row):
            cell_lines = let_paths_break(keep_dates_whole(str(cell))).split("\n")
            lines.append(("* - " if i == 0 else "  - ") + cell_lines[0])
            lines += ["    " + more for more in cell_lines[1:]]
    lines.append("```")
    return "\n".join(lines)


def save_csv(frame, stem: str) -> str:
    """Write ``frame`` as ``<stem>.csv`` among the generated files; return its book-relative path."""
    path = generated_dir() / f"{stem}.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    return f"{GENERATED_URL}/{stem}.csv"


def download(label: str, book_path: str) -> str:
    return f"{{download}}`{escape(label)} <{book_path}>`"


def downloads_line(book_path: str, what: str = "this table") -> str:
    return f"Download {what}: {download('CSV', book_path)}."


def figure(stem: str, caption: str, alt: str, source_line: str) -> Markdown:
    """A numbered figure of ``<stem>.svg``/``.pdf``/``.png`` among the generated files (written by
    ``briefing.figures``), with its source under it and the three files as downloads."""
    # IPython only here: the build's own process imports this module (through the narrative's
    # pinpoints) and never draws a figure; IPython's import was 0.7 s on the build's path
    from IPython.display import Markdown

    base = f"{GENERATED_URL}/{stem}"
    downloads = ", ".join(download(f"{kind}", f"{base}.{kind.lower()}") for kind in ("SVG", "PNG", "PDF"))
    return Markdown(
        "\n".join(
            [
                f"```{{figure}} {base}.*",
                f":name: fig-{stem}",
                f":alt: {escape_option(alt)}",
                ":width: 100%",
                "",
                f"{escape(caption)} *{escape(source_line)}* Download: {downloads}.",
                "```",
            ]
        )
    )


def escape_option(text: str) -> str:
    """A directive option value: one line, no markup interpretation needed."""
    return re.sub(r"\s+", " ", str(text)).strip()
