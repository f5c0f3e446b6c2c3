"""`briefs serve` (`make serve`): build/ served on this machine only, to read the site as its
readers will (the index's filters, the links between briefs and to the source pages, the PDFs and
Word documents) while `make watch` rebuilds it.

Python's own http.server, bound to 127.0.0.1, with a handler that serves what the build wrote and
nothing else: what is read back from build/ is untrusted, so a symbolic link anywhere on the way
to a file (build/ itself aside), a hidden name (the lock, a scratch folder, a temporary file), and
anything but a regular file are answered 404, as is a folder without its index (no listings).
Every answer says not to keep it (no-store), so a reload after a rebuild shows the new brief.
"""
from __future__ import annotations

import errno
import http.server
import os
import stat
from collections.abc import Callable
from pathlib import Path

from migration_briefs.errors import BuildEnvironmentError

HOST = "127.0.0.1"
PORT = 8000
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".ipynb": "application/x-ipynb+json",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".png": "image/png",
}


class BuildHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the regular files of one build folder, reached without following a link."""

    extensions_map = {"": "application/octet-stream", **CONTENT_TYPES}

    def send_head(self):
        path = self.translate_path(self.path)
        found = self._regular(path)
        if found is None:  # a folder: its index.html, as a site is read
            folder = self._folder(path)
            found = None if folder is None else self._regular(os.path.join(folder, "index.html"))
            if found is None:
                self.send_error(404, "Not found in the build (it lists no folder)")
                return None
            path = os.path.join(folder, "index.html")
            if not self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
                os.close(found[0])
                self.send_response(301)
                self.send_header("Location", self.path.split("?", 1)[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
        descriptor, size = found
        stream = os.fdopen(descriptor, "rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(size))
        self.end_headers()
        return stream

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def list_directory(self, path):
        self.send_error(404, "No listing")
        return None

    def _parts(self, path: str) -> list[str] | None:
        """The names from the build folder to `path`, or None when one is hidden or leads out."""
        relative = os.path.relpath(path, self.directory)
        if relative == ".":
            return []
        parts = relative.split(os.sep)
        if parts[0] == ".." or any(part.startswith(".") for part in parts):
            return None
        current = self.directory
        for part in parts[:-1]:
            current = os.path.join(current, part)
            try:
                if not stat.S_ISDIR(os.lstat(current).st_mode):  # a link, or not a folder
                    return None
            except (OSError, ValueError):  # ValueError: a NUL in the address
                return None
        return parts

    def _folder(self, path: str) -> str | None:
        parts = self._parts(path)
        if parts is None:
            return None
        try:
            return path if stat.S_ISDIR(os.lstat(path).st_mode) else None
        except (OSError, ValueError):
            return None

    def _regular(self, path: str) -> tuple[int, int] | None:
        """An open descriptor of `path` and its size when it is a regular file reached without a
        link, else None."""
        if not self._parts(path):
            return None
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except (OSError, ValueError):
            return None
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            os.close(descriptor)
            return None
        return descriptor, status.st_size

    def log_message(self, format, *args):
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")


class BuildServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, build_dir: Path, port: int, log: Callable[[str], None] | None = None):
        self.log = log
        directory = os.path.realpath(build_dir)  # build/ may be reached through a link; nothing in it may
        try:
            super().__init__((HOST, port), lambda *args: BuildHandler(*args, directory=directory))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise BuildEnvironmentError(f"{HOST}:{port}", "another program listens on this port",
                                            f"choose another: make serve PORT={port + 1} "
                                            f"(briefs serve --port {port + 1})") from None
            raise

    @property
    def address(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"


def serve(build_dir: Path, port: int = PORT, log: Callable[[str], None] = print) -> None:
    """Serve `build_dir` at http://127.0.0.1:`port`/ until Ctrl-C."""
    with BuildServer(build_dir, port, log) as server:
        log(f"Serving {build_dir.name}/ at {server.address} (this machine only); Ctrl-C stops.")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            log("Stopped.")
