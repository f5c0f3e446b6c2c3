"""How often `suggest_targets` names the goal an expert says a text is about, beside a published
SDG tagger run in the same process and the published scores of others on the same texts.

The texts: the SDG Classification Benchmark (bench/data/README.md says what it is, where it comes
from, its licence and its SHA-256, which is checked first): 1,251 rows, each a paragraph, one goal
and an expert's word on whether the paragraph addresses that goal. It says nothing of the other
goals, so a goal a tagger names counts only on rows labelled for that goal.

A tagger gives a text a list of goals. Ours: the goals of `suggest_targets(text)` (at most three
targets, so at most three goals, best first; a target's goal is the number before its dot,
8.8 -> 8). seesus 1.2.1 (PyPI; Cai et al., JOSS 2024): regular expressions for the 17 goals and
169 targets; as its authors advise for paragraphs, each sentence (split with the expression of
their README) is matched on its own and the goals found are pooled; its goals are not ranked, and
may be more than three. seesus compiles its 557 expressions anew on every call (2.6 s); the bench
compiles the same expressions with the same flag once and searches them as seesus's `id_sus` does,
and checks on a few sentences that the goals are the ones `SeeSus` finds.

Measures, per goal and overall:

* the benchmark's own (its package's Metrics and Stats): on each goal's rows, a row is a true
  positive when the text is labelled `True` and the tagger names that goal, a false positive when
  it is labelled `False` and the tagger names it, and so on; accuracy, precision and recall per
  goal, and their unweighted mean over the 17 goals, the "Average" of the published table;
* pooled precision and recall: the same counts added up over every row;
* top-1: of the texts labelled `True` for a goal, the share whose first goal is one the text is
  labelled `True` for (only for a ranked tagger);
* the share of texts that get no goal at all, and the share that get more than three;
* ours again at thresholds 0.05 to 0.20 (the lowest score a suggestion may have), to show what
  the threshold trades;
* seconds per text, each tagger timed over the whole set in this one process.

--half tune or --half test keeps one of two fixed halves of the texts (by the SHA-256 of each
text): a change to the ranking is tried on `tune` and reported on `test`, never fitted to all.

    .venv/bin/python bench/suggest.py [--half all|tune|test] [--ours-only]

The whole run takes about ten minutes on the project's 2-core machine, nearly all of it seesus;
--ours-only takes a few seconds.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "sdg-classification-benchmark.csv"
DATA_SHA256 = "0ce3226365d7a5aa2c2bab251eda1edbd9347dfc23f759108baec1ae2a825292"
GOALS = range(1, 18)
LIMIT = 3
SWEEP = (0.05, 0.10, 0.15, 0.20)

# The "Average" row of each tagger's stats.csv in the benchmark's repository (SDGClassification/
# benchmark, evaluations/*/stats.csv at commit d2037e0, 2026-02-22): accuracy, precision and
# recall in %, on these 1,251 rows, measured by the benchmark's maintainers with the same code.
# Hosted services and models, or (text2sdg) an R package; none runs here.
PUBLISHED = [
    ("AFD SDG Prospector (hosted; a fine-tuned DistilRoBERTa)", 87.8, 92.4, 82.1),
    ("OpenAI GPT-4o (hosted)", 87.2, 80.8, 97.0),
    ("Deepseek v3 (hosted)", 86.9, 81.1, 96.1),
    ("Meta Llama 3 70B (hosted)", 85.8, 81.4, 93.0),
    ("text2sdg 1.1 (R: six query systems and a random forest over their hits)", 83.0, 84.3, 81.4),
    ("Global Goals Directory (hosted)", 81.0, 88.1, 72.1),
    ("Aurora SDG multi-label mBERT (hosted)", 79.2, 80.2, 78.8),
    ("JRC SDG Mapper (hosted; keyword queries)", 77.3, 92.7, 58.6),
    ("OSDG v1 (hosted; ontology and a classifier)", 69.7, 84.3, 53.0),
]


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    sdg: int
    label: bool


def load(half: str = "all", path: Path = DATA, sha256: str = DATA_SHA256) -> list[Row]:
    """The rows of the labelled set, all of them or one half's; exits if the file is not the one
    bench/data/README.md describes."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        sys.exit(f"{path}: SHA-256 {digest}, expected {sha256}; restore the file bench/data/README.md describes")
    rows = []
    for line, record in enumerate(csv.DictReader(data.decode("utf-8").splitlines(keepends=True)), start=2):
        if record["label"] not in ("True", "False") or not record["sdg"].isdigit() or int(record["sdg"]) not in GOALS:
            sys.exit(f"{path}, line {line}: expected a goal 1-17 and True or False, "
                     f"found {record['sdg']!r}, {record['label']!r}")
        rows.append(Row(record["id"], record["text"], int(record["sdg"]), record["label"] == "True"))
    if half == "all":
        return rows
    return [row for row in rows if (half == "tune") == (hashlib.sha256(row.text.encode()).digest()[0] % 2 == 0)]


# --- the taggers -------------------------------------------------------------------------------

def ours(threshold: float | None = None) -> Callable[[str], list[int]]:
    from migration_briefs.sources.suggest import THRESHOLD, suggest_targets

    def goals(text: str) -> list[int]:
        found: list[int] = []
        for suggestion in suggest_targets(text, limit=LIMIT, threshold=THRESHOLD if threshold is None else threshold):
            if suggestion.goal not in found:
                found.append(suggestion.goal)
        return found
    return goals


# seesus's README splits a paragraph into sentences with this expression.
_SENTENCE = re.compile(r"(?<!\w\.\w.)(?<![A-Z][a-z]\.)(?<=\.|\?)\s")


def seesus() -> Callable[[str], list[int]]:
    import regex
    from seesus import SeeSus
    from seesus.SDG_keys import SDG_keys

    compiled = [(int(key["SDG_id"].split("_")[0].removeprefix("SDG")), regex.compile(key["SDG_keywords"],
                                                                                         regex.IGNORECASE))
                for key in SDG_keys]

    def sentence_goals(sentence: str) -> set[int]:
        return {goal for goal, pattern in compiled if pattern.search(sentence)}

    for sentence in ("Women migrant workers gained access to decent work and social protection.",
                     "Renewable energy now meets a growing share of the demand for power in rural areas."):
        expected = {int(goal.removeprefix("SDG")) for goal in SeeSus(sentence).sdg}
        if sentence_goals(sentence) != expected:
            sys.exit(f"seesus: the compiled expressions find {sorted(sentence_goals(sentence))} where SeeSus "
                     f"finds {sorted(expected)} in {sentence!r}")

    def goals(text: str) -> list[int]:
        return sorted(set().union(*(sentence_goals(s) for s in _SENTENCE.split(text) if s.strip())))
    return goals


TAGGERS: dict[str, tuple[Callable[[], Callable[[str], list[int]]], bool]] = {
    "ours (suggest_targets)": (ours, True),  # ranked
    "seesus 1.2.1 (regular expressions)": (seesus, False),
}


# --- measures ----------------------------------------------------------------------------------

@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    @property
    def accuracy(self) -> float:
        n = self.tp + self.fp + self.tn + self.fn
        return (self.tp + self.tn) / n if n else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def add(self, expected: bool, predicted: bool) -> None:
        if expected and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif expected:
            self.fn += 1
        else:
            self.tn += 1


@dataclass
class Result:
    name: str
    ranked: bool
    per_goal: dict[int, Counts]
    pooled: Counts
    top1: dict[int, tuple[int, int]]  # goal: (texts whose first goal is right, texts labelled True for it)
    texts: int
    none: int
    over_limit: int
    goals_per_text: float
    seconds_per_text: float

    def mean(self, measure: str) -> float:
        """The unweighted mean over the goals, as the benchmark's Stats computes its Average."""
        return sum(getattr(c, measure) for c in self.per_goal.values()) / len(self.per_goal)


def measure(name: str, tag: Callable[[str], list[int]], ranked: bool, rows: list[Row]) -> Result:
    texts = list(dict.fromkeys(row.text for row in rows))
    start = time.perf_counter()
    found = {text: tag(text) for text in texts}
    seconds = (time.perf_counter() - start) / len(texts)
    positive: dict[str, set[int]] = {}
    for row in rows:
        if row.label:
            positive.setdefault(row.text, set()).add(row.sdg)
    per_goal = {goal: Counts() for goal in sorted({row.sdg for row in rows})}
    pooled = Counts()
    top1: dict[int, tuple[int, int]] = {}
    for row in rows:
        predicted = row.sdg in found[row.text]
        per_goal[row.sdg].add(row.label, predicted)
        pooled.add(row.label, predicted)
        if row.label:
            first = found[row.text][:1]
            hits, total = top1.get(row.sdg, (0, 0))
            top1[row.sdg] = (hits + bool(first and first[0] in positive[row.text]), total + 1)
    return Result(name, ranked, per_goal, pooled, top1, len(texts),
                  sum(1 for goals in found.values() if not goals),
                  sum(1 for goals in found.values() if len(goals) > LIMIT),
                  sum(len(goals) for goals in found.values()) / len(texts), seconds)


# --- report ------------------------------------------------------------------------------------

def pct(x: float) -> str:
    return f"{100 * x:.1f}"


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    for r in [header, *rows]:
        print("  " + "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths))))


def report(results: list[Result], sweep: list[tuple[float, Result]], rows: list[Row], half: str) -> None:
    texts = len({row.text for row in rows})
    print(f"SDG Classification Benchmark, {half} ({len(rows)} rows, {texts} texts, "
          f"{sum(r.label for r in rows)} labelled True)")
    overall = []
    for r in results:
        hits = sum(h for h, _ in r.top1.values())
        total = sum(t for _, t in r.top1.values())
        overall.append([r.name, pct(r.mean("accuracy")), pct(r.mean("precision")), pct(r.mean("recall")),
                        f"{pct(r.pooled.precision)} / {pct(r.pooled.recall)}",
                        f"{pct(hits / total)} ({hits}/{total})" if r.ranked else "unranked",
                        f"{pct(r.none / r.texts)} ({r.none})", f"{pct(r.over_limit / r.texts)} ({r.over_limit})",
                        f"{1000 * r.seconds_per_text:.1f}"])
    table("Overall: mean over the goals of accuracy, precision, recall (%, the benchmark's Average); pooled "
          "precision / recall; top-1; texts with no goal; texts with more than three goals; ms per text",
          ["tagger", "accuracy", "precision", "recall", "pooled P / R", "top-1", "no goal", "> 3 goals", "ms/text"],
          overall)
    if len(results) > 1:
        base = results[0].seconds_per_text
        print("  time per text, as a multiple of ours: "
              + ", ".join(f"{r.name} {r.seconds_per_text / base:.1f}x" for r in results[1:]))
    if half == "all":
        table("Published on the same 1,251 rows by the benchmark's maintainers (not run here): accuracy, "
              "precision, recall (%)", ["tagger", "accuracy", "precision", "recall"],
              [[name, f"{a:.1f}", f"{p:.1f}", f"{r:.1f}"] for name, a, p, r in PUBLISHED])
    if sweep:
        table("Ours at other thresholds (the lowest score a suggestion may have; README: 0.15): mean accuracy, "
              "precision, recall (%), texts with no goal, goals per text",
              ["threshold", "accuracy", "precision", "recall", "no goal", "goals/text"],
              [[f"{t:.2f}", pct(r.mean("accuracy")), pct(r.mean("precision")), pct(r.mean("recall")),
                f"{pct(r.none / r.texts)} ({r.none})", f"{r.goals_per_text:.2f}"] for t, r in sweep])
    for r in results:
        per = []
        for goal, c in r.per_goal.items():
            hits, total = r.top1.get(goal, (0, 0))
            per.append([str(goal), str(c.tp + c.fp + c.tn + c.fn), pct(c.accuracy), pct(c.precision),
                        pct(c.recall), f"{c.tp}/{c.fp}/{c.tn}/{c.fn}",
                        f"{pct(hits / total)} ({hits}/{total})" if r.ranked and total else "-"])
        table(f"Per goal, {r.name}", ["goal", "rows", "accuracy", "precision", "recall", "TP/FP/TN/FN", "top-1"],
              per)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["all", "tune", "test"], default="all",
                        help="one of two fixed halves of the texts, for trying a change (default: all)")
    parser.add_argument("--ours-only", action="store_true", help="measure only suggest_targets")
    args = parser.parse_args()
    rows = load(args.half)
    chosen = list(TAGGERS.items())[:1] if args.ours_only else list(TAGGERS.items())
    results = [measure(name, make(), ranked, rows) for name, (make, ranked) in chosen]
    sweep = [(t, measure(f"ours at {t}", ours(t), True, rows)) for t in SWEEP]
    report(results, sweep, rows, args.half)


if __name__ == "__main__":
    main()
