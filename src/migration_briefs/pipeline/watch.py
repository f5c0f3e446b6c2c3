"""`briefs watch` (`make watch`): rebuild what changed, on every save.

Watches the project's data/, notebooks/ and, in a checkout of the library, src/ with watchfiles
(the operating system's notices of changes, through Rust's notify crate; polling only where no
notice comes), which groups the changes of one save: it waits until no change has come for
QUIET_MS, and at most DEBOUNCE_MS, before it hands them over. Hidden files (an editor's swap
file, JupyterLab's checkpoints, the build's own temporary files) and bytecode change nothing.

After each group of changes, `briefs build` runs with the same options in a new process: the build
decides from content hashes which briefs are stale, so a save that changes nothing a brief reads
rebuilds nothing, and a new process builds with the library's code as it is now, not as it was
when the watch started. A build that fails (bad data, a failing brief, Ctrl-C in the build) never
replaces a brief's outputs but with a whole new set, so the previous outputs stay; the watch says
so and waits for the next save. Changes made while a build runs are handed over when it ends.
"""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

WATCHED = ("data", "notebooks", "src")
QUIET_MS = 50  # a save is over when nothing has changed for this long...
DEBOUNCE_MS = 1600  # ...or, while changes keep coming, after this long (watchfiles' defaults)
SHOWN = 5  # changed files named in the line that starts a build

_MEANING = {1: "a brief failed; the others are built, and it keeps its previous outputs",
            2: "the data or a parameter is wrong; nothing was built, and every brief keeps its previous outputs",
            3: "the environment failed the build; the briefs it did not build keep their previous outputs",
            130: "the build was interrupted; what it built is kept, the next build does the rest"}


def relevant(root: Path, path: str | Path) -> str | None:
    """`path` as the project names it (data/...), when a change to it may change a brief; else None:
    outside the watched folders, a hidden name on the way (.ipynb_checkpoints, .x.swp, the build's
    .<name>.tmp-<pid>), bytecode, an editor's backup (name~)."""
    try:
        parts = Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).parts
    except ValueError:
        return None
    if len(parts) < 2 or parts[0] not in WATCHED:
        return None
    if any(part.startswith(".") or part == "__pycache__" for part in parts):
        return None
    if parts[-1].endswith(("~", ".pyc", ".pyo")):
        return None
    return "/".join(parts)


def build_command(root: Path, options: list[str]) -> list[str]:
    """`briefs build` with `options`, in this Python, on the project at `root`."""
    return [sys.executable, "-m", "migration_briefs.cli", "--project", str(root), "build", *options]


def run_build(command: list[str]) -> int:
    """Run the build, its messages and progress straight to this terminal; its exit code."""
    return subprocess.run(command, check=False).returncode


@dataclass
class Watcher:
    """One project's watch: what a group of changes sets off."""

    root: Path
    options: list[str]
    run: Callable[[list[str]], int] = run_build
    log: Callable[[str], None] = print

    def build(self, reason: str) -> int:
        self.log(f"watch: {reason}: building")
        code = self.run(build_command(self.root, self.options))
        if code == 0:
            self.log("watch: built; waiting for changes (Ctrl-C stops)")
        else:
            self.log(f"watch: the build ended with {code}: {_MEANING.get(code, 'it failed')}; "
                     "waiting for the next change (Ctrl-C stops)")
        return code

    def changed(self, changes: Iterable[tuple[object, str]]) -> int | None:
        """One group of changes (watchfiles' pairs of a change and a path): the build's exit code,
        or None when no change can change a brief."""
        names = sorted({name for _, path in changes if (name := relevant(self.root, path)) is not None})
        if not names:
            return None
        more = f" and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
        return self.build(f"{', '.join(names[:SHOWN])}{more} changed")


def folders(root: Path) -> list[Path]:
    return [root / name for name in WATCHED if (root / name).is_dir()]


def watch(root: Path, options: list[str], log: Callable[[str], None] = print,
          changes: Iterable[set] | None = None, run: Callable[[list[str]], int] = run_build) -> None:
    """Build once, then again after each group of changes under the watched folders, until Ctrl-C.
    `changes` stands in for watchfiles' stream of changes (a test's)."""
    watcher = Watcher(root, options, run, log)
    watcher.build("started")
    if changes is None:
        import watchfiles

        class Relevant(watchfiles.DefaultFilter):
            def __call__(self, change, path: str) -> bool:
                return super().__call__(change, path) and relevant(root, path) is not None

        log(f"watch: watching {', '.join(f'{f.name}/' for f in folders(root))}")
        changes = watchfiles.watch(*folders(root), watch_filter=Relevant(), debounce=DEBOUNCE_MS, step=QUIET_MS,
                                   raise_interrupt=False)
    for group in changes:
        watcher.changed(group)
