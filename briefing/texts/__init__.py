"""The official texts the book carries (``data/texts/``) and a reader for UN resolutions.

Layer: with ``data``, ``seed`` and the finder (``symbols``); it imports nothing above them.

The held texts
--------------
``data/texts/texts.csv`` (the ``texts`` resource of ``data/datapackage.json``) lists every file
with its symbol, official address, corpus path, commit and sha256. :func:`held_texts` returns the
texts the book carries (``use`` = ``book``), each checked against its hash::

    from briefing import texts
    for held in texts.held_texts():          # root: the repository (default) or data/
        held.symbol, held.slug, held.path    # "A/RES/67/264", "a-res-67-264", .../A-RES-67-264.txt
        held.url, held.commit, held.sha256

A file whose bytes differ stops everything with the one-line :class:`briefing.data.DataError`::

    data/texts/A-RES-67-264.txt: expected sha256 df28c587… (data/texts/texts.csv, row 2), found sha256 0b1e…

(the hashes are written in full).

The reader
----------
:func:`read_document` reads one file into a :class:`Document`::

    doc = texts.read_document(held.path)
    doc.symbol                 # "A/RES/67/264"
    doc.title                  # "Cooperation between the United Nations and the Organization of Islamic Cooperation"
    doc.adoption.date          # datetime.date(2013, 5, 17)
    doc.adoption.meeting       # "82nd plenary meeting" (as printed)
    doc.adoption.line, doc.adoption.text   # 13, "Resolution adopted by the General Assembly on 17 May 2013"
    doc.preamble               # list[Paragraph], anchors pp-1, pp-2, ...
    doc.operative              # list[Paragraph]: number, text, subparagraphs (a), (b)..., line
    doc.operative[12].anchor   # "op-13"
    doc.footnotes, doc.annexes
    doc.paragraph("op-13")     # by anchor

The book's label of a paragraph is ``<slug>-<anchor>``: :func:`label` ("a-res-67-264", "op-13")
gives ``a-res-67-264-op-13``, the MyST target ``(a-res-67-264-op-13)=`` on the text's page under
``book/texts/``; link to it as ``[…](#a-res-67-264-op-13)`` or ``{ref}`a-res-67-264-op-13```.

Page furniture (job numbers ``12-49444``, barcodes ``*1249444*``, running heads, "Please recycle",
page numbers ``2/6``, footnote rules, form feeds) is removed and listed in
``Document.furniture``; every other word of the file is kept, in order (the tests hold this). An
operative number printed after its paragraph's first line is put back in front of it. A presidential
statement's paragraphs (no numbers) are in ``operative`` with anchors ``para-1``, ``para-2``... A
meeting record (S/PV.7050) is read only for its symbol, date and meeting; its lines are in
``Document.body``.

A text the reader cannot read (no adoption line, operative numbers out of order) raises
:class:`TextError`, a :class:`briefing.data.DataError` naming the file, the line and what was
expected::

    data/texts/A-RES-59-8.txt, line 126: expected operative paragraph 10, found "11."

Pages and dates
---------------
:mod:`briefing.texts.pages` writes one page per held text under ``book/texts/`` (``sync``),
:mod:`briefing.texts.dates` fills and checks the dates of ``data/`` from the texts
(``python -m briefing texts fill-dates``), :mod:`briefing.texts.links` gives the instruments
chapter its "text held" / "text not held in this book" links.
"""

from . import dates
from .document import Adoption, Annex, Document, Footnote, Line, Paragraph, SubParagraph
from .held import HeldText, held_texts, text_for
from .reader import TextError, label, read_document


def validate(root=None) -> None:
    """What the build's validation step runs: every held text matches its sha256 and reads, and
    every date ``data/`` states agrees with the texts. Raises :class:`briefing.data.DataError`."""
    for held in held_texts(root):
        read_document(held.path)
    dates.check(root)


__all__ = [
    "Adoption",
    "Annex",
    "Document",
    "Footnote",
    "HeldText",
    "Line",
    "Paragraph",
    "SubParagraph",
    "TextError",
    "held_texts",
    "label",
    "read_document",
    "text_for",
    "validate",
]
