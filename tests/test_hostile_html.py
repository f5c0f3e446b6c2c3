"""No script, style or foreign page control reaches a brief: every fragment from a notebook cell
(markdown, display(Markdown), display(HTML)) or from the data passes one allow-list sanitiser
that parses as browsers do; what it refuses fails the brief with the cell, what it removes is a
located warning; every page carries a Content-Security-Policy; check-links reports links leaving
the site that no template wrote."""
from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser

import pytest
from nbformat.v4 import new_markdown_cell, new_output

from migration_briefs import paths
from migration_briefs.render.cells import META_MIMETYPE
from migration_briefs.render.exporters import BriefRenderError, export_brief
from migration_briefs.sanitise import CONTENT_SECURITY_POLICY, MAX_TABLE_ROWS, policy_with_script, sanitise

from .test_render import make_notebook

# Each class of payload, in several spellings: what browsers read as a script address.
SCRIPT_ADDRESSES = ["javascript:alert(1)", "java&#x09;script:alert(1)", "java&#x0A;script:alert(1)",
                    "&#106;avascript:alert(1)", "  JaVaScRiPt:alert(1)", "&#x6A;&#x61;vascript:alert(1)",
                    "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
                    "\x01javascript:alert(1)"]
# Where an HTML parser that is not a browser's sees text but Chromium sees an element.
PARSER_DIFFERENTIALS = [
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<textarea><p title="</textarea><img src=x onerror=alert(1)>">',
    '<title><p title="</title><img src=x onerror=alert(1)>">',
    '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
    '<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<template><img src=x onerror=alert(1)></template>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
]
# What takes over the page: its links, its look, the reader's input, another host.
PAGE_TAKEOVERS = ['<base href="http://127.0.0.1:8765/">', '<meta http-equiv="refresh" content="0; url=http://x.example/">',
                  '<form action="http://x.example/"><input type="password" name="p"></form>',
                  '<link rel="stylesheet" href="http://x.example/a.css">',
                  '<style>main { display: none } body::after { content: "This brief has been withdrawn." }</style>',
                  '<object data="x.swf"></object>', '<embed src="x.swf">', '<script>alert(1)</script>',
                  '<script src="http://x.example/a.js"></script>', '<button formaction="javascript:alert(1)">x</button>']


def is_inert(html: str) -> bool:
    lowered = html.lower()
    return not any(word in lowered for word in ("<script", "<style", "<base", "<meta", "<form", "<link", "<iframe",
                                                "<object", "<embed", "<svg", " on", "javascript:", "vbscript:",
                                                "style=", "<noscript", "<textarea", "<input"))


@pytest.mark.parametrize("address", SCRIPT_ADDRESSES)
@pytest.mark.parametrize("tag", ['<a href="{}">x</a>', '<img src="{}" alt="x">'])
def test_script_addresses_are_refused_however_spelled(tag, address):
    result = sanitise(tag.format(address))
    assert result.refused, result
    assert is_inert(result.html), result.html


@pytest.mark.parametrize("payload", PARSER_DIFFERENTIALS)
def test_what_browsers_parse_differently_is_refused_and_inert(payload):
    result = sanitise(payload)
    assert result.refused, result
    assert is_inert(result.html), result.html


@pytest.mark.parametrize("payload", PAGE_TAKEOVERS)
def test_elements_that_take_over_the_page_are_refused(payload):
    result = sanitise(payload)
    tag = re.match(r"<(\w+)", payload).group(1)
    assert any(f"a <{tag}>" in r for r in result.refused), result.refused
    assert is_inert(result.html), result.html


@pytest.mark.parametrize("attribute", ['onclick="alert(1)"', 'ONMOUSEOVER="alert(1)"', 'style="display:none"',
                                       'onfocus=alert(1) autofocus', 'style="background:url(http://x.example/)"'])
def test_event_handlers_and_styles_are_removed_with_a_warning(attribute):
    result = sanitise(f"<p {attribute}>Text</p>")
    assert not result.refused and result.removed, result
    assert result.html == "<p>Text</p>"


@pytest.mark.parametrize("image", ["http://x.example/pixel.png", "//x.example/pixel.png", "/etc/passwd",
                                   "file:///etc/passwd", "data:text/html,x"])
def test_images_come_only_from_the_build_or_as_data_images(image):
    assert sanitise(f'<img src="{image}" alt="a picture">').refused


@pytest.mark.parametrize("address", ["https://www.un.org/", "mailto:someone@un.org", "#p12",
                                     "../../sources/un-women.html#p3", "overview.html"])
def test_ordinary_links_and_the_librarys_own_markup_are_kept(address):
    html = (f'<section class="brief-section" aria-labelledby="x"><h2 id="x">A</h2><p class="lead">Text '
            f'<a href="{address}">link</a></p><table class="brief-table"><thead><tr><th scope="col" class="num">n'
            '</th></tr></thead><tbody><tr><td class="num">1</td></tr></tbody></table>'
            f'<img src="data:image/png;base64,{_b64(_png())}" alt="a chart" width="10" height="5"></section>')
    result = sanitise(html)
    assert (result.refused, result.removed) == ([], [])
    assert f'href="{address.replace("&", "&amp;")}"' in result.html and 'class="num"' in result.html


def test_a_table_longer_than_the_limit_is_refused_with_what_to_do():
    rows = "".join(f"<tr><td>{n}</td></tr>" for n in range(MAX_TABLE_ROWS + 1))
    [problem] = sanitise(f"<table><thead><tr><th>n</th></tr></thead><tbody>{rows}</tbody></table>").refused
    assert "summarise" in problem and "CSV" in problem
    rows = "".join(f"<tr><td>{n}</td></tr>" for n in range(MAX_TABLE_ROWS))
    assert not sanitise(f"<table><thead><tr><th>n</th></tr></thead><tbody>{rows}</tbody></table>").refused


# --- through a brief: markdown cells, display(Markdown), display(HTML) -------------------------------

def _markdown_output(text: str):
    return new_output("display_data", data={"text/markdown": text, "text/plain": "md"})


def _html_output(text: str):
    return new_output("display_data", data={"text/html": text, "text/plain": "html"})


def test_a_truncated_image_is_refused_in_a_process_that_has_printed_a_pdf(monkeypatch):
    from PIL import ImageFile
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # what importing WeasyPrint does
    nb = make_notebook()
    nb.cells[9].outputs = [_figure_output("image/png", _b64(_png()[:200]))]
    with pytest.raises(BriefRenderError, match="a PNG image that cannot be decoded"):
        export_brief(nb)
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # what WeasyPrint chose for itself is left as it was


@pytest.mark.parametrize("how", ["markdown cell", "display(Markdown)", "display(HTML)"])
@pytest.mark.parametrize("payload", [PARSER_DIFFERENTIALS[0], PAGE_TAKEOVERS[0], PAGE_TAKEOVERS[4],
                                     '<a href="java&#x09;script:alert(1)">x</a>'])
def test_a_refused_fragment_fails_the_brief_naming_its_cell(how, payload):
    nb = make_notebook()
    if how == "markdown cell":
        nb.cells.append(new_markdown_cell(f"Some prose.\n\n{payload}\n"))
    else:
        nb.cells[9].outputs = [(_markdown_output if how == "display(Markdown)" else _html_output)(payload)]
    with pytest.raises(BriefRenderError) as raised:
        export_brief(nb)
    assert raised.value.cell_number is not None and "the output contains" in raised.value.message


@pytest.mark.parametrize("how", ["markdown cell", "display(Markdown)", "display(HTML)"])
def test_a_removed_attribute_is_a_located_warning_and_the_brief_builds(how):
    nb = make_notebook()
    payload = '<p onclick="alert(1)" style="color:red">Kept text</p>'
    if how == "markdown cell":
        nb.cells.append(new_markdown_cell(payload))
        cell = len(nb.cells)
    else:
        nb.cells[9].outputs = [(_markdown_output if how == "display(Markdown)" else _html_output)(payload)]
        cell = 10
    html, resources = export_brief(nb)
    assert "Kept text" in html and "onclick" not in html and "color:red" not in html
    assert resources["brief"]["warnings"] == [f"cell {cell - 1}: removed an event handler onclick= on <p>",
                                              f"cell {cell - 1}: removed the attribute style= on <p>"]


def test_data_written_into_markdown_is_sanitised_like_any_cell():
    title = 'Title <img src=x onerror="alert(1)"> <a href="javascript:alert(1)">here</a>'
    nb = make_notebook()
    nb.cells[9].outputs = [_markdown_output(f"The paper reports **{title}**.")]
    with pytest.raises(BriefRenderError):
        export_brief(nb)


# --- every page: the policy, and check-links -------------------------------------------------------

def test_every_page_the_project_writes_forbids_scripts_but_the_index_its_own(built_briefs):
    pages = sorted(built_briefs.glob("*/*/*.html")) + sorted(built_briefs.glob("sources/*.html"))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
    assert "script-src 'none'" in CONTENT_SECURITY_POLICY and "base-uri 'none'" in CONTENT_SECURITY_POLICY
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        assert meta in head, page
    index = (built_briefs / "index.html").read_text(encoding="utf-8")
    [script] = re.findall(r"<script>(.*?)</script>", index, re.DOTALL)
    assert script == (paths.TEMPLATES_DIR / "brief" / "index.js").read_text(encoding="utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{policy_with_script(script)}">' in index


@pytest.mark.parametrize("address", ["https://x.example/", "http://127.0.0.1:8765/", "//x.example/a",
                                     "mailto:someone@x.example"])
def test_check_links_reports_links_leaving_the_site_that_no_template_wrote(built_briefs, tmp_path, address):
    from migration_briefs.pipeline.links import broken_links
    build_dir = tmp_path / "build"
    shutil.copytree(built_briefs, build_dir)
    page = build_dir / "un-women" / "2016" / "goal-5.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", f'<p><a href="{address}">x</a></p></main>'),
                    encoding="utf-8")
    assert broken_links(build_dir) == [f"un-women/2016/goal-5.html: {address}: leaves the site, and the brief's "
                                       "template did not write it"]
    path = page.with_suffix(".ipynb")
    notebook = json.loads(path.read_text())
    [meta] = [output["data"][META_MIMETYPE] for cell in notebook["cells"] for output in cell.get("outputs", [])
              if META_MIMETYPE in output.get("data", {})]
    meta["links"] = [address]  # as the title block lists the official pages the brief links to
    path.write_text(json.dumps(notebook))
    assert broken_links(build_dir) == []


def test_a_huge_dataframe_becomes_a_refused_table_in_bounded_work():
    import pandas as pd

    from migration_briefs.briefs.fragments import dataframe_table
    html = dataframe_table(pd.DataFrame({"n": range(1_000_000), "label": "x"}))
    assert html.count("<tr>") == MAX_TABLE_ROWS + 2  # the header, and one row past the limit
    [problem] = sanitise(html).refused
    assert problem.startswith(f"a table of more than {MAX_TABLE_ROWS} rows")


# --- images: checked by their bytes and decoded; nesting a page can print ------------------------

def _png(width: int = 64, height: int = 48, mode: str = "RGB") -> bytes:
    import io

    from PIL import Image
    buffer = io.BytesIO()
    image = Image.new(mode, (width, height))
    if mode == "RGB":
        image.putdata([(x * 7 % 256, y * 13 % 256, (x * y) % 256) for y in range(height) for x in range(width)])
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg() -> bytes:
    import io

    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(buffer, "JPEG")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><text y="9">HTML shows nothing</text></svg>'


def _figure_output(mimetype: str, data: str):
    return new_output("display_data", data={mimetype: data, "text/plain": "<Figure>"},
                      metadata={"alt": "a chart of two bars, 3 and 5"})


def _b64(data: bytes) -> str:
    import base64
    return base64.b64encode(data).decode("ascii")


@pytest.mark.parametrize("mimetype, data, problem", [
    ("image/png", "abc", "an image/png output whose data is not base64"),
    ("image/png", _b64(SVG), "an image sent as image/png whose data is not PNG (it starts like SVG)"),
    ("image/jpeg", _b64(_png()), "an image sent as image/jpeg whose data is not JPEG (it is PNG)"),
    ("image/jpeg", _b64(_jpeg()[:300]), "a JPEG image that cannot be decoded"),
    ("image/png", _b64(_png()[:200]), "a PNG image that cannot be decoded"),
    ("image/png", _b64(_png(9000, 9000, "1")), "a PNG image of 9000 × 9000 pixels, more than a brief shows"),
])
def test_an_image_output_that_is_not_what_it_claims_fails_its_brief_naming_the_cell(mimetype, data, problem):
    nb = make_notebook()
    nb.cells[9].outputs = [_figure_output(mimetype, data)]
    with pytest.raises(BriefRenderError) as raised:
        export_brief(nb)
    assert raised.value.cell_number == 9 and problem in raised.value.message, raised.value.message


@pytest.mark.parametrize("how", ["markdown cell", "display(Markdown)", "display(HTML)"])
@pytest.mark.parametrize("mimetype, data, problem", [
    ("image/png", SVG, "whose data is not PNG (it starts like SVG)"),
    ("image/jpeg", b"\xff\xd8\xff\xe0 and nothing after", "a JPEG image that cannot be decoded"),
    ("image/gif", b"GIF89a" + bytes(20), "a GIF image that cannot be decoded"),
])
def test_an_image_in_any_fragment_is_checked_by_its_bytes(how, mimetype, data, problem):
    image = f'<img src="data:{mimetype};base64,{_b64(data)}" alt="a chart">'
    nb = make_notebook()
    if how == "markdown cell":
        nb.cells.append(new_markdown_cell(f"Some prose.\n\n{image}\n"))
    else:
        nb.cells[9].outputs = [(_markdown_output if how == "display(Markdown)" else _html_output)(image)]
    with pytest.raises(BriefRenderError) as raised:
        export_brief(nb)
    assert problem in raised.value.message and raised.value.cell_number is not None


def test_images_that_are_what_they_claim_are_kept():
    for mimetype, data in (("image/png", _png()), ("image/jpeg", _jpeg())):
        html = f'<img src="data:{mimetype};base64,{_b64(data)}" alt="a chart">'
        assert (sanitise(html).refused, sanitise(html).removed) == ([], [])
    nb = make_notebook()
    nb.cells[9].outputs = [_figure_output("image/png", _b64(_png()))]
    assert 'alt="a chart of two bars, 3 and 5"' in export_brief(nb)[0]


def test_elements_nested_deeper_than_a_page_prints_are_refused_naming_the_cell():
    from migration_briefs.sanitise import MAX_NESTING
    nb = make_notebook()
    nb.cells[9].outputs = [_html_output("<div>" * 3000 + "deep" + "</div>" * 3000)]
    with pytest.raises(BriefRenderError) as raised:
        export_brief(nb)
    assert raised.value.cell_number == 9 and "elements nested 3000 deep" in raised.value.message
    nested = "<ul><li>" * (MAX_NESTING // 2) + "deep" + "</li></ul>" * (MAX_NESTING // 2)
    assert sanitise(nested).refused == []


# --- HTML and PDF say the same thing ------------------------------------------------------------------

# What the template itself shows in one format only (brief.css): the link to the other format and
# the skip link (the footer, its disclaimer and contact, is printed). No notebook content may use
# these classes (sanitise.TEMPLATE_CLASSES), so the rest says the same.
HIDDEN_IN_PRINT = {"format-pdf", "skip-link"}
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "col", "wbr", "input", "source", "area", "base", "embed", "track"}


class PrintedText(HTMLParser):
    """The words of a brief's page as its print styles show them (brief.css @media print)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.hidden: list[bool] = []  # one per open element: whether it, or one around it, is hidden

    def handle_starttag(self, tag, attrs):
        if tag in _VOID_TAGS:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.hidden.append(bool(self.hidden and self.hidden[-1]) or tag in ("head", "style", "script", "title")
                           or bool(classes & HIDDEN_IN_PRINT))

    def handle_endtag(self, tag):
        if tag not in _VOID_TAGS and self.hidden:
            self.hidden.pop()

    def handle_data(self, data):
        if not (self.hidden and self.hidden[-1]):
            self.words += re.findall(r"\w+", data.casefold())  # CSS may set words in capitals


def printed_words(html: str) -> list[str]:
    parser = PrintedText()
    parser.feed(html)
    return parser.words


def pdf_words(pdf_path) -> list[str]:
    """The words a PDF's pages hold between their top and bottom margins (brief.css @page:
    1.7 cm and 1.6 cm), leaving out the running header and the page numbers printed there."""
    import pdfplumber
    top, bottom = 1.7 / 2.54 * 72, 1.6 / 2.54 * 72
    words = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            text = page.crop((0, top, page.width, page.height - bottom), strict=False).extract_text()
            words += re.findall(r"\w+", (text or "").casefold())
    return words


def assert_same_words(page) -> None:
    """The brief's HTML page (as its print styles show it) and its PDF beside it hold the same words,
    but for a table's header row, which the PDF repeats on each page a long table runs on to
    (brief.css): at most once a page beyond the first."""
    from collections import Counter

    import pdfplumber
    text = page.read_text(encoding="utf-8")
    html, pdf = Counter(printed_words(text)), Counter(pdf_words(page.with_suffix(".pdf")))
    with pdfplumber.open(page.with_suffix(".pdf")) as document:
        more_pages = len(document.pages) - 1
    headers = Counter(w for head in re.findall(r"<thead>.*?</thead>", text, flags=re.S) for w in printed_words(head))
    only_html, only_pdf = html - pdf, pdf - html - Counter({w: n * more_pages for w, n in headers.items()})
    assert not only_html and not only_pdf, (page.name, "only in the HTML:", sorted(only_html.items())[:20],
                                            "only in the PDF:", sorted(only_pdf.items())[:20])


@pytest.mark.slow
def test_every_briefs_html_and_pdf_hold_the_same_words(built_briefs):
    pages = sorted(built_briefs.glob("*/*/*.html"))
    assert len(pages) >= 10
    for page in pages:
        assert_same_words(page)


@pytest.mark.parametrize("how", ["markdown cell", "display(Markdown)", "display(HTML)"])
@pytest.mark.parametrize("payload, taken", [
    ('<span class="format-pdf">Only the PDF says this.</span>', "the class 'format-pdf'"),
    ('<p class="note format-html">Only the page says this.</p>', "the class 'format-html'"),
    ('<p class="visually-hidden">Hidden on screen, printed on paper.</p>', "the class 'visually-hidden'"),
    ('<div class="brief-masthead"><p class="brief-publisher">Another publisher</p></div>', "the class 'brief-"),
    ('<p class="brief-kind-goal">x</p>', "the class 'brief-kind-goal'"),
    ('<h2 id="content">Where the skip link leads</h2>', "the id 'content'"),
    ('<p id="brief-title">A second title</p>', "the id 'brief-title'"),
])
def test_notebook_content_cannot_use_the_templates_own_classes_or_ids(how, payload, taken):
    nb = make_notebook()
    if how == "markdown cell":
        nb.cells.append(new_markdown_cell(f"Some prose.\n\n{payload}\n"))
    else:
        nb.cells[9].outputs = [(_markdown_output if how == "display(Markdown)" else _html_output)(payload)]
    with pytest.raises(BriefRenderError) as raised:
        export_brief(nb)
    assert taken in raised.value.message and "the HTML and the PDF say different things" in raised.value.message
    assert raised.value.cell_number is not None


def test_the_template_uses_no_class_or_id_but_those_it_keeps_for_itself():
    from migration_briefs.sanitise import TEMPLATE_CLASS_PREFIXES, TEMPLATE_CLASSES, TEMPLATE_IDS
    template = (paths.TEMPLATES_DIR / "brief" / "index.html.j2").read_text(encoding="utf-8")
    classes = {name for value in re.findall(r'class="([^"]*)"', template)
               for name in re.sub(r"\{\{.*?\}\}", "", value).split() if not name.endswith("-")}
    assert classes and classes <= TEMPLATE_CLASSES, classes - TEMPLATE_CLASSES
    assert "brief-kind-{{" in template and TEMPLATE_CLASS_PREFIXES == ("brief-kind-",)
    assert set(re.findall(r'id="([^"]*)"', template)) == TEMPLATE_IDS
    css = (paths.TEMPLATES_DIR / "brief" / "brief.css").read_text(encoding="utf-8")
    hidden = {name for rule in re.findall(r"([^{}]+)\{[^{}]*display: none", css) for name in re.findall(r"\.([\w-]+)", rule)}
    assert hidden <= TEMPLATE_CLASSES, hidden - TEMPLATE_CLASSES  # what one format hides is the template's


# --- data in markdown ------------------------------------------------------------------------------

def _is_data_safe(node, parameters: set[str]) -> bool:
    """An expression a notebook may put into Markdown unescaped: a parameter (checked against the
    data before any kernel starts), a number, arithmetic on them, a number in words (prose.*) or a
    link the library makes to another brief; everything else goes through literal()."""
    import ast
    if isinstance(node, ast.Call):
        func = ast.unparse(node.func)
        return func == "literal" or func.startswith("prose.") or func == "brief.sibling_href"
    if isinstance(node, ast.Name):
        return node.id in parameters
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float)
    if isinstance(node, ast.BinOp):
        return _is_data_safe(node.left, parameters) and _is_data_safe(node.right, parameters)
    return False


def unsafe_in_markdown(nb: dict) -> list[str]:
    """What a notebook's code cells put into `Markdown(...)` that is neither a parameter, a number
    nor passed through literal()."""
    import ast
    grid = nb["metadata"].get("migration_briefs", {}).get("grid", [])
    parameters = {"agency", "year"} | {{"goals": "goal", "mechanisms": "mechanism",
                                        "programme-countries": "country"}.get(g, g) for g in grid}
    unsafe = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for call in ast.walk(ast.parse("".join(cell["source"]))):
            if not (isinstance(call, ast.Call) and ast.unparse(call.func) == "Markdown"):
                continue
            for argument in call.args:
                values = [v.value for v in ast.walk(argument) if isinstance(v, ast.FormattedValue)]
                if not isinstance(argument, ast.JoinedStr | ast.Constant):
                    values.append(argument)
                unsafe += [ast.unparse(v) for v in values if not _is_data_safe(v, parameters)]
    return unsafe


def test_data_reaches_a_notebooks_markdown_only_through_literal():
    """The brief notebooks word their data sentences in their words files (escaped as a template
    renders); an analyst's own `display(Markdown(f"..."))` must pass names through literal(), and
    this check finds one that does not."""
    import nbformat
    for path in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        assert unsafe_in_markdown(json.loads(path.read_text(encoding="utf-8"))) == [], path.name
    nb = nbformat.v4.new_notebook(metadata={"migration_briefs": {"grid": ["agencies", "years", "mechanisms"]}})
    nb.cells = [nbformat.v4.new_code_cell(
        'display(Markdown(f"In {year}, the {brief.mechanism.name} met {prose.number(2)} times."))\n'
        'display(Markdown(f"The {literal(brief.mechanism.name)} ({mechanism}) met."))\n'
        "display(Markdown(brief.what))")]
    assert unsafe_in_markdown(nb) == ["brief.mechanism.name", "brief.what"]


def test_literal_shows_exactly_the_words_of_the_data():
    from migration_briefs.render.cells import HeadingIds, markdown_blocks
    from migration_briefs.sanitise import literal
    name = "Committee [the official page](https://x.example/) on *Migrant* <b>Workers</b> &amp; `x`\n# 5.1 (UN)"
    [block] = markdown_blocks(f"The {literal(name)} meets.", 0, HeadingIds())
    assert block.html == ("<p>The Committee [the official page](https://x.example/) on *Migrant* &lt;b&gt;Workers&lt;/b&gt; "
                          "&amp;amp; `x` # 5.1 (UN) meets.</p>")


@pytest.mark.slow
def test_a_mechanisms_name_holding_markdown_shows_as_written_in_its_brief(tmp_path):
    from migration_briefs.pipeline.run import Filters, build

    from .test_build import make_root
    root = make_root(tmp_path)
    mechanisms = root / "data" / "reference" / "mechanisms.yaml"
    hostile = "Committee on [the official page](https://x.example/) *Migrant* Workers"
    mechanisms.write_text(mechanisms.read_text(encoding="utf-8").replace(
        "name: Committee on the Protection of the Rights of All Migrant Workers and Members of their Families",
        f'name: "{hostile}"'), encoding="utf-8")
    report = build(Filters(year=2016, agency="un-women", mechanism="CMW"), formats=("html",), root=root)
    assert report.built == ["un-women/2016/mechanism-cmw"], [f.error for f in report.failed]
    page = (root / "build" / "un-women" / "2016" / "mechanism-cmw.html").read_text(encoding="utf-8")
    assert ">CMW: Committee on [the official page](https://x.example/) *Migrant* Workers</h1>" in page  # named in full once
    assert 'href="https://x.example/"' not in page and "<em>Migrant</em>" not in page
