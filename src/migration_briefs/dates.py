"""The names of the months, in the one place every part of the package reads them from: the
briefs write them, the drafter and the meeting header reader read them in papers."""
from __future__ import annotations

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

#: A month's name or its abbreviation, in lower case, and its number: "feb" and "february" -> 2.
MONTH_NUMBERS = {name: number for number, month in enumerate(MONTHS, 1)
                 for name in {month.lower(), month[:3].lower(), *(("sept",) if number == 9 else ())}}
