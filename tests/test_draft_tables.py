"""`briefs draft` on tables, on tables of our own: what a header names, what a row says with it, a
table of results, and a table after a list whose lead-in introduced the list, not the table."""
from __future__ import annotations

import pytest
import yaml

from migration_briefs.sources.draft import table_cells

from .projects import drafted


def _paragraphs(project, name: str) -> dict[str, str]:
    """The imported paper's paragraphs, id by text, in the paper's order."""
    source = yaml.safe_load((project / "data" / "sources" / f"{name}.yaml").read_text(encoding="utf-8"))
    return {p["text"]: p["id"] for p in source["paragraphs"]}


@pytest.mark.parametrize("text, cells", [
    ("8 May 2017 | Workshop | Accra", ["8 May 2017", "Workshop", "Accra"]),
    ("| 2016 | 2017", ["", "2016", "2017"]),  # an empty first cell: the corner of a table of figures
    ("Households reached | 1,200 |", ["Households reached", "1,200", ""]),  # an empty last cell
    ("| When | What |", ["When", "What"]),  # a pipe table's row as text
    ("A paragraph with no cells.", None),
])
def test_a_rows_cells_keep_their_columns_where_a_cell_is_empty(text, cells):
    assert table_cells(text) == cells


@pytest.mark.parametrize("heading, header, row, summary, year", [
    # columns of years, a results word in the heading
    ("Achievements", "| Measure | 2015 | 2016 | 2017 |", "| Households receiving transfers | 1,200 | 2,500 | 4,000 |",
     "Households receiving transfers: 1,200 in 2015, 2,500 in 2016, 4,000 in 2017", 2017),
    # an empty corner, no figure yet in the last column: the latest reached, a span's end year
    ("Results", "|  | 2015 | 2016/17 | 2018 |", "| Share of women among the staff trained | 35% | 52% | – |",
     "Share of women among the staff trained: 35% in 2015, 52% in 2016/17", 2017),
    # a results word in the header, columns that are no periods: the year of the section
    ("Work in 2016", "| Indicator | Baseline | Achieved |", "| Clinics offering services to migrants | 4 | 11 |",
     "Clinics offering services to migrants: 4 (baseline), 11 (achieved)", 2016),
])
def test_a_row_of_figures_in_a_table_of_results_is_an_outcome_that_keeps_what_its_columns_mean(
        project, tmp_path, heading, header, row, summary, year):
    columns = header.count("|") - 1
    data, count = drafted(project, tmp_path, "unfpa", 2019, "figures",
        f"## {heading}\n\n{header}\n|{'---|' * columns}\n{row}\n")
    [item] = data["items"]  # the header is no item
    assert count == 1 and item["title"] == row.strip("| ").split(" | ")[0]
    assert " ".join(item["summary"].split()) == summary
    assert (item["status"], item["year"]) == ("outcome", year)
    assert item["source"] == list(_paragraphs(project, "figures").values())[-2:]  # its header's and its own


def test_a_row_of_a_table_of_work_keeps_its_columns_and_stays_work(project, tmp_path):
    data, _ = drafted(project, tmp_path, "ilo", 2018, "courses",
        "## Activities in 2017\n\n"
        "| Course | Participants | Country |\n|---|---|---|\n"
        "| Course on the labour rights of domestic workers | 35 | Jordan |\n"
        "| Course on fair recruitment for employment agencies | 20 | Jordan, Lebanon |\n")
    items = data["items"]
    assert [" ".join(i["summary"].split()) for i in items] == [
        "Course on the labour rights of domestic workers: 35 (participants), Jordan (country)",
        # a cell that holds a comma: the cells are parted by semicolons
        "Course on fair recruitment for employment agencies: 20 (participants); Jordan, Lebanon (country)"]
    assert [(i["status"], i["year"]) for i in items] == [("done", 2017)] * 2  # no word says it reports results


def test_a_row_of_figures_in_a_section_of_plans_is_no_outcome(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unhcr", 2019, "targets",
        "## Plans for 2019\n\n"
        "| Indicator | Baseline | 2019 |\n|---|---|---|\n"
        "| Refugee women holding a work permit | 300 | 900 |\n")
    [item] = data["items"]
    assert (item["status"], item["year"]) == ("planned", 2019)
    assert " ".join(item["summary"].split()) == "Refugee women holding a work permit: 300 (baseline), 900 in 2019"


def test_a_table_after_a_list_is_not_the_lists_lead_in_and_its_dated_rows_are_events(project, tmp_path):
    data, _ = drafted(project, tmp_path, "ifad", 2018, "after-list",
        "## Activities in 2017\n\n"
        "In 2017 IFAD also:\n\n"
        "- financed a study of remittance costs in Senegal;\n"
        "- trained 80 staff of microfinance institutions in Ghana.\n\n"
        "| When | Meeting | City |\n|---|---|---|\n"
        "| 9 May 2017 | Workshop on remittances and savings | Nairobi |\n")
    ids = _paragraphs(project, "after-list")
    [item] = [i for i in data["items"] if ids["9 May 2017 | Workshop on remittances and savings | Nairobi"] in i["source"]]
    [event] = item["events"]
    assert (event["kind"], str(event["date"]), event["place"]) == ("workshop", "2017-05-09", "Nairobi")
    assert item["title"] == "Workshop on remittances and savings" and item["year"] == 2017
    assert ids["When | Meeting | City"] in event["source"]
    assert len(data["items"]) == 3  # the two elements and the row


def test_a_table_right_after_its_lead_in_is_still_the_lead_ins_events(project, tmp_path):
    data, _ = drafted(project, tmp_path, "ifad", 2018, "right-after",
        "## Activities in 2017\n\n"
        "IFAD took part in the following meetings:\n\n"
        "| When | Meeting | City |\n|---|---|---|\n"
        "| 9 May 2017 | Workshop on remittances and savings | Nairobi |\n"
        "| 4 July 2017 | Forum on diaspora investment | Rome |\n")
    [item] = data["items"]
    rows = [(e["title"], e.get("place")) for e in item["events"] if e["title"] != "Following meetings"]
    assert rows == [("Workshop on remittances and savings", "Nairobi"), ("Forum on diaspora investment", "Rome")]


def test_a_dated_row_is_named_by_its_event_column_not_its_longest_cell(project, tmp_path):
    data, _ = drafted(project, tmp_path, "eclac", 2019, "meetings",
        "## Meetings in 2018\n\n"
        "| Date | Event | Venue | Participants |\n|---|---|---|---|\n"
        "| 4 June 2018 | Seminar on care work | Lima | 65 officials of ministries of labour, ILO |\n")
    [item] = data["items"]
    assert item["title"] == "Seminar on care work"
    assert item["partners"] == ["ILO"]  # a name in the row's other cells, as the paper writes it
    assert [(e["title"], str(e["date"]), e["place"]) for e in item["events"]] == [("Seminar on care work", "2018-06-04", "Lima")]


def test_a_column_that_says_nothing_of_the_work_names_no_country_and_titles_nothing(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unaids", 2019, "languages",
        "## Publications in 2018\n\n"
        "| Title | Year | Languages |\n| --- | --- | --- |\n"
        "| Global report on migrant health | 2018 | English, French, Russian |\n")
    item, = data["items"]
    assert (item["title"], item.get("countries", [])) == ("Global report on migrant health", [])
