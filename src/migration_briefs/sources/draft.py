"""`briefs draft`: a contribution file drafted from its imported paper, for a person to check
instead of write.

The paper's sections give each item its year and default status (a heading "Activities in 2016",
"Initiatives that will be undertaken during 2017"); its paragraphs and list items give the
items, one per thing reported: a paragraph is split only where it plainly reports several things
(a list after a colon, coordinated results, a second subject). What the text names is read by
mentions.py from the reference tables; every proposed value is written with a comment giving the
words it rests on, and every item with `draft: true` and its paragraphs, so that nothing a
machine proposed reaches a reader before a person has confirmed it. The file is valid data from
the start: `make validate` counts its drafts, and the build refuses the briefs that rest on them.

Re-drafting a file (`--force`) keeps everything a person confirmed: the fields above `items:`
as they are, and every item without `draft: true`, word for word; it drafts again only the
paragraphs no confirmed item cites.
"""
from __future__ import annotations

import dataclasses
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from migration_briefs import paths
from migration_briefs.errors import DataValidationError
from migration_briefs.files import write_atomic
from migration_briefs.model.models import MAX_TEXT, MAX_TITLE, Contribution, Paragraph, SourceText
from migration_briefs.model.reference import load_drafting, load_reference
from migration_briefs.model.yaml_source import MAX_DATA_FILE_BYTES
from migration_briefs.numbers import number_in_words
from migration_briefs.paths import Project
from migration_briefs.sources import grammar
from migration_briefs.sources.mentions import (
    QUOTATION,
    CountryMention,
    Event,
    Mention,
    Product,
    Reader,
    cue_pattern,
    dates,
    indicator_targets,
    quoted_titles,
    sdg_codes,
    years,
)
from migration_briefs.sources.paragraphs import FRONT_MATTER, spellings
from migration_briefs.sources.scaffold import ScaffoldError, load_source_text, read_meeting
from migration_briefs.sources.standalone import Standalone, with_its_subject
from migration_briefs.sources.suggest import LIMIT, Suggestion, suggest_targets
from migration_briefs.sources.write import yaml_entry

_ABBREVIATIONS = {"ms", "mr", "mrs", "dr", "no", "nos", "e.g", "i.e", "etc", "st", "art", "para", "paras", "vs",
                  "cf", "inc", "co", "ltd", "jr", "sr", "prof", "u.n", "u.s"}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")
_LIST_NUMBER = re.compile(r"^\s*(?:\(?(\d{1,3}|[a-z]|[ivx]{1,5})[.)]|[-•*–])\s+")
# A section's decimal number opening a paragraph ("2.1.3 In Q2 2017 the agency …"), before a word
# that starts a sentence: "10.7 million women" is a quantity.
_DECIMAL_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3}){1,3})\.?\s+(?=[A-Z\"“‘(])")
# The mark of an element of a list run into a sentence ("(1) trained …, (2) published …"), and
# what is left of one where a sentence was cut inside it ("2) published …").
_INLINE_MARK = re.compile(r"(?<![\w(])\((\d{1,2}|[a-h]|[ivx]{1,4})\)\s*")
_CUT_MARK = re.compile(r"^\s*\(?(?:\d{1,2}|[a-h]|[ivx]{1,4})\)\s+|\s*\(\s*$")
# A footnote's mark in running text ("rights.¹", "rights[^1]", and in plain digits where the mark lost its
# superscript on the way: "referred to care.4 UNFPA also …", never "2018.4" or "No.4"): not part of what is said.
_NOTE_MARK = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\^?\d{1,3}\]|(?<=[a-z]{2}[.;:])\d{1,2}(?=\s+[A-Z]|\s*$)")
_STOP = {"a", "an", "the", "of", "to", "for", "and", "in", "on", "with", "its", "as", "at", "by", "from", "their",
         "also", "will", "that", "this", "into"}
_ID_WORDS = 6
_BARE_LEAD_WORDS = 12  # a lead-in this short only introduces its list
# A lead-in that is a whole clause before its list, which the list does not go on: its colon stays
_WHOLE_LEAD = re.compile(r"^\W*the following\b|\bas follows$", re.IGNORECASE)
_FORMULA_WORDS = 10  # a letter's opening or closing formula is no longer ("Please accept the assurances of …")
_TITLE_LENGTH = 100  # a title a reader takes in at a glance, as long as the longest a person wrote
_SUBJECT_ROOM = 20  # a title that names its subject may be this much longer
_HIDING_PHRASES = 3  # a fronted phrase, an apposition and a relative clause before the main clause, at most
# In a list whose elements a semicolon parts, a comma before another action noun parts two of them
# ("briefings to CSW members on gender, enhancement of the interaction between ...").
_MISSED_SEMICOLON = re.compile(r",\s+(?:and\s+)?(?=[a-z]+(?:ment|tion|sion|ance|ence|ings?)\s+"
                               r"(?:of|to|on|for|between|in)\b)")


# A year set as a label before what was done in it ("2019: will open two resource centres …").
_YEAR_LABEL = re.compile(r"\s*((?:19|20)\d\d)\s*:\s+(?=[a-z])")
# The modals a predicate alone can open on, a plan's ("will open …").
_FUTURE_MODALS = ("will", "shall")


def _inside_title(text: str, at: int, italic: tuple[str, ...]) -> bool:
    """Whether the character at `at` lies inside a title the text names: a run the paper sets in
    italics or words in quotation marks ("the report *In Safety and Dignity: Addressing …*")."""
    spans = [m.span() for title in italic for m in re.finditer(re.escape(title), text)]
    spans += [m.span() for m in re.finditer(r"“[^”]*”|\"[^\"]*\"", text)]
    return any(a < at < b for a, b in spans)


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph; a full stop after an abbreviation ('Ms.') or an initial
    does not end one."""
    pieces = _SENTENCE_END.split(text.strip())
    out: list[str] = []
    for piece in pieces:
        if out:
            # the last word without the brackets or quotation marks around it ("(No. 189)")
            last = out[-1].rstrip("\"”’)").rsplit(None, 1)[-1].rstrip(".").lstrip("([\"“‘").lower()
            if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
                out[-1] = f"{out[-1]} {piece}"
                continue
        out.append(piece)
    return [s for s in out if s.strip()]


@dataclass
class Part:
    """A sentence, or the part of one that reports one thing, with what it needs to be read alone."""

    text: str
    paragraph: Paragraph
    lead: str = ""  # the words before a colon list ("The project offered technical support, including")
    subject: str = ""  # the subject a coordinated part shares with the one before it
    whole: str = ""  # the sentence a coordinated part was split from: where it says the work took place
    split: bool = False
    dated: Mention | None = None  # the year of a date fronted to the sentence it was split from

    @property
    def summary(self) -> str:
        if self.lead:  # a lead that names what its list holds keeps its colon ("three priorities: setting up …")
            lead = self.lead.rstrip() if self.lead.rstrip().endswith(":") else self.lead.rstrip(" :")
            if _WHOLE_LEAD.search(lead):  # "The following are planned for 2019: a second phase …"
                lead += ":"
            return f"{lead} {self.text.rstrip('.;, ')}."
        if self.subject:
            return f"{self.subject} {self.text.rstrip('.;, ')}."
        return self.text


@dataclass
class Fiche:
    """A project's fiche: its lines of countries and partners, for every item its other lines give,
    and the paragraphs that hold them, which those items cite."""

    heading: Paragraph | None
    name: str = ""
    countries: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Unit:
    """One draft item: the parts it rests on and what they say."""

    parts: list[Part]
    year: int
    status: str
    status_basis: str
    year_basis: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    list_events: list[tuple[Event, list[str]]] = field(default_factory=list)
    list_items: list[Paragraph] = field(default_factory=list)
    lead_in: Paragraph | None = None  # the paragraph a list item's sentence begins in ("IOM will:")
    fallback: bool = False  # drafted because nothing in the paper read as work (Drafter.read)
    places: list[str] = field(default_factory=list)  # a table's cells under "Country" or "Where"
    fiche: Fiche | None = None  # the project's fiche whose "Results:" or "Next steps:" line it was drafted from
    other_cells: list[str] = field(default_factory=list)  # a dated row's cells beside its title, date and place
    restated_events: list[tuple[Event, list[str]]] = field(default_factory=list)  # a table's rows that retell its events

    @property
    def text(self) -> str:
        return " ".join(p.summary for p in self.parts)

    def cited(self) -> list[str]:
        seen: list[str] = []
        for p in [*([self.lead_in] if self.lead_in else []), *(part.paragraph for part in self.parts), *self.list_items]:
            if p.id not in seen:
                seen.append(p.id)
        return seen


@dataclass
class Section:
    label: str
    year: int | None
    status: str
    basis: str
    year_basis: str
    role: str | None = None  # context, lessons, plans, disclaimer, annex (drafting.yaml `sections`)
    heading: Paragraph | None = None

    @property
    def gives_items(self) -> bool:
        return self.role not in ("context", "lessons", "disclaimer")


@dataclass
class Draft:
    """What a paper gives for a contribution file, before it is written out."""

    units: list[Unit]
    statements: list[tuple[int, list[str], list[str], str]]  # year, codes, paragraph ids, words
    framing: list[tuple[int, str, str]]  # year, frame, heading id
    unknown_codes: list[tuple[str, str]]  # a code the text names that the SDG tables lack, and its ¶
    disclaimers: list[tuple[str, str]]  # the paragraphs that say whose views the paper gives, and the words


class Drafter:
    def __init__(self, source: SourceText, agency: str, year: int, root: Path | None = None):
        self.project = Project.at(root)
        self.reference = load_reference(self.project)
        self.drafting = load_drafting(self.reference, self.project)
        self.source = source
        self.agency = agency
        self.year = year
        self.reader = Reader(self.reference, self.drafting, agency)
        body = " ".join(p.text for p in source.paragraphs)
        self.local = self.reader.local_abbreviations(body)
        self.reader.define_acronyms(body)
        self.reader.define_own_names(body)
        self.standalone = Standalone(self.reader, body)
        self.disclaimer = cue_pattern(self.drafting.rules.disclaimers)
        rules = self.drafting.rules
        fiche = rules.project_fiches
        # a project fiche's labels, each by the role of its line ("countries: …" gives the countries)
        self.fiche_roles = {label.lower(): role for role, labels in (
            ("name", fiche.name), ("countries", fiche.countries), ("period", fiche.period), ("work", fiche.work),
            ("plans", rules.sections.plans), ("partners", rules.partners.labels)) for label in labels}
        self.fiche_none = cue_pattern(fiche.none)  # a line of work or plans that says there is none
        self.casing = _casing(p.text for p in source.paragraphs if p.kind != "heading")
        self.headings = headings(source)
        # each footnote by its mark (the first note with a mark, where a paper numbers them again)
        self.notes: dict[str, Paragraph] = {}
        for p in source.paragraphs:
            mark = re.match(r"\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", p.text)
            if p.kind == "footnote" and mark:
                self.notes.setdefault(mark.group(1), p)

    # --- reading --------------------------------------------------------------------------

    def _role(self, words: str) -> tuple[str | None, str]:
        """What a section is for, from its heading's words (drafting.yaml `sections`): a plan's
        words anywhere ("Initiatives that will be undertaken during 2017"), the other roles'
        at its start, after its number ("II. Background and context", not "Work in context"), or
        after the label a dash or colon closes ("Part Three — Challenges", "Section 4: Lessons")."""
        bare = re.sub(r"^\s*(?:[IVXLC]{1,6}|[A-Z]|\d{1,3}(?:\.\d{1,3})*)[.)]?\s+(?=\S)", "", words)
        labelled = re.split(r"\s[—–-]\s|:\s", words, maxsplit=1)
        starts = [bare.lstrip(" *_#"), *([labelled[1].lstrip(" *_#")] if len(labelled) > 1 else [])]
        for role, pattern in self.reader.section_cues:
            m = pattern.search(words) if role in ("plans", "title") else next(
                (found for start in starts if (found := pattern.match(start))), None)
            if m:
                return role, m.group(0)
        return None, ""

    def _section(self, heading: Paragraph, previous: Section | None) -> Section:
        text = heading.text
        found = years(text)
        role, role_words = self._role(text)
        if role == "title":  # the paper's title set as a heading: the work under it is as under none
            return Section(heading.section, None, "done", "no heading says otherwise", "", None, heading)
        if role in ("context", "lessons", "disclaimer"):
            return Section(heading.section, found[0] if found else None, "done",
                           f'the heading ¶ {heading.id} says "{role_words}"', "", role, heading)
        if not found and role is None and previous is not None and previous.role not in ("annex", "summary") \
                and previous.gives_items:
            # a sub-heading ("1. Chair of the GMG") keeps its section's year and status
            return Section(heading.section, previous.year, previous.status, previous.basis, previous.year_basis,
                           previous.role, heading)
        year = found[0] if found else None
        year_basis = f"the heading ¶ {heading.id} names {year}" if year else ""
        planned, words = self.reader.status(text)
        if role == "plans" or planned == "planned":
            if year is None:
                year, year_basis = self.year, f'the heading ¶ {heading.id} says "{role_words or words}": plans ' \
                                              "for the meeting's year"
            return Section(heading.section, year, "planned", f'the heading ¶ {heading.id} says "{role_words or words}"',
                           year_basis, role or "plans", heading)
        if year is not None and year >= self.year:
            return Section(heading.section, year, "planned", f"the heading ¶ {heading.id} is about {year}, the "
                           "year of the meeting", year_basis, role, heading)
        return Section(heading.section, year, "done", f"under the heading ¶ {heading.id}, with no word of a plan "
                       "or a result", year_basis, role, heading)

    def _run_in(self, paragraph: Paragraph) -> tuple[str, str] | None:
        """A run-in heading ("Treaty bodies. In June 2015 …"): a short phrase without a verb,
        closed by a full stop or colon, before the paragraph's first sentence. Returns the
        heading's words and the rest of the paragraph."""
        m = re.match(r"\s*([^.:;!?]{2,60}?)[.:]\s+(?=[\"“(]?[A-Za-z0-9])", paragraph.text)
        if not m or len(m.group(1).split()) > 8 or not paragraph.text[m.end():].strip():
            return None
        if _inside_title(paragraph.text, m.end(1), _titles_of(paragraph)):
            return None  # the colon of a title in italics ("published Far from Home: Girls who …")
        words = m.group(1)
        if words[:1].islower() or _opening_date(words):
            return None  # "15 October 2017: Workshop on …" dates what follows it
        if self.reader.names_a_place(words):
            return words, self._placed_throughout(words, paragraph.text[m.end():])
        role, cue = self._role(words)
        named = role is not None  # "Mandate.", "Way forward.": whatever the parse says
        rest = paragraph.text[m.end():].lstrip("\"“(")
        if not named and rest[:1].islower() and not self._predicate_alone(rest):
            return None  # "Lessons learned: mobile teams …" runs on in lower case; other words before a colon do not
        doc = self.reader.parse(words)
        # the words after a role's own ("Lessons learned" is the role's; "remain in the north" is not)
        after_cue = doc[len(self.reader.parse(cue)):] if named and words.lower().startswith(cue.lower()) else doc
        if any(grammar.is_verb(t) and t.tag_ not in ("VBN", "VBG") for t in doc) and (
                not named or any(t.tag_ in ("VBZ", "VBP", "VBD") and t.dep_ == "ROOT" for t in after_cue)):
            return None  # a sentence, even one that opens on a role's word ("Challenges remain in the north.")
        return words, paragraph.text[m.end():]

    def read(self) -> Draft:
        units: list[Unit] = []
        statements: list[tuple[int, list[str], list[str], str]] = []
        framing: list[tuple[int, str, str]] = []
        unknown: list[tuple[str, str]] = []
        section: Section | None = None
        lead_in: Unit | None = None
        table: Table | None = None
        body = [p for p in self.source.paragraphs if p.section != FRONT_MATTER and p.kind != "front-matter"]
        if not any(p.kind in ("paragraph", "list-item") for p in body):
            raise ScaffoldError("The source has no paragraphs or list items to draft items from, only headings "
                                "or front matter; check that `briefs import-source` read the paper's text.")
        self.reader.parse.prepare(s for p in body for s in sentences(p.text))
        # a disclaimer is a short note on whose views the paper gives, or opens on it: a paragraph
        # that reports work and says so in passing is no disclaimer
        disclaimers = [(p.id, m.group(0)) for p in self.source.paragraphs if p.kind in ("footnote", "front-matter", "paragraph")
                       for told in [sentences(p.text) or [""]]
                       for m in [self.disclaimer.search(
                           p.text if len(told) <= 2 else told[0])] if m]
        disclaimed = {pid for pid, _ in disclaimers}
        restating: set[str] = set()  # a table's rows and an annex's paragraphs: they may restate the body
        signed = False  # after a letter's closing ("With best regards,"): its signature
        fiche: Fiche | None = None  # the project whose labelled lines are being read
        for paragraph in body:
            if paragraph.kind != "heading" and (signed or self._letter_formula(paragraph.text, "salutations")):
                continue
            if paragraph.kind != "heading" and self._letter_formula(paragraph.text, "closings"):
                signed = True
                continue
            if paragraph.kind == "heading":
                signed = False  # an annex after the signature is read
                section = self._section(paragraph, section)
                frame = re.search(r"\bto support (?:the )?(.+?)\W*$", paragraph.text, re.IGNORECASE)
                if frame and section.year is not None and not any(f[0] == section.year for f in framing):
                    framing.append((section.year, _cased(frame.group(0)[len("to support "):], self.casing),
                                    paragraph.id))
                lead_in = None
                continue
            if paragraph.kind == "footnote" or paragraph.id in disclaimed:
                continue
            here = section or Section(paragraph.section, None, "done", "no heading says otherwise", "")
            lines = self._fiche_lines(paragraph.text, fiche is not None and fiche.heading is here.heading)
            if lines is None:
                fiche = None
            else:
                if fiche is None or fiche.heading is not here.heading or lines[0][0] == "name":
                    fiche = Fiche(here.heading)
                units.extend(self._fiche(fiche, paragraph, lines, here, statements, unknown))
                continue
            run_in = self._run_in(paragraph)
            if run_in and self._framework_line(f"{run_in[0]}:"):
                # "**Outcome 2: Violence addressed.** In 2018 UNFPA trained …": the result it states is no work
                run_in = (run_in[0], " ".join(sentences(run_in[1])[1:]))
                if not run_in[1]:
                    continue
            if run_in:
                role, words = self._role(run_in[0])
                if role in ("context", "lessons", "disclaimer"):
                    here = Section(here.label, here.year, here.status, f'the run-in heading says "{words}"',
                                   here.year_basis, role, here.heading)
                elif role == "plans":
                    here = Section(here.label, here.year or self.year, "planned",
                                   f'the run-in heading says "{words}"', here.year_basis or
                                   f'the run-in heading says "{words}": plans for the meeting\'s year', role,
                                   here.heading)
            cells = table_cells(paragraph.text)
            if cells is not None or here.role in ("annex", "summary"):
                restating.add(paragraph.id)
            if cells is not None:
                if table is None or table.section is not here.heading:
                    table = Table(here.heading, _introducing(lead_in, paragraph, body))
                self._table_row(table, paragraph, cells, units, here)
                continue
            table = None
            marker = _LIST_NUMBER.match(paragraph.text)
            lettered = bool(marker and marker.group(1) and not marker.group(1).isdigit())  # "(a) contribute …"
            if (paragraph.kind == "list-item" or lettered) and lead_in is not None and not _sibling(lead_in, paragraph):
                self._list_item(lead_in, paragraph, units, here)
                continue
            lead_in = None
            alone = Part(_NOTE_MARK.sub("", paragraph.text), paragraph)
            if units and len(sentences(paragraph.text)) == 1 and units[-1].parts[-1].paragraph.section \
                    == paragraph.section and (self._names_its_partners(alone) or self._funds_it(alone)):
                units[-1].parts.append(alone)  # a paragraph of its own: "Partners: UNHCR, UNRWA.", "It is funded by …"
                continue
            words = run_in[1] if run_in else None
            if words is None and here.heading is not None and self.reader.names_a_place(here.heading.text.strip(" *_.:")):
                # under a heading that is a country's name ("### Jordan"), each sentence's work took place there
                words = self._placed_throughout(here.heading.text.strip(" *_.:"), paragraph.text, heading=True)
            found = self._paragraph(paragraph, here, statements, unknown, words)
            units.extend(found)
            if found and paragraph.text.rstrip().endswith(":"):
                lead_in = found[-1]  # the list items after it belong to it
        units = self._fold_restated(units, restating)
        if not units:
            # A readable paper always drafts: where no sentence reads as work done or planned (all
            # under "Background" or "Lessons learned", said of no one, or a disclaimer), each
            # paragraph is an item for the person to keep or drop.
            # First without what reports no work whoever reads it (a question, a line to the reader,
            # "Not applicable", a letter's formula), then with it, and last with the disclaimers.
            for keep_disclaimers, keep_all in ((False, False), (False, True), (True, True)):
                section = None
                for paragraph in body:
                    if paragraph.kind == "heading":
                        section = self._section(paragraph, section)
                    elif paragraph.kind in ("paragraph", "list-item") and (
                            keep_disclaimers or paragraph.id not in disclaimed) and (
                            keep_all or not self._no_work_whoever_reads(paragraph)):
                        here = section or Section(paragraph.section, None, "done", "no heading says otherwise", "")
                        unit = self._unit([Part(_NOTE_MARK.sub("", paragraph.text), paragraph)], here)
                        unit.fallback = True
                        units.append(unit)
                if units:
                    break
        return Draft(units, statements, framing, unknown, disclaimers)

    def _said_of_its_own(self, clause: str) -> bool:
        """Whether a clause tells, with a subject of its own, what the agency did or will do: its
        subject a common noun, a pronoun or the agency ("an evaluation is planned"), none other
        named ("the Government will take it over"), and nothing denied ("no follow-up is planned")."""
        verbs = grammar.main_verbs(self.reader.parse(clause))
        subjects = [grammar.subject(v) for v in verbs]
        return bool(verbs) and all(
            who is not None and not grammar.negations(v)
            and not any(d.lower_ in ("no", "neither") for d in who.children)
            and (who.pos_ in ("NOUN", "PRON") and not who.text[:1].isupper() or who.pos_ == "PRON"
                 or self.reader.is_actor(grammar.noun_phrase(who).text))
            for v, who in zip(verbs, subjects))

    def _placed_throughout(self, place: str, rest: str, heading: bool = False) -> str:
        """A paragraph under a run-in heading that names a place ("**Mexico.** IOM trained … In
        2019, IOM will open a second space in Tijuana."), or under a heading of its own that does
        (`heading`), each of its sentences said to be there but one that names where its own work
        took place (after a run-in heading, any but the first): the place is where all its work took place."""
        told = sentences(rest) or [rest.strip()]
        out = []
        for k, sentence in enumerate(told):
            if (k or heading) and any(c.role == "programme" for c in self.reader.countries(sentence)):
                out.append(sentence)
            elif (town := re.match(r"In\s+([A-Z][^,\d]{1,40}),\s+", sentence)) and not self.reader.countries(town.group(1)):
                out.append(f"In {town.group(1)} ({place}), {sentence[town.end():]}")  # "In Cox's Bazar (Bangladesh), …"
            elif fronted := re.match(r"(?:In|By|From|During|On|Until|Since)\s[^,]{1,40},\s+", sentence):
                out.append(f"{fronted.group(0)}in {place}, {sentence[fronted.end():]}")  # "In 2019, in Mexico, …"
            else:
                first = self.reader.parse(sentence)[0]
                # "In Jordan, the project …"; under a heading, any word but a name ("In Jordan, with UNICEF, …")
                lower = first.pos_ in ("DET", "PRON") or heading and first.pos_ != "PROPN" and first.text[1:].islower()
                opening = sentence[:1].lower() + sentence[1:] if lower and first.text != "I" else sentence
                out.append(_where_it_took_place(place, opening))
        return " ".join(out)

    def _fiche_lines(self, text: str, reading: bool) -> list[tuple[str, str, str]] | None:
        """A project fiche's labelled lines in a paragraph, (role, label, words) each: where it opens
        on a label of a project's name, countries or period, or goes on with a fiche being read
        (`reading`) on a line of its work, plans or partners; None for any other paragraph."""
        marks = [m for m in self.reader.patterns["fiche_label"].finditer(text) if m.group(1)[:1].isupper()]
        if not marks or marks[0].start() != 0:
            return None
        roles = [self.fiche_roles[" ".join(m.group(1).lower().split())] for m in marks]
        if roles[0] not in ("name", "countries", "period") and not reading:
            return None
        ends = [m.start() for m in marks[1:]] + [len(text)]
        return [(role, m.group(1), text[m.end():end].strip()) for role, m, end in zip(roles, marks, ends)]

    def _fiche(self, fiche: Fiche, paragraph: Paragraph, lines: list[tuple[str, str, str]], here: Section,
               statements, unknown) -> list[Unit]:
        """The items of a fiche's lines: none of its name, countries, period or partners, which it
        keeps for the items of its lines of work and of plans."""
        if any(role not in ("work", "plans") for role, *_ in lines):  # what its items cite: not one another's lines
            fiche.paragraphs.append(paragraph)
        units: list[Unit] = []
        for role, label, words in lines:
            if role == "name":
                fiche.name = words.rstrip(" .")
            elif role == "countries":
                fiche.countries.append(words)
            elif role == "partners":
                fiche.partners.append(f"{label}: {words}")
            elif role in ("work", "plans") and words and not self.fiche_none.match(words):
                section = here if role == "work" else Section(
                    here.label, here.year if here.year and here.year >= self.year else self.year, "planned",
                    f'the project\'s line "{label}:"', here.year_basis if here.year and here.year >= self.year
                    else f'the project\'s line "{label}:": plans for the meeting\'s year', "plans", here.heading)
                found = self._paragraph(paragraph, section, statements, unknown, words)
                for unit in found:
                    unit.fiche = fiche
                units.extend(found)
        return units

    def _letter_formula(self, text: str, formulas: str) -> bool:
        """Whether a paragraph is a letter's opening or closing formula: short, and opening on one of
        drafting.yaml's `salutations` or `closings` ("Dear colleagues,", "Yours sincerely,")."""
        return len(text.split()) <= _FORMULA_WORDS and bool(self.reader.patterns[formulas].match(text))

    def _fold_restated(self, units: list[Unit], restating: set[str]) -> list[Unit]:
        """A table's row or an annex's entry that restates an item the body told ("120 labour
        inspectors trained … | Jordan | Completed" after "trained 120 labour inspectors in Jordan
        …", a publications annex listing a study the body reported) is that item: it is cited
        there, not drafted twice. It restates an item where each of its words that say something
        (at least three; of a row, its longest cell; of an entry, without its brackets) stands in
        that item's sentences."""
        told = [u for u in units if u.parts and u.parts[0].paragraph.id not in restating]
        kept: list[Unit] = []
        for unit in units:
            row_event = len(unit.list_events) == 1 and unit.list_events[0][0].words == unit.parts[0].paragraph.text
            if unit in told or not unit.parts or (unit.list_events and not row_event):
                kept.append(unit)
                continue
            cells = table_cells(unit.parts[0].text)
            words = _content_words(re.sub(r"\([^()]*\)", "", max(cells, key=len) if cells else unit.text))
            same = next((u for u in told if len(words) >= 3 and words <= _content_words(u.text)), None)
            if same is None and cells is None:
                # a summary's line in words of its own ("12 teacher-training workshops in Jordan and
                # Lebanon" for "organized 12 workshops for teachers in Jordan and Lebanon"): most of
                # its words, a hyphen's parts each, and every figure it gives
                mine = _plain_words(words)
                same = next((u for u in told if len(mine) >= 4 and {w for w in mine if w[:1].isdigit()} <= (
                    theirs := _plain_words(_content_words(u.text))) and len(mine & theirs) >= _RESTATED_SHARE * len(mine)),
                    None)
            if same is None:
                kept.append(unit)
                continue
            same.list_items.extend(p for p in [*([unit.lead_in] if unit.lead_in else []),
                                               *(part.paragraph for part in unit.parts)] if p not in same.list_items)
            same.restated_events.extend(unit.list_events)  # a dated row ("12-14 June | Expert meeting | Barcelona")
        return kept

    def _table_row(self, table: Table, row: Paragraph, cells: list[str], units: list[Unit], section: Section) -> None:
        """A row of a table: its header names the columns; a row with a date is an event (of the
        item whose lead-in introduced the table, "took part in the following events:", or an
        item of its own), any other row an item of its own, with what its columns mean."""
        # a header names its columns in a few words each; a year or a period may stand in one or be
        # its name ("Status at the end of 2016", "2017", "Q1 2018") but not open the row ("2017 |
        # Workshop | Rome" is an event's), and a date or a number of its own ("8 March 2017", "200") may not
        if table.columns is None and not dates(" ".join(cells), None) and not _PERIOD.fullmatch(cells[0]) and \
                not re.search(r"\d", _PERIOD.sub("", " ".join(cells))) and \
                all(len(c.split()) <= 6 and not c.rstrip().endswith(".") for c in cells):
            table.columns = [c.lower() for c in cells]
            table.header = row
            return
        columns = table.columns or []
        column_words = self.drafting.rules.table_columns
        if any(_names_column(name, column_words.aside) for name in columns):
            kept = [i for i, name in enumerate(columns) if not _names_column(name, column_words.aside)]
            columns, cells = [columns[i] for i in kept], [cells[i] for i in kept if i < len(cells)] + cells[len(columns):]
        by_name = {name: cells[i] for i, name in enumerate(columns) if i < len(cells)}
        when = next((v for k, v in by_name.items() if _names_column(k, column_words.when)), None)
        where = next((v for k, v in by_name.items() if _names_column(k, column_words.place)), None)
        if " | " not in row.text and len(cells) == 3:
            where = cells[1]  # "15 October 2018, Rome: …": the place after the date
        found = dates(" ".join(cells), None) if when is None else dates(when, section.year)
        text = " | ".join(cells)
        if not found:
            header = table_cells(table.header.text) if table.header is not None else None
            unit = self._unit([RowPart(text, row, worded=_in_words(cells, header) if header else "")], section)
            if table.header is not None:
                unit.lead_in = table.header
            if header and section.status == "done":
                self._result(unit, table, cells, header)
            standing = next(((k, v) for k, v in by_name.items() if _names_column(k, column_words.status)), None)
            if standing and self.reader.year(standing[1]) and not self.reader.year(
                    " | ".join(c for c in cells if c is not standing[1])):
                # "Continuing in 2017" says how the work stands, not when it was done
                header_year = re.search(r"\b(?:19|20)\d\d\b", table.header.text) if table.header else None
                unit.year = section.year or (int(header_year.group(0)) if header_year else self.year - 1)
                unit.year_basis = (f'the table\'s column "{standing[0]}" says how the work stands, not when it '
                                   "was done: " + (section.year_basis if section.year else "the year of the table"))
            dated = next(((k, v) for k, v in by_name.items() if _names_column(k, column_words.year)
                          and re.fullmatch(r"\s*(?:19|20)\d\d\s*", v)), None)
            if dated:  # "Handbook on gender and trafficking | 2019 | Planned": the row's own year
                unit.year, unit.year_basis = int(dated[1]), f'the table\'s column "{dated[0]}"'
            if standing and self.reader.patterns["planned_values"].search(standing[1]):
                unit.status, unit.status_basis = "planned", f'the table\'s column "{standing[0]}" says "{standing[1]}"'
            elif dated and unit.status == "done" and unit.year >= self.year and self._not_past(text):
                unit.status, unit.status_basis = "planned", f'the table\'s column "{dated[0]}" gives a year to come'
            unit.places = [v for k, v in by_name.items() if _names_column(k, column_words.countries)]
            units.append(unit)
            return
        named = [c for c in cells if c not in (when, where) and not dates(c, None)] or cells
        # the column that says what the row is ("Event") names it; else its longest cell does
        title = next((v for k, v in by_name.items() if _names_column(k, column_words.what) and v.strip()
                      and v not in (when, where)), None) \
            or max(named, key=len)
        kind = next((code for code, pattern in self.reader.event_cues if pattern.search(title)), None)
        sessions = self.reader.sessions(title, self.local)
        bodies, _ = self.reader.mechanisms(title, self.local)
        kind = kind or ("session" if sessions else "meeting")
        event = Event(kind, title, found[0].value, text, mechanism=(sessions[0][1] if sessions else None)
                      or (bodies[0].value if bodies else None), session=sessions[0][0] if sessions else None,
                      place=where)
        cited = [p.id for p in (table.header, row) if p is not None]
        if table.lead is not None:
            table.lead.list_events.append((event, cited))
            table.lead.list_items.extend(p for p in (table.header, row) if p is not None and p not in table.lead.list_items)
            return
        unit = self._unit([Part(title, row)], section)
        unit.list_events.append((event, cited))
        unit.other_cells = [c for c in cells if c not in (title, when, where)]  # "National Bureau …, IOM"
        if unit.status == "done" and event.date[:4].isdigit():  # the year of its date, where it has happened
            unit.year, unit.year_basis = int(event.date[:4]), f'the row\'s date, "{found[0].words}"'
        units.append(unit)

    def _result(self, unit: Unit, table: Table, cells: list[str], header: list[str]) -> None:
        """A row of figures in a table that reports results (its header or the heading above it says
        so: drafting.yaml `statuses.result_columns`) is an outcome the paper reports, of the latest
        period whose column holds a figure. Each row is an item of its own: each measures one
        thing, with its own figures, targets and paragraph to cite, and an outcome is never counted
        as an activity, so the rows add no work to the agency's count."""
        said = cue_pattern(self.drafting.rules.statuses.result_columns).search(
            " ".join([table.header.text if table.header else "", table.section.text if table.section else ""]))
        label = max(range(len(cells)), key=lambda i: len(cells[i]))
        values = [c for i, c in enumerate(cells) if i != label and c.strip(" -–—")]
        if said is None or not values or not all(_FIGURE.fullmatch(c) for c in values):
            return
        unit.status, unit.status_basis = "outcome", f'a row of figures in a table of results ("{said.group(0)}"): ' \
                                                    "a result the paper reports"
        reached = [(_last_year(name), name) for name, cell in zip(header, cells)
                   if _PERIOD.fullmatch(name) and _FIGURE.fullmatch(cell)]
        if reached:
            year, name = max(reached)
            unit.year, unit.year_basis = year, f'the table\'s latest column with a figure, "{name}"'

    def _list_item(self, lead: Unit, item: Paragraph, units: list[Unit], section: Section) -> None:
        lead_text = lead.parts[-1].text
        events = self.reader.events(lead.text, lead.year, self.local)
        number = _LIST_NUMBER.match(item.text)
        text = _NOTE_MARK.sub("", item.text[number.end():] if number else item.text)
        label = re.match(r"\s*([^.:;!?]{2,60}?):\s+(?=\S)", text)
        if label and self.reader.names_a_place(label.group(1)):  # "Guatemala: trained 200 nurses …"
            text = _where_it_took_place(label.group(1), text[label.end():])
        if self._says_what_it_held(lead_text):
            lead.list_items.append(item)  # "Its contribution made three points:": what the work said, its own
            return
        if events:
            kind = events[-1].kind
            bodies, _ = self.reader.mechanisms(lead.text, self.local)
            lead.list_events.append((Event(kind, text.rstrip("."), str(lead.year), item.text,
                                           number=int(number.group(1)) if number and number.group(1).isdigit() else None,
                                           mechanism=bodies[0].value if len(bodies) == 1 else None),
                                     [lead.parts[-1].paragraph.id, item.id]))
            lead.list_items.append(item)
            return
        # an element that is an event only with its lead's verb ("took part in several events,
        # including:", then "on 8 March, a panel on …"): an event of the lead's work, not an item
        named = [] if self.reader.events(text, lead.year, self.local) or not lead_text.rstrip().endswith(":") else (
            self.reader.events(f"{lead_text.rstrip(' :')} {text}", lead.year, self.local)
            or self.reader.events(self._as_its_object(lead_text, text), lead.year, self.local))
        if named:
            lead.list_events.extend((event, [lead.parts[-1].paragraph.id, item.id]) for event in named)
            lead.list_items.append(item)
            return
        text = self._lowered_predicate(text)
        taken = self._element_lead(lead_text, text)
        if not taken:  # a sentence of its own: as one, not as a list's element
            text = re.sub(r"\s*[;,:]?\s*(?:\b(?:and|or)\s*)?$", "", text.strip().rstrip("."))
            text = text[:1].upper() + text[1:] + "."
        unit = self._unit([Part(text, item, lead=taken)], section)
        unit.lead_in = lead.parts[-1].paragraph
        units.append(unit)
        if lead in units and not lead.list_events and (len(lead.text.split()) <= _BARE_LEAD_WORDS
                                                       or self._only_announces(lead_text)):
            units.remove(lead)  # "IOM will:" says nothing the items after it do not

    def _says_what_it_held(self, lead: str) -> bool:
        """Whether a list's lead-in announces what a thing of the work held ("Its contribution made
        three points:"; `list_contents`): its subject is neither the agency ("UNICEF worked on two
        priorities:", each an item) nor events ("The meetings focused on three themes:", each an event)."""
        opening = (sentences(lead) or [lead])[-1]
        if not opening.rstrip().endswith(":") or not self.reader.lists_contents(opening) or self.reader.has_actor(opening):
            return False
        subjects = [who for verb in grammar.main_verbs(self.reader.parse(opening)) if (who := grammar.subject(verb)) is not None]
        return bool(subjects) and not any(p.search(grammar.noun_phrase(who).text)
                                          for who in subjects for _, p in self.reader.event_cues)

    def _lowered_predicate(self, element: str) -> str:
        """An element that opens on its verb in capitals ("In 2018, IOM:", then "- Trained 1,200
        border officials …"), with the verb in lower case, as the lead-in goes on with it: the
        parse takes a capitalised "Trained" for a name's word and the element for a noun phrase."""
        lowered = element[:1].lower() + element[1:]
        if lowered == element:
            return element
        doc = self.reader.parse(lowered)
        verbs = grammar.main_verbs(doc)
        first = next((t for t in doc if not t.is_punct), None)
        return lowered if verbs and first == verbs[0] and first.tag_ in ("VBD", "VBZ", "VBP", "VB") \
            and grammar.subject(first) is None else element

    def _as_its_object(self, lead: str, element: str) -> str:
        """A list's element read as what the lead's verb acts on, in the place of the words that
        announce the list ("We took part in several events, including:" and "from 3 to 5 October,
        the regional conference …" read "We took part in the regional conference … from 3 to 5
        October."), its fronted date after it; "" where the lead has no main verb."""
        doc = self.reader.parse(lead)
        verb = next((v for s in doc.sents for v in grammar.main_verbs(s)), None)
        if verb is None:
            return ""
        anchor = next((c for c in verb.children if c.dep_ == "prep" and c.i > verb.i), verb)
        own = self.reader.parse(element)
        start = grammar.fronted_time(own)
        when, what = (element[:start].strip(" ,"), element[start:]) if start else ("", element)
        return f"{lead[:anchor.idx + len(anchor.text)]} {what.strip(' .;,')}{' ' + when if when else ''}."

    def _element_lead(self, lead: str, element: str) -> str:
        """The words of its lead-in a list element takes to read as a sentence: none where it is a
        clause with a subject of its own ("(a) in Ghana, UNICEF trained …", "(b) it opened …"); the
        lead-in's words before its verb where the lead-in is a clause whose object only announces
        the list and the element a predicate ("UNICEF did the following:", then "(c) mapped …":
        "UNICEF mapped …"; its auxiliary kept before a bare verb); else the whole lead-in ("UNICEF
        will:", then "(a) extend …")."""
        doc = self.reader.parse(element)
        verbs = grammar.main_verbs(doc)
        who = grammar.subject(verbs[0]) if verbs else None
        if who is not None and who.i < verbs[0].i:
            return ""
        first = next((t for t in doc if not t.is_punct), None)
        if first is None or first.tag_ not in ("VBD", "VBZ", "VBP", "VB") or not verbs or first != verbs[0]:
            return lead if self._names_its_list(lead) else lead.rstrip(" :")
        said = self.reader.parse(lead.rstrip(" :"))
        announcing = grammar.main_verbs(said)
        if not announcing or not any(c.dep_ == "dobj" for c in announcing[0].children):
            return lead.rstrip(" :")
        verb = announcing[0]
        kept = [] if first.tag_ != "VB" else grammar.auxiliaries(verb)
        start = min([verb.idx, *[a.idx for a in grammar.auxiliaries(verb)]])
        words = " ".join([said.text[:start].strip(" ,"), *(a.text for a in kept)]).strip()
        return words if words and self.reader.has_actor(words) else lead.rstrip(" :")

    def _only_announces(self, lead: str) -> bool:
        """Whether a lead-in says nothing but who did what its list holds: a subject, however long
        ("CELADE, the Population Division of ECLAC,"), a verb and an object that announces the list
        ("carried out the following activities:"), with no place, partner or date of its own."""
        if not lead.rstrip().endswith(":"):
            return False
        doc = self.reader.parse(lead.rstrip(" :"))
        verbs = grammar.main_verbs(doc)
        if len(verbs) != 1:
            return False
        verb, who = verbs[0], grammar.subject(verbs[0])
        thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if who is None or thing is None or not any(c.lower_ == "following" for c in thing.children):
            return False
        said = {*who.subtree, *thing.subtree, verb, *grammar.auxiliaries(verb), *(c for c in verb.children if c.dep_ == "prt")}
        return all(t in said or t.is_punct for t in doc)

    def _names_its_list(self, lead: str) -> bool:
        """Whether a lead-in ends on what its list holds ("worked on three priorities:"), so that an
        element read after it keeps the colon; not where the element goes on with its words, as an
        object ("including:", "with:") or a predicate ("it:")."""
        if not lead.rstrip().endswith(":"):
            return False
        last = next((t for t in reversed(self.reader.parse(lead.rstrip(" :"))) if not t.is_punct), None)
        return last is not None and last.pos_ in ("NOUN", "PROPN", "NUM", "ADJ") and last.lemma_ != "following"

    def _paragraph(self, paragraph: Paragraph, section: Section, statements, unknown,
                   text: str | None = None) -> list[Unit]:
        """The items of a paragraph (`text`: its words after a run-in heading), and the SDG
        statements it makes about a year's work as a whole."""
        reader = self.reader
        text = _NOTE_MARK.sub("", paragraph.text if text is None else text)
        number = _LIST_NUMBER.match(text) or self._decimal_number(text)  # "3. Under the programme, …"
        text = text[number.end():] if number else text
        codes = sdg_codes(text)
        for code in codes:
            if code.value not in self.reference.targets and code.value not in self.reference.goals:
                unknown.append((code.value, paragraph.id))
        codes = [c for c in codes if c.value in self.reference.targets or c.value in self.reference.goals]
        written = sentences(text)
        told = [self._told_alone(s) for s in written]
        whole = [s for i, s in enumerate(told) if reader.year_wide(s) and not self._of_another(s, told[:i])]
        wide = next((s for s in whole if sdg_codes(s)), None)
        if wide is None and whole:  # "IFAD's work on remittances seeks … It contributes to 10.c"
            wide = next((s for s in told if sdg_codes(s) and _pronoun_subject(reader.parse(s))), None)
        if codes and wide:
            said = reader.year(wide)
            years_of = [said.value] if said else [section.year] if section.year else self._years_reported(text)
            for year in years_of or [self.year if section.status == "planned" else self.year - 1]:
                statements.append((year, _unique([c.value for c in codes]), [paragraph.id], reader.year_wide(wide)))
        if not section.gives_items:
            return []
        parts: list[Part] = []
        denied = False  # the sentence before told work that did not happen
        for sentence, as_written in zip(told, written):
            if self._denied(sentence):  # "The conference could not take place …", "… was cancelled"
                denied = True
                continue
            if self._tells_no_work(sentence, as_written) or (codes and sentence in whole):
                continue
            found = self._parts(sentence, paragraph)
            if denied and not reader.has_actor(sentence) and not any(self._reports_work(p) for p in found):
                continue  # "The latter is now expected in early 2019": more of the work that did not happen
            denied = False
            parts.extend(found)
        units: list[Unit] = []
        pending: list[Part] = []
        current: Unit | None = None
        for part in parts:
            status, _ = reader.status(part.text)
            status = status or section.status
            if current is not None and not part.split and status == current.status and (
                    reader.continues(part.text) or self._said_there(part, current) or self._of_its_thing(part, current)
                    or self._funds_it(part) or self._names_its_partners(part)):
                current.parts.append(part)
                continue
            # a plan after work done ("… trained 2,000 teachers. By end-2019, 5,000 more will have been
            # trained.") is a commitment of its own, with its own year: not more of that work
            if self._reports_work(part) or status == "outcome" or (current is not None and status == "planned"
                                                                   and current.status != "planned"):
                current = self._unit([*pending, part], section)
                pending = []
                units.append(current)
            elif current is not None:
                current.parts.append(part)  # context for the item before it
            else:
                pending.append(part)  # context for the item after it
        if pending and not all(self._done_by_others(part) for part in pending):
            units.append(self._unit(pending, section))
        return units

    def _decimal_number(self, text: str) -> re.Match | None:
        """The decimal number a paragraph opens on ("2.1.3 In Q2 2017 …"), which numbers the
        paper's sections, not its work; not an SDG target the paragraph quotes with its wording
        ("5.2 Eliminate all forms of violence …"), which the paper states."""
        number = _DECIMAL_NUMBER.match(text)
        target = self.reference.targets.get(number.group(1)) if number else None
        if target is not None and _opening_words(text[number.end():]) == _opening_words(target.title):
            return None
        return number

    def _of_another(self, sentence: str, before: list[str]) -> bool:
        """Whether a sentence on "its work" or "their work" speaks of the work of whatever the
        sentence before it is about, not of the agency's ("KNOMAD published working papers …
        Its work contributed to 10.7")."""
        doc = self.reader.parse(sentence)
        owners = [c for s in doc.sents for v in grammar.main_verbs(s) if (who := grammar.subject(v)) is not None
                  for c in who.children if c.dep_ == "poss" and c.pos_ == "PRON" and c.lower_ in ("its", "their")]
        if not owners or not before:  # "our work" is the writer's, whatever the sentence before
            return False
        previous = self.reader.parse(before[-1])
        subjects = [who for s in previous.sents for v in grammar.main_verbs(s)
                    if (who := grammar.subject(v)) is not None and who.pos_ != "PRON"]
        return bool(subjects) and not any(self.reader.patterns["actor"].search(grammar.noun_phrase(who).text)
                                          for who in subjects)

    def _notes_of(self, paragraph: Paragraph) -> list[Paragraph]:
        """The footnotes or endnotes a paragraph's marks ("³") point to."""
        marks = set(re.findall(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", paragraph.text))
        return [self.notes[mark] for mark in sorted(marks) if mark in self.notes]

    def _years_reported(self, text: str) -> list[int]:
        """The years a paragraph says a paper reports, where it reports more than one ("its work
        in both 2016 and 2017", "during 2016-2017"): those named from three years before the
        meeting to its year."""
        named = sorted({y for y in years(text) if self.year - 3 <= y <= self.year})
        if len(named) >= 2 and re.search(r"\b(?:both|each|these)\s+years?\b", text, re.I):
            return named
        return self._years_spanned(text)

    def _years_spanned(self, text: str) -> list[int]:
        """The years one date phrase of a paragraph spans after a preposition ("during 2016-2017",
        "in 2016 and 2017", "over 2016–2017"): each year of a range, or each year coordinated.
        Only where all of them fall in the years a paper reports: a span reaching further is
        another period's ("its strategic plan for 2014-2017", to a meeting of 2018)."""
        spanned: set[int] = set()
        for token in self.reader.parse(text):
            if not years(token.text) or (token.head != token and years(token.head.text)):
                continue  # the phrase is read from its first year, which the others hang on
            prep, _ = grammar.attachment(token)
            if prep is None or prep.lower_ in self.drafting.rules.not_the_year_of_the_work:
                continue
            words = "".join(t.text_with_ws for t in token.subtree)
            named = years(words)
            span = range(min(named), max(named) + 1) if re.search(r"\d\s*[-–—]\s*\d", words) else named
            if len(set(span)) >= 2 and all(self.year - 3 <= y <= self.year for y in span):
                spanned.update(span)
        return sorted(spanned)

    def _general(self, sentence: str) -> bool:
        """A statement of what the agency is or does in general, in the simple present with no
        date ("UNFPA works for a world where …", "The Programme of Action … guides its work"):
        not a thing it did or will do in a year."""
        sentence = _unmarked(sentence, _runs_in_a_list(sentence))  # "are to (1) …": the marks mislead the parse
        parts = cue_pattern(self.drafting.rules.document_parts).pattern
        if re.match(rf"\W*(?:the\s+|this\s+)?(?:{parts})(?:\s+[0-9A-Z][\w.]*)?\s+[a-z]", sentence, re.IGNORECASE):
            return True  # "Table 1 lists selected results of its work in 2016" (however it parses)
        doc = self.reader.parse(sentence)
        verbs = [v for s in doc.sents for v in grammar.main_verbs(s)]
        # the simple present only: "has been implementing", "is supporting" and "continues to
        # support" tell work going on, not what the agency is
        if not verbs or any(grammar.tense(v) != "present" or grammar.auxiliaries(v) or v.lemma_ == "continue"
                            for v in verbs):
            return False
        if any(grammar.verb_is(v, cue) for v in verbs for cue in self.drafting.rules.leading_verbs):
            return False  # "UNESCO co-chairs the working group on …": a role it holds in the year, work
        if any(c.dep_ == "dobj" and c.pos_ == "PROPN" and any(d.dep_ == "det" and d.lower_ == "the" for d in c.children)
               and not self.reader.is_actor(grammar.noun_phrase(c).text) for v in verbs for c in v.children):
            # "UNDP co-leads with UNHCR the Regional Refugee and Resilience Plan": a named thing it runs;
            # "supports Member States" is what it does in general
            return False
        # what a named programme is for ("The TRIANGLE in ASEAN programme, supported by …, works
        # to …") introduces the work it did next, with its partners: not the agency in general
        kinds = {cue.split()[-1].lower() for cue in self.drafting.rules.actors}  # project, programme, …
        if any((who := grammar.subject(v)) is not None and who.lemma_.lower() in kinds
               and not self.reader.patterns["actor"].search(grammar.noun_phrase(who).text) for v in verbs):
            return False
        return self.reader.status(sentence)[0] is None and self.reader.year(sentence) is None \
            and not sdg_codes(sentence)

    def _tells_no_work(self, sentence: str, as_written: str) -> bool:
        """Whether a sentence (`as_written`: before a subject was put before a predicate alone) is
        of a kind that tells no work, whatever its paragraph."""
        return bool(
            self.reader.patterns["overview"].search(sentence)
            or self._between_writer_and_reader(sentence)
            or self.disclaimer.search(sentence)  # "The views in this note are those of its authors …"
            or self._general(sentence)  # "UNICEF works for the rights of every child"
            or self._people_were(sentence)  # "24.9 million people were in forced labour"
            or self._points_in_the_paper(sentence)  # "The projects below were implemented in 2018 …"
            or self._tells_a_goal(as_written)  # "Target 8.7 calls on States to …" (before "the agency" is put before it)
            or self._quotes_someone(sentence)  # "'… in our region', said the Executive Secretary"
            or self._framework_line(sentence))  # "Indicator: …; Baseline: 2; Target: 6."

    def _quotes_someone(self, sentence: str) -> bool:
        """A sentence that is mostly a quotation (half its characters or more in quotation marks),
        reported by a verb of quoting (`quoting_verbs`: "…", said the Executive Secretary): what
        someone said, not work."""
        quoted = sum(len(m.group(0)) for m in QUOTATION.finditer(sentence))
        if quoted * 2 < len(sentence.strip()):
            return False
        verbs = [v for s in self.reader.parse(sentence).sents for v in grammar.main_verbs(s)]
        return any(grammar.verb_is(v, cue) for v in verbs for cue in self.drafting.rules.quoting_verbs)

    def _between_writer_and_reader(self, sentence: str) -> bool:
        """A question ("What did we do in 2018?"), a line to the reader ("Please describe the activities
        your organization …"), a letter's courtesy ("I would be grateful if …") or an answer that there
        is none ("Not applicable."): no work, whoever reads the paper."""
        courtesy = self.reader.patterns["writer_courtesy"].match(sentence)
        return sentence.rstrip(" *\"”’)").endswith("?") or self._addresses_the_reader(sentence) \
            or bool(self.fiche_none.fullmatch(sentence.strip(" .*_"))) \
            or bool(courtesy and not self.reader.has_actor(sentence[courtesy.end():]))

    def _people_were(self, sentence: str) -> bool:
        """A sentence that says where or what people are or were, the agency named nowhere: each main
        verb "be" ("According to the Global Estimates, 24.9 million people were in forced labour") or
        in the present passive with no one by whom ("Women migrant workers in domestic work are
        especially exposed"), its subject a noun of people (`country_roles.people`), and nothing
        planned. Their situation, context; "Women were trained …" is work done, and "a review of the
        fees charged to domestic workers is planned" a plan."""
        if self.reader.has_actor(sentence) or self.reader.status(sentence)[0] is not None:
            return False
        verbs = [v for s in self.reader.parse(sentence).sents for v in grammar.main_verbs(s)]
        people = self.drafting.rules.country_roles.people

        def of_people(verb) -> bool:
            who = grammar.subject(verb)
            return who is not None and (who.lemma_.lower() in people or who.lower_ in people)

        def situation(verb) -> bool:
            said = [a.lower_ for a in grammar.auxiliaries(verb)]
            return verb.lemma_ == "be" or grammar.is_passive(verb) and bool(said) and all(
                w in ("is", "are") for w in said) and not any(c.dep_ == "agent" for c in verb.children)
        return bool(verbs) and all(situation(v) and of_people(v) for v in verbs)

    def _tells_a_goal(self, sentence: str) -> bool:
        """A sentence that opens on an SDG goal or target and names neither the agency nor a year or
        plan: what the goal says or asks ("Target 8.7 calls on States to take immediate and effective
        measures …"), context, not work. (The parse may read "Target" as a verb, so its grammar
        cannot tell.)"""
        codes = sdg_codes(sentence)
        reader = self.reader
        return bool(codes) and not sentence[:codes[0].start].strip(" *_\"“(") and not reader.has_actor(sentence) \
            and reader.year(sentence) is None and reader.status(sentence)[0] is None

    def _addresses_the_reader(self, sentence: str) -> bool:
        """A sentence that speaks to its reader (`addressed_to_the_reader`): a questionnaire's question
        the paper repeats, or a letter's offer of more information; not an aside in an "as" clause
        ("As you know, UNRWA took part in …")."""
        if not self.reader.patterns["addressed_to_the_reader"].search(sentence):
            return False
        doc = self.reader.parse(sentence)
        for m in self.reader.patterns["addressed_to_the_reader"].finditer(sentence):
            said = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            clause = said.root.head if said is not None and len(said) else None
            if clause is None or not any(c.dep_ == "mark" and c.lower_ == "as" for c in clause.children):
                return True
        return False

    def _no_work_whoever_reads(self, paragraph: Paragraph) -> bool:
        """A paragraph no reader takes for work: a letter's formula ("Dear colleagues,"), or each
        sentence between writer and reader or someone's words quoted."""
        text = paragraph.text.strip(" *_")
        number = _LIST_NUMBER.match(text)
        return self._letter_formula(text, "salutations") or all(
            self._between_writer_and_reader(s) or self._quotes_someone(s)
            for s in sentences(text[number.end():] if number else text))

    def _points_in_the_paper(self, sentence: str) -> bool:
        """A sentence on what the paper holds elsewhere (`document_pointers`): its subject modified by
        one ("The projects below were implemented in 2018 or are planned for 2019", "The following
        paragraphs give examples"), or its verb in the passive placed by one ("Its work during 2018 and
        its plans for 2019 are set out below")."""
        pointers = set(self.drafting.rules.document_pointers)
        for verb in grammar.main_verbs(self.reader.parse(sentence)):
            who = grammar.subject(verb)
            if who is not None and any(c.lower_ in pointers and c.dep_ in ("advmod", "amod")
                                       for c in who.children):
                return True
            if grammar.is_passive(verb) and any(c.lower_ in pointers and c.dep_ == "advmod" for c in verb.children):
                return True
        return False

    def _reports_work(self, part: Part) -> bool:
        """A part with its own subject (the agency, the project), its own event or product, or
        that was split off as one of several things: an item of its own."""
        reader = self.reader
        if part.split or reader.has_actor(part.text):
            return True
        if self._done_by_others(part):
            return False  # "The Committee adopted a general comment …": the Committee's work
        if reader.products(part.text):
            return True
        events = reader.events(part.text, 2000, self.local)
        by_verb = reader.patterns["event_verbs"].search(part.text)
        return any(e.kind not in ("summit", "meeting", "session") for e in events) or bool(events and by_verb)

    def _done_by_others(self, part: Part) -> bool:
        """Whether a part tells only what others decided or did, each verb of its main clause one of
        them: a verb of deciding (`decision_verbs`) in the active, with a subject of its own that is
        neither the agency (nor its work or bodies) nor a pronoun ("member States reviewed progress
        …", "The Committee adopted …"), or any verb whose subject is only other organisations
        agencies.yaml knows ("UNHCR and UNICEF launched …") or others ("Other actors were active").
        A part that names the agency anywhere is not (`_reports_work` asks that first)."""
        if part.subject or part.lead:
            return False  # it shares the subject or the lead of a sentence that names the agency
        verbs = grammar.main_verbs(self.reader.parse(part.text))
        if not verbs:
            return False
        def by_another(verb) -> bool:
            # "UNHCR and UNICEF launched a campaign …", "IOM's Displacement Tracking Matrix published …",
            # "Other actors were active": other agencies' work, whatever the verb
            who = grammar.subject(verb)
            return who is not None and who.dep_ == "nsubj" and (all(
                self._another_s(n) for n in [who, *who.conjuncts]) or any(
                c.lower_ == "other" and c.dep_ == "amod" for c in who.children))

        def decided_by_another(verb) -> bool:
            who = grammar.subject(verb)
            return not (who is None or who.dep_ != "nsubj" or who.pos_ == "PRON"
                        or self.reader.is_actor(grammar.noun_phrase(who).text)
                        or self._own_body(grammar.noun_phrase(who).text)) \
                and (any(grammar.verb_is(verb, cue) for cue in self.drafting.rules.decision_verbs)
                     or self._holds_its_own(verb))
        # each verb another's: "The Government of Jordan adopted amendments …, and UN Women supported …"
        return all(by_another(v) or decided_by_another(v) for v in verbs)

    def _another_s(self, noun) -> bool:
        """Whether a subject is another organisation agencies.yaml knows, or one of its own ("IOM's
        Displacement Tracking Matrix")."""
        if self.reader.another_organisation(grammar.noun_phrase(noun).text):
            return True
        owners = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        return bool(owners) and all(self.reader.another_organisation(
            re.sub(r"\s*['’]s?$", "", grammar.noun_phrase(owner).text)) for owner in owners)

    def _event_named_back(self, title: str, events: list[Event]) -> str:
        """A title that points back to the item's one event of a kind ("Serviced the session", after
        "The Committee on Social Development held its fifth session …") names that event in full:
        "Serviced the fifth session of the Committee on Social Development"."""
        back = re.search(r"\bthe\s+([a-z][\w-]*(?:\s+[a-z][\w-]*)?)$", title)
        if not back:
            return title
        kinds = {code for code, pattern in self.reader.event_cues if pattern.fullmatch(back.group(1))}
        named = [e for e in events if e.kind in kinds]
        if len(named) != 1 or len({e.title for e in named}) != 1:
            return title
        event = named[0].title
        first = event.split()[0]
        if re.search(rf"\b{re.escape(first.lower())}\b", named[0].words):
            event = event[:1].lower() + event[1:]  # "fifth session of …", not "Fifth session of …"
        whole = f"{title[:back.start(1)]}{event}"
        return whole if len(whole) <= MAX_TITLE else title

    def _holds_its_own(self, verb) -> bool:
        """Whether a verb of holding holds its subject's own meeting ("The Committee on Social
        Development held its fifth session in Bangkok"): that body's act, which the agency's work
        told after it ("ESCAP serviced the session") took part in."""
        return bool(self.reader.patterns["event_verbs"].fullmatch(verb.text)) and any(
            c.dep_ == "dobj" and any(g.dep_ == "poss" and g.lower_ in ("its", "their") for g in c.children)
            for c in verb.children)

    def _own_body(self, phrase: str) -> bool:
        """Whether a body's name holds a word of the agency's own name that no other agency's name
        holds: its governing body ("the Seventieth World Health Assembly" of the World Health
        Organization), whose decisions the agency's work leads to."""
        def words(name: str) -> set[str]:
            return {w.lower() for w in re.findall(r"[A-Z][\w’'-]+", name)}
        agencies = self.reference.agencies
        others = set().union(*(words(a.name) for code, a in agencies.items() if code != self.agency))
        return bool(words(phrase) & (words(agencies[self.agency].name) - others))

    def _parts(self, sentence: str, paragraph: Paragraph) -> list[Part]:
        """A sentence as the things it reports (`_split`), without the marks of a list run into
        it: "(1) trained …, (2) published …" are things of their own, so what one element says of
        where its work took place is not said of the others."""
        listed = _runs_in_a_list(sentence)
        parts = self._split(sentence, paragraph, listed)
        start = grammar.fronted_time(self.reader.parse(sentence)) if len(parts) > 1 else 0
        if start and len(said := sorted(set(years(sentence[:start])))) == 1:
            # "In 2018 it visited Greece, and it submitted a report …": the date opens every part
            parts = [dataclasses.replace(p, dated=Mention(said[0], sentence[:start].strip(" ,"), 0)) for p in parts]
        element = _INLINE_MARK.match(sentence.lstrip())  # "(2) It published …": an element of its own
        if listed or element:
            parts = [dataclasses.replace(p, text=_unmarked(p.text, listed), subject=_unmarked(p.subject, listed),
                                         lead=_unmarked(p.lead, listed), split=p.split or bool(element))
                     for p in parts]
        return parts

    def _split(self, sentence: str, paragraph: Paragraph, listed: bool) -> list[Part]:
        """A sentence as the things it reports: a list after a colon ('technical support,
        including: A; B; and C') is one part per element, and coordinated clauses with their
        own result ('strengthened A, strengthened B, and amplified C') or subject ('..., and it
        will offer ...') are parts of their own. Products and events stay in one sentence."""
        reader = self.reader
        if listed:  # "In 2017 the agency (1) trained …, (2) published … and (3) …": the marks part them
            marks = list(_INLINE_MARK.finditer(sentence))
            subject = sentence[:marks[0].start()].strip()
            cuts = [m.end() for m in marks]
            elements = [sentence[a:b].strip() for a, b in zip(cuts, [m.start() for m in marks[1:]] + [len(sentence)])]
            elements = [re.sub(r"(?:[,;]?\s+(?:and|or))?[\s,;]*$", "", e).rstrip(".") + "." for e in elements]
            return [Part(e, paragraph, subject=subject, split=True) for e in elements if e != "."]
        colon = next((c for c in (re.match(rf"(.{{{at}}}):\s+(.+)$", sentence) for at in
                                  (m.start() for m in re.finditer(r":\s", sentence) if m.start() >= 20))
                      if c and not _inside_title(sentence, c.end(1), _titles_of(paragraph))), None)
        if colon and not reader.products(sentence) and not reader.lists_contents(colon.group(1)):
            elements = [piece.strip() for e in re.split(r";\s*(?:and\s+)?", colon.group(2))
                        for piece in re.split(_MISSED_SEMICOLON, e) if piece.strip()]
            if len(elements) >= 2:
                lead = colon.group(1).strip()
                return [Part(e, paragraph, lead=lead, split=True) for e in elements]
        clauses = re.split(r";\s+(?!and\s)", sentence)
        if len(clauses) > 1 and len({reader.status(c)[0] for c in clauses}) > 1 and all(
                self._said_of_its_own(c) for c in clauses):
            # "The module was rolled out in 2018; an evaluation is planned for 2019.": each clause with
            # its own subject, one done and one a plan, is a thing of its own
            return [Part(c.strip().rstrip(" ;.") + ".", paragraph) for c in clauses]
        outcome = reader.patterns["outcome"].pattern
        results = [m for m in re.finditer(rf",\s+(?:and\s+)?(?=(?:{outcome}))", sentence, re.IGNORECASE)]
        status, _ = reader.status(sentence)
        if status == "outcome" and results:
            first = re.search(outcome, sentence, re.IGNORECASE)
            subject = sentence[:first.start()].strip() if first else ""
            cuts = [0, *[m.start() for m in results], len(sentence)]
            pieces = [sentence[a:b].lstrip(", ").removeprefix("and ").strip() for a, b in zip(cuts, cuts[1:])]
            return [Part(pieces[0].rstrip(" .") + ".", paragraph, split=True),
                    *[Part(p, paragraph, subject=subject, split=True) for p in pieces[1:]]]
        coordinated = self._coordinated(sentence)
        if coordinated:
            pieces = coordinated
            together = all(shared is not None for _, shared in pieces)  # no piece with a subject of its own
            return [Part(pieces[0][0].rstrip(" ,;.") + ".", paragraph, split=True, whole=sentence if together else ""),
                    *[Part(p, paragraph, subject=shared or "", split=True,
                           whole=sentence if together else "") for p, shared in pieces[1:]]]
        actor = reader.patterns["actor"].pattern
        second = re.search(rf",\s+and\s+(?=(?:{actor})\s+(?:will|\w+ed)\b)", sentence, re.IGNORECASE)
        if second:
            return [Part(sentence[:second.start()] + ".", paragraph, split=True),
                    Part(sentence[second.end():], paragraph, split=True)]
        verbs = reader.patterns["event_verbs"].pattern
        also = re.search(rf"\s+and\s+(?=(?:{verbs})\s)", sentence, re.IGNORECASE)
        if also and reader.products(sentence[:also.start()]) and reader.events(sentence[also.end():], 2000, self.local):
            subject = re.match(r"\W*(\w+)", sentence).group(1)
            return [Part(sentence[:also.start()] + ".", paragraph),
                    Part(sentence[also.end():], paragraph, subject=subject, split=True)]
        return [Part(sentence, paragraph)]

    def _coordinated(self, sentence: str) -> list[tuple[str, str | None]] | None:
        """Coordinated predicates that each report a thing done: "UNODC gave legislative
        assistance, trained criminal justice practitioners and supported the protection of
        victims" is three things, each with the subject (and auxiliary) it shares with the first,
        or None where it has a subject of its own. A verb with an auxiliary of its own shares the
        subject alone ("… will extend the helpline and will support ministries"). Not where the verbs
        share one object ("support and contribute to the negotiations"), nor where a later verb
        goes on with the same thing ("identified the women … and referred them to services")."""
        doc = self.reader.parse(sentence)
        sents = list(doc.sents)
        if len(sents) != 1:
            return None
        verbs = grammar.main_verbs(sents[0])
        # "intends to hold A, and to help B": each "to" of its own under one light verb is a commitment
        infinitives = grammar.coordinated_infinitives(verbs[0]) if len(verbs) == 1 else []
        if len(verbs) == 1 and not infinitives:
            return self._repeated_preposition(sentence, doc, verbs[0])
        if len(verbs) + len(infinitives) < 2 or not _has_complement(verbs[0]):
            return None
        who = grammar.subject(verbs[0])
        if who is not None and who.pos_ != "PRON" and not self.reader.has_actor(grammar.noun_phrase(who).text):
            return None  # "The surveys ask …, and are the basis of …": what they are, not the agency's work
        if who is not None and who.dep_ == "nsubjpass" and who.pos_ == "PRON":
            return None  # "It was launched in Berlin and presented in Nairobi": what was done with one thing
        first = verbs[0]
        auxiliaries = grammar.auxiliaries(first)
        bare = sentence[:min([first.idx, *[a.idx for a in auxiliaries]])].strip(" ,")
        subject = " ".join([bare, *[a.text for a in auxiliaries]]).strip()
        content = grammar.content_verb(first)
        intending = sentence[:min([content.idx, *[a.idx for a in content.children if a.dep_ == "aux"]])].strip(" ,")
        cuts = []
        for verb in verbs[1:] + infinitives:
            if not _has_complement(verb) or self._says_of_it(verb) or (_refers_back(verb) and not any(
                    c.dep_ in ("aux", "auxpass") for c in verb.children)):
                continue  # ", and will promote their use": with a "will" of its own, a commitment of its own
            start = verb.left_edge
            # back over the "and" and the comma before it, not over a bracket the first piece closes
            while start.i > 0 and (doc[start.i - 1].dep_ == "cc" or doc[start.i - 1].text in (",", ";", "–", "—")):
                start = doc[start.i - 1]
            own = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)  # "…, and in Niger it worked …"
            helped = any(c.dep_ in ("aux", "auxpass") and c.i < verb.i for c in verb.children)
            shared = None if own else intending if verb in infinitives else bare if helped else subject
            cuts.append((start.idx, verb.left_edge.idx, shared))
        if not cuts:
            return None
        pieces, previous, shared = [], 0, subject
        for cut, begin, next_shared in cuts:
            pieces.append((sentence[previous:cut].strip(), shared))
            previous, shared = begin, next_shared
        pieces.append((sentence[previous:].strip(), shared))
        return [p for p in pieces if p[0]]

    def _repeated_preposition(self, sentence: str, doc, verb) -> list[tuple[str, str | None]] | None:
        """One verb of the agency's with its preposition said again before a second object
        ("contributed to the Secretary-General's report … and to the preparation of the New York
        Declaration"): two things it did, the second with the verb and the subject of the first. A
        preposition of what the work acts on only (`kind_prepositions`): "worked with IOM and with
        UNHCR" is one thing done with two partners; nor where the verb has an object."""
        who = grammar.subject(verb)
        if who is None or not (who.pos_ == "PRON" or self.reader.has_actor(grammar.noun_phrase(who).text)):
            return None
        if any(c.dep_ == "dobj" for c in verb.children):
            return None  # "trained 250 health workers on A and on B": one training, on two topics
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.i > verb.i
                     and c.lower_ in self.drafting.rules.kind_prepositions):
            # the parse may hang the second on a word inside the first's object ("to the consultations
            # on the compact and to the review …", a title's words), never inside a clause of another subject
            if any(c.dep_ == "prep" and c.lower_ == prep.lower_ and c.i > prep.i for c in verb.children):
                return None  # "on the two global compacts, on refugees and on migration": what the first is
            again = next((t for t in doc if t.i > prep.i and t.dep_ == "conj" and t.pos_ == "ADP"
                          and t.lower_ == prep.lower_ and verb.is_ancestor(t)
                          and (t.head == prep or not (t.head.pos_ == "ADP" and t.head.lower_ == prep.lower_))
                          and not any(a.dep_ == "relcl" or grammar.has_own_subject(a) for a in t.ancestors
                                      if a != verb and verb.is_ancestor(a))), None)
            if again is None:
                continue
            start = again  # back over the "and" and a comma, never a closing quotation mark
            while start.i > prep.i and (doc[start.i - 1].dep_ == "cc" or doc[start.i - 1].text in (",", ";")):
                start = doc[start.i - 1]
            auxiliaries = grammar.auxiliaries(verb)
            bare = sentence[:min([verb.idx, *[a.idx for a in auxiliaries]])].strip(" ,")
            said = sentence[min([verb.idx, *[a.idx for a in auxiliaries]]):prep.idx]
            return [(sentence[:start.idx].strip(), bare), (said + sentence[again.idx:].strip(), bare)]
        return None

    def _of_its_thing(self, part: Part, current: Unit) -> bool:
        """A sentence whose subject is "the" thing the sentence before it made or held, named by the
        same noun ("FAO published a study … The study was launched in Rome", "held a dialogue … The
        dialogue was attended by 80 herders"): what became of that thing, the same item. Not a
        piece of ongoing work doing more (`partners.work_nouns`: "The project trained …" is more of
        the work), though what was done to it is ("The report was launched in Bangkok"), nor a
        sentence that says it adds something."""
        reader = self.reader
        if reader.patterns["addition_words"].search(part.text):
            return False
        verbs = grammar.main_verbs(reader.parse(part.text))
        who = grammar.subject(verbs[0]) if verbs else None
        if who is None or who.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in who.children):
            return False
        noun = who.lemma_.lower()
        if noun in self.drafting.rules.partners.work_nouns and who.dep_ != "nsubjpass":
            return False
        before = reader.parse(current.parts[-1].text)
        named = ("dobj", "pobj", "nsubjpass", "conj", "attr")  # "held a panel discussion … The panel was attended …"
        return any(t.lemma_.lower() == noun and t.pos_ == "NOUN" and (
            t.dep_ in named or t.dep_ == "compound" and t.head.dep_ in named) for t in before)

    def _funds_it(self, part: Part) -> bool:
        """A sentence that says, in the passive, who pays for the work told before it (`funding_verbs`):
        "The project is funded by the Government of Italy", "It was co-financed by the EU". Its
        subject a pronoun, a word of ongoing work (`partners.work_nouns`) or the agency's work."""
        verbs = grammar.main_verbs(self.reader.parse(part.text))
        if len(verbs) != 1 or not grammar.is_passive(verbs[0]) or not any(
                grammar.verb_is(verbs[0], cue) for cue in self.drafting.rules.funding_verbs):
            return False
        who = grammar.subject(verbs[0])
        return who is not None and (who.pos_ == "PRON" or who.lemma_.lower() in self.drafting.rules.partners.work_nouns
                                    or self.reader.is_actor(grammar.noun_phrase(who).text))

    def _told_alone(self, sentence: str) -> str:
        """A predicate without its subject ("Trained 350 border officials …", a bullet or after a
        label; "2019: will open two centres …" after its year), said with the agency's name and
        the year its label gives; any other sentence as it is."""
        label = _YEAR_LABEL.match(sentence)
        rest = sentence[label.end():] if label else sentence
        if not self._predicate_alone(rest):
            return sentence
        told = f"{self.standalone.called} {rest[:1].lower()}{rest[1:]}"
        return f"In {label.group(1)}, {told}" if label else told

    def _predicate_alone(self, sentence: str) -> bool:
        """Whether a sentence is a predicate without its subject ("Trained 350 border officials …",
        "assisted civil society organizations in Mali to …"): read with "It" before it, its first word
        is the main verb and "It" its subject, and alone it has no subject of its own."""
        words = sentence.split(None, 1)
        if len(words) < 2 or not words[0][:1].isalpha():
            return False
        alone = self.reader.parse(sentence)
        if any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in next(iter(alone.sents))):
            return False
        if alone[0].pos_ == "NOUN" or sum(c.isupper() for c in words[0]) > 1:
            # a noun's phrase ("Support to 15 organizations of returnee women", "Data collection on …"), or
            # a name's ("KNOMAD working papers on …"): no verb is written with two capitals
            return False
        modal = words[0].lower() in _FUTURE_MODALS  # "will open two centres …"
        doc = self.reader.parse(f"It {words[0].lower()} {words[1]}")
        verbs = grammar.main_verbs(next(iter(doc.sents)))
        return bool(verbs) and verbs[0].i == (2 if modal else 1) and verbs[0].tag_ in (
            ("VB",) if modal else ("VBD", "VBZ", "VBP")) and (who := grammar.subject(verbs[0])) is not None and who.i == 0

    def _names_its_partners(self, part: Part) -> bool:
        """A sentence whose subject is the partners of the work told before it ("Our partners
        included Caritas Internationalis", "Partners were …"), or a line of them after a label
        ("Partners: UNHCR, UNRWA."): that item's partners."""
        if self.reader.patterns["partner_label"].match(part.text):
            return True
        verbs = grammar.main_verbs(self.reader.parse(part.text))
        who = grammar.subject(verbs[0]) if len(verbs) == 1 else None
        return who is not None and who.lemma_.lower() == "partner"

    def _framework_line(self, sentence: str) -> bool:
        """Whether a sentence opens on a results framework's label ("Indicator: …", "Output 1.1: …")."""
        return bool(self.reader.patterns["framework_labels"].match(sentence))

    def _as_named_before(self, product: Product, unit: Unit) -> Product:
        """A product a sentence names only by its noun ("The assessment covered …"), with the whole
        name an earlier sentence of the item gave it ("carried out a rapid assessment of the needs
        of refugees")."""
        noun = product.title.strip().lower()
        if " " in noun:
            return product
        for part in unit.parts:
            doc = self.reader.parse(part.text)
            named = next((t for t in doc if t.lemma_.lower() == noun and t.pos_ == "NOUN" and t.dep_ in ("dobj", "pobj")
                          and not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)), None)
            if named is not None:
                words = list(grammar.noun_phrase(named))
                while words and words[0].dep_ in ("det", "predet", "poss"):
                    words = words[1:]
                title = grammar.words(words)
                return dataclasses.replace(product, title=title[:1].upper() + title[1:])
        return product

    def _said_there(self, part: Part, current: Unit) -> bool:
        """A sentence on what the agency said (its main verb one of `saying_verbs`, its subject the
        agency or a pronoun), with no event, date or place of its own, right after a sentence that
        says the agency took part in an event: what it said there."""
        reader = self.reader
        doc = reader.parse(part.text)
        verbs = grammar.main_verbs(doc)
        if not verbs or not all(any(grammar.verb_is(v, cue) for cue in self.drafting.rules.saying_verbs) for v in verbs):
            return False
        who = grammar.subject(verbs[0])
        if who is None or not (who.pos_ == "PRON" or reader.is_actor(grammar.noun_phrase(who).text)):
            return False
        if any(e.label_ in ("GPE", "LOC", "DATE") for e in doc.ents) or reader.events(part.text, self.year, self.local):
            return False
        before = current.parts[-1].text
        return bool(reader.taken_part_in(before, self.year, self.local))

    def _dated_by_host(self, events: list[tuple[Event, list[str]]], unit: Unit) -> list[tuple[Event, list[str]]]:
        """An event the item's words date only by the year, held at one named before it ("In June
        2017, at the 35th session of the Council, … OHCHR organized a side event at the session"):
        "at the session" points back to that event, so it took place then, and in that session."""
        text = " ".join(p.text for p in unit.parts)
        out: list[tuple[Event, list[str]]] = []
        for k, (event, source) in enumerate(events):
            host = None
            if event.date == str(unit.year):
                at = re.search(re.escape(event.words) + r"\s+(?:at|during|on the margins of)\s+the\s+([\w-]+)", text)
                kind = next((code for code, pattern in self.reader.event_cues if at and pattern.fullmatch(at.group(1))), None)
                host = next((e for e, _ in reversed(events[:k]) if kind and e.kind == kind and len(e.date) > 4), None)
            if host is not None:
                event = dataclasses.replace(event, date=host.date, session=event.session or host.session,
                                            mechanism=event.mechanism or host.mechanism)
            out.append((event, source))
        return out

    def _says_of_it(self, verb) -> bool:
        """A verb of saying (`saying_verbs`) with a clause of what others should do ("argued that the
        compact should …", "encouraged States to report …"): what the agency said in the work it is
        coordinated with."""
        if not any(grammar.verb_is(verb, cue) for cue in self.drafting.rules.saying_verbs):
            return False
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and grammar.is_verb(c)]
        clauses += [g for c in verb.children if c.dep_ == "dobj" for g in c.children
                    if g.dep_ in ("ccomp", "xcomp", "acl", "relcl") and grammar.is_verb(g) and g.i > c.i
                    and any(t.lower_ == "to" for t in g.children)]
        return bool(clauses)

    def _unit(self, parts: list[Part], section: Section) -> Unit:
        # an element of a list read with its lead-in: "In 2019, UNODC will:" says when and whether done
        text = " ".join(p.summary if p.subject or p.lead else p.text for p in parts)
        status, words = self.reader.status(text)
        if status:
            basis = f'"{words}"' + (": a result the paper reports" if status == "outcome" else "")
        else:
            status, basis = section.status, section.basis
        # a part's own year before the one it shares with a lead-in or the clause before it ("In 2018
        # the ILO trained 40 inspectors and will train 60 more in 2019")
        # the year of the part that reports the work before that of the context told before it ("In
        # May 2017, the Assembly adopted … Throughout 2018, WHO held consultations …")
        said = (self.reader.year(parts[-1].text) if len(parts) > 1 else None) or \
            self.reader.year(" ".join(p.text for p in parts)) or self.reader.year(text) or (
            next((p.dated for p in parts if p.dated), None) if status != "planned" else None)
        if not words and said is not None and said.value >= self.year and self._not_past(text):
            # "The second phase … starts in 2019", "For 2019, an evaluation is planned": a year to come
            status, basis = "planned", f'"{said.words}", a year to come, and no verb in the past'
        if said is not None and (section.year is None or section.role != "plans" or said.value >= self.year):
            return Unit(parts, said.value, status, basis, f'"{said.words}" in the text')
        if section.year is not None and status == "planned" and section.status != "planned" and section.year < self.year:
            # "WFP will expand this support …" under a heading of the year's work: a plan for the meeting's year
            return Unit(parts, self.year, status, basis, f"a plan under the heading of {section.year}'s work: the "
                        "meeting's year")
        spanned = years(section.heading.text) if section.heading is not None and said is None else []
        within = [int(y) for y in re.findall(r"(?<![\d.])((?:19|20)\d\d)(?!\d)", text)
                  if len(spanned) > 1 and min(spanned) <= int(y) <= max(spanned)]
        if within:
            # under "2017–2018", "… at the World Urban Forum, held in Kuala Lumpur in February 2018":
            # the year the sentence gives, where the heading spans years
            return Unit(parts, within[0], status, basis, f'"{within[0]}" in the text, a year of the heading ¶ '
                        f"{section.heading.id}")
        if section.year is not None:
            return Unit(parts, section.year, status, basis, section.year_basis)
        # No year in the headings or the main clause: a paper to a meeting reports the year before
        # it and plans for the year of the meeting.
        year = self.year if status == "planned" else self.year - 1
        return Unit(parts, year, status, basis, "no year in the text: the paper reports the year before its "
                    "meeting and plans for the meeting's year")

    def _not_past(self, text: str) -> bool:
        """Whether a sentence's main verbs are none of them in the past ("starts", "is planned")."""
        verbs = [v for s in self.reader.parse(text).sents for v in grammar.main_verbs(s)]
        return bool(verbs) and all(grammar.tense(v) != "past" for v in verbs)

    # --- writing --------------------------------------------------------------------------

    def _denied(self, sentence: str) -> bool:
        """A sentence that says the work did not happen: each main verb denied ("A regional conference
        on reintegration … could not take place because of security concerns") or one of calling off
        (`called_off`: "The workshop in Dakar was cancelled"). No work to draft; a plan put off ("was
        postponed to 2019") is a plan."""
        verbs = [v for s in self.reader.parse(sentence).sents for v in grammar.main_verbs(s)]
        return bool(verbs) and all(grammar.negations(v) or self.reader.patterns["called_off"].fullmatch(v.text)
                                   for v in verbs)

    def _not_done(self, unit: Unit) -> bool:
        """Whether the sentence an item rests on denies the agency's work: a main verb, or the verb
        of a clause the agency is the subject of, with "not" or "never" ("did not open the clinic",
        "Funding shortfalls meant that UNFPA could not carry out the survey")."""
        doc = self.reader.parse(unit.parts[0].text)
        main = [v for s in doc.sents for v in grammar.main_verbs(s)]
        verbs = main + [t for t in doc if grammar.is_verb(t) and t not in main and (who := grammar.subject(t)) is not None
                        and self.reader.is_actor(grammar.noun_phrase(who).text)]
        return any(grammar.negations(v) for v in verbs)

    def _places_of_all(self, sentence: str) -> list[CountryMention]:
        """The programme countries a sentence of coordinated things says of them all: those said
        before its main verb ("In Niger, UNODC trained …, gave … and supported …"), or its only
        clause's ("… and supported victims in partner countries, among them Mali and Nepal"). Where
        two clauses each say where they took place ("trained officials in Mali, published a toolkit
        and organized a dialogue in Senegal"), the places are theirs, and the toolkit is of none."""
        found = [c for c in self.reader.countries(sentence) if c.role == "programme"]
        verbs = grammar.main_verbs(self.reader.parse(sentence))
        if not verbs or not found:
            return found
        cuts = [v.left_edge.idx for v in verbs[1:]]
        def clause(c: CountryMention) -> int:
            return sum(sentence.find(c.words) >= cut for cut in cuts)
        front = [c for c in found if 0 <= sentence.find(c.words) < verbs[0].idx]
        return found if len({clause(c) for c in found}) == 1 and not front else front

    def _countries_said_before(self, unit: Unit) -> list[CountryMention]:
        """The countries where the work took place that an earlier sentence of the item's
        paragraph names, where the item's sentence goes on telling the same work and has no place
        of its own, and no sentence between names a country ("In 2015 UNFPA helped refugees who
        crossed Greece and Serbia. With national partners it distributed dignity kits …": in Greece
        and Serbia too)."""
        part = unit.parts[0]
        own = self.reader.parse(part.whole or part.text)
        if any(e.label_ in ("GPE", "LOC") for e in own.ents) or any(
                t.pos_ == "PROPN" and t.dep_ == "pobj" and t.head.lower_ in ("in", "at")
                and not self.reader.another_organisation(grammar.noun_phrase(t).text) for t in own):
            return []  # "… co-chaired the meetings in Amman", "… a centre in Copenhagen": a place of its own
        for sentence in self._same_work_before(unit):
            named = self.reader.countries(sentence)
            if named:
                return [CountryMention(c.code, c.role, c.words, f"{c.basis}, said in the sentence before")
                        for c in named if c.role == "programme"]
        return []

    def _groups_said_before(self, unit: Unit) -> list[tuple[str, str, str]]:
        """The people the work serves (drafting.yaml `groups_served`) that an earlier sentence of the
        item's paragraph names, nearest first, where the item's sentence goes on telling the same
        work and names no group itself ("UNFPA responded to the needs of women and girls among the
        refugees … With national partners it supported mobile health services": for them too); not
        the institutions one sentence's work was with, which the next need not share."""
        for sentence in self._told_before(unit):
            named = [(code, words, "said in the sentence before")
                     for code, words, why in self.reader.groups(sentence, [])
                     if not why and code in self.drafting.rules.groups_served]
            if named:
                return named
        return []

    def _told_before(self, unit: Unit) -> list[str]:
        """The sentences of the item's paragraph before its own, nearest first, where its sentence
        goes on telling the same work (its subject the agency, a pronoun, passive or none); none
        where a new actor does it ("The resilience component of the plan supported …")."""
        part = unit.parts[0]
        own = self.reader.parse(part.whole or part.text)
        actors = [who for verb in grammar.main_verbs(own) if (who := grammar.subject(verb)) is not None]
        if any(who.dep_ == "nsubj" and who.pos_ != "PRON" and not self.reader.is_actor(grammar.noun_phrase(who).text)
               for who in actors):
            return []
        if any(who.dep_ == "nsubjpass" and any(d.lower_ in ("a", "an") for d in who.children) for who in actors):
            return []  # "A mid-term review of the Strategy was carried out …": a new thing, not the same work
        said = [_unmarked(sentence, _runs_in_a_list(sentence)) for sentence in sentences(part.paragraph.text)]
        start = (part.whole or part.text).rstrip(".")[:40]
        here = next((i for i, sentence in enumerate(said) if start and start in sentence), None)
        return list(reversed(said[:here])) if here else []

    def _same_work_before(self, unit: Unit) -> list[str]:
        """The sentences `_told_before` gives, up to one of a plan where the item is work done, or of
        work done where it is a plan: a plan after work done ("… surveys of migrant workers in Ethiopia
        and Pakistan. In 2019 the ILO will publish the first global estimates …") is other work, done
        elsewhere, though it may serve the same people."""
        planned = self.reader.status(unit.parts[0].whole or unit.parts[0].text)[0] == "planned"
        before = self._told_before(unit)
        same = next((k for k, sentence in enumerate(before) if (self.reader.status(sentence)[0] == "planned") != planned),
                    len(before))
        return before[:same]

    def _summary(self, unit: Unit) -> str:
        """The paper's sentences the item rests on, without one that only leads into a list ("The
        meetings focused on the following issues:"): its elements are items or values of their own,
        and a summary ending on a colon promises what it does not say. A title the paper sets in
        italics is quoted, as plain text marks one, where its words do not say what it is (no product
        noun: "published "Uprooted: …", a global report", but "the Global Report on …"). It is read
        alone, in a brief, so it names who its first sentence's "it" or "the Office" is
        (`Standalone`)."""
        said = [p for p in unit.parts if not p.summary.rstrip().endswith(":")] or unit.parts
        told = [with_its_subject(p.lead.rstrip(" :"), p.text, unit.year) if _goes_on(p.lead)
                else with_its_subject(p.subject, p.text, unit.year) if p.subject and not p.lead
                else p.summary for p in said]
        for k in range(1, len(told)):
            # the place a heading put before each sentence ("In Jordan, …"), said once an item
            placed = re.match(r"In ([^,]{1,60}), ", told[k])
            source = said[k].paragraph.text if said[k].paragraph is not None else ""
            if placed and told[0].startswith(placed.group(0)) and told[k][:len(placed.group(0)) + 20] not in source:
                rest = told[k][placed.end():]
                told[k] = rest[:1].upper() + rest[1:]
        first = said[0]
        paragraph = first.paragraph.text if first.paragraph is not None else ""
        at = paragraph.find(first.text[:30].strip(" .;,"))
        # a list's element with "it" for its subject: who it is, the lead-in says
        before = paragraph[:at] if at > 0 else unit.lead_in.text if unit.lead_in is not None else ""
        text = self.standalone.summary(_clean(" ".join(told)), before)
        if unit.fiche is not None and unit.fiche.name:  # which project: "The project will be extended …"
            text = _clean(f"{unit.fiche.name}: {text}")
        return _quoted(text, [t for p in said for t in _named_titles(p, self.reader)])

    def item(self, unit: Unit, taken: set[str]) -> tuple[str, str]:
        """An item's YAML block (indented for `items:`) and its id."""
        reader = self.reader
        text = unit.text
        if unit.fiche is not None:  # the project's name, countries and partners lines
            unit.list_items.extend(p for p in unit.fiche.paragraphs if p not in unit.list_items)
        cited = unit.cited()
        where = ", ".join(f"¶ {p}" for p in cited)
        # "our" said in the agency's name makes a title longer: cut again where it must
        title = _within(self.standalone.third_person(_title(unit.parts, reader)))
        kind, kind_words = reader.kind(" ".join(p.text for p in unit.parts))  # a list's lead only if need be
        if not kind:
            kind, kind_words = reader.kind(text)
        events = [(e, src) for e, src in unit.list_events]
        for part in unit.parts:
            for event in reader.events(part.text, unit.year, self.local):
                if unit.list_events and (event.kind == unit.list_events[0][0].kind
                                         or part.text == unit.list_events[0][0].title):
                    continue  # the list under it names these events one by one; a row's title is its event's
                events.append((event, [part.paragraph.id]))
        events = self._dated_by_host(events, unit)
        for event, rows in unit.restated_events:
            # the item's own event, told again in a table: one event, cited in both places
            told = next((k for k, (e, _) in enumerate(events) if e.kind == event.kind and e.date == event.date), None)
            if told is None:
                events.append((event, rows))
            else:
                e, source = events[told]
                events[told] = (dataclasses.replace(e, place=e.place or event.place),
                                [*source, *(r for r in rows if r not in source)])
        if not kind:
            kind, kind_words = _kind_of_event(events[0][0].kind) if events else ("technical-support", "")
        products = [(p, part.paragraph.id) for part in unit.parts
                    for p in reader.products(part.text, _titles_of(part.paragraph) if part.paragraph else ())]
        products = [(p, pid) for p, pid in products if not _named_again(p.title, [q.title for q, _ in products])]
        products = [(self._as_named_before(p, unit), pid) for p, pid in products]
        events = [(e, src) for e, src in events
                  if not _named_again(e.title, [f.title for f, _ in events if f.kind == e.kind])]
        # "addressed the Intergovernmental Conference in Marrakech": the address is the event; the
        # meeting it was given at is in its title, no second event
        events = [(e, src) for e, src in events if e.kind == "address" or not any(
            f.kind == "address" and re.split(r",|\s+in\s+", e.title.lower())[0] in f.title.lower() for f, _ in events)]
        title = self._event_named_back(title, [e for e, _ in events])
        item_id = _slug(title, taken)
        bodies, instruments = reader.mechanisms(text, self.local)
        for event, _ in unit.list_events:  # the meetings a list or table names are the item's too
            if event.mechanism and event.mechanism not in {b.value for b in bodies}:
                bodies.append(Mention(event.mechanism, f"the event {event.title!r}"))
        for heading in {h.id: h for pid in unit.cited() for h in self.headings.get(pid, [])}.values():
            for body in reader.mechanisms(heading.text, self.local)[0]:  # "1. Chair of the GMG"
                if body.value not in {b.value for b in bodies}:
                    bodies.append(Mention(body.value, f"under the heading ¶ {heading.id}: {body.words}"))
        countries = []
        for part in unit.parts:
            for c in reader.countries(part.text):
                if c.code not in {x.code for x in countries}:
                    countries.append(c)
        for part in unit.parts:  # "In Niger, UNODC trained …, gave … and supported …": where all of it took place
            if any(c.role == "programme" for c in reader.countries(part.text)):
                continue  # "trained farmers in Niger and will open centres in Mali": each where it says
            for c in self._places_of_all(part.whole) if part.whole else []:
                if c.code not in {x.code for x in countries}:
                    countries.append(CountryMention(c.code, c.role, c.words, f"{c.basis}, said of all its sentence lists"))
        if not countries and not events:  # taking part in a meeting is where the meeting was, not the work before
            countries = self._countries_said_before(unit)
        if self._not_done(unit):  # "UNFPA could not carry out the planned survey in Yemen": no work there
            countries = [CountryMention(c.code, "mentioned", c.words, "the paper says the work did not take place")
                         if c.role == "programme" else c for c in countries]
        if unit.places:  # a table's column of where the work took place
            countries = [CountryMention(c.code, "programme", c.words, "the table's column of where the work took place")
                         if any(c.words in place for place in unit.places) else c for c in countries]
        own = any(c.role == "programme" for c in countries)
        # "Countries: Kenya": where the project's work took place, but for a plan that names a place
        # of its own ("The project will be extended to Uganda")
        if unit.fiche is not None and not (unit.status == "planned" and own):
            for line in unit.fiche.countries:
                for c in reader.countries(line, work=False):
                    countries = [x for x in countries if x.code != c.code] + [
                        CountryMention(c.code, "programme", c.words, f'the project\'s line of countries, "{line}"')]
        partners = reader.partners(text)
        for line in [*(unit.fiche.partners if unit.fiche is not None else []), *unit.other_cells]:
            partners += [m for m in reader.partners(line) if m.value not in {p.value for p in partners}]
        groups = reader.groups(text, reader.mechanisms(text, self.local)[0], kind, kind_words)  # not a heading's mechanisms
        if not any(not why for *_, why in groups):  # no people of its own: those the paragraph named before it
            groups = [*groups, *(g for g in self._groups_said_before(unit) if g[0] not in {c for c, *_ in groups})]
        approaches = reader.approaches(text, kind, kind_words)
        stated = []
        for part in unit.parts:
            for code in sdg_codes(part.text):
                if (code.value in self.reference.targets or code.value in self.reference.goals) and \
                        code.value not in {s[0] for s in stated}:
                    stated.append((code.value, part.paragraph.id, code.words))
        for paragraph in {p.id: p for p in (x.paragraph for x in unit.parts) if p is not None}.values():
            for note in self._notes_of(paragraph):  # "Alliance 8.7³" and its note "³ … takes its name from target 8.7"
                for code in sdg_codes(note.text):
                    if (code.value in self.reference.targets or code.value in self.reference.goals) and \
                            code.value not in {s[0] for s in stated}:
                        stated.append((code.value, note.id, code.words))
        above = list({h.id: h for pid in cited for h in self.headings.get(pid, [])}.values())
        # the item's words, the paragraphs it cites (what the work is for is often said once for
        # all of them) and the headings it stands under
        around = " ".join(p.text for p in {p.id: p for p in [*(x.paragraph for x in unit.parts), *unit.list_items]
                                            if p is not None}.values())
        ranked = reader.without_names(" ".join([text, around, heading_text(above)]))
        suggestions = [s for s in suggest_targets(ranked, project=self.project)
                       if s.code not in {c for c, *_ in stated}]
        measured = [m.value for m in indicator_targets(text) if m.value in self.reference.targets
                    and m.value not in {c for c, *_ in stated}]
        if measured:  # the targets of the indicators it names first, as the ranking scores them
            every = {s.code: s for s in suggest_targets(ranked, limit=len(self.reference.targets), threshold=0.0,
                                                        project=self.project)}
            first = [every.get(code) or Suggestion(code, int(code.split(".")[0]), 0.0, [])
                     for code in dict.fromkeys(measured)]
            suggestions = [*first, *(s for s in suggestions if s.code not in measured)][:LIMIT]
        out = [f"  - id: {item_id}\n",
               f"    draft: true  # drafted from {where}" + (
                   ", although no sentence of the paper reads as work done or planned (each paragraph is drafted "
                   "as an item): keep it only if it reports work, " if unit.fallback else ": ") +
               "check it against the paper, rewrite the title and summary, then delete this line\n",
               f"    year: {unit.year}  # {unit.year_basis}\n",
               f"    status: {unit.status}  # {unit.status_basis}\n",
               _text_field("title", title, "    "),
               yaml_entry("summary", self._summary(unit), "    ", folded=True),
               f"    kind: {kind}  # " + (f'"{kind_words}"' if kind_words else
                                         "no word of the text says: choose from item_kinds") + "\n"]
        if stated or suggestions:
            out.append("    sdg:\n")
        if stated:
            out.append("      stated:  # named by the paper\n")
            out.extend(f"        - {{code: {_q(code)}, source: [{pid}]}}  # {_words(words)}\n"
                       for code, pid, words in stated)
        if suggestions:
            # a block per suggestion: to accept one, rename `suggested:` to `analyst:` and replace
            # its score and matched words by a `reason:`
            out.append("      suggested:  # to review: turn those that fit into `analyst` links with a reason, "
                       "delete the rest\n")
            for suggestion in suggestions:
                target = self.reference.targets[suggestion.code].title
                out.append(f"        - code: {_q(suggestion.code)}  # {_words(target)}\n"
                           f"          score: {suggestion.score:.2f}\n"
                           f"          matched: [{', '.join(map(_q, suggestion.matched))}]\n")
        if bodies:
            out.append(f"    mechanisms: [{', '.join(m.value for m in bodies)}]  # "
                       + "; ".join(_words(m.words) for m in bodies) + "\n")
        if instruments:
            out.append("    # named as conventions, not mechanisms: "
                       + "; ".join(f"{m.value} ({_words(m.words)})" for m in instruments) + "\n")
        if countries:
            out.append("    countries:\n")
            out.extend(f"      - {{code: {c.code}, role: {c.role}}}  # {_words(c.words)}; {c.basis}\n"
                       for c in countries)
        flow = f"    partners: [{', '.join(p.value for p in partners)}]"
        if partners and len(flow) <= 100 and all(re.fullmatch(r"[\w.’' -]+", p.value) for p in partners):
            out.append(f"{flow}  # " + "; ".join(_words(p.words) for p in partners) + "\n")
        elif partners:
            out.append("    partners:\n")
            out.extend(f"      - {_q(p.value)}  # {_words(p.words)}\n" for p in partners)
        if groups:
            out.append(f"    groups: [{', '.join(c for c, *_ in groups)}]  # "
                       + "; ".join(_words(w) + (f" ({why})" if why else "") for _, w, why in groups) + "\n")
        if approaches:
            out.append(f"    mainstreaming: [{', '.join(c for c, *_ in approaches)}]  # "
                       + "; ".join((_words(w) + " " if w else "") + (f"({why})" if why else "")
                                   for _, w, why in approaches).strip() + "\n")
        if products:
            out.append("    products:\n")
            for product, pid in products:
                out.append(_product(product, pid))
        if events:
            out.append("    events:\n")
            for event, source in events:
                out.append(_event(event, source))
        out.append(f"    source: [{', '.join(cited)}]\n")
        return "".join(out), item_id


@dataclass
class Table:
    """A table being read, row by row: its section, the item whose lead-in introduced it, and
    its header's column names."""

    section: Paragraph | None
    lead: Unit | None
    columns: list[str] | None = None
    header: Paragraph | None = None


@dataclass
class RowPart(Part):
    """A table's row as an item's part: its text the cells as the paper gives them (its title and
    places are read from them), its summary the cells in words with what their columns mean."""

    worded: str = ""

    @property
    def summary(self) -> str:
        return self.worded or self.text


# a year, a span of years or a part of one, as a table names a column or dates a row ("2017",
# "2016-2017", "2017/18", "Q1 2018", "FY2017")
_PERIOD = re.compile(r"\b(?:(?:Q[1-4]|H[12]|FY)\s*)?(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?\b", re.IGNORECASE)
# a figure a table's cell gives: a number, with a sign, a currency or one word of unit ("1,800",
# "45%", "+12", "US$ 3 million", "600 women")
_FIGURE = re.compile(r"\s*[~<>≈+−–-]?\s*(?:[A-Z]{0,3}\$|[€£])?\s*\d[\d,.\s]*(?:%|[^\W\d]+)?\s*")


def _last_year(period: str) -> int:
    """The last year a period names: its end where it spans years ("2016/17": 2017)."""
    start = re.search(r"(?:19|20)\d\d", period)
    end = re.search(r"[-–/]\s*(\d\d|(?:19|20)\d\d)$", period)
    if end is None:
        return int(start.group(0))
    return int(end.group(1)) if len(end.group(1)) == 4 else int(start.group(0)[:2] + end.group(1))


def _introducing(lead: Unit | None, row: Paragraph, body: list[Paragraph]) -> Unit | None:
    """The item whose lead-in introduces a table: a lead-in right before the table's first row
    ("took part in the following events:"), not one whose list comes between ("FAO also:", its
    bullets, then a table): that lead-in introduced its list, and the table's rows stand alone."""
    at = next(i for i, p in enumerate(body) if p is row)
    return lead if lead is not None and at and body[at - 1] is lead.parts[-1].paragraph else None


def _in_words(cells: list[str], header: list[str]) -> str:
    """A row's cells in words, each with what its column means, for a summary that keeps what the
    header says: the longest cell names the row, a cell under a period is "in" it, any other cell is
    followed by its column's name ("Refugees earning an income: 600 in 2017, 1,800 in 2018";
    "Guidance shared with prosecutors: Nepal (country), Completed (status)"). A dash or an empty
    cell says nothing."""
    label = max(range(len(cells)), key=lambda i: len(cells[i]))
    said = []
    for i, cell in enumerate(cells):
        if i == label or not cell.strip(" -–—"):
            continue
        name = re.sub(r"\s*\(([^()]*)\)", r", \1", header[i]).strip(" ,") if i < len(header) else ""
        if _PERIOD.fullmatch(name):
            said.append(f"{cell} in {name}")
        elif name:
            said.append(f"{cell} ({name[:1].lower() + name[1:] if name[1:2].islower() else name})")
        else:
            said.append(cell)
    joint = "; " if any(", " in s for s in said) else ", "  # "World Bank, ILO" is one cell
    return f"{cells[label]}: {joint.join(said)}" if said else cells[label]


def table_cells(text: str) -> list[str] | None:
    """A table row's cells ("14-24 March 2016 | 60th session of the CSW | New York"), as the
    importer writes a row (an empty first or last cell leaves the row opening or ending on its
    separator: "| 2017 | 2018"); None for any other paragraph."""
    text = text.strip()
    if text.startswith("|") and text.endswith("|"):  # a pipe table's row as text, "| Date | Event |"
        text = text[1:-1]
    if f" {text} ".count(" | ") < 1:
        # an entry of a list of events, "15 October 2018, Rome: Side event on …": a row of its own
        entry = re.match(r"\s*([^:]{4,60}):\s+(\S.*)$", text)
        when = _opening_date(entry.group(1)) if entry else None
        if when is None:
            return None
        place = entry.group(1)[len(when):].strip(" ,")
        return [when, *([place] if place and "," not in place else []), entry.group(2)]
    cells = [c.strip() for c in f" {text} ".split(" | ")]
    return cells if len(cells) >= 2 and all(len(c) <= 400 for c in cells) else None


def _opening_date(words: str) -> str | None:
    """The date a line opens on, with its year ("15 October 2017", "10-11 December 2018"), as the
    text writes it; None where it opens otherwise."""
    found = dates(words, None)
    return found[0].words if found and found[0].start == 0 and re.search(r"\d{4}", found[0].words) else None


def _runs_in_a_list(sentence: str) -> bool:
    """Whether a sentence runs a list into itself: two marks or more, the first "(1)", "(a)" or
    "(i)" ("The agency (1) trained …, (2) published …")."""
    marks = _INLINE_MARK.findall(sentence)
    return len(marks) >= 2 and marks[0] in ("1", "a", "i")


def _unmarked(text: str, listed: bool) -> str:
    """A sentence, or a part cut from one, without the marks of a list it runs in (`listed`), or
    without the one mark that opens it ("(2) It published …")."""
    if listed:
        return _CUT_MARK.sub("", _INLINE_MARK.sub("", text))
    mark = _INLINE_MARK.match(text.lstrip())
    return text.lstrip()[mark.end():] if mark else text


# The share of a summary's words an item of the body must hold to be the work the line restates.
_RESTATED_SHARE = 0.8


def _plain_words(words: set[str]) -> set[str]:
    """Content words as a summary and the body may both write them: a hyphen's parts each, no
    apostrophe of a plural ("refugees'"), and a number in words as figures ("three" is "3")."""
    plain = set()
    for word in words:
        for part in word.strip("’'").split("-"):
            if part:
                number = None if part[:1].isdigit() else number_in_words(part)
                plain.add(str(number) if number else re.sub(r"(?<=[a-z]{3})s$", "", part))
    return plain


def _content_words(text: str) -> set[str]:
    """The words of a text that say something, in lower case, a plural's "s" left off."""
    return {re.sub(r"(?<=[a-z]{3})s$", "", w) for w in re.findall(r"[\w’'-]+", text.lower()) if w not in _STOP}


def _pronoun_subject(doc) -> bool:
    """Whether a sentence's main verb has a pronoun for its subject ("It contributes to …")."""
    return any((who := grammar.subject(v)) is not None and who.pos_ == "PRON"
               for s in doc.sents for v in grammar.main_verbs(s))


def _has_complement(verb) -> bool:
    """A verb with an object or a complement of its own after it (for a verb of a list read as
    an adjective, grammar.listed_predicates, the noun it was read as describing)."""
    return (verb.dep_ == "amod" and verb.head.i > verb.i) or any(
        c.i > verb.i and c.dep_ in ("dobj", "dative", "attr", "xcomp", "ccomp", "prep", "acomp", "oprd")
        for c in verb.children)


def _refers_back(verb) -> bool:
    """A verb whose object is a pronoun or is qualified by one ("referred them", "supported
    their reintegration"): it goes on with what the verb before it did."""
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and (child.pos_ == "PRON" or any(
                g.dep_ == "poss" and g.pos_ == "PRON" for g in child.children)):
            return True
    return False


def _opening_words(text: str, count: int = 3) -> list[str]:
    return re.findall(r"\w+", text.lower())[:count]


def _sibling(lead: Unit, item: Paragraph) -> bool:
    """A numbered paragraph after a numbered lead-in continues the paper's numbering ("3. … as
    follows:", then "4. In Nepal, …"): it is the next paragraph, not an element of the lead's list."""
    lead_number = _LIST_NUMBER.match(lead.parts[-1].paragraph.text)
    number = _LIST_NUMBER.match(item.text)
    if not (lead_number and number and lead_number.group(1) and number.group(1)):
        return False
    a, b = lead_number.group(1), number.group(1)
    return a.isdigit() == b.isdigit() and (not a.isdigit() or int(b) > int(a))


def headings(source: SourceText) -> dict[str, list[Paragraph]]:
    """For each paragraph, the headings it stands under (a section's heading and its
    sub-heading): what the paper says the work under them is about. The ranking of suggested
    targets reads them beside an item's own words, and a mechanism a heading names ("1. Chair of
    the GMG") is proposed for the items under it."""
    found: dict[str, list[Paragraph]] = {}
    current: list[Paragraph] = []
    for paragraph in source.paragraphs:
        if paragraph.kind == "heading":
            numbered = re.match(r"\s*(?:\d{1,3}[.)]|\d+\.\d+)", paragraph.text)
            current = [*current[:1], paragraph] if numbered and current else [paragraph]
            continue
        found[paragraph.id] = list(current)
    return found


def heading_text(paragraphs: list[Paragraph]) -> str:
    return " ".join(_cased(h.text, {}) for h in paragraphs)


def _title(parts: list[Part], reader: Reader) -> str:
    """A title from the part that reports the work: its main clause's predicate, as whole phrases
    ("Trained 120 labour inspectors on the rights of domestic workers"), with its subject where
    the subject is not the agency ("The CMW was briefed on the submission"), a plan in the form of
    a commitment ("Extend the programme to Sri Lanka"), and long modifiers left out whole until it
    fits one line. A part without a verb (a list element) is its own title."""
    made = bool(reader.products(parts[0].text))  # "A survey … was completed in May 2018. It found that …"
    part = next((p for p in parts if (reader.has_actor(p.text) or p.split)
                 and not (made and p is not parts[0] and reader.continues(p.text))), parts[0])
    cells = table_cells(part.text)  # a table's row: its longest cell says what it is, not "Awarded"
    if cells and len(max(cells, key=len)) <= _TITLE_LENGTH:
        title = _balanced(_NOTE_MARK.sub("", _clean(max(cells, key=len)))).strip(" ,;:.-–")
        return (title[0].upper() + title[1:]) if title else "Item to name"
    text = max(cells, key=len) if cells else part.text.strip()
    doc = reader.parse(text)
    adverb = 0  # the time adverb put in a date's place, never a word of the title
    if not cells and (start := grammar.fronted_time(doc)) and _led_by_a_date(doc, start):
        # a date is when the work was done, never its title: the sentence read with a time adverb
        # in the date's place, which the pipeline parses as it does any fronted adverb
        doc, adverb = reader.parse("Then " + text[start:]), 1
    sentence = next((s for s in doc.sents if grammar.main_verbs(s)), None)
    if sentence is None and not cells and (clause := _main_clause(text, reader)) is not None:
        doc = clause
        sentence = next(s for s in doc.sents if grammar.main_verbs(s))
    if sentence is None:
        root = next(iter(doc.sents)).root if len(doc) else None
        phrases = [[t for t in grammar.noun_phrase(root, keep_coordination=True) if t.i >= adverb]] \
            if root is not None else []
        title = grammar.words([t for p in grammar.shorten(phrases, _TITLE_LENGTH) for t in p]) if phrases else ""
    else:
        verb = grammar.main_verbs(sentence)[0]
        planned = grammar.tense(verb) in ("future", "conditional") or reader.status(sentence.text)[0] == "planned"
        content = grammar.content_verb(verb) if planned else verb
        if planned and content.lemma_ == "be":  # "Our aim is to open …": what is to be done
            content = grammar.content_verb(next((c for c in content.children if c.dep_ == "xcomp"
                                                 and grammar.is_verb(c)), content))
        title = _predicate_words(doc, content, planned, part, reader, _TITLE_LENGTH)
        # "… is planned" names what is planned; "… are expected to address …" says it in its infinitive
        planned_thing = grammar.subject(verb) if grammar.is_passive(verb) and grammar.content_verb(verb) is verb \
            and verb.lower_ in _passive_plans(reader) else None
        if planned_thing is not None and planned_thing.pos_ != "PRON":
            # "For 2019, a regional evaluation of the cash programme is planned": what is planned, not "Plan"
            words = list(grammar.noun_phrase(planned_thing))
            while len(words) > 1 and words[0].dep_ in ("det", "poss"):
                words = words[1:]
            title = grammar.words([t for p in grammar.shorten([words], _TITLE_LENGTH) for t in p])
        # a title never leaves out the word that denies its verb: "did not complete the study" is no
        # study completed, and the title says "Did not complete …" with the auxiliaries it needs
        denied = [*grammar.negations(verb), *(grammar.negations(content) if content is not verb else [])]
        head = _head(content, planned)
        if denied and title.startswith(head):
            denial = sorted({t.i: t for t in [*grammar.auxiliaries(verb), *denied]
                             if t.i < content.i and t.lower_ != "to"}.values(), key=lambda t: t.i)
            title = f"{grammar.words(denial)} {content.text}{title[len(head):]}"
        subject = _shown_subject(verb, content, planned, reader)
        if adverb:  # the time adverb put in a date's place is no word of the subject either
            subject = re.sub(r"^Then\s+", "", subject)
        room = _TITLE_LENGTH + _SUBJECT_ROOM - 1 - len(subject)
        if subject and len(title) > room and grammar.subject_is_done(verb):
            # without its subject the title would not say what was done: its predicate is shortened instead
            title = _predicate_words(doc, content, planned, part, reader, room)
        if subject and len(title) <= room:
            modal = [] if denied or not planned else [a.text for a in _modals(verb)]
            # the passive's and the perfect's auxiliaries ("5,000 more will have been trained")
            helpers = [] if denied else [a.text for a in grammar.auxiliaries(verb)
                                         if a.dep_ == "auxpass" or a.lemma_ == "have"]
            if modal and title.startswith(head):  # after its modal, the verb as written ("will be published")
                title = content.text + title[len(head):]
            title = " ".join([subject, *modal, *helpers, title])
    title = _requoted(_balanced(_NOTE_MARK.sub("", _clean(title))), text)
    if title.count('"') % 2 or title.count("“") != title.count("”"):
        title = re.split(r"\s[\"“]", title)[0]  # a quotation cut in half is left out
    names = _named_titles(part, reader)
    if len(title) > _TITLE_LENGTH:  # too long with a named title whole: the title without its subtitle
        for name in sorted((n for n in names if ": " in n), key=len, reverse=True):
            title = title.replace(name, name.split(": ")[0])
        title = re.sub(r"([\"“][^\"“”:]+): [^\"“”]+([\"”])", r"\1\2", title)
        names = [n.split(": ")[0] for n in names]
    title = _within(_quoted(title.strip(" ,;:.-–\"“”"), names))
    return (title[0].upper() + title[1:]) if title else "Item to name"


def _within(title: str) -> str:
    """A title cut at a word to the length the data allows, marked as cut."""
    return title if len(title) <= MAX_TITLE else title[:MAX_TITLE - 2].rsplit(" ", 1)[0] + " …"


def _passive_plans(reader: Reader) -> set[str]:
    """The participles `statuses.planned` says a plan with in the passive ("is planned", "are
    scheduled for", "postponed to"): their subject is what is planned."""
    return {m.group(1).lower() for cue in reader.rules.statuses.planned
            if (m := re.fullmatch(r"(?:is|are)\s+(\w+)(?:\s+(?:for|to))?", cue)
                or re.fullmatch(r"(\w+ed)\s+(?:for|to|until)", cue))}  # "was postponed to 2019"


def _requoted(title: str, text: str) -> str:
    """A title with the quotation marks of a quotation it holds whole, where the parse left one
    of them out ("Supported Positive Women on the Move”, a network …")."""
    for m in re.finditer(r"([\"“])([^\"“”]+)([\"”])", text):
        at = title.find(m.group(2))
        if at < 0:
            continue
        end = at + len(m.group(2))
        opened, closed = title[at - 1:at] in ('"', "“"), title[end:end + 1] in ('"', "”")
        if opened and not closed:
            title = title[:end] + m.group(3) + title[end:]
        elif closed and not opened:
            title = title[:at] + m.group(1) + title[at:]
    return title


def _predicate_words(doc, content, planned: bool, part: Part, reader: Reader, limit: int) -> str:
    """A title's predicate, as whole phrases that fit in `limit` characters where they can, with a
    title the paper sets in italics whole and the commas the text puts between its words."""
    phrases = grammar.shorten(grammar.predicate(content), limit)
    tokens = [t for p in phrases for t in p]
    titles = _titles_of(part.paragraph) if part.paragraph is not None else []
    for at in (m.start() for t in titles for m in re.finditer(re.escape(t), doc.text)):
        span = doc.char_span(at, at + len(next(t for t in titles if doc.text.startswith(t, at))),
                             alignment_mode="expand")
        if span is not None and any(t.i in {k.i for k in tokens} for t in span):  # a title is one name: whole
            comma = [doc[span.start - 1]] if span.start and doc[span.start - 1].text == "," else []
            tokens = sorted({t.i: t for t in [*tokens, *span, *comma]}.values(), key=lambda t: t.i)  # ", Title" too
    commas = [c for c in content.children if c.text == "," and c.i > content.i]
    parenthetical = len(commas) == 1 and commas[0].i == content.i + 1
    # a comma between two words the title keeps is the text's (", the subject of …", ", among them …"),
    # though the parse hangs it on a word the title leaves out; not the two of a parenthetical
    # right after the verb, which the title reads without ("convene, with IOM, the first review")
    kept = {t.i for t in tokens}
    pair = [t.i for t in doc[content.i + 1:] if t.text == ","][:2] if doc[content.i + 1:content.i + 2].text == "," else []
    tokens = sorted([*tokens, *(t for t in doc if t.text == "," and t.i not in kept and t.i - 1 in kept
                                and t.i + 1 in kept and t.i not in pair)], key=lambda t: t.i)
    if parenthetical:
        # a parenthetical opens on the verb's comma, which the title leaves out, and the parse gave
        # its closing comma to a phrase ("will convene, with IOM, the first review"): that one goes too
        closing = next((t for t in tokens if t.text == "," and t.i > content.i), None)
        tokens = [t for t in tokens if closing is None or t.i != closing.i]
    tokens = grammar.whole_clauses(tokens)
    # an "and" whose second half the title leaves out ("in camps and | indicator 5.2 became"), or a
    # word that announces a list the title does not hold ("took part in several events, including:")
    while len(tokens) > 1 and (tokens[-1].pos_ == "CCONJ" or tokens[-1].is_punct or (
            tokens[-1].dep_ == "prep" and all(c.is_punct for c in tokens[-1].children))):
        tokens = tokens[:-1]
    # a phrase of support whose partner the title leaves out ("…, in cooperation" of "in cooperation
    # with JIPS"): it says nothing without the partner, so it goes with its comma
    support = set(reader.rules.partners.support_nouns)
    last = tokens[-1] if tokens else None
    if last is not None and last.lemma_.lower() in support and last.head.dep_ == "prep" and last.head in tokens and any(
            c.dep_ == "prep" and c not in tokens for c in last.children):
        tokens = [t for t in tokens if t.i < last.head.i]
        while len(tokens) > 1 and tokens[-1].is_punct:
            tokens = tokens[:-1]
    head = _head(content, planned)
    title = grammar.words(tokens)
    if tokens and tokens[0] == content:
        title = head + title[len(content.text):]
    return title


def _head(content, planned: bool) -> str:
    """The verb a title opens on: a plan's in its base form ("Extend …"), work done's as written."""
    return content.lemma_ if planned and content.tag_ != "VB" and content.lemma_ else content.text


def _shown_subject(verb, content, planned: bool, reader: Reader) -> str:
    """The subject a title of work done names, where it is not the agency ("The CMW was briefed
    …", "The sub-window … became available …"), else "". Too long beside the shortest its
    predicate can be, it is shortened as a predicate is, by whole phrases after its noun (a name
    by its acronym)."""
    who = grammar.subject(verb)
    if who is None or who.pos_ == "PRON" or (planned and (content is not verb or not _modals(verb))):
        return ""  # a plan says whose it is only by its modal ("The forum will take place …")
    if any(c.dep_ == "poss" and c.lower_ in ("our", "my") for c in who.children):
        return ""  # "Our country office in Colombia trained …", a letter's "my Office": the agency's own, as the agency is not named
    others = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c != who] + \
        [c for c in who.children if c.dep_ == "appos"] + list(who.conjuncts) + grammar.hidden_conjuncts(who)
    # "WFP and FAO trained …", "The Intergovernmental Authority on Development and FAO held …": the agency's too
    phrase = grammar.noun_phrase(who)
    # what was done to the agency's work is said of it ("The programme will be extended to Ghana",
    # not "Extend to Ghana"); the agency that did the work is not named
    done_to_its_work = who.dep_ == "nsubjpass" and who.lemma_.lower() in reader.rules.country_roles.doers
    if any(reader.is_actor(grammar.noun_phrase(c).text) for c in others) or (
            reader.is_actor(phrase.text) and not done_to_its_work):
        return ""  # "On 16 June, the International Day of …, IFAD called": the parse's subject is the date's name
    if phrase.start > 1 and phrase.doc[phrase.start - 1].text == "," and any(c.dep_ == "conj" for c in who.children):
        before = phrase.doc[phrase.start - 2]
        if any(reader.is_actor(phrase.doc[k:before.i + 1].text) for k in range(grammar.noun_phrase(before).start, before.i + 1)):
            return ""  # "In January 2018 UNHCR, UNFPA and the WRC published": the parse hangs the first of the list on the date
    if (whole := grammar.whole_subject(verb, who)) is not None:  # "The report Food Security and Emigration was published"
        return whole.text
    least = grammar.words([t for p in grammar.shorten(grammar.predicate(content), 0) for t in p])
    inside = range(phrase.start, phrase.end)
    parts = [[t for t in phrase if t.i <= who.i],
             *[[t for t in c.subtree if t.i in inside] for c in who.children if c.i > who.i and c.i in inside]]
    return grammar.words([t for p in grammar.shorten(parts, _TITLE_LENGTH + _SUBJECT_ROOM - 1 - len(least))
                          for t in p])


def _where_it_took_place(place: str, rest: str) -> str:
    """An element labelled with the country its work took place in ("Guatemala: trained 200 nurses
    …"), as a sentence that says so ("In Guatemala, trained 200 nurses …")."""
    return f"In {place}, {rest.lstrip()}"


def _names_column(name: str, words: list[str]) -> bool:
    """Whether a column's name (lower case) holds one of the words ("Date of the event", "Countries")."""
    return any(word in name for word in words)


def _named_again(title: str, others: list[str]) -> bool:
    """A product's or event's title that is only the noun another of the item's titles is named by
    ("Study" beside "Study on rural migration", "Dialogue" beside "Regional dialogue on …"): the
    same thing, named again by "the study" of a sentence on what became of it."""
    word = title.strip().lower()
    return " " not in word and any(other.lower() != word and word in re.split(r"\s+(?:of|on|for|about|in|with)\s+",
                                                                              other.lower())[0].split()
                                   for other in others)


def _modals(verb) -> list:
    """The modal auxiliaries that make a verb a plan ("will", "would", "shall")."""
    return [a for a in grammar.auxiliaries(verb) if a.tag_ == "MD"]


def _main_clause(text: str, reader: Reader):
    """For a sentence the pipeline parses without a main verb ("Under the project, funded by the EU,
    the agency trained …" read as a noun phrase): the sentence read again without the phrases
    between its commas that hide the main clause, the fewest first (a phrase fronted to it, a
    relative clause after its subject); None where no reading gives a verb in a tense with its
    subject. The phrase after the last comma always stays, and at most _HIDING_PHRASES phrases in a row
    go, so that a sentence of many commas is read a number of times that grows with its commas, not
    with their square."""
    pieces = text.split(", ")
    for size in range(1, min(len(pieces), _HIDING_PHRASES + 1)):
        for first in range(len(pieces) - size):
            before, after = ", ".join(pieces[:first]), ", ".join(pieces[first + size:])
            # a fronted phrase left out: a time adverb in its place, which the pipeline parses as it
            # does any fronted phrase ("Then the agency trained …", not "the agency | trained staff")
            doc = reader.parse(f"{before} {after}" if before else f"Then {after}")
            if not before and len(doc) > 1 and doc[1].tag_ in ("WDT", "WP", "WRB"):
                continue  # a relative clause is not the main one ("which UNFPA leads")
            verbs = [v for s in doc.sents for v in grammar.main_verbs(s)]
            who = grammar.subject(verbs[0]) if verbs else None
            # the clause opens the reading: its subject is its first phrase
            opens = who is not None and grammar.noun_phrase(who)[0].i == (0 if before else 1)
            if opens and who.i < verbs[0].i and grammar.tense(verbs[0]) != "none":
                return doc
    return None


def _titles_of(paragraph: Paragraph) -> list[str]:
    """The titles a paragraph names: in italics, or in quotation marks where plain text marks them."""
    return [*paragraph.italic, *(t for t in quoted_titles(paragraph.text) if t not in paragraph.italic)]


def _goes_on(lead: str) -> bool:
    """Whether a list's element goes on its lead-in's clause ("UNDP will" and "present its strategy"),
    not after a lead-in that names what its list holds or is a whole clause (`_WHOLE_LEAD`)."""
    return bool(lead) and not lead.rstrip().endswith(":") and not _WHOLE_LEAD.search(lead.rstrip(" :"))


def _named_titles(part: Part, reader: Reader) -> list[str]:
    """The titles a part's paragraph sets in italics whose words do not say what the work is (no
    product noun): "Uprooted: …", not "the Global Report on …", which reads as a name as it is."""
    italic = _titles_of(part.paragraph) if part.paragraph is not None else []
    return [t for t in italic if not reader.patterns["product_nouns"].search(t)]


def _quoted(text: str, titles: list[str]) -> str:
    """The text with each of `titles` in quotation marks, as plain text marks a title."""
    for title in sorted(set(titles), key=len, reverse=True):
        text = re.sub(rf'(?<![\w"“]){re.escape(title)}(?![\w"”])', lambda m: f'"{m.group(0)}"', text)
    return text


def _led_by_a_date(doc, start: int) -> bool:
    """Whether the pipeline read a date fronted to the sentence (ending at `start`) as the
    sentence's head or part of its subject ("From 6 to 8 November 2017 ESCAP organized …" with no
    main verb, "Since 2015 UNDP has led" with the subject "2015 UNDP")."""
    sentence = next(iter(doc.sents), None)
    verbs = grammar.main_verbs(sentence) if sentence is not None else []
    if not verbs:
        return True
    who = grammar.subject(verbs[0])
    return who is not None and grammar.noun_phrase(who)[0].idx < doc[0].idx + start


def _balanced(text: str) -> str:
    """A bracket the title opens and does not close: closed after an abbreviation ("(GFMD"),
    else left out with what follows it; one it closes and does not open is left out."""
    while text.count(")") > text.count("(") and ")" in text:  # a bracket whose opening was left out
        text = text[::-1].replace(")", "", 1)[::-1].rstrip()
    opened = text.rfind("(")
    if opened < 0 or text.count("(") == text.count(")"):
        return text
    inside = text[opened + 1:].strip()
    return f"{text})" if len(inside.split()) <= 3 and inside else text[:opened].rstrip()


def _slug(title: str, taken: set[str]) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", title.lower().replace("’", "").replace("'", "")) if w not in _STOP]
    base = "-".join(words[:_ID_WORDS]) or "item"
    if not base[0].isalpha():  # "2", "2016-report": YAML would read a number, and an id is a name
        base = f"item-{base}"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _kind_of_event(kind: str) -> tuple[str, str]:
    return {"briefing": "briefing", "submission": "submission", "address": "statement"}.get(kind, "event"), ""


# Line and paragraph separators, other line breaks and control characters: valid in a source's
# text, but in a title, a summary or a comment they would break the line the YAML is written on.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _clean(text: str, limit: int = MAX_TEXT) -> str:
    """Text as one line, within `limit` characters (cut at a word, marked with an ellipsis)."""
    text = " ".join(_BREAKS.sub(" ", str(text)).split())
    return text if len(text) <= limit else text[:limit - 2].rsplit(" ", 1)[0] + " …"


def _q(value: str) -> str:
    """A value for a flow list or mapping: always double-quoted (JSON strings are YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def _words(words: str) -> str:
    words = _clean(words, 500)
    return json.dumps(textwrap.shorten(words, 70, placeholder=" …"), ensure_ascii=False)


def _text_field(name: str, value: str, indent: str) -> str:
    """`name: value` as the hand-written files have it, written by the YAML library: on one line,
    or folded when long."""
    value = _clean(value)
    line = yaml_entry(name, value, indent)
    return line if len(line) <= 16 + _TITLE_LENGTH and line.count("\n") == 1 else yaml_entry(name, value, indent, folded=True)


def _block(fields: list[tuple[str, str]], note: str) -> str:
    """One entry of a list of mappings, a field a line, the note on its first line."""
    out = []
    for i, (name, value) in enumerate(fields):
        indent = "      - " if i == 0 else "        "
        text = _text_field(name, value, "") if name == "title" else f"{name}: {value}\n"
        first, _, rest = text.partition("\n")
        out.append(f"{indent}{first}" + (f"  # {note}" if i == 0 else "") + "\n"
                   + "".join(f"        {line}\n" if not line.startswith("  ") else f"{' ' * 8}{line}\n"
                             for line in rest.splitlines()))
    return "".join(out)


def _product(product: Product, pid: str) -> str:
    fields = [("title", product.title), ("scope", product.scope or "global")]
    if product.count:
        fields.append(("count", str(product.count)))
    fields.append(("source", f"[{pid}]"))
    note = _words(product.words) + ("" if product.scope else "; the text gives no scope: check it")
    return _block(fields, note)


def _event(event: Event, source: list[str]) -> str:
    fields = [("kind", event.kind), ("title", event.title), ("date", event.date)]
    if event.number is not None:
        fields.append(("number", str(event.number)))
    if event.mechanism:
        fields.append(("mechanism", event.mechanism))
    if event.session is not None:
        fields.append(("session", str(event.session)))
    if event.place:
        fields.append(("place", event.place))
    fields.append(("source", f"[{', '.join(source)}]"))
    return _block(fields, _words(event.words))


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _casing(texts) -> dict[str, str]:
    """How the paper writes each word in running text, to case a heading written in capitals."""
    seen: dict[str, dict[str, int]] = {}
    for text in texts:
        for word in re.findall(r"[\w’'-]+", text):
            seen.setdefault(word.lower(), {}).setdefault(word, 0)
            seen[word.lower()][word] += 1
    return {lower: max(forms, key=lambda f: (forms[f], f)) for lower, forms in seen.items()}


def _cased(text: str, casing: dict[str, str]) -> str:
    """'THE IMPLEMENTATION OF THE NEW YORK DECLARATION' -> 'the implementation of the New York
    Declaration': each word as the paper writes it elsewhere, or in lower case."""
    if text != text.upper():
        return text.strip()
    return re.sub(r"[\w’'-]+", lambda m: casing.get(m.group(0).lower(), m.group(0).lower()), text).strip()


# --- the file ------------------------------------------------------------------------------------

def _respelled(title: str, spelled: dict[str, str]) -> str:
    """A title the import cased from capitals, each word it wrote with one capital ("Unfpa") as the
    paper or the reference tables spell it ("UNFPA")."""
    return re.sub(r"[\w’'-]+", lambda m: spelled.get(m.group(0).lower(), m.group(0))
                  if m.group(0) == m.group(0).capitalize() else m.group(0), title)


def _header(agency, year: int, name: str, source: SourceText, draft: Draft, abbreviations: list[str]) -> str:
    front = [p for p in source.paragraphs if p.section == FRONT_MATTER]
    # the paper's running text spells its words, and the agencies' abbreviations are spelled as they are
    spelled = {**{a.lower(): a for a in abbreviations},
               **spellings([p.text for p in source.paragraphs if p.section != FRONT_MATTER and p.kind != "heading"])}
    meeting, front_ids = read_meeting(front, spelled)
    title = meeting.title or _respelled(source.title, spelled)
    original = ", ".join(x for x in (agency.abbreviation, title, meeting.place, meeting.dates) if x)
    missing = [f for f in ("name", "short_name", "organizer", "place", "start", "end") if not getattr(meeting, f)]
    about = (f"{agency.abbreviation}'s contribution to the {meeting.name or 'meeting'} ({year}), drafted by "
             f"`briefs draft` from data/sources/{name}.yaml. Every item is a draft (`draft: true`) with the "
             "words and paragraphs it rests on in comments: check each against the paper, rewrite its title "
             "and summary in your own words, keep or delete what it proposes, turn the suggested targets you "
             "agree with into `analyst` links with a reason, then delete its `draft: true`. No brief is built "
             "from a draft. `make validate` counts what is left; data/README.md describes every field.")
    out = ["# yaml-language-server: $schema=../../schema/contribution.schema.json\n", "#\n",
           *(f"# {line}\n" for line in textwrap.wrap(about, 96, break_on_hyphens=False)), "\n",
           f"agency: {agency.code}\n", f"year: {year}\n", _text_field("title", title, ""), "meeting:\n"]
    if missing:
        out.append(f"  draft: true  # not found in the paper's front matter: {', '.join(missing)}; fill them in, "
                   "then delete this line\n")
    placeholder = "(not in the paper: fill in)"
    for field_name in ("name", "short_name", "organizer", "place"):
        out.append(_text_field(field_name, getattr(meeting, field_name) or placeholder, "  "))
    out.append(f"  start: {meeting.start or year}\n")
    out.append(f"  end: {meeting.end or year}\n")
    out.append(f"  source: [{', '.join(front_ids) or source.paragraphs[0].id}]\n")
    out += ["source:\n", f"  text: sources/{name}.yaml\n", yaml_entry("original", original, "  ", folded=True)]
    if draft.disclaimers:
        out.append(f"disclaimer: [{', '.join(pid for pid, _ in draft.disclaimers)}]  # "
                   + "; ".join(_words(words) for _, words in draft.disclaimers) + "\n")
    if draft.statements:
        out.append("sdg_statements:  # what the paper says a year's work as a whole supports\n")
        for statement_year, codes, ids, words in draft.statements:
            out.append(f"  - year: {statement_year}  # {_words(words)}\n"
                       f"    codes: [{', '.join(map(_q, codes))}]\n    source: [{', '.join(ids)}]\n")
    if draft.unknown_codes:
        out.append("# The paper names SDG codes the reference tables do not have (left out): "
                   + ", ".join(f"{code} (¶ {pid})" for code, pid in draft.unknown_codes) + "\n")
    if draft.framing:
        out.append("framing:  # the frame a heading puts the year's work in, in its words\n")
        for frame_year, frame, pid in draft.framing:
            out.append(f"  - year: {frame_year}\n{_text_field('frame', frame, '    ')}    source: [{pid}]\n")
    out.append("\nitems:\n")
    return "".join(out)


@dataclass
class Kept:
    """What a person confirmed in an existing file: its text up to its `items:` line and its
    confirmed items, word for word, with the paragraphs they cite and their ids."""

    header: str
    items: list[str]
    cited: set[str]
    ids: set[str]
    after: str = ""  # what a person wrote after the items (key_messages, not_said …), word for word
    source: str = ""  # the source text the file cites (`source.text`), which its items' paragraphs are of


def _kept(path: Path, root: Path | None) -> Kept:
    from migration_briefs.model.yaml_source import YAMLProblem, read_yaml
    try:
        doc = read_yaml(path, root)
    except YAMLProblem as exc:
        raise ScaffoldError(f"{exc.problem}; fix it (or move the file away) before drafting it again.") from None
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    data = doc.data if isinstance(doc.data, dict) else {}
    items = data.get("items") if isinstance(data.get("items"), list) else []
    items_line = next((i for i, line in enumerate(lines) if re.match(r"items\s*:", line)), None)
    if items_line is None:
        raise ScaffoldError(f"{paths.relative_to_root(path, root)} has no `items:` line to draft under; "
                            "move the file away and draft it afresh.")
    starts = []  # the line of each item's "- ", counted from 0
    for i in range(len(items)):
        start = (doc.line_of(("items", i)) or 1) - 1
        while start > items_line + 1 and not lines[start].lstrip().startswith("-"):
            start -= 1
        starts.append(start)
    # the items end where the next top-level key starts (with the comments and blank lines right
    # above it): what a person wrote after them stays as it is
    end = next((i for i in range(items_line + 1, len(lines)) if re.match(r"[A-Za-z_][\w-]*\s*:", lines[i])),
               len(lines))
    while end > items_line + 1 and end - 1 > (starts[-1] if starts else items_line) and (
            not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    # each item's block runs from where the one before it ends, so that the comments and blank
    # lines between items stay with the item after them, and a confirmed file comes back unchanged
    bounds = [items_line + 1, *starts[1:], end]
    kept, cited, ids = [], set(), set()
    for i, item in enumerate(items):
        if not isinstance(item, dict) or item.get("draft") is True:
            continue
        kept.append("".join(lines[bounds[i]:bounds[i + 1]]))
        cited.update(str(p) for p in item.get("source", []) if isinstance(item.get("source"), list))
        ids.add(str(item.get("id")))
    cites = data.get("source") if isinstance(data.get("source"), dict) else {}
    return Kept("".join(lines[:items_line + 1]), kept, cited, ids, "".join(lines[end:]), str(cites.get("text") or ""))


def draft_text(agency: str, year: int, source_name: str, root: Path | None = None,
               existing: Path | None = None) -> tuple[str, int]:
    """The drafted file's text and the number of draft items in it."""
    reference = load_reference(Project.at(root))
    written = [a.code for a in reference.agencies.values()
               if agency.strip().lower() in {a.code, a.abbreviation.lower(), a.name.lower(), *(x.lower() for x in a.aliases)}]
    if agency not in reference.agencies and written:  # "UNAIDS", "UN Women": the code is written otherwise
        raise ScaffoldError(f"The agency {agency!r} is {written[0]!r} in data/reference/agencies.yaml: run this "
                            f"command again with --agency {written[0]}.")
    if agency not in reference.agencies:
        import difflib
        close = difflib.get_close_matches(agency, sorted(reference.agencies), n=3, cutoff=0.4)
        known = ", ".join(close) if close else ", ".join(sorted(reference.agencies))
        slug = re.sub(r"[^a-z0-9]+", "-", agency.lower()).strip("-") or "agency-code"
        raise ScaffoldError(
            f"The agency {agency!r} is not in data/reference/agencies.yaml (closest known: {known}). "
            f"If it is a new agency, add it under `agencies:` there, e.g.\n"
            f"  - code: {slug}\n    abbreviation: {agency.upper()}\n    name: <the agency's full name>\n"
            f"then run this command again with --agency {slug}.")
    source = load_source_text(source_name, root)
    name = source_name.removeprefix("sources/").removesuffix(".yaml")
    try:
        drafter = Drafter(source, agency, year, root)
    except DataValidationError as exc:
        raise ScaffoldError(f"The tables the drafter reads do not validate: {exc.problems[0]}; fix them "
                            "(`make validate` lists every problem).") from exc
    draft = drafter.read()
    kept = _kept(existing, root) if existing is not None else None
    if kept and kept.source and kept.source != f"sources/{name}.yaml":
        # the kept header and items cite the other source's paragraphs: new items would cite this one's
        raise ScaffoldError(f"{paths.relative_to_root(existing, root)} was drafted from {kept.source}, not "
                            f"sources/{name}.yaml; its items cite that text's paragraphs. Draft again with "
                            f"--source {kept.source.removeprefix('sources/').removesuffix('.yaml')}, or move the "
                            "file away to draft this source afresh.")
    taken = set(kept.ids) if kept else set()
    blocks = []
    for unit in draft.units:
        if kept and set(unit.cited()) <= kept.cited:
            continue  # a person has confirmed items on these paragraphs
        block, _ = drafter.item(unit, taken)
        blocks.append(block)
    if kept:
        confirmed = "".join(kept.items)
        text = kept.header + confirmed + ("\n" if confirmed and blocks and not confirmed.endswith("\n\n") else "")
    else:
        text = _header(reference.agencies[agency], year, name, source, draft,
                       [a.abbreviation for a in reference.agencies.values()])
    text += "\n".join(blocks)
    if kept and kept.after:
        text = text.rstrip("\n") + "\n\n" + kept.after.lstrip("\n")
    size = len(text.encode("utf-8"))
    if size > MAX_DATA_FILE_BYTES:
        raise ScaffoldError(f"The draft would take {size / 2**20:.1f} MB, more than the "
                            f"{MAX_DATA_FILE_BYTES // 2**20} MB a data file may hold (`make validate` would refuse "
                            "it); import the paper in parts, one per meeting or chapter, and draft each.")
    _check(text)
    return text, len(blocks)


def _check(text: str) -> None:
    """The drafted file is valid data: it parses to a contribution the model accepts. Anything
    else is a fault of the drafter, reported in one sentence with what to do, never a traceback."""
    import yaml
    from pydantic import ValidationError

    from migration_briefs.model.yaml_source import _PlainLoader
    try:
        data = yaml.load(text, Loader=_PlainLoader)  # noqa: S506 - the project's safe loader
        Contribution.model_validate(data)
    except (yaml.YAMLError, ValidationError) as exc:
        where = ""
        if isinstance(exc, ValidationError) and exc.errors():
            error = exc.errors()[0]
            where = f" ({'.'.join(map(str, error['loc']))}: {error['msg']})"
        raise ScaffoldError(f"The draft would not be valid data{where}; this is a fault of `briefs draft`, "
                            "not of the paper: please report it with the source file.") from None


def draft(agency: str, year: int, source_name: str, root: Path | None = None, force: bool = False) -> tuple[Path, int]:
    """Write data/contributions/<agency>/<year>.yaml drafted from its source; ScaffoldError with
    one sentence if anything stands in the way. Returns the path and the number of draft items."""
    data_dir = Project.at(root).data_dir
    if not isinstance(year, int) or not 1900 <= year <= 2100:
        raise ScaffoldError(f"--meeting {year!r} is not a four-digit year such as 2018 (the year of the meeting).")
    try:
        load_reference(Project.at(root))
    except DataValidationError as exc:
        raise ScaffoldError("The reference tables do not validate; run `make validate` first.") from exc
    target = data_dir / "contributions" / agency / f"{year}.yaml"
    exists = target.exists() and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", agency) is not None
    if exists and not force:
        raise ScaffoldError(f"{paths.relative_to_root(target, root)} already exists; `briefs draft` never "
                            "overwrites a file: add --force to draft it again, keeping every item you confirmed "
                            "(those without `draft: true`) and the fields above `items:`.")
    text, count = draft_text(agency, year, source_name, root, existing=target if exists else None)
    write_atomic(target, text.encode("utf-8"))
    return target, count
