"""`briefs draft`: a contribution file drafted from its imported paper is valid data, every item
marked as a draft with what it rests on; it is never published unconfirmed, a re-draft keeps what
a person confirmed, and bad inputs get one sentence and write nothing."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from migration_briefs import load, paths
from migration_briefs.briefs.overview import overview_brief
from migration_briefs.errors import UnconfirmedDraftError
from migration_briefs.model.models import Paragraph
from migration_briefs.pipeline.run import Filters, build
from migration_briefs.sources.coverage import coverage
from migration_briefs.sources.draft import draft, sentences
from migration_briefs.sources.scaffold import read_meeting
from migration_briefs.sources.write import import_source

from .conftest import VALID_CONTRIBUTION
from .documents import SEED_SOURCE, seed_markdown
from .projects import drafted

SEED = SEED_SOURCE.stem
BRIEFS = Path(sys.executable).parent / "briefs"


def confirm(text: str) -> str:
    """What a person does once every draft item is checked: delete each `draft: true` line and the
    suggested targets (here kept as none; a person would write reasons for those that fit)."""
    lines = [line for line in text.splitlines() if not re.match(r"\s+draft: true\b", line)]
    out, skipping = [], None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if skipping is not None and indent > skipping:
            continue
        skipping = None
        if line.strip().startswith("suggested:"):
            skipping = indent
            continue
        out.append(line)
    text = "\n".join(out) + "\n"
    return re.sub(r"\n    sdg:\n(?=    \S)", "\n", text)  # an sdg block left empty


def test_a_draft_of_the_seed_is_valid_data_with_every_item_a_draft(project):
    path, count = draft("un-women", 2017, SEED, root=project)
    assert path == project / "data" / "contributions" / "un-women" / "2017.yaml"
    dataset = load(project)
    [contribution] = dataset.contributions
    assert count == len(contribution.items) >= 30
    assert all(item.draft for item in contribution.items)
    real = load().contributions[0]
    assert contribution.meeting == real.meeting and not contribution.meeting.draft
    assert contribution.sdg_statements == real.sdg_statements  # Goal 5, 8, target 8.8, Goal 10, target 10.7
    assert contribution.disclaimer == real.disclaimer == ["p8"]  # "The views expressed in the paper do not imply …"
    assert [(f.year, f.source) for f in contribution.framing] == [(2016, ["p9"]), (2017, ["p34"])]
    assert {item.year for item in contribution.items} == {2016, 2017}
    # the work the paper files under "1. Chair of the GMG" (p12) is the GMG's, named or not
    under_gmg = [item for item in contribution.items if set(item.source) & {f"p{n}" for n in range(13, 26)}]
    assert under_gmg and all("GMG" in item.mechanisms for item in under_gmg)
    # every item says what it rests on, and suggests no more than three targets
    text = path.read_text(encoding="utf-8")
    assert text.count("draft: true  # drafted from ¶ p") == count
    assert all(len(item.sdg.suggested) <= 3 and not item.sdg.analyst for item in contribution.items)
    [summary] = dataset.draft_summary()
    assert re.fullmatch(rf"un-women/2017\.yaml: {count} draft items, \d+ suggested targets to review", summary)


def test_the_same_source_gives_the_same_bytes(project):
    first = draft("un-women", 2017, SEED, root=project)[0].read_bytes()
    again = draft("un-women", 2017, SEED, root=project, force=True)[0].read_bytes()
    assert first == again


def test_a_draft_is_never_built_and_breaks_no_other_agency(project, write_contribution):
    path, _ = draft("un-women", 2017, SEED, root=project)
    write_contribution(VALID_CONTRIBUTION.replace("agency: un-women", "agency: iom"), agency="iom")
    (project / "notebooks").symlink_to(Path(__file__).resolve().parent.parent / "notebooks")
    messages: list[str] = []
    report = build(Filters(year=2016, agency="un-women"), root=project, log=messages.append, formats=("html",))
    assert report.failed and not report.built
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if re.match(r"\s+draft: true\b", text))
    assert f"(data/contributions/un-women/2017.yaml:{line})" in messages[0]
    assert "check each item against the paper and delete its `draft: true`" in messages[0]
    assert messages[0].endswith("then build again.")
    assert not (project / "build" / "un-women").exists()  # nothing of the draft is published
    assert "un-women/2016" not in (project / "build" / "index.html").read_text(encoding="utf-8")
    # in a notebook too: the library refuses the brief with the same sentence
    with pytest.raises(UnconfirmedDraftError, match=r"rests on the draft item"):
        overview_brief(2016, "un-women", load(project))
    other = build(Filters(year=2016, agency="iom"), root=project, formats=("html",))
    assert other.built and not other.failed


def test_suggestions_alone_also_keep_a_brief_from_being_built(project):
    path, _ = draft("un-women", 2017, SEED, root=project)
    text = re.sub(r"\n\s+draft: true\b[^\n]*", "", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    dataset = load(project)
    marks = dataset.drafts_for("all", 2017)
    assert marks and all(m.kind == "suggested" for m in marks)
    assert "turn each suggested target into an analyst tag with its reason, or delete it" in marks[0].sentence()


@pytest.mark.slow
def test_from_the_paper_to_built_briefs(project, tmp_path):
    """import-source, draft, a person confirms every item, validate, coverage, build."""
    (tmp_path / "Downloads").mkdir()
    paper = tmp_path / "Downloads" / "UN Women CM15.md"
    paper.write_text(seed_markdown(), encoding="utf-8")
    assert import_source(paper, root=project).written
    path, count = draft("un-women", 2017, "un-women-cm15", root=project)
    path.write_text(confirm(path.read_text(encoding="utf-8")), encoding="utf-8")
    dataset = load(project)
    assert not dataset.drafts and len(dataset.contributions[0].items) == count
    [entry] = coverage(project).contributions
    assert all(p.id in {"p11"} or p.kind == "footnote" for p in entry.uncited)  # the overview sentence only
    (project / "notebooks").symlink_to(Path(__file__).resolve().parent.parent / "notebooks")
    report = build(Filters(year=2017, agency="un-women"), root=project, jobs=1)
    assert report.built and not report.failed, [f.error for f in report.failed]


def test_drafting_again_keeps_what_a_person_confirmed(project):
    path, first_count = draft("un-women", 2017, SEED, root=project)
    text = path.read_text(encoding="utf-8")
    text = text.replace("place: New York", "place: New York City")  # a person's edit above items:
    items = text.split("\n  - id: ")
    confirmed = re.sub(r"\n    draft: true[^\n]*", "", items[1]).replace(
        "title: Served as 2016 Chair of the Global Migration Group", "title: Chaired the GMG in 2016")
    text = "\n  - id: ".join([items[0], confirmed, *items[2:]])
    path.write_text(text, encoding="utf-8")
    kept_block = "  - id: " + confirmed.split("\n\n")[0]
    cited = re.search(r"source: \[([^\]]*)\]\s*$", confirmed.split("\n\n")[0]).group(1).split(", ")
    _, count = draft("un-women", 2017, SEED, root=project, force=True)
    again = path.read_text(encoding="utf-8")
    assert "place: New York City" in again and kept_block in again
    contribution = load(project).contributions[0]
    drafts = [item for item in contribution.items if item.draft]
    assert len(drafts) == count < first_count
    assert not any(set(item.source) <= set(cited) for item in drafts)


def test_drafting_again_from_another_source_is_refused_and_the_file_kept(project, tmp_path):
    from migration_briefs.sources.scaffold import ScaffoldError
    from migration_briefs.sources.write import import_source
    path, _ = draft("un-women", 2017, SEED, root=project)
    before = path.read_bytes()
    (tmp_path / "other.md").write_text("# Other paper\n\n## Work in 2016\n\nUN Women trained 20 nurses in Chad.\n",
                                       encoding="utf-8")
    import_source(tmp_path / "other.md", root=project)
    with pytest.raises(ScaffoldError, match=rf"drafted from sources/{SEED}\.yaml, not sources/other\.yaml"):
        draft("un-women", 2017, "other", root=project, force=True)
    assert path.read_bytes() == before  # its items still cite the paragraphs of the paper they came from


def test_drafting_a_file_a_person_has_confirmed_again_changes_no_byte(project):
    import shutil
    real = paths.CONTRIBUTIONS_DIR / "un-women" / "2017.yaml"  # the fixture's, as a person confirmed it
    target = project / "data" / "contributions" / "un-women" / "2017.yaml"
    shutil.copy(real, target)
    _, count = draft("un-women", 2017, SEED, root=project, force=True)
    assert count == 0 and target.read_bytes() == real.read_bytes()


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    import os
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(cwd)}
    return subprocess.run([str(BRIEFS), *args], capture_output=True, text=True, env=env, cwd=cwd)


def test_the_meeting_is_given_as_meeting_and_year_says_so(project):
    """The draft's year is the meeting's (the file's name): --meeting; --year, as it was called,
    still drafts and says to write --meeting; neither is one sentence."""
    missing = _cli("draft", "--source", SEED, "--agency", "un-women", cwd=project)
    assert missing.returncode == 2 and missing.stderr.startswith("briefs draft: give the year of the meeting")
    drafted = _cli("draft", "--source", SEED, "--agency", "un-women", "--year", "2018", cwd=project)
    assert drafted.returncode == 0, drafted.stderr
    assert drafted.stderr.strip() == ("briefs draft: --year here is the meeting's year: write --meeting 2018 (--year "
                                      "is the year of the work in `briefs build` and `briefs list`).")
    assert (project / "data" / "contributions" / "un-women" / "2018.yaml").is_file()


def test_bad_inputs_get_one_sentence_and_write_nothing(project, write_contribution, tmp_path):
    (tmp_path / "titles.md").write_text("# Activities in 2016\n\n# Plans for 2017\n", encoding="utf-8")
    import_source(tmp_path / "titles.md", root=project)
    write_contribution()
    cases = [
        (["--source", "titles", "--agency", "un-women", "--meeting", "2018"], "no paragraphs or list items"),
        (["--source", SEED, "--agency", "un-womn", "--meeting", "2018"], "is not in data/reference/agencies.yaml"),
        # the agency's name or code written another way: its code, not a new agency
        (["--source", SEED, "--agency", "UN Women", "--meeting", "2018"], "run this command again with --agency "
                                                                          "un-women"),
        (["--source", SEED, "--agency", "UNWOMEN", "--meeting", "2018"], "--agency un-women"),
        (["--source", SEED, "--agency", "un-women", "--meeting", "2017"], "already exists; `briefs draft` never overwrites"),
        (["--source", "missing", "--agency", "un-women", "--meeting", "2018"], "import the document first"),
        (["--source", "../reference/agencies", "--agency", "un-women", "--meeting", "2018"],
         "is not the name of a file in data/sources/"),
    ]
    before = sorted(p for p in (project / "data").rglob("*") if p.is_file())
    existing = (project / "data" / "contributions" / "un-women" / "2017.yaml").read_bytes()
    for args, expected in cases:
        result = _cli("draft", *args, cwd=project)
        assert result.returncode == 2, (args, result.stderr)
        assert expected in result.stderr and result.stderr.rstrip().endswith("Nothing was written.")
        assert "Traceback" not in result.stderr
    assert sorted(p for p in (project / "data").rglob("*") if p.is_file()) == before
    assert (project / "data" / "contributions" / "un-women" / "2017.yaml").read_bytes() == existing


def test_a_paper_without_headings_drafts_its_years_from_the_meeting_and_the_wording(project, tmp_path):
    data, count = drafted(project, tmp_path, "un-women", 2018, "flat",
        "UN Women trained 40 labour inspectors on the rights of women migrant workers.\n\n"
        "In 2016, UN Women also published two policy briefs on fair recruitment.\n\n"
        "UN Women will host a side event at the 62nd session of the Commission on the Status of Women.\n")
    items = data["items"]
    assert count == 3
    assert [(i["year"], i["status"]) for i in items] == [(2017, "done"), (2016, "done"), (2018, "planned")]
    assert all(isinstance(i["id"], str) for i in items)


def test_a_paper_in_which_nothing_reads_as_work_drafts_each_paragraph_for_a_person_to_keep_or_drop(project, tmp_path):
    (tmp_path / "lessons.md").write_text(
        "## Lessons learned\n\n"
        "Programmes on migration reach women best where women migrants' organisations lead them.\n\n"
        "- Data by sex and age are the first need of any programme.\n", encoding="utf-8")
    import_source(tmp_path / "lessons.md", root=project)
    path, count = draft("un-women", 2018, "lessons", root=project)
    text = path.read_text(encoding="utf-8")
    assert count == 2 and text.count("no sentence of the paper reads as work done or planned") == 2
    assert len(load(project).drafts) >= 2  # valid data, and no brief is built from it


def test_its_work_is_the_work_of_what_the_sentence_before_speaks_of(project, tmp_path):
    data, _ = drafted(project, tmp_path, "world-bank", 2018, "partnership",
        "## Work in 2017\n\n"
        "The partnership published working papers on recruitment costs. Its work contributed in 2017 to target 10.7.\n\n"
        "The World Bank Group trained statisticians. Its work contributed in 2017 to target 10.c.\n")
    assert [s["codes"] for s in data.get("sdg_statements", [])] == [["10.c"]]  # the agency's own work
    [papers] = [i for i in data["items"] if "recruitment" in i["summary"]]
    assert [link["code"] for link in papers["sdg"]["stated"]] == ["10.7"]


def test_lettered_subparagraphs_and_a_table_of_results_draft_as_a_person_reads_them(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-women", 2017, "lettered",
        "## Activities in 2016\n\n"
        "Table 1 lists selected results of UN Women's work in 2016.\n\n"
        "| Result | Country or region | Status at the end of 2016 |\n|---|---|---|\n"
        "| Grants to organizations that assist victims | Global | Awarded |\n"
        "| Guidance on identifying victims shared with prosecutors | Nepal | Continuing in 2017 |\n\n"
        "## Plans for 2017\n\n"
        "26. In 2017 UN Women will:\n\n"
        "(a) contribute to the negotiations on the global compact for safe, orderly and regular migration;\n\n"
        "(b) start a programme on the rights of women migrant workers in the ASEAN region.\n")
    items = data["items"]
    assert [i["title"] for i in items] == [  # no item for the caption, the table's header or the bare lead-in
        "Grants to organizations that assist victims",
        "Guidance on identifying victims shared with prosecutors",
        "Contribute to the negotiations on the global compact for safe, orderly and regular migration",
        "Start a programme on the rights of women migrant workers in the ASEAN region"]
    assert [(i["year"], i["status"]) for i in items] == [(2016, "done")] * 2 + [(2017, "planned")] * 2
    assert items[1]["countries"] == [{"code": "NPL", "role": "programme"}]  # the table's column of where


def test_where_a_sentence_says_its_work_took_place_holds_for_each_thing_it_lists(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-women", 2017, "coordinated",
        "## Activities in 2016\n\n"
        "UN Women gave legislative assistance, trained criminal justice practitioners and supported the protection "
        "of victims in partner countries, among them Mali and Nepal.\n\n"
        "UN Women trained border officials, and the Government of Chile adopted a law on migration.\n")
    items = data["items"]
    listed = [i for i in items if "Mali" in i["summary"] or "practitioners" in i["summary"]
              or "legislative" in i["summary"]]
    assert len(listed) == 3  # three predicates, "trained" among them though the parse reads it as an adjective
    assert all({c["code"]: c["role"] for c in i["countries"]} == {"MLI": "programme", "NPL": "programme"}
               for i in listed)
    officials = next(i for i in items if "border officials" in i["summary"])
    assert "countries" not in officials  # a clause with a subject of its own keeps its own places


def test_each_thing_a_sentence_lists_with_a_place_of_its_own_took_place_there(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-women", 2017, "own-places",
        "## Activities in 2016\n\n"
        "UN Women trained 300 domestic workers in Nepal and will open two shelters in Jordan in 2017.\n")
    where = {i["status"]: [(c["code"], c["role"]) for c in i["countries"]] for i in data["items"]}
    assert where == {"done": [("NPL", "programme")], "planned": [("JOR", "programme")]}


def test_a_sentence_that_tells_on_the_same_work_is_where_the_sentence_before_says(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-women", 2017, "told-on",
        "## Activities in 2016\n\n"
        "UN Women assisted women among the refugees who crossed Croatia and Slovenia. With local groups it ran "
        "safe spaces for them. Volunteers were trained to refer survivors of violence. The regional network "
        "of shelters, which UN Women funds, hired counsellors in Vienna. It also took part in a regional "
        "conference on refugee protection.\n\n"
        "UN Women spoke at the Oslo Conference on Rebuilding Somalia.\n")
    items = data["items"]
    where = {i["summary"].split()[-1].rstrip("."): {c["code"]: c["role"] for c in i.get("countries", [])}
             for i in items}
    both = {"HRV": "programme", "SVN": "programme"}
    assert where["Slovenia"] == both
    assert where["violence"] == both  # "it", and a passive, tell on the work of the sentence before
    assert where["Vienna"] == {}  # a subject and a place of its own
    assert where["Somalia"] == {}  # a conference's name, not where the work took place
    assert where["protection"] == {}  # taking part in a meeting is where the meeting was


def test_a_sentence_that_goes_on_with_it_joins_the_item_unless_it_says_it_adds_another_thing(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-women", 2017, "additions",
        "## Activities in 2016\n\n"
        "UN Women trained labour inspectors in Nepal. It also supported shelters for women migrant workers.\n\n"
        "UN Women published a guide on fair recruitment. It sets out the fees that workers should never pay.\n")
    items = data["items"]
    assert len(items) == 3, [i["title"] for i in items]
    assert ["shelters" in i["summary"] for i in items] == [False, True, False]
    assert "guide" in items[2]["title"]  # what the guide sets out is no item of its own


def test_validate_counts_drafts_as_a_warning_and_coverage_works_on_them(project):
    draft("un-women", 2017, SEED, root=project)
    result = _cli("validate", cwd=project)
    assert result.returncode == 0, result.stderr
    assert re.search(r"warning: un-women/2017\.yaml: \d+ draft items, \d+ suggested targets to review", result.stdout)
    [entry] = coverage(project).contributions
    assert [p.id for p in entry.uncited] == ["p11"]  # "UN Women's activities were largely undertaken as ..."


def test_a_paper_without_front_matter_gets_a_draft_meeting_block(project, tmp_path):
    data, count = drafted(project, tmp_path, "un-women", 2017, "note",
        "# Activities in 2016\n\nThe agency trained 40 labour inspectors in "
        "Nepal on the rights of women migrant workers.\n")
    assert data["meeting"]["draft"] is True and count == 1
    marks = load(project).drafts_for("un-women", 2016)
    assert any(m.year is None and m.kind == "meeting" for m in marks)


def test_sentences_do_not_end_after_an_abbreviation():
    assert sentences("Led by the Office of Ms. Karen AbuZayd. UN Women also helped. It was 2016.") == [
        "Led by the Office of Ms. Karen AbuZayd.", "UN Women also helped.", "It was 2016."]
    # nor after one in brackets: "(No. 177)" is a number, not the end of a sentence
    assert sentences("It backed the Carers Convention, 1996 (No. 177), and the plan (para. 4). Then it ended.") == [
        "It backed the Carers Convention, 1996 (No. 177), and the plan (para. 4).", "Then it ended."]


def _front(*texts: str) -> list[Paragraph]:
    return [Paragraph(id=f"p{i}", kind="front-matter", section="Front matter", text=t)
            for i, t in enumerate(texts, 1)]


@pytest.mark.parametrize("line, start, end", [
    ("New York, 16-17 February 2017", "2017-02-16", "2017-02-17"),
    ("Geneva, 30 January – 1 February 2018", "2018-01-30", "2018-02-01"),
    ("New York, February 15-16, 2018", "2018-02-15", "2018-02-16"),
    ("Bangkok, 3 March 2019", "2019-03-03", "2019-03-03"),
    ("New York, 30 December 2019 - 2 January 2020", "2019-12-30", "2020-01-02"),
])
def test_meeting_dates_in_the_forms_papers_write_them(line, start, end):
    meeting, ids = read_meeting(_front("SIXTEENTH COORDINATION MEETING ON INTERNATIONAL MIGRATION",
                                       "Population Division", line, "CONTRIBUTION OF THE AGENCY"))
    assert (meeting.start, meeting.end, meeting.place) == (start, end, line.split(",")[0])
    assert meeting.short_name == "16th Coordination Meeting on International Migration"
    assert meeting.organizer == "Population Division"
    assert meeting.title == "Contribution of the Agency" and ids == ["p1", "p2", "p3", "p4"]


@pytest.mark.parametrize("title, name, short", [
    ("Contribution of the Regional Commission for Testing (RCT) to the Sixteenth Coordination Meeting on "
     "International Migration", "Sixteenth Coordination Meeting on International Migration",
     "16th Coordination Meeting on International Migration"),
    ("CONTRIBUTION OF THE OFFICE FOR THE COORDINATION OF TESTS TO THE FIFTEENTH COORDINATION MEETING ON "
     "INTERNATIONAL MIGRATION", "Fifteenth Coordination Meeting on International Migration",
     "15th Coordination Meeting on International Migration"),
    ("Report of the Agency to the Twenty-first Coordination Meeting on International Migration, New York",
     "Twenty-first Coordination Meeting on International Migration", "21st Coordination Meeting on International Migration"),
])
def test_a_title_that_names_its_meeting_gives_the_meeting_its_own_name_and_the_paper_its_title(title, name, short):
    meeting, _ = read_meeting(_front(title, "New York, 15-16 February 2018"))
    assert (meeting.name, meeting.short_name) == (name, short)
    assert meeting.title.lower() == title.lower()  # the line is the paper's title
    assert (meeting.place, meeting.start) == ("New York", "2018-02-15")


def test_a_title_in_capitals_spells_names_as_the_paper_s_running_text_does(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "capitals",
        "# UNICEF AND UN-HABITAT INPUT TO THE SEVENTEENTH COORDINATION MEETING ON INTERNATIONAL MIGRATION\n\n"
        "New York, 14-15 February 2019\n\n"
        "## ACTIVITIES OF UNICEF IN 2018\n\n"
        "In 2018 UNICEF and UN-Habitat mapped the services open to migrant children in twelve cities of the "
        "region, and UNICEF trained 200 social workers on the care of unaccompanied girls.\n")
    assert data["title"] == ("UNICEF and UN-Habitat Input to the Seventeenth Coordination Meeting on International "
                             "Migration")
    source = yaml.safe_load((project / "data" / "sources" / "capitals.yaml").read_text(encoding="utf-8"))
    assert {p["section"] for p in source["paragraphs"] if p["kind"] == "paragraph"} == {"Activities of UNICEF in 2018"}


def test_a_line_that_names_the_meeting_before_its_place_and_dates_gives_all_three():
    meeting, _ = read_meeting(_front("REGIONAL AGENCY FOR TESTING",
                                     "Input to the Seventeenth Coordination Meeting on International Migration, "
                                     "New York, 14-15 February 2019"))
    assert (meeting.name, meeting.title) == ("Seventeenth Coordination Meeting on International Migration",
                                             "Input to the Seventeenth Coordination Meeting on International Migration")
    assert (meeting.place, meeting.start, meeting.end) == ("New York", "2019-02-14", "2019-02-15")
    assert meeting.organizer is None  # the line above is the agency's name, not who organized the meeting


def test_a_letter_s_place_and_date_are_not_the_meeting_s_and_its_subject_line_names_the_meeting():
    meeting, _ = read_meeting(_front("JOINT UNITED NATIONS PROGRAMME ON HIV/AIDS", "Geneva, 25 January 2019",
                                     "Subject: Contribution to the Seventeenth Coordination Meeting on International "
                                     "Migration"))
    assert (meeting.name, meeting.title) == ("Seventeenth Coordination Meeting on International Migration",
                                             "Contribution to the Seventeenth Coordination Meeting on International Migration")
    assert (meeting.place, meeting.start) == (None, None)  # left for the person, not the letter's own


def test_another_agency_s_paper_in_another_shape(project):
    """A paper unlike the seed (tests/fixtures/another-agency-paper.md, written for this test):
    headings in Roman numerals, a year-wide SDG sentence, a list of plans after "IOM will:", a
    conditional plan, a date range, countries where the work took place, a partner agency."""
    paper = Path(__file__).parent / "fixtures" / "another-agency-paper.md"
    import_source(paper, name="iom-cm16", root=project)
    path, count = draft("iom", 2018, "iom-cm16", root=project)
    [contribution] = load(project).contributions
    assert [(s.year, s.codes, s.source) for s in contribution.sdg_statements] == [(2017, ["5", "10", "10.7"], ["p7"])]
    items = {item.source[-1]: item for item in contribution.items}  # p9 reports two: a study and a workshop
    assert count == len(contribution.items) == 8 and "p11" not in items  # "IOM will:" is no item of its own
    assert [(c.code, c.role) for c in items["p8"].countries] == [("VNM", "programme"), ("KHM", "programme")]
    assert items["p8"].partners == ["International Labour Organization"] and items["p8"].kind == "capacity-building"
    studies = next(item for item in contribution.items if item.products)
    assert [(p.count, p.title) for p in studies.products] == [(2, "Studies on the recruitment of Filipino domestic workers")]
    assert [(c.code, c.role) for c in studies.countries] == [("PHL", "subject")]
    workshop = next(item for item in contribution.items if item.events and item.events[0].kind == "workshop")
    assert workshop.events[0].date == "2017-03-12"
    assert items["p13"].source == ["p12", "p13"] and items["p13"].status == "planned" and items["p13"].year == 2018
    assert [(e.kind, e.mechanism, e.session) for e in items["p14"].events] == [("side-event", "CSW", 62)]
    assert items["p16"].status == "planned"  # "Subject to funding, IOM would extend ..."
    assert {c.code for c in items["p16"].countries} == {"MMR", "LAO"}
    assert not any(item.sdg.stated for item in contribution.items)


def test_sections_have_roles_and_numbered_paragraphs_stay_paragraphs(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-women", 2018, "roles",
        "# I. Background\n\n"
        "1. Women migrant workers face discrimination at every stage of migration, and UN Women works on it.\n\n"
        "# II. Activities\n\n"
        "2. Under its regional programme, UN Women supported women migrant workers as follows:\n\n"
        "- training 500 women in pre-departure orientation;\n"
        "- publishing two policy briefs on fair recruitment.\n\n"
        "3. In Nepal, UN Women trained 120 labour inspectors on the rights of domestic workers.\n\n"
        "# III. Lessons learned\n\n"
        "4. The programme showed that unions of domestic workers protect their members best.\n\n"
        "**Way forward.** UN Women will publish a global guide on gender-responsive labour migration policies.\n\n"
        "The views expressed in this note do not necessarily reflect those of the United Nations.\n")
    source = {p["text"][:12]: p["id"] for p in yaml.safe_load(
        (project / "data" / "sources" / "roles.yaml").read_text(encoding="utf-8"))["paragraphs"]}
    cited = [set(i["source"]) for i in data["items"]]
    assert not any(source["1. Women mig"] in c or source["4. The progr"] in c for c in cited)  # background, lessons
    assert not any(source["The views ex"] in c for c in cited) and data["disclaimer"] == [source["The views ex"]]
    assert {source["3. In Nepal,"]} in cited  # the next numbered paragraph is not an element of the list before it
    assert [(i["year"], i["status"]) for i in data["items"]][-1] == (2018, "planned")  # "Way forward"
    assert all(not i["title"][0].isdigit() for i in data["items"])


def test_decimal_numbers_labelled_sections_and_an_annex_of_events_draft_as_a_person_reads_them(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-women", 2019, "decimal",
        "# CONTRIBUTION OF UN WOMEN\n\n"
        "*Prepared by the Policy Division. This document has been reproduced without formal editing.*\n\n"
        "## Part One: Overview\n\n"
        "1.1 The work summarised here contributes to Goal 5 and to targets 8.8 and 10.7.\n\n"
        "## Part Two: Activities in 2018\n\n"
        "2.1.1 In Q3 2018 UN Women, with the ILO, held a regional dialogue on care work from 3 to 5 October 2018 "
        "in Dakar.\n\n"
        "2.1.2 UN Women trained 60 consular officials from Senegal on the rights of women domestic workers.\n\n"
        "## Part Three \u2014 Constraints\n\n"
        "3.1 Few consulates hold data on the women they assist, so results cannot be measured.\n\n"
        "## Annex: events\n\n"
        "| Date | Event | Place |\n|---|---|---|\n"
        "| 3-5 October 2018 | Regional dialogue on care work | Dakar |\n")
    source = {p["text"][:12]: p["id"] for p in yaml.safe_load(
        (project / "data" / "sources" / "decimal.yaml").read_text(encoding="utf-8"))["paragraphs"]}
    cited = [set(i["source"]) for i in data["items"]]
    assert data["disclaimer"] == [source["Prepared by "]]  # "without formal editing"
    assert [s["codes"] for s in data["sdg_statements"]] == [["5", "8.8", "10.7"]]  # "1.1" numbers the paragraph
    assert all(not re.match(r"\d", i["title"] + i["summary"]) for i in data["items"])
    assert not any(source["3.1 Few cons"] in c for c in cited)  # "Part Three \u2014 Constraints" is lessons
    [dialogue] = [i for i in data["items"] if source["2.1.1 In Q3 "] in i["source"]]
    assert source["3-5 October "] in dialogue["source"] and len(data["items"]) == 2  # the annex row retells it
    [event] = dialogue["events"]
    assert (str(event["date"]), event["place"]) == ("2018-10-03", "Dakar") and source["3-5 October "] in event["source"]


def test_a_number_that_quotes_a_target_with_its_wording_is_the_target(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-women", 2019, "quoted",
        "## Activities in 2018\n\n"
        "5.2 Eliminate all forms of violence against all women and girls: UN Women's work on migration in 2018 as "
        "a whole contributed to this target.\n\n"
        "UN Women trained 60 consular officials on the rights of women domestic workers.\n")
    assert [s["codes"] for s in data["sdg_statements"]] == [["5.2"]]


def test_the_people_a_paragraph_names_are_those_of_the_work_its_next_sentence_tells(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "served",
        "## Activities in 2018\n\n"
        "In 2018 UNICEF responded to the needs of refugee women who reached Chad. With local partners it ran four "
        "health posts near the camps.\n\n"
        "UNICEF worked with the national authorities of Mali on a plan to refer children to care. It also "
        "published a guide on foster care.\n")
    groups = {i["title"]: i.get("groups") for i in data["items"]}
    assert groups["Ran four health posts near the camps"] == ["refugee-women-and-girls"]
    assert groups["Published a guide on foster care"] is None  # who one sentence worked with, not whom it served


def test_a_title_keeps_the_word_that_denies_its_verb_and_never_the_adverb_put_for_a_date(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "denied",
        "## Activities in 2018\n\n"
        "For lack of funds, UNICEF did not complete the planned regional study on child marriage.\n\n"
        "The regional atlas of return routes was not published in 2018.\n\n"
        "UNICEF will not renew the pilot project on guardianship in Chad.\n")
    assert [i["title"] for i in data["items"]] == [
        "Did not complete the planned regional study on child marriage",
        "The regional atlas of return routes was not published in 2018",
        "Will not renew the pilot project on guardianship in Chad"]
    (tmp_path / "habitat").mkdir()
    data, _ = drafted(project, tmp_path / "habitat", "un-habitat", 2019, "misread",
        "## Activities in 2018\n\n"
        "In March 2018 UN-Habitat profiled urban neighbourhoods where refugees and host communities live side by "
        "side.\n")
    # a name the parse first read as an adjective, then as the subject: not "Then profiled …"
    assert [i["title"] for i in data["items"]] == [
        "Profiled urban neighbourhoods where refugees and host communities live side by side"]


def test_a_list_of_events_after_a_verb_of_taking_part_and_a_lesson_run_in_after_a_colon(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unodc", 2019, "listed",
        "UNODC CONTRIBUTION\n\n"
        "Seventeenth Coordination Meeting on International Migration, New York, 14-15 February 2019\n\n"
        "We report here what the Office did in 2018 for women who were smuggled or trafficked, and what we will "
        "do in 2019.\n\n"
        "We also took part in several events, including:\n\n"
        "- on 9 May 2018, a panel on smuggled women at the Commission on Crime Prevention in Vienna;\n"
        "- from 3 to 5 October 2018, the regional conference on border management in Bamako.\n\n"
        "Lessons learned: joint teams of police and prosecutors convict more traffickers, but they take longer "
        "to set up.\n")
    assert data["title"] == "UNODC Contribution"  # the agency's abbreviation, though the text never writes it
    [item] = data["items"]
    assert item["title"] == "Took part in several events"  # not "…, including"
    assert [(e["title"][:18], str(e["date"])) for e in item["events"]] == [
        ("Panel on smuggled ", "2018-05-09"), ("Regional conferenc", "2018-10-03")]


def test_drafting_again_keeps_every_key_a_person_wrote_after_the_items(project):
    path, _ = draft("un-women", 2017, SEED, root=project)
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    first = data["items"][0]["id"]
    last = data["items"][-1]["id"]
    notes = ("\n# the person's notes\nkey_messages:\n  - text: UN Women chaired the Global Migration Group in 2016 and "
             f"advocated for gender-responsive commitments.\n    items: [{first}]\n    source: [p12]\n")
    for confirm_last in (False, True):
        edited = text.replace("    draft: true", "    draft: false", 1)
        if confirm_last:  # the last item confirmed too: its block ends where the notes begin
            head, _, tail = edited.rpartition("  - id: " + last)
            edited = head + "  - id: " + last + tail.replace("    draft: true", "    draft: false", 1)
        path.write_text(edited.rstrip("\n") + "\n" + notes, encoding="utf-8")
        draft("un-women", 2017, SEED, root=project, force=True)
        again = path.read_text(encoding="utf-8")
        assert again.count("key_messages:") == 1 and again.rstrip("\n").endswith(notes.rstrip("\n"))
        assert yaml.safe_load(again)["key_messages"][0]["items"] == [first]


def test_separators_and_control_characters_in_a_source_never_reach_a_line_of_the_draft(project, tmp_path):
    from migration_briefs.model.models import SourceText
    source = yaml.safe_load((project / "data" / "sources" / f"{SEED}.yaml").read_text(encoding="utf-8"))
    body = next(p for p in source["paragraphs"] if p["kind"] == "paragraph" and p["section"] != "Front matter"
                and "GMG" in p["text"])
    body["text"] = body["text"].replace(" ", "\u2028", 3).replace("GMG", "G\u0085MG", 1) + " " + "word " * 3500
    SourceText.model_validate(source)
    (project / "data" / "sources" / "separators.yaml").write_text(yaml.safe_dump(source, allow_unicode=True),
                                                                 encoding="utf-8")
    path, _ = draft("un-women", 2018, "separators", root=project)
    text = path.read_text(encoding="utf-8")
    assert "\u2028" not in text and "\u0085" not in text
    assert all(len(i["title"]) <= 120 for i in yaml.safe_load(text)["items"])


def test_a_draft_larger_than_a_data_file_may_be_is_refused_in_one_sentence(project, monkeypatch):
    import migration_briefs.sources.draft as drafting
    from migration_briefs.sources.scaffold import ScaffoldError
    monkeypatch.setattr(drafting, "MAX_DATA_FILE_BYTES", 20_000)  # the seed's draft is about 40 kB
    with pytest.raises(ScaffoldError, match="a data file may hold"):
        draft("un-women", 2018, SEED, root=project)
    assert not (project / "data" / "contributions" / "un-women" / "2018.yaml").exists()


def test_a_title_and_summary_read_as_a_person_s(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-women", 2017, "whole",
        "## Activities in 2016\n\n"
        "From 4 to 6 October 2016 UN Women organized, with ILO, a regional consultation on the recruitment of "
        "domestic workers in Lima.\n\n"
        "UN Women hosted three meetings with Member States on fair recruitment. The meetings focused on the "
        "following issues:\n\n"
        "- the fees that workers pay;\n- the contracts of domestic workers.\n\n"
        "UN Women led the Regional Programme on Labour Mobility, funded by the European Union and carried out "
        "with ILO and IOM.\n")
    items = data["items"]
    assert not any(i["summary"].rstrip().endswith(":") for i in items), [i["summary"] for i in items]
    consultation = next(i for i in items if "Lima" in i["summary"])
    assert consultation["title"].startswith("Organized") and "2016" not in consultation["title"]
    assert consultation["id"][0].isalpha() and "october" not in consultation["id"]
    programme = [i for i in items if "Labour Mobility" in i["summary"] or "IOM" in i["summary"]]
    assert len(programme) == 1  # "carried out with ILO and IOM" goes on describing the programme
    partners = programme[0].get("partners", [])
    assert {"ILO", "IOM"} <= set(partners), partners  # by the names the paper calls them


def test_the_bench_knows_a_product_by_what_it_is_or_by_its_own_name():
    """bench/draft.py: a hand title gives what a product is and, in brackets, its own name; a draft
    that gives only one of the two ("the fourth volume of Roads Taken") names the same product, and
    a draft product of another kind or name, count or paragraph does not."""
    from bench.draft import products, same_product

    def product(title: str, count: int | None = None, source: str = "p3") -> tuple:
        return products({"items": [{"products": [{"title": title, "count": count, "source": [source]}]}]})[0]

    hand = product("Report on deaths at sea (Roads Taken, volume 4)")
    assert same_product(hand, product("Fourth volume of Roads Taken"))
    assert same_product(hand, product("Annual report on rescues"))  # the same noun
    assert same_product(product("Key toolkit (Safe Moves)"), product("Toolkit on safe moves"))  # bracket left out
    assert not same_product(hand, product("Fourth volume of Other Roads"))
    assert not same_product(hand, product("Fourth volume of Roads Taken", count=2))
    assert not same_product(hand, product("Fourth volume of Roads Taken", source="p4"))
    assert same_product(product("Analysis of returns"), product("Analyses of returns"))


def test_a_list_of_dated_entries_reads_as_rows_of_date_place_and_event(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-women", 2019, "dated-entries",
        "## Work in 2018\n\nUN Women trained 300 domestic workers in Nepal.\n\n"
        "## Annex: list of events\n\n"
        "- 15 October 2017: Workshop on the rights of domestic workers\n"
        "- 3-4 May 2018, Kathmandu: Regional consultation on recruitment fees\n")
    rows = [i for i in data["items"] if i.get("events")]
    assert [(i["year"], i["title"]) for i in rows] == [
        (2017, "Workshop on the rights of domestic workers"), (2018, "Regional consultation on recruitment fees")]
    assert [(str(e["date"]), e.get("place")) for i in rows for e in i["events"]] == \
        [("2017-10-15", None), ("2018-05-03", "Kathmandu")]

