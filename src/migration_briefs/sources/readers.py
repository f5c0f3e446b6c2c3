"""Reading a document (Markdown, plain text, Word) into blocks of lines, before anything decides
what is a heading or a list item. PDFs have their own reader (pdf_reader.py) because laying out
lines from glyph positions is a job of its own.

A reader keeps what later rules need and nothing else: each line's text, whether it is set in
bold, and whether its author ended it (a hard break) or the page width did (a wrap); for each
block whether the format itself says it is a heading, title, list item or footnote, and the words
it sets in italics (the title of a report or an event, which the words around it do not delimit).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from migration_briefs.errors import BriefsError

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SUFFIXES = (".pdf", ".docx", ".md", ".txt")
# A paper to a meeting is a few pages: 50 MB is far more than any, and far less than what would
# exhaust memory once read. A .docx is checked inside too: what its parts hold once uncompressed.
MAX_DOCUMENT_BYTES = 50 * 2**20
MAX_DOCX_UNCOMPRESSED = 200 * 2**20


class DocumentError(BriefsError):
    """A document that cannot be imported: which file, why, and what to do about it."""

    def __init__(self, file: str, reason: str, hint: str = ""):
        self.file = file
        super().__init__(f"Cannot import {file}: {reason}" + (f"; {hint}." if hint else "."), where=file,
                         reason=reason, hint=hint)


class DocumentTooLargeError(DocumentError):
    """A document (or a part inside a .docx) larger than the import reads."""

    def __init__(self, file: str, what: str, size: int, limit: int):
        self.size, self.limit = size, limit
        super().__init__(file, f"{what} {size / 2**20:.0f} MB, more than the {limit // 2**20} MB an import reads",
                         "import the paper itself, or a Word or text version of it")


@dataclass
class Line:
    text: str
    bold: bool = False
    hard_break: bool = True  # the author ended the line here; False where the page width did


@dataclass
class Block:
    lines: list[Line]
    role: str = "text"  # text, heading, title, list-item, footnote or table-row: what the format itself says
    list_id: int | None = None  # list items of one list share it
    italic: list[str] = field(default_factory=list)  # each run of italic words, line breaks as one space
    # how deep its list is nested in another list's item (0: a list of its own); a list nested in an
    # item has an id of its own, and the list it is nested in goes on after it
    level: int = 0


class _Italics:
    """The runs of italic words of a block as it is read, whether a format opens and closes them
    (Markdown's emphasis) or marks each run of text (Word)."""

    def __init__(self) -> None:
        self.runs: list[list[str]] = []
        self.depth = 0

    def open(self) -> None:
        self.depth += 1
        if self.depth == 1:
            self.runs.append([])

    def close(self) -> None:
        self.depth = max(self.depth - 1, 0)

    def add(self, text: str, italic: bool | None = None) -> None:
        """Text read; `italic` says whether it is set in italics where the format marks each run."""
        if italic is not None and italic and not self.depth:
            self.open()
        elif italic is not None and not italic and self.depth:
            self.close()
        if self.depth > 0:
            self.runs[-1].append(text)

    def texts(self) -> list[str]:
        runs = [" ".join("".join(run).split()) for run in self.runs]
        return [run for run in runs if any(c.isalnum() for c in run)]


CELL_SEPARATOR = " | "  # a table row is one block: its cells' texts in order, joined by this


def table_row(cells: list[str]) -> Block:
    """One row of a table as one block, so that each row (an event, a result) is a paragraph of its own."""
    return Block([Line(CELL_SEPARATOR.join(" ".join(cell.split()) for cell in cells))], "table-row")


@dataclass
class RawDocument:
    title: str | None
    blocks: list[Block]
    typeset: bool = False  # laid out on pages (PDF, extracted text): line-end hyphens may be hyphenation
    warnings: list[str] = field(default_factory=list)


def in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def is_label(title: str) -> bool:
    """A document's Title property of a few abbreviations and numbers ("WFP CM 2019") is a label
    someone filed it under, not the paper's title: its own first page says that better."""
    words = title.split()
    return len(words) <= 4 and all(re.fullmatch(r"[A-Z]{1,5}(?:[-&][A-Z]{1,5})*|[\d/.-]+", word) for word in words)


def superscript(number: int) -> str:
    return str(number).translate(SUPERSCRIPT_DIGITS)


# --- Markdown ---------------------------------------------------------------------------

class _MarkdownBlocks:
    """Turns markdown-it tokens into blocks; footnotes go right after the block that first cites them."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.footnotes: dict[int, list[Block]] = {}
        self.cited_after: dict[int, int] = {}  # footnote id -> index of the block citing it first
        self.lists: list[tuple[int, str]] = []  # open lists: (list id, marker for the next item)
        self.next_list_id = 0
        self.item_marker: str | None = None
        self.role = "text"
        self.footnote: int | None = None
        self.row: list[str] | None = None  # the cells of the table row being read
        self.cell: list[str] | None = None

    def inline(self, token) -> None:
        lines, italic = self.lines(token)
        if self.cell is not None:
            self.cell.extend(line.text for line in lines)
            return
        if not lines:
            return
        if self.item_marker is not None:
            lines[0].text = self.item_marker + lines[0].text.lstrip()
            self.item_marker = None
        if self.footnote is not None:
            block = Block(lines, self.role, None, italic)
            target = self.footnotes.setdefault(self.footnote, [])
            if not target:
                lines[0].text = f"{superscript(self.footnote + 1)} {lines[0].text}"
            target.append(block)
            return
        # a bullet Markdown does not know ("• …" pasted from a word processor) starts a line of
        # its own: each is an item of a list, as the plain-text reader reads one
        groups: list[list[Line]] = [[]]
        for line in lines:
            if groups[-1] and self.role == "text" and _GLYPH_BULLET.match(line.text.lstrip()):
                groups.append([])
            groups[-1].append(line)
        for group in groups:
            listed = self.role == "list-item"
            self.blocks.append(Block(group, self.role, self.lists[-1][0] if listed else None, italic,
                                     len(self.lists) - 1 if listed else 0))

    def lines(self, token) -> tuple[list[Line], list[str]]:
        """The inline token's lines, and its runs of italic words."""
        lines: list[Line] = []
        parts: list[str] = []
        plain = bold = False
        strong = 0
        italics = _Italics()

        def end_line() -> None:
            nonlocal plain, bold
            text = "".join(parts)
            if text.strip():
                lines.append(Line(text, bold=bold and not plain))
            parts.clear()
            plain = bold = False

        for child in token.children or []:
            if child.type == "strong_open":
                strong += 1
            elif child.type == "strong_close":
                strong -= 1
            elif child.type == "em_open":
                italics.open()
            elif child.type == "em_close":
                italics.close()
            elif child.type in ("softbreak", "hardbreak"):
                italics.add(" ")
                end_line()
            elif child.type in ("text", "code_inline"):
                parts.append(child.content)
                italics.add(child.content)
                if child.content.strip():
                    bold, plain = bold or strong > 0, plain or strong == 0
            elif child.type == "footnote_ref":
                parts.append(superscript(child.meta["id"] + 1))
                self.cited_after.setdefault(child.meta["id"], len(self.blocks))
            elif child.type == "html_inline" and re.fullmatch(r"<br\s*/?>", child.content.strip(), re.I):
                end_line()
        end_line()
        return lines, italics.texts()

    def read(self, tokens) -> list[Block]:
        for token in tokens:
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                self.lists.append((self.next_list_id, kind))
                self.next_list_id += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                ordered = self.lists[-1][1] == "ordered_list_open"
                self.item_marker = f"{token.info}{token.markup} " if ordered else ""
                self.role = "list-item"
            elif kind == "list_item_close":
                self.role = "list-item" if len(self.lists) > 1 else "text"
            elif kind == "heading_open":
                self.role = "heading"
            elif kind == "heading_close":
                self.role = "list-item" if self.lists else "text"
            elif kind == "footnote_open":
                self.footnote = token.meta["id"]
            elif kind == "footnote_close":
                self.footnote = None
            elif kind == "tr_open":
                self.row = []
            elif kind in ("th_open", "td_open"):
                self.cell = []
            elif kind in ("th_close", "td_close") and self.row is not None and self.cell is not None:
                self.row.append(" ".join(self.cell))
                self.cell = None
            elif kind == "tr_close" and self.row is not None:
                if any(self.row):
                    self.blocks.append(table_row(self.row))
                self.row = None
            elif kind == "inline":
                self.inline(token)
            elif kind in ("fence", "code_block"):
                self.blocks.append(Block([Line(line) for line in token.content.splitlines() if line.strip()]))
        return self.ordered_blocks()

    def ordered_blocks(self) -> list[Block]:
        result: list[Block] = []
        placed = sorted(self.footnotes, key=lambda fid: (self.cited_after.get(fid, len(self.blocks)), fid))
        after: dict[int, list[int]] = {}
        for fid in placed:
            after.setdefault(self.cited_after.get(fid, len(self.blocks) - 1), []).append(fid)
        for index, block in enumerate(self.blocks):
            result.append(block)
            for fid in after.get(index, []):
                result.extend(Block(b.lines, "footnote", italic=b.italic) for b in self.footnotes[fid])
        return result


def read_markdown(text: str) -> RawDocument:
    """Markdown: headings, lists, tables (GitHub's pipe tables, a block per row) and footnotes as the
    syntax marks them; emphasis markers dropped, italic runs kept beside the text."""
    import yaml
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    tokens = MarkdownIt("commonmark").enable("table").use(footnote_plugin).use(front_matter_plugin).parse(text)
    title = None
    for token in tokens:
        if token.type == "front_matter":
            try:
                meta = yaml.safe_load(token.content)
            except yaml.YAMLError:
                meta = None
            if isinstance(meta, dict) and isinstance(meta.get("title"), str):
                title = meta["title"].strip() or None
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    blocks = _MarkdownBlocks().read(tokens)
    # One level-1 heading that opens a document with lower headings is its title, not a section.
    if levels.count(1) == 1 and len(levels) > 1 and blocks and blocks[0].role == "heading" and levels[0] == 1:
        blocks[0].role = "title"
    return RawDocument(title, blocks)


# --- plain text -------------------------------------------------------------------------

_GLYPH_BULLET = re.compile(r"[•◦▪‣●○■□]\s+\S")
# A list's number ("1.", "a)") or bullet: the common glyphs, arrows and check marks, and the
# private-use code points of the Symbol and Wingdings fonts Word sets its bullets in
LIST_MARKER = re.compile(r"^(?:(?P<number>\d{1,3}|[a-z]|[ivx]{1,5})[.)]"
                         r"|(?P<bullet>[•◦▪‣●○■□◆❖►▶▸➢➤✓✔*–\-\uf0a7\uf0a8\uf0b7\uf076\uf0d8\uf0fc]))\s+\S")


def _text_lines(lines: list[str], width: int) -> list[Line]:
    """A line ends hard when the next line's first word would have fitted after it; plain text
    has no bold, so a line in capitals stands for emphasis (a title over two lines stays one)."""
    result = []
    for i, text in enumerate(lines):
        following = lines[i + 1].split()[0] if i + 1 < len(lines) else ""
        hard = not following or len(text.rstrip()) + 1 + len(following) <= width
        result.append(Line(text.strip(), bold=in_capitals(text), hard_break=hard))
    return result


def read_text(text: str) -> RawDocument:
    """Plain text: blocks are separated by blank lines; a line that starts a list item starts a block."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").split("\n")
    width = max((len(line.rstrip()) for line in raw_lines), default=0)
    groups: list[list[str]] = [[]]
    for line in raw_lines:
        if not line.strip():
            groups.append([])
        elif LIST_MARKER.match(line.strip()) and groups[-1]:
            groups.append([line])
        else:
            groups[-1].append(line)
    blocks = [Block(_text_lines(group, width)) for group in groups if group]
    return RawDocument(None, blocks, typeset=True)


# --- Word -------------------------------------------------------------------------------

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _letters(number: int) -> str:
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


_NUMBER_FORMATS = {
    "decimal": str, "lowerLetter": _letters, "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman, "upperRoman": lambda n: _roman(n).upper(), "none": lambda n: "",
}


class _WordNumbering:
    """Word's automatic list numbers ("1.", "a)", "iv."), rendered as the reader sees them."""

    def __init__(self, document) -> None:
        from docx.oxml.ns import qn
        self.qn = qn
        try:
            self.root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            self.root = None
        self.counters: dict[str, dict[int, int]] = {}

    def _val(self, element, path: str) -> str | None:
        found = element.find(path) if element is not None else None
        return found.get(self.qn("w:val")) if found is not None else None

    def marker(self, num_id: str, level: int) -> tuple[str, bool] | None:
        """The rendered marker and whether it is a bullet, advancing the list's counter."""
        if self.root is None or num_id in (None, "0"):
            return None
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        num = self.root.find(f"{w}num[@{w}numId='{num_id}']")
        if num is None:
            return None
        abstract_id = self._val(num, f"{w}abstractNumId")
        abstract = self.root.find(f"{w}abstractNum[@{w}abstractNumId='{abstract_id}']")
        levels = {int(lvl.get(f"{w}ilvl")): lvl for lvl in abstract.findall(f"{w}lvl")} if abstract is not None else {}
        starts = {lvl: int(self._val(level, f"{w}start") or 1) for lvl, level in levels.items()}
        for override in num.findall(f"{w}lvlOverride"):
            start = self._val(override, f"{w}startOverride")
            if start is not None:
                starts[int(override.get(f"{w}ilvl"))] = int(start)
        if level not in levels:
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, starts.get(level, 1) - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt = self._val(levels[level], f"{w}numFmt") or "decimal"
        text = self._val(levels[level], f"{w}lvlText") or ""
        if fmt == "bullet":
            return "", True

        def render(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            value = counters.get(at, starts.get(at, 1))
            lvl_fmt = self._val(levels.get(at), f"{w}numFmt") or "decimal"
            return _NUMBER_FORMATS.get(lvl_fmt, str)(value)

        return re.sub(r"%([1-9])", render, text), False


# Word's styles of a table of contents, by name ("toc 1", "TOC Heading") or id ("TOC1", "TOCHeading")
_TOC_STYLE = re.compile(r"toc ?(\d|heading)$", re.I)


class _WordReader:
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def __init__(self, document) -> None:
        from docx.text.paragraph import Paragraph
        self.document = document
        self.Paragraph = Paragraph
        self.numbering = _WordNumbering(document)
        self.footnote_xml = self._footnotes()
        self.footnote_numbers: dict[tuple[str, str], int] = {}
        self.blocks: list[Block] = []
        self.pending_footnotes: list[tuple[str, str]] = []
        self._styles: dict[tuple, object] = {}
        self.open_lists: dict[str, list[int]] = {}  # by Word's list: the id of its list at each level open
        self.next_list_id = 0

    def _style(self, item, kind: str = "paragraph"):
        """A paragraph's (or a run's) style, looked up once per style id: python-docx finds the
        default style by reading every style of the document, on every call, and a paragraph
        asked for it three times (a 100,000-paragraph document took ten minutes)."""
        properties = item._p.pPr if kind == "paragraph" else item._r.rPr
        named = getattr(properties, "pStyle" if kind == "paragraph" else "rStyle", None)
        key = (kind, named.val if named is not None else None)
        if key not in self._styles:
            self._styles[key] = item.style
        return self._styles[key]

    def _footnotes(self) -> dict[tuple[str, str], object]:
        """The notes of the footnotes and endnotes parts, by kind and id: an endnote is read like a
        footnote, after the paragraph that cites it."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import parse_xml
        notes: dict[tuple[str, str], object] = {}
        for rel in self.document.part.rels.values():
            kind = {RT.FOOTNOTES: "footnote", RT.ENDNOTES: "endnote"}.get(rel.reltype)
            if kind is None or rel.is_external:
                continue
            root = parse_xml(rel.target_part.blob)
            notes.update(((kind, note.get(f"{self.W}id")), note) for note in root.findall(f"{self.W}{kind}")
                         if note.get(f"{self.W}type") in (None, "normal"))
        return notes

    @staticmethod
    def _style_value(style, attribute: str):
        while style is not None:
            value = getattr(style.font, attribute)
            if value is not None:
                return value
            style = style.base_style
        return None

    def _run_format(self, run, attribute: str, paragraph_value: bool) -> bool:
        """A run's bold or italic: set on the run, else by the run's character style (and the
        styles it is based on), else the paragraph's."""
        value = getattr(run, attribute)
        if value is not None:
            return value
        if run._r.rPr is not None and run._r.rPr.rStyle is not None:
            return bool(self._style_value(self._style(run, "run"), attribute)) or paragraph_value
        return paragraph_value

    def _style_num_pr(self, style):
        while style is not None:
            ppr = style.element.pPr
            if ppr is not None and ppr.numPr is not None:
                return ppr.numPr
            style = style.base_style
        return None

    def lines(self, p, paragraph, footnote_number: int | None = None,
              italics: _Italics | None = None) -> list[Line]:
        """The paragraph's visible text as lines, with bold as Word shows it; its runs of italic
        words go to `italics`."""
        from docx.text.run import Run
        W = self.W
        italics = italics if italics is not None else _Italics()
        style_bold = bool(self._style_value(self._style(paragraph), "bold"))
        style_italic = bool(self._style_value(self._style(paragraph), "italic"))
        lines: list[Line] = []
        parts: list[str] = []
        state = {"bold": False, "plain": False}

        def end_line() -> None:
            text = "".join(parts)
            if text.strip():
                lines.append(Line(text, bold=state["bold"] and not state["plain"]))
            parts.clear()
            state.update(bold=False, plain=False)

        def add(text: str, bold: bool) -> None:
            parts.append(text)
            italics.add(text, italic)
            if text.strip():
                state["bold"] = state["bold"] or bold
                state["plain"] = state["plain"] or not bold

        for r in p.iter(f"{W}r"):
            if self._elsewhere(r, p):
                continue
            run = Run(r, paragraph)
            bold = self._run_format(run, "bold", style_bold)
            italic = self._run_format(run, "italic", style_italic)
            for child in r:
                tag = child.tag
                if tag == f"{W}t":
                    add(child.text or "", bold)
                elif tag in (f"{W}tab", f"{W}ptab"):
                    add(" ", bold)
                elif tag in (f"{W}br", f"{W}cr"):
                    end_line()
                elif tag == f"{W}noBreakHyphen":
                    add("-", bold)
                elif tag == f"{W}sym":
                    code = int(child.get(f"{W}char"), 16)
                    add(chr(code - 0xF000 if 0xF000 <= code <= 0xF0FF else code), bold)
                elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                    # one count for both kinds: each mark in the text names one note
                    note = (tag[len(W):-len("Reference")], child.get(f"{W}id"))
                    number = self.footnote_numbers.setdefault(note, len(self.footnote_numbers) + 1)
                    parts.append(superscript(number))
                    self.pending_footnotes.append(note)
                elif tag in (f"{W}footnoteRef", f"{W}endnoteRef") and footnote_number is not None:
                    parts.append(superscript(footnote_number))
        end_line()
        return lines

    _SKIPPED = {f"{W}del", f"{W}moveFrom", f"{W}txbxContent",
                "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}

    def _elsewhere(self, element, p) -> bool:
        """Deleted text, a text box (read as paragraphs of its own) or a duplicate for old readers."""
        for ancestor in element.iterancestors():
            if ancestor is p:
                return False
            if ancestor.tag in self._SKIPPED:
                return True
        return False

    def paragraph(self, p) -> None:
        paragraph = self.Paragraph(p, self.document._body)
        style = self._style(paragraph)
        name = style.name if style is not None else ""
        named = p.pPr.pStyle if p.pPr is not None else None
        if any(_TOC_STYLE.match(n) for n in (name, named.val if named is not None else "")):
            return  # an entry of a table of contents, or its heading: the headings themselves follow
        italics = _Italics()
        lines = self.lines(p, paragraph, italics=italics)
        role, list_id, level = "text", None, 0
        outline = self._outline_level(paragraph)
        if name in ("Title", "Subtitle"):
            role = "title"
        elif name.startswith("Heading") or outline is not None:
            role = "heading"
        elif name.startswith("List"):
            role = "list-item"
        numbered = self._list_marker(p, style)
        if numbered is not None:
            marker, num_id, ilvl = numbered
            if lines and marker[0]:
                lines[0].text = f"{marker[0]} {lines[0].text.lstrip()}"
            if role == "text":
                role = "list-item"
            if role == "list-item":
                list_id, level = self._nested_list(num_id, ilvl), ilvl
        if lines:
            self.blocks.append(Block(lines, role, list_id, italics.texts(), level))
        for box in p.iter(f"{self.W}txbxContent"):
            if not self._elsewhere(box, p):
                self.walk(box)
        for note in self.pending_footnotes:
            self._footnote(note)
        self.pending_footnotes.clear()

    def _nested_list(self, num_id: str, level: int) -> int:
        """The id of the list an item at `level` (w:ilvl) of Word's list `num_id` belongs to, as
        Markdown nests lists: the top level is one list (Word numbers it on however far apart its
        items stand); a level below opened under an item is a list of its own, which an item of a
        level above closes."""
        opened = self.open_lists.setdefault(num_id, [])
        del opened[level + 1:]
        while len(opened) <= level:
            opened.append(self.next_list_id)
            self.next_list_id += 1
        return opened[level]

    def _list_marker(self, p, style) -> tuple[tuple[str, bool], str, int] | None:
        """The paragraph's automatic list marker (its text, whether a bullet), its list's id and
        its level in the list."""
        ppr = p.pPr
        num_pr = ppr.numPr if ppr is not None and ppr.numPr is not None else self._style_num_pr(style)
        if num_pr is None or num_pr.numId is None:
            return None
        num_id = str(num_pr.numId.val)
        level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        marker = self.numbering.marker(num_id, level)
        return (marker, num_id, level) if marker is not None else None

    def _outline_level(self, paragraph) -> int | None:
        W = self.W
        for element in [paragraph._p.pPr, *self._style_chain(self._style(paragraph))]:
            level = element.find(f"{W}outlineLvl") if element is not None else None
            if level is not None and level.get(f"{W}val") not in (None, "9"):
                return int(level.get(f"{W}val"))
        return None

    @staticmethod
    def _style_chain(style):
        while style is not None:
            yield style.element.pPr
            style = style.base_style

    def _footnote(self, note: tuple[str, str]) -> None:
        element = self.footnote_xml.get(note)
        if element is None:
            return
        for p in element.iter(f"{self.W}p"):
            italics = _Italics()
            lines = self.lines(p, self.Paragraph(p, self.document._body), self.footnote_numbers[note], italics)
            if lines:
                self.blocks.append(Block(lines, "footnote", italic=italics.texts()))

    def walk_reporting(self, body, progress: Callable[[int, int], None] | None) -> None:
        """walk() the body, telling `progress` (done, total) after each of its paragraphs and tables."""
        children = [child for child in body if child.tag != f"{self.W}sectPr"]  # the page setup: no text
        for done, child in enumerate(children, 1):
            self.visit(child, body)
            if progress is not None:
                progress(done, len(children))

    def walk(self, element) -> None:
        for child in element:
            self.visit(child, element)

    def visit(self, child, parent) -> None:
        """One element of `parent`: a paragraph, a table (read a row at a time, unless it is a
        table inside a table's cell), or a container to walk into."""
        W = self.W
        if child.tag == f"{W}p":
            self.paragraph(child)
        elif child.tag == f"{W}tbl" and parent.tag != f"{W}tc":
            self.table(child)
        elif child.tag == f"{W}sdt" and child.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery[@{W}val="
                                                   "'Table of Contents']") is not None:
            return  # a table of contents Word keeps in a content control
        elif child.tag in (f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            self.walk(child)

    def _nearest(self, element, tag: str):
        return next((a for a in element.iterancestors() if a.tag == f"{self.W}{tag}"), None)

    def table(self, tbl) -> None:
        """A table of two columns or more is read a row at a time, each row one block (its cells
        joined), so that a row of a table of events is one paragraph as in the other formats. A
        table of one column is page layout: its paragraphs are read as paragraphs."""
        W = self.W
        rows = [tr for tr in tbl.iter(f"{W}tr") if self._nearest(tr, "tbl") is tbl]
        cells = [[tc for tc in tr.iter(f"{W}tc") if self._nearest(tc, "tr") is tr] for tr in rows]
        if max((len(row) for row in cells), default=0) < 2:
            self.walk(tbl)
            return
        merged: dict[int, str] = {}  # the text of a cell merged down over the rows below, by its grid column
        for row in cells:
            texts = []
            column = 0
            for tc in row:
                vmerge = tc.find(f"{W}tcPr/{W}vMerge")
                if vmerge is not None and vmerge.get(f"{W}val") in (None, "continue"):
                    text = merged.get(column, "")  # each row of a merged cell is told its value
                else:
                    text = self._cell_text(tc)
                    if vmerge is not None:
                        merged[column] = text
                    else:
                        merged.pop(column, None)
                texts.append(text)
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                column += int(span.get(f"{W}val")) if span is not None else 1
            if any(text.strip() for text in texts):
                self.blocks.append(table_row(texts))
            for note in self.pending_footnotes:
                self._footnote(note)
            self.pending_footnotes.clear()


    def _cell_text(self, tc) -> str:
        """A cell's paragraphs joined with a space, a list's items with their markers (a bullet as
        "•"), so that the items of a list in a cell stay apart."""
        W = self.W
        pieces = []
        for p in tc.iter(f"{W}p"):
            if self._elsewhere(p, tc):
                continue
            paragraph = self.Paragraph(p, self.document._body)
            lines = [line.text for line in self.lines(p, paragraph)]
            numbered = self._list_marker(p, self._style(paragraph)) if lines else None
            if numbered is not None:
                (text, bullet), _, _ = numbered
                lines[0] = f"{'•' if bullet else text} {lines[0].lstrip()}".lstrip()
            pieces.extend(lines)
        return " ".join(pieces)


def _check_docx_parts(path: Path, shown: str) -> None:
    """Before any part is parsed: what the parts hold uncompressed (a zip bomb is a few MB that
    inflate to gigabytes) and that no XML part declares a DTD (entities that expand, a billion
    laughs). Word never writes a DTD. Reading a part stops at its declared size (zipfile)."""
    import zipfile
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            total = sum(part.file_size for part in parts)
            if total > MAX_DOCX_UNCOMPRESSED:
                raise DocumentTooLargeError(shown, "its parts hold, uncompressed,", total, MAX_DOCX_UNCOMPRESSED)
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    with archive.open(part) as stream:
                        head = stream.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise DocumentError(shown, f"its part {part.filename} declares XML entities (a DTD), "
                                            "which Word never writes", "open it in Word or LibreOffice and "
                                            "save it again as .docx")
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise DocumentError(shown, "it is not a readable Word (.docx) file",
                            "open it in Word or LibreOffice and save it again as .docx (not .doc)") from exc


def read_docx(path: Path, shown: str, progress: Callable[[int, int], None] | None = None) -> RawDocument:
    """Word: paragraphs, tables (a block per row), footnotes and endnotes in reading order; automatic list
    numbers written out."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError
    _check_docx_parts(path, shown)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise DocumentError(shown, "it is not a readable Word (.docx) file",
                            "open it in Word or LibreOffice and save it again as .docx (not .doc)") from exc
    reader = _WordReader(document)
    reader.walk_reporting(document.element.body, progress)
    title = " ".join((document.core_properties.title or "").split())
    return RawDocument(title if title and not is_label(title) else None, reader.blocks)
