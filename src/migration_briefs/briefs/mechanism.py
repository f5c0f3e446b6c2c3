"""The brief on one mechanism: what it is, from official sources, and the work with it. Its words:
notebooks/mechanism_brief.yaml and notebooks/system_mechanism.yaml."""
from __future__ import annotations

from html import escape

from migration_briefs.briefs import prose
from migration_briefs.briefs.base import AllAgencies, Brief, Nothing, OneAgency, default_dataset
from migration_briefs.briefs.fragments import Fragment, paragraph
from migration_briefs.model.dataset import LISTED_AMONG, PLANNED, Dataset, ItemRecord
from migration_briefs.model.params import check_mechanism, check_one_agency, check_system, check_year


class MechanismBrief(Brief):
    kind = "mechanism"

    def __init__(self, dataset: Dataset, scope, year: int, words, mechanism: str):
        self.code = mechanism
        self.mechanism = dataset.reference.mechanisms[mechanism]
        super().__init__(dataset, scope, year, words)

    def select(self):
        return self.data.items(year=self.year, agency=self.agency, mechanism=self.code)

    @property
    def subject(self) -> tuple:
        return "mechanism", self.code

    def subject_facts(self) -> dict:
        # a brief whose every item only lists the mechanism claims no work with it
        return {"abbreviation": self.mechanism.abbreviation, "name": self.mechanism.name,
                "specific": bool(self.specific())}

    def official_pages(self) -> list[str]:
        return [*super().official_pages(), *(s.url for s in self.mechanism.sources if s.url)]

    def about(self) -> Fragment:
        """What the mechanism is, in facts from official sources, each tagged [M#]: what kind of
        body it is, its founding instrument, its history and notes, and the sources, each citation
        linking to its page (a printed address would take a line of its own)."""
        m = self.mechanism
        kind = self.label("mechanism_types", m.type).lower()
        facts = [str(self.say("about.what", ended=bool(m.ended), kind=kind, article=prose.article(kind),
                              body_of=m.body_of[0].lower() + m.body_of[1:] if m.body_of else "")),
                 str(self.say("about.instrument", instrument=m.instrument)), escape(m.established_note),
                 *(escape(note) for note in m.notes)]
        sources = "".join(f"<li>[{escape(s.ref)}] "
                          + (f'<a href="{escape(s.url)}">{escape(s.citation)}</a>' if s.url else escape(s.citation))
                          + "</li>" for s in m.sources)
        return Fragment(paragraph(facts[0]) + paragraph(" ".join(facts[1:]))
                        + f'<ul class="fact-sources" aria-label="{self.say("about.sources")}">{sources}</ul>')

    def work(self) -> Fragment:
        return self.item_lines()

    def held(self, agency: str | None = None) -> tuple[list, list]:
        """(events held, events planned) with the mechanism in the year: an event of a commitment
        is planned, never counted as held."""
        events = self.data.events(year=self.year, agency=agency or self.agency, mechanism=self.code)
        return ([e for e in events if e.record.item.status != PLANNED],
                [e for e in events if e.record.item.status == PLANNED])

    def events_chart(self):
        """The events held with the mechanism (planned, in a year the papers only plan): each on
        a timeline, with its agency, while they fit on half a page, else counted by month."""
        from migration_briefs.briefs.charts import MAX_TIMELINE_EVENTS, events_by_month, timeline
        held, planned = self.held()
        events = planned if self.planning else held
        chart = (timeline(events, self.ref, by_agency=True, name_sources=False, words=self.words)
                 if len(events) <= MAX_TIMELINE_EVENTS
                 else events_by_month(events, self.year, self.ref, planned=self.planning, words=self.words))
        return chart or Nothing("too few dated events")

    # --- key messages built from the data ---------------------------------------------------------
    def message_listed(self):
        """Where the papers name the mechanism only in lists of several, that they report no
        activity specific to it."""
        if not all(len(r.mechanisms) >= LISTED_AMONG for r in self.records):
            return []
        return [({"items": len(self.records), "size": len(self.records[0].mechanisms)}, self.refs(self.records))]

    def message_working(self):
        """How many agencies report work with the mechanism, and how many of them only list it."""
        working = sorted({r.agency for r in self.worked})
        listed = [a for a in working
                  if not any(self.data.specific(r, "mechanism", self.code) for r in self.worked if r.agency == a)]
        return [({"working": len(working), "listed": len(listed)}, [])]

    def message_events(self):
        """How many events the papers report held with the mechanism, and how many planned."""
        held, planned = self.held()
        if not (held or planned):
            return []
        return [({"held": len(held), "planned_events": len(planned),
                  "agencies_with_events": len({e.record.agency for e in held + planned})}, [])]

    # --- across meetings and agencies -------------------------------------------------------------
    def meeting_facts(self, records: list[ItemRecord]) -> dict:
        return {**super().meeting_facts(records),
                "specific": sum(1 for r in records if self.data.specific(r, "mechanism", self.code))}

    def subject_changes(self, before, after):
        names = self.ref.countries
        old, new = ({c for r in records for c in self.data.in_country(r)} for records in (before, after))
        return {"new": sorted(names[c].name for c in new - old), "gone": sorted(names[c].name for c in old - new)}

    def agency_facts(self, agency, records):
        done = sum(1 for r in records if r.item.status != PLANNED)
        held, planned = self.held(agency)
        return {"done": done, "planned": len(records) - done,
                "specific": sum(1 for r in records if self.data.specific(r, "mechanism", self.code)),
                "held": len(held), "planned_events": len(planned)}


def mechanism_brief(mechanism, year, agency, dataset: Dataset | None = None,
                    words: str = "mechanism_brief") -> MechanismBrief:
    """The brief on one mechanism in one agency's work (words: notebooks/mechanism_brief.yaml)."""
    dataset = dataset or default_dataset()
    return MechanismBrief(dataset, OneAgency(check_one_agency(dataset, agency)), check_year(dataset, year), words,
                          check_mechanism(dataset, mechanism))


def system_mechanism(mechanism, year, agency="all", dataset: Dataset | None = None,
                     words: str = "system_mechanism") -> MechanismBrief:
    """The brief on one mechanism across every agency's papers (words: notebooks/system_mechanism.yaml)."""
    dataset = dataset or default_dataset()
    return MechanismBrief(dataset, AllAgencies(check_system(dataset, agency)), check_year(dataset, year), words,
                          check_mechanism(dataset, mechanism))
