"""The data set a brief's kernel reads: written by the build once per run, read by the kernel
without parsing a YAML file.

The build loads and validates the data (model/loader.py) and writes, for each agency with briefs
to build, the part of the data set its briefs read (`subset`: the reference tables, the publisher,
the agency's contributions and the source texts they cite), and for the briefs across agencies
the whole of it, each as one pickle in the build's scratch folder. It gives each brief's kernel,
in the environment (DATA_VARIABLE), the file to read and the SHA-256 of the bytes it wrote; the
kernel reads the file only if its bytes have that hash, and unpickles only the data model's
classes. A brief built by hand (papermill, JupyterLab) has no such variable and loads the project
as it stands (project_dataset).

Pickle, not a format of our own: the data set is pydantic models, which pickle as they are; a
kernel reads an agency's part in about 0.01 s, where parsing its YAML took about a second at
forty agencies (bench/scale.py).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from migration_briefs.errors import UnsafeFileError
from migration_briefs.files import read_regular, write_atomic

if TYPE_CHECKING:  # the build imports this module on its way to nothing to do: no pydantic there
    from migration_briefs.model.dataset import Dataset

DATA_VARIABLE = "MIGRATION_BRIEFS_DATA"  # "<sha256>:<path>" of the data set the kernel's brief reads
# Far above the whole data set of ten meetings of forty agencies (about 8 MB), far below what
# would exhaust a kernel's memory.
CACHE_LIMIT = 512 * 2**20
# What a data set is made of: the data model's classes and the dates pydantic keeps.
_MODULES = ("migration_briefs.model.models", "migration_briefs.model.dataset", "migration_briefs.model.reference",
            "migration_briefs.model.draft_marks")
_ALLOWED = {("datetime", "date")}


def subset(dataset: Dataset, agency: str | None) -> Dataset:
    """What the briefs of `agency` read (None: the briefs across agencies, everything), as a
    fresh Dataset: nothing a query computed and kept is carried along."""
    from migration_briefs.model.dataset import Dataset
    if agency is None:
        contributions, sources, notes = dataset.contributions, dataset.sources, dataset.system_notes
        drafts = dataset.drafts
    else:
        contributions = [c for c in dataset.contributions if c.agency == agency]
        cited = {c.source.text for c in contributions}
        sources = {name: source for name, source in dataset.sources.items() if name in cited}
        notes, drafts = [], [mark for mark in dataset.drafts if mark.agency == agency]
    return Dataset(reference=dataset.reference, contributions=list(contributions), sources=dict(sources),
                   publisher=dataset.publisher, drafts=list(drafts), system_notes=list(notes))


def write_cache(dataset: Dataset, path: Path) -> str:
    """Write `dataset` to `path`; the value of DATA_VARIABLE that names it."""
    import pickle
    content = pickle.dumps(dataset, protocol=pickle.HIGHEST_PROTOCOL)
    write_atomic(path, content)
    return f"{hashlib.sha256(content).hexdigest()}:{path}"


def _data_model_only(content: bytes):
    """Unpickle `content`, refusing any class but the data model's."""
    import io
    import pickle

    class DataModelOnly(pickle.Unpickler):
        def find_class(self, module: str, name: str):
            if module in _MODULES or (module, name) in _ALLOWED:
                found = super().find_class(module, name)
                if isinstance(found, type):
                    return found
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a data set")
    return DataModelOnly(io.BytesIO(content)).load()


_read: dict[str, "Dataset"] = {}  # the last data set read, by its hash: a warm kernel's next brief is often the same agency's


def cached_dataset(value: str | None = None) -> Dataset | None:
    """The data set the build wrote for this kernel's brief (DATA_VARIABLE), or None when there
    is none: no variable, or a file that is gone or is not what the build wrote."""
    value = os.environ.get(DATA_VARIABLE, "") if value is None else value
    digest, _, name = value.partition(":")
    if len(digest) != 64 or not name:
        return None
    if digest not in _read:
        try:
            content = read_regular(Path(name), CACHE_LIMIT)
        except (OSError, UnsafeFileError):
            return None
        if hashlib.sha256(content).hexdigest() != digest:
            return None
        from migration_briefs.model.dataset import Dataset
        dataset = _data_model_only(content)
        if not isinstance(dataset, Dataset):
            return None
        _read.clear()
        _read[digest] = dataset
    return _read[digest]


_loaded: dict[tuple, "Dataset"] = {}


def project_dataset() -> Dataset:
    """The data a brief reads: what the build wrote for it, or else the project's data, loaded
    once per kernel and again whenever a data file changes (an edit in JupyterLab is picked up)."""
    cached = cached_dataset()
    if cached is not None:
        return cached
    from migration_briefs.model.loader import data_fingerprint, load
    key = data_fingerprint()
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = load()
    return _loaded[key]
