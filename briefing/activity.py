"""The charts of UN-OIC cooperation as the Background chapter shows them: one call per cell.

Each ``show_*`` returns the Markdown of a numbered figure with its computed caption, alt text and
source line; the drawing and its files come from ``briefing.figures`` (redrawn only when the
chart's own inputs change). ``root`` points at another copy of the repository (tests).
"""

from __future__ import annotations

from . import data, figures, seed


def show_membership(root=None):
    return figures.show(figures.CHARTS["membership"](root))


def show_ga_series(root=None):
    return figures.show(figures.CHARTS["ga-series"](root))


def show_by_area(root=None):
    return figures.show(figures.CHARTS["by-area"](root))


def show_timeline(root=None):
    return figures.show(figures.CHARTS["timeline"](root))


def show_member_map(root=None):
    return figures.show(figures.CHARTS["member-map"](root))


def paper_membership_claim(paper: seed.Paper | None = None) -> dict:
    """The numbers ¶4 states ("With 57 member States from four continents") and its words."""
    return figures.paper_claim(paper)


def membership_statement(members=None, paper: seed.Paper | None = None, root=None) -> str:
    """The paper's membership claim held against data/oic_members.csv, in one sentence."""
    members = data.load_members(root) if members is None else members
    claim, counted = figures.paper_claim(paper), figures.membership_check(members)
    continents = ", ".join(f"{name} {n}" for name, n in members["continent"].value_counts().sort_index().items())
    return (
        f"Checked against `data/oic_members.csv`: {counted['members']} member States on "
        f"{counted['continents']} continents ({continents}), {counted['founding']} of them "
        f"founding members; the data {'agree' if figures.agrees(claim, counted) else 'do not agree'} with "
        f'[¶4](#para-4): "{claim["words"]}".'
    )
