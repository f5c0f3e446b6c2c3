"""Real documents made from the seed's Markdown, the way an agency's paper reaches us: a PDF
laid out on pages (running header, page numbers, words hyphenated at line ends), a Word file and
a plain-text file. Shared by the import tests and bench/import_source.py."""
from __future__ import annotations

import re
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
