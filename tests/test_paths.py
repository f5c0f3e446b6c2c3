"""The project's root has one owner, paths.Project: the folders, the default project and the
one place MIGRATION_BRIEFS_ROOT is read."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from migration_briefs import paths
from migration_briefs.paths import Project


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
