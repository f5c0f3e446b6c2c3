"""What every brief has, whatever it is about and whoever's papers it reads: `Brief`, its pieces,
how it cites, and the two scopes a brief can have.

A brief notebook makes a brief with `overview_brief`, `goal_brief`, `mechanism_brief` or
`country_brief` (one agency's papers) or `system_overview`, `system_goal`, ... (every agency's),
each checking its parameters against the data first, and shows its pieces one cell at a time,
between markdown cells that carry the headings and the fixed prose. A kind of brief is one class
for both scopes: what differs between a brief about one agency and one across all of them is its
`Scope` (whose editorial messages, how it cites, what its Sources section lists, what changed
across meetings) and its words (notebooks/<kind>.yaml: words.py), never a branch on agency "all".
Each piece computes facts and leaves the sentences to the words; a piece with nothing to show
displays as "nothing to show", and the brief then leaves out its whole section.

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
    table,
)
from migration_briefs.briefs.words import Words
from migration_briefs.errors import WordsError
from migration_briefs.model.dataset import ALL, DONE, OUTCOME, PLANNED, Dataset, ItemRecord

MIN_KEY_MESSAGES, MAX_KEY_MESSAGES = 3, 5

# How long a brief may be, in A4 pages: a policy brief is read to the end only if it is short.
# A brief of a kind with a budget here gets that many pages for up to `items` items, and one
# more page for every `per_page` items beyond; any other kind gets the "other" budget. All the
# briefs together get PAGES_PER_BRIEF pages each on average. tests/test_budgets.py measures
# the built PDFs against these numbers, so the budget holds as the data grows.
PAGE_BUDGETS = {"overview": {"pages": 6, "items": 30, "per_page": 8},
                "other": {"pages": 4, "items": 15, "per_page": 8}}
# (2.25 until the rule of docs/building.md "Which goals, mechanisms and countries get a brief of their own"
# folded nine one-page briefs into the overviews: the collection went from 33 pages in 20 briefs to
# 26 in 11, fewer pages to read but a higher average.)
PAGES_PER_BRIEF = 2.5


# A brief across all agencies synthesises instead of listing, so its budget does not grow with
# the items: it holds at forty agencies (bench/scale.py measures it there).
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


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell a spreadsheet shows as text: a text that would start a formula gets a leading
    apostrophe (OWASP's rule), so `=HYPERLINK(...)` from an imported paper is never run."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def source_href(contribution) -> str:
    """The source page, seen from a brief in build/<agency>/<year>/."""
    return f"../../{paths.source_page(contribution.source.text)}"


def html(value):
    """HTML built here (¶ links, item links) as markupsafe's Markup, so that a template puts it in
    as it is while it escapes the names from the data."""
    from markupsafe import Markup
    return Markup(value)


# ------------------------------------------------------------------------------------ scopes

class Scope:
    """Whose papers a brief reads. `OneAgency` and `AllAgencies` hold everything that differs
    between a brief about one agency's work and one across every agency's, so that a kind of
    brief is one class for both; `section` names their part of notebooks/shared.yaml."""

    system = False
    section = ""
    # whether the index finds the brief under the goals, mechanisms and countries it names below
    # the rule: an agency's overview is where they are told; across agencies, each agency's overview
    covers_below_rule = True

    def __init__(self, agency: str):
        self.agency = agency

    def facts(self, brief: "Brief") -> dict:
        """What every template of a brief of this scope may use beside its own facts."""
        return {}


class OneAgency(Scope):
    """A brief about one agency's papers: it quotes their paragraphs, tops its key messages with
    those the contribution files hold, and tells what changed across meetings by its subject."""

    section = "one agency"

    def facts(self, brief):
        return {"agency": brief.ref.agencies[self.agency].abbreviation}

    def editorial(self, brief: "Brief") -> list[tuple[str, list[SourceRef]]]:
        """The key messages the contribution files hold whose home is this brief: each shows in one
        brief of the agency's year only (`Brief.home_of_message`)."""
        return [(escape(m.text), [brief.cite(c, m.source)]) for c, m in brief.data.key_messages(brief.records)
                if brief.home_of_message(c, m) == brief.subject]

    def cited_paragraphs(self, brief: "Brief", contribution) -> set[str]:
        """Every paragraph of `contribution` that the brief's pieces cite, whatever the order of
        the cells that show them: the Sources section lists them even where it comes first."""
        key = (contribution.agency, contribution.year)
        ids = {p for r in brief.records if r.contribution is contribution for p in r.item.source}
        ids |= {p for r in brief.records if r.contribution is contribution
                for link in r.item.sdg.stated for p in link.source}
        ids |= {p for _, refs in brief.messages() for ref in refs if ref.document == key for p, _ in ref.paragraphs}
        ids |= {p for c, n in brief.not_said_entries() if c is contribution for p in n.source}
        return ids | brief.extra_citations(contribution)

    def sources(self, brief: "Brief") -> Fragment:
        """The papers the brief cites, each linking to its full text, where it cites several (the
        top of the brief names and links one), and the sources of the facts it gives that the papers
        do not ('[O1]'). Every ¶ link leads to its paragraph in the full text, where the paragraphs
        are numbered as the links cite them: the full text is the list of what the brief quotes."""
        blocks = []
        cited = [c for c in brief.contributions if brief.cited.get((c.agency, c.year)) or self.cited_paragraphs(brief, c)]
        if len(cited) > 1:
            blocks += [paragraph(brief.say("sources.paper", paper=brief.ref.agencies[c.agency].abbreviation,
                                           title=c.title, href=source_href(c), meeting_year=c.year), "citation")
                       for c in cited]
        outside = brief.outside_sources()
        if outside:
            entries = "".join(f"<li>{brief.say('sources.outside.entry', ref=o.ref, citation=o.citation, url=o.url or '')}</li>"
                              for o in outside)
            blocks.append(f'<ul class="outside-sources" aria-label="{brief.say("sources.outside.label")}">{entries}</ul>')
        return Fragment("".join(blocks)) if blocks else Nothing("one paper, named at the top, and no fact from outside it")

    def changes(self, brief: "Brief", before: list[ItemRecord], after: list[ItemRecord], before_year: int,
                after_year: int) -> dict[str, list[str]]:
        """What is new and what stopped on the subject, as its kind of brief tells it (a goal's
        targets, a mechanism's programme countries)."""
        return brief.subject_changes(before, after)

    def masthead(self, brief: "Brief") -> dict:
        contributions = brief.contributions
        agencies = [brief.ref.agencies[code] for code in dict.fromkeys(c.agency for c in contributions)]
        return {
            "agency_name": brief.plain("masthead.agency_name"),
            "meeting": "; ".join(brief.plain("masthead.meeting", paper=brief.ref.agencies[c.agency].abbreviation,
                                             title=c.title, place=c.meeting.place,
                                             dates=prose.format_date_range(c.meeting.start, c.meeting.end))
                                 for c in contributions),
            "subject": "; ".join(brief.plain("masthead.subject", abbreviation=a.abbreviation, name=a.name)
                                 for a in agencies) or brief.plain("masthead.agency_name"),
            "prepared_from": brief.plain("masthead.prepared_from", papers=[
                brief.plain("masthead.paper", paper=brief.ref.agencies[c.agency].abbreviation,
                            meeting=c.meeting.short_name, meeting_year=c.year)
                for c in contributions]),
            # the paper's own disclaimer is quoted once, in the overview's note on how to read the briefs
            "paper_disclaimer": "", "paper_disclaimer_href": "", "paper_disclaimer_ref": "",
            "source_href": source_href(contributions[0]) if contributions else "",
            "disclaimer": brief.data.publisher.disclaimer,
        }


class AllAgencies(Scope):
    """A brief across every agency's papers: it synthesises rather than lists, so that it keeps
    to its page budget whatever the number of papers. Its key messages are those a person wrote
    for the meeting (data/system/); its ¶ links lead to the papers' full texts, and its Sources
    section names the papers, not their paragraphs' opening words (forty papers' quotations would
    outrun any budget); across meetings, it tells which agencies came and went."""

    system = True
    section = "all agencies"
    covers_below_rule = False

    def facts(self, brief):
        return {"agencies": len(brief.reporting)}

    def editorial(self, brief: "Brief") -> list[tuple[str, list[SourceRef]]]:
        parameter, code = brief.subject
        return [(escape(m.text), [brief.cite(brief.data.contribution(s.agency, s.year), s.paragraphs) for s in m.source])
                for m in brief.data.system_messages(brief.year, parameter, code)]

    def cited_paragraphs(self, brief: "Brief", contribution) -> set[str]:
        return set()  # the Sources section names papers, not paragraphs

    def sources(self, brief: "Brief") -> Fragment:
        """The papers the brief reads, in one paragraph per meeting: each agency's abbreviation
        linking to its paper's full text (where the ¶ links lead)."""
        mine = {(r.contribution.agency, r.contribution.year) for r in brief.records}
        by_meeting: dict[int, list] = {}
        for c in sorted(brief.contributions, key=lambda c: (c.year, brief.ref.agencies[c.agency].abbreviation.lower())):
            if (c.agency, c.year) in mine:
                by_meeting.setdefault(c.year, []).append(c)
        if not by_meeting:
            return Nothing("no paper")
        parts = []
        for papers in by_meeting.values():
            meeting = papers[0].meeting
            links = [html(f'<a href="{escape(source_href(c))}" title="{escape(c.title)}">'
                          f"{escape(brief.ref.agencies[c.agency].abbreviation)}</a>") for c in papers]
            parts.append(paragraph(brief.say("sources.papers", meeting=meeting.name, links=links,
                                             month=prose.format_date(str(meeting.end)[:7])), "paper-list"))
        return Fragment("".join(parts))

    def changes(self, brief: "Brief", before: list[ItemRecord], after: list[ItemRecord], before_year: int,
                after_year: int) -> dict[str, list[str]]:
        """The agencies new and gone, with those that sent no paper to one of the two meetings
        told apart from those that did and said nothing on the subject."""
        def name(agency):
            return brief.ref.agencies[agency].abbreviation

        old, new = {r.agency for r in before}, {r.agency for r in after}
        papers = {year: {c.agency for c in brief.data.contributions if c.year == year}
                  for year in (before_year, after_year)}
        return {"first_time": sorted(name(a) for a in new - old if a in papers[before_year]),
                "first_paper": sorted(name(a) for a in new - old if a not in papers[before_year]),
                "stopped": sorted(name(a) for a in old - new if a in papers[after_year]),
                "no_paper": sorted(name(a) for a in old - new if a not in papers[after_year])}

    def masthead(self, brief: "Brief") -> dict:
        meetings = brief.meetings()
        abbreviations = [brief.ref.agencies[a].abbreviation for a in dict.fromkeys(c.agency for c in brief.contributions)]
        publisher = brief.data.publisher
        return {
            "agency_name": brief.plain("masthead.agency_name"),
            "meeting": "; ".join(brief.plain("masthead.meeting", name=m.name, place=m.place,
                                             dates=prose.format_date_range(m.start, m.end)) for m in meetings),
            "subject": ", ".join(abbreviations),
            "prepared_from": brief.plain(
                "masthead.prepared_from", agencies=len({c.agency for c in brief.contributions}),
                meetings=[brief.plain("masthead.meeting_short", meeting=m.short_name,
                                      month=prose.format_date(str(m.end)[:7])) for m in meetings]),
            # one paper's own disclaimer does not speak for the others: each agency's brief quotes its own
            "paper_disclaimer": "", "paper_disclaimer_href": "", "paper_disclaimer_ref": "", "source_href": "",
            "disclaimer": publisher.disclaimer_across_agencies or publisher.disclaimer,
        }


# ------------------------------------------------------------------------------------ briefs

class Brief:
    """What every brief has: its scope and year, its items, its words, a title block, key
    messages and sources. A kind of brief (overview.py, goal.py, ...) chooses the items, gives
    the facts of its subject and adds the pieces of its own."""

    kind = ""

    def __init__(self, dataset: Dataset, scope: Scope, year: int, words: Words | str):
        self._refuse_drafts(dataset, scope.agency, year)
        self.data = dataset
        self.ref = dataset.reference
        self.scope = scope
        self.agency = scope.agency
        self.year = year
        self.words = Words.of(words, scope.section) if isinstance(words, str) else words
        self.cited: dict[tuple, set[str]] = {}  # paragraphs cited so far, by contribution
        self.records = self.select()
        self.done = [r for r in self.records if r.item.status == DONE]
        self.outcomes = [r for r in self.records if r.item.status == OUTCOME]
        self.planned = [r for r in self.records if r.item.status == PLANNED]

    def _refuse_drafts(self, dataset: Dataset, agency: str, year: int) -> None:
        """What a machine proposed never reaches a reader unconfirmed: a brief that rests on a
        draft is refused, naming every draft it rests on, unless it is built as a draft
        (`briefs build --drafts`), where it is marked as one."""
        from migration_briefs.model.draft_marks import previewing, refusal
        parameter, code = self.subject
        unconfirmed = dataset.drafts_for(agency, year, **({parameter: code} if parameter else {}))
        if unconfirmed and not previewing():
            from migration_briefs.errors import UnconfirmedDraftError
            raise UnconfirmedDraftError(f"brief for {agency} in {year}", unconfirmed[0].file, unconfirmed[0].line,
                                        ", ".join(m.what for m in unconfirmed), refusal(unconfirmed))

    # --- what a kind of brief decides -------------------------------------------------------
    def select(self) -> list[ItemRecord]:
        raise NotImplementedError

    @property
    def subject(self) -> tuple:
        """(parameter, value) of what the brief is about beyond its agency and year."""
        return None, None

    def subject_facts(self) -> dict:
        """The names of what the brief is about, for its words (title, subtitle, captions)."""
        return {}

    def subject_changes(self, before: list[ItemRecord], after: list[ItemRecord]) -> dict[str, list[str]]:
        """What is new and what stopped on the subject in one agency's work, by the labels of its
        words' `across_meetings.changes` (a goal's targets, a mechanism's programme countries)."""
        return {}

    def agency_facts(self, agency: str, records: list[ItemRecord]) -> dict:
        """One agency's row of the agency table: a value per column of the words'
        `agency_table.columns` (numbers, texts, lists or yes and no)."""
        return {}

    def extra_citations(self, contribution) -> set[str]:
        """Paragraphs a kind of brief cites beyond its items, key messages and notes (the
        overview's lead, a goal's statements)."""
        return set()

    def official_pages(self) -> list[str]:
        """The web pages this brief links to from the reference tables and the sources of facts from
        outside the papers (not from what a notebook or a paper says): `briefs check-links` accepts
        links leaving the site only from here."""
        return [o.url for o in self.outside_sources() if o.url]

    def also_covers(self) -> str:
        """What this brief names that has no brief of its own (the overview's goals, mechanisms
        and countries below the rule), so that the index still finds them."""
        return ""

    # --- words ------------------------------------------------------------------------------
    @cached_property
    def facts(self) -> dict:
        """The facts every template of the brief may use: its year, its scope's names, its
        subject's names and whether its items report work or only plan it."""
        return {"year": self.year, "planning": self.planning, "papers": len(self.contributions), **self.scope.facts(self),
                **self.subject_facts()}

    def say(self, key: str, **facts):
        """The sentence at `key` of the brief's words, with its facts (markup)."""
        return self.words.say(key, **{**self.facts, **facts})

    def plain(self, key: str, **facts) -> str:
        """The same as plain text, for the title block (which the page template escapes)."""
        return self.say(key, **facts).unescape()

    @property
    def title(self) -> str:
        return self.plain("title")

    @property
    def subtitle(self) -> str:
        return self.plain("subtitle")

    # --- who and what -----------------------------------------------------------------------
    @property
    def system(self) -> bool:
        return self.scope.system

    @property
    def contributions(self):
        found = self.data.contributions_for(year=self.year, agency=self.agency)
        return found or [c for c in self.data.contributions if self.agency in (ALL, c.agency)]

    @property
    def agencies(self) -> list[str]:
        """The agencies whose items the brief rests on, by abbreviation."""
        return sorted({r.agency for r in self.records}, key=lambda a: self.ref.agencies[a].abbreviation.lower())

    @cached_property
    def reporting(self) -> list[str]:
        """Every agency of the brief's scope with a paper that covers the brief's year."""
        return sorted({r.agency for r in self.data.items(year=self.year, agency=self.agency)},
                      key=lambda a: self.ref.agencies[a].abbreviation.lower())

    def meetings(self) -> list:
        """The meetings of the papers the brief reads, in order."""
        seen = {}
        for contribution in sorted(self.contributions, key=lambda c: c.year):
            seen.setdefault(contribution.meeting.name, contribution.meeting)
        return list(seen.values())

    @property
    def worked(self) -> list[ItemRecord]:
        """What the brief counts as work: done and outcomes where the year has any, else the
        commitments (a year the papers only plan). Work done and work planned are never added up."""
        return [r for r in self.records if r.item.status != PLANNED] or self.planned

    @property
    def planning(self) -> bool:
        """Whether the brief's items only plan work (a year of commitments), for the words."""
        return bool(self.records) and not any(r.item.status != PLANNED for r in self.records)

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
        by default, of this brief's scope."""
        system = self.system if system is None else system
        return next(k for k in self.kinds.values() if k.brief == brief and k.system == system)

    def has_brief(self, brief: str, agency: str | None = None, **parameters) -> bool:
        """Whether the goal, mechanism or country in `parameters` passes the rule of its kind of
        brief (the notebook's metadata) for `agency` (by default this brief's, of its scope; another
        agency's, of the briefs about one agency), and so has a brief of its own."""
        from migration_briefs.model.params import passes
        kind = self.kind_of(brief, system=self.system if agency is None else False)
        return passes(self.data, dict(kind.rule), {"agency": agency or self.agency, "year": self.year, **parameters})

    def item_anchor(self, record: ItemRecord) -> str:
        """The id of an item's card in its agency's overview of the year: "item-<id>", or, where
        the agency's papers to two meetings use one id for that year, "item-<meeting year>-<id>"."""
        ids = Counter(r.item.id for r in self.data.items(year=record.item.year, agency=record.agency))
        if ids[record.item.id] > 1:
            return f"item-{record.contribution.year}-{record.item.id}"
        return f"item-{record.item.id}"

    def sibling_href(self, brief: str, **parameters) -> str:
        """The file of another brief of the same scope and year, as its notebook names it: the
        kind `brief` (for example "goal"), with `parameters` beyond agency and year."""
        kind = self.kind_of(brief)
        return kind.output.format(**{k: str(v).lower() for k, v in parameters.items()}) + ".html"

    def specific(self) -> list[ItemRecord]:
        """The brief's items that are specific to its goal, mechanism or country (all of them, for
        a brief about a whole year)."""
        parameter, code = self.subject
        return [r for r in self.records if parameter is None or self.data.specific(r, parameter, code)]

    # --- where detail lives ------------------------------------------------------------------
    @property
    def subject_briefs(self) -> list[tuple[str, str, frozenset]]:
        return self.subject_briefs_of(self.year)

    def subject_briefs_of(self, year: int) -> list[tuple[str, str, frozenset]]:
        """(parameter, code, its items' keys) of each brief of this brief's agency and of `year` on
        a mechanism, a programme country or a goal (in that order), as the rules of their notebooks
        make them."""
        cache = self.__dict__.setdefault("_subject_briefs", {})
        if year in cache:
            return cache[year]
        found: list[tuple[str, str, frozenset]] = []
        if not self.system:  # a brief across agencies synthesises: the detail is in each agency's briefs
            for parameter, values in (("mechanism", self.data.mechanisms), ("country", self.data.countries),
                                      ("goal", self.data.goals)):
                for code in values(year=year, agency=self.agency):
                    if self.has_brief(parameter, agency=self.agency, year=year, **{parameter: code}):
                        keys = frozenset(r.key for r in self.data.items(year=year, agency=self.agency,
                                                                        **{parameter: code}))
                        found.append((parameter, code, keys))
        cache[year] = found
        return found

    def home(self, keys: set[str], mechanism: str | None = None, year: int | None = None) -> tuple:
        """The subject, (parameter, code), of the one brief of the agency's year (this brief's, or
        `year`) where detail about the items `keys` lives (the items in full, a key message about
        them, their events and products): the brief of `mechanism` where it has one that holds them
        all; else, of the briefs that hold them all, a mechanism's before a programme country's
        before a goal's, the one with the fewest items; (None, None), the overview, where no other
        brief holds them all. Every brief of the year finds the same home, so that nothing is said
        twice."""
        order = ("mechanism", "country", "goal")
        holding = [b for b in self.subject_briefs_of(self.year if year is None else year) if set(keys) <= b[2]]
        own = [b for b in holding if b[0] == "mechanism" and b[1] == mechanism]
        if own or holding:
            parameter, code, _ = own[0] if own else min(holding, key=lambda b: (order.index(b[0]), len(b[2]), str(b[1])))
            return parameter, code
        return None, None

    def item_home(self, record: ItemRecord) -> tuple:
        """Where an item is told in full: its `home` among the briefs of its own year."""
        return self.home({record.key}, year=record.item.year)

    def tells(self, record: ItemRecord) -> bool:
        """Whether this brief tells the item in full (its summary, outcomes, events and products):
        only the brief of its year where it lives; every other brief names it by its title,
        linking there."""
        return record.item.year == self.year and self.item_home(record) == self.subject

    def home_of_message(self, contribution, message) -> tuple:
        """Where a key message the contribution file holds shows: where detail about its items lives
        (`home`). The overview tells its story from the data and shows none: a message at home there
        says what an item's card says."""
        return self.home({f"{contribution.agency}/{contribution.year}/{i}" for i in message.items})

    def event_home(self, event) -> tuple:
        return self.home({event.record.key}, event.event.mechanism)

    # --- citing -----------------------------------------------------------------------------
    def cite(self, contribution, ids) -> SourceRef:
        """A citation of paragraphs of one contribution's source: links to them in its full text.
        `links` and `shown` record what is printed, so that the Sources section names every paper
        the brief cites."""
        order = self.data.paragraph_positions[contribution.source.text]
        return SourceRef(f"{source_href(contribution)}#", sorted(((pid, order[pid]) for pid in set(ids)),
                                                                 key=lambda p: p[1]),
                         (contribution.agency, contribution.year))

    def shown(self, refs: list[SourceRef]) -> list[SourceRef]:
        """Record that `refs` are printed, so that the Sources section names their papers."""
        for ref in refs:
            self.cited.setdefault(ref.document, set()).update(pid for pid, _ in ref.paragraphs)
        return refs

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

    def cite_html(self, refs: list[SourceRef]):
        """`links` as markup, for a template."""
        return html(self.links(refs))

    def item_link(self, record: ItemRecord):
        """An item's title linking to where it is told in full (`item_home`: its brief of a goal,
        mechanism or country, or its year's overview), as markup for a template."""
        parameter, code = self.item_home(record)
        where = self.sibling_href(parameter or "overview", **({parameter: code} if parameter else {}))
        if record.item.year != self.year:
            where = f"../{record.item.year}/{where}"
        elif (parameter, code) == self.subject:
            where = ""
        return html(f'<a href="{where}#{self.item_anchor(record)}">{escape(record.item.title)}</a>')

    def item_told(self, record: ItemRecord) -> dict:
        """An item as the brief that tells it shows it: its title, marked as the target of the links
        to it, its summary and the outcomes the paper reports of it (markup, for a template)."""
        outcomes = "".join(f"<li>{escape(o)}</li>" for o in record.item.outcomes)
        return {"title": html(f'<strong class="item-title" id="{self.item_anchor(record)}">'
                              f'{escape(record.item.title)}</strong>'),
                "summary": html(escape(record.item.summary)),
                "outcomes": html(f'<ul class="item-details">{outcomes}</ul>' if outcomes else "")}

    def cited_paragraphs(self, contribution) -> set[str]:
        return self.scope.cited_paragraphs(self, contribution)

    def texts_shown(self) -> list[str]:
        """The texts of the data this brief shows (its key messages, notes, items' titles and the
        items it tells in full; a kind adds what it shows beyond them), read for the outside sources they cite."""
        return [*(text for text, _ in self.messages()), *(n.text for _, n in self.not_said_entries()),
                *(r.item.title for r in self.records),
                *(text for r in self.records if self.tells(r) for text in (r.item.summary, *r.item.outcomes))]

    def outside_sources(self) -> list:
        """The sources outside the papers of the facts this brief gives ('[O1]'), in the order the
        contribution files list them."""
        from migration_briefs.model.models import OUTSIDE_TAG
        tags = {tag for text in self.texts_shown() for tag in OUTSIDE_TAG.findall(str(text))}
        mine = {(r.contribution.agency, r.contribution.year) for r in self.records}
        return [o for c in self.contributions if (c.agency, c.year) in mine for o in c.outside_sources
                if o.ref in tags]

    # --- pieces every brief shows ---------------------------------------------------------------
    def title_block(self) -> Meta:
        """The title, who prepared the brief from which paper and when, the disclaimers, and the
        tables behind the brief (offered as CSV)."""
        publisher = self.data.publisher
        masthead = self.scope.masthead(self)
        return Meta({
            "title": self.title,
            "kind": self.kind,
            "subtitle": self.subtitle,
            "agency": self.agency,
            "year": self.year,
            "meetings": list(dict.fromkeys(c.meeting.short_name for c in self.contributions)),
            # the edition's date, set by the editor in data/publisher.yaml: never the clock
            "date": publisher.date.isoformat(),
            "publisher": publisher.name,
            "publisher_unit": publisher.unit or "",
            "publisher_contact": publisher.contact,
            "publisher_about": publisher.about,
            "prepared_by": self.plain("masthead.prepared_by", publisher=publisher.name),
            **masthead,
            **self.reading_pointer(),
            "lang": "en",
            # the PDF's Title (unique across the set) and Subject (the subtitle, said once)
            "document_title": self.plain("masthead.document_title", title=self.title, subtitle=self.subtitle),
            "description": self.plain("masthead.description", subject=masthead["subject"], title=self.title,
                                      subtitle=self.subtitle),
            "web_address": self.web_address(),
            "keywords": ["gender", "migration", "SDG", masthead["agency_name"]],
            "links": self.official_pages(),
            "also_covers": self.also_covers(),
            "data": self.data_tables(),
            **self.draft_note(),
        })


    def reading_pointer(self) -> dict:
        """The masthead's link to the note on how to read the briefs, where the words give one
        (`masthead.reading`: the briefs of one agency point to their year's overview, which holds
        the note and gives no link to itself)."""
        if not self.words.has("masthead.reading") or not self.plain("masthead.reading"):
            return {}
        return {"reading_label": self.plain("masthead.reading"),
                "reading_href": self.plain("masthead.reading_href", overview_href=self.sibling_href("overview"))}

    def web_address(self) -> str:
        """The brief's page in the web edition (data/publisher.yaml's `web`), or "" where none is set."""
        root = self.data.publisher.web
        if not root:
            return ""
        parameter, code = self.subject
        name = self.kind_of(self.kind).output.format(**({parameter: str(code).lower()} if parameter else {}))
        return f"{root}{self.agency}/{self.year}/{name}.html"

    def draft_note(self) -> dict:
        """Built from a draft (`briefs build --drafts`): what in it no person has confirmed yet, for
        the mark every page carries; nothing otherwise (a brief readers get rests on no draft)."""
        from migration_briefs.model.draft_marks import previewing
        if not previewing():
            return {}
        parameter, code = self.subject
        marks = self.data.drafts_for(self.agency, self.year, **({parameter: code} if parameter else {}))
        return {"draft": self.plain("draft.note", items=sum(1 for m in marks if m.kind == "item"),
                                    targets=sum(m.count for m in marks if m.kind == "suggested"),
                                    meeting=any(m.kind == "meeting" for m in marks))}

    def draft_mark(self, record: ItemRecord) -> str:
        """The mark before an item no person has confirmed (only a brief built with `briefs build
        --drafts` shows one)."""
        if not (record.item.draft or record.item.sdg.suggested):
            return ""
        return f'<span class="draft-mark">{self.say("draft.item" if record.item.draft else "draft.suggested")}:</span> '

    def key_messages(self) -> Fragment:
        """Three to five sentences a reader who stops here takes away, each with its ¶ links: the
        messages a person wrote about this brief's items, topped up with messages built from the
        data when there are fewer than three."""
        messages = self.messages()
        if not messages:
            return Nothing("no key message")
        items = "".join(f"<li>{text}{self.links(refs)}</li>" for text, refs in messages)
        return Fragment(f'<ul class="key-messages">{items}</ul>')

    def messages(self) -> list[tuple[str, list[SourceRef]]]:
        """The key messages (HTML) and what each cites, as `key_messages` shows them: the words'
        `key_messages.first` (built from the data), the messages a person wrote (the scope's), at
        most MAX_KEY_MESSAGES, then the words' `key_messages.then` while there are fewer than
        MIN_KEY_MESSAGES. Each name in those lists is a template under `key_messages` and a
        method `message_<name>` here that gives its facts (none where it does not apply)."""
        if not self.records:
            return []
        messages = [*self.computed("first"), *self.scope.editorial(self)][:MAX_KEY_MESSAGES]
        for name in self.message_names("then"):
            for message in self.computed_one(name):
                if len(messages) >= MIN_KEY_MESSAGES:
                    return messages
                messages.append(message)
        return messages

    def message_names(self, which: str) -> list[str]:
        layer, names = self.words.find(f"key_messages.{which}")
        if names is None:
            return []
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise WordsError(paths.relative_to_root(layer.path), f"key_messages.{which}",
                             "must be a list of the names of messages built from the data")
        for name in names:
            if not callable(getattr(self, f"message_{name}", None)):
                known = sorted(m.removeprefix("message_") for m in dir(self) if m.startswith("message_")
                               and m != "message_names")
                raise WordsError(paths.relative_to_root(layer.path), f"key_messages.{which}",
                                 f"a {self.kind} brief computes no message {name!r}",
                                 f"it computes: {', '.join(known)}")
        return names

    def computed(self, which: str) -> list[tuple[str, list[SourceRef]]]:
        return [message for name in self.message_names(which) for message in self.computed_one(name)]

    def computed_one(self, name: str) -> list[tuple[str, list[SourceRef]]]:
        """The message `name` for each set of facts its method gives."""
        return [(str(self.say(f"key_messages.{name}", **facts)), refs)
                for facts, refs in getattr(self, f"message_{name}")()]

    def not_said_entries(self) -> list[tuple]:
        """(contribution, NotSaid) pairs this brief shows: those about its year whose items it
        all includes, each in one brief of an agency's year: its overview, which holds every item
        in full (a brief of a goal, mechanism or country would say the note twice); across agencies,
        in each brief that includes all its items. One about no item in particular shows only in
        an overview."""
        if self.kind != "overview" and self.agency != ALL:
            return []
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

    def reading_note(self) -> Fragment:
        """How to read the briefs: in the year's overview, the one note that says it (the ¶ links, the
        quotation marks, the facts from outside the paper, how the papers and the analyst tie the work
        to SDGs, and the paper's own disclaimer); every other brief's masthead links to it
        (`reading_pointer`)."""
        if not self.records:
            return Nothing("no item")
        records = self.data.items(year=self.year, agency=self.agency)
        own = [c for c in self.contributions if c.disclaimer][:1]

        def sdg_note():  # worded only where the note's template asks for it
            return self.say("sdg_note", named=bool(self.data.statements(self.year, self.agency)),
                            stated=any(r.item.sdg.stated for r in records),
                            analyst=any(r.item.sdg.analyst for r in records))
        # a fact from outside the paper in the year's texts (items, key messages, notes), not merely in
        # the paper's file: a tag the year's briefs never show needs no word on how to read it
        from migration_briefs.model.models import OUTSIDE_TAG
        texts = [*(text for r in records for text in (r.item.title, r.item.summary, *r.item.outcomes,
                                                        *(t for e in r.item.events for t in (e.title, e.note or "")))),
                 *(m.text for _, m in self.data.key_messages(records)),
                 *(n.text for c in self.contributions for n in c.not_said if n.year == self.year)]
        return Fragment(self.say(
            "reading_note", sdg_note=sdg_note,
            outside=any(OUTSIDE_TAG.search(str(text)) for text in texts),
            paper_disclaimer=" ".join(prose.without_note_mark(self.data.paragraph(c, pid).text)
                                      for c in own for pid in c.disclaimer),
            paper_disclaimer_cite=self.cite_html([self.cite(c, c.disclaimer) for c in own])))

    # --- across meetings ----------------------------------------------------------------------
    def across_meetings(self) -> Fragment:
        """Where the data holds papers to more than one meeting: how the work on this brief's
        subject changed from one to the next. A row per meeting counts the items its papers report
        on the subject (work done in the year before the meeting and commitments for its year), in
        the columns the words' `across_meetings.columns` list; a sentence per meeting says what is
        new and what stopped (the scope's `changes`)."""
        parameter, code = self.subject
        papers = [c for c in self.data.contributions if self.agency in (ALL, c.agency)]
        meetings = sorted({c.year: c.meeting.short_name for c in papers}.items())
        if parameter is None or len(meetings) < 2:
            return Nothing("one meeting")
        records = self.data.items(agency=self.agency, **{parameter: code})
        by_meeting = {year: [r for r in records if r.contribution.year == year] for year, _ in meetings}
        columns = self.words.names("across_meetings.columns")
        header = [self.plain(f"across_meetings.columns.{c}") for c in columns]
        rows = []
        for year, name in meetings:
            facts = self.meeting_facts(by_meeting[year])
            rows.append([str(self.say("across_meetings.row", meeting=name, meeting_year=year)),
                         *(str(self._column(facts, "across_meetings", c) or "–") for c in columns[1:])])
        sentences = []
        for (before, _), (after, name) in zip(meetings, meetings[1:]):
            changes = self.scope.changes(self, by_meeting[before], by_meeting[after], before, after)
            parts = [{"label": self.say(f"across_meetings.changes.{label}"), "names": names}
                     for label, names in changes.items() if names]
            sentences.append(self.say("across_meetings.changed" if parts else "across_meetings.same", meeting=name,
                                      parts=parts))
        return Fragment(table(self.plain("across_meetings.caption", subject_name=self.plain("subject_name")), header, rows,
                              raw=True, numeric=list(range(1, len(header))), css="brief-table meetings-table")
                        + "".join(paragraph(s) for s in sentences))

    def _column(self, facts: dict, table: str, column: str):
        """The value of `column` in one row of a table whose columns the words list."""
        if column not in facts:
            layer, _ = self.words.find(f"{table}.columns")
            raise WordsError(paths.relative_to_root(layer.path), f"{table}.columns.{column}",
                             f"a {self.kind} brief has no such column", f"it has: {', '.join(facts)}")
        return facts[column]

    def meeting_facts(self, records: list[ItemRecord]) -> dict:
        """The counts of one meeting's row, by column: the kinds of brief add their own."""
        done = sum(1 for r in records if r.item.status != PLANNED)
        return {"agencies": len({r.agency for r in records}), "done": done, "planned": len(records) - done}

    # --- items and agencies ----------------------------------------------------------------------
    def item_lines(self, records: list[ItemRecord] | None = None, detail=None) -> Fragment:
        """Each item in one line: its title (linking to where it is told in full), what it is
        (activity, outcome or commitment), an optional detail and its ¶ links; an item this brief
        tells (`tells`) with its summary and outcomes after the line."""
        records = self.records if records is None else records
        if not records:
            return Nothing("no item")
        lines = []
        for record in records:
            marks = [m for m in (self.status_word(record), detail(record) if detail else "") if m]
            told = self.item_told(record) if self.tells(record) else None
            lines.append(str(self.say("item_line", item=told["title"] if told else self.item_link(record),
                                      draft=html(self.draft_mark(record)), marks=[html(m) for m in marks],
                                      summary=told["summary"] if told else "",
                                      outcomes=told["outcomes"] if told else "",
                                      cite=self.cite_html(self.refs([record])))))
        return Fragment(f'<ul class="item-lines">{"".join(f"<li>{line}</li>" for line in lines)}</ul>')

    def events_and_products(self) -> Fragment:
        """The events and products of the brief's items whose home is this brief (`home`), each with
        its title, date (at the precision the paper gives), session or count, and ¶ links; of an
        item this brief tells in full, not the events its summary tells (`summary_tells`)."""
        mine = {r.key for r in self.records}
        events = [e for e in self.data.events(year=self.year, agency=self.agency)
                  if e.record.key in mine and self.event_home(e) == self.subject
                  and not (self.tells(e.record) and self.summary_tells(e.event, e.record))]
        products = [(r, p) for r in self.records for p in r.item.products if self.home({r.key}) == self.subject]
        if not events and not products:
            return Nothing("no event or product lives here")
        lines = [self.event_line(e.event, e.record) for e in events]
        lines += [str(self.say("card.product", count=p.count or 0, title=p.title, scope=p.scope))
                  + self.links([self.cite(r.contribution, p.source)]) for r, p in products]
        return Fragment(f'<ul class="item-details">{"".join(f"<li>{line}</li>" for line in lines)}</ul>')

    def summary_tells(self, event, record: ItemRecord) -> bool:
        """Whether the summary of the event's item tells the event already, so that a brief that
        tells the item lists it not again: an event dated only to the year and not numbered in a
        series, or one whose date the summary gives."""
        dated = "-" in event.date
        return (not dated and event.number is None) or (dated and prose.format_date(event.date) in record.item.summary)

    def event_line(self, event, record: ItemRecord, cited: bool = True) -> str:
        """An event as a line: its date, where the paper dates it past its year, its number in a
        series, title and session, with its ¶ links (`cited`; an item's card cites its summary)."""
        mechanism = self.ref.mechanisms[event.mechanism].abbreviation if event.mechanism else ""
        return str(self.say("card.event", date=prose.format_date(event.date) if "-" in event.date else "",
                            title=event.title, number=event.number if event.kind == "meeting" else None,
                            session=event.session or 0, mechanism=mechanism)) \
            + (self.links([self.cite(record.contribution, event.source)]) if cited else "")

    def status_word(self, record: ItemRecord) -> str:
        """'reported outcome': what an item is, shown on every item line of every brief."""
        return escape(self.label("statuses", record.item.status).lower())

    def agency_href(self, agency: str) -> str:
        """The agency's own brief on this subject where it has one, else its overview of the year."""
        parameter, code = self.subject
        kind = self.kind_of(self.kind, system=False)
        if parameter is None or self.has_brief(self.kind, agency=agency, **{parameter: code}):
            name = kind.output.format(**({parameter: str(code).lower()} if parameter else {}))
        else:
            name = self.kind_of("overview", system=False).output
        return f"../../{agency}/{self.year}/{name}.html"

    def agency_table(self) -> Fragment:
        """One row per agency: its abbreviation, linking to its own brief, and what it reported,
        in the columns the words' `agency_table.columns` list (the first is the agency). A column
        that says nothing for any agency ('–', 'none' or 'no' in every row) is left out."""
        if not self.records:
            return Nothing("no agency")
        columns = self.words.names("agency_table.columns")
        rows, numeric = [], set()
        for agency in self.agencies:
            facts = self.agency_facts(agency, [r for r in self.records if r.agency == agency])
            name = self.ref.agencies[agency]
            row = [f'<a href="{escape(self.agency_href(agency))}" title="{escape(name.name)}">'
                   f"{escape(name.abbreviation)}</a>"]
            for column in columns[1:]:
                value = self._column(facts, "agency_table", column)
                if isinstance(value, bool):
                    row.append(str(self.say(f"agency_table.{'yes' if value else 'no'}")))
                elif isinstance(value, int):
                    numeric.add(column)
                    row.append(str(value or self.say("agency_table.zero")))
                elif not value:
                    row.append(str(self.say("agency_table.none")))
                else:
                    row.append(str(value))
            rows.append(row)
        empty = {str(self.say(f"agency_table.{word}")) for word in ("zero", "none", "no")}
        kept = [0, *(j for j in range(1, len(columns)) if any(row[j] not in empty for row in rows))]
        header = [self.plain(f"agency_table.columns.{columns[j]}") for j in kept]
        return Fragment(table(self.plain("agency_table.caption"), header, [[row[j] for j in kept] for row in rows],
                              raw=True, numeric=[k for k, j in enumerate(kept) if columns[j] in numeric],
                              css="brief-table agency-table"))

    def status_counts(self, records: list[ItemRecord]) -> dict:
        return {"done": sum(1 for r in records if r.item.status == DONE),
                "outcomes": sum(1 for r in records if r.item.status == OUTCOME),
                "planned": sum(1 for r in records if r.item.status == PLANNED)}

    def sources(self) -> Fragment:
        """What the brief rests on: the opening words of the paragraphs it cites, or the papers
        it reads (the scope decides)."""
        return self.scope.sources(self)

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
