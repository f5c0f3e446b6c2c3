"""What a reader sees of each cell of an executed brief notebook, in order.

The notebook is the document: its markdown cells are prose, its code cells' outputs are
tables and figures, and cell tags decide what a reader sees. The rules, which docs/notebooks.md
repeats:

* markdown cells, and ``display(Markdown(...))`` output, are rendered (CommonMark with tables,
  strikethrough, footnotes and bare URLs); ``##`` starts a section, ``###`` a subsection; a
  ``#`` heading is refused, because the brief's title is its only h1;
* code cells show their outputs, never their code: HTML (the library's fragments, pandas
  tables), Markdown and images; stream output and plain-text results are dropped, and an
  error fails the brief;
* a figure needs alt text, from a ``#| fig-alt:`` line at the top of its cell or from the
  output's metadata (``display(fig, metadata={"alt": "..."})``); ``#| fig-cap:`` adds a
  caption and ``#| tbl-cap:`` captions a table that has none;
* cell options and tags (model/cell_options.py): ``remove-cell`` hides a cell; a cell that
  ``#| eval: false`` (or ``skip-execution``) keeps from running, and one with ``#| output:
  false``, ``remove-output`` or ``#| include: false``, shows nothing; an option a brief cannot
  honour fails it, naming the cell; papermill's ``parameters`` and ``injected-parameters``
  cells never show;
* a section whose data cells all said "nothing to show" (the library displays
  ``EMPTY_MIMETYPE`` when a query finds nothing) is left out, heading and prose included, so a
  brief never shows a heading over nothing.
"""
from __future__ import annotations

import ast
import base64
import binascii
import re
import struct
from dataclasses import dataclass, field
from html import escape
from typing import Any

from migration_briefs.briefs.fragments import EMPTY_MIMETYPE, META_MIMETYPE
from migration_briefs.errors import BriefsError
from migration_briefs.model.cell_options import CellOptionError, CellOptions, read_options

HIDDEN_CELL_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell"})
IMAGE_MIMETYPES = ("image/png", "image/jpeg")

class CellError(BriefsError):
    """A cell cannot be shown to readers. `cell` is its 0-based index in the executed notebook;
    `message` says what is wrong and `fix` what to do, in one line each."""

    def __init__(self, cell: int | None, message: str, fix: str = ""):
        self.cell, self.message, self.fix = cell, message, fix
        super().__init__(f"{message}{f'; {fix}' if fix else ''}", reason=message, hint=fix)


def injected_names(cell) -> list[str]:
    """The names papermill's injected-parameters cell assigns."""
    try:
        tree = ast.parse(_text(cell.get("source", "")))
    except SyntaxError:
        return []
    return [target.id for node in tree.body if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name)]


# ------------------------------------------------------------------------------- markdown

class HeadingIds:
    """Ids for the brief's headings: a slug of the text, unique within the page."""

    def __init__(self, taken: set[str] | None = None):
        self.taken = set(taken or ())

    def new(self, text: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
        candidate, n = base, 2
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate


MARKDOWN_PLUGINS = ["table", "strikethrough", "footnotes", "url"]


def _markdown_parser():
    import mistune
    return mistune.create_markdown(renderer=None, plugins=MARKDOWN_PLUGINS)


class _BriefMarkdownRenderer:
    """mistune's HTML renderer with ids on headings and the brief's table class."""

    def __new__(cls, ids: HeadingIds):
        import mistune

        class Renderer(mistune.HTMLRenderer):
            def heading(self, text: str, level: int, **attrs) -> str:
                plain = re.sub(r"<[^>]+>", "", text)
                return f'<h{level} id="{ids.new(plain)}">{text}</h{level}>\n'

            def table(self, text: str) -> str:
                return f'<table class="brief-table">\n{text}</table>\n'

        renderer = Renderer(escape=False)
        mistune.create_markdown(renderer=renderer, plugins=MARKDOWN_PLUGINS)  # registers the plugins' renderers
        return renderer


def markdown_blocks(text: str, cell: int, ids: HeadingIds, kind: str = "markdown") -> list["Block"]:
    """Markdown as blocks of HTML: a new block at each level-2 heading, which starts a section."""
    parser = _markdown_parser()
    tokens, state = parser.parse(text)
    renderer = _BriefMarkdownRenderer(ids)
    groups: list[list[dict]] = [[]]
    for token in tokens:
        level = token.get("attrs", {}).get("level") if token["type"] == "heading" else None
        if level == 1:
            raise CellError(cell, "a '#' heading in markdown: the brief's title is its only top-level heading",
                            "use '##' for a section and '###' for a subsection")
        if level == 2:
            groups.append([])
        groups[-1].append(token)
    blocks = []
    for group in groups:
        if not group:
            continue
        # footnote ids carry the cell's number, so two cells' "[^1]" never share an id
        html = re.sub(r'(id="|href="#)fn(ref)?-', rf"\1fn\2-c{cell}-", renderer(group, state).strip())
        if not html:
            continue
        heading = re.match(r'<h2 id="([^"]+)"', html)
        blocks.append(Block(html, kind, cell, heading.group(1) if heading else None))
    return blocks


# -------------------------------------------------------------------------- HTML policy

def sanitised(block: "Block") -> list[str]:
    """Pass a block through the one sanitiser (sanitise.py): refuse what would change the brief,
    and return what was removed, one warning each."""
    from migration_briefs.sanitise import sanitise
    result = sanitise(block.html)
    if result.refused:
        raise CellError(block.cell, "the output contains " + "; ".join(result.refused),
                        "remove it from the cell's output")
    block.html = result.html
    return [f"removed {what}" for what in result.removed]


# ------------------------------------------------------------------------------- figures

def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height in CSS pixels, from the PNG's header and its pixels-per-metre chunk."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return None  # not a PNG: the sanitiser refuses it (images.py)
    width, height = struct.unpack(">II", data[16:24])
    dpi = 96.0
    at = 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"pHYs" and length == 9 and at + 17 <= len(data):
            per_metre, _, unit = struct.unpack(">IIB", data[at + 8:at + 17])
            if unit == 1 and per_metre:
                dpi = per_metre * 0.0254
            break
        if kind == b"IDAT":
            break
        at += 12 + length
    return round(width * 96 / dpi), round(height * 96 / dpi)


def figure_html(mimetype: str, data: str | list, alt: str, caption: str = "") -> str:
    """A figure output as the brief shows it; ValueError when its data is not base64 (what the
    data decodes to is checked by the sanitiser, as every image is)."""
    encoded = "".join(_text(data).split())
    try:
        decoded = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise ValueError(f"an {mimetype} output whose data is not base64") from None
    size = _png_size(decoded) if mimetype == "image/png" else None
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    caption_html = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (f'<figure class="chart"><img src="data:{mimetype};base64,{encoded}" alt="{escape(alt)}"{dims}>'
            f"{caption_html}</figure>")


def _alt_from(metadata: dict, mimetype: str) -> str:
    for where in (metadata, metadata.get(mimetype) or {}):
        if isinstance(where, dict) and str(where.get("alt") or "").strip():
            return str(where["alt"]).strip()
    return ""


# ------------------------------------------------------------------------------- tables

_PANDAS_TABLE = re.compile(r'<table border="1" class="dataframe"[^>]*>')


def table_html(html: str, caption: str) -> str:
    """A table output in the brief's style: pandas' own HTML (shown when the brief's formatter
    was not loaded) gets the brief's class, and `caption` fills a table that has none."""
    html = _PANDAS_TABLE.sub('<table class="brief-table">', html)
    html = re.sub(r'\sstyle="text-align: right;"', "", html)
    if caption and "<caption>" not in html:
        html = re.sub(r'(<table class="brief-table"[^>]*>)', rf"\1<caption>{escape(caption)}</caption>", html,
                      count=1)
    return html


# ------------------------------------------------------------------------------ blocks

@dataclass
class Block:
    """One piece of the brief: HTML from a markdown cell or an output, or an 'empty' marker."""

    html: str
    kind: str  # "markdown", "output" or "empty"
    cell: int
    heading: str | None = None  # the id of the h2 this block starts a section with


@dataclass
class Reading:
    """What readers see of a notebook: its blocks, and the brief's metadata output."""

    blocks: list[Block] = field(default_factory=list)
    meta: Any = None
    meta_cell: int | None = None
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (cell index, what was removed)


def _text(value: str | list) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def read_cells(cells: list) -> Reading:
    """Turn an executed notebook's cells into blocks, applying tags and cell options."""
    reading = Reading()
    ids = HeadingIds({"brief-title", "content", "sources-of-this-brief", "data-behind-this-brief"})
    for index, cell in enumerate(cells):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.get("cell_type") == "code":
            try:
                options = read_options(cell)
            except CellOptionError as exc:
                raise CellError(index, exc.problem, exc.hint) from None
            if options.evaluate:  # a cell that did not run has no error of its own
                _check_errors(cell, index)
        if tags & HIDDEN_CELL_TAGS:
            continue
        if cell.get("cell_type") == "markdown":
            reading.blocks += markdown_blocks(_text(cell.get("source", "")), index, ids)
            continue
        if cell.get("cell_type") != "code" or not options.shows_output:
            continue
        _read_outputs(cell, index, options, ids, reading)
    for block in reading.blocks:
        if block.kind != "empty":
            reading.warnings += [(block.cell, warning) for warning in sanitised(block)]
    return reading


def _check_errors(cell, index: int) -> None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            raised = output.get("ename") or "Error"
            if output.get("evalue"):
                raised += f": {output['evalue']}"
            raise CellError(index, f"the cell raised {raised}", "fix the cell or the data it reads")


def _read_outputs(cell, index: int, options: CellOptions, ids: HeadingIds, reading: Reading) -> None:
    images = [o for o in cell.get("outputs", []) if any(m in (o.get("data") or {}) for m in IMAGE_MIMETYPES)]
    for output in cell.get("outputs", []):
        if output.get("output_type") not in ("display_data", "execute_result"):
            continue
        data = output.get("data") or {}
        if META_MIMETYPE in data:
            if reading.meta is not None:
                raise CellError(index, f"a second title block (the first is in cell {reading.meta_cell + 1})",
                                "display the brief's title block once")
            reading.meta, reading.meta_cell = data[META_MIMETYPE], index
        elif EMPTY_MIMETYPE in data:
            reading.blocks.append(Block("", "empty", index))
        elif "text/html" in data:
            html = table_html(_text(data["text/html"]).strip(), options.tbl_cap)
            if html:
                reading.blocks.append(Block(html, "output", index))
        elif "text/markdown" in data:
            reading.blocks += markdown_blocks(_text(data["text/markdown"]), index, ids, kind="output")
        else:
            mimetype = next((m for m in IMAGE_MIMETYPES if m in data), None)
            if mimetype is None:
                continue  # plain text results (reprs, memory addresses) say nothing to readers
            alt = _alt_from(output.get("metadata") or {}, mimetype)
            if not alt and len(images) == 1:
                alt = options.fig_alt.strip()
            if not alt:
                raise CellError(index, "a figure without alt text",
                                "add a line '#| fig-alt: <what the figure shows, with its numbers>' at the top "
                                "of the cell" if len(images) == 1 else
                                "give each figure its alt text: display(fig, metadata={'alt': '...'})")
            caption = options.fig_cap if len(images) == 1 else ""
            try:
                figure = figure_html(mimetype, data[mimetype], alt, caption)
            except ValueError as exc:
                raise CellError(index, str(exc), "display the figure itself: display(fig)") from None
            reading.blocks.append(Block(figure, "output", index))


def assemble(blocks: list[Block]) -> str:
    """The brief's body: each level-2 heading opens a <section>; a section whose data cells all
    said 'nothing to show' is left out with its heading and prose."""
    sections: list[list[Block]] = [[]]
    for block in blocks:
        if block.heading:
            sections.append([])
        sections[-1].append(block)
    parts = []
    for section in sections:
        has_output = any(b.kind == "output" for b in section)
        if any(b.kind == "empty" for b in section) and not has_output:
            continue
        body = "\n".join(b.html for b in section if b.kind != "empty")
        if not body:
            continue
        if section[0].heading:
            parts.append(f'<section class="brief-section" aria-labelledby="{section[0].heading}">\n{body}\n'
                         "</section>")
        else:
            parts.append(body)
    return "\n".join(parts)
