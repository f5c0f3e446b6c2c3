"""Reference tables: SDG goals, targets and indicators, mechanisms, agencies, countries and
the controlled vocabularies. They are plain files under data/reference/ so that people can
read and diff them; `import_reference()` regenerates the SDG and country tables from their
upstream sources and is run on purpose, never by a build.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from migration_briefs import fonts, paths
from migration_briefs.errors import DataValidationError, Problem
from migration_briefs.model.models import (
    Agency,
    Country,
    CountryName,
    DraftingRules,
    Goal,
    Indicator,
    Mechanism,
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
    """What `briefs draft` reads a paper by: its cue words and the other names of countries."""

    rules: DraftingRules
    country_names: list[CountryName]


def load_drafting(reference: Reference, project: Project | None = None) -> Drafting:
    """Read drafting.yaml and country_names.csv; raise DataValidationError naming each bad row,
    and each cue filed under a code the vocabularies do not have."""
    project = Project.at(project)
    directory = project.reference_dir
    problems: list[Problem] = []
    rules = None
    path = directory / DRAFTING_FILE
    try:
        doc = read_yaml(path, project)
        rules = DraftingRules.model_validate(doc.data)
    except FileNotFoundError:
        problems.append(Problem(project.relative(path), None, "", "this reference table is missing",
                                "restore it from git (`git checkout -- data/reference`)"))
    except YAMLProblem as exc:
        problems.append(exc.problem)
    except ValidationError as exc:
        problems.extend(Problem(doc.name, doc.line_of(error["loc"]), ".".join(map(str, error["loc"])),
                                error["msg"], "see the comments at the top of drafting.yaml")
                        for error in exc.errors())
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
    if problems:
        raise DataValidationError(problems)
    return Drafting(rules, names)


# --- regeneration from upstream ------------------------------------------------------

def _sdg_code(key: str, suffix: str = "-title") -> str:
    return key.removesuffix(suffix).replace("-", ".")


def _sort_key(code: str) -> tuple:
    return tuple((0, int(part), "") if part.isascii() and part.isdigit() else (1, 0, part)
                 for part in code.split("."))


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


# What `import_reference` reads from open-sdg's sdg-translations (English).
UPSTREAM_FILES = ("global_goals.yml", "global_targets.yml", "global_indicators.yml", "LICENSE")


def import_reference(upstream: Path, directory: Path | None = None) -> list[Path]:
    """Rewrite the SDG and country tables from upstream: open-sdg's English translations (the
    folder `upstream`, holding global_goals.yml, global_targets.yml, global_indicators.yml and
    LICENSE) and the ISO 3166-1 list shipped by pycountry."""
    import pycountry
    import yaml

    upstream = Path(upstream)
    directory = directory or paths.PROJECT.reference_dir

    def entries(name: str) -> dict[str, str]:
        data = yaml.safe_load((upstream / name).read_text(encoding="utf-8"))
        return {_sdg_code(k): " ".join(v.split()) for k, v in data.items() if k.endswith("-title")}

    goals = yaml.safe_load((upstream / "global_goals.yml").read_text(encoding="utf-8"))
    goal_rows = sorted(([str(n), goals[f"{n}-short"], " ".join(goals[f"{n}-title"].split())]
                        for n in range(1, 18)), key=lambda row: int(row[0]))
    targets = entries("global_targets.yml")
    indicators = entries("global_indicators.yml")
    target_rows = [[code, code.split(".")[0], targets[code]] for code in sorted(targets, key=_sort_key)]
    indicator_rows = [[code, code.rsplit(".", 1)[0], indicators[code]]
                      for code in sorted(indicators, key=_sort_key)]
    country_rows = sorted(([c.alpha_3, c.alpha_2, getattr(c, "common_name", c.name)]
                           for c in pycountry.countries), key=lambda row: row[0])

    written = []
    for filename, header, rows in [
        (SDG_FILES["goals"], ["code", "short", "title"], goal_rows),
        (SDG_FILES["targets"], ["code", "goal", "title"], target_rows),
        (SDG_FILES["indicators"], ["code", "target", "title"], indicator_rows),
        (COUNTRIES_FILE, ["alpha3", "alpha2", "name"], country_rows),
    ]:
        _write_csv(directory / filename, header, rows)
        written.append(directory / filename)
    licence = (upstream / "LICENSE").read_text(encoding="utf-8")
    (directory / "SDG_LICENSE").write_text(licence, encoding="utf-8")
    written.append(directory / "SDG_LICENSE")
    return written


def sdg_sort_key(code: str) -> tuple:
    """Order SDG codes as the UN does: 5, 5.1, 5.a, 8, 8.8, 10, 10.7."""
    return _sort_key(code)


