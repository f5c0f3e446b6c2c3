"""The rendering layer: an executed brief notebook -> a self-contained HTML page and a tagged
PDF. The notebook is the document: markdown cells are prose, outputs are tables and figures,
tags and `#|` options decide what readers see; code never shows."""
from __future__ import annotations

import base64
import copy
import datetime as dt
import io
import re
import struct
import subprocess
import sys
import time
import zlib
from html import unescape
from html.parser import HTMLParser

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from migration_briefs.render import exporters as render
from migration_briefs.render.cells import EMPTY_MIMETYPE
from migration_briefs.render.exporters import (
    META_MIMETYPE,
    BriefHTMLExporter,
    BriefPDFExporter,
    BriefRenderError,
    brief_metadata,
    export_brief,
    export_html,
    export_pdf,
)

pypdf = pytest.importorskip("pypdf")

TITLE = "SDG Goal 5: Gender equality"
META = {
    "title": TITLE,
    "kind": "goal",
    "subtitle": "UN Women's work on gender and migration in 2016",
    "agency": "un-women",
    "agency_name": "UN Women",
    "publisher": "Migration Briefs",
    "publisher_about": "Migration Briefs is an independent editorial project.",
    "publisher_contact": "editors@example.org",
    "subject": "UN Women (United Nations Entity for Gender Equality and the Empowerment of Women)",
    "year": 2016,
    "meeting": "Fifteenth Coordination Meeting on International Migration, New York, 16-17 February 2017",
    "date": "2017-02-17",
    "lang": "en",
    "description": "How UN Women's work on migration in 2016 advanced gender equality.",
    "keywords": ["gender", "migration"],
    "source_href": "../../sources/un-women-2017.html",
    "data": [{"name": "items", "csv": "key,title\nun-women/2017/a,A\n"}, {"name": "events", "csv": "key,date\n"}],
}
SOURCE = "../../sources/un-women-2017.html"
ALT = "Bar chart: 12 activities done in 2016, 7 planned for 2017."
# Things that exist in the notebook but must never reach a reader.
HIDDEN = [
    "print noise",            # stdout
    "stderr noise",           # stderr
    "PLAIN-RESULT-SENTINEL",  # execute_result with text/plain only
    "PLAIN-DISPLAY-SENTINEL", # display_data with text/plain only
    "PARAM-SENTINEL",         # parameters / injected-parameters cells (source and output)
    "AUTHOR-NOTE-SENTINEL",   # a markdown cell tagged remove-cell
    "RAW-SENTINEL",           # raw cell
    "SOURCE-SENTINEL",        # code cell source
    "SETUP-SENTINEL",         # output of a cell with '#| include: false'
    "REMOVED-OUTPUT-SENTINEL",  # output of a cell tagged remove-output
]


def png(width: int = 40, height: int = 20, dpi: int = 200) -> bytes:
    """A small valid PNG with its pixels-per-metre chunk, as matplotlib writes one."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x0a\x5c\x8f" * width for _ in range(height))
    per_metre = round(dpi / 0.0254)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


PNG = base64.b64encode(png()).decode()


def _html(fragment: str) -> dict:
    return new_output("display_data", data={"text/html": fragment, "text/plain": "<IPython.core.display.HTML object>"})


def make_notebook(meta: dict | None = None, extra_cells: list | None = None) -> nbformat.NotebookNode:
    """An executed brief notebook as papermill leaves it."""
    parameters = new_code_cell('agency = "PARAM-SENTINEL"', metadata={"tags": ["parameters"]}, execution_count=1)
    injected = new_code_cell(
        '# Parameters\nagency = "un-women"  # PARAM-SENTINEL\n',
        metadata={"tags": ["injected-parameters"]},
        execution_count=2,
        outputs=[new_output("stream", name="stdout", text="PARAM-SENTINEL\n")],
    )
    meta_cell = new_code_cell(
        "brief.title_block()  # SOURCE-SENTINEL",
        execution_count=3,
        outputs=[new_output("display_data", data={META_MIMETYPE: meta or META, "text/plain": "meta"})],
    )
    notes = new_markdown_cell("# Notes for authors\nAUTHOR-NOTE-SENTINEL", metadata={"tags": ["remove-cell"]})
    raw = new_raw_cell("RAW-SENTINEL")
    setup = new_code_cell("#| include: false\nprint('SETUP-SENTINEL')", execution_count=4,
                          outputs=[_html("<p>SETUP-SENTINEL</p>")])
    overview_heading = new_markdown_cell("## Overview\n\nWhat the paper **says**, with a [link](https://www.un.org/).")
    overview = new_code_cell(
        "brief.lead()",
        execution_count=5,
        outputs=[
            new_output("stream", name="stdout", text="print noise\n"),
            new_output("stream", name="stderr", text="stderr noise\n"),
            _html('<p class="lead">In 2016 UN Women worked to make the global compact on migration '
                  f'gender-responsive. <span class="cite">(<a href="{SOURCE}#p12">¶ p12</a>)</span></p>'),
            new_output("execute_result", data={"text/plain": "'PLAIN-RESULT-SENTINEL'"}, execution_count=5),
            new_output("display_data", data={"text/plain": "PLAIN-DISPLAY-SENTINEL"}),
        ],
    )
    activities_heading = new_markdown_cell("## Activities\n\n### Coordination\n\n- Co-chaired the working group")
    activities = new_code_cell(
        "display(df)",
        execution_count=6,
        outputs=[_html('<table class="brief-table"><caption>Activities by status, 2016</caption>'
                       '<thead><tr><th scope="col">Kind</th><th scope="col" class="num">Done</th></tr></thead>'
                       '<tbody><tr><th scope="row">Coordination</th><td class="num">4</td></tr>'
                       '<tr><th scope="row">Advocacy</th><td class="num">5</td></tr></tbody></table>')],
    )
    figure = new_code_cell(
        f"#| fig-alt: {ALT}\n#| fig-cap: Activities by status.\ndf.plot.barh()",
        execution_count=7,
        outputs=[new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure size 630x320>"})],
    )
    removed = new_code_cell("x", execution_count=8, metadata={"tags": ["remove-output"]},
                            outputs=[_html("<p>REMOVED-OUTPUT-SENTINEL</p>")])
    cells = [parameters, injected, meta_cell, notes, raw, setup, overview_heading, overview, activities_heading,
             activities, figure, removed, *(extra_cells or [])]
    nb = new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                  "migration_briefs": {"brief": "goal", "output": "goal-{goal}",
                                       "grid": ["agencies", "years", "goals"]}},
    )
    nbformat.validate(nb)
    return nb


class _Page(HTMLParser):
    """Every tag with its attributes, and the text inside each tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "img", "br", "link", "input"):
            self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        for tag in set(self._open):
            self.texts.setdefault(tag, []).append(data)

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]

    def text_of(self, tag):
        return " ".join(" ".join(self.texts.get(tag, [])).split())


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def html() -> str:
    return export_html(make_notebook(), name="goal-5")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return export_pdf(make_notebook(), name="goal-5")


# ------------------------------------------------------------------------------ HTML

def test_html_page_head(html):
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    page = parse(html)
    assert page.text_of("title") == TITLE
    metas = {attrs.get("name"): attrs.get("content") for attrs in page.all("meta") if "name" in attrs}
    assert metas["author"] == metas["dcterms.publisher"] == META["publisher"]
    assert metas["dcterms.subject"] == META["subject"]
    assert metas["description"] == META["description"]
    assert metas["keywords"] == "gender, migration"
    assert metas["viewport"].startswith("width=device-width")
    assert any("charset" in attrs for attrs in page.all("meta"))


def test_html_title_is_the_only_h1_and_the_masthead_says_where_it_comes_from(html):
    page = parse(html)
    assert len(page.all("h1")) == 1
    assert page.text_of("h1") == TITLE
    header = page.text_of("header")
    for fact in (META["subtitle"], "UN Women", "2016", META["meeting"]):
        assert fact in header
    footer = page.text_of("footer")
    assert META["publisher_about"] in footer and META["publisher_contact"] in footer, "who we are, and a contact"


def test_markdown_cells_and_outputs_reach_the_brief_in_order_as_sections(html):
    main = html[html.index("<main"):html.index("</main>")]
    order = ['<h2 id="overview">', "<strong>says</strong>", 'href="https://www.un.org/"', 'class="lead"',
             '<h2 id="activities">', '<h3 id="coordination">', "<li>Co-chaired", "<table", '<figure class="chart">']
    positions = [main.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert main.count('<section class="brief-section" aria-labelledby="') == 2
    assert '<section class="brief-section" aria-labelledby="overview">' in main


def test_html_shows_no_code_prompts_stream_plain_output_or_hidden_cells(html):
    page = parse(html)
    for tag in ("pre", "code", "script", "textarea"):
        assert not page.all(tag), tag
    assert "In [" not in html and "Out[" not in html
    for hidden in HIDDEN:
        assert hidden not in html, hidden
    assert "jp-" not in html  # no JupyterLab classes


def test_a_figure_gets_its_alt_text_caption_and_size_from_the_cell(html):
    (img,) = parse(html).all("img")
    assert img["alt"] == ALT
    assert (img["width"], img["height"]) == ("19", "10")  # 40 x 20 pixels at 200 dpi, in CSS pixels
    assert "<figcaption>Activities by status.</figcaption>" in html


def test_the_brief_links_its_pdf_and_the_tables_behind_it(html):
    links = {attrs.get("href") for attrs in parse(html).all("a")}
    assert {"goal-5.pdf", "./goal-5.html", "goal-5.items.csv", "goal-5.events.csv"} <= links


def test_a_pdf_links_the_web_edition_where_the_publisher_names_one():
    """With a web edition, every relative link of the PDF (other briefs, the source text, the index,
    the tables) leads there, so that it works in a PDF sent on its own; without, a link to another
    brief leads to its PDF beside this one."""
    from migration_briefs.render.exporters import standalone_links
    nb = make_notebook()
    plain = export_html(nb, "goal-5")
    assert "canonical" not in plain
    assert 'href="overview.pdf#item-x"' in standalone_links(plain.replace("</main>", '<a href="overview.html#item-x">x</a></main>'), ".pdf")
    web = make_notebook(meta={**META, "web_address": "https://briefs.example.org/un-women/2016/goal-5.html"})
    html = export_html(web, "goal-5").replace("</main>", '<a href="overview.html#item-x">x</a></main>')
    assert '<link rel="canonical" href="https://briefs.example.org/un-women/2016/goal-5.html">' in html
    printed = standalone_links(html, ".pdf")
    hrefs = set(re.findall(r'\shref="([^"]*)"', printed))
    assert "https://briefs.example.org/un-women/2016/overview.html#item-x" in hrefs
    assert "https://briefs.example.org/sources/un-women-2017.html" in hrefs
    assert "https://briefs.example.org/un-women/2016/goal-5.items.csv" in hrefs
    assert not {h for h in hrefs if not h.startswith(("https://", "#"))}, "no relative link is left"


def test_the_tables_behind_the_brief_are_written_beside_it():
    _, resources = export_brief(make_notebook(), "goal-5")
    assert resources["outputs"] == {"goal-5.items.csv": META["data"][0]["csv"].encode(),
                                    "goal-5.events.csv": META["data"][1]["csv"].encode()}


def test_html_is_self_contained_and_static(html):
    page = parse(html)
    assert not page.all("link"), "CSS must be inlined"
    assert len(page.all("style")) >= 1
    assert "@page" in html and "counter(pages)" in html
    for leak in ("file://", "/tmp/", "/work/", "http://"):
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


# ----------------------------------------------------------------------- tags and sections

def test_a_section_whose_data_has_nothing_to_show_is_left_out_with_its_heading():
    empty = [new_markdown_cell("## Commitments\n\nWhat the agency will do."),
             new_code_cell("brief.commitments()", execution_count=9,
                           outputs=[new_output("execute_result", execution_count=9,
                                               data={EMPTY_MIMETYPE: {}, "text/plain": "(nothing to show)"})])]
    html = export_html(make_notebook(extra_cells=empty))
    assert "Commitments" not in html and "What the agency will do" not in html


def test_a_section_of_prose_alone_is_kept():
    note = [new_markdown_cell("## Analyst note\n\nA sentence of context."), new_code_cell("x = 1", execution_count=9)]
    html = export_html(make_notebook(extra_cells=note))
    assert '<h2 id="analyst-note">Analyst note</h2>' in html and "A sentence of context." in html


def test_display_markdown_output_is_rendered_like_a_markdown_cell():
    cell = new_code_cell("display(Markdown(...))", execution_count=9, outputs=[new_output(
        "display_data", data={"text/markdown": "## Counted\n\n*Three* items.", "text/plain": "<Markdown>"})])
    html = export_html(make_notebook(extra_cells=[cell]))
    assert '<section class="brief-section" aria-labelledby="counted">' in html and "<em>Three</em>" in html


def test_tbl_cap_captions_a_table_without_one():
    cell = new_code_cell("#| tbl-cap: Items by kind\ndisplay(df)", execution_count=9, outputs=[
        _html('<table border="1" class="dataframe"><thead><tr><th></th><th>n</th></tr></thead>'
              '<tbody><tr><th>0</th><td>1</td></tr></tbody></table>')])
    html = export_html(make_notebook(extra_cells=[cell]))
    assert '<table class="brief-table"><caption>Items by kind</caption>' in html
    assert 'border="1"' not in html


def test_heading_ids_are_unique_in_a_page():
    cells = [new_markdown_cell("## Notes\n\nOne."), new_markdown_cell("## Notes\n\nTwo.")]
    html = export_html(make_notebook(extra_cells=cells))
    assert 'id="notes"' in html and 'id="notes-2"' in html


# ------------------------------------------------------------------------------ errors

def test_error_output_raises_naming_the_cell():
    failing = new_code_cell(
        "brief.section('x')",
        execution_count=9,
        outputs=[new_output("error", ename="KeyError", evalue="'x'", traceback=["Traceback...", "KeyError: 'x'"])],
    )
    nb = make_notebook(extra_cells=[failing])
    index = len(nb.cells) - 1
    for export in (export_html, export_pdf):
        with pytest.raises(BriefRenderError) as caught:
            export(nb)
        assert caught.value.cell_index == index
        assert caught.value.cell_number == index  # as JupyterLab numbers it: without the injected cell
        assert "KeyError" in caught.value.message


def test_a_figure_without_alt_text_fails_with_its_cell_and_a_one_line_fix():
    bare = new_code_cell("df.plot.barh()", execution_count=9, outputs=[
        new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})])
    nb = make_notebook(extra_cells=[bare])
    with pytest.raises(BriefRenderError) as caught:
        export_html(nb)
    assert caught.value.cell_number == len(nb.cells) - 1
    assert caught.value.message == "a figure without alt text"
    assert "#| fig-alt:" in caught.value.fix


def test_alt_text_can_come_from_the_output_metadata():
    cell = new_code_cell("display(fig, metadata={'alt': ...})", execution_count=9, outputs=[
        new_output("display_data", data={"image/png": PNG}, metadata={"alt": "Two bars: 3 and 5."})])
    assert 'alt="Two bars: 3 and 5."' in export_html(make_notebook(extra_cells=[cell]))


def test_a_parameter_the_notebook_does_not_declare_is_refused():
    nb = make_notebook()
    nb.cells[1].source += "bogus = 3\n"
    with pytest.raises(BriefRenderError) as caught:
        export_html(nb)
    assert "parameter 'bogus' is not a parameter of this notebook (it takes agency, year, goal)" in str(caught.value)


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda nb: nb.cells.pop(2), "no output carries"),
        (lambda nb: nb.cells[2].outputs[0].data[META_MIMETYPE].pop("title"), "lacks title"),
        (lambda nb: nb.cells.append(new_code_cell(outputs=copy.deepcopy(nb.cells[2].outputs))), "second title block"),
        (lambda nb: nb.cells[9].outputs[0].data.update({"text/html": '<img src="data:,">'}), "without alt"),
        (lambda nb: nb.cells[9].outputs[0].data.update({"text/html": "<h1>Another</h1>"}), "<h1>"),
        (lambda nb: nb.cells.append(new_markdown_cell("# A second title")), "'#' heading"),
        (lambda nb: nb.cells.append(new_markdown_cell("[x](javascript:alert(1))")), "harmful"),
        (lambda nb: nb.cells[9].outputs[0].data.update({"text/html": '<a href="javascript:x()">x</a>'}),
         "scheme 'javascript'"),
        (lambda nb: nb.cells[9].outputs[0].data.update({"text/html": "<script>x()</script>"}), "<script>"),
    ],
    ids=["no-meta", "no-title", "two-metas", "img-without-alt", "second-h1", "markdown-h1", "markdown-js-link",
         "html-js-link", "script"],
)
def test_malformed_briefs_are_refused(change, needle):
    nb = make_notebook()
    change(nb)
    with pytest.raises(BriefRenderError) as caught:
        export_html(nb)
    assert needle in caught.value.message


@pytest.mark.parametrize("change, sentence", [
    ({"titel": "A misspelt title"}, "brief metadata has an unknown field 'titel'"),
    ({"title": "  ", "lang": None}, "brief metadata lacks title, lang"),
    ({"lang": "english please"}, "brief metadata 'lang' must be a language tag such as 'en' or 'fr-CA'"),
    ({"data": [{"name": "Items!", "csv": ""}]}, "brief metadata 'data' must be a list of tables, each a 'name' "
                                               "(lower-case words) and its 'csv' text"),
    ({"data": [{"name": "items", "csv": "", "sql": "drop"}]}, "brief metadata 'data' must be a list of tables"),
    ({"links": ["https://un.org", 3]}, "brief metadata 'links' must be a list of web addresses"),
    ({"keywords": {"a": 1}}, "brief metadata 'keywords' must be a list of strings"),
    ({"source_href": "file:///etc/passwd"}, "brief metadata 'source_href' has a forbidden scheme: 'file:///etc/passwd'"),
], ids=["unknown-field", "blank-required", "lang", "data-name", "data-extra", "links", "keywords", "href-scheme"])
def test_brief_metadata_is_checked_by_its_model_in_one_sentence(change, sentence):
    with pytest.raises(BriefRenderError) as caught:
        brief_metadata({**META, **change}, 2)
    assert str(caught.value).startswith(f"cell 3: {sentence}") and "\n" not in str(caught.value)


def test_brief_metadata_keeps_the_fields_given_as_text_and_the_lists():
    meta = brief_metadata({**META, "keywords": "gender, , migration", "subtitle": None})
    assert meta["year"] == "2016" and meta["subtitle"] == "" and meta["keywords"] == ["gender", "migration"]
    assert meta["links"] == [] and "also_covers" not in meta and meta["data"] == META["data"]


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
    for needle in (TITLE, "Overview", "Activities", "Coordination", "Co-chaired", "Page 1 of"):
        assert needle in text, needle
    for hidden in HIDDEN:
        assert hidden not in text, hidden
    info = reader.metadata
    assert info.title == TITLE
    assert info.author == META["publisher"]
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
    assert titles[:4] == [TITLE, "Overview", "Activities", "Coordination"]


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


def test_pdf_links_stay_relative_and_lead_to_the_html_not_to_itself(pdf):
    assert _link_uris(pdf) == {SOURCE, f"{SOURCE}#p12", "https://www.un.org/", "goal-5.items.csv",
                               "goal-5.events.csv", "./goal-5.html"}


def test_pdf_is_byte_identical_whatever_the_clock(pdf, monkeypatch):
    # Nothing in a PDF may come from the clock (fontTools, for one, stamps a font it saves with it
    # unless SOURCE_DATE_EPOCH is set): move the clock by a day to prove the bytes do not depend on it.
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 86_400)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert export_pdf(make_notebook(), name="goal-5") == pdf
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]


def test_briefs_of_other_dates_share_one_font_subset_with_the_bytes_a_fresh_process_gives(html):
    """Font subsets are kept per process, and a subset does not depend on the brief's date (no
    font is stamped with it): a brief of another date reuses the subsets and its PDF has the bytes a
    fresh process would give it."""
    from migration_briefs import fonts
    other_day = re.sub(r'(name="dcterms\.date" content=")[^"]+', r"\g<1>2001-01-01", html)
    assert other_day != html
    fonts._subsets.clear()
    render.html_to_pdf(html)
    kept = set(fonts._subsets)
    after_another_date = render.html_to_pdf(other_day)
    assert kept and set(fonts._subsets) == kept
    fonts._subsets.clear()
    assert after_another_date == render.html_to_pdf(other_day)


def test_briefs_whose_words_form_other_ligatures_share_one_font_subset(html):
    """Shaping turns "fi" or "ffi" into one glyph where the text has those letters side by side:
    the subset of a face holds the ligatures of its repertoire already, so two briefs that differ
    only in such words are subset once, not once each (subsetting is most of a PDF's time)."""
    from migration_briefs import fonts
    fonts._subsets.clear()
    render.html_to_pdf(html.replace('<main id="content">', '<main id="content"><p>Plain words.</p>', 1))
    kept = set(fonts._subsets)
    for words in ("A final, efficient office.", "Fluffy affinity, <strong>fine flow</strong>."):
        render.html_to_pdf(html.replace('<main id="content">', f'<main id="content"><p>{words}</p>', 1))
    assert kept and set(fonts._subsets) == kept


def test_pdf_bytes_do_not_depend_on_the_machine_having_harfbuzz_subset(pdf, monkeypatch):
    """WeasyPrint would subset fonts with the system's HarfBuzz-Subset where a machine has it, in
    the version it has: the brief always uses the HarfBuzz of uharfbuzz, pinned in the lock."""
    import weasyprint.pdf.fonts
    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", object())  # "the library is here"
    assert export_pdf(make_notebook(), name="goal-5") == pdf


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


def test_render_pdf_counts_its_pages(html):
    data, pages = render.render_pdf(html)
    assert pages == len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 1


@pytest.mark.parametrize("prepared_by", ["", "Prepared by Migration Briefs from"])
def test_every_page_after_the_first_is_headed_by_who_prepared_the_brief_and_its_title(prepared_by):
    """The running head names the publisher whether the masthead has a kicker or says "Prepared by"
    (as every agency brief does) and so has none."""
    nb = make_notebook({**META, "prepared_by": prepared_by, "prepared_from": "UN Women's paper"})
    nb.cells.append(nbformat.v4.new_markdown_cell("## A section\n\n" + "A paragraph.\n\n" * 120))
    data, pages = render.render_pdf(export_html(nb))
    assert pages >= 2
    heads = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages[1:]]
    assert all(f"{META['publisher']} · {TITLE}" in " ".join(head.split()) for head in heads)


def test_short_sections_are_not_kept_with_a_figure_that_does_not_fit_after_them(html):
    """A section of a heading and one paragraph introduces nothing after it: it stays where it
    falls, rather than being carried with the next sections to a page of their own, which would
    leave the page before it half empty."""
    short = "".join(f'<section class="brief-section"><h2>Short {n}</h2><p>SHORT-{n} words.</p></section>'
                    for n in range(3))
    tall = ('<section class="brief-section"><h2>A chart</h2><p>Its introduction.</p>'
            '<div style="height: 20cm; break-inside: avoid">TALL</div></section>')
    data, pages = render.render_pdf(html.replace('<main id="content">', f'<main id="content">{short}{tall}', 1))
    texts = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    assert all(f"SHORT-{n}" in texts[0] for n in range(3)) and "TALL" not in texts[0]


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _element_box(page, tag: str):
    return next(box for box in _boxes(page._page_box) if getattr(box, "element_tag", None) == tag)


def _plain_print(html: str):
    """The brief printed as render_pdf prints it first, before any second print."""
    from weasyprint import HTML
    return HTML(string=render.standalone_links(html, ".pdf")).render(
        stylesheets=[render._pdf_fonts_css()], font_config=render.fonts.weasyprint_fonts())


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


@pytest.fixture(scope="module")
def ending_at_a_page_foot() -> str:
    """A one-page brief with a disclaimer, and a block of fixed height at the top of its content,
    as tall as makes the content end at the foot of the first page: its plain print puts the
    footer (disclaimer, who we are) on a second page of its own."""
    html = export_html(make_notebook({**META, "disclaimer": "An independent reading, not the agency's."}))
    page = _plain_print(html).pages[0]
    box = page._page_box
    main = _element_box(page, "main")
    room = box.content_box_y() + box.height - (main.position_y + main.margin_height())
    ending = html.replace('<main id="content">',
                          f'<main id="content"><div style="height: {room - 1:.2f}px"></div>', 1)
    plain = _plain_print(ending)
    assert len(plain.pages) == 2, "the content no longer ends at the foot of the first page"
    assert _element_box(plain.pages[1], "footer") and not any(
        getattr(box, "element_tag", None) == "main" for box in _boxes(plain.pages[1]._page_box))
    return ending


@pytest.mark.parametrize("tighter_saves_nothing", [False, True])
def test_no_pdf_page_holds_the_footer_alone(ending_at_a_page_foot, monkeypatch, tighter_saves_nothing):
    html = ending_at_a_page_foot
    if tighter_saves_nothing:  # the case of a brief whose tighter print still leaves the footer alone
        from weasyprint import CSS
        real = render._pdf_css
        monkeypatch.setattr(render, "_pdf_css", lambda name: CSS(string="") if name == "pdf-compact.css" else real(name))
    data, pages = render.render_pdf(html)
    assert pages <= len(_plain_print(html).pages) == 2
    texts = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    footer, main = (unescape(re.sub(r"<[^>]+>", " ", re.search(pattern, html, re.S).group(1)))
                    for pattern in (r'<footer class="brief-footer">(.*?)</footer>', r'<main id="content">(.*?)</main>'))
    # the footer is printed, whole, on the last page ...
    assert " ".join(footer.split()) in " ".join(texts[-1].split())
    assert "Disclaimer." in texts[-1] and META["publisher_contact"] in texts[-1]
    # ... and no page holds it alone: the last page holds words of the content the footer has not
    running = _words(f"{META['publisher']} {TITLE} Page of") | {str(n) for n in range(pages + 1)}
    assert _words(texts[-1]) & (_words(main) - _words(footer) - running)


# ----------------------------------------------------------------------- command line

@pytest.mark.slow
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
    assert (tmp_path / "goal-5.items.csv").read_text(encoding="utf-8") == META["data"][0]["csv"]


def test_importing_render_does_not_import_weasyprint():
    code = "import sys, migration_briefs.render.exporters; print('weasyprint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_a_long_word_wraps_inside_the_page_in_titles_and_tables():
    """A 120-character title with no spaces (the longest a title may be) used to run a table
    off the page."""
    from weasyprint import HTML

    from migration_briefs import fonts
    word = "Gendermainstreaming" * 6 + "x" * 6
    cell = new_code_cell("display(df)", execution_count=9, outputs=[_html(
        f'<table class="brief-table"><thead><tr><th scope="col">Item</th><th scope="col">Kind</th></tr></thead>'
        f'<tbody><tr><th scope="row">{word}</th><td>advocacy</td></tr></tbody></table>')])
    html = export_html(make_notebook({**META, "title": word}, extra_cells=[cell]))
    document = HTML(string=html).render(stylesheets=[render._pdf_fonts_css()], font_config=fonts.weasyprint_fonts())
    for page in document.pages:
        box = page._page_box
        right = box.margin_width() - box.margin_right
        content = next(child for child in box.children if getattr(child, "element_tag", None) == "html")
        edges = [b.position_x + b.margin_width() for b in content.descendants() if hasattr(b, "margin_width")]
        assert edges and max(edges) <= right + 0.5, "something runs off the page"
