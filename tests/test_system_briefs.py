"""Briefs across all agencies (agency "all"), read as a reader meets them, on the synthetic corpus
(bench/corpus.py: 5 invented agencies, 2 meetings): what they hold, their wording (snapshots),
their page budgets, and the key messages a person writes for a meeting in data/system/."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from migration_briefs import load
from migration_briefs.briefs.base import page_budget
from migration_briefs.briefs.goal import system_goal
from migration_briefs.briefs.overview import overview_brief, system_overview
from migration_briefs.errors import DataValidationError, ParameterError
from migration_briefs.model.params import brief_kinds, plan
from tests.test_snapshots import SNAPSHOTS, reader_text

YEAR = 2017


@pytest.fixture(scope="module")
def system_built(synthetic_project, tmp_path_factory) -> Path:
    """The synthetic corpus's 2017 system overview and system brief on Goal 8, run through
    papermill as a person would in JupyterLab and exported to HTML and PDF (the whole build of the
    corpus's system briefs is the slow tier's, in bench/scale.py)."""
    import os

    import nbformat
    import papermill

    from migration_briefs.render.exporters import export_html, export_pdf
    out = tmp_path_factory.mktemp("system") / str(YEAR)
    out.mkdir(parents=True)
    before = os.environ.get("MIGRATION_BRIEFS_ROOT")
    os.environ["MIGRATION_BRIEFS_ROOT"] = str(synthetic_project)  # the kernels read the corpus
    try:
        # and one agency's overview and goal brief, whose year rests on papers to two meetings
        for notebook, name, parameters in (("system_overview", "all-overview", {"agency": "all"}),
                                           ("system_goal", "all-goal-8", {"goal": 8, "agency": "all"}),
                                           ("overview_brief", "synthetic-01-overview", {"agency": "synthetic-01"}),
                                           ("goal_brief", "synthetic-01-goal-8", {"goal": 8, "agency": "synthetic-01"})):
            executed = out / f"{name}.ipynb"
            papermill.execute_notebook(str(synthetic_project / "notebooks" / f"{notebook}.ipynb"), str(executed),
                                       parameters={**parameters, "year": YEAR},
                                       kernel_name="python3", progress_bar=False,
                                       cwd=str(synthetic_project / "notebooks"))
            nb = nbformat.read(executed, as_version=4)
            (out / f"{name}.html").write_text(export_html(nb, name), encoding="utf-8")
            (out / f"{name}.pdf").write_bytes(export_pdf(nb, name))
    finally:
        if before is None:
            os.environ.pop("MIGRATION_BRIEFS_ROOT", None)
        else:
            os.environ["MIGRATION_BRIEFS_ROOT"] = before
    return out


def test_only_data_with_several_agencies_gets_system_briefs(synthetic_project):
    from migration_briefs import paths
    dataset = load(synthetic_project)
    specs = plan(dataset, brief_kinds(synthetic_project / "notebooks"))
    system = [s for s in specs if s.agency == "all"]
    assert system and all(s.notebook.startswith("system_") for s in system)
    assert not [s for s in specs if s.agency != "all" and s.notebook.startswith("system_")]
    real = load()
    assert not [s for s in plan(real, brief_kinds(paths.NOTEBOOKS_DIR)) if s.agency == "all"], \
        "one agency's data has no system briefs"


def test_a_brief_about_one_agency_refuses_all_and_a_system_brief_refuses_one_agency(synthetic_project):
    dataset = load(synthetic_project)
    with pytest.raises(ParameterError, match="system_"):
        overview_brief(YEAR, "all", dataset=dataset)
    with pytest.raises(ParameterError, match="all of them"):
        system_overview(YEAR, "synthetic-01", dataset=dataset)


def test_the_system_overview_has_one_row_per_agency_linking_its_own_overview(system_built, synthetic_project):
    html = (system_built / "all-overview.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="brief-table agency-table">.*?</table>', html, re.S).group(0)
    links = re.findall(r'<th scope="row"><a href="([^"]+)"', table)
    agencies = sorted({r.agency for r in load(synthetic_project).items(year=YEAR)})
    assert links == [f"../../{a}/{YEAR}/overview.html" for a in agencies]
    assert "In [" not in html and "import " not in html, "readers never see code"


def test_every_chart_of_a_system_brief_has_alt_text_with_its_numbers_and_a_caption(system_built):
    charts = 0
    for page in system_built.glob("*.html"):
        for figure in re.findall(r'<figure class="chart[^"]*">.*?</figure>', page.read_text(encoding="utf-8"), re.S):
            alt = re.search(r'alt="([^"]+)"', figure).group(1)
            assert re.search(r"\d", alt) and len(alt) > 80, alt
            assert re.search(r"<figcaption>\S", figure)
            charts += 1
    assert charts >= 3, "the overview charts goals, mechanisms, countries or months where the rule allows"


def test_a_system_goal_brief_says_how_the_work_changed_from_meeting_to_meeting(system_built):
    html = (system_built / "all-goal-8.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="brief-table meetings-table">.*?</table>', html, re.S).group(0)
    body = table.split("<tbody>", 1)[1]
    assert len(re.findall(r"<tr>", body)) == 2, "a row per meeting"
    after = html.split(table, 1)[1]
    assert re.match(r"\s*<p>[^<]*SYN-", after), "a sentence names the agencies new and gone (its words: the snapshot's)"


@pytest.mark.snapshot
@pytest.mark.parametrize("name", ["all-overview", "all-goal-8", "synthetic-01-overview", "synthetic-01-goal-8"])
def test_a_system_brief_reads_as_its_reviewed_snapshot(system_built, name, update_snapshots):
    text = reader_text((system_built / f"{name}.html").read_text(encoding="utf-8"))
    snapshot = SNAPSHOTS / f"synthetic_{YEAR}_{name}.txt"
    if update_snapshots:
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8"), "run pytest with --update-snapshots and review the diff"


def test_a_system_brief_keeps_within_its_budget(system_built):
    from pypdf import PdfReader
    for name, kind in (("all-overview", "overview"), ("all-goal-8", "goal")):
        pages = len(PdfReader(system_built / f"{name}.pdf").pages)
        assert pages <= page_budget(kind, 0, system=True), f"{name}: {pages} pages"


# --- key messages a person writes for a meeting ------------------------------------------------

def _notes(root: Path, text: str) -> Path:
    folder = root / "data" / "system"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "2017.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus_copy(synthetic_project, tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(synthetic_project, root, ignore=shutil.ignore_patterns("build"))
    return root


def test_a_key_message_written_for_the_meeting_tops_the_system_brief_before_computed_ones(corpus_copy):
    _notes(corpus_copy, "meeting: Fifteenth Coordination Meeting on International Migration\nyear: 2017\n"
                        "key_messages:\n  - year: 2016\n"
                        "    text: Read together, the papers put the rights of women migrant workers first.\n"
                        "    source:\n      - {agency: synthetic-01, year: 2017, paragraphs: [p10]}\n")
    brief = system_overview(2016, dataset=load(corpus_copy))
    messages = brief.messages()
    assert messages[0][0] == "Read together, the papers put the rights of women migrant workers first."
    assert [p for p, _ in messages[0][1][0].paragraphs] == ["p10"]
    assert len(messages) >= 3, "topped up with sentences built from the data"
    goal = system_goal(8, 2016, dataset=load(corpus_copy))
    assert not any("women migrant workers first" in text for text, _ in goal.messages()), \
        "a message about the overview stays there"


@pytest.mark.parametrize("entry, expected", [
    ("meeting: Twentieth Meeting\nyear: 2017\nkey_messages: []\n", "no contribution of 2017 is to the meeting"),
    ("meeting: Fifteenth Coordination Meeting on International Migration\nyear: 2017\nkey_messages:\n"
     "  - year: 2016\n    text: A message long enough to be one.\n    source:\n"
     "      - {agency: synthetic-99, year: 2017, paragraphs: [p10]}\n", "cites the paper of 'synthetic-99'"),
    ("meeting: Fifteenth Coordination Meeting on International Migration\nyear: 2017\nkey_messages:\n"
     "  - year: 2016\n    text: A message long enough to be one.\n    source:\n"
     "      - {agency: synthetic-01, year: 2017, paragraphs: [p9999]}\n", "'p9999', which is not a paragraph"),
    ("meeting: Fifteenth Coordination Meeting on International Migration\nyear: 2017\nkey_messages:\n"
     "  - year: 2016\n    about: goal-99\n    text: A message long enough to be one.\n    source:\n"
     "      - {agency: synthetic-01, year: 2017, paragraphs: [p10]}\n", "names the goal '99'"),
    ("meeting: Fifteenth Coordination Meeting on International Migration\nyear: 2017\nheadline: x\n",
     "unknown field 'headline'"),
])
def test_a_bad_system_notes_file_is_located_and_explained(corpus_copy, entry, expected):
    _notes(corpus_copy, entry)
    with pytest.raises(DataValidationError) as caught:
        load(corpus_copy)
    problems = [p for p in caught.value.problems if p.file == "data/system/2017.yaml"]
    assert problems and expected in problems[0].message and problems[0].line, caught.value.problems


def test_every_item_card_of_an_agencys_year_has_its_own_anchor_even_across_two_papers(synthetic_project):
    dataset = load(synthetic_project)
    collided = 0
    for agency in dataset.agencies():
        for year in dataset.years(agency=agency):
            brief = overview_brief(year, agency, dataset=dataset)
            anchors = [brief.item_anchor(r) for r in brief.records]
            assert len(set(anchors)) == len(anchors), (agency, year)
            collided += len({r.item.id for r in brief.records}) < len(brief.records)
    assert collided, "the corpus has an agency whose two papers use one item id for a year"


def test_a_link_to_an_id_that_names_two_elements_is_reported(tmp_path):
    from migration_briefs.pipeline.links import broken_links
    (tmp_path / "a.html").write_text('<p id="x">one</p><p id="x">two</p>', encoding="utf-8")
    (tmp_path / "b.html").write_text('<a href="a.html#x">x</a>', encoding="utf-8")
    assert [line.split(": ")[0] for line in broken_links(tmp_path)] == ["b.html"]
    assert "'x'" in broken_links(tmp_path)[0]


def test_a_new_kind_of_system_brief_is_a_notebook_and_its_words(corpus_copy, tmp_path):
    """The year's commitments across agencies: a notebook that chooses the library's pieces and a
    words file beside it, and no Python."""
    import os

    import nbformat
    import papermill

    from migration_briefs.render.exporters import export_html
    from tests.test_snapshots import reader_text
    notebooks = corpus_copy / "notebooks"
    (notebooks / "system_plans.yaml").write_text(
        "title: All agencies' plans for {{ year }}\n"
        "subtitle: What the agencies' papers commit to for {{ year }}\n"
        "agency_table:\n  caption: Each agency's commitments for {{ year }}\n"
        "  columns:\n    agency: Agency\n    planned: Commitments\n    countries: Programme countries\n",
        encoding="utf-8")
    cells = [nbformat.v4.new_code_cell('year = 2018\nagency = "all"', metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell("from migration_briefs.notebook import system_overview\n\n"
                                       'brief = system_overview(year, agency, words="system_plans")\n'
                                       "brief.title_block()"),
             nbformat.v4.new_markdown_cell("## Who plans what"), nbformat.v4.new_code_cell("brief.agency_table()"),
             nbformat.v4.new_markdown_cell("## When"), nbformat.v4.new_code_cell("brief.events_chart()")]
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "migration_briefs": {"brief": "plans", "grid": ["system", "years"], "order": 5, "output": "plans"}})
    nbformat.write(notebook, notebooks / "system_plans.ipynb")
    before = os.environ.get("MIGRATION_BRIEFS_ROOT")
    os.environ["MIGRATION_BRIEFS_ROOT"] = str(corpus_copy)
    try:
        papermill.execute_notebook(str(notebooks / "system_plans.ipynb"), str(tmp_path / "plans.ipynb"),
                                   kernel_name="python3", progress_bar=False, cwd=str(notebooks))
    finally:
        if before is None:
            os.environ.pop("MIGRATION_BRIEFS_ROOT", None)
        else:
            os.environ["MIGRATION_BRIEFS_ROOT"] = before
    text = reader_text(export_html(nbformat.read(tmp_path / "plans.ipynb", as_version=4), "plans"))
    assert "# All agencies' plans for 2018" in text and "Agency | Commitments | Programme countries" in text
    planning = {r.agency for r in load(corpus_copy).items(year=2018)}
    assert len([line for line in text.splitlines() if line.startswith("SYN-")]) == len(planning), "one row per agency"


def test_the_system_briefs_html_and_pdf_hold_the_same_words(system_built):
    from tests.test_hostile_html import assert_same_words
    pages = sorted(system_built.glob("*.html"))
    assert len(pages) == 4
    for page in pages:
        assert_same_words(page)
