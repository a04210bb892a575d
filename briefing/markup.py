"""The bottom layer: how a value from the data becomes MyST a page can carry.

Nothing here knows the book, the data files or the paper: it escapes text (``escape``), makes links
(``link``), writes a ``source`` cell as links (``cite``) and a sentence with ``¶N`` in it
(``prose``), reads and writes dates known to a day, a month or a year (``PartialDate``), and reads
a number written in words (``number``). ``blank`` is the one test for "no value": ``None``, a
pandas missing value, NaN or an empty string. Every layer above uses these, so a blank cell reads
"not confirmed" the same way everywhere.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import total_ordering

NOT_CONFIRMED = "not confirmed"
EN_DASH = "\u2013"
MONTHS = [calendar.month_name[m] for m in range(1, 13)]

# Characters that mean something to MyST (CommonMark + roles, targets, tables, raw HTML).
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&])")


def blank(value: object) -> bool:
    """No value: ``None``, a pandas missing value (``pd.NA``, ``NaT``, NaN) or a blank string."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    return str(value).strip() == ""


def text_or_none(value: object) -> str | None:
    return None if blank(value) else str(value)


def escape(value: object) -> str:
    """Plain text for a MyST cell: blanks read "not confirmed", markup characters are escaped."""
    if value is None or (isinstance(value, float) and value != value):
        return NOT_CONFIRMED
    text = re.sub(r"\s+", " ", str(value)).strip()
    return _SPECIAL.sub(r"\\\1", text) if text else NOT_CONFIRMED


def fragment(text: str) -> str:
    """``escape`` for part of a sentence: its spaces at either end are kept."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    return lead + escape(core) + (" " if text != text.rstrip() else "")


def link(text: str, target: str) -> str:
    """A Markdown link; ``target`` is an http(s) address or a ``#label`` made by the package."""
    if not re.match(r"^(https?://|#)[^\s<>]+$", target):
        raise ValueError(f"refusing link target {target!r}: expected an http(s) address or #label")
    return f"[{escape(text)}](<{target}>)"  # <...> keeps parentheses in the address


def paragraph_link(number: int | str) -> str:
    """``¶N`` linked to the paragraph's label in the book."""
    return link(f"¶{number}", f"#para-{number}")


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 resolution", "2 resolutions"."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


# --- Numbers written in words ----------------------------------------------------------------------

_NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}


def number(word: str) -> int | None:
    """``"four"`` -> 4, ``"57"`` -> 57; None for anything else."""
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


# --- Dates known to a day, a month or a year -----------------------------------------------------

_PARTIAL = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date at the precision a source confirms: ``1976``, ``1970-03`` or ``2013-10-28``.

    Ordering is ISO order (a year sorts before the months and days within it), so sorting the
    ISO strings and sorting ``PartialDate`` agree.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate | None:
        """``"2012-04"`` -> PartialDate(2012, 4); None for a blank cell or anything that is not a
        real ``YYYY[-MM[-DD]]`` date (no 30 February)."""
        if blank(value):
            return None
        match = _PARTIAL.fullmatch(str(value).strip())
        if not match:
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            return None
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> dt.date:
        if self.day:
            return self.first
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def iso(self) -> str:
        return "-".join([f"{self.year:04d}"] + [f"{v:02d}" for v in (self.month, self.day) if v])

    def __lt__(self, other: PartialDate) -> bool:
        return self.iso < other.iso

    def __str__(self) -> str:
        """As a reader writes it: "28 October 2013", "March 1970", "1976"."""
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)


def format_date(value: object) -> str:
    """An ISO cell at its precision, as a reader writes it; blank reads "not confirmed"."""
    date = PartialDate.parse(value)
    if date is None:
        return NOT_CONFIRMED if blank(value) else str(value)
    return str(date)


def date_span(start: object, end: object = None) -> str:
    """A date or a span at its precision: "28 October 2013", "3–4 April 2012", "March 2008"."""
    first = PartialDate.parse(start)
    last = PartialDate.parse(end)
    if first is None or last is None or last == first:
        return format_date(start)
    if first.day and last.day and (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{EN_DASH}{last}"
    if first.day and last.day and first.year == last.year:
        return f"{str(first).rsplit(' ', 1)[0]} {EN_DASH} {last}"
    return f"{first} {EN_DASH} {last}"


def later(value: object, than: PartialDate | None) -> bool:
    """The date in ``value`` falls after ``than`` (in ISO order); False when either is unknown."""
    date = PartialDate.parse(value)
    return date is not None and than is not None and date.iso > than.iso


# --- Sources as links -----------------------------------------------------------------------------

PAPER = "S/2013/588"

_CITE = re.compile(
    r"(?P<para>S/2013/588 ¶(?P<n>[0-9]+)(?: fn\. (?P<fn>[a-z]))?)"
    r"|(?P<letter>S/2013/588 L(?P<l>[0-9]))"
    r"|(?P<url>https?://\S+)"
    r"|(?P<www>\bwww\.[a-z0-9.-]+\.[a-z]{2,}\S*)"
    r"|(?P<pilcrow>¶(?P<p>[0-9]+))"
)
_SAME_PAPER = re.compile(r"(S/2013/588 ¶[0-9]+(?:, ¶[0-9]+)*)\s*;\s*S/2013/588 (¶[0-9]+)(?![0-9]| fn)")

# How a piece of plain text between links is written: ``fragment`` (escaped), or a glossary's
# first-use linker, which escapes too.
Plain = Callable[[str], str]


def trim_address(address: str) -> tuple[str, str]:
    """An address as written in running text, without the punctuation that follows it."""
    tail = ""
    while address and address[-1] in ".,;:)" and not (address[-1] == ")" and address.count("(") >= address.count(")")):
        tail = address[-1] + tail
        address = address[:-1]
    return address, tail


def host(address: str) -> str:
    """What a link to ``address`` shows: its host, so long addresses never widen a table."""
    name = re.sub(r"^(https?://)?(www\.)?", "", address).split("/")[0]
    return name or address


def cite(text: object, plain: Plain = fragment) -> str:
    """A ``source`` cell as MyST: paragraphs of the paper link to ``#para-N``; an address is a link
    showing its host (the whole address is the link's target, and is in the CSV downloads).
    ``plain`` writes the text between (a glossary's first-use linker links terms in notes)."""
    if blank(text):
        return NOT_CONFIRMED
    text = re.sub(r"\s*;\s+", "; ", re.sub(r"\s+", " ", str(text)).strip())
    # "S/2013/588 ¶6; S/2013/588 ¶7" reads "S/2013/588 ¶6, ¶7"
    previous = None
    while previous != text:
        previous = text
        text = _SAME_PAPER.sub(r"\1, \2", text)
    out, position = [], 0
    for m in _CITE.finditer(text):
        out.append(plain(text[position : m.start()]))
        tail = ""
        if m["para"]:
            label = f"{PAPER} ¶{m['n']}" + (f" fn. {m['fn']}" if m["fn"] else "")
            out.append(link(label, f"#para-{m['n']}"))
        elif m["letter"]:
            out.append(link(f"{PAPER} L{m['l']}", f"#letter-{m['l']}"))
        elif m["url"]:
            address, tail = trim_address(m["url"])
            out.append(link(host(address), address))
        elif m["www"]:
            address, tail = trim_address(m["www"])
            out.append(link(host(address), "https://" + address))
        else:
            out.append(paragraph_link(m["p"]))
        out.append(fragment(tail))
        position = m.end()
    out.append(plain(text[position:]))
    return "".join(out)


def prose(text: object, plain: Plain = fragment) -> str:
    """A sentence from the data as MyST: ``¶N`` linked to the paragraph, the rest through ``plain``."""
    if blank(text):
        return NOT_CONFIRMED
    text = re.sub(r"\s+", " ", str(text)).strip()
    out = []
    for piece in re.split(r"(¶[0-9]+)", text):
        if re.fullmatch(r"¶[0-9]+", piece):
            out.append(paragraph_link(piece[1:]))
        elif piece:
            out.append(plain(piece))
    return "".join(out)


def paper_paragraphs(source: object) -> list[int]:
    """The paragraphs of the paper a ``source`` cell cites, in the order written."""
    return [int(n) for n in re.findall(r"S/2013/588 ¶([0-9]+)", "" if blank(source) else str(source))]


def inline(text: str) -> str:
    """A README sentence as MyST: code spans and bold kept, addresses linked, the rest escaped."""
    out, position = [], 0
    for m in re.finditer(r"`(?P<code>[^`]+)`|(?P<url>https?://\S+)|\*\*(?P<bold>[^*]+)\*\*", text):
        out.append(fragment(text[position : m.start()]))
        if m["code"]:
            out.append(f"`{m['code']}`")
        elif m["url"]:
            address, tail = trim_address(m["url"])
            out.append(link(address, address) + fragment(tail))
        else:
            out.append(f"**{escape(m['bold'])}**")
        position = m.end()
    out.append(fragment(text[position:]))
    return "".join(out)
