"""Drawing the charts: a matrix of cells, a timeline of dated events, horizontal bars. Each
function gets the chart's title and every label already worded (charts.yaml, through the chart
functions in __init__.py) and only lays them out."""
from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from migration_briefs.briefs.charts.layout import (
    EMPTY,
    GUIDE,
    HATCH,
    INK,
    MEASURE_SLACK,
    MUTED,
    NAMED_MARK,
    NONE_GREY,
    PAD_IN,
    PALE,
    PALETTE,
    RULE,
    SMALL_SIZE,
    TEXT_SIZE,
    WIDTH_IN,
    Frame,
    fit,
    line_height_in,
    text_width_in,
    wrap_to,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MONTH_ABBR = list(calendar.month_abbr)
TIMELINE_MAX_BODY_IN = 7.0   # the rows of a timeline, so that it fits on an A4 page with its caption


def draw_matrix(title: str, row_defs: list, columns: list[str], cells: dict, labels: dict,
                counts: bool, named: set[str], row_in: float | None = None) -> "Figure":
    """A matrix of rows (key, label, records) against columns (codes); `cells[(i, j)]` is
    (stated, analyst). `labels` holds the worded column heads ("heads": code -> "Target 8.8",
    "goals": goal code -> its short name), the row shown muted ("muted") and the legend's words
    ("stated", "analyst", "named")."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    blue = PALETTE["blue"]
    label_size = TEXT_SIZE if counts else SMALL_SIZE + 0.5
    label_room = min(WIDTH_IN * 0.5, WIDTH_IN - 2 * PAD_IN - 0.10 - len(columns) * 0.6)
    row_labels = [fit(label, label_size, max(label_room, 1.2)) for _, label, _ in row_defs]
    label_in = max(text_width_in(label, label_size) for label in row_labels) * MEASURE_SLACK
    left = PAD_IN + label_in + 0.10
    cell_w = min(0.95, (WIDTH_IN - left - PAD_IN) / len(columns))
    cell_h = row_in or (0.32 if counts else 0.24)
    col_labels = []
    heads = [labels["heads"][code] + (f" {NAMED_MARK}" if code in named else "") for code in columns]
    one_line = all(text_width_in(head, SMALL_SIZE) * MEASURE_SLACK <= cell_w - 0.06 for head in heads)
    for code, head in zip(columns, heads):
        short = labels["goals"].get(code)
        text = head if one_line else head.replace(" ", "\n", 1)
        if short:
            text += "\n" + wrap_to(short, SMALL_SIZE, cell_w - 0.06)
        col_labels.append(text)
    # too narrow for level labels: turn them upright, one line each
    rotated = any(text_width_in(t, SMALL_SIZE) * MEASURE_SLACK > cell_w - 0.04 for t in col_labels)
    if rotated:
        col_labels = [fit(f"{head}: {labels['goals'][code]}" if code in labels["goals"] else head, SMALL_SIZE, 1.3)
                      for code, head in zip(columns, heads)]
        header_in = max(text_width_in(t, SMALL_SIZE) for t in col_labels) * MEASURE_SLACK + 0.08
    else:
        header_in = max(line_height_in(SMALL_SIZE) * (t.count("\n") + 1) for t in col_labels) + 0.02
    body = cell_h * len(row_defs)
    frame = Frame(title, body_in=body, bottom_in=PAD_IN, legend=True, left_in=left,
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
    ax.set_yticks([i + 0.5 for i in range(n_rows)], row_labels, fontsize=label_size)
    ax.set_xticks([j + 0.5 for j in range(n_cols)], col_labels, fontsize=SMALL_SIZE, linespacing=1.1,
                  rotation=90 if rotated else 0)
    ax.xaxis.tick_top()
    ax.tick_params(axis="both", length=0, pad=4)
    for tick in ax.get_yticklabels():
        if tick.get_text() == labels.get("muted"):
            tick.set_color(MUTED)
            tick.set_fontstyle("italic")
    kinds = {basis for stated, analyst in cells.values()
             for basis, n in (("stated", stated), ("analyst", analyst)) if n}
    legend = [(Patch(facecolor=blue, edgecolor=blue, linewidth=0.8), labels["stated"])
              if basis == "stated" else
              (Patch(facecolor="white", edgecolor=blue, hatch=HATCH, linewidth=0.8), labels["analyst"])
              for basis in ("stated", "analyst") if basis in kinds]
    if named:
        legend.append((Line2D([], [], linestyle="none", marker="o", markersize=5, color=INK), labels["named"]))
    frame.legend(fig, [h for h, _ in legend], [label for _, label in legend])
    return fig


def draw_timeline(title: str, rows: list, words: dict) -> "Figure":
    """Dated events, a row each: rows are (start, precision index, number, label, end, precision,
    record). `words` holds the worded dates ("dates", one per row), the block of events dated
    only to a year ("block", two lines, by year) and the legend ("day", "month", "year")."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle
    from matplotlib.transforms import blended_transform_factory

    blue = PALETTE["blue"]
    label_size = SMALL_SIZE + 0.5
    # rows are laid out in inches: one-line labels get 0.21 in, two-line labels 0.31 in; when
    # that would make the chart taller than fits on an A4 page, every label gets one line
    labels = [fit(r[3], label_size, WIDTH_IN * 0.5, lines=2) for r in rows]
    heights = [0.31 if "\n" in label else 0.21 for label in labels]
    if sum(heights) > TIMELINE_MAX_BODY_IN:
        labels = [fit(r[3], label_size, WIDTH_IN * 0.5, lines=1) for r in rows]
        heights = [0.21] * len(rows)
    date_texts = words["dates"]
    label_in = max(text_width_in(label, label_size) for label in labels) * MEASURE_SLACK
    left = PAD_IN + label_in + 0.10
    centres = [sum(heights[:i]) + heights[i] / 2 for i in range(len(rows))]
    body = sum(heights)
    mark_h = 0.13
    frame = Frame(title, body_in=body + 0.08, bottom_in=0.42, legend=True, left_in=left, right_in=PAD_IN)
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
        c = text_width_in(text, SMALL_SIZE) * MEASURE_SLACK + gap_in + (0.04 if precision == "day" else 0)
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
                words["block"][rows[block[0]][0].year], ha="center",
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
    if per_month_in >= text_width_in("May", SMALL_SIZE) + 0.06:
        names = [MONTH_ABBR[d.month] for d in months][:len(mids)]
    elif per_month_in >= text_width_in("M", SMALL_SIZE) + 0.04:
        names = [MONTH_ABBR[d.month][0] for d in months][:len(mids)]
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
                       markeredgecolor="white", markeredgewidth=0.6), words["day"]),
        "month": (Patch(facecolor=blue, edgecolor=blue, linewidth=0.5), words["month"]),
        "year": (Patch(facecolor=PALE, edgecolor=blue, linewidth=0.7, linestyle=dash),
                 words["year"]),
    }
    present = [entries[p] for p in ("day", "month", "year") if any(r[5] == p for r in rows)]
    frame.legend(fig, [h for h, _ in present], [label for _, label in present])
    return fig


def draw_bars(title: str, bars: list[tuple[str, int]], extra: list[tuple[str, int]]) -> "Figure":
    blue = PALETTE["blue"]
    max_label_in = WIDTH_IN * 0.42
    labels = [wrap_to(label, TEXT_SIZE, max_label_in) for label, _ in bars + extra]
    label_in = max(text_width_in(label, TEXT_SIZE) for label in labels)
    two_lines = any("\n" in label for label in labels)
    row_h = 0.34 if two_lines else 0.27
    positions = list(range(len(bars))) + [len(bars) + 0.4 + k for k in range(len(extra))]
    body = row_h * (positions[-1] + 1)
    frame = Frame(title, body_in=body, bottom_in=PAD_IN, legend=False, left_in=PAD_IN + label_in + 0.10)
    fig = frame.figure()
    ax = frame.axes(fig)
    values = [v for _, v in bars + extra]
    colours = [blue] * len(bars) + [NONE_GREY] * len(extra)
    ax.barh(positions, values, height=0.62, color=colours, edgecolor="none", zorder=2)
    top = max(values)
    digits_in = text_width_in(str(top), TEXT_SIZE) + 0.12
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
