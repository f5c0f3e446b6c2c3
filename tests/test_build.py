"""The build: incremental by content, parallel and warm-kernel builds byte-identical to
fresh ones, reproducible across checkouts, clear failure reports that keep earlier outputs,
atomic outputs after an interruption, and parameter values never trusted as paths."""
from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from migration_briefs import ParameterError, paths
from migration_briefs.model.params import brief_kinds, plan
from migration_briefs.pipeline.brief import Task, build_one
from migration_briefs.pipeline.manifest import read_manifest
from migration_briefs.pipeline.run import Filters, build
from tests.projects import REPOSITORY

from .conftest import VALID_CONTRIBUTION

YEAR_2017 = Filters(year=2017)
OUTPUTS = ("html", "pdf", "ipynb", "csv")
CSV_OUTPUTS = {"items.csv", "sdg-links.csv", "events.csv"}


def make_root(base: Path) -> Path:
    """A project with two agencies of agencies.yaml (the fixture contribution under each) and the real notebooks."""
    data = base / "data"
    shutil.copytree(paths.REFERENCE_DIR, data / "reference")
    shutil.copytree(paths.SOURCES_DIR, data / "sources")
    shutil.copy(paths.DATA_DIR / "publisher.yaml", data / "publisher.yaml")
    for agency in ("un-women", "iom"):
        folder = data / "contributions" / agency
        folder.mkdir(parents=True)
        (folder / "2017.yaml").write_text(VALID_CONTRIBUTION.replace("agency: un-women", f"agency: {agency}"))
    shutil.copytree(paths.NOTEBOOKS_DIR, base / "notebooks")
    # the build's mechanics are tested on every kind of brief: without the notebooks' rule (tested in
    # test_briefs.py), the two-item fixture calls for a goal, a mechanism and a country brief
    for notebook in (base / "notebooks").glob("*.ipynb"):
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        nb["metadata"].get("migration_briefs", {}).pop("rule", None)
        notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return base


def outputs(build_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(build_dir).as_posix(): p.read_bytes() for p in sorted(build_dir.rglob("*"))
            if p.is_file() and p.suffix.lstrip(".") in OUTPUTS and ".failed" not in p.name}


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """One clean build, one brief at a time in one warm kernel: the reference. That warm kernels
    match fresh ones is proved once, by test_warm_kernels_match_fresh_ones_on_mechanism_briefs_and_figures."""
    root = make_root(tmp_path_factory.mktemp("first"))
    frozen = gc.get_freeze_count()
    report = build(YEAR_2017, jobs=1, root=root, engine="warm")
    assert not report.failed, [f.error for f in report.failed]
    # what the build froze for its workers is handed back to the collector: a program that builds
    # again and again in one process keeps no garbage frozen
    assert gc.get_freeze_count() <= frozen
    return root, report


@pytest.mark.slow
def test_builds_every_planned_brief(first):
    root, report = first
    assert sorted(report.built) == ["all/2017/goal-5", "all/2017/overview", "iom/2017/goal-5", "iom/2017/overview",
                                    "un-women/2017/goal-5", "un-women/2017/overview"]
    manifest = read_manifest(root / "build")
    entry = manifest["briefs"]["iom/2017/goal-5"]
    assert entry["parameters"] == {"goal": "5", "year": 2017, "agency": "iom"} and entry["pages"] >= 1
    # what it read: groups of inputs, each listed once in the manifest whatever the briefs that read it
    read = {path for digest in entry["inputs"].values() for path in manifest["inputs"][digest]}
    papers = {path for path in read if path.startswith("data/sources/")}
    assert "data/contributions/iom/2017.yaml" in read and len(papers) == 1
    # the meetings the papers went to, by short name, for the index's filter (one, however many papers)
    assert entry["meetings"] == manifest["briefs"]["all/2017/overview"]["meetings"] == ["15th Coordination Meeting"]
    assert "data/contributions/un-women/2017.yaml" not in read and "data/reference/agencies.yaml" in read
    assert len(manifest["inputs"]) == len({d for e in manifest["briefs"].values() for d in e["inputs"].values()})
    # the fixture's goal-5 items hold no event: a table with no rows is not written
    assert set(entry["outputs"]) == {"html", "pdf", "ipynb", *CSV_OUTPUTS} - {"events.csv"}
    assert {"python", "papermill", "nbconvert", "weasyprint", "matplotlib", "pandas"} <= set(entry["versions"])
    assert (root / "build" / "iom" / "2017" / "goal-5.ipynb").is_file()
    index = (root / "build" / "index.html").read_text()
    assert 'href="iom/2017/goal-5.pdf"' in index


@pytest.mark.slow
def test_parallel_and_reordered_builds_are_byte_identical_across_checkouts(first, tmp_path):
    reference = outputs(first[0] / "build")
    parallel = make_root(tmp_path / "elsewhere" / "parallel")
    assert not build(YEAR_2017, jobs=2, root=parallel, engine="warm").failed
    assert outputs(parallel / "build") == reference

    reordered = make_root(tmp_path / "reordered")
    from migration_briefs.model.loader import load
    from migration_briefs.pipeline.engine import shutdown_kernels
    try:
        specs = plan(load(reordered), brief_kinds(reordered / "notebooks"), {"year": 2017})
        for spec in reversed(specs):  # one warm kernel, the other order
            assert build_one(Task(spec, ("html", "pdf"), str(reordered), str(reordered / "build"), "warm")).ok
    finally:
        shutdown_kernels()
    briefs_only = {name: content for name, content in reference.items() if "/2017/" in name}
    assert outputs(reordered / "build") == briefs_only
    for content in reference.values():
        assert str(tmp_path).encode() not in content and str(paths.ROOT).encode() not in content \
            and str(REPOSITORY).encode() not in content


def test_a_brief_reads_its_notebooks_words_and_the_shared_ones_not_another_kinds():
    from migration_briefs.model.params import BriefSpec
    from migration_briefs.pipeline.inputs import Inputs, file_hashes
    spec = BriefSpec("un-women", 2016, "goal_brief", "goal-8", "goal", (("goal", "8"),))
    hashes = file_hashes(paths.ROOT)
    inputs = Inputs(hashes, {})
    read = {key for group in inputs.groups(spec) for key in inputs.files(group) if key.startswith("notebooks/")}
    declarations = {key for key in hashes if key.endswith(":declaration")}  # which briefs exist, for links
    assert "notebooks/system_goal.ipynb:declaration" in declarations
    assert read - declarations == {"notebooks/goal_brief.ipynb", "notebooks/goal_brief.yaml", "notebooks/shared.yaml",
                                   "notebooks/charts.yaml"}
    assert declarations <= read


@pytest.mark.slow
def test_nothing_changed_nothing_rebuilt(first, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(first[0], root)  # new paths and new timestamps, same content: a fresh clone
    for path in (root / "data").rglob("*.yaml"):
        os.utime(path)
    report = build(YEAR_2017, jobs=2, root=root)
    assert (report.built, len(report.up_to_date)) == ([], 6)


@pytest.mark.slow
def test_changing_one_contribution_rebuilds_only_the_briefs_that_read_it(first, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(first[0], root)
    before = outputs(root / "build")
    contribution = root / "data" / "contributions" / "iom" / "2017.yaml"
    contribution.write_text(contribution.read_text().replace("A side event on the global compact.",
                                                             "A side event on the global compact for migration."))
    report = build(YEAR_2017, jobs=2, root=root)
    assert sorted(report.built) == ["all/2017/goal-5", "all/2017/overview", "iom/2017/goal-5", "iom/2017/overview"]
    after = outputs(root / "build")
    assert after["un-women/2017/goal-5.pdf"] == before["un-women/2017/goal-5.pdf"]
    # the new summary, told once, in the brief that tells its item in full
    assert sum(b"global compact for migration" in after[f"iom/2017/{name}.html"] for name in ("overview", "goal-5")) == 1


@pytest.mark.slow
def test_a_failing_notebook_is_reported_and_the_others_still_build(first, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(first[0], root)
    good = (root / "build" / "un-women" / "2017" / "goal-5.html").read_bytes()
    notebook = root / "notebooks" / "goal_brief.ipynb"
    notebook.write_text(notebook.read_text().replace('"brief.target_sections()"', '"raise RuntimeError(\\"boom\\")"'))
    overview = root / "notebooks" / "overview_brief.ipynb"
    overview.write_text(overview.read_text().replace('"brief.commitments()"', '"brief.commitments()\\n"'))
    report = build(YEAR_2017, jobs=2, root=root)
    # the system briefs (all/) have notebooks of their own, which are unchanged
    assert sorted(report.built) == ["iom/2017/overview", "un-women/2017/overview"]
    failure = next(f for f in report.failed if f.relpath == "un-women/2017/goal-5")
    assert len(report.failed) == 2
    assert "un-women/2017/goal-5 failed (agency='un-women', year=2017, goal='5')" in failure.error
    cells = json.loads(notebook.read_text())["cells"]
    number = next(i for i, c in enumerate(cells) if "RuntimeError" in "".join(c["source"])) + 1
    assert (f'cell {number} of notebooks/goal_brief.ipynb (`raise RuntimeError("boom")`) raised RuntimeError: boom'
            in failure.error)
    assert "build/un-women/2017/goal-5.failed.ipynb" in failure.error
    assert (root / "build" / "un-women" / "2017" / "goal-5.failed.ipynb").is_file()
    assert (root / "build" / "un-women" / "2017" / "goal-5.html").read_bytes() == good


@pytest.mark.slow
@pytest.mark.parametrize("filters", [Filters(agency="../../x"), Filters(agency="a/b"), Filters(goal="../5"),
                                     Filters(mechanism="CMW/../../x"), Filters(year="2017/..")])
def test_parameter_values_are_never_trusted_as_paths(first, tmp_path, filters):
    root = tmp_path / "copy"
    shutil.copytree(first[0], root)
    before = sorted(p for p in root.rglob("*"))
    with pytest.raises(ParameterError):
        build(filters, root=root)
    assert sorted(p for p in root.rglob("*")) == before


@pytest.mark.slow
def test_an_interrupted_build_leaves_no_half_written_output_and_the_next_finishes(first, tmp_path):
    root = make_root(tmp_path / "interrupted")
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)}
    command = [sys.executable, "-m", "migration_briefs.cli", "build", "--year", "2017", "--jobs", "2"]
    process = subprocess.Popen(command, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manifest = root / "build" / "manifest.json"
    deadline = time.monotonic() + 120
    while not manifest.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for name, content in outputs(root / "build").items():
        if name.endswith(".pdf"):
            assert content.rstrip().endswith(b"%%EOF"), name
        elif name.endswith(".html"):
            assert content.rstrip().endswith(b"</html>"), name
    report = build(YEAR_2017, jobs=2, root=root)
    assert not report.failed and len(report.built) + len(report.up_to_date) == 6
    assert len(report.up_to_date) >= 1
    assert outputs(root / "build") == outputs(first[0] / "build")
    assert not list((root / "build").rglob(".*.tmp-*"))


@pytest.mark.slow
def test_the_no_op_path_imports_nothing_heavy(first, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(first[0], root)
    code = ("import sys; from pathlib import Path; from migration_briefs.pipeline.run import build, Filters; "
            f"r = build(Filters(year=2017), root=Path({str(root)!r})); "
            "print(len(r.built), sorted(m for m in ('papermill', 'nbconvert', 'pandas', 'pydantic', 'matplotlib') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0 []"


FIGURES_NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "execution_count": None, "id": "p", "metadata": {"tags": ["parameters"]},
         "outputs": [], "source": 'year = 2016\nagency = "iom"'},
        {"cell_type": "code", "execution_count": None, "id": "t", "metadata": {}, "outputs": [],
         "source": "from migration_briefs.notebook import overview_brief\nbrief = overview_brief(year, agency)\n"
                   "brief.title_block()"},
        {"cell_type": "markdown", "id": "h", "metadata": {}, "source": "## Figures of our own"},
        {"cell_type": "code", "execution_count": None, "id": "f", "metadata": {}, "outputs": [],
         "source": "#| fig-alt: Three bars: 1, 3 and 2.\nimport pandas as pd\n"
                   "pd.Series([1, 3, 2], index=list('abc')).plot.barh();"},
        {"cell_type": "code", "execution_count": None, "id": "c", "metadata": {}, "outputs": [],
         "source": "from migration_briefs.briefs.charts import coverage_matrix\n"
                   "coverage_matrix(brief.records * 6, brief.ref, rows='items') or brief.sources()"},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                 "migration_briefs": {"brief": "figures", "order": 9, "output": "figures",
                                      "grid": ["agencies", "years"]}},
    "nbformat": 4, "nbformat_minor": 5}


@pytest.mark.slow
def test_warm_kernels_match_fresh_ones_on_mechanism_briefs_and_figures(tmp_path):
    """The 2016 briefs: mechanism and country notebooks, and a notebook that draws a figure of its
    own in the house style (the kernel state warm kernels must reset), not only 2017's briefs."""
    import json
    narrowed = Filters(year=2016, agency="iom")
    roots = {}
    for name in ("fresh", "warm"):
        roots[name] = make_root(tmp_path / name)
        (roots[name] / "notebooks" / "figures_brief.ipynb").write_text(json.dumps(FIGURES_NOTEBOOK))
    assert not build(narrowed, jobs=1, root=roots["fresh"], engine="fresh").failed
    report = build(narrowed, jobs=2, root=roots["warm"], engine="warm")
    assert not report.failed and {"iom/2016/mechanism-cmw", "iom/2016/country-mex"} <= set(report.built)
    assert outputs(roots["warm"] / "build") == outputs(roots["fresh"] / "build")
    assert b'alt="Three bars: 1, 3 and 2."' in outputs(roots["warm"] / "build")["iom/2016/figures.html"]


@pytest.mark.slow
def test_agency_all_is_built_on_request_and_conflicting_filters_are_refused(first, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(first[0], root)
    with pytest.raises(ParameterError, match="none takes goal and mechanism together"):
        build(Filters(goal=5, mechanism="CMW"), root=root)
    report = build(Filters(year="02017", agency="un-women", goal="5"), root=root)
    assert (report.built, report.up_to_date) == ([], ["un-women/2017/goal-5"])
    single = make_root(tmp_path / "single")
    shutil.rmtree(single / "data" / "contributions" / "iom")  # one agency: 'all' is not planned
    report = build(Filters(year=2017, agency="all", goal=5), root=single)
    assert report.built == ["all/2017/goal-5"]


@pytest.mark.slow
def test_one_format_at_a_time_keeps_the_other(first, tmp_path):
    root = make_root(tmp_path / "formats")
    build(Filters(year=2017, agency="iom", goal=5), formats=("html",), root=root)
    report = build(Filters(year=2017, agency="iom", goal=5), formats=("pdf",), root=root)
    assert report.built == ["iom/2017/goal-5"]
    entry = read_manifest(root / "build")["briefs"]["iom/2017/goal-5"]
    # the fixture's goal-5 items hold no event: a table with no rows is not written
    assert set(entry["outputs"]) == {"html", "pdf", "ipynb", *CSV_OUTPUTS} - {"events.csv"}
    again = build(Filters(year=2017, agency="iom", goal=5), root=root)
    assert again.up_to_date == ["iom/2017/goal-5"]
    assert 'href="iom/2017/goal-5.html"' in (root / "build" / "index.html").read_text()


@pytest.mark.slow
def test_a_tampered_manifest_cannot_steer_paths(first, tmp_path):
    import json
    root = tmp_path / "copy"
    shutil.copytree(first[0], root)
    manifest_path = root / "build" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["plan"]["briefs"][0]["agency"] = "../../x"
    manifest_path.write_text(json.dumps(manifest))
    warnings = []
    report = build(YEAR_2017, root=root, log=warnings.append)  # the plan is made again from the data
    assert (report.built, len(report.up_to_date)) == ([], 6)
    assert len(warnings) == 1 and "ignored the cached plan" in warnings[0]
    assert "agency='../../x' cannot name a brief" in warnings[0]
    assert not (tmp_path / "x").exists()
