"""Small pieces of English the briefs are written with: lists, counts, dates."""
from __future__ import annotations

import re

from migration_briefs.dates import MONTHS, date_span, partial_date

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def join(words: list[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C' (UN style: no serial comma)."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def number(n: int) -> str:
    """'one', 'ten', '12': words up to ten, as in UN editorial style."""
    return NUMBER_WORDS[n] if 0 <= n <= 10 else str(n)


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'one item', 'two items', '12 items'."""
    noun = singular if n == 1 else (plural or singular + "s")
    return f"{number(n)} {noun}"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def article(word: str) -> str:
    """'a' or 'an' before `word`, by its first letter (enough for the labels briefs use)."""
    return "an" if word[:1].lower() in "aeiou" else "a"


# Short country names that English writes with "the" (UN usage): plural names, and names that
# are a kind of state or a group of islands.
_THE_NAMES = {"Bahamas", "Comoros", "Gambia", "Maldives", "Netherlands", "Niger", "Philippines", "Seychelles",
              "Sudan", "Congo"}
_THE_WORDS = ("Republic", "Federation", "Kingdom", "States", "Emirates", "Islands")


def country_in_sentence(name: str) -> str:
    """'Mexico', 'the Philippines', 'the Republic of Moldova': a country's name inside a sentence."""
    if name in _THE_NAMES or any(word in name.split() for word in _THE_WORDS):
        return f"the {name}"
    return name


def format_date(value: str, short: bool = False) -> str:
    """A date at the precision given: '2016', 'August 2016', '17 February 2017' (with
    short=True, 'Aug 2016', '17 Feb 2017', for chart labels)."""
    year, number, day = partial_date(value)
    if number is None:
        return str(year)
    month = MONTHS[number - 1][:3 if short else None]
    return f"{month} {year}" if day is None else f"{day} {month} {year}"


def format_date_range(start: str, end: str) -> str:
    """'16-17 February 2017' when the days share a month; otherwise both dates in full."""
    if start == end:
        return format_date(start)
    s, e = partial_date(start), partial_date(end)
    if s[2] is not None and e[2] is not None and s[:2] == e[:2]:
        return f"{s[2]}-{e[2]} {MONTHS[s[1] - 1]} {s[0]}"
    return f"{format_date(start)} to {format_date(end)}"


def iso_date(value: str) -> str:
    """The first day a partial date can mean, as YYYY-MM-DD (for PDF and HTML metadata)."""
    return date_span(value)[0].isoformat()


_NOTE_MARK = re.compile(r"^[\u00b9\u00b2\u00b3\u2070-\u2079*]+\s*")


def without_note_mark(text: str) -> str:
    """A footnote's text without the superscript number that opens it ('¹ The views ...')."""
    return _NOTE_MARK.sub("", text)
