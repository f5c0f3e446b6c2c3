"""What a paper's front matter says about its meeting, and the source text a contribution is
drafted from (`briefs draft`, draft.py): the meeting's name, organizer, place and dates, and
the paper's title, as the header of a contribution file has them.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from migration_briefs.dates import MONTH_NUMBERS
from migration_briefs.errors import BriefsError
from migration_briefs.model.models import Paragraph, SourceText
from migration_briefs.model.yaml_source import YAMLProblem, read_yaml
from migration_briefs.paths import Project
from migration_briefs.sources.paragraphs import SUBJECT_LABEL, smart_case

_MONTH = r"(?P<{0}>[A-Za-z]{{3,9}})\.?"
_DASH = r"\s*(?:-|–|—|to)\s*"
_DATE_FORMS = [
    re.compile(rf"^(?P<d1>\d{{1,2}})\s+{_MONTH.format('m1')}(?:\s+(?P<y1>\d{{4}}))?{_DASH}(?P<d2>\d{{1,2}})\s+"
               rf"{_MONTH.format('m2')},?\s+(?P<y>\d{{4}})$"),
    re.compile(rf"^(?P<d1>\d{{1,2}})(?:{_DASH}(?P<d2>\d{{1,2}}))?\s+{_MONTH.format('m2')},?\s+(?P<y>\d{{4}})$"),
    re.compile(rf"^{_MONTH.format('m2')}\s+(?P<d1>\d{{1,2}})(?:{_DASH}(?P<d2>\d{{1,2}}))?,?\s+(?P<y>\d{{4}})$"),
]
_ORDINALS = {word: n for n, word in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth".split(), start=1)}
_TENS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "twenty": 20, "thirty": 30, "forty": 40}
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


class ScaffoldError(BriefsError):
    """A contribution file cannot be drafted: one sentence saying why and what to do."""


@dataclass
class Meeting:
    name: str | None = None
    short_name: str | None = None
    organizer: str | None = None
    place: str | None = None
    start: str | None = None
    end: str | None = None
    dates: str | None = None  # as the document writes them
    title: str | None = None


def _date(text: str) -> tuple[str, str] | None:
    for form in _DATE_FORMS:
        match = form.match(text.strip())
        if not match:
            continue
        parts = match.groupdict()
        end_month = MONTH_NUMBERS.get(parts["m2"].lower())
        start_month = MONTH_NUMBERS.get((parts.get("m1") or parts["m2"]).lower())
        if end_month is None or start_month is None:
            return None
        year = int(parts["y"])
        start_year = int(parts["y1"]) if parts.get("y1") else year - 1 if start_month > end_month else year
        start = f"{start_year:04d}-{start_month:02d}-{int(parts['d1']):02d}"
        end = f"{year:04d}-{end_month:02d}-{int(parts['d2'] or parts['d1']):02d}"
        return start, end
    return None


def _ordinal_number(name: str) -> str:
    """'Fifteenth Coordination Meeting' -> '15th Coordination Meeting'."""
    def replace(match: re.Match) -> str:
        words = re.split(r"[-\s]", match.group(0).lower())
        number = sum(_TENS.get(w, 0) + _ORDINALS.get(w, 0) for w in words)
        suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        return f"{number}{suffix}"
    words = "|".join([*_ORDINALS, "twentieth", "thirtieth", "fortieth"])
    return re.sub(rf"\b(?:(?:twenty|thirty|forty)[-\s])?(?:{words})\b", replace, name, count=1, flags=re.I)


# A title that names the meeting it was written for: the meeting is the last "to/for/at the …
# Meeting (on …)" of the line, up to a comma or a bracket.
_MEETING_IN_TITLE = re.compile(r"^.*\b(?:to|for|at|before)\s+the\s+(?P<name>[^,;:()]*\bmeeting\b(?:\s+on\s+[^,;:()]*)?)",
                               re.I)


def _a_sentence(line: str) -> bool:
    return line.rstrip().endswith(".") and len(line.split()) > 12


def read_meeting(front: list[Paragraph], spelled: dict[str, str] | None = None) -> tuple[Meeting, list[str]]:
    """What the front matter says about the meeting, and the ids of the entries that say it; a line
    in capitals is cased as the paper's running text spells its words (`spelled`, paragraphs.spellings)."""
    meeting = Meeting()
    texts = [SUBJECT_LABEL.sub("", re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", p.text).strip()) for p in front]
    dated, before = None, ""
    for i, text in enumerate(texts):
        # "New York, 15-16 February 2018", or after what the line says first ("Input to the … Meeting on
        # International Migration, New York, 14-15 February 2019"); a place and date before any line
        # names a meeting is a letter's ("Geneva, 25 January 2019"), not the meeting's
        parts = text.split(",")
        for k in range(1, len(parts)):
            place, dates = parts[k - 1].strip(), ",".join(parts[k:])
            found = _date(dates)
            named_before = any(re.search(r"\bmeeting\b", t, re.I) for t in [*texts[:i], *parts[:k - 1]])
            if found and place and not any(c.isdigit() for c in place) and named_before:
                dated, before, meeting.place, meeting.dates = i, ",".join(parts[:k - 1]).strip(), place, dates.strip()
                meeting.start, meeting.end = found
                break
        if dated is not None:
            break
    header = texts[:dated] if dated is not None else []
    named = [t for t in [*header, before] if re.search(r"\bmeeting\b", t, re.I)]
    line = (named[0] if named else header[0] if header else
            next((t for t in texts if re.search(r"\bmeeting\b", t, re.I)), None))
    meeting.organizer = ", ".join(header[header.index(line) + 1:] if line in header else []) or None
    titled = _MEETING_IN_TITLE.match(line or "")
    if titled:  # "Contribution of ECLAC to the Sixteenth Coordination Meeting …": the paper's title
        meeting.name, meeting.title = smart_case(titled["name"], spelled).strip(), smart_case(line, spelled).rstrip(".")
    elif line:
        meeting.name = smart_case(line, spelled)
    if meeting.name:
        meeting.short_name = _ordinal_number(meeting.name)
    rest = texts[(dated + 1) if dated is not None else 0:]
    # a title, not a sentence of the paper's opening that says what it reports ("We report here …")
    meeting.title = meeting.title or next((smart_case(t, spelled).rstrip(".") for t in rest if t != meeting.name and re.search(
        r"\b(contribution|report|paper|submission|input|meeting)\b", t, re.I) and not _a_sentence(t)), None)
    return meeting, [p.id for p in front]


def load_source_text(name: str, root: Path | None) -> SourceText:
    """The source text data/sources/<name>.yaml; ScaffoldError naming what to do if it is not one."""
    sources = Project.at(root).sources_dir.resolve()
    name = name.removeprefix("sources/").removesuffix(".yaml")
    path = (sources / f"{name}.yaml").resolve()
    if not re.fullmatch(r"[a-z0-9]+(?:[_-][a-z0-9]+)*", name) or path.parent != sources:
        raise ScaffoldError(f"--source {name!r} is not the name of a file in data/sources/: give the part "
                            "before .yaml, e.g. --source un-women_15th-coordination-meeting_2017.")
    if not path.is_file():
        known = sorted(p.stem for p in sources.glob("*.yaml"))
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.4)
        raise ScaffoldError(f"There is no data/sources/{name}.yaml"
                            + (f" (did you mean {', '.join(close)}?)" if close else "")
                            + "; import the document first with `briefs import-source FILE`.")
    try:
        return SourceText.model_validate(read_yaml(path, root).data)
    except (YAMLProblem, ValidationError) as exc:
        raise ScaffoldError(f"data/sources/{name}.yaml is not a valid source text; "
                            "run `make validate` to see where.") from exc
