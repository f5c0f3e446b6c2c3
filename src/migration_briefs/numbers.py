"""Numbers as English writes them, in the one place every part of the package reads them from: the
words for numbers (the drafter reads counts and session numbers in papers: "three", "25th",
"sixty-first") and the phrases in which a paper counts something ("three global reports"), which
the briefs quote as the paper's own numbers, apart from the counts they make themselves."""
from __future__ import annotations

import re

from migration_briefs.dates import MONTH_NUMBERS

_NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_ORDINAL_WORDS = {w: n for n, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split())}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
         "seventieth": 70, "eightieth": 80, "ninetieth": 90}


def number_in_words(text: str) -> int | None:
    """12, "twelve", "twelfth", "sixty-first", "61st" -> the number; None if it is not one."""
    word = text.strip().lower()
    digits = re.fullmatch(r"(\d{1,4})(?:st|nd|rd|th)?", word)
    if digits:
        return int(digits.group(1))
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    if word in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[word]
    if word in _TENS:
        return _TENS[word]
    parts = re.split(r"[-\s]", word)
    if len(parts) == 2 and parts[0] in _TENS and (parts[1] in _NUMBER_WORDS or parts[1] in _ORDINAL_WORDS):
        return _TENS[parts[0]] + _NUMBER_WORDS.get(parts[1], _ORDINAL_WORDS.get(parts[1], 0))
    return None


_TENS_WORD = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNIT_WORD = "(?:one|two|three|four|five|six|seven|eight|nine|first|second|third|fourth|fifth|sixth|seventh|" \
             "eighth|ninth)"
#: A number as a regular expression: digits (with an ordinal's ending), or words, cardinal or ordinal.
NUMBER = (rf"(?:\d{{1,3}}(?:st|nd|rd|th)?|{_TENS_WORD}(?:-{_UNIT_WORD})?|{_TENS_WORD[:-1]}|twentieth|thirtieth|"
          r"fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth)|zero|one|two|three|four|five|six|seven|"
          r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
          r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
          r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth)")


# --- the phrases in which a text counts something -------------------------------------------------

# A count: a cardinal from two up ("one" is as often a pronoun), in words or digits; not part of a
# compound ("three-year"), a decimal or a code ("8.8"), an ordinal ("25th") or a date ("17 February").
_COUNT = re.compile(r"(?<![\w.,-])(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                    r"eighty|ninety|hundreds|thousands|[1-9]\d{0,2}(?:,\d{3})*)(?![\w.-]|,\d)", re.IGNORECASE)
_WORD = re.compile(r"\s*(,\s*)?([A-Za-z][A-Za-z'’]*(?:-[A-Za-z'’]+)*)")
# Words that end the noun phrase a count opens: what follows them is no longer what is counted.
_PHRASE_ENDS = frozenset(
    "to that which who whom whose for of in on at and or but nor with by from the a an as were was is are be "
    "been being took take takes have has had will would shall should could can may might including among "
    "during after before since under per than into across between each all its their this these those "
    "while where when whereas also".split())
# The plural nouns that do not end in -s: a count's phrase ends with a plural noun.
_IRREGULAR_PLURALS = frozenset("women men children people persons staff personnel media data criteria".split())
MAX_COUNTED_WORDS = 5


def _plural(word: str) -> bool:
    word = word.lower()
    return word in _IRREGULAR_PLURALS or (word.endswith("s") and not word.endswith(("ss", "us", "is")))


def counted_phrases(text: str) -> list[str]:
    """The phrases in which `text` counts something, as it writes them: a count and the noun phrase
    after it, up to its last plural noun ("five interactive, multi-stakeholder meetings", "two state
    parties", "six global policy briefs"). A year, a day of a month, an ordinal, a code and a
    count of nothing plural are left out."""
    found = []
    for match in _COUNT.finditer(text):
        after = re.match(r"\s+([A-Za-z]+)", text[match.end():])
        if match.group(1).isdigit() and (1900 <= int(match.group(1)) <= 2100
                                         or (after is not None and after.group(1).lower() in MONTH_NUMBERS)):
            continue
        words, end, position = [], None, match.end()
        while len(words) < MAX_COUNTED_WORDS:
            word = _WORD.match(text, position)
            if not word or word.group(2).lower() in _PHRASE_ENDS:
                break
            if word.group(1) and len(words) > 2:  # a comma ends the phrase, unless between its first adjectives
                break
            words.append(word.group(2))
            position = word.end()
            if _plural(word.group(2)):
                end = position
        if end is not None:
            found.append(text[match.start():end])
    return found
