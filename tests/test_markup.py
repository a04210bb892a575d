"""The bottom layer: escaping, links, sources as links, dates at their precision, number words."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from briefing import markup
from briefing.markup import PartialDate

pytestmark = pytest.mark.unit


def test_blank_is_one_test_for_every_kind_of_missing_value():
    for value in [None, pd.NA, pd.NaT, float("nan"), "", "   "]:
        assert markup.blank(value), repr(value)
    for value in [0, "0", "x", 0.0]:
        assert not markup.blank(value), repr(value)
    assert markup.text_or_none(" ") is None and markup.text_or_none(1976) == "1976"


def test_escape_and_links_keep_data_as_text():
    assert markup.escape("OIC <b>&") == "OIC \\<b\\>\\&"
    assert markup.escape(None) == markup.escape(" ") == "not confirmed"
    assert markup.link("a (b)", "https://x.org/a_(b)") == "[a \\(b\\)](<https://x.org/a_(b)>)"
    with pytest.raises(ValueError, match="refusing link target 'javascript:alert\\(1\\)'"):
        markup.link("x", "javascript:alert(1)")
    assert markup.fragment(" the OIC ") == " the OIC "
    assert markup.paragraph_link(4) == "[¶4](<#para-4>)"


def test_cite_links_paragraphs_and_addresses_and_nothing_else():
    md = markup.cite('S/2013/588 ¶8 ("in 2012"); S/2013/588 ¶9 ; see (Sapa-AFP, http://www.iol.co.za/a-1.1107787)')
    assert md.startswith("[S/2013/588 ¶8](<#para-8>)") and "; [S/2013/588 ¶9](<#para-9>); see" in md
    assert "[iol\\.co\\.za](<http://www.iol.co.za/a-1.1107787>)\\)" in md
    assert markup.cite("S/2013/588 ¶6; S/2013/588 ¶7") == "[S/2013/588 ¶6](<#para-6>), [¶7](<#para-7>)"
    assert markup.cite("S/2013/588 ¶11 fn. a") == "[S/2013/588 ¶11 fn\\. a](<#para-11>)"
    assert markup.cite("S/2013/588 L1") == "[S/2013/588 L1](<#letter-1>)"
    assert markup.cite("www.oic-oci.org.") == "[oic\\-oci\\.org](<https://www.oic-oci.org>)\\."
    assert "](" not in markup.cite("javascript:alert(1) <script>")
    assert markup.cite(None) == "not confirmed"
    shouted = markup.cite("see ¶3 here", plain=str.upper)  # the text between goes through ``plain``
    assert shouted == "SEE [¶3](<#para-3>) HERE"


def test_prose_links_pilcrows_only():
    assert markup.prose("As ¶4 and ¶14 say.") == "As [¶4](<#para-4>) and [¶14](<#para-14>) say\\."
    assert markup.prose(float("nan")) == "not confirmed"


def test_readme_inline_keeps_code_and_bold_and_links_addresses():
    md = markup.inline("From `world-atlas` **2.0.2**, see https://github.com/topojson/world-atlas.")
    assert md == "From `world-atlas` **2\\.0\\.2**, see [https\\://github\\.com/topojson/world\\-atlas](<https://github.com/topojson/world-atlas>)\\."


def test_paper_paragraphs_in_the_order_written():
    assert markup.paper_paragraphs("S/2013/588 ¶12; S/2013/588 ¶3 fn. a; www.x.org") == [12, 3]
    assert markup.paper_paragraphs(None) == []


@pytest.mark.parametrize(
    "text, date, written, precision",
    [
        ("1976", PartialDate(1976), "1976", "year"),
        ("1970-03", PartialDate(1970, 3), "March 1970", "month"),
        ("2013-10-28", PartialDate(2013, 10, 28), "28 October 2013", "day"),
        ("2012-02-29", PartialDate(2012, 2, 29), "29 February 2012", "day"),
    ],
)
def test_partial_dates_read_and_written_at_their_precision(text, date, written, precision):
    assert PartialDate.parse(text) == date
    assert str(date) == written and date.precision == precision and date.iso == text
    assert markup.format_date(text) == written


@pytest.mark.parametrize("text", ["2013-02-30", "2013-13", "2013-1", "13", "2013/10/28", "October 2013"])
def test_partial_dates_refuse_what_is_not_a_real_date(text):
    assert PartialDate.parse(text) is None


def test_partial_dates_span_and_sort_in_iso_order():
    assert PartialDate(1970, 3).first == dt.date(1970, 3, 1) and PartialDate(1970, 3).last == dt.date(1970, 3, 31)
    assert PartialDate(2012).last == dt.date(2012, 12, 31)
    dates = [PartialDate(2012, 4, 3), PartialDate(2012), PartialDate(2011, 12), PartialDate(2012, 1)]
    assert [d.iso for d in sorted(dates)] == sorted(d.iso for d in dates) == ["2011-12", "2012", "2012-01", "2012-04-03"]
    assert PartialDate.parse(None) is None and markup.format_date(None) == "not confirmed"
    assert markup.later("2013-11-05", PartialDate(2013, 10, 28)) and not markup.later("2013-10-28", PartialDate(2013, 10, 28))
    assert not markup.later(None, PartialDate(2013)) and not markup.later("2014", None)


def test_date_span_at_the_precision_of_both_ends():
    assert markup.date_span("2012-04-03", "2012-04-04") == "3\u20134 April 2012"
    assert markup.date_span("2012-11-30", "2012-12-02") == "30 November \u2013 2 December 2012"
    assert markup.date_span("2012-12-30", "2013-01-02") == "30 December 2012 \u2013 2 January 2013"
    assert markup.date_span("2008-03", "2008-03") == "March 2008"
    assert markup.date_span("2005", "2007") == "2005 \u2013 2007"
    assert markup.date_span("2005-12-07", None) == "7 December 2005"


def test_numbers_in_words():
    assert markup.number("four") == 4 and markup.number("Four") == 4 and markup.number("57") == 57
    assert markup.number("many") is None
    assert markup.plural(1, "resolution") == "1 resolution" and markup.plural(2, "resolution") == "2 resolutions"
