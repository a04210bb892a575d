"""Find UN citations in any text and give each instrument one canonical symbol.

The grammar follows the UN's own symbol rules (shared/reference/un-symbols.md). A citation is
one of three shapes, and the scanner looks for the start of each with one compiled regex:

1. **A written symbol**, ``organ "/" component ("/" component)* modifier*``, where the organ is
   ``A`` (General Assembly) or ``S`` (Security Council); a component is a number (``67``,
   ``280``), an upper-case series with an optional number (``RES``, ``PRST``, ``PV.7050``,
   ``L.5``, ``C.1``, ``HRC``) or a session (``ES-10``, ``S-30``); modifiers are ``/Add.n``,
   ``/Corr.n``, ``/Rev.n``, ``/Amend.n`` and ``/Summary``. At least one component carries a
   digit. What follows the core depends on the series: ``(2010)`` after ``S/RES/n``,
   ``A (XXX)`` or ``A and B`` after ``A/RES/...``, ``(Resumption 1)`` after a ``PV.`` record.
   Two symbols of the two organs joined by a hyphen, an en or em dash or nothing at all form
   one joint document (``A/67/280-S/2012/614``, ``A/67/742S/2013/95``). A presidential
   statement may lose its ``S/`` (``PRST/2013/16``). A symbol may be glued to a lower-case word
   before it (a lost line break) but never to a capital, digit, slash or dash.

2. **A designator and its members**: ``resolution(s)`` / ``res.`` / ``UNSCR``, ``Art.`` /
   ``Arts.`` / ``Article(s)``, ``Chapter(s)``, ``rule(s)``, followed by one or more members
   separated by commas, ``and``, ``or``, ``as well as`` (and ``to`` or a dash for Charter
   ranges), with dates (``of 17 October 2005``) and Markdown link tails (``](#)``) allowed
   between them and an opening parenthesis before the first (``resolutions (1333 (2000),
   1390 (2002))``). Resolution members are

   * ``1963 (2010)``: a Council resolution (four-digit year in parentheses);
   * ``67/264``, ``31/6 A and B``: an Assembly resolution from the 31st session on;
   * ``3369 (XXX)``, ``3367 A (XXX)``, ``3201 (S-VI)``: an Assembly resolution of 1946-1975;
   * ``S-30/1``, ``ES-10/2``: special and emergency special sessions;
   * a bare ``1963`` only when the organ before the designator is the Security Council.

   Parentheses may be Markdown-escaped (``1963 \\(2010\\)``). A designator preceded by another
   body (Human Rights Council, ECOSOC, a Commission, a Board ...) is not a UN GA/SC citation.
   Charter articles (1-111) and chapters (I-XIX) need Charter context: a capitalised ``Art.`` /
   ``Article`` counts unless an ``of ...`` naming another instrument follows or it is a heading
   on a line of its own (UN style writes other instruments' articles in lower case); a chapter
   needs ``of the Charter`` after it, or ``under`` / ``the Charter's`` before it. Rules need
   ``of its provisional rules of procedure`` (or ``... of the Security Council``) after them:
   the Council's rules, S/96/Rev.7.

3. **URLs** (``http(s)://...``, ``www....``) are skipped whole: their paths are not citations.

The *surface* of a mention is the citation proper as it stands in the text (so that
``text[start:end] == surface``): a symbol as written, a resolution's number without the word
"resolution" (the paper links only the number: ``resolution [67/264](#)``), and for Charter
articles, chapters and rules the designator with its number (``Art. 24``, ``rule 39``) because the
number alone names nothing; members after the first under one designator, and every member under
a plural one, are the member alone (``Arts. 52 and 53`` gives ``52`` and ``53``).
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from dataclasses import asdict, dataclass

KINDS = ("sc_resolution", "ga_resolution", "prst", "meeting_record", "document", "draft",
         "charter", "rule")
RULES_OF_PROCEDURE = "S/96/Rev.7"   # Provisional Rules of Procedure of the Security Council
UNDOCS = "https://undocs.org/"


@dataclass(frozen=True)
class Mention:
    """One citation: its canonical ``symbol``, its ``kind``, and where it stands in the text."""

    symbol: str
    kind: str
    surface: str
    start: int
    end: int


# --- pieces of the grammar ------------------------------------------------------------------
_LP, _RP = r"\\?\(", r"\\?\)"                 # parentheses, possibly Markdown-escaped
_HS = r"[ \t\u00a0\u202f]"                     # horizontal space
_YEAR = r"(?:19[4-9]\d|20\d\d)"
_MONTH = ("(?:January|February|March|April|May|June|July|August|September|October|November|"
          "December)")
_LSEP = r"(?:\s*,\s*|\s+and\s+|\s*[-\u2013]\s*|\s+to\s+)"      # between suffix letters
_LETTERS = rf"[A-Z](?:{_LSEP}[A-Z])*(?![\w/])"                   # "A", "A and B", "A-C"
_COMP = r"(?:[A-Z]{1,8}(?:\.\d+)?(?![A-Za-z])|\d+|(?:ES|S)-\d+)"

# The scanner: one character class first, so that ``re`` can skip ahead with its charset prefix
# scan, then one alternative per shape, each checking by lookbehind which trigger character it
# has and what precedes it. Triggers are kept rare: upper-case letters, ``r`` and ``:``/``.``
# (URLs are caught at ``https:``/``www.``); lower-case ``article``/``chapter`` are caught at
# their ``r`` and moved back by ``_BACK`` characters. About 2x faster than triggering on every
# ``a``, ``c``, ``h`` and ``w``, and 5x faster than alternatives that each start with a lookbehind.
_MASTER = re.compile(r"""
[ACPRSUr:.](?:
  (?P<url>(?:(?<=https:)|(?<=http:))//[^\s<>"\]]+|(?<=www\.)[^\s<>"\]]+)
| (?P<sym>(?<=[AS])(?<![A-Z0-9/\\._\-\u2013\u2014].)/(?=[A-Z0-9]|E?S-\d))
| (?P<prst>(?<=P)(?<![A-Za-z0-9/].)RST/(?=\d))
| (?P<res>(?:(?<=[Rr])(?<![A-Za-z].)(?:esolutions?|es\.)|(?<=U)(?<![A-Za-z].)NSCRs?)
         (?=\s+[\[(]?\s*(?:\d|E?S-\d)))
| (?P<art>(?<=A)(?<![A-Za-z].)(?:rts?\.|rticles?)(?=\s*\[?\d))
| (?P<art_lc>(?<=ar)(?<![A-Za-z]ar)(?:ts?\.|ticles?)(?=\s*\[?\d))
| (?P<chap>(?<=C)(?<![A-Za-z].)hapters?(?=\s+\[?[IVX]))
| (?P<chap_lc>(?<=chapter)(?<![A-Za-z]chapter)s?(?=\s+\[?[IVX]))
| (?P<rule>(?<=[Rr])(?<![A-Za-z].)ules?(?=\s+\[?\d))
)""", re.X)
_BACK = {"art_lc": 1, "chap_lc": 6}

_SYM_CORE = re.compile(rf"(?P<org>[AS])/(?P<comps>(?:{_COMP}/)*{_COMP})"
                       r"(?P<mods>(?:/(?:Add|Corr|Rev|Amend)\.\d+|/Summary)*)")
_JOINT_SEP = re.compile(rf"{_HS}?[-\u2013\u2014](?:\r?\n|{_HS})?|")
_YEAR_TAIL = re.compile(rf"{_HS}*{_LP}\s*(?P<year>{_YEAR})\s*{_RP}")
_ROMAN_TAIL = re.compile(rf"(?:{_HS}+(?P<letters>{_LETTERS}))?{_HS}*{_LP}\s*"
                         rf"(?P<roman>(?:ES-|S-)?[IVXLC]+)\s*{_RP}")
_LETTER_TAIL = re.compile(rf"{_HS}+(?P<letters>{_LETTERS})")
_RESUMPTION_TAIL = re.compile(rf"{_HS}*{_LP}\s*Resumption\s*(?P<n>\d+)\s*{_RP}")
_PRST = re.compile(r"PRST/(?P<year>\d{4})/(?P<num>\d+)(?!\d)")

def _res_member_re(bare_follow: str) -> re.Pattern:
    """One resolution member; ``bare_follow`` is what must follow a bare (year-less) number."""
    return re.compile(rf"""
  (?P<sp>(?P<spk>ES|S)-(?P<sps>\d{{1,2}})/(?P<spn>\d{{1,3}}))(?![\d/])
| (?P<mod>(?P<sess>\d{{2,3}})/(?P<num>\d{{1,4}}))(?![\d/])(?:{_HS}+(?P<mlet>{_LETTERS}))?
| (?P<par>(?P<pnum>\d{{1,4}})(?:{_HS}+(?P<plet>{_LETTERS}))?{_HS}*{_LP}\s*
      (?:(?P<year>{_YEAR})|(?P<roman>(?:ES-|S-)?[IVXLC]+))\s*{_RP})
| (?P<bare>\d{{1,4}}){bare_follow}
""", re.X)


# After "Security Council resolutions" a bare number must end the list item ("1267, 1333 and
# 1390"), so that "resolution 1963 (2010) and 2000 troops" gives no S/RES/2000; after UNSCR,
# whose letters say it all, anything but a digit or slash may follow.
_RES_MEMBER = _res_member_re(r"(?=\s*(?:[,;.)\]]|and\b|or\b|\Z))")
_UNSCR_MEMBER = _res_member_re(r"(?![\d/])")
_ART_MEMBER = re.compile(rf"(?P<n>\d{{1,3}})(?![\d/]|\.\d)(?:\s*{_LP}\s*\d+\s*{_RP}|,\s*paragraphs?"
                         rf"\s+\d+(?:\s*\([a-z]\))?(?=\s*,))?")
_CHAP_MEMBER = re.compile(r"(?P<n>[IVX]{1,5})(?![A-Za-z])")
_RULE_MEMBER = re.compile(r"(?P<n>\d{1,3})(?![\d/]|\.\d)")

_GAP = re.compile(r"\s*(?:\(\s*)?(?:\[\s*)?")  # before the first member: "(" of a nested list, "["
_LINK_TAIL = r"\]\((?:[^()\s]|\([^()\s]*\))*\)"          # "](#)", "](https://...(2005))"
_DATE_GAP = rf"\s*,?\s*(?:of|dated|adopted\s+on|adopted)\s+\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
_SEP = r"\s*[,;]\s*(?:(?:and|or|as\s+well\s+as)\s+)?|\s+(?:and|or|as\s+well\s+as)\s+"
_RANGE_SEP = r"|\s*[-\u2013]\s*|\s+to\s+"


def _between(designator: str, ranges: bool = False) -> re.Pattern:
    """What may stand between two members: link tail, date, separator, designator again, gap.

    Group ``tail`` ends where the previous member's citation ends (after its link tail).
    """
    return re.compile(rf"(?P<tail>(?:{_LINK_TAIL})?)(?:{_DATE_GAP})?(?:{_SEP}"
                      rf"{_RANGE_SEP if ranges else ''})(?:{designator})?\s*(?:\[\s*)?")


_BETWEEN = {
    "res": _between(r"[Rr]esolutions?\s+|res\.\s*"),
    "art": _between(r"(?:Arts?\.|Articles?|articles?)\s*", ranges=True),
    "chap": _between(r"[Cc]hapters?\s+"),
    "rule": _between(r"[Rr]ules?\s+"),
}
_LINK_TAIL_RE = re.compile(_LINK_TAIL)

_ORGAN_BEFORE = re.compile(r"""\b(?:
   (?P<other>Human\s+Rights\s+Council|Economic\s+and\s+Social\s+Council|Trusteeship\s+Council
     |Peace\s+and\s+Security\s+Council|Governing\s+Council|Executive\s+Council|Council\s+of\s+\w+
     |ECOSOC|HRC|Commission(?:\s+on\s+[A-Z][\w ]*?)?|Sub-Commission|Committee|Board|Conference
     |Health\s+Assembly|Summit|Union|WHO|UNESCO|IAEA|OIC)
 | (?P<sc>Security\s+Council|Council|SC|UNSC)
 | (?P<ga>General\s+Assembly|Assembly|GA|UNGA)
)(?:['\u2019]s)?\s+$""", re.X)
_OPEN_PAREN = re.compile(r"\s*\(")
_CHAPTER_CONTEXT_BEFORE = re.compile(r"\b(?:[Uu]nder|Charter['\u2019]s|Charter,)\s+$")
_LINE_START_BEFORE = re.compile(r"(?:^|\n)[#*_>\t ]*$")
_LINE_END_AFTER = re.compile(r"[*_ \t]*(?:\r?\n|\Z)")
_OF_CHARTER = re.compile(r"\s*,?\s+of\s+the\s+(?:United\s+Nations\s+)?Charter\b"
                         r"(?!\s+of\s+(?!the\s+United\s+Nations))")
_OF_ANY = re.compile(r"\s*,?\s+of\s")
_RULES_TAIL = re.compile(r"""\s+of\s+(?:its|the(?:\s+(?:Security\s+)?Council['\u2019]s)?)\s+
    (?P<prov>provisional\s+)?rules\s+of\s+procedure
    (?:\s+of\s+the\s+(?P<body>Security\s+Council|General\s+Assembly|[A-Z][\w-]*))?""", re.X)

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_OK = re.compile(r"(?=[IVXLC])C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


def _roman(numeral: str) -> int:
    """Value of a well-formed Roman numeral, 0 when it is not one."""
    if not _ROMAN_OK.fullmatch(numeral):
        return 0
    total = 0
    for a, b in zip(numeral, numeral[1:] + " "):
        va, vb = _ROMAN_VALUES[a], _ROMAN_VALUES.get(b, 0)
        total += -va if va < vb else va
    return total


def _session_ok(session: str) -> bool:
    """``67`` in ``67/264``: Assembly sessions numbered this way run from the 31st (1976)."""
    return 31 <= int(session) <= 199


# --- the resolution designator --------------------------------------------------------------
def _organ(text: str, start: int) -> str | None:
    """``sc``, ``ga``, ``other`` or None: the body named just before a designator."""
    m = _ORGAN_BEFORE.search(text, max(0, start - 80), start)
    return m.lastgroup if m else None


def _letters(text: str, start: int, end: int):
    """(letter, offset) for each suffix letter in text[start:end] ("A and B", "A-C")."""
    return [(i, text[i]) for i in range(start, end) if "A" <= text[i] <= "Z"]


def _res_member(text: str, mm: re.Match, organ: str | None) -> list[Mention] | None:
    """Mentions for one resolution member, or None when it is not a valid member."""
    s = mm.start()
    if mm["sp"]:
        sym = f"A/RES/{mm['spk']}-{int(mm['sps'])}/{int(mm['spn'])}"
        return [Mention(sym, "ga_resolution", mm["sp"], s, mm.end("sp"))]
    if mm["mod"]:
        if not _session_ok(mm["sess"]):
            return None
        base = f"A/RES/{int(mm['sess'])}/{int(mm['num'])}"
        if not mm["mlet"]:
            return [Mention(base, "ga_resolution", mm["mod"], s, mm.end("mod"))]
        out = []
        for i, (pos, letter) in enumerate(_letters(text, mm.start("mlet"), mm.end("mlet"))):
            begin = s if i == 0 else pos
            out.append(Mention(f"{base} {letter}", "ga_resolution", text[begin:pos + 1], begin,
                               pos + 1))
        return out
    if mm["par"]:
        num = int(mm["pnum"])
        if mm["year"]:
            if num == 0:
                return None
            return [Mention(f"S/RES/{num} ({mm['year']})", "sc_resolution", mm["par"], s,
                            mm.end("par"))]
        roman = mm["roman"]
        if not 1 <= _roman(roman.split("-")[-1]) <= 40:
            return None
        if not mm["plet"]:
            return [Mention(f"A/RES/{num} ({roman})", "ga_resolution", mm["par"], s,
                            mm.end("par"))]
        letters = _letters(text, mm.start("plet"), mm.end("plet"))
        out = []
        for i, (pos, letter) in enumerate(letters):
            begin = s if i == 0 else pos
            stop = mm.end("par") if len(letters) == 1 else pos + 1
            out.append(Mention(f"A/RES/{num} {letter} ({roman})", "ga_resolution",
                               text[begin:stop], begin, stop))
        return out
    if mm["bare"] and organ == "sc" and int(mm["bare"]) > 0:
        return [Mention(f"S/RES/{int(mm['bare'])}", "sc_resolution", mm["bare"], s, mm.end())]
    return None


def _member_list(text: str, pos: int, member: re.Pattern, convert,
                 between: re.Pattern) -> tuple[list[Mention], int]:
    """Parse ``member (between member)*`` from ``pos``; returns the mentions and the end.

    ``between`` (see ``_between``) takes a Markdown link tail ``](...)``, a date (``of 17
    October 2005``), a separator (``,``, ``and``, ``or``, ``as well as``; for Charter ranges
    also ``to`` and dashes) and optionally the designator again. The list stops at the first
    thing that is not a valid member; the end returned is that of the last member's citation.
    """
    found: list[Mention] = []
    p = _GAP.match(text, pos).end()
    first = True
    while True:
        mm = member.match(text, p)
        got = convert(text, mm, first) if mm else None
        if not got:
            return found, pos
        found.extend(got)
        first = False
        gap = between.match(text, mm.end())
        if gap is None:
            tail = _LINK_TAIL_RE.match(text, mm.end())
            return found, tail.end() if tail else mm.end()
        pos, p = gap.end("tail"), gap.end()


def _on_resolutions(text: str, start: int, stop: int) -> tuple[list[Mention], int]:
    unscr = text.startswith("UNSCR", start)
    organ = "sc" if unscr else _organ(text, start)
    if organ == "other":
        return [], stop
    if _OPEN_PAREN.match(text, stop):
        organ = None      # "resolutions (1333 (2000), ...)": a bare "(2010" is no member
    found, end = _member_list(text, stop, _UNSCR_MEMBER if unscr else _RES_MEMBER,
                              lambda t, mm, first: _res_member(t, mm, organ), _BETWEEN["res"])
    return found, max(end, stop)


# --- Charter articles and chapters, rules of procedure --------------------------------------
def _designated(kind: str, text: str, start: int, stop: int, symbol, valid):
    """Member converter shared by Charter articles, chapters and rules.

    The first member under a singular designator takes the designator into its surface
    (``Art. 24``); other members stand alone (``Arts. 52 and 53`` -> ``52``, ``53``).
    """
    singular = not text[start:stop].rstrip(".").endswith("s")

    def convert(text, mm, first):
        if not valid(mm["n"]):
            return None
        begin = start if first and singular else mm.start()
        return [Mention(symbol(mm["n"]), kind, text[begin:mm.end("n")], begin, mm.end("n"))]

    return convert


def _on_articles(text: str, start: int, stop: int) -> tuple[list[Mention], int]:
    convert = _designated("charter", text, start, stop, lambda n: f"UN Charter Art. {int(n)}",
                          lambda n: 1 <= int(n) <= 111)
    found, end = _member_list(text, stop, _ART_MEMBER, convert, _BETWEEN["art"])
    if not found:
        return [], stop
    if _OF_CHARTER.match(text, end):
        return found, end
    capital = text[start] == "A"
    # "Article 1" alone on its line heads an article of an annexed treaty, not the Charter's.
    heading = (len(found) == 1 and text.startswith("Article ", start)
               and _LINE_START_BEFORE.search(text, max(0, start - 8), start)
               and _LINE_END_AFTER.match(text, end))
    if _OF_ANY.match(text, end) or not capital or heading:
        return [], stop
    return found, end


def _on_chapters(text: str, start: int, stop: int) -> tuple[list[Mention], int]:
    convert = _designated("charter", text, start, stop, lambda n: f"UN Charter Ch. {n}",
                          lambda n: 1 <= _roman(n) <= 19)
    found, end = _member_list(text, stop, _CHAP_MEMBER, convert, _BETWEEN["chap"])
    if found and (_OF_CHARTER.match(text, end)
                  or (text[start] == "C" and not _OF_ANY.match(text, end)
                      and _CHAPTER_CONTEXT_BEFORE.search(text, max(0, start - 40), start))):
        return found, end
    return [], stop


def _on_rules(text: str, start: int, stop: int) -> tuple[list[Mention], int]:
    convert = _designated("rule", text, start, stop,
                          lambda n: f"{RULES_OF_PROCEDURE} rule {int(n)}",
                          lambda n: 1 <= int(n) <= 999)
    found, end = _member_list(text, stop, _RULE_MEMBER, convert, _BETWEEN["rule"])
    tail = _RULES_TAIL.match(text, end) if found else None
    if tail:
        body = re.sub(r"\s+", " ", tail["body"] or "")
        if body == "Security Council" or (not body and tail["prov"]):
            return found, end
    return [], stop


# --- written symbols ------------------------------------------------------------------------
def _read_symbol(text: str, pos: int) -> tuple[str, str, int]:
    """Parse one written symbol at ``pos``: (canonical, kind, end); kind "" when not a symbol.

    The core is ``organ/comp/.../comp`` plus modifiers; the series decides what may follow.
    A core without a digit (``A/B``) is no symbol, but its end is still returned so that the
    scanner skips the whole chain at once (``A/B/C/...`` stays linear).
    """
    core = _SYM_CORE.match(text, pos)
    if not core:
        return "", "", pos + 1
    org, comps, mods = core["org"], core["comps"].split("/"), core["mods"]
    end = core.end()
    if not any(c[-1].isdigit() for c in comps):
        return "", "", end
    head = comps[0]
    if head == "RES" and len(comps) >= 2 and not mods:
        if org == "S" and len(comps) == 2 and comps[1].isdigit():
            tail = _YEAR_TAIL.match(text, end)
            num = int(comps[1])
            if tail:
                return f"S/RES/{num} ({tail['year']})", "sc_resolution", tail.end()
            return f"S/RES/{num}", "sc_resolution", end
        if org == "A" and len(comps) == 3 and comps[2].isdigit():
            sess = comps[1]
            if sess.startswith(("ES-", "S-")):
                kind_, n = sess.split("-")
                return f"A/RES/{kind_}-{int(n)}/{int(comps[2])}", "ga_resolution", end
            if sess.isdigit() and _session_ok(sess):
                base = f"A/RES/{int(sess)}/{int(comps[2])}"
                tail = _LETTER_TAIL.match(text, end)
                if tail and len(tail["letters"]) == 1:
                    return f"{base} {tail['letters']}", "ga_resolution", tail.end()
                return base, "ga_resolution", end
        if org == "A" and len(comps) == 2 and comps[1].isdigit():
            tail = _ROMAN_TAIL.match(text, end)
            num = int(comps[1])
            if tail and 1 <= _roman(tail["roman"].split("-")[-1]) <= 40:
                letters = tail["letters"]
                if not letters or len(letters) == 1:
                    letter = f" {letters}" if letters else ""
                    return f"A/RES/{num}{letter} ({tail['roman']})", "ga_resolution", tail.end()
            return f"A/RES/{num}", "ga_resolution", end
    if org == "S" and head == "PRST" and len(comps) == 3 and all(c.isdigit() for c in comps[1:]):
        return f"S/PRST/{int(comps[1])}/{int(comps[2])}", "prst", end
    symbol = f"{org}/{'/'.join(comps)}{mods}"
    if any(c.startswith(("PV.", "SR.")) for c in comps):
        tail = _RESUMPTION_TAIL.match(text, end)
        if tail:
            return f"{symbol} (Resumption {int(tail['n'])})", "meeting_record", tail.end()
        return symbol, "meeting_record", end
    if any(c.startswith("L.") for c in comps):
        return symbol, "draft", end
    return symbol, "document", end


def _on_symbol(text: str, start: int, stop: int) -> tuple[list[Mention], int]:
    symbol, kind, end = _read_symbol(text, start)
    if not kind:
        return [], max(end, stop)
    if kind == "document":
        # A joint document: the other organ's symbol after a dash or nothing at all.
        sep = _JOINT_SEP.match(text, end)
        other = "S" if symbol[0] == "A" else "A"
        if text.startswith(other + "/", sep.end()):
            second = _read_symbol(text, sep.end())
            if second[1] == "document":
                parts = sorted([symbol, second[0]])          # "A/..." before "S/..."
                symbol, end = f"{parts[0]}-{parts[1]}", second[2]
    if kind == "ga_resolution" and symbol.count("/") == 3 and " " not in symbol:
        # A/RES/31/6 A and B: one resolution per letter.
        tail = _LETTER_TAIL.match(text, end)
        if tail and len(tail["letters"]) > 1:
            out = []
            for i, (pos, letter) in enumerate(_letters(text, tail.start("letters"),
                                                       tail.end("letters"))):
                begin = start if i == 0 else pos
                out.append(Mention(f"{symbol} {letter}", kind, text[begin:pos + 1], begin,
                                   pos + 1))
            return out, tail.end()
    return [Mention(symbol, kind, text[start:end], start, end)], end


def _on_prst(text: str, start: int, stop: int) -> tuple[list[Mention], int]:
    p = _PRST.match(text, start)
    if not p:
        return [], stop
    symbol = f"S/PRST/{int(p['year'])}/{int(p['num'])}"
    return [Mention(symbol, "prst", p.group(), p.start(), p.end())], p.end()


_HANDLERS = {
    "url": lambda text, start, stop: ([], stop),
    "sym": _on_symbol,
    "prst": _on_prst,
    "res": _on_resolutions,
    "art": _on_articles,
    "art_lc": _on_articles,
    "chap": _on_chapters,
    "chap_lc": _on_chapters,
    "rule": _on_rules,
}


def find_mentions(text: str) -> list[Mention]:
    """Every UN citation in ``text``, in text order, with ``text[start:end] == surface``."""
    found: list[Mention] = []
    pos = 0
    search = _MASTER.search
    while True:
        m = search(text, pos)
        if m is None:
            return found
        kind = m.lastgroup
        mentions, end = _HANDLERS[kind](text, m.start() - _BACK.get(kind, 0), m.end())
        found.extend(mentions)
        pos = max(end, m.start() + 1)


# --- one symbol at a time -------------------------------------------------------------------
_CANON_CHARTER = re.compile(
    r"(?:(?:UN|United\s+Nations)\s+Charter,?\s+)?(?:(?P<art>Art\.|Article)\s*(?P<n>\d{1,3})"
    r"|(?P<ch>Ch\.|Chapter)\s*(?P<r>[IVX]{1,5}))(?:\s+of\s+the\s+(?:United\s+Nations\s+)?Charter"
    r"(?:\s+of\s+the\s+United\s+Nations)?)?", re.I)
_CANON_RULE = re.compile(r"(?:S/96/Rev\.7,?\s+)?rule\s+(?P<n>\d{1,3})(?:\s+of\s+(?:its|the)\s+"
                         r"(?:provisional\s+)?rules\s+of\s+procedure(?:\s+of\s+the\s+Security"
                         r"\s+Council)?)?", re.I)
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
_NOT_A_DESIGNATOR = re.compile(r"[\d/]")       # words may precede the citation; numbers may not
_MODS_UPPER = re.compile(r"/(ADD|CORR|REV|AMEND|SUMMARY)\b|\(RESUMPTION")


def _canonical_mention(text: str) -> Mention | None:
    """The one mention that ``text`` consists of, if it is exactly one citation."""
    for candidate in (text, "resolution " + text):
        found = find_mentions(candidate)
        if (len(found) == 1 and not candidate[found[0].end:].strip(" .*,;")
                and not _NOT_A_DESIGNATOR.search(candidate, 0, found[0].start)):
            return found[0]
    return None


def canonical(symbol_text: str) -> str:
    """The canonical symbol of one written citation; ValueError when it is not one.

    Accepts any written form of one citation, with or without its designator words:
    ``S/RES/1963(2010)``, ``Security Council resolution 1963 \\(2010\\)``, ``67/264``,
    ``A/67/280–S/2012/614``, ``PRST/2013/16``, ``Art. 24``, ``Chapter VIII``, ``rule 39``,
    lower case, a Markdown link ``[67/264](#)``. ``canonical(canonical(x)) == canonical(x)``.
    """
    text = _LINK.sub(lambda m: m["text"], " ".join(str(symbol_text).split()))
    text = text.replace("\\(", "(").replace("\\)", ")")
    for cand in (text, text.upper()):
        cand = _MODS_UPPER.sub(lambda m: m.group().title(), cand)
        c = _CANON_CHARTER.fullmatch(cand)
        if c and c["art"] and 1 <= int(c["n"]) <= 111:
            return f"UN Charter Art. {int(c['n'])}"
        if c and c["ch"] and 1 <= _roman(c["r"].upper()) <= 19:
            return f"UN Charter Ch. {c['r'].upper()}"
        r = _CANON_RULE.fullmatch(cand)
        if r:
            return f"{RULES_OF_PROCEDURE} rule {int(r['n'])}"
        found = _canonical_mention(cand)
        if found:
            return found.symbol
    raise ValueError(f"not a UN symbol or citation: {symbol_text!r}")


def kind_of(symbol: str) -> str:
    """The kind (one of KINDS) of a symbol in any written form."""
    sym = canonical(symbol)
    if sym.startswith("UN Charter"):
        return "charter"
    if sym.startswith(RULES_OF_PROCEDURE + " rule"):
        return "rule"
    return _canonical_mention(sym).kind


def undocs_url(symbol: str) -> str | None:
    """``https://undocs.org/<symbol>`` (spaces dropped, as undocs writes them), or None.

    Charter articles and chapters have no document of their own (None); a rule links to the
    rules of procedure S/96/Rev.7; a joint document links to its Assembly symbol; a lettered
    Assembly resolution (``A/RES/31/6 A``) to its number without the letter.
    """
    sym = canonical(symbol)
    if sym.startswith("UN Charter"):
        return None
    if sym.startswith(RULES_OF_PROCEDURE):
        sym = RULES_OF_PROCEDURE
    sym = sym.split("-S/")[0]
    sym = re.sub(r"^(A/RES/[\w-]+/\d+) [A-Z]$", r"\1", sym)
    return UNDOCS + sym.replace(" ", "")


def slug(symbol: str) -> str:
    """A stable HTML-anchor id for a symbol: lower case, ``[a-z0-9-]`` only.

    ``A/RES/67/264`` -> ``a-res-67-264``; ``UN Charter Art. 24`` -> ``un-charter-art-24``.
    Any written form gives the slug of its canonical symbol.
    """
    try:
        symbol = canonical(symbol)
    except ValueError:
        pass
    return re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")


# --- command line ---------------------------------------------------------------------------
FIELDS = ("symbol", "kind", "surface", "start", "end")


def _table(records: list[dict]) -> str:
    """Aligned columns for humans; line breaks inside a surface shown as ``\\n``."""
    rows = [FIELDS] + [tuple(str(r[f]).replace("\r", "\\r").replace("\n", "\\n") for f in FIELDS)
                       for r in records]
    widths = [max(len(row[i]) for row in rows) for i in range(len(FIELDS))]
    numeric = {FIELDS.index("start"), FIELDS.index("end")}
    lines = ["  ".join(cell.rjust(w) if i in numeric else cell.ljust(w)
                       for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m briefing extract PATH [--format jsonl|csv|table]``; PATH ``-`` is stdin."""
    parser = argparse.ArgumentParser(
        prog="python -m briefing extract",
        description="List the UN citations in a text: symbol, kind, surface and character "
                    "offsets (into the text decoded as UTF-8).")
    parser.add_argument("path", metavar="PATH", help="a UTF-8 text file, or - for standard input")
    parser.add_argument("--format", choices=("jsonl", "csv", "table"), default="jsonl")
    args = parser.parse_args(argv)
    try:
        if args.path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.path, "rb") as f:
                data = f.read()
        text = data.decode("utf-8")
    except FileNotFoundError:
        print(f"extract: no such file: {args.path}", file=sys.stderr)
        return 2
    except IsADirectoryError:
        print(f"extract: {args.path} is a directory, not a text file", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"extract: {args.path} is not UTF-8 text (byte {exc.start}: {exc.reason})",
              file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"extract: cannot read {args.path}: {exc.strerror}", file=sys.stderr)
        return 2
    records = [asdict(m) for m in find_mentions(text)]
    out = sys.stdout
    if (getattr(out, "encoding", None) or "").lower().replace("-", "") != "utf8":
        try:
            out.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass
    try:
        if args.format == "jsonl":
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        elif args.format == "csv":
            writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
        else:
            out.write(_table(records))
        out.flush()
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
