"""The rule families `briefs draft` reads a paper by, on texts of our own with cases the seed
paper lacks: SDG mentions, mechanisms, countries and roles, dates and sessions, products,
statuses and partners. The words come from the reference tables, so these are their tests too."""
from __future__ import annotations

import pytest

from migration_briefs.model.reference import load_drafting, load_reference
from migration_briefs.paths import Project
from migration_briefs.sources.mentions import Reader, dates, number_in_words, sdg_codes


@pytest.fixture(scope="module")
def reader(reader_for) -> Reader:
    return reader_for("un-women")


@pytest.mark.parametrize("text, codes", [
    ("in particular Goal 5 on gender equality", ["5"]),
    ("It contributes to SDG 8 and to SDG10.", ["8", "10"]),
    ("a contribution to Sustainable Development Goal 10", ["10"]),
    ("Goals 5, 8 and 10", ["5", "8", "10"]),
    ("with a focus on target 10.7", ["10.7"]),
    ("targets 8.8 and 10.7, and target 5.c", ["8.8", "10.7", "5.c"]),
    ("Target ten point seven on orderly migration", ["10.7"]),
    ("supports Goal Five", ["5"]),
    # a target written after "SDG" is the target, not its goal
    ("through its course on migration and the SDGs (SDG5, SDG 8.7 and SDG10)", ["5", "8.7", "10"]),
    ("The agency trained labour inspectors; its goal is two new laws.", []),
    ("Nothing here names an SDG at all.", []),
    # an indicator is no target the paper names: its target is the analyst's to tie
    ("UN Women helped three offices report on SDG indicator 10.7.2.", []),
    # a hyphen after "SDG" and a slash between codes, as some papers write them
    ("It contributes to SDG-10 and to targets 5.2/5.3.", ["10", "5.2", "5.3"]),
])
def test_sdg_mentions(text, codes):
    assert [m.value for m in sdg_codes(text)] == codes


def test_a_goal_number_that_begins_a_target_code_is_no_goal():
    assert "8" not in [m.value for m in sdg_codes("It contributes to SDGs 5 and 8.7.")]


@pytest.mark.parametrize("text, bodies, instruments", [
    ("a briefing for the Committee on the Elimination of Discrimination against Women", ["CEDAW"], []),
    ("national laws that comply with the provisions of CEDAW", [], ["CEDAW"]),
    ("shadow reporting to CEDAW and the CMW", ["CEDAW", "CMW"], []),
    ("national CEDAW-based legal reviews", [], ["CEDAW"]),
    ("the Convention on the Elimination of All Forms of Discrimination against Women", [], ["CEDAW"]),
    ("a side event at CSW61", ["CSW"], []),
    ("the Committee on Migrant Workers met in Geneva", ["CMW"], []),
    ("the Global Forum on Migration and Development and the Universal Periodic Review", ["GFMD", "UPR"], []),
    ("no mechanism is named here", [], []),
])
def test_mechanisms_by_name_abbreviation_and_convention(reader, text, bodies, instruments):
    found, conventions = reader.mechanisms(text, {})
    assert [m.value for m in found] == bodies and [m.value for m in conventions] == instruments


def test_an_abbreviation_the_paper_defines_is_read_as_its_mechanism(reader):
    text = "the Working Group on discrimination against women in law and practice (WG) met. The WG agreed."
    local = reader.local_abbreviations(text)
    assert local == {"WG": "WGDAW"}
    assert [m.value for m in reader.mechanisms("The WG agreed.", local)[0]] == ["WGDAW"]


@pytest.mark.parametrize("text, expected", [
    ("The programme runs in three pilot countries: Viet Nam, Nepal and the Philippines.",
     [("VNM", "programme"), ("NPL", "programme"), ("PHL", "programme")]),
    ("A study of Filipino domestic workers.", [("PHL", "subject")]),
    ("a submission on the situation of women migrant workers in Türkiye", [("TUR", "subject")]),
    ("returnees from Turkey", [("TUR", "mentioned")]),
    ("with the Permanent Representatives of Jordan and Ireland as co-facilitators",
     [("JOR", "co-facilitator"), ("IRL", "co-facilitator")]),
    ("a statement by the Permanent Representative of Mexico", [("MEX", "mentioned")]),
    ("the Republic of Moldova and Viet Nam", [("MDA", "mentioned"), ("VNM", "mentioned")]),
    ("Guinea-Bissau and Papua New Guinea", [("GNB", "mentioned"), ("PNG", "mentioned")]),
    # what a country attaches to: where the work took place, what it is about, or neither
    ("In Niger, UN Women trained 200 border officials on the rights of women migrants.", [("NER", "programme")]),
    ("UN Women trained labour inspectors in Nepal and Bangladesh.", [("NPL", "programme"), ("BGD", "programme")]),
    ("UN Women published a study on women migrant workers in Lebanon.", [("LBN", "subject")]),
    ("UN Women supported the Nepali authorities in drafting a policy.", [("NPL", "programme")]),
    ("UN Women set up clinics along the border between Guatemala and Mexico.",
     [("GTM", "programme"), ("MEX", "programme")]),
    ("UN Women will extend the programme to Sri Lanka.", [("LKA", "programme")]),
    # a country's own institutions the work reaches are where it took place; a study of them is not
    ("UN Women helped the national statistical offices of Bolivia, Chile and Colombia to count migrant women.",
     [("BOL", "programme"), ("CHL", "programme"), ("COL", "programme")]),
    ("In 2018 UN Women will coach the labour inspectorate officials of Jordan.", [("JOR", "programme")]),
    # a country the work was for, as the verb's object
    ("UN Women supported Colombia and Peru in counting migrant women.", [("COL", "programme"), ("PER", "programme")]),
    ("The report compares Colombia and Peru.", [("COL", "mentioned"), ("PER", "mentioned")]),
    # institutions of a field first
    ("UN Women supported the ministries of education of Mali and Niger to enrol displaced girls.",
     [("MLI", "programme"), ("NER", "programme")]),
    # what a study is on is what it is about, not where the work took place
    ("UN Women published a study on the ministries of labour of Mali and Niger.",
     [("MLI", "subject"), ("NER", "subject")]),
    ("Officials of Chad and Niger attended a course that UN Women ran on trafficking.",
     [("TCD", "programme"), ("NER", "programme")]),
    ("UN Women published a study on the consulates of Mexico.", [("MEX", "subject")]),
    ("UN Women met officials who had travelled from Qatar.", [("QAT", "mentioned")]),
    # a relative clause: where the people the work served were, or only what is said of a forum
    ("UNHCR assisted women among the asylum-seekers who crossed Croatia and Slovenia.",
     [("HRV", "programme"), ("SVN", "programme")]),
    ("UN Women coached inspectors who work in Jordan.", [("JOR", "programme")]),
    ("UNHCR published an assessment of the risks, based on missions to Chad and Niger.",
     [("TCD", "programme"), ("NER", "programme")]),
    ("IOM helped migrants who crossed the Republic of Moldova and Romania.", [("MDA", "programme"), ("ROU", "programme")]),
    # a country in the name of a meeting, as what the meeting is about, is no country of the work
    ("UNDP joined the Lisbon Conference on Supporting the Future of Yemen and trained nurses in Oman.",
     [("OMN", "programme")]),
    ("ILO spoke at the Bali Process, which gathers countries of transit, among them Malaysia and Thailand.",
     [("MYS", "mentioned"), ("THA", "mentioned")]),
    # a government that paid for the work is a donor, one the work is done with a programme country
    ("The programme, supported by the Governments of Australia and Canada, trained inspectors in Cambodia.",
     [("AUS", "mentioned"), ("CAN", "mentioned"), ("KHM", "programme")]),
    ("UN Women supported the Government of Nepal in drafting a policy.", [("NPL", "programme")]),
    # a place whose name holds another country's is in its own; a territory named apart is its country's
    ("UN Women trained 30 officials of Trinidad and Tobago in Port of Spain.", [("TTO", "programme")]),
    ("UN Women ran two clinics in the Gaza Strip.", [("PSE", "programme")]),
    ("UN Women gave technical assistance to the national statistical institutes of Ecuador and Paraguay.",
     [("ECU", "programme"), ("PRY", "programme")]),
    # where the agency's programme or project runs
    ("UN Women launched a school meals programme for refugee children in Uganda.", [("UGA", "programme")]),
    ("UN Women has been implementing a project on skills recognition in Ethiopia.", [("ETH", "programme")]),
    ("UN Women published a study on refugee children in Kenya.", [("KEN", "subject")]),
    # the object of what the agency's programme did
    ("The programme supported Colombia and Peru in drafting laws.", [("COL", "programme"), ("PER", "programme")]),
    ("UN Women advised Peruvian municipalities on shelters for women who had fled violence.", [("PER", "programme")]),
    # a government that leads the work with the agency co-facilitates it
    ("UN Women, UNFPA and the Government of Chile held a regional consultation.", [("CHL", "co-facilitator")]),
    ("The Government of Peru and UN Women agreed a programme on domestic work.", [("PER", "programme")]),
    ("The network, hosted by the Governments of Ghana and Peru, trained nurses.",
     [("GHA", "co-facilitator"), ("PER", "co-facilitator")]),
    ("UN Women convened a dialogue on care work with the Government of Ecuador.", [("ECU", "co-facilitator")]),
    # an event for people in a country took place there; a paper on people in a country is about it
    ("UN Women ran eight seminars for nurses in Ghana and Togo on labour rights.", [("GHA", "programme"), ("TGO", "programme")]),
    ("By mid-2021, a policy brief on the return of women migrants in Sudan and Chad will be issued.",
     [("SDN", "subject"), ("TCD", "subject")]),
    # a country named again where the work took place
    ("UN Women supported Syrian refugees in Turkey and Syria.", [("SYR", "programme"), ("TUR", "programme")]),
    # a ministry's "of" gives no programme country to people named by a demonym
    ("UN Women started a project with the Ministry of Municipal Affairs to help towns plan for the Syrian "
     "refugees they host.", [("SYR", "subject")]),
])
def test_countries_with_their_roles(reader, text, expected):
    assert [(c.code, c.role) for c in reader.countries(text)] == expected


def test_a_sentence_that_reports_no_work_has_no_programme_country(reader):
    found = reader.countries("Migrant women in Niger have reported abuse, and Nepali women often migrate to Qatar.",
                             work=False)
    assert [(c.code, c.role) for c in found] == [("NER", "subject"), ("NPL", "subject"), ("QAT", "mentioned")]


def test_the_pilot_countries_are_the_ones_the_paper_named_before(reader_for):
    local = reader_for("un-women", fresh=True)
    local.countries("Anchored in three pilot countries - Mexico, Moldova and the Philippines - the project ...")
    found = local.countries("Women migrant workers from each of the pilot countries lobbied for their rights.")
    assert [(c.code, c.role) for c in found] == [("MEX", "programme"), ("MDA", "programme"), ("PHL", "programme")]


@pytest.mark.parametrize("text, year, expected", [
    ("on 17 February 2017 UN Women will host", None, ["2017-02-17"]),
    ("briefed in August 2016", None, ["2016-08"]),
    ("on 20 March", 2017, ["2017-03-20"]),
    ("held in Geneva on 16-17 February 2017", None, ["2017-02-16"]),
    ("on March 3, 2019 and in April 2019", None, ["2019-03-03", "2019-04"]),
    ("the conference on 11 and 12 November 2015", None, ["2015-11-11"]),
    ("in 2016", None, []),
    # a list of months shares the year said at its end
    ("held in March and November 2019", None, ["2019-03", "2019-11"]),
    ("in May, June and July 2020", None, ["2020-05", "2020-06", "2020-07"]),
    # a day written as an ordinal
    ("On 8th March 2017, and again on March 21st, 2017", None, ["2017-03-08", "2017-03-21"]),
    ("on the 1st of June", 2018, ["2018-06-01"]),
])
def test_dates_at_the_precision_the_text_gives(text, year, expected):
    assert [d.value for d in dates(text, year)] == expected


@pytest.mark.parametrize("words, number", [("64th", 64), ("sixty-first", 61), ("twelve", 12), ("fifth", 5),
                                           ("ninetieth", 90), ("many", None)])
def test_numbers_in_words(words, number):
    assert number_in_words(words) == number


@pytest.mark.parametrize("text, expected", [
    ("the project hosted side events at the 64th CEDAW session and at the 26th Universal Periodic Review (UPR) "
     "session.", [("side-event", "2016", 64, "CEDAW"), ("side-event", "2016", 26, "UPR")]),
    ("On 20 March 2017, on the margins of the sixty-first session of the Commission on the Status of Women "
     "(CSW61), UN Women will host a side event.", [("side-event", "2017-03-20", 61, "CSW")]),
    ("The CMW was briefed on the submission in August 2016.", [("briefing", "2016-08", None, "CMW")]),
    ("At the Summit, Member States adopted the Declaration.", [("summit", "2016", None, None)]),
    ("UN Women provided statements at the GFMD Summit, its Preparatory Meetings and the thematic workshops.",
     [("summit", "2016", None, "GFMD"), ("meeting", "2016", None, None), ("workshop", "2016", None, None)]),
    ("UN Women advocated for the rights of migrant women.", []),
])
def test_events_with_dates_and_sessions(reader, text, expected):
    found = reader.events(text, 2016, {})
    assert [(e.kind, e.date, e.session, e.mechanism) for e in found] == expected


@pytest.mark.parametrize("text, expected", [
    # what a verb of holding holds: its object, its subject before "take place", the noun it describes
    ("In May 2019 the agency convened the second Pacific Forum on Labour Mobility in Suva.",
     [("meeting", "2019-05", None, None, 2)]),
    ("The third Andean Forum on Migration will take place in Lima in October 2020.",
     [("meeting", "2020-10", None, None, 3)]),
    ("The office wrote to the Global Conference on Care Work held on 2 July 2019.",
     [("meeting", "2019-07-02", None, None, None)]),
    ("The office will report to the 12th Regional Conference on Women, to be held in Quito in May 2021.",
     [("meeting", "2021-05", None, None, 12)]),
    # a named body as the subject of a verb of deciding, in the main clause
    ("In March 2019 the Executive Board of the Fund endorsed the new gender strategy.",
     [("meeting", "2019-03", None, None, None)]),
    ("In June 2019 the Seventy-second World Health Assembly adopted a resolution on care workers.",
     [("session", "2019-06", 72, None, None)]),
    ("In April 2018 the Committee on Migrant Workers adopted a general comment on women.",
     [("session", "2018-04", None, "CMW", None)]),
    ("The Conference adopted a recommendation.", []),  # a body named before: not a new event
    ("The agency applied the plan that its Executive Board endorsed in 2015.", []),  # not the work's event
    # verbs of taking part and of leading; a list of names after a plural event word
    ("The agency took part in meetings of the Bali Process and the Budapest Process.",
     [("meeting", "2016", None, None, None), ("meeting", "2016", None, None, None)]),
    ("The agency co-chaired the meetings of the donor group in Dakar, and took part in the Valletta "
     "Conference on 11 and 12 November 2015.", [("meeting", "2016", None, None, None),
                                                 ("meeting", "2015-11-11", None, None, None)]),
    ("The agency chaired the Working Group on Migration and Gender.", []),  # leading a body is no event
    # an informal session of a process is a meeting; "the same session" points back
    ("The agency spoke at an informal thematic session of the regional consultations.",
     [("meeting", "2016", None, None, None)]),
    ("At the same session the Committee heard the agency.", []),
    # submissions: a verb of submitting with a mechanism after "to", one for each session named
    ("The agency submitted confidential notes to the CEDAW Committee on the States reviewed at its 70th and 71st "
     "sessions.", [("submission", "2016", 70, "CEDAW", None), ("submission", "2016", 71, "CEDAW", None)]),
    ("Reports submitted by States were read by the agency.", []),
    # a mechanism's long name that the parse cuts after its first noun
    ("The agency submitted comments to the Committee on the Elimination of Discrimination against Women on "
     "States under review.", [("submission", "2016", None, "CEDAW", None)]),
])
def test_events_the_grammar_names(reader, text, expected):
    found = reader.events(text, 2016, reader.local_abbreviations(text))
    assert [(e.kind, e.date, e.session, e.mechanism, e.number) for e in found] == expected


@pytest.mark.parametrize("text, expected", [
    # each event takes the date of its own phrase, or of its own clause; never another event's
    ("UN Women took part in the Andean Conference on Mobility on 12 September and in a workshop on 14 September.",
     [("meeting", "2016-09-12"), ("workshop", "2016-09-14")]),
    ("UN Women organized a workshop on 4 March 2016 and a side event on the compact on 19 September 2016.",
     [("workshop", "2016-03-04"), ("side-event", "2016-09-19")]),
    # a place after the second event is that event's, not the first's: both are events
    ("UN Women ran a workshop on 2 June 2016 and a side event at the Summit on 19 September 2016.",
     [("workshop", "2016-06-02"), ("side-event", "2016-09-19")]),
    ("On 3 May UN Women held a side event in Geneva, and on 12 June it ran a training workshop in Dakar.",
     [("side-event", "2016-05-03"), ("workshop", "2016-06-12")]),
    ("UN Women attended the 64th session of the CEDAW Committee in July 2016 and spoke at an expert meeting "
     "held in Vienna on 2 November 2016.", [("session", "2016-07"), ("expert-meeting", "2016-11-02")]),
    # one date for one event, wherever it stands
    ("On 8 March UN Women hosted a side event in New York.", [("side-event", "2016-03-08")]),
    # a panel discussion held with a workshop is an event too, each with the date set before its words
    ("On 3 May 2016 the office held a workshop on recruitment in Accra and, on 5 May 2016, a panel discussion "
     "on care work in Lagos.", [("workshop", "2016-05-03"), ("meeting", "2016-05-05")]),
    ("In April 2016 the office convened a workshop for labour inspectors and a panel discussion with trade unions.",
     [("workshop", "2016-04"), ("meeting", "2016-04")]),
])
def test_each_event_takes_the_date_said_of_it(reader, text, expected):
    found = reader.events(text, 2016, {})
    assert sorted((e.kind, e.date) for e in found) == sorted(expected)


@pytest.mark.parametrize("text, titles", [
    # an event's title ends where the words of the next event begin
    ("UN Women ran a workshop on 2 June 2016 and a lunchtime side event on 9 June 2016.",
     ["Workshop on 2 June 2016", "Lunchtime side event on 9 June 2016"]),
    ("UN Women held a training workshop for labour attachés and two side events.",
     ["Training workshop for labour attachés", "Side events"]),
    ("UN Women organized a workshop on 4 March 2016 and, with IOM, a side event on 8 March 2016.",
     ["Workshop on 4 March 2016", "Side event on 8 March 2016"]),
    # a title is never cut inside a name, nor without its topic where the parse gave that to the verb
    ("UN Women organized a side event of the Regional Conference on Women in Montevideo on 25 October 2016.",
     ["Side event of the Regional Conference on Women in Montevideo"]),
    ("UN Women held a regional forum on migration and trade in Santiago in May 2016.",
     ["Regional forum on migration and trade"]),
    ("UN Women took part in the Intergovernmental Conference to Adopt the Global Compact for Safe, Orderly and "
     "Regular Migration in Marrakech.",
     ["Intergovernmental Conference to Adopt the Global Compact for Safe, Orderly and Regular Migration"]),
    # the date its words end on is no part of a title that says what the event was
    ("FAO co-organized with IOM a workshop on rural migration in Dakar on 3 May 2016.",
     ["Workshop on rural migration in Dakar"]),
    ("UN Women held a workshop on 2 June 2016.", ["Workshop on 2 June 2016"]),
    # an indicator's code goes on past its dots
    ("UN Women organized an expert group meeting on the measurement of SDG indicator 10.7.2 on migration policies.",
     ["Expert group meeting on the measurement of SDG indicator 10.7.2"]),
])
def test_an_event_s_title_is_its_own_words(reader, text, titles):
    assert sorted(e.title for e in reader.events(text, 2016, {})) == sorted(titles)


@pytest.mark.parametrize("text, expected", [
    # the place an event was held in is its place, not words of its title, wherever the sentence says it
    ("In 2018, the office organized a networking event at the ninth session of the World Urban Forum, held in "
     "Kuala Lumpur in February 2018.", [("Ninth session of the World Urban Forum", "Kuala Lumpur", 9)]),
    ("In 2018, the office participated in the Global Mayoral Forum on Human Mobility, Migration and Development in "
     "Marrakech in December 2018, organized by partners.",
     [("Global Mayoral Forum on Human Mobility, Migration and Development", "Marrakech", None)]),
    ("In Q1 2019, the office will convene a regional workshop in Beirut on the follow-up to the Global Compact for "
     "Migration.", [("Workshop on the follow-up to the Global Compact for Migration", "Beirut", None)]),
    ("The office will present a report to the first session of the Regional Assembly in Nairobi in May 2019.",
     [("First session of the Regional Assembly", "Nairobi", 1)]),
    ("The office organized a regional workshop on gender-responsive migration policies in Bangkok, Thailand, on "
     "15 May 2018.", [("Workshop on gender-responsive migration policies", "Bangkok", None)]),
    # a title cut for length ends on no preposition, and the place it held goes to `place`
    ("Its findings were presented at a side event held during the forty-fifth session of the Committee on World "
     "Food Security in Rome in October 2018.",
     [("Side event held during the forty-fifth session of the Committee on World Food Security", "Rome", 45)]),
])
def test_an_event_s_place_is_apart_from_its_title(reader, text, expected):
    assert sorted((e.title, e.place, e.session) for e in reader.events(text, 2018, {})) == sorted(expected)


def test_a_session_of_a_process_is_a_meeting_named_in_full_once(reader):
    found = reader.events("In May 2018 the office spoke at the third informal session of the consultations on the "
                          "global compact, held in Vienna on smuggling of migrants.", 2018, {})
    assert [(e.kind, e.title, e.number, e.place) for e in found] == [
        ("meeting", "Third informal session of the consultations on the global compact on smuggling of migrants", 3,
         "Vienna")]


@pytest.mark.parametrize("text, expected", [
    # a workshop and a panel a verb holds are two events, each in the place its own words give
    ("The office organized a panel discussion in Geneva and a workshop in Nairobi.",
     [("Panel discussion", "Geneva"), ("Workshop", "Nairobi")]),
    ("The office held a workshop in Nairobi and a panel discussion in Geneva.",
     [("Workshop", "Nairobi"), ("Panel discussion", "Geneva")]),
])
def test_a_panel_and_a_workshop_in_one_sentence_are_two_events_each_with_its_place(reader, text, expected):
    assert sorted((e.title, e.place) for e in reader.events(text, 2016, {})) == sorted(expected)


@pytest.mark.parametrize("text, expected", [
    ("reviewed at its 66th, 67th and 68th sessions", [66, 67, 68]),
    ("the eighth and ninth sessions of the Committee", [8, 9]),
])
def test_a_list_of_session_numbers(reader, text, expected):
    assert [n for n, _, _ in reader.sessions(text, {})] == expected


@pytest.mark.parametrize("text, expected", [
    ("Lastly, the project produced three global reports and six global policy briefs.",
     [("Reports", "global", 3), ("Policy briefs", "global", 6)]),
    ("It developed a key global advocacy tool.", [("Key advocacy tool", "global", None)]),
    ("The office published 12 national studies on recruitment fees.",
     [("Studies on recruitment fees", "national", 12)]),
    ("UN Women prepared a handbook on gender-responsive labour migration.",
     [("Handbook on gender-responsive labour migration", None, None)]),
    ("The agency advocated for the report's recommendations.", []),
    ("The agency published a series of regional briefs on remittances.",
     [("Briefs on remittances", "regional", None)]),
    ("The office drafted a set of four national guides on fair recruitment.",
     [("Guides on fair recruitment", "national", 4)]),
    ("In 2020 the agency will prepare technical guidance on care for migrant children.",
     [("Technical guidance on care for migrant children", None, None)]),
    # a title in capitals is the product's title, to its last capitalised word
    ("The initiative launched its Guidelines to Protect Workers in Countries Facing Floods, which it wrote.",
     [("Guidelines to Protect Workers in Countries Facing Floods", None, None)]),
    # what a product is about goes on past "of" and "concerning"; who made it, and where it goes, do not
    ("The office prepared draft guidelines concerning statistics of seasonal work to the next conference.",
     [("Draft guidelines concerning statistics of seasonal work", None, None)]),
    ("It published guidance on displaced women with two other agencies during the summit.",
     [("Guidance on displaced women", None, None)]),
    ("It issued a report on children who cross borders alone.", [("Report on children who cross borders alone",
                                                                  None, None)]),
    # a volume or an edition is a product where no product noun follows it: a series known by its title
    ("The bureau released the third volume of Roads Taken, on rescue at sea.",
     [("Third volume of Roads Taken", None, None)]),
    ("The agency launched a new edition of its Handbook on Safe Migration.",
     [("Handbook on Safe Migration", None, None)]),
    # a product the sentence says was not made is none
    ("For lack of funds, the bureau did not complete its planned study on seasonal workers.", []),
    ("The office never published the regional atlas of return routes.", []),
    # when it was made is not its title
    ("The agency published a study on seasonal work in June 2018.", [("Study on seasonal work", None, None)]),
    ("It drafted a guide on safe travel in the second half of 2019.", [("Guide on safe travel", None, None)]),
    # a passive: what was made is its subject, unless others made it
    ("A handbook on migration and farming was published in June 2018.",
     [("Handbook on migration and farming", None, None)]),
    ("The guidelines on seasonal work were drafted by the national committee.", []),
    # a survey carried out is made
    ("The agency carried out a survey on unpaid care work.", [("Survey on unpaid care work", None, None)]),
])
def test_products_with_their_count_and_scope(reader, text, expected):
    assert [(p.title, p.scope, p.count) for p in reader.products(text)] == expected


@pytest.mark.parametrize("text, italic, expected", [
    # a product whose noun stands in a title the paper sets in italics is that title
    ("In 2019 the bureau published the Annual Review of Seasonal Work 2019, with data by sex.",
     ["Annual Review of Seasonal Work 2019"], ["Annual Review of Seasonal Work 2019"]),
    # a title in apposition gives its name, before any subtitle, after what the product is
    ("The office launched Far from Home: Girls who travel alone, a regional study on girls in transit.",
     ["Far from Home: Girls who travel alone"], ["Study on girls in transit (Far from Home)"]),
    ("It issued a report on workers' housing in the Gulf, Walls and Doors, which sets out what employers owe.",
     ["Walls and Doors"], ["Report on workers' housing in the Gulf (Walls and Doors)"]),
    # so does a title right after what the product is
    ("The office launched the report Women on the Move: Health in the Horn of Africa in Nairobi.",
     ["Women on the Move: Health in the Horn of Africa"], ["Report (Women on the Move)"]),
    # a title elsewhere in the sentence names none of its products
    ("The office published a guide on safe travel; its partners filmed Open Roads.",
     ["Open Roads"], ["Guide on safe travel"]),
    # a title after what the product is, as the passive's subject the parse split in two
    ("The report Hunger and Flight: Food security and migration was published in 2018.",
     ["Hunger and Flight: Food security and migration"], ["Report (Hunger and Flight)"]),
])
def test_a_product_takes_the_title_the_paper_sets_in_italics(reader, text, italic, expected):
    assert [p.title for p in reader.products(text, italic)] == expected


@pytest.mark.parametrize("text, status", [
    ("UN Women will host a side event.", "planned"),
    ("The agency plans to publish a guide.", "planned"),
    ("Subject to funding, UN Women would train labour inspectors in 2018.", "planned"),
    ("The project increased the attention paid to women migrant workers.", "outcome"),
    ("This resulted in two new laws.", "outcome"),
    ("In this project, human rights mechanisms were strengthened to ensure accountability.", None),
    ("The project engaged partners advocating for increased accountability.", None),
    ("UN Women hosted an expert meeting.", None),
    # the main clause decides: a plan in a clause below it is not the item's
    ("The project, which will end in 2018, trained labour inspectors in Nepal.", None),
    ("Although the agency would like more funds, it trained 40 judges.", None),
    ("The advocacy led to the adoption of a new law on domestic work.", "outcome"),
    ("UN Women commits to stepping up its coordination role.", "planned"),
    # a noun of what is intended, the subject of "is to" or "are to" in the present, is a plan
    ("The office's priorities for next year are to train judges and to open a helpline.", "planned"),
    ("Our aim in 2021 is to double the number of guardians.", "planned"),
    ("The goal of the programme is to reach 3,000 domestic workers.", "planned"),
    # in the past, or not a verb after "to", it is not
    ("The aim of the project was to train labour inspectors.", None),
    ("Our priority is the safety of girls in transit.", None),
    # a plan's words as a noun are work done on a plan
    ("In 2017 the office worked with two ministries on a plan to refer trafficked women to shelters.", None),
    ("The agency commits to a plan to close the gap.", "planned"),
    ("UN Women is planning to train 200 labour inspectors.", "planned"),
    ("UN Women expects to open two shelters in 2021.", "planned"),
])
def test_statuses_from_the_wording(reader, text, status):
    assert reader.status(text)[0] == status


@pytest.mark.parametrize("text, year", [
    ("In 2016, UN Women trained 200 border officials.", 2016),
    ("On 8 March 2017, the Office organised a panel in Geneva.", 2017),
    ("UNFPA will launch the toolkit in Q3 2017.", 2017),
    ("The Fund trained midwives in mid-2016.", 2016),
    ("A workshop was held from 12 to 14 June 2017 in Dakar.", 2017),
    ("The agency will, by the end of 2018, publish a guide.", 2018),
    ("IOM supported the 2030 Agenda.", None),  # a name, not a date
    ("The project, which will end in 2018, trained labour inspectors.", None),  # a clause below the main one
    ("Since 2014, the project has trained 300 inspectors.", None),  # work that goes on
    ("UNHCR published its 2016 report on women refugees.", None),
    # work over a span of years went on to its last
    ("Between 2016 and 2018, UN Women supported 5,000 rural households in Ethiopia.", 2018),
    ("From January 2016 to March 2017 the Office trained 300 inspectors.", 2017),
    ("On 8 March 2017, the Office organised a panel in Geneva.", 2017),
    # a plan's date is that of what is planned
    ("UN Women plans to hold a forum in May 2019.", 2019),
    ("The Office intends to publish the guide in the second quarter of 2019.", 2019),
])
def test_the_year_of_the_work_from_the_main_clause(reader, text, year):
    found = reader.year(text)
    assert (found.value if found else None) == year


@pytest.mark.parametrize("text, expected", [
    ("the EU-funded project", ["European Union"]),
    ("in partnership with the International Organization for Migration", ["International Organization for Migration"]),
    ("through the Steering Committee (led by the UN Deputy Secretary-General)", ["UN Deputy Secretary-General"]),
    ("a joint IOM-UN Women programme with ILO", ["International Organization for Migration",
                                                 "International Labour Organization"]),
    ("to coincide with the UN Summit for Refugees and Migrants", []),
    ("UN Women worked with civil society", []),
    ("UN Women held a panel in Geneva with the ILO and the Special Rapporteur on the human rights of migrants.",
     ["International Labour Organization", "Special Rapporteur on the human rights of migrants"]),
    ("UN Women trained judges in partnership with Australia and Canada.", []),  # countries, not organisations
    ("UN Women and IOM organised a workshop on fair recruitment.", ["International Organization for Migration"]),
    ("UN Women trained inspectors with the support of the Migrant Forum in Asia.", ["Migrant Forum in Asia"]),
    ("The programme, supported by the Governments of Australia and Canada, works for fair migration.",
     ["Government of Australia", "Government of Canada"]),
    ("UN Women worked with governments and donors.", []),
    ("The fund, led by the Governments of the Netherlands and Ghana with UN Women as its secretariat, met.",
     ["Government of the Netherlands", "Government of Ghana"]),
    # "the Government" of the one country the sentence names (a demonym names no government)
    ("In Kenya, UN Women trained Somali refugees and worked with the Government on a new law.",
     ["Government of Kenya"]),
    ("UN Women worked with the Government on a new law.", []),
    # organisations a relative clause says the agency works with
    ("HomeNet South Asia and the Solidarity Center, with which UN Women works, trained home-based workers.",
     ["HomeNet South Asia", "Solidarity Center"]),
    ("UN Women worked with the Women's Refugee Commission.", ["Women's Refugee Commission"]),
    # a piece of work is no partner; the members of a body make the body one
    ("UN Women led, with UNHCR, the Regional Response Plan for the Sahel.",
     ["Office of the United Nations High Commissioner for Refugees"]),
    ("UN Women and the members of the Interagency Working Group drafted a guide.", ["Interagency Working Group"]),
    # a known organisation where it stands for a place
    ("The report describes women held at the borders of the European Union.", []),
    ("The agency trained border guards in the EU and with IOM.", ["International Organization for Migration"]),
    # a name the parse parts in two, its second half in apposition to the first
    ("In the Sahel, UN Women ran clinics, in partnership with Médecins du Monde (MdM).", ["Médecins du Monde"]),
    # a name with a comma in it, whose acronym follows: one partner
    ("UN Women wrote a guide with the United Nations Educational, Scientific and Cultural Organization (UNESCO).",
     ["United Nations Educational, Scientific and Cultural Organization"]),
    ("UN Women worked with the Special Rapporteur on trafficking, and the World Health Organization (WHO).",
     ["Special Rapporteur on trafficking", "World Health Organization"]),
    # an SDG is no organisation
    ("UN Women contributed to the negotiations, in line with SDG 5.2 and target 8.8.", []),
    # an organisation of the UN system whose name ends on a noun of work ("… Programme") is one
    ("UN Women worked with the World Food Programme (WFP) on cash transfers.", ["World Food Programme"]),
    ("UN Women and the United Nations Environment Programme trained 200 women.", ["United Nations Environment Programme"]),
    # after an organisation's name, what the work was on is not part of it; an office-holder's is
    ("UN Women worked with the Asian Development Bank on cash transfers.", ["Asian Development Bank"]),
    ("UN Women worked with the Independent Expert on sexual orientation.", ["Independent Expert on sexual orientation"]),
    ("UN Women worked with the Intergovernmental Authority on Development.", ["Intergovernmental Authority on Development"]),
    # a name coordinated with the agency that the parse hung on the last word of its own name
    ("The Intergovernmental Authority on Development and UN Women held a regional dialogue.",
     ["Intergovernmental Authority on Development"]),
    # a partner after "under the leadership of"
    ("Under the leadership of the Ministry of Health of Niger, UN Women trained 250 midwives.",
     ["Ministry of Health of Niger"]),
    # a name in capitals with a modal inside it is one name, not a name and a verb
    ("UN Women worked with Education Cannot Wait to fund schools for refugee girls.", ["Education Cannot Wait"]),
    ("With Education Cannot Wait, UN Women opened 40 classrooms.", ["Education Cannot Wait"]),
    # what the people the work served live with is no partner
    ("UN Women trained nurses who care for migrant workers living with HIV in Namibia.", []),
    # an organisation the parse hung on the last word of the name before it is a partner of its own
    ("UN Women, the League of Arab States and UNHCR organized a conference on refugee women in Cairo.",
     ["League of Arab States", "Office of the United Nations High Commissioner for Refugees"]),
    # a ministry of two things is one name, though the parse coordinates its halves
    ("UN Women worked with the Ministry of Labour and Social Protection of Kazakhstan on migrant women.",
     ["Ministry of Labour and Social Protection of Kazakhstan"]),
    # what the work with a partner was on, hung on its name by the parse, is no word of it
    ("UN Women drafted a general comment with the CMW and with HelpAge on older migrant women.", ["HelpAge"]),
    # a name and a common noun read as one phrase: the name is the partner
    ("UN Women set up safe spaces in Bangladesh together with Caritas and local women's organizations.",
     ["Caritas"]),
    # a line of partners after a label, in a sentence of its own
    ("UN Women trained 40 mediators in Amman. Partners: Caritas Lebanon, Save the Children and the Government of "
     "Jordan.", ["Caritas Lebanon", "Save the Children", "Government of Jordan"]),
    # a name's own "and" is no list's
    ("Partners: Uganda Chamber of Commerce and Industry, Swiss Agency for Development and Cooperation, IOM and "
     "UNHCR.", ["Uganda Chamber of Commerce and Industry", "Swiss Agency for Development and Cooperation",
                "International Organization for Migration", "Office of the United Nations High Commissioner for Refugees"]),
    # a list after "with" that the parse reads as another name of its first
    ("UN Women ran a study with IOM, the Inter-American Development Bank (IDB) and the Organization of American "
     "States (OAS).", ["International Organization for Migration", "Inter-American Development Bank",
                       "Organization of American States"]),
])
def test_partners_beside_the_agency(reader, text, expected):
    assert [p.value for p in reader.partners(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a name that opens on a verb's form, which the parse reads as a clause, and what follows it
    ("With Save the Children and the International Rescue Committee, UNICEF opened three safe spaces.",
     ["Save the Children", "International Rescue Committee"]),
    # a word of the agency's name in the possessive is none of its short names ("the Children")
    ("UNICEF worked with Save the Children and the Norwegian Refugee Council to trace families.",
     ["Save the Children", "Norwegian Refugee Council"]),
])
def test_a_name_the_parse_reads_as_a_clause_is_a_partner(reader_for, text, expected):
    assert [p.value for p in reader_for("unicef").partners(text)] == expected


def test_partners_sharing_a_subject_the_parse_reads_into_a_fronted_phrase(reader_for):
    # "Chad, UNICEF and Plan International" read as one list after "In": the clause read without it
    text = "In Chad, UNICEF and Plan International trained 40 social workers."
    assert [p.value for p in reader_for("unicef").partners(text)] == ["Plan International"]


def test_the_agency_s_short_names_are_the_head_words_of_its_name():
    from migration_briefs.sources.mentions import Reader
    assert Reader.short_names("United Nations Children's Fund") == ["Fund", "Nations", "United"]
    assert Reader.short_names("International Organization for Migration") == ["International", "Organization"]


def test_a_partner_goes_by_the_name_the_paper_calls_it_by_most(reader_for):
    reader = reader_for("unicef", fresh=True)
    reader.define_acronyms("The International Organization for Migration (IOM) and the European Union funded it. "
                           "IOM ran the centres; IOM and the European Union reviewed them.")
    assert [p.value for p in reader.partners("UNICEF trained guardians with IOM and the European Union.")] == \
        ["IOM", "European Union"]


def test_the_agency_named_just_before_a_list_of_subjects_shares_it(reader_for):
    # the parse takes UNICEF into the date before it and leaves the subject to the others
    unicef = reader_for("unicef")
    text = ("In June 2018 UNICEF, the International Labour Organization (ILO) and the Walk Free Foundation (WFF) "
            "published joint estimates of child labour.")
    assert [p.value for p in unicef.partners(text)] == ["International Labour Organization", "Walk Free Foundation"]


def test_a_partner_named_by_an_acronym_the_paper_defines(reader_for):
    local = reader_for("un-women", fresh=True)
    local.define_acronyms("UN Women works with the Migrant Forum in Asia (MFA) on recruitment.")
    assert [p.value for p in local.partners("UN Women trained 40 organisers together with MFA.")] == [
        "Migrant Forum in Asia"]


def test_the_groups_of_a_mechanism_type_or_a_kind_are_checked_codes(project):
    from migration_briefs.errors import DataValidationError

    rules = project / "data" / "reference" / "drafting.yaml"
    text = rules.read_text(encoding="utf-8").replace("  treaty-body: [treaty-body-experts]", "  treaty-bodies: [experts]")
    text = text.replace("groups_served: [women-migrant-workers,", "groups_served: [migrant-workers,")
    rules.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("  treaty-bodies:"))
    served = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("groups_served:"))
    with pytest.raises(DataValidationError) as caught:
        load_drafting(load_reference(Project(project)), Project(project))
    assert [(p.line, p.field, p.message.split(" is ")[0]) for p in caught.value.problems] == [
        (served, "groups_served", "'migrant-workers'"),
        (line, "groups_of_mechanisms.treaty-bodies", "'treaty-bodies'"),
        (line, "groups_of_mechanisms.treaty-bodies", "'experts'")]


def test_a_cue_filed_under_an_unknown_code_is_located(project):
    import subprocess
    import sys
    from pathlib import Path

    from migration_briefs.errors import DataValidationError

    rules = project / "data" / "reference" / "drafting.yaml"
    text = rules.read_text(encoding="utf-8").replace("  member-states: [", "  member-state: [")
    rules.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("  member-state:"))
    reference = load_reference(Project(project))
    with pytest.raises(DataValidationError) as caught:
        load_drafting(reference, Project(project))
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field) == ("data/reference/drafting.yaml", line, "groups.member-state")
    briefs = Path(sys.executable).parent / "briefs"
    env = {"MIGRATION_BRIEFS_ROOT": str(project), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([str(briefs), "draft", "--source", "un-women_15th-coordination-meeting_2017",
                             "--agency", "un-women", "--meeting", "2018"], capture_output=True, text=True, env=env)
    assert result.returncode == 2 and "drafting.yaml" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "data" / "contributions" / "un-women" / "2018.yaml").exists()


@pytest.mark.parametrize("text", [
    "UN Women took part in the 67th session of the Committee on the Elimination of Discrimination against Women, "
    "where it presented its findings on recruitment fees.",
    "In addition to the meetings, UN Women provided technical expertise to integrate a strong gender perspective "
    "in all relevant documents through the Steering Committee (led by the UN Deputy Secretary-General) and the "
    "Working Group (led by the Special Adviser for the Summit), which were created for the Summit.",
    "UN Women collaborated closely with the Global Forum on Migration and Development (GFMD), and provided "
    "statements at the GFMD Summit, its Preparatory Meetings and the GFMD thematic workshops.",
    "UN Women, which will open a new regional office in 2019, plans to extend the programme to Sri Lanka.",
    "UN Women set up mobile clinics along the border between Guatemala and Mexico for women in transit, with the "
    "support of the Special Rapporteur on the human rights of migrants and of national health authorities.",
])
def test_a_title_is_whole_phrases(reader, text):
    from migration_briefs.sources.draft import Part, _title
    title = _title([Part(text, None)], reader)
    assert len(title) <= 100 and title[0].isupper() and not title.startswith("UN Women")
    assert title.count("(") == title.count(")") and title.count('"') % 2 == 0
    assert title.split()[-1].lower() not in {"of", "on", "the", "a", "an", "and", "or", "to", "for", "in",
                                             "between", "with", "by", "at"}
    for entity in reader.parse(text).ents:  # a name is never cut
        if entity.label_ in ("ORG", "GPE", "EVENT", "LAW") and len(entity) > 2 and entity[:2].text in title:
            assert entity.text in title, (title, entity.text)


@pytest.mark.parametrize("agency, text, acts", [
    ("world-bank", "In 2018 the Bank will publish a report on migration.", True),
    ("world-bank", "The Bank hosts a partnership on migration.", True),
    ("world-bank", "Migrants borrowed from the bank in their village.", False),
    ("who", "It met the World Bank on health financing.", True),  # "it" is an actor; "the World" is no name
    ("who", "Officials of the World Bank met in Geneva.", False),
    ("ilo", "The Organization trained labour inspectors.", True),
])
def test_an_agency_called_by_a_word_of_its_name(reader_for, agency, text, acts):
    assert reader_for(agency).has_actor(text) is acts


def test_an_acronym_the_paper_defines_stands_for_the_words_its_letters_come_from(reader_for):
    reader = reader_for("undp", fresh=True)
    reader.define_acronyms("funded by the European Union and the Swiss Agency for Development and Cooperation "
                           "(SDC) and carried out with the United Nations Institute for Training and Research "
                           "(UNITAR).")
    assert reader.acronyms["SDC"] == "Swiss Agency for Development and Cooperation"
    assert reader.acronyms["UNITAR"] == "United Nations Institute for Training and Research"


@pytest.mark.parametrize("text, verbs", [
    ("The Fund organized regional workshops, trained health workers and published a manual.",
     ["organized", "trained", "published"]),
    ("The office provided cash assistance, trained border officials and supported asylum systems.",
     ["provided", "trained", "supported"]),
    ("The office provided cash assistance and trained border officials.", ["provided"]),  # no list: "trained" describes
    ("The office will provide cash assistance, trained staff and advice.", ["provide"]),  # not in the past: adjectives
])
def test_a_list_of_predicates_is_read_as_verbs_where_the_parse_reads_one_as_an_adjective(reader, text, verbs):
    from migration_briefs.sources import grammar
    doc = reader.parse(text)
    assert [v.text for s in doc.sents for v in grammar.main_verbs(s)] == verbs


@pytest.mark.parametrize("text, verbs", [
    ("UNFPA led the assessment, funded by Japan and carried out in Greece by the national institute.", ["led"]),
    ("The office ran a programme for returnees, designed by the ministry and evaluated with two universities.",
     ["ran"]),
    ("The project trained 40 inspectors, funded by the EU, and supported three shelters.", ["trained", "supported"]),
])
def test_a_participle_coordinated_with_a_participle_is_not_a_second_thing_done(reader, text, verbs):
    from migration_briefs.sources import grammar
    doc = reader.parse(text)
    assert [v.text for s in doc.sents for v in grammar.main_verbs(s)] == verbs


@pytest.mark.parametrize("text, opens, never", [
    # a date fronted to the sentence is when the work was done, never its title
    ("From 3 to 5 May 2016 UNFPA organized, with two ministries, a national consultation on the recruitment of "
     "domestic workers in Lima.", "Organized", ["2016", "May"]),
    ("In Q2 2018 UNFPA began a review of its work on labour migration, to be completed in 2019.", "Began", ["Q2"]),
    ("Since 2014 UNFPA has led, with two other agencies, the regional response plan for refugees.", "Led",
     ["2014"]),
    ("On 18 December, the International Migrants Day, which the General Assembly proclaimed in 2000, UNFPA called on "
     "governments to protect the rights of migrant women.", "Called", ["Day", "December"]),
    # a noun keeps its "of" phrase, and a clause left with nothing after its verb goes whole
    ("UNFPA adopted two joint general comments on the human rights of children in the context of international "
     "migration and of the return of migrants to their countries of origin.", "Adopted", [" context"]),
    ("UNFPA contributed to the second regional consultation of the member States on the protection of migrant "
     "workers, held in Bangkok on 4 May 2017 with the participation of civil society organizations.",
     "Contributed", [", held"]),
    # a parenthetical's commas go with it, the closing one too where the parse gives it to the phrase
    ("In the second half of the year UNFPA will convene, with the ILO, the first regional review of the compact.",
     "Convene", ["ILO,", ", the first"]),
    # a number that names a thing stays with it
    ("UNFPA continued to develop a method to measure the recruitment costs that workers pay, the basis of SDG "
     "indicator 10.7.1, for which the two organizations are custodians.", "Continued", ["indicator ", " ,"]),
    # an abbreviation before a number is one word with it: "(No. 177)" goes whole or stays whole
    ("UNFPA will also continue to promote the ratification and application of the Home Based Workers and Carers "
     "Convention, 1996 (No. 177), and will follow up the conclusions that the Assembly adopted in 2016.", "Promote",
     ["(No)", "No 177"]),
    # a hyphenated word is one word: never split, never cut after its first half
    ("Under the plan, UNFPA and UNICEF co-chaired the meetings of the regional partners in Nairobi, and UNFPA took "
     "part in the Oslo Conference.", "Co-chaired the meetings", ["co chaired", "UNFPA and UNICEF co"]),
    ("The sub-fund for returnees in the trust fund became available to small island States in March.",
     "The sub-fund for returnees", ["The sub became"]),
    # a phrase fronted to the clause is never its title, even where the parse reads it as a second subject
    ("Through its Health Fund for Migrants (HFM), a multi-partner fund set up in 2009, UNFPA co-financed clinics of "
     "local groups in three regions.", "Co-financed clinics", ["Through", "fund set up"]),
    # the predicate of the main clause, where the parse reads the sentence without one
    ("The health component of the programme, which UNFPA leads, supported clinics, outreach and referrals in three "
     "provinces.", "The health component of the programme supported clinics", [", which"]),
    # a clause is kept whole or left out whole with its comma
    ("For the forum, UNFPA and the members of the Network prepared a regional report on ageing in Africa and the "
     "Middle East, which includes data on older women migrants, and a series of briefs.", "Prepared a regional report",
     [", which", "includes data"]),
    ("With the United Nations Mission in Chad, UNFPA monitored the situation of displaced people in Chad, where girls "
     "held in transit camps reported abuse and forced marriage.", "Monitored the situation", [", where", "held in"]),
    # a participle is never left without what follows it
    ("During the forum in 2017 UNFPA will host a lunchtime side event entitled \"Older women on the move: rights and "
     "dignity in the humanitarian crises of the Sahel\" with two partner agencies.", "Host a lunchtime side event",
     ["entitled"]),
    ("The Facility, launched in 2016 with the United Nations and the Asian Development Bank, continued "
     "to provide funds on concessional terms to Chad and Mali for projects that benefit Sudanese refugees and their "
     "hosts, among them projects that create clinics for women.", "The Facility continued",
     ["among them projects"]),
    # a comma the parse hangs on a word left out stays where the text has it
    ("Through its Price Watch database, updated every month, UNFPA monitors the price of contraceptives, the subject "
     "of SDG indicator 3.7.1.", "Monitors the price of contraceptives, the subject", ["contraceptives the"]),
])
def test_a_title_keeps_its_phrases_whole_and_is_never_a_date(reader_for, text, opens, never):
    from migration_briefs.sources.draft import Part, _title
    title = _title([Part(text, None)], reader_for("unfpa"))
    assert title.startswith(opens) and len(title) <= 100, title
    last = title.split()[-1].lower()
    assert last not in {"of", "on", "the", "context", "held", "indicator", "to", "in"}, title
    for word in never:
        if word == "indicator ":
            assert "10.7.1" in title or "indicator" not in title, title
        else:
            assert word not in title, title
    assert title.count("(") == title.count(")")


@pytest.mark.parametrize("text", [
    "These efforts advanced SDG target 5.2 across the region.",
    "Its activities in the year contributed to Goal 10.",
])
def test_the_work_as_a_whole_in_the_plural_is_year_wide(reader, text):
    assert reader.year_wide(text)


def test_a_plural_event_with_a_place_and_a_date_for_each_is_one_event_each(reader):
    found = reader.events("UN Women organized two workshops, in Dakar on 3 May and in Bamako on 10 July.", 2016, {})
    assert [(e.kind, e.title, e.date, e.place) for e in found] == [
        ("workshop", "Workshop", "2016-05-03", "Dakar"), ("workshop", "Workshop", "2016-07-10", "Bamako")]


@pytest.mark.parametrize("text, expected", [
    # each session of a list is an event, with its own date where one is said of each
    ("The agency serviced the 31st and 32nd sessions of the Committee on Migrant Workers, held in Geneva in "
     "March and October 2020.",
     [("31st session of the Committee on Migrant Workers", "2020-03", 31, "CMW", "Geneva"),
      ("32nd session of the Committee on Migrant Workers", "2020-10", 32, "CMW", "Geneva")]),
    # one date for two sessions is no date of either
    ("The agency took part in the 12th and 13th sessions of the Committee on Migrant Workers in December 2020.",
     [("12th session of the Committee on Migrant Workers", "2020", 12, "CMW", None),
      ("13th session of the Committee on Migrant Workers", "2020", 13, "CMW", None)]),
    # "its" sessions are those of the body named before it, a mechanism or any other
    ("In 2020 the agency supported the Committee on the Elimination of Discrimination against Women at its 75th "
     "and 76th sessions.",
     [("75th session of the Committee on the Elimination of Discrimination against Women", "2020", 75, "CEDAW", None),
      ("76th session of the Committee on the Elimination of Discrimination against Women", "2020", 76, "CEDAW", None)]),
    ("The Special Rapporteur presented a report on migrant domestic workers to the General Assembly at its "
     "seventy-fifth session in October 2020.",
     [("Seventy-fifth session of the General Assembly", "2020-10", 75, None, None)]),
    # "its" is the subject's where that is a body that meets, not the object's
    ("The Conference is expected to adopt a convention on care work at its 110th session in June 2020.",
     [("110th session of the Conference", "2020-06", 110, None, None)]),
])
def test_a_session_is_named_by_its_body_and_a_list_of_sessions_is_one_event_each(reader, text, expected):
    assert [(e.title, e.date, e.session, e.mechanism, e.place) for e in reader.events(text, 2020, {})] == expected


def test_a_plural_event_with_a_date_in_brackets_after_each_place_is_one_event_each(reader_for):
    text = ("In 2020 the agency ran workshops on labour migration data in Nepal (March 2020), Sri Lanka (June "
            "2020) and the Maldives (September 2020).")
    reader = reader_for("unitar", fresh=True)
    assert [(e.title, e.date, e.place) for e in reader.events(text, 2020, {})] == [
        ("Workshop on labour migration data", "2020-03", "Nepal"),
        ("Workshop on labour migration data", "2020-06", "Sri Lanka"),
        ("Workshop on labour migration data", "2020-09", "Maldives")]
    # and each place is where the work took place, though the brackets break the list for the parse
    assert [(c.code, c.role) for c in reader.countries(text)] == [
        ("NPL", "programme"), ("LKA", "programme"), ("MDV", "programme")]


def test_an_event_held_somewhere_has_that_place(reader):
    found = reader.events("UN Women presented its findings at a regional conference held in Addis Ababa on 12 "
                          "December 2016.", 2016, {})
    assert [(e.title, e.date, e.place) for e in found] == [("Regional conference", "2016-12-12", "Addis Ababa")]


@pytest.mark.parametrize("text, place", [
    ("UN Women will organize a workshop for the Caribbean in Port of Spain in 2019.", "Port of Spain"),
    ("UN Women held a conference in Washington, D.C., on 24 and 25 April 2018.", "Washington, D.C."),
])
def test_an_event_s_place_keeps_its_whole_name(reader, text, place):
    assert [e.place for e in reader.events(text, 2018, {})] == [place]


def test_a_demonym_before_a_region_names_no_country(reader):
    found = reader.countries("In 2018, the office supported the Government of Ethiopia in the Gambella and Somali "
                             "regions.")
    assert [(c.code, c.role) for c in found] == [("ETH", "programme")]
    # the women's country, though: what the work is about, whatever cue of place the sentence has
    found = reader.countries("In 2018, the office trained Somali refugee women in Kenya.")
    assert [(c.code, c.role) for c in found] == [("SOM", "subject"), ("KEN", "programme")]
    found = reader.countries("In 2018, the office supported the Government of Ethiopia in hosting Somali refugees.")
    assert [(c.code, c.role) for c in found] == [("ETH", "programme"), ("SOM", "subject")]


@pytest.mark.parametrize("text, expected", [
    # the meeting after "After" is when the work was done: no event of it, and its place none of the briefing's
    ("After the high-level plenary meeting of the General Assembly on large movements of refugees, held in New York "
     "on 19 September 2016, UN Women briefed its partners on the New York Declaration.",
     [("briefing", None)]),
    ("Ahead of the session of the Commission, held in New York in March 2016, UN Women briefed delegates in Geneva.",
     [("briefing", "Geneva")]),
    # at the meeting, it is the event
    ("UN Women organized a side event at the high-level meeting in New York.", [("side-event", "New York")]),
    # said of every event of a kind, it is no one event
    ("Women took part in every planning workshop, and UN Women attended all regional meetings.", []),
])
def test_an_event_that_says_when_the_work_was_done_is_no_event_of_it(reader, text, expected):
    assert [(e.kind, e.place) for e in reader.events(text, 2016, {})] == expected
