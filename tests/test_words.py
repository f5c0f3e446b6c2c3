"""The briefs' words (briefs/words.py): templates beside the notebooks, looked up from a kind's own
file to the shared one, escaped as they render, and every problem located in its file and key."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from migration_briefs import load, paths
from migration_briefs.briefs.goal import goal_brief
from migration_briefs.briefs.words import Words
from migration_briefs.errors import WordsError
from tests.projects import project_root


@pytest.fixture
def notebooks(tmp_path, monkeypatch) -> Path:
    """The notebooks and their words in a copy of the default project, made the default project."""
    shutil.copytree(paths.NOTEBOOKS_DIR, tmp_path / "notebooks")
    shutil.copytree(paths.DATA_DIR, tmp_path / "data")
    monkeypatch.setattr(paths, "PROJECT", paths.Project(tmp_path))
    return tmp_path / "notebooks"


def words_of(folder: Path, kind: str = "goal_brief", scope: str = "one agency") -> Words:
    return Words.of(kind, scope, notebooks=folder)


def test_a_kind_rewords_a_shared_sentence_for_itself_and_the_scope_section_comes_before_the_rest(notebooks):
    (notebooks / "goal_brief.yaml").write_text(
        (notebooks / "goal_brief.yaml").read_text(encoding="utf-8")
        + "masthead:\n  prepared_by: Put together by {{ publisher }} from\n", encoding="utf-8")
    assert words_of(notebooks).say("masthead.prepared_by", publisher="X") == "Put together by X from"
    assert words_of(notebooks, "overview_brief").say("masthead.prepared_by", publisher="X") == "Prepared by X from"
    across = words_of(notebooks, "system_goal", "all agencies")
    assert across.say("masthead.agency_name") != words_of(notebooks).say("masthead.agency_name", agency="UN Women")


def test_names_from_the_data_are_escaped_and_links_built_here_are_not(notebooks):
    from markupsafe import Markup
    said = words_of(notebooks).say("about", goal="5", goal_title='<script>x</script> & "y"')
    assert "<script>" not in said and "&lt;script&gt;" in said
    cite = Markup(' <span class="cite">(<a href="#p1">¶ p1</a>)</span>')
    assert cite in words_of(notebooks).say("targets.item", item="I", status="activity", reason="R", summary="",
                                           outcomes="", cite=cite)


@pytest.mark.parametrize("text, where, expected", [
    ("about: [unclosed\n", "notebooks/goal_brief.yaml", "cannot be read as YAML"),
    ("- a list\n", "notebooks/goal_brief.yaml", "must be a mapping of names to words"),
    ("about: Goal {{ goal }\n", "notebooks/goal_brief.yaml: about", "the template is not valid"),
    ("about: Goal {{ goal_number }}\n", "notebooks/goal_brief.yaml: about",
     "the template asks for a fact the brief does not give ('goal_number' is undefined)"),
    ("about: Goal {{ count(goal_title, 3) }}\n", "notebooks/goal_brief.yaml: about", "the template fails with these facts"),
])
def test_a_bad_words_file_or_template_is_named_with_its_file_and_key(notebooks, text, where, expected):
    (notebooks / "goal_brief.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(WordsError) as caught:
        words_of(notebooks).say("about", goal="5", goal_title="Gender equality")
    message = str(caught.value)
    assert message.startswith(where) and expected in message, message
    assert caught.value._render_traceback_() == [f"WordsError: {message}"], "one line in a kernel, no traceback"


def test_the_words_of_a_kind_are_named_never_a_path(notebooks):
    with pytest.raises(WordsError, match="is not the name of a kind of brief's words"):
        Words.of("../../data/publisher", "one agency", notebooks=notebooks)


def test_words_no_file_holds_are_named_with_every_file_looked_in(notebooks):
    with pytest.raises(WordsError) as caught:
        words_of(notebooks).say("no.such.words")
    assert "notebooks/goal_brief.yaml, notebooks/shared.yaml, notebooks/charts.yaml: no.such.words" in str(caught.value)


def test_a_message_or_a_column_the_brief_does_not_compute_is_named_with_what_it_does(notebooks):
    dataset = load(notebooks.parent)
    text = (notebooks / "goal_brief.yaml").read_text(encoding="utf-8")
    (notebooks / "goal_brief.yaml").write_text(text.replace("first: [named]", "first: [named, contxt]"), encoding="utf-8")
    with pytest.raises(WordsError) as caught:
        goal_brief(8, 2016, "un-women", dataset=dataset).messages()
    assert "key_messages.first: a goal brief computes no message 'contxt'" in str(caught.value)
    assert "it computes: most_tied, named, ties" in str(caught.value)
    (notebooks / "goal_brief.yaml").write_text(text.replace("    stated: Tied by the paper\n",
                                                            "    stated: Tied by the paper\n    budget: Budget\n"),
                                               encoding="utf-8")
    two_meetings = load(project_root("stated-ties"))
    with pytest.raises(WordsError, match="across_meetings.columns.budget: a goal brief has no such column"):
        goal_brief(10, 2017, "fixture-a", dataset=two_meetings).across_meetings()


def test_a_brief_whose_words_fail_is_reported_in_one_located_sentence_and_the_words_count_as_its_input(tmp_path):
    from migration_briefs.pipeline.run import Filters, build
    root = tmp_path / "project"
    shutil.copytree(paths.NOTEBOOKS_DIR, root / "notebooks")
    shutil.copytree(paths.DATA_DIR, root / "data")
    only = Filters(year=2016, agency="un-women", goal=8)
    assert not build(only, root=root, formats=("html",), log=lambda *a, **k: None).failed
    words = root / "notebooks" / "goal_brief.yaml"
    words.write_text(words.read_text(encoding="utf-8").replace("about: 'Goal {{ goal }}",
                                                               "about: 'Goal {{ goal_no }}"),
                     encoding="utf-8")
    report = build(only, root=root, formats=("html",), log=lambda *a, **k: None)
    (failure,) = report.failed
    assert "raised WordsError: notebooks/goal_brief.yaml: about: the template asks for a fact the brief does not give" \
        in failure.error
