"""The one HTML sanitiser: every fragment that reaches a brief from a notebook cell (markdown,
``display(Markdown(...))``, ``display(HTML(...))``, the library's own fragments, and so any text
from the data) passes through an allow-list, parsed as browsers parse it (nh3, the Python
binding of ammonia, which parses with html5ever: entities, raw-text elements such as
<noscript> and <textarea>, and foreign content such as <svg> read as Chromium reads them).

What the allow-list does not hold is handled by kind (docs/notebooks.md states the rule):
* refused, failing the brief with the cell (the brief would say or do something else): an
  element outside the list (script, style, base, meta, form, link, iframe, object, svg, ...),
  a link or image whose address, once normalised as browsers do, has a scheme other than http,
  https, mailto (links) or a data: image, an image from the network, an image whose data is not
  the type it claims or does not decode (images.py), an <h1>, an image without alt text, elements
  nested deeper than MAX_NESTING, a class or id the page's template keeps for itself
  (TEMPLATE_CLASSES, TEMPLATE_IDS), and a table longer than MAX_TABLE_ROWS;
* removed with a warning (the brief says the same): attributes outside the list, such as event
  handlers (on...) and style=.
"""
from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from migration_briefs.images import data_uri_problem

ALLOWED_TAGS = frozenset({
    "a", "abbr", "article", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
    "wbr"})
_GLOBAL = {"class", "id", "lang", "dir", "title", "role", "aria-label", "aria-labelledby", "aria-describedby",
           "aria-hidden"}
ALLOWED_ATTRIBUTES = {
    "*": _GLOBAL, "a": {"href"}, "img": {"src", "alt", "width", "height"}, "time": {"datetime"},
    "th": {"scope", "colspan", "rowspan", "headers"}, "td": {"colspan", "rowspan", "headers"},
    "ol": {"start", "reversed", "type"}, "col": {"span"}, "colgroup": {"span"}}
# Every other element a fragment may hold, so that the first pass sees it (and can name it)
# instead of dropping it unseen; their contents are kept in that pass to be parsed as browsers do.
_OTHER_TAGS = frozenset({
    "script", "style", "base", "meta", "form", "link", "iframe", "object", "embed", "frame", "frameset",
    "noscript", "template", "textarea", "input", "button", "select", "option", "optgroup", "label", "fieldset",
    "legend", "svg", "math", "canvas", "audio", "video", "source", "track", "picture", "map", "area",
    "applet", "title", "head", "body", "html", "h1", "details", "summary", "dialog", "marquee", "blink",
    "font", "center", "big", "tt", "strike", "nav", "aside", "header", "footer", "main", "address", "output",
    "progress", "meter", "slot", "portal", "xmp", "plaintext", "listing", "noembed", "noframes", "param",
    "image", "use", "animate", "set", "foreignobject", "desc", "bdo", "bdi", "ruby", "rt", "rp", "data", "hgroup",
    "search", "menu", "dir"})
_SEEN_SCHEMES = {"http", "https", "mailto", "data", "javascript", "vbscript", "file", "ftp", "blob", "about",
                 "tel", "ws", "wss", "chrome", "view-source", "filesystem", "jar", "ms-its", "mhtml", "res"}
LINK_SCHEMES = ("http", "https", "mailto")
IMAGE_DATA = re.compile(r"data:image/(png|jpeg|gif|webp)[;,]", re.IGNORECASE)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Every page the project writes carries this policy, a second line of defence behind the
# sanitiser: no script of any kind, no plugin, no form, no <base>; styles only inline (the pages
# carry their own), images only from the site or as data: URIs. Written into pages as it is
# (it holds no character that needs escaping in a double-quoted attribute).
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'none'; object-src 'none'; style-src 'unsafe-inline'; "
                           "img-src 'self' data:; base-uri 'none'; form-action 'none'")


def policy_with_script(script: str) -> str:
    """The policy with one inline script allowed, by the SHA-256 of its exact text (CSP level 2
    hash source), for the one page that has a script, the index: never 'unsafe-inline', which
    would let in any script a page came to hold."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return CONTENT_SECURITY_POLICY.replace("script-src 'none'", f"script-src 'sha256-{digest}'")


# A brief table longer than this is data to attach, not to print (docs/notebooks.md).
MAX_TABLE_ROWS = 200
# The classes and ids the page's template keeps for itself (templates/brief/index.html.j2 and
# brief.css): text in them shows in one format only (the other format's link, the colophon), is
# hidden on screen (visually-hidden), or sets the PDF's running header (brief-publisher); the
# skip link leads to #content. A fragment using one would make the HTML and the PDF say different
# things, or take over the page's own parts: refused. tests/test_hostile_html.py checks that the
# template uses no class or id outside these.
TEMPLATE_CLASSES = frozenset({
    "brief", "brief-masthead", "brief-kicker", "brief-publisher", "brief-kind", "brief-year", "brief-subtitle",
    "brief-prepared", "brief-source", "brief-data", "brief-facts", "brief-fact-wide", "brief-footer",
    "brief-disclaimer", "brief-about", "brief-draft", "format-html", "format-pdf", "skip-link",
    "visually-hidden"})
TEMPLATE_CLASS_PREFIXES = ("brief-kind-",)  # the body's class for each kind of brief
TEMPLATE_IDS = frozenset({"brief-title", "content"})


_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def literal(value: object) -> str:
    """`value` (a name or title from the data) as Markdown text that shows exactly its words:
    every ASCII punctuation mark backslash-escaped, as CommonMark allows for any of them, so no
    link, emphasis, code, raw HTML, entity or bare address can start in it; every line break a
    space, so it starts no heading or list. The one helper through which notebooks put data into
    `display(Markdown(f"..."))`: `f"The {literal(brief.mechanism.name)} ..."`."""
    return _ASCII_PUNCTUATION.sub(lambda mark: "\\" + mark.group(), " ".join(str(value).split()))


def normalised_url(value: str) -> str:
    """A URL as browsers read it before looking at its scheme (WHATWG URL): without leading and
    trailing spaces and control characters, and without any tab or line break inside."""
    return re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11"
                                                 "\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")


def url_problem(tag: str, attribute: str, value: str) -> str | None:
    """Why an address may not stand in a brief, or None. Links: http, https, mailto, a relative
    path or a #fragment. Images: from the build (a relative path) or a data: image."""
    url = normalised_url(value)
    scheme = _SCHEME.match(url)
    if tag == "img" and attribute == "src":
        if IMAGE_DATA.match(url):
            return None
        if scheme or url.startswith(("//", "/", "\\")):
            return f"an image from {url[:40]!r} (images come from the build or as data: URIs)"
        return None
    if url == "#harmful-link":
        return "a link mistune refused as harmful (javascript: or similar)"
    if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
        return f"a {attribute} with the scheme {scheme.group(1).lower()!r}"
    return None


@dataclass
class Sanitised:
    html: str
    refused: list[str] = field(default_factory=list)  # each fails the brief
    removed: list[str] = field(default_factory=list)  # each is a warning


# Elements nested deeper than this in one fragment are refused: the library's own pieces nest
# about ten deep, and WeasyPrint's layout recurses per level (it fails from about 140).
MAX_NESTING = 64
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})


class _Elements(HTMLParser):
    """Start tags of html that nh3 has serialised (so parsed as a browser would, every element
    closed), and how deep they nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.rows = 0
        self.depth = self.deepest = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.rows += tag == "tr"
        if tag not in _VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag not in _VOID:
            self.depth -= 1


def _allowed(tag: str, attribute: str) -> bool:
    return attribute in ALLOWED_ATTRIBUTES["*"] or attribute in ALLOWED_ATTRIBUTES.get(tag, ())


def _strict_filter(tag: str, attribute: str, value: str) -> str | None:
    return None if attribute in ("href", "src") and url_problem(tag, attribute, value) else value


def _template_own(attribute: str, value: str) -> str | None:
    """Why a class or id may not stand in a fragment (TEMPLATE_CLASSES, TEMPLATE_IDS), or None."""
    if attribute == "id":
        taken = value.strip() if value.strip() in TEMPLATE_IDS else None
    else:
        taken = next((name for name in value.split()
                      if name in TEMPLATE_CLASSES or name.startswith(TEMPLATE_CLASS_PREFIXES)), None)
    if taken is None:
        return None
    return (f"the {attribute} {taken!r}, which the page's template keeps for itself (it would make the HTML "
            "and the PDF say different things)")


def sanitise(html: str) -> Sanitised:
    """The fragment as a brief may hold it, and what was refused or removed (deduplicated)."""
    import nh3  # here, not at the top: the site's pages use this module's policy on the no-op path
    refused: dict[str, None] = {}
    removed: dict[str, None] = {}

    def seen(tag: str, attribute: str, value: str) -> str:
        if not _allowed(tag, attribute) or tag not in ALLOWED_TAGS:
            if tag in ALLOWED_TAGS:
                kind = "an event handler" if attribute.startswith("on") else "the attribute"
                removed[f"{kind} {attribute}= on <{tag}>"] = None
        elif attribute in ("href", "src") and (problem := url_problem(tag, attribute, value)):
            refused[problem] = None
        elif tag == "img" and attribute == "src" and IMAGE_DATA.match(url := normalised_url(value)):
            if problem := data_uri_problem(url):  # decoded once, here: what the PDF would print
                refused[problem] = None
        elif attribute in ("class", "id") and (problem := _template_own(attribute, value)):
            refused[problem] = None
        return value

    # First pass: every element and attribute kept, so that what the allow-list lacks is named.
    everything = nh3.clean(html, tags=set(ALLOWED_TAGS | _OTHER_TAGS), clean_content_tags=set(),
                           attributes={}, generic_attribute_prefixes={""}, attribute_filter=seen,
                           url_schemes=_SEEN_SCHEMES, link_rel=None, strip_comments=True)
    elements = _Elements()
    elements.feed(everything)
    elements.close()
    for tag, attributes in elements.tags:
        if tag == "h1":
            refused["an <h1> (the brief title is the page's only h1; use h2 or h3)"] = None
        elif tag not in ALLOWED_TAGS:
            refused[f"a <{tag}> (briefs hold text, tables, lists, links and images only)"] = None
        elif tag == "img" and not str(attributes.get("alt") or "").strip():
            refused["an <img> without alt text"] = None
    if elements.deepest > MAX_NESTING:
        refused[f"elements nested {elements.deepest} deep (a brief prints at most {MAX_NESTING}: flatten the "
                "output)"] = None
    if elements.rows > MAX_TABLE_ROWS + 1:  # the header row, then the data
        refused[f"a table of more than {MAX_TABLE_ROWS} rows (a brief table holds at most {MAX_TABLE_ROWS}: "
                "summarise it, or attach the full table as CSV)"] = None
    clean = nh3.clean(html, tags=set(ALLOWED_TAGS), clean_content_tags={"script", "style"},
                      attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()}, attribute_filter=_strict_filter,
                      url_schemes={"http", "https", "mailto", "data"}, link_rel=None, strip_comments=True)
    return Sanitised(clean, list(refused), list(removed))
