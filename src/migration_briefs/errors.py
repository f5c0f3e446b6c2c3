"""Domain exceptions. Each carries structured fields so callers and tests can inspect them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one data file: where it is, what was expected, what to do."""

    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class DataValidationError(Exception):
    """Every problem found in one load, reported together rather than one at a time."""

    SHOWN_IN_A_KERNEL = 3

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        self.header = f"{count} problem{'s' if count != 1 else ''} in the data:"
        super().__init__("\n".join([self.header, *(str(p) for p in self.problems)]))

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback (and papermill passes on): the problems,
        not the loader's call stack."""
        shown = self.problems[:self.SHOWN_IN_A_KERNEL]
        lines = [f"{type(self).__name__}: {self.header}", *(str(p) for p in shown)]
        if len(self.problems) > len(shown):
            lines.append(f"... and {len(self.problems) - len(shown)} more: run `make validate` to see them all.")
        return lines


class ParameterError(ValueError):
    """A brief was asked for with a parameter value the data does not know."""

    def __init__(self, name: str, value: object, valid: list[str], reason: str = ""):
        self.name = name
        self.value = value
        self.valid = list(valid)
        because = reason or "is not known"
        choices = ", ".join(self.valid) if self.valid else "(none)"
        super().__init__(f"Parameter {name}={value!r} {because}; valid values are: {choices}.")

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the one sentence that says what to change."""
        return [f"{type(self).__name__}: {self}"]
