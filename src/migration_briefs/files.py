"""Hashing, reading and atomic writing of files. Outputs are never half-written at their final
path, and no write or read-back follows a link or opens anything but a regular file: files
under build/ and data/ are untrusted (a link to a file outside, a FIFO, /dev/zero)."""
from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from migration_briefs.errors import UnsafeFileError

CHUNK = 1 << 20
# Opening a FIFO for reading blocks until a writer appears; O_NONBLOCK makes it return at once
# (fstat then refuses it). O_NOFOLLOW makes the open fail on a link, however it got there.
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_kind(mode: int) -> str:
    """What a file is, as messages name it."""
    for test, kind in ((stat.S_ISREG, "a regular file"), (stat.S_ISLNK, "a symbolic link"),
                       (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device")):
        if test(mode):
            return kind
    return "not a regular file"


def _open_regular(path: Path, limit: int | None, shown: str | None) -> int:
    """A descriptor of `path` for reading, after checking, without following a link or blocking,
    that it is a regular file of at most `limit` bytes. FileNotFoundError when it is missing."""
    where = shown or str(path)
    kind = file_kind(os.lstat(path).st_mode)
    if kind != "a regular file":
        raise UnsafeFileError(where, kind)
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since the lstat
            raise UnsafeFileError(where, "a symbolic link") from None
        raise
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode) or (limit is not None and status.st_size > limit):
        os.close(descriptor)
        if stat.S_ISREG(status.st_mode):
            raise UnsafeFileError(where, "too large", limit)
        raise UnsafeFileError(where, file_kind(status.st_mode))
    return descriptor


def read_regular(path: Path, limit: int, shown: str | None = None) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes (read no further, should it
    grow meanwhile); UnsafeFileError otherwise, FileNotFoundError when it is missing."""
    with os.fdopen(_open_regular(path, limit, shown), "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise UnsafeFileError(shown or str(path), "too large", limit)
    return data


def hash_regular(path: Path) -> str | None:
    """The SHA-256 of `path`, read in chunks (memory stays flat for any size); None when it is
    missing or not a regular file."""
    try:
        descriptor = _open_regular(path, None, None)
    except (FileNotFoundError, NotADirectoryError, UnsafeFileError):
        return None
    digest = hashlib.sha256()
    with os.fdopen(descriptor, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def linked_folder(path: Path) -> Path | None:
    """The first folder on the way to `path` that is a symbolic link, or None."""
    folder = Path(os.path.abspath(path)).parent
    if os.path.realpath(folder) == str(folder):
        return None
    return next((f for f in reversed((folder, *folder.parents)) if f.is_symlink()), None)


def refuse_linked_folders(path: Path) -> None:
    """OSError (ELOOP, naming the link) when a folder on the way to `path` is a symbolic link:
    what is written there would land wherever the link leads."""
    link = linked_folder(path)
    if link is not None:
        raise OSError(errno.ELOOP, "a symbolic link stands on the way to a file to write", str(link))


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file,
    and a failed write (a full disk) leaves no temporary file behind. The temporary file is
    created new (never through a link left in its place), the rename replaces whatever stands
    at `path` (a link, a FIFO) instead of writing through it, and nothing is written (no folder
    made) when a folder on the way is a link (OSError ELOOP, naming it). A failure names `path`."""
    write_all_atomic({path: data})


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Write several files as one: each to a temporary file beside it, then, once all are
    written, each renamed into place. A failure while writing (a full disk, a link on the way)
    replaces none of them and leaves no temporary file behind."""
    for path in files:
        refuse_linked_folders(path)
    temporaries: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = temporaries[path] = path.with_name(f".{path.name}.tmp-{os.getpid()}")
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            try:
                descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                                     0o644)
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(data)
            except OSError as exc:
                if exc.filename is None:  # a full disk is reported by write(), which names no file
                    raise OSError(exc.errno, exc.strerror, str(path)) from None
                raise
        for path, temporary in temporaries.items():
            os.replace(temporary, path)
    except BaseException:
        for temporary in temporaries.values():
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write only when the content differs, so unchanged pages keep their timestamps."""
    try:
        if read_regular(path, len(data)) == data:
            return False
    except (OSError, UnsafeFileError):
        pass
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


def remove_folders_of_dead_processes(prefix: str) -> None:
    """Remove the temporary folders `<temp>/<prefix><pid>-…` whose process is gone: a killed
    build worker or Dask worker cannot remove its own."""
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        pid = folder.name.removeprefix(prefix).split("-")[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # alive, another user's
            pass
