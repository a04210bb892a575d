"""The verbatim record read into its statements: a made-up record (unit) and S/PV.7050 (data)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing import citations as symbols
from briefing.texts import record

FIXTURE = Path(__file__).parent / "fixtures" / "records" / "S-PV-9999.txt"


@pytest.fixture(scope="module")
def made_up():
    return record.read_record(FIXTURE)


@pytest.mark.unit
def test_cover_facts_are_read_from_the_cover(made_up):
    assert (made_up.symbol, made_up.meeting, made_up.date, made_up.time) == ("S/PV.9999", "9999th meeting", "3 March 2099", "3 p.m.")
    assert (made_up.president, made_up.president_country) == ("Mr. Alpha", "Atlantis")
    assert made_up.members == ("Ms. Beta", "Sir Gamma Delta")


@pytest.mark.unit
def test_speakers_in_the_order_the_record_gives_them(made_up):
    turns = [(s.position, s.label, s.speaker, s.affiliation, s.language) for s in made_up.statements]
    assert turns == [
        (1, "The President", "The President", "", ""),
        (2, "", "Mr. Alpha", "Atlantis", ""),
        (3, "The President", "The President", "", ""),
        (4, "Ms. Beta (Borduria) (spoke in French)", "Ms. Beta", "Borduria", "French"),  # label broken across lines
        (5, "Sir Gamma Delta (Syldavia)", "Sir Gamma Delta", "Syldavia", ""),
        (6, "The President", "The President", "", ""),
    ]


@pytest.mark.unit
def test_the_presidents_national_statement_runs_from_capacity_to_resume(made_up):
    national = made_up.statements[1]
    assert national.capacity == "Minister of Foreign Affairs of Atlantis"
    assert national.text.startswith("I will now make a statement in my capacity as")
    assert national.text.endswith("I shall now resume my functions as President of the\nSecurity Council.")
    assert "I give the floor" not in national.text and "I invite the Observer" not in national.text


@pytest.mark.unit
def test_page_furniture_removed_and_every_word_of_the_statement_kept(made_up):
    beta = made_up.statements[3]
    assert beta.text == "We welcome S/PRST/2099/1 and\nrecall General Assembly resolution 67/264."
    raw = FIXTURE.read_text(encoding="utf-8")
    assert raw[beta.start : beta.end].startswith("Ms. Beta (Borduria) (spoke in\nFrench):")
    assert made_up.statements[3].line == raw[: beta.start].count("\n") + 1


@pytest.mark.unit
def test_the_finder_over_each_statement(made_up):
    cited = [[m.symbol for m in symbols.find_mentions(s.text)] for s in made_up.statements]
    assert cited[1] == ["S/RES/1963 (2010)"]
    assert cited[3] == ["S/PRST/2099/1", "A/RES/67/264"]


@pytest.mark.unit
def test_a_record_without_labels_is_refused_with_one_line(tmp_path):
    raw = FIXTURE.read_text(encoding="utf-8")
    broken = tmp_path / "S-PV-9999.txt"
    broken.write_text(
        raw.replace("The President:", "The President")
        .replace("Ms. Beta (Borduria) (spoke in\nFrench):", "Ms. Beta")
        .replace("Sir Gamma Delta (Syldavia):", "Sir Gamma Delta"),
        encoding="utf-8",
    )
    with pytest.raises(record.RecordError) as caught:
        record.read_record(broken)
    assert str(caught.value) == 'S-PV-9999.txt: line 13: expected a speaker label such as "The President:" after the date line'


@pytest.mark.unit
def test_an_unclosed_national_statement_is_refused(tmp_path):
    broken = tmp_path / "S-PV-9999.txt"
    broken.write_text(FIXTURE.read_text(encoding="utf-8").replace("I shall now resume", "I now resume"), encoding="utf-8")
    with pytest.raises(record.RecordError, match=r'^S-PV-9999.txt: line 44: expected "I shall now resume my functions as President"'):
        record.read_record(broken)


@pytest.mark.unit
def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(record.RecordError, match=r"^nothing.txt: cannot be read"):
        record.read_record(tmp_path / "nothing.txt")


# --- S/PV.7050 as held --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def held():
    return record.read_record()


@pytest.mark.data
def test_every_member_on_the_cover_speaks_once_in_its_own_name(held):
    members = [s.speaker for s in held.statements if s.label and s.affiliation and s.speaker in held.members]
    assert sorted(members) == sorted(held.members)


@pytest.mark.data
def test_the_record_opens_and_closes_with_the_president(held):
    assert held.statements[0].presiding and held.statements[-1].presiding
    assert "no more names inscribed" in held.statements[-1].text


@pytest.mark.data
def test_the_national_statement_is_the_presidents_country(held):
    national = [s for s in held.statements if not s.label]
    assert [(s.speaker, s.affiliation) for s in national] == [(held.president, held.president_country)]
    assert national[0].capacity.endswith(held.president_country)


@pytest.mark.data
def test_no_statement_keeps_page_furniture(held):
    for s in held.statements:
        for line in s.text.splitlines():
            assert line != held.symbol and "\x0c" not in line
            assert not re.fullmatch(r"[0-9]{2}/[0-9]{2}/[0-9]{4}|(13-53191)?[0-9]+/22", line), (s.position, line)
