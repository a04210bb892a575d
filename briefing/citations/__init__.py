"""The UN citation finder: every citation in a text, with one canonical symbol each.

Cut by stage, each module importing only those before it:

- ``models``: ``Mention``, ``Pinpoint``, ``Context``, the kinds;
- ``grammar``: the regular expressions of the UN symbol grammar;
- ``find``: the scanner (``scan``) and one reader per citation shape;
- ``canonical``: one written citation to its symbol (``canonical``, ``kind_of``,
  ``undocs_url``, ``slug``);
- ``resolve``: the document's own context (``detect_context``), its meetings, self-references;
- ``pinpoints``: ``para. 13``, ``paras. 106-116``, ``annex III`` as structured fields;
- ``cli``: ``python -m briefing extract``.

``find_mentions(text, context=None)`` runs them in order. ``context`` is None (read the text
as it stands, as the book reads the paper's blocks), ``"auto"`` (read the document's masthead
with ``detect_context``), a symbol (``"A/RES/59/8"``: the document is that one) or a
``Context``.
"""

from __future__ import annotations

from . import pinpoints
from .canonical import canonical, kind_of, slug, undocs_url
from .find import scan
from .models import INFERRED, KINDS, PINPOINT_KINDS, RULES_OF_PROCEDURE, UNDOCS, Context, Mention, Pinpoint
from .resolve import detect_context, meetings, resolve

__all__ = [
    "INFERRED",
    "KINDS",
    "PINPOINT_KINDS",
    "RULES_OF_PROCEDURE",
    "UNDOCS",
    "Context",
    "Mention",
    "Pinpoint",
    "canonical",
    "context_of",
    "detect_context",
    "find_mentions",
    "kind_of",
    "meetings",
    "pinpoints",
    "resolve",
    "scan",
    "slug",
    "undocs_url",
]


def context_of(text: str, context: Context | str | None) -> Context | None:
    """The ``Context`` that ``find_mentions`` uses for ``context`` (see the module doc)."""
    if context is None or isinstance(context, Context):
        return context
    if context == "auto":
        return detect_context(text)
    return Context.of(canonical(context))


def find_mentions(text: str, context: Context | str | None = None) -> list[Mention]:
    """Every UN citation in ``text``, in text order, with ``text[start:end] == surface``.

    With no ``context`` the text is read as it stands: a citation that leaves its organ or
    session to the reader ("its resolution 1373", "40th plenary meeting") is not completed,
    and no mention is marked ``self``. Every mention carries its ``pinpoint`` when the text
    gives one.
    """
    ctx = context_of(text, context)
    mentions = resolve(text, scan(text, ctx.organ if ctx else None), ctx)
    return pinpoints.attach(text, mentions)
