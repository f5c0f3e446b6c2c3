"""The pages around the briefs: build/index.html lists every brief by agency and year, and
build/sources/ holds each source document with its paragraph anchors, which every brief's
source notes link to. Both are plain string HTML: no heavy imports on the no-op path."""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from migration_briefs import paths
from migration_briefs.briefs.fragments import quotation
from migration_briefs.errors import UnsafeFileError
from migration_briefs.files import hash_regular, inside, sha256, write_if_changed
from migration_briefs.sanitise import CONTENT_SECURITY_POLICY

if TYPE_CHECKING:
    from migration_briefs.build.run import Plan
    from migration_briefs.model.params import BriefSpec



def _css() -> str:
    return (paths.TEMPLATES_DIR / "brief" / "brief.css").read_text(encoding="utf-8")


def page(title: str, body: str, description: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<meta name=\"description\" content=\"{escape(description)}\">\n"
            f"<style>\n{_css()}\n</style>\n</head>\n<body>\n"
            f'<header class="brief-header"><h1>{escape(title)}</h1></header>\n'
            f'<main id="main">\n{body}\n</main>\n</body>\n</html>\n')


INTRO = (
    "These briefs turn what UN agencies report to the Coordination Meetings on International Migration "
    "into short documents on gender mainstreaming in migration: an overview of each agency's year, and a "
    "brief for each SDG goal, mechanism and programme country with something of its own to say (the others "
    "are covered in the year's overview, as listed below). Each brief names who prepared it; none is a "
    "publication of the agency whose paper it reads. Every statement links to "
    "the paragraph of the source document it rests on, and every brief offers the tables behind it as CSV.")


def index_html(manifest: dict, briefs: list["BriefSpec"], sources: list[dict]) -> str:
    """Every brief of `briefs` the manifest records as built, by agency and year, in the plan's
    order (overview, goals, mechanisms, countries), with its formats and page count; and the
    source documents."""
    built = manifest.get("briefs", {})
    groups: dict[tuple[str, str], list[str]] = {}
    for spec in briefs:
        if spec.relpath in built:
            groups.setdefault((spec.agency, str(spec.year)), []).append(spec.relpath)
    sources = "".join(f'<li><a href="{escape(s["page"])}">{escape(s["title"])}</a></li>' for s in sources)
    parts = [f"<p>{escape(INTRO)}</p>"]
    if sources:
        parts.append(f'<p>The source documents, with numbered paragraphs:</p><ul class="brief-index">{sources}</ul>')
    if not groups:
        parts.append("<p>No briefs have been built yet. Run <code>make</code>.</p>")
    for (agency, year), relpaths in sorted(groups.items(), key=lambda g: (g[0][0] == "all", g[0][0], g[0][1])):
        label = built[relpaths[0]].get("agency_name") or agency
        anchor = f"{agency}-{year}"
        rows = []
        for relpath in relpaths:
            entry = built[relpath]
            outputs = entry.get("outputs", {})
            html = f'<a href="{escape(relpath)}.html">{escape(entry["title"])}</a>' if "html" in outputs \
                else escape(entry["title"])
            pages = entry.get("pages")
            pdf = (f'<a href="{escape(relpath)}.pdf">PDF</a>' + (f", {pages} page{'s' if pages != 1 else ''}"
                                                                   if pages else "")) if "pdf" in outputs else ""
            also = entry.get("also_covers")
            if isinstance(also, str) and also:
                html += f'<br><span class="index-also">Also covers, with no brief of its own: {escape(also)}</span>'
            rows.append(f'<tr><td>{html}</td><td class="print">{pdf}</td></tr>')
        parts.append(f'<section class="brief-section" aria-labelledby="{anchor}">'
                     f'<h2 id="{anchor}">{escape(label)}, {escape(year)}</h2>'
                     f'<table class="brief-table"><caption>Briefs on {escape(label)}\'s work in {escape(year)}</caption>'
                     f'<thead><tr><th scope="col">Brief</th><th scope="col">Print</th></tr></thead>'
                     f'<tbody>{"".join(rows)}</tbody></table></section>')
    return page("Migration briefs", "\n".join(parts),
                "Briefs on gender mainstreaming in migration built from what agencies report, by agency and year.")


def source_html(source) -> str:
    parts, section = [], None
    for paragraph in source.paragraphs:
        if paragraph.section != section:
            if section is not None:
                parts.append("</section>")
            section = paragraph.section
            parts.append(f'<section class="brief-section" aria-label="{escape(section)}">')
        tag = "h2" if paragraph.kind == "heading" else "p"
        parts.append(f'<{tag} id="{escape(paragraph.id)}" class="source-{escape(paragraph.kind)}">'
                     f'<a class="paragraph-id" href="#{escape(paragraph.id)}">¶&#160;{escape(paragraph.id)}</a> '
                     f"{quotation(paragraph)}</{tag}>")
    parts.append("</section>")
    intro = f'<p class="source-note">{escape(source.origin)}</p>'
    return page(source.title, intro + "\n".join(parts), source.origin)


def _recorded_pages(build_dir: Path, recorded: object) -> dict[str, Path]:
    """The source pages a manifest records, by name under build/, where each is a page of
    build/sources/ (the manifest can be edited: nothing else is ever trusted as a path)."""
    pages = {}
    for name in recorded if isinstance(recorded, dict) else {}:
        path = inside(build_dir, name) if isinstance(name, str) else None
        if path is not None and path.parent == (build_dir / "sources").resolve() and path.suffix == ".html":
            pages[name] = path
    return pages


def _intact(pages: dict[str, Path], recorded: object) -> bool:
    return isinstance(recorded, dict) and len(pages) == len(recorded) and all(
        hash_regular(path) == recorded[name] for name, path in pages.items())


def write_site(root: Path, build_dir: Path, manifest: dict, plan: "Plan") -> None:
    """The index always (it is cheap). The source pages when the data or the library changed,
    or a page is missing or altered: the manifest records their hashes under "sources"."""
    write_if_changed(build_dir / "index.html", index_html(manifest, plan.known(), plan.sources).encode())
    recorded = manifest.get("sources", {})
    before = _recorded_pages(build_dir, recorded.get("pages"))
    if recorded.get("hash") == plan.digest and _intact(before, recorded.get("pages")):
        return
    from migration_briefs.model.loader import load
    dataset = load(root if root != paths.ROOT else None)
    folder = build_dir / "sources"
    if folder.is_symlink():  # its pages would be written wherever it leads
        raise UnsafeFileError(paths.relative_to_root(folder, root), "a symbolic link",
                              hint="remove the link; the build makes the folder")
    pages = {}
    for name, source in dataset.sources.items():
        content = source_html(source).encode()
        write_if_changed(build_dir / paths.source_page(name), content)
        pages[paths.source_page(name)] = sha256(content)
    for name, path in before.items():
        if name not in pages:  # a source the data no longer has
            path.unlink(missing_ok=True)
    (build_dir / "sources" / ".plan-hash").unlink(missing_ok=True)  # the stamp of builds before this record
    manifest["sources"] = {"hash": plan.digest, "pages": pages}
