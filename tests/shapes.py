"""Projects in the shapes data can take, for walking every sentence template against them
(tests/test_shapes.py): how the papers tie work to SDGs (no statement, for the year as a whole,
for single items, both), how many agencies (one, two, forty), how many meetings (one, two), a year
of plans only, no programme countries, a draft built as a preview.

Each shape is written as a real project (reference tables, source texts, contribution files) and
loaded by the project's loader, so every shape is valid data. The agencies and their papers are
invented ("Shape agency 01", AG-01) and say so.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.projects import assemble

ORDINALS = {2017: "Fifteenth", 2018: "Sixteenth"}
SHORT = {2017: "15th", 2018: "16th"}
COUNTRIES = ["MEX", "PHL", "MDA", "NPL", "JOR", "GTM", "SEN", "LKA", "KEN", "BGD", "IDN", "COL", "MAR", "ETH", "UKR",
             "THA", "TUN", "ECU", "NGA", "KGZ"]
APPROACHES = ["human-rights-accountability", "gender-responsive-language", "capacity-building", "evidence-and-knowledge",
              "women-migrants-voice", "gender-responsive-policy"]
GROUPS = ["women-migrant-workers", "migrant-women-and-girls", "member-states", "civil-society-organisations",
          "treaty-body-experts"]
ORIGIN = "Invented for tests/test_shapes.py: a paper in one of the shapes data can take, not a real paper."


@dataclass(frozen=True)
class Shape:
    """What a project holds. `statements(i)` says how agency i's papers tie work to SDGs:
    "none", "year" (for the year's work as a whole), "items" (for single items) or "both"."""

    name: str
    agencies: int = 1
    meetings: int = 1
    ties: tuple[str, ...] = ("none",)  # per agency, cycled
    plans_only: bool = False
    countries: bool = True
    framing: bool = True
    drafts: bool = False  # a draft meeting block, a draft item and suggested targets, walked as a preview
    outside: bool = False  # a summary gives a fact from outside the paper, with its source
    notes: str = ""  # what a reader of the snapshot should look at
    extra: dict = field(default_factory=dict)

    def statements(self, i: int) -> str:
        return self.ties[(i - 1) % len(self.ties)]

    def describe(self) -> str:
        ties = ", ".join(dict.fromkeys(self.ties))
        return (f"{self.agencies} {'agency' if self.agencies == 1 else 'agencies'}; {self.meetings} "
                f"{'meeting' if self.meetings == 1 else 'meetings'}; SDG ties stated: {ties}; "
                f"{'plans only' if self.plans_only else 'work done and plans'}; "
                f"{'programme countries' if self.countries else 'no countries'}"
                f"{'' if self.framing else '; no framing'}{'; drafts, built as a preview' if self.drafts else ''}")


SHAPES = [
    Shape("no-statement", ties=("none",), notes="the paper names no SDG: every tie is an analyst's"),
    Shape("year-wide", ties=("year",), notes="the paper names SDGs for the year's work only"),
    Shape("item-level", ties=("items",), notes="the paper ties single items to targets (\"in line with target 10.7\")"),
    Shape("both", ties=("both",), outside=True,
          notes="the paper names SDGs for the year and ties single items; a summary gives a fact from outside it"),
    Shape("two-meetings", meetings=2, ties=("both",), notes="one agency's year rests on two papers"),
    Shape("plans-only", ties=("items",), plans_only=True, notes="a year the paper only plans"),
    Shape("no-countries", ties=("year",), countries=False, framing=False, notes="no programme country, no frame"),
    Shape("drafts", ties=("year",), drafts=True,
          notes="a draft as `briefs build --drafts` builds it: every page marked, each unconfirmed item too"),
    Shape("two-agencies-mixed", agencies=2, ties=("year", "items"), notes="one agency names SDGs for the year, the other ties items"),
    Shape("two-agencies-none", agencies=2, ties=("none",), countries=False, notes="neither agency's paper states a tie"),
    Shape("two-agencies-both", agencies=2, meetings=2, ties=("both",), notes="both agencies state ties, two meetings"),
    Shape("two-agencies-plans", agencies=2, ties=("none", "year"), plans_only=True, notes="plans only, across agencies"),
    Shape("six-agencies", agencies=6, meetings=2, ties=("year", "none", "items"),
          notes="enough agencies for the charts across agencies, few enough for their alt text to name each; "
                "agencies that come and go between meetings"),
    Shape("forty-agencies", agencies=40, meetings=2, ties=("none", "year", "items", "both"),
          notes="forty agencies over two meetings: charts across agencies, more countries than bars"),
]


def _agency(i: int) -> tuple[str, str, str]:
    return f"shape-{i:02d}", f"AG-{i:02d}", f"Shape agency {i:02d}"


def _paper(shape: Shape, i: int, meeting: int) -> tuple[dict, dict]:
    """(source text, contribution) of agency i's paper to the meeting of year `meeting`."""
    code, abbreviation, name = _agency(i)
    done_year, ties = meeting - 1, shape.statements(i)
    items_stated, year_stated = ties in ("items", "both"), ties in ("year", "both")
    paragraphs = []

    def para(text: str, section: str, kind: str = "paragraph") -> str:
        pid = f"p{len(paragraphs) + 1}"
        paragraphs.append({"id": pid, "kind": kind, "section": section, "text": text})
        return pid

    top = f"Contribution of {name} to the {ORDINALS[meeting]} Coordination Meeting on International Migration"
    front = para(top, "Front matter", "front-matter")
    done_section = f"A. Activities undertaken during {done_year}"
    plan_section = f"B. Initiatives planned for {meeting}"
    shift = (i - 1) * 3 + (meeting - 2017)  # each agency its own countries, changing from one meeting to the next
    countries = [COUNTRIES[shift % len(COUNTRIES)], COUNTRIES[(shift + 1) % len(COUNTRIES)]]
    items, statements, framing = [], [], []

    def item(item_id, status, year, title, kind, pid, analyst=(), stated=(), mechanisms=(), places=(), events=(),
             role="programme", products=()):
        entry = {"id": item_id, "year": year, "status": status, "title": title,
                 "summary": f"{name} {title[0].lower()}{title[1:]} (invented).", "kind": kind,
                 "sdg": {key: value for key, value in (
                     ("stated", [{"code": c, "source": [pid]} for c in stated]),
                     ("analyst", [{"code": c, "reason": f"The work concerns what target {c} asks for, in its words."}
                                  for c in analyst])) if value},
                 "source": [pid]}
        if mechanisms:
            entry["mechanisms"] = list(mechanisms)
        if places and shape.countries:
            entry["countries"] = [{"code": c, "role": role} for c in places]
        n = len(items) + i
        entry["mainstreaming"] = [APPROACHES[k % len(APPROACHES)] for k in range(n % 3, n % 3 + n % 4)]
        entry["groups"] = ([GROUPS[0]] if n % 2 else []) + [GROUPS[1 + k % 4] for k in range(n % 3, n % 3 + n % 2)]
        if products:
            entry["products"] = [{**p, "source": [pid]} for p in products]
        if events:
            entry["events"] = [{**e, "source": [pid]} for e in events]
        items.append(entry)

    if not shape.plans_only:
        para(done_section, done_section, "heading")
        if shape.framing:
            framing.append({"year": done_year, "frame": "the implementation of the 2030 Agenda",
                            "source": [para(f"{name}'s work in {done_year} supported the implementation of the 2030 "
                                            "Agenda.", done_section)]})
        if year_stated:
            statements.append({"year": done_year, "codes": ["5", "5.4", "8.8"],
                               "source": [para("The work contributed to Goal 5, target 5.4 and target 8.8.", done_section)]})
        pid = para(f"{name} advocated for the rights of women migrant workers with the CMW"
                   + (", in line with target 10.7." if items_stated else "."), done_section)
        item("cmw-advocacy", "done", done_year, "Advocated for women migrant workers' rights with the CMW", "advocacy",
             pid, analyst=[] if (meeting, i % 3) in ((2017, 1), (2018, 2)) else ["8.8"],  # agencies come and go on goal 8
             stated=["10.7"] if items_stated else [], mechanisms=["CMW"],
             places=countries[:1], role="subject" if i % 2 else "programme", events=[{"kind": "briefing", "title": "Briefing of the CMW",
                                            "date": f"{done_year}-{(i % 9) + 1:02d}", "mechanism": "CMW",
                                            "session": 25}])
        pid = para(f"{name} trained officials on gender-responsive migration policies.", done_section)
        item("training", "done", done_year, "Trained officials on gender-responsive migration policies",
             "capacity-building", pid, analyst=["10.7"], places=countries[: 1 + i % 2],
             products=[{"title": "Training guide on gender-responsive migration policy", "scope": "global", "count": 2}],
             events=[{"kind": "workshop", "title": "Regional workshop",
                      "date": f"{done_year}-{(i * 5) % 12 + 1:02d}-{10 + i % 9}"}])
        pid = para(f"{name} coordinated inter-agency work with the GMG, the CMW and the CEDAW Committee"
                   + (" towards target 5.2." if items_stated else "."), done_section)
        item("coordination", "done", done_year, "Coordinated inter-agency work on migration", "coordination", pid,
             analyst=["5.1" if meeting == 2017 else "5.5"], stated=["5.2"] if items_stated else [],
             mechanisms=["GMG", "CMW", "CEDAW"] if (i + meeting) % 3 else ["GMG", "GFMD", "UPR"][: 1 + (i // 3) % 3],
             places=countries[1:] if i % 4 == 0 else (),
             events=[{"kind": "meeting", "title": "Inter-agency meeting on migration", "date": f"{done_year}-11",
                      "mechanism": "GMG", "number": 1 + i % 7}])
        pid = para(f"Two States parties gave more attention to women migrant workers, {name} reports.", done_section)
        item("outcome", "outcome", done_year, "Two States parties gave more attention to women migrant workers",
             "advocacy", pid, analyst=["5.1" if meeting == 2017 else "5.5"], mechanisms=["CEDAW"] if i % 2 else [])
        if shape.outside:  # in the summary the CMW's brief tells (walked for every shape)
            items[0]["summary"] += f" The CMW met in {done_year} [O1]."
    para(plan_section, plan_section, "heading")
    if shape.framing:
        framing.append({"year": meeting, "frame": "the global compact for migration",
                        "source": [para(f"In {meeting}, {name} will support the global compact for migration.",
                                        plan_section)]})
    pid = para(f"{name} will support the negotiations on the global compact"
               + (", in line with target 10.7." if items_stated else "."), plan_section)
    item("compact", "planned", meeting, "Support the negotiations on the global compact", "policy-support", pid,
         analyst=[] if items_stated else ["10.7"], stated=["10.7"] if items_stated else [],
         events=[{"kind": "side-event", "title": "Side event at the Commission on the Status of Women",
                  "date": f"{meeting}-03", "mechanism": "CSW"}])
    pid = para(f"{name} will host a side event at the session of the CEDAW Committee.", plan_section)
    item("cedaw-event", "planned", meeting, "Host a side event at the CEDAW Committee's session", "event", pid,
         analyst=["5.1" if meeting == 2017 else "5.c"], mechanisms=["CEDAW"], places=countries[1:],
         events=[{"kind": "side-event", "title": "Side event at the CEDAW session",
                  "date": f"{meeting}-{(i % 3) + 6:02d}-{12 + i % 7}", "mechanism": "CEDAW"}])
    if shape.drafts:
        items[0]["draft"] = True
        items[1]["sdg"]["suggested"] = [{"code": "4.7", "score": 0.31, "matched": ["training"]},
                                        {"code": "16.6", "score": 0.2, "matched": ["officials"]}]
    source = {"title": f"{top} (invented)", "origin": ORIGIN, "paragraphs": paragraphs}
    contribution = {
        "agency": code, "year": meeting, "title": top,
        "meeting": {"name": f"{ORDINALS[meeting]} Coordination Meeting on International Migration",
                    "short_name": f"{SHORT[meeting]} Coordination Meeting on International Migration",
                    "organizer": "Population Division, UN DESA", "place": "New York",
                    "start": f"{meeting}-02-16", "end": f"{meeting}-02-17", "source": [front],
                    **({"draft": True} if shape.drafts else {})},
        "source": {"text": f"sources/{code}_{meeting}.yaml", "original": f"{name}, {top} (invented)"},
        **({"sdg_statements": statements} if statements else {}),
        **({"framing": framing} if framing else {}),
        **({"outside_sources": [{"ref": "O1", "citation": "An invented source, for tests/test_shapes.py",
                                 "url": "https://example.org/invented"}]} if shape.outside and items
           and any("[O1]" in i["summary"] for i in items) else {}),
        "items": items}
    return source, contribution


def write_shape(shape: Shape, root: Path) -> Path:
    """The project of `shape` at `root`: the fixture project's reference tables, notebooks and
    publisher, with the shape's agencies and papers in place of UN Women's."""
    assemble("un-women", root)
    for folder in ("contributions", "sources"):
        for path in sorted((root / "data" / folder).rglob("*.yaml")):
            path.unlink()
    agencies = root / "data" / "reference" / "agencies.yaml"
    with agencies.open("a", encoding="utf-8") as file:
        file.write("\n  # Invented for tests/test_shapes.py.\n")
        for i in range(1, shape.agencies + 1):
            code, abbreviation, name = _agency(i)
            file.write(f"  - code: {code}\n    abbreviation: {abbreviation}\n    name: {name}\n")
    meetings = [2017, 2018][: shape.meetings]
    for i in range(1, shape.agencies + 1):
        present = meetings
        if len(meetings) > 1 and shape.agencies > 2 and i % 5 in (3, 4):
            present = meetings[-1:] if i % 5 == 3 else meetings[:1]  # new at the last meeting, or gone
        for meeting in present:
            source, contribution = _paper(shape, i, meeting)
            code = contribution["agency"]
            (root / "data" / "sources" / f"{code}_{meeting}.yaml").write_text(
                f"# {ORIGIN}\n" + yaml.safe_dump(source, sort_keys=False, allow_unicode=True), encoding="utf-8")
            folder = root / "data" / "contributions" / code
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{meeting}.yaml").write_text(
                f"# {ORIGIN}\n" + yaml.safe_dump(contribution, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root
