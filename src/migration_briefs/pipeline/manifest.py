"""build/manifest.json: for each brief, what it was built from and the hashes of what it
produced; the cached plan; the source pages. Anyone can edit the file, so what is read back
is checked before use. A file that is not a manifest of the expected shape is set aside as
manifest.json.corrupt, and the briefs it recorded count as never built; so is a manifest that
is not a regular file (a link, a FIFO) or is larger than MANIFEST_LIMIT. A brief whose path
leads outside build/, or is not a brief's name, is ignored with a warning. Keys the build does
not write are dropped, so nothing added by hand is carried from build to build. (The cached
plan is checked where it is used, in pipeline.plan_briefs.)"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import orjson

from migration_briefs.errors import UnsafeFileError
from migration_briefs.files import inside, read_regular, write_if_changed
from migration_briefs.model.params import BRIEF_RELPATH
from migration_briefs.paths import DATA_TABLES

MANIFEST_VERSION = 2
MANIFEST_FILE = "manifest.json"
CORRUPT_SUFFIX = ".corrupt"
# What a brief's outputs are called after its name: the executed notebook, the formats (the Word
# document on request only), and the tables behind it (read back from the manifest, so checked
# before they become paths).
OUTPUT_FORMATS = ("ipynb", "html", "pdf", "docx", *(f"{table}.csv" for table in DATA_TABLES))
FAILED_SUFFIX = ".failed.ipynb"  # a failed brief's notebook, kept for inspection beside its outputs
_DIGEST = re.compile(r"[0-9a-f]{64}")
# What the build reads back from a brief's entry; other fields are a record for people.
_ENTRY_FIELDS = {"key": str, "title": str, "agency_name": str, "outputs": dict}
# Every key the build writes, at the top and in a brief's entry; anything else is dropped.
_MANIFEST_KEYS = ("version", "briefs", "plan", "sources", "inputs")
_ENTRY_KEYS = ("kind", "parameters", "title", "agency_name", "also_covers", "meetings", "key", "versions", "inputs",
               "outputs", "stat", "pages")
# Far above what the build writes (about 10 kB a brief), far below what would exhaust memory.
MANIFEST_LIMIT = 64 * 2**20


def brief_entry(**fields) -> dict:
    """A brief's entry as the build writes it, with exactly the keys reading it back keeps
    (_ENTRY_KEYS): one list, so a field the build adds is never dropped on the next read."""
    if set(fields) != set(_ENTRY_KEYS):
        raise TypeError(f"a brief's entry has the keys {', '.join(_ENTRY_KEYS)}, not {', '.join(sorted(fields))}")
    return {key: fields[key] for key in _ENTRY_KEYS}


def empty_manifest() -> dict:
    return {"version": MANIFEST_VERSION, "briefs": {}}


# Checked by hand, not by a pydantic model like the rest of the data: every build reads the
# manifest, and importing pydantic and building the models doubled a build with nothing to do
# (0.07 s to 0.15 s wall clock, ten runs each side by side on the project's 2-core machine).
def _shape_problem(manifest: object) -> str | None:
    """Why `manifest` is not a manifest of this version's shape, or None."""
    if not isinstance(manifest, dict):
        return "it is not a JSON object"
    if manifest.get("version") != MANIFEST_VERSION:
        return f"its version is {manifest.get('version')!r}, not {MANIFEST_VERSION}"
    if not isinstance(manifest.get("briefs"), dict):
        return '"briefs" is not an object'
    for relpath, entry in manifest["briefs"].items():
        if not isinstance(entry, dict):
            return f"brief {relpath!r} is not an object"
        for name, kind in _ENTRY_FIELDS.items():
            if not isinstance(entry.get(name), kind):
                return f"brief {relpath!r} has no {name!r} of type {kind.__name__}"
        for fmt, digest in entry["outputs"].items():
            if fmt not in OUTPUT_FORMATS or not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
                return f"brief {relpath!r} records an output {fmt!r} that the build does not write"
    for name in ("plan", "sources", "inputs"):
        if not isinstance(manifest.get(name, {}), dict):
            return f'"{name}" is not an object'
    return None


def _path_problem(build_dir: Path, relpath: str, folders: dict[str, bool]) -> str | None:
    """Why `relpath` is not a brief's place under build/, or None. A brief's name holds no '..'
    and no '/' beyond its folders', so it stays inside build/ when its folder does (a folder may
    be a link): `folders` keeps that answer for each folder, for the thousand briefs in a few."""
    if not isinstance(relpath, str) or not BRIEF_RELPATH.fullmatch(relpath):
        return f"its path leads outside {build_dir.name}/" if inside(build_dir, str(relpath)) is None else \
            "it is not the name of a brief"
    folder = relpath.rsplit("/", 1)[0]
    if folder not in folders:
        folders[folder] = inside(build_dir, folder) is not None
    return None if folders[folder] else f"its path leads outside {build_dir.name}/"


def read_manifest(build_dir: Path, warn=None, set_aside: bool = False) -> dict:
    """The manifest as far as it can be trusted (an empty one when there is none). `warn`
    receives one line per thing ignored; with `set_aside`, a corrupt file is renamed."""
    path = build_dir / MANIFEST_FILE
    shown = f"{build_dir.name}/{MANIFEST_FILE}"
    try:
        manifest = orjson.loads(read_regular(path, MANIFEST_LIMIT, shown))
        problem = _shape_problem(manifest)
    except FileNotFoundError:
        return empty_manifest()
    except UnsafeFileError as exc:
        problem = exc.reason
    except json.JSONDecodeError as exc:  # orjson's error, raised for bad UTF-8 and deep nesting too
        problem = f"it is not JSON ({type(exc).__name__})"
    if problem:
        if set_aside:
            os.replace(path, path.with_name(path.name + CORRUPT_SUFFIX))
            what = f"set aside as {shown}{CORRUPT_SUFFIX}; the briefs it recorded are rebuilt"
        else:
            what = "every brief counts as not built"
        if warn:
            warn(f"{shown}: not a build manifest ({problem}); {what}")
        return empty_manifest()
    tidy = True  # nothing ignored or dropped: the file says exactly what the dict holds
    folders: dict[str, bool] = {}
    for relpath in list(manifest["briefs"]):
        problem = _path_problem(build_dir, relpath, folders)
        if problem:
            if warn:
                warn(f"{shown}: ignored brief {relpath!r}: {problem}")
            del manifest["briefs"][relpath]
            tidy = False
    for relpath, entry in manifest["briefs"].items():
        kept = {k: v for k, v in entry.items() if k in _ENTRY_KEYS}
        tidy = tidy and len(kept) == len(entry)
        manifest["briefs"][relpath] = kept
    if "sources" in manifest:
        sources = {k: v for k, v in manifest["sources"].items() if k in ("hash", "pages", "index", "stat")}
        tidy = tidy and len(sources) == len(manifest["sources"])
        manifest["sources"] = sources
    kept = {k: v for k, v in manifest.items() if k in _MANIFEST_KEYS}
    return AsRead(kept, tidy=tidy and len(kept) == len(manifest))


class AsRead(dict):
    """A manifest as read from its file; `tidy` when reading it changed nothing, so that a build
    that changes nothing either need not write it again (serialising it is most of a no-op's time
    at a thousand briefs: bench/scale.py)."""

    def __init__(self, content: dict, tidy: bool):
        super().__init__(content)
        self.tidy = tidy


def write_manifest(build_dir: Path, manifest: dict) -> None:
    """Atomically, and only when it changed. The table of inputs keeps the groups of inputs some
    brief's entry refers to: each is recorded once, whatever the number of briefs that read it."""
    if "inputs" in manifest:
        referred = {digest for entry in manifest["briefs"].values() if isinstance(entry.get("inputs"), dict)
                    for digest in entry["inputs"].values() if isinstance(digest, str)}
        manifest["inputs"] = {digest: files for digest, files in manifest["inputs"].items() if digest in referred}
    # the same bytes as json.dumps(indent=2, sort_keys=True, ensure_ascii=False) (a test checks)
    write_if_changed(build_dir / MANIFEST_FILE,
                     orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
