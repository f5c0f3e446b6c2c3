"""The development corpus (tests/fixtures/papers/, README.md there): every hand-written contribution
file is valid against its paper's source text and cites every paragraph but the headings; every
source text is what `briefs import-source` makes of its paper.md; each PDF and Word version imports
to the same paragraphs as the Markdown exactly where the README says it does."""
from __future__ import annotations

import pytest

from migration_briefs import load
from migration_briefs.sources.coverage import coverage
from migration_briefs.sources.paragraphs import import_document
from migration_briefs.sources.write import import_source

from .papers import PAPERS_DIR, format_claims, papers, scratch_project

PAPERS = papers()
VERSIONS = [(paper, kind) for paper in PAPERS for kind in paper.formats()]


def _name(value) -> str:
    return getattr(value, "name", str(value))


def test_the_corpus_holds_a_dozen_papers_each_from_another_agency():
    assert len(PAPERS) >= 12
    assert len({paper.agency for paper in PAPERS}) == len(PAPERS)
    assert sum("pdf" in paper.formats() for paper in PAPERS) >= 3
    assert sum("docx" in paper.formats() for paper in PAPERS) >= 2


@pytest.mark.parametrize("paper", PAPERS, ids=_name)
def test_each_contribution_is_valid_against_its_source_and_confirmed(paper, tmp_path):
    dataset = load(scratch_project(tmp_path, names=[paper.name]))  # DataValidationError names file and line
    [contribution] = dataset.contributions
    assert (contribution.agency, contribution.year) == (paper.agency, paper.year)
    assert contribution.source.text == f"sources/{paper.name}.yaml"
    assert not dataset.drafts and not any(item.sdg.suggested for item in contribution.items)


@pytest.mark.parametrize("paper", PAPERS, ids=_name)
def test_each_contribution_cites_every_paragraph_but_the_headings(paper, tmp_path):
    [report] = coverage(scratch_project(tmp_path, names=[paper.name])).contributions
    assert not report.problem
    assert [(p.id, p.text[:50]) for p in report.uncited] == []


@pytest.mark.parametrize("paper", PAPERS, ids=_name)
def test_each_source_text_is_what_import_source_makes_of_the_paper(paper, tmp_path):
    root = scratch_project(tmp_path, with_contributions=False, names=[])
    result = import_source(paper.folder / "paper.md", name=paper.name, root=root)
    assert result.written
    assert result.target.read_bytes() == (paper.folder / "source.yaml").read_bytes(), (
        f"{paper.name}: the importer now reads paper.md otherwise; if that is meant, import it again "
        "(tests/fixtures/papers/README.md) and check that contribution.yaml still cites the right ids")


def test_the_readme_says_how_every_pdf_and_word_version_imports():
    claims = format_claims()
    assert sorted(claims) == sorted((paper.name, kind) for paper, kind in VERSIONS)


@pytest.mark.parametrize("paper,kind", VERSIONS, ids=lambda v: _name(v))
def test_pdf_and_word_versions_import_as_the_readme_says(paper, kind):
    same = format_claims()[(paper.name, kind)]
    markdown = [(p.kind, p.text) for p in import_document(paper.folder / "paper.md").paragraphs]
    other = [(p.kind, p.text) for p in import_document(paper.folder / f"paper.{kind}").paragraphs]
    if same:
        assert other == markdown
    else:
        assert other != markdown, (f"{paper.name}'s {kind} now imports as its Markdown does: "
                                   "say so in tests/fixtures/papers/README.md")


def _pages(pdf) -> list[list[tuple]]:
    """Each page's words, where they stand and in which font and size: what a reader and the
    importer see. Not the bytes: how the font subsets are packed depends on the machine's
    HarfBuzz and on the fonts a process has already loaded."""
    import pdfplumber
    with pdfplumber.open(pdf) as document:
        return [[(word["text"], round(word["x0"], 1), round(word["top"], 1), word["fontname"].partition("+")[2],
                  round(word["size"], 1))
                 for word in page.extract_words(extra_attrs=["fontname", "size"])]
                for page in document.pages]


@pytest.mark.slow
def test_the_pdf_and_word_versions_are_those_make_documents_makes(tmp_path):
    from .documents import write_paper_docx, write_paper_pdf
    from .fixtures.papers.make_documents import FORMATS, HEADERS
    for name, formats in FORMATS.items():
        markdown = (PAPERS_DIR / name / "paper.md").read_text(encoding="utf-8")
        if "pdf" in formats:
            made = write_paper_pdf(markdown, HEADERS[name], tmp_path / f"{name}.pdf")
            assert _pages(made) == _pages(PAPERS_DIR / name / "paper.pdf"), name
        if "docx" in formats:
            made = write_paper_docx(markdown, tmp_path / f"{name}.docx")
            assert made.read_bytes() == (PAPERS_DIR / name / "paper.docx").read_bytes(), name
