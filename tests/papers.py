"""The development corpus (tests/fixtures/papers/): agencies' papers in the shapes agencies send
them, each with its imported source text and the contribution file a person wrote from it.
Shared by tests/test_papers.py and bench/draft.py.

Each paper's folder, named <agency>-<meeting year>, holds `paper.md` (the canonical text), maybe
`paper.pdf` and `paper.docx` (made from it by make_documents.py), `source.yaml` (paper.md as
`briefs import-source --name <folder>` writes it) and `contribution.yaml` (the hand-written file,
citing source.yaml's ids as `sources/<folder>.yaml`)."""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from migration_briefs import paths

PAPERS_DIR = Path(__file__).parent / "fixtures" / "papers"
_FORMAT_CLAIM = re.compile(r"\b(pdf|docx) (=|≠) md\b")


@dataclass(frozen=True)
class Paper:
    name: str  # the folder's name, and the source text's name in data/sources/

    @property
    def folder(self) -> Path:
        return PAPERS_DIR / self.name

    @property
    def contribution(self) -> dict:
        return yaml.safe_load((self.folder / "contribution.yaml").read_text(encoding="utf-8"))

    @property
    def agency(self) -> str:
        return self.contribution["agency"]

    @property
    def year(self) -> int:
        return self.contribution["year"]

    def formats(self) -> list[str]:
        """The other formats the paper is kept in besides Markdown: 'pdf', 'docx'."""
        return [kind for kind in ("pdf", "docx") if (self.folder / f"paper.{kind}").exists()]


def papers() -> list[Paper]:
    return [Paper(folder.name) for folder in sorted(PAPERS_DIR.iterdir())
            if (folder / "contribution.yaml").exists()]


def format_claims() -> dict[tuple[str, str], bool]:
    """What tests/fixtures/papers/README.md says of each PDF and Word version: (paper, format) ->
    whether it imports to the same paragraphs as the Markdown ("pdf = md", "docx ≠ md")."""
    claims = {}
    for line in (PAPERS_DIR / "README.md").read_text(encoding="utf-8").splitlines():
        name = re.match(r"^\| `([a-z0-9-]+)` \|", line)
        if name:
            for kind, relation in _FORMAT_CLAIM.findall(line):
                claims[(name.group(1), kind)] = relation == "="
    return claims


def scratch_project(root: Path, with_contributions: bool = True, names: list[str] | None = None) -> Path:
    """A project at `root` with the repository's reference tables, schema and publisher, and the
    papers' source texts (and, with_contributions, their hand-written contribution files); no
    other data. Returns root."""
    data = root / "data"
    for folder in ("reference", "schema"):
        shutil.copytree(paths.DATA_DIR / folder, data / folder)
    shutil.copy(paths.DATA_DIR / "publisher.yaml", data / "publisher.yaml")
    (data / "sources").mkdir()
    (data / "contributions").mkdir()
    for paper in papers():
        if names is not None and paper.name not in names:
            continue
        shutil.copy(paper.folder / "source.yaml", data / "sources" / f"{paper.name}.yaml")
        if with_contributions:
            target = data / "contributions" / paper.agency / f"{paper.year}.yaml"
            target.parent.mkdir(exist_ok=True)
            shutil.copy(paper.folder / "contribution.yaml", target)
    return root
