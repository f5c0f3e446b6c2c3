"""Reference tables: SDG goals, targets and indicators, mechanisms, agencies, countries and
the controlled vocabularies. They are plain files under data/reference/ so that people can
read and diff them; `import_reference()` regenerates the SDG and country tables from their
upstream sources and is run on purpose, never by a build.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from migration_briefs import fonts, paths
from migration_briefs.errors import BriefsError, DataValidationError, Problem, UnsafeFileError
from migration_briefs.model.models import (
    Agency,
    Country,
    CountryName,
    DraftingRules,
    Goal,
    Indicator,
    Mechanism,
    RankingWords,
    Target,
    Term,
    Vocabularies,
)
from migration_briefs.model.yaml_source import YAMLProblem, read_text, read_yaml
from migration_briefs.paths import Project

SDG_FILES = {"goals": "sdg_goals.csv", "targets": "sdg_targets.csv", "indicators": "sdg_indicators.csv"}
COUNTRIES_FILE = "countries.csv"
COUNTRY_NAMES_FILE = "country_names.csv"
DRAFTING_FILE = "drafting.yaml"
RANKING_WORDS_FILE = "ranking_words.yaml"


@dataclass(frozen=True)
class Reference:
    goals: dict[str, Goal]
    targets: dict[str, Target]
    indicators: dict[str, Indicator]
    mechanisms: dict[str, Mechanism]
    agencies: dict[str, Agency]
    countries: dict[str, Country]
    vocabularies: Vocabularies

    def vocabulary(self, name: str) -> dict[str, Term]:
        return {term.code: term for term in getattr(self.vocabularies, name)}


def _read_csv(path: Path, project: Project) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV table with a header row; a file that is not one raises YAMLProblem."""
    reader = csv.DictReader(io.StringIO(read_text(path, project), newline=""))
    try:
        return list(reader)
    except csv.Error as exc:
        # line_num counts the lines read before the one that failed
        raise YAMLProblem(Problem(project.relative(path), reader.line_num + 1, "",
                                  f"this line is not valid CSV ({exc})",
                                  "save the table as UTF-8 CSV, quoting values that contain commas")) from None


def _repeated(problems: list[Problem], name: str, what: str, keys: list[tuple[str, int | None, str]]) -> None:
    """A problem for each (value, line, field) whose value an earlier entry already has: the
    later one would silently replace it."""
    first: dict[str, int | None] = {}
    for value, line, field in keys:
        if value in first:
            problems.append(Problem(name, line, field, f"{what} {value!r} is already used on line {first[value]}",
                                    "give every row its own code: the later row would silently replace "
                                    "the earlier one"))
        first.setdefault(value, line)


def load_reference(project: Project | None = None) -> Reference:
    """Read every reference table; raise DataValidationError naming each bad file and row."""
    project = Project.at(project)
    directory = project.reference_dir
    problems: list[Problem] = []

    def table(filename: str, model: type, key: str, rows_of=None) -> dict:
        path = directory / filename
        name = project.relative(path)
        doc = None  # a CSV row's line is its number (+1 for the header); a YAML row's is looked up
        try:
            if filename.endswith(".csv"):
                rows = _read_csv(path, project)
            else:
                doc = read_yaml(path, project)
                rows = doc.data.get(rows_of) if isinstance(doc.data, dict) else None
        except FileNotFoundError:
            problems.append(Problem(name, None, "", "this reference table is missing",
                                    "restore it from git (`git checkout -- data/reference`)"))
            return {}
        except YAMLProblem as exc:
            problems.append(exc.problem)
            return {}
        if not isinstance(rows, list):
            problems.append(Problem(name, doc.line_of((rows_of,)), rows_of, f"expected a list under '{rows_of}:'",
                                    "see data/README.md for this table's shape"))
            return {}
        problems.extend(fonts.unprintable(name, doc.strings() if doc else (
            (i + 2, f"row {i + 2}.{column}", value) for i, row in enumerate(rows)
            for column, value in row.items() if isinstance(value, str))))
        result = {}
        keys = []
        for i, row in enumerate(rows):
            where = f"{rows_of}[{i}]" if doc else f"row {i + 2}"
            try:
                record = model.model_validate(row)
            except ValidationError as exc:
                for error in exc.errors():
                    line = doc.line_of((rows_of, i, *error["loc"])) if doc else i + 2
                    field = ".".join([where, *(str(p) for p in error["loc"])])
                    problems.append(Problem(name, line, field, error["msg"], "see data/README.md"))
                continue
            keys.append((getattr(record, key), doc.line_of((rows_of, i, key)) if doc else i + 2, f"{where}.{key}"))
            result[getattr(record, key)] = record
        _repeated(problems, name, key, keys)
        return result

    goals = table(SDG_FILES["goals"], Goal, "code")
    targets = table(SDG_FILES["targets"], Target, "code")
    indicators = table(SDG_FILES["indicators"], Indicator, "code")
    countries = table(COUNTRIES_FILE, Country, "alpha3")
    mechanisms = table("mechanisms.yaml", Mechanism, "code", "mechanisms")
    agencies = table("agencies.yaml", Agency, "code", "agencies")
    vocabularies = None
    vocab_path = directory / "vocabularies.yaml"
    try:
        doc = read_yaml(vocab_path, project)
        problems.extend(fonts.unprintable(doc.name, doc.strings()))
        vocabularies = Vocabularies.model_validate(doc.data)
        for vocabulary in Vocabularies.model_fields:
            _repeated(problems, doc.name, "code", [
                (term.code, doc.line_of((vocabulary, i, "code")), f"{vocabulary}[{i}].code")
                for i, term in enumerate(getattr(vocabularies, vocabulary))])
    except FileNotFoundError:
        problems.append(Problem(project.relative(vocab_path), None, "",
                                "this reference table is missing", "restore it from git"))
    except YAMLProblem as exc:
        problems.append(exc.problem)
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(Problem(doc.name, doc.line_of(error["loc"]), ".".join(map(str, error["loc"])),
                                    error["msg"], "see data/README.md"))
    if problems:
        raise DataValidationError(problems)
    mechanism_types = {term.code for term in vocabularies.mechanism_types}
    for mechanism in mechanisms.values():
        if mechanism.type not in mechanism_types:
            problems.append(Problem(project.relative(directory / "mechanisms.yaml"), None,
                                    f"{mechanism.code}.type", f"unknown mechanism type {mechanism.type!r}",
                                    "use a code from mechanism_types in vocabularies.yaml"))
        refs = {source.ref for source in mechanism.sources}
        for name in mechanism.names:
            if name.source not in refs:
                problems.append(Problem(project.relative(directory / "mechanisms.yaml"), None,
                                        f"{mechanism.code}.names", f"the name {name.text!r} cites {name.source}, "
                                        "which is not among the mechanism's sources",
                                        f"cite one of {', '.join(sorted(refs))}, or add the source"))
    if problems:
        raise DataValidationError(problems)
    return Reference(goals, targets, indicators, mechanisms, agencies, countries, vocabularies)


@dataclass(frozen=True)
class Drafting:
    """What `briefs draft` reads a paper by: its cue words, the other names of countries and how
    the ranking of suggested targets reads some words."""

    rules: DraftingRules
    country_names: list[CountryName]
    ranking_words: RankingWords


def load_drafting(reference: Reference, project: Project | None = None) -> Drafting:
    """Read drafting.yaml, country_names.csv and ranking_words.yaml; raise DataValidationError
    naming each bad row, each cue filed under a code the vocabularies do not have, each word two
    families claim and each sense of a target that does not exist."""
    project = Project.at(project)
    directory = project.reference_dir
    problems: list[Problem] = []
    doc, rules = _yaml_table(DRAFTING_FILE, DraftingRules, project, problems)
    if rules is not None:
        for code in rules.item_kind_fallbacks:
            if code not in rules.item_kinds:
                problems.append(Problem(doc.name, doc.line_of(("item_kind_fallbacks",)), "item_kind_fallbacks",
                                        f"{code!r} is not one of the item_kinds above", "name a kind listed there"))
        for field, vocabulary in (("item_kinds", "item_kinds"), ("groups", "groups"),
                                  ("mainstreaming", "mainstreaming"), ("event_kinds", "event_kinds")):
            known = reference.vocabulary(vocabulary)
            for code in getattr(rules, field):
                if code not in known:
                    problems.append(Problem(doc.name, doc.line_of((field, code)), f"{field}.{code}",
                                            f"{code!r} is not a code of {vocabulary} in vocabularies.yaml",
                                            f"file the cues under one of: {', '.join(known)}"))
        groups = reference.vocabulary("groups")
        problems += [Problem(doc.name, doc.line_of(("groups_served",)), "groups_served",
                             f"{code!r} is not a code of groups in vocabularies.yaml",
                             f"use one of: {', '.join(groups)}") for code in rules.groups_served if code not in groups]
        for field, vocabulary in (("groups_of_mechanisms", "mechanism_types"), ("groups_of_kinds", "item_kinds")):
            known = reference.vocabulary(vocabulary)
            for code, named in getattr(rules, field).items():
                if code not in known:
                    problems.append(Problem(doc.name, doc.line_of((field, code)), f"{field}.{code}",
                                            f"{code!r} is not a code of {vocabulary} in vocabularies.yaml",
                                            f"use one of: {', '.join(known)}"))
                for group in named:
                    if group not in groups:
                        problems.append(Problem(doc.name, doc.line_of((field, code)), f"{field}.{code}",
                                                f"{group!r} is not a code of groups in vocabularies.yaml",
                                                f"use one of: {', '.join(groups)}"))
    names: list[CountryName] = []
    path = directory / COUNTRY_NAMES_FILE
    try:
        for i, row in enumerate(_read_csv(path, project)):
            try:
                name = CountryName.model_validate(row)
            except ValidationError as exc:
                problems.extend(Problem(project.relative(path), i + 2, f"row {i + 2}.{error['loc'][0]}",
                                        error["msg"], "see data/README.md") for error in exc.errors())
                continue
            if name.alpha3 not in reference.countries:
                problems.append(Problem(project.relative(path), i + 2, f"row {i + 2}.alpha3",
                                        f"unknown country {name.alpha3!r}", "use a code from countries.csv"))
            names.append(name)
    except FileNotFoundError:
        problems.append(Problem(project.relative(path), None, "", "this reference table is missing",
                                "restore it from git (`git checkout -- data/reference`)"))
    except YAMLProblem as exc:
        problems.append(exc.problem)
    ranking = _ranking_words(reference, project, problems)
    if problems or ranking is None:
        raise DataValidationError(problems)
    return Drafting(rules, names, ranking)


def _yaml_table(name: str, model, project: Project, problems: list[Problem]):
    """A YAML reference table read into `model`: (the document, the model), or (None, None) with
    its problems added, each with its file, line and field."""
    path = project.reference_dir / name
    try:
        doc = read_yaml(path, project)
        return doc, model.model_validate(doc.data)
    except FileNotFoundError:
        problems.append(Problem(project.relative(path), None, "", "this reference table is missing",
                                "restore it from git (`git checkout -- data/reference`)"))
    except YAMLProblem as exc:
        problems.append(exc.problem)
    except ValidationError as exc:
        problems.extend(Problem(doc.name, doc.line_of(error["loc"]), ".".join(map(str, error["loc"])),
                                error["msg"], f"see the comments at the top of {name}")
                        for error in exc.errors())
    return None, None


def _ranking_words(reference: Reference, project: Project, problems: list[Problem]) -> RankingWords | None:
    doc, ranking = _yaml_table(RANKING_WORDS_FILE, RankingWords, project, problems)
    if ranking is None:
        return None
    first: dict[str, int | None] = {}
    for i, family in enumerate(ranking.families):
        for j, word in enumerate(family.words):
            line = doc.line_of(("families", i, "words", j))
            if word in first:
                problems.append(Problem(doc.name, line, f"families.{i}.words",
                                        f"the word {word!r} is already listed on line {first[word]}",
                                        "list each word once: a word is read as the first of one family"))
            first.setdefault(word, line)
    for i, sense in enumerate(ranking.senses):
        if sense.target not in reference.targets:
            problems.append(Problem(doc.name, doc.line_of(("senses", i, "target")), f"senses.{i}.target",
                                    f"{sense.target!r} is not a target of sdg_targets.csv",
                                    "name a target by its code, such as 15.7"))
    return ranking


# --- regeneration from upstream ------------------------------------------------------

def _sdg_code(key: str, suffix: str = "-title") -> str:
    return key.removesuffix(suffix).replace("-", ".")


def _sort_key(code: str) -> tuple:
    return tuple((0, int(part), "") if part.isascii() and part.isdigit() else (1, 0, part)
                 for part in code.split("."))


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


# What `import_reference` reads from open-sdg's sdg-translations (English).
UPSTREAM_FILES = ("global_goals.yml", "global_targets.yml", "global_indicators.yml", "LICENSE")
# Far above the upstream files (under 100 kB each), far below what would exhaust memory.
MAX_UPSTREAM_BYTES = 8 * 2**20
_UPSTREAM_KEY = {"global_goals.yml": re.compile(r"^([1-9]|1[0-7])-(short|title)$"),
                 "global_targets.yml": re.compile(r"^([1-9]|1[0-7])-[0-9a-z]{1,2}-title$"),
                 "global_indicators.yml": re.compile(r"^([1-9]|1[0-7])-[0-9a-z]{1,2}-[0-9]{1,2}-title$")}


class UpstreamError(BriefsError):
    """An upstream SDG file `import_reference` cannot use: one sentence naming the file (and
    the line, when there is one), what is wrong and what to do."""

    def __init__(self, file: str, line: int | None, reason: str,
                 hint: str = "fetch it again from open-sdg's sdg-translations (translations/en), or fix it"):
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {reason}; {hint}.", where=where, reason=reason, hint=hint)


def _upstream_titles(upstream: Path, name: str) -> dict[str, str]:
    """The entries of one upstream YAML file, key to text with its white space collapsed, each
    key of the form open-sdg writes (its '-title' entries, and the goals' '-short' ones); every
    other key is left out, as open-sdg's files hold more than titles."""
    path = upstream / name
    shown = str(path)
    try:
        document = read_yaml(path)
    except YAMLProblem as exc:
        raise UpstreamError(shown, exc.problem.line, exc.problem.message) from None
    except FileNotFoundError:
        raise UpstreamError(shown, None, "the file is missing") from None
    if not isinstance(document.data, dict):
        raise UpstreamError(shown, 1, "the file is not a mapping of keys such as '1-title' to titles")
    pattern = _UPSTREAM_KEY[name]
    titles = {}
    for key, value in document.data.items():
        if not pattern.match(key):
            continue
        if not isinstance(value, str) or not value.strip():
            raise UpstreamError(shown, document.line_of((key,)), f"the entry {key!r} is not a title (text)")
        titles[key] = " ".join(value.split())
        if (unprintable := fonts.uncovered(titles[key])):
            raise UpstreamError(shown, document.line_of((key,)),
                                f"the entry {key!r} {fonts.unprintable_message(unprintable)}")
    if not titles:
        raise UpstreamError(shown, None, "the file holds no SDG titles (keys such as '1-title')")
    return titles


def _upstream_rows(upstream: Path) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The SDG tables' headers and rows from open-sdg's files, each row checked by the model its
    table is read with; UpstreamError naming the file, the entry and what is wrong."""
    goals = _upstream_titles(upstream, "global_goals.yml")
    lacking = [f"{n}-{part}" for n in range(1, 18) for part in ("short", "title") if f"{n}-{part}" not in goals]
    if lacking:
        raise UpstreamError(str(upstream / "global_goals.yml"), None,
                            f"the file lacks {', '.join(lacking[:3])}{' …' if len(lacking) > 3 else ''} "
                            "(every goal, 1 to 17, has a short name and a title)")
    targets = {_sdg_code(k): v for k, v in _upstream_titles(upstream, "global_targets.yml").items()}
    indicators = {_sdg_code(k): v for k, v in _upstream_titles(upstream, "global_indicators.yml").items()}
    tables = {
        SDG_FILES["goals"]: (["code", "short", "title"], Goal,
                             [[str(n), goals[f"{n}-short"], goals[f"{n}-title"]] for n in range(1, 18)]),
        SDG_FILES["targets"]: (["code", "goal", "title"], Target,
                               [[code, code.split(".")[0], targets[code]] for code in sorted(targets, key=_sort_key)]),
        SDG_FILES["indicators"]: (["code", "target", "title"], Indicator,
                                  [[code, code.rsplit(".", 1)[0], indicators[code]]
                                   for code in sorted(indicators, key=_sort_key)]),
    }
    files = {SDG_FILES["goals"]: "global_goals.yml", SDG_FILES["targets"]: "global_targets.yml",
             SDG_FILES["indicators"]: "global_indicators.yml"}
    for filename, (header, model, rows) in tables.items():
        for row in rows:
            try:
                model.model_validate(dict(zip(header, row)))
            except ValidationError as exc:
                error = exc.errors()[0]
                raise UpstreamError(str(upstream / files[filename]), None,
                                    f"the entry for {row[0]} cannot be a row of {filename}: "
                                    f"{'.'.join(map(str, error['loc']))} {error['msg'].lower()}") from None
    return {filename: (header, rows) for filename, (header, _, rows) in tables.items()}


def import_reference(upstream: Path, directory: Path | None = None) -> list[Path]:
    """Rewrite the SDG and country tables from upstream: open-sdg's English translations (the
    folder `upstream`, holding global_goals.yml, global_targets.yml, global_indicators.yml and
    LICENSE) and the ISO 3166-1 list shipped by pycountry. Every file is read and checked before
    any is written (UpstreamError names what cannot be used), and all are replaced together."""
    import pycountry

    from migration_briefs.files import read_regular, write_all_atomic

    upstream = Path(upstream)
    directory = directory or paths.PROJECT.reference_dir
    tables = _upstream_rows(upstream)
    tables[COUNTRIES_FILE] = (["alpha3", "alpha2", "name"],
                              sorted(([c.alpha_3, c.alpha_2, getattr(c, "common_name", c.name)]
                                      for c in pycountry.countries), key=lambda row: row[0]))
    licence = upstream / "LICENSE"
    try:
        licence_text = read_regular(licence, MAX_UPSTREAM_BYTES, str(licence)).decode("utf-8")
    except (OSError, UnsafeFileError, UnicodeDecodeError) as exc:
        reason = exc.reason if isinstance(exc, UnsafeFileError) else (
            "the file is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else f"it cannot be read ({exc.strerror})")
        raise UpstreamError(str(licence), None, reason) from None
    written = {directory / filename: _csv_bytes(header, rows) for filename, (header, rows) in tables.items()}
    written[directory / "SDG_LICENSE"] = licence_text.encode("utf-8")
    write_all_atomic(written)
    return list(written)


def sdg_sort_key(code: str) -> tuple:
    """Order SDG codes as the UN does: 5, 5.1, 5.a, 8, 8.8, 10, 10.7."""
    return _sort_key(code)


