"""What a citation is: ``Mention``, its ``Pinpoint``, and the ``Context`` of the document read.

These are plain frozen records; every other module of ``briefing.citations`` produces or reads
them. ``Mention`` keeps its first five fields in their old order (``symbol, kind, surface,
start, end``), so code that built or unpacked the old record still works; the fields added for
real documents (``self``, ``pinpoint``, ``inferred``, ``year_unknown``) have defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("sc_resolution", "ga_resolution", "prst", "meeting_record", "document", "draft", "charter", "rule")
RULES_OF_PROCEDURE = "S/96/Rev.7"  # Provisional Rules of Procedure of the Security Council
UNDOCS = "https://undocs.org/"

PINPOINT_KINDS = ("para", "annex", "sect", "chap", "footnote", "page")
INFERRED = ("", "organ", "session", "year")


@dataclass(frozen=True)
class Pinpoint:
    """Where inside the cited instrument the text points: ``para. 13``, ``paras. 106-116``.

    ``kind`` is one of ``PINPOINT_KINDS``; ``first`` and ``last`` are the numbers (a Roman
    annex, section or chapter number is given by its value: ``annex III`` -> 3, 3), equal for
    a single one, both None for a bare ``annex``; ``surface`` is the pinpoint as written and
    ``text[start:end] == surface``. ``as_dict()`` is the record written to JSONL, with the keys
    ``kind``, ``from``, ``to``, ``surface``, ``start``, ``end``.
    """

    kind: str
    first: int | None
    last: int | None
    surface: str
    start: int
    end: int

    def as_dict(self) -> dict:
        return {"kind": self.kind, "from": self.first, "to": self.last, "surface": self.surface, "start": self.start, "end": self.end}

    def label(self) -> str:
        """The pinpoint as the book writes it: ``para. 13``, ``paras. 106-116``, ``annex III``."""
        return self.surface


@dataclass(frozen=True)
class Mention:
    """One citation in a text.

    - ``symbol``: the canonical symbol (``S/RES/1963 (2010)``, ``A/RES/67/264``,
      ``A/67/280-S/2012/614``, ``UN Charter Art. 24``, ``S/96/Rev.7 rule 39``);
    - ``kind``: one of ``KINDS``;
    - ``surface``, ``start``, ``end``: the citation as written, ``text[start:end] == surface``;
    - ``self``: True when the symbol is the document's own (masthead, running head, the number
      before its title, its own meeting): callers listing what a document cites drop these;
    - ``pinpoint``: a ``Pinpoint`` when the text gives one right after (or, for ``paragraph N
      of resolution ...``, right before) the citation, else None;
    - ``inferred``: what the reader supplied that the citation itself does not say: ``""``
      (nothing), ``"organ"`` (the document's own organ: "its resolution 1373" in a Council text,
      "at its 5261st meeting"), ``"session"`` (the Assembly session of the document: "40th
      plenary meeting" -> ``A/59/PV.40``), ``"year"`` (a year in the same sentence: "resolution
      1373, adopted in 2001");
    - ``year_unknown``: True for a Council resolution whose year neither the citation nor the
      sentence gives (``S/RES/1373``): the finder keeps the number and never guesses the year.
    """

    symbol: str
    kind: str
    surface: str
    start: int
    end: int
    self: bool = False
    pinpoint: Pinpoint | None = None
    inferred: str = ""
    year_unknown: bool = False

    def as_record(self) -> dict:
        """The JSONL record: every field, ``pinpoint`` as ``Pinpoint.as_dict()`` or None."""
        return {
            "symbol": self.symbol,
            "kind": self.kind,
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
            "self": self.self,
            "pinpoint": self.pinpoint.as_dict() if self.pinpoint else None,
            "inferred": self.inferred,
            "year_unknown": self.year_unknown,
        }


_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def ordinal_value(words: str) -> int | None:
    """``Fifty-ninth`` -> 59, ``Seventy-third`` -> 73, ``Thirtieth`` -> 30; None otherwise."""
    w = words.strip().lower()
    if w in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[w]
    tens, _, unit = w.partition("-")
    if tens in _TENS and unit in _ORDINAL_WORDS and _ORDINAL_WORDS[unit] < 10:
        return _TENS[tens] + _ORDINAL_WORDS[unit]
    return None


_SESSION_OF = re.compile(r"A/(?:RES/)?(?P<s>\d{2,3})/")


@dataclass(frozen=True)
class Context:
    """The document being read: its own ``symbol``, its ``organ`` (``"ga"``/``"sc"``) and,
    for an Assembly text, its ``session`` (59 for A/RES/59/8, 30 for A/RES/3369 (XXX)).

    Any field may be None (unknown). ``Context.of(symbol)`` derives organ and session from a
    canonical symbol; ``briefing.citations.detect_context(text)`` reads them from a masthead.
    """

    symbol: str | None = None
    organ: str | None = None
    session: int | None = None

    @classmethod
    def of(cls, symbol: str, session: int | None = None) -> Context:
        """The context of a document whose canonical symbol is ``symbol``."""
        organ = {"A": "ga", "S": "sc"}.get(symbol[:1])
        if organ == "ga" and session is None:
            m = _SESSION_OF.match(symbol)
            if m:
                session = int(m["s"])
            else:
                roman = re.search(r"\((?P<r>[IVXLC]+)\)$", symbol)
                session = roman_value(roman["r"]) or None if roman else None
        return cls(symbol, organ, session)


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_OK = re.compile(r"(?=[IVXLC])C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


def roman_value(numeral: str) -> int:
    """Value of a well-formed Roman numeral, 0 when it is not one."""
    if not _ROMAN_OK.fullmatch(numeral):
        return 0
    total = 0
    for a, b in zip(numeral, numeral[1:] + " "):
        va, vb = _ROMAN_VALUES[a], _ROMAN_VALUES.get(b, 0)
        total += -va if va < vb else va
    return total
