"""Frictionless's verdicts kept across builds (``<cache>.tables`` beside ``.data-contract``), on
fixture data: after an edit only the tables whose content changed (or the columns their keys point
at) go to frictionless again; a refusal reads the same warm or cold, and writes nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from test_contract import BAD_CELLS, HEADER, PEOPLE, write_package, write_people

from briefing import data
from briefing.data import DataError, contract, load, read

pytestmark = pytest.mark.unit


@pytest.fixture
def fixture_dir(tmp_path: Path) -> Path:
    """test_contract.py's two-table package under tmp/data/, the repository's paper beside it."""
    return write_package(tmp_path)


@pytest.fixture
def fresh(monkeypatch):
    """A new process's memory: no verdict kept in this one; and the tables frictionless is given, per call."""
    monkeypatch.setattr(contract, "_found", {})
    monkeypatch.setattr(load, "_checked", {})
    given: list[list[str]] = []
    validate = contract._validate

    def spy(todo, tables, keys):
        given.append(sorted(todo))
        return validate(todo, tables, keys)

    monkeypatch.setattr(contract, "_validate", spy)
    return given


def forget() -> None:
    """What a new build process starts with: only the files under _build."""
    contract._found.clear()
    load._checked.clear()


def cache_of(folder: Path) -> Path:
    return folder.parent / "_build" / ".data-contract"


def build_folder(folder: Path) -> dict[str, bytes]:
    top = folder.parent / "_build"
    return {p.name: p.read_bytes() for p in sorted(top.iterdir())} if top.exists() else {}


def test_a_clean_package_keeps_every_table_s_verdict(fixture_dir, fresh):
    assert data.validate(fixture_dir, cache=cache_of(fixture_dir)) == (2, 5)
    assert fresh == [["people", "teams"]]
    assert sorted(build_folder(fixture_dir)) == [".data-contract", ".data-contract.tables"]


def test_an_edit_sends_only_its_table_to_frictionless(fixture_dir, fresh):
    data.validate(fixture_dir, cache=cache_of(fixture_dir))
    forget()
    write_people(fixture_dir, [PEOPLE[0].replace("Dr", "Prof"), *PEOPLE[1:]])
    assert data.validate(fixture_dir, cache=cache_of(fixture_dir)) == (2, 5)
    assert fresh[-1] == ["people"]
    forget()
    (fixture_dir / "teams.csv").write_text("code,members\nred,ann\nblue,bob\n", encoding="utf-8")
    assert data.validate(fixture_dir, cache=cache_of(fixture_dir)) == (2, 5)
    assert fresh[-1] == ["teams"]  # people's key points at teams.code, which did not change


def test_a_change_in_the_column_a_key_points_at_checks_the_table_again(fixture_dir, fresh):
    data.validate(fixture_dir, cache=cache_of(fixture_dir))
    forget()
    (fixture_dir / "teams.csv").write_text("code,members\nred,ann\nblue,bob;cy\ngreen,\n", encoding="utf-8")
    assert data.validate(fixture_dir, cache=cache_of(fixture_dir)) == (2, 6)
    assert fresh[-1] == ["people", "teams"]


def test_nothing_changed_in_the_tables_means_no_frictionless(fixture_dir, fresh):
    data.validate(fixture_dir, cache=cache_of(fixture_dir))
    forget()
    (fixture_dir / "README.md").write_text("Notes.\n", encoding="utf-8")  # the package digest changes, no table does
    assert data.validate(fixture_dir, cache=cache_of(fixture_dir)) == (2, 5)
    assert fresh == [["people", "teams"]]


@pytest.mark.parametrize("index, column, value, message", BAD_CELLS, ids=[f"{c[1]}={c[2]!r}" for c in BAD_CELLS])
def test_a_refusal_reads_the_same_warm_or_cold_and_writes_nothing(fixture_dir, fresh, index, column, value, message):
    data.validate(fixture_dir, cache=cache_of(fixture_dir))
    before = build_folder(fixture_dir)
    forget()
    rows = [r.split(",") for r in PEOPLE]
    rows[index][HEADER.split(",").index(column)] = value
    write_people(fixture_dir, [",".join(r) for r in rows])
    with pytest.raises(DataError) as warm:
        data.validate(fixture_dir, cache=cache_of(fixture_dir))
    assert build_folder(fixture_dir) == before  # not one byte written for a refusal
    forget()
    with pytest.raises(DataError) as cold:
        data.validate(fixture_dir)
    assert str(warm.value) == str(cold.value) == f'data/people.csv, row {index + 2}, column "{column}": {message}'


def test_a_key_broken_by_an_edit_of_the_table_it_points_at_is_refused_warm(fixture_dir, fresh):
    data.validate(fixture_dir, cache=cache_of(fixture_dir))
    forget()
    (fixture_dir / "teams.csv").write_text("code,members\nred,ann\ngreen,bob;cy\n", encoding="utf-8")  # people's "blue" now names nothing
    with pytest.raises(DataError) as warm:
        data.validate(fixture_dir, cache=cache_of(fixture_dir))
    assert str(warm.value) == 'data/people.csv, row 3, column "team": expected a team code listed in data/teams.csv, found "blue"'


def test_verdicts_of_other_checking_code_are_not_used(fixture_dir, fresh, monkeypatch):
    data.validate(fixture_dir, cache=cache_of(fixture_dir))
    forget()
    monkeypatch.setattr(contract, "_checker", lambda: hashlib.sha256(b"another frictionless").hexdigest())
    write_people(fixture_dir, [PEOPLE[0].replace("Dr", "Prof"), *PEOPLE[1:]])
    data.validate(fixture_dir, cache=cache_of(fixture_dir))
    assert fresh[-1] == ["people", "teams"]


@pytest.mark.parametrize("text", ["", "{not json", '{"clean": 7}', "[]"])
def test_an_unreadable_verdicts_file_means_every_table_is_checked(fixture_dir, fresh, text):
    tables = cache_of(fixture_dir).with_name(".data-contract.tables")
    tables.parent.mkdir(parents=True)
    tables.write_text(text, encoding="utf-8")
    assert data.validate(fixture_dir, cache=cache_of(fixture_dir)) == (2, 5)
    assert fresh == [["people", "teams"]]
    assert contract.Verdicts.read(tables).known  # replaced by the verdicts of this check


def test_the_key_follows_the_cells_and_the_column_pointed_at(fixture_dir):
    def keys() -> dict[str, str]:
        tables = read.read_package(fixture_dir).tables
        return {name: contract._key(table, tables) for name, table in tables.items()}

    first = keys()
    (fixture_dir / "teams.csv").write_text("code,members\nred,ann\nblue,bob\n", encoding="utf-8")
    second = keys()
    assert second["people"] == first["people"] and second["teams"] != first["teams"]
    (fixture_dir / "teams.csv").write_text("code,members\nred,ann\nteal,bob\n", encoding="utf-8")
    assert keys()["people"] != second["people"]
