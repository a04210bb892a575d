"""data/: the real files validate and hold what the book relies on; bad files fail in one clear place.

Every malformed case edits a COPY of data/ in tmp_path and asserts the DataError's file, row
(as an editor numbers lines, header = row 1) and column. Two cases also go through the real
command line, ``python -m briefing check-data <copy>``. ``CASES`` also drives the build's own
refusal test (tests/test_build.py). The contract on fixture data: test_contract.py; random
damage to these files: test_data_fuzz.py.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from briefing import data
from briefing.data import DataError

pytestmark = pytest.mark.data

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
PAPER = REPO / "seeds" / "S-2013-588.md"

# What the paper cites, canonical symbol -> how the paper writes it.
CITED = {
    "UN Charter Art. 24": "(Art. 24)",
    "UN Charter Art. 52": "Arts. 52 and 53",
    "UN Charter Art. 53": "Arts. 52 and 53",
    "UN Charter Ch. VIII": "Chapter VIII of the Charter",
    "S/96/Rev.7 rule 39": "rule 39 of its provisional rules of procedure",
    "A/RES/67/264": "resolution [67/264]",
    "A/RES/3369 (XXX)": "resolution 3369 (XXX)",
    "A/67/280-S/2012/614": "[A/67/280-S/2012/614]",
    "A/RES/65/283": "[65/283]",
    "S/RES/1963 (2010)": "[1963 \\(2010\\)]",
    "S/RES/1624 (2005)": "[1624 \\(2005\\)]",
    "A/60/633-S/2005/826": "[A/60/633-S/2005/826]",
    "OIC Charter (2008)": "The Charter of OIC, adopted in 2008",
}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A private copy of data/ named data/, so messages read "data/<file>"."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def set_cell(data_dir: Path, file: str, key: str, column: str, value: str) -> int:
    """Set one cell of the row whose first cell is ``key``; return that row's editor number."""
    path = data_dir / file
    rows = read_rows(path)
    col = rows[0].index(column)
    for index, row in enumerate(rows):
        if index and row[0] == key:
            row[col] = value
            write_rows(path, rows)
            return index + 1
    raise AssertionError(f"{key} not in {file}")


def line_of(data_dir: Path, file: str, key: str) -> int:
    for index, row in enumerate(read_rows(data_dir / file)):
        if index and row[0] == key:
            return index + 1
    raise AssertionError(f"{key} not in {file}")


def replace_line(data_dir: Path, file: str, row: int, transform) -> None:
    path = data_dir / file
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[row - 1] = transform(lines[row - 1])
    path.write_text("\n".join(lines), encoding="utf-8")


# --------------------------------------------------------------------------------------------
# the real data
# --------------------------------------------------------------------------------------------
def test_real_data_validates():
    data.validate(DATA)


def test_loaders_default_to_the_repository_data():
    assert len(data.load_events()) == len(read_rows(DATA / "events.csv")) - 1


def test_members_counts_the_book_relies_on():
    members = data.load_members(DATA)
    assert len(members) == 57
    assert members["iso3"].is_unique
    assert members["continent"].nunique() == 4
    assert (members["joined_year"] == 1969).sum() == 25
    assert members["continent"].value_counts().to_dict() == {"Africa": 27, "Asia": 27, "South America": 2, "Europe": 1}


def test_members_are_a_verbatim_copy_of_the_reference():
    reference = Path("/work/shared/reference/oic/members.csv")
    if not reference.exists():
        pytest.skip("shared reference folder not mounted")
    assert (DATA / "oic_members.csv").read_bytes() == reference.read_bytes()


def test_every_member_is_on_the_50m_map():
    members = data.load_members(DATA)
    codes = data.load_iso3166(DATA).set_index("alpha3")["numeric"]
    ids = {g.get("id") for g in data.load_world("50m", DATA)["objects"]["countries"]["geometries"]}
    assert set(codes[members["iso3"]]) <= ids


def test_iso_numeric_codes_name_the_same_country_on_the_map():
    """A slip in a numeric code would colour the wrong country: the map's own names must agree."""
    world = data.load_world("50m", DATA)
    map_names = {g["id"]: g["properties"]["name"] for g in world["objects"]["countries"]["geometries"] if g.get("id")}
    iso = data.load_iso3166(DATA)
    for alpha3, numeric, name in iso[["alpha3", "numeric", "name"]].itertuples(index=False):
        first_word = re.split(r"[ ,(-]", name)[0][:4]
        assert map_names[numeric].startswith(first_word), (alpha3, numeric, name, map_names[numeric])


def test_every_instrument_the_paper_cites_has_a_row():
    instruments = data.load_instruments(DATA).set_index("symbol")
    paper = PAPER.read_text(encoding="utf-8")
    for symbol, as_written in CITED.items():
        assert symbol in instruments.index, symbol
        assert as_written in paper, f"{symbol}: {as_written!r} not in the paper"
        assert instruments.loc[symbol, "role"] == "cited"


def test_instrument_urls_use_undocs_for_symbols():
    instruments = data.load_instruments(DATA)
    for symbol, url in instruments[["symbol", "url"]].itertuples(index=False):
        if symbol.startswith(("S/", "A/")):
            assert url.startswith("https://undocs.org/"), symbol
        if symbol.startswith("UN Charter"):
            assert url == "https://www.un.org/en/about-us/un-charter"


def test_every_events_instrument_exists():
    symbols = set(data.load_instruments(DATA)["symbol"])
    used = set(data.load_events(DATA)["instrument"].dropna())
    assert used and used <= symbols


def test_every_row_is_sourced():
    for name in ("instruments", "events", "iso3166", "ga_series", "after_meeting"):
        table = data.load_table(name, DATA)
        assert table["source"].notna().all(), name
    assert data.load_members(DATA)["sources"].notna().all()


def test_paper_events_cite_the_paper_and_context_events_an_address():
    events = data.load_events(DATA)
    paper = events[events["origin"] == "paper"]
    assert paper["source"].str.contains("S/2013/588 ", regex=False).all()
    context = events[events["origin"] == "context"]
    assert context["source"].str.contains(r"https?://|Wikipedia", regex=True).all()


def test_the_paper_s_activities_are_all_there():
    events = data.load_events(DATA).set_index("id")
    expected = {
        "observer-status-1975": ("1975-10-10", None),
        "makkah-programme-2005": ("2005-12-07", "2005-12-08"),
        "oic-charter-2008": ("2008-03-14", None),
        "oic-office-kabul-2011": ("2011", None),
        "oic-office-mogadishu-2011": ("2011", None),
        "sg-visits-oic-headquarters-2012": ("2012-06-03", None),
        "general-meeting-geneva-2012": ("2012-05-01", None),
        "jeddah-mediation-session-2012": ("2012-04-03", "2012-04-04"),
        "partnership-programme-2012": ("2012", None),
        "jeddah-1624-meeting-2013": ("2013-05-28", "2013-05-30"),
        "council-briefing-2013": ("2013-10-28", None),
    }
    for event_id, (start, end) in expected.items():
        row = events.loc[event_id]
        assert row["origin"] == "paper"
        assert row["start"] == start
        assert (None if pd.isna(row["end"]) else row["end"]) == end
    # dates more precise than the paper carry their own source
    for event_id in ("general-meeting-geneva-2012", "sg-visits-oic-headquarters-2012", "observer-status-1975"):
        assert events.loc[event_id, "date_source"].startswith("reference/")
    # Kabul: the paper's statement, flagged as not confirmed elsewhere
    assert "not confirmed" in events.loc["oic-office-kabul-2011", "note"]
    theatres = set().union(*(set(data.split_list(v)) for v in events["theatres"]))
    assert {"SOM", "AFG", "SDN", "BIH", "SLE"} <= theatres
    assert "middle-east-peace-process" in events.index


def test_closed_lists_come_from_the_descriptor():
    schema = data.load_schema(DATA)
    events = next(r for r in schema["resources"] if r["name"] == "events")
    area = next(f for f in events["schema"]["fields"] if f["name"] == "area")
    assert len(area["constraints"]["enum"]) == 7
    assert set(data.load_events(DATA)["area"].dropna()) <= set(area["constraints"]["enum"])


def test_after_meeting_statement_symbol_is_confirmed_from_its_text():
    after = data.load_after_meeting(DATA).set_index("id")
    statement = after.loc["prst-2013-10-28"]
    assert statement["symbol"] == "S/PRST/2013/16" and statement["symbol_status"] == "confirmed"
    assert statement["source"].startswith("symbol and date: data/texts/S-PRST-2013-16.txt, line 1")
    assert after.loc["s-pv-7050", "date"] == "2013-10-28"


def test_ga_series_has_the_reference_rows():
    series = data.load_ga_series(DATA).set_index("resolution")
    assert series.loc["A/RES/35/36", "adopted"] == "1980-11-14"
    assert series.loc["A/RES/67/264", "adopted"] == "2013-05-17"  # from its text (briefing.texts.dates)
    assert series.loc["A/RES/67/264", "adopted_source"].startswith("A/RES/67/264, adoption line")
    assert series.loc["A/RES/73/135", "session"] == 73


def test_blank_means_not_confirmed():
    instruments = data.load_instruments(DATA).set_index("symbol")
    assert pd.isna(instruments.loc["A/67/280-S/2012/614", "date"])
    assert pd.isna(instruments.loc["S/96/Rev.7 rule 39", "date"])


def test_the_3369_title_is_the_one_its_text_prints():
    row = data.load_instruments(DATA).set_index("symbol").loc["A/RES/3369 (XXX)"]
    lines = (DATA / "texts" / "A-RES-3369-XXX.txt").read_text(encoding="utf-8").split("\n")
    assert "data/texts/A-RES-3369-XXX.txt, lines 3-4" in row["source"]
    assert " ".join(lines[2:4]) == f"3369 (XXX). {row['title']}"


def test_split_and_explode_lists():
    assert data.split_list("SAU;CHE") == ["SAU", "CHE"]
    assert data.split_list(None) == []
    frame = pd.DataFrame({"id": ["a", "b"], "theatres": ["AFG;SOM", None]})
    assert data.explode_list(frame, "theatres")["theatres"].tolist() == ["AFG", "SOM"]


def test_world_maps_load():
    assert len(data.load_world("110m", DATA)["objects"]["countries"]["geometries"]) > 150
    with pytest.raises(KeyError):
        data.load_world("10m", DATA)


def test_check_data_command_on_the_real_data():
    result = subprocess.run([sys.executable, "-m", "briefing", "check-data", str(DATA)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"data/ OK: \d+ files, \d+ rows\n", result.stdout)


# --------------------------------------------------------------------------------------------
# what is data, not an error
# --------------------------------------------------------------------------------------------
def test_html_in_text_is_data_not_an_error(copy):
    set_cell(copy, "events.csv", "alliance-of-civilizations", "title", "<script>alert('x')</script> & <b>dialogue</b>")
    data.validate(copy)
    events = data.load_events(copy).set_index("id")
    assert events.loc["alliance-of-civilizations", "title"] == "<script>alert('x')</script> & <b>dialogue</b>"


def test_loaders_see_edits_and_refuse_bad_data(copy):
    set_cell(copy, "events.csv", "council-briefing-2013", "title", "Edited title")
    assert "Edited title" in set(data.load_events(copy)["title"])
    set_cell(copy, "events.csv", "council-briefing-2013", "start", "2013-10-32")
    with pytest.raises(DataError):
        data.load_events(copy)
    # the repository root is accepted as well as the data folder
    set_cell(copy, "events.csv", "council-briefing-2013", "start", "2013-10-28")
    assert len(data.load_events(copy.parent)) == len(data.load_events(DATA))


def test_crlf_line_endings_and_a_byte_order_mark_are_accepted(copy):
    path = copy / "instruments.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    data.validate(copy)


# --------------------------------------------------------------------------------------------
# malformed data: one case per kind of mistake
# --------------------------------------------------------------------------------------------
def drop_column(file, column):
    def edit(d):
        rows = read_rows(d / file)
        i = rows[0].index(column)
        write_rows(d / file, [r[:i] + r[i + 1 :] for r in rows])
        return 1

    return edit


def add_column(file, column):
    def edit(d):
        rows = read_rows(d / file)
        write_rows(d / file, [rows[0] + [column]] + [r + ["x"] for r in rows[1:]])
        return 1

    return edit


def cell(file, key, column, value):
    return lambda d: set_cell(d, file, key, column, value)


def duplicate_id(d):
    rows = read_rows(d / "events.csv")
    rows[5][0] = rows[3][0]
    write_rows(d / "events.csv", rows)
    return 6


def end_before_start(d):
    return set_cell(d, "events.csv", "jeddah-1624-meeting-2013", "end", "2013-05-27")


def latin1(d):
    """Save instruments.csv as Latin-1 would write "¶" (0xb6): the first row holding one is reported."""
    path = d / "instruments.csv"
    raw = path.read_bytes()
    row = raw[: raw.index("¶".encode())].count(b"\n") + 1
    path.write_bytes(raw.replace("¶".encode(), "¶".encode("latin-1")))
    return row


def unterminated_quote(d):
    row = line_of(d, "events.csv", "darfur-negotiations")
    replace_line(d, "events.csv", row, lambda line: line.replace(",UN;OIC,", ',"UN;OIC,', 1))
    return row


def extra_field(d):
    row = line_of(d, "events.csv", "makkah-programme-2005")
    replace_line(d, "events.csv", row, lambda line: line + ",surplus")
    return row


def unlisted_csv(d):
    (d / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return None


def semicolon_separated(d):
    rows = read_rows(d / "ga_series.csv")
    with open(d / "ga_series.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\n").writerows(rows)
    return 1


def empty_file(d):
    (d / "iso3166.csv").write_bytes(b"")
    return 1


def column_twice(d):
    rows = read_rows(d / "after_meeting.csv")
    write_rows(d / "after_meeting.csv", [r + [r[1]] for r in rows])
    return 1


def form_shared(d):
    """The CTED row also claims OIC's form "OIC"."""
    rows = read_rows(d / "glossary.csv")
    forms = rows[0].index("forms")
    for index, row in enumerate(rows):
        if row[0] == "CTED":
            row[forms] += ";OIC"
            write_rows(d / "glossary.csv", rows)
            return index + 1
    raise AssertionError("no CTED row")


def cited_row_removed(d):
    """Remove the row of a cited instrument, and its mentions in events.csv and questions.csv."""
    symbol = "A/RES/65/283"
    rows = read_rows(d / "instruments.csv")
    write_rows(d / "instruments.csv", [r for r in rows if r[0] != symbol])
    for file, column in (("events.csv", "instrument"), ("questions.csv", "instruments")):
        rows = read_rows(d / file)
        i = rows[0].index(column)
        for r in rows[1:]:
            r[i] = ";".join(item for item in r[i].split(";") if item != symbol)
        write_rows(d / file, rows)
    return None


def paragraph_appended(d):
    row = line_of(d, "questions.csv", "q3")
    rows = read_rows(d / "questions.csv")
    i = rows[0].index("paragraphs")
    rows[row - 1][i] += ";17"
    write_rows(d / "questions.csv", rows)
    return row


CASES = [
    # id, file, edit -> row, column, words the message must contain
    ("missing column", "events.csv", drop_column("events.csv", "source"), "source", "no such column"),
    ("unexpected column", "instruments.csv", add_column("instruments.csv", "comment"), "comment", "unexpected column"),
    ("empty required field", "events.csv", cell("events.csv", "general-meeting-geneva-2012", "title", ""), "title", "required"),
    ("unparseable date", "events.csv", cell("events.csv", "general-meeting-geneva-2012", "start", "1 May 2012"), "start", "YYYY-MM-DD"),
    (
        "impossible date",
        "events.csv",
        cell("events.csv", "council-briefing-2013", "start", "2013-02-30"),
        "start",
        'expected a date YYYY, YYYY-MM or YYYY-MM-DD, found "2013-02-30"',
    ),
    ("impossible full date", "instruments.csv", cell("instruments.csv", "A/RES/65/283", "date", "2011-06-31"), "date", "YYYY-MM-DD"),
    ("partial date where a full one is needed", "ga_series.csv", cell("ga_series.csv", "35", "adopted", "1980-11"), "adopted", "YYYY-MM-DD"),
    ("end before start", "events.csv", end_before_start, "end", "not before"),
    ("precision does not match", "events.csv", cell("events.csv", "council-briefing-2013", "date_precision", "month"), "date_precision", '"day"'),
    ("duplicate id", "events.csv", duplicate_id, "id", "not used on another row"),
    ("unknown event kind", "events.csv", cell("events.csv", "general-meeting-geneva-2012", "kind", "party"), "kind", "one of"),
    ("unknown area", "events.csv", cell("events.csv", "general-meeting-geneva-2012", "area", "sport"), "area", "one of"),
    ("unknown instrument kind", "instruments.csv", cell("instruments.csv", "A/RES/65/283", "kind", "treaty"), "kind", "one of"),
    ("unknown actor", "events.csv", cell("events.csv", "general-meeting-geneva-2012", "actors", "UN;NATO"), "actors", '"NATO"'),
    ("unknown ISO code in places", "events.csv", cell("events.csv", "general-meeting-geneva-2012", "places", "XKX"), "places", "data/iso3166.csv"),
    (
        "unknown ISO code in theatres",
        "events.csv",
        cell("events.csv", "reconstruction-development", "theatres", "AFG;BIH;SLE;SOM;ZZZ"),
        "theatres",
        '"ZZZ"',
    ),
    ("member not in iso3166", "oic_members.csv", cell("oic_members.csv", "Chad", "iso3", "TCX"), "iso3", "iso3166.csv"),
    ("numeric code not on the map", "iso3166.csv", cell("iso3166.csv", "SOM", "numeric", "999"), "numeric", "countries-50m.json"),
    (
        "event names an instrument with no row",
        "events.csv",
        cell("events.csv", "jeddah-1624-meeting-2013", "instrument", "S/RES/1625 (2005)"),
        "instrument",
        "instruments.csv",
    ),
    (
        "symbol not canonical",
        "instruments.csv",
        cell("instruments.csv", "S/RES/1963 (2010)", "symbol", "S/RES/1963(2010)"),
        "symbol",
        "canonical symbol",
    ),
    ("missing source", "instruments.csv", cell("instruments.csv", "A/RES/65/283", "source", ""), "source", "required"),
    ("source that cites nothing", "events.csv", cell("events.csv", "darfur-negotiations", "source", "common knowledge"), "source", "a source"),
    ("javascript: url", "instruments.csv", cell("instruments.csv", "A/RES/65/283", "url", "javascript:alert(1)"), "url", "http"),
    (
        "javascript: in a source",
        "events.csv",
        cell("events.csv", "darfur-negotiations", "source", "S/2013/588 ¶13; javascript:alert(document.cookie)"),
        "source",
        '"javascript:alert(document.cookie)"',
    ),
    (
        "data: url in a date source",
        "events.csv",
        cell("events.csv", "general-meeting-geneva-2012", "date_source", "data:text/html,<script>alert(1)</script>"),
        "date_source",
        "http",
    ),
    ("file: url in member sources", "oic_members.csv", cell("oic_members.csv", "Chad", "sources", "file:///etc/passwd"), "sources", "http"),
    ("not a number", "oic_members.csv", cell("oic_members.csv", "Chad", "joined_year", "nineteen"), "joined_year", "whole number"),
    ("year out of range", "oic_members.csv", cell("oic_members.csv", "Chad", "joined_year", "1869"), "joined_year", "from 1969"),
    ("stray spaces", "events.csv", cell("events.csv", "general-meeting-geneva-2012", "places", " CHE"), "places", "spaces"),
    ("empty list item", "events.csv", cell("events.csv", "general-meeting-geneva-2012", "actors", "UN;;OIC"), "actors", "none empty"),
    ("not UTF-8", "instruments.csv", latin1, None, "UTF-8"),
    ("unterminated quote", "events.csv", unterminated_quote, None, "not closed"),
    ("wrong number of fields", "events.csv", extra_field, None, "cells"),
    ("CSV not in the descriptor", "notes.csv", unlisted_csv, None, "does not list"),
    ("semicolon-separated file", "ga_series.csv", semicolon_separated, None, "this file looks `;`-separated; save it comma-separated"),
    ("empty file", "iso3166.csv", empty_file, None, "an empty file"),
    ("column twice", "after_meeting.csv", column_twice, "symbol", "each column once"),
    # the rules across files and with the paper
    ("glossary form shared by two terms", "glossary.csv", form_shared, "forms", 'expected forms no other term has ("OIC" has it), found "OIC"'),
    (
        "glossary name with an expansion",
        "glossary.csv",
        cell("glossary.csv", "Security Council", "expansion", "SC"),
        "expansion",
        'a blank cell for a term of kind "name"',
    ),
    (
        "question the paper does not have",
        "questions.csv",
        cell("questions.csv", "q7", "question", "q9"),
        "question",
        'a question of the paper (q1, q2, q3, q4, q5, q6, q7), found "q9"',
    ),
    ("question paragraph the paper does not have", "questions.csv", paragraph_appended, "paragraphs", 'found "17"'),
    (
        "source citing a paragraph the paper does not have",
        "events.csv",
        cell("events.csv", "darfur-negotiations", "source", "S/2013/588 ¶19"),
        "source",
        'found "S/2013/588 ¶19"',
    ),
    (
        "cited instrument marked context",
        "instruments.csv",
        cell("instruments.csv", "A/RES/65/283", "role", "context"),
        "role",
        '"cited", since the paper cites A/RES/65/283',
    ),
    ("instrument the paper cites without a row", "instruments.csv", cited_row_removed, "symbol", "a row for every instrument the paper cites"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_malformed_data_is_refused_in_one_place(copy, case):
    _, file, edit, column, words = case
    row = edit(copy)
    with pytest.raises(DataError) as caught:
        data.validate(copy)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.file == f"data/{file}"
    assert error.row == row
    assert error.column == column
    assert words in str(error)
    where = f"data/{file}" + (f", row {row}" if row else "") + (f', column "{column}"' if column else "")
    assert str(error).startswith(where + ": expected ")
    assert main_in_process(copy) == (1, str(error))


def main_in_process(data_dir: Path) -> tuple[int, str]:
    import contextlib
    import io

    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = data.main([str(data_dir)])
    assert out.getvalue() == ""
    return code, err.getvalue().rstrip("\n")


def test_the_exact_message_for_an_impossible_date(copy):
    row = set_cell(copy, "events.csv", "council-briefing-2013", "start", "2013-02-30")
    with pytest.raises(DataError) as caught:
        data.validate(copy)
    assert str(caught.value) == (f'data/events.csv, row {row}, column "start": expected a date YYYY, YYYY-MM or YYYY-MM-DD, found "2013-02-30"')
    assert caught.value.expected == "a date YYYY, YYYY-MM or YYYY-MM-DD"


@pytest.mark.parametrize(
    "edit, column",
    [
        (cell("events.csv", "council-briefing-2013", "start", "2013-02-30"), "start"),
        (cell("instruments.csv", "A/RES/65/283", "url", "javascript:alert(1)"), "url"),
    ],
    ids=["impossible date", "javascript url"],
)
def test_check_data_command_reports_the_one_error(copy, edit, column):
    edit(copy)
    with pytest.raises(DataError) as caught:
        data.validate(copy)
    result = subprocess.run([sys.executable, "-m", "briefing", "check-data", str(copy)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == str(caught.value)
    assert f'column "{column}"' in result.stderr


def test_a_broken_descriptor_is_reported(copy):
    (copy / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        data.validate(copy)
    assert caught.value.file == "data/datapackage.json"
    assert caught.value.row == 1


def test_a_missing_file_is_reported(copy):
    (copy / "ga_series.csv").unlink()
    with pytest.raises(DataError) as caught:
        data.validate(copy)
    assert caught.value.file == "data/ga_series.csv" and "no such file" in str(caught.value)


def test_a_broken_map_is_reported(copy):
    (copy / "maps" / "countries-110m.json").write_text('{"type": "Topology",\n "objects": oops}', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        data.validate(copy)
    assert caught.value.file == "data/maps/countries-110m.json" and caught.value.row == 2


def test_readme_describes_every_file_and_column():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for resource in data.load_schema(DATA)["resources"]:
        assert Path(resource["path"]).name in readme, resource["path"]
        for spec in resource.get("schema", {}).get("fields", []):
            assert f"`{spec['name']}`" in readme, (resource["name"], spec["name"])
    for name in ("instruments", "events", "after_meeting", "ga_series", "oic_members", "iso3166"):
        rows = len(read_rows(DATA / f"{name}.csv")) - 1
        assert f"`{name}.csv` | {rows} |" in readme, name


# --------------------------------------------------------------------------------------------
# a source on every row of every fact table, the project's labels saying so
# --------------------------------------------------------------------------------------------
SOURCE_EXPECTED = (
    'a source: a paragraph of the paper ("S/2013/588 ¶6", "S/2013/588 L1"), a public address'
    " (http://… or https://…, or a reference/ file) or a held file (data/…)"
)


def test_every_csv_row_carries_a_source():
    """Every CSV of the package has a required source column, checked for its form (x-cites)."""
    for resource in data.load_schema(DATA)["resources"]:
        if resource.get("format") != "csv":
            continue
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        name = "sources" if resource["name"] == "oic_members" else "source"
        assert fields[name]["constraints"]["required"], resource["name"]
        assert data.load_table(resource["name"], DATA)[name].notna().all(), resource["name"]
        if resource["name"] != "oic_members":  # its sources use the abbreviations of data/README.md
            assert fields[name].get("x-cites"), resource["name"]


def test_the_project_s_labels_say_so():
    for name in ("event_labels", "event_kinds"):
        assert data.load_table(name, DATA)["source"].str.startswith("project's label: ").all(), name


@pytest.mark.parametrize(
    "file, key, value, expected",
    [
        ("actors.csv", "UN", "the United Nations itself", SOURCE_EXPECTED),
        ("event_kinds.csv", "summit", "our choice", SOURCE_EXPECTED + ', or "project\'s label: " and what the label is made from'),
        ("event_labels.csv", "oic-renamed-2011", "project's label:", SOURCE_EXPECTED + ', or "project\'s label: " and what the label is made from'),
        ("events.csv", "darfur-negotiations", "project's label: the book's wording", SOURCE_EXPECTED),
    ],
    ids=["actor without a source", "mark without a source", "label saying nothing", "label form in a fact table"],
)
def test_a_source_that_cites_nothing_is_refused_with_one_line(copy, file, key, value, expected):
    row = set_cell(copy, file, key, "source", value)
    with pytest.raises(DataError) as caught:
        data.validate(copy)
    assert str(caught.value) == f'data/{file}, row {row}, column "source": expected {expected}, found "{value}"'


def test_a_blank_label_source_is_refused(copy):
    row = set_cell(copy, "event_labels.csv", "oic-renamed-2011", "source", "")
    with pytest.raises(DataError) as caught:
        data.validate(copy)
    assert str(caught.value) == f'data/event_labels.csv, row {row}, column "source": expected a value (this column is required), found an empty cell'
