"""`briefs import-source`: real documents (the seed's Markdown, and a PDF, a Word file and a text
file made from it) give the transcription's paragraphs; re-imports keep ids; bad files and bad
names get one sentence and write nothing."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml

from migration_briefs import load
from migration_briefs.cli import main
from migration_briefs.sources.paragraphs import FRONT_MATTER, import_document
from migration_briefs.sources.readers import DocumentError
from migration_briefs.sources.write import ImportRefused, import_source

from .conftest import VALID_CONTRIBUTION
from .documents import A6_RAGGED, SEED_SOURCE, fonts_css, seed_markdown, write_docx, write_pdf, write_text

SEED_NAME = SEED_SOURCE.stem
TRANSCRIPTION = yaml.safe_load(SEED_SOURCE.read_text(encoding="utf-8"))["paragraphs"]

# Where an import of the PDF may differ from the transcription, and why. Empty: the PDFs below
# (justified A5 and a narrow ragged A6 column) import word for word. Add an entry only with the
# reason the layout cannot tell (e.g. an author's line break that falls exactly where a line is full).
KNOWN_PDF_DIFFERENCES: dict[str, str] = {}


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    """The seed as .md, .pdf (two layouts), .docx and .txt, in a folder outside the project."""
    folder = tmp_path_factory.mktemp("Downloads")
    markdown = seed_markdown()
    md = folder / f"{SEED_NAME}.md"
    md.write_text(markdown, encoding="utf-8")
    return {"md": md, "pdf": write_pdf(markdown, folder / "paper.pdf"),
            "narrow.pdf": write_pdf(markdown, folder / "narrow.pdf", A6_RAGGED),
            "docx": write_docx(markdown, folder / "paper.docx"), "txt": write_text(markdown, folder / "paper.txt")}


def _kinds_and_texts(paragraphs) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in paragraphs]


EXPECTED = [(p["kind"], p["text"]) for p in TRANSCRIPTION]


def test_markdown_import_gives_the_transcriptions_texts_and_kinds_in_order(documents):
    imported = import_document(documents["md"])
    assert _kinds_and_texts(imported.paragraphs) == EXPECTED
    assert imported.title == "Contribution to the Fifteenth Coordination Meeting on International Migration"


def test_a_fresh_import_derives_section_labels_from_the_headings(documents):
    """The transcription's sections group the same paragraphs; where a person shortened a heading
    into a label ("A. Activities in 2016"), the import spells out the heading instead."""
    imported = import_document(documents["md"]).paragraphs
    fresh = [p.section for p in imported]
    transcribed = [p["section"] for p in TRANSCRIPTION]
    boundaries = [i for i in range(1, len(fresh)) if fresh[i] != fresh[i - 1]]
    assert boundaries == [i for i in range(1, len(transcribed)) if transcribed[i] != transcribed[i - 1]]
    assert fresh[0] == FRONT_MATTER and fresh[11] == "A.1 Chair of the GMG"
    assert fresh[8] == ("A. Activities Undertaken During 2016 to Support the Implementation of the "
                        "Migration-Related Commitments of the 2030 Agenda")
    assert fresh[25] == "A.2 Joint EU - UN Women migration project"


@pytest.mark.parametrize("kind", ["docx", "txt"])
def test_word_and_text_versions_give_the_same_paragraphs(documents, kind):
    assert _kinds_and_texts(import_document(documents[kind]).paragraphs) == EXPECTED


@pytest.mark.parametrize("kind", ["pdf", "narrow.pdf"])
def test_pdf_import_removes_page_furniture_and_hyphenation(documents, kind):
    import pdfplumber
    with pdfplumber.open(documents[kind]) as pdf:
        raw = "\n".join(page.extract_text() for page in pdf.pages)
        pages = len(pdf.pages)
    # the PDF really has what the importer must remove: a header and a page number on every
    # page, and words broken at line ends
    assert raw.count("UN Women: contribution to the 15th") == pages > 1
    assert raw.count(f"of {pages}") == pages
    assert raw.count("‐\n") >= 20
    imported = _kinds_and_texts(import_document(documents[kind]).paragraphs)
    differences = {f"p{i + 1}": (want, got) for i, (want, got) in enumerate(zip(EXPECTED, imported)) if want != got}
    assert len(imported) == len(EXPECTED)
    assert set(differences) == set(KNOWN_PDF_DIFFERENCES), differences


def test_reimporting_the_seed_changes_no_id_kind_section_or_text(project, documents):
    before = (project / "data" / "sources" / f"{SEED_NAME}.yaml").read_bytes()
    result = import_source(documents["md"], root=project)
    assert result.existed and not result.written
    assert [(p.id, p.kind, p.section, p.text) for p in result.source.paragraphs] == \
        [(p["id"], p["kind"], p["section"], p["text"]) for p in TRANSCRIPTION]
    assert result.merge.counts() == {"unchanged": len(TRANSCRIPTION)}
    assert "Nothing written" in result.report()
    assert (project / "data" / "sources" / f"{SEED_NAME}.yaml").read_bytes() == before


def _import_fresh(project: Path, document: Path, name: str = "imported") -> Path:
    result = import_source(document, name=name, root=project)
    assert result.written and not result.existed
    return project / "data" / "sources" / f"{name}.yaml"


def test_written_file_loads_with_the_loader_and_keeps_the_texts(project, documents, write_contribution):
    target = _import_fresh(project, documents["pdf"])
    write_contribution(VALID_CONTRIBUTION.replace(f"sources/{SEED_NAME}.yaml", "sources/imported.yaml"))
    dataset = load(project)
    source = dataset.sources["sources/imported.yaml"]
    assert [p.text for p in source.paragraphs] == [text for _, text in EXPECTED]
    assert [p.id for p in source.paragraphs] == [f"p{i}" for i in range(1, len(EXPECTED) + 1)]
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# ") and "\n  - id: p1\n    kind: front-matter\n    section: Front matter\n" in text
    assert "Imported from paper.pdf (SHA-256 " in source.origin and str(documents["pdf"].parent) not in text


def test_same_document_gives_the_same_bytes_wherever_it_lies(tmp_path, documents):
    outputs = []
    for where in ("a", "b/c"):
        root = tmp_path / where.replace("/", "_")
        (root / "data" / "sources").mkdir(parents=True)
        copy = tmp_path / where / "downloads" / "paper.pdf"
        copy.parent.mkdir(parents=True)
        shutil.copy(documents["pdf"], copy)
        outputs.append(_import_fresh(root, copy).read_bytes())
    assert outputs[0] == outputs[1]


def _edited(markdown: str) -> str:
    edited = markdown.replace("the UN's system's interagency cooperation mechanism",
                              "the UN system's inter-agency cooperation mechanism")
    edited = edited.replace(
        "UN Women took the lead",
        "In December 2016 the GMG also published a report on its meetings.\n\nUN Women took the lead")
    edited = edited.replace("7. The New York Declaration for Refugees and Migrants: Implementation of "
                            "Commitments to Counter Xenophobia\n", "")
    assert edited.count("\n") == markdown.count("\n") + 1
    return edited


def test_reimporting_an_edited_version_keeps_every_id_and_reports_what_changed(project, tmp_path,
                                                                            write_contribution):
    root = write_contribution(VALID_CONTRIBUTION.replace("source: [p4]", "source: [p4, p21]"))
    target = project / "data" / "sources" / f"{SEED_NAME}.yaml"
    before = target.read_bytes()
    edited = tmp_path / "v2" / f"{SEED_NAME}.md"
    edited.parent.mkdir()
    edited.write_text(_edited(seed_markdown()), encoding="utf-8")

    dry = import_source(edited, root=root)
    assert not dry.written and target.read_bytes() == before
    report = dry.report()
    assert dry.merge.counts() == {"unchanged": 37, "changed": 1, "new": 1, "removed": 1}
    assert "~ p13 changed" in report and "[interagency]" in report and "[inter-agency]" in report
    assert "+ p40 new paragraph (A.1 Chair of the GMG): In December 2016 the GMG" in report
    assert "- p21 removed list-item: 7. The New York Declaration" in report
    assert "fix the citations in data/contributions/un-women/2017.yaml items[second-item]" in report
    assert "--write" in report

    written = import_source(edited, write=True, root=root)
    assert written.written
    after = {p["id"]: p for p in yaml.safe_load(target.read_text(encoding="utf-8"))["paragraphs"]}
    old = {p["id"]: p for p in TRANSCRIPTION}
    assert set(after) == set(old) - {"p21"} | {"p40"}
    assert all(after[pid]["text"] == old[pid]["text"] for pid in after if pid not in ("p13", "p40"))
    assert all(after[pid]["section"] == old[pid]["section"] for pid in after if pid != "p40")
    assert list(after).index("p40") == list(after).index("p22") + 1
    assert "# Retired ids (removed from the document; never reuse): p21" in target.read_text(encoding="utf-8")

    # the old version again: the removed list item comes back under a new id, p21 stays retired
    restored = import_source(_seed_copy(tmp_path), write=True, root=root)
    ids = [p.id for p in restored.source.paragraphs]
    assert "p21" not in ids and "p41" in ids and "p40" not in ids


def _seed_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "v1" / f"{SEED_NAME}.md"
    copy.parent.mkdir(exist_ok=True)
    copy.write_text(seed_markdown(), encoding="utf-8")
    return copy


def test_a_reimport_keeps_the_section_labels_and_kinds_a_person_set(project, documents):
    target = _import_fresh(project, documents["docx"], "paper")
    text = target.read_text(encoding="utf-8").replace(
        "section: A. Activities Undertaken During 2016 to Support the Implementation of the Migration-Related "
        "Commitments of the 2030 Agenda", "section: A. Activities in 2016")
    text = text.replace("  - id: p7\n    kind: front-matter", "  - id: p7\n    kind: paragraph")
    target.write_text(text, encoding="utf-8")
    again = import_source(documents["docx"], name="paper", root=project)
    assert again.up_to_date and not again.written
    assert {p.section for p in again.source.paragraphs[8:11]} == {"A. Activities in 2016"}
    assert again.source.paragraphs[6].kind == "paragraph"


def test_a_reimport_keeps_the_sic_marks_whose_words_are_still_there(project, tmp_path):
    from migration_briefs.model.models import SourceText
    edited = tmp_path / "v2" / f"{SEED_NAME}.md"
    edited.parent.mkdir()
    edited.write_text(seed_markdown().replace("to enhance the protection risks", "to reduce the protection risks"),
                      encoding="utf-8")
    result = import_source(edited, write=True, root=project)
    marks = {p.id: p.sic for p in result.source.paragraphs if p.sic}
    assert marks == {"p28": ["Committee on Economic, Social and Cultural Affairs"]}  # p35's error was fixed
    written = (project / "data" / "sources" / f"{SEED_NAME}.yaml").read_text(encoding="utf-8")
    assert "    sic:\n      - Committee on Economic, Social and Cultural Affairs\n" in written
    assert {p.id: p.sic for p in SourceText.model_validate(yaml.safe_load(written)).paragraphs if p.sic} == marks


def _sources_listing(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "data" / "sources").iterdir())}


def _image_only_pdf(path: Path) -> Path:
    from PIL import Image
    from weasyprint import HTML
    picture = path.with_suffix(".png")
    Image.new("RGB", (60, 40), "gray").save(picture)
    HTML(string=f'<img src="{picture.name}" style="width: 10cm">', base_url=str(path.parent) + "/").write_pdf(path)
    return path


def _encrypted_pdf(source: Path, path: Path) -> Path:
    writer = pypdf.PdfWriter(clone_from=source)
    writer.encrypt(user_password="secret", owner_password="owner")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


@pytest.mark.parametrize("case, expected", [
    ("empty.pdf", "the file is empty"),
    ("encrypted.pdf", "protected by a password"),
    ("scan.pdf", "no text layer"),
    ("paper.doc", "files ending in '.doc' are not supported"),
    ("notes.odt", "files ending in '.odt' are not supported"),
    ("broken.docx", "not a readable Word (.docx) file"),
    ("locked.docx", "an old-style .doc file or a password-protected .docx"),
    ("broken.pdf", "not a readable PDF"),
    ("missing.pdf", "there is no such file"),
])
def test_bad_files_get_one_sentence_and_write_nothing(project, documents, tmp_path, case, expected):
    path = tmp_path / case
    if case == "empty.pdf":
        path.write_bytes(b"")
    elif case == "encrypted.pdf":
        _encrypted_pdf(documents["pdf"], path)
    elif case == "scan.pdf":
        _image_only_pdf(path)
    elif case.startswith("broken"):
        path.write_bytes(b"this is not a document at all")
    elif case == "locked.docx":  # Word saves a password-protected file as an OLE container
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    elif case != "missing.pdf":
        path.write_bytes(b"some bytes")
    before = _sources_listing(project)
    with pytest.raises(DocumentError) as caught:
        import_source(path, root=project)
    message = str(caught.value)
    assert expected in message and message.startswith(f"Cannot import {case}: ")
    assert message.count(". ") == 0 and message.endswith(".") and "\n" not in message
    assert str(tmp_path) not in message
    assert _sources_listing(project) == before


@pytest.mark.parametrize("name", ["../evil", "sub/dir", "Upper", "a b", "", ".hidden", "x.yaml"])
def test_a_name_that_would_write_outside_data_sources_is_refused(project, documents, name):
    before = _sources_listing(project)
    with pytest.raises(ImportRefused) as caught:
        import_source(documents["md"], name=name, root=project)
    assert "--name" in str(caught.value) or "name" in str(caught.value)
    assert _sources_listing(project) == before
    assert not (project / "data" / "evil.yaml").exists()


def test_a_link_out_of_data_sources_is_refused(project, documents, tmp_path):
    outside = tmp_path / "outside.yaml"
    (project / "data" / "sources" / "linked.yaml").symlink_to(outside)
    with pytest.raises(ImportRefused, match="data/sources/linked.yaml is a symbolic link, and nothing is written through a link"):
        import_source(documents["md"], name="linked", root=project)
    assert not outside.exists()


def test_a_source_file_with_aliases_is_not_read_when_a_new_version_is_imported(project, documents):
    """The existing file anyone may have edited is read with the project's reader, which refuses
    YAML aliases (a few lines of them can take gigabytes) before they expand."""
    target = project / "data" / "sources" / "aliased.yaml"
    target.write_text('a: &a ["x", "x"]\nb: &b [*a, *a]\ntitle: T\norigin: O\nparagraphs: []\n', encoding="utf-8")
    before = target.read_bytes()
    with pytest.raises(ImportRefused, match="exists but is not a valid source text"):
        import_source(documents["md"], name="aliased", root=project)
    assert target.read_bytes() == before


def test_cli_imports_a_new_document_and_dry_runs_a_changed_one(project_paths, documents, tmp_path, capsys):
    assert main(["import-source", str(documents["txt"])]) == 0
    out = capsys.readouterr().out
    assert "wrote data/sources/paper.yaml: 39 entries" in out and "briefs draft --source" in out
    edited = tmp_path / "paper.txt"
    edited.write_text(documents["txt"].read_text(encoding="utf-8").replace("interagency", "inter-agency"),
                      encoding="utf-8")
    before = (project_paths / "data" / "sources" / "paper.yaml").read_bytes()
    assert main(["import-source", str(edited)]) == 0
    assert "~ p13 changed" in capsys.readouterr().out
    assert (project_paths / "data" / "sources" / "paper.yaml").read_bytes() == before
    assert main(["import-source", str(edited), "--write"]) == 0
    assert (project_paths / "data" / "sources" / "paper.yaml").read_bytes() != before


def test_cli_refuses_a_bad_file_in_one_sentence_without_a_traceback(project_paths, tmp_path, capsys):
    bad = tmp_path / "paper.rtf"
    bad.write_text("{\\rtf1}", encoding="utf-8")
    assert main(["import-source", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Cannot import paper.rtf: files ending in '.rtf' are not supported")
    assert "Traceback" not in err and err.strip().endswith("Nothing was written.")


# --- the formats' own structure -------------------------------------------------------------

def test_markdown_headings_lists_and_footnotes(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("---\ntitle: A paper\n---\n\n# Introduction\n\nThe agency acted[^1] in 2016 and "
                    "reported on it in full sentences here.\n\n- first bullet\n- second bullet\n\n"
                    "[^1]: As the report says.\n", encoding="utf-8")
    imported = import_document(path)
    assert imported.title == "A paper"
    assert [(p.kind, p.section, p.text) for p in imported.paragraphs] == [
        ("heading", "Introduction", "Introduction"),
        ("paragraph", "Introduction", "The agency acted¹ in 2016 and reported on it in full sentences here."),
        ("footnote", "Introduction", "¹ As the report says."),
        ("list-item", "Introduction", "first bullet"),
        ("list-item", "Introduction", "second bullet"),
    ]


def test_bullets_markdown_does_not_know_start_list_items_of_their_own(tmp_path):
    """A list pasted from a word processor keeps its "•" glyphs on lines of one Markdown paragraph."""
    path = tmp_path / "pasted.md"
    path.write_text("# 2017\n\n• The office trained 30 judges in Kigali.\n• It opened two shelters for girls.\n"
                    "◦ One of them in Goma.\n\nA closing paragraph that • keeps its glyph in mid-line.\n",
                    encoding="utf-8")
    assert [(p.kind, p.text) for p in import_document(path).paragraphs][1:] == [
        ("list-item", "The office trained 30 judges in Kigali."),
        ("list-item", "It opened two shelters for girls."),
        ("list-item", "One of them in Goma."),
        ("paragraph", "A closing paragraph that • keeps its glyph in mid-line."),
    ]


def _docx_with_numbering_and_footnote(path: Path) -> Path:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    document = docx.Document()
    document.core_properties.title = "Report of the agency"
    document.add_paragraph("Activities", style="Heading 1")
    body = document.add_paragraph("The agency chaired the group, as the first note explains.")
    document.add_paragraph("Alpha", style="List Number")
    document.add_paragraph("Beta", style="List Number")
    document.add_paragraph("Gamma", style="List Bullet")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body._p.append(parse_xml(f'<w:r xmlns:w="{w}"><w:footnoteReference w:id="2"/></w:r>'))
    notes = (f'<w:footnotes xmlns:w="{w}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
             f'</w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>'
             f'<w:r><w:t xml:space="preserve"> The note text.</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                notes.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    document.save(path)
    return path


def test_notes_marked_in_brackets_in_plain_text_are_footnotes(tmp_path):
    # a note's mark the text cites after a word ("Libya.[1]"); a "[2]" no text cites is the paper's own
    path = tmp_path / "note.md"
    path.write_text("# Work in 2018\n\nThe agency gave legal aid to 900 children in Libya.[1] It trained 40 "
                    "guardians in Tunisia.\n\n[1] With a national bar association.\n\n[2] A paragraph of its own "
                    "that no sentence cites.\n", encoding="utf-8")
    assert [p.kind for p in import_document(path).paragraphs] == ["heading", "paragraph", "footnote", "paragraph"]


def test_word_headings_automatic_numbers_bullets_and_footnotes(tmp_path):
    imported = import_document(_docx_with_numbering_and_footnote(tmp_path / "report.docx"))
    assert imported.title == "Report of the agency"
    assert [(p.kind, p.text) for p in imported.paragraphs] == [
        ("heading", "Activities"),
        ("paragraph", "The agency chaired the group, as the first note explains.¹"),
        ("footnote", "¹ The note text."),
        ("list-item", "1. Alpha"),
        ("list-item", "2. Beta"),
        ("list-item", "Gamma"),
    ]


def test_pdf_footnotes_at_the_foot_of_the_page_and_raised_note_marks(tmp_path):
    from weasyprint import HTML
    long = " ".join(["The project strengthened accountability to the rights of women migrant workers."] * 9)
    html = f"""<html lang="en"><head><style>
      @page {{ size: A6; margin: 15mm 12mm; @bottom-center {{ content: counter(page); font-size: 8pt }} }}
      {fonts_css()}
      body {{ font-family: "Brief Serif"; font-size: 9pt; text-align: justify; hyphens: auto; }}
      .note {{ float: footnote; font-size: 7pt; }}
      ::footnote-call {{ content: counter(footnote); vertical-align: super; font-size: 6pt; line-height: 0 }}
      ::footnote-marker {{ content: counter(footnote) " "; vertical-align: super; font-size: 5pt; }}
    </style></head><body><h1>A NOTE ON NOTES</h1>
    <p>First paragraph with a note<span class="note">The views expressed are the author's own.</span>
    and more text. {long} It ends here.</p>
    <p>Second paragraph, with a raised mark<sup>2</sup> in it.</p></body></html>"""
    path = tmp_path / "notes.pdf"
    HTML(string=html).write_pdf(path)
    paragraphs = import_document(path).paragraphs
    assert [p.kind for p in paragraphs] == ["heading", "paragraph", "paragraph", "footnote"]
    assert paragraphs[1].text.startswith("First paragraph with a note¹ and more text. The project")
    assert paragraphs[1].text.endswith("migrant workers. It ends here.")
    assert paragraphs[2].text == "Second paragraph, with a raised mark² in it."
    assert paragraphs[3].text == "¹ The views expressed are the author's own."


def test_written_yaml_reads_back_whatever_the_characters(project):
    from migration_briefs.model.models import Paragraph, SourceText
    from migration_briefs.model.yaml_source import read_yaml
    from migration_briefs.sources.write import source_yaml
    texts = ["# not a comment", "key: value", "- not a list", "'quoted' and \"double\"", "2017", "yes",
             "2017-02-16", "a line separator\u2028inside", "tab\there", "x" * 130, "ends with a colon:",
             "¹ A note – with dashes — and “quotes”", "\\ backslash", "@at", "`code`", "%percent", "* star"]
    source = SourceText(title="2017: a title", origin="Made by hand: # not a comment", paragraphs=[
        Paragraph(id=f"p{i}", kind="paragraph", section=text if i % 2 else "Section: one", text=text)
        for i, text in enumerate(texts, 1)])
    path = project / "data" / "sources" / "odd.yaml"
    path.write_text(source_yaml(source, "# header\n"), encoding="utf-8")
    assert SourceText.model_validate(read_yaml(path).data) == source


def test_a_line_separator_or_control_character_in_a_document_becomes_plain_text(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_text("A paragraph with a line\u2028separator, a\x07bell and a soft\u00adhyphen, "
                    "long enough to count as the body of the document it opens.\n", encoding="utf-8")
    [paragraph] = import_document(path).paragraphs
    assert paragraph.text == ("A paragraph with a line separator, abell and a softhyphen, "
                              "long enough to count as the body of the document it opens.")


def test_the_origin_names_the_latest_import_and_keeps_a_persons_words(project, documents):
    seed = import_source(documents["md"], root=project).source.origin
    person = yaml.safe_load(SEED_SOURCE.read_text(encoding="utf-8"))["origin"]
    digest = hashlib.sha256(documents["md"].read_bytes()).hexdigest()
    assert seed.startswith(person) and seed.endswith(f"Imported from {SEED_NAME}.md (SHA-256 {digest}).")
    _import_fresh(project, documents["md"], "paper")
    again = import_source(documents["docx"], name="paper", write=True, root=project)
    assert again.source.origin.startswith("Imported from paper.docx (SHA-256 ")
    assert "from the Word file" in again.source.origin and "Markdown" not in again.source.origin


def test_pdf_with_a_metadata_title_headings_in_larger_type_and_bullets(tmp_path):
    from weasyprint import HTML
    body = " ".join(["IOM supported Member States in developing migration policies that respond to the "
                     "needs of women migrants."] * 4)
    html = f"""<html lang="en"><head><title>IOM contribution 2018</title><style>
      {fonts_css()} body {{ font-family: "Brief Serif" }}
      @page {{ size: A5; margin: 20mm; @bottom-center {{ content: counter(page) }} }}</style></head><body>
      <p><b>SIXTEENTH COORDINATION MEETING ON INTERNATIONAL MIGRATION</b><br>Population Division<br>
      New York, 15-16 February 2018</p>
      <h1>Contribution of the International Organization for Migration</h1>
      <h2>Introduction</h2><p>{body}</p><h2>I. Activities in 2017</h2><p>{body}</p>
      <ul><li>Bullet one about capacity</li><li>Bullet two about data</li></ul></body></html>"""
    path = tmp_path / "iom.pdf"
    HTML(string=html).write_pdf(path)
    imported = import_document(path)
    assert imported.title == "IOM contribution 2018"
    assert [(p.kind, p.section, p.text[:30]) for p in imported.paragraphs] == [
        ("front-matter", FRONT_MATTER, "SIXTEENTH COORDINATION MEETING"),
        ("front-matter", FRONT_MATTER, "Population Division"),
        ("front-matter", FRONT_MATTER, "New York, 15-16 February 2018"),  # its 8 is not a note mark
        ("front-matter", FRONT_MATTER, "Contribution of the Internatio"),
        ("heading", "Introduction", "Introduction"),
        ("paragraph", "Introduction", "IOM supported Member States in"),
        ("heading", "I. Activities in 2017", "I. Activities in 2017"),
        ("paragraph", "I. Activities in 2017", "IOM supported Member States in"),
        ("list-item", "I. Activities in 2017", "Bullet one about capacity"),
        ("list-item", "I. Activities in 2017", "Bullet two about data"),
    ]


# --- tables, numbered paragraphs and notes as agencies' papers set them ----------------------

TABLE_PAPER = """\
**CONTRIBUTION OF THE INTERNATIONAL LABOUR ORGANIZATION (ILO)**

## Events

The agency reports here on its work in 2017 on the rights of women migrant workers: the events it took part in and the work it did with its partners.

In 2017 the agency took part in these events, each of them on the rights of women migrant workers and on what governments owe them under international law:

| Date | Event | Place |
|---|---|---|
| 8 March 2017 | Panel on **women** migrant workers[^1] | Geneva |
| 12-14 June 2017 | Regional workshop on recruitment | |

After the table, a paragraph of text that reports more of the work the agency did during the year, in a sentence long enough to read as the body of a paper.[^2]

[^1]: Held on International Women's Day.

[^2]: A second note, cited after the table.
"""
TABLE_PARAGRAPHS = [
    ("front-matter", "CONTRIBUTION OF THE INTERNATIONAL LABOUR ORGANIZATION (ILO)"),
    ("heading", "Events"),
    ("paragraph", "The agency reports here on its work in 2017 on the rights of women migrant workers: the events it "
                  "took part in and the work it did with its partners."),
    ("paragraph", "In 2017 the agency took part in these events, each of them on the rights of women migrant workers and on what governments owe them under international law:"),
    ("paragraph", "Date | Event | Place"),
    ("paragraph", "8 March 2017 | Panel on women migrant workers¹ | Geneva"),
    ("footnote", "¹ Held on International Women's Day."),
    ("paragraph", "12-14 June 2017 | Regional workshop on recruitment |"),
    ("paragraph", "After the table, a paragraph of text that reports more of the work the agency did during the year, in a sentence long enough to read as the body of a paper.²"),
    ("footnote", "² A second note, cited after the table."),
]


def paper_in(folder: Path, kind: str, markdown: str) -> Path:
    """The paper written in Markdown as a file of `kind` (md, docx or pdf) in `folder`; a PDF of one
    page, so no running header is to be told apart."""
    from .documents import write_paper_docx, write_paper_pdf
    path = folder / f"paper.{kind}"
    if kind == "md":
        path.write_text(markdown, encoding="utf-8")
    elif kind == "docx":
        write_paper_docx(markdown, path)
    else:
        write_paper_pdf(markdown, "", path)
    return path


@pytest.mark.parametrize("kind", ["md", "docx", "pdf"])
def test_a_table_is_read_a_row_at_a_time_in_every_format(tmp_path, kind):
    """Each row of a table (of events, of results) is one paragraph of its cells, joined by ' | ',
    whatever the format: a row is what a contribution cites. Before, Markdown gave the pipes as one
    paragraph, Word a paragraph per cell and a PDF its lines across the cells. In the PDF the two
    notes at the foot of the page are two footnotes, each after the row or paragraph that cites it,
    as Markdown and Word place them (they were one footnote after the page's last paragraph)."""
    imported = import_document(paper_in(tmp_path, kind, TABLE_PAPER))
    assert [(p.kind, p.text) for p in imported.paragraphs] == TABLE_PARAGRAPHS
    assert {p.section for p in imported.paragraphs[1:]} == {"Events"}  # a header row is no heading


def test_a_word_table_of_one_column_is_layout_and_its_paragraphs_stay_paragraphs(tmp_path):
    import docx
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("SIXTEENTH COORDINATION MEETING ON INTERNATIONAL MIGRATION")
    cell.add_paragraph("New York, 15-16 February 2018")
    document.add_paragraph("The agency reported its work on the rights of women migrant workers in a "
                           "paragraph long enough to start the body of the paper.")
    document.save(tmp_path / "layout.docx")
    assert [p.text for p in import_document(tmp_path / "layout.docx").paragraphs] == [
        "SIXTEENTH COORDINATION MEETING ON INTERNATIONAL MIGRATION", "New York, 15-16 February 2018",
        "The agency reported its work on the rights of women migrant workers in a paragraph long enough to "
        "start the body of the paper."]


NUMBERED_PAPER = """\
**I. INTRODUCTION**

1. The agency works on labour migration.

2. This paper reports its work in 2017 and its plans for 2018, in numbered paragraphs.

**II. ACTIVITIES IN 2017**

3. The agency trained labour inspectors.

4. Its work on recruitment made three points:

- that fees should not be charged to workers;
- that women migrant workers need protection.

5. In 2018 the agency will:

(a) publish a report;

6. The meetings focused on:

1. Understanding large movements
2. Protecting human rights

After the Summit, two more meetings focused on:

3. Commitments of the Declaration
4. Countering xenophobia
"""


def test_numbers_that_run_on_across_headings_number_paragraphs_not_a_list(tmp_path):
    """UN documents number their paragraphs across sections ("3." under I, "4." under II): each is
    a paragraph, however short. A list that starts again at 1, or resumes after a sentence, stays
    a list."""
    path = tmp_path / "numbered.md"
    path.write_text(NUMBERED_PAPER, encoding="utf-8")
    kinds = [(p.text[:6], p.kind) for p in import_document(path).paragraphs if p.kind != "heading"]
    assert kinds == [("1. The", "paragraph"), ("2. Thi", "paragraph"), ("3. The", "paragraph"),
                     ("4. Its", "paragraph"), ("that f", "list-item"), ("that w", "list-item"),
                     ("5. In ", "paragraph"), ("(a) pu", "paragraph"), ("6. The", "paragraph"),
                     ("1. Und", "list-item"), ("2. Pro", "list-item"), ("After ", "paragraph"),
                     ("3. Com", "list-item"), ("4. Cou", "list-item")]


def test_a_name_s_acronym_in_parentheses_keeps_its_capitals_in_a_title_set_in_capitals(tmp_path):
    path = tmp_path / "ilo.md"
    path.write_text("**CONTRIBUTION OF THE INTERNATIONAL LABOUR ORGANIZATION (ILO)**\n\n"
                    "**A. WORK OF THE ILO IN ASEAN (TRIANGLE)**\n\nThe organization reported on its work in "
                    "2017 in a paragraph long enough to be the body of the paper.\n", encoding="utf-8")
    imported = import_document(path)
    assert imported.title == "Contribution of the International Labour Organization (ILO)"
    assert imported.paragraphs[-1].section == "A. Work of the Ilo in Asean (TRIANGLE)"


ITALIC_PAPER = """# Activities in 2017

The office published *Far from Home: Girls who travel alone*, a regional study, and _Open Roads_.

*This paragraph is set wholly in italics, as a note on whose views the paper gives.*

A paragraph without italics, long enough to read as the body of the paper that reports the work.
"""


@pytest.mark.parametrize("kind", ["md", "docx", "pdf"])
def test_the_words_a_paper_sets_in_italics_are_kept_beside_the_text_in_every_format(tmp_path, kind):
    """A report's or an event's title in italics is kept, as its paragraph's text has it: the words
    around it do not say where a title ends. A paragraph wholly in italics keeps none (its style)."""
    imported = [p for p in import_document(paper_in(tmp_path, kind, ITALIC_PAPER)).paragraphs if p.kind == "paragraph"]
    assert [p.italic for p in imported] == [("Far from Home: Girls who travel alone", "Open Roads"), (), ()]


def test_a_reimport_writes_the_italic_words_of_a_file_imported_without_them(project, tmp_path):
    from migration_briefs.model.models import SourceText
    paper = tmp_path / "italic.md"
    paper.write_text(ITALIC_PAPER, encoding="utf-8")
    first = import_source(paper, root=project)
    target = project / "data" / "sources" / "italic.yaml"
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["paragraphs"][1]["italic"] == ["Far from Home: Girls who travel alone", "Open Roads"]
    for entry in written["paragraphs"]:
        entry.pop("italic", None)
    target.write_text(yaml.safe_dump(written, sort_keys=False), encoding="utf-8")
    again = import_source(paper, write=True, root=project)
    assert first.written and not again.up_to_date and again.written
    assert "italic words" in again.report()
    source = SourceText.model_validate(yaml.safe_load(target.read_text(encoding="utf-8")))
    assert [p.italic for p in source.paragraphs if p.italic] == [["Far from Home: Girls who travel alone", "Open Roads"]]
    with pytest.raises(ValueError, match="does not occur in the paragraph"):
        SourceText.model_validate({**written, "paragraphs": [{**written["paragraphs"][1], "italic": ["Closed Doors"]}]})
