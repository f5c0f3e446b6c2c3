"""Quarto's cell options and the Jupyter Book tags they map to are honoured as Quarto documents
them, in the build (papermill) and in `jupyter nbconvert --to brief_html`, or refused before
any kernel starts with the notebook and the cell named; nbconvert works on a bare file name."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from migration_briefs import paths
from migration_briefs.cli import main
from migration_briefs.model.cell_options import KNOWN_OPTIONS, CellOptionError, read_options
from migration_briefs.pipeline.run import Filters, build

GOAL_8 = Filters(year=2016, agency="un-women", goal=8)
ANCHOR = "brief.target_sections()"  # a cell of the goal notebook to add cells after
BIN = Path(sys.executable).parent


def make_root(base: Path) -> Path:
    for folder in paths.PROJECT_FOLDERS:
        shutil.copytree(paths.PROJECT.root / folder, base / folder)
    return base


def add_cells(root: Path, cells: list[tuple[str, list[str]]], notebook: str = "goal_brief.ipynb") -> int:
    """Insert code cells (source, tags) after the ANCHOR cell; the number of the first, as
    JupyterLab shows it."""
    path = root / "notebooks" / notebook
    nb = nbformat.read(path, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if c.source == ANCHOR) + 1
    nb.cells[at:at] = [nbformat.v4.new_code_cell(source, metadata={"tags": tags} if tags else {})
                       for source, tags in cells]
    nbformat.write(nb, path)
    return at + 1


def code(source: str, tags: list[str] | None = None) -> dict:
    return nbformat.v4.new_code_cell(source, metadata={"tags": tags} if tags else {})


# Each cell shows a word of its own and defines a name; the last cell says which names exist,
# so the brief tells which cells ran and which showed.
OPTION_CELLS = [
    ("#| eval: false\nzz_eval = 1\ndisplay(Markdown('ZZ-EVAL-SHOWN'))", []),
    ("zz_skip = 1\ndisplay(Markdown('ZZ-SKIP-SHOWN'))", ["skip-execution"]),
    ("#| output: false\nzz_output = 1\ndisplay(Markdown('ZZ-OUTPUT-SHOWN'))", []),
    ("zz_remove_output = 1\ndisplay(Markdown('ZZ-REMOVE-OUTPUT-SHOWN'))", ["remove-output"]),
    ("#| include: false\nzz_include = 1\ndisplay(Markdown('ZZ-INCLUDE-SHOWN'))", []),
    ("#| echo: false\n#| warning: false\n#| error: false\nzz_echo = 1\ndisplay(Markdown('ZZ-ECHO-SHOWN'))", []),
    ("zz_remove_input = 1\ndisplay(Markdown('ZZ-REMOVE-INPUT-SHOWN'))", ["remove-input"]),
    ("#| eval: true\n#| output: true\n#| include: true\nzz_defaults = 1\ndisplay(Markdown('ZZ-DEFAULTS-SHOWN'))", []),
    ("names = ['zz_eval', 'zz_skip', 'zz_output', 'zz_remove_output', 'zz_include', 'zz_echo', 'zz_remove_input',"
     " 'zz_defaults']\ndisplay(Markdown('ZZ-RAN [' + ' '.join(n for n in names if n in globals()) + ']'))", []),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_root(tmp_path_factory.mktemp("options"))
    add_cells(root, OPTION_CELLS)
    report = build(GOAL_8, root=root, formats=("html",))
    assert not report.failed, [f.error for f in report.failed]
    folder = root / "build" / "un-women" / "2016"
    ran = ran_in((folder / "goal-8.html").read_text(encoding="utf-8"))
    return folder, ran


def ran_in(html: str) -> list[str]:
    """The names the last of OPTION_CELLS found defined."""
    return html.split("ZZ-RAN [")[1].split("]")[0].split()


def shown(built, word: str) -> bool:
    return word in (built[0] / "goal-8.html").read_text(encoding="utf-8")


def test_eval_false_does_not_run_the_cell_and_shows_nothing(built):
    assert "zz_eval" not in built[1] and not shown(built, "ZZ-EVAL-SHOWN")
    executed = nbformat.read(built[0] / "goal-8.ipynb", as_version=4)
    [cell] = [c for c in executed.cells if "zz_eval = 1" in c.source]
    assert cell.outputs == [] and "skip-execution" in cell.metadata.tags  # the executed notebook says why


def test_the_skip_execution_tag_is_eval_false(built):
    assert "zz_skip" not in built[1] and not shown(built, "ZZ-SKIP-SHOWN")


def test_output_false_runs_the_cell_and_hides_its_output(built):
    assert "zz_output" in built[1] and not shown(built, "ZZ-OUTPUT-SHOWN")


def test_the_remove_output_tag_is_output_false(built):
    assert "zz_remove_output" in built[1] and not shown(built, "ZZ-REMOVE-OUTPUT-SHOWN")


def test_include_false_runs_the_cell_and_shows_nothing(built):
    assert "zz_include" in built[1] and not shown(built, "ZZ-INCLUDE-SHOWN")


def test_echo_false_is_what_every_cell_gets_its_output_shows_and_its_code_does_not(built):
    assert "zz_echo" in built[1] and shown(built, "ZZ-ECHO-SHOWN")
    assert "zz_remove_input" in built[1] and shown(built, "ZZ-REMOVE-INPUT-SHOWN")
    assert "zz_defaults" in built[1] and shown(built, "ZZ-DEFAULTS-SHOWN")
    for text in ("zz_echo = 1", "#| echo", "display(Markdown", "zz_remove_input = 1"):
        assert not shown(built, text), text


# What a brief cannot do, refused: (the cell's source, its tags, what the sentence says).
REFUSED = {
    "echo: true": ("#| echo: true\n1", [], "'#| echo: true' asks to show the cell's code, and a brief never shows "
                   "code; remove the line"),
    "echo: fenced": ("#| echo: fenced\n1", [], "'#| echo: fenced' asks to show the cell's code"),
    "output: asis": ("#| output: asis\nprint('**x**')", [], "'#| output: asis' asks to show printed output as raw "
                     "Markdown, and a brief never shows printed output; display the text with display(Markdown"),
    "warning: true": ("#| warning: true\n1", [], "'#| warning: true' asks to show the cell's warnings"),
    "error: true": ("#| error: true\n1/0", [], "'#| error: true' lets the cell fail and show its error"),
    "raises-exception": ("1/0", ["raises-exception"], "the tag raises-exception lets the cell fail"),
    "hide-output": ("1", ["hide-output"], "the tag hide-output hides the output behind a button, which a brief (a "
                    "PDF too) cannot have; use remove-output"),
    "hide-cell": ("1", ["hide-cell"], "the tag hide-cell hides the cell behind a button"),
    "eval: no": ("#| eval: no\n1", [], "'#| eval: no': eval takes true or false; write '#| eval: false'"),
    "eval: [1, 2]": ("#| eval: [1, 2]\n1", [], "'#| eval: [1, 2]': eval takes true or false"),
    "unknown": ("#| label: fig-bars\n1", [], "'#| label: fig-bars' is not a cell option briefs know; remove the "
                f"line (the options are {', '.join(KNOWN_OPTIONS)})"),
    "twice": ("#| eval: false\n#| eval: true\n1", [], "the option eval is given twice"),
    "several lines": ("#| fig-cap: |\n#|   A caption\n1", [], "'#| fig-cap: |' starts a text of several lines"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_what_a_brief_cannot_do_is_refused_in_one_sentence(case):
    source, tags, says = REFUSED[case]
    with pytest.raises(CellOptionError) as caught:
        read_options(code(source, tags))
    assert says in str(caught.value) and "\n" not in str(caught.value)
    assert caught.value.cell is None and caught.value.hint and caught.value.problem in str(caught.value)


def test_options_are_read_from_the_top_of_the_cell_only():
    options = read_options(code("\n#| eval: false\n#| fig-alt: 'Bars: 3, 5'\nx = 1\n#| echo: true"))
    assert options.evaluate is False and options.fig_alt == "Bars: 3, 5"
    assert read_options(code("x = 1\n#| eval: false")).evaluate is True


@pytest.fixture
def project_copy(tmp_path, monkeypatch):
    """A copy of the project, and a process that restores its default project after the test."""
    monkeypatch.setattr(paths, "PROJECT", paths.PROJECT)
    monkeypatch.setenv(paths.ROOT_VARIABLE, str(paths.PROJECT.root))
    return make_root(tmp_path / "project")


@pytest.mark.parametrize("case", ["echo: true", "output: asis", "error: true", "raises-exception", "hide-output",
                                  "eval: no", "unknown"])
def test_briefs_build_refuses_a_cell_option_before_any_kernel_starts(project_copy, capsys, case):
    source, tags, says = REFUSED[case]
    number = add_cells(project_copy, [(source, tags)])
    assert main(["--project", str(project_copy), "build", "--year", "2016", "--agency", "un-women"]) == 2
    out, err = capsys.readouterr()
    first, second = err.splitlines()
    assert first.startswith(f"cell {number} of notebooks/goal_brief.ipynb: {says}"), first
    assert second == "Nothing was built; existing briefs are unchanged." and out == ""
    assert not (project_copy / "build" / "un-women").exists()


def test_nbconvert_refuses_a_cell_option_in_an_executed_notebook(built):
    from migration_briefs.render.exporters import BriefRenderError, export_html
    nb = nbformat.read(built[0] / "goal-8.ipynb", as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if c.source == ANCHOR) + 1
    nb.cells.insert(at, code("#| echo: true\n1"))
    with pytest.raises(BriefRenderError) as caught:
        export_html(nb)
    injected = 1  # papermill's parameters cell, which JupyterLab's numbers of the source notebook leave out
    assert caught.value.cell_index == at and caught.value.cell_number == at + 1 - injected
    assert "'#| echo: true' asks to show the cell's code" in str(caught.value)


def test_nbconvert_makes_a_brief_of_a_notebook_named_without_its_folder(built, tmp_path):
    """`jupyter nbconvert --to brief_html goal-8.ipynb` in the notebook's folder (nbconvert's
    FilesWriter once failed to make the folder '' for the CSV files beside the page)."""
    shutil.copy(built[0] / "goal-8.ipynb", tmp_path / "goal-8.ipynb")
    result = subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "brief_html", "goal-8.ipynb"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    tables = sorted(p.name for p in built[0].glob("goal-8.*.csv"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["goal-8.html", "goal-8.ipynb", *tables])
    assert "goal-8.items.csv" in tables
    assert (tmp_path / "goal-8.html").read_bytes() == (built[0] / "goal-8.html").read_bytes()


def test_nbconvert_execute_does_not_run_an_eval_false_cell(tmp_path):
    """`jupyter nbconvert --to brief_html --execute` runs the notebook through nbclient, which
    skips the cells `#| eval: false` keeps from running, as the build does."""
    root = make_root(tmp_path / "project")
    add_cells(root, OPTION_CELLS[:1] + OPTION_CELLS[-1:])
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(root / "notebooks" / "goal_brief.ipynb", work / "goal.ipynb")
    given = (work / "goal.ipynb").read_bytes()
    env = {**os.environ, paths.ROOT_VARIABLE: str(root)}
    result = subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "brief_html", "--execute", "goal.ipynb"],
                            cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    html = (work / "goal.html").read_text(encoding="utf-8")
    assert ran_in(html) == [] and "ZZ-EVAL-SHOWN" not in html
    assert (work / "goal.ipynb").read_bytes() == given, "the notebook given is left as it was"
