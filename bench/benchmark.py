"""Benchmark the build against the chain a user would write by hand, side by side, in one run.

  (a) naive: for each brief, one after another: the papermill CLI, then
      `jupyter nbconvert --to html`, then the WeasyPrint CLI for the PDF;
  (b) `briefs build --jobs 1` from clean;
  (c) `briefs build --jobs 2` from clean;
  (d) a no-op rebuild (nothing changed);
  (e) a rebuild after one contribution file changed.

Everything runs on a scratch copy of data/ and notebooks/, so the checkout is never touched.
Usage: .venv/bin/python bench/benchmark.py [--briefs N]   (N: only the first N planned briefs)
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def scratch_project(base: Path) -> Path:
    for folder in ("data", "notebooks"):
        shutil.copytree(REPO / folder, base / folder)
    return base


def run(command: list[str], root: Path) -> float:
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)}
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def naive(root: Path, specs) -> float:
    out = root / "naive"
    out.mkdir()
    started = time.perf_counter()
    for spec in specs:
        stem = out / spec.relpath.replace("/", "--")
        params = [arg for name, value in spec.parameters.items() for arg in ("-p", name, str(value))]
        run([str(BIN / "papermill"), "--no-progress-bar", str(root / "notebooks" / spec.notebook),
             f"{stem}.ipynb", *params, "--cwd", str(root / "notebooks")], root)
        run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", f"{stem}.ipynb"], root)
        run([str(BIN / "weasyprint"), f"{stem}.html", f"{stem}.pdf"], root)
    return time.perf_counter() - started


def ours(root: Path, jobs: int, filters: list[str]) -> float:
    return run([str(BIN / "briefs"), "build", "--jobs", str(jobs), *filters], root)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--briefs", type=int, help="only the first N planned briefs (a quick run)")
    args = parser.parse_args()
    os.environ["MIGRATION_BRIEFS_ROOT"] = str(REPO)
    from migration_briefs.loader import load
    from migration_briefs.params import plan

    specs = plan(load())
    if args.briefs:
        specs = specs[:args.briefs]
    # With --briefs, (b) and (c) build the same briefs as (a): the first year's, narrowed by year.
    filters = ["--year", str(specs[0].year)] if args.briefs else []
    if args.briefs:
        specs = [s for s in plan(load()) if s.year == specs[0].year]
    count = len(specs)
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        results["(a) naive chain, one brief after another"] = naive(scratch_project(base / "a"), specs)
        results["(b) briefs build --jobs 1"] = ours(scratch_project(base / "b"), 1, filters)
        root = scratch_project(base / "c")
        results["(c) briefs build --jobs 2"] = ours(root, 2, filters)
        results["(d) no-op rebuild"] = ours(root, 2, filters)
        contribution = next((root / "data" / "contributions").glob("*/*.yaml"))
        contribution.write_text(contribution.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        results["(e) one contribution file changed"] = ours(root, 2, filters)
    naive_seconds = results["(a) naive chain, one brief after another"]
    print(f"{count} briefs, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'build':44} {'seconds':>8} {'s/brief':>8} {'vs (a)':>8}")
    for name, seconds in results.items():
        per_brief = f"{seconds / count:8.2f}" if name[1] in "abc" else f"{'':8}"
        ratio = f"{naive_seconds / seconds:7.1f}x"
        print(f"{name:44} {seconds:8.2f} {per_brief} {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
