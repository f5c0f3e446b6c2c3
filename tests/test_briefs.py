"""Every brief the real data calls for, built through papermill and read as a reader and a
fact-checker would: titles and sections, key messages with their ¶ links, links that land,
framing as the document makes it, no item summary twice, the tables behind each brief; and
what happens with an empty combination or an invalid value."""
from __future__ import annotations

import csv
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError
from pypdf import PdfReader

from migration_briefs import load, paths
from migration_briefs.model.dataset import OUTCOME
from migration_briefs.model.params import brief_kinds, check_parameters, plan
from tests.projects import REPOSITORY

DATASET = load()
KINDS = brief_kinds(paths.NOTEBOOKS_DIR)
SPECS = plan(DATASET, KINDS)


class Page(HTMLParser):
    """What a reader of an HTML page meets: headings, text, links, ids, sections."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.text_parts: list[str] = []
        self._heading: str | None = None
        self._skip = 0
        self.feed(html)
        self.text = " ".join(" ".join(self.text_parts).split())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("style", "script"):
            self._skip += 1
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = tag
            self.headings.append((tag, ""))

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text_parts.append(data)
        if self._heading:
            level, text = self.headings[-1]
            self.headings[-1] = (level, text + data)


def page_of(built: Path, relpath: str) -> tuple[str, Page]:
    html = (built / f"{relpath}.html").read_text(encoding="utf-8")
    return html, Page(html)


def records_of(spec):
    extra = dict(spec.params)
    return DATASET.items(year=spec.year, agency=spec.agency, **extra)


def sections(html: str) -> dict[str, str]:
    found = {}
    for block in re.findall(r'<section class="brief-section" aria-labelledby="[^"]+">.*?</section>', html, re.S):
        found[re.sub(r"<[^>]+>", "", re.search(r"<h2[^>]*>(.*?)</h2>", block, re.S).group(1))] = block
    return found


# --- what is planned ------------------------------------------------------------------------

def own_brief(kind: str, year: int, **parameter) -> bool:
    """The rule of section 3, read independently of params.passes: the brief says more than the
    overview (a goal: a target named or tied; a mechanism: its facts in the reference tables; a
    country: events the paper numbers or products it counts), and at least two items involve the
    value, one of them specific to it (for a goal, or: the paper names it)."""
    (name, value), = parameter.items()
    rule = dict(next(k for k in KINDS.values() if k.brief == kind).rule)
    records = DATASET.items(year=year, agency="un-women", **parameter)
    adds = {"targets": name == "goal" and any(code.startswith(f"{value}.")
                                              for r in records for code in r.targets)
            or any(code.startswith(f"{value}.") for _, s in DATASET.statements(year, "un-women") for code in s.codes),
            "context": name == "mechanism" and value in DATASET.reference.mechanisms,
            "counted": any(p.count for r in records for p in r.item.products)
            or any(sum(1 for e in r.item.events if e.number is not None) > 1 for r in records)}
    if not any(adds[what] for what in rule["adds"]):
        return False
    if rule.get("or_named") and DATASET.document_names(value, year, "un-women"):
        return True
    specific = [r for r in records if DATASET.specific(r, name, value)]
    return len(records) >= rule["min_items"] and len(specific) >= rule["min_specific"]


@pytest.mark.parametrize("kind, parameter, values", [
    ("goal", "goal", DATASET.goals), ("mechanism", "mechanism", DATASET.mechanisms),
    ("country", "country", DATASET.countries)])
def test_a_goal_mechanism_or_country_has_a_brief_exactly_when_it_passes_the_rule(kind, parameter, values):
    for year in DATASET.years():
        planned = {dict(s.params)[parameter] for s in SPECS if s.brief == kind and s.year == year}
        expected = {v for v in values(year=year, agency="un-women") if own_brief(kind, year, **{parameter: v})}
        assert planned == expected
        for value in planned:
            assert len(DATASET.items(year=year, agency="un-women", **{parameter: value})) >= 2 or \
                DATASET.document_names(value, year, "un-women")


def test_the_rule_is_stated_in_each_notebook_and_the_docs():
    readme = (REPOSITORY / "docs" / "building.md").read_text(encoding="utf-8")
    for kind in ("goal", "mechanism", "country"):
        rule = dict(next(k for k in KINDS.values() if k.brief == kind).rule)
        assert rule["min_items"] == 2 and rule["min_specific"] == 1 and rule["adds"]
    assert '"rule": {"adds": ["context", "counted"], "min_items": 2, "min_specific": 1}' in readme


def test_below_the_rule_a_value_is_named_in_the_overview_with_its_items(built_briefs):
    for year in DATASET.years():
        html, page = page_of(built_briefs, f"un-women/{year}/overview")
        for code in DATASET.mechanisms(year=year, agency="un-women"):
            if not own_brief("mechanism", year, mechanism=code):
                assert DATASET.reference.mechanisms[code].name in page.text
                for record in DATASET.items(year=year, mechanism=code):  # linking to where it is told
                    assert re.search(rf'href="([a-z0-9-]+\.html)?#item-{record.item.id}"', html)
        for code in DATASET.countries(year=year, agency="un-women"):
            name = DATASET.reference.countries[code].name
            assert name in page.text
            if own_brief("country", year, country=code):
                assert f'href="country-{code.lower()}.html"' in html, "the overview links the country briefs"


def test_country_briefs_are_for_programme_countries_only():
    countries = {(s.year, dict(s.params)["country"]) for s in SPECS if s.brief == "country"}
    assert countries <= {(2016, "MEX"), (2016, "MDA"), (2016, "PHL")}, "never Jordan or Ireland, co-facilitators"


def test_each_year_has_an_overview():
    for year in DATASET.years():
        assert any(s.brief == "overview" and s.year == year for s in SPECS)


# --- each brief, read as a reader would -------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.relpath)
def test_html_reads_as_a_brief(built_briefs, spec):
    html, page = page_of(built_briefs, spec.relpath)
    h1 = [text for level, text in page.headings if level == "h1"]
    assert len(h1) == 1
    title = re.search(r"<title>([^<]*)</title>", html).group(1).replace("&amp;", "&").replace("&#x27;", "'")
    assert title.startswith(h1[0].strip()), "the page's title is the brief's, with its agency and year where it lacks them"
    h2 = [text.strip() for level, text in page.headings if level == "h2"]
    assert h2[0] == ("In brief" if spec.brief == "overview" else "Key messages")
    # the note on how to read is one box in the overview; every other brief's masthead links to it, so
    # that no heading stands over the link alone where a brief has no key message
    header = html[html.index("<header"):html.index("</header>")]
    assert ('href="overview.html#how-to-read"' in header) == (spec.brief != "overview")
    assert ('id="how-to-read"' in html) == (spec.brief == "overview")
    assert "how-to-read" not in html[html.index("<main"):] or spec.brief == "overview"
    # a Sources section ends a brief that gives facts from outside the paper ([O1]) or rests on
    # several papers; one that rests on its paper alone, named at the top, has none
    before_sources = html.split('aria-labelledby="sources"')[0]
    shown = Page(re.sub(r'<div class="reading-note method-box".*?</div>', "", before_sources, flags=re.S)).text
    outside = bool(re.search(r"\[O\d+\]", shown))  # (the note on how to read the briefs names a tag)
    assert (h2[-1] == "Sources") == outside and "Sources" not in h2[:-1]
    for forbidden in ("Traceback", "In [", "injected-parameters", "import ", "<pre", "<code"):
        assert forbidden not in html, forbidden
    assert not re.search(r"brief\.\w+\(", html), "no code reaches the brief"
    for title, block in sections(html).items():
        if title != "Sources":
            assert re.search(r'class="(cite|source-note|fact-sources)"', block), f"{title!r} cites no source"
    assert str(paths.ROOT) not in html and str(REPOSITORY) not in html and str(built_briefs) not in html


def key_messages_of(html: str) -> list[str]:
    """The key messages of a brief's page (the overview's story lists among them), without their ¶ links."""
    found = []
    for block in re.findall(r'<ul class="key-messages">(.*?)</ul>', html, re.S):
        found += [re.sub(r'<span class="cite">.*?</span>', "", m, flags=re.S).strip()
                  for m in re.findall(r"<li>(.*?)</li>", block, re.S)]
    return found


@pytest.mark.slow
@pytest.mark.parametrize("spec", [s for s in SPECS if s.brief != "overview"], ids=lambda s: s.relpath)
def test_key_messages_are_at_most_five_sentences_each_with_its_paragraphs(built_briefs, spec):
    html, _ = page_of(built_briefs, spec.relpath)
    block = re.search(r'<ul class="key-messages">(.*?)</ul>', html, re.S).group(1)
    messages = re.findall(r"<li>(.*?)</li>", block, re.S)
    assert 1 <= len(messages) <= 5
    assert all('class="cite"' in m and "¶" in m for m in messages)


@pytest.mark.slow
def test_no_key_message_shows_twice_in_one_agencys_year(built_briefs):
    """Each sentence at the top of a brief is said once among the briefs of an agency's year: a
    message a person wrote shows in the brief where detail about its items lives."""
    for year in DATASET.years():
        shown = [m for spec in SPECS if spec.year == year
                 for m in key_messages_of(page_of(built_briefs, spec.relpath)[0])]
        assert shown and len(shown) == len(set(shown)), [m for m in shown if shown.count(m) > 1]


@pytest.mark.slow
def test_every_link_in_build_lands(built_briefs):
    """Every page and PDF: in-page anchors exist, sibling briefs and their anchors (a PDF's named
    destinations) exist, the source page's paragraph anchors exist, nothing leads outside build/."""
    from migration_briefs.pipeline.links import broken_links
    assert broken_links(built_briefs) == []


@pytest.mark.slow
def test_a_broken_link_is_found_in_a_page_and_in_a_pdf(built_briefs, tmp_path):
    from migration_briefs.pipeline.links import broken_links
    build_dir = tmp_path / "build"
    shutil.copytree(built_briefs, build_dir)
    (build_dir / "un-women" / "2016" / "overview.pdf").unlink()
    (build_dir / "un-women" / "2016" / "mechanism-gmg.html").unlink()
    page = build_dir / "un-women" / "2016" / "goal-5.html"
    page.write_text(re.sub(r'href="([a-z0-9-]+\.html)#item-', r'href="\1#gone-', page.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")
    broken = broken_links(build_dir)
    assert any(line.startswith("un-women/2016/goal-5.html: ") and ".html#gone-" in line and "no element with id" in line
               for line in broken)
    assert "index.html: un-women/2016/overview.pdf: leads to a file that does not exist" in broken
    # a PDF's links lead to the web edition, and are checked as the files in build/ they stand for
    assert any(line.startswith("un-women/2016/mechanism-gmg.pdf: https://briefs.example.org/un-women/2016/mechanism-gmg.html")
               and "does not exist" in line for line in broken)


@pytest.mark.slow
@pytest.mark.parametrize("year", sorted({s.year for s in SPECS}))
def test_detail_lives_in_one_place(built_briefs, year):
    """Each item's summary is printed once in its agency-year: in the overview where no brief of a
    goal, mechanism or country holds the item, else in the one brief the overview's line links to;
    every brief that includes it names it by its title."""
    specs = [s for s in SPECS if s.year == year and s.agency == "un-women"]
    pages = {s.relpath: page_of(built_briefs, s.relpath) for s in specs}
    overview_html, _ = pages[f"un-women/{year}/overview"]
    for record in DATASET.items(year=year, agency="un-women"):
        summary = " ".join(record.item.summary.split())
        told = [relpath for relpath, (_, page) in pages.items() if summary in page.text]
        assert len(told) == 1 and pages[told[0]][1].text.count(summary) == 1, (record.item.id, told)
        name = told[0].rsplit("/", 1)[1]
        html, _ = pages[told[0]]
        assert f'id="item-{record.item.id}"' in html, "the brief that tells an item is where links to it land"
        if name != "overview":
            assert f'href="{name}.html#item-{record.item.id}"' in overview_html, (record.item.id, name)
    for spec in specs:
        _, page = pages[spec.relpath]
        for record in records_of(spec):
            assert record.item.title in page.text, (spec.relpath, record.item.title)


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.relpath)
def test_pdf_reads_as_a_brief(built_briefs, spec):
    reader = PdfReader(built_briefs / f"{spec.relpath}.pdf")
    _, page = page_of(built_briefs, spec.relpath)
    title = page.headings[0][1].strip()
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert title in text
    for record in records_of(spec):
        assert " ".join(record.item.title.split()[:4]) in text, record.item.title
    assert reader.metadata.title.startswith(title) and reader.metadata.author == DATASET.publisher.name
    titles = {PdfReader(built_briefs / f"{s.relpath}.pdf").metadata.title for s in SPECS}
    assert len(titles) == len(SPECS), "each PDF of the set has a Title of its own"
    agency = DATASET.reference.agencies[spec.agency]
    assert agency.abbreviation in reader.metadata.subject and reader.metadata.subject.count(agency.abbreviation) == 1, \
        "the Subject names the agency once"
    first = " ".join(reader.pages[0].extract_text().split())
    edition = f"{DATASET.publisher.date.day} {DATASET.publisher.date:%B %Y}"
    assert f"Prepared by {DATASET.publisher.name} from {agency.abbreviation}'s contribution" in first
    assert f"edition of {edition}" in first
    last = " ".join(reader.pages[-1].extract_text().split())
    assert " ".join(DATASET.publisher.disclaimer.split()[:12]) in last
    assert DATASET.publisher.contact in last and " ".join(DATASET.publisher.about.split()[:8]) in last, \
        "the PDF says who prepared it and where to write"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog
    assert reader.outline, "headings become bookmarks"
    assert f"Page 1 of {len(reader.pages)}" in reader.pages[0].extract_text()
    uris = {str(a.get_object()["/A"]["/URI"]) for p in reader.pages for a in p.get("/Annots") or []
            if "/URI" in (a.get_object().get("/A") or {})}
    web = DATASET.publisher.web
    assert f"{web}{spec.relpath}.html" in uris, "the PDF links its page in the web edition"
    assert all(uri.startswith(("https://", "mailto:")) for uri in uris), "a PDF sent on its own keeps working links"


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.relpath)
def test_the_tables_behind_each_brief_are_offered_as_csv(built_briefs, spec):
    html, _ = page_of(built_briefs, spec.relpath)
    name = spec.relpath.rsplit("/", 1)[1]
    keys = {r.key for r in records_of(spec)}
    papers = {f"{c.agency}/{c.year}" for c in DATASET.contributions}
    for table in ("items", "sdg-links", "events"):
        path = built_briefs / f"{spec.relpath}.{table}.csv"
        assert (f'href="{name}.{table}.csv"' in html) == path.exists()
        rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8")))) if path.exists() else []
        assert {row["key"] for row in rows} <= keys | papers
    assert (built_briefs / f"{spec.relpath}.items.csv").exists()
    links = list(csv.DictReader(io.StringIO((built_briefs / f"{spec.relpath}.sdg-links.csv").read_text("utf-8"))))
    if spec.brief == "goal":
        assert {row["goal"] for row in links} == {dict(spec.params)["goal"]}
    named = {row["code"] for row in links if row["basis"] == "named for the year"}
    expected = {"5", "8", "8.8", "10", "10.7"} if spec.year == 2016 else set()
    if spec.brief == "goal":
        expected = {code for code in expected if code.split(".")[0] == dict(spec.params)["goal"]}
    assert named == expected, "what the paper names for the year's work is in the data too"


# --- faithful framing ------------------------------------------------------------------------

@pytest.mark.slow
def test_a_year_is_introduced_as_the_paper_puts_it(built_briefs):
    # the wording is the snapshot's (tests/snapshots/); here: the paper's frame and meeting, from the data
    for year in DATASET.years():
        html, page = page_of(built_briefs, f"un-women/{year}/overview")
        lead = html[html.index('class="lead"'):]
        lead = lead[:lead.index("</p>")]
        for contribution, framing in DATASET.framing(year, "un-women"):
            assert contribution.meeting.name in lead and framing.frame in lead
        assert f"In {year}, UN Women reported" not in page.text


@pytest.mark.slow
def test_a_target_the_document_names_is_said_named_once_with_its_paragraph(built_briefs):
    for goal, target in (("8", "8.8"), ("10", "10.7")):
        html, page = page_of(built_briefs, f"un-women/2016/goal-{goal}")
        messages = html[html.index('class="key-messages"'):]
        first = messages[:messages.index("</li>")]
        assert f"target {target}" in first and "p10" in first  # the first key message, and the paragraph
        block = html[html.index(f'id="target-{target.replace(".", "-")}"'):]
        block = block[:block.index("</ul>")]
        assert "p10" not in block and "Named by" not in block, "the target's section does not say it again"
        assert "Analyst:" in block, "items are still tied by an analyst, with reasons"


@pytest.mark.slow
def test_analyst_appears_only_where_the_document_names_nothing(built_briefs):
    html, page = page_of(built_briefs, "un-women/2017/goal-10")
    assert not DATASET.statements(2017, "un-women")
    assert all(framing.frame in page.text for _, framing in DATASET.framing(2017, "un-women"))


@pytest.mark.slow
def test_every_analyst_tie_shows_its_reason(built_briefs):
    shown = 0
    for spec in (s for s in SPECS if s.brief == "goal"):
        _, page = page_of(built_briefs, spec.relpath)
        goal = dict(spec.params)["goal"]
        for record in records_of(spec):
            for link in record.item.sdg.analyst:
                if link.code.split(".")[0] == goal:
                    assert " ".join(link.reason.split()) in page.text, (spec.relpath, record.item.id)
                    shown += 1
    assert shown >= 10, "the real goal briefs show many analyst ties"


@pytest.mark.slow
def test_headline_figures_count_what_they_say(built_briefs):
    html, _ = page_of(built_briefs, "un-women/2016/overview")
    figures = dict((label.strip(), int(value)) for label, value in re.findall(
        r"<dt>(?:<a[^>]*>)?([^<]+)(?:</a>)?</dt><dd>(\d+)</dd>", html))
    done = DATASET.items(year=2016, status="done")
    # our counts say they are ours: the paper counts neither
    assert figures["activities, as we count them"] == len(done) == 21
    assert figures["reported outcomes, as we count them"] == len(DATASET.items(year=2016, status=OUTCOME)) == 5
    assert figures["programme countries"] == 3
    assert not any(label.startswith("mechanisms") for label in figures)


def test_events_that_share_a_date_keep_the_documents_order():
    titles = [e.event.title for e in DATASET.events(year=2016, mechanism="GMG")]
    summit = [e.event.title for e in DATASET.events(year=2016)].index(
        "UN Summit for Refugees and Migrants adopts the New York Declaration")
    meeting_5 = [e.event.title for e in DATASET.events(year=2016)].index(titles[4])
    assert meeting_5 < summit, "the meetings that prepared the Summit come before it"
    assert [e.event.number for e in DATASET.events(year=2016, mechanism="GMG") if e.event.number] == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.slow
def test_a_mechanism_brief_names_only_the_sessions_the_document_names(built_briefs):
    _, page = page_of(built_briefs, "un-women/2016/mechanism-cmw")
    sessions = {e.event.session for e in DATASET.events(year=2016, mechanism="CMW") if e.event.session}
    assert sessions == {25}
    assert "25th session" in page.text
    assert "events at its 25th session" not in page.text and "briefing at its 25th session" not in page.text


# --- around the briefs ------------------------------------------------------------------------

@pytest.mark.slow
def test_index_introduces_the_collection_and_lists_every_brief_with_its_pages(built_briefs):
    import json
    html = (built_briefs / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert page.text.count(".") >= 2 and "source documents" in page.text
    assert 'href="sources/un-women_15th-coordination-meeting_2017.html"' in html
    manifest = json.loads((built_briefs / "manifest.json").read_text(encoding="utf-8"))
    for spec in SPECS:
        pages = manifest["briefs"][spec.relpath]["pages"]
        assert f'href="{spec.relpath}.html"' in html and f'href="{spec.relpath}.pdf"' in html
        assert f'{spec.relpath}.pdf">PDF</a>, {pages} page' in html
    assert [text for level, text in page.headings if level == "h2"] == ["UN Women, 2016", "UN Women, 2017"]
    countries = re.findall(r'href="un-women/2016/country-[a-z]+\.html">([^<]+)</a>', html)
    assert countries == [DATASET.reference.countries[dict(s.params)["country"]].name
                         for s in SPECS if s.brief == "country" and s.year == 2016]
    assert html.count('<td class="print">') == len(SPECS)  # "PDF, 2 pages" kept on one line
    # what has no brief of its own is still found from the index: the overview that covers it
    for year in DATASET.years():
        row = html[html.index(f'href="un-women/{year}/overview.html"'):]
        row = row[:row.index("</tr>")]
        facets = re.search(r'<tr data-facets="([^"]+)"><td><a href="un-women/' + str(year), html)[1].split()
        for code in DATASET.mechanisms(year=year, agency="un-women"):
            abbreviation = DATASET.reference.mechanisms[code].abbreviation
            assert (abbreviation in row) != own_brief("mechanism", year, mechanism=code), (year, code)
            assert (f"mechanism:{code}" in facets) != own_brief("mechanism", year, mechanism=code), (year, code)
    # the filters: the meeting each paper went to, by its short name, holds every brief
    [short_name] = {c.meeting.short_name for c in DATASET.contributions}
    value = re.sub(r"[^a-z0-9]+", "-", short_name.lower()).strip("-")  # in the address too: #meeting=...
    assert f'<option value="{value}">{short_name}</option>' in html
    assert html.count(f" meeting:{value} ") == len(SPECS) and f"{len(SPECS)} of {len(SPECS)} briefs shown" in html


@pytest.mark.slow
def test_event_numbers_and_sessions_are_written_as_integers(built_briefs):
    rows = list(csv.DictReader(io.StringIO(
        (built_briefs / "un-women/2016/mechanism-cmw.events.csv").read_text("utf-8"))))
    assert {row["session"] for row in rows} >= {"25"}
    assert not any(re.search(r"\.0$", row[column]) for row in rows for column in ("number", "session"))


@pytest.mark.slow
def test_the_originals_errors_are_marked_sic_where_they_are_quoted(built_briefs):
    page = (built_briefs / "sources" / "un-women_15th-coordination-meeting_2017.html").read_text(encoding="utf-8")
    assert 'Committee on Economic, Social and Cultural Affairs <span class="sic">[sic]</span> (CESCR)' in page
    assert 'to enhance the protection risks <span class="sic">[sic]</span> of women' in page


@pytest.mark.slow
def test_a_pdf_links_another_years_overview_and_the_full_text_in_the_web_edition(built_briefs):
    reader = PdfReader(built_briefs / "un-women/2016/overview.pdf")
    uris = {a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots", [])
            if "/URI" in (a.get_object().get("/A") or {})}
    web = DATASET.publisher.web
    assert f"{web}un-women/2017/overview.html" in uris
    assert f"{web}sources/un-women_15th-coordination-meeting_2017.html#p28" in uris, "a ¶ link leads to its paragraph"


@pytest.mark.slow
def test_source_page_has_every_paragraph_anchor(built_briefs):
    page = (built_briefs / "sources" / "un-women_15th-coordination-meeting_2017.html").read_text(encoding="utf-8")
    for paragraph in DATASET.sources["sources/un-women_15th-coordination-meeting_2017.yaml"].paragraphs:
        assert f'id="{paragraph.id}"' in page


# --- notebooks run on their own ---------------------------------------------------------------

def run_notebook(tmp_path: Path, notebook: str, **parameters):
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(paths.NOTEBOOKS_DIR / notebook), str(output), parameters=parameters,
                               kernel_name="python3", progress_bar=False, cwd=str(paths.NOTEBOOKS_DIR))
    return nbformat.read(output, as_version=4)


@pytest.mark.slow
def test_a_brief_with_no_key_message_shows_no_heading_for_them_and_still_links_the_reading_guide(tmp_path):
    """The CSW's brief run by hand: its one item's key messages live in the overview (the CSW has no
    brief of its own in the plan), so it has none; the link to the note on how to read is the
    masthead's, so no section stands over it alone."""
    from migration_briefs.notebook import mechanism_brief
    from migration_briefs.render.exporters import export_html
    brief = mechanism_brief("CSW", 2016, "un-women")
    assert brief.records and not brief.messages(), "the data still gives a brief with items and no key message"
    html = export_html(run_notebook(tmp_path, "mechanism_brief.ipynb", mechanism="CSW", year=2016, agency="un-women"))
    assert "Key messages" not in Page(html).text and 'class="key-messages"' not in html
    header = html[html.index("<header"):html.index("</header>")]
    assert 'href="overview.html#how-to-read"' in header
    assert [t.strip() for level, t in Page(html).headings if level == "h2"][0] == "The mechanism"


# Each message lists the values the data holds, never every code of the reference tables.
@pytest.mark.parametrize("notebook, parameters, message", [
    ("goal_brief.ipynb", {"goal": 18},
     f"Parameter goal=18 is not an SDG goal; the goals the data's work touches are: {', '.join(DATASET.goals())}."),
    ("mechanism_brief.ipynb", {"mechanism": "ILO"}, "Parameter mechanism='ILO' is not a mechanism of "
     f"data/reference/mechanisms.yaml; the mechanisms the data's work involves are: {', '.join(DATASET.mechanisms())}."),
    ("country_brief.ipynb", {"country": "XX"}, "Parameter country='XX' is not an ISO 3166-1 alpha-3 code"),
    ("overview_brief.ipynb", {"agency": "unwomen"}, "Parameter agency='unwomen' is not an agency of "
     f"data/reference/agencies.yaml; the agencies with briefs are: {', '.join(DATASET.agencies())}."),
    ("overview_brief.ipynb", {"year": 1999}, "Parameter year=1999 is not a year the data covers; the years the data "
     f"covers are: {', '.join(str(y) for y in DATASET.years())}."),
])
def test_an_invalid_value_fails_with_one_clear_sentence(tmp_path, notebook, parameters, message):
    with pytest.raises(PapermillExecutionError) as caught:
        run_notebook(tmp_path, notebook, **parameters)
    assert caught.value.ename == "ParameterError"
    assert message in caught.value.evalue


@pytest.mark.parametrize("notebook", sorted(f"{name}.ipynb" for name in KINDS))  # the briefs' notebooks
def test_each_notebook_has_one_parameters_cell_whose_defaults_are_valid(notebook):
    nb = nbformat.read(paths.NOTEBOOKS_DIR / notebook, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    defaults: dict = {}
    exec(tagged[0].source, {}, defaults)
    kind = KINDS[notebook.removesuffix(".ipynb")]
    assert set(defaults) == set(kind.parameters)
    assert check_parameters(DATASET, kind, defaults)
    code = [c.source for c in nb.cells if c.cell_type == "code" and c is not tagged[0]]
    assert all(len(source.splitlines()) <= 4 for source in code), "notebook cells stay thin"
    headings = [line for c in nb.cells if c.cell_type == "markdown" and "remove-cell" not in c.metadata.get("tags", [])
                for line in c.source.splitlines() if line.startswith("## ")]
    assert ("## Key messages" in headings or "## In brief" in headings) and "## Sources" in headings, \
        "headings live in the notebook"




def test_every_csv_beside_a_brief_has_rows_and_is_linked_and_the_items_name_mechanisms_and_countries(built_briefs):
    for spec in SPECS:
        html, _ = page_of(built_briefs, spec.relpath)
        name = spec.relpath.rsplit("/", 1)[1]
        written = sorted(p.name for p in (built_briefs / spec.relpath).parent.glob(f"{name}.*.csv"))
        linked = sorted(re.findall(rf'href="({re.escape(name)}\.[a-z-]+\.csv)"', html))
        assert written == linked, spec.relpath
        for filename in written:
            rows = list(csv.DictReader(io.StringIO((built_briefs / spec.relpath).with_name(filename).read_text("utf-8"))))
            assert rows, f"{filename} has no rows"
        assert 'href="../../index.html"' in html, "each brief links back to the index"
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(
        (built_briefs / "un-women/2016/overview.items.csv").read_text("utf-8")))}
    assert rows["cmw-cedaw-interaction"]["mechanisms"] == "CMW CEDAW"
    assert rows["new-york-declaration-advocacy"]["countries"] == "JOR:co-facilitator IRL:co-facilitator"


@pytest.mark.parametrize("relpath", ["un-women/2016/mechanism-gmg", "un-women/2016/mechanism-gfmd"])
def test_sources_moved_to_the_top_still_lists_every_source_the_brief_rests_on(built_briefs, tmp_path, relpath):
    """An analyst who moves "## Sources" up gets the same Sources section: it is computed from what
    the brief shows (here, facts from outside the paper), not from the cells above it."""
    from migration_briefs.render.exporters import export_html
    spec = next(s for s in SPECS if s.relpath == relpath)
    nb = nbformat.read(paths.NOTEBOOKS_DIR / spec.notebook_file, as_version=4)
    start = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Sources"))
    moved, rest = nb.cells[start:], nb.cells[:start]  # Sources is the notebook's last section
    top = next(i for i, c in enumerate(rest) if "title_block()" in c.source) + 1
    nb.cells = rest[:top] + moved + rest[top:]
    edited = tmp_path / spec.notebook_file
    nbformat.write(nb, edited)
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(edited), str(output), parameters=spec.parameters, kernel_name="python3",
                               progress_bar=False, cwd=str(paths.NOTEBOOKS_DIR))
    html = export_html(nbformat.read(output, as_version=4))
    page = Page(html)
    h2 = [t.strip() for level, t in page.headings if level == "h2"]
    assert h2[0] == "Sources", "Sources really comes first"
    listed = re.findall(r'<ul class="outside-sources".*?</ul>', html, re.S)
    built, _ = page_of(built_briefs, relpath)
    assert listed and listed == re.findall(r'<ul class="outside-sources".*?</ul>', built, re.S)


@pytest.mark.parametrize("rule, accepted", [
    ({"min_items": 2, "min_specific": 1}, True), ({"min_items": 1, "or_named": True}, True),
    ({"adds": ["context", "counted"], "min_items": 2}, True), ({"adds": ["colour"]}, False), ({"adds": "context"}, False),
    ({"min_items": "2"}, False), ({"min_items": True}, False), ({"at_least": 2}, False), (["min_items"], False)])
def test_a_notebooks_rule_is_checked_when_it_is_read(tmp_path, rule, accepted):
    from migration_briefs.model.params import NotebookError, read_kind
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "mechanism_brief.ipynb", as_version=4)
    nb.metadata["migration_briefs"]["rule"] = rule
    path = tmp_path / "mechanism_brief.ipynb"
    nbformat.write(nb, path)
    if accepted:  # a list is kept as a tuple: a kind of brief is hashable
        assert dict(read_kind(path).rule) == {k: tuple(v) if isinstance(v, list) else v for k, v in rule.items()}
    else:
        with pytest.raises(NotebookError, match="its 'rule' must be"):
            read_kind(path)


def test_no_key_message_is_about_our_method_or_calls_our_counts_the_papers(built_briefs):
    for spec in SPECS:
        html, _ = page_of(built_briefs, spec.relpath)
        if '<ul class="key-messages">' not in html:
            continue  # a brief whose key messages show in other briefs of the year
        block = html[html.index('<ul class="key-messages">'):]
        messages = Page(block[:block.index("</ul>")]).text
        assert "analyst" not in messages.lower(), spec.relpath
        assert not re.search(r"the paper's \w+ (activities|commitments|outcomes)", messages), spec.relpath
    for record in DATASET.items(status=OUTCOME):
        assert "The project reports" not in record.item.summary, "the paper reports, not the project"


@pytest.mark.parametrize("change, expected", [
    ({"brief": "Country Brief"}, "its 'brief' must be a lower-case word"),
    ({"output": "../{mechanism}"}, "its 'output' must be a file name pattern"),
    ({"output": "m-{goal}"}, "its 'output' uses ['goal'], which are not in its grid"),
    ({"grid": ["years", "agencies"]}, "its 'grid' must be a list that starts with \"agencies\" (or \"system\")"),
    ({"grid": ["agencies", "years", "agencies"]}, "its 'grid' names a parameter twice"),
    ({"order": True}, "its 'order' must be a whole number"),
    ({"colour": "blue"}, "has unknown keys ['colour']"),
    ({"brief": None}, "its 'brief' must be a lower-case word"),
])
def test_a_notebooks_declaration_is_checked_when_it_is_read(tmp_path, change, expected):
    from migration_briefs.model.params import NotebookError, read_kind
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "mechanism_brief.ipynb", as_version=4)
    nb.metadata["migration_briefs"].update(change)
    path = tmp_path / "mechanism_brief.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(NotebookError) as caught:
        read_kind(path)
    assert expected in str(caught.value) and str(caught.value).startswith("notebooks/mechanism_brief.ipynb: ")
