"""The fixture projects the tests run on, never the user's data/.

A fixture project is a folder under tests/fixtures/projects/ that holds the data of a project:
its contributions, source texts, reference tables, publisher and notes on a meeting's papers
(README.md there says what each one is). `assemble` makes it a project root: the repository's
notebooks (with their words) and schema, which are the code's side of a project, beside the
fixture's own data. Adding, changing or removing a paper in data/ (and the agency it adds to
data/reference/agencies.yaml) therefore changes no test: `make validate` and `make check` are what
check a user's data.
"""
from __future__ import annotations

import shutil
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
FIXTURE_PROJECTS = REPOSITORY / "tests" / "fixtures" / "projects"
# What a project takes from the repository: the code's side of it, the same in every project.
FROM_REPOSITORY = ("notebooks", "data/schema")
DEFAULT_PROJECT = "un-women"


def assemble(name: str, root: Path) -> Path:
    """The fixture project `name` as a project root at `root` (a new folder), and return it."""
    fixture = FIXTURE_PROJECTS / name
    if not (fixture / "data").is_dir():
        raise FileNotFoundError(f"no fixture project {name!r} under {FIXTURE_PROJECTS.relative_to(REPOSITORY)}")
    hidden = shutil.ignore_patterns(".*", "__pycache__")
    for part in FROM_REPOSITORY:
        shutil.copytree(REPOSITORY / part, root / part, ignore=hidden)
    shutil.copytree(fixture / "data", root / "data", ignore=hidden, dirs_exist_ok=True)
    for folder in ("contributions", "sources", "reference"):
        (root / "data" / folder).mkdir(exist_ok=True)
    return root
