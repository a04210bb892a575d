"""Build the book: one build at a time, validate, execute what changed, Sphinx, swap in by renames.

``python -m briefing build`` (what ``make book`` runs), module by module:

- ``lock``: one build at a time (``_build/.lock``); a second waits, or stops under ``--no-wait``.
- ``pipeline``: validate ``data/`` (a bad cell stops the build before anything is written under
  ``_build``), regenerate the paper's regions, execute the chapters whose inputs changed, stage,
  run Jupyter Book strictly for HTML and PDF, swap the new book in.
- ``inputs``: the validation of ``data/`` and the held texts, and the narrative's regions (the
  readers; ``pipeline`` imports it after starting the kernels and Jupyter Book).
- ``execution``: each chapter in a fresh kernel, kernels started while the data are validated.
- ``records``: each chapter's record of its last execution; it is reused while its source, the
  package, every file it read whole and the columns it read of the others are unchanged.
- ``servers``: the servers kept between builds, which fork the build's own process, the kernels
  and Jupyter Book's process from what they imported once (standard library only).
- ``buildserver``: what ``python -m briefing build`` runs first: the build forked by its server
  when one runs (this process only waits and passes signals on), else run here.
- ``forkserver`` and ``forkedkernel``: the kernels' server (what it imports, the build's
  connection to it) and the kernel manager that asks it for a kernel.
- ``jbrun`` and ``sphinxext``: Jupyter Book's HTML and PDF builds in one process, and the Sphinx
  extension that keeps them incremental and equal to a clean build.
- ``kernel`` and ``audit``: the hidden cells the build runs in each kernel (settings for the
  lower layers; the record of the files a chapter read and wrote).
- ``sphinx``: staging and ``jupyter-book build -n -W --keep-going``; warnings and LaTeX errors
  read back into one line each.
- ``swap``: the new HTML tree, PDF and notebooks reach the live ``_build`` by atomic renames.
- ``errors``: one line per failure, the detail in ``_build/logs/build.log``; SIGINT and SIGTERM.
- ``layout``: every path under ``_build`` and who may write it.

This module itself stays light: a chapter's kernel imports ``briefing.build.kernel`` before the
chapter runs.
"""

import importlib

# Imported when first asked for (PEP 562): ``python -m briefing build`` imports this package
# before it knows whether the build server will do the work, and needs none of these then.
_EXPORTS = {"PDF_NAME": "layout", "Layout": "layout", "BuildError": "errors", "environment_digest": "chapters", "is_notebook": "chapters"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
