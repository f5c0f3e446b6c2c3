"""The fonts briefs are printed in, and which characters they can print.

PDFs and charts use the same font files, shipped by pinned packages, never the machine's
fonts, so every machine prints the same bytes:

    DejaVu Sans, DejaVu Serif   matplotlib's own copies: Latin, Greek, Cyrillic, Arabic (Sans)
    Noto Sans SC                pylopdf-fonts-zh-cn (SIL Open Font License 1.1): Chinese

Together they cover the six official UN languages (Arabic, Chinese, English, French, Russian,
Spanish). Text goes through the DejaVu face first and falls back to Noto Sans SC for what
DejaVu lacks; serif text falls back to DejaVu Sans (DejaVu Serif has no Arabic), then to Noto.

`uncovered(text)` names the characters none of them can print, plus emoji and pictographs,
which briefs never print: the loader reports them as data problems and the renderer refuses
a brief whose own words contain one, rather than printing an empty box.

WeasyPrint gets the fonts through one font configuration per thread (`weasyprint_fonts()`),
built once: its @font-face route would copy every font file into a fresh temporary folder for
each PDF. matplotlib gets them through `matplotlib_families()`.
"""
from __future__ import annotations

import functools
import importlib.util
import threading
import unicodedata
from pathlib import Path
from typing import Iterable
from xml.sax.saxutils import escape

from migration_briefs.errors import Problem

#: The CSS families the PDF is set in: render.py points brief.css's --sans and --serif at them.
SANS = '"Brief Sans", "Brief CJK"'
SERIF = '"Brief Serif", "Brief Sans", "Brief CJK"'

# Never printed, even where a font has a glyph: the emoji presentation selector, and the
# blocks of emoji and pictographs (U+1F000-U+1FAFF).
_EMOJI_SELECTOR = "\ufe0f"
_PICTOGRAPHS = range(0x1F000, 0x1FB00)
# Needs no glyph: line breaks and tabs are layout, and format characters (soft hyphen,
# zero-width joiners, direction marks) are invisible by definition.
_LAYOUT = frozenset("\t\n\r")


def _package_dir(name: str) -> Path:
    """Where an installed package lives, without importing it (importing matplotlib is slow)."""
    return Path(importlib.util.find_spec(name).submodule_search_locations[0])


def _dejavu(stem: str) -> Path:
    return _package_dir("matplotlib") / "mpl-data" / "fonts" / "ttf" / f"{stem}.ttf"


def _noto_sans_sc() -> Path:
    return _package_dir("pylopdf_fonts_zh_cn") / "NotoSansSC-Regular.otf"


def faces() -> list[tuple[str, Path]]:
    """(CSS family, font file) of every face the PDF may use."""
    return [
        *(("Brief Sans", _dejavu(f"DejaVuSans{style}")) for style in ("", "-Bold", "-Oblique", "-BoldOblique")),
        *(("Brief Serif", _dejavu(f"DejaVuSerif{style}")) for style in ("", "-Bold", "-Italic", "-BoldItalic")),
        ("Brief CJK", _noto_sans_sc()),
    ]


# --- coverage ------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _printable(char: str) -> bool:
    if " " <= char <= "~":
        return True
    if char == _EMOJI_SELECTOR or ord(char) in _PICTOGRAPHS:
        return False
    if char in _LAYOUT or unicodedata.category(char) == "Cf":
        return True
    # The sans stack's fonts in fallback order (the serif stack ends with them, so it prints at
    # least as much); the big Chinese font is only read for a character DejaVu lacks.
    return ord(char) in _cmap(_dejavu("DejaVuSans")) or ord(char) in _cmap(_noto_sans_sc())


def uncovered(text: str) -> list[str]:
    """The characters of `text` that briefs cannot print, each once, in order of appearance."""
    return [char for char in dict.fromkeys(text) if not _printable(char)]


def describe(char: str) -> str:
    """'U+1F600 GRINNING FACE': how a person finds the character in a table or an editor."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def unprintable_message(chars: list[str]) -> str:
    return f"contains {', '.join(describe(c) for c in chars)}, which no font of the briefs can print"


UNPRINTABLE_HINT = ("replace it (briefs print no emoji or pictographs), or add a font that covers it "
                    "to src/migration_briefs/fonts.py")


def unprintable(file: str, strings: Iterable[tuple[int | None, str, str]]) -> list[Problem]:
    """A Problem for each (line, field, text) whose text has a character briefs cannot print."""
    return [Problem(file, line, field, unprintable_message(chars), UNPRINTABLE_HINT)
            for line, field, text in strings if (chars := uncovered(text))]


# --- WeasyPrint ------------------------------------------------------------------------------

_local = threading.local()


def weasyprint_fonts():
    """A WeasyPrint FontConfiguration that knows the faces as the families in SANS and SERIF.

    It is what WeasyPrint does for an @font-face rule (a Fontconfig rule that names the file's
    family, then the file added to the configuration), without copying the file anywhere.
    Built once per thread: a Pango font map is not shared between threads.
    """
    config = getattr(_local, "config", None)
    if config is None:
        from weasyprint.text.ffi import ffi, fontconfig, pangoft2
        from weasyprint.text.fonts import FontConfiguration

        config = FontConfiguration()
        rules = "".join(
            f'<match target="scan"><test name="file" compare="eq"><string>{escape(path.as_posix())}</string></test>'
            f'<edit name="family" mode="prepend"><string>{family}</string></edit></match>'
            for family, path in faces())
        fontconfig.FcConfigParseAndLoadFromMemory(config._config, f"<fontconfig>{rules}</fontconfig>".encode(), True)
        for _, path in faces():
            if not fontconfig.FcConfigAppFontAddFile(config._config, path.as_posix().encode()):
                raise RuntimeError(f"Fontconfig cannot read the font {path.name}")
        pangoft2.pango_fc_font_map_config_changed(ffi.cast("PangoFcFontMap *", config.font_map))
        _local.config = config
    return config


# What most briefs print: Basic Latin, Latin-1, Latin Extended-A, and the punctuation of UN
# typography (dashes, quotes, ellipsis, per mille, euro, trade mark). Every embedded face is
# subset to these glyphs at least, so that most briefs share one subset per face.
_REPERTOIRE = "".join(chr(code) for start, end in ((0x20, 0x7F), (0xA0, 0x180), (0x2010, 0x2028),
                                                   (0x2030, 0x203B), (0x20AC, 0x20AD), (0x2122, 0x2123))
                      for code in range(start, end))
_SUBSETS_KEPT = 64  # subset faces kept per process: a few per face in practice; the bound keeps memory bounded
_subsets: dict[tuple, bytes] = {}


@functools.lru_cache(maxsize=_SUBSETS_KEPT)
def _repertoire_gids(digest: bytes, content: bytes, index: int) -> frozenset[int]:
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
    cmap = font.getBestCmap()
    names = {cmap[ord(char)] for char in _REPERTOIRE if ord(char) in cmap}
    return frozenset(font.getGlyphID(name) for name in names | _ligatures_of(font, names))


def _ligatures_of(font, names: set[str]) -> set[str]:
    """The ligature glyphs (fi, ffi, ...) the font forms from `names` alone: shaping puts them in a
    document where its text happens to have those letters side by side, so a subset that did not
    hold them already would differ from one document to the next."""
    if "GSUB" not in font or font["GSUB"].table.LookupList is None:
        return set()
    subtables = [getattr(table, "ExtSubTable", table)
                 for lookup in font["GSUB"].table.LookupList.Lookup for table in lookup.SubTable]
    ligatures = [(first, ligature) for table in subtables if hasattr(table, "ligatures")
                 for first, found in table.ligatures.items() for ligature in found]
    formed: set[str] = set()
    while True:  # a ligature may be a component of another
        known = names | formed
        more = {ligature.LigGlyph for first, ligature in ligatures
                if first in known and all(part in known for part in ligature.Component)} - known
        if not more:
            return formed
        formed |= more


def subset_fonts_reproducibly() -> None:
    """Make WeasyPrint subset the fonts it embeds the same way on every machine, and each face
    once per process for most briefs.

    WeasyPrint subsets with the system's HarfBuzz-Subset where the machine happens to have that
    library, in whatever version it has, and with fontTools where it does not; each gives other
    bytes, so a PDF would depend on what else is installed. Here it is always the HarfBuzz that
    uharfbuzz ships, pinned in requirements.lock, with WeasyPrint's own options. fontTools, the
    other pinned choice, took about 0.2 s a face where HarfBuzz takes 2 ms, and stamped each subset with
    the clock. Every face is subset to the glyphs the document uses plus _REPERTOIRE's (and the
    ligatures the font forms from them), so that documents within the repertoire get the same
    subset, computed once and reused."""
    import hashlib

    import weasyprint.pdf.fonts as pdf_fonts

    if getattr(pdf_fonts.Font, "_briefs_subset", False):
        return

    def subset(font, to_unicode, hinting):
        if not to_unicode:  # nothing of the face is printed: WeasyPrint's own subset keeps it whole too
            return
        digest = hashlib.sha256(font.file_content).digest()
        gids = frozenset(to_unicode) | _repertoire_gids(digest, font.file_content, font.index)
        key = (digest, font.index, gids, hinting, bool(font.missing))
        if key not in _subsets:
            if len(_subsets) >= _SUBSETS_KEPT:
                _subsets.pop(next(iter(_subsets)))
            _subsets[key] = _harfbuzz_subset(font.file_content, font.index, gids, hinting, bool(font.missing))
        font.file_content = _subsets[key]

    pdf_fonts.Font.subset = subset
    pdf_fonts.Font._briefs_subset = True


# What WeasyPrint's HarfBuzz subsetting drops (weasyprint/pdf/fonts.py): tables a PDF never reads,
# the shaping done already.
_DROPPED_TABLES = ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ")


def _harfbuzz_subset(content: bytes, index: int, gids: frozenset[int], hinting: bool, missing: bool) -> bytes:
    """A face's glyphs `gids` at their own glyph ids (the PDF's text refers to them so), with
    WeasyPrint's flags; the whole face where HarfBuzz cannot subset it, as WeasyPrint does."""
    import uharfbuzz as hb

    request = hb.SubsetInput()
    request.glyph_set.update(gids)
    dropped = request.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    for tag in _DROPPED_TABLES:
        dropped.add(int.from_bytes(tag.encode("ascii"), "big"))
    flags = hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
    if not hinting:
        flags |= hb.SubsetFlags.NO_HINTING
    if missing:
        flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    request.flags = flags
    try:
        return hb.subset(hb.Face(hb.Blob(content), index), request).blob.data
    except RuntimeError:  # "Subsetting failed": uharfbuzz's word for a face it cannot subset
        return content


# --- matplotlib ------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def matplotlib_families() -> list[str]:
    """The font.family list of charts (styles/brief.mplstyle names it too), after making sure
    matplotlib finds these very files first (a font of the same name installed on the machine
    comes later in its list)."""
    import dataclasses

    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    paths = [_dejavu("DejaVuSans"), _dejavu("DejaVuSans-Bold"), _dejavu("DejaVuSans-Oblique"),
             _dejavu("DejaVuSans-BoldOblique"), _noto_sans_sc()]
    entries = [font_manager.ttfFontProperty(FT2Font(path)) for path in paths]
    # Noto Sans SC has no bold: say that its regular face is the bold one too, which is what
    # matplotlib draws anyway, so that it does not log a warning (once per process, so into
    # some executed notebooks and not others).
    entries.append(dataclasses.replace(entries[-1], weight=700))
    # What FontManager.addfont does, but in front: of equally good matches the first wins.
    font_manager.fontManager.ttflist[:0] = entries
    font_manager.fontManager._findfont_cached.cache_clear()
    return list(dict.fromkeys(entry.name for entry in entries))
