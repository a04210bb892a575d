"""The project's own rules: what the Table Schema cannot say, and every rule across files.

``datapackage.json`` marks them with ``x-`` keys (explained in its ``x-extensions``):

- per cell: no spaces at either end; ``x-list`` cells (``;``-separated, each item checked against
  the field's enum and pattern, none empty, none twice); ``x-date: partial`` (one
  :class:`~briefing.data.dates.PartialDate`); full ``date`` cells written YYYY-MM-DD; ``format:
  uri`` (http or https only); ``x-addresses`` (no ``javascript:``, ``data:``, ``file:``); ``x-cites`` (with
  ``x-project-label``, "project's label: …" in place of a source);
- per row: ``x-rules`` (``not-before``, ``precision-of``, ``blank-when``);
- per column: ``x-unique-items`` (an item of a list column belongs to one row only);
- across files: foreign keys into list cells and into the map's geometry ids, citations of the
  paper that name a real paragraph, the questions of the paper, the instruments the paper cites.

Each function returns :class:`Issue` objects; the contract raises the first one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import citations
from ..seed import Paper
from .dates import PartialDate
from .errors import DataError, show
from .read import Table, display_of, topology_ids

_URL = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+\S*")
_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INTEGER = re.compile(r"-?[0-9]+")
# a scheme followed directly by something: "javascript:alert(1)", "https://…", "data:text/html,…"
# ("joined: OIC-fr" and "¶11 fn. a: www…" have a space after the colon and are plain text)
_SCHEME = re.compile(r"(?<![A-Za-z0-9+.\-])([A-Za-z][A-Za-z0-9+.\-]*):(?=\S)")
_CITES = re.compile(r"S/2013/588 (¶[0-9]+|L[12])|https?://|reference/|data/[^\s:,;()]+")
#: ``x-project-label``: a row of the project's own labels says so instead of citing a source.
PROJECT_LABEL = "project's label: "
_CITES_EXPECTED = (
    'a source: a paragraph of the paper ("S/2013/588 ¶6", "S/2013/588 L1"), a public address'
    " (http://… or https://…, or a reference/ file) or a held file (data/…)"
)
_PAPER_PLACE = re.compile(r"S/2013/588 (?:¶(?P<para>[0-9]+)(?: fn\. (?P<fn>[a-z]))?|L(?P<letter>[0-9]+))")
#: The paper names the OIC Charter in words ("The Charter of OIC, adopted in 2008"), not by a symbol.
OIC_CHARTER = "OIC Charter (2008)"
OIC_CHARTER_RE = re.compile(r"\bCharter of OIC\b")

# Order of problems found in the same cell: a missing value, then stray spaces, then the
# value's type and constraints, then the project's rules, then uniqueness.
REQUIRED, SPACES, STANDARD, PROJECT, UNIQUE = range(5)


@dataclass(order=True)
class Issue:
    key: tuple
    error: DataError = field(compare=False)


def issue(table: Table, line: int | None, column: str | None, expected: str, found: str, priority: int = PROJECT) -> Issue:
    index = table.names.index(column) if column in table.names else -1
    return Issue((line or 0, index, priority), DataError(table.display, line, column, expected, found, table.path))


def items_of(spec: dict, value: str) -> list[str]:
    if value == "":
        return []
    separator = spec.get("x-list")
    return [v.strip() for v in value.split(separator)] if separator else [value]


# --------------------------------------------------------------------------------------------
# cells
# --------------------------------------------------------------------------------------------
def _cell(spec: dict, value: str) -> tuple[int, str, str] | None:
    """(priority, expected, found) for a non-empty cell the project's rules refuse."""
    if value != value.strip():
        return SPACES, "no spaces at either end of the cell", show(value)
    constraints = spec.get("constraints", {})
    kind = spec.get("type", "string")
    if kind == "integer" and not _INTEGER.fullmatch(value):
        return STANDARD, "a whole number", show(value)
    if kind == "date":
        parsed = PartialDate.parse(value) if _FULL_DATE.fullmatch(value) else None
        if parsed is None:
            return STANDARD, "a date YYYY-MM-DD", show(value)
    if spec.get("x-date") == "partial" and PartialDate.parse(value) is None:
        return PROJECT, "a date YYYY, YYYY-MM or YYYY-MM-DD", show(value)
    if spec.get("format") == "uri" and not _URL.fullmatch(value):
        return PROJECT, "an http:// or https:// address", show(value)
    if spec.get("x-addresses"):
        for match in _SCHEME.finditer(value):
            rest = value[match.start() :]
            if not (match.group(1).lower() in ("http", "https") and value[match.end() :].startswith("//")):
                return PROJECT, "addresses that start with http:// or https://", show(rest.split()[0] if rest.split() else rest)
    if spec.get("x-cites") and not _CITES.search(value):
        if not spec.get("x-project-label"):
            return PROJECT, _CITES_EXPECTED, show(value)
        if not (value.startswith(PROJECT_LABEL) and value[len(PROJECT_LABEL) :].strip()):
            return PROJECT, f'{_CITES_EXPECTED}, or "{PROJECT_LABEL}" and what the label is made from', show(value)
    separator = spec.get("x-list")
    if separator:
        seen: set[str] = set()
        pattern = re.compile(constraints["pattern"]) if "pattern" in constraints else None
        for item in items_of(spec, value):
            if item == "":
                return PROJECT, f"values separated by {separator} with none empty", show(value)
            if item in seen:
                return PROJECT, f"each value once (separated by {separator})", show(value)
            seen.add(item)
            if "enum" in constraints and item not in constraints["enum"]:
                return PROJECT, "one of: " + ", ".join(constraints["enum"]), show(item)
            if pattern is not None and not pattern.fullmatch(item):
                return PROJECT, spec.get("x-expected") or f"text matching {pattern.pattern}", show(item)
    return None


def cell_issues(table: Table) -> list[Issue]:
    found = []
    for line, row in table.rows:
        for spec in table.fields:
            value = row[spec["name"]]
            if value != "" and (problem := _cell(spec, value)):
                found.append(issue(table, line, spec["name"], problem[1], problem[2], problem[0]))
                break  # the first cell of a row hides the rest of it
        for rule in table.resource["schema"].get("x-rules", []):
            problem = _row_rule(rule, row)
            if problem:
                found.append(issue(table, line, *problem))
    return found


def _row_rule(rule: dict, row: dict[str, str]) -> tuple[str, str, str] | None:
    """(column, expected, found) when a row breaks one of its resource's ``x-rules``."""
    name, other = rule["field"], rule["reference"]
    if rule["rule"] == "not-before":
        if row[name] and not row[other]:
            return other, f'a date here, since "{name}" is given', "an empty cell"
        end, start = PartialDate.parse(row[name] or ""), PartialDate.parse(row[other] or "")
        if end and start and end.last < start.first:
            return name, f'a date not before "{other}" ({row[other]})', show(row[name])
    elif rule["rule"] == "precision-of":
        parsed = PartialDate.parse(row[other]) if row[other] else None
        if row[other] and parsed is None:
            return None  # the date itself is refused
        wanted = parsed.precision if parsed else "undated"
        if row[name] != wanted:
            reason = f'"{other}" is {row[other]}' if row[other] else f'"{other}" is blank'
            return name, f'"{wanted}", since {reason}', show(row[name])
    elif rule["rule"] == "blank-when":
        if row[other] == rule.get("value") and row[name]:
            return name, rule.get("x-expected") or f'a blank cell when "{other}" is "{rule["value"]}"', show(row[name])
    return None


def unique_item_issues(table: Table) -> list[Issue]:
    """``x-unique-items``: an item of a list column belongs to one row (one term per glossary form)."""
    found = []
    key = table.resource["schema"].get("primaryKey")
    for spec in table.fields:
        if not key:
            break  # reported by descriptor_issues
        if not spec.get("x-unique-items"):
            continue
        owner: dict[str, str] = {}
        for line, row in table.rows:
            for item in items_of(spec, row[spec["name"]]):
                if item in owner and owner[item] != row[key]:
                    found.append(issue(table, line, spec["name"], f'{spec["name"]} no other {key} has ("{owner[item]}" has it)', show(item)))
                    break
                owner.setdefault(item, row[key])
    return found


KNOWN_RULES = {"not-before", "precision-of", "blank-when"}


def descriptor_issues(descriptor: dict, data_dir: Path) -> list[Issue]:
    """Rules and references in ``datapackage.json`` that name nothing known."""
    display = display_of(data_dir, "datapackage.json")

    def refused(expected: str, found: str) -> Issue:
        return Issue((0,), DataError(display, None, None, expected, found, data_dir / "datapackage.json"))

    names = {r["name"] for r in descriptor["resources"]}
    found = []
    for resource in descriptor["resources"]:
        schema = resource.get("schema", {})
        for rule in schema.get("x-rules", []):
            if rule.get("rule") not in KNOWN_RULES:
                found.append(refused("a known row rule (" + ", ".join(sorted(KNOWN_RULES)) + ")", show(str(rule.get("rule")))))
        fields = {f.get("name") for f in schema.get("fields", [])}
        for key in schema.get("foreignKeys", []):
            if key["reference"]["resource"] not in names:
                found.append(refused("foreign keys that name a resource of the package", show(key["reference"]["resource"])))
            elif not isinstance(key["fields"], str) or key["fields"] not in fields:
                found.append(refused(f'foreign keys from one field of "{resource["name"]}"', show(str(key["fields"]))))
        for rule in schema.get("x-rules", []):
            for name in (rule.get("field"), rule.get("reference")):
                if name not in fields:
                    found.append(refused(f'row rules that name fields of "{resource["name"]}"', show(str(name))))
        if any(f.get("x-unique-items") for f in schema.get("fields", [])) and not schema.get("primaryKey"):
            found.append(refused(f'a primaryKey for "{resource["name"]}" (x-unique-items names the row owning an item)', "none"))
    return found


# --------------------------------------------------------------------------------------------
# references between files
# --------------------------------------------------------------------------------------------
def list_key_issues(tables: dict[str, Table], topologies: dict[str, dict], descriptor: dict, data_dir: Path) -> list[Issue]:
    """Foreign keys the standard cannot check: from list cells, or into a map's geometry ids."""
    resources = {r["name"]: r for r in descriptor["resources"]}
    found = []
    for resource in descriptor["resources"]:
        table = tables.get(resource["name"])
        if table is None:
            continue
        by_name = {f["name"]: f for f in table.fields}
        for key in resource["schema"].get("foreignKeys", []):
            name, target = key["fields"], key["reference"]["resource"]
            if not by_name[name].get("x-list") and target in tables:
                continue  # the standard validator checks these
            if target in tables:
                allowed = {row[key["reference"]["fields"]] for _, row in tables[target].rows}
                expected = key.get("x-expected") or (f'a value listed in {tables[target].display} (column "{key["reference"]["fields"]}")')
            elif target in topologies:
                allowed = topology_ids(topologies[target], resources[target].get("x-object", "countries"))
                expected = key.get("x-expected") or f"a geometry id in {display_of(data_dir, resources[target]['path'])}"
            else:
                continue  # reported by descriptor_issues
            for line, row in table.rows:
                bad = next((item for item in items_of(by_name[name], row[name]) if item not in allowed), None)
                if bad is not None:
                    found.append(issue(table, line, name, expected, show(bad)))
    return found


def paper_places(paper: Paper) -> set[str]:
    """What ``S/2013/588 …`` may point at: ``¶N`` paragraphs, ``¶N fn. x`` footnotes, ``LN`` letter paragraphs."""
    places = set()
    for block in paper.blocks:
        if block.kind == "paragraph":
            places.add(f"¶{block.number}")
            places.update(f"¶{block.number} fn. {label}" for label in block.footnotes)
        elif block.kind == "letter":
            places.add("L" + block.id.removeprefix("letter-"))
    return places


def paper_reference_issues(tables: dict[str, Table], paper: Paper) -> list[Issue]:
    """Every ``S/2013/588 ¶N`` (``¶N fn. a``, ``LN``) in a source column names a real place of the paper."""
    places = paper_places(paper)
    letters = sorted(p for p in places if p.startswith("L"))
    allowed = ", ".join([f"¶1 to ¶{max(b.number for b in paper.paragraphs)}", "a footnote of its paragraph", *letters])
    found = []
    for table in tables.values():
        cited = [f["name"] for f in table.fields if f.get("x-cites")]
        for line, row in table.rows:
            for name in cited:
                for match in _PAPER_PLACE.finditer(row[name]):
                    place = match[0].removeprefix("S/2013/588 ")
                    if place not in places:
                        found.append(issue(table, line, name, f"a place the paper has ({allowed})", show(match[0])))
                        break
    return found


def question_issues(table: Table, paper: Paper) -> list[Issue]:
    """``questions.csv``: one row per question of the paper; every paragraph a paragraph of the paper."""
    texts = paper.block("questions").items
    expected = [f"q{n}" for n in range(1, len(texts) + 1)]
    paragraphs = {b.number for b in paper.paragraphs}
    found = []
    for line, row in table.rows:
        if row["question"] and row["question"] not in expected:
            found.append(issue(table, line, "question", f"a question of the paper ({', '.join(expected)})", show(row["question"])))
        for item in items_of(next(f for f in table.fields if f["name"] == "paragraphs"), row["paragraphs"]):
            if item.isdigit() and int(item) not in paragraphs:
                found.append(issue(table, line, "paragraphs", f"numbers of the paper's paragraphs (1 to {max(paragraphs)})", show(item)))
                break
    given = {row["question"] for _, row in table.rows}
    missing = [q for q in expected if q not in given]
    if missing and not found:
        found.append(
            issue(
                table,
                None,
                "question",
                f"one row for each of the paper's {len(texts)} questions ({', '.join(expected)})",
                "no row for " + ", ".join(missing),
            )
        )
    return found


def cited_instruments(paper: Paper) -> set[str]:
    """The instruments the paper cites: what the finder reads in its blocks, and the OIC Charter in words.

    The same set as ``briefing.instruments.citations`` (an "ibid." repeats a citation already here);
    a test keeps the two equal.
    """
    cited = set()
    for block in paper.blocks:
        cited.update(m.symbol for m in citations.find_mentions(block.markdown))
        if OIC_CHARTER_RE.search(block.markdown):
            cited.add(OIC_CHARTER)
    return cited


def instrument_issues(table: Table, cited: set[str]) -> list[Issue]:
    """Every instrument the paper cites has a row; a row the paper does not cite has role "context"."""
    rows = {row["symbol"]: (line, row) for line, row in table.rows}
    found = []
    missing = sorted(cited - set(rows))
    if missing:
        found.append(
            issue(table, None, "symbol", "a row for every instrument the paper cites (add a row with its source)", "no row for " + ", ".join(missing))
        )
    for symbol, (line, row) in rows.items():
        if symbol not in cited and row["role"] != "context":
            found.append(
                issue(table, line, "role", f'"context" for a row the paper does not cite ({symbol} is not cited in the paper)', show(row["role"]))
            )
        elif symbol in cited and row["role"] != "cited":
            found.append(issue(table, line, "role", f'"cited", since the paper cites {symbol}', show(row["role"])))
    return found
