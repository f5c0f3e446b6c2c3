"""`briefs new-contribution`: a skeleton that reads the meeting from the front matter, has one
stub per section, validates once a person fills in one item, and never overwrites."""
from __future__ import annotations

import re

import pytest

from migration_briefs import DataValidationError, load
from migration_briefs.coverage import coverage
from migration_briefs.models import Paragraph
from migration_briefs.scaffold import ITEM_STUB, ScaffoldError, new_contribution, read_meeting
from migration_briefs.source_file import import_source

from .documents import SEED_SOURCE, seed_markdown, write_pdf

SEED = SEED_SOURCE.stem


def fill_first_stub(text: str, item_id: str = "gmg-chair") -> str:
    """What a person does: uncomment the first stub and write the id, title, summary and kind."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  # - id:"))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("  # ")), len(lines))
    stub = [line.replace("  # ", "  ", 1) for line in lines[start:end]]
    filled = []
    for line in stub:
        key = re.match(r"^\s*-?\s*(\w+):", line)
        value = {"id": item_id, "title": "Chaired the Global Migration Group",
                 "summary": "UN Women chaired the Global Migration Group in 2016.",
                 "kind": "coordination"}.get(key.group(1) if key else "")
        filled.append(re.sub(r":\s.*$|:$", f": {value}", line, count=1) if value else line)
    return "\n".join(lines[:start] + filled + lines[end:]) + "\n"


def test_skeleton_reads_the_meeting_from_the_front_matter_and_validates_once_one_item_is_filled(project):
    path = new_contribution("un-women", 2017, SEED, root=project)
    assert path == project / "data" / "contributions" / "un-women" / "2017.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/contribution.schema.json\n")
    with pytest.raises(DataValidationError):
        load(project)  # the skeleton alone has no item: validation says so
    path.write_text(fill_first_stub(text), encoding="utf-8")
    contribution = load(project).contributions[0]
    real = load().contributions[0]
    assert contribution.meeting == real.meeting
    assert contribution.title == real.title
    assert contribution.source.text == real.source.text
    assert contribution.source.original == ("UN Women, Contribution to the Fifteenth Coordination Meeting on "
                                            "International Migration, New York, 16-17 February 2017")
    item = contribution.items[0]
    # the section's heading (p9) gives the year and status but is not cited as evidence
    assert (item.id, item.year, item.status, item.source) == ("gmg-chair", 2016, "done", ["p10", "p11"])


def test_one_stub_per_section_with_its_paragraphs_year_and_status(project):
    text = new_contribution("un-women", 2017, SEED, root=project).read_text(encoding="utf-8")
    headers = re.findall(r"^  # --- (.*?) \((p\d+-p\d+)\) -+$", text, re.M)
    assert headers == [("A. Activities in 2016", "p9-p11"), ("A.1 Chair of the GMG", "p12-p25"),
                       ("A.2 Joint EU–UN Women project", "p26-p33"), ("B. Initiatives for 2017", "p34-p39")]
    assert re.findall(r"^  #   year: (\d+)\n  #   status: (\w+)$", text, re.M) == [
        ("2016", "done"), ("2016", "done"), ("2016", "done"), ("2017", "planned")]
    assert text.count("  # - id:") == 4
    # the stub comes from the one template
    assert ITEM_STUB.splitlines()[5].split("#")[0].strip() in text


def test_the_four_steps_from_a_pdf_in_a_download_folder(project, tmp_path):
    """import-source, new-contribution, fill one item, coverage: what is left is listed."""
    (tmp_path / "Downloads").mkdir()
    pdf = write_pdf(seed_markdown(), tmp_path / "Downloads" / "UN Women CM15.pdf")
    result = import_source(pdf, root=project)
    assert result.shown == "data/sources/un-women-cm15.yaml" and result.written
    path = new_contribution("un-women", 2018, "un-women-cm15", root=project)
    path.write_text(fill_first_stub(path.read_text(encoding="utf-8")), encoding="utf-8")
    dataset = load(project)
    assert dataset.contributions[0].meeting.start == "2017-02-16"
    report = coverage(project)
    [entry] = report.contributions
    cited = set(f"p{i}" for i in range(1, 12))  # front matter (meeting) and the first stub's section
    headings = {"p9", "p12", "p26", "p34"}
    assert [p.id for p in entry.uncited] == [f"p{i}" for i in range(1, 40) if f"p{i}" not in cited | headings]
    assert "25 of 35 paragraphs (headings aside) are cited by nothing (un-women/2018: 25)" in report.summary()


def test_refuses_to_overwrite_an_existing_contribution(project, write_contribution):
    write_contribution()
    path = project / "data" / "contributions" / "un-women" / "2017.yaml"
    before = path.read_bytes()
    with pytest.raises(ScaffoldError, match="already exists; new-contribution never overwrites"):
        new_contribution("un-women", 2017, SEED, root=project)
    assert path.read_bytes() == before


def test_unknown_agency_gets_the_closest_codes_and_the_line_to_add(project):
    with pytest.raises(ScaffoldError) as caught:
        new_contribution("unwomen", 2018, SEED, root=project)
    message = str(caught.value)
    assert "closest known: un-women" in message
    assert "  - code: unwomen\n    abbreviation: UNWOMEN\n    name: <the agency's full name>" in message
    assert not (project / "data" / "contributions" / "unwomen").exists()


@pytest.mark.parametrize("source, expected", [
    ("un-women_15th-coordination-meeting", "did you mean un-women_15th-coordination-meeting_2017?"),
    ("../reference/agencies", "is not the name of a file in data/sources/"),
    ("missing", "import the document first with `briefs import-source FILE`"),
])
def test_a_source_that_is_not_there_is_named_with_what_to_do(project, source, expected):
    with pytest.raises(ScaffoldError, match=re.escape(expected)):
        new_contribution("un-women", 2018, source, root=project)
    assert not (project / "data" / "contributions" / "un-women" / "2018.yaml").exists()


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


def test_what_the_front_matter_does_not_say_stays_empty_for_a_person_to_fill(project, tmp_path):
    note = tmp_path / "note.md"
    note.write_text("# Activities\n\nThe agency did a great many things over the year, which this short "
                    "note lists one after the other in full sentences.\n", encoding="utf-8")
    import_source(note, root=project)
    text = new_contribution("un-women", 2018, "note", root=project).read_text(encoding="utf-8")
    assert "  place:  # not found in the document's front matter: fill it in\n" in text
    assert "  start:  # not found" in text and "  source: []" in text
    (project / "data" / "contributions" / "un-women" / "2018.yaml").write_text(fill_first_stub(text),
                                                                             encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load(project)
    fields = {p.field for p in caught.value.problems}
    assert {"meeting.place", "meeting.start", "meeting.end", "meeting.name"} <= fields
