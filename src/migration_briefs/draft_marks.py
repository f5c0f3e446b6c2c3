"""What a person has not confirmed yet in a contribution file, and which briefs rest on it.

Kept apart from the data model so that the build can refuse a brief from its cached plan
without importing pydantic or pandas (a no-op build imports neither)."""
from __future__ import annotations

from dataclasses import dataclass

ALL = "all"


@dataclass(frozen=True)
class DraftMark:
    """Something in a contribution file that a person has not confirmed yet: a draft item, its
    suggested targets, or a meeting block read from the front matter. No brief is built from it."""

    file: str
    line: int | None
    agency: str
    year: int | None  # the item's year; None for the meeting block, which every year rests on
    what: str  # "the draft item 'x'", "the suggested targets of 'x'", "the draft meeting block"

    def covers(self, agency: str, year: int) -> bool:
        """Whether a brief for `agency` ('all' for every agency) and `year` rests on it."""
        return agency in (self.agency, ALL) and self.year in (None, int(year))

    def sentence(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        fix = ("confirm the meeting against the paper and delete its `draft: true`" if self.year is None else
               "turn each suggested target into an analyst tag with its reason, or delete it" if "suggested" in self.what
               else "check the item against the paper and delete its `draft: true`")
        return f"it rests on {self.what} ({where}): {fix}, then build again"
