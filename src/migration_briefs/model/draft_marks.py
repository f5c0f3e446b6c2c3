"""What a person has not confirmed yet in a contribution file, and which briefs rest on it.

Kept apart from the data model so that the build can refuse a brief from its cached plan
without importing pydantic or pandas (a no-op build imports neither)."""
from __future__ import annotations

from dataclasses import dataclass

ALL = "all"
KINDS = ("item", "suggested", "meeting")


@dataclass(frozen=True)
class DraftMark:
    """Something in a contribution file that a person has not confirmed yet: a draft `item`, the
    `suggested` targets of an item, or a draft `meeting` block. No brief is built from it."""

    file: str
    line: int | None
    agency: str
    year: int | None  # the item's year; None for the meeting block, which every year rests on
    kind: str  # one of KINDS
    item: str = ""  # the item's id
    count: int = 1  # how many suggested targets

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"a draft mark of an unknown kind {self.kind!r}")

    @property
    def what(self) -> str:
        if self.kind == "meeting":
            return "the draft meeting block"
        if self.kind == "suggested":
            return f"the {self.count} suggested target{'s' if self.count != 1 else ''} of {self.item!r}"
        return f"the draft item {self.item!r}"

    def covers(self, agency: str, year: int) -> bool:
        """Whether a brief for `agency` ('all' for every agency) and `year` rests on it."""
        return agency in (self.agency, ALL) and self.year in (None, int(year))

    def sentence(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        fix = {"meeting": "confirm the meeting against the paper and delete its `draft: true`",
               "suggested": "turn each suggested target into an analyst tag with its reason, or delete it",
               "item": "check the item against the paper and delete its `draft: true`"}[self.kind]
        return f"it rests on {self.what} ({where}): {fix}, then build again"
