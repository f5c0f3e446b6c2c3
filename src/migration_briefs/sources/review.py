"""Confirming a draft: every change the review makes to a contribution file, for the review
notebook (review_app.py, notebooks/review.ipynb) and the command line (`briefs confirm`, `drop`,
`accept-target`, ...).

`briefs draft` writes each item with `draft: true`, each proposed value with a comment giving the
words it rests on, and `sdg.suggested` blocks. A person keeps, changes or drops each proposal,
turns the suggested targets that fit into `analyst` links with a reason, and confirms the item
(its `draft: true` goes) or drops it. Each change is made to the file as a person would make it
in an editor:

* through ruamel.yaml's round trip, so comments, the order of fields, quoting and the person's
  earlier edits stay;
* only the lines of what changed are replaced: any other line the round trip would write
  differently (a long flow list it joins on one line) is kept as it was, and the result is
  checked to read as the round trip's data;
* checked as `make validate` checks the file (loader.check_contribution) before it is written,
  then written atomically (files.write_atomic); a file changed on disk since it was read is
  read again, never overwritten.

A change that cannot be made raises EditRefusedError, one located sentence; nothing is written.
"""
from __future__ import annotations

import difflib
import io
import json
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from migration_briefs.errors import DataValidationError, EditRefusedError
from migration_briefs.files import sha256, write_atomic
from migration_briefs.paths import Project

# The order of an item's fields in the files people write (data/README.md): a field the review
# adds goes where a person would put it.
ITEM_FIELDS = ("id", "draft", "year", "status", "title", "summary", "kind", "sdg", "mechanisms", "countries",
               "partners", "groups", "mainstreaming", "outcomes", "products", "events", "source")
SDG_BASES = ("stated", "analyst", "suggested")
# Lists of plain values an item proposes, and lists of mappings (countries by code, the rest by place).
VALUE_LISTS = ("mechanisms", "partners", "groups", "mainstreaming", "outcomes")
RECORD_LISTS = ("countries", "events", "products")
TEXT_FIELDS = ("title", "summary")
WHOLE_NUMBERS = {"year", "number", "session", "count"}
MEETING_FIELDS = ("name", "short_name", "organizer", "place", "start", "end")
PLACEHOLDER = "(not in the paper: fill in)"  # what `briefs draft` writes where the front matter says nothing
SUMMARY_WIDTH = 96  # folded as `briefs draft` and the source texts fold their text
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def _yaml():
    from ruamel.yaml import YAML
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a line the review writes; the files' own folds are kept as they are
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _plain(value):
    """A round-trip value as plain Python (dicts, lists, str, int), for comparing two readings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _words(comment: str) -> list[str]:
    """The words a proposal rests on: the quoted passages of its comment (`briefs draft` writes
    them as JSON strings, shortened with ' …')."""
    found = []
    for match in _QUOTED.finditer(comment):
        try:
            text = json.loads(f'"{match.group(1)}"')
        except ValueError:
            text = match.group(1)
        text = text.removesuffix(" …").strip()
        if text and text not in found:
            found.append(text)
    return found


def _comment_of(line: str) -> str:
    """The comment at the end of a YAML line, outside quotes; '' when it has none."""
    quote = None
    for i, char in enumerate(line):
        if quote:
            if char == "\\" and quote == '"':
                continue
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[i + 1:].strip()
    return ""


def sentences(text: str) -> list[str]:
    """A summary's sentences, to split an item between two of them."""
    return [s for s in _SENTENCE.split(" ".join(str(text).split())) if s]


def folded(text: str):
    """A summary as the drafted files write it: a folded block (`>-`) of lines of at most
    SUMMARY_WIDTH characters."""
    from ruamel.yaml.scalarstring import FoldedScalarString
    text = " ".join(str(text).split())
    value = FoldedScalarString(text)
    value.fold_pos = _fold_positions(text)
    return value


def _fold_positions(text: str) -> list[int]:
    lines = textwrap.wrap(text, SUMMARY_WIDTH - 6, break_long_words=False, break_on_hyphens=False)
    positions, at = [], 0
    for line in lines[:-1]:
        at = text.index(line, at) + len(line)
        positions.append(at)  # the space after the line
        at += 1
    return positions


# --- a proposed reason for a suggested target ------------------------------------------------------

REASON_LIMIT = 200  # what an analyst link's reason may hold (model.AnalystLink)
PHRASE_WORDS = 9  # the longest run of words quoted from the paper or the target's wording
PHRASE_CONTEXT = 5  # and the fewest, where its clause has them
_WORD = re.compile(r"[^\W\d_]+")  # as suggest.py reads words: "migration-related" is two


def content_stems(words: list[str]) -> set[str]:
    """The stems of the words (as suggest.py stems them), stop words left out."""
    import snowballstemmer
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from migration_briefs.sources.suggest import _stem
    stemmer = snowballstemmer.stemmer("english")
    return {_stem(stemmer, w.lower()) for word in words for w in _WORD.findall(word)
            if w.lower() not in ENGLISH_STOP_WORDS}  # "and" is no reason


def _phrase(text: str, stems: set[str], limit: int = PHRASE_WORDS, names: tuple[str, ...] = ()) -> tuple[str, set[str]]:
    """The shortest run of at most `limit` words of `text` that holds the most of `stems`, as the
    text writes it, and the stems it holds ('' and none when it holds none). The words of `names`
    (the agency's own: "Women" of "UN Women" is no word on women) hold none."""
    import snowballstemmer

    from migration_briefs.sources.suggest import _stem
    stemmer = snowballstemmer.stemmer("english")
    masked = text
    for name in names:
        masked = re.sub(r"(?<!\w)" + re.escape(name) + r"(?!\w)", lambda m: "\0" * len(m.group(0)), masked)
    words = [(m.start(), m.end(), _stem(stemmer, m.group(0).lower())) for m in _WORD.finditer(masked)]
    best: tuple[int, int, int] | None = None  # (stems held, -words, start) at its highest
    span = (0, 0)
    for i, (_, _, stem) in enumerate(words):
        if stem not in stems:
            continue
        held: set[str] = set()
        for j in range(i, min(i + limit, len(words))):
            if words[j][2] in stems:
                held.add(words[j][2])
                rank = (len(held), -(j - i), -i)
                if best is None or rank > best:
                    best, span = rank, (i, j)
    if best is None:
        return "", set()
    i, j = span

    def joined(a: int, b: int) -> bool:  # no end of a clause between words a and b
        return not re.search(r"[.;:!?()\u2013\u2014]|\s-\s", text[words[a][1]:words[b][0]])

    # a few words of context, within the clause: a word alone says little; none that ends on "and"
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    core = (i, j)
    while j - i + 1 < PHRASE_CONTEXT and j + 1 < len(words) and joined(j, j + 1):
        j += 1
    while j - i + 1 < PHRASE_CONTEXT and i > 0 and joined(i - 1, i):
        i -= 1
    while j > core[1] and text[words[j][0]:words[j][1]].lower() in ENGLISH_STOP_WORDS:
        j -= 1
    while i < core[0] and text[words[i][0]:words[i][1]].lower() in ENGLISH_STOP_WORDS:
        i += 1
    return text[words[i][0]:words[j][1]], {w[2] for w in words[i:j + 1]} & stems


def proposed_reason(code: str, matched: list[str], paragraphs: list, reference, names: tuple[str, ...] = ()) -> str:
    """A reason for tying an item to the suggested target `code`, drafted from what the two share:
    the run of the paper's words (in the paragraphs the item cites) and of the target's official
    wording (else its goal's, else an indicator's) that hold the most of the `matched` words the
    suggestion rests on. '' when either side holds none of them. The words of `names` (the
    agency's) are never quoted as the paper's. A proposal: a person accepts it (it then becomes
    the analyst's reason) or writes another."""
    stems = content_stems(matched)
    if not stems:
        return ""
    for limit in (PHRASE_WORDS, 6, 4):  # shorter quotes where the sentence would be too long
        reason = _reason(code, stems, paragraphs, reference, limit, names)
        if len(reason) <= REASON_LIMIT:
            return reason
    return ""


def shared_words(text: str, code: str, project: Project, reference) -> list[str]:
    """The words `text` shares with the official wording of target `code` (its goal's and its
    indicators' with it), those that weigh most first, as `briefs draft` ranks suggestions; for a
    goal, the words of its title."""
    from migration_briefs.sources.suggest import MATCHED_WORDS, _ranker
    ranker = _ranker(project)
    if code not in ranker.codes:
        goal = reference.goals.get(code)
        return _WORD.findall(str(goal.title)) if goal is not None else []
    query = ranker.vectorizer.transform([ranker.expanded(text)])
    weights = ranker.matrix[ranker.codes.index(code)].multiply(query).tocoo()
    shared = sorted(zip(weights.data, weights.col), key=lambda pair: (-pair[0], pair[1]))
    return [ranker.surface.get(ranker.vocabulary[col], ranker.vocabulary[col]) for _, col in shared][:MATCHED_WORDS]


def _reason(code: str, stems: set[str], paragraphs: list, reference, limit: int, names: tuple[str, ...]) -> str:
    ours, where = "", ""
    held: set[str] = set()
    for paragraph in paragraphs:
        phrase, found = _phrase(str(paragraph.text), stems, limit, names)
        if len(found) > len(held):
            ours, where, held = phrase, str(paragraph.id), found
    if not ours:
        return ""
    target = reference.targets.get(code)
    wordings = []
    if target is not None:
        wordings.append((f"target {code}", str(target.title)))
        goal = reference.goals.get(str(target.goal))
        if goal is not None:
            wordings.append((f"goal {goal.code}", str(goal.title)))
        wordings += [(f"indicator {i.code}", str(i.title)) for i in reference.indicators.values() if i.target == code]
    else:
        goal = reference.goals.get(code)
        if goal is not None:
            wordings.append((f"goal {code}", str(goal.title)))
    for name, wording in wordings:
        theirs, found = _phrase(wording, held, limit)
        if found:
            return f"The paper's “{ours}” (¶ {where}) is what {name}'s wording “{theirs}” covers."
    return ""


@dataclass
class Proposal:
    """One value `briefs draft` proposed for an item, as the review shows it: where it is in the
    item, its value in words, and the words of the paper it rests on."""

    field: str  # year, status, kind, mechanisms, countries, partners, groups, mainstreaming, outcomes,
    #             products, events, stated, suggested, analyst
    key: str  # which one within the field: a code, a value, or the 1-based place
    value: str  # as a person reads it
    note: str = ""  # the comment `briefs draft` wrote beside it
    words: list[str] = field(default_factory=list)  # what it rests on, to highlight in the paragraphs
    reason: str = ""  # for a suggested target: the reason proposed for it (proposed_reason), a draft


@dataclass
class ContributionFile:
    """A contribution file open for review: its text as read, and its round-trip data, changed in
    memory by the operations and written by `save` (or the `change` block)."""

    path: Path
    project: Project
    text: str = ""
    data: object = None
    spans: list[tuple[int, int]] = field(default_factory=list)  # lines (from 0) the pending changes touch
    history: list[str] = field(default_factory=list)  # the file's text before each save, for undo
    _reference: object = field(default=None, repr=False)  # the reference tables, read once

    @classmethod
    def open(cls, path: Path | str, project: Path | Project | None = None) -> "ContributionFile":
        """The contribution file at `path`: data/contributions/<agency>/<year>.yaml of the project."""
        project = Project.at(project)
        path = Path(path)
        if not path.is_absolute():
            path = (Path.cwd() / path) if (Path.cwd() / path).exists() else project.root / path
        folder = project.contributions_dir.resolve()
        resolved = path.resolve() if path.exists() or path.parent.exists() else path
        if not (resolved.suffix == ".yaml" and resolved.parent.parent == folder):
            raise EditRefusedError(str(path), None, "this is not a contribution file of the project",
                                   f"give data/contributions/<agency>/<year>.yaml under {project.root.name}/")
        opened = cls(resolved, project)
        opened.reload()
        return opened

    @property
    def name(self) -> str:
        return self.project.relative(self.path)

    def reload(self) -> None:
        from ruamel.yaml import YAMLError

        from migration_briefs.model.yaml_source import YAMLProblem, read_text
        try:
            self.text = read_text(self.path, self.project)
        except FileNotFoundError:
            raise EditRefusedError(self.name, None, "the file does not exist",
                                   "draft it first (`make draft`) or give the path of an existing file") from None
        except YAMLProblem as exc:
            raise EditRefusedError(self.name, exc.problem.line, exc.problem.message, exc.problem.hint) from None
        try:
            self.data = _yaml().load(self.text)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise EditRefusedError(self.name, mark.line + 1 if mark else None, "the file is not valid YAML",
                                   "run `make validate` and fix what it names") from None
        if not isinstance(self.data, dict) or not isinstance(self.data.get("items"), list):
            raise EditRefusedError(self.name, 1, "the file has no list of items",
                                   "start from the example in data/README.md")
        self.spans = []

    # --- reading ------------------------------------------------------------------------------

    @property
    def reference(self):
        if self._reference is None:
            from migration_briefs.model.reference import load_reference
            self._reference = load_reference(self.project)
        return self._reference

    @property
    def items(self) -> list:
        return self.data["items"]

    def ids(self) -> list[str]:
        return [str(item.get("id")) for item in self.items]

    def draft_ids(self) -> list[str]:
        return [str(item.get("id")) for item in self.items if item.get("draft") is True]

    def index(self, item_id: str) -> int:
        for i, item in enumerate(self.items):
            if str(item.get("id")) == item_id:
                return i
        known = self.ids()
        close = difflib.get_close_matches(item_id, known, n=1)
        raise EditRefusedError(self.name, None, f"no item has the id {item_id!r}",
                               f"did you mean {close[0]!r}?" if close else
                               f"its items are: {', '.join(known)}")

    def item(self, item_id: str):
        return self.items[self.index(item_id)]

    def agency_names(self) -> tuple[str, ...]:
        """The names the file's agency goes by (data/reference/agencies.yaml), longest first."""
        agency = self.reference.agencies.get(str(self.data.get("agency")))
        if agency is None:
            return ()
        return tuple(sorted({agency.abbreviation, agency.name, *agency.aliases}, key=len, reverse=True))

    def reason_for(self, item_id: str, code: str) -> str:
        """A reason proposed for tying the item to `code` (proposed_reason), from the words its cited
        paragraphs share with the target's wording; '' when none is found."""
        item = self.item(item_id)
        cited = self.paragraphs([str(p) for p in item.get("source") or []])
        words = shared_words(" ".join(str(p.text) for p in cited), str(code).strip(), self.project, self.reference)
        return proposed_reason(str(code).strip(), words, cited, self.reference, self.agency_names())

    def line_of(self, path: tuple) -> int | None:
        """The line (from 1) of what `path` names in the file as read, or of its nearest parent."""
        start, _ = self._span(path)
        return start + 1 if start is not None else None

    def raw_line(self, line: int | None) -> str:
        lines = self.text.splitlines()
        return lines[line] if line is not None and 0 <= line < len(lines) else ""

    def proposals(self, item_id: str) -> list[Proposal]:
        """What the item proposes, in the order of its fields, each with the note `briefs draft`
        wrote beside it and the words it rests on."""
        i = self.index(item_id)
        item = self.items[i]
        found: list[Proposal] = []

        def note_at(path: tuple) -> str:
            start, _ = self._span(path, exact=True)
            return _comment_of(self.raw_line(start)) if start is not None else ""

        for name in ("year", "status", "kind"):
            if name in item:
                note = note_at(("items", i, name))
                found.append(Proposal(name, name, str(item[name]), note, _words(note)))
        sdg = item.get("sdg") or {}
        cited = None
        for basis in SDG_BASES:
            for n, link in enumerate(sdg.get(basis) or []):
                note = note_at(("items", i, "sdg", basis, n))
                words = [str(w) for w in link.get("matched", [])] if basis == "suggested" else []
                reason = ""
                if basis == "suggested":
                    cited = self.paragraphs([str(p) for p in item.get("source") or []]) if cited is None else cited
                    reason = proposed_reason(str(link.get("code")), words, cited, self.reference,
                                             self.agency_names())
                found.append(Proposal(basis, str(link.get("code")), str(link.get("code")), note,
                                      words or ([] if basis == "suggested" else _words(note)), reason))
        for name in VALUE_LISTS:
            values = item.get(name) or []
            if not values:
                continue
            whole = note_at(("items", i, name))
            words = _words(whole)
            for n, value in enumerate(values):
                note = note_at(("items", i, name, n))
                start, _ = self._span(("items", i, name, n), exact=True)
                own = _words(note) if note and start != self._span(("items", i, name), exact=True)[0] else []
                # a flow list's comment gives the words of each value in turn, split by '; '
                mine = own or ([words[n]] if len(words) == len(values) else [])
                found.append(Proposal(name, str(value), str(value), note or whole, mine))
        for name in RECORD_LISTS:
            for n, record in enumerate(item.get(name) or []):
                note = note_at(("items", i, name, n))
                words = _words(note)[:1]
                if name == "countries":
                    key, value = str(record.get("code")), f"{record.get('code')} ({record.get('role')})"
                elif name == "events":
                    key, value = str(n + 1), f"{record.get('date')}: {record.get('title')} ({record.get('kind')})"
                else:
                    key, value = str(n + 1), str(record.get("title"))
                found.append(Proposal(name, key, value, note, words))
        return found

    # --- the changes ---------------------------------------------------------------------------

    def touch(self, path: tuple) -> None:
        """Record that the lines of what `path` names (or of its nearest parent the file has) change."""
        start, end = self._span(path)
        if start is not None:
            self.spans.append((start, end))

    def confirm(self, item_ids: list[str], reject_targets: bool = False) -> None:
        """Take away the items' `draft: true`. An item still suggesting targets is refused, unless
        `reject_targets`: the review's Confirm drops the suggestions a person did not accept."""
        for item_id in item_ids:
            i = self.index(item_id)
            item = self.items[i]
            suggested = (item.get("sdg") or {}).get("suggested") or []
            if suggested and not reject_targets:
                codes = ", ".join(str(s.get("code")) for s in suggested)
                raise EditRefusedError(self.name, self.line_of(("items", i, "sdg", "suggested")),
                                       f"the item {item_id!r} still suggests the targets {codes}",
                                       f"accept each that fits with `briefs accept-target {self.name} {item_id} CODE "
                                       "--reason ...`, or add --reject-targets to drop those left")
            if suggested:
                self.reject_target(item_id, [str(s.get("code")) for s in suggested])
            if "draft" in item:
                self.touch(("items", i, "draft"))
                del item["draft"]

    def drop(self, item_ids: list[str]) -> None:
        """Remove the items. A key message or note that names one is refused by the check."""
        for item_id in item_ids:
            i = self.index(item_id)
            self.touch(("items", i))
            del self.items[i]

    def accept_target(self, item_id: str, code: str, reason: str) -> None:
        """Tie the item to `code` as an analyst, with `reason`: a suggested target becomes an analyst
        link; any other target is added as one."""
        from ruamel.yaml.comments import CommentedMap
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString
        i = self.index(item_id)
        code = str(code).strip()
        reason = " ".join(str(reason).split())
        if not reason:
            raise EditRefusedError(self.name, self.line_of(("items", i)), f"no reason is given for tying {item_id!r} "
                                   f"to {code}", 'say in one line why the target\'s wording covers the item: '
                                   '--reason "..."')
        sdg = self._ensure(i, "sdg")
        suggested = sdg.get("suggested") or []
        for n, link in enumerate(suggested):
            if str(link.get("code")) == code:
                self._remove_at(("items", i, "sdg", "suggested"), n)
                break
        analyst = self._ensure(i, "sdg", "analyst")
        if any(str(link.get("code")) == code for link in analyst):
            raise EditRefusedError(self.name, self.line_of(("items", i, "sdg", "analyst")),
                                   f"the item {item_id!r} is already tied to {code} by an analyst",
                                   "change its reason with `briefs set`, or give another target")
        link = CommentedMap()
        link["code"] = DoubleQuotedScalarString(code)
        link["reason"] = reason
        analyst.append(link)
        self.touch(("items", i, "sdg"))

    def reject_target(self, item_id: str, codes: list[str]) -> None:
        """Drop suggested targets (or an analyst's ties) of the item."""
        i = self.index(item_id)
        sdg = self.items[i].get("sdg") or {}
        for code in codes:
            for basis in ("suggested", "analyst"):
                links = sdg.get(basis) or []
                n = next((n for n, link in enumerate(links) if str(link.get("code")) == str(code)), None)
                if n is not None:
                    self._remove_at(("items", i, "sdg", basis), n)
                    break
            else:
                have = [str(link.get("code")) for b in ("suggested", "analyst") for link in sdg.get(b) or []]
                raise EditRefusedError(self.name, self.line_of(("items", i, "sdg")),
                                       f"the item {item_id!r} has no suggested or analyst target {code}",
                                       f"give one of {', '.join(have)}" if have else "it has none")

    def set_field(self, item_id: str, name: str, value) -> None:
        """Change a field of the item: year, status, kind, title, summary, id (the key messages and
        notes that name it follow), or one of a list's records by its place from 1 or a country's
        code ('events.2.date', 'countries.MEX.role', 'products.1.count')."""
        i = self.index(item_id)
        item = self.items[i]
        parts = name.split(".")
        if parts[0] == "id":
            self._rename(i, str(value).strip())
            return
        if len(parts) == 1:
            if parts[0] not in ("year", "status", "kind", *TEXT_FIELDS):
                raise EditRefusedError(self.name, self.line_of(("items", i)), f"{name!r} is not a field the "
                                       "review sets", "give year, status, kind, title, summary or id, or a record's "
                                       "field such as events.1.date or countries.MEX.role")
            value = self._value(parts[0], value, ("items", i))
            if parts[0] == "summary":
                value = folded(value)
            if parts[0] in item:
                self.touch(("items", i, parts[0]))
                item[parts[0]] = value
            else:
                self._insert(i, parts[0], value)
            return
        if parts[0] == "analyst" and len(parts) > 3:  # analyst.8.8.reason: the code holds a dot
            parts = [parts[0], ".".join(parts[1:-1]), parts[-1]]
        if len(parts) != 3 or parts[0] not in RECORD_LISTS + ("analyst",):
            raise EditRefusedError(self.name, self.line_of(("items", i)), f"{name!r} names no field of a record",
                                   "write the list, the record's place from 1 (or a country's code) and the "
                                   "field, e.g. events.1.date")
        records = (item.get("sdg") or {}).get("analyst") if parts[0] == "analyst" else item.get(parts[0])
        n = self._record(i, parts[0], parts[1], records or [])
        path = ("items", i, "sdg", "analyst", n) if parts[0] == "analyst" else ("items", i, parts[0], n)
        self.touch(path)
        records[n][parts[2]] = self._value(parts[2], value, path)

    def remove_value(self, item_id: str, name: str, value: str) -> None:
        """Drop one proposed value: a mechanism, partner, group, approach or outcome by its text, a
        country or a stated target by its code, an event or product by its place from 1."""
        i = self.index(item_id)
        item = self.items[i]
        if name in ("stated", "suggested", "analyst"):
            links = (item.get("sdg") or {}).get(name) or []
            n = next((n for n, link in enumerate(links) if str(link.get("code")) == str(value)), None)
            if n is None:
                raise EditRefusedError(self.name, self.line_of(("items", i, "sdg")), f"the item {item_id!r} has no "
                                       f"{name} target {value}", "give one of "
                                       + (", ".join(str(link.get("code")) for link in links) or "(none)"))
            self._remove_at(("items", i, "sdg", name), n)
            return
        if name in VALUE_LISTS:
            values = [str(v) for v in item.get(name) or []]
            if str(value) not in values:
                raise EditRefusedError(self.name, self.line_of(("items", i, name)), f"the item {item_id!r} has no "
                                       f"{name} value {value!r}", "give one of " + (", ".join(values) or "(none)"))
            self._remove_at(("items", i, name), values.index(str(value)))
            return
        if name in RECORD_LISTS:
            self._remove_at(("items", i, name), self._record(i, name, value, item.get(name) or []))
            return
        raise EditRefusedError(self.name, self.line_of(("items", i)), f"{name!r} is not a list of the item",
                               "give " + ", ".join((*VALUE_LISTS, *RECORD_LISTS, "stated", "suggested", "analyst")))

    def add_value(self, item_id: str, name: str, value, role: str = "") -> None:
        """Add a value the drafter missed: a mechanism, partner, group, approach or outcome, or a
        country with its role."""
        from ruamel.yaml.comments import CommentedMap
        i = self.index(item_id)
        if name == "countries":
            if not role:
                raise EditRefusedError(self.name, self.line_of(("items", i)), "a country needs its role",
                                       "give it as CODE:ROLE, e.g. MEX:programme")
            record = CommentedMap()
            record["code"] = str(value).strip().upper()
            record["role"] = role.strip()
            record.fa.set_flow_style()
            self._ensure(i, "countries").append(record)
            self.touch(("items", i, "countries"))
            return
        if name not in VALUE_LISTS:
            raise EditRefusedError(self.name, self.line_of(("items", i)), f"{name!r} is not a list the review adds to",
                                   "give " + ", ".join((*VALUE_LISTS, "countries")))
        values = self._ensure(i, name, flow=name != "outcomes")
        text = " ".join(str(value).split())
        if text in [str(v) for v in values]:
            return
        values.append(text)
        self.touch(("items", i, name))

    def merge(self, item_ids: list[str]) -> str:
        """Merge the items into the first: its title, year, status and kind; the summaries one after
        the other; every paragraph, value, event, product and target of each, once. The key
        messages and notes that name a merged item name the first. Returns the first's id."""
        if len(item_ids) < 2:
            raise EditRefusedError(self.name, None, "merging needs two items or more", "give the ids of the items "
                                   "to merge, the one to keep first")
        first_index = self.index(item_ids[0])
        first = self.items[first_index]
        others = [self.item(item_id) for item_id in item_ids[1:]]
        self.touch(("items", first_index))
        summary = " ".join([str(first.get("summary", "")), *(str(o.get("summary", "")) for o in others)])
        first["summary"] = folded(summary)
        for other in others:
            if other.get("draft") is True and "draft" not in first:
                self._insert(first_index, "draft", True)
            for name in VALUE_LISTS + ("source",):
                for value in other.get(name) or []:
                    have = self._ensure(first_index, name, flow=name != "outcomes")
                    if str(value) not in [str(v) for v in have]:
                        have.append(value)
            for name in RECORD_LISTS:
                for record in other.get(name) or []:
                    have = self._ensure(first_index, name)
                    if name != "countries" or str(record.get("code")) not in [str(r.get("code")) for r in have]:
                        have.append(record)
            for basis in SDG_BASES:
                for link in (other.get("sdg") or {}).get(basis) or []:
                    taken = {str(x.get("code")) for b in SDG_BASES for x in (first.get("sdg") or {}).get(b) or []}
                    if str(link.get("code")) not in taken:
                        self._ensure(first_index, "sdg", basis).append(link)
            suggested = (first.get("sdg") or {}).get("suggested")
            if suggested and len(suggested) > 3:  # at most three, the best
                best = sorted(suggested, key=lambda s: -float(s.get("score", 0)))[:3]
                for n in reversed(range(len(suggested))):
                    if suggested[n] not in best:
                        del suggested[n]
        for item_id in item_ids[1:]:
            self._refer(item_id, item_ids[0])
        self.drop(item_ids[1:])
        return item_ids[0]

    def split(self, item_id: str, paragraphs: list[str] | None = None, from_sentence: int | None = None,
              new_id: str | None = None) -> str:
        """Split the item in two where the drafter joined two things: the new item, after it, takes
        the cited `paragraphs` (and the events and products they give), or the summary's sentences
        from `from_sentence` (counted from 1) on. Both stay drafts. Returns the new item's id."""
        import copy
        i = self.index(item_id)
        item = self.items[i]
        cited = [str(p) for p in item.get("source") or []]
        parts = sentences(item.get("summary", ""))
        if paragraphs:
            paragraphs = [str(p) for p in paragraphs]
            unknown = [p for p in paragraphs if p not in cited]
            if unknown or set(paragraphs) >= set(cited):
                raise EditRefusedError(self.name, self.line_of(("items", i, "source")),
                                       f"the item {item_id!r} cites {', '.join(cited)}" + (
                                           f", not {', '.join(unknown)}" if unknown else ""),
                                       "give some of its paragraphs, not all, for the new item")
        elif from_sentence is not None:
            if not 2 <= from_sentence <= len(parts):
                raise EditRefusedError(self.name, self.line_of(("items", i, "summary")),
                                       f"the summary of {item_id!r} has {len(parts)} sentence"
                                       f"{'s' if len(parts) != 1 else ''}",
                                       f"split before a sentence from 2 to {len(parts)}" if len(parts) > 1 else
                                       "split it by its paragraphs, or edit its summary")
        else:
            raise EditRefusedError(self.name, self.line_of(("items", i)), "a split needs paragraphs or a sentence",
                                   "give the paragraphs the new item takes, or the sentence it starts with")
        new = copy.deepcopy(item)
        new_id = new_id or self._free_id(item_id)
        if new_id in self.ids():
            raise EditRefusedError(self.name, self.line_of(("items", i, "id")), f"the id {new_id!r} is taken",
                                   "give another id")
        new["id"] = new_id
        if "draft" not in new:
            new.insert(1, "draft", True)
        else:
            new["draft"] = True
        self.touch(("items", i))
        if paragraphs:
            mine = [p for p in cited if p not in paragraphs]
            self._set_sources(item, mine)
            self._set_sources(new, [p for p in cited if p in paragraphs])
            text = self._paragraph_texts(paragraphs)
            theirs = [s for s in parts if s[:40] in text]
            if theirs and len(theirs) < len(parts):
                item["summary"] = folded(" ".join(s for s in parts if s not in theirs))
                new["summary"] = folded(" ".join(theirs))
        else:
            item["summary"] = folded(" ".join(parts[:from_sentence - 1]))
            new["summary"] = folded(" ".join(parts[from_sentence - 1:]))
            for name in ("events", "products"):
                new.pop(name, None)  # they stay with the first part; move one with `remove`/`add`
        self.items.insert(i + 1, new)
        # the blank line that parts the items: a comment before each entry of the list
        neighbour = self.items.ca.items.get(i + 2) or self.items.ca.items.get(i)
        if neighbour and neighbour[1]:
            self.items.ca.items[i + 1] = [None, copy.deepcopy(neighbour[1]), None, None]
        return new_id

    def confirm_meeting(self) -> None:
        meeting = self.data.get("meeting") or {}
        left = [name for name in MEETING_FIELDS if str(meeting.get(name, "")).strip() == PLACEHOLDER]
        if left:
            raise EditRefusedError(self.name, self.line_of(("meeting", left[0])), "the meeting's "
                                   f"{', '.join(left)} {'is' if len(left) == 1 else 'are'} still to fill in",
                                   f"set {'it' if len(left) == 1 else 'them'} from the paper or the meeting's "
                                   "own record (`briefs set-meeting`)")
        if "draft" in meeting:
            self.touch(("meeting", "draft"))
            del meeting["draft"]

    def set_meeting(self, name: str, value) -> None:
        meeting = self.data.get("meeting")
        if name not in MEETING_FIELDS or meeting is None:
            raise EditRefusedError(self.name, self.line_of(("meeting",)), f"{name!r} is not a field of the meeting",
                                   f"give one of {', '.join(MEETING_FIELDS)}")
        self.touch(("meeting", name))
        meeting[name] = " ".join(str(value).split())

    # --- writing ---------------------------------------------------------------------------------

    def changed_text(self) -> str:
        """The file's text with the pending changes: the round trip's lines where they changed,
        the file's own lines everywhere else."""
        out = io.StringIO()
        _yaml().dump(self.data, out)
        dumped = out.getvalue()
        old, new = self.text.splitlines(keepends=True), dumped.splitlines(keepends=True)
        composed: list[str] = []
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or self._touched(i1, i2):
                composed.extend(new[j1:j2])
            else:
                composed.extend(old[i1:i2])  # written differently by the round trip, not changed
        text = "".join(composed)
        if text != dumped and _plain(_yaml().load(text)) != _plain(_yaml().load(dumped)):
            raise EditRefusedError(self.name, None, "the change could not be written without moving other lines",
                                   "make it in an editor; this is a fault of the review, please report it")
        return text

    def save(self) -> bool:
        """Check the changed file and write it atomically; False when nothing changed."""
        from migration_briefs.model.loader import check_contribution
        text = self.changed_text()
        if text == self.text:
            self.spans = []
            return False
        try:
            check_contribution(self.path, text, self.project)
        except DataValidationError as exc:
            problem = exc.problems[0]
            more = len(exc.problems) - 1
            raise EditRefusedError(self.name, problem.line, f"{problem.field + ': ' if problem.field else ''}"
                                   f"{problem.message}" + (f" (and {more} more problem{'s' if more > 1 else ''})"
                                                           if more else ""),
                                   problem.hint or "see data/README.md") from None
        try:
            on_disk = self.path.read_bytes()
        except OSError:
            on_disk = None
        if on_disk is not None and sha256(on_disk) != sha256(self.text.encode("utf-8")):
            raise EditRefusedError(self.name, None, "the file changed on disk since the review read it",
                                   "read it again (the review's Reload, or run the command again)")
        write_atomic(self.path, text.encode("utf-8"))
        self.history.append(self.text)
        self.text = text
        self.data = _yaml().load(text)  # fresh line numbers for the next change
        self.spans = []
        return True

    @contextmanager
    def change(self) -> Iterator["ContributionFile"]:
        """Make changes and save them together; if any is refused, none is kept (the file is read
        again) and the error goes on."""
        try:
            yield self
            self.save()
        except BaseException:
            self.reload()
            raise

    def undo(self) -> bool:
        """Write back the text before the last save (if the file is still as that save left it)."""
        if not self.history:
            return False
        previous = self.history[-1]
        on_disk = self.path.read_bytes().decode("utf-8")
        if on_disk != self.text:
            raise EditRefusedError(self.name, None, "the file changed on disk since the review's last change",
                                   "read it again; undo only goes back over the review's own changes")
        write_atomic(self.path, previous.encode("utf-8"))
        self.history.pop()
        self.text = previous
        self.data = _yaml().load(previous)
        self.spans = []
        return True

    # --- helpers ------------------------------------------------------------------------------

    def _span(self, path: tuple, exact: bool = False) -> tuple[int | None, int | None]:
        """The lines (from 0, inclusive) of what `path` names in the file as read: from its key (or
        list entry) to the line before its next sibling, or its parent's end. A part the file as
        read does not have (added since) gives its parent's span, or (None, None) with `exact`."""
        lines = self.text.count("\n") + (0 if self.text.endswith("\n") else 1)
        node, start, end = self.data, 0, lines - 1
        for part in path:
            try:
                if isinstance(part, int):
                    here = node.lc.item(part)[0]
                    after = node.lc.item(part + 1)[0] - 1 if part + 1 < len(node) else end
                else:
                    keys = list(node.keys())
                    here = node.lc.key(part)[0]
                    k = keys.index(part)
                    after = node.lc.key(keys[k + 1])[0] - 1 if k + 1 < len(keys) else end
            except (AttributeError, KeyError, ValueError, IndexError, TypeError):
                return (None, None) if exact else (start, end)
            if here is None or here < start or here > end:
                return (None, None) if exact else (start, end)
            start, end = here, max(here, min(after, end))
            node = node[part]
        return start, end

    def _touched(self, i1: int, i2: int) -> bool:
        if i1 == i2:  # an insertion before line i1
            return any(start <= i1 <= end + 1 for start, end in self.spans)
        return any(start <= i2 - 1 and i1 <= end for start, end in self.spans)

    def _value(self, name: str, value, path: tuple):
        if name in WHOLE_NUMBERS:
            text = str(value).strip()
            if not text.isascii() or not text.isdigit():
                raise EditRefusedError(self.name, self.line_of(path), f"{name} must be a whole number, not {value!r}",
                                       "write it with the digits 0-9")
            return int(text)
        text = " ".join(str(value).split())
        if not text:
            raise EditRefusedError(self.name, self.line_of(path), f"{name} cannot be empty", "write its text")
        if name == "code":
            from ruamel.yaml.scalarstring import DoubleQuotedScalarString
            return DoubleQuotedScalarString(text)
        return text

    def _record(self, i: int, name: str, key: str, records) -> int:
        """The place of a record in one of the item's lists: a country by its code, any other by
        its place from 1."""
        if name in ("countries", "analyst"):
            codes = [str(r.get("code")) for r in records]
            if str(key).upper() in codes:
                return codes.index(str(key).upper())
        elif str(key).isdigit() and 1 <= int(key) <= len(records):
            return int(key) - 1
        what = "its code" if name in ("countries", "analyst") else f"its place, 1 to {len(records)}"
        raise EditRefusedError(self.name, self.line_of(("items", i, name)), f"the item {self.items[i].get('id')!r} "
                               f"has no {name} entry {key!r}", f"give {what}" if records else f"it has no {name}")

    def _remove_at(self, path: tuple, n: int) -> None:
        """Remove entry `n` of the list at `path`, and the list (and an `sdg` left empty) with it
        when it is the last."""
        parent = self.data
        for part in path[:-1]:
            parent = parent[part]
        values = parent[path[-1]]
        if len(values) > 1:
            self.touch((*path, n))
            del values[n]
            return
        self.touch(path)
        del parent[path[-1]]
        if path[-2] == "sdg" and not parent:
            self.touch(path[:-1])
            del self.items[path[1]]["sdg"]

    def _ensure(self, i: int, name: str, basis: str | None = None, flow: bool = True):
        """The item's `name` (with `basis` under sdg), made where a person would put it if missing."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq
        item = self.items[i]
        if name == "sdg":
            if "sdg" not in item:
                self._insert(i, "sdg", CommentedMap())
            sdg = item["sdg"]
            if basis is None:
                return sdg
            if basis not in sdg:
                at = sum(1 for b in SDG_BASES[:SDG_BASES.index(basis)] if b in sdg)
                sdg.insert(at, basis, CommentedSeq())
                self.touch(("items", i, "sdg"))
            return sdg[basis]
        if name not in item:
            values = CommentedSeq()
            if flow and name in VALUE_LISTS + ("source",):
                values.fa.set_flow_style()
            self._insert(i, name, values)
        return item[name]

    def _insert(self, i: int, name: str, value) -> None:
        item = self.items[i]
        order = ITEM_FIELDS.index(name)
        at = sum(1 for key in item if key in ITEM_FIELDS and ITEM_FIELDS.index(key) < order)
        item.insert(at, name, value)
        self.touch(("items", i))

    def _rename(self, i: int, new_id: str) -> None:
        old = str(self.items[i].get("id"))
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", new_id):
            raise EditRefusedError(self.name, self.line_of(("items", i, "id")), f"{new_id!r} is not an id",
                                   "write lower-case words joined by hyphens, e.g. gmg-chair")
        if new_id != old and new_id in self.ids():
            raise EditRefusedError(self.name, self.line_of(("items", i, "id")), f"the id {new_id!r} is taken",
                                   "give another id")
        self.touch(("items", i, "id"))
        self.items[i]["id"] = new_id
        self._refer(old, new_id)

    def _refer(self, old: str, new: str) -> None:
        """Key messages and notes that name item `old` name `new` instead (once)."""
        for section in ("key_messages", "not_said"):
            for n, entry in enumerate(self.data.get(section) or []):
                ids = entry.get("items") or []
                if old in [str(x) for x in ids]:
                    self.touch((section, n, "items"))
                    k = [str(x) for x in ids].index(old)
                    if new in [str(x) for x in ids]:
                        del ids[k]
                    else:
                        ids[k] = new

    def _free_id(self, base: str) -> str:
        n = 2
        while f"{base}-{n}" in self.ids():
            n += 1
        return f"{base}-{n}"

    @staticmethod
    def _set_sources(item, ids: list[str]) -> None:
        values = item["source"]  # changed in place: the blank line after the item is its comment
        del values[:]
        values.extend(ids)
        for name in ("events", "products"):
            records = item.get(name) or []
            for n in reversed(range(len(records))):
                if not set(str(p) for p in records[n].get("source") or []) & set(ids):
                    del records[n]
            if name in item and not records:
                del item[name]

    def _paragraph_texts(self, ids: list[str]) -> str:
        """The text of the source's paragraphs `ids`, joined: to tell which summary sentences they hold."""
        return " ".join(p.text for p in self.paragraphs(ids))

    def paragraphs(self, ids: list[str] | None = None) -> list:
        """The source text's paragraphs (those of `ids`, in the document's order)."""
        from migration_briefs.model.loader import source_text_path
        from migration_briefs.model.models import SourceText
        from migration_briefs.model.yaml_source import YAMLProblem, read_yaml
        text = str((self.data.get("source") or {}).get("text", ""))
        path = source_text_path(self.project.data_dir, text)
        if path is None or not path.is_file():
            return []
        try:
            source = SourceText.model_validate(read_yaml(path, self.project).data)
        except (YAMLProblem, ValueError):
            return []
        wanted = None if ids is None else set(ids)
        return [p for p in source.paragraphs if wanted is None or p.id in wanted]
