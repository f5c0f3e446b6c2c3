"""Kernels listen on Unix sockets in their process's own folder, so kernels starting at once in
two build workers never race for a TCP port; the folders of processes that are gone go."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import papermill  # noqa: F401  # loads its engines (ours among them) before the engine module is imported alone

from migration_briefs.pipeline import engine


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
