"""Layouts papers come in that the import once read wrong: endnotes, tables of contents, merged
and listed table cells in Word; columns, running headers, list markers and repeated table headers
in PDFs. Each document is made here, with words of its own."""
from __future__ import annotations

from pathlib import Path

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
