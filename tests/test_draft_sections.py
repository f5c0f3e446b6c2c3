"""What a part of the paper is for, whatever its layout: a letter's opening and closing and the
signature after it are no work; the paper's own title set as a heading dates no work; an outlook is
a plan; a list of what "is planned for" a year is planned; what other organisations did is theirs.
Sentences of our own, not the corpus papers'."""
from __future__ import annotations

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
