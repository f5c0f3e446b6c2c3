"""Benchmark the build against the chain a user would write by hand, side by side, in one run.

  (a) naive: for each brief, one after another: the papermill CLI, then
      `jupyter nbconvert --to html`, then the WeasyPrint CLI for the PDF;
  (b) `briefs build --jobs 1` from clean;
  (c) `briefs build --jobs 2` from clean;
  (d) a no-op rebuild (nothing changed);
  (e) a rebuild after one contribution file changed;
  (f) `briefs build --scheduler` from clean, on a Dask LocalCluster of two worker processes of one
      thread each, started once beforehand (as a cluster is).

(c) and (f) are built --rounds times, one after the other, each from an empty build/, and their
medians kept, so that both meet the machine's other work alike.
Everything runs on a scratch copy of data/ and notebooks/, so the checkout is never touched.
Usage: .venv/bin/python bench/benchmark.py [--year YEAR] [--rounds 3]   (--year: only that year's briefs)
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
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


def run(command: list[str], root: Path) -> tuple[float, str]:
    """Seconds taken, and the last line the command printed."""
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)}
    started = time.perf_counter()
    result = subprocess.run(command, check=True, env=env, cwd=root, capture_output=True, text=True)
    return time.perf_counter() - started, (result.stdout.strip().splitlines() or [""])[-1]


def naive(root: Path, specs) -> tuple[float, str]:
    out = root / "naive"
    out.mkdir()
    started = time.perf_counter()
    for spec in specs:
        stem = out / spec.relpath.replace("/", "--")
        params = [arg for name, value in spec.parameters.items() for arg in ("-p", name, str(value))]
        run([str(BIN / "papermill"), "--no-progress-bar", str(root / "notebooks" / spec.notebook_file),
             f"{stem}.ipynb", *params, "--cwd", str(root / "notebooks")], root)
        run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", f"{stem}.ipynb"], root)
        run([str(BIN / "weasyprint"), f"{stem}.html", f"{stem}.pdf"], root)
    return time.perf_counter() - started, f"built {len(specs)}"


def ours(root: Path, jobs: int, filters: list[str]) -> tuple[float, str]:
    return run([str(BIN / "briefs"), "build", "--jobs", str(jobs), *filters], root)


def on_cluster(root: Path, address: str, filters: list[str]) -> tuple[float, str]:
    return run([str(BIN / "briefs"), "build", "--scheduler", address, *filters], root)


def median_of(runs: list[tuple[float, str]]) -> tuple[float, str]:
    return statistics.median(seconds for seconds, _ in runs), runs[-1][1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, help="only the briefs of this year (a quicker run)")
    parser.add_argument("--rounds", type=int, default=3, help="builds of (c) and (f), the median kept (default 3)")
    args = parser.parse_args()
    os.environ["MIGRATION_BRIEFS_ROOT"] = str(REPO)
    from migration_briefs.model.loader import load
    from migration_briefs.model.params import brief_kinds, plan

    specs = plan(load(), brief_kinds(REPO / "notebooks"), {"year": args.year} if args.year else None)
    filters = ["--year", str(args.year)] if args.year else []
    count = len(specs)
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        results["(a) naive chain, one brief after another"] = naive(scratch_project(base / "a"), specs)
        results["(b) briefs build --jobs 1"] = ours(scratch_project(base / "b"), 1, filters)
        root, other = scratch_project(base / "c"), scratch_project(base / "f")
        from distributed import LocalCluster
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
            two, clustered = [], []
            for _ in range(args.rounds):
                for folder in (root, other):
                    shutil.rmtree(folder / "build", ignore_errors=True)
                two.append(ours(root, 2, filters))
                clustered.append(on_cluster(other, cluster.scheduler_address, filters))
        results["(c) briefs build --jobs 2"] = median_of(two)
        results["(d) no-op rebuild"] = ours(root, 2, filters)
        contribution = next((root / "data" / "contributions").glob("*/*.yaml"))
        contribution.write_text(contribution.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        results["(e) one contribution file changed"] = ours(root, 2, filters)
        results["(f) briefs build --scheduler, a LocalCluster of 2 workers"] = median_of(clustered)
    naive_seconds = results["(a) naive chain, one brief after another"][0]
    print(f"{count} briefs, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| build | seconds | s/brief | vs (a) | result |\n|---|---:|---:|---:|---|")
    for name, (seconds, summary) in results.items():
        per_brief = f"{seconds / count:.2f}" if name[1] in "abcf" else ""
        print(f"| {name} | {seconds:.2f} | {per_brief} | {naive_seconds / seconds:.1f}x | {summary} |")
    print(f"(c) and (f): medians of {args.rounds} builds each, alternating; (f) / (c) = "
          f"{results['(f) briefs build --scheduler, a LocalCluster of 2 workers'][0] / results['(c) briefs build --jobs 2'][0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
