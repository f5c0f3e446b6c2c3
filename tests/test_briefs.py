"""Every brief notebook, run through papermill with real parameter sets, read as a reader
would: the HTML's title, headings, item titles, images and alt text; the PDF's pages, text,
metadata and tags. Also: an empty combination and invalid values."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError
from pypdf import PdfReader

from migration_briefs import load, paths
from migration_briefs.build import Filters, build
from migration_briefs.params import plan

YEAR = 2016


class Page(HTMLParser):
    """What a reader of an HTML page meets: headings, text, images."""

    def __init__(self, html: str):
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.images: list[dict] = []
        self.tags: list[str] = []
        self.text_parts: list[str] = []
        self._heading: str | None = None
        self._skip = 0
        self.feed(html)
        self.text = " ".join(" ".join(self.text_parts).split())

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("style", "script"):
            self._skip += 1
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = tag
            self.headings.append((tag, ""))
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text_parts.append(data)
        if self._heading:
            level, text = self.headings[-1]
            self.headings[-1] = (level, (text + data))


@pytest.fixture(scope="session")
def dataset():
    return load()


@pytest.fixture(scope="session")
def built(tmp_path_factory, dataset):
    """Every 2016 brief (each goal and mechanism the data touches, and the overview)."""
    build_dir = tmp_path_factory.mktemp("build")
    report = build(Filters(year=YEAR, agency="un-women"), jobs=2, build_dir=build_dir)
    assert not report.failed, [f.error for f in report.failed]
    return build_dir


SPECS = plan(load(), year=YEAR, agency="un-women")


def spec_id(spec):
    return spec.relpath


def test_every_goal_and_mechanism_of_the_year_has_a_brief(dataset):
    kinds = {(s.kind, s.goal or s.mechanism) for s in SPECS}
    assert {("goal", g) for g in dataset.goals(year=YEAR)} <= kinds
    assert {("mechanism", m) for m in dataset.mechanisms(year=YEAR)} <= kinds
    assert ("overview", None) in kinds


@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_html_reads_as_a_brief(built, dataset, spec):
    html = (built / f"{spec.relpath}.html").read_text(encoding="utf-8")
    page = Page(html)
    h1 = [text for level, text in page.headings if level == "h1"]
    assert len(h1) == 1
    assert re.search(r'<html lang="en"', html)
    assert re.search(r"<title>([^<]*)</title>", html).group(1).replace("&amp;", "&") == h1[0].strip()
    h2 = [text.strip() for level, text in page.headings if level == "h2"]
    assert "Sources" in h2 and len(h2) >= 4
    for record in brief_records(dataset, spec):
        assert record.item.title in page.text, record.item.title
    for forbidden in ("Traceback", "In [", "injected-parameters", "show(brief", "import ", "<pre", "<code"):
        assert forbidden not in html, forbidden
    if spec.kind != "mechanism" or len(brief_records(dataset, spec)) > 1:
        assert page.images, "a brief with more than one item has at least one chart"
    for image in page.images:
        assert image.get("alt", "").strip(), image
    assert {"header", "main", "footer"} <= set(page.tags)
    for block in re.findall(r'<section class="brief-section".*?</section>', html, re.S):
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", block).group(1)
        assert heading == "Sources" or 'class="source-note"' in block, f"no source note under {heading!r}"
    cited = set(re.findall(r'href="#(src-[^"]+)"', html))
    assert cited and all(f'id="{anchor}"' in html for anchor in cited), "every ¶ link lands on its quotation"
    assert str(paths.ROOT) not in html and str(built) not in html


def brief_records(dataset, spec):
    if spec.kind == "goal":
        return dataset.items(year=spec.year, agency=spec.agency, goal=spec.goal)
    if spec.kind == "mechanism":
        return dataset.items(year=spec.year, agency=spec.agency, mechanism=spec.mechanism)
    return dataset.items(year=spec.year, agency=spec.agency)


@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_pdf_reads_as_a_brief(built, dataset, spec):
    reader = PdfReader(built / f"{spec.relpath}.pdf")
    html_title = Page((built / f"{spec.relpath}.html").read_text(encoding="utf-8")).headings[0][1].strip()
    assert 1 <= len(reader.pages) <= 40
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert html_title in text
    for record in brief_records(dataset, spec):
        assert " ".join(record.item.title.split()[:4]) in text, record.item.title
    assert reader.metadata.title == html_title
    assert reader.metadata.author
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert reader.outline, "headings become bookmarks"
    assert f"Page 1 of {len(reader.pages)}" in reader.pages[0].extract_text()


def test_index_lists_every_brief(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    for spec in SPECS:
        assert f'href="{spec.relpath}.html"' in index and f'href="{spec.relpath}.pdf"' in index


def test_source_page_has_every_paragraph_anchor(built, dataset):
    page = (built / "sources" / "un-women_15th-coordination-meeting_2017.html").read_text(encoding="utf-8")
    for paragraph in dataset.sources["sources/un-women_15th-coordination-meeting_2017.yaml"].paragraphs:
        assert f'id="{paragraph.id}"' in page


def run_notebook(tmp_path: Path, notebook: str, **parameters):
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(paths.NOTEBOOKS_DIR / notebook), str(output), parameters=parameters,
                               kernel_name="python3", progress_bar=False, cwd=str(paths.NOTEBOOKS_DIR))
    return nbformat.read(output, as_version=4)


def test_an_empty_combination_gives_a_short_brief_that_says_so(tmp_path):
    from migration_briefs.render import export_html
    nb = run_notebook(tmp_path, "goal_brief.ipynb", goal=3, year=2016, agency="un-women")
    page = Page(export_html(nb))
    assert [t for level, t in page.headings if level == "h1"] == ["SDG Goal 3: Good health and well-being"]
    assert "No work by UN Women in 2016 is linked to this goal" in page.text
    assert "Sources" in [t for _, t in page.headings]


@pytest.mark.parametrize("notebook, parameters, message", [
    ("goal_brief.ipynb", {"goal": 18}, "Parameter goal=18 is not an SDG goal; valid values are: 1, 2, 3"),
    ("mechanism_brief.ipynb", {"mechanism": "ILO"}, "Parameter mechanism='ILO' is not a mechanism"),
    ("overview_brief.ipynb", {"agency": "unwomen"}, "Parameter agency='unwomen' is not known; valid values are: all, un-women"),
    ("overview_brief.ipynb", {"year": 1999}, "Parameter year=1999 is not a year the data covers; valid values are: 2016, 2017"),
])
def test_an_invalid_value_fails_with_one_clear_sentence(tmp_path, notebook, parameters, message):
    with pytest.raises(PapermillExecutionError) as caught:
        run_notebook(tmp_path, notebook, **parameters)
    assert caught.value.ename == "ParameterError"
    assert message in caught.value.evalue


@pytest.mark.parametrize("notebook", sorted(p.name for p in paths.NOTEBOOKS_DIR.glob("*.ipynb")))
def test_each_notebook_has_one_parameters_cell_whose_defaults_are_valid(dataset, notebook):
    from migration_briefs.params import NOTEBOOKS, brief_spec
    nb = nbformat.read(paths.NOTEBOOKS_DIR / notebook, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    defaults: dict = {}
    exec(tagged[0].source, {}, defaults)
    kind = next(kind for kind, name in NOTEBOOKS.items() if name == notebook)
    assert brief_spec(dataset, kind, **defaults)
    assert not any(c.get("outputs") or c.get("execution_count") for c in nb.cells if c.cell_type == "code")
    code = [c.source for c in nb.cells if c.cell_type == "code" and c is not tagged[0]]
    assert all(len(source.splitlines()) <= 4 for source in code), "notebook cells stay thin"
