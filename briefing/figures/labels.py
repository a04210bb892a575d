"""Text measured with the real font, word wrap, and the one label placer every chart uses.

**Measuring.** :func:`text_size` asks the Agg renderer for a string's extent once per string,
size, weight, font and dpi and remembers the answer for the life of the process: the wrapping
search and the placers ask about the same strings many times (a label is tried at every candidate
position, a title is wrapped at a dozen widths).

**Placing.** :class:`Placer` keeps the boxes placed so far and takes, from candidates given in
order of preference, the first whose box is clear of them (and of any extra obstacles). Every
chart states its preferences in its own geometry (timeline rows in inches, map labels and the
General Assembly notes in display pixels); the rule is the same, so a label never touches a label
placed before it and the outcome is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import matplotlib as mpl
from matplotlib.font_manager import FontProperties

Box = tuple[float, float, float, float]  # x0, y0, x1, y1

_sizes: dict[tuple, tuple[float, float]] = {}
_props: dict[tuple, FontProperties] = {}


def _font(size: float, weight: str) -> FontProperties:
    key = (size, weight)
    if key not in _props:
        _props[key] = FontProperties(family="sans-serif", size=size, weight=weight)
    return _props[key]


def _extent(renderer, line: str, size: float, weight: str) -> tuple[float, float]:
    key = (type(renderer), renderer.dpi, tuple(mpl.rcParams["font.sans-serif"]), line, size, weight)
    if key not in _sizes:
        w, h, _ = renderer.get_text_width_height_descent(line, _font(size, weight), ismath=False)
        _sizes[key] = (w, h)
    return _sizes[key]


def text_size(renderer, text: str, size: float, weight: str = "normal") -> tuple[float, float]:
    """Width and height in inches of ``text`` as matplotlib will lay it out (multi-line aware)."""
    lines = text.split("\n")
    widths = [_extent(renderer, line or " ", size, weight)[0] for line in lines]
    _, h = _extent(renderer, "lp", size, weight)
    dpi = renderer.dpi
    line_h = h * 1.2  # matplotlib's default linespacing
    return max(widths) / dpi, (h + line_h * (len(lines) - 1)) / dpi


def _greedy_wrap(renderer, words: list[str], size: float, max_width: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and text_size(renderer, lines[-1] + " " + word, size)[0] <= max_width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def wrap(renderer, text: str, size: float, max_width: float) -> str:
    """Word wrap to ``max_width`` inches, measured with the real font, with balanced lines: the
    narrowest width that needs no more lines than ``max_width`` does (no lone last word)."""
    words = text.split()
    lines = _greedy_wrap(renderer, words, size, max_width)
    if len(lines) > 1:
        lo, hi = 0.3, max_width
        for _ in range(12):
            mid = (lo + hi) / 2
            if len(_greedy_wrap(renderer, words, size, mid)) <= len(lines):
                hi = mid
            else:
                lo = mid
        lines = _greedy_wrap(renderer, words, size, hi)
    return "\n".join(lines)


def shorten(renderer, title: str, size: float, max_width: float, max_lines: int = 2) -> str:
    """The title wrapped to ``max_width``; if it needs more than ``max_lines`` lines, the part
    before its first colon or semicolon, else its first words and an ellipsis (full titles are in
    the book's events table)."""
    wrapped = wrap(renderer, title, size, max_width)
    if wrapped.count("\n") < max_lines:
        return wrapped
    for sep in (": ", "; "):  # never at a comma: that could drop items of a list
        head = title.split(sep)[0]
        if head != title:
            wrapped = wrap(renderer, head, size, max_width)
            if wrapped.count("\n") < max_lines:
                return wrapped
    words = title.split()
    while words:
        words.pop()
        wrapped = wrap(renderer, " ".join(words) + "…", size, max_width)
        if wrapped.count("\n") < max_lines:
            return wrapped
    return title[:20] + "…"


# --- boxes ----------------------------------------------------------------------------------------
def disjoint(a: Box, b: Box) -> bool:
    """True if the boxes share no area (touching edges are allowed)."""
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def _normal(box: Box) -> Box:
    x0, y0, x1, y1 = box
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def apart(a: Box, b: Box) -> bool:
    """True if the boxes do not even touch (matplotlib's ``Bbox.overlaps`` negated: a box given
    upside down is turned the right way first)."""
    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = _normal(a), _normal(b)
    return not (ax0 <= bx1 and bx0 <= ax1 and ay0 <= by1 and by0 <= ay1)


@dataclass
class Candidate:
    """One way to place a label: ``box`` is checked and, if chosen, kept; ``also`` are boxes that
    must be clear too but are not kept (a leader line); ``choice`` is what the caller gets back."""

    box: Box
    choice: object
    also: Sequence[Box] = ()


@dataclass
class Placer:
    """The boxes placed so far. ``touching``: may a new box touch one placed before?"""

    touching: bool = True
    placed: list[Box] = field(default_factory=list)

    def clear(self, box: Box, obstacles: Iterable[Box] = ()) -> bool:
        test = disjoint if self.touching else apart
        return all(test(box, other) for other in [*self.placed, *obstacles])

    def take(self, box: Box) -> None:
        self.placed.append(box)

    def place(self, candidates: Iterable[Candidate], obstacles: Sequence[Box] = ()):
        """The first candidate whose boxes are all clear (its box is then kept), else None."""
        for candidate in candidates:
            if all(self.clear(b, obstacles) for b in (candidate.box, *candidate.also)):
                self.take(candidate.box)
                return candidate.choice
        return None
