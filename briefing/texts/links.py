"""Links from the instruments chapter to the held texts: "full text in this book", or "text not held
in this book" and the official address.

``briefing.instruments`` calls :func:`text_link` for each instrument row; the target of a held
text is its page's label ``text-<slug>`` (``briefing.texts.pages``).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from . import held as held_module

__all__ = ["NOT_HELD", "held_symbols", "text_link", "text_target"]

NOT_HELD = "text not held in this book"


@lru_cache(maxsize=8)
def _held(root: str | None) -> dict[str, str]:
    return {h.symbol: h.slug for h in held_module.held_texts(root)}


def held_symbols(root: str | os.PathLike | None = None) -> dict[str, str]:
    """symbol -> slug of every held text (checked against its sha256)."""
    return dict(_held(None if root is None else str(Path(root).resolve())))


def text_target(symbol: str, root: str | os.PathLike | None = None) -> str | None:
    """``#text-<slug>`` for a held text, None otherwise."""
    slug = held_symbols(root).get(symbol)
    return f"#text-{slug}" if slug else None


def text_link(symbol: str, url: str | None = None, root: str | os.PathLike | None = None) -> str:
    """MyST for an instrument's text: a link to its page, or "text not held in this book" with
    a link out to ``url`` (the row's official address) when there is one."""
    target = text_target(symbol, root)
    if target:
        return f"[Full text in this book]({target})."
    if url and re.match(r"^https?://[^\s<>]+$", url):
        return f"Full text: {NOT_HELD}; [official text](<{url}>)."
    return f"Full text: {NOT_HELD}."
