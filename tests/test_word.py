"""A brief as a Word document (render/word.py), read back with python-docx: every heading, table,
image (with its alt text) and link of the page is there, in Word's own structure; the document's
properties are the brief's and its bytes the same whatever the clock or the folder; nothing outside
the brief is pulled into it."""
from __future__ import annotations

import io
import re
import shutil
import socket
import sys
import time
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from migration_briefs import paths
from migration_briefs.files import sha256
from migration_briefs.pipeline.manifest import read_manifest
from migration_briefs.pipeline.run import Filters, build
from migration_briefs.render.exporters import BriefRenderError, export_brief
from migration_briefs.render.word import (
    _PARAGRAPH_PROPERTIES,
    MAX_COLUMNS,
    UNMARKED_LISTS,
    BriefDocxExporter,
    export_docx,
    html_to_docx,
)
from tests.projects import assemble
from tests.test_render import ALT, META, PNG, TITLE, make_notebook
from tests.word import docx_outline, docx_parts, page_outline

MORE = new_markdown_cell(
    "## More of the brief\n\n5. fifth\n6. sixth\n   - a nested point\n   - another\n\n> A quotation of the paper.\n\n"
    "Back to [the overview](#overview), and a note.[^1]\n\n[^1]: The note itself.\n")
SPANS = new_code_cell("display(table)", execution_count=9, outputs=[new_output("display_data", data={
    "text/html": '<table class="brief-table"><caption>Items by agency and year</caption><thead>'
                 '<tr><th scope="col" rowspan="2">Agency</th><th scope="col" colspan="2">Items</th></tr>'
                 '<tr><th scope="col">2016</th><th scope="col">2017</th></tr></thead><tbody>'
                 '<tr><th scope="row">UN Women</th><td class="num">3</td><td class="num">4</td></tr></tbody></table>'
                 '<ul class="tags"><li>done</li><li>planned</li></ul>',
    "text/plain": "table"})])


def _notebook():
    return make_notebook(extra_cells=[MORE, SPANS])


@pytest.fixture(scope="module")
def page() -> str:
    html, _ = export_brief(_notebook(), "goal-5")
    return html


@pytest.fixture(scope="module")
def word(page) -> bytes:
    return html_to_docx(page)


def _document(data: bytes):
    return docx.Document(io.BytesIO(data))


def test_the_document_holds_every_heading_table_image_and_link_the_page_shows(page, word):
    shown, held = page_outline(page, sent_as=".docx"), docx_outline(word)
    assert held == shown
    assert shown.headings[0] == (0, TITLE) and (1, "More of the brief") in shown.headings
    assert len(shown.tables) == 2 and shown.images == [ALT]
    # the page's own links and the ¶ references, as in the PDF: not the skip link, not the link to the PDF
    assert "goal-5.pdf" not in held.links and "./goal-5.html" in held.links
    assert "../../sources/un-women-2017.html#p12" in held.links and "#" in held.links
    assert export_docx(_notebook(), "goal-5") == word


def test_a_word_document_links_what_a_file_sent_on_its_own_can_reach():
    # with a web edition, the web edition; without, the other briefs' Word documents beside it
    link = '<a href="overview.html#item-x">x</a> <a href="../../sources/p.html#p3">¶ p3</a>'
    page = f'<!DOCTYPE html><html lang="en"><head><title>T</title>{{}}</head><body><h1>T</h1><p>{link}</p></body></html>'
    assert docx_outline(html_to_docx(page.format(""))).links == ["overview.docx#item-x", "../../sources/p.html#p3"]
    web = '<link rel="canonical" href="https://briefs.example.org/un-women/2016/goal-5.html">'
    assert docx_outline(html_to_docx(page.format(web))).links == [
        "https://briefs.example.org/un-women/2016/overview.html#item-x", "https://briefs.example.org/sources/p.html#p3"]


def test_headings_are_words_title_and_headings_and_links_inside_lead_to_bookmarks(word):
    document = _document(word)
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Title", "Heading"))]
    assert styles[:4] == [("Title", TITLE), ("Heading 1", "Overview"), ("Heading 1", "Activities"),
                          ("Heading 2", "Coordination")]
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [link.get(qn("w:anchor")) for link in body.iter(qn("w:hyperlink")) if link.get(qn("w:anchor"))]
    assert anchors and set(anchors) <= bookmarks
    [overview] = [p for p in document.paragraphs if p.text == "Overview"]
    assert overview._p.find(qn("w:bookmarkStart")).get(qn("w:name")) in anchors


def test_tables_keep_their_caption_header_rows_and_spans(word):
    document = _document(word)
    table = document.tables[1]
    [caption] = [p for p in document.paragraphs if p._p is table._tbl.getprevious()]
    assert caption.style.name == "Caption" and caption.text == "Items by agency and year"
    rows = table._tbl.findall(qn("w:tr"))
    assert [row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in rows] == [True, True, False]
    assert [c.text for c in table.rows[0].cells] == ["Agency", "Items", "Items"]  # merged across two columns
    assert [c.text for c in table.rows[1].cells] == ["Agency", "2016", "2017"]  # and down two rows
    assert [c.text for c in table.rows[2].cells] == ["UN Women", "3", "4"]
    assert table.rows[2].cells[0].paragraphs[0].runs[0].bold
    assert table.rows[2].cells[1].paragraphs[0].alignment == 2  # numbers to the right, as on the page


def test_lists_are_numbered_as_the_page_numbers_them(word):
    document = _document(word)

    def numbering(text):
        [paragraph] = [p for p in document.paragraphs if p.text == text]
        found = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        return None if found is None else (found.numId.val, found.ilvl.val)

    fifth, sixth, nested = numbering("fifth"), numbering("sixth"), numbering("a nested point")
    assert fifth[0] == sixth[0] and fifth[1] == sixth[1] == 0 and nested[1] == 1
    numbers = document.part.numbering_part.element
    [num] = [n for n in numbers.findall(qn("w:num")) if n.get(qn("w:numId")) == str(fifth[0])]
    assert num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "5"
    assert numbering("done") is None and numbering("planned") is None  # a list the page shows without markers
    assert numbering("Co-chaired the working group") is not None


def test_figures_are_pictures_with_their_alt_text_and_caption(word):
    document = _document(word)
    [shape] = document.inline_shapes
    assert shape._inline.docPr.get("descr") == ALT
    assert shape.width <= document.sections[0].page_width - document.sections[0].left_margin
    [caption] = [p for p in document.paragraphs if p.text == "Activities by status."]
    assert caption.style.name == "Caption"
    media = [name for name in docx_parts(word) if name.startswith("word/media/")]
    assert len(media) == 1 and docx_parts(word)[media[0]].startswith(b"\x89PNG")


def test_the_documents_properties_are_the_briefs_and_its_dates_the_editions(word):
    properties = _document(word).core_properties
    assert properties.title == TITLE and properties.author == META["publisher"]
    assert properties.subject == META["subject"] and properties.comments == META["description"]
    assert properties.keywords == "gender, migration" and properties.language == "en"
    assert properties.created.isoformat()[:10] == properties.modified.isoformat()[:10] == META["date"]
    parts = docx_parts(word)
    assert "docProps/thumbnail.jpeg" not in parts and b"python-docx" not in parts["docProps/core.xml"]


def test_same_brief_same_bytes_whatever_the_clock_or_the_folder(page, word, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    later = time.time() + 86400 * 400
    monkeypatch.setattr(time, "time", lambda: later)
    assert html_to_docx(page) == word
    with zipfile.ZipFile(io.BytesIO(word)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.namelist()[0] == "[Content_Types].xml"
    for name, content in docx_parts(word).items():
        for path in (str(tmp_path), str(paths.ROOT), str(paths.PACKAGE_DIR)):
            assert path.encode() not in content, name


def test_the_document_says_what_wrote_it(word):
    app = docx_parts(word)["docProps/app.xml"].decode()
    assert "<Application>migration-briefs (python-docx)</Application>" in app and "Microsoft" not in app


def test_a_page_without_an_edition_date_gives_a_document_without_dates():
    page = '<!DOCTYPE html><html lang="en"><head><title>A brief</title></head><body><h1>A brief</h1></body></html>'
    core = docx_parts(html_to_docx(page))["docProps/core.xml"]
    assert b"dcterms:created" not in core and b"dcterms:modified" not in core and b"<dc:title>A brief<" in core


def test_nothing_outside_the_brief_is_pulled_into_the_document(tmp_path, monkeypatch):
    (tmp_path / "local.png").write_bytes(__import__("base64").b64decode(PNG))
    monkeypatch.chdir(tmp_path)

    def no_network(*args, **kwargs):
        raise AssertionError("the document reached for the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    svg = __import__("base64").b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>").decode()
    page = ('<!DOCTYPE html><html lang="en"><head><title>T</title></head><body><h1>T</h1><p>'
            '<img src="local.png" alt="a local file"><img src="file:///etc/hostname" alt="a file address">'
            '<img src="http://127.0.0.1:9/x.png" alt="a web address">'
            f'<img src="data:image/png;base64,{svg}" alt="an SVG sent as PNG">'
            '<a href="javascript:alert(1)">script</a> <a href="file:///etc/passwd">file</a> '
            '<a href="data:text/html,x">data</a> <a href="https://www.un.org/">web</a></p></body></html>')
    word = html_to_docx(page)
    parts = docx_parts(word)
    assert not [name for name in parts if name.startswith("word/media/")]
    paragraph = [p.text for p in _document(word).paragraphs][-1]
    for alt in ("a local file", "a file address", "a web address", "an SVG sent as PNG"):
        assert f"[{alt}]" in paragraph
    assert "script file data web" in paragraph
    assert docx_outline(word).links == ["https://www.un.org/"]


def test_a_table_wider_than_word_holds_is_refused_with_what_to_do():
    cells = "".join(f"<td>{n}</td>" for n in range(MAX_COLUMNS + 1))
    page = f"<html><head><title>T</title></head><body><table><tr>{cells}</tr></table></body></html>"
    with pytest.raises(BriefRenderError, match=f"a table of {MAX_COLUMNS + 1} columns.*offer the table as CSV"):
        html_to_docx(page)


def test_the_lists_without_markers_are_those_the_page_shows_so():
    css = (paths.TEMPLATES_DIR / "brief" / "brief.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    unmarked = {name for selectors, rules in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
                if re.search(r"list-style:\s*none", rules) for name in re.findall(r"\.([a-z][a-z-]*)", selectors)}
    assert unmarked == UNMARKED_LISTS


def test_paragraph_properties_are_in_the_order_word_requires_right_to_left_too():
    page = ('<!DOCTYPE html><html lang="ar" dir="rtl"><head><title>T</title></head><body><h1 id="t">T</h1>'
            '<ul><li>one<ol start="3"><li><p>two</p><p>more</p></li></ol></li></ul><hr><dl><dt>a</dt><dd>b</dd></dl>'
            '<table><caption>c</caption><tr><td class="num">1</td></tr></table><a href="#t">up</a></body></html>')
    document = _document(html_to_docx(page))
    body = document.element.body
    order = {tag: number for number, tag in enumerate(qn(t) for t in _PARAGRAPH_PROPERTIES)}
    checked = 0
    for properties in body.iter(qn("w:pPr")):
        tags = [child.tag for child in properties]
        assert [order[t] for t in tags] == sorted(order[t] for t in tags), tags
        checked += 1
    paragraphs = list(body.iter(qn("w:p")))
    assert checked == len(paragraphs) and all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in paragraphs)


def test_nbconvert_finds_the_word_exporter():
    from nbconvert.exporters import get_exporter
    assert get_exporter("brief_docx") is BriefDocxExporter


def test_without_python_docx_the_build_says_which_part_to_install(monkeypatch):
    from migration_briefs.extras import MissingPartError
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(MissingPartError) as raised:
        html_to_docx("<html><body><p>x</p></body></html>")
    assert raised.value.extra == "docx" and "pip install '.[docx]'" in str(raised.value)


# ------------------------------------------------------------------------------ through the build

GOAL_8 = Filters(year=2016, agency="un-women", goal="8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The UN Women fixture's goal-8 brief of 2016 built as HTML and Word."""
    root = assemble("un-women", tmp_path_factory.mktemp("word") / "project")
    report = build(GOAL_8, formats=("html", "docx"), root=root, log=lambda *a, **k: None)
    assert report.built == ["un-women/2016/goal-8"], [f.error for f in report.failed]
    return root


def test_the_build_writes_the_word_document_from_the_briefs_page_and_records_it(built):
    folder = built / "build" / "un-women" / "2016"
    page, word = (folder / "goal-8.html").read_text(encoding="utf-8"), (folder / "goal-8.docx").read_bytes()
    assert word == html_to_docx(page)
    shown, held = page_outline(page, sent_as=".docx"), docx_outline(word)
    assert held == shown and shown.headings and any("sources/" in link for link in held.links)  # the ¶ references
    entry = read_manifest(built / "build")["briefs"]["un-women/2016/goal-8"]
    assert entry["outputs"]["docx"] == sha256(word) and "pdf" not in entry["outputs"]
    assert '<a href="un-women/2016/goal-8.docx">Word</a>' in (built / "build" / "index.html").read_text()
    assert not list((built / "build").rglob(".*.tmp-*"))


def test_a_build_without_word_keeps_the_document_and_finds_the_brief_up_to_date(built):
    report = build(GOAL_8, formats=("html",), root=built, log=lambda *a, **k: None)
    assert report.up_to_date == ["un-women/2016/goal-8"] and not report.built
    assert (built / "build" / "un-women" / "2016" / "goal-8.docx").is_file()


@pytest.mark.slow
def test_word_documents_are_the_same_bytes_from_another_checkout_and_go_with_their_inputs(built, tmp_path):
    other = shutil.copytree(built, tmp_path / "elsewhere" / "project")
    shutil.rmtree(other / "build")
    assert not build(GOAL_8, formats=("docx",), root=other, log=lambda *a, **k: None).failed
    name = "un-women/2016/goal-8.docx"
    assert (other / "build" / name).read_bytes() == (built / "build" / name).read_bytes()
    (other / "build" / name).write_bytes(b"changed by hand")  # an altered output is made again
    assert build(GOAL_8, formats=("docx",), root=other, log=lambda *a, **k: None).built == ["un-women/2016/goal-8"]
    publisher = other / "data" / "publisher.yaml"
    publisher.write_text(publisher.read_text(encoding="utf-8").replace("name: ", "name: Another ", 1), encoding="utf-8")
    # built again from new inputs without Word: the document from the old ones is not left beside the new page
    assert build(GOAL_8, formats=("html",), root=other, log=lambda *a, **k: None).built == ["un-women/2016/goal-8"]
    assert not (other / "build" / name).exists()


@pytest.mark.slow
@pytest.mark.parametrize("project", ["un-women", "stated-ties", "synthetic"])
def test_every_brief_as_word_holds_what_its_page_shows(project, synthetic_project, tmp_path):
    """Every brief of each fixture project, and the synthetic corpus's briefs across agencies of one
    year (which draw charts): the same headings, tables, images with their alt text, and links."""
    if project == "synthetic":
        root = shutil.copytree(synthetic_project, tmp_path / "project")
        filters = Filters(agency="all", year=2017)
    else:
        root, filters = assemble(project, tmp_path / "project"), None
    report = build(filters, formats=("html", "docx"), jobs=2, root=root, log=lambda *a, **k: None)
    assert report.built and not report.failed, [f.error for f in report.failed]
    images = 0
    for page in sorted((root / "build").glob("*/*/*.html")):
        shown = page_outline(page.read_text(encoding="utf-8"), sent_as=".docx")
        assert docx_outline(page.with_suffix(".docx").read_bytes()) == shown, page
        images += len(shown.images)
    if project == "synthetic":
        assert images
