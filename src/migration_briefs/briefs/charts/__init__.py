"""Charts for the briefs, drawn the same way every time, and only where they show what a
sentence or a table cannot.

Every function takes records from a `Dataset` query and the `Reference`, and returns a `Chart`:
the figure (embedded in briefs as a 200 dpi PNG; `Chart.svg` gives it as vector text), alt text
that states what the chart shows and what it finds (with the numbers, because an image's words
cannot be read aloud), a title that states the finding, and a caption that says how to read the
chart and where the data comes from, never repeating the title. `Chart.html()` gives a
``<figure>`` for the brief; in Jupyter a Chart displays itself.

    coverage_matrix(records, reference, rows=..., goal=..., named=...)   rows x SDG targets
    timeline(events, reference, by_agency=..., name_sources=...)        events on a time axis
    counts_by(records, field, reference)                                items by kind, approach or group
    agencies_by_goal(records, reference, named=...)                     agencies x SDG goals or targets
    agencies_per(records, field, reference, planned=...)                agencies per mechanism or country
    events_by_month(events, year, reference, planned=...)               dated events per month of a year

The package keeps the three jobs apart: the functions here compute what a chart shows and the
facts of its finding; its words (titles, captions, alt text, legends and labels) are templates in
notebooks/charts.yaml, which any kind of brief may reword in its own words file (`words`: the
brief's `Words`; by default the project's charts.yaml alone); layout.py and draw.py draw, when the
figure is first needed.

When a chart is not worth drawing the functions return ``None``, and a brief says what it
has to say in words. The rule, one line per chart:

* a timeline needs at least three events dated to the month or the day (``MIN_DATED_EVENTS``):
  events known only by their year say nothing a list cannot;
* a bar chart needs at least four categories whose counts are not all within one of each
  other (``MIN_BARS``): otherwise one sentence ("three items each ...") says it as well;
* a coverage matrix needs at least six rows and three columns (``MIN_MATRIX``); given a
  ``goal`` it holds that goal's targets only;
* a chart across agencies needs at least ``MIN_AGENCIES`` agencies: with fewer, the brief's one
  line per agency says it; a chart by month needs ``MIN_DATED_EVENTS`` events dated to the month
  in at least ``MIN_MONTHS`` months;
* a caption never repeats its title.

Invalid arguments (an unknown ``rows`` or ``field``) raise ``ValueError``.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from typing import Iterable, Sequence

from migration_briefs.briefs.charts.draw import draw_bars, draw_matrix, draw_timeline
from migration_briefs.briefs.charts.layout import (
    FONT,
    NAMED_MARK,
    PALETTE,
    PNG_DPI,
    SMALL_SIZE,
    STYLE_FILE,
    TEXT_SIZE,
    TITLE_SIZE,
    Chart,
    _style,
)
from migration_briefs.briefs.prose import format_date, join
from migration_briefs.dates import date_span
from migration_briefs.model.dataset import PLANNED, EventRecord, ItemRecord, goal_of
from migration_briefs.model.reference import Reference, sdg_sort_key

__all__ = ["Chart", "STYLE_FILE", "PALETTE", "coverage_matrix", "timeline", "counts_by", "event_label",
           "date_span", "agencies_by_goal", "agencies_per", "events_by_month", "FONT", "NAMED_MARK", "PNG_DPI",
           "SMALL_SIZE", "TEXT_SIZE", "TITLE_SIZE", "_style"]

MIN_DATED_EVENTS = 3   # a timeline needs this many events dated to the month or the day
MIN_BARS = 4           # a bar chart needs this many categories, not all within one of each other
MIN_MATRIX = (6, 3)    # a coverage matrix needs this many rows and columns
MIN_AGENCIES = 4       # a chart across agencies needs this many agencies
MIN_MONTHS = 3         # events by month need events in this many months
MAX_BARS = 15          # bars beyond this many are named in the alt text and counted in the caption
MAX_TIMELINE_EVENTS = 20  # more events than this are counted by month: one row each would fill pages
ALT_MAX_AGENCIES = 10  # alt text across agencies details each agency's row up to this many agencies
ALT_BUDGET = 1000      # alt text across agencies aims to stay within this many characters (a screen reader reads it all)

_MONTH_NAME = list(calendar.month_name)
PRECISIONS = ("year", "month", "day")


# --- words ---------------------------------------------------------------------------------------

class _Say:
    """A chart's words: `say(key, **facts)` gives plain text (Chart and the drawing escape it)."""

    def __init__(self, words, chart: str):
        if words is None:
            from migration_briefs.briefs.words import Words
            words = Words.of(None)
        self.words, self.chart = words, chart

    def __call__(self, key: str, **facts) -> str:
        return self.words.say(f"{self.chart}.{key}" if self.chart else key, **facts).unescape()

    def shared(self, key: str, **facts) -> str:
        return self.words.say(key, **facts).unescape()


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


def _months_phrase(months: list[tuple[int, int]]) -> str:
    """[(2016, 8), (2016, 11), (2017, 2)] -> 'August and November 2016 and February 2017'."""
    by_year: dict[int, list[str]] = {}
    for year, month in sorted(months):
        by_year.setdefault(year, []).append(_MONTH_NAME[month])
    return join([f"{join(names)} {year}" for year, names in by_year.items()])


def _sources(say: _Say, contributions: Iterable, reference: Reference) -> str:
    """'Source: UN Women, Contribution to ... (2017).' for the papers a chart draws on."""
    seen: dict[tuple, str] = {}
    for c in contributions:
        agency = reference.agencies.get(c.agency)
        seen[(c.agency, c.year, c.title)] = say.shared("labels.paper", agency=agency.abbreviation if agency else c.agency,
                                                       title=c.title.rstrip("."), year=c.year)
    papers = [seen[key] for key in sorted(seen)]
    return say.shared("labels.sources", papers=papers) if papers else ""


def _sdg_label(say: _Say, code: str) -> str:
    """'Goal 5' or 'Target 10.7'."""
    return say.shared("labels.target" if "." in code else "labels.goal", code=code)


def _sdg_long_label(say: _Say, code: str, reference: Reference) -> str:
    goal = reference.goals.get(code) if "." not in code else None
    return say.shared("labels.goal_long", code=code, short=goal.short) if goal else _sdg_label(say, code)


def _agency_label(code: str, reference: Reference) -> str:
    agency = reference.agencies.get(code)
    return agency.abbreviation if agency else code


def _mechanism_label(say: _Say, code: str | None, reference: Reference) -> str:
    if code is None:
        return say.shared("labels.no_mechanism")
    mechanism = reference.mechanisms.get(code)
    return mechanism.abbreviation if mechanism else code


def _matrix_labels(say: _Say, columns: list[str], reference: Reference, source: str) -> dict:
    return {"heads": {code: _sdg_label(say, code) for code in columns},
            "goals": {code: reference.goals[code].short for code in columns if "." not in code and code in reference.goals},
            "muted": say.shared("labels.no_mechanism"), "stated": say.shared("legend.stated", source=source),
            "analyst": say.shared("legend.analyst"), "named": say.shared("legend.named", source=source)}


# --- 1. coverage matrix ---------------------------------------------------------------------

def coverage_matrix(records: Sequence[ItemRecord], reference: Reference, rows: str = "mechanisms",
                    goal: str | None = None, named: Iterable[str] = (), words=None) -> Chart | None:
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
    say = _Say(words, "matrix")
    in_scope = (lambda code: "." in code and code.split(".")[0] == str(goal)) if goal else (lambda code: True)
    linked = [r for r in records if any(in_scope(code) for code in r.sdg_codes)]
    columns = sorted({code for r in linked for code in r.sdg_codes if in_scope(code)}, key=sdg_sort_key)
    named = {code for code in named if code in columns}

    # rows: (key, label, records)
    if rows == "mechanisms":
        found = {m for r in linked for m in r.mechanisms}
        order = [m for m in reference.mechanisms if m in found] + sorted(found - set(reference.mechanisms))
        row_defs = [(m, _mechanism_label(say, m, reference), [r for r in linked if m in r.mechanisms]) for m in order]
        without = [r for r in linked if not r.mechanisms]
        if without:
            row_defs.append((None, _mechanism_label(say, None, reference), without))
    else:
        row_defs = [(r.key, r.item.title, [r]) for r in linked]
    if len(row_defs) < MIN_MATRIX[0] or len(columns) < MIN_MATRIX[1]:
        return None

    cells: dict[tuple[int, int], tuple[int, int]] = {}  # (stated, analyst)
    for i, (_, _, members) in enumerate(row_defs):
        for j, code in enumerate(columns):
            bases = [r.basis(code) for r in members if code in r.sdg_codes]
            if bases:
                cells[(i, j)] = (bases.count("stated"), bases.count("analyst"))

    n_items = len(linked)
    column_items = {code: [r for r in linked if code in r.sdg_codes] for code in columns}
    links = [(r, code) for r in linked for code in r.sdg_codes if code in columns]
    title = None
    if rows == "mechanisms":
        reach = {label: sum(1 for j in range(len(columns)) if (i, j) in cells)
                 for i, (key, label, _) in enumerate(row_defs) if key is not None}
        if reach:
            best = max(reach.values())
            leaders = [label for label, n in reach.items() if n == best]
            title = say("title_mechanisms", leaders=leaders, best=best, columns=len(columns),
                        every_one=len(leaders) == len(reach))
    if title is None:
        best = max(len(v) for v in column_items.values())
        title = say("title_columns", best=best, items=n_items,
                    leaders=[_sdg_long_label(say, code, reference) for code, v in column_items.items() if len(v) == best])
    named_sentence = say("named", mark=NAMED_MARK, named=[_sdg_label(say, c) for c in sorted(named, key=sdg_sort_key)]) \
        if named else ""
    ties = say("ties", links=len(links), analyst=sum(1 for r, code in links if r.basis(code) == "analyst"))
    parts = []
    for i, (key, label, members) in enumerate(row_defs):
        full = members[0].item.title if rows == "items" else \
            (key and reference.mechanisms.get(key) and reference.mechanisms[key].abbreviation) or label
        entries = [say("entry_item" if rows == "items" else "entry_count", label=_sdg_label(say, code),
                       stated=cells[(i, j)][0], analyst=cells[(i, j)][1])
                   for j, code in enumerate(columns) if (i, j) in cells]
        parts.append(say("row", label=full, entries=entries))
    alt = say("alt", rows=len(row_defs), by=rows, columns=len(columns), items=n_items, title=title,
              ties=ties, named=named_sentence, parts=parts)
    caption = say("caption", stated=any(s for s, _ in cells.values()), analyst=any(a for _, a in cells.values()),
                  counts=rows == "mechanisms", split=rows == "mechanisms" and any(s and a for s, a in cells.values()),
                  named=named_sentence, sources=_sources(say, [r.contribution for r in linked], reference))
    labels = _matrix_labels(say, columns, reference, say("source"))

    def draw():
        return draw_matrix(title, row_defs, columns, cells, labels, counts=rows == "mechanisms", named=named)
    return Chart(alt=alt, title=title, caption=caption, draw=draw)


# --- 2. timeline --------------------------------------------------------------------------

def event_label(event, reference: Reference, qualify: bool = False, words=None) -> str:
    """An event's title with what the title leaves out: 'GMG meeting 1: Understanding ...'
    for a numbered event, and the kind, mechanism and session when `qualify` (several
    events share the title)."""
    say = _Say(words, "labels")
    mechanism = reference.mechanisms.get(event.mechanism) if event.mechanism else None
    abbreviation = mechanism.abbreviation if mechanism else event.mechanism
    kind_term = reference.vocabulary("event_kinds").get(event.kind)
    kind = kind_term.label if kind_term else event.kind.replace("-", " ").capitalize()
    if event.number is not None:
        if abbreviation and event.title.startswith(abbreviation):
            return event.title
        return say("numbered_event", mechanism=abbreviation or "", kind=_in_sentence(kind) if abbreviation else kind,
                   number=event.number, title=event.title)
    if qualify:
        return say("qualified_event", kind=kind, mechanism=abbreviation or "", session=event.session or "",
                   place=event.place or "", title=event.title)
    return event.title


def timeline(events: Sequence[EventRecord], reference: Reference, by_agency: bool = False,
             name_sources: bool = True, words=None) -> Chart | None:
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
    say = _Say(words, "timeline")

    def whose(record: EventRecord) -> tuple:
        # with the agency named, only one agency's events that share a title need telling apart
        return (record.record.agency if by_agency else None, record.event.title)

    titles = Counter(whose(record) for record in events)
    rows = []
    for record in events:
        event = record.event
        start, end, precision = date_span(event.date)
        label = event_label(event, reference, qualify=titles[whose(record)] > 1, words=say.words)
        if by_agency:
            label = say("agency_event", agency=_agency_label(record.record.agency, reference), label=label)
        rows.append((start, PRECISIONS.index(precision), event.number or 0, label, end, precision, record))
    rows.sort(key=lambda r: r[:2])  # stable: events that share a date keep the document's order

    counts = Counter(r[5] for r in rows)
    monthly = Counter((r[0].year, r[0].month) for r in rows if r[5] != "year")
    first, last = min(r[0] for r in rows), max(r[4] for r in rows) - dt.timedelta(days=1)
    period = say("period", whole_years=(first.month, last.month) == (1, 12),
                 one_month=(first.year, first.month) == (last.year, last.month), first_year=first.year,
                 last_year=last.year, first_month=_MONTH_NAME[first.month], last_month=_MONTH_NAME[last.month])
    n, dated = len(rows), len(rows) - counts["year"]
    best = max(monthly.values())
    leaders = sorted(m for m, k in monthly.items() if k == best)
    title = say("title", by_agency=by_agency, events=n, dated=dated, best=best, leaders=len(leaders),
                months=_months_phrase(leaders), few=n <= 3 and not counts["year"],
                dates=[format_date(r[6].event.date) for r in rows])
    dates = [format_date(r[6].event.date, short=True) for r in rows]
    alt = say("alt", events=n, period=period, title=title, day=counts["day"], month=counts["month"],
              year=counts["year"], listing=[say("alt_entry", date=date, label=r[3]) for date, r in zip(dates, rows)])
    caption = say("caption", by_agency=by_agency,
                  sources=_sources(say, [r[6].record.contribution for r in rows], reference) if name_sources else "")
    labels = {"dates": dates, "day": say("legend_day"), "month": say("legend_month"), "year": say("legend_year"),
              "block": {year: f"{say('block_first', year=year)}\n{say('block_second', year=year)}"
                        for year in {r[0].year for r in rows}}}

    def draw():
        return draw_timeline(title, rows, labels)
    return Chart(alt=alt, title=title, caption=caption, draw=draw)


# --- 3. counts ------------------------------------------------------------------------------

#: field -> (vocabulary, several values per item?)
FIELDS = {
    "kind": ("item_kinds", False),
    "mainstreaming": ("mainstreaming", True),
    "groups": ("groups", True),
}


def counts_by(records: Sequence[ItemRecord], field: str, reference: Reference,
              name_sources: bool = True, words=None) -> Chart | None:
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
    say = _Say(words, "counts")
    none = sum(1 for vs in values.values() if not vs)
    position = {code: i for i, code in enumerate(vocabulary)}
    order = sorted(counts, key=lambda c: (-counts[c], position.get(c, len(position)), c))
    labels = [vocabulary[c].label if c in vocabulary else c for c in order]
    n = len(records)
    best = counts[order[0]]
    leaders = [label for label, code in zip(labels, order) if counts[code] == best]
    years = sorted({r.item.year for r in records})
    what = say(f"what.{field}")
    # a year of plans is told as plans, one of work done and plans as both (the statuses are ours)
    title = say("title", field=field, leaders=len(leaders), listing=_listing(leaders), best=best, items=n,
                planned=sum(1 for r in records if r.item.status == PLANNED), first_year=years[0], last_year=years[-1])
    bars = [say("bar", label=label, count=counts[code]) for label, code in zip(labels, order)]
    if multi and none:
        bars.append(say("bar_none", count=none))
    several = multi and sum(counts.values()) > n
    alt = say("alt", items=n, what=what, bars=bars, title=title, several=several)
    caption = say("caption", what=what, items=n, several=several, none=multi and bool(none),
                  sources=_sources(say, [r.contribution for r in records], reference) if name_sources else "")
    extra = [(say.shared("labels.none_recorded"), none)] if multi and none else []
    drawn = list(zip(labels, [counts[c] for c in order]))

    def draw():
        return draw_bars(title, drawn, extra)
    return Chart(alt=alt, title=title, caption=caption, draw=draw)


# --- 4. across agencies ----------------------------------------------------------------------

def agencies_by_goal(records: Sequence[ItemRecord], reference: Reference, goal: str | None = None,
                     named: dict[str, set[str]] | None = None, words=None) -> Chart | None:
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
    say = _Say(words, "agencies_by_goal")

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
    reach = {code: [cells[(i, j)] for i in range(len(agencies)) if (i, j) in cells] for j, code in enumerate(columns)}
    by_paper = {code: sum(1 for s, _ in found if s) for code, found in reach.items()}
    best = max(len(found) for found in reach.values())
    leading = [code for code in columns if len(reach[code]) == best]
    n = len(agencies)
    title = say("title", leading=[_sdg_long_label(say, code, reference) for code in leading], best=best, agencies=n,
                by_paper=[by_paper[c] for c in leading], goal=bool(goal))
    links = [(r, code) for r in linked for code in codes_of[r.key]]
    stated = sum(1 for r, code in links if basis(r, code) == "stated")
    marked = sum(1 for _, label, _ in row_defs if label.endswith(NAMED_MARK))
    counts_sentence = say("counts", links=len(links), stated=stated, goal=bool(goal))
    named_sentence = say("named", mark=NAMED_MARK, goal=goal or "", marked=marked, agencies=n) if marked else ""
    columns_text = [say("column", label=_sdg_label(say, code), agencies_tied=len(reach[code]),
                        items=sum(s + a for s, a in reach[code]), stated=sum(s for s, _ in reach[code]))
                    for code in columns]
    rows_text = [say("row", agency=_agency_label(agency, reference),
                     entries=[say.shared("matrix.entry_count", label=_sdg_label(say, code), stated=cells[(i, j)][0],
                                         analyst=cells[(i, j)][1]) for j, code in enumerate(columns) if (i, j) in cells])
                 for i, (agency, _, _) in enumerate(row_defs)] if n <= ALT_MAX_AGENCIES else []
    alt = say("alt", agencies=n, columns=len(columns), goal=bool(goal), title=title, counts=counts_sentence,
              by_column=columns_text, by_agency=rows_text)
    caption = say("caption", goal=bool(goal), counts=counts_sentence, named=named_sentence)
    labels = _matrix_labels(say, columns, reference, say("source"))
    tall = n > 20

    def draw():
        return draw_matrix(title, row_defs, columns, cells, labels, counts=True, named=set(),
                           row_in=0.19 if tall else None)
    return Chart(alt=alt, title=title, caption=caption, tall=tall, draw=draw)


#: field -> the words' key for what a bar is
AGENCY_FIELDS = ("mechanisms", "countries")


def agencies_per(records: Sequence[ItemRecord], field: str, reference: Reference,
                 in_country=None, planned: bool = False, words=None) -> Chart | None:
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
    say = _Say(words, f"agencies_per.{field}")

    def label(code: str) -> str:
        if field == "mechanisms":
            return _mechanism_label(say, code, reference)
        country = reference.countries.get(code)
        return country.name if country else code

    order = sorted(counts, key=lambda c: (-counts[c], label(c)))
    shown, rest = order[:MAX_BARS], order[MAX_BARS:]
    best = counts[order[0]]
    leaders = [label(c) for c in order if counts[c] == best]
    nouns = {"one": say("one"), "many": say("many")}
    title = say("title", leaders=leaders, best=best, agencies=n, planned=planned, **nouns)
    listing = [say.shared("agencies_per.bar", label=label(c), count=counts[c]) for c in shown]
    facts = {"agencies": n, "planned": planned, "listing": listing, "title": title, **nouns}
    alt = say("alt", **facts, more=0, names=[])
    bars_note = ""
    if rest:
        more = {"more": len(rest), "most": max(counts[c] for c in rest), "varied": len({counts[c] for c in rest}) > 1}
        more["with_agencies"] = say.shared("agencies_per.with_agencies", **more)
        named_alt = say("alt", **facts, **more, names=[label(c) for c in rest])
        alt_named = len(named_alt) <= ALT_BUDGET
        alt = named_alt if alt_named else say("alt", **facts, **more, names=[])
        bars_note = say.shared("agencies_per.not_drawn", **more, **nouns, alt_named=alt_named)
    caption = say("caption", planned=planned, not_drawn=bars_note)
    drawn = [(label(c), counts[c]) for c in shown]

    def draw():
        return draw_bars(title, drawn, [])
    return Chart(alt=alt, title=title, caption=caption, draw=draw)


def events_by_month(events: Sequence[EventRecord], year: int, reference: Reference,
                    planned: bool = False, words=None) -> Chart | None:
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
    say = _Say(words, "events_by_month")
    best = max(months.values())
    leaders = [_MONTH_NAME[m] for m in range(1, 13) if months[m] == best]
    title = say("title", leaders=leaders, year=year, best=best, dated=len(dated), planned=planned)
    listing = [say("bar", month=_MONTH_NAME[m], count=months[m]) for m in range(1, 13)]
    alt = say("alt", dated=len(dated), year=year, planned=planned, agencies=len({e.record.agency for e in dated}),
              listing=listing, title=title)
    caption = say("caption", year=year, planned=planned, only_year=len(only_year))
    drawn = [(_MONTH_NAME[m], months[m]) for m in range(1, 13)]

    def draw():
        return draw_bars(title, drawn, [])
    return Chart(alt=alt, title=title, caption=caption, draw=draw)
