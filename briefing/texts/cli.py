"""``python -m briefing texts COMMAND``: the held texts from the command line.

- ``check``: hashes, every held text read, the data's dates against the texts (what the build runs);
- ``pages [--check]``: rewrite ``book/texts/`` from ``data/texts/`` (``make narrative`` runs it);
- ``fill-dates``: write the texts' dates into the blank date cells of ``data/`` (and add the series
  members the texts reveal), each sourced to the text and line;
- ``show FILE``: the reader's view of one text (symbol, adoption, paragraphs).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import ROOT
from ..data import DataError
from . import dates, pages, validate
from .reader import read_document


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    try:
        if command == "check":
            validate(ROOT)
            print("data/texts/ OK: every held text matches its sha256, reads, and agrees with the data's dates")
            return 0
        if command == "pages":
            return pages.main(rest)
        if command == "fill-dates":
            changes = dates.fill(ROOT)
            print("\n".join(changes) if changes else "no blank date that a held text states")
            return 0
        if command == "show" and rest:
            doc = read_document(Path(rest[0]))
            a = doc.adoption
            print(f"{doc.symbol}: {doc.title}\nadopted {a.date} ({a.meeting}); line {a.line}: {a.text}")
            for p in doc.paragraphs:
                print(f"{p.anchor:>7}  line {p.line:>4}  {p.full_text}")
            return 0
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    print(__doc__.strip(), file=sys.stderr)
    return 2
