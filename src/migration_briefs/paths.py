"""Where things live: the project's folders, and the names of files the build writes.

A `Project` is a checkout's root with its folders; every function that reads or writes the
project's files gets one (or a root it turns into one with `Project.at`). The default project
is the checkout that holds this package, or the folder MIGRATION_BRIEFS_ROOT names (tests build
into temporary copies; the build passes it to its kernels); that variable is read here only.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ROOT_VARIABLE = "MIGRATION_BRIEFS_ROOT"

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
        return cls(os.environ.get(ROOT_VARIABLE) or PACKAGE_DIR.parent.parent)

    @classmethod
    def at(cls, root: "Path | str | Project | None" = None) -> "Project":
        """The project at `root`; the default project when None."""
        if isinstance(root, Project):
            return root
        return PROJECT if root is None else cls(Path(root))

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


PROJECT = Project.from_environment()

# The default project's folders by the names notebooks and older code use (read from PROJECT,
# so replacing PROJECT moves them all).
_FOLDERS = {"ROOT": "root", "DATA_DIR": "data_dir", "REFERENCE_DIR": "reference_dir", "SOURCES_DIR": "sources_dir",
            "CONTRIBUTIONS_DIR": "contributions_dir", "SCHEMA_DIR": "schema_dir",
            "CONTRIBUTION_SCHEMA": "contribution_schema", "NOTEBOOKS_DIR": "notebooks_dir", "BUILD_DIR": "build_dir"}


def __getattr__(name: str) -> Path:
    if name in _FOLDERS:
        return getattr(PROJECT, _FOLDERS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def relative_to_root(path: Path, root: "Path | Project | None" = None) -> str:
    """A path relative to the project at `root` (the default project when None)."""
    return Project.at(root).relative(path)


def source_page(source_text: str) -> str:
    """The built page of a source text, relative to build/: 'sources/<name>.html'."""
    return f"sources/{Path(source_text).stem}.html"
