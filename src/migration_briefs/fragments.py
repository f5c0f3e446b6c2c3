"""HTML fragments that briefs are made of. Notebooks display them; the brief template
(templates/brief) lays them out. Everything is escaped here, once."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


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
    """A citation of paragraphs of one source text. Links go to `#<anchor>-<id>`, the
    paragraph's quotation in the brief's Sources section, so they work in a PDF read on its
    own; that quotation links on to the full source document."""

    anchor: str
    paragraphs: list[tuple[str, int]] = field(default_factory=list)  # (id, position in the document)


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
            links.append(f'<a href="#{escape(ref.anchor)}-{escape(first)}">¶&#160;{label}</a>')
    return ", ".join(links)


def source_note(refs: list[SourceRef], lead: str = "Source") -> str:
    links = "; ".join(paragraph_links(ref) for ref in refs if ref.paragraphs)
    if not links:
        return ""
    return f'<p class="source-note">{escape(lead)}: {links}.</p>'


def section(heading: str, body: str, refs: list[SourceRef] | None = None, note: str = "") -> Fragment:
    anchor = slug(heading)
    parts = [f'<section class="brief-section" aria-labelledby="{anchor}">',
             f'<h2 id="{anchor}">{escape(heading)}</h2>', body]
    if note:
        parts.append(f'<p class="source-note">{note}</p>')
    if refs:
        parts.append(source_note(refs))
    parts.append("</section>")
    return Fragment("\n".join(p for p in parts if p))


def paragraph(text: str, css: str = "") -> str:
    """`text` is already HTML (callers escape data with `escape`)."""
    return f'<p class="{css}">{text}</p>' if css else f"<p>{text}</p>"


def table(caption: str, header: list[str], rows: list[list[str]], raw: bool = False,
          css: str = "brief-table") -> str:
    """A table with a caption and column headers; the first cell of each row heads the row.
    Cells are escaped unless `raw` (for cells that hold links built here)."""
    cell = (lambda v: str(v)) if raw else (lambda v: escape(str(v)))
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + f'<th scope="row">{cell(row[0])}</th>' + "".join(f"<td>{cell(v)}</td>" for v in row[1:]) + "</tr>"
        for row in rows)
    return (f'<table class="{css}"><caption>{escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def key_figures(figures: list[tuple[int | str, str]]) -> str:
    """Headline figures; a zero says nothing a reader needs, so it is left out."""
    items = "".join(f'<div class="figure-item"><dt>{escape(label)}</dt><dd>{escape(str(value))}</dd></div>'
                    for value, label in figures if value)
    return f'<dl class="key-figures">{items}</dl>'


def tags(labels: list[str], label: str) -> str:
    if not labels:
        return ""
    items = "".join(f"<li>{escape(t)}</li>" for t in labels)
    return f'<ul class="tags" aria-label="{escape(label)}">{items}</ul>'
