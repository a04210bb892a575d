"""Random damage to the real data files: the contract accepts, or refuses with one DataError.

Each example takes one CSV of data/ (in a private copy) and damages it as an editor, a
spreadsheet or a bad transfer might: a cell changed to random text, a column dropped or
renamed, a row duplicated, dropped or truncated, a quote left open, another encoding or
delimiter, a byte order mark, random bytes, an empty file. Validation then either accepts
(and every loader reads the package) or raises exactly one DataError whose message is one
line naming the file and the row; no other exception. Deterministic (derandomize) and bounded.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import briefing.data
from briefing.data import DataError

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
CSV_FILES = [r["path"] for r in DESCRIPTOR["resources"] if r.get("format") == "csv"]
ORIGINAL = {name: (DATA / name).read_bytes() for name in CSV_FILES}
DISPLAYED = {f"data/{r['path']}" for r in DESCRIPTOR["resources"]}
#: The only refusals that name no row: a row that should exist and does not.
WHOLE_TABLE = ("a row for every instrument the paper cites", "one row for each of the paper's")

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40) | st.sampled_from(
    [
        "",
        " ",
        '"',
        '""',
        ",",
        ";",
        "\n",
        "\r\n",
        "a,b",
        'x"y',
        "2013-02-30",
        "1969",
        "-1",
        "99999999999999999999",
        "٣",
        "1_000",
        "javascript:alert(1)",
        "S/2013/588 ¶99",
        "UN;;OIC",
        "\ufeff",
        "\x00",
        "NaN",
    ]
)
DAMAGES = [
    "cell",
    "rename column",
    "drop column",
    "duplicate row",
    "drop row",
    "truncate",
    "open quote",
    "encoding",
    "delimiter",
    "bom",
    "bytes",
    "empty",
    "blank line",
    "swap header",
]


def rows_of(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def written(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


@st.composite
def damaged(draw, kind: str) -> tuple[str, str, bytes]:
    """(file, kind of damage, the damaged bytes)."""
    file = draw(st.sampled_from(CSV_FILES))
    raw = ORIGINAL[file]
    rows = rows_of(raw)
    row = draw(st.integers(1, len(rows) - 1))
    column = draw(st.integers(0, len(rows[0]) - 1))
    position = draw(st.integers(0, len(raw)))
    if kind == "cell":
        rows[row][column] = draw(TEXT)
        return file, kind, written(rows)
    if kind == "rename column":
        rows[0][column] = draw(TEXT)
        return file, kind, written(rows)
    if kind == "drop column":
        return file, kind, written([r[:column] + r[column + 1 :] for r in rows])
    if kind == "duplicate row":
        rows.insert(row, list(rows[row]))
        return file, kind, written(rows)
    if kind == "drop row":
        del rows[row]
        return file, kind, written(rows)
    if kind == "truncate":
        return file, kind, raw[:position]
    if kind == "open quote":
        return file, kind, raw[:position] + b'"' + raw[position:]
    if kind == "encoding":
        encoding = draw(st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-8-sig", "ascii"]))
        return file, kind, raw.decode("utf-8").encode(encoding, errors="replace")
    if kind == "delimiter":
        return file, kind, written(rows, draw(st.sampled_from([";", "\t", "|"])))
    if kind == "bom":
        return file, kind, b"\xef\xbb\xbf" + raw
    if kind == "bytes":
        return file, kind, raw[:position] + draw(st.binary(min_size=1, max_size=6)) + raw[position:]
    if kind == "empty":
        return file, kind, b""
    if kind == "blank line":
        lines = raw.split(b"\n")
        lines.insert(row, b"")
        return file, kind, b"\n".join(lines)
    rows[0][column], rows[0][0] = rows[0][0], rows[0][column]  # swap header: names no longer over their cells
    return file, kind, written(rows)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A copy of the repository's data/ and seeds/ (the paper rules read the seed beside data/)."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(DATA, root / "data")
    shutil.copytree(REPO / "seeds", root / "seeds")
    return root


def check_verdict(data_dir: Path) -> DataError | None:
    """Validate; on acceptance every loader must read the package. Any exception but DataError fails."""
    try:
        briefing.data.validate(data_dir)
    except DataError as error:
        message = str(error)
        assert "\n" not in message and "\r" not in message, message
        assert error.file in DISPLAYED or error.file.endswith(".csv"), message
        assert message.startswith(error.file), message
        assert error.row is not None or error.expected.startswith(WHOLE_TABLE), message
        assert isinstance(error.row, (int, type(None)))
        return error
    for name in ("instruments", "events", "oic_members", "iso3166", "ga_series", "after_meeting", "glossary", "questions"):
        briefing.data.load_table(name, data_dir)
    return None


@pytest.mark.parametrize("kind", DAMAGES)
@settings(
    max_examples=10, derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_random_damage_is_accepted_or_refused_in_one_line(workdir, kind, data):
    file, kind, damaged_bytes = data.draw(damaged(kind))
    path = workdir / "data" / file
    path.write_bytes(damaged_bytes)
    try:
        event(f"{kind}: {'refused' if check_verdict(workdir / 'data') else 'accepted'}")
    finally:
        path.write_bytes(ORIGINAL[file])


@pytest.mark.parametrize("file", CSV_FILES)
@pytest.mark.parametrize("delimiter, label", [(";", "`;`"), ("\t", "tab"), ("|", "`|`")])
def test_a_file_saved_with_another_delimiter_gets_the_hint(workdir, file, delimiter, label):
    path = workdir / "data" / file
    path.write_bytes(written(rows_of(ORIGINAL[file]), delimiter))
    try:
        error = check_verdict(workdir / "data")
    finally:
        path.write_bytes(ORIGINAL[file])
    assert str(error) == (
        f"data/{file}, row 1: expected cells separated by commas, found a header without commas "
        f"(this file looks {label}-separated; save it comma-separated)"
    )


@pytest.mark.parametrize("kind", DAMAGES)
def test_every_kind_of_damage_on_the_events_file(workdir, kind):
    """Each kind once, on the file with the most rules (so a kind the random test never drew still runs)."""
    raw = ORIGINAL["events.csv"]
    rows = rows_of(raw)
    edits = {
        "cell": lambda: written([r if i != 5 else r[:1] + ['"\n;,'] + r[2:] for i, r in enumerate(rows)]),
        "rename column": lambda: written([["x y"] + rows[0][1:]] + rows[1:]),
        "drop column": lambda: written([r[1:] for r in rows]),
        "duplicate row": lambda: written(rows[:3] + rows[2:]),
        "drop row": lambda: written(rows[:2] + rows[3:]),
        "truncate": lambda: raw[: len(raw) // 2],
        "open quote": lambda: raw[:100] + b'"' + raw[100:],
        "encoding": lambda: raw.decode("utf-8").encode("utf-16"),
        "delimiter": lambda: written(rows, ";"),
        "bom": lambda: b"\xef\xbb\xbf" + raw,
        "bytes": lambda: raw[:50] + b"\xff\x00" + raw[50:],
        "empty": lambda: b"",
        "blank line": lambda: raw.replace(b"\n", b"\n\n", 3),
        "swap header": lambda: written([rows[0][1:2] + rows[0][:1] + rows[0][2:]] + rows[1:]),
    }
    path = workdir / "data" / "events.csv"
    path.write_bytes(edits[kind]())
    try:
        error = check_verdict(workdir / "data")
    finally:
        path.write_bytes(raw)
    if kind in ("bom", "blank line"):
        assert error is None, error  # a byte order mark, empty lines: harmless
    elif kind == "drop row":
        # harmless unless another file names the dropped event; then that file's row says so
        assert error is None or (error.file != "data/events.csv" and error.row is not None), error
    else:
        assert error is not None and error.file == "data/events.csv" and error.row is not None
