"""The English the briefs are written with."""
from migration_briefs.briefs import prose


def test_dates_keep_their_precision():
    assert [prose.format_date(d) for d in ("2016", "2016-08", "2017-02-17")] == [
        "2016", "August 2016", "17 February 2017"]


def test_date_ranges():
    assert prose.format_date_range("2017-02-16", "2017-02-17") == "16-17 February 2017"
    assert prose.format_date_range("2017-02-16", "2017-02-16") == "16 February 2017"
    assert prose.format_date_range("2017-01-30", "2017-02-02") == "30 January 2017 to 2 February 2017"


def test_lists_and_counts():
    assert [prose.join(w) for w in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == ["", "A", "A and B", "A, B and C"]
    assert [prose.count(n, "item") for n in (0, 1, 7, 12)] == ["no items", "one item", "seven items", "12 items"]


def test_numbers_in_words_up_to_ten():
    assert [prose.number(n) for n in (1, 2, 10, 11, 25)] == ["one", "two", "ten", "11", "25"]
    assert prose.count(2, "activity", "activities") == "two activities"


def test_articles_and_country_names_inside_sentences():
    assert [prose.article(w) for w in ("inter-agency group", "treaty body", "intergovernmental forum")] == [
        "an", "a", "an"]
    assert [prose.country_in_sentence(n) for n in ("Mexico", "Philippines", "Republic of Moldova",
                                                   "United States")] == [
        "Mexico", "the Philippines", "the Republic of Moldova", "the United States"]
