"""The review of a draft, as a person does it: notebooks/review.ipynb in JupyterLab, or served
to a colleague as a web app by Voilà (`make review`).

One draft item at a time: its title and summary, edited in place; each value `briefs draft`
proposed (year, status, kind, SDG targets, mechanisms, countries and their roles, partners,
groups, approaches, outcomes, products, events) as a row to keep, change or drop; the paragraphs
the item cites, with the words each proposal rests on highlighted (those of the row under the
cursor most). Every change is written at once through sources/review.py (round trip, checked,
atomic); a refused one is shown as its one sentence and changes nothing.

Keyboard first: a person who agrees presses one key (KEYS below; `?` shows them). The keys
reach Python through a small anywidget (a listener on the review's own element, so that
JupyterLab's notebook shortcuts never see them, and typing in a box is never taken for a key).
Outside a browser (tests, bench/review.py) `press`, `click` and setting a control's value do
what the key, the click and typing do.

One thing at a time: JupyterLab may hand the kernel each widget's messages on a thread of its own
(a subshell per comm, ipykernel 7), so a second key can arrive while the first is still being
written. Every key, click and edit waits for the one under way (`_serially`), and a control
writes to the item it was shown for, not to whichever item is shown when its message arrives.
"""
from __future__ import annotations

import html
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import anywidget
import ipywidgets as widgets
import traitlets

from migration_briefs.errors import BriefsError, EditRefusedError
from migration_briefs.paths import Project
from migration_briefs.sources.review import MEETING_FIELDS, PLACEHOLDER, ContributionFile, Proposal, sentences

# key -> (action, what it does): the help the review shows, and the keys the browser passes on
KEYS = {
    "Enter": ("agree", "agree with the value under the cursor (a suggested target: write your reason, Enter)"),
    "y": ("accept", "agree as proposed: the same as Enter, but a suggested target is accepted with the reason "
                    "proposed for it"),
    "x": ("drop_value", "drop the value under the cursor"),
    "Delete": ("drop_value", "the same as x"),
    "e": ("edit", "change the value under the cursor (a suggested target: its proposed reason; Escape or Enter "
                  "to leave the box)"),
    "j": ("down", "next value"),
    "ArrowDown": ("down", "next value"),
    "k": ("up", "previous value"),
    "ArrowUp": ("up", "previous value"),
    "t": ("edit_title", "edit the title"),
    "s": ("edit_summary", "edit the summary"),
    "c": ("confirm", "confirm the item as shown (suggested targets without a reason are dropped), then the next"),
    "d": ("drop_item", "drop the item, then the next"),
    "n": ("next", "next item"),
    "p": ("previous", "previous item"),
    "m": ("merge", "merge the item with the next one"),
    "/": ("split", "split the item in two (choose where with j, k and Enter)"),
    "a": ("add", "add a value the draft missed (a target, mechanism, country, partner, ...)"),
    "u": ("undo", "undo the last change written"),
    "r": ("reload", "read the file again (after editing it elsewhere)"),
    "Escape": ("escape", "close a panel"),
    "?": ("help", "show or hide these keys"),
}
ADDABLE = ("target", "mechanisms", "countries", "partners", "groups", "mainstreaming", "outcomes")
_LABELS = {"year": "Year", "status": "Status", "kind": "Kind", "stated": "Target the paper names",
           "analyst": "Analyst's target", "suggested": "Suggested target", "mechanisms": "Mechanism",
           "countries": "Country", "partners": "Partner", "groups": "Group", "mainstreaming": "Approach",
           "outcomes": "Outcome", "products": "Product", "events": "Event"}
STYLE = """<style>
.mb-review { max-width: 72rem; font-size: 14px; }
.mb-review:focus { outline: 2px solid #1a5fb4; outline-offset: 2px; }
.mb-review .mb-row { border-left: 4px solid transparent; padding-left: 4px; align-items: center; }
.mb-review .mb-current { border-left-color: #1a5fb4; background: #eef3fb; }
.mb-review .mb-kept { color: #26662e; }
.mb-review .mb-dropped { color: #8a1c1c; text-decoration: line-through; }
.mb-review mark { background: #fff1a8; padding: 0 1px; }
.mb-review mark.mb-here { background: #ffc94d; outline: 1px solid #b07d00; }
.mb-review .mb-message { color: #8a1c1c; font-weight: bold; }
.mb-review .mb-note { color: #555; font-size: 12px; }
.mb-review .mb-paragraph { margin: 0 0 .6em 0; line-height: 1.45; }
.mb-review kbd { border: 1px solid #999; border-radius: 3px; padding: 0 3px; font-size: 12px; }
</style>"""


class Keys(anywidget.AnyWidget):
    """Passes the review's keys to Python: a key pressed while the review (not a text box) has
    the focus, from KEYS only, without modifiers. Escape or Enter in a box gives the focus back."""

    _esm = """
    function render({ model, el }) {
      const keys = new Set(model.get("allowed"));
      let root = null;
      const typing = (t) => t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
      const onKey = (event) => {
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        if (typing(event.target)) {
          if (event.key === "Escape" || (event.key === "Enter" && event.target.tagName === "INPUT")) {
            event.target.blur();
            root.focus();
          }
          event.stopPropagation();
          return;
        }
        if (!keys.has(event.key)) return;
        event.preventDefault();
        event.stopPropagation();
        model.send({ key: event.key });
      };
      // the review's element holds this one once the page has laid it out: wait for it (a while)
      let tries = 0;
      const attach = () => {
        root = el.closest(".mb-review");
        if (!root) {
          if (tries++ < 400) setTimeout(attach, 25);
          return;
        }
        root.setAttribute("tabindex", "0");
        // JupyterLab's notebook shortcuts (x cuts a cell, d d deletes one) never see these keys
        root.setAttribute("data-lm-suppress-shortcuts", "true");
        // one listener per review: a view rendered again (JupyterLab re-attaching the output)
        // must not send each key twice
        if (root.mbKeys) root.removeEventListener("keydown", root.mbKeys);
        root.mbKeys = onKey;
        root.addEventListener("keydown", onKey);
        root.focus();
      };
      attach();
      model.on("msg:custom", (msg) => { if (root && msg && msg.focus === "review") root.focus(); });
      return () => {
        if (root && root.mbKeys === onKey) {
          root.removeEventListener("keydown", onKey);
          delete root.mbKeys;
        }
      };
    }
    export default { render };
    """
    allowed = traitlets.List(traitlets.Unicode()).tag(sync=True)


@dataclass
class Row:
    proposal: Proposal
    box: widgets.Box
    controls: list = field(default_factory=list)  # what `e` focuses, the first first


def _mark(text: str, words: list[str], here: list[str]) -> str:
    """The paragraph's text, escaped, with `words` marked (those in `here` most)."""
    spans: list[tuple[int, int, bool]] = []
    for group, current in ((words, False), (here, True)):
        for word in group:
            word = str(word).strip()
            if len(word) < 2:
                continue
            pattern = r"(?<!\w)" + re.escape(word) + (r"\w*" if word[-1].isalnum() else "")
            spans += [(m.start(), m.end(), current) for m in re.finditer(pattern, text, re.IGNORECASE)]
    spans.sort()
    merged: list[list] = []
    for start, end, current in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2] = merged[-1][2] or current
        else:
            merged.append([start, end, current])
    out, at = [], 0
    for start, end, current in merged:
        out.append(html.escape(text[at:start]))
        css = ' class="mb-here"' if current else ""
        out.append(f"<mark{css}>{html.escape(text[start:end])}</mark>")
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


class ReviewApp:
    """The review of one contribution file (see the module's doc)."""

    def __init__(self, path: Path | str, project: Path | Project | None = None):
        from migration_briefs.model.reference import load_reference
        self.project = Project.at(project)
        self.file = ContributionFile.open(path, self.project)
        self.reference = load_reference(self.project)
        self.position = -1 if self._meeting_draft() else self._next_draft(-1, wrap=True)
        self.row = 0
        self.mode = ""  # "split", "add" or "" while a panel is open
        self.choice = 0  # the option under the cursor in the split panel
        self.decided: dict[tuple, str] = {}  # (item id, field, key) -> "kept"
        self.keys_shown = False
        self.actions = {"keys": 0, "clicks": 0}
        self.rows: list[Row] = []
        self._showing = False
        self._turn = threading.RLock()
        self.adding_to = ""  # the item the add panel was opened on
        self._build()
        self.show()

    # --- what a person does (a key, a click) --------------------------------------------------

    def press(self, key: str) -> None:
        """What pressing `key` does while the review has the focus."""
        with self._turn:
            self.actions["keys"] += 1
            action = KEYS.get(key)
            if action is None:
                return
            if self.mode and action[0] in ("down", "up", "agree", "escape"):
                getattr(self, f"_panel_{action[0]}")()
                return
            getattr(self, action[0])()

    def click(self, button: widgets.Button) -> None:
        self.actions["clicks"] += 1
        button.click()

    def _serially(self, action) -> None:
        """Do `action` once what is under way has ended."""
        with self._turn:
            action()

    def _edited(self, action) -> None:
        """A value a person changed in a control: done in turn, and never for a value the review
        itself is putting in a control to show it."""
        with self._turn:
            if not self._showing:
                action()

    # --- the actions ----------------------------------------------------------------------------

    def agree(self) -> None:
        row = self._current_row()
        if row is None:
            return
        if row.proposal.field == "suggested":
            row.controls[0].focus()  # its reason; Enter in the box accepts the target
            return
        self.decided[self._key(row.proposal)] = "kept"
        self.row = min(self.row + 1, len(self.rows) - 1)
        self.show()

    def accept(self) -> None:
        row = self._current_row()
        if row is None:
            return
        if row.proposal.field != "suggested":
            self.agree()
            return
        if not row.proposal.reason:
            self._say("No reason is proposed for this target: write one (Enter), or drop it (x).")
            return
        self._accept(row.proposal.key, row.proposal.reason)

    def drop_value(self) -> None:
        row = self._current_row()
        if row is None:
            return
        proposal = row.proposal
        if proposal.field in ("year", "status", "kind"):
            self._say(f"An item needs its {proposal.field}: change it with e instead.")
            return
        if proposal.field in ("suggested", "analyst"):
            self._write(lambda f: f.reject_target(self.item_id, [proposal.key]))
        else:
            self._write(lambda f: f.remove_value(self.item_id, proposal.field, proposal.key))

    def edit(self) -> None:
        row = self._current_row()
        if row is None or not row.controls:
            return
        if row.proposal.field == "suggested" and not row.controls[0].value:
            self._showing = True  # the proposed reason to change, not yet a change
            row.controls[0].value = row.proposal.reason
            self._showing = False
        row.controls[0].focus()

    def edit_title(self) -> None:
        self.title.focus()

    def edit_summary(self) -> None:
        self.summary.focus()

    def down(self) -> None:
        self.row = min(self.row + 1, max(len(self.rows) - 1, 0))
        self.show(rows_only=True)

    def up(self) -> None:
        self.row = max(self.row - 1, 0)
        self.show(rows_only=True)

    def confirm(self) -> None:
        if self.position == -1:
            if self._write(lambda f: f.confirm_meeting()):
                self._go(self._next_draft(-1, wrap=True))
            return
        item_id = self.item_id
        if self._write(lambda f: f.confirm([item_id], reject_targets=True)):
            self._go(self._next_draft(self.position, wrap=True))

    def drop_item(self) -> None:
        if self.position == -1:
            return
        item_id = self.item_id
        if self._write(lambda f: f.drop([item_id])):
            self._go(self._next_draft(self.position - 1, wrap=True))

    def next(self) -> None:
        self._go(min(self.position + 1, len(self.file.items) - 1))

    def previous(self) -> None:
        self._go(max(self.position - 1, -1 if self._meeting_draft() else 0))

    def merge(self) -> None:
        if self.position < 0 or self.position + 1 >= len(self.file.items):
            self._say("There is no item after this one to merge it with.")
            return
        ids = [self.item_id, str(self.file.items[self.position + 1]["id"])]
        self._write(lambda f: f.merge(ids))

    def split(self) -> None:
        if self.position < 0:
            return
        if not self._split_options():
            self._say("The item has one sentence and one paragraph: there is nothing to split it at.")
            return
        self.mode, self.choice = "split", 0
        self.show()

    def add(self) -> None:
        if self.position < 0:
            return
        self.mode, self.adding_to = "add", self.item_id
        self.show()
        self.add_value.focus()

    def undo(self) -> None:
        try:
            if not self.file.undo():
                self._say("Nothing to undo.")
                return
        except EditRefusedError as exc:
            self._say(str(exc))
            return
        self._say("")
        self.position = min(self.position, len(self.file.items) - 1)
        self.show()

    def reload(self) -> None:
        try:
            self.file.reload()
        except EditRefusedError as exc:
            self._say(str(exc))
            return
        self.position = min(self.position, len(self.file.items) - 1)
        self._say("")
        self.show()

    def escape(self) -> None:
        self.mode = ""
        self.show()

    def help(self) -> None:
        self.keys_shown = not self.keys_shown
        self.show()

    # --- panels (split, add) --------------------------------------------------------------------

    def _panel_down(self) -> None:
        if self.mode == "split":
            self.choice = min(self.choice + 1, len(self._split_options()) - 1)
            self.show()

    def _panel_up(self) -> None:
        if self.mode == "split":
            self.choice = max(self.choice - 1, 0)
            self.show()

    def _panel_escape(self) -> None:
        self.escape()

    def _panel_agree(self) -> None:
        if self.mode == "split":
            label, how = self._split_options()[self.choice]
            self.mode = ""
            self._write(lambda f: f.split(self.item_id, **how))
        elif self.mode == "add":
            self._add_now()

    def _split_options(self) -> list[tuple[str, dict]]:
        item = self.file.items[self.position]
        parts = sentences(item.get("summary", ""))
        options = [(f"before sentence {n}: “{parts[n - 1][:70]}”", {"from_sentence": n}) for n in range(2, len(parts) + 1)]
        cited = [str(p) for p in item.get("source") or []]
        options += [(f"¶ {', '.join(cited[n:])} to a new item", {"paragraphs": cited[n:]}) for n in range(1, len(cited))]
        return options

    def _add_now(self) -> None:
        what, value = self.add_field.value, self.add_value.value.strip()
        if not value:
            self._say("Write the value to add.")
            return
        if what == "target" and not self.add_reason.value.strip():
            proposed = self.file.reason_for(self.adding_to, value) if value in self.reference.targets or \
                value in self.reference.goals else ""
            if proposed:  # shown in the reason box, written only once the person adds it
                self._showing = True
                self.add_reason.value = proposed
                self._showing = False
                self._say(f"A reason is proposed for {value} (a draft): Enter adds the target with it; change it "
                          "first if it is not what you would say.")
                return
        if what == "target":
            done = self._write(lambda f: f.accept_target(self.adding_to, value, self.add_reason.value))
        else:
            done = self._write(lambda f: f.add_value(self.adding_to, what, value, self.add_role.value))
        if done:
            self.mode = ""
            self._showing = True
            self.add_value.value = self.add_reason.value = ""
            self._showing = False
            self.show()

    # --- writing ----------------------------------------------------------------------------------

    def _write(self, change) -> bool:
        """Make one change through the file (checked, written at once); a refused one is said and
        changes nothing."""
        try:
            with self.file.change():
                change(self.file)
        except EditRefusedError as exc:
            self._say(str(exc))
            self.show()
            return False
        self._say("")
        self.show()
        self._focus_review()
        return True

    def _set(self, item_id: str, name: str, value) -> None:
        """A field of `item_id` as a person set it in one of its controls."""
        self._edited(lambda: self._write(lambda f: f.set_field(item_id, name, value)))

    # --- showing ----------------------------------------------------------------------------------

    @property
    def item_id(self) -> str:
        return str(self.file.items[self.position]["id"])

    def _meeting_draft(self) -> bool:
        return bool((self.file.data.get("meeting") or {}).get("draft"))

    def _next_draft(self, after: int, wrap: bool = False) -> int:
        items = self.file.items
        order = list(range(after + 1, len(items))) + (list(range(0, after + 1)) if wrap else [])
        return next((i for i in order if items[i].get("draft") is True), max(min(after + 1, len(items) - 1), 0))

    def _go(self, position: int) -> None:
        self.position, self.row, self.mode = position, 0, ""
        self._say("")
        self.show()
        self._focus_review()

    def _key(self, proposal: Proposal) -> tuple:
        return (self.item_id if self.position >= 0 else "", proposal.field, proposal.key)

    def _current_row(self) -> Row | None:
        return self.rows[self.row] if 0 <= self.row < len(self.rows) else None

    def _say(self, text: str) -> None:
        self.message.value = f'<p class="mb-message" role="alert">{html.escape(text)}</p>' if text else ""

    def _focus_review(self) -> None:
        self.keys.send({"focus": "review"})

    def _build(self) -> None:
        self.keys = Keys(allowed=sorted(KEYS))
        self.header = widgets.HTML()
        self.help_text = widgets.HTML()
        self.message = widgets.HTML()
        self.title, self.summary = self._texts("")
        self.rows_box = widgets.VBox()
        self.panel = widgets.VBox()
        self.paragraphs = widgets.HTML()
        self.add_field = widgets.Dropdown(options=ADDABLE, description="Add")
        self.add_value = widgets.Text(placeholder="a code (8.8, CEDAW, MEX) or a name", continuous_update=False)
        self.add_role = widgets.Dropdown(options=list(self.reference.vocabulary("country_roles")), description="role")
        self.add_reason = widgets.Text(placeholder="for a target: why its wording covers the item",
                                       continuous_update=False, layout=widgets.Layout(width="40em"))
        self.add_value.observe(lambda c: self._edited(self._add_now) if c["new"] else None, "value")
        self.buttons = {}
        for name, label in (("confirm", "Confirm (c)"), ("drop_item", "Drop item (d)"), ("previous", "Previous (p)"),
                            ("next", "Next (n)"), ("merge", "Merge with next (m)"), ("split", "Split (/)"),
                            ("add", "Add a value (a)"), ("undo", "Undo (u)"), ("reload", "Reload (r)")):
            button = widgets.Button(description=label, button_style="success" if name == "confirm" else "")
            button.on_click(lambda _, name=name: self._serially(getattr(self, name)))
            self.buttons[name] = button
        self.keys.on_msg(lambda _, content, buffers: self.press(content.get("key", "")) if isinstance(content, dict)
                         else None)
        # the counts of press() are of keys pressed here; a key from the browser counts too
        self.editor = widgets.VBox([self.title, self.summary, self.rows_box, self.panel])
        self.view = widgets.VBox([widgets.HTML(STYLE), self.keys, self.header, self.help_text, self.message,
                                  widgets.HBox(list(self.buttons.values()), layout=widgets.Layout(flex_flow="row wrap")),
                                  widgets.HBox([self.editor, self.paragraphs],
                                               layout=widgets.Layout(align_items="flex-start"))])
        self.editor.layout.width = "55%"
        self.paragraphs.layout.width = "45%"
        self.view.add_class("mb-review")

    def _texts(self, item_id: str, title: str = "", summary: str = "") -> tuple[widgets.Text, widgets.Textarea]:
        """The title and summary boxes of `item_id` (none: the meeting block's, disabled)."""
        boxes = (widgets.Text(value=title, description="Title", continuous_update=False,
                              layout=widgets.Layout(width="100%"), disabled=not item_id),
                 widgets.Textarea(value=summary, description="Summary", continuous_update=False,
                                  layout=widgets.Layout(width="100%", height="7em"), disabled=not item_id))
        for name, box in zip(("title", "summary"), boxes):
            box.observe(lambda c, name=name: self._set(item_id, name, c["new"]) if item_id else None, "value")
        return boxes

    def show(self, rows_only: bool = False) -> None:
        """Show the item under the cursor as the file has it now."""
        self._showing = True
        try:
            if not rows_only or not self.rows:
                self._show_item()
            self._show_cursor()
        finally:
            self._showing = False

    def _show_item(self) -> None:
        items = self.file.items
        drafts = len(self.file.draft_ids())
        if not items:
            self.header.value = f"<p>{html.escape(self.file.name)} has no items.</p>"
            return
        self.position = max(min(self.position, len(items) - 1), -1 if self._meeting_draft() else 0)
        place = "the meeting" if self.position == -1 else f"item {self.position + 1} of {len(items)}"
        state = ("" if self.position == -1 else " · a draft" if items[self.position].get("draft") is True
                 else " · confirmed")
        self.header.value = (f"<h2>Review of {html.escape(self.file.name)}</h2><p>{html.escape(place)}{state} · "
                             f"{drafts} draft item{'s' if drafts != 1 else ''} left"
                             f"{' · the meeting block is a draft' if self._meeting_draft() else ''}"
                             " · press <kbd>?</kbd> for the keys</p>")
        self.help_text.value = ("<ul>" + "".join(f"<li><kbd>{html.escape(k)}</kbd> {html.escape(v[1])}</li>"
                                                 for k, v in KEYS.items()) + "</ul>") if self.keys_shown else ""
        if self.position == -1:
            self._show_meeting()
            return
        item = items[self.position]
        self.title, self.summary = self._texts(self.item_id, str(item.get("title", "")),
                                               " ".join(str(item.get("summary", "")).split()))
        self.editor.children = [self.title, self.summary, *self.editor.children[2:]]
        self.rows = [self._row(p) for p in self.file.proposals(self.item_id)]
        self.rows_box.children = [row.box for row in self.rows]
        self.row = min(self.row, max(len(self.rows) - 1, 0))
        self.panel.children = self._panel()

    def _show_meeting(self) -> None:
        meeting = self.file.data.get("meeting") or {}
        self.title, self.summary = self._texts("")
        self.editor.children = [self.title, self.summary, *self.editor.children[2:]]
        self.rows = []
        for name in MEETING_FIELDS:
            value = str(meeting.get(name, ""))
            control = widgets.Text(value=value, description=name, continuous_update=False,
                                   layout=widgets.Layout(width="100%"))
            control.observe(lambda c, name=name: self._edited(lambda: self._write(
                lambda f: f.set_meeting(name, c["new"]))), "value")
            proposal = Proposal("meeting", name, value, "still to fill in" if value == PLACEHOLDER else "")
            self.rows.append(Row(proposal, widgets.HBox([control]), [control]))
        self.rows_box.children = [widgets.HTML("<p>The meeting block was read from the paper's front matter: fill "
                                               "in what it lacks, then confirm it (<kbd>c</kbd>).</p>"),
                                  *(row.box for row in self.rows)]
        ids = [str(p) for p in meeting.get("source") or []]
        self.paragraphs.value = self._paragraphs_html(ids, [], [])
        self.panel.children = []

    def _row(self, proposal: Proposal) -> Row:
        item = self.file.items[self.position]
        item_id = self.item_id
        label = _LABELS.get(proposal.field, proposal.field)
        controls: list = []
        text = proposal.value
        if proposal.field in ("status", "kind"):
            vocabulary = self.reference.vocabulary("statuses" if proposal.field == "status" else "item_kinds")
            control = widgets.Dropdown(options=[(f"{t.label} ({code})", code) for code, t in vocabulary.items()],
                                       value=proposal.value if proposal.value in vocabulary else None)
            control.observe(lambda c, name=proposal.field: self._set(item_id, name, c["new"]), "value")
            controls = [control]
        elif proposal.field == "year":
            control = widgets.Text(value=proposal.value, continuous_update=False, layout=widgets.Layout(width="6em"))
            control.observe(lambda c: self._set(item_id, "year", c["new"]), "value")
            controls = [control]
        elif proposal.field in ("suggested", "stated", "analyst"):
            target = self.reference.targets.get(proposal.key) or self.reference.goals.get(proposal.key)
            text = f"{proposal.key}: {getattr(target, 'title', '')}"
            if proposal.field == "suggested":
                if proposal.reason:
                    text += f" · proposed reason, a draft (y accepts it, e changes it): {proposal.reason}"
                control = widgets.Text(placeholder="why the target's wording covers the item; Enter accepts it",
                                       continuous_update=False, layout=widgets.Layout(width="100%"))
                control.observe(lambda c, code=proposal.key: self._edited(lambda: self._accept(
                    code, c["new"], item_id)) if c["new"].strip() else None, "value")
                controls = [control]
            elif proposal.field == "analyst":
                reason = next((str(link.get("reason", "")) for link in item["sdg"]["analyst"]
                               if str(link.get("code")) == proposal.key), "")
                control = widgets.Text(value=reason, continuous_update=False, layout=widgets.Layout(width="100%"))
                control.observe(lambda c, code=proposal.key: self._set(item_id, f"analyst.{code}.reason", c["new"]),
                                "value")
                controls = [control]
        elif proposal.field == "countries":
            country = self.reference.countries.get(proposal.key)
            record = next(c for c in item["countries"] if str(c.get("code")) == proposal.key)
            text = f"{getattr(country, 'name', proposal.key)} ({proposal.key})"
            roles = self.reference.vocabulary("country_roles")
            control = widgets.Dropdown(options=[(t.label, code) for code, t in roles.items()],
                                       value=str(record.get("role")) if str(record.get("role")) in roles else None,
                                       layout=widgets.Layout(width="12em"))
            control.observe(lambda c, code=proposal.key: self._set(item_id, f"countries.{code}.role", c["new"]),
                            "value")
            controls = [control]
        elif proposal.field == "mechanisms":
            mechanism = self.reference.mechanisms.get(proposal.key)
            text = f"{getattr(mechanism, 'abbreviation', proposal.key)}: {getattr(mechanism, 'name', '')}"
        elif proposal.field in ("events", "products"):
            record = item[proposal.field][int(proposal.key) - 1]
            names = ("title", "date", "kind") if proposal.field == "events" else ("title", "scope", "count")
            for name in names:
                value = "" if record.get(name) is None else str(record.get(name))
                if name == "kind":
                    kinds = self.reference.vocabulary("event_kinds")
                    control = widgets.Dropdown(options=list(kinds), value=value if value in kinds else None,
                                               layout=widgets.Layout(width="10em"))
                elif name == "scope":
                    control = widgets.Dropdown(options=["global", "regional", "national"],
                                               value=value if value in ("global", "regional", "national") else None,
                                               layout=widgets.Layout(width="8em"))
                else:
                    control = widgets.Text(value=value, continuous_update=False,
                                           layout=widgets.Layout(width="100%" if name == "title" else "8em"))
                control.observe(lambda c, path=f"{proposal.field}.{proposal.key}.{name}": self._set(
                    item_id, path, c["new"]), "value")
                controls.append(control)
        note = f'<span class="mb-note">{html.escape(proposal.note)}</span>' if proposal.note else ""
        state = self.decided.get(self._key(proposal), "")
        head = widgets.HTML(f"<b>{html.escape(label)}</b> {html.escape(text) if not controls or proposal.field in ('suggested', 'stated', 'analyst', 'countries') else ''}"
                            f"{' ✓ kept' if state == 'kept' else ''} {note}")
        box = widgets.HBox([head, *controls], layout=widgets.Layout(flex_flow="row wrap"))
        box.add_class("mb-row")
        if state:
            box.add_class(f"mb-{state}")
        return Row(proposal, box, controls)

    def _accept(self, code: str, reason: str, item_id: str | None = None) -> None:
        item_id = item_id or self.item_id
        if self._write(lambda f: f.accept_target(item_id, code, reason)):
            self._showing = True
            self.row = min(self.row, max(len(self.rows) - 1, 0))
            self._showing = False

    def _panel(self) -> list:
        if self.mode == "split":
            options = self._split_options()
            current = ' class="mb-current"'
            lines = "".join(f"<li{current if n == self.choice else ''}>"
                            f"{'▶ ' if n == self.choice else ''}{html.escape(label)}</li>"
                            for n, (label, _) in enumerate(options))
            return [widgets.HTML(f"<p><b>Split the item</b> (<kbd>j</kbd>/<kbd>k</kbd> to choose, <kbd>Enter</kbd> "
                                 f"to split, <kbd>Escape</kbd> to close):</p><ul>{lines}</ul>")]
        if self.mode == "add":
            return [widgets.HTML("<p><b>Add a value</b> (Enter in the value box adds it; a country as its code, "
                                 "with its role; a target with its reason)</p>"),
                    widgets.HBox([self.add_field, self.add_value, self.add_role]), self.add_reason]
        return []

    def _show_cursor(self) -> None:
        for n, row in enumerate(self.rows):
            if n == self.row:
                row.box.add_class("mb-current")
            else:
                row.box.remove_class("mb-current")
        if self.position < 0:
            return
        item = self.file.items[self.position]
        words = [w for row in self.rows for w in row.proposal.words]
        here = self.rows[self.row].proposal.words if self.rows else []
        self.paragraphs.value = self._paragraphs_html([str(p) for p in item.get("source") or []], words, here)

    def _paragraphs_html(self, ids: list[str], words: list[str], here: list[str]) -> str:
        parts = ["<h3>What the paper says</h3>"]
        for paragraph in self.file.paragraphs(ids):
            section = f' <span class="mb-note">({html.escape(paragraph.section)})</span>' if paragraph.section else ""
            parts.append(f'<p class="mb-paragraph"><b>¶ {html.escape(paragraph.id)}</b>{section} '
                         f"{_mark(paragraph.text, words, here)}</p>")
        return "".join(parts)


def files_with_drafts(project: Path | Project | None = None) -> list[str]:
    """The contribution files that hold draft items or a draft meeting block, as 'agency/year'."""
    from migration_briefs.model.loader import contribution_files
    found = []
    for path in contribution_files(Project.at(project)):
        text = path.read_text(encoding="utf-8", errors="replace")
        if re.search(r"^\s+draft: true\b", text, re.MULTILINE):
            found.append(f"{path.parent.name}/{path.stem}")
    return found


def review(agency: str | None = None, meeting: int | str | None = None, project: Path | Project | None = None):
    """The review of data/contributions/<agency>/<meeting>.yaml, for a notebook to display. Under
    Voilà the page's address gives them (`?agency=iom&meeting=2017`); without them, a choice of
    the files that hold drafts."""
    project = Project.at(project)
    # the page's address under Voilà, or what `make review AGENCY=.. MEETING=..` gave
    query = parse_qs(os.environ.get("QUERY_STRING", ""))
    given = os.environ.get("MIGRATION_BRIEFS_REVIEW", "").strip("/").partition("/")
    agency = agency or next(iter(query.get("agency", [])), None) or given[0] or None
    meeting = meeting or next(iter(query.get("meeting", [])), None) or given[2] or None
    if agency and meeting:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(agency)) or not re.fullmatch(r"\d{4}", str(meeting)):
            return widgets.HTML(f'<p role="alert">agency={html.escape(str(agency))!s} meeting='
                                f"{html.escape(str(meeting))}: give an agency code (un-women) and the meeting's "
                                "year (2017).</p>")
        try:
            return ReviewApp(project.contributions_dir / str(agency) / f"{meeting}.yaml", project).view
        except BriefsError as exc:
            return widgets.HTML(f'<p role="alert">{html.escape(str(exc))}</p>')
    choices = files_with_drafts(project)
    if not choices:
        return widgets.HTML("<p>No contribution file holds a draft: draft one with <code>make draft</code>.</p>")
    chooser = widgets.Dropdown(options=choices, description="File")
    open_button = widgets.Button(description="Review it")
    holder = widgets.VBox([widgets.HTML("<p>Choose a file to review:</p>"), widgets.HBox([chooser, open_button])])

    def open_it(_):
        chosen_agency, chosen_year = chooser.value.split("/")
        holder.children = [review(chosen_agency, chosen_year, project)]

    open_button.on_click(open_it)
    return holder
