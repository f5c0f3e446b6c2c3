"""The rendering layer: executed brief notebook -> self-contained HTML and tagged PDF."""
from __future__ import annotations

import base64
import copy
import datetime as dt
import io
import subprocess
import sys
import time
from html.parser import HTMLParser

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from migration_briefs import render
from migration_briefs.render import (
    META_MIMETYPE,
    BriefHTMLExporter,
    BriefPDFExporter,
    BriefRenderError,
    export_html,
    export_pdf,
)

pypdf = pytest.importorskip("pypdf")

TITLE = "SDG Goal 5: Gender equality"
META = {
    "title": TITLE,
    "kind": "goal",
    "subtitle": "What UN Women did in 2016",
    "agency": "un-women",
    "agency_name": "UN Women",
    "year": 2016,
    "meeting": "Fifteenth Coordination Meeting on International Migration, New York, 16-17 February 2017",
    "date": "2017-02-17",
    "lang": "en",
    "description": "How UN Women's work on migration in 2016 advanced gender equality.",
    "keywords": ["gender", "migration"],
    "source_href": "../../sources/un-women-2017.html",
}
SOURCE = "../../sources/un-women-2017.html"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120">'
    '<rect x="10" y="10" width="200" height="40" fill="#0a5c8f"/>'
    '<rect x="10" y="70" width="120" height="40" fill="#009edb"/></svg>'
)
ALT = "Bar chart: 12 activities done in 2016, 7 planned for 2017."
# Things that exist in the notebook but must never reach a reader.
HIDDEN = [
    "print noise",            # stdout
    "stderr noise",           # stderr
    "PLAIN-RESULT-SENTINEL",  # execute_result with text/plain only
    "PLAIN-DISPLAY-SENTINEL", # display_data with text/plain only
    "PARAM-SENTINEL",         # parameters / injected-parameters cells (source and output)
    "MARKDOWN-SENTINEL",      # markdown cell
    "RAW-SENTINEL",           # raw cell
    "SOURCE-SENTINEL",        # code cell source
    "brief.section(",
]


def _html(fragment: str) -> dict:
    return new_output("display_data", data={"text/html": fragment, "text/plain": "<IPython.core.display.HTML object>"})


def make_notebook(meta: dict | None = None, extra_cells: list | None = None) -> nbformat.NotebookNode:
    """An executed brief notebook as papermill leaves it."""
    uri = "data:image/svg+xml;base64," + base64.b64encode(SVG.encode()).decode()
    parameters = new_code_cell('agency = "PARAM-SENTINEL"', metadata={"tags": ["parameters"]}, execution_count=1)
    injected = new_code_cell(
        '# Parameters\nagency = "un-women"  # PARAM-SENTINEL\n',
        metadata={"tags": ["injected-parameters"]},
        execution_count=2,
        outputs=[new_output("stream", name="stdout", text="PARAM-SENTINEL\n")],
    )
    meta_cell = new_code_cell(
        "brief.meta()  # SOURCE-SENTINEL",
        execution_count=3,
        outputs=[new_output("display_data", data={META_MIMETYPE: meta or META, "text/plain": "meta"})],
    )
    notes = new_markdown_cell("# Notes for authors\nMARKDOWN-SENTINEL")
    raw = new_raw_cell("RAW-SENTINEL")
    overview = new_code_cell(
        "brief.section('overview')",
        execution_count=4,
        outputs=[
            new_output("stream", name="stdout", text="print noise\n"),
            new_output("stream", name="stderr", text="stderr noise\n"),
            _html(
                '<section class="brief-section" aria-labelledby="overview"><h2 id="overview">Overview</h2>'
                '<p class="lead">In 2016 UN Women worked to make the global compact on migration gender-responsive.</p>'
                f'<p class="source-note">Source: <a href="{SOURCE}#p12">¶ p12</a></p></section>'
            ),
            new_output("execute_result", data={"text/plain": "'PLAIN-RESULT-SENTINEL'"}, execution_count=4),
            new_output("display_data", data={"text/plain": "PLAIN-DISPLAY-SENTINEL"}),
        ],
    )
    activities = new_code_cell(
        "brief.section('activities')",
        execution_count=5,
        outputs=[
            _html(
                '<section class="brief-section" aria-labelledby="activities"><h2 id="activities">Activities</h2>'
                '<h3 id="coordination">Coordination</h3><p>Co-chaired the working group on migration and gender.</p>'
                '<table class="brief-table"><caption>Activities by status, 2016</caption>'
                '<thead><tr><th scope="col">Kind</th><th scope="col" class="num">Done</th></tr></thead>'
                '<tbody><tr><th scope="row">Coordination</th><td class="num">4</td></tr>'
                '<tr><th scope="row">Advocacy</th><td class="num">5</td></tr></tbody></table>'
                f'<figure class="chart"><img src="{uri}" alt="{ALT}"><figcaption>Figure 1. Activities.</figcaption></figure>'
                f'<p class="source-note">Source: <a href="{SOURCE}#p20">¶ p20</a></p></section>'
            )
        ],
    )
    cells = [parameters, injected, meta_cell, notes, raw, overview, activities, *(extra_cells or [])]
    nb = new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.validate(nb)
    return nb


class _Page(HTMLParser):
    """Just enough of the page's structure to assert on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "img", "br", "link", "hr", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        for tag in set(self.stack):
            self.text.setdefault(tag, []).append(data)

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]

    def text_of(self, tag):
        return "".join(self.text.get(tag, [])).strip()


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def html() -> str:
    return export_html(make_notebook())


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return export_pdf(make_notebook())


# ------------------------------------------------------------------------------ HTML

def test_html_page_head(html):
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    page = parse(html)
    assert page.text_of("title") == TITLE
    metas = {attrs.get("name"): attrs.get("content") for attrs in page.all("meta") if "name" in attrs}
    assert metas["author"] == "UN Women"
    assert metas["description"] == META["description"]
    assert metas["keywords"] == "gender, migration"
    assert metas["viewport"].startswith("width=device-width")
    assert any("charset" in attrs for attrs in page.all("meta"))


def test_html_title_is_the_only_h1_and_header_has_the_facts(html):
    page = parse(html)
    assert len(page.all("h1")) == 1
    assert page.text_of("h1") == TITLE
    header = page.text_of("header")
    for fact in ("What UN Women did in 2016", "UN Women", "2016", META["meeting"], "17 February 2017"):
        assert fact in header
    assert '<time datetime="2017-02-17">' in html
    assert META["meeting"] in page.text_of("footer")


def test_html_main_holds_the_fragments_in_order(html):
    page = parse(html)
    assert len(page.all("main")) == 1
    main = html[html.index("<main"):html.index("</main>")]
    assert main.index('<h2 id="overview">') < main.index('<h2 id="activities">')
    assert '<table class="brief-table">' in main and '<th scope="col">Kind</th>' in main
    assert f'href="{SOURCE}#p12"' in main


def test_html_shows_no_code_prompts_or_plain_output(html):
    page = parse(html)
    for tag in ("pre", "code", "script", "textarea"):
        assert not page.all(tag), tag
    assert "In [" not in html and "Out[" not in html
    for hidden in HIDDEN:
        assert hidden not in html, hidden
    assert "jp-" not in html  # no JupyterLab classes


def test_html_images_have_alt(html):
    imgs = parse(html).all("img")
    assert imgs and all(img.get("alt") for img in imgs)
    assert imgs[0]["alt"] == ALT


def test_html_is_self_contained_and_static(html):
    page = parse(html)
    assert not page.all("link"), "CSS must be inlined"
    assert len(page.all("style")) >= 1
    assert "@page" in html and "counter(pages)" in html
    for leak in ("file://", "/tmp/", "/work/", "http://", "https://"):
        assert leak not in html, leak
    assert dt.date.today().isoformat() not in html


def test_html_is_byte_identical_and_input_untouched():
    nb = make_notebook()
    before = copy.deepcopy(nb)
    first = export_html(nb)
    assert export_html(nb) == first
    assert export_html(make_notebook()) == first
    assert nb == before, "export must not modify the caller's notebook"


def test_html_localised_for_french():
    html = export_html(make_notebook({**META, "lang": "fr"}))
    assert html.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert "17 février 2017" in html
    assert '"Page " counter(page) " sur " counter(pages)' in html


def test_exporter_metadata_and_entry_points():
    from nbconvert.exporters import get_exporter

    assert get_exporter("brief_html") is BriefHTMLExporter
    assert get_exporter("brief_pdf") is BriefPDFExporter
    assert BriefHTMLExporter().file_extension == ".html"
    assert BriefPDFExporter().file_extension == ".pdf"
    assert BriefPDFExporter.output_mimetype == "application/pdf"
    assert BriefHTMLExporter.export_from_notebook == "Brief HTML"
    _, resources = BriefHTMLExporter().from_notebook_node(make_notebook())
    assert resources["brief"]["title"] == TITLE


# ------------------------------------------------------------------------------ errors

def test_error_output_raises_naming_the_cell():
    failing = new_code_cell(
        "brief.section('x')",
        execution_count=6,
        outputs=[new_output("error", ename="KeyError", evalue="'x'", traceback=["Traceback...", "KeyError: 'x'"])],
    )
    nb = make_notebook(extra_cells=[failing])
    index = len(nb.cells) - 1
    for export in (export_html, export_pdf):
        with pytest.raises(BriefRenderError) as caught:
            export(nb)
        assert caught.value.cell_index == index
        assert "KeyError" in caught.value.message
        assert f"cell {index}" in str(caught.value)


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda nb: nb.cells.pop(2), "no output carries"),
        (lambda nb: nb.cells[2].outputs[0].data[META_MIMETYPE].pop("title"), "lacks title"),
        (lambda nb: nb.cells.append(new_code_cell(outputs=copy.deepcopy(nb.cells[2].outputs))), "second"),
        (lambda nb: nb.cells[6].outputs[0].data.update({"text/html": '<img src="data:,">'}), "without alt"),
        (lambda nb: nb.cells[6].outputs[0].data.update({"text/html": "<h1>Another</h1>"}), "<h1>"),
    ],
    ids=["no-meta", "no-title", "two-metas", "img-without-alt", "second-h1"],
)
def test_malformed_briefs_are_refused(change, needle):
    nb = make_notebook()
    change(nb)
    with pytest.raises(BriefRenderError, match="Cannot render brief") as caught:
        export_html(nb)
    assert needle in caught.value.message


# ------------------------------------------------------------------------------- PDF

def _outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles.extend(_outline_titles(item) if isinstance(item, list) else [item.title])
    return titles


def test_pdf_text_and_metadata(pdf):
    assert pdf.startswith(b"%PDF-1.7")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    for needle in (TITLE, "Overview", "Activities", "Coordination", "Page 1 of"):
        assert needle in text, needle
    for hidden in HIDDEN:
        assert hidden not in text, hidden
    info = reader.metadata
    assert info.title == TITLE
    assert info.author == "UN Women"
    assert info.subject == META["description"]
    assert "/CreationDate" not in info and "/ModDate" not in info


def test_pdf_is_tagged_with_language_and_bookmarks(pdf):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == pypdf.generic.BooleanObject(True)
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    titles = _outline_titles(reader.outline)
    assert titles[:3] == [TITLE, "Overview", "Activities"]


def _figure_alts(pdf: bytes) -> list:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = []

    def walk(element):
        element = element.get_object()
        if not isinstance(element, dict):
            return
        if element.get("/S") == "/Figure":
            found.append(element.get("/Alt"))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def _link_uris(pdf: bytes) -> set:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    uris = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                uris.add(str(action["/URI"]))
    return uris


def test_pdf_figure_has_alt_text(pdf):
    assert _figure_alts(pdf) == [ALT]


def test_pdf_links_stay_relative(pdf, html, tmp_path):
    assert _link_uris(pdf) == {SOURCE, f"{SOURCE}#p12", f"{SOURCE}#p20"}
    # A base_url locates relative images, but links keep their relative href: the PDF
    # holds no path of the machine that built it.
    (tmp_path / "local.svg").write_text(SVG, encoding="utf-8")
    local = '<figure class="chart"><img src="local.svg" alt="Local chart"></figure>'
    with_local = html.replace('<main id="content">', '<main id="content">' + local)
    based = render.html_to_pdf(with_local, base_url=str(tmp_path))
    assert _figure_alts(based) == ["Local chart", ALT]
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(based)).pages)
    assert "Local chart" not in text, "the image did not load (its alt text was printed instead)"
    assert _link_uris(based) == _link_uris(pdf)
    assert render.html_to_pdf(with_local, base_url=str(tmp_path)) == based


def test_pdf_is_byte_identical_whatever_the_clock(pdf, monkeypatch):
    # fontTools stamps subset fonts with time.time() unless SOURCE_DATE_EPOCH is set:
    # move the clock by a day to prove the bytes do not depend on it.
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 86_400)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert export_pdf(make_notebook()) == pdf
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]


def test_html_to_pdf_never_fetches_from_the_network(monkeypatch):
    import urllib.request

    opened = []
    real_open = urllib.request.OpenerDirector.open

    def spy(self, request, *args, **kwargs):
        opened.append(getattr(request, "full_url", request))
        return real_open(self, request, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy)
    remote = '<img src="http://example.invalid/x.png" alt="x"><link rel="stylesheet" href="https://example.invalid/x.css">'
    html = export_html(make_notebook()).replace('<main id="content">', '<main id="content">' + remote)
    assert render.html_to_pdf(html).startswith(b"%PDF")
    assert not [url for url in opened if str(url).startswith("http")]
    assert any(str(url).startswith("data:") for url in opened), "the spy saw no fetch at all"


# ----------------------------------------------------------------------- command line

def test_jupyter_nbconvert_entry_points_match_in_process_export(tmp_path, html, pdf):
    path = tmp_path / "goal-5.ipynb"
    nbformat.write(make_notebook(), path)
    for to in ("brief_html", "brief_pdf"):
        subprocess.run(
            [sys.executable, "-m", "jupyter", "nbconvert", "--to", to, str(path)],
            check=True, capture_output=True, cwd=tmp_path, timeout=300,
        )
    assert (tmp_path / "goal-5.html").read_text(encoding="utf-8") == html
    assert (tmp_path / "goal-5.pdf").read_bytes() == pdf


def test_importing_render_does_not_import_weasyprint():
    code = "import sys, migration_briefs.render; print('weasyprint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"
