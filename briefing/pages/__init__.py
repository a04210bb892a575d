"""The pages of the briefing apparatus around the paper, one module per page.

Every function takes the loaded data (DataFrames, the parsed paper, the citations) and returns
MyST Markdown for a notebook cell to show, so a test can hand it a changed copy of a table and see
the page follow. Nothing here types a fact: counts, dates, years and the rows a page reads by name
come from ``data/`` (``key_rows.csv``, the labels of ``datapackage.json``) or the seed. Data
reaches the page only through ``markup.escape``, ``markup.link`` and ``markup.cite`` (and the
glossary's ``FirstUse``, which escapes too).

- ``front``: the front page (``book/index.md``): the facts at a glance, cards for the HTML and
  plain rubrics and lists for the PDF, where cards degrade;
- ``guide``: the discussion guide (``book/guide.md``), from ``data/questions.csv`` and the seed;
- ``chronology``: the chronology (``book/chronology.md``), from ``data/events.csv``;
- ``glossary``: the glossary (``book/glossary.md``), from ``data/glossary.csv``;
- ``after``: after the meeting (``book/after.md``), from ``data/after_meeting.csv``;
- ``sources``: sources and method (``book/sources.md``), from ``data/datapackage.json`` and the
  "Where from." paragraphs of ``data/README.md``;
- ``keys``: the rows pages read by name (``data/key_rows.csv``) and the labels of closed lists.
"""
