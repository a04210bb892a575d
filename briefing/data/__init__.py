"""Load and validate the sourced facts under ``data/``.

``data/datapackage.json`` (a Frictionless Data Package) is the one description of the files,
their columns, types, closed lists and keys; nothing here repeats it. The contract
(:mod:`.contract`) checks it with frictionless for what the Table Schema says, and with the
project's own rules (:mod:`.checks`) for the rest: ``;`` lists, partial dates, and every rule
across files. ``python -m briefing check-data`` and the build's first step run exactly that.

The first problem found stops everything and is reported as a :class:`DataError` naming the file,
the row as an editor shows it (the header is row 1), the column and what was expected::

    data/events.csv, row 7, column "start": expected a date YYYY, YYYY-MM or YYYY-MM-DD, found "2013-02-30"

Blank cells mean "no source confirms this" and load as missing values (the book prints "not
confirmed"). Dates stay ISO strings (``start``/``end`` may be YYYY or YYYY-MM: :class:`PartialDate`);
``;``-separated cells (``places``, ``theatres``, ``actors``, ``cities``) stay strings: use
:func:`split_list` or :func:`explode_list`. ``load_*(..., columns=[...])`` returns only the columns
a caller reads, and tells the build so (:func:`column_digest`): a chapter is then executed again
only when one of those columns, or the rows, change. Text such as ``<script>`` is data, kept verbatim;
escaping is the renderer's job.

Modules: :mod:`.read` (files, structure), :mod:`.contract` (the validation), :mod:`.checks`
(the project's rules), :mod:`.load` (the loaders), :mod:`.dates`, :mod:`.errors`.
"""

from __future__ import annotations

import sys

from .dates import PRECISIONS, PartialDate, parse_partial_date
from .errors import DataError
from .load import (
    READ_DONE_EVENT,
    READ_EVENT,
    column_digest,
    explode_list,
    load_after_meeting,
    load_events,
    load_ga_series,
    load_instruments,
    load_iso3166,
    load_members,
    load_rows,
    load_schema,
    load_table,
    load_world,
    prevalidated,
    read_columns,
    records,
    set_prevalidated,
    split_list,
    validate,
)
from .read import PACKAGE_FILE, data_dir_of

__all__ = [
    "DataError",
    "PartialDate",
    "PRECISIONS",
    "PACKAGE_FILE",
    "parse_partial_date",
    "validate",
    "main",
    "load_schema",
    "load_instruments",
    "load_events",
    "load_members",
    "load_iso3166",
    "load_ga_series",
    "load_after_meeting",
    "load_world",
    "load_table",
    "load_rows",
    "records",
    "split_list",
    "explode_list",
    "column_digest",
    "read_columns",
    "READ_EVENT",
    "READ_DONE_EVENT",
    "prevalidated",
    "set_prevalidated",
]

USAGE = "usage: python -m briefing check-data [DATA_DIR]"


def main(argv: list[str] | None = None) -> int:
    """``python -m briefing check-data [DATA_DIR]``: validate, print a one-line verdict."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("-h", "--help"):
        print(
            f"{USAGE}\n\n"
            "Validate every file under DATA_DIR (default: the repository's data/) against\n"
            "data/datapackage.json and the project's rules (lists, partial dates, the rules\n"
            "across files and with the paper); print the first error and exit 1, or a summary\n"
            "and exit 0."
        )
        return 0
    if len(argv) > 1:
        print(USAGE, file=sys.stderr)
        return 2
    data_dir = data_dir_of(argv[0] if argv else None)
    try:
        n_files, n_rows = validate(data_dir)
    except DataError as error:
        print(error.message, file=sys.stderr)
        return 1
    print(f"{data_dir.name}/ OK: {n_files} files, {n_rows} rows")
    return 0
