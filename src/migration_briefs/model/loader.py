"""Load every file under data/, validate it, and return a Dataset.

Validation collects every problem in a run (shape, unknown codes, broken references)
and raises them together as one DataValidationError, each located by file, line and field.
"""
from __future__ import annotations

import difflib
import re
import textwrap
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from migration_briefs import fonts
from migration_briefs.errors import DataValidationError, Problem, closest_first
from migration_briefs.files import inside
from migration_briefs.model.dataset import Dataset, DraftMark, ItemRecord, goal_of
from migration_briefs.model.models import (
    PATTERN_WORDS,
    SLUG_PATTERN,
    Contribution,
    Paragraph,
    Publisher,
    SourceText,
    SystemNotes,
)
from migration_briefs.model.reference import Reference, load_reference
from migration_briefs.model.yaml_source import LocatedDocument, YAMLProblem, parse_yaml_text, read_yaml
from migration_briefs.model.yaml_source import field_path as _field_path
from migration_briefs.paths import Project

PUBLISHER_FILE = "publisher.yaml"

_HINTS = {
    "missing": "add this field; see data/README.md for what it holds",
    "int_parsing": "write a whole number",
    "int_type": "write a whole number",
    "string_type": "write text (quote it if it looks like a number or a date)",
    "list_type": "write a list, e.g. [a, b] or one '- value' per line",
    "too_short": "give at least one value",
    "string_pattern_mismatch": "see data/README.md for the allowed form of this field",
    "literal_error": "use one of the values listed",
    "string_too_long": "shorten it: a title goes in a few words, the long version in the summary, "
                       "and no text field holds a whole document",
}


def _closest(value: str, known: Iterable[str]) -> str:
    known = list(known)
    match = difflib.get_close_matches(str(value), known, n=1, cutoff=0.5) or difflib.get_close_matches(
        str(value).upper(), [k.upper() for k in known], n=1, cutoff=0.5)
    if match:
        original = next(k for k in known if k.upper() == match[0].upper())
        return f"did you mean {original!r}?"
    return ""


# A list of known codes this long is given whole in a hint, closest first; of a longer one (countries,
# SDG targets), the CLOSEST_CODES closest.
LIST_ALL = 20
CLOSEST_CODES = 5
# The fields of a contribution whose codes are a vocabulary's (data/reference/vocabularies.yaml), by
# where they are (list indexes left out): the vocabulary and what a message calls one of its codes.
VOCABULARY_AT = {("items", "status"): ("statuses", "status"), ("items", "kind"): ("item_kinds", "item kind"),
                 ("items", "events", "kind"): ("event_kinds", "event kind"),
                 ("items", "groups"): ("groups", "group"),
                 ("items", "mainstreaming"): ("mainstreaming", "mainstreaming approach"),
                 ("items", "countries", "role"): ("country_roles", "country role")}
VOCABULARIES = "data/reference/vocabularies.yaml"


def known_codes(value: str, known: Iterable[str], what: str, where: str) -> str:
    """The hint for `value`, which is none of the `known` codes: the one it is likely a slip for,
    then the codes it may be, closest first (all of them, unless there are more than LIST_ALL)."""
    known = list(known)
    slip = difflib.get_close_matches(str(value).lower(), [k.lower() for k in known], n=1, cutoff=0.6)
    meant = next((f"did you mean {k!r}? " for k in known if slip and k.lower() == slip[0]), "")
    ordered = closest_first(value, known)
    if len(known) <= LIST_ALL:
        return f"{meant}the {what} codes, closest first: {', '.join(ordered)} ({where})"
    return f"{meant}the closest {what} codes are {', '.join(ordered[:CLOSEST_CODES])}; all are in {where}"


def _as_code(value: object) -> str:
    """`value` written as a code ('Policy support' as 'policy-support')."""
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")


def _pattern_problem(loc: tuple, value: object, pattern: str, reference: Reference | None) -> tuple[str, str] | None:
    """(message, hint) for a value that does not match its field's pattern, in words; None for a
    pattern the models do not use."""
    words = PATTERN_WORDS.get(pattern)
    if words is None:
        return None
    message = f"{textwrap.shorten(repr(value), 80, placeholder=' …')} is not {words}"
    vocabulary = VOCABULARY_AT.get(tuple(p for p in loc if not isinstance(p, int)))
    if vocabulary and reference is not None:
        name, what = vocabulary
        return message, known_codes(_as_code(value), reference.vocabulary(name), what, VOCABULARIES)
    code = _as_code(value)
    if pattern == SLUG_PATTERN and code and code != value:
        return message, f"did you mean {code!r}?"
    return message, _HINTS["string_pattern_mismatch"]


def _validation_problems(doc: LocatedDocument, exc: ValidationError, model: type[BaseModel],
                         reference: Reference | None = None) -> list[Problem]:
    """A Problem for each of pydantic's errors; with the reference tables, a code that is not in
    the form of its field's vocabulary gets that vocabulary's codes."""
    problems = []
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if not str(p).startswith("function-"))
        message = error["msg"]
        hint = _HINTS.get(error["type"], "")
        if error["type"] == "string_pattern_mismatch" and (
                worded := _pattern_problem(loc, error.get("input"), (error.get("ctx") or {}).get("pattern", ""),
                                           reference)):
            message, hint = worded
        elif error["type"] == "extra_forbidden":
            allowed = _allowed_fields(model, loc[:-1])
            message = f"unknown field {loc[-1]!r}"
            suggestion = _closest(loc[-1], allowed)
            hint = (f"{suggestion} " if suggestion else "") + f"allowed fields here are: {', '.join(allowed)}"
        elif error["type"] == "missing":
            message = "this required field is missing"
        elif ("input" in error and error["type"] not in ("too_short",) and not isinstance(error["input"], dict | list)
              and repr(error["input"]) not in message):
            message = f"{message} (got {textwrap.shorten(repr(error['input']), 80, placeholder=' …')})"
        if error["type"] == "too_short" and loc and loc[-1] == "items":
            message = "the contribution has no items"
            hint = "a contribution file must list at least one item the agency did or committed to"
        problems.append(Problem(doc.name, doc.line_of(loc), _field_path(loc), message, hint))
    return problems


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the model found at `loc` inside `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            break
        annotation = field.annotation
        for candidate in [annotation, *getattr(annotation, "__args__", ())]:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                current = candidate
                break
            inner = [a for a in getattr(candidate, "__args__", ()) if isinstance(a, type) and issubclass(a, BaseModel)]
            if inner:
                current = inner[0]
                break
    return list(current.model_fields)


def _read(path: Path, problems: list[Problem], project: Project) -> LocatedDocument | None:
    try:
        doc = read_yaml(path, project)
    except YAMLProblem as exc:
        problems.append(exc.problem)
        return None
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.name, 1, "", "the file is empty or is not a mapping of fields",
                                "start from the example in data/README.md"))
        return None
    problems.extend(fonts.unprintable(doc.name, doc.strings()))
    return doc


def _read_as(model: type[BaseModel], path: Path, problems: list[Problem], project: Project,
             reference: Reference | None = None) -> tuple:
    """(the located document, the model it validates as), or (the document or None, None) with its
    problems added: every data file is read and checked this way (a code out of form is told its
    vocabulary's codes when `reference` is given)."""
    doc = _read(path, problems, project)
    if doc is None:
        return None, None
    try:
        return doc, model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_validation_problems(doc, exc, model, reference))
        return doc, None


def _load_source(path: Path, problems: list[Problem], project: Project) -> SourceText | None:
    doc, source = _read_as(SourceText, path, problems, project)
    if source is None:
        return None
    seen: set[str] = set()
    for i, paragraph in enumerate(source.paragraphs):
        if paragraph.id in seen:
            problems.append(Problem(doc.name, doc.line_of(("paragraphs", i, "id")), f"paragraphs[{i}].id",
                                    f"paragraph id {paragraph.id!r} is used twice",
                                    "paragraph ids must be unique; never renumber, append a new id"))
        seen.add(paragraph.id)
    return source


class _Checker:
    """Checks one contribution's codes and references against the reference tables."""

    def __init__(self, doc: LocatedDocument, reference: Reference, problems: list[Problem]):
        self.doc, self.reference, self.problems = doc, reference, problems

    def problem(self, loc: tuple, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.doc.name, self.doc.line_of(loc), _field_path(loc), message, hint))

    def code(self, loc: tuple, value: str, known: dict, what: str, where: str) -> None:
        if value not in known:
            self.problem(loc, f"unknown {what} {value!r}", known_codes(value, known, what, where))

    def sdg(self, loc: tuple, value: str) -> None:
        known = self.reference.targets if "." in value else self.reference.goals
        self.code(loc, value, known, "SDG target" if "." in value else "SDG goal",
                  "data/reference/sdg_targets.csv and sdg_goals.csv")

    def paragraphs(self, loc: tuple, ids: list[str], known: dict[str, Paragraph] | None,
                   evidence: bool = True) -> None:
        """Check that `ids` name paragraphs of the source text; where they are `evidence` for what
        the data says (an item, a key message), also that none is a heading: a heading frames the
        work under it (see `framing`) but reports none of it."""
        if known is None:
            return
        for i, pid in enumerate(ids):
            if pid not in known:
                suggestion = _closest(pid, known)
                self.problem((*loc, i), f"cites paragraph {pid!r}, which is not in the source text",
                             f"{suggestion + ' ' if suggestion else ''}paragraph ids are listed in "
                             f"{self.doc.data.get('source', {}).get('text', 'the source text file')}")
            elif evidence and known[pid].kind == "heading":
                heading = textwrap.shorten(known[pid].text, 60, placeholder=" …")
                self.problem((*loc, i), f"cites {pid!r}, the heading {heading!r}, as evidence",
                             "cite the paragraphs under the heading; a heading may be cited only where the "
                             "document frames a year's work (`framing`) or describes its meeting")

    def contribution(self, contribution: Contribution, agency_dir: str, known: dict[str, Paragraph] | None) -> None:
        ref = self.reference
        self.code(("agency",), contribution.agency, ref.agencies, "agency", "data/reference/agencies.yaml")
        if contribution.agency in ref.agencies and contribution.agency != agency_dir:
            self.problem(("agency",), f"agency {contribution.agency!r} does not match the folder "
                         f"{agency_dir!r}", f"move the file to data/contributions/{contribution.agency}/")
        self.paragraphs(("meeting", "source"), contribution.meeting.source, known, evidence=False)
        if contribution.disclaimer:
            self.paragraphs(("disclaimer",), contribution.disclaimer, known, evidence=False)
        for s, statement in enumerate(contribution.sdg_statements):
            for c, code in enumerate(statement.codes):
                self.sdg(("sdg_statements", s, "codes", c), code)
            # a heading may name the goals of the work under it
            self.paragraphs(("sdg_statements", s, "source"), statement.source, known, evidence=False)
        for f, framing in enumerate(contribution.framing):
            self.paragraphs(("framing", f, "source"), framing.source, known, evidence=False)
        ids = {item.id for item in contribution.items}
        for n, entry in enumerate(contribution.not_said):
            self.paragraphs(("not_said", n, "source"), entry.source, known)
            for i, item in enumerate(entry.items):
                if item not in ids:
                    self.problem(("not_said", n, "items", i), f"names item {item!r}, which is not in this file",
                                 "give the id of an item of this file")
        vocab = {name: ref.vocabulary(name) for name in
                 ("statuses", "item_kinds", "event_kinds", "groups", "mainstreaming", "country_roles")}
        seen: dict[str, int] = {}
        for i, item in enumerate(contribution.items):
            at = ("items", i)
            if item.id in seen:
                self.problem((*at, "id"), f"item id {item.id!r} is already used by items[{seen[item.id]}]",
                             "give every item in a file its own id")
            seen.setdefault(item.id, i)
            self.code((*at, "status"), item.status, vocab["statuses"], "status", "data/reference/vocabularies.yaml")
            self.code((*at, "kind"), item.kind, vocab["item_kinds"], "item kind", "data/reference/vocabularies.yaml")
            for basis in ("stated", "analyst"):
                for c, link in enumerate(getattr(item.sdg, basis)):
                    self.sdg((*at, "sdg", basis, c, "code"), link.code)
            for c, link in enumerate(item.sdg.stated):
                self.paragraphs((*at, "sdg", "stated", c, "source"), link.source, known)
            for c, country in enumerate(item.countries):
                self.code((*at, "countries", c, "code"), country.code, ref.countries, "country",
                          "data/reference/countries.csv (ISO 3166-1 alpha-3)")
                self.code((*at, "countries", c, "role"), country.role, vocab["country_roles"], "country role",
                          "data/reference/vocabularies.yaml (country_roles)")
            for field, known_codes, what, where in [
                ("mechanisms", ref.mechanisms, "mechanism", "data/reference/mechanisms.yaml"),
                ("groups", vocab["groups"], "group", "data/reference/vocabularies.yaml"),
                ("mainstreaming", vocab["mainstreaming"], "mainstreaming approach",
                 "data/reference/vocabularies.yaml"),
            ]:
                for c, code in enumerate(getattr(item, field)):
                    self.code((*at, field, c), code, known_codes, what, where)
            self.paragraphs((*at, "source"), item.source, known)
            for p, product in enumerate(item.products):
                self.paragraphs((*at, "products", p, "source"), product.source, known)
            for e, event in enumerate(item.events):
                self.code((*at, "events", e, "kind"), event.kind, vocab["event_kinds"], "event kind",
                          "data/reference/vocabularies.yaml")
                if event.mechanism is not None:
                    self.code((*at, "events", e, "mechanism"), event.mechanism, ref.mechanisms,
                              "mechanism", "data/reference/mechanisms.yaml")
                self.paragraphs((*at, "events", e, "source"), event.source, known)
        declared: dict[str, int] = {}
        for o, outside in enumerate(contribution.outside_sources):
            if outside.ref in declared:
                self.problem(("outside_sources", o, "ref"), f"outside source {outside.ref!r} is already listed "
                             f"as outside_sources[{declared[outside.ref]}]", "give each outside source its own tag")
            declared.setdefault(outside.ref, o)
        used = set()
        for loc, tag in contribution.outside_tags():
            used.add(tag)
            if tag not in declared:
                self.problem(loc, f"marks a fact with [{tag}], which no entry of outside_sources has",
                             "add the source under outside_sources (ref, citation, url), or take the tag out")
        for ref, o in declared.items():
            if ref not in used:
                self.problem(("outside_sources", o, "ref"), f"outside source {ref!r} is the source of no fact",
                             f"write [{ref}] after the fact it gives in a summary, key message or note, "
                             "or remove the entry")
        for m, message in enumerate(contribution.key_messages):
            for k, item_id in enumerate(message.items):
                if item_id not in seen:
                    suggestion = _closest(item_id, seen)
                    self.problem(("key_messages", m, "items", k), f"no item in this file has the id {item_id!r}",
                                 f"{suggestion + ' ' if suggestion else ''}a key message names the ids of "
                                 "the items it is about")
            self.paragraphs(("key_messages", m, "source"), message.source, known)


def source_text_path(data_dir: Path, text: str) -> Path | None:
    """The file a contribution's `source.text` names, or None when that path, once '..' and
    links are resolved, is not inside data/sources/: a path written in the data may only name a
    file in its own folder."""
    path = inside(data_dir, text)
    return path if path is not None and path.is_relative_to((data_dir / "sources").resolve()) else None


def data_fingerprint(project: Project | None = None) -> tuple:
    """Name, size and modification time of every data file: cheap, and changes with any edit."""
    data_dir = Project.at(project).data_dir
    return tuple((p.as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                 for p in sorted(data_dir.rglob("*")) if p.is_file())


def contribution_files(project: Project | None = None) -> list[Path]:
    """Every contribution file, in a stable order."""
    base = Project.at(project).contributions_dir
    # hidden files are an editor's or a killed command's, not data (pipeline.inputs agrees)
    return sorted(p for p in base.glob("*/*.yaml") if not p.name.startswith(".") and not p.parent.name.startswith("."))


def load(root: Path | Project | None = None, agency: str | None = None) -> Dataset:
    """Read and validate everything under data/ of the project at `root` (the default project
    when None); raise DataValidationError listing all problems. With `agency`, only what one
    agency's briefs read, checked as a whole load checks it: the reference tables, the publisher,
    the agency's contribution files and the source texts they cite (model/cache.py)."""
    project = Project.at(root)
    data_dir = project.data_dir
    problems: list[Problem] = []
    reference = load_reference(project)
    contributions: list[Contribution] = []
    sources: dict[str, SourceText] = {}
    drafts: list[DraftMark] = []
    read_sources: set[Path] = set()
    files = [path for path in contribution_files(project) if agency is None or path.parent.name == agency]
    if not files:
        problems.append(Problem(project.relative(project.contributions_dir), None, "",
                                "no contribution files found",
                                "add one file per contribution: data/contributions/<agency>/<year>.yaml"))
    for path in files:
        doc, contribution = _read_as(Contribution, path, problems, project, reference)
        if contribution is None:
            continue
        source_path = source_text_path(data_dir, contribution.source.text)
        known: dict[str, Paragraph] | None = None
        if Path(contribution.source.text).is_absolute():
            problems.append(Problem(doc.name, doc.line_of(("source", "text")), "source.text",
                                    f"the source text {contribution.source.text!r} is an absolute path, which "
                                    "names a file of this checkout only",
                                    "give the path relative to data/, e.g. sources/<name>.yaml"))
        elif source_path is None:
            problems.append(Problem(doc.name, doc.line_of(("source", "text")), "source.text",
                                    f"the source text {contribution.source.text!r} is not a path inside data/sources/",
                                    "give the path of a file in data/sources/, relative to data/, "
                                    "e.g. sources/<name>.yaml"))
        elif contribution.source.text not in sources:
            if not source_path.is_file():
                problems.append(Problem(doc.name, doc.line_of(("source", "text")), "source.text",
                                        f"the source text {contribution.source.text!r} does not exist",
                                        "give a path relative to data/, e.g. sources/<name>.yaml"))
            else:
                read_sources.add(source_path)
                source = _load_source(source_path, problems, project)
                if source is not None:
                    sources[contribution.source.text] = source
        if contribution.source.text in sources:
            known = {p.id: p for p in sources[contribution.source.text].paragraphs}
        before = len(problems)
        if path.stem != str(contribution.year):
            problems.append(Problem(doc.name, doc.line_of(("year",)), "year",
                                    f"the file is named {path.name} but holds the contribution of {contribution.year}",
                                    f"name the file {contribution.year}.yaml: one file per agency and meeting year"))
        _Checker(doc, reference, problems).contribution(contribution, path.parent.name, known)
        if len(problems) == before:
            contributions.append(contribution)
            drafts.extend(_drafts(doc, contribution, reference))
    for path in sorted((data_dir / "sources").glob("*.yaml")) if agency is None else ():
        # every source text is checked, cited or not yet: import-source's files included (a link
        # is checked where a contribution cites it, as the file it leads to)
        if not path.name.startswith(".") and not path.is_symlink() and path.resolve() not in read_sources:
            _load_source(path, problems, project)
    publisher = _load_publisher(data_dir / PUBLISHER_FILE, problems, project)
    notes = [n for path in (system_files(project) if agency is None else ())
             if (n := _load_notes(path, problems, project, reference, contributions, sources)) is not None]
    if problems:
        raise DataValidationError(problems)
    return Dataset(reference=reference, contributions=contributions, sources=sources, publisher=publisher,
                   drafts=drafts, system_notes=notes)


def check_contribution(path: Path, text: str, project: Path | Project | None = None) -> Contribution:
    """Check `text` as the new content of the contribution file at `path`, as `load` would check
    the file (its shape, codes, paragraphs and name), before anything is written; raise
    DataValidationError listing its problems. What other files say is not checked again."""
    project = Project.at(project)
    problems: list[Problem] = []
    try:
        doc = parse_yaml_text(text, path, project)
    except YAMLProblem as exc:
        raise DataValidationError([exc.problem]) from None
    if not isinstance(doc.data, dict):
        raise DataValidationError([Problem(doc.name, 1, "", "the file is empty or is not a mapping of fields",
                                           "start from the example in data/README.md")])
    problems.extend(fonts.unprintable(doc.name, doc.strings()))
    try:
        contribution = Contribution.model_validate(doc.data)
    except ValidationError as exc:
        raise DataValidationError(problems + _validation_problems(doc, exc, Contribution, load_reference(project))) \
            from None
    known = None
    source_path = source_text_path(project.data_dir, contribution.source.text)
    if source_path is not None and source_path.is_file():
        source = _load_source(source_path, problems, project)
        known = {p.id: p for p in source.paragraphs} if source is not None else None
    if path.stem != str(contribution.year):
        problems.append(Problem(doc.name, doc.line_of(("year",)), "year",
                                f"the file is named {path.name} but holds the contribution of {contribution.year}",
                                f"name the file {contribution.year}.yaml: one file per agency and meeting year"))
    _Checker(doc, load_reference(project), problems).contribution(contribution, path.parent.name, known)
    if problems:
        raise DataValidationError(problems)
    return contribution


def system_files(project: Project | None = None) -> list[Path]:
    """Every file of notes on a meeting's papers read together (data/system/<year>.yaml)."""
    base = Project.at(project).data_dir / "system"
    return sorted(p for p in base.glob("*.yaml") if not p.name.startswith("."))


def _load_notes(path: Path, problems: list[Problem], project: Project, reference: Reference,
                contributions: list[Contribution], sources: dict[str, SourceText]) -> SystemNotes | None:
    """A file of data/system/, checked against the contributions it cites."""
    doc, notes = _read_as(SystemNotes, path, problems, project)
    if notes is None:
        return None
    before = len(problems)
    problem = _Checker(doc, reference, problems).problem

    if path.stem != str(notes.year):
        problem(("year",), f"the file is named {path.name} but holds the notes of {notes.year}",
                f"name the file {notes.year}.yaml: one file per meeting year")
    meetings = {c.meeting.name for c in contributions if c.year == notes.year}
    if notes.meeting not in meetings:
        problem(("meeting",), f"no contribution of {notes.year} is to the meeting {notes.meeting!r}",
                f"write the meeting's name as the contributions of {notes.year} give it"
                + (f": {', '.join(sorted(meetings))}" if meetings else ""))
    papers = {(c.agency, c.year): c for c in contributions}
    known = {"goal": reference.goals, "mechanism": reference.mechanisms, "country": reference.countries}
    for m, message in enumerate(notes.key_messages):
        if message.about:
            kind, code = message.about.split("-", 1)
            if code not in known[kind]:
                problem(("key_messages", m, "about"), f"names the {kind} {code!r}, which the reference tables lack",
                        f"give a code of data/reference/ ({kind}-<code>), or leave 'about' out for the overview")
        for s, cited in enumerate(message.source):
            at = ("key_messages", m, "source", s)
            paper = papers.get((cited.agency, cited.year))
            if paper is None:
                problem((*at, "agency"), f"cites the paper of {cited.agency!r} for {cited.year}, which the data lacks",
                        "name an agency and meeting year with a file under data/contributions/<agency>/<year>.yaml")
                continue
            text = sources.get(paper.source.text)
            ids = {p.id: p for p in text.paragraphs} if text else {}
            for i, pid in enumerate(cited.paragraphs):
                if pid not in ids or ids[pid].kind == "heading":
                    problem((*at, "paragraphs", i), f"cites {pid!r}, which is not a paragraph of {paper.source.text}",
                            f"give the id of a paragraph (not a heading) of data/{paper.source.text}")
    return notes if len(problems) == before else None


def _drafts(doc: LocatedDocument, contribution: Contribution, reference: Reference) -> list[DraftMark]:
    """What `briefs draft` proposed and no person has confirmed yet, located, with the goals,
    mechanisms and countries of the items it concerns (as the briefs select their items)."""
    marks = []
    if contribution.meeting.draft:
        marks.append(DraftMark(doc.name, doc.line_of(("meeting", "draft")), contribution.agency, None, "meeting"))
    roles = reference.vocabulary("country_roles")
    for i, item in enumerate(contribution.items):
        record = ItemRecord(item, contribution)
        about = [*(("goal", g) for g in record.goals), *(("mechanism", m) for m in record.mechanisms),
                 *(("country", c.code) for c in item.countries if c.role in roles and roles[c.role].in_country)]
        if item.draft:
            marks.append(DraftMark(doc.name, doc.line_of(("items", i, "draft")), contribution.agency, item.year,
                                   "item", item.id, about=tuple(about)))
        if item.sdg.suggested:
            # accepted, a suggestion would put the item in the brief of its goal too
            goals = [("goal", goal_of(s.code)) for s in item.sdg.suggested if ("goal", goal_of(s.code)) not in about]
            marks.append(DraftMark(doc.name, doc.line_of(("items", i, "sdg", "suggested")), contribution.agency,
                                   item.year, "suggested", item.id, len(item.sdg.suggested),
                                   tuple(dict.fromkeys([*about, *goals]))))
    return marks


def _load_publisher(path: Path, problems: list[Problem], project: Project) -> Publisher | None:
    """Who publishes the briefs (data/publisher.yaml), checked like every other data file."""
    if not path.is_file():
        problems.append(Problem(project.relative(path), None, "", "the publisher file is missing",
                                "restore it from git (`git checkout -- data/publisher.yaml`); data/README.md "
                                "describes its fields"))
        return None
    return _read_as(Publisher, path, problems, project)[1]
