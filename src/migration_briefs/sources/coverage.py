"""Which paragraphs of each source text no contribution cites yet.

A contribution cites paragraphs in lists named `source` wherever they sit (an item, an event, a
product, the meeting block, an SDG statement, or any field the data model gains later), so the
citations are found by walking the parsed file, not by listing today's fields. The files are
read as YAML, not validated, so that a contribution still being written can be checked.
Headings are not counted: they frame the paragraphs under them but report nothing to cite.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from migration_briefs import paths
from migration_briefs.model.loader import contribution_files, source_text_path
from migration_briefs.model.models import Paragraph, SourceText
from migration_briefs.model.yaml_source import YAMLProblem, read_yaml
from migration_briefs.paths import Project


def first_words(text: str, count: int = 10) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def _label(key: str, index: int, element: Any) -> str:
    if isinstance(element, dict) and isinstance(element.get("id"), str):
        return f"{key}[{element['id']}]"
    return f"{key}[{index}]"


# The contribution's fields that hold paragraph ids: what an item rests on, and the paper's own
# disclaimer (tests/test_coverage.py checks this against the data model).
CITING_FIELDS = frozenset({"source", "disclaimer"})


def citations(data: Any) -> dict[str, list[str]]:
    """paragraph id -> where the contribution cites it ('meeting', 'items[gmg-chair].events[2]',
    'disclaimer')."""
    found: dict[str, list[str]] = {}

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                here = f"{where}.{key}" if where else str(key)
                if key in CITING_FIELDS and isinstance(value, list) and all(isinstance(v, str | int) for v in value):
                    place = (where or "(top level)") if key == "source" else here
                    for pid in value:
                        places = found.setdefault(str(pid), [])
                        if place not in places:
                            places.append(place)
                elif isinstance(value, list):
                    for i, element in enumerate(value):
                        walk(element, f"{where}.{_label(key, i, element)}" if where else _label(key, i, element))
                else:
                    walk(value, here)
        elif isinstance(node, list):
            for i, element in enumerate(node):
                walk(element, f"{where}[{i}]")

    walk(data, "")
    return found


def citations_of_source(source_text: str, root: Path | None = None) -> dict[str, list[str]]:
    """paragraph id -> 'data/contributions/<agency>/<year>.yaml items[x]' for every contribution
    whose source.text is `source_text` ('sources/<name>.yaml')."""
    found: dict[str, list[str]] = {}
    data_dir = Project.at(root).data_dir
    wanted = source_text_path(data_dir, source_text)
    for path in contribution_files(root):
        try:
            data = read_yaml(path, root).data
        except YAMLProblem:
            continue
        # the same file however a contribution writes its path (relative, absolute, with '..'),
        # as the loader resolves it
        if not isinstance(data, dict) or not isinstance(data.get("source"), dict) \
                or source_text_path(data_dir, str(data["source"].get("text"))) != wanted:
            continue
        shown = paths.relative_to_root(path, root)
        for pid, places in citations(data).items():
            found.setdefault(pid, []).append(f"{shown} {', '.join(places)}")
    return found


@dataclass
class ContributionCoverage:
    contribution: str  # data/contributions/<agency>/<year>.yaml, relative to the root
    source: str  # the source text as the contribution names it (sources/<name>.yaml)
    total: int = 0
    uncited: list[Paragraph] = field(default_factory=list)
    problem: str = ""  # why coverage could not be worked out

    @property
    def key(self) -> str:
        return "/".join(Path(self.contribution).with_suffix("").parts[-2:])


@dataclass
class CoverageReport:
    contributions: list[ContributionCoverage]
    orphans: list[str]  # source texts no contribution names
    filtered: bool = False  # narrowed to an agency or a meeting

    def summary(self) -> str:
        """One line for `briefs validate`."""
        total = sum(c.total for c in self.contributions)
        uncited = [(c.key, len(c.uncited)) for c in self.contributions if c.uncited]
        unreadable = [c.key for c in self.contributions if c.problem]
        parts = []
        if uncited:
            missing = sum(n for _, n in uncited)
            parts.append(f"{missing} of {total} paragraphs (headings aside) are cited by nothing "
                         f"({', '.join(f'{key}: {n}' for key, n in uncited)})")
        else:
            parts.append(f"every one of the {total} paragraphs of the source texts (headings aside) is cited")
        if unreadable:
            parts.append(f"not worked out for {', '.join(unreadable)}")
        if self.orphans:
            parts.append(f"{len(self.orphans)} source text{'s' if len(self.orphans) > 1 else ''} "
                         f"no contribution uses ({', '.join(self.orphans)})")
        line = "Coverage: " + "; ".join(parts) + "."
        if uncited or self.orphans or unreadable:
            line += "\n  hint: run `make coverage` (or `briefs coverage`) to see what is left."
        return line

    def details(self) -> str:
        """Per contribution, the paragraphs nothing cites, with their first words."""
        out = []
        for c in self.contributions:
            if c.problem:
                out.append(f"{c.contribution}: {c.problem}")
                continue
            if not c.uncited:
                out.append(f"{c.contribution}: cites all {c.total} paragraphs of {c.source} (headings aside).")
                continue
            out.append(f"{c.contribution}: {len(c.uncited)} of {c.total} paragraphs (headings aside) of {c.source} "
                       "are cited nowhere in it yet:")
            section = None
            for paragraph in c.uncited:
                if paragraph.section != section:
                    section = paragraph.section
                    out.append(f"  {section}")
                out.append(f"    {paragraph.id:<5} {paragraph.kind:<12} {first_words(paragraph.text)}")
        for orphan in self.orphans:
            out.append(f"data/{orphan}: no contribution uses it yet; start one with "
                       f"`briefs draft --source {Path(orphan).stem} --agency AGENCY --meeting YEAR`.")
        if not out:
            out.append("No contribution file matches." if self.filtered else
                       "No contribution files yet: draft one with `briefs draft`.")
        return "\n".join(out)


def _source(path: Path, root: Path | None) -> tuple[SourceText | None, str]:
    try:
        doc = read_yaml(path, root)
        return SourceText.model_validate(doc.data), ""
    except YAMLProblem as exc:
        return None, str(exc.problem)
    except ValidationError:
        return None, f"{paths.relative_to_root(path, root)} is not a valid source text; run `make validate`"


def coverage(root: Path | None = None, agency: str | None = None, meeting: str | None = None) -> CoverageReport:
    """The paragraphs each contribution file (of `agency`, to the meeting of year `meeting`) cites
    nowhere yet, and the source texts no contribution uses."""
    data_dir = Project.at(root).data_dir
    sources_dir = data_dir / "sources"
    results: list[ContributionCoverage] = []
    used: set[Path | None] = set()
    for path in contribution_files(root):
        used_name = None
        shown = paths.relative_to_root(path, root)
        try:
            data = read_yaml(path, root).data
        except YAMLProblem as exc:
            results.append(ContributionCoverage(shown, "", problem=str(exc.problem)))
            continue
        text = data.get("source", {}).get("text") if isinstance(data, dict) and isinstance(
            data.get("source"), dict) else None
        if isinstance(text, str):
            used_name = text
            used.add(source_text_path(data_dir, text))  # resolved as the loader resolves it
        if (agency and path.parent.name != agency) or (meeting and path.stem != str(meeting)):
            continue
        if used_name is None:
            results.append(ContributionCoverage(shown, "", problem="it names no source text (source.text)"))
            continue
        source_path = source_text_path(data_dir, used_name)
        if source_path is None or not source_path.is_file():
            results.append(ContributionCoverage(shown, used_name, problem=f"the source text {used_name!r} "
                                                "does not exist under data/sources/"))
            continue
        source, problem = _source(source_path, root)
        if source is None:
            results.append(ContributionCoverage(shown, used_name, problem=problem))
            continue
        cited = citations(data)
        citable = [p for p in source.paragraphs if p.kind != "heading"]
        results.append(ContributionCoverage(shown, used_name, len(citable),
                                            [p for p in citable if p.id not in cited]))
    orphans = [] if agency or meeting else [
        f"sources/{p.name}" for p in sorted(sources_dir.glob("*.yaml")) if p.resolve() not in used]
    return CoverageReport(results, orphans, bool(agency or meeting))
