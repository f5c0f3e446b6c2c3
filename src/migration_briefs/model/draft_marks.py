"""What a person has not confirmed yet in a contribution file, and which briefs rest on it.

Kept apart from the data model so that the build can refuse a brief from its cached plan
without importing pydantic or pandas (a no-op build imports neither)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

ALL = "all"
KINDS = ("item", "suggested", "meeting")
# What a brief may be about beyond its agency and year (the grid's parameters); a mark records
# which of their values the marked item involves, so that a brief rests only on the marks of its items.
SUBJECTS = ("goal", "mechanism", "country")
# Set by `briefs build --drafts` for its kernels: briefs are built from drafts, marked as such.
PREVIEW_VARIABLE = "MIGRATION_BRIEFS_DRAFTS"


def previewing() -> bool:
    """Whether this process builds the briefs a draft would give (`briefs build --drafts`)."""
    return os.environ.get(PREVIEW_VARIABLE) == "1"


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
    # (subject, value) pairs the item involves, as a brief's parameters name them: ("goal", "5"),
    # ("mechanism", "CMW"), ("country", "MEX"); a suggested target's goal counts too
    about: tuple = ()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"a draft mark of an unknown kind {self.kind!r}")
        object.__setattr__(self, "about", tuple((str(s), str(v)) for s, v in self.about))
        if any(subject not in SUBJECTS for subject, _ in self.about):
            raise ValueError("a draft mark about an unknown subject")

    @classmethod
    def from_json(cls, entry: dict) -> "DraftMark":
        """A mark as `asdict` wrote it to build/manifest.json (read back, so checked)."""
        return cls(str(entry["file"]), None if entry["line"] is None else int(entry["line"]), str(entry["agency"]),
                   None if entry["year"] is None else int(entry["year"]), str(entry["kind"]), str(entry["item"]),
                   int(entry["count"]), tuple((str(s), str(v)) for s, v in entry.get("about", [])))

    @property
    def what(self) -> str:
        if self.kind == "meeting":
            return "the draft meeting block"
        if self.kind == "suggested":
            return f"the {self.count} suggested target{'s' if self.count != 1 else ''} of {self.item!r}"
        return f"the draft item {self.item!r}"

    def covers(self, agency: str, year: int, **subject) -> bool:
        """Whether a brief for `agency` ('all' for every agency) and `year`, about `subject` (a
        goal, mechanism or country; none for an overview), rests on it. Every brief of the agency
        rests on its draft meeting block; a brief about a goal, mechanism or country rests only on
        the items that involve it."""
        if not (agency in (self.agency, ALL) and self.year in (None, int(year))):
            return False
        if self.kind == "meeting":
            return True
        return all((name, str(value)) in self.about for name, value in subject.items() if name in SUBJECTS)

    def sentence(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        fix = {"meeting": "confirm the meeting against the paper and delete its `draft: true`",
               "suggested": "turn each suggested target into an analyst tag with its reason, or delete it",
               "item": "check the item against the paper and delete its `draft: true`"}[self.kind]
        return f"it rests on {self.what} ({where}): {fix}, then build again"


def refusal(marks: list[DraftMark]) -> str:
    """Why a brief is not made, naming every draft mark it rests on (and no other), and what to do."""
    if len(marks) == 1:
        return marks[0].sentence()

    def where(mark: DraftMark) -> str:
        return f"{mark.file}:{mark.line}" if mark.line else mark.file

    def named(found: list[DraftMark]) -> str:
        names = [f"{m.item!r} ({where(m)})" for m in found]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    items = [m for m in marks if m.kind == "item"]
    suggested = [m for m in marks if m.kind == "suggested"]
    parts, fixes = [], []
    for mark in (m for m in marks if m.kind == "meeting"):
        parts.append(f"the draft meeting block ({where(mark)})")
        fixes.append("confirm the meeting against the paper and delete its `draft: true`")
    if items:
        parts.append(f"the draft item{'s' if len(items) > 1 else ''} {named(items)}")
        fixes.append("check each item against the paper and delete its `draft: true`")
    if suggested:
        parts.append(f"the suggested targets of {named(suggested)}")
        fixes.append("turn each suggested target into an analyst tag with its reason, or delete it")
    files = dict.fromkeys(m.file for m in marks)
    review = [f"make review AGENCY={found.group(1)} MEETING={found.group(2)}" for file in files
              if (found := re.fullmatch(r"data/contributions/([a-z0-9-]+)/(\d{4})\.yaml", file))]
    also = f" (the review does it all: {'; '.join(review)})" if review else ""
    return f"it rests on {'; '.join(parts)}: {'; '.join(fixes)}{also}, then build again"
