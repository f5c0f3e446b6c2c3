"""Months and dates, in the one place every part of the package reads them from: the names of the
months (the briefs write them, the drafter reads them in papers) and dates at the precision a
text gives (the data model checks them, the briefs and charts write them)."""
from __future__ import annotations

import datetime as dt
import re

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

#: A month's name or its abbreviation, in lower case, and its number: "feb" and "february" -> 2.
MONTH_NUMBERS = {name: number for number, month in enumerate(MONTHS, 1)
                 for name in {month.lower(), month[:3].lower(), *(("sept",) if number == 9 else ())}}


# --- dates at the precision a text gives: 2016, 2016-08, 2017-02-17 -----------------------------

_PARTIAL = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")  # ASCII digits only


def partial_date(value: str) -> tuple[int, int | None, int | None]:
    """(year, month or None, day or None) of 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; ValueError, saying
    what is wrong, for anything else or a day no calendar has."""
    match = _PARTIAL.match(str(value).strip())
    if not match:
        raise ValueError(f"{value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None
    return year, month, day


def date_span(value: str) -> tuple[dt.date, dt.date, str]:
    """(first day, day after the last, precision) for '2016', '2016-08' or '2016-08-17'."""
    year, month, day = partial_date(value)
    if month is None:
        return dt.date(year, 1, 1), dt.date(year + 1, 1, 1), "year"
    if day is None:
        return dt.date(year, month, 1), dt.date(year + (month == 12), month % 12 + 1, 1), "month"
    start = dt.date(year, month, day)
    return start, start + dt.timedelta(days=1), "day"
