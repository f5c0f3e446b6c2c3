"""A PDF's running header, footer and page numbers are layout, not the paper: its import leaves
them out, on one page or many, and reads the same title, headings, sections and paragraphs as the
paper's Markdown. The papers are invented and laid out here by the builder the corpus's PDFs come
from (tests/documents.py): a header at the top of each page, which is also the PDF's Title
property, as a word processor often sets it, and "Page n of m" at the foot."""
from __future__ import annotations

from pathlib import Path

import pytest

from migration_briefs.sources.paragraphs import FRONT_MATTER, import_document

from .documents import write_paper_pdf
from .papers import PAPERS_DIR, papers

HEADER = "Coastal Fisheries Office | Nineteenth Meeting on Coastal Labour Mobility"
PLACES = ["Ghana", "Senegal", "Peru", "Fiji", "Viet Nam", "Chile", "Kenya", "Tonga"]


def _paragraph(i: int) -> str:
    return (f"In {2010 + i % 8} the office trained {20 + 3 * i} port inspectors in {PLACES[i % 8]} on the "
            f"recruitment of migrant fishers, with the ministry of labour, in a course of {2 + i % 5} days "
            "on written contracts, wages and the right to leave a vessel.")


LONG_PAPER = "\n\n".join([
    "# Contribution of the Coastal Fisheries Office",
    "## Work in 2018",
    "The office opened two training centres.",  # short: the heading above it is still a heading
    *(_paragraph(i) for i in range(24)),
    "## Plans for 2019",
    *(_paragraph(i) for i in range(24, 34)),
])

# shorter than its header: the body's type is still told by the text between the page's margins
SHORT_PAPER = """\
# Contribution of the Coastal Fisheries Office

## Work in 2018

The office trained 45 port inspectors.
"""

ONE_PAGE_PAPER = """\
# Contribution of the Coastal Fisheries Office to the Nineteenth Meeting on Coastal Labour Mobility

## Work in 2018

1. The office published a guide to the recruitment of migrant fishers.[^1]
2. The office trained 45 port inspectors in Ghana and Senegal.

## Plans for 2019

The office will train port inspectors in three more countries.

[^1]: The guide was written with the ministries of labour of four countries.
"""


def _pages_text(pdf: Path) -> list[str]:
    import pdfplumber
    with pdfplumber.open(pdf) as document:
        return [page.extract_text() for page in document.pages]


def _read(path: Path) -> tuple[str, list[tuple[str, str, str]]]:
    imported = import_document(path)
    return imported.title, [(p.kind, p.section, p.text) for p in imported.paragraphs]


@pytest.mark.parametrize("markdown,pages", [(SHORT_PAPER, 1), (ONE_PAGE_PAPER, 1), (LONG_PAPER, 3)],
                         ids=["short", "1 page", "3 pages"])
def test_a_pdf_imports_as_its_markdown_without_its_header_footer_and_page_numbers(tmp_path, markdown, pages):
    md = tmp_path / "paper.md"
    md.write_text(markdown, encoding="utf-8")
    pdf = write_paper_pdf(markdown, HEADER, tmp_path / "paper.pdf")
    texts = _pages_text(pdf)
    # the PDF has what the import must leave out: the header and "Page n of m" on every page
    assert len(texts) == pages
    assert all(HEADER in text and f"Page {n} of {pages}" in text for n, text in enumerate(texts, start=1))
    title, paragraphs = _read(pdf)
    assert (title, paragraphs) == _read(md)
    assert title.startswith("Contribution of the Coastal Fisheries Office")
    assert [section for _, section, _ in paragraphs[:2]] == [FRONT_MATTER, "Work in 2018"]
    assert not any("Coastal Labour Mobility |" in text or "Page " in text for _, _, text in paragraphs)


def test_on_one_page_a_header_goes_and_a_footnote_at_the_foot_of_the_page_stays(tmp_path):
    """Without a footer, the page's last line is a footnote, set apart from the text above it in
    small type as a footer would be: it opens on its mark, so it is the paper's."""
    pdf = write_paper_pdf(ONE_PAGE_PAPER, HEADER, tmp_path / "paper.pdf", footer=False)
    assert HEADER in _pages_text(pdf)[0]
    _, paragraphs = _read(pdf)
    assert paragraphs[0] == ("front-matter", FRONT_MATTER, "Contribution of the Coastal Fisheries Office to the "
                             "Nineteenth Meeting on Coastal Labour Mobility")
    assert ("footnote", "Work in 2018", "¹ The guide was written with the ministries of labour of four countries.") \
        in paragraphs
    assert not any(HEADER in text for _, _, text in paragraphs)


PAGE_BREAK = '<div style="break-before: page"></div>'


def _opened_pages(tmp_path: Path, openers: list[str], paragraphs: list[str]) -> tuple[Path, Path]:
    """The paper as Markdown and as a PDF whose second page and each after it opens on an
    opener, with a paragraph after it."""
    markdown = "\n\n".join(["# Contribution of the Coastal Fisheries Office", "## Work in 2018", *paragraphs[:2],
                             *(part for opener, text in zip(openers, paragraphs[2:])
                               for part in (PAGE_BREAK, opener, text))])
    md = tmp_path / "paper.md"
    md.write_text(markdown, encoding="utf-8")
    pdf = write_paper_pdf(markdown, HEADER, tmp_path / "paper.pdf")
    assert len(_pages_text(pdf)) == len(openers) + 1
    return md, pdf


def test_text_that_opens_pages_alike_is_kept_where_its_numbers_count_the_pages(tmp_path):
    """Pages 2 and 3 open on the same words at the same place, and their numbers (40, 41) count
    the pages as a running header's page number would; but they lie as close to the text under
    them as one paragraph to the next: they are the paper's text."""
    md, pdf = _opened_pages(tmp_path, ["The office trained 40 port inspectors.",
                                       "The office trained 41 port inspectors."], [_paragraph(i) for i in range(4)])
    assert [text.splitlines()[1] for text in _pages_text(pdf)[1:]] == [  # the line under the header
        "The office trained 40 port inspectors.", "The office trained 41 port inspectors."]
    imported, expected = _read(pdf), _read(md)
    assert [text for _, _, text in imported[1]] == [text for _, _, text in expected[1]]
    assert imported == expected


def test_a_line_apart_that_opens_pages_alike_is_kept_unless_it_is_the_same_line(tmp_path):
    """Pages 2 and 3 open on a line set apart from the text, of the same words at the same place
    but for numbers that do not count the pages (120, 185); page 4 on a heading. All are the
    paper's text: only the header, whose words and place stay, and the footer, whose number counts
    the pages, are left out. (Markdown leaves out the two lines, written in HTML to set them apart.)"""
    lines = ["Port inspections in the year: 120", "Port inspections in the year: 185"]
    md, pdf = _opened_pages(tmp_path, [f'<p style="margin: 0 0 30pt 0">{line}</p>' for line in lines]
                            + ["## Plans for 2019"], [_paragraph(i) for i in range(5)])
    assert [text.splitlines()[1] for text in _pages_text(pdf)[1:]] == [*lines, "Plans for 2019"]
    imported, expected = _read(pdf), _read(md)
    assert [text for _, _, text in imported[1] if text not in lines] == [text for _, _, text in expected[1]]
    assert [(kind, section) for kind, section, text in imported[1] if text in lines] == \
        [("paragraph", "Work in 2018")] * 2
    assert imported[0] == expected[0]
    assert [p for p in imported[1] if p[2] not in lines] == expected[1]


def test_a_caption_under_a_picture_at_the_foot_of_the_page_is_text(tmp_path):
    """Set in small type at the foot of the page, far from the text above it, as a footer would
    be; but a picture fills the space between: it is the paper's."""
    from PIL import Image
    picture = tmp_path / "chart.png"
    Image.new("RGB", (60, 40), "gray").save(picture)
    markdown = "\n\n".join([
        "# Contribution of the Coastal Fisheries Office", "## Work in 2018", _paragraph(0),
        f'<img src="{picture.as_uri()}" style="position: absolute; bottom: 12mm; left: 0; height: 40mm">',
        '<p style="position: absolute; bottom: 0; left: 0; margin: 0; font-size: 8pt">Inspectors trained, '
        "by country</p>",
    ])
    pdf = write_paper_pdf(markdown, HEADER, tmp_path / "paper.pdf", footer=False)
    assert _pages_text(pdf)[0].splitlines()[-1] == "Inspectors trained, by country"
    title, paragraphs = _read(pdf)
    assert title == "Contribution of the Coastal Fisheries Office"
    assert [(kind, text) for kind, _, text in paragraphs] == [
        ("front-matter", "Contribution of the Coastal Fisheries Office"), ("heading", "Work in 2018"),
        ("paragraph", _paragraph(0)), ("paragraph", "Inspectors trained, by country")]


@pytest.mark.parametrize("name", [paper.name for paper in papers() if "pdf" in paper.formats()])
def test_the_corpus_pdfs_have_the_titles_and_sections_of_their_markdown(name):
    """Each one's header was its title (it is the PDF's Title property too); where it had no
    heading over its first paragraphs, it was their section as well. Its paragraphs may differ
    for reasons of their own (tests/fixtures/papers/README.md), its headings do not."""
    pdf_title, pdf = _read(PAPERS_DIR / name / "paper.pdf")
    md_title, md = _read(PAPERS_DIR / name / "paper.md")
    assert pdf_title == md_title
    assert list(dict.fromkeys(section for _, section, _ in pdf)) == list(dict.fromkeys(section for _, section, _ in md))
    assert [p for p in pdf if p[0] != "paragraph"] == [p for p in md if p[0] != "paragraph"]
