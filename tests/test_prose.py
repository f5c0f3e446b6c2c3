"""The English the briefs are written with."""
from migration_briefs import prose


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
