"""The index's filters as a reader uses them, in headless Chromium (Debian's, at /usr/bin/chromium;
.ci/run installs it) driven by Playwright, on the page as the build writes it and under its own
Content-Security-Policy: the filters are read from the address when the page opens and when the
address changes, written to it as they change (so a filtered view can be shared), and the search
finds a brief by what it also covers."""
from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from migration_briefs.pipeline.site import index_html
from tests.test_index import LABELS, synthetic
from tests.test_review_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """build/index.html of 351 briefs, written as the build writes it, and its manifest's briefs."""
    manifest, specs = synthetic()
    path = tmp_path_factory.mktemp("index") / "index.html"
    path.write_text(index_html(manifest, specs, [{"page": "sources/a.html", "title": "A paper"}], LABELS),
                    encoding="utf-8")
    return path, manifest, specs


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.is_file(), "Debian's Chromium is needed: apt-get install chromium (.ci/run installs it)"
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()  # the page's own policy applies: its script runs only by its hash
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    page.close()
    assert not errors


def shown(page) -> list[str]:
    """The addresses of the briefs the list shows."""
    return page.eval_on_selector_all("tr[data-facets]:not([hidden]) td:first-child a",
                                     "links => links.filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'))")


def status(page) -> str:
    return page.inner_text("#index-status")


def address(page) -> dict[str, list[str]]:
    return parse_qs(page.evaluate("location.hash").lstrip("#"))


def test_a_filtered_address_opens_the_filtered_view(index, page):
    path, _, specs = index
    page.goto(f"{path.as_uri()}#agency=agency-03&year=2017&kind=goal")
    wanted = [f"{s.relpath}.html" for s in specs if (s.agency, s.year, s.brief) == ("agency-03", 2017, "goal")]
    assert len(wanted) == 3 and shown(page) == wanted
    assert page.input_value("#filter-agency") == "agency-03" and page.input_value("#filter-year") == "2017"
    assert status(page) == f"3 of {len(specs)} briefs shown"


def test_changing_a_filter_writes_it_into_the_address_and_the_address_can_be_shared(index, page, browser):
    path, _, specs = index
    page.goto(path.as_uri())
    assert page.evaluate("location.hash") == "" and len(shown(page)) == len(specs)
    page.select_option("#filter-goal", "5")
    page.select_option("#filter-year", "2016")
    assert address(page) == {"year": ["2016"], "goal": ["5"]}
    page.fill("#filter-words", "agency 07")
    assert address(page) == {"year": ["2016"], "goal": ["5"], "words": ["agency 07"]}
    assert shown(page) == ["agency-07/2016/goal-5.html"]
    shared = page.url
    other = browser.new_page()
    try:
        other.goto(shared)
        assert shown(other) == ["agency-07/2016/goal-5.html"] and other.input_value("#filter-words") == "agency 07"
    finally:
        other.close()
    page.click("button[type=reset]")
    # a function, not an expression: under the page's policy Playwright may evaluate the string only once,
    # and it re-evaluates an expression at every poll (microsoft/playwright#36986)
    page.wait_for_function("() => document.getElementById('filter-goal').value === '' && location.hash === ''")
    assert len(shown(page)) == len(specs)


def test_the_search_finds_what_a_brief_also_covers(index, page):
    path, manifest, specs = index
    page.goto(path.as_uri())
    page.fill("#filter-words", "philippines")
    overviews = [f"{s.relpath}.html" for s in specs if "Philippines" in manifest["briefs"][s.relpath]["also_covers"]]
    assert overviews and shown(page) == overviews
    # the search and the country filter agree
    page.fill("#filter-words", "")
    page.select_option("#filter-country", "PHL")
    assert shown(page) == overviews
    assert address(page) == {"country": ["PHL"]}


def test_the_address_changed_by_hand_moves_the_filters_and_what_it_cannot_mean_is_ignored(index, page):
    path, _, specs = index
    page.goto(f"{path.as_uri()}#mechanism=CMW")
    assert all("mechanism-cmw" in href for href in shown(page)) and shown(page)
    page.evaluate("location.hash = 'agency=nobody&goal=5&bogus=1'")
    page.wait_for_function("() => document.getElementById('filter-goal').value === '5'")
    assert page.input_value("#filter-agency") == "" and page.input_value("#filter-mechanism") == ""
    assert len(shown(page)) == sum(1 for s in specs if s.brief == "goal" and dict(s.params).get("goal") == "5")
    page.evaluate("location.hash = 'agency-01-2016'")  # an anchor of the page: the filters stay
    assert page.input_value("#filter-goal") == "5"
