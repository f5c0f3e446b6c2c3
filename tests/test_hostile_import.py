"""import-source under hostile documents: sizes checked before anything is read or parsed (the
file, and the parts inside a .docx), no entity expansion, no blocking on what is not a file, a
title with a line break written as YAML that reads back, and a PDF whose text all lies where page
headers do. Every refusal is one sentence and exit 2, and nothing is written; no command that
writes under data/ (import-source, draft, import-reference) writes through a link."""
from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from migration_briefs.cli import main
from migration_briefs.model.models import SourceText
from migration_briefs.model.yaml_source import read_yaml
from migration_briefs.sources import readers as source_readers
from migration_briefs.sources.readers import DocumentError, DocumentTooLargeError
from migration_briefs.sources.write import import_source

from .documents import fonts_css, write_docx

UPSTREAM = Path(__file__).parent / "fixtures" / "sdg"

MARKDOWN = "## A heading\n\nA first paragraph of the paper, which ends here.\n\nA second one.\n"


def refused_by_the_cli(project_paths: Path, document: Path, capsys) -> str:
    before = sorted((project_paths / "data" / "sources").iterdir())
    assert main(["import-source", str(document)]) == 2
    message = capsys.readouterr().err.strip()
    assert "\n" not in message and message.startswith(f"Cannot import {document.name}: ")
    assert "Traceback" not in message
    assert sorted((project_paths / "data" / "sources").iterdir()) == before
    return message


def rewrite_docx(source: Path, target: Path, change) -> Path:
    """A copy of a .docx with its parts changed by `change(name, data) -> data`, and extra parts."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for part in original.infolist():
            copy.writestr(part.filename, change(part.filename, original.read(part)))
        extra = change(None, b"")
        if extra:
            copy.writestr("word/media/filler.xml", extra)
    return target


@pytest.fixture
def docx(tmp_path) -> Path:
    return write_docx(MARKDOWN, tmp_path / "paper.docx")


def test_a_docx_whose_parts_inflate_past_the_limit_is_refused_before_parsing(project_paths, docx, tmp_path,
                                                                             capsys, monkeypatch):
    monkeypatch.setattr(source_readers, "MAX_DOCX_UNCOMPRESSED", 2**20)
    bomb = rewrite_docx(docx, tmp_path / "bomb.docx", lambda name, data: bytes(3 * 2**20) if name is None else data)
    assert bomb.stat().st_size < 100_000  # small on disk, large inflated: a zip bomb's class
    message = refused_by_the_cli(project_paths, bomb, capsys)
    assert "uncompressed" in message and "1 MB" in message


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml", "[Content_Types].xml"])
def test_a_docx_declaring_xml_entities_is_refused(project_paths, docx, tmp_path, capsys, part):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
                         for i in range(1, 10)) + b"]>")

    def change(name, data):
        return laughs + data.split(b"?>", 1)[1] if name == part else (data if name else b"")
    bomb = rewrite_docx(docx, tmp_path / "laughs.docx", change)
    message = refused_by_the_cli(project_paths, bomb, capsys)
    assert f"its part {part} declares XML entities" in message


@pytest.mark.parametrize("suffix", [".txt", ".md", ".pdf", ".docx"])
def test_a_file_past_the_size_limit_is_refused_before_it_is_read(project_paths, tmp_path, capsys, suffix):
    huge = tmp_path / f"huge{suffix}"
    with huge.open("wb") as stream:
        stream.truncate(source_readers.MAX_DOCUMENT_BYTES + 1)  # sparse: costs no disk
    message = refused_by_the_cli(project_paths, huge, capsys)
    assert "more than the 50 MB an import reads" in message
    with pytest.raises(DocumentTooLargeError) as raised:
        import_source(huge, root=project_paths)
    assert raised.value.limit == source_readers.MAX_DOCUMENT_BYTES


def test_what_is_not_a_regular_file_is_refused_without_blocking(project_paths, tmp_path, capsys):
    fifo = tmp_path / "paper.txt"
    os.mkfifo(fifo)
    assert "it is not a regular file" in refused_by_the_cli(project_paths, fifo, capsys)


@pytest.mark.parametrize("title, refused", [("A\\0title", "its title holds the control character U+0000"),
                                            ("Bell\\a and escape\\e", "its title holds the control character U+0007"),
                                            ("word " * 20_000, "its title is 99,999 characters long, more than the "
                                                               "20,000 a text field holds")])
def test_a_title_a_data_file_cannot_hold_is_one_sentence(project_paths, tmp_path, capsys, title, refused):
    document = tmp_path / "paper.md"
    document.write_text(f'---\ntitle: "{title}"\n---\n\n{MARKDOWN}', encoding="utf-8")
    assert refused in refused_by_the_cli(project_paths, document, capsys)


def test_a_control_character_in_the_file_name_is_one_sentence_that_prints_it_escaped(project_paths, tmp_path,
                                                                                      capsys):
    document = tmp_path / "paper\x07.md"  # the title is made from the file name
    document.write_text(MARKDOWN, encoding="utf-8")
    before = sorted((project_paths / "data" / "sources").iterdir())
    assert main(["import-source", str(document), "--name", "paper"]) == 2
    message = capsys.readouterr().err.strip()
    assert message.startswith("Cannot import paper\\x07.md: its title holds the control character U+0007")
    assert "\x07" not in message and sorted((project_paths / "data" / "sources").iterdir()) == before


def test_a_paragraph_longer_than_a_text_field_is_one_sentence(project_paths, tmp_path, capsys):
    document = tmp_path / "paper.md"
    document.write_text(f"## A heading\n\n{'word ' * 5000}\n", encoding="utf-8")
    assert "the text of its paragraph 2 (which begins 'word word" in refused_by_the_cli(project_paths, document, capsys)


def test_a_source_file_larger_than_a_data_file_may_be_is_not_written(project_paths, tmp_path, capsys, monkeypatch):
    from migration_briefs.model import yaml_source
    monkeypatch.setattr(yaml_source, "MAX_DATA_FILE_BYTES", 2**20)
    document = tmp_path / "paper.md"
    sentence = "A paragraph of a long paper, which says what the agency did in the year at some length. " * 7
    document.write_text("## A heading\n\n" + "".join(f"{n}: {sentence}\n\n" for n in range(2_000)), encoding="utf-8")
    message = refused_by_the_cli(project_paths, document, capsys)
    assert "its source file would be" in message and "more than the 1 MB a data file holds" in message


def test_a_file_named_like_an_option_is_a_file_not_a_request_for_help(project_paths, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["import-source", "--", "-h"]) == 2  # as `make import-source FILE=-h` runs it
    assert capsys.readouterr().err.strip() == "Cannot import -h: files ending in '(no extension)' are not supported; " \
        "import a .pdf, .docx, .md or .txt file (save a .doc or .odt as .docx first). Nothing was written."


def test_a_long_word_file_says_how_far_it_has_come(project_paths, tmp_path, capsys):
    from .documents import write_long_docx
    document = write_long_docx(6000, tmp_path / "long-report.docx")
    assert main(["import-source", str(document)]) == 0
    said = capsys.readouterr().err.strip().splitlines()
    assert said == [f"long-report.docx: read {n:,} of 6,001 paragraphs and tables" for n in
                    (601, 1201, 1801, 2401, 3001, 3601, 4201, 4801, 5401, 6001)] + [
        "long-report.docx: writing and checking 6,001 entries"]
    assert (project_paths / "data" / "sources" / "long-report.yaml").read_text().count("\n  - id: p") == 6001


@pytest.mark.parametrize("title", ["First line\\nsecond line", "A title\\ntitle: injected", "Ends with a break\\n",
                                   "Carriage\\r\\nreturn", "Line\\u2028separator", "# hash\\n- dash: and colon"])
def test_a_title_with_a_line_break_gives_a_source_file_that_reads_back(project_paths, tmp_path, title):
    document = tmp_path / "paper.md"
    document.write_text(f'---\ntitle: "{title}"\n---\n\n{MARKDOWN}', encoding="utf-8")
    result = import_source(document, root=project_paths)
    text = result.target.read_text(encoding="utf-8")
    assert text.count("\ntitle:") == 1 and all(line.startswith("#") for line in text.split("\ntitle:")[0].splitlines())
    source = SourceText.model_validate(read_yaml(result.target, project_paths).data)
    assert source.title == " ".join(source.title.split())  # a title is one line
    from migration_briefs.sources.draft import draft
    assert draft("un-women", 2019, result.target.stem, project_paths)[0].is_file()


def test_a_pdf_whose_text_lies_where_page_headers_do_is_read(project_paths, tmp_path):
    from weasyprint import HTML
    css = f"{fonts_css()} @page {{ size: A4; margin: 4mm 20mm 250mm 20mm; }} body {{ font-family: 'Brief Serif'; }}"
    pages = "".join('<p style="break-after: page">The same words on every page.</p>' for _ in range(2))
    pdf = tmp_path / "top.pdf"
    HTML(string=f"<html><head><style>{css}</style></head><body>{pages}</body></html>").write_pdf(pdf)
    result = import_source(pdf, root=project_paths)
    assert " ".join(p.text for p in result.source.paragraphs).split(". ") == ["The same words on every page",
                                                                            "The same words on every page."]


def test_document_errors_are_the_projects_error_classes():
    assert issubclass(DocumentTooLargeError, DocumentError)


# --- writing under data/ ------------------------------------------------------------------------

@pytest.mark.parametrize("linked", ["data/sources", "data/sources/paper.yaml"])
def test_import_source_never_writes_through_a_link(project_paths, tmp_path, capsys, linked):
    outside = tmp_path / "outside"
    outside.mkdir()
    document = tmp_path / "paper.md"
    document.write_text(MARKDOWN, encoding="utf-8")
    path = project_paths / linked
    if path.is_dir():
        shutil.rmtree(path)
    path.symlink_to(outside / "paper.yaml" if linked.endswith(".yaml") else outside)
    assert main(["import-source", str(document)]) == 2
    message = capsys.readouterr().err.strip()
    assert message == (f"{linked} is a symbolic link, and nothing is written through a link; replace it with the "
                       "file or folder itself and import again. Nothing was written.")
    assert list(outside.iterdir()) == []


def test_draft_never_writes_through_a_linked_contribution_folder(project_paths, tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = project_paths / "data" / "contributions" / "un-women"
    folder.rmdir()
    folder.symlink_to(outside, target_is_directory=True)
    source = next((project_paths / "data" / "sources").glob("*.yaml")).stem
    assert main(["draft", "--source", source, "--agency", "un-women", "--meeting", "2019"]) == 3
    message = capsys.readouterr().err.strip()
    assert message == ("data/contributions/un-women: it is a symbolic link, and nothing is written through a link; "
                       "replace the link with a folder of its own (in build/, run `make clean`).")
    assert list(outside.iterdir()) == []


def test_import_reference_never_writes_through_a_linked_reference_folder(project_paths, tmp_path, capsys):
    outside = tmp_path / "outside"
    reference = project_paths / "data" / "reference"
    shutil.move(reference, outside)
    reference.symlink_to(outside, target_is_directory=True)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    assert main(["import-reference", "--from", str(UPSTREAM)]) == 3
    assert capsys.readouterr().err.startswith("data/reference: it is a symbolic link, and nothing is written")
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before


# --- import-reference ------------------------------------------------------------------------------

def upstream_with(tmp_path: Path, name: str, text: str | bytes) -> Path:
    folder = tmp_path / "upstream"
    shutil.copytree(UPSTREAM, folder)
    (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return folder


GOALS = (UPSTREAM / "global_goals.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, text, expected", [
    ("global_goals.yml", GOALS.replace("1-short: No poverty", "1-short: [No poverty"),
     "global_goals.yml:2: this is not valid YAML"),
    ("global_targets.yml", "- 1-1-title: a list, not a mapping\n",
     "global_targets.yml:1: the file is not a mapping of keys such as '1-title' to titles"),
    ("global_goals.yml", GOALS.replace("1-title: End poverty in all its forms everywhere", "1-title: {a: b}"),
     "global_goals.yml:2: the entry '1-title' is not a title (text)"),
    ("global_goals.yml", GOALS.replace("5-title:", "five-title:"), "global_goals.yml: the file lacks 5-title"),
    ("global_indicators.yml", "a: &a [x, x]\nb: [*a, *a]\n", "global_indicators.yml:1: the anchor '&a' is not allowed"),
    ("global_targets.yml", "1-1-title: A title\x07 with a bell\n",
     "global_targets.yml:1: the file contains the control character U+0007"),
    ("global_targets.yml", b"1-1-title: caf\xe9\n", "global_targets.yml:1: the file is not UTF-8 text"),
    ("global_targets.yml", "1-1-title: " + "word " * 5000 + "\n",
     "global_targets.yml: the entry for 1.1 cannot be a row of sdg_targets.csv: title string should have at most"),
    ("global_targets.yml", "title: not one SDG title here\n", "global_targets.yml: the file holds no SDG titles"),
    ("LICENSE", b"\xff\xfe", "LICENSE: the file is not UTF-8 text"),
])
def test_a_malformed_upstream_file_is_one_sentence_and_nothing_is_written(project_paths, tmp_path, capsys,
                                                                          name, text, expected):
    folder = upstream_with(tmp_path, name, text)
    before = {p.name: p.read_bytes() for p in (project_paths / "data" / "reference").iterdir()}
    assert main(["import-reference", "--from", str(folder)]) == 2
    message = capsys.readouterr().err.strip()
    assert "\n" not in message and "Traceback" not in message and message.endswith("Nothing was written.")
    assert message.startswith(f"{folder}/{expected}"), message
    assert {p.name: p.read_bytes() for p in (project_paths / "data" / "reference").iterdir()} == before
