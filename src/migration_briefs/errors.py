"""Domain exceptions: one hierarchy under BriefsError. Each carries structured fields so callers
and tests can inspect them."""
from __future__ import annotations

import difflib
import errno
import sys
from dataclasses import dataclass
from pathlib import Path


class BriefsError(Exception):
    """The base of every error the package raises for people to read; `except BriefsError`
    catches them all. Like papermill's exceptions (PapermillExecutionError carries the cell, its
    source, the exception's name and value), each carries its parts as fields beside its one
    message: `where` names what it concerns as people see it (a file, a brief, a cell, a
    parameter; None when nothing narrower than the whole task), `reason` says what is wrong and
    `hint` what to do ("" when the message says all there is). The message stays the text
    people read: the fields never change it."""

    def __init__(self, message: str, *, where: str | None = None, reason: str | None = None, hint: str = ""):
        self.where = where
        self.reason = message if reason is None else reason
        self.hint = hint
        super().__init__(message)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one data file: where it is, what was expected, what to do."""

    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class DataValidationError(BriefsError):
    """Every problem found in one load, reported together rather than one at a time; each
    Problem has its own file, line, field, message and hint."""

    SHOWN_IN_A_KERNEL = 3

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        self.header = f"{count} problem{'s' if count != 1 else ''} in the data:"
        files = sorted({p.file for p in self.problems})
        super().__init__("\n".join([self.header, *(str(p) for p in self.problems)]),
                         where=files[0] if len(files) == 1 else None, reason=self.header,
                         hint="fix the problems listed and run `make validate` again")

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback (and papermill passes on): the problems,
        not the loader's call stack."""
        shown = self.problems[:self.SHOWN_IN_A_KERNEL]
        lines = [f"{type(self).__name__}: {self.header}", *(str(p) for p in shown)]
        if len(self.problems) > len(shown):
            lines.append(f"... and {len(self.problems) - len(shown)} more: run `make validate` to see them all.")
        return lines


def closest_first(value: object, choices: list) -> list:
    """`choices` with those closest to `value` first (difflib's similarity; ties keep their order),
    for a message that names what `value` may have meant. Numbers (a year, a goal) stay in order."""
    text = str(value).strip().lower()
    if not text or text.isdigit():
        return list(choices)
    return sorted(choices, key=lambda choice: -difflib.SequenceMatcher(None, text, str(choice).lower()).ratio())


class ParameterError(BriefsError, ValueError):
    """A brief was asked for with a parameter value the data does not know, or that has no brief.
    `valid` lists the values that would do (those the data holds), closest first; `valid_are`
    says what they are."""

    def __init__(self, name: str, value: object, valid: list[str], reason: str = "",
                 valid_are: str = "valid values are"):
        self.name = name
        self.value = value
        self.valid = closest_first(value, list(valid))
        because = reason or "is not known"
        choices = f"{valid_are}: {', '.join(str(v) for v in self.valid)}" if self.valid else ""
        super().__init__(f"Parameter {name}={value!r} {because}{'; ' + choices if choices else ''}.",
                         where=f"parameter {name}", reason=f"{value!r} {because}", hint=choices)

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the one sentence that says what to change."""
        return [f"{type(self).__name__}: {self}"]


class BuildEnvironmentError(BriefsError):
    """The build cannot do its work in this checkout: a file-system fault, a missing tool, or
    another build holding build/. `report` is the build's report so far, when it had begun."""

    def __init__(self, where: str, reason: str, hint: str, report=None):
        self.report = report
        super().__init__(f"{where}: {reason}; {hint}.", where=where, reason=reason, hint=hint)


class BuildLockedError(BuildEnvironmentError):
    """Another build holds build/ and this one was told not to wait (longer)."""

    def __init__(self, where: str, holder: str):
        self.holder = holder
        super().__init__(where, f"another build ({holder}) is using this build folder",
                         "wait for it to finish, or run again without --wait to queue behind it")


class BuildInterruptedError(BuildEnvironmentError):
    """The build was interrupted (Ctrl-C): its kernels and workers were ended and its lock
    released; what it built is kept, and the next build finishes the job."""

    def __init__(self, where: str, report=None):
        super().__init__(where, "the build was interrupted (Ctrl-C)",
                         "the briefs it finished are kept, and the next build does the rest", report)


class UnsafeFileError(BuildEnvironmentError):
    """A file the build writes or reads back is not a regular file (`kind`: a symbolic link, a
    FIFO, a device, a folder) or is larger than `limit` bytes: the build neither follows it
    nor reads it."""

    def __init__(self, where: str, kind: str, limit: int | None = None,
                 hint: str = "remove it (or run `make clean`); the build writes its own", reason: str | None = None):
        self.kind = kind
        self.limit = limit
        size = f"{limit // 2**20} MB" if limit is not None and limit >= 2**20 else f"{limit} bytes"
        what = f"it is larger than {size}" if limit is not None else f"it is {kind}, not a regular file"
        super().__init__(where, reason or what, hint)


# Why a file operation failed, and what to do about it, by errno.
_OS_REASONS = {
    errno.EACCES: ("permission denied", "make it writable for you, or build in a checkout you own"),
    errno.EPERM: ("operation not permitted", "make it writable for you, or build in a checkout you own"),
    errno.EROFS: ("the file system is read-only", "build in a writable checkout"),
    errno.ENOSPC: ("no space is left on the device", "free some space and build again"),
    errno.EDQUOT: ("the disk quota is exceeded", "free some space and build again"),
    errno.EISDIR: ("a folder is where a file is needed", "move that folder away (or run `make clean`)"),
    errno.ENOENT: ("it does not exist or vanished during the build", "build again"),
    errno.ELOOP: ("it is a symbolic link, and nothing is written through a link",
                  "replace the link with a folder of its own (in build/, run `make clean`)"),
}


def os_error(exc: OSError, root: Path, report=None) -> BuildEnvironmentError:
    """One located sentence for a failed file operation, its path shown relative to `root`."""
    from migration_briefs.paths import relative_to_root
    path = Path(exc.filename) if exc.filename else None
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and path is not None:
        # A file stands where the build needs a folder: name that file, not the path beneath it.
        blocking = next((p for p in [path, *path.parents] if p.exists() and not p.is_dir()), path)
        return BuildEnvironmentError(relative_to_root(blocking, root), "a file is where a folder is needed",
                                     "move that file away (or run `make clean`)", report)
    reason, hint = _OS_REASONS.get(exc.errno, (exc.strerror or str(exc), "check that path and build again"))
    where = relative_to_root(path, root) if path is not None else "the file system"
    return BuildEnvironmentError(where, reason, hint, report)


class UnconfirmedDraftError(BriefsError, ValueError):
    """A brief was asked for that rests on what `briefs draft` proposed and no person has
    confirmed yet (a draft item, a suggested target, a draft meeting block)."""

    def __init__(self, brief: str, file: str, line: int | None, what: str, sentence: str):
        self.brief = brief
        self.file = file
        self.line = line
        self.what = what
        super().__init__(f"The {brief} is not made: {sentence}.", where=f"{file}:{line}" if line else file,
                         reason=f"the {brief} rests on {what}", hint=sentence.partition(": ")[2])

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the one sentence that says what to do."""
        return [f"{type(self).__name__}: {self}"]


class WordsError(BriefsError, ValueError):
    """A brief's words (the templates beside its notebook, notebooks/<kind>.yaml) cannot give a
    sentence: the file is not valid, a template is not valid Jinja, a template uses a fact the
    brief does not give it, or the words a piece needs are missing."""

    def __init__(self, file: str, key: str, reason: str, hint: str = ""):
        self.file = file
        self.key = key
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: {reason}" + (f"; {hint}" if hint else ""), where=where, reason=reason, hint=hint)

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the file, the words and what to change."""
        return [f"{type(self).__name__}: {self}"]


class EditRefusedError(BriefsError, ValueError):
    """A change to a contribution file that is not made (`briefs confirm`, `drop`, `accept-target`
    and the review): an item or value the file does not have, or a result that would not be valid
    data. Nothing was written; `file` and `line` locate what stands in the way."""

    def __init__(self, file: str, line: int | None, reason: str, hint: str):
        self.file = file
        self.line = line
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {reason}; {hint}. Nothing was written.", where=where, reason=reason, hint=hint)


class ProjectNotFoundError(BriefsError):
    """No project to work on. `given` is how the folder was named ("--project", the variable
    MIGRATION_BRIEFS_ROOT) or None when it was searched for, as git searches for its repository:
    `start` is the folder the search began in, `looked` every folder looked at, nearest first,
    and `missing` what the named folder lacks."""

    def __init__(self, start: Path, looked: list[Path] | None = None, given: str | None = None,
                 missing: list[str] | None = None):
        self.start, self.looked, self.given = start, list(looked or [start]), given
        self.missing = list(missing or [])
        if given is None:
            reason = (f"neither {start} nor any folder above it holds both data/ and notebooks/"
                      if len(self.looked) > 1 else f"{start} does not hold both data/ and notebooks/")
            hint = ("run the command inside a checkout of migration briefs, or name its folder with "
                    "--project DIR (before the command) or MIGRATION_BRIEFS_ROOT=DIR")
            message = f"No migration briefs project found: {reason}; {hint}."
        else:
            lacks = " and ".join(f"{name}/" for name in self.missing) or "data/ and notebooks/"
            reason = (f"{start} is not a folder" if not start.is_dir() else
                      f"{start} has no {lacks}, so it is not a checkout of migration briefs")
            hint = "name the folder that holds data/ and notebooks/"
            message = f"{given} {start}: {reason}; {hint}."
        super().__init__(message, where=str(start), reason=reason, hint=hint)

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback (a notebook opened outside a checkout)."""
        return [f"{type(self).__name__}: {self}"]


def errors_as_sentences_in(program: str) -> None:
    """When this process is the command-line program `program` (papermill, jupyter-nbconvert,
    which the README shows running a brief notebook by hand, and which load the project's engine
    or exporters), report the project's errors and a failed notebook cell (papermill's
    PapermillExecutionError, whose message is the cell's own report) as their message, not as a
    traceback through the program's code. Anything else keeps its traceback."""
    if Path(sys.argv[0]).name != program or getattr(sys.excepthook, "briefs_program", None):
        return
    previous = sys.excepthook

    def report(kind, value, traceback):
        if kind.__name__ == "PapermillExecutionError":
            print(f"{program}: the notebook stopped at cell In [{value.exec_count}]: {value.ename}: "
                  f"{str(value.evalue).strip()}", file=sys.stderr)
        elif issubclass(kind, BriefsError):
            print(f"{program}: {str(value).strip()}", file=sys.stderr)
        else:
            previous(kind, value, traceback)
    report.briefs_program = program
    sys.excepthook = report
