"""Length, measured: every built PDF against its page budget, and all of them together.

The budgets (briefs.PAGE_BUDGETS, PAGES_PER_BRIEF) scale with the number of items a brief
covers, so they keep holding as the data grows; the README states them."""
from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from migration_briefs.briefs.base import PAGES_PER_BRIEF, page_budget


def _entries(built):
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    return manifest["briefs"]


@pytest.mark.slow
def test_every_brief_stays_within_its_page_budget(built_briefs):
    over = []
    for relpath, entry in _entries(built_briefs).items():
        pages = len(PdfReader(built_briefs / f"{relpath}.pdf").pages)
        assert pages == entry["pages"], "the manifest records the pages the PDF has"
        items = len((built_briefs / f"{relpath}.items.csv").read_text(encoding="utf-8").splitlines()) - 1
        budget = page_budget(entry["kind"], items, system=relpath.startswith("all/"))
        if pages > budget:
            over.append(f"{relpath}: {pages} pages for {items} items (budget {budget})")
    assert not over, over


@pytest.mark.slow
def test_all_briefs_together_stay_within_the_collections_budget(built_briefs):
    entries = _entries(built_briefs)
    total = sum(entry["pages"] for entry in entries.values())
    assert total <= PAGES_PER_BRIEF * len(entries), f"{total} pages for {len(entries)} briefs"


def test_budgets_scale_with_the_items_a_brief_covers():
    assert page_budget("overview", 25) == 6 and page_budget("goal", 12) == 4
    assert page_budget("overview", 31) == 7 and page_budget("overview", 38) == 7 and page_budget("overview", 39) == 8
    assert page_budget("mechanism", 16) == 5 and page_budget("a-new-kind", 3) == 4


def test_a_brief_across_agencies_has_a_budget_that_does_not_grow_with_its_items():
    assert page_budget("overview", 500, system=True) == 8 and page_budget("goal", 500, system=True) == 4
