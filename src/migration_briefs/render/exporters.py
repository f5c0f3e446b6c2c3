"""Turn an executed brief notebook into a self-contained HTML page and a tagged PDF.

The notebook is the document: `cells.read_cells` decides what readers see of each cell
(markdown, tables, figures; tags and ``#|`` options; no code, prompts, stream output or
tracebacks) and `cells.assemble` makes the brief's body, one ``<section>`` per ``##``
heading. Exactly one output carries the brief's metadata (its title block and the tables
behind it) under ``application/vnd.migration-briefs.meta+json``. The page around the body
(masthead, "Data behind this brief", typography) comes from ``templates/brief/``
(``index.html.j2`` + ``brief.css``, inlined). An error output, a figure without alt text or a
parameter the notebook does not declare stops the export with :class:`BriefRenderError`,
naming the cell and the fix.

Output is reproducible: identical notebooks give byte-identical HTML and PDF (no clock,
no absolute path, no random id; the PDF's /ID is a hash of its content).

CSS classes the library's fragments can use are styled in ``brief.css`` (its header lists
them). Fragments must not contain an ``<h1>`` (the title is the page's only h1), a
``<script>``, an ``<img>`` without ``alt``, or a character the bundled fonts cannot print
(``fonts.py``; markdown and the metadata neither): export refuses them.

Entry points (pyproject.toml, ``nbconvert.exporters``): ``brief_html`` and ``brief_pdf``, so
``jupyter nbconvert --to brief_pdf notebook.ipynb`` works; both also write the brief's tables
as CSV beside it (``<name>.items.csv``, ``<name>.sdg-links.csv``, ``<name>.events.csv``).

WeasyPrint is imported only when a PDF is made; importing this module costs what
importing nbconvert costs (the exporters subclass its classes).
"""
from __future__ import annotations

import copy
import datetime as _dt
import functools
import json
import os
import re
import threading
from html import unescape
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import nbformat
from nbconvert.exporters import Exporter, HTMLExporter, TemplateExporter
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StrictStr,
    StringConstraints,
    ValidationError,
)
from traitlets import Unicode, default

from migration_briefs import fonts
from migration_briefs.dates import MONTHS
from migration_briefs.errors import BriefsError, errors_as_sentences_in
from migration_briefs.model.cell_options import mark_unevaluated
from migration_briefs.model.params import grid_parameters
from migration_briefs.paths import TEMPLATES_DIR
from migration_briefs.render.cells import META_MIMETYPE, CellError, assemble, injected_names, read_cells
from migration_briefs.sanitise import CONTENT_SECURITY_POLICY

__all__ = [
    "META_MIMETYPE",
    "BriefRenderError",
    "BriefPreprocessor",
    "BriefHTMLExporter",
    "BriefPDFExporter",
    "brief_metadata",
    "export_html",
    "export_pdf",
    "export_brief",
    "html_to_pdf",
    "render_pdf",
    "prepare_rendering",
]

# `jupyter nbconvert --to brief_pdf` loads this module (its exporters' entry points)
errors_as_sentences_in("jupyter-nbconvert")

_DATA_NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_RTL_LANGS = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "yi"})

# The few words the page itself says, in the UN languages the project writes in.
# Any other language falls back to English (the brief's own text is the library's).
_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "policy_brief": "Policy brief",
        "agency": "Agency",
        "year": "Year of the work",
        "source": "Source",
        "data_behind": "Data",
        "data_intro": "The tables this brief is built from, as CSV:",
        "as_pdf": "PDF",
        "as_html": "Web page",
        "date": "Meeting closed",
        "page": "Page",
        "page_of": "of",
        "skip": "Skip to content",
        "contact": "Contact",
    },
    "fr": {
        "policy_brief": "Note d\u2019orientation",
        "agency": "Entit\u00e9",
        "year": "Ann\u00e9e couverte",
        "source": "Source",
        "data_behind": "Donn\u00e9es",
        "data_intro": "Les tableaux dont cette note est tir\u00e9e, en CSV\u00a0:",
        "as_pdf": "PDF",
        "as_html": "Page web",
        "date": "Clôture de la réunion",
        "page": "Page",
        "page_of": "sur",
        "skip": "Aller au contenu",
        "contact": "Contact",
    },
    "es": {
        "policy_brief": "Nota de pol\u00edtica",
        "agency": "Entidad",
        "year": "A\u00f1o del informe",
        "source": "Fuente",
        "data_behind": "Datos",
        "data_intro": "Las tablas de las que se compone esta nota, en CSV:",
        "as_pdf": "PDF",
        "as_html": "P\u00e1gina web",
        "date": "Cierre de la reunión",
        "page": "P\u00e1gina",
        "page_of": "de",
        "skip": "Ir al contenido",
        "contact": "Contacto",
    },
}

_MONTHS = {
    "en": MONTHS,
    "fr": ("janvier", "f\u00e9vrier", "mars", "avril", "mai", "juin", "juillet",
           "ao\u00fbt", "septembre", "octobre", "novembre", "d\u00e9cembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}


class BriefRenderError(BriefsError):
    """A notebook cannot become a brief.

    ``cell_index`` is the 0-based index of the offending cell in ``nb.cells`` (None when
    the problem is the notebook as a whole); ``cell_number`` is the cell's number as
    JupyterLab shows it in the source notebook (counted from 1, without the cell papermill
    injected); ``message`` says what is wrong and ``fix`` what to do.
    """

    def __init__(self, cell_index: int | None, message: str, fix: str = "", cell_number: int | None = None):
        self.cell_index = cell_index
        self.cell_number = cell_number if cell_number is not None else (
            cell_index + 1 if cell_index is not None else None)
        self.message = message
        self.fix = fix
        where = f"cell {self.cell_number}: " if self.cell_number is not None else ""
        super().__init__(f"{where}{message}{f'; {fix}' if fix else ''}", reason=message, hint=fix,
                         where=f"cell {self.cell_number}" if self.cell_number is not None else None)


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


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _keywords(value: Any) -> Any:
    """A list of words, or one comma-separated string of them; blanks dropped."""
    if isinstance(value, str):
        value = value.split(",")
    if isinstance(value, list):
        return [word for word in (_text(v) for v in value) if word]
    return [] if value is None else value


def _web_address(value: str) -> str:
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", value)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise ValueError(f"has a forbidden scheme: {value!r}")
    return value


def _page_address(value: str) -> str:
    """An absolute web address (https) without quotes or spaces, or nothing."""
    if value and not re.fullmatch(r"https://[^\s\"'<>]+", value):
        raise ValueError(f"must be an https:// address, got {value!r}")
    return value


_Text = Annotated[str, BeforeValidator(_text)]
_Needed = Annotated[str, BeforeValidator(_text), StringConstraints(min_length=1)]
_List = BeforeValidator(lambda value: [] if value is None else value)


class DataTable(BaseModel):
    """One table behind the brief, offered as CSV beside it."""

    model_config = ConfigDict(extra="forbid", strict=True)
    name: Annotated[str, StringConstraints(pattern=_DATA_NAME_RE.pattern)]
    csv: str


class BriefMetadata(BaseModel):
    """What the meta output of a brief's notebook may say: the fields of the title block the
    library displays (briefs.base.Brief.title_block). A field it does not know is refused, so a
    misspelt one fails the export instead of vanishing from the page."""

    model_config = ConfigDict(extra="forbid")
    title: _Needed
    lang: Annotated[str, BeforeValidator(_text), StringConstraints(min_length=1, pattern=_LANG_RE.pattern)]
    agency_name: _Needed
    kind: _Text = ""
    subtitle: _Text = ""
    agency: _Text = ""
    year: _Text = ""
    meeting: _Text = ""
    date: _Text = ""
    publisher: _Text = ""
    publisher_unit: _Text = ""
    publisher_contact: _Text = ""
    publisher_about: _Text = ""
    prepared_by: _Text = ""
    prepared_from: _Text = ""
    disclaimer: _Text = ""
    paper_disclaimer: _Text = ""
    paper_disclaimer_href: _Text = ""
    paper_disclaimer_ref: _Text = ""
    subject: _Text = ""
    description: _Text = ""
    document_title: _Text = ""  # the page's <title> and the PDF's Title, where it says more than `title`
    # the brief's own page in the web edition: the PDF's relative links lead there
    web_address: Annotated[str, BeforeValidator(_text), AfterValidator(_page_address)] = ""
    also_covers: _Text = ""
    source_href: Annotated[str, BeforeValidator(_text), AfterValidator(_web_address)] = ""
    # the masthead's link to the note on how to read the briefs, where the note is on another page
    reading_label: _Text = ""
    reading_href: Annotated[str, BeforeValidator(_text), AfterValidator(_web_address)] = ""
    keywords: Annotated[list[str], BeforeValidator(_keywords)] = []
    # a list, not a mapping: notebooks are saved with sorted keys, and the tables keep their order
    data: Annotated[list[DataTable], _List] = []
    links: Annotated[list[StrictStr], _List] = []
    meetings: Annotated[list[StrictStr], _List] = []  # the meetings' short names, for the index's filter
    draft: _Text = ""  # built from a draft (`briefs build --drafts`): what is unconfirmed; every page says DRAFT


# What each field that is more than text must be, for the one sentence an error gets.
_EXPECTED = {
    "lang": "a language tag such as 'en' or 'fr-CA'",
    "data": "a list of tables, each a 'name' (lower-case words) and its 'csv' text",
    "keywords": "a list of strings",
    "links": "a list of web addresses",
}


def _metadata_error(exc: ValidationError, cell_index: int | None) -> BriefRenderError:
    """One sentence for what is wrong with the metadata: the fields it lacks, or its first fault."""
    errors = exc.errors()
    if errors[0]["type"] == "model_type":
        return BriefRenderError(cell_index, f"{META_MIMETYPE} output must be a JSON object")
    lacking = [str(e["loc"][0]) for e in errors if e["type"] in ("missing", "too_short", "string_too_short")]
    if lacking:
        return BriefRenderError(cell_index, f"brief metadata lacks {', '.join(lacking)}",
                                "display the brief's title block (brief.title_block())")
    error = errors[0]
    field = str(error["loc"][0])
    if error["type"] == "extra_forbidden" and len(error["loc"]) == 1:
        return BriefRenderError(cell_index, f"brief metadata has an unknown field {field!r}",
                                f"use the fields of BriefMetadata: {', '.join(BriefMetadata.model_fields)}")
    if field in _EXPECTED:
        return BriefRenderError(cell_index, f"brief metadata {field!r} must be {_EXPECTED[field]}")
    return BriefRenderError(cell_index, f"brief metadata {field!r} {error['msg'].removeprefix('Value error, ')}")


def brief_metadata(raw: Any, cell_index: int | None = None) -> dict[str, Any]:
    """Check the meta output's JSON (BriefMetadata) and return what the template needs.

    The result holds the fields the output gave, as text (``keywords``, ``data`` and ``links``
    as lists, always there), plus ``labels`` (the page's own words in the brief's language),
    ``dir`` ("ltr"/"rtl"), ``kind_slug``, ``kind_label``, ``date_iso`` and ``date_display``.
    Raises BriefRenderError when a field is missing, unknown or malformed.
    """
    if isinstance(raw, (str, bytes)):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise BriefRenderError(cell_index, f"{META_MIMETYPE} output is not valid JSON: {exc}") from None
    try:
        checked = BriefMetadata.model_validate(raw)
    except ValidationError as exc:
        raise _metadata_error(exc, cell_index) from None
    lists = ("keywords", "data", "links", "meetings")
    meta: dict[str, Any] = {key: value for key, value in checked.model_dump().items()
                            if key in checked.model_fields_set or key in lists}
    for key, value in [*meta.items(), *(("keywords", k) for k in meta["keywords"])]:
        if isinstance(value, str) and (unprintable := fonts.uncovered(value)):
            raise BriefRenderError(cell_index, f"brief metadata {key!r} {fonts.unprintable_message(unprintable)}",
                                   fonts.UNPRINTABLE_HINT)

    lang = meta["lang"]
    primary = lang.split("-")[0].lower()
    meta["labels"] = dict(_LABELS.get(primary, _LABELS["en"]))
    meta["dir"] = "rtl" if primary in _RTL_LANGS else "ltr"
    meta["kind_slug"] = re.sub(r"[^a-z0-9]+", "-", meta.get("kind", "").lower()).strip("-") or "brief"
    meta["kind_label"] = meta["labels"]["policy_brief"]

    meta["date_iso"], meta["date_display"] = (
        _format_date(meta["date"], primary) if meta.get("date") else (None, "")
    )
    return meta


# ----------------------------------------------------------------------- preprocessor

def source_cell_number(cells: list, index: int) -> int:
    """A cell's number as JupyterLab shows it in the source notebook: counted from 1,
    without the cell papermill injected."""
    injected = any("injected-parameters" in c.get("metadata", {}).get("tags", []) for c in cells[:index])
    return index + 1 - int(injected)


class BriefPreprocessor(Preprocessor):
    """Reduce an executed notebook to what readers see (see migration_briefs.render.cells) and collect
    the brief's metadata into ``resources["brief"]`` and ``nb.metadata["migration_briefs_meta"]``.

    Raises :class:`BriefRenderError` for an error output, a figure without alt text, HTML a
    brief must not hold, a parameter papermill injected that the notebook does not declare,
    or a notebook with no title block or nothing to show."""

    def preprocess(self, nb, resources):
        cells = nb.cells
        try:
            self._check_parameters(nb)
            reading = read_cells(cells)
        except CellError as exc:
            number = source_cell_number(cells, exc.cell) if exc.cell is not None else None
            raise BriefRenderError(exc.cell, exc.message, exc.fix, number) from None
        for block in reading.blocks:  # the notebook's own words: markdown, and outputs
            text = unescape(re.sub(r"<[^>]*>", " ", block.html))
            if unprintable := fonts.uncovered(text):
                raise BriefRenderError(block.cell, f"the cell {fonts.unprintable_message(unprintable)}",
                                       fonts.UNPRINTABLE_HINT, source_cell_number(cells, block.cell))
        if reading.meta is None:
            raise BriefRenderError(None, f"no output carries {META_MIMETYPE}, so the brief has no title",
                                   "display the brief's title block (brief.title_block()) in a cell")
        meta = brief_metadata(reading.meta, reading.meta_cell)
        body = assemble(reading.blocks)
        if not body.strip():
            raise BriefRenderError(None, "no cell shows anything: the brief would be empty")
        meta["body"] = body
        meta["csp"] = CONTENT_SECURITY_POLICY
        meta["warnings"] = [f"cell {source_cell_number(cells, cell)}: {warning}" for cell, warning in reading.warnings]
        derived = ("labels", "dir", "kind_slug", "kind_label", "date_iso", "date_display", "body", "data", "warnings", "csp")
        nb.metadata["migration_briefs_meta"] = {k: v for k, v in meta.items() if k not in derived}
        resources["brief"] = meta
        return nb, resources

    @staticmethod
    def _check_parameters(nb) -> None:
        grid = (nb.metadata.get("migration_briefs") or {}).get("grid")
        if not isinstance(grid, list):
            return
        declared = grid_parameters(grid)
        for index, cell in enumerate(nb.cells):
            if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                unknown = [name for name in injected_names(cell) if name not in declared]
                if unknown:
                    raise CellError(index, f"parameter {unknown[0]!r} is not a parameter of this notebook "
                                    f"(it takes {', '.join(declared)})", "drop it from the command line")


# -------------------------------------------------------------------------- exporters

def _table_label(name: str) -> str:
    """'sdg-links' -> 'SDG links': a CSV table's name as readers see it."""
    return " ".join(word.upper() if word in ("sdg", "csv", "id") else word for word in name.split("-"))


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
    """A brief as one self-contained HTML page (template ``templates/brief``), with the tables
    behind it as CSV files in ``resources["outputs"]`` (nbconvert writes them beside the page)."""

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

    def _init_preprocessors(self):
        super()._init_preprocessors()
        self.register_preprocessor(BriefPreprocessor(parent=self), enabled=True)

    def default_filters(self):
        yield from super().default_filters()
        yield ("css_string", _css_string)
        yield ("url_part", lambda text: quote(str(text), safe=""))
        yield ("table_label", _table_label)

    def from_notebook_node(self, nb, resources=None, **kw):
        """Render the template and return its text as is.

        HTMLExporter.from_notebook_node would re-serialise the page through
        BeautifulSoup (sorting attributes, adding placeholder alt text); a brief's
        fragments are checked instead (BriefPreprocessor) and the template's output is
        kept byte for byte.
        """
        resources = self._init_resources(resources)
        if not resources["metadata"].get("path"):
            # nbconvert's FilesWriter makes the folder of each file beside the page, and a bare
            # `goal-5.ipynb` gives it none ('' is no folder): name the working folder instead
            resources["metadata"]["path"] = "."
        nb = _unevaluated_marked(nb)
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
        )
        try:
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        finally:
            self._nb_metadata.clear()  # nbconvert keeps each notebook's metadata; an exporter is reused
        name = resources.get("metadata", {}).get("name")
        if name:
            outputs = resources.setdefault("outputs", {})
            for table in resources["brief"]["data"]:
                outputs[f"{name}.{table['name']}.csv"] = table["csv"].encode("utf-8")
        return html, resources


def _unevaluated_marked(nb):
    """The notebook with its `#| eval: false` cells tagged skip-execution before any
    preprocessor runs, so that `nbconvert --execute` (nbclient) does not run them either; the
    caller's notebook is left as it was."""
    if not any(c.get("cell_type") == "code" and "#|" in _cell_text(c) for c in nb.cells):
        return nb
    nb = copy.deepcopy(nb)
    mark_unevaluated(nb)
    return nb


def _cell_text(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


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


def export_html(nb: nbformat.NotebookNode | dict | str | os.PathLike, name: str | None = None) -> str:
    """The brief as a self-contained HTML page (a notebook node, dict or .ipynb path). With the
    brief's file `name` (no extension), the page links its PDF and its CSV tables."""
    html, _ = export_brief(nb, name)
    return html


def export_brief(nb: nbformat.NotebookNode | dict | str | os.PathLike, name: str | None = None):
    """(HTML page, resources): resources["outputs"] holds the CSV tables, by file name."""
    resources = {"metadata": {"name": name}} if name else None
    return _html_exporter().from_notebook_node(_as_notebook(nb), resources=resources)


_exporters = threading.local()


def _html_exporter() -> BriefHTMLExporter:
    """This thread's exporter: a new one compiles its templates again (30 ms a brief). One per
    thread, as a cluster's worker builds briefs in several."""
    exporter = getattr(_exporters, "html", None)
    if exporter is None:
        exporter = _exporters.html = BriefHTMLExporter()
    return exporter


def prepare_rendering() -> None:
    """Set up here what the first brief's rendering would: the exporter and its templates, the
    fonts' configuration and the print stylesheets (half a second), for the build workers
    forked from this process to share instead of each doing it."""
    _ = _html_exporter().template
    fonts.weasyprint_fonts()
    fonts.subset_fonts_reproducibly()
    _pdf_fonts_css()
    for name in ("pdf-compact.css", "pdf-back-matter.css"):
        _pdf_css(name)


def export_pdf(nb: nbformat.NotebookNode | dict | str | os.PathLike, name: str | None = None) -> bytes:
    """The brief as PDF bytes (a notebook node, dict or .ipynb path)."""
    pdf, _ = BriefPDFExporter().from_notebook_node(_as_notebook(nb),
                                                   resources={"metadata": {"name": name}} if name else None)
    return pdf


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


# A link to another brief ("goal-5.html", "overview.html#x", or another year's "../2017/overview.html")
# points at its PDF in a PDF; other pages (the source texts, "../../sources/...") have no PDF.
_SIBLING_HTML_LINK = re.compile(r'href="((?:\.\./[^"/:#.]+/)?[^"/:#]+)\.html(#[^"]*)?"')
# The brief's own page in the web edition (the template writes it where data/publisher.yaml sets `web`).
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')
_HREF = re.compile(r'(\shref=")([^"]*)(")')


def standalone_links(html: str, suffix: str) -> str:
    """The brief's HTML with its links as a file of it sent on its own has them (a PDF, `suffix`
    ".pdf"; a Word document, ".docx"). With a web edition, every relative link (to another brief, a
    source text, the index, the tables) becomes an absolute link to the web edition, so it works
    wherever the file goes; without one, a link to another brief leads to that brief's file of the
    same kind beside this one."""
    from html import escape
    from urllib.parse import urljoin

    canonical = _CANONICAL.search(html)
    if not canonical:
        return _SIBLING_HTML_LINK.sub(lambda m: f'href="{m.group(1)}{suffix}{m.group(2) or ""}"', html)
    page = unescape(canonical.group(1))

    def absolute(match: re.Match) -> str:
        href = unescape(match.group(2))
        if not href or href.startswith("#") or _SCHEME_RE.match(href):
            return match.group(0)
        return match.group(1) + escape(urljoin(page, href)) + match.group(3)

    return _HREF.sub(absolute, html)


def render_pdf(html: str, base_url: str | None = None) -> tuple[bytes, int]:
    """Print a brief's HTML to a reproducible, tagged PDF/UA-1 with WeasyPrint; return the PDF
    and its number of pages.

    A brief whose last page would hold fewer than FEW_LINES lines beside its back matter (its
    Sources section and footer) is printed again, tighter (templates/brief/pdf-compact.css). A
    print whose last page holds back matter alone is printed again with the back matter kept with
    the lines before it (templates/brief/pdf-back-matter.css). Of these prints, the one kept ends
    on a page with more than back matter where one does, and has the fewest pages, never more than
    the plain print's; on a tie, the one printed first.

    Title, author, subject, keywords and language come from the HTML's <title>,
    <meta name=author|description|keywords> and <html lang>. No date is written
    (WeasyPrint writes none unless the HTML has dcterms.created/modified), and the
    /ID is a hash of the content, so the same HTML always gives the same bytes.
    ``base_url`` (a directory path or a URL) only locates relative images
    (``src=``); links are those of ``standalone_links``: absolute links to the web edition where the
    page names one, else relative links that work next to the HTML site, so the PDF holds no
    path of the machine that built it.
    Only ``data:`` URLs, and ``file:`` URLs when a base_url is given, are fetched:
    a brief never reaches the network.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = standalone_links(html, ".pdf")

    protocols = {"data"}
    if base_url:
        html = _resolve_sources(html, str(base_url))
        protocols.add("file")
    fetcher = URLFetcher(allowed_protocols=protocols)
    fonts.subset_fonts_reproducibly()

    def printed(*stylesheets):
        return stylesheets, HTML(string=html, base_url=None, url_fetcher=fetcher).render(
            stylesheets=[_pdf_fonts_css(), *stylesheets], pdf_variant="pdf/ua-1",
            font_config=fonts.weasyprint_fonts())

    prints = [printed()]
    plain = prints[0][1]
    if len(plain.pages) > 1 and _lines_of_substance(plain.pages[-1]) < FEW_LINES:
        prints.append(printed(_pdf_css("pdf-compact.css")))
    for stylesheets, document in list(prints):
        # A print redone with its back matter kept is never shorter than the print itself, so it
        # is not made where a print that ends on more than back matter is no longer: that one wins.
        if _only_back_matter_at_end(document) and not any(
                not _only_back_matter_at_end(other) and len(other.pages) <= len(document.pages)
                for _, other in prints):
            prints.append(printed(*stylesheets, _pdf_css("pdf-back-matter.css")))
    document = _best_print([document for _, document in prints])
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=True), len(document.pages)


def _best_print(documents: list):
    """Of a brief's prints no longer than the plain one (the first): the one with the fewest pages
    among those whose last page holds more than back matter, where there are any, else among all;
    on a tie, the one printed first."""
    allowed = [document for document in documents if len(document.pages) <= len(documents[0].pages)]
    return min(allowed, key=lambda document: (_only_back_matter_at_end(document), len(document.pages)))


def _only_back_matter_at_end(document) -> bool:
    """Whether a print of several pages ends on a page of back matter alone (Sources, footer)."""
    return len(document.pages) > 1 and _lines_of_substance(document.pages[-1]) == 0


# A last page with fewer lines than this outside the brief's back matter is a page a reader turns
# to for little: the brief is printed again, tighter, to spare it.
FEW_LINES = 8


def _lines_of_substance(page) -> int:
    """How many lines of a printed page hold text other than the brief's back matter, its Sources
    section and its footer (the running header and page number in its margins aside)."""
    from weasyprint.formatting_structure.boxes import LineBox, MarginBox, TextBox

    def lines(box, back: bool) -> int:
        if isinstance(box, MarginBox):
            return 0
        element = getattr(box, "element", None)
        if element is not None and getattr(box, "element_tag", None):
            back = back or "brief-footer" in (element.get("class") or "").split() \
                or element.get("aria-labelledby") == "sources"
        children = getattr(box, "children", ())
        if isinstance(box, LineBox):
            return int(not back and any(isinstance(c, TextBox) and c.text.strip() for c in _descendants(box)))
        return sum(lines(child, back) for child in children)

    return lines(page._page_box, False)


def _descendants(box):
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """The PDF bytes of `render_pdf`."""
    return render_pdf(html, base_url)[0]


@functools.lru_cache(maxsize=2)
def _pdf_css(name: str):
    """A stylesheet of templates/brief/ that render_pdf adds to a print of a brief:
    pdf-compact.css (tighter) or pdf-back-matter.css (the back matter never starts a page)."""
    from weasyprint import CSS
    return CSS(string=(TEMPLATES_DIR / "brief" / name).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _pdf_fonts_css():
    """The PDF-only stylesheet: templates/brief/pdf.css (running header, bookmarks), and the
    bundled fonts (fonts.py; the charts' fonts too) instead of whatever the machine has
    installed, so every machine prints the same bytes."""
    from weasyprint import CSS

    families = f":root {{ --sans: {fonts.SANS} !important; --serif: {fonts.SERIF} !important; }}"
    paged = (TEMPLATES_DIR / "brief" / "pdf.css").read_text(encoding="utf-8")
    return CSS(string="\n".join([families, paged]))
