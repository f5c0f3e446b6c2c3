"""An item's kind of work, the groups it concerns and how it mainstreams gender, as `briefs draft`
reads them: the kind from what the main verb does and to what, groups from the words that name
them and the mechanisms named, approaches from the kind and the words. Sentences of our own, in
shapes the corpus papers do not all have; the words come from drafting.yaml, so these are its
tests too."""
from __future__ import annotations

import dataclasses

import pytest

from migration_briefs.errors import DataValidationError
from migration_briefs.model.reference import load_drafting, load_reference
from migration_briefs.paths import Project
from migration_briefs.sources.mentions import Reader


@pytest.fixture(scope="module")
def reader(reader_for) -> Reader:
    return reader_for("unicef")


@pytest.mark.parametrize("text, kind", [
    # what the verb does, whatever it acts on
    ("In 2017 UNICEF trained 300 border officials on the rights of migrant women.", "capacity-building"),
    ("Health workers at reception centres were trained to care for survivors of violence.", "capacity-building"),
    ("UNICEF co-chaired the inter-agency task force on refugee children.", "coordination"),
    ("UNICEF coordinated the work of the protection cluster in the north of the country.", "coordination"),
    ("UNICEF called for an end to the detention of children because of their migration status.", "advocacy"),
    ("It will continue to urge States to end child immigration detention.", "advocacy"),
    ("UNICEF submitted a shadow report to the Committee on the Rights of the Child.", "submission"),
    ("The Executive Director addressed the plenary of the high-level meeting.", "statement"),
    ("UNICEF ran twelve child-friendly spaces along the route.", "programme"),
    ("With local partners it distributed hygiene kits to families who had just arrived.", "programme"),
    ("UNICEF monitored the situation of unaccompanied children held at the border.", "assessment"),
    ("The Representative briefed the members of the Council on the findings of the mission.", "briefing"),
    # a verb of no kind: what it acts on says
    ("UNICEF supported mobile health clinics for mothers and young children.", "programme"),
    ("UNICEF prepared a handbook for social workers on the care of separated children.", "knowledge-product"),
    ("It offered technical advice to the ministry of social affairs.", "technical-support"),
    ("UNICEF contributed to the negotiations on the global compact on refugees.", "policy-support"),
    ("UNICEF helped the Government of Ghana to draft a child protection law.", "policy-support"),
    ("UNICEF supported the national statistical office in preparing the 2020 census.", "data-and-statistics"),
    ("In May UNICEF organized a regional workshop for child protection officers.", "event"),
    ("In May UNICEF convened a round table of mayors on the reception of children.", "event"),
    ("UNICEF advised the Government of Ghana on its new child protection law.", "policy-support"),
    ("UNICEF advised the ministry on the care of separated children.", "technical-support"),
    ("In 2016 UNICEF supported Child Protection Hubs in three regions.", "programme"),  # a name's plural
    # the pipeline reads the sentence as a noun phrase: the verb with a subject of its own says
    ("In Kenya, which received many refugees from Somalia in the first half of 2015, UNHCR registered refugee "
     "women individually, so that each woman holds her own card.", "programme"),
    # a meeting held for a purpose the sentence gives is work of that purpose
    ("UNICEF hosted an expert meeting to draft recommendations on gender-responsive border policies.",
     "policy-support"),
    ("To build the capacity of judges, UNICEF organized three workshops in the capital.", "capacity-building"),
    # what a verb of conducting acts on says the kind
    ("UNICEF conducted a rapid assessment of the needs of children in the camps.", "assessment"),
    # the agency's own verb before another's
    ("Member States adopted the New York Declaration, and UNICEF argued for the protection of girls.", "advocacy"),
])
def test_the_kind_of_work_from_what_the_main_verb_does_and_to_what(reader, text, kind):
    assert reader.kind(text)[0] == kind


def test_a_report_of_others_is_no_product_of_the_agency_s(reader):
    assert reader.kind("UNICEF prepared a report on the protection of children.")[0] == "knowledge-product"
    assert reader.kind("UNICEF contributed to the Secretary-General's report on the protection of children.")[0] \
        != "knowledge-product"


def test_the_kind_says_the_words_it_rests_on(reader):
    assert reader.kind("UNICEF trained 300 border officials.") == ("capacity-building", "trained")
    assert reader.kind("UNICEF called for an end to child detention.") == ("advocacy", "called for")
    code, words = reader.kind("UNICEF supported mobile health clinics for mothers.")
    assert code == "programme" and words.startswith("supported") and words.endswith("mobile health clinics")


def test_where_the_grammar_says_nothing_the_words_decide(reader):
    assert reader.kind("A joint programme of the agencies, in its second year.") == ("programme", "programme")
    assert reader.kind("Nothing here says what was done.") == (None, "")


@pytest.mark.parametrize("text, mechanisms, groups", [
    ("UNICEF worked with civil society organizations and the Government on the care of separated children.",
     [], ["civil-society-organisations", "member-states"]),
    ("UNICEF held a side event at the Summit for Refugees and Migrants on women and children on the move.",
     [], ["migrant-women-and-girls"]),  # a name's words are not a group, nor the shorter words inside longer ones
    ("UNICEF submitted a report on girls in detention to the Committee on the Elimination of Discrimination "
     "against Women.", ["CEDAW"], ["treaty-body-experts"]),
    ("UNICEF spoke at the Global Forum on Migration and Development.", ["GFMD"], ["member-states"]),
    ("UNICEF promoted the ratification of the Domestic Workers Convention.", [], []),
])
def test_groups_from_the_words_that_name_them_and_the_mechanisms_named(reader, text, mechanisms, groups):
    named = reader.mechanisms(text, {})[0]
    assert [m.value for m in named] == mechanisms
    assert [code for code, *_ in reader.groups(text, named)] == groups


def test_a_group_from_a_mechanism_says_so(reader):
    text = "UNICEF briefed the Committee on Migrant Workers."
    [(code, words, why)] = reader.groups(text, reader.mechanisms(text, {})[0])
    assert (code, words) == ("treaty-body-experts", "Committee on Migrant Workers") and "treaty body" in why


@pytest.mark.parametrize("text, approaches", [
    ("UNICEF published a study of the journeys of children across the Sahara.", ["evidence-and-knowledge"]),
    ("UNICEF trained 40 guardians of unaccompanied children.", ["capacity-building"]),
    ("UNICEF submitted comments to the Committee on Migrant Workers.", ["human-rights-accountability"]),
    # policy support, or words of policy, are gender-responsive policy only where it speaks of women or gender
    ("UNICEF contributed to the drafting of the national migration strategy.", []),
    ("UNICEF contributed to the drafting of a national strategy for migrant women.", ["gender-responsive-policy"]),
    ("UNICEF contributed to the negotiations on the global compact on refugees.", []),
    ("UNICEF contributed to the negotiations on the global compact, for the protection of girls.",
     ["gender-responsive-policy"]),
])
def test_approaches_from_the_kind_of_work_and_the_words(reader, text, approaches):
    kind, words = reader.kind(text)
    assert [code for code, *_ in reader.approaches(text, kind, words)] == approaches


def test_an_approach_from_the_kind_says_so(reader):
    text = "UNICEF published a study of the journeys of children."
    [(code, words, why)] = reader.approaches(text, *reader.kind(text))
    assert code == "evidence-and-knowledge" and words.startswith("published") and why == "knowledge-product work"


def test_an_approach_that_names_an_unknown_kind_is_refused_in_one_sentence(project):
    rules = project / "data" / "reference" / "drafting.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "    kinds: [data-and-statistics]\n" in text
    rules.write_text(text.replace("    kinds: [data-and-statistics]\n", "    kinds: [statistics]\n"), encoding="utf-8")
    reference = load_reference(Project(project))
    with pytest.raises(DataValidationError) as caught:
        load_drafting(reference, Project(project))
    [problem] = caught.value.problems
    assert problem.file == "data/reference/drafting.yaml" and "'statistics'" in problem.message


def test_a_mechanism_type_filed_under_an_unknown_group_is_refused_in_one_sentence(reader):
    rules = reader.drafting.rules.model_copy(update={"groups_of_mechanisms": {"treaty-body": ["treaty-experts"]}})
    broken = Reader(reader.reference, dataclasses.replace(reader.drafting, rules=rules), "unicef")
    text = "UNICEF briefed the Committee on Migrant Workers."
    with pytest.raises(DataValidationError) as caught:
        broken.groups(text, broken.mechanisms(text, {})[0])
    [problem] = caught.value.problems
    assert problem.field == "groups_of_mechanisms.treaty-body" and "'treaty-experts'" in problem.message


def test_the_groups_a_kind_of_work_is_for(reader):
    text = "UNICEF advised the ministry of social affairs on its new child protection law."
    kind, words = reader.kind(text)
    assert [(code, why) for code, _, why in reader.groups(text, [], kind, words)] == [
        ("member-states", "policy-support work")]
    text = "UNICEF co-chaired the inter-agency task force on refugee children."
    assert [code for code, *_ in reader.groups(text, [], *reader.kind(text))] == ["un-agencies"]
