"""The loaded data and the questions briefs ask of it.

Typed records come first (no pandas needed, so the build can plan briefs cheaply);
tidy pandas tables are built on demand for notebooks and charts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Iterable

from .models import Contribution, Event, Item, SourceText
from .reference import Reference, sdg_sort_key

if TYPE_CHECKING:
    import pandas as pd

ALL = "all"


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
        return sorted(set(self.item.sdg.stated) | set(self.item.sdg.analyst), key=sdg_sort_key)

    @property
    def goals(self) -> list[str]:
        return sorted({goal_of(code) for code in self.sdg_codes}, key=int)

    @property
    def targets(self) -> list[str]:
        return [code for code in self.sdg_codes if "." in code]

    def basis(self, code: str) -> str:
        """'stated' when the document itself ties the item to the code, or, for a goal, to
        one of the goal's targets; otherwise 'analyst'."""
        stated = set(self.item.sdg.stated)
        if code in stated or ("." not in code and any(goal_of(s) == code for s in stated)):
            return "stated"
        return "analyst"

    @property
    def mechanisms(self) -> list[str]:
        codes = list(self.item.mechanisms)
        codes += [e.mechanism for e in self.item.events if e.mechanism and e.mechanism not in codes]
        return codes


@dataclass(frozen=True)
class EventRecord:
    event: Event
    record: ItemRecord


@dataclass
class Dataset:
    reference: Reference
    contributions: list[Contribution]
    sources: dict[str, SourceText]
    _frames: dict = field(default_factory=dict, repr=False)

    # --- typed queries ------------------------------------------------------------------

    @cached_property
    def records(self) -> list[ItemRecord]:
        ordered = sorted(self.contributions, key=lambda c: (c.agency, c.year))
        return [ItemRecord(item, c) for c in ordered for item in c.items]

    def items(self, year: int | None = None, agency: str | None = None, goal: str | None = None,
              target: str | None = None, mechanism: str | None = None, country: str | None = None,
              status: str | None = None) -> list[ItemRecord]:
        """Items matching every filter given; None or 'all' leaves a filter off."""
        result = []
        for record in self.records:
            item = record.item
            if year is not None and item.year != int(year):
                continue
            if agency not in (None, ALL) and record.agency != agency:
                continue
            if goal is not None and str(goal) not in record.goals:
                continue
            if target is not None and target not in record.targets:
                continue
            if mechanism is not None and mechanism not in record.mechanisms:
                continue
            if country is not None and country not in item.countries:
                continue
            if status is not None and item.status != status:
                continue
            result.append(record)
        return result

    def events(self, **filters) -> list[EventRecord]:
        """Dated events of the matching items, in date order. With a mechanism, only the events
        held with it, and those with no mechanism of items that involve that mechanism alone."""
        mechanism = filters.get("mechanism")
        found = [EventRecord(event, record) for record in self.items(**filters)
                 for event in record.item.events]
        if mechanism is not None:
            found = [e for e in found if e.event.mechanism == mechanism
                     or (e.event.mechanism is None and e.record.mechanisms == [mechanism])]
        return sorted(found, key=lambda e: (e.event.date, e.event.number or 0))

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
        return sorted({c for r in self.items(**filters) for c in r.item.countries})

    def statements(self, year: int | None = None, agency: str | None = None):
        """(contribution, statement) pairs: SDGs a document itself names for a year's work."""
        return [(c, s) for c in self.contributions for s in c.sdg_statements
                if (year is None or s.year == int(year)) and agency in (None, ALL, c.agency)]

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

    def _frame(self, name: str, columns: list[str], rows: Iterable[tuple]) -> "pd.DataFrame":
        if name not in self._frames:
            import pandas as pd
            self._frames[name] = pd.DataFrame(list(rows), columns=columns)
        return self._frames[name].copy()

    def items_table(self) -> "pd.DataFrame":
        return self._frame("items", ["key", "agency", "contribution_year", "id", "year", "status", "kind",
                                     "title", "summary", "source"],
                           ((r.key, r.agency, r.contribution.year, r.item.id, r.item.year, r.item.status,
                             r.item.kind, r.item.title, r.item.summary, " ".join(r.item.source))
                            for r in self.records))

    def item_targets_table(self) -> "pd.DataFrame":
        return self._frame("item_targets", ["key", "code", "goal", "basis"],
                           ((r.key, code, goal_of(code), r.basis(code))
                            for r in self.records for code in r.sdg_codes))

    def item_mechanisms_table(self) -> "pd.DataFrame":
        return self._frame("item_mechanisms", ["key", "mechanism"],
                           ((r.key, m) for r in self.records for m in r.mechanisms))

    def item_countries_table(self) -> "pd.DataFrame":
        return self._frame("item_countries", ["key", "country"],
                           ((r.key, c) for r in self.records for c in r.item.countries))

    def events_table(self) -> "pd.DataFrame":
        return self._frame("events", ["key", "kind", "title", "date", "number", "mechanism", "session",
                                      "place", "source"],
                           ((e.record.key, e.event.kind, e.event.title, e.event.date, e.event.number,
                             e.event.mechanism, e.event.session, e.event.place, " ".join(e.event.source))
                            for e in self.events()))
