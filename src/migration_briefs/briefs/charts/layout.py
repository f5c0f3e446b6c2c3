"""What every chart shares: the house style, text measured in the chart's font, the vertical
layout of a figure, and `Chart`, a drawn chart with the words that make it accessible.

Figures are drawn with `matplotlib.figure.Figure` (no pyplot, no GUI backend) inside
``matplotlib.rc_context`` of the house style (``styles/brief.mplstyle``, the style analysts' own
figures get too), so global matplotlib state is never touched; SVG text is drawn as paths with a
fixed hash salt, and PNGs carry no software metadata, so the same data gives byte-identical images
on every run and machine. Layout is computed here from measured text, not by an automatic layout
engine.
"""
from __future__ import annotations

import base64
import html
import io
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Callable

from migration_briefs import fonts
from migration_briefs.paths import PACKAGE_DIR

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# --- the shared style ------------------------------------------------------------------

#: Okabe-Ito colours (safe for the common colour-vision deficiencies). Charts use one
#: strong blue for data, a light tint of it, and greys; where two categories must be told
#: apart they also differ in fill pattern, so they survive greyscale printing.
PALETTE = {
    "blue": "#0072B2", "sky": "#56B4E9", "orange": "#E69F00", "green": "#009E73",
    "yellow": "#F0E442", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
}
INK = "#1A1A1A"          # text
MUTED = "#555555"        # secondary text, axes
RULE = "#BFBFBF"         # gridlines between years
GUIDE = "#E6E6E6"        # faint guides
EMPTY = "#F0F0F0"        # an empty matrix cell
PALE = "#E6F0F8"         # pale tint of the blue, for "any time in the year"
NONE_GREY = "#A6A6A6"    # "none recorded" bars

# The house style (styles/brief.mplstyle) is shared with the figures analysts draw in brief
# notebooks; the sizes below are read from it, because layout here is computed from measured text.
STYLE_FILE = PACKAGE_DIR / "styles" / "brief.mplstyle"
WIDTH_CM = 16.0
WIDTH_IN = WIDTH_CM / 2.54
PAD_IN = 0.06            # outer margin around everything
MEASURE_SLACK = 1.03     # measured text is ~1% narrower than drawn text; keep a margin


@lru_cache(maxsize=1)
def _style() -> dict:
    import matplotlib
    fonts.matplotlib_families()  # the fonts the style names, from fonts.py, not the machine's
    return dict(matplotlib.rc_params_from_file(STYLE_FILE, use_default_template=False))


FONT = "DejaVu Sans"
TITLE_SIZE = 10.5
TEXT_SIZE = 8.5
SMALL_SIZE = 7.5
#: What only the library's charts need on top of the house style: SVG text as paths, a fixed
#: hash salt and no inline-image bloat, so that their SVG is the same bytes on every machine.
CHART_RC = {"svg.image_inline": True, "savefig.bbox": None}

HATCH = "////"
NAMED_MARK = "\u25cf"  # beside a target the document itself names for the year's work
PNG_DPI = 200  # sharp in print at 16 cm wide; WeasyPrint lays out a PNG twice as fast as an outlined SVG


class Chart:
    """A chart: the figure plus the words that make it accessible and printable (`alt`, `title`,
    `caption`, plain text). The figure is drawn when first needed (`draw`), so a brief's words can
    be read without drawing it. The brief embeds it as a 200 dpi PNG; `svg` gives the same drawing
    as vector text."""

    def __init__(self, figure: "Figure | None" = None, alt: str = "", title: str = "", caption: str = "",
                 tall: bool = False, draw: "Callable[[], Figure] | None" = None):
        self.alt, self.title, self.caption = alt, title, caption
        self.tall = tall  # taller than a chart usually may be in print (one row per agency)
        self._figure, self._draw = figure, draw

    def __repr__(self) -> str:
        return f"Chart(title={self.title!r})"

    @cached_property
    def figure(self) -> "Figure":
        if self._figure is None:
            with rc():
                self._figure = self._draw()
        return self._figure

    @cached_property
    def svg(self) -> str:
        with rc():
            return _svg_of(self.figure)

    @cached_property
    def png(self) -> bytes:
        buffer = io.BytesIO()
        with rc():
            self.figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
        return buffer.getvalue()

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in CSS pixels (96 per inch)."""
        width, height = self.figure.get_size_inches()
        return round(width * 96), round(height * 96)

    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    def html(self) -> str:
        """``<figure class="chart">`` with the chart as an image, its alt text and the caption."""
        width, height = self.size
        alt = html.escape(self.alt or self.title, quote=True)
        return (f'<figure class="chart{" chart-tall" if self.tall else ""}"><img src="{self.data_uri()}" alt="{alt}" '
                f'width="{width}" height="{height}">'
                f'<figcaption>{html.escape(self.caption, quote=False)}</figcaption></figure>')

    def _repr_html_(self) -> str:
        return self.html()


def rc():
    import matplotlib

    return matplotlib.rc_context({**_style(), **CHART_RC})


def text_width_in(text: str, size: float, weight: str = "normal") -> float:
    """Width in inches of text (its widest line) as drawn in the chart font."""
    return max((_line_width_in(line, size, weight) for line in str(text).split("\n") if line), default=0.0)


@lru_cache(maxsize=4096)
def _line_width_in(line: str, size: float, weight: str) -> float:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=_style()["font.family"], size=size, weight=weight)  # FONT, then fallbacks
    return text_to_path.get_text_width_height_descent(line, prop, ismath=False)[0] / 72


def wrap_to(text: str, size: float, width_in: float, weight: str = "normal") -> str:
    """Wrap text so that every line fits width_in at this font size."""
    words = str(text).split()
    lines: list[str] = []
    for word in words:
        if lines and text_width_in(f"{lines[-1]} {word}", size, weight) <= width_in:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def fit(text: str, size: float, width_in: float, lines: int = 1) -> str:
    """Wrap text into at most `lines` lines that fit width_in, shortening the last with '…'."""
    words = " ".join(str(text).split()).split(" ")
    out: list[str] = []
    while words:
        line = words.pop(0)
        while words and text_width_in(f"{line} {words[0]}", size) <= width_in:
            line = f"{line} {words.pop(0)}"
        out.append(line)
        if len(out) == lines and words:
            last = out[-1]
            while last and text_width_in(last + "…", size) > width_in:
                last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
            out[-1] = last.rstrip(" ,;:–-") + "…"
            break
    return "\n".join(out)


def balanced(text: str, size: float, width_in: float, weight: str = "normal") -> str:
    """Wrap into as few lines as fit width_in, with the lines as even as possible."""
    best = wrap_to(text, size, width_in, weight)
    lines = best.count("\n")
    width = width_in
    while lines and width > 1.0:
        width -= 0.1
        candidate = wrap_to(text, size, width, weight)
        if candidate.count("\n") > lines:
            break
        best = candidate
    return best


def line_height_in(size: float) -> float:
    return size * 1.25 / 72


def new_figure(height_in: float) -> "Figure":
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH_IN, height_in))


def _svg_of(fig: "Figure") -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue().decode("utf-8")


class Frame:
    """Vertical layout of a figure, top to bottom, in inches: a title block, an optional
    legend row, the plot body and a bottom margin."""

    def __init__(self, title: str, body_in: float, bottom_in: float, legend: bool, left_in: float,
                 right_in: float = PAD_IN, width_in: float = WIDTH_IN):
        self.width = width_in
        self.title = balanced(title, TITLE_SIZE, width_in - 2 * PAD_IN, "bold")
        self.title_in = line_height_in(TITLE_SIZE) * (self.title.count("\n") + 1)
        self.legend_in = 0.26 if legend else 0.0
        self.top_in = PAD_IN + self.title_in + 0.10 + self.legend_in
        self.body_in = body_in
        self.bottom_in = bottom_in
        self.height = self.top_in + body_in + bottom_in
        self.left_in, self.right_in = left_in, right_in

    def figure(self) -> "Figure":
        fig = new_figure(self.height)
        fig.text(PAD_IN / self.width, 1 - PAD_IN / self.height, self.title, ha="left", va="top",
                 fontsize=TITLE_SIZE, fontweight="bold", color=INK, linespacing=1.15)
        return fig

    def axes(self, fig: "Figure"):
        w, h = self.width, self.height
        return fig.add_axes((self.left_in / w, self.bottom_in / h,
                             (w - self.left_in - self.right_in) / w, self.body_in / h))

    def legend(self, fig: "Figure", handles: list, labels: list[str]) -> None:
        y = 1 - (PAD_IN + self.title_in + 0.06) / self.height
        fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(PAD_IN / self.width, y),
                   ncols=len(handles), frameon=False, borderaxespad=0, borderpad=0,
                   handlelength=1.6, handleheight=1.0, columnspacing=1.6, fontsize=SMALL_SIZE + 0.5)

    @property
    def axes_width(self) -> float:
        return self.width - self.left_in - self.right_in
