"""Every sentence template walked against the shapes data can take (tests/shapes.py): each kind of
brief's notebook is run on each shape as the build runs it (its code cells, in order, with its
parameters), and every sentence its words give is written into tests/snapshots/shapes.txt for a
reviewer to read, shape by shape. The walk also calls each chart the way the library's users do.

What is checked here, beyond the snapshot: every template of every words file is reached by some
shape, and no sentence carries the faults counts in words fall into ("all two agencies", "no of
them", "1 agencies", a verb that disagrees with "the papers"), a space before punctuation, or a
template's own syntax."""
from __future__ import annotations

import ast
import html
import os
import re
from pathlib import Path

import pytest

from migration_briefs import paths
from migration_briefs.briefs import words as words_module
from migration_briefs.briefs.words import Words
from migration_briefs.model import notebook_content
from migration_briefs.model.draft_marks import PREVIEW_VARIABLE
from migration_briefs.model.params import brief_kinds, plan, typed_parameters
from tests.shapes import SHAPES, write_shape
from tests.test_snapshots import SNAPSHOTS

SNAPSHOT = SNAPSHOTS / "shapes.txt"

# Faults of English that a template with the wrong branch would write, whatever the data.
FAULTS = [
    (r"\ball (two|2) ", "'all two': both"),
    (r"\bno of them\b|\bnone of one\b|\bone of one\b|\bof 1 (agency|paper)\b", "a share of one, or 'no of'"),
    (r"\b1 (agencies|items|papers|events|ties|links|countries)\b", "one with a plural noun"),
    (r"\b(one|a) (agencies|items|papers|events|countries|commitments)\b", "one with a plural noun"),
    (r"\b([2-9]|two|three|four|five|six|seven|eight|nine|ten|both|all) (agency|item|paper|event|country|commitment)\b(?![-'’])",
     "a plural number with a singular noun"),
    (r"\bThe papers (names|ties|reports|sets)\b|\bThe paper (name|tie|report|set) ", "the papers' verb"),
    (r"\s[.,;:)]", "a space before punctuation"),
    (r"\(\s|\s\s", "a stray space"),
    (r"\{\{|\{%|%\}|\}\}|\bNone\b(?! recorded)|\[\]|\bTrue\b|\bFalse\b", "template syntax or a Python value"),
]


def plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def run_cells(root: Path, spec) -> None:
    """The notebook's code cells, run in order in this process as a kernel runs them (the
    parameters cell replaced by the brief's typed parameters); what they display is dropped:
    the words they render are what the walk records."""
    path = root / "notebooks" / spec.notebook_file
    notebook = notebook_content.read(path)  # as the build reads it: each source one text
    namespace = {"display": lambda *objects, **options: None, **typed_parameters(path, spec.parameters)}
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code" or "parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        exec(compile(ast.parse(cell["source"]), str(path), "exec"), namespace)


def walk_charts(dataset, year) -> None:
    """Each chart as the library's API offers it, beyond what the notebooks call."""
    from migration_briefs.briefs import charts
    records, ref = dataset.items(year=year), dataset.reference
    one = [r for r in records if r.agency == records[0].agency] if records else []
    named = {code for _, s in dataset.statements(year) for code in s.codes}
    charts.coverage_matrix(records, ref, rows="mechanisms", named=named)
    charts.coverage_matrix(one, ref, rows="items")
    for field in charts.FIELDS:
        charts.counts_by(records, field, ref)
    charts.timeline(dataset.events(year=year, agency=records[0].agency) if records else [], ref)
    charts.timeline(dataset.events(year=year), ref, by_agency=True)
    for event in dataset.events(year=year)[:3]:
        charts.event_label(event.event, ref, qualify=True)


def walk(shape, root: Path) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """[(brief, [(file, key, sentence)])] for the briefs walked on the shape: of each kind and
    year, the first brief the plan holds (of one agency's kinds, the first agency's; across
    agencies, of up to six agencies, every goal and mechanism brief), and by hand
    (as an analyst runs a notebook for any value) the goal brief of a goal the papers neither name
    nor tie, the brief of a mechanism the papers only list among others, and where the data holds one
    agency, its overviews and goal-10 briefs across agencies."""
    from migration_briefs.briefs.base import default_dataset
    dataset = default_dataset()  # the shape's project, loaded once for the walk and every notebook's cells
    kinds = brief_kinds(root / "notebooks")
    specs = plan(dataset, kinds)
    first_agency = dataset.agencies()[0]
    chosen = {}
    for spec in specs:
        if spec.agency in ("all", first_agency):
            # across a few agencies, every goal and mechanism: what changed from one meeting to the next
            # differs by subject (forty agencies' briefs of each kind say nothing the first does not)
            every = spec.notebook in ("system_goal", "system_mechanism") and shape.agencies <= 6
            chosen.setdefault((spec.notebook, spec.year, spec.relpath if every else ""), spec)
    from migration_briefs.model.params import make_spec
    year = dataset.years()[0]
    hand = [make_spec(kinds["goal_brief"], {"agency": first_agency, "year": year, "goal": "3"}),
            *(make_spec(kinds["mechanism_brief"], {"agency": first_agency, "year": year, "mechanism": "GMG"})
              for _ in range(1) if "GMG" in dataset.mechanisms(year=year, agency=first_agency)),
            # the overview across agencies of data with one agency, as `make briefs AGENCY=all` builds it:
            # one paper, or (a year two meetings' papers cover) two
            *(make_spec(kinds["system_overview"], {"agency": "all", "year": y})
              for y in dataset.years() if len(dataset.agencies()) == 1),
            *(make_spec(kinds["system_goal"], {"agency": "all", "year": y, "goal": "10"})
              for y in dataset.years() if len(dataset.agencies()) == 1 and "10" in dataset.goals(year=y))]
    found = []
    for spec in [*chosen.values(), *hand]:
        with words_module.listening() as heard:
            run_cells(root, spec)
        found.append((spec.relpath + (" (run by hand)" if spec in hand else ""), list(heard)))
    with words_module.listening() as heard:
        for year in dataset.years():
            walk_charts(dataset, year)
    found.append(("charts, as the library offers them", list(heard)))
    return found


@pytest.fixture(scope="module")
def walked(tmp_path_factory):
    from migration_briefs.briefs.base import Brief
    found = {}
    tables = Brief.data_tables
    Brief.data_tables = lambda self: []  # the CSV tables behind a brief hold no words, and take most of the time
    try:
        for shape in SHAPES:
            root = write_shape(shape, tmp_path_factory.mktemp("shapes") / shape.name)
            before, preview = paths.PROJECT, os.environ.pop(PREVIEW_VARIABLE, None)
            paths.PROJECT = paths.Project(root)  # the kernels' default project: default_dataset(), the words
            if shape.drafts:
                os.environ[PREVIEW_VARIABLE] = "1"  # as `briefs build --drafts` tells its kernels
            try:
                found[shape.name] = walk(shape, root)
            finally:
                paths.PROJECT = before
                os.environ.pop(PREVIEW_VARIABLE, None)
                if preview is not None:
                    os.environ[PREVIEW_VARIABLE] = preview
    finally:
        Brief.data_tables = tables
    return found


def snapshot_text(walked: dict) -> str:
    lines = ["# The sentences each shape of data gives, by brief (tests/test_shapes.py; `make snapshots`",
             "# rewrites this file). A brief lists only what no brief before it in its shape said.", "",
             "## The shapes", ""]
    lines += [f"- {shape.name}: {shape.describe()}. {shape.notes}." for shape in SHAPES]
    for shape in SHAPES:
        lines += ["", f"## {shape.name}: {shape.describe()}"]
        said = set()
        for brief, heard in walked[shape.name]:
            new = [(key, plain(text)) for _, key, text in heard if (key, plain(text)) not in said]
            if not new:
                continue
            lines += ["", f"### {brief}"]
            for key, text in dict.fromkeys(new):
                said.add((key, text))
                lines.append(f"- {key}: {text}")
    return "\n".join(lines) + "\n"


@pytest.mark.snapshot
def test_the_sentences_of_every_shape_read_as_their_reviewed_snapshot(walked, update_snapshots):
    text = snapshot_text(walked)
    if update_snapshots:
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.is_file(), "no snapshot of the shapes: run `make snapshots` and review it"
    assert text == SNAPSHOT.read_text(encoding="utf-8"), "run `make snapshots` and review the diff"


def test_every_template_of_every_words_file_is_walked(walked):
    reached = {(file, key) for found in walked.values() for _, heard in found for file, key, _ in heard}
    every = set()
    for path in sorted(paths.NOTEBOOKS_DIR.glob("*.yaml")):
        every |= Words.of(None, notebooks=paths.NOTEBOOKS_DIR).every_key() if path.stem == "charts" else \
            Words([words_module.Layer(path)]).every_key()
    every = {(file.replace(str(paths.ROOT) + "/", ""), key) for file, key in every}
    missing = sorted(every - reached)
    assert not missing, f"templates no shape reaches (add a shape to tests/shapes.py): {missing}"


def test_no_sentence_of_any_shape_has_a_fault_of_number_spacing_or_syntax(walked):
    faults = []
    for name, found in walked.items():
        for brief, heard in found:
            for file, key, text in heard:
                for pattern, what in FAULTS:
                    if re.search(pattern, plain(text)):
                        faults.append(f"{name} {brief} {file} {key}: {what}: {plain(text)}")
    assert not faults, "\n".join(faults[:20])
