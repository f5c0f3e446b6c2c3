"""Reading a PDF's text layer into blocks of lines (see source_readers.py for what a block is).

A PDF knows glyphs and their positions, not paragraphs. pdfplumber groups the glyphs into lines;
this module then removes what the page layout added (running headers and footers, page
numbers), turns raised small digits back into the footnote marks they are, and cuts the lines
into blocks where the layout says a paragraph or list item ends: a larger gap than the line
spacing, a list marker, a change of type size or weight, a first-line indent. A paragraph that
runs over a page break is joined again, and the footnotes at the foot of that page follow it.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from migration_briefs.sources.readers import LIST_MARKER, SUPERSCRIPT_DIGITS, Block, DocumentError, Line, RawDocument

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_PAGE_NUMBER = re.compile(r"^(page\s*)?[-–—(]?\s*(\d{1,4}|[ivxlc]{1,7})\s*[-–—)]?(\s*(of|/)\s*\d{1,4})?$", re.I)
_TERMINAL = re.compile(r"[.!?:]['\"’”)]*$")
_RAISED = set("⁰¹²³⁴⁵⁶⁷⁸⁹")
_BAND = 0.12  # running headers and footers sit in the top and bottom 12% of a page


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    first_word: float  # width of the first word: would it have fitted on the line before?
    page: int


def _neighbours(chars: list[dict], i: int) -> list[int]:
    """The nearest visible character on each side of chars[i], skipping spaces."""
    found = []
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(chars) and not chars[j]["text"].strip() and abs(j - i) < 3:
            j += step
        if 0 <= j < len(chars) and chars[j]["text"].strip():
            found.append(j)
    return found


def _raised_beside(char: dict, other: dict, after: bool) -> bool:
    """Is `char` a small digit raised above `other`, right next to it?"""
    gap = other["x0"] - char["x1"] if after else char["x0"] - other["x1"]
    return (not other["text"].isdigit() and char["size"] < 0.85 * other["size"]
            and -0.5 < gap < other["size"] and other["top"] < char["bottom"]  # side by side, on one line
            and other["bottom"] - char["bottom"] > 0.15 * other["size"])


def _superscripts(chars: list[dict]) -> list[dict]:
    """Small digits raised above their neighbour become ¹²³ and move onto the neighbour's line."""
    result = [dict(c) for c in chars]
    for i, char in enumerate(result):
        if not char["text"].isascii() or not char["text"].isdigit():
            continue
        previous = result[i - 1] if i else None
        if previous is not None and previous["text"] in _RAISED and previous["size"] == char["size"]:
            anchor = previous  # the second digit of a raised "12"
        else:
            anchor = next((result[j] for j in _neighbours(result, i) if _raised_beside(char, result[j], j > i)), None)
        if anchor is not None:
            char["text"] = char["text"].translate(SUPERSCRIPT_DIGITS)
            char["top"], char["bottom"], char["doctop"] = anchor["top"], anchor["bottom"], anchor["doctop"]
    return result


def _page_lines(page, number: int) -> list[_Line]:
    from pdfplumber.utils.text import chars_to_textmap
    chars = _superscripts(page.chars)
    if not chars:
        return []
    lines = []
    for found in chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True):
        visible = [c for c in found["chars"] if c["text"].strip()]
        if not visible or not found["text"].strip():
            continue
        size = Counter(round(c["size"], 1) for c in visible).most_common(1)[0][0]
        letters = [c for c in visible if c["text"].isalpha()]
        bold = bool(letters) and all(_BOLD_FONT.search(c["fontname"].split("+")[-1]) for c in letters)
        first_word = visible[min(len(found["text"].split()[0]), len(visible)) - 1]["x1"] - visible[0]["x0"]
        lines.append(_Line(_clean(found["text"]), found["x0"], found["x1"], found["top"], found["bottom"],
                           size, bold, first_word, number))
    return lines


_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


def _clean(text: str) -> str:
    return " ".join(text.translate(_LIGATURES).split())


def _furniture(pages: list[list[_Line]], heights: list[float]) -> set[int]:
    """ids of lines that are page furniture: page numbers, and headers or footers that recur."""
    def key(line: _Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", line.text.lower().replace(" ", "")), round(line.top / 4)

    in_band = [[ln for ln in lines if ln.top < _BAND * h or ln.bottom > (1 - _BAND) * h]
               for lines, h in zip(pages, heights)]
    recurring = Counter(k for band in in_band for k in {key(ln) for ln in band})
    pages_with_text = sum(1 for lines in pages if lines)
    needed = max(2, (pages_with_text + 1) // 2)
    return {id(ln) for band in in_band for ln in band
            if _PAGE_NUMBER.match(ln.text) or recurring[key(ln)] >= needed}


def _normal_pitch(pages: list[list[_Line]]) -> float:
    """Line spacing as a multiple of type size, from pairs of lines of one size on one page."""
    ratios = [(b.top - a.top) / a.size for lines in pages for a, b in zip(lines, lines[1:])
              if abs(a.size - b.size) < 0.5 and 0 < b.top - a.top < 2.5 * a.size]
    return statistics.median(ratios) if ratios else 1.2


def _is_hard(line: _Line, following: _Line, right: float) -> bool:
    """The author ended `line`: the next line's first word would have fitted after it."""
    return line.x1 + 0.3 * line.size + following.first_word <= right - 0.25 * line.size


def _continues(prev: _Line, line: _Line, right: float, body: float) -> bool:
    """Does the paragraph that ends a page go on at the top of the next one?

    Without a gap to go by, a line that ends a sentence short of the margin, followed by one
    that starts with a capital, ends its paragraph even where the next word would not have fitted.
    """
    if _is_hard(prev, line, right) or _new_block(prev, line, right, float("inf"), body):
        return False
    return not (_TERMINAL.search(prev.text) and prev.x1 < right - prev.size and line.text[:1].isupper())


def _new_block(prev: _Line, line: _Line, right: float, pitch: float, body: float) -> bool:
    hard = _is_hard(prev, line, right)
    marker = LIST_MARKER.match(line.text)
    return any([
        line.top - prev.top > pitch * prev.size * 1.2,
        abs(line.size - prev.size) > 0.15 * max(line.size, prev.size),
        marker and (hard or line.x0 < prev.x0 - 1 or LIST_MARKER.match(prev.text) and abs(line.x0 - prev.x0) < 1),
        hard and prev.bold != line.bold,
        hard and line.x0 > prev.x0 + 0.8 * prev.size,
        hard and bool(_TERMINAL.search(prev.text)) and prev.size >= 0.92 * body,
    ])


def _blocks(lines: list[_Line], right: float, pitch: float, body: float) -> list[list[_Line]]:
    blocks: list[list[_Line]] = []
    for line in lines:
        if blocks and not _new_block(blocks[-1][-1], line, right, pitch, body):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _to_block(lines: list[_Line], right: float, role: str = "text") -> Block:
    out = [Line(ln.text, ln.bold, hard_break=i + 1 == len(lines) or _is_hard(ln, lines[i + 1], right))
           for i, ln in enumerate(lines)]
    return Block(out, role)


def _title(metadata: dict) -> str | None:
    title = metadata.get("Title")
    if isinstance(title, bytes):
        title = title.decode("utf-8", "replace")
    if not isinstance(title, str):
        return None
    title = re.sub(r"^Microsoft (Word|PowerPoint) - ", "", " ".join(title.split()))
    if not title or re.search(r"\.(docx?|pdf|indd|rtf|odt)$", title, re.I) or title.lower() == "untitled":
        return None
    return title


def read_pdf(path: Path, shown: str, progress: Callable[[int, int], None] | None = None) -> RawDocument:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise DocumentError(shown, "the PDF is protected by a password", "save an unprotected copy "
                                "(print to PDF, or export without a password) and import that") from exc
        raise DocumentError(shown, "it is not a readable PDF",
                            "check that the download is complete, or export the PDF again") from exc
    pages: list[list[_Line]] = []
    heights: list[float] = []
    without_text: list[int] = []
    images = False
    with pdf:
        title = _title(pdf.metadata or {})
        for number, page in enumerate(pdf.pages, start=1):
            lines = _page_lines(page, number)
            if not lines:
                without_text.append(number)
                images = images or bool(page.images)
            pages.append(lines)
            heights.append(float(page.height))
            page.close()  # pdfplumber caches each page's objects; keep memory to one page
            if progress is not None:
                progress(number, len(pdf.pages))
    if not any(pages):
        if images:
            raise DocumentError(shown, "the PDF has no text layer, only images of pages (a scan)",
                                "run it through OCR first (for example `ocrmypdf`) or import a Word or text version")
        raise DocumentError(shown, "the PDF contains no text", "check that it is the right file")
    warnings = []
    if without_text:
        warnings.append(f"{shown}: page{'s' if len(without_text) > 1 else ''} "
                        f"{', '.join(map(str, without_text))} ha{'ve' if len(without_text) > 1 else 's'} no text "
                        "layer (an image or a scan?); nothing was read from "
                        f"{'them' if len(without_text) > 1 else 'it'}")
    furniture = _furniture(pages, heights)
    kept = [[ln for ln in lines if id(ln) not in furniture] for lines in pages]
    if any(kept):  # text only in the header and footer bands is the document, not its furniture
        pages = kept
    sizes = Counter(ln.size for lines in pages for ln in lines for _ in ln.text)
    body = sizes.most_common(1)[0][0]
    for lines in pages:
        for ln in lines:
            ln.bold = ln.bold or ln.size >= 1.15 * body  # larger type reads as emphasis, like bold
    right = max(ln.x1 for lines in pages for ln in lines if abs(ln.size - body) < 0.5)  # the column's edge
    pitch = _normal_pitch(pages)
    blocks: list[Block] = []
    open_block: list[_Line] | None = None  # a paragraph that may continue on the next page
    held: list[Block] = []  # footnotes of the page where open_block ends
    for lines in pages:
        page_blocks = _blocks(lines, right, pitch, body)
        # footnotes: smaller type below the page's last body-size block, starting with a mark
        last_body = max((i for i, b in enumerate(page_blocks) if b[0].size >= 0.92 * body), default=-1)
        notes = [b for b in page_blocks[last_body + 1:] if re.match(r"^[\d⁰¹²³⁴⁵⁶⁷⁸⁹*†]", b[0].text)]
        main = [b for b in page_blocks if not any(b is n for n in notes)]
        if open_block is not None and main and _continues(open_block[-1], main[0][0], right, body):
            open_block.extend(main.pop(0))
            if not main:
                held.extend(_to_block(n, right, "footnote") for n in notes)
                continue
        if open_block is not None:
            blocks.append(_to_block(open_block, right))
            blocks.extend(held)
            held, open_block = [], None
        for block in main[:-1]:
            blocks.append(_to_block(block, right))
        if main:
            open_block = main[-1]
        held.extend(_to_block(n, right, "footnote") for n in notes)
    if open_block is not None:
        blocks.append(_to_block(open_block, right))
    blocks.extend(held)
    _group_lists(blocks)
    return RawDocument(title, blocks, typeset=True, warnings=warnings)


def _group_lists(blocks: list[Block]) -> None:
    """Consecutive list-marker blocks form one list; a marker block standing alone is a list of one."""
    list_id = 0
    previous = None
    for block in blocks:
        if block.role == "text" and LIST_MARKER.match(block.lines[0].text):
            if previous is None or previous.role != "list-item":
                list_id += 1
            block.role, block.list_id = "list-item", list_id
        previous = block
