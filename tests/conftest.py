"""Shared fixtures: the book is built once per session and every check reads that build.

Every test belongs to one tier, stated by its module's ``pytestmark`` (or its own mark):
``unit`` (made-up or in-memory data, no build: ``make test-fast``), ``data`` (facts about today's
``data/`` and ``seeds/``) or ``book`` (reads the built book). A test with none is refused here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import ROOT
from briefing.build import Layout


def run_briefing(*args: str, cwd: Path = ROOT, env: dict | None = None, check: bool = False) -> subprocess.CompletedProcess:
    """``python -m briefing ...`` in ``cwd``, importing the package that lives there."""
    env = {**os.environ, "PYTHONPATH": str(cwd), **(env or {})}
    env.pop("BRIEFING_ROOT", None)
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


@pytest.fixture(scope="session")
def book_copy(tmp_path_factory) -> Path:
    """A copy of the repository with its own successful build, for tests that break things."""
    copy = copy_repository(tmp_path_factory.mktemp("book-copy"))
    run_briefing("build", cwd=copy, check=True)
    return copy
