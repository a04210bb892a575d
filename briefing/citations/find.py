"""Find: scan a text once and read every citation at the place the scanner stops.

``scan(text, organ=None)`` is the finder's first stage: one compiled regex (``grammar.MASTER``)
finds where a citation may start, and one handler per shape reads it (a written symbol, a
designator with its members, a URL to skip). ``organ`` is the document's own organ (``"sc"``
or ``"ga"``), used only where a citation names no organ ("its resolution 1373"). Context,
meetings, self-references and pinpoints are added by later stages (``resolve``, ``pinpoints``).

Every handler returns the mentions it read and where the scanner resumes. A designator list
the grammar rejects (an article "of the Convention", a chapter "of the report") resumes after
the whole list, so that a long run of members is read once, not once per designator in it:
the scan is linear in the text (see benchmarks/bench_finder.py for the adversarial case).
"""

from __future__ import annotations

import re

from .grammar import (
    ART_MEMBER,
    BETWEEN,
    CHAP_MEMBER,
    CHAPTER_CONTEXT_BEFORE,
    GAP,
    INCLUDING_OF_CHARTER,
    JOINT_SEP,
    LETTER_TAIL,
    LINE_END_AFTER,
    LINE_START_BEFORE,
    LINK_TAIL_RE,
    LIST_SHAPE,
    MASTER,
    MOD_TAIL,
    OF_ANY,
    OF_CHARTER,
    OPEN_PAREN,
    ORGAN_BEFORE,
    PARA_NUMBER_AFTER,
    PARA_NUMBER_GAP,
    PRST,
    RES_MEMBER,
    RESUMPTION_TAIL,
    ROMAN_TAIL,
    RULE_MEMBER,
    RULES_TAIL,
    SYM_CORE,
    UNSCR_MEMBER,
    YEAR_TAIL,
    session_ok,
)
from .models import RULES_OF_PROCEDURE, Mention, roman_value

_SPACE = " \t\r\n\u00a0\u202f"


# --- the resolution designator --------------------------------------------------------------
def _organ(text: str, start: int) -> str | None:
    """``sc``, ``ga``, ``other`` or None: the body named just before a designator.

    Every body name ends in a capitalised word (``Council``, ``Assembly``, ``OIC``), with or
    without ``'s``; the regex runs only when the word before the designator is one.
    """
    i = start
    while i > 0 and text[i - 1] in _SPACE:
        i -= 1
    if i == start:
        return None
    if text[i - 2 : i] in ("'s", "\u2019s"):
        i -= 2
    k = i
    while k > 0 and k > i - 16 and (text[k - 1].isalpha() or text[k - 1] == "-"):
        k -= 1
    if k == i or not text[k].isupper():
        return None
    m = ORGAN_BEFORE.search(text, max(0, start - 80), start)
    return m.lastgroup if m else None


def _letters(text: str, start: int, end: int):
    """(letter, offset) for each suffix letter in text[start:end] ("A and B", "A-C")."""
    return [(i, text[i]) for i in range(start, end) if "A" <= text[i] <= "Z"]


def _res_member(text: str, mm: re.Match, organ: str | None, default: str | None = None) -> list[Mention] | None:
    """Mentions for one resolution member, or None when it is not a valid member.

    ``organ`` is the body named before the designator, ``default`` the document's own organ
    (used when none is named).
    """
    s = mm.start()
    if mm["sp"]:
        sym = f"A/RES/{mm['spk']}-{int(mm['sps'])}/{int(mm['spn'])}"
        return [Mention(sym, "ga_resolution", mm["sp"], s, mm.end("sp"))]
    if mm["mod"]:
        if not session_ok(mm["sess"]):
            return None
        base = f"A/RES/{int(mm['sess'])}/{int(mm['num'])}"
        if not mm["mlet"]:
            return [Mention(base, "ga_resolution", mm["mod"], s, mm.end("mod"))]
        out = []
        for i, (pos, letter) in enumerate(_letters(text, mm.start("mlet"), mm.end("mlet"))):
            begin = s if i == 0 else pos
            out.append(Mention(f"{base} {letter}", "ga_resolution", text[begin : pos + 1], begin, pos + 1))
        return out
    if mm["par"]:
        num = int(mm["pnum"])
        if mm["year"]:
            if num == 0:
                return None
            return [Mention(f"S/RES/{num} ({mm['year']})", "sc_resolution", mm["par"], s, mm.end("par"))]
        roman = mm["roman"]
        if not 1 <= roman_value(roman.split("-")[-1]) <= 40:
            return None
        if not mm["plet"]:
            return [Mention(f"A/RES/{num} ({roman})", "ga_resolution", mm["par"], s, mm.end("par"))]
        letters = _letters(text, mm.start("plet"), mm.end("plet"))
        out = []
        for i, (pos, letter) in enumerate(letters):
            begin = s if i == 0 else pos
            stop = mm.end("par") if len(letters) == 1 else pos + 1
            out.append(Mention(f"A/RES/{num} {letter} ({roman})", "ga_resolution", text[begin:stop], begin, stop))
        return out
    inferred = ""
    if organ is None and default:
        organ, inferred = default, "organ"
    if mm["ybare"] and organ != "ga" and int(mm["ybare"]) > 0:
        year = mm["yyear"] or mm["dyear"]
        return [Mention(f"S/RES/{int(mm['ybare'])} ({year})", "sc_resolution", mm["ybare"], s, mm.end("ybare"), inferred="year")]
    if mm["bare"] and organ == "sc" and int(mm["bare"]) > 0 and not _paragraph_number(text, mm):
        return [Mention(f"S/RES/{int(mm['bare'])}", "sc_resolution", mm["bare"], s, mm.end(), inferred=inferred, year_unknown=True)]
    return None


def _member_list(text: str, pos: int, member: re.Pattern, convert, between: re.Pattern) -> tuple[list[Mention], int]:
    """Parse ``member (between member)*`` from ``pos``; returns the mentions and the end.

    ``between`` (see ``between``) takes a Markdown link tail ``](...)``, a date (``of 17
    October 2005``), a separator (``,``, ``and``, ``or``, ``as well as``; for Charter ranges
    also ``to`` and dashes) and optionally the designator again. The list stops at the first
    thing that is not a valid member; the end returned is that of the last member's citation.
    """
    found: list[Mention] = []
    p = GAP.match(text, pos).end()
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
            tail = LINK_TAIL_RE.match(text, mm.end())
            return found, tail.end() if tail else mm.end()
        pos, p = gap.end("tail"), gap.end()


def _paragraph_number(text: str, mm: re.Match) -> bool:
    """A bare member that is the next operative paragraph's number ("338 (1973);" / "7.").

    Never the first member: the designator, not a ";", stands before that one."""
    if not PARA_NUMBER_AFTER.match(text, mm.end("bare")):
        return False
    s = mm.start()
    k = text.rfind(";", max(0, s - 80), s)
    return k >= 0 and PARA_NUMBER_GAP.fullmatch(text, k + 1, s) is not None


def _on_resolutions(text: str, start: int, stop: int, default: str | None = None) -> tuple[list[Mention], int]:
    unscr = text.startswith("UNSCR", start)
    member = UNSCR_MEMBER if unscr else RES_MEMBER
    if member.match(text, GAP.match(text, stop).end()) is None:
        return [], stop  # "resolution 12 (34)": no member, no organ to read
    organ = "sc" if unscr else _organ(text, start)
    if organ == "other":
        return [], stop
    if OPEN_PAREN.match(text, stop):
        organ = default = None  # "resolutions (1333 (2000), ...)": a bare "(2010" is no member
    found, end = _member_list(text, stop, member, lambda t, mm, first: _res_member(t, mm, organ, default), BETWEEN["res"])
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
        return [Mention(symbol(mm["n"]), kind, text[begin : mm.end("n")], begin, mm.end("n"))]

    return convert


def _on_articles(text: str, start: int, stop: int, default=None) -> tuple[list[Mention], int]:
    shape = LIST_SHAPE["art"].match(text, GAP.match(text, stop).end())
    if shape is None:
        return [], stop
    if not OF_CHARTER.match(text, shape.end()) and (text[start] != "A" or OF_ANY.match(text, shape.end())):
        return [], shape.end()  # rejected whatever its members: skip the whole list
    convert = _designated("charter", text, start, stop, lambda n: f"UN Charter Art. {int(n)}", lambda n: 1 <= int(n) <= 111)
    found, end = _member_list(text, stop, ART_MEMBER, convert, BETWEEN["art"])
    if not found:
        return [], stop
    if OF_CHARTER.match(text, end):
        return found, end
    capital = text[start] == "A"
    # "Article 1" alone on its line heads an article of an annexed treaty, not the Charter's.
    heading = (
        len(found) == 1
        and text.startswith("Article ", start)
        and LINE_START_BEFORE.search(text, max(0, start - 8), start)
        and LINE_END_AFTER.match(text, end)
    )
    if OF_ANY.match(text, end) or not capital or heading:
        return [], end
    return found, end


def _on_chapters(text: str, start: int, stop: int, default=None) -> tuple[list[Mention], int]:
    shape = LIST_SHAPE["chap"].match(text, GAP.match(text, stop).end())
    if shape is None:
        return [], stop
    end = shape.end()
    if not (
        OF_CHARTER.match(text, end)
        or INCLUDING_OF_CHARTER.match(text, end)
        or (text[start] == "C" and not OF_ANY.match(text, end) and CHAPTER_CONTEXT_BEFORE.search(text, max(0, start - 40), start))
    ):
        return [], end  # rejected whatever its members: skip the whole list
    convert = _designated("charter", text, start, stop, lambda n: f"UN Charter Ch. {n}", lambda n: 1 <= roman_value(n) <= 19)
    found, end = _member_list(text, stop, CHAP_MEMBER, convert, BETWEEN["chap"])
    if found and (
        OF_CHARTER.match(text, end)
        or INCLUDING_OF_CHARTER.match(text, end)
        or (text[start] == "C" and not OF_ANY.match(text, end) and CHAPTER_CONTEXT_BEFORE.search(text, max(0, start - 40), start))
    ):
        return found, end
    return [], max(end, stop)


def _on_rules(text: str, start: int, stop: int, default=None) -> tuple[list[Mention], int]:
    shape = LIST_SHAPE["rule"].match(text, GAP.match(text, stop).end())
    if shape is None:
        return [], stop
    if not RULES_TAIL.match(text, shape.end()):
        return [], shape.end()  # no rules of procedure named: skip the whole list
    convert = _designated("rule", text, start, stop, lambda n: f"{RULES_OF_PROCEDURE} rule {int(n)}", lambda n: 1 <= int(n) <= 999)
    found, end = _member_list(text, stop, RULE_MEMBER, convert, BETWEEN["rule"])
    tail = RULES_TAIL.match(text, end) if found else None
    if tail:
        body = re.sub(r"\s+", " ", tail["body"] or "")
        if body == "Security Council" or (not body and tail["prov"]):
            return found, end
    return [], max(end, stop)


# --- written symbols ------------------------------------------------------------------------
def _read_symbol(text: str, pos: int) -> tuple[str, str, int]:
    """Parse one written symbol at ``pos``: (canonical, kind, end); kind "" when not a symbol.

    The core is ``organ/comp/.../comp`` plus modifiers; the series decides what may follow.
    A core without a digit (``A/B``) is no symbol, but its end is still returned so that the
    scanner skips the whole chain at once (``A/B/C/...`` stays linear).
    """
    core = SYM_CORE.match(text, pos)
    if not core:
        return "", "", pos + 1
    org, comps, mods = core["org"], core["comps"].split("/"), core["mods"]
    end = core.end()
    if not any(c[-1].isdigit() for c in comps):
        return "", "", end
    head = comps[0]
    if head == "RES" and len(comps) >= 2 and not mods:
        if org == "S" and len(comps) == 2 and comps[1].isdigit():
            tail = YEAR_TAIL.match(text, end)
            num = int(comps[1])
            if tail:
                return f"S/RES/{num} ({tail['year']})", "sc_resolution", tail.end()
            return f"S/RES/{num}", "sc_resolution", end
        if org == "A" and len(comps) == 3 and comps[2].isdigit():
            sess = comps[1]
            if sess.startswith(("ES-", "S-")):
                kind_, n = sess.split("-")
                return f"A/RES/{kind_}-{int(n)}/{int(comps[2])}", "ga_resolution", end
            if sess.isdigit() and session_ok(sess):
                base = f"A/RES/{int(sess)}/{int(comps[2])}"
                tail = LETTER_TAIL.match(text, end)
                if tail and len(tail["letters"]) == 1:
                    return f"{base} {tail['letters']}", "ga_resolution", tail.end()
                return base, "ga_resolution", end
        if org == "A" and len(comps) == 2 and comps[1].isdigit():
            tail = ROMAN_TAIL.match(text, end)
            num = int(comps[1])
            if tail and 1 <= roman_value(tail["roman"].split("-")[-1]) <= 40:
                letters = tail["letters"]
                if not letters or len(letters) == 1:
                    letter = f" {letters}" if letters else ""
                    return f"A/RES/{num}{letter} ({tail['roman']})", "ga_resolution", tail.end()
            return f"A/RES/{num}", "ga_resolution", end
    if org == "S" and head == "PRST" and len(comps) == 3 and all(c.isdigit() for c in comps[1:]):
        return f"S/PRST/{int(comps[1])}/{int(comps[2])}", "prst", end
    symbol = f"{org}/{'/'.join(comps)}{mods}"
    if any(c.startswith(("PV.", "SR.")) for c in comps):
        tail = RESUMPTION_TAIL.match(text, end)
        if tail:
            return f"{symbol} (Resumption {int(tail['n'])})", "meeting_record", tail.end()
        return symbol, "meeting_record", end
    if any(c.startswith("L.") for c in comps):
        return symbol, "draft", end
    return symbol, "document", end


def _on_symbol(text: str, start: int, stop: int, default=None) -> tuple[list[Mention], int]:
    symbol, kind, end = _read_symbol(text, start)
    if not kind:
        return [], max(end, stop)
    if kind == "document":
        # A joint document: the other organ's symbol after a dash or nothing at all.
        sep = JOINT_SEP.match(text, end)
        other = "S" if symbol[0] == "A" else "A"
        if text.startswith(other + "/", sep.end()):
            second = _read_symbol(text, sep.end())
            if second[1] == "document":
                parts = sorted([symbol, second[0]])  # "A/..." before "S/..."
                symbol, end = f"{parts[0]}-{parts[1]}", second[2]
    if kind == "ga_resolution" and symbol.count("/") == 3 and " " not in symbol:
        # A/RES/31/6 A and B: one resolution per letter.
        tail = LETTER_TAIL.match(text, end)
        if tail and len(tail["letters"]) > 1:
            out = []
            for i, (pos, letter) in enumerate(_letters(text, tail.start("letters"), tail.end("letters"))):
                begin = start if i == 0 else pos
                out.append(Mention(f"{symbol} {letter}", kind, text[begin : pos + 1], begin, pos + 1))
            return out, tail.end()
    found = [Mention(symbol, kind, text[start:end], start, end)]
    more = MOD_TAIL.match(text, end) if kind in ("document", "draft") else None
    if more:
        # "A/59/L.12 and Add.1"; a joint document's corrigendum carries both symbols' suffix.
        mod = more["mod"]
        cited = "-".join(f"{part}/{mod}" for part in symbol.split("-", 1)) if "-S/" in symbol else f"{symbol}/{mod}"
        found.append(Mention(cited, kind, mod, more.start("mod"), more.end()))
        end = more.end()
    return found, end


def _on_prst(text: str, start: int, stop: int, default=None) -> tuple[list[Mention], int]:
    p = PRST.match(text, start)
    if not p:
        return [], stop
    symbol = f"S/PRST/{int(p['year'])}/{int(p['num'])}"
    return [Mention(symbol, "prst", p.group(), p.start(), p.end())], p.end()


def _skip(text: str, start: int, stop: int, default=None) -> tuple[list[Mention], int]:
    return [], stop  # a URL: its path is no citation


_HANDLERS = {
    "url": _skip,
    "www": _skip,
    "sym": _on_symbol,
    "sym_s": _on_symbol,
    "prst": _on_prst,
    "res": _on_resolutions,
    "res_u": _on_resolutions,
    "unscr": _on_resolutions,
    "art": _on_articles,
    "art_lc": _on_articles,
    "chap": _on_chapters,
    "chap_lc": _on_chapters,
    "rule": _on_rules,
    "rule_u": _on_rules,
}


def scan(text: str, organ: str | None = None) -> list[Mention]:
    """Every citation the grammar reads in ``text``, in text order, ``text[start:end] ==
    surface``; ``organ`` (``"sc"``/``"ga"``) is the document's own, for citations naming none."""
    found: list[Mention] = []
    pos = 0
    search = MASTER.search
    handlers = _HANDLERS
    while True:
        m = search(text, pos)
        if m is None:
            return found
        mentions, end = handlers[m.lastgroup](text, m.start(), m.end(), organ)
        found.extend(mentions)
        pos = max(end, m.start() + 1)
