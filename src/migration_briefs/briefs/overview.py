"""The overview of a year: the papers' frame, each item's full card, and the goals, mechanisms and
countries involved, with links to their briefs; across agencies, one line per agency and charts.
Its words: notebooks/overview_brief.yaml and notebooks/system_overview.yaml."""
from __future__ import annotations

from collections import Counter
from html import escape
from itertools import groupby

from migration_briefs.briefs import prose
from migration_briefs.briefs.base import AllAgencies, Brief, Nothing, OneAgency, default_dataset, html
from migration_briefs.briefs.fragments import Fragment, key_figures, paragraph, table
from migration_briefs.model.dataset import (
    DONE,
    LISTED_AMONG,
    OUTCOME,
    PLANNED,
    Dataset,
    EventRecord,
    ItemRecord,
    goal_of,
)
from migration_briefs.model.params import check_one_agency, check_system, check_year
from migration_briefs.model.reference import sdg_sort_key


class OverviewBrief(Brief):
    kind = "overview"

    def select(self):
        return self.data.items(year=self.year, agency=self.agency)

    # --- the year in the papers: its story ----------------------------------------------------
    def story(self) -> Fragment:
        """The year as a story a reader can stop after, every sentence cited: the paper and the
        frame it gives the year's work (`lead`); what the work achieved, results first; the paper's
        own numbers; then what the paper commits to next and where that connects with the year's
        work; or, in a year the papers only plan, what they commit to. Each result is named by its
        title, linking to its card below: the story says no summary twice, and the key messages
        of the contribution files top the briefs of goals, mechanisms and countries."""
        if not self.records:
            return Nothing("no item")
        parts = [self.lead()]
        results = self.results()
        if results:
            parts.append(paragraph(self.say("story.results", done=bool(self.done))) + self.story_list(results))
        parts.append(self.numbers())
        parts.append(self.next_year())
        if self.planned:
            planning = {(r.contribution.agency, r.contribution.year) for r in self.planned}
            parts.append(paragraph(self.say("story.committed", **self.commitment_facts(self.planned),
                                            same=planning == {(c.agency, c.year) for c in self.contributions})))
        return Fragment("".join(parts))

    def story_list(self, sentences: list[tuple[str, list]]) -> str:
        return '<ul class="key-messages">' + "".join(f"<li>{text}{self.links(refs)}</li>"
                                                     for text, refs in sentences) + "</ul>"

    def lead(self) -> str:
        """The year as each paper puts it: for the meeting it was written for, in its own frame,
        with the SDGs it names for the year's work as a whole and those it ties to single items
        (or that it names none)."""
        sentences = []
        for contribution in self.contributions:
            meeting = contribution.meeting
            frames = [f for c, f in self.data.framing(self.year, contribution.agency) if c is contribution][:1]
            statements = [s for s in contribution.sdg_statements if s.year == self.year]
            stated = [(r, link) for r in self.records if r.contribution is contribution for link in r.item.sdg.stated]
            sentences.append(self.say(
                "lead", paper_agency=self.ref.agencies[contribution.agency].abbreviation, meeting=meeting.name,
                place=meeting.place, month=prose.format_date(str(meeting.end)[:7]),
                reports=contribution in self.reporting_papers,
                frame=frames[0].frame if frames else "",
                frame_cite=self.cite_html([self.cite(contribution, f.source) for f in frames]),
                named=[code for s in statements for code in s.codes],
                named_cite=self.cite_html([self.cite(contribution, [p for s in statements for p in s.source])]
                                          if statements else []),
                tied=sorted({link.code for _, link in stated}),
                tied_items=len({r.key for r, _ in stated}),
                tied_cite=self.cite_html([self.cite(contribution, [p for _, link in stated for p in link.source])]
                                         if stated else [])))
        return paragraph(" ".join(sentences), "lead")

    def results(self) -> list[tuple[str, list]]:
        """The year's reported outcomes, by their titles linking to their cards, those in whose
        paragraphs the paper counts something first."""
        counted = {(c.agency, c.year, pid) for c, pid, _ in self.data.counted(self.outcomes)}
        ordered = sorted(self.outcomes, key=lambda r: not any((r.agency, r.contribution.year, pid) in counted
                                                                 for pid in r.item.source))
        return [(str(self.say("story.result", item=self.item_link(r))), self.refs([r]))
                for r in ordered]

    def numbers(self) -> str:
        """The paper's own numbers for the year's work, as it writes them: the phrases in which the
        paragraphs of the work count something, and the events it numbers in a series."""
        work = self.done + self.outcomes
        counted = [{"phrase": phrase, "cite": self.cite_html([self.cite(c, [pid])])}
                   for c, pid, phrase in self.data.counted(work)]
        series = []
        for events in self.data.numbered(work):
            first = events[0]
            mechanism = self.ref.mechanisms[first.event.mechanism].abbreviation if first.event.mechanism else ""
            series.append({"kinds": prose.plural_noun(self.label("event_kinds", first.event.kind).lower()),
                           "first": first.event.number, "last": events[-1].event.number, "mechanism": mechanism,
                           "cite": self.cite_html([self.cite(first.record.contribution,
                                                             [p for e in events for p in e.event.source])])})
        if not counted and not series:
            return ""
        return paragraph(self.say("story.numbers", counted=counted, series=series))

    @property
    def reporting_papers(self) -> list:
        """The papers that report this year's work (not those that only plan it)."""
        return [c for c in self.contributions if any(r.item.status != PLANNED for r in self.records
                                                     if r.contribution is c)]

    def commitments_next_year(self) -> list[ItemRecord]:
        """The commitments the papers that report this year's work set out for the next year."""
        reporting = self.reporting_papers
        return [r for r in self.data.items(year=self.year + 1, agency=self.agency, status=PLANNED)
                if any(r.contribution is c for c in reporting)]

    def commitment_facts(self, commitments: list[ItemRecord]) -> dict:
        """What the sentences on commitments say of them: how many, made at which meeting (its
        papers'), in the tense the edition's date makes right (made before it: 'committed')."""
        papers = list(dict.fromkeys(r.contribution.meeting.short_name for r in commitments))
        ends = [r.contribution.meeting.end for r in commitments]
        return {"commitments": len(commitments), "meetings": papers,
                "month": prose.format_date(str(max(ends))[:7]),
                "made": all(str(end) < self.data.publisher.date.isoformat() for end in ends)}

    def next_year(self) -> str:
        """What the papers that report the year commit to for the next one, with a link to the next
        year's overview, and the commitments that concern a mechanism or programme country of the
        year's work, or a goal its paper names for both years (`connections`)."""
        commitments = self.commitments_next_year()
        if not commitments:
            return ""
        connections = self.connections(commitments)
        lines = "".join(f"<li>{line}</li>" for line in connections)
        papers = {(r.contribution.agency, r.contribution.year) for r in commitments}
        return paragraph(self.say("story.next", **self.commitment_facts(commitments), next_year=self.year + 1,
                                  href=f"../{self.year + 1}/{self.sibling_href('overview')}",
                                  connections=len(connections),
                                  same=papers == {(c.agency, c.year) for c in self.contributions})) \
            + (f'<ul class="item-lines">{lines}</ul>' if lines else "")

    def connections(self, commitments: list[ItemRecord]) -> list[str]:
        """For each commitment, the work of the year it connects with: the same mechanism, the same
        programme country, or a goal the paper itself names (for the year's work or the item) for
        both. Our own SDG ties connect nothing: they are a reading, not the paper's."""
        work = self.done + self.outcomes
        lines = []
        for commitment in commitments:
            shared: list[str] = []
            earlier: list[ItemRecord] = []
            for code in commitment.mechanisms:
                same = [r for r in work if code in r.mechanisms]
                if same:
                    shared.append(str(self.say("story.mechanism", abbreviation=self.ref.mechanisms[code].abbreviation)))
                    earlier += same
            for code in self.data.in_country(commitment):
                same = [r for r in work if code in self.data.in_country(r)]
                if same:
                    shared.append(prose.country_in_sentence(self.ref.countries[code].name))
                    earlier += same
            for goal in self.stated_goals(commitment, commitment.item.year):
                same = [r for r in work if goal in self.stated_goals(r, self.year)]
                if same:
                    shared.append(str(self.say("story.goal", goal=goal)))
                    earlier += same
            earlier = list({r.key: r for r in earlier}.values())
            if shared:
                lines.append(str(self.say("story.connection", commitment=self.item_link(commitment),
                                          commitment_cite=self.cite_html(self.refs([commitment])), shared=shared,
                                          earlier=[self.item_link(r) for r in earlier],
                                          earlier_cite=self.cite_html(self.refs(earlier)))))
        return lines

    def stated_goals(self, record: ItemRecord, year: int) -> set[str]:
        """The goals the item's paper itself ties it to, or names for the year's work as a whole."""
        named = {goal_of(code) for c, s in self.data.statements(year, record.agency) if c is record.contribution
                 for code in s.codes}
        return named | {goal_of(link.code) for link in record.item.sdg.stated}

    def follow_up(self) -> Fragment:
        """Where the year's commitments are to be checked: against the agency's next paper (named
        where the data holds it). Their cards follow, with the dates the paper gives their events."""
        if not self.planned:
            return Nothing("no commitment")
        later = sorted({c.meeting.short_name: c.year for c in self.data.contributions
                        if c.agency in {r.agency for r in self.planned}
                        and c.year > max(r.contribution.year for r in self.planned)}.items(), key=lambda m: m[1])
        return Fragment(paragraph(self.say("follow_up", **self.commitment_facts(self.planned),
                                           next_meeting=later[0][0] if later else "")))

    def texts_shown(self) -> list[str]:
        """The notes, every item's title, and the summary, outcomes and events of those it tells."""
        told = [r for r in self.records if self.tells(r)]
        return [*(n.text for _, n in self.not_said_entries()), *(r.item.title for r in self.records),
                *(text for r in told for text in (r.item.summary, *r.item.outcomes)),
                *(text for r in told for e in r.item.events for text in (e.title, e.note or ""))]

    def year_lead(self) -> Fragment:
        """The year across papers: which papers, from how many agencies, to which meetings, and
        how many of them report work done in the year rather than only plan it."""
        done = [a for a in self.reporting if any(r.item.status != PLANNED for r in self.records if r.agency == a)]
        meetings = [{"name": m.name, "place": m.place, "month": prose.format_date(str(m.end)[:7])}
                    for m in self.meetings()]
        return Fragment(paragraph(self.say("year_lead", meetings=meetings, reporting=len(self.reporting),
                                           done=len(done)), "lead"))

    def figures(self) -> Fragment:
        """The year's headline figures, those the words' `figures` list, in their order; a zero
        is left out."""
        counts = {"agencies": len(self.reporting), "done": len(self.done), "outcomes": len(self.outcomes),
                  "planned": len(self.planned),
                  "countries": len(self.data.countries(year=self.year, agency=self.agency))}
        nouns = {"done": DONE, "outcomes": OUTCOME, "planned": PLANNED}
        figures = []
        for name in self.words.names("figures"):
            n = self._column(counts, "figures", name)
            noun = self.status_noun(nouns[name], n) if name in nouns else ""
            figures.append((n, self.plain(f"figures.{name}", n=n, noun=noun)))
        if not any(n for n, _ in figures):
            return Nothing("no figure")
        return Fragment(key_figures(figures))

    def extra_citations(self, contribution) -> set[str]:
        """The lead cites the year's frame and the SDGs the paper names for it."""
        frames = [f for c, f in self.data.framing(self.year, contribution.agency) if c is contribution][:1]
        statements = [s for s in contribution.sdg_statements if s.year == self.year]
        return {p for entry in (*frames, *statements) for p in entry.source}

    # --- each item in full ----------------------------------------------------------------------
    def sections_of(self, records: list[ItemRecord]) -> dict[str, list[ItemRecord]]:
        """Items by the section of the document they come from (the one most of their
        paragraphs sit in), in the document's order."""
        groups: dict[str, list[ItemRecord]] = {}
        for record in records:
            groups.setdefault(self.data.section_of(record), []).append(record)
        return groups

    def cards(self, records: list[ItemRecord], elsewhere: bool = True) -> Fragment:
        """Each item this overview tells (`tells`: no brief of a goal, mechanism or country of the
        year holds it) as its full card; each other item, where `elsewhere`, in a line that links
        to the brief that tells it; grouped by the document's sections when there are several."""
        records = [r for r in records if elsewhere or self.tells(r)]
        if not records:
            return Nothing("no item")
        groups = self.sections_of(records)
        level = 4 if len(groups) > 1 else 3
        parts = []
        for section, members in groups.items():
            if len(groups) > 1:
                parts.append(f"<h3>{escape(section)}</h3>")
            for told, group in groupby(members, key=self.tells):
                if told:
                    parts.append('<div class="item-cards">' + "".join(self.card(r, level) for r in group) + "</div>")
                else:
                    parts.append('<ul class="item-lines">' + "".join(f"<li>{self.told_in(r)}</li>" for r in group)
                                 + "</ul>")
        return Fragment("".join(parts))

    def told_in(self, record: ItemRecord) -> str:
        """An item another brief of the year tells in full: its title, linking there, and which brief."""
        parameter, code = self.item_home(record)
        name = {"mechanism": lambda: self.ref.mechanisms[code].abbreviation,
                "country": lambda: self.ref.countries[code].name}.get(parameter, lambda: code)()
        return str(self.say("card.elsewhere", item=self.item_link(record), kind=parameter, name=name))

    def card(self, record: ItemRecord, level: int) -> str:
        """An item in full: its title, summary, what it is and names, the outcomes the paper reports
        of it, its products and its events the summary does not tell."""
        item = record.item
        facts = [escape(self.label("item_kinds", item.kind))]
        facts += [escape(self.ref.mechanisms[m].abbreviation) for m in record.mechanisms]
        facts += [str(self.say("card.country", country=self.ref.countries[c.code].name,
                               role=self.label("country_roles", c.role).lower())) for c in item.countries]
        parts = [f'<h{level} id="{self.item_anchor(record)}">{self.draft_mark(record)}{escape(item.title)}</h{level}>',
                 paragraph(escape(item.summary) + self.links(self.refs([record]))),
                 f'<p class="item-facts">{" · ".join(facts)}</p>']
        details = [escape(o) for o in item.outcomes]
        details += [str(self.say("card.product", count=p.count or 0, title=p.title, scope=p.scope))
                    for p in item.products]
        # an event the summary already tells is not listed again; one held with a mechanism that
        # has a brief lives there (`event_home`)
        events = [e for e in sorted(item.events, key=lambda e: self.data.position(record.contribution, e.source))
                  if not self.summary_tells(e, record) and self.event_home(EventRecord(e, record)) == self.subject]
        details += [self.event_line(e, record, cited=False) for e in events]
        if details:
            parts.append('<ul class="item-details">' + "".join(f"<li>{d}</li>" for d in details) + "</ul>")
        return f'<article class="item">{"".join(parts)}</article>'

    def work(self) -> Fragment:
        return self.cards(self.done)

    def reported_outcomes(self) -> Fragment:
        """The outcomes this overview tells: the story names every one by its title, linking to the
        brief that tells it, so a line that says where would say the title twice."""
        return self.cards(self.outcomes, elsewhere=not self.results())

    def commitments(self) -> Fragment:
        return self.cards(self.planned)

    # --- goals, mechanisms and countries ----------------------------------------------------------
    def also_covers(self) -> str:
        if not self.scope.covers_below_rule:
            return ""
        below = [*(f"Goal {code}" for code in self.data.goals(year=self.year, agency=self.agency)
                   if not self.has_brief("goal", goal=code)),
                 *(self.ref.mechanisms[code].abbreviation for code in self.data.mechanisms(year=self.year, agency=self.agency)
                   if not self.has_brief("mechanism", mechanism=code)),
                 *(self.ref.countries[code].name for code in self.data.countries(year=self.year, agency=self.agency)
                   if not self.has_brief("country", country=code))]
        return ", ".join(below)

    def item_links(self, records: list[ItemRecord]) -> list:
        """Items by their titles, each linking to its card in this overview (markup)."""
        return [self.item_link(r) for r in records]

    def goals_table(self) -> Fragment:
        """Each goal the year touches: whether the paper names it for the year's work, the items
        it ties to the goal itself and those an analyst ties, and its brief; a goal below the rule
        names its items here instead."""
        lines = []
        for code in self.data.goals(year=self.year, agency=self.agency):
            statements = [(c, s) for c, s in self.data.statements(self.year, self.agency)
                          if any(goal_of(n) == code for n in s.codes)]
            named = [self.cite(c, s.source) for c, s in statements]
            tied = self.data.items(year=self.year, agency=self.agency, goal=code)
            stated = [r for r in tied if r.basis(code) == "stated"]
            analyst = [r for r in tied if r not in stated]
            stated_refs = self.stated_refs(stated, code)
            own = self.has_brief("goal", goal=code)
            lines.append(self.say(
                "goals.with_brief" if own else "goals.without_brief",
                goal=code, short=self.ref.goals[code].short, href=self.sibling_href("goal", goal=code),
                named=sorted({n for _, s in statements for n in s.codes if goal_of(n) == code}, key=sdg_sort_key),
                named_cite=self.cite_html(named),
                stated=self.item_links(stated), stated_cite=self.cite_html(stated_refs),
                analyst=self.item_links(analyst),
                ties=[{"item": self.item_link(r), "code": link.code, "reason": link.reason,
                       "cite": self.cite_html(self.refs([r]))}
                      for r in analyst for link in r.item.sdg.analyst if goal_of(link.code) == code]))
        if not lines:
            return Nothing("no goal")
        return Fragment(f'<ul class="item-lines" aria-label="{self.say("goals.label")}">'
                        + "".join(f"<li>{line}</li>" for line in lines) + "</ul>")

    def stated_refs(self, records: list[ItemRecord], goal: str) -> list:
        """The paragraphs in which the papers tie these items to the goal (or its targets)."""
        by_paper: dict[tuple, tuple] = {}
        for record in records:
            ids = [p for link in record.item.sdg.stated if goal_of(link.code) == goal for p in link.source]
            by_paper.setdefault((record.agency, record.contribution.year), (record.contribution, []))[1].extend(ids)
        return [self.cite(contribution, ids) for contribution, ids in by_paper.values()]

    def mechanisms_table(self) -> Fragment:
        """Each mechanism the year's work involves, with its brief and its number of items; the
        mechanisms below the rule name the items they appear in instead, those named in the same
        items on one line."""
        lines: dict[tuple, str] = {}
        below: dict[tuple, list] = {}
        for code in self.data.mechanisms(year=self.year, agency=self.agency):
            records = self.data.items(year=self.year, agency=self.agency, mechanism=code)
            if self.has_brief("mechanism", mechanism=code):
                m = self.ref.mechanisms[code]
                lines[(code,)] = str(self.say("mechanisms.with_brief", abbreviation=m.abbreviation, name=m.name,
                                              href=self.sibling_href("mechanism", mechanism=code),
                                              items=self.item_links(records), cite=self.cite_html(self.refs(records))))
            else:
                below.setdefault(tuple(r.key for r in records), []).append(code)
                lines.setdefault(tuple(r.key for r in records), "")
        for keys, codes in below.items():
            records = [r for r in self.data.items(year=self.year, agency=self.agency) if r.key in keys]
            lines[keys] = str(self.say(
                "mechanisms.without_brief", mechanisms=[self.ref.mechanisms[c] for c in codes],
                items=self.item_links(records), listed=all(len(r.mechanisms) >= LISTED_AMONG for r in records),
                cite=self.cite_html(self.refs(records))))
        if not lines:
            return Nothing("no mechanism")
        return Fragment(f'<ul class="item-lines" aria-label="{self.say("mechanisms.label")}">'
                        + "".join(f"<li>{line}</li>" for line in lines.values()) + "</ul>")

    def countries_table(self) -> Fragment:
        """Each programme country: its brief where it has one; otherwise the items that name it,
        and whether they name other countries too, the countries named in the same items and in
        nothing specific to them on one line."""
        lines: dict[tuple, str] = {}
        shared: dict[tuple, list] = {}
        for code in self.data.countries(year=self.year, agency=self.agency):
            records = self.data.items(year=self.year, agency=self.agency, country=code)
            specific = sum(1 for r in records if self.data.specific(r, "country", code))
            own = self.has_brief("country", country=code)
            if not own and not specific:
                key = tuple(r.key for r in records)
                shared.setdefault(key, []).append(code)
                lines.setdefault(key, "")
                continue
            lines[(code,)] = str(self.say(
                "countries.with_brief" if own else "countries.without_brief", countries=[self.ref.countries[code].name],
                href=self.sibling_href("country", country=code), items=self.item_links(records), specific=specific,
                cite=self.cite_html(self.refs(records))))
        for keys, codes in shared.items():
            records = [r for r in self.data.items(year=self.year, agency=self.agency) if r.key in keys]
            names = [self.ref.countries[c].name for c in codes]
            names = [names[0], *(prose.country_in_sentence(n) for n in names[1:])]  # "Moldova and the Philippines"
            lines[keys] = str(self.say("countries.without_brief", countries=names,
                                       items=self.item_links(records), specific=0, cite=self.cite_html(self.refs(records))))
        if not lines:
            return Nothing("no programme country")
        return Fragment(f'<ul class="item-lines" aria-label="{self.say("countries.label")}">'
                        + "".join(f"<li>{line}</li>" for line in lines.values()) + "</ul>")

    def subjects(self, brief: str) -> Fragment:
        """The goals, mechanisms or countries of the year that have a brief of their own, linked,
        in one sentence; the others are named in the next."""
        values = {"goal": self.data.goals, "mechanism": self.data.mechanisms, "country": self.data.countries}[brief]
        found = values(year=self.year, agency=self.agency)
        if not found:
            return Nothing(f"no {brief}")

        def name(code):
            if brief == "goal":
                return str(self.say("subjects.goal", goal=code, short=self.ref.goals[code].short))
            return escape(self.ref.mechanisms[code].abbreviation if brief == "mechanism" else self.ref.countries[code].name)

        own = [c for c in found if self.has_brief(brief, **{brief: c})]
        links = [html(f'<a href="{escape(self.sibling_href(brief, **{brief: c}))}">{name(c)}</a>') for c in own]
        others = [html(name(c)) for c in found if c not in own]
        return Fragment(paragraph(self.say("subjects.listed", own=links, others=others), "subject-list"))

    def gender_perspective(self) -> Fragment:
        """How the items bring a gender perspective, in the analyst's classification."""
        usage: dict[str, int] = Counter(code for r in self.records for code in r.item.mainstreaming)
        if not usage:
            return Nothing("no approach tagged")
        vocabulary = self.ref.vocabulary("mainstreaming")
        ordered = sorted(usage, key=lambda c: (-usage[c], list(vocabulary).index(c)))
        # each count cites the items it counts, so that a fact-checker can trace every classification
        rows = [[escape(vocabulary[c].label),
                 str(usage[c]) + self.links(self.refs([r for r in self.records if c in r.item.mainstreaming]))]
                for c in ordered]
        header = [self.plain(f"approaches.columns.{c}") for c in self.words.names("approaches.columns")]
        return Fragment(table(self.plain("approaches.caption"), header, rows, raw=True, numeric=[1]))

    # --- charts across agencies ---------------------------------------------------------------------
    def goals_chart(self):
        from migration_briefs.briefs.charts import agencies_by_goal
        named = {c.agency: {code for s in c.sdg_statements if s.year == self.year for code in s.codes}
                 for c in self.contributions}
        return agencies_by_goal(self.records, self.ref, named=named, words=self.words) \
            or Nothing("too few agencies to chart")

    def mechanisms_chart(self):
        from migration_briefs.briefs.charts import agencies_per
        return (agencies_per(self.worked, "mechanisms", self.ref, planned=self.planning, words=self.words)
                or Nothing("too few agencies to chart"))

    def countries_chart(self):
        from migration_briefs.briefs.charts import agencies_per
        return (agencies_per(self.worked, "countries", self.ref, in_country=self.data.in_country,
                             planned=self.planning, words=self.words) or Nothing("too few agencies to chart"))

    def events_chart(self):
        from migration_briefs.briefs.charts import events_by_month
        keys = {r.key for r in self.worked}
        events = [e for e in self.data.events(year=self.year, agency=self.agency) if e.record.key in keys]
        return (events_by_month(events, self.year, self.ref, planned=self.planning, words=self.words)
                or Nothing("too few dated events to chart"))

    def approaches_chart(self):
        from migration_briefs.briefs.charts import counts_by
        return (counts_by(self.records, "mainstreaming", self.ref, name_sources=False, words=self.words)
                or Nothing("too few approaches to chart"))

    # --- one line per agency, and key messages built from the data ----------------------------------
    def agency_facts(self, agency, records):
        statements = [s for _, s in self.data.statements(self.year, agency)]
        return {**self.status_counts(records),
                "named": prose.sdg_names([code for s in statements for code in s.codes]),
                "tied": sum(1 for r in records if r.item.sdg.stated),
                "countries": len(self.data.countries(year=self.year, agency=agency))}

    def message_sdgs(self):
        """How many agencies' papers state SDG ties for their work, for the year as a whole and for
        single items, in how many of their papers, and how many of the ties between items and goals
        this analysis counts are analysts'."""
        # ties counted as the goals chart counts them: an item and a goal, stated when its paper ties the
        # item to the goal or to one of its targets (ItemRecord.basis)
        ties = [(r, goal) for r in self.records for goal in r.goals]
        if not ties:
            return []
        papers = {(c.agency, c.year) for c in self.contributions}
        year_wide = {(c.agency, c.year) for c, _ in self.data.statements(self.year, self.agency)} & papers
        item_level = {(r.agency, r.contribution.year) for r in self.records if r.item.sdg.stated}
        stating = {agency for agency, _ in year_wide | item_level}
        return [({"stating": len(stating), "year_wide": len({a for a, _ in year_wide}),
                  "item_level": len({a for a, _ in item_level}), "stating_papers": len(year_wide | item_level),
                  "their_papers": sum(1 for agency, _ in papers if agency in stating), "ties": len(ties),
                  "by_analysts": sum(1 for r, goal in ties if r.basis(goal) == "analyst")}, [])]

    def message_outcomes(self):
        """Of the agencies that report work done, how many report outcomes."""
        if not (self.done or self.outcomes):
            return []
        doing = {r.agency for r in self.records if r.item.status != PLANNED}
        with_outcomes = {r.agency for r in self.outcomes}
        return [({"doing": len(doing), "with_outcomes": len(with_outcomes), "outcomes": len(self.outcomes)}, [])]

    def message_countries(self):
        """In or about how many countries the papers report work, and how many of them have work
        from more than one agency."""
        countries = sorted({c for r in self.worked for c in self.data.in_country(r)})
        if not countries:
            return []
        shared = [c for c in countries if len({r.agency for r in self.worked if c in self.data.in_country(r)}) > 1]
        return [({"countries": len(countries), "shared": len(shared)}, [])]


def overview_brief(year, agency, dataset: Dataset | None = None, words: str = "overview_brief") -> OverviewBrief:
    """The overview of one agency's year (words: notebooks/overview_brief.yaml)."""
    dataset = dataset or default_dataset()
    return OverviewBrief(dataset, OneAgency(check_one_agency(dataset, agency)), check_year(dataset, year), words)


def system_overview(year, agency="all", dataset: Dataset | None = None, words: str = "system_overview") -> OverviewBrief:
    """The overview of a year across every agency's papers (words: notebooks/system_overview.yaml)."""
    dataset = dataset or default_dataset()
    return OverviewBrief(dataset, AllAgencies(check_system(dataset, agency)), check_year(dataset, year), words)
