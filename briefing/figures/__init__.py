"""The book's five charts, each with the words that go with it.

One module per chart; each has ``<chart>(...)``, which returns a matplotlib
:class:`~matplotlib.figure.Figure`, and ``<chart>_text(...)``, which returns a :class:`FigureText`
(caption, alt text, source line) computed from the same data, so a changed row changes the words
too. The chart functions take plain DataFrames and dicts and read no file:

``timeline``    UN-OIC cooperation over time, one lane per field of cooperation
``by_area``     activities per field and who took part
``member_map``  the OIC's member States by group, with theatres, offices and meeting places
``membership``  members over time, stacked by continent (and the paper's claim checked)
``ga_series``   the General Assembly's resolutions on UN-OIC cooperation

Beside them: ``labels`` (text measured once per string and font, word wrap, the one label placer),
``style`` (the house style and deterministic saving), ``topojson`` (the map decoder), ``common``
(what the charts share), ``charts`` (each chart wired to ``data/``: what it reads) and ``publish``
(the figure cache and the Markdown of a numbered figure).

Figures are built with matplotlib's object API (``Figure``, not ``pyplot``), so building one never
touches pyplot's global figure list or the notebook's backend; no title is drawn inside the image
(the caption carries it).
"""

from __future__ import annotations

from . import by_area, ga_series, member_map, membership, timeline
from .charts import CHARTS, Chart
from .common import FigureText
from .membership import agrees, membership_check, paper_claim
from .publish import show

__all__ = [
    "CHARTS",
    "Chart",
    "FigureText",
    "agrees",
    "by_area",
    "ga_series",
    "member_map",
    "membership",
    "membership_check",
    "paper_claim",
    "show",
    "timeline",
]
