"""The data model: what a contribution file, its items and the reference tables may hold.

Field-level rules (types, required fields, no unknown fields) live here. Rules that need
the reference tables (is this a known SDG target? a known country?) live in the loader,
because they depend on data, not on shape. The JSON Schema published for editors is
generated from these classes (`briefs schema`).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from migration_briefs.dates import partial_date


def _partial_date(value: object) -> object:
    """Accept 2016, "2016-08" or "2017-02-17"; keep the precision the text gives."""
    if isinstance(value, bool):
        raise ValueError("expected a date written as YYYY, YYYY-MM or YYYY-MM-DD")
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("expected a date written as YYYY, YYYY-MM or YYYY-MM-DD")
    partial_date(value)  # ValueError saying what is wrong
    return value.strip()


def _year(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
        raise ValueError(f"expected a four-digit year such as 2016, got {value!r}")
    return value


PartialDate = Annotated[str, BeforeValidator(_partial_date), WithJsonSchema({
    "description": "A date at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD.",
    "anyOf": [{"type": "integer", "minimum": 1900, "maximum": 2100},
              {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}],
    "examples": [2016, "2016-08", "2017-02-17"]})]
Year = Annotated[int, BeforeValidator(_year), Field(ge=1900, le=2100, description="A four-digit year.")]
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN), Field(
    description="Lower-case words joined by hyphens, e.g. 'gmg-chair'.")]
# What each pattern a field must match asks for, in words, for the messages of validation
# (model/loader.py); tests/test_validation_errors.py checks that every pattern of the models has its words.
PATTERN_WORDS = {
    SLUG_PATTERN: "a code: lower-case letters and digits, in words joined by hyphens, such as "
                                 "'gmg-chair'",
    r"^[A-Za-z0-9][A-Za-z0-9.-]*$": "a paragraph id: letters, digits, dots and hyphens, such as 'p12'",
    r"^\d{1,2}(\.[0-9a-z]{1,2})?$": "an SDG goal's number, or a target such as '8.8' or '5.c' (quoted)",
    r"^(goal-[0-9]{1,2}|mechanism-[A-Z][A-Z0-9]+|country-[A-Z]{3})$":
        "'goal-', 'mechanism-' or 'country-' and the code, such as 'goal-5', 'mechanism-CEDAW' or 'country-MEX'",
    r"^\d{4}(-\d{2}(-\d{2})?)?$": "a date at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD",
    r"^M\d+$": "'M' and a number, such as 'M2'",
    r"^O\d+$": "'O' and a number, such as 'O1'",
    r"^https://[^\s/?#]+(/[^\s?#]*)?/$": "an https:// address of a folder, ending with '/', such as "
                                         "'https://example.org/briefs/'",
    r"^https://": "an address that starts with https://",
    r"^[A-Z][A-Z0-9]+$": "a code of capital letters and digits, such as 'CEDAW'",
    r"^[A-Z]{3}$": "three capital letters (ISO 3166-1 alpha-3), such as 'MEX'",
    r"^[A-Z]{2}$": "two capital letters (ISO 3166-1 alpha-2), such as 'MX'",
}
# A paragraph of a paper is a few hundred words; 20,000 characters is far beyond any, and keeps
# a pasted document (or a 50 MB summary) out of the data.
MAX_TEXT = 20_000
MAX_TITLE = 120  # an item's title, one line of a brief's list of items
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
ParagraphId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9.-]*$"), Field(
    description="The id of a paragraph in the contribution's source text, e.g. 'p12'.")]
SdgCode = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v),
                    StringConstraints(pattern=r"^\d{1,2}(\.[0-9a-z]{1,2})?$"), WithJsonSchema({
    "description": "An SDG goal (5) or target ('8.8', '10.7', '5.c'); quote targets.",
    "anyOf": [{"type": "integer", "minimum": 1, "maximum": 17},
              {"type": "string", "pattern": r"^\d{1,2}(\.[0-9a-z]{1,2})?$"}]})]
Sources = Annotated[list[ParagraphId], Field(min_length=1, description="Paragraph ids this rests on.")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- source text -----------------------------------------------------------------------

class Paragraph(Strict):
    id: ParagraphId
    kind: Literal["heading", "paragraph", "list-item", "footnote", "front-matter"] = "paragraph"
    section: Text = Field(description="The section heading this paragraph sits under.")
    text: Text
    sic: list[Text] = Field(default_factory=list, description=(
        "Words the document gets wrong, as `text` has them (which stays verbatim): quotations of the "
        "paragraph mark each with [sic], so that a reader does not take the error for the brief's."))
    italic: list[Text] = Field(default_factory=list, description=(
        "Runs of words the document sets in italics, as `text` has them (the import writes them): the "
        "title of a report or an event, which the words around it do not delimit."))

    @field_validator("sic", "italic")
    @classmethod
    def _words_in_text(cls, words_list: list[str], info) -> list[str]:
        text = info.data.get("text", "")
        for words in words_list:
            if words not in text:
                raise ValueError(f"{words!r} does not occur in the paragraph's text; copy the words exactly "
                                 "as `text` has them")
        return words_list


class SourceText(Strict):
    """A source document as a list of paragraphs with stable ids."""

    title: Text
    origin: Text = Field(description="Where the text was taken from, and how it was transcribed.")
    paragraphs: list[Paragraph] = Field(min_length=1)


# --- contributions ---------------------------------------------------------------------

class Meeting(Strict):
    draft: bool = Field(default=False, description=(
        "True while the meeting block is as `briefs draft` read it from the paper's front matter: no brief "
        "is built from the contribution until a person has checked it and deleted this line."))
    name: Text
    short_name: Text
    organizer: Text
    place: Text
    start: PartialDate
    end: PartialDate
    source: Sources


class SourceRef(Strict):
    text: Text = Field(description="Path of the source text file, relative to data/.")
    original: Text = Field(description="The document this text transcribes, as people cite it.")


class Framing(Strict):
    """The frame the document itself puts a year's work in, e.g. 'the New York Declaration'."""

    year: Year
    frame: Text = Field(description="What the document says the year's work supports, as a phrase a sentence can end with.")
    source: Sources


class SdgStatement(Strict):
    """SDG goals and targets the document itself says a year's work supports."""

    year: Year
    codes: list[SdgCode] = Field(min_length=1)
    source: Sources


class StatedLink(Strict):
    """A goal or target the document itself ties to an item, with the paragraphs that say so."""

    code: SdgCode
    source: Sources


class AnalystLink(Strict):
    """A goal or target an analyst ties to an item; briefs print the reason beside the tag."""

    code: SdgCode
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=200)] = Field(
        description="One line on why the target's official wording covers this item; printed in the briefs.")


class SuggestedLink(Strict):
    """A target `briefs draft` proposes for an item, ranked by how well the item's words match the
    target's official wording and its indicators'. A person turns it into an analyst link by
    writing its reason, or deletes it; a brief never shows one."""

    code: SdgCode
    score: float = Field(ge=0, le=1, description="Cosine similarity of the item's and the target's words (TF-IDF).")
    matched: list[Text] = Field(default_factory=list, description="The words the two share that weigh most.")


class SdgTags(Strict):
    stated: list[StatedLink] = Field(default_factory=list, description=(
        "Goals/targets the document itself links to this item, with the paragraphs that say so."))
    analyst: list[AnalystLink] = Field(default_factory=list, description=(
        "Goals/targets an analyst links to this item, each with a one-line reason; briefs present them as such."))
    suggested: list[SuggestedLink] = Field(default_factory=list, max_length=3, description=(
        "Targets `briefs draft` proposes, to review: write a reason under `analyst`, or delete. A brief "
        "is not built while any is left."))

    @field_validator("analyst")
    @classmethod
    def _not_stated_too(cls, links: list[AnalystLink], info) -> list[AnalystLink]:
        stated = {link.code for link in info.data.get("stated", [])}
        both = sorted({link.code for link in links} & stated)
        if both:
            raise ValueError(f"{', '.join(both)} is tagged both as stated by the document and by an analyst; "
                             "keep it under stated only")
        codes = [link.code for link in links]
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            raise ValueError(f"listed more than once: {', '.join(repeated)}")
        return links


class CountryLink(Strict):
    """A country an item names, and the part it plays (a code from the country_roles vocabulary)."""

    code: Annotated[str, Field(description="ISO 3166-1 alpha-3 code.")]
    role: Slug = Field(description="A code from the country_roles vocabulary (programme, subject, co-facilitator, ...).")


class Event(Strict):
    kind: Slug = Field(description="A code from the event_kinds vocabulary.")
    title: Text
    date: PartialDate
    number: int | None = Field(default=None, description="Its place in a numbered series, if any.")
    mechanism: str | None = Field(default=None, description="Mechanism code, if held with one.")
    session: int | None = Field(default=None, description="The mechanism's session number.")
    place: Text | None = None
    note: Text | None = None
    source: Sources


class Product(Strict):
    title: Text
    scope: Literal["global", "regional", "national"]
    count: int | None = Field(default=None, ge=1, description="How many, where the text says.")
    source: Sources


class Item(Strict):
    """One thing an agency did, or committed to do, in one year."""

    id: Slug
    draft: bool = Field(default=False, description=(
        "True while the item is as `briefs draft` proposed it: no brief is built from it until a person "
        "has checked it against the paper and deleted this line."))
    year: Year
    status: Slug = Field(description="A code from the statuses vocabulary (done, planned).")
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE)]
    summary: Text
    kind: Slug = Field(description="A code from the item_kinds vocabulary.")
    sdg: SdgTags = Field(default_factory=SdgTags)
    mechanisms: list[str] = Field(default_factory=list)
    countries: list[CountryLink] = Field(default_factory=list, description=(
        "Countries the item names, each with its role (where the work took place, what it is about, ...)."))
    partners: list[Text] = Field(default_factory=list)
    groups: list[Slug] = Field(default_factory=list, description="Codes from the groups vocabulary.")
    mainstreaming: list[Slug] = Field(default_factory=list, description=(
        "How the item mainstreams gender: codes from the mainstreaming vocabulary."))
    outcomes: list[Text] = Field(default_factory=list, description="Outcomes the text reports.")
    products: list[Product] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    source: Sources

    @field_validator("mechanisms", "countries", "partners", "groups", "mainstreaming")
    @classmethod
    def _no_repeats(cls, values: list) -> list:
        keys = [getattr(v, "code", v) for v in values]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"listed more than once: {', '.join(repeated)}")
        return values


class KeyMessage(Strict):
    """A sentence a reader who stops at the top of a brief takes away, written by a person.

    It appears in every brief that includes all of its items."""

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=320)]
    items: list[Slug] = Field(min_length=1, description="Ids of the items (in this file) the message is about.")
    source: Sources


class NotSaid(Strict):
    """What the paper does not say about a year's work, where a reader would expect it (figures,
    results by country), written by a person. Shown in the year's overview, and in every brief that
    includes all of its `items` when it names any."""

    year: Year = Field(description="The year of the work it is about.")
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=400)]
    items: list[Slug] = Field(default_factory=list, description="Ids of the items (in this file) it is about.")
    source: Sources = Field(description="The paragraphs read to find that it is not said.")


# How a text of the data marks a fact the paper does not give: the tag of its outside source,
# in square brackets, right after the fact ("held on 19 September 2016 [O1]").
OUTSIDE_TAG = re.compile(r"\[(O\d+)\]")


class OutsideSource(Strict):
    """Where a fact comes from that a summary, key message, note or event gives and the paper does
    not (a date, a place, what happened before the year): the text marks the fact with the tag."""

    ref: Annotated[str, StringConstraints(pattern=r"^O\d+$")] = Field(
        description="The tag the texts write after the fact, e.g. 'O1' for '[O1]'.")
    citation: Text = Field(description="The source as UN style cites it: its author, title, symbol and date.")
    url: Annotated[str, StringConstraints(pattern=r"^https://")] | None = Field(
        default=None, description="The source's own page (https), if it has one.")


class Contribution(Strict):
    """One agency's paper to one meeting: one file under data/contributions/<agency>/."""

    agency: Slug = Field(description="A code from data/reference/agencies.yaml.")
    year: Year = Field(description="The year of the meeting the paper was written for.")
    title: Text
    meeting: Meeting
    source: SourceRef
    disclaimer: list[ParagraphId] = Field(default_factory=list, description=(
        "The paragraphs in which the paper states a disclaimer of its own (a footnote on whose views "
        "it gives); every brief cites them beside the publisher's disclaimer."))
    sdg_statements: list[SdgStatement] = Field(default_factory=list)
    framing: list[Framing] = Field(default_factory=list, description=(
        "How the document itself frames a year's work (the agenda or declaration it names), in its words."))
    key_messages: list[KeyMessage] = Field(default_factory=list, description=(
        "Editorial key messages, each tied to items and paragraphs; briefs show those of their items."))
    not_said: list[NotSaid] = Field(default_factory=list, description=(
        "What the paper does not say about a year's work where a reader would expect it, written by a person."))
    outside_sources: list[OutsideSource] = Field(default_factory=list, description=(
        "Sources outside the paper for the facts the texts of this file give and the paper does not; "
        "each text marks such a fact with the source's tag ('[O1]')."))
    items: list[Item] = Field(min_length=1, description="What the agency did or committed to.")

    def outside_tags(self) -> list[tuple[tuple, str]]:
        """(location, tag) of every outside-source tag the file's texts write, in file order."""
        texts: list[tuple[tuple, str]] = []
        for m, message in enumerate(self.key_messages):
            texts.append((("key_messages", m, "text"), message.text))
        for n, entry in enumerate(self.not_said):
            texts.append((("not_said", n, "text"), entry.text))
        for i, item in enumerate(self.items):
            texts += [(("items", i, "title"), item.title), (("items", i, "summary"), item.summary)]
            texts += [(("items", i, "outcomes", o), text) for o, text in enumerate(item.outcomes)]
            for e, event in enumerate(item.events):
                texts += [(("items", i, "events", e, field), getattr(event, field)) for field in ("title", "note")
                          if getattr(event, field)]
        return [(loc, tag) for loc, text in texts for tag in OUTSIDE_TAG.findall(text)]


class PaperParagraphs(Strict):
    """Paragraphs of one agency's paper, named by the agency and the year of its meeting."""

    agency: Slug = Field(description="A code from data/reference/agencies.yaml.")
    year: Year = Field(description="The year of the meeting the paper was written for (its contribution file's name).")
    paragraphs: Sources


class SystemMessage(Strict):
    """A key message about the work of all agencies together, written by a person for a meeting.

    It tops the system brief of its year and subject (`about`), before any sentence built from the data."""

    year: Year = Field(description="The year of the work it is about.")
    about: Annotated[str, StringConstraints(pattern=r"^(goal-[0-9]{1,2}|mechanism-[A-Z][A-Z0-9]+|country-[A-Z]{3})$")] | None = Field(
        default=None, description="The brief it tops: 'goal-5', 'mechanism-CEDAW' or 'country-MEX'; "
                                  "left out, the year's overview.")
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=320)]
    source: list[PaperParagraphs] = Field(min_length=1, description="The papers' paragraphs it rests on.")


class SystemNotes(Strict):
    """What a person wrote about a meeting's papers read together: one file under data/system/."""

    meeting: Text = Field(description="The meeting's name, as the contributions' meeting.name gives it.")
    year: Year = Field(description="The year of the meeting (the file's name).")
    key_messages: list[SystemMessage] = Field(default_factory=list)


# --- reference tables ------------------------------------------------------------------

class Term(Strict):
    code: Slug
    label: Text
    description: Text


class Status(Term):
    plural: Text = Field(description="The label's plural, in lower case, as briefs count with it: 'activities'.")


class CountryRole(Term):
    in_country: bool = Field(description=(
        "True when the role means the work took place in the country or was about it: such countries "
        "get a country brief and count as programme countries."))


class Vocabularies(Strict):
    statuses: list[Status]
    item_kinds: list[Term]
    event_kinds: list[Term]
    groups: list[Term]
    mainstreaming: list[Term]
    mechanism_types: list[Term]
    country_roles: list[CountryRole]


class Agency(Strict):
    code: Slug
    abbreviation: Text
    name: Text
    aliases: list[Text] = Field(default_factory=list, description="Other ways papers write the name.")


class MechanismSource(Strict):
    """An official source of mechanism facts: a document symbol or treaty article, then the page."""

    ref: Annotated[str, StringConstraints(pattern=r"^M\d+$")] = Field(description="The tag facts cite, e.g. 'M2'.")
    citation: Text = Field(description="The document as UN style cites it, symbol first.")
    url: Annotated[str, StringConstraints(pattern=r"^https://")] | None = Field(
        default=None, description="The body's own page or the document's official page (https).")


class MechanismName(Strict):
    """A way papers name a mechanism, or the instrument that founded it."""

    text: Text
    refers_to: Literal["body", "instrument", "either"] = Field(description=(
        "body: the mechanism itself; instrument: its founding convention (never a mechanism tag); "
        "either: both are written so, and the words around the name decide."))
    source: Annotated[str, StringConstraints(pattern=r"^M\d+$")] = Field(description="The source that uses the name.")


class Mechanism(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]+$")]
    abbreviation: Text
    name: Text
    type: Slug
    instrument: Text = Field(description="The founding instrument.")
    established: Year
    ended: Year | None = Field(default=None, description="The year the mechanism ended, if it has.")
    established_note: Text
    body_of: Text | None = Field(default=None, description="Parent body or servicing office.")
    notes: list[Text] = Field(default_factory=list)
    names: list[MechanismName] = Field(default_factory=list, description=(
        "Its names, abbreviation and usual variants, each with its source, for `briefs draft`."))
    sources: list[MechanismSource] = Field(min_length=1)


class Goal(Strict):
    code: str
    short: Text
    title: Text


class Target(Strict):
    code: str
    goal: str
    title: Text


class Indicator(Strict):
    code: str
    target: str
    title: Text


class Country(Strict):
    alpha3: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    alpha2: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    name: Text


class CountryName(Strict):
    """A name papers use for a country besides its ISO name: a short name, a demonym, or a place in
    it that papers name apart (a territory, "the Gaza Strip") or whose name holds another
    country's ("Port of Spain" is in Trinidad and Tobago, not Spain)."""

    alpha3: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    name: Text
    kind: Literal["short", "demonym", "place"]


Cues = list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]]


class StatusCues(Strict):
    planned: Cues
    outcome: Cues
    passive: Cues
    plan_nouns: Cues = Field(description=(
        "Nouns of what is intended: 'the priorities for 2018 are to …' and 'our aim is to …' are plans."))
    result_links: Cues = Field(default_factory=list, description=(
        "Words that open a sentence on what the work told before it achieved ('As a result, 120 of them now "
        "export …', 'Consequently, …'): the sentence reports an outcome."))
    result_columns: Cues = Field(default_factory=list, description=(
        "Words that say a table reports results, in its header ('Indicator | 2017 | 2018') or the heading "
        "above it ('Results'): its rows of figures are outcomes the paper reports."))


class CountryRoleCues(Strict):
    co_facilitator: Cues = Field(alias="co-facilitator")
    leads: Cues = Field(description=(
        "Verbs of leading: a government 'led by' one, or sharing the subject with the agency, co-facilitates."))
    programme: Cues
    subject: Cues
    representative: Cues
    donor: Cues = Field(description=(
        "Words before a government that paid for the work ('funded by the Government of Norway'): the "
        "country is mentioned, not a programme country."))
    where: Cues
    among: Cues
    towards: Cues
    doers: Cues = Field(description=(
        "Nouns of the agency's running work ('the programme'): a country that is the object of what it did "
        "is one the work was for, as of the agency's own verbs."))
    origin: Cues
    about: Cues
    name_topics: Cues = Field(description=(
        "Words that, inside a proper name, say what the named meeting or body is about ('the Oslo "
        "Conference on Rebuilding Somalia'): a country after one is part of the name, not a place of work."))
    people: Cues
    institutions: Cues
    topics: Cues
    regions: Cues = Field(default_factory=list, description=(
        "Nouns of a part of a country: a demonym before one ('the Gambella and Somali regions') names a "
        "region, not the demonym's country."))
    support: Cues


class ProductCues(Strict):
    nouns: Cues
    verbs: Cues
    global_: Cues = Field(alias="global")
    regional: Cues
    national: Cues
    umbrellas: Cues
    collections: Cues = Field(description="Nouns that gather products: 'a series of background papers'.")
    title_links: Cues = Field(description="Words after a product's noun that go on into its title: 'guidelines "
                              "concerning statistics of …'.")
    title_ends: Cues = Field(description="Words that end a product's title where they follow it: 'principles … "
                             "with the Global Migration Group'.")
    telling_verbs: Cues = Field(description="Verbs of telling whose 'in' names the document they tell it in, a "
                                "product: 'shared its lessons in a set of training materials'.")


class SectionCues(Strict):
    context: Cues
    lessons: Cues
    plans: Cues
    disclaimer: Cues
    annex: Cues
    summary: Cues = Field(description="Headings of a summary that restates the body ('Summary', 'Highlights'): "
                          "what an item of the body tells again is cited there, not drafted twice.")
    title: Cues = Field(description="Words of a heading that is the paper's own title or subtitle ('Contribution to "
                        "the Seventeenth Coordination Meeting …, 2019'): the meeting's year there dates no work.")


class PartnerCues(Strict):
    before: Cues
    after: Cues
    not_partners: Cues
    support_nouns: Cues
    member_nouns: Cues = Field(description="Nouns of people of a body ('the members of the Working Group'): the partner is the body.")
    office_nouns: Cues = Field(description="Nouns of an office whose name goes on with what it is for, in any case "
                               "('the Special Rapporteur on the human rights of migrants'); an organisation's name goes "
                               "on only with a name ('the Intergovernmental Authority on Development').")
    work_nouns: Cues = Field(description="Last nouns of a name that names a piece of work, not an organisation ('… Resilience Plan').")
    places: Cues = Field(description="Words just before an organisation's name that make it a place, not a partner "
                         "('at the borders of the European Union').")
    unit_nouns: Cues = Field(description="Nouns of a part of an organisation: a body the paper calls 'the … Division "
                             "of' the agency ('CELADE, the Population Division of ECLAC') is the agency's own, no partner.")
    labels: Cues = Field(default_factory=list, description=(
        "Labels a line of partners opens on, before a colon ('Partners: UNHCR, Caritas Lebanon.'): the names "
        "after it are the partners of the work told before it."))


class InstrumentContext(Strict):
    before: Cues
    after: Cues


class TargetTerm(Strict):
    """Terms papers use for what a target's official wording says in other words, and those words."""

    terms: Cues
    words: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    source: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


def _ranking_word(word: str) -> str:
    if not re.fullmatch(r"[a-z]+", word):
        raise ValueError("a word of letters a to z only: the ranking splits words at anything else "
                         "(\"migration-related\" is two words)")
    return word


# A word as the ranking of suggested targets reads one: letters only and at least three of them
# (it leaves shorter words out).
RankingWord = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=3, max_length=40),
                        AfterValidator(_ranking_word)]


class WordFamily(Strict):
    """Forms of one word that the targets' official wording, or papers, write for one topic and
    that a stemmer keeps apart ("migrant", "migration", "migratory"): the ranking of suggested
    targets reads each of them as the first."""

    words: Annotated[list[RankingWord], Field(min_length=2, max_length=40)]
    source: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]


class WordSense(Strict):
    """A word a target's official wording uses in one sense only ("trafficking of protected
    species"): it counts for that target only where a text also has one of the words that say
    that sense, so that a text on trafficking in persons does not rank the target on wildlife."""

    target: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=5)]
    word: RankingWord
    only_with: Annotated[list[RankingWord], Field(min_length=1, max_length=40)]
    source: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]


class RankingWords(Strict):
    """data/reference/ranking_words.yaml: how the ranking of suggested targets reads some words."""

    families: list[WordFamily]
    senses: list[WordSense]


class KindCues(Strict):
    """How `briefs draft` reads an item's kind of work: from what the main verb does and to what,
    and, where the grammar says nothing, from words anywhere in the item."""

    verbs: Cues = Field(default_factory=list, description=(
        "Main verbs that make the work of this kind whatever they act on ('trained', 'called for'): the "
        "lemma, then any particle, preposition or object the verb must have."))
    objects: Cues = Field(default_factory=list, description=(
        "Nouns that make the work of this kind when a main verb of no kind acts on them ('supported "
        "| safe spaces', 'prepared | a report'): the noun's lemma, with the words before it if needed."))
    for_a_purpose: bool = Field(default=False, description=(
        "Whether work of this kind is of another kind where the sentence gives it a purpose of that kind "
        "('hosted an expert meeting | to develop recommendations for the compact': policy support)."))
    made: bool = Field(default=False, description=(
        "Whether its objects count only as what the verb makes, its direct object ('prepared a report'), "
        "not behind a preposition ('contributed to the report')."))
    cues: Cues = Field(default_factory=list, description="Words anywhere in the item, read where the grammar says nothing.")


class ApproachCues(Strict):
    """How `briefs draft` reads the ways an item mainstreams gender."""

    cues: Cues = Field(default_factory=list, description="Words that name the approach.")
    kinds: Cues = Field(default_factory=list, description=(
        "Kinds of work (item_kinds) that are this approach by what they are: a knowledge product is "
        "evidence and knowledge."))
    needs: Cues = Field(default_factory=list, description=(
        "Words the item must also have for its kind or cues to make the approach (gender-responsive policy "
        "only where the item speaks of women or gender); none: the kind or cues alone do."))


class TableColumnCues(Strict):
    """Words a table's header names its columns by: a column whose name holds one of them."""

    when: Cues = Field(description="When the row's work took place ('Date', 'Period').")
    place: Cues = Field(description="Where an event was held ('Place', 'Venue').")
    status: Cues = Field(description="How the work stands ('Status', 'Progress'): a year there is no year of the work.")
    countries: Cues = Field(description="Where the work took place ('Country', 'Region'): its countries are programme countries.")
    year: Cues = Field(default_factory=list, description="The year of the row's work ('Year'): a year alone there dates it.")
    planned_values: Cues = Field(default_factory=list, description=(
        "Words in a status column that say the work is still to come ('Planned', 'Upcoming'): the row is a plan."))
    what: Cues = Field(default_factory=list, description=(
        "What the row is ('Event', 'Title', 'Activity'): the column that names an event gives its title, "
        "whatever another column holds in more words ('Participants')."))
    aside: Cues = Field(default_factory=list, description=(
        "What says nothing of the work ('Languages', 'Format'): the row is read without these columns, so "
        "'English, French, Russian' names no country and titles nothing."))


class ProjectFicheCues(Strict):
    """Labels a project's fiche opens its lines with ("Project:", "Countries:", "Results:")."""

    name: Cues = Field(description="The project's name ('Project:'): no item; it opens a new fiche.")
    countries: Cues = Field(description="Where the project works ('Countries:'): the programme countries of its work.")
    period: Cues = Field(description="When it runs ('Period:'): no item.")
    work: Cues = Field(description="What it did ('Results:', 'Achievements:'): read as work done.")
    none: Cues = Field(description="Words that say a plans line holds none ('Next steps: None'): no plan.")


class DraftingRules(Strict):
    """data/reference/drafting.yaml: the words `briefs draft` reads a paper by."""

    actors: Cues
    sections: SectionCues
    statuses: StatusCues
    not_the_year_of_the_work: Cues
    year_wide: Cues
    year_wide_subjects: Cues
    table_columns: TableColumnCues
    project_fiches: ProjectFicheCues
    document_parts: Cues = Field(description=(
        "Parts of the paper itself: a sentence that opens on one ('Table 1 lists …') introduces what "
        "follows and is no item."))
    list_contents: Cues
    overview: Cues
    disclaimers: Cues
    salutations: Cues = Field(description=(
        "How a letter opens ('Dear colleagues,'): a short paragraph that opens on one is no item."))
    closings: Cues = Field(description=(
        "How a letter closes ('With best regards,'): a short paragraph that opens on one, and the signature "
        "after it, are no items."))
    continuations: Cues
    additions: Cues
    saying_verbs: Cues = Field(description=(
        "Verbs of saying: coordinated with the agency's work, with a clause of what others should do after "
        "them ('and argued that the compact should …'), they tell what it said in that work, not another item."))
    quoting_verbs: Cues = Field(description=(
        "Verbs that report a person's words ('said the Executive Secretary'): a sentence that is mostly a "
        "quotation and one of them tells what someone said, not work, and is no item."))
    framework_labels: Cues = Field(description=(
        "Labels of a results framework ('Indicator: …; Baseline: 2; Target: 6', '**Output 1.1: Capacities "
        "strengthened.**'): a sentence that opens on one, with its number and colon, states a result to measure "
        "or its measure, not work, and is no item."))
    funding_verbs: Cues = Field(description=(
        "Verbs of paying for work: a sentence that says, in the passive, who funds the work before it ('The "
        "project is funded by the Government of Italy') says who paid for that item, not another item."))
    item_kinds: dict[str, KindCues]
    item_kind_fallbacks: Cues
    kind_prepositions: Cues = Field(description=(
        "Prepositions whose object says what a verb's work acts on ('contributed to the negotiations'); "
        "the others say with whom, where or when."))
    groups: dict[str, Cues]
    groups_of_mechanisms: dict[str, Cues] = Field(description=(
        "Per type of mechanism (vocabulary mechanism_types), the groups whose members it is made of: an item "
        "that names such a mechanism concerns them (an item about the CEDAW Committee, treaty body experts)."))
    groups_of_kinds: dict[str, Cues] = Field(description=(
        "Per kind of work (item_kinds), the groups it is for by what it is: policy support helps Member States "
        "shape their policies."))
    groups_served: Cues = Field(description=(
        "The groups that are people the work serves (vocabulary groups), not institutions it works with: "
        "named once in a paragraph, they are the people of the work its next sentences tell where those "
        "name no group of their own."))
    mainstreaming: dict[str, ApproachCues]
    instrument_context: InstrumentContext
    country_roles: CountryRoleCues
    country_groups: Cues
    event_kinds: dict[str, Cues]
    event_verbs: Cues
    events_by_nature: Cues
    participation_verbs: Cues
    document_pointers: Cues = Field(default_factory=list, description=(
        "Words that point to another place in the paper ('below', 'the following'): a sentence whose subject "
        "they modify, or whose passive verb they place ('are set out below'), says what the paper holds."))
    called_off: Cues = Field(default_factory=list, description=(
        "Verbs of calling off: a sentence whose main verb is one ('The workshop was cancelled') tells work "
        "that did not happen."))
    writer_courtesies: Cues = Field(default_factory=list, description=(
        "A letter's courtesies that open a sentence ('I would be grateful if this contribution could be "
        "shared …'): no work, unless what follows names the agency at work."))
    addressed_to_the_reader: Cues = Field(default_factory=list, description=(
        "Words that address the reader ('please', 'your'): a questionnaire's question or a letter's offer, "
        "no work of the agency."))
    leading_verbs: Cues = Field(description=(
        "Verbs of leading: what they lead is an event where its words name one, never a body alone."))
    event_back_references: Cues = Field(description=(
        "Words before an event's word that point back to one named before: 'at the same session'."))
    event_time_prepositions: Cues = Field(description=(
        "Prepositions that make an event the time of the work ('After the high-level meeting …, ESCWA "
        "briefed …'): no event of the item, and no place for its events."))
    event_places: Cues
    held_meetings: Cues = Field(description=(
        "Nouns that name a meeting only where a verb of holding or taking part governs them ('held the Forum')."))
    deciding_bodies: Cues = Field(description=(
        "Nouns that head the name of a body that meets and decides: such a name as the subject of a verb of "
        "deciding or holding reports a meeting of the body."))
    decision_verbs: Cues
    submission_verbs: Cues = Field(description=(
        "Verbs that, with 'to' and a mechanism after them, report a submission to it."))
    products: ProductCues
    partners: PartnerCues
    target_terms: list[TargetTerm]
    ranking_stop_words: Cues

    @field_validator("mainstreaming")
    @classmethod
    def _kinds_known(cls, value: dict[str, ApproachCues], info: ValidationInfo) -> dict[str, ApproachCues]:
        known = info.data.get("item_kinds") or {}
        for code, approach in value.items():
            unknown = [kind for kind in approach.kinds if kind not in known]
            if known and unknown:
                raise ValueError(f"{code}.kinds: {', '.join(map(repr, unknown))} is not one of the item_kinds above "
                                 f"({', '.join(known)})")
        return value


class Publisher(Strict):
    """Who prepares and publishes the briefs (data/publisher.yaml): never the agency whose paper
    they are made from, so that no reader takes a brief for that agency's publication."""

    name: Text = Field(description="Who prepares the briefs, as the first page names them.")
    about: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=240)] = Field(
        description="Who the publisher is, in one sentence that starts with its name; every brief's footer "
                    "prints it, so that a brief read on its own introduces its publisher.")
    unit: Text | None = Field(default=None, description="The team or unit within the publisher, if any.")
    contact: Text = Field(description="Where readers write: an e-mail or web address (printed on every brief, "
                                      "the PDF too), or a sentence that names where.")
    web: Annotated[str, StringConstraints(pattern=r"^https://[^\s/?#]+(/[^\s?#]*)?/$")] | None = Field(
        default=None, description=(
            "The address of the web edition, the folder that holds what `make` builds (index.html, the "
            "briefs, the source texts), ending with '/'. Set, a PDF's links to other briefs and to the "
            "source texts lead there, so that they work in a PDF sent on its own; left out, they are "
            "relative, and work beside the HTML briefs."))
    date: dt.date = Field(description="The date of this edition of the briefs (YYYY-MM-DD), set by the "
                                      "editor when the briefs are published; briefs print it, never the clock.")
    disclaimer: Text = Field(description="Printed on every brief: whose reading the brief is.")
    disclaimer_across_agencies: Text | None = Field(default=None, description=(
        "Printed instead of `disclaimer` on the briefs across all agencies (build/all/), which read many "
        "papers; left out, `disclaimer` is printed there too."))
