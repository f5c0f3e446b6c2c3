"""What a brief's page shows and what its Word document holds, read apart and side by side: the
headings (the title as level 0), the tables (caption and rows), the images (by alt text) and the
links. The page is read with the standard library's parser, the document with python-docx, each
without the code that wrote the document, so that a test (tests/test_word.py) and the measure
(bench/docx.py) hold one against the other."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

from migration_briefs.render.word import HIDDEN_CLASSES

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Outline:
    headings: list[tuple[int, str]] = field(default_factory=list)
    tables: list[tuple[str, int]] = field(default_factory=list)  # caption, rows
    images: list[str] = field(default_factory=list)  # alt texts
    links: list[str] = field(default_factory=list)  # addresses; a link inside the document as '#'

    def counts(self) -> tuple[int, int, int, int]:
        return len(self.headings), len(self.tables), len(self.images), len(self.links)


def _words(text: str) -> str:
    return " ".join(text.split())


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.outline = Outline()
        self.stack: list[tuple[str, bool]] = []  # open elements, and whether each is hidden
        self.heading: tuple[int, list[str]] | None = None
        self.caption: list[str] | None = None
        self.tables: list[list] = []  # open tables: [caption, rows]
        self.in_body = False

    @property
    def hidden(self) -> bool:
        return any(hidden for _, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        hidden = bool(set((attributes.get("class") or "").split()) & HIDDEN_CLASSES)
        if tag == "body":
            self.in_body = True
        if tag not in _VOID:
            self.stack.append((tag, hidden))
        if self.hidden or not self.in_body:
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = (int(tag[1]) - 1, [])
        elif tag == "table":
            self.tables.append(["", 0])
        elif tag == "caption" and self.tables:
            self.caption = []
        elif tag == "tr" and self.tables:
            self.tables[-1][1] += 1
        elif tag == "img":
            self.outline.images.append(_words(attributes.get("alt") or ""))
        elif tag == "a" and attributes.get("href") is not None:
            href = attributes["href"].strip()
            self.outline.links.append("#" if href.startswith("#") else href)

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if self.heading is not None and tag == f"h{self.heading[0] + 1}":
            self.outline.headings.append((self.heading[0], _words("".join(self.heading[1]))))
            self.heading = None
        elif tag == "caption" and self.caption is not None:
            self.tables[-1][0] = _words("".join(self.caption))
            self.caption = None
        elif tag == "table" and self.tables and not self.hidden:
            caption, rows = self.tables.pop()
            self.outline.tables.append((caption, rows))
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.hidden:
            return
        if self.heading is not None:
            self.heading[1].append(data)
        if self.caption is not None:
            self.caption.append(data)


def page_outline(html: str, sent_as: str | None = None) -> Outline:
    """What a reader of the printed page meets: what the print styles and the eye hide left out.
    `sent_as` (".docx"): with the links a file of that kind sent on its own has."""
    if sent_as:
        from migration_briefs.render.exporters import standalone_links
        html = standalone_links(html, sent_as)
    page = _Page()
    page.feed(html)
    page.close()
    return page.outline


def docx_outline(data: bytes) -> Outline:
    """What the Word document holds, as python-docx reads it back."""
    import docx
    from docx.oxml.ns import qn
    document = docx.Document(io.BytesIO(data))
    outline = Outline()
    body = document.element.body
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if style == "Title":
            outline.headings.append((0, _words(paragraph.text)))
        elif style.startswith("Heading "):
            outline.headings.append((int(style.split()[1]), _words(paragraph.text)))
    for table in body.iter(qn("w:tbl")):
        caption = table.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        outline.tables.append((caption.get(qn("w:val")) if caption is not None else "", len(table.findall(qn("w:tr")))))
    outline.images = [shape._inline.docPr.get("descr") or "" for shape in document.inline_shapes]
    relationships = document.part.rels
    for link in body.iter(qn("w:hyperlink")):
        rid = link.get(qn("r:id"))
        outline.links.append(relationships[rid].target_ref if rid else "#")
    return outline


def docx_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {entry.filename: archive.read(entry) for entry in archive.infolist()}
