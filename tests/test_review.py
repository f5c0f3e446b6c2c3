"""The review's changes to a contribution file (sources/review.py, `briefs confirm` and the rest):
each changes the lines of what it changes and nothing else, keeps the drafter's comments and the
person's earlier edits, is checked before it is written, and is refused in one located sentence
with nothing written."""
from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
import yaml

from migration_briefs import paths
from migration_briefs.cli import main
from migration_briefs.errors import BriefsError, EditRefusedError
from migration_briefs.model.loader import load
from migration_briefs.sources.review import ContributionFile, sentences
from tests.papers import PAPERS_DIR


@pytest.fixture
def review(drafted_paper, tmp_path) -> ContributionFile:
    root = tmp_path / "project"
    shutil.copytree(drafted_paper, root)
    return ContributionFile.open(root / "data" / "contributions" / "iom" / "2017.yaml", root)


def _changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines a change took out and put in, as a line diff reads them."""
    gone, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            gone.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return gone, added


def _span(text: str, item_id: str) -> list[str]:
    """The lines of one item, from its `- id:` to the line before the next item."""
    lines = text.splitlines()
    start = lines.index(f"  - id: {item_id}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id: ")), len(lines))
    return lines[start:end]


def test_reading_and_writing_back_changes_no_byte(review):
    before = review.path.read_bytes()
    assert review.save() is False
    assert review.path.read_bytes() == before
    # and every hand-written file of the corpus goes through the round trip unchanged
    import io

    from migration_briefs.sources.review import _yaml
    for path in [paths.CONTRIBUTIONS_DIR / "un-women" / "2017.yaml", *sorted(PAPERS_DIR.glob("*/contribution.yaml"))]:
        text = path.read_text(encoding="utf-8")
        out = io.StringIO()
        _yaml().dump(_yaml().load(text), out)
        # the round trip may join a long flow list; the review keeps the file's own lines there
        assert yaml.safe_load(out.getvalue()) == yaml.safe_load(text), path


def test_confirm_takes_out_the_draft_line_and_nothing_else(review):
    before = review.text
    first = review.draft_ids()[0]
    draft_line = next(line for line in _span(before, first) if line.strip().startswith("draft: true"))
    with review.change():
        review.confirm([first], reject_targets=True)
    after = review.path.read_text(encoding="utf-8")
    gone, added = _changes(before, after)
    suggested = [line for line in _span(before, first) if line.startswith(("    sdg:", "      suggested:", "        "))]
    assert gone == [draft_line, *suggested] and added == []
    # the drafter's comments on what stays are kept
    assert "# the heading ¶ p9 names 2016" in "\n".join(_span(after, first))
    assert first not in review.draft_ids()


def test_confirm_refuses_an_item_that_still_suggests_targets(review):
    before = review.path.read_bytes()
    item = next(i for i in review.draft_ids() if (review.item(i).get("sdg") or {}).get("suggested"))
    with pytest.raises(EditRefusedError) as caught:
        with review.change():
            review.confirm([item])
    message = str(caught.value)
    assert message.startswith("data/contributions/iom/2017.yaml:") and "still suggests the targets" in message
    assert message.endswith("Nothing was written.") and "\n" not in message
    assert review.path.read_bytes() == before


def test_accepting_a_target_writes_an_analyst_link_in_place_of_the_suggestion(review):
    before = review.text
    item = next(i for i in review.draft_ids() if len((review.item(i).get("sdg") or {}).get("suggested") or []) >= 2)
    code = str(review.item(item)["sdg"]["suggested"][0]["code"])
    other = str(review.item(item)["sdg"]["suggested"][1]["code"])
    with review.change():
        review.accept_target(item, code, "The work protects the women the target's official wording names.")
    after = review.path.read_text(encoding="utf-8")
    gone, added = _changes(before, after)
    assert added == ["      analyst:", f'        - code: "{code}"',
                     "          reason: The work protects the women the target's official wording names."]
    assert len(gone) == 3 and gone[0].startswith(f'        - code: "{code}"  # ')  # code, score, matched
    assert set(gone) | set(added) <= set(_span(before, item)) | set(_span(after, item))
    # the suggestion left keeps its comment
    assert any(line.startswith(f'        - code: "{other}"  # "') for line in _span(after, item))
    [contribution] = load(review.project).contributions
    tied = next(i for i in contribution.items if i.id == item)
    assert [link.code for link in tied.sdg.analyst] == [code]


def test_every_change_moves_no_line_of_another_item(review):
    """Each kind of change, then a line diff: every line it takes out or puts in belongs to the
    item it changes (or the items it merges)."""
    ids = review.draft_ids()
    with_countries = next(i for i in ids if len(review.item(i).get("countries") or []) >= 2)
    with_partners = next(i for i in ids if review.item(i).get("partners"))
    two_sentences = next(i for i in ids if len(sentences(review.item(i)["summary"])) >= 2)
    cases = [
        ([with_countries], lambda r: r.remove_value(with_countries, "countries",
                                                    str(r.item(with_countries)["countries"][1]["code"]))),
        ([with_partners], lambda r: r.remove_value(with_partners, "partners", str(r.item(with_partners)["partners"][0]))),
        ([ids[0]], lambda r: r.set_field(ids[0], "title", "A title a person wrote")),
        ([ids[0]], lambda r: r.set_field(ids[0], "summary", "A summary a person wrote, in words of their own, "
                                                          "long enough to be folded over more than one line of the file.")),
        ([ids[0]], lambda r: r.set_field(ids[0], "kind", "programme" if r.item(ids[0])["kind"] != "programme"
                                           else "advocacy")),
        ([ids[0]], lambda r: r.set_field(ids[0], "year", "2015")),
        ([ids[0]], lambda r: r.add_value(ids[0], "mechanisms", "CEDAW")),
        ([ids[0]], lambda r: r.add_value(ids[0], "countries", "MEX", "programme")),
        ([ids[1]], lambda r: r.drop([ids[1]])),
        ([ids[2], ids[3]], lambda r: r.merge([ids[2], ids[3]])),
        ([two_sentences], lambda r: r.split(two_sentences, from_sentence=2, new_id="the-second-part")),
    ]
    for touched, change in cases:
        review.reload()
        before = review.text
        with review.change():
            change(review)
        after = review.path.read_text(encoding="utf-8")
        assert after != before
        gone, added = _changes(before, after)
        allowed_before = {line for item in touched for line in _span(before, item)}
        allowed_after = {line for item in touched if f"  - id: {item}" in after for line in _span(after, item)}
        if "the-second-part" in after:
            allowed_after |= set(_span(after, "the-second-part"))
        assert set(gone) <= allowed_before, (touched, set(gone) - allowed_before)
        assert set(added) <= allowed_after, (touched, set(added) - allowed_after)
        load(review.project)  # valid data
        review.undo()
        assert review.path.read_text(encoding="utf-8") == before


def test_a_person_s_earlier_edits_and_comments_stay(review):
    """A comment a person wrote and a value they quoted their own way survive later changes."""
    text = review.text.replace("items:\n", "items:\n  # checked against the paper on 2 March\n", 1)
    first, second = review.draft_ids()[:2]
    text = text.replace(f"  - id: {second}\n", f"  - id: {second}  # the same work as the one above?\n", 1)
    review.path.write_text(text, encoding="utf-8")
    review.reload()
    with review.change():
        review.set_field(first, "title", "Ran transit centres: shelter and care for stranded migrants")
        review.confirm([first], reject_targets=True)
    with review.change():
        review.drop([review.draft_ids()[-1]])
    after = review.path.read_text(encoding="utf-8")
    assert "  # checked against the paper on 2 March\n" in after
    assert f"  - id: {second}  # the same work as the one above?\n" in after
    assert "    title: 'Ran transit centres: shelter and care for stranded migrants'\n" in after


def test_a_change_that_would_not_validate_is_refused_with_its_line(review):
    before = review.path.read_bytes()
    item = review.draft_ids()[0]
    cases = [
        (lambda r: r.accept_target(item, "8.8", "too short"), "reason: String should have at least 10 characters"),
        (lambda r: r.accept_target(item, "8.99", "A reason long enough to pass the check."), "unknown SDG target '8.99'"),
        (lambda r: r.set_field(item, "status", "finished"), "unknown status 'finished'"),
        (lambda r: r.set_field(item, "year", "twenty"), "year must be a whole number"),
        (lambda r: r.set_field(item, "title", "x" * 130), "title: String should have at most 120 characters"),
        (lambda r: r.add_value(item, "countries", "XXX", "programme"), "unknown country 'XXX'"),
        (lambda r: r.drop(["no-such-item"]), "no item has the id 'no-such-item'"),
        (lambda r: r.remove_value(item, "mechanisms", "CMW"), "has no mechanisms value 'CMW'"),
        (lambda r: r.split(item, paragraphs=["p99"]), "give some of its paragraphs, not all"),
    ]
    for change, expected in cases:
        with pytest.raises(EditRefusedError) as caught:
            with review.change():
                change(review)
        message = str(caught.value)
        assert expected in message, message
        assert message.startswith("data/contributions/iom/2017.yaml") and "\n" not in message
        assert isinstance(caught.value, BriefsError)
        assert review.path.read_bytes() == before
    assert not [p for p in review.path.parent.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_file_changed_on_disk_is_read_again_never_overwritten(review):
    item = review.draft_ids()[0]
    edited = review.text.replace("agency: iom\n", "agency: iom  # edited in an editor meanwhile\n")
    review.path.write_text(edited, encoding="utf-8")
    with pytest.raises(EditRefusedError, match="changed on disk since the review read it"):
        with review.change():
            review.confirm([item], reject_targets=True)
    assert review.path.read_text(encoding="utf-8") == edited
    assert review.text == edited  # read again: the next change builds on the editor's
    with review.change():
        review.confirm([item], reject_targets=True)
    assert "# edited in an editor meanwhile" in review.path.read_text(encoding="utf-8")


def test_key_messages_follow_a_renamed_or_merged_item_and_keep_a_dropped_one(review):
    a, b = review.draft_ids()[:2]
    text = review.text.replace("\nitems:\n", "\nkey_messages:\n  - text: IOM ran transit centres in Niger and helped "
                               f"migrants return.\n    items: [{a}, {b}]\n    source: [p11, p12]\n\nitems:\n", 1)
    review.path.write_text(text, encoding="utf-8")
    review.reload()
    with pytest.raises(EditRefusedError, match=rf"key_messages\[0\]\.items\[1\]: no item in this file has the id '{b}'"):
        with review.change():
            review.drop([b])
    with review.change():
        review.set_field(a, "id", "niger-transit-centres")
    with review.change():
        review.merge(["niger-transit-centres", b])
    [contribution] = load(review.project).contributions
    assert contribution.key_messages[0].items == ["niger-transit-centres"]


def test_the_meeting_block_is_confirmed_once_its_placeholders_are_filled(review):
    with pytest.raises(EditRefusedError, match="the meeting's organizer is still to fill in"):  # the paper does not say
        with review.change():
            review.confirm_meeting()
    with review.change():
        review.set_meeting("organizer", "Population Division, UN DESA")
        review.confirm_meeting()
    [contribution] = load(review.project).contributions
    assert not contribution.meeting.draft and contribution.meeting.place == "New York"


def test_proposals_carry_the_words_they_rest_on(review):
    item = next(i for i in review.draft_ids() if review.item(i).get("countries"))
    proposals = review.proposals(item)
    fields = [p.field for p in proposals]
    assert fields[:3] == ["year", "status", "kind"]
    country = next(p for p in proposals if p.field == "countries")
    assert country.words and country.words[0] in " ".join(p.text for p in review.paragraphs(review.item(item)["source"]))
    suggested = [p for p in proposals if p.field == "suggested"]
    assert all(p.words == [str(w) for link in review.item(item)["sdg"]["suggested"] if str(link["code"]) == p.key
                           for w in link["matched"]] for p in suggested)


def test_each_suggested_target_comes_with_a_proposed_reason_quoting_what_both_share(review):
    """The proposed reason quotes a run of words of a cited paragraph and of the target's (or its
    goal's or an indicator's) official wording that hold words the suggestion rests on, fits an
    analyst link, and is valid as one."""
    import re

    from migration_briefs.model.reference import load_reference
    from migration_briefs.sources.review import content_stems
    reference = load_reference(review.project)
    suggested = [(i, p) for i in review.draft_ids() for p in review.proposals(i) if p.field == "suggested"]
    assert suggested
    proposed = [(i, p) for i, p in suggested if p.reason]
    assert len(proposed) >= len(suggested) * 3 // 4
    for item_id, proposal in proposed:
        ours, where, theirs = re.fullmatch(r"The paper's “(.+)” \(¶ (\S+)\) is what .+'s wording “(.+)” covers\.",
                                           proposal.reason).groups()
        assert where in [str(p) for p in review.item(item_id)["source"]]
        [paragraph] = review.paragraphs([where])
        assert ours in paragraph.text
        target = reference.targets.get(proposal.key)
        wordings = [str(target.title), str(reference.goals[str(target.goal)].title)] + [
            str(i.title) for i in reference.indicators.values() if i.target == proposal.key]
        assert any(theirs in wording for wording in wordings)
        assert content_stems([ours]) & content_stems([theirs]) & content_stems(proposal.words)
        assert 10 <= len(proposal.reason) <= 200
    item_id, proposal = proposed[0]
    with review.change():
        review.accept_target(item_id, proposal.key, proposal.reason)
    [contribution] = load(review.project).contributions
    item = next(i for i in contribution.items if i.id == item_id)
    assert (proposal.key, proposal.reason) in [(link.code, link.reason) for link in item.sdg.analyst]


def test_no_reason_is_proposed_on_words_neither_side_holds(review):
    from migration_briefs.model.reference import load_reference
    from migration_briefs.sources.review import proposed_reason
    reference = load_reference(review.project)
    paragraphs = review.paragraphs()
    assert proposed_reason("8.8", [], paragraphs, reference) == ""
    assert proposed_reason("8.8", ["zyxwvut"], paragraphs, reference) == ""


def test_the_command_line_makes_the_same_changes(review, monkeypatch, capsys):
    monkeypatch.setattr(paths, "PROJECT", review.project)
    monkeypatch.chdir(review.project.root)
    name = "data/contributions/iom/2017.yaml"
    ids = review.draft_ids()
    suggesting = next(i for i in ids if (review.item(i).get("sdg") or {}).get("suggested"))
    code = str(review.item(suggesting)["sdg"]["suggested"][0]["code"])
    assert main(["accept-target", name, suggesting, code, "--reason", "The target's wording names this work."]) == 0
    proposing = next((i, str(s["code"])) for i in ids if i != suggesting
                     for s in (review.item(i).get("sdg") or {}).get("suggested") or [] if review.reason_for(i, str(s["code"])))
    assert main(["accept-target", name, *proposing, "--proposed-reason"]) == 0
    assert f"with the proposed reason: {review.reason_for(*proposing)}" in capsys.readouterr().out
    unrelated = next(t for t in ("14.1", "15.1", "2.5", "7.1") if not review.reason_for(ids[-1], t))
    assert main(["accept-target", name, ids[-1], unrelated, "--proposed-reason"]) == 2
    assert f"no reason is proposed for tying {ids[-1]!r} to {unrelated}" in capsys.readouterr().err
    assert main(["confirm", name, suggesting, "--reject-targets"]) == 0
    assert main(["drop", name, ids[-1]]) == 0
    out = capsys.readouterr().out
    assert f"{name}: dropped 1 item ({ids[-1]}); {len(ids) - 2} draft items left." in out
    before = Path(name).read_bytes()
    assert main(["confirm", name, "no-such-item"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{name}: no item has the id 'no-such-item'") and err.rstrip().endswith("Nothing was written.")
    assert main(["confirm", "data/publisher.yaml", "x"]) == 2
    assert "is not a contribution file of the project" in capsys.readouterr().err
    assert Path(name).read_bytes() == before
    [contribution] = load(review.project).contributions
    item = next(i for i in contribution.items if i.id == suggesting)
    assert not item.draft and not item.sdg.suggested and [link.code for link in item.sdg.analyst] == [code]
    tied = next(i for i in contribution.items if i.id == proposing[0])
    assert [(link.code, link.reason) for link in tied.sdg.analyst] == [(proposing[1], review.reason_for(*proposing))]
