"""How cost grows with the corpus: build the synthetic corpus (bench/corpus.py) at several sizes
and print, side by side in one run, one table of what a build costs at each size, the cost of a
Dask cluster beside that of --jobs 2, and the time a cluster of 8 and 32 workers would take.

Each size is a number of agencies (over two meetings), or AGENCIESxMEETINGS (40x10: ten meetings
of forty agencies). For each, in a scratch folder of its own:
  - the briefs `briefs list` plans, and the papers and items `briefs validate` counts;
  - `briefs validate`, `briefs list` before anything is built (the data loaded and every brief
    planned, as a first build does) and a no-op `briefs build` (nothing changed): seconds, the
    median of --repeat runs;
  - the whole corpus built once with --jobs 2: seconds, the manifest's bytes a brief and the size
    of build/. A size that plans more than --full-limit briefs (ten meetings of forty agencies:
    some 3,000, an hour on 2 cores) is recorded instead by a stand-in build: `briefs build` itself,
    with every brief's making replaced by files of a few bytes, so that build/ and its manifest
    hold every brief as a build records it and the no-op has as much to check;
  - seconds per brief on two samples, each rebuilt after its outputs are removed (the plan stays
    cached, as in any later build), with --jobs 1, --jobs 2 and on a Dask LocalCluster of two
    worker processes of one thread (--scheduler), in --rounds rounds that go through every size
    and sample in turn, so that each size meets the machine's other loads alike; the median of
    the rounds. The samples:
      one agency's briefs of one year (--agency synthetic-01 --year 2017: the same papers at
      every size of as many meetings, as an agency's papers do not change with the number of
      agencies; over ten meetings the agency has ten papers and its briefs show each meeting, so
      each size is held against one agency over as many meetings: base_of), and
      the system briefs of that year (--agency all --year 2017: one per goal, mechanism and
      country the year's papers hold together, so more of them, each over more papers, as the
      corpus grows);
  - on the cluster: the CPU seconds one more brief takes in the workers (their kernels included)
    and in the build process, beyond a build of the sample's first brief alone, and the wall time
    of that build of one brief (what a build pays whatever its size: hashing, the plan, the data
    sets loaded, written and shipped, a worker's first kernel); from these, the time model
    T = fixed + (briefs - 1) x max(worker CPU / workers, build process CPU), for the whole corpus
    on 8 and 32 workers, each with a core of its own;
  - peak memory (the largest resident set, VmHWM, of each process) of the build process, of one
    build worker and of one kernel, over each sample's --jobs 2 builds: the script reads VmHWM
    from /proc/<pid>/status for every process under the build every 0.2 s (psutil finds them);
  - the pages of every system brief (agency all) against its budget (page_budget, system=True).

Usage: .venv/bin/python bench/scale.py [--sizes 1,10,40,1x10,40x10] [--rounds 2] [--repeat 3] [--full-limit 1000]
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
SAMPLE_AGENCY = "synthetic-01"  # present at every meeting whatever the number of agencies
SAMPLE_YEAR = 2017
POLL_SECONDS = 0.2
ROLES = ("build", "worker", "kernel")
MODES = ("-j1", "-j2", "cluster")  # how a sample is built: --jobs 1, --jobs 2, a LocalCluster of two workers
MODEL_WORKERS = (8, 32)
# The files of a brief the stand-in build writes, as a brief with all its tables has them.
STAND_IN_OUTPUTS = ("ipynb", "html", "pdf", "items.csv", "sdg-links.csv", "events.csv")


# --- pure parts -----------------------------------------------------------------------------------

def parse_sizes(text: str, meetings: int = 2) -> list[tuple[int, int]]:
    """'1,10,40x10' -> [(1, meetings), (10, meetings), (40, 10)]: agencies, and meetings where
    given; anything else is one clear error."""
    sizes = []
    for part in text.split(","):
        found = re.fullmatch(r"(\d+)(?:x(\d+))?", part.strip())
        if not found or int(found.group(1)) < 1 or (found.group(2) is not None and int(found.group(2)) < 1):
            raise argparse.ArgumentTypeError(f"{text!r}: give numbers of agencies separated by commas, each with "
                                             "x and a number of meetings where it is not the default, e.g. 1,10,40,40x10")
        sizes.append((int(found.group(1)), int(found.group(2) or meetings)))
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


def pages_lines(size: str, briefs: list[dict]) -> list[str]:
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


def ratio(value: float | None, base: float | None) -> str:
    return "" if value is None or not base else f"{value / base:.2f}"


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def model_seconds(briefs: int, workers: int, fixed: float, worker_cpu: float, build_cpu: float) -> float:
    """The time model: what a build pays once, then each further brief's worker CPU shared among
    the workers, unless the build process, which keeps every brief, is slower than they are together."""
    return fixed + briefs * max(worker_cpu / workers, build_cpu)


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


@dataclass
class Ran:
    seconds: float
    last: str  # the last line the command printed
    peaks: dict[str, int]
    cpu: float  # CPU seconds of the command and of the processes it waited for


def run(command: list[str], root: Path, watch: bool = False) -> Ran:
    """Run a command on the corpus at `root`. A command that fails stops the script with what it printed."""
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks = Peaks(process) if watch else None
    out, err = process.communicate()
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    found = peaks.stop() if peaks else {}
    if process.returncode != 0:
        sys.exit(f"bench/scale.py: `{' '.join(command[1:])}` in {root} failed ({process.returncode}):\n{err}{out}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Ran(elapsed, (out.strip().splitlines() or [""])[-1], found, cpu)


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
    return statistics.median(run(command, root).seconds for _ in range(repeat))


def stand_in(root: Path) -> int:
    """Record every brief the corpus at `root` calls for as built, without making any: `briefs
    build` itself (plan, keys, inputs, manifest, index), with each brief's making replaced by
    files of a few bytes, so that build/ holds what a whole build records and a no-op has as
    much to check. The briefs built for real later replace theirs. How many it recorded."""
    from migration_briefs.files import sha256
    from migration_briefs.pipeline import run as build_run
    from migration_briefs.pipeline.brief import Made, Result, keep

    def make_nothing(tasks, jobs, record, stop, scheduler=None, log=print):
        for task in tasks:
            spec = task.spec
            files = {name: f"stand-in for {spec.relpath}.{name}\n".encode() for name in STAND_IN_OUTPUTS}
            # a title and meetings about as long as a brief's, so that the manifest is about as large
            made = Made(Result(spec.relpath, True, title=f"{spec.brief.title()} brief of {spec.relpath}",
                               agency_name=spec.agency, outputs={name: sha256(data) for name, data in files.items()},
                               meetings=[f"{year - 2002}th Coordination Meeting on International Migration"
                                         for year in (spec.year, spec.year + 1)]), files)
            record(keep(task, made))

    original, build_run.run_briefs = build_run.run_briefs, make_nothing
    try:
        report = build_run.build(root=root, log=lambda line: None)
    finally:
        build_run.run_briefs = original
    if report.failed:
        sys.exit(f"bench/scale.py: the stand-in build of {root} failed: {report.failed[0].error}")
    return len(report.built)


class Cluster:
    """A Dask LocalCluster of two worker processes of one thread each, and the CPU seconds its
    workers (with the kernels they start) have taken so far."""

    def __init__(self):
        from distributed import Client, LocalCluster
        self.local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
        with Client(self.local) as client:
            self.pids = list(client.run(os.getpid).values())
        self.address = self.local.scheduler_address

    def cpu(self) -> float:
        total = 0.0
        for pid in self.pids:
            try:
                process = psutil.Process(pid)
                times = process.cpu_times()
                total += times.user + times.system + times.children_user + times.children_system
                for child in process.children(recursive=True):
                    child_times = child.cpu_times()
                    total += child_times.user + child_times.system
            except psutil.Error:
                continue
        return total

    def close(self) -> None:
        self.local.close()


@dataclass
class Sample:
    label: str
    filters: list[str]
    relpaths: list[str] = field(default_factory=list)
    rounds: dict[str, list[float]] = field(default_factory=dict)  # mode -> seconds a brief, one per round
    worker_cpu: list[float] = field(default_factory=list)  # on the cluster: CPU seconds of its workers, one per round
    build_cpu: list[float] = field(default_factory=list)  # on the cluster: CPU seconds of the build process, one per round
    peaks: dict[str, int] = field(default_factory=dict)  # over its --jobs 2 builds: the largest VmHWM of each role
    one: Ran | None = None  # a cluster build of its first brief alone (its cpu: the build process's)
    one_worker_cpu: float = 0.0  # the CPU seconds of the workers in that build

    def per_brief(self, mode: str) -> float | None:
        found = self.rounds.get(mode)
        return statistics.median(found) if found else None


@dataclass
class Size:
    agencies: int
    meetings: int = 2
    planned: int = 0
    data: dict[str, int] = field(default_factory=dict)
    validate: float = 0.0
    plan: float = 0.0  # `briefs list` with no build/: the data loaded and every brief planned
    noop: float = 0.0
    full: float | None = None  # a whole build with --jobs 2, seconds (None: recorded by the stand-in)
    manifest_bytes: int = 0
    recorded: int = 0  # the briefs the manifest holds
    build_bytes: int = 0
    samples: list[Sample] = field(default_factory=list)
    pages: list[dict] = field(default_factory=list)
    scratch: str = ""  # the folder that holds the corpus

    @property
    def label(self) -> str:
        return str(self.agencies) if self.meetings == 2 else f"{self.agencies}x{self.meetings}"

    @property
    def root(self) -> Path:
        return Path(self.scratch) / f"corpus-{self.agencies}x{self.meetings}"


def prepare(agencies: int, meetings: int, args: argparse.Namespace, scratch: Path) -> Size:
    """Everything but the rounds: the corpus, what it plans, validate, plan, a whole (or stand-in)
    build, the no-op, each sample built once."""
    size = Size(agencies, meetings, scratch=str(scratch))
    root = write_corpus(size.root, agencies, meetings, args.seed)
    build_dir = root / "build"
    size.planned = len(output(briefs("list"), root))
    size.plan = median_seconds(briefs("list"), root, args.repeat)
    size.data = data_counts(output(briefs("validate"), root)[0])
    size.validate = median_seconds(briefs("validate"), root, args.repeat)
    year = ["--year", str(SAMPLE_YEAR)]
    size.samples = [Sample(f"one agency's briefs of {SAMPLE_YEAR} (--agency {SAMPLE_AGENCY} --year {SAMPLE_YEAR})",
                           ["--agency", SAMPLE_AGENCY, *year]),
                    Sample(f"system briefs of {SAMPLE_YEAR} (--agency all --year {SAMPLE_YEAR})", ["--agency", "all", *year])]
    if size.planned <= args.full_limit:
        ran = run(briefs("build", "--jobs", "2"), root)
        check(ran, size)
        size.full = ran.seconds
    else:
        stand_in(root)
    size.noop = median_seconds(briefs("build", "--jobs", "2"), root, args.repeat)
    size.manifest_bytes = (build_dir / "manifest.json").stat().st_size
    size.recorded = len(json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))["briefs"])
    size.build_bytes = folder_size(build_dir)
    for sample in size.samples:  # built for real once (and planned, for agency all with one agency)
        check(run(briefs("build", "--jobs", "2", *sample.filters), root), size)
        sample.relpaths = listed(root, sample.filters)
    size.pages = system_pages(json.loads((build_dir / "manifest.json").read_text(encoding="utf-8")))
    return size


def check(ran: Ran, size: Size, expected: int | None = None) -> None:
    counts = summary_counts(ran.last)
    if counts.get("failed") or (expected is not None and counts.get("built") != expected):
        sys.exit(f"bench/scale.py: at {size.label} agencies, expected {expected} briefs built, got: {ran.last}; "
                 f"see `briefs build` in {size.root}")


def one_round(sizes: list[Size], cluster: Cluster | None) -> None:
    """Each sample of each size rebuilt with --jobs 1, then each with --jobs 2, then each on the cluster."""
    for mode in MODES:
        if mode == "cluster" and cluster is None:
            continue
        for size in sizes:
            for sample in size.samples:
                remove_outputs(size.root / "build", sample.relpaths)
                how = ["--scheduler", cluster.address] if mode == "cluster" else ["--jobs", mode[-1]]
                workers_before = cluster.cpu() if mode == "cluster" else 0.0
                ran = run(briefs("build", *how, *sample.filters), size.root, watch=mode == "-j2")
                check(ran, size, len(sample.relpaths))
                sample.rounds.setdefault(mode, []).append(ran.seconds / len(sample.relpaths))
                if mode == "-j2" and len(sample.relpaths) >= 2:  # one brief is built in the build process itself
                    sample.peaks = {role: max(sample.peaks.get(role, 0), ran.peaks.get(role, 0)) for role in ROLES}
                if mode == "cluster":
                    sample.worker_cpu.append(cluster.cpu() - workers_before)
                    sample.build_cpu.append(ran.cpu)


def one_brief(size: Size, cluster: Cluster) -> None:
    """For each sample, a cluster build of its first brief alone: what a build of those briefs pays
    whatever their number (hashing, the cached plan, the data sets loaded, written and shipped, a
    worker's first kernel of the build), with one brief."""
    for sample in size.samples:
        remove_outputs(size.root / "build", sample.relpaths[:1])
        workers_before = cluster.cpu()
        sample.one = run(briefs("build", "--scheduler", cluster.address, *sample.filters), size.root)
        sample.one_worker_cpu = cluster.cpu() - workers_before
        check(sample.one, size, 1)


# --- the report -------------------------------------------------------------------------------------

HEADER = ("| corpus | papers | items | briefs planned | agency briefs | s/brief -j1 | -j2 | cluster | "
          f"system briefs {SAMPLE_YEAR} | s/brief -j1 | -j2 | cluster | full build -j2, s | s/brief | no-op, s | "
          "validate, s | plan, s | manifest, B/brief | build/, MB |")


def _rule(header: str) -> str:
    return "|---|" + "---:|" * (header.count(" | ") - 1) + "---:|"


def _row(cells: list) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def table(sizes: list[Size]) -> list[str]:
    lines = [HEADER, _rule(HEADER)]
    for size in sizes:
        cells = [size.label, size.data.get("contributions", ""), size.data.get("items", ""), size.planned]
        for sample in size.samples:
            cells += [len(sample.relpaths), *(seconds(sample.per_brief(mode)) for mode in MODES)]
        cells += [seconds(size.full, 0) if size.full else "stand-in",
                  seconds(size.full / size.planned if size.full else None),
                  seconds(size.noop), seconds(size.validate, 1), seconds(size.plan, 1),
                  f"{size.manifest_bytes / size.recorded:.0f}" if size.recorded else "", megabytes(size.build_bytes)]
        lines.append(_row(cells))
    return lines


MEMORY_HEADER = ("| corpus | agency briefs: build process, MB | worker, MB | kernel, MB | "
                 "system briefs: build process, MB | worker, MB | kernel, MB |")


def memory_table(sizes: list[Size]) -> list[str]:
    lines = [MEMORY_HEADER, _rule(MEMORY_HEADER)]
    for size in sizes:
        lines.append(_row([size.label, *(megabytes(sample.peaks.get(role)) for sample in size.samples
                                         for role in ROLES)]))
    return lines


RATIO_HEADER = ("| corpus | against | agency briefs, s/brief -j1 | -j2 | cluster | worker MB | kernel MB | "
                "cluster / -j2, agency briefs | system briefs |")


def base_of(size: Size, sizes: list[Size]) -> Size:
    """What a size is held against: one agency over as many meetings where that was measured (its
    agency briefs read the same papers), else the first size (one agency over ten meetings is
    held against it, to show what ten meetings add to an agency's briefs). An agency over ten meetings has ten
    papers, and its briefs show every meeting, so one agency over two would set a brief of ten
    meetings against a brief of two."""
    return next((other for other in sizes if other.agencies == 1 and other.meetings == size.meetings
                 and other is not size), sizes[0])


def ratio_table(sizes: list[Size]) -> list[str]:
    """Each size against its base (base_of: the agency sample's cost a brief and memory), and the
    cluster against --jobs 2 on the same samples."""
    lines = [RATIO_HEADER, _rule(RATIO_HEADER)]
    for size in sizes:
        base = base_of(size, sizes)
        agency, system = size.samples
        first = base.samples[0]
        lines.append(_row([size.label, base.label,
                           *(ratio(agency.per_brief(mode), first.per_brief(mode)) for mode in MODES),
                           ratio(agency.peaks.get("worker"), first.peaks.get("worker")),
                           ratio(agency.peaks.get("kernel"), first.peaks.get("kernel")),
                           ratio(agency.per_brief("cluster"), agency.per_brief("-j2")),
                           ratio(system.per_brief("cluster"), system.per_brief("-j2"))]))
    return lines


MODEL_HEADER = ("| corpus | briefs planned | worker CPU, s/brief | build process CPU, s/brief | fixed, s | "
                "model, 2 workers, samples, s | measured, s | " + " | ".join(f"{w} workers, s" for w in MODEL_WORKERS)
                + " |")


def marginal_costs(size: Size) -> tuple[float, float] | None:
    """The CPU seconds one more brief costs the workers and the build process on the cluster: what
    each sample's builds took beyond the build of its first brief alone, over its briefs beyond one
    (the median of the rounds), for the samples together; None without them."""
    samples = [s for s in size.samples if len(s.relpaths) >= 2 and s.worker_cpu and s.one is not None]
    if not samples:
        return None
    more = sum(len(s.relpaths) - 1 for s in samples)
    worker = sum(statistics.median(s.worker_cpu) - s.one_worker_cpu for s in samples) / more
    build = sum(statistics.median(s.build_cpu) - s.one.cpu for s in samples) / more
    return max(worker, 0.0), max(build, 0.0)


def model_table(sizes: list[Size]) -> list[str]:
    """The time model of a whole build on a cluster, from the costs measured on the LocalCluster:
    checked against the samples' own cluster builds (2 workers, on the 2 cores the build process
    and the machine's other work share here), then for 8 and 32 workers. What a whole build pays
    once is taken as the build of one system brief (which loads the whole data set, as a whole
    build's plan does)."""
    lines = [MODEL_HEADER, _rule(MODEL_HEADER)]
    for size in sizes:
        costs = marginal_costs(size)
        if costs is None:
            continue
        worker_cpu, build_cpu = costs
        samples = [s for s in size.samples if s.one is not None]
        predicted = sum(model_seconds(len(s.relpaths) - 1, 2, s.one.seconds, worker_cpu, build_cpu) for s in samples)
        measured = sum(s.per_brief("cluster") * len(s.relpaths) for s in samples)
        fixed = size.samples[-1].one.seconds
        lines.append(_row([size.label, size.planned, seconds(worker_cpu), seconds(build_cpu, 3), seconds(fixed, 1),
                           seconds(predicted, 0), seconds(measured, 0),
                           *(seconds(model_seconds(size.planned - 1, workers, fixed, worker_cpu, build_cpu), 0)
                             for workers in MODEL_WORKERS)]))
    return lines


def pages_table(sizes: list[Size]) -> list[str]:
    lines = ["| corpus | kind | system briefs | briefs by pages | budget | over budget |",
             "|---|---|---:|---|---:|---|"]
    for size in sizes:
        lines += pages_lines(size.label, size.pages)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,10,40,1x10,40x10",
                        help="numbers of agencies, with xMEETINGS where not --meetings (default 1,10,40,1x10,40x10)")
    parser.add_argument("--meetings", type=int, default=2, help="meetings of a size given without them (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="the corpus's seed (default 0)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of validate, plan and no-op, the median kept (default 3)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the samples' builds, the median kept (default 2)")
    parser.add_argument("--full-limit", type=int, default=1000,
                        help="build a whole corpus of at most this many briefs; a larger one is recorded by the "
                        "stand-in build (default 1000)")
    parser.add_argument("--no-cluster", dest="cluster", action="store_false", help="no LocalCluster builds")
    args = parser.parse_args(argv)
    try:
        wanted = parse_sizes(args.sizes, args.meetings)
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    started = time.perf_counter()
    load_before = os.getloadavg()
    sizes = []
    cluster = Cluster() if args.cluster else None
    try:
        with tempfile.TemporaryDirectory(prefix="migration-briefs-scale-") as scratch:
            for agencies, meetings in wanted:
                sizes.append(prepare(agencies, meetings, args, Path(scratch)))
                print(f"prepared {sizes[-1].label} ({time.perf_counter() - started:.0f} s so far)", file=sys.stderr)
            for number in range(args.rounds):
                one_round(sizes, cluster)
                print(f"round {number + 1} of {args.rounds} ({time.perf_counter() - started:.0f} s so far)",
                      file=sys.stderr)
            if cluster is not None:
                for size in sizes:
                    one_brief(size, cluster)
    finally:
        if cluster is not None:
            cluster.close()
    load_after = os.getloadavg()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; load average "
          f"{load_before[0]:.1f} before, {load_after[0]:.1f} after; seed {args.seed}; "
          f"{time.perf_counter() - started:.0f} s in all")
    print(f"Corpus: agencies (over {args.meetings} meetings), or agencies x meetings. Samples, each rebuilt after its "
          f"outputs were removed, median of {args.rounds} rounds: agency briefs = --agency {SAMPLE_AGENCY} --year "
          f"{SAMPLE_YEAR}; system briefs = --agency all --year {SAMPLE_YEAR}; cluster = --scheduler, a LocalCluster "
          f"of 2 worker processes of 1 thread. Full build: every planned brief from an empty build/, --jobs 2, up to "
          f"{args.full_limit} briefs, else a stand-in build; no-op: `briefs build` again.\n")
    print("\n".join(table(sizes)))
    print("\nMemory: the largest VmHWM of each kind of process over each sample's --jobs 2 builds:\n")
    print("\n".join(memory_table(sizes)))
    print("\nAgainst one agency over as many meetings where measured, else the first size (the agency briefs' cost a "
          "brief, memory), and the cluster against --jobs 2:\n")
    print("\n".join(ratio_table(sizes)))
    if cluster is not None:
        print("\nTime model of a whole build on a cluster: fixed + (briefs - 1) x max(worker CPU / workers, build "
              "process CPU); fixed: a cluster build of one system brief; CPU: what each sample's cluster builds took "
              "beyond a build of its first brief alone, a brief:\n")
        print("\n".join(model_table(sizes)))
    print("\nPages of every system brief (agency all):\n")
    print("\n".join(pages_table(sizes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
