"""Build briefs: plan them, skip those whose inputs have not changed, run the rest in a
pool of worker processes, write every output atomically and record a manifest.

The no-op path (nothing changed) only hashes files and reads build/manifest.json: it never
imports papermill, nbconvert, pandas or pydantic.

Under faults: a build holds build/.lock from start to end, so a second build of the same
folder waits; what is read back from the manifest is checked (manifest.py); a failure of a
brief, its kernel or its worker is reported with the brief's parameters while the others still
build; a file-system fault is one BuildEnvironmentError sentence, never a traceback.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import platform
import re
import shutil
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from migration_briefs import paths
from migration_briefs.errors import BuildEnvironmentError, BuildInterruptedError, UnsafeFileError, os_error
from migration_briefs.files import (
    hash_regular,
    inside,
    linked_folder,
    read_regular,
    sha256,
    write_all_atomic,
    write_atomic,
)
from migration_briefs.model.draft_marks import DraftMark
from migration_briefs.model.params import BRIEF_RELPATH, METADATA_KEY, BriefSpec
from migration_briefs.paths import Project
from migration_briefs.pipeline.lock import LOCK_FILE, build_lock, release_in_child
from migration_briefs.pipeline.manifest import MANIFEST_FILE, OUTPUT_FORMATS, brief_entry, read_manifest, write_manifest

FORMATS = ("html", "pdf")
FAILED_SUFFIX = ".failed.ipynb"
SCRATCH_PREFIX = ".scratch-"  # build/.scratch-<pid>/: one build's executed notebooks before export
KEY_PACKAGES = ("papermill", "nbconvert", "nbformat", "nbclient", "ipykernel", "pandas", "matplotlib",
                "weasyprint", "pydantic", "pyyaml")
# Address space a build worker, and each kernel, may take (README): a brief takes well under
# 1 GB; past this a cell gets MemoryError, or the worker fails its brief, never the build.
MEMORY_LIMIT = 2 * 2**30
MEMORY_VARIABLE = "MIGRATION_BRIEFS_MEMORY_LIMIT"  # read by the kernel extension (notebook.py)
# Seconds one cell may run (README): a brief's cells take well under a second each.
CELL_TIMEOUT = 120
ERROR_LINES_SHOWN = 3  # of an exception's message in a failure report; the rest is in the failed notebook
# A brief this many times as long as its page budget (README, "Page budgets") gets a warning: the
# budget is a test's, but a brief that passes it by far (118 pages) is news to whoever builds it.
FAR_PAST_BUDGET = 2


# --- hashing ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Input:
    """Files briefs read: `pattern` under `folder` (relative to the project's root), and which
    briefs read them: "every" brief; "agency", the briefs of the agency whose folder holds the
    file and the briefs across agencies; "system", the briefs across agencies; "notebook", the
    briefs the notebook makes (every brief also reads every notebook's declaration, which says
    which briefs exist, for its links)."""

    folder: str
    pattern: str
    read_by: str = "every"


# Everything a brief reads, declared once. Data is what the data model reads (model/loader.py,
# model/reference.py): tests/test_hostile_build.py records what loading the data opens and edits
# every file under data/ and notebooks/ to check this list against it. Nothing else counts: not
# drafting.yaml or country_names.csv (read by `briefs draft` and `validate` only), the schema for
# editors, a video left under data/, nor any hidden file (an editor's swap file, the
# `.<name>.tmp-<pid>` a killed import leaves behind).
INPUTS = (Input("data/contributions", "*/*.yaml", "agency"), Input("data/sources", "**/*.yaml"),
          *(Input("data/reference", name) for name in ("agencies.yaml", "countries.csv", "mechanisms.yaml",
                                                        "sdg_goals.csv", "sdg_indicators.csv", "sdg_targets.csv",
                                                        "vocabularies.yaml")),
          Input("data", "publisher.yaml"), Input("data/system", "*.yaml", "system"),
          Input("notebooks", "*.ipynb", "notebook"), Input("src/migration_briefs", "**/*"),
          Input(".", "requirements.lock"))
_READ_BY = {f"{i.folder}/": i.read_by for i in INPUTS if i.read_by != "every"}
DECLARATION = ":declaration"  # the key of a notebook's declaration: "notebooks/<name>.ipynb:declaration"
DECLARATION_LIMIT = 64 * 2**20  # bytes of a notebook read for its declaration; a larger one has none


def file_hashes(root: Path) -> dict[str, str]:
    """Content hashes of every input a brief can depend on, keyed by path relative to root, and
    of each notebook's declaration; streamed, so memory stays flat whatever a file's size."""
    found = {}
    for entry in INPUTS:
        for path in sorted((root / entry.folder).glob(entry.pattern)):
            relative = path.relative_to(root)
            if any(part.startswith(".") for part in relative.parts) or "__pycache__" in relative.parts \
                    or path.name.endswith(".pyc"):
                continue
            digest = hash_regular(path)
            if digest is not None:
                found[relative.as_posix()] = digest
                if entry.read_by == "notebook" and (declared := _declaration(path)) is not None:
                    found[relative.as_posix() + DECLARATION] = declared
    return dict(sorted(found.items()))


def _declaration(notebook: Path) -> str | None:
    """The hash of what a notebook declares (its metadata's "migration_briefs"), or None when it
    cannot be read as a notebook (the plan then says why)."""
    try:
        metadata = json.loads(read_regular(notebook, DECLARATION_LIMIT)).get("metadata", {})
        return sha256(json.dumps(metadata.get(METADATA_KEY), sort_keys=True).encode())
    except (OSError, UnsafeFileError, ValueError, AttributeError):
        return None


def _digest(hashes: dict[str, str], keep) -> str:
    return sha256(json.dumps({k: v for k, v in hashes.items() if keep(k)}, sort_keys=True).encode())


def plan_hash(hashes: dict[str, str]) -> str:
    """What the plan of briefs (and the source pages) depends on: the data, the library and the
    notebooks (each declares its kind of brief in its metadata)."""
    return _digest(hashes, lambda k: k.startswith(("data/", "src/", "notebooks/")))


def brief_inputs(spec: BriefSpec, hashes: dict[str, str]) -> dict[str, str]:
    """What a brief reads, by INPUTS: what every brief reads, the contribution files of its
    agency (all of them, and the notes of data/system/, for 'all'), its notebook, and every
    notebook's declaration."""
    def reads(key: str) -> bool:
        read_by = next((who for folder, who in _READ_BY.items() if key.startswith(folder)), "every")
        if read_by == "agency":
            return spec.agency == "all" or key.startswith(f"data/contributions/{spec.agency}/")
        if read_by == "system":
            return spec.agency == "all"
        if read_by == "notebook":
            return key == f"notebooks/{spec.notebook_file}" or key.endswith(DECLARATION)
        return True

    return {k: v for k, v in hashes.items() if reads(k)}


def brief_key(spec: BriefSpec, hashes: dict[str, str], seen: dict | None = None) -> str:
    """The hash of what a brief reads and its parameters. `seen` keeps the inputs of each agency
    and notebook across the briefs of one build: they are the same for all of that agency's
    briefs of a kind, and sorting them out again for each of a thousand briefs is a fifth of a
    build with nothing to do."""
    group = (spec.agency, spec.notebook_file)
    if seen is None or group not in seen:
        inputs = brief_inputs(spec, hashes)
        if seen is not None:
            seen[group] = inputs
    else:
        inputs = seen[group]
    return sha256(json.dumps({"inputs": inputs, "parameters": spec.parameters,
                              "notebook": spec.notebook, "name": spec.name}, sort_keys=True).encode())


# --- manifest -------------------------------------------------------------------------------

def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version
    found = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


# --- planning ---------------------------------------------------------------------------------

@dataclass
class Filters:
    """Narrow a build to the briefs whose parameters have these values (a brief without the
    parameter is left out: GOAL=5 builds goal briefs only)."""

    year: int | str | None = None
    agency: str | None = None
    goal: str | int | None = None
    mechanism: str | None = None
    country: str | None = None

    def given(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def match(self, spec: BriefSpec) -> bool:
        parameters = spec.parameters
        return all(name in parameters and str(parameters[name]).upper() == str(value).strip().upper()
                   for name, value in self.given().items())


@dataclass
class Plan:
    """Every brief the data calls for, and the briefs built on request beyond those (such as
    agency 'all' when the data has one agency) with the filters that asked for them. Cached in
    the manifest under the hash of the data and the library, so an unchanged project is never
    loaded again; briefs asked for stay known until the data can no longer make them."""

    digest: str
    briefs: list[BriefSpec]
    requested: list[tuple[dict, list[BriefSpec]]] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)  # each source page and its document's title, for the index
    drafts: list[dict] = field(default_factory=list)  # what no person has confirmed yet: no brief is built on it
    labels: dict = field(default_factory=dict)  # the index's names of goals, mechanisms, countries (site.facet_labels)

    def known(self) -> list[BriefSpec]:
        found: dict[str, BriefSpec] = {}
        for spec in self.briefs + [spec for _, specs in self.requested for spec in specs]:
            found.setdefault(spec.relpath, spec)
        return list(found.values())

    def to_json(self) -> dict:
        """As JSON reads it back (lists, not tuples), so that an unchanged plan compares equal to
        the cached one and a build with nothing to do need not write the manifest."""
        def spec(s: BriefSpec) -> dict:
            return {**asdict(s), "params": [list(p) for p in s.params]}

        return {"hash": self.digest, "briefs": [spec(s) for s in self.briefs],
                "requested": [{"filters": given, "briefs": [spec(s) for s in specs]}
                              for given, specs in self.requested],
                "sources": self.sources, "drafts": self.drafts, "labels": self.labels}

    @classmethod
    def from_json(cls, cached: dict) -> "Plan":
        """Raises TypeError, ValueError (ParameterError), KeyError or AttributeError on an
        entry that is not a brief: BriefSpec checks every value that becomes part of a path.
        By hand, not with pydantic: a build with nothing to do reads the cached plan, and
        importing pydantic would double its time (manifest.py)."""
        sources = [{"page": str(s["page"]), "title": str(s["title"])} for s in cached.get("sources", [])]
        if not all(re.fullmatch(r"sources/[A-Za-z0-9._-]+\.html", s["page"]) for s in sources):
            raise ValueError("a source page outside build/sources/")
        drafts = [asdict(DraftMark(str(d["file"]), None if d["line"] is None else int(d["line"]), str(d["agency"]),
                                   None if d["year"] is None else int(d["year"]), str(d["kind"]), str(d["item"]),
                                   int(d["count"]))) for d in cached.get("drafts", [])]
        from migration_briefs.pipeline.site import checked_labels
        return cls(cached["hash"], [BriefSpec(**entry) for entry in cached["briefs"]],
                   [(dict(r["filters"]), [BriefSpec(**entry) for entry in r["briefs"]])
                    for r in cached.get("requested", [])], sources, drafts, checked_labels(cached.get("labels", {})))

    def unconfirmed(self, spec: BriefSpec) -> str | None:
        """Why `spec` may not be built yet (it rests on a draft), or None."""
        parameters = spec.parameters
        if "agency" not in parameters or "year" not in parameters:
            return None
        for entry in self.drafts:
            mark = DraftMark(**entry)
            if mark.covers(str(parameters["agency"]), int(parameters["year"])):
                return mark.sentence()
        return None


_UNTRUSTED = (TypeError, ValueError, KeyError, AttributeError)


def _load(project: Project):
    from migration_briefs.model.loader import load
    return load(project)


def _requested_again(dataset, kinds, cached: object, planned: set[str]) -> list[tuple[dict, list[BriefSpec]]]:
    """The briefs asked for before the data changed, planned again: those the data can no
    longer make, or now plans anyway, drop out."""
    from migration_briefs.model.params import plan
    found = []
    for entry in cached if isinstance(cached, list) else []:
        try:
            given = dict(entry["filters"])
            specs = [s for s in plan(dataset, kinds, Filters(**given).given()) if s.relpath not in planned]
        except _UNTRUSTED:
            continue
        if specs:
            found.append((given, specs))
    return found


def plan_briefs(project: Project, hashes: dict[str, str], filters: Filters, manifest: dict,
                warn=None) -> tuple[list[BriefSpec], Plan]:
    """The briefs to consider, and the plan to cache. A filter that matches no known brief is
    checked against the data: a bad value gets the library's clear ParameterError, a valid one
    (such as agency 'all' with one agency) gets its briefs, remembered as requested."""
    digest = plan_hash(hashes)
    cached = manifest.get("plan", {})
    known, dataset = None, None
    if cached.get("hash") == digest:
        try:
            known = Plan.from_json(cached)
        except _UNTRUSTED as exc:
            if warn:
                warn(f"build/manifest.json: ignored the cached plan ({type(exc).__name__}: {exc}); "
                     "planning again from the data")
    if known is None:
        from migration_briefs.model.params import brief_kinds, plan
        from migration_briefs.pipeline.site import facet_labels
        dataset = _load(project)
        kinds = brief_kinds(project.notebooks_dir)
        planned = plan(dataset, kinds)
        known = Plan(digest, planned, _requested_again(dataset, kinds, cached.get("requested"),
                                                      {s.relpath for s in planned}),
                     [{"page": paths.source_page(name), "title": source.title}
                      for name, source in sorted(dataset.sources.items())],
                     [asdict(mark) for mark in dataset.drafts], facet_labels(dataset))
    chosen = [s for s in known.known() if filters.match(s)]
    if filters.given() and not chosen:
        from migration_briefs.errors import ParameterError
        from migration_briefs.model.params import brief_kinds, plan
        given = filters.given()
        chosen = plan(dataset or _load(project), brief_kinds(project.notebooks_dir), given)
        if not chosen:
            raise ParameterError("filters", given, [], "select no brief together (a goal and a mechanism "
                                 "name different briefs; see `briefs list` for what exists)")
        planned = {s.relpath for s in known.briefs}
        extra = [s for s in chosen if s.relpath not in planned]
        if extra:
            known.requested.append((given, extra))
    return chosen, known


# --- one brief, in a worker ---------------------------------------------------------------------

@dataclass
class Task:
    spec: BriefSpec
    formats: tuple[str, ...]
    root: str
    build_dir: str
    engine: str = "warm"
    scratch: str = ""  # this build's scratch folder; by default one for this process
    cell_timeout: int = 0  # whole seconds a cell may run; 0: CELL_TIMEOUT


@dataclass
class Result:
    relpath: str
    ok: bool
    title: str = ""
    agency_name: str = ""
    also_covers: str = ""  # what the brief covers that has no brief of its own, for the index
    meetings: list[str] = field(default_factory=list)  # the short names of the meetings its papers went to
    outputs: dict[str, str] = field(default_factory=dict)
    error: str = ""
    pages: int | None = None
    environment: bool = False  # failed for a reason outside the brief: the file system, a missing tool
    warnings: list[str] = field(default_factory=list)  # what the sanitiser removed, located


def _worker_init() -> None:
    # jsonschema imports rfc3987-syntax (brought by the jupyter metapackage) only for 'iri'
    # formats that notebooks never use; building its grammar costs ~1.5 s per process.
    sys.modules.setdefault("rfc3987_syntax", None)


def limit_memory(limit: int) -> None:
    """Hold this process (and what it starts later) to `limit` bytes of address space."""
    import resource
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard >= limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space() -> int | None:
    """The bytes of address space this process holds now (Linux: /proc/self/statm), or None."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextlib.contextmanager
def memory_capped(limit: int):
    """Hold this process to `limit` bytes of address space beyond what it holds now, inside the
    `with` block, then give it back its own limit: a brief built in the build process itself
    (--jobs 1, or one brief) is held as a worker's is (limit_memory), and a process that called
    build() keeps its limit once the brief is built. Nothing changes where the address space
    cannot be read, or a tighter limit is set already."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    held = _address_space()
    cap = None if held is None else held + limit
    if cap is not None and hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if cap is None or (soft != resource.RLIM_INFINITY and soft <= cap):
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _pool_worker_init() -> None:
    release_in_child()  # the build's lock must end with the build, not with an orphaned worker
    limit_memory(MEMORY_LIMIT)
    # Ctrl-C is the build's to handle (it ends the workers); SIGTERM ends a worker's kernels too.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_worker)
    _worker_init()


def _end_worker(signum, frame) -> None:
    _kill_kernels()
    os._exit(128 + signum)


def _kill_kernels() -> None:
    if "migration_briefs.pipeline.engine" in sys.modules:
        sys.modules["migration_briefs.pipeline.engine"].kill_kernels()


def normalise_notebook(nb) -> None:
    """Drop what papermill and nbclient record that differs between identical runs:
    timestamps, durations, absolute paths and the injected cell's random id."""
    nb.metadata.pop("papermill", None)
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
        if cell.get("cell_type") == "code":
            cell.execution_count = index
            for output in cell.get("outputs", []):
                if output.get("output_type") == "execute_result":
                    output.execution_count = index


def _cell_label(cells, index: int, source: str, notebook: str) -> str:
    """'cell 6 of notebooks/x.ipynb (`first line`)', numbered as JupyterLab shows the source
    notebook: from 1, without the cell papermill injected."""
    from migration_briefs.render.exporters import source_cell_number
    first_line = next((line for line in source.splitlines() if line.strip()), "")
    return f"cell {source_cell_number(cells, index)} of notebooks/{notebook} (`{first_line}`)"


def _first_lines(text: str) -> str:
    """An exception's message for a failure report: its first lines, not all of them."""
    lines = str(text).strip().splitlines() or [""]
    if len(lines) > ERROR_LINES_SHOWN:
        lines = lines[:ERROR_LINES_SHOWN] + [f"... {len(lines) - ERROR_LINES_SHOWN} more lines in the failed notebook"]
    return "\n    ".join(lines)


def _described(spec: BriefSpec) -> str:
    return f"{spec.relpath} failed ({', '.join(f'{k}={v!r}' for k, v in spec.parameters.items())})"


def build_one(task: Task) -> Result:
    """Execute one notebook with its parameters and export it. Never raises: a failure of the
    notebook, its kernel or the file system is a Result naming the brief and its parameters."""
    try:
        return _build_one(task)
    except MemoryError:
        return Result(task.spec.relpath, False, error=(
            f"{_described(task.spec)}: it ran out of memory (a brief may take {MEMORY_LIMIT // 2**30} GB); "
            "show less in the notebook (a summary, not the full table) and build again"))
    except OSError as exc:
        return Result(task.spec.relpath, False, error=f"{_described(task.spec)}: {os_error(exc, Path(task.root))}",
                      environment=True)
    except BuildEnvironmentError as exc:
        return Result(task.spec.relpath, False, error=f"{_described(task.spec)}: {exc}", environment=True)
    except Exception as exc:  # one brief's failure is its own, in one located line, whatever raised it
        return Result(task.spec.relpath, False, error=f"{_described(task.spec)}: {type(exc).__name__}: "
                      f"{_first_lines(exc)}")


def _build_one(task: Task) -> Result:
    _worker_init()
    import nbformat
    import papermill
    from jupyter_client.kernelspec import NoSuchKernel
    from papermill.exceptions import PapermillExecutionError

    from migration_briefs.pipeline.engine import CellTimedOutError, KernelDiedError

    spec, root, build_dir = task.spec, Path(task.root), Path(task.build_dir)
    target = build_dir / spec.relpath
    failed = target.with_name(target.name + FAILED_SUFFIX)
    link = linked_folder(target)
    if link is not None:  # nothing is written through a link, wherever it leads
        return Result(spec.relpath, False, environment=True, error=(
            f"{_described(spec)}: {paths.relative_to_root(link, root)} is a symbolic link, and nothing is "
            "written through a link; remove the link (or run `make clean`)"))
    target.parent.mkdir(parents=True, exist_ok=True)  # before the notebook runs: no work that cannot be kept
    scratch_dir = Path(task.scratch) if task.scratch else build_dir / f"{SCRATCH_PREFIX}{os.getpid()}"
    scratch_dir.mkdir(parents=True, exist_ok=True)
    scratch = scratch_dir / f"{spec.relpath.replace('/', '--')}.ipynb"
    env_root = os.environ.get(paths.ROOT_VARIABLE)
    os.environ[paths.ROOT_VARIABLE] = str(root)  # the kernels' default project
    os.environ[MEMORY_VARIABLE] = str(MEMORY_LIMIT)  # for the kernels this process starts
    # Under that limit, address space reserved ahead of use must stay small whatever the core
    # count: one BLAS thread (a brief does no linear algebra) and few malloc arenas per kernel.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    try:
        papermill.execute_notebook(
            str(root / "notebooks" / spec.notebook_file), str(scratch), parameters=spec.parameters,
            kernel_name="python3", engine_name=task.engine, progress_bar=False, log_output=False,
            execution_timeout=task.cell_timeout or CELL_TIMEOUT,
            request_save_on_cell_execute=False, cwd=str(root / "notebooks"))
        nb = nbformat.read(scratch, as_version=4)
    except PapermillExecutionError as exc:
        os.replace(scratch, failed)
        cells = nbformat.read(failed, as_version=4).cells
        return Result(spec.relpath, False, error=(
            f"{_described(spec)}: {_cell_label(cells, exc.cell_index, exc.source, spec.notebook_file)} raised {exc.ename}: "
            f"{_first_lines(exc.evalue)}\n"
            f"    the failed notebook is saved at {paths.relative_to_root(failed, root)}"))
    except KernelDiedError as exc:
        normalise_notebook(exc.notebook)
        cells = exc.notebook.cells
        label = _cell_label(cells, exc.cell_index, cells[exc.cell_index].source, spec.notebook_file)
        write_atomic(failed, (nbformat.writes(exc.notebook) + "\n").encode())
        what = (f"{label} ran longer than the cell time limit of {exc.seconds:g} s (--cell-timeout)"
                if isinstance(exc, CellTimedOutError) else f"the kernel died in {label}")
        return Result(spec.relpath, False, error=(
            f"{_described(spec)}: {what}\n"
            f"    the notebook as far as it ran is saved at {paths.relative_to_root(failed, root)}"))
    except NoSuchKernel as exc:
        return Result(spec.relpath, False, environment=True, error=(
            f"{_described(spec)}: the Jupyter kernel {exc.name!r} is not installed; run `make setup`"))
    except OSError:  # the file system's fault, not the brief's: build_one says so
        raise
    except Exception as exc:  # a kernel that cannot start or answer: report, keep building others
        return Result(spec.relpath, False, error=f"{_described(spec)}: {type(exc).__name__}: {_first_lines(exc)}")
    finally:
        scratch.unlink(missing_ok=True)
        if env_root is None:
            os.environ.pop(paths.ROOT_VARIABLE, None)
        else:
            os.environ[paths.ROOT_VARIABLE] = env_root

    from migration_briefs.render.exporters import BriefRenderError
    normalise_notebook(nb)
    notebook_bytes = (nbformat.writes(nb) + "\n").encode()
    try:
        files, pages, resources = _rendered(task, nb, notebook_bytes, target)
    except (OSError, MemoryError, BuildEnvironmentError):
        raise  # the file system's or the memory limit's: build_one says so
    except Exception as exc:
        # Whatever its content does to nbconvert or WeasyPrint, the brief fails alone, with the
        # cell where it can be named; its earlier outputs stay as they were.
        write_atomic(failed, notebook_bytes)
        if isinstance(exc, BriefRenderError):
            where = f"cell {exc.cell_number} of notebooks/{spec.notebook_file}: " if exc.cell_number else ""
            what = f"{where}{exc.message}{f'; {exc.fix}' if exc.fix else ''}"
        else:
            what = f"{type(exc).__name__}: {_first_lines(exc)}"
        return Result(spec.relpath, False, error=f"{_described(spec)}: it could not be rendered: {what}\n"
                      f"    the executed notebook is saved at {paths.relative_to_root(failed, root)}")
    write_all_atomic(files)  # the brief's outputs are replaced together, or none of them
    outputs = {path.name[len(target.name) + 1:]: sha256(data) for path, data in files.items()}
    failed.unlink(missing_ok=True)
    meta = brief_meta(nb)
    warnings = [f"warning: {spec.relpath}: {where.replace(': ', f' of notebooks/{spec.notebook_file}: ', 1)}"
                for where in resources.get("brief", {}).get("warnings", [])]
    too_long = _far_past_budget(spec, pages, files.get(target.with_name(f"{target.name}.items.csv")))
    if too_long:
        warnings.append(too_long)
    meetings = meta.get("meetings")
    return Result(spec.relpath, True, title=meta.get("title", spec.relpath),
                  agency_name=meta.get("agency_name", spec.agency), also_covers=meta.get("also_covers", ""),
                  meetings=[m for m in meetings if isinstance(m, str)] if isinstance(meetings, list) else [],
                  outputs=outputs, pages=pages, warnings=warnings)


def _far_past_budget(spec: BriefSpec, pages: int | None, items_csv: bytes | None) -> str | None:
    """A warning when the brief's PDF takes more than FAR_PAST_BUDGET times its page budget,
    which grows with the items it covers (the rows of its items table), or None."""
    if pages is None:
        return None
    import csv
    import io

    from migration_briefs.briefs.base import page_budget
    items = max(0, sum(1 for _ in csv.reader(io.StringIO((items_csv or b"").decode("utf-8")))) - 1)
    budget = page_budget(spec.brief, items, system=spec.agency == "all")
    if pages <= FAR_PAST_BUDGET * budget:
        return None
    return (f"warning: {spec.relpath}: {pages} pages, more than {FAR_PAST_BUDGET} times its budget of {budget} for "
            f"{items} item{'s' if items != 1 else ''} (README, \"Page budgets\"); show less in "
            f"notebooks/{spec.notebook_file} (a summary, not every item in full)")


def _rendered(task: Task, nb, notebook_bytes: bytes, target: Path) -> tuple[dict[Path, bytes], int | None, dict]:
    """Every output of one brief, made in memory before any is written: the executed notebook,
    the tables as CSV, the HTML page and the PDF (with its page count), by path; and the
    exporter's resources."""
    from migration_briefs.render.exporters import export_brief, render_pdf
    html, resources = export_brief(nb, task.spec.name)
    files = {target.with_suffix(".ipynb"): notebook_bytes}
    for filename, data in sorted(resources.get("outputs", {}).items()):  # "<name>.items.csv", checked by the exporter
        files[target.with_name(filename)] = data
    pages = None
    if "html" in task.formats:
        files[target.with_suffix(".html")] = html.encode()
    if "pdf" in task.formats:
        files[target.with_suffix(".pdf")], pages = render_pdf(html)  # images are data: URIs: no base URL
    return files, pages, resources


def brief_meta(nb) -> dict:
    """The brief's title block, as its notebook displayed it."""
    from migration_briefs.render.cells import META_MIMETYPE
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if META_MIMETYPE in output.get("data", {}):
                return dict(output["data"][META_MIMETYPE])
    return {}


# --- the build ----------------------------------------------------------------------------------

class Progress:
    """'[3/24] un-women/2016/goal-5  41 s' on one line, only on a terminal."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.active = stream.isatty()
        self.started = time.perf_counter()

    def update(self, current: str) -> None:
        self.done += 1
        if self.active:
            elapsed = time.perf_counter() - self.started
            self.stream.write(f"\r\033[K[{self.done}/{self.total}] {current}  {elapsed:.0f} s")
            self.stream.flush()

    def close(self) -> None:
        if self.active and self.total:
            self.stream.write("\r\033[K")
            self.stream.flush()


@dataclass
class Report:
    built: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    failed: list[Result] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # orphaned outputs, relative to build/

    def summary(self) -> str:
        removed = f", removed {len(self.removed)} orphaned files" if self.removed else ""
        return f"built {len(self.built)}, up to date {len(self.up_to_date)}, failed {len(self.failed)}{removed}"


def brief_state(spec: BriefSpec, entry: dict | None, key: str, formats: tuple[str, ...], build_dir: Path) -> str:
    """'up to date', 'stale' (an input changed), 'missing' (never built or an output is gone)."""
    if not entry:
        return "missing"
    recorded = entry.get("outputs", {})
    for fmt in dict.fromkeys(["ipynb", *formats, *(f for f in recorded if f in OUTPUT_FORMATS)]):
        expected = recorded.get(fmt)
        if not expected or hash_regular(build_dir / f"{spec.relpath}.{fmt}") != expected:
            return "missing"  # a link or a FIFO in its place too: the build replaces it
    return "up to date" if entry.get("key") == key else "stale"


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


def build(filters: Filters | None = None, formats: tuple[str, ...] = FORMATS, jobs: int = 1,
          keep_going: bool = True, root: Path | Project | None = None, build_dir: Path | None = None,
          engine: str = "warm", log=print, wait: float | None = None, cell_timeout: int = CELL_TIMEOUT) -> Report:
    """Build the planned briefs that are missing or stale. `engine` is the papermill engine:
    'warm' (one reused kernel per worker) or 'fresh' (a new kernel per brief). Another build of
    the same folder is waited for, at most `wait` seconds when given (BuildLockedError after).
    A file-system fault raises BuildEnvironmentError carrying the report so far. `root` is the
    project to build (the default project when None)."""
    project = Project.at(root)
    root = project.root
    # where the build folder is may be reached through links; nothing inside it may be
    build_dir = Path(build_dir or project.build_dir)
    build_dir = Path(os.path.realpath(build_dir.parent)) / build_dir.name
    context = BuildContext(project, build_dir, formats, jobs, keep_going, engine, cell_timeout, log)
    report = Report()
    try:
        with build_lock(build_dir, wait=wait, log=log, name=f"{paths.relative_to_root(build_dir, root)}/{LOCK_FILE}"):
            _build_locked(context, filters or Filters(), report)
    except OSError as exc:
        raise os_error(exc, root, report) from None
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
        _forget_unknown(manifest, known, build_dir)
        todo, seen = [], {}
        for spec in specs:
            unconfirmed = plan.unconfirmed(spec)
            if unconfirmed:  # never published: the brief's earlier outputs, if any, stay as they were
                failure = Result(spec.relpath, False, error=f"{_described(spec)}: not built: {unconfirmed}.")
                report.failed.append(failure)
                log(failure.error)
                continue
            key = brief_key(spec, hashes, seen)
            if brief_state(spec, manifest["briefs"].get(spec.relpath), key, context.formats, build_dir) == "up to date":
                report.up_to_date.append(spec.relpath)
                (build_dir / f"{spec.relpath}{FAILED_SUFFIX}").unlink(missing_ok=True)  # from an undone edit
            else:
                todo.append((spec, key))
        if todo:
            _run(context, todo, manifest, hashes, report)
        from migration_briefs.pipeline.site import write_site
        write_site(project.root, build_dir, manifest, plan)
        if not filters.given():
            report.removed = _remove_orphans(build_dir, known)
        after = (True, manifest["plan"], len(manifest["briefs"]), manifest.get("sources"))
        if todo or before != after or not (build_dir / MANIFEST_FILE).is_file():
            write_manifest(build_dir, manifest)
    finally:
        _remove_leftovers(build_dir)


def _brief_files(build_dir: Path, relpath: str):
    """Every file the build writes for a brief, where it stays inside build/."""
    for suffix in [f".{fmt}" for fmt in OUTPUT_FORMATS] + [FAILED_SUFFIX]:
        path = inside(build_dir, relpath + suffix)
        if path is not None:
            yield path


def _forget_unknown(manifest: dict, known: set[str], build_dir: Path) -> None:
    """Delete the outputs of briefs the data no longer calls for (a goal no item touches now)."""
    for relpath in [r for r in manifest["briefs"] if r not in known]:
        for path in _brief_files(build_dir, relpath):
            path.unlink(missing_ok=True)
        del manifest["briefs"][relpath]


def _brief_of(relative: str) -> str | None:
    """The brief a file under build/ would belong to, judged by its name alone, or None."""
    for suffix in (FAILED_SUFFIX, *(f".{fmt}" for fmt in OUTPUT_FORMATS)):
        if relative.endswith(suffix):
            stem = relative[:-len(suffix)]
            return stem if BRIEF_RELPATH.fullmatch(stem) else None
    return None


def _remove_orphans(build_dir: Path, known: set[str]) -> list[str]:
    """After a full build: remove brief outputs that no known brief owns and no manifest entry
    records (left by an interrupted build of a brief the data no longer calls for). Only files
    the build could have written, by their names; links and what they lead to are left alone."""
    removed = []
    for folder, subfolders, files in os.walk(build_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            relative = path.relative_to(build_dir).as_posix()
            brief = _brief_of(relative)
            if brief and brief not in known and not path.is_symlink():
                path.unlink()
                removed.append(relative)
    for relative in removed:  # and the folders that held only orphans
        for folder in Path(relative).parents:
            if folder == Path("."):
                break
            try:
                (build_dir / folder).rmdir()
            except OSError:
                break
    return removed


def _remove_leftovers(build_dir: Path) -> None:
    """Remove scratch folders and temporary files: this build's, and those of builds that died
    (holding the lock proves that no other build of this folder is running). Best effort: it
    runs while another error may be on its way out, and the next build tries again."""
    try:
        for path in build_dir.iterdir():
            if path.name.startswith(SCRATCH_PREFIX) or path.name == ".tmp":  # .tmp: builds before per-build scratch
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
        for folder, subfolders, files in os.walk(build_dir):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for name in files:
                if name.startswith(".") and ".tmp-" in name:
                    (Path(folder) / name).unlink(missing_ok=True)
    except OSError:
        pass


WRITE_SPACING = 20  # the manifest's writes take at most about 1/20 of a build's time


def _run(context: BuildContext, todo: list, manifest: dict, hashes: dict[str, str], report: Report) -> None:
    build_dir, log, jobs, keep_going = context.build_dir, context.log, context.jobs, context.keep_going
    keys = {spec.relpath: (spec, key) for spec, key in todo}
    scratch = build_dir / f"{SCRATCH_PREFIX}{os.getpid()}"
    if scratch.is_symlink() or (scratch.exists() and not scratch.is_dir()):
        scratch.unlink()  # never write the executed notebooks through a link put in its place
    scratch.mkdir(parents=True, exist_ok=True)
    tasks = [Task(spec, context.formats, str(context.project.root), str(build_dir), context.engine, str(scratch),
                  context.cell_timeout) for spec, _ in todo]
    progress = Progress(len(tasks))
    installed = versions()
    last_write = {"at": 0.0, "took": 0.0}

    def save() -> None:
        """Write the manifest after a brief, so that a build cut short keeps its record; but at most
        once in WRITE_SPACING times as long as the last write took, so that at a thousand briefs (a
        12 MB manifest) writing it is not most of the build. A brief built and not yet recorded is
        built again by the next build; the finally below records everything."""
        start = time.monotonic()
        if start - last_write["at"] >= WRITE_SPACING * last_write["took"]:
            write_manifest(build_dir, manifest)
            last_write["at"] = time.monotonic()
            last_write["took"] = last_write["at"] - start

    def record(result: Result) -> None:
        progress.update(result.relpath)
        for warning in result.warnings:
            log(warning)
        spec, key = keys[result.relpath]
        if result.ok:
            report.built.append(result.relpath)
            previous = manifest["briefs"].get(result.relpath, {})
            outputs = dict(result.outputs)
            for fmt, digest in previous.get("outputs", {}).items():
                if fmt not in OUTPUT_FORMATS:
                    continue
                path = build_dir / f"{result.relpath}.{fmt}"
                if fmt in outputs:
                    continue
                if previous.get("key") == key:  # still current: a `make pdf` keeps the HTML
                    outputs[fmt] = digest
                else:
                    path.unlink(missing_ok=True)  # from older inputs: never leave it beside new ones
            manifest["briefs"][result.relpath] = brief_entry(
                kind=spec.brief, parameters=spec.parameters, title=result.title, agency_name=result.agency_name,
                also_covers=result.also_covers, meetings=result.meetings, key=key, versions=installed,
                inputs=brief_inputs(spec, hashes), outputs=outputs,
                pages=result.pages if result.pages is not None else previous.get("pages"))
            save()
        else:
            report.failed.append(result)
            log(result.error)

    try:
        if jobs <= 1 or len(tasks) == 1:
            try:
                for task in tasks:
                    with memory_capped(MEMORY_LIMIT):  # as a worker is held (_pool_worker_init)
                        result = build_one(task)
                    record(result)
                    if report.failed and not keep_going:
                        break
            except KeyboardInterrupt:
                _kill_kernels()  # at once: a kernel busy in a cell would not answer a shutdown request
                # The interrupted cell's task dies with its kernel, on purpose: asyncio would
                # otherwise print its traceback when the task is collected.
                logging.getLogger("asyncio").setLevel(logging.CRITICAL)
                raise
            finally:
                if "migration_briefs.pipeline.engine" in sys.modules:
                    sys.modules["migration_briefs.pipeline.engine"].shutdown_kernels()
        else:
            import multiprocessing
            from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context,
                                     initializer=_pool_worker_init) as pool:
                futures = {pool.submit(build_one, task): task for task in tasks}
                pending = set(futures)
                try:
                    while pending:
                        done, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for future in done:
                            record(_outcome(future, futures[future]))
                        if report.failed and not keep_going:
                            for future in pending:
                                future.cancel()
                            break
                except KeyboardInterrupt:
                    _end_pool(pool, futures)
                    raise
    finally:
        progress.close()
        write_manifest(build_dir, manifest)


def _end_pool(pool, futures) -> None:
    """After Ctrl-C: cancel what has not started and end the workers (each ends its kernels),
    instead of waiting for briefs that may never finish. A second Ctrl-C meanwhile is ignored.
    The executor has no public way to end its workers before Python 3.14 (terminate_workers),
    hence its `_processes`."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for future in futures:
            future.cancel()
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
    finally:
        signal.signal(signal.SIGINT, previous)


def _outcome(future, task: Task) -> Result:
    """A worker's Result; a worker that died (killed, out of memory, crashed) fails its briefs."""
    from concurrent.futures.process import BrokenProcessPool
    try:
        return future.result()
    except BrokenProcessPool:
        return Result(task.spec.relpath, False, error=(
            f"{_described(task.spec)}: its build worker died (killed or crashed while this brief or one "
            "beside it was being built); build again, with --jobs 1 to find the brief that kills it"))
    except Exception as exc:  # its result could not come back from the worker
        return Result(task.spec.relpath, False, error=f"{_described(task.spec)}: {type(exc).__name__}: "
                      f"{_first_lines(exc)}")
