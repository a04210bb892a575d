"""The charts of UN-OIC cooperation as the chapters show them: data in, numbered figure out.

Each ``show_*`` loads what its figure needs, draws it (``briefing.figures``) and returns the
Markdown of a numbered figure with computed caption, alt text and source line
(``briefing.present.figure``). A chapter cell is one call.
"""
from __future__ import annotations

import re

from . import data, figures, present, seed

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def _show(fig, text: figures.FigureText, stem: str):
    return present.figure(fig, stem, text.caption, text.alt, text.source_line)


def show_membership():
    members = data.load_members()
    return _show(figures.membership(members), figures.membership_text(members), "membership")


def show_ga_series():
    series = data.load_ga_series()
    return _show(figures.ga_series(series), figures.ga_series_text(series), "ga-series")


def show_by_area():
    events = data.load_events()
    return _show(figures.by_area(events), figures.by_area_text(events), "by-area")


def show_timeline():
    events = data.load_events()
    return _show(figures.timeline(events), figures.timeline_text(events), "timeline")


def show_member_map():
    members, events, iso = data.load_members(), data.load_events(), data.load_iso3166()
    numeric = dict(zip(iso["alpha3"], iso["numeric"]))
    names = dict(zip(iso["alpha3"], iso["name"]))
    return _show(
        figures.member_map(members, data.load_world(), numeric, events),
        figures.member_map_text(members, events, country_names=names),
        "member-map",
    )


def paper_membership_claim(paper: seed.Paper | None = None) -> dict:
    """The numbers ¶4 states ("With 57 member States from four continents") and its words."""
    text = (paper or seed.load()).block("para-4").text
    match = re.search(r"With ((\d+) member States from (\w+) continents)", text)
    if not match:
        raise ValueError("¶4 no longer states the membership as 'With N member States from M continents'")
    continents = WORDS.get(match[3]) or int(match[3])
    return {"members": int(match[2]), "continents": continents, "words": match[1]}


def membership_statement(members=None, paper: seed.Paper | None = None) -> str:
    """The paper's membership claim held against data/oic_members.csv, in one sentence."""
    members = data.load_members() if members is None else members
    claim, counted = paper_membership_claim(paper), figures.membership_check(members)
    continents = ", ".join(f"{name} {n}" for name, n in members["continent"].value_counts().sort_index().items())
    agrees = claim["members"] == counted["members"] and claim["continents"] == counted["continents"]
    return (
        f"Checked against `data/oic_members.csv`: {counted['members']} member States on "
        f"{counted['continents']} continents ({continents}), {counted['founding']} of them "
        f"founding members; the data {'agree' if agrees else 'do not agree'} with "
        f"[¶4](#para-4): \"{claim['words']}\"."
    )
