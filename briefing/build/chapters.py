"""Chapters as the build sees them: which are notebooks, and what an execution depends on."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_digest(paths: list[Path], root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def is_notebook(path: Path) -> bool:
    """A chapter is a notebook when its front matter names a kernel (MyST-NB's rule). A front
    matter that is not YAML: a ``ValueError`` naming its line (``book.yaml_problem``)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return False
    # here, not with the module: every build's first process imports it for ``environment_digest``
    # before it knows whether the build server will do the work (``buildserver``)
    import yaml

    from ..book import yaml_problem

    try:
        front = yaml.safe_load(text.split("---\n", 2)[1]) or {}
    except yaml.YAMLError as error:
        expected = "expected the chapter's front matter (jupytext, kernelspec) as YAML between its --- lines"
        raise ValueError(f"{yaml_problem(error, first_line=2)}; {expected}") from None
    return isinstance(front, dict) and "kernelspec" in front


def environment_digest(root: Path) -> str:
    """What every chapter depends on besides its own inputs: the package and the pinned set."""
    files = sorted((root / "briefing").rglob("*.py"))
    files += [p for p in (root / "requirements.txt",) if p.exists()]
    return tree_digest(files, root)
