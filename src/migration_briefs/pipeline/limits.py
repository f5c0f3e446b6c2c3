"""What a build worker and a kernel are held to: the memory limit (docs/building.md, "How the build works").

Small on purpose: every kernel imports it (notebook.py's extension), and nothing else of the
build engine.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

# Address space a build worker, and each kernel, may take (docs/building.md): a brief takes well under
# 1 GB; past this a cell gets MemoryError, or the worker fails its brief, never the build.
MEMORY_LIMIT = 2 * 2**30
MEMORY_VARIABLE = "MIGRATION_BRIEFS_MEMORY_LIMIT"  # read by the kernel extension (notebook.py)


def limit_memory(limit: int) -> None:
    """Hold this process (and what it starts later) to `limit` bytes of address space."""
    import resource
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard >= limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def limit_memory_from_here(limit: int) -> None:
    """Hold this process to `limit` bytes of address space beyond what it holds now: a build worker
    forked from a process that holds much already (a notebook server, a test run that loaded other
    libraries) starts with its parent's address space, and a limit counted from nothing would leave
    its brief less than `limit`, or nothing at all."""
    limit_memory(limit + (_address_space() or 0))


def _address_space() -> int | None:
    """The bytes of address space this process holds now (Linux: /proc/self/statm), or None."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextlib.contextmanager
def memory_capped(limit: int):
    """Hold this process to `limit` bytes of address space beyond what it holds now, inside the
    `with` block, then give it back its own limit: a brief built in the build process itself
    (--jobs 1, or one brief) is held as a worker's is (limit_memory), and a process that called
    build() keeps its limit once the brief is built. Nothing changes where the address space
    cannot be read, or a tighter limit is set already."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    held = _address_space()
    cap = None if held is None else held + limit
    if cap is not None and hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if cap is None or (soft != resource.RLIM_INFINITY and soft <= cap):
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
