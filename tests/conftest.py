"""Shared fixtures: the book is built once per session and every check reads that build.

Every test belongs to one tier, stated by its module's ``pytestmark`` (or its own mark):
``unit`` (made-up or in-memory data, no build: ``make test-fast``), ``data`` (facts about today's
``data/`` and ``seeds/``) or ``book`` (reads the built book). A test with none is refused here.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import ROOT
from briefing.build import Layout, servers

# The builds' kept servers (``briefing.build.servers``) wait a minute for the next build here, not
# fifteen, and every repository a test built has its servers stopped when the session ends: each
# copy's pair holds about 250 MiB.
os.environ.setdefault(servers.IDLE_VARIABLE, "60")
BUILT: set[Path] = {ROOT}


@pytest.fixture(scope="session", autouse=True)
def _servers_stopped():
    yield
    for root in BUILT:
        servers.stop(str(root))


def run_briefing(*args: str, cwd: Path = ROOT, env: dict | None = None, check: bool = False) -> subprocess.CompletedProcess:
    """``python -m briefing ...`` in ``cwd``, importing the package that lives there."""
    env = {**os.environ, "PYTHONPATH": str(cwd), **(env or {})}
    env.pop("BRIEFING_ROOT", None)
    BUILT.add(Path(cwd))
    result = subprocess.run([sys.executable, "-m", "briefing", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        pytest.fail(f"python -m briefing {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def copy_repository(destination: Path) -> Path:
    """The repository's own files (tracked or not ignored), without _build or .venv."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            target = destination / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


TIERS = ("unit", "data", "book")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    untiered = sorted({item.nodeid.split("::")[0] for item in items if not any(item.get_closest_marker(t) for t in TIERS)})
    if untiered:
        raise pytest.UsageError(
            f"{untiered[0]}: expected a tier, pytestmark = pytest.mark.unit, .data or .book near the top, found none"
            + (f" (and {len(untiered) - 1} more files)" if len(untiered) > 1 else "")
        )


@pytest.fixture(scope="session")
def built_book() -> Layout:
    """The repository's book, built (or found current) once for the whole session."""
    run_briefing("build", check=True)
    layout = Layout(ROOT)
    assert (layout.html / "index.html").exists() and layout.pdf.exists()
    return layout


def _entries(root: Path) -> dict[str, os.stat_result]:
    """Every file, symlink and folder under ``root`` by relative path, with its lstat."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            found[os.path.relpath(path, root)] = os.lstat(path)
    return found


def restore_tree(snapshot: Path, target: Path) -> int:
    """Make ``target`` the same tree as ``snapshot`` (names, bytes, modification times), copying only
    what differs by type, size or nanosecond mtime; return how many entries were rewritten."""
    want, have = _entries(snapshot), _entries(target)
    changed = 0
    for rel in sorted(set(have) - set(want), reverse=True):  # children before their folder
        path = target / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif os.path.lexists(path):
            path.unlink()
        changed += 1
    for rel in sorted(want):
        source, dest, st = snapshot / rel, target / rel, want[rel]
        old = have.get(rel)
        if stat.S_ISDIR(st.st_mode):
            if old is not None and not stat.S_ISDIR(old.st_mode):
                dest.unlink()
            dest.mkdir(exist_ok=True)
            continue
        if (
            old is not None
            and stat.S_IFMT(old.st_mode) == stat.S_IFMT(st.st_mode)
            and old.st_size == st.st_size
            and old.st_mtime_ns == st.st_mtime_ns
        ):
            continue
        if old is not None:
            if stat.S_ISDIR(old.st_mode):
                shutil.rmtree(dest)
            else:
                dest.unlink()
        if stat.S_ISLNK(st.st_mode):
            os.symlink(os.readlink(source), dest)
            os.utime(dest, ns=(st.st_atime_ns, st.st_mtime_ns), follow_symlinks=False)
        else:
            shutil.copy2(source, dest)
        changed += 1
    for rel in sorted(want):  # folder times last: writing inside a folder moves its mtime
        if stat.S_ISDIR(want[rel].st_mode):
            os.utime(target / rel, ns=(want[rel].st_atime_ns, want[rel].st_mtime_ns))
    return changed


@pytest.fixture(scope="session")
def _built_copy(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the repository built once, and a snapshot of it (sources and the whole _build)."""
    copy = copy_repository(tmp_path_factory.mktemp("book-copy"))
    run_briefing("build", cwd=copy, check=True)
    snapshot = tmp_path_factory.mktemp("book-copy-snapshot") / "repo"
    shutil.copytree(copy, snapshot, symlinks=True)
    restore_tree(snapshot, copy)  # copytree sets no folder times: take the snapshot's
    return copy, snapshot


@pytest.fixture
def book_copy(_built_copy) -> Path:
    """A copy of the repository with its own successful build, for tests that break things. After
    each test the copy is put back as it was built (sources and _build, byte for byte), so a test
    may leave it edited, half built or broken."""
    copy, snapshot = _built_copy
    yield copy
    restore_tree(snapshot, copy)
