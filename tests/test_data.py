"""The real data: it validates, covers every paragraph of its source, quotes it verbatim,
and matches the JSON Schema published for editors."""
from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest

from migration_briefs import load, paths
from migration_briefs.model.loader import contribution_files
from migration_briefs.model.schema import schema_text
from migration_briefs.model.yaml_source import read_yaml
from migration_briefs.sources.coverage import citations
from tests.projects import REPOSITORY

from .documents import SEED_MD


@pytest.fixture(scope="module")
def dataset():
    return load()


def cited_paragraphs(contribution) -> set[str]:
    """Every paragraph id under a field named `source` anywhere in the contribution."""
    return set(citations(contribution.model_dump()))


def test_every_paragraph_of_every_source_but_its_headings_is_cited(dataset):
    for contribution in dataset.contributions:
        source = dataset.sources[contribution.source.text]
        missing = [p.id for p in source.paragraphs
                   if p.kind != "heading" and p.id not in cited_paragraphs(contribution)]
        assert not missing, f"{contribution.agency}/{contribution.year}: paragraphs never cited: {missing}"


def _plain(text: str) -> str:
    return " ".join(text.replace("**", "").replace("*", "").split())


def test_source_text_is_verbatim_and_complete(dataset):
    original = _plain(SEED_MD.read_text(encoding="utf-8"))
    source = dataset.sources["sources/un-women_15th-coordination-meeting_2017.yaml"]
    for paragraph in source.paragraphs:
        assert _plain(paragraph.text) in original, paragraph.id
    everything = " ".join(_plain(p.text) for p in source.paragraphs)
    for line in SEED_MD.read_text(encoding="utf-8").splitlines():
        line = _plain(line).removesuffix("¹")
        if line and not re.fullmatch(r"\W*", line):
            assert line.strip() in everything, line


def test_the_document_covers_what_the_mission_names(dataset):
    items = dataset.items(agency="un-women")
    assert {r.item.year for r in items} == {2016, 2017}
    assert set(dataset.mechanisms(year=2016)) >= {"GMG", "CMW", "CEDAW", "CERD", "CESCR", "WGDAW", "GFMD", "UPR"}
    assert set(dataset.countries(year=2016)) >= {"MEX", "MDA", "PHL"}
    statement = dataset.statements(2016, "un-women")[0][1]
    assert set(statement.codes) >= {"5", "8", "8.8", "10", "10.7"}
    gmg_meetings = [e.event for e in dataset.events(year=2016) if e.event.number]
    assert sorted(e.number for e in gmg_meetings) == list(range(1, 8))
    side_events_2017 = sorted(e.event.date for e in dataset.events(year=2017) if e.event.kind == "side-event")
    assert side_events_2017 == ["2017-02-17", "2017-03-20"]
    dated = {e.event.date for e in dataset.events(year=2016)}
    assert {"2016-08", "2016-11"} <= dated


def test_published_schema_is_up_to_date():
    assert paths.CONTRIBUTION_SCHEMA.read_text(encoding="utf-8") == schema_text(), \
        "run `make schema` and commit data/schema/contribution.schema.json"


def test_every_contribution_file_matches_the_json_schema():
    schema = json.loads(paths.CONTRIBUTION_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in contribution_files():
        errors = list(validator.iter_errors(read_yaml(path).data))
        assert not errors, [e.message for e in errors]


def test_json_schema_rejects_unknown_fields():
    schema = json.loads(paths.CONTRIBUTION_SCHEMA.read_text(encoding="utf-8"))
    document = copy.deepcopy(read_yaml(contribution_files()[0]).data)  # the parsed file is shared: never edit it
    document["items"][0]["colour"] = "blue"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_data_dictionary_documents_every_field():
    from migration_briefs.model import models
    readme = (REPOSITORY / "data" / "README.md").read_text(encoding="utf-8")
    for model in (models.Contribution, models.Meeting, models.SourceRef, models.SdgStatement, models.Framing,
                  models.KeyMessage, models.Item, models.SdgTags, models.StatedLink, models.AnalystLink,
                  models.CountryLink, models.Event, models.Product, models.SourceText, models.Paragraph,
                  models.Mechanism, models.CountryRole, models.SuggestedLink, models.MechanismName,
                  models.CountryName, models.Agency):
        for name in model.model_fields:
            assert f"`{name}`" in readme, f"{model.__name__}.{name} is not in data/README.md"
