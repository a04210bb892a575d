"""data/ with frictionless's verdicts kept from a build that passed: a bad edit is refused with the
very line a check without them gives, and nothing is written under _build (the verdicts:
tests/test_verdicts.py; the refusals themselves: tests/test_data.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_data import CASES

from briefing import data
from briefing.data import DataError, contract, load, read

pytestmark = pytest.mark.data

REPO = Path(__file__).resolve().parent.parent

# One refusal at least per file and per kind of check: frictionless's own (types, enums, keys
# between tables), the project's cells and rows, keys into lists and the map, the paper.
WARM = [
    "empty required field",
    "impossible full date",
    "partial date where a full one is needed",
    "duplicate id",
    "unknown event kind",
    "event names an instrument with no row",
    "member not in iso3166",
    "numeric code not on the map",
    "year out of range",
    "stray spaces",
    "glossary form shared by two terms",
    "question the paper does not have",
    "cited instrument marked context",
    "instrument the paper cites without a row",
]


@pytest.fixture(scope="module")
def warm_build(tmp_path_factory) -> Path:
    """_build as a build that passed leaves it: the package digest and every table's verdict."""
    top = tmp_path_factory.mktemp("warm")
    shutil.copytree(REPO / "data", top / "data")
    contract._found.clear()
    data.validate(top / "data", cache=top / "_build" / ".data-contract")
    return top / "_build"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_warm_verdicts_cover_every_table(warm_build):
    tables = contract.Verdicts.read(warm_build / ".data-contract.tables").known
    assert len(tables) == len(read.read_package(REPO / "data").tables)


@pytest.mark.parametrize("case", [c for c in CASES if c[0] in WARM], ids=lambda c: c[0])
def test_a_bad_edit_reads_the_same_with_warm_verdicts(tmp_path, warm_build, case, monkeypatch):
    _, file, edit, column, words = case
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(warm_build, tmp_path / "_build")
    row = edit(tmp_path / "data")
    monkeypatch.setattr(contract, "_found", {})  # a new process: only the files under _build
    monkeypatch.setattr(load, "_checked", {})
    with pytest.raises(DataError) as warm:
        data.validate(tmp_path / "data", cache=tmp_path / "_build" / ".data-contract")
    assert snapshot(tmp_path / "_build") == snapshot(warm_build)  # not one byte written
    monkeypatch.setattr(contract, "_found", {})
    with pytest.raises(DataError) as cold:
        data.validate(tmp_path / "data")
    assert str(warm.value) == str(cold.value)
    where = f"data/{file}" + (f", row {row}" if row else "") + (f', column "{column}"' if column else "")
    assert str(warm.value).startswith(where + ": expected ") and words in str(warm.value)


def test_all_the_cases_named_here_exist():
    assert set(WARM) <= {c[0] for c in CASES}
