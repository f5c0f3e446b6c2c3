"""The pages around the briefs: build/index.html lists every brief by agency and year, and
build/sources/ holds each source document with its paragraph anchors, which every brief's
source notes link to. Both are plain string HTML: no heavy imports on the no-op path."""
from __future__ import annotations

import os
import re
import stat
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from migration_briefs import paths
from migration_briefs.briefs.fragments import quotation
from migration_briefs.errors import UnsafeFileError
from migration_briefs.files import hash_regular, inside, sha256, write_if_changed
from migration_briefs.model.draft_marks import ALL
from migration_briefs.pipeline.plan import LABELLED
from migration_briefs.sanitise import CONTENT_SECURITY_POLICY, policy_with_script

if TYPE_CHECKING:
    from migration_briefs.model.params import BriefSpec
    from migration_briefs.pipeline.plan import Plan



def _template(name: str) -> str:
    return (paths.TEMPLATES_DIR / "brief" / name).read_text(encoding="utf-8")


def page(title: str, body: str, description: str, policy: str = CONTENT_SECURITY_POLICY, css: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<meta name=\"description\" content=\"{escape(description)}\">\n"
            f"<style>\n{_template('brief.css')}\n{css}</style>\n</head>\n<body>\n"
            f'<header class="brief-header"><h1>{escape(title)}</h1></header>\n'
            f'<main id="main">\n{body}\n</main>\n</body>\n</html>\n')


INTRO = (
    "These briefs turn what UN agencies report to the Coordination Meetings on International Migration "
    "into short documents on gender mainstreaming in migration: an overview of each agency's year, and a "
    "brief for each SDG goal, mechanism and programme country with something of its own to say (the others "
    "are covered in the year's overview, as listed below). Each brief names who prepared it; none is a "
    "publication of the agency whose paper it reads. Every statement links to "
    "the paragraph of the source document it rests on, and every brief offers the tables behind it as CSV.")

# The index's filters, in the order they show: what each filters by (its name in the address too:
# index.html#agency=un-women&year=2016), its label, and what its first option (no filter) reads.
FACETS = (("meeting", "Meeting", "Any meeting"), ("year", "Year of the work", "Any year"),
          ("agency", "Agency", "Any agency"), ("kind", "Kind of brief", "Any kind"), ("goal", "SDG goal", "Any goal"),
          ("mechanism", "Mechanism", "Any mechanism"), ("country", "Programme country", "Any country"))
class _Covered:
    """Reads an overview's "also covers" back into goals, mechanisms and countries: Overview
    writes goals as "Goal 5", the others by the labels the plan records, joined by ", ". A
    country's name may hold a comma ("Korea, Republic of"), so the longest name that fits wins;
    a part that names nothing known is left out."""

    def __init__(self, labels: dict[str, dict[str, str]]):
        self.names = {f"Goal {code}": ("goal", code) for code in labels.get("goal", {})}
        self.names |= {label: (facet, code) for facet in ("mechanism", "country")
                       for code, label in labels.get(facet, {}).items()}
        self.widest = 1 + max((name.count(", ") for name in self.names), default=0)

    def __call__(self, also: str) -> set[tuple[str, str]]:
        parts, found, start = also.split(", "), set(), 0
        while start < len(parts):
            for end in range(min(len(parts), start + self.widest), start, -1):
                if (hit := self.names.get(", ".join(parts[start:end]))) is not None:
                    found.add(hit)
                    start = end
                    break
            else:
                start += 1
        return found


def _slugs(names: list[str]) -> dict[str, str]:
    """A value for each name that an address can hold and a later build gives again ('15th
    Coordination Meeting' -> '15th-coordination-meeting'), unique among them."""
    slugs: dict[str, str] = {}
    for name in names:
        base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "meeting"
        slug, number = base, 2
        while slug in slugs.values():
            slug, number = f"{base}-{number}", number + 1
        slugs[name] = slug
    return slugs


def _natural(text: str) -> list:
    """'9th …' before '15th …'."""
    return [int(part) if part.isdigit() else part for part in re.split(r"([0-9]+)", text)]


def _entry_text(entry: dict, key: str) -> str:
    value = entry.get(key)
    return value if isinstance(value, str) else ""


def _entry_meetings(entry: dict) -> list[str]:
    value = entry.get("meetings")
    return [m for m in value if isinstance(m, str) and m] if isinstance(value, list) else []


def _row(spec: "BriefSpec", entry: dict, facets: list[tuple[str, str]]) -> str:
    relpath = escape(spec.relpath)
    title = escape(_entry_text(entry, "title") or spec.relpath)
    outputs = entry.get("outputs") if isinstance(entry.get("outputs"), dict) else {}
    html = f'<a href="{relpath}.html">{title}</a>' if "html" in outputs else title
    pages = entry.get("pages")
    counted = isinstance(pages, int) and not isinstance(pages, bool) and pages > 0
    others = (f'<a href="{relpath}.pdf">PDF</a>' + (f", {pages} page{'s' if pages != 1 else ''}" if counted else "")
              if "pdf" in outputs else "")
    if "docx" in outputs:  # written on request (`make docx`)
        others += (" · " if others else "") + f'<a href="{relpath}.docx">Word</a>'
    if also := _entry_text(entry, "also_covers"):  # index.js searches it with the title
        html += (f'<br><span class="index-also">Also covers, with no brief of its own: '
                 f'<span class="index-covers">{escape(also)}</span></span>')
    tokens = " ".join(f"{facet}:{value}" for facet, value in facets)
    return f'<tr data-facets="{escape(tokens)}"><td>{html}</td><td class="print">{others}</td></tr>'


def _filters(options: dict[str, list[tuple[str, str]]], total: int) -> str:
    """The form the script makes live (hidden without it), and the live region that counts."""
    fields = []
    for facet, label, every in FACETS:
        listed = "".join(f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in options[facet])
        fields.append(f'<p><label for="filter-{facet}">{label}</label><select id="filter-{facet}" name="{facet}">'
                      f'<option value="">{every}</option>{listed}</select></p>')
    return (f'<form id="index-filters" class="index-filters" role="search" aria-label="Filter the briefs" '
            f'autocomplete="off" hidden>\n<div class="index-facets">{"".join(fields)}</div>\n'
            f'<p class="index-search"><label for="filter-words">Words in a title or in what it also covers</label>'
            f'<input id="filter-words" name="words" type="search"></p>\n'
            f'<div class="index-actions"><button type="reset">Show every brief</button>'
            f'<p id="index-status" class="index-status" role="status">{_shown(total, total)}</p></div>\n</form>')


def _shown(shown: int, total: int) -> str:
    """What the live region says; index.js writes the same words."""
    return f"{shown} of {total} {'brief' if total == 1 else 'briefs'} shown"


def index_html(manifest: dict, briefs: list["BriefSpec"], sources: list[dict],
               labels: dict[str, dict[str, str]] | None = None) -> str:
    """Every brief of `briefs` the manifest records as built, by agency and year, in the plan's
    order (overview, goals, mechanisms, countries), with its formats and page count; and the
    source documents. Above the list, filters by meeting, year, agency, kind, goal, mechanism and
    country and a search of the titles and of what overviews also cover, which index.js makes live
    and keeps in the page's address: without it the form stays hidden and the whole list shows. `labels` name the goals, mechanisms and countries
    (facet_labels); everything read from the manifest is checked and escaped."""
    built = manifest.get("briefs", {})
    labels = labels or {}
    covered = _Covered(labels)
    groups: dict[tuple[str, str], list[tuple["BriefSpec", dict]]] = {}
    for spec in briefs:
        if isinstance(built.get(spec.relpath), dict):
            groups.setdefault((spec.agency, str(spec.year)), []).append((spec, built[spec.relpath]))
    ordered = sorted(groups.items(), key=lambda g: (g[0][0] == ALL, g[0][0], g[0][1]))
    meetings = sorted({m for _, rows in ordered for _, entry in rows for m in _entry_meetings(entry)},
                      key=lambda m: (_natural(m), m))
    meeting_ids = _slugs(meetings)
    options: dict[str, dict[str, str]] = {facet: {} for facet, _, _ in FACETS}
    options["meeting"] = {meeting_ids[m]: m for m in meetings}
    parts = [f"<p>{escape(INTRO)}</p>"]
    sources = "".join(f'<li><a href="{escape(s["page"])}">{escape(s["title"])}</a></li>' for s in sources)
    if sources:
        parts.append(f'<p>The source documents, with numbered paragraphs:</p><ul class="brief-index">{sources}</ul>')
    if not groups:
        parts.append("<p>No briefs have been built yet. Run <code>make</code>.</p>")
    sections = []
    for (agency, year), rows in ordered:
        label = _entry_text(rows[0][1], "agency_name") or agency
        options["agency"].setdefault(agency, label)
        options["year"].setdefault(year, year)
        lines = []
        for spec, entry in rows:
            options["kind"].setdefault(spec.brief, spec.brief.replace("-", " ").capitalize())
            found = {("agency", agency), ("kind", spec.brief), ("year", str(spec.year))}
            found |= {(name, str(value)) for name, value in spec.params if name in LABELLED}
            found |= covered(_entry_text(entry, "also_covers"))
            found |= {("meeting", meeting_ids[m]) for m in _entry_meetings(entry)}
            for facet, value in found:
                if facet in LABELLED:
                    options[facet].setdefault(value, labels.get(facet, {}).get(value, value))
            lines.append(_row(spec, entry, sorted(found)))
        anchor = f"{agency}-{year}"
        # across agencies the label names many ("All agencies"): no possessive of it
        whose = f"the work of all agencies in {escape(year)}" if agency == ALL else f"{escape(label)}'s work in {escape(year)}"
        sections.append(f'<section class="brief-section" aria-labelledby="{anchor}" data-group>'
                        f'<h2 id="{anchor}">{escape(label)}, {escape(year)}</h2>'
                        f'<table class="brief-table index-list"><caption>Briefs on {whose}</caption>'
                        f'<thead><tr><th scope="col">Brief</th><th scope="col">Other formats</th>'
                        f'</tr></thead><tbody>{"".join(lines)}</tbody></table></section>')
    policy = CONTENT_SECURITY_POLICY
    if groups:
        script = _template("index.js")
        policy = policy_with_script(script)
        order = {"goal": lambda item: int(item[0]), "year": lambda item: int(item[0]),
                 "meeting": lambda item: meetings.index(item[1])}
        listed = {facet: sorted(values.items(), key=order.get(facet, lambda item: (item[1], item[0])))
                  for facet, values in options.items()}
        listed["agency"] = list(options["agency"].items())  # the list's own order
        listed["kind"] = list(options["kind"].items())  # the plan's: overview, goals, mechanisms, countries
        parts.append(_filters(listed, sum(len(rows) for rows in groups.values())))
        parts.append(f"<script>{script}</script>")
    parts += sections
    return page("Migration briefs", "\n".join(parts),
                "Briefs on gender mainstreaming in migration built from what agencies report, by agency and year.",
                policy, _template("index.css"))


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


_PAGE = re.compile(r"sources/[A-Za-z0-9_-][A-Za-z0-9._-]*\.html")


def _recorded_pages(build_dir: Path, recorded: object) -> dict[str, Path]:
    """The source pages a manifest records, by name under build/, where each is a page of
    build/sources/ (the manifest can be edited: nothing else is ever trusted as a path)."""
    pages = {}
    folder = inside(build_dir, "sources")
    for name in recorded if isinstance(recorded, dict) and folder is not None else {}:
        if isinstance(name, str) and _PAGE.fullmatch(name) and name != "sources/..html":
            pages[name] = folder / name.removeprefix("sources/")
    return pages


def _intact(pages: dict[str, Path], recorded: dict) -> bool:
    """Whether the pages are those the manifest records: by the status of the files when it is
    the status recorded with their hashes (record.outputs_stat), else by their hashes."""
    hashes = recorded.get("pages")
    if not isinstance(hashes, dict) or len(pages) != len(hashes):
        return False
    if recorded.get("stat") is not None and recorded.get("stat") == _pages_stat(pages):
        return True
    return all(hash_regular(path) == hashes[name] for name, path in pages.items())


def _pages_stat(pages: dict[str, Path]) -> str | None:
    parts = []
    for name, path in sorted(pages.items()):
        try:
            status = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(status.st_mode):
            return None
        parts.append(f"{name} {status.st_size} {status.st_mtime_ns} {status.st_ctime_ns} {status.st_ino} {status.st_dev}")
    return sha256("\n".join(parts).encode())


def write_site(root: Path, build_dir: Path, manifest: dict, plan: "Plan", unchanged: bool = False) -> None:
    """The index, unless nothing it shows changed (`unchanged`: the manifest's briefs and the plan
    are those the last build wrote it from) and it is as that build wrote it. The source pages
    when the data or the library changed, or a page is missing or altered: the manifest records
    their hashes under "sources", and the index's."""
    recorded = manifest.get("sources", {})
    index = build_dir / "index.html"
    written = recorded.get("index")
    if not (unchanged and isinstance(written, str) and hash_regular(index) == written):
        content = index_html(manifest, plan.known(), plan.sources, plan.labels).encode()
        write_if_changed(index, content)
        written = sha256(content)
    before = _recorded_pages(build_dir, recorded.get("pages"))
    if recorded.get("hash") == plan.digest and _intact(before, recorded):
        manifest["sources"] = {**recorded, "index": written, "stat": _pages_stat(before)}
        return
    dataset = plan.loaded
    if dataset is None:
        from migration_briefs.model.loader import load
        dataset = load(root)
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
    manifest["sources"] = {"hash": plan.digest, "pages": pages, "index": written,
                           "stat": _pages_stat({name: build_dir / name for name in pages})}
