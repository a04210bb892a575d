"""The data contract on fixture data: frictionless's findings in the project's words, the project's
own rules, the cache, the build-kernel mode. No real data facts here (those are test_data.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from briefing import data, instruments, seed
from briefing.data import DataError, PartialDate, checks, contract, load

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parent.parent

DESCRIPTOR = {
    "name": "fixture",
    "resources": [
        {
            "name": "people",
            "path": "people.csv",
            "format": "csv",
            "schema": {
                "fields": [
                    {
                        "name": "id",
                        "type": "string",
                        "constraints": {"required": True, "pattern": "^[a-z]+$", "unique": True},
                        "x-expected": "lower-case letters",
                    },
                    {"name": "born", "type": "integer", "constraints": {"minimum": 1900, "maximum": 2020}},
                    {"name": "seen", "type": "date"},
                    {"name": "from", "type": "string", "x-date": "partial"},
                    {"name": "to", "type": "string", "x-date": "partial"},
                    {"name": "precision", "type": "string", "constraints": {"required": True}},
                    {"name": "role", "type": "string", "constraints": {"required": True, "enum": ["chair", "member"]}},
                    {"name": "tags", "type": "string", "constraints": {"enum": ["a", "b", "c"]}, "x-list": ";"},
                    {"name": "aliases", "type": "string", "x-list": ";", "x-unique-items": True},
                    {"name": "title", "type": "string"},
                    {"name": "team", "type": "string"},
                ],
                "primaryKey": "id",
                "foreignKeys": [
                    {"fields": "team", "reference": {"resource": "teams", "fields": "code"}, "x-expected": "a team code listed in data/teams.csv"}
                ],
                "x-rules": [
                    {"rule": "not-before", "field": "to", "reference": "from"},
                    {"rule": "precision-of", "field": "precision", "reference": "from"},
                    {"rule": "blank-when", "field": "title", "reference": "role", "value": "member", "x-expected": "a blank title for a member"},
                ],
            },
        },
        {
            "name": "teams",
            "path": "teams.csv",
            "format": "csv",
            "schema": {
                "fields": [
                    {"name": "code", "type": "string", "constraints": {"required": True}},
                    {"name": "members", "type": "string", "x-list": ";"},
                ],
                "primaryKey": "code",
                "foreignKeys": [{"fields": "members", "reference": {"resource": "people", "fields": "id"}}],
            },
        },
    ],
}
HEADER = "id,born,seen,from,to,precision,role,tags,aliases,title,team"
PEOPLE = [
    "ann,1950,2013-10-28,2012,2013-05,year,chair,a;b,Annie;A.,Dr,red",
    "bob,,,2012-04-03,,day,member,,Bobby,,blue",
    "cy,1990,,,,undated,member,c,,,",
]


@pytest.fixture
def fixture_dir(tmp_path: Path) -> Path:
    return write_package(tmp_path)


def write_package(tmp_path: Path) -> Path:
    """A two-table package under tmp/data/, with the repository's paper beside it."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "datapackage.json").write_text(json.dumps(DESCRIPTOR), encoding="utf-8")
    write_people(folder, PEOPLE)
    (folder / "teams.csv").write_text("code,members\nred,ann\nblue,bob;cy\n", encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "S-2013-588.md").write_bytes((REPO / "seeds" / "S-2013-588.md").read_bytes())
    return folder


def write_people(folder: Path, rows: list[str]) -> None:
    (folder / "people.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")


def refusal(folder: Path) -> str:
    with pytest.raises(DataError) as caught:
        data.validate(folder)
    return str(caught.value)


def test_the_fixture_passes_and_loads(fixture_dir):
    assert data.validate(fixture_dir) == (2, 5)
    people = data.load_table("people", fixture_dir)
    assert list(people.columns) == HEADER.split(",")
    assert str(people["born"].dtype) == "Int64" and people["born"].isna().sum() == 1
    assert people.loc[0, "tags"] == "a;b"


def test_rows_without_pandas_hold_the_cells_the_frame_holds(fixture_dir):
    frame = data.load_table("people", fixture_dir)
    rows = data.load_rows("people", fixture_dir)
    # named as pandas names them (a keyword such as "from" by its position: ``_3``)
    assert rows and all(row._fields == next(frame.itertuples(index=False))._fields for row in rows)
    missing = frame.isna()
    for i, row in enumerate(rows):
        assert row == tuple(None if missing.iloc[i][c] else frame.iloc[i][c] for c in frame.columns), i
    assert sorted(type(r.born).__name__ for r in rows) == ["NoneType", "int", "int"]
    assert list(data.records(rows)) == rows  # the rows themselves; a frame's, as itertuples gives them
    assert [r.id for r in data.records(frame)] == [r.id for r in rows]


BAD_CELLS = [
    # (row index, column, value, the whole message after "data/people.csv, row N, column "...": ")
    (0, "born", "nineteen", 'expected a whole number, found "nineteen"'),
    (0, "born", "1_950", 'expected a whole number, found "1_950"'),
    (0, "born", "1850", 'expected a whole number from 1900 to 2020, found "1850"'),
    (0, "seen", "2013-1-5", 'expected a date YYYY-MM-DD, found "2013-1-5"'),
    (0, "seen", "2013-02-30", 'expected a date YYYY-MM-DD, found "2013-02-30"'),
    (0, "from", "2012-13", 'expected a date YYYY, YYYY-MM or YYYY-MM-DD, found "2012-13"'),
    (0, "to", "2011", 'expected a date not before "from" (2012), found "2011"'),
    (1, "precision", "month", 'expected "day", since "from" is 2012-04-03, found "month"'),
    (0, "role", "boss", 'expected one of: chair, member, found "boss"'),
    (0, "role", "", "expected a value (this column is required), found an empty cell"),
    (0, "id", "Ann", 'expected lower-case letters, found "Ann"'),
    (0, "tags", "a;d", 'expected one of: a, b, c, found "d"'),
    (0, "tags", "a;a", 'expected each value once (separated by ;), found "a;a"'),
    (0, "tags", "a;", 'expected values separated by ; with none empty, found "a;"'),
    (0, "tags", " a", 'expected no spaces at either end of the cell, found " a"'),
    (1, "title", "Mr", 'expected a blank title for a member, found "Mr"'),
    (2, "aliases", "Bobby", 'expected aliases no other id has ("bob" has it), found "Bobby"'),
    (1, "team", "green", 'expected a team code listed in data/teams.csv, found "green"'),
]


@pytest.mark.parametrize("index, column, value, message", BAD_CELLS, ids=[f"{c[1]}={c[2]!r}" for c in BAD_CELLS])
def test_one_bad_cell_one_exact_line(fixture_dir, index, column, value, message):
    rows = [r.split(",") for r in PEOPLE]
    rows[index][HEADER.split(",").index(column)] = value
    write_people(fixture_dir, [",".join(r) for r in rows])
    assert refusal(fixture_dir) == f'data/people.csv, row {index + 2}, column "{column}": {message}'


def test_a_duplicate_key_names_the_first_row(fixture_dir):
    write_people(fixture_dir, PEOPLE + [PEOPLE[2].replace("1990", "1991")])
    assert refusal(fixture_dir) == ('data/people.csv, row 5, column "id": expected a value not used on another row (row 4 has it), found "cy"')


def test_a_foreign_key_into_a_list_cell(fixture_dir):
    (fixture_dir / "teams.csv").write_text("code,members\nred,ann\nblue,bob;dan\n", encoding="utf-8")
    assert refusal(fixture_dir) == ('data/teams.csv, row 3, column "members": expected a value listed in data/people.csv (column "id"), found "dan"')


def test_the_first_problem_in_file_order_wins(fixture_dir):
    (fixture_dir / "teams.csv").write_text("code,members\n,ann\n", encoding="utf-8")
    write_people(fixture_dir, [PEOPLE[0], PEOPLE[1].replace("member", "boss")])
    assert refusal(fixture_dir).startswith('data/people.csv, row 3, column "role"')


def test_a_semicolon_separated_file_gets_the_hint(fixture_dir):
    (fixture_dir / "teams.csv").write_text("code;members\nred;ann\n", encoding="utf-8")
    assert refusal(fixture_dir) == (
        "data/teams.csv, row 1: expected cells separated by commas, found a header "
        "without commas (this file looks `;`-separated; save it comma-separated)"
    )


def test_an_unknown_row_rule_is_a_descriptor_error(fixture_dir):
    broken = json.loads(json.dumps(DESCRIPTOR))
    broken["resources"][0]["schema"]["x-rules"].append({"rule": "after", "field": "to", "reference": "from"})
    (fixture_dir / "datapackage.json").write_text(json.dumps(broken), encoding="utf-8")
    assert refusal(fixture_dir).startswith("data/datapackage.json: expected a known row rule (blank-when, ")


def test_frictionless_sees_plain_table_schema():
    """List fields keep their enum for the project's check; keys into lists or maps are left out."""
    tables = {"people": None, "teams": None}
    people = contract.standard_schema(DESCRIPTOR["resources"][0], tables)
    tags = next(f for f in people["fields"] if f["name"] == "tags")
    assert tags == {"name": "tags", "type": "string", "constraints": {}}
    assert all(not k.startswith("x-") for f in people["fields"] for k in f)
    assert people["foreignKeys"] == [{"fields": "team", "reference": {"resource": "teams", "fields": "code"}}]
    assert "foreignKeys" not in contract.standard_schema(DESCRIPTOR["resources"][1], tables)


def test_the_cache_answers_only_for_inputs_that_passed(fixture_dir, tmp_path):
    cache = tmp_path / "_build" / ".data-contract"
    assert data.validate(fixture_dir, cache=cache) == (2, 5)
    assert cache.read_text().strip() == load.digest(fixture_dir)
    assert data.validate(fixture_dir, cache=cache) is None  # unchanged: not checked again
    write_people(fixture_dir, [PEOPLE[0].replace("chair", "boss")])
    with pytest.raises(DataError):
        data.validate(fixture_dir, cache=cache)
    with pytest.raises(DataError):
        data.validate(fixture_dir, cache=cache)  # a refusal is never cached


def test_inside_the_build_a_loader_opens_only_its_own_file(fixture_dir):
    (fixture_dir / "teams.csv").write_text("code,members\n", encoding="utf-8")  # breaks a rule across files
    with pytest.raises(DataError):
        data.load_table("people", fixture_dir)
    data.set_prevalidated(True)  # what the build's first cell does inside a chapter's kernel
    try:
        assert data.prevalidated()
        assert len(data.load_table("people", fixture_dir)) == 3
    finally:
        data.set_prevalidated(False)


def test_partial_dates():
    assert PartialDate.parse("2012") == PartialDate("2012", "year", dt.date(2012, 1, 1), dt.date(2012, 12, 31))
    assert PartialDate.parse("2012-02").last == dt.date(2012, 2, 29)
    assert PartialDate.parse("2013-10-28").is_full
    for bad in ("2013-02-30", "2013-13", "13-10-28", "2013-1-5", "", "2013-10-28T00:00"):
        assert PartialDate.parse(bad) is None, bad
    assert data.parse_partial_date("2012-02") == ("month", dt.date(2012, 2, 1), dt.date(2012, 2, 29))


def test_the_contract_cites_what_the_instruments_chapter_cites():
    """The data layer's reading of what the paper cites is the instruments chapter's, symbol for symbol."""
    paper = seed.load(REPO / "seeds" / "S-2013-588.md")
    chapter = {c.symbol for c in instruments.citations(paper) if c.is_instrument}
    assert checks.cited_instruments(paper) == chapter


def test_the_paper_places_a_source_may_name():
    paper = seed.load(REPO / "seeds" / "S-2013-588.md")
    places = checks.paper_places(paper)
    assert {"¶1", f"¶{len(paper.paragraphs)}", "L1", "¶11 fn. a"} <= places
    assert f"¶{len(paper.paragraphs) + 1}" not in places


def test_a_message_stays_on_one_line():
    error = DataError("data/x.csv", 2, 'a\nb"', "one line", "two\nlines")
    assert str(error) == r'data/x.csv, row 2, column "a\nb\"": expected one line, found two\nlines'


def test_another_file_is_held_to_its_hash(fixture_dir):
    import hashlib

    (fixture_dir / "texts").mkdir()
    text = fixture_dir / "texts" / "a.txt"
    text.write_text("Adopted at its 68th plenary meeting.\n", encoding="utf-8")
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    descriptor = json.loads(json.dumps(DESCRIPTOR))
    descriptor["resources"].append({"name": "a", "path": "texts/a.txt", "format": "txt", "hash": f"sha256:{digest}"})
    (fixture_dir / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert data.validate(fixture_dir) == (3, 5)
    text.write_text("Adopted at its 68th plenary meeting\n", encoding="utf-8")
    changed = hashlib.sha256(text.read_bytes()).hexdigest()
    assert refusal(fixture_dir) == (
        f"data/texts/a.txt: expected the bytes datapackage.json lists (sha256 {digest[:12]}…; a corrected text is a "
        f"new file with its own provenance, never an edit of the original), found a file whose sha256 is {changed[:12]}…"
    )


def test_a_schema_frictionless_cannot_read_is_a_descriptor_error(fixture_dir):
    broken = json.loads(json.dumps(DESCRIPTOR))
    broken["resources"][1]["schema"]["fields"][0]["constraints"]["minLength"] = "three"
    (fixture_dir / "datapackage.json").write_text(json.dumps(broken), encoding="utf-8")
    message = refusal(fixture_dir)
    assert message.startswith("data/datapackage.json: expected schemas that frictionless accepts, found ")
    assert "\n" not in message


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda d: d["resources"][0]["schema"]["foreignKeys"][0].update(fields="squad"), 'foreign keys from one field of "people"'),
        (lambda d: d["resources"][0]["schema"]["x-rules"][0].update(reference="since"), 'row rules that name fields of "people"'),
        (lambda d: d["resources"][0]["schema"].pop("primaryKey"), 'a primaryKey for "people"'),
    ],
    ids=["foreign key from no field", "rule on no field", "unique items without a key"],
)
def test_a_descriptor_naming_nothing_is_refused_first(fixture_dir, edit, expected):
    broken = json.loads(json.dumps(DESCRIPTOR))
    edit(broken)
    (fixture_dir / "datapackage.json").write_text(json.dumps(broken), encoding="utf-8")
    assert refusal(fixture_dir).startswith(f"data/datapackage.json: expected {expected}")


CITES_EXPECTED = (
    'a source: a paragraph of the paper ("S/2013/588 ¶6", "S/2013/588 L1"), a public address'
    " (http://… or https://…, or a reference/ file) or a held file (data/…)"
)


@pytest.mark.parametrize(
    "label_allowed, value, message",
    [
        (True, "project's label: the colour of its shirts", None),
        (True, "S/2013/588 ¶3", None),
        (True, "data/texts/S-PV-7050.txt, line 15", None),
        (False, "reference/events.md: https://example.org/a", None),
        (True, "ours", f'expected {CITES_EXPECTED}, or "project\'s label: " and what the label is made from, found "ours"'),
        (True, "project's label:", f'expected {CITES_EXPECTED}, or "project\'s label: " and what the label is made from, found "project\'s label:"'),
        (False, "project's label: the colour of its shirts", f'expected {CITES_EXPECTED}, found "project\'s label: the colour of its shirts"'),
        (False, "data/", f'expected {CITES_EXPECTED}, found "data/"'),
    ],
    ids=["label", "paper", "held file", "address", "nothing", "label saying nothing", "label where a source is due", "bare data/"],
)
def test_a_source_cell_cites_a_source_or_says_it_is_the_project_s_label(fixture_dir, label_allowed, value, message):
    descriptor = json.loads(json.dumps(DESCRIPTOR))
    source = {"name": "source", "type": "string", "constraints": {"required": True}, "x-addresses": True, "x-cites": True}
    if label_allowed:
        source["x-project-label"] = True
    descriptor["resources"][1]["schema"]["fields"].append(source)
    (fixture_dir / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (fixture_dir / "teams.csv").write_text(f'code,members,source\nred,ann,S/2013/588 ¶4\nblue,bob;cy,"{value}"\n', encoding="utf-8")
    if message is None:
        assert data.validate(fixture_dir) == (2, 5)
    else:
        assert refusal(fixture_dir) == f'data/teams.csv, row 3, column "source": {message}'
