"""`briefs build --scheduler ADDRESS`: the briefs as tasks of a Dask distributed cluster. A worker
makes a brief from what its build ships (the notebooks, the brief's data set) and never reads the
checkout; the build process writes what comes back. In the slow tier, against a LocalCluster of
two worker processes on this machine: the briefs are byte for byte those of a local build; a
worker that dies fails or retries its brief alone; Ctrl-C cancels the tasks, stops the brief a
worker is making, and nothing lands in build/ after."""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest

from migration_briefs.errors import BuildEnvironmentError
from migration_briefs.model.cache import subset, write_cache
from migration_briefs.model.loader import load
from migration_briefs.model.params import brief_kinds, plan
from migration_briefs.pipeline.brief import Task
from migration_briefs.pipeline.cluster import Shipment, environment, make_on_worker, shipped_notebooks
from migration_briefs.pipeline.lock import build_lock
from migration_briefs.pipeline.manifest import read_manifest
from migration_briefs.pipeline.run import Filters, build

from .test_build import make_root, outputs


def shipped_task(root: Path, agency: str, brief: str, tmp_path: Path) -> tuple[Task, Shipment, bytes]:
    """What the build ships for one brief of `root`: the task, naming a checkout and a build folder
    that do not exist where it is made, the notebooks with their words and the environment, the
    agency's data set."""
    dataset = load(root)
    spec = next(s for s in plan(dataset, brief_kinds(root / "notebooks")) if s.relpath == f"{agency}/2017/{brief}")
    value = write_cache(subset(dataset, agency), tmp_path / "data.pickle")
    nowhere = tmp_path / "not-on-this-worker"
    task = Task(spec, ("html", "pdf"), str(nowhere), str(nowhere / "build"), data=value)
    return task, Shipment("a-build", shipped_notebooks(root), environment()), (tmp_path / "data.pickle").read_bytes()


def test_a_worker_makes_a_brief_from_what_is_shipped_alone(tmp_path):
    root = make_root(tmp_path / "project")
    report = build(Filters(agency="iom", year=2017, goal=5), root=root)
    assert report.built == ["iom/2017/goal-5"], [f.error for f in report.failed]
    task, shipment, data = shipped_task(root, "iom", "goal-5", tmp_path)
    shutil.move(root, tmp_path / "moved")  # the checkout is not where the task says, nor anywhere it knows
    made = make_on_worker(task, shipment, data)
    assert made.result.ok, made.result.error
    built = {path: content for path, content in outputs(tmp_path / "moved" / "build").items()
             if path.startswith("iom/2017/goal-5.")}
    assert {f"iom/2017/goal-5.{name}": content for name, content in made.outputs.items()} == built
    assert {"html", "pdf", "ipynb", "items.csv"} <= set(made.outputs)
    assert not (tmp_path / "not-on-this-worker").exists()


def test_builds_that_ship_the_same_notebooks_share_a_workers_folder_and_kernel_and_others_do_not(tmp_path):
    """A long-lived worker serves build after build: those that ship the same notebooks are run in
    one folder by one warm kernel (starting a kernel is most of a worker's first brief), each
    build's data sets replacing the last's; other notebooks get a new folder, and the last goes
    with its kernel."""
    import papermill  # noqa: F401  # loads its engines, ours among them, before the engine module is imported alone

    from migration_briefs.pipeline import cluster, engine
    root = make_root(tmp_path / "project")
    task, shipment, data = shipped_task(root, "iom", "goal-5", tmp_path)

    def made_by(shipment: Shipment) -> tuple[Path, int]:
        made = make_on_worker(task, shipment, data)
        assert made.result.ok, made.result.error
        [manager] = engine._kernels.values()
        return cluster._folder[1], manager.provisioner.pid

    try:
        first = made_by(shipment)
        (first[0] / "data-stale.pickle").write_bytes(b"")
        again = made_by(dataclasses.replace(shipment, build="another-build"))
        notebooks = {**shipment.notebooks, "shared.yaml": shipment.notebooks["shared.yaml"] + b"\n"}
        other = made_by(dataclasses.replace(shipment, build="a-third-build", notebooks=notebooks))
    finally:
        engine.shutdown_kernels()
    assert again == first and not (first[0] / "data-stale.pickle").exists()
    assert other[0] != first[0] and other[1] != first[1] and not first[0].exists()


def test_a_worker_with_another_environment_makes_nothing_and_says_what_differs(tmp_path):
    root = make_root(tmp_path / "project")
    task, shipment, data = shipped_task(root, "iom", "overview", tmp_path)
    wanted = shipment.environment
    other = {**wanted, "python": "3.99.0", "library": "0" * 64,
             "packages": {**wanted["packages"], "weasyprint": "1.0", "papermill": "0.1"}}
    made = make_on_worker(task, dataclasses.replace(shipment, environment=other), data)
    assert not made.result.ok and made.result.environment and not made.outputs
    error = made.result.error
    assert error.startswith("iom/2017/overview failed (agency='iom', year=2017): the Dask worker process ")
    assert (f"runs another environment than the build (Python {wanted['python']}, not 3.99.0; another version of "
            "migration_briefs; ") in error
    assert f"papermill {wanted['packages']['papermill']}, not 0.1" in error
    assert error.endswith("install the same on every worker (`make setup` at the same commit, or the same image) "
                          "and build again")


def test_a_build_that_writes_word_documents_needs_the_workers_python_docx_to_be_its_own():
    assert "python-docx" not in environment()["packages"]
    assert environment(("cluster", "docx"))["packages"]["python-docx"] == version("python-docx")


def test_a_scheduler_that_cannot_be_reached_is_one_sentence(tmp_path, monkeypatch):
    from migration_briefs.pipeline import cluster
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    root = make_root(tmp_path / "project")
    with pytest.raises(BuildEnvironmentError) as raised:
        build(Filters(agency="iom", goal=5), root=root, scheduler="tcp://127.0.0.1:9")
    assert str(raised.value).startswith("the Dask scheduler at tcp://127.0.0.1:9: it cannot be reached (")
    assert str(raised.value).endswith("or build without --scheduler.")
    assert not (root / "build" / "iom").exists()
    with build_lock(root / "build", wait=0):
        pass


# --- on a LocalCluster -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster():
    import dask
    from distributed import LocalCluster
    # a task whose worker dies is tried once more, on another worker, then fails: quick to test
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local:
            yield local.scheduler_address


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Path:
    """The reference: a project built here with --jobs 2."""
    root = make_root(tmp_path_factory.mktemp("local"))
    report = build(jobs=2, root=root)
    assert report.built and not report.failed, [f.error for f in report.failed]
    return root


def project(tmp_path: Path, local: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(local, root, ignore=shutil.ignore_patterns("build"))
    return root


def kill_worker_in(root: Path, condition: str) -> None:
    """A cell of the goal brief that kills the process running its kernel (a Dask worker) when
    `condition` holds."""
    path = root / "notebooks" / "goal_brief.ipynb"
    nb = json.loads(path.read_text())
    cell = next(c for c in nb["cells"] if "".join(c["source"]) == "brief.target_sections()")
    cell["source"] = f"import os, signal, pathlib\nif {condition}:\n    os.kill(os.getppid(), signal.SIGKILL)\n" \
        + "".join(cell["source"])
    path.write_text(json.dumps(nb))


@pytest.mark.slow
def test_a_cluster_builds_the_briefs_of_a_local_build_byte_for_byte(cluster, local, tmp_path):
    root = project(tmp_path, local)
    report = build(root=root, scheduler=cluster)
    assert not report.failed, [f.error for f in report.failed]
    assert sorted(report.built) == sorted(read_manifest(local / "build")["briefs"])
    assert outputs(root / "build") == outputs(local / "build")  # the briefs, their tables, the index, the sources
    ours, theirs = read_manifest(root / "build"), read_manifest(local / "build")
    assert {r: (e["key"], e["outputs"], e["versions"]) for r, e in ours["briefs"].items()} == \
        {r: (e["key"], e["outputs"], e["versions"]) for r, e in theirs["briefs"].items()}
    assert build(root=root, scheduler=cluster).built == []  # recorded as a local build records


@pytest.mark.slow
def test_a_worker_that_dies_fails_its_brief_alone(cluster, local, tmp_path):
    root = project(tmp_path, local)
    kill_worker_in(root, 'str(goal) == "5" and year == 2017 and agency == "iom"')
    report = build(Filters(year=2017), root=root, scheduler=cluster)
    [failure] = report.failed
    assert failure.error.startswith("iom/2017/goal-5 failed (agency='iom', year=2017, goal='5'): the Dask workers "
                                    "making it died, each time it was tried")
    assert "iom/2017/goal-5" not in read_manifest(root / "build")["briefs"]
    assert not list((root / "build" / "iom" / "2017").glob("goal-5.*"))
    expected = {r for r in read_manifest(local / "build")["briefs"] if "/2017/" in r} - {"iom/2017/goal-5"}
    assert set(report.built) == expected == set(read_manifest(root / "build")["briefs"])
    # the pages and tables as a local build makes them (an executed notebook holds the cell that kills)
    briefs = {p: c for p, c in outputs(local / "build").items() if "/2017/" in p and "iom/2017/goal-5." not in p}
    assert {p: c for p, c in outputs(root / "build").items() if "/2017/" in p and not p.endswith(".ipynb")} == \
        {p: c for p, c in briefs.items() if not p.endswith(".ipynb")}
    assert {p for p in outputs(root / "build") if "/2017/" in p} == set(briefs)
    with build_lock(root / "build", wait=0):
        pass


@pytest.mark.slow
def test_a_worker_lost_once_has_its_brief_made_by_another(cluster, local, tmp_path):
    root = project(tmp_path, local)
    once = tmp_path / "killed-once"
    kill_worker_in(root, f'str(goal) == "5" and agency == "iom" and not pathlib.Path({str(once)!r}).exists() '
                         f'and not pathlib.Path({str(once)!r}).touch()')
    report = build(Filters(year=2017, agency="iom", goal=5), root=root, scheduler=cluster)
    assert once.exists() and report.built == ["iom/2017/goal-5"] and not report.failed
    assert outputs(root / "build")["iom/2017/goal-5.pdf"] == outputs(local / "build")["iom/2017/goal-5.pdf"]


@pytest.mark.slow
def test_ctrl_c_cancels_the_tasks_stops_the_briefs_being_made_and_nothing_lands_in_build_after(
        cluster, local, tmp_path):
    root = project(tmp_path, local)
    marks = tmp_path / "marks"
    marks.mkdir()
    for name in ("overview_brief.ipynb", "system_overview.ipynb"):  # every overview, one agency's or all's, is slow
        path = root / "notebooks" / name
        nb = json.loads(path.read_text())
        cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and "parameters" not in c["metadata"].get("tags", []))
        cell["source"] = (f"import os, pathlib, time\npathlib.Path({str(marks)!r}, f'started-{{os.getpid()}}').touch()\n"
                          f"time.sleep(8)\npathlib.Path({str(marks)!r}, f'finished-{{os.getpid()}}').touch()\n"
                          + "".join(cell["source"]))
        path.write_text(json.dumps(nb))
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)}
    process = subprocess.Popen([sys.executable, "-m", "migration_briefs.cli", "build", "--scheduler", cluster],
                               env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while not list(marks.glob("started-*")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(marks.glob("started-*")), process.communicate()
    os.killpg(process.pid, signal.SIGINT)
    started = time.monotonic()
    out, err = process.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert process.returncode == 130, err
    assert "build/: the build was interrupted (Ctrl-C)" in err and "Traceback" not in err, err
    with build_lock(root / "build", wait=0):
        pass
    recorded = set(read_manifest(root / "build")["briefs"])
    written = outputs(root / "build")
    time.sleep(9)  # an overview still running would have finished its cell meanwhile
    assert not list(marks.glob("finished-*"))  # its kernel was stopped
    assert outputs(root / "build") == written
    built = {p.relative_to(root / "build").as_posix()[:-len(".html")] for p in (root / "build").glob("*/*/*.html")}
    assert built == recorded and not any(r.endswith("/overview") for r in built)
    # the cluster goes on to serve the next build
    assert not build(Filters(agency="iom", goal=5), root=root, scheduler=cluster).failed


@pytest.mark.slow
def test_a_cluster_with_no_worker_yet_says_so_and_builds_once_one_joins(local, tmp_path):
    from distributed import LocalCluster
    root = project(tmp_path, local)
    said = []
    with LocalCluster(n_workers=0, threads_per_worker=1, processes=True, dashboard_address=":0") as empty:
        def log(line: str) -> None:
            said.append(line)
            if "has no worker yet" in line:
                empty.scale(1)

        report = build(Filters(agency="iom", year=2017, goal=5), root=root, scheduler=empty.scheduler_address,
                       log=log)
    assert said == [f"the Dask scheduler at {empty.scheduler_address} has no worker yet: the briefs wait for one "
                    "(`dask worker ADDRESS --nthreads 1`)"]
    assert report.built == ["iom/2017/goal-5"] and not report.failed


@pytest.mark.slow
def test_a_preview_on_a_cluster_is_a_local_previews_drafts_marked(cluster, drafted_paper, tmp_path):
    """`briefs build --drafts --scheduler`: the workers' kernels are told the briefs are built from drafts."""
    from migration_briefs.pipeline.preview import build_drafts
    from migration_briefs.sources.review import ContributionFile
    built = {}
    for where in ("here", "cluster"):
        root = tmp_path / where
        shutil.copytree(drafted_paper, root)
        shutil.copytree(Path(__file__).resolve().parent.parent / "notebooks", root / "notebooks")
        contribution = ContributionFile.open(root / "data" / "contributions" / "iom" / "2017.yaml", root)
        with contribution.change():
            contribution.set_meeting("organizer", "Population Division, UN DESA")
            contribution.set_meeting("place", "New York")
            contribution.confirm_meeting()
        report = build_drafts(Filters(agency="iom", year=2017), root=root,
                              scheduler=cluster if where == "cluster" else None)
        assert report.built == ["iom/2017/overview"] and not report.failed, [f.error for f in report.failed]
        built[where] = outputs(root / "preview")
    assert built["cluster"] == built["here"]
    assert b'<span class="draft-mark">Draft item, not confirmed:</span>' in built["cluster"]["iom/2017/overview.html"]
