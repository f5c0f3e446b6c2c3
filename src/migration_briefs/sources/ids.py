"""Stable paragraph ids across versions of a document.

Contribution files cite paragraphs by id, so a new version of a document must never renumber.
Imported paragraphs are aligned with the ones already in data/sources/ in reading order:
identical texts keep their ids; a paragraph whose wording changed a little (a corrected typo,
a reworded sentence) keeps its id and is reported as changed, so that whoever cites it can check
the citation still holds; a paragraph that moved keeps its id; every other paragraph is new and
gets the next unused id, and ids of removed paragraphs are retired, never given out again.
The kind and section label a person set on a paragraph survive a re-import.
"""
from __future__ import annotations

import difflib
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from migration_briefs.model.models import Paragraph
from migration_briefs.sources.coverage import first_words
from migration_briefs.sources.paragraphs import ImportedParagraph

SIMILAR = 0.6  # share of words two versions of one paragraph have in common, at least


@dataclass(frozen=True)
class Change:
    status: str  # unchanged, changed, moved, new or removed
    old: Paragraph | None
    new: Paragraph | None

    @property
    def id(self) -> str:
        return (self.new or self.old).id


@dataclass
class Merge:
    paragraphs: list[Paragraph]
    changes: list[Change]
    retired: list[str] = field(default_factory=list)

    def counts(self) -> Counter:
        return Counter(change.status for change in self.changes)

    @property
    def relabelled(self) -> list[Change]:
        """Paragraphs whose text stayed but whose kind or section changed (a heading came or went),
        or whose italic words did (a file imported before they were kept)."""
        return [c for c in self.changes if c.status in ("unchanged", "moved")
                and (c.old.kind, c.old.section, c.old.italic) != (c.new.kind, c.new.section, c.new.italic)]


def _words(text: str) -> list[str]:
    return text.split()


def _similar(a: str, b: str) -> bool:
    matcher = difflib.SequenceMatcher(None, _words(a), _words(b), autojunk=False)
    return matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR


def _number(pid: str) -> int:
    match = re.fullmatch(r"p(\d+)", pid)
    return int(match.group(1)) if match else 0


def _pairs(old: list[Paragraph], new: list[ImportedParagraph]) -> tuple[dict[int, int], set[int]]:
    """new index -> old index for every imported paragraph that continues an existing one, and
    which of those moved (found, word for word, out of reading order)."""
    pairs: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, [p.text for p in old], [p.text for p in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.update({j1 + k: i1 + k for k in range(j2 - j1)})
        elif tag == "replace":
            cursor = i1
            for j in range(j1, j2):
                for i in range(cursor, i2):
                    if _similar(old[i].text, new[j].text):
                        pairs[j], cursor = i, i + 1
                        break
    unpaired_old = {old[i].text: i for i in reversed(range(len(old))) if i not in pairs.values()}
    moved = set()
    for j, paragraph in enumerate(new):
        if j not in pairs and paragraph.text in unpaired_old:
            pairs[j] = unpaired_old.pop(paragraph.text)
            moved.add(j)
    return pairs, moved


def merge(old: list[Paragraph] | None, new: list[ImportedParagraph], retired: Iterable[str] = ()) -> Merge:
    """The new version's paragraphs with ids that continue the old version's."""
    old = list(old or [])
    retired = sorted(set(retired), key=lambda pid: (_number(pid), pid))
    pairs, moved = _pairs(old, new)
    next_number = max([_number(p.id) for p in old] + [_number(pid) for pid in retired] + [0]) + 1
    used = {p.id for p in old} | set(retired)
    result: list[Paragraph] = []
    statuses: list[str] = []
    section = None
    for j, imported in enumerate(new):
        previous = old[pairs[j]] if j in pairs else None
        if previous is None:
            while f"p{next_number}" in used:
                next_number += 1
            pid, kind, status = f"p{next_number}", imported.kind, "new"
            used.add(pid)
        else:
            pid, kind = previous.id, previous.kind
            status = "moved" if j in moved else "unchanged" if previous.text == imported.text else "changed"
        if kind == "heading":
            label = previous.section if previous is not None and previous.kind == "heading" else imported.section
            section = label
        elif section is not None:
            label = section
        else:
            label = previous.section if previous is not None else imported.section
        # a [sic] mark set by a person stays while the words it marks are still there
        sic = [words for words in previous.sic if words in imported.text] if previous is not None else []
        result.append(Paragraph(id=pid, kind=kind, section=label, text=imported.text, sic=sic,
                                italic=list(imported.italic)))
        statuses.append(status)
    changes = [Change(status, old[pairs[j]] if j in pairs else None, paragraph)
               for j, (status, paragraph) in enumerate(zip(statuses, result))]
    removed = [p for i, p in enumerate(old) if i not in pairs.values()]
    changes = _place_removed(changes, removed, old)
    retired = sorted(set(retired) | {p.id for p in removed}, key=lambda pid: (_number(pid), pid))
    return Merge(result, changes, retired)


def _place_removed(changes: list[Change], removed: list[Paragraph], old: list[Paragraph]) -> list[Change]:
    """Removed paragraphs appear in the report after the paragraph that preceded them."""
    position = {p.id: i for i, p in enumerate(old)}
    result = list(changes)
    for paragraph in removed:
        before = position[paragraph.id]
        index = 0
        for k, change in enumerate(result):
            if change.old is not None and position.get(change.old.id, -1) < before:
                index = k + 1
        result.insert(index, Change("removed", paragraph, None))
    return result


# --- the report --------------------------------------------------------------------------

def _word_diff(old: str, new: str, context: int = 4) -> list[str]:
    a, b = old.split(), new.split()
    lines = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        lead = " ".join(a[max(0, i1 - context):i1])
        lead = f"… {lead} " if lead else ""
        tail = " ".join(a[i2:i2 + context])
        tail = f" {tail} …" if tail else ""
        if i2 > i1:
            lines.append(f"      - {lead}[{' '.join(a[i1:i2])}]{tail}")
        if j2 > j1:
            lines.append(f"      + {lead}[{' '.join(b[j1:j2])}]{tail}")
    return lines


def describe(merge_result: Merge, citations: dict[str, list[str]]) -> list[str]:
    """The changes a person must look at, one block each, with who cites what changed or went."""
    lines = []
    for change in merge_result.changes:
        if change.status == "unchanged":
            continue
        if change.status == "changed":
            lines.append(f"  ~ {change.id} changed ({change.new.section}): {first_words(change.new.text)}")
            lines.extend(_word_diff(change.old.text, change.new.text))
        elif change.status == "moved":
            lines.append(f"  > {change.id} moved ({change.new.section}): {first_words(change.new.text)}")
        elif change.status == "new":
            lines.append(f"  + {change.id} new {change.new.kind} ({change.new.section}): "
                         f"{first_words(change.new.text)}")
        else:
            lines.append(f"  - {change.id} removed {change.old.kind}: {first_words(change.old.text)}")
        if change.status in ("changed", "removed", "moved") and citations.get(change.id):
            verb = "fix" if change.status == "removed" else "check"
            lines.extend(textwrap.wrap(f"{verb} the citations in {'; '.join(citations[change.id])}", 100,
                                       initial_indent="      ", subsequent_indent="        ",
                                       break_on_hyphens=False))
    return lines
