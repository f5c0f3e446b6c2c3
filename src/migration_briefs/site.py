"""The pages around the briefs: build/index.html lists every brief by agency and year, and
build/sources/ holds each source document with its paragraph anchors, which every brief's
source notes link to. Both are plain string HTML: no heavy imports on the no-op path."""
from __future__ import annotations

from html import escape
from pathlib import Path

from . import paths
from .files import write_if_changed
from .params import BriefSpec

KIND_ORDER = {"overview": 0, "goal": 1, "mechanism": 2}


def _css() -> str:
    return (paths.TEMPLATES_DIR / "brief" / "brief.css").read_text(encoding="utf-8")


def page(title: str, body: str, description: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<meta name=\"description\" content=\"{escape(description)}\">\n"
            f"<style>\n{_css()}\n</style>\n</head>\n<body>\n"
            f'<header class="brief-header"><h1>{escape(title)}</h1></header>\n'
            f'<main id="main">\n{body}\n</main>\n</body>\n</html>\n')


def _sort_key(item):
    relpath, entry = item
    params = entry["parameters"]
    goal = int(params["goal"]) if params.get("goal") else 0
    return (KIND_ORDER[entry["kind"]], goal, params.get("mechanism") or "")


def index_html(manifest: dict) -> str:
    planned = {BriefSpec(**entry).relpath for entry in manifest.get("plan", {}).get("briefs", [])}
    entries = {k: v for k, v in manifest.get("briefs", {}).items() if k in planned}
    groups: dict[tuple[str, str], list] = {}
    for relpath, entry in entries.items():
        agency, year, _ = relpath.split("/")
        groups.setdefault((agency, year), []).append((relpath, entry))
    parts = []
    if not groups:
        parts.append("<p>No briefs have been built yet. Run <code>make</code>.</p>")
    for (agency, year), briefs in sorted(groups.items(), key=lambda g: (g[0][0] == "all", g[0][0], g[0][1])):
        label = briefs[0][1].get("agency_name") or agency
        anchor = f"{agency}-{year}"
        parts.append(f'<section class="brief-section" aria-labelledby="{anchor}">'
                     f'<h2 id="{anchor}">{escape(label)}, {escape(year)}</h2><ul class="brief-index">')
        for relpath, entry in sorted(briefs, key=_sort_key):
            links = [f'<a href="{escape(relpath)}.{fmt}">{fmt.upper()}</a>'
                     for fmt in ("html", "pdf") if fmt in entry["outputs"]]
            parts.append(f"<li>{escape(entry['title'])} ({', '.join(links)})</li>")
        parts.append("</ul></section>")
    return page("Migration briefs", "\n".join(parts),
                "Every brief on gender mainstreaming in migration built from the data, by agency and year.")


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
                     f"{escape(paragraph.text)}</{tag}>")
    parts.append("</section>")
    intro = f'<p class="source-note">{escape(source.origin)}</p>'
    return page(source.title, intro + "\n".join(parts), source.origin)


def write_site(root: Path, build_dir: Path, manifest: dict, plan_digest: str) -> None:
    """The index always (it is cheap); the source pages when the data or the library changed."""
    write_if_changed(build_dir / "index.html", index_html(manifest).encode())
    stamp = build_dir / "sources" / ".plan-hash"
    if stamp.is_file() and stamp.read_text() == plan_digest:
        return
    from .loader import load
    dataset = load(root if root != paths.ROOT else None)
    for name, source in dataset.sources.items():
        write_if_changed(build_dir / paths.source_page(name), source_html(source).encode())
    write_if_changed(stamp, plan_digest.encode())
