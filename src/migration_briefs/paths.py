"""Where things live: the project's folders, and the names of files the build writes.

The project root can be moved with MIGRATION_BRIEFS_ROOT (tests build into temporary
copies); by default it is the checkout that holds this package.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("MIGRATION_BRIEFS_ROOT", PACKAGE_DIR.parent.parent)).resolve()

DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SOURCES_DIR = DATA_DIR / "sources"
CONTRIBUTIONS_DIR = DATA_DIR / "contributions"
SCHEMA_DIR = DATA_DIR / "schema"
CONTRIBUTION_SCHEMA = SCHEMA_DIR / "contribution.schema.json"

NOTEBOOKS_DIR = ROOT / "notebooks"
BUILD_DIR = ROOT / "build"
TEMPLATES_DIR = PACKAGE_DIR / "templates"

# The tables behind every brief, written beside it as <brief>.<table>.csv.
DATA_TABLES = ("items", "sdg-links", "events")


def relative_to_root(path: Path, root: Path | None = None) -> str:
    """A path as people should see it in messages and outputs: relative, never absolute."""
    path = Path(path).resolve()
    try:
        return path.relative_to(Path(root).resolve() if root else ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def source_page(source_text: str) -> str:
    """The built page of a source text, relative to build/: 'sources/<name>.html'."""
    return f"sources/{Path(source_text).stem}.html"
