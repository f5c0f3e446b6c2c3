"""JupyterLab on this machine for a browser to drive: the server the review test
(tests/test_review_browser.py) and bench/jupyterlab.py both start, and the Chromium they drive it with
(Debian's, at /usr/bin/chromium; .ci/run installs it)."""
from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from migration_briefs import paths

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def jupyterlab(root: Path, scratch: Path) -> Iterator[tuple[str, str]]:
    """JupyterLab serving the project at `root` on 127.0.0.1 only, with a token, its settings and
    runtime files and its log (lab.log) in `scratch`; yields its address and token, and stops it."""
    port, token = free_port(), secrets.token_hex(16)
    home = scratch / "jupyter"
    env = {**os.environ, paths.ROOT_VARIABLE: str(root), "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
           "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    with (scratch / "lab.log").open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
             "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
             "--ServerApp.port_retries=0", "--LabApp.news_url=",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            env=env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            yield f"http://127.0.0.1:{port}", token
        finally:
            stop(server)


def stop(server: subprocess.Popen) -> None:
    """Stop a server: asked first, killed if it does not end within 30 seconds."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def open_when_up(page, address: str, tries: int = 120) -> None:
    """Open `address` in the Playwright page once the server answers (every half second)."""
    for _ in range(tries - 1):
        try:
            page.goto(address)
            return
        except Exception:  # noqa: BLE001 - not listening yet
            page.wait_for_timeout(500)
    page.goto(address)
