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
- ``servers``: the servers kept between builds, which fork the kernels and Jupyter Book's process
  from what they imported once (standard library only).
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

from .chapters import environment_digest, is_notebook
from .errors import BuildError
from .layout import PDF_NAME, Layout

__all__ = ["PDF_NAME", "BuildError", "Layout", "environment_digest", "is_notebook"]
