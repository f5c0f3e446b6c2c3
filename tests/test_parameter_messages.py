"""A filter or parameter the data has no brief for is one sentence naming the values that have
briefs (for the other filters given), closest first: never a reference table's every code, never
"(none)". Run on the fixture projects' shapes: the values are worked out from their plans."""
from __future__ import annotations

import pytest

from migration_briefs import ParameterError, load
from migration_briefs.cli import main
from migration_briefs.errors import closest_first
from migration_briefs.model.params import brief_kinds, no_brief, plan
from migration_briefs.paths import Project
from tests.projects import project_root

ONE_AGENCY, TWO_AGENCIES = "un-women", "stated-ties"


def planned(name: str):
    root = project_root(name)
    dataset = load(root)
    kinds = brief_kinds(root / "notebooks")
    return root, dataset, kinds, plan(dataset, kinds)


def values(specs, parameter: str) -> list[str]:
    found = list(dict.fromkeys(str(s.parameters[parameter]) for s in specs if parameter in s.parameters))
    return sorted(found, key=int) if parameter in ("year", "goal") else found


def test_a_goal_without_a_brief_names_the_goals_with_briefs(capsys, monkeypatch):
    root, dataset, kinds, specs = planned(ONE_AGENCY)
    briefed = values(specs, "goal")
    goal = next(g for g in dataset.reference.goals if g not in briefed)
    monkeypatch.chdir(root)
    assert main(["build", "--goal", goal]) == 2  # as `make briefs GOAL=...` runs it
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (f"Parameter goal={goal!r} has no brief; the goals with briefs are: "
                                   f"{', '.join(briefed)}.")
    assert "(none)" not in err and "Nothing was built" in err


def test_a_goal_with_briefs_in_other_years_names_those_of_the_year_given():
    _, dataset, kinds, specs = planned(ONE_AGENCY)
    year, goal = next((y, g) for y in values(specs, "year") for g in values(specs, "goal")
                      if g not in values([s for s in specs if s.year == int(y)], "goal")
                      and values([s for s in specs if s.year == int(y)], "goal"))
    error = no_brief(dataset, kinds, {"year": year, "goal": goal})
    that_year = values([s for s in specs if s.year == int(year)], "goal")
    assert str(error) == (f"Parameter goal={goal!r} has no brief for year {year}; the goals with briefs for year "
                          f"{year} are: {', '.join(that_year)}.")
    assert error.valid == that_year


def test_a_year_without_briefs_of_a_mechanism_names_the_years_it_has_them():
    _, dataset, kinds, specs = planned(ONE_AGENCY)
    mechanism, year = next((m, y) for m in values(specs, "mechanism") for y in values(specs, "year")
                           if y not in values([s for s in specs if s.parameters.get("mechanism") == m], "year"))
    error = no_brief(dataset, kinds, {"year": year, "mechanism": mechanism})
    years = values([s for s in specs if s.parameters.get("mechanism") == mechanism], "year")
    assert (error.name, error.valid) == ("year", years)
    assert str(error).endswith(f"for mechanism {mechanism} are: {', '.join(years)}.")


@pytest.mark.parametrize("project", [ONE_AGENCY, TWO_AGENCIES])
def test_an_unknown_agency_code_lists_the_agencies_with_briefs_closest_first(project):
    _, dataset, kinds, specs = planned(project)
    with_briefs = values(specs, "agency")
    near = with_briefs[0].replace("-", "")  # "unwomen" for "un-women"
    with pytest.raises(ParameterError) as caught:
        plan(dataset, kinds, {"agency": near})
    assert caught.value.valid == closest_first(near, with_briefs) and caught.value.valid[0] == with_briefs[0]
    assert set(caught.value.valid) == set(with_briefs)
    assert f"the agencies with briefs are: {', '.join(caught.value.valid)}." in str(caught.value)
    assert ("all" in caught.value.valid) == (len(dataset.agencies()) > 1)


def test_a_known_agency_without_a_contribution_lists_those_with_briefs():
    _, dataset, kinds, specs = planned(ONE_AGENCY)
    agency = next(a for a in dataset.reference.agencies if a not in dataset.agencies())
    error = no_brief(dataset, kinds, {"agency": agency})
    assert str(error) == (f"Parameter agency={agency!r} has no brief; the agencies with briefs are: "
                          f"{', '.join(closest_first(agency, values(specs, 'agency')))}.")


def test_two_subjects_no_kind_of_brief_takes_together_are_told_apart():
    _, dataset, kinds, specs = planned(ONE_AGENCY)
    goal, mechanism = values(specs, "goal")[0], values(specs, "mechanism")[0]
    error = no_brief(dataset, kinds, {"goal": goal, "mechanism": mechanism})
    assert str(error) == (f"Parameter mechanism={mechanism!r} selects no brief with goal {goal}: a brief is about "
                          "one subject, and none takes goal and mechanism together; give one of them.")


def test_a_value_outside_the_reference_tables_lists_what_the_data_holds():
    root, dataset, kinds, _ = planned(ONE_AGENCY)
    for parameter, value, held in [("goal", "18", dataset.goals()), ("mechanism", "ILOX", dataset.mechanisms()),
                                   ("country", "QQQ", dataset.countries()),
                                   ("year", "1999", [str(y) for y in dataset.years()])]:
        with pytest.raises(ParameterError) as caught:
            plan(dataset, kinds, {parameter: value})
        assert held and caught.value.valid == closest_first(value, held), parameter


def test_the_build_says_the_same_through_its_cached_plan(monkeypatch, capsys):
    """A second `briefs build` reads the plan from the manifest: its message is the same."""
    root, dataset, kinds, specs = planned(TWO_AGENCIES)
    briefed = values(specs, "goal")
    goal = next(g for g in dataset.reference.goals if g not in briefed)
    monkeypatch.chdir(root)
    from migration_briefs.pipeline.inputs import file_hashes
    from migration_briefs.pipeline.plan import Filters, plan_briefs
    project = Project.at(root)
    _, cached = plan_briefs(project, file_hashes(root), Filters(), {})
    with pytest.raises(ParameterError) as caught:
        plan_briefs(project, file_hashes(root), Filters(goal=goal), {"plan": cached.to_json()})
    assert caught.value.valid == briefed
