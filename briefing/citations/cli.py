"""``python -m briefing extract PATH [--format jsonl|csv|table] [--context SYMBOL|auto|none]``.

JSONL: one ``Mention.as_record()`` per line (``pinpoint`` an object or null). CSV: the columns
of ``FIELDS``, the pinpoint flattened into ``pinpoint_kind``, ``pinpoint_from``, ``pinpoint_to``
(empty when none). The table: symbol, kind, surface, offsets, self, pinpoint as written.
``--context`` defaults to ``auto``: the document's own symbol, organ and session are read from
its masthead or adoption line.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

from . import find_mentions
from .canonical import canonical
from .models import Context, Mention

FIELDS = ("symbol", "kind", "surface", "start", "end", "self", "pinpoint_kind", "pinpoint_from", "pinpoint_to", "inferred", "year_unknown")
TABLE_FIELDS = ("symbol", "kind", "surface", "start", "end", "self", "pinpoint")


def flat(m: Mention) -> dict:
    """One mention as a CSV row (``FIELDS``): booleans as ``true``/``false``."""
    pin = m.pinpoint
    return {
        "symbol": m.symbol,
        "kind": m.kind,
        "surface": m.surface,
        "start": m.start,
        "end": m.end,
        "self": "true" if m.self else "false",
        "pinpoint_kind": pin.kind if pin else "",
        "pinpoint_from": "" if pin is None or pin.first is None else pin.first,
        "pinpoint_to": "" if pin is None or pin.last is None else pin.last,
        "inferred": m.inferred,
        "year_unknown": "true" if m.year_unknown else "false",
    }


def _table(mentions: list[Mention]) -> str:
    """Aligned columns for humans; line breaks inside a surface shown as ``\\n``."""
    records = [
        {
            "symbol": m.symbol,
            "kind": m.kind,
            "surface": m.surface,
            "start": m.start,
            "end": m.end,
            "self": "self" if m.self else "",
            "pinpoint": m.pinpoint.surface if m.pinpoint else "",
        }
        for m in mentions
    ]
    rows = [TABLE_FIELDS] + [tuple(str(r[f]).replace("\r", "\\r").replace("\n", "\\n") for f in TABLE_FIELDS) for r in records]
    widths = [max(len(row[i]) for row in rows) for i in range(len(TABLE_FIELDS))]
    numeric = {TABLE_FIELDS.index("start"), TABLE_FIELDS.index("end")}
    lines = ["  ".join(cell.rjust(w) if i in numeric else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m briefing extract PATH [--format F] [--context C]``; PATH ``-`` is stdin."""
    parser = argparse.ArgumentParser(
        prog="python -m briefing extract",
        description="List the UN citations in a text: symbol, kind, surface and character offsets (into the text decoded as UTF-8).",
    )
    parser.add_argument("path", metavar="PATH", help="a UTF-8 text file, or - for standard input")
    parser.add_argument("--format", choices=("jsonl", "csv", "table"), default="jsonl")
    parser.add_argument(
        "--context",
        metavar="SYMBOL",
        default="auto",
        help="the document's own symbol (e.g. A/RES/59/8); 'auto' (default) reads it from the masthead, 'none' reads the text as it stands",
    )
    args = parser.parse_args(argv)
    context: Context | str | None = None if args.context == "none" else args.context
    if context not in (None, "auto"):
        try:
            context = Context.of(canonical(context))
        except ValueError:
            print(f"extract: --context {args.context}: not a UN symbol", file=sys.stderr)
            return 2
    try:
        if args.path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.path, "rb") as f:
                data = f.read()
        text = data.decode("utf-8")
    except FileNotFoundError:
        print(f"extract: no such file: {args.path}", file=sys.stderr)
        return 2
    except IsADirectoryError:
        print(f"extract: {args.path} is a directory, not a text file", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"extract: {args.path} is not UTF-8 text (byte {exc.start}: {exc.reason})", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"extract: cannot read {args.path}: {exc.strerror}", file=sys.stderr)
        return 2
    mentions = find_mentions(text, context)
    out = sys.stdout
    if (getattr(out, "encoding", None) or "").lower().replace("-", "") != "utf8":
        try:
            out.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass
    try:
        if args.format == "jsonl":
            out.writelines(json.dumps(m.as_record(), ensure_ascii=False) + "\n" for m in mentions)
        elif args.format == "csv":
            writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(flat(m) for m in mentions)
        else:
            out.write(_table(mentions))
        out.flush()
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
