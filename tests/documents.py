"""Real documents made from the seed's Markdown, the way an agency's paper reaches us: a PDF
laid out on pages (running header, page numbers, words hyphenated at line ends), a Word file and
a plain-text file. Shared by the import tests and bench/import_source.py.

Below them, the PDF and Word versions of any paper in the Markdown the development corpus is
written in (tables, footnotes): tests/fixtures/papers/make_documents.py makes the corpus's
versions with them, and the import tests make small documents of their own."""
from __future__ import annotations

import html
import io
import os
import re
import zipfile
from pathlib import Path

from migration_briefs import paths

# The paper as its Markdown, kept in the repository as a test fixture.
SEED_MD = Path(__file__).parent / "fixtures" / "un-women_15th-coordination-meeting_2017.md"
SEED_SOURCE = paths.SOURCES_DIR / "un-women_15th-coordination-meeting_2017.yaml"

A5_JUSTIFIED = "size: A5; margin: 22mm 16mm 20mm 16mm", "Brief Serif", "10pt", "justify"
A6_RAGGED = "size: A6; margin: 22mm 16mm 20mm 16mm", "Brief Sans", "10pt", "left"


def seed_markdown() -> str:
    return SEED_MD.read_text(encoding="utf-8")


def markdown_html(markdown: str) -> str:
    """The Markdown as HTML body; each line break of the source stays a line break, as on paper."""
    from markdown_it import MarkdownIt
    body = MarkdownIt("commonmark", {"breaks": True}).render(markdown)
    # WeasyPrint numbers <ol start="6"> from 1; a counter-reset gives the numbers the source has
    return re.sub(r'<ol start="(\d+)">',
                  lambda m: f'<ol start="{m[1]}" style="counter-reset: list-item {int(m[1]) - 1}">', body)


def fonts_css() -> str:
    """@font-face rules for the DejaVu fonts matplotlib ships: the same layout on every machine."""
    import matplotlib
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    faces = []
    for family, stem in (("Brief Sans", "DejaVuSans"), ("Brief Serif", "DejaVuSerif")):
        for suffix, weight in (("", "normal"), ("-Bold", "bold")):
            url = (fonts / f"{stem}{suffix}.ttf").as_uri()
            faces.append(f'@font-face {{ font-family: "{family}"; src: url("{url}"); font-weight: {weight}; }}')
    return "\n".join(faces)


def write_pdf(markdown: str, target: Path, layout=A5_JUSTIFIED) -> Path:
    """A paginated PDF: running header, 'Page n of m' footer, hyphenation at line ends."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher
    page, family, size, align = layout
    css = f"""{fonts_css()}
@page {{ {page};
  @top-center {{ content: "UN Women: contribution to the 15th Coordination Meeting"; font: 8pt "{family}"; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font: 8pt "{family}"; }} }}
body {{ font-family: "{family}"; font-size: {size}; line-height: 1.35; hyphens: auto; text-align: {align}; }}
p {{ margin: 0 0 0.8em 0; }}"""
    html = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>{css}</style></head>'
            f"<body>{markdown_html(markdown)}</body></html>")
    HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"file"})).write_pdf(target)
    return target


def write_docx(markdown: str, target: Path) -> Path:
    """A Word file as a person would type the paper: one Word paragraph per block, bold where the
    source is bold, line breaks kept, list numbers typed in ('List Paragraph' style)."""
    import docx
    from markdown_it import MarkdownIt

    document = docx.Document()
    paragraph = None
    strong = 0
    marker = None
    in_item = False
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type == "list_item_open":
            in_item, marker = True, f"{token.info}{token.markup} " if token.info else ""
        elif token.type == "list_item_close":
            in_item = False
        elif token.type == "inline":
            paragraph = document.add_paragraph(style="List Paragraph" if in_item else None)
            if marker is not None:
                paragraph.add_run(marker)
                marker = None
            for child in token.children:
                if child.type == "strong_open":
                    strong += 1
                elif child.type == "strong_close":
                    strong -= 1
                elif child.type in ("softbreak", "hardbreak"):
                    paragraph.add_run().add_break()
                elif child.type == "text" and child.content:
                    paragraph.add_run(child.content).bold = strong > 0 or None
    document.core_properties.title = ""
    document.save(target)
    return target


def write_long_docx(paragraphs: int, target: Path) -> Path:
    """A Word file of a heading and `paragraphs` paragraphs of a sentence each, each its own:
    the length of a long report, made in seconds (one paragraph built, then copied)."""
    import copy

    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_heading("Activities undertaken during the year", level=1)
    last = document.add_paragraph("Paragraph 1 reports what the agency did in the year, in one sentence.")._p
    for number in range(2, paragraphs + 1):
        element = copy.deepcopy(last)
        element.find(f"{qn('w:r')}/{qn('w:t')}").text = (f"Paragraph {number} reports what the agency did in the "
                                                          "year, in one sentence.")
        last.addnext(element)
        last = element
    document.save(target)
    return target


def write_text(markdown: str, target: Path) -> Path:
    """The paper as plain text: emphasis markers gone, lines and blank lines as in the source."""
    target.write_text(re.sub(r"\*\*|\*", "", markdown), encoding="utf-8")
    return target


# --- the development corpus's papers: PDF and Word from Markdown with tables and footnotes ---

def parser(breaks: bool = False):
    """Markdown as the importer reads it: CommonMark, pipe tables and footnotes."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    return MarkdownIt("commonmark", {"breaks": breaks}).enable("table").use(footnote_plugin)


def footnotes(tokens) -> dict[int, list]:
    """Footnote id -> the inline tokens of its text (one paragraph each in these papers)."""
    found: dict[int, list] = {}
    current = None
    for token in tokens:
        if token.type == "footnote_open":
            current = token.meta["id"]
        elif token.type == "footnote_close":
            current = None
        elif token.type == "inline" and current is not None:
            found.setdefault(current, []).extend(token.children or [])
    return found


def body(tokens) -> list:
    """The tokens outside the footnote block."""
    kept, inside = [], False
    for token in tokens:
        if token.type == "footnote_block_open":
            inside = True
        elif token.type == "footnote_block_close":
            inside = False
        elif not inside:
            kept.append(token)
    return kept


# --- PDF --------------------------------------------------------------------------------------

def paper_html(markdown: str, header: str, footer: bool = True) -> str:
    md = parser(breaks=True)
    env: dict = {}
    tokens = md.parse(markdown, env)
    notes = footnotes(tokens)
    for token in tokens:
        for child in token.children or []:
            if child.type == "footnote_ref":
                text = md.renderer.renderInline(notes[child.meta["id"]], md.options, env)
                child.type, child.content = "html_inline", f'<span class="footnote">{text}</span>'
    rendered = md.renderer.render(body(tokens), md.options, env)
    # WeasyPrint numbers <ol start="4"> from 1; a counter-reset gives the numbers the paper has
    rendered = re.sub(r'<ol start="(\d+)">',
                      lambda m: f'<ol start="{m[1]}" style="counter-reset: list-item {int(m[1]) - 1}">', rendered)
    page_footer = '@bottom-center { content: "Page " counter(page) " of " counter(pages); font: 8pt "Brief Sans"; }' \
        if footer else ""
    css = f"""{fonts_css()}
@page {{ size: A4; margin: 25mm 22mm 25mm 22mm;
  @top-center {{ content: "{header}"; font: 8pt "Brief Sans"; color: #444; }}
  {page_footer} }}
body {{ font-family: "Brief Sans"; font-size: 10.5pt; line-height: 1.35; text-align: left; }}
p {{ margin: 0 0 0.7em 0; }}
h2 {{ font-size: 12.5pt; margin: 1.2em 0 0.5em 0; }}
h3 {{ font-size: 11pt; margin: 1em 0 0.4em 0; }}
table {{ border-collapse: collapse; margin: 0.4em 0 1em 0; font-size: 9.5pt; }}
th, td {{ border: 0.6pt solid #333; padding: 3pt 5pt; text-align: left; vertical-align: top; }}
th {{ font-weight: bold; }}
.footnote {{ float: footnote; font-size: 8pt; line-height: 1.3; }}
::footnote-call {{ content: counter(footnote); vertical-align: super; font-size: 6.5pt; line-height: 1; }}
::footnote-marker {{ content: counter(footnote) " "; vertical-align: super; font-size: 5.5pt; }}"""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(header)}</title>'
            f"<style>{css}</style></head><body>{rendered}</body></html>")


def write_paper_pdf(markdown: str, header: str, target: Path, footer: bool = True) -> Path:
    """The paper on A4 pages: `header` at the top of each (and as the PDF's title), and a footer
    "Page n of m" unless `footer` is False."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher
    # fontTools (WeasyPrint's subsetter where a machine has no HarfBuzz-Subset) stamps each embedded
    # font subset with this date instead of the clock; set only while the PDF is written
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        HTML(string=paper_html(markdown, header, footer),
             url_fetcher=URLFetcher(allowed_protocols={"file"})).write_pdf(target)
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
    return target


# --- DOCX -------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


class WordPaper:
    def __init__(self) -> None:
        import docx
        self.document = docx.Document()
        self.document.core_properties.title = ""
        self.notes_xml: list[str] = []
        self.note_ids: dict[int, int] = {}
        self.numbers: dict[int, int] = {}  # numId -> the last number it gave
        self.list_num_id = self._style_num_id("List Number")

    def _style_num_id(self, style: str) -> int:
        return int(self.document.styles[style].element.pPr.numPr.numId.val)

    def runs(self, paragraph, children, notes: dict[int, list], bold: bool = False) -> None:
        from docx.oxml import parse_xml
        strong, emphasis = int(bold), 0
        for child in children:
            if child.type == "strong_open":
                strong += 1
            elif child.type == "strong_close":
                strong -= 1
            elif child.type == "em_open":
                emphasis += 1
            elif child.type == "em_close":
                emphasis -= 1
            elif child.type in ("softbreak", "hardbreak"):
                paragraph.add_run().add_break()
            elif child.type in ("text", "code_inline") and child.content:
                run = paragraph.add_run(child.content)
                run.bold = strong > 0 or None
                run.italic = emphasis > 0 or None
            elif child.type == "footnote_ref":
                number = self.note_ids.setdefault(child.meta["id"], len(self.note_ids) + 1)
                if number > len(self.notes_xml):
                    self.notes_xml.append(self.note_xml(number, notes[child.meta["id"]]))
                paragraph._p.append(parse_xml(
                    f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                    f'<w:footnoteReference w:id="{number}"/></w:r>'))

    def note_xml(self, number: int, children) -> str:
        runs, emphasis = [], 0
        for child in children:
            if child.type == "em_open":
                emphasis += 1
            elif child.type == "em_close":
                emphasis -= 1
            elif child.type == "text" and child.content:
                style = "<w:rPr><w:i/></w:rPr>" if emphasis else ""
                runs.append(f'<w:r>{style}<w:t xml:space="preserve">{html.escape(child.content, quote=False)}</w:t></w:r>')
        return (f'<w:footnote w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>{"".join(runs)}</w:p></w:footnote>')

    def numbered(self, paragraph, number: int) -> None:
        """List Number, restarted with a new list instance where the paper's number is not the next."""
        from docx.oxml import parse_xml
        num_id = self.list_num_id
        if self.numbers.get(num_id, 0) + 1 != number:
            numbering = self.document.part.numbering_part.element
            abstract = numbering.find(f"{{{W_NS}}}num[@{{{W_NS}}}numId='{self.list_num_id}']/{{{W_NS}}}abstractNumId")
            num_id = max(int(n.get(f"{{{W_NS}}}numId")) for n in numbering.findall(f"{{{W_NS}}}num")) + 1
            numbering.append(parse_xml(
                f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract.get(f"{{{W_NS}}}val")}"/>'
                f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{number}"/></w:lvlOverride></w:num>'))
            self.list_num_id = num_id
        self.numbers[num_id] = number
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))

    def build(self, markdown: str) -> None:
        tokens = parser().parse(markdown)
        notes = footnotes(tokens)
        tokens = body(tokens)
        style, number, table, row, header = None, None, None, None, False
        lists: list[str] = []
        for token in tokens:
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                lists.append(kind)
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "list_item_open":
                ordered = lists[-1] == "ordered_list_open"
                style, number = ("List Number", int(token.info)) if ordered else ("List Bullet", None)
            elif kind == "list_item_close":
                style = number = None
            elif kind == "heading_open":
                style = {1: "Title", 2: "Heading 1", 3: "Heading 2"}[int(token.tag[1])]
            elif kind == "heading_close":
                style = None
            elif kind == "table_open":
                table = []
            elif kind == "thead_open":
                header = True
            elif kind == "thead_close":
                header = False
            elif kind == "tr_open":
                row = []
            elif kind == "tr_close":
                table.append((header, row))
                row = None
            elif kind == "table_close":
                self.table(table, notes)
                table = None
            elif kind == "inline" and row is not None:
                row.append(token.children or [])
            elif kind == "inline":
                paragraph = self.document.add_paragraph(style=style)
                if number is not None:
                    self.numbered(paragraph, number)
                    number = None
                self.runs(paragraph, token.children or [], notes)
        self.add_footnotes()

    def table(self, rows, notes) -> None:
        columns = max(len(cells) for _, cells in rows)
        grid = self.document.add_table(rows=len(rows), cols=columns, style="Table Grid")
        for r, (is_header, cells) in enumerate(rows):
            for c, children in enumerate(cells):
                paragraph = grid.cell(r, c).paragraphs[0]
                self.runs(paragraph, children, notes, bold=is_header)

    def add_footnotes(self) -> None:
        if not self.notes_xml:
            return
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
               f'</w:p></w:footnote>{"".join(self.notes_xml)}</w:footnotes>')
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, xml.encode("utf-8"), self.document.part.package)
        self.document.part.relate_to(part, RT.FOOTNOTES)

    def save(self, target: Path) -> None:
        """The .docx with its parts in the order python-docx writes them, each dated 1980-01-01
        instead of the clock, so the same paper gives the same bytes."""
        written = io.BytesIO()
        self.document.save(written)
        with zipfile.ZipFile(written) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in source.infolist():
                out.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)),
                             source.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)


def write_paper_docx(markdown: str, target: Path) -> Path:
    paper = WordPaper()
    paper.build(markdown)
    paper.save(target)
    return target
