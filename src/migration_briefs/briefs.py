"""The three kinds of brief: one SDG goal, one mechanism, one agency-year overview.

A notebook builds a brief with `goal_brief`, `mechanism_brief` or `overview_brief` and shows
its sections one cell at a time with `show`. All wording that depends on the data is
produced here, so every brief of a kind reads alike and notebooks stay thin.
"""
from __future__ import annotations


from collections import Counter
from html import escape

from . import paths, prose
from .dataset import Dataset, ItemRecord
from .fragments import Fragment, SourceRef, key_figures, paragraph, paragraph_links, section, table, tags
from .params import ALL_AGENCIES, BriefSpec, brief_spec

META_MIMETYPE = "application/vnd.migration-briefs.meta+json"


_loaded: dict[tuple, Dataset] = {}


def _default_dataset() -> Dataset:
    """The project's data, loaded once per kernel and again whenever a data file changes
    (a warm build kernel reuses it across briefs; an edit in JupyterLab is picked up)."""
    from .loader import data_fingerprint, load
    key = data_fingerprint()
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = load()
    return _loaded[key]


def show(*parts) -> None:
    """Display brief parts in a notebook; empty parts (nothing to say) are skipped."""
    from IPython.display import display
    for part in parts:
        if part is not None and (not isinstance(part, Fragment) or part.html):
            display(part)


class Meta:
    """The brief's title block, read by the brief template; shows as its title in Jupyter."""

    def __init__(self, data: dict):
        self.data = data

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {META_MIMETYPE: self.data, "text/plain": self.data["title"]}


def anchor(contribution) -> str:
    """The id prefix of a contribution's quoted paragraphs in a brief's Sources section."""
    return f"src-{contribution.agency}-{contribution.year}"


def source_href(contribution) -> str:
    """The source page, seen from a brief in build/<agency>/<year>/."""
    return f"../../{paths.source_page(contribution.source.text)}"


class Brief:
    """What every brief has: its parameters, its items, a title block and sources."""

    kind = ""

    def __init__(self, spec: BriefSpec, dataset: Dataset):
        self.spec = spec
        self.data = dataset
        self.ref = dataset.reference
        self.agency = spec.agency
        self.year = spec.year
        self.cited: dict[int, set[str]] = {}  # paragraphs cited so far, by contribution
        self.records = self.select()
        self.done = [r for r in self.records if r.item.status == "done"]
        self.planned = [r for r in self.records if r.item.status != "done"]

    # --- what the subclass decides -----------------------------------------------------
    def select(self) -> list[ItemRecord]:
        raise NotImplementedError

    @property
    def title(self) -> str:
        raise NotImplementedError

    @property
    def description(self) -> str:
        raise NotImplementedError

    # --- shared pieces -------------------------------------------------------------------
    @property
    def agency_name(self) -> str:
        return "all agencies" if self.agency == ALL_AGENCIES else self.ref.agencies[self.agency].abbreviation

    @property
    def contributions(self):
        found = self.data.contributions_for(year=self.year, agency=self.agency)
        return found or [c for c in self.data.contributions if self.agency in (ALL_AGENCIES, c.agency)]

    @property
    def subtitle(self) -> str:
        return f"Gender mainstreaming in migration: {self.agency_name}, {self.year}"

    @property
    def meta(self) -> Meta:
        contributions = self.contributions
        meetings = [f"{c.meeting.name}, {c.meeting.place}, "
                    f"{prose.format_date_range(c.meeting.start, c.meeting.end)}" for c in contributions]
        dates = [c.meeting.end for c in contributions]
        return Meta({
            "title": self.title,
            "kind": self.kind,
            "subtitle": self.subtitle,
            "agency": self.agency,
            "agency_name": self.agency_name if self.agency != ALL_AGENCIES else "All agencies",
            "year": self.year,
            "meeting": "; ".join(meetings),
            "date": prose.iso_date(max(dates)) if dates else f"{self.year}-01-01",
            "lang": "en",
            "description": self.description,
            "keywords": ["gender", "migration", "SDG", self.agency_name],
            "source_href": source_href(contributions[0]) if contributions else "",
        })

    def cite(self, contribution, ids) -> SourceRef:
        """A citation of paragraphs of one contribution's source; the Sources section quotes
        every paragraph cited this way."""
        self.cited.setdefault(id(contribution), set()).update(ids)
        order = [p.id for p in self.data.sources[contribution.source.text].paragraphs]
        wanted = set(ids)
        return SourceRef(anchor(contribution), [(pid, i) for i, pid in enumerate(order) if pid in wanted])

    def refs(self, records: list[ItemRecord], events=()) -> list[SourceRef]:
        """Citations of items (and events) grouped by contribution, in document order."""
        cited: dict[int, tuple] = {}
        for record in records:
            cited.setdefault(id(record.contribution), (record.contribution, set()))[1].update(record.item.source)
        for event in events:
            cited.setdefault(id(event.record.contribution), (event.record.contribution, set()))[1].update(
                event.event.source)
        return [self.cite(contribution, ids) for contribution, ids in cited.values()]

    def label(self, vocabulary: str, code: str) -> str:
        return self.ref.vocabulary(vocabulary)[code].label

    def item_html(self, record: ItemRecord, heading_level: int = 3) -> str:
        item = record.item
        facts = [self.label("item_kinds", item.kind)]
        facts += [self.ref.mechanisms[m].abbreviation for m in record.mechanisms]
        facts += [self.ref.countries[c].name for c in record.countries]
        facts += [self.label("mainstreaming", m) for m in item.mainstreaming]
        parts = [f"<h{heading_level}>{escape(item.title)}</h{heading_level}>",
                 paragraph(escape(item.summary) + " " +
                           f'<span class="cite">({paragraph_links(self.cite(record.contribution, item.source))})</span>'),
                 tags(facts, "About this item")]
        if item.outcomes:
            parts.append('<p class="outcomes-label">Reported outcomes:</p><ul class="outcomes">'
                         + "".join(f"<li>{escape(o)}</li>" for o in item.outcomes) + "</ul>")
        if item.products:
            parts.append('<ul class="products">' + "".join(
                f"<li>{escape(self.product_label(p))}</li>" for p in item.products) + "</ul>")
        if item.events:
            parts.append('<ul class="events">' + "".join(
                f"<li><strong>{escape(prose.format_date(e.date))}</strong>: {escape(e.title)}</li>"
                for e in item.events) + "</ul>")
        return f'<article class="item">{"".join(parts)}</article>'

    @staticmethod
    def product_label(product) -> str:
        scope = "global" if product.scope == "global" else "national"
        count = f"{product.count} " if product.count else ""
        return f"{count}{product.title} ({scope})"

    def items_section(self, heading: str, records: list[ItemRecord], intro: str = "") -> Fragment:
        if not records:
            return Fragment("")
        body = (paragraph(intro) if intro else "") + "".join(self.item_html(r) for r in records)
        return section(heading, body, self.refs(records))

    def gender_perspective(self) -> Fragment:
        """How the items mainstream gender: each approach, what it means, and which items use it."""
        if not self.records:
            return Fragment("")
        usage: dict[str, list[ItemRecord]] = {}
        for record in self.records:
            for code in record.item.mainstreaming:
                usage.setdefault(code, []).append(record)
        vocabulary = self.ref.vocabulary("mainstreaming")
        ordered = sorted(usage, key=lambda c: (-len(usage[c]), list(vocabulary).index(c)))
        rows = [[vocabulary[c].label, vocabulary[c].description, str(len(usage[c]))] for c in ordered]
        lead = (f"{prose.capitalise(prose.count(len(self.records), 'item'))} in this brief "
                f"{'brings' if len(self.records) == 1 else 'bring'} a gender perspective in "
                f"{prose.count(len(ordered), 'way')}")
        lead += f"; the most frequent is {vocabulary[ordered[0]].label.lower()}." if ordered else "."
        body = paragraph(escape(lead + " Each item above lists its approaches among its tags.")) + table(
            "Gender-mainstreaming approaches", ["Approach", "What it means", "Items"], rows)
        return section("The gender perspective", body, self.refs(self.records))

    def coverage_chart(self):
        """Which items touch which SDG targets; None when no item is linked to a target."""
        if len({code for r in self.records for code in r.sdg_codes}) < 2:
            return None  # one column says nothing a sentence does not
        from .charts import coverage_matrix
        return coverage_matrix(self.records, self.ref, rows="mechanisms" if len(self.records) > 8 else "items")

    def sdg_basis_note(self) -> str:
        """Says which SDG links are the document's own and which are an analyst's."""
        statements = self.data.statements(self.year, self.agency)
        if not statements:
            return ("The document does not itself link this work to SDG goals or targets; every "
                    "link to a goal or target in this brief is an analyst's tag.")
        named = prose.join(list(dict.fromkeys(self.sdg_name(code) for _, s in statements for code in s.codes)))
        links = "; ".join(paragraph_links(self.cite(c, s.source)) for c, s in statements)
        return (f"The document itself names {escape(named)} for its {self.year} work as a whole ({links}). "
                "Links between individual items and goals or targets are an analyst's tags, "
                "not claims of the document.")

    def sdg_name(self, code: str) -> str:
        return f"target {code}" if "." in code else f"Goal {code}"

    def sources(self) -> Fragment:
        """The documents this brief rests on, and every paragraph it cites, quoted."""
        blocks = []
        for contribution in self.contributions:
            cited = self.cited.get(id(contribution), set())
            href = source_href(contribution)
            prefix = anchor(contribution)
            quotes = "".join(
                f'<li id="{escape(prefix)}-{escape(p.id)}"><a href="{escape(href)}#{escape(p.id)}">¶&#160;{escape(p.id)}</a> '
                f'<q>{escape(p.text)}</q></li>'
                for p in self.data.sources[contribution.source.text].paragraphs if p.id in cited)
            agency = self.ref.agencies[contribution.agency]
            blocks.append(paragraph(
                f'{escape(agency.name)} ({escape(agency.abbreviation)}), <cite>{escape(contribution.title)}</cite>, '
                f"{escape(contribution.meeting.name)}, {escape(contribution.meeting.organizer)}, "
                f"{escape(contribution.meeting.place)}, "
                f"{escape(prose.format_date_range(contribution.meeting.start, contribution.meeting.end))}. "
                f'<a href="{escape(href)}">Full text with paragraph numbers</a>.'))
            if quotes:
                blocks.append(paragraph("The paragraphs this brief cites:") + f'<ol class="quotes">{quotes}</ol>')
        blocks.append(paragraph(
            "SDG goal, target and indicator titles are the official English texts, from the UN "
            "Statistics Division's SDG metadata as published by the open-sdg project. Mechanism "
            "facts come from the project's sourced reference table (data/reference/mechanisms.yaml).",
            "source-note"))
        return section("Sources", "".join(blocks))


class GoalBrief(Brief):
    kind = "goal"

    def __init__(self, spec: BriefSpec, dataset: Dataset):
        self.goal = spec.goal
        super().__init__(spec, dataset)
        self.goal_record = self.ref.goals[self.goal]

    def select(self):
        return self.data.items(year=self.year, agency=self.agency, goal=self.goal)

    @property
    def title(self) -> str:
        return f"SDG Goal {self.goal}: {self.ref.goals[self.goal].short}"

    @property
    def description(self) -> str:
        return (f"What {self.agency_name} did and committed to in {self.year} on gender and migration "
                f"under Sustainable Development Goal {self.goal}.")

    def lead(self) -> Fragment:
        goal = self.goal_record
        text = (f"Sustainable Development Goal {self.goal} is to “{escape(goal.title)}”. ")
        if not self.records:
            text += (f"No work by {escape(self.agency_name)} in {self.year} is linked to this goal in the "
                     f"contributions on record, so this brief has nothing further to report. Other goals "
                     f"and mechanisms may have briefs for the same year.")
            return section("Summary", paragraph(text, "lead"))
        stated = [r for r in self.records if r.basis(self.goal) == "stated"]
        text += (f"{'In' if self.done else 'For'} {self.year}, {escape(self.agency_name)} reported "
                 f"{escape(self.work_phrase())} that ")
        if len(stated) == len(self.records):
            text += "the document itself links to this goal"
        elif stated:
            text += (f"are linked to this goal: {len(stated)} by the document itself and "
                     f"{len(self.records) - len(stated)} by an analyst's tag")
        else:
            text += "an analyst links to this goal"
        targets = self.goal_targets()
        if targets:
            text += f", touching {escape(prose.join(['target ' + t for t in targets]))}"
        text += ". The section on the goal and its targets says which links the document itself makes."
        figures = key_figures([(len(self.done), "activities done"), (len(self.planned), "commitments"),
                               (len(self.data.mechanisms(year=self.year, agency=self.agency, goal=self.goal)),
                                "mechanisms engaged"),
                               (len(self.data.countries(year=self.year, agency=self.agency, goal=self.goal)),
                                "countries named")])
        return section("Summary", paragraph(text, "lead") + figures, self.refs(self.records))

    def goal_targets(self) -> list[str]:
        """The goal's own targets that its items touch."""
        return [t for t in self.data.targets(year=self.year, agency=self.agency, goal=self.goal)
                if t.split(".")[0] == self.goal]

    def work_phrase(self) -> str:
        parts = []
        if self.done:
            parts.append(prose.count(len(self.done), "activity", "activities"))
        if self.planned:
            parts.append(prose.count(len(self.planned), "commitment"))
        return prose.join(parts)

    def targets(self) -> Fragment:
        targets = self.goal_targets()
        if not targets:
            return Fragment("")
        rows = []
        for code in targets:
            linked = [r for r in self.records if code in r.targets]
            basis = "document" if any(r.basis(code) == "stated" for r in linked) else "analyst"
            rows.append([code, self.ref.targets[code].title, str(len(linked)), basis])
        indicators = [i for i in self.ref.indicators.values() if i.target in targets]
        body = table(f"Targets of Goal {self.goal} linked to this work (official wording)",
                     ["Target", "Official text", "Items", "Linked by"], rows)
        if indicators:
            body += table("Their global indicators (current official wording)", ["Indicator", "Official text"],
                          [[i.code, i.title] for i in indicators])
        return section("The goal and its targets", body, note=self.sdg_basis_note())

    def work(self) -> Fragment:
        return self.items_section(f"What {self.agency_name} did in {self.year}", self.done)

    def commitments(self) -> Fragment:
        return self.items_section(f"What {self.agency_name} committed to for {self.year}", self.planned)

    def mechanisms_and_countries(self) -> Fragment:
        return mechanisms_and_countries(self)

    def next_steps(self) -> Fragment:
        """Commitments for the following year under the same goal, where the data has them."""
        later = self.data.items(year=self.year + 1, agency=self.agency, goal=self.goal)
        if not later:
            return Fragment("")
        body = paragraph(f"For {self.year + 1}, {escape(self.agency_name)} committed to "
                         f"{escape(prose.count(len(later), 'action'))} linked to this goal:")
        body += "<ul>" + "".join(f"<li>{escape(r.item.title)}</li>" for r in later) + "</ul>"
        return section("What comes next", body, self.refs(later))


class MechanismBrief(Brief):
    kind = "mechanism"

    def __init__(self, spec: BriefSpec, dataset: Dataset):
        self.code = spec.mechanism
        self.mechanism = dataset.reference.mechanisms[spec.mechanism]
        super().__init__(spec, dataset)

    def select(self):
        return self.data.items(year=self.year, agency=self.agency, mechanism=self.code)

    @property
    def title(self) -> str:
        return f"{self.mechanism.abbreviation}: {self.mechanism.name}"

    @property
    def description(self) -> str:
        return (f"How {self.agency_name} engaged the {self.mechanism.name} on gender and migration "
                f"in {self.year}.")

    def about(self) -> Fragment:
        m = self.mechanism
        kind = self.label("mechanism_types", m.type)
        rows = [["Type", kind], ["Founding instrument", m.instrument], ["Established", str(m.established)],
                ["History", m.established_note]]
        if m.body_of:
            rows.append(["Serviced by / part of", m.body_of])
        body = table(f"About the {m.abbreviation}", ["Fact", "Detail"], rows)
        if m.notes:
            body += "<ul>" + "".join(f"<li>{escape(n)}</li>" for n in m.notes) + "</ul>"
        note = "Sources: " + "; ".join(escape(f"[{s.ref}] {s.citation}" + (f": {s.url}" if s.url else ""))
                                       for s in m.sources)
        return section(f"What the {m.abbreviation} is", body, note=note)

    def lead(self) -> Fragment:
        if not self.records:
            return section("Summary", paragraph(
                f"No work by {escape(self.agency_name)} with the {escape(self.mechanism.name)} in {self.year} "
                f"is recorded in the contributions on record, so this brief has nothing further to report.",
                "lead"))
        events = self.data.events(year=self.year, agency=self.agency, mechanism=self.code)
        sessions = sorted({e.event.session for e in events if e.event.session and e.event.mechanism == self.code})
        verb = "reported" if self.done else "set out"
        text = (f"{'In' if self.done else 'For'} {self.year}, {escape(self.agency_name)} {verb} "
                f"{escape(prose.count(len(self.records), 'item'))} of work involving the "
                f"{escape(self.mechanism.name)} ({escape(self.mechanism.abbreviation)})")
        if sessions:
            text += f", with events at its {escape(prose.join([ordinal(s) for s in sessions]))} " \
                    f"session{'s' if len(sessions) > 1 else ''}"
        text += "."
        kinds = Counter(self.label("item_kinds", r.item.kind).lower() for r in self.records)
        text += " By kind of work: " + escape(prose.join([f"{k} ({n})" for k, n in kinds.most_common()])) + "."
        figures = key_figures([(len(self.records), "items of work"), (len(events), "dated events"),
                               (len(self.data.targets(year=self.year, agency=self.agency, mechanism=self.code)),
                                "SDG targets linked"),
                               (len(self.data.countries(year=self.year, agency=self.agency, mechanism=self.code)),
                                "countries named")])
        return section("Summary", paragraph(text, "lead") + figures, self.refs(self.records))

    def engagement(self) -> Fragment:
        return self.items_section(f"How {self.agency_name} engaged the {self.mechanism.abbreviation}",
                                  self.records)

    def events(self) -> Fragment:
        events = self.data.events(year=self.year, agency=self.agency, mechanism=self.code)
        if not events:
            return Fragment("")
        rows = [[prose.format_date(e.event.date), self.label("event_kinds", e.event.kind),
                 ordinal(e.event.session) if e.event.session else "", e.event.title] for e in events]
        body = table("Sessions, submissions, briefings and side events", ["Date", "Kind", "Session", "What"], rows)
        return section("Dates and sessions", body, self.refs([], events))

    def timeline_chart(self):
        events = self.data.events(year=self.year, agency=self.agency, mechanism=self.code)
        if not events:
            return None
        from .charts import timeline
        return timeline(events, self.ref)

    def targets(self) -> Fragment:
        codes = self.data.targets(year=self.year, agency=self.agency, mechanism=self.code)
        if not codes:
            return Fragment("")
        rows = [[code, self.ref.targets[code].title,
                 "; ".join(r.item.title for r in self.records if code in r.targets)] for code in codes]
        body = table("SDG targets linked to this work (official wording)", ["Target", "Official text", "Items"], rows)
        return section("SDG targets linked to this work", body, note=self.sdg_basis_note())

    def mechanisms_and_countries(self) -> Fragment:
        return mechanisms_and_countries(self, include_mechanisms=False)


class OverviewBrief(Brief):
    kind = "overview"

    def select(self):
        return self.data.items(year=self.year, agency=self.agency)

    @property
    def title(self) -> str:
        return f"{self.agency_name if self.agency != ALL_AGENCIES else 'All agencies'} in {self.year}: overview"

    @property
    def description(self) -> str:
        return f"The whole of {self.agency_name}'s reported work on gender and migration in {self.year}, at a glance."

    def lead(self) -> Fragment:
        goals = self.data.goals(year=self.year, agency=self.agency)
        mechanisms = self.data.mechanisms(year=self.year, agency=self.agency)
        countries = self.data.countries(year=self.year, agency=self.agency)
        events = self.data.events(year=self.year, agency=self.agency)
        parts = []
        if self.done:
            parts.append(f"In {self.year}, {escape(self.agency_name)} reported "
                         f"{escape(prose.count(len(self.done), 'activity', 'activities'))} on gender and migration")
        if self.planned:
            parts.append(("and it" if self.done else f"For {self.year}, {escape(self.agency_name)}")
                         + f" set out {escape(prose.count(len(self.planned), 'commitment'))}")
        text = " ".join(parts) + (f", across {escape(prose.count(len(goals), 'SDG goal'))} and "
                                  f"{escape(prose.count(len(mechanisms), 'mechanism'))}.")
        later = self.data.items(year=self.year + 1, agency=self.agency, status="planned")
        if later:
            text += (f" The same contributions set out {escape(prose.count(len(later), 'commitment'))} "
                     f"for {self.year + 1}, listed at the end of this brief.")
        figures = key_figures([(len(self.done), "activities done"), (len(self.planned), "commitments"),
                               (len(goals), "SDG goals"), (len(mechanisms), "mechanisms"),
                               (len(countries), "countries"), (len(events), "dated events")])
        return section("At a glance", paragraph(text, "lead") + figures + paragraph(self.sdg_basis_note(), "note"),
                       self.refs(self.records))

    def goals(self) -> Fragment:
        rows = []
        for code in self.data.goals(year=self.year, agency=self.agency):
            records = self.data.items(year=self.year, agency=self.agency, goal=code)
            link = f'<a href="goal-{code}.html">Goal {code}: {escape(self.ref.goals[code].short)}</a>'
            rows.append([link, escape(self.ref.goals[code].title), str(len(records))])
        if not rows:
            return Fragment("")
        return section("SDG goals", table("Goals the work touches, with a brief for each",
                                          ["Goal", "Official title", "Items"], rows, raw=True),
                       self.refs([r for r in self.records if r.goals]))

    def mechanisms(self) -> Fragment:
        rows = []
        for code in self.data.mechanisms(year=self.year, agency=self.agency):
            m = self.ref.mechanisms[code]
            records = self.data.items(year=self.year, agency=self.agency, mechanism=code)
            rows.append([f'<a href="mechanism-{code.lower()}.html">{escape(m.abbreviation)}</a>',
                         escape(m.name), escape(self.label("mechanism_types", m.type)), str(len(records))])
        if not rows:
            return Fragment("")
        return section("Mechanisms", table("Mechanisms engaged, with a brief for each",
                                           ["Mechanism", "Name", "Type", "Items"], rows, raw=True),
                       self.refs([r for r in self.records if r.mechanisms]))

    def kinds_chart(self):
        if not self.records:
            return None
        from .charts import counts_by
        return counts_by(self.records, "kind", self.ref)

    def mainstreaming_chart(self):
        if not self.records:
            return None
        from .charts import counts_by
        return counts_by(self.records, "mainstreaming", self.ref)

    def timeline(self) -> Fragment:
        events = self.data.events(year=self.year, agency=self.agency)
        if not events:
            return Fragment("")
        rows = [[prose.format_date(e.event.date), self.label("event_kinds", e.event.kind),
                 self.ref.mechanisms[e.event.mechanism].abbreviation if e.event.mechanism else "",
                 e.event.title] for e in events]
        body = table("Dated events, at the precision the source gives", ["Date", "Kind", "Mechanism", "What"], rows)
        return section("Timeline", body, self.refs([], events))

    def timeline_chart(self):
        events = self.data.events(year=self.year, agency=self.agency)
        if not events:
            return None
        from .charts import timeline
        return timeline(events, self.ref)

    def work(self) -> Fragment:
        return self.items_section(f"What {self.agency_name} did in {self.year}", self.done)

    def commitments(self) -> Fragment:
        return self.items_section(f"Commitments for {self.year}", self.planned)

    def next_year(self) -> Fragment:
        later = self.data.items(year=self.year + 1, agency=self.agency, status="planned")
        if not later:
            return Fragment("")
        body = paragraph(f"The data holds {escape(prose.count(len(later), 'commitment'))} by "
                         f"{escape(self.agency_name)} for {self.year + 1}; the {self.year + 1} overview "
                         f"presents them in full.")
        body += "<ul>" + "".join(f"<li>{escape(r.item.title)}</li>" for r in later) + "</ul>"
        return section(f"Commitments for {self.year + 1}", body, self.refs(later))


def mechanisms_and_countries(brief: Brief, include_mechanisms: bool = True) -> Fragment:
    """Who and where: each mechanism, then the countries, grouped when the same items name them."""
    def titles(records: list[ItemRecord]) -> str:
        return "; ".join(r.item.title for r in records)

    rows = []
    if include_mechanisms:
        for code in dict.fromkeys(m for r in brief.records for m in r.mechanisms):
            m = brief.ref.mechanisms[code]
            rows.append([m.abbreviation, m.name, titles([r for r in brief.records if code in r.mechanisms])])
    by_items: dict[tuple, list[str]] = {}
    for code in sorted({c for r in brief.records for c in r.countries}):
        keys = tuple(r.key for r in brief.records if code in r.countries)
        by_items.setdefault(keys, []).append(code)
    for keys, codes in by_items.items():
        names = prose.join([brief.ref.countries[c].name for c in codes])
        rows.append([names, "Country" if len(codes) == 1 else "Countries",
                     titles([r for r in brief.records if r.key in keys])])
    if not rows:
        return Fragment("")
    heading = "Mechanisms and countries" if include_mechanisms else "Countries"
    body = table(f"{heading} involved", ["Name", "Full name or kind", "Items"], rows)
    records = [r for r in brief.records if r.mechanisms or r.countries]
    return section(heading, body, brief.refs(records))


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def goal_brief(goal, year, agency, dataset: Dataset | None = None) -> GoalBrief:
    dataset = dataset or _default_dataset()
    return GoalBrief(brief_spec(dataset, "goal", goal=goal, year=year, agency=agency), dataset)


def mechanism_brief(mechanism, year, agency, dataset: Dataset | None = None) -> MechanismBrief:
    dataset = dataset or _default_dataset()
    return MechanismBrief(brief_spec(dataset, "mechanism", mechanism=mechanism, year=year, agency=agency),
                          dataset)


def overview_brief(year, agency, dataset: Dataset | None = None) -> OverviewBrief:
    dataset = dataset or _default_dataset()
    return OverviewBrief(brief_spec(dataset, "overview", year=year, agency=agency), dataset)


