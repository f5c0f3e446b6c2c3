"""How a brief set reads, measured: the figures of issue 25 (a brief set a reader finishes).

    .venv/bin/python bench/reading.py [REVISION ...] [--data DIR] [--agency CODE] [-v]

Each REVISION (any git revision: a commit, a branch, HEAD~3; `.` or none: the working tree) is built
from git into a scratch folder, with that revision's notebooks, words and code and the data of
`--data` (default: the revision's own data/), so that the figures before and after a change come
from one run on the same data. For each agency (or only `--agency`) it prints:

* words: the words a reader meets in the agency's briefs (the text of each HTML page, as the
  snapshots read it) against the words of the papers they are made from (every paragraph of the
  source texts); the goal of issue 25 is at most 4 times;
* key messages: across one agency-year's briefs, the key-message slots and how many distinct
  sentences fill them (the goal: every sentence distinct);
* boilerplate: the share of a brief's words that are the same on every brief and say nothing of
  its subject: the masthead but for the title and subtitle (who prepared it, from which paper; the
  links to the tables and the other format), the note on how to read it, the Sources section but
  for the sources it lists of the brief's own facts, and the footer (disclaimers, who we are,
  contact); the goal: at most 15 % of any brief's words. What the screen hides (the skip link until
  it has the focus, text for screen readers only) is no word a reader meets;
* pages: the PDFs' pages, and those without substance: a page whose text holds fewer than
  SUBSTANCE_WORDS words outside the boilerplate, the notes (reading note, what the paper does not
  say) and the headings (the goal: none).

A PDF page's words are matched to the HTML's words in order (difflib), so each word of a page is
known to be the masthead's, a note's or the body's. -v lists every brief with its figures.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
SUBSTANCE_WORDS = 20
# What a reader meets on every brief, whatever its subject: the masthead, the footer, the Sources
# section and the notes on how to read a brief.
BOILERPLATE_CLASSES = {"brief-masthead", "brief-footer", "reading-note"}
BOILERPLATE_SECTIONS = {"sources"}
# What no reader sees: the link that skips to the content shows only when it has the keyboard's
# focus (brief.css), as visually-hidden text is for screen readers alone.
HIDDEN_CLASSES = {"format-html", "skip-link", "visually-hidden"}
# The sources of a brief's own facts (a mechanism's facts, the facts from outside the paper): they
# say where this brief's facts come from, so they are not boilerplate, even under the Sources
# heading; like the notes, they are no substance for a page of their own.
REFERENCE_CLASSES = {"fact-sources", "outside-sources"}
# Notes: not boilerplate (they are about the paper), but no substance for a page of their own.
NOTE_SECTIONS = {"what-the-paper-does-not-say"}
HEADINGS = {"h1", "h2", "h3", "h4"}


def words(text: str) -> list[str]:
    return WORD.findall(text)


class Marked(HTMLParser):
    """A page's visible words in order, each marked 'boilerplate', 'note', 'heading' or 'body',
    and the text of its key messages (without their ¶ links)."""

    VOID = {"br", "img", "meta", "link", "hr", "input", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set, str]] = []  # (tag, classes, mark) of each open element
        self.marked: list[tuple[str, str]] = []
        self.key_messages: list[str] = []
        self._message: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        mark = ""
        if tag in ("head", "style", "script") or classes & HIDDEN_CLASSES:
            mark = "hidden"
        elif classes & REFERENCE_CLASSES:
            mark = "note"
        elif tag == "h1" or "brief-subtitle" in classes:  # the title block names the brief's subject
            mark = "heading"
        elif classes & BOILERPLATE_CLASSES or attrs.get("aria-labelledby") in BOILERPLATE_SECTIONS:
            mark = "boilerplate"
        elif attrs.get("aria-labelledby") in NOTE_SECTIONS:
            mark = "note"
        elif tag in HEADINGS:
            mark = "heading"
        if tag == "li" and self.stack and "key-messages" in self.stack[-1][1]:
            self._message = []
        self.stack.append((tag, classes, mark))

    def handle_endtag(self, tag):
        if tag in self.VOID or not self.stack:
            return
        open_tag, _, _ = self.stack.pop()
        if open_tag == "li" and self._message is not None and self.stack and "key-messages" in self.stack[-1][1]:
            self.key_messages.append(" ".join("".join(self._message).split()))
            self._message = None

    def mark(self) -> str:
        return next((mark for _, _, mark in reversed(self.stack) if mark), "body")

    def handle_data(self, data):
        mark = self.mark()
        if mark == "hidden":
            return
        if self._message is not None and not any("cite" in classes for _, classes, _ in self.stack):
            self._message.append(data)
        self.marked.extend((word, mark) for word in words(data))


def read_page(html: str) -> Marked:
    page = Marked()
    page.feed(html)
    return page


def pdf_pages(path: Path) -> list[list[str]]:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return [words(page.extract_text() or "") for page in pdf.pages]


def substance_by_page(marked: list[tuple[str, str]], pages: list[list[str]]) -> list[int]:
    """How many words of each PDF page are the body's (not boilerplate, a note or a heading)."""
    html_words = [w.lower() for w, _ in marked]
    pdf_words, page_of = [], []
    for number, page in enumerate(pages):
        pdf_words += [w.lower() for w in page]
        page_of += [number] * len(page)
    counts = [0] * len(pages)
    matcher = difflib.SequenceMatcher(None, pdf_words, html_words, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            if marked[block.b + k][1] == "body":
                counts[page_of[block.a + k]] += 1
    return counts


def build(revision: str | None, data: Path | None, into: Path) -> Path:
    """Build every brief of a revision (None: the working tree) into `into`; return the project."""
    project = into / "project"
    project.mkdir(parents=True)
    if revision is None:
        for part in ("src", "notebooks", "data"):  # what git would hold: no metadata of an old install
            shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    else:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "src", "notebooks", "data"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(project)], input=archive, check=True)
    if data is not None:
        shutil.rmtree(project / "data")
        shutil.copytree(data, project / "data")
        if not (project / "data" / "schema").exists() and (ROOT / "data" / "schema").exists():
            shutil.copytree(ROOT / "data" / "schema", project / "data" / "schema")
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    env.pop("MIGRATION_BRIEFS_ROOT", None)
    run = subprocess.run([sys.executable, "-c", "import sys; from migration_briefs.cli import main; sys.exit(main())",
                          "--project", str(project), "build", "--jobs", "2"],
                         env=env, cwd=project, capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"the build of {revision or 'the working tree'} failed:\n{run.stdout}\n{run.stderr}")
    return project


def paper_words(project: Path, agency: str) -> int:
    import yaml
    total = 0
    texts = set()
    for path in sorted((project / "data" / "contributions" / agency).glob("*.yaml")):
        contribution = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts.add(contribution["source"]["text"])
    for text in sorted(texts):
        source = yaml.safe_load((project / "data" / text).read_text(encoding="utf-8"))
        total += sum(len(words(p["text"])) for p in source["paragraphs"])
    return total


def measure(project: Path, only: str | None) -> dict:
    manifest = json.loads((project / "build" / "manifest.json").read_text(encoding="utf-8"))
    relpaths = sorted(manifest["briefs"])
    found: dict[str, dict] = {}
    for relpath in relpaths:
        agency, year, name = relpath.split("/")
        if agency == "all" or (only and agency != only):
            continue
        html = (project / "build" / f"{relpath}.html").read_text(encoding="utf-8")
        page = read_page(html)
        pages = pdf_pages(project / "build" / f"{relpath}.pdf")
        substance = substance_by_page(page.marked, pages)
        total = len(page.marked)
        boilerplate = sum(1 for _, m in page.marked if m == "boilerplate")
        agency_figures = found.setdefault(agency, {"briefs": [], "years": {}})
        agency_figures["briefs"].append({"brief": relpath, "words": total, "boilerplate": boilerplate,
                                         "pages": len(pages),
                                         "empty_pages": [n + 1 for n, c in enumerate(substance) if c < SUBSTANCE_WORDS]})
        messages = agency_figures["years"].setdefault(year, [])
        messages += page.key_messages
    for agency, figures in found.items():
        figures["paper_words"] = paper_words(project, agency)
    return found


def summary(figures: dict) -> dict:
    briefs = figures["briefs"]
    words_ = sum(b["words"] for b in briefs)
    slots = sum(len(m) for m in figures["years"].values())
    distinct = sum(len(set(m)) for m in figures["years"].values())
    shares = [b["boilerplate"] / b["words"] for b in briefs if b["words"]]
    return {"briefs": len(briefs), "words": words_, "paper_words": figures["paper_words"],
            "ratio": words_ / figures["paper_words"] if figures["paper_words"] else float("nan"),
            "slots": slots, "distinct": distinct, "max_boilerplate": max(shares, default=0),
            "median_boilerplate": sorted(shares)[len(shares) // 2] if shares else 0,
            "pages": sum(b["pages"] for b in briefs),
            "empty_pages": sum(len(b["empty_pages"]) for b in briefs)}


ROWS = [("briefs", "briefs", "{}"), ("pages", "PDF pages", "{}"), ("words", "words in the briefs", "{:,}"),
        ("paper_words", "words in the paper(s)", "{:,}"), ("ratio", "briefs' words / paper's (goal <= 4)", "{:.1f}"),
        ("slots", "key-message slots", "{}"), ("distinct", "distinct key messages (goal: = slots)", "{}"),
        ("max_boilerplate", "boilerplate, largest share of a brief (goal <= 15 %)", "{:.0%}"),
        ("median_boilerplate", "boilerplate, median share", "{:.0%}"),
        ("empty_pages", "pages without substance (goal: 0)", "{}")]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revisions", nargs="*",
                        help="git revisions to measure side by side ('.' or none: the working tree)")
    parser.add_argument("--data", type=Path, help="the data to build every revision from (default: each one's data/)")
    parser.add_argument("--agency", help="only this agency's briefs")
    parser.add_argument("-v", action="store_true", help="every brief's figures")
    args = parser.parse_args(argv)
    revisions = [None if r == "." else r for r in args.revisions] or [None]
    results = {}
    with tempfile.TemporaryDirectory(prefix="reading-") as scratch:
        for n, revision in enumerate(revisions):
            project = build(revision, args.data.resolve() if args.data else None, Path(scratch) / str(n))
            results[revision or "working tree"] = measure(project, args.agency)
    names = list(results)
    agencies = sorted({a for r in results.values() for a in r})
    for agency in agencies:
        print(f"\n{agency}")
        print(f"  {'':<55}" + "".join(f"{name[:14]:>16}" for name in names))
        sums = {name: summary(results[name][agency]) for name in names if agency in results[name]}
        for key, label, form in ROWS:
            print(f"  {label:<55}" + "".join(f"{form.format(sums[n][key]) if n in sums else '-':>16}" for n in names))
        if args.v:
            for name in names:
                print(f"\n  {name}")
                for b in results[name].get(agency, {}).get("briefs", []):
                    share = b["boilerplate"] / b["words"] if b["words"] else 0
                    print(f"    {b['brief']:<32} {b['words']:>6} words  {share:>4.0%} boilerplate  {b['pages']} pages"
                          + (f"  without substance: {b['empty_pages']}" if b["empty_pages"] else ""))
                for year, messages in sorted(results[name].get(agency, {}).get("years", {}).items()):
                    repeated = {m for m in messages if messages.count(m) > 1}
                    for message in sorted(repeated):
                        print(f"    {year}: shown {messages.count(message)} times: {message[:90]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
