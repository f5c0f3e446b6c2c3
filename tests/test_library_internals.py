"""The private parts of other libraries the package relies on, each where a public way does not
exist: if an upgrade changes one, this fails with its name, before a brief comes out different.

- WeasyPrint: `Font.subset`, which `Font.clean` calls (fonts.py replaces it to subset fonts the same
  way on every machine), and `FontConfiguration._config` (fonts.py loads the bundled fonts into it);
- matplotlib: `font_manager.fontManager._findfont_cached` (fonts.py clears its cache after adding
  the bundled fonts);
- pandas: `Styler._translate` (briefs/fragments.py reads a Styler's cells, formats and caption);
- the warnings module: `warnings._filters_mutated` (pipeline/engine.py resets a warm kernel's warnings);
- concurrent.futures: `ProcessPoolExecutor._processes` (pipeline/schedule.py ends the workers on Ctrl-C;
  Python 3.11 has no public way)."""
from __future__ import annotations

import inspect
import warnings
from concurrent.futures import ProcessPoolExecutor


def test_weasyprint_font_subsetting_and_configuration():
    from weasyprint.pdf import fonts as pdf_fonts
    from weasyprint.text.ffi import ffi
    from weasyprint.text.fonts import FontConfiguration

    # ours or WeasyPrint's (fonts.py may have replaced it already): called as (font, to_unicode, hinting)
    assert len(inspect.signature(pdf_fonts.Font.subset).parameters) == 3
    assert "self.subset(to_unicode, hinting)" in inspect.getsource(pdf_fonts.Font.clean)
    source = inspect.getsource(pdf_fonts.Font.__init__)
    assert all(f"self.{name} =" in source for name in ("file_content", "index", "missing"))
    # fonts.py hands it to fontconfig's C functions: a pointer to an FcConfig
    assert ffi.typeof(vars(FontConfiguration())["_config"]).cname == "FcConfig *"


def test_matplotlib_font_cache():
    from matplotlib import font_manager
    assert callable(font_manager.fontManager._findfont_cached.cache_clear)


def test_pandas_styler_translation():
    import pandas as pd
    translated = pd.DataFrame({"a": [1.25]}).style.format("{:.1f}").set_caption("c")._translate(False, False)
    assert {"head", "body", "caption"} <= set(translated)
    # what fragments.py reads of each body cell: its type, and its value as Styler.format shows it
    assert [(cell["type"], cell["display_value"]) for cell in translated["body"][0] if cell["type"] == "td"] \
        == [("td", "1.2")]


def test_warnings_filter_reset():
    assert callable(warnings._filters_mutated)


def test_process_pool_workers():
    pool = ProcessPoolExecutor(max_workers=1)
    try:
        assert isinstance(pool._processes, dict)
    finally:
        pool.shutdown()
