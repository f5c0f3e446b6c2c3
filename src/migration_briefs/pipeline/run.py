"""Build briefs, stage by stage, as `build` reads from top to bottom:

1. lock build/ (lock.py), so that a second build of the same folder waits;
2. hash what briefs read (inputs.py) and read back the manifest (manifest.py);
3. plan: which briefs the data calls for (plan.py), from the cached plan when nothing changed;
4. sort out the briefs whose inputs or outputs changed, skipping the others;
5. schedule those (schedule.py): each is run by build_one (brief.py), in the build process or
   in a pool of workers; or made on a Dask cluster's workers and written here (cluster.py);
6. record each brief's Result in the manifest as it comes in (record.py);
7. publish the index and the source pages (site.py), remove what no brief owns any more, and
   write the manifest.

The no-op path (nothing changed) only hashes files and reads build/manifest.json: it never
imports papermill, nbconvert, pandas or pydantic.

Under faults: what is read back from the manifest is checked (manifest.py); a failure of a
brief, its kernel or its worker is reported with the brief's parameters while the others still
build; a file-system fault is one BuildEnvironmentError sentence, never a traceback.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from migration_briefs import paths
from migration_briefs.errors import BuildEnvironmentError, BuildInterruptedError, os_error
from migration_briefs.model.draft_marks import ALL
from migration_briefs.model.params import BriefSpec
from migration_briefs.paths import Project
from migration_briefs.pipeline.brief import CELL_TIMEOUT, SCRATCH_PREFIX, Result, Task, described
from migration_briefs.pipeline.inputs import Inputs, file_hashes
from migration_briefs.pipeline.lock import LOCK_FILE, build_lock
from migration_briefs.pipeline.manifest import FAILED_SUFFIX, MANIFEST_FILE, read_manifest, write_manifest
from migration_briefs.pipeline.plan import Filters, Plan, plan_briefs
from migration_briefs.pipeline.record import (
    Recorder,
    Report,
    brief_state,
    forget_unknown,
    record_inputs,
    tidy,
)
from migration_briefs.pipeline.schedule import Progress, run_briefs
from migration_briefs.pipeline.site import write_site

FORMATS = ("html", "pdf")  # what a build writes unless told: the Word document is on request
EVERY_FORMAT = ("html", "pdf", "docx")


@dataclass(frozen=True)
class BuildContext:
    """What one build works with, in one place: the checkout it builds from, the folder it writes
    to, and how it builds (formats, jobs, engine, limits, where messages go)."""

    project: Project
    build_dir: Path
    formats: tuple[str, ...] = FORMATS
    jobs: int = 1
    keep_going: bool = True
    engine: str = "warm"
    cell_timeout: int = CELL_TIMEOUT
    log: Callable[[str], None] = print
    scheduler: str | None = None  # a Dask scheduler (its address or file) whose workers make the briefs
    drafts: bool = False  # build the briefs drafts would give too (`briefs build --drafts`, preview.py)


def build(filters: Filters | None = None, formats: tuple[str, ...] = FORMATS, jobs: int = 1,
          keep_going: bool = True, root: Path | Project | None = None, build_dir: Path | None = None,
          engine: str = "warm", log=print, wait: float | None = None, cell_timeout: int = CELL_TIMEOUT,
          scheduler: str | None = None, drafts: bool = False) -> Report:
    """Build the planned briefs that are missing or stale. `engine` is the papermill engine:
    'warm' (one reused kernel per worker) or 'fresh' (a new kernel per brief). Another build of
    the same folder is waited for, at most `wait` seconds when given (BuildLockedError after).
    A file-system fault raises BuildEnvironmentError carrying the report so far. `root` is the
    project to build (the default project when None). With `scheduler` (a Dask scheduler's
    address), the briefs are the tasks of that cluster's workers, and `jobs` is not used."""
    project = Project.at(root)
    root = project.root
    # where the build folder is may be reached through links; nothing inside it may be
    build_dir = Path(build_dir or project.build_dir)
    build_dir = Path(os.path.realpath(build_dir.parent)) / build_dir.name
    context = BuildContext(project, build_dir, formats, jobs, keep_going, engine, cell_timeout, log, scheduler,
                           drafts)
    report = Report()
    try:
        with build_lock(build_dir, wait=wait, log=log, name=f"{paths.relative_to_root(build_dir, root)}/{LOCK_FILE}"):
            _build_locked(context, filters or Filters(), report)
    except OSError as exc:
        raise os_error(exc, root, report) from None
    except BuildEnvironmentError as exc:  # a scheduler lost: what was built is recorded, and summed up
        exc.report = exc.report or report
        raise
    except KeyboardInterrupt:  # the lock is released and the manifest records what was built
        raise BuildInterruptedError(paths.relative_to_root(build_dir, root) + "/", report) from None
    return report


def _build_locked(context: BuildContext, filters: Filters, report: Report) -> None:
    project, build_dir, log = context.project, context.build_dir, context.log
    try:
        hashes = file_hashes(project.root)
        manifest = read_manifest(build_dir, warn=log, set_aside=True)
        before = (getattr(manifest, "tidy", False), manifest.get("plan"), len(manifest["briefs"]),
                  manifest.get("sources"))
        specs, plan = plan_briefs(project, hashes, filters, manifest, warn=log)
        manifest["plan"] = plan.to_json()
        known = {spec.relpath for spec in plan.known()}
        forget_unknown(manifest, known, build_dir)
        inputs = Inputs(hashes, plan.papers)
        todo, recorded_again = _to_build(context, specs, plan, manifest, inputs, report)
        if todo:
            _run(context, todo, manifest, inputs, plan, report)
        unchanged = not todo and before == (True, manifest["plan"], len(manifest["briefs"]), manifest.get("sources"))
        write_site(project.root, build_dir, manifest, plan, unchanged)
        after = (True, manifest["plan"], len(manifest["briefs"]), manifest.get("sources"))
        if todo or recorded_again or before != after or not (build_dir / MANIFEST_FILE).is_file():
            write_manifest(build_dir, manifest)
        report.removed = tidy(build_dir, None if filters.given() else known)
    except BaseException:
        tidy(build_dir)
        raise


def _to_build(context: BuildContext, specs: list[BriefSpec], plan: Plan, manifest: dict, inputs: Inputs,
              report: Report) -> tuple[list[tuple[BriefSpec, str]], bool]:
    """The briefs to build, each with its key; those up to date and those resting on a draft go
    to the report instead. And whether the manifest learnt something about the briefs up to date
    (their outputs' status read anew, a group of inputs it lacked)."""
    build_dir, todo, learnt = context.build_dir, [], False
    for spec in specs:
        unconfirmed = None if context.drafts else plan.unconfirmed(spec)
        if unconfirmed:  # never published: the brief's earlier outputs, if any, stay as they were
            failure = Result(spec.relpath, False, error=f"{described(spec)}: not built: {unconfirmed}.")
            report.failed.append(failure)
            context.log(failure.error)
            continue
        key = inputs.key(spec)
        entry = manifest["briefs"].get(spec.relpath)
        status = entry.get("stat") if entry else None
        if brief_state(spec, entry, key, context.formats, build_dir) == "up to date":
            report.up_to_date.append(spec.relpath)
            with contextlib.suppress(FileNotFoundError):  # from an undone edit
                os.unlink(f"{build_dir}/{spec.relpath}{FAILED_SUFFIX}")
            read, table = inputs.read(spec), manifest.get("inputs", {})
            learnt |= entry.get("stat") != status or entry.get("inputs") != read or any(
                digest not in table for digest in read.values())
            entry["inputs"] = record_inputs(manifest, inputs, spec)
        else:
            todo.append((spec, key))
    return todo, learnt


def _run(context: BuildContext, todo: list[tuple[BriefSpec, str]], manifest: dict, inputs: Inputs, plan: Plan,
         report: Report) -> None:
    """Schedule the briefs of `todo` and record each as it comes in; the manifest is written at
    the end however the build ends."""
    build_dir = context.build_dir
    scratch = build_dir / f"{SCRATCH_PREFIX}{os.getpid()}"
    if scratch.is_symlink() or (scratch.exists() and not scratch.is_dir()):
        scratch.unlink()  # never write the executed notebooks through a link put in its place
    scratch.mkdir(parents=True, exist_ok=True)
    data = _data_sets(context.project, {spec.agency for spec, _ in todo}, plan, scratch)
    tasks = [Task(spec, context.formats, str(context.project.root), str(build_dir), context.engine, str(scratch),
                  context.cell_timeout, data[spec.agency], context.drafts) for spec, _ in todo]
    progress = Progress(len(tasks))
    recorder = Recorder(build_dir, manifest, report, todo, inputs, context.log)

    def record(result: Result) -> None:
        progress.update(result.relpath)
        recorder(result)

    try:
        run_briefs(tasks, context.jobs, record, stop=lambda: bool(report.failed) and not context.keep_going,
                   scheduler=context.scheduler, log=context.log)
    finally:
        progress.close()
        recorder.close()


def _data_sets(project: Project, agencies: set[str], plan: Plan, scratch: Path) -> dict[str, str]:
    """For each agency with briefs to build ('all' for the briefs across agencies), the data set
    its briefs read, written once for this build (model/cache.py): taken from the data the plan
    loaded, or else loaded for that agency alone. Its value for the kernels' environment."""
    from migration_briefs.model.cache import subset, write_cache
    from migration_briefs.model.loader import load
    written = {}
    for agency in sorted(agencies):
        part = None if agency == ALL else agency
        dataset = subset(plan.loaded, part) if plan.loaded is not None else load(project, agency=part)
        written[agency] = write_cache(dataset, scratch / f"data-{agency}.pickle")
    return written
