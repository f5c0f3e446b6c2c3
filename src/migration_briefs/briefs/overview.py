"""The overview of a year: the paper's frame, each item's full card, and the goals, mechanisms and
countries involved, with links to their briefs."""
from __future__ import annotations

from collections import Counter
from html import escape

from migration_briefs.briefs import prose
from migration_briefs.briefs.base import Brief, Nothing, default_dataset, sdg_names
from migration_briefs.briefs.fragments import Fragment, key_figures, paragraph, table
from migration_briefs.model.dataset import ALL, DONE, LISTED_AMONG, OUTCOME, PLANNED, Dataset, ItemRecord
from migration_briefs.model.params import check_one_agency, check_year


class OverviewBrief(Brief):
    kind = "overview"

    def select(self):
        return self.data.items(year=self.year, agency=self.agency)

    @property
    def title(self) -> str:
        who = "All agencies" if self.agency == ALL else self.agency_name
        return f"{who} in {self.year}: overview"

    @property
    def subtitle(self) -> str:
        who = self.agency_name if self.agency != ALL else "the agencies"
        if self.done or self.outcomes:
            return f"Gender mainstreaming in migration: what {who} reported for {self.year}"
        return f"Gender mainstreaming in migration: what {who} committed to for {self.year}"

    def lead(self) -> Fragment:
        """The year as the paper puts it: for the meeting it was written for, in its own frame,
        with the SDGs it names for the year (or that it names none)."""
        sentences = []
        for contribution in self.contributions:
            meeting = contribution.meeting
            when = prose.format_date(str(meeting.end)[:7])
            agency = escape(self.ref.agencies[contribution.agency].abbreviation)
            frames = [f for c, f in self.data.framing(self.year, contribution.agency) if c is contribution]
            purpose = "".join(f" to support {escape(f.frame)}{self.links([self.cite(contribution, f.source)])}"
                              for f in frames[:1])
            # each paper as it covers the year: one agency's year can hold one paper's plans and the next one's report
            did = (f"reported on the activities it undertook in {self.year}" if contribution in self.reporting_papers
                   else f"set out the initiatives it would undertake in {self.year}")
            text = (f"In its paper for the {escape(meeting.name)} ({escape(meeting.place)}, {when}), "
                    f"{agency} {did}{purpose}.")
            statements = [s for s in contribution.sdg_statements if s.year == self.year]
            if statements:
                named = sdg_names([c for s in statements for c in s.codes])
                text += (f" It names {escape(named)} as supported by that work"
                         f"{self.links([self.cite(contribution, [p for s in statements for p in s.source])])}.")
            else:
                text += " It names no SDG goal or target for them."
            sentences.append(text)
        return Fragment(paragraph(" ".join(sentences), "lead"))

    @property
    def reporting_papers(self) -> list:
        """The papers that report this year's work (not those that only plan it)."""
        return [c for c in self.contributions if any(r.item.status != PLANNED for r in self.records
                                                     if r.contribution is c)]

    def commitments_next_year(self) -> int:
        """How many commitments the papers that report this year's work set out for the next year."""
        reporting = self.reporting_papers
        return len([r for r in self.data.items(year=self.year + 1, agency=self.agency, status=PLANNED)
                    if any(r.contribution is c for c in reporting)])

    @property
    def next_year_paper(self) -> str:
        """Which paper sets out next year's commitments, for the notebook's sentence: "The same
        paper", or, where the year rests on papers to two meetings, the one that reports the year."""
        reporting = self.reporting_papers
        if len(self.contributions) == 1 or not reporting:
            return "The same paper"
        return f"Its paper for the {reporting[-1].meeting.short_name}"

    def figures(self) -> Fragment:
        """The year's headline figures."""
        # our counts, said as ours: the paper counts neither its activities nor its outcomes
        figures = key_figures([
            *((len(records), f"{self.status_noun(status, len(records))} in this analysis")
              for status, records in ((DONE, self.done), (OUTCOME, self.outcomes), (PLANNED, self.planned))),
            (len(self.data.countries(year=self.year, agency=self.agency)), "programme countries")])
        return Fragment(figures)

    def extra_citations(self, contribution) -> set[str]:
        """The lead cites the year's frame and the SDGs the paper names for it."""
        frames = [f for c, f in self.data.framing(self.year, contribution.agency) if c is contribution][:1]
        statements = [s for s in contribution.sdg_statements if s.year == self.year]
        return {p for entry in (*frames, *statements) for p in entry.source}

    def sections_of(self, records: list[ItemRecord]) -> dict[str, list[ItemRecord]]:
        """Items by the section of the document they come from (the one most of their
        paragraphs sit in), in the document's order."""
        groups: dict[str, list[ItemRecord]] = {}
        for record in records:
            groups.setdefault(self.data.section_of(record), []).append(record)
        return groups

    def cards(self, records: list[ItemRecord]) -> Fragment:
        """Each item's full card, grouped by the document's sections when there are several."""
        if not records:
            return Nothing("no item")
        groups = self.sections_of(records)
        level = 4 if len(groups) > 1 else 3
        parts = []
        for section, members in groups.items():
            if len(groups) > 1:
                parts.append(f"<h3>{escape(section)}</h3>")
            parts.append('<div class="item-cards">' + "".join(self.card(r, level) for r in members) + "</div>")
        return Fragment("".join(parts))

    def card(self, record: ItemRecord, level: int) -> str:
        item = record.item
        facts = [self.label("item_kinds", item.kind)]
        facts += [self.ref.mechanisms[m].abbreviation for m in record.mechanisms]
        facts += [f"{self.ref.countries[c.code].name} ({self.label('country_roles', c.role).lower()})"
                  for c in item.countries]
        if item.mainstreaming:
            facts.append(("approach: " if len(item.mainstreaming) == 1 else "approaches: ") + "; ".join(
                self.label("mainstreaming", m).lower() for m in item.mainstreaming))
        parts = [f'<h{level} id="{self.item_anchor(record)}">{self.draft_mark(record)}{escape(item.title)}</h{level}>',
                 paragraph(escape(item.summary) + self.links(self.refs([record]))),
                 f'<p class="item-facts">{escape(" · ".join(facts))}</p>']
        details = [escape(o) for o in item.outcomes]
        details += [escape(product_label(p)) for p in item.products]
        # an event the summary already tells is not listed again: one dated only to the year and
        # not numbered in a series, or one whose date the summary gives
        events = [e for e in sorted(item.events, key=lambda e: self.data.position(record.contribution, e.source))
                  if ("-" in e.date or e.number is not None) and prose.format_date(e.date) not in item.summary]
        details += [f"{escape(prose.format_date(e.date))}: {escape(event_title(e))}" if "-" in e.date
                    else escape(prose.capitalise(event_title(e))) for e in events]
        if details:
            parts.append('<ul class="item-details">' + "".join(f"<li>{d}</li>" for d in details) + "</ul>")
        return f'<article class="item">{"".join(parts)}</article>'

    def work(self) -> Fragment:
        return self.cards(self.done)

    def reported_outcomes(self) -> Fragment:
        return self.cards(self.outcomes)

    def commitments(self) -> Fragment:
        return self.cards(self.planned)

    def also_covers(self) -> str:
        below = [*(f"Goal {code}" for code in self.data.goals(year=self.year, agency=self.agency)
                   if not self.has_brief("goal", goal=code)),
                 *(self.ref.mechanisms[code].abbreviation for code in self.data.mechanisms(year=self.year, agency=self.agency)
                   if not self.has_brief("mechanism", mechanism=code)),
                 *(self.ref.countries[code].name for code in self.data.countries(year=self.year, agency=self.agency)
                   if not self.has_brief("country", country=code))]
        return ", ".join(below)

    def item_links(self, records: list[ItemRecord]) -> str:
        """'“A” and “B”': items by their quoted titles, each linking to its card in this overview."""
        return prose.join([f'“<a href="#{self.item_anchor(r)}">{escape(r.item.title)}</a>”' for r in records])

    def goals_table(self) -> Fragment:
        """Each goal the year touches: whether the paper names it, how many items an analyst ties
        to it, and its brief; a goal below the rule names its items here instead."""
        lines = []
        for code in self.data.goals(year=self.year, agency=self.agency):
            refs = [self.cite(c, ids) for c, ids in self.data.document_names(code, self.year, self.agency)]
            tied = self.data.items(year=self.year, agency=self.agency, goal=code)
            named = f"named by the paper{self.links(refs)}" if refs else "not named by the paper"
            name = f"Goal {code}: {escape(self.ref.goals[code].short)}"
            if self.has_brief("goal", goal=code):
                lines.append(f'<li><a href="{self.sibling_href("goal", goal=code)}">{name}</a> – {named}; '
                             f"{escape(prose.count(len(tied), 'item'))} tied by an analyst</li>")
            else:
                lines.append(f"<li>{name} – {named}; an analyst ties {self.item_links(tied)} to it"
                             f"{self.links(self.refs(tied))}</li>")
        if not lines:
            return Nothing("no goal")
        return Fragment(f'<ul class="item-lines" aria-label="SDG goals">{"".join(lines)}</ul>')

    def mechanisms_table(self) -> Fragment:
        """Each mechanism the year's work involves, with its brief and its number of items; a
        mechanism below the rule names the items it appears in instead."""
        lines = []
        for code in self.data.mechanisms(year=self.year, agency=self.agency):
            m = self.ref.mechanisms[code]
            records = self.data.items(year=self.year, agency=self.agency, mechanism=code)
            if self.has_brief("mechanism", mechanism=code):
                lines.append(f'<li><a href="{self.sibling_href("mechanism", mechanism=code)}">{escape(m.abbreviation)}</a>: '
                             f"{escape(m.name)} – {escape(prose.count(len(records), 'item'))}"
                             f"{self.links(self.refs(records))}</li>")
            else:
                listed = all(len(r.mechanisms) >= LISTED_AMONG for r in records)
                lines.append(f"<li>{escape(m.abbreviation)}: {escape(m.name)} – "
                             f"{'named only in a list of mechanisms, in' if listed else 'named only in'} {self.item_links(records)}"
                             f"{self.links(self.refs(records))}</li>")
        if not lines:
            return Nothing("no mechanism")
        return Fragment(f'<ul class="item-lines" aria-label="Mechanisms">{"".join(lines)}</ul>')

    def countries_table(self) -> Fragment:
        """Each programme country: its brief where the paper reports work specific to it;
        otherwise the items that name it, all of which name other countries too."""
        lines = []
        for code in self.data.countries(year=self.year, agency=self.agency):
            name = self.ref.countries[code].name
            records = self.data.items(year=self.year, agency=self.agency, country=code)
            if self.has_brief("country", country=code):
                lines.append(f'<li><a href="{self.sibling_href("country", country=code)}">{escape(name)}</a> – '
                             f"{escape(prose.count(len(records), 'item'))}{self.links(self.refs(records))}</li>")
            else:
                lines.append(f"<li>{escape(name)} – nothing specific to it; named with other countries in "
                             f"{self.item_links(records)}{self.links(self.refs(records))}</li>")
        if not lines:
            return Nothing("no programme country")
        return Fragment(f'<ul class="item-lines" aria-label="Programme countries">{"".join(lines)}</ul>')

    def gender_perspective(self) -> Fragment:
        """How the items bring a gender perspective, in the analyst's classification."""
        usage: dict[str, int] = Counter(code for r in self.records for code in r.item.mainstreaming)
        if not usage:
            return Nothing("no approach tagged")
        vocabulary = self.ref.vocabulary("mainstreaming")
        ordered = sorted(usage, key=lambda c: (-usage[c], list(vocabulary).index(c)))
        # each count cites the items it counts, so that a fact-checker can trace every classification
        rows = [[escape(vocabulary[c].label), escape(vocabulary[c].description),
                 str(usage[c]) + self.links(self.refs([r for r in self.records if c in r.item.mainstreaming]))]
                for c in ordered]
        return Fragment(table("Approaches, by the number of items that use them", ["Approach", "What it means",
                                                                                   "Items"], rows, raw=True,
                              numeric=[2]))


def product_label(product) -> str:
    count = f"{product.count} " if product.count else ""
    return f"{count}{product.title} ({product.scope})"


def event_title(event) -> str:
    numbered = f"meeting {event.number}: " if event.number is not None and event.kind == "meeting" else ""
    return f"{numbered}{event.title}"



def overview_brief(year, agency, dataset: Dataset | None = None) -> OverviewBrief:
    dataset = dataset or default_dataset()
    return OverviewBrief(dataset, check_one_agency(dataset, agency), check_year(dataset, year))
