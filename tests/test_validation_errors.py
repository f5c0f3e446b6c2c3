"""Each kind of bad input yields a located error: the file, the line, the field and a hint.
The fixtures are the valid contribution in conftest.py with one thing broken."""
from __future__ import annotations

import pytest

from migration_briefs import DataValidationError, load
from migration_briefs.cli import main
from migration_briefs.errors import closest_first
from migration_briefs.model.loader import CLOSEST_CODES
from migration_briefs.model.models import PATTERN_WORDS, SLUG_PATTERN
from migration_briefs.paths import Project

from .conftest import VALID_CONTRIBUTION

FILE = "data/contributions/un-women/2017.yaml"


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def problems_for(write_contribution, text: str):
    root = write_contribution(text)
    with pytest.raises(DataValidationError) as caught:
        load(root)
    return caught.value.problems


def only_problem(write_contribution, text: str):
    problems = problems_for(write_contribution, text)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_valid_fixture_loads(write_contribution):
    dataset = load(write_contribution())
    assert [r.item.id for r in dataset.items()] == ["first-item", "second-item"]


def test_malformed_yaml_names_file_and_line(write_contribution):
    text = VALID_CONTRIBUTION.replace("title: Host a side event", "title: [Host a side event")
    problem = only_problem(write_contribution, text)
    assert problem.file == FILE
    assert problem.line is not None and abs(problem.line - line_of(text, "[Host a side")) <= 2
    assert "not valid YAML" in problem.message and problem.hint


def test_unknown_field_is_named_with_the_allowed_ones(write_contribution):
    text = VALID_CONTRIBUTION.replace("    kind: advocacy\n", "    kind: advocacy\n    kinds: event\n")
    problem = only_problem(write_contribution, text)
    assert (problem.file, problem.line, problem.field) == (FILE, line_of(text, "kinds: event"), "items[1].kinds")
    assert "unknown field 'kinds'" in problem.message
    assert "did you mean 'kind'" in problem.hint and "summary" in problem.hint


def test_missing_required_field(write_contribution):
    text = VALID_CONTRIBUTION.replace("    summary: A side event on the global compact.\n", "")
    problem = only_problem(write_contribution, text)
    assert (problem.file, problem.field) == (FILE, "items[1].summary")
    assert problem.line == line_of(text, "- id: second-item")
    assert "missing" in problem.message


def test_year_that_is_not_a_year(write_contribution):
    text = VALID_CONTRIBUTION.replace("    year: 2017\n    status: planned", "    year: next\n    status: planned")
    problem = only_problem(write_contribution, text)
    assert (problem.field, problem.line) == ("items[1].year", line_of(text, "year: next"))
    assert "year" in problem.message and "'next'" in problem.message


def test_date_that_is_not_a_date(write_contribution):
    text = VALID_CONTRIBUTION.replace("date: 2016-08", "date: 2016-13")
    problem = only_problem(write_contribution, text)
    assert (problem.field, problem.line) == ("items[0].events[0].date", line_of(text, "date: 2016-13"))
    assert "not a real date" in problem.message


@pytest.mark.parametrize("old, new, field, expected, suggestion", [
    ('code: "10.7"', 'code: "10.77"', "items[0].sdg.analyst[0].code", "unknown SDG target '10.77'", "'10.7'"),
    ('code: "5.2"', 'code: "18"', "items[1].sdg.analyst[0].code", "unknown SDG goal '18'", "'8'"),
    ("mechanisms: [GMG]", "mechanisms: [GMGG]", "items[0].mechanisms[0]", "unknown mechanism 'GMGG'", "'GMG'"),
    ("mechanism: CMW", "mechanism: CMV", "items[0].events[0].mechanism", "unknown mechanism 'CMV'", "'CMW'"),
    ("code: MEX,", "code: MEXX,", "items[0].countries[0].code", "unknown country 'MEXX'", "'MEX'"),
    ("code: MEX,", "code: QQQ,", "items[0].countries[0].code", "unknown country 'QQQ'", ""),
    ("role: programme", "role: programm", "items[0].countries[0].role", "unknown country role 'programm'",
     "'programme'"),
    ("agency: un-women", "agency: un-womn", "agency", "unknown agency 'un-womn'", "'un-women'"),
])
def test_unknown_codes_suggest_the_closest(write_contribution, old, new, field, expected, suggestion):
    text = VALID_CONTRIBUTION.replace(old, new, 1)
    problems = problems_for(write_contribution, text)
    problem = next(p for p in problems if p.field == field)
    assert problem.file == FILE and problem.line == line_of(text, new)
    assert expected in problem.message
    if suggestion:
        assert f"did you mean {suggestion}?" in problem.hint
    else:
        assert "did you mean" not in problem.hint


def test_duplicate_item_ids(write_contribution):
    text = VALID_CONTRIBUTION.replace("id: second-item", "id: first-item")
    problem = only_problem(write_contribution, text)
    second = [i for i, line in enumerate(text.splitlines(), 1) if "id: first-item" in line][1]
    assert (problem.field, problem.line) == ("items[1].id", second)
    assert "already used by items[0]" in problem.message


def test_item_citing_a_missing_paragraph(write_contribution):
    text = VALID_CONTRIBUTION.replace("    source: [p4]\n", "    source: [p999]\n")
    problem = only_problem(write_contribution, text)
    assert (problem.field, problem.line) == ("items[1].source[0]", line_of(text, "source: [p999]"))
    assert "'p999'" in problem.message and "not in the source text" in problem.message


def test_empty_contribution(write_contribution):
    text = VALID_CONTRIBUTION[:VALID_CONTRIBUTION.index("items:")] + "items: []\n"
    problem = only_problem(write_contribution, text)
    assert (problem.field, problem.line) == ("items", line_of(text, "items: []"))
    assert "no items" in problem.message


def test_all_problems_are_reported_together(write_contribution, project):
    text = (VALID_CONTRIBUTION.replace("mechanisms: [GMG]", "mechanisms: [GMGG]")
            .replace('code: "5.2"', 'code: "5.22"'))
    write_contribution(text)
    write_contribution("agency: un-women\nyear: [", name="2018.yaml")
    with pytest.raises(DataValidationError) as caught:
        load(project)
    files = {(p.file, p.field) for p in caught.value.problems}
    assert (FILE, "items[0].mechanisms[0]") in files
    assert (FILE, "items[1].sdg.analyst[0].code") in files
    assert any(f == "data/contributions/un-women/2018.yaml" for f, _ in files)
    assert str(caught.value).startswith("3 problems in the data:")


def test_agency_must_match_its_folder(write_contribution):
    root = write_contribution(agency="iom")
    with pytest.raises(DataValidationError) as caught:
        load(root)
    assert "does not match the folder 'iom'" in str(caught.value)


def test_validate_command_prints_errors_and_fails(write_contribution, monkeypatch, capsys):
    root = write_contribution(VALID_CONTRIBUTION.replace("code: MEX,", "code: MEXX,"))
    monkeypatch.setattr("migration_briefs.paths.PROJECT", Project(root))
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert f"{FILE}:{line_of(VALID_CONTRIBUTION, 'code: MEX,')}: items[0].countries[0].code: unknown country 'MEXX'" in err
    assert "hint: did you mean 'MEX'?" in err


def test_a_file_must_be_named_for_its_year(write_contribution):
    root = write_contribution(name="2018.yaml")
    with pytest.raises(DataValidationError) as caught:
        load(root)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.field) == ("data/contributions/un-women/2018.yaml", 2, "year")
    assert "named 2018.yaml but holds the contribution of 2017" in problem.message


def test_a_bad_reference_row_is_located_at_its_field(write_contribution, project):
    mechanisms = project / "data" / "reference" / "mechanisms.yaml"
    lines = mechanisms.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("established:"))
    lines[index] = lines[index].split(":")[0] + ": long ago"
    mechanisms.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load(write_contribution())
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (
        "data/reference/mechanisms.yaml", index + 1, "mechanisms[0].established")


def test_an_analyst_tag_without_a_reason_is_refused(write_contribution):
    text = VALID_CONTRIBUTION.replace(
        "          reason: The side event concerns violence against women migrants.\n", "")
    problem = only_problem(write_contribution, text)
    assert problem.field == "items[1].sdg.analyst[0].reason"
    assert problem.line == line_of(text, 'code: "5.2"')
    assert "missing" in problem.message


def test_a_target_both_stated_and_tagged_is_refused(write_contribution):
    text = VALID_CONTRIBUTION.replace(
        "    sdg:\n      analyst:\n        - code: \"10.7\"",
        "    sdg:\n      stated:\n        - {code: \"10.7\", source: [p3]}\n      analyst:\n        - code: \"10.7\"")
    problem = only_problem(write_contribution, text)
    assert problem.field == "items[0].sdg.analyst"
    assert "both as stated by the document and by an analyst" in problem.message


def test_a_key_message_must_name_items_of_its_file(write_contribution):
    text = VALID_CONTRIBUTION.replace("items:\n  - id: first-item", (
        "key_messages:\n  - text: UN Women chaired the Global Migration Group in 2016.\n"
        "    items: [first-itme]\n    source: [p3]\nitems:\n  - id: first-item"))
    problem = only_problem(write_contribution, text)
    assert (problem.field, problem.line) == ("key_messages[0].items[0]", line_of(text, "items: [first-itme]"))
    assert "no item in this file has the id 'first-itme'" in problem.message
    assert "did you mean 'first-item'?" in problem.hint


def test_a_heading_cited_as_evidence_for_an_item_is_refused_but_may_frame_a_year(write_contribution):
    text = VALID_CONTRIBUTION.replace("    source: [p4]\n", "    source: [p34, p4]\n").replace(
        "items:\n", "framing:\n  - year: 2017\n    frame: the New York Declaration\n    source: [p34]\nitems:\n")
    problem = only_problem(write_contribution, text)
    assert (problem.file, problem.line, problem.field) == (FILE, line_of(text, "source: [p34, p4]"),
                                                           "items[1].source[0]")
    assert problem.message.startswith("cites 'p34', the heading 'B. INITIATIVES THAT WILL BE UNDERTAKEN")
    assert "cite the paragraphs under the heading" in problem.hint


def test_a_sic_mark_whose_words_are_not_in_the_paragraph_is_located(write_contribution, project):
    source = project / "data" / "sources" / "un-women_15th-coordination-meeting_2017.yaml"
    text = source.read_text(encoding="utf-8").replace(
        "      - to enhance the protection risks\n", "      - to enhance the protecton risks\n")
    source.write_text(text, encoding="utf-8")
    problem = only_problem(write_contribution, VALID_CONTRIBUTION)
    assert problem.file == "data/sources/un-women_15th-coordination-meeting_2017.yaml"
    assert (problem.field, problem.line) == ("paragraphs[34].sic", line_of(text, "- to enhance the protecton risks") - 1)
    assert "'to enhance the protecton risks' does not occur in the paragraph's text" in problem.message


def test_publisher_file_is_checked_like_the_rest_of_the_data(write_contribution):
    root = write_contribution()
    publisher = root / "data" / "publisher.yaml"
    text = publisher.read_text(encoding="utf-8")
    publisher.write_text(text.replace("unit:", "units:"), encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load(root)
    [problem] = caught.value.problems
    assert (problem.file, problem.field) == ("data/publisher.yaml", "units")
    assert problem.line == line_of(publisher.read_text(encoding="utf-8"), "units:")
    assert "unknown field 'units'" in problem.message
    publisher.unlink()
    with pytest.raises(DataValidationError) as caught:
        load(root)
    [problem] = caught.value.problems
    assert problem.file == "data/publisher.yaml" and "missing" in problem.message and problem.hint


def test_an_unknown_code_of_a_vocabulary_lists_all_its_codes_closest_first(write_contribution):
    """A status the vocabulary lacks, which no code is a slip for: every status, not one guess."""
    root = write_contribution()
    statuses = list(load(root).reference.vocabulary("statuses"))
    text = VALID_CONTRIBUTION.replace("    status: done\n", "    status: completed\n", 1)
    problem = only_problem(write_contribution, text)
    assert (problem.field, problem.line) == ("items[0].status", line_of(text, "status: completed"))
    assert problem.message == "unknown status 'completed'"
    assert problem.hint == (f"the status codes, closest first: {', '.join(closest_first('completed', statuses))} "
                            "(data/reference/vocabularies.yaml)")
    assert "did you mean" not in problem.hint and len(statuses) > 2


def test_a_code_out_of_form_is_said_in_words_with_its_vocabularys_codes(write_contribution):
    root = write_contribution()
    kinds = list(load(root).reference.vocabulary("item_kinds"))
    text = VALID_CONTRIBUTION.replace("    kind: advocacy\n", "    kind: Technical support\n", 1)
    problem = only_problem(write_contribution, text)
    assert (problem.field, problem.line) == ("items[1].kind", line_of(text, "kind: Technical support"))
    assert problem.message == f"'Technical support' is not {PATTERN_WORDS[SLUG_PATTERN]}"
    assert "pattern" not in problem.message and "^" not in problem.message
    assert problem.hint == (f"did you mean 'technical-support'? the item kind codes, closest first: "
                            f"{', '.join(closest_first('technical-support', kinds))} (data/reference/vocabularies.yaml)")
    assert len(problem.hint.split("first: ")[1].split(", ")) == len(kinds)


def test_a_long_list_of_codes_gives_its_closest_and_says_where_the_rest_are(write_contribution):
    text = VALID_CONTRIBUTION.replace("code: MEX,", "code: MEXX,")
    problem = next(p for p in problems_for(write_contribution, text) if p.field == "items[0].countries[0].code")
    assert problem.hint.startswith("did you mean 'MEX'? the closest country codes are MEX, ")
    assert problem.hint.endswith("; all are in data/reference/countries.csv (ISO 3166-1 alpha-3)")
    assert len(problem.hint.split("are ", 1)[1].split(";")[0].split(", ")) == CLOSEST_CODES


def test_every_pattern_a_field_must_match_is_said_in_words():
    import inspect

    from pydantic import BaseModel

    from migration_briefs.model import models

    def patterns(node) -> set[str]:
        if isinstance(node, dict):
            return ({node["pattern"]} if isinstance(node.get("pattern"), str) else set()) | {
                p for value in node.values() for p in patterns(value)}
        return {p for value in node for p in patterns(value)} if isinstance(node, list) else set()

    found = {p for _, model in inspect.getmembers(models, inspect.isclass)
             if issubclass(model, BaseModel) and model.__module__ == models.__name__
             for p in patterns(model.model_json_schema())}
    assert SLUG_PATTERN in found and found <= set(PATTERN_WORDS), found - set(PATTERN_WORDS)
