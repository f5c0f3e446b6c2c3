"""Reading a PDF's text layer into blocks of lines (see source_readers.py for what a block is).

A PDF knows glyphs and their positions, not paragraphs. pdfplumber groups the glyphs into lines
(a page set in two columns, a column at a time); this module then removes what the page layout
added (running headers and footers, page numbers, a table of contents), turns raised small
digits back into the footnote marks they are, and cuts the lines into blocks where the layout
says a paragraph or list item ends: a larger gap than the line spacing, a list marker, a change
of type size or weight, a first-line indent. A table drawn with
ruled cells (pdfplumber finds it by its lines) is read a row at a time, each row one block of its
cells' texts, and so is a table set without lines, told by the white columns between its cells.
A paragraph that runs over a page break is joined again. Each footnote at the foot
of a page follows the paragraph on that page that carries its mark, or else the page's last one.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from migration_briefs.sources.readers import (
    CELL_SEPARATOR,
    LIST_MARKER,
    SUPERSCRIPT_DIGITS,
    Block,
    DocumentError,
    Line,
    RawDocument,
    is_label,
)

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_ITALIC_FONT = re.compile(r"italic|oblique|slanted", re.I)  # a font's name is all that tells italics
_PAGE_NUMBER = re.compile(r"^(page\s*)?[-–—(]?\s*(\d{1,4}|[ivxlc]{1,7})\s*[-–—)]?(\s*(of|/)\s*\d{1,4})?$", re.I)
_TERMINAL = re.compile(r"[.!?:]['\"’”)]*$")
_RAISED = set("⁰¹²³⁴⁵⁶⁷⁸⁹")
_NOTE_MARK = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+")  # a footnote's own mark, raised, as _superscripts makes it
_BAND = 0.12  # running headers and footers sit in the top and bottom 12% of a page
_SMALLER = 0.92  # type this much smaller than the body's is another type, not the body's own
# a line that opens a list's item, or a lettered clause set as one ("(a) …"): where the layout shows
# it starts a line of its own, it starts a block (a paragraph, as Markdown and Word read one)
_ITEM_START = re.compile(rf"{LIST_MARKER.pattern}|^\((?:\d{{1,3}}|[a-z]|[ivx]{{1,5}})\)\s+\S")
_NOTE_START = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]|[*†]|\d{1,3}(?![\d\w]))")  # a footnote opens on its mark


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
    row: bool = False  # a table's row, its cells joined: always a block of its own
    first_row: bool = False  # the first row of a table on its page
    edge: float = 0.0  # the right edge of the line's column, where a page has two; 0: the text's
    italic: list[tuple[int, int]] = field(default_factory=list)  # spans of `text` set in an italic font


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


def _centre_in(char: dict, box: tuple) -> bool:
    x0, top, x1, bottom = box
    return x0 <= (char["x0"] + char["x1"]) / 2 <= x1 and top <= (char["top"] + char["bottom"]) / 2 <= bottom


def _cell_text(chars: list[dict]) -> str:
    """A cell's lines joined with a space; a line that ends with a hyphen runs on into the next."""
    from pdfplumber.utils.text import chars_to_textmap
    text = ""
    for found in chars_to_textmap(chars).extract_text_lines(strip=True) if chars else []:
        piece = _clean(found["text"])
        text = f"{text}{piece}" if text.endswith("-") else f"{text} {piece}".strip()
    return text


def _table_rows(page, chars: list[dict], number: int) -> tuple[list[_Line], list[tuple]]:
    """The rows of the page's ruled tables as lines of their own, and the tables' boxes."""
    rows, boxes = [], []
    for table in page.find_tables():
        if max((sum(c is not None for c in row.cells) for row in table.rows), default=0) < 2:
            continue  # a box drawn round text is not a table
        boxes.append(table.bbox)
        for i, row in enumerate(table.rows):
            texts = [_cell_text([c for c in chars if _centre_in(c, cell)]) if cell is not None else ""
                     for cell in row.cells]
            inside = [c for c in chars if c["text"].strip() and _centre_in(c, row.bbox)]
            if not any(texts) or not inside:
                continue
            size = Counter(round(c["size"], 1) for c in inside).most_common(1)[0][0]
            x0, top, x1, bottom = row.bbox
            rows.append(_Line(CELL_SEPARATOR.join(texts), x0, x1, top, bottom, size, False, 0.0, number, row=True,
                              first_row=i == 0))
    return rows, boxes


_UNRULED_ROWS = 3  # a table without ruling lines shows itself by its columns over this many rows
# the marks that open a list's items or notes: a column of them beside a column of text is a list
_MARK_ALONE = re.compile(rf"{_ITEM_START.pattern}|^[\d⁰¹²³⁴⁵⁶⁷⁸⁹*†]{{1,3}}\s+\S")


def _unruled_rows(found: list[dict], number: int) -> tuple[list[_Line], set[int]]:
    """The rows of the tables the page sets without ruling lines, as lines of their own, and the
    ids of the text lines they are made of. Such a table is a run of lines, each a type size or
    less below the one before, whose words stand apart (a type size or more) in columns: bands
    across the page that the text of no line of the run crosses, two at least, with text in two
    of them on each of three rows at least. A line with nothing in the first column goes on the
    row above (a cell's text that wraps). Read on a page in one column only (_gutter tells a page
    set in two, whose columns are text's, not a table's); a list's markers, standing apart from
    their items, are no column."""
    rows: list[_Line] = []
    used: set[int] = set()
    runs: list[list[dict]] = []
    going_on = False  # whether the last line read is in the last run
    for f in found:
        spans = _spans(f)
        close = going_on and f["top"] - runs[-1][-1]["bottom"] <= _size(f)
        if len(spans) > 1:
            if close:
                runs[-1].append(f)
            else:
                runs.append([f])
            going_on = True
        elif close and _continues_cell(spans, _bands([s for g in runs[-1] for s in _spans(g) if len(_spans(g)) > 1])):
            runs[-1].append(f)
        else:
            going_on = False
    for run in runs:
        bands = _bands([s for f in run for s in _spans(f)])
        if len(bands) < 2:
            continue
        table: list[list[dict]] = []
        for f in run:
            filled = {_band_of(a, bands) for a, _ in _spans(f)}
            if table and 0 not in filled:
                table[-1].append(f)
            else:
                table.append([f])
        wide = [row for row in table if len({_band_of(a, bands) for f in row for a, _ in _spans(f)}) > 1]
        firsts = [_cell_text([c for c in row[0]["chars"] if _band_of(c["x0"], bands) == 0]) for row in table]
        if len(wide) < _UNRULED_ROWS or len(bands) == 2 and all(_MARK_ALONE.match(f"{first} x") for first in firsts):
            continue
        for i, row in enumerate(table):
            chars = [c for f in row for c in {id(c): c for c in f["chars"]}.values()]
            cells = [_cell_text([c for c in chars if _band_of(c["x0"], bands) == band]) for band in range(len(bands))]
            size = Counter(round(c["size"], 1) for c in chars if c["text"].strip()).most_common(1)[0][0]
            rows.append(_Line(CELL_SEPARATOR.join(cells), min(f["x0"] for f in row), max(f["x1"] for f in row),
                              row[0]["top"], row[-1]["bottom"], size, False, 0.0, number, row=True,
                              first_row=i == 0))
            used.update(id(f) for f in row)
    return rows, used


def _continues_cell(spans: list[list[float]], bands: list[tuple[float, float]]) -> bool:
    """Is a line of one stretch of text a cell's text wrapped onto it: within one column of the
    table, not the first (text under a table starts at its left edge, or runs across columns)?"""
    (a, b), = spans
    column = _band_of(a, bands)
    return column > 0 and (column + 1 == len(bands) or b < bands[column + 1][0])


def _size(found: dict) -> float:
    visible = [c["size"] for c in found["chars"] if c["text"].strip()]
    return statistics.median(visible) if visible else 0.0


def _bands(spans: list[list[float]]) -> list[tuple[float, float]]:
    """The stretches across the page that some span covers, left to right: where none does, a
    white column runs down the whole run of lines."""
    bands: list[list[float]] = []
    for a, b in sorted(spans):
        if bands and a <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], b)
        else:
            bands.append([a, b])
    return [(a, b) for a, b in bands]


def _band_of(x: float, bands: list[tuple[float, float]]) -> int:
    """The band a glyph or span starting at x stands in (the last that starts at or before it)."""
    return max((i for i, (a, _) in enumerate(bands) if a <= x + 0.01), default=0)


def _page_lines(page, number: int) -> list[_Line]:
    chars = _superscripts(_unnamed_glyphs(_without_empty_spaces(page.chars)))
    if not chars:
        return []
    rows, boxes = _table_rows(page, chars, number)
    if boxes:
        chars = [c for c in chars if not any(_centre_in(c, box) for box in boxes)]
    found = _text_lines(chars)
    gutter = _gutter(found)
    if gutter is None:
        unruled, in_tables = _unruled_rows(found, number)
        rows = rows + unruled
        lines = [line for f in found if id(f) not in in_tables and (line := _line(f, number)) is not None]
        lines = sorted(lines + rows, key=lambda ln: ln.top) if rows else lines
    else:
        lines = _columns(found, gutter, rows, number)
    _drawn_bullets(lines, page.curves + page.rects)
    return lines


def _without_empty_spaces(chars: list[dict]) -> list[dict]:
    """A space that takes no room, the next glyph of its line starting where it does, is no space:
    a browser prints so a soft hyphen that falls inside a line ("in\u00adspectors")."""
    def empty(i: int) -> bool:
        char, following = chars[i], chars[i + 1] if i + 1 < len(chars) else None
        return char["text"] == " " and following is not None and abs(following["top"] - char["top"]) < 0.5 * char["size"] \
            and following["x0"] <= char["x0"] + 0.05 * char["size"]
    return [c for i, c in enumerate(chars) if not empty(i)]


_UNNAMED = re.compile(r"^\(cid:\d+\)$")


def _unnamed_glyphs(chars: list[dict]) -> list[dict]:
    """A glyph the font names by number alone, with no character, is read as the bullet it almost
    always is (Word's Symbol bullet printed with a font that lacks it): never as "(cid:0)"."""
    return [{**c, "text": "•"} if _UNNAMED.match(c["text"]) else c for c in chars]


def _drawn_bullets(lines: list[_Line], shapes: list[dict]) -> None:
    """A small filled shape drawn just left of a line's first word, level with it, is a list's
    bullet the printer drew instead of setting a character (a browser's discs): it opens the line."""
    marks = [o for o in shapes if o.get("fill") and 0 < o["x1"] - o["x0"] <= 8 and 0 < o["bottom"] - o["top"] <= 8]
    for line in lines:
        if line.row or LIST_MARKER.match(line.text):
            continue
        if any(o["x1"] <= line.x0 < o["x1"] + 3 * line.size and line.top <= (o["top"] + o["bottom"]) / 2 <= line.bottom
               for o in marks):
            line.text = f"• {line.text}"
            line.italic = [(a + 2, b + 2) for a, b in line.italic]


def _text_lines(chars: list[dict]) -> list[dict]:
    from pdfplumber.utils.text import chars_to_textmap
    return chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True) if chars else []


def _line(found: dict, number: int, edge: float = 0.0) -> _Line | None:
    visible = [c for c in found["chars"] if c["text"].strip()]
    if not visible or not found["text"].strip():
        return None
    size = Counter(round(c["size"], 1) for c in visible).most_common(1)[0][0]
    letters = [c for c in visible if c["text"].isalpha()]
    bold = bool(letters) and all(_BOLD_FONT.search(c["fontname"].split("+")[-1]) for c in letters)
    first_word = visible[min(len(found["text"].split()[0]), len(visible)) - 1]["x1"] - visible[0]["x0"]
    text, italic = _italic_spans(found["text"], found["chars"])
    return _Line(text, found["x0"], found["x1"], found["top"], found["bottom"],
                 size, bold, first_word, number, italic=italic, edge=edge)


def _spans(found: dict) -> list[list[float]]:
    """The stretches of a line's text along it, words closer than a type size apart as one."""
    visible = sorted((c for c in found["chars"] if c["text"].strip()), key=lambda c: c["x0"])
    size = statistics.median(c["size"] for c in visible) if visible else 0.0
    spans: list[list[float]] = []
    for c in visible:
        if spans and c["x0"] - spans[-1][1] < size:
            spans[-1][1] = max(spans[-1][1], c["x1"])
        else:
            spans.append([c["x0"], c["x1"]])
    return spans


def _gutter(found: list[dict]) -> float | None:
    """Where a page set in two columns parts them: a band down its middle third that the text of
    most lines does not cross (a title or a footnote across the page may), with lines on both
    sides, the left ones filling their column to the band and the right ones starting at it, as
    text set in columns does; a table's columns, of short cells, do not. None: one column."""
    spans = [s for s in map(_spans, found) if s]
    if len(spans) < 6:
        return None
    left, right = min(s[0][0] for s in spans), max(s[-1][1] for s in spans)
    width = right - left

    def crossing(x: float) -> int:
        return sum(any(a < x < b for a, b in s) for s in spans)

    candidates = [left + width * (1 + i / 30) / 3 for i in range(31)]
    x = min(candidates, key=lambda at: (crossing(at), abs(at - (left + right) / 2)))
    apart = [s for s in spans if not any(a < x < b for a, b in s)]
    if len(spans) - len(apart) > 0.2 * len(spans):
        return None
    ends = [max(b for _, b in s if b <= x) for s in apart if s[0][0] < x]
    starts = [min(a for a, _ in s if a >= x) for s in apart if s[-1][1] > x]
    if len(ends) < 3 or len(starts) < 3:
        return None
    inner, outer = max(ends), min(starts)
    if outer - inner < 0.02 * width or statistics.median(ends) < inner - 0.25 * (inner - left) \
            or statistics.median(starts) > outer + 0.1 * (right - outer):
        return None
    return (inner + outer) / 2


def _columns(found: list[dict], gutter: float, rows: list[_Line], number: int) -> list[_Line]:
    """A page in two columns, in reading order: each line across the gutter (a title, a table's
    row, a footnote) where it stands, and between two of them the left column's lines, then the
    right's. A line of a column ends at the column's edge, not the page's."""
    across, sides = [], [[], []]
    for f in found:
        if any(a < gutter < b for a, b in _spans(f)):
            across.append(f)
        else:  # the text map gives a ligature's glyph once for each of its letters: read it once
            for c in {id(c): c for c in f["chars"]}.values():
                sides[(c["x0"] + c["x1"]) / 2 > gutter].append(c)
    lines = [line for f in across if (line := _line(f, number)) is not None] + rows
    tops = sorted(ln.top for ln in lines)
    ordered = [((sum(t <= ln.top for t in tops) - 1, 1, 0), ln) for ln in lines]
    for column, chars in enumerate(sides):
        found_in = _text_lines(chars)
        edge = max((f["x1"] for f in found_in), default=0.0) if column == 0 else 0.0
        for f in found_in:
            line = _line(f, number, edge)
            if line is not None:
                ordered.append(((sum(t <= line.top for t in tops), 0, column), line))
    return [ln for _, ln in sorted(ordered, key=lambda pair: (pair[0], pair[1].top))]


_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


def _italic_spans(text: str, chars: list[dict]) -> tuple[str, list[tuple[int, int]]]:
    """The line's text, cleaned, and the spans of it set in an italic font: each character of the
    text takes its glyph's font, a space that of the characters on both sides."""
    # the text map gives one glyph for each character of the line but its spaces (a ligature's glyph
    # once for each of its letters)
    glyphs = iter(c for c in chars if c["text"].strip())
    slanted: list[bool | None] = []
    for char in text:
        glyph = next(glyphs, None) if char.strip() else None
        slanted.append(None if glyph is None else bool(_ITALIC_FONT.search(glyph["fontname"].split("+")[-1])))
    cleaned, spans, start = "", [], None
    for i, char in enumerate(text):
        italic = slanted[i] if slanted[i] is not None else (
            i > 0 and bool(slanted[i - 1]) and i + 1 < len(text) and bool(slanted[i + 1]))
        piece = _clean(char) or (" " if cleaned and not cleaned.endswith(" ") else "")
        if italic and start is None:
            start = len(cleaned)
        elif not italic and start is not None:
            spans.append((start, len(cleaned.rstrip())))
            start = None
        cleaned += piece
    if start is not None:
        spans.append((start, len(cleaned.rstrip())))
    return cleaned.strip(), [(a, b) for a, b in spans if b > a]


def _clean(text: str) -> str:
    return " ".join(text.translate(_LIGATURES).split())


def _furniture(pages: list[list[_Line]], heights: list[float], figures: list[list[tuple[float, float]]]) -> set[int]:
    """ids of lines that are page furniture, in a page's top or bottom band and set apart from the
    text (_margin_lines): a line that recurs at the same place on most pages (a number in it may
    stay or count the pages), a page number, or a line in a smaller type than the body's. A line
    that opens or ends a page is the page's text unless one of these holds."""
    def words(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text.lower().replace(" ", ""))

    def same(a: _Line, b: _Line) -> bool:
        numbers = zip(*(map(int, re.findall(r"\d+", ln.text)) for ln in (a, b)))
        return abs(a.top - b.top) < 0.5 * a.size and all(m - n in (0, b.page - a.page) for n, m in numbers)

    in_band = [[ln for ln in lines if not ln.row and (ln.top < _BAND * h or ln.bottom > (1 - _BAND) * h)]
               for lines, h in zip(pages, heights)]
    alike: dict[str, list[_Line]] = {}
    for band in in_band:
        for ln in band:
            alike.setdefault(words(ln), []).append(ln)
    # the body's type, from the text between the bands: in a short paper a header can hold more
    # characters than the text
    banded = {id(ln) for band in in_band for ln in band}
    text = [ln for lines in pages for ln in lines if not ln.row and id(ln) not in banded] \
        or [ln for lines in pages for ln in lines if not ln.row]
    body = _body_size(text) if text else 0.0
    needed = max(2, (sum(1 for lines in pages if lines) + 1) // 2)
    # a header may alternate between left and right pages: it recurs on half the pages of its side
    side_needed = [max(2, (sum(1 for lines in pages[side::2] if lines) + 1) // 2) for side in (0, 1)]
    found = set()
    recurring: list[_Line] = []
    apart_only: list[_Line] = []  # set apart as a header is, but not known to recur
    for lines, band, height, drawn in zip(pages, in_band, heights, figures):
        room = _margin_lines(lines, height, body, drawn) if body else {}
        for ln in band:
            apart = room.get(id(ln), 0.0)
            on = {other.page for other in alike[words(ln)] if same(ln, other)}
            side = (ln.page - 1) % 2
            recurs = apart >= 1.5 and (len(on) >= needed
                                       or sum((page - 1) % 2 == side for page in on) >= side_needed[side])
            # the room each needs: a page number little (no paragraph is a number alone); a line
            # that recurs more than a paragraph's spacing (the text opens each page at one place,
            # and its numbers may happen to count the pages: "3 days" on page 3, "4 days" on 4);
            # a line known by its smaller type alone more than a heading's spacing
            if recurs or (apart >= 1 and _PAGE_NUMBER.match(ln.text)) \
                    or (apart >= 2 and ln.size < _SMALLER * body):
                found.add(id(ln))
                if recurs:
                    recurring.append(ln)
            elif apart >= 1.5:
                apart_only.append(ln)
    # left and right pages may run different headers, or one that names the section: a line set
    # apart where a recurring header stands on other pages is its own page's header
    found.update(id(ln) for ln in apart_only
                 if any(abs(ln.top - other.top) < 0.5 * other.size and other.page != ln.page for other in recurring))
    return found


def _margin_lines(lines: list[_Line], height: float, body: float,
                  drawn: list[tuple[float, float]]) -> dict[int, float]:
    """The lines that open or close the page in its band, each by its id with the room that sets
    it apart: the white space between its run of lines and the next line towards the middle, in
    type sizes of the body's. Lines closer than that count as one run (a header of two lines).

    Runs are taken from the page's edge inwards while they lie in the band, are set apart by a
    type size at least, and no picture fills the space (a caption next to a figure is text). At
    the foot, a run that opens on a note mark is a footnote, the page's text, and ends the search."""
    found: dict[int, float] = {}
    ordered = sorted(lines, key=lambda ln: ln.top)
    for edge, top in ((ordered, True), (ordered[::-1], False)):
        start = 0  # the first line of the run, counted from the page's edge
        while start < len(edge):
            end = start + 1
            while end < len(edge) and _gap(edge[end - 1], edge[end], top) < body:
                end += 1
            run = edge[start:end]
            if end == len(edge):
                break
            outer, inner = (run[-1].bottom, edge[end].top) if top else (edge[end].bottom, run[-1].top)
            pictured = any(outer - 1 <= a and b <= inner + 1 for a, b in drawn)
            in_band = all(ln.top < _BAND * height if top else ln.bottom > (1 - _BAND) * height for ln in run)
            note = not top and _NOTE_START.match(run[-1].text) and not _PAGE_NUMBER.match(run[-1].text)
            if not in_band or pictured or note or any(ln.row for ln in run):
                break
            found.update((id(ln), (inner - outer) / body) for ln in run)
            start = end
    return found


def _gap(outer: _Line, inner: _Line, top: bool) -> float:
    """The white space between a line and the next one towards the page's middle."""
    return inner.top - outer.bottom if top else outer.top - inner.bottom


def _body_size(lines: list[_Line]) -> float:
    """The type most of the text is set in, not counting bold lines: in a short paper a title set
    large can hold more characters than the text."""
    plain = [ln for ln in lines if not ln.bold] or lines
    return Counter(ln.size for ln in plain for _ in ln.text).most_common(1)[0][0]


def _normal_pitch(pages: list[list[_Line]]) -> float:
    """Line spacing as a multiple of type size, from pairs of lines of one size on one page."""
    ratios = [(b.top - a.top) / a.size for lines in pages for a, b in zip(lines, lines[1:])
              if not (a.row or b.row) and abs(a.size - b.size) < 0.5 and 0 < b.top - a.top < 2.5 * a.size]
    return statistics.median(ratios) if ratios else 1.2


def _is_hard(line: _Line, following: _Line, right: float) -> bool:
    """The author ended `line`: the next line's first word would have fitted after it."""
    return line.x1 + 0.3 * line.size + following.first_word <= (line.edge or right) - 0.25 * line.size


def _continues(prev: _Line, line: _Line, right: float, body: float) -> bool:
    """Does the paragraph that ends a page go on at the top of the next one?

    Without a gap to go by, a line that ends a sentence short of the margin, followed by one
    that starts with a capital, ends its paragraph even where the next word would not have fitted.
    """
    if prev.row or line.row or _is_hard(prev, line, right) or _new_block(prev, line, right, float("inf"), body):
        return False
    return not (_TERMINAL.search(prev.text) and prev.x1 < (prev.edge or right) - prev.size and line.text[:1].isupper())


def _new_block(prev: _Line, line: _Line, right: float, pitch: float, body: float) -> bool:
    if prev.row or line.row:
        return True
    hard = _is_hard(prev, line, right)
    marker = _ITEM_START.match(line.text)
    return any([
        line.top - prev.top > pitch * prev.size * 1.2,
        abs(line.size - prev.size) > 0.15 * max(line.size, prev.size),
        marker and (hard or line.x0 < prev.x0 - 1 or _ITEM_START.match(prev.text) and abs(line.x0 - prev.x0) < 1),
        hard and prev.bold != line.bold,
        hard and line.x0 > prev.x0 + 0.8 * prev.size,
        hard and bool(_TERMINAL.search(prev.text)) and prev.size >= _SMALLER * body,
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
    if lines[0].row:
        return Block([Line(lines[0].text)], "table-row")
    out = [Line(ln.text, ln.bold, hard_break=i + 1 == len(lines) or _is_hard(ln, lines[i + 1], right))
           for i, ln in enumerate(lines)]
    return Block(out, role, italic=_italic_runs(lines))


def _italic_runs(lines: list[_Line]) -> list[str]:
    """The block's runs of italic words; a run that ends its line and one that opens the next are
    one, set over a line break."""
    runs: list[str] = []
    going_on = False
    for ln in lines:
        for start, end in ln.italic:
            words = ln.text[start:end]
            if going_on and start == 0:
                runs[-1] = runs[-1][:-1] + words if runs[-1].endswith("-") else f"{runs[-1]} {words}"
            else:
                runs.append(words)
        going_on = bool(ln.italic) and ln.italic[-1][1] == len(ln.text)
    return [run for run in runs if any(c.isalnum() for c in run)]


def _title(metadata: dict) -> str | None:
    title = metadata.get("Title")
    if isinstance(title, bytes):
        title = title.decode("utf-8", "replace")
    if not isinstance(title, str):
        return None
    title = re.sub(r"^Microsoft (Word|PowerPoint) - ", "", " ".join(title.split()))
    # a file's name (one word and an extension: a page printed from "notes.html") names no paper
    if not title or re.fullmatch(r"\S+\.[a-z0-9]{2,5}|.*\.(docx?|pdf|indd|rtf|odt)", title, re.I) \
            or title.lower() == "untitled":
        return None
    return title if not is_label(title) else None


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
    figures: list[list[tuple[float, float]]] = []  # each page's pictures and drawings: top, bottom
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
            figures.append([(float(o["top"]), float(o["bottom"])) for o in page.images + page.rects + page.curves
                            if o["bottom"] - o["top"] > 4])  # taller than a rule drawn under a header
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
    furniture = _furniture(pages, heights, figures)
    kept = [[ln for ln in lines if id(ln) not in furniture] for lines in pages]
    # a Title property that repeats the running header names the series or the meeting the header
    # names on every page, not this paper: the title is then read from the paper's first page
    if title is not None and any(" ".join(ln.text.split()).casefold() == title.casefold()
                                 for lines in pages for ln in lines if id(ln) in furniture):
        title = None
    if any(kept):  # text only in the header and footer bands is the document, not its furniture
        pages = kept
    _drop_repeated_headers(pages)
    pages = [_without_contents(lines) for lines in pages]
    text_lines = [ln for lines in pages for ln in lines if not ln.row]
    if not text_lines:  # a document that is all table
        return RawDocument(title, [_to_block([ln], 0.0) for lines in pages for ln in lines], typeset=True,
                           warnings=warnings)
    body = _body_size(text_lines)
    for ln in text_lines:
        ln.bold = ln.bold or ln.size >= 1.15 * body  # larger type reads as emphasis, like bold
    right = max(ln.x1 for ln in text_lines if abs(ln.size - body) < 0.5)  # the column's edge
    pitch = _normal_pitch(pages)
    blocks: list[Block] = []
    open_block: list[_Line] | None = None  # a paragraph that may continue on the next page
    held: list[Block] = []  # footnotes that follow open_block
    laid_out = [_blocks(lines, right, pitch, body) for lines in pages]
    roles = _heading_roles(laid_out, body)
    for page_blocks in laid_out:
        # footnotes: smaller type below the page's last body-size block (or table), starting with a mark
        last_body = max((i for i, b in enumerate(page_blocks) if b[0].row or b[0].size >= _SMALLER * body), default=-1)
        note_blocks = [b for b in page_blocks[last_body + 1:] if re.match(r"^[\d⁰¹²³⁴⁵⁶⁷⁸⁹*†]", b[0].text)]
        main = [b for b in page_blocks if not any(b is n for n in note_blocks)]
        notes = [note for b in note_blocks for note in _split_notes(b)]
        continued = open_block is not None and bool(main) and _continues(open_block[-1], main[0][0], right, body)
        if continued:
            open_block.extend(main.pop(0))
        after = _citing(notes, ([open_block] if continued else []) + main)
        if continued and not main:
            held.extend(_to_block(n, right, "footnote") for n in after.pop(id(open_block), []) + after.pop(None, []))
            continue
        if open_block is not None:
            blocks.append(_to_block(open_block, right, roles.get(id(open_block), "text")))
            blocks.extend(held)
            blocks.extend(_to_block(n, right, "footnote") for n in after.pop(id(open_block), []))
            held, open_block = [], None
        for block in main[:-1]:
            blocks.append(_to_block(block, right, roles.get(id(block), "text")))
            blocks.extend(_to_block(n, right, "footnote") for n in after.pop(id(block), []))
        if main:
            open_block = main[-1]
        held.extend(_to_block(n, right, "footnote") for n in after.pop(id(open_block), []) + after.pop(None, []))
    if open_block is not None:
        blocks.append(_to_block(open_block, right, roles.get(id(open_block), "text")))
    blocks.extend(held)
    _group_lists(blocks)
    return RawDocument(title, blocks, typeset=True, warnings=warnings)


_LEADER = re.compile(r"\S.*?(?:\.\s?){4,}\s*(?:\d{1,4}|[ivxlc]{1,7})$", re.I)  # "Activities ...... 3"


def _without_contents(lines: list[_Line]) -> list[_Line]:
    """The page without its table of contents: each line that ends on dot leaders and a page
    number, and a short unpunctuated line just above a run of them, the table's own heading."""
    entries = {id(ln) for ln in lines if not ln.row and _LEADER.match(ln.text)}
    for above, below in zip(lines, lines[1:]):
        if id(below) in entries and id(above) not in entries and not above.row \
                and len(above.text.split()) <= 4 and not _TERMINAL.search(above.text):
            entries.add(id(above))
    return [ln for ln in lines if id(ln) not in entries]


def _drop_repeated_headers(pages: list[list[_Line]]) -> None:
    """A table that runs over a page break repeats its header row at the top of the next page:
    a page that opens on a table whose first row is the first row of the last table of the page
    before reads that row once, where the table began."""
    header = None
    for lines in pages:
        if lines and lines[0].row and lines[0].first_row and header is not None and lines[0].text == header:
            lines.pop(0)
        header = next((ln.text for ln in reversed(lines) if ln.row and ln.first_row), None)


def _heading_roles(laid_out: list[list[list[_Line]]], body: float) -> dict[int, str]:
    """The title and headings the type sizes show, by the id of their block: as a Markdown file's
    one level-1 heading over lower ones, a block on the first page in the largest type, alone in
    it, over blocks in a type between it and the body's, is the title, and those are headings.
    Without such a title the sizes say nothing sure (a larger line may be a meeting's name above
    the title), and the blocks are left for the paragraph rules to tell."""
    # larger by half a point at least, a step of type and not a rounding of one size; bold, or so
    # large it reads as bold (a heading one step above the body is bold to be seen as one)
    larger = [(number, block) for number, blocks in enumerate(laid_out) for block in blocks
              if not block[0].row and all(ln.bold and ln.size >= body + 0.5 for ln in block)
              and not _TERMINAL.search(block[-1].text)]
    if not larger:
        return {}
    top = max(block[0].size for _, block in larger)
    first = next(i for i, (_, block) in enumerate(larger) if block[0].size == top)
    number, title = larger[first]
    below = [block for _, block in larger[first + 1:] if block[0].size < top]
    if number or sum(block[0].size == top for _, block in larger) > 1 or not below:
        return {}
    return {id(title): "title", **{id(block): "heading" for block in below}}


def _split_notes(block: list[_Line]) -> list[list[_Line]]:
    """Footnotes set one after another without a gap: each starts at a line that opens with its mark."""
    notes: list[list[_Line]] = []
    for line in block:
        if not notes or _NOTE_MARK.match(line.text):
            notes.append([line])
        else:
            notes[-1].append(line)
    return notes


def _citing(notes: list[list[_Line]], candidates: list[list[_Line]]) -> dict[int | None, list[list[_Line]]]:
    """Each note under the id of the first block of the page that carries its mark (None: no block does)."""
    after: dict[int | None, list[list[_Line]]] = {}
    for note in notes:
        mark = _NOTE_MARK.match(note[0].text)
        citing = next((b for b in candidates if any(
            re.search(rf"(?<![⁰¹²³⁴⁵⁶⁷⁸⁹]){mark.group()}(?![⁰¹²³⁴⁵⁶⁷⁸⁹])", ln.text) for ln in b)), None) if mark else None
        after.setdefault(id(citing) if citing is not None else None, []).append(note)
    return after


def _group_lists(blocks: list[Block]) -> None:
    """Consecutive list-marker blocks form one list; a marker block standing alone is a list of one.
    A footnote set after the item that cites it does not end the list."""
    list_id = 0
    previous = None
    for block in blocks:
        if block.role == "text" and LIST_MARKER.match(block.lines[0].text):
            if previous is None or previous.role != "list-item":
                list_id += 1
            block.role, block.list_id = "list-item", list_id
        if block.role != "footnote":
            previous = block
