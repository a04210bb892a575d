"""The layers hold: import-linter's contracts in pyproject.toml pass on the package as it is and
fail, naming the import, when a module imports one above it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import book

pytestmark = pytest.mark.unit

ROOT = book.Project.default().root
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, env=env, capture_output=True, text=True)


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "briefing", tmp_path / "briefing", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_an_import_that_runs_back_up_breaks_the_layers(package_copy):
    kept = lint_imports(package_copy)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    markup = package_copy / "briefing" / "markup.py"
    markup.write_text(markup.read_text(encoding="utf-8") + "\nfrom .pages import front  # back up\n", encoding="utf-8")
    broken = lint_imports(package_copy)
    assert broken.returncode == 1
    assert "BROKEN" in broken.stdout and "briefing.markup -> briefing.pages.front" in broken.stdout
