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

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema,
                      field_validator)

_DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")  # ASCII digits only


def _partial_date(value: object) -> object:
    """Accept 2016, "2016-08" or "2017-02-17"; keep the precision the text gives."""
    if isinstance(value, bool):
        raise ValueError("expected a date written as YYYY, YYYY-MM or YYYY-MM-DD")
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("expected a date written as YYYY, YYYY-MM or YYYY-MM-DD")
    match = _DATE_RE.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None
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
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"), Field(
    description="Lower-case words joined by hyphens, e.g. 'gmg-chair'.")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
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


class SourceText(Strict):
    """A source document as a list of paragraphs with stable ids."""

    title: Text
    origin: Text = Field(description="Where the text was taken from, and how it was transcribed.")
    paragraphs: list[Paragraph] = Field(min_length=1)


# --- contributions ---------------------------------------------------------------------

class Meeting(Strict):
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


class SdgStatement(Strict):
    """SDG goals and targets the document itself says a year's work supports."""

    year: Year
    codes: list[SdgCode] = Field(min_length=1)
    source: Sources


class SdgTags(Strict):
    stated: list[SdgCode] = Field(default_factory=list, description=(
        "Goals/targets the document itself links to this item."))
    analyst: list[SdgCode] = Field(default_factory=list, description=(
        "Goals/targets an analyst linked to this item; briefs present them as such."))


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
    scope: Literal["global", "national"]
    count: int | None = Field(default=None, ge=1, description="How many, where the text says.")
    source: Sources


class Item(Strict):
    """One thing an agency did, or committed to do, in one year."""

    id: Slug
    year: Year
    status: Slug = Field(description="A code from the statuses vocabulary (done, planned).")
    title: Text = Field(max_length=120)
    summary: Text
    kind: Slug = Field(description="A code from the item_kinds vocabulary.")
    sdg: SdgTags = Field(default_factory=SdgTags)
    mechanisms: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list, description="ISO 3166-1 alpha-3 codes.")
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
    def _no_repeats(cls, values: list[str]) -> list[str]:
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            raise ValueError(f"listed more than once: {', '.join(repeated)}")
        return values


class Contribution(Strict):
    """One agency's paper to one meeting: one file under data/contributions/<agency>/."""

    agency: Slug = Field(description="A code from data/reference/agencies.yaml.")
    year: Year = Field(description="The year of the meeting the paper was written for.")
    title: Text
    meeting: Meeting
    source: SourceRef
    sdg_statements: list[SdgStatement] = Field(default_factory=list)
    items: list[Item] = Field(min_length=1, description="What the agency did or committed to.")


# --- reference tables ------------------------------------------------------------------

class Term(Strict):
    code: Slug
    label: Text
    description: Text


class Vocabularies(Strict):
    statuses: list[Term]
    item_kinds: list[Term]
    event_kinds: list[Term]
    groups: list[Term]
    mainstreaming: list[Term]
    mechanism_types: list[Term]


class Agency(Strict):
    code: Slug
    abbreviation: Text
    name: Text


class Mechanism(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]+$")]
    abbreviation: Text
    name: Text
    type: Slug
    instrument: Text = Field(description="The founding instrument.")
    established: Year
    established_note: Text
    body_of: Text | None = Field(default=None, description="Parent body or servicing office.")
    notes: list[Text] = Field(default_factory=list)
    sources: list[Text] = Field(min_length=1)


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
