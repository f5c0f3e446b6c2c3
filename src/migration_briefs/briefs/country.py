"""The brief on one programme country: the work in and for it, with the country's role in each item."""
from __future__ import annotations

from html import escape

from migration_briefs.briefs import prose
from migration_briefs.briefs.base import Brief, default_dataset
from migration_briefs.briefs.fragments import Fragment
from migration_briefs.model.dataset import Dataset, ItemRecord
from migration_briefs.model.params import check_country, check_one_agency, check_year


class CountryBrief(Brief):
    kind = "country"

    def __init__(self, dataset: Dataset, agency: str, year: int, country: str):
        self.country = country
        self.country_name = dataset.reference.countries[country].name
        super().__init__(dataset, agency, year)

    def select(self):
        return self.data.items(year=self.year, agency=self.agency, country=self.country)

    @property
    def subject(self) -> tuple:
        return "country", self.country

    @property
    def title(self) -> str:
        return self.country_name

    @property
    def in_sentence(self) -> str:
        return prose.country_in_sentence(self.country_name)

    @property
    def subtitle(self) -> str:
        return prose.capitalise(f"{self.agency_possessive} work in and for {self.in_sentence} in {self.year}")

    def role(self, record: ItemRecord) -> str:
        return next(self.label("country_roles", c.role) for c in record.item.countries if c.code == self.country)

    def work(self) -> Fragment:
        return self.item_lines(detail=lambda record: escape(self.role(record).lower()))



def country_brief(country, year, agency, dataset: Dataset | None = None) -> CountryBrief:
    dataset = dataset or default_dataset()
    return CountryBrief(dataset, check_one_agency(dataset, agency), check_year(dataset, year),
                        check_country(dataset, country))
