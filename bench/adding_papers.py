"""Whether adding a paper to data/ fails any test (issue 24): the tests run on the repository's
fixture projects, never on data/, so a valid paper added the README's way must fail none.

    .venv/bin/python bench/adding_papers.py [--paper NAME ...] [--together] [--revision REV] [--keep]

For each paper of the development corpus (tests/fixtures/papers/<name>/, or those named with
--paper), a scratch clone of the repository at REV (default HEAD: what is committed, not the
working tree) gets the paper as "Adding a contribution" adds one: its source text as
data/sources/<name>.yaml, its contribution file as data/contributions/<agency>/<year>.yaml. Then
`briefs validate` checks the data and `make test` runs there. One clone serves every paper: its
own .venv is made once (`make setup`), and between papers the clone is put back as committed.
With --together, every chosen paper is added at once and `make test` runs once: a whole meeting's
papers in data/, in one run instead of one per paper.
Prints a row per paper (validate's and make test's exit codes, pytest's summary line) and the
failures in all; exits 1 when any paper fails a test or does not validate. A run takes one
`make test` per paper (about two minutes each on an idle 2-core machine).
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAPERS = "tests/fixtures/papers"


def run(command: list[str], cwd: Path, log: Path) -> int:
    with log.open("w", encoding="utf-8") as stream:
        return subprocess.run(command, cwd=cwd, stdout=stream, stderr=subprocess.STDOUT).returncode


def front(contribution: Path) -> tuple[str, str]:
    """The agency and year a contribution file names at its top level."""
    text = contribution.read_text(encoding="utf-8")
    found = {key: re.search(rf"^{key}: *(\S+)", text, re.M) for key in ("agency", "year")}
    if not all(found.values()):
        raise SystemExit(f"{contribution}: no top-level agency or year")
    return found["agency"].group(1), found["year"].group(1)


def summary(log: Path) -> tuple[int, str]:
    """The failures pytest counted, and its last line."""
    lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    last = next((line for line in reversed(lines) if re.search(r"\b(passed|failed|error)", line)), "no summary")
    failed = sum(int(n) for n in re.findall(r"(\d+) (?:failed|errors?)\b", last))
    return failed, last.strip("= ")


def add(clone: Path, name: str) -> str:
    """Add one corpus paper to the clone's data/ as "Adding a contribution" says; its file."""
    folder = clone / PAPERS / name
    agency, year = front(folder / "contribution.yaml")
    shutil.copy(folder / "source.yaml", clone / "data" / "sources" / f"{name}.yaml")
    target = clone / "data" / "contributions" / agency
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(folder / "contribution.yaml", target / f"{year}.yaml")
    return f"{agency}/{year}.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paper", action="append", help="a folder of tests/fixtures/papers/ (repeatable)")
    parser.add_argument("--together", action="store_true", help="add every paper at once, then test once")
    parser.add_argument("--revision", default="HEAD", help="the commit to clone (default HEAD)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch clone and the logs")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="adding-papers-"))
    clone = scratch / "migration-briefs"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "checkout", "--quiet", args.revision], cwd=clone, check=True)
    commit = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=clone, check=True, capture_output=True,
                            text=True).stdout.strip()
    papers = sorted(p.parent.name for p in (clone / PAPERS).glob("*/contribution.yaml"))
    chosen = args.paper or papers
    unknown = sorted(set(chosen) - set(papers))
    if unknown:
        shutil.rmtree(scratch)
        raise SystemExit(f"no paper {', '.join(unknown)} under {PAPERS}/; the papers: {', '.join(papers)}")
    print(f"commit {commit[:100]}", flush=True)
    if run(["make", "setup"], clone, scratch / "setup.log"):
        raise SystemExit(f"make setup failed in the clone: see {scratch / 'setup.log'} (kept)")

    print("| paper | contribution | validate | make test | failures | pytest |\n|---|---|---:|---:|---:|---|", flush=True)
    rows, failures, bad = [], 0, False
    for names in ([chosen] if args.together else [[name] for name in chosen]):
        subprocess.run(["git", "checkout", "--quiet", "--", "."], cwd=clone, check=True)
        subprocess.run(["git", "clean", "--quiet", "-fd"], cwd=clone, check=True)  # .venv is ignored: kept
        added = [add(clone, name) for name in names]
        if len(set(added)) < len(added):
            raise SystemExit(f"two of the papers are the same agency's and year's: {', '.join(added)}; "
                             "add them one at a time (without --together)")
        label = names[0] if len(names) == 1 else f"{len(names)} papers at once"
        validated = run([".venv/bin/briefs", "validate"], clone, scratch / f"{names[0]}.validate.log")
        tested = run(["make", "test"], clone, scratch / f"{names[0]}.test.log")
        failed, last = summary(scratch / f"{names[0]}.test.log")
        failures += failed
        bad |= bool(validated or tested)
        files = ", ".join(added)
        rows.append((label, files, validated, tested, failed, last))
        print(f"| {label} | {files} | {validated} | {tested} | {failed} | {last} |", flush=True)

    print(f"\n{len(chosen)} papers, {failures} failures in all")
    if args.keep or bad:
        print(f"the clone and the logs: {scratch}")
    else:
        shutil.rmtree(scratch)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
