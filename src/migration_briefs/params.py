"""Which briefs exist, what parameters they take, and checking those parameters.

Parameter values are checked against the data's finite lists before any work, so a value
never reaches a file path unchecked (no '../x', no 'a/b').
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import ParameterError

if TYPE_CHECKING:
    from .dataset import Dataset

ALL_AGENCIES = "all"
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# [0-9], not \d: only ASCII digits are digits ('２０１６' is not a year, '５' is not a goal).
_DIGITS = re.compile(r"[0-9]+")
_YEAR = re.compile(r"[0-9]{4}")
_KIND = re.compile(r"goal|mechanism|overview")
_GOAL = re.compile(r"[0-9]{1,2}")
_MECHANISM = re.compile(r"[A-Z][A-Z0-9]+")
NOTEBOOKS = {"goal": "goal_brief.ipynb", "mechanism": "mechanism_brief.ipynb", "overview": "overview_brief.ipynb"}
PARAMETERS = {"goal": ("goal", "year", "agency"), "mechanism": ("mechanism", "year", "agency"),
              "overview": ("year", "agency")}


@dataclass(frozen=True, order=True)
class BriefSpec:
    """One brief: its kind and its parameters, and where it goes under build/."""

    agency: str
    year: int
    kind: str
    goal: str | None = None
    mechanism: str | None = None

    def __post_init__(self):
        # The last guard before a value becomes part of a file path (specs are also read back
        # from build/manifest.json, which anyone can edit).
        checks = [("agency", self.agency, _SLUG), ("year", str(self.year), _YEAR), ("kind", self.kind, _KIND),
                  ("goal", self.goal or "1", _GOAL), ("mechanism", self.mechanism or "X0", _MECHANISM)]
        for name, value, pattern in checks:
            if not isinstance(value, str) or not pattern.fullmatch(value):
                raise ParameterError(name, value, [], "cannot name a brief")

    @property
    def name(self) -> str:
        if self.kind == "goal":
            return f"goal-{self.goal}"
        if self.kind == "mechanism":
            return f"mechanism-{self.mechanism.lower()}"
        return "overview"

    @property
    def relpath(self) -> str:
        """Path under build/ without extension, e.g. 'un-women/2016/goal-5'."""
        return f"{self.agency}/{self.year}/{self.name}"

    @property
    def notebook(self) -> str:
        return NOTEBOOKS[self.kind]

    @property
    def parameters(self) -> dict:
        values = {"goal": self.goal, "mechanism": self.mechanism, "year": self.year, "agency": self.agency}
        return {name: values[name] for name in PARAMETERS[self.kind]}


def check_agency(dataset: "Dataset", agency: str) -> str:
    valid = [ALL_AGENCIES, *dataset.reference.agencies]
    if agency not in valid:
        raise ParameterError("agency", agency, valid)
    return agency


def check_year(dataset: "Dataset", year: object) -> int:
    valid = [str(y) for y in dataset.years()]
    text = str(year).strip()
    if isinstance(year, bool) or not _DIGITS.fullmatch(text):
        raise ParameterError("year", year, valid, "is not a year")
    value = int(text)
    if str(value) not in valid:
        raise ParameterError("year", year, valid, "is not a year the data covers")
    return value


def check_goal(dataset: "Dataset", goal: object) -> str:
    valid = list(dataset.reference.goals)
    value = str(goal).strip()
    if value not in valid:
        raise ParameterError("goal", goal, valid, "is not an SDG goal")
    return value


def check_mechanism(dataset: "Dataset", mechanism: object) -> str:
    valid = list(dataset.reference.mechanisms)
    value = str(mechanism).strip().upper()
    if value not in valid:
        raise ParameterError("mechanism", mechanism, valid, "is not a mechanism in data/reference/mechanisms.yaml")
    return value


def brief_spec(dataset: "Dataset", kind: str, **parameters) -> BriefSpec:
    """Check a brief's parameters and return its spec; raise ParameterError on a bad value."""
    if kind not in PARAMETERS:
        raise ParameterError("kind", kind, list(PARAMETERS))
    unexpected = set(parameters) - set(PARAMETERS[kind])
    if unexpected:
        name = sorted(unexpected)[0]
        raise ParameterError(name, parameters[name], list(PARAMETERS[kind]),
                             f"is not a parameter of the {kind} brief")
    missing = [name for name in PARAMETERS[kind] if parameters.get(name) is None]
    if missing:
        raise ParameterError(missing[0], None, [], f"is required by the {kind} brief")
    return BriefSpec(
        agency=check_agency(dataset, parameters["agency"]),
        year=check_year(dataset, parameters["year"]),
        kind=kind,
        goal=check_goal(dataset, parameters["goal"]) if kind == "goal" else None,
        mechanism=check_mechanism(dataset, parameters["mechanism"]) if kind == "mechanism" else None,
    )


def plan(dataset: "Dataset", year: int | None = None, agency: str | None = None, goal: str | None = None,
         mechanism: str | None = None) -> list[BriefSpec]:
    """Every brief the data calls for (narrowed by the filters given): for each agency (and
    'all' when there are several) and year, an overview, one brief per SDG goal and one per
    mechanism the data touches."""
    agencies = dataset.agencies() + ([ALL_AGENCIES] if len(dataset.agencies()) > 1 else [])
    if agency is not None:
        agencies = [check_agency(dataset, agency)]
    if year is not None:
        year = check_year(dataset, year)
    goal = check_goal(dataset, goal) if goal is not None else None
    mechanism = check_mechanism(dataset, mechanism) if mechanism is not None else None
    specs = []
    for code in agencies:
        for y in dataset.years(agency=code):
            if year is not None and y != year:
                continue
            if goal is None and mechanism is None:
                specs.append(BriefSpec(code, y, "overview"))
            if mechanism is None:
                specs += [BriefSpec(code, y, "goal", goal=g) for g in dataset.goals(year=y, agency=code)
                          if goal in (None, g)]
            if goal is None:
                specs += [BriefSpec(code, y, "mechanism", mechanism=m)
                          for m in dataset.mechanisms(year=y, agency=code) if mechanism in (None, m)]
    return specs
