"""A drafted summary reads on its own, as a brief shows it, away from the paragraph it was cut
from: it names who its "it", "the Office" or "the Facility" is, says no "also" that points back to
a sentence the brief does not show, and an element of a list reads as one sentence with what it
takes from its lead-in. Sentences of our own, not the corpus papers'."""
from __future__ import annotations

from .projects import drafted


def summaries(data: dict) -> list[str]:
    return [" ".join(item["summary"].split()) for item in data["items"]]


def test_a_pronoun_subject_is_named_by_the_subject_before_it(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "pronoun",
        "## Work in 2018\n\n"
        "UNICEF set up the Child Guardianship Network (CGN) with ten municipalities. The CGN trained 200 "
        "guardians in Greece. In 2018 it opened three shelters for unaccompanied girls.\n\n"
        "In Chad, UNICEF counselled 900 adolescent girls in transit. It also translated its referral cards "
        "into four languages.\n\n"
        "## Plans for 2019\n\n"
        "UNICEF will map the services open to children at the borders of Jordan. It will also fund a "
        "helpline run by young refugees.\n")
    said = summaries(data)
    assert "In 2018 the CGN opened three shelters for unaccompanied girls." in said
    assert "UNICEF translated its referral cards into four languages." in said
    assert "UNICEF will fund a helpline run by young refugees." in said
    assert not any(s.startswith(("It ", "it ")) or " also " in s for s in said)


def test_the_agency_s_short_name_and_its_bodies_are_named(project, tmp_path):
    data, _ = drafted(project, tmp_path, "ilo", 2019, "office",
        "## Work in 2018\n\n"
        "In May 2018 the Office published a guide on recruitment fees for domestic workers.\n\n"
        "Through its Migrant Wage Protection Facility (MWPF), the ILO advised ministries in Asia. In late 2018 "
        "the Facility financed wage audits in Qatar.\n")
    said = summaries(data)
    assert "In May 2018 the ILO published a guide on recruitment fees for domestic workers." in said
    assert "In late 2018 the MWPF financed wage audits in Qatar." in said


def test_a_word_of_work_in_general_stays_as_the_paper_says_it(project, tmp_path):
    # "the project" is the agency's work, not the agency: "It" is the project, and so it stays
    data, _ = drafted(project, tmp_path, "iom", 2019, "project",
        "## Work in 2018\n\n"
        "To reach women in transit, the project engaged community radio stations in Niger. It produced a "
        "radio series on safe routes and held a forum of listeners in Agadez.\n")
    assert "The project produced a radio series on safe routes." in summaries(data)


def test_a_sentence_of_its_own_keeps_its_year_and_an_element_takes_its_lead_in_s_subject(project, tmp_path):
    data, _ = drafted(project, tmp_path, "fao", 2019, "lead",
        "## Plans for 2019\n\n"
        "In 2019 FAO will:\n\n"
        "- publish a study on women in fisheries who migrate with the seasons;\n"
        "- with IFAD, open a fund for the savings groups of returnee women;\n"
        "- in Senegal, train 300 extension workers.\n\n"
        "In 2019 FAO will hold a forum on rural youth in Dakar.\n")
    said = summaries(data)
    assert "FAO will publish a study on women in fisheries who migrate with the seasons." in said
    assert "With IFAD, FAO will open a fund for the savings groups of returnee women." in said
    assert "In Senegal, FAO will train 300 extension workers." in said
    assert "In 2019 FAO will hold a forum on rural youth in Dakar." in said


def test_a_coordinated_clause_keeps_the_bracket_the_first_one_closes(project, tmp_path):
    data, _ = drafted(project, tmp_path, "ilo", 2019, "bracket",
        "## Work in 2018\n\n"
        "The ILO promoted the Violence and Harassment Convention, 2019 (No. 190), and trained 40 labour "
        "inspectors in Jordan.\n")
    said = summaries(data)
    assert "The ILO promoted the Violence and Harassment Convention, 2019 (No. 190)." in said
    assert all(s.count("(") == s.count(")") for s in said)


def test_a_title_in_quotation_marks_names_the_product_and_stays_whole(project, tmp_path):
    data, _ = drafted(project, tmp_path, "fao", 2019, "quoted",
        "## Work in 2018\n\n"
        "FAO published a policy brief entitled \"Herders on the move\" on pastoral women.\n\n"
        "FAO issued “Seasons of leaving: a handbook” in May 2018.\n\n"
        "FAO completed seed maps of Mosul and Kirkuk in Iraq in 2018, in cooperation with the Joint IDP Profiling "
        "Service (JIPS).\n")
    items = data["items"]
    assert [p["title"] for i in items for p in i.get("products", [])] == [
        "Policy brief (Herders on the move)", "Seasons of leaving: a handbook"]
    titles = [i["title"] for i in items]
    assert any("“Seasons of leaving: a handbook”" in t for t in titles), titles
    # a phrase of support cut from its partner goes whole: not "…, in cooperation"
    assert any(t.startswith("Completed seed maps of Mosul and Kirkuk") and not t.endswith("cooperation")
               for t in titles), titles


def test_a_lead_in_s_year_set_off_at_its_end_is_left_to_the_item_s_year(project, tmp_path):
    data, _ = drafted(project, tmp_path, "escwa", 2019, "closing",
        "## Work in 2018\n\n"
        "ESCWA trained 20 labour inspectors in Amman.\n\n"
        "ESCWA will, in 2019:\n\n"
        "(i) prepare a regional review of recruitment fees;\n\n"
        "(ii) launch a database of labour migration policies.\n")
    assert {" ".join(i["summary"].split()): (i["year"], i["status"]) for i in data["items"]} == {
        "ESCWA trained 20 labour inspectors in Amman.": (2018, "done"),
        "ESCWA will prepare a regional review of recruitment fees.": (2019, "planned"),
        "ESCWA will launch a database of labour migration policies.": (2019, "planned")}


def test_the_paper_s_we_and_our_are_the_agency_in_the_third_person(project, tmp_path):
    data, _ = drafted(project, tmp_path, "wfp", 2019, "we",
        "## Work in 2018\n\n"
        "In 2018 our country office in Niamey trained 30 social workers.\n\n"
        "## Plans for 2019\n\n"
        "We will extend our cash transfers to refugee women in Chad.\n")
    assert [(i["title"], " ".join(i["summary"].split())) for i in data["items"]] == [
        ("Trained 30 social workers",
         "In 2018 WFP's country office in Niamey trained 30 social workers."),
        ("Extend WFP's cash transfers to refugee women in Chad",
         "WFP will extend its cash transfers to refugee women in Chad.")]


def test_a_letter_s_my_office_is_the_agency_s(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unaids", 2019, "my",
        "## Work in 2018\n\n"
        "At the International AIDS Conference in Amsterdam, my Office co-organised a session on HIV and migration.\n")
    assert [(i["title"], " ".join(i["summary"].split())) for i in data["items"]] == [
        ("Co-organised a session on HIV and migration",
         "At the International AIDS Conference in Amsterdam, UNAIDS's Office co-organised a session on HIV and "
         "migration.")]
