"""A papermill engine that keeps one warm kernel per process.

Starting a kernel and importing the library in it costs about 0.6 s of CPU per brief, far
more than executing a brief (0.1 s). This engine keeps one kernel per build worker and,
before each notebook, resets the kernel's namespace, so a notebook
sees what a fresh kernel would show. The build starts its workers' kernels before it forks them
(start_kernels), so that they boot while it imports, once for all workers, what each would import
on its own; each worker takes one (adopt_kernel). tests/test_build.py proves the outputs byte-identical
to fresh-kernel builds in any order and with any number of jobs.

A kernel that dies (a cell calling os._exit, the kernel killed for memory) or fails the
engine in any other way is never given another notebook: the next one gets a fresh kernel.
Both engines report a death as KernelDiedError, and a cell that runs past the cell time limit
(its kernel is then stopped) as CellTimedOutError, with the notebook as far as it ran.

Both engines' kernels listen on Unix sockets in a folder of their build worker's own, not on
TCP ports (SocketKernelManager).

Registered as papermill engine 'warm' (entry point group `papermill.engine`).
"""
from __future__ import annotations

import atexit
import contextlib
import itertools
import multiprocessing.util
import os
import shutil
import signal
import sys
import tempfile

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, NBClientEngine
from traitlets import default

from migration_briefs import paths
from migration_briefs.errors import BriefsError, errors_as_sentences_in
from migration_briefs.files import remove_folders_of_dead_processes
from migration_briefs.model.cache import DATA_VARIABLE
from migration_briefs.model.cell_options import mark_unevaluated  # `#| eval: false`: nbclient skips the cell
from migration_briefs.model.draft_marks import PREVIEW_VARIABLE

# Quiet kernels (their start-up warnings would otherwise fill every build log), set up for
# briefs from the start (house style, brief tables, reproducible figures), as a notebook that
# imports migration_briefs.notebook would set itself up.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL", "--IPKernelApp.extensions=migration_briefs.notebook"]

# Run silently before each notebook: forget every name the last notebook defined, close its
# figures, bring matplotlib back to the house style a fresh kernel starts with, let every warning
# show again once, and tell the kernel which data set the build wrote for this brief and whether it
# builds from drafts (a fresh kernel finds both in the environment it starts with). The library's dataset cache stays: it is
# keyed on the data set's hash, or on the data files themselves, so it always equals a fresh load.
# Last, what the last notebook left is collected and what stays (modules, caches) is frozen out of
# the collector's sight, as the kernel's start-up objects are (notebook.py): %reset's two full
# collections had scanned every object of matplotlib, pandas and the library: half a warm kernel's time a brief.
RESET = """\
get_ipython().run_line_magic("reset", "-f")
import gc as _gc, os as _os, sys as _sys, warnings as _warnings
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
_sys.modules["migration_briefs.notebook"].setup()
_warnings._filters_mutated()
_os.environ[{variable!r}] = {data!r}
_os.environ[{preview!r}] = {drafts!r}
_gc.collect()
_gc.freeze()
del _gc, _os, _sys, _warnings
"""

# papermill loads this module (its engines' entry points) whenever it starts
errors_as_sentences_in("papermill")

_kernels: dict[tuple, AsyncKernelManager] = {}
_sockets: tuple[int, str] | None = None  # (pid, folder) of this process's kernel sockets
_socket_numbers = itertools.count(1)


SOCKETS_PREFIX = "briefs-kernels-"


def _socket_folder() -> str:
    """This process's folder for its kernels' sockets, made on first use; a forked worker,
    whose pid differs, makes its own. The folders of processes that are gone (a killed build
    worker cannot remove its own) are removed first."""
    global _sockets
    if _sockets is None or _sockets[0] != os.getpid():
        remove_folders_of_dead_processes(SOCKETS_PREFIX)
        _sockets = (os.getpid(), tempfile.mkdtemp(prefix=f"{SOCKETS_PREFIX}{os.getpid()}-"))
    return _sockets[1]



def _socket_path() -> str:
    """Where a new kernel of this process listens: its sockets are this path with '-1' to '-5'."""
    return os.path.join(_socket_folder(), f"kernel-{next(_socket_numbers)}")


class SocketKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel listens on Unix sockets in this process's own folder.
    Over TCP, jupyter_client picks free ports and closes them for the kernel to bind a moment
    later, so two kernels starting at once (two build workers, or another build on the machine)
    could pick one port, and the second kernel died at start-up with a traceback."""

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"

    @default("ip")
    def _ip_default(self) -> str:
        return _socket_path()


class KernelResetError(BriefsError, RuntimeError):
    def __init__(self, kernel_name: str, reply: dict):
        self.kernel_name = kernel_name
        self.reply = reply
        evalue = reply.get('content', {}).get('evalue', reply)
        super().__init__(f"could not reset kernel {kernel_name!r}: {evalue}", where=f"kernel {kernel_name}",
                         reason=f"could not reset it: {evalue}")


class KernelDiedError(BriefsError, RuntimeError):
    """The kernel died while it ran a notebook: the notebook as far as it ran, and the index
    of the cell it was running."""

    def __init__(self, notebook, cell_index: int):
        self.notebook = notebook
        self.cell_index = cell_index
        super().__init__(f"the kernel died while it ran cell {cell_index}", where=f"cell {cell_index}",
                         reason="the kernel died")

    @classmethod
    def of(cls, nb_man) -> "KernelDiedError":
        started = [i for i, cell in enumerate(nb_man.nb.cells) if cell.metadata.get("papermill", {}).get("start_time")]
        return cls(nb_man.nb, started[-1] if started else 0)


class CellTimedOutError(KernelDiedError):
    """A cell ran past the cell time limit; its kernel was stopped. The notebook as far as it
    ran, and the index of the cell that did not finish."""

    def __init__(self, notebook, cell_index: int, seconds: float):
        super().__init__(notebook, cell_index)
        self.seconds = seconds
        self.args = (f"cell {cell_index} ran longer than {seconds:g} s",)

    @classmethod
    def of(cls, nb_man, seconds: float = 0.0) -> "CellTimedOutError":
        died = KernelDiedError.of(nb_man)
        return cls(died.notebook, died.cell_index, seconds)


def kill_kernels() -> None:
    """Kill every kernel this process started, at once and without its event loop: for a
    process that must end now (an interrupted build)."""
    while _kernels:
        _, manager = _kernels.popitem()
        process = getattr(getattr(manager, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            process.kill()


def _close_client(manager: AsyncKernelManager) -> None:
    client = getattr(manager, "_briefs_client", None)
    if client is not None:
        client.stop_channels()
        manager._briefs_client = None


def shutdown_kernels() -> None:
    """Stop every warm kernel this process started, and remove its socket folder once no
    kernel of this process is left to use it."""
    while _kernels:
        _, manager = _kernels.popitem()
        _close_client(manager)
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)
    _remove_unused_socket_folder()


def _remove_unused_socket_folder() -> None:
    global _sockets
    if _sockets is not None and _sockets[0] == os.getpid() and not any(
            name.startswith("kernel-") for name in os.listdir(_sockets[1])):
        shutil.rmtree(_sockets[1], ignore_errors=True)
        _sockets = None


_ends_kernels: int | None = None  # the process that has registered shutdown_kernels to run as it ends


def end_kernels_at_exit() -> None:
    """Stop this process's kernels as it ends. Pool workers leave through os._exit, which skips
    atexit; multiprocessing's finalizers still run, but only in the process that registered them,
    so a worker forked after this module was imported registers its own."""
    global _ends_kernels
    if _ends_kernels != os.getpid():
        multiprocessing.util.Finalize(None, shutdown_kernels, exitpriority=10)
        _ends_kernels = os.getpid()


atexit.register(shutdown_kernels)
end_kernels_at_exit()


def _discard(manager: AsyncKernelManager) -> None:
    """Forget a kernel and stop it, whatever state it is in."""
    for key in [k for k, m in _kernels.items() if m is manager]:
        del _kernels[key]
    _close_client(manager)
    if manager.has_kernel:
        try:
            run_sync(manager.shutdown_kernel)(now=True)
        except Exception:  # already dead and gone: nothing left to stop
            pass


def _manager(kernel_name: str) -> AsyncKernelManager:
    """One kernel per kernel name, working directory and project root: a kernel keeps the
    ones it started with, so a notebook that needs others gets a kernel of its own. A kernel
    that died since its last notebook is replaced."""
    key = (kernel_name, os.getcwd(), os.environ.get(paths.ROOT_VARIABLE))
    manager = _kernels.get(key)
    if manager is not None and manager.has_kernel and not run_sync(manager.is_alive)():
        _discard(manager)
    if key not in _kernels:
        _kernels[key] = SocketKernelManager(kernel_name=kernel_name)
    return _kernels[key]


# ---------------------------------------------------------------- kernels started ahead

# Kernels the build process started before forking its workers, each taken by one worker
# (start_kernels, adopt_kernel): a kernel boots on one core while the build process imports
# papermill, nbconvert and WeasyPrint once, on the other, for every worker.
_ahead: list[dict] = []  # in the build process: what each kernel's adopter needs
_ahead_processes: list = []  # in the build process: each kernel's Popen, to end and reap it
_claimed = None  # a counter in memory shared with the workers: kernels taken so far


def start_kernels(count: int, kernel_name: str, cwd: str, env: dict[str, str]) -> None:
    """Start `count` kernels of `kernel_name` in `cwd` with `env`, for this process or the workers
    it forks next to take (adopt_kernel). Only the kernel processes start here: no socket is
    opened, so nothing of zmq crosses the fork."""
    global _claimed
    import multiprocessing
    import secrets

    from jupyter_client.connect import write_connection_file
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.launcher import launch_kernel

    spec = KernelSpecManager().get_kernel_spec(kernel_name)
    _claimed = multiprocessing.get_context("fork").Value("i", 0)
    for _ in range(count):
        path = _socket_path()
        connection_file, info = write_connection_file(f"{path}.json", transport="ipc", ip=path,
                                                      key=secrets.token_hex(16).encode())
        argv = [part.replace("{connection_file}", connection_file) for part in spec.argv]
        if argv and argv[0] == "python":
            argv[0] = sys.executable
        process = launch_kernel([*argv, *KERNEL_ARGUMENTS, "--HistoryManager.hist_file=:memory:"],
                                cwd=cwd, env={**env, **spec.env})
        _ahead_processes.append(process)
        _ahead.append({"kernel_name": kernel_name, "cwd": os.path.realpath(cwd), "root": env.get(paths.ROOT_VARIABLE),
                       "connection_file": connection_file, "pid": process.pid,
                       "files": [connection_file, *(f"{info['ip']}-{port}" for key, port in info.items()
                                                    if key.endswith("_port"))]})


class _AdoptedProcess:
    """A kernel process another process started (start_kernels), as jupyter_client's provisioner
    handles it. Popen's answers rest on waitpid, which only the starting process may call: here
    whether the kernel lives is read from the process table, and the starting process reaps it."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid, self.returncode = pid, None

    def poll(self) -> int | None:
        if self.returncode is None:
            import psutil
            try:
                if psutil.Process(self.pid).status() == psutil.STATUS_ZOMBIE:
                    self.returncode = -1
            except psutil.NoSuchProcess:
                self.returncode = -1
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        return self.poll()

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                self.returncode = -1

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def adopt_kernel() -> None:
    """Take one of the kernels start_kernels started, if one is left, as this process's warm
    kernel for its kernel name, working folder and project."""
    end_kernels_at_exit()
    if _claimed is None:
        return
    with _claimed.get_lock():
        index = _claimed.value
        if index >= len(_ahead):
            return
        _claimed.value += 1
    ahead = _ahead[index]
    from jupyter_client.provisioning import KernelProvisionerFactory
    manager = SocketKernelManager(kernel_name=ahead["kernel_name"])
    manager.load_connection_file(ahead["connection_file"])
    manager.connection_file = ahead["connection_file"]
    manager._connection_file_written = True  # removed with the kernel
    provisioner = KernelProvisionerFactory.instance(parent=manager.parent).create_provisioner_instance(
        manager.kernel_id, manager.kernel_spec, parent=manager)
    provisioner.process = _AdoptedProcess(ahead["pid"])
    provisioner.pid = provisioner.pgid = ahead["pid"]  # launch_kernel gives each kernel a session of its own
    provisioner.connection_info = manager.get_connection_info()
    manager.provisioner = provisioner
    manager._connect_control_socket()
    manager._briefs_used = True  # told its data set before its first notebook, as a used kernel is
    _kernels[(ahead["kernel_name"], ahead["cwd"], ahead["root"])] = manager


def end_kernels_started() -> None:
    """In the process that started kernels ahead: end those still running and reap them all."""
    global _claimed
    while _ahead_processes:
        process = _ahead_processes.pop()
        if process.poll() is None:
            process.kill()
        process.wait()
    for ahead in _ahead:  # the files of a kernel whose worker died before it could remove them
        for file in ahead["files"]:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(file)
    _ahead.clear()
    _claimed = None
    _remove_unused_socket_folder()


class WarmNotebookClient(PapermillNotebookClient):
    def papermill_execute_cells(self):
        if getattr(self.km, "_briefs_used", False):
            reset = RESET.format(variable=DATA_VARIABLE, data=os.environ.get(DATA_VARIABLE, ""),
                                 preview=PREVIEW_VARIABLE, drafts=os.environ.get(PREVIEW_VARIABLE, ""))
            reply = self.wait_for_reply(self.kc.execute(reset, silent=True, store_history=False))
            if reply is None or reply["content"]["status"] != "ok":
                raise KernelResetError(self.kernel_name, reply or {})
        self.km._briefs_used = True
        super().papermill_execute_cells()


class WarmKernelEngine(Engine):
    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
        kwargs.pop("input_path", None)
        kwargs = {k: v for k, v in kwargs.items() if k not in ("timeout", "startup_timeout")}
        mark_unevaluated(nb_man.nb)
        manager = _manager(kernel_name)
        client = WarmNotebookClient(
            nb_man, km=manager, timeout=execution_timeout, startup_timeout=start_timeout,
            kernel_name=kernel_name, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
            extra_arguments=KERNEL_ARGUMENTS, **kwargs)
        # The client of the warm kernel stays connected between notebooks: connecting a new one
        # waits for the kernel to answer and its output channel to fall quiet (0.2 s a notebook).
        client.kc = getattr(manager, "_briefs_client", None)
        try:
            result = client.execute()
        except BaseException as exc:
            died = isinstance(exc, DeadKernelError) or (manager.has_kernel and not run_sync(manager.is_alive)())
            if client.kc is not None and client.kc is not getattr(manager, "_briefs_client", None):
                client.kc.stop_channels()
            client.kc = None
            _discard(manager)  # dead or in an unknown state: the next notebook gets a fresh kernel
            if isinstance(exc, CellTimeoutError):
                raise CellTimedOutError.of(nb_man, execution_timeout or 0) from None
            if died:
                raise KernelDiedError.of(nb_man) from None
            raise
        manager._briefs_client = client.kc
        return result


class QuietFreshKernelEngine(NBClientEngine):
    """papermill's own engine (a fresh kernel per notebook), without the kernel's start-up noise."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        kwargs.setdefault("extra_arguments", KERNEL_ARGUMENTS)
        kwargs.setdefault("kernel_manager_class", SocketKernelManager)
        mark_unevaluated(nb_man.nb)
        try:
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        except CellTimeoutError:
            raise CellTimedOutError.of(nb_man, kwargs.get("execution_timeout") or 0) from None
        except DeadKernelError:
            raise KernelDiedError.of(nb_man) from None
