"""HTML fragments that briefs are made of: paragraphs, tables, ¶ links, headline figures, and
pandas DataFrames as brief tables. Notebooks display them; the brief template
(templates/brief) lays them out. Everything is escaped here, once."""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

# What a brief's cells say to the renderer beside what readers see: the brief's metadata (title,
# tables behind it) and "nothing to show here" (the renderer then leaves the section out).
META_MIMETYPE = "application/vnd.migration-briefs.meta+json"
EMPTY_MIMETYPE = "application/vnd.migration-briefs.empty+json"


@dataclass
class Fragment:
    """A piece of HTML that shows itself in Jupyter and in the brief."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


@dataclass
class SourceRef:
    """A citation of paragraphs of one source text. Each link is `<target><id>`: `target` is the
    full text's page and '#', where the paragraphs are numbered as the links cite them."""

    target: str
    paragraphs: list[tuple[str, int]] = field(default_factory=list)  # (id, position in the document)
    document: tuple = ()  # which document: the brief's Sources section quotes what its links cite


def paragraph_links(ref: SourceRef) -> str:
    """'¶ p9, ¶ p11–p14': a run of three or more neighbouring paragraphs becomes a range."""
    runs: list[list[tuple[str, int]]] = []
    for pid, position in ref.paragraphs:
        if runs and position == runs[-1][-1][1] + 1:
            runs[-1].append((pid, position))
        else:
            runs.append([(pid, position)])
    links = []
    for run in runs:
        groups = [run] if len(run) >= 3 else [[one] for one in run]
        for group in groups:
            first, last = group[0][0], group[-1][0]
            label = escape(first) if len(group) == 1 else f"{escape(first)}–{escape(last)}"
            links.append(f'<a href="{escape(ref.target)}{escape(first)}">¶&#160;{label}</a>')
    return ", ".join(links)


def quotation(source_paragraph) -> str:
    """A source paragraph's text as HTML, verbatim, with [sic] after each error it is marked with."""
    text = source_paragraph.text
    html = escape(text)
    for phrase in source_paragraph.sic:
        if phrase in text:
            html = html.replace(escape(phrase), f'{escape(phrase)} <span class="sic">[sic]</span>', 1)
    return html


def paragraph(text: str, css: str = "") -> str:
    """`text` is already HTML (callers escape data with `escape`)."""
    return f'<p class="{css}">{text}</p>' if css else f"<p>{text}</p>"


def table(caption: str, header: list[str], rows: list[list[str]], raw: bool = False,
          css: str = "brief-table", numeric: tuple[int, ...] | list[int] = ()) -> str:
    """A table with a caption and column headers; the first cell of each row heads the row and
    the columns in `numeric` are right-aligned. Cells are escaped unless `raw` (for cells that
    hold links built here)."""
    cell = (lambda v: str(v)) if raw else (lambda v: escape(str(v)))

    def css_of(j: int) -> str:
        return ' class="num"' if j in numeric else ""

    head = "".join(f'<th scope="col"{css_of(j)}>{escape(h)}</th>' for j, h in enumerate(header))
    body = "".join(
        "<tr>" + f'<th scope="row">{cell(row[0])}</th>'
        + "".join(f"<td{css_of(j)}>{cell(v)}</td>" for j, v in enumerate(row[1:], 1)) + "</tr>"
        for row in rows)
    return (f'<table class="{css}"><caption>{escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def key_figures(figures: list[tuple[int | str, str]], raw_labels: bool = False) -> str:
    """Headline figures; a zero says nothing a reader needs, so it is left out. Labels are
    escaped unless `raw_labels` (for labels that hold links built here)."""
    items = "".join(f'<div class="figure-item"><dt>{label if raw_labels else escape(label)}</dt>'
                    f"<dd>{escape(str(value))}</dd></div>" for value, label in figures if value)
    return f'<dl class="key-figures">{items}</dl>'


def dataframe_table(frame, caption: str = "") -> str:
    """A pandas DataFrame (or a Styler, whose caption and cell formats it keeps) as a brief
    table: one header row for a simple frame, the index as row headers unless it is the
    default 0, 1, 2, ..., and numbers right-aligned."""
    import pandas as pd
    from pandas.api.types import is_numeric_dtype
    from pandas.io.formats.style import Styler

    from migration_briefs.sanitise import MAX_TABLE_ROWS

    styler = frame if isinstance(frame, Styler) else None
    data = styler.data if styler is not None else frame
    if len(data) > MAX_TABLE_ROWS:  # one row too many is enough for the brief to refuse it, in bounded time
        styler, data = None, data.head(MAX_TABLE_ROWS + 1)
    caption = caption or (str(styler.caption) if styler is not None and styler.caption else "")
    shown = _styled_values(styler) if styler is not None else None
    numeric = [is_numeric_dtype(data[column]) for column in data.columns]
    plain_index = isinstance(data.index, pd.RangeIndex) and data.index.name is None and data.index.start == 0 \
        and data.index.step == 1
    head = "" if plain_index else f'<th scope="col">{escape(str(data.index.name or ""))}</th>'
    for column, is_number in zip(data.columns, numeric):
        label = " ".join(str(part) for part in column) if isinstance(column, tuple) else str(column)
        head += f'<th scope="col" class="num">{escape(label)}</th>' if is_number else \
            f'<th scope="col">{escape(label)}</th>'
    rows = []
    for r, (index, values) in enumerate(zip(data.index, data.itertuples(index=False, name=None))):
        cells = "" if plain_index else f'<th scope="row">{escape(_cell_text(index))}</th>'
        for c, (value, is_number) in enumerate(zip(values, numeric)):
            text = shown[r][c] if shown is not None else _cell_text(value)
            cells += f'<td class="num">{escape(text)}</td>' if is_number else f"<td>{escape(text)}</td>"
        rows.append(f"<tr>{cells}</tr>")
    caption_html = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (f'<table class="brief-table">{caption_html}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _cell_text(value) -> str:
    import math
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _styled_values(styler) -> list[list[str]]:
    """The cell texts a Styler displays, with the formats set by Styler.format."""
    translated = styler._translate(False, False)
    return [[str(cell.get("display_value", "")) for cell in row if cell.get("type") == "td"]
            for row in translated["body"]]
