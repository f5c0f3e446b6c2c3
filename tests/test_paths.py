"""The project's root has one owner, paths.Project: the folders, the default project and the
one place MIGRATION_BRIEFS_ROOT is read."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from migration_briefs import paths
from migration_briefs.cli import main
from migration_briefs.errors import ProjectNotFoundError
from migration_briefs.paths import Project
from tests.projects import DEFAULT_PROJECT, project_root


def test_a_project_names_its_folders_and_shows_paths_relative_to_its_root(tmp_path):
    project = Project(tmp_path / "a" / ".." / "checkout")
    assert project.root == (tmp_path / "checkout").resolve()
    assert project.reference_dir == project.root / "data" / "reference"
    assert project.contribution_schema == project.root / "data" / "schema" / "contribution.schema.json"
    assert project.relative(project.sources_dir / "x.yaml") == "data/sources/x.yaml"
    assert project.relative(Path("/elsewhere/x")) == "/elsewhere/x"
    assert Project.at(project) is project and Project.at(None) is paths.PROJECT
    assert Project.at(str(tmp_path / "checkout")) == project


def test_the_folders_by_their_old_names_follow_the_default_project(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "PROJECT", Project(tmp_path))
    assert (paths.ROOT, paths.DATA_DIR, paths.NOTEBOOKS_DIR) == (tmp_path, tmp_path / "data", tmp_path / "notebooks")
    assert paths.relative_to_root(tmp_path / "build" / "index.html") == "build/index.html"


def test_the_default_project_comes_from_the_environment(tmp_path):
    code = "from migration_briefs import paths; print(paths.PROJECT.root, paths.DATA_DIR)"
    env = {**os.environ, paths.ROOT_VARIABLE: str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == [str(tmp_path.resolve()), str(tmp_path.resolve() / "data")]


def test_the_environment_variable_is_read_in_paths_only():
    package = Path(paths.__file__).parent
    readers = sorted(path.relative_to(package).as_posix() for path in package.rglob("*.py")
                     if '"MIGRATION_BRIEFS_ROOT"' in path.read_text(encoding="utf-8"))
    assert readers == ["paths.py"]


def _project(folder: Path) -> Path:
    (folder / "data").mkdir(parents=True)
    (folder / "notebooks").mkdir()
    return folder


def test_the_project_is_found_as_git_finds_a_repository(tmp_path):
    """The working folder or the nearest folder above it that holds both data/ and notebooks/."""
    outer = _project(tmp_path / "outer")
    inner = _project(outer / "notebooks" / "inner")  # a nested copy is the nearest, so it wins
    (inner / "notebooks" / "deep").mkdir()
    half = outer / "work"
    (half / "data").mkdir(parents=True)  # data/ alone is no project: the search goes on up
    assert paths.find_project(outer).root == outer.resolve()
    assert paths.find_project(half / "data").root == outer.resolve()
    assert paths.find_project(inner / "notebooks" / "deep").root == inner.resolve()
    assert paths.find_project(str(outer / "data")).root == outer.resolve()


def test_no_project_says_where_it_looked(tmp_path):
    start = tmp_path / "empty" / "folder"
    start.mkdir(parents=True)
    (tmp_path / "empty" / "data").mkdir()
    with pytest.raises(ProjectNotFoundError) as caught:
        paths.find_project(start)
    error = caught.value
    assert error.given is None and error.start == start.resolve()
    assert error.looked == [start.resolve(), *start.resolve().parents] and error.looked[-1] == Path("/")
    assert error.where == str(start.resolve())
    assert str(error).startswith(f"No migration briefs project found: neither {start.resolve()} nor any folder "
                                 "above it holds both data/ and notebooks/;")
    assert "--project DIR" in error.hint and str(error).count(". ") == 0


def test_use_project_names_the_project_for_this_process_and_those_it_starts(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "PROJECT", paths.PROJECT)  # restored after the test
    monkeypatch.setenv(paths.ROOT_VARIABLE, "restored after the test")
    project = paths.use_project(_project(tmp_path / "p"))
    assert paths.PROJECT is project and Project.at(None) is project and paths.DATA_DIR == project.data_dir
    assert os.environ[paths.ROOT_VARIABLE] == str(project.root)
    (tmp_path / "q" / "data").mkdir(parents=True)
    with pytest.raises(ProjectNotFoundError) as caught:
        paths.use_project(tmp_path / "q")
    assert caught.value.given == "--project" and caught.value.missing == ["notebooks"]
    assert str(caught.value) == (f"--project {tmp_path / 'q'}: {tmp_path / 'q'} has no notebooks/, so it is not a "
                                 "checkout of migration briefs; name the folder that holds data/ and notebooks/.")
    assert paths.PROJECT is project, "a refused folder changes nothing"


def test_the_default_project_is_the_environments_or_else_found_from_the_working_folder(tmp_path):
    project = _project(tmp_path / "checkout")
    (project / "notebooks" / "sub").mkdir()
    code = "from migration_briefs import paths; print(paths.ROOT)"
    env = {key: value for key, value in os.environ.items() if key != paths.ROOT_VARIABLE}
    found = subprocess.run([sys.executable, "-c", code], env=env, cwd=project / "notebooks" / "sub",
                           capture_output=True, text=True, check=True)
    assert found.stdout.strip() == str(project.resolve())
    elsewhere = _project(tmp_path / "elsewhere")
    named = subprocess.run([sys.executable, "-c", code], env={**env, paths.ROOT_VARIABLE: str(elsewhere)},
                           cwd=project, capture_output=True, text=True, check=True)
    assert named.stdout.strip() == str(elsewhere.resolve()), "the variable wins over the working folder"
    importing = subprocess.run([sys.executable, "-c", "import migration_briefs.paths, migration_briefs.cli"], env=env,
                               cwd=tmp_path, capture_output=True, text=True)
    assert importing.returncode == 0, "no project is needed to import the package"


def test_a_variable_that_names_no_folder_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "PROJECT", None)
    monkeypatch.setenv(paths.ROOT_VARIABLE, str(tmp_path / "typo"))
    with pytest.raises(ProjectNotFoundError) as caught:
        paths.default_project()
    assert caught.value.given == paths.ROOT_VARIABLE
    assert str(caught.value) == (f"{paths.ROOT_VARIABLE} {tmp_path / 'typo'}: {tmp_path / 'typo'} is not a folder; "
                                 "name the folder that holds data/ and notebooks/.")


@pytest.fixture
def no_default_project(tmp_path, monkeypatch):
    """A process with no project chosen yet, working in an empty folder; restored after the test."""
    monkeypatch.setattr(paths, "PROJECT", None)
    monkeypatch.setenv(paths.ROOT_VARIABLE, "restored after the test")
    monkeypatch.delenv(paths.ROOT_VARIABLE)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.mark.parametrize("command", [["validate"], ["list"], ["build", "--year", "2016"], ["check-links"],
                                     ["schema"], ["coverage"], ["suggest-targets", "-"],
                                     ["confirm", "data/contributions/x/2017.yaml", "a"]])
def test_briefs_outside_a_project_says_where_it_looked(no_default_project, capsys, command):
    assert main(command) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == (
        f"No migration briefs project found: neither {no_default_project.resolve()} nor any folder above it holds "
        "both data/ and notebooks/; run the command inside a checkout of migration briefs, or name its folder "
        "with --project DIR (before the command) or MIGRATION_BRIEFS_ROOT=DIR.\n")


@pytest.mark.parametrize("command, code, says", [
    (["validate"], 0, "Data OK: "), (["list", "--year", "2016"], 0, "un-women/2016/overview "),
    (["coverage"], 0, "data/contributions/"), (["schema"], 0, "wrote "), (["check-links"], 2, "build/ does not exist yet")])
def test_briefs_project_names_the_project_for_every_command(no_default_project, tmp_path, capsys, command, code,
                                                            says):
    fixture = project_root(DEFAULT_PROJECT)  # the tests' data, never data/ (tests/projects.py)
    copy = tmp_path / "copy"
    for folder in paths.PROJECT_FOLDERS:
        shutil.copytree(fixture / folder, copy / folder)
    assert main(["--project", str(copy), *command]) == code
    out, err = capsys.readouterr()
    assert (out + err).startswith(says), out + err
    assert paths.PROJECT.root == copy.resolve() and os.environ[paths.ROOT_VARIABLE] == str(copy.resolve())


def test_briefs_project_refuses_a_folder_that_is_no_project(no_default_project, capsys):
    assert main(["--project", str(no_default_project), "validate"]) == 2
    assert capsys.readouterr().err == (f"--project {no_default_project}: {no_default_project} has no data/ and "
                                       "notebooks/, so it is not a checkout of migration briefs; name the folder "
                                       "that holds data/ and notebooks/.\n")
