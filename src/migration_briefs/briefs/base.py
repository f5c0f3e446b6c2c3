"""The data-dependent pieces of a brief, for the notebooks to show.

A brief notebook makes a brief with `goal_brief`, `mechanism_brief`, `country_brief` or
`overview_brief` (parameters are checked against the data first) and shows its pieces one cell
at a time, between markdown cells that carry the headings and the fixed prose. Every piece here
depends on the data: lists, tables, charts, and sentences built from names and counts, each
with the ¶ links of the paragraphs it rests on. A piece with nothing to show displays as
"nothing to show", and the brief then leaves out its whole section.

What the briefs promise a fact-checker, and where it is kept:
* a goal or target the document names (for an item, or for a year's work) is shown as named by
  the document, with its ¶ link; an analyst's tag is shown as such, with its reason;
* headline figures count only what they say: activities (never outcomes), programme countries
  (never a country named for another reason);
* the lead of a year says what the paper says, in the paper's frame (`framing` in the data);
* detail lives in one place: the overview has each item's full card; the other briefs name an
  item in one line that links to it.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from functools import cached_property
from html import escape

from migration_briefs import paths
from migration_briefs.briefs import prose
from migration_briefs.briefs.fragments import (
    EMPTY_MIMETYPE,
    META_MIMETYPE,
    Fragment,
    SourceRef,
    key_figures,
    paragraph,
    paragraph_links,
    quotation,
    table,
)
from migration_briefs.model.dataset import ALL, DONE, LISTED_AMONG, OUTCOME, PLANNED, Dataset, ItemRecord, goal_of
from migration_briefs.model.params import check_agency, check_country, check_goal, check_mechanism, check_year
from migration_briefs.model.reference import sdg_sort_key

MIN_KEY_MESSAGES, MAX_KEY_MESSAGES = 3, 5
# A brief's Sources section gives the opening words of each paragraph it cites, so that a reader
# of the PDF alone can find it in the original document (which does not print our ¶ ids) without
# the brief reprinting text it has already said in its own words. Past this share of a document
# the list would run long, so its ¶ links go to the full text instead.
QUOTE_SHARE = 0.25
OPENING_WORDS = 8

# How long a brief may be, in A4 pages: a policy brief is read to the end only if it is short.
# A brief of a kind with a budget here gets that many pages for up to `items` items, and one
# more page for every `per_page` items beyond; any other kind gets the "other" budget. All the
# briefs together get PAGES_PER_BRIEF pages each on average. tests/test_budgets.py measures
# the built PDFs against these numbers, so the budget holds as the data grows.
PAGE_BUDGETS = {"overview": {"pages": 6, "items": 30, "per_page": 8},
                "other": {"pages": 4, "items": 15, "per_page": 8}}
# (2.25 until the rule of README "Which goals, mechanisms and countries get a brief of their own"
# folded nine one-page briefs into the overviews: the collection went from 33 pages in 20 briefs to
# 26 in 11, fewer pages to read but a higher average.)
PAGES_PER_BRIEF = 2.5


def page_budget(kind: str, items: int) -> int:
    """The most pages a brief of `kind` about `items` items may take."""
    budget = PAGE_BUDGETS.get(kind, PAGE_BUDGETS["other"])
    return budget["pages"] + max(0, -(-(items - budget["items"]) // budget["per_page"]))


_loaded: dict[tuple, Dataset] = {}


def _default_dataset() -> Dataset:
    """The project's data, loaded once per kernel and again whenever a data file changes
    (a warm build kernel reuses it across briefs; an edit in JupyterLab is picked up)."""
    from migration_briefs.model.loader import data_fingerprint, load
    key = data_fingerprint()
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = load()
    return _loaded[key]


class Nothing(Fragment):
    """A piece with nothing to show: the brief leaves out the section it is in."""

    def __init__(self, why: str = "nothing to show"):
        super().__init__("")
        self.why = why

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {EMPTY_MIMETYPE: {"why": self.why},
                "text/plain": f"({self.why}: the brief leaves this section out)"}


class Meta:
    """The brief's title block and the tables behind it, read by the brief template; shows as
    the title in Jupyter."""

    def __init__(self, data: dict):
        self.data = data

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {META_MIMETYPE: self.data, "text/plain": self.data["title"]}


def anchor(contribution) -> str:
    """The id prefix of a contribution's quoted paragraphs in a brief's Sources section."""
    return f"src-{contribution.agency}-{contribution.year}"


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell a spreadsheet shows as text: a text that would start a formula gets a leading
    apostrophe (OWASP's rule), so `=HYPERLINK(...)` from an imported paper is never run."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def source_href(contribution) -> str:
    """The source page, seen from a brief in build/<agency>/<year>/."""
    return f"../../{paths.source_page(contribution.source.text)}"


def item_anchor(record: ItemRecord) -> str:
    return f"item-{record.item.id}"


def sdg_names(codes: list[str]) -> str:
    """'Goals 5, 8 and 10 and targets 8.8 and 10.7', in the UN's order."""
    codes = sorted(dict.fromkeys(codes), key=sdg_sort_key)
    goals = [c for c in codes if "." not in c]
    targets = [c for c in codes if "." in c]
    parts = []
    if goals:
        parts.append(("Goal " if len(goals) == 1 else "Goals ") + prose.join(goals))
    if targets:
        parts.append(("target " if len(targets) == 1 else "targets ") + prose.join(targets))
    return " and ".join(parts)


class Brief:
    """What every brief has: its agency and year, its items, a title block, key messages and
    sources. Subclasses choose the items and say what the brief is about."""

    kind = ""

    def __init__(self, dataset: Dataset, agency: str, year: int):
        unconfirmed = dataset.drafts_for(agency, year)
        if unconfirmed:  # what a machine proposed never reaches a reader unconfirmed
            from migration_briefs.errors import UnconfirmedDraftError
            mark = unconfirmed[0]
            raise UnconfirmedDraftError(f"brief for {agency} in {year}", mark.file, mark.line, mark.what,
                                        mark.sentence())
        self.data = dataset
        self.ref = dataset.reference
        self.agency = agency
        self.year = year
        self.cited: dict[tuple, set[str]] = {}  # paragraphs cited so far, by contribution
        self._full_text: dict[tuple, bool] = {}
        self.records = self.select()
        self.done = [r for r in self.records if r.item.status == DONE]
        self.outcomes = [r for r in self.records if r.item.status == OUTCOME]
        self.planned = [r for r in self.records if r.item.status == PLANNED]

    # --- what a subclass decides ----------------------------------------------------------
    def select(self) -> list[ItemRecord]:
        raise NotImplementedError

    @property
    def title(self) -> str:
        raise NotImplementedError

    @property
    def subtitle(self) -> str:
        raise NotImplementedError

    def leading_messages(self) -> list[tuple[str, list[SourceRef]]]:
        """Key messages built from the data that always come first."""
        return []

    def computed_messages(self) -> list[tuple[str, list[SourceRef]]]:
        """Key messages built from the data, used when the editorial ones are too few: only
        sentences that say what nothing else near the top of the brief says."""
        return self.context_messages()

    def context_messages(self) -> list[tuple[str, list[SourceRef]]]:
        """Where the paper reports this brief's work: under which of its headings, in the frame
        it gives the year ('The paper reports this work under its heading "2. Joint EU - UN
        Women migration project", among the activities UN Women undertook in 2016 to support
        ...'). The headings are cited: they are the evidence of where the work is reported."""
        messages = []
        for contribution, framing in self.data.framing(self.year, self.agency):
            mine = [r for r in self.records if r.contribution is contribution]
            if not mine:
                continue
            sections = dict.fromkeys(self.data.section_of(r) for r in mine)
            headings = [h for h in (self.data.section_heading(contribution, s) for s in sections)
                        if h is not None and h.id not in framing.source]
            done = any(r.item.status != PLANNED for r in mine)
            agency = self.ref.agencies[contribution.agency].abbreviation
            what = "reports this work" if done else f"sets out {'this commitment' if len(mine) == 1 else 'these commitments'}"
            text = (f"The paper {what}"
                    + (f" under its heading{'s' if len(headings) > 1 else ''} "
                       + prose.join([f"“{h.text}”" for h in headings]) + "," if headings else "")
                    + f" among the {'activities' if done else 'initiatives'} {agency} "
                    f"{'undertook' if done else 'would undertake'} in {self.year} to support {framing.frame}.")
            messages.append((escape(text), [self.cite(contribution, [*(h.id for h in headings), *framing.source])]))
        return messages

    # --- names ----------------------------------------------------------------------------
    @property
    def agency_name(self) -> str:
        return "all agencies" if self.agency == ALL else self.ref.agencies[self.agency].abbreviation

    @property
    def agency_possessive(self) -> str:
        return "all agencies'" if self.agency == ALL else f"{self.agency_name}'s"

    @property
    def contributions(self):
        found = self.data.contributions_for(year=self.year, agency=self.agency)
        return found or [c for c in self.data.contributions if self.agency in (ALL, c.agency)]

    def label(self, vocabulary: str, code: str) -> str:
        return self.ref.vocabulary(vocabulary)[code].label

    def status_noun(self, status: str, n: int) -> str:
        """'activity' or 'activities', as the statuses table words them."""
        term = self.ref.vocabulary("statuses")[status]
        return term.label.lower() if n == 1 else term.plural

    @cached_property
    def kinds(self) -> dict:
        from migration_briefs.model.params import brief_kinds
        return brief_kinds(paths.NOTEBOOKS_DIR)

    def sibling_href(self, brief: str, **parameters) -> str:
        """The file of another brief of the same agency and year, as its notebook names it: the
        kind `brief` (for example "goal"), with `parameters` beyond agency and year."""
        kind = next(k for k in self.kinds.values() if k.brief == brief)
        return kind.output.format(**{k: str(v).lower() for k, v in parameters.items()}) + ".html"

    # --- citing ---------------------------------------------------------------------------
    def cite(self, contribution, ids) -> SourceRef:
        """A citation of paragraphs of one contribution's source: links to their quotation in the
        brief's Sources section, or to the full text when the brief cites most of it. Only what
        is shown is quoted: `links` and `shown` record what is printed."""
        order = self.data.paragraph_positions[contribution.source.text]
        target = f"{source_href(contribution)}#" if self.links_to_full_text(contribution) else f"#{anchor(contribution)}-"
        return SourceRef(target, sorted(((pid, order[pid]) for pid in set(ids)), key=lambda p: p[1]),
                         (contribution.agency, contribution.year))

    def shown(self, refs: list[SourceRef]) -> list[SourceRef]:
        """Record that `refs` are printed, so that the Sources section quotes their paragraphs."""
        for ref in refs:
            self.cited.setdefault(ref.document, set()).update(pid for pid, _ in ref.paragraphs)
        return refs

    def links_to_full_text(self, contribution) -> bool:
        """Whether this brief cites more than QUOTE_SHARE of the contribution's document, counting
        every paragraph its items, key messages, framing and SDG statements rest on."""
        key = (contribution.agency, contribution.year)
        if key not in self._full_text:
            mine = [r for r in self.records if r.contribution is contribution]
            cited = {p for r in mine for p in r.item.source}
            cited |= {p for c, m in self.data.key_messages(mine) for p in m.source}
            cited |= {p for s in contribution.sdg_statements + contribution.framing
                      if s.year == self.year for p in s.source}
            total = len(self.data.paragraph_positions[contribution.source.text])
            self._full_text[key] = len(cited) > QUOTE_SHARE * total
        return self._full_text[key]

    def refs(self, records: list[ItemRecord]) -> list[SourceRef]:
        """Citations of items grouped by contribution, in document order."""
        cited: dict[tuple, tuple] = {}
        for record in records:
            key = (record.contribution.agency, record.contribution.year)
            cited.setdefault(key, (record.contribution, set()))[1].update(record.item.source)
        return [self.cite(contribution, ids) for contribution, ids in cited.values()]

    def links(self, refs: list[SourceRef]) -> str:
        """'(¶ p11, ¶ p13)' for a sentence's end."""
        text = "; ".join(paragraph_links(ref) for ref in self.shown(refs) if ref.paragraphs)
        return f' <span class="cite">({text})</span>' if text else ""

    # --- pieces every brief shows -----------------------------------------------------------
    def title_block(self) -> Meta:
        """The title, who prepared the brief from which paper and when, the disclaimers, and the
        tables behind the brief (offered as CSV)."""
        contributions = self.contributions
        meetings = [f"{self.ref.agencies[c.agency].abbreviation}, {c.title}, {c.meeting.place}, "
                    f"{prose.format_date_range(c.meeting.start, c.meeting.end)}" for c in contributions]
        publisher = self.data.publisher
        agencies = [self.ref.agencies[code] for code in dict.fromkeys(c.agency for c in contributions)]
        subject = "; ".join(f"{a.abbreviation} ({a.name})" for a in agencies) or self.agency_name
        own = [c for c in contributions if c.disclaimer]
        return Meta({
            "title": self.title,
            "kind": self.kind,
            "subtitle": self.subtitle,
            "agency": self.agency,
            "agency_name": "All agencies" if self.agency == ALL else self.agency_name,
            "year": self.year,
            "meeting": "; ".join(meetings),
            # the edition's date, set by the editor in data/publisher.yaml: never the clock
            "date": publisher.date.isoformat(),
            "publisher": publisher.name,
            "publisher_unit": publisher.unit or "",
            "publisher_contact": publisher.contact,
            "prepared_by": f"Prepared by {publisher.name} from",
            "prepared_from": self.prepared_from(),
            "disclaimer": publisher.disclaimer,
            "paper_disclaimer": " ".join(prose.without_note_mark(self.data.paragraph(c, pid).text)
                                         for c in own[:1] for pid in c.disclaimer),
            "paper_disclaimer_href": "".join(f"{source_href(c)}#{c.disclaimer[0]}" for c in own[:1]),
            "paper_disclaimer_ref": "".join(f"¶ {prose.join(c.disclaimer)}" for c in own[:1]),
            "subject": subject,
            "lang": "en",
            "description": f"{subject}: {self.subtitle}. {self.title}.",
            "keywords": ["gender", "migration", "SDG", self.agency_name],
            "source_href": source_href(contributions[0]) if contributions else "",
            "links": self.official_pages(),
            "also_covers": self.also_covers(),
            "data": self.data_tables(),
        })

    def official_pages(self) -> list[str]:
        """The web pages this brief links to from the reference tables (not from what a notebook
        or a paper says): `briefs check-links` accepts links leaving the site only from here."""
        return []

    def also_covers(self) -> str:
        """What this brief names that has no brief of its own (the overview's goals, mechanisms
        and countries below the rule), so that the index still finds them."""
        return ""

    def prepared_from(self) -> str:
        """"UN Women's contribution to the 15th Coordination Meeting on International Migration
        (February 2017)": the papers the brief is prepared from, with the meeting's month from the
        data (the first page says "Prepared by <publisher> from" before it)."""
        return prose.join([f"{self.ref.agencies[c.agency].abbreviation}'s contribution to the {c.meeting.short_name} "
                           f"({prose.format_date(str(c.meeting.end)[:7])})" for c in self.contributions])

    def key_messages(self) -> Fragment:
        """Three to five sentences a reader who stops here takes away, each with its ¶ links: the
        editorial messages about this brief's items, topped up with messages built from the data
        when there are fewer than three."""
        messages = self.messages()
        if not messages:
            return Nothing("no key message")
        items = "".join(f"<li>{text}{self.links(refs)}</li>" for text, refs in messages)
        return Fragment(f'<ul class="key-messages">{items}</ul>')

    def messages(self) -> list[tuple[str, list[SourceRef]]]:
        """The key messages (HTML) and what each cites, as `key_messages` shows them."""
        if not self.records:
            return []
        editorial = [(escape(m.text), [self.cite(c, m.source)]) for c, m in self.data.key_messages(self.records)]
        messages = [*self.leading_messages(), *editorial][:MAX_KEY_MESSAGES]
        for message in self.computed_messages():
            if len(messages) >= MIN_KEY_MESSAGES:
                break
            messages.append(message)
        return messages

    def specific(self) -> list[ItemRecord]:
        """The brief's items that are specific to its goal, mechanism or country (all of them, for
        a brief about a whole year)."""
        parameter, code = self.subject
        return [r for r in self.records if parameter is None or self.data.specific(r, parameter, code)]

    @property
    def subject(self) -> tuple:
        """(parameter, value) of what the brief is about beyond its agency and year."""
        return None, None

    def not_said_entries(self) -> list[tuple]:
        """(contribution, NotSaid) pairs this brief shows: those about its year whose items it
        all includes; one about no item in particular only in the overview."""
        keys = {(r.contribution.agency, r.contribution.year, r.item.id) for r in self.records}
        return [(c, n) for c in self.contributions for n in c.not_said if n.year == self.year
                and (all((c.agency, c.year, i) in keys for i in n.items) if n.items else self.kind == "overview")]

    def not_said(self) -> Fragment:
        """What the paper does not say where a reader would expect it, as a person wrote it down."""
        entries = self.not_said_entries()
        if not entries:
            return Nothing("nothing noted as unsaid")
        lines = "".join(f"<li>{escape(n.text)}{self.links([self.cite(c, n.source)])}</li>" for c, n in entries)
        return Fragment(f'<ul class="not-said">{lines}</ul>')

    def extra_citations(self, contribution) -> set[str]:
        """Paragraphs a kind of brief cites beyond its items, key messages and notes (the
        overview's lead, a goal's statements)."""
        return set()

    def cited_paragraphs(self, contribution) -> set[str]:
        """Every paragraph of `contribution` that the brief's pieces cite, whatever the order of
        the cells that show them: the Sources section lists them even where it comes first."""
        key = (contribution.agency, contribution.year)
        ids = {p for r in self.records if r.contribution is contribution for p in r.item.source}
        ids |= {p for r in self.records if r.contribution is contribution
                for link in r.item.sdg.stated for p in link.source}
        ids |= {p for _, refs in self.messages() for ref in refs if ref.document == key for p, _ in ref.paragraphs}
        ids |= {p for c, n in self.not_said_entries() if c is contribution for p in n.source}
        return ids | self.extra_citations(contribution)

    def item_lines(self, records: list[ItemRecord] | None = None, detail=None) -> Fragment:
        """Each item in one line: its title (linking to its full card in the overview), what it
        is (activity, outcome or commitment), an optional detail and its ¶ links."""
        records = self.records if records is None else records
        if not records:
            return Nothing("no item")
        lines = []
        for record in records:
            marks = [m for m in (self.status_word(record), detail(record) if detail else "") if m]
            marks_html = f' <span class="item-status">– {"; ".join(marks)}</span>' if marks else ""
            lines.append(f'<li><a href="{self.sibling_href("overview")}#{item_anchor(record)}">{escape(record.item.title)}</a>'
                         f"{marks_html}{self.links(self.refs([record]))}</li>")
        return Fragment(f'<ul class="item-lines">{"".join(lines)}</ul>')

    def status_word(self, record: ItemRecord) -> str:
        """'reported outcome': what an item is, shown on every item line of every brief."""
        return escape(self.label("statuses", record.item.status).lower())

    def sources(self) -> Fragment:
        """The opening words of every paragraph the brief cites (the masthead names the documents
        and links their full text), for each document it quotes from; a document is named only
        when the brief rests on several."""
        blocks = []
        for contribution in self.contributions:
            cited = self.cited.get((contribution.agency, contribution.year), set()) | self.cited_paragraphs(contribution)
            if not cited or self.links_to_full_text(contribution):
                continue  # its ¶ links lead to the full text, which the masthead names
            href = source_href(contribution)
            if len(self.contributions) > 1:
                agency = self.ref.agencies[contribution.agency]
                blocks.append(paragraph(f'{escape(agency.abbreviation)}, <cite><a href="{escape(href)}">'
                                        f"{escape(contribution.title)}</a></cite> ({contribution.year}):", "citation"))
            prefix = anchor(contribution)
            quotes = "".join(f'<li id="{escape(prefix)}-{escape(p.id)}"><a href="{escape(href)}#{escape(p.id)}">'
                             f'¶&#160;{escape(p.id)}</a> <q>{quotation(p, OPENING_WORDS)}</q></li>'
                             for p in self.data.sources[contribution.source.text].paragraphs if p.id in cited)
            blocks.append(f'<ol class="quotes" aria-label="The opening words of the paragraphs this brief cites">'
                          f"{quotes}</ol>")
        return Fragment("".join(blocks)) if blocks else Nothing("every ¶ link leads to the full text")

    # --- the tables behind the brief ------------------------------------------------------------
    def data_tables(self) -> list[dict]:
        """The brief's items, their SDG links and their events, as CSV texts (offered beside the
        brief as '<brief>.items.csv' and so on); a table with no rows is left out."""
        from pandas.api.types import is_string_dtype
        frames = (self.data.items_table(), self.data.item_targets_table(), self.data.events_table())
        found = []
        for name, frame in zip(paths.DATA_TABLES, frames):
            rows = self.rows_of(name, frame)
            if rows.empty:
                continue  # a table with no rows is neither written nor linked
            buffer = io.StringIO()
            rows = rows.assign(**{column: rows[column].map(spreadsheet_safe) for column in rows.columns
                                  if is_string_dtype(rows[column]) or rows[column].dtype == object})
            rows.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            found.append({"name": name, "csv": buffer.getvalue()})
        return found

    def rows_of(self, table: str, frame):
        """The rows of a tidy table that this brief rests on: its items' rows, and for the SDG
        links also what its papers name for the year's work as a whole."""
        rows = frame["key"].isin({r.key for r in self.records})
        if table == "sdg-links":
            papers = {f"{c.agency}/{c.year}" for c in self.contributions}
            rows |= frame["key"].isin(papers) & (frame["year"] == self.year)
        return frame[rows]


# ----------------------------------------------------------------------------------- goal

class GoalBrief(Brief):
    kind = "goal"

    def __init__(self, dataset: Dataset, agency: str, year: int, goal: str):
        self.goal = goal
        self.goal_record = dataset.reference.goals[goal]
        super().__init__(dataset, agency, year)
        self.named = self.data.document_names(self.goal, self.year, self.agency)

    def select(self):
        return self.data.items(year=self.year, agency=self.agency, goal=self.goal)

    @property
    def subject(self) -> tuple:
        return "goal", self.goal

    @property
    def title(self) -> str:
        return f"SDG Goal {self.goal}: {self.goal_record.short}"

    @property
    def subtitle(self) -> str:
        # a year of commitments only is not work done: the subtitle claims no more than the brief
        if self.records and not (self.done or self.outcomes):
            return prose.capitalise(f"{self.agency_possessive} commitments on gender and migration for {self.year}")
        return prose.capitalise(f"{self.agency_possessive} work on gender and migration in {self.year}")

    def targets(self) -> list[str]:
        """The goal's targets that the document names for the year, or that items are tied to."""
        named = {code for _, s in self.data.statements(self.year, self.agency) for code in s.codes
                 if "." in code and goal_of(code) == self.goal}
        tied = {link.code for r in self.records for link in r.links(self.goal) if "." in link.code}
        return sorted(named | tied, key=sdg_sort_key)

    def extra_citations(self, contribution) -> set[str]:
        return {p for code in (self.goal, *self.targets())
                for c, ids in self.data.document_names(code, self.year, self.agency) if c is contribution for p in ids}

    def named_refs(self, code: str) -> list[SourceRef]:
        return [self.cite(c, ids) for c, ids in self.data.document_names(code, self.year, self.agency)]

    @property
    def goal_title(self) -> str:
        """The goal in its official words, for the notebook's sentence."""
        return self.goal_record.title

    @property
    def paper_subject(self) -> str:
        return "The papers" if len(self.contributions) > 1 else "The paper"

    def leading_messages(self):
        # What the document itself says about the goal comes first: a fact-checker needs it most.
        if self.named:
            named_targets = [t for t in self.targets() if self.data.document_names(t, self.year, self.agency)]
            what = sdg_names([self.goal, *named_targets])
            return [(f"{self.paper_subject} names {escape(what)} for {escape(self.agency_possessive)} {self.year} "
                     f"work as a whole, not for single activities.", self.named_refs(self.goal))]
        frames = "".join(f", which it sets out to support {escape(f.frame)}" for _, f in
                         self.data.framing(self.year, self.agency)[:1])
        return [(f"{self.paper_subject} names no SDG goal or target for {escape(self.agency_possessive)} "
                 f"{self.year} work{frames}.",
                 [self.cite(c, f.source) for c, f in self.data.framing(self.year, self.agency)])]

    def target_sections(self) -> Fragment:
        """For each target: its official wording, whether the document names it, and each item
        tied to it with the analyst's reason (or the document's words)."""
        parts = []
        for code in self.targets():
            refs = self.named_refs(code)
            named = (f' <strong class="named">Named by the document for the {self.year} work'
                     f'{self.links(refs)}.</strong>' if refs else "")
            lines = []
            for record in self.records:
                for link in record.links(self.goal):
                    if link.code != code:
                        continue
                    if hasattr(link, "reason"):
                        why = f'<span class="reason">Analyst: {escape(link.reason)}</span>'
                        cite = self.refs([record])
                    else:
                        why = '<span class="reason">Stated by the document for this item.</span>'
                        cite = [self.cite(record.contribution, link.source)]
                    status = f' <span class="item-status">– {self.status_word(record)}</span>'
                    lines.append(f'<li><a href="{self.sibling_href("overview")}#{item_anchor(record)}">{escape(record.item.title)}</a>'
                                 f"{status}. {why}{self.links(cite)}</li>")
            body = (f'<ul class="item-lines">{"".join(lines)}</ul>' if lines else
                    paragraph("No item is tied to this target."))
            parts.append(f'<h3 id="target-{code.replace(".", "-")}">Target {escape(code)}</h3>'
                         f'{paragraph(f"“{escape(self.ref.targets[code].title)}”{named}", "target-text")}{body}')
        if not parts:
            return Nothing("no target of this goal")
        return Fragment("".join(parts))

    def rows_of(self, table: str, frame):
        rows = super().rows_of(table, frame)
        return rows[rows["goal"] == self.goal] if table == "sdg-links" else rows

    def coverage_chart(self):
        from migration_briefs.briefs.charts import coverage_matrix
        named = [code for code in self.targets() if self.data.document_names(code, self.year, self.agency)]
        chart = coverage_matrix(self.records, self.ref, rows="items", goal=self.goal, named=named)
        return chart or Nothing("the matrix would say no more than the list")


# ------------------------------------------------------------------------------ mechanism

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


# -------------------------------------------------------------------------------- country

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


# ------------------------------------------------------------------------------- overview

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
            did = (f"reported on the activities it undertook in {self.year}" if self.done or self.outcomes
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

    def commitments_next_year(self) -> int:
        """How many commitments the same papers set out for the next year."""
        return len(self.data.items(year=self.year + 1, agency=self.agency, status=PLANNED))

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
        parts = [f'<h{level} id="{item_anchor(record)}">{escape(item.title)}</h{level}>',
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

    def has_brief(self, brief: str, **parameters) -> bool:
        """Whether the goal, mechanism or country in `parameters` passes the rule of its kind of
        brief (the notebook's metadata) and so has a brief of its own."""
        from migration_briefs.model.params import passes
        kind = next(k for k in self.kinds.values() if k.brief == brief)
        return passes(self.data, dict(kind.rule), {"agency": self.agency, "year": self.year, **parameters})

    def item_links(self, records: list[ItemRecord]) -> str:
        """'“A” and “B”': items by their quoted titles, each linking to its card in this overview."""
        return prose.join([f'“<a href="#{item_anchor(r)}">{escape(r.item.title)}</a>”' for r in records])

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


# ------------------------------------------------------------------------------- makers

def goal_brief(goal, year, agency, dataset: Dataset | None = None) -> GoalBrief:
    dataset = dataset or _default_dataset()
    return GoalBrief(dataset, check_agency(dataset, agency), check_year(dataset, year), check_goal(dataset, goal))


def mechanism_brief(mechanism, year, agency, dataset: Dataset | None = None) -> MechanismBrief:
    dataset = dataset or _default_dataset()
    return MechanismBrief(dataset, check_agency(dataset, agency), check_year(dataset, year),
                          check_mechanism(dataset, mechanism))


def country_brief(country, year, agency, dataset: Dataset | None = None) -> CountryBrief:
    dataset = dataset or _default_dataset()
    return CountryBrief(dataset, check_agency(dataset, agency), check_year(dataset, year),
                        check_country(dataset, country))


def overview_brief(year, agency, dataset: Dataset | None = None) -> OverviewBrief:
    dataset = dataset or _default_dataset()
    return OverviewBrief(dataset, check_agency(dataset, agency), check_year(dataset, year))
