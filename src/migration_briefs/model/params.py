"""Which briefs exist, what parameters they take, and checking those parameters.

A kind of brief is a notebook under notebooks/ that declares itself in its metadata:

    "migration_briefs": {
      "brief": "country",                       the kind (CSS class, index order, manifest)
      "order": 4,                               where the kind comes in the index
      "output": "country-{country}",            the file name of each brief, from its parameters
      "grid": ["agencies", "years", "programme-countries"],
      "rule": {"min_items": 2, "min_specific": 1}   optional: when a value gets a brief of its own
    }

`grid` lists the sets of values the brief's parameters take, in order (each one of
`VALUE_SETS`, which says the parameter it fills: "programme-countries" fills `country`); the
build makes one brief per combination the data holds, so a new kind of brief is a new
notebook, with no change to the build. Every grid starts with "agencies" (one brief per agency)
or "system" (one brief across all agencies, agency "all", when the data holds more than one),
then "years"; the two place the brief in build/<agency>/<year>/. (A list, because notebooks are
saved with their metadata's keys sorted.)

`rule` decides which values of the grid's last set get a brief of their own: at least
`min_items` items involve the value, at least `min_specific` of them are specific to it
(`Dataset.specific`), and they come from at least `min_agencies` agencies (for a brief across
agencies); with `or_named: true`, a goal the paper itself names for the year's work gets one too.
With `adds`, a list of what a brief of the kind can say beyond the year's overview ("targets": the
official words of a goal's targets; "context": facts from the reference tables; "counted": the
paper's numbered events and counted products, with their titles), a value gets a brief only where
one of them holds (`Dataset.adds_to_overview`): otherwise its brief would repeat the overview.
Below the rule, a value gets no brief; the overview says what there is to say of it.

Parameter values are checked against the data's finite lists before any kernel starts, so a
value never reaches a file path unchecked (no '../x', no 'a/b', no full-width digits).
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from migration_briefs.errors import BriefsError, ParameterError

if TYPE_CHECKING:
    from migration_briefs.model.dataset import Dataset

ALL_AGENCIES = "all"
METADATA_KEY = "migration_briefs"
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_NOTEBOOK = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")
_ASCII_DIGITS = re.compile(r"[0-9]+")
# What each parameter's value may look like: checked wherever a value is read back from build/.
VALUE_PATTERNS = {"agency": _SLUG, "year": re.compile(r"[0-9]{4}"), "goal": re.compile(r"[0-9]{1,2}"),
                  "mechanism": re.compile(r"[A-Z][A-Z0-9]+"), "country": re.compile(r"[A-Z]{3}")}
# Every path BriefSpec.relpath can produce: the build removes only orphaned files of this shape.
BRIEF_RELPATH = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/[0-9]{4}/[a-z0-9]+(?:-[a-z0-9]+)*")


# --- checking one value -------------------------------------------------------------------

# What each message calls the values the data holds, which it lists (closest first): never every
# code of the reference tables, most of which no contribution uses.
WITH_BRIEFS = {"agency": "the agencies with briefs are", "year": "the years the data covers are",
               "goal": "the goals the data's work touches are", "mechanism": "the mechanisms the data's work involves are",
               "country": "the programme countries the data holds are"}


def agencies_with_briefs(dataset: "Dataset") -> list[str]:
    """The agencies whose contributions the data holds, and "all" where the data holds more than one."""
    return [*dataset.agencies(), *([ALL_AGENCIES] if len(dataset.agencies()) > 1 else [])]


def check_agency(dataset: "Dataset", agency: object) -> str:
    if agency not in [ALL_AGENCIES, *dataset.reference.agencies]:
        raise ParameterError("agency", agency, agencies_with_briefs(dataset),
                             "is not an agency of data/reference/agencies.yaml", WITH_BRIEFS["agency"])
    return str(agency)


def check_one_agency(dataset: "Dataset", agency: object) -> str:
    """An agency's code, for a brief about one agency's work ("all" has briefs of its own)."""
    if agency == ALL_AGENCIES:
        raise ParameterError("agency", agency, dataset.agencies(),
                             'is the whole UN system: its briefs are the notebooks/system_*.ipynb notebooks',
                             WITH_BRIEFS["agency"])
    return check_agency(dataset, agency)


def check_system(dataset: "Dataset", agency: object) -> str:
    """"all", for a brief across every agency's work."""
    if agency != ALL_AGENCIES:
        raise ParameterError("agency", agency, [ALL_AGENCIES],
                             "is one agency: a system brief is about all of them (its brief is notebooks/"
                             "overview_brief.ipynb and the like)")
    return ALL_AGENCIES


def check_year(dataset: "Dataset", year: object) -> int:
    valid = [str(y) for y in dataset.years()]
    text = str(year).strip()
    if not _ASCII_DIGITS.fullmatch(text):
        raise ParameterError("year", year, valid, "is not a year (write it with the digits 0-9)", WITH_BRIEFS["year"])
    if str(int(text)) not in valid:
        raise ParameterError("year", year, valid, "is not a year the data covers", WITH_BRIEFS["year"])
    return int(text)


def check_goal(dataset: "Dataset", goal: object) -> str:
    value = str(goal).strip()
    if value not in dataset.reference.goals:
        raise ParameterError("goal", goal, dataset.goals(), "is not an SDG goal", WITH_BRIEFS["goal"])
    return value


def check_mechanism(dataset: "Dataset", mechanism: object) -> str:
    value = str(mechanism).strip().upper()
    if value not in dataset.reference.mechanisms:
        raise ParameterError("mechanism", mechanism, dataset.mechanisms(),
                             "is not a mechanism of data/reference/mechanisms.yaml", WITH_BRIEFS["mechanism"])
    return value


def check_country(dataset: "Dataset", country: object) -> str:
    value = str(country).strip().upper()
    if value not in dataset.reference.countries:
        raise ParameterError("country", country, dataset.countries(),
                             "is not an ISO 3166-1 alpha-3 code of data/reference/countries.csv", WITH_BRIEFS["country"])
    return value


CHECKS: dict[str, Callable] = {"agency": check_agency, "year": check_year, "goal": check_goal,
                               "mechanism": check_mechanism, "country": check_country}


# --- the values a grid takes ------------------------------------------------------------------

VALUE_SETS: dict[str, tuple[str, Callable[["Dataset", dict], list]]] = {
    # name: (parameter it fills, values given the parameters chosen before it)
    "agencies": ("agency", lambda ds, p: ds.agencies()),
    "system": ("agency", lambda ds, p: [ALL_AGENCIES] if len(ds.agencies()) > 1 else []),
    "years": ("year", lambda ds, p: ds.years(agency=p["agency"])),
    "goals": ("goal", lambda ds, p: ds.goals(year=p["year"], agency=p["agency"])),
    "mechanisms": ("mechanism", lambda ds, p: ds.mechanisms(year=p["year"], agency=p["agency"])),
    "programme-countries": ("country", lambda ds, p: ds.countries(year=p["year"], agency=p["agency"])),
}




def passes(dataset: "Dataset", rule: dict, parameters: dict) -> bool:
    """Whether the brief with these parameters passes its kind's rule (see the module's doc)."""
    chosen = [(k, v) for k, v in parameters.items() if k not in ("agency", "year")]
    if not rule or not chosen:
        return True
    parameter, value = chosen[-1]
    year, agency = parameters["year"], parameters["agency"]
    if "adds" in rule and not any(dataset.adds_to_overview(what, parameter, value, year, agency)
                                  for what in rule["adds"]):
        return False  # the brief would repeat the overview, which covers it
    if rule.get("or_named") and parameter == "goal" and dataset.document_names(value, year, agency):
        return True
    records = dataset.items(year=year, agency=agency, **{parameter: value})
    specific = [r for r in records if dataset.specific(r, parameter, value)]
    return (len(records) >= rule.get("min_items", 0) and len(specific) >= rule.get("min_specific", 0)
            and len({r.agency for r in records}) >= rule.get("min_agencies", 0))


# --- kinds of brief: notebooks that declare themselves ---------------------------------------------

class NotebookError(BriefsError, ValueError):
    """A notebook under notebooks/ declares itself as a brief, but not in a form the build can use."""

    def __init__(self, notebook: str, problem: str):
        self.notebook, self.problem = notebook, problem
        hint = "see 'A new kind of brief' in docs/notebooks.md"
        super().__init__(f"notebooks/{notebook}: {problem}; {hint}", where=f"notebooks/{notebook}", reason=problem,
                         hint=hint)


class SameOutputError(NotebookError):
    """Two notebooks would write briefs of the same name: each would replace the other's."""

    def __init__(self, notebook: str, other: str, output: str):
        self.other, self.output = other, output
        super().__init__(notebook, f"its 'output' {output!r} names the same briefs as that of notebooks/{other}, "
                                   "so each would overwrite the other's; give each kind of brief its own output")


@dataclass(frozen=True)
class BriefKind:
    notebook: str            # file stem, e.g. "goal_brief"
    brief: str               # kind, e.g. "goal"
    order: int
    output: str              # file name pattern, e.g. "goal-{goal}"
    grid: dict = field(hash=False)  # parameter -> value set, in the grid's order
    rule: tuple = ()  # (name, value) pairs of the metadata's 'rule'; empty: every value gets a brief

    @property
    def parameters(self) -> list[str]:
        return list(self.grid)

    @property
    def system(self) -> bool:
        """Whether the kind's briefs are about all agencies together (agency "all")."""
        return self.grid["agency"] == "system"


# --- the notebook's own parameters cell ------------------------------------------------------------

# The types a parameter's default may have, by parameter: a code that is not all digits can only
# be text, while a year or a goal may be written either way (`goal = 8` or `goal = "8"`).
DEFAULT_TYPES = {"agency": (str,), "year": (int, str), "goal": (int, str), "mechanism": (str,), "country": (str,)}
TYPE_NAMES = {int: "a whole number", str: "text"}


def _read_notebook(path: Path) -> dict:
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(notebook, dict):
            raise ValueError("not a JSON object")
        return notebook
    except (OSError, ValueError) as exc:
        raise NotebookError(path.name, f"cannot be read as a notebook ({exc})") from None


def parameter_defaults(notebook: dict, name: str) -> dict[str, object]:
    """The defaults the cell tagged `parameters` gives (`goal = 8`), by parameter: what the
    notebook's own code expects when run in JupyterLab, so the build injects the same types."""
    cells = [c for c in notebook.get("cells", []) if isinstance(c, dict) and c.get("cell_type") == "code"
             and "parameters" in ((c.get("metadata") or {}).get("tags") or [])]
    if len(cells) != 1:
        raise NotebookError(name, f"it has {len(cells)} code cells tagged 'parameters', not one (papermill "
                                  "injects the brief's values after it)")
    source = cells[0].get("source", "")
    source = "".join(source) if isinstance(source, list) else str(source)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise NotebookError(name, f"its parameters cell is not Python ({exc.msg}, line {exc.lineno})") from None
    defaults = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
                and isinstance(statement.targets[0], ast.Name):
            try:
                defaults[statement.targets[0].id] = ast.literal_eval(statement.value)
            except ValueError:
                raise NotebookError(name, f"its parameters cell gives {statement.targets[0].id} a value that is "
                                          "not a plain number or text") from None
    return defaults


def check_defaults(name: str, defaults: dict[str, object], parameters: list[str]) -> dict[str, type]:
    """The type of each grid parameter's default, checked: every parameter has a default in the
    parameters cell, of a type its values can take."""
    types = {}
    for parameter in parameters:
        if parameter not in defaults:
            raise NotebookError(name, f"its parameters cell does not set {parameter!r}, which its grid fills "
                                      f"(add a line such as {parameter} = ...)")
        value, allowed = defaults[parameter], DEFAULT_TYPES.get(parameter, (str,))
        if type(value) not in allowed:
            raise NotebookError(name, f"its parameter {parameter!r} defaults to {value!r}, but the build gives it "
                                      f"{' or '.join(TYPE_NAMES[t] for t in allowed)}; give it a default of that type")
        types[parameter] = type(value)
    return types


def typed_parameters(path: Path, parameters: dict) -> dict:
    """A brief's parameters as the notebook at `path` declares them: each of the type of its
    default, so that `goal = 8` in the parameters cell gets 10, not "10" (a line such as
    `if goal == 10:` then works in the build as in JupyterLab)."""
    types = check_defaults(path.name, parameter_defaults(_read_notebook(path), path.name), list(parameters))
    return {name: types[name](value) for name, value in parameters.items()}


def read_kind(path: Path) -> BriefKind | None:
    """A notebook's declaration, checked; None for a notebook that declares no brief."""
    name = path.name
    notebook = _read_notebook(path)
    metadata = notebook.get("metadata", {})
    if not isinstance(metadata, dict):
        raise NotebookError(name, "its metadata is not a mapping")
    declared = metadata.get(METADATA_KEY)
    if declared is None:
        return None
    from pydantic import ValidationError

    from migration_briefs.model.declaration import Declaration, declaration_problem
    try:
        checked = Declaration.model_validate(declared)
    except ValidationError as exc:
        raise NotebookError(name, declaration_problem(exc)) from None
    for values in checked.grid:
        if values not in VALUE_SETS:
            raise NotebookError(name, f"grid entry {values!r} is not a known value set "
                                      f"(known: {', '.join(VALUE_SETS)})")
    grid = {VALUE_SETS[values][0]: values for values in checked.grid}
    if len(grid) != len(checked.grid):
        raise NotebookError(name, "its 'grid' names a parameter twice")
    brief, output, order, rule = checked.brief, checked.output, checked.order, checked.rule
    used = set(re.findall(r"\{(\w+)\}", output))
    if not used <= set(grid) - {"agency", "year"}:
        raise NotebookError(name, f"its 'output' uses {sorted(used - set(grid))}, which are not in its grid")
    if not _NOTEBOOK.fullmatch(path.stem):
        raise NotebookError(name, "a brief notebook's name must be lower-case words joined by '_'")
    check_defaults(name, parameter_defaults(notebook, name), list(grid))
    from migration_briefs.model.cell_options import check_cells
    cells = notebook.get("cells")
    check_cells(cells if isinstance(cells, list) else [], name)  # before any kernel starts
    return BriefKind(path.stem, brief, order, output, grid, tuple(sorted(rule.items())))


def brief_kinds(notebooks_dir: Path) -> dict[str, BriefKind]:
    """Every kind of brief, by notebook stem, in index order."""
    kinds = [kind for path in sorted(notebooks_dir.glob("*.ipynb")) if (kind := read_kind(path))]
    outputs: dict[str, BriefKind] = {}
    for kind in kinds:
        # "goal-{goal}" and "goal-{mechanism}" may name the same file: compare with the values blanked
        # (a system brief and an agency's brief of one name live in different folders)
        pattern = (kind.system, re.sub(r"\{\w+\}", "{}", kind.output))
        if pattern in outputs:
            raise SameOutputError(f"{kind.notebook}.ipynb", f"{outputs[pattern].notebook}.ipynb", kind.output)
        outputs[pattern] = kind
    return {kind.notebook: kind for kind in sorted(kinds, key=lambda k: (k.order, k.notebook))}


# --- one brief --------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class BriefSpec:
    """One brief: its notebook, its parameters, and its place under build/."""

    agency: str
    year: int
    notebook: str
    name: str
    brief: str
    params: tuple = ()  # (name, value) pairs beyond agency and year, in the grid's order

    def __post_init__(self):
        # The last guard before a value becomes part of a file path (specs are also read back
        # from build/manifest.json, which anyone can edit).
        object.__setattr__(self, "params", tuple(tuple(p) for p in self.params))
        checks = [("agency", self.agency, _SLUG), ("year", str(self.year), VALUE_PATTERNS["year"]),
                  ("notebook", self.notebook, _NOTEBOOK), ("name", self.name, _SLUG), ("brief", self.brief, _SLUG)]
        checks += [(name, str(value), VALUE_PATTERNS.get(name, _SLUG)) for name, value in self.params]
        for name, value, pattern in checks:
            if not isinstance(value, str) or not pattern.fullmatch(value):
                raise ParameterError(name, value, [], "cannot name a brief")
        if not isinstance(self.year, int) or isinstance(self.year, bool):
            raise ParameterError("year", self.year, [], "cannot name a brief")

    @property
    def relpath(self) -> str:
        """Path under build/ without extension, e.g. 'un-women/2016/goal-5'."""
        return f"{self.agency}/{self.year}/{self.name}"

    @property
    def notebook_file(self) -> str:
        return f"{self.notebook}.ipynb"

    @property
    def parameters(self) -> dict:
        return {"agency": self.agency, "year": self.year, **dict(self.params)}


def make_spec(kind: BriefKind, parameters: dict) -> BriefSpec:
    extra = tuple((name, parameters[name]) for name in kind.parameters if name not in ("agency", "year"))
    name = kind.output.format(**{k: str(v).lower() for k, v in parameters.items()})
    return BriefSpec(parameters["agency"], int(parameters["year"]), kind.notebook, name, kind.brief, extra)


def check_parameters(dataset: "Dataset", kind: BriefKind, parameters: dict) -> BriefSpec:
    """Check a brief's parameters against the data; raise ParameterError on a bad value."""
    unexpected = sorted(set(parameters) - set(kind.parameters))
    if unexpected:
        raise ParameterError(unexpected[0], parameters[unexpected[0]], kind.parameters,
                             f"is not a parameter of {kind.notebook}.ipynb")
    missing = [name for name in kind.parameters if parameters.get(name) is None]
    if missing:
        raise ParameterError(missing[0], None, [], f"is required by {kind.notebook}.ipynb")
    checks = {**CHECKS, "agency": check_system if kind.system else check_one_agency}
    return make_spec(kind, {name: checks[name](dataset, parameters[name]) for name in kind.parameters})


def plan(dataset: "Dataset", kinds: dict[str, BriefKind], filters: dict | None = None) -> list[BriefSpec]:
    """Every brief the data calls for: for each kind, one per combination of its grid's values
    (narrowed by `filters`, parameter -> value, each checked against the data first)."""
    filters = {name: CHECKS[name](dataset, value) for name, value in (filters or {}).items() if value is not None}
    specs = []
    for kind in kinds.values():
        if not set(filters) <= set(kind.parameters):
            continue
        combinations = [{}]
        for parameter, values in kind.grid.items():
            query = VALUE_SETS[values][1]
            if parameter == "agency" and parameter in filters:
                # an agency asked for by name is planned even where the data alone would not call
                # for it ('all' with a single agency), by the kinds about it: one agency's or the system's
                asked = [filters["agency"]] if (filters["agency"] == ALL_AGENCIES) == kind.system else []
                query = lambda ds, chosen, asked=asked: asked  # noqa: E731
            combinations = [{**chosen, parameter: value} for chosen in combinations
                            for value in query(dataset, chosen)
                            if parameter not in filters or value == filters[parameter]]
        specs += [make_spec(kind, chosen) for chosen in combinations if passes(dataset, dict(kind.rule), chosen)]
    seen: dict[str, BriefSpec] = {}
    for spec in specs:  # outputs of different patterns that still meet ("a-{goal}" and "a-1{goal}")
        if spec.relpath in seen and seen[spec.relpath].notebook != spec.notebook:
            first = kinds[seen[spec.relpath].notebook]
            raise SameOutputError(f"{spec.notebook}.ipynb", f"{first.notebook}.ipynb", kinds[spec.notebook].output)
        seen.setdefault(spec.relpath, spec)
    return specs


PLURALS = {"agency": "agencies", "year": "years", "goal": "goals", "mechanism": "mechanisms",
           "country": "programme countries"}


def no_brief(dataset: "Dataset", kinds: dict[str, BriefKind], filters: dict) -> ParameterError:
    """Why `filters` (parameter -> value, each a value the data knows) select no brief, as the
    error to raise: no kind of brief takes those parameters together; or the most specific filter
    whose value has no brief for the others, with the values that have one (closest first)."""
    checked = {name: CHECKS[name](dataset, value) for name, value in filters.items()}
    names = [name for name in CHECKS if name in checked]  # agency, year, then the subjects
    if not any(set(names) <= set(kind.parameters) for kind in kinds.values()):
        subjects = [name for name in names if name not in ("agency", "year")]
        taken = " and ".join(subjects)
        return ParameterError(subjects[-1], filters[subjects[-1]], [],
                              f"selects no brief with {subjects[0]} {checked[subjects[0]]}: a brief is about one "
                              f"subject, and none takes {taken} together; give one of them" if len(subjects) > 1
                              else "selects no brief: no notebook under notebooks/ makes briefs about a "
                                   f"{subjects[-1]}")
    for name in reversed(names):
        others = {other: checked[other] for other in names if other != name}
        values = list(dict.fromkeys(str(spec.parameters[name]) for spec in plan(dataset, kinds, others)
                                    if name in spec.parameters))
        if name in ("year", "goal"):
            values.sort(key=int)
        if values and str(checked[name]) not in values:
            context = f" for {' and '.join(f'{other} {value}' for other, value in others.items())}" if others else ""
            return ParameterError(name, filters[name], values, f"has no brief{context}",
                                  f"the {PLURALS[name]} with briefs{context} are")
    return ParameterError(names[-1], filters[names[-1]], [], "has no brief, and the data calls for none of its "
                                                              "kind yet (`briefs list` lists the briefs there are)")


def grid_parameters(grid: list) -> list[str]:
    """The parameters a notebook's declared grid fills, in order (unknown value sets left out)."""
    return [VALUE_SETS[values][0] for values in grid if values in VALUE_SETS]
