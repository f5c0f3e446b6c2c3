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
        publisher = self.data.publisher
        if publisher and publisher.disclaimer_across_agencies:
            meta.data["disclaimer"] = publisher.disclaimer_across_agencies
        return meta

    def sources(self) -> Fragment:
        """The papers the brief reads, in one paragraph per meeting: each agency's abbreviation
        linking to its paper's full text (where the ¶ links lead)."""
        mine = {(r.contribution.agency, r.contribution.year) for r in self.records}
        by_meeting: dict[int, list] = {}
        for c in sorted(self.contributions, key=lambda c: (c.year, self.ref.agencies[c.agency].abbreviation.lower())):
            if (c.agency, c.year) in mine:
                by_meeting.setdefault(c.year, []).append(c)
        if not by_meeting:
            return Nothing("no paper")
        parts = []
        for papers in by_meeting.values():
            meeting = papers[0].meeting
            links = "; ".join(f'<a href="{escape(source_href(c))}" title="{escape(c.title)}">'
                              f"{escape(self.ref.agencies[c.agency].abbreviation)}</a>" for c in papers)
            parts.append(paragraph(f"To the {escape(meeting.name)} ({prose.format_date(str(meeting.end)[:7])}), "
                                   f"{prose.count(len(papers), 'paper')}: {links}.", "paper-list"))
        return Fragment("".join(parts))

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

    def share(self, agencies, of=None) -> tuple[str, bool]:
        """('3 of 8 agencies', True): a share of the agencies that cover the year (or of `of`),
        and whether a verb after it is plural ('one of 8 agencies reports')."""
        total = len(self.reporting if of is None else of)
        if not agencies:
            return f"none of {prose.count(total, 'agency', 'agencies')}", False
        if len(agencies) == total > 1:
            return f"all {prose.count(total, 'agency', 'agencies')}", True
        return f"{prose.number(len(agencies))} of {prose.count(total, 'agency', 'agencies')}", len(agencies) != 1

    @property
    def worked(self) -> list[ItemRecord]:
        """What the brief counts as work: done and outcomes where the year has any, else the
        commitments (a year the papers only plan). Work done and work planned are never added up."""
        return [r for r in self.records if r.item.status != PLANNED] or self.planned

    @property
    def planning(self) -> bool:
        """Whether `worked` is commitments, for the words: 'plan work' rather than 'report work'."""
        return not any(r.item.status != PLANNED for r in self.records)

    def report(self, plural: bool) -> str:
        """'report work' or 'plan work', agreeing with its subject."""
        verb = "plan" if self.planning else "report"
        return f"{verb} work" if plural else f"{verb}s work"

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
    numeric_columns: tuple[str, ...] = ()
    agency_caption = ""

    def agency_table(self) -> Fragment:
        """One row per agency: its abbreviation, linking to its own brief, and what it reported. A
        column that says nothing for any agency of the year ('–' or 'none' in every row) is left out."""
        if not self.records:
            return Nothing("no agency")
        rows = []
        for agency in self.agencies:
            records = [r for r in self.records if r.agency == agency]
            name = self.ref.agencies[agency]
            link = (f'<a href="{escape(self.agency_href(agency))}" title="{escape(name.name)}">'
                    f"{escape(name.abbreviation)}</a>")
            rows.append([link, *self.agency_row(agency, records)])
        kept = [0, *(j for j in range(1, len(self.columns)) if any(row[j] not in EMPTY_CELLS for row in rows))]
        columns = [self.columns[j] for j in kept]
        numeric = [k for k, column in enumerate(columns) if column in self.numeric_columns]
        return Fragment(table(self.agency_caption, columns, [[row[j] for j in kept] for row in rows], raw=True,
                              numeric=numeric, css="brief-table agency-table"))

    def status_counts(self, records: list[ItemRecord]) -> list[str]:
        return [str(sum(1 for r in records if r.item.status == status) or "–") for status in (DONE, OUTCOME, PLANNED)]


# What an agency table's cell holds when it has nothing to say.
EMPTY_CELLS = ("–", "none", "no")


# ------------------------------------------------------------------------------- overview

class SystemOverview(AcrossAgencies, OverviewBrief):
    columns = ["Agency", "Activities", "Outcomes", "Commitments", "SDGs its papers name for the year",
               "Programme countries"]
    numeric_columns = ("Activities", "Outcomes", "Commitments", "Programme countries")

    @property
    def agency_caption(self) -> str:
        return (f"What each agency's papers report for {self.year}, in this analysis's items; "
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
            text += (f"{prose.number(len(done))} report{'s' if len(done) == 1 else ''} work done in the year, and "
                     f"{prose.number(rest)} "
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
        # ties counted as the goals chart counts them: an item and a goal, stated when its paper ties the
        # item to the goal or to one of its targets (ItemRecord.basis)
        ties = [(r, goal) for r in self.records for goal in r.goals]
        by_analysts = sum(1 for r, goal in ties if r.basis(goal) == "analyst")
        if ties:
            share, plural = self.share(stating)
            messages.append((f"The {'papers' if plural else 'paper'} of {share} name{'' if plural else 's'} SDG goals "
                             f"or targets for {'their' if plural else 'its'} {self.year} work, for items or for the "
                             f"year as a whole; analysts made {by_analysts} of the {len(ties)} ties between items "
                             "and goals that this analysis counts.", []))
        if self.done or self.outcomes:
            doing = sorted({r.agency for r in self.records if r.item.status != PLANNED})
            with_outcomes = sorted({r.agency for r in self.outcomes})
            rest = len(doing) - len(with_outcomes)
            if with_outcomes:
                share, plural = self.share(with_outcomes, of=doing)
                others = (f"; the other {prose.number(rest)} report{'s' if rest == 1 else ''} activities only"
                          if rest else "")
                messages.append((f"Of the agencies that report work done in {self.year}, {share} report"
                                 f"{'' if plural else 's'} outcomes, {prose.count(len(self.outcomes), 'outcome')} in "
                                 f"all{others}.", []))
            else:
                messages.append((f"No paper reports an outcome of its {self.year} work; they report activities.", []))
        countries = sorted({c for r in self.worked for c in self.data.in_country(r)})
        shared = [c for c in countries if len({r.agency for r in self.worked if c in self.data.in_country(r)}) > 1]
        if countries:
            verb = "set out plans for work" if self.planning else "report work done"
            messages.append((f"The papers {verb} in or about {prose.count(len(countries), 'country', 'countries')}; "
                             f"{prose.number(len(shared))} of them {'has' if len(shared) == 1 else 'have'} work from "
                             "more than one agency.", []))
        return messages

    def goals_chart(self):
        from migration_briefs.briefs.charts import agencies_by_goal
        named = {c.agency: {code for s in c.sdg_statements if s.year == self.year for code in s.codes}
                 for c in self.contributions}
        return agencies_by_goal(self.records, self.ref, named=named) or Nothing("too few agencies to chart")

    def mechanisms_chart(self):
        from migration_briefs.briefs.charts import agencies_per
        return (agencies_per(self.worked, "mechanisms", self.ref, planned=self.planning)
                or Nothing("too few agencies to chart"))

    def countries_chart(self):
        from migration_briefs.briefs.charts import agencies_per
        return (agencies_per(self.worked, "countries", self.ref, in_country=self.data.in_country, planned=self.planning)
                or Nothing("too few agencies to chart"))

    def events_chart(self):
        from migration_briefs.briefs.charts import events_by_month
        keys = {r.key for r in self.worked}
        events = [e for e in self.data.events(year=self.year, agency=self.agency) if e.record.key in keys]
        return (events_by_month(events, self.year, self.ref, planned=self.planning)
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
            text += ((" " if text else "") + "With too little work, or too few agencies, for a brief of its own: "
                     f"{escape('; '.join(name(c) for c in others))}.")
        return Fragment(paragraph(text, "subject-list"))

    def also_covers(self) -> str:
        return ""  # the index lists the system briefs; the agencies' overviews cover the rest


# ----------------------------------------------------------------------------------- goal

class SystemGoal(AcrossAgencies, GoalBrief):
    columns = ["Agency", "Items tied by its paper", "Items tied by an analyst",
               "Its paper names the goal or its targets for the year", "Targets"]
    numeric_columns = ("Items tied by its paper", "Items tied by an analyst")
    agency_caption = "Each agency's work on the goal; each agency links to its own brief on it, or its overview"

    def naming(self, agency: str) -> list[tuple]:
        """(contribution, paragraph ids) where the agency's paper names the goal or one of its
        targets for the year's work as a whole (the goals chart marks the same agencies)."""
        return [(c, s.source) for c, s in self.data.statements(self.year, agency)
                if any(goal_of(code) == self.goal for code in s.codes)]

    def agency_row(self, agency, records):
        stated = [r for r in records if r.basis(self.goal) == "stated"]
        named = self.naming(agency)
        links = [(link.code, "paper" if not hasattr(link, "reason") else "analyst")
                 for r in records for link in r.links(self.goal) if "." in link.code]
        by_basis = {basis: sorted({code for code, b in links if b == basis}, key=sdg_sort_key)
                    for basis in ("paper", "analyst")}
        targets = "; ".join(f"{basis}: {', '.join(codes)}" for basis, codes in by_basis.items() if codes)
        return [str(len(stated) or "–"), str(len(records) - len(stated) or "–"),
                "yes" + self.links([self.cite(c, ids) for c, ids in named]) if named else "no",
                escape(targets) or "–"]

    def leading_messages(self):
        return []

    def computed_messages(self):
        naming = sorted({a for a in self.reporting if self.naming(a)})
        share, plural = self.share(naming)
        named = (f"The {'papers' if plural else 'paper'} of {share} name{'' if plural else 's'} Goal {self.goal} or its "
                 f"targets for {'their' if plural else 'its'} {self.year} work as a whole"
                 if naming else f"No paper names Goal {self.goal} or its targets for its {self.year} work as a whole")
        tied, tied_plural = self.share(self.agencies)
        stating = {r.agency for r in self.records if r.basis(self.goal) == "stated"}
        messages = [(f"{named}; {tied} {'have' if tied_plural else 'has'} items tied to it, "
                     f"{prose.number(len(stating))} of them with a tie {'their' if len(stating) != 1 else 'its'} own "
                     f"paper states.",
                     [])]
        links = [(r, link) for r in self.records for link in r.links(self.goal) if "." in link.code]
        by_target = Counter(link.code for _, link in links)
        if by_target:
            top = max(by_target.values())
            leaders = sorted((c for c in by_target if by_target[c] == top), key=sdg_sort_key)
            mine = [(r, link) for r, link in links if link.code in leaders]
            stated = sum(1 for _, link in mine if not hasattr(link, "reason"))
            agencies = {r.agency for r, _ in mine}
            messages.append((f"{prose.capitalise(sdg_names(leaders))} {'is' if len(leaders) == 1 else 'are'} tied to the "
                             f"most items: {top}{' each' if len(leaders) > 1 else ''}, from "
                             f"{prose.count(len(agencies), 'agency', 'agencies')} ({self.by_whom(stated, len(mine))}).",
                             []))
        return messages

    @staticmethod
    def by_whom(stated: int, total: int) -> str:
        """'all by the papers', 'all by analysts', 'two by the papers, three by analysts'."""
        if stated == total:
            return "tied by its paper" if total == 1 else "all tied by the papers"
        if not stated:
            return "tied by an analyst" if total == 1 else "all tied by analysts"
        return (f"{prose.number(stated)} tied by {'its paper' if stated == 1 else 'the papers'}, "
                f"{prose.number(total - stated)} by {'an analyst' if total - stated == 1 else 'analysts'}")

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
            if agencies <= 1 and not naming:
                alone.append(f"{code} ({prose.count(len(links), 'item')}, {self.by_whom(stated, len(links))})")
                continue
            counts = [f"{prose.count(len(links), 'item')} from {prose.count(agencies, 'agency', 'agencies')}: "
                      f"{self.by_whom(stated, len(links))}" if links else ""]
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
    columns = ["Agency", "Activities and outcomes", "Commitments", "Specific to the mechanism", "Events held with it",
               "Events planned with it"]
    numeric_columns = tuple(columns[1:])
    agency_caption = "Each agency's work with the mechanism; each agency links to its own brief on it, or its overview"

    def held(self, agency: str | None = None) -> tuple[list, list]:
        """(events held, events planned) with the mechanism in the year: an event of a commitment
        is planned, never counted as held."""
        events = self.data.events(year=self.year, agency=agency or self.agency, mechanism=self.code)
        return ([e for e in events if e.record.item.status != PLANNED],
                [e for e in events if e.record.item.status == PLANNED])

    def agency_row(self, agency, records):
        specific = [r for r in records if self.data.specific(r, "mechanism", self.code)]
        done = sum(1 for r in records if r.item.status != PLANNED)
        held, planned = self.held(agency)
        return [str(done or "–"), str(len(records) - done or "–"), str(len(specific) or "–"),
                str(len(held) or "–"), str(len(planned) or "–")]

    def computed_messages(self):
        m = escape(self.mechanism.abbreviation)
        working = sorted({r.agency for r in self.worked})
        listed = [a for a in working
                  if not any(self.data.specific(r, "mechanism", self.code) for r in self.worked if r.agency == a)]
        share, plural = self.share(working)
        text = f"{prose.capitalise(share)} {self.report(plural)} with the {m} in {self.year}"
        text += (f"; {prose.number(len(listed))} of them name{'s' if len(listed) == 1 else ''} it only in lists of "
                 "mechanisms." if listed else ".")
        messages = [(text, [])]
        held, planned = self.held()
        if held or planned:
            parts = [f"{prose.count(len(held), 'event')} held with the {m}" if held else "",
                     f"{prose.count(len(planned), 'event')} planned with it" if planned else ""]
            agencies = len({e.record.agency for e in held + planned})
            messages.append((f"The papers report {prose.join([p for p in parts if p])}, from "
                             f"{prose.count(agencies, 'agency', 'agencies')}.", []))
        return messages

    def events_chart(self):
        """The events held with the mechanism (planned, in a year the papers only plan): each on
        a timeline, with its agency, while they fit on half a page, else counted by month."""
        from migration_briefs.briefs.charts import MAX_TIMELINE_EVENTS, events_by_month, timeline
        held, planned = self.held()
        events = planned if self.planning else held
        chart = (timeline(events, self.ref, by_agency=True, name_sources=False) if len(events) <= MAX_TIMELINE_EVENTS
                 else events_by_month(events, self.year, self.ref, planned=self.planning))
        return chart or Nothing("too few dated events")

    def work(self) -> Fragment:
        return self.agency_table()


# -------------------------------------------------------------------------------- country

class SystemCountry(AcrossAgencies, CountryBrief):
    columns = ["Agency", "Activities and outcomes", "Commitments", "Its roles in them", "SDG goals tied"]
    numeric_columns = ("Activities and outcomes", "Commitments")
    agency_caption = "Each agency's work in and for the country; each agency links to its own brief on it, or its overview"

    def agency_row(self, agency, records):
        done = sum(1 for r in records if r.item.status != PLANNED)
        roles = sorted({self.role(r).lower() for r in records})
        uniform = len({self.role(r) for r in self.records}) == 1  # one role for every agency says nothing per row
        goals = sorted({g for r in records for g in r.goals}, key=int)
        return [str(done or "–"), str(len(records) - done or "–"), "–" if uniform else escape(", ".join(roles)),
                escape(", ".join(goals)) or "–"]

    def computed_messages(self):
        working = sorted({r.agency for r in self.worked})
        share, plural = self.share(working)
        done = sum(1 for r in self.records if r.item.status != PLANNED)
        planned = len(self.records) - done
        counts = prose.join([f"{prose.count(done, 'activity or outcome', 'activities and outcomes')}" if done else "",
                             f"{prose.count(planned, 'commitment')}" if planned else ""])
        messages = [(f"{prose.capitalise(share)} {self.report(plural)} in or for {escape(self.in_sentence)} in "
                     f"{self.year}: {counts}.", [])]
        roles = Counter(self.role(r).lower() for r in self.records)
        if len(roles) > 1:
            messages.append(("The country's role in the items: " + escape(prose.join(
                [f"{role} in {prose.count(n, 'item')}" for role, n in roles.most_common()])) + ".", []))
        return messages

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
