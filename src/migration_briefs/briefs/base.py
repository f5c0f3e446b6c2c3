"""What every brief has, whatever it is about: `Brief`, the pieces it shows and how it cites.

A brief notebook makes a brief with `goal_brief` (goal.py), `mechanism_brief` (mechanism.py),
`country_brief` (country.py) or `overview_brief` (overview.py), each checking its parameters
against the data first, and shows its pieces one cell
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
    paragraph,
    paragraph_links,
    quotation,
    table,
)
from migration_briefs.model.dataset import ALL, DONE, OUTCOME, PLANNED, Dataset, ItemRecord
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


# A brief across all agencies (system.py) synthesises instead of listing, so its budget does not
# grow with the items: it holds at forty agencies (bench/scale.py measures it there).
SYSTEM_PAGE_BUDGETS = {"overview": 8, "other": 4}


def page_budget(kind: str, items: int, system: bool = False) -> int:
    """The most pages a brief of `kind` about `items` items may take (across agencies: `system`)."""
    if system:
        return SYSTEM_PAGE_BUDGETS.get(kind, SYSTEM_PAGE_BUDGETS["other"])
    budget = PAGE_BUDGETS.get(kind, PAGE_BUDGETS["other"])
    return budget["pages"] + max(0, -(-(items - budget["items"]) // budget["per_page"]))


def default_dataset() -> Dataset:
    """The data a brief reads: in a build's kernel, the part of the data set the build wrote for
    it; otherwise the project's data, loaded once per kernel and again whenever a data file
    changes (model/cache.py)."""
    from migration_briefs.model.cache import project_dataset
    return project_dataset()


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
    system = False  # about one agency's work; briefs across agencies (system.py) say True

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

    def kind_of(self, brief: str, system: bool | None = None):
        """The notebook of the kind `brief` ("goal"), about one agency or (`system`) all of them;
        by default, the kind this brief is about."""
        system = self.system if system is None else system
        return next(k for k in self.kinds.values() if k.brief == brief and k.system == system)

    def has_brief(self, brief: str, agency: str | None = None, **parameters) -> bool:
        """Whether the goal, mechanism or country in `parameters` passes the rule of its kind of
        brief (the notebook's metadata) for `agency` (this brief's by default), and so has a brief
        of its own."""
        from migration_briefs.model.params import passes
        agency = agency or self.agency
        kind = self.kind_of(brief, system=agency == ALL)
        return passes(self.data, dict(kind.rule), {"agency": agency, "year": self.year, **parameters})

    def item_anchor(self, record: ItemRecord) -> str:
        """The id of an item's card in its agency's overview of the year: "item-<id>", or, where
        the agency's papers to two meetings use one id for that year, "item-<meeting year>-<id>"."""
        ids = Counter(r.item.id for r in self.data.items(year=record.item.year, agency=record.agency))
        if ids[record.item.id] > 1:
            return f"item-{record.contribution.year}-{record.item.id}"
        return f"item-{record.item.id}"

    def sibling_href(self, brief: str, **parameters) -> str:
        """The file of another brief of the same agency and year, as its notebook names it: the
        kind `brief` (for example "goal"), with `parameters` beyond agency and year."""
        kind = self.kind_of(brief)
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
            "meetings": list(dict.fromkeys(c.meeting.short_name for c in contributions)),
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

    # --- across meetings --------------------------------------------------------------------
    def across_meetings(self) -> Fragment:
        """Where the data holds papers to more than one meeting: how the work on this brief's
        subject changed from one to the next. A row per meeting counts the items its papers report
        on the subject (work done in the year before the meeting and commitments for its year);
        a sentence per meeting says what is new and what stopped (`changes`)."""
        parameter, code = self.subject
        papers = [c for c in self.data.contributions if self.agency in (ALL, c.agency)]
        meetings = sorted({c.year: c.meeting.short_name for c in papers}.items())
        if parameter is None or len(meetings) < 2:
            return Nothing("one meeting")
        records = self.data.items(agency=self.agency, **{parameter: code})
        by_meeting = {year: [r for r in records if r.contribution.year == year] for year, _ in meetings}
        header, rows = ["Meeting", *self.meeting_columns()], []
        for year, name in meetings:
            mine = by_meeting[year]
            rows.append([escape(f"{name} ({year})"), *self.meeting_row(mine)])
        sentences = []
        for (before, _), (after, name) in zip(meetings, meetings[1:]):
            parts, what = self.changes(by_meeting[before], by_meeting[after], before, after)
            parts = [(label, names) for label, names in parts if names]
            if parts:
                sentences.append(f"At the {escape(name)}, compared with the one before: "
                                 + "; ".join(f"{label}: {escape(prose.join(names))}" for label, names in parts) + ".")
            else:
                sentences.append(f"At the {escape(name)}, the same {what} as at the one before.")
        caption = (f"Items on {self.subject_name}, by the meeting whose papers report them: work done in the "
                   "year before each meeting and commitments for its year")
        return Fragment(table(caption, header, rows, raw=True, numeric=list(range(1, len(header))),
                              css="brief-table meetings-table") + "".join(paragraph(s) for s in sentences))

    @property
    def subject_name(self) -> str:
        """What the brief is about, in a caption ('Goal 5', 'the CEDAW')."""
        return self.title

    def meeting_columns(self) -> list[str]:
        return (["Agencies"] if self.agency == ALL else []) + ["Activities and outcomes", "Commitments"]

    def meeting_row(self, records: list[ItemRecord]) -> list[str]:
        done = sum(1 for r in records if r.item.status != PLANNED)
        agencies = [str(len({r.agency for r in records}) or "–")] if self.agency == ALL else []
        return [*agencies, str(done or "–"), str(len(records) - done or "–")]

    def changes(self, before: list[ItemRecord], after: list[ItemRecord], before_year: int,
                after_year: int) -> tuple[list[tuple[str, list[str]]], str]:
        """What is new and what stopped from one meeting's items on the subject to the next, as
        (label, names) parts, and what the names are. Across agencies: the agencies, with those
        that sent no paper to one of the two meetings told apart from those that did and said
        nothing on the subject; one agency's own kinds of brief say what else changed."""
        def name(agency):
            return self.ref.agencies[agency].abbreviation

        old, new = {r.agency for r in before}, {r.agency for r in after}
        papers = {year: {c.agency for c in self.data.contributions if c.year == year} for year in (before_year, after_year)}
        return ([("agencies reporting on it for the first time", sorted(name(a) for a in new - old if a in papers[before_year])),
                 ("agencies whose first paper is to this meeting", sorted(name(a) for a in new - old
                                                                          if a not in papers[before_year])),
                 ("agencies no longer reporting on it", sorted(name(a) for a in old - new if a in papers[after_year])),
                 ("agencies with no paper to this meeting", sorted(name(a) for a in old - new
                                                                   if a not in papers[after_year]))], "agencies")

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
            lines.append(f'<li><a href="{self.sibling_href("overview")}#{self.item_anchor(record)}">{escape(record.item.title)}</a>'
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
