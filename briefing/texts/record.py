"""A Security Council verbatim record (S/PV.7050) read into its statements, in the record's order.

The record is a pdftotext extraction of a two-column page, kept as found (``data/texts/``). What
this reader relies on, and what it leaves as found:

- **Speaker labels** open a line and end with a colon: ``The President:``, ``The
  Secretary-General:``, or a name with the country or organisation in brackets and, for an
  interpreted speech, ``(spoke in …)``. A label may break across lines (``Mr. Churkin (Russian
  Federation) (spoke in\\nRussian):``); the label is given with its line breaks as spaces.
- **The President's statement for his country** has no label. It runs from "I will now make a
  statement in my capacity as …" to "I shall now resume my functions as President …"; its speaker
  is the President named on the cover (``President: Mr. Mammadyarov . . . (Azerbaijan)``), and the
  capacity is the words the record gives.
- **Page furniture** inside a statement (running heads, the job number, page numbers ``N/22``,
  form feeds and the record's placeholders for characters it does not show) is removed from the
  statement's text, line by line; every other line is kept as printed, typos and lost hyphens too.
- **Column order.** Where pdftotext read two columns out of order, a passage can sit in the
  statement before or after the one it belongs to. The reader does not move words: each
  statement is the text between its label and the next, as the record gives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import DATA_DIR

RECORD_PATH = DATA_DIR / "texts" / "S-PV-7050.txt"

# A label at the start of a line: a title of office, or a name with one bracketed affiliation and
# an optional "(spoke in X)"; any space inside may be a line break.
LABEL_RE = re.compile(
    r"^(?P<label>(?P<office>The President|The Secretary-General)"
    r"|(?P<name>(?:Mr|Ms|Mrs|Sir|Dame|Miss)\.?[ \n][^\n():]{1,60}?)[ \n]\((?P<affiliation>[^()]{2,80})\)"
    r"(?:[ \n]\(spoke[ \n]in[ \n](?P<language>[A-Z][a-z]+)\))?)"
    r":[ \n]",
    re.M,
)
CAPACITY_RE = re.compile(r"I will now make a statement in my capacity as\s+(?P<capacity>[^.]+)\.")
RESUME_RE = re.compile(r"I shall now resume my functions as President of the\s+Security Council\.")
COVER_PRESIDENT_RE = re.compile(r"^President:\s*\n\s*(?P<name>[^\n]+?)\s*(?:\. ?){3,}\s*\n\s*\((?P<country>[^()\n]+)\)", re.M)
INTRODUCED_RE = re.compile(r"floor to the\s+(?P<office>Secretary-General),\s+His\s+Excellency\s+(?P<name>(?:Mr|Ms|Mrs)\.\s+[^.]+?)\.")
COVER_NAMES_RE = re.compile(r"^Members:\s*\n(?:[^\n]*\. \.[^\n]*\n)+\s*\n(?P<names>(?:[^\n]+\n)+?)\s*\nAgenda$", re.M)
SYMBOL_LINE_RE = re.compile(r"\A\s*(?P<symbol>S/PV\.[0-9]+)\s*$", re.M)
MEETING_RE = re.compile(r"^(?P<meeting>[0-9]+(?:st|nd|rd|th) meeting)$", re.M)
DATE_LINE_RE = re.compile(r"^(?P<weekday>[A-Z][a-z]+day), (?P<date>[0-9]{1,2} [A-Z][a-z]+ [0-9]{4}), (?P<time>[0-9.]+ [ap]\.m\.)$", re.M)

AGENDA_RE = re.compile(r"^Agenda\n(?P<head>[^\n]+)$", re.M)
# Page furniture, each a whole line once U+000C (form feeds and the record's placeholders) is gone:
# the symbol and the date as running heads, the job number and the page number; the third running
# head is the agenda item's first line as the cover prints it (``_furniture``).
FURNITURE = r"S/PV\.[0-9]+|[0-9]{2}/[0-9]{2}/[0-9]{4}|(?:[0-9]{2}-[0-9]{5})?(?:[0-9]{1,2}/[0-9]{1,2})?"


class RecordError(ValueError):
    """A record this reader cannot read: one line naming the file, the line and what was expected."""


@dataclass(frozen=True)
class Statement:
    """One turn of speech, in the order the record gives it."""

    position: int  # 1, 2, ... in the record's order
    label: str  # as printed, line breaks as spaces; "" for the President's unlabelled statement
    speaker: str  # "The President", "Mr. Churkin", "Mr. Mammadyarov"
    affiliation: str  # "Russian Federation", "Organization of Islamic Cooperation"; "" for an office
    language: str  # "Russian" when the record says "(spoke in Russian)"; "" otherwise
    capacity: str  # "Minister of Foreign Affairs of Azerbaijan" for the unlabelled statement
    text: str  # the statement's words, page furniture removed
    start: int  # offsets of the statement (label included) in the record's characters
    end: int
    line: int  # line of the record where the statement begins (1-based)

    @property
    def presiding(self) -> bool:
        return self.label == "The President"


@dataclass(frozen=True)
class Record:
    symbol: str  # "S/PV.7050", the record's first line
    meeting: str  # "7050th meeting"
    date: str  # "28 October 2013", as the cover prints it
    time: str  # "10 a.m."
    president: str  # "Mr. Mammadyarov", from the cover
    president_country: str  # "Azerbaijan"
    members: tuple[str, ...]  # the representatives the cover names under "Members:", as printed
    statements: tuple[Statement, ...]


def _furniture(running_head: str) -> re.Pattern:
    return re.compile(f"^(?:{FURNITURE}|{re.escape(running_head)})$")


def _clean(text: str, furniture: re.Pattern) -> str:
    lines = [line.strip() for line in text.replace("\x0c", "").split("\n")]
    return "\n".join(line for line in lines if line and not furniture.fullmatch(line))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _line_of(raw: str, offset: int) -> int:
    return raw.count("\n", 0, offset) + 1


def parse_record(raw: str, path: Path | str = RECORD_PATH) -> Record:
    """The record's cover facts and its statements; a record without them stops with one line."""
    name = Path(path).name if not isinstance(path, str) else path

    def need(pattern: re.Pattern, what: str) -> re.Match:
        m = pattern.search(raw)
        if m is None:
            raise RecordError(f"{name}: line 1: expected {what}")
        return m

    symbol = need(SYMBOL_LINE_RE, 'the record\'s symbol on its first line ("S/PV.7050")')["symbol"]
    meeting = need(MEETING_RE, 'the meeting on a line of its own ("7050th meeting")')["meeting"]
    when = need(DATE_LINE_RE, 'the date line ("Monday, 28 October 2013, 10 a.m.")')
    president = need(COVER_PRESIDENT_RE, 'the cover\'s "President:" with a name and a bracketed country')
    names = need(COVER_NAMES_RE, "the cover's \"Members:\" with the countries and then the representatives' names")
    furniture = _furniture(need(AGENDA_RE, 'the cover\'s "Agenda" and its item on the next line')["head"].strip())
    members = tuple(line.strip() for line in names["names"].splitlines() if line.strip())
    labels = list(LABEL_RE.finditer(raw, when.end()))
    if not labels:
        raise RecordError(f'{name}: line {_line_of(raw, when.end())}: expected a speaker label such as "The President:" after the date line')
    introduced = {m["office"]: m["name"] for m in INTRODUCED_RE.finditer(raw)}

    turns: list[dict] = []
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(raw)
        office = m["office"]
        base = {
            "label": _one_line(m["label"]),
            "speaker": office or _one_line(m["name"]),
            "affiliation": "" if office else _one_line(m["affiliation"]),
            "language": m["language"] or "",
            "capacity": "",
        }
        if office == "The Secretary-General" and "Secretary-General" in introduced:
            base["speaker"] = introduced["Secretary-General"]
            base["affiliation"] = ""
            base["capacity"] = "Secretary-General"
        body_start = m.end()
        capacity = CAPACITY_RE.search(raw, body_start, end) if office == "The President" else None
        if capacity is None:
            turns.append({**base, "start": m.start(), "body": (body_start, end)})
            continue
        resume = RESUME_RE.search(raw, capacity.end(), end)
        if resume is None:
            raise RecordError(
                f'{name}: line {_line_of(raw, capacity.start())}: expected "I shall now resume my functions as President" '
                "to close the President's statement in his national capacity"
            )
        turns.append({**base, "start": m.start(), "body": (body_start, capacity.start())})
        turns.append(
            {
                "label": "",
                "speaker": president["name"].strip(),
                "affiliation": president["country"].strip(),
                "language": "",
                "capacity": _one_line(capacity["capacity"]),
                "start": capacity.start(),
                "body": (capacity.start(), resume.end()),
            }
        )
        if raw[resume.end() : end].strip():
            turns.append({**base, "start": resume.end(), "body": (resume.end(), end)})

    statements = []
    for n, t in enumerate(turns, 1):
        a, b = t.pop("body")
        start = t.pop("start")
        statements.append(Statement(position=n, text=_clean(raw[a:b], furniture), start=start, end=b, line=_line_of(raw, start), **t))
    return Record(symbol, meeting, when["date"], when["time"], president["name"].strip(), president["country"].strip(), members, tuple(statements))


def read_record(path: Path = RECORD_PATH) -> Record:
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise RecordError(f"{Path(path).name}: cannot be read ({error.strerror}); expected the meeting's verbatim record") from None
    return parse_record(raw, Path(path))
