"""A brief as a Word document (.docx), made from its HTML page: the same brief, as the PDF is.

Written with python-docx rather than pandoc (pypandoc-binary). python-docx is pure Python and
already pinned (it reads papers); pandoc would bring a 30 MB program into every environment and
every cluster worker, and would still need the page cut down to what a document holds and run
sandboxed so that it fetches nothing. The page is our own HTML, every fragment of it through
sanitise.py's allow-list, so the writer below knows each element a brief can hold:

* the masthead as the PDF prints it: the title (style Title), subtitle, who prepared it from
  what, the link to the brief online; not the skip link, not the link to the PDF (print hides
  both), nor text hidden from the eye (``visually-hidden``);
* the body in order: ``<h2>``-``<h6>`` as Heading 1-5, paragraphs, lists (numbered where the page
  numbers them; lists the page shows without markers as plain paragraphs), description lists,
  quotations, tables (header rows repeated on each page, spans merged, the caption above as a
  Caption and as the table's alt text), figures (the picture with its alt text, the caption
  under it), links as hyperlinks (the ¶ references to the source pages, relative as in the PDF;
  a link inside the brief to a bookmark), and the footer with the disclaimer.

Nothing is fetched: a picture is embedded only when its ``src`` is a data: image that images.py
accepts (the brief's own figures); any other image is its alt text. A link keeps its address
only when it is http, https, mailto, relative or ``#``; any other is its text.

Reproducible: the document's properties are the page's (title, publisher as author, subject,
keywords, description, language) and its dates the edition's (``dcterms.date``), never the
clock's; python-docx's template thumbnail is dropped; the zip is written with fixed times and
attributes, its parts in python-docx's fixed order.
"""
from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from typing import Any

from nbconvert.exporters import Exporter
from traitlets import default

from migration_briefs.images import data_uri_image
from migration_briefs.render.exporters import BriefHTMLExporter, BriefRenderError, _as_notebook, standalone_links

__all__ = ["BriefDocxExporter", "DOCX_MIMETYPE", "MAX_COLUMNS", "UNMARKED_LISTS", "export_docx", "html_to_docx"]

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Word holds at most 63 columns in a table.
MAX_COLUMNS = 63
# Lists brief.css shows without markers (list-style: none): their items are plain paragraphs.
UNMARKED_LISTS = frozenset({"key-figures", "tags", "fact-sources", "outside-sources"})
# What print hides (brief.css, @media print) and what no one sees: left out of the document.
HIDDEN_CLASSES = frozenset({"skip-link", "format-pdf", "visually-hidden"})
_SMALL_CLASSES = frozenset({"source-note", "citation", "outside-sources", "fact-sources", "brief-data", "brief-built",
                            "item-facts", "brief-disclaimer"})
_MUTED = "4D4D4D"  # brief.css --muted
_ACCENT = "0A5C8F"  # brief.css --accent: links
_DRAFT = "AA0000"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no clock in the file
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"})
_SKIPPED = frozenset({"head", "script", "style", "template", "title", "meta", "link", "col", "colgroup"})
_LINK_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"[ \t\n\r\f]+")
_CSS_PX_EMU = 9525  # EMUs in a CSS pixel (1/96 inch)


def _libraries():
    """python-docx and lxml, or one sentence naming the optional part that holds them."""
    try:
        import docx
        from lxml import html as lxml_html
    except ImportError as exc:
        from migration_briefs.extras import MissingPartError
        raise MissingPartError("build --to docx", "docx", [exc.name or "python-docx"]) from None
    return docx, lxml_html


def html_to_docx(html: str) -> bytes:
    """The brief's HTML page (export_brief's) as the bytes of a Word document, its links those of
    a file sent on its own (exporters.standalone_links)."""
    docx, lxml_html = _libraries()
    page = lxml_html.document_fromstring(standalone_links(html, ".docx"))
    writer = _Writer(docx.Document(), page)
    writer.write()
    stream = io.BytesIO()
    writer.document.save(stream)
    return _fixed_zip(stream.getvalue())


def export_docx(nb, name: str | None = None) -> bytes:
    """The brief as the bytes of a Word document (a notebook node, dict or .ipynb path)."""
    docx, _ = BriefDocxExporter().from_notebook_node(_as_notebook(nb),
                                                     resources={"metadata": {"name": name}} if name else None)
    return docx


class BriefDocxExporter(Exporter):
    """A brief as a Word document, written from the same HTML as the page
    (``jupyter nbconvert --to brief_docx``; the tables behind it as CSV beside it, as the others)."""

    export_from_notebook = "Brief Word"
    output_mimetype = DOCX_MIMETYPE

    @default("file_extension")
    def _file_extension_default(self):
        return ".docx"

    def from_notebook_node(self, nb, resources=None, **kw):
        html, resources = BriefHTMLExporter(parent=self).from_notebook_node(nb, resources=resources, **kw)
        resources["output_extension"] = self.file_extension
        return html_to_docx(html), resources


# python-docx's template says Word for the Mac wrote it, one page and no words: our document
# says what wrote it and leaves the counts to the program that opens it (every element is optional)
_APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            b"<Application>migration-briefs (python-docx)</Application></Properties>")


def _fixed_zip(data: bytes) -> bytes:
    """The same zip, each entry with a fixed time, fixed attributes and the same compression, and
    its extended properties (docProps/app.xml) our own."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # ZipInfo says 0 on Windows, 3 elsewhere: the same bytes everywhere
            info.external_attr = 0o644 << 16
            target.writestr(info, _APP_XML if entry.filename == "docProps/app.xml" else source.read(entry))
    return out.getvalue()


# ------------------------------------------------------------------------------ the writer

@dataclass(frozen=True)
class _Format:
    """How a run of text is set."""

    bold: bool = False
    italic: bool = False
    mono: bool = False
    superscript: bool = False
    subscript: bool = False
    strike: bool = False
    underline: bool = False
    highlight: bool = False
    small: bool = False
    color: str | None = None
    link: Any = None  # the <w:hyperlink> its runs go into


@dataclass
class _Marker:
    """A list item's number or bullet, given to its first paragraph only."""

    num_id: int | None
    level: int
    used: bool = False


@dataclass(frozen=True)
class _Block:
    """How the paragraphs of a block are set: their style, indentation, alignment, the list item
    they start, and the format of their text."""

    style: str | None = None
    indent: int = 0  # levels of 0.25 inch
    align: str | None = None
    marker: _Marker | None = None
    fmt: _Format = field(default_factory=_Format)
    keep_with_next: bool = False


class _Cell:
    """A table cell as a place for paragraphs: its first paragraph is the one Word requires."""

    def __init__(self, cell):
        self.cell, self.fresh = cell, True

    def add_paragraph(self):
        if self.fresh:
            self.fresh = False
            return self.cell.paragraphs[0]
        return self.cell.add_paragraph()

    def add_table(self, rows: int, cols: int):
        self.fresh = False
        return self.cell.add_table(rows, cols)


class _Paragraph:
    """A paragraph made on its first word: whitespace alone makes none. Spaces collapse as HTML's
    do, and none starts or ends the paragraph."""

    def __init__(self, writer: "_Writer", container, block: _Block, preserve: bool = False):
        self.writer, self.container, self.block, self.preserve = writer, container, block, preserve
        self.paragraph = None
        self.space = True  # the text so far ends in a space (or there is none yet)
        self.last_run = None

    def made(self):
        if self.paragraph is None:
            self.paragraph = self.writer.new_paragraph(self.container, self.block)
        return self.paragraph

    def text(self, text: str, fmt: _Format) -> None:
        text = _NOT_XML.sub("", text)
        if not self.preserve:
            text = _SPACE.sub(" ", text)
            if self.space:
                text = text.lstrip(" ")
        if not text:
            return
        if self.preserve:
            lines = text.split("\n")
            for number, line in enumerate(lines):
                if number:
                    self.run(fmt).add_break()
                if line:
                    self.run(fmt).text = line
        else:
            self.run(fmt).text = text
        self.space = text.endswith(" ")

    def run(self, fmt: _Format):
        run = self.writer.new_run(self.made(), fmt)
        self.last_run = run
        return run

    def finish(self) -> None:
        if self.last_run is not None and not self.preserve and self.last_run.text.endswith(" "):
            self.last_run.text = self.last_run.text.rstrip(" ")


class _Writer:
    def __init__(self, document, page):
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, RGBColor
        from docx.text.run import Run
        self.document, self.page = document, page
        self.OxmlElement, self.qn, self.RGBColor, self.Run = OxmlElement, qn, RGBColor, Run
        self.lang = (page.get("lang") or "en").strip()
        self.rtl = (page.get("dir") or "").lower() == "rtl"
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)  # A4, as the PDF
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
        self.text_width = section.page_width - section.left_margin - section.right_margin
        styles = document.styles
        if "Hyperlink" not in [style.name for style in styles]:
            link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
            link.font.color.rgb = RGBColor.from_string(_ACCENT)
            link.font.underline = True
        self.table_style = "Table Grid" if "Table Grid" in [style.name for style in styles] else None
        # every id a link inside the page leads to gets a bookmark, named as Word allows
        targets = {href[1:] for href in page.xpath("//a/@href") if href.startswith("#") and len(href) > 1}
        self.bookmarks: dict[str, str] = {}
        for element in page.xpath("//*[@id]"):
            if element.get("id") in targets and element.get("id") not in self.bookmarks:
                self.bookmarks[element.get("id")] = self._bookmark_name(element.get("id"))
        self.pending: list[str] = []  # bookmarks for the next paragraph
        self.bookmark_id = 0
        self.numbering = _Numbering(document, OxmlElement, qn)

    # ------------------------------------------------------------------ the document

    def write(self) -> None:
        self._properties()
        body = self.page.find("body")
        self.flow(body if body is not None else self.page, self.document, _Block())
        self._drop_thumbnail()

    def _meta(self, name: str) -> str:
        for element in self.page.xpath("//head/meta[@name]"):
            if element.get("name", "").lower() == name:
                return " ".join((element.get("content") or "").split())
        return ""

    def _properties(self) -> None:
        """The document's properties from the page's head; its dates the edition's, or none."""
        properties = self.document.core_properties
        title = self.page.find(".//head/title")
        publisher = self._meta("author")
        properties.title = _NOT_XML.sub("", " ".join((title.text_content() if title is not None else "").split()))
        properties.author = _NOT_XML.sub("", publisher)
        properties.last_modified_by = _NOT_XML.sub("", publisher)
        properties.subject = _NOT_XML.sub("", self._meta("dcterms.subject"))
        properties.keywords = _NOT_XML.sub("", self._meta("keywords"))
        properties.comments = _NOT_XML.sub("", self._meta("description"))
        properties.language = self.lang
        properties.revision = 1
        try:
            day = _dt.date.fromisoformat(self._meta("dcterms.date"))
        except ValueError:
            day = None
        element = properties._element
        if day is not None:
            properties.created = properties.modified = _dt.datetime(day.year, day.month, day.day)
        else:
            for name in ("dcterms:created", "dcterms:modified"):
                for found in element.findall(self.qn(name)):
                    element.remove(found)
        styles = self.document.styles.element
        defaults = styles.find(self.qn("w:docDefaults"))
        if defaults is not None:
            run = defaults.find(f"{self.qn('w:rPrDefault')}/{self.qn('w:rPr')}")
            if run is not None:
                lang = run.find(self.qn("w:lang"))
                if lang is None:
                    lang = self.OxmlElement("w:lang")
                    run.append(lang)
                lang.set(self.qn("w:val"), self.lang)
                if self.rtl:
                    lang.set(self.qn("w:bidi"), self.lang)

    def _drop_thumbnail(self) -> None:
        """python-docx's template carries a picture of an empty page as the file's thumbnail."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        package = self.document.part.package
        for rid, relationship in list(package.rels.items()):
            if relationship.reltype == RT.THUMBNAIL:
                del package.rels[rid]

    # ------------------------------------------------------------------ paragraphs and runs

    def new_paragraph(self, container, block: _Block):
        paragraph = container.add_paragraph()
        if block.style:
            paragraph.style = block.style
        from docx.shared import Inches
        fmt = paragraph.paragraph_format
        if block.marker is not None and not block.marker.used:
            block.marker.used = True
            if block.marker.num_id is not None:
                self.numbering.apply(paragraph, block.marker.num_id, block.marker.level)
            elif block.indent:
                fmt.left_indent = Inches(0.25 * block.indent)
        elif block.indent:
            fmt.left_indent = Inches(0.25 * block.indent)
        if block.align == "right":
            from docx.enum.text import WD_ALIGN_PARAGRAPH
            fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if block.keep_with_next:
            fmt.keep_with_next = True
        if self.rtl:
            _in_order(paragraph._p.get_or_add_pPr(), self.OxmlElement("w:bidi"))
        for name in self.pending:
            self._bookmark(paragraph, name)
        self.pending = []
        return paragraph

    def _bookmark(self, paragraph, name: str) -> None:
        start, end = self.OxmlElement("w:bookmarkStart"), self.OxmlElement("w:bookmarkEnd")
        start.set(self.qn("w:id"), str(self.bookmark_id))
        start.set(self.qn("w:name"), name)
        end.set(self.qn("w:id"), str(self.bookmark_id))
        self.bookmark_id += 1
        properties = paragraph._p.pPr
        at = 1 if properties is not None else 0
        paragraph._p.insert(at, start)
        paragraph._p.insert(at + 1, end)

    def _bookmark_name(self, element_id: str) -> str:
        """A bookmark name Word accepts (a letter, then letters, digits or _, at most 40), unique."""
        base = re.sub(r"[^A-Za-z0-9_]", "_", element_id)[:36]
        if not base[:1].isalpha():
            base = ("b" + base)[:36]
        name, number = base, 2
        taken = set(self.bookmarks.values())
        while name in taken:
            name, number = f"{base[:36 - len(str(number))]}_{number}", number + 1
        return name

    def new_run(self, paragraph, fmt: _Format):
        element = self.OxmlElement("w:r")
        (fmt.link if fmt.link is not None else paragraph._p).append(element)
        run = self.Run(element, paragraph)
        font = run.font
        if fmt.link is not None:
            run.style = "Hyperlink"
        if fmt.bold:
            font.bold = True
        if fmt.italic:
            font.italic = True
        if fmt.mono:
            font.name = "Courier New"
        if fmt.superscript:
            font.superscript = True
        if fmt.subscript:
            font.subscript = True
        if fmt.strike:
            font.strike = True
        if fmt.underline:
            font.underline = True
        if fmt.highlight:
            from docx.enum.text import WD_COLOR_INDEX
            font.highlight_color = WD_COLOR_INDEX.YELLOW
        if fmt.small:
            from docx.shared import Pt
            font.size = Pt(8.5)
        if fmt.color and fmt.link is None:
            font.color.rgb = self.RGBColor.from_string(fmt.color)
        if self.rtl:
            run._r.get_or_add_rPr().get_or_add_rtl()
        return run

    def _hyperlink(self, paragraph: _Paragraph, href: str):
        """A <w:hyperlink> for `href` at the end of the paragraph, or None for an address a brief
        may not link to (its text stays, as text)."""
        href = href.strip()
        link = self.OxmlElement("w:hyperlink")
        if href.startswith("#"):
            name = self.bookmarks.get(href[1:])
            if name is None:
                return None
            link.set(self.qn("w:anchor"), name)
        else:
            scheme = _LINK_SCHEME.match(href)
            if not href or (scheme and scheme.group(1).lower() not in ("http", "https", "mailto")):
                return None
            from docx.opc.constants import RELATIONSHIP_TYPE as RT
            link.set(self.qn("r:id"), self.document.part.relate_to(href, RT.HYPERLINK, is_external=True))
        link.set(self.qn("w:history"), "1")
        paragraph.made()._p.append(link)
        return link

    # ------------------------------------------------------------------ blocks

    def flow(self, element, container, block: _Block, preserve: bool = False) -> None:
        """The content of `element` as paragraphs (and tables) in `container`: its text and inline
        elements in one paragraph, until a block inside it starts another."""
        loose = _Paragraph(self, container, block, preserve)
        if element.text:
            loose.text(element.text, block.fmt)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag and not _hidden(child) and tag not in _SKIPPED:
                if tag in _BLOCKS:
                    loose.finish()
                    self.block(child, container, block)
                    loose = _Paragraph(self, container, block, preserve)
                else:
                    self.inline(child, loose, block.fmt)
            if child.tail:
                loose.text(child.tail, block.fmt)
        loose.finish()

    def block(self, element, container, block: _Block) -> None:
        tag, classes = element.tag, _classes(element)
        if element.get("id") in self.bookmarks:
            self.pending.append(self.bookmarks[element.get("id")])
        fmt = block.fmt
        if classes & _SMALL_CLASSES:
            fmt = replace(fmt, small=True)
        if "brief-draft" in classes or "draft-mark" in classes:
            fmt = replace(fmt, bold=True, color=_DRAFT)
        if classes & {"brief-kicker", "brief-built"}:
            fmt = replace(fmt, color=_MUTED)
        block = replace(block, fmt=fmt)
        if tag == "h1":
            self.flow(element, container, replace(block, style="Title", indent=0, marker=None))
        elif tag in ("h2", "h3", "h4", "h5", "h6"):
            self.flow(element, container, replace(block, style=f"Heading {int(tag[1]) - 1}", indent=0,
                                                       marker=None))
        elif tag == "p" and "brief-subtitle" in classes:
            self.flow(element, container, replace(block, style="Subtitle"))
        elif tag in ("p", "dt", "caption", "figcaption") or (tag == "li" and block.marker is None):
            if tag == "dt":
                block = replace(block, fmt=replace(block.fmt, bold=True), keep_with_next=True)
            elif tag in ("caption", "figcaption"):
                block = replace(block, style="Caption", keep_with_next=tag == "caption")
            self.flow(element, container, block)
        elif tag == "dd":
            self.flow(element, container, replace(block, indent=block.indent + 2))
        elif tag == "pre":
            self.flow(element, container, replace(block, fmt=replace(block.fmt, mono=True)), preserve=True)
        elif tag == "blockquote":
            self.flow(element, container, replace(block, style="Quote"))
        elif tag in ("ul", "ol"):
            self.list(element, container, block)
        elif tag == "table":
            self.table(element, container, block)
        elif tag == "hr":
            self._rule(container, block)
        else:  # section, article, div, header, main, footer, figure, li in a list: their children in order
            self.flow(element, container, block)

    def list(self, element, container, block: _Block) -> None:
        level = block.marker.level + 1 if block.marker is not None else 0
        unmarked = bool(_classes(element) & UNMARKED_LISTS)
        num_id = None
        if not unmarked:
            num_id = (self.numbering.bullets() if element.tag == "ul"
                      else self.numbering.numbered(_whole(element.get("start"), 1), element.get("type") or "1"))
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag != "li" or _hidden(child):
                continue
            if unmarked:
                item = replace(block, style=None, marker=_Marker(None, level), indent=block.indent)
            else:
                # its later paragraphs line up with its first one's text (_Numbering: 0.5 inch, 0.25 more a level)
                item = replace(block, style="List Paragraph", marker=_Marker(num_id, min(level, 8)),
                               indent=min(level, 8) + 2)
            if child.get("id") in self.bookmarks:
                self.pending.append(self.bookmarks[child.get("id")])
            self.flow(child, container, item)

    def _rule(self, container, block: _Block) -> None:
        paragraph = self.new_paragraph(container, replace(block, marker=None))
        border = self.OxmlElement("w:pBdr")
        bottom = self.OxmlElement("w:bottom")
        for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "C9D3DC")):
            bottom.set(self.qn(name), value)
        border.append(bottom)
        _in_order(paragraph._p.get_or_add_pPr(), border)

    # ------------------------------------------------------------------ tables

    def table(self, element, container, block: _Block) -> None:
        caption = next((c for c in element if c.tag == "caption"), None)
        rows: list[tuple[Any, bool]] = []  # each <tr>, and whether it is a header row
        for part in ("thead", None, "tfoot"):
            for child in element:
                if part is None and child.tag == "tbody":
                    rows += [(row, False) for row in child if row.tag == "tr"]
                elif part is None and child.tag == "tr":
                    rows.append((child, False))
                elif child.tag == part:
                    rows += [(row, part == "thead") for row in child if row.tag == "tr"]
        placed, taken, width = [], set(), 0
        for number, (row, _) in enumerate(rows):
            column = 0
            for cell in row:
                if cell.tag not in ("td", "th"):
                    continue
                while (number, column) in taken:
                    column += 1
                across = min(_whole(cell.get("colspan"), 1), MAX_COLUMNS)
                down = min(_whole(cell.get("rowspan"), 1), len(rows) - number)
                for r in range(number, number + down):
                    for c in range(column, column + across):
                        taken.add((r, c))
                placed.append((number, column, down, across, cell))
                column += across
                width = max(width, column)
        if caption is not None and not _hidden(caption):
            self.block(caption, container, replace(block, marker=None))
        if not placed:
            return
        if width > MAX_COLUMNS:
            raise BriefRenderError(None, f"a table of {width} columns, more than a Word document holds "
                                   f"({MAX_COLUMNS})", "show fewer columns, or offer the table as CSV")
        table = container.add_table(len(rows), width)
        if self.table_style:
            table.style = self.table_style
        if caption is not None:
            text = " ".join(caption.text_content().split())
            if text:
                element_caption = self.OxmlElement("w:tblCaption")
                element_caption.set(self.qn("w:val"), _NOT_XML.sub("", text))
                table._tbl.tblPr.append(element_caption)
        for number, (_, header) in enumerate(rows):
            if header:
                properties = table.rows[number]._tr.get_or_add_trPr()
                properties.append(self.OxmlElement("w:tblHeader"))
        for number, column, down, across, cell in placed:
            target = table.cell(number, column)
            if down > 1 or across > 1:
                target = target.merge(table.cell(number + down - 1, column + across - 1))
            fmt = replace(block.fmt, bold=block.fmt.bold or cell.tag == "th", link=None)
            align = "right" if "num" in _classes(cell) else None
            self.flow(cell, _Cell(target), _Block(fmt=fmt, align=align))

    # ------------------------------------------------------------------ inline

    def inline(self, element, paragraph: _Paragraph, fmt: _Format) -> None:
        tag = element.tag
        if element.get("id") in self.bookmarks:
            if paragraph.paragraph is not None:
                self._bookmark(paragraph.paragraph, self.bookmarks[element.get("id")])
            else:
                self.pending.append(self.bookmarks[element.get("id")])
        classes = _classes(element)
        if tag == "br":
            paragraph.run(fmt).add_break()
            paragraph.space = True
            return
        if tag == "img":
            self.image(element, paragraph, fmt)
            return
        if tag in ("strong", "b"):
            fmt = replace(fmt, bold=True)
        elif tag in ("em", "i", "cite", "dfn", "var"):
            fmt = replace(fmt, italic=True)
        elif tag in ("code", "kbd", "samp"):
            fmt = replace(fmt, mono=True)
        elif tag == "sup":
            fmt = replace(fmt, superscript=True)
        elif tag == "sub":
            fmt = replace(fmt, subscript=True)
        elif tag in ("s", "del"):
            fmt = replace(fmt, strike=True)
        elif tag in ("u", "ins"):
            fmt = replace(fmt, underline=True)
        elif tag == "mark":
            fmt = replace(fmt, highlight=True)
        elif tag == "small":
            fmt = replace(fmt, small=True)
        elif tag == "a" and element.get("href") is not None and fmt.link is None:
            link = self._hyperlink(paragraph, element.get("href"))
            if link is not None:
                fmt = replace(fmt, link=link)
        if "cite" in classes or "brief-kicker" in classes:
            fmt = replace(fmt, color=_MUTED)
        if "draft-mark" in classes:
            fmt = replace(fmt, bold=True, color=_DRAFT)
        quoted = tag == "q"
        if quoted:
            paragraph.text("\u201c", fmt)
        if element.text:
            paragraph.text(element.text, fmt)
        for child in element:
            name = child.tag if isinstance(child.tag, str) else ""
            if name and not _hidden(child) and name not in _SKIPPED:
                self.inline(child, paragraph, fmt)  # a block inside an inline (rare) runs on as text
            if child.tail:
                paragraph.text(child.tail, fmt)
        if quoted:
            paragraph.text("\u201d", fmt)

    def image(self, element, paragraph: _Paragraph, fmt: _Format) -> None:
        """The picture, when it is a data: image images.py accepts; else its alt text."""
        alt = _NOT_XML.sub("", " ".join((element.get("alt") or "").split()))
        found = data_uri_image((element.get("src") or "").strip())
        if found is None:
            if alt:
                paragraph.text(f"[{alt}]", replace(fmt, italic=True))
            return
        mimetype, data = found
        if mimetype not in ("image/png", "image/jpeg", "image/gif"):  # Word reads no WebP
            data = _as_png(data)
        width = _whole(element.get("width"), 0) * _CSS_PX_EMU or None
        height = _whole(element.get("height"), 0) * _CSS_PX_EMU or None
        if width and width > self.text_width:
            height = int(height * self.text_width / width) if height else None
            width = self.text_width
        shape = paragraph.run(fmt).add_picture(io.BytesIO(data), width=width, height=height)
        if shape.width > self.text_width:  # no size given: its own, but never wider than the page
            shape.height = int(shape.height * self.text_width / shape.width)
            shape.width = self.text_width
        inline = shape._inline
        inline.docPr.set("descr", alt)
        for properties in inline.xpath(".//pic:cNvPr"):
            properties.set("descr", alt)
        paragraph.space = False


class _Numbering:
    """Lists' numbers and bullets: one bullet list definition, and a numbering of its own for each
    numbered list, so that each starts at its own first number."""

    _BULLETS = ("\u2022", "\u25e6", "\u25aa")
    _FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}

    def __init__(self, document, OxmlElement, qn):
        self.document, self.OxmlElement, self.qn = document, OxmlElement, qn
        self.abstract: dict[str, int] = {}
        self.bullet_id: int | None = None
        self._part = None

    @property
    def element(self):
        if self._part is None:
            self._part = self.document.part.numbering_part.element
        return self._part

    def _ids(self, tag: str, attribute: str) -> list[int]:
        return [int(e.get(self.qn(attribute))) for e in self.element.findall(self.qn(tag))]

    def _abstract(self, kind: str) -> int:
        if kind in self.abstract:
            return self.abstract[kind]
        number = max(self._ids("w:abstractNum", "w:abstractNumId") or [0]) + 1
        abstract = self.OxmlElement("w:abstractNum")
        abstract.set(self.qn("w:abstractNumId"), str(number))
        kind_of = self.OxmlElement("w:multiLevelType")
        kind_of.set(self.qn("w:val"), "hybridMultilevel")
        abstract.append(kind_of)
        for level in range(9):
            lvl = self.OxmlElement("w:lvl")
            lvl.set(self.qn("w:ilvl"), str(level))
            values = [("w:start", "1"), ("w:numFmt", "bullet" if kind == "bullet" else self._FORMATS[kind]),
                      ("w:lvlText", self._BULLETS[level % 3] if kind == "bullet" else f"%{level + 1}."),
                      ("w:lvlJc", "left")]
            for name, value in values:
                child = self.OxmlElement(name)
                child.set(self.qn("w:val"), value)
                lvl.append(child)
            paragraph = self.OxmlElement("w:pPr")
            indent = self.OxmlElement("w:ind")
            indent.set(self.qn("w:left"), str(720 + 360 * level))
            indent.set(self.qn("w:hanging"), "360")
            paragraph.append(indent)
            lvl.append(paragraph)
            abstract.append(lvl)
        first_num = self.element.find(self.qn("w:num"))
        if first_num is not None:  # every abstractNum comes before the first num
            first_num.addprevious(abstract)
        else:
            self.element.append(abstract)
        self.abstract[kind] = number
        return number

    def _num(self, abstract: int, start: int | None) -> int:
        number = max(self._ids("w:num", "w:numId") or [0]) + 1
        num = self.OxmlElement("w:num")
        num.set(self.qn("w:numId"), str(number))
        reference = self.OxmlElement("w:abstractNumId")
        reference.set(self.qn("w:val"), str(abstract))
        num.append(reference)
        if start is not None:
            override = self.OxmlElement("w:lvlOverride")
            override.set(self.qn("w:ilvl"), "0")
            first = self.OxmlElement("w:startOverride")
            first.set(self.qn("w:val"), str(start))
            override.append(first)
            num.append(override)
        self.element.append(num)
        return number

    def bullets(self) -> int:
        if self.bullet_id is None:
            self.bullet_id = self._num(self._abstract("bullet"), None)
        return self.bullet_id

    def numbered(self, start: int, kind: str) -> int:
        return self._num(self._abstract(kind if kind in self._FORMATS else "1"), start)

    def apply(self, paragraph, num_id: int, level: int) -> None:
        numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_ilvl().val = level
        numbering.get_or_add_numId().val = num_id


# ------------------------------------------------------------------------------ helpers

# The order Word requires of a paragraph's properties (ECMA-376, CT_PPr): Word refuses a file
# whose elements are out of it.
_PARAGRAPH_PROPERTIES = tuple(f"w:{name}" for name in (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split())


def _in_order(properties, element) -> None:
    """Put `element` among a paragraph's properties where the schema wants it."""
    tag = element.prefix + ":" + element.tag.rsplit("}", 1)[1]
    properties.insert_element_before(element, *_PARAGRAPH_PROPERTIES[_PARAGRAPH_PROPERTIES.index(tag) + 1:])


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _hidden(element) -> bool:
    """Whether no reader of the page sees `element` (a decorative image still shows)."""
    if _classes(element) & HIDDEN_CLASSES or element.get("hidden") is not None:
        return True
    return element.get("aria-hidden") == "true" and element.tag != "img"


def _whole(value: str | None, default: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


def _as_png(data: bytes) -> bytes:
    from PIL import Image
    with Image.open(io.BytesIO(data)) as image:
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()
