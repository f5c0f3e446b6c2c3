"""Every link in build/ resolves: the relative links and images of every HTML page, and the
link annotations of every PDF, lead to files inside build/ and, with a #fragment, to an element
of that id (an HTML page) or a named destination (a PDF). Web addresses (the mechanisms'
official pages) are left to the reader's browser: a build never reaches the network.

`briefs check-links` runs it; tests/test_briefs.py runs it on every built brief."""
from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Targets(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and name == "href" and values.get("rel") == "stylesheet"):
                self.links.append(values[name])

    handle_startendtag = handle_starttag


@lru_cache(maxsize=None)
def _html(path: Path) -> _Targets:
    page = _Targets()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@lru_cache(maxsize=None)
def _pdf_destinations(path: Path) -> frozenset[str]:
    from pypdf import PdfReader
    return frozenset(PdfReader(path).named_destinations)


def _pdf_links(path: Path) -> list[str]:
    from pypdf import PdfReader
    found = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def _problem(build_dir: Path, page: Path, link: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme in ("http", "https", "mailto", "data"):
        return None
    if parts.scheme:
        return f"a link of scheme {parts.scheme!r}"
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
    if not target.is_relative_to(build_dir.resolve()):
        return "leads outside build/"
    if not target.is_file():
        return "leads to a file that does not exist"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in _html(target).ids:
        return f"no element with id {fragment!r} in {target.relative_to(build_dir.resolve()).as_posix()}"
    if fragment and target.suffix == ".pdf" and fragment not in _pdf_destinations(target):
        return f"no destination {fragment!r} in {target.relative_to(build_dir.resolve()).as_posix()}"
    return None


def broken_links(build_dir: Path) -> list[str]:
    """'un-women/2016/goal-8.pdf: overview.pdf#item-x: no destination ...', one line each."""
    _html.cache_clear()
    _pdf_destinations.cache_clear()
    found = []
    for page in sorted(build_dir.rglob("*")):
        if page.suffix not in (".html", ".pdf") or not page.is_file() or re.search(r"/\.", page.as_posix()):
            continue
        links = _html(page).links if page.suffix == ".html" else _pdf_links(page)
        for link in dict.fromkeys(links):
            problem = _problem(build_dir, page, link)
            if problem:
                found.append(f"{page.relative_to(build_dir).as_posix()}: {link}: {problem}")
    return found
