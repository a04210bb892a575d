"""One symbol at a time: ``canonical``, ``kind_of``, ``undocs_url``, ``slug``.

A written citation in any form (``S/RES/1963(2010)``, ``resolution [67/264](#)``, ``Art. 24``)
to its one canonical symbol, its kind, its undocs.org address and an HTML anchor.
"""

from __future__ import annotations

import re

from .find import scan
from .models import RULES_OF_PROCEDURE, UNDOCS, Mention, roman_value

_CANON_CHARTER = re.compile(
    r"(?:(?:UN|United\s+Nations)\s+Charter,?\s+)?(?:(?P<art>Art\.|Article)\s*(?P<n>\d{1,3})"
    r"|(?P<ch>Ch\.|Chapter)\s*(?P<r>[IVX]{1,5}))(?:\s+of\s+the\s+(?:United\s+Nations\s+)?Charter"
    r"(?:\s+of\s+the\s+United\s+Nations)?)?",
    re.I,
)
_CANON_RULE = re.compile(
    r"(?:S/96/Rev\.7,?\s+)?rule\s+(?P<n>\d{1,3})(?:\s+of\s+(?:its|the)\s+"
    r"(?:provisional\s+)?rules\s+of\s+procedure(?:\s+of\s+the\s+Security"
    r"\s+Council)?)?",
    re.I,
)
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
_NOT_A_DESIGNATOR = re.compile(r"[\d/]")  # words may precede the citation; numbers may not
_MODS_UPPER = re.compile(r"/(ADD|CORR|REV|AMEND|SUMMARY)\b|\(RESUMPTION")


def _canonical_mention(text: str) -> Mention | None:
    """The one mention that ``text`` consists of, if it is exactly one citation."""
    for candidate in (text, "resolution " + text):
        found = scan(candidate)
        if len(found) == 1 and not candidate[found[0].end :].strip(" .*,;") and not _NOT_A_DESIGNATOR.search(candidate, 0, found[0].start):
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
        if c and c["ch"] and 1 <= roman_value(c["r"].upper()) <= 19:
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
