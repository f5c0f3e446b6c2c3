"""The loaded data and the questions briefs ask of it.

Typed records come first (no pandas needed, so the build can plan briefs cheaply);
tidy pandas tables are built on demand for notebooks and charts.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Iterable

from migration_briefs.model.draft_marks import ALL, DraftMark
from migration_briefs.model.models import Contribution, Event, Item, Publisher, SourceText, SystemNotes
from migration_briefs.model.reference import Reference, sdg_sort_key

if TYPE_CHECKING:
    import pandas as pd


# Status codes of the statuses vocabulary that the queries tell apart: what was done, what is
# committed to, and outcomes the document reports (never counted as activities).
DONE, PLANNED, OUTCOME = "done", "planned", "outcome"
# An item that names this many mechanisms or more lists them: it is specific to none of them.
LISTED_AMONG = 3


def goal_of(code: str) -> str:
    return code.split(".")[0]


@dataclass(frozen=True)
class ItemRecord:
    """An item together with the contribution it belongs to."""

    item: Item
    contribution: Contribution

    @property
    def agency(self) -> str:
        return self.contribution.agency

    @property
    def key(self) -> str:
        """Unique across the dataset: agency, contribution year and item id."""
        return f"{self.contribution.agency}/{self.contribution.year}/{self.item.id}"

    @property
    def sdg_codes(self) -> list[str]:
        links = [*self.item.sdg.stated, *self.item.sdg.analyst]
        return sorted({link.code for link in links}, key=sdg_sort_key)

    @property
    def goals(self) -> list[str]:
        return sorted({goal_of(code) for code in self.sdg_codes}, key=int)

    @property
    def targets(self) -> list[str]:
        return [code for code in self.sdg_codes if "." in code]

    def basis(self, code: str) -> str:
        """'stated' when the document itself ties the item to the code, or, for a goal, to
        one of the goal's targets; otherwise 'analyst'."""
        stated = {link.code for link in self.item.sdg.stated}
        if code in stated or ("." not in code and any(goal_of(s) == code for s in stated)):
            return "stated"
        return "analyst"

    def links(self, goal: str | None = None) -> list:
        """The item's SDG links (StatedLink or AnalystLink), in SDG order, optionally of one goal."""
        found = [*self.item.sdg.stated, *self.item.sdg.analyst]
        found = [link for link in found if goal is None or goal_of(link.code) == str(goal)]
        return sorted(found, key=lambda link: sdg_sort_key(link.code))

    @property
    def countries(self) -> list[str]:
        """Every country the item names, whatever its role."""
        return [c.code for c in self.item.countries]

    @property
    def mechanisms(self) -> list[str]:
        codes = list(self.item.mechanisms)
        codes += [e.mechanism for e in self.item.events if e.mechanism and e.mechanism not in codes]
        return codes


@dataclass(frozen=True)
class EventRecord:
    event: Event
    record: ItemRecord

    @property
    def precise(self) -> bool:
        """Dated to a month or a day (an event dated only to its year is not 'dated' for readers)."""
        return "-" in self.event.date


@dataclass
class Dataset:
    reference: Reference
    contributions: list[Contribution]
    sources: dict[str, SourceText]
    publisher: Publisher | None = None  # data/publisher.yaml; briefs need it, queries do not
    _frames: dict = field(default_factory=dict, repr=False)
    drafts: list[DraftMark] = field(default_factory=list)
    system_notes: list[SystemNotes] = field(default_factory=list)  # data/system/: all the papers read together

    def drafts_for(self, agency: str, year: int, **subject) -> list[DraftMark]:
        """What no person has confirmed yet that a brief for `agency` and `year` (about `subject`:
        goal=, mechanism= or country=) rests on."""
        return [mark for mark in self.drafts if mark.covers(agency, year, **subject)]

    def draft_summary(self) -> list[str]:
        """One line per file with drafts: how many items and suggestions are left to review."""
        lines = []
        for file in dict.fromkeys(mark.file for mark in self.drafts):
            marks = [m for m in self.drafts if m.file == file]
            items = sum(1 for m in marks if m.kind == "item")
            suggested = sum(m.count for m in marks if m.kind == "suggested")
            parts = [f"{items} draft item{'s' if items != 1 else ''}",
                     f"{suggested} suggested target{'s' if suggested != 1 else ''} to review"]
            if any(m.kind == "meeting" for m in marks):
                parts.append("a draft meeting block")
            lines.append(f"{file.removeprefix('data/contributions/')}: {', '.join(parts)}")
        return lines

    # --- typed queries ------------------------------------------------------------------

    @cached_property
    def records(self) -> list[ItemRecord]:
        ordered = sorted(self.contributions, key=lambda c: (c.agency, c.year))
        return [ItemRecord(item, c) for c in ordered for item in c.items]

    @cached_property
    def _records_of(self) -> dict[tuple, list[ItemRecord]]:
        """The records by (year, agency), (year, None), (None, agency) and (None, None), each in
        the order of `records`: planning asks for a year's or an agency's items thousands of
        times, and going through every item each time was most of it at ten meetings."""
        found: dict[tuple, list[ItemRecord]] = {(None, None): []}
        for record in self.records:
            year, agency = record.item.year, record.agency
            for key in ((year, agency), (year, None), (None, agency), (None, None)):
                found.setdefault(key, []).append(record)
        return found

    def items(self, year: int | None = None, agency: str | None = None, goal: str | None = None,
              target: str | None = None, mechanism: str | None = None, country: str | None = None,
              status: str | None = None) -> list[ItemRecord]:
        """Items matching every filter given; None or 'all' leaves a filter off."""
        result = []
        by_agency = agency not in (None, ALL)
        for record in self._records_of.get((None if year is None else int(year), agency if by_agency else None), ()):
            item = record.item
            if goal is not None and str(goal) not in record.goals:
                continue
            if target is not None and target not in record.targets:
                continue
            if mechanism is not None and mechanism not in record.mechanisms:
                continue
            if country is not None and country not in self.in_country(record):
                continue
            if status is not None and item.status != status:
                continue
            result.append(record)
        return result

    def events(self, **filters) -> list[EventRecord]:
        """Events of the matching items, in date order; events that share a date (or a date
        precision, such as '2016') keep the document's order. With a mechanism, only the events
        held with it, and those with no mechanism of items that involve that mechanism alone."""
        mechanism = filters.get("mechanism")
        found = [EventRecord(event, record) for record in self.items(**filters)
                 for event in record.item.events]
        if mechanism is not None:
            found = [e for e in found if e.event.mechanism == mechanism
                     or (e.event.mechanism is None and e.record.mechanisms == [mechanism])]
        return sorted(found, key=lambda e: (e.event.date, self.position(e.record.contribution, e.event.source),
                                            e.event.number or 0))

    def position(self, contribution: Contribution, ids: Iterable[str]) -> int:
        """Where the first of `ids` stands in the contribution's source document."""
        order = self.paragraph_positions.get(contribution.source.text, {})
        return min((order.get(pid, len(order)) for pid in ids), default=len(order))

    @cached_property
    def paragraph_positions(self) -> dict[str, dict[str, int]]:
        """For each source text, each paragraph id's place in the document."""
        return {name: {p.id: i for i, p in enumerate(source.paragraphs)} for name, source in self.sources.items()}

    def source_label(self, name: str) -> str:
        """How a list of papers names the source text `name` (its key in `sources`): its title,
        after the abbreviation of each agency whose contribution reads it where the title names
        none of them (a paper titled "Contribution to the Fifteenth Coordination Meeting")."""
        title = self.sources[name].title
        agencies = [self.reference.agencies[c.agency] for c in self.contributions
                    if c.source.text == name and c.agency in self.reference.agencies]
        agencies = list({a.code: a for a in agencies}.values())
        folded = title.casefold()
        if not agencies or any(re.search(rf"(?<!\w){re.escape(n.casefold())}(?!\w)", folded)
                               for a in agencies for n in (a.abbreviation, a.name, *a.aliases)):
            return title
        return f"{', '.join(a.abbreviation for a in agencies)}: {title}"

    def section_of(self, record: ItemRecord) -> str:
        """The section of its document an item is reported in: the one most of its paragraphs sit
        in (the first of them on a tie)."""
        source = self.sources[record.contribution.source.text]
        where = Counter(p.section for p in source.paragraphs if p.id in record.item.source)
        return max(where, key=lambda s: (where[s], -list(where).index(s)))

    def section_heading(self, contribution: Contribution, section: str):
        """The heading paragraph that opens `section` of the contribution's document, if any."""
        return next((p for p in self.sources[contribution.source.text].paragraphs
                     if p.kind == "heading" and p.section == section), None)

    def paragraph(self, contribution: Contribution, pid: str):
        return next(p for p in self.sources[contribution.source.text].paragraphs if p.id == pid)

    def in_country(self, record: ItemRecord) -> list[str]:
        """Countries where the item's work took place or that it is about (roles marked in_country)."""
        roles = self.reference.vocabulary("country_roles")
        return [c.code for c in record.item.countries if roles[c.role].in_country]

    def specific(self, record: ItemRecord, parameter: str, code: str) -> bool:
        """Whether an item is specific to a goal, mechanism or country rather than naming it among
        others: it ties to no other goal; it names at most LISTED_AMONG - 1 mechanisms; it names
        no other programme country."""
        if parameter == "goal":
            return record.goals == [str(code)]
        if parameter == "mechanism":
            return code in record.mechanisms and len(record.mechanisms) < LISTED_AMONG
        if parameter == "country":
            return self.in_country(record) == [code]
        return True

    def counted(self, records: list[ItemRecord]) -> list[tuple]:
        """(contribution, paragraph id, phrase) for each phrase in which a paragraph the records rest
        on counts something ("two state parties", "six global policy briefs"), once each, in the
        documents' order: the paper's own numbers, as it writes them (numbers.counted_phrases)."""
        from migration_briefs.numbers import counted_phrases
        found: dict[tuple, tuple] = {}
        for record in records:
            contribution = record.contribution
            for pid in record.item.source:
                for phrase in counted_phrases(self.paragraph(contribution, pid).text):
                    found.setdefault((contribution.agency, contribution.year, pid, phrase), (contribution, pid, phrase))
        return sorted(found.values(), key=lambda f: (f[0].agency, f[0].year, self.position(f[0], [f[1]])))

    def numbered(self, records: list[ItemRecord]) -> list[list[EventRecord]]:
        """The events the papers number in a series (a group's meetings 1 to 7): for each item, its
        events of one kind and mechanism that carry a number, where there are at least two."""
        series: dict[tuple, list[EventRecord]] = {}
        for record in records:
            for event in record.item.events:
                if event.number is not None:
                    series.setdefault((record.key, event.kind, event.mechanism), []).append(EventRecord(event, record))
        return [sorted(found, key=lambda e: e.event.number) for found in series.values() if len(found) > 1]

    def adds_to_overview(self, what: str, parameter: str, code: str, year: int, agency: str) -> bool:
        """Whether a brief on a goal, mechanism or country says `what` beyond the year's overview:
        "targets", the official words of targets of the goal that the papers name or tie items to;
        "context", facts about it from the reference tables (a mechanism's; the tables hold none
        about a country); "counted", the papers' own numbers for its work (events numbered in a
        series, products counted), which its brief lists with their titles."""
        records = self.items(year=year, agency=agency, **{parameter: code})
        if what == "targets":
            return parameter == "goal" and bool(
                {t for r in records for t in r.targets if goal_of(t) == str(code)}
                | {c for _, s in self.statements(year, agency) for c in s.codes if "." in c and goal_of(c) == str(code)})
        if what == "context":
            return parameter == "mechanism" and code in self.reference.mechanisms
        if what == "counted":
            return bool(self.numbered(records)) or any(p.count for r in records for p in r.item.products)
        raise ValueError(f"{what!r} is not something a brief adds beyond the overview (targets, context, counted)")

    def years(self, agency: str | None = None) -> list[int]:
        return sorted({r.item.year for r in self.items(agency=agency)})

    def agencies(self) -> list[str]:
        return sorted({c.agency for c in self.contributions})

    def goals(self, **filters) -> list[str]:
        """SDG goals the matching items touch, or that the document states for that year."""
        codes = {g for r in self.items(**filters) for g in r.goals}
        codes |= {goal_of(code) for s in self.statements(filters.get("year"), filters.get("agency"))
                  for code in s[1].codes}
        return sorted(codes, key=int)

    def targets(self, **filters) -> list[str]:
        codes = {t for r in self.items(**filters) for t in r.targets}
        return sorted(codes, key=sdg_sort_key)

    def mechanisms(self, **filters) -> list[str]:
        found = {m for r in self.items(**filters) for m in r.mechanisms}
        return [code for code in self.reference.mechanisms if code in found]

    def countries(self, **filters) -> list[str]:
        """Countries where the matching work took place or that it is about, by name."""
        names = self.reference.countries
        return sorted({c for r in self.items(**filters) for c in self.in_country(r)}, key=lambda c: (names[c].name, c))

    def document_names(self, code: str, year: int, agency: str | None = None) -> list[tuple]:
        """(contribution, paragraph ids) for each statement in which a document itself names
        the goal or target `code` for a year's work."""
        return [(c, s.source) for c, s in self.statements(year, agency) if str(code) in s.codes]

    def framing(self, year: int, agency: str | None = None) -> list[tuple]:
        """(contribution, Framing) pairs: the frame a document itself puts a year's work in."""
        return [(c, f) for c in self.contributions for f in c.framing
                if f.year == int(year) and agency in (None, ALL, c.agency)]

    def key_messages(self, records: list[ItemRecord]) -> list[tuple]:
        """(contribution, KeyMessage) pairs whose items are all among `records`, in the files'
        order: a message about work a brief leaves out would say more than the brief."""
        keys = {(r.contribution.agency, r.contribution.year, r.item.id) for r in records}
        return [(c, m) for c in sorted(self.contributions, key=lambda c: (c.agency, c.year))
                for m in c.key_messages if all((c.agency, c.year, i) in keys for i in m.items)]

    def statements(self, year: int | None = None, agency: str | None = None):
        """(contribution, statement) pairs: SDGs a document itself names for a year's work."""
        return [(c, s) for c in self.contributions for s in c.sdg_statements
                if (year is None or s.year == int(year)) and agency in (None, ALL, c.agency)]

    def system_messages(self, year: int, parameter: str | None = None, code: str | None = None) -> list:
        """The key messages a person wrote about all agencies' work of `year` on a subject
        ('goal', '5'; None for the year's overview), in the files' order."""
        about = f"{parameter}-{code}" if parameter else None
        return [m for notes in sorted(self.system_notes, key=lambda n: n.year) for m in notes.key_messages
                if m.year == int(year) and m.about == about]

    def contribution(self, agency: str, year: int) -> Contribution:
        """The paper of `agency` to the meeting of `year`."""
        return next(c for c in self.contributions if c.agency == agency and c.year == int(year))

    def contributions_for(self, year: int | None = None, agency: str | None = None) -> list[Contribution]:
        """Contributions that hold items for the year (and agency)."""
        keys = {(r.agency, r.contribution.year) for r in self.items(year=year, agency=agency)}
        return [c for c in sorted(self.contributions, key=lambda c: (c.agency, c.year))
                if (c.agency, c.year) in keys]

    def summary(self) -> dict[str, int]:
        return {
            "contributions": len(self.contributions),
            "items": len(self.records),
            "years": len(self.years()),
            "agencies": len(self.agencies()),
            "goals": len(self.goals()),
            "targets": len(self.targets()),
            "mechanisms": len(self.mechanisms()),
            "countries": len(self.countries()),
        }

    # --- tidy tables ----------------------------------------------------------------------

    def _frame(self, name: str, columns: list[str], rows: Iterable[tuple],
               dtypes: dict[str, str] | None = None) -> "pd.DataFrame":
        if name not in self._frames:
            import pandas as pd
            self._frames[name] = pd.DataFrame(list(rows), columns=columns).astype(dtypes or {})
        return self._frames[name].copy()

    def items_table(self) -> "pd.DataFrame":
        """One row per item; `mechanisms` lists its mechanism codes and `countries` each country
        with its role ('MEX:programme MDA:programme'), space-separated."""
        return self._frame("items", ["key", "agency", "contribution_year", "id", "year", "status", "kind",
                                     "title", "summary", "mechanisms", "countries", "source"],
                           ((r.key, r.agency, r.contribution.year, r.item.id, r.item.year, r.item.status,
                             r.item.kind, r.item.title, r.item.summary, " ".join(r.mechanisms),
                             " ".join(f"{c.code}:{c.role}" for c in r.item.countries), " ".join(r.item.source))
                            for r in self.records))

    def item_targets_table(self) -> "pd.DataFrame":
        """One row per SDG link: an item's (basis 'stated' or 'analyst', with the analyst's reason or
        the paragraphs that state it), and each goal or target a document names for a year's work
        (key '<agency>/<contribution year>', basis 'named for the year')."""
        # each link's own basis: an analyst's tie to Goal 8 stays the analyst's where the paper states 8.8
        items = ((r.key, r.item.year, link.code, goal_of(link.code), "analyst" if hasattr(link, "reason") else "stated",
                  getattr(link, "reason", ""), " ".join(getattr(link, "source", [])))
                 for r in self.records for link in r.links())
        named = ((f"{c.agency}/{c.year}", s.year, code, goal_of(code), "named for the year", "", " ".join(s.source))
                 for c in sorted(self.contributions, key=lambda c: (c.agency, c.year))
                 for s in c.sdg_statements for code in s.codes)
        return self._frame("item_targets", ["key", "year", "code", "goal", "basis", "reason", "source"],
                           [*items, *named])

    def item_mechanisms_table(self) -> "pd.DataFrame":
        return self._frame("item_mechanisms", ["key", "mechanism"],
                           ((r.key, m) for r in self.records for m in r.mechanisms))

    def item_countries_table(self) -> "pd.DataFrame":
        return self._frame("item_countries", ["key", "country", "role"],
                           ((r.key, c.code, c.role) for r in self.records for c in r.item.countries))

    def events_table(self) -> "pd.DataFrame":
        return self._frame("events", ["key", "kind", "title", "date", "number", "mechanism", "session",
                                      "place", "source"],
                           ((e.record.key, e.event.kind, e.event.title, e.event.date, e.event.number,
                             e.event.mechanism, e.event.session, e.event.place, " ".join(e.event.source))
                            for e in self.events()),
                           # counts with gaps: integers that may be missing, never floats ("25.0")
                           dtypes={"number": "Int64", "session": "Int64"})
