"""Small pieces of English the briefs are written with: lists, counts, dates."""
from __future__ import annotations

import re

from migration_briefs.dates import MONTHS, date_span, partial_date
from migration_briefs.model.reference import sdg_sort_key

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def join(words: list[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C' (UN style: no serial comma)."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def number(n) -> str:
    """'one', 'ten', '12': words up to ten, as in UN editorial style (n: a number, or a sized
    collection, counted)."""
    n = n if isinstance(n, int) else len(n)
    return NUMBER_WORDS[n] if 0 <= n <= 10 else str(n)


def count(n, singular: str, plural: str | None = None) -> str:
    """'one item', 'two items', '12 items' (n: a number, or a sized collection, counted)."""
    n = n if isinstance(n, int) else len(n)
    noun = singular if n == 1 else (plural or singular + "s")
    return f"{number(n)} {noun}"


def plural_noun(noun: str) -> str:
    """'meetings', 'side events', 'addresses': the plural of the labels briefs count things by."""
    return noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")


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


def plural(n, singular: str, plural_form: str) -> str:
    """`singular` or `plural_form`, agreeing with `n` (a number, a sized collection or a Share)."""
    if isinstance(n, Share):
        return plural_form if n.plural else singular
    if not isinstance(n, int):
        n = len(n)
    return singular if n == 1 else plural_form


class Share:
    """A part of a whole, in words that agree in number: 'both agencies', 'neither agency', 'all
    five agencies', 'the one agency', 'two of five agencies'; `plural` says whether a verb after it
    is plural ('both agencies report', 'neither agency reports')."""

    def __init__(self, part: int, whole: int, singular: str, plural_form: str):
        self.part, self.whole = part, whole
        if whole == 0:
            self.text, self.plural = f"no {singular}", False
        elif part == whole == 1:
            self.text, self.plural = f"the one {singular}", False
        elif part == whole == 2:
            self.text, self.plural = f"both {plural_form}", True
        elif part == whole:
            self.text, self.plural = f"all {count(whole, singular, plural_form)}", True
        elif part == 0:
            self.text = f"neither {singular}" if whole == 2 else \
                f"no {singular}" if whole == 1 else f"none of {count(whole, singular, plural_form)}"
            self.plural = False
        else:
            self.text, self.plural = f"{number(part)} of {count(whole, singular, plural_form)}", part != 1

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:  # plain words: safe to put in a template as they are
        return self.text


def share(part, whole, singular: str = "agency", plural_form: str = "agencies") -> Share:
    """See `Share`; `part` and `whole` are numbers or sized collections."""
    return Share(part if isinstance(part, int) else len(part), whole if isinstance(whole, int) else len(whole),
                 singular, plural_form)


def of_them(part, whole) -> str:
    """How many 'of them': 'neither', 'none', 'both', 'all', 'one', 'three'."""
    part = part if isinstance(part, int) else len(part)
    whole = whole if isinstance(whole, int) else len(whole)
    if part == 0:
        return "neither" if whole == 2 else "none"
    if part == whole:
        return "both" if whole == 2 else "all" if whole > 1 else "one"
    return number(part)


def sdg_names(codes) -> str:
    """'Goals 5, 8 and 10 and targets 8.8 and 10.7', in the UN's order."""
    codes = sorted(dict.fromkeys(str(c) for c in codes), key=sdg_sort_key)
    goals = [c for c in codes if "." not in c]
    targets = [c for c in codes if "." in c]
    parts = []
    if goals:
        parts.append(("Goal " if len(goals) == 1 else "Goals ") + join(goals))
    if targets:
        parts.append(("target " if len(targets) == 1 else "targets ") + join(targets))
    return " and ".join(parts)
