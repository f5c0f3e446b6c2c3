"""Schedule the briefs to build: one after another in the build process, across a pool of forked
build workers (each keeping one warm kernel, started by the build process while it imports what
every worker needs: brief.prepare_workers), or as tasks of a Dask distributed cluster
(cluster.py). Every Result goes to `record` as it comes in; a worker that dies fails the briefs it
held, and Ctrl-C ends the workers and their kernels (on a cluster: cancels the build's tasks).
"""
from __future__ import annotations

import gc
import os
import signal
import sys
import time
from collections.abc import Callable

from migration_briefs.pipeline.brief import (
    Result,
    Task,
    build_one,
    described,
    first_lines,
    prepare_workers,
    worker_init,
)
from migration_briefs.pipeline.limits import MEMORY_LIMIT, limit_memory_from_here, memory_capped
from migration_briefs.pipeline.lock import release_in_child

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def run_briefs(tasks: list[Task], jobs: int, record: Callable[[Result], None], stop: Callable[[], bool],
               scheduler: str | None = None, log: Callable[[str], None] = print) -> None:
    """Build every task, `jobs` at a time (or on the Dask cluster whose scheduler is at
    `scheduler`), handing each Result to `record`; after a Result, end early once `stop()` says
    so (the briefs not started are left)."""
    if scheduler:
        from migration_briefs.pipeline.cluster import run_on_cluster  # Dask is imported only for a cluster
        run_on_cluster(tasks, scheduler, record, stop, log)
    elif jobs <= 1 or len(tasks) == 1:
        _in_process(tasks, record, stop)
    else:
        _in_pool(tasks, jobs, record, stop)


def _in_process(tasks: list[Task], record: Callable[[Result], None], stop: Callable[[], bool]) -> None:
    try:
        prepare_workers(tasks, 1)
        _adopt_kernel()
        for task in tasks:
            with memory_capped(MEMORY_LIMIT):  # as a worker is held (_pool_worker_init)
                result = build_one(task)
            record(result)
            if stop():
                break
    except KeyboardInterrupt:
        _kill_kernels()  # at once: a kernel busy in a cell would not answer a shutdown request
        # The interrupted cell's task dies with its kernel, on purpose: asyncio would
        # otherwise print its traceback when the task is collected.
        import logging
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        raise
    finally:
        gc.unfreeze()  # what prepare_workers froze: a program that builds again keeps no garbage frozen
        if _engine():
            _engine().shutdown_kernels()
            _engine().end_kernels_started()


def _in_pool(tasks: list[Task], jobs: int, record: Callable[[Result], None], stop: Callable[[], bool]) -> None:
    workers = min(jobs, len(tasks))
    try:
        prepare_workers(tasks, workers)
        _pool(tasks, workers, record, stop)
    finally:
        gc.unfreeze()
        if _engine():
            _engine().end_kernels_started()


def _pool(tasks: list[Task], workers: int, record: Callable[[Result], None], stop: Callable[[], bool]) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_pool_worker_init, initargs=(os.getpid(),)) as pool:
        futures = {pool.submit(build_one, task): task for task in tasks}
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    record(_outcome(future, futures[future]))
                if stop():
                    for future in pending:
                        future.cancel()
                    break
        except KeyboardInterrupt:
            _end_pool(pool, futures)
            raise


def _pool_worker_init(build: int) -> None:
    release_in_child()  # the build's lock must end with the build, not with an orphaned worker
    limit_memory_from_here(MEMORY_LIMIT)
    # Ctrl-C is the build's to handle (it ends the workers); SIGTERM ends a worker's kernels too.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_worker)
    _end_with_the_build(build)
    worker_init()
    _adopt_kernel()


def _end_with_the_build(build: int) -> None:
    """SIGTERM this worker when the build process `build` dies, even killed outright (SIGKILL),
    when it cannot end its workers: a worker would otherwise wait on its task queue forever,
    its kernel beside it. Linux's prctl(PR_SET_PDEATHSIG), through the C library: the standard
    library has no call for it. A build that died before this worker got here is seen by its pid."""
    if sys.platform.startswith("linux"):
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != build:
        _end_worker(signal.SIGTERM, None)


def _engine():
    """The engine module, where papermill has loaded it (its entry point), else None: no kernel to
    take or end."""
    return sys.modules.get("migration_briefs.pipeline.engine")


def _adopt_kernel() -> None:
    if _engine():
        _engine().adopt_kernel()


def _end_worker(signum, frame) -> None:
    _kill_kernels()
    os._exit(128 + signum)


def _kill_kernels() -> None:
    if _engine():
        _engine().kill_kernels()



def _end_pool(pool, futures) -> None:
    """After Ctrl-C: cancel what has not started and end the workers (each ends its kernels),
    instead of waiting for briefs that may never finish. A second Ctrl-C meanwhile is ignored.
    The executor has no public way to end its workers before Python 3.14 (terminate_workers),
    hence its `_processes`."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for future in futures:
            future.cancel()
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
    finally:
        signal.signal(signal.SIGINT, previous)


def _outcome(future, task: Task) -> Result:
    """A worker's Result; a worker that died (killed, out of memory, crashed) fails its briefs."""
    from concurrent.futures.process import BrokenProcessPool
    try:
        return future.result()
    except BrokenProcessPool:
        return Result(task.spec.relpath, False, error=(
            f"{described(task.spec)}: its build worker died (killed or crashed while this brief or one "
            "beside it was being built); build again, with --jobs 1 to find the brief that kills it"))
    except Exception as exc:  # its result could not come back from the worker
        return Result(task.spec.relpath, False, error=f"{described(task.spec)}: {type(exc).__name__}: "
                      f"{first_lines(exc)}")


def duration(seconds: float) -> str:
    """A span of time as a person reads it: '8 s', '4 min 10 s', '2 h 5 min'."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    if whole < 600:
        return f"{whole // 60} min {whole % 60} s" if whole % 60 else f"{whole // 60} min"
    minutes = round(whole / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min" if minutes % 60 else f"{minutes // 60} h"


class Progress:
    """How far a build has come and about how long the rest will take, from the pace so far:
    '[3/24] un-women/2016/goal-5  41 s, about 4 min 33 s left'. On a terminal, one line kept up to
    date; in a log (a stream that is not a terminal: CI, `make > build.log 2>&1`), a line at each
    tenth of the briefs, at least every LOG_EVERY seconds, and at the last. `clock` counts seconds
    (time.monotonic; a test gives its own)."""

    LOG_EVERY = 60

    def __init__(self, total: int, stream=None, clock: Callable[[], float] = time.monotonic):
        self.total, self.done, self.clock = total, 0, clock
        self.stream = sys.stderr if stream is None else stream
        self.terminal = self.stream.isatty()
        self.started = self.said = clock()
        self.tenths = 0

    def line(self, current: str, now: float) -> str:
        elapsed, left = now - self.started, self.total - self.done
        estimate = f", about {duration(elapsed / self.done * left)} left" if left else ""
        return f"[{self.done}/{self.total}] {current}  {duration(elapsed)}{estimate}"

    def update(self, current: str) -> None:
        self.done += 1
        now = self.clock()
        if self.terminal:
            self.stream.write(f"\r\033[K{self.line(current, now)}")
        else:
            tenths = self.done * 10 // self.total
            if tenths == self.tenths and now - self.said < self.LOG_EVERY and self.done < self.total:
                return
            self.stream.write(self.line(current, now) + "\n")
            self.tenths, self.said = tenths, now
        self.stream.flush()

    def close(self) -> None:
        if self.terminal and self.done:
            self.stream.write("\r\033[K")
            self.stream.flush()
