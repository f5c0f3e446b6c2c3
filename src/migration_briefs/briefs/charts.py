"""Charts for the briefs, drawn the same way every time, and only where they show what a
sentence or a table cannot.

Every function takes records from a `Dataset` query and the `Reference`, and returns a
`Chart`: the figure (embedded in briefs as a 200 dpi PNG; `Chart.svg` gives it as vector
text), alt text that states what the chart shows and what it finds (with the numbers,
because an image's words cannot be read aloud), a title that states the finding, and a
caption that says how to read the chart and where the data comes from, never repeating the
title. `Chart.html()` gives a ``<figure>`` for the brief; in Jupyter a Chart displays itself.

    coverage_matrix(records, reference, rows=..., goal=..., named=...)   rows x SDG targets
    timeline(events, reference, by_agency=..., name_sources=...)        events on a time axis
    counts_by(records, field, reference)                                items by kind, approach or group
    agencies_by_goal(records, reference, named=...)                     agencies x SDG goals or targets
    agencies_per(records, field, reference, planned=...)                agencies per mechanism or country
    events_by_month(events, year, reference, planned=...)               dated events per month of a year

When a chart is not worth drawing the functions return ``None``, and a brief says what it
has to say in words. The rule, one line per chart:

* a timeline needs at least three events dated to the month or the day (``MIN_DATED_EVENTS``):
  events known only by their year say nothing a list cannot;
* a bar chart needs at least four categories whose counts are not all within one of each
  other (``MIN_BARS``): otherwise one sentence ("three items each ...") says it as well;
* a coverage matrix needs at least two columns and three rows (``MIN_MATRIX``); given a
  ``goal`` it holds that goal's targets only;
* a chart across agencies needs at least ``MIN_AGENCIES`` agencies: with fewer, the brief's one
  line per agency says it; a chart by month needs ``MIN_DATED_EVENTS`` events dated to the month
  in at least ``MIN_MONTHS`` months;
* a caption never repeats its title.

Invalid arguments (an unknown ``rows`` or ``field``) raise ``ValueError``.

Reproducible output: figures are drawn with `matplotlib.figure.Figure` (no pyplot, no GUI
backend) inside ``matplotlib.rc_context`` of the house style (``styles/brief.mplstyle``, the
style analysts' own figures get too), so global matplotlib state is never touched; SVG text is
drawn as paths with a fixed hash salt, and PNGs carry no software metadata, so the same data
gives byte-identical images on every run and machine. Layout is computed here from measured
text, not by an automatic layout engine.
"""
from __future__ import annotations

import base64
import calendar
import datetime as dt
import html
import io
from collections import Counter
from dataclasses import dataclass
from dataclasses import field as _field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Iterable, Sequence

from migration_briefs import fonts
from migration_briefs.briefs.prose import format_date, join
from migration_briefs.dates import date_span
from migration_briefs.model.dataset import EventRecord, ItemRecord, goal_of
from migration_briefs.model.reference import Reference, sdg_sort_key
from migration_briefs.paths import PACKAGE_DIR

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Chart", "STYLE_FILE", "PALETTE", "coverage_matrix", "timeline", "counts_by", "event_label",
           "date_span", "agencies_by_goal", "agencies_per", "events_by_month"]

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

MIN_DATED_EVENTS = 3   # a timeline needs this many events dated to the month or the day
MIN_BARS = 4           # a bar chart needs this many categories, not all within one of each other
MIN_MATRIX = (6, 3)    # a coverage matrix needs this many rows and columns
MIN_AGENCIES = 4       # a chart across agencies needs this many agencies
MIN_MONTHS = 3         # events by month need events in this many months
MAX_BARS = 15          # bars beyond this many are named in the alt text and counted in the caption
MAX_TIMELINE_EVENTS = 20  # more events than this are counted by month: one row each would fill pages
ALT_MAX_AGENCIES = 10  # alt text across agencies details each agency's row up to this many agencies
ALT_BUDGET = 1000      # alt text across agencies aims to stay within this many characters (a screen reader reads it all)
NAMED_MARK = "\u25cf"  # beside a target the document itself names for the year's work

HATCH = "////"


# --- the result --------------------------------------------------------------------------

PNG_DPI = 200  # sharp in print at 16 cm wide; WeasyPrint lays out a PNG twice as fast as an outlined SVG


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the figure plus the words that make it accessible and printable.
    The brief embeds it as a 200 dpi PNG; `svg` gives the same drawing as vector text."""

    figure: "Figure" = _field(repr=False, compare=False)
    alt: str
    title: str
    caption: str
    tall: bool = False  # taller than a chart usually may be in print (one row per agency)

    @cached_property
    def svg(self) -> str:
        with _rc():
            return _svg_of(self.figure)

    @cached_property
    def png(self) -> bytes:
        buffer = io.BytesIO()
        with _rc():
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


# --- helpers -----------------------------------------------------------------------------

def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _in_sentence(label: str) -> str:
    """A vocabulary label as it reads inside a sentence: 'Technical support' -> 'technical
    support', but 'UN agencies' and 'Member States' keep their capitals."""
    first, *rest = label.split(" ")
    if any(ch.isupper() for ch in first[1:]) or any(word[:1].isupper() for word in rest):
        return label
    return label[:1].lower() + label[1:]


def _listing(labels: Sequence[str]) -> str:
    """Up to three labels joined into a phrase that opens a sentence."""
    labels = list(labels[:3])
    return join([labels[0], *(_in_sentence(label) for label in labels[1:])])


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _text_width_in(text: str, size: float, weight: str = "normal") -> float:
    """Width in inches of text (its widest line) as drawn in the chart font."""
    return max((_line_width_in(line, size, weight) for line in str(text).split("\n") if line), default=0.0)


@lru_cache(maxsize=4096)
def _line_width_in(line: str, size: float, weight: str) -> float:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=_style()["font.family"], size=size, weight=weight)  # FONT, then fallbacks
    return text_to_path.get_text_width_height_descent(line, prop, ismath=False)[0] / 72


def _wrap_to(text: str, size: float, width_in: float, weight: str = "normal") -> str:
    """Wrap text so that every line fits width_in at this font size."""
    words = str(text).split()
    lines: list[str] = []
    for word in words:
        if lines and _text_width_in(f"{lines[-1]} {word}", size, weight) <= width_in:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _fit(text: str, size: float, width_in: float, lines: int = 1) -> str:
    """Wrap text into at most `lines` lines that fit width_in, shortening the last with '…'."""
    words = " ".join(str(text).split()).split(" ")
    out: list[str] = []
    while words:
        line = words.pop(0)
        while words and _text_width_in(f"{line} {words[0]}", size) <= width_in:
            line = f"{line} {words.pop(0)}"
        out.append(line)
        if len(out) == lines and words:
            last = out[-1]
            while last and _text_width_in(last + "…", size) > width_in:
                last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
            out[-1] = last.rstrip(" ,;:–-") + "…"
            break
    return "\n".join(out)


def _balanced(text: str, size: float, width_in: float, weight: str = "normal") -> str:
    """Wrap into as few lines as fit width_in, with the lines as even as possible."""
    best = _wrap_to(text, size, width_in, weight)
    lines = best.count("\n")
    width = width_in
    while lines and width > 1.0:
        width -= 0.1
        candidate = _wrap_to(text, size, width, weight)
        if candidate.count("\n") > lines:
            break
        best = candidate
    return best


def _line_height_in(size: float) -> float:
    return size * 1.25 / 72


def _new_figure(height_in: float) -> "Figure":
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH_IN, height_in))


def _svg_of(fig: "Figure") -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue().decode("utf-8")


class _Frame:
    """Vertical layout of a figure, top to bottom, in inches: a title block, an optional
    legend row, the plot body and a bottom margin."""

    def __init__(self, title: str, body_in: float, bottom_in: float, legend: bool, left_in: float,
                 right_in: float = PAD_IN, width_in: float = WIDTH_IN):
        self.width = width_in
        self.title = _balanced(title, TITLE_SIZE, width_in - 2 * PAD_IN, "bold")
        self.title_in = _line_height_in(TITLE_SIZE) * (self.title.count("\n") + 1)
        self.legend_in = 0.26 if legend else 0.0
        self.top_in = PAD_IN + self.title_in + 0.10 + self.legend_in
        self.body_in = body_in
        self.bottom_in = bottom_in
        self.height = self.top_in + body_in + bottom_in
        self.left_in, self.right_in = left_in, right_in

    def figure(self) -> "Figure":
        fig = _new_figure(self.height)
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


def _sources(contributions: Iterable, reference: Reference) -> str:
    seen: dict[tuple, str] = {}
    for c in contributions:
        agency = reference.agencies.get(c.agency)
        who = agency.abbreviation if agency else c.agency
        seen[(c.agency, c.year, c.title)] = f"{who}, {c.title.rstrip('.')} ({c.year})"
    notes = [seen[key] for key in sorted(seen)]
    if not notes:
        return ""
    return ("Source: " if len(notes) == 1 else "Sources: ") + "; ".join(notes) + "."


def _in_year(records: Sequence[ItemRecord]) -> str:
    years = sorted({r.item.year for r in records})
    if len(years) == 1:
        return f" in {years[0]}"
    if years:
        return f" in {years[0]}–{years[-1]}"
    return ""


def _sdg_label(code: str) -> str:
    """'Goal 5' or 'Target 10.7'."""
    return f"Target {code}" if "." in code else f"Goal {code}"


def _sdg_long_label(code: str, reference: Reference) -> str:
    if "." in code:
        return f"Target {code}"
    goal = reference.goals.get(code)
    return f"Goal {code} ({goal.short})" if goal else f"Goal {code}"


def _agency_label(code: str, reference: Reference) -> str:
    agency = reference.agencies.get(code)
    return agency.abbreviation if agency else code


def _mechanism_label(code: str | None, reference: Reference) -> str:
    if code is None:
        return "No mechanism named"
    mechanism = reference.mechanisms.get(code)
    return mechanism.abbreviation if mechanism else code


# --- 1. coverage matrix ---------------------------------------------------------------------

def coverage_matrix(records: Sequence[ItemRecord], reference: Reference, rows: str = "mechanisms",
                    goal: str | None = None, named: Iterable[str] = ()) -> Chart | None:
    """A matrix of mechanisms (``rows="mechanisms"``) or items (``rows="items"``) against
    the SDG goals and targets the items are linked to.

    A cell is filled when at least one item links that row to that goal or target: solid
    when the document itself states the link, hatched when an analyst added it. With
    ``rows="mechanisms"`` the cell gives the number of items; a cell whose items differ is
    split, stated on the left and analyst on the right, each with its own count. Items
    naming no mechanism get a row of their own. With ``rows="items"`` each row is one item
    (title shortened) and cells carry no count, since it would always be 1.

    With ``goal``, the columns are that goal's targets only. Codes in ``named`` (the goals and
    targets the document itself names for the year's work) are marked in their column heads,
    so that what the document says is never shown as an analyst's link alone.

    Returns None when the matrix would be smaller than MIN_MATRIX (rows, columns).
    """
    if rows not in ("mechanisms", "items"):
        raise ValueError(f"rows must be 'mechanisms' or 'items', not {rows!r}")
    in_scope = (lambda code: "." in code and code.split(".")[0] == str(goal)) if goal else (lambda code: True)
    linked = [r for r in records if any(in_scope(code) for code in r.sdg_codes)]
    columns = sorted({code for r in linked for code in r.sdg_codes if in_scope(code)}, key=sdg_sort_key)
    named = {code for code in named if code in columns}

    # rows: (key, label, records)
    if rows == "mechanisms":
        found = {m for r in linked for m in r.mechanisms}
        order = [m for m in reference.mechanisms if m in found] + sorted(found - set(reference.mechanisms))
        row_defs = [(m, _mechanism_label(m, reference), [r for r in linked if m in r.mechanisms])
                    for m in order]
        without = [r for r in linked if not r.mechanisms]
        if without:
            row_defs.append((None, _mechanism_label(None, reference), without))
    else:
        row_defs = [(r.key, r.item.title, [r]) for r in linked]
    if len(row_defs) < MIN_MATRIX[0] or len(columns) < MIN_MATRIX[1]:
        return None

    # cells[(i, j)] = (stated, analyst)
    cells: dict[tuple[int, int], tuple[int, int]] = {}
    for i, (_, _, members) in enumerate(row_defs):
        for j, code in enumerate(columns):
            bases = [r.basis(code) for r in members if code in r.sdg_codes]
            if bases:
                cells[(i, j)] = (bases.count("stated"), bases.count("analyst"))

    # --- words
    n_items = len(linked)
    column_items = {code: [r for r in linked if code in r.sdg_codes] for code in columns}
    links = [(r, code) for r in linked for code in r.sdg_codes if code in columns]
    analyst_links = sum(1 for r, code in links if r.basis(code) == "analyst")
    what_cols = _plural(len(columns), "SDG goal or target", "SDG goals and targets")
    if rows == "mechanisms":
        reach = {label: sum(1 for j in range(len(columns)) if (i, j) in cells)
                 for i, (key, label, _) in enumerate(row_defs) if key is not None}
        if reach:
            best = max(reach.values())
            leaders = [label for label, n in reach.items() if n == best]
            if len(leaders) > 3:
                title = (f"Work with each of {len(leaders)} mechanisms touched {best} of the "
                         f"{len(columns)} SDG goals and targets, more than any other")
                if len(leaders) == len(reach):
                    title = f"Work with each of the {len(leaders)} mechanisms touched {best} of {what_cols}"
            else:
                title = (f"Work with the {join(leaders)} touched the most SDG goals and targets: "
                         f"{best} of {len(columns)}{' each' if len(leaders) > 1 else ''}")
        else:
            title = _column_title(column_items, n_items, reference)
    else:
        title = _column_title(column_items, n_items, reference)

    if analyst_links == len(links) == 1:
        analyst_sentence = ("The one link between an item and an SDG goal or target was made by an "
                            "analyst: the document ties no single item to an SDG.")
    elif analyst_links == len(links):
        analyst_sentence = (f"All {len(links)} links between items and SDG goals or targets were made by an "
                            f"analyst: the document ties no single item to an SDG.")
    elif analyst_links:
        analyst_sentence = (f"{analyst_links} of {len(links)} links between items and SDG goals or targets "
                            f"were made by an analyst; the other {len(links) - analyst_links} are stated in "
                            f"the document.")
    else:
        analyst_sentence = (f"All {_plural(len(links), 'link')} between items and SDG goals or targets are "
                            f"stated in the document.")
    named_sentence = (f"{NAMED_MARK} The document itself names {join([_sdg_label(c) for c in sorted(named, key=sdg_sort_key)])} "
                      "for the year's work as a whole." if named else "")
    analyst_sentence = " ".join(filter(None, [analyst_sentence, named_sentence]))
    row_word = "mechanism" if rows == "mechanisms" else "item"
    parts = []
    for i, (key, label, members) in enumerate(row_defs):
        full = (key and reference.mechanisms.get(key) and reference.mechanisms[key].abbreviation) or label
        if rows == "items":
            full = members[0].item.title
        entries = []
        for j, code in enumerate(columns):
            if (i, j) not in cells:
                continue
            stated, analyst = cells[(i, j)]
            if rows == "items":
                entries.append(f"{_sdg_label(code)} ({'stated' if stated else 'analyst'})")
            else:
                basis = ("stated" if not analyst else "analyst" if not stated
                         else f"{stated} stated, {analyst} analyst")
                entries.append(f"{_sdg_label(code)} {_plural(stated + analyst, 'item')} ({basis})")
        parts.append(f"{full}: {', '.join(entries)}")
    alt = (f"Matrix of {_plural(len(row_defs), row_word)} against the {what_cols} that "
           f"{_plural(n_items, 'item')} are linked to. {_sentence(title)} {analyst_sentence} "
           f"{'; '.join(parts)}.")
    stated_cells = any(stated for stated, _ in cells.values())
    analyst_cells = any(analyst for _, analyst in cells.values())
    how = " ".join(filter(None, [
        "Solid cells: the document itself ties the items to the target." if stated_cells else "",
        "Hatched cells: an analyst tied them, with a reason for each." if analyst_cells else "",
        "Numbers count items." if rows == "mechanisms" else "",
        "A split cell holds both kinds: stated on the left, analyst on the right."
        if rows == "mechanisms" and any(stated and analyst for stated, analyst in cells.values()) else ""]))
    caption = " ".join(filter(None, [how, named_sentence, _sources([r.contribution for r in linked], reference)]))

    with _rc():
        figure = _draw_matrix(title, row_defs, columns, cells, reference, counts=rows == "mechanisms", named=named)
    return Chart(figure=figure, alt=alt, title=title, caption=caption)


def _column_title(column_items: dict[str, list], n_items: int, reference: Reference) -> str:
    best = max(len(v) for v in column_items.values())
    leaders = [_sdg_long_label(code, reference) for code, v in column_items.items() if len(v) == best]
    if len(leaders) > 3:
        return f"{len(leaders)} SDG goals and targets were each linked to {best} of {n_items} items, the most"
    verb = "was" if len(leaders) == 1 else "were"
    return (f"{join(leaders)} {verb} linked to the most items: {best} of {n_items}"
            f"{' each' if len(leaders) > 1 else ''}")


def _rc():
    import matplotlib

    return matplotlib.rc_context({**_style(), **CHART_RC})


def _draw_matrix(title: str, row_defs: list, columns: list[str], cells: dict, reference: Reference,
                 counts: bool, named: set[str], row_in: float | None = None,
                 source: str = "the document") -> "Figure":
    """`source` names what states a tie in the legend: one agency's brief reads one document,
    a brief across agencies one paper per agency."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    blue = PALETTE["blue"]
    label_size = TEXT_SIZE if counts else SMALL_SIZE + 0.5
    label_room = min(WIDTH_IN * 0.5, WIDTH_IN - 2 * PAD_IN - 0.10 - len(columns) * 0.6)
    labels = [_fit(label, label_size, max(label_room, 1.2)) for _, label, _ in row_defs]
    label_in = max(_text_width_in(label, label_size) for label in labels) * MEASURE_SLACK
    left = PAD_IN + label_in + 0.10
    cell_w = min(0.95, (WIDTH_IN - left - PAD_IN) / len(columns))
    cell_h = row_in or (0.32 if counts else 0.24)
    col_labels = []
    heads = [_sdg_label(code) + (f" {NAMED_MARK}" if code in named else "") for code in columns]
    one_line = all(_text_width_in(head, SMALL_SIZE) * MEASURE_SLACK <= cell_w - 0.06 for head in heads)
    for code, head in zip(columns, heads):
        goal = reference.goals.get(code) if "." not in code else None
        text = head if one_line else head.replace(" ", "\n", 1)
        if goal:
            text += "\n" + _wrap_to(goal.short, SMALL_SIZE, cell_w - 0.06)
        col_labels.append(text)
    # too narrow for level labels: turn them upright, one line each
    rotated = any(_text_width_in(t, SMALL_SIZE) * MEASURE_SLACK > cell_w - 0.04 for t in col_labels)
    if rotated:
        col_labels = [_fit(f"{head}: {reference.goals[code].short}" if code in reference.goals and "." not in code
                           else head, SMALL_SIZE, 1.3) for code, head in zip(columns, heads)]
        header_in = max(_text_width_in(t, SMALL_SIZE) for t in col_labels) * MEASURE_SLACK + 0.08
    else:
        header_in = max(_line_height_in(SMALL_SIZE) * (t.count("\n") + 1) for t in col_labels) + 0.02
    body = cell_h * len(row_defs)
    frame = _Frame(title, body_in=body, bottom_in=PAD_IN, legend=True, left_in=left,
                   right_in=WIDTH_IN - left - cell_w * len(columns))
    frame.top_in += header_in
    frame.height += header_in
    fig = frame.figure()
    ax = frame.axes(fig)
    n_rows, n_cols = len(row_defs), len(columns)
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    gap = 0.04
    for i in range(n_rows):
        for j in range(n_cols):
            x, y, w, h = j + gap, i + gap * 1.5, 1 - 2 * gap, 1 - 3 * gap
            if (i, j) not in cells:
                ax.add_patch(Rectangle((x, y), w, h, facecolor=EMPTY, edgecolor="none"))
                continue
            stated, analyst = cells[(i, j)]
            halves = [("stated", stated, x, w if not analyst else w / 2),
                      ("analyst", analyst, x if not stated else x + w / 2, w if not stated else w / 2)]
            for basis, n, hx, hw in halves:
                if not n:
                    continue
                if basis == "stated":
                    ax.add_patch(Rectangle((hx, y), hw, h, facecolor=blue, edgecolor=blue, linewidth=0.8))
                else:
                    ax.add_patch(Rectangle((hx, y), hw, h, facecolor="white", edgecolor=blue,
                                           hatch=HATCH, hatchcolor=blue, linewidth=0.8))
                if counts:
                    box = None if basis == "stated" else dict(boxstyle="round,pad=0.18", facecolor="white",
                                                              edgecolor="none")
                    ax.text(hx + hw / 2, y + h / 2, str(n), ha="center", va="center_baseline",
                            fontsize=SMALL_SIZE + 0.5, fontweight="bold",
                            color="white" if basis == "stated" else INK, bbox=box)
    ax.set_yticks([i + 0.5 for i in range(n_rows)], labels, fontsize=label_size)
    ax.set_xticks([j + 0.5 for j in range(n_cols)], col_labels, fontsize=SMALL_SIZE, linespacing=1.1,
                  rotation=90 if rotated else 0)
    ax.xaxis.tick_top()
    ax.tick_params(axis="both", length=0, pad=4)
    for tick in ax.get_yticklabels():
        if tick.get_text() == "No mechanism named":
            tick.set_color(MUTED)
            tick.set_fontstyle("italic")
    kinds = {basis for stated, analyst in cells.values()
             for basis, n in (("stated", stated), ("analyst", analyst)) if n}
    legend = [(Patch(facecolor=blue, edgecolor=blue, linewidth=0.8), f"Stated in {source} for the item")
              if basis == "stated" else
              (Patch(facecolor="white", edgecolor=blue, hatch=HATCH, linewidth=0.8), "Tied by an analyst")
              for basis in ("stated", "analyst") if basis in kinds]
    if named:
        legend.append((Line2D([], [], linestyle="none", marker="o", markersize=5, color=INK),
                       f"Named by {source} for the year's work"))
    frame.legend(fig, [h for h, _ in legend], [label for _, label in legend])
    return fig


# --- 2. timeline --------------------------------------------------------------------------

_MONTH_ABBR = list(calendar.month_abbr)
_MONTH_NAME = list(calendar.month_name)
PRECISIONS = ("year", "month", "day")
TIMELINE_MAX_BODY_IN = 7.0   # the rows of a timeline, so that it fits on an A4 page with its caption


def event_label(event, reference: Reference, qualify: bool = False) -> str:
    """An event's title with what the title leaves out: 'GMG meeting 1: Understanding ...'
    for a numbered event, and the kind, mechanism and session when `qualify` (several
    events share the title)."""
    mechanism = reference.mechanisms.get(event.mechanism) if event.mechanism else None
    abbreviation = mechanism.abbreviation if mechanism else event.mechanism
    kind_term = reference.vocabulary("event_kinds").get(event.kind)
    kind = kind_term.label if kind_term else event.kind.replace("-", " ").capitalize()
    if event.number is not None:
        prefix = f"{abbreviation} {_in_sentence(kind)}" if abbreviation else kind
        if abbreviation and event.title.startswith(abbreviation):
            return event.title
        return f"{prefix} {event.number}: {event.title}"
    if qualify:
        where = " ".join(filter(None, [abbreviation, f"session {event.session}" if event.session else None,
                                       event.place]))
        return f"{kind}{', ' + where if where else ''}: {event.title}"
    return event.title


def timeline(events: Sequence[EventRecord], reference: Reference, by_agency: bool = False,
             name_sources: bool = True) -> Chart | None:
    """Dated events on a time axis, one row per event, labelled with its title (wrapped to
    two lines, or shortened to one when there are too many events for an A4 page; see
    `event_label` for what is added to the title).

    Dates are drawn at the precision the source gives: a dot for a day, a bar across the
    month for a month, and a pale dashed bar across the whole year for a year alone (the
    event could be any time in it); consecutive events dated only to the same year share
    one block labelled "Dated only to 2016: any time in the year". The date as given is
    printed beside each dot or bar. Rows run in date order; an event known only by its year
    sorts to the start of that year. The legend lists only the precisions present.

    With ``by_agency`` (events of several agencies) each label, in the chart and the alt text,
    opens with the abbreviation of the agency whose paper reports the event, and the words speak
    of the agencies' papers. The caption names the papers unless ``name_sources`` is false (a
    brief across agencies lists them in its Sources section).

    Returns None when fewer than MIN_DATED_EVENTS events are dated to the month or the day.
    """
    if sum(1 for record in events if record.precise) < MIN_DATED_EVENTS:
        return None

    def whose(record: EventRecord) -> tuple:
        # with the agency named, only one agency's events that share a title need telling apart
        return (record.record.agency if by_agency else None, record.event.title)

    titles = Counter(whose(record) for record in events)
    rows = []
    for record in events:
        event = record.event
        start, end, precision = date_span(event.date)
        label = event_label(event, reference, qualify=titles[whose(record)] > 1)
        if by_agency:
            label = f"{_agency_label(record.record.agency, reference)}: {label}"
        rows.append((start, PRECISIONS.index(precision), event.number or 0, label, end, precision, record))
    rows.sort(key=lambda r: r[:2])  # stable: events that share a date keep the document's order

    counts = Counter(r[5] for r in rows)
    monthly = Counter((r[0].year, r[0].month) for r in rows if r[5] != "year")
    first, last = min(r[0] for r in rows), max(r[4] for r in rows) - dt.timedelta(days=1)
    if (first.month, last.month) == (1, 12):
        period = (f"in {first.year}" if first.year == last.year else f"from {first.year} to {last.year}")
    elif (first.year, first.month) == (last.year, last.month):
        period = f"in {_MONTH_NAME[first.month]} {first.year}"
    else:
        period = f"from {_MONTH_NAME[first.month]} {first.year} to {_MONTH_NAME[last.month]} {last.year}"
    n = len(rows)
    title = _timeline_title(rows, counts, monthly, "The papers give" if by_agency else "The source gives")

    precision_words = [f"{counts[p]} to the {p}" if p != "year" else f"{counts[p]} to the year only"
                       for p in ("day", "month", "year") if counts[p]]
    listing = "; ".join(f"{format_date(r[6].event.date, short=True)}: {r[3]}" for r in rows)
    alt = (f"Timeline of {_plural(n, 'event')} {period}, dated {join(precision_words)}. "
           f"{_sentence(title)} In date order: {listing}.")
    how = ("A dot marks an event dated to the day; a bar spans the month for one dated only to the "
           "month; a pale dashed block spans the whole year for events dated only to the year, since "
           "they could have been at any time in it. Dates beside the marks are as "
           + ("each agency's paper gives them." if by_agency else "the source gives them."))
    caption = " ".join(filter(None, [
        how, _sources([r[6].record.contribution for r in rows], reference) if name_sources else ""]))
    with _rc():
        figure = _draw_timeline(title, rows)
    return Chart(figure=figure, alt=alt, title=title, caption=caption)


def _months_phrase(months: list[tuple[int, int]]) -> str:
    """[(2016, 8), (2016, 11), (2017, 2)] -> 'August and November 2016 and February 2017'."""
    by_year: dict[int, list[str]] = {}
    for year, month in sorted(months):
        by_year.setdefault(year, []).append(_MONTH_NAME[month])
    return join([f"{join(names)} {year}" for year, names in by_year.items()])


def _timeline_title(rows: list, counts: Counter, monthly: Counter, gives: str = "The source gives") -> str:
    # timeline() draws only when at least MIN_DATED_EVENTS events are dated to a month or day
    n = len(rows)
    dated = n - counts["year"]
    if dated * 2 < n:
        return f"{gives} a month or day for only {dated} of the {n} events"
    best = max(monthly.values())
    leaders = sorted(m for m, k in monthly.items() if k == best)
    if n <= 3 and not counts["year"]:
        return f"{_plural(n, 'event')}: {join([format_date(r[6].event.date) for r in rows])}"
    if best == 1:
        return f"The {dated} events dated to a month or day are spread out, no two in the same month"
    if len(leaders) == 1:
        return f"{_months_phrase(leaders)} was the busiest month: {best} of {dated} events dated to a month or day"
    if len(leaders) <= 3:
        return (f"{_months_phrase(leaders)} were the busiest months: {best} events each, "
                f"of {dated} dated to a month or day")
    return f"Events were spread out: no month had more than {best} of the {dated} events dated to a month or day"


def _draw_timeline(title: str, rows: list) -> "Figure":
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle
    from matplotlib.transforms import blended_transform_factory

    blue = PALETTE["blue"]
    label_size = SMALL_SIZE + 0.5
    # rows are laid out in inches: one-line labels get 0.21 in, two-line labels 0.31 in; when
    # that would make the chart taller than fits on an A4 page, every label gets one line
    labels = [_fit(r[3], label_size, WIDTH_IN * 0.5, lines=2) for r in rows]
    heights = [0.31 if "\n" in label else 0.21 for label in labels]
    if sum(heights) > TIMELINE_MAX_BODY_IN:
        labels = [_fit(r[3], label_size, WIDTH_IN * 0.5, lines=1) for r in rows]
        heights = [0.21] * len(rows)
    date_texts = [format_date(r[6].event.date, short=True) for r in rows]
    label_in = max(_text_width_in(label, label_size) for label in labels) * MEASURE_SLACK
    left = PAD_IN + label_in + 0.10
    centres = [sum(heights[:i]) + heights[i] / 2 for i in range(len(rows))]
    body = sum(heights)
    mark_h = 0.13
    frame = _Frame(title, body_in=body + 0.08, bottom_in=0.42, legend=True, left_in=left, right_in=PAD_IN)
    fig = frame.figure()
    ax = frame.axes(fig)
    axes_w = frame.axes_width

    # runs of two or more events dated only to the same year share one block across the year
    blocks: list[list[int]] = []
    for i, row in enumerate(rows):
        if row[5] == "year" and blocks and rows[blocks[-1][-1]][5] == "year" \
                and rows[blocks[-1][-1]][0] == row[0] and blocks[-1][-1] == i - 1:
            blocks[-1].append(i)
        elif row[5] == "year":
            blocks.append([i])
    in_block = {i for block in blocks if len(block) > 1 for i in block}

    # x range: whole months around the events, plus room on the right for the date labels
    first = min(r[0] for r in rows)
    xl = dt.date(first.year, first.month, 1).toordinal() - 4
    last_end = max(r[4] for r in rows)
    month_end = dt.date(last_end.year, last_end.month, 1)
    if month_end < last_end:
        month_end = dt.date(month_end.year + (month_end.month == 12), month_end.month % 12 + 1, 1)
    xr = month_end.toordinal() + 4
    gap_in = 0.05
    for k, ((start, _, _, _, end, precision, _), text) in enumerate(zip(rows, date_texts)):
        if k in in_block:
            continue
        c = _text_width_in(text, SMALL_SIZE) * MEASURE_SLACK + gap_in + (0.04 if precision == "day" else 0)
        x_end = end.toordinal() if precision != "day" else start.toordinal() + 0.5
        if c < axes_w * 0.9:
            xr = max(xr, (x_end - c * xl / axes_w) / (1 - c / axes_w))
    ax.set_xlim(xl, xr)
    ax.set_ylim(body + 0.04, -0.04)

    # month and year grid
    months = []
    y, m = dt.date.fromordinal(int(xl) + 4).year, dt.date.fromordinal(int(xl) + 4).month
    while dt.date(y, m, 1).toordinal() <= month_end.toordinal():
        months.append(dt.date(y, m, 1))
        y, m = y + (m == 12), m % 12 + 1
    for d in months:
        ax.axvline(d.toordinal(), color=RULE if d.month == 1 else GUIDE,
                   linewidth=0.8 if d.month == 1 else 0.5, zorder=0)
    dash = (0, (2.5, 1.5))
    for block in blocks:
        if len(block) < 2:
            continue
        start, end = rows[block[0]][0].toordinal(), rows[block[0]][4].toordinal()
        top = centres[block[0]] - heights[block[0]] / 2 + 0.03
        bottom = centres[block[-1]] + heights[block[-1]] / 2 - 0.03
        ax.add_patch(Rectangle((start, top), end - start, bottom - top, facecolor=PALE, edgecolor=blue,
                               linewidth=0.7, linestyle=dash, zorder=1))
        ax.text((start + end) / 2, (top + bottom) / 2,
                f"Dated only to {rows[block[0]][0].year}:\nany time in the year", ha="center",
                va="center", fontsize=SMALL_SIZE + 0.5, color=INK, linespacing=1.2, zorder=3,
                bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor="none"))
    for i, y in enumerate(centres):
        ax.axhline(y, color="#A9C7DE" if i in in_block else GUIDE, linewidth=0.4, zorder=2,
                   linestyle=(0, (1, 2)))

    # marks
    for k, ((start, _, _, _, end, precision, _), text) in enumerate(zip(rows, date_texts)):
        i = centres[k]
        x0, x1 = start.toordinal(), end.toordinal()
        if k in in_block:
            continue
        if precision == "year":
            ax.add_patch(Rectangle((x0, i - mark_h / 2), x1 - x0, mark_h, facecolor=PALE, edgecolor=blue,
                                   linewidth=0.7, linestyle=dash, zorder=2))
            label_x = x1
        elif precision == "month":
            ax.add_patch(Rectangle((x0, i - mark_h / 2), x1 - x0, mark_h, facecolor=blue, edgecolor=blue,
                                   linewidth=0.5, zorder=3))
            label_x = x1
        else:
            ax.plot([x0 + 0.5], [i], marker="o", markersize=5.5, color=blue, markeredgecolor="white",
                    markeredgewidth=0.6, zorder=4, clip_on=False)
            label_x = x0 + 0.5
        ax.annotate(text, (label_x, i), xytext=(3.5 if precision != "day" else 5.5, 0),
                    textcoords="offset points", ha="left", va="center_baseline", fontsize=SMALL_SIZE,
                    color=MUTED, annotation_clip=False)

    # axes
    ax.set_yticks(centres, labels, fontsize=label_size, linespacing=1.05)
    ax.tick_params(axis="y", length=0, pad=5)
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_color(MUTED)
    per_month_in = axes_w * 30.4 / (xr - xl)
    ax.set_xticks([d.toordinal() for d in months], minor=True)
    ax.tick_params(axis="x", which="minor", length=3, width=0.5, color=MUTED)
    mids = [d.toordinal() + 15 for d in months if d.toordinal() + 15 < xr]
    if per_month_in >= _text_width_in("May", SMALL_SIZE) + 0.06:
        names = [_MONTH_ABBR[d.month] for d in months][:len(mids)]
    elif per_month_in >= _text_width_in("M", SMALL_SIZE) + 0.04:
        names = [_MONTH_ABBR[d.month][0] for d in months][:len(mids)]
    else:
        mids, names = [], []
    ax.set_xticks(mids, names)
    ax.tick_params(axis="x", which="major", length=0, pad=3, labelsize=SMALL_SIZE)
    blend = blended_transform_factory(ax.transData, ax.transAxes)
    years = sorted({d.year for d in months})
    for year in years:
        a = max(dt.date(year, 1, 1).toordinal(), xl + 4)
        b = min(dt.date(year + 1, 1, 1).toordinal(), month_end.toordinal())
        if b <= a:
            continue
        ax.annotate(str(year), ((a + b) / 2, 0), xycoords=blend, xytext=(0, -16),
                    textcoords="offset points", ha="center", va="top", fontsize=SMALL_SIZE + 0.5,
                    fontweight="bold", color=INK, annotation_clip=False)

    entries = {
        "day": (Line2D([], [], marker="o", linestyle="none", markersize=5.5, color=blue,
                       markeredgecolor="white", markeredgewidth=0.6), "Day given"),
        "month": (Patch(facecolor=blue, edgecolor=blue, linewidth=0.5), "Month given (bar spans the month)"),
        "year": (Patch(facecolor=PALE, edgecolor=blue, linewidth=0.7, linestyle=dash),
                 "Year only (spans the year)"),
    }
    present = [entries[p] for p in ("day", "month", "year") if any(r[5] == p for r in rows)]
    frame.legend(fig, [h for h, _ in present], [label for _, label in present])
    return fig


# --- 3. counts ------------------------------------------------------------------------------

#: field -> (vocabulary, several values per item?)
FIELDS = {
    "kind": ("item_kinds", False),
    "mainstreaming": ("mainstreaming", True),
    "groups": ("groups", True),
}


def counts_by(records: Sequence[ItemRecord], field: str, reference: Reference,
              name_sources: bool = True) -> Chart | None:
    """How many items have each value of ``field``: "kind" (one per item, vocabulary
    item_kinds), "mainstreaming" or "groups" (several per item, vocabularies of the same
    name). Horizontal bars, largest first, labelled with the vocabulary's labels and the
    count at the end of each bar. For the multi-valued fields, items with no value get a
    grey "None recorded" bar at the bottom.

    Returns None when there are fewer than MIN_BARS values, or their counts are all within one
    of each other: a sentence says that as well. The caption names the papers unless
    ``name_sources`` is false (a brief across agencies lists them in its Sources section).
    """
    if field not in FIELDS:
        raise ValueError(f"field must be one of {', '.join(FIELDS)}, not {field!r}")
    vocabulary_name, multi = FIELDS[field]
    if not records:
        return None
    vocabulary = reference.vocabulary(vocabulary_name)
    values = {r.key: (list(getattr(r.item, field)) if multi else [r.item.kind]) for r in records}
    counts = Counter(v for vs in values.values() for v in vs)
    if len(counts) < MIN_BARS or max(counts.values()) - min(counts.values()) <= 1:
        return None
    none = sum(1 for vs in values.values() if not vs)
    position = {code: i for i, code in enumerate(vocabulary)}
    order = sorted(counts, key=lambda c: (-counts[c], position.get(c, len(position)), c))
    labels = [vocabulary[c].label if c in vocabulary else c for c in order]
    n = len(records)

    best = counts[order[0]]
    leaders = [label for label, code in zip(labels, order) if counts[code] == best]
    when = _in_year(records)
    each = " each" if len(leaders) > 1 else ""
    if len(leaders) > 3:
        things = {"kind": "kinds of work", "mainstreaming": "ways of mainstreaming gender",
                  "groups": "groups"}[field]
        title = f"No one stood out: {len(leaders)} {things} were each found in {best} of {n} items{when}"
        what = {"kind": "kind of work", "mainstreaming": "how the item mainstreams gender",
                "groups": "group the item names"}[field]
    elif field == "kind":
        noun = "the most common kind of work" if len(leaders) == 1 else "the most common kinds of work"
        verb = "was" if len(leaders) == 1 else "were"
        title = f"{_listing(leaders)} {verb} {noun}{when}: {best} of {n} items{each}"
        what = "kind of work"
    elif field == "mainstreaming":
        noun = ("the most common way" if len(leaders) == 1 else "the most common ways")
        verb = "was" if len(leaders) == 1 else "were"
        title = f"{_listing(leaders)} {verb} {noun} of mainstreaming gender{when}: {best} of {n} items{each}"
        what = "how the item mainstreams gender"
    else:
        noun = "the group named most often" if len(leaders) == 1 else "the groups named most often"
        title = f"{_listing(leaders)}: {noun}{when}, in {best} of {n} items{each}"
        what = "group the item names"
    bars = [f"{label} {counts[code]}" for label, code in zip(labels, order)]
    if multi and none:
        bars.append(f"none recorded {none}")
    note = (f" An item can have several, so the bars add up to more than the {n} items." if multi and
            sum(counts.values()) > n else "")
    alt = (f"Bar chart of {_plural(n, 'item')} by {what}: {', '.join(bars)}. {_sentence(title)}{note}")
    caption = " ".join(filter(None, [
        f"Number of items by {what}.{note}" + (" The grey bar counts items with none recorded."
                                                if multi and none else ""),
        _sources([r.contribution for r in records], reference) if name_sources else ""]))
    extra = [("None recorded", none)] if multi and none else []
    with _rc():
        figure = _draw_bars(title, list(zip(labels, [counts[c] for c in order])), extra)
    return Chart(figure=figure, alt=alt, title=title, caption=caption)


def _draw_bars(title: str, bars: list[tuple[str, int]], extra: list[tuple[str, int]]) -> "Figure":
    blue = PALETTE["blue"]
    max_label_in = WIDTH_IN * 0.42
    labels = [_wrap_to(label, TEXT_SIZE, max_label_in) for label, _ in bars + extra]
    label_in = max(_text_width_in(label, TEXT_SIZE) for label in labels)
    two_lines = any("\n" in label for label in labels)
    row_h = 0.34 if two_lines else 0.27
    positions = list(range(len(bars))) + [len(bars) + 0.4 + k for k in range(len(extra))]
    body = row_h * (positions[-1] + 1)
    frame = _Frame(title, body_in=body, bottom_in=PAD_IN, legend=False, left_in=PAD_IN + label_in + 0.10)
    fig = frame.figure()
    ax = frame.axes(fig)
    values = [v for _, v in bars + extra]
    colours = [blue] * len(bars) + [NONE_GREY] * len(extra)
    ax.barh(positions, values, height=0.62, color=colours, edgecolor="none", zorder=2)
    top = max(values)
    digits_in = _text_width_in(str(top), TEXT_SIZE) + 0.12
    ax.set_xlim(0, top * frame.axes_width / max(frame.axes_width - digits_in, 0.5))
    ax.set_ylim(positions[-1] + 0.5, -0.5)
    for y, v in zip(positions, values):
        ax.annotate(str(v), (v, y), xytext=(3, 0), textcoords="offset points", ha="left",
                    va="center_baseline", fontsize=TEXT_SIZE, fontweight="bold", color=INK)
    ax.set_yticks(positions, labels, fontsize=TEXT_SIZE, linespacing=1.1)
    ax.tick_params(axis="y", length=0, pad=5)
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.spines["left"].set_color(MUTED)
    for tick in ax.get_yticklabels()[len(bars):len(bars) + len(extra)]:
        tick.set_color(MUTED)
        tick.set_fontstyle("italic")
    return fig


# --- 4. across agencies ----------------------------------------------------------------------

def agencies_by_goal(records: Sequence[ItemRecord], reference: Reference, goal: str | None = None,
                     named: dict[str, set[str]] | None = None) -> Chart | None:
    """A matrix of agencies against the SDG goals (or, given ``goal``, that goal's targets) their
    items are tied to, with the number of items in each cell: solid where the agency's paper
    states the tie for the items, hatched where an analyst made it, split where both. ``named``
    maps an agency to the codes its paper names for the year's work as a whole; those agencies'
    rows are marked (given ``goal``, when the paper names the goal or one of its targets), so that
    what a paper says is never shown as an analyst's tie alone.

    The title says, for each column tied to the most agencies, how many of them have a tie their
    own paper states. The alt text gives the totals and each column's agencies and items; it
    details each agency's row only up to ALT_MAX_AGENCIES agencies, so that a screen reader can
    take it whatever the number of agencies.

    Returns None with fewer than MIN_AGENCIES agencies or fewer than MIN_MATRIX[1] columns.
    """
    named = named or {}
    in_scope = ((lambda code: "." in code and code.split(".")[0] == str(goal)) if goal
                else (lambda code: "." not in code))
    codes_of = {r.key: ([c for c in r.sdg_codes if in_scope(c)] if goal else r.goals) for r in records}
    linked = [r for r in records if codes_of[r.key]]
    columns = sorted({c for r in linked for c in codes_of[r.key]}, key=sdg_sort_key)
    agencies = sorted({r.agency for r in linked}, key=lambda a: _agency_label(a, reference).lower())
    if len(agencies) < MIN_AGENCIES or len(columns) < MIN_MATRIX[1]:
        return None

    def basis(record: ItemRecord, code: str) -> str:
        if goal:
            return record.basis(code)
        return "stated" if any(goal_of(link.code) == code for link in record.item.sdg.stated) else "analyst"

    def marks(codes: Iterable[str]) -> bool:
        # with a goal, the paper names the goal or one of its targets; without, a goal
        return any(goal_of(c) == str(goal) if goal else "." not in c for c in codes)

    row_defs, cells = [], {}
    for i, agency in enumerate(agencies):
        members = [r for r in linked if r.agency == agency]
        label = _agency_label(agency, reference) + (f" {NAMED_MARK}" if marks(named.get(agency, ())) else "")
        row_defs.append((agency, label, members))
        for j, code in enumerate(columns):
            bases = [basis(r, code) for r in members if code in codes_of[r.key]]
            if bases:
                cells[(i, j)] = (bases.count("stated"), bases.count("analyst"))

    # per column: agencies, agencies with a tie their paper states, items stated and by analysts
    reach = {code: [cells[(i, j)] for i in range(len(agencies)) if (i, j) in cells]
             for j, code in enumerate(columns)}
    by_paper = {code: sum(1 for s, _ in found if s) for code, found in reach.items()}
    best = max(len(found) for found in reach.values())
    leading = [code for code in columns if len(reach[code]) == best]
    n = len(agencies)
    title = _agencies_by_goal_title(leading, best, n, [by_paper[c] for c in leading], goal, reference)
    links = [(r, code) for r in linked for code in codes_of[r.key]]
    stated = sum(1 for r, code in links if basis(r, code) == "stated")
    marked_rows = [label for _, label, _ in row_defs if label.endswith(NAMED_MARK)]
    what = "targets" if goal else "goals"
    # at least MIN_MATRIX[1] columns: always several ties
    counts_sentence = (f"Of {len(links)} ties between items and {what}, "
                       f"{stated} {'is' if stated == 1 else 'are'} stated in the agencies' papers and "
                       f"{len(links) - stated} {'is' if len(links) - stated == 1 else 'are'} made by analysts.")
    scope = f"Goal {goal} or one of its targets" if goal else "SDG goals"
    named_sentence = (f"{NAMED_MARK} beside an agency: its paper names {scope} for the year's work as a whole "
                      f"({len(marked_rows)} of {_plural(n, 'agency', 'agencies')})." if marked_rows else "")
    columns_text = []
    for code in columns:
        by_papers = sum(s for s, _ in reach[code])
        by_analysts = sum(a for _, a in reach[code])
        columns_text.append(f"{_sdg_label(code)}: {_plural(len(reach[code]), 'agency', 'agencies')}, "
                            f"{_plural(by_papers + by_analysts, 'item')}, {by_papers or 'none'} stated")
    alt = (f"Matrix of {n} agencies against the {_plural(len(columns), 'SDG target' if goal else 'SDG goal')} "
           f"their items are tied to. {_sentence(title)} {counts_sentence} "
           f"By {what[:-1]}, with the items whose tie the agency's paper states: {'; '.join(columns_text)}.")
    if n <= ALT_MAX_AGENCIES:
        parts = []
        for i, (agency, _, _) in enumerate(row_defs):
            entries = [f"{_sdg_label(code)} {_plural(sum(cells[(i, j)]), 'item')} ({_basis_words(*cells[(i, j)])})"
                       for j, code in enumerate(columns) if (i, j) in cells]
            parts.append(f"{_agency_label(agency, reference)}: {', '.join(entries)}")
        alt += f" By agency: {'; '.join(parts)}."
    how = ("Each row is an agency, each column an SDG " + ("target" if goal else "goal")
           + "; a number counts the agency's items tied to it. Solid: the agency's paper states the tie for "
           "the items; hatched: an analyst made it; a split cell holds both, stated on the left.")
    caption = " ".join(filter(None, [how, counts_sentence, named_sentence]))
    with _rc():
        figure = _draw_matrix(title, row_defs, columns, cells, reference, counts=True, named=set(),
                              row_in=0.19 if n > 20 else None, source="the agency's paper")
    return Chart(figure=figure, alt=alt, title=title, caption=caption, tall=n > 20)


def _basis_words(stated: int, analyst: int) -> str:
    """'stated', 'analyst' or '2 stated, 1 analyst': who made the ties a count counts."""
    return "stated" if not analyst else "analyst" if not stated else f"{stated} stated, {analyst} analyst"


def _agencies_by_goal_title(leading: list[str], best: int, n: int, by_paper: list[int], goal: str | None,
                            reference: Reference) -> str:
    """The columns tied to the most agencies, and how many of those agencies' own papers state a
    tie to them (one number per column, in the columns' order, when they differ)."""
    if len(set(by_paper)) == 1:
        own = "none" if not by_paper[0] else "all" if by_paper[0] == best else str(by_paper[0])
    elif len(leading) <= 3:
        own = join([str(k) for k in by_paper]) + " of them respectively"
    else:
        own = f"between {min(by_paper)} and {max(by_paper)}"
    papers = f"{own}{'' if own.endswith('respectively') else ' of them'} by their papers' own ties"
    if best == 1 and len(set(by_paper)) == 1:
        papers = "by its paper's own tie" if by_paper[0] else "by an analyst's tie only"
    if len(leading) > 3:
        return (f"{len(leading)} SDG {'targets' if goal else 'goals'} are each tied to the work of "
                f"{best} of {n} agencies, {papers}")
    labels = [_sdg_long_label(code, reference) for code in leading]
    return (f"{join(labels)} {'is' if len(labels) == 1 else 'are'} tied to the work of the most agencies: "
            f"{best} of {_plural(n, 'agency', 'agencies')}{' each' if len(labels) > 1 else ''}, {papers}")


#: field -> (what a bar is, in a sentence; plural)
AGENCY_FIELDS = {"mechanisms": ("mechanism", "mechanisms"), "countries": ("programme country", "programme countries")}


def agencies_per(records: Sequence[ItemRecord], field: str, reference: Reference,
                 in_country=None, planned: bool = False) -> Chart | None:
    """How many agencies report work with each mechanism (``field="mechanisms"``) or in each
    programme country (``field="countries"``, with ``in_country(record)`` giving a record's
    countries), most first: one bar each for the first MAX_BARS; the rest are counted in the
    caption and the alt text, which names them too while it stays within ALT_BUDGET characters.
    With ``planned`` the records are work the agencies plan, and the words say so.

    Returns None with fewer than MIN_AGENCIES agencies, fewer than MIN_BARS bars, or counts all
    within one of each other (a sentence says that as well).
    """
    if field not in AGENCY_FIELDS:
        raise ValueError(f"field must be one of {', '.join(AGENCY_FIELDS)}, not {field!r}")
    values = (lambda r: r.mechanisms) if field == "mechanisms" else in_country
    agencies_of: dict[str, set[str]] = {}
    for record in records:
        for code in values(record):
            agencies_of.setdefault(code, set()).add(record.agency)
    n = len({r.agency for r in records if values(r)})
    if n < MIN_AGENCIES or len(agencies_of) < MIN_BARS:
        return None
    counts = {code: len(a) for code, a in agencies_of.items()}
    if max(counts.values()) - min(counts.values()) <= 1:
        return None

    def label(code: str) -> str:
        if field == "mechanisms":
            return _mechanism_label(code, reference)
        country = reference.countries.get(code)
        return country.name if country else code

    order = sorted(counts, key=lambda c: (-counts[c], label(c)))
    shown, rest = order[:MAX_BARS], order[MAX_BARS:]
    one, many = AGENCY_FIELDS[field]
    best = counts[order[0]]
    leaders = [label(c) for c in order if counts[c] == best]
    work = f"{'plan' if planned else 'report'} work {'with' if field == 'mechanisms' else 'in'}"
    if len(leaders) <= 3:
        subject = ("the " if field == "mechanisms" else "") + join(leaders)
        title = (f"{subject[0].upper()}{subject[1:]}: the {one if len(leaders) == 1 else many} the most agencies "
                 f"{work}, {best} of {n}{' each' if len(leaders) > 1 else ''}")
    else:
        title = (f"{len(leaders)} {many} each have the {'planned ' if planned else ''}work of {best} of {n} "
                 "agencies, the most")
    listing = ", ".join(f"{label(c)} {counts[c]}" for c in shown)
    opening = f"Bar chart of the number of agencies, of {n}, that {work} each {one}: "
    alt = f"{opening}{listing}. {_sentence(title)}"
    bars_note = ""
    if rest:
        most = max(counts[c] for c in rest)
        each = ("" if len(rest) == 1 else " each")
        with_ = (f"with at most {_plural(most, 'agency', 'agencies')}{each}"
                 if len({counts[c] for c in rest}) > 1 else f"with {_plural(most, 'agency', 'agencies')}{each}")
        more = f"and {len(rest)} more {with_}"
        named_alt = f"{opening}{listing}, {more}: {', '.join(label(c) for c in rest)}. {_sentence(title)}"
        named = len(named_alt) <= ALT_BUDGET
        alt = named_alt if named else f"{opening}{listing}, {more}. {_sentence(title)}"
        bars_note = (f" {len(rest)} more {one if len(rest) == 1 else many}, {with_}, "
                     f"{'is' if len(rest) == 1 else 'are'} not drawn{'; the alt text names them' if named else ''}.")
    if field == "mechanisms":
        what = ("Each bar counts the agencies whose items "
                + ("of planned work " if planned else "") + "name the mechanism")
    else:
        what = ("Each bar counts the agencies whose items "
                + ("plan" if planned else "report") + " work in the country or about it")
    caption = what + " (an agency with several such items counts once)." + bars_note
    with _rc():
        figure = _draw_bars(title, [(label(c), counts[c]) for c in shown], [])
    return Chart(figure=figure, alt=alt, title=title, caption=caption)


def events_by_month(events: Sequence[EventRecord], year: int, reference: Reference,
                    planned: bool = False) -> Chart | None:
    """How many events of ``year`` each month holds, across agencies, from events dated to the
    month or the day; events dated only to the year are counted in the caption. With ``planned``
    the events are ones the agencies plan, and the words say so.

    Returns None with fewer than MIN_DATED_EVENTS such events, or events in fewer than MIN_MONTHS
    months (a sentence says as much).
    """
    dated = [e for e in events if e.precise and date_span(e.event.date)[0].year == int(year)]
    only_year = [e for e in events if not e.precise and date_span(e.event.date)[0].year == int(year)]
    months = Counter(date_span(e.event.date)[0].month for e in dated)
    if len(dated) < MIN_DATED_EVENTS or len(months) < MIN_MONTHS:
        return None
    agencies = len({e.record.agency for e in dated})
    best = max(months.values())
    leaders = [m for m in range(1, 13) if months[m] == best]
    # plans are told in the present ("is the busiest month"), work done in the past
    was, were, held = ("is", "are", "hold") if planned else ("was", "were", "held")
    events_word = "dated events planned" if planned else "dated events"
    title = (f"{join([_MONTH_NAME[m] for m in leaders])} {year} {was + ' the busiest month' if len(leaders) == 1 else were + ' the busiest months'}: "
             f"{best} of {len(dated)} {events_word}{' each' if len(leaders) > 1 else ''}" if len(leaders) <= 3 else
             f"{'Planned events are' if planned else 'Events were'} spread over the year: no month {held} more than "
             f"{best} of {len(dated)}")
    listing = ", ".join(f"{_MONTH_NAME[m]} {months[m]}" for m in range(1, 13))
    alt = (f"Bar chart of {_plural(len(dated), 'event')} {'planned for' if planned else 'in'} {year} "
           f"{'by' if planned else 'reported by'} {_plural(agencies, 'agency', 'agencies')}, "
           f"by month: {listing}. {_sentence(title)}")
    caption = " ".join(filter(None, [
        f"Events the papers {'plan and ' if planned else ''}date to a month or a day, by month of {year}.",
        f"{_plural(len(only_year), 'event')} {'planned and ' if planned else ''}dated only to the year "
        f"{'is' if len(only_year) == 1 else 'are'} not drawn."
        if only_year else ""]))
    with _rc():
        figure = _draw_bars(title, [(_MONTH_NAME[m], months[m]) for m in range(1, 13)], [])
    return Chart(figure=figure, alt=alt, title=title, caption=caption)
