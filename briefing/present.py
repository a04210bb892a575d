"""How tables and figures reach the book: MyST Markdown that renders alike in HTML and PDF.

A notebook cell returns Markdown (``list_table(...)``, ``figure(...)``); MyST-NB parses it as
part of the page (``nb_render_markdown_format: myst``), so tables become real tables in both
outputs (a docutils ``list-table``: LaTeX gets a ``longtable`` sized to the page) and figures are
numbered, captioned, with alt text, as SVG in the HTML and vector PDF in the LaTeX build (the
``.*`` in the figure path lets each builder take its best format).

Data never reaches the page as markup: every value goes through ``escape`` first, so a title
holding ``<script>`` shows as text.
"""
from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from IPython.display import Markdown

from . import BOOK_DIR

NOT_CONFIRMED = "not confirmed"
# Characters that mean something to MyST (CommonMark + roles, targets, tables, raw HTML).
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&])")


def escape(value: object) -> str:
    """Plain text for a MyST cell: blanks read "not confirmed", markup characters are escaped."""
    if value is None or (isinstance(value, float) and value != value):
        return NOT_CONFIRMED
    text = re.sub(r"\s+", " ", str(value)).strip()
    return _SPECIAL.sub(r"\\\1", text) if text else NOT_CONFIRMED


def link(text: str, target: str) -> str:
    """A Markdown link; ``target`` is an http(s) address or a ``#label`` made by the package."""
    if not re.match(r"^(https?://|#)[^\s<>]+$", target):
        raise ValueError(f"refusing link target {target!r}: expected an http(s) address or #label")
    return f"[{escape(text)}](<{target}>)"  # <...> keeps parentheses in the address


def generated_dir() -> Path:
    """Where chapters write the files they generate (figures, CSV downloads).

    The build points this into its execution records (``BRIEFING_GENERATED_DIR``) and stages the
    files under ``book/_generated/``; outside the build it is ``book/_generated/`` itself.
    """
    path = Path(os.environ.get("BRIEFING_GENERATED_DIR") or BOOK_DIR / "_generated")
    path.mkdir(parents=True, exist_ok=True)
    return path


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
            cell_lines = keep_dates_whole(str(cell)).split("\n")
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


def figure(fig, stem: str, caption: str, alt: str, source_line: str) -> Markdown:
    """Save ``fig`` as SVG, PDF and PNG; show it as a numbered figure with its source under it."""
    from . import style

    style.save_figure(fig, generated_dir() / stem)
    import matplotlib.pyplot as plt

    plt.close(fig)
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
