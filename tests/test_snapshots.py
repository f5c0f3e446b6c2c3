"""The words of every brief of the fixture projects (tests/fixtures/projects/: the UN Women data,
and small invented papers that tie items to SDGs themselves, over two meetings, with no country),
as a reader meets them, against a reviewed text file per brief in tests/snapshots/. Rewording a
brief is an edit of its notebook or its words plus an accepted snapshot:

    make snapshots                   # rewrites tests/snapshots/ and shows the diff
    git diff tests/snapshots/        # read what changed, then commit it with the edit

No sentence of a brief is pinned in test code."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from migration_briefs import load, paths
from migration_briefs.model.params import brief_kinds, plan
from tests.projects import DEFAULT_PROJECT, REPOSITORY, project_root

SNAPSHOTS = Path(__file__).parent / "snapshots"
# each fixture project's briefs; the default project's snapshots keep the names they have always had
PROJECTS = {name: project_root(name) for name in (DEFAULT_PROJECT, "stated-ties")}
SPECS = [(project, spec) for project, root in PROJECTS.items()
         for spec in plan(load(root), brief_kinds(root / "notebooks"))]
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "tr", "caption", "figcaption", "dt", "dd"}


class ReaderText(HTMLParser):
    """A page's visible text, one block (paragraph, list item, heading, table row) a line, headings
    marked with '#' as in Markdown, list items with '-'; cells of a row joined with ' | '."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0

    def flush(self):
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "head"):
            self.skip += 1
        if tag in BLOCKS:
            self.flush()
            if re.fullmatch(r"h[1-4]", tag):
                self.current.append("#" * int(tag[1]) + " ")
            elif tag == "li":
                self.current.append("- ")
        if tag in ("td", "th") and self.current:
            self.current.append(" | ")

    def handle_endtag(self, tag):
        if tag in ("style", "script", "head"):
            self.skip -= 1
        if tag in BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)


def reader_text(html: str) -> str:
    parser = ReaderText()
    parser.feed(html)
    parser.flush()
    return "\n".join(parser.lines) + "\n"


def snapshot_of(relpath: str, project: str = DEFAULT_PROJECT) -> Path:
    prefix = "" if project == DEFAULT_PROJECT else f"{project}_"
    return SNAPSHOTS / f"{prefix}{relpath.replace('/', '_')}.txt"


@pytest.fixture(scope="session")
def built_projects(built_briefs, tmp_path_factory) -> dict[str, Path]:
    """The build folder of each fixture project: the default project's is `built_briefs`."""
    from migration_briefs.pipeline.run import build
    found = {DEFAULT_PROJECT: built_briefs}
    for project, root in PROJECTS.items():
        if project != DEFAULT_PROJECT:
            build_dir = tmp_path_factory.mktemp(f"built-{project}")
            report = build(jobs=2, root=root, build_dir=build_dir, formats=("html",), log=lambda *a, **k: None)
            assert not report.failed, [f.error for f in report.failed]
            found[project] = build_dir
    return found


@pytest.mark.snapshot
@pytest.mark.parametrize("project, spec", SPECS, ids=lambda s: s if isinstance(s, str) else s.relpath)
def test_a_brief_reads_as_its_reviewed_snapshot(built_projects, project, spec, update_snapshots):
    text = reader_text((built_projects[project] / f"{spec.relpath}.html").read_text(encoding="utf-8"))
    snapshot = snapshot_of(spec.relpath, project)
    if update_snapshots:
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
        return
    assert snapshot.is_file(), f"no snapshot for {spec.relpath}: run pytest with --update-snapshots and review it"
    expected = snapshot.read_text(encoding="utf-8").splitlines()
    changed = [(i + 1, want, got) for i, (want, got) in enumerate(zip(expected, text.splitlines())) if want != got]
    assert text == snapshot.read_text(encoding="utf-8"), (
        f"{spec.relpath} no longer reads as {snapshot.relative_to(REPOSITORY)}; first change at line "
        f"{changed[0][0] if changed else min(len(expected), len(text.splitlines())) + 1}: "
        f"{changed[0][1:] if changed else 'lines added or removed'}. If the new wording is right, run pytest "
        "with --update-snapshots and commit the reviewed snapshot")


@pytest.mark.snapshot
def test_every_snapshot_is_of_a_brief_the_data_calls_for(update_snapshots):
    wanted = {snapshot_of(spec.relpath, project) for project, spec in SPECS}
    # other tests make the briefs of hand-run_ and synthetic_ snapshots (tests/test_system_briefs.py);
    # shapes.txt holds the sentences of the shapes of data (tests/test_shapes.py), charts.txt the charts'
    # words (tests/test_charts.py)
    stale = sorted(p for p in SNAPSHOTS.glob("*.txt") if p not in wanted
                   and not p.name.startswith(("hand-run_", "synthetic_", "shapes", "charts")))
    if update_snapshots:
        for path in stale:
            path.unlink()
        return
    assert not stale, f"snapshots of briefs no longer built: {[p.name for p in stale]}; run --update-snapshots"


def test_reader_text_keeps_blocks_apart():
    html = ("<html><head><title>T</title></head><body><h1>Title</h1><p>One <a href='#x'>link</a>.</p>"
            "<ul><li>First</li><li>Second</li></ul><table><tr><th>A</th><td>1</td></tr></table></body></html>")
    assert reader_text(html) == "# Title\nOne link.\n- First\n- Second\nA | 1\n"


@pytest.mark.snapshot
def test_a_brief_run_by_hand_for_an_empty_combination_says_so(tmp_path, update_snapshots):
    """Goal 3 has no item and is not named: a notebook run by hand still gives a short brief that
    says so, and leaves out the sections with nothing to show (its words: the snapshot's)."""
    import nbformat
    import papermill

    from migration_briefs.render.exporters import export_html
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(paths.NOTEBOOKS_DIR / "goal_brief.ipynb"), str(output),
                               parameters={"goal": 3, "year": 2016, "agency": "un-women"},
                               kernel_name="python3", progress_bar=False, cwd=str(paths.NOTEBOOKS_DIR))
    text = reader_text(export_html(nbformat.read(output, as_version=4)))
    assert "## Key messages" not in text, "a section with nothing to show is left out"
    snapshot = SNAPSHOTS / "hand-run_un-women_2016_goal-3.txt"
    if update_snapshots:
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8"), "run pytest with --update-snapshots and review the diff"
