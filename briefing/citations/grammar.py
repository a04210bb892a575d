"""The grammar of UN citations: the regular expressions every other stage is built from.

The grammar follows the UN's own symbol rules (shared/reference/un-symbols.md). A citation is
one of three shapes, and the scanner (``MASTER``) looks for the start of each:

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
   before it (a lost line break) but never to a capital, digit, slash or dash. A symbol
   followed by ``and Add.1`` (or ``Corr.1``, ``Rev.1``) cites its addendum too.

2. **A designator and its members**: ``resolution(s)`` / ``res.`` / ``UNSCR``, ``Art.`` /
   ``Arts.`` / ``Article(s)``, ``Chapter(s)``, ``rule(s)``, followed by one or more members
   separated by commas, ``and``, ``or``, ``as well as`` (and ``to`` or a dash for Charter
   ranges), with dates (``of 17 October 2005``), footnote calls and Markdown link tails
   (``](#)``) allowed between them and an opening parenthesis before the first
   (``resolutions (1333 (2000), 1390 (2002))``). Resolution members are

   * ``1963 (2010)``: a Council resolution (four-digit year in parentheses);
   * ``67/264``, ``31/6 A and B``: an Assembly resolution from the 31st session on;
   * ``3369 (XXX)``, ``3367 A (XXX)``, ``3201 (S-VI)``: an Assembly resolution of 1946-1975;
   * ``S-30/1``, ``ES-10/2``: special and emergency special sessions;
   * a bare ``1963`` when the organ before the designator is the Security Council, or when
     the document read is a Council text (``its resolution 1373``), or when the year follows
     in the same sentence (``resolution 1373, adopted in 2001``).

   Parentheses may be Markdown-escaped (``1963 \\(2010\\)``). A designator preceded by another
   body (Human Rights Council, ECOSOC, a Commission, a Board ...) is not a UN GA/SC citation.
   Charter articles (1-111) and chapters (I-XIX) need Charter context: a capitalised ``Art.`` /
   ``Article`` counts unless an ``of ...`` naming another instrument follows or it is a heading
   on a line of its own (UN style writes other instruments' articles in lower case); a chapter
   needs ``of the Charter`` after it, or ``under`` / ``the Charter's`` before it. Rules need
   ``of its provisional rules of procedure`` (or ``... of the Security Council``) after them:
   the Council's rules, S/96/Rev.7.

3. **URLs** (``http(s)://...``, ``www....``) are skipped whole: their paths are not citations.

Meetings ("at its 5261st meeting", "40th plenary meeting") are found by ``MEETING`` in
``resolve``, because they need the document's context.
"""

from __future__ import annotations

import re

# --- pieces of the grammar ------------------------------------------------------------------
LP, RP = r"\\?\(", r"\\?\)"  # parentheses, possibly Markdown-escaped
HS = r"[ \t\u00a0\u202f]"  # horizontal space
YEAR = r"(?:19[4-9]\d|20\d\d)"
MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
LSEP = r"(?:\s*,\s*|\s+and\s+|\s*[-\u2013]\s*|\s+to\s+)"  # between suffix letters
LETTERS = rf"[A-Z](?:{LSEP}[A-Z])*(?![\w/])"  # "A", "A and B", "A-C"
NL = rf"(?:{HS}*\r?\n)?{HS}*"  # one line break at most
COMP = r"(?:[A-Z]{1,8}(?:\.\d+)?(?![A-Za-z])|\d+|(?:ES|S)-\d+)"

# The scanner: one alternative per shape, each starting with its own trigger character, so that
# ``re`` computes a charset prefix from the branches' first characters and skips ahead in C to
# the next candidate; at a candidate only the branch of that character is tried, and its
# lookbehind checks what precedes. Triggers are kept rare: ``A``, ``S``, ``P``, ``R``/``r``,
# ``U``, ``C``/``c``, ``a``, and ``:``/``.`` for URLs (``https:``/``www.``). Lower-case ``article``
# and ``chapter`` start at their first letter. Group names: ``url``/``www`` (skipped), ``sym``/
# ``sym_s`` (a written symbol), ``prst``, ``res``/``res_u``/``unscr``, ``rule``/``rule_u``,
# ``art``/``art_lc``, ``chap``/``chap_lc``. About 2x faster than one leading character class
# with lookbehind-first alternatives (benchmarks/bench_finder.py).
_RES_AHEAD = r"(?=\s+(?:[\u2013\u2014]\s+)?[\[(]?\s*(?:\d|E?S-\d))"
MASTER = re.compile(
    r"""
  :(?P<url>(?:(?<=https:)|(?<=http:))//[^\s<>"\]]+)
| \.(?P<www>(?<=www\.)[^\s<>"\]]+)
| A(?:(?P<sym>(?<![A-Z0-9/\\._\-\u2013\u2014]A)/(?=[A-Z0-9]|E?S-\d))
     |(?P<art>(?<![A-Za-z]A)(?:rts?\.|rticles?)(?=\s*\[?\d)))
| S(?P<sym_s>(?<![A-Z0-9/\\._\-\u2013\u2014]S)/(?=[A-Z0-9]|E?S-\d))
| P(?P<prst>(?<![A-Za-z0-9/]P)RST/(?=\d))
| r(?<![A-Za-z]r)(?:(?P<res>esolutions?|es\.)"""
    + _RES_AHEAD
    + r"""|(?P<rule>ules?)(?=\s+\[?\d))
| R(?<![A-Za-z]R)(?:(?P<res_u>esolutions?|es\.)"""
    + _RES_AHEAD
    + r"""|(?P<rule_u>ules?)(?=\s+\[?\d))
| U(?P<unscr>(?<![A-Za-z]U)NSCRs?)"""
    + _RES_AHEAD
    + r"""
| a(?P<art_lc>(?<![A-Za-z]a)r(?:ts?\.|ticles?)(?=\s*\[?\d))
| C(?P<chap>(?<![A-Za-z]C)hapters?(?=\s+\[?[IVX]))
| c(?P<chap_lc>(?<![A-Za-z]c)hapters?(?=\s+\[?[IVX]))
""",
    re.X,
)

SYM_CORE = re.compile(
    rf"(?P<org>[AS])/(?P<comps>(?:{COMP}/)*{COMP})"
    r"(?P<mods>(?:/(?:Add|Corr|Rev|Amend)\.\d+|/Summary)*)"
)
JOINT_SEP = re.compile(rf"{HS}?[-\u2013\u2014](?:\r?\n|{HS})?|")
YEAR_TAIL = re.compile(rf"{HS}*{LP}\s*(?P<year>{YEAR})\s*{RP}")
ROMAN_TAIL = re.compile(
    rf"(?:{HS}+(?P<letters>{LETTERS}))?{HS}*{LP}\s*"
    rf"(?P<roman>(?:ES-|S-)?[IVXLC]+)\s*{RP}"
)
LETTER_TAIL = re.compile(rf"{HS}+(?P<letters>{LETTERS})")
RESUMPTION_TAIL = re.compile(rf"{HS}*{LP}\s*Resumption\s*(?P<n>\d+)\s*{RP}")
PRST = re.compile(r"PRST/(?P<year>\d{4})/(?P<num>\d+)(?!\d)")

# "resolution 1373 in 2001", "resolution 1373, adopted in 2001", "... adopted unanimously on 28
# September 2001", "resolution 1373 of 28 September 2001": the year of a bare number, read from
# the words right after it (nothing but these words may stand between number and year).
YEAR_PHRASE = (
    rf"(?:{HS}*,)?\s+(?:(?:which|that)\s+(?:was\s+)?)?(?:adopted\s+(?:[a-z]+ly\s+)?)?"
    rf"(?:(?:in|of)\s+(?P<yyear>{YEAR})(?![\d/])"
    rf"|(?:of|on)\s+\d{{1,2}}\s+{MONTH}\s+(?P<dyear>{YEAR})(?!\d))"
)
# "... resolutions 242 (1967) and 338 (1973);" / "7." / "Decides ...": a bare number that opens a
# line after a ";" and a line break, and is followed by a full stop and a space or line end
# ("7." / "Decides", "10. Decides"), is the next operative paragraph's number, not a member.
PARA_NUMBER_GAP = re.compile(r"[ \t\u00a0\u202f\f]*\r?\n\s*")  # from the ";" to the number
PARA_NUMBER_AFTER = re.compile(r"\.(?:\s|\Z)")
# "A/59/L.12 and Add.1": the addendum (corrigendum, revision) of the symbol just cited.
MOD_TAIL = re.compile(r"\s+and\s+(?P<mod>(?:Add|Corr|Rev)\.\d+)(?!\w|\.\d|/)")


def res_member_re(bare_follow: str) -> re.Pattern:
    """One resolution member; ``bare_follow`` is what must follow a bare (year-less) number."""
    return re.compile(
        rf"""
  (?P<sp>(?P<spk>ES|S)-(?P<sps>\d{{1,2}})/(?P<spn>\d{{1,3}}))(?![\d/])
| (?P<mod>(?P<sess>\d{{2,3}})/(?P<num>\d{{1,4}}))(?![\d/])(?:{HS}+(?P<mlet>{LETTERS}))?
| (?P<par>(?P<pnum>\d{{1,4}})(?:{HS}+(?P<plet>{LETTERS}))?{NL}{LP}\s*
      (?:(?P<year>{YEAR})|(?P<roman>(?:ES-|S-)?[IVXLC]+))\s*{RP})
| (?P<ybare>\d{{1,4}}){YEAR_PHRASE}
| (?P<bare>\d{{1,4}}){bare_follow}
""",
        re.X,
    )


# After "Security Council resolutions" a bare number must end the list item ("1267, 1333 and
# 1390"), so that "resolution 1963 (2010) and 2000 troops" gives no S/RES/2000; after UNSCR,
# whose letters say it all, anything but a digit or slash may follow.
RES_MEMBER = res_member_re(r"(?=\s*(?:[,;.)\]]|and\b|or\b|\Z))")
UNSCR_MEMBER = res_member_re(r"(?![\d/])")
ART_MEMBER = re.compile(
    rf"(?P<n>\d{{1,3}})(?![\d/]|\.\d)(?:\s*{LP}\s*\d+\s*{RP}|,\s*paragraphs?"
    rf"\s+\d+(?:\s*\([a-z]\))?(?=\s*,))?"
)
CHAP_MEMBER = re.compile(r"(?P<n>[IVX]{1,5})(?![A-Za-z])")
RULE_MEMBER = re.compile(r"(?P<n>\d{1,3})(?![\d/]|\.\d)")

GAP = re.compile(r"\s*(?:[\u2013\u2014]\s+)?(?:\(\s*)?(?:\[\s*)?")  # before the first member: "(" of a nested list, "["
LINK_TAIL = r"\]\((?:[^()\s]|\([^()\s]*\))*\)"  # "](#)", "](https://...(2005))"
DATE_GAP = rf"\s*,?\s*(?:of|dated|adopted\s+on|adopted)\s+\d{{1,2}}\s+{MONTH}\s+\d{{4}}"
SEP = r"\s*[,;]\s*(?:(?:and|or|as\s+well\s+as)\s+)?|\s+(?:and|or|as\s+well\s+as)\s+"
RANGE_SEP = r"|\s*[-\u2013]\s*|\s+to\s+"


def between(designator: str, ranges: bool = False) -> re.Pattern:
    """What may stand between two members: link tail, date, separator, designator again, gap.

    Group ``tail`` ends where the previous member's citation ends (after its link tail).
    """
    return re.compile(
        rf"(?P<tail>(?:{LINK_TAIL})?)(?:{DATE_GAP})?(?:{SEP}"
        rf"{RANGE_SEP if ranges else ''})(?:{designator})?\s*(?:\[\s*)?"
    )


BETWEEN = {
    "res": between(r"[Rr]esolutions?\s+|res\.\s*"),
    "art": between(r"(?:Arts?\.|Articles?|articles?)\s*", ranges=True),
    "chap": between(r"[Cc]hapters?\s+"),
    "rule": between(r"[Rr]ules?\s+"),
}


# The shape of a whole Charter or rules list, members checked as the readers check them (articles
# 1-111, chapters I-XIX, rules 1-999), in one match: a list the grammar will reject is skipped
# in C, without reading member by member (a long rejected list stays cheap).
_ART_N = r"(?:0{0,2}[1-9]|0?[1-9]\d|10\d|11[01])(?![\d/]|\.\d)"
_CHAP_N = r"(?=[IVX])X?(?:IX|IV|V?I{0,3})(?![A-Za-z])"
_RULE_N = r"(?!0{1,3}(?!\d))\d{1,3}(?![\d/]|\.\d)"


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _list_shape(member: str, designator: str) -> re.Pattern:
    b = _unnamed(BETWEEN[designator].pattern)
    return re.compile(rf"(?:{member})(?:{b}(?:{member}))*(?:{LINK_TAIL})?")


LIST_SHAPE = {
    "art": _list_shape(_ART_N + _unnamed(ART_MEMBER.pattern)[len(r"(?:\d{1,3})(?![\d/]|\.\d)") :], "art"),
    "chap": _list_shape(_CHAP_N, "chap"),
    "rule": _list_shape(_RULE_N, "rule"),
}
LINK_TAIL_RE = re.compile(LINK_TAIL)

ORGAN_BEFORE = re.compile(
    r"""\b(?:
   (?P<other>Human\s+Rights\s+Council|Economic\s+and\s+Social\s+Council|Trusteeship\s+Council
     |Peace\s+and\s+Security\s+Council|Governing\s+Council|Executive\s+Council|Council\s+of\s+\w+
     |ECOSOC|HRC|Commission(?:\s+on\s+[A-Z][\w ]*?)?|Sub-Commission|Committee|Board|Conference
     |Health\s+Assembly|Summit|Union|WHO|UNESCO|IAEA|OIC)
 | (?P<sc>Security\s+Council|Council|SC|UNSC)
 | (?P<ga>General\s+Assembly|Assembly|GA|UNGA)
)(?:['\u2019]s)?\s+$""",
    re.X,
)
OPEN_PAREN = re.compile(r"\s*\(")
CHAPTER_CONTEXT_BEFORE = re.compile(r"\b(?:[Uu]nder|Charter['\u2019]s|Charter,)\s+$")
LINE_START_BEFORE = re.compile(r"(?:^|\n)[#*_>\t ]*$")
LINE_END_AFTER = re.compile(r"[*_ \t]*(?:\r?\n|\Z)")
OF_CHARTER = re.compile(
    r"\s*,?\s+of\s+the\s+(?:United\s+Nations\s+)?Charter\b"
    r"(?!\s+of\s+(?!the\s+United\s+Nations))"
)
OF_ANY = re.compile(r"\s*,?\s+of\s")
# "Chapter VI, including Article 33, paragraph 1, of the Charter": the chapter's Charter is named
# after an article of the same chapter.
INCLUDING_OF_CHARTER = re.compile(
    r"\s*,\s+including\s+(?:Articles?|Arts?\.)\s+\d{1,3}"
    r"(?:\s*,\s*paragraphs?\s+\d+)?\s*,?\s+of\s+the\s+"
    r"(?:United\s+Nations\s+)?Charter\b"
)
RULES_TAIL = re.compile(
    r"""\s+of\s+(?:its|the(?:\s+(?:Security\s+)?Council['\u2019]s)?)\s+
    (?P<prov>provisional\s+)?rules\s+of\s+procedure
    (?:\s+of\s+the\s+(?P<body>Security\s+Council|General\s+Assembly|[A-Z][\w-]*))?""",
    re.X,
)


def session_ok(session: str) -> bool:
    """``67`` in ``67/264``: Assembly sessions numbered this way run from the 31st (1976)."""
    return 31 <= int(session) <= 199
