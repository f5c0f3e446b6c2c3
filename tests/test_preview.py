"""A draft seen as briefs before it is confirmed (`briefs build --drafts`, build/preview.py): into
preview/, never build/, every page and PDF marked DRAFT and every unconfirmed item marked; and the
normal build's refusal names every draft a brief rests on, and only those."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pdfplumber
import pytest

from migration_briefs.briefs.overview import overview_brief
from migration_briefs.errors import UnconfirmedDraftError
from migration_briefs.model.draft_marks import PREVIEW_VARIABLE
from migration_briefs.model.loader import load
from migration_briefs.pipeline.preview import build_drafts
from migration_briefs.pipeline.run import Filters, build
from migration_briefs.sources.review import ContributionFile

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@pytest.fixture
def project(drafted_paper, tmp_path) -> Path:
    """The drafted IOM paper with its meeting block confirmed: what is left are the items' drafts."""
    root = tmp_path / "project"
    shutil.copytree(drafted_paper, root)
    (root / "notebooks").symlink_to(NOTEBOOKS)
    contribution = ContributionFile.open(root / "data" / "contributions" / "iom" / "2017.yaml", root)
    with contribution.change():
        contribution.set_meeting("organizer", "Population Division, UN DESA")
        contribution.set_meeting("place", "New York")
        contribution.confirm_meeting()
    return root


def _named(message: str) -> set[str]:
    return set(re.findall(r"'([a-z0-9-]+)' \(data/contributions/", message))


def test_the_build_names_every_draft_a_brief_rests_on_and_only_those(project):
    dataset = load(project)
    drafts = {year: {r.item.id for r in dataset.items(year=year, agency="iom") if r.item.draft or r.item.sdg.suggested}
              for year in (2016, 2017)}
    assert drafts[2016] and drafts[2017] and not drafts[2016] & drafts[2017]
    messages: list[str] = []
    report = build(Filters(agency="iom"), root=project, log=messages.append, formats=("html",))
    assert not report.built and len(report.failed) == len(messages)
    by_brief = {m.split(" failed ", 1)[0]: m for m in messages}
    assert _named(by_brief["iom/2016/overview"]) == drafts[2016]
    assert _named(by_brief["iom/2017/overview"]) == drafts[2017], "a brief names the drafts it rests on, no other"
    assert all("\n" not in m and m.endswith("then build again.") for m in messages)
    assert not (project / "build" / "iom").exists()
    # the library refuses the same, naming the same drafts
    with pytest.raises(UnconfirmedDraftError) as caught:
        overview_brief(2017, "iom", dataset)
    assert _named(str(caught.value)) == drafts[2017]


def test_a_draft_is_seen_as_briefs_in_preview_marked_draft_on_every_page(project):
    report = build_drafts(Filters(agency="iom", year=2017), root=project, jobs=1)
    assert report.built == ["iom/2017/overview"] and not report.failed
    assert PREVIEW_VARIABLE not in os.environ
    preview = project / "preview"
    html = (preview / "iom" / "2017" / "overview.html").read_text(encoding="utf-8")
    assert "<title>DRAFT: " in html and '<p class="brief-draft" role="note">DRAFT: built from a draft' in html
    dataset = load(project)
    drafts = [r for r in dataset.items(year=2017, agency="iom") if r.item.draft]
    assert html.count('<span class="draft-mark">Draft item, not confirmed:</span>') == len(drafts)
    with pdfplumber.open(preview / "iom" / "2017" / "overview.pdf") as pdf:
        assert all("DRAFT" in page.extract_text().splitlines()[0] for page in pdf.pages)
    index = (preview / "index.html").read_text(encoding="utf-8")
    assert "<title>DRAFT: " in index and "Not for publication" in index
    # nothing of it reaches build/: not a page, not the index, not the manifest
    assert not (project / "build").exists()
    # and the normal build still refuses the brief
    refused = build(Filters(agency="iom", year=2017), root=project, log=lambda m: None)
    assert refused.failed and not refused.built
