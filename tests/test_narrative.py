"""The chapters carry the paper's words exactly as the seed gives them, each block once, in order."""

import subprocess
import sys

import pytest
from conftest import copy_repository

from briefing import ROOT, narrative, seed

pytestmark = pytest.mark.data


def test_chapters_are_in_sync_with_the_seed():
    assert narrative.sync(ROOT, write=False) == []


def test_every_block_once_in_reading_order():
    carried = narrative.coverage(ROOT)
    assert carried[0] == "masthead-1" and carried[-1] == "para-16"


def test_hand_edit_of_a_region_is_detected_and_repaired(tmp_path):
    copy = copy_repository(tmp_path)
    chapter = copy / "book" / "background.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("second largest", "largest"), encoding="utf-8")
    assert narrative.sync(copy, write=False) == [chapter]
    narrative.sync(copy)
    assert chapter.read_text(encoding="utf-8") == text


def test_dropped_region_is_refused(tmp_path):
    copy = copy_repository(tmp_path)
    chapter = copy / "book" / "format.md"
    text = chapter.read_text(encoding="utf-8")
    start = text.index("<!-- paper:")
    chapter.write_text(text[:start], encoding="utf-8")
    with pytest.raises(ValueError, match="missing.*para-16"):
        narrative.coverage(copy)


def test_paragraphs_carry_numbers_and_anchors():
    paper = seed.load()
    rendered = narrative.render_span(paper, "para-11", "para-11")
    assert rendered.startswith("(para-11)=\n[¶11]{.paranum} The Counter-Terrorism")
    assert "[^a]" in rendered and "\n[^a]: Additional information" in rendered


def test_seed_links_render_as_plain_citations():
    paper = seed.load()
    rendered = narrative.render_span(paper, "para-6", "para-6", narrative.plain_citations)
    assert "resolution 67/264)" in rendered and "](#)" not in rendered


def test_the_builds_own_process_checks_and_writes_the_narrative_without_pandas():
    """pandas costs the build's process about half a second to import; only the chapters'
    kernels need it. The validation and the narrative's regions and text pages run without it."""
    code = (
        "import sys\n"
        "from briefing import ROOT, data, narrative\n"
        "from briefing.build import pipeline\n"
        "from briefing.texts import pages, validate\n"
        "data.validate(); validate()\n"
        "assert not narrative.sync(ROOT, write=False) and narrative.coverage(ROOT)\n"
        "assert not pages.sync(ROOT, write=False)\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
