"""What the build runs inside each chapter's kernel, in hidden cells it adds around the chapter.

The lower layers read no environment variables: ``data`` and ``present`` expose settings, and
the build sets them here, in the chapter's own kernel, before the chapter's first cell.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import ROOT, data, present
from . import audit


def configure(generated: str) -> None:
    """Track the files the chapter touches; send generated files to ``generated``; tell ``data``
    that the build validated all of ``data/`` just before (so a chapter opens only what it loads)."""
    audit.track(ROOT, Path(generated))
    present.set_generated_dir(Path(generated))
    data.set_prevalidated(True)


def report() -> None:
    """The last hidden cell: what the chapter read (whole files, and files read only by columns,
    with those columns) and wrote, as one JSON line."""
    print(json.dumps(audit.files_touched()))


def setup_cell(generated: Path) -> str:
    return f"from briefing.build import kernel\nkernel.configure({str(generated)!r})"


REPORT_CELL = "from briefing.build import kernel\nkernel.report()"
