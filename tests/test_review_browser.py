"""The review as a person uses it: notebooks/review.ipynb in JupyterLab, in headless Chromium
(Debian's, at /usr/bin/chromium; .ci/run installs it), driven by Playwright: open it, run it,
confirm two items, drop one, accept a suggested target with a reason, all from the keyboard, and
read the file it wrote."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from migration_briefs import paths
from migration_briefs.model.loader import load
from migration_briefs.sources.review import ContributionFile
from tests.jupyterlab_server import CHROMIUM, CHROMIUM_ARGS, free_port, jupyterlab, open_when_up, stop

REASON = "The guidelines protect migrant domestic workers, whom the target's wording names."


@pytest.fixture
def lab(drafted_paper, tmp_path):
    """JupyterLab serving a copy of the drafted project, with the review's parameters set to its
    IOM paper. Yields (address, token, project root)."""
    root = tmp_path / "project"
    shutil.copytree(drafted_paper, root)
    (root / "notebooks").mkdir()
    notebook = json.loads((paths.NOTEBOOKS_DIR / "review.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", []))
    cell["source"] = ['agency = "iom"\n', "meeting = 2017"]
    (root / "notebooks" / "review.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    with jupyterlab(root, tmp_path) as (address, token):
        yield address, token, root


@pytest.mark.slow
def test_a_person_reviews_a_draft_in_jupyterlab(lab):
    assert CHROMIUM.is_file(), "Debian's Chromium is needed: apt-get install chromium (.ci/run installs it)"
    from playwright.sync_api import sync_playwright
    address, token, root = lab
    path = root / "data" / "contributions" / "iom" / "2017.yaml"
    before = ContributionFile.open(path, root)
    drafts = before.draft_ids()
    first, second, third = drafts[:3]
    target = next(i for i in drafts[3:] if (before.item(i).get("sdg") or {}).get("suggested"))
    code = str(before.item(target)["sdg"]["suggested"][0]["code"])

    def shows(text: str) -> None:
        try:
            page.wait_for_function("text => document.querySelector('.mb-review').innerText.includes(text)", arg=text)
            # the next key goes where a person's would: to the review, which keeps the focus
            page.wait_for_function("() => document.activeElement && document.activeElement.closest('.mb-review')")
        except Exception as exc:
            page.screenshot(path=str(root.parent / "failed.png"))
            # what a person would have seen, so that a failure in CI can be read without a rerun
            seen = page.evaluate("() => ({review: document.querySelector('.mb-review').innerText,"
                                 " focus: document.activeElement && document.activeElement.outerHTML.slice(0, 200)})")
            left = len(ContributionFile.open(path, root).draft_ids())
            raise AssertionError(f"waited for {text!r}; the file has {left} draft items; the focus is on "
                                 f"{seen['focus']!r}; the review shows:\n{seen['review'][:1500]}") from exc

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            open_when_up(page, f"{address}/lab/tree/notebooks/review.ipynb?token={token}")
            page.wait_for_selector(".jp-Notebook .jp-Cell")
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()  # the kernel is up
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_text("Run All Cells", exact=True).click()
            try:
                page.wait_for_selector(".mb-review h2, .jp-OutputArea-output [role=alert], .jp-OutputArea-output pre")
            except Exception:
                page.screenshot(path=str(root.parent / "failed.png"))
                raise
            outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
            assert page.locator(".mb-review h2").count() == 1, outputs
            # JupyterLab gives the focus back to the notebook once every cell has run: click after
            page.wait_for_function("() => [...document.querySelectorAll('.jp-InputPrompt')].every(p => !p.innerText.includes('*'))")
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
            page.locator(".mb-review h2").click()  # the focus goes to the review, not to the notebook
            page.wait_for_function("() => document.activeElement && document.activeElement.closest('.mb-review')")
            page.keyboard.press("n")  # past the meeting block, which stays a draft
            shows("item 1 of")
            page.keyboard.press("c")
            shows(f"{len(drafts) - 1} draft items left")
            page.keyboard.press("c")
            shows(f"{len(drafts) - 2} draft items left")
            page.keyboard.press("d")
            shows(f"{len(drafts) - 3} draft items left")
            now = ContributionFile.open(path, root)
            for _ in range(now.ids().index(target) - now.ids().index(drafts[3])):
                page.keyboard.press("n")
            shows(f"item {now.ids().index(target) + 1} of")
            rows = [p.field for p in now.proposals(target)]
            for _ in range(rows.index("suggested")):
                page.keyboard.press("j")
            page.keyboard.press("Enter")
            page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'INPUT'")
            page.keyboard.type(REASON)
            page.keyboard.press("Enter")
            shows("Analyst's target")
            # JupyterLab's notebook shortcuts saw none of the keys (x cuts a cell, d d deletes one)
            assert page.locator(".jp-Notebook .jp-Cell").count() == 3
            page.screenshot(path=str(root.parent / "review.png"))
        finally:
            browser.close()
    after = ContributionFile.open(path, root)
    assert third not in after.ids()
    assert first in after.ids() and second in after.ids()
    assert first not in after.draft_ids() and second not in after.draft_ids()
    [contribution] = load(root).contributions
    item = next(i for i in contribution.items if i.id == target)
    assert [(link.code, link.reason) for link in item.sdg.analyst] == [(code, REASON)]
    assert item.draft  # accepted a target, not confirmed yet


@pytest.mark.slow
def test_the_review_served_by_voila_answers_the_keys(drafted_paper, tmp_path):
    """`make review` serves the notebook with Voilà: the page the address names opens that file, and
    the keys work there as in JupyterLab."""
    assert CHROMIUM.is_file(), "Debian's Chromium is needed: apt-get install chromium (.ci/run installs it)"
    from playwright.sync_api import sync_playwright
    root = tmp_path / "project"
    shutil.copytree(drafted_paper, root)
    before = ContributionFile.open(drafted_paper / "data" / "contributions" / "iom" / "2017.yaml", drafted_paper)
    left = f"{len(before.draft_ids()) - 1} draft items left"  # once the drop is written
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, paths.ROOT_VARIABLE: str(root), "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    server = subprocess.Popen([str(Path(sys.executable).parent / "voila"), str(paths.NOTEBOOKS_DIR / "review.ipynb"),
                               "--no-browser", "--Voila.ip=127.0.0.1", f"--Voila.port={port}", f"--token={token}"],
                              env=env, stdout=subprocess.DEVNULL, stderr=(tmp_path / "voila.log").open("w"))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.set_default_timeout(60_000)
                open_when_up(page, f"http://127.0.0.1:{port}/?token={token}&agency=iom&meeting=2017")
                page.wait_for_selector(".mb-review h2")
                page.locator(".mb-review h2").click()
                page.keyboard.press("n")
                page.wait_for_function("() => document.querySelector('.mb-review').innerText.includes('item 1 of')")
                page.keyboard.press("d")
                page.wait_for_function("text => document.querySelector('.mb-review').innerText.includes(text)", arg=left)
            finally:
                browser.close()
    finally:
        stop(server)
    after = ContributionFile.open(root / "data" / "contributions" / "iom" / "2017.yaml", root)
    assert after.ids() == before.ids()[1:]
