"""Kernels listen on Unix sockets in their process's own folder, so kernels starting at once in
two build workers never race for a TCP port; the folders of processes that are gone go. A warm
kernel keeps what lasts out of the garbage collector's sight, and nothing a notebook left; a
kernel imports matplotlib only for a notebook that draws, which then draws in the house style."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import papermill  # noqa: F401  # loads its engines (ours among them) before the engine module is imported alone

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
