"""Layouts papers come in that the import once read wrong: endnotes, tables of contents, merged
and listed table cells in Word; columns, running headers, list markers and repeated table headers
in PDFs. Each document is made here, with words of its own."""
from __future__ import annotations

from pathlib import Path

import pytest

from migration_briefs.sources.paragraphs import import_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _kinds_texts(path: Path) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in import_document(path).paragraphs]


def _add_part(document, name: str, kind: str, xml: str) -> None:
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    part = Part(PackURI(f"/word/{name}.xml"),
                f"application/vnd.openxmlformats-officedocument.wordprocessingml.{name}+xml",
                xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}")


def _notes(kind: str, text: str) -> str:
    return (f'<w:{kind}s xmlns:w="{W}"><w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
            f'</w:p></w:{kind}><w:{kind} w:id="1"><w:p><w:r><w:{kind}Ref/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}></w:{kind}s>')


def test_word_endnotes_are_read_like_footnotes_after_the_paragraph_citing_them(tmp_path):
    import docx
    from docx.oxml import parse_xml
    document = docx.Document()
    document.add_heading("Work with cooperatives", 1)
    for text, kind in (("The office advised two fishing cooperatives", "footnote"),
                       ("It printed a guide for seasonal pickers", "endnote")):
        paragraph = document.add_paragraph(text)
        paragraph._p.append(parse_xml(f'<w:r xmlns:w="{W}"><w:{kind}Reference w:id="1"/></w:r>'))
        paragraph.add_run(".")
    _add_part(document, "footnotes", "footnotes", _notes("footnote", "In the northern provinces."))
    _add_part(document, "endnotes", "endnotes", _notes("endnote", "In three languages."))
    document.save(tmp_path / "notes.docx")
    assert _kinds_texts(tmp_path / "notes.docx") == [
        ("heading", "Work with cooperatives"),
        ("paragraph", "The office advised two fishing cooperatives¹."),
        ("footnote", "¹ In the northern provinces."),
        ("paragraph", "It printed a guide for seasonal pickers²."),
        ("footnote", "² In three languages."),
    ]


def _bold_lines_docx(path: Path, lines: list[tuple[str, bool]]) -> Path:
    import docx
    document = docx.Document()
    for text, bold in lines:
        document.add_paragraph().add_run(text).bold = bold
    document.save(path)
    return path


LONG = ("The second workshop, held in the capital with forty officials from the labour ministry, covered the "
        "recruitment of seasonal workers and the fees charged to them.")


def test_a_heading_naming_a_year_and_a_short_sentence_under_it_open_the_body(tmp_path):
    path = _bold_lines_docx(tmp_path / "dated.docx", [
        ("Results in 2021", True), ("The bureau ran two workshops.", False), (LONG, False),
        ("Priorities for 2022", True), ("It will repeat them.", False)])
    assert _kinds_texts(path) == [
        ("heading", "Results in 2021"), ("paragraph", "The bureau ran two workshops."), ("paragraph", LONG),
        ("heading", "Priorities for 2022"), ("paragraph", "It will repeat them.")]


def test_a_dated_title_over_its_place_and_date_stays_front_matter(tmp_path):
    path = _bold_lines_docx(tmp_path / "titled.docx", [
        ("Annual review 2021", True), ("Lisbon, March 2022", False), (LONG, False)])
    assert _kinds_texts(path) == [
        ("front-matter", "Annual review 2021"), ("front-matter", "Lisbon, March 2022"), ("paragraph", LONG)]


def test_a_word_cell_merged_down_gives_its_value_to_each_row_it_spans(tmp_path):
    import docx
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for row, cells in enumerate([("Region", "Course", "Trainees"), ("Andes", "Bookkeeping", "45"),
                                 ("", "Welding", "12"), ("Sahel", "Solar repair", "30")]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    table.cell(1, 0).merge(table.cell(2, 0))
    document.save(tmp_path / "merged.docx")
    assert [text for _, text in _kinds_texts(tmp_path / "merged.docx")] == [
        "Region | Course | Trainees", "Andes | Bookkeeping | 45", "Andes | Welding | 12", "Sahel | Solar repair | 30"]


def test_a_list_in_a_word_cell_keeps_its_numbers_and_bullets(tmp_path):
    import docx
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Harbour towns"
    cell = table.cell(0, 1)
    cell.paragraphs[0].text = "Net mending classes"
    cell.paragraphs[0].style = document.styles["List Number"]
    cell.add_paragraph("A savings circle", style="List Number")
    cell.add_paragraph("Radio spots", style="List Bullet")
    document.save(tmp_path / "listed.docx")
    assert _kinds_texts(tmp_path / "listed.docx") == [
        ("paragraph", "Harbour towns | 1. Net mending classes 2. A savings circle • Radio spots")]


def _pdf(path: Path, body: str, css: str = "", title: str = "") -> Path:
    from weasyprint import HTML

    from .documents import fonts_css
    HTML(string=f"""<html lang="en"><head><title>{title}</title><style>{fonts_css()}
      @page {{ size: A4; margin: 20mm; }} body {{ font-family: "Brief Sans"; font-size: 10pt; line-height: 1.35 }}
      p {{ margin: 0 0 0.8em 0 }} {css}</style></head><body>{body}</body></html>""").write_pdf(path)
    return path


COLUMN_PARAGRAPHS = [
    "The fund opened four counselling desks in border towns, where women crossing for seasonal work were told of "
    "their rights, of the fees a recruiter may charge and of the clinics that treat them free of charge.",
    "Its field teams visited eleven farms in the river valley and spoke with the pickers in their own languages "
    "about wages, rest days and the documents an employer must not keep.",
    "A hotline answered in three languages took calls at night, when most of the workers finish, and passed the "
    "cases it could not settle to the labour inspectorate of the province.",
    "The fund also paid for the translation of the labour code into two languages of the valley, so that pickers "
    "could read for themselves what the law allows and what it forbids.",
    "Next year it will train the inspectors of two more provinces and open a fifth desk in the port, where women "
    "arrive by boat from the islands for the canning season.",
]


def test_a_page_in_two_columns_is_read_a_column_at_a_time(tmp_path):
    body = ("<h1>Report of the valley fund to its donors</h1><div style='columns: 2; column-gap: 12mm;"
            " text-align: justify'><h2>Work in the valley</h2>"
            + "".join(f"<p>{text}</p>" for text in COLUMN_PARAGRAPHS) + "</div>")
    path = _pdf(tmp_path / "columns.pdf", body)
    assert _kinds_texts(path) == [("front-matter", "Report of the valley fund to its donors"),
                                  ("heading", "Work in the valley"),
                                  *(("paragraph", text) for text in COLUMN_PARAGRAPHS)]



ITEMS = ["paid the bus fares of the women who came to the evening classes in the market town;",
         "printed the course book in large type for the older learners of the two villages."]
HANGING = "p.h { margin: 0; padding-left: 2em; text-indent: -2em; }"


def test_pdf_list_items_open_on_letters_in_brackets_arrows_or_drawn_discs(tmp_path):
    """Each item is a block of its own; a lettered clause is a paragraph, as Markdown reads one."""
    disc = ("<span style='display: inline-block; width: 3pt; height: 3pt; background: black; "
            "border-radius: 50%; margin-left: -12pt; margin-right: 9pt'></span>")
    lead = "<p>In that year the school did two things:</p>"
    for name, items, listed in (
            ("letters", "".join(f"<p class='h'>({m})\u00a0\u00a0{t}</p>" for m, t in zip("ab", ITEMS)),
             [("paragraph", f"({m}) {t}") for m, t in zip("ab", ITEMS)]),
            ("arrows", "".join(f"<p class='h'>➢\u00a0\u00a0{t}</p>" for t in ITEMS),
             [("list-item", t) for t in ITEMS]),
            ("discs", "<ul style='list-style: none'>" + "".join(f"<li>{disc}{t}</li>" for t in ITEMS) + "</ul>",
             [("list-item", t) for t in ITEMS])):
        path = _pdf(tmp_path / f"{name}.pdf", lead + items, HANGING)
        assert _kinds_texts(path) == [("paragraph", "In that year the school did two things:"), *listed], name


def test_a_glyph_a_pdf_names_by_number_alone_is_read_as_a_bullet():
    from migration_briefs.sources.pdf_reader import _unnamed_glyphs
    assert [c["text"] for c in _unnamed_glyphs([{"text": "(cid:7)"}, {"text": "a"}])] == ["•", "a"]


def test_a_pdf_title_that_is_a_file_s_name_is_not_the_paper_s_title(tmp_path):
    long = " ".join(["The clinic in the harbour district treated women who work on the fishing boats."] * 3)
    path = _pdf(tmp_path / "printed.pdf", f"<p><b>Harbour clinic report</b></p><p>Lisbon, March 2022</p><p>{long}</p>",
                title="clinic_notes-v2.html")
    assert import_document(path).title == "Harbour clinic report"


def test_a_space_that_takes_no_room_in_a_pdf_line_is_no_space():
    from migration_briefs.sources.pdf_reader import _without_empty_spaces

    def glyph(text: str, x0: float, x1: float) -> dict:
        return {"text": text, "x0": x0, "x1": x1, "top": 100.0, "size": 10.0}
    # "in" + a soft hyphen printed as a space of no advance + "land", then a real space and "road"
    chars = [glyph("i", 0, 3), glyph("n", 3, 9), glyph(" ", 9, 12), glyph("l", 9, 12), glyph("a", 12, 18),
             glyph("n", 18, 24), glyph("d", 24, 30), glyph(" ", 30, 33), glyph("r", 33, 37)]
    assert "".join(c["text"] for c in _without_empty_spaces(chars)) == "inland r"


@pytest.mark.parametrize("count", [15, 22])  # four pages (the right pages' header on one), seven
def test_running_headers_that_alternate_between_left_and_right_pages_go(tmp_path, count):
    paragraph = ("The {0} office lent seed money to women who sell fish at the landing sites, and taught them "
                 "to keep accounts of what they buy, what they sell and what they owe.")
    places = ["north", "south", "east", "west", "lake", "river", "coast", "island", "valley", "plain", "hill",
              "delta", "port", "border", "market", "forest", "desert", "bay", "cape", "mountain", "marsh", "ridge"]
    css = ("@page { size: A6; margin: 16mm 11mm; @bottom-center { content: counter(page); font-size: 7pt } }"
           "@page :left { @top-left { content: 'Seed money'; font-size: 8.5pt } }"
           "@page :right { @top-right { content: 'Annual meeting of lenders'; font-size: 8.5pt } }"
           "@page first { @bottom-center { content: counter(page, lower-roman); font-size: 7pt } @top-right "
           "{ content: none } } .first { page: first; page-break-after: always } body { font-size: 8.5pt }")
    texts = [paragraph.format(place) for place in places[:count]]
    body = ("<div class='first'><h1>Report of the seed money fund</h1><p>Sent to the lenders in May.</p></div>"
            + "".join(f"<p>{text}</p>" for text in texts))
    imported = [text for kind, text in _kinds_texts(_pdf(tmp_path / "alternating.pdf", body, css)) if kind == "paragraph"]
    assert imported == texts


def test_a_table_s_header_row_repeated_over_a_page_break_is_read_once(tmp_path):
    rows = [(f"Village {n}", f"{n * 3} wells dug") for n in range(1, 31)]
    css = ("@page { size: A6; margin: 18mm 12mm } table { border-collapse: collapse } "
           "th, td { border: 0.6pt solid black; padding: 2pt 4pt } tr { page-break-inside: avoid }")
    body = ("<p>The water fund dug wells in these villages.</p><table><thead><tr><th>Village</th><th>Wells</th>"
            "</tr></thead><tbody>" + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows)
            + "</tbody></table>")
    texts = [text for _, text in _kinds_texts(_pdf(tmp_path / "wells.pdf", body, css))]
    assert texts == ["The water fund dug wells in these villages.", "Village | Wells",
                     *(f"{a} | {b}" for a, b in rows)]


def test_a_table_of_contents_is_left_out_in_word_and_in_a_pdf(tmp_path):
    import docx
    from docx.oxml import parse_xml
    sections = [("Wells dug", "The water fund dug forty wells in the dry north of the country."),
                ("Wells planned", "It will dig twenty more in the south next year.")]
    document = docx.Document()
    document.add_paragraph("Report of the water fund", style="Title")
    entries = "".join(f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>{heading}</w:t></w:r><w:r><w:tab/>'
                      f'</w:r><w:r><w:t>{page}</w:t></w:r></w:p>' for page, (heading, _) in enumerate(sections, 2))
    document.element.body.append(parse_xml(
        f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj>'
        f'</w:sdtPr><w:sdtContent><w:p><w:r><w:t>In this report</w:t></w:r></w:p>{entries}</w:sdtContent></w:sdt>'))
    # an entry set in a TOC style outside the content control, as older documents have them
    document.add_paragraph("Wells in the north 3")._p.get_or_add_pPr().append(
        parse_xml(f'<w:pStyle xmlns:w="{W}" w:val="TOC2"/>'))
    for heading, text in sections:
        document.add_heading(heading, 1)
        document.add_paragraph(text)
    document.save(tmp_path / "contents.docx")
    body = [("heading", heading) if i % 2 == 0 else ("paragraph", text)
            for heading, text in sections for i in range(2)]
    assert _kinds_texts(tmp_path / "contents.docx") == [("front-matter", "Report of the water fund"), *body]
    contents = "".join(f"<p class='t'>{heading}<span>{'.' * 60} {page}</span></p>"
                       for page, (heading, _) in enumerate(sections, 1))
    html = ("<h1>Report of the water fund</h1><h2>In this report</h2>" + contents
            + "".join(f"<h2>{heading}</h2><p>{text}</p>" for heading, text in sections))
    assert _kinds_texts(_pdf(tmp_path / "contents.pdf", html, "p.t { margin: 0 }")) == [
        ("front-matter", "Report of the water fund"), *body]


def test_a_title_property_of_abbreviations_and_numbers_gives_way_to_the_cover_s_title(tmp_path):
    import docx
    long = " ".join(["The clinic in the harbour district treated women who work on the fishing boats."] * 3)
    cover = "<p><b>Harbour clinic report</b></p><p>Lisbon, March 2022</p>"
    path = _pdf(tmp_path / "filed.pdf", f"{cover}<p>{long}</p>", title="HCR CM 2022")
    document = docx.Document()
    document.core_properties.title = "HCR CM 2022"
    document.add_paragraph().add_run("Harbour clinic report").bold = True
    document.add_paragraph("Lisbon, March 2022")
    document.add_paragraph(long)
    document.save(tmp_path / "filed.docx")
    assert [import_document(p).title for p in (path, tmp_path / "filed.docx")] == ["Harbour clinic report"] * 2


def test_a_word_a_pdf_breaks_at_a_line_end_with_a_plain_hyphen_is_joined_and_a_compound_kept(tmp_path):
    """Each paragraph opens on its word in a column too narrow for it, so that the line breaks at the hyphen."""
    broken = {"Migra-tion rose.": "Migration rose.", "Intersec-tionality mattered.": "Intersectionality mattered.",
              "Partner-ships grew.": "Partnerships grew.", "Well-being rose.": "Well-being rose.",
              "Gender-responsive budgets rose.": "Gender-responsive budgets rose.",
              "UN-Habitat came.": "UN-Habitat came.", "Medium- and long-term plans.": "Medium- and long-term plans.",
              "Seasonal- or year-round work.": "Seasonal- or year-round work."}
    path = _pdf(tmp_path / "hyphens.pdf", "".join(f"<p>{text}</p>" for text in broken), "p { width: 17mm }")
    lines = _pdf_lines(path)
    assert all(any(line == text.split("-")[0] + "-" for line in lines) for text in broken), lines
    assert _kinds_texts(path) == [("paragraph", text) for text in broken.values()]


def test_a_word_broken_at_a_hyphen_in_a_narrow_box_of_a_pdf_is_joined_too(tmp_path):
    """The box's lines stop far short of the page's text edge, as lines an author ended do."""
    path = _pdf(tmp_path / "box.pdf", f"<p>{LONG}</p><p class='n'>Migra-tion rose.</p><p class='n'>Well-being rose.</p>",
                "p.n { width: 17mm }")
    assert {"Migra-", "Well-"} <= set(_pdf_lines(path))
    assert _kinds_texts(path) == [("paragraph", LONG), ("paragraph", "Migration rose."),
                                  ("paragraph", "Well-being rose.")]


def _pdf_lines(path: Path) -> list[str]:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return [line["text"] for page in pdf.pages for line in page.extract_text_lines()]


def _word_list(document, num_id: int, levels: list[tuple[str, str]]) -> None:
    """A list of several levels (w:ilvl) in the document's numbering: each level's format and text."""
    from docx.oxml import parse_xml
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                   "</w:lvl>" for i, (fmt, text) in enumerate(levels))
    root = document.part.numbering_part.element
    root.append(parse_xml(f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{num_id}"><w:multiLevelType '
                          f'w:val="multilevel"/>{lvls}</w:abstractNum>'))
    root.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))


NESTED = [("The fund did three things:", None, 0), ("trained inspectors in two provinces:", 80, 0),
          ("labour inspectors in the north;", 80, 1), ("health inspectors in the south;", 80, 1),
          ("printed a guide.", 80, 0), ("Courses for welders", 81, 0), ("two in the capital;", 81, 1),
          ("one in the port.", 81, 1), ("ran a course in the port:", 82, 0), ("Solar repair", 82, 1)]


def test_a_nested_word_list_is_read_as_markdown_reads_one_each_sub_list_part_of_its_item(tmp_path):
    """A sub-list is a list of its own inside its item; a lone short numbered item over a sub-list is a
    heading, as a numbered line standing alone is, and a lone item of a sub-list is never one."""
    import docx
    from docx.oxml import parse_xml

    from migration_briefs.sources.paragraphs import read_document
    document = docx.Document()
    _word_list(document, 80, [("bullet", "•"), ("bullet", "o")])
    _word_list(document, 81, [("decimal", "%1."), ("bullet", "o")])
    _word_list(document, 82, [("bullet", "•"), ("decimal", "%2.")])
    for text, num_id, level in NESTED:
        paragraph = document.add_paragraph(text, style="List Paragraph" if num_id else None)
        if num_id:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    document.save(tmp_path / "nested.docx")
    markdown = ("The fund did three things:\n\n- trained inspectors in two provinces:\n  - labour inspectors in the "
                "north;\n  - health inspectors in the south;\n- printed a guide.\n\n1. Courses for welders\n"
                "   - two in the capital;\n   - one in the port.\n\n- ran a course in the port:\n  1. Solar repair\n")
    (tmp_path / "nested.md").write_text(markdown, encoding="utf-8")
    expected = [("paragraph", "The fund did three things:"), *(("list-item", text) for text, *_ in NESTED[1:5]),
                ("heading", "1. Courses for welders"), ("list-item", "two in the capital;"),
                ("list-item", "one in the port."), ("list-item", "ran a course in the port:"),
                ("list-item", "1. Solar repair")]
    structures = []
    for name in ("nested.docx", "nested.md"):
        assert _kinds_texts(tmp_path / name) == expected, name
        ids: dict[int, int] = {}  # each list by the order it opens in
        structures.append([(ids.setdefault(b.list_id, len(ids)) if b.list_id is not None else None, b.level)
                           for b in read_document(tmp_path / name, name).blocks])
    assert structures[0] == structures[1] == [(None, 0), (0, 0), (1, 1), (1, 1), (0, 0), (2, 0), (3, 1), (3, 1),
                                              (4, 0), (5, 1)]


def test_a_pdf_table_without_ruling_lines_is_read_a_row_at_a_time_like_a_ruled_one(tmp_path):
    """Columns told by the white space between them alone; a cell's text that wraps stays in its row."""
    rows = [("Village", "Course", "Trainees"), ("Upper Lake", "Bookkeeping for the savings groups of the lake "
            "shore", "45"), ("Rivermouth", "Welding", "12"), ("Stone Hill", "Solar repair", "30")]
    css = "table { border-collapse: collapse } td { padding: 1pt 14pt 1pt 0; vertical-align: top } td.w { width: 45mm }"
    body = (f"<h2>Courses in the villages</h2><p>{LONG}</p><table>"
            + "".join(f"<tr><td>{a}</td><td class='w'>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
            + "</table><p>The fund will add two villages next year.</p>")
    path = _pdf(tmp_path / "unruled.pdf", body, css)
    assert any(line.startswith("Upper Lake Bookkeeping") for line in _pdf_lines(path))  # the cell wraps
    assert _kinds_texts(path) == [("heading", "Courses in the villages"),
                                  ("paragraph", LONG),
                                  *(("paragraph", " | ".join(row)) for row in rows),
                                  ("paragraph", "The fund will add two villages next year.")]
