"""build/index.html at a few hundred briefs: the filters, the list without JavaScript, the same
bytes for the same manifest, hostile values from the manifest, and the policy that lets in only
the index's own script. The manifests are made here, entry by entry, as the build writes them."""
from __future__ import annotations

import base64
import hashlib
import random
import re
from html.parser import HTMLParser

import pytest

from migration_briefs.model.params import BriefSpec
from migration_briefs.pipeline.plan import Plan, checked_labels
from migration_briefs.pipeline.site import FACETS, index_html
from migration_briefs.sanitise import CONTENT_SECURITY_POLICY

DIGEST = "0" * 64
AGENCIES = [f"agency-{n:02d}" for n in range(1, 13)] + ["all"]
YEARS = (2016, 2017, 2018)
GOALS = ("5", "8", "10")
MECHANISMS = ("CEDAW", "CMW", "GFMD")
COUNTRIES = ("MEX", "NPL")
LABELS = {"goal": {"3": "Goal 3: Good health and well-being", "5": "Goal 5: Gender equality",
                   "8": "Goal 8: Decent work and economic growth", "10": "Goal 10: Reduced inequalities"},
          "mechanism": {"CEDAW": "CEDAW Committee", "CMW": "CMW", "GFMD": "GFMD", "UPR": "UPR"},
          "country": {"MEX": "Mexico", "NPL": "Nepal", "KOR": "Korea, Republic of", "PHL": "Philippines"}}


def meeting(year: int) -> str:
    return f"{year - 2016 + 9}th Coordination Meeting on International Migration"  # 9th, 10th, 11th


def synthetic() -> tuple[dict, list[BriefSpec]]:
    """13 agencies (one of them 'all') over three years, each year an overview and eight briefs
    of its own: 351 briefs, as the build would record them."""
    specs, briefs = [], {}
    for agency in AGENCIES:
        for year in YEARS:
            specs.append(BriefSpec(agency, year, "overview_brief", "overview", "overview"))
            specs += [BriefSpec(agency, year, "goal_brief", f"goal-{g}", "goal", (("goal", g),)) for g in GOALS]
            specs += [BriefSpec(agency, year, "mechanism_brief", f"mechanism-{m.lower()}", "mechanism",
                                (("mechanism", m),)) for m in MECHANISMS]
            specs += [BriefSpec(agency, year, "country_brief", f"country-{c.lower()}", "country",
                                (("country", c),)) for c in COUNTRIES]
    for n, spec in enumerate(specs):
        name = "All agencies" if spec.agency == "all" else f"Agency {spec.agency[-2:]}"
        briefs[spec.relpath] = {
            "kind": spec.brief, "parameters": spec.parameters, "title": f"{name} in {spec.year}: {spec.name}",
            "agency_name": name, "key": DIGEST, "outputs": {"html": DIGEST, "pdf": DIGEST, "ipynb": DIGEST},
            "pages": 1 + n % 4, "meetings": [meeting(spec.year)] + ([meeting(spec.year + 1)] if n % 7 == 0 else []),
            "also_covers": "Goal 3, UPR, Korea, Republic of, Philippines" if spec.brief == "overview" else ""}
    return {"version": 2, "briefs": briefs}, specs


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> and <option>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.options: dict[str, list[tuple[str, str]]] = {}
        self._in, self._select = None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "select":
            self._select = attributes["name"]
            self.options[self._select] = []
        if tag in ("script", "option"):
            self._in = (tag, attributes.get("value"))
        if tag == "script":
            self.scripts.append("")

    def handle_data(self, data):
        if self._in and self._in[0] == "script":
            self.scripts[-1] += data
        elif self._in and self._in[0] == "option":
            self.options[self._select].append((self._in[1], data))

    def handle_endtag(self, tag):
        self._in = None

    def all(self, tag: str) -> list[dict]:
        return [attributes for name, attributes in self.tags if name == tag]


@pytest.fixture(scope="module")
def built():
    manifest, specs = synthetic()
    html = index_html(manifest, specs, [{"page": "sources/a.html", "title": "A paper"}], LABELS)
    return manifest, specs, html, Elements(html)


def test_every_filter_is_a_labelled_control_in_a_form_the_script_shows(built):
    _, specs, html, page = built
    [form] = page.all("form")
    assert "hidden" in form and form["role"] == "search" and form["aria-label"]
    labels = {attributes["for"] for attributes in page.all("label")}
    controls = {attributes["id"] for attributes in page.all("select") + page.all("input")}
    assert controls == labels == {f"filter-{facet}" for facet, _, _ in FACETS} | {"filter-words"}
    options = {facet: [text for value, text in listed if value] for facet, listed in page.options.items()}
    assert options["meeting"] == [meeting(2016), meeting(2017), meeting(2018), meeting(2019)]  # 9th before 10th
    assert options["year"] == ["2016", "2017", "2018"]
    assert options["agency"][0] == "Agency 01" and options["agency"][-1] == "All agencies"
    assert options["kind"] == ["Overview", "Goal", "Mechanism", "Country"]
    # the brief's own value and what the overviews cover with no brief of their own
    assert options["goal"] == ["Goal 3: Good health and well-being", "Goal 5: Gender equality",
                               "Goal 8: Decent work and economic growth", "Goal 10: Reduced inequalities"]
    assert options["mechanism"] == ["CEDAW Committee", "CMW", "GFMD", "UPR"]
    assert options["country"] == ["Korea, Republic of", "Mexico", "Nepal", "Philippines"]
    [status] = [a for a in page.all("p") if a.get("role") == "status"]
    assert status["id"] == "index-status" and f">{len(specs)} of {len(specs)} briefs shown<" in html


def test_without_javascript_every_brief_is_listed_by_agency_and_year(built):
    manifest, specs, html, page = built
    rows = [attributes for attributes in page.all("tr") if "data-facets" in attributes]
    assert len(rows) == len(specs) == 351
    for spec in specs:
        entry = manifest["briefs"][spec.relpath]
        assert f'<a href="{spec.relpath}.html">{entry["title"]}</a>' in html
        assert f'<a href="{spec.relpath}.pdf">PDF</a>, {entry["pages"]} page' in html
    headings = re.findall(r"<h2 [^>]*>([^<]+)</h2>", html)
    assert headings[:2] == ["Agency 01, 2016", "Agency 01, 2017"] and headings[-1] == "All agencies, 2018"
    assert len(headings) == len(AGENCIES) * len(YEARS)
    # light: one row of two cells per brief, whatever the number of briefs
    assert len(page.tags) < 8 * len(specs) and len(html.encode()) < 600 * len(specs) + 40_000


def test_each_list_is_captioned_with_its_label_and_year_and_no_label_naming_many_takes_a_possessive(built):
    manifest, _, html, _ = built
    sections = re.findall(r'<h2 id="([^"]+)">([^<]+), (\d{4})</h2><table [^>]*><caption>([^<]+)</caption>', html)
    assert len(sections) == len(AGENCIES) * len(YEARS)
    for anchor, label, year, caption in sections:
        assert year in caption, caption
        if anchor.startswith("all-"):
            # the label across agencies names many agencies: "All agencies's" would be wrong
            assert label not in caption and label.lower() in caption and "'s" not in caption, caption
        else:
            assert f"{label}'s" in caption, caption


def test_each_row_carries_its_facets_from_the_plan_and_the_manifest(built):
    _, _, html, _ = built
    row = re.search(r'<tr data-facets="([^"]+)"><td><a href="agency-03/2017/overview.html"', html)[1].split()
    # "Korea, Republic of" is one country; this brief's papers went to two meetings (n = 63)
    assert row == ["agency:agency-03", "country:KOR", "country:PHL", "goal:3", "kind:overview", "mechanism:UPR",
                   "meeting:10th-coordination-meeting-on-international-migration",
                   "meeting:11th-coordination-meeting-on-international-migration", "year:2017"]
    row = re.search(r'<tr data-facets="([^"]+)"><td><a href="all/2016/mechanism-gfmd.html"', html)[1].split()
    assert row == ["agency:all", "kind:mechanism", "mechanism:GFMD",
                   "meeting:9th-coordination-meeting-on-international-migration", "year:2016"]


def test_a_shared_address_means_the_same_after_more_meetings_are_built(built):
    """A meeting's value in the address is its name's, not its place in the list."""
    manifest, specs, _, page = built
    briefs = {relpath: dict(entry) for relpath, entry in manifest["briefs"].items()}
    briefs[specs[0].relpath]["meetings"] = ["8th Coordination Meeting on International Migration"]
    later = Elements(index_html({"version": 2, "briefs": briefs}, specs, [], LABELS))
    before, after = dict(page.options["meeting"]), dict(later.options["meeting"])
    assert after["8th-coordination-meeting-on-international-migration"] and all(
        after[value] == name for value, name in before.items())


def test_what_an_overview_also_covers_is_marked_for_the_search(built):
    """index.js searches it beside the title (tests/test_index_browser.py, in Chromium)."""
    _, _, html, _ = built
    row = re.search(r'<tr data-facets="[^"]+"><td><a href="agency-03/2017/overview.html">.*?</tr>', html)[0]
    assert ('<span class="index-also">Also covers, with no brief of its own: <span class="index-covers">Goal 3, UPR, '
            'Korea, Republic of, Philippines</span></span>') in row


def test_the_same_manifest_gives_the_same_bytes_in_any_order(built):
    manifest, specs, html, _ = built
    entries = list(manifest["briefs"].items())
    random.Random(7).shuffle(entries)
    shuffled = {"version": 2, "briefs": dict(entries)}
    labels = {facet: dict(reversed(list(values.items()))) for facet, values in reversed(list(LABELS.items()))}
    assert index_html(shuffled, specs, [{"page": "sources/a.html", "title": "A paper"}], labels) == html


def test_the_policy_lets_in_the_index_script_by_its_hash_and_nothing_else(built):
    _, _, html, page = built
    [script] = page.scripts
    [policy] = [a["content"] for a in page.all("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert policy == CONTENT_SECURITY_POLICY.replace("script-src 'none'", f"script-src 'sha256-{digest}'")
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "form-action 'none'" in policy  # the form is never sent: the script filters in the page
    assert not any("src" in attributes for attributes in page.all("script"))


def test_with_no_brief_built_the_index_has_no_script_and_forbids_every_script():
    html = index_html({"version": 2, "briefs": {}}, [], [], LABELS)
    page = Elements(html)
    assert not page.scripts and not page.all("form") and "No briefs have been built yet" in html
    assert f'content="{CONTENT_SECURITY_POLICY}"' in html


HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_hostile_values_in_the_manifest_are_escaped_or_left_out(built):
    manifest, specs, _, _ = built
    briefs = {relpath: dict(entry) for relpath, entry in manifest["briefs"].items()}
    first, second, third = specs[0].relpath, specs[1].relpath, specs[2].relpath
    briefs[first].update(title=HOSTILE, agency_name=HOSTILE, also_covers=HOSTILE, meetings=[HOSTILE, 3, None],
                         pages=HOSTILE)
    briefs[second].update(meetings=HOSTILE, also_covers=["Goal 5"], pages=True, outputs=HOSTILE)
    briefs[third] = HOSTILE
    labels = {"goal": {"5": HOSTILE}, "country": {"NPL": HOSTILE}}
    html = index_html({"version": 2, "briefs": briefs}, specs, [{"page": HOSTILE, "title": HOSTILE}], labels)
    page = Elements(html)
    assert len(page.scripts) == 1 and not page.all("img")
    assert not [name for _, attributes in page.tags for name in attributes if name.startswith("on")]
    assert HOSTILE in [text for _, text in page.options["meeting"]] and ("5", HOSTILE) in page.options["goal"]
    assert HOSTILE in [text for _, text in page.options["agency"]]
    assert third not in html  # an entry that is not an object is not a built brief
    assert specs[1].relpath not in html  # outputs that are not a mapping: nothing to link to
    assert f'<a href="{first}.pdf">PDF</a></td>' in html  # pages that are not a number are not shown


@pytest.mark.parametrize("labels", [
    [], {"goal": []}, {"goal": {"5": 5}}, {"goal": {"../x": "Goal"}}, {"goal": {"5": "Goal 5"}, "agency": {}},
    {"country": {"mex": "Mexico"}}, {"mechanism": {"CEDAW": None}}])
def test_labels_read_back_from_the_manifest_are_checked(labels):
    with pytest.raises(ValueError):
        checked_labels(labels)
    with pytest.raises(ValueError):
        Plan.from_json({"hash": "h", "briefs": [], "labels": labels})


def test_the_plan_keeps_its_labels_through_the_manifest():
    plan = Plan("h", [BriefSpec("un-women", 2016, "overview_brief", "overview", "overview")], labels=LABELS)
    assert Plan.from_json(plan.to_json()).labels == LABELS
