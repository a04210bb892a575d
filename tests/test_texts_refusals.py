"""The reader refuses what it cannot read, and the held texts refuse a changed byte: one line each."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from briefing import DATA_DIR, texts
from briefing.data import DataError
from briefing.texts import pages

pytestmark = pytest.mark.unit

GOOD = """A/RES/1/1

Resolution adopted by the General Assembly on 1 May 2013

1/1. A title
The General Assembly,
Recalling its work,
1. Decides one thing;
2. Decides another;
82nd plenary meeting
1 May 2013
"""


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir(exist_ok=True)
    path = folder / "A-RES-1-1.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_well_formed_fixture_reads(tmp_path):
    doc = texts.read_document(write(tmp_path, GOOD))
    assert (doc.symbol, doc.title, str(doc.adoption.date)) == ("A/RES/1/1", "A title", "2013-05-01")
    assert [p.text for p in doc.operative] == ["Decides one thing;", "Decides another;"]


def test_operative_numbers_out_of_order(tmp_path):
    path = write(tmp_path, GOOD.replace("2. Decides another;", "3. Decides another;"))
    with pytest.raises(texts.TextError) as caught:
        texts.read_document(path)
    assert str(caught.value) == 'data/texts/A-RES-1-1.txt, line 9: expected operative paragraph 2, found "3."'
    assert isinstance(caught.value, DataError)


def test_a_number_alone_out_of_order(tmp_path):
    path = write(tmp_path, GOOD.replace("2. Decides another;", "4.\nDecides another;"))
    with pytest.raises(texts.TextError) as caught:
        texts.read_document(path)
    assert str(caught.value) == 'data/texts/A-RES-1-1.txt, line 9: expected operative paragraph 2, found "4."'


def test_no_adoption_line(tmp_path):
    text = GOOD.replace("Resolution adopted by the General Assembly on 1 May 2013\n", "")
    text = text.replace("82nd plenary meeting\n1 May 2013\n", "")
    with pytest.raises(texts.TextError) as caught:
        texts.read_document(write(tmp_path, text))
    assert str(caught.value) == (
        'data/texts/A-RES-1-1.txt: expected an adoption line ("Resolution adopted by the General Assembly on …",'
        " or a plenary meeting and its date after the last paragraph), found none"
    )


def test_no_organ_line(tmp_path):
    with pytest.raises(texts.TextError) as caught:
        texts.read_document(write(tmp_path, GOOD.replace("The General Assembly,\n", "")))
    assert str(caught.value) == ('data/texts/A-RES-1-1.txt: expected the organ line ("The General Assembly," or "The Security Council,"), found none')


def test_closing_date_disagrees_with_the_adoption_line(tmp_path):
    with pytest.raises(texts.TextError) as caught:
        texts.read_document(write(tmp_path, GOOD.replace("82nd plenary meeting\n1 May 2013", "82nd plenary meeting\n2 May 2013")))
    assert str(caught.value) == (
        'data/texts/A-RES-1-1.txt, line 11: expected the date of the adoption line ("1 May 2013", line 3), found "2 May 2013"'
    )


def test_furniture_is_set_aside_and_a_number_put_back(tmp_path):
    text = GOOD.replace(
        "2. Decides another;", "Decides another thing of the\n2.\nkind;\n\n12-49444\n\n*1249444*\n\nPlease recycle\n\fA/RES/1/1\n\n2/2"
    )
    text = text.replace("82nd plenary meeting\n1 May 2013\n", "") + "\n82nd plenary meeting\n1 May 2013\n"
    doc = texts.read_document(write(tmp_path, text))
    op2 = doc.paragraph("op-2")
    assert op2.repaired and op2.text == "Decides another thing of the kind;"
    assert {ln.text for ln in doc.furniture} == {"12-49444", "*1249444*", "Please recycle", "2/2", "A/RES/1/1"}
    assert "A/RES/1/1" in {ln.text for ln in doc.furniture}  # the running head atop page 2
    assert [ln.text for ln in doc.closing] == ["82nd plenary meeting", "1 May 2013"]


def _copy_held(tmp_path: Path, name: str = "A-RES-67-264.txt") -> Path:
    data = tmp_path / "data"
    (data / "texts").mkdir(parents=True)
    shutil.copy(DATA_DIR / "datapackage.json", data)
    with (DATA_DIR / "texts" / "texts.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    keep = [rows[0]] + [r for r in rows[1:] if r[0] == name]
    with (data / "texts" / "texts.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(keep)
    shutil.copy(DATA_DIR / "texts" / name, data / "texts" / name)
    return data


def test_a_changed_byte_is_refused(tmp_path):
    data = _copy_held(tmp_path)
    path = data / "texts" / "A-RES-67-264.txt"
    assert [h.symbol for h in texts.held_texts(data)] == ["A/RES/67/264"]
    changed = path.read_bytes().replace(b"Somalia;", b"Somalia.", 1)
    path.write_bytes(changed)
    with pytest.raises(DataError) as caught:
        texts.held_texts(data)
    assert str(caught.value) == (
        "data/texts/A-RES-67-264.txt: expected sha256 "
        "df28c58786b1ebadd6ba3b10caa89fce411f71079e5ed67b3e01a7114293f1fb (data/texts/texts.csv, row 2), "
        f"found sha256 {hashlib.sha256(changed).hexdigest()}"
    )


def test_a_missing_text_is_refused(tmp_path):
    data = _copy_held(tmp_path)
    (data / "texts" / "A-RES-67-264.txt").unlink()
    with pytest.raises(DataError) as caught:
        texts.held_texts(data)
    assert str(caught.value) == ("data/texts/A-RES-67-264.txt: expected the text listed in data/texts/texts.csv, row 2, found no such file")


def test_the_texts_part_groups_what_the_data_name(tmp_path):
    """The groups of the texts' part come from data/, not from a list in code."""
    (tmp_path / "data").mkdir()
    files = {
        "instruments.csv": "symbol,role\nA/RES/1/1,cited\nA/RES/2/2,context\n",
        "after_meeting.csv": "symbol\nS/PRST/9/1\nA/RES/3/3\n\n",
        "ga_series.csv": "resolution\nA/RES/1/1\nA/RES/2/2\nA/RES/3/3\n",
    }
    for name, text in files.items():
        (tmp_path / "data" / name).write_text(text, encoding="utf-8")
    assert pages.groups(tmp_path) == [
        ("Cited by the paper", ["A/RES/1/1"]),
        ("Of the General Assembly's UN-OIC series", ["A/RES/2/2"]),
        ("After the meeting", ["S/PRST/9/1", "A/RES/3/3"]),
    ]
