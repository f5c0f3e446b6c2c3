"""Charts: SVG that parses, words that carry the finding, the same bytes on every run.

The tests build their own small Dataset in memory (models and a minimal Reference), so they
do not depend on what the real data files hold or on whether they are complete.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from migration_briefs import paths
from migration_briefs.briefs import charts
from migration_briefs.briefs.charts import (
    Chart,
    agencies_by_goal,
    agencies_per,
    counts_by,
    coverage_matrix,
    event_label,
    events_by_month,
    timeline,
)
from migration_briefs.briefs.prose import format_date
from migration_briefs.dates import date_span
from migration_briefs.model.dataset import Dataset
from migration_briefs.model.models import (
    Agency,
    Contribution,
    Country,
    Event,
    Goal,
    Item,
    Mechanism,
    Status,
    Target,
    Term,
    Vocabularies,
)
from migration_briefs.model.reference import Reference

ROOT = Path(__file__).resolve().parents[1]
SVG_NS = "{http://www.w3.org/2000/svg}"


# --- an in-memory dataset -----------------------------------------------------------------

def _terms(*pairs: tuple[str, str]) -> list[Term]:
    return [Term(code=code, label=label, description=f"{label}.") for code, label in pairs]


def make_reference() -> Reference:
    goals = {c: Goal(code=c, short=s, title=f"{s} for all") for c, s in
             [("5", "Gender equality"), ("8", "Decent work and economic growth"), ("10", "Reduced inequalities"),
              ("17", "Partnerships for the goals")]}
    targets = {c: Target(code=c, goal=c.split(".")[0], title=t) for c, t in [
        ("5.2", "Eliminate all forms of violence against all women and girls"),
        ("8.8", "Protect labour rights and promote safe and secure working environments for all workers"),
        ("10.7", "Facilitate orderly, safe, regular and responsible migration and mobility of people"),
        ("17.18", "Increase significantly the availability of data disaggregated by sex and migratory status")]}

    def mechanism(code: str, abbreviation: str, name: str, kind: str) -> Mechanism:
        return Mechanism(code=code, abbreviation=abbreviation, name=name, type=kind, instrument="An instrument",
                         established=2000, established_note="Note [M1]",
                         sources=[{"ref": "M1", "citation": "A source"}])

    mechanisms = {m.code: m for m in [
        mechanism("CMW", "CMW", "Committee on Migrant Workers", "treaty-body"),
        mechanism("CEDAW", "CEDAW Committee", "Committee on the Elimination of Discrimination against Women",
                  "treaty-body"),
        mechanism("UPR", "UPR", "Universal Periodic Review", "peer-review"),
        mechanism("GMG", "GMG", "Global Migration Group", "inter-agency-group"),
        mechanism("GFMD", "GFMD", "Global Forum on Migration and Development", "intergovernmental-forum"),
        mechanism("CSW", "CSW", "Commission on the Status of Women", "functional-commission")]}
    vocabularies = Vocabularies(
        statuses=[Status(code="done", label="Activity", description="Done.", plural="activities"),
                  Status(code="planned", label="Commitment", description="Planned.", plural="commitments")],
        item_kinds=_terms(("coordination", "Coordination"), ("advocacy", "Advocacy"),
                          ("technical-support", "Technical support"), ("event", "Event"),
                          ("knowledge-product", "Knowledge products")),
        event_kinds=_terms(("meeting", "Meeting"), ("side-event", "Side event"), ("summit", "Summit"),
                           ("briefing", "Briefing")),
        groups=_terms(("women-migrant-workers", "Women migrant workers"),
                      ("migrant-women-and-girls-in-vulnerable-situations",
                       "Migrant women and girls in vulnerable situations"),
                      ("member-states", "Member States"), ("civil-society", "Civil society organisations")),
        mainstreaming=_terms(("gender-responsive-language", "Gender-responsive language"),
                             ("capacity-building", "Capacity building on gender"),
                             ("evidence-and-knowledge", "Evidence and knowledge"),
                             ("womens-rights-advocacy", "Advocacy for women's rights")),
        mechanism_types=_terms(("treaty-body", "Treaty body"), ("peer-review", "Peer review"),
                               ("inter-agency-group", "Inter-agency group"),
                               ("intergovernmental-forum", "Intergovernmental forum"),
                               ("functional-commission", "Functional commission")),
        country_roles=[])
    agencies = {"un-women": Agency(code="un-women", abbreviation="UN Women", name="UN Women")}
    return Reference(goals=goals, targets=targets, indicators={}, mechanisms=mechanisms, agencies=agencies,
                     countries={}, vocabularies=vocabularies)


def _event(kind: str, title: str, date: str, mechanism: str | None = None, number: int | None = None) -> dict:
    return {"kind": kind, "title": title, "date": date, "mechanism": mechanism, "number": number,
            "source": ["p1"]}


GMG_TOPICS = [
    "Understanding large movements of refugees and migrants",
    "Protecting the human rights of all people in vulnerable situations",
    "Strengthening responsibility sharing for refugees",
    "Responding to large movements: human rights, labour market options and a global compact",
    "Development approaches to migration and displacement",
    "Migration-related commitments in the New York Declaration",
    "Implementation of commitments to counter xenophobia",
]

ITEMS = [
    dict(id="chair-gmg", kind="coordination", title="Chaired the Global Migration Group",
         sdg={"stated": ["5", "10.7"], "analyst": ["8.8"]}, mechanisms=["GMG"],
         groups=["member-states"], mainstreaming=["gender-responsive-language"],
         events=[_event("meeting", f"GMG multi-stakeholder meeting {n}: {topic}",
                        "2016" if n <= 3 else f"2016-{n + 2:02d}" if n <= 5 else f"2016-{n + 4:02d}-1{n}",
                        "GMG", n) for n, topic in enumerate(GMG_TOPICS, 1)]),
    dict(id="summit-language", kind="advocacy", title="Advocated gender-responsive language in the New York "
         "Declaration", sdg={"stated": ["5"], "analyst": ["10.7"]}, mechanisms=[],
         groups=["migrant-women-and-girls-in-vulnerable-situations"],
         mainstreaming=["gender-responsive-language"],
         events=[_event("summit", "UN Summit for Refugees and Migrants", "2016-09-19"),
                 _event("meeting", "Roundtable concept notes agreed", "2016-08")]),
    dict(id="cmw-templates", kind="technical-support", title="Gender-responsive language for CMW reporting "
         "templates", sdg={"stated": ["8.8"]}, mechanisms=["CMW", "CEDAW"], groups=["women-migrant-workers"],
         mainstreaming=["gender-responsive-language", "capacity-building"],
         events=[_event("briefing", "CMW briefed on the submission on Mexico", "2016-08", "CMW")]),
    dict(id="side-events", kind="event", title="Side events at CEDAW, the Summit and the UPR",
         sdg={"analyst": ["5", "8.8"]}, mechanisms=["CEDAW", "UPR"], groups=["women-migrant-workers"],
         mainstreaming=["capacity-building", "gender-responsive-language"],
         events=[_event("side-event", "Side event at the 64th CEDAW session", "2016-07", "CEDAW"),
                 _event("side-event", "Side event at the 26th UPR session", "2016-11", "UPR"),
                 _event("side-event", "Side event at the UN Summit for Refugees and Migrants", "2016-09-19")]),
    dict(id="gfmd", kind="advocacy", title="Women migrant workers lobbied at the GFMD",
         sdg={"analyst": ["8.8"]}, mechanisms=["GFMD"], groups=["women-migrant-workers"], mainstreaming=[],
         events=[_event("summit", "9th GFMD Summit, Dhaka", "2016-12-10", "GFMD"),
                 _event("meeting", "GFMD thematic workshops", "2016")]),
    dict(id="reports", kind="knowledge-product", title="Three global reports and six policy briefs",
         sdg={"analyst": ["17.18"]}, mechanisms=[], groups=[], mainstreaming=["evidence-and-knowledge"],
         events=[]),
    dict(id="expert-meeting", kind="technical-support", title="Expert meeting on the global compact",
         sdg={}, mechanisms=[], groups=["women-migrant-workers"], mainstreaming=["evidence-and-knowledge"],
         events=[_event("meeting", "Expert meeting on women's rights in the global compact", "2016-11")]),
    *(dict(id=f"campaign-{n}", kind="advocacy", title=f"Advocacy campaign {n}", sdg={}, mechanisms=[],
           groups=["civil-society"], mainstreaming=["womens-rights-advocacy"], events=[]) for n in (1, 2)),
]


def _links(sdg: dict) -> dict:
    """The compact {"stated": ["5"], "analyst": ["8.8"]} of these tests as the model's links."""
    return {"stated": [{"code": c, "source": ["p1"]} for c in sdg.get("stated", [])],
            "analyst": [{"code": c, "reason": "A reason the test gives."} for c in sdg.get("analyst", [])]}


def make_contribution(items: list[dict] | None = None, year: int = 2017) -> Contribution:
    built = [Item(year=year - 1, status="done", summary="What was done.", source=["p1"],
                  **{**spec, "sdg": _links(spec.get("sdg", {}))})
             for spec in (ITEMS if items is None else items)]
    planned = Item(id="csw-side-event", year=year, status="planned", title="Side event at CSW61",
                   summary="A side event.", kind="event", sdg=_links({"analyst": ["5"]}), source=["p2"],
                   events=[Event(kind="side-event", title="Side event at CSW61", date=f"{year}-03-20",
                                  mechanism="CSW", source=["p2"]),
                           Event(kind="side-event", title="Side event at the Coordination Meeting",
                                  date=f"{year}-02-17", source=["p2"])])
    return Contribution(
        agency="un-women", year=year, title="Contribution to the Fifteenth Coordination Meeting",
        sdg_statements=[{"year": year - 1, "codes": ["5", "8", "8.8", "10", "10.7"], "source": ["p1"]}],
        meeting={"name": "Fifteenth Coordination Meeting", "short_name": "15th CM", "organizer": "UN DESA",
                 "place": "New York", "start": f"{year}-02-16", "end": f"{year}-02-17", "source": ["p1"]},
        source={"text": "sources/x.yaml", "original": "UN Women contribution"},
        items=[*built, planned])


def make_dataset() -> Dataset:
    return Dataset(reference=make_reference(), contributions=[make_contribution()], sources={})


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return make_dataset()


def draw_all(ds: Dataset) -> dict[str, Chart]:
    ref = ds.reference
    items = ds.items(year=2016)
    return {
        "matrix": coverage_matrix(items, ref),
        "matrix_items": coverage_matrix(items, ref, rows="items"),
        "timeline": timeline(ds.events(), ref),
        "kind": counts_by(items, "kind", ref),
        "mainstreaming": counts_by(items, "mainstreaming", ref),
        "groups": counts_by(items, "groups", ref),
    }


@pytest.fixture(scope="module")
def built(ds):
    """Each chart, once."""
    return draw_all(ds)


def render_all(ds: Dataset) -> dict[str, str]:
    """Every chart's SVG, and its PNG (as hex, so both compare and hash as text)."""
    charts = draw_all(ds)
    return {**{name: chart.svg for name, chart in charts.items()},
            **{f"{name}.png": chart.png.hex() for name, chart in charts.items()}}


# --- every chart -----------------------------------------------------------------------------

NAMES = ["matrix", "matrix_items", "timeline", "kind", "mainstreaming", "groups"]


@pytest.mark.parametrize("name", NAMES)
def test_chart_is_svg_with_words(built, name):
    chart = built[name]
    assert isinstance(chart, Chart)
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG_NS}svg"
    assert chart.svg.lstrip().startswith("<?xml")
    # text is drawn as outlines, so no <text> elements; the words live in alt, title, caption
    assert root.find(f".//{SVG_NS}text") is None
    assert chart.alt.strip() and chart.title.strip() and chart.caption.strip()
    assert re.search(r"\d", chart.title), "the title should state a finding with its number"
    assert chart.title.split(":")[0] in chart.alt
    assert chart.title.split(":")[0] not in chart.caption, "a caption never repeats its title"
    # no dates, creators or absolute paths leak into the file
    assert "<dc:date>" not in chart.svg and "dc:creator" not in chart.svg
    assert str(ROOT) not in chart.svg and "/home/" not in chart.svg
    width, height = chart.size
    assert width == round(16 / 2.54 * 96)  # 16 cm wide
    assert 100 < height < 16 / 2.54 * 96 * 1.6


@pytest.mark.parametrize("name", NAMES)
def test_html_figure(built, name):
    chart = built[name]
    figure = chart.html()
    assert figure.startswith('<figure class="chart"><img src="data:image/png;base64,')
    assert figure.endswith("</figcaption></figure>")
    alt = re.search(r'alt="([^"]*)"', figure).group(1)
    assert alt and html.unescape(alt) == chart.alt
    assert f'width="{chart.size[0]}" height="{chart.size[1]}"' in figure
    payload = re.search(r"base64,([^\"]+)\"", figure).group(1)
    assert base64.b64decode(payload) == chart.png
    assert chart.png.startswith(b"\x89PNG") and b"Software" not in chart.png
    assert html.escape(chart.caption, quote=False) in figure
    assert chart._repr_html_() == figure


def test_html_escapes_alt_and_caption():
    from matplotlib.figure import Figure
    chart = Chart(figure=Figure(figsize=(1, 0.5)), alt='Bars: "A" & <B> 3', title="T 1",
                  caption="<script>x</script> & co")
    figure = chart.html()
    assert 'alt="Bars: &quot;A&quot; &amp; &lt;B&gt; 3"' in figure
    assert "<figcaption>&lt;script&gt;x&lt;/script&gt; &amp; co</figcaption>" in figure
    assert 'width="96" height="48"' in figure


# --- reproducible bytes ------------------------------------------------------------------------

def test_same_bytes_twice_in_process(ds, built):
    again = render_all(ds)
    for name in NAMES:
        assert again[name] == built[name].svg, name
        assert again[f"{name}.png"] == built[name].png.hex(), name


def test_same_bytes_in_a_fresh_interpreter(ds):
    """A new process has new object ids and hash seeds: ids in the SVG must not depend on them."""
    here = {name: hashlib.sha256(svg.encode()).hexdigest() for name, svg in render_all(ds).items()}
    script = ("import hashlib, json, sys; sys.path.insert(0, sys.argv[1]);"
              "from tests.test_charts import make_dataset, render_all;"
              "print(json.dumps({k: hashlib.sha256(v.encode()).hexdigest() "
              "for k, v in render_all(make_dataset()).items()}))")
    # the charts' words are the project's (notebooks/charts.yaml): the test run's default project
    result = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True,
                            check=True, cwd="/", env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin",
                                                      paths.ROOT_VARIABLE: str(paths.ROOT)})
    assert json.loads(result.stdout.strip().splitlines()[-1]) == here


def test_global_matplotlib_state_untouched(ds):
    import matplotlib
    before = dict(matplotlib.rcParams)
    backend = matplotlib.get_backend()
    counts_by(ds.items(), "kind", ds.reference)
    assert dict(matplotlib.rcParams) == before
    assert matplotlib.get_backend() == backend


def test_module_never_uses_pyplot():
    source = "\n".join(path.read_text(encoding="utf-8") for path in Path(charts.__file__).parent.glob("*.py"))
    assert not re.search(r"^\s*(import|from)\s+matplotlib[.\w]*\s*(import\s+)?.*pyplot", source, re.M)
    assert "plt." not in source and "matplotlib.use(" not in source


# --- coverage matrix ----------------------------------------------------------------------------

def _fills(svg: str) -> dict[str, int]:
    """How often each fill (solid colour or hatch pattern) is used."""
    return dict(Counter(re.findall(r"fill: ?(url\(#h[0-9a-f]+\)|#[0-9a-f]{6})", svg)))


def test_coverage_marks_stated_and_analyst(built, ds):
    chart = built["matrix"]
    fills = _fills(chart.svg)
    assert any(key.startswith("url(#h") for key in fills), "analyst links are hatched"
    assert fills.get(charts.PALETTE["blue"].lower(), 0) >= 2, "stated links are solid"
    assert "<pattern" in chart.svg
    # links: chair-gmg 3 (1 analyst), summit 2 (1), cmw 1 (0), side 2 (2), gfmd 1 (1), reports 1 (1): 6 of 10
    # are analysts' (the words: tests/snapshots/charts.txt)
    assert {6, 10} <= set(numbers(chart.alt))


def test_coverage_split_cell_counts():
    ref = make_reference()
    codes = ["5", "8", "10"]
    items = [dict(id=f"x{n}", kind="advocacy", title=f"X{n}", sdg={"analyst": codes}, mechanisms=[m])
             for n, m in enumerate(["GMG", "GFMD", "UPR", "CSW", "CEDAW"])]
    items += [dict(id="a", kind="advocacy", title="A", sdg={"stated": ["5"]}, mechanisms=["CMW"]),
              dict(id="b", kind="advocacy", title="B", sdg={"analyst": ["5"]}, mechanisms=["CMW"]),
              dict(id="c", kind="advocacy", title="C", sdg={"analyst": ["5"]}, mechanisms=["CMW"])]
    ds = Dataset(reference=ref, contributions=[make_contribution(items)], sources={})
    chart = coverage_matrix(ds.items(year=2016), ref)
    fills = _fills(chart.svg)
    assert any(key.startswith("url(#h") for key in fills) and fills.get(charts.PALETTE["blue"].lower(), 0) >= 1, \
        "the CMW x Goal 5 cell holds both kinds (the words: tests/snapshots/charts.txt)"


def test_coverage_by_item(built):
    chart = built["matrix_items"]
    assert numbers(chart.title) == [8, 8, 4, 6], "Target 8.8, the most items: 4 of 6"
    assert "Chaired the Global Migration Group" in chart.alt, "each item by its title"


def test_coverage_rejects_unknown_rows(ds):
    with pytest.raises(ValueError, match="rows must be"):
        coverage_matrix(ds.items(), ds.reference, rows="countries")


# --- timeline -------------------------------------------------------------------------------------

def test_date_precision():
    assert date_span("2016")[2] == "year"
    assert date_span("2016-12") [1].isoformat() == "2017-01-01"
    assert date_span("2017-02-17")[1].isoformat() == "2017-02-18"
    assert [format_date(d, short=True) for d in ("2016", "2016-08", "2017-02-17")] == ["2016", "Aug 2016", "17 Feb 2017"]


def test_timeline_mixed_precision(built, ds):
    chart = built["timeline"]
    events = ds.events()
    assert len(events) == 18
    assert {date_span(e.event.date)[2] for e in events} == {"year", "month", "day"}
    assert numbers(chart.alt)[:4] == [18, 2016, 2017, 7], "18 events from January 2016 to March 2017, 7 to the day"
    # every event is listed, with its date as given, year-only events first in their year, then
    # months and days in date order
    listed = [chart.alt.index(f"{format_date(e.event.date, short=True)}: {e.event.title}") for e in events]
    dates = [date_span(e.event.date)[:2] + (date_span(e.event.date)[2] != "year",) for e in events]
    assert [d for _, d in sorted(zip(listed, dates))] == sorted(dates, key=lambda d: (d[0], d[2], d[1]))
    assert numbers(chart.title) == [2016, 3, 14], "November 2016 the busiest month: 3 of 14 dated to a month or day"


def test_timeline_many_events_fits_the_page():
    ref = make_reference()
    events = [_event("meeting", f"Meeting number {n} of a long series with a rather long title indeed",
                     ["2016", "2016-03", f"2016-{n % 12 + 1:02d}-{n % 27 + 1:02d}"][n % 3], number=n)
              for n in range(1, 31)]
    items = [dict(id="many", kind="event", title="Many", sdg={}, events=events)]
    ds = Dataset(reference=ref, contributions=[make_contribution(items)], sources={})
    chart = timeline(ds.events(), ref)
    width, height = chart.size
    assert height < 29.7 / 2.54 * 96 * 0.85  # fits on an A4 page with the brief's margins


def test_no_timeline_for_fewer_than_three_events_dated_to_the_month():
    ref = make_reference()

    def chart(*dates):
        events = [_event("meeting", f"E{n}", d) for n, d in enumerate(dates)]
        items = [dict(id="one", kind="event", title="One", sdg={}, events=events)]
        ds = Dataset(reference=ref, contributions=[make_contribution(items)], sources={})
        return timeline(ds.events(year=2016), ref)

    assert chart("2016") is None
    assert chart("2016", "2016", "2016", "2016-05", "2016-05-04") is None, "year-only events do not count"
    drawn = chart("2016", "2016-05", "2016-05-04", "2016-09")
    assert drawn is not None and numbers(drawn.alt)[0] == 4


# --- counts ---------------------------------------------------------------------------------------

def test_counts_by_kind(built):
    chart = built["kind"]
    assert numbers(chart.title) == [2016, 4, 9] and chart.title.startswith("Advocacy")
    assert re.search(r"Advocacy 4, Technical support 2, Coordination 1, Event 1, Knowledge products 1\b", chart.alt), \
        "every bar, largest first, with its count"


def test_no_bar_chart_a_sentence_says_as_well():
    ref = make_reference()

    def chart(*kinds):
        items = [dict(id=f"i{n}", kind=kind, title=f"I{n}", sdg={}) for n, kind in enumerate(kinds)]
        ds = Dataset(reference=ref, contributions=[make_contribution(items)], sources={})
        return counts_by(ds.items(year=2016), "kind", ref)

    assert chart("advocacy", "advocacy", "advocacy", "event", "coordination") is None, "three categories"
    assert chart("advocacy", "advocacy", "event", "coordination", "technical-support") is None, "all within one"
    assert chart("advocacy", "advocacy", "advocacy", "event", "coordination", "technical-support") is not None


def test_counts_by_multi_valued(built):
    chart = built["mainstreaming"]
    assert chart.title.startswith("Gender-responsive language") and numbers(chart.title) == [2016, 4, 9]
    groups = built["groups"]
    assert groups.title.startswith("Women migrant workers") and numbers(groups.title) == [2016, 4, 9]
    assert "Migrant women and girls in vulnerable situations 1" in groups.alt


def test_counts_by_unknown_field(ds):
    with pytest.raises(ValueError, match="field must be one of"):
        counts_by(ds.items(), "countries", ds.reference)


def test_counts_by_unknown_code_uses_the_code(ds):
    items = [dict(id=f"x{n}", kind=kind, title="X", sdg={}) for n, kind in
             enumerate(["new-kind", "advocacy", "advocacy", "advocacy", "event", "coordination"])]
    ds2 = Dataset(reference=ds.reference, contributions=[make_contribution(items)], sources={})
    chart = counts_by(ds2.items(year=2016), "kind", ds.reference)
    assert "new-kind 1" in chart.alt


# --- empty input ----------------------------------------------------------------------------------

def test_empty_input_gives_none(ds):
    ref = ds.reference
    assert coverage_matrix([], ref) is None
    assert coverage_matrix([], ref, rows="items") is None
    assert timeline([], ref) is None
    for field in ("kind", "mainstreaming", "groups"):
        assert counts_by([], field, ref) is None
    # records without anything to draw
    bare = [r for r in ds.items() if not r.sdg_codes]
    assert bare and coverage_matrix(bare, ref) is None
    no_groups = [r for r in ds.items() if not r.item.groups]
    assert no_groups and counts_by(no_groups, "groups", ref) is None


def test_real_data():
    """The charts draw the real data too."""
    from migration_briefs import load
    real = load()
    ref = real.reference
    drawn = 0
    for year in real.years():
        items = real.items(year=year)
        for chart in [coverage_matrix(items, ref), coverage_matrix(items, ref, rows="items"),
                      timeline(real.events(year=year), ref),
                      *(counts_by(items, f, ref) for f in ("kind", "mainstreaming", "groups"))]:
            if chart is not None:  # a chart with too little to show is left out
                ET.fromstring(chart.svg)
                assert chart.alt and chart.title
                drawn += 1
    assert drawn >= len(real.years()) * 3, "most charts have enough real data to draw"


# --- words -----------------------------------------------------------------------------------------

def test_coverage_marks_what_the_document_names_for_the_year(ds):
    chart = coverage_matrix(ds.items(year=2016), ds.reference, named=["8.8", "10.7", "16.1"])
    mark = chart.caption[chart.caption.index(charts.NAMED_MARK):]
    assert "8.8" in mark and "10.7" in mark and "16.1" not in mark, "only what the matrix shows"
    assert "Contribution to the Fifteenth Coordination Meeting (2017)" in chart.caption, "the paper, named"
    plain = coverage_matrix(ds.items(year=2016), ds.reference)
    assert charts.NAMED_MARK not in plain.caption and chart.svg != plain.svg


def test_a_goal_matrix_holds_that_goals_targets_only():
    ref = make_reference()
    items = [dict(id=f"i{n}", kind="advocacy", title=f"Item {n}", sdg={"analyst": codes}, mechanisms=[])
             for n, codes in enumerate([["5.2", "8.8"], ["5.2"], ["8.8", "10.7"], ["5.2", "5"], ["8.8"],
                                         ["5.2", "10.7"], ["8.8"]])]
    ds = Dataset(reference=ref, contributions=[make_contribution(items)], sources={})
    assert coverage_matrix(ds.items(year=2016), ref, rows="items", goal="8") is None, "one target: a list says it"
    chart = coverage_matrix(ds.items(year=2016), ref, rows="items")
    assert chart is not None
    for code in ("5.2", "8.8", "10.7"):
        assert code in chart.alt
    assert coverage_matrix(ds.items(year=2016), ref, rows="items", goal="5") is None, "5.2 alone, and goal 5 is no target"


def test_coverage_when_every_link_is_an_analysts():
    ref = make_reference()
    items = [dict(id=f"a{n}", kind="advocacy", title="A", sdg={"analyst": ["5.2", "8.8", "10.7"]}, mechanisms=[m])
             for n, m in enumerate(["GMG", "CMW", "CEDAW", "UPR", "GFMD", "CSW"])]
    ds = Dataset(reference=ref, contributions=[make_contribution(items)], sources={})
    chart = coverage_matrix(ds.items(year=2016), ref)
    assert 18 in numbers(chart.alt)
    assert len(chart.figure.legends[0].get_texts()) == 1, "the legend explains only the hatched cells it shows"


def test_the_house_style_is_the_charts_and_the_notebooks():
    import matplotlib
    style = matplotlib.rc_params_from_file(charts.STYLE_FILE, use_default_template=False)
    assert (style["font.size"], style["axes.titlesize"], style["xtick.labelsize"]) == \
        (charts.TEXT_SIZE, charts.TITLE_SIZE, charts.SMALL_SIZE)
    assert style["font.sans-serif"][0] == charts.FONT
    assert style["savefig.dpi"] == charts.PNG_DPI


def test_labels_inside_sentences():
    assert charts._in_sentence("Technical support") == "technical support"
    assert charts._in_sentence("Member States") == "Member States"
    assert charts._in_sentence("UN agencies and international organisations") == \
        "UN agencies and international organisations"
    assert charts._months_phrase([(2016, 11), (2016, 8), (2017, 2)]) == "August and November 2016 and February 2017"


# --- across agencies ---------------------------------------------------------------------------
# A brief across agencies reads one paper per agency; these build several agencies' papers.

def agency_code(n: int) -> str:
    return f"agency-{n:02d}"


def agencies_dataset(specs: dict[int, list[dict]], named: dict[int, list[str]] | None = None,
                     year: int = 2017) -> Dataset:
    """A dataset of one paper per agency: specs maps an agency's number to its items (as ITEMS);
    named, to the codes its paper names for the year's work as a whole."""
    named = named or {}
    ref = make_reference()
    agencies = {agency_code(n): Agency(code=agency_code(n), abbreviation=f"AG-{n:02d}", name=f"Agency {n}")
                for n in specs}
    ref = replace(ref, agencies={**ref.agencies, **agencies})
    contributions = []
    for n, items in specs.items():
        paper = make_contribution(items, year=year)
        statements = [{"year": year - 1, "codes": named[n], "source": ["p1"]}] if named.get(n) else []
        contributions.append(paper.model_copy(update={
            "agency": agency_code(n), "title": f"Paper of agency {n}",
            "sdg_statements": [type(paper.sdg_statements[0]).model_validate(s) for s in statements]}))
    return Dataset(reference=ref, contributions=contributions, sources={})


def ties(n: int, **sdg) -> list[dict]:
    """n items of one agency, each with these SDG links."""
    return [dict(id=f"t{k}", kind="advocacy", title=f"Item {k}", sdg=sdg, mechanisms=[]) for k in range(n)]


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\b\d+\b", text)]


def test_the_goal_tied_to_most_agencies_says_how_many_by_their_own_papers():
    # goals 5 and 10 reach all five agencies; the papers of 2 and 3 of them state the tie
    specs = {1: ties(2, stated=["5.2", "10.7"]), 2: ties(1, stated=["5"], analyst=["10", "8"]),
             3: ties(1, analyst=["5", "10.7"], stated=["10"]), 4: ties(3, analyst=["5.2", "8.8"], stated=["10"]),
             5: ties(1, analyst=["5", "10"])}
    ds = agencies_dataset(specs)
    chart = agencies_by_goal(ds.items(year=2016), ds.reference)
    # Goal 5, Goal 10, reached by 5 of 5 agencies each, 2 and 3 of them by their papers (in that order)
    assert numbers(chart.title) == [5, 10, 5, 5, 2, 3]

    # one goal in the lead, every agency's paper stating the tie: said as such, not as a count
    specs[5] = ties(1, stated=["5"], analyst=["10"])
    specs[4] = ties(1, stated=["5.2"], analyst=["8.8"])
    specs[3] = ties(1, stated=["5"], analyst=["8"])
    ds = agencies_dataset({**specs, 2: ties(1, stated=["5"], analyst=["8"])})
    lead = agencies_by_goal(ds.items(year=2016), ds.reference)
    assert numbers(lead.title) == [5, 5, 5], "every agency's paper: said as such (tests/snapshots/charts.txt)"


def test_many_goals_tied_to_most_agencies_give_the_range_of_their_papers_ties():
    goals = ["5", "8", "10", "17"]
    specs = {n: ties(1, stated=goals[:n % 3], analyst=goals[n % 3:]) for n in range(1, 6)}
    ds = agencies_dataset(specs)
    chart = agencies_by_goal(ds.items(year=2016), ds.reference)
    # four goals, each of 5 of 5 agencies; goals 10 and 17 by no paper, 5 by four: from 0 to 4
    assert numbers(chart.title) == [4, 5, 5, 0, 4]


def test_a_goal_matrix_marks_papers_naming_the_goal_or_one_of_its_targets():
    specs = {n: ties(1, analyst=["5.1", "5.2", "5.5"]) for n in range(1, 7)}
    named = {1: ["5"], 2: ["5.2"], 3: ["8.8"], 4: ["10", "5.c"], 5: ["15.5"]}
    ds = agencies_dataset(specs, named=named)
    named_codes = {agency_code(n): set(codes) for n, codes in named.items()}
    chart = agencies_by_goal(ds.items(year=2016), ds.reference, goal="5", named=named_codes)
    rows = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    marked = sorted(row.split()[0] for row in rows if row.endswith(charts.NAMED_MARK))
    assert marked == ["AG-01", "AG-02", "AG-04"], "goal 5 itself or any of its targets, not another goal's"
    assert numbers(chart.caption.split(charts.NAMED_MARK)[1]) == [5, 3, 6]

    overall = agencies_by_goal(ds.items(year=2016), ds.reference, named=named_codes)
    assert overall is None, "one goal only: too few columns"


def test_charts_across_agencies_speak_of_each_agencys_paper():
    specs = {n: ties(1, stated=["5.2"], analyst=["8.8", "10.7"]) for n in range(1, 5)}
    ds = agencies_dataset(specs)
    chart = agencies_by_goal(ds.items(year=2016), ds.reference)
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    # one agency's matrix keeps its words: the legends differ (each worded in tests/snapshots/charts.txt)
    single = coverage_matrix(make_dataset().items(year=2016), make_reference())
    assert legend[0] != single.figure.legends[0].get_texts()[0].get_text()


def test_counts_of_one_agree_with_their_verb():
    # one stated tie in all; target 8.8 reached by one agency only
    specs = {1: ties(1, stated=["5.2"], analyst=["8.8", "10.7"]), **{n: ties(1, analyst=["5.2", "10.7", "17.18"])
                                                                        for n in range(2, 6)}}
    ds = agencies_dataset(specs)
    chart = agencies_by_goal(ds.items(year=2016), ds.reference)
    for text in (chart.title, chart.caption, chart.alt):
        assert not re.search(r"\b1 (agencies|items|ties|are)\b", text), text
    assert re.search(r"\b1 is\b", chart.caption) and re.search(r"\b1 agency\b", chart.alt)


def _column_counts(records, goal=None) -> dict[str, tuple[int, int, int]]:
    """Per goal: agencies, items and items whose paper states the tie, counted here independently."""
    found: dict[str, list] = {}
    for r in records:
        for g in r.goals:
            found.setdefault(g, []).append(r)
    return {g: (len({r.agency for r in rs}), len(rs), sum(1 for r in rs if r.basis(g) == "stated"))
            for g, rs in found.items()}


@pytest.mark.parametrize("agencies", [8, 40])
def test_matrix_alt_text_gives_totals_and_columns_whatever_the_number_of_agencies(agencies):
    goals = ["5", "8", "10", "17"]
    specs = {n: ties(1 + n % 3, stated=[goals[n % 4]], analyst=[g for g in goals if g != goals[n % 4]][: 1 + n % 3])
             for n in range(1, agencies + 1)}
    ds = agencies_dataset(specs)
    records = ds.items(year=2016)
    chart = agencies_by_goal(records, ds.reference)
    per_column = {g: tuple(int(x) if x != "none" else 0 for x in found) for g, *found in re.findall(
        r"Goal (\d+): (\d+) agenc\w+, (\d+) items?, (\d+|none) stated", chart.alt)}
    assert per_column == _column_counts(records)
    total = sum(items for _, items, _ in per_column.values())
    stated = sum(s for _, _, s in per_column.values())
    assert {total, stated} <= set(numbers(chart.alt))
    assert chart.title in chart.alt
    detailed = "AG-01:" in chart.alt
    assert detailed == (agencies <= charts.ALT_MAX_AGENCIES), "each agency's row only while there are few"
    if not detailed:
        assert len(chart.alt) < charts.ALT_BUDGET, len(chart.alt)


def country_records(counts: list[int], names: dict[str, str] | None = None):
    """Records of max(counts) agencies in which country k has the work of counts[k] of them."""
    agencies = max(counts)
    specs = {n: ties(1, analyst=["5.2"]) for n in range(1, agencies + 1)}
    ds = agencies_dataset(specs)
    where = {r.agency: [f"C{k:02d}" for k, c in enumerate(counts) if int(r.agency[-2:]) <= c]
             for r in ds.items(year=2016)}
    ref = replace(ds.reference, countries={code: Country(alpha3="AAA", alpha2="AA", name=name)
                                           for code, name in (names or {}).items()})
    return ds.items(year=2016), ref, (lambda r: where[r.agency])


def test_bars_not_drawn_are_counted_with_their_most_agencies_not_named():
    # 15 bars drawn; of the five not drawn, the first ties with the last drawn (2 agencies)
    counts = [8, 7, 6, 6, 5, 5, 4, 4, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1]
    records, ref, in_country = country_records(counts)
    chart = agencies_per(records, "countries", ref, in_country=in_country)
    assert len(chart.figure.axes[0].get_yticklabels()) == charts.MAX_BARS
    note = chart.caption.split(")", 1)[1]
    assert numbers(note) == [5, 2] and "fewer" not in note, "5 more, with at most 2 agencies each"
    hidden = ["C15", "C16", "C17", "C18", "C19"]
    assert not any(code in chart.caption for code in hidden)
    assert all(code in chart.alt for code in hidden), "the alt text names them while it has room"
    listed = re.findall(r"(C\d\d) (\d+)", chart.alt)
    assert listed == [(f"C{k:02d}", str(c)) for k, c in enumerate(counts[:charts.MAX_BARS])]


def test_bar_alt_text_stops_naming_before_a_screen_reader_gives_up():
    counts = [9, 8] + [1] * 80
    names = {f"C{k:02d}": f"The long-named country number {k} of this test" for k in range(len(counts))}
    records, ref, in_country = country_records(counts, names)
    chart = agencies_per(records, "countries", ref, in_country=in_country)
    assert "country number 80 " not in chart.alt and len(chart.alt) <= charts.ALT_BUDGET
    assert numbers(chart.caption.split(")", 1)[1]) == [80 - charts.MAX_BARS + 2, 1]
    assert "alt text" not in chart.caption, "the caption promises only what the alt text holds"


def test_a_timeline_across_agencies_names_each_events_agency():
    specs = {n: [dict(id="e", kind="event", title="Events", sdg={},
                      events=[_event("meeting", "Side event at CSW61", f"2016-0{n}-1{n}"),
                              _event("meeting", f"Workshop {n}", f"2016-0{n + 4}")])] for n in range(1, 4)}
    ds = agencies_dataset(specs)
    events = ds.events(year=2016)
    plain = timeline(events, ds.reference)
    chart = timeline(events, ds.reference, by_agency=True, name_sources=False)
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert all(re.match(r"AG-0\d: ", label) for label in labels)
    assert not any(label.startswith("AG-") for label in (t.get_text() for t in plain.figure.axes[0].get_yticklabels()))
    assert all(f"AG-0{n}: Side event at CSW61" in chart.alt for n in range(1, 4)), "one title each, nothing to qualify"
    assert "Paper of agency" in plain.caption and "Paper of agency" not in chart.caption, "the papers named, or not"
    assert len(plain.alt.split("; ")) == len(chart.alt.split("; ")), "the same events, each once"


def test_planned_events_are_worded_as_plans_with_the_same_numbers():
    months = ["2017-02-10", "2017-03", "2017-03-15", "2017-05", "2017", "2017-05-02", "2017-03"]
    specs = {n: [dict(id="e", kind="event", title="Events", sdg={},
                      events=[_event("meeting", f"Event {k}", d) for k, d in enumerate(months[:n + 3])])]
             for n in range(1, 5)}
    ds = agencies_dataset(specs)
    events = ds.events()
    done = events_by_month(events, 2017, ds.reference)
    planned = events_by_month(events, 2017, ds.reference, planned=True)
    assert done is not None and planned is not None
    for a, b in [(done.title, planned.title), (done.alt, planned.alt), (done.caption, planned.caption)]:
        assert numbers(a) == numbers(b) and a != b  # the words of each: tests/snapshots/charts.txt


def test_planned_work_with_mechanisms_is_worded_as_plans_with_the_same_numbers():
    specs = {n: [dict(id="m", kind="advocacy", title="Work", sdg={}, mechanisms=["CMW", "GMG", "UPR", "CSW"][:n])]
             for n in range(1, 5)}
    ds = agencies_dataset(specs)
    records = ds.items(year=2016)
    did = agencies_per(records, "mechanisms", ds.reference)
    will = agencies_per(records, "mechanisms", ds.reference, planned=True)
    assert did is not None and will is not None
    assert numbers(did.alt) == numbers(will.alt) and did.title != will.title  # the words: tests/snapshots/charts.txt


# --- the words of every chart above, as a reviewer reads them ------------------------------------

def chart_cases() -> dict[str, object]:
    """The charts of the tests above, and the events' labels, by name: their words are checked
    against tests/snapshots/charts.txt, never pinned here."""
    ds, ref = make_dataset(), make_reference()
    cases: dict[str, object] = dict(draw_all(ds))
    cases["matrix, named for the year"] = coverage_matrix(ds.items(year=2016), ref, named=["8.8", "10.7", "16.1"])
    split = [dict(id=f"x{n}", kind="advocacy", title=f"X{n}", sdg={"analyst": ["5", "8", "10"]}, mechanisms=[m])
             for n, m in enumerate(["GMG", "GFMD", "UPR", "CSW", "CEDAW"])]
    split += [dict(id=i, kind="advocacy", title=i.upper(), sdg={b: ["5"]}, mechanisms=["CMW"])
              for i, b in (("a", "stated"), ("b", "analyst"), ("c", "analyst"))]
    cases["matrix, a split cell"] = coverage_matrix(
        Dataset(reference=ref, contributions=[make_contribution(split)], sources={}).items(year=2016), ref)
    analysts = [dict(id=f"a{n}", kind="advocacy", title="A", sdg={"analyst": ["5.2", "8.8", "10.7"]}, mechanisms=[m])
                for n, m in enumerate(["GMG", "CMW", "CEDAW", "UPR", "GFMD", "CSW"])]
    cases["matrix, every link an analyst's"] = coverage_matrix(
        Dataset(reference=ref, contributions=[make_contribution(analysts)], sources={}).items(year=2016), ref)
    for dates in [("2016", "2016", "2016", "2016", "2016-08", "2016-09", "2016-10"), ("2016-02-17", "2016-03", "2016-04"),
                  ("2016-02", "2016-03", "2016-05", "2016-07"),
                  ("2016-08", "2016-08-02", "2016-11", "2016-11-30", "2017-01")]:
        events = [_event("meeting", f"Event {i}", d) for i, d in enumerate(dates)]
        one = Dataset(reference=ref, contributions=[make_contribution(
            [dict(id="x", kind="event", title="X", sdg={}, events=events)])], sources={})
        cases[f"timeline of {', '.join(dates)}"] = timeline([e for e in one.events() if e.record.item.id == "x"], ref)
    many = [dict(id=f"i{n}", kind=kind, title=f"I{n}", sdg={}) for n, kind in
            enumerate(["advocacy", "coordination", "event", "technical-support"] * 3 + ["knowledge-product"])]
    cases["kinds, no one standing out"] = counts_by(
        Dataset(reference=ref, contributions=[make_contribution(many)], sources={}).items(year=2016), "kind", ref)
    cases["event label, numbered"] = event_label(Event(kind="meeting", title="Understanding large movements",
                                                      date="2016", number=1, mechanism="GMG", source=["p1"]), ref)
    at_csw = Event(kind="side-event", title="A gender perspective", date="2017-03-20", mechanism="CSW", session=61,
                   source=["p1"])
    cases["event label"] = event_label(at_csw, ref)
    cases["event label, told apart"] = event_label(at_csw, ref, qualify=True)
    cases["event label, an unknown kind told apart"] = event_label(Event(kind="hackathon", title="T", date="2016",
                                                                         source=["p1"]), ref, qualify=True)
    five = {1: ties(2, stated=["5.2", "10.7"]), 2: ties(1, stated=["5"], analyst=["10", "8"]),
            3: ties(1, analyst=["5", "10.7"], stated=["10"]), 4: ties(3, analyst=["5.2", "8.8"], stated=["10"]),
            5: ties(1, analyst=["5", "10"])}
    agencies = agencies_dataset(five)
    cases["agencies by goal"] = agencies_by_goal(agencies.items(year=2016), agencies.reference)
    every = agencies_dataset({**five, 5: ties(1, stated=["5"], analyst=["10"]), 4: ties(1, stated=["5.2"], analyst=["8.8"]),
                              3: ties(1, stated=["5"], analyst=["8"]), 2: ties(1, stated=["5"], analyst=["8"])})
    cases["agencies by goal, every paper stating the lead"] = agencies_by_goal(every.items(year=2016), every.reference)
    goals = ["5", "8", "10", "17"]
    spread = agencies_dataset({n: ties(1, stated=goals[:n % 3], analyst=goals[n % 3:]) for n in range(1, 6)})
    cases["agencies by goal, many goals in the lead"] = agencies_by_goal(spread.items(year=2016), spread.reference)
    named = {1: ["5"], 2: ["5.2"], 3: ["8.8"], 4: ["10", "5.c"], 5: ["15.5"]}
    marked = agencies_dataset({n: ties(1, analyst=["5.1", "5.2", "5.5"]) for n in range(1, 7)}, named=named)
    cases["agencies by goal 5, papers naming it"] = agencies_by_goal(
        marked.items(year=2016), marked.reference, goal="5",
        named={agency_code(n): set(codes) for n, codes in named.items()})
    events = agencies_dataset({n: [dict(id="e", kind="event", title="Events", sdg={},
                                        events=[_event("meeting", "Side event at CSW61", f"2016-0{n}-1{n}"),
                                                _event("meeting", f"Workshop {n}", f"2016-0{n + 4}")])]
                               for n in range(1, 4)}).events(year=2016)
    cases["timeline across agencies"] = timeline(events, ref, by_agency=True, name_sources=False)
    months = ["2017-02-10", "2017-03", "2017-03-15", "2017-05", "2017", "2017-05-02", "2017-03"]
    planned = agencies_dataset({n: [dict(id="e", kind="event", title="Events", sdg={},
                                         events=[_event("meeting", f"Event {k}", d) for k, d in enumerate(months[:n + 3])])]
                                for n in range(1, 5)})
    cases["events by month"] = events_by_month(planned.events(), 2017, planned.reference)
    cases["events by month, planned"] = events_by_month(planned.events(), 2017, planned.reference, planned=True)
    work = agencies_dataset({n: [dict(id="m", kind="advocacy", title="Work", sdg={},
                                      mechanisms=["CMW", "GMG", "UPR", "CSW"][:n])] for n in range(1, 5)})
    cases["agencies per mechanism"] = agencies_per(work.items(year=2016), "mechanisms", work.reference)
    cases["agencies per mechanism, planned"] = agencies_per(work.items(year=2016), "mechanisms", work.reference,
                                                            planned=True)
    records, countries_ref, in_country = country_records([8, 7, 6, 6, 5, 5, 4, 4, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1])
    cases["agencies per country, bars not drawn"] = agencies_per(records, "countries", countries_ref, in_country=in_country)
    return cases


@pytest.mark.snapshot
def test_the_words_of_every_chart_read_as_their_reviewed_snapshot(update_snapshots):
    from tests.test_snapshots import SNAPSHOTS
    lines = ["# The words of the charts of tests/test_charts.py: title, alt text, caption and drawn labels",
             "# (tests/test_charts.py; `make snapshots` rewrites this file)."]
    for name, case in chart_cases().items():
        lines += ["", f"## {name}"]
        if isinstance(case, str):
            lines.append(case)
            continue
        lines += [f"title: {case.title}", f"alt: {case.alt}", f"caption: {case.caption}"]
        legends = [t.get_text() for legend in case.figure.legends for t in legend.get_texts()]
        if legends:
            lines.append(f"legend: {'; '.join(legends)}")
    text = "\n".join(lines) + "\n"
    snapshot = SNAPSHOTS / "charts.txt"
    if update_snapshots:
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8"), "run `make snapshots` and review the diff"
