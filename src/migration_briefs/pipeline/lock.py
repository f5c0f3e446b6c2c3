"""One build at a time per build folder: an exclusive flock on build/.lock.

The kernel releases a flock when the last descriptor of the locked open file closes, which
happens however its process ends, so a killed build never leaves a stale lock behind (a pid
file alone would). The holder writes its pid into the file so that a waiting build can say
whom it waits for. Build workers are forked while the lock is held: each closes its copy of
the descriptor (release_in_child), so a worker orphaned by a killed build holds nothing.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import time
from pathlib import Path

from migration_briefs.errors import BuildLockedError, UnsafeFileError
from migration_briefs.files import file_kind, refuse_linked_folders

LOCK_FILE = ".lock"
POLL_SECONDS = 0.1

_held: int | None = None  # the descriptor this process locked, for forked children to close


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(descriptor: int) -> str:
    pid = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return f"process {pid}" if pid.isdigit() else "a process that has not written its id yet"


_HINT = "remove it; the build creates its own lock file"


def _open(path: Path, name: str) -> int:
    """The lock file, created if missing; never through a link (which would write the pid into
    the file it names), never anything but a regular file (a FIFO would block the build), and
    never a file with another name too (a hard link: writing the pid would truncate that file)."""
    hint = _HINT
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeFileError(name, "a symbolic link", hint=hint) from None
        if exc.errno in (errno.EISDIR, errno.ENXIO):
            raise UnsafeFileError(name, file_kind(os.lstat(path).st_mode), hint=hint) from None
        raise
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise UnsafeFileError(name, file_kind(mode), hint=hint)
    try:
        _refuse_other_names(descriptor, name)
    except UnsafeFileError:
        os.close(descriptor)
        raise
    return descriptor


def _refuse_other_names(descriptor: int, name: str) -> None:
    """UnsafeFileError when the lock file is also known by another name (a hard link, which an
    archived checkout may carry): its pid would be written into that file."""
    links = os.fstat(descriptor).st_nlink
    if links > 1:
        raise UnsafeFileError(name, "a hard link", hint=_HINT, reason=(
            f"it is a hard link (one file with {links} names), so writing the build's process id would "
            "change the file it shares"))


@contextlib.contextmanager
def build_lock(build_dir: Path, wait: float | None = None, log=None, name: str | None = None):
    """Hold the lock of `build_dir` inside the `with` block. Another build holding it is waited
    for (said once through `log`): as long as it takes when `wait` is None, else at most `wait`
    seconds, then BuildLockedError names the holder. `name` is the lock file as messages show it."""
    global _held
    path = build_dir / LOCK_FILE
    name = name or str(path)
    refuse_linked_folders(path)  # before a folder is made through it
    build_dir.mkdir(parents=True, exist_ok=True)
    descriptor = _open(path, name)
    try:
        if not _try_lock(descriptor):
            if wait is not None and wait <= 0:
                raise BuildLockedError(name, _holder(descriptor))
            if log:
                log(f"{name}: another build ({_holder(descriptor)}) is using this build folder; waiting for it to finish")
            if wait is None:
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            else:
                deadline = time.monotonic() + wait
                while not _try_lock(descriptor):
                    if time.monotonic() >= deadline:
                        raise BuildLockedError(name, _holder(descriptor))
                    time.sleep(POLL_SECONDS)
        _refuse_other_names(descriptor, name)  # linked while this build waited
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        _held = descriptor
        try:
            yield
        finally:
            _held = None
    finally:
        os.close(descriptor)  # releases the lock


def release_in_child() -> None:
    """In a process forked while the lock is held: drop this copy of the descriptor. Closing
    (not LOCK_UN, which would unlock the parent's build too) leaves the parent the only holder."""
    global _held
    if _held is not None:
        os.close(_held)
        _held = None
