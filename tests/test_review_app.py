"""The review of a draft as a person does it (sources/review_app.py, notebooks/review.ipynb): one
item at a time, the words each proposal rests on highlighted, one key to agree, every change
written at once; and the review notebook is never planned as a brief."""
from __future__ import annotations

import html
import shutil
import threading

import nbformat
import pytest

from migration_briefs import paths
from migration_briefs.model.loader import load
from migration_briefs.model.params import brief_kinds, read_kind
from migration_briefs.sources import review_app
from migration_briefs.sources.review_app import KEYS, ReviewApp, review

NOTEBOOK = paths.NOTEBOOKS_DIR / "review.ipynb"


@pytest.fixture
def project(drafted_paper, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(drafted_paper, root)
    return root


@pytest.fixture
def app(project) -> ReviewApp:
    return ReviewApp(project / "data" / "contributions" / "iom" / "2017.yaml", project)


def test_the_review_notebook_declares_no_brief_and_is_never_planned():
    assert read_kind(NOTEBOOK) is None
    assert "review" not in brief_kinds(paths.NOTEBOOKS_DIR)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert "migration_briefs" not in nb.metadata
    [parameters] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    defaults: dict = {}
    exec(parameters.source, {}, defaults)
    assert defaults == {"agency": None, "meeting": None}


def test_the_notebook_runs_with_its_parameters(project, tmp_path, monkeypatch):
    import papermill
    monkeypatch.setenv(paths.ROOT_VARIABLE, str(project))
    done = papermill.execute_notebook(str(NOTEBOOK), str(tmp_path / "out.ipynb"), parameters={"agency": "iom",
                                      "meeting": 2017}, kernel_name="python3", progress_bar=False,
                                      cwd=str(paths.NOTEBOOKS_DIR))
    outputs = [o for c in done.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    assert not any(o.get("output_type") == "error" for o in outputs)


def test_every_key_does_what_its_help_says():
    for key, (action, text) in KEYS.items():
        assert callable(getattr(ReviewApp, action)), key
        assert text


def test_the_meeting_block_comes_first_and_is_confirmed_with_one_key(app):
    assert app.position == -1 and [row.proposal.key for row in app.rows][:2] == ["name", "short_name"]
    app.press("c")  # placeholders left: refused, said, nothing written
    assert "organizer is still to fill in" in app.message.value  # the paper does not say
    rows = {row.proposal.key: row for row in app.rows}
    rows["organizer"].controls[0].value = "Population Division, UN DESA"
    app.press("c")
    assert app.position == 0 and "draft" not in app.file.data["meeting"]


def test_a_person_who_agrees_presses_one_key_per_item(app):
    app.press("n")  # the meeting block stays a draft for now: on to the items
    first, second, third = app.file.draft_ids()[:3]
    assert app.item_id == first
    app.press("c")
    assert app.item_id == second and first not in app.file.draft_ids()
    app.press("c")
    assert app.item_id == third
    app.press("d")
    ids = app.file.ids()
    assert third not in ids and first in ids and second in ids
    text = app.file.path.read_text(encoding="utf-8")
    assert text.count("draft: true  # drafted from") == len(app.file.draft_ids())
    [contribution] = load(app.project).contributions
    assert [item.id for item in contribution.items] == ids


class _Turn:
    """The review's turn, telling the test when a second thread waits for it."""

    def __init__(self):
        self.lock, self.owner, self.depth, self.waiting = threading.RLock(), None, 0, threading.Event()

    def __enter__(self):
        if self.owner not in (None, threading.get_ident()):
            self.waiting.set()
        self.lock.acquire()
        self.owner, self.depth = threading.get_ident(), self.depth + 1

    def __exit__(self, *exc):
        self.depth -= 1
        if not self.depth:
            self.owner = None
        self.lock.release()


def test_a_key_that_arrives_while_another_is_written_waits_for_it(app, monkeypatch):
    """JupyterLab may hand the kernel a widget's messages on a thread of their own: a second c,
    pressed while the first is being written, confirms the next item, not the first again."""
    app.press("n")
    first, second, third = app.file.draft_ids()[:3]
    app._turn = _Turn()
    second_key = threading.Thread(target=app.press, args=("c",))
    save = type(app.file).save

    def save_while_a_key_arrives(file):
        saved = save(file)
        if not second_key.is_alive() and second_key.ident is None:
            second_key.start()
            assert app._turn.waiting.wait(timeout=30), "the second key did not wait for the first"
        return saved

    monkeypatch.setattr(type(app.file), "save", save_while_a_key_arrives)
    app.press("c")
    second_key.join(timeout=30)
    assert first not in app.file.draft_ids() and second not in app.file.draft_ids()
    assert app.item_id == third


def test_an_edit_that_arrives_late_goes_to_the_item_it_was_made_on(app):
    app.press("n")
    first = app.item_id
    kind = next(row for row in app.rows if row.proposal.field == "kind").controls[0]
    title = app.title
    app.press("n")  # its message came first
    kind.value = "programme"
    title.value = "A title a person wrote"
    assert str(app.file.item(first)["kind"]) == "programme"
    assert str(app.file.item(first)["title"]) == "A title a person wrote"
    assert str(app.file.item(app.item_id)["title"]) != "A title a person wrote"


def test_a_suggested_target_is_accepted_with_a_reason(app):
    app.press("n")
    item = next(i for i in app.file.draft_ids() if (app.file.item(i).get("sdg") or {}).get("suggested"))
    while app.item_id != item:
        app.press("n")
    rows = [row.proposal.field for row in app.rows]
    while app.rows[app.row].proposal.field != "suggested":
        app.press("j")
    code = app.rows[app.row].proposal.key
    app.press("Enter")  # the reason box takes the focus; typing the reason and Enter accept it
    app.rows[app.row].controls[0].value = "short"
    assert "at least 10 characters" in app.message.value
    assert code in [str(s["code"]) for s in app.file.item(item)["sdg"]["suggested"]]
    [row] = [r for r in app.rows if r.proposal.field == "suggested" and r.proposal.key == code]
    row.controls[0].value = "The work is what the target's official wording names."
    assert app.message.value == ""
    links = app.file.item(item)["sdg"]["analyst"]
    assert [(str(link["code"]), str(link["reason"])) for link in links] == [
        (code, "The work is what the target's official wording names.")]
    assert "suggested" in rows


def _at_a_suggested_target(app) -> str:
    app.press("n")
    item = next(i for i in app.file.draft_ids() if any(p.field == "suggested" and p.reason
                                                       for p in app.file.proposals(i)))
    while app.item_id != item:
        app.press("n")
    while not (app.rows[app.row].proposal.field == "suggested" and app.rows[app.row].proposal.reason):
        app.press("j")
    return item


def test_a_proposed_reason_is_shown_as_a_draft_and_accepted_with_one_key(app):
    item = _at_a_suggested_target(app)
    proposal = app.rows[app.row].proposal
    shown = app.rows[app.row].box.children[0].value
    assert html.escape(proposal.reason) in shown and "a draft" in shown
    assert "analyst" not in (app.file.item(item).get("sdg") or {})  # shown, not written
    app.press("y")
    links = app.file.item(item)["sdg"]["analyst"]
    assert [(str(link["code"]), str(link["reason"])) for link in links] == [(proposal.key, proposal.reason)]
    assert proposal.key not in [str(s["code"]) for s in app.file.item(item)["sdg"].get("suggested") or []]


def test_a_proposed_reason_is_changed_before_it_is_accepted(app):
    item = _at_a_suggested_target(app)
    proposal = app.rows[app.row].proposal
    app.press("e")  # the box holds the proposal to change; nothing is written yet
    box = app.rows[app.row].controls[0]
    assert box.value == proposal.reason and "analyst" not in (app.file.item(item).get("sdg") or {})
    box.value = proposal.reason.replace("covers", "names")
    links = app.file.item(item)["sdg"]["analyst"]
    assert [(str(link["code"]), str(link["reason"])) for link in links] == [
        (proposal.key, proposal.reason.replace("covers", "names"))]


def test_a_target_added_by_hand_gets_a_proposed_reason_that_enter_accepts(app):
    item = _at_a_suggested_target(app)
    code = app.rows[app.row].proposal.key
    app.press("x")  # dropped: now add it back as the analyst's own
    app.press("a")
    app.add_field.value = "target"
    app.add_value.value = code
    proposed = app.add_reason.value
    assert proposed.startswith("The paper's “") and "a draft" in app.message.value
    assert "analyst" not in (app.file.item(item).get("sdg") or {})  # proposed, not written
    app.press("Enter")
    links = app.file.item(item)["sdg"]["analyst"]
    assert [(str(link["code"]), str(link["reason"])) for link in links] == [(code, proposed)]
    assert app.mode == ""


def test_y_agrees_like_enter_where_nothing_is_proposed_but_the_value(app):
    app.press("n")
    assert app.rows[0].proposal.field == "year"
    app.press("y")
    assert app.row == 1 and "✓ kept" in app.rows[0].box.children[0].value


def test_the_words_each_proposal_rests_on_are_highlighted(app):
    app.press("n")
    item = next(i for i in app.file.draft_ids() if app.file.item(i).get("countries"))
    while app.item_id != item:
        app.press("n")
    while app.rows[app.row].proposal.field != "countries":
        app.press("j")
    words = app.rows[app.row].proposal.words
    assert words and f'<mark class="mb-here">{words[0]}' in app.paragraphs.value
    assert "¶ " + str(app.file.item(item)["source"][0]) in app.paragraphs.value
    app.press("k")
    assert f'<mark class="mb-here">{words[0]}' not in app.paragraphs.value
    assert f"<mark>{words[0]}" in app.paragraphs.value


def test_values_are_kept_changed_or_dropped_and_written_at_once(app):
    app.press("n")
    item = next(i for i in app.file.draft_ids() if len(app.file.item(i).get("countries") or []) >= 2)
    while app.item_id != item:
        app.press("n")
    app.press("Enter")  # keep the year
    assert "✓ kept" in app.rows[0].box.children[0].value
    kind = next(row for row in app.rows if row.proposal.field == "kind")
    kind.controls[0].value = "programme"
    assert str(app.file.item(item)["kind"]) == "programme"
    while app.rows[app.row].proposal.field != "countries":
        app.press("j")
    dropped = app.rows[app.row].proposal.key
    app.press("x")
    assert dropped not in [str(c["code"]) for c in app.file.item(item)["countries"]]
    app.title.value = "A title a person wrote"
    app.summary.value = "A summary a person wrote in words of their own."
    assert str(app.file.item(item)["title"]) == "A title a person wrote"
    app.press("u")  # the summary's change undone
    assert str(app.file.item(item)["summary"]) != "A summary a person wrote in words of their own."
    app.press("a")
    app.add_field.value = "mechanisms"
    app.add_value.value = "CEDAW"
    assert "CEDAW" in [str(m) for m in app.file.item(item)["mechanisms"]]


def test_items_are_merged_and_split_from_the_keyboard(app):
    app.press("n")
    first, second = app.file.draft_ids()[:2]
    app.press("m")
    assert second not in app.file.ids() and app.item_id == first
    app.press("/")
    assert app.mode == "split"
    app.press("Enter")
    assert app.mode == "" and len(app.file.ids()) == len(set(app.file.ids()))
    assert app.file.ids()[1] == f"{first}-2"


def test_the_review_opens_the_file_the_address_names(project, monkeypatch):
    monkeypatch.setattr(paths, "PROJECT", paths.Project(project))
    monkeypatch.setenv("QUERY_STRING", "agency=iom&meeting=2017")
    view = review(project=project)
    assert "mb-review" in view._dom_classes
    monkeypatch.setenv("QUERY_STRING", "agency=../x&meeting=2017")
    assert "give an agency code" in review(project=project).value
    monkeypatch.delenv("QUERY_STRING")
    chooser = review(project=project)
    assert review_app.files_with_drafts(project) == ["iom/2017"]
    assert chooser.children[1].children[0].options == ("iom/2017",)
