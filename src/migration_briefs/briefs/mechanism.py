"""The brief on one mechanism: what it is, from official sources, and the work with it."""
from __future__ import annotations

from html import escape

from migration_briefs.briefs import prose
from migration_briefs.briefs.base import Brief, default_dataset
from migration_briefs.briefs.fragments import Fragment, paragraph
from migration_briefs.model.dataset import ALL, LISTED_AMONG, Dataset, ItemRecord
from migration_briefs.model.params import check_mechanism, check_one_agency, check_year


class MechanismBrief(Brief):
    kind = "mechanism"

    def __init__(self, dataset: Dataset, agency: str, year: int, mechanism: str):
        self.code = mechanism
        self.mechanism = dataset.reference.mechanisms[mechanism]
        super().__init__(dataset, agency, year)

    def select(self):
        return self.data.items(year=self.year, agency=self.agency, mechanism=self.code)

    @property
    def subject(self) -> tuple:
        return "mechanism", self.code

    @property
    def title(self) -> str:
        return f"{self.mechanism.abbreviation}: {self.mechanism.name}"

    @property
    def subtitle(self) -> str:
        # a brief whose every item only lists the mechanism claims no work with it
        if not self.specific():
            return prose.capitalise(f"where {self.agency_possessive} paper names the {self.mechanism.abbreviation} "
                                    f"for {self.year}")
        return prose.capitalise(f"{self.agency_possessive} work with the {self.mechanism.abbreviation} in {self.year}")

    def computed_messages(self):
        m = self.mechanism
        messages = []
        # a mechanism the paper only lists among several has no work of its own to report
        if all(len(r.mechanisms) >= LISTED_AMONG for r in self.records):
            sizes = {len(r.mechanisms) for r in self.records}
            where = (f"a list of {prose.number(sizes.pop())} mechanisms" if len(self.records) == 1
                     else "lists of mechanisms")
            messages.append((f"The paper names the {escape(m.abbreviation)} only within {where}; it reports no "
                             f"activity specific to the {escape(m.abbreviation)}.", self.refs(self.records)))
        return messages + self.context_messages()

    @property
    def subject_name(self) -> str:
        return f"the {self.mechanism.abbreviation}"

    def meeting_columns(self) -> list[str]:
        return [*super().meeting_columns(), "Specific to it"]

    def meeting_row(self, records: list[ItemRecord]) -> list[str]:
        specific = sum(1 for r in records if self.data.specific(r, "mechanism", self.code))
        return [*super().meeting_row(records), str(specific or "–")]

    def changes(self, before, after, before_year, after_year):
        if self.agency == ALL:
            return super().changes(before, after, before_year, after_year)
        names = self.ref.countries
        old, new = ({c for r in records for c in self.data.in_country(r)} for records in (before, after))
        return ([("programme countries named for the first time", sorted(names[c].name for c in new - old)),
                 ("programme countries no longer named", sorted(names[c].name for c in old - new))],
                "programme countries")

    def official_pages(self) -> list[str]:
        return [s.url for s in self.mechanism.sources if s.url]

    @property
    def tense(self) -> str:
        """'was' for a mechanism that has ended, else 'is'."""
        return "was" if self.mechanism.ended else "is"

    @property
    def what(self) -> str:
        """What kind of body the mechanism is ('a treaty body', 'the body of ...'), for the
        notebook's sentence."""
        m = self.mechanism
        kind = self.label("mechanism_types", m.type).lower()
        return m.body_of[0].lower() + m.body_of[1:] if m.body_of else f"{prose.article(kind)} {kind}"

    def about(self) -> Fragment:
        """What the mechanism is, in facts from official sources, each tagged [M#] (the notebook
        says what kind of body it is)."""
        m = self.mechanism
        facts = [f"Founding instrument: {escape(m.instrument)}.", escape(m.established_note),
                 *(escape(note) for note in m.notes)]
        # the citation itself links to its page: a printed address would take a line of its own
        sources = "".join(f"<li>[{escape(s.ref)}] "
                          + (f'<a href="{escape(s.url)}">{escape(s.citation)}</a>' if s.url else escape(s.citation))
                          + "</li>" for s in m.sources)
        return Fragment(paragraph(" ".join(facts)) +
                        f'<ul class="fact-sources" aria-label="Sources of these facts">{sources}</ul>')

    def work(self) -> Fragment:
        return self.item_lines()



def mechanism_brief(mechanism, year, agency, dataset: Dataset | None = None) -> MechanismBrief:
    dataset = dataset or default_dataset()
    return MechanismBrief(dataset, check_one_agency(dataset, agency), check_year(dataset, year),
                          check_mechanism(dataset, mechanism))
