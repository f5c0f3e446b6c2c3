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
  (Enter, the reason, Enter), any other analyst target added (`a`, the code, the reason, Enter);
  an event or product
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

Two people are replayed, side by side (`--person both`, the default):

* **exact**: retypes the hand file's wording wherever the draft's differs by a character;
* **agreeing** (a person who agrees with what is right): keeps the draft's wording instead, and
  the file it wants is the hand file with that wording in its place, only where AGREEING holds:
  - a title: the paper's own whole phrase (a run of words of a cited paragraph that ends where a
    clause ends: not cut mid-phrase) that says what the hand file's title says (says_the_same:
    the same numbers; it holds HAND_SHARE (0.8) of the hand title's content words, stemmed, stop
    words left out, and the hand title DRAFT_SHARE (0.5) of its own);
  - a summary: the paper's own whole sentences (each a sentence of a cited paragraph, none ending
    in a colon) that say what the hand file's summary says (says_the_same);
  - a reason the review proposes for a target the hand file ties the item to (`y` on a suggested
    target; Enter after the code of an added one): it quotes a paragraph the hand item cites, and
    the analyst's own reason holds at least half of the content words of its quote of the paper
    and half of those of its quote of the target's wording (the analyst rests on the same words).
  Everything else (years, kinds, values, events, what no draft holds) it makes as the exact person
  does. Its typing is counted against what the same person would type in an editor today (from
  the draft to the file it wants); `--show-kept` prints every wording it kept beside the hand
  file's, to judge the rule by.

The time is a model, not a measurement: the keystroke-level model's operators (Card, Moran and
Newell): a key or character 0.28 s, a click 1.3 s (point and click), a decision 1.35 s before each
key that is one (not before each character typed), and reading the paragraphs an item cites at 240
words a minute.

    .venv/bin/python bench/review.py [--paper un-women-2017 --paper iom-2017 ...] [--person exact] [--show-kept]
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

    def __init__(self, app, agrees: bool = False):
        self.app = app
        self.agrees = agrees  # keeps the draft's wording where AGREEING says it is right
        self.effort = Effort()
        self.typed: Counter = Counter()  # characters typed in the review for titles, summaries, reasons
        self.kept: list[tuple[str, str, str]] = []  # (what, the draft's wording kept, the hand file's)
        self.read_words = 0
        self.seen: set[str] = set()
        self.notes: Counter = Counter()

    def press(self, key: str, times: int = 1, decision: bool = True) -> None:
        for n in range(times):
            self.app.press(key)
            self.effort.keys += 1
            self.effort.decisions += 1 if decision and n == 0 else 0

    def type_into(self, control, text: str, what: str = "") -> None:
        cost = edit_cost(str(control.value), text)
        self.effort.add(cost)
        if what:
            self.typed[what] += cost.chars
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


# --- a person who agrees with what is right ---------------------------------------------------------

# says_the_same: the share of the hand file's content words the draft's text must hold (it misses
# no fact the hand file gives), and of the draft's that the hand file's must hold (it says little more)
HAND_SHARE, DRAFT_SHARE = 0.8, 0.5
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _norm(text: str) -> str:
    return " ".join(str(text).split())


def _content(text: str) -> set[str]:
    """The stems of a text's words, stop words left out."""
    from migration_briefs.sources.review import content_stems
    return content_stems([text])


def says_the_same(drafted: str, hand: str) -> bool:
    """The facts match: the same numbers, the draft's text holds HAND_SHARE of the hand file's
    content words (stemmed) and the hand file's DRAFT_SHARE of the draft's."""
    if set(_NUMBER.findall(drafted)) != set(_NUMBER.findall(hand)):
        return False
    a, b = _content(drafted), _content(hand)
    return bool(a and b) and len(a & b) >= HAND_SHARE * len(b) and len(a & b) >= DRAFT_SHARE * len(a)


def papers_own_phrase(text: str, paragraphs: list) -> bool:
    """The text is a run of words of a cited paragraph that ends where a clause ends (a comma, a
    full stop, a colon or semicolon, a bracket, a dash, or the paragraph's end): not cut mid-phrase."""
    text = _norm(text).lower()
    for paragraph in paragraphs:
        own = _norm(paragraph.text).lower()
        for match in re.finditer(re.escape(text), own):
            before, after = own[:match.start()], own[match.end():]
            if (not before or not before[-1].isalnum()) and (not after or after[0] in ",.;:)" or
                                                             after.startswith((" (", " –", " —", " - "))):
                return True
    return False


def papers_own_sentences(text: str, paragraphs: list) -> bool:
    """Every sentence of the text is a whole sentence of a cited paragraph, and none ends in a colon
    (one that leads into a list the summary leaves out)."""
    from migration_briefs.sources.review import sentences
    own = {_norm(s) for paragraph in paragraphs for s in sentences(paragraph.text)}
    parts = sentences(text)
    return bool(parts) and all(_norm(s) in own and not s.rstrip().endswith(":") for s in parts)


def title_is_right(drafted: str, hand: dict, cited: list) -> bool:
    """AGREEING, for a title: the paper's own whole phrase, saying what the hand file's title says."""
    return papers_own_phrase(drafted, cited) and says_the_same(drafted, str(hand["title"]))


def summary_is_right(drafted: str, hand: dict, cited: list) -> bool:
    """AGREEING, for a summary: the paper's own whole sentences, saying what the hand file's says."""
    return papers_own_sentences(drafted, cited) and says_the_same(drafted, _norm(hand["summary"]))


def reason_is_right(proposed: str, hand: dict, reason: str) -> bool:
    """AGREEING, for a proposed reason: there is one, the hand file ties the item to that target
    (the caller asks only then) with `reason`, the paper's words it quotes are in a paragraph the
    hand item cites, and the analyst's reason rests on what it quotes: it holds at least half of
    the content words of the paper's quote, and half of those of the target's."""
    found = re.fullmatch(r"The paper's “(.+)” \(¶ (\S+)\) is what .+'s wording “(.+)” covers\.", proposed or "")
    if not found or found.group(2) not in [str(p) for p in hand.get("source") or []]:
        return False
    analyst = _content(reason)
    quotes = (_content(found.group(1)), _content(found.group(3)))
    return all(quote and 2 * len(quote & analyst) >= len(quote) for quote in quotes)


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
    agrees: bool = False  # the person keeps the draft's wording where AGREEING says it is right
    wanted_today: tuple[int, int] = (0, 0)  # an editor, from the draft to the file that person wants
    typed_kinds: Counter = field(default_factory=Counter)  # review characters: titles, summaries, reasons
    editor_parts: Counter = field(default_factory=Counter)  # editor characters after the review, by field
    kept: list[tuple[str, str, str]] = field(default_factory=list)  # Person.kept

    @property
    def minutes(self) -> float:
        return (self.review.seconds + self.editor_after[1] * KEY_SECONDS + self.read_words / WORDS_A_MINUTE * 60) / 60

    @property
    def typing(self) -> float:
        """Characters typed in the review and the editor after it, over what the same person types
        in an editor today (for the exact replay, today's typing)."""
        return (self.review.chars + self.editor_after[1]) / max(self.wanted_today[1], 1)


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
    cited = app.file.paragraphs([str(p) for p in current.get("source") or []])
    drafted_title, drafted_summary = str(current.get("title")), " ".join(str(current.get("summary")).split())
    if person.agrees and drafted_title != str(hand["title"]) and title_is_right(drafted_title, hand, cited):
        person.kept.append((f"{hand['id']} title", drafted_title, str(hand["title"])))
        hand["title"] = drafted_title
        ops["title kept as drafted"] += 1
    if drafted_title != str(hand["title"]):
        person.press("t")
        person.type_into(app.title, str(hand["title"]), "titles")
        ops["title edited"] += 1
    if person.agrees and drafted_summary != " ".join(str(hand["summary"]).split()) and \
            summary_is_right(drafted_summary, hand, cited):
        person.kept.append((f"{hand['id']} summary", drafted_summary, _norm(hand["summary"])))
        hand["summary"] = drafted_summary
        ops["summary kept as drafted"] += 1
    if drafted_summary != " ".join(str(hand["summary"]).split()):
        person.press("s")
        person.type_into(app.summary, " ".join(str(hand["summary"]).split()), "summaries")
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
            proposal = app.rows[app.row].proposal
            if person.agrees and reason_is_right(proposal.reason, hand, str(link["reason"])):
                person.kept.append((f"{hand['id']} reason for {code}", proposal.reason, _norm(link["reason"])))
                link["reason"] = proposal.reason
                person.press("y")
                ops["suggested target accepted with its proposed reason"] += 1
                continue
            person.press("Enter")
            control = app.rows[app.row].controls[0]
            person.type_into(control, str(link["reason"]), "reasons")
            ops["suggested target accepted"] += 1
        elif person.agrees:  # the code, Enter: the review proposes a reason; Enter takes it, or retype it
            person.press("a")
            app.add_field.value = "target"
            person.effort.chars += len(code)
            person.effort.keys += 1  # Enter
            app.add_value.value = code
            proposed = str(app.add_reason.value)
            if reason_is_right(proposed, hand, str(link["reason"])):
                person.kept.append((f"{hand['id']} reason for {code}", proposed, _norm(link["reason"])))
                link["reason"] = proposed
                person.press("Enter")
                ops["target added with its proposed reason"] += 1
            else:
                person.type_into(app.add_reason, str(link["reason"]), "reasons")
                person.press("Enter", decision=False)
                ops["target added"] += 1
            if code not in _targets(app.file.item(item_id), "analyst"):
                raise RuntimeError(f"{item_id}: the target {code} was not added: {app.message.value}")
        else:
            person.press("a")
            app.add_field.value = "target"  # the first option: no key
            person.effort.chars += len(code)
            person.effort.keys += 1  # Tab to the reason
            person.effort.add(edit_cost("", str(link["reason"])))
            person.typed["reasons"] += len(" ".join(str(link["reason"]).split()))
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


def replay(paper: Paper, agrees: bool = False) -> Figures:
    """The review of the paper's draft to its hand file; by a person who `agrees`, to the hand file
    with the draft's wording kept wherever AGREEING (the module's doc) says it is right."""
    import copy

    from migration_briefs.model.loader import load
    from migration_briefs.sources.draft import draft
    from migration_briefs.sources.review_app import ReviewApp
    figures = Figures(paper.name, agrees=agrees)
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
        person = Person(app, agrees)
        exact = copy.deepcopy(hand)  # `hand` becomes what the person wants, as they keep drafted wording
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
        figures.typed_kinds = person.typed
        figures.kept = person.kept
        figures.wanted_today = typed(drafted, hand)
        figures.read_words = person.read_words
        figures.operations = person.notes
        reviewed = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in reviewed["items"]:
            item["id"] = names.get(str(item["id"]), str(item["id"]))
        figures.editor_after = typed(reviewed, hand)
        figures.items_after = typed({"items": reviewed["items"]}, {"items": hand["items"]})
        for name in (*TOP_FIELDS, "outside_sources", "items"):
            figures.editor_parts[name] = typed({name: reviewed.get(name)}, {name: hand.get(name)})[1]
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
        if hand != exact:  # and so is the file with the draft's wording kept
            path.write_text(yaml.safe_dump(hand, allow_unicode=True, sort_keys=False), encoding="utf-8")
            load(project)
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
    parser.add_argument("--person", choices=("both", "exact", "agreeing"), default="both",
                        help="replay the hand file exactly, agree where right (AGREEING), or both side by side")
    parser.add_argument("--show-kept", action="store_true",
                        help="print each drafted wording the agreeing person kept beside the hand file's")
    args = parser.parse_args()
    wanted = args.paper or list(DEFAULT_PAPERS)
    papers = {p.name: p for p in all_papers()}
    unknown = [name for name in wanted if name not in papers]
    if unknown:
        parser.error(f"unknown paper {unknown[0]!r}; known: {', '.join(papers)}")
    modes = {"both": (False, True), "exact": (False,), "agreeing": (True,)}[args.person]
    rows = []
    for name in wanted:
        for agrees in modes:
            figures = replay(papers[name], agrees)
            rows.append(figures)
            print(f"\n## {name}, {'agreeing where right' if agrees else 'exact replay'}: {figures.items_draft} draft "
                  f"items, {figures.items_hand} in the hand file")
            for op, count in sorted(figures.operations.items()):
                print(f"  {op}: {count}")
            kinds = figures.typed_kinds
            other = figures.review.chars - sum(kinds.values())
            print(f"  characters typed in the review: titles {kinds['titles']}, summaries {kinds['summaries']}, "
                  f"reasons {kinds['reasons']}, other values {other}")
            print("  characters typed in the editor after it: " + ", ".join(
                f"{part} {chars}" for part, chars in figures.editor_parts.most_common() if chars))
            for what, drafted, hand in figures.kept if args.show_kept else []:
                print(f"  kept {what}:\n    drafted: {drafted}\n    by hand: {hand}")
            if figures.differences:
                print(f"  typed in the editor after the review: {', '.join(figures.differences[:12])}"
                      + (f" and {len(figures.differences) - 12} more" if len(figures.differences) > 12 else ""))
    print("\n| paper | person | hand file, lines | editor today: lines | characters | the same person in an editor: "
          "characters | review: keys | clicks | characters | then the editor: lines | characters | typing vs the same "
          "person's today | vs the hand file's today | of the items | modelled minutes |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for f in rows:
        items = (f.review.chars + f.items_after[1]) / max(f.items_today[1], 1)
        print(f"| {f.paper} | {'agreeing' if f.agrees else 'exact'} | {f.hand_lines} | {f.editor_today[0]} | "
              f"{f.editor_today[1]} | {f.wanted_today[1]} | {f.review.keys} | {f.review.clicks} | {f.review.chars} | "
              f"{f.editor_after[0]} | {f.editor_after[1]} | {f.typing:.2f} | "
              f"{(f.review.chars + f.editor_after[1]) / max(f.editor_today[1], 1):.2f} | {items:.2f} | {f.minutes:.0f} |")


if __name__ == "__main__":
    main()
