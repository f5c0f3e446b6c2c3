"""Kernels listen on Unix sockets in their process's own folder, so kernels starting at once in
two build workers never race for a TCP port; the folders of processes that are gone go. A warm
kernel keeps what lasts out of the garbage collector's sight, and nothing a notebook left; a
kernel imports matplotlib only for a notebook that draws, which then draws in the house style. Kernels
the build starts before forking its workers are taken by them, seen dead when they die, and reaped."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import papermill  # noqa: F401  # loads its engines (ours among them) before the engine module is imported alone
import pytest

from migration_briefs.pipeline import engine


def notebook(*sources: str):
    import nbformat
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources],
                                    metadata={"kernelspec": {"name": "python3", "language": "python",
                                                             "display_name": "Python 3"}})


def test_each_kernel_gets_sockets_of_its_own_in_its_processs_folder():
    first, second = (engine.SocketKernelManager(kernel_name="python3") for _ in range(2))
    assert first.transport == second.transport == "ipc" and not first.cache_ports
    assert first.ip != second.ip and Path(first.ip).parent == Path(second.ip).parent
    assert Path(first.ip).parent.name.startswith(f"{engine.SOCKETS_PREFIX}{os.getpid()}-")
    assert len(f"{second.ip}-5") < 100, "a Unix socket's path has a length limit"


def test_the_socket_folders_of_processes_that_are_gone_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(engine, "_sockets", None)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    (tmp_path / f"{engine.SOCKETS_PREFIX}{gone}-abc").mkdir()
    (tmp_path / f"{engine.SOCKETS_PREFIX}{gone}-abc" / "kernel-1-1").write_text("")
    alive = tmp_path / f"{engine.SOCKETS_PREFIX}{os.getppid()}-def"
    alive.mkdir()
    folder = Path(engine._socket_folder())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, folder.name])


def test_a_warm_kernel_keeps_what_lasts_out_of_the_collectors_sight_and_frees_what_a_notebook_left():
    """The warm kernel freezes what lasts (its start-up objects; what stays after a notebook's names
    are reset and collected), so the collector's full collections no longer scan every object of
    matplotlib and the library; but never before a notebook's objects are collected: a reference
    cycle the last notebook left in its names is gone."""
    left = notebook("import sys, weakref\nclass Node: pass\nnode = Node()\nnode.itself = node\n"
                    "sys.briefs_node = weakref.ref(node)")
    checks = notebook("import gc, sys\nprint(sys.briefs_node() is None, gc.get_freeze_count() > 0)")
    try:
        papermill.execute_notebook(left, None, engine_name="warm", progress_bar=False)
        ran = papermill.execute_notebook(checks, None, engine_name="warm", progress_bar=False)
    finally:
        engine.shutdown_kernels()
    assert ran.cells[0].outputs[0]["text"].strip() == "True True"


def test_a_kernel_imports_matplotlib_only_for_a_notebook_that_draws_and_it_draws_in_the_house_style():
    """matplotlib is half of what a build's kernel took to start, and most briefs draw nothing: the
    kernel is set up for it when a notebook first imports it, before that import returns, so a
    cell that imports pyplot and draws gets the house style and the brief's PNG settings."""
    from migration_briefs.notebook import STYLE_FILE
    drawing = notebook(
        "import sys\nprint('matplotlib' in sys.modules)",
        "import matplotlib.pyplot as plt\nimport matplotlib\nplt.plot([1, 3, 2])\n"
        f"style = matplotlib.rc_params_from_file({str(STYLE_FILE)!r}, use_default_template=False)\n"
        "print(all(matplotlib.rcParams[key] == value for key, value in style.items()), "
        "type(matplotlib.__loader__).__name__)")
    try:
        ran = papermill.execute_notebook(drawing, None, engine_name="warm", progress_bar=False)
    finally:
        engine.shutdown_kernels()
    before, drew = ran.cells[0].outputs, ran.cells[1].outputs
    assert before[0]["text"].strip() == "False"
    assert drew[0]["text"].split() == ["True", "SourceFileLoader"]  # the module keeps its own loader
    [figure] = [output for output in drew if output["output_type"] == "display_data"]
    assert set(figure["data"]) == {"image/png", "text/plain"}


def test_a_kernel_started_ahead_runs_the_notebooks_of_the_process_that_takes_it_and_ends_with_it(tmp_path, monkeypatch):
    """The build starts its workers' kernels before it forks them (start_kernels), for the imports
    every worker needs to be made once while they boot; a worker takes one (adopt_kernel) and runs its
    notebooks in it. A kernel that dies is seen dead though the worker did not start it, and the next
    notebook gets a kernel of the worker's own; the process that started the kernels reaps them."""
    from migration_briefs import paths
    from migration_briefs.pipeline.engine import KernelDiedError
    monkeypatch.setenv(paths.ROOT_VARIABLE, str(tmp_path))
    pid = notebook("import os\nprint(os.getpid())")
    try:
        engine.start_kernels(1, "python3", str(tmp_path), {**os.environ})
        [started] = engine._ahead_processes
        engine.adopt_kernel()
        first = papermill.execute_notebook(pid, None, engine_name="warm", progress_bar=False, cwd=str(tmp_path))
        second = papermill.execute_notebook(pid, None, engine_name="warm", progress_bar=False, cwd=str(tmp_path))
        with pytest.raises(KernelDiedError):
            papermill.execute_notebook(notebook("import os\nos._exit(3)"), None, engine_name="warm",
                                       progress_bar=False, cwd=str(tmp_path))
        fresh = papermill.execute_notebook(pid, None, engine_name="warm", progress_bar=False, cwd=str(tmp_path))
    finally:
        engine.shutdown_kernels()
        engine.end_kernels_started()
    assert [int(ran.cells[0].outputs[0]["text"]) for ran in (first, second)] == [started.pid] * 2
    assert int(fresh.cells[0].outputs[0]["text"]) != started.pid
    assert started.returncode == 3  # reaped by this process, which started it
    assert not any(name.startswith(engine.SOCKETS_PREFIX + str(os.getpid()))
                   for name in os.listdir(tempfile.gettempdir())), "its sockets and connection file stay behind"


def test_a_process_that_takes_no_kernel_started_ahead_starts_its_own(tmp_path, monkeypatch):
    """Where the build started fewer kernels than take one (none: a cluster's worker), a worker
    starts its own for its first notebook."""
    from migration_briefs import paths
    monkeypatch.setenv(paths.ROOT_VARIABLE, str(tmp_path))
    try:
        engine.adopt_kernel()
        assert not engine._kernels
        ran = papermill.execute_notebook(notebook("import os\nprint(os.getppid())"), None, engine_name="warm",
                                         progress_bar=False, cwd=str(tmp_path))
    finally:
        engine.shutdown_kernels()
    assert int(ran.cells[0].outputs[0]["text"]) == os.getpid()


def test_kernels_the_build_cannot_start_ahead_are_left_to_the_briefs_that_need_them(tmp_path, monkeypatch):
    """A kernel that cannot start (not installed) does not stop the build before its briefs: each
    brief starts its own, and fails in its own words, as without kernels started ahead."""
    from jupyter_client.kernelspec import NoSuchKernel

    from migration_briefs.pipeline.brief import Task, prepare_workers

    def not_installed(*args, **kwargs):
        raise NoSuchKernel("python3")

    monkeypatch.setattr(engine, "start_kernels", not_installed)
    prepare_workers([Task(spec=None, formats=("html",), root=str(tmp_path), build_dir=str(tmp_path))], 2)
    engine.adopt_kernel()
    assert not engine._ahead and not engine._kernels
