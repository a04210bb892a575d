"""The test suite's own ``restore_tree`` (conftest.py), which puts ``book_copy`` back after each test
instead of rebuilding it: after any edit the tree is the snapshot again, names, bytes and times."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import _entries, restore_tree

pytestmark = pytest.mark.unit


def _state(root: Path) -> dict[str, tuple]:
    out = {}
    for rel, st in _entries(root).items():
        path = root / rel
        body = os.readlink(path) if path.is_symlink() else (path.read_bytes() if path.is_file() else None)
        out[rel] = (st.st_mode, body, None if path.is_dir() else st.st_mtime_ns)
    return out


def test_restore_tree_undoes_every_kind_of_change(tmp_path):
    snapshot, target = tmp_path / "snapshot", tmp_path / "target"
    (snapshot / "html" / "book").mkdir(parents=True)
    (snapshot / "html" / "book" / "letter.html").write_text("old page", encoding="utf-8")
    (snapshot / "html" / "index.html").write_text("index", encoding="utf-8")
    (snapshot / "stamp").write_text("digest", encoding="utf-8")
    (snapshot / "gone").mkdir()
    (snapshot / "gone" / "file").write_text("x", encoding="utf-8")
    os.symlink("html/index.html", snapshot / "link")
    shutil.copytree(snapshot, target, symlinks=True)
    assert restore_tree(snapshot, target) == 0  # the same tree: nothing copied

    page = target / "html" / "book" / "letter.html"
    page.write_text("new page", encoding="utf-8")  # same size, rewritten in place
    os.utime(page, ns=(1, 1))
    (target / "stamp").write_text("another digest", encoding="utf-8")
    (target / "html" / "new.html").write_text("added", encoding="utf-8")
    (target / "new-folder" / "deep").mkdir(parents=True)
    (target / "new-folder" / "deep" / "f").write_text("y", encoding="utf-8")
    shutil.rmtree(target / "gone")
    (target / "gone").write_text("a file where a folder was", encoding="utf-8")
    (target / "link").unlink()
    (target / "link").write_text("a file where a link was", encoding="utf-8")
    assert _state(target) != _state(snapshot)

    assert restore_tree(snapshot, target) > 0
    assert _state(target) == _state(snapshot)
    assert page.read_text(encoding="utf-8") == "old page"
