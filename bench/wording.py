"""How many pieces of English a reader can meet are written in the Python of the briefs, and how
many words they hold: the measure of issue 24's point 3 (the words of each kind of brief in one
place, beside its notebook, not in the code).

    .venv/bin/python bench/wording.py [REVISION ...] [-v]

With no revision it measures the working tree; with revisions (any git revision: a commit, a
branch, HEAD~3) it measures each, side by side, from git, so a figure before and after a change
comes from one run. -v lists every piece with its line.

A piece is a string literal (or an f-string, counted once with its literal parts) in a .py file
under src/migration_briefs/briefs/ that a reader can meet in a brief: it holds at least two words
of letters, one after the other, once HTML tags, {placeholders} and entities are taken out
(aria-label, alt and title values count as words). Left out: docstrings, comments, the messages of
exceptions, the class Nothing and the reasons given to Nothing(...) (never shown), keyword
arguments named css, and strings only compared with or used as keys. The words of the words files
(notebooks/*.yaml) are counted beside, for what moved there.
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = "src/migration_briefs/briefs"
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
ATTRIBUTE = re.compile(r'(?:aria-label|alt|title)="([^"{]*)"')
PHRASE = re.compile(r"[A-Za-z]{2,}[,;:.]?\s+[A-Za-z(“]")


def plain(text: str) -> str:
    """The text a reader sees: tags and entities out, attribute values a screen reader reads kept."""
    kept = " ".join(ATTRIBUTE.findall(text))
    return re.sub(r"&#?\w+;", " ", re.sub(r"<[^>]*>", " ", text)) + " " + kept


def visible_words(text: str) -> list[str]:
    kept = " ".join(ATTRIBUTE.findall(text))
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&#?\w+;", " ", text)
    return WORD.findall(text + " " + kept)


def literal_text(node) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return ""


def pieces(text: str):
    tree = ast.parse(text)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        # docstrings
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                skipped.add(id(first.value))
        if isinstance(node, ast.ClassDef) and node.name == "Nothing":  # what a brief leaves out
            skipped.update(id(inner) for inner in ast.walk(node))
        if isinstance(node, ast.keyword) and node.arg == "css":  # CSS classes
            skipped.update(id(inner) for inner in ast.walk(node.value))
        # exceptions and Nothing(...): never shown in a brief
        if isinstance(node, ast.Raise) or (isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("Nothing",)):
            for inner in ast.walk(node):
                skipped.add(id(inner))
        if isinstance(node, ast.Compare) or isinstance(node, ast.Subscript):
            for inner in ast.walk(node.slice if isinstance(node, ast.Subscript) else node):
                if isinstance(inner, ast.Constant):
                    skipped.add(id(inner))
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if inner is not node:
                    skipped.add(id(inner))
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        text = literal_text(node)
        words = visible_words(text)
        if len(words) >= 2 and PHRASE.search(plain(text)):
            yield node.lineno, len(words), " ".join(text.split())


def files(revision: str | None) -> dict[str, str]:
    """The Python files under FOLDER and the words files, by path, at `revision` (None: the working tree)."""
    if revision is None:
        found = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
                 for pattern in (f"{FOLDER}/**/*.py", "notebooks/*.yaml") for p in sorted(ROOT.glob(pattern))}
        return found
    names = subprocess.run(["git", "ls-tree", "-r", "--name-only", revision, "--", FOLDER, "notebooks"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    return {name: subprocess.run(["git", "show", f"{revision}:{name}"], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout
            for name in names if name.endswith(".py") or (name.startswith("notebooks/") and name.endswith(".yaml"))}


def yaml_words(text: str) -> int:
    """The words of a words file a reader can meet: outside the templates' tags, and inside them
    only those in quotes (comments and keys left out)."""
    lines = [re.sub(r"^\s*(-\s*)?[\w .'-]+:(\s|$)", " ", line) for line in text.splitlines()
             if not line.lstrip().startswith("#")]
    count = 0
    for k, part in enumerate(re.split(r"(\{\{.*?\}\}|\{%.*?%\})", "\n".join(lines), flags=re.S)):
        count += len(WORD.findall(" ".join(re.findall(r"'([^']*)'|\"([^\"]*)\"", part) and
                                           [a or b for a, b in re.findall(r"'([^']*)'|\"([^\"]*)\"", part)])
                                  if k % 2 else part))
    return count


def measure(revision: str | None, verbose: bool) -> tuple[int, int, int]:
    """(pieces, their words, the words of the words files) at `revision`."""
    total_pieces = total_words = template_words = 0
    for name, text in files(revision).items():
        if name.endswith(".yaml"):
            template_words += yaml_words(text)
            continue
        found = list(pieces(text))
        total_pieces += len(found)
        total_words += sum(words for _, words, _ in found)
        if verbose and found:
            print(f"{revision or 'working tree'}: {name}: {len(found)} pieces")
            for line, _, piece in found:
                print(f"    {line}: {piece[:110]}")
    return total_pieces, total_words, template_words


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    revisions = [a for a in argv[1:] if a != "-v"] or [None]
    print("| revision | pieces of English in the Python of briefs/ | their words | words in notebooks/*.yaml |")
    print("|---|---:|---:|---:|")
    for revision in revisions:
        pieces_, words, templates = measure(revision, verbose)
        print(f"| {revision or 'working tree'} | {pieces_} | {words} | {templates} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
