"""`briefs watch` (`make watch`): a save under data/, notebooks/ or src/ builds again, with the same
options, in a new process; what cannot change a brief builds nothing; a failed build keeps the
previous outputs and the watch goes on. Driven one group of changes at a time, as watchfiles hands
them over: no sleeps, no waiting on the file system's notices."""
from __future__ import annotations

import sys

import pytest
import watchfiles
from watchfiles import Change

from migration_briefs.cli import main
from migration_briefs.pipeline import watch as watching
from migration_briefs.pipeline.watch import Watcher, build_command, relevant, run_build, watch
from tests.projects import assemble


@pytest.mark.parametrize("path, name", [
    ("data/contributions/un-women/2017.yaml", "data/contributions/un-women/2017.yaml"),
    ("notebooks/goal_brief.ipynb", "notebooks/goal_brief.ipynb"),
    ("notebooks/shared.yaml", "notebooks/shared.yaml"),
    ("src/migration_briefs/briefs/goal.py", "src/migration_briefs/briefs/goal.py"),
    ("notebooks/.ipynb_checkpoints/goal_brief-checkpoint.ipynb", None),  # JupyterLab's own
    ("data/contributions/un-women/.2017.yaml.swp", None),  # an editor's
    ("data/sources/.x.yaml.tmp-4242", None),  # a command's temporary file
    ("src/migration_briefs/__pycache__/cli.cpython-311.pyc", None),
    ("notebooks/goal_brief.yaml~", None),
    ("build/un-women/2016/goal-8.html", None), ("README.md", None), ("data", None),
    ("../elsewhere/data/x.yaml", None)])
def test_only_what_a_brief_can_read_counts_as_a_change(tmp_path, path, name):
    assert relevant(tmp_path, tmp_path / path) == name


class Builds:
    """Stands in for the build's process: records each command, answers with the codes given."""

    def __init__(self, *codes: int):
        self.codes, self.commands = list(codes), []

    def __call__(self, command: list[str]) -> int:
        self.commands.append(command)
        return self.codes.pop(0) if self.codes else 0


def test_a_save_builds_again_with_the_same_options_and_noise_builds_nothing(tmp_path):
    builds, lines = Builds(), []
    watcher = Watcher(tmp_path, ["--year", "2016", "--to", "html"], builds, lines.append)
    noise = {(Change.modified, str(tmp_path / "notebooks" / ".ipynb_checkpoints" / "x.ipynb")),
             (Change.added, str(tmp_path / "build" / "index.html"))}
    assert watcher.changed(noise) is None and not builds.commands and not lines
    saved = {(Change.modified, str(tmp_path / "data" / "contributions" / "un-women" / "2017.yaml")), *noise}
    assert watcher.changed(saved) == 0
    assert builds.commands == [[sys.executable, "-m", "migration_briefs.cli", "--project", str(tmp_path), "build",
                                "--year", "2016", "--to", "html"]]
    assert lines == ["watch: data/contributions/un-women/2017.yaml changed: building",
                     "watch: built; waiting for changes (Ctrl-C stops)"]


def test_a_failed_build_keeps_the_previous_outputs_and_the_watch_goes_on(tmp_path):
    builds, lines = Builds(0, 2, 1, 0), []
    save = {(Change.modified, str(tmp_path / "notebooks" / "goal_brief.yaml"))}
    many = {(Change.added, str(tmp_path / "data" / "sources" / f"s{n}.yaml")) for n in range(7)}
    watch(tmp_path, [], lines.append, changes=[save, {(Change.deleted, str(tmp_path / ".git" / "x"))}, many, save],
          run=builds)
    assert len(builds.commands) == 4  # at the start, then each group a brief can read
    assert "nothing was built, and every brief keeps its previous outputs" in lines[3]
    assert lines[4].startswith("watch: data/sources/s0.yaml, data/sources/s1.yaml") and "and 2 more changed" in lines[4]
    assert "a brief failed; the others are built, and it keeps its previous outputs" in lines[5]
    assert lines[-1] == "watch: built; waiting for changes (Ctrl-C stops)"


def test_the_watch_hands_watchfiles_the_folders_a_filter_and_its_grouping(tmp_path, monkeypatch):
    for folder in ("data", "notebooks", "src"):
        (tmp_path / folder).mkdir()
    seen = {}

    def fake(*paths, **options):
        seen.update(paths=paths, **options)
        return iter([])

    monkeypatch.setattr(watchfiles, "watch", fake)
    watch(tmp_path, [], lambda line: None, run=Builds())
    assert seen["paths"] == (tmp_path / "data", tmp_path / "notebooks", tmp_path / "src")
    assert (seen["debounce"], seen["step"], seen["raise_interrupt"]) == (watching.DEBOUNCE_MS, watching.QUIET_MS, False)
    keep = seen["watch_filter"]
    assert keep(Change.modified, str(tmp_path / "data" / "publisher.yaml"))
    assert not keep(Change.modified, str(tmp_path / "notebooks" / ".~goal_brief.ipynb"))
    assert not keep(Change.modified, str(tmp_path / "src" / "m" / "__pycache__" / "a.pyc"))


def test_briefs_watch_passes_its_options_to_each_build(project_paths, monkeypatch, capsys):
    given = {}
    monkeypatch.setattr(watching, "watch", lambda root, options: given.update(root=root, options=options))
    assert main(["watch", "--year", "2016", "--agency", "un-women", "--to", "html,docx", "--jobs", "2"]) == 0
    assert given["root"] == project_paths
    assert given["options"] == ["--year", "2016", "--agency", "un-women", "--to", "html,docx", "--jobs", "2",
                                "--cell-timeout", "120"]
    assert capsys.readouterr().out.endswith("watch: stopped\n")


@pytest.mark.slow
def test_saves_rebuild_the_brief_and_bad_data_keeps_it(tmp_path):
    """The real thing: each build a `briefs build` process on a fixture project, after each save."""
    root = assemble("un-women", tmp_path / "project")
    page = root / "build" / "un-women" / "2016" / "goal-8.html"
    words = root / "notebooks" / "goal_brief.yaml"
    contribution = root / "data" / "contributions" / "un-women" / "2017.yaml"
    good = contribution.read_text(encoding="utf-8")
    seen, lines = [], []

    def saves():
        seen.append(page.read_bytes())  # as the first build left it
        text = words.read_text(encoding="utf-8")
        start = text.index("title:")
        words.write_text(text[:start] + "title: >-\n  Watched: " + text[start + len("title:"):], encoding="utf-8")
        yield {(Change.modified, str(words))}
        seen.append(page.read_bytes())
        contribution.write_text(good + "\n  - this: [is not\n", encoding="utf-8")
        yield {(Change.modified, str(contribution))}
        seen.append(page.read_bytes())
        contribution.write_text(good, encoding="utf-8")
        yield {(Change.modified, str(contribution))}

    watch(root, ["--year", "2016", "--agency", "un-women", "--goal", "8", "--to", "html", "--jobs", "1"], lines.append,
          changes=saves(), run=run_build)
    assert b"Watched: " not in seen[0] and b"Watched: " in seen[1]  # the save rebuilt the brief
    assert seen[2] == seen[1]  # bad data: nothing built, the brief as it was
    assert "the data or a parameter is wrong" in lines[5] and lines[-1].startswith("watch: built")
    assert build_command(root, [])[:3] == [sys.executable, "-m", "migration_briefs.cli"]
