"""The notebook is the brief: what an analyst writes in a brief notebook reaches the HTML and
the PDF, tags hide what they say, a figure needs alt text, a new kind of brief is a new
notebook, and papermill alone still runs every notebook."""
from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from PIL import Image
from pypdf import PdfReader

from migration_briefs import paths
from migration_briefs.pipeline.manifest import read_manifest
from migration_briefs.pipeline.run import Filters, build

GOAL_8 = Filters(year=2016, agency="un-women", goal=8)
BIN = Path(sys.executable).parent


def make_root(base: Path) -> Path:
    """A copy of the project's data and notebooks, to build into and edit freely."""
    shutil.copytree(paths.DATA_DIR, base / "data")
    shutil.copytree(paths.NOTEBOOKS_DIR, base / "notebooks")
    return base


def add_cells(root: Path, notebook: str, after: str, cells: list[dict]) -> None:
    """Insert cells after the cell whose source is `after`, as an analyst would in JupyterLab."""
    path = root / "notebooks" / notebook
    nb = nbformat.read(path, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if c.source == after) + 1
    made = [nbformat.v4.new_markdown_cell(c["source"], metadata=c.get("metadata", {})) if c["type"] == "markdown"
            else nbformat.v4.new_code_cell(c["source"], metadata=c.get("metadata", {})) for c in cells]
    nb.cells[at:at] = made
    nbformat.write(nb, path)


def text_of_pdf(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


ANALYST_CELLS = [
    {"type": "markdown", "source": "## Analyst note\n\nThe 2016 work on *decent work* rests on one project."},
    {"type": "code", "source": "import pandas as pd\nframe = pd.DataFrame({'Target': ['8.8'], 'Items': [13]})\n"
                               "display(frame)"},
    {"type": "code", "source": "#| fig-alt: One bar: 13 items tied to target 8.8.\n"
                               "frame.set_index('Target').plot.barh(legend=False);"},
    {"type": "markdown", "source": "Hidden context ZZ-REMOVED-CELL.", "metadata": {"tags": ["remove-cell"]}},
    {"type": "code", "source": "display(Markdown('ZZ-REMOVED-OUTPUT'))", "metadata": {"tags": ["remove-output"]}},
    {"type": "code", "source": "#| include: false\ndisplay(Markdown('ZZ-SETUP'))"},
    # the build injects goal = 8 as the parameters cell writes it, a number: the test works as in JupyterLab
    {"type": "code", "source": "if goal == 8 and year == 2016:\n    display(Markdown('ZZ-TYPED-AS-DEFAULTS'))"},
]


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    root = make_root(tmp_path_factory.mktemp("edited"))
    add_cells(root, "goal_brief.ipynb", "brief.target_sections()", ANALYST_CELLS)
    report = build(GOAL_8, root=root)
    assert not report.failed, [f.error for f in report.failed]
    return root / "build" / "un-women" / "2016"


def test_what_an_analyst_adds_reaches_the_html(edited):
    html = (edited / "goal-8.html").read_text(encoding="utf-8")
    assert '<h2 id="analyst-note">Analyst note</h2>' in html
    assert "The 2016 work on <em>decent work</em> rests on one project." in html
    table = re.search(r'<table class="brief-table">.*?</table>', html[html.index("analyst-note"):], re.S).group(0)
    assert table.count("<tr>") == 2, "one header row for a simple frame"
    assert '<th scope="col">Target</th><th scope="col" class="num">Items</th>' in table
    assert '<td class="num">13</td>' in table
    assert 'alt="One bar: 13 items tied to target 8.8."' in html
    assert "ZZ-TYPED-AS-DEFAULTS" in html, "parameters keep the types of the notebook's defaults"
    positions = [html.index(m) for m in ('id="target-8-8"', 'id="analyst-note"', 'class="brief-table"',
                                          'alt="One bar', '<footer class="brief-footer">')]
    assert positions == sorted(positions), "in the notebook's order"


def test_what_an_analyst_adds_reaches_the_pdf(edited):
    text = text_of_pdf(edited / "goal-8.pdf")
    assert "Analyst note" in text and "rests on one project" in text and "8.8 13" in text


def test_tags_hide_what_they_say(edited):
    html = (edited / "goal-8.html").read_text(encoding="utf-8")
    text = text_of_pdf(edited / "goal-8.pdf")
    for hidden in ("ZZ-REMOVED-CELL", "ZZ-REMOVED-OUTPUT", "ZZ-SETUP", "import pandas", "display("):
        assert hidden not in html and hidden not in text, hidden


def test_an_analysts_figure_is_drawn_in_the_house_style(edited):
    html = (edited / "goal-8.html").read_text(encoding="utf-8")
    data = re.search(r'<img src="data:image/png;base64,([^"]+)" alt="One bar', html).group(1)
    image = Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20)}
    assert (0x00, 0x72, 0xB2) in colours, "the bar is the house blue, the first colour of the style"
    assert image.info.get("dpi", (0,))[0] == pytest.approx(200, abs=1)


def test_a_figure_without_alt_text_fails_the_brief_with_its_cell_and_a_fix(tmp_path):
    root = make_root(tmp_path)
    add_cells(root, "goal_brief.ipynb", "brief.target_sections()",
              [{"type": "code", "source": "import pandas as pd\npd.Series([1, 2]).plot.barh();"}])
    report = build(GOAL_8, root=root)
    (failure,) = report.failed
    cells = nbformat.read(paths.NOTEBOOKS_DIR / "goal_brief.ipynb", as_version=4).cells
    number = next(i for i, c in enumerate(cells) if c.source == "brief.target_sections()") + 2  # the cell after it
    assert ("un-women/2016/goal-8 failed (agency='un-women', year=2016, goal='8'): it could not be rendered: "
            f"cell {number} of notebooks/goal_brief.ipynb: a figure without alt text; add a line '#| fig-alt:") \
        in failure.error
    assert not (root / "build" / "un-women" / "2016" / "goal-8.html").exists()


WORKSHOP_NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "id": "w0", "metadata": {"tags": ["remove-cell"]},
         "source": "# Mechanisms by year\n\nOne page per agency and year listing the mechanisms."},
        {"cell_type": "code", "execution_count": None, "id": "w1", "metadata": {"tags": ["parameters"]},
         "outputs": [], "source": 'year = 2016\nagency = "un-women"'},
        {"cell_type": "code", "execution_count": None, "id": "w2", "metadata": {}, "outputs": [],
         "source": "from migration_briefs.notebook import overview_brief\n"
                   "brief = overview_brief(year, agency)\nbrief.title_block()"},
        {"cell_type": "markdown", "id": "w3", "metadata": {}, "source": "## Key messages"},
        {"cell_type": "code", "execution_count": None, "id": "w4", "metadata": {}, "outputs": [],
         "source": "brief.key_messages()"},
        {"cell_type": "markdown", "id": "w5", "metadata": {}, "source": "## Mechanisms"},
        {"cell_type": "code", "execution_count": None, "id": "w6", "metadata": {}, "outputs": [],
         "source": "brief.mechanisms_table()"},
        {"cell_type": "markdown", "id": "w7", "metadata": {}, "source": "## Sources"},
        {"cell_type": "code", "execution_count": None, "id": "w8", "metadata": {}, "outputs": [],
         "source": "brief.sources()"},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                 "migration_briefs": {"brief": "mechanisms-list", "order": 5, "output": "mechanisms-list",
                                      "grid": ["agencies", "years"]}},
    "nbformat": 4, "nbformat_minor": 5}


@pytest.mark.slow
def test_a_new_kind_of_brief_is_a_new_notebook(tmp_path):
    """No build code changes: the notebook declares its grid; `briefs build` (what make runs)
    plans, builds, indexes and rebuilds it incrementally."""
    root = make_root(tmp_path)
    (root / "notebooks" / "mechanisms_list_brief.ipynb").write_text(json.dumps(WORKSHOP_NOTEBOOK))
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)}
    command = [str(BIN / "briefs"), "build", "--year", "2016", "--jobs", "1"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    built = root / "build" / "un-women" / "2016" / "mechanisms-list.html"
    assert "Committee on the Elimination of Racial Discrimination" in built.read_text(encoding="utf-8")
    assert 'href="un-women/2016/mechanisms-list.html"' in (root / "build" / "index.html").read_text()
    assert read_manifest(root / "build")["briefs"]["un-women/2016/mechanisms-list"]["kind"] == "mechanisms-list"
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and again.stdout.startswith("built 0,"), again.stdout


def test_a_notebook_that_declares_a_grid_wrongly_is_named_before_any_kernel_starts(tmp_path):
    root = make_root(tmp_path)
    broken = json.loads(json.dumps(WORKSHOP_NOTEBOOK))
    broken["metadata"]["migration_briefs"]["grid"].append("countries")
    (root / "notebooks" / "mechanisms_list_brief.ipynb").write_text(json.dumps(broken))
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)}
    result = subprocess.run([str(BIN / "briefs"), "build", "--year", "2016"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert "notebooks/mechanisms_list_brief.ipynb: grid entry 'countries' is not a known value set" \
        in result.stderr
    assert not (root / "build" / "un-women").exists()


def _with_parameters_cell(root: Path, source: str) -> Path:
    notebook = json.loads(json.dumps(WORKSHOP_NOTEBOOK))
    notebook["cells"][1]["source"] = source
    path = root / "mechanisms_list_brief.ipynb"
    path.write_text(json.dumps(notebook))
    return path


@pytest.mark.parametrize("source, injected", [('year = 2016\nagency = "un-women"', {"year": 2017, "agency": "un-women"}),
                                              ('year = "2016"\nagency = "un-women"', {"year": "2017", "agency": "un-women"})])
def test_injected_parameters_have_the_types_of_the_notebooks_defaults(tmp_path, source, injected):
    from migration_briefs.model.params import read_kind, typed_parameters
    path = _with_parameters_cell(tmp_path, source)
    assert read_kind(path) is not None
    typed = typed_parameters(path, {"agency": "un-women", "year": "2017"})
    assert typed == injected and {k: type(v) for k, v in typed.items()} == {k: type(v) for k, v in injected.items()}


@pytest.mark.parametrize("source, expected", [
    ('year = 2016\nagency = 7', "its parameter 'agency' defaults to 7, but the build gives it text"),
    ('year = 2016.0\nagency = "un-women"', "its parameter 'year' defaults to 2016.0, but the build gives it "
                                           "a whole number or text"),
    ('year = 2016', "its parameters cell does not set 'agency', which its grid fills"),
    ('year = 2016\nagency = os.environ["A"]', "gives agency a value that is not a plain number or text"),
])
def test_a_parameters_cell_whose_defaults_the_build_cannot_match_is_named_with_the_parameter(tmp_path, source,
                                                                                             expected):
    from migration_briefs.model.params import NotebookError, read_kind, typed_parameters
    path = _with_parameters_cell(tmp_path, source)
    for check in (lambda: read_kind(path), lambda: typed_parameters(path, {"agency": "un-women", "year": 2016})):
        with pytest.raises(NotebookError) as caught:
            check()
        assert str(caught.value).startswith("notebooks/mechanisms_list_brief.ipynb: ") and expected in str(caught.value)


@pytest.fixture(scope="module")
def warm_kernel():
    """One warm kernel for the module's notebook runs, stopped after them."""
    yield "warm"
    from migration_briefs.pipeline.engine import shutdown_kernels  # after papermill has loaded its engines
    shutdown_kernels()


@pytest.mark.parametrize("notebook, parameters", [("goal_brief.ipynb", {"goal": "8"}),
                                                  ("mechanism_brief.ipynb", {"mechanism": "CEDAW"}),
                                                  ("country_brief.ipynb", {"country": "PHL"}),
                                                  ("overview_brief.ipynb", {"year": 2017})])
def test_papermill_runs_every_kind_of_notebook_and_the_brief_exporter_makes_its_brief(
        tmp_path, warm_kernel, notebook, parameters):
    import papermill
    from nbconvert.exporters import get_exporter
    from nbconvert.writers import FilesWriter

    out = tmp_path / "brief.ipynb"
    papermill.execute_notebook(str(paths.NOTEBOOKS_DIR / notebook), str(out), parameters=parameters,
                               engine_name=warm_kernel, progress_bar=False, cwd=str(paths.NOTEBOOKS_DIR))
    html, resources = get_exporter("brief_html")().from_filename(str(out))  # the nbconvert entry point
    FilesWriter(build_directory=str(tmp_path)).write(html, resources, notebook_name="brief")
    assert html.count("<h1") == 1 and "Key messages" in html
    assert (tmp_path / "brief.items.csv").is_file()


@pytest.mark.slow
def test_the_papermill_and_nbconvert_command_lines_make_a_brief(tmp_path):
    """The commands of the README, run as a user would; one notebook is enough for the command
    lines, the test above runs every kind."""
    out = tmp_path / "brief.ipynb"
    subprocess.run([str(BIN / "papermill"), str(paths.NOTEBOOKS_DIR / "goal_brief.ipynb"), str(out), "-p", "goal", "8",
                    "--cwd", str(paths.NOTEBOOKS_DIR)], check=True, capture_output=True, timeout=300)
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "brief_html", str(out)], check=True,
                   capture_output=True, cwd=tmp_path, timeout=300)
    html = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert html.count("<h1") == 1 and "Key messages" in html
    assert (tmp_path / "brief.items.csv").is_file()
