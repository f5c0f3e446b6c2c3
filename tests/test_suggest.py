"""Suggested SDG targets: ranked by the official wording of goals, targets and indicators,
explained by the words they share, at most three, the same every time; the command prints one JSON
array per line, for any line. And the pure parts of bench/suggest.py, which measures them on an
expert-labelled set (the measuring itself is run by hand)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.suggest import DATA, Row, load, measure
from migration_briefs.sources.suggest import LIMIT, suggest_targets

BRIEFS = Path(sys.executable).parent / "briefs"


def test_a_text_about_women_migrant_workers_labour_rights_suggests_target_8_8_first():
    [first, *rest] = suggest_targets("The project protected the labour rights of women migrant workers.")
    assert (first.code, first.goal) == ("8.8", 8) and 0 < first.score <= 1
    assert {"migrant", "labour"} <= set(first.matched)
    assert len(rest) < LIMIT and all(s.score <= first.score for s in rest)


def test_suggestions_are_the_same_every_time_and_at_most_three():
    text = "Support Member States in developing gender-responsive migration policies and laws."
    assert suggest_targets(text) == suggest_targets(text)
    assert 0 < len(suggest_targets(text)) <= LIMIT
    assert suggest_targets(text)[0].code == "10.7"


def test_texts_with_nothing_to_match_get_no_suggestion():
    assert suggest_targets("") == []
    assert suggest_targets("移民妇女的劳动权利受到保护。") == []
    assert suggest_targets("حماية حقوق العاملات المهاجرات") == []
    assert suggest_targets("It was sunny on Tuesday, said the clerk.") == []


def test_a_very_long_line_reads_only_its_start():
    long = "migrant workers labour rights " + "x" * 100_000
    found = suggest_targets(long)
    assert found and found[0].code == "8.8" and len(found) <= LIMIT


def test_the_command_prints_one_json_array_per_line(tmp_path):
    texts = tmp_path / "texts.txt"
    long = "labour rights of migrant workers " * 4000  # about 130,000 characters on one line
    texts.write_text("\n".join(["Protecting the labour rights of women migrant workers", "", "移民妇女", long,
                                "orderly, safe and regular migration policies"]) + "\n", encoding="utf-8")
    result = subprocess.run([str(BRIEFS), "suggest-targets", str(texts)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5
    assert lines[0][0]["code"] == "8.8" and set(lines[0][0]) == {"code", "goal", "score", "matched"}
    assert lines[1] == [] and lines[2] == []
    assert lines[3][0]["code"] == "8.8" and lines[4][0]["code"] == "10.7"
    piped = subprocess.run([str(BRIEFS), "suggest-targets", "-"], input="labour rights of migrant workers\n",
                           capture_output=True, text=True)
    assert json.loads(piped.stdout)[0]["code"] == "8.8"
    missing = subprocess.run([str(BRIEFS), "suggest-targets", str(tmp_path / "none.txt")], capture_output=True,
                             text=True)
    assert missing.returncode == 2 and "one text per line" in missing.stderr and "Traceback" not in missing.stderr


def test_no_target_is_suggested_on_a_stem_two_unrelated_words_share():
    """Snowball gives "mobile" and "mobilize" one stem; a text on mobile clinics is not about
    mobilizing resources (17.3, 17.1, 15.a, 15.b, 13.a)."""
    found = suggest_targets("Mobile clinics for women in transit along the border.")
    assert not {"17.1", "17.3", "15.a", "15.b", "13.a"} & {s.code for s in found}


def test_a_term_in_other_words_ranks_with_the_official_wording():
    """drafting.yaml's target_terms: trafficking in persons is human trafficking (8.7, 5.2), not
    the trafficking of protected species (15.7)."""
    found = suggest_targets("The agency trained judges on trafficking in persons.")
    assert found and found[0].code in {"8.7", "5.2", "16.2"} and "trafficking" in found[0].matched
    assert all(s.score < found[0].score for s in found if s.code.startswith("15."))
    # the Protocol's exploitation (forced labour, slavery) is target 8.7's wording, whose child
    # labour and child soldiers otherwise outweigh its "human trafficking"
    assert "8.7" in {s.code for s in found}
    # goal 8's title says "full and productive employment and decent work"; "for all women and
    # men" is what tells target 8.5 from the goal's other targets
    assert suggest_targets("Livelihoods for women in host communities.")[0].code == "8.5"


def test_a_financial_service_or_concessional_finance_in_other_words_ranks_with_the_official_wording():
    """drafting.yaml's target_terms: a savings account or a credit union is access to banking and
    financial services (8.10, as its indicator's metadata counts them); finance lent on concessional
    terms, or by the International Development Association, is official development assistance
    (10.b). Microfinance for the poor keeps target 1.4, which names it."""
    def codes(text: str) -> list[str]:
        return [s.code for s in suggest_targets(text)]
    assert codes("Seasonal workers opened savings accounts.")[0] == "8.10"
    assert codes("Credit unions in the border towns served returnees.")[0] == "8.10"
    assert codes("Microfinance for the very poor.")[0] == "1.4"
    assert "10.b" in codes("Grants from the International Development Association reached host communities.")
    lent = codes("The fund lends on concessional terms to governments of countries hosting displaced people.")
    assert lent[0] == "10.b" and "17.7" not in lent  # ranking_words.yaml: 17.7's concessional terms are for technology
    assert codes("Environmentally sound technologies were transferred on concessional terms.")[0] == "17.7"


def test_a_text_in_its_goals_words_rather_than_its_targets_suggests_that_goal_first():
    """A target is read with its goal's title: "peaceful and inclusive societies" is goal 16's
    wording, "lifelong learning" goal 4's, though no target of theirs uses those words."""
    assert suggest_targets("Peaceful and inclusive societies need effective institutions.")[0].goal == 16
    assert suggest_targets("Lifelong learning opportunities for adult women.")[0].goal == 4


def test_a_word_that_says_nothing_of_a_topic_says_nothing_in_any_of_its_forms():
    """drafting.yaml's ranking_stop_words are read by their stems: "support" and "implementation"
    leave out "supported" and "implemented", which target 12.1's "supporting" and "implementing"
    would otherwise match."""
    assert suggest_targets("The project supported and implemented activities.") == []
    found = suggest_targets("Women migrant workers supported by the project.")
    assert found[0].code == "8.8" and not {"supporting", "support"} & set(found[0].matched)


def test_a_word_the_goal_and_the_target_both_state_weighs_for_that_target():
    """The goal's title, the target and its indicators are weighed as three statements: "end
    hunger", goal 2's words and target 2.1's again, ranks 2.1 well ahead of targets that only
    stand under the goal."""
    [first, second, *_] = suggest_targets("End hunger.")
    assert first.code == "2.1" and second.score < 0.6 * first.score


def test_forms_of_one_word_a_stemmer_keeps_apart_rank_as_one():
    """ranking_words.yaml `families`: the targets write "migration" (10.7) and "migrant workers" (8.8), and
    Snowball gives the two words different stems; a text on migrants ranks target 10.7 too. An
    American spelling ranks as the targets' British one."""
    assert "10.7" in {s.code for s in suggest_targets("Stranded migrants received shelter and counselling.")}
    assert "10.7" in {s.code for s in suggest_targets("Immigrants and emigrants were counted.")}
    banks = suggest_targets("Financing of banks and microfinance institutions.")
    assert banks[0].code == "8.10" and "financial" in banks[0].matched  # 8.10's "financial services"
    british = suggest_targets("The labour rights of a woman migrant worker.")
    assert british == suggest_targets("The labor rights of a woman migrant worker.")
    assert british[0].code == "8.8" and "labour" in british[0].matched


def test_a_word_a_target_uses_in_one_sense_counts_for_it_only_in_that_sense():
    """ranking_words.yaml `senses`: trafficking in persons is not the trafficking of protected
    species (15.7, 15.c), fair recruitment not the fair sharing of genetic resources (15.6) nor the
    recruitment of health workers (3.c), mobile clinics not a mobile network (9.c, 5.b)."""
    def codes(text: str) -> set[str]:
        return {s.code for s in suggest_targets(text)}
    assert not {"15.7", "15.c"} & codes("Victims of trafficking in persons and of trafficking of migrants.")
    assert not {"15.6", "3.c"} & codes("Fair recruitment of women migrant workers, with no fees.")
    clinics = suggest_targets("Mobile clinics for women in transit along the border.")
    assert "9.c" not in {s.code for s in clinics}
    assert all("mobile" not in s.matched for s in clinics if s.code == "5.b")  # it may rank on "women"
    [wildlife, *_] = suggest_targets("Poaching and trafficking of wildlife.")
    assert wildlife.code == "15.7" and "trafficking" in wildlife.matched
    assert "recruitment" in suggest_targets("Recruitment and retention of health workers.")[0].matched
    assert suggest_targets("Women who own a mobile phone.")[0].code == "5.b"


def test_every_sense_names_a_word_its_targets_wording_uses():
    from migration_briefs.model.reference import load_drafting, load_reference
    from migration_briefs.paths import Project
    from migration_briefs.sources.suggest import _ranker

    ranker = _ranker(Project.at(None))
    senses = load_drafting(load_reference()).ranking_words.senses
    assert len(ranker.senses) == len(senses)  # a word no target uses would have no column
    assert all(ranker.matrix[row, column] > 0 for row, column, _ in ranker.senses)


def test_the_ranking_words_table_is_checked_and_each_problem_located(project):
    from migration_briefs.errors import DataValidationError
    from migration_briefs.model.reference import RANKING_WORDS_FILE, load_drafting, load_reference
    from migration_briefs.paths import Project

    reference = load_reference(Project(project))
    ranking = load_drafting(reference, Project(project)).ranking_words
    assert ranking.families and ranking.senses
    assert all(len(f.words) >= 2 and f.source for f in ranking.families)
    table = project / "data" / "reference" / RANKING_WORDS_FILE
    name = f"data/reference/{RANKING_WORDS_FILE}"

    def only_problem(text: str):
        table.write_text(text, encoding="utf-8")
        with pytest.raises(DataValidationError) as caught:
            load_drafting(reference, Project(project))
        [problem] = caught.value.problems
        return problem
    families = "families:\n  - words: [travel, travels]\n    source: one\n"
    problem = only_problem(families + "  - words: [journey, migration-related]\n    source: two\nsenses: []\n")
    assert (problem.file, problem.line, problem.field) == (name, 4, "families.1.words.1")
    assert "letters a to z only" in problem.message
    problem = only_problem(families + "  - words: [journey, Travels]\n    source: two\nsenses: []\n")
    assert (problem.file, problem.line, problem.field) == (name, 4, "families.1.words")
    assert "'travels' is already listed on line 2" in problem.message
    problem = only_problem(families + "senses:\n  - target: '15.99'\n    word: travel\n"
                                      "    only_with: [journey]\n    source: three\n")
    assert (problem.file, problem.line, problem.field) == (name, 5, "senses.0.target")
    table.unlink()
    with pytest.raises(DataValidationError) as caught:
        load_drafting(reference, Project(project))
    [problem] = caught.value.problems
    assert problem.file == name and "missing" in problem.message


def test_the_bench_counts_each_goals_rows_as_the_published_benchmark_does():
    rows = [Row("a", "on water", 6, True), Row("b", "on power", 6, False), Row("c", "on both", 6, True),
            Row("d", "on water", 7, False), Row("e", "on power", 7, True), Row("f", "on nothing", 7, False),
            Row("g", "on everything", 7, True)]
    found = {"on water": [6], "on power": [6, 7], "on both": [7, 6], "on nothing": [],
             "on everything": [1, 2, 3, 7]}
    result = measure("test", found.__getitem__, True, rows)
    six, seven = result.per_goal[6], result.per_goal[7]
    assert (six.tp, six.fp, six.tn, six.fn) == (2, 1, 0, 0)
    assert (seven.tp, seven.fp, seven.tn, seven.fn) == (2, 0, 2, 0)
    assert result.mean("accuracy") == pytest.approx((2 / 3 + 1) / 2)  # unweighted over the goals
    assert (result.pooled.tp, result.pooled.fp) == (4, 1)
    # "on both" is right for 6 but ranks 7 first; "on power" is True for 7 only, and ranks 6 first
    assert result.top1 == {6: (1, 2), 7: (0, 2)}
    assert (result.texts, result.none, result.over_limit) == (5, 1, 1)


def test_the_bench_reads_only_the_file_its_readme_describes(tmp_path):
    changed = tmp_path / "set.csv"
    changed.write_bytes(DATA.read_bytes().replace(b",True", b",False", 1))
    with pytest.raises(SystemExit, match="SHA-256"):
        load(path=changed)
    rows = load()
    assert len(rows) == 1251 and {row.sdg for row in rows} == set(range(1, 18))
    tune, test = load("tune"), load("test")
    assert len(tune) + len(test) == len(rows) and not {r.text for r in tune} & {r.text for r in test}
