"""Where one thing the agency did ends and the next begins, and what a clause says of it: a clause
the parse coordinates with the main verb that is a relative one, the agency's own bodies named
once with an acronym (after "its", or in apposition as a part of the agency), a demonym inside an
organisation's name or said as a language, a document the agency tells something in, what it said
in the work it did or at the event it took part in, and an event held at one named before.
Sentences of our own, not the corpus papers'; the words come from drafting.yaml, so these are its
tests too."""
from __future__ import annotations

import re

import pytest

from migration_briefs.sources import grammar
from migration_briefs.sources.mentions import Reader

from .projects import drafted


@pytest.fixture(scope="module")
def reader(reader_for) -> Reader:
    return reader_for("unicef")


@pytest.mark.parametrize("text, verbs", [
    # a relative clause the parse reads as a second main verb: no "and" or comma opens it
    ("In 2018 it supported village savings groups in which refugee women and the women in host families who "
     "stay at home took part in lending and in keeping accounts.", ["supported"]),
    ("With the Red Cross, UNICEF visited reception centres in Chad, where children held in custody reported "
     "beatings and hunger.", ["visited"]),
    # a root whose subject is a relative pronoun: the clause it hangs on is the main one
    ("In early 2019 the Fund financed new clinics in Asia, run by local groups, that offer care to migrant women.",
     ["financed"]),
    # what the relative clause's subject could do, after a comma and an "and": no deed of the agency's
    ("In Chad, UNICEF ran youth centres in Abeche and Bol, where adolescent girls received schooling and "
     "counselling, and could ask for help to find their families.", ["ran"]),
    # a deed after such a clause, in the main verb's form, stays
    ("In Chad, UNICEF ran youth centres in Abeche, where adolescent girls received schooling, and trained 40 "
     "teachers.", ["ran", "trained"]),
    # real coordination stays
    ("UNICEF trained social workers, ran child-friendly spaces and supported the ministry.",
     ["trained", "ran", "supported"]),
    # a clause before a semicolon is a main clause, the first
    ("UNICEF conducted a study on girls in Morocco; it showed that most of them leave school early.",
     ["conducted", "showed"]),
])
def test_the_main_verbs_leave_out_a_relative_clause_the_parse_coordinates(reader, text, verbs):
    assert [v.text for v in grammar.main_verbs(reader.parse(text))] == verbs


def test_the_agency_s_own_body_named_with_an_acronym_says_who_did_the_work(reader_for):
    reader = reader_for("unicef", fresh=True)
    reader.define_own_names(
        "Through its Child Remittance Savings Fund (CRSF), a trust fund set up in 2010, UNICEF co-financed "
        "school grants. The Committee on the Rights of the Child adopted its General Comment on Schooling (GCS).")
    assert reader.has_actor("In 2019 the Fund supported new schools in Asia.")
    assert reader.has_actor("In Ghana, CRSF grants paid the fees of 300 girls.")
    assert not reader.has_actor("In Ghana, a fund paid the fees of 300 girls.")  # "the Fund" is a name, "a fund" is not
    assert not reader.has_actor("The Committee will revise the General Comment.")  # its "its" is the Committee's


def test_a_part_of_the_agency_named_in_apposition_is_the_agency_not_a_partner(reader_for):
    reader = reader_for("unicef", fresh=True)
    reader.define_own_names(
        "With the ILO, the West African Child Rights and Schooling Centre (WACRC), the Education Section of "
        "UNICEF, trained teachers. The International Labour Organization (ILO), a partner of UNICEF, paid them.")
    assert reader.has_actor("In 2019 the Centre trained 40 teachers.")  # its head noun, not "Child" or "Schooling"
    assert reader.has_actor("WACRC published a guide.")
    assert not reader.has_actor("In 2019 the ILO paid the teachers.")  # "a partner of" names no part of UNICEF


@pytest.mark.parametrize("text, expected", [
    # a demonym that begins an organisation's name names no country of the work
    ("UNICEF's programme was funded by the Norwegian Agency for Development Cooperation (Norad).", []),
    ("UNICEF trained Norwegian border guards.", [("NOR", "mentioned")]),
    # a demonym said as a bare noun is a language; of people or before a noun it names a country
    ("In 2019 UNICEF will translate the handbook into French and Arabic.", []),
    ("The guide is available in Spanish.", []),
    ("UNICEF worked with the French on border controls.", [("FRA", "mentioned")]),
    ("Nigerien and Malian officials took the course.", [("NER", "programme"), ("MLI", "programme")]),
    # a country before a noun of what the work is about
    ("UNICEF ran clinics in Chad in response to the Sudan crisis.", [("TCD", "programme"), ("SDN", "subject")]),
])
def test_a_country_named_inside_a_name_or_before_a_topic(reader, text, expected):
    assert [(c.code, c.role) for c in reader.countries(text)] == expected


@pytest.mark.parametrize("text, products", [
    ("The network closed in 2019 and shared what the mayors had learned in a set of guidance notes on child "
     "protection.", [("Guidance notes on child protection", None)]),
    ("UNICEF will report on how its country offices apply the policy in its annual results report.",
     [("Annual results report", None)]),
    ("UNICEF described the campaign in two national reports.", [("Reports", 2)]),
    # a document of others, or one the agency only reads from, is no product of its own
    ("UNICEF reported on the policy in the Secretary-General's report.", []),
    ("UNICEF found the figures in a report of the ministry.", []),
])
def test_a_document_the_agency_tells_something_in_is_a_product(reader, text, products):
    assert [(p.title, p.count) for p in reader.products(text)] == products


def test_what_the_agency_said_in_its_work_is_part_of_that_item(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2018, "said",
        "## Activities in 2017\n\n"
        "UNICEF took part in the 80th session of the Committee on the Rights of the Child in Geneva in May 2017. "
        "UNICEF drew attention to children held at borders.\n\n"
        "UNICEF contributed to the consultations on the global compact on refugees, and argued that the compact "
        "should protect unaccompanied girls.\n\n"
        "UNICEF trained 300 border officials. UNICEF drew attention to children held at borders.\n\n"
        "In March 2017, at the 34th session of the Human Rights Council, the Special Rapporteur on education "
        "presented a report. UNICEF held a side event at the session on girls in detention.\n\n"
        "## Plans for 2018\n\n"
        "In 2018 UNICEF will publish the final guidance on the care of separated children with the Global "
        "Migration Group, and will promote its use in the negotiations on the compacts.\n")
    items = data["items"]
    summaries = [" ".join(i["summary"].split()) for i in items]
    # what it said at the session it took part in, and what it argued in the consultations: one item each
    assert any("80th session" in s and "drew attention" in s for s in summaries), summaries
    assert any("contributed" in s and "argued" in s for s in summaries), summaries
    # after work of another kind, what it said is a thing of its own
    assert any(s.startswith("UNICEF drew attention") for s in summaries), summaries
    # a second "will" is a second commitment, though it speaks of what the first publishes
    assert any("publish" in s and "promote" not in s for s in summaries), summaries
    assert any("promote" in s and "publish" not in s for s in summaries), summaries
    # a side event "at the session" was held when that session was
    side = [e for i in items for e in i.get("events", []) if e["kind"] == "side-event"]
    assert [(str(e["date"]), e.get("session")) for e in side] == [("2017-03", 34)]


@pytest.mark.parametrize("text, status", [
    # what a meeting said is what it concluded: a result the paper reports
    ("The workshop called for a national plan on the return of children.", "outcome"),
    ("The conference urged States to end the detention of children.", "outcome"),
    # a body's decision, or the agency's own call, is no result of the work
    ("The Committee adopted a general comment on children in migration.", None),
    ("UNICEF called for an end to the detention of children.", None),
    ("The workshop will call for a national plan.", "planned"),
])
def test_what_a_meeting_called_for_is_an_outcome(reader, text, status):
    assert reader.status(text)[0] == status


@pytest.mark.parametrize("text, kind", [
    # a date fronted to the sentence, which the pipeline reads as its head, and an object the parse
    # hung on the partner named before it
    ("From 3 to 5 May 2019 UNICEF organized, with the Red Cross, the Second Regional Workshop on Child "
     "Protection in Accra. Officials of five ministries reviewed the plans.", "event"),
    # a body worked with is not what the work is
    ("UNICEF worked closely with the Global Forum on Migration and Development, and delivered statements at "
     "its summit.", "statement"),
])
def test_the_kind_of_work_through_a_fronted_date_and_a_misplaced_object(reader, text, kind):
    assert reader.kind(text)[0] == kind


def test_an_event_named_twice_in_a_sentence_is_one_event():
    """The same meeting found by its noun and by its name ("at the third meeting of the Regional
    Conference on …", then "the Regional Conference on …") is one event; others stay apart."""
    from migration_briefs.sources.mentions import Event, _dedupe_events
    meeting = Event("meeting", "Third meeting of the Regional Conference on Child Migration", "2017-08-07", "meeting")
    named = Event("meeting", "Regional Conference on Child Migration", "2017-08-07", "held the Regional Conference")
    later = Event("meeting", "Regional Conference on Child Migration", "2018-08-07", "the Regional Conference")
    workshop = Event("workshop", "Workshop of the Regional Conference on Child Migration", "2017-08-07", "workshop")
    assert _dedupe_events([meeting, named, later, workshop]) == [meeting, later, workshop]


def test_the_compact_named_again_is_the_policy_it_was(reader):
    codes = [c for c, *_ in reader.approaches("The meeting called for the compact to protect girls on the move.",
                                              "advocacy", "called for")]
    assert "gender-responsive-policy" in codes
    assert "gender-responsive-policy" not in [c for c, *_ in reader.approaches(
        "The meeting called for the compact to protect children on the move.", "advocacy", "called for")]


def test_a_list_run_into_a_paragraph_gives_each_element_its_own_place(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2018, "inline",
        "## Activities in 2017\n\n"
        "In 2017 UNICEF (1) trained 150 child protection officers on family tracing, (2) published a guide on "
        "guardianship for unaccompanied children and (3) opened two drop-in centres with the Government of "
        "Senegal.\n\n"
        "The office's work had three strands. (i) UNICEF counselled 900 adolescent girls in transit. (ii) It "
        "translated its referral cards into four languages. (iii) In Mali, it ran a radio campaign on safe "
        "routes.\n\n"
        "## Plans for 2018\n\n"
        "In 2018 UNICEF will (a) map the services open to children at the borders of Jordan, (b) train "
        "volunteers in reception centres and (c) fund a helpline run by young refugees.\n")
    items = {" ".join(i["summary"].split()): i for i in data["items"]}
    where = {summary: [c["code"] for c in item.get("countries", [])] for summary, item in items.items()}

    def place(words: str) -> list[str]:
        [summary] = [s for s in where if words in s]
        return where[summary]

    # each element is an item of its own, and only the element that names a place has it
    assert place("drop-in centres") == ["SEN"], where
    assert place("family tracing") == [] and place("guardianship") == [], where
    assert place("radio campaign") == ["MLI"], where
    assert place("adolescent girls") == [] and place("referral cards") == [], where
    assert place("borders of Jordan") == ["JOR"], where
    assert place("volunteers") == [] and place("helpline") == [], where
    # the marks are the list's, not the paper's words on the work
    for item in data["items"]:
        for text in (item["title"], item["summary"]):
            assert not re.search(r"\((?:\d|[a-c]|i{1,3})\)|(?:^|\s)(?:\d|[a-c]|i{1,3})\)", text), text


def test_a_sentence_that_tells_only_what_others_did_is_no_item_of_the_agency(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2018, "others",
        "## Activities in 2017\n\n"
        "In May 2017 the member States of the regional process reviewed progress on birth registration.\n\n"
        "The Committee on Migrant Workers adopted a joint general comment on the rights of children in November "
        "2017.\n\n"
        "The parliament of Chad adopted a law against child marriage.\n\n"

        "The programme trained 80 guardians for unaccompanied children in Greece.\n\n"
        "A handbook on age assessment was published in four languages.\n\n"
        "At the regional forum, ministers endorsed a plan on child migrants. UNICEF presented its data on "
        "separated children there.\n")
    summaries = [" ".join(i["summary"].split()) for i in data["items"]]
    # the others' decisions and reviews are not the agency's work
    assert not any(s.startswith(("In May 2017 the member States", "The Committee on Migrant Workers",
                                 "The parliament of Chad")) for s in summaries), summaries
    # the agency's work, its programme's, told in the passive, or after what others did there, stays
    assert any(s.startswith("The programme trained 80 guardians") for s in summaries), summaries
    assert any(s.startswith("A handbook on age assessment") for s in summaries), summaries
    assert any("UNICEF presented its data" in s for s in summaries), summaries


def test_what_the_agency_s_own_governing_body_decided_stays_an_item(project, tmp_path):
    # a body whose name holds a word of the agency's name that no other agency's name holds
    data, _ = drafted(project, tmp_path, "ilo", 2020, "governing",
        "## Activities in 2019\n\n"
        "In June 2019 the International Labour Conference adopted a convention on violence and harassment at "
        "work.\n\n"
        "In March 2019 the Human Rights Council adopted a resolution on migrant domestic workers.\n")
    summaries = [" ".join(i["summary"].split()) for i in data["items"]]
    assert any(s.startswith("In June 2019 the International Labour Conference") for s in summaries), summaries
    assert not any(s.startswith("In March 2019 the Human Rights Council") for s in summaries), summaries


def test_a_table_row_or_an_annex_entry_that_restates_an_item_is_cited_there_not_drafted_twice(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2018, "restated",
        "## Activities in 2017\n\n"
        "In 2017 UNICEF issued a handbook on the guardianship of unaccompanied children in Europe. In Malawi it "
        "registered 3,000 refugee children at birth.\n\n"
        "| Result | Where | Stage |\n"
        "| --- | --- | --- |\n"
        "| 3,000 refugee children registered at birth | Malawi | Done |\n"
        "| Mobile schools opened for children of herders | Chad | Under way |\n\n"
        "## Annex. Publications\n\n"
        "- Handbook on the guardianship of unaccompanied children in Europe (UNICEF, 2017)\n"
        "- Child migrants and the law: a review of detention practices (UNICEF, 2017)\n")
    items = data["items"]
    summaries = [" ".join(i["summary"].split()) for i in items]
    # the row and the entry that restate the body's work are cited by its items, not items of their own
    assert not any(s.startswith(("3,000 refugee children registered", "Handbook on the guardianship"))
                   for s in summaries), summaries
    [registered] = [i for i in items if "registered 3,000" in i["summary"]]
    [handbook] = [i for i in items if "issued a handbook" in i["summary"]]
    body = registered["source"][0]
    assert handbook["source"][0] == body and len(registered["source"]) > 1 and len(handbook["source"]) > 1, (
        registered["source"], handbook["source"])
    # a row and an entry the body does not tell stay items of their own
    assert any(s.startswith("Mobile schools opened") for s in summaries), summaries
    assert any(s.startswith("Child migrants and the law") for s in summaries), summaries


def test_a_summary_that_restates_the_body_is_cited_there_not_drafted_twice(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "summary",
        "## Highlights\n\n"
        "In 2018 UNICEF trained 300 guardians of unaccompanied children in Greece and opened a helpline for girls "
        "in Libya.\n\n"
        "## I. Protection\n\n"
        "With the Greek authorities, UNICEF trained 300 guardians of unaccompanied children in Greece between "
        "March and June 2018.\n")
    titles = {i["title"]: i["source"] for i in data["items"]}
    # the body's item cites the summary; what only the summary tells stays an item of its own
    assert titles == {"Trained 300 guardians of unaccompanied children in Greece between March and June 2018": ["p4", "p2"],
                      "Opened a helpline for girls in Libya": ["p2"]}, titles


def test_what_the_agency_means_to_do_as_the_subject_of_is_to_is_a_plan(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2018, "intended",
        "## Activities in 2017\n\n"
        "In 2017 UNICEF trained 150 social workers in Chad.\n\n"
        "## Looking ahead\n\n"
        "UNICEF's priorities for next year are to (1) extend its helpline to Niger, (2) train volunteers in "
        "reception centres and (3) fund a study of girls in transit.\n\n"
        "Our aim in 2018 is to open two drop-in centres for adolescent girls in Senegal.\n")
    planned = {item["title"]: (item["status"], item["year"]) for item in data["items"] if item["status"] == "planned"}
    assert planned == {"Extend its helpline to Niger": ("planned", 2018),
                       "Train volunteers in reception centres": ("planned", 2018),
                       "Fund a study of girls in transit": ("planned", 2018),
                       "Open two drop-in centres for adolescent girls in Senegal": ("planned", 2018)}, planned


def test_a_title_the_paper_sets_in_italics_is_quoted_and_kept_whole(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2018, "titled",
        "## Activities in 2017\n\n"
        "In May 2017 UNICEF published *Far from Home: Girls who travel alone*, a regional study on girls in "
        "transit.\n\n"
        "In June 2017 UNICEF published the *Annual Review of Guardianship 2017*, with data by sex.\n")
    first, second = data["items"]
    assert first["summary"].startswith('In May 2017 UNICEF published "Far from Home: Girls who travel alone", a')
    assert '"Far from Home: Girls who travel alone"' in first["title"], first["title"]
    assert [p["title"] for p in first["products"]] == ["Study on girls in transit (Far from Home)"]
    # a title that says what it is reads as a name, unquoted
    assert '"' not in second["summary"] and "Annual Review of Guardianship 2017" in second["summary"]


def test_a_list_element_that_is_a_whole_clause_is_its_own_sentence_and_a_shared_auxiliary_is_said_once(
        project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2018, "clauses",
        "## Activities in 2017\n\n"
        "In 2017 UNICEF did the following:\n\n"
        "(a) in Ghana and Togo, UNICEF trained 210 social workers on the care of children who travel alone;\n\n"
        "(b) it opened nine youth centres in camps in Chad, where adolescent girls received schooling;\n\n"
        "(c) mapped the services open to children at the borders of Niger.\n\n"
        "## Plans for 2018\n\n"
        "In 2018 UNICEF will extend its helpline to Mali and will support ministries in applying the new "
        "guardianship law.\n")
    summaries = [" ".join(i["summary"].split()) for i in data["items"]]
    # an element with a subject of its own reads alone: the lead-in is no part of its sentence
    assert "In Ghana and Togo, UNICEF trained 210 social workers on the care of children who travel alone." \
        in summaries, summaries
    assert any(s.startswith("UNICEF opened nine youth centres") for s in summaries), summaries  # "it", named
    # an element without one takes the lead-in's words that make it a sentence, not those that announce the
    # list, nor the year the item's own year says
    assert "UNICEF mapped the services open to children at the borders of Niger." in summaries, summaries
    # a verb with an auxiliary of its own takes the shared subject without the first verb's
    assert any(s.startswith("UNICEF will support ministries") for s in summaries), summaries
    assert not any("will will" in s for s in summaries), summaries


@pytest.mark.parametrize("text, date", [
    # a date in a relative clause with a subject of its own is what others did, not the event's
    ("On 9 May UNICEF convened, with UNHCR, a consultation with youth groups on the regional action plan, which "
     "the ministers adopted in November 2018.", "2018-05-09"),
    ("UNICEF organized a workshop on guardianship for judges, whose report the Government published in October "
     "2018.", "2018"),
    # one whose subject is the relative word tells the event itself
    ("UNICEF took part in the regional conference on child protection, which was held in Dakar on 10 December "
     "2018.", "2018-12-10"),
])
def test_an_event_s_date_is_not_one_others_gave_what_it_made(reader, text, date):
    [event] = reader.events(text, 2018, {})
    assert event.date == date, (event.title, event.date)


@pytest.mark.parametrize("text, kept", [
    ("The regional forum called for governments to protect the rights of migrant domestic workers.",
     "called for governments to protect the rights"),
    ("UNICEF pressed for States to end the detention of children on the move.", "Pressed for States to end"),
])
def test_what_a_verb_calls_for_stays_in_its_title(reader, text, kept):
    from migration_briefs.sources.draft import Part, _title
    assert kept in _title([Part(text, None)], reader)


@pytest.mark.parametrize("text, title", [
    # the parse hangs the name's end on the verb; too long whole, the name is said by its acronym
    ("With the World Food Programme and UNHCR, UNICEF ran the Regional Initiative to Protect and Educate Children "
     "in Transit and the Reunification of Separated Families (RIPECT), funded by Norway.", "Ran the RIPECT"),
    # one that fits without its bracket stays whole
    ("In 2019 UNICEF carried out the Joint Programme to Prevent and Respond to Violence against Girls on the Move "
     "(JP-GIRLS), with the support of Sweden.",
     "Carried out the Joint Programme to Prevent and Respond to Violence against Girls on the Move"),
])
def test_a_name_in_a_title_is_whole_or_its_acronym(reader, text, title):
    from migration_briefs.sources.draft import Part, _title
    assert _title([Part(text, None)], reader) == title


@pytest.mark.parametrize("text, title", [
    # a passive: what was done is the subject, kept though the predicate must be shorter for it
    ("In this programme, national child protection systems were reinforced to guarantee accountability to the "
     "rights of unaccompanied and separated children at every step of their journey.",
     "National child protection systems were reinforced to guarantee accountability"),
    # a verb of becoming: a subject too long beside it is shortened by whole phrases, a name by its acronym
    ("In March 2019 the window for displaced people and host towns of the third replenishment of the Regional "
     "Investment Fund for Education (RIFE3) became available to middle-income countries hosting large numbers "
     "of displaced children.",
     "The window for displaced people and host towns of the third replenishment of the RIFE3 became available"),
    # a gerund's clause as the subject of a passive is what was done
    ("Screening for acute malnutrition was carried out for children under five in the camps of Cox's Bazar.",
     "Screening for acute malnutrition was carried out for children under five in the camps of Cox's Bazar"),
    # a subject the parse split at the name after its noun is said whole
    ("The report Hunger and Flight: Food security and migration was published in 2018.",
     "The report Hunger and Flight: Food security and migration was published in 2018"),
    # what is expected of a thing, said in its infinitive, is no plan of the thing itself ("are expected")
    ("The loans the fund makes are expected to reach women traders in the border markets.",
     "The loans are expected to reach women traders in the border markets"),
])
def test_a_title_whose_subject_is_the_thing_done_keeps_it(reader, text, title):
    from migration_briefs.sources.draft import Part, _title
    assert _title([Part(text, None)], reader) == title


def test_an_object_after_a_phrase_between_commas_stays_in_its_title(reader):
    # the parse hangs the object on the last partner of the phrase between the commas
    from migration_briefs.sources.draft import Part, _title
    text = ("In Asia, UNICEF continued to carry out, with the Asian Development Bank, WFP and the national Red Cross "
            "societies, the Regional Child Nutrition Programme adopted by the health ministers in 2016, which supports "
            "health centres in tracking stunting.")
    assert _title([Part(text, None)], reader) == "Continued to carry out the Regional Child Nutrition Programme"


@pytest.mark.parametrize("text, title", [
    # the subject of a second clause, which the parse read as a second object or verb of the first
    ("UNICEF began to publish birth registration figures and indicator 16.9.1 on legal identity became measurable "
     "in ten countries.", "Began to publish birth registration figures"),
    ("In 2018 UNICEF started to release school data by sex and target 4.5 on equal access was reported on for the "
     "first time.", "Started to release school data by sex"),
    # an "and" inside a phrase stays; one left without its second half goes
    ("In 2018 UNICEF began to publish figures on women and girls in camps and indicator 5.2.1 on violence became "
     "measurable in ten countries.", "Began to publish figures on women and girls in camps"),
])
def test_a_title_ends_before_the_subject_of_a_second_clause(reader, text, title):
    from migration_briefs.sources.draft import Part, _title
    assert _title([Part(text, None)], reader) == title


def test_each_infinitive_with_its_own_to_under_a_verb_of_intending_is_a_commitment(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "intends",
        "## Plans for 2019\n\n"
        "In 2019, UNICEF expects to open two child-friendly spaces in border towns, and to train the police of "
        "Mali in the care of unaccompanied children.\n\n"
        "In 2019 UNICEF will continue to fund family tracing and provide legal aid to separated children.\n")
    items = {" ".join(i["summary"].split()): i for i in data["items"]}
    # the second "to" keeps the subject and the verb of intending, not the year the item's year says, and is
    # a plan of its own
    opened = items["In 2019, UNICEF expects to open two child-friendly spaces in border towns."]
    trained = items["UNICEF expects to train the police of Mali in the care of unaccompanied children."]
    assert [(i["year"], i["status"]) for i in (opened, trained)] == [(2019, "planned")] * 2
    assert [c["code"] for c in trained["countries"]] == ["MLI"]
    # a verb that shares the first one's "to" goes on with the same commitment
    assert any(s.startswith("In 2019 UNICEF will continue to fund") and "legal aid" in s for s in items), items


_OPENING = "UNICEF is glad to present this overview of the work it did with children on the move, and with the " \
    "families and communities that host them, "


@pytest.mark.parametrize("opening, statement, reported", [
    (_OPENING + "in 2017 and 2018.", "Its work advances SDG targets 16.2 and 10.7.", [2017, 2018]),
    (_OPENING + "over 2017–2018.", "Its work advances SDG targets 16.2 and 10.7.", [2017, 2018]),
    # a year the statement says is its year alone
    (_OPENING + "in 2017 and 2018.", "In 2017 its work advanced SDG targets 16.2 and 10.7.", [2017]),
    # a span reaching before the years a paper reports is another period's: the year before the meeting
    (_OPENING + "under the strategic plan it set for 2014-2017.", "Its work advances SDG targets 16.2 and 10.7.",
     [2018]),
])
def test_a_statement_on_work_that_spans_years_is_made_for_each_of_them(project, tmp_path, opening, statement,
                                                                       reported):
    # the paper's opening paragraph, before any heading that could date it
    data, _ = drafted(project, tmp_path, "unicef", 2019, "spans", f"# Children on the move\n\n{opening} {statement}"
                      "\n\n## Activities\n\nUNICEF trained 40 guardians in Chad.\n")
    statements = data["sdg_statements"]
    assert [s["year"] for s in statements] == reported, statements
    assert all(s["codes"] == ["16.2", "10.7"] for s in statements), statements


@pytest.mark.parametrize("text, title", [
    # a fronted date without its comma: the parse hangs the agency, first of the list, on the date
    ("In March 2019 UNICEF, the World Food Programme (WFP) and the Norwegian Refugee Council (NRC) opened two "
     "centres for unaccompanied girls in Agadez.", "Opened two centres for unaccompanied girls in Agadez"),
    # the agency second in a list of subjects did the work too
    ("The World Food Programme and UNICEF opened two centres for unaccompanied girls in Agadez.",
     "Opened two centres for unaccompanied girls in Agadez"),
    # the agency named before a comma but not in the list of subjects: the subject stays
    ("In a letter to UNICEF, the Government of Chad agreed to open two centres for unaccompanied girls.",
     "The Government of Chad agreed to open two centres for unaccompanied girls"),
])
def test_the_agency_first_in_a_list_of_subjects_is_who_did_the_work(reader, text, title):
    from migration_briefs.sources.draft import Part, _title
    assert _title([Part(text, None)], reader) == title


@pytest.mark.parametrize("text, title", [
    # a plan of someone else's is theirs, not a commitment of the agency
    ("The Government of Mali will host a workshop on the care of separated children in June 2020.",
     "The Government of Mali will host a workshop on the care of separated children in June 2020"),
    ("The third regional forum on children on the move will take place in Dakar in March 2020.",
     "The third regional forum on children on the move will take place in Dakar in March 2020"),
    # a passive plan keeps what is to be done, and its participle
    ("A regional report on girls on the move will be published in May 2020.",
     "A regional report on girls on the move will be published in May 2020"),
    ("The forum will not meet in 2020.", "The forum will not meet in 2020"),
    # the agency's own plans are commitments, whatever names them
    ("UNICEF will open two child-friendly spaces in Mopti.", "Open two child-friendly spaces in Mopti"),
    ("Our aim is to open two child-friendly spaces in Mopti.", "Open two child-friendly spaces in Mopti"),
])
def test_a_plan_of_another_subject_names_it_with_its_modal(reader, text, title):
    from migration_briefs.sources.draft import Part, _title
    assert _title([Part(text, None)], reader) == title


def test_a_colon_inside_a_title_parts_no_list(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "titled",
        "## Work in 2018\n\n"
        "UNICEF contributed to the report *Safe Passage: Protecting Children on the Move in West Africa* and to the "
        "preparation of the regional strategy, working for commitments on the protection of girls.\n\n"
        "UNICEF contributed to the report “Safe Passage: Protecting Children on the Move” and to the preparation of "
        "the regional strategy, working for commitments on the protection of girls.\n")
    # each sentence is two things done, "to" said again, and no element of a list after the colon
    titles = [i["title"] for i in data["items"]]
    assert len(titles) == 4 and titles[1] == titles[3] == "Contributed to the preparation of the regional strategy"
    assert all(t.startswith("Contributed to the report") for t in titles[::2]), titles
    assert data["items"][2]["summary"].endswith("on the Move”."), data["items"][2]["summary"]


def test_a_title_too_long_with_a_named_title_whole_names_it_without_its_subtitle(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "subtitle",
        "## Work in 2018\n\n"
        "UNICEF contributed to the Secretary-General's report *In Safety and Dignity: Addressing Large Movements of "
        "Refugees and Migrants*, working for commitments on the protection of girls.\n\n"
        "UNICEF published *Far from Home: Girls on the Move*, a report on adolescent girls in the Sahel.\n")
    assert [i["title"] for i in data["items"]] == [
        'Contributed to the Secretary-General\'s report "In Safety and Dignity"',
        'Published "Far from Home: Girls on the Move", a report on adolescent girls in the Sahel']  # it fits whole


def test_an_element_keeps_the_colon_of_a_lead_in_that_names_what_the_list_holds(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "colons",
        "## Work in 2018\n\n"
        "After the assessment, UNICEF and its partners worked on two priorities:\n\n"
        "1. setting up safe spaces for girls at reception sites;\n"
        "2. tracing the families of unaccompanied children.\n\n"
        "UNICEF supported the authorities of Chad, including:\n\n"
        "- training 40 border officials on the rights of children;\n"
        "- drafting a law on guardianship.\n\n"
        "Under its protection programme, UNICEF:\n\n"
        "- trained 200 social workers in Chad;\n"
        "- opened three safe spaces in Niger.\n")
    summaries = [" ".join(i["summary"].split()) for i in data["items"]]
    assert summaries == [
        "After the assessment, UNICEF and its partners worked on two priorities: setting up safe spaces for girls at "
        "reception sites.",
        "After the assessment, UNICEF and its partners worked on two priorities: tracing the families of "
        "unaccompanied children.",
        # the element is what the lead-in's last words take: no colon between them
        "UNICEF supported the authorities of Chad, including training 40 border officials on the rights of children.",
        "UNICEF supported the authorities of Chad, including drafting a law on guardianship.",
        "Under its protection programme, UNICEF trained 200 social workers in Chad.",
        "Under its protection programme, UNICEF opened three safe spaces in Niger.",
    ]


@pytest.mark.parametrize("text, verbs", [
    # an acronym that spells a common word is a name, not the pronoun: the clause it opens is the main one
    ("Under the Healthy Borders project, funded by the Government of Norway, WHO assessed clinics in ten towns.",
     ["assessed"]),
    ("In 2019 WHO and IOM held a consultation on the health of women migrant workers.", ["held"]),
    # the pronoun stays one
    ("Women who had been trafficked were referred to clinics.", ["referred"]),
])
def test_an_acronym_that_spells_a_word_is_a_name(reader_for, text, verbs):
    reader = reader_for("who")
    doc = reader.parse(text)
    assert [v.text for v in grammar.main_verbs(doc)] == verbs
    assert all(t.tag_ == "NNP" for t in doc if t.text == "WHO")


def test_a_text_set_in_capitals_is_read_as_it_was(reader_for):
    doc = reader_for("who").parse("WORK IN 2019 AND PLANS FOR 2020")
    assert all(t.norm_ == t.lower_ for t in doc)


def test_what_was_done_with_a_thing_named_before_goes_on_with_its_item(project, tmp_path):
    # a passive whose subject is a pronoun: what was done with the study, not two more things done
    data, _ = drafted(project, tmp_path, "unicef", 2019, "passive",
        "## Work in 2018\n\nUNICEF published a study on girls on the move in June 2018. It was launched in Berlin, "
        "and presented in Nairobi.\n")
    assert [i["title"] for i in data["items"]] == ["Published a study on girls on the move in June 2018"]



@pytest.mark.parametrize("text, verbs", [
    # a name the parse takes for a word of a noun phrase ("FAO plans" as a noun): read as a name
    ("FAO plans to hold a workshop on rural women migrants.", ["plans"]),
    ("In 2019 UNICEF plans to publish a study.", ["plans"]),
    ("FAO co-organized with IOM a workshop on rural migration in Dakar on 3 May 2018.", ["co-organized"]),
    # a heading with no verb stays one
    ("Next steps", []),
    ("UNHCR results in 2017", []),
    ("Global Migration Group activities", []),
])
def test_a_name_read_as_a_noun_s_word_is_the_subject_of_the_verb_after_it(reader, text, verbs):
    assert [v.text for v in grammar.main_verbs(reader.parse(text))] == verbs


def test_a_plan_whose_verb_the_parse_read_as_a_noun_is_a_plan(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "plans",
        "## Work in 2018\n\nUNICEF trained 40 teachers in Chad.\n\nIn 2019 UNICEF plans to publish a study on girls "
        "on the move.\n")
    plan = data["items"][-1]
    assert (plan["status"], plan["year"], plan["title"]) == ("planned", 2019, "Publish a study on girls on the move")


def test_a_sentence_on_what_became_of_the_thing_the_item_made_goes_on_with_its_item(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "again",
        "## Work in 2018\n\n"
        "UNICEF published a study on girls on the move. The study was launched in Nairobi on 3 May 2018.\n\n"
        "UNICEF held a regional dialogue on child marriage. The dialogue was attended by 80 young women.\n\n"
        "UNICEF carried out a rapid assessment of the needs of refugee children. The assessment covered three camps.\n\n"
        "UNICEF launched a project on birth registration. The project trained 200 registrars.\n\n"
        # a word of ongoing work that does nothing itself: what was done to it
        "UNICEF wrote a report on child labour in mines. The report was launched in Lima in May 2018.\n")
    titles = [i["title"] for i in data["items"]]
    assert titles == ["Published a study on girls on the move", "Held a regional dialogue on child marriage",
                      "Carried out a rapid assessment of the needs of refugee children",
                      "Launched a project on birth registration", "Trained 200 registrars",
                      "Wrote a report on child labour in mines"]
    study, dialogue, assessment = data["items"][:3]
    # the thing named again is one product or event, by its whole name
    assert [p["title"] for p in study["products"]] == ["Study on girls on the move"]
    assert [e["title"] for e in dialogue["events"]] == ["Regional dialogue on child marriage"]
    assert [p["title"] for p in assessment.get("products", [])] in ([], ["Rapid assessment of the needs of refugee children"])


def test_the_target_of_an_indicator_the_item_names_is_suggested_first(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "indicator",
        "## Work in 2018\n\nUNICEF helped three statistical offices to produce data for SDG indicators 16.9.1 and "
        "5.3.1 on birth registration and child marriage.\n")
    sdg = data["items"][0]["sdg"]
    assert "stated" not in sdg  # the paper names indicators, not targets
    assert [s["code"] for s in sdg["suggested"]][:2] == ["16.9", "5.3"]


def test_a_lead_in_that_only_announces_its_list_is_no_item_however_long_its_subject(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "lead",
        "## Work in 2018\n\nThe Child Protection Section for Refugees and Migrants (CPSRM), the protection office of "
        "UNICEF, carried out the following activities:\n\n(a) It trained 40 social workers;\n\n"
        "(b) It published a guide on foster care.\n")
    assert [i["title"] for i in data["items"]] == ["Trained 40 social workers", "Published a guide on foster care"]


def test_what_a_product_made_in_the_passive_found_goes_on_with_it_and_does_not_title_it(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "found",
        "## Work in 2018\n\nA survey of refugee children in Lebanon was completed in May 2018, with the American "
        "University of Beirut. It found that nine in ten of them live below the poverty line.\n")
    titles = [i["title"] for i in data["items"]]
    assert len(titles) == 1 and titles[0].startswith("A survey of refugee children in Lebanon was completed")


def test_work_shared_with_a_partner_whose_name_has_a_preposition_is_the_agency_s(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "shared",
        "## Work in 2018\n\nThe Intergovernmental Authority on Development and UNICEF held a regional dialogue on "
        "child migrants.\n")
    item = data["items"][0]
    assert (item["title"], item["partners"]) == ("Held a regional dialogue on child migrants",
                                                 ["Intergovernmental Authority on Development"])


def test_one_verb_with_its_preposition_said_again_is_two_things_done(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "again-to",
        "## Work in 2018\n\nUNICEF contributed to the consultations on the compact and to the review of the "
        "guidelines.\n\nUNICEF worked with IOM and with UNHCR on a guide.\n\nUNICEF worked with States on the two "
        "compacts, on refugees and on migration.\n")
    assert [i["title"] for i in data["items"]] == ["Contributed to the consultations on the compact",
                                                   "Contributed to the review of the guidelines",
                                                   "Worked with IOM and with UNHCR on a guide",
                                                   "Worked with States on the two compacts, on refugees and on migration"]


def test_work_going_on_is_an_item_not_a_statement_of_what_the_agency_is(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "ongoing",
        "## Work in 2018\n\nUNICEF trained 200 teachers in Jordan.\n\nSince March 2018, UNICEF has been implementing a "
        "project on birth registration in Ethiopia.\n\nUNICEF continues to support the Government of Chad in the "
        "reform of juvenile justice.\n\nUNICEF works for every child.\n")
    assert [i["title"] for i in data["items"]] == [
        "Trained 200 teachers in Jordan", "Implementing a project on birth registration in Ethiopia",
        "Continues to support the Government of Chad in the reform of juvenile justice"]


def test_an_element_labelled_with_a_country_took_place_there(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "labels",
        "## Work in 2018\n\n- **Guatemala:** trained 200 nurses on child protection.\n"
        "- **Honduras:** UNICEF opened three child-friendly spaces at the border.\n- **Data:** it published a "
        "survey of returnees.\n")
    assert [(i["title"], [(c["code"], c["role"]) for c in i.get("countries", [])]) for i in data["items"]] == [
        ("Trained 200 nurses on child protection", [("GTM", "programme")]),
        ("Opened three child-friendly spaces at the border", [("HND", "programme")]),
        ("Published a survey of returnees", [])]


def test_a_sentence_that_opens_on_a_role_s_word_is_no_run_in_heading(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "challenges",
        "## Work in 2018\n\nUNICEF trained 40 teachers in Niger.\n\n## Plans for 2019\n\n"
        "Challenges remain in the north. UNICEF will open two safe spaces in Mali.\n\n"
        "**Challenges.** Funding fell short.\n")
    assert [(i["title"], i["status"]) for i in data["items"]] == [
        ("Trained 40 teachers in Niger", "done"), ("Open two safe spaces in Mali", "planned")]


def test_a_plan_for_the_agency_s_programme_in_the_passive_says_it_of_the_programme(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unicef", 2019, "extended",
        "## Plans for 2019\n\nThe programme will be extended to Ghana.\n\nUNICEF will extend the helpline to Mali.\n")
    assert [i["title"] for i in data["items"]] == ["The programme will be extended to Ghana", "Extend the helpline to Mali"]


def test_a_list_after_a_lead_in_of_plans_is_planned_under_any_heading(project, tmp_path):
    # no plans heading: the lead-in's "will" and year say what its elements are
    data, _ = drafted(project, tmp_path, "unodc", 2019, "willlist",
        "## Work in 2018\n\n"
        "UNODC trained 40 judges in Mali.\n\n"
        "In 2019, UNODC will:\n\n"
        "- train prosecutors in Ghana;\n"
        "- publish a handbook on the smuggling of women.\n")
    told = {" ".join(i["summary"].split()): (i["year"], i["status"]) for i in data["items"]}
    assert told == {"UNODC trained 40 judges in Mali.": (2018, "done"),
                    "UNODC will train prosecutors in Ghana.": (2019, "planned"),
                    "UNODC will publish a handbook on the smuggling of women.": (2019, "planned")}


def test_who_pays_for_the_work_is_told_with_it(project, tmp_path):
    data, _ = drafted(project, tmp_path, "fao", 2019, "funded",
        "## Work in 2018\n\n"
        "FAO piloted savings schemes for returnee women in Senegal. The project is funded by the Government of "
        "Norway.\n\n"
        "FAO trained 60 extension workers in Mali. It was co-financed by the European Union.\n")
    assert len(data["items"]) == 2
    assert [i["partners"] for i in data["items"]] == [["Government of Norway"], ["European Union"]]


def test_an_organisation_named_with_a_demonym_is_a_partner_and_no_country(project, tmp_path):
    data, _ = drafted(project, tmp_path, "un-habitat", 2019, "ngo",
        "## Work in 2018\n\n"
        "A shelter project for returnee families was implemented in Yemen in 2018 by the Swedish Relief Council "
        "with technical support from UN-Habitat.\n")
    item, = data["items"]
    assert [c["code"] for c in item["countries"]] == ["YEM"]
    assert item["partners"] == ["Swedish Relief Council"]


def test_the_agency_s_own_name_is_no_event_and_a_name_in_capitals_keeps_its_scope_word(project, tmp_path):
    data, _ = drafted(project, tmp_path, "eca", 2019, "own",
        "## Work in 2018\n\n"
        "In 2018, the Economic Commission for Africa organized a regional consultation on labour mobility in "
        "Kigali.\n\n"
        "The Economic Commission for Africa published the Global Labour Mobility Report for Africa in June 2018.\n")
    first, second = data["items"]
    assert [(e["title"], e.get("place")) for e in first["events"]] == [("Regional consultation on labour mobility", "Kigali")]
    assert [p["title"] for p in second["products"]] == ["Global Labour Mobility Report for Africa"]


def test_a_sentence_that_names_the_work_s_partners_is_told_with_it(project, tmp_path):
    data, _ = drafted(project, tmp_path, "wfp", 2019, "partners",
        "## Work in 2018\n\n"
        "In 2018 WFP gave cash to 2,000 refugee women in Chad. Our partners included Caritas Internationalis and "
        "the Chadian Red Cross.\n")
    item, = data["items"]
    assert item["partners"] == ["Caritas Internationalis", "Chadian Red Cross"]


def test_a_line_of_partners_or_of_who_funds_the_work_goes_with_the_item_before_it(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unesco", 2019, "partners-line",
        "## Work in 2018\n\n"
        "UNESCO held a regional dialogue on the rights of migrant women teachers in Amman.\n\n"
        "Partners: Caritas Lebanon, Save the Children.\n\n"
        "The project is funded by the European Union.\n")
    item, = data["items"]
    assert item["partners"] == ["Caritas Lebanon", "Save the Children", "European Union"]


def test_a_plan_after_work_done_and_a_result_of_it_are_items_of_their_own(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unesco", 2019, "follow-ons",
        "## Work in 2018\n\n"
        "UNESCO trained 2,000 teachers in Jordan on the schooling of refugee girls. By end-2019, 5,000 more will "
        "have been trained.\n\n"
        "UNESCO trained 300 women entrepreneurs in Morocco in export skills. As a result, 120 of them now export "
        "to European markets.\n")
    assert [(i["year"], i["status"], " ".join(i["summary"].split())) for i in data["items"]] == [
        (2018, "done", "UNESCO trained 2,000 teachers in Jordan on the schooling of refugee girls."),
        (2019, "planned", "By end-2019, 5,000 more will have been trained."),
        (2018, "done", "UNESCO trained 300 women entrepreneurs in Morocco in export skills."),
        (2018, "outcome", "As a result, 120 of them now export to European markets.")]
    assert data["items"][1]["title"] == "5,000 more will have been trained"


def test_a_role_the_agency_holds_in_the_present_is_work_not_a_statement_of_what_it_is(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unesco", 2019, "co-chairs",
        "## Work in 2018\n\n"
        "UNESCO co-chairs the working group on education and migration of the Global Migration Group.\n\n"
        "UNESCO published a guide on the schooling of migrant girls.\n")
    first, _ = data["items"]
    assert (first["year"], first["status"], first["kind"]) == (2018, "done", "coordination")


def test_hopes_wishes_and_postponements_are_plans_titled_by_what_is_planned(project, tmp_path):
    data, _ = drafted(project, tmp_path, "unece", 2019, "hopes",
        "## Work in 2018\n\n"
        "UNECE trained 40 statisticians on migration data.\n\n"
        "UNECE hopes to organize a regional seminar on migrant women's access to housing.\n\n"
        "The regional workshop on care work planned for Almaty was postponed to 2019.\n\n"
        "UNECE would like to extend the work to Armenia in 2019.\n")
    assert [(i["year"], i["status"], i["title"]) for i in data["items"]] == [
        (2018, "done", "Trained 40 statisticians on migration data"),
        (2019, "planned", "Organize a regional seminar on migrant women's access to housing"),
        (2019, "planned", "Regional workshop on care work planned for Almaty"),
        (2019, "planned", "Extend the work to Armenia in 2019")]


def test_a_name_the_parse_reads_as_a_modifier_of_the_words_after_it_is_the_subject(project, tmp_path):
    data, _ = drafted(project, tmp_path, "undp", 2019, "modifier",
        "## Work in 2018\n\n"
        "In 2018, UNDP trained officials in Mali, published a toolkit, and organized a dialogue in Senegal.\n\n"
        "UNDP envisages a regional seminar on migrant women in 2019.\n\n"
        "In 2018, 2,500 women returnees in Kyrgyzstan received grants through a UNDP project.\n")
    assert [(i["title"], " ".join(i["summary"].split())) for i in data["items"]] == [
        ("Trained officials in Mali", "In 2018, UNDP trained officials in Mali."),
        ("Published a toolkit", "UNDP published a toolkit."),
        ("Organized a dialogue in Senegal", "UNDP organized a dialogue in Senegal."),
        ("Envisage a regional seminar on migrant women in 2019",
         "UNDP envisages a regional seminar on migrant women in 2019."),
        ("2,500 women returnees in Kyrgyzstan received grants through a UNDP project",
         "In 2018, 2,500 women returnees in Kyrgyzstan received grants through a UNDP project.")]


def test_a_body_s_own_session_is_the_context_of_the_agency_s_work_at_it(project, tmp_path):
    data, _ = drafted(project, tmp_path, "eca", 2019, "serviced",
        "## Work in 2018\n\n"
        "The Committee on Gender and Social Development held its third session in Kigali from 5 to 7 March 2018. "
        "ECA serviced the session.\n")
    [item] = data["items"]
    assert item["title"] == "Serviced the third session of the Committee on Gender and Social Development"
    assert [(e["kind"], e["title"], e["session"], e["place"]) for e in item["events"]] == [
        ("session", "Third session of the Committee on Gender and Social Development", 3, "Kigali")]
