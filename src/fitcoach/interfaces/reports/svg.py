"""Charts written straight to SVG: axes, ticks, grid, bars, lines, marks, labels and legends.

The weekly report's charts were matplotlib figures saved as SVG; drawing one cost about 20 ms
of CPU, most of it matplotlib's artist machinery for a handful of shapes, and the report draws
five. This module writes the same pictures as text: the layout, units and defaults follow
matplotlib's (its tick locator, 5 % margins, bars sticking to 0, DejaVu Sans metrics for
placing text, its tick and legend spacing), so a chart reads as before, at a small fraction of
the cost. Coordinates are points (1/72 in) in the viewBox, as matplotlib writes them.

Output depends on the data only: the same data gives the same bytes. Text is escaped; a
chart carries no athlete text anyway (labels are the report's own).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Literal

PT_PER_IN = 72.0
FONT = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, Helvetica, sans-serif"
TICK_SIZE = 9.0  # tick labels and axis labels (pt)
LEGEND_SIZE = 8.0
ANNOTATION_SIZE = 8.0
TICK_LENGTH = 3.5
TICK_PAD = 3.5
LABEL_PAD = 4.0
LINE_SPACING = 1.2  # of the font size, between the lines of a two-line axis label
LINE_WIDTH = 1.5
SPINE_WIDTH = 0.8
GRID_WIDTH = 0.6
MARGIN = 0.05  # of the data range, each side (matplotlib's axes.xmargin / ymargin)
COLOURS = {
    "spine": "#64748b",
    "tick": "#475569",
    "label": "#334155",
    "grid": "#e2e8f0",
    "text": "#000000",
}
MINUS = "\u2212"  # a typographic minus, as matplotlib writes negative tick labels
# DejaVu Sans advance widths (1/1000 em) of ' ' to '~': text is placed with the metrics of the
# font the charts name first (other glyphs count as 0.6 em).
_WIDTHS = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698,
    770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732,
    684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
    634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592,
    525, 636, 337, 636, 838,
)  # fmt: skip
ASCENT = 0.76  # of the font size: cap height, to place text by its top
DESCENT = 0.236
_STEPS = (0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 20.0)  # matplotlib's AutoLocator


def text_width(text: str, size: float) -> float:
    """The advance width of ``text`` at ``size`` pt in DejaVu Sans."""
    units = sum(_WIDTHS[o - 32] if 32 <= (o := ord(c)) < 127 else 600 for c in text)
    return units * size / 1000.0


def _n(value: float) -> str:
    """A coordinate: two decimals, no trailing zeros."""
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def ticks(lo: float, hi: float, bins: int) -> list[float]:
    """Round tick values inside [lo, hi], at most ``bins`` intervals apart (matplotlib's
    MaxNLocator with steps 1, 2, 2.5, 5, 10 and at least two ticks)."""
    if not hi > lo:
        return [lo]
    span = hi - lo
    mean = (hi + lo) / 2
    offset = 0.0
    if abs(mean) / span >= 100:  # far from 0: ticks relative to a round offset
        offset = math.copysign(10 ** (math.log10(abs(mean)) // 1), mean)
    scale = 10 ** (math.log10(span / bins) // 1)
    vmin, vmax = lo - offset, hi - offset
    raw = span / bins
    steps = [s * scale for s in _STEPS]
    first = next(i for i, s in enumerate(steps) if s >= raw)
    found: list[float] = []
    for step in reversed(steps[: first + 1]):
        base = (vmin // step) * step
        low = math.floor((vmin - base) / step + 1e-10)
        high = math.ceil((vmax - base) / step - 1e-10)
        candidates = [k * step + base for k in range(low, high + 1)]
        found = [v for v in candidates if vmin - 1e-10 * step <= v <= vmax + 1e-10 * step]
        if len(found) >= 2:
            break
    return [v + offset for v in found]


def tick_labels(values: Sequence[float]) -> list[str]:
    """Tick values with the fewest decimals that show them all exactly (as matplotlib's
    ScalarFormatter does), negative ones with a typographic minus."""
    digits = 0
    while digits < 6 and any(abs(round(v, digits) - v) > 1e-9 * max(1.0, abs(v)) for v in values):
        digits += 1
    out = []
    for v in values:
        text = f"{abs(v):.{digits}f}"
        negative = v < 0 and float(text) != 0
        out.append((MINUS if negative else "") + text)
    return out


def limits(
    values: Sequence[float], *, sticky: Sequence[float] = (), margin: float = MARGIN
) -> tuple[float, float]:
    """The view range of ``values`` (NaN left out) with ``margin`` of the range added each side,
    except past a ``sticky`` value that is a data limit (bars stay on 0)."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return (0.0, 1.0)
    lo, hi = min(finite), max(finite)
    if hi == lo:  # one value: a range around it, as matplotlib widens a singular one
        pad = abs(lo) * 0.05 if lo else 0.05
        lo, hi = lo - pad, hi + pad
    extra = (hi - lo) * margin
    new_lo, new_hi = lo - extra, hi + extra
    for s in sticky:
        if lo >= s > new_lo:
            new_lo = s
        if hi <= s < new_hi:
            new_hi = s
    return new_lo, new_hi


@dataclass(frozen=True)
class Scale:
    """Data [lo, hi] onto points [start, end] (end < start for a y axis: up is smaller)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        return self.start + (value - self.lo) * (self.end - self.start) / (self.hi - self.lo)


@dataclass(frozen=True)
class Entry:
    """A legend entry: a bar swatch, a line, or a line with a dot."""

    label: str
    colour: str
    kind: Literal["bar", "line", "dotted_line"]
    opacity: float = 1.0


@dataclass
class Chart:
    """One chart: a ``width`` × ``height`` inch picture with an axes box inset by ``margins``
    (left, right, bottom, top, inches), drawn in layers (behind the data, the data, in front).
    """

    name: str
    width: float
    height: float
    margins: tuple[float, float, float, float]
    back: list[str] = field(default_factory=list)
    grid: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    front: list[str] = field(default_factory=list)

    @property
    def left(self) -> float:
        return self.margins[0] * PT_PER_IN

    @property
    def right(self) -> float:
        return (self.width - self.margins[1]) * PT_PER_IN

    @property
    def top(self) -> float:
        return self.margins[3] * PT_PER_IN

    @property
    def bottom(self) -> float:
        return (self.height - self.margins[2]) * PT_PER_IN

    def x_scale(self, lo: float, hi: float) -> Scale:
        return Scale(lo, hi, self.left, self.right)

    def y_scale(self, lo: float, hi: float) -> Scale:
        return Scale(lo, hi, self.bottom, self.top)

    def x_bins(self) -> int:
        """How many tick intervals fit along x (matplotlib: a label is at most 3:1)."""
        return int(min(max((self.right - self.left) // (TICK_SIZE * 3), 1), 9))

    def y_bins(self) -> int:
        return int(min(max((self.bottom - self.top) // (TICK_SIZE * 2), 1), 9))

    # --- data -----------------------------------------------------------------------------

    def bars(
        self,
        x: Scale,
        y: Scale,
        positions: Sequence[float],
        lengths: Sequence[float],
        width: float,
        colours: str | Sequence[str],
        *,
        horizontal: bool = False,
        opacity: float = 1.0,
    ) -> None:
        """Bars from 0 to each length (NaN and 0: none), one path per colour."""
        each = [colours] * len(positions) if isinstance(colours, str) else list(colours)
        shapes: dict[str, list[str]] = {}
        for at, size, colour in zip(positions, lengths, each, strict=True):
            if not math.isfinite(size) or size == 0:
                continue
            a, b = at - width / 2, at + width / 2
            if horizontal:
                x0, x1, y0, y1 = x(0.0), x(size), y(a), y(b)
            else:
                x0, x1, y0, y1 = x(a), x(b), y(0.0), y(size)
            shapes.setdefault(colour, []).append(
                f"M {_n(x0)} {_n(y0)} L {_n(x1)} {_n(y0)} L {_n(x1)} {_n(y1)} L {_n(x0)} {_n(y1)} z"
            )
        fade = f"; fill-opacity: {opacity:g}" if opacity < 1 else ""
        for colour, parts in shapes.items():
            self.data.append(f'<path d="{" ".join(parts)}" style="fill: {colour}{fade}"/>')

    def line(
        self,
        x: Scale,
        y: Scale,
        xs: Sequence[float],
        ys: Sequence[float],
        colour: str,
        *,
        width: float = LINE_WIDTH,
        opacity: float = 1.0,
        dots: bool = False,
    ) -> None:
        """A polyline broken where a value is NaN (a dot on each point with ``dots``)."""
        parts: list[str] = []
        pen = "M"
        points = []
        for a, b in zip(xs, ys, strict=True):
            if not (math.isfinite(a) and math.isfinite(b)):
                pen = "M"
                continue
            px, py = _n(x(a)), _n(y(b))
            parts.append(f"{pen} {px} {py}")
            points.append((px, py))
            pen = "L"
        if not parts:
            return
        fade = f"; stroke-opacity: {opacity:g}" if opacity < 1 else ""
        self.data.append(
            f'<path d="{" ".join(parts)}" style="fill: none; stroke: {colour}; stroke-width: '
            f'{width:g}; stroke-linecap: square; stroke-linejoin: round{fade}"/>'
        )
        if dots:
            radius = 1.5
            self.data.append(
                f'<g style="fill: {colour}">'
                + "".join(f'<circle cx="{px}" cy="{py}" r="{radius:g}"/>' for px, py in points)
                + "</g>"
            )

    def marks(
        self, x: Scale, y: Scale, points: Sequence[tuple[float, float]], colour: str, size: float
    ) -> None:
        """Vertical marks ``size`` pt tall centred on each point (matplotlib's ``|``)."""
        half = size / 2
        d = " ".join(
            f"M {_n(x(a))} {_n(y(b) - half)} L {_n(x(a))} {_n(y(b) + half)}" for a, b in points
        )
        if d:
            self.data.append(
                f'<path d="{d}" style="fill: none; stroke: {colour}; stroke-width: 1"/>'
            )

    def hline(self, y: Scale, value: float, colour: str, width: float) -> None:
        at = _n(y(value))
        self.data.append(
            f'<path d="M {_n(self.left)} {at} L {_n(self.right)} {at}" '
            f'style="fill: none; stroke: {colour}; stroke-width: {width:g}"/>'
        )

    def span(self, x: Scale, lo: float, hi: float, colour: str, opacity: float) -> None:
        """A band across the axes from ``lo`` to ``hi`` on x, behind everything."""
        x0, x1 = max(x(lo), self.left), min(x(hi), self.right)
        self.back.append(
            f'<rect x="{_n(x0)}" y="{_n(self.top)}" width="{_n(x1 - x0)}" '
            f'height="{_n(self.bottom - self.top)}" style="fill: {colour}; '
            f'fill-opacity: {opacity:g}"/>'
        )

    def annotate(self, x: float, y: float, text: str) -> None:
        """Text centred above the point (x, y) in points, 2 pt clear of it."""
        self.data.append(
            f'<text x="{_n(x)}" y="{_n(y - 2 - DESCENT * ANNOTATION_SIZE)}" '
            f'style="font-size: {ANNOTATION_SIZE:g}px; text-anchor: middle; '
            f'fill: {COLOURS["text"]}">{escape(text)}</text>'
        )

    # --- axes -----------------------------------------------------------------------------

    def x_axis(
        self,
        x: Scale,
        positions: Sequence[float],
        labels: Sequence[str] | None = None,
        *,
        grid: bool = True,
    ) -> None:
        """Ticks and labels under the axes box (those inside the view), grid lines up."""
        shown = labels if labels is not None else tick_labels(positions)
        base = self.bottom
        text_y = _n(base + TICK_LENGTH + TICK_PAD + ASCENT * TICK_SIZE)
        marks = []
        for value, label in zip(positions, shown, strict=True):
            if not min(x.lo, x.hi) - 1e-9 <= value <= max(x.lo, x.hi) + 1e-9:
                continue
            at = _n(x(value))
            if grid:
                self.grid.append(f"M {at} {_n(self.top)} L {at} {_n(base)}")
            marks.append(f"M {at} {_n(base)} L {at} {_n(base + TICK_LENGTH)}")
            self.front.append(
                f'<text x="{at}" y="{text_y}" style="text-anchor: middle">{escape(label)}</text>'
            )
        self._ticks(marks)

    def y_axis(
        self,
        y: Scale,
        positions: Sequence[float],
        labels: Sequence[str] | None = None,
        *,
        grid: bool = True,
        side: Literal["left", "right"] = "left",
    ) -> float:
        """Ticks and labels beside the axes box; the widest label's width (for the axis
        label's place)."""
        shown = labels if labels is not None else tick_labels(positions)
        edge = self.left if side == "left" else self.right
        out = -1.0 if side == "left" else 1.0
        text_x = _n(edge + out * (TICK_LENGTH + TICK_PAD))
        anchor = "end" if side == "left" else "start"
        marks = []
        widest = 0.0
        for value, label in zip(positions, shown, strict=True):
            if not min(y.lo, y.hi) - 1e-9 <= value <= max(y.lo, y.hi) + 1e-9:
                continue
            at = y(value)
            if grid:
                self.grid.append(f"M {_n(self.left)} {_n(at)} L {_n(self.right)} {_n(at)}")
            marks.append(f"M {_n(edge)} {_n(at)} L {_n(edge + out * TICK_LENGTH)} {_n(at)}")
            self.front.append(
                f'<text x="{text_x}" y="{_n(at + 0.38 * TICK_SIZE)}" '
                f'style="text-anchor: {anchor}">{escape(label)}</text>'
            )
            widest = max(widest, text_width(label, TICK_SIZE))
        self._ticks(marks)
        return widest

    def _ticks(self, marks: list[str]) -> None:
        if marks:
            self.front.append(
                f'<path d="{" ".join(marks)}" style="fill: none; stroke: {COLOURS["tick"]}; '
                f'stroke-width: {SPINE_WIDTH:g}"/>'
            )

    def y_label(self, text: str, widest: float, side: Literal["left", "right"] = "left") -> None:
        """An axis label along y, reading upwards, clear of the tick labels; a ``\\n`` in
        ``text`` starts a second line (further from the axis; the first line is outermost)."""
        clear = TICK_LENGTH + TICK_PAD + widest + LABEL_PAD
        lines = text.split("\n")
        step = LINE_SPACING * TICK_SIZE
        if side == "left":
            at = self.left - clear - DESCENT * TICK_SIZE
            places = [at - step * (len(lines) - 1 - i) for i in range(len(lines))]
        else:
            at = self.right + clear + ASCENT * TICK_SIZE
            places = [at + step * i for i in range(len(lines))]
        middle = (self.top + self.bottom) / 2
        for line, place in zip(lines, places, strict=True):
            self.front.append(
                f'<text x="{_n(place)}" y="{_n(middle)}" '
                f'transform="rotate(-90 {_n(place)} {_n(middle)})" '
                f'style="text-anchor: middle; fill: {COLOURS["label"]}">{escape(line)}</text>'
            )

    def x_label(self, text: str) -> None:
        at = self.bottom + TICK_LENGTH + TICK_PAD + TICK_SIZE + LABEL_PAD + ASCENT * TICK_SIZE
        self.front.append(
            f'<text x="{_n((self.left + self.right) / 2)}" y="{_n(at)}" '
            f'style="text-anchor: middle; fill: {COLOURS["label"]}">{escape(text)}</text>'
        )

    def spines(self, *, right: bool = False) -> None:
        """The left and bottom edges of the axes box (and the right one for a twin axis)."""
        left, bottom = _n(self.left), _n(self.bottom)
        d = f"M {left} {_n(self.top)} L {left} {bottom} L {_n(self.right)} {bottom}"
        if right:
            d += f" M {_n(self.right)} {bottom} L {_n(self.right)} {_n(self.top)}"
        self.front.append(
            f'<path d="{d}" style="fill: none; stroke: {COLOURS["spine"]}; '
            f'stroke-width: {SPINE_WIDTH:g}; stroke-linecap: square"/>'
        )

    def legend(self, entries: Sequence[Entry], corner: Literal["left", "right"]) -> None:
        """Entries in a row above the axes box, from its left or right corner."""
        size = LEGEND_SIZE
        handle, gap, spacing = 2.0 * size, 0.8 * size, 2.0 * size
        widths = [handle + gap + text_width(e.label, size) for e in entries]
        total = sum(widths) + spacing * (len(entries) - 1)
        pad = 0.5 * size + 0.4 * size  # from the axes (borderaxespad) and inside the box
        x = self.left + pad if corner == "left" else self.right - pad - total
        base = self.top - pad - DESCENT * size
        for entry, width in zip(entries, widths, strict=True):
            middle = base - 0.35 * size
            if entry.kind == "bar":
                fade = f"; fill-opacity: {entry.opacity:g}" if entry.opacity < 1 else ""
                self.front.append(
                    f'<rect x="{_n(x)}" y="{_n(base - 0.7 * size)}" width="{_n(handle)}" '
                    f'height="{_n(0.7 * size)}" style="fill: {entry.colour}{fade}"/>'
                )
            else:
                self.front.append(
                    f'<path d="M {_n(x)} {_n(middle)} L {_n(x + handle)} {_n(middle)}" '
                    f'style="fill: none; stroke: {entry.colour}; stroke-width: {LINE_WIDTH:g}; '
                    'stroke-linecap: square"/>'
                )
                if entry.kind == "dotted_line":
                    self.front.append(
                        f'<circle cx="{_n(x + handle / 2)}" cy="{_n(middle)}" r="1.5" '
                        f'style="fill: {entry.colour}"/>'
                    )
            self.front.append(
                f'<text x="{_n(x + handle + gap)}" y="{_n(base)}" '
                f'style="font-size: {size:g}px; fill: {COLOURS["text"]}">'
                f"{escape(entry.label)}</text>"
            )
            x += width + spacing

    # --- the picture ----------------------------------------------------------------------

    def svg(self) -> str:
        """The chart as an inline ``<svg>`` element, named by ``aria-label`` and ``<title>``."""
        w, h = _n(self.width * PT_PER_IN), _n(self.height * PT_PER_IN)
        grid = (
            f'<path d="{" ".join(self.grid)}" style="fill: none; stroke: {COLOURS["grid"]}; '
            f'stroke-width: {GRID_WIDTH:g}"/>'
            if self.grid
            else ""
        )
        return (
            f'<svg role="img" aria-label="{escape(self.name)}" xmlns="http://www.w3.org/2000/svg" '
            f'width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}" version="1.1">'
            f"<title>{escape(self.name)}</title>"
            f'<rect width="{w}" height="{h}" style="fill: #ffffff"/>'
            f'<g style="font-family: {FONT}; font-size: {TICK_SIZE:g}px; '
            f'fill: {COLOURS["tick"]}; stroke-linejoin: round">'
            f"{''.join(self.back)}{grid}{''.join(self.data)}{''.join(self.front)}"
            "</g></svg>"
        )
