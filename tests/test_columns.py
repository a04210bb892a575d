"""Chapters keyed on the columns they read (unit tier: fixture data, no build, no kernel).

A loader given ``columns=`` returns only those columns and announces the read; the build's audit
hook records the file under those columns unless something else opened it whole; the manifest
keys such a file on ``data.column_digest`` of those columns, so an edit of another column leaves
the execution current and an edit of a read column, or of the rows, does not.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from briefing import data
from briefing.build import Layout, execution
from briefing.build.execution import Runner
from briefing.build.records import is_current

pytestmark = pytest.mark.unit

HEADER = ["id", "start", "title", "source"]
ROWS = [
    ["founding", "1969-09-25", "The OIC is founded", "https://example.org/a"],
    ["meeting", "2013-10-28", "The briefing", "S/2013/588 ¶16"],
    ["observer", "1975-12-10", "Observer status", "https://example.org/b"],
]
DESCRIPTOR = {
    "name": "fixture",
    "resources": [
        {
            "name": "events",
            "path": "events.csv",
            "format": "csv",
            "schema": {"fields": [{"name": n, "type": "string"} for n in HEADER]},
        }
    ],
}


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def repo(root: Path, rows: list[list[str]] = ROWS, header: list[str] = HEADER) -> Path:
    """A repository root with data/datapackage.json and data/events.csv."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data" / "datapackage.json").write_text(json.dumps(DESCRIPTOR), encoding="utf-8")
    write_csv(root / "data" / "events.csv", header, rows)
    return root


def edited(rows: list[list[str]], row: int, column: str, value: str) -> list[list[str]]:
    out = [list(r) for r in rows]
    out[row][HEADER.index(column)] = value
    return out


# --- the column digest ---------------------------------------------------------------------


def digest(tmp_path: Path, rows: list[list[str]], columns=("id", "start"), header: list[str] = HEADER, name: str = "e.csv") -> str:
    return data.column_digest(write_csv(tmp_path / name, header, rows), columns)


def test_the_digest_is_the_same_for_equal_columns(tmp_path):
    base = digest(tmp_path, ROWS)
    assert digest(tmp_path, ROWS, name="again.csv") == base
    assert digest(tmp_path, ROWS, columns=("start", "id", "start")) == base  # a set of columns
    assert digest(tmp_path, edited(ROWS, 0, "title", "Another title")) == base  # another column
    assert digest(tmp_path, edited(ROWS, 2, "source", "https://example.org/c")) == base
    # the columns in another order in the file: the same values by name
    swapped = [[r[1], r[0], r[2], r[3]] for r in ROWS]
    assert digest(tmp_path, swapped, header=["start", "id", "title", "source"]) == base


def test_the_digest_changes_with_a_value_a_row_or_the_order(tmp_path):
    base = digest(tmp_path, ROWS)
    assert digest(tmp_path, edited(ROWS, 1, "start", "2013-10-29")) != base
    assert digest(tmp_path, edited(ROWS, 0, "id", "founded")) != base
    assert digest(tmp_path, [*ROWS, ["later", "2014-01-01", "Later", "x"]]) != base
    assert digest(tmp_path, ROWS[:-1]) != base
    assert digest(tmp_path, [ROWS[1], ROWS[0], ROWS[2]]) != base
    assert digest(tmp_path, [*ROWS, ROWS[-1]]) != base  # a row repeated
    assert digest(tmp_path, ROWS, columns=("id",)) != base  # other columns, another digest
    assert digest(tmp_path, edited(ROWS, 0, "start", "")) != base  # a value blanked


def test_the_digest_refuses_a_column_the_file_lacks(tmp_path):
    with pytest.raises(KeyError, match="no column 'place'"):
        digest(tmp_path, ROWS, columns=("id", "place"))


# --- the loaders ---------------------------------------------------------------------------


def test_a_projected_load_returns_only_its_columns(tmp_path):
    root = repo(tmp_path)
    frame = data.load_table("events", root, columns=["start", "id"])
    assert list(frame.columns) == ["id", "start"]  # schema order
    assert list(frame["id"]) == [r[0] for r in ROWS]
    assert frame.equals(data.load_table("events", root)[["id", "start"]])
    with pytest.raises(KeyError):
        frame["title"]  # a use of a column not declared fails, never silently stale
    with pytest.raises(KeyError, match="has no column 'place'"):
        data.load_table("events", root, columns=["id", "place"])
    with pytest.raises(TypeError):
        data.load_table("events", root, columns="id")  # a string is not a list of names
    rows = data.read_columns(root / "data" / "events.csv", ["start", "id"])
    assert rows == [{"start": r[1], "id": r[0]} for r in ROWS]
    with pytest.raises(KeyError):
        rows[0]["title"]


RECORDER = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from briefing import data
    from briefing.build import audit

    root = Path(sys.argv[1])
    audit.track(root, root / "generated")
    data.set_prevalidated(True)  # as in a chapter the build executes
    steps = {}
    for step in sys.argv[2:]:
        exec(step)
        steps[step] = audit.files_touched()
    print(json.dumps(steps))
""")


def touched(root: Path, *steps: str) -> list[dict]:
    """What the build's audit hook records after each step, in a fresh interpreter (a hook
    cannot be removed once installed)."""
    result = subprocess.run([sys.executable, "-c", RECORDER, str(root), *steps], capture_output=True, text=True, check=True)
    recorded = json.loads(result.stdout)
    return [recorded[s] for s in steps]


def test_a_projected_load_records_its_columns_and_a_raw_open_the_whole_file(tmp_path):
    root = repo(tmp_path)
    first, second, raw = touched(
        root,
        "data.load_events(root, columns=['id', 'start'])",
        "data.load_table('events', root, columns=['title']); data.read_columns(root / 'data' / 'events.csv', ['id'])",
        "open(root / 'data' / 'events.csv', encoding='utf-8').read()",
    )
    assert first["columns"] == {"data/events.csv": ["id", "start"]}
    assert "data/events.csv" not in first["read"]
    assert "data/datapackage.json" in first["read"]  # the schema, read whole
    assert second["columns"] == {"data/events.csv": ["id", "start", "title"]}  # the union
    assert "data/events.csv" in raw["read"] and raw["columns"] == {}  # whole: the columns no longer count


@pytest.mark.parametrize(
    "whole",
    [
        "data.load_events(root)",
        "import pandas; pandas.read_csv(root / 'data' / 'events.csv')",
        "(root / 'data' / 'events.csv').read_bytes()",
    ],
)
def test_any_other_read_of_the_file_keys_it_whole(tmp_path, whole):
    root = repo(tmp_path)
    before, after = touched(root, whole, "data.load_events(root, columns=['id'])")
    for record in (before, after):
        assert "data/events.csv" in record["read"]
        assert "data/events.csv" not in record["columns"]


def test_a_failed_projected_read_leaves_no_open_unrecorded(tmp_path):
    root = repo(tmp_path)
    (step,) = touched(
        root,
        "try:\n    data.load_events(root, columns=['id', 'place'])\nexcept KeyError:\n    pass\nopen(root / 'data' / 'events.csv').read()",
    )
    assert "data/events.csv" in step["read"]


# --- the manifest: committed and checked with the same digest ------------------------------


def committed(root: Path, reads: list[str], columns: dict[str, list[str]]) -> tuple[Layout, Path, str]:
    """A chapter's execution recorded as the build records it (``Runner._commit``)."""
    layout = Layout(root)
    chapter = root / "book" / "chapter.md"
    chapter.parent.mkdir(parents=True, exist_ok=True)
    chapter.write_text("# A chapter\n", encoding="utf-8")
    runner = Runner(layout, jobs=1)
    execution.load_kernel_modules()  # as the scheduler's thread does before its first chapter
    private = root / "private"
    private.mkdir()
    layout.execution.mkdir(parents=True)
    runner._commit(chapter, nbformat.v4.new_notebook(), reads, columns, [], private, 1.0)
    return layout, chapter, runner.env_digest


def test_an_execution_holds_while_the_columns_it_read_are_unchanged(tmp_path):
    root = repo(tmp_path)
    layout, chapter, env = committed(root, ["data/datapackage.json"], {"data/events.csv": ["id", "start"]})
    manifest = json.loads(next(layout.execution.glob("*.json")).read_text())
    assert manifest["columns"] == {
        "data/events.csv": {"columns": ["id", "start"], "digest": data.column_digest(root / "data/events.csv", ["id", "start"])}
    }
    assert "data/events.csv" not in manifest["reads"]
    assert is_current(layout, chapter, env)
    write_csv(root / "data" / "events.csv", HEADER, edited(ROWS, 0, "title", "Edited"))
    assert is_current(layout, chapter, env)  # a column it does not read
    write_csv(root / "data" / "events.csv", HEADER, edited(ROWS, 1, "start", "2013-10-29"))
    assert not is_current(layout, chapter, env)  # a column it reads
    write_csv(root / "data" / "events.csv", HEADER, ROWS)
    assert is_current(layout, chapter, env)
    write_csv(root / "data" / "events.csv", HEADER, [ROWS[2], ROWS[0], ROWS[1]])
    assert not is_current(layout, chapter, env)  # the rows reordered
    write_csv(root / "data" / "events.csv", HEADER, ROWS[:2])
    assert not is_current(layout, chapter, env)  # a row removed
    write_csv(root / "data" / "events.csv", ["id", "title", "source"], [[r[0], r[2], r[3]] for r in ROWS])
    assert not is_current(layout, chapter, env)  # the column gone
    (root / "data" / "events.csv").unlink()
    assert not is_current(layout, chapter, env)  # the file gone


def test_a_file_read_whole_is_keyed_on_its_bytes(tmp_path):
    root = repo(tmp_path)
    layout, chapter, env = committed(root, ["data/events.csv"], {})
    assert is_current(layout, chapter, env)
    write_csv(root / "data" / "events.csv", HEADER, edited(ROWS, 0, "title", "Edited"))
    assert not is_current(layout, chapter, env)
