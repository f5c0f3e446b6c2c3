"""A document becomes paragraphs: one entry per paragraph, heading, list item or footnote, with
its verbatim text, its kind and the section it sits under (the rules of
data/sources/un-women_15th-coordination-meeting_2017.yaml, applied to any document).

The readers (source_readers.py, pdf_reader.py) say what the format knows; the rules here decide
what the text means, the same way for every format:

- Front matter is everything before the body starts (the first section heading, or the first
  full sentence-ending paragraph). Each of its lines is an entry of its own, except that lines
  set in bold one after another are one title set over several lines.
- A heading is what the format marks as one, a line numbered like a section (``A.``, ``IV.``),
  a numbered line that stands alone, short and unpunctuated (``1. Chair of the GMG``), or a
  short unpunctuated line in capitals or bold.
- A footnote starts with its mark (``¹``); list items keep their numbers (``1.``), not bullets.
- Line breaks inside a paragraph become one space; a word hyphenated at a line end is joined
  again where the document or an English dictionary shows that the hyphen belongs to the layout,
  not to the word.
- A paragraph keeps the runs of words it sets in italics (a report's or an event's title), each as
  its text has it; a paragraph set wholly in italics is set so for its style, and keeps none.
"""
from __future__ import annotations

import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from migration_briefs.sources.readers import (
    LIST_MARKER,
    MAX_DOCUMENT_BYTES,
    SUFFIXES,
    Block,
    DocumentError,
    DocumentTooLargeError,
    Line,
    RawDocument,
    in_capitals,
    read_docx,
    read_markdown,
    read_text,
)

FRONT_MATTER = "Front matter"
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FOOTNOTE_MARK = re.compile(rf"^[{_SUPERSCRIPTS}*†]+\s")
_CITED_NOTE = re.compile(r"(?<=[\w.,;:)”\"])\[(\d{1,3})\]")  # "… in Libya.[1]"
_BRACKETED_NOTE = re.compile(r"^\[(\d{1,3})\]\s")  # "[1] With the Norwegian Refugee Council."
_SECTION_NUMBER = re.compile(r"^(?P<label>[A-Z]|[IVXLC]{1,6})[.)]\s+(?P<rest>\S.*)$")
_ARABIC_NUMBER = re.compile(r"^(?P<label>\d{1,3}(?:\.\d{1,3})*)[.)]?\s+(?P<rest>\S.*)$")
_TERMINAL = re.compile(r"[.!?;:,]['\"’”)]*$")
_SENTENCE_END = re.compile(r"[.!?]['\"’”)]*(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d+\])?$")  # a note's mark may follow
_HYPHENS = "-‐"
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or",
                "the", "to", "with", "per", "via", "vs"}
_SHORT_WORDS = {"am", "be", "do", "go", "he", "if", "is", "it", "me", "my", "no", "so", "up", "we"}


@dataclass(frozen=True)
class ImportedParagraph:
    kind: str
    section: str
    text: str
    italic: tuple[str, ...] = ()


@dataclass
class ImportedSource:
    title: str
    paragraphs: list[ImportedParagraph]
    warnings: list[str] = field(default_factory=list)


# --- reading -----------------------------------------------------------------------------

def read_document(path: Path, shown: str, progress: Callable[[int, int], None] | None = None) -> RawDocument:
    """The blocks of a .pdf, .docx, .md or .txt file; DocumentError for anything unreadable.
    `progress` (done, total) hears of each page of a PDF, each paragraph or table of a .docx."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError(shown, f"files ending in {suffix or '(no extension)'!r} are not supported",
                            "import a .pdf, .docx, .md or .txt file (save a .doc or .odt as .docx first)")
    try:
        status = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise DocumentError(shown, "there is no such file", "check the path") from None
    except OSError as exc:
        raise DocumentError(shown, f"it cannot be read ({exc.strerror})", "check the path") from None
    if not stat.S_ISREG(status.st_mode):  # a FIFO or a device would block the import or never end
        raise DocumentError(shown, "it is not a regular file", "give the path of the document itself")
    if status.st_size == 0:
        raise DocumentError(shown, "the file is empty", "check that the download is complete")
    if status.st_size > MAX_DOCUMENT_BYTES:
        raise DocumentTooLargeError(shown, "the file is", status.st_size, MAX_DOCUMENT_BYTES)
    if suffix == ".pdf":
        from migration_briefs.sources.pdf_reader import read_pdf
        return read_pdf(path, shown, progress)
    if suffix == ".docx":
        with path.open("rb") as stream:
            signature = stream.read(4)
        if signature == b"\xd0\xcf\x11\xe0":
            raise DocumentError(shown, "it is an old-style .doc file or a password-protected .docx",
                                "open it in Word or LibreOffice and save it as .docx without a password")
        return read_docx(path, shown, progress)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(shown, "it is not UTF-8 text", "save it again with UTF-8 encoding") from exc
    return read_markdown(text) if suffix == ".md" else read_text(text)


# --- joining lines -------------------------------------------------------------------------

def _vocabulary(blocks: list[Block]) -> set[str]:
    """Every word the document writes in one piece, to tell a hyphenated word from a compound."""
    words: set[str] = set()
    for block in blocks:
        for line in block.lines:
            tokens = line.text.split()
            if tokens and tokens[-1][-1:] in _HYPHENS + "\u00ad":
                tokens = tokens[:-1]
            words.update(_bare(t) for t in tokens)
    return words


def _bare(token: str) -> str:
    return token.strip(".,;:!?()[]{}\"'“”‘’«»").lower()


def _join_hyphenated(before: str, after: str, vocabulary: set[str]) -> str:
    """`before` ends with a hyphen at a line end, `after` starts the next line."""
    head, hyphen = before[:-1], before[-1]
    if not head or head[-1].isspace():  # a dash standing alone, not a hyphen
        return f"{before} {after}"
    last, first = head.split()[-1], after.split()[0]
    if not (last[-1:].isalpha() and first[:1].isalpha()):
        return f"{before}{after}" if hyphen in _HYPHENS else f"{head}{after}"
    if hyphen == "\u00ad":
        return f"{head}{after}"
    if _bare(f"{last}-{first}") in vocabulary or _bare(f"{last}{hyphen}{first}") in vocabulary:
        return f"{before}{after}"
    if _bare(f"{last}{first}") in vocabulary:
        return f"{head}{after}"
    # U+2010 is what typesetting puts at a line end; a plain hyphen there is told by the dictionary
    uses_2010 = any("‐" in w for w in vocabulary)
    if hyphen == "‐" and not uses_2010 and first[:1].islower():
        return f"{head}{after}"
    following = after.split()[1:2]
    # "low- and middle-income": a hyphen that hangs before a conjunction, the compound it shares
    # its second half with after it, keeps its space
    if following and re.search(r"\w[-‐](?:\w|$)", following[0]) and _bare(first) in _stop_words():
        return f"{before} {after}"
    return f"{head}{after}" if _hyphenation(_bare(last), _bare(first)) else f"{before}{after}"


def _hyphenation(last: str, first: str) -> bool:
    """Is "last-" / "first" one word the line end broke ("migra-tion"), not a compound broken at
    its own hyphen ("gender-responsive", "well-being", "UN-Habitat")? A part after the hyphen with
    a capital starts a name; a compound the dictionary spells with its hyphen keeps it; the halves
    joined into a word of the dictionary ("partner-ships", "in-formation": WordNet lists "ship" and
    "formation" as words) were one word; else the hyphen stays where the part after it is a word."""
    words = _dictionary()
    if words is None or not first.isalpha() or not first.islower():
        return False
    if words(f"{last}-{first}"):
        return False
    return words(f"{last}{first}") or not words(first)


@cache
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words ("and", "or", "to"), where the pipeline is installed."""
    from migration_briefs.sources.grammar import pipeline
    try:
        return frozenset(pipeline().Defaults.stop_words)
    except (ImportError, OSError):
        return frozenset()


@cache
def _dictionary() -> Callable[[str], bool] | None:
    """Whether a word is an English word, by the WordNet 3.0 index and inflection rules of the
    lemmatizer in the spaCy pipeline the drafter reads grammar with (grammar.py): a dictionary kept
    by others and pinned with the pipeline, rather than a word list of the project's own. None
    where the pipeline is not installed (the import part without the draft part): a plain hyphen
    at a line end then stays."""
    from migration_briefs.sources.grammar import pipeline
    try:
        lookups = pipeline().get_pipe("lemmatizer").lookups
    except (ImportError, OSError, KeyError):
        return None
    index, exceptions, rules = (lookups.get_table(name) for name in ("lemma_index", "lemma_exc", "lemma_rules"))
    # the tables are keyed by the hash of a part of speech: get() hashes the name, items() does not
    forms = [(set(index.get(pos, [])), set(exceptions.get(pos, {})), rules.get(pos, []))
             for pos in ("noun", "verb", "adj", "adv")]

    def known(word: str) -> bool:
        word = word.lower()
        return any(word in base or word in inflected
                   or any(word.endswith(old) and word[:len(word) - len(old)] + new in base for old, new in suffixes)
                   for base, inflected, suffixes in forms)

    return known


def _join(lines: list[Line], typeset: bool, vocabulary: set[str]) -> str:
    text = ""
    for i, line in enumerate(lines):
        piece = _normalise(line.text)
        if not piece:
            continue
        if not text:
            text = piece
        # a line that ends on a hyphen after a letter, the next opening in lower case, is a line
        # the layout ended however short it stops of the page's edge (a narrow box, a column of a
        # layout the reader does not know): no author ends a line inside a word
        elif typeset and text[-1] in _HYPHENS + "\u00ad" and (
                not lines[i - 1].hard_break or text[-2:-1].isalpha() and piece[:1].islower()):
            text = _join_hyphenated(text, piece, vocabulary)
        else:
            text = f"{text} {piece}"
    return text


_INVISIBLE = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0E, *range(0x0F, 0x20), 0x7F, 0xAD, 0xFEFF])


def _normalise(text: str) -> str:
    """One space for any run of spaces or line breaks; control characters and soft hyphens go."""
    return re.sub(r"[ \t\r\n\f\v\u0085\u2028\u2029]+", " ", text.translate(_INVISIBLE)).strip()


# --- what each block is ---------------------------------------------------------------------

@dataclass
class _Piece:
    block: Block
    text: str
    kind: str = "paragraph"
    candidate: bool = False  # reads like a heading, unless it is front matter

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.block.lines)

    @property
    def words(self) -> int:
        return len(self.text.split())


def _unpunctuated(text: str) -> bool:
    return not _TERMINAL.search(text)


def _classify_lists(pieces: list[_Piece]) -> None:
    """List items in groups; a numbered item standing alone, short and unpunctuated, is a heading."""
    by_list: dict[int, list[_Piece]] = {}
    runs: list[list[_Piece]] = []  # items the format does not group: consecutive ones are one list
    in_run = False
    for piece in pieces:
        block = piece.block
        if not (block.role == "list-item" or (block.role == "text" and LIST_MARKER.match(piece.text))):
            in_run = False
        elif block.list_id is not None:
            by_list.setdefault(block.list_id, []).append(piece)
            in_run = False
        else:
            if not in_run:
                runs.append([])
            runs[-1].append(piece)
            in_run = True
    groups = [*by_list.values(), *runs]
    for group in groups:
        for piece in group:
            marker = LIST_MARKER.match(piece.text)
            numbered = bool(marker and marker.group("number"))
            # a list nested in an item is part of that item, never a heading however short
            if len(group) == 1 and numbered and not piece.block.level and piece.words <= 12 \
                    and _unpunctuated(piece.text):
                piece.kind = "heading"
            elif numbered and piece.words > 60:
                piece.kind = "paragraph"  # a numbered paragraph, as UN documents number theirs
            else:
                piece.kind = "list-item"
                if marker and marker.group("bullet"):  # a bullet is layout; a number is text people cite
                    piece.text = piece.text[marker.end() - 1:]


def _classify(pieces: list[_Piece]) -> None:
    _classify_lists(pieces)
    # notes marked "[1]" in plain text: a paragraph that opens on a mark the text cites after a word
    cited = {m.group(1) for piece in pieces for m in _CITED_NOTE.finditer(piece.text)}
    for piece in pieces:
        role = piece.block.role
        if role == "table-row":  # a row is a paragraph, whatever its first cell or its type
            continue
        bracketed = _BRACKETED_NOTE.match(piece.text)
        if role == "footnote" or _FOOTNOTE_MARK.match(piece.text) or (bracketed and bracketed.group(1) in cited):
            piece.kind = "footnote"
        elif role == "title":
            piece.kind = "front-matter"
        elif role == "heading":
            piece.kind = "heading"
        elif piece.kind != "paragraph":
            continue
        elif _SECTION_NUMBER.match(piece.text) and piece.words <= 30 and not _SENTENCE_END.search(piece.text):
            piece.kind = "heading"
        elif _unpunctuated(piece.text) and (
                (in_capitals(piece.text) and piece.words <= 30) or (piece.bold and piece.words <= 15)):
            piece.candidate = True
    _numbered_paragraphs(pieces)


def _numbered_paragraphs(pieces: list[_Piece]) -> None:
    """Numbers that run on across a heading ("3." under I, "4." under II) number the paper's
    paragraphs, as UN documents number theirs: an item of such a run that ends a sentence, or
    leads into a list with a colon, is a paragraph, however short. A list whose numbers only
    resume after a paragraph (meetings 1 to 5, a sentence, meetings 6 and 7) stays a list."""
    runs: list[tuple[list[_Piece], bool]] = []  # each run of numbers and whether it crosses a heading
    last: int | None = None
    heading_since = False
    for piece in pieces:
        if piece.kind == "heading" or piece.candidate:
            heading_since = True
            continue
        marker = LIST_MARKER.match(piece.text) if piece.block.role in ("text", "list-item") else None
        if not (marker and (marker.group("number") or "").isdigit()):
            continue
        number = int(marker.group("number"))
        if last is not None and number == last + 1 and runs:
            runs[-1] = (runs[-1][0] + [piece], runs[-1][1] or heading_since)
        else:
            runs.append(([piece], False))
        last, heading_since = number, False
    for run, crosses_heading in runs:
        if crosses_heading:
            for piece in run:
                if _SENTENCE_END.search(piece.text) or piece.text.rstrip().endswith(":"):
                    piece.kind = "paragraph"


def _body_start(pieces: list[_Piece]) -> int:
    """Index of the first piece of the body; 0 when the document has no front matter."""
    for i, piece in enumerate(pieces):
        if _dated_heading(pieces, i):
            return i
        if piece.kind in ("heading", "list-item") or piece.block.role == "table-row":  # a title block holds no list or table
            # nor the sentence that leads into the list ("We took part in several events, including:")
            return i - 1 if piece.kind == "list-item" and i > 0 and pieces[i - 1].text.rstrip().endswith(":") else i
        if piece.kind == "paragraph" and not piece.candidate and piece.words >= 25 \
                and _SENTENCE_END.search(piece.text):
            return i - 1 if i > 0 and pieces[i - 1].candidate else i
    return 0


def _dated_heading(pieces: list[_Piece], i: int) -> bool:
    """A short line read as a heading that names a year ("Activities in 2016"), followed by a
    sentence or a lead-in to a list, opens the body however short that sentence: a title block's
    line after a dated title is a name, a place or a date, not a sentence."""
    piece = pieces[i]
    if not (piece.candidate and piece.words <= 8 and _YEAR.search(piece.text)) or i + 1 == len(pieces):
        return False
    following = pieces[i + 1]
    return following.kind in ("paragraph", "list-item") and not following.candidate and (
        bool(_SENTENCE_END.search(following.text)) or following.text.rstrip().endswith(":"))


def _front_matter_entries(piece: _Piece, typeset: bool, vocabulary: set[str]) -> list[tuple[str, bool]]:
    """A front-matter block splits at its author's line breaks, except inside a bold title, and
    wherever bold gives way to plain type; each entry comes with whether it is bold."""
    groups: list[list[Line]] = [[]]
    lines = piece.block.lines
    for i, line in enumerate(lines):
        groups[-1].append(line)
        if i + 1 < len(lines) and (line.bold != lines[i + 1].bold or line.hard_break and not line.bold):
            groups.append([])
    entries = [(_join(g, typeset, vocabulary), all(line.bold for line in g)) for g in groups]
    return [(text, bold) for text, bold in entries if text]


# --- section labels ----------------------------------------------------------------------------

def smart_case(text: str, spelled: dict[str, str] | None = None) -> str:
    """Capitals become title case for a label; acronyms (UN, GMG, SDG) and numbers stay as written,
    and so does a word the paper's running text spells with a capital inside it (`spelled`:
    "UNICEF", "UN-Habitat")."""
    if not in_capitals(text):
        return text

    def word(token: str, first: bool) -> str:
        if any(c.isdigit() for c in token):
            return token
        core = token.strip("\"'“”‘’()[],.;:")
        lower = core.lower()
        if spelled and lower in spelled:
            return token.replace(core, spelled[lower])
        if not first and lower in _SMALL_WORDS:
            return token.lower()
        acronym = core.isalpha() and not re.search(r"[AEIOUY]", core)  # GMG, SDG, CMW
        if acronym or (len(core) <= 2 and lower not in _SMALL_WORDS | _SHORT_WORDS):  # UN, EU
            return token
        if token.startswith("(") and core.isalpha() and core.isupper():  # "(ILO)": a name's acronym, given after it
            return token
        return "-".join(part[:1].upper() + part[1:].lower() for part in token.split("-"))

    return " ".join(word(t, i == 0) for i, t in enumerate(text.split()))


def spellings(texts: list[str]) -> dict[str, str]:
    """How the running text spells each word it writes with a capital after the first letter
    ("UNICEF", "UN-Habitat"), the commonest way where it has several: a heading in capitals is cased
    by it, since no rule tells an acronym or a name from a word."""
    seen: dict[str, dict[str, int]] = {}
    for text in texts:
        if in_capitals(text):
            continue
        for token in text.split():
            core = token.strip("\"'“”‘’()[],.;:!?")
            if any(c.isupper() for c in core[1:]) and any(c.isalpha() for c in core):
                seen.setdefault(core.lower(), {}).setdefault(core, 0)
                seen[core.lower()][core] += 1
    return {lower: max(forms, key=lambda f: (forms[f], f)) for lower, forms in seen.items()}


def _strip_marks(text: str) -> str:
    return re.sub(rf"[{_SUPERSCRIPTS}]+", "", text).strip()


def section_label(heading: str, parent: str | None, spelled: dict[str, str] | None = None) -> tuple[str, str | None]:
    """The label of a heading's section, and the lettered section later numbered headings sit in."""
    text = _strip_marks(heading)
    lettered = _SECTION_NUMBER.match(text)
    if lettered:
        return f"{lettered['label']}. {smart_case(lettered['rest'], spelled)}", lettered["label"]
    numbered = _ARABIC_NUMBER.match(text)
    if numbered:
        prefix = f"{parent}.{numbered['label']}" if parent else f"{numbered['label']}."
        return f"{prefix} {smart_case(numbered['rest'], spelled)}", parent
    return smart_case(text, spelled), parent if not in_capitals(text) else None


#: A letter's subject line's label ("Subject: Contribution to …", "Re: …"): no word of the title.
SUBJECT_LABEL = re.compile(r"^(?:subject|subj\.|re|ref\.?|reference|object)\s*:\s*", re.IGNORECASE)


def document_title(title: str | None, front_matter: list[tuple[str, bool]], fallback: str,
                   spelled: dict[str, str] | None = None) -> str:
    """The metadata title; else the longest bold front-matter entry; else the first; else `fallback`;
    a letter's subject line without its label."""
    if title:
        return title
    bold = [text for text, is_bold in front_matter if is_bold]
    chosen = max(bold, key=len) if bold else (front_matter[0][0] if front_matter else "")
    chosen = SUBJECT_LABEL.sub("", _strip_marks(chosen)).rstrip(".,;:")
    return smart_case(chosen, spelled) if chosen else fallback


def humanised_stem(path: Path) -> str:
    return " ".join(re.split(r"[_\s]+", path.stem)).strip() or path.name


def paragraphs_of(raw: RawDocument, fallback_title: str) -> ImportedSource:
    vocabulary = _vocabulary(raw.blocks)
    pieces = [_Piece(block, _join(block.lines, raw.typeset, vocabulary)) for block in raw.blocks]
    pieces = [p for p in pieces if p.text]
    _classify(pieces)
    start = _body_start(pieces)
    if not any(p.kind in ("paragraph", "list-item") and not p.candidate for p in pieces[start:]):
        start = 0  # nothing but headings after it: what came first is the paper's text, not a title block
    result: list[ImportedParagraph] = []
    front: list[tuple[str, bool]] = []
    for piece in pieces[:start]:
        if piece.kind == "footnote":
            result.append(ImportedParagraph("footnote", FRONT_MATTER, piece.text))
            continue
        for text, bold in _front_matter_entries(piece, raw.typeset, vocabulary):
            result.append(ImportedParagraph("front-matter", FRONT_MATTER, text))
            front.append((text, bold))
    spelled = spellings([p.text for p in pieces[start:] if not p.candidate and p.kind != "heading"])
    title = document_title(raw.title, front, fallback_title, spelled)
    section, parent = title, None
    for piece in pieces[start:]:
        kind = "heading" if piece.candidate else piece.kind
        if kind == "heading":
            section, parent = section_label(piece.text, parent, spelled)
        result.append(ImportedParagraph(kind, section, piece.text, _italic_in(piece) if kind != "heading" else ()))
    return ImportedSource(title, result, list(raw.warnings))


def _italic_in(piece: _Piece) -> tuple[str, ...]:
    """The block's italic runs that its text holds as they are (a run the joining of lines changed
    is not known for sure), once each, unless one is the whole paragraph."""
    runs = dict.fromkeys(_normalise(run) for run in piece.block.italic)
    return tuple(run for run in runs if run and run in piece.text and run.rstrip(".:; ") != piece.text.rstrip(".:; "))


def import_document(path: Path, progress: Callable[[int, int], None] | None = None) -> ImportedSource:
    """Read any supported document into paragraphs; DocumentError names the file by its base name."""
    shown = path.name
    imported = paragraphs_of(read_document(path, shown, progress), humanised_stem(path))
    if not imported.paragraphs:
        raise DocumentError(shown, "no text was found in it", "check that it is the right file")
    return imported
