"""Record what a build did: each brief's entry in the manifest as its Result comes in, what is
up to date, and what build/ holds beyond what the data calls for (outputs of briefs no longer
planned, orphans of an interrupted build, scratch files).
"""
from __future__ import annotations

import contextlib
import os
import platform
import shutil
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from migration_briefs.files import hash_regular, inside, sha256
from migration_briefs.model.params import BRIEF_RELPATH, BriefSpec
from migration_briefs.pipeline.brief import SCRATCH_PREFIX, Result
from migration_briefs.pipeline.inputs import Inputs
from migration_briefs.pipeline.manifest import FAILED_SUFFIX, OUTPUT_FORMATS, brief_entry, write_manifest

KEY_PACKAGES = ("papermill", "nbconvert", "nbformat", "nbclient", "ipykernel", "pandas", "matplotlib",
                "weasyprint", "python-docx", "pydantic", "pyyaml")
WRITE_SPACING = 100  # the manifest's writes take at most about 1/100 of a build's time (bench/scale.py:
# at 3,000 briefs a write takes 0.03 s, so a build records its briefs every 3 s or so; 1/20 cost a
# build of eleven briefs 0.2 s more at ten meetings of forty agencies than at one agency)


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version
    found = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found



@dataclass
class Report:
    built: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    failed: list[Result] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # orphaned outputs, relative to build/

    def summary(self) -> str:
        removed = f", removed {len(self.removed)} orphaned files" if self.removed else ""
        return f"built {len(self.built)}, up to date {len(self.up_to_date)}, failed {len(self.failed)}{removed}"


def brief_state(spec: BriefSpec, entry: dict | None, key: str, formats: tuple[str, ...], build_dir: Path) -> str:
    """'up to date', 'stale' (an input changed), 'missing' (never built or an output is gone).
    Outputs whose file status is what the entry recorded (outputs_stat) are not read again; those
    read again and found intact get their status recorded anew (entry["stat"])."""
    if not entry:
        return "missing"
    recorded = entry.get("outputs", {})
    checked = list(dict.fromkeys(["ipynb", *formats, *(f for f in recorded if f in OUTPUT_FORMATS)]))
    if not all(recorded.get(fmt) for fmt in checked):
        return "missing"
    if entry.get("stat") is None or entry.get("stat") != outputs_stat(build_dir, spec.relpath, recorded):
        for fmt in checked:
            if hash_regular(build_dir / f"{spec.relpath}.{fmt}") != recorded[fmt]:
                return "missing"  # a link or a FIFO in its place too: the build replaces it
        entry["stat"] = outputs_stat(build_dir, spec.relpath, recorded)
    return "up to date" if entry.get("key") == key else "stale"


def outputs_stat(build_dir: Path, relpath: str, outputs: dict) -> str | None:
    """A fingerprint of the status of a brief's outputs (size, times of change, inode), or None
    when one is not a regular file. It changes with any write to them, and the time of a change
    (ctime) cannot be set back: equal to the fingerprint recorded when their hashes were, the
    files are those bytes, and a build with nothing to do need not read five thousand files
    again (bench/scale.py). A copy of build/ elsewhere has other inodes: read once more there."""
    parts, stem = [], f"{build_dir}/{relpath}"
    for fmt in sorted(fmt for fmt in outputs if fmt in OUTPUT_FORMATS):
        try:
            status = os.lstat(f"{stem}.{fmt}")
        except OSError:
            return None
        if not stat.S_ISREG(status.st_mode):
            return None
        parts.append(f"{fmt} {status.st_size} {status.st_mtime_ns} {status.st_ctime_ns} {status.st_ino} {status.st_dev}")
    return sha256("\n".join(parts).encode())


class Recorder:
    """Records each brief's Result in the manifest and the report as it comes in."""

    def __init__(self, build_dir: Path, manifest: dict, report: Report, todo: list[tuple[BriefSpec, str]],
                 inputs: Inputs, log: Callable[[str], None]):
        self.build_dir, self.manifest, self.report, self.inputs, self.log = build_dir, manifest, report, inputs, log
        self.keys = {spec.relpath: (spec, key) for spec, key in todo}
        self.installed = versions()
        self.last_write = {"at": 0.0, "took": 0.0}

    def save(self) -> None:
        """Write the manifest after a brief, so that a build cut short keeps its record; but at most
        once in WRITE_SPACING times as long as the last write took, so that at a thousand briefs (a
        12 MB manifest) writing it is not most of the build. A brief built and not yet recorded is
        built again by the next build; the build records everything at its end (close)."""
        start = time.monotonic()
        if start - self.last_write["at"] >= WRITE_SPACING * self.last_write["took"]:
            write_manifest(self.build_dir, self.manifest)
            self.last_write["at"] = time.monotonic()
            self.last_write["took"] = self.last_write["at"] - start

    def __call__(self, result: Result) -> None:
        build_dir, manifest, report = self.build_dir, self.manifest, self.report
        for warning in result.warnings:
            self.log(warning)
        spec, key = self.keys[result.relpath]
        if result.ok:
            report.built.append(result.relpath)
            previous = manifest["briefs"].get(result.relpath, {})
            outputs = dict(result.outputs)
            for fmt, digest in previous.get("outputs", {}).items():
                if fmt not in OUTPUT_FORMATS:
                    continue
                path = build_dir / f"{result.relpath}.{fmt}"
                if fmt in outputs:
                    continue
                if previous.get("key") == key:  # still current: a `make pdf` keeps the HTML
                    outputs[fmt] = digest
                else:
                    path.unlink(missing_ok=True)  # from older inputs: never leave it beside new ones
            manifest["briefs"][result.relpath] = brief_entry(
                kind=spec.brief, parameters=spec.parameters, title=result.title, agency_name=result.agency_name,
                also_covers=result.also_covers, meetings=result.meetings, key=key, versions=self.installed,
                inputs=record_inputs(manifest, self.inputs, spec), outputs=outputs,
                stat=outputs_stat(build_dir, result.relpath, outputs),
                pages=result.pages if result.pages is not None else previous.get("pages"))
            self.save()
        else:
            report.failed.append(result)
            self.log(result.error)

    def close(self) -> None:
        write_manifest(self.build_dir, self.manifest)


def record_inputs(manifest: dict, inputs: Inputs, spec: BriefSpec) -> dict[str, str]:
    """The digest of each group of inputs `spec` reads, with each group's files recorded once in
    the manifest's table of inputs (write_manifest keeps those some entry refers to)."""
    read = inputs.read(spec)
    table = manifest.setdefault("inputs", {})
    for group, digest in read.items():
        if digest not in table:
            table[digest] = inputs.files(group)
    return read


def _brief_files(build_dir: Path, relpath: str):
    """Every file the build writes for a brief, where it stays inside build/."""
    for suffix in [f".{fmt}" for fmt in OUTPUT_FORMATS] + [FAILED_SUFFIX]:
        path = inside(build_dir, relpath + suffix)
        if path is not None:
            yield path


def forget_unknown(manifest: dict, known: set[str], build_dir: Path) -> None:
    """Delete the outputs of briefs the data no longer calls for (a goal no item touches now)."""
    for relpath in [r for r in manifest["briefs"] if r not in known]:
        for path in _brief_files(build_dir, relpath):
            path.unlink(missing_ok=True)
        del manifest["briefs"][relpath]


def _brief_of(relative: str) -> str | None:
    """The brief a file under build/ would belong to, judged by its name alone, or None."""
    for suffix in (FAILED_SUFFIX, *(f".{fmt}" for fmt in OUTPUT_FORMATS)):
        if relative.endswith(suffix):
            stem = relative[:-len(suffix)]
            return stem if BRIEF_RELPATH.fullmatch(stem) else None
    return None


def tidy(build_dir: Path, known: set[str] | None = None) -> list[str]:
    """Remove scratch folders and temporary files: this build's, and those of builds that died
    (holding the lock proves that no other build of this folder is running); best effort, as it
    runs while another error may be on its way out, and the next build tries again. With `known`
    (after a full build), also remove brief outputs that no known brief owns and no manifest entry
    records (left by an interrupted build of a brief the data no longer calls for): only files the
    build could have written, by their names; links and what they lead to are left alone. One
    walk of build/, with strings, not Paths: at five thousand files it is a no-op's largest part."""
    try:
        for path in build_dir.iterdir():
            if path.name.startswith(SCRATCH_PREFIX) or path.name == ".tmp":  # .tmp: builds before per-build scratch
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
    except OSError:
        pass
    removed, base = [], str(build_dir)
    owned: dict[str, set[str]] = {}  # folder -> the names of its known briefs
    for relpath in known or ():
        folder, _, name = relpath.rpartition("/")
        owned.setdefault(folder, set()).add(name)
    for folder, subfolders, files in os.walk(base):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        prefix = folder[len(base) + 1:]
        mine = owned.get(prefix, set())
        for name in files:
            if name.startswith("."):
                if ".tmp-" in name:
                    with contextlib.suppress(OSError):
                        os.unlink(f"{folder}/{name}")
                continue
            if known is None or name.split(".", 1)[0] in mine:  # a brief's name holds no dot
                continue
            relative = f"{prefix}/{name}" if prefix else name
            brief = _brief_of(relative)
            if brief and brief not in known and not os.path.islink(f"{folder}/{name}"):
                os.unlink(f"{folder}/{name}")
                removed.append(relative)
    removed.sort()
    for relative in removed:  # and the folders that held only orphans
        for folder in Path(relative).parents:
            if folder == Path("."):
                break
            try:
                (build_dir / folder).rmdir()
            except OSError:
                break
    return removed
