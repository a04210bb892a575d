"""The house style for the book's figures, and a deterministic way to save them.

One palette, one set of font sizes, one way to write SVG, PDF and PNG. The charts of
``briefing.figures`` build inside :func:`house_style` and are written with :func:`save_figure`.

Choices, and why:

* **Palette.** Okabe & Ito's eight colours ("Color Universal Design", 2008), which stay
  distinguishable under the common forms of colour-vision deficiency and in greyscale print when
  paired with marker shape. Yellow (#F0E442) is kept out of marks drawn on white: it is too light
  for thin lines and small dots.
* **Sizes.** A figure is 6.3 in wide (the text column of an A4 page with 2.5 cm margins) and is
  printed at 100 %, so a font size in points here is its size on paper. Base text is 9 pt, tick
  labels and legends 8.5 pt, the smallest annotation 8 pt; nothing smaller. At a laptop's default
  zoom the same SVG is shown at about the same physical size.
* **Font.** DejaVu Sans, which ships inside matplotlib, so every machine renders the same glyphs and
  the files are byte-identical from one build to the next.
* **SVG text as paths** (``svg.fonttype = "path"``). The SVG then needs no font on the reader's
  machine (the book must read offline, in any browser) and looks exactly like the PDF. The cost is
  that SVG text cannot be selected; the figure's alt text and caption carry the words instead.
* **PDF fonts as TrueType** (``pdf.fonttype = 42``): embedded subsets, so text in the PDF stays
  searchable and copyable, instead of matplotlib's default Type 3 fonts, which many PDF tools
  extract text from poorly.
* **One font subset per build.** Embedding a TrueType font means cutting it down to the glyphs
  used (fontTools), the slowest part of writing a PDF. Every PDF here embeds, for each font, the
  same subset: the glyphs of :data:`REPERTOIRE` (printable ASCII and the punctuation and letters
  the book's data use), cut once per process and reused by every figure; a figure that needs a
  glyph outside it falls back to its own subset. The PDFs are a little larger and identical
  whatever the other figures hold.
* **Determinism.** ``svg.hashsalt`` is fixed (matplotlib otherwise draws random ids for clip paths
  and glyph definitions), and the metadata that would change between runs (dates, matplotlib's
  version string) is removed from all three formats.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
from matplotlib.backends import _backend_pdf_ps
from matplotlib.ft2font import FT2Font

# --- palette -------------------------------------------------------------------------------------
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

#: One fixed colour per field of cooperation, the same in every figure. The fields themselves, and
#: their order, are the ``area`` enum of ``events`` in ``data/datapackage.json``; a field with no
#: colour here is refused when a chart is drawn.
AREA_COLOURS = {
    "conflict prevention and mediation": OKABE_ITO["blue"],
    "counter-terrorism": OKABE_ITO["vermillion"],
    "humanitarian assistance and refugees": OKABE_ITO["orange"],
    "human rights": OKABE_ITO["reddish purple"],
    "intercultural dialogue": OKABE_ITO["sky blue"],
    "peacebuilding and reconstruction": OKABE_ITO["bluish green"],
    "institutional cooperation": OKABE_ITO["black"],
}

#: The OIC's three geographical groups (map fills: light enough to draw marks over them).
OIC_GROUP_COLOURS = {
    "African": "#F2C66D",  # orange, lightened
    "Arab": "#7FCDB5",  # bluish green, lightened
    "Asian": "#A9D8F3",  # sky blue, lightened
}

#: Continents (the paper's "four continents"), for the membership chart.
CONTINENT_COLOURS = {
    "Africa": OKABE_ITO["orange"],
    "Asia": OKABE_ITO["sky blue"],
    "Europe": OKABE_ITO["reddish purple"],
    "South America": OKABE_ITO["bluish green"],
}

INK = "#222222"  # text and axis lines: near-black, softer than pure black on screen
MUTED = "#6B6B6B"  # secondary text (source lines, notes); 5.3:1 on white
GRID = "#DDDDDD"
LAND = "#ECECEC"  # non-member countries on the map
COAST = "#FFFFFF"

# --- sizes ---------------------------------------------------------------------------------------
TEXT_WIDTH_IN = 6.3  # one text column of A4 with 2.5 cm margins
BASE_PT = 9.0
SMALL_PT = 8.5
TINY_PT = 8.0  # the floor: annotations only


def hollow_mark(edge: str) -> dict:
    """A hollow circle (a meeting on the map; an Assembly resolution whose date is not confirmed):
    the keywords for ``Axes.plot`` and for a legend's ``Line2D``."""
    return dict(marker="o", markersize=5.5, markerfacecolor="white", markeredgecolor=edge, markeredgewidth=1.1, linestyle="none")


#: rcParams applied while a figure is built. Sizes are resolved when artists are created, so the
#: figure functions build inside :func:`house_style`.
HOUSE_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": BASE_PT,
    "axes.labelsize": BASE_PT,
    "axes.titlesize": BASE_PT,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.grid": False,
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "xtick.labelsize": SMALL_PT,
    "ytick.labelsize": SMALL_PT,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "legend.fontsize": SMALL_PT,
    "legend.title_fontsize": SMALL_PT,
    "legend.frameon": False,
    "text.color": INK,
    "lines.linewidth": 1.2,
    "patch.linewidth": 0.6,
    "hatch.linewidth": 0.6,
    "figure.figsize": (TEXT_WIDTH_IN, 3.6),
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.bbox": "standard",  # the figure is laid out at its final size; never re-cropped on save
    "svg.fonttype": "path",
    "svg.hashsalt": "un-oic-briefing-book",
    "pdf.fonttype": 42,
    "path.simplify": True,
}

PNG_DPI = 200

#: Metadata per format; ``None`` removes a key matplotlib would otherwise write (dates, versions).
METADATA = {
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    "png": {"Software": None},
}


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Apply the house rcParams for the duration of a ``with`` block."""
    with mpl.rc_context(HOUSE_RC):
        yield


FORMATS = ("svg", "pdf", "png")


#: The characters every embedded font subset holds (see "One font subset per build" above).
#: The ligatures (ﬁ, ﬂ, ...) are in: matplotlib shapes text and draws "confirmed" with one.
REPERTOIRE = "".join(chr(c) for c in range(32, 127)) + "\u00a0–—‘’“”…¶§°×·−ÀÁÂÄÇÈÉÊËÎÏÔÖÙÚÛÜàáâäçèéêëîïôöùúûüñÑ" + "\ufb00\ufb01\ufb02\ufb03\ufb04"

# matplotlib's own subsetting (``backend_pdf`` calls it through ``_backend_pdf_ps``, pinned version)
_subset_exactly = _backend_pdf_ps.get_glyphs_subset
_subsets: dict[tuple[str, int], tuple[frozenset, bytes, dict]] = {}


class _SubsetFont:
    """A font subset already written out: what ``backend_pdf`` does with a subset is save it."""

    def __init__(self, data: bytes):
        self._data = data

    def save(self, file, reorderTables=False) -> None:  # noqa: N803 - fontTools' own keyword
        file.write(self._data)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        return False


def _shared_subset(fontfile, glyphs):
    """``_backend_pdf_ps.get_glyphs_subset``, answered from one subset per font and process."""
    key = (str(fontfile), getattr(fontfile, "face_index", 0))
    if key not in _subsets:
        face = FT2Font(str(fontfile))
        repertoire = {face.get_char_index(ord(c)) for c in REPERTOIRE} - {0}
        with _subset_exactly(fontfile, repertoire) as subset:
            data = _backend_pdf_ps.font_as_file(subset.font).getvalue()
            _subsets[key] = (frozenset(repertoire), data, dict(subset.glyph_index_map))
    repertoire, data, index_map = _subsets[key]
    if not set(glyphs) <= repertoire:
        return _subset_exactly(fontfile, glyphs)
    return _backend_pdf_ps.SubsetResults(_SubsetFont(data), index_map)._as_cm()


@contextlib.contextmanager
def _one_subset_per_font() -> Iterator[None]:
    _backend_pdf_ps.get_glyphs_subset = _shared_subset
    try:
        yield
    finally:
        _backend_pdf_ps.get_glyphs_subset = _subset_exactly


def render(fig, fmt: str) -> bytes:
    """The figure as ``fmt`` (svg, pdf or png at 200 dpi), deterministically: the same figure
    gives the same bytes, in any process."""
    if fmt not in METADATA:
        raise ValueError(f"format {fmt!r}: expected one of {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    kwargs = {"format": fmt, "metadata": dict(METADATA[fmt])}
    if fmt == "png":
        kwargs["dpi"] = PNG_DPI
    subsets = _one_subset_per_font() if fmt == "pdf" else contextlib.nullcontext()
    with house_style(), subsets:
        fig.savefig(buffer, **kwargs)
    return buffer.getvalue()


def save_figure(fig, stem: Path) -> dict[str, Path]:
    """Write ``stem.svg``, ``stem.pdf`` and ``stem.png`` (200 dpi); return them by format.

    Saving the same figure twice gives the same bytes: fixed SVG hash salt, no dates or version
    strings in the metadata, fonts that ship with matplotlib. The folder is created if needed.
    """
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for fmt in FORMATS:
        path = stem.with_name(stem.name + "." + fmt)
        path.write_bytes(render(fig, fmt))
        written[fmt] = path
    return written
