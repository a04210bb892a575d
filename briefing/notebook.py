"""What every chapter's first (hidden) cell calls: one place for output settings."""

from __future__ import annotations


def setup() -> None:
    """Vector figures for both outputs: SVG for the HTML, PDF for the LaTeX build."""
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("svg", "pdf")
