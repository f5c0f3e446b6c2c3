"""Make the briefs as tasks of a Dask distributed cluster (`briefs build --scheduler ADDRESS`).

The build process does what it does without a cluster: it holds build/.lock, plans, writes each
brief's outputs and records it in the manifest as its result comes in, and writes the index. Only
making the briefs moves to the cluster's workers, one task a brief. Workers receive each brief's
inputs with its task and send its outputs back as bytes: they need the build's environment (the
same Python, the versions requirements.lock pins, this library), never the checkout or a folder
shared with the build (docs/cluster.md):

- a build ships the notebooks and their words (a brief reads its own notebook and words, the words
  the kinds share and every notebook's declaration) and the environment a worker must match once, and each agency's data set (the pickle model/cache.py
  writes) once, each as a task of its own: the scheduler keeps what it needs to make them again
  should the worker holding them be lost;
- each brief is a task (`make_on_worker`) that depends on those: a worker writes what a build
  ships into a private folder once (builds that ship the same notebooks share the folder, and the
  warm kernel that runs them), makes the brief there in memory (brief.make_brief) and
  returns it; the build process writes it (brief.keep) under its lock.

A worker that dies is replaced by Dask and its brief tried on another worker (the scheduler's
`distributed.scheduler.allowed-failures`, 3 by default), then fails alone. Nothing a worker does
reaches build/ unless the build that asked for it takes it: on Ctrl-C the build cancels its tasks
and stops the kernel of any brief of its own a worker is running, and whatever still comes back
is dropped.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import platform
import re
import secrets
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from migration_briefs import paths
from migration_briefs.errors import BuildEnvironmentError, UnsafeFileError
from migration_briefs.files import read_regular, remove_folders_of_dead_processes, write_atomic
from migration_briefs.pipeline.brief import Made, Result, Task, described, first_lines, keep, make_brief, never_raising
from migration_briefs.pipeline.inputs import INPUTS
from migration_briefs.pipeline.limits import MEMORY_LIMIT, memory_capped

CLUSTER_PART = "cluster"  # the optional part of the package (pyproject.toml) a cluster's build needs
DOCX_PART = "docx"  # the one a build that writes Word documents needs too
CONNECT_SECONDS = 30  # to reach a Dask scheduler before the build gives up
STOP_SECONDS = 5  # to tell the workers, after Ctrl-C, to stop the briefs of this build they are making
NOTEBOOK_LIMIT = 64 * 2**20  # bytes of a notebook shipped to the workers, as the plan reads one at most
DATA_LIMIT = 512 * 2**20  # bytes of an agency's data set, as a kernel reads one at most (model/cache.py)
FOLDER_PREFIX = "briefs-worker-"  # a worker's private folder: <temp>/briefs-worker-<pid>-<random>/


@dataclass(frozen=True)
class Shipment:
    """What every brief of one build reads beside its data set, shipped once to each worker."""

    build: str  # this build's own name: a worker's folder, and the briefs Ctrl-C stops
    notebooks: dict[str, bytes]  # file name -> bytes, every notebook and words file under notebooks/
    environment: dict  # what a worker must run (environment())


def run_on_cluster(tasks: list[Task], scheduler: str, record: Callable[[Result], None], stop: Callable[[], bool],
                   log: Callable[[str], None] = print) -> None:
    """Make every task on the cluster whose scheduler is at `scheduler` (an address, or the file
    `dask scheduler --scheduler-file` writes), keep each brief as it comes back and hand its
    Result to `record`; after a Result, end early once `stop()` says so."""
    from distributed import Client, as_completed
    _quiet()
    client = _connect(Client, scheduler)
    with client:
        if not client.scheduler_info().get("workers"):
            log(f"the Dask scheduler at {scheduler} has no worker yet: the briefs wait for one (`dask worker "
                "ADDRESS --nthreads 1`)")
        root = Path(tasks[0].root)
        # a build that writes Word documents needs the workers' python-docx to be the build's too
        parts = (CLUSTER_PART, *((DOCX_PART,) if any("docx" in task.formats for task in tasks) else ()))
        shipment = Shipment(secrets.token_hex(8), shipped_notebooks(root), environment(parts))
        shipped = client.submit(_shipped, shipment, key=f"briefs-{shipment.build}-notebooks", pure=False)
        data = {}
        for value in sorted({task.data for task in tasks}):
            data[value] = client.submit(_shipped, _data_set(value, root), pure=False,
                                        key=f"briefs-{shipment.build}-data-{value.partition(':')[0][:16]}")
        # in one go: a thousand submissions one by one would take seconds
        futures = dict(zip(client.map(make_on_worker, tasks, [shipped] * len(tasks), [data[t.data] for t in tasks],
                                      key=[f"briefs-{shipment.build}-{t.spec.relpath}" for t in tasks], pure=False),
                           tasks))
        # Dask counts a worker's death against every task that worker was to make, so a brief that
        # kills its workers can fail briefs queued beside it: those are made again, one at a time
        # once the rest is done, and fail only if their own workers die.
        killed: list[Task] = []
        try:
            for future in as_completed(list(futures), loop=client.loop):
                task = futures.pop(future)
                made, lost = _outcome(future, task, client, scheduler)
                future.release()
                if lost:
                    killed.append(task)
                    continue
                record(keep(task, made) if made.result.ok or made.failed is not None else made.result)
                if stop():
                    _cancel(client, list(futures), shipment.build)
                    return
            for task in killed:
                future = client.submit(make_on_worker, task, shipped, data[task.data], pure=False,
                                       key=f"briefs-{shipment.build}-{task.spec.relpath}-alone")
                futures = {future: task}
                made, _ = _outcome(future, task, client, scheduler)
                future.release()
                record(keep(task, made) if made.result.ok or made.failed is not None else made.result)
                if stop():
                    return
        except KeyboardInterrupt:
            _cancel(client, list(futures), shipment.build)
            raise


def _quiet() -> None:
    """The build says what went wrong, in a sentence; Dask's own log (a lost connection's
    tracebacks, a task's retries) is for the cluster's operators, in the scheduler's and workers'."""
    import logging
    for name in ["distributed", *logging.root.manager.loggerDict]:
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def _connect(client_class, scheduler: str):
    """A client of the scheduler, or one sentence saying why there is none."""
    try:
        if os.path.isfile(scheduler):
            return client_class(scheduler_file=scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
        return client_class(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, ValueError, TypeError) as exc:
        raise BuildEnvironmentError(f"the Dask scheduler at {scheduler}", f"it cannot be reached ({exc})",
                                    "start one (`dask scheduler`, then `dask worker ADDRESS --nthreads 1` on each "
                                    "machine) or build without --scheduler") from None


def shipped_notebooks(root: Path) -> dict[str, bytes]:
    """Every file under notebooks/ a brief may read (the notebooks and their words, as INPUTS
    lists them), by file name."""
    found = {}
    paths_read = (path for entry in INPUTS if entry.folder == "notebooks" for path in (root / "notebooks").glob(entry.pattern))
    for path in sorted(paths_read):
        if not path.name.startswith("."):
            try:
                found[path.name] = read_regular(path, NOTEBOOK_LIMIT)
            except UnsafeFileError:  # a FIFO, a link or a giant: the plan has said so, no brief reads it
                continue
    return found


def _data_set(value: str, root: Path) -> bytes:
    """The bytes of the data set the build wrote ("<sha256>:<path>", model/cache.py), checked."""
    digest, _, name = value.partition(":")
    content = read_regular(Path(name), DATA_LIMIT)
    if hashlib.sha256(content).hexdigest() != digest:
        raise BuildEnvironmentError(paths.relative_to_root(Path(name), root), "it changed while the build used it",
                                    "build again")
    return content


def _shipped(value):
    """A value the build ships, kept on the cluster like any task's result (so made again from
    the task should the worker holding it be lost)."""
    return value


def _outcome(future, task: Task, client, scheduler: str) -> tuple[Made, bool]:
    """What a task made, and whether the workers making it kept dying (Dask tried it on another
    worker each time); such a task, or one whose result could not come back, fails its brief
    alone. A scheduler that is gone ends the build, in one sentence."""
    try:
        return future.result(), False
    except Exception as exc:
        if getattr(exc, "reason", "") == "scheduler-connection-lost" or client.status not in ("running", "connecting"):
            raise BuildEnvironmentError(f"the Dask scheduler at {scheduler}", "the connection to it was lost",
                                        "build again when it is back: what was built is recorded") from None
        if type(exc).__name__ == "KilledWorker":
            return Made(Result(task.spec.relpath, False, error=(
                f"{described(task.spec)}: the Dask workers making it died, each time it was tried (killed, out of "
                "memory or crashed); build again, with --jobs 1 and no --scheduler to find what kills them"))), True
        return Made(Result(task.spec.relpath, False, error=f"{described(task.spec)}: {type(exc).__name__}: "
                           f"{first_lines(exc)}")), False


def _cancel(client, futures: list, build: str) -> None:
    """Cancel the tasks not done, and stop the kernel of any brief of this build a worker is
    making (a cancelled task runs on to its end otherwise); the workers' answers are not needed."""
    previous = None
    try:
        import signal
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C meanwhile is ignored
    except ValueError:  # not the main thread: it cannot be told apart from the first
        pass
    try:
        client.cancel(futures, force=True)
        # in a thread of its own, waited for a few seconds: a worker that does not answer holds nothing up
        telling = threading.Thread(target=_tell, args=(client, build), daemon=True)
        telling.start()
        telling.join(STOP_SECONDS)
    except Exception:  # a scheduler gone meanwhile: its tasks are gone with it
        pass
    finally:
        if previous is not None:
            import signal
            signal.signal(signal.SIGINT, previous)


def _tell(client, build: str) -> None:
    try:
        client.run(_stop_build, build, wait=True, on_error="ignore")
    except Exception:  # a scheduler gone meanwhile: its tasks are gone with it
        pass


# --- on a worker ---------------------------------------------------------------------------------

# One brief at a time in a worker process, however many threads it has: its warm kernel, its
# environment variables and its folder are the process's.
_ONE_AT_A_TIME = threading.Lock()
_state = threading.Lock()  # guards _running, which Ctrl-C reads from the worker's event loop
_running: str | None = None  # the build whose brief this process is making
_folder: tuple[str, Path] | None = None  # (digest of the notebooks it holds, folder) of the last build served
_serving: str | None = None  # the build whose data sets the folder holds


def make_on_worker(task: Task, shipment: Shipment, data: bytes) -> Made:
    """A worker's task: one brief, made in memory from what its build shipped, held to the memory
    limit as a build worker is. Never raises: whatever fails is the brief's Result."""
    made: list[Made] = []

    def work(task: Task) -> Result:
        made.append(_make(task, shipment, data))
        return made[0].result

    with _ONE_AT_A_TIME:
        result = never_raising(task, work, where=f" (on the Dask worker {_address()})")
    return made[0] if made and made[0].result is result else Made(result)


def _make(task: Task, shipment: Shipment, data: bytes) -> Made:
    global _running
    differences = environment_differences(shipment.environment, environment(tuple(shipment.environment["parts"])))
    if differences:
        return Made(Result(task.spec.relpath, False, environment=True, error=(
            f"{described(task.spec)}: the Dask worker {_address()} runs another environment than the build "
            f"({differences}); install the same on every worker (`make setup` at the same commit, or the same "
            "image) and build again")))
    folder = _build_folder(shipment)
    digest = hashlib.sha256(data).hexdigest()
    pickle = folder / f"data-{digest}.pickle"
    if not pickle.is_file():
        write_atomic(pickle, data)
    with _state:
        _running = shipment.build
    try:
        with memory_capped(MEMORY_LIMIT):
            return make_brief(dataclasses.replace(task, data=f"{digest}:{pickle}"), folder / "notebooks",
                              folder / "scratch")
    finally:
        with _state:
            _running = None


def _build_folder(shipment: Shipment) -> Path:
    """This process's folder for `shipment`'s build, its notebooks written. Builds that ship the
    same notebooks share one, and with it the kernels that ran them: a warm kernel is reset before
    every notebook whichever build it serves (engine.py), and starting one is most of a worker's
    first brief. A build that ships other notebooks gets a new folder, and the one before goes
    with its kernels (they read it); a build that shares the folder removes the data sets of the
    build before (each brief's task brings its own, written again where missing)."""
    global _folder, _serving
    if _serving == shipment.build and _folder is not None:
        return _folder[1]
    digest = hashlib.sha256(b"".join(hashlib.sha256(name.encode()).digest() + hashlib.sha256(content).digest()
                                     for name, content in sorted(shipment.notebooks.items()))).hexdigest()
    if _folder is not None and _folder[0] != digest:
        engine = sys.modules.get("migration_briefs.pipeline.engine")
        if engine is not None:
            engine.shutdown_kernels()
        shutil.rmtree(_folder[1], ignore_errors=True)
        _folder = None
    if _folder is None:
        remove_folders_of_dead_processes(FOLDER_PREFIX)
        folder = Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-"))
        for name, content in shipment.notebooks.items():
            write_atomic(folder / "notebooks" / Path(name).name, content)
        _folder = (digest, folder)
    else:
        for pickle in _folder[1].glob("data-*.pickle"):
            pickle.unlink(missing_ok=True)
    _serving = shipment.build
    return _folder[1]


def _stop_build(build: str) -> bool:
    """Run by Ctrl-C on every worker: stop the kernel of the brief of `build` this process is
    making, if any (its task then ends with a failure nobody reads). Another build's brief is
    left alone: _state holds _running still meanwhile."""
    with _state:
        if _running != build:
            return False
        engine = sys.modules.get("migration_briefs.pipeline.engine")
        if engine is not None:
            engine.kill_kernels()
        return True


def _address() -> str:
    try:
        from distributed import get_worker
        return get_worker().address
    except (ImportError, ValueError):
        return f"process {os.getpid()}"


# --- the environment ----------------------------------------------------------------------------

def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def _installed(parts: tuple[str, ...]) -> dict[str, str]:
    """The version of every package this library needs with its optional `parts`, and of what
    those need in turn, as installed here ("not installed" for one a marker leaves out)."""
    from importlib.metadata import PackageNotFoundError, distribution
    found: dict[str, str] = {}
    wanted = ["migration-briefs"]
    while wanted:
        name = wanted.pop()
        if name in found:
            continue
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            found[name] = "not installed"
            continue
        found[name] = dist.version
        for requirement in dist.requires or []:
            extra = _EXTRA.search(requirement)
            if extra is None or extra.group(1) in parts:  # another optional part's is not the build's
                wanted.append(_normalised(_NAME.match(requirement).group()))
    del found["migration-briefs"]  # its files are compared, not its version (_library)
    return dict(sorted(found.items()))


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_EXTRA = re.compile(r"""\bextra\s*==\s*["']([^"']+)["']""")


@functools.cache
def _library() -> str:
    """The SHA-256 of this library's files as installed (its code, templates and styles)."""
    digest = hashlib.sha256()
    for path in sorted(paths.PACKAGE_DIR.rglob("*")):
        relative = path.relative_to(paths.PACKAGE_DIR)
        if path.is_file() and "__pycache__" not in relative.parts and not path.name.startswith("."):
            digest.update(f"{relative.as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def environment(parts: tuple[str, ...] = (CLUSTER_PART,)) -> dict:
    """What making a brief depends on beside its inputs: the Python version, this library's files
    and the versions of the packages it needs with its optional `parts`, all the way down, as
    installed here."""
    return {"python": platform.python_version(), "library": _library(), "packages": _installed(parts),
            "parts": list(parts)}


def environment_differences(wanted: dict, here: dict) -> str:
    """How `here` differs from `wanted`, in a few words ('' when it does not): the Python
    version, the library, and the first packages whose versions differ."""
    found = []
    if wanted["python"] != here["python"]:
        found.append(f"Python {here['python']}, not {wanted['python']}")
    if wanted["library"] != here["library"]:
        found.append("another version of migration_briefs")
    packages = [f"{name} {here['packages'].get(name, 'not installed')}, not {version}"
                for name, version in wanted["packages"].items()
                if here["packages"].get(name, "not installed") != version]
    found += packages[:3] + ([f"{len(packages) - 3} other packages"] if len(packages) > 3 else [])
    return "; ".join(found)
