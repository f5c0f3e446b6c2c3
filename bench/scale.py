"""How cost grows with the corpus: build the synthetic corpus (bench/corpus.py) at several sizes
and print, side by side in one run, one table of what a build costs at each size.

For each number of agencies, in a scratch folder of its own:
  - the briefs `briefs list` plans, and the papers and items `briefs validate` counts;
  - `briefs validate`, `briefs list` before anything is built (the data loaded and every brief
    planned, as a first build or a coordinator does) and a no-op `briefs build` (nothing
    changed): seconds, the median of --repeat runs;
  - the whole corpus built once with --jobs 2 (skip it with --no-full): seconds, and the size of build/;
  - seconds per brief with --jobs 1 and --jobs 2 on two samples, each rebuilt after its outputs
    are removed (the plan stays cached in build/manifest.json, as in any later build):
      one agency's briefs (--agency synthetic-01: the same briefs at every size, as an agency's
      papers do not change with the size of the corpus), and
      the system briefs of one year (--agency all --year 2017: one brief per goal, mechanism and
      country the year's papers hold together, so more of them, each over more papers, as the
      corpus grows);
  - peak memory (the largest resident set, VmHWM, of each process) of the build process, of one
    build worker and of one kernel, over the --jobs 2 builds of two briefs or more (a build of one
    brief builds it in the build process, with no worker): the script reads VmHWM from
    /proc/<pid>/status for every process under the build every 0.2 s (psutil finds them);
  - the pages of every system brief (agency all) against its budget (page_budget, system=True).

With --no-full, no-op, memory, build/ and pages are those of the two samples built with --jobs 2.

Usage: .venv/bin/python bench/scale.py [--sizes 1,10,40] [--meetings 2] [--no-full] [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psutil

try:
    from bench.corpus import write_corpus
except ModuleNotFoundError as missing:  # run as a script: its own folder, bench/, is on the path
    if missing.name != "bench":
        raise
    from corpus import write_corpus
from migration_briefs.briefs.base import page_budget

BIN = Path(sys.executable).parent
SAMPLE_AGENCY = "synthetic-01"  # present at both meetings whatever the number of agencies
SAMPLE_YEAR = 2017
POLL_SECONDS = 0.2
ROLES = ("build", "worker", "kernel")


# --- pure parts -----------------------------------------------------------------------------------

def parse_sizes(text: str) -> list[int]:
    """'1,10,40' -> [1, 10, 40]; anything else is one clear error."""
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        sizes = []
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"{text!r}: give numbers of agencies separated by commas, e.g. 1,10,40")
    return sizes


def role_of(cmdline: list[str], parent_is_build: bool) -> str | None:
    """What a process under the build is: a kernel (ipykernel, started by the build or a worker),
    a build worker (a child of the build process, forked from it), or something else."""
    if any("ipykernel" in part for part in cmdline):
        return "kernel"
    if parent_is_build and not any("resource_tracker" in part for part in cmdline):
        return "worker"
    return None


def high_water_mark(status: str) -> int | None:
    """Bytes of VmHWM (the process's largest resident set so far) in a /proc/<pid>/status text."""
    found = re.search(r"^VmHWM:\s+(\d+)\s+kB$", status, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else None


def summary_counts(line: str) -> dict[str, int]:
    """'built 3, up to date 5, failed 0' (the build's last line) -> {'built': 3, ...}."""
    return {name: int(count) for name, count in re.findall(r"(built|up to date|failed) (\d+)", line)}


def data_counts(line: str) -> dict[str, int]:
    """'Data OK: 64 contributions, 1091 items, ...' -> {'contributions': 64, 'items': 1091, ...}."""
    return {name: int(count) for count, name in re.findall(r"(\d+) ([a-z]+)", line.removeprefix("Data OK:"))}


def system_pages(manifest: dict) -> list[dict]:
    """Every system brief in a manifest: its path, kind, pages and page budget (which does not
    depend on its items)."""
    return [{"relpath": relpath, "kind": entry["kind"], "pages": entry["pages"],
             "budget": page_budget(entry["kind"], 0, system=True)}
            for relpath, entry in sorted(manifest.get("briefs", {}).items())
            if entry.get("parameters", {}).get("agency") == "all" and entry.get("pages") is not None]


def pages_lines(size: int, briefs: list[dict]) -> list[str]:
    """Table rows: per kind, how many system briefs have how many pages, and which are over budget."""
    rows = []
    by_kind = defaultdict(list)
    for brief in briefs:
        by_kind[brief["kind"]].append(brief)
    for kind, found in sorted(by_kind.items()):
        spread = ", ".join(f"{pages} p: {count}" for pages, count in sorted(Counter(b["pages"] for b in found).items()))
        over = [f"{b['relpath']} ({b['pages']} p)" for b in found if b["pages"] > b["budget"]]
        rows.append(f"| {size} | {kind} | {len(found)} | {spread} | {found[0]['budget']} | {'; '.join(over) or 'none'} |")
    return rows


def megabytes(count: int | None) -> str:
    return "" if count is None else f"{count / 2**20:.0f}"


def seconds(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


# --- running the build ------------------------------------------------------------------------------

class Peaks:
    """The largest resident set of the build process, of any build worker and of any kernel,
    while a command runs: VmHWM read every POLL_SECONDS from each process under it."""

    def __init__(self, process: subprocess.Popen):
        self.root = psutil.Process(process.pid)
        self.seen: dict[int, tuple[str, int]] = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _read(self, process: psutil.Process, role: str) -> None:
        try:
            peak = high_water_mark(Path(f"/proc/{process.pid}/status").read_text())
        except OSError:
            return
        if peak is not None:
            self.seen[process.pid] = (role, max(peak, self.seen.get(process.pid, (role, 0))[1]))

    def _poll(self) -> None:
        while not self.done.is_set():
            self._read(self.root, "build")
            try:
                children = self.root.children(recursive=True)
            except psutil.Error:
                children = []
            for child in children:
                try:
                    role = role_of(child.cmdline(), child.ppid() == self.root.pid)
                except psutil.Error:
                    continue
                if role:
                    self._read(child, role)
            self.done.wait(POLL_SECONDS)

    def stop(self) -> dict[str, int]:
        self.done.set()
        self.thread.join()
        found: dict[str, int] = {}
        for role, peak in self.seen.values():
            found[role] = max(peak, found.get(role, 0))
        return found


def run(command: list[str], root: Path, watch: bool = False) -> tuple[float, str, dict[str, int]]:
    """Seconds taken, the last line printed, and (with watch) the peaks of memory. A command that
    fails stops the script with what it printed."""
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks = Peaks(process) if watch else None
    out, err = process.communicate()
    elapsed = time.perf_counter() - started
    found = peaks.stop() if peaks else {}
    if process.returncode != 0:
        sys.exit(f"bench/scale.py: `{' '.join(command[1:])}` in {root} failed ({process.returncode}):\n{err}{out}")
    return elapsed, (out.strip().splitlines() or [""])[-1], found


def briefs(*arguments: str) -> list[str]:
    return [str(BIN / "briefs"), *arguments]


def output(command: list[str], root: Path) -> list[str]:
    """The lines a command prints (untimed)."""
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)}
    result = subprocess.run(command, env=env, cwd=root, capture_output=True, text=True, check=True)
    return [line for line in result.stdout.splitlines() if line.strip()]


def listed(root: Path, filters: list[str]) -> list[str]:
    """The briefs `briefs list` plans for these filters."""
    return [line.split()[0] for line in output(briefs("list", *filters), root)]


def remove_outputs(build_dir: Path, relpaths: list[str]) -> None:
    """Remove every file of these briefs (their notebook, HTML, PDF and tables), so the next build
    builds them again from a cached plan."""
    for relpath in relpaths:
        folder, name = (build_dir / relpath).parent, Path(relpath).name
        for path in folder.glob(f"{name}.*"):
            path.unlink()


def median_seconds(command: list[str], root: Path, repeat: int) -> float:
    return statistics.median(run(command, root)[0] for _ in range(repeat))


@dataclass
class Sample:
    label: str
    filters: list[str]
    relpaths: list[str] = field(default_factory=list)
    per_brief: dict[int, float] = field(default_factory=dict)  # jobs -> seconds a brief


@dataclass
class Size:
    agencies: int
    planned: int = 0
    data: dict[str, int] = field(default_factory=dict)
    validate: float = 0.0
    plan: float = 0.0  # `briefs list` with no build/: the data loaded and every brief planned
    noop: float = 0.0
    full: float | None = None
    build_bytes: int = 0
    peaks: dict[str, int] = field(default_factory=dict)
    samples: list[Sample] = field(default_factory=list)
    pages: list[dict] = field(default_factory=list)


def measure(agencies: int, args: argparse.Namespace, scratch: Path) -> Size:
    root = write_corpus(scratch / f"corpus-{agencies}", agencies, args.meetings, args.seed)
    build_dir = root / "build"
    size = Size(agencies)
    size.planned = len(output(briefs("list"), root))
    size.plan = median_seconds(briefs("list"), root, args.repeat)
    size.data = data_counts(output(briefs("validate"), root)[0])
    size.validate = median_seconds(briefs("validate"), root, args.repeat)
    size.samples = [Sample(f"one agency's briefs (--agency {SAMPLE_AGENCY})", ["--agency", SAMPLE_AGENCY]),
                    Sample(f"system briefs of {SAMPLE_YEAR} (--agency all --year {SAMPLE_YEAR})",
                           ["--agency", "all", "--year", str(SAMPLE_YEAR)])]
    peaks: list[dict[str, int]] = []

    def build(jobs: int, filters: list[str]) -> tuple[float, dict[str, int]]:
        elapsed, last, found = run(briefs("build", "--jobs", str(jobs), *filters), root, watch=True)
        counts = summary_counts(last)
        if counts.get("failed"):
            sys.exit(f"bench/scale.py: a brief failed at {agencies} agencies ({last}); see `briefs build` in {root}")
        if jobs == 2 and counts.get("built", 0) >= 2:  # one brief is built in the build process itself
            peaks.append(found)
        return elapsed, counts

    if args.full:
        size.full, _ = build(2, [])
        noop_filters: list[str] = []
    else:
        noop_filters = size.samples[0].filters
    for sample in size.samples:  # built once (and planned, for agency all with one agency) before it is timed
        build(2, sample.filters)
        sample.relpaths = listed(root, sample.filters)
    size.noop = median_seconds(briefs("build", "--jobs", "2", *noop_filters), root, args.repeat)
    for jobs in (1, 2):
        for sample in size.samples:
            remove_outputs(build_dir, sample.relpaths)
            elapsed, counts = build(jobs, sample.filters)
            if counts.get("built") != len(sample.relpaths):
                sys.exit(f"bench/scale.py: expected {len(sample.relpaths)} briefs built at {agencies} agencies, "
                         f"got {counts}")
            sample.per_brief[jobs] = elapsed / len(sample.relpaths)
    size.peaks = {role: max(found.get(role, 0) for found in peaks) for role in ROLES} if peaks else {}
    size.build_bytes = folder_size(build_dir)
    size.pages = system_pages(json.loads((build_dir / "manifest.json").read_text(encoding="utf-8")))
    return size



# --- the report -------------------------------------------------------------------------------------

HEADER = ("| agencies | papers | items | briefs planned | agency briefs | s/brief -j1 | s/brief -j2 | "
          f"system briefs {SAMPLE_YEAR} | s/brief -j1 | s/brief -j2 | full build -j2, s | s/brief | no-op, s | "
          "validate, s | plan, s | build process, MB | worker, MB | kernel, MB | build/, MB |")


def table(sizes: list[Size]) -> list[str]:
    lines = [HEADER, "|" + "---:|" * HEADER.count(" | ") + "---:|"]
    for size in sizes:
        cells = [size.agencies, size.data.get("contributions", ""), size.data.get("items", ""), size.planned]
        for sample in size.samples:
            cells += [len(sample.relpaths), seconds(sample.per_brief.get(1)), seconds(sample.per_brief.get(2))]
        cells += [seconds(size.full, 0), seconds(size.full / size.planned if size.full else None),
                  seconds(size.noop), seconds(size.validate, 1), seconds(size.plan, 1),
                  *(megabytes(size.peaks.get(role)) for role in ROLES), megabytes(size.build_bytes)]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return lines


def pages_table(sizes: list[Size]) -> list[str]:
    lines = ["| agencies | kind | system briefs | briefs by pages | budget | over budget |",
             "|---:|---|---:|---|---:|---|"]
    for size in sizes:
        lines += pages_lines(size.agencies, size.pages)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_sizes, default=[1, 10, 40], help="numbers of agencies (default 1,10,40)")
    parser.add_argument("--meetings", type=int, default=2, help="meetings in each corpus (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="the corpus's seed (default 0)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of validate and no-op, the median kept (default 3)")
    parser.add_argument("--no-full", dest="full", action="store_false",
                        help="do not build each whole corpus (the largest takes 10 to 15 minutes on 2 cores)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    load_before = os.getloadavg()
    sizes = []
    with tempfile.TemporaryDirectory(prefix="migration-briefs-scale-") as scratch:
        for agencies in args.sizes:
            sizes.append(measure(agencies, args, Path(scratch)))
            print(f"measured {agencies} agencies ({time.perf_counter() - started:.0f} s so far)", file=sys.stderr)
    load_after = os.getloadavg()
    waited = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kB on Linux
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; load average "
          f"{load_before[0]:.1f} before, {load_after[0]:.1f} after; {args.meetings} meetings, seed {args.seed}; "
          f"{time.perf_counter() - started:.0f} s in all")
    print(f"Samples, each rebuilt after its outputs were removed: agency briefs = --agency {SAMPLE_AGENCY} "
          f"(the same briefs at every size); system briefs {SAMPLE_YEAR} = --agency all --year {SAMPLE_YEAR}.")
    if args.full:
        print("Full build: every planned brief from an empty build/, --jobs 2; no-op: `briefs build` again.")
    else:
        print("No full build (--no-full): no-op, memory, build/ and pages are those of the samples.")
    print(f"Memory: the largest VmHWM of each kind of process over the --jobs 2 builds of two briefs or more "
          f"(largest process the script waited for, by getrusage: {megabytes(waited)} MB).\n")
    print("\n".join(table(sizes)))
    print("\nPages of every system brief (agency all):\n")
    print("\n".join(pages_table(sizes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
