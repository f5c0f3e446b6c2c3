"""A synthetic corpus for measurement and tests, never for readers: N invented agencies'
contributions to M Coordination Meetings, written into a scratch copy of the project.

The copy holds what a build needs (notebooks/, data/reference/, data/schema/, data/publisher.yaml,
data/README.md), taken from the default project (this checkout, or the folder MIGRATION_BRIEFS_ROOT
names: the tests write it from their fixture project, never from data/), and, per agency and meeting, a source text under data/sources/ and a contribution
file data/contributions/<agency>/<year>.yaml in the shape of the real ones, and per meeting the
key messages a person might write on its papers read together, data/system/<year>.yaml (on the
year's overview, Goals 5 and 8, the CMW and the programme country most agencies share, each citing
paragraphs of items on its subject). Every agency, paper, activity and message is invented and
says so: agencies are `synthetic-01`, ... ("Synthetic agency 01"), every title, origin and
message says the text is synthetic, and so does the copy's publisher disclaimer.
The real contributions are copied only with --with-real. Build it with
MIGRATION_BRIEFS_ROOT=DIR .venv/bin/briefs build (or build(root=DIR), load(DIR)).

Everything follows from --seed: the same arguments give the same bytes. Each agency's papers
are drawn from the seed and the agency alone, so a corpus of 5 agencies is the first 5 of 40
(but for the partners they name, drawn from the others).
Agencies whose number leaves 3 when divided by 5 appear at the last meeting only (new work) and
those that leave 4 at the first only (work that stopped), so changes across meetings show.

    .venv/bin/python bench/corpus.py N [--meetings M] [--out DIR] [--seed S] [--with-real]

--out defaults to a folder named for the arguments in the system's temporary folder. It must
be a new or empty folder, or a corpus this script wrote before (its data/ and notebooks/ are
replaced; anything else there, such as build/, is kept).
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from migration_briefs import paths
from migration_briefs.errors import BriefsError
from migration_briefs.model.reference import Reference, load_reference

ROOT = Path(__file__).resolve().parent.parent

MARKER = "SYNTHETIC-CORPUS.md"
MARKER_FIRST_LINE = "# A synthetic corpus written by bench/corpus.py"
# What a build of the copy reads besides the synthetic papers.
COPIED = ("notebooks", "data/reference", "data/schema", "data/publisher.yaml", "data/README.md")
ORIGIN = "Synthetic text written by bench/corpus.py for measurement; not a real paper."

# The first meeting is the Fifteenth, in February 2017, as the real seed paper's; one a year after it.
FIRST_MEETING, FIRST_YEAR = 15, 2017
ORDINALS = ("Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth", "Twentieth",
            "Twenty-first", "Twenty-second", "Twenty-third", "Twenty-fourth")

# Targets that papers on gender and migration name most often weigh more; every other target keeps
# a small weight, so that goals across the whole agenda appear too.
FAVOURED_TARGETS = {"5.1": 5, "5.2": 5, "5.5": 2, "5.c": 3, "8.5": 2, "8.7": 3, "8.8": 8, "10.2": 2,
                    "10.7": 10, "10.c": 3, "16.2": 3, "16.9": 3, "16.b": 2, "17.18": 4}
OTHER_TARGET_WEIGHT = 0.15
# Countries where migration programmes often run; each agency works in two or three of them, so
# that several agencies share each.
PROGRAMME_COUNTRIES = ("MEX", "PHL", "MDA", "NPL", "BGD", "GTM", "JOR", "LBN", "SEN", "NGA", "KGZ", "IDN",
                       "ETH", "MAR", "COL", "LKA")
# Other countries an item now and then names (as subject, co-facilitator or in passing): UN Member
# States that papers on migration name as countries of destination, transit or origin. Not the
# whole ISO table, which also holds Antarctica and uninhabited or dependent territories no such
# paper would name.
OTHER_COUNTRIES = ("ARG", "AUS", "AUT", "BEL", "BRA", "CAN", "CHE", "CHL", "CHN", "CIV", "COD", "DEU", "DOM",
                   "ECU", "EGY", "ESP", "FJI", "FRA", "GBR", "GHA", "GRC", "HND", "HTI", "IND", "IRQ", "ITA",
                   "JPN", "KEN", "KHM", "KOR", "KWT", "LBY", "MLI", "MMR", "MYS", "NER", "NLD", "NOR", "NZL",
                   "OMN", "PAK", "PER", "POL", "QAT", "ROU", "SAU", "SDN", "SGP", "SLV", "SOM", "SSD", "SWE",
                   "THA", "TUN", "TUR", "TZA", "UGA", "UKR", "USA", "VEN", "VNM", "YEM", "ZAF", "ZWE")
THEMES = ("the rights of women migrant workers", "safe migration for domestic workers",
          "remittances and women's financial inclusion", "trafficking in women and girls",
          "sex-disaggregated migration statistics", "migrant women's access to health services",
          "gender-responsive labour migration governance", "the return and reintegration of migrant women",
          "displacement of women after disasters", "birth registration of migrant children",
          "violence against women in transit", "recognition of migrant women's skills",
          "refugee women's livelihoods", "migrant women's access to justice",
          "ethical recruitment of women workers", "the global compact for migration")
VERBS = {"done": ("supported work on", "advocated on", "gave technical advice on", "trained officials on",
                  "convened partners on", "published research on"),
         "planned": ("support work on", "advocate on", "give technical advice on", "train officials on",
                     "convene partners on", "publish research on")}
# Subjects the notes on a meeting's papers read together speak to besides the year's overview: the
# goals and mechanism the draws above make most common, so that each is likely to have a system brief
# (the notes also speak to the programme country most agencies share).
NOTE_GOALS = ("5", "8")
NOTE_MECHANISM = "CMW"
SYNTHETIC_MESSAGE = "(a synthetic key message, written for measurement)"
NOTES_HEADER = "# Synthetic key messages written by bench/corpus.py for measurement; no person wrote them."
FRAMES = ("the implementation of the migration-related commitments of the 2030 Agenda",
          "the implementation of the New York Declaration for Refugees and Migrants",
          "the global compact for safe, orderly and regular migration")


class CorpusError(BriefsError):
    """The corpus cannot be written where asked; nothing has been written."""


@dataclass(frozen=True)
class SyntheticAgency:
    code: str
    number: str
    years: tuple[int, ...]       # the meeting years it sends a paper to
    countries: tuple[str, ...]   # its programme countries
    size: int                    # about how many items it reports a year

    @property
    def name(self) -> str:
        return f"Synthetic agency {self.number}"


@dataclass(frozen=True)
class Meeting:
    number: int
    year: int

    @property
    def name(self) -> str:
        return f"{ORDINALS[self.number - FIRST_MEETING]} Coordination Meeting on International Migration"

    @property
    def ordinal(self) -> str:
        """'15th', '21st', '22nd', '23rd'."""
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(self.number % 10, "th") if self.number % 100 not in (11, 12, 13) \
            else "th"
        return f"{self.number}{suffix}"

    @property
    def short_name(self) -> str:
        return f"{self.ordinal} Coordination Meeting on International Migration"


# --- where it goes ----------------------------------------------------------------------

def default_out(agencies: int, meetings: int, seed: int) -> Path:
    return Path(tempfile.gettempdir()) / f"migration-briefs-corpus-{agencies}x{meetings}-seed{seed}"


def check_out(out: Path) -> None:
    """Refuse a folder a corpus must never go to, before anything is written."""
    out, repo = out.resolve(), ROOT.resolve()
    if out == repo or out.is_relative_to(repo / "data"):
        raise CorpusError(f"{out}: a synthetic corpus is never written into the repository or its data/; "
                          "give --out a folder outside it, e.g. /tmp/corpus", where=str(out),
                          reason="inside the repository's data", hint="give --out a folder outside it")
    if out.exists() and not out.is_dir():
        raise CorpusError(f"{out} is a file, not a folder; give --out a new or empty folder", where=str(out),
                          reason="not a folder", hint="give --out a new or empty folder")
    if out.is_dir() and any(out.iterdir()) and not is_corpus(out):
        raise CorpusError(f"{out} is not empty and holds no corpus written by bench/corpus.py; give --out a new "
                          "or empty folder, or remove this one first", where=str(out),
                          reason="not empty", hint="give --out a new or empty folder")


def is_corpus(folder: Path) -> bool:
    marker = folder / MARKER
    return marker.is_file() and not marker.is_symlink() and \
        marker.read_text(encoding="utf-8").startswith(MARKER_FIRST_LINE)


def copy_project(out: Path, with_real: bool) -> None:
    """Copy what a build needs from the default project, after removing an earlier corpus's data
    and notebooks (check_out has made sure the folder holds one, or nothing)."""
    for name in ("data", "notebooks", MARKER):
        path = out / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
    hidden = shutil.ignore_patterns(".*", "__pycache__")
    for name in COPIED + (("data/contributions", "data/sources") if with_real else ()):
        source, target = paths.PROJECT.root / name, out / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=hidden)
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    (out / "data" / "contributions").mkdir(parents=True, exist_ok=True)
    (out / "data" / "sources").mkdir(parents=True, exist_ok=True)


# --- who and when -----------------------------------------------------------------------

def make_meetings(count: int) -> list[Meeting]:
    return [Meeting(FIRST_MEETING + m, FIRST_YEAR + m) for m in range(count)]


def make_agencies(count: int, meetings: list[Meeting], seed: int) -> list[SyntheticAgency]:
    width = max(2, len(str(count)))
    years = tuple(m.year for m in meetings)
    agencies = []
    for i in range(1, count + 1):
        rng = random.Random(f"{seed}/agency/{i}")
        present = years
        if len(years) > 1 and i % 5 == 3:
            present = years[-1:]
        elif len(years) > 1 and i % 5 == 4:
            present = years[:1]
        countries = tuple(rng.sample(PROGRAMME_COUNTRIES, rng.randint(2, 3)))
        agencies.append(SyntheticAgency(f"synthetic-{i:0{width}d}", f"{i:0{width}d}", present, countries,
                                        rng.randint(4, 12)))
    return agencies


def append_agencies(path: Path, agencies: list[SyntheticAgency]) -> None:
    """Add the synthetic agencies to the copy's agencies.yaml, after the real ones (the list is
    the file's last key, so appended entries join it and its comments stay)."""
    lines = ["", "  # Synthetic agencies written by bench/corpus.py for measurement; none of them exists."]
    for agency in agencies:
        lines += [f"  - code: {agency.code}", f"    abbreviation: SYN-{agency.number}", f"    name: {agency.name}"]
    with path.open("a", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")


def mark_publisher(path: Path) -> None:
    publisher = yaml.safe_load(path.read_text(encoding="utf-8"))
    marked = ("A synthetic corpus written by bench/corpus.py for measurement: every agency, paper and activity in "
              "it is invented, and no reader should take it for data. ")
    for key in ("disclaimer", "disclaimer_across_agencies"):
        if publisher.get(key):
            publisher[key] = marked + publisher[key]
    path.write_text(dump(publisher, "# The publisher, marked: this copy holds a synthetic corpus."),
                    encoding="utf-8")


# --- one paper --------------------------------------------------------------------------

class Paper:
    """A synthetic source text as it grows: paragraphs with ids, kinds and sections."""

    def __init__(self) -> None:
        self.paragraphs: list[dict] = []
        self.section = "Front matter"

    def add(self, text: str, kind: str = "paragraph") -> str:
        pid = f"p{len(self.paragraphs) + 1}"
        self.paragraphs.append({"id": pid, "kind": kind, "section": self.section, "text": text})
        return pid

    def heading(self, section: str, text: str) -> str:
        self.section = section
        return self.add(text, "heading")


class Draw:
    """The random choices of one paper, from the reference tables."""

    def __init__(self, rng: random.Random, reference: Reference, year: int):
        self.rng = rng
        self.reference = reference
        codes = list(reference.targets)
        self.targets = codes
        self.target_weights = [FAVOURED_TARGETS.get(code, OTHER_TARGET_WEIGHT) for code in codes]
        # Mechanisms in existence that year, weighted by rank so some are common and some rare.
        self.mechanisms = [code for code, m in reference.mechanisms.items()
                           if m.established <= year and (m.ended is None or year <= m.ended)]
        self.mechanism_weights = [1 / (rank + 1) ** 1.3 for rank in range(len(self.mechanisms))]
        self.vocab = {name: list(reference.vocabulary(name)) for name in
                      ("item_kinds", "event_kinds", "groups", "mainstreaming")}
        self.roles = {role.code: role.in_country for role in reference.vocabularies.country_roles}

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def some(self, name: str, low: int, high: int) -> list[str]:
        return self.rng.sample(self.vocab[name], self.rng.randint(low, high))

    def sdg_codes(self, count: int) -> list[str]:
        found: list[str] = []
        while len(found) < count:
            code = self.rng.choices(self.targets, self.target_weights)[0]
            if self.chance(0.15):
                code = code.split(".")[0]  # now and then the goal, not a target
            if code not in found:
                found.append(code)
        return found

    def mechanism_codes(self) -> list[str]:
        count = self.rng.choices((0, 1, 2, 3), (4, 4, 2, 1))[0]
        found: list[str] = []
        while len(found) < min(count, len(self.mechanisms)):
            code = self.rng.choices(self.mechanisms, self.mechanism_weights)[0]
            if code not in found:
                found.append(code)
        return found


def joined(words: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'; '' for none."""
    return " and ".join(filter(None, [", ".join(words[:-1]), *words[-1:]]))


def sdg_name(code: str) -> str:
    return f"target {code}" if "." in code else f"Goal {code}"


def partial_date(draw: Draw, year: int, first_month: int) -> str | int:
    """A date at year, month or day precision, spread over the months."""
    month = draw.rng.randint(first_month, 12)
    precision = draw.rng.choices(("year", "month", "day"), (2, 4, 4))[0]
    if precision == "year":
        return year
    if precision == "month":
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{draw.rng.randint(1, 28):02d}"


def make_countries(draw: Draw, agency: SyntheticAgency, kind: str) -> list[dict]:
    rng = draw.rng
    roll = rng.random()
    if roll < 0.3:
        return []
    if roll < 0.75:
        return [{"code": rng.choice(agency.countries), "role": "programme"}]
    if roll < 0.87:
        return [{"code": code, "role": "programme"} for code in rng.sample(agency.countries, 2)]
    other = rng.choice(OTHER_COUNTRIES)
    role = "subject" if kind in ("submission", "briefing", "assessment") else \
        rng.choice([code for code in draw.roles if code != "programme"])
    found = [{"code": rng.choice(agency.countries), "role": "programme"}]
    if other not in agency.countries:
        found.append({"code": other, "role": role})
    return found


def make_events(draw: Draw, paper: Paper, item: dict, paragraph: str, year: int, first_month: int) -> list[dict]:
    rng = draw.rng
    count = rng.choices((0, 1, 2, 3), (5, 3, 2, 1))[0] if item["kind"] != "event" else rng.randint(1, 3)
    events = []
    for n in range(1, count + 1):
        kind = rng.choice(draw.vocab["event_kinds"])
        title = f"{kind.replace('-', ' ').capitalize()} on {rng.choice(THEMES)}"
        # a series is listed under the item's paragraph, one list item an event, as papers do
        source = [paper.add(f"{n}. {title}", "list-item")] if count > 1 else [paragraph]
        event: dict = {"kind": kind, "title": title, "date": partial_date(draw, year, first_month)}
        if count > 1:
            event["number"] = n
        if item.get("mechanisms") and rng.random() < 0.5:
            event["mechanism"] = rng.choice(item["mechanisms"])
            if rng.random() < 0.5:
                event["session"] = rng.randint(10, 80)
        event["source"] = source
        events.append(event)
    return events


def make_item(draw: Draw, paper: Paper, agency: SyntheticAgency, others: list[str], year: int, status: str,
              n: int) -> dict:
    rng = draw.rng
    kind = rng.choice(draw.vocab["item_kinds"])
    theme = rng.choice(THEMES)
    tense = "planned" if status == "planned" else "done"
    verb = rng.choice(VERBS[tense])
    mechanisms = draw.mechanism_codes()
    countries = make_countries(draw, agency, kind)
    # The same draws whatever the number of other agencies, and the partners from a stream of their
    # own: otherwise an agency's papers would change with the size of the corpus.
    wants_partners, count, picker = draw.chance(0.3), rng.randint(1, 2), random.Random(rng.getrandbits(64))
    partners = picker.sample(others, min(len(others), count)) if others and wants_partners else []
    codes = draw.sdg_codes(rng.choices((0, 1, 2, 3), (2, 5, 3, 1))[0])
    stated = [code for code in codes if draw.chance(0.25)]
    where = joined([draw.reference.countries[c["code"]].name for c in countries])
    text = " ".join(filter(None, [
        f"In {year}, {agency.name} {'will ' if tense == 'planned' else ''}{verb} {theme}",
        f"with the {joined(mechanisms)}" if mechanisms else "",
        f"in {where}" if where else "",
        f"together with {joined(partners)}" if partners else "",
    ])) + "."
    if status == "outcome":
        text += f" As a result, the paper reports, work on {theme} moved forward."
    if stated:
        text += f" This work contributes to {joined([sdg_name(code) for code in stated])}."
    paragraph = paper.add(text)
    item: dict = {
        "id": f"{kind}-{year}-{n:02d}", "year": year, "status": status,
        "title": f"{verb[0].upper()}{verb[1:]} {theme}"[:120],
        "summary": text, "kind": kind,
    }
    sdg: dict = {}
    if stated:
        sdg["stated"] = [{"code": code, "source": [paragraph]} for code in stated]
    analyst = [code for code in codes if code not in stated]
    if analyst:
        sdg["analyst"] = [{"code": code, "reason": f"Synthetic tie for measurement: work on {theme} read against "
                           f"{sdg_name(code)}."} for code in analyst]
    if sdg:
        item["sdg"] = sdg
    if mechanisms:
        item["mechanisms"] = mechanisms
    if countries:
        item["countries"] = countries
    if partners:
        item["partners"] = partners
    item["groups"] = draw.some("groups", 1, 3)
    item["mainstreaming"] = draw.some("mainstreaming", 1, 2)
    if kind == "knowledge-product" or draw.chance(0.1):
        item["products"] = [{"title": f"Synthetic {noun} on {theme}", "scope": rng.choice(("global", "national")),
                             **({"count": rng.randint(2, 6)} if draw.chance(0.4) else {}), "source": [paragraph]}
                            for noun in rng.sample(("report", "policy brief", "guide", "study"), rng.randint(1, 2))]
    events = make_events(draw, paper, item, paragraph, year, 3 if status == "planned" else 1)
    if events:
        item["events"] = events
    item["source"] = [paragraph]
    return item


def make_year(draw: Draw, paper: Paper, agency: SyntheticAgency, others: list[str], year: int, planned: bool,
              letter: str) -> tuple[list[dict], dict, str | None]:
    """One year's section of a paper: its heading, perhaps a year-wide SDG statement, its items."""
    what = "PLANNED FOR" if planned else "UNDERTAKEN DURING"
    frame = draw.rng.choice(FRAMES)
    heading = paper.heading(f"{letter}. {'Plans for' if planned else 'Activities in'} {year}",
                            f"{letter}. ACTIVITIES {what} {year} TO SUPPORT {frame.upper()}")
    statement = None
    if not planned and draw.chance(0.5):
        codes = draw.sdg_codes(draw.rng.randint(2, 4))
        named = joined([sdg_name(code) for code in codes])
        statement = {"year": year, "codes": codes,
                     "source": [paper.add(f"Over the course of the year, {agency.name}'s work supported {named}.")]}
    count = max(4, min(12, agency.size + draw.rng.randint(-2, 2)))
    items = []
    for n in range(1, count + 1):
        if n % 4 == 1 and n > 1:
            theme = draw.rng.choice(THEMES)
            paper.heading(f"{letter}.{n // 4} {theme[0].upper()}{theme[1:]}", f"{n // 4}. {theme.capitalize()}")
        status = "planned" if planned else ("outcome" if draw.chance(0.2) else "done")
        items.append(make_item(draw, paper, agency, others, year, status, n))
    framing = {"year": year, "frame": frame, "source": [heading]}
    return items, framing, statement


def make_key_messages(draw: Draw, agency: SyntheticAgency, items: list[dict]) -> list[dict]:
    messages = []
    for item in draw.rng.sample(items, min(len(items), draw.rng.randint(3, 6))):
        what = item["title"][0].lower() + item["title"][1:]
        text = (f"In {item['year']}, {agency.name} {'will ' if item['status'] == 'planned' else ''}{what} "
                f"{SYNTHETIC_MESSAGE}.")
        messages.append({"text": text, "items": [item["id"]], "source": list(item["source"])})
    return messages


def make_not_said(draw: Draw, years: list[int], items: list[dict]) -> list[dict]:
    entries = []
    for year in years:
        if draw.chance(0.5):
            of_year = [item for item in items if item["year"] == year]
            entry: dict = {"year": year, "text": f"The synthetic paper gives no figures for its {year} work: not how "
                                                 "many people it reached, nor what it cost."}
            if draw.chance(0.5):
                entry["items"] = [draw.rng.choice(of_year)["id"]]
            entry["source"] = sorted({pid for item in of_year for pid in item["source"]}, key=lambda p: int(p[1:]))
            entries.append(entry)
    return entries


def make_paper(agency: SyntheticAgency, meeting: Meeting, reference: Reference, others: list[str],
               seed: int) -> tuple[str, dict, dict]:
    """One agency's paper to one meeting: (source file name, source text, contribution)."""
    rng = random.Random(f"{seed}/paper/{agency.code}/{meeting.year}")
    draw = Draw(rng, reference, meeting.year)
    day = rng.randint(10, 20)
    paper = Paper()
    front = [paper.add(text, "front-matter") for text in (
        meeting.name.upper(), "Population Division", "Department of Economic and Social Affairs",
        "United Nations Secretariat", f"New York, {day}-{day + 1} February {meeting.year}",
        f"SYNTHETIC CONTRIBUTION TO THE {meeting.name.upper()}", agency.name)]
    footnote = paper.add("This is a synthetic paper written by bench/corpus.py for measurement; it reports "
                         "nothing any agency did.", "footnote")
    done, framing_done, statement = make_year(draw, paper, agency, others, meeting.year - 1, False, "A")
    planned, framing_planned, _ = make_year(draw, paper, agency, others, meeting.year, True, "B")
    items = done + planned
    title = f"Synthetic contribution to the {meeting.name}"
    name = f"{agency.code}_{meeting.ordinal}-coordination-meeting_{meeting.year}.yaml"
    source = {"title": f"{title} ({agency.name})",
              "origin": f"{ORIGIN} It stands for a paper {agency.name}, an invented agency, might send to the "
                        f"{meeting.name}, New York, {day}-{day + 1} February {meeting.year}.",
              "paragraphs": paper.paragraphs}
    contribution: dict = {
        "agency": agency.code, "year": meeting.year, "title": title,
        "meeting": {"name": meeting.name, "short_name": meeting.short_name,
                    "organizer": "Population Division, Department of Economic and Social Affairs, "
                                 "United Nations Secretariat",
                    "place": "New York", "start": f"{meeting.year}-02-{day:02d}",
                    "end": f"{meeting.year}-02-{day + 1:02d}", "source": [*front, footnote]},
        "source": {"text": f"sources/{name}", "original": f"{agency.name}, {title} ({ORIGIN})"},
        "disclaimer": [footnote],
    }
    if statement:
        contribution["sdg_statements"] = [statement]
    contribution["framing"] = [f for f in (framing_done, framing_planned) if draw.chance(0.7)]
    contribution["key_messages"] = make_key_messages(draw, agency, items)
    contribution["not_said"] = make_not_said(draw, [meeting.year - 1, meeting.year], items)
    contribution["items"] = items
    return name, source, {k: v for k, v in contribution.items() if v != []}


# --- a meeting's papers read together ---------------------------------------------------

def on_subject(item: dict, about: str) -> bool:
    """Whether an item is on a system brief's subject ('goal-5', 'mechanism-CMW', 'country-MEX'), as
    the system briefs read it: a goal by the paper's or an analyst's tie, a country in any role."""
    kind, code = about.split("-", 1)
    if kind == "goal":
        sdg = item.get("sdg", {})
        return any(tie["code"].split(".")[0] == code for part in ("stated", "analyst") for tie in sdg.get(part, []))
    if kind == "mechanism":
        return code in item.get("mechanisms", [])
    return any(country["code"] == code for country in item.get("countries", []))


def shared_country(papers: list[tuple[SyntheticAgency, dict]]) -> str:
    """The programme country the items of most agencies' papers to a meeting name (ties: the first
    in PROGRAMME_COUNTRIES)."""
    agencies = {code: {agency.code for agency, contribution in papers for item in contribution["items"]
                       if on_subject(item, f"country-{code}")} for code in PROGRAMME_COUNTRIES}
    return max(PROGRAMME_COUNTRIES, key=lambda code: (len(agencies[code]), -PROGRAMME_COUNTRIES.index(code)))


def make_system_message(rng: random.Random, meeting: Meeting, papers: list[tuple[SyntheticAgency, dict]],
                        year: int, about: str | None, work: str, matches) -> dict | None:
    """A key message on the work of `year` that `matches` picks out, citing the paragraphs of such
    items in one to three agencies' papers; None when no paper has such work."""
    found = [(agency, items) for agency, contribution in papers
             if (items := [item for item in contribution["items"] if item["year"] == year and matches(item)])]
    if not found:
        return None
    cited = sorted(rng.sample(found, min(len(found), rng.randint(1, 3))), key=lambda pair: pair[0].code)
    names = joined([agency.name for agency, _ in cited])
    share = f"all {len(papers)}" if len(found) == len(papers) > 1 else f"{len(found)} of the {len(papers)}"
    those = ("" if len(cited) == len(found) else "among them ") + ("that of" if len(cited) == 1 else "those of")
    # the meeting named, as a brief on a year reads the notes of the two meetings whose papers cover it
    text = (f"In {year}, {'planned ' if year == meeting.year else ''}{work} appears in {share} synthetic papers "
            f"to the {meeting.ordinal} Coordination Meeting, {those} {names} {SYNTHETIC_MESSAGE}.")
    source = [{"agency": agency.code, "year": meeting.year,
               "paragraphs": sorted({pid for item in rng.sample(items, min(len(items), rng.randint(1, 2)))
                                     for pid in item["source"]}, key=lambda pid: int(pid[1:]))}
              for agency, items in cited]
    return {"year": year, **({"about": about} if about else {}), "text": text, "source": source}


def make_notes(meeting: Meeting, papers: list[tuple[SyntheticAgency, dict]], reference: Reference,
               seed: int) -> dict:
    """The key messages a person might write on a meeting's papers read together (data/system/):
    two to four on the year's overview, each on a theme several papers share, then one or two on
    each of a few subjects likely to have a system brief. The papers report the year before the
    meeting and plan its year."""
    rng = random.Random(f"{seed}/notes/{meeting.year}")
    reported, planned = meeting.year - 1, meeting.year
    messages = []
    count = rng.randint(2, 4)
    years = [reported, planned, *(rng.choice((reported, planned)) for _ in range(count - 2))]
    used: set[tuple[int, str]] = set()
    for year in years:
        themes = sorted({theme for _, contribution in papers for item in contribution["items"]
                         for theme in THEMES if item["year"] == year and item["title"].endswith(theme)}
                        - {theme for y, theme in used if y == year})
        if not themes:
            continue
        theme = rng.choice(themes)
        used.add((year, theme))
        messages.append(make_system_message(rng, meeting, papers, year, None, f"work on {theme}",
                                            lambda item, theme=theme: item["title"].endswith(theme)))
    country = shared_country(papers)
    subjects = [*((f"goal-{goal}", f"work tied to Goal {goal}") for goal in NOTE_GOALS),
                (f"mechanism-{NOTE_MECHANISM}", f"work with the {NOTE_MECHANISM}"),
                (f"country-{country}", f"work in or about {reference.countries[country].name}")]
    for about, work in subjects:
        for year in (reported, planned)[:rng.randint(1, 2)]:
            messages.append(make_system_message(rng, meeting, papers, year, about, work,
                                                lambda item, about=about: on_subject(item, about)))
    return {"meeting": meeting.name, "year": meeting.year,
            "key_messages": [message for message in messages if message is not None]}


# --- writing ----------------------------------------------------------------------------

class Dumper(yaml.SafeDumper):
    """YAML laid out as the hand-written files are: lists indented under their key, and lists
    of codes or paragraph ids on one line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _short(values) -> bool:
    return all(isinstance(v, (str, int)) for v in values) and sum(len(str(v)) for v in values) < 80


def _list(dumper: Dumper, values: list):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", values, flow_style=_short(values))


def _mapping(dumper: Dumper, values: dict):
    # a country and its role on one line, as {code: MEX, role: programme}, and so a paper's paragraphs
    # a system key message cites, as {agency: synthetic-01, year: 2017, paragraphs: [p13, p14]}
    one_line = (set(values) == {"code", "role"} and _short(values.values())) or \
        (set(values) == {"agency", "year", "paragraphs"} and _short(values["paragraphs"]))
    return dumper.represent_mapping("tag:yaml.org,2002:map", values, flow_style=one_line)


Dumper.add_representer(list, _list)
Dumper.add_representer(dict, _mapping)


def dump(data: dict, header: str) -> str:
    return header + "\n" + yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=110)


def write_corpus(out: Path, agencies: int, meetings: int = 2, seed: int = 0, with_real: bool = False) -> Path:
    """Write the corpus into `out` (checked first: see the module's doc) and return it, the
    project root to build or load."""
    if agencies < 1 or not 1 <= meetings <= len(ORDINALS):
        raise CorpusError(f"asked for {agencies} agencies and {meetings} meetings; give at least one agency and "
                          f"1 to {len(ORDINALS)} meetings", reason="out of range",
                          hint=f"give at least one agency and 1 to {len(ORDINALS)} meetings")
    out = Path(out)
    check_out(out)
    out.mkdir(parents=True, exist_ok=True)
    copy_project(out, with_real)
    # marked before the papers are written, so that a run cut short can be run again into the folder
    (out / MARKER).write_text(
        f"{MARKER_FIRST_LINE}\n\nFor measurement and tests, never for readers: {agencies} invented agencies over "
        f"{meetings} meetings, seed {seed}{', with the real contributions' if with_real else ''}.\n"
        "Written by `bench/corpus.py`; run it again to replace data/ and notebooks/ here.\n", encoding="utf-8")
    data = out / "data"
    reference = load_reference(out)
    missing = sorted((set(FAVOURED_TARGETS) - set(reference.targets))
                     | (set(PROGRAMME_COUNTRIES + OTHER_COUNTRIES) - set(reference.countries)))
    if missing:
        raise CorpusError(f"bench/corpus.py names {', '.join(missing)}, which data/reference does not hold; "
                          "update FAVOURED_TARGETS, PROGRAMME_COUNTRIES or OTHER_COUNTRIES", reason="unknown codes",
                          hint="update FAVOURED_TARGETS, PROGRAMME_COUNTRIES or OTHER_COUNTRIES")
    the_meetings = make_meetings(meetings)
    the_agencies = make_agencies(agencies, the_meetings, seed)
    append_agencies(data / "reference" / "agencies.yaml", the_agencies)
    mark_publisher(data / "publisher.yaml")
    names = [a.name for a in the_agencies]
    papers: dict[int, list[tuple[SyntheticAgency, dict]]] = {meeting.year: [] for meeting in the_meetings}
    for agency in the_agencies:
        others = [name for name in names if name != agency.name]
        folder = data / "contributions" / agency.code
        folder.mkdir()
        for meeting in the_meetings:
            if meeting.year not in agency.years:
                continue
            name, source, contribution = make_paper(agency, meeting, reference, others, seed)
            (data / "sources" / name).write_text(dump(source, f"# {ORIGIN}"), encoding="utf-8")
            (folder / f"{meeting.year}.yaml").write_text(dump(contribution, f"# {ORIGIN}"), encoding="utf-8")
            papers[meeting.year].append((agency, contribution))
    (data / "system").mkdir(exist_ok=True)
    for meeting in the_meetings:
        if papers[meeting.year]:
            notes = make_notes(meeting, papers[meeting.year], reference, seed)
            (data / "system" / f"{meeting.year}.yaml").write_text(dump(notes, NOTES_HEADER), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("agencies", type=int, metavar="N", help="how many synthetic agencies")
    parser.add_argument("--meetings", type=int, default=2, metavar="M", help="how many meetings (default 2)")
    parser.add_argument("--out", type=Path, help="the folder to write (default: one in the temporary folder)")
    parser.add_argument("--seed", type=int, default=0, help="the seed every choice follows (default 0)")
    parser.add_argument("--with-real", action="store_true", help="copy the real contributions in too")
    args = parser.parse_args(argv)
    out = args.out or default_out(args.agencies, args.meetings, args.seed)
    started = time.perf_counter()
    try:
        root = write_corpus(out, args.agencies, args.meetings, args.seed, args.with_real)
    except CorpusError as exc:
        print(f"bench/corpus.py: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.agencies} synthetic agencies over {args.meetings} meetings into {root} "
          f"in {time.perf_counter() - started:.2f} s; build it with MIGRATION_BRIEFS_ROOT={root} .venv/bin/briefs build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
