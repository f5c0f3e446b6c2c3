"""Turn an executed brief notebook into a self-contained HTML page and a tagged PDF.

A brief notebook's code cells display HTML fragments made by the library (sections,
tables, charts); exactly one output carries the brief's metadata under
``application/vnd.migration-briefs.meta+json``. This module shows readers only those
fragments, inside a page whose header, footer and typography come from
``templates/brief/`` (``index.html.j2`` + ``brief.css``, inlined). Code, prompts,
stream output, plain-text results and the parameters cells never show; an error
output stops the export with :class:`BriefRenderError`.

Output is reproducible: identical notebooks give byte-identical HTML and PDF (no clock,
no absolute path, no random id; the PDF's /ID is a hash of its content).

CSS classes the library's fragments can use (styled in ``brief.css``)::

    section.brief-section[aria-labelledby] > h2[id]   one part of the brief (h3, h4 inside)
    p.lead                                            opening summary paragraph
    dl.key-figures > div.figure-item > dt + dd        headline numbers (label, value)
    ul.key-figures > li > span.figure-value + span.figure-label   (same, as a list)
    aside.callout (p.callout-title optional)          boxed remark
    ul.tags > li (li.tag-done, li.tag-planned)        small labels / status badges
    article.item > h3, p, span.cite, ul.tags          one activity
    p.outcomes-label + ul.outcomes; ul.products; ul.events   an activity's details
    ul.item-list > li                                 a compact list of activities
    ol.quotes > li > a + q                            quoted source paragraphs
    table.brief-table > caption, th[scope]; td.num    data table; right-aligned figures
    div.table-wrap                                    optional scroll wrapper for wide tables
    figure.chart > img[alt] + figcaption              chart (PNG data URI)
    p.source-note                                     "Source: ¶ p12" links
    .visually-hidden                                  screen-reader-only text

Fragments must not contain an ``<h1>`` (the title is the page's only h1), a
``<script>``, an ``<img>`` without ``alt``, or a character the bundled fonts cannot print
(``fonts.py``; the metadata neither): export refuses them.

Entry points (pyproject.toml, ``nbconvert.exporters``): ``brief_html`` and
``brief_pdf``, so ``jupyter nbconvert --to brief_pdf notebook.ipynb`` works.

WeasyPrint is imported only when a PDF is made; importing this module costs what
importing nbconvert costs (the exporters subclass its classes).
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import functools
import os
import re
import threading
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import Exporter, HTMLExporter, TemplateExporter
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from traitlets import Unicode, default

from . import fonts
from .paths import TEMPLATES_DIR

__all__ = [
    "META_MIMETYPE",
    "HIDDEN_CELL_TAGS",
    "BriefRenderError",
    "BriefPreprocessor",
    "BriefHTMLExporter",
    "BriefPDFExporter",
    "brief_metadata",
    "export_html",
    "export_pdf",
    "html_to_pdf",
]

#: The mimetype of the one output that carries the brief's metadata (a JSON object).
META_MIMETYPE = "application/vnd.migration-briefs.meta+json"

#: Cells with any of these tags are never shown (papermill's parameter cells).
HIDDEN_CELL_TAGS = frozenset({"parameters", "injected-parameters"})

#: Metadata fields a brief cannot do without.
REQUIRED_META = ("title", "lang", "agency_name")

_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_RTL_LANGS = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "yi"})

# The few words the page itself says, in the UN languages the project writes in.
# Any other language falls back to English (the brief's own text is the library's).
_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "policy_brief": "Policy brief",
        "agency": "Agency",
        "year": "Reporting year",
        "source": "Source",
        "source_lower": "source",
        "date": "Meeting closed",
        "page": "Page",
        "page_of": "of",
        "skip": "Skip to content",
        "built_by": "Built from structured data by migration briefs",
    },
    "fr": {
        "policy_brief": "Note d\u2019orientation",
        "agency": "Entit\u00e9",
        "year": "Ann\u00e9e couverte",
        "source": "Source",
        "source_lower": "source",
        "date": "Clôture de la réunion",
        "page": "Page",
        "page_of": "sur",
        "skip": "Aller au contenu",
        "built_by": "\u00c9tabli \u00e0 partir de donn\u00e9es structur\u00e9es par migration briefs",
    },
    "es": {
        "policy_brief": "Nota de pol\u00edtica",
        "agency": "Entidad",
        "year": "A\u00f1o del informe",
        "source": "Fuente",
        "source_lower": "fuente",
        "date": "Cierre de la reunión",
        "page": "P\u00e1gina",
        "page_of": "de",
        "skip": "Ir al contenido",
        "built_by": "Elaborado a partir de datos estructurados por migration briefs",
    },
}

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "f\u00e9vrier", "mars", "avril", "mai", "juin", "juillet",
           "ao\u00fbt", "septembre", "octobre", "novembre", "d\u00e9cembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}


class BriefRenderError(Exception):
    """A notebook cannot become a brief.

    ``cell_index`` is the 0-based index of the offending cell in ``nb.cells`` (None when
    the problem is the notebook as a whole); ``message`` says what is wrong.
    """

    def __init__(self, cell_index: int | None, message: str):
        self.cell_index = cell_index
        self.message = message
        where = f"cell {cell_index}: " if cell_index is not None else ""
        super().__init__(f"Cannot render brief: {where}{message}")


# --------------------------------------------------------------------------- metadata

def _format_date(value: str, lang: str) -> tuple[str | None, str]:
    """(ISO date for <time datetime>, date as readers see it), without the clock."""
    try:
        day = _dt.date.fromisoformat(value)
    except ValueError:
        return None, value
    months = _MONTHS.get(lang, _MONTHS["en"])
    month = months[day.month - 1]
    if lang == "es":
        return day.isoformat(), f"{day.day} de {month} de {day.year}"
    return day.isoformat(), f"{day.day} {month} {day.year}"


def brief_metadata(raw: Any, cell_index: int | None = None) -> dict[str, Any]:
    """Check the meta output's JSON and return what the template needs.

    The result holds the original fields (strings, ``keywords`` as a list) plus
    ``labels`` (the page's own words in the brief's language), ``dir`` ("ltr"/"rtl"),
    ``kind_slug``, ``kind_label``, ``date_iso`` and ``date_display``.
    Raises BriefRenderError when a required field is missing or malformed.
    """
    if isinstance(raw, (str, bytes)):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise BriefRenderError(cell_index, f"{META_MIMETYPE} output is not valid JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise BriefRenderError(cell_index, f"{META_MIMETYPE} output must be a JSON object")
    missing = [key for key in REQUIRED_META if not str(raw.get(key) or "").strip()]
    if missing:
        raise BriefRenderError(cell_index, f"brief metadata lacks {', '.join(missing)}")

    meta: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "keywords":
            continue
        meta[key] = "" if value is None else str(value).strip()
    keywords = raw.get("keywords") or []
    if isinstance(keywords, str):
        keywords = [k for k in (part.strip() for part in keywords.split(",")) if k]
    if not isinstance(keywords, list):
        raise BriefRenderError(cell_index, "brief metadata 'keywords' must be a list of strings")
    meta["keywords"] = [str(k).strip() for k in keywords if str(k).strip()]
    for key, value in [*meta.items(), *(("keywords", k) for k in meta["keywords"])]:
        if isinstance(value, str) and (unprintable := fonts.uncovered(value)):
            raise BriefRenderError(cell_index, f"brief metadata {key!r} {fonts.unprintable_message(unprintable)}")

    lang = meta["lang"]
    if not _LANG_RE.match(lang):
        raise BriefRenderError(cell_index, f"brief metadata 'lang' is not a language tag: {lang!r}")
    primary = lang.split("-")[0].lower()
    meta["labels"] = dict(_LABELS.get(primary, _LABELS["en"]))
    meta["dir"] = "rtl" if primary in _RTL_LANGS else "ltr"
    meta["kind_slug"] = re.sub(r"[^a-z0-9]+", "-", meta.get("kind", "").lower()).strip("-") or "brief"
    meta["kind_label"] = meta["labels"]["policy_brief"]

    href = meta.get("source_href", "")
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", href)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise BriefRenderError(cell_index, f"brief metadata 'source_href' has a forbidden scheme: {href!r}")

    meta["date_iso"], meta["date_display"] = (
        _format_date(meta["date"], primary) if meta.get("date") else (None, "")
    )
    return meta


# ------------------------------------------------------------------- fragment checks

class _FragmentChecker(HTMLParser):
    """Finds what a library fragment must never contain."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "h1":
            self.problems.append("an <h1> (the brief title is the page's only h1; use h2/h3)")
        elif tag == "script":
            self.problems.append("a <script> (briefs carry no JavaScript)")
        elif tag == "img" and "alt" not in names:
            self.problems.append("an <img> without alt text")

    handle_startendtag = handle_starttag


def _check_fragment(html: str, cell_index: int) -> None:
    checker = _FragmentChecker()
    checker.feed(html)
    checker.close()
    if checker.problems:
        problems = "; ".join(dict.fromkeys(checker.problems))
        raise BriefRenderError(cell_index, f"text/html output contains {problems}")
    unprintable = fonts.uncovered("".join(checker.text))
    if unprintable:
        raise BriefRenderError(cell_index, f"text/html output {fonts.unprintable_message(unprintable)}")


def _cell_label(cell: Any) -> str:
    """How a person finds the cell in Jupyter: its id and execution count."""
    parts = []
    if cell.get("id"):
        parts.append(f"cell id {cell['id']!r}")
    if cell.get("execution_count") is not None:
        parts.append(f"execution count {cell['execution_count']}")
    return f" ({', '.join(parts)})" if parts else ""


# ----------------------------------------------------------------------- preprocessor

class BriefPreprocessor(Preprocessor):
    """Reduce an executed notebook to what readers see, and collect the brief's metadata.

    * any ``error`` output raises :class:`BriefRenderError` naming the cell;
    * the meta output is read into ``resources["brief"]`` (see :func:`brief_metadata`)
      and ``nb.metadata["migration_briefs"]``, then dropped;
    * parameters / injected-parameters cells, markdown and raw cells, stream output and
      outputs without ``text/html`` are removed; the rest keep only their ``text/html``.
    """

    def preprocess(self, nb, resources):
        raw_meta = None
        meta_cell = None
        kept = []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            outputs = []
            for output in cell.get("outputs", []):
                kind = output.get("output_type")
                if kind == "error":
                    ename = output.get("ename") or "Error"
                    evalue = output.get("evalue") or ""
                    raised = f"{ename}: {evalue}" if evalue else ename
                    raise BriefRenderError(index, f"the notebook raised {raised}{_cell_label(cell)}")
                data = output.get("data") or {}
                if META_MIMETYPE in data:
                    if raw_meta is not None:
                        raise BriefRenderError(
                            index, f"a second {META_MIMETYPE} output (the first is in cell {meta_cell})"
                        )
                    raw_meta, meta_cell = data[META_MIMETYPE], index
                    continue
                if kind in ("display_data", "execute_result") and "text/html" in data:
                    html = data["text/html"]
                    if isinstance(html, list):
                        html = "".join(html)
                    if html.strip():
                        outputs.append(nbformat.v4.new_output("display_data", data={"text/html": html}))
            if HIDDEN_CELL_TAGS.intersection(cell.get("metadata", {}).get("tags", [])):
                continue
            if outputs:
                for output in outputs:
                    _check_fragment(output.data["text/html"], index)
                cell.source = ""
                cell.outputs = outputs
                kept.append(cell)

        if raw_meta is None:
            raise BriefRenderError(None, f"no output carries {META_MIMETYPE}; the brief has no title")
        meta = brief_metadata(raw_meta, meta_cell)
        if not kept:
            raise BriefRenderError(None, "no cell displays text/html: the brief would be empty")
        nb.cells = kept
        derived = ("labels", "dir", "kind_slug", "kind_label", "date_iso", "date_display")
        nb.metadata["migration_briefs"] = {k: v for k, v in meta.items() if k not in derived}
        resources["brief"] = meta
        return nb, resources


# -------------------------------------------------------------------------- exporters

def _css_string(value: Any) -> str:
    """Escape text for use inside a double-quoted CSS string."""
    out = []
    for char in str(value):
        if char in '"\\' or ord(char) < 0x20 or char in "<>":
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return "".join(out)


class BriefHTMLExporter(HTMLExporter):
    """A brief as one self-contained HTML page (template ``templates/brief``)."""

    export_from_notebook = "Brief HTML"
    output_mimetype = "text/html"

    @default("template_name")
    def _template_name_default(self):
        return "brief"

    @default("extra_template_basedirs")
    def _default_extra_template_basedirs(self):
        return [str(TEMPLATES_DIR)]

    @default("file_extension")
    def _file_extension_default(self):
        return ".html"

    @default("exclude_input")
    def _exclude_input_default(self):
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self):
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self):
        return True

    @default("exclude_markdown")
    def _exclude_markdown_default(self):
        return True

    @default("exclude_raw")
    def _exclude_raw_default(self):
        return True

    @default("exclude_unknown")
    def _exclude_unknown_default(self):
        return True

    def _init_preprocessors(self):
        super()._init_preprocessors()
        self.register_preprocessor(BriefPreprocessor(parent=self), enabled=True)

    def default_filters(self):
        yield from super().default_filters()
        yield ("css_string", _css_string)

    def from_notebook_node(self, nb, resources=None, **kw):
        """Render the template and return its text as is.

        HTMLExporter.from_notebook_node would re-serialise the page through
        BeautifulSoup (sorting attributes, adding placeholder alt text); a brief's
        fragments are checked instead (BriefPreprocessor) and the template's output is
        kept byte for byte.
        """
        resources = self._init_resources(resources)
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
        )
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


class BriefPDFExporter(Exporter):
    """A brief as a tagged (PDF/UA-1), bookmarked, A4 PDF, printed by WeasyPrint
    from the same HTML as :class:`BriefHTMLExporter`."""

    export_from_notebook = "Brief PDF"
    output_mimetype = "application/pdf"

    base_url = Unicode(
        "",
        help="Directory or URL that relative image sources (src=) are read from. Links "
        "always keep their relative href, so no absolute path becomes part of the PDF.",
    ).tag(config=True)

    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    def from_notebook_node(self, nb, resources=None, **kw):
        html_exporter = BriefHTMLExporter(parent=self)
        html, resources = html_exporter.from_notebook_node(nb, resources=resources, **kw)
        pdf = html_to_pdf(html, self.base_url or None)
        resources["output_extension"] = self.file_extension
        return pdf, resources


# ------------------------------------------------------------------ in-process helpers

def _as_notebook(nb: Any) -> nbformat.NotebookNode:
    if isinstance(nb, (str, os.PathLike)):
        return nbformat.read(Path(nb), as_version=4)
    if isinstance(nb, nbformat.NotebookNode):
        return nb
    return nbformat.from_dict(nb)


def export_html(nb: nbformat.NotebookNode | dict | str | os.PathLike) -> str:
    """The brief as a self-contained HTML page (a notebook node, dict or .ipynb path)."""
    html, _ = BriefHTMLExporter().from_notebook_node(_as_notebook(nb))
    return html


def export_pdf(nb: nbformat.NotebookNode | dict | str | os.PathLike) -> bytes:
    """The brief as PDF bytes (a notebook node, dict or .ipynb path)."""
    pdf, _ = BriefPDFExporter().from_notebook_node(_as_notebook(nb))
    return pdf


_DATE_META_RE = re.compile(r'<meta\s+name="dcterms\.date"\s+content="(\d{4}-\d{2}-\d{2})"')
_ENV_LOCK = threading.Lock()


@contextlib.contextmanager
def _source_date_epoch(html: str):
    """Pin SOURCE_DATE_EPOCH while WeasyPrint runs.

    Where HarfBuzz-Subset is missing WeasyPrint subsets fonts with fontTools, which
    stamps each embedded font's head.modified with the clock unless SOURCE_DATE_EPOCH
    is set (https://reproducible-builds.org/specs/source-date-epoch/). A value already
    in the environment wins; otherwise the brief's source date, otherwise 0.
    """
    match = _DATE_META_RE.search(html)
    epoch = 0
    if match:
        day = _dt.date.fromisoformat(match.group(1))
        epoch = int(_dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc).timestamp())
    # One render at a time sets and clears the variable, so a thread never sees another's.
    with _ENV_LOCK:
        if "SOURCE_DATE_EPOCH" in os.environ:
            yield
            return
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        try:
            yield
        finally:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


_SRC_RE = re.compile(r'(\ssrc\s*=\s*")([^"]*)(")', re.I)
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _base_uri(base_url: str) -> str:
    """A base URL as WeasyPrint would read it: a directory path gets a trailing slash."""
    if _SCHEME_RE.match(base_url) and not re.match(r"^[A-Za-z]:[\\/]", base_url):
        return base_url
    path = Path(base_url).resolve()
    return path.as_uri() + ("/" if path.is_dir() else "")


def _resolve_sources(html: str, base_url: str) -> str:
    """Make relative src="..." URLs absolute, and leave every link (href) as written."""
    from html import escape, unescape
    from urllib.parse import urljoin

    base = _base_uri(base_url)

    def absolute(match: re.Match) -> str:
        url = unescape(match.group(2)).strip()
        if not url or url.startswith("#") or _SCHEME_RE.match(url):
            return match.group(0)
        return match.group(1) + escape(urljoin(base, url)) + match.group(3)

    return _SRC_RE.sub(absolute, html)


# A link to a sibling brief ("goal-5.html", "overview.html#x") points at its PDF in a PDF.
_SIBLING_HTML_LINK = re.compile(r'href="([^"/:#]+)\.html(#[^"]*)?"')


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Print a brief's HTML to a reproducible, tagged PDF/UA-1 with WeasyPrint.

    Title, author, subject, keywords and language come from the HTML's <title>,
    <meta name=author|description|keywords> and <html lang>. No date is written
    (WeasyPrint writes none unless the HTML has dcterms.created/modified), and the
    /ID is a hash of the content, so the same HTML always gives the same bytes.
    ``base_url`` (a directory path or a URL) only locates relative images
    (``src=``); links keep the relative ``href`` they have in the HTML, so the PDF holds
    no path of the machine that built it and its links work next to the HTML site.
    Only ``data:`` URLs, and ``file:`` URLs when a base_url is given, are fetched:
    a brief never reaches the network.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = _SIBLING_HTML_LINK.sub(r'href="\1.pdf\2"', html)

    protocols = {"data"}
    if base_url:
        html = _resolve_sources(html, str(base_url))
        protocols.add("file")
    fetcher = URLFetcher(allowed_protocols=protocols)
    with _source_date_epoch(html):
        document = HTML(string=html, base_url=None, url_fetcher=fetcher)
        return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=True,
                                  stylesheets=[_pdf_fonts_css()], font_config=fonts.weasyprint_fonts())


@functools.lru_cache(maxsize=1)
def _pdf_fonts_css():
    """The PDF-only stylesheet: templates/brief/pdf.css (running header, bookmarks), and the
    bundled fonts (fonts.py; the charts' fonts too) instead of whatever the machine has
    installed, so every machine prints the same bytes."""
    from weasyprint import CSS

    families = f":root {{ --sans: {fonts.SANS} !important; --serif: {fonts.SERIF} !important; }}"
    paged = (Path(__file__).parent / "templates" / "brief" / "pdf.css").read_text(encoding="utf-8")
    return CSS(string="\n".join([families, paged]))
