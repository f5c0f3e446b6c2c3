"""The synthetic corpus (bench/corpus.py): it validates, it is the same bytes for the same seed,
it holds what the system briefs need, it says everywhere that it is synthetic, and it is never
written into the repository's data/."""
from __future__ import annotations

import re
from collections import defaultdict
from html import escape
from pathlib import Path

import pytest
import yaml

from bench.corpus import (
    MARKER,
    OTHER_COUNTRIES,
    PROGRAMME_COUNTRIES,
    ROOT,
    SYNTHETIC_MESSAGE,
    CorpusError,
    main,
    write_corpus,
)
from migration_briefs.briefs.overview import system_overview
from migration_briefs.model.loader import load


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def dataset(synthetic_project):
    return load(synthetic_project)


def test_the_corpus_validates_with_the_projects_loader(dataset):
    assert dataset.agencies() == [f"synthetic-0{i}" for i in range(1, 6)]
    assert not dataset.drafts
    assert 5 < len(dataset.contributions) < 10  # some agencies send a paper to one meeting only


def test_the_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path, synthetic_project):
    again = write_corpus(tmp_path / "again", agencies=5, meetings=2, seed=0)
    assert files_of(again) == files_of(synthetic_project)
    write_corpus(again, agencies=5, meetings=2, seed=0)  # over its own earlier corpus
    assert files_of(again) == files_of(synthetic_project)
    other = write_corpus(tmp_path / "other", agencies=5, meetings=2, seed=1)
    assert files_of(other) != files_of(synthetic_project)


def test_it_holds_what_the_system_briefs_need(dataset):
    meetings = defaultdict(set)
    for contribution in dataset.contributions:
        meetings[contribution.agency].add(contribution.year)
    assert len(set().union(*meetings.values())) >= 2
    assert any(len(years) == 1 for years in meetings.values())
    assert any(len(years) >= 2 for years in meetings.values())
    months = {e.event.date[:7] for e in dataset.events() if e.precise}
    assert len(months) >= 3
    assert len(dataset.goals()) >= 5 and len(dataset.mechanisms()) >= 4
    assert {r.item.status for r in dataset.records} == {"done", "outcome", "planned"}
    agencies_in = defaultdict(set)
    for record in dataset.records:
        for country in record.item.countries:
            if country.role == "programme":
                agencies_in[country.code].add(record.agency)
    assert sum(len(agencies) >= 2 for agencies in agencies_in.values()) >= 2
    assert any(r.item.sdg.stated for r in dataset.records) and any(r.item.sdg.analyst for r in dataset.records)
    assert any(c.sdg_statements for c in dataset.contributions)
    assert all(c.key_messages for c in dataset.contributions)


def test_a_meeting_is_named_with_its_english_ordinal(tmp_path):
    dataset = load(write_corpus(tmp_path / "ten", agencies=1, meetings=10))
    short_names = [c.meeting.short_name.split()[0] for c in sorted(dataset.contributions, key=lambda c: c.year)]
    assert short_names == ["15th", "16th", "17th", "18th", "19th", "20th", "21st", "22nd", "23rd", "24th"]


def test_the_countries_an_item_names_are_programme_countries_or_member_states_papers_name(dataset):
    named = {country.code for record in dataset.records for country in record.item.countries}
    assert named <= set(PROGRAMME_COUNTRIES) | set(OTHER_COUNTRIES)
    assert named & set(OTHER_COUNTRIES), "now and then an item names a country beyond the programme ones"


def on_subject(item, about: str | None) -> bool:
    if about is None:
        return True
    kind, code = about.split("-", 1)
    if kind == "goal":
        return any(link.code.split(".")[0] == code for link in [*item.sdg.stated, *item.sdg.analyst])
    if kind == "mechanism":
        return code in item.mechanisms
    return code in {country.code for country in item.countries}


def test_each_meeting_has_notes_on_its_papers_read_together_citing_items_on_their_subject(synthetic_project,
                                                                                         dataset):
    assert sorted(p.name for p in (synthetic_project / "data" / "system").iterdir()) == ["2017.yaml", "2018.yaml"]
    # load() validated them against the papers: meeting, paragraphs that exist and are not headings
    assert sorted(notes.year for notes in dataset.system_notes) == [2017, 2018]
    for notes in dataset.system_notes:
        abouts = [message.about for message in notes.key_messages]
        assert 2 <= abouts.count(None) <= 4
        assert {"goal-5", "goal-8", "mechanism-CMW"} <= set(abouts)
        assert any(about.startswith("country-") and about[-3:] in PROGRAMME_COUNTRIES for about in abouts if about)
        for message in notes.key_messages:
            assert message.year == notes.year - 1 or message.year == notes.year
            assert SYNTHETIC_MESSAGE in message.text
            agencies = [cited.agency for cited in message.source]
            assert 1 <= len(agencies) <= 3 and len(set(agencies)) == len(agencies)
            for cited in message.source:
                items = [item for item in dataset.contribution(cited.agency, cited.year).items
                         if item.year == message.year and on_subject(item, message.about)]
                assert set(cited.paragraphs) <= {pid for item in items for pid in item.source}, message


def test_the_system_overview_opens_with_the_meetings_notes(synthetic_project, dataset):
    notes = yaml.safe_load((synthetic_project / "data" / "system" / "2017.yaml").read_text(encoding="utf-8"))
    texts = {escape(m["text"]) for m in notes["key_messages"] if m["year"] == 2016 and "about" not in m}
    assert texts
    assert system_overview(2016, dataset=dataset).messages()[0][0] in texts


def test_an_agencys_papers_are_the_same_whatever_the_size_of_the_corpus(tmp_path):
    """bench/scale.py times one agency's briefs at every size: only the partners it names may differ."""
    def without_partners(value):
        if isinstance(value, dict):
            return {k: without_partners(v) for k, v in value.items() if k != "partners"}
        if isinstance(value, list):
            return [without_partners(v) for v in value]
        if isinstance(value, str):
            return re.sub(r" together with Synthetic agency \d+( and Synthetic agency \d+)?", "", value)
        return value

    def papers(agencies: int) -> dict:
        folder = write_corpus(tmp_path / str(agencies), agencies=agencies) / "data" / "contributions" / "synthetic-01"
        return {path.name: without_partners(yaml.safe_load(path.read_text(encoding="utf-8")))
                for path in sorted(folder.glob("*.yaml"))}

    alone, among_others = papers(1), papers(4)
    assert alone == among_others and len(alone) == 2


def test_it_says_everywhere_that_it_is_synthetic(synthetic_project, dataset):
    assert all(dataset.reference.agencies[code].name.startswith("Synthetic agency") for code in dataset.agencies())
    assert all(c.title.startswith("Synthetic") for c in dataset.contributions)
    assert all("Synthetic" in s.title and "not a real paper" in s.origin for s in dataset.sources.values())
    assert "synthetic corpus" in dataset.publisher.disclaimer
    assert (synthetic_project / MARKER).is_file()
    assert not (synthetic_project / "data" / "contributions" / "un-women").exists()


def test_the_real_contributions_come_only_when_asked(tmp_path):
    root = write_corpus(tmp_path / "with-real", agencies=1, meetings=1, with_real=True)
    assert "un-women" in load(root).agencies()


@pytest.mark.parametrize("where", ["data", "data/corpus", "."])
def test_it_refuses_the_repository_and_its_data(where, capsys):
    out = ROOT / where
    before = files_of(ROOT / "data")
    assert main(["2", "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "never written into the repository or its data/" in error and error.count("\n") == 1
    assert files_of(ROOT / "data") == before
    assert not (ROOT / "data" / "corpus").exists()


def test_it_refuses_a_folder_that_holds_something_else(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(CorpusError, match="is not empty"):
        write_corpus(tmp_path, agencies=1)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_rewrite_keeps_what_is_not_the_corpus(tmp_path):
    root = write_corpus(tmp_path / "corpus", agencies=2, meetings=1)
    (root / "build").mkdir()
    (root / "build" / "kept.txt").write_text("a build's output", encoding="utf-8")
    write_corpus(root, agencies=1, meetings=1)
    assert (root / "build" / "kept.txt").is_file()
    assert sorted(p.name for p in (root / "data" / "contributions").iterdir()) == ["synthetic-01"]
    agencies = yaml.safe_load((root / "data" / "reference" / "agencies.yaml").read_text(encoding="utf-8"))
    assert [a["code"] for a in agencies["agencies"] if a["code"].startswith("synthetic")] == ["synthetic-01"]
