"""Notebooks are held in the form JupyterLab saves (tools/notebooks.py), git strips what a run adds
as it stages them, and the build reads of a notebook only what its briefs read
(model/notebook_content.py). tests/test_jupyterlab.py opens and saves each one in JupyterLab."""
from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager

from migration_briefs.model import notebook_content
from tests.projects import REPOSITORY


def _tool():
    spec = importlib.util.spec_from_file_location("notebooks", REPOSITORY / "tools" / "notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


notebooks = _tool()
NOTEBOOKS = notebooks.tracked()


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=REPOSITORY, capture_output=True)


def _run_and_saved(text: str) -> str:
    """The notebook as JupyterLab saves it after Run All, with a cell folded and scrolled."""
    nb = nbformat.reads(text, as_version=4)
    nb.metadata["language_info"] = {"codemirror_mode": {"name": "ipython", "version": 3}, "name": "python",
                                    "version": "3.11.7"}
    for count, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), 1):
        cell.execution_count = count
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="printed\n"),
                        nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=count)]
        cell.metadata.update(collapsed=True, scrolled=True, execution={"iopub.status.idle": "2026-01-01T00:00:00Z"})
    return nbformat.writes(nb) + "\n"


def test_there_are_notebooks_to_check():
    assert {path.name for path in NOTEBOOKS} >= {"goal_brief.ipynb", "review.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_is_held_in_jupyterlabs_form(path):
    """What git holds (the index; in a fresh clone, the commit) is what JupyterLab would save."""
    relative = path.relative_to(REPOSITORY).as_posix()
    held = _git("show", f":{relative}")
    text = held.stdout.decode() if held.returncode == 0 else path.read_text(encoding="utf-8")
    wrong = notebooks.differences(text, path.stem)
    assert not wrong, (f"{relative}, as git holds it, is not in JupyterLab's form: {'; '.join(wrong)}. "
                       "Run `make notebooks` and commit the notebook (`make setup` installs git's filter, "
                       "which strips outputs as git stages a notebook)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_as_saved_is_staged_in_that_form(path):
    """A notebook on disk may hold outputs (Run All and save): the filter strips them as git
    stages it; anything else out of form is for `make notebooks` to put right."""
    text = path.read_text(encoding="utf-8")
    staged = nbformat.writes(notebooks.strip(nbformat.reads(text, as_version=4))) + "\n"
    wrong = notebooks.differences(staged, path.stem)
    assert not wrong, (f"{path.relative_to(REPOSITORY)} would be committed with {'; '.join(wrong)}: "
                       "run `make notebooks`")


def test_the_filter_git_runs_gives_the_form_and_a_run_in_jupyterlab_changes_nothing(tmp_path):
    """The command `make setup` sets as git's clean filter, run as git runs it (from the top of
    the checkout, the notebook on its standard input)."""
    held = (REPOSITORY / "notebooks" / "goal_brief.ipynb").read_text(encoding="utf-8")
    form = notebooks.canonical(held, "goal_brief")
    saved = _run_and_saved(form)
    assert saved != form
    cleaned = subprocess.run(notebooks.filter_command(), shell=True, cwd=REPOSITORY, input=saved.encode(),
                             capture_output=True, check=True)
    assert cleaned.stdout.decode() == form
    assert notebooks.canonical(saved, "goal_brief") == form


def test_git_sends_notebooks_through_the_filter_make_setup_installs():
    attribute = _git("check-attr", "filter", "--", "notebooks/goal_brief.ipynb").stdout.decode()
    assert attribute.strip().endswith(f"filter: {notebooks.FILTER}")
    assert "tools/notebooks.py --install-filter" in (REPOSITORY / "Makefile").read_text()


def test_the_form_gives_ids_to_cells_without_and_keeps_those_there_are():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A"), nbformat.v4.new_code_cell("x = 1")])
    raw = json.loads(nbformat.writes(nb))
    raw["nbformat_minor"] = 4
    raw["cells"][0].pop("id")
    raw["cells"][1]["id"] = "kept"
    form = json.loads(notebooks.canonical(json.dumps(raw), "mine"))
    assert [c["id"] for c in form["cells"]] == ["mine-00", "kept"]
    assert form["nbformat_minor"] == 5 and form["metadata"]["kernelspec"] == notebooks.kernelspec()
    assert "cells without ids" in notebooks.differences(json.dumps(raw), "mine")


def test_what_is_out_of_form_is_said_in_words():
    form = notebooks.canonical((REPOSITORY / "notebooks" / "goal_brief.ipynb").read_text(encoding="utf-8"),
                               "goal_brief")
    wrong = "; ".join(notebooks.differences(_run_and_saved(form), "goal_brief"))
    assert "outputs in" in wrong and "execution counts" in wrong and "metadata.language_info" in wrong
    raw = json.loads(form)
    raw["cells"][0]["source"] = "".join(raw["cells"][0]["source"])
    raw["metadata"]["kernelspec"]["display_name"] = "Python 3"
    wrong = "; ".join(notebooks.differences(json.dumps(raw, indent=1), "goal_brief"))
    assert "sources as one string" in wrong and "the kernelspec" in wrong


def test_the_kernel_the_notebooks_name_is_installed_and_named_as_they_name_it(monkeypatch):
    """JupyterLab selects the notebooks' kernel without asking when its name is installed, and
    writes back the display name of the kernel it selected; `make lab` puts .venv's kernels first."""
    monkeypatch.setenv("JUPYTER_PATH", str(Path(sys.prefix) / "share" / "jupyter"))
    specs = KernelSpecManager()
    for path in NOTEBOOKS:
        wanted = json.loads(path.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
        installed = specs.get_kernel_spec(wanted["name"])
        assert (installed.display_name, installed.language) == (wanted["display_name"], wanted["language"]), (
            f"{path.name} names the kernel {wanted}, but the kernel of that name JupyterLab finds "
            f"({installed.resource_dir}) is {installed.display_name!r}: run `make notebooks`")
    assert "JUPYTER_PATH=\"$(CURDIR)/$(VENV)/share/jupyter\"" in (REPOSITORY / "Makefile").read_text()


def test_the_build_reads_of_a_notebook_neither_outputs_nor_what_jupyterlab_adds(tmp_path):
    path = REPOSITORY / "notebooks" / "goal_brief.ipynb"
    form = notebooks.canonical(path.read_text(encoding="utf-8"), "goal_brief")
    saved = json.loads(_run_and_saved(form))
    saved["metadata"]["kernelspec"]["display_name"] = "Python 3 (another one)"
    (tmp_path / "form.ipynb").write_text(form)
    (tmp_path / "saved.ipynb").write_text(json.dumps(saved))
    read = notebook_content.read(tmp_path / "form.ipynb")
    assert notebook_content.read(tmp_path / "saved.ipynb") == read
    code = [c for c in read["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert read["metadata"]["migration_briefs"] == json.loads(form)["metadata"]["migration_briefs"]
    assert [c["source"] for c in read["cells"]] == ["".join(c["source"]) for c in json.loads(form)["cells"]]
    assert any("parameters" in c["metadata"].get("tags", []) for c in read["cells"])


def test_what_the_build_reads_changes_with_a_source_a_tag_or_the_declaration(tmp_path):
    form = json.loads(notebooks.canonical((REPOSITORY / "notebooks" / "goal_brief.ipynb").read_text("utf-8"),
                                          "goal_brief"))
    (tmp_path / "form.ipynb").write_text(json.dumps(form))
    before = notebook_content.read(tmp_path / "form.ipynb")
    edits = [lambda nb: nb["cells"][-1]["source"].append("\nmore"),
             lambda nb: nb["cells"][-1]["metadata"].setdefault("tags", []).append("remove-cell"),
             lambda nb: nb["metadata"]["migration_briefs"].update(order=99)]
    for edit in edits:
        edited = copy.deepcopy(form)
        edit(edited)
        (tmp_path / "edited.ipynb").write_text(json.dumps(edited))
        assert notebook_content.read(tmp_path / "edited.ipynb") != before


def test_a_notebook_too_large_to_read_is_one_sentence_saying_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(notebook_content, "SIZE_LIMIT", 100)
    (tmp_path / "big.ipynb").write_text(json.dumps({"cells": [{"source": "x" * 200}]}))
    with pytest.raises(notebook_content.NotebookError, match="larger than 100 bytes.*make notebooks"):
        notebook_content.read(tmp_path / "big.ipynb")
