"""Helpers for the browser checks: a local server, an offline Chromium, a crawl of the book.

Everything here is plain functions over plain data, so that ``tests/test_browser.py`` can run the
same checks on the built book and on small broken pages written to a temporary folder (which is how
each check is seen to fail).

* :func:`serve` serves a folder on 127.0.0.1 with an ephemeral port from a daemon thread.
* :func:`launch` starts Debian's Chromium through Playwright (never a downloaded browser).
* :func:`offline` routes every request of a browser context: local ones go through, anything else
  is aborted (so a check never reaches the network) and every URL is recorded.
* :func:`crawl` opens every page once: from ``index.html`` following internal links, plus every
  ``.html`` file on disk; it records per page the requests, failures, console errors, images,
  links, ids, headings and figures, and runs axe-core when asked.
* ``find_*`` functions turn a crawl into a list of human-readable problems (empty means pass).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import ipaddress
import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    # belt and braces: nothing but loopback resolves, so even a request that escaped the route
    # (a DNS prefetch, a preconnect) could not reach another host
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]

#: Pages that Sphinx writes but that are not part of the reading path. They are opened and checked
#: like every other page when found on disk; they are simply not expected to be linked.
UTILITY_PAGES = {"genindex.html", "search.html", "py-modindex.html"}

#: Schemes that never go to the network (the page's own data, the browser's own pages).
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}


# --- Server ---------------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (ephemeral port) in a thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="book-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- Browser --------------------------------------------------------------------------------------


def launch(playwright):
    """Debian's Chromium, headless, with no background traffic of its own."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def is_local(url: str) -> bool:
    """True for loopback HTTP(S) and for schemes that never touch the network."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return False
    host = (parts.hostname or "").strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Traffic:
    """Every request a browser context made, and the non-local ones it aborted."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def route(self, route, request):
        self.requests.append(request.url)
        if is_local(request.url):
            route.continue_()
        else:
            self.blocked.append(request.url)
            route.abort("blockedbyclient")


def offline(context) -> Traffic:
    """Route every request and WebSocket of ``context`` (create it with service_workers="block",
    so none escapes the route): local ones go through, the others are aborted and recorded."""
    traffic = Traffic()
    context.route("**/*", traffic.route)

    def route_web_socket(ws):
        traffic.requests.append(ws.url)
        if is_local(ws.url):
            ws.connect_to_server()
        else:
            traffic.blocked.append(ws.url)
            ws.close()

    context.route_web_socket(re.compile(".*"), route_web_socket)
    return traffic


# --- One page -------------------------------------------------------------------------------------


# Everything the checks need from one loaded page, in one round trip.
PAGE_FACTS_JS = r"""
() => {
  const article = document.querySelector("article.bd-article") || document.querySelector("main") || document.body;
  const describe = (el) => {
    const id = el.id ? "#" + el.id : "";
    const cls = el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "";
    return el.tagName.toLowerCase() + id + cls;
  };
  const label = (el) => (el.getAttribute("aria-label") || "").trim()
      || (el.getAttribute("aria-labelledby") || "").split(/\s+/).map(i => document.getElementById(i)).filter(Boolean).map(e => e.textContent.trim()).join(" ")
      || ((el.querySelector(":scope > title") || {}).textContent || "").trim();
  const hidden = (el) => !!el.closest('[aria-hidden="true"]') || el.getAttribute("role") === "presentation" || el.getAttribute("role") === "none";
  const images = [...document.querySelectorAll("img")].map(img => ({
    what: describe(img),
    src: img.currentSrc || img.src,
    complete: img.complete,
    naturalWidth: img.naturalWidth,
    alt: img.getAttribute("alt"),
    decorative: hidden(img),
  }));
  const objects = [...document.querySelectorAll("object, embed, iframe")].map(o => {
    let loaded = null;
    try { loaded = !!(o.contentDocument && o.contentDocument.documentElement && o.contentDocument.documentElement.childElementCount); } catch (e) { loaded = null; }
    return {what: describe(o), src: o.getAttribute("data") || o.getAttribute("src") || "", loaded,
            label: label(o) || (o.getAttribute("title") || "").trim(), decorative: hidden(o)};
  });
  // Inline SVG: only outermost <svg> elements that are not hidden icons.
  const control = "button, a, label, [role=button], [role=link], [role=tab], [role=menuitem]";
  const visible = (el) => el.checkVisibility ? el.checkVisibility({visibilityProperty: true}) : true;
  const svgs = [...document.querySelectorAll("svg")].filter(s => !s.parentElement.closest("svg")).map(s => {
    const box = s.getBoundingClientRect();
    return {what: describe(s), role: s.getAttribute("role"), label: label(s), decorative: hidden(s),
            inArticle: article.contains(s), visible: visible(s), width: box.width, height: box.height,
            inControl: !!s.closest(control)};
  });
  // content images: not hidden icons, and an svg/object inside a link or button is the control's icon
  const isContent = (m) => !hidden(m) && !m.parentElement.closest("svg")
      && (m.tagName.toLowerCase() === "img" || !m.closest(control));
  const figures = [...article.querySelectorAll("figure, div.figure, .cell_output img, .cell_output svg, .cell_output object")]
    .filter(el => el.matches("figure, div.figure") || (!el.closest("figure, div.figure") && isContent(el)))
    .map(el => {
      const media = el.matches("figure, div.figure") ? [...el.querySelectorAll("img, svg, object, embed")].filter(isContent) : [el];
      const named = media.map(m => m.tagName.toLowerCase() === "img" ? (m.getAttribute("alt") || "").trim()
                                 : label(m) || (m.getAttribute("title") || "").trim());
      return {what: describe(el), media: media.length, named: named.filter(Boolean).length,
              unnamed: media.filter((m, i) => !named[i]).map(describe)};
    });
  const headings = [...article.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .filter(h => !h.closest('[aria-hidden="true"]'))
    .map(h => ({level: Number(h.tagName[1]), text: h.textContent.replace(/[\s¶#]+$/g, "").trim().slice(0, 80)}));
  const links = [...document.querySelectorAll("a[href]")].map(a => ({href: a.href, raw: a.getAttribute("href"),
                 sidebar: !!a.closest("nav.bd-docs-nav, .bd-sidebar-primary nav"), text: a.textContent.trim().slice(0, 60)}));
  const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
  const names = [...document.querySelectorAll("a[name]")].map(e => e.getAttribute("name"));
  // resource hints make the browser connect without a request the route would see
  const hints = [...document.querySelectorAll("link[rel~=preconnect], link[rel~=dns-prefetch], link[rel~=prefetch], link[rel~=preload], link[rel~=modulepreload]")].map(l => l.href);
  // each table as narrow as it can be set (a copy, in the table's own container: every cell
  // wrapped as far as it can be, dates kept whole): wider than the column, the table is wider
  // than the page; its header row alone tells whether the header is what holds it
  const narrowest = (t, keep) => {
    const copy = t.cloneNode(true);
    copy.querySelectorAll(keep).forEach(part => part.remove());
    copy.querySelectorAll("[id]").forEach(e => e.removeAttribute("id"));
    copy.removeAttribute("id");
    Object.assign(copy.style, {width: "min-content", position: "absolute", visibility: "hidden"});
    t.parentElement.appendChild(copy);
    const row = copy.rows[0] ? [...copy.rows[0].cells] : [];
    const widths = row.map(c => ({header: c.textContent.replace(/[\s\u2195]+/g, " ").trim().slice(0, 40), width: Math.ceil(c.getBoundingClientRect().width)}));
    const width = Math.ceil(copy.getBoundingClientRect().width);
    copy.remove();
    return {width, widest: widths.sort((a, b) => b.width - a.width)[0] || null};
  };
  const tables = [...article.querySelectorAll("table")].filter(visible).map(t => {
    const whole = narrowest(t, "caption");
    return {what: describe(t), room: t.parentElement.clientWidth, headerWidth: narrowest(t, "tbody, tfoot, caption").width,
            width: whole.width, widest: whole.widest};
  });
  return {title: document.title, images, objects, svgs, figures, headings, links, hints, tables, ids: ids.concat(names)};
}
"""

# Wait until every <img> has either loaded or failed (lazy images are made eager first).
IMAGES_SETTLED_JS = r"""
async () => {
  const imgs = [...document.querySelectorAll("img")];
  imgs.forEach(i => { if (i.loading === "lazy") i.loading = "eager"; });
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.addEventListener("load", r, {once: true}); i.addEventListener("error", r, {once: true}); setTimeout(r, 5000); })));
  const objs = [...document.querySelectorAll("object")];
  await Promise.all(objs.map(o => new Promise(r => { if (o.contentDocument && o.contentDocument.readyState === "complete") return r(); o.addEventListener("load", r, {once: true}); o.addEventListener("error", r, {once: true}); setTimeout(r, 3000); })));
}
"""


@dataclass
class PageReport:
    """What one page did and held."""

    url: str
    path: str  # relative to the served root, e.g. "book/background.html"
    status: int | None = None
    requests: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (URL, network failure or "HTTP 404")
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    redirected_to: str | None = None  # a page that only forwards (meta refresh) has no facts
    axe: list[dict] = field(default_factory=list)  # violations: id, impact, help, nodes (targets)


def open_page(page, url: str, path: str = "", run_axe: bool = False) -> PageReport:
    """Load ``url`` in ``page`` and record everything the checks need."""
    report = PageReport(url=url, path=path)

    def on_request(request):
        report.requests.append(request.url)

    def on_failed(request):
        report.failed.append((request.url, str(request.failure)))

    def on_response(response):
        if response.status >= 400:
            report.failed.append((response.url, f"HTTP {response.status}"))

    def on_console(message):
        if message.type == "error":
            location = message.location or {}
            report.console_errors.append(f"{message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})")

    def on_page_error(error):
        report.console_errors.append(f"uncaught: {error}")

    def on_dialog(dialog):
        report.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_websocket(ws):
        report.requests.append(ws.url)

    handlers = {
        "request": on_request,
        "requestfailed": on_failed,
        "response": on_response,
        "console": on_console,
        "pageerror": on_page_error,
        "dialog": on_dialog,
        "websocket": on_websocket,
    }
    for event, handler in handlers.items():
        page.on(event, handler)
    try:
        response = page.goto(url, wait_until="load")
        report.status = response.status if response else None
        for attempt in range(3):  # a meta refresh may navigate away under our feet: follow it
            try:
                page.evaluate(IMAGES_SETTLED_JS)
                with contextlib.suppress(PlaywrightTimeout):
                    page.wait_for_load_state("networkidle", timeout=3000)
                if urldefrag(page.url)[0] != urldefrag(url)[0]:
                    report.redirected_to = page.url
                    break
                report.facts = page.evaluate(PAGE_FACTS_JS)
                break
            except PlaywrightError as error:
                if "context was destroyed" not in str(error) or attempt == 2:
                    raise
                page.wait_for_load_state("load")
    finally:
        for event, handler in handlers.items():
            page.remove_listener(event, handler)
    # axe runs after the page's own traffic is recorded: its CSSOM preload fetches @import-ed
    # stylesheets resolved against the document instead of the stylesheet (theme.css's
    # "../basic.css" becomes /basic.css, a 404 that is axe's, not the book's). Anything it
    # sent off the machine is still aborted and recorded by the context's route (see offline).
    if run_axe and report.redirected_to is None:
        report.axe = run_axe_on(page)
    return report


def run_axe_on(page) -> list[dict]:
    """axe-core's violations on the loaded page, with the axe.min.js bundled in the package.

    axe-playwright-python evaluates its own copy of axe.min.js in the page (no network); the copy
    is checked in tests so that a version that fetched axe from a CDN would be noticed.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {
            "id": v["id"],
            "impact": v.get("impact"),
            "help": v.get("help", ""),
            "nodes": [", ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])],
        }
        for v in results.response["violations"]
    ]


# --- The whole site -------------------------------------------------------------------------------


@dataclass
class Crawl:
    base: str
    root: Path
    pages: dict[str, PageReport] = field(default_factory=dict)  # by path relative to root
    linked: set[str] = field(default_factory=set)  # pages reached by following links from index
    on_disk_only: list[str] = field(default_factory=list)  # opened because found on disk

    @property
    def requests(self) -> list[str]:
        return [u for p in self.pages.values() for u in p.requests]


def page_path(url: str, base: str) -> str | None:
    """The served file a URL names (``book/x.html``), or None when it is not on this server."""
    url, _ = urldefrag(url)
    if not url.startswith(base):
        return None
    rel = unquote(urlsplit(url).path[len(urlsplit(base).path) :])
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return rel


def html_files(root: Path) -> list[str]:
    """Every .html file under ``root``, relative, except Sphinx's own templates in _static."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if "_static" not in p.relative_to(root).parts and "_sources" not in p.relative_to(root).parts
    )


def crawl(page, base: str, root: Path, start: str = "index.html", run_axe: bool = False) -> Crawl:
    """Open every page once: breadth-first from ``start`` over internal links, then any .html left."""
    result = Crawl(base=base, root=root)
    queue = [start]
    seen = {start}

    def visit(path: str) -> PageReport:
        report = open_page(page, urljoin(base, path), path, run_axe=run_axe)
        # a meta refresh (the root index.html) lands elsewhere: record where it went
        landed = page_path(page.url, base)
        if landed and landed != path and landed not in seen:
            seen.add(landed)
            queue.append(landed)
        result.pages[path] = report
        return report

    while queue:
        path = queue.pop(0)
        result.linked.add(path)
        report = visit(path)
        for link in report.facts.get("links", []):
            target = page_path(link["href"], base)
            if target and target.endswith(".html") and target not in seen and (root / target).is_file():
                seen.add(target)
                queue.append(target)
    for path in html_files(root):
        if path not in result.pages:
            result.on_disk_only.append(path)
            visit(path)
    return result


# --- Checks: each returns a list of problems, empty when all is well ------------------------------


def _label(crawl_: Crawl, path: str) -> str:
    target = crawl_.pages[path].redirected_to
    return f"{path} (redirected to {page_path(target, crawl_.base) or target})" if target else path


def find_console_errors(crawl_: Crawl) -> list[str]:
    return [f"{_label(crawl_, path)}: {e}" for path, p in crawl_.pages.items() for e in p.console_errors]


def find_failed_requests(crawl_: Crawl) -> list[str]:
    """Local requests that failed or answered >= 400 (non-local ones are find_external's)."""
    return [f"{_label(crawl_, path)}: {url}: {why}" for path, p in crawl_.pages.items() for url, why in p.failed if is_local(url)]


def find_external_requests(crawl_: Crawl, traffic: Traffic | None = None) -> list[str]:
    problems = [f"{path}: {u}" for path, p in crawl_.pages.items() for u in p.requests if not is_local(u)]
    problems += [f"{path}: resource hint to {u}" for path, p in crawl_.pages.items() for u in p.facts.get("hints", []) if not is_local(u)]
    if traffic is not None:
        seen = {u for p in crawl_.pages.values() for u in p.requests}
        problems += [f"(context) {u}" for u in traffic.blocked if u not in seen]
    return problems


def find_bad_status(crawl_: Crawl) -> list[str]:
    return [f"{path}: HTTP {p.status}" for path, p in crawl_.pages.items() if p.status is None or p.status >= 400]


def find_broken_images(crawl_: Crawl) -> list[str]:
    problems = []
    for path, p in crawl_.pages.items():
        for img in p.facts.get("images", []):
            if not img["complete"] or img["naturalWidth"] <= 0:
                problems.append(f"{path}: {img['what']} src={img['src']!r} did not load (naturalWidth={img['naturalWidth']})")
        for obj in p.facts.get("objects", []):
            if obj["loaded"] is False:
                problems.append(f"{path}: {obj['what']} data={obj['src']!r} did not load")
        for svg in p.facts.get("svgs", []):
            if svg["inArticle"] and svg["visible"] and not svg["decorative"] and (svg["width"] <= 0 or svg["height"] <= 0):
                problems.append(f"{path}: {svg['what']} has no size ({svg['width']}x{svg['height']})")
    return problems


def find_broken_links(crawl_: Crawl) -> list[str]:
    """Internal links whose page is missing, or whose #anchor names no element of that page."""
    problems = []
    ids = {path: set(p.facts.get("ids", [])) for path, p in crawl_.pages.items()}
    for path, p in crawl_.pages.items():
        for link in p.facts.get("links", []):
            href = link["href"]
            if not href.startswith(crawl_.base):
                continue  # external links are not followed (they are not requests either)
            target = page_path(href, crawl_.base)
            _, fragment = urldefrag(href)
            fragment = unquote(fragment)
            where = f"{path}: link {link['raw']!r} ({link['text']!r})"
            if not (crawl_.root / target).is_file():
                problems.append(f"{where}: no such file {target}")
                continue
            if fragment and target.endswith(".html"):
                if target not in ids:
                    problems.append(f"{where}: target page {target} was not opened")
                elif fragment not in ids[target]:
                    problems.append(f"{where}: no element with id {fragment!r} in {target}")
    return problems


IMAGE_FILE = re.compile(r"\.(svg|png|jpe?g|gif|webp|pdf)$", re.I)


def alt_is_a_file_name(alt: str, src: str) -> bool:
    """Docutils' default alt is the image's URI (``_images/<hash>.svg``): present but useless."""
    alt = alt.strip()
    name = urlsplit(src).path.rsplit("/", 1)[-1]
    return bool(IMAGE_FILE.search(alt)) or alt == name or (len(alt) > 3 and urlsplit(src).path.endswith(alt))


def find_missing_alt(crawl_: Crawl) -> list[str]:
    """Images without a text alternative: <img> without non-empty alt, figures with unnamed media,
    non-decorative inline SVG without role=img and an accessible name."""
    problems = []
    for path, p in crawl_.pages.items():
        facts = p.facts
        for img in facts.get("images", []):
            if img["decorative"]:
                continue
            if not (img["alt"] or "").strip():
                problems.append(f"{path}: {img['what']} src={img['src']!r} has no alt text")
            elif alt_is_a_file_name(img["alt"], img["src"]):
                problems.append(f"{path}: {img['what']} alt={img['alt']!r} is a file name, not a text alternative")
        for obj in facts.get("objects", []):
            if not obj["label"] and not obj["decorative"]:
                problems.append(f"{path}: {obj['what']} data={obj['src']!r} has no aria-label/title")
        for svg in facts.get("svgs", []):
            # the theme's icons (outside the article) and icons inside a button or link (named by
            # their control, which axe checks) are not content images
            if svg["decorative"] or svg["inControl"] or not svg["inArticle"]:
                continue
            if svg["role"] != "img" or not svg["label"]:
                problems.append(f"{path}: inline {svg['what']} needs role=img and an aria-label (role={svg['role']!r}, label={svg['label']!r})")
        for fig in facts.get("figures", []):
            if fig["media"] == 0:
                problems.append(f"{path}: {fig['what']} holds no image")
            for unnamed in fig["unnamed"]:
                problems.append(f"{path}: {fig['what']}: {unnamed} has no alt text")
    return sorted(set(problems), key=problems.index)


def find_tables_wider_than_their_column(crawl_: Crawl) -> list[str]:
    """Tables that, every cell wrapped as far as it can be, are wider than the column that holds
    them: the reader sees the first columns and has to scroll sideways for the others. Names the
    widest column, and whether the header row alone is too wide."""
    problems = []
    for path, report in sorted(crawl_.pages.items()):
        for table in report.facts.get("tables", []):
            if table["width"] <= table["room"]:
                continue
            widest = table["widest"] or {"header": "", "width": 0}
            held = "header row" if table["headerWidth"] > table["room"] else "cells"
            problems.append(
                f"{_label(crawl_, path)}: {table['what']}: at least {table['width']} px in a column of {table['room']} px "
                f"({held}; widest column {widest['header']!r}, {widest['width']} px)"
            )
    return problems


def find_heading_problems(crawl_: Crawl) -> list[str]:
    """Headings in the article: one h1 first, and never deeper by more than one level at a time."""
    problems = []
    for path, p in crawl_.pages.items():
        if p.redirected_to:
            continue
        headings = p.facts.get("headings", [])
        if not headings:
            problems.append(f"{path}: no heading in the article")
            continue
        if headings[0]["level"] != 1:
            problems.append(f"{path}: first heading is h{headings[0]['level']} {headings[0]['text']!r}, not h1")
        h1s = [h for h in headings if h["level"] == 1]
        if len(h1s) > 1:
            problems.append(f"{path}: {len(h1s)} h1 headings: {[h['text'] for h in h1s]}")
        for before, after in zip(headings, headings[1:]):
            if after["level"] > before["level"] + 1:
                problems.append(f"{path}: h{before['level']} {before['text']!r} is followed by h{after['level']} {after['text']!r}")
    return problems


def find_axe_violations(crawl_: Crawl, impacts=("critical", "serious")) -> list[str]:
    return [
        f"{path}: [{v['impact']}] {v['id']}: {v['help']} at {v['nodes'][:5]}"
        for path, p in crawl_.pages.items()
        for v in p.axe
        if v["impact"] in impacts
    ]


def axe_summary(crawl_: Crawl) -> dict:
    """Violations by impact: how many rules and how many elements."""
    rules, nodes = Counter(), Counter()
    for p in crawl_.pages.values():
        for v in p.axe:
            rules[v["impact"] or "unknown"] += 1
            nodes[v["impact"] or "unknown"] += len(v["nodes"])
    impacts = ["critical", "serious", "moderate", "minor"]
    return {
        "violations_by_impact": {i: rules.get(i, 0) for i in impacts} | {k: v for k, v in rules.items() if k not in impacts},
        "elements_by_impact": {i: nodes.get(i, 0) for i in impacts} | {k: v for k, v in nodes.items() if k not in impacts},
        "rules": sorted({f"{v['id']} ({v['impact']})" for p in crawl_.pages.values() for v in p.axe}),
    }


def figure_count(report: PageReport) -> int:
    facts = report.facts
    return len(facts.get("figures", []))


def report_json(crawl_: Crawl, traffic: Traffic | None, extra: dict | None = None) -> dict:
    requests = crawl_.requests
    return {
        "pages_opened": len(crawl_.pages),
        "pages": sorted(crawl_.pages),
        "pages_reached_by_links": len(crawl_.linked),
        "pages_opened_from_disk_only": crawl_.on_disk_only,
        "requests": len(requests),
        "requests_local": sum(map(is_local, requests)),
        "requests_external": [u for u in requests if not is_local(u)] + ([u for u in traffic.blocked if u not in set(requests)] if traffic else []),
        "failed_requests": find_failed_requests(crawl_),
        "console_errors": find_console_errors(crawl_),
        "images": sum(len(p.facts.get("images", [])) for p in crawl_.pages.values()),
        "figures": {path: figure_count(p) for path, p in crawl_.pages.items() if figure_count(p)},
        "axe": axe_summary(crawl_),
        **(extra or {}),
    }


def write_report(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")


# --- The table of contents ------------------------------------------------------------------------


def toc_files(toc: dict) -> list[str]:
    """Every ``file:`` of a jb-book/jb-article _toc.yml, in reading order (root first)."""
    files = [toc["root"]] if "root" in toc else []

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            for key in ("sections", "chapters", "parts"):
                walk(entry.get(key))

    for key in ("parts", "chapters", "sections"):
        walk(toc.get(key))
    return files


def toc_pages(toc: dict) -> list[str]:
    """The HTML page of every toc entry (``book/letter`` -> ``book/letter.html``)."""
    out = []
    for f in toc_files(toc):
        stem = f.rsplit(".", 1)[0] if f.endswith((".md", ".ipynb", ".rst")) else f
        out.append(stem + ".html")
    return out


def sidebar_reach(crawl_: Crawl, start: str) -> set[str]:
    """Pages reached from ``start`` by following sidebar navigation links only."""
    reached, queue = {start}, [start]
    while queue:
        path = queue.pop(0)
        report = crawl_.pages.get(path)
        if report is None:
            continue
        for link in report.facts.get("links", []):
            if not link["sidebar"]:
                continue
            target = page_path(link["href"], crawl_.base)
            if target and target not in reached:
                reached.add(target)
                queue.append(target)
    return reached


def find_missing_from_sidebar(crawl_: Crawl, pages: list[str], start: str) -> list[str]:
    """The pages (e.g. every toc entry) that sidebar links do not reach from ``start``."""
    reached = sidebar_reach(crawl_, start)
    return [p for p in pages if p not in reached]


# --- Search ---------------------------------------------------------------------------------------


@dataclass
class SearchResult:
    summary: str
    results: list[str]  # result pages, relative to the served root, in order
    console_errors: list[str]


def search(page, base: str, query: str, timeout: float = 15_000) -> SearchResult:
    """Sphinx's search page with ``?q=query``: wait for its summary line, return the result pages."""
    from urllib.parse import quote

    errors: list[str] = []

    def on_console(message):
        if message.type == "error":
            errors.append(message.text)

    def on_page_error(error):
        errors.append(f"uncaught: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    try:
        page.goto(f"{base}search.html?q={quote(query)}", wait_until="load")
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results p.search-summary'); return s && s.textContent.trim().length > 0; }",
            timeout=timeout,
        )
        summary = page.inner_text("#search-results p.search-summary").strip()
        hrefs = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_page_error)
    results = []
    for href in hrefs:
        path = page_path(href, base)
        if path and path not in results:
            results.append(path)
    return SearchResult(summary=summary, results=results, console_errors=errors)


# --- Hostile data ---------------------------------------------------------------------------------

HOSTILE_DOM_JS = r"""
(titles) => {
  const found = [];
  for (const s of document.querySelectorAll("script")) {
    if (/alert\(/.test(s.textContent) || /alert\(/.test(s.src)) found.push("a <script> element: " + s.outerHTML.slice(0, 120));
  }
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.getAttributeNames()) {
      const value = el.getAttribute(attr) || "";
      if (attr.startsWith("on") && /alert/.test(value)) found.push(`an ${attr} handler: ` + el.outerHTML.slice(0, 120));
      if ((attr === "href" || attr === "src") && /^\s*javascript:/i.test(value)) found.push(`a javascript: ${attr}: ` + el.outerHTML.slice(0, 120));
    }
  }
  const text = document.body.innerText.replace(/\s+/g, " ");
  for (const t of titles) if (!text.includes(t.replace(/\s+/g, " "))) found.push("text not shown verbatim: " + t);
  return found;
}
"""


def find_hostile_problems(page, url: str, titles: list[str]) -> list[str]:
    """Load ``url`` and report any dialog (alert/confirm/prompt), any element the titles' markup
    created (script, on* handler, javascript: link), and any title not shown verbatim as text."""
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"a {dialog.type} dialog: {dialog.message!r}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        page.goto(url, wait_until="load")
        page.evaluate(IMAGES_SETTLED_JS)  # an <img onerror> fires once its load has failed
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_load_state("networkidle", timeout=3000)
        page.wait_for_timeout(200)
        found = page.evaluate(HOSTILE_DOM_JS, titles)
    finally:
        page.remove_listener("dialog", on_dialog)
    return [f"{url}: {p}" for p in dialogs + found]


# --- One search control; sortable tables ----------------------------------------------------------

# The site's search controls the reader can see: the theme's search field and icon, a search form
# or a field that queries search.html (a table's filter field is not a site search). Nested
# controls count once (the outermost).
SEARCH_CONTROLS_JS = r"""
() => {
  const selector = ".search-button__button, .search-button-field, form.bd-search, form[action$='search.html'], input[name='q']";
  const shown = (el) => {
    if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const all = [...document.querySelectorAll(selector)].filter(shown);
  return all.filter(el => !all.some(other => other !== el && other.contains(el)))
            .map(el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\s+/).join(".") : ""));
}
"""


def search_controls(page) -> list[str]:
    """The visible site-search controls of the loaded page."""
    return page.evaluate(SEARCH_CONTROLS_JS)


def find_search_control_problems(controls_by_page: dict[str, list[str]]) -> list[str]:
    """Pages without exactly one visible search control."""
    return [f"{path}: {len(found)} visible search controls {found}" for path, found in sorted(controls_by_page.items()) if len(found) != 1]


_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]


def date_key(text: str) -> str | None:
    """ "14 September 2005" -> "2005-09-14", "March 1970" -> "1970-03-00", "1976" -> "1976-00-00";
    None for "not confirmed" and anything that is not a date."""
    t = " ".join(text.replace("\u00a0", " ").split()).lower()
    if m := re.match(r"^(\d{1,2})(?:\s*[\u2013-]\s*\d{1,2})?\s+([a-z]+)\s+(\d{4})\b", t):
        if m[2] in _MONTHS:
            return f"{m[3]}-{_MONTHS.index(m[2]) + 1:02d}-{int(m[1]):02d}"
    if (m := re.match(r"^([a-z]+)\s+(\d{4})\b", t)) and m[1] in _MONTHS:
        return f"{m[2]}-{_MONTHS.index(m[1]) + 1:02d}-00"
    if m := re.match(r"^(\d{4})\b", t):
        return f"{m[1]}-00-00"
    return None


TABLES_JS = r"""
() => [...document.querySelectorAll("article table, main table")].map((t, i) => ({
  index: i,
  caption: t.caption ? t.caption.textContent.replace(/\s+/g, " ").trim() : "",
  headers: [...(t.tHead ? t.tHead.rows[0].cells : [])].map(th => ({
    text: th.textContent.replace(/\s+/g, " ").trim(), sort: th.getAttribute("aria-sort"),
    button: !!th.querySelector("button")})),
  filter: (() => {
    const bar = (t.closest(".pst-scrollable-table-container") || t).previousElementSibling;
    const input = bar && bar.matches(".table-filter") ? bar.querySelector("input") : null;
    return input ? {id: input.id, label: input.labels.length ? input.labels[0].textContent : ""} : null;
  })(),
  rows: [...(t.tBodies[0] ? t.tBodies[0].rows : [])].filter(r => !r.hidden && r.getClientRects().length)
        .map(r => [...r.cells].map(c => c.textContent.replace(/\s+/g, " ").trim())),
}))
"""


def tables(page) -> list[dict]:
    """Every table of the loaded page: caption, headers (text, aria-sort, has a button), its
    filter field (id, label) if any, the rows shown, in the order shown."""
    return page.evaluate(TABLES_JS)


def find_sort_problems(before: dict, after: dict, column: int, descending: bool) -> list[str]:
    """What is wrong with ``after`` as ``before`` sorted by date on ``column``: the same rows, the
    dated ones in order, the undated last, aria-sort on that header alone."""
    name = after["caption"] or f"table {after['index']}"
    problems = []
    header = after["headers"][column]
    if not header["button"]:
        problems.append(f"{name}: the {header['text']!r} header has no sort button")
    want = "descending" if descending else "ascending"
    if header["sort"] != want:
        problems.append(f"{name}: aria-sort on {header['text']!r} is {header['sort']!r}, expected {want!r}")
    others = [h["text"] for i, h in enumerate(after["headers"]) if i != column and h["sort"]]
    if others:
        problems.append(f"{name}: aria-sort also on {others}")
    if sorted(map(tuple, before["rows"])) != sorted(map(tuple, after["rows"])):
        problems.append(f"{name}: sorting changed the rows themselves")
    keys = [date_key(row[column]) for row in after["rows"]]
    dated = [k for k in keys if k is not None]
    if keys[: len(dated)] != dated:
        problems.append(f"{name}: undated rows before dated ones: {[r[column] for r in after['rows']]}")
    if dated != sorted(dated, reverse=descending):
        problems.append(f"{name}: {header['text']!r} not in {want} order: {[r[column] for r in after['rows']]}")
    return problems
