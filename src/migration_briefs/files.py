"""Hashing and atomic writing of files: outputs are never half-written at their final path."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write only when the content differs, so unchanged pages keep their timestamps."""
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True
