"""Build briefs: plan them, skip those whose inputs have not changed, run the rest in a
pool of worker processes, write every output atomically and record a manifest.

The no-op path (nothing changed) only hashes files and reads build/manifest.json: it never
imports papermill, nbconvert, pandas or pydantic.
"""
from __future__ import annotations

import json
import os
import re
import platform
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import paths
from .files import sha256, write_atomic
from .params import BriefSpec

MANIFEST_VERSION = 2
# What a brief's outputs may be called after its name: "html", "items.csv" (read back from the
# manifest, so checked before it becomes part of a path).
OUTPUT_KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*(\.[a-z]+)?")
FORMATS = ("html", "pdf")
KEY_PACKAGES = ("papermill", "nbconvert", "nbformat", "nbclient", "ipykernel", "pandas", "matplotlib",
                "weasyprint", "pydantic", "pyyaml")


# --- hashing ------------------------------------------------------------------------------

def file_hashes(root: Path) -> dict[str, str]:
    """Content hashes of every input a brief can depend on, keyed by path relative to root."""
    patterns = [("data", "**/*"), ("notebooks", "*.ipynb"), ("src/migration_briefs", "**/*"), (".", "requirements.lock")]
    found = {}
    for folder, pattern in patterns:
        for path in sorted((root / folder).glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".pyc"):
                found[path.relative_to(root).as_posix()] = sha256(path.read_bytes())
    return found


def _digest(hashes: dict[str, str], keep) -> str:
    return sha256(json.dumps({k: v for k, v in hashes.items() if keep(k)}, sort_keys=True).encode())


def plan_hash(hashes: dict[str, str]) -> str:
    """What the plan of briefs (and the source pages) depends on: the data, the library and the
    notebooks (each declares its kind of brief in its metadata)."""
    return _digest(hashes, lambda k: k.startswith(("data/", "src/", "notebooks/")))


def brief_inputs(spec: BriefSpec, hashes: dict[str, str]) -> dict[str, str]:
    """What a brief reads: its notebook, the library and its templates, the lock file, the
    reference tables and sources, and the contribution files of its agency (all, for 'all')."""
    contributions = "data/contributions/" + ("" if spec.agency == "all" else f"{spec.agency}/")

    def reads(key: str) -> bool:
        if key.startswith("data/contributions/"):
            return key.startswith(contributions)
        if key.startswith("notebooks/"):
            return key == f"notebooks/{spec.notebook_file}"
        return key.startswith(("data/", "src/", "requirements.lock"))

    return {k: v for k, v in hashes.items() if reads(k)}


def brief_key(spec: BriefSpec, hashes: dict[str, str]) -> str:
    return sha256(json.dumps({"inputs": brief_inputs(spec, hashes), "parameters": spec.parameters,
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


def read_manifest(build_dir: Path) -> dict:
    try:
        manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {"version": MANIFEST_VERSION, "briefs": {}}
    if manifest.get("version") != MANIFEST_VERSION:
        return {"version": MANIFEST_VERSION, "briefs": {}}
    return manifest


def write_manifest(build_dir: Path, manifest: dict) -> None:
    write_atomic(build_dir / "manifest.json",
                 (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode())


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


def plan_briefs(root: Path, hashes: dict[str, str], filters: Filters,
                manifest: dict) -> tuple[list[BriefSpec], dict]:
    """The briefs to consider. The full plan is cached in the manifest under the hash of the
    data, the library and the notebooks, so an unchanged project is never loaded again. A
    filter that matches no cached brief is checked against the data: a bad value gets the
    library's clear ParameterError, a valid one (such as agency 'all' with one agency) gets
    its briefs."""
    from .params import brief_kinds, plan

    cached = manifest.get("plan", {})
    if cached.get("hash") == plan_hash(hashes):
        specs = [BriefSpec(**entry) for entry in cached["briefs"]]
    else:
        from .loader import load
        dataset = load(root if root != paths.ROOT else None)
        specs = plan(dataset, brief_kinds(root / "notebooks"))
        cached = {"hash": plan_hash(hashes), "briefs": [asdict(s) for s in specs],
                  "sources": [{"page": paths.source_page(name), "title": source.title}
                              for name, source in sorted(dataset.sources.items())]}
    chosen = [s for s in specs if filters.match(s)]
    if filters.given() and not chosen:
        from .errors import ParameterError
        from .loader import load
        chosen = plan(load(root if root != paths.ROOT else None), brief_kinds(root / "notebooks"), filters.given())
        if not chosen:
            raise ParameterError("filters", filters.given(), [], "select no brief together (a goal and a mechanism "
                                 "name different briefs; see `briefs list` for what exists)")
    return chosen, cached


# --- one brief, in a worker ---------------------------------------------------------------------

@dataclass
class Task:
    spec: BriefSpec
    formats: tuple[str, ...]
    root: str
    build_dir: str
    engine: str = "warm"


@dataclass
class Result:
    relpath: str
    ok: bool
    title: str = ""
    agency_name: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    error: str = ""
    pages: int | None = None


def _worker_init() -> None:
    # jsonschema imports rfc3987-syntax (brought by the jupyter metapackage) only for 'iri'
    # formats that notebooks never use; building its grammar costs ~1.5 s per process.
    sys.modules.setdefault("rfc3987_syntax", None)


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


def build_one(task: Task) -> Result:
    """Execute one notebook with its parameters and export it; never raises."""
    _worker_init()
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from .render import source_cell_number

    spec, root, build_dir = task.spec, Path(task.root), Path(task.build_dir)
    target = build_dir / spec.relpath
    scratch = build_dir / ".tmp" / f"{spec.relpath.replace('/', '--')}-{os.getpid()}.ipynb"
    scratch.parent.mkdir(parents=True, exist_ok=True)
    failed = target.with_name(target.name + ".failed.ipynb")
    env_root = os.environ.get("MIGRATION_BRIEFS_ROOT")
    os.environ["MIGRATION_BRIEFS_ROOT"] = str(root)
    try:
        papermill.execute_notebook(
            str(root / "notebooks" / spec.notebook_file), str(scratch), parameters=spec.parameters,
            kernel_name="python3", engine_name=task.engine, progress_bar=False, log_output=False,
            request_save_on_cell_execute=False, cwd=str(root / "notebooks"))
    except PapermillExecutionError as exc:
        failed.parent.mkdir(parents=True, exist_ok=True)
        os.replace(scratch, failed)
        first_line = next((line for line in exc.source.splitlines() if line.strip()), "")
        message = (f"{spec.relpath} failed ({', '.join(f'{k}={v!r}' for k, v in spec.parameters.items())}): "
                   f"cell {source_cell_number(nbformat.read(failed, as_version=4).cells, exc.cell_index)} "
                   f"of notebooks/{spec.notebook_file} "
                   f"(`{first_line}`) raised {exc.ename}: {exc.evalue}\n"
                   f"    the failed notebook is saved at {paths.relative_to_root(failed, root)}")
        return Result(spec.relpath, False, error=message)
    except Exception as exc:  # a kernel that dies or cannot start: report, keep building others
        scratch.unlink(missing_ok=True)
        return Result(spec.relpath, False, error=f"{spec.relpath} failed: {type(exc).__name__}: {exc}")
    finally:
        if env_root is None:
            os.environ.pop("MIGRATION_BRIEFS_ROOT", None)
        else:
            os.environ["MIGRATION_BRIEFS_ROOT"] = env_root

    from .render import BriefRenderError, export_brief, render_pdf
    nb = nbformat.read(scratch, as_version=4)
    scratch.unlink()
    normalise_notebook(nb)
    outputs = {}
    pages = None
    notebook_bytes = (nbformat.writes(nb) + "\n").encode()
    try:
        html, resources = export_brief(nb, spec.name)
        write_atomic(target.with_suffix(".ipynb"), notebook_bytes)
        outputs["ipynb"] = sha256(notebook_bytes)
        for filename, data in sorted(resources.get("outputs", {}).items()):
            extension = filename.removeprefix(f"{spec.name}.")  # e.g. "items.csv", checked by the exporter
            write_atomic(target.with_name(filename), data)
            outputs[extension] = sha256(data)
        if "html" in task.formats:
            write_atomic(target.with_suffix(".html"), html.encode())
            outputs["html"] = sha256(html.encode())
        if "pdf" in task.formats:
            pdf, pages = render_pdf(html)  # images are data: URIs, so no base URL is needed
            write_atomic(target.with_suffix(".pdf"), pdf)
            outputs["pdf"] = sha256(pdf)
    except BriefRenderError as exc:
        write_atomic(failed, notebook_bytes)
        where = f"cell {exc.cell_number} of notebooks/{spec.notebook_file}: " if exc.cell_number else ""
        return Result(spec.relpath, False, error=f"{spec.relpath} could not be rendered: {where}{exc.message}"
                      f"{f'; {exc.fix}' if exc.fix else ''}\n"
                      f"    the executed notebook is saved at {paths.relative_to_root(failed, root)}")
    failed.unlink(missing_ok=True)
    meta = brief_meta(nb)
    return Result(spec.relpath, True, title=meta.get("title", spec.relpath),
                  agency_name=meta.get("agency_name", spec.agency), outputs=outputs, pages=pages)


def brief_meta(nb) -> dict:
    """The brief's title block, as its notebook displayed it."""
    from .cells import META_MIMETYPE
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

    def summary(self) -> str:
        return f"built {len(self.built)}, up to date {len(self.up_to_date)}, failed {len(self.failed)}"


def brief_state(spec: BriefSpec, entry: dict | None, key: str, formats: tuple[str, ...], build_dir: Path) -> str:
    """'up to date', 'stale' (an input changed), 'missing' (never built or an output is gone)."""
    if not entry:
        return "missing"
    recorded = entry.get("outputs", {})
    for fmt in dict.fromkeys(["ipynb", *formats, *filter(OUTPUT_KEY.fullmatch, recorded)]):
        path = build_dir / f"{spec.relpath}.{fmt}"
        expected = recorded.get(fmt)
        if not expected or not path.is_file() or sha256(path.read_bytes()) != expected:
            return "missing"
    return "up to date" if entry.get("key") == key else "stale"


def build(filters: Filters | None = None, formats: tuple[str, ...] = FORMATS, jobs: int = 1,
          keep_going: bool = True, root: Path | None = None, build_dir: Path | None = None,
          engine: str = "warm", log=print) -> Report:
    """Build the planned briefs that are missing or stale. `engine` is the papermill engine:
    'warm' (one reused kernel per worker) or 'fresh' (a new kernel per brief)."""
    root = Path(root or paths.ROOT)
    build_dir = Path(build_dir or root / "build")
    filters = filters or Filters()
    hashes = file_hashes(root)
    manifest = read_manifest(build_dir)
    specs, plan_cache = plan_briefs(root, hashes, filters, manifest)
    report = Report()
    todo = []
    for spec in specs:
        key = brief_key(spec, hashes)
        if brief_state(spec, manifest["briefs"].get(spec.relpath), key, formats, build_dir) == "up to date":
            report.up_to_date.append(spec.relpath)
        else:
            todo.append((spec, key))
    manifest["plan"] = plan_cache
    _forget_unplanned(manifest, plan_cache, build_dir)
    if todo:
        _run(todo, formats, jobs, keep_going, root, build_dir, manifest, hashes, report, log, engine)
    from .site import write_site
    write_site(root, build_dir, manifest, plan_hash(hashes))
    return report


def _forget_unplanned(manifest: dict, plan_cache: dict, build_dir: Path) -> None:
    """Delete the outputs of briefs the data no longer calls for (a goal no item touches now)."""
    planned = {BriefSpec(**entry).relpath for entry in plan_cache["briefs"]}
    for relpath in [r for r in manifest["briefs"] if r not in planned]:
        recorded = manifest["briefs"][relpath].get("outputs", {})
        for fmt in dict.fromkeys(["ipynb", *FORMATS, *filter(OUTPUT_KEY.fullmatch, recorded)]):
            (build_dir / f"{relpath}.{fmt}").unlink(missing_ok=True)
        del manifest["briefs"][relpath]


def _run(todo, formats, jobs, keep_going, root, build_dir, manifest, hashes, report, log, engine) -> None:
    keys = {spec.relpath: (spec, key) for spec, key in todo}
    tasks = [Task(spec, formats, str(root), str(build_dir), engine) for spec, _ in todo]
    progress = Progress(len(tasks))
    installed = versions()

    def record(result: Result) -> None:
        progress.update(result.relpath)
        spec, key = keys[result.relpath]
        if result.ok:
            report.built.append(result.relpath)
            previous = manifest["briefs"].get(result.relpath, {})
            outputs = dict(result.outputs)
            for fmt, digest in previous.get("outputs", {}).items():
                if not OUTPUT_KEY.fullmatch(fmt):
                    continue
                path = build_dir / f"{result.relpath}.{fmt}"
                if fmt in outputs:
                    continue
                if previous.get("key") == key:  # still current: a `make pdf` keeps the HTML
                    outputs[fmt] = digest
                else:
                    path.unlink(missing_ok=True)  # from older inputs: never leave it beside new ones
            manifest["briefs"][result.relpath] = {
                "kind": spec.brief, "parameters": spec.parameters, "title": result.title,
                "agency_name": result.agency_name, "key": key, "versions": installed,
                "inputs": brief_inputs(spec, hashes), "outputs": outputs,
                "pages": result.pages if result.pages is not None else previous.get("pages")}
            write_manifest(build_dir, manifest)
        else:
            report.failed.append(result)
            log(result.error)

    try:
        if jobs <= 1 or len(tasks) == 1:
            try:
                for task in tasks:
                    record(build_one(task))
                    if report.failed and not keep_going:
                        break
            finally:
                if "migration_briefs.engine" in sys.modules:
                    sys.modules["migration_briefs.engine"].shutdown_kernels()
        else:
            import multiprocessing
            from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init) as pool:
                pending = {pool.submit(build_one, task) for task in tasks}
                while pending:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        record(future.result())
                    if report.failed and not keep_going:
                        for future in pending:
                            future.cancel()
                        break
    finally:
        progress.close()
        write_manifest(build_dir, manifest)
        _clean_scratch(build_dir)


def _clean_scratch(build_dir: Path) -> None:
    """Remove what an interrupted build may have left: scratch notebooks and temporary files."""
    scratch = build_dir / ".tmp"
    if scratch.is_dir():
        for path in scratch.iterdir():
            path.unlink(missing_ok=True)
        scratch.rmdir()
    for path in build_dir.glob("**/.*.tmp-*"):
        path.unlink(missing_ok=True)
