"""The fixture projects the tests run on, never the user's data/.

A fixture project is a folder under tests/fixtures/projects/ that holds the data of a project:
its contributions, source texts, reference tables, publisher and notes on a meeting's papers
(README.md there says what each one is). `assemble` makes it a project root: the repository's
notebooks (with their words) and schema, which are the code's side of a project, the reference
tables of the un-women fixture, and the fixture's own data over them (a fixture may carry a table
of its own, such as agencies.yaml for invented agencies). Adding, changing or removing a paper in data/ (and the agency it adds to
data/reference/agencies.yaml) therefore changes no test: `make validate` and `make check` are what
check a user's data.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
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
    shutil.copytree(FIXTURE_PROJECTS / DEFAULT_PROJECT / "data" / "reference", root / "data" / "reference",
                    ignore=hidden)
    shutil.copytree(fixture / "data", root / "data", ignore=hidden, dirs_exist_ok=True)
    for folder in ("contributions", "sources", "reference"):
        (root / "data" / folder).mkdir(exist_ok=True)
    return root


_made: dict[str, Path] = {}


def project_root(name: str) -> Path:
    """The fixture project `name` made a project root once per test process, in a scratch folder
    removed when the process ends (every xdist worker makes its own)."""
    if name not in _made:
        if not _made:
            run = Path(tempfile.mkdtemp(prefix="migration-briefs-tests-"))
            atexit.register(shutil.rmtree, run, True)
            _made["."] = run
        _made[name] = assemble(name, _made["."] / name)
    return _made[name]


def drafted(project: Path, folder: Path, agency: str, year: int, name: str, markdown: str) -> tuple[dict, int]:
    """A paper written as Markdown into `folder`, imported into `project` as source `name` and
    drafted for `agency` and the meeting of `year`: the draft's data, and how many items it holds."""
    import yaml

    from migration_briefs.sources.draft import draft
    from migration_briefs.sources.write import import_source

    (folder / f"{name}.md").write_text(markdown, encoding="utf-8")
    import_source(folder / f"{name}.md", root=project)
    path, count = draft(agency, year, name, root=project)
    return yaml.safe_load(path.read_text(encoding="utf-8")), count
