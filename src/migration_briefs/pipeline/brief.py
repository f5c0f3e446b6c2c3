"""Run one brief: execute its notebook with its parameters through papermill, then render the
executed notebook as HTML and PDF with its tables (`make_brief`, all in memory), and write every
output at once (`keep`).

`build_one` does both in a build worker (or the build process); on a Dask cluster a worker makes
the brief and the build process keeps it (cluster.py). Neither raises: whatever fails (a cell,
the kernel, nbconvert, WeasyPrint, the file system) is a Result naming the brief and its
parameters, and the brief's earlier outputs stay as they were.
"""
from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from migration_briefs import paths
from migration_briefs.errors import BuildEnvironmentError, os_error
from migration_briefs.files import linked_folder, sha256, write_all_atomic, write_atomic
from migration_briefs.model.cache import DATA_VARIABLE
from migration_briefs.model.draft_marks import PREVIEW_VARIABLE
from migration_briefs.model.params import BriefSpec
from migration_briefs.pipeline.limits import MEMORY_LIMIT, MEMORY_VARIABLE
from migration_briefs.pipeline.manifest import FAILED_SUFFIX

SCRATCH_PREFIX = ".scratch-"  # build/.scratch-<pid>/: one build's executed notebooks before export
# Seconds one cell may run (docs/building.md): a brief's cells take well under a second each.
CELL_TIMEOUT = 120
ERROR_LINES_SHOWN = 3  # of an exception's message in a failure report; the rest is in the failed notebook
# A brief this many times as long as its page budget (docs/building.md, "Page budgets") gets a warning: the
# budget is a test's, but a brief that passes it by far (118 pages) is news to whoever builds it.
FAR_PAST_BUDGET = 2


@dataclass
class Task:
    spec: BriefSpec
    formats: tuple[str, ...]
    root: str
    build_dir: str
    engine: str = "warm"
    scratch: str = ""  # this build's scratch folder; by default one for this process
    cell_timeout: int = 0  # whole seconds a cell may run; 0: CELL_TIMEOUT
    data: str = ""  # the data set the build wrote for the brief (model/cache.py); none: the kernel loads the project
    drafts: bool = False  # a preview: the brief is built from drafts and marks them (preview.py)


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


@dataclass
class Made:
    """A brief made in memory, before anything of it is written: its Result, its outputs by what
    follows the brief's name ("html", "pdf", "ipynb", "items.csv"), written together, and the
    notebook of a failure, saved beside them."""

    result: Result
    outputs: dict[str, bytes] = field(default_factory=dict)
    failed: bytes | None = None


def worker_init() -> None:
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


def _cell_label(cells, index: int, source: str, notebook: str) -> str:
    """'cell 6 of notebooks/x.ipynb (`first line`)', numbered as JupyterLab shows the source
    notebook: from 1, without the cell papermill injected."""
    from migration_briefs.render.exporters import source_cell_number
    first_line = next((line for line in source.splitlines() if line.strip()), "")
    return f"cell {source_cell_number(cells, index)} of notebooks/{notebook} (`{first_line}`)"


def first_lines(text: str) -> str:
    """An exception's message for a failure report: its first lines, not all of them."""
    lines = str(text).strip().splitlines() or [""]
    if len(lines) > ERROR_LINES_SHOWN:
        lines = lines[:ERROR_LINES_SHOWN] + [f"... {len(lines) - ERROR_LINES_SHOWN} more lines in the failed notebook"]
    return "\n    ".join(lines)


def described(spec: BriefSpec) -> str:
    return f"{spec.relpath} failed ({', '.join(f'{k}={v!r}' for k, v in spec.parameters.items())})"


def build_one(task: Task) -> Result:
    """Execute one notebook with its parameters and export it. Never raises: a failure of the
    notebook, its kernel or the file system is a Result naming the brief and its parameters."""
    return never_raising(task, _build_one)


def keep(task: Task, made: Made) -> Result:
    """Write a brief made elsewhere (by a cluster's worker) into build/, as build_one writes its
    own, and its Result. Never raises."""
    return never_raising(task, lambda task: _linked(task) or _kept(task, made))


def never_raising(task: Task, work: Callable[[Task], Result], where: str = "") -> Result:
    """What `work` returns, or its failure as the brief's Result: one located line, whatever raised.
    `where` names the machine the work ran on, when it is not this one."""
    try:
        return work(task)
    except MemoryError:
        return Result(task.spec.relpath, False, error=(
            f"{described(task.spec)}: it ran out of memory{where} (a brief may take {MEMORY_LIMIT // 2**30} GB); "
            "show less in the notebook (a summary, not the full table) and build again"))
    except OSError as exc:
        return Result(task.spec.relpath, False, error=f"{described(task.spec)}: {os_error(exc, Path(task.root))}{where}",
                      environment=True)
    except BuildEnvironmentError as exc:
        return Result(task.spec.relpath, False, error=f"{described(task.spec)}: {exc}{where}", environment=True)
    except Exception as exc:  # one brief's failure is its own, in one located line, whatever raised it
        return Result(task.spec.relpath, False, error=f"{described(task.spec)}: {type(exc).__name__}: "
                      f"{first_lines(exc)}{where}")


def _linked(task: Task) -> Result | None:
    """The brief's failure when a folder on the way to its outputs is a link, or None."""
    link = linked_folder(Path(task.build_dir) / task.spec.relpath)
    if link is None:
        return None
    return Result(task.spec.relpath, False, environment=True, error=(
        f"{described(task.spec)}: {paths.relative_to_root(link, Path(task.root))} is a symbolic link, and nothing "
        "is written through a link; remove the link (or run `make clean`)"))


def _build_one(task: Task) -> Result:
    refused = _linked(task)  # nothing is written through a link, wherever it leads
    if refused is not None:
        return refused
    build_dir = Path(task.build_dir)
    (build_dir / task.spec.relpath).parent.mkdir(parents=True, exist_ok=True)  # before the notebook runs
    scratch = Path(task.scratch) if task.scratch else build_dir / f"{SCRATCH_PREFIX}{os.getpid()}"
    return _kept(task, make_brief(task, Path(task.root) / "notebooks", scratch))


def _kept(task: Task, made: Made) -> Result:
    """Write what `made` holds beside the brief: its failed notebook, or its outputs together
    (replacing the earlier ones as a set, or none of them); its Result."""
    target = Path(task.build_dir) / task.spec.relpath
    failed = target.with_name(target.name + FAILED_SUFFIX)
    if made.failed is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(failed, made.failed)
    if made.result.ok:
        write_all_atomic({target.with_name(f"{target.name}.{name}"): data for name, data in made.outputs.items()})
        failed.unlink(missing_ok=True)
    return made.result


def make_brief(task: Task, notebooks: Path, scratch_dir: Path) -> Made:
    """Execute the brief's notebook, read from `notebooks` with every other notebook beside it (a
    brief reads their declarations), and render it, in memory; `scratch_dir` holds the executed
    notebook meanwhile. Messages name the brief's outputs under task.build_dir, where they go.
    Raises only for what is not the brief's own doing (the file system, memory)."""
    worker_init()
    import nbformat
    import papermill
    from jupyter_client.kernelspec import NoSuchKernel
    from papermill.exceptions import PapermillExecutionError

    from migration_briefs.model import notebook_content
    from migration_briefs.model.params import NotebookError, typed_parameters
    from migration_briefs.pipeline.engine import CellTimedOutError, KernelDiedError

    spec, root = task.spec, Path(task.root)
    target = Path(task.build_dir) / spec.relpath
    failed_name = paths.relative_to_root(target.with_name(target.name + FAILED_SUFFIX), root)
    scratch_dir.mkdir(parents=True, exist_ok=True)
    scratch = scratch_dir / f"{spec.relpath.replace('/', '--')}.ipynb"
    told = _told(task, notebooks)
    before = {name: os.environ.get(name) for name in told}
    _set_environment(told)
    os.environ.update(_KERNELS_ENVIRONMENT)
    for name, value in _KERNELS_DEFAULTS.items():
        os.environ.setdefault(name, value)
    try:
        notebook = notebooks / spec.notebook_file
        # What its briefs read of the notebook (their key hashes the same): not the outputs,
        # execution counts or kernel of a run saved in JupyterLab.
        content = nbformat.from_dict(notebook_content.read(notebook, spec.notebook_file))
        papermill.execute_notebook(
            content, str(scratch), parameters=typed_parameters(notebook, spec.parameters),
            kernel_name=notebook_content.KERNELSPEC["name"], engine_name=task.engine, progress_bar=False, log_output=False,
            execution_timeout=task.cell_timeout or CELL_TIMEOUT,
            request_save_on_cell_execute=False, cwd=str(notebooks))
        nb = nbformat.read(scratch, as_version=4)
    except PapermillExecutionError as exc:
        saved = scratch.read_bytes()
        cells = nbformat.reads(saved.decode("utf-8"), as_version=4).cells
        return Made(Result(spec.relpath, False, error=(
            f"{described(spec)}: {_cell_label(cells, exc.cell_index, exc.source, spec.notebook_file)} raised {exc.ename}: "
            f"{first_lines(exc.evalue)}\n"
            f"    the failed notebook is saved at {failed_name}")), failed=saved)
    except KernelDiedError as exc:
        normalise_notebook(exc.notebook)
        cells = exc.notebook.cells
        label = _cell_label(cells, exc.cell_index, cells[exc.cell_index].source, spec.notebook_file)
        what = (f"{label} ran longer than the cell time limit of {exc.seconds:g} s (--cell-timeout)"
                if isinstance(exc, CellTimedOutError) else f"the kernel died in {label}")
        return Made(Result(spec.relpath, False, error=(
            f"{described(spec)}: {what}\n"
            f"    the notebook as far as it ran is saved at {failed_name}")),
            failed=(nbformat.writes(exc.notebook) + "\n").encode())
    except NotebookError as exc:  # its parameters cell changed since the plan
        return Made(Result(spec.relpath, False, error=f"{described(spec)}: {exc}"))
    except NoSuchKernel as exc:
        return Made(Result(spec.relpath, False, environment=True, error=(
            f"{described(spec)}: the Jupyter kernel {exc.name!r} is not installed; run `make setup`")))
    except OSError:  # the file system's fault, not the brief's: the caller says so
        raise
    except Exception as exc:  # a kernel that cannot start or answer: report, keep building others
        return Made(Result(spec.relpath, False, error=f"{described(spec)}: {type(exc).__name__}: {first_lines(exc)}"))
    finally:
        scratch.unlink(missing_ok=True)
        _set_environment(before)

    from migration_briefs.render.exporters import BriefRenderError
    normalise_notebook(nb)
    notebook_bytes = (nbformat.writes(nb) + "\n").encode()
    try:
        outputs, pages, resources = _rendered(task, nb, notebook_bytes)
    except (OSError, MemoryError, BuildEnvironmentError):
        raise  # the file system's or the memory limit's: the caller says so
    except Exception as exc:
        # Whatever its content does to nbconvert or WeasyPrint, the brief fails alone, with the
        # cell where it can be named; its earlier outputs stay as they were.
        if isinstance(exc, BriefRenderError):
            where = f"cell {exc.cell_number} of notebooks/{spec.notebook_file}: " if exc.cell_number else ""
            what = f"{where}{exc.message}{f'; {exc.fix}' if exc.fix else ''}"
        else:
            what = f"{type(exc).__name__}: {first_lines(exc)}"
        return Made(Result(spec.relpath, False, error=f"{described(spec)}: it could not be rendered: {what}\n"
                           f"    the executed notebook is saved at {failed_name}"), failed=notebook_bytes)
    meta = brief_meta(nb)
    warnings = [f"warning: {spec.relpath}: {where.replace(': ', f' of notebooks/{spec.notebook_file}: ', 1)}"
                for where in resources.get("brief", {}).get("warnings", [])]
    too_long = _far_past_budget(spec, pages, outputs.get("items.csv"))
    if too_long:
        warnings.append(too_long)
    meetings = meta.get("meetings")
    return Made(Result(spec.relpath, True, title=meta.get("title", spec.relpath),
                       agency_name=meta.get("agency_name", spec.agency), also_covers=meta.get("also_covers", ""),
                       meetings=[m for m in meetings if isinstance(m, str)] if isinstance(meetings, list) else [],
                       outputs={name: sha256(data) for name, data in outputs.items()}, pages=pages,
                       warnings=warnings), outputs)


# For the kernels this process starts: their memory limit, and under it, address space reserved
# ahead of use kept small whatever the core count: one BLAS thread (a brief does no linear algebra)
# and few malloc arenas per kernel.
_KERNELS_ENVIRONMENT = {MEMORY_VARIABLE: str(MEMORY_LIMIT)}
_KERNELS_DEFAULTS = {"OPENBLAS_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2"}


def _told(task: Task, notebooks: Path) -> dict[str, str | None]:
    return {paths.ROOT_VARIABLE: str(notebooks.parent),  # the kernels' default project
            DATA_VARIABLE: task.data,  # what the kernel reads (a warm kernel is told before each brief: engine.py)
            PREVIEW_VARIABLE: "1" if task.drafts else None}  # whether it builds from drafts (the same)


def prepare_workers(tasks: list[Task], count: int) -> None:
    """Before `count` workers build `tasks` (forked from this process, or this process itself):
    start their warm kernels, and while those boot, import and set up here, once for every worker,
    what each would on its own. What cannot be done here is left to the briefs, each of which
    then reports it in its own words, as it always did (a kernel that is not installed, a
    library that does not load)."""
    worker_init()
    import papermill  # noqa: F401  # before the engine module, which papermill loads as its entry point

    first = tasks[0]
    if first.engine == "warm":
        from migration_briefs.model.notebook_content import KERNELSPEC
        from migration_briefs.pipeline.engine import end_kernels_started, start_kernels
        notebooks = Path(first.root) / "notebooks"
        told = {name: value for name, value in _told(first, notebooks).items() if value is not None}
        try:
            start_kernels(count, KERNELSPEC["name"], str(notebooks),
                          {**_KERNELS_DEFAULTS, **os.environ, **told, **_KERNELS_ENVIRONMENT})
        except Exception:
            end_kernels_started()
    with contextlib.suppress(Exception):
        from migration_briefs.render.exporters import prepare_rendering
        prepare_rendering()
    # What lasts (the modules just imported, their caches) is kept out of the collector's sight, as
    # Python's gc docs advise before fork: each worker's collections no longer scan it (WeasyPrint
    # makes garbage enough for many a brief: a PDF took 0.18 to 0.29 s, now 0.15), nor write to its pages.
    gc.collect()
    gc.freeze()


def _set_environment(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


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
            f"{items} item{'s' if items != 1 else ''} (docs/building.md, \"Page budgets\"); show less in "
            f"notebooks/{spec.notebook_file} (a summary, not every item in full)")


def _rendered(task: Task, nb, notebook_bytes: bytes) -> tuple[dict[str, bytes], int | None, dict]:
    """Every output of one brief, made in memory before any is written: the executed notebook,
    the tables as CSV, the HTML page, the PDF (with its page count) and the Word document, by what
    follows the brief's name; and the exporter's resources."""
    from migration_briefs.render.exporters import export_brief, render_pdf
    name = task.spec.name
    html, resources = export_brief(nb, name)
    outputs = {"ipynb": notebook_bytes}
    for filename, data in sorted(resources.get("outputs", {}).items()):  # "<name>.items.csv", checked by the exporter
        outputs[filename.removeprefix(f"{name}.")] = data
    pages = None
    if "html" in task.formats:
        outputs["html"] = html.encode()
    if "pdf" in task.formats:
        outputs["pdf"], pages = render_pdf(html)  # images are data: URIs: no base URL
    if "docx" in task.formats:
        from migration_briefs.render.word import html_to_docx
        outputs["docx"] = html_to_docx(html)  # from the same page, as the PDF
    return outputs, pages, resources


def brief_meta(nb) -> dict:
    """The brief's title block, as its notebook displayed it."""
    from migration_briefs.render.cells import META_MIMETYPE
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if META_MIMETYPE in output.get("data", {}):
                return dict(output["data"][META_MIMETYPE])
    return {}
