"""What a drafted summary needs to be read on its own, away from the paragraph it was cut from.

A brief shows an item's summary without the sentences around it in the paper, so a summary that
opens "It will publish …", "In 2017 the Office disseminated …" or "UN Women also contributed …"
points at words the reader never sees. The summary keeps the paper's sentence and only names who
the pronoun or the agency's short name stands for, and drops the "also" that points back."""
from __future__ import annotations

import re
from functools import cached_property

from migration_briefs.sources import grammar
from migration_briefs.sources.mentions import QUOTATION, Reader

# A phrase an element of a list opens with, before its verb ("with IOM, complete the second phase"),
# which reads before the subject the element takes from its lead-in ("With IOM, UNDP will complete …")
_FRONTED_PHRASE = re.compile(r"^(?P<phrase>(?:together with|jointly with|with|through|under|in|alongside)\s[^,;:()]{2,80}),\s+"
                             r"(?P<rest>[a-z].*)$", re.DOTALL)
# A year fronted to a lead-in or a shared subject ("In 2018 UNDP will:"), or set off at its end
# ("ESCWA will, in 2019:"): the item's year says it
_FRONTED_YEAR = re.compile(r"^(?:in|during)\s+(?P<year>(?:19|20)\d\d),?\s+(?=\S)", re.IGNORECASE)
_CLOSING_YEAR = re.compile(r",\s*(?:in|during)\s+(?P<year>(?:19|20)\d\d),?$", re.IGNORECASE)


def _outside_quotations(edits: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """The edits that change no word inside quotation marks: a quotation is the speaker's words,
    "our region" in it is never "ESCWA's region"."""
    quoted = [m.span() for m in QUOTATION.finditer(text)]
    return [e for e in edits if not any(start < e[1] and e[0] < end for start, end in quoted)]


def with_its_subject(shared: str, text: str, year: int) -> str:
    """A part that takes its subject from a lead-in or an earlier clause ("In 2018 UNDP will" and
    "with IOM, complete the second phase …"), as one sentence: a phrase the part opens with before
    the subject, and the lead-in's year left out where it is the item's own ("With IOM, UNDP will
    complete …"); every element of the list would say it again."""
    fronted = _FRONTED_YEAR.match(shared)
    if fronted and int(fronted.group("year")) == year:
        shared = shared[fronted.end():]
    closing = _CLOSING_YEAR.search(shared)
    if closing and int(closing.group("year")) == year:
        shared = shared[:closing.start()]
    text = text.rstrip(".;, ")
    opening = _FRONTED_PHRASE.match(text)
    if opening:
        phrase = opening.group("phrase")
        return f"{phrase[:1].upper()}{phrase[1:]}, {shared} {opening.group('rest')}."
    return f"{shared[:1].upper()}{shared[1:]} {text}."


class Standalone:
    """Reads a summary's first sentence against the paper: who its "it" or "the Office" is."""

    def __init__(self, reader: Reader, paper: str):
        self.reader = reader
        self.paper = paper

    def summary(self, text: str, before: str) -> str:
        """The summary with its first sentence's subject named and no "also" pointing back;
        `before` is what its paragraph says before it, where a pronoun's referent is found."""
        text = text.strip()
        if not text:
            return text
        doc = self.reader.parse(text)
        sentence = next(iter(doc.sents))
        verbs = grammar.main_verbs(sentence)
        edits: list[tuple[int, int, str]] = []  # character spans of the text and what replaces them
        if verbs:
            verb = verbs[0]
            who = grammar.subject(verb)
            named = self._named(who, verb, before) if who is not None else None
            if named is not None:
                edits.append(named)
            edits.extend((t.idx, t.idx + len(t.text_with_ws), "") for t in self._pointing_back(verb))
        else:
            edits.extend(self._short_name_misread(sentence.text))
        opening = re.match(rf"^(?:{'|'.join(map(re.escape, self._additions))}),\s+", text, re.IGNORECASE)
        if opening:
            edits.append((0, opening.end(), ""))
        edits.extend(self._first_person(doc))
        for start, end, words in sorted(set(_outside_quotations(edits, text)), reverse=True):
            text = text[:start] + words + text[end:]
        return text[:1].upper() + text[1:]

    def _first_person(self, doc) -> list[tuple[int, int, str]]:
        """The paper's "we", "us" and "our" (a letter's "my"), in the third person a brief speaks in: the agency's
        name, and "its" where the sentence has named the agency before it, else the agency's ("Our
        office in Dakar" is "UNICEF's office in Dakar")."""
        called = self.called
        edits = []
        for token in doc:
            if token.lower_ in ("we", "us") and token.pos_ == "PRON":
                edits.append((token.idx, token.idx + len(token.text), _in_place(called, token.is_sent_start)))
                if token.dep_ == "nsubj":  # "we intend" is "UNHCR intends": the agency is one
                    verb = next((a for a in token.head.children if a.dep_ in ("aux", "auxpass") and a.i > token.i),
                                token.head)
                    if verb.tag_ == "VBP" or verb.lower_ == "were":
                        edits.append((verb.idx, verb.idx + len(verb.text), _singular(verb.text)))
            elif token.lower_ in ("our", "my") and token.pos_ == "PRON":  # a letter's "my Office" is the agency's
                # "its" where the sentence has named who "we" are before it ("WFP will continue our support")
                before = token.doc.text[token.sent.start_char:token.idx]
                named = re.search(r"\bwe\b", before, re.IGNORECASE) or self._names_agency(before)
                words = "its" if named else f"{_in_place(called, token.is_sent_start)}'s"
                edits.append((token.idx, token.idx + len(token.text), words))
        return edits

    def third_person(self, text: str) -> str:
        """A title in the third person: "Continue our support …" is "Continue WFP's support …"."""
        if not re.search(r"\b(?:we|us|our|my)\b", text, re.IGNORECASE):
            return text  # most titles: no parse needed
        for start, end, words in sorted(_outside_quotations(self._first_person(self.reader.parse(text)), text),
                                        reverse=True):
            text = text[:start] + words + text[end:]
        return text[:1].upper() + text[1:] if text else text

    @property
    def _additions(self) -> list[str]:
        return self.reader.rules.additions

    def _named(self, who, verb, before: str, words: str | None = None) -> tuple[int, int, str] | None:
        """The subject's span and the name that replaces it: a pronoun's referent, or the agency's
        name for a short name of it or of one of its bodies ("the Office", "the Facility"); `words`
        is the short name where "it" stands in its place in a sentence parsed again."""
        at = who.idx == who.doc[0].idx
        if words is None and who.lower_ == "it" and who.dep_ == "nsubj" and verb.lemma_ != "be":
            referent = self._referent(before)
            if referent is None:
                return None
            return who.idx, who.idx + len(who.text), _in_place(referent, at)
        phrase = grammar.noun_phrase(who)
        start, end = phrase.start_char, phrase.end_char
        if words is None:
            words = phrase.text
        else:
            start, end = who.idx, who.idx + len(words)
        if not re.fullmatch(r"[Tt]he\s+[A-Z][a-z]+", words):
            return None
        own = self.reader.own_short_names.get(words[:1].lower() + words[1:])
        if own is not None:
            own = f"the {own}"  # a body the paper calls "the Facility" keeps its article: "the FFR"
        elif self._is_agency(words):
            own = self.called
        if own is None:
            return None
        return start, end, _in_place(own, at)

    def _short_name_misread(self, sentence: str) -> list[tuple[int, int, str]]:
        """A short name the parse read as a noun's modifier, leaving the sentence without a verb
        ("In late 2018 the Facility financed wage audits …"): named where the sentence, with "it"
        in its place, has it for the subject of its main verb."""
        for m in re.finditer(r"(?<!\w)[Tt]he\s+[A-Z][a-z]+(?=\s+[a-z])", sentence):
            again = self.reader.parse(f"{sentence[:m.start()]}it{sentence[m.end():]}")
            verbs = [v for s in again.sents for v in grammar.main_verbs(s)]
            who = grammar.subject(verbs[0]) if verbs else None
            if who is None or who.idx != m.start():
                continue
            named = self._named(who, verbs[0], "", words=m.group(0))
            return [named] if named is not None else []
        return []

    def _referent(self, before: str) -> str | None:
        """Who "it" is: the nearest subject before it in the paragraph that is not a pronoun, as
        the agency's name where it is the agency; None where the paragraph names none."""
        if not before.strip():
            return None
        doc = self.reader.parse(before)
        for sentence in reversed(list(doc.sents)):
            verbs = grammar.main_verbs(sentence)
            if not any(grammar.subject(v) is not None for v in verbs) and self._names_agency(sentence.text):
                return self.called  # "In 2017 UNICEF did the following:", its subject misread as the date's
            for verb in reversed(verbs):
                who = grammar.subject(verb)
                if who is None or who.pos_ == "PRON" or who.dep_ == "expl":
                    continue
                core = list(doc[who.left_edge.i:who.i + 1])
                while len(core) > 1 and (core[0].like_num or core[0].ent_type_ == "DATE" or core[0].is_punct
                                         or core[0].tag_ == "IN"):
                    core = core[1:]  # "In 2017 UNICEF will …", its date read into the subject
                words = grammar.words(core).strip(" ,")
                return self.called if self._is_agency(words) else words
        return None

    def _names_agency(self, text: str) -> bool:
        agency = self.reader.reference.agencies[self.reader.agency]
        return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in (agency.abbreviation, agency.name))

    def _is_agency(self, words: str) -> bool:
        """Whether a noun phrase names the agency, not its work in general words ("the project")."""
        return self.reader.is_actor(words) and words.lower() not in {a.lower() for a in self.reader.rules.actors}

    def _pointing_back(self, verb) -> list:
        """An "also" or "further" on the main verb: it adds to a sentence the summary leaves out."""
        single = {a for a in self._additions if " " not in a}
        heads = {verb, *grammar.auxiliaries(verb)}
        return [t for t in verb.doc if t.lower_ in single and t.dep_ == "advmod" and t.head in heads
                and t.i > verb.doc[0].i]

    @cached_property
    def called(self) -> str:
        """The agency's name as the paper writes it: its abbreviation ("the ILO", "UNICEF"); read
        once a paper, as every item asks it."""
        return self._as_written(self.reader.reference.agencies[self.reader.agency].abbreviation)

    def _as_written(self, name: str) -> str:
        """A name with "the" before it where the paper mostly writes one ("the FFR", "UNICEF")."""
        said = len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", self.paper))
        with_article = len(re.findall(rf"\bthe\s+{re.escape(name)}(?!\w)", self.paper, re.IGNORECASE))
        return f"the {name}" if said and with_article * 2 >= said else name


def _in_place(name: str, at_start: bool) -> str:
    """A name as it reads where it stands: "The JMDI" opening a sentence, "the JMDI" inside one."""
    if name[:4] in ("The ", "the "):
        return ("The " if at_start else "the ") + name[4:]
    return name


_SINGULAR = {"are": "is", "am": "is", "were": "was", "have": "has", "do": "does", "go": "goes"}


def _singular(verb: str) -> str:
    """A verb of the present (or "were") as the third person singular says it: English's own rules
    of spelling, which no package this project holds applies ("intend" → "intends", "reach" →
    "reaches", "carry" → "carries")."""
    lower = verb.lower()
    if lower in _SINGULAR:
        return _SINGULAR[lower]
    if re.search(r"(?:s|sh|ch|x|z|o)$", lower):
        return verb + "es"
    if re.search(r"[^aeiou]y$", lower):
        return verb[:-1] + "ies"
    return verb + "s"
