"""Where things live: the project's folders, and the names of files the build writes.

A `Project` is a checkout's root with its folders; every function that reads or writes the
project's files gets one (or a root it turns into one with `Project.at`). The default project is
found the way git finds its repository: the working folder, or the nearest folder above it, that
holds both data/ and notebooks/ (so a kernel whose notebook lies in notebooks/ finds it too).
`briefs --project DIR` names it instead (`use_project`), as does the variable
MIGRATION_BRIEFS_ROOT (tests build into temporary copies; the build passes it to its workers and
kernels); that variable is read here only. The default is looked for when it is first needed,
never at import, so that a command that needs no project works anywhere.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ROOT_VARIABLE = "MIGRATION_BRIEFS_ROOT"
# A folder holding both is a project (a checkout of migration briefs, or a copy of its data and notebooks).
PROJECT_FOLDERS = ("data", "notebooks")

# The tables behind every brief, written beside it as <brief>.<table>.csv.
DATA_TABLES = ("items", "sdg-links", "events")


@dataclass(frozen=True)
class Project:
    """A checkout's root and its folders."""

    root: Path

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root).resolve())

    @classmethod
    def from_environment(cls) -> "Project":
        """The folder MIGRATION_BRIEFS_ROOT names, or else the project `find_project` finds from
        the working folder."""
        named = os.environ.get(ROOT_VARIABLE)
        if not named:
            return find_project()
        if not Path(named).is_dir():
            from migration_briefs.errors import ProjectNotFoundError
            raise ProjectNotFoundError(Path(named), given=ROOT_VARIABLE)
        return cls(named)

    @classmethod
    def at(cls, root: "Path | str | Project | None" = None) -> "Project":
        """The project at `root`; the default project when None."""
        if isinstance(root, Project):
            return root
        return default_project() if root is None else cls(Path(root))

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def reference_dir(self) -> Path:
        return self.data_dir / "reference"

    @property
    def sources_dir(self) -> Path:
        return self.data_dir / "sources"

    @property
    def contributions_dir(self) -> Path:
        return self.data_dir / "contributions"

    @property
    def schema_dir(self) -> Path:
        return self.data_dir / "schema"

    @property
    def contribution_schema(self) -> Path:
        return self.schema_dir / "contribution.schema.json"

    @property
    def notebooks_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def relative(self, path: Path) -> str:
        """A path as people should see it in messages and outputs: relative, never absolute. A
        path in the project that is a link is named as it stands there, not by where it leads."""
        absolute = Path(os.path.abspath(path))
        for candidate in (absolute, absolute.resolve()):
            if candidate.is_relative_to(self.root):
                return candidate.relative_to(self.root).as_posix()
        return absolute.resolve().as_posix()


def _missing(folder: Path) -> list[str]:
    return [name for name in PROJECT_FOLDERS if not (folder / name).is_dir()]


def find_project(start: "Path | str | None" = None) -> Project:
    """The project that holds `start` (the working folder by default), as git finds the repository
    that holds a folder: `start` itself or the nearest folder above it that holds both data/ and
    notebooks/. Raises ProjectNotFoundError, naming where it looked, when none does."""
    from migration_briefs.errors import ProjectNotFoundError
    try:
        folder = Path(start if start is not None else os.getcwd()).resolve()
    except FileNotFoundError:  # the working folder was removed under this process
        raise ProjectNotFoundError(Path(os.environ.get("PWD") or "."), given="the working folder") from None
    looked = [folder, *folder.parents]
    for candidate in looked:
        if not _missing(candidate):
            return Project(candidate)
    raise ProjectNotFoundError(folder, looked)


def use_project(root: "Path | str") -> Project:
    """Make the project at `root` the default one, for this process and the processes it starts
    (build workers, kernels): what `briefs --project DIR` does. The folder must hold data/ and
    notebooks/ (ProjectNotFoundError names what it lacks)."""
    global PROJECT
    from migration_briefs.errors import ProjectNotFoundError
    folder = Path(root).expanduser()
    missing = _missing(folder)
    if missing:
        raise ProjectNotFoundError(folder, given="--project", missing=missing)
    PROJECT = Project(folder)
    os.environ[ROOT_VARIABLE] = str(PROJECT.root)
    return PROJECT


def default_project() -> Project:
    """The project commands and notebooks work on when given none: the one `use_project` chose,
    or else MIGRATION_BRIEFS_ROOT's, or else the one found from the working folder; looked for
    once, when first needed."""
    global PROJECT
    project = globals().get("PROJECT")
    if project is None:
        project = PROJECT = Project.from_environment()
    return project


# The default project's folders by the names notebooks and older code use (read from PROJECT,
# so replacing PROJECT moves them all).
_FOLDERS = {"ROOT": "root", "DATA_DIR": "data_dir", "REFERENCE_DIR": "reference_dir", "SOURCES_DIR": "sources_dir",
            "CONTRIBUTIONS_DIR": "contributions_dir", "SCHEMA_DIR": "schema_dir",
            "CONTRIBUTION_SCHEMA": "contribution_schema", "NOTEBOOKS_DIR": "notebooks_dir", "BUILD_DIR": "build_dir"}


def __getattr__(name: str) -> "Path | Project":
    """PROJECT, the default project, and its folders by their old names, found when first asked for."""
    if name == "PROJECT":
        return default_project()
    if name in _FOLDERS:
        return getattr(default_project(), _FOLDERS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def relative_to_root(path: Path, root: "Path | Project | None" = None) -> str:
    """A path relative to the project at `root` (the default project when None)."""
    return Project.at(root).relative(path)


def source_page(source_text: str) -> str:
    """The built page of a source text, relative to build/: 'sources/<name>.html'."""
    return f"sources/{Path(source_text).stem}.html"
