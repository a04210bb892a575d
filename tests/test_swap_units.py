"""The website kept for the next build (``_build/.html-next``): brought up to date file by file,
never written into, exchanged with the live one and kept (unit tier; the whole build:
tests/test_build_safety.py, tests/test_build_incremental.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.build.swap import files_under, replace_dir, sync_tree

pytestmark = pytest.mark.unit


def tree(top: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (top / rel).parent.mkdir(parents=True, exist_ok=True)
        (top / rel).write_text(text)
    return top


def contents(top: Path) -> dict[str, str]:
    return {rel: path.read_text() for rel, path in sorted(files_under(top).items())}


def folders(top: Path) -> set[str]:
    return {p.relative_to(top).as_posix() for p in top.rglob("*") if p.is_dir()}


NEW = {"index.html": "new index", "book/a.html": "a", "book/b.html": "b, changed", "_static/x/y.css": "css", "c/d": "now a file"}


def test_the_kept_tree_becomes_exactly_the_new_one(tmp_path):
    source = tree(tmp_path / "out", NEW)
    target = tree(
        tmp_path / "next",
        {"index.html": "old index", "book/a.html": "a", "book/b.html": "b", "gone.html": "x", "old/deep/z.js": "z", "c/d/e": "was a folder"},
    )
    (target / "_static").write_text("a file where a folder is wanted")
    (target / "book" / "link.html").symlink_to(target / "index.html")
    written = sync_tree(files_under(source), target, tmp_path / "scratch")
    assert contents(target) == contents(source)
    assert folders(target) == folders(source)
    assert written == 4  # index, b, the css, c/d: book/a.html kept as it was


def test_an_unchanged_file_is_kept_and_a_changed_one_never_written_into(tmp_path):
    source = tree(tmp_path / "out", NEW)
    target = tree(tmp_path / "next", {"book/a.html": "a", "book/b.html": "b"})
    kept, replaced = (target / "book" / "a.html").stat().st_ino, target / "book" / "b.html"
    os.link(replaced, tmp_path / "shared")  # a file the old tree shares (a reader, a hard link)
    sync_tree(files_under(source), target, tmp_path / "scratch")
    assert (target / "book" / "a.html").stat().st_ino == kept
    assert replaced.read_text() == "b, changed" and (tmp_path / "shared").read_text() == "b"


def test_a_tree_left_half_done_is_finished_by_the_next_sync(tmp_path):
    source = tree(tmp_path / "out", NEW)
    target = tree(tmp_path / "next", {"index.html": "new ind", "book/0.partial": "half a file"})  # as a killed build leaves it
    sync_tree(files_under(source), target, tmp_path / "scratch")
    assert contents(target) == contents(source)


def test_an_empty_tree_wanted_empties_the_target(tmp_path):
    target = tree(tmp_path / "next", {"a/b": "x", "c": "y"})
    assert sync_tree({}, target, tmp_path / "scratch") == 0
    assert list(target.iterdir()) == []


def test_the_website_put_aside_is_kept_at_the_new_tree_s_place(tmp_path):
    live, new = tree(tmp_path / "html", {"index.html": "old"}), tree(tmp_path / ".html-next", {"index.html": "new"})
    replace_dir(new, live, keep_old=True)
    assert (live / "index.html").read_text() == "new"
    assert (new / "index.html").read_text() == "old"


def test_without_the_exchange_the_old_tree_is_still_kept(tmp_path, monkeypatch):
    from briefing.build import swap

    monkeypatch.setattr(swap, "exchange", lambda new, live: False)  # a system without renameat2
    live, new = tree(tmp_path / "html", {"index.html": "old"}), tree(tmp_path / ".html-next", {"index.html": "new"})
    replace_dir(new, live, keep_old=True)
    assert (live / "index.html").read_text() == "new" and (new / "index.html").read_text() == "old"
    assert not (tmp_path / ".html-next.old").exists()


def test_prepare_replaces_whatever_holds_the_kept_tree_s_place(tmp_path, monkeypatch):
    from briefing.build import swap
    from briefing.build.layout import PDF_NAME, Layout

    layout = Layout(tmp_path)
    out = tree(tmp_path / "out", {"html/index.html": "page"})
    latex = tree(tmp_path / "latex", {PDF_NAME: "%PDF"})
    monkeypatch.setattr(swap, "output_dir", lambda layout: out)
    monkeypatch.setattr(swap, "latex_dir", lambda layout: latex)
    layout.build.mkdir()
    layout.html_next.write_text("a file where the kept tree goes")
    new = swap.prepare(layout, [])
    assert contents(new["html"]) == {"index.html": "page", PDF_NAME: "%PDF"}
    new = swap.prepare(layout, [])  # the kept tree there: brought up to date
    assert contents(new["html"]) == {"index.html": "page", PDF_NAME: "%PDF"}
