"""How close `briefs draft` comes to the contribution file a person wrote, and how long it takes.

Drafts the UN Women paper again from its source text (data/sources/) in a scratch copy of the
project, then holds the draft against the hand-written file, data/contributions/un-women/2017.yaml,
field by field:

* items are matched one to one, greedily, by the paragraphs they cite (Jaccard) plus how alike
  their summaries read (token set ratio); each hand item is matched to at most one draft item;
* stated SDG links: (year-wide statement or item, code, paragraph) triples, precision and recall;
* year and status: the share of hand items whose matched draft item has the same (an unmatched
  hand item counts as wrong);
* mechanisms, countries with their roles, partners: per matched pair, the values both have are
  hits, the draft's others false positives and the hand file's others misses; values of unmatched
  items count against precision (draft) or recall (hand). Partners match when their names are
  alike (token set ratio of at least 85), since they are free text;
* events: a hand event is found when a draft event of the same kind and date (with its precision)
  cites one of its paragraphs; products likewise by head noun and count;
* suggested targets: for each hand item with an analyst target, whether its matched draft item's
  suggestions (at most three) hold one of them; printed for several thresholds;
* lines typed by hand: the lines of the hand-written file (comments and blank lines left out on
  both sides) that a line-by-line diff from the draft marks as added; deleting a drafted line is
  not typing, so lines only in the draft are not counted.

Timing: the whole `briefs draft --force` command in a fresh process, median of --repeat runs,
beside `briefs validate` on the same project, in the same run.

    .venv/bin/python bench/draft.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
HAND = ROOT / "data" / "contributions" / "un-women" / "2017.yaml"
SOURCE = "un-women_15th-coordination-meeting_2017"
BRIEFS = Path(sys.executable).parent / "briefs"


def scratch_project(folder: Path) -> Path:
    project = folder / "project"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    (project / "data" / "contributions" / "un-women" / "2017.yaml").unlink()
    return project


def run(command: list[str], project: Path) -> float:
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(project)}
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def pr(hits: int, found: int, wanted: int) -> str:
    precision = hits / found if found else 1.0
    recall = hits / wanted if wanted else 1.0
    return f"precision {precision:6.1%} ({hits}/{found})  recall {recall:6.1%} ({hits}/{wanted})"


def match_items(hand: list[dict], draft: list[dict]) -> dict[int, int]:
    pairs = []
    for h, hi in enumerate(hand):
        for d, di in enumerate(draft):
            a, b = set(hi["source"]), set(di["source"])
            if not a & b:
                continue
            score = len(a & b) / len(a | b) + fuzz.token_set_ratio(hi["summary"], di["summary"]) / 100
            pairs.append((score, h, d))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, h, d in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if h not in matched and d not in used:
            matched[h] = d
            used.add(d)
    return matched


def per_item(hand, draft, matched, values) -> tuple[int, int, int]:
    hits = found = wanted = 0
    for h, item in enumerate(hand):
        mine = values(draft[matched[h]]) if h in matched else Counter()
        theirs = values(item)
        hits += sum((mine & theirs).values())
        wanted += sum(theirs.values())
    for item in draft:
        found += sum(values(item).values())
    return hits, found, wanted


def partners(hand, draft, matched) -> tuple[int, int, int]:
    hits = 0
    for h, item in enumerate(hand):
        if h not in matched:
            continue
        left = list(draft[matched[h]].get("partners", []))
        for name in item.get("partners", []):
            best = max(left, key=lambda p: fuzz.token_set_ratio(p, name), default=None)
            if best is not None and fuzz.token_set_ratio(best, name) >= 85:
                hits += 1
                left.remove(best)
    return (hits, sum(len(i.get("partners", [])) for i in draft), sum(len(i.get("partners", [])) for i in hand))


def found_in(wanted: list[tuple], offered: list[tuple], same) -> int:
    left = list(offered)
    hits = 0
    for w in wanted:
        hit = next((o for o in left if same(w, o)), None)
        if hit is not None:
            hits += 1
            left.remove(hit)
    return hits


def events(data: dict) -> list[tuple]:
    return [(e["kind"], str(e["date"]), set(e["source"])) for i in data["items"] for e in i.get("events", [])]


def head(title: str) -> str:
    return re.split(r"\s+(?:of|on|for|about)\s+", title.lower())[0].split()[-1]


def products(data: dict) -> list[tuple]:
    return [(head(p["title"]), p.get("count"), set(p["source"])) for i in data["items"] for p in i.get("products", [])]


def meaningful(text: str) -> list[str]:
    """The lines a person reads and types: comments and blank lines left out, and a folded
    block (`>-`) as the one line of text it stands for."""
    lines: list[str] = []
    folding = None
    for line in text.splitlines():
        line = re.sub(r"\s+#\s.*$", "", line).rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" -"))  # where the key starts, after a list's "- "
        if folding is not None and indent > folding:
            lines[-1] += (" " if not lines[-1].endswith(">-") else "") + line.strip()
            continue
        folding = indent if line.endswith(">-") else None
        lines.append(line)
    return [line.replace(">-", "", 1) if ">-" in line else line for line in lines]


def paper_length_times(repeat: int) -> tuple[float, float, int]:
    """Drafting the seed and a paper ten times as long (its body repeated with new ids), timed in
    one warm process: how the cost grows with a paper's length."""
    from migration_briefs.model.models import SourceText
    from migration_briefs.sources.draft import Drafter
    seed = SourceText.model_validate(yaml.safe_load((ROOT / "data" / "sources" / f"{SOURCE}.yaml").read_text()))
    body = [p for p in seed.paragraphs if p.section != "Front matter"]
    front = [p for p in seed.paragraphs if p.section == "Front matter"]
    longer = seed.model_copy(update={"paragraphs": front + [p.model_copy(update={"id": f"{p.id}x{k}"})
                                                            for k in range(10) for p in body]})

    def once(source: SourceText) -> tuple[float, int]:
        start = time.perf_counter()
        drafter = Drafter(source, "un-women", 2017)
        taken: set[str] = set()
        units = drafter.read().units
        for unit in units:
            drafter.item(unit, taken)
        return time.perf_counter() - start, len(units)
    once(seed)  # the libraries and the target ranking, loaded once
    seed_times = [once(seed)[0] for _ in range(repeat)]
    longer_runs = [once(longer) for _ in range(repeat)]
    return statistics.median(seed_times), statistics.median(t for t, _ in longer_runs), longer_runs[0][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        project = scratch_project(Path(scratch))
        command = [str(BRIEFS), "draft", "--source", SOURCE, "--agency", "un-women", "--year", "2017", "--force"]
        run(command, project)  # warm the file cache
        draft_times, validate_times = [], []
        for _ in range(args.repeat):
            draft_times.append(run(command, project))
            validate_times.append(run([str(BRIEFS), "validate"], project))
        drafted_text = (project / "data" / "contributions" / "un-women" / "2017.yaml").read_text(encoding="utf-8")
    drafted = yaml.safe_load(drafted_text)
    hand_text = HAND.read_text(encoding="utf-8")
    hand = yaml.safe_load(hand_text)
    for data in (drafted, hand):
        for item in data["items"]:
            item["source"] = [str(s) for s in item["source"]]
    h_items, d_items = hand["items"], drafted["items"]
    matched = match_items(h_items, d_items)
    print(f"Drafted {len(d_items)} items; the hand-written file has {len(h_items)}; {len(matched)} matched.\n")

    def stated(data):
        found = {("statement", s["year"], str(c), p) for s in data.get("sdg_statements", [])
                 for c in s["codes"] for p in s["source"]}
        found |= {("item", str(link["code"]), p) for i in data["items"]
                  for link in i.get("sdg", {}).get("stated", []) for p in link["source"]}
        return found
    s_hand, s_draft = stated(hand), stated(drafted)
    print(f"{'stated SDG goals and targets':34} {pr(len(s_hand & s_draft), len(s_draft), len(s_hand))}")
    years = sum(1 for h, d in matched.items() if h_items[h]["year"] == d_items[d]["year"])
    statuses = sum(1 for h, d in matched.items() if h_items[h]["status"] == d_items[d]["status"])
    print(f"{'item years right':34} {years / len(h_items):6.1%} ({years}/{len(h_items)})")
    print(f"{'item statuses right':34} {statuses / len(h_items):6.1%} ({statuses}/{len(h_items)})")
    rows = [("mechanisms per item", lambda i: Counter(i.get("mechanisms", []))),
            ("countries with their roles", lambda i: Counter((c["code"], c["role"]) for c in i.get("countries", []))),
            ("groups (not a goal)", lambda i: Counter(i.get("groups", []))),
            ("approaches (not a goal)", lambda i: Counter(i.get("mainstreaming", []))),
            ("kind (not a goal)", lambda i: Counter([i["kind"]]))]
    for label, values in rows[:2]:
        print(f"{label:34} {pr(*per_item(h_items, d_items, matched, values))}")
    print(f"{'partners':34} {pr(*partners(h_items, d_items, matched))}")
    h_events, d_events = events(hand), events(drafted)
    hits = found_in(h_events, d_events, lambda w, o: w[0] == o[0] and w[1] == o[1] and w[2] & o[2])
    print(f"{'events, kind and date':34} {pr(hits, len(d_events), len(h_events))}")
    h_products, d_products = products(hand), products(drafted)
    hits = found_in(h_products, d_products,  # "analysis" and "analyses" name one product
                    lambda w, o: fuzz.ratio(w[0], o[0]) >= 80 and w[1] == o[1] and w[2] & o[2])
    print(f"{'products, with counts':34} {pr(hits, len(d_products), len(h_products))}")
    for label, values in rows[2:]:
        print(f"{label:34} {pr(*per_item(h_items, d_items, matched, values))}")

    tagged = [(h, {str(a["code"]) for a in i.get("sdg", {}).get("analyst", []) if "." in str(a["code"])})
              for h, i in enumerate(h_items)]
    tagged = [(h, codes) for h, codes in tagged if codes]
    most = max((len(i.get("sdg", {}).get("suggested", [])) for i in d_items), default=0)
    print(f"\nSuggested targets (at most {most} an item): the hand-written analyst target among the suggestions")
    from migration_briefs.model.models import SourceText
    from migration_briefs.sources.draft import heading_text, headings
    from migration_briefs.sources.suggest import THRESHOLD, suggest_targets
    source = SourceText.model_validate(yaml.safe_load((ROOT / "data" / "sources" / f"{SOURCE}.yaml").read_text()))
    context = headings(source)

    def ranked(item: dict) -> str:  # what the drafter ranks: the item's words and its headings
        above = list({h.id: h for p in item["source"] for h in context.get(p, [])}.values())
        return " ".join([item["summary"], heading_text(above)])
    for threshold in sorted({0.05, 0.10, THRESHOLD, 0.20}):
        hits = suggestions = 0
        for h, codes in tagged:
            if h not in matched:
                continue
            offered = [s.code for s in suggest_targets(ranked(d_items[matched[h]]), threshold=threshold)]
            hits += bool(set(offered) & codes)
        for item in d_items:
            suggestions += len(suggest_targets(ranked(item), threshold=threshold))
        print(f"  threshold {threshold:.2f}: {hits / len(tagged):6.1%} of {len(tagged)} items "
              f"({hits}); {suggestions} suggestions for {len(d_items)} draft items"
              + ("  <- the drafter's" if threshold == THRESHOLD else ""))
    alone = sum(bool({s.code for s in suggest_targets(d_items[matched[h]]["summary"])} & codes)
                for h, codes in tagged if h in matched)
    print(f"  the item's words alone, without its headings, at {THRESHOLD:.2f}: {alone / len(tagged):6.1%} ({alone})")

    added = sum(1 for line in difflib.ndiff(meaningful(drafted_text), meaningful(hand_text))
                if line.startswith("+ "))
    print(f"\nLines typed by hand: {added} of the hand-written file's {len(meaningful(hand_text))} lines "
          f"(comments and blank lines left out), against {len(meaningful(hand_text))} without a draft.")
    seed_s, longer_s, items = paper_length_times(args.repeat)
    print(f"\nIn one process, median of {args.repeat}: the seed paper drafts in {seed_s:.2f} s, a paper ten times "
          f"its length ({items} items) in {longer_s:.2f} s ({longer_s / seed_s:.1f}x)")
    d_med, v_med = statistics.median(draft_times), statistics.median(validate_times)
    print(f"\nTime, whole command in a fresh process, median of {args.repeat}: briefs draft {d_med:.2f} s, "
          f"briefs validate {v_med:.2f} s (draft/validate {d_med / v_med:.2f}x)")


if __name__ == "__main__":
    main()
