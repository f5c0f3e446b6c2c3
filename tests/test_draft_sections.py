"""What a part of the paper is for, whatever its layout: a letter's opening and closing and the
signature after it are no work; the paper's own title set as a heading dates no work; an outlook is
a plan; a list of what "is planned for" a year is planned; what other organisations did is theirs.
Sentences of our own, not the corpus papers'."""
from __future__ import annotations

import re

import pytest

from .projects import drafted


def told(data: dict) -> dict[str, tuple[int, str]]:
    return {" ".join(i["summary"].split()): (i["year"], i["status"]) for i in data["items"]}


def test_a_letter_s_opening_closing_and_signature_are_no_items(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unesco", 2019, "letter",
        "Dear Director,\n\n"
        "In 2018 UNESCO trained 150 teachers of refugee girls in Lebanon, in schools that take children of Syrian "
        "families in the morning and of Lebanese families in the afternoon.\n\n"
        "Yours sincerely,\n\n"
        "Division for Inclusion, UNESCO\n\n"
        "## Annex\n\n"
        "UNESCO published a guide on the schooling of migrant girls in 2018.\n")
    assert list(told(data)) == ["In 2018 UNESCO trained 150 teachers of refugee girls in Lebanon, in schools that "
                                "take children of Syrian families in the morning and of Lebanese families in the "
                                "afternoon.",
                                "UNESCO published a guide on the schooling of migrant girls in 2018."]


def test_the_paper_s_title_as_a_heading_dates_no_work(project, tmp_path):
    data, _ = drafted(project, tmp_path, "wfp", 2019, "subtitle",
        "**Note to the Seventeenth Coordination Meeting on International Migration, New York, 2019**\n\n"
        "WFP gave cash transfers to 9,000 refugee households headed by women in Chad.\n")
    assert told(data) == {"WFP gave cash transfers to 9,000 refugee households headed by women in Chad.":
                          (2018, "done")}


def test_an_outlook_and_what_is_planned_for_a_year_are_plans(project, tmp_path):
    data, _ = drafted(project, tmp_path, "itc", 2019, "outlook",
        "## Results in 2018\n\n"
        "ITC linked 450 refugee weavers in Kenya with buyers.\n\n"
        "## Outlook\n\n"
        "ITC will open a trade desk for returnee women in Guinea.\n\n"
        "## Other work\n\n"
        "The following are planned for 2019: a survey of women traders at borders; and a fair for diaspora "
        "entrepreneurs.\n")
    assert told(data) == {
        "ITC linked 450 refugee weavers in Kenya with buyers.": (2018, "done"),
        "ITC will open a trade desk for returnee women in Guinea.": (2019, "planned"),
        "The following are planned for 2019: a survey of women traders at borders.": (2019, "planned"),
        "The following are planned for 2019: a fair for diaspora entrepreneurs.": (2019, "planned")}


def test_what_other_organisations_did_is_no_item_of_the_agency(project, tmp_path):
    data, _ = drafted(project, tmp_path, "fao", 2019, "others",
        "## Work in 2018\n\n"
        "FAO trained 30 women fish traders in Niger.\n\n"
        "In 2018, the ILO and UNICEF launched a joint campaign on child labour in Mexico.\n\n"
        "UNHCR and FAO opened a seed bank in a camp in Chad.\n")
    assert list(told(data)) == ["FAO trained 30 women fish traders in Niger.",
                                "UNHCR and FAO opened a seed bank in a camp in Chad."]


def test_a_plan_is_of_its_own_year_or_the_meeting_s_under_a_heading_of_work_done(project, tmp_path):
    data, _ = drafted(project, tmp_path, "ilo", 2019, "plans",
        "## 2018\n\n"
        "In 2018 the ILO advised 12 recruitment agencies in Nepal and will advise 20 more in 2019.\n\n"
        "The ILO opened a help desk for women migrant workers in Doha. The ILO will extend it to Kuwait.\n\n"
        "## Other work\n\n"
        "For 2019, a review of the fees charged to domestic workers is planned.\n\n"
        "The second phase of the fair recruitment programme in Ethiopia starts in 2019.\n")
    items = {i["title"]: (i["year"], i["status"]) for i in data["items"]}
    assert items["Advised 12 recruitment agencies in Nepal"] == (2018, "done")
    assert [v for t, v in items.items() if t.startswith("Advise 20 more")] == [(2019, "planned")]
    assert [v for t, v in items.items() if t.startswith("Extend it to Kuwait")] == [(2019, "planned")]
    # what is planned, in the passive, is the title: not "Plan"
    assert items["Review of the fees charged to domestic workers"] == (2019, "planned")
    assert [v for t, v in items.items() if t.startswith("The second phase")] == [(2019, "planned")]


def test_a_results_framework_s_labels_are_no_work(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unfpa", 2019, "framework",
        "## Work in 2018\n\n"
        "UNFPA trained 40 midwives in refugee camps in Lebanon.\n\n"
        "Indicator: number of countries with a migration module in the census; Baseline: 2; Target: 6.\n\n"
        "**Output 2.1: Services for survivors of violence strengthened.** In 2018 UNFPA opened 12 safe spaces "
        "for women in Jordan.\n")
    assert [i["title"] for i in data["items"]] == ["Trained 40 midwives in refugee camps in Lebanon",
                                                   "Opened 12 safe spaces for women in Jordan"]


def test_a_bullet_that_is_a_predicate_is_the_agency_s_work_and_its_label_no_part_of_it(project, tmp_path):
    data, _ = drafted(project, tmp_path, "iom", 2019, "bullets",
        "## Highlights of 2018\n\n"
        "- **Capacity building:** trained 350 border guards in Niger on identifying victims of trafficking.\n"
        "- Helped women's associations in Mali to draft a charter on the rights of returnees.\n")
    assert [(i["title"], " ".join(i["summary"].split())) for i in data["items"]] == [
        ("Trained 350 border guards in Niger on identifying victims of trafficking",
         "IOM trained 350 border guards in Niger on identifying victims of trafficking."),
        ("Helped women's associations in Mali to draft a charter on the rights of returnees",
         "IOM helped women's associations in Mali to draft a charter on the rights of returnees.")]
    assert [[(c["code"], c["role"]) for c in i["countries"]] for i in data["items"]] == [
        [("NER", "programme")], [("MLI", "programme")]]


def test_a_donor_government_gives_no_programme_country(project, tmp_path):
    data, _ = drafted(project, tmp_path, "ilo", 2019, "donor",
        "## Work in 2018\n\n"
        "In 2018 the ILO helped the Government of Kenya to review recruitment fees, with US$ 1.5 million from the "
        "Government of Norway.\n\n"
        "With the support of the Government of Germany, the ILO trained 60 labour inspectors in Ghana.\n")
    first, second = data["items"]
    assert first["partners"] == ["Government of Norway"]
    assert {c["code"]: c["role"] for c in first["countries"]}["NOR"] != "programme"
    assert {c["code"]: c["role"] for c in second["countries"]} == {"DEU": "mentioned", "GHA": "programme"}


def test_a_table_s_year_and_status_columns_date_its_rows_and_say_what_is_planned(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unodc", 2019, "year-column",
        "## Activities\n\n"
        "| Activity | Year | Status |\n"
        "| --- | --- | --- |\n"
        "| Training of border guards on the smuggling of migrant women in Niger | 2018 | Completed |\n"
        "| Handbook on gender and the smuggling of migrants | 2019 | Planned |\n")
    assert [(i["year"], i["status"]) for i in data["items"]] == [(2018, "done"), (2019, "planned")]


def test_a_question_is_no_item_and_what_became_of_a_panel_goes_with_it(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-desa", 2019, "questions",
        "**What did UN DESA do in 2018?**\n\n"
        "UN DESA released a dataset on migrant women in 2018.\n\n"
        "UN DESA hosted a panel discussion on gender and migration statistics in 2018. The panel was attended by "
        "150 participants.\n")
    assert [i["title"] for i in data["items"]] == ["Released a dataset on migrant women in 2018",
                                                   "Hosted a panel discussion on gender and migration statistics in 2018"]


def test_the_agency_co_leading_work_in_a_country_makes_it_a_programme_country(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unep", 2019, "co-led",
        "## Work in 2018\n\n"
        "UNEP co-led a project on climate and migration of women farmers in Bangladesh.\n\n"
        "The Government of Fiji co-led the regional dialogue on climate mobility with UNEP.\n")
    assert [[(c["code"], c["role"]) for c in i["countries"]] for i in data["items"]] == [
        [("BGD", "programme")], [("FJI", "co-facilitator")]]


def test_a_date_fronted_to_a_sentence_dates_each_thing_it_reports_and_a_country_stays_with_its_clause(project, tmp_path):
    data, _ = drafted(project, tmp_path, "ohchr", 2019, "fronted",
        "## Activities in 2017 and 2018\n\n"
        "In 2017, OHCHR launched a report on migrants in detention. In 2018 it visited Greece, and it submitted a "
        "report to the General Assembly in October.\n\n"
        "In 2018, OHCHR trained 40 officials in Mali, published a toolkit, and organized a dialogue in Senegal.\n")
    assert [(i["year"], [c["code"] for c in i.get("countries", [])]) for i in data["items"]] == [
        (2017, []), (2018, ["GRC"]), (2018, []), (2018, ["MLI"]), (2018, []), (2018, ["SEN"])]


def test_a_predicate_after_its_year_says_the_agency_and_an_address_is_one_event(project, tmp_path):
    data, _ = drafted(project, tmp_path, "ohchr", 2019, "labels",
        "## Work\n\n"
        "- 2019: will open two resource centres for returnee women in Tigray.\n"
        "- 2018: trained 60 border officials in Ethiopia on the rights of migrant women.\n\n"
        "In December 2018, the High Commissioner addressed the Intergovernmental Conference in Marrakech.\n")
    first, second, third = data["items"]
    assert (first["year"], first["status"], " ".join(first["summary"].split())) == (
        2019, "planned", "OHCHR will open two resource centres for returnee women in Tigray.")
    assert (second["year"], second["status"]) == (2018, "done")
    assert [e["kind"] for e in third["events"]] == ["address"]


def test_a_title_the_agency_s_name_makes_too_long_is_cut_and_the_paper_drafts(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unfpa", 2019, "long",
        "## Work in 2018\n\n"
        "Our country office in Colombia trained 250 health workers in the border departments of La Guajira and Norte "
        "de Santander on the clinical management of rape and on referral to psychosocial care for migrant women.\n")
    item, = data["items"]
    assert len(item["title"]) <= 120 and item["title"].startswith("Trained 250 health workers")


def test_sentences_on_the_paper_itself_and_its_disclaimer_are_no_items(project, tmp_path):
    data, _ = drafted(project, tmp_path, "world-bank", 2019, "paper-itself",
        "The following summarizes the work of the World Bank in 2018.\n\n"
        "**Knowledge.** In 2018 the Bank released a working paper on the cost of migration for women. The views in "
        "this note are those of its authors and do not necessarily reflect those of the Executive Directors.\n\n"
        "The Bank trained 40 statisticians on remittance data. Results are shown in the table below.\n")
    assert [" ".join(i["summary"].split()) for i in data["items"]] == [
        "In 2018 the World Bank released a working paper on the cost of migration for women.",
        "The World Bank trained 40 statisticians on remittance data."]


def test_a_donor_government_among_others_is_no_programme_country_and_a_place_of_its_own_keeps_the_one_before(
        project, tmp_path):
    data, _ = drafted(project, tmp_path, "unfpa", 2019, "donors",
        "## Work in 2018\n\n"
        "In 2018, UNFPA set up 18 women-friendly spaces in Jordan and Lebanon, with funding from the European "
        "Union and the Government of Canada.\n\n"
        "In Jordan, UNFPA supported a programme that gave work permits to Syrian refugee women. UNFPA and UNHCR "
        "agreed to open a joint data centre on forced displacement in Copenhagen.\n")
    assert [{c["code"]: c["role"] for c in i.get("countries", [])} for i in data["items"]] == [
        {"JOR": "programme", "LBN": "programme", "CAN": "mentioned"}, {"JOR": "programme", "SYR": "subject"}, {}]


def test_a_list_s_element_that_opens_on_its_verb_in_capitals_goes_on_with_its_lead_in(project, tmp_path):
    data, _ = drafted(project, tmp_path, "iom", 2019, "capital-verbs",
        "## Activities in 2018\n\n"
        "In 2018, IOM:\n\n"
        "- Trained 1,200 border officials in Niger, Mali and Burkina Faso on identifying victims of trafficking;\n"
        "- Opened two shelters in Libya.\n")
    assert [(" ".join(i["summary"].split()), [c["role"] for c in i["countries"]]) for i in data["items"]] == [
        ("IOM trained 1,200 border officials in Niger, Mali and Burkina Faso on identifying victims of trafficking.",
         ["programme", "programme", "programme"]),
        ("IOM opened two shelters in Libya.", ["programme"])]


def test_a_country_where_the_paper_says_the_work_did_not_take_place_is_no_programme_country(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unfpa", 2019, "not-done",
        "## Work in 2018\n\n"
        "In 2018, UNFPA trained midwives in Chad. Funding shortfalls meant that UNFPA could not carry out the "
        "planned survey in Yemen.\n\n"
        "UNFPA did not open the planned clinic in Sudan.\n")
    # a sentence whose only verb is denied is no item at all (test_work_that_did_not_happen_is_no_item)
    assert [[(c["code"], c["role"]) for c in i["countries"]] for i in data["items"]] == [
        [("TCD", "programme")], [("YEM", "mentioned")]]


def test_sentences_that_point_elsewhere_in_the_paper_are_no_items_and_a_named_role_in_the_present_is(
        project, tmp_path):
    data, _ = drafted(project, tmp_path, "wfp", 2019, "pointers",
        "The projects below were carried out in 2018 or are planned for 2019.\n\n"
        "## Work in 2018\n\n"
        "Its work in 2018 and its plans for 2019 are described below.\n\n"
        "In 2018 WFP gave cash transfers to 9,000 refugee households in Chad. The following paragraphs give other "
        "examples.\n\n"
        "WFP manages the Global Network against Food Crises with FAO.\n\n"
        "WFP supports Member States in ending hunger.\n")
    assert [" ".join(i["summary"].split()) for i in data["items"]] == [
        "In 2018 WFP gave cash transfers to 9,000 refugee households in Chad.",
        "WFP manages the Global Network against Food Crises with FAO."]


def test_under_a_heading_of_two_years_a_sentence_dates_its_work_by_the_year_it_gives(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-habitat", 2020, "two-years",
        "## 2018–2019\n\n"
        "UN-Habitat organized a dialogue on migrant women in cities at the tenth session of the World Urban Forum, "
        "held in Abu Dhabi in February 2019.\n")
    [item] = data["items"]
    assert item["year"] == 2019


PROJECT_FICHE = ("## Projects\n\n"
                 "Project: Women in Coffee Export Markets (WICEM)\n{gap}"
                 "Countries: Rwanda, Burundi\n{gap}"
                 "Partners: Uganda Coffee Development Authority, Swiss Agency for Development and Cooperation\n{gap}"
                 "Results: In 2018, 900 women coffee growers were trained in quality grading.\n{gap}"
                 "Next steps: The project will be extended to Ethiopia in 2019.\n\n"
                 "Project: Trade Facilitation for Women Traders\n{gap}"
                 "Countries: Malawi\n{gap}"
                 "Next steps: None.\n")


@pytest.mark.parametrize("gap", ["", "\n"])  # lines run together in one paragraph, or paragraphs of their own
def test_a_project_fiche_s_lines_give_its_work_with_its_countries_and_partners(project, tmp_path, gap):
    data, _ = drafted(project, tmp_path, "itc", 2019, "fiche", PROJECT_FICHE.format(gap=gap))
    done, plan = data["items"]  # the names, countries, partners and "None" are no items
    assert (done["year"], done["status"], plan["year"], plan["status"]) == (2018, "done", 2019, "planned")
    assert [(c["code"], c["role"]) for c in done["countries"]] == [("RWA", "programme"), ("BDI", "programme")]
    assert done["partners"] == ["Uganda Coffee Development Authority", "Swiss Agency for Development and Cooperation"]
    # a plan that names a place of its own is not said of the project's other countries
    assert [(c["code"], c["role"]) for c in plan["countries"]] == [("ETH", "programme")]
    assert len(done["source"]) == (1 if not gap else 4)  # the fiche's lines it rests on
    assert plan["summary"].startswith("Women in Coffee Export Markets (WICEM): ")  # which project it is


def test_a_clause_of_work_done_and_one_of_a_plan_after_a_semicolon_are_two_items(project, tmp_path):
    data, _ = drafted(project, tmp_path, "iom", 2019, "semicolon",
        "## Work in 2018\n\n"
        "IOM trained 60 labour attachés in Doha; a follow-up course is planned for 2019.\n\n"
        "IOM opened two migrant resource centres in Dhaka; they advise women on recruitment fees.\n\n"
        # a plan denied is no plan
        "IOM trained 25 judges in Quito; no follow-up is planned.\n")
    assert [(" ".join(i["summary"].split()), i["year"], i["status"]) for i in data["items"]] == [
        ("IOM trained 60 labour attachés in Doha.", 2018, "done"),
        ("A follow-up course is planned for 2019.", 2019, "planned"),
        ("IOM opened two migrant resource centres in Dhaka; they advise women on recruitment fees.", 2018, "done"),
        ("IOM trained 25 judges in Quito; no follow-up is planned.", 2018, "done")]


def test_a_place_a_run_in_heading_names_is_where_each_sentence_of_its_paragraph_took_place(project, tmp_path):
    data, _ = drafted(project, tmp_path, "iom", 2019, "run-in-place",
        "## Work in 2018\n\n"
        "**Guatemala.** In Tecún Umán, IOM trained 60 border officials on the rights of women in transit. In 2019, "
        "IOM will open a reception centre in Quetzaltenango. These activities will continue with funding from "
        "Canada.\n")
    assert [(" ".join(i["summary"].split()), [(c["code"], c["role"]) for c in i["countries"]]) for i in data["items"]] == [
        ("In Tecún Umán (Guatemala), IOM trained 60 border officials on the rights of women in transit.",
         [("GTM", "programme")]),
        ("In 2019, in Guatemala, IOM will open a reception centre in Quetzaltenango. In Guatemala, these activities "
         "will continue with funding from Canada.", [("GTM", "programme"), ("CAN", "mentioned")])]


def test_another_body_s_act_told_first_dates_no_work_and_a_new_thing_in_the_passive_takes_no_country(
        project, tmp_path):
    data, _ = drafted(project, tmp_path, "unaids", 2019, "context-first",
        "In June 2016, the General Assembly adopted a political declaration on ending AIDS. Throughout 2018, UNAIDS "
        "held national dialogues on the declaration with ministries of health.\n\n"
        "In 2018, UNAIDS trained 120 peer educators in Zambia. A mid-term review of the Gender Action Plan was carried out "
        "with the support of an external consultant.\n")
    dialogues, training, evaluation = data["items"]
    assert dialogues["year"] == 2018  # the year of its own work, not of the act told before it
    assert [c["code"] for c in training["countries"]] == ["ZMB"]
    assert "countries" not in evaluation  # a new thing, not more of the training in Zambia


def test_a_highlights_line_in_words_of_its_own_is_the_body_s_item_it_restates(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unesco", 2019, "highlights",
        "## Highlights\n\n"
        "- 4 literacy-training courses for displaced women in Mali and Niger\n"
        "- Two regional forums on girls' schooling in emergencies\n"
        "- 40 literacy courses in Chad\n\n"
        "## Work in 2018\n\n"
        "In 2018, UNESCO ran four courses on literacy training for displaced women in Mali and Niger.\n\n"
        "UNESCO held two regional forums on the schooling of girls in emergencies, in Dakar and Nairobi.\n")
    # the first two restate the body's items, cited there; the third gives a figure no item gives
    assert [" ".join(i["summary"].split()) for i in data["items"]] == [
        "40 literacy courses in Chad",
        "In 2018, UNESCO ran four courses on literacy training for displaced women in Mali and Niger.",
        "UNESCO held two regional forums on the schooling of girls in emergencies, in Dakar and Nairobi."]


def test_a_questionnaire_s_questions_and_empty_answers_are_no_items(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unaids", 2019, "questionnaire",
        "**1. Please list the activities your organization carried out in 2018 on migration.**\n\n"
        "In 2018, UNAIDS trained 60 community health workers serving migrant women in Zambia.\n\n"
        "**2. Does your organization have a focal point on migration? If so, please give the details.**\n\n"
        "Not applicable.\n\n"
        "**3. Any other information?**\n\n"
        "N/A\n")
    assert list(told(data)) == ["In 2018, UNAIDS trained 60 community health workers serving migrant women in Zambia."]


def test_recommendations_to_others_notes_and_a_target_s_own_words_are_no_items(project, tmp_path):
    data, _ = drafted(project, tmp_path, "wfp", 2019, "recommendations",
        "## Target 2.1\n\n"
        "Target 2.1 calls for an end to hunger and access by all people to safe and nutritious food. According to "
        "the Global Report on Food Crises, 113 million people were in acute food insecurity in 2018.\n\n"
        "Refugee women in protracted displacement are particularly affected.\n\n"
        "In 2018, WFP gave school meals to 30,000 refugee girls in Kenya.2\n\n"
        "## Recommendations\n\n"
        "Governments should include displaced women in national social protection systems.\n\n"
        "## Notes\n\n"
        "2 WFP Kenya country office monitoring data, 2018.\n")
    # the note's mark, in plain digits after the full stop, is no part of what is said
    assert list(told(data)) == ["In 2018, WFP gave school meals to 30,000 refugee girls in Kenya."]


def test_another_agency_s_own_unit_is_that_agency_and_a_year_a_name_is_for_is_not_the_work_s(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "others",
        "In 2018, UNICEF vaccinated 12,000 migrant children in Libya.\n\n"
        "UNHCR's Regional Bureau for Africa issued monthly protection updates on the central Mediterranean in 2018.\n\n"
        "UNICEF issued the Humanitarian Action for Children appeal for 2019 in January 2018.\n\n"
        "Through its Safe from Harm programme, UNICEF reached 8,000 girls in Chad in 2018. This work contributes to "
        "SDG target 16.2.\n")
    assert told(data) == {
        "In 2018, UNICEF vaccinated 12,000 migrant children in Libya.": (2018, "done"),
        "UNICEF issued the Humanitarian Action for Children appeal for 2019 in January 2018.": (2018, "done"),
        # "its Safe from Harm programme" is a name, not the year's work as a whole
        "Through its Safe from Harm programme, UNICEF reached 8,000 girls in Chad in 2018.": (2018, "done")}


def test_we_is_the_agency_with_its_verb_in_the_third_person(project, tmp_path):
    data, _ = drafted(project, tmp_path, "wfp", 2019, "we",
        "## Plans for 2019\n\n"
        "We intend to extend cash transfers to refugee women in Niger. We have agreed with UNHCR to reach "
        "their families in Mali, and we are preparing a study with IFAD.\n")
    summaries = " ".join(told(data))
    assert "WFP intends to extend" in summaries and "WFP has agreed" in summaries
    assert not re.search(r"WFP (?:intend|have|are)\b", summaries)


def test_work_that_did_not_happen_is_no_item(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unfpa", 2019, "not-held",
        "## Work in 2018\n\n"
        "UNFPA trained 50 midwives in Mali in 2018. A national dialogue on child marriage planned for October in "
        "Bamako could not take place because of the elections.\n\n"
        "The regional forum on fistula care in Niamey was cancelled.\n\n"
        "A follow-up workshop planned for November in Kayes was postponed to 2019.\n\n"
        "UNFPA opened two clinics for refugee women in Niger. A planned forum in Niamey could not take place because "
        "of floods. The latter is now expected in early 2019.\n")
    # what follows a thing that did not happen is more of it, not of the item before
    assert told(data) == {"UNFPA trained 50 midwives in Mali in 2018.": (2018, "done"),
                          "UNFPA opened two clinics for refugee women in Niger.": (2018, "done"),
                          "A follow-up workshop planned for November in Kayes was postponed to 2019.": (2019, "planned")}
    # not the clause after it: "Workshop planned for November in Kayes was postponed to 2019"
    assert [(e["title"], e.get("place")) for e in data["items"][1]["events"]] == [("Workshop planned for November", "Kayes")]


def test_a_plan_takes_no_place_of_the_work_done_before_it(project, tmp_path):
    data, _ = drafted(project, tmp_path, "ilo", 2019, "plan-after-work",
        "## Target 10.7\n\n"
        "Together with the World Bank, the ILO continued work on recruitment costs, conducting surveys of migrant "
        "workers in Ethiopia and Pakistan. In 2019 the ILO will publish the first global estimates on recruitment "
        "costs.\n")
    work, plan = data["items"]
    assert [c["code"] for c in work["countries"]] == ["ETH", "PAK"]
    assert (plan["status"], "countries" in plan) == ("planned", False)
    # the people it serves, though, a plan may share with the work before it
    data, _ = drafted(project, tmp_path, "who", 2019, "plan-after-work-people",
        "In 2018, WHO presented the draft Global Action Plan on the health of refugees and migrants to Member "
        "States in Geneva. The Plan will be submitted to the World Health Assembly in May 2019.\n")
    assert "migrants-and-refugees" in data["items"][1]["groups"]


def test_a_bullet_that_opens_on_a_noun_is_an_item_as_the_paper_words_it(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unfpa", 2019, "noun-bullets",
        "## Results in 2018\n\n"
        "- Training of 80 midwives in Chad.\n"
        "- Data collection on the health of migrant women in Libya and Tunisia, with WHO.\n"
        "- Support to 12 women's shelters in Morocco.\n"
        "- KNOMAD working papers on the wages of migrant women.\n")
    # read as a predicate ("UNFPA support to 12 women's shelters"), the last two were statements in the present;
    # a name in capitals is no verb ("UNFPA kNOMAD working papers …")
    assert list(told(data)) == ["Training of 80 midwives in Chad.",
                                "Data collection on the health of migrant women in Libya and Tunisia, with WHO.",
                                "Support to 12 women's shelters in Morocco.",
                                "KNOMAD working papers on the wages of migrant women."]
    # where the training and the support took place; what the data are about (as of "a study on …")
    assert [[(c["code"], c["role"]) for c in item.get("countries", [])] for item in data["items"]] == [
        [("TCD", "programme")], [("LBY", "subject"), ("TUN", "subject")], [("MAR", "programme")], []]
    assert data["items"][-1]["title"] == "KNOMAD working papers on the wages of migrant women"


def test_an_aside_to_the_reader_keeps_its_work_and_a_paper_with_no_work_drafts_no_question(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unrwa", 2019, "aside",
        "Dear colleagues,\n\n"
        "As you know, UNRWA took part in the consultations on the Global Compact on Refugees in Geneva in 2018.\n")
    assert list(told(data)) == ["As you know, UNRWA took part in the consultations on the Global Compact on Refugees "
                                "in Geneva in 2018."]
    # nothing reads as work: each paragraph is an item to keep or drop, but for the questions and empty answers
    data, _ = drafted(project, tmp_path, "unfpa", 2019, "nothing",
        "## Background\n\n"
        "Women make up half of the world's migrants.\n\n"
        "**1. Please describe your organization's work on migration data.**\n\n"
        "Not applicable.\n")
    assert list(told(data)) == ["Women make up half of the world's migrants."]


def test_someone_s_words_quoted_are_no_item_and_a_quotation_is_never_reworded(project, tmp_path):
    data, _ = drafted(project, tmp_path, "escwa", 2017, "quoted",
        "## Work in 2016\n\n"
        "ESCWA organized an expert group meeting in Beirut on migration policies. \"Policies that ignore women "
        "ignore half of the story of migration in our region\", said the Executive Secretary.\n\n"
        "## Plans for 2017\n\n"
        "We will publish a regional report on women migrants, \"our most complete study yet\".\n")
    assert list(told(data)) == [
        "ESCWA organized an expert group meeting in Beirut on migration policies.",
        # "we" is the agency's; the quotation's "our" stays the speaker's
        "ESCWA will publish a regional report on women migrants, \"our most complete study yet\"."]


def test_what_other_bodies_did_mixed_in_one_sentence_is_no_item_of_the_agency(project, tmp_path):
    data, _ = drafted(project, tmp_path, "escwa", 2017, "mixed-others",
        "## Work in 2016\n\n"
        "ESCWA trained 30 officials on migration statistics.\n\n"
        "Other actors in the region were also active. The Government of Jordan adopted amendments to its rules on "
        "recruitment agencies, and UN Women supported shelters for women survivors of violence in Jordan.\n")
    assert list(told(data)) == ["ESCWA trained 30 officials on migration statistics."]


def test_a_heading_that_names_a_country_is_where_the_work_under_it_took_place(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-habitat", 2018, "country-headings",
        "## Work in 2017\n\n"
        "### Jordan\n\n"
        "UN-Habitat helped municipalities plan for the Syrian refugees they host. In Lebanon, it trained 40 planners.\n\n"
        "### Migration and cities\n\n"
        "UN-Habitat published a guide on migrant women in cities.\n")
    assert [[(c["code"], c["role"]) for c in item.get("countries", [])] for item in data["items"]] == [
        [("JOR", "programme"), ("SYR", "subject")],  # the heading's place; the refugees are the subject
        [("LBN", "programme")],  # a sentence that says where its own work took place keeps it
        []]
    data, _ = drafted(project, tmp_path, "un-habitat", 2019, "country-heading-summary",
        "## Work in 2018\n\n### Jordan\n\n"
        "With UNICEF, UN-Habitat prepared profiles of host towns. By mid-2017 the profiles had been used by the towns.\n")
    # the place said once, before a sentence whose first word is no name
    assert [" ".join(i["summary"].split()) for i in data["items"]] == [
        "In Jordan, with UNICEF, UN-Habitat prepared profiles of host towns. By mid-2017 the profiles had been used "
        "by the towns."]


def test_a_letter_s_courtesy_is_no_item_and_our_work_s_goals_are_a_statement_after_any_sentence(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unaids", 2019, "courtesy",
        "## Work in 2018\n\n"
        "Women who migrate are exposed to gender-based violence. Our work contributes to SDG target 3.3 and to SDG 5.\n\n"
        "UNAIDS supported HIV services for women migrants in Mali.\n\n"
        "I would be grateful if this contribution could be shared with the participants of the meeting.\n")
    assert list(told(data)) == ["UNAIDS supported HIV services for women migrants in Mali."]
    assert [(s["year"], s["codes"]) for s in data["sdg_statements"]] == [(2018, ["3.3", "5"])]
