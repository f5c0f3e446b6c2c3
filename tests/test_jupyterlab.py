"""Every notebook opened in JupyterLab (headless Chromium, driven by Playwright), run and saved
changes nothing git or the build sees (bench/jupyterlab.py, which measures the same on data/)."""
from __future__ import annotations

import pytest

from bench.jupyterlab import CHROMIUM, measure
from tests.projects import assemble


@pytest.mark.slow
def test_running_and_saving_every_notebook_in_jupyterlab_changes_nothing_git_or_the_build_sees(tmp_path):
    assert CHROMIUM.is_file(), "Debian's Chromium is needed: apt-get install chromium (.ci/run installs it)"
    root = assemble("un-women", tmp_path / "project")
    figures = measure(root, tmp_path, with_filter=True, run=True, jobs=2, log=lambda _line: None)
    assert figures.notebooks == len(list((root / "notebooks").glob("*.ipynb"))) > 5
    assert figures.dialogs == [], "JupyterLab asked for a kernel: the notebooks' kernelspec names none installed"
    assert figures.lines_written > 0, "JupyterLab saved the notebooks as they were: the run left nothing to strip"
    assert figures.raised == [], "a cell raised when the notebook ran in JupyterLab with its default parameters"
    assert figures.lines_in_git_diff == 0
    assert figures.rebuilt == []
