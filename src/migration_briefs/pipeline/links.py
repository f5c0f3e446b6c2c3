"""Every link in build/ resolves: the relative links and images of every HTML page, and the
link annotations of every PDF, lead to files inside build/ and, with a #fragment, to an element
of that id (an HTML page) or a named destination (a PDF); a link to the web edition (a PDF's, where
data/publisher.yaml sets `web`) is checked as the file in build/ it stands for. A link that leaves the site (http,
https, mailto, //host) is accepted only where the brief's own template wrote it (the source
document's page, and the official pages from the reference tables that its title block lists,
as the title block in the executed notebook beside the brief records them); any other is reported,
since a notebook cell or the data may have put it there. A build never reaches the network.
Pages are read as untrusted files: regular files only, under a size limit.

`briefs check-links` runs it; tests/test_briefs.py runs it on every built brief."""
from __future__ import annotations

import json
import os
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from migration_briefs.errors import UnsafeFileError
from migration_briefs.files import read_regular
from migration_briefs.render.cells import META_MIMETYPE

PAGE_LIMIT = 64 * 2**20  # far above any page the build writes


class _Targets(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.twice: set[str] = set()  # a link to an id used twice may open the wrong element
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            if values["id"] in self.ids:
                self.twice.add(values["id"])
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and name == "href" and values.get("rel") == "stylesheet"):
                self.links.append(values[name])

    handle_startendtag = handle_starttag


@lru_cache(maxsize=None)
def _html(path: Path) -> _Targets:
    page = _Targets()
    page.feed(read_regular(path, PAGE_LIMIT).decode("utf-8", "replace"))
    page.close()
    return page


def _pdf(path: Path):
    import io

    from pypdf import PdfReader
    return PdfReader(io.BytesIO(read_regular(path, PAGE_LIMIT)))


@lru_cache(maxsize=None)
def _pdf_destinations(path: Path) -> frozenset[str]:
    return frozenset(_pdf(path).named_destinations)


def _pdf_links(path: Path) -> list[str]:
    found = []
    for page in _pdf(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def _title_block(page: Path) -> dict:
    """The title block of the brief `page` is, as the executed notebook beside it records it."""
    try:
        notebook = json.loads(read_regular(page.with_suffix(".ipynb"), PAGE_LIMIT))
        meta = next(output["data"][META_MIMETYPE] for cell in notebook["cells"] for output in cell.get("outputs", [])
                    if META_MIMETYPE in output.get("data", {}))
    except (OSError, UnsafeFileError, ValueError, KeyError, TypeError, AttributeError, StopIteration):
        return {}
    return meta if isinstance(meta, dict) else {}


def _template_links(meta: dict) -> set[str]:
    """The links leaving the site that a brief's template wrote: its source document's page and
    the official pages its title block lists from the reference tables."""
    links = meta.get("links", [])
    written = [meta.get("source_href"), *(links if isinstance(links, list) else [])]
    return {link for link in written if isinstance(link, str) and link}


def _web_root(build_dir: Path, page: Path, meta: dict) -> str:
    """The web edition's address (what build/ is published as), from the brief's own page there,
    or "" where the publisher sets none."""
    address = meta.get("web_address")
    relpath = page.relative_to(build_dir).with_suffix(".html").as_posix()
    if isinstance(address, str) and address.endswith("/" + relpath):
        return address[: -len(relpath)]
    return ""


def _local(build_dir: Path, page: Path, link: str, root: str) -> str:
    """A link to the web edition as the relative link to the file in build/ it stands for."""
    if not root or not link.startswith(root):
        return link
    return os.path.relpath(build_dir / link[len(root):], page.parent).replace(os.sep, "/")


def _problem(build_dir: Path, page: Path, link: str, allowed: set[str]) -> str | None:
    parts = urlsplit(link)
    if parts.scheme == "data":
        return None
    if parts.scheme in ("http", "https", "mailto") or link.startswith("//"):
        return None if link in allowed else "leaves the site, and the brief's template did not write it"
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
    if fragment and target.suffix == ".html" and fragment in _html(target).twice:
        return (f"the id {fragment!r} names several elements in {target.relative_to(build_dir.resolve()).as_posix()}, "
                "so the link may open the wrong one")
    if fragment and target.suffix == ".pdf" and fragment not in _pdf_destinations(target):
        return f"no destination {fragment!r} in {target.relative_to(build_dir.resolve()).as_posix()}"
    return None


def broken_links(build_dir: Path) -> list[str]:
    """'un-women/2016/goal-8.pdf: overview.pdf#item-x: no destination ...', one line each."""
    _html.cache_clear()
    _pdf_destinations.cache_clear()
    found = []
    pages = []
    for folder, subfolders, files in os.walk(build_dir):  # links to folders are not followed
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        pages += [Path(folder) / name for name in files if name.endswith((".html", ".pdf"))
                  and not name.startswith(".")]
    for page in sorted(pages):
        try:
            links = _html(page).links if page.suffix == ".html" else _pdf_links(page)
        except UnsafeFileError as exc:
            found.append(f"{page.relative_to(build_dir).as_posix()}: {exc.reason}")
            continue
        meta = _title_block(page)
        allowed, root = _template_links(meta), _web_root(build_dir, page, meta)
        for link in dict.fromkeys(links):
            problem = _problem(build_dir, page, _local(build_dir, page, link, root), allowed)
            if problem:
                found.append(f"{page.relative_to(build_dir).as_posix()}: {link}: {problem}")
    return found
