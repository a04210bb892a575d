"""Pinpoints: where inside the cited instrument a citation points (``para. 13``, ``annex III``).

``attach(text, mentions)`` gives each mention the pinpoint the text writes with it, as a
``Pinpoint`` (see ``models``): after the citation (``A/67/280-S/2012/614, paras. 106-116``,
``[A/60/633-S/2005/826](#), annex III``, ``S/2012/522, annex``, ``(resolution 67/264, para.
13)``, ``(A/66/53), chap. II``) or, for a paragraph of a resolution, before it (``paragraph 3 of resolution 1373
(2001)``, ``paras. 3 and 4 of its resolution 1963 (2010)``). ``parse(text)`` reads a pinpoint
written on its own, as after an "ibid." (``para. 109``).

Kinds: ``para`` (para., paras., paragraph(s)), ``annex`` (annex, annexes), ``sect`` (sect.,
sects., section(s)), ``chap`` (chap., chapter), ``footnote`` (footnote, fn.), ``page`` (p., pp.,
page(s)). A range (``106-116``, ``106 to 116``, ``3 and 4``) gives ``first`` and ``last``;
Roman numbers are given by value (``annex III`` -> 3). An annex with no number has both None.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .grammar import LINK_TAIL
from .models import Mention, Pinpoint, roman_value

_WORDS = {
    "para": r"paras?\.|paragraphs?",
    "annex": r"annex(?:es)?",
    "sect": r"sects?\.|sections?",
    "chap": r"chaps?\.|chapters?",
    "footnote": r"footnotes?|fns?\.",
    "page": r"pp?\.|pages?",
}
_NUMBER = r"(?:\d{1,4}|[IVXLC]{1,7})(?![\w/])"
_PIN = (r"(?P<pin>(?P<word>" + "|".join(f"(?P<{k}>{v})" for k, v in _WORDS.items()) + r")"
        rf"(?:[ \t\u00a0]*(?P<first>{_NUMBER})(?:\s*(?:[-\u2013]|to|and)\s*(?P<last>{_NUMBER}))?"
        r"|(?<=annex)(?![\w-])))")
_AFTER = re.compile(rf"(?:{LINK_TAIL})?[*)]?,\s{{0,3}}{_PIN}", re.I)
_ALONE = re.compile(rf"\s*{_PIN}", re.I)
_BEFORE = re.compile(r"(?P<pin>(?P<word>(?P<para>paragraphs?|paras?\.))\s+(?P<first>\d{1,3})"
                     r"(?:\s*\([a-z]\))?(?:\s*(?:[-\u2013]|to|and)\s*(?P<last>\d{1,3}))?)"
                     r"(?:\s*\([a-z]\))?\s+of\s+(?:(?:its|the)\s+)?"
                     r"(?:(?:Security\s+Council|General\s+Assembly)\s+)?resolution\s+\[?$")


def _value(number: str | None) -> int | None:
    if number is None:
        return None
    return int(number) if number.isdigit() else (roman_value(number.upper()) or None)


def _pinpoint(match: re.Match, offset: int = 0) -> Pinpoint | None:
    kind = next(k for k in _WORDS if match.group(k) is not None)
    first, last = _value(match["first"]), _value(match["last"])
    if match["first"] is not None and first is None:
        return None                       # "annex XIIII": not a number
    if kind != "annex" and first is None:
        return None                       # only an annex may stand without a number
    if match["last"] is not None and (last is None or last < first):
        return None
    last = first if last is None else last
    start, end = match.start("pin"), match.end("pin")
    return Pinpoint(kind, first, last, match.string[start:end], start + offset, end + offset)


def parse(text: str) -> Pinpoint | None:
    """The pinpoint ``text`` consists of (``para. 109``, ``paras. 106-116``, ``annex III``),
    offsets into ``text``; None when ``text`` is not one pinpoint."""
    m = _ALONE.match(text)
    if not m or text[m.end():].strip(" .;,)"):
        return None
    return _pinpoint(m)


def after(text: str, end: int) -> Pinpoint | None:
    """The pinpoint written right after a citation ending at ``end``, or None."""
    if end >= len(text) or text[end] not in _AFTER_START:
        return None
    m = _AFTER.match(text, end)
    return _pinpoint(m) if m else None


def before(text: str, start: int) -> Pinpoint | None:
    """``paragraph 3 of resolution`` right before a resolution number at ``start``, or None."""
    window = max(0, start - 90)
    if text.rfind(" of ", window, start) < 0 and text.rfind("\nof ", window, start) < 0:
        return None
    m = _BEFORE.search(text, window, start)
    return _pinpoint(m) if m else None


def attach(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with each one's pinpoint set when the text gives one."""
    out = []
    for m in mentions:
        pin = after(text, m.end) if text[m.end:m.end + 1] in _AFTER_START else None
        if pin is None and m.kind in _RESOLUTIONS and text.find("para", max(0, m.start - 90), m.start) >= 0:
            pin = before(text, m.start)
        out.append(replace(m, pinpoint=pin) if pin else m)
    return out


_AFTER_START = frozenset(",])*")
_RESOLUTIONS = frozenset(("sc_resolution", "ga_resolution"))
