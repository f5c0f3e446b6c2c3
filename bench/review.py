"""What it takes to go from a draft to the file a person wrote: in the review (keys, clicks,
characters typed) against an editor (lines and characters typed), paper by paper.

For each paper (the UN Women paper and papers of the development corpus, tests/fixtures/papers/),
in a scratch project of its own: `briefs draft` drafts it, then a scripted person replays in the
review (sources/review_app.py, driven as the browser drives it: `press` for a key, a control's
value for what is typed in it) the decisions that turn the draft into the hand-written contribution
file, and every key, click and character is counted:

* items are matched as bench/draft.py matches them (the paragraphs they cite, how alike their
  summaries read), here many to one: a draft item that no hand item shares a paragraph with is
  dropped (`d`); several draft items of one hand item are merged (`m`); a draft item two hand items
  share is split (`/`, the option, Enter) by paragraphs or before a sentence;
* per item: a title or summary that differs is edited in place (`t` or `s`, the edit, Enter or
  Escape); a year, status, kind or country role that differs is chosen (`e`, the letters that pick
  the option, Escape); a proposed value the hand file lacks is dropped (`x`); a value it adds is
  added (`a`, the field, the value, Enter); a suggested target the hand file keeps is accepted
  (Enter, the reason, Enter), any other analyst target added with its reason; an event or product
  kept has its fields edited; the cursor moves with `j`/`k`; then `c` confirms the item (what the
  person agrees with costs nothing more);
* an edit of a text box costs, for each changed run of words, a click (to place the cursor or
  select the run), a Delete where words go, and the characters typed; or, where less, select-all
  and typing the new text;
* what the review cannot do (a stated target with its paragraphs, an event or product the draft
  missed, an item no draft item touches, key messages, what the paper does not say, the framing,
  the file's title) is typed in an editor afterwards: counted as the lines (and their characters)
  the editor measure below finds between the reviewed file and the hand file.

The editor measure: both files written out the same way (a line per field, a list of plain values
on one line, one entry per line for a list of mappings, the item ids of the reviewed file renamed
to the hand file's: an id is a name, not content), the lines of the hand file a line-by-line diff
marks as added are typed, with their characters (indentation left out). Today's typing is that
measure from the draft to the hand file. After the review and the editor, the script checks that
the result reads as the hand file (every field, ids aside) and says so.

The time is a model, not a measurement: the keystroke-level model's operators (Card, Moran and
Newell): a key or character 0.28 s, a click 1.3 s (point and click), a decision 1.35 s before each
key that is one (not before each character typed), and reading the paragraphs an item cites at 240
words a minute.

    .venv/bin/python bench/review.py [--paper un-women-2017 --paper iom-2017 ...]
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.draft import Paper, all_papers, scratch_project, source_name  # noqa: E402

DEFAULT_PAPERS = ("un-women-2017", "iom-2017", "ilo-2018")
KEY_SECONDS, CLICK_SECONDS, DECISION_SECONDS, WORDS_A_MINUTE = 0.28, 1.3, 1.35, 240
TOP_FIELDS = ("agency", "year", "title", "meeting", "source", "disclaimer", "sdg_statements", "framing",
              "key_messages", "not_said")


# --- the editor measure -------------------------------------------------------------------------

def _scalar(value) -> str:
    return " ".join(str(value).split()) if not isinstance(value, bool) else str(value).lower()


def lines_of(data, indent: str = "") -> list[str]:
    """A contribution as a person writes it: a line per field, a list of plain values on one line,
    each entry of a list of mappings from its own line."""
    out = []
    for key, value in data.items():
        if isinstance(value, dict):
            out.append(f"{indent}{key}:")
            out += lines_of(value, indent + "  ")
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            out.append(f"{indent}{key}:")
            for entry in value:
                entry_lines = lines_of(entry, indent + "    ")
                out.append(f"{indent}  - {entry_lines[0].strip()}")
                out += entry_lines[1:]
        elif isinstance(value, list):
            out.append(f"{indent}{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            out.append(f"{indent}{key}: {_scalar(value)}")
    return out


SETS = ("mechanisms", "partners", "groups", "mainstreaming")  # lists whose order says nothing


def _unordered(data):
    """The data with the lists of SETS in one order: retyping a list to reorder it is not work."""
    if isinstance(data, dict):
        return {k: sorted(map(str, v)) if k in SETS and isinstance(v, list) else _unordered(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_unordered(v) for v in data]
    return data


def typed(before: dict, after: dict) -> tuple[int, int]:
    """The lines of `after` a line diff from `before` marks as added, and their characters."""
    a, b = lines_of(_unordered(before)), lines_of(_unordered(after))
    lines = chars = 0
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("insert", "replace"):
            lines += j2 - j1
            chars += sum(len(line.strip()) for line in b[j1:j2])
    return lines, chars


# --- a person at the keyboard ----------------------------------------------------------------------

@dataclass
class Effort:
    keys: int = 0
    clicks: int = 0
    chars: int = 0
    decisions: int = 0

    def add(self, other: "Effort") -> None:
        self.keys += other.keys
        self.clicks += other.clicks
        self.chars += other.chars
        self.decisions += other.decisions

    @property
    def seconds(self) -> float:
        return (self.keys + self.chars) * KEY_SECONDS + self.clicks * CLICK_SECONDS + self.decisions * DECISION_SECONDS


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+|\s+|[^\w\s]", text)


def edit_cost(old: str, new: str) -> Effort:
    """Turning the text `old` of a box into `new`: run by run of words, or all anew."""
    old, new = " ".join(old.split()), " ".join(new.split())
    if old == new:
        return Effort()
    anew = Effort(keys=1, chars=len(new))  # select all, type
    runs = Effort()
    a, b = _tokens(old), _tokens(new)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        runs.clicks += 1
        runs.keys += 1 if i2 > i1 else 0
        runs.chars += len("".join(b[j1:j2]))
    best = min((anew, runs), key=lambda e: e.seconds)
    best.decisions = 1
    return best


class Person:
    """Drives the review as a person at the keyboard would, counting what it takes."""

    def __init__(self, app):
        self.app = app
        self.effort = Effort()
        self.read_words = 0
        self.seen: set[str] = set()
        self.notes: Counter = Counter()

    def press(self, key: str, times: int = 1, decision: bool = True) -> None:
        for n in range(times):
            self.app.press(key)
            self.effort.keys += 1
            self.effort.decisions += 1 if decision and n == 0 else 0

    def type_into(self, control, text: str) -> None:
        cost = edit_cost(str(control.value), text)
        self.effort.add(cost)
        self.effort.keys += 1  # Enter or Escape leaves the box
        control.value = text

    def choose(self, control, value: str) -> None:
        """A drop-down, opened with `e`: the letters that pick the option, then Escape."""
        labels = [str(label) for label, _ in control.options] if isinstance(control.options[0], tuple) \
            else [str(o) for o in control.options]
        values = [v for _, v in control.options] if isinstance(control.options[0], tuple) else list(control.options)
        target = labels[values.index(value)].lower()
        prefix = next(target[:n] for n in range(1, len(target) + 1)
                      if next(label for label in labels if label.lower().startswith(target[:n])).lower() == target)
        self.effort.chars += len(prefix)
        self.effort.keys += 1  # Escape
        control.value = value

    def goto(self, item_id: str) -> None:
        ids = self.app.file.ids()
        while self.app.position < 0 or self.app.item_id != item_id:
            here = self.app.position
            self.press("n" if here < ids.index(item_id) else "p", decision=False)
            if self.app.position == here:
                raise RuntimeError(f"cannot reach {item_id}")
        if item_id not in self.seen:
            self.seen.add(item_id)
            self.read_words += sum(len(p.text.split()) for p in self.app.file.paragraphs(
                [str(s) for s in self.app.file.item(item_id).get("source") or []]))

    def row(self, test) -> bool:
        """Move the cursor to the first row `test` accepts; False when none does."""
        found = next((n for n, row in enumerate(self.app.rows) if test(row.proposal)), None)
        if found is None:
            return False
        delta = found - self.app.row
        self.press("j" if delta > 0 else "k", abs(delta), decision=False)
        return True


# --- matching the draft to the hand file --------------------------------------------------------------

def score(hand: dict, drafted: dict) -> float:
    a, b = set(map(str, hand.get("source", []))), set(map(str, drafted.get("source", [])))
    if not a & b:
        return 0.0
    return len(a & b) / len(a | b) + fuzz.token_set_ratio(str(hand.get("summary", "")),
                                                          str(drafted.get("summary", ""))) / 100


def plan(hand_items: list[dict], draft_items: list[dict]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """(hand item -> the draft items to merge into it, draft item -> the hand items it is split into)."""
    groups: dict[int, list[int]] = {}
    for d, drafted in enumerate(draft_items):
        best = max(range(len(hand_items)), key=lambda h: score(hand_items[h], drafted), default=None)
        if best is not None and score(hand_items[best], drafted) > 0:
            groups.setdefault(best, []).append(d)
    splits: dict[int, list[int]] = {}
    for h, item in enumerate(hand_items):
        if h in groups:
            continue
        best = max(range(len(draft_items)), key=lambda d: score(item, draft_items[d]), default=None)
        if best is not None and score(item, draft_items[best]) > 0:
            splits.setdefault(best, []).append(h)
    return groups, splits


# --- the replay ------------------------------------------------------------------------------------

@dataclass
class Figures:
    paper: str
    items_hand: int = 0
    items_draft: int = 0
    review: Effort = field(default_factory=Effort)
    read_words: int = 0
    editor_after: tuple[int, int] = (0, 0)  # lines, characters typed in an editor after the review
    editor_today: tuple[int, int] = (0, 0)
    items_after: tuple[int, int] = (0, 0)  # the same, of the items alone (not the key messages and the like)
    items_today: tuple[int, int] = (0, 0)
    hand_lines: int = 0
    operations: Counter = field(default_factory=Counter)
    differences: list[str] = field(default_factory=list)  # where the result still differs from the hand file


def _values(item: dict, name: str) -> list[str]:
    return [str(v) for v in item.get(name) or []]


def _targets(item: dict, basis: str) -> dict[str, dict]:
    return {str(link["code"]): link for link in (item.get("sdg") or {}).get(basis) or []}


def review_item(person: Person, item_id: str, hand: dict) -> None:
    """Make the draft item `item_id` what the hand item says, as far as the review can."""
    app = person.app
    ops = person.notes
    person.goto(item_id)
    current = app.file.item(item_id)
    if str(current.get("title")) != str(hand["title"]):
        person.press("t")
        person.type_into(app.title, str(hand["title"]))
        ops["title edited"] += 1
    if " ".join(str(current.get("summary")).split()) != " ".join(str(hand["summary"]).split()):
        person.press("s")
        person.type_into(app.summary, " ".join(str(hand["summary"]).split()))
        ops["summary edited"] += 1
    for name in ("year", "status", "kind"):
        if str(app.file.item(item_id).get(name)) != str(hand[name]):
            person.row(lambda p, name=name: p.field == name)
            person.press("e")
            control = app.rows[app.row].controls[0]
            if name == "year":
                person.type_into(control, str(hand[name]))
            else:
                person.choose(control, str(hand[name]))
            ops[f"{name} changed"] += 1
    # targets: the stated ones the paper names, the analyst's with their reasons
    stated, analyst = _targets(hand, "stated"), _targets(hand, "analyst")
    for code in list(_targets(app.file.item(item_id), "stated")):
        if code not in stated:
            person.row(lambda p, code=code: p.field == "stated" and p.key == code)
            person.press("x")
            ops["stated target dropped"] += 1
    for code, link in analyst.items():
        item = app.file.item(item_id)
        if code in _targets(item, "analyst"):
            continue
        if code in _targets(item, "suggested"):
            person.row(lambda p, code=code: p.field == "suggested" and p.key == code)
            person.press("Enter")
            control = app.rows[app.row].controls[0]
            person.type_into(control, str(link["reason"]))
            ops["suggested target accepted"] += 1
        else:
            person.press("a")
            app.add_field.value = "target"  # the first option: no key
            person.effort.chars += len(code)
            person.effort.keys += 1  # Tab to the reason
            person.effort.add(edit_cost("", str(link["reason"])))
            app.add_reason.value = str(link["reason"])
            person.effort.keys += 1  # Enter
            app.add_value.value = code
            ops["target added"] += 1
    # plain values: drop what the hand file lacks, add what it has more
    for name in ("mechanisms", "partners", "groups", "mainstreaming", "outcomes"):
        wanted = _values(hand, name)
        for value in _values(app.file.item(item_id), name):
            if value not in wanted:
                person.row(lambda p, name=name, value=value: p.field == name and p.key == value)
                person.press("x")
                ops[f"{name} dropped"] += 1
        for value in wanted:
            if value not in _values(app.file.item(item_id), name):
                person.press("a")
                person.effort.chars += 1  # the field, by its first letter
                app.add_field.value = name
                person.effort.chars += len(value)
                person.effort.keys += 1  # Enter
                app.add_value.value = value
                ops[f"{name} added"] += 1
    wanted = {str(c["code"]): str(c["role"]) for c in hand.get("countries") or []}
    for country in list(app.file.item(item_id).get("countries") or []):
        code, role = str(country["code"]), str(country["role"])
        person.row(lambda p, code=code: p.field == "countries" and p.key == code)
        if code not in wanted:
            person.press("x")
            ops["country dropped"] += 1
        elif role != wanted[code]:
            person.press("e")
            person.choose(app.rows[app.row].controls[0], wanted[code])
            ops["country role changed"] += 1
    for code, role in wanted.items():
        if code not in [str(c["code"]) for c in app.file.item(item_id).get("countries") or []]:
            person.press("a")
            person.effort.chars += 1
            app.add_field.value = "countries"
            person.effort.chars += len(code)
            person.effort.keys += 1  # Tab to the role
            person.choose(app.add_role, role)
            person.effort.keys += 1  # Enter
            app.add_role.value = role
            app.add_value.value = code
            ops["country added"] += 1
    for name, fields in (("events", ("title", "date", "kind")), ("products", ("title", "scope", "count"))):
        review_records(person, item_id, hand, name, fields)
    person.press("c")
    ops["item confirmed"] += 1


def _same_record(name: str, hand: dict, drafted: dict) -> bool:
    shared = set(map(str, hand.get("source", []))) & set(map(str, drafted.get("source", [])))
    if name == "events":
        return bool(shared) and str(hand["kind"]) == str(drafted["kind"]) and \
            str(hand["date"])[:4] == str(drafted["date"])[:4]
    return bool(shared) and fuzz.token_set_ratio(str(hand["title"]), str(drafted["title"])) >= 60


def review_records(person: Person, item_id: str, hand: dict, name: str, fields: tuple[str, ...]) -> None:
    """Keep the draft's events (or products) the hand file has, with their fields edited; drop the rest."""
    app = person.app
    wanted = list(hand.get(name) or [])
    n = 0
    while n < len(app.file.item(item_id).get(name) or []):
        drafted = app.file.item(item_id)[name][n]
        match = next((w for w in wanted if _same_record(name, w, drafted)), None)
        person.row(lambda p, n=n: p.field == name and p.key == str(n + 1))
        if match is None:
            person.press("x")
            person.notes[f"{name} dropped"] += 1
            continue
        wanted.remove(match)
        person.press("e")
        for k, field_name in enumerate(fields):
            have = "" if drafted.get(field_name) is None else str(drafted.get(field_name))
            want = "" if match.get(field_name) is None else str(match.get(field_name))
            if have != want and want:
                control = app.rows[app.row].controls[k]
                if isinstance(control.options if hasattr(control, "options") else None, tuple):
                    person.choose(control, want)
                else:
                    person.type_into(control, want)
                person.notes[f"{name[:-1]} {field_name} edited"] += 1
            person.effort.keys += 1  # Tab to the next field
        n += 1


def replay(paper: Paper) -> Figures:
    from migration_briefs.model.loader import load
    from migration_briefs.sources.draft import draft
    from migration_briefs.sources.review_app import ReviewApp
    figures = Figures(paper.name)
    with tempfile.TemporaryDirectory() as scratch:
        project = scratch_project(Path(scratch), paper)
        path, _ = draft(paper.agency, paper.year, source_name(paper), root=project)
        drafted = yaml.safe_load(path.read_text(encoding="utf-8"))
        hand = yaml.safe_load(paper.hand.read_text(encoding="utf-8"))
        figures.items_hand, figures.items_draft = len(hand["items"]), len(drafted["items"])
        figures.editor_today = typed(drafted, hand)
        figures.items_today = typed({"items": drafted["items"]}, {"items": hand["items"]})
        figures.hand_lines = len(lines_of(hand))
        app = ReviewApp(path, project)
        person = Person(app)
        # the meeting block, where the front matter left it a draft
        if app.position == -1:
            for row in app.rows:
                want = str(hand["meeting"].get(row.proposal.key, ""))
                if want and str(row.controls[0].value) != want:
                    person.row(lambda p, key=row.proposal.key: p.key == key)
                    person.press("e")
                    person.type_into(app.rows[app.row].controls[0], want)
            person.press("c")
            person.notes["meeting confirmed"] += 1
        hand_items = hand["items"]
        draft_ids = [str(item["id"]) for item in drafted["items"]]
        groups, splits = plan(hand_items, drafted["items"])
        assigned = {d for ds in groups.values() for d in ds}
        # a first pass drops what no hand item shares a paragraph with
        for d, item_id in enumerate(draft_ids):
            if d not in assigned:
                person.goto(item_id)
                person.press("d")
                person.notes["item dropped"] += 1
        names: dict[str, str] = {}  # the reviewed file's ids -> the hand file's
        for h in sorted(groups, key=lambda h: min(groups[h])):
            members = [draft_ids[d] for d in groups[h]]
            head = members[0]
            person.goto(head)
            for other in members[1:]:
                ids = app.file.ids()
                if ids.index(other) != ids.index(head) + 1:
                    person.notes["merge of items not side by side (done as the command line does)"] += 1
                    with app.file.change():
                        app.file.merge([head, other])
                    app.show()
                    person.effort.keys += 1
                    continue
                person.press("m")
                person.notes["items merged"] += 1
            # the hand items this draft item is split into besides this one
            for extra in splits.get(groups[h][0], []):
                parts = split_option(app, hand_items[h], hand_items[extra])
                if parts is None:
                    continue
                person.press("/")
                person.press("j", parts, decision=False)
                person.press("Enter")
                person.notes["item split"] += 1
                new_id = app.file.ids()[app.file.ids().index(head) + 1]
                review_item(person, new_id, hand_items[extra])
                names[new_id] = str(hand_items[extra]["id"])
                person.goto(head)
            review_item(person, head, hand_items[h])
            names[head] = str(hand_items[h]["id"])
        figures.review = person.effort
        figures.read_words = person.read_words
        figures.operations = person.notes
        reviewed = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in reviewed["items"]:
            item["id"] = names.get(str(item["id"]), str(item["id"]))
        figures.editor_after = typed(reviewed, hand)
        figures.items_after = typed({"items": reviewed["items"]}, {"items": hand["items"]})
        # what is still to type: the editor makes the file the hand file; check that it then is
        leftover = [name for name in TOP_FIELDS if reviewed.get(name) != hand.get(name)]
        by_id = {str(item["id"]): item for item in reviewed["items"]}
        for item in hand_items:
            mine = by_id.get(str(item["id"]))
            if mine is None:
                leftover.append(f"item {item['id']} (written in the editor)")
                continue
            mine, item = _unordered(mine), _unordered(item)
            leftover += [f"{item['id']}.{k}" for k in sorted(set(item) | set(mine)) if lines_of({k: mine.get(k)})
                         != lines_of({k: item.get(k)})]
        figures.differences = leftover
        path.write_text(paper.hand.read_text(encoding="utf-8"), encoding="utf-8")
        load(project)  # the hand file, typed in over the reviewed one, is valid in the scratch project
    return figures


def split_option(app, first: dict, second: dict) -> int | None:
    """Which of the review's split options (counted from 0) parts `first` from `second`."""
    options = app._split_options()
    best, at = None, None
    for n, (_, how) in enumerate(options):
        if "paragraphs" in how:
            fit = set(how["paragraphs"]) <= set(map(str, second.get("source", []))) and \
                not set(how["paragraphs"]) & set(map(str, first.get("source", [])))
            value = 3.0 if fit else 0.0
        else:
            parts = app.file.item(app.item_id).get("summary", "")
            from migration_briefs.sources.review import sentences
            sent = sentences(parts)
            k = how["from_sentence"] - 1
            value = (fuzz.token_set_ratio(" ".join(sent[:k]), str(first["summary"])) +
                     fuzz.token_set_ratio(" ".join(sent[k:]), str(second["summary"]))) / 100
        if best is None or value > best:
            best, at = value, n
    return at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paper", action="append", help="a paper's name (default: " + ", ".join(DEFAULT_PAPERS) + ")")
    args = parser.parse_args()
    wanted = args.paper or list(DEFAULT_PAPERS)
    papers = {p.name: p for p in all_papers()}
    unknown = [name for name in wanted if name not in papers]
    if unknown:
        parser.error(f"unknown paper {unknown[0]!r}; known: {', '.join(papers)}")
    rows = []
    for name in wanted:
        figures = replay(papers[name])
        rows.append(figures)
        print(f"\n## {name}: {figures.items_draft} draft items, {figures.items_hand} in the hand file")
        for op, count in sorted(figures.operations.items()):
            print(f"  {op}: {count}")
        if figures.differences:
            print(f"  typed in the editor after the review: {', '.join(figures.differences[:12])}"
                  + (f" and {len(figures.differences) - 12} more" if len(figures.differences) > 12 else ""))
    print("\n| paper | hand file, lines | editor today: lines typed | characters | of the items | review: keys | "
          "clicks | characters typed | then the editor: lines | characters | of the items | typing vs today | "
          "of the items | modelled minutes |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for f in rows:
        reading = f.read_words / WORDS_A_MINUTE * 60
        minutes = (f.review.seconds + f.editor_after[1] * KEY_SECONDS + reading) / 60
        whole = (f.review.chars + f.editor_after[1]) / max(f.editor_today[1], 1)
        items = (f.review.chars + f.items_after[1]) / max(f.items_today[1], 1)
        print(f"| {f.paper} | {f.hand_lines} | {f.editor_today[0]} | {f.editor_today[1]} | {f.items_today[1]} | "
              f"{f.review.keys} | {f.review.clicks} | {f.review.chars} | {f.editor_after[0]} | {f.editor_after[1]} | "
              f"{f.items_after[1]} | {whole:.2f} | {items:.2f} | {minutes:.0f} |")


if __name__ == "__main__":
    main()
