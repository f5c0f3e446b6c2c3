"""`briefs build --drafts` (`make preview`): the briefs a draft would give, before a person has
confirmed it, built into preview/ (never build/: not in its index, not in its manifest), every
page and PDF marked DRAFT and every unconfirmed item marked as such.

The normal build refuses a brief that rests on a draft; this one builds it, each brief's kernel
told so through PREVIEW_VARIABLE (brief.py sets it from the task, on whatever machine the brief is
made; briefs.base reads it: the brief's draft note, the items' marks).
preview/ has its own manifest, so a second preview rebuilds only what changed, and its own index
and source pages, so that its links lead somewhere; its index says DRAFT too."""
from __future__ import annotations

from html import escape
from pathlib import Path

from migration_briefs.files import read_regular, write_atomic
from migration_briefs.paths import Project

PREVIEW_DIR = "preview"
BANNER = ("DRAFT: briefs built from contribution files no person has confirmed yet (`briefs build --drafts`). "
          "Not for publication: confirm the drafts (make review), then build with make.")


def preview_dir(project: Project) -> Path:
    return project.root / PREVIEW_DIR


def build_drafts(filters=None, root: Path | Project | None = None, **options):
    """Build into preview/ the briefs the data gives, drafts included; the build's Report."""
    from migration_briefs.pipeline.run import build
    project = Project.at(root)
    folder = preview_dir(project)
    report = build(filters, root=project, build_dir=folder, drafts=True, **options)
    mark_index(folder)
    return report


def mark_index(folder: Path) -> None:
    """Say DRAFT at the top of preview/index.html, in its title and first heading."""
    index = folder / "index.html"
    try:
        text = read_regular(index, 64 * 2**20).decode("utf-8")
    except (OSError, ValueError):
        return
    if BANNER in text:
        return
    text = text.replace("<title>", "<title>DRAFT: ", 1)
    text = text.replace('<main id="main">\n', f'<main id="main">\n<p class="brief-draft" role="note">'
                        f"{escape(BANNER)}</p>\n", 1)
    write_atomic(index, text.encode("utf-8"))
