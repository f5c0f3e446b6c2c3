"""What a code cell of a brief notebook asks of its brief: Quarto's cell options (``#|`` lines
at the top of the cell) and the Jupyter Book tags they map to, read and checked.

Each is honoured as Quarto and Jupyter Book document it, or refused, because a brief cannot do
what it asks (a brief never shows code, errors or printed output, and has no buttons):

* ``#| eval: false`` or the ``skip-execution`` tag: the cell is not run, so it shows nothing;
* ``#| output: false`` or ``remove-output``: the cell runs, and its output is not shown;
* ``#| include: false``: the cell runs, and neither its code nor its output shows;
* ``#| echo: false``, ``remove-input``, ``hide-input``: what every code cell gets, no code;
* ``#| warning: false``, ``#| error: false``: what every brief does (printed warnings never
  show, and an error fails the brief);
* ``#| fig-alt``, ``fig-cap``, ``tbl-cap``: a figure's alt text and caption, a table's caption;
* ``remove-cell``: the cell is not in the brief.

Refused, with the notebook, the cell and what to do: ``echo: true`` (or ``fenced``),
``output: asis``, ``warning: true``, ``error: true`` and the ``raises-exception`` tag, the
``hide-output`` and ``hide-cell`` tags (a toggle a PDF cannot have), any other option, a value
that is not one the option takes, an option given twice, and a caption written over several
lines. The build checks every cell of every brief notebook before any kernel starts
(params.read_kind); the renderer checks every code cell of a notebook it is given.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from migration_briefs.errors import BriefsError
from migration_briefs.model.params import NotebookError

# nbclient (and so papermill and nbconvert --execute) does not run a cell with this tag.
SKIP_TAG = "skip-execution"

_OPTION = re.compile(r"^#\|\s*([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")
_SWITCHES = ("eval", "echo", "output", "include", "warning", "error")
_TEXTS = ("fig-alt", "fig-cap", "tbl-cap")
KNOWN_OPTIONS = (*_SWITCHES, *_TEXTS)
_BLOCK_SCALAR = re.compile(r"^[|>][+-]?$")

# What a brief cannot do, by the value that asks for it: (what it asks, what to do instead).
_REFUSED_VALUES = {
    ("echo", True): ("asks to show the cell's code, and a brief never shows code",
                     "remove the line (code is left out of every brief)"),
    ("echo", "fenced"): ("asks to show the cell's code, and a brief never shows code",
                         "remove the line (code is left out of every brief)"),
    ("output", "asis"): ("asks to show printed output as raw Markdown, and a brief never shows printed output",
                         "display the text with display(Markdown(...)) instead, and remove the line"),
    ("warning", True): ("asks to show the cell's warnings, and a brief never shows printed output",
                        "remove the line"),
    ("error", True): ("lets the cell fail and show its error, and a brief never shows an error: an error fails "
                      "its brief", "catch the exception the cell expects in its code, and remove the line"),
}
_REFUSED_TAGS = {
    "raises-exception": ("lets the cell fail, and a brief never shows an error: an error fails its brief",
                         "catch the exception the cell expects in its code, and remove the tag"),
    "hide-output": ("hides the output behind a button, which a brief (a PDF too) cannot have",
                    "use remove-output to leave the output out, or no tag to show it"),
    "hide-cell": ("hides the cell behind a button, which a brief (a PDF too) cannot have",
                  "use remove-cell to leave the cell out, or no tag to show its output"),
}


class CellOptionError(NotebookError):
    """A cell option or tag a brief cannot honour. `option` is the option or tag as written,
    `value` its value (None for a tag), `problem` what is wrong and `hint` what to do;
    `notebook` and `cell` (its number as JupyterLab shows it) name the cell once `located`."""

    def __init__(self, option: str, value: object, problem: str, hint: str, notebook: str | None = None,
                 cell: int | None = None):
        self.option, self.value, self.cell = option, value, cell
        self.notebook, self.problem = notebook, problem
        where = " of ".join(part for part in (f"cell {cell}" if cell else "",
                                               f"notebooks/{notebook}" if notebook else "") if part)
        BriefsError.__init__(self, f"{where}: {problem}; {hint}" if where else f"{problem}; {hint}",
                             where=where or None, reason=problem, hint=hint)

    def located(self, notebook: str | None, cell: int) -> "CellOptionError":
        return CellOptionError(self.option, self.value, self.problem, self.hint, notebook, cell)


@dataclass(frozen=True)
class CellOptions:
    """What a code cell's options and tags ask for (the defaults: what a cell without them gets)."""

    evaluate: bool = True  # `eval`; false, or the skip-execution tag: not run
    output: bool = True  # false, or the remove-output tag: run, output not shown
    include: bool = True  # false: run, nothing shown
    fig_alt: str = ""
    fig_cap: str = ""
    tbl_cap: str = ""

    @property
    def shows_output(self) -> bool:
        return self.evaluate and self.output and self.include


def _text(source: str | list) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def _value(option: str, raw: str) -> str | bool:
    """An option's value as Quarto's YAML reads it: true or false, or text (quotes taken off)."""
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    return raw


def read_options(cell: dict) -> CellOptions:
    """The options of a code cell, from its ``#|`` lines (those before its first line of code)
    and its tags; CellOptionError for one a brief cannot honour."""
    tags = set((cell.get("metadata") or {}).get("tags") or [])
    refused = sorted(tags & set(_REFUSED_TAGS))
    if refused:
        problem, hint = _REFUSED_TAGS[refused[0]]
        raise CellOptionError(refused[0], None, f"the tag {refused[0]} {problem}", hint)
    given: dict[str, str | bool] = {}
    for line in _text(cell.get("source", "")).splitlines():
        match = _OPTION.match(line.strip())
        if not match:
            if line.strip():
                break
            continue
        option, raw = match.group(1), match.group(2)
        written = f"'#| {option}: {raw}'"
        if option not in KNOWN_OPTIONS:
            raise CellOptionError(option, raw, f"{written} is not a cell option briefs know",
                                  f"remove the line (the options are {', '.join(KNOWN_OPTIONS)})")
        if option in given:
            raise CellOptionError(option, raw, f"the option {option} is given twice", "keep one of the lines")
        value = _value(option, raw)
        if (option, value) in _REFUSED_VALUES:
            problem, hint = _REFUSED_VALUES[option, value]
            raise CellOptionError(option, value, f"{written} {problem}", hint)
        if option in _SWITCHES and not isinstance(value, bool):
            raise CellOptionError(option, value, f"{written}: {option} takes true or false",
                                  f"write '#| {option}: false' or remove the line")
        if option in _TEXTS and isinstance(raw, str) and _BLOCK_SCALAR.match(raw):
            raise CellOptionError(option, raw, f"{written} starts a text of several lines, which briefs do not read",
                                  f"write the {option} on the one line, after '{option}:'")
        given[option] = value
    return CellOptions(evaluate=given.get("eval", True) is not False and SKIP_TAG not in tags,
                       output=given.get("output", True) is not False and "remove-output" not in tags,
                       include=given.get("include", True) is not False,
                       **{name.replace("-", "_"): str(given.get(name, "")) for name in _TEXTS})


def check_cells(cells: list, notebook: str | None = None) -> None:
    """Every code cell's options and tags, checked: CellOptionError names the first a brief
    cannot honour, with its cell's number as JupyterLab shows it."""
    for index, cell in enumerate(cells):
        if cell.get("cell_type") == "code":
            try:
                read_options(cell)
            except CellOptionError as exc:
                raise exc.located(notebook, index + 1) from None


def mark_unevaluated(nb) -> bool:
    """Tag the code cells that `#| eval: false` keeps from running with skip-execution, which
    nbclient does not run (papermill, nbconvert --execute and the build all execute through it);
    True when a cell was tagged."""
    marked = False
    for cell in nb.cells:
        if cell.get("cell_type") != "code" or SKIP_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        try:
            evaluate = read_options(cell).evaluate
        except CellOptionError:
            continue  # refused when the notebook is planned or rendered, with its cell named
        if not evaluate:
            cell.setdefault("metadata", {}).setdefault("tags", []).append(SKIP_TAG)
            marked = True
    return marked
