"""`briefs new-contribution`: the skeleton of data/contributions/<agency>/<year>.yaml.

The skeleton fills in what the source text's front matter says (the meeting, its organizer,
place and dates, the paper's title) and leaves one commented item stub per section of the
document, with the section's paragraph ids, its year and status where the heading gives them.
What it cannot read stays empty, so that `make validate` points at it until a person fills it in.
"""
from __future__ import annotations

import difflib
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from . import paths
from .errors import DataValidationError
from .files import write_atomic
from .models import Paragraph, SourceText
from .reference import load_reference
from .source_file import yaml_entry
from .source_import import FRONT_MATTER, smart_case
from .yaml_source import YAMLProblem, read_yaml

# The one item stub, written against today's model: change it here when the model changes.
ITEM_STUB = """\
- id:                 # a short-lower-case-name, unique in this file
  year: {year}
  status: {status}
  title:              # a headline for readers, at most 120 characters
  summary:            # what the text says was done, in your own words, adding nothing
  kind:               # a code from item_kinds (see the top of this file)
  sdg:
    stated: []        # what the document itself ties to it: - {{code: "8.8", source: [pN]}}
    analyst: []       # what you tie to it: - {{code: "10.7", reason: why the target's wording fits}}
  mechanisms: []      # codes from data/reference/mechanisms.yaml: [CMW, CEDAW]
  countries: []       # ISO 3166-1 alpha-3 and a role: - {{code: MEX, role: programme}}
  partners: []
  groups: []          # codes from groups
  mainstreaming: []   # codes from mainstreaming
  outcomes: []
  products: []        # - {{title: ..., scope: global, count: 3, source: [pN]}}
  events: []          # - {{kind: side-event, title: ..., date: 2017-02-17, source: [pN]}}
  source: [{source}]
"""

_MONTHS = {name: i + 1 for i, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")]) for name in names}
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


class ScaffoldError(Exception):
    """The skeleton cannot be written: one sentence saying why and what to do."""


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
        end_month = _MONTHS.get(parts["m2"].lower())
        start_month = _MONTHS.get((parts.get("m1") or parts["m2"]).lower())
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


def read_meeting(front: list[Paragraph]) -> tuple[Meeting, list[str]]:
    """What the front matter says about the meeting, and the ids of the entries that say it."""
    meeting = Meeting()
    texts = [re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", p.text).strip() for p in front]
    dated = None
    for i, text in enumerate(texts):
        place, _, dates = text.partition(",")
        found = _date(dates) if dates else None
        if found and place.strip() and not any(c.isdigit() for c in place):
            dated, meeting.place, meeting.dates = i, place.strip(), dates.strip()
            meeting.start, meeting.end = found
            break
    header = texts[:dated] if dated is not None else []
    if header:
        meeting.name = smart_case(header[0])
        meeting.organizer = ", ".join(header[1:]) or None
    else:
        meeting.name = next((smart_case(t) for t in texts if re.search(r"\bmeeting\b", t, re.I)), None)
    if meeting.name:
        meeting.short_name = _ordinal_number(meeting.name)
    rest = texts[(dated + 1) if dated is not None else 0:]
    meeting.title = next((smart_case(t).rstrip(".") for t in rest if t != meeting.name and re.search(
        r"\b(contribution|report|paper|submission|input|meeting)\b", t, re.I)), None)
    return meeting, [p.id for p in front]


def _field(value: str | None, name: str, indent: str = "  ") -> str:
    if value is None:
        return f"{indent}{name}:  # not found in the document's front matter: fill it in\n"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"{indent}{name}: {value}\n"  # the loader keeps dates as written, as the other files do
    line = yaml_entry(name, value, indent)
    return line if len(line) <= 101 else yaml_entry(name, value, indent, folded=True)


def _sections(paragraphs: list[Paragraph], meeting_year: int) -> list[tuple[str, list[Paragraph], int | None, str]]:
    """(section label, paragraphs, year, status) for each section of the body, in order."""
    sections: list[tuple[str, list[Paragraph], int | None, str]] = []
    year: int | None = None
    for p in paragraphs:
        if p.section == FRONT_MATTER:
            continue
        if p.kind == "heading":
            found = _YEAR.search(p.text) or _YEAR.search(p.section)
            year = int(found.group(0)) if found else year
        if not sections or sections[-1][0] != p.section:
            status = "" if year is None else ("planned" if year >= meeting_year else "done")
            sections.append((p.section, [], year, status))
        sections[-1][1].append(p)
    return sections


def _comment(block: str, indent: str) -> str:
    return "".join(f"{indent}# {line}".rstrip() + "\n" for line in block.splitlines())


def _id_range(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else f"{ids[0]}-{ids[-1]}"


def skeleton(agency, year: int, source_name: str, source: SourceText, vocabularies) -> str:
    front = [p for p in source.paragraphs if p.section == FRONT_MATTER]
    meeting, front_ids = read_meeting(front)
    title = meeting.title or source.title
    original = ", ".join(x for x in (agency.abbreviation, title, meeting.place, meeting.dates) if x)
    codes = {name: ", ".join(t.code for t in getattr(vocabularies, name))
             for name in ("statuses", "item_kinds", "groups", "mainstreaming", "country_roles")}
    about = (f"{agency.abbreviation}'s contribution to the {meeting.name or 'meeting'} ({year}), from "
             f"data/sources/{source_name}.yaml. Started with `briefs new-contribution`; data/README.md "
             "describes every field. Write one item per thing the agency did or committed to: uncomment a "
             "stub below, fill it in, copy it for the next item, and cite in `source` the paragraphs each "
             "item, event and product rests on. `make coverage` lists the paragraphs nothing cites yet.")
    out = ["# yaml-language-server: $schema=../../schema/contribution.schema.json\n", "#\n",
           *(f"# {line}\n" for line in textwrap.wrap(about, 96, break_on_hyphens=False)), "#\n"]
    for name, label in (("statuses", "status"), ("item_kinds", "kind"), ("groups", "groups"),
                        ("mainstreaming", "mainstreaming"), ("country_roles", "country roles")):
        out.extend(_wrapped_codes(label, codes[name]))
    out += [
        "\n",
        f"agency: {agency.code}\n",
        f"year: {year}\n",
        _field(title, "title", ""),
        "meeting:\n",
        _field(meeting.name, "name"),
        _field(meeting.short_name, "short_name"),
        _field(meeting.organizer, "organizer"),
        _field(meeting.place, "place"),
        _field(meeting.start, "start"),
        _field(meeting.end, "end"),
        "  # the meeting header and the paper's front matter\n" if front_ids else "",
        f"  source: [{', '.join(front_ids)}]\n" if front_ids else "  source: []  # the front matter's ids\n",
        "source:\n",
        f"  text: sources/{source_name}.yaml\n",
        _field(original, "original"),
        "\n",
        "# SDG goals and targets the document itself names for a year's work, if it does:\n",
        "# sdg_statements:\n",
        f"#   - year: {year - 1}\n",
        "#     codes: []\n",
        "#     source: []\n",
        "# The agenda or declaration the document says a year's work supports, in its words:\n",
        "# framing:\n",
        f"#   - year: {year - 1}\n",
        "#     frame:\n",
        "#     source: []\n",
        "# What a reader should take away, about items of this file (write these last):\n",
        "# key_messages:\n",
        "#   - text:\n",
        "#     items: []\n",
        "#     source: []\n",
        "\n",
        "items:  # at least one: uncomment a stub below and fill it in\n",
    ]
    for label, members, section_year, status in _sections(source.paragraphs, year):
        out.append(f"  # --- {label} ({_id_range([p.id for p in members])}) ".ljust(100, "-").rstrip() + "\n")
        evidence = ", ".join(p.id for p in members if p.kind != "heading")  # a heading is not evidence
        out.append(_comment(ITEM_STUB.format(year=section_year or "", status=status, source=evidence), "  "))
        out.append("\n")
    return "".join(out).rstrip("\n") + "\n"


def _wrapped_codes(label: str, codes: str) -> list[str]:
    lines, current = [], f"# {label}:"
    for code in codes.split(", "):
        if len(current) + len(code) + 2 > 100:
            lines.append(current.rstrip(",") + ",\n")
            current = "#   "
        current += f" {code},"
    lines.append(current.rstrip(",") + "\n")
    return lines


def _load_source(name: str, root: Path | None) -> SourceText:
    sources = ((Path(root) / "data" / "sources") if root else paths.SOURCES_DIR).resolve()
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


def new_contribution(agency: str, year: int, source_name: str, root: Path | None = None) -> Path:
    """Write the skeleton and return its path; ScaffoldError if anything stands in the way."""
    data_dir = (Path(root) / "data") if root else paths.DATA_DIR
    try:
        reference = load_reference(data_dir / "reference", root)
    except DataValidationError as exc:
        raise ScaffoldError("The reference tables do not validate; run `make validate` first.") from exc
    if not isinstance(year, int) or not 1900 <= year <= 2100:
        raise ScaffoldError(f"--year {year!r} is not a four-digit year such as 2018 (the year of the meeting).")
    if agency not in reference.agencies:
        close = difflib.get_close_matches(agency, sorted(reference.agencies), n=3, cutoff=0.4)
        known = ", ".join(close) if close else ", ".join(sorted(reference.agencies))
        slug = re.sub(r"[^a-z0-9]+", "-", agency.lower()).strip("-") or "agency-code"
        raise ScaffoldError(
            f"The agency {agency!r} is not in data/reference/agencies.yaml (closest known: {known}). "
            f"If it is a new agency, add it under `agencies:` there, e.g.\n"
            f"  - code: {slug}\n    abbreviation: {agency.upper()}\n    name: <the agency's full name>\n"
            f"then run this command again with --agency {slug}.")
    source = _load_source(source_name, root)
    name = source_name.removeprefix("sources/").removesuffix(".yaml")
    target = data_dir / "contributions" / agency / f"{year}.yaml"
    if target.exists():
        raise ScaffoldError(f"{paths.relative_to_root(target, root)} already exists; new-contribution never "
                            "overwrites a file: edit it, or move it away and run this again.")
    text = skeleton(reference.agencies[agency], year, name, source, reference.vocabularies)
    write_atomic(target, text.encode("utf-8"))
    return target
