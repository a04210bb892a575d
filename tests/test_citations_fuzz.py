"""The finder on arbitrary text (issue 11): no exception, and every offset slices to its surface.

Bounded and deterministic: a fixed number of examples, derandomized (the same examples every
run), so that a failure reproduces. Texts are drawn from any Unicode, from the characters that
start citations, and from pieces of the grammar mixed with noise, each read with no context,
with the context read from the text, and with a given document symbol.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.citations import KINDS, find_mentions

pytestmark = pytest.mark.unit

PIECES = [
    "resolution ", "resolutions ", "Security Council ", "General Assembly ", "its ", "UNSCR ",
    "res. ", "1963", " (2010)", "(XXX)", "67/264", "S-30/1", " A and B", ", ", " and ", " \u2014 ",
    "A/", "S/", "RES/", "PRST/", "PV.", "/Add.1", " and Add.1", "2013/", "588", "-", "\u2013",
    "Art. ", "Article ", "Chapter ", "VIII", " of the Charter", "rule ", "39",
    " of its provisional rules of procedure", "40th plenary meeting", "at its 5261st meeting",
    "5261st", " meeting", " in 2001", ", adopted in 2001", " of 17 October 2005", ", para. 13",
    ", paras. 106-116", ", annex III", "paragraph 3 of resolution ", "[", "](#)", "\\(", "\\)",
    "www.", "http://", "\n", "\r\n", "\u00a0", "\u000c", "59/8.", "Fifty-ninth session\n",
    "Resolution adopted by the General Assembly\n", "Adopted by the Security Council ",
]
TEXTS = st.one_of(
    st.text(max_size=200),
    st.text(alphabet="ACPRSUr:.0123456789/()- \n,\u2013", max_size=200),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40).map("".join),
)
CONTEXTS = st.sampled_from([None, "auto", "A/RES/59/8", "S/RES/1963 (2010)", "S/PV.7050",
                            "A/RES/3369 (XXX)"])


@settings(max_examples=200, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, CONTEXTS)
def test_any_text_gives_mentions_that_slice_to_their_surface(text, context):
    found = find_mentions(text, context)
    last_end = 0
    for m in found:
        assert text[m.start:m.end] == m.surface
        assert m.surface and m.start >= last_end
        assert m.kind in KINDS
        if m.pinpoint is not None:
            assert text[m.pinpoint.start:m.pinpoint.end] == m.pinpoint.surface
        last_end = m.end
