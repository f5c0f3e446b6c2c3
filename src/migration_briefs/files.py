"""Hashing and atomic writing of files: outputs are never half-written at their final path."""
from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file,
    and a failed write (a full disk) leaves no temporary file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write only when the content differs, so unchanged pages keep their timestamps."""
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


def inside(folder: Path, relative: str) -> Path | None:
    """`folder / relative` if it stays inside `folder` once every link and '..' is resolved,
    else None: for paths read from files anyone can edit."""
    try:
        base = folder.resolve()
        path = (base / relative).resolve()
    except (OSError, ValueError, RuntimeError):  # a NUL byte, a link loop
        return None
    return path if path != base and path.is_relative_to(base) else None
