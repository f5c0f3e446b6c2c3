"""Suggested SDG targets for a text: the targets whose official wording, and their indicators',
share the most telling words with it.

Each target is one document (its goal's title, its own and its indicators', weighed as three
statements). Words are stemmed (Snowball, English), stop words dropped in every form, and weighed
by TF-IDF over the 169 targets, so that a
word many targets use ("all", "women", "development") counts for less than one few use
("migrant", "remittances"). A text's score for a target is the cosine similarity of the two weight vectors,
from 0 to 1. Ranking is scikit-learn's TF-IDF; nothing is downloaded and the same text always
gets the same suggestions. data/reference/ranking_words.yaml joins forms of one word the stemmer
keeps apart ("migrant", "migration") and keeps a word a target uses in one sense only
("trafficking of protected species") from counting for it where the text means another.

    from migration_briefs.sources.suggest import suggest_targets
    suggest_targets("Protecting the labour rights of women migrant workers")
    # [Suggestion(code='8.8', goal=8, score=0.66, matched=['migrant', 'worker', 'labour', 'rights'])]
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from migration_briefs.paths import Project

#: Suggestions below this cosine similarity are not made: see bench/draft.py, which prints, for
#: the seed paper, how many hand-tagged targets the top three hold and how many suggestions are
#: made at each threshold; 0.15 keeps every hit that 0.05 finds there with 66 suggestions instead
#: of 108, most of the others resting on one or two words that many targets use.
THRESHOLD = 0.15
#: A suggestion scoring less than this share of the best one's is left out: it rests on a word or
#: two the text shares with many targets (bench/draft.py measures the hits it keeps).
RELATIVE = 0.5
#: At most this many suggestions for one text.
LIMIT = 3
#: The words that are shown as what a suggestion rests on.
MATCHED_WORDS = 4
#: Only the start of a very long text is read (a paragraph is a few hundred characters).
MAX_CHARACTERS = 20_000

_WORD = re.compile(r"[^\W\d_]+")  # "migration-related" is two words


@dataclass(frozen=True)
class Suggestion:
    code: str
    goal: int
    score: float
    matched: list[str]

    def to_json(self) -> dict:
        return asdict(self)


class _Ranker:
    """The targets as TF-IDF vectors, and what is needed to explain a match in words."""

    def __init__(self, project: Project):
        import snowballstemmer
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
        from sklearn.preprocessing import normalize

        from migration_briefs.model.reference import load_drafting, load_reference
        from migration_briefs.sources.mentions import cue_pattern

        reference = load_reference(project)
        drafting = load_drafting(reference, project)
        rules = drafting.rules
        self.stop = set(ENGLISH_STOP_WORDS) | {w.lower() for w in rules.ranking_stop_words}
        self.terms = [(cue_pattern(term.terms), term.words) for term in rules.target_terms]
        self.stemmer = snowballstemmer.stemmer("english")
        # a stem, and the stem of its word family's first word (ranking_words.yaml `families`):
        # "migrants" is read as "migration"
        self.same = {_stem(self.stemmer, word): _stem(self.stemmer, family.words[0])
                     for family in drafting.ranking_words.families for word in family.words[1:]}
        # a word that says nothing of a topic says nothing in any of its forms: "support" leaves
        # out "supported" and "supporting", "implementation" "implemented"
        self.stop_stems = {self._stem(w.lower()) for w in rules.ranking_stop_words}
        self.codes = list(reference.targets)
        goals = {code: goal.title for code, goal in reference.goals.items()}
        indicators: dict[str, list[str]] = {}
        for indicator in reference.indicators.values():
            indicators.setdefault(indicator.target, []).append(indicator.title)
        # A target is read with its goal's title: a text on "innovation" or "access to justice"
        # names its goal's words more often than its target's (bench/suggest.py measures it).
        parts = [[goals.get(target.goal, "") for target in reference.targets.values()],
                 [target.title for target in reference.targets.values()],
                 [" ".join(indicators.get(code, [])) for code in reference.targets]]
        documents = [" ".join(words) for words in zip(*parts)]
        self.surface: dict[str, str] = {}  # a stem, and the word the targets first write it as
        for document in documents:
            for word in self._words(document):
                self.surface.setdefault(self._stem(word), word)
        self.vectorizer = TfidfVectorizer(analyzer=self._stems, sublinear_tf=True, norm="l2")
        self.vectorizer.fit(documents)
        # The goal's title, the target and its indicators are three statements, each weighed as
        # its own text (a word's count dampened within it) and then added: a word restated at each
        # level (8.5's "full and productive employment and decent work", in goal and target) is
        # what the target is about, where a word a text repeats is only repeated.
        dampened = TfidfVectorizer(analyzer=self._stems, vocabulary=self.vectorizer.vocabulary_, sublinear_tf=True,
                                   use_idf=False, norm=None)
        weights = sum(dampened.fit_transform(part) for part in parts)
        self.matrix = normalize(weights.multiply(self.vectorizer.idf_).tocsr())
        self.vocabulary = self.vectorizer.get_feature_names_out()
        # a word a target uses in one sense only (ranking_words.yaml `senses`): the target's row,
        # the word's column and the stems that say that sense
        columns = self.vectorizer.vocabulary_
        self.senses = [(self.codes.index(sense.target), columns[self._stem(sense.word)],
                        {self._stem(word) for word in sense.only_with})
                       for sense in drafting.ranking_words.senses if self._stem(sense.word) in columns]

    def _words(self, text: str) -> list[str]:
        return [w for w in _WORD.findall(text.lower()) if w not in self.stop and len(w) > 2]

    def _stem(self, word: str) -> str:
        stem = _stem(self.stemmer, word)
        return self.same.get(stem, stem)

    def _stems(self, text: str) -> list[str]:
        return [stem for stem in map(self._stem, self._words(text)) if stem not in self.stop_stems]

    def expanded(self, text: str) -> str:
        """The text with the official words of the terms it uses (drafting.yaml `target_terms`)."""
        added = [words for pattern, words in self.terms if pattern.search(text)]
        return " ".join([text, *added])

    def rank(self, text: str, limit: int, threshold: float) -> list[Suggestion]:
        expanded = self.expanded(text[:MAX_CHARACTERS])
        query = self.vectorizer.transform([expanded])
        if query.nnz == 0:
            return []
        scores = (self.matrix @ query.T).toarray().ravel()
        said = None
        left_out = set()  # (row, column): a word the text uses in another sense than the target
        for row, column, sense in self.senses:
            if query[0, column]:
                said = set(self._stems(expanded)) if said is None else said
                if not sense & said:
                    scores[row] -= self.matrix[row, column] * query[0, column]
                    left_out.add((row, column))
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        found = []
        for i in order[:limit]:
            if scores[i] < threshold or scores[i] < RELATIVE * scores[order[0]]:
                break
            weights = self.matrix[i].multiply(query).tocoo()
            shared = sorted(zip(weights.data, weights.col), key=lambda pair: (-pair[0], pair[1]))
            words = [self.surface.get(self.vocabulary[col], self.vocabulary[col]) for _, col in shared
                     if (i, col) not in left_out]
            code = self.codes[i]
            found.append(Suggestion(code, int(code.split(".")[0]), round(float(scores[i]), 2),
                                    words[:MATCHED_WORDS]))
        return found


# Snowball strips the suffix that makes a verb of a word, so "mobile" and "mobilize",
# "organ" and "organization" share a stem and a text on mobile clinics would rank target 17.3
# ("Mobilize additional financial resources"). Such a word keeps that suffix in its stem.
_VERBALISED = re.compile(r"(?:[iy][sz](?:e|es|ed|ing|ation|ations|er|ers))$")


def _stem(stemmer, word: str) -> str:
    stem = stemmer.stemWord(word)
    suffix = _VERBALISED.search(word)
    if suffix and not stem.endswith(("iz", "is", "yz", "ys")) and len(word) - len(suffix.group(0)) >= 3:
        return word[:suffix.start()] + "iz"
    return stem


@lru_cache(maxsize=4)
def _ranker(project: Project) -> _Ranker:
    return _Ranker(project)


def suggest_targets(text: str, limit: int = LIMIT, threshold: float = THRESHOLD,
                    project: Project | None = None) -> list[Suggestion]:
    """Up to `limit` SDG targets for `text`, best first, each at least `threshold` similar; an
    empty list when none is (a text in another language, or on nothing the targets speak of)."""
    return _ranker(Project.at(project)).rank(text or "", limit, threshold)
