"""The build's first steps on the inputs: validate ``data/`` and the held texts, rewrite the paper's
regions and the texts' pages. This module imports the package's readers (``data``, ``narrative``,
``texts``: about 0.3 s; never pandas, which only the chapters' kernels need), so ``pipeline``
imports it only once the kernels' fork server and Jupyter Book are started
(``pipeline._build_locked``).
"""

from __future__ import annotations

from pathlib import Path

from .. import data, narrative
from ..texts import pages as text_pages
from ..texts import validate as validate_texts
from .chapters import is_notebook
from .errors import BuildError, log
from .layout import Layout


def validate_data(layout: Layout) -> None:
    try:
        data.validate(layout.root / "data", cache=layout.build / ".data-contract")
        validate_texts(layout.root / "data")  # held texts: sha256, readable, dates agree with data/
    except (data.DataError, ValueError) as error:
        raise BuildError(str(error)) from None


def sync_narrative(layout: Layout) -> list[Path]:
    try:
        changed = narrative.sync(layout.root)
        for path in changed:
            log(f"{layout.rel(path)}: paper regions rewritten from the seed")
        narrative.coverage(layout.root)
        text_pages.sync(layout.root)  # book/texts/ rewritten from data/texts/ (briefing.texts.pages)
    except (data.DataError, ValueError, KeyError) as error:
        raise BuildError(f"narrative: {error}") from None
    notebooks = []
    for chapter in narrative.chapter_files(layout.root):
        try:
            if is_notebook(chapter):
                notebooks.append(chapter)
        except ValueError as error:  # its front matter, at the line it names
            raise BuildError(f"{layout.rel(chapter)}{error}") from None
    return notebooks
