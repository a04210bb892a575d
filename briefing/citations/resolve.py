"""Resolve: read a document's citations as its reader does, from the document itself.

A UN document says who it is in its masthead (``A/RES/59/8``, ``S/PV.7050``), in its adoption
line ("Resolution adopted by the General Assembly", "Adopted by the Security Council at its
5261st meeting") and in its session line ("Fifty-ninth session"). ``detect_context(text)``
reads these into a ``Context`` (symbol, organ, session); ``resolve(text, mentions, context)``
then

- marks every mention of the document's own symbol ``self=True`` (masthead, running heads, the
  number before its title, its own meeting), adding the number before the title ("59/8.",
  "3369 (XXX).") which the grammar alone does not read;
- adds the meetings the text cites by ordinal: "at its 5261st meeting" / "at the 7050th meeting
  of the Security Council" -> ``S/PV.5261`` (the Council named, or a Council text); "40th
  plenary meeting" in an Assembly text of the fifty-ninth session -> ``A/59/PV.40`` (before the
  31st session, when records carried no session: ``A/PV.2383``). A meeting whose organ or
  session the text does not give is not guessed.

Citations whose organ the text leaves to the reader ("its resolution 1373" in a Council text)
are read by the scanner itself, which is given the context's organ (``find.scan``).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from .find import scan
from .models import Context, Mention, ordinal_value

_HEAD = 1500          # the masthead, adoption line and title stand within the first characters
_MASTHEAD_KINDS = ("sc_resolution", "ga_resolution", "prst", "meeting_record", "document")
_LINE = re.compile(r"[ \t*]*(?:\r?\n|\Z)")
_MASTHEAD_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:United\s+Nations[ \t]+)?$")
_ADOPTED_GA = re.compile(r"(?:adopted\s+by\s+the\s+General\s+Assembly|[Aa]dopted\s+without\s+"
                         r"reference\s+to\s+a\s+Main\s+Committee)")
_ADOPTED_SC = re.compile(r"Adopted\s+by\s+the\s+Security\s+Council|Security\s+Council\s*\n")
_SESSION = re.compile(r"(?m)^(?P<w>[A-Z][a-z]+(?:-[a-z]+)?)\s+session\s*$")
_RESUMPTION = re.compile(r" \(Resumption \d+\)$")     # a resumed meeting is the same meeting
_GA_TITLE = re.compile(r"(?m)^(?P<s>\d{2,3})/(?P<n>\d{1,4})\.(?=\s)")
_OLD_TITLE = re.compile(r"(?m)^(?P<n>\d{1,4}) \((?P<r>[IVXL]+)\)\.(?=\s)")

_MEETING = re.compile(r"(?P<n>\d{1,2}[ \u00a0]\d{3}|\d{1,5})(?P<suf>st|nd|rd|th)\s+"
                      r"(?P<plen>plenary\s+)?$")
_NAMED_BEFORE = re.compile(r"(?P<sc>(?:Security\s+)?Council(?:['\u2019]s\s+|\s+(?:(?:at|during|in)\s+)?"
                           r"(?:its|the)\s+))$"
                           r"|(?P<its>\b(?:at|during|in)\s+its\s+)$")
_SUFFIXES = frozenset(("st", "nd", "rd", "th"))
_NAMED_AFTER = re.compile(r"\s+of\s+the\s+(?:(?P<sc>Security\s+Council)|(?P<ga>General\s+Assembly)"
                          r"|(?P<other>[A-Z]\w*))")
_OTHER_BODY = re.compile(r"\b(?:Committee|Commission|Board|Conference|Working\s+Group|Assembly)"
                         r"(?:['\u2019]s)?\s+(?:\w+\s+){0,2}$")


def detect_context(text: str) -> Context:
    """The document's own symbol, organ and session, read from its first lines.

    The symbol is the first citation standing alone on a line of the masthead (``A/RES/59/8``,
    ``S/RES/1963 (2010)*``, ``S/PV.7050``), or else the number before the title of an Assembly
    resolution ("59/8." / "3369 (XXX)." at the start of a line after "Resolution adopted by the
    General Assembly"). The organ is the symbol's, or the adoption line's; the session is the
    symbol's, or the "Fifty-ninth session" line's. Anything not found stays None.
    """
    head = text[:_HEAD]
    symbol = None
    for m in scan(head):
        if (m.kind in _MASTHEAD_KINDS and head.count("\n", 0, m.start) < 12
                and _MASTHEAD_BEFORE.search(head, max(0, m.start - 40), m.start)
                and _LINE.match(head, m.end)):
            symbol = m.symbol
            break
    organ = session = None
    ga, sc = _ADOPTED_GA.search(head), _ADOPTED_SC.search(head)
    if symbol is None and ga:
        title = _GA_TITLE.search(head, ga.end()) or _OLD_TITLE.search(head, ga.end())
        if title and "s" in title.groupdict():
            symbol = f"A/RES/{int(title['s'])}/{int(title['n'])}"
        elif title:
            symbol = f"A/RES/{int(title['n'])} ({title['r']})"
    if symbol:
        context = Context.of(symbol)
        organ, session = context.organ, context.session
    if organ is None:
        organ = "ga" if ga and (not sc or ga.start() < sc.start()) else ("sc" if sc else None)
    if session is None and organ == "ga":
        line = _SESSION.search(head)
        session = ordinal_value(line["w"]) if line else None
    return Context(symbol, organ, session)


def _title_numbers(text: str, context: Context) -> list[Mention]:
    """The number before the document's own title ("59/8.", "3369 (XXX)."), as self mentions."""
    sym = context.symbol or ""
    m = re.fullmatch(r"A/RES/(?P<s>\d{2,3})/(?P<n>\d+)", sym)
    if m:
        pattern = re.compile(rf"(?m)^{m['s']}/{m['n']}(?=\.\s)")
    else:
        m = re.fullmatch(r"A/RES/(?P<n>\d+) \((?P<r>[IVXL]+)\)", sym)
        if not m:
            return []
        pattern = re.compile(rf"(?m)^{m['n']} \({m['r']}\)(?=\.\s)")
    return [Mention(sym, "ga_resolution", t.group(), t.start(), t.end(), self=True)
            for t in pattern.finditer(text)]


def meetings(text: str, context: Context | None = None) -> list[Mention]:
    """The meetings ``text`` cites by ordinal ("at its 5261st meeting", "40th plenary meeting")."""
    context = context or Context()
    found = []
    pos = 0
    while True:
        i = text.find("meeting", pos)
        if i < 0:
            return found
        pos = i + 7
        if i == 0 or text[i - 1] not in " \t\n\r\u00a0" or text[pos:pos + 1].isalpha():
            continue
        if text[i - 3:i - 1] not in _SUFFIXES and text[i - 8:i - 1] != "plenary":
            continue                      # no ordinal right before: nothing to read
        m = _MEETING.search(text, max(0, i - 24), i)
        if not m:
            continue
        start, n = m.start(), int(re.sub(r"\D", "", m["n"]))
        if n == 0 or (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "/.-")):
            continue
        surface = text[start:pos]
        after = _NAMED_AFTER.match(text, pos)
        if m["plen"]:
            if (after and not after["ga"]) or context.organ != "ga" or context.session is None:
                continue
            s = context.session
            symbol = f"A/{s}/PV.{n}" if s >= 31 else f"A/PV.{n}"
            found.append(Mention(symbol, "meeting_record", surface, start, pos, inferred="session"))
            continue
        inferred = ""
        if after:
            if not after["sc"]:
                continue                  # "of the General Assembly", "of the Committee"
        elif context.organ != "sc" and text.find("Council", max(0, start - 36), start) < 0:
            continue                      # no Council named, and not a Council text
        else:
            before = _NAMED_BEFORE.search(text, max(0, start - 36), start)
            if before is None or not before["sc"]:
                if context.organ != "sc" or _OTHER_BODY.search(text, max(0, start - 60), start):
                    continue
                inferred = "organ"        # "at its 6459th meeting" in a Council text
        found.append(Mention(f"S/PV.{n}", "meeting_record", surface, start, pos,
                             inferred=inferred))


def resolve(text: str, mentions: list[Mention], context: Context | None) -> list[Mention]:
    """``mentions`` with the document's meetings and title number added, self-references
    marked, in text order without overlaps."""
    extra = meetings(text, context)
    if context and context.symbol:
        extra += _title_numbers(text, context)
    if extra:
        starts = [m.start for m in mentions]           # in text order, never overlapping
        kept = []
        for e in extra:
            i = bisect_left(starts, e.end)             # the mentions starting before e ends
            if i == 0 or mentions[i - 1].end <= e.start:
                kept.append(e)
        mentions = sorted(mentions + kept, key=lambda m: m.start)
    if context and context.symbol:
        own = _RESUMPTION.sub("", context.symbol)
        mentions = [replace(m, self=True) if _RESUMPTION.sub("", m.symbol) == own and not m.self
                    else m for m in mentions]
    return mentions
