"""The book's structure: where its files are, its chapters in order, their titles and regions.

``Project(root)`` names the folders of one checkout (``seeds/``, ``data/``, ``book/``, ``_build/``)
and is passed down to whatever reads them, so a test can point the whole book at a copy.
``Project.default()`` is the checkout the package was imported from (``briefing.ROOT``).

The table of contents is read with ``sphinx_external_toc``'s own parser, the one Jupyter Book
builds with, so the order and numbering here are the book's. A chapter's title and its paper
regions are read from the MyST source as ``markdown-it-py`` tokens: a ``#`` inside a code cell or
a marker quoted in a code span is never taken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin
from sphinx_external_toc.parsing import MalformedError, SiteMap, parse_toc_yaml
from yaml import MarkedYAMLError, YAMLError

from . import ROOT

PAPER_FILE = "S-2013-588.md"


@dataclass(frozen=True)
class Project:
    """The folders of one checkout of the book."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root).resolve())

    @classmethod
    def default(cls) -> Project:
        """The checkout the package was imported from (``briefing.ROOT``)."""
        return cls(ROOT)

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def book(self) -> Path:
        return self.root / "book"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def paper(self) -> Path:
        return self.seeds / PAPER_FILE

    @property
    def toc(self) -> Path:
        return self.root / "_toc.yml"

    def docname(self, path: Path) -> str:
        """``book/background`` for ``<root>/book/background.md``."""
        return Path(path).resolve().relative_to(self.root).with_suffix("").as_posix()


# --- The table of contents ------------------------------------------------------------------------

TOC_EXPECTED = "expected Jupyter Book's table of contents (format: jb-book, root, parts of chapters with file: entries)"


def yaml_problem(error: YAMLError, first_line: int = 1) -> str:
    """A YAML error as one line, ``", line L, column C: not YAML (what the parser found)"``; the
    text parsed began on line ``first_line`` of its file."""
    if isinstance(error, MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        where = f", line {mark.line + first_line}, column {mark.column + 1}" if mark else ""
        return f"{where}: not YAML ({error.problem or error.context})"
    return f": not YAML ({' '.join(str(error).split())})"


class TocError(ValueError):
    """``_toc.yml`` cannot be read as the book's table of contents; one line: where, and what was expected."""


def read_toc(project: Project) -> SiteMap:
    """``_toc.yml`` parsed by Jupyter Book's own parser; a ``TocError`` naming the line or entry if not."""
    name = project.toc.name
    try:
        return parse_toc_yaml(str(project.toc))
    except FileNotFoundError:
        raise TocError(f"{name}: not found at the repository's top level; {TOC_EXPECTED}") from None
    except YAMLError as error:
        raise TocError(f"{name}{yaml_problem(error)}; {TOC_EXPECTED}") from None
    except MalformedError as error:
        problem, _, entry = str(error).partition(" @ ")
        where = f", entry {entry.strip(chr(39))}" if entry else ""
        raise TocError(f"{name}{where}: {problem}; {TOC_EXPECTED}") from None


@dataclass(frozen=True)
class Entry:
    docname: str  # "book/background"
    number: int | None  # as the numbered parts number it; None when unnumbered
    part: str  # the part's caption
    chapter: bool = True  # a chapter of a part; False for a section under a chapter


def toc_entries(project: Project) -> list[Entry]:
    """Every document after the root, in the order of ``_toc.yml``, with its chapter number."""
    site = read_toc(project)
    out: list[Entry] = []
    number = 0

    def walk(docname: str, part: str, numbered: bool, top: bool) -> None:
        nonlocal number
        document = site[docname]
        for tree in document.subtrees:
            caption = tree.caption or part if top else part
            for item in tree.items:
                if not isinstance(item, str):  # a glob or an address: no document of its own
                    continue
                is_numbered = bool(tree.numbered) or numbered
                if top:
                    number += is_numbered
                    out.append(Entry(item, number if is_numbered else None, caption or ""))
                else:
                    out.append(Entry(item, None, caption or "", chapter=False))
                walk(item, caption, is_numbered, False)

    walk(site.root.docname, "", False, True)
    return out


def chapter_files(project: Project) -> list[Path]:
    """The book's files in table-of-contents order, the root first; a ``TocError`` for one that is missing."""
    site = read_toc(project)
    files = [project.root / f"{site.root.docname}.md"] + [project.root / f"{e.docname}.md" for e in toc_entries(project)]
    for path in files:
        if not path.is_file():
            docname = path.relative_to(project.root).with_suffix("").as_posix()
            raise TocError(f"{project.toc.name}: {docname} has no file {docname}.md; expected each entry to name a MyST file of the book")
    return files


# --- MyST as tokens --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin)


def tokens(text: str) -> list[Token]:
    return _parser().parse(text)


def _plain(inline: Token) -> str:
    """What a reader sees of an inline token: text and code, markup and escapes removed."""
    return "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))


def title(text: str) -> str | None:
    """The first level-one heading of a MyST document (inside a paper region or not), as text."""
    stream = tokens(text)
    for i, token in enumerate(stream):
        if token.type == "heading_open" and token.tag == "h1":
            return _plain(stream[i + 1]).strip()
    return None


def chapter_title(path: Path) -> str:
    """The chapter's title; the file's name when it has no level-one heading."""
    found = title(Path(path).read_text(encoding="utf-8"))
    return found if found else Path(path).stem.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Chapter:
    docname: str  # "book/background"
    title: str
    number: int | None  # as the numbered parts number it, None when unnumbered
    part: str


def chapters(project: Project) -> list[Chapter]:
    """The chapters after the front page (not their sections), in the order and numbering of ``_toc.yml``."""
    return [Chapter(e.docname, chapter_title(project.root / f"{e.docname}.md"), e.number, e.part) for e in toc_entries(project) if e.chapter]


# --- The paper's regions ----------------------------------------------------------------------------

_OPEN = re.compile(r"<!-- paper: (?P<first>[a-z0-9-]+)\.\.(?P<last>[a-z0-9-]+) -->")
_CLOSE = re.compile(r"<!-- /paper -->")


@dataclass(frozen=True)
class Region:
    """A generated region ``<!-- paper: first..last -->`` ... ``<!-- /paper -->`` of a chapter."""

    first: str  # the block id it starts with ("para-4")
    last: str
    lines: tuple[int, int]  # the 0-based lines of its two markers

    def __getitem__(self, key: str) -> str:  # region["first"], as a match object reads
        return getattr(self, key)


def regions(text: str) -> list[Region]:
    """The paper's regions of a chapter, in order, from its top-level HTML comments."""
    out: list[Region] = []
    opened: tuple[str, str, int] | None = None
    for token in tokens(text):
        if token.type != "html_block" or token.map is None:
            continue
        for offset, line in enumerate(token.content.splitlines()):
            number = token.map[0] + offset
            start, end = _OPEN.fullmatch(line.strip()), _CLOSE.fullmatch(line.strip())
            if start:
                opened = (start["first"], start["last"], number)
            elif end and opened:
                out.append(Region(opened[0], opened[1], (opened[2], number)))
                opened = None
    return out
