"""Queries by year, agency, goal, target, mechanism and country, on the fixture contribution."""
from __future__ import annotations

import pytest

from migration_briefs import load

from .conftest import VALID_CONTRIBUTION


@pytest.fixture
def dataset(write_contribution):
    return load(write_contribution())


def ids(records):
    return [r.item.id for r in records]


def test_filters(dataset):
    assert ids(dataset.items(year=2016)) == ["first-item"]
    assert ids(dataset.items(year=2017, status="planned")) == ["second-item"]
    assert ids(dataset.items(agency="all")) == ["first-item", "second-item"]
    assert ids(dataset.items(agency="iom")) == []
    assert ids(dataset.items(goal="5")) == ["second-item"]
    assert ids(dataset.items(goal=10)) == ["first-item"]
    assert ids(dataset.items(target="10.7")) == ["first-item"]
    assert ids(dataset.items(mechanism="CMW")) == ["first-item"]  # through its event
    assert ids(dataset.items(country="MEX")) == ["first-item"]


def test_what_the_data_touches(dataset):
    assert dataset.years() == [2016, 2017]
    assert dataset.agencies() == ["un-women"]
    assert dataset.goals(year=2016) == ["5", "8", "10"]  # the document's statement counts
    assert dataset.targets() == ["5.2", "10.7"]
    assert dataset.mechanisms(year=2016) == ["CMW", "GMG"]
    assert dataset.countries() == ["MEX"]
    assert dataset.summary() == {"contributions": 1, "items": 2, "years": 2, "agencies": 1, "goals": 3,
                                 "targets": 2, "mechanisms": 2, "countries": 1}


def test_events_keep_their_precision(dataset):
    (event,) = dataset.events(mechanism="CMW")
    assert (event.event.date, event.event.session, event.record.item.id) == ("2016-08", 25, "first-item")


def test_tidy_tables(dataset):
    items = dataset.items_table()
    assert list(items["id"]) == ["first-item", "second-item"]
    targets = dataset.item_targets_table()
    assert targets.to_dict("records") == [
        {"key": "un-women/2017/first-item", "year": 2016, "code": "10.7", "goal": "10", "basis": "analyst",
         "reason": "The GMG coordinates the UN system's work on migration policy.", "source": ""},
        {"key": "un-women/2017/second-item", "year": 2017, "code": "5.2", "goal": "5", "basis": "analyst",
         "reason": "The side event concerns violence against women migrants.", "source": ""},
        *({"key": "un-women/2017", "year": 2016, "code": code, "goal": code.split(".")[0],
           "basis": "named for the year", "reason": "", "source": "p2"} for code in ("5", "8.8", "10.7"))]
    assert dataset.item_mechanisms_table()["mechanism"].tolist() == ["GMG", "CMW"]
    assert dataset.item_countries_table()[["country", "role"]].values.tolist() == [["MEX", "programme"]]
    assert dataset.events_table()["date"].tolist() == ["2016-08"]


def test_a_stated_target_makes_its_goal_stated(write_contribution):
    text = VALID_CONTRIBUTION.replace(
        '    sdg:\n      analyst:\n        - code: "10.7"',
        '    sdg:\n      stated:\n        - {code: "10.7", source: [p3]}\n      analyst:\n        - code: "5.1"')
    (record, _) = load(write_contribution(text)).items()
    assert [(code, record.basis(code)) for code in ["10", "10.7", "5", "5.1"]] == [
        ("10", "stated"), ("10.7", "stated"), ("5", "analyst"), ("5.1", "analyst")]


def test_each_sdg_link_in_the_table_keeps_its_own_basis(write_contribution):
    """The paper states target 10.7 for an item and an analyst ties the item to Goal 10 itself: the
    goal is the paper's for the item (ItemRecord.basis), but the analyst's tie stays the analyst's."""
    old = ('      analyst:\n        - code: "10.7"\n'
           "          reason: The GMG coordinates the UN system's work on migration policy.\n")
    new = ('      stated:\n        - code: "10.7"\n          source: [p3]\n      analyst:\n        - code: "10"\n'
           "          reason: The GMG coordinates the UN system's work on reducing inequality through migration.\n")
    assert old in VALID_CONTRIBUTION
    dataset = load(write_contribution(VALID_CONTRIBUTION.replace(old, new)))
    rows = dataset.item_targets_table()
    mine = rows[rows["key"] == "un-women/2017/first-item"]
    assert dict(zip(mine["code"], mine["basis"])) == {"10": "analyst", "10.7": "stated"}
    assert dataset.items(goal="10")[0].basis("10") == "stated", "the goal is the paper's for the item"


def test_a_paper_is_listed_with_its_agency_where_its_title_names_none(dataset):
    [name] = dataset.sources
    source = dataset.sources[name]
    titled = {"Contribution to the Fifteenth Coordination Meeting": "UN Women: Contribution to the Fifteenth "
              "Coordination Meeting",
              "UN Women's contribution to the meeting": "UN Women's contribution to the meeting",
              "Contribution of the United Nations Entity for Gender Equality and the Empowerment of Women":
              "Contribution of the United Nations Entity for Gender Equality and the Empowerment of Women"}
    for title, label in titled.items():
        dataset.sources[name] = source.model_copy(update={"title": title})
        assert dataset.source_label(name) == label
