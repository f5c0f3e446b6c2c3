"""`briefs coverage` and the coverage line of `briefs validate`: the paragraphs nothing cites."""
from __future__ import annotations

import pytest

from migration_briefs.cli import main
from migration_briefs.sources.coverage import citations, coverage

from .conftest import VALID_CONTRIBUTION


def test_citations_are_found_in_any_field_named_source_however_deep():
    """Today's fields and fields the model may gain (key messages, per-code SDG sources)."""
    data = {
        "source": {"text": "sources/x.yaml", "original": "not a citation"},
        "meeting": {"source": ["p1", "p2"]},
        "key_messages": [{"text": "…", "source": ["p3"]}],
        "items": [{"id": "first", "source": ["p4"],
                   "sdg": {"stated": [{"code": "8.8", "source": ["p5"]}], "analyst": [{"code": "5", "reason": "…"}]},
                   "countries": [{"code": "MEX", "role": "pilot"}],
                   "events": [{"title": "e", "source": ["p4", "p6"]}],
                   "products": [{"title": "p", "source": ["p7"]}]}],
    }
    found = citations(data)
    assert set(found) == {"p1", "p2", "p3", "p4", "p5", "p6", "p7"}
    assert found["p4"] == ["items[first]", "items[first].events[0]"]
    assert found["p5"] == ["items[first].sdg.stated[0]"]
    assert found["p3"] == ["key_messages[0]"]


def test_the_papers_own_disclaimer_is_cited_by_disclaimer():
    found = citations({"disclaimer": ["p40"], "items": [{"id": "a", "source": ["p1"]}]})
    assert found == {"p40": ["disclaimer"], "p1": ["items[a]"]}


def test_every_field_of_the_model_that_holds_paragraph_ids_counts_as_citing():
    import typing

    from pydantic import BaseModel

    from migration_briefs.model.models import Contribution, ParagraphId
    from migration_briefs.sources.coverage import CITING_FIELDS

    holding, seen = set(), set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            for kind in _kinds(info.annotation):
                if kind == ParagraphId:
                    holding.add(name)
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    walk(kind)

    def _kinds(annotation) -> list:
        found = [annotation]
        for arg in typing.get_args(annotation):
            found += _kinds(arg)
        return found

    walk(Contribution)
    assert holding == CITING_FIELDS


def test_real_data_cites_every_paragraph():
    report = coverage()
    assert report.contributions and all(not c.uncited and not c.problem for c in report.contributions)
    assert report.summary() == "Coverage: every one of the 35 paragraphs of the source texts (headings aside) is cited."


def test_lists_uncited_paragraphs_by_section_with_their_first_words_and_not_headings(write_contribution):
    root = write_contribution()
    report = coverage(root)
    [entry] = report.contributions
    headings = {"p9", "p12", "p26", "p34"}
    assert [p.id for p in entry.uncited] == [f"p{i}" for i in range(5, 40) if f"p{i}" not in headings]
    details = report.details()
    assert "data/contributions/un-women/2017.yaml: 31 of 35 paragraphs (headings aside) of " \
           "sources/un-women_15th-coordination-meeting_2017.yaml are cited nowhere in it yet:" in details
    assert "  A.1 Chair of the GMG\n    p13   paragraph    UN Women served as 2016 Chair of the Global Migration …" \
        in details
    assert "   heading   " not in details
    assert report.summary().startswith(
        "Coverage: 31 of 35 paragraphs (headings aside) are cited by nothing (un-women/2017: 31).")
    assert "run `make coverage`" in report.summary()


def test_a_contribution_still_being_written_is_covered_without_validating(write_contribution):
    unfinished = VALID_CONTRIBUTION.replace("kind: coordination", "kind:").replace("year: 2016\n", "year:\n", 1)
    root = write_contribution(unfinished)
    [entry] = coverage(root).contributions
    assert not entry.problem and len(entry.uncited) == 31


def test_a_source_no_contribution_uses_is_named_with_the_next_step(project):
    report = coverage(project)
    assert report.orphans == ["sources/un-women_15th-coordination-meeting_2017.yaml"]
    assert "briefs draft --source un-women_15th-coordination-meeting_2017 --agency AGENCY --meeting YEAR" in report.details()


def test_validate_warns_about_uncited_paragraphs_and_still_succeeds(project_paths, write_contribution, capsys):
    write_contribution()
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Data OK: 1 contributions")
    assert out[1] == "Coverage: 31 of 35 paragraphs (headings aside) are cited by nothing (un-women/2017: 31)."
    assert out[2] == "  hint: run `make coverage` (or `briefs coverage`) to see what is left."


def test_coverage_command_narrows_to_an_agency_and_a_meeting(project_paths, write_contribution, capsys):
    write_contribution()
    assert main(["coverage", "--agency", "un-women", "--meeting", "2017"]) == 0
    assert "31 of 35 paragraphs" in capsys.readouterr().out
    assert main(["coverage", "--meeting", "2016"]) == 0
    assert capsys.readouterr().out.startswith("No contribution file matches.")


def test_coverage_takes_year_as_the_meetings_and_says_to_write_meeting(project_paths, write_contribution, capsys):
    """--year was the meeting's year here, the only year coverage knows: it still works, and says
    the new name; given beside --meeting with another year, it is refused, naming --meeting."""
    write_contribution()
    assert main(["coverage", "--year", "2017"]) == 0
    out, err = capsys.readouterr()
    assert "31 of 35 paragraphs" in out and "write --meeting 2017" in err
    with pytest.raises(SystemExit) as stopped:
        main(["coverage", "--meeting", "2017", "--year", "2016"])
    assert stopped.value.code == 2
    assert "give the meeting's year once, as --meeting" in capsys.readouterr().err
