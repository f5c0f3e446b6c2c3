"""What a brief notebook declares in its metadata (``"migration_briefs": {...}``), as a model.

Kept apart from params.py, which the build imports on its no-op path: a declaration is read only
when the build plans, and the data (pydantic's models) is loaded then anyway. Each check's
message is one sentence for the notebook's author; params.read_kind prefixes the notebook.
"""
from __future__ import annotations

import re
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

_WORD = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
FIRST_SETS = (["agencies", "years"], ["system", "years"])
RULE_MESSAGE = ("its 'rule' must be a mapping of min_items, min_specific and min_agencies (whole numbers), "
                "or_named (true or false) and adds (a list of targets, context, counted)")


class Rule(BaseModel):
    """When a value of the grid's last set gets a brief of its own (params.passes)."""

    model_config = ConfigDict(extra="forbid")
    min_items: StrictInt = Field(default=0, ge=0)
    min_specific: StrictInt = Field(default=0, ge=0)
    or_named: StrictBool = False
    min_agencies: StrictInt = Field(default=0, ge=0)
    # what a brief of the kind can say beyond the overview: one of them must hold (params.passes)
    adds: tuple[Literal["targets", "context", "counted"], ...] | None = None


class Declaration(BaseModel):
    """A kind of brief: its name, place in the index, file name pattern, grid and rule."""

    model_config = ConfigDict(extra="forbid")
    brief: str
    order: StrictInt = 99
    output: str
    grid: list[str]
    rule: dict = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _a_mapping(cls, value):
        if not isinstance(value, dict):
            raise ValueError("metadata 'migration_briefs' must be a mapping")
        return value

    @field_validator("brief", mode="before")
    @classmethod
    def _brief(cls, value):
        if not isinstance(value, str) or not _WORD.fullmatch(value):
            raise ValueError('its \'brief\' must be a lower-case word such as "country"')
        return value

    @field_validator("output", mode="before")
    @classmethod
    def _output(cls, value):
        if not isinstance(value, str) or not _WORD.fullmatch(re.sub(r"\{(\w+)\}", "x", value)):
            raise ValueError('its \'output\' must be a file name pattern such as "country-{country}"')
        return value

    @field_validator("grid", mode="before")
    @classmethod
    def _grid(cls, value):
        if not isinstance(value, list) or value[:2] not in FIRST_SETS:
            raise ValueError('its \'grid\' must be a list that starts with "agencies" (or "system"), "years"')
        return value

    @field_validator("rule", mode="before")
    @classmethod
    def _rule(cls, value):
        try:
            return Rule.model_validate(value or {}).model_dump(exclude_unset=True)
        except ValidationError:
            raise ValueError(RULE_MESSAGE) from None


def declaration_problem(error: ValidationError) -> str:
    """The first problem of a declaration, as one sentence."""
    extra = [str(e["loc"][-1]) for e in error.errors() if e["type"] == "extra_forbidden"]
    if extra:
        return f"metadata 'migration_briefs' has unknown keys {sorted(extra)}"
    first = error.errors()[0]
    if first["type"] == "missing":
        return f"its {first['loc'][-1]!r} is missing"
    if first["loc"] and first["loc"][0] == "order":
        return "its 'order' must be a whole number"
    return str(first["msg"]).removeprefix("Value error, ")
