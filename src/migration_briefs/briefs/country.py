"""The brief on one programme country: the work in and for it, with the country's role in each
item. Its words: notebooks/country_brief.yaml and notebooks/system_country.yaml."""
from __future__ import annotations

from collections import Counter
from html import escape

from migration_briefs.briefs import prose
from migration_briefs.briefs.base import AllAgencies, Brief, OneAgency, default_dataset
from migration_briefs.briefs.fragments import Fragment, paragraph
from migration_briefs.model.dataset import PLANNED, Dataset, ItemRecord
from migration_briefs.model.params import check_country, check_one_agency, check_system, check_year


class CountryBrief(Brief):
    kind = "country"

    def __init__(self, dataset: Dataset, scope, year: int, words, country: str):
        self.country = country
        self.country_name = dataset.reference.countries[country].name
        super().__init__(dataset, scope, year, words)

    def select(self):
        return self.data.items(year=self.year, agency=self.agency, country=self.country)

    @property
    def subject(self) -> tuple:
        return "country", self.country

    def subject_facts(self) -> dict:
        return {"country": self.country_name, "in_sentence": prose.country_in_sentence(self.country_name)}

    def role(self, record: ItemRecord) -> str:
        return next(self.label("country_roles", c.role) for c in record.item.countries if c.code == self.country)

    def work(self) -> Fragment:
        """How many of the items concern the country alone, then each item with the country's role."""
        lines = self.item_lines(detail=lambda record: escape(self.role(record).lower()))
        alone = len(self.specific())
        if not self.records or alone == len(self.records):
            return lines
        return Fragment(paragraph(self.say("alone", alone=alone, items=len(self.records))) + lines.html)

    def agency_facts(self, agency, records):
        done = sum(1 for r in records if r.item.status != PLANNED)
        uniform = len({self.role(r) for r in self.records}) == 1  # one role for every agency says nothing per row
        stated = {g for r in records for g in r.goals if r.basis(g) == "stated"}
        return {"done": done, "planned": len(records) - done,
                "roles": "" if uniform else ", ".join(sorted({self.role(r).lower() for r in records})),
                "goals_stated": ", ".join(sorted(stated, key=int)),
                "goals_analyst": ", ".join(sorted({g for r in records for g in r.goals} - stated, key=int))}

    def message_work(self):
        """How many agencies report work in or for the country, and how many items."""
        done = sum(1 for r in self.records if r.item.status != PLANNED)
        return [({"working": len({r.agency for r in self.worked}), "done": done,
                  "planned_items": len(self.records) - done}, [])]

    def message_roles(self):
        """The country's roles in the items, where it has more than one."""
        roles = Counter(self.role(r).lower() for r in self.records)
        if len(roles) < 2:
            return []
        return [({"roles": [{"role": role, "number": n} for role, n in roles.most_common()]}, [])]


def country_brief(country, year, agency, dataset: Dataset | None = None, words: str = "country_brief") -> CountryBrief:
    """The brief on one programme country in one agency's work (words: notebooks/country_brief.yaml)."""
    dataset = dataset or default_dataset()
    return CountryBrief(dataset, OneAgency(check_one_agency(dataset, agency)), check_year(dataset, year), words,
                        check_country(dataset, country))


def system_country(country, year, agency="all", dataset: Dataset | None = None,
                   words: str = "system_country") -> CountryBrief:
    """The brief on one programme country across every agency's papers (words: notebooks/system_country.yaml)."""
    dataset = dataset or default_dataset()
    return CountryBrief(dataset, AllAgencies(check_system(dataset, agency)), check_year(dataset, year), words,
                        check_country(dataset, country))
