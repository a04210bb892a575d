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

Two savings for a build that reads a few pages (a data edit): figure numbers are kept when the
pages read again keep their sections and numbered objects (``keep_figure_numbers``), and the
LaTeX writer compiles its table templates once (``LaTeXTranslator``). For every build: Jinja2's
compiled templates are kept between builds (``template_cache``), the LaTeX writer's book-wide
doctree is assembled without copying each page's (``inline_all_toctrees``), and
``disable_builtin_toctree_collector`` replaces sphinx-external-toc's scan of every object in
memory (``jbrun`` installs it).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from docutils import nodes
from jinja2 import FileSystemBytecodeCache
from sphinx import addnodes
from sphinx.builders import latex as latex_builder
from sphinx.environment import CONFIG_OK, BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.docutils import LoggingReporter
from sphinx.util.template import LaTeXRenderer
from sphinx.writers.latex import LaTeXTranslator as SphinxLaTeXTranslator

logger = logging.getLogger(__name__)

STATE = "briefing-html-pages.pickle"  # in the doctrees folder, beside Sphinx's own environment
TEMPLATE_CACHE = ".jinja2-bytecode"  # beside the doctrees folder, under Sphinx's output folder


def setup(app) -> dict[str, Any]:
    _number_only_after_reading(app)
    app.connect("builder-inited", _latex_builder)
    app.connect("builder-inited", _cache_compiled_templates, priority=900)
    app.connect("builder-inited", _restore_index_entries)
    app.connect("env-get-updated", _pages_to_rewrite)
    app.connect("write-started", _as_before_a_first_build)
    app.connect("build-finished", _save_state)
    return {"parallel_read_safe": True, "parallel_write_safe": False}


def _number_only_after_reading(app) -> None:
    """Section and figure numbers are assigned again only when this build read a page, and figure
    numbers only when a page read may have changed them.

    Sphinx reassigns both after every build's reading. Section numbers come from the tables of
    contents, kept in the environment: cheap, and they are assigned again whenever a page was read
    (a page read anew has lost them). Figure numbers walk every page's doctree from disk (about
    1 s here, ``numfig`` on); they are kept from the last build when nothing they depend on can
    have changed (``keep_figure_numbers``). The HTML build after the LaTeX writer (``jbrun``)
    reads nothing, so its numbers are those the LaTeX writer assigned and saved with the
    environment.
    """
    seen = _Reading()
    app.connect("env-before-read-docs", seen.before_reading)
    app.connect("env-purge-doc", lambda app, env, docname: seen.touched.add(docname))
    app.connect("doctree-read", lambda app, doctree: seen.touched.add(app.env.docname))
    listeners = app.events.listeners.get("env-get-updated", [])
    for index, listener in enumerate(listeners):
        collector = getattr(listener.handler, "__self__", None)
        if isinstance(collector, TocTreeCollector):

            def numbers(app, env, collector=collector, assign=listener.handler) -> list[str]:
                if not seen.read():
                    return []
                if type(collector).get_updated_docs is not TocTreeCollector.get_updated_docs:
                    return assign(app, env)  # a collector numbering otherwise: as it does
                sections = collector.assign_section_numbers(env)
                if keep_figure_numbers(env, seen):
                    env.toc_fignumbers = seen.fignumbers
                    return sections
                return sections + _assign_figure_numbers(collector, env)

            listeners[index] = listener._replace(handler=numbers)


FIGURES = "briefing_figure_signatures"  # an attribute of the environment, pickled with it


class _Reading:
    """What one build read, and the numbers and environment state from before it read."""

    def __init__(self) -> None:
        self.docnames: list[str] = []  # Sphinx's own list (handlers may still extend it)
        self.touched: set[str] = set()  # every page purged or read
        self.config_ok = False
        self.secnumbers: dict[str, Any] = {}
        self.fignumbers: dict[str, Any] = {}
        self.signatures: dict[str, tuple] | None = None

    def before_reading(self, app, env, docnames: list[str]) -> None:
        self.docnames = docnames
        self.config_ok = env.config_status == CONFIG_OK
        self.secnumbers = dict(env.toc_secnumbers)
        self.fignumbers = dict(env.toc_fignumbers)
        saved = getattr(env, FIGURES, None)
        self.signatures = dict(saved) if isinstance(saved, dict) else None

    def read(self) -> set[str]:
        return set(self.docnames) | self.touched


def keep_figure_numbers(env, seen: _Reading) -> bool:
    """Whether the figure numbers from before this build's reading are those Sphinx would assign.

    They are when the configuration and the pages are those of the last build, every section
    keeps its number, and each page read again has the same figure signature (its sections,
    toctrees and numbered objects, in order) as when the numbers were assigned. In any doubt:
    no (a page without a signature, one added or removed, a changed configuration).
    """
    old = seen.signatures
    read = seen.read()
    if not env.config.numfig or not seen.config_ok or old is None or not read:
        return False
    if set(old) - set(env.found_docs) or not read <= set(old):
        return False
    if env.toc_secnumbers != seen.secnumbers:
        return False
    return all(figure_signature(env, env.get_doctree(doc)) == old[doc] for doc in sorted(read))


def _assign_figure_numbers(collector: TocTreeCollector, env) -> list[str]:
    """Sphinx's figure numbering, keeping the signature of every page it walks."""
    signatures: dict[str, tuple] = {}

    def get_doctree(docname: str):
        doctree = type(env).get_doctree(env, docname)
        signatures[docname] = figure_signature(env, doctree)
        return doctree

    env.get_doctree = get_doctree
    try:
        rewrite = collector.assign_figure_numbers(env)
    finally:
        del env.get_doctree
    setattr(env, FIGURES, signatures if env.config.numfig else None)
    return rewrite


def figure_signature(env, doctree: nodes.Element) -> tuple:
    """What Sphinx's figure numbering reads of one page, in its order: the sections (by id),
    the toctrees (their pages) and the numbered objects (type and id), as
    ``TocTreeCollector.assign_figure_numbers`` walks them."""
    found: list[tuple] = []

    def walk(node: nodes.Element) -> None:
        for child in node.children:
            if isinstance(child, nodes.section):
                found.append(("section", child["ids"][0] if child["ids"] else None))
                walk(child)
                found.append(("end",))
            elif isinstance(child, addnodes.toctree):
                found.append(("toctree", tuple(doc for _title, doc in child["entries"])))
            elif isinstance(child, nodes.Element):
                figtype = _figure_type(env, child)
                if figtype and child["ids"]:
                    found.append(("figure", figtype, child["ids"][0]))
                walk(child)

    walk(doctree)
    return tuple(found)


def _figure_type(env, node: nodes.Element) -> str | None:
    """As Sphinx decides a node is numbered (``assign_figure_numbers``' ``get_figtype``)."""
    for domain in env.domains.values():
        figtype = domain.get_enumerable_node_type(node)
        if domain.name == "std" and not domain.get_numfig_title(node):
            continue  # uncaptioned: not numbered
        if figtype:
            return figtype
    return None


def _latex_builder(app) -> None:
    """In the LaTeX build only: the doctrees inlined without copies, and ``LaTeXTranslator``
    registered. A translator registered for any
    builder makes pydata-sphinx-theme wrap the registered translators instead of the HTML
    builder's default, and the HTML pages lose its markup (``aria-level`` on the navigation's
    headings, Bootstrap's table classes)."""
    if app.builder.name == "latex":
        app.set_translator("latex", LaTeXTranslator, override=True)
        _inline_without_copies(app.builder)


def _inline_without_copies(builder) -> None:
    """The LaTeX builder assembles its book-wide doctree with ``inline_all_toctrees`` below."""
    assemble = builder.assemble_doctree

    def assemble_doctree(*args, **kwargs):
        sphinx_own = latex_builder.inline_all_toctrees
        latex_builder.inline_all_toctrees = inline_all_toctrees
        try:
            return assemble(*args, **kwargs)
        finally:
            latex_builder.inline_all_toctrees = sphinx_own

    builder.assemble_doctree = assemble_doctree


def template_cache(app, kind: str) -> FileSystemBytecodeCache:
    """Jinja2's compiled templates kept between builds, beside Sphinx's outputs. Never stale:
    Jinja2 stores each with its template's source checksum and compiles again when it differs.
    One folder per template environment (``kind``): the LaTeX templates' delimiters are not
    HTML's, and Jinja2 keys a compiled template on its name and file only."""
    folder = Path(app.doctreedir).parent / TEMPLATE_CACHE / kind
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def _cache_compiled_templates(app) -> None:
    """The HTML builder compiles the theme's templates (41) on every build, about 0.5 s: Sphinx's
    template environment has no bytecode cache. The LaTeX writer's come through ``LaTeXTranslator``."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None and environment.bytecode_cache is None:
        environment.bytecode_cache = template_cache(app, app.builder.name)


class LaTeXTranslator(SphinxLaTeXTranslator):
    """Sphinx's LaTeX translator, its templates (one a table) compiled once per build.

    Sphinx makes a new template environment for every table it writes, compiling the table's
    template again each time (about half a second for the book's tables). A template the book
    overrides in ``templates_path`` is still left to Sphinx.
    """

    def render(self, template_name: str, variables: dict[str, Any]) -> str:
        for folder in self.config.templates_path:
            template = os.path.join(self.builder.confdir, folder, template_name)
            if os.path.exists(template) or os.path.exists(template.removesuffix(".jinja") + "_t"):
                return super().render(template_name, variables)
        renderers = self.builder.__dict__.setdefault("briefing_latex_renderers", {})
        engine = self.config.latex_engine
        if engine not in renderers:
            renderers[engine] = LaTeXRenderer(latex_engine=engine)
            renderers[engine].env.bytecode_cache = template_cache(self.builder.app, f"latex-{engine}")
        return renderers[engine].render(template_name, variables)


def inline_all_toctrees(builder, docnameset: set[str], docname: str, tree: nodes.document, colorfunc, traversed: list[str], copy: bool = True):
    """Sphinx's ``sphinx.util.nodes.inline_all_toctrees`` (the LaTeX writer's one book-wide doctree),
    without copying every page's doctree: ``env.get_doctree`` unpickles a new one on each call,
    so the copy only doubled the work (0.6 s of 1.1 s profiled, 25 pages). The master document,
    passed in by the caller, is still copied as Sphinx does."""
    if copy:
        tree = tree.deepcopy()
    for toctreenode in list(tree.findall(addnodes.toctree)):
        newnodes = []
        for includefile in map(str, toctreenode["includefiles"]):
            if includefile in traversed:
                continue
            try:
                traversed.append(includefile)
                logger.info(colorfunc(includefile) + " ", nonl=True)
                subtree = inline_all_toctrees(
                    builder, docnameset, includefile, builder.env.get_doctree(includefile), colorfunc, traversed, copy=False
                )
                docnameset.add(includefile)
            except Exception:  # noqa: BLE001 - as Sphinx: reported as a warning
                logger.warning(__("toctree contains ref to nonexisting file %r"), includefile, location=docname)
            else:
                sof = addnodes.start_of_file(docname=includefile)
                sof.children = subtree.children
                for sectionnode in sof.findall(nodes.section):
                    if "docname" not in sectionnode:
                        sectionnode["docname"] = includefile
                newnodes.append(sof)
        toctreenode.parent.replace(toctreenode, newnodes)
    return tree


def disable_builtin_toctree_collector(app) -> None:
    """``sphinx_external_toc.collectors.disable_builtin_toctree_collector``, which finds the
    enabled table-of-contents collectors among every object the garbage collector tracks
    (``gc.get_objects``, 0.3 s per Sphinx application profiled): here among the application's
    listeners, where an enabled collector's handlers are. The scan also found the collector of
    the process's earlier application (``jbrun`` runs two) and disconnected its listener ids from
    this one, ids this application had not given out yet: nothing."""
    found: list[TocTreeCollector] = []
    for listeners in app.events.listeners.values():
        for listener in listeners:
            collector = getattr(listener.handler, "__self__", None)
            if isinstance(collector, TocTreeCollector) and collector.listener_ids is not None and all(collector is not c for c in found):
                found.append(collector)
    for collector in found:
        collector.disable(app)


class Unpickled:
    """The last build's doctrees, unpickled ahead (``jbrun`` does it while it waits for the go).

    ``BuildEnvironment.get_doctree`` unpickles a page's doctree on every call; the LaTeX writer
    asks for all 25. Where the file Sphinx reads now has exactly the bytes unpickled ahead, the
    tree unpickled ahead is handed out instead, once (a caller may change it); any other page,
    and any later call, is left to Sphinx.
    """

    def __init__(self, doctreedir: Path) -> None:
        self.doctreedir = doctreedir
        self.trees: dict[str, tuple[bytes, nodes.document]] = {}

    def unpickle(self, stop) -> None:
        """Every ``.doctree`` file, until ``stop()`` is true."""
        for path in sorted(self.doctreedir.rglob("*.doctree")):
            if stop():
                return
            try:
                data = path.read_bytes()
                self.trees[path.relative_to(self.doctreedir).with_suffix("").as_posix()] = (data, pickle.loads(data))
            except Exception:  # noqa: BLE001, S112 - unreadable here: Sphinx reads it itself and reports it
                continue

    def install(self) -> None:
        sphinx_own = BuildEnvironment.get_doctree
        trees = self.trees

        def get_doctree(env, docname: str) -> nodes.document:
            held = trees.pop(docname, None)
            if held is None:
                return sphinx_own(env, docname)
            if docname not in env._pickled_doctree_cache:  # as Sphinx reads it
                with open(os.path.join(env.doctreedir, docname + ".doctree"), "rb") as handle:
                    env._pickled_doctree_cache[docname] = handle.read()
            if env._pickled_doctree_cache[docname] != held[0]:
                return sphinx_own(env, docname)
            doctree = held[1]
            doctree.settings.env = env
            doctree.reporter = LoggingReporter(env.doc2path(docname))
            return doctree

        BuildEnvironment.get_doctree = get_doctree


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
