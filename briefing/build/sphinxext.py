"""A Sphinx extension for the staged build: an HTML build that writes only the changed pages
leaves exactly what writing every page would.

The staging folder keeps the HTML output between builds, so Sphinx writes only the pages whose
sources (or the files they use) changed. Two things a page shows come from other pages, and
Sphinx 7.4 does not follow them:

- **Navigation and cross-references.** Every page carries the sidebar (the titles and sections of
  all pages), the previous and next titles, and link texts and numbers of the pages it refers to.
  Sphinx rewrites a page for a change of its own, of its section or figure numbers, and the pages
  whose toctree lists it, but not every page whose sidebar shows a changed title. Here a digest
  of everything one page can show of another (titles, tables of contents, toctrees, numbers, the
  domains' targets) is kept with the HTML output; when it differs, every page is written.
- **Pages read by the LaTeX build.** ``jbrun`` runs the LaTeX writer first, so the HTML build
  has nothing left to read and learns of changed pages only from their sources' times; a page
  read again for a file it shows (a figure) is written when it was read after its HTML was.
- **A stylesheet copied late.** MyST-NB copies ``mystnb.<hash>.css`` after the pages are
  written, and a page links a static file with a checksum only when the file already exists:
  it is removed before the pages are written, as in a first build.
- **The search index.** Sphinx reloads the previous ``searchindex.js`` and feeds it the pages it
  writes, but reloads neither the index entries of the others (the glossary's terms come from
  ``{index}``-style entries: they vanished from the search of every page not written) nor keeps
  them in its pickled environment, which is saved before the pages are written. They are kept
  here with the digest and given back to the indexer, in the order a full build feeds them.

Anything else (configuration, templates, ``_static``, a page added or removed) makes the build
write every page: ``briefing.build.sphinx.stage_sources`` then removes the HTML output.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.environment.collectors.toctree import TocTreeCollector

STATE = "briefing-html-pages.pickle"  # in the doctrees folder, beside Sphinx's own environment


def setup(app) -> dict[str, Any]:
    _number_only_after_reading(app)
    app.connect("builder-inited", _restore_index_entries)
    app.connect("env-get-updated", _pages_to_rewrite)
    app.connect("write-started", _as_before_a_first_build)
    app.connect("build-finished", _save_state)
    return {"parallel_read_safe": True, "parallel_write_safe": False}


def _number_only_after_reading(app) -> None:
    """Section and figure numbers are assigned again only when this build read a page.

    Sphinx reassigns them after every build's reading, walking every page's doctree from disk
    (2-3 s here, ``numfig`` on). The HTML build after the LaTeX writer (``jbrun``) reads nothing,
    so its numbers are those the LaTeX writer assigned and saved with the environment.
    """
    read: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    listeners = app.events.listeners.get("env-get-updated", [])
    for index, listener in enumerate(listeners):
        if isinstance(getattr(listener.handler, "__self__", None), TocTreeCollector):

            def numbers(app, env, assign=listener.handler) -> list[str]:
                return assign(app, env) if read else []

            listeners[index] = listener._replace(handler=numbers)


def _is_html(app) -> bool:
    return getattr(app.builder, "name", "") == "html"


def _state_path(app) -> Path:
    return Path(app.doctreedir) / STATE


def _load_state(app) -> dict[str, Any] | None:
    try:
        with open(_state_path(app), "rb") as handle:
            state = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError):
        return None
    return state if isinstance(state, dict) else None


def _canonical(value: Any) -> Any:
    """A representation independent of insertion order (dicts and sets sorted, nodes as text)."""
    if isinstance(value, nodes.Node):
        return value.pformat() if isinstance(value, nodes.Element) else str(value)
    if isinstance(value, dict):
        return ("dict", sorted((repr(_canonical(k)), _canonical(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return ("set", sorted(repr(_canonical(v)) for v in value))
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return repr(value)


def navigation_digest(env) -> str:
    """What any page may show of another page."""
    parts = {
        "titles": env.titles,
        "longtitles": env.longtitles,
        "tocs": env.tocs,
        "toc_num_entries": env.toc_num_entries,
        "toctree_includes": env.toctree_includes,
        "files_to_rebuild": env.files_to_rebuild,
        "toc_secnumbers": env.toc_secnumbers,
        "toc_fignumbers": env.toc_fignumbers,
        "domaindata": env.domaindata,
        "found_docs": env.found_docs,
    }
    return hashlib.sha256(repr(_canonical(parts)).encode()).hexdigest()


def _pages_to_rewrite(app, env) -> list[str]:
    if not _is_html(app):
        return []
    digest = navigation_digest(env)
    app.builder.briefing_navigation = digest
    state = _load_state(app)
    if state is None or state.get("navigation") != digest or not Path(app.outdir, "searchindex.js").exists():
        return sorted(env.found_docs)
    # Pages read again since their HTML was written: the LaTeX build reads first (``jbrun``), so
    # a page read for a changed file it shows (a figure) is not among the HTML build's own.
    return [doc for doc in sorted(env.found_docs) if _read_after_written(env, doc, Path(app.builder.get_outfilename(doc)))]


def _read_after_written(env, doc: str, target: Path) -> bool:
    try:
        written = target.stat().st_mtime_ns // 1000
    except OSError:
        return True
    return env.all_docs.get(doc, written + 1) > written  # microseconds, as Sphinx records a read


def _as_before_a_first_build(app, builder) -> None:
    """MyST-NB copies its stylesheet only after the pages are written, and Sphinx stamps a link
    with ``?v=<checksum>`` when the file is already there: remove it, so that the pages written
    now link it as the pages of a first build do."""
    if _is_html(app):
        for path in Path(app.outdir, "_static").glob("mystnb.*.css"):
            path.unlink()


def _restore_index_entries(app) -> None:
    """Give the indexer back the index entries of the pages this build does not write."""
    if not _is_html(app) or not hasattr(app.builder, "load_indexer"):
        return
    builder = app.builder
    original = builder.load_indexer

    def load_indexer(docnames) -> None:
        original(docnames)
        saved = (_load_state(app) or {}).get("index_entries", {})
        keep = set(app.env.all_docs) - set(docnames)
        # a full build feeds the pages in sorted order; pages written now replace their slot
        builder.indexer._index_entries = {doc: list(saved.get(doc, [])) if doc in keep else [] for doc in sorted(app.env.all_docs)}

    builder.load_indexer = load_indexer


def _save_state(app, exception) -> None:
    if exception is not None or not _is_html(app) or getattr(app.builder, "indexer", None) is None:
        return
    if getattr(app, "_warncount", 0):  # a warning under -W: the next build writes every page again
        _state_path(app).unlink(missing_ok=True)
        return
    state = {
        "navigation": getattr(app.builder, "briefing_navigation", None) or navigation_digest(app.env),
        "index_entries": dict(app.builder.indexer._index_entries),
    }
    path = _state_path(app)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        pickle.dump(state, handle, pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
