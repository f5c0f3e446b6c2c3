"""What a sentence of a paper names: SDG goals and targets, mechanisms, countries, partners,
dates, sessions, events and products, each with the words it rests on.

The words come from the reference tables (mechanisms.yaml, agencies.yaml, countries.csv,
country_names.csv, drafting.yaml); the code here only knows the shapes of English phrases (a
number before a noun, a list after "at", a name in parentheses). `briefs draft` (draft.py) turns
the mentions into a draft contribution.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

from migration_briefs.dates import MONTH_NUMBERS, MONTHS
from migration_briefs.errors import DataValidationError, Problem
from migration_briefs.model.reference import Drafting, Reference
from migration_briefs.numbers import NUMBER, number_in_words
from migration_briefs.sources import grammar

_MONTH_NAMES = "|".join([*MONTHS, "Sept"])


def cue_pattern(cues: list[str]) -> re.Pattern:
    """One pattern for a list of cues: whole words, any case, longest first; a cue ending in '*'
    matches any ending, and a cue starting with '-' attaches to the word before it."""
    parts = []
    for cue in sorted(set(cues), key=lambda c: (-len(c), c)):
        stem = re.escape(cue.rstrip("*")).replace(r"\ ", r"\s+")
        tail = r"[\w-]*" if cue.endswith("*") else r"(?![\w])"
        head = "" if not cue[:1].isalnum() else r"(?<![\w-])"  # "-funded", "'s work" attach to the word before
        parts.append(f"{head}{stem}{tail}")
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """Something a sentence names: its value and the words that name it."""

    value: object
    words: str
    start: int = 0


# --- dates ---------------------------------------------------------------------------------------

_DATE = re.compile(
    # a day may be an ordinal ("8th March 2017", "the 8th of March", "March 8th, 2017")
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and)\s*(?P<d1b>\d{{1,2}})(?:st|nd|rd|th)?)?\s+(?:of\s+)?"
    rf"(?P<m1>{_MONTH_NAMES})(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<m2>{_MONTH_NAMES})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–)\s*\d{{1,2}})?(?:,\s+|\s+)(?P<y2>\d{{4}})"
    rf"|(?P<m3>{_MONTH_NAMES})\s+(?P<y3>\d{{4}})"
    rf"|(?P<m4>{_MONTH_NAMES})\s+(?P<d4>\d{{1,2}})\b"
    # "in April and September 2018": each month of a list takes the year said once at its end
    rf"|(?P<m5>{_MONTH_NAMES})(?=(?:\s*,\s*(?:{_MONTH_NAMES}))*,?\s+and\s+(?:{_MONTH_NAMES})\s+(?P<y5>\d{{4}})\b))")


def dates(text: str, year: int | None) -> list[Mention]:
    """Dates at the precision the text gives: '17 February 2017' -> '2017-02-17', 'August 2016'
    -> '2016-08', '17 February' (in a section on 2017) -> '2017-02-17'; a range gives its first day."""
    found = []
    for m in _DATE.finditer(text):
        g = m.groupdict()
        month = MONTH_NUMBERS[(g["m1"] or g["m2"] or g["m3"] or g["m4"] or g["m5"]).lower()]
        day = g["d1"] or g["d2"] or g["d4"]
        y = g["y1"] or g["y2"] or g["y3"] or g["y5"] or (str(year) if year else None)
        if y is None:
            continue
        value = f"{int(y):04d}-{month:02d}" + (f"-{int(day):02d}" if day else "")
        found.append(Mention(value, m.group(0), m.start()))
    return found


_YEAR = re.compile(r"(?<![\d.])(19[5-9]\d|20\d\d)(?![\d.])")


def years(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]


# --- SDG goals and targets -----------------------------------------------------------------------

_GOAL_WORDS = "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|" \
              "sixteen|seventeen|\\d{1,2})"
_TARGET_CODE = r"\d{1,2}\.(?:\d{1,2}|[a-z])(?![\d])"
_TARGET_WORDS = rf"(?:{_TARGET_CODE}|{_GOAL_WORDS}\s+point\s+(?:{_GOAL_WORDS}|[a-c]))"
_LIST = r"(?:\s*(?:,|,?\s+and|,?\s+or|&|/)\s*(?:{x}))*"  # "targets 5.2/5.3" too
# "SDG 8.7" is a target, before "SDG 8" can be read as a goal; and a goal's number is never the
# start of a target's code ("SDGs 5 and 8.7": goal 5, then target 8.7 as a bare code)
_SDG = re.compile(
    rf"\b(?P<tkind>targets?)\s+(?P<targets>{_TARGET_WORDS}{_LIST.format(x=_TARGET_WORDS)})"
    rf"|\b(?:SDG|Target|Goal)(?:\s*|-)(?P<single>{_TARGET_CODE})"
    rf"|\b(?P<gkind>(?:Sustainable\s+Development\s+Goals?|SDGs?|Goals?))(?:\s*|-)(?P<goals>{_GOAL_WORDS}"
    rf"{_LIST.format(x=_GOAL_WORDS)})\b(?!\.\d)",
    re.IGNORECASE)


def _code(text: str) -> str:
    text = text.strip().lower()
    words = re.fullmatch(rf"({_GOAL_WORDS})\s+point\s+({_GOAL_WORDS}|[a-c])", text, re.IGNORECASE)
    if words:
        goal, part = words.groups()
        part = part if re.fullmatch("[a-c]", part) else str(number_in_words(part))
        return f"{number_in_words(goal)}.{part}"
    return str(number_in_words(text)) if "." not in text else text


def sdg_codes(text: str) -> list[Mention]:
    """Every goal and target the text names: 'Goal 5', 'SDG 8', 'SDG-10', 'Sustainable Development
    Goal 10', 'Goals 5, 8 and 10', 'target 10.7', 'targets 8.8 and 10.7', 'targets 5.2/5.3', 'target
    ten point seven'."""
    found = []
    for m in _SDG.finditer(text):
        if m.group("targets"):
            items = re.split(r"\s*(?:,|\band\b|\bor\b|&|/)\s*", m.group("targets"))
        elif m.group("goals"):
            if m.group("gkind").lower().startswith("goal") and not m.group("gkind")[0].isupper() \
                    and not m.group("goals").strip()[0].isdigit():
                continue  # "the goal two of us share" is not an SDG
            items = re.split(r"\s*(?:,|\band\b|\bor\b|&|/)\s*", m.group("goals"))
        else:
            items = [m.group("single")]
        for item in items:
            if item.strip():
                found.append(Mention(_code(item), m.group(0), m.start()))
    if _SDG_CONTEXT.search(text):  # "contributed to 10.7 and 10.c, the two targets of the 2030 Agenda"
        named = {m.start for m in found}
        for m in _BARE_TARGET.finditer(text):
            if not any(abs(m.start() - start) < 40 for start in named):
                found.append(Mention(m.group(1), m.group(0), m.start()))
        found.sort(key=lambda m: m.start)
    return found


# Work over a span of years ("between 2016 and 2018", "from 2016 to 2018"): the year it went on to.
_YEAR_SPAN = re.compile(r"(?:between|from)\s+(?:[\w-]+\s+){0,2}?((?:19|20)\d\d)\s*(?:and|to|until|till|[-–])\s*"
                        r"(?:[\w-]+\s+){0,2}?((?:19|20)\d\d)\b", re.IGNORECASE)
# An indicator's code ("indicator 10.7.2", "indicators 10.7.1 and 10.7.2") names its target.
_INDICATOR_CODE = r"\d{1,2}\.(?:\d{1,2}|[a-c])\.\d{1,2}"
_INDICATORS = re.compile(rf"\bindicators?\s+(?P<codes>{_INDICATOR_CODE}(?:\s*(?:,|\band\b|\bor\b)\s*{_INDICATOR_CODE})*)(?!\d|\.\d)",
                         re.IGNORECASE)
def indicator_targets(text: str) -> list[Mention]:
    """The targets whose indicators the text names ("the basis of SDG indicator 10.7.1"): the paper
    names the indicator, not the target, so the tie is the analyst's to make, first among the
    suggestions."""
    return [Mention(code, m.group(0), m.start()) for m in _INDICATORS.finditer(text)
            for code in re.findall(r"(\d{1,2}\.(?:\d{1,2}|[a-c]))\.\d{1,2}", m.group("codes"))]


# A target written as its bare code counts only in a sentence that speaks of targets or the SDGs,
# and never as part of an indicator's code (10.7.1), a number (10.7 per cent) or a paragraph's.
_SDG_CONTEXT = re.compile(r"\b(?:targets?|SDGs?|Sustainable Development Goals?|2030 Agenda)\b", re.IGNORECASE)
_BARE_TARGET = re.compile(r"(?<![\w.§])(\d{1,2}\.(?:\d{1,2}|[a-c]))(?![\w.]|\s*(?:%|per\s*cent|percent|million|billion))")


def _in_a_name(text: str, match: re.Match) -> bool:
    """Whether words a cue matched, written in capitals, stand inside a longer proper name ("the
    Summit for Refugees and Migrants", "the Domestic Workers Convention"): what the name is about,
    not whom the work concerns."""
    words = match.group(0).split()
    if not all(w[:1].isupper() for w in words if w.lower() not in _NAME_LINKS):
        return False
    before = re.search(r"[A-Z][\w’'-]*\s+(?:(?:" + "|".join(_NAME_LINKS) + r")\s+)+$", text[:match.start()])
    after = re.match(r"\s+[A-Z][a-z]", text[match.end():])
    return bool(before or after)


_NAME_LINKS = ("of", "for", "on", "and", "the", "in", "to")


# --- the reader ----------------------------------------------------------------------------------

@dataclass
class Event:
    kind: str
    title: str
    date: str
    words: str
    number: int | None = None
    mechanism: str | None = None
    session: int | None = None
    place: str | None = None


@dataclass
class Product:
    title: str
    scope: str | None
    count: int | None
    words: str


@dataclass
class CountryMention:
    code: str
    role: str
    words: str
    basis: str


@dataclass
class Reader:
    """Reads sentences by the reference tables; one per draft (it remembers the countries a
    paper named as its pilot countries)."""

    reference: Reference
    drafting: Drafting
    agency: str
    groups_named: dict[str, list[str]] = field(default_factory=dict)
    parse: grammar.Parser = field(default_factory=grammar.Parser)
    acronyms: dict[str, str] = field(default_factory=dict)  # defined by the paper: "MFA" -> its long name
    own_names: list[str] = field(default_factory=list)  # the agency's own bodies the paper names: "FFR", "the Facility"
    own_short_names: dict[str, str] = field(default_factory=dict)  # "the Facility" -> "FFR"
    abbreviated: set[str] = field(default_factory=set)  # organisations the paper calls by their abbreviation most

    @property
    def rules(self):
        return self.drafting.rules

    @cached_property
    def patterns(self) -> dict[str, re.Pattern]:
        r = self.rules
        agency = self.reference.agencies[self.agency]
        actor = cue_pattern([agency.abbreviation, agency.name, *agency.aliases, *r.actors,
                             *(n for n in self.own_names if not n.startswith("the "))]).pattern
        # a full name among the aliases gives short names too ("International Labour Office": "the Office")
        full = [agency.name, *(a for a in agency.aliases if len(a.split()) >= 3)]
        short = sorted({s for n in full for s in self.short_names(n)}) + [
            n.removeprefix("the ") for n in self.own_names if n.startswith("the ")]
        if short:  # "the Bank" is the World Bank Group; "the bank" is any bank
            actor += r"|(?-i:(?<![\w-])[Tt]he\s+(?:" + "|".join(map(re.escape, short)) + r")(?!\w)(?!\s+[A-Z]))"
        return {
            "actor": re.compile(actor, re.IGNORECASE),
            "planned": cue_pattern(r.statuses.planned),
            "outcome": cue_pattern(r.statuses.outcome),
            "planned_values": cue_pattern(r.table_columns.planned_values),
            "result_link": re.compile(r"^\W*(?:" + cue_pattern(r.statuses.result_links).pattern + r")\b", re.I),
            "passive": cue_pattern(r.statuses.passive),
            "year_wide": cue_pattern(r.year_wide),
            "overview": cue_pattern(r.overview),
            "continuation": re.compile(r"^\W*(?:" + cue_pattern(r.continuations).pattern + r")\b", re.I),
            # "The study was also presented …": an addition within the first words of any subject
            "addition_words": re.compile(r"^\W*(?:\w+\W+){1,3}?(?:" + cue_pattern(r.additions).pattern + r")\b", re.I),
            "addition": re.compile(r"^\W*(?:" + cue_pattern(r.continuations).pattern + r")\b\W+(?:\w+\W+){0,2}?(?:"
                                   + cue_pattern(r.additions).pattern + r")\b", re.I),
            "event_verbs": cue_pattern(r.event_verbs),
            "event_time": re.compile(r"\b(?:" + cue_pattern(r.event_time_prepositions).pattern + r")\s*$", re.IGNORECASE),
            "held_meetings": cue_pattern(r.held_meetings),
            "product_verbs": cue_pattern(r.products.verbs),
            "product_nouns": cue_pattern(r.products.nouns),
            "umbrellas": cue_pattern(r.products.umbrellas),
            "collections": cue_pattern(r.products.collections),
            "title_links": re.compile(r"\s+(?:" + cue_pattern(r.products.title_links).pattern + r")\s+[^,;:.()]+", re.I),
            "title_ends": re.compile(r"\s+(?:" + cue_pattern(r.products.title_ends).pattern + r")\s", re.I),
            "instrument_before": re.compile(r"(?:" + cue_pattern(r.instrument_context.before).pattern + r")\s+(?:the\s+)?$", re.I),
            "instrument_after": re.compile(r"^(?:\s+and\s+[A-Z]{2,}\w*)?(?:" + cue_pattern(r.instrument_context.after).pattern + r")", re.I),
            "country_groups": cue_pattern(r.country_groups),
            "salutations": re.compile(rf"\W*(?:{cue_pattern(r.salutations).pattern})\b", re.I),
            "closings": re.compile(rf"\W*(?:{cue_pattern(r.closings).pattern})\b", re.I),
            # at the start of a line or sentence
            # a project fiche's label at the start or after a space: "Project: …", "Countries: …"
            "fiche_label": re.compile(r"(?:^|(?<=\s))(" + cue_pattern([
                *r.project_fiches.name, *r.project_fiches.countries, *r.project_fiches.period, *r.project_fiches.work,
                *r.sections.plans, *r.partners.labels]).pattern + r")\s*:\s+", re.I),
            "partner_label": re.compile(rf"(?:^|(?<=[.!?]\s))\W*(?:{cue_pattern(r.partners.labels).pattern})\s*:\s*", re.I),
            "addressed_to_the_reader": cue_pattern(r.addressed_to_the_reader),
            "writer_courtesy": re.compile(r"^\W*(?:" + cue_pattern(r.writer_courtesies).pattern + r")", re.IGNORECASE),
            "called_off": cue_pattern(r.called_off),
            "framework_labels": re.compile(rf"\W*(?:{cue_pattern(r.framework_labels).pattern})(?:\s+[\d.]+)?\s*:", re.I),
        }

    def _cues(self, table: dict[str, list[str]]) -> list[tuple[str, re.Pattern]]:
        return [(code, cue_pattern(cues)) for code, cues in table.items()]

    @cached_property
    def section_cues(self) -> list[tuple[str, re.Pattern]]:
        sections = self.rules.sections
        return [(role, cue_pattern(getattr(sections, role))) for role in
                ("title", "disclaimer", "plans", "lessons", "context", "annex", "summary")]

    @cached_property
    def kind_cues(self):
        return self._cues({code: kind.cues for code, kind in self.rules.item_kinds.items()})

    @cached_property
    def _kind_objects(self) -> list[tuple[str, re.Pattern]]:
        """Per kind, its object cues as one pattern that ends where the noun's words end."""
        return [(code, re.compile(f"(?:{cue_pattern(kind.objects).pattern})$", re.IGNORECASE))
                for code, kind in self.rules.item_kinds.items() if kind.objects]

    @cached_property
    def group_cues(self):
        return self._cues(self.rules.groups)

    @cached_property
    def approach_cues(self):
        return self._cues({code: approach.cues for code, approach in self.rules.mainstreaming.items()})

    @cached_property
    def event_cues(self):
        return self._cues(self.rules.event_kinds)

    @cached_property
    def _where(self) -> re.Pattern:
        return cue_pattern(self.rules.country_roles.where)

    @cached_property
    def role_cues(self):
        roles = self.rules.country_roles
        return [("co-facilitator", cue_pattern(roles.co_facilitator)), ("programme", cue_pattern(roles.programme)),
                ("subject", cue_pattern(roles.subject)), ("representative", cue_pattern(roles.representative)),
                ("donor", cue_pattern(roles.donor))]

    # --- sentences ---------------------------------------------------------------------

    @staticmethod
    def short_names(name: str) -> list[str]:
        """The words of an organisation's name by which a paper may call it after the name, as
        "the Bank" (World Bank Group), "the Organization", "the Office", "the Fund": its words
        in capitals before any word in lower case ("for", "of"), not one in the possessive: "the
        Children" is not the United Nations Children's Fund ("Save the Children"), nor "the Migration"
        the International Organization for Migration. Read only as "the" and the word, capitalised,
        and no capitalised word after it ("the World Bank" is not "the World")."""
        head = re.split(r"\s+(?=[a-z])", name)[0]
        return sorted({m.group(0) for m in re.finditer(r"\b[A-Z][a-z]{2,}\b(?!['’]s)", head)})

    def has_actor(self, text: str) -> bool:
        return bool(self.patterns["actor"].search(text))

    def without_names(self, text: str) -> str:
        """The text without the agency's own names: "UN Women" says who did the work, not what it
        is about, and would rank targets on "women"."""
        return self.patterns["actor"].sub(" ", text)

    def is_actor(self, phrase: str) -> bool:
        """Whether a noun phrase is the agency or its work ("UN Women", "the project"), not
        someone of it ("UN Women's Executive Director")."""
        return bool(self.patterns["actor"].fullmatch(re.sub(r"^(?:the|this|its|our)\s+", "", phrase.strip(),
                                                               flags=re.I)) or self.patterns["actor"].fullmatch(phrase.strip()))

    def status(self, text: str) -> tuple[str | None, str]:
        """'planned' or 'outcome' with the words that say so; None where the main clause says
        neither. A plan's words count as a verb of the main clause only ("the project, which will
        end in 2018, trained …" and "worked on a plan to refer …" report work done); an outcome is a main verb in the active past
        ("increased", "led to"), not the passive ("mechanisms were strengthened to …") nor an
        adjective ("for increased accountability"); so is what a meeting said, a verb of saying in
        the past with the meeting its subject ("The meeting called for …"): what it concluded."""
        doc = self.parse(text)
        for m in self.patterns["planned"].finditer(text):
            token = _token_at(doc, m.start())
            # a verb's words: "plan to" in "worked on a plan to refer …" is a noun, work done on a plan
            if token is not None and grammar.in_main_clause(token) and token.pos_ in ("VERB", "AUX"):
                verb = token if token.pos_ == "VERB" or token.head == token else token.head
                who = grammar.subject(verb) if grammar.is_verb(verb) else None
                if who is not None and any(d.lower_ == "no" for d in who.children):
                    continue  # "no follow-up is planned": no plan
                return "planned", m.group(0)
        main = {t.i for sent in doc.sents for t in grammar.main_verbs(sent)}
        for verb in (doc[i] for i in sorted(main)):  # "Its priorities for 2018 are to (1) …", "Our aim is to …"
            intended = self._intended(verb)
            if intended:
                return "planned", intended
        for verb in (doc[i] for i in sorted(main)):  # "The meeting called for …": what a meeting concluded
            who = grammar.subject(verb)
            if who is not None and who.pos_ in ("NOUN", "PROPN") and not grammar.is_passive(verb) \
                    and grammar.tense(verb) == "past" and any(p.fullmatch(who.text) for _, p in self.event_cues) \
                    and any(grammar.verb_is(verb, cue) for cue in self.rules.saying_verbs):
                return "outcome", f"{who.text} … {verb.text}"
        for m in self.patterns["outcome"].finditer(text):
            token = _token_at(doc, m.start())
            if token is None or token.i not in main or grammar.is_passive(token):
                continue
            if grammar.tense(token) in ("past", "present"):
                return "outcome", m.group(0)
        if (link := self.patterns["result_link"].match(text)) and main:  # "As a result, 120 of them now export …"
            return "outcome", link.group(0).strip(" ,")
        return None, ""

    def _intended(self, verb) -> str:
        """The words that make a copula in the present a plan: its subject a noun of what is
        intended (`statuses.plan_nouns`) and its complement a verb after "to"; else ""."""
        who = grammar.subject(verb)
        if verb.lemma_ != "be" or grammar.tense(verb) != "present" or who is None:
            return ""
        if who.lemma_.lower() not in self.rules.statuses.plan_nouns:
            return ""
        to = next((aux for c in verb.children if c.dep_ == "xcomp" and grammar.is_verb(c)
                   for aux in c.children if aux.dep_ == "aux" and aux.lower_ == "to"), None)
        return f"{who.text} {verb.text} to" if to is not None else ""

    def year(self, text: str) -> Mention | None:
        """The year the main clause dates its work to: "In 2016, …", "… in Q3 2017", "from 12 to 14
        June 2017"; not a year inside a name ("the 2030 Agenda"), in a clause below the main one,
        or where work began that goes on ("since 2014")."""
        doc = self.parse(text)
        # "published the Response Plan for 2019 in December 2018": "for" a year says what the thing is
        # for; the work's own date, where the main clause gives one too, is the other
        meant_for: Mention | None = None
        for sent in doc.sents:
            main = set(grammar.main_verbs(sent)) or {sent.root}  # a sentence parsed without a verb
            # "plans to hold a forum in May 2019": the forum's date; not "began a review, to be completed in 2018"
            main |= {grammar.content_verb(v) for v in main if not any(c.dep_ == "dobj" for c in v.children)}
            for token in sent:
                found = _YEAR.fullmatch(token.text) or (token.ent_type_ == "DATE" and _YEAR.search(token.text))
                if not found:
                    continue
                date = token  # up to the head of the date phrase ("8 March 2017", "Q3 2017", "the end of 2018")
                while date.head != date and date.head.ent_type_ == "DATE" and not grammar.is_verb(date.head) \
                        and (date.dep_ not in ("pobj", "ROOT", "npadvmod", "nsubj", "dobj")
                             or (date.head.pos_ == "ADP" and date.head.head.ent_type_ == "DATE")):
                    date = date.head.head if date.head.pos_ == "ADP" else date.head
                if date != token and date.ent_type_ != "DATE":
                    continue  # "the 2030 Agenda": a name, not a date
                prep, governor = grammar.attachment(date)
                if prep is not None and prep.lower_ in self.rules.not_the_year_of_the_work:
                    continue
                if prep is None and date.dep_ != "npadvmod":
                    continue
                if governor in main:
                    words = doc[date.left_edge.i:date.right_edge.i + 1].text
                    span = _YEAR_SPAN.match(text, prep.idx) if prep is not None else None
                    if span:  # "Between 2016 and 2018, FAO supported …": the work went on to the span's end
                        return Mention(int(span.group(2)), span.group(0), token.idx)
                    said = Mention(int(found.group(1) if found.re.groups else found.group(0)),
                                   f"{prep.text} {words}" if prep is not None else words, token.idx)
                    if prep is None or prep.lower_ != "for":
                        return said
                    meant_for = meant_for or said
        return meant_for

    def lists_contents(self, lead: str) -> bool:
        """Whether a list's lead-in announces what a document or plan holds ("set out an agenda
        for action: protecting …, ending …"), not the things the agency did ("offered technical
        support, including: …"): its last noun is one of `list_contents`."""
        doc = self.parse(lead.strip() + ":")
        nouns = [t for t in doc if t.pos_ in ("NOUN", "PROPN")]
        if not nouns:
            return False
        heads = {t.lemma_.lower() for t in nouns[-3:]} | {t.lower_ for t in nouns[-3:]}
        return bool(heads & set(self.rules.list_contents))

    def year_wide(self, text: str) -> str:
        """The words that make a sentence about a year's work as a whole ("Over the course of the
        year, UN Women's work supported …", "In 2017 the work of the ILO on labour migration
        contributed to …"): a cue of `year_wide`, or a main clause whose subject is the work
        itself (`year_wide_subjects`)."""
        for m in self.patterns["year_wide"].finditer(text):
            words = m.group(0).split()
            if not any(w[:1].isupper() for w in words[1:]) and not (m.start() and words[0][:1].isupper()):
                return m.group(0)  # not inside a name: "its Work in Freedom programme" is a programme's
        doc = self.parse(text)
        for sent in doc.sents:
            for verb in grammar.main_verbs(sent):
                who = grammar.subject(verb)
                if who is not None and (who.lemma_.lower() in self.rules.year_wide_subjects
                                        or who.lower_ in self.rules.year_wide_subjects):  # "efforts", "activities"
                    return f"{grammar.words([t for t in who.subtree if t.i <= who.i])} … {verb.text}"
        return ""

    def continues(self, text: str) -> bool:
        """A sentence that goes on with the item before it ("It trained …"), unless it says it
        adds another thing ("It also trained …")."""
        return bool(self.patterns["continuation"].search(text)) and not self.patterns["addition"].search(text)

    def codes_by_cue(self, text: str, cues) -> list[tuple[str, str]]:
        """(code, words) for every code whose cue the text has, in the table's order."""
        found = []
        for code, pattern in cues:
            m = pattern.search(text)
            if m:
                found.append((code, m.group(0)))
        return found

    def groups(self, text: str, mechanisms: list[Mention], kind: str | None = None,
               kind_words: str = "") -> list[tuple[str, str, str]]:
        """(code, words, why) for each group an item concerns: named by a group's cues, the
        members of a mechanism it names, by the mechanism's type (an item about the CEDAW Committee
        concerns treaty body experts), and those its kind of work is for by what it is (policy
        support, Member States)."""
        matches = sorted(((m, code) for code, pattern in self.group_cues for m in pattern.finditer(text)
                          if not _in_a_name(text, m)), key=lambda x: (-len(x[0].group(0)), x[0].start()))
        taken: list[tuple[int, int]] = []
        named: dict[str, tuple[int, str]] = {}
        for m, code in matches:  # the longest words first: "women and children on the move" is not "children on the move"
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append(m.span())
            if code not in named or m.start() < named[code][0]:
                named[code] = (m.start(), m.group(0))
        found = [(code, words, "") for code, (_, words) in sorted(named.items(), key=lambda x: x[1][0])]
        types = self.reference.vocabulary("mechanism_types")
        of_mechanisms, of_kinds = self._groups_of
        for mention in mechanisms:
            kind_of_body = self.reference.mechanisms[mention.value].type
            for code in of_mechanisms.get(kind_of_body, []):
                if code not in {c for c, *_ in found}:
                    label = types[kind_of_body].label.lower()
                    found.append((code, mention.words, f"{'an' if label[0] in 'aeiou' else 'a'} {label} it names"))
        for code in of_kinds.get(kind or "", []):
            if code not in {c for c, *_ in found}:
                found.append((code, kind_words, f"{kind} work"))
        return found

    @cached_property
    def _groups_of(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """drafting.yaml's groups_of_mechanisms and groups_of_kinds, their codes checked against
        the vocabularies."""
        groups = self.reference.vocabulary("groups")
        problems = []
        for table, keys, vocabulary in (("groups_of_mechanisms", self.reference.vocabulary("mechanism_types"),
                                         "mechanism_types"),
                                        ("groups_of_kinds", self.reference.vocabulary("item_kinds"), "item_kinds")):
            for key, codes in getattr(self.rules, table).items():
                if key not in keys:
                    problems.append(Problem("data/reference/drafting.yaml", None, f"{table}.{key}",
                                            f"{key!r} is not a code of {vocabulary} in vocabularies.yaml",
                                            f"use one of: {', '.join(keys)}"))
                problems += [Problem("data/reference/drafting.yaml", None, f"{table}.{key}",
                                     f"{code!r} is not a code of groups in vocabularies.yaml",
                                     f"use one of: {', '.join(groups)}") for code in codes if code not in groups]
        if problems:
            raise DataValidationError(problems)
        return self.rules.groups_of_mechanisms, self.rules.groups_of_kinds

    def approaches(self, text: str, kind: str | None, kind_words: str) -> list[tuple[str, str, str]]:
        """(code, words, why) for each way an item mainstreams gender: the approach its kind of
        work is (a knowledge product builds evidence and knowledge), then those its words name;
        an approach that `needs` words only where the item has one."""
        approaches = self.rules.mainstreaming
        found = [(code, kind_words, f"{kind} work") for code, approach in approaches.items() if kind in approach.kinds]
        found += [(code, words, "") for code, words in self.codes_by_cue(text, self.approach_cues)
                  if code not in {c for c, *_ in found}]
        return [(code, words, why) for code, words, why in found
                if not approaches[code].needs or cue_pattern(approaches[code].needs).search(text)]

    def kind(self, text: str) -> tuple[str | None, str]:
        """The kind of work (item_kinds) and the words it rests on: from what the main clause's verb
        does and to what, the agency's own verbs first; where the grammar says nothing, from the
        kinds' cues anywhere in the text."""
        doc = self.parse(text)
        verbs = []
        for sent in doc.sents:
            found = grammar.main_verbs(sent)
            if not found and (start := grammar.fronted_time(sent)):  # "From 6 to 8 November ESCAP organized …"
                found = grammar.main_verbs(self.parse("Then " + sent.text[start:]))
            verbs.extend(found or grammar.subject_verbs(sent))
        verbs.sort(key=lambda verb: (not self._agency_does(verb), verb.doc is not doc, verb.i))
        for verb in verbs:
            found = self._kind_of_verb(grammar.content_verb(verb))
            if found is not None:
                return found
        return self._kind_by_cue(text)

    def _agency_does(self, verb) -> bool:
        """Whether a main verb tells the agency's own work: its subject the agency, a pronoun or
        none, or the verb in the passive ("were trained")."""
        who = grammar.subject(verb)
        return who is None or who.pos_ == "PRON" or grammar.is_passive(verb) or self.is_actor(
            grammar.noun_phrase(who).text) or self.has_actor(grammar.noun_phrase(who).text)

    def _kind_of_verb(self, verb, depth: int = 0) -> tuple[str, str] | None:
        """A verb's kind of work: the kind whose verbs it is; else the kind of the first noun it
        acts on, or of a verb its preposition opens ("supported the offices in preparing the
        census"); work of a kind `for_a_purpose` (a meeting hosted) for a purpose the sentence
        gives is work of that purpose."""
        kinds = self.rules.item_kinds
        for code, kind in kinds.items():
            cue = next((c for c in kind.verbs if grammar.verb_is(verb, c)), None)
            if cue is not None:
                return code, grammar.words([verb, *[c for c in verb.children if c.dep_ in ("prt", "prep", "dobj")
                                                    and c.i > verb.i and c.lower_ in cue.lower().split()[1:]]])
        found = None
        objects = grammar.acted_on(verb, self.rules.kind_prepositions)
        if not objects and not any(c.dep_ == "dobj" for c in verb.children):
            # "organized, with IOM, the Regional Meeting", the meeting hung on IOM; not "worked with the Forum"
            objects = [n for n in self._object_named_later(verb) if not (n.dep_ == "pobj" and n.head.lower_ == "with")]
        for noun in objects:
            code = self._kind_of_noun(noun)
            if code is not None and self.rules.item_kinds[code].made and noun.dep_ == "pobj":
                continue  # "contributed to the Secretary-General's report": a product of others
            if code is not None:
                found = code, f"{verb.text} … {grammar.words(grammar.head_words(noun))}"
                break
        if found is None and depth < 2:
            found = next((k for g in grammar.gerunds(verb, self.rules.kind_prepositions)
                          if (k := self._kind_of_verb(g, depth + 1)) is not None), None)
        if (found is None or kinds[found[0]].for_a_purpose) and depth < 2:
            aim = grammar.purpose(verb)
            if aim is not None:
                purpose = self._kind_of_verb(grammar.content_verb(aim), depth + 1)
                if purpose is not None and not kinds[purpose[0]].for_a_purpose:
                    return purpose
        return found

    def _kind_of_noun(self, noun) -> str | None:
        """The kind whose objects name a noun: its lemma, with the words before it in its phrase
        ("technical assistance", "side event"), the longest cue first."""
        words = grammar.head_words(noun)
        before = [t.lower_ for t in words[:-1]]
        heads = {noun.lemma_.lower(), noun.lower_}
        if noun.pos_ == "PROPN" and noun.lower_.endswith("s"):  # a name's plural keeps its "s" as lemma ("Resource Centres")
            heads.add(noun.lower_[:-1])
        texts = [" ".join([*before, head]) for head in sorted(heads)]
        best = None
        for code, pattern in self._kind_objects:
            for text in texts:
                m = pattern.search(text)
                if m and (best is None or len(m.group(0)) > best[1]):
                    best = code, len(m.group(0))
        return best[0] if best else None

    def _kind_by_cue(self, text: str) -> tuple[str | None, str]:
        found = []
        fallbacks = set(self.rules.item_kind_fallbacks)
        for order, (code, pattern) in enumerate(self.kind_cues):
            hits = list(pattern.finditer(text))
            if hits:  # a specific kind first, then the most cues, then the one the sentence says first
                found.append((code in fallbacks, -len(hits), hits[0].start(), order, code, hits[0].group(0)))
        return (min(found)[4], min(found)[5]) if found else (None, "")

    # --- mechanisms --------------------------------------------------------------------

    @cached_property
    def _mechanism_names(self) -> list[tuple[re.Pattern, str, str]]:
        names = []
        for mechanism in self.reference.mechanisms.values():
            for name in mechanism.names:
                if name.text.isupper() and " " not in name.text:  # an abbreviation: as written, maybe "CSW61"
                    pattern = re.compile(rf"(?<![\w-]){re.escape(name.text)}(?:\d{{1,3}})?(?![\w])")
                else:
                    pattern = re.compile(r"(?<![\w])" + r"\s+".join(map(re.escape, name.text.split()))
                                         + r"(?![\w])", re.IGNORECASE)
                names.append((pattern, mechanism.code, name.refers_to))
        return sorted(names, key=lambda n: -len(n[0].pattern))

    def local_abbreviations(self, text: str) -> dict[str, str]:
        """Abbreviations a paper defines for a mechanism: 'the Working Group on ... (WG)' -> WG."""
        from rapidfuzz import fuzz, process
        found = {}
        choices = {name.text: m.code for m in self.reference.mechanisms.values() for name in m.names
                   if name.refers_to != "instrument" and " " in name.text}
        for m in re.finditer(r"((?:[A-Z][\w’'-]*\s+)(?:[\w,’'-]+\s+){1,14}?[\w’'-]+)\s+\(([A-Z][A-Za-z]{1,9})\)", text):
            long, short = m.groups()
            long = re.sub(r"^(?:the|and|including)\s+", "", long, flags=re.I)
            match = process.extractOne(long, list(choices), scorer=fuzz.ratio, score_cutoff=85)
            if match:
                found[short] = choices[match[0]]
        return found

    def mechanisms(self, text: str, local: dict[str, str]) -> tuple[list[Mention], list[Mention]]:
        """(mechanisms, instruments) the text names; a name both bodies and conventions go by is
        read by the words around it."""
        taken: list[tuple[int, int]] = []
        bodies: list[Mention] = []
        instruments: list[Mention] = []
        patterns = self._mechanism_names + [
            (re.compile(rf"(?<![\w-]){re.escape(short)}(?![\w])"), code, "body") for short, code in local.items()]
        for pattern, code, refers_to in patterns:
            for m in pattern.finditer(text):
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue
                taken.append((m.start(), m.end()))
                meaning = refers_to
                if refers_to == "either":
                    before, after = text[:m.start()], text[m.end():]
                    instrument = (self.patterns["instrument_before"].search(before)
                                  or self.patterns["instrument_after"].match(after))
                    meaning = "instrument" if instrument else "body"
                (bodies if meaning == "body" else instruments).append(Mention(code, m.group(0), m.start()))
        bodies.sort(key=lambda m: m.start)
        return _unique(bodies), _unique(instruments)

    # --- countries ---------------------------------------------------------------------

    @cached_property
    def _country_names(self) -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
        """One pattern for every name of every country, longest first (so "Papua New Guinea" is
        not read as Guinea), and the country and kind of name each matched text stands for."""
        names: dict[str, tuple[str, str]] = {}
        for country in self.reference.countries.values():
            names.setdefault(country.name, (country.alpha3, "name"))
            official = country.name.split(",")[0].strip()
            names.setdefault(official, (country.alpha3, "name"))
        for alias in self.drafting.country_names:
            names.setdefault(alias.name, (alias.alpha3, alias.kind))
        alternatives = sorted(names, key=lambda name: (-len(name), name))
        pattern = "|".join(r"\s+".join(map(re.escape, name.split())) for name in alternatives)
        return (re.compile(rf"(?<![\w-])(?:the\s+)?({pattern})(?![\w-])"),
                {" ".join(name.split()): value for name, value in names.items()})

    def _countries_named(self, text: str) -> list[tuple[str, str, str, int]]:
        """The countries the text names: code, kind of name, the words and where they start."""
        pattern, names = self._country_names
        named = []
        for m in pattern.finditer(text):
            code, kind = names[" ".join(m.group(1).split())]
            named.append((code, kind, m.group(0), m.start(1)))
        return sorted(named, key=lambda n: n[3])

    def countries(self, text: str, work: bool = True) -> list[CountryMention]:
        """Countries the sentence names (by name, short name or demonym, or as 'the pilot
        countries' a paper named before), each with its role: from the words around it where a
        cue says so ("co-facilitators", "pilot countries", "the Permanent Representative of"),
        else from what it attaches to. A country where the work took place is a `programme`
        country ("In Niger, UN Women trained …", "trained inspectors in Nepal and Bangladesh"), one
        the work is about a `subject` ("a study on women migrant workers in Mexico", "Filipino
        domestic workers"), any other `mentioned`. `work` says whether the sentence reports the
        agency's work; if not, no country is a programme country by where it stands."""
        named = self._countries_named(text)
        group = self.patterns["country_groups"].search(text)
        if group and named:
            self.groups_named.setdefault(group.group(0).lower(), [code for code, *_ in named])
        elif group and group.group(0).lower() in self.groups_named:
            named = [(code, "group", group.group(0), group.start())
                     for code in self.groups_named[group.group(0).lower()]]
        roles = {role: pattern.search(text) for role, pattern in self.role_cues}
        doc = self.parse(text) if named else None
        found: list[CountryMention] = []
        within: dict[int, CountryMention] = {}  # a token of a country's name -> that country, as found
        listed_after: dict[str, CountryMention] = {}  # a country -> the one it follows in a list

        def keep(mention: CountryMention) -> None:
            """A country once; named again where the work took place, a programme country ("Palestine
            refugees in Jordan, the West Bank and the Gaza Strip")."""
            known = next((k for k, c in enumerate(found) if c.code == mention.code), None)
            if known is None:
                found.append(mention)
            elif mention.role == "programme" and found[known].role in ("subject", "mentioned"):
                found[known] = mention
        for (_, _, said, at), (code, _, _, start) in zip(named, named[1:]):
            if _NEXT_IN_A_LIST.fullmatch(text[at + len(re.sub(r"^the\s+", "", said)):start]):
                listed_after[code] = None
        for code, kind, words, start in named:
            if code in listed_after and listed_after[code] is None and found:
                listed_after[code] = found[-1]
            span = doc.char_span(start, start + len(words.removeprefix("the ")), alignment_mode="expand") \
                if doc is not None and kind != "group" else None
            if span is not None and len(span) and grammar.topic_of_a_name(span.root, self.rules.country_roles.name_topics):
                continue  # "the London Conference on Supporting Syria" names a meeting, not work in Syria
            if span is not None and len(span) and kind == "demonym" and (
                    self._in_an_organisation_name(span.root) or self._names_a_region(span.root)):
                continue  # "the Norwegian Refugee Council", "the Somali region" name no country, whatever the sentence's cues
            if span is not None and len(span) and span.root.dep_ == "conj" and span.root.head.i in within:
                # "the Republic of Moldova and Serbia", parsed as if Serbia were Moldova's: a list
                # of countries shares its first's role
                first = within[span.root.head.i]
                keep(CountryMention(code, first.role, words, first.basis))
                continue
            if found and (before := listed_after.get(code)) is not None:
                # "in Cambodia (May 2018), the Lao People's Democratic Republic (July 2018) and
                # Myanmar": a list the brackets broke for the parse is a list still
                keep(CountryMention(code, before.role, words, before.basis))
                continue
            role, basis = "mentioned", "no role is said"
            near = text[max(0, start - 60):start]
            if roles["co-facilitator"] and abs(roles["co-facilitator"].start() - start) < 120 \
                    and not self._agency_co_leads(doc, roles["co-facilitator"].start(), span):
                role, basis = "co-facilitator", roles["co-facilitator"].group(0)
            elif span is not None and len(span) and (leading := self._government_leading(span.root)):
                role, basis = "co-facilitator", leading
            elif roles["representative"] and roles["representative"].start() < start \
                    and re.search(r"\bof\s+(?:the\s+)?$|\bof\b.*\band\s+(?:the\s+)?$", near):
                role, basis = "mentioned", f"named as the home of a {roles['representative'].group(0)}"
            # "with funding from the European Union and the Government of Canada": a donor among others
            elif (paid := re.search(rf"(?:{self.role_cues[4][1].pattern})(?:\s+[^.;:]*?\band)?(?:\s+the)?\s+"
                                    rf"governments?\s+of\b[^.;:]*$", near, re.IGNORECASE)):
                role, basis = "mentioned", f'"{" ".join(paid.group(0).split()[:3])} …": it paid for the work'
            elif kind == "demonym" and doc is not None and (
                    people := self._role_by_attachment(doc, start, len(words), kind, work))[0] == "subject":
                role, basis = people  # "Our country office in Jordan issued work permits to Syrian refugees": theirs
            elif (programme := self._programme_cue(text, kind)) or kind == "group":
                role, basis = "programme", (programme or group).group(0)
            elif (subject := self.role_cues[2][1].search(near)) and not re.search(r"[.;:]", near[subject.end():]):
                role, basis = "subject", subject.group(0)
            elif doc is not None:
                role, basis = self._role_by_attachment(doc, start, len(words.removeprefix("the ")), kind, work)
                if role is None:
                    continue
            keep(CountryMention(code, role, words, basis))
            if span is not None:
                mention = next(c for c in found if c.code == code)
                within.update({token.i: mention for token in span})
        return found

    def _programme_cue(self, text: str, kind: str) -> re.Match | None:
        """The cue of `country_roles.programme` that makes a country of the sentence a programme
        country: any ("pilot countries"), but a government's ("government of", "ministry of") none
        for a demonym, which names people, not the government's country ("with the Ministry of
        Municipal Affairs … for the Syrian refugees")."""
        return next((cue for cue in self.role_cues[1][1].finditer(text)
                     if kind != "demonym" or not cue.group(0).lower().endswith(" of")), None)

    def _agency_co_leads(self, doc, at: int, span) -> bool:
        """Whether the co-leading the cue at `at` says is the agency's own, with the country not
        among those leading ("UNEP co-led a project in Bangladesh": Bangladesh is where the
        project was, not a co-facilitator)."""
        if doc is None or span is None or not len(span):
            return False
        verb = _token_at(doc, at)
        who = grammar.subject(verb) if verb is not None and grammar.is_verb(verb) else None
        if who is None or not self.is_actor(grammar.noun_phrase(who).text):
            return False
        return span.root.i not in {t.i for t in who.subtree}

    def _government_leading(self, token) -> str:
        """Why the country's government leads the work with the agency ("WHO, IOM and the
        Government of Sri Lanka held …", "the Initiative, led by the Governments of Ghana and
        Peru"), or "" if it does not ("the Government of Qatar and the ILO agreed a programme": a
        programme country)."""
        while token.dep_ in ("conj", "compound", "appos") and token.head != token:
            token = token.head
        if not (token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() == "government"):
            return ""
        government = token.head.head
        while government.dep_ == "conj" and government.head != government:
            government = government.head
        leads = self.rules.country_roles.leads
        if government.dep_ == "nsubj" and government.head.lemma_.lower() in leads and any(
                self.is_actor(grammar.noun_phrase(t).text) for t in [government, *government.conjuncts]):
            return f"its government {government.head.text} it with the agency"
        if government.dep_ == "pobj" and government.head.dep_ == "agent" and \
                government.head.head.lemma_.lower() in self.rules.country_roles.leads:
            return f'"{government.head.head.text} by the {government.text} of …"'
        # "organized a side event on migrant health with the Government of Sri Lanka": held together
        held = government.head.head if government.dep_ == "pobj" and government.head.lower_ == "with" else None
        while held is not None and not grammar.is_verb(held) and held.head != held:
            held = held.head  # "with" hung on the event's noun: the verb that holds it
        if held is not None and held.lemma_.lower() in leads:
            return f'"{held.text} … with the {government.text} of …"'
        return ""

    def _in_an_organisation_name(self, token) -> bool:
        """Whether a demonym is a word of an organisation's name ("the Norwegian Refugee Council"):
        the name the pipeline reads as an organisation's, its head in capitals and not people or a
        topic ("Filipino Workers" is about them)."""
        head = _modified(token)
        cues = self.rules.country_roles
        people = head.lemma_.lower() in cues.people or head.lower_ in cues.people or head.lemma_.lower() in cues.topics
        return (token.ent_type_ == "ORG" or head.ent_type_ == "ORG") and head.text[:1].isupper() and not people

    def _names_a_region(self, token) -> bool:
        """Whether a demonym, or the list it ends, names a part of a country (`regions`): "in the
        Gambella and Somali regions" are Ethiopia's, not Somalia."""
        named = token
        while named.dep_ in ("conj", "amod", "compound", "nmod") and named.head != named:
            named = named.head
        regions = self.rules.country_roles.regions
        return named.lemma_.lower() in regions or named.lower_ in regions

    def _role_by_attachment(self, doc, start: int, length: int, kind: str, work: bool) -> tuple[str | None, str]:
        """A country's role from what its name attaches to in the parse; None for a demonym that
        is part of an organisation's name, which names no country of the work."""
        span = doc.char_span(start, start + length, alignment_mode="expand")
        if span is None or not len(span):
            return "mentioned", "no role is said"
        token = span.root
        cues = self.rules.country_roles
        if kind == "demonym" and _a_language(token):
            return None, "a language"  # "translated into French and Arabic"
        if kind == "demonym" or token.dep_ in ("amod", "compound", "nmod", "poss") and token.head.pos_ in ("NOUN", "PROPN"):
            head = _modified(token)
            if head.lemma_.lower() in cues.people or head.lower_ in cues.people or head.lemma_.lower() in cues.topics:
                return "subject", f"about {grammar.noun_phrase(head).text!r}"  # "Filipino workers", "the Syria crisis"
            named_body = token.ent_type_ == "ORG" or head.ent_type_ == "ORG"
            if kind == "demonym" and self._in_an_organisation_name(token):
                return None, "part of an organisation's name"  # "the Swiss Agency for Development and Cooperation"
            if work and not named_body and (head.lemma_.lower() in cues.institutions or head.lower_ in cues.institutions):
                return "programme", f"with {grammar.noun_phrase(head).text!r}"
            return "mentioned", "no role is said"
        first = token
        while first.dep_ == "conj" and first.head != first:
            first = first.head
        doer = grammar.subject(first.head) if first.dep_ == "dobj" else None
        if work and first.dep_ == "dobj" and grammar.is_verb(first.head) and grammar.in_main_clause(first.head) and (
                doer is None or doer.pos_ == "PRON" or self.is_actor(grammar.noun_phrase(doer).text)
                or doer.lemma_.lower() in cues.doers):  # "The programme supported Colombia"
            return "programme", f'"{first.head.text} {token.text}": the work was for the country'  # "supported Colombia"
        prep, governor = grammar.attachment(token)
        anchor = token
        if prep is not None and prep.lower_ in cues.among and not grammar.is_verb(governor):
            # "countries …, among them Ethiopia": Ethiopia stands where the countries do (the noun
            # "them" stands for, the nearest plural before it, whatever the parse attached it to)
            anchor = grammar.referent_of_pronoun(prep) or governor
            prep, governor = grammar.attachment(anchor)
        if prep is None:
            clause = grammar.relative_clause(anchor)
            if clause is not None:  # "refugees who crossed Greece"
                return self._role_in_relative_clause(clause, work)
            return "mentioned", "no role is said"
        where = prep.lower_ in cues.where or prep.lower_ in cues.among
        # "helped the national statistical offices of Chile and Peru": the country's own
        # institutions, where the work reaches them, are where it took place
        # institutions of a field first ("the ministries of education of Mali")
        body = governor.head.head if governor.dep_ == "pobj" and governor.head.lower_ == "of" else governor
        own = prep.lower_ == "of" and any(
            b.pos_ in ("NOUN", "PROPN") and (b.lemma_.lower() in cues.institutions or b.lower_ in cues.institutions)
            for b in {governor, body})
        where = where or own
        if governor.pos_ in ("NOUN", "PROPN") and (governor.lemma_.lower() in cues.people or
                                                   governor.lemma_.lower() in cues.topics):
            outer, above = grammar.attachment(governor)
            if work and where and outer is not None and above.lemma_.lower() in cues.doers:
                # "a school meals programme for refugee children in Uganda": where the programme runs
                return "programme", f'"{above.text} … {prep.text} …": where the {above.lower_} runs'
            if self._under_a_topic(governor) or governor.lemma_.lower() in cues.topics or not work:
                return "subject", f"{governor.text} {prep.text} …"
            served = outer is None and governor.dep_ == "dobj" and prep.lower_ in cues.origin
            if where or served:  # "supported women migrant workers from Nepal": the people the work served
                return "programme", f'"{governor.text} {prep.text} …": where the work took place'
        if prep.lower_ == "between" and work:  # "along the border between Guatemala and Mexico"
            outer, _ = grammar.attachment(governor)
            where = outer is not None and outer.lower_ in [*cues.where, "along", "at", "across", "near", "on"]
        if not work or not where and prep.lower_ not in cues.towards:
            return "mentioned", "no role is said"
        # where the work took place: the phrase stands in the predicate of a verb that reports it
        # ("trained labour inspectors in Viet Nam", "continued the programme, funded by the SDC, in
        # Bangladesh"), not under what the work is about ("a study on workers in Nepal")
        reach = governor
        for _ in range(8):
            if grammar.is_verb(reach) and reach.dep_ == "relcl":
                return self._role_in_relative_clause(reach, work)
            if grammar.is_verb(reach) and reach.dep_ not in ("amod",):
                if own:
                    return "programme", f'"{governor.text} {prep.text} …": its institutions, where the work took place'
                return "programme", f'"{prep.text} …" where the work took place'
            if reach.pos_ in ("NOUN", "PROPN") and reach.lemma_.lower() in cues.topics:
                return "subject", f"{reach.text} {prep.text} …"
            outer, above = grammar.attachment(reach)
            # "a study on …" is what the work is about; "based on missions to Greece" is not
            if outer is not None and outer.lower_ in cues.about and above.lemma_.lower() not in cues.support \
                    and not grammar.is_verb(above) and not self._an_event_word(above):
                if above.lemma_.lower() in cues.doers:  # "a project on skills recognition in Ethiopia"
                    return "programme", f'"{above.text} … {prep.text} …": where the {above.lower_} runs'
                # "a policy brief on the return of women migrants in Sudan": what the thing is about
                return "subject", f'"{above.text} {outer.text} … {prep.text} …"'

            if reach.head == reach:
                if reach.pos_ == "NOUN" and (reach.lemma_.lower() in cues.support or self._an_event_word(reach)):
                    # a line without a verb that opens on the work ("Training of 120 border officials in Nepal")
                    return "programme", f'"{reach.text} … {prep.text} …": where the {reach.lower_} took place'
                break
            reach = above if outer is not None else reach.head
        return "mentioned", "no role is said"

    def _an_event_word(self, token) -> bool:
        """Whether a noun names an event ("workshops for teachers in Jordan": the teachers it was for,
        where it took place, not what it was about)."""
        return any(pattern.fullmatch(token.text) for _, pattern in self.event_cues)

    def _under_a_topic(self, noun) -> bool:
        """Whether a noun of people stands in what a thing is about, however deep ("a policy brief on
        the return of women migrants in Iraq"), not in what a verb did, an event or a service was for
        or the agency's running work does ("training for women migrants in Jordan")."""
        cues = self.rules.country_roles
        reach = noun
        for _ in range(6):
            outer, above = grammar.attachment(reach)
            if outer is None or grammar.is_verb(above) or above.lemma_.lower() in cues.doers:
                return False
            if outer.lower_ in cues.about:
                return above.lemma_.lower() not in cues.support and not self._an_event_word(above)
            reach = above
        return False

    def _role_in_relative_clause(self, verb, work: bool) -> tuple[str, str]:
        """A country named in a relative clause on people or institutions: where those the work
        served were ("the refugees who crossed Greece", "officials who work in Jordan"); in what is said of anything
        else ("the Colombo Process, which brings together Nepal …") it is only mentioned, for the
        clause does not report the agency's work."""
        noun = verb.head
        cues = self.rules.country_roles
        served = {*cues.people, *cues.institutions}
        if work and (noun.lemma_.lower() in served or noun.lower_ in served):
            return "programme", f'"{noun.text} {verb.text} …": where the people the work served were'
        return "mentioned", f"in what the paper says of {grammar.noun_phrase(noun).text!r}"

    # --- partners ----------------------------------------------------------------------

    @cached_property
    def _organisations(self) -> list[tuple[re.Pattern, str]]:
        found = []
        for agency in self.reference.agencies.values():
            if agency.code == self.agency:
                continue
            for name in [agency.name, agency.abbreviation, *agency.aliases]:
                words = r"\s+".join(map(re.escape, name.split()))
                found.append((re.compile(rf"(?<![\w]){words}(?![\w])"), agency.name))
        return sorted(found, key=lambda p: -len(p[0].pattern))

    def define_acronyms(self, text: str) -> None:
        """Remember the organisations a paper names with their acronym ("the Migrant Forum in Asia
        (MFA)"), so a later "with MFA" is read as that partner; and the organisations of
        agencies.yaml it calls by their abbreviation more often than by their name, which a
        partner keeps ("IOM" where the paper says "IOM", "European Union" where it says that)."""
        for agency in self.reference.agencies.values():
            def said(name: str) -> int:
                return len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))
            if said(agency.abbreviation) > said(agency.name):
                self.abbreviated.add(agency.name)
        for m in re.finditer(r"((?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|for|on|in|and|the|to))*?)"
                             r"\s+\(([A-Z][A-Za-z]{1,9})\)", text):
            words, short = re.sub(r"^the\s+", "", m.group(1)).split(), m.group(2)
            # the shortest run of words before it that its letters come from, first letter first:
            # "the European Union and the Swiss Agency for Development and Cooperation (SDC)"
            for start in range(len(words) - 1, -1, -1):
                if words[start][0] != short[0].upper():
                    continue
                # an acronym's letters may come from inside a word: UNITAR, United Nations Institute for Training …
                letters = iter("".join(w for w in words[start:] if w[0].isupper()).upper())
                if all(letter in letters for letter in short.upper()):
                    self.acronyms.setdefault(short, " ".join(words[start:]))
                    break

    def define_own_names(self, text: str) -> None:
        """Remember the agency's own bodies and programmes the paper names with an acronym ("Through
        its Financing Facility for Remittances (FFR), IFAD …", "IOM's Global Migration Data Analysis
        Centre (GMDAC)", "the … Demographic Centre (CELADE), the Population Division of ECLAC"): the
        name, its acronym and "the" with its head noun ("the Facility", "the Centre") say who did the
        work in later sentences, as the agency's name does. "Its" counts where the clause's subject
        is the agency; a part named in apposition, where its noun is one of `partners.unit_nouns`."""
        agency = self.reference.agencies[self.agency]
        owners = "|".join(map(re.escape, [agency.abbreviation, agency.name, *agency.aliases]))
        units = "|".join(map(re.escape, self.rules.partners.unit_nouns))
        named = r"(?P<name>[A-Z][\w’'-]*(?:\s+(?:(?:of|for|on|in|and|the|to)\s+)*[A-Z][\w’'-]*)*)\s+\((?P<short>[A-Z][A-Za-z]{1,9})\)"
        found = []
        owned = re.finditer(rf"(?:\b(?P<its>[Ii]ts)|(?:{owners})[’']s)\s+{named}", text)
        # "the … Centre (CELADE), the Population Division of ECLAC": a part of the agency, in apposition
        parts = re.finditer(rf"{named},\s+(?:the|its|an?)\s+(?:[\w’'-]+\s+){{0,5}}?(?i:{units})\s+(?:of|in|within|at)\s+"
                            rf"(?:the\s+)?(?:{owners})\b", text)
        for m in [*owned, *parts]:
            if m.groupdict().get("its"):
                start = text.rfind(". ", 0, m.start()) + 1
                sentence = next(iter(self.parse(text[start:m.end() + 300].strip()).sents))
                its = next((t for t in sentence if t.lower_ == "its"), None)
                verb = grammar.clause_verb(its) if its is not None else None
                who = grammar.subject(verb) if verb is not None else None
                # a sentence the parse reads without a verb: its subject is the agency if it names it
                said = grammar.noun_phrase(who).text if who is not None else sentence.text
                if not self.has_actor(said):
                    continue
            name = m.group("name")
            head = re.split(r"\s+(?:of|for|on|in|to)\s+", name)[0].split()[-1]  # "… Demographic Centre", "… Facility for …"
            found += [name, m.group("short"), f"the {head}"]
            self.own_short_names.setdefault(f"the {head}", m.group("short"))
        if found:
            self.own_names.extend(n for n in dict.fromkeys(found) if n not in self.own_names)
            self.__dict__.pop("patterns", None)  # the agency's names, read again with these

    def _organisation(self, name: str) -> str | None:
        """The name an organisation goes by: agencies.yaml's name, the paper's long form of an
        acronym it defines, or the name as written."""
        name = " ".join(name.split())
        known = next((n for p, n in self._organisations if p.fullmatch(name)), None)
        if known in self.abbreviated:
            return next(a.abbreviation for a in self.reference.agencies.values() if a.name == known)
        return known or self.acronyms.get(name) or name

    def another_organisation(self, phrase: str) -> bool:
        """Whether a noun phrase names only another organisation of agencies.yaml ("UNHCR", "the
        International Organization for Migration"), not the agency."""
        name = re.sub(r"^(?:the)\s+", "", " ".join(phrase.split()), flags=re.IGNORECASE)
        return any(p.fullmatch(name) for p, _ in self._organisations)

    def partners(self, text: str) -> list[Mention]:
        """Organisations named beside the agency: those in agencies.yaml wherever they stand, the
        whole noun phrases after 'with', 'in partnership with', 'led by', 'funded by' and the like
        ("the Special Rapporteur on the human rights of migrants"; "with the ILO and MFA" is two),
        organisations the agency shares its subject with ("UN Women and IOM organised …"), and an
        organisation before '-funded'. A country, an event, a mechanism or a noun that is not a
        name is not a partner."""
        found: list[Mention] = []
        places = re.compile(r"(?:" + cue_pattern(self.rules.partners.places).pattern + r")\s+(?:the\s+)?$", re.I)
        for pattern, name in self._organisations:
            for m in pattern.finditer(text):
                if not places.search(text[max(0, m.start() - 40):m.start()]) or text[m.end():].startswith(("'s", "’s")):
                    found.append(Mention(name, m.group(0), m.start()))
        doc = self.parse(text)
        before = cue_pattern(self.rules.partners.before)
        for cue in before.finditer(text):
            last = doc.char_span(cue.start(), cue.end(), alignment_mode="expand")
            if last is None:
                continue
            token = last[-1]
            verb = token.head
            if verb.tag_ == "VBG" and verb.dep_ == "acl" and verb.head.lemma_.lower() not in self.rules.partners.work_nouns \
                    and not self.is_actor(grammar.noun_phrase(verb.head).text):
                continue  # "women living with HIV": what the people are or have, not whom the agency worked with
            if token.pos_ == "ADP" or token.dep_ in ("prep", "agent"):
                for noun in self._partner_nouns(token):
                    found.extend(self._partner(noun))
            elif grammar.is_verb(token):  # "Our partners included Caritas and the Red Cross"
                for noun in (c for c in token.children if c.dep_ in ("dobj", "attr")):
                    for name in [noun, *noun.conjuncts]:
                        found.extend(self._partner(name))
            else:  # "a joint IOM-UN Women programme": the name beside the agency's own
                m = re.match(r"\s*(?:the\s+)?([A-Z][\w.’'-]*(?:\s*[-–]\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?)+)",
                             text[cue.end():])
                if m:
                    pieces = [p for p in re.split(r"\s*[-–]\s*(?=[A-Z])", m.group(1)) if not self.has_actor(p)]
                    found.extend(Mention(self._organisation(p), p, cue.end() + m.start(1)) for p in pieces[:1])
        for token in doc:  # "implemented in Somalia in 2018 by the NRC": a cue's verb and its agent apart
            if token.dep_ == "agent" and not before.fullmatch(text[token.head.idx:token.idx + len(token.text)]) \
                    and before.fullmatch(f"{token.head.text} {token.text}"):
                for noun in self._partner_nouns(token):
                    found.extend(self._partner(noun))
        for sent in doc.sents:  # "UN Women and IOM organised …"
            verbs, shift = grammar.main_verbs(sent), 0
            if verbs and all(grammar.subject(v) is None for v in verbs) and (cut := grammar.fronted_phrase(sent)):
                # the subject read into a phrase fronted to the clause: the clause read without it
                reread = self.parse("Then " + sent.text[cut:])
                verbs, shift = grammar.main_verbs(reread), sent.start_char + cut - len("Then ")
            for verb in verbs:
                who = grammar.subject(verb)
                if who is None:
                    continue
                sharing = [who, *who.conjuncts, *(c for c in grammar.hidden_conjuncts(who)
                                                   if self.is_actor(grammar.noun_phrase(c).text))]
                for appos in (c for c in who.children if c.dep_ == "appos"):
                    # "UN Women, the League of Arab States and UNHCR organized …", read as if the League
                    # and UNHCR were another name of UN Women: a list, where an organisation ends it
                    listed = [*appos.conjuncts, *grammar.hidden_conjuncts(appos)]
                    if any(self.another_organisation(grammar.noun_phrase(c).text) for c in listed):
                        sharing += [appos, *listed]
                first = grammar.noun_phrase(sharing[0])
                # "In 2016 UNHCR, UNFPA and the WRC published …", where the parse took the agency
                # into the date before it: named just before the list, it shares the subject
                before_list = first.doc[max(first.start - 4, first.sent.start):first.start]
                named_before = len(before_list) > 1 and before_list[-1].text == "," and self.has_actor(before_list.text)
                if (len(sharing) > 1 or named_before) and (named_before or any(
                        self.is_actor(grammar.noun_phrase(t).text) for t in sharing)):
                    for noun in sharing:
                        if not self.is_actor(grammar.noun_phrase(noun).text):
                            found.extend(replace(m, start=m.start + shift)
                                         for m in self._partner(self._body_of_members(noun)))
        for token in doc:  # "MFA and the ITUC, with which the ILO works, …": those it works with
            clause = next((c for c in token.children if c.dep_ == "relcl"), None)
            if clause is None or token.pos_ != "PROPN":
                continue
            with_whom = [t for t in clause.subtree if t.lower_ in ("which", "whom") and t.head.dep_ == "prep"
                         and before.fullmatch(t.head.text)]
            who = grammar.subject(clause)
            if with_whom and who is not None and self.is_actor(grammar.noun_phrase(who).text):
                for noun in [token, *token.conjuncts, *([token.head] if token.dep_ == "conj" else [])]:
                    found.extend(self._partner(noun))
        for label in self.patterns["partner_label"].finditer(text):  # "Partners: UNHCR, Caritas Lebanon."
            at = label.end()
            listed = re.split(r"\.(?:\s|$)", text[at:])[0]
            for name in self._names_listed(listed.rstrip(" .;")):
                # "International Labour Organization (ILO)": the name, its acronym in brackets aside
                words = re.sub(r"^the\s+|\s*\([^()]*\)$", "", name.strip(), flags=re.I)
                if words[:1].isupper() and not self._is_country(words) and words.lower() not in self.rules.partners.not_partners:
                    found.append(Mention(self._organisation(words), name, text.index(name, at)))
                at = text.index(name, at) + len(name)
        after = cue_pattern(self.rules.partners.after)
        for cue in after.finditer(text):
            m = re.search(r"([A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)\s*$", text[:cue.start()])
            if m:
                found.append(Mention(self._organisation(m.group(1)), m.group(0) + cue.group(0), m.start()))
        resolved = []
        for mention in _named_by_acronym(_not_inside_another(sorted(found, key=lambda m: m.start), text), text):
            known = self._organisation(mention.value)
            if known in {m.value for m in resolved} or self.has_actor(known):
                continue
            head = re.split(r"\s+(?:of|for|on)\s+|,", known)[0]
            if any(pattern.search(head) for _, pattern in self.event_cues):
                continue  # "to coincide with the UN Summit ...": an event, not a partner
            resolved.append(Mention(known, mention.words, mention.start))
        return resolved

    def _names_listed(self, listed: str) -> list[str]:
        """The names a label's line lists, between its commas ("European Union, Gambia Chamber of
        Commerce and Industry"): an "and" inside an element parts two names only where each half is
        an organisation of its own ("IOM and UNICEF", "Save the Children and the Government of
        Jordan"): one half known or an acronym, or the second opening on "the"; never a name's own
        "and" ("… Chamber of Commerce and Industry")."""
        def known(half: str) -> bool:
            half = half.strip()
            return self.another_organisation(half) or half in self.acronyms or bool(re.fullmatch(r"[A-Z][A-Z-]{1,9}", half))
        names = []
        for element in re.split(r"\s*[,;]\s*(?:and\s+)?", listed):
            first, _, second = element.partition(" and ")
            if second and (known(first) or known(second) or re.match(r"the\s", second, re.IGNORECASE)):
                names.extend([first, second])
            else:
                names.append(element)
        return [n for n in names if n.strip()]

    def _partner_nouns(self, prep):
        """The nouns a partner preposition governs, through "the support of" and coordination."""
        nouns = []
        for name in (c for c in prep.children if c.dep_ == "pcomp" and c.tag_ in ("NNP", "NNPS")):
            # a name that opens on a verb's form ("with Save the Children and the IRC"): the parse
            # reads it as a clause, and what is coordinated with its object is a partner too
            nouns.extend([name, *(t for d in name.children if d.dep_ == "dobj" for t in d.conjuncts)])
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            # "with IOM, the Inter-American Development Bank and the OAS", read as if the Bank were
            # another name of IOM: a list, where a name in capitals goes on with others after it
            listed = [t for a in noun.children if noun.pos_ == "PROPN" and a.dep_ == "appos" and a.pos_ == "PROPN"
                      and a.conjuncts for t in [a, *a.conjuncts] if t.pos_ == "PROPN" and not self._is_country(t.text)]
            for token in [noun, *(c for c in [*noun.conjuncts, *listed] if self._second_half(c) is None)]:
                # "the support of X", and money "from X" ("with US$ 2.5 million from the Government of …")
                money = token.like_num or token.tag_ == "$" or any(c.like_num or c.tag_ == "$" for c in token.children)
                if token.lemma_.lower() in self.rules.partners.support_nouns or money:
                    inner = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                             for g in c.children if g.dep_ == "pobj"]
                    nouns.extend(t for g in inner for t in [g, *g.conjuncts])
                else:
                    nouns.append(token)
        return nouns

    def _second_half(self, conj):
        """The name a conjunct ends, where the parse coordinated it with the whole name it is part
        of: "the Ministry of Labour and Social Protection of Kazakhstan" read as "the Ministry of
        Labour" and "Social Protection of Kazakhstan". Such a conjunct follows "of" and a word that
        names no place inside the name before it, has no article of its own, names no known
        organisation, and the named-entity reader takes the whole for one organisation."""
        first = conj.head
        if conj.dep_ != "conj" or conj.i < first.i or conj.pos_ != "PROPN" or conj.ent_type_ != "ORG":
            return None
        span = conj.doc[first.i:conj.right_edge.i + 1]
        if any(t.ent_iob_ != "I" or t.ent_type_ != "ORG" for t in span[1:]):
            return None  # two organisations, or one the reader does not see whole
        words = conj.doc[conj.left_edge.i:conj.right_edge.i + 1]
        before = conj.doc[conj.left_edge.i - 2] if conj.left_edge.i >= 2 else None
        if any(t.lower_ == "the" for t in words) or before is None or before.dep_ != "pobj" \
                or before.head.lower_ != "of" or self._is_country(before.text) or self.another_organisation(words.text):
            return None
        return first

    def _body_of_members(self, noun):
        """The body whose members a noun names ("the members of the Working Group": Group), or the noun."""
        if noun.lemma_.lower() in self.rules.partners.member_nouns or noun.lower_ in self.rules.partners.member_nouns:
            body = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj"), None)
            if body is not None:
                return body
        return noun

    def _partner(self, noun) -> list[Mention]:
        """A noun as a partner, if it names an organisation or a office-holder."""
        phrase = grammar.noun_phrase(noun)
        second = next((c for c in noun.conjuncts if c.i > noun.i and self._second_half(c) == noun), None)
        if second is not None:  # "the Ministry of Labour and Social Protection of Kazakhstan": one name
            phrase = phrase.doc[phrase.start:second.right_edge.i + 1]
        named = next((d for d in noun.children if d.dep_ == "dobj"), None) if noun.dep_ == "pcomp" else None
        if named is not None:  # "Save the Children": the name is the word and its object's phrase
            phrase = phrase.doc[noun.i:grammar.noun_phrase(named).end]
        words = list(phrase)
        hidden = [c for c in grammar.hidden_conjuncts(noun) if self.is_actor(grammar.noun_phrase(c).text)
                  or self.another_organisation(grammar.noun_phrase(c).text)]
        if hidden:  # "the Intergovernmental Authority on Development and FAO" (or "and UNHCR"): the name ends before "and"
            cut = min(t.left_edge.i for t in hidden)
            while cut > noun.i and (phrase.doc[cut - 1].dep_ == "cc" or phrase.doc[cut - 1].is_punct):
                cut -= 1
            words = [t for t in words if t.i < cut]
            phrase = phrase.doc[phrase.start:cut]
        if noun.text == "Government" and [t for t in words if t.dep_ != "det"] == [noun]:
            # "In Jordan, the ILO … worked with the Government": the government of the one country the sentence names
            named = {code for code, kind, *_ in self._countries_named(phrase.doc.text) if kind == "name"}
            if len(named) != 1:
                return []
            country = self.reference.countries[named.pop()]
            return [Mention(f"Government of {country.name.split(',')[0]}", phrase.text, phrase.start_char)]
        # a name the parse parts in two, its second half in apposition right after the first with
        # no comma between ("Médecins | du Monde", "Terre | des Hommes"): one name
        rest = next((c for c in noun.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                     and c.left_edge.i == phrase.end and not c.left_edge.is_punct), None)
        if rest is not None:
            words += [t for t in rest.subtree if t.i >= phrase.end]
            phrase = phrase.doc[phrase.start:rest.right_edge.i + 1]
        after = phrase.end < len(phrase.doc) and phrase.doc[phrase.end]
        if after and noun.pos_ == "PROPN" and after.lower_ in ("on", "for", "of") and after.head != noun:
            # "the Special Rapporteur on the human rights of migrants", however the parse attached it;
            # after an organisation's name, only a name goes on ("the Intergovernmental Authority on
            # Development"): "worked with the African Union Commission on cash transfers" is what on
            rest = [t for t in after.subtree if t.i > after.i and t.dep_ not in ("det", "predet")]
            if rest and (rest[0].text[:1].isupper() or noun.lower_ in self.rules.partners.office_nouns):
                words += [t for t in after.subtree if t.i >= after.i]
        # what the work with an organisation was on, which the parse hung on its name ("with CEDAW on
        # women migrant workers"): no word of the name; an office-holder's goes on, as above
        topic = next((c for c in noun.children if c.dep_ == "prep" and c.i > noun.i and c.lower_ in self.rules.country_roles.name_topics
                      and noun.lower_ not in self.rules.partners.office_nouns
                      and (first := next((t for t in c.subtree if t.i > c.i and t.dep_ not in ("det", "predet")), None)) is not None
                      and first.text[:1].islower()), None)
        if topic is not None:
            words = [t for t in words if t.i < topic.i]
        # "UNFPA and local women's organizations", read as one phrase whose head is the common noun:
        # the name before the "and" is the partner, what follows names no organisation
        joined = next((t for t in words if t.dep_ == "cc" and t.i < noun.i), None)
        if joined is not None and noun.pos_ == "NOUN" and noun.text[:1].islower():
            words = [t for t in words if t.i < joined.i]
        # "the", "its": not the name; a name's own possessive is ("the Women's Refugee Commission")
        while words and (words[0].dep_ in ("det", "predet") or words[0].dep_ in ("poss", "case")
                         and (words[0].pos_ == "PRON" or words[0].dep_ == "case" and words[0].head.pos_ == "PRON")):
            words = words[1:]
        name = re.sub(r"\s*\([A-Z][A-Za-z]{1,9}\)$", "", grammar.words(words))  # "… (IOM)": the name is enough
        if not name or not (name[0].isupper() or noun.ent_type_ == "ORG"):
            return []
        if self._is_country(name) or any(p.fullmatch(name) for p, *_ in self._mechanism_names) or sdg_codes(name):
            return []  # a country, a mechanism or an SDG ("in line with SDG 2.3") is no partner
        # "the Governments of Australia and Canada" are two partners, one government each ("the
        # Governments of the Philippines and the United States with IOM as its secretariat" too)
        office, of, owners = name.partition(" of ")
        if of and office.endswith("s"):
            owners = re.split(r"\s+(?:with|as|through|under|for|in)\s+", owners)[0]
            parts = [part for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", owners) if part]
            if len(parts) > 1 and all(self._is_country(re.sub(r"^the\s+", "", part)) for part in parts):
                return [Mention(f"{office[:-1]} of {part}", name, phrase.start_char) for part in parts]
        if name.lower() in self.rules.partners.not_partners or noun.lower_ in ("states", "governments", "partners"):
            return []
        if len(name) < 3 and name not in self.acronyms:
            return []
        if noun.lower_ in self.rules.partners.work_nouns and self._organisation(name) == name:
            return []  # "the Regional Refugee and Resilience Plan": a piece of work, not who did it
        return [Mention(self._organisation(name), name, phrase.start_char)]

    def names_a_place(self, words: str) -> bool:
        """Whether words are a country's name or a place of one ("Guatemala", "the Gaza Strip")."""
        return self._kind_of_name(words) not in (None, "demonym")

    def _is_country(self, name: str) -> bool:
        return self._kind_of_name(name) not in (None, "demonym", "place")

    def _kind_of_name(self, words: str) -> str | None:
        """The kind of country name the words are, whole ("name", "short", "demonym", "place"), or None."""
        pattern, names = self._country_names
        m = pattern.fullmatch(words.strip())
        return names.get(" ".join(m.group(1).split()), (None, None))[1] if m else None

    # --- events ------------------------------------------------------------------------

    def sessions(self, text: str, local: dict[str, str]) -> list[tuple[int, str | None, int]]:
        """(session number, mechanism code or None, position) for '64th CEDAW session', '25th
        session of the CMW', 'sixty-first session of the Commission ... (CSW61)', 'CSW61'."""
        found = []
        for m in re.finditer(rf"\b((?:{NUMBER})(?:\s*,\s*(?:{NUMBER}))*(?:,?\s+and\s+(?:{NUMBER}))?)\s+"
                             rf"((?:\(?[A-Z][\w]*\)?\s+){{0,5}})sessions?(?:\s+of\s+(?:the\s+)?([^,;.]{{2,90}}))?",
                             text, re.IGNORECASE):
            named = (m.group(2) or "") + " " + (m.group(3) or "")
            bodies, _ = self.mechanisms(named, local)
            for listed in re.finditer(rf"\b(?:{NUMBER})\b", m.group(1), re.IGNORECASE):  # "its 66th, 67th and 68th sessions"
                number = number_in_words(listed.group(0))
                if number:
                    found.append((number, bodies[0].value if bodies else None, m.start() + listed.start()))
        for pattern, code in self._numbered_abbreviations:
            for m in pattern.finditer(text):
                found.append((int(m.group(1)), code, m.start()))
        return found

    @cached_property
    def _numbered_abbreviations(self) -> list[tuple[re.Pattern, str]]:
        """A mechanism's abbreviation with its session's number: 'CSW61'."""
        return [(re.compile(pattern.pattern.replace(r"(?:\d{1,3})?", r"(\d{1,3})")), code)
                for pattern, code, _ in self._mechanism_names if r"(?:\d{1,3})?" in pattern.pattern]

    def events(self, text: str, year: int, local: dict[str, str]) -> list[Event]:
        """The events a sentence reports, at the precision its dates give. Words that name an
        event by its nature (a side event, a briefing, a submission) always count; words that
        may only name a place or a process (a summit, a meeting) count where they stand as a place
        ('at the Summit') or where the grammar holds them: what a verb of holding holds ('hosted
        the meetings'), a named body deciding, a verb of taking part or of leading, a submission to
        a mechanism. A plural noun followed by places is one event for each place."""
        found: list[Event] = []
        places = cue_pattern(self.rules.event_places)
        mentions = []
        taken: list[tuple[int, int]] = []
        ordered = sorted(((code, m) for code, pattern in self.event_cues for m in pattern.finditer(text)),
                         key=lambda cm: (-(cm[1].end() - cm[1].start()), cm[1].start()))
        for code, m in ordered:
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            mentions.append((code, m))
        mentions.sort(key=lambda cm: cm[1].start())
        sessions = self.sessions(text, local)
        by_nature = set(self.rules.events_by_nature)
        back = re.compile(r"(?:" + cue_pattern(self.rules.event_back_references).pattern + r")\s+$", re.IGNORECASE)
        place_before = re.compile(r"(?:" + places.pattern + r")\s+(?:the\s+|its\s+|an?\s+)?(?:[\w-]+,?\s+){0,4}$",
                                  re.IGNORECASE)
        list_before = re.compile(r"^\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+|its\s+)?(?:[\w-]+\s+){0,3}$")
        placed: set[int] = set()  # mentions that stand where a place does ("at the Summit")
        previous_end = None
        for _, m in mentions:
            if place_before.search(text[:m.start()]) or (
                    previous_end is not None and previous_end in placed and list_before.match(text[previous_end:m.start()])):
                placed.add(m.end())
            previous_end = m.end()
        # an event held somewhere ("a side event on the margins of the Coordination Meeting") makes
        # the other event words of its sentence its places, not events of their own
        hosts = [m for code, m in mentions if code in by_nature and m.end() not in placed]
        governed_until = -1
        starts: list[int] = []  # where each event of the loop below is named
        for code, m in mentions:
            if m.start() < governed_until:
                continue  # a place of an event named before it: "side events at the Summit"
            if self._as_a_time(text, m.start(), m.end()) or self._every(text, m.start(), m.end()):
                continue  # "After the high-level meeting …, ESCWA briefed …": when, not what; "every workshop": none
            if re.search(r"\b(?:on|about|regarding)\s+(?:the|its|this|that)\s+$", text[:m.start()], re.IGNORECASE):
                continue  # "briefed on the submission": what the event was about
            if back.search(text[:m.start()]) or (
                    re.fullmatch(r"[A-Z]\w+", m.group(0)) and re.search(r"\bthe\s+$", text[:m.start()], re.IGNORECASE)
                    and any(k == code and n.start() < m.start() and n.group(0) != m.group(0) for k, n in mentions)):
                continue  # "at the same session", "the Forum" after "the fourth Asia-Pacific Forum": named before
            if code not in by_nature and (hosts or m.end() not in placed):
                continue
            plural = m.group(0).lower().endswith("s") and code in by_nature
            venues = []
            label = self.reference.vocabulary("event_kinds")[code].label
            each = _PLACES_AND_DATES.match(text, m.end()) if plural else None
            bracketed = _PLACES_DATED_IN_BRACKETS.match(text, m.end()) if plural and not each else None
            pieces = [(p.group("place"), p.group(0)[:p.start("when") - p.start() - 1].strip(), dates(p.group("when"), year))
                      for p in _PLACE_DATED_IN_BRACKETS.finditer(bracketed.group("places"))] if bracketed else []
            if pieces and all(when for *_, when in pieces):
                # "workshops on migration statistics in Cambodia (May 2018), … and Myanmar (October 2018)"
                topic = " ".join(bracketed.group("topic").split())
                for place, said, when in pieces:
                    found.append(Event(code, f"{label}{' ' + topic if topic else ''} in {said}", when[0].value,
                                       f"{m.group(0)} … {place}", place=place))
                    starts.append(m.start())
                governed_until = bracketed.end()
                continue
            if each:  # "two workshops, in Dakar on 3 May and in Bamako on 10 July": one event each
                for piece in _PLACE_AND_DATE.finditer(each.group(0)):
                    when = dates(piece.group("when"), year)
                    found.append(Event(code, f"{label} in {piece.group('place')}", when[0].value if when else str(year),
                                       f"{m.group(0)} … {piece.group(0).strip(' ,')}", place=piece.group("place")))
                    starts.append(m.start())
                governed_until = each.end()
                continue
            if plural:
                after = text[m.end():]
                tail = re.match(r"((?:\s*,?\s*(?:and\s+)?(?:at|on the margins of|during)\s+[^,;.]+)+)", after)
                if tail:
                    venues = [v.strip() for v in re.split(r",?\s*(?:and\s+)?(?:at|on the margins of|during)\s+",
                                                          tail.group(1)) if v.strip()]
                    governed_until = m.end() + tail.end()
            elif code in by_nature:
                after = text[m.end():]
                tail = re.match(r"[^,;.]*?\b(?:at|on the margins of|during|to)\s+(the\s+[^,;.]+)", after)
                # "a workshop on 4 May and a side event at the Summit": the Summit is the side event's place
                between = after[:tail.start(1)] if tail else ""
                if tail and any(p.search(tail.group(1)) for _, p in self.event_cues) and \
                        not any(p.search(between) for _, p in self.event_cues):
                    governed_until = m.end() + tail.end()
            if code == "session" and not any(m.start() - 80 < pos < m.end() + 120 for _, _, pos in sessions) and \
                    not self.mechanisms(text[m.start():m.end() + 80], local)[0]:
                code = "meeting"  # "an informal session of the consultations": no body's formal session
            for venue in venues or [None]:
                session = next(((n, c) for n, c, pos in sessions
                                if (venue and pos >= text.find(venue) and pos < text.find(venue) + len(venue))
                                or (not venue and m.start() - 80 < pos < m.end() + 120)), (None, None))
                # the mechanism a venue names, or the one named right before the event word ("GFMD Summit")
                bodies, _ = self.mechanisms(venue or "", local)
                if not venue:
                    named, _ = self.mechanisms(text[max(0, m.start() - 40):m.start()], local)
                    bodies = [b for b in named if text[:m.start()].rstrip().endswith(b.words)]
                date = self._event_date(text, m.start(), m.end(), year)
                after = [n.start() for _, n in mentions if n.start() >= max(m.end(), governed_until)]
                title = _event_title(text, m, label, venue, self.parse(text), min(after, default=len(text)))
                place = None if venue else self._place(text, m.start(), m.end())
                found.append(Event(code, title, date, m.group(0) + (f" at {venue}" if venue else ""),
                                   mechanism=session[1] or (bodies[0].value if bodies else None)
                                   or self._nearest_mechanism(text, m.start(), m.end(), local),
                                   session=session[0], place=place))
                starts.append(m.start())
        # what the grammar says an event is replaces the words' reading of the same phrase ("the 106th
        # Session of the Conference held …" is a session, not a meeting); an event named by its nature
        # stays, with what it holds as its place
        for event, start, end in self._held_or_decided(text, year, local):
            inside = [k for k, at in enumerate(starts) if start <= at < end]
            if any(found[k].kind in by_nature for k in inside):
                continue
            found = [e for k, e in enumerate(found) if k not in inside] + [event]
            starts = [at for k, at in enumerate(starts) if k not in inside] + [start]
        submitted = self._submissions(text, year, local, found)
        if submitted:  # the sessions a submission names are what it was for
            found = [e for e in found if not (e.kind == "session" and e.session in {s.session for s in submitted})]
        found.extend(submitted)
        found.extend(self._taken_part_in(text, year, local, found))
        found = [e for e in found if not self._agency_acting(e.title)]
        return _dedupe_events([self._of_a_process(each) for e in found
                               for each in self._each_session(self._placed_apart(e, text), text, year, local)])

    def _of_a_process(self, event: Event) -> Event:
        """A session of a process, not of a body ("the fifth informal thematic session of the
        consultations on the global compact": a meeting word in lower case after "of the"), is a
        meeting, numbered; a formal session is a body's ("of the International Labour Conference")."""
        of = re.search(r"\b[Ss]essions?\s+of\s+the\s+([a-z][\w-]*)", event.title) if event.kind == "session" else None
        if of is None or not any(code == "meeting" and p.fullmatch(of.group(1)) for code, p in self.event_cues):
            return event
        return replace(event, kind="meeting", number=event.number or event.session, session=None)

    def _placed_apart(self, event: Event, text: str) -> Event:
        """An event's title without the place it was held in, which goes to `place`, as people
        write them ("Workshop on rural migration in Dakar" is the "Workshop on rural migration", held
        in Dakar; "Session of the Forum, held in Kuala Lumpur" the "Session of the Forum"). A list
        of places ("in Jordan and Lebanon") stays: no one of them is the event's place."""
        names = [event.place] if event.place else []
        names += [_whole_place(entity) for entity in self.parse(text).ents if entity.label_ == "GPE"]
        for name in names:
            said = re.search(rf"(?:,?\s+(?:held|hosted|convened|organi[sz]ed))?\s+in\s+(?:the\s+)?{re.escape(name)}"
                             rf"(?:,\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,3}})?"  # "in Bangkok, Thailand"
                             rf"(?=$|,|\s+(?:on|about|in|from|during)\s)", event.title)
            if said is None:
                continue
            title = (event.title[:said.start()] + event.title[said.end():]).strip(" ,")
            title = re.sub(r"(?:,?\s+(?:in|on|at|during|from|held))+$", "", title)
            if re.search(r"\w", title):
                return replace(event, title=title, place=event.place or name)
        return event

    def _each_session(self, event: Event, text: str, year: int, local: dict[str, str]) -> list[Event]:
        """A session event named by its body ("at its 69th session": the 69th session of the body
        named before "its"), and one event for each session of a list ("the 28th and 29th sessions
        of the CMW, in April and September 2018"), each with its own date where the sentence gives
        one date a session, else its year: a list's last date is no date of its first session."""
        if event.kind != "session":
            return [event]
        if (its := _ITS_SESSIONS.search(text)) and re.fullmatch(rf"(?:{_ORDINAL_LIST}\s+)?sessions?(?:\s+(?:in|on|from)\s+[^,;]+)?", event.title,
                                                                  re.IGNORECASE):
            body = self._body_before(text, its.start(), local)
            if body:
                said = its.group("listed") or (f"{event.session}{_suffix(event.session)}" if event.session else "")
                named = f"{said} {its.group('noun')} of {body[0]}".strip()
                event = replace(event, title=named[0].upper() + named[1:], mechanism=event.mechanism or body[1])
        listed = re.match(rf"({_ORDINAL_LIST})\s+sessions\b", event.title, re.IGNORECASE)
        numbers = [(n.group(0), number_in_words(n.group(0)))
                   for n in re.finditer(rf"\b(?:{NUMBER})\b", listed.group(1), re.IGNORECASE)] if listed else []
        if len(numbers) < 2 or not all(number for _, number in numbers):
            return [event]
        when = dates(text, year)
        rest = event.title[listed.end():]
        return [replace(event, title=f"{said[0].upper()}{said[1:]} session{rest}", session=number,
                        date=when[k].value if len(when) == len(numbers) else event.date[:4])
                for k, (said, number) in enumerate(numbers)]

    def _body_before(self, text: str, end: int, local: dict[str, str]) -> tuple[str, str | None] | None:
        """The body a sentence names before `end`, whose sessions "its" stands for: the words of the
        last mechanism named, else of the last name in capitals that is no part of the agency's
        ("the Human Rights Council at its 38th session")."""
        doc = self.parse(text)
        its = next((t for t in doc if t.idx == end), None)
        verb = its
        while verb is not None and not grammar.is_verb(verb) and verb.head != verb:
            verb = verb.head
        who = grammar.subject(verb) if verb is not None and grammar.is_verb(verb) else None
        while who is None and verb is not None and verb.dep_ in ("xcomp", "conj") and grammar.is_verb(verb.head):
            verb = verb.head  # "is expected to adopt": the subject of the verb it completes
            who = grammar.subject(verb)
        if who is not None and cue_pattern(self.rules.deciding_bodies).fullmatch(who.text) and who.text[:1].isupper():
            # "The Conference is expected to adopt a Convention … at its 108th session": its subject's
            phrase = grammar.noun_phrase(who)
            named = self.mechanisms(phrase.text, local)[0]
            return re.sub(r"^The\s", "the ", phrase.text), named[0].value if named else None
        bodies, _ = self.mechanisms(text[:end], local)
        if bodies:
            named = bodies[-1]
            article = "the " if re.search(r"\bthe\s+$", text[:named.start], re.IGNORECASE) else ""
            return article + named.words, named.value
        token = next((t for t in reversed(doc[:]) if t.idx < end and t.pos_ == "PROPN"), None)  # the last name
        if token is None:
            return None
        head = _modified(token) if token.dep_ in ("compound", "amod") else token
        # "Development" of "the Committee on Gender and Social Development" is a word of the Committee's name
        while head.dep_ == "conj" and head.head.dep_ == "pobj" or \
                head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ == "PROPN":
            head = head.head if head.dep_ == "conj" else head.head.head
        phrase = grammar.noun_phrase(head)
        words = re.sub(r"\s+(?:at|during|for|in)$", "", text[phrase.start_char:min(phrase.end_char, end)].strip(" ,"))
        words = re.sub(r"^The\s", "the ", words)
        return (words, None) if words and not self.is_actor(re.sub(r"^the\s+", "", words, flags=re.IGNORECASE)) else None

    def _agency_acting(self, title: str) -> bool:
        """Whether an event's title is the agency doing something ("Economic Commission for Africa
        organized a …", its name read as a meeting body's): no event, but who held one. An event
        named after the agency ("UN Women side event") is one."""
        bare = re.sub(r"^the\s+", "", title, flags=re.IGNORECASE)
        named = self.patterns["actor"].match(bare)
        return bool(named and re.match(r"\s+[a-z]+ed\b", bare[named.end():]))

    def _event_date(self, text: str, start: int, end: int, year: int) -> str:
        """The date of the event whose words stand from `start` to `end`, told apart from the other
        events the sentence names by their words ("took part in the Conference on 12 May and in a
        workshop on 14 May")."""
        doc = self.parse(text)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return next((d.value for d in dates(text, year) if abs(d.start - start) < 160), str(year))
        others = [named.root for _, pattern in self.event_cues for m in pattern.finditer(text)
                  if (named := doc.char_span(m.start(), m.end(), alignment_mode="expand")) is not None and len(named)]
        return _event_date(doc, span.root, text, year, others)

    def _every(self, text: str, start: int, end: int) -> bool:
        """Whether the event words at start:end are said of every event of a kind ("every planning
        workshop", "all regional meetings"), no one event."""
        span = self.parse(text).char_span(start, end, alignment_mode="expand")
        return span is not None and any(c.dep_ in ("det", "predet") and c.lower_ in ("every", "each", "all")
                                        for c in span.root.children)

    def _as_a_time(self, text: str, start: int, end: int) -> bool:
        """Whether the event words at start:end are the time of what the sentence tells, not its
        event: their noun phrase the object of a preposition of time (`event_time_prepositions`:
        "After the high-level meeting of the General Assembly, …")."""
        span = self.parse(text).char_span(start, end, alignment_mode="expand")
        if span is None or span.root.dep_ != "pobj":
            return False
        phrase = grammar.noun_phrase(span.root)
        return bool(self.patterns["event_time"].search(text[:phrase.start_char]))

    def _place(self, text: str, start: int, end: int) -> str | None:
        """Where an event was held, if the sentence says: a place after "in" that attaches to the
        event's noun or to the verb that holds it ("held a panel … in Geneva")."""
        doc = self.parse(text)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        event = span.root
        # the verb that holds it, not the event a list names before it ("a panel in Geneva and a workshop …")
        holders = {event, event.head} if grammar.is_verb(event.head) else {event}
        # "a conference held in …", "the session of the CSW, held in New York …"; a verb's own words
        # hold no other event's place ("After the meeting, held in New York, ESCWA briefed …")
        holders |= {c for t in grammar.noun_phrase(event) for c in t.children
                    if c.dep_ == "acl" and grammar.is_verb(c) and self.patterns["event_verbs"].fullmatch(c.text)} \
            if not grammar.is_verb(event) else set()
        for entity in doc.ents:
            if entity.label_ != "GPE":
                continue
            prep, governor = grammar.attachment(entity.root)
            if prep is not None and prep.lower_ == "in" and (governor in holders or governor.head in holders
                                                              and governor.dep_ == "pobj"):
                return _whole_place(entity)
        return None

    def _nearest_mechanism(self, text: str, start: int, end: int, local: dict[str, str]) -> str | None:
        """The mechanism an event is held with or for, where the words next to it name one ("a
        submission to the CEDAW Committee", "the CMW was briefed")."""
        after, _ = self.mechanisms(text[end:end + 80], local)
        if after and not re.search(r"[.;]", text[end:end + after[0].start]):
            return after[0].value
        before, _ = self.mechanisms(text[max(0, start - 60):start], local)
        if before and not re.search(r"[.;,]", text[max(0, start - 60) + before[-1].start:start]):
            return before[-1].value
        return None

    def taken_part_in(self, text: str, year: int, local: dict[str, str]) -> list[Event]:
        """The events a sentence says the agency took part in."""
        return self._taken_part_in(text, year, local, [])

    def _taken_part_in(self, text: str, year: int, local: dict[str, str], known: list[Event]) -> list[Event]:
        """Events the agency took part in: what a verb of taking part governs ("took part in the
        Global Forum on Migration and Development", "attended the 67th session of the CEDAW
        Committee", "spoke at a regional conference"), where it names an event or a mechanism."""
        cues = cue_pattern(self.rules.participation_verbs)
        leading = cue_pattern(self.rules.leading_verbs)
        if not cues.search(text) and not leading.search(text):
            return []
        doc = self.parse(text)
        found: list[Event] = []
        for cue in sorted([*cues.finditer(text), *leading.finditer(text)], key=lambda m: m.start()):
            span = doc.char_span(cue.start(), cue.end(), alignment_mode="expand")
            if span is None:
                continue
            # "co-chaired" is three tokens: the verb is the one the others hang on
            verb = span.root if grammar.is_verb(span.root) else next((t for t in span if grammar.is_verb(t)), span.root)
            holders = [verb, *[t for t in span if t.i != verb.i]]
            nouns = [c for h in holders for c in h.children if c.dep_ == "dobj" and c.lower_ != "part"]
            nouns += [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "to", "during")
                      for g in c.children if g.dep_ == "pobj"]
            for noun in (n for n in nouns if not self._every(text, n.idx, n.idx + len(n))):
                for event, _, _ in self._named_events(noun, text, year, local, f"{cue.group(0)} … ",
                                                      bodies=cue.re is cues):
                    if any(e.kind == event.kind and (e.words in event.words or event.words in e.words or
                                                     e.title == event.title or (
                            e.mechanism is not None and e.mechanism == event.mechanism and e.session == event.session))
                           for e in [*known, *found]):
                        continue
                    found.append(event)
        return found

    def _named_events(self, noun, text: str, year: int, local: dict[str, str], basis: str,
                      bodies: bool) -> list[tuple[Event, int, int]]:
        """The events a noun phrase names, with where its words start and end: where its words up to
        its noun hold an event's word ("the fourth Asia-Pacific Forum"), a session ("the 67th
        session of …") or, with `bodies`, a mechanism ("the GFMD"). A plural event word before a
        list of names is one event for each ("meetings of the Colombo Process and the Abu Dhabi
        Dialogue")."""
        if noun.pos_ == "PRON":
            return []
        phrase = grammar.noun_phrase(noun)
        other = next((t for t in phrase if t.dep_ == "conj" and t.i > noun.i and self._names_event_with_modifiers(t)),
                     None)
        if other is not None:  # "a workshop in Dakar and a panel discussion in Geneva": the panel is its own
            end = other.left_edge.i
            while end > noun.i + 1 and noun.doc[end - 1].dep_ in ("cc", "punct"):
                end -= 1
            phrase = noun.doc[phrase.start:end]
        head = grammar.words([t for t in phrase if t.i <= noun.i])  # "the 67th session", "the GFMD Summit"
        kind = next((code for code, pattern in self.event_cues if pattern.search(head)), None)
        if kind is None and self.patterns["held_meetings"].fullmatch(noun.text):
            kind = "meeting"  # "held the fourth Asia-Pacific Forum"
        named = [b for b in self.mechanisms(phrase.text, local)[0] if b.start <= len(head)]
        sessions = [s for s in self.sessions(phrase.text, local) if s[2] <= len(head)]
        if kind is None and not sessions and not (bodies and named):
            return []
        kind = kind or ("session" if sessions else "meeting")
        if kind == "session" and not sessions and not named:
            kind = "meeting"  # "an informal thematic session of the consultations": no body's formal session
        phrases = [phrase]
        listed = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                  if g.dep_ == "pobj"] if noun.tag_ in ("NNS", "NNPS") else []
        if listed and listed[0].conjuncts:  # one event for each name of the list
            phrases = [(noun.doc[phrase.start:listed[0].left_edge.i], grammar.noun_phrase(name))
                       for name in (listed[0], *listed[0].conjuncts)]
        found = []
        for part in phrases:
            start = (part if part is phrase else part[0]).start_char
            end = (part if part is phrase else part[1]).end_char
            if part is phrase:
                end = _title_end(text, end, noun.idx + len(noun))
            words = text[start:end] if part is phrase else f"{part[0].text} {part[1].text}"
            mechanism_named = [b for b in self.mechanisms(words, local)[0] if b.start <= len(head) or part is not phrase]
            session, mechanism = (sessions[0][0], sessions[0][1]) if sessions else (None, None)
            mechanism = mechanism or (mechanism_named[0].value if mechanism_named else None)
            ordinal = _ordinal(phrase, noun)
            title = _undated(re.sub(r"^(?:the|a|an|its|their)\s+", "", words, flags=re.IGNORECASE))
            date = self._event_date(text, noun.idx, noun.idx + len(noun), year)
            found.append((Event(kind, title[:1].upper() + title[1:], date, f"{basis}{words}",
                                number=ordinal if session is None and ordinal != session else None,
                                mechanism=mechanism, session=session, place=self._place(text, start, end)), start, end))
        return found

    def _held_or_decided(self, text: str, year: int, local: dict[str, str]) -> list[tuple[Event, int, int]]:
        """Events the grammar of a sentence names, with where their words start and end: what a verb
        of holding holds ("ESCAP held the fourth Asia-Pacific Forum", "the Forum will take place in
        Bangkok", "the Summit held on 19 September"), and a body's meeting where its name is the
        subject of a verb of deciding or holding ("the Executive Board approved the plan")."""
        holding = self.patterns["event_verbs"]
        deciding = cue_pattern(self.rules.decision_verbs)
        if not holding.search(text) and not deciding.search(text):
            return []
        bodies = cue_pattern(self.rules.deciding_bodies)
        doc = self.parse(text)
        found: list[tuple[Event, int, int]] = []
        for verb in doc:
            if not grammar.is_verb(verb):
                continue
            held = holding.match(text, verb.idx)
            if held and verb.dep_ in ("acl", "relcl") and self._as_a_time(text, verb.head.idx, verb.head.idx + len(verb.head)):
                continue  # "After the high-level meeting …, held in New York, ESCWA briefed …": when, not what
            if held:
                nouns = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ != "place"]
                # each of a list of things held: "a workshop … and a panel …", and one the parse hung on a
                # phrase of the first ("a workshop in Dakar and a panel discussion in Geneva")
                nouns += [c for n in nouns for c in n.subtree if c.dep_ == "conj" and c.i > n.i
                          and (c.head == n or self._names_event_with_modifiers(c))]
                if held.group(0).lower().endswith("place"):  # "the Forum will take place"
                    nouns += [c for c in verb.children if c.dep_ == "nsubj"]
                if verb.dep_ in ("acl", "relcl") and not nouns or any(c.tag_ in ("WDT", "WP") for c in nouns):
                    nouns = [verb.head]  # "the Summit held on …", "the forum that took place in …"
                every = [n for n in nouns if self._every(text, n.idx, n.idx + len(n))]  # "all regional meetings"
                nouns = [n for n in nouns if n not in every]
                events = [e for noun in nouns
                          for e in self._named_events(noun, text, year, local, f"{held.group(0)} … ", bodies=False)]
                if not events and not every and verb.dep_ in ("advcl", "acl", "relcl") and not grammar.subject(verb):
                    events = [e for noun in self._described(verb)  # "…, to be held in Geneva in October 2018"
                              for e in self._named_events(noun, text, year, local, f"{held.group(0)} … ", bodies=False)]
                if not events and not nouns and not every:  # the parser hung the object elsewhere: "organized, with IOM, the Meeting"
                    events = [e for noun in self._object_named_later(verb)
                              for e in self._named_events(noun, text, year, local, f"{held.group(0)} … ", bodies=False)]
                found.extend(events)
            if not (held or deciding.fullmatch(verb.text)) or held and events:
                continue  # "The Committee held its fifth session": the session it held is the event
            body = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if body is None or not bodies.fullmatch(body.text) or not body.text[:1].isupper() or \
                    not grammar.in_main_clause(verb):
                continue  # "the strategy that its Regional Committee adopted in 2016" is not the work's event
            phrase = grammar.noun_phrase(body)
            if sum(1 for t in phrase if t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN", "ADJ")) < 2:
                continue  # "The Conference adopted …" speaks of one named before
            found.extend(self._body_meets(body, phrase, verb, text, year, local))
        return [f for k, f in enumerate(found) if not any(f[1] == g[1] for g in found[:k])]

    def _names_event(self, token) -> bool:
        return any(p.search(token.text) for _, p in self.event_cues) or bool(
            self.patterns["held_meetings"].fullmatch(token.text))

    def _names_event_with_modifiers(self, token) -> bool:
        """Whether a noun with the words before it names an event ("a panel discussion")."""
        return self._names_event(token) or any(
            p.search(token.doc[token.left_edge.i:token.i + 1].text) for _, p in self.event_cues)

    def _object_named_later(self, verb) -> list:
        """The first noun after a verb, in what depends on it, that names an event, reached through
        no preposition but "with" (a verb's object that the parser read as part of a phrase before
        it: "organized, with IOM, the Regional Meeting")."""
        for token in verb.subtree:
            if token.i <= verb.i or token.pos_ not in ("NOUN", "PROPN") or not self._names_event(token):
                continue
            chain, up = [], token
            while up.i != verb.i and up.head.i != up.i:  # spaCy makes a new Token object on each access
                chain.append(up)
                up = up.head
            if all(t.pos_ != "ADP" or t.lower_ == "with" for t in chain) and not any(grammar.is_verb(t) for t in chain):
                return [token]
        return []

    def _described(self, verb) -> list:
        """The event a clause after a comma describes ("the 20th Conference of Labour Statisticians,
        to be held in Geneva"): of the nouns the phrase before the comma is built of, the outermost
        that names an event."""
        doc = verb.doc
        at = verb.left_edge.i - 1
        while at >= 0 and doc[at].is_punct:
            at -= 1
        if at < 0:
            return []
        token, named = doc[at], []
        while True:
            if token.pos_ in ("NOUN", "PROPN") and self._names_event(token):
                named = [token]
            up = token.head if token.head.pos_ != "ADP" else token.head.head
            if token.dep_ not in ("pobj", "compound", "conj") or token.head.pos_ not in ("ADP", "NOUN", "PROPN") \
                    or up.i == token.i:
                return named
            token = up

    def _body_meets(self, body, phrase, verb, text: str, year: int, local: dict[str, str]) -> list[tuple[Event, int, int]]:
        """A body's meeting, from its name as the subject of what it did: a session where its name
        gives a number ("the Seventieth World Health Assembly", "the 106th Session of …") or it is
        a mechanism, a meeting otherwise; titled by the clause ("Executive Board approved the
        Strategic Plan")."""
        kind = next((code for code, pattern in self.event_cues if pattern.fullmatch(body.text)), None)
        sessions = [s for s in self.sessions(phrase.text, local)]
        named = self.mechanisms(phrase.text, local)[0]
        ordinal = _ordinal(phrase, body)
        session = sessions[0][0] if sessions else None
        if kind is None:
            kind = "session" if session is not None or ordinal is not None or named else "meeting"
        if kind == "session" and session is None:
            session = ordinal
        clause = grammar.shorten(grammar.predicate(verb), 100 - len(phrase.text))
        words = phrase.text + " " + grammar.words([t for p in clause for t in p])
        title = re.sub(r"^(?:the|a|an|its|their)\s+", "", words, flags=re.IGNORECASE)
        date = self._event_date(text, body.idx, body.idx + len(body), year)
        event = Event(kind, title[:1].upper() + title[1:], date, words, number=ordinal if kind != "session" else None,
                      mechanism=(sessions[0][1] if sessions else None) or (named[0].value if named else None),
                      session=session, place=self._place(text, phrase.start_char, phrase.end_char))
        return [(event, phrase.start_char, phrase.end_char)]

    def _submissions(self, text: str, year: int, local: dict[str, str], known: list[Event]) -> list[Event]:
        """Submissions a verb of submitting reports where "to" and a mechanism follow it ("submitted
        comments to the CEDAW Committee"): one for each session the sentence names after the verb
        ("for the States reviewed at its 66th, 67th and 68th sessions"), else one."""
        cues = cue_pattern(self.rules.submission_verbs)
        if not cues.search(text) or any(e.kind == "submission" for e in known):
            return []
        doc = self.parse(text)
        found: list[Event] = []
        for verb in doc:
            if not (grammar.is_verb(verb) and cues.fullmatch(verb.text)) or grammar.is_passive(verb):
                continue
            to = [c for c in verb.subtree if c.dep_ == "prep" and c.lower_ == "to" and c.i > verb.i]
            mechanism = next((m for p in to for g in p.children if g.dep_ == "pobj"
                              for m in [self._recipient(g, text, local)] if m), None)
            if mechanism is None:
                continue
            what = next((c for c in verb.children if c.dep_ == "dobj"), None)
            words = grammar.noun_phrase(what).text if what is not None else verb.text
            title = re.sub(r"^(?:the|a|an|its|their)\s+", "", words, flags=re.IGNORECASE)
            sessions = [s for s in self.sessions(text[verb.idx:], local)]
            date = _event_date(doc, verb, text, year)
            for session in sessions or [(None, None, 0)]:
                found.append(Event("submission", title[:1].upper() + title[1:] + (
                    f" (session {session[0]})" if len(sessions) > 1 else ""), date, f"{verb.text} … {words}",
                                   mechanism=mechanism, session=session[0]))
        return found

    def _recipient(self, noun, text: str, local: dict[str, str]) -> str | None:
        """The mechanism a noun after "to" names: its noun phrase, or, where the parse cut a long name
        short ("to the Committee on the Elimination of …", its "on …" read as the verb's), the name
        that starts there and runs on to the clause's end."""
        phrase = grammar.noun_phrase(noun)
        bodies = self.mechanisms(phrase.text, local)[0]
        if bodies:
            return bodies[0].value
        rest = re.match(r"[^,;]*", text[phrase.start_char:]).group(0)
        return next((m.value for m in self.mechanisms(rest, local)[0]
                     if 0 <= rest.find(m.words) <= len(phrase.text)), None)

    # --- products ----------------------------------------------------------------------

    def products(self, text: str, titles: Iterable[str] = ()) -> list[Product]:
        """Knowledge products a sentence says were made, with their count and scope:
        'produced three global reports ... and six global policy briefs', not those it says were not
        ("did not complete the study"); `titles` are the words
        its paragraph sets in italics, which name a product (`_entitled`)."""
        doc = self.parse(text)
        # a verb of making, not its word inside a name ("the Economic Commission for Africa published …")
        verb = next((m for m in self.patterns["product_verbs"].finditer(text)
                     if (t := _token_at(doc, m.start())) is None or grammar.is_verb(t)), None)
        made = _token_at(doc, verb.start()) if verb else None
        if not verb or (made is not None and grammar.negations(made)):  # "did not complete the study"
            return self._products_told_in(text)
        what = grammar.subject(made) if made is not None and grammar.is_passive(made) else None
        by = [g for c in made.children if c.dep_ == "agent" for g in c.children] if what is not None else []
        if what is not None and what.pos_ != "PRON" and all(self.is_actor(grammar.noun_phrase(g).text) for g in by):
            # "A handbook on … was published": what was made is the subject (not one others made); a
            # subject the parse split at the name after its noun ("The report Food Security and
            # Emigration was published") is whole again
            words = (grammar.whole_subject(made, what) or grammar.noun_phrase(what)).text
            return _entitled(self._products_made(words, text), text, titles)
        return _entitled(self._products_made(text[verb.end():], text), text, titles)

    def _products_made(self, rest: str, text: str) -> list[Product]:
        """The products named in `rest`, the words that say what a sentence (`text`) made."""
        scope_words = {"global": cue_pattern(self.rules.products.global_),
                       "regional": cue_pattern(self.rules.products.regional),
                       "national": cue_pattern(self.rules.products.national)}
        elements = re.split(rf"[;:]\s*(?:and\s+)?|,\s*(?:and\s+)?(?=(?:{NUMBER}|an?|the)\s)|"
                            rf"\s+and\s+(?=(?:{NUMBER}|an?)\s)", rest, flags=re.IGNORECASE)
        found: list[Product] = []
        inherited = None
        for element in elements:
            element = element.strip(" ,.")
            head = " ".join(element.split()[:7])
            umbrella = self.patterns["umbrellas"].search(head)
            noun = self.patterns["product_nouns"].search(head)
            gathered = re.match(r"(?:" + self.patterns["collections"].pattern + r")\s+of\s+", element[noun.start():],
                                re.IGNORECASE) if noun else None
            if gathered:  # "a series of background papers": the papers, with the words before them
                inner = self.patterns["product_nouns"].search(element, noun.start() + gathered.end())
                if inner and len(element[noun.start() + gathered.end():inner.start()].split()) <= 3:
                    element = element[noun.start() + gathered.end():]
                    head = " ".join(element.split()[:7])
                    noun = self.patterns["product_nouns"].search(head)
            if umbrella and (not noun or umbrella.start() <= noun.start()):
                scope = next((s for s, p in scope_words.items() if p.search(head[:umbrella.start()])), None)
                inherited = scope or inherited
                continue
            if not noun:
                continue
            lead = head[:noun.start()]
            collection = list(re.finditer(r"(?:" + self.patterns["collections"].pattern + r")\s+of\s+", lead, re.I))
            if collection:  # "a set of 12 national studies": the studies, counted by the words after "of"
                lead = lead[collection[-1].end():]
            lead = lead.split()
            if len(lead) > 5:
                continue
            count = number_in_words(lead[0]) if lead else None
            words = lead[1:] if count is not None or (lead and lead[0].lower() in {"a", "an", "the", "its", "their",
                                                                                    "our", "his", "her"}) else lead
            scope = next((s for s, p in scope_words.items() if any(p.fullmatch(w) for w in words)), None)
            # a scope word in capitals before a name in capitals is the name's ("the Global Education
            # Monitoring Report"), kept in its title
            named = noun.group(0)[:1].isupper() and all(w[:1].isupper() for w in words)
            kept = [w for w in words if named or not any(p.fullmatch(w) for p in scope_words.values())]
            tail = self._product_tail(noun.group(0), element[element.find(noun.group(0)) + len(noun.group(0)):])
            title = " ".join([*kept, noun.group(0)]) + tail
            title = re.sub(r"\s+", " ", title).strip()
            found.append(Product(title[0].upper() + title[1:], scope or inherited, count,
                                 element[:element.find(noun.group(0)) + len(noun.group(0))].strip()))
        nouns = {p.words.split()[-1].lower() for p in found if p.words}  # each product once
        return found + [p for p in self._products_told_in(text) if p.words.split()[-1].lower() not in nouns]

    def _products_told_in(self, text: str) -> list[Product]:
        """A document the agency puts what it tells in ("shared what local authorities had learned
        in a set of training materials", "will report on … in its annual accountability report"):
        a product noun after "in" that a verb of telling (`products.telling_verbs`) governs, its own
        or a new one ("its", "their", "a"), not one of others ("in the Secretary-General's report")."""
        if not self.patterns["product_nouns"].search(text) or not _IN_A_DOCUMENT.search(text):
            return []  # no parse where no "in" opens a phrase of one's own or a new one
        doc = self.parse(text)
        found: list[Product] = []
        for prep in doc:
            if prep.dep_ != "prep" or prep.lower_ != "in":
                continue
            verb = self._telling(prep.head)
            if verb is None:
                continue
            for noun in (c for c in prep.children if c.dep_ == "pobj"):
                count = None
                if self.patterns["collections"].fullmatch(noun.lower_):  # "a set of training materials"
                    inner = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                                  for g in c.children if g.dep_ == "pobj"), None)
                    owner = noun
                    noun = inner if inner is not None else noun
                else:
                    owner = noun
                    count = next((number_in_words(c.text) for c in noun.children if c.dep_ == "nummod"), None)
                determiner = next((c for c in owner.children if c.dep_ in ("det", "poss")), None)
                if count is None and (determiner is None or determiner.lower_ not in ("a", "an", "its", "their", "our")):
                    continue
                words = grammar.words(grammar.head_words(noun))
                head = self.patterns["product_nouns"].search(words)
                if head is None or head.end() != len(words):
                    continue
                scope_words = {"global": self.rules.products.global_, "regional": self.rules.products.regional,
                               "national": self.rules.products.national}
                lead = words[:head.start()].split()
                scope = next((code for code, cues in scope_words.items() if any(w.lower() in cues for w in lead)), None)
                kept = [w for w in lead if not any(w.lower() in cues for cues in scope_words.values())]
                title = " ".join([*kept, head.group(0)]) + self._product_tail(head.group(0), text[noun.idx + len(noun):])
                title = re.sub(r"\s+", " ", title).strip()
                found.append(Product(title[:1].upper() + title[1:], scope, count,
                                     f"{verb.text} … {prep.text} {doc[owner.left_edge.i:noun.i + 1].text}"))
        return found

    def _telling(self, verb):
        """The verb of telling a verb is, or whose complement clause it stands in ("shared | what the
        authorities had learned", "will report | on how its operations apply …": the parse hangs a
        final "in …" on the last verb); None if none."""
        for _ in range(3):
            if not grammar.is_verb(verb):
                return None
            if any(grammar.verb_is(verb, cue) for cue in self.rules.products.telling_verbs):
                return verb
            if verb.dep_ not in ("ccomp", "pcomp", "xcomp") or verb.head == verb:
                return None
            verb = verb.head if verb.dep_ != "pcomp" else verb.head.head
        return None

    def _product_tail(self, noun: str, after: str) -> str:
        """What follows a product's noun and belongs to its title: the rest of a title written in
        capitals ("Guidelines to Protect Migrants in Countries Experiencing Conflict"), else a phrase
        of what it is on ("on migration and local development", "concerning statistics of …") up to
        a word that says who made it or when ("… with the Global Migration Group")."""
        if noun[:1].isupper():
            titled = _TITLE_RUN.match(after)
            if titled:  # up to a date after it ("… Report for Africa in June 2018")
                return titled.group(0)[:when.start()] if (when := _WHEN.search(titled.group(0))) else titled.group(0)
        tail = self.patterns["title_links"].match(after)
        if not tail:
            return ""
        end = self.patterns["title_ends"].search(tail.group(0), 1)
        tail = tail.group(0)[:end.start()] if end else tail.group(0)
        return tail[:when.start()] if (when := _WHEN.search(tail)) else tail


# When a product was made, after its title: "a study on rural migration in June 2018" is the
# "Study on rural migration".
_WHEN = re.compile(rf"\s+(?:in|on|during|from|by|between)\s+(?:the\s+)?(?:(?:\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+)?"
                   rf"(?:{_MONTH_NAMES})\b|(?:19|20)\d\d\b|(?:first|second|third|fourth|last)\s+(?:half|quarter)\b|"
                   rf"Q[1-4]\b|(?:early|mid|late)[\s-]+(?:19|20)\d\d|(?:the\s+)?end\s+of\b)", re.IGNORECASE)


def _undated(title: str) -> str:
    """An event's title without the date its words end on, where a phrase before the date says what
    or where the event was ("Workshop on rural migration in Dakar on 3 May 2018" is the "Workshop on
    rural migration in Dakar"); in a "Workshop on 2 June 2016" the date is all there is, so it stays."""
    when = _WHEN.search(title)
    ends_on_it = when is not None and re.fullmatch(r"[\s\d,–-]*", title[when.end():])
    if not ends_on_it or not re.search(r"\s(?:on|about|for|of|in|at|with)\s", title[:when.start()]):
        return title  # "Lunchtime side event on 9 June 2016": the date is all it says besides the event
    return title[:when.start()].rstrip(" ,")


def _entitled(found: list[Product], text: str, titles: Iterable[str]) -> list[Product]:
    """Products with the titles the paper sets in italics: a product whose noun stands inside one
    is that title ("the *Global Report on Trafficking in Persons 2016*"); one in apposition to it
    ("*Uprooted: The growing crisis …*, a global report on …", "a report on …, *In search of
    dignity*"), or right before it ("the report *Women on the Move: …*"), keeps what it is and gives
    the title's name, before any subtitle, in brackets, as a person writes it."""
    named = [m for title in titles for m in re.finditer(re.escape(title), text)]
    if not named:
        return found
    for product in found:
        at = text.find(product.words)
        if not product.words or at < 0:
            continue
        noun = at + len(product.words) - len(product.words.split()[-1])
        inside = next((m for m in named if m.start() <= noun < m.end()), None)
        if inside is not None:
            product.title = inside.group(0)
            continue
        phrase_end = at + len(product.words) + len(re.split(r"[,;.(]", text[at + len(product.words):], maxsplit=1)[0])
        # "*X*, a report", "a report, *X*", "the report *X*", "a guide entitled "X""
        beside = next((m for m in named if re.fullmatch(r"[\"”]?,\s*", text[m.end():at]) or
                       re.fullmatch(r",\s*[\"“]?", text[phrase_end:m.start()])
                       or re.fullmatch(_BEFORE_A_TITLE, text[at + len(product.words):m.start()])), None)
        if beside is not None and "(" not in product.title:
            product.title = f"{product.title} ({beside.group(0).split(':')[0].strip()})"
    return found


#: Between a product's noun and its title: "the report *X*", "a guide entitled "X"".
_BEFORE_A_TITLE = re.compile(r"\s+(?:(?:entitled|titled|called|named)\s+)?[\"“]?")


#: A quotation: words in straight or curly double quotation marks.
QUOTATION = re.compile(r"\"[^\"]*\"|“[^”]*”")


def quoted_titles(text: str) -> list[str]:
    """The words a paragraph sets in quotation marks that read as a title, as italics set one
    ("published “Rural women on the move: a toolkit”"): two words or more, opening in capitals,
    not a sentence quoted (no full stop inside)."""
    return [m.group(1) for m in re.finditer(r"[\"“]([A-Z][^\"“”.!?]{3,150}?)[\"”]", text) if len(m.group(1).split()) >= 2]


#: "in a …", "in its …", "in two …": where a document the agency tells something in may follow.
_IN_A_DOCUMENT = re.compile(rf"\bin\s+(?:an?|its|their|our|{NUMBER})\s", re.IGNORECASE)

#: The rest of a title in capitals: capitalised words (or numbers), and the small words between them.
_TITLE_RUN = re.compile(r"(?:\s+(?:(?:to|in|of|on|for|and|or|the|a|an|with|from|by|at|into|against)\s+)*"
                        r"[A-Z0-9][\w’'-]*)+")


def _span(mention: Mention, text: str) -> tuple[int, int]:
    """Where a mention's words stand in the text (its start may be its article's)."""
    at = text.find(mention.words, mention.start)
    return (at, at + len(mention.words)) if at >= 0 else (mention.start, mention.start)


def _not_inside_another(found: list[Mention], text: str) -> list[Mention]:
    """Partners without the pieces of a longer name found whole ("United Nations Educational" of
    the known "United Nations Educational, Scientific and Cultural Organization")."""
    spans = [_span(m, text) for m in found]
    return [m for m, (a, b) in zip(found, spans)
            if not any(c <= a and b <= d and (d - c) > (b - a) for c, d in spans)]


def _named_by_acronym(found: list[Mention], text: str) -> list[Mention]:
    """Partners found one after another that are one name the paper gives an acronym for, their
    capitals its letters ("the United Nations Educational, Scientific and Cultural Organization
    (UNESCO)", which the parse reads as two names at its comma): that name, once."""
    out: list[Mention] = []
    for mention in found:
        if out and _span(out[-1], text)[1] <= _span(mention, text)[0]:
            (start, end), (begin, stop) = _span(out[-1], text), _span(mention, text)
            joined = text[start:stop]
            acronym = re.match(r"\s*\(([A-Z]{3,})\)", text[stop:])
            if re.fullmatch(r",\s*(?:and\s+)?|\s+and\s+", text[end:begin]) and acronym and acronym.group(1) == "".join(
                    w[0] for w in re.findall(r"\b[A-Z][\w’'-]*", joined)):
                out[-1] = Mention(joined, joined, out[-1].start)
                continue
        out.append(mention)
    return out


def _whole_place(entity) -> str:
    """A place's whole name, where the named-entity reader cut it: "Port of Spain" read as "Port"
    and "Spain", "Washington, D.C." as "Washington" and "D.C."."""
    end = entity.end
    doc = entity.doc
    root = entity.root
    of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ in ("of", "de") and c.i == end), None)
    name = next((g for g in of.children if g.dep_ == "pobj" and g.pos_ == "PROPN"), None) if of is not None else None
    if name is not None:
        end = name.i + 1
    initials = next((c for c in root.children if c.dep_ == "appos" and re.fullmatch(r"(?:[A-Z]\.){2,}", c.text)), None)
    if initials is not None:
        end = initials.i + 1
    return doc[entity.start:end].text


def _token_at(doc, offset: int):
    """The token that starts at (or covers) a character offset of the parsed text."""
    for token in doc:
        if token.idx <= offset < token.idx + max(len(token.text), 1):
            return token
    return None


def _phrase_around(doc, token) -> str:
    """A few words around a token, to show what a value rests on."""
    return doc[max(0, token.i - 2):min(len(doc), token.i + 2)].text


def _ordinal(phrase, noun) -> int | None:
    """The number an ordinal before a phrase's noun gives: "the fourth Forum", "the Seventieth
    World Health Assembly", "the 20th Conference"."""
    doc = phrase.doc
    for t in phrase:
        if t.i < noun.i and re.search(r"(?:st|nd|rd|th)$", t.lower_) and number_in_words(t.text):
            joined = doc[t.i - 2].text + "-" + t.text if t.i >= 2 and doc[t.i - 1].text == "-" else ""
            return number_in_words(joined) or number_in_words(t.text)  # "Seventy-second" is three tokens
    return None


def _event_date(doc, token, text: str, year: int, others=()) -> str:
    """The date of the event a token names: a date in its own phrase ("and in a workshop on 9
    August"), else one in its own clause ("took part in the Conference on 4 and 5 April 2017"),
    else the nearest in the sentence outside a clause coordinated with its own ("co-chaired the
    meetings …, and took part in … on 4 April" gives the meetings no date), else the year. A date
    in the phrase of another event of the sentence (`others`, the tokens that name them) is that
    event's, never this one's."""
    theirs = {t.i for other in others if other.i != token.i and not other.is_ancestor(token) for t in other.subtree}
    theirs |= _said_of_it_by_others(grammar.clause_verb(token) or token, token)
    found = [d for d in dates(text, year) if not any(
        t.i in theirs for t in doc if t.idx <= d.start < t.idx + len(t))]
    phrase = [t for t in token.subtree if t.i not in theirs] if token.pos_ in ("NOUN", "PROPN") else []
    own_phrase = [d for d in found if any(t.idx <= d.start < t.idx + len(t) for t in phrase)]
    if own_phrase:
        return own_phrase[0].value
    if phrase:  # "… and, on 10 March, a panel on …": a date set just before the event's own phrase
        start = min(t.idx for t in phrase)
        before = [d for d in found if d.start + len(d.words) <= start
                  and re.fullmatch(r"[\s,]*", text[d.start + len(d.words):start])]
        if before:
            return before[-1].value
    verb = grammar.clause_verb(token)
    if verb is None:
        return next((d.value for d in found if abs(d.start - token.idx) < 160), str(year))
    coordinated = [c for c in verb.children if c.dep_ == "conj" and grammar.is_verb(c)]
    below = {t.i for c in coordinated for t in c.subtree}
    own = [t for t in verb.subtree if t.i not in below]
    inside = [d for d in found if any(t.idx <= d.start < t.idx + len(t) for t in own)]
    if inside:
        return inside[0].value
    foreign = [(min(t.idx for t in c.subtree), max(t.idx + len(t) for t in c.subtree)) for c in coordinated]
    return next((d.value for d in found if abs(d.start - token.idx) < 160
                 and not any(a <= d.start < b for a, b in foreign)), str(year))


def _said_of_it_by_others(head, token) -> set[int]:
    """The tokens of the relative clauses under `head`, other than one `token` stands in, with a
    subject of their own: what others did to the thing ("a consultation on the draft compact, which
    the Assembly affirmed in December"), whose date is theirs. A clause whose subject is the
    relative word tells the thing itself ("the conference, which was held in Dakar on 10 May")."""
    return {t.i for clause in head.subtree if clause.dep_ == "relcl" and not clause.is_ancestor(token)
            and clause != token and grammar.has_own_subject(clause) for t in clause.subtree}


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in mentions:
        if m.value not in seen:
            seen.add(m.value)
            out.append(m)
    return out


# Events a plural noun names one by one, each with its place and date ("two workshops, in Dakar on 3
# May and in Bamako on 10 July").
# "its 69th, 70th and 71st sessions": the sessions of the body named before it
_ORDINAL_LIST = rf"(?:{NUMBER})(?:\s*,\s*(?:{NUMBER}))*(?:,?\s+and\s+(?:{NUMBER}))?"
_ITS_SESSIONS = re.compile(rf"\b(?:its|their)\s+(?:(?P<listed>{_ORDINAL_LIST})\s+)?(?P<noun>sessions?)\b", re.IGNORECASE)


# A plural event's places, each with its date in brackets: "workshops on migration statistics in
# Cambodia (May 2018), the Lao People's Democratic Republic (July 2018) and Myanmar (October 2018)".
_PLACE_DATED_IN_BRACKETS = re.compile(r"(?:the\s+)?(?P<place>[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|and|the))*?)"
                                      r"\s*\((?P<when>[^()]{3,40})\)")
_ONE_DATED = re.sub(r"\?P<\w+>", "", _PLACE_DATED_IN_BRACKETS.pattern)
_PLACES_DATED_IN_BRACKETS = re.compile(
    r"(?P<topic>(?:\s+(?:on|about|for)\s+[^,;.()]*?)?)\s+in\s+(?P<places>" + _ONE_DATED
    + r"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)" + _ONE_DATED + r")+)")
# What stands between two countries of one list: a comma or "and", after a bracket the parse
# reads as no part of the list ("Cambodia (May 2018), the Lao People's Democratic Republic").
_NEXT_IN_A_LIST = re.compile(r"\s*\([^()]{1,40}\)\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?")


def _suffix(number: int) -> str:
    """The English ordinal's ending: 1st, 2nd, 3rd, 11th, 21st."""
    return "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


_PLACE_AND_DATE = re.compile(r"\s*,?\s*(?:and\s+)?in\s+(?P<place>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)\s+(?:on|in|from)\s+"
                             r"(?P<when>(?:\d|" + "|".join(MONTHS) + r")[^,;.]*?)(?=\s*,?\s*(?:and\s+)?in\s+[A-Z]|[,;.]|$)")
_PLACES_AND_DATES = re.compile(rf"(?:{_PLACE_AND_DATE.pattern}){{2,}}")
# What an event was about, after its noun, up to where, when or with whom it was held.
_EVENT_TOPIC = re.compile(r"\s+(?:on|about|concerning|regarding)\s+(?!(?:\d|the\s+\d|(?:" + "|".join(MONTHS)
                          + r")\b))(?:(?!\s+(?:in|at|with|from|by|during|on|for)\s)(?:[^,;.()]|(?<=\d)\.(?=\d)))+")
# An event's place after its noun: "in Beirut", "in the Philippines", "in Kuala Lumpur".
_PLACE_SAID = re.compile(r"\s+in\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}")
# A name in capitals that goes on past where the parse ended it: capitalised words joined by
# the small words of titles, or "Safe, Orderly and Regular"; never a place after "in" or "at".
# A code after the phrase the parse ended ("SDG indicator 10.7.2", "target 5.2"): the title goes on with it.
_CODE_GOES_ON = re.compile(r"\s+\d{1,2}(?:\.(?:\d{1,2}|[a-z])){1,2}\b")
_NAME_GOES_ON = re.compile(r"(?:\s+(?:(?:to|for|of|on|and|the)\s+)*[A-Z][\w’'-]*(?:,\s+[A-Z][\w’'-]*\s+and\s+[A-Z][\w’'-]*)?)+")


def _title_end(text: str, end: int, noun_end: int) -> int:
    """Where an event's title ends, past where the parse ended its noun phrase: through its topic
    where the parse gave it to the verb ("a regional forum on migration and trade"), and through a
    name in capitals the parse cut ("the Intergovernmental Conference to Adopt the Global Compact for
    Safe, Orderly and Regular Migration")."""
    # "a regional workshop in Beirut on the follow-up to …": its topic, past the place the parse ended it on
    if (end <= noun_end or _PLACE_SAID.fullmatch(text, noun_end, end)) and (topic := _EVENT_TOPIC.match(text, end)):
        end = topic.end()
    if text[end - 1:end].isalnum() and text[:end].split()[-1][:1].isupper() and (name := _NAME_GOES_ON.match(text, end)):
        end = name.end()
    if code := _CODE_GOES_ON.match(text, end):
        end = code.end()
    return end


def _event_title(text: str, m: re.Match, label: str, venue: str | None, doc, limit: int | None = None) -> str:
    """An event's title: the title the text quotes, else the event's noun phrase from its noun on
    ("panel on women migrants", not "… in Geneva with …"), else the words up to a comma or up to
    the next event's words (`limit`: "a workshop on 2 June and a side event …" is "Workshop on 2
    June")."""
    quoted = re.search(r"(?:entitled|titled|called|named|on)\s+[\"“]([^\"”]{5,200})[\"”]", text[m.start():])
    if quoted:
        return quoted.group(1).rstrip(".")
    if venue:
        return f"{label} at {venue}"
    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
    phrase = grammar.noun_phrase(span.root) if span is not None and span.root.pos_ in ("NOUN", "PROPN") else None
    if phrase is not None and phrase.end_char > m.end():
        end = phrase.end_char
    else:
        end = m.start() + len(re.match(r"(?:[^,;.()]|(?<=\d)\.(?=\d))*", text[m.start():]).group(0))  # "10.7.2" goes on
        # "a workshop on 2 June" where the parse gave the date to the verb, but not the clause after
        # it ("a follow-up workshop planned for November in Dhaka was postponed …"); a participle
        # that says where it was ("a side event held during the 45th session") is part of it
        verb = next((t for t in doc if m.end() <= t.idx < end and (t.pos_ == "AUX" or t.tag_ in ("VBD", "VBZ", "VBP", "MD"))),
                    None)
        end = verb.idx if verb is not None else end
    if phrase is not None:
        end = _title_end(text, end, m.end())
    if limit is not None and not re.search(r"\b(?:and|or)\b|[,;]", text[m.end():limit]):
        limit = None  # an event named inside this one's name ("a side event of the Regional Conference on …")
    # "the ninth session of the Forum": its number is part of its name
    ordinal = re.search(rf"\b({_ORDINAL_LIST})\s+(?:[a-z][\w-]*\s+){{0,2}}$", text[:m.start()], re.IGNORECASE)
    start = ordinal.start(1) if ordinal and ordinal.group(1).lower().endswith(("st", "nd", "rd", "th")) else m.start()
    words = text[start:end if limit is None else min(end, limit)]
    if limit is not None and end > limit:  # what is left of the words that lead to the next event
        words = re.sub(r"\s+(?:and|or)(?:\s+(?:an?|the|its|their))?(?:\s+[\w-]+){0,2}\s*$", "", words)
    words = _undated(re.sub(r"\s+(?:and|or)$", "", words.strip()))
    # "…, held in Geneva on irregular migration": the place is the event's `place`, its topic goes on
    words = re.sub(r",?\s+held\s+in\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}"
                   r"(?:,\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})?(?=$|[\s,])", "", words)
    if len(words) > 100:
        words = re.sub(r"\s+(?:in|on|at|of|for|during|the|and|or)$", "", words[:100].rsplit(" ", 1)[0])
    return (words[0].upper() + words[1:]) if words else label


def _modified(token):
    """The noun a modifier's chain ends on ("Swiss" → "Agency" in "the Swiss Agency for …")."""
    head = token.head if token.head != token else token
    while head.dep_ in ("compound", "amod") and head.head != head and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head
    return head


def _a_language(token) -> bool:
    """Whether a demonym is said as a noun on its own, singular and with no article, as a language
    is ("into French and Arabic", "in Spanish"), not of people ("Syrians", "the French") or before
    a noun ("French officials", "Nigerien and Malian officials")."""
    first = token
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    if first.dep_ in ("amod", "compound", "nmod") and first.head.pos_ in ("NOUN", "PROPN"):
        return False
    return first.tag_ in ("NNP", "NN", "JJ") and not any(c.dep_ in ("det", "poss") for c in first.children) \
        and first.dep_ in ("pobj", "dobj", "conj", "appos")


def _dedupe_events(events: list[Event]) -> list[Event]:
    """Each event once, by its fuller title: one of the kind, date and session of an event found
    before, whose title is that one's or holds it, or is held in it, is the same event named twice
    ("the third meeting of the Regional Conference on …", then "the Regional Conference on …"). A meeting
    named only inside another event's title of the same date is that event's body or venue ("the
    World Urban Forum" of "the ninth session of the World Urban Forum"), not an event of its own."""
    out: list[Event] = []
    for event in events:
        title = event.title.lower()
        same = next((k for k, e in enumerate(out) if e.kind == event.kind and e.date == event.date
                     and e.session == event.session and (title in e.title.lower() or e.title.lower() in title)), None)
        if same is None:
            out.append(event)
        elif len(title) > len(out[same].title):  # the fuller name of the two: "Fifth … session of the consultations on …"
            out[same] = replace(event, place=event.place or out[same].place)
    return [event for event in out if not (event.kind == "meeting" and any(
        e is not event and e.kind != "meeting" and e.date == event.date and event.title.lower() in e.title.lower()
        for e in out))]
