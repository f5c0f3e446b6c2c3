"""Shared fixtures. Every test runs on fixture projects (tests/projects.py), never on data/: the
default project of a test run is a scratch copy of the UN Women fixture project, set before the
package is imported, so that load(), the build and every kernel a test starts read it. Beside it:
a scratch project root holding its reference tables and source texts, into which a test writes
the contribution files it needs, and the synthetic corpus."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.projects import DEFAULT_PROJECT, project_root

os.environ["MIGRATION_BRIEFS_ROOT"] = str(project_root(DEFAULT_PROJECT))

from migration_briefs import paths  # noqa: E402  (after the default project is set)

paths.PROJECT = paths.Project.from_environment()

VALID_CONTRIBUTION = """\
agency: un-women
year: 2017
title: Contribution to the Fifteenth Coordination Meeting on International Migration
meeting:
  name: Fifteenth Coordination Meeting on International Migration
  short_name: 15th Coordination Meeting
  organizer: Population Division, UN DESA
  place: New York
  start: 2017-02-16
  end: 2017-02-17
  source: [p1]
source:
  text: sources/un-women_15th-coordination-meeting_2017.yaml
  original: UN Women, Contribution to the Fifteenth Coordination Meeting
sdg_statements:
  - year: 2016
    codes: ["5", "8.8", "10.7"]
    source: [p2]
items:
  - id: first-item
    year: 2016
    status: done
    title: Chaired the Global Migration Group
    summary: UN Women chaired the inter-agency group in 2016.
    kind: coordination
    sdg:
      analyst:
        - code: "10.7"
          reason: The GMG coordinates the UN system's work on migration policy.
    mechanisms: [GMG]
    countries:
      - {code: MEX, role: programme}
    events:
      - kind: briefing
        title: Briefing of the Committee
        date: 2016-08
        mechanism: CMW
        session: 25
        source: [p3]
    source: [p3]
  - id: second-item
    year: 2017
    status: planned
    title: Host a side event
    summary: A side event on the global compact.
    kind: advocacy
    sdg:
      analyst:
        - code: "5.2"
          reason: The side event concerns violence against women migrants.
    source: [p4]
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project root with the real reference tables and sources but no contributions."""
    data = tmp_path / "data"
    shutil.copytree(paths.REFERENCE_DIR, data / "reference")
    shutil.copytree(paths.SOURCES_DIR, data / "sources")
    shutil.copy(paths.DATA_DIR / "publisher.yaml", data / "publisher.yaml")
    (data / "contributions" / "un-women").mkdir(parents=True)
    return tmp_path


@pytest.fixture
def write_contribution(project: Path):
    """Write a contribution file (by default the valid one) and return the project root."""
    def write(text: str = VALID_CONTRIBUTION, agency: str = "un-women", name: str = "2017.yaml") -> Path:
        folder = project / "data" / "contributions" / agency
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
        return project
    return write


@pytest.fixture(scope="session")
def built_briefs(tmp_path_factory, worker_id):
    """Every brief the real data calls for, built once per test run into a scratch folder with
    two jobs: the briefs readers get, read back by the tests as a reader would. Under
    pytest-xdist every worker names the same folder: the first to take its build lock builds,
    the others wait for the lock and then find every brief up to date."""
    from migration_briefs.pipeline.run import build
    run_folder = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # each xdist worker has its own folder inside the run's
        run_folder = run_folder.parent
    build_dir = run_folder / "built-briefs"
    report = build(jobs=2, build_dir=build_dir)
    assert not report.failed, [f.error for f in report.failed]
    assert len(report.built) + len(report.up_to_date) > 0
    return build_dir


@pytest.fixture(scope="module")
def reader_for():
    """The drafter's reader of a paper by an agency: `reader_for(agency)` is one reader per agency for
    the test module, `reader_for(agency, fresh=True)` a new one, for a test that teaches it a paper's
    names or acronyms, or whose reading remembers what it read (a shared reader would carry them into
    the module's other tests)."""
    from migration_briefs.model.reference import load_drafting, load_reference
    from migration_briefs.sources.mentions import Reader

    reference = load_reference()
    drafting = load_drafting(reference)
    readers: dict[str, Reader] = {}

    def reader_for(agency: str, *, fresh: bool = False) -> Reader:
        if fresh:
            return Reader(reference, drafting, agency)
        if agency not in readers:
            readers[agency] = Reader(reference, drafting, agency)
        return readers[agency]

    return reader_for


@pytest.fixture(scope="session")
def synthetic_project(tmp_path_factory) -> Path:
    """The root of a scratch project holding a synthetic corpus (bench/corpus.py): 5 invented
    agencies' papers to 2 meetings (2017 and 2018), seed 0, no real contribution. Read it with
    load(root), build it with build(root=root); the session shares it, so copy it before changing it."""
    from bench.corpus import write_corpus  # from the default project: the fixture's reference tables and publisher
    return write_corpus(tmp_path_factory.mktemp("synthetic") / "project", agencies=5, meetings=2, seed=0)


@pytest.fixture(scope="session")
def drafted_paper(tmp_path_factory) -> Path:
    """A project holding the IOM paper of the development corpus (a title page, a table of events,
    a draft meeting block) as `briefs draft` drafts it, for the review's tests: drafted once per
    session, so copy it before changing it."""
    from migration_briefs.sources.draft import draft
    from tests.papers import PAPERS_DIR
    root = tmp_path_factory.mktemp("drafted")
    data = root / "data"
    shutil.copytree(paths.REFERENCE_DIR, data / "reference")
    shutil.copy(paths.DATA_DIR / "publisher.yaml", data / "publisher.yaml")
    (data / "sources").mkdir()
    shutil.copy(PAPERS_DIR / "iom-2017" / "source.yaml", data / "sources" / "iom-2017.yaml")
    draft("iom", 2017, "iom-2017", root=root)
    return root


@pytest.fixture
def project_paths(project: Path, monkeypatch) -> Path:
    """The scratch project as the default project, for code that uses it (the CLI)."""
    monkeypatch.setattr(paths, "PROJECT", paths.Project(project))
    return project


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true", default=False,
                     help="rewrite tests/snapshots/ from the briefs as built now (review the diff, then commit; "
                          "`make snapshots` does both)")


@pytest.fixture(scope="session")
def update_snapshots(request) -> bool:
    return request.config.getoption("--update-snapshots")
