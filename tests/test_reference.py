"""The reference tables: complete, in official wording, and reproducible from upstream."""
from __future__ import annotations

import filecmp
import re
from pathlib import Path

import pytest

from migration_briefs import paths
from migration_briefs.model.reference import import_reference, load_reference

# open-sdg's English titles, as the tables were last imported from (with their licence).
UPSTREAM = Path(__file__).parent / "fixtures" / "sdg"


@pytest.fixture(scope="module")
def reference():
    return load_reference()


def test_all_17_goals(reference):
    assert list(reference.goals) == [str(n) for n in range(1, 18)]
    assert reference.goals["5"].title == "Achieve gender equality and empower all women and girls"


@pytest.mark.parametrize("code, wording", [
    ("5.2", "Eliminate all forms of violence against all women and girls in the public and private spheres, "
            "including trafficking and sexual and other types of exploitation"),
    ("8.8", "Protect labour rights and promote safe and secure working environments for all workers, including "
            "migrant workers, in particular women migrants, and those in precarious employment"),
    ("10.7", "Facilitate orderly, safe, regular and responsible migration and mobility of people, including "
             "through the implementation of planned and well-managed migration policies"),
])
def test_official_target_wording(reference, code, wording):
    assert reference.targets[code].title == wording


def test_targets_and_indicators_belong_to_known_parents(reference):
    assert len(reference.targets) == 169
    assert all(t.goal in reference.goals for t in reference.targets.values())
    assert all(i.target in reference.targets for i in reference.indicators.values())
    assert reference.indicators["10.7.2"].target == "10.7"


def test_countries_are_iso_3166(reference):
    assert len(reference.countries) == 249
    assert {c: reference.countries[c].name for c in ("MEX", "MDA", "PHL")} == {
        "MEX": "Mexico", "MDA": "Moldova", "PHL": "Philippines"}


def test_mechanisms_have_types_from_the_vocabulary(reference):
    types = reference.vocabulary("mechanism_types")
    assert {"CMW", "CEDAW", "CERD", "CESCR", "WGDAW", "GMG", "GFMD", "UPR", "CSW"} <= set(reference.mechanisms)
    for mechanism in reference.mechanisms.values():
        assert mechanism.type in types
    assert reference.mechanisms["CMW"].type == "treaty-body"
    assert reference.mechanisms["WGDAW"].type == "special-procedure"


def test_sdg_and_country_tables_regenerate_identically(tmp_path):
    written = import_reference(UPSTREAM, directory=tmp_path)
    for path in written:
        assert filecmp.cmp(path, paths.REFERENCE_DIR / path.name, shallow=False), path.name


OFFICIAL_HOSTS = ("ohchr.org", "un.org", "unwomen.org", "unu.edu", "gfmd.org")


def test_mechanism_facts_cite_official_sources_only(reference):
    from urllib.parse import urlparse
    for mechanism in reference.mechanisms.values():
        refs = {source.ref for source in mechanism.sources}
        for source in mechanism.sources:
            if source.url:
                host = urlparse(source.url).hostname
                assert host.endswith(OFFICIAL_HOSTS), f"{mechanism.code} {source.ref}: {host} is not an official host"
        texts = [mechanism.instrument, mechanism.established_note, mechanism.body_of or "", *mechanism.notes]
        cited = {tag for text in texts for group in re.findall(r"\[(M[\d, M]+)\]", text)
                 for tag in group.replace(" ", "").split(",")}
        assert cited <= refs, f"{mechanism.code} cites {sorted(cited - refs)} without listing them"
        assert refs <= cited, f"{mechanism.code} lists {sorted(refs - cited)} that no fact cites"
        assert "unverified" not in " ".join(texts).lower()


def test_import_reference_without_the_upstream_files_is_one_sentence_and_writes_nothing(tmp_path, capsys):
    from migration_briefs.cli import main
    before = sorted(paths.REFERENCE_DIR.iterdir())
    assert main(["import-reference", "--from", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert len(error.strip().splitlines()) == 1 and "global_goals.yml" in error and "Nothing was written." in error
    assert sorted(paths.REFERENCE_DIR.iterdir()) == before
