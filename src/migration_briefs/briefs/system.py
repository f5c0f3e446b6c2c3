"""Briefs across the UN system: a year's overview, a goal, a mechanism or a country, read across
every agency's paper at once (agency "all").

An agency's brief lists each item; a system brief synthesises, so that it keeps to its page budget
whatever the number of papers. It shows one line per agency, which links to the agency's own
brief; counts that keep what the papers state apart from what analysts tie; charts where there
are enough agencies to draw (charts.py decides); and key messages a person wrote for the meeting
(data/system/), topped up with sentences built from the data. Its ¶ links lead to the papers' full
texts, and its Sources section names the papers, not their paragraphs' opening words: forty
papers' quotations would outrun any budget.
"""
from __future__ import annotations

from collections import Counter
from html import escape

from migration_briefs.briefs import prose
from migration_briefs.briefs.base import Brief, Meta, Nothing, default_dataset, sdg_names, source_href
from migration_briefs.briefs.country import CountryBrief
from migration_briefs.briefs.fragments import Fragment, SourceRef, key_figures, paragraph, table
from migration_briefs.briefs.goal import GoalBrief
from migration_briefs.briefs.mechanism import MechanismBrief
from migration_briefs.briefs.overview import OverviewBrief
from migration_briefs.model.dataset import DONE, OUTCOME, PLANNED, Dataset, ItemRecord, goal_of
from migration_briefs.model.params import check_country, check_goal, check_mechanism, check_system, check_year
from migration_briefs.model.reference import sdg_sort_key


class AcrossAgencies(Brief):
    """What every system brief does differently from an agency's brief of the same kind (it comes
    first among a system brief's bases)."""

    system = True

    # --- the papers -----------------------------------------------------------------------
    def links_to_full_text(self, contribution) -> bool:
        return True

    @property
    def agencies(self) -> list[str]:
        """The agencies whose items the brief rests on, by abbreviation."""
        return sorted({r.agency for r in self.records}, key=lambda a: self.ref.agencies[a].abbreviation.lower())

    @property
    def reporting(self) -> list[str]:
        """Every agency with a paper that covers the brief's year."""
        return sorted({r.agency for r in self.data.items(year=self.year)},
                      key=lambda a: self.ref.agencies[a].abbreviation.lower())

    def meetings(self) -> list:
        """The meetings of the papers the brief reads, in order."""
        seen = {}
        for contribution in sorted(self.contributions, key=lambda c: c.year):
            seen.setdefault(contribution.meeting.name, contribution.meeting)
        return list(seen.values())

    def prepared_from(self) -> str:
        meetings = [f"{m.short_name} ({prose.format_date(str(m.end)[:7])})" for m in self.meetings()]
        agencies = {c.agency for c in self.contributions}
        return f"the papers of {prose.count(len(agencies), 'agency', 'agencies')} to the {prose.join(meetings)}"

    def title_block(self) -> Meta:
        meta = super().title_block()
        abbreviations = [self.ref.agencies[a].abbreviation for a in dict.fromkeys(c.agency for c in self.contributions)]
        meta.data.update({
            "meeting": "; ".join(f"{m.name}, {m.place}, {prose.format_date_range(m.start, m.end)}"
                                 for m in self.meetings()),
            "subject": ", ".join(abbreviations),
            "description": f"{self.subtitle}, from the papers of {', '.join(abbreviations)}. {self.title}.",
            # one paper's own disclaimer does not speak for the others: each agency's brief quotes its own
            "paper_disclaimer": "", "paper_disclaimer_href": "", "paper_disclaimer_ref": "",
            "source_href": "",
        })
        return meta

    def sources(self) -> Fragment:
        """The papers the brief reads, in one paragraph: each agency once, with the years of its
        papers, each year linking to that paper's full text (where the ¶ links lead)."""
        mine = {(r.contribution.agency, r.contribution.year) for r in self.records}
        papers: dict[str, list] = {}
        for c in sorted(self.contributions, key=lambda c: c.year):
            if (c.agency, c.year) in mine:
                papers.setdefault(c.agency, []).append(c)
        if not papers:
            return Nothing("no paper")
        entries = [f"{escape(self.ref.agencies[a].abbreviation)} ("
                   + ", ".join(f'<a href="{escape(source_href(c))}" title="{escape(c.title)}">{c.year}</a>'
                               for c in papers[a]) + ")"
                   for a in sorted(papers, key=lambda a: self.ref.agencies[a].abbreviation.lower())]
        titles = sorted({c.title for cs in papers.values() for c in cs})
        what = f", each titled “{escape(titles[0])}”" if len(titles) == 1 else ""
        return Fragment(paragraph(f"{prose.capitalise(prose.count(sum(map(len, papers.values())), 'paper'))}{what}, "
                                  "by agency, each linked by the year of its meeting: " + "; ".join(entries) + ".",
                                  "paper-list"))

    # --- key messages ---------------------------------------------------------------------
    def messages(self) -> list[tuple[str, list[SourceRef]]]:
        """The messages a person wrote about this brief's subject for the meeting, then, up to
        MIN_KEY_MESSAGES, sentences built from the data."""
        from migration_briefs.briefs.base import MAX_KEY_MESSAGES, MIN_KEY_MESSAGES
        if not self.records:
            return []
        parameter, code = self.subject
        editorial = [(escape(m.text), [self.cite(self.data.contribution(s.agency, s.year), s.paragraphs)
                                       for s in m.source])
                     for m in self.data.system_messages(self.year, parameter, code)]
        messages = editorial[:MAX_KEY_MESSAGES]
        for message in self.computed_messages():
            if len(messages) >= MIN_KEY_MESSAGES:
                break
            messages.append(message)
        return messages

    def cited_paragraphs(self, contribution) -> set[str]:
        return set()  # the Sources section names papers, not paragraphs

    def share(self, agencies, of=None) -> str:
        """'3 of 8 agencies'."""
        total = len(self.reporting if of is None else of)
        if not agencies:
            return f"none of {prose.count(total, 'agency', 'agencies')}"
        if len(agencies) == total > 1:
            return f"all {prose.count(total, 'agency', 'agencies')}"
        return f"{prose.number(len(agencies))} of {prose.count(total, 'agency', 'agencies')}"

    # --- one line per agency --------------------------------------------------------------
    def agency_href(self, agency: str) -> str:
        """The agency's own brief on this subject where it has one, else its overview of the year."""
        parameter, code = self.subject
        kind = self.kind_of(self.kind, system=False)
        if parameter is None or self.has_brief(self.kind, agency=agency, **{parameter: code}):
            name = kind.output.format(**({parameter: str(code).lower()} if parameter else {}))
        else:
            name = self.kind_of("overview", system=False).output
        return f"../../{agency}/{self.year}/{name}.html"

    def agency_row(self, agency: str, records: list[ItemRecord]) -> list[str]:
        raise NotImplementedError

    columns: list[str] = []

    def agency_table(self) -> Fragment:
        """One row per agency: its abbreviation, linking to its own brief, and what it reported."""
        if not self.records:
            return Nothing("no agency")
        rows = []
        for agency in self.agencies:
            records = [r for r in self.records if r.agency == agency]
            name = self.ref.agencies[agency]
            link = (f'<a href="{escape(self.agency_href(agency))}" title="{escape(name.name)}">'
                    f"{escape(name.abbreviation)}</a>")
            rows.append([link, *self.agency_row(agency, records)])
        numeric = [j for j, column in enumerate(self.columns) if column in self.numeric_columns]
        return Fragment(table(self.agency_caption, self.columns, rows, raw=True, numeric=numeric,
                              css="brief-table agency-table"))

    numeric_columns: tuple[str, ...] = ()
    agency_caption = ""

    def status_counts(self, records: list[ItemRecord]) -> list[str]:
        return [str(sum(1 for r in records if r.item.status == status) or "–") for status in (DONE, OUTCOME, PLANNED)]

    # --- across meetings ------------------------------------------------------------------
    def scope_records(self) -> list[ItemRecord]:
        """Every item on this brief's subject, in any year."""
        parameter, code = self.subject
        return self.data.items(agency=self.agency, **({parameter: code} if parameter else {}))


# ------------------------------------------------------------------------------- overview

class SystemOverview(AcrossAgencies, OverviewBrief):
    columns = ["Agency", "Activities", "Outcomes", "Commitments", "SDGs its paper names for the year",
               "Programme countries"]
    numeric_columns = ("Activities", "Outcomes", "Commitments", "Programme countries")

    @property
    def agency_caption(self) -> str:
        return (f"What each agency's paper reports for {self.year}, in this analysis's items; "
                "each agency links to its own overview")

    @property
    def title(self) -> str:
        return f"All agencies in {self.year}: overview"

    def agency_row(self, agency, records):
        named = sdg_names([code for _, s in self.data.statements(self.year, agency) for code in s.codes])
        countries = len(self.data.countries(year=self.year, agency=agency))
        return [*self.status_counts(records), escape(named) or "none", str(countries or "–")]

    def lead(self) -> Fragment:
        """Which papers, from how many agencies, to which meeting."""
        meetings = self.meetings()
        where = prose.join([f"the {escape(m.name)} ({escape(m.place)}, {prose.format_date(str(m.end)[:7])})"
                            for m in meetings])
        agencies = self.reporting
        done = [a for a in agencies if any(r.item.status != PLANNED for r in self.records if r.agency == a)]
        text = (f"{prose.capitalise(prose.count(len(agencies), 'agency', 'agencies'))} sent papers to {where} "
                f"that cover {self.year}: ")
        if len(done) == len(agencies):
            text += "each reports work it did in the year."
        elif not done:
            text += "each sets out what it would do in the year."
        else:
            rest = len(agencies) - len(done)
            text += (f"{prose.number(len(done))} report work done in the year, and {prose.number(rest)} "
                     + ("sets out only what it would do." if rest == 1 else "set out only what they would do."))
        return Fragment(paragraph(text, "lead"))

    def figures(self) -> Fragment:
        return Fragment(key_figures([
            (len(self.reporting), "agencies"),
            *((len(records), f"{self.status_noun(status, len(records))} in this analysis")
              for status, records in ((DONE, self.done), (OUTCOME, self.outcomes), (PLANNED, self.planned))),
            (len(self.data.countries(year=self.year, agency=self.agency)), "programme countries")]))

    def computed_messages(self):
        messages = []
        stating = [a for a in self.reporting
                   if self.data.statements(self.year, a) or any(r.item.sdg.stated for r in self.records if r.agency == a)]
        ties = [(r, link) for r in self.records for link in r.links()]
        by_analysts = sum(1 for _, link in ties if hasattr(link, "reason"))
        if ties:
            messages.append((f"The papers of {self.share(stating)} name SDG goals or targets for their {self.year} "
                             f"work, for items or for the year as a whole; analysts made {by_analysts} of the "
                             f"{len(ties)} ties of items to goals and targets that this analysis counts.", []))
        with_outcomes = sorted({r.agency for r in self.outcomes})
        if self.done or self.outcomes:
            rest = len(self.reporting) - len(with_outcomes)
            others = (f"; the other {prose.number(rest)} report activities only" if rest else "")
            messages.append((f"{prose.capitalise(self.share(with_outcomes))} report outcomes of their {self.year} work, "
                             f"{prose.count(len(self.outcomes), 'outcome')} in all{others}."
                             if with_outcomes else f"No paper reports an outcome of its {self.year} work; they report "
                             "activities.", []))
        shared = [c for c in self.data.countries(year=self.year, agency=self.agency)
                  if len({r.agency for r in self.data.items(year=self.year, country=c)}) > 1]
        countries = self.data.countries(year=self.year, agency=self.agency)
        if countries:
            messages.append((f"The papers report work in or about {prose.count(len(countries), 'country', 'countries')}; "
                             f"{prose.number(len(shared))} of them have work from more than one agency.", []))
        return messages

    def goals_chart(self):
        from migration_briefs.briefs.charts import agencies_by_goal
        named = {c.agency: {code for s in c.sdg_statements if s.year == self.year for code in s.codes}
                 for c in self.contributions}
        return agencies_by_goal(self.records, self.ref, named=named) or Nothing("too few agencies to chart")

    def mechanisms_chart(self):
        from migration_briefs.briefs.charts import agencies_per
        return agencies_per(self.records, "mechanisms", self.ref) or Nothing("too few agencies to chart")

    def countries_chart(self):
        from migration_briefs.briefs.charts import agencies_per
        return (agencies_per(self.records, "countries", self.ref, in_country=self.data.in_country)
                or Nothing("too few agencies to chart"))

    def events_chart(self):
        from migration_briefs.briefs.charts import events_by_month
        return (events_by_month(self.data.events(year=self.year, agency=self.agency), self.year, self.ref)
                or Nothing("too few dated events to chart"))

    def approaches_chart(self):
        from migration_briefs.briefs.charts import counts_by
        return (counts_by(self.records, "mainstreaming", self.ref, name_sources=False)
                or Nothing("too few approaches to chart"))

    def subjects(self, brief: str) -> Fragment:
        """The goals, mechanisms or countries of the year that have a system brief of their own,
        linked, in one sentence; the others are named in the next."""
        values = {"goal": self.data.goals, "mechanism": self.data.mechanisms, "country": self.data.countries}[brief]
        found = values(year=self.year, agency=self.agency)
        if not found:
            return Nothing(f"no {brief}")

        def name(code):
            if brief == "goal":
                return f"Goal {code}: {self.ref.goals[code].short}"
            return self.ref.mechanisms[code].abbreviation if brief == "mechanism" else self.ref.countries[code].name

        own = [c for c in found if self.has_brief(brief, **{brief: c})]
        others = [c for c in found if c not in own]
        links = [f'<a href="{escape(self.sibling_href(brief, **{brief: c}))}">{escape(name(c))}</a>' for c in own]
        text = ""
        if links:
            text = f"With a brief of its own: {'; '.join(links)}."
        if others:
            text += ((" " if text else "") + "With too little work specific to it for a brief of its own: "
                     f"{escape('; '.join(name(c) for c in others))}.")
        return Fragment(paragraph(text, "subject-list"))

    def also_covers(self) -> str:
        return ""  # the index lists the system briefs; the agencies' overviews cover the rest


# ----------------------------------------------------------------------------------- goal

class SystemGoal(AcrossAgencies, GoalBrief):
    columns = ["Agency", "Items the paper ties to the goal", "Items an analyst ties", "Paper names the goal for the year",
               "Targets"]
    numeric_columns = ("Items the paper ties to the goal", "Items an analyst ties")
    agency_caption = "Each agency's work on the goal; each agency links to its own brief on it, or its overview"

    def agency_row(self, agency, records):
        stated = [r for r in records if any(goal_of(link.code) == self.goal for link in r.item.sdg.stated)]
        named = self.data.document_names(self.goal, self.year, agency)
        targets = sorted({link.code for r in records for link in r.links(self.goal) if "." in link.code},
                         key=sdg_sort_key)
        return [str(len(stated) or "–"), str(len(records) - len(stated) or "–"),
                "yes" + self.links([self.cite(c, ids) for c, ids in named]) if named else "no",
                escape(", ".join(targets)) or "–"]

    def leading_messages(self):
        return []

    def computed_messages(self):
        naming = sorted({c.agency for c, _ in self.named})
        tied = self.agencies
        named = (f"The papers of {self.share(naming)} name Goal {self.goal} for their {self.year} work as a whole"
                 if naming else f"No paper names Goal {self.goal} for its {self.year} work as a whole")
        messages = [(f"{named}; {self.share(tied)} have items tied to it, by the paper or by an analyst.", [])]
        by_target = Counter(link.code for r in self.records for link in r.links(self.goal) if "." in link.code)
        if by_target:
            top = max(by_target.values())
            leaders = sorted(c for c in by_target if by_target[c] == top)
            agencies = {r.agency for r in self.records for link in r.links(self.goal) if link.code in leaders}
            messages.append((f"{prose.capitalise(sdg_names(leaders))} {'is' if len(leaders) == 1 else 'are'} tied to the "
                             f"most items: {top}{' each' if len(leaders) > 1 else ''}, from "
                             f"{prose.count(len(agencies), 'agency', 'agencies')}.", []))
        return messages

    def target_sections(self) -> Fragment:
        """Each target of the goal that a paper names or that the work of several agencies is tied
        to, in its official words, with its counts, stated and analysts' apart (the agencies' briefs
        give each item and reason); the targets of one agency's work alone in one closing sentence."""
        lines, alone = [], []
        for code in self.targets():
            links = [(r, link) for r in self.records for link in r.links(self.goal) if link.code == code]
            stated = sum(1 for _, link in links if not hasattr(link, "reason"))
            naming = {c.agency for c, _ in self.data.document_names(code, self.year, self.agency)}
            agencies = len({r.agency for r, _ in links})
            basis = ("all tied by the papers" if stated == len(links) else "all tied by analysts" if not stated
                     else f"{stated} tied by the papers, {len(links) - stated} by analysts")
            if agencies <= 1 and not naming:
                alone.append(f"{code} ({prose.count(len(links), 'item')}, {basis.removeprefix('all ')})")
                continue
            counts = [f"{prose.count(len(links), 'item')} from {prose.count(agencies, 'agency', 'agencies')}: {basis}"
                      if links else ""]
            if naming:
                counts.append(f"named for the year's work by {prose.count(len(naming), 'paper')}")
            lines.append(f'<li><strong>Target {escape(code)}</strong> <span class="target-text">“'
                         f'{escape(self.ref.targets[code].title)}”</span> – {escape("; ".join(filter(None, counts)))}</li>')
        if not lines and not alone:
            return Nothing("no target of this goal")
        html = f'<ul class="item-lines" aria-label="Targets of Goal {escape(self.goal)}">{"".join(lines)}</ul>' if lines else ""
        if alone:
            html += paragraph(escape(f"Tied to the work of one agency only: target{'s' if len(alone) > 1 else ''} "
                                     + "; ".join(alone) + "."))
        return Fragment(html)

    def coverage_chart(self):
        from migration_briefs.briefs.charts import agencies_by_goal
        named = {c.agency: {code for s in c.sdg_statements if s.year == self.year for code in s.codes}
                 for c in self.contributions}
        return agencies_by_goal(self.records, self.ref, goal=self.goal, named=named) or Nothing("too few agencies")


# ------------------------------------------------------------------------------ mechanism

class SystemMechanism(AcrossAgencies, MechanismBrief):
    columns = ["Agency", "Items", "Specific to the mechanism", "Events held with it"]
    numeric_columns = ("Items", "Specific to the mechanism", "Events held with it")
    agency_caption = "Each agency's work with the mechanism; each agency links to its own brief on it, or its overview"

    def agency_row(self, agency, records):
        specific = [r for r in records if self.data.specific(r, "mechanism", self.code)]
        events = self.data.events(year=self.year, agency=agency, mechanism=self.code)
        return [str(len(records)), str(len(specific) or "–"), str(len(events) or "–")]

    def computed_messages(self):
        m = escape(self.mechanism.abbreviation)
        listed = [a for a in self.agencies
                  if not any(self.data.specific(r, "mechanism", self.code) for r in self.records if r.agency == a)]
        text = f"{prose.capitalise(self.share(self.agencies))} report work with the {m} in {self.year}"
        text += (f"; {prose.number(len(listed))} of them name it only in lists of mechanisms." if listed else ".")
        messages = [(text, [])]
        events = self.data.events(year=self.year, agency=self.agency, mechanism=self.code)
        if events:
            messages.append((f"The papers report {prose.count(len(events), 'event')} held with the {m}, from "
                             f"{prose.count(len({e.record.agency for e in events}), 'agency', 'agencies')}.", []))
        return messages

    def events_chart(self):
        """The events held with the mechanism: each on a timeline while they fit on a page's
        half, else counted by month."""
        from migration_briefs.briefs.charts import MAX_TIMELINE_EVENTS, events_by_month, timeline
        events = self.data.events(year=self.year, agency=self.agency, mechanism=self.code)
        chart = (timeline(events, self.ref) if len(events) <= MAX_TIMELINE_EVENTS
                 else events_by_month(events, self.year, self.ref))
        return chart or Nothing("too few dated events")

    def work(self) -> Fragment:
        return self.agency_table()


# -------------------------------------------------------------------------------- country

class SystemCountry(AcrossAgencies, CountryBrief):
    columns = ["Agency", "Items", "Its roles in them"]
    numeric_columns = ("Items",)
    agency_caption = "Each agency's work in and for the country; each agency links to its own brief on it, or its overview"

    def agency_row(self, agency, records):
        roles = Counter(self.role(r).lower() for r in records)
        return [str(len(records)), escape(", ".join(f"{role} ({n})" if n > 1 else role for role, n in sorted(roles.items())))]

    def computed_messages(self):
        roles = Counter(self.role(r).lower() for r in self.records)
        return [(f"{prose.capitalise(self.share(self.agencies))} report work in or for {escape(self.in_sentence)} in "
                 f"{self.year}, in {prose.count(len(self.records), 'item')}: "
                 + escape(prose.join([f"{prose.count(n, 'item')} as {role}" for role, n in roles.most_common()])) + ".",
                 [])]

    def work(self) -> Fragment:
        return self.agency_table()


# ------------------------------------------------------------------------------- makers

def system_overview(year, agency="all", dataset: Dataset | None = None) -> SystemOverview:
    dataset = dataset or default_dataset()
    return SystemOverview(dataset, check_system(dataset, agency), check_year(dataset, year))


def system_goal(goal, year, agency="all", dataset: Dataset | None = None) -> SystemGoal:
    dataset = dataset or default_dataset()
    return SystemGoal(dataset, check_system(dataset, agency), check_year(dataset, year), check_goal(dataset, goal))


def system_mechanism(mechanism, year, agency="all", dataset: Dataset | None = None) -> SystemMechanism:
    dataset = dataset or default_dataset()
    return SystemMechanism(dataset, check_system(dataset, agency), check_year(dataset, year),
                           check_mechanism(dataset, mechanism))


def system_country(country, year, agency="all", dataset: Dataset | None = None) -> SystemCountry:
    dataset = dataset or default_dataset()
    return SystemCountry(dataset, check_system(dataset, agency), check_year(dataset, year),
                         check_country(dataset, country))
