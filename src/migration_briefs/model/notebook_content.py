"""What a brief reads of its notebook, and nothing else.

Opening, running and saving a notebook in JupyterLab adds what no brief reads: outputs and
execution counts, `language_info` (the Python of whoever ran it), the kernel's display name, what
an editor records of a cell (collapsed, scrolled). The build executes a notebook reduced to what
it reads (`content`): each cell's id, kind, source, tags and attachments, and the notebook's
declaration; the key of its briefs hashes the same (pipeline/inputs.py). So saving a
notebook in JupyterLab, with or without its outputs, makes no brief stale, and a brief's bytes
follow from its key. A notebook is read with a limit, so a huge one costs no memory: its briefs
fail with a sentence saying what to do.
"""
from __future__ import annotations

import json
from pathlib import Path

from migration_briefs.errors import UnsafeFileError
from migration_briefs.files import read_regular
from migration_briefs.model.params import METADATA_KEY, NotebookError

# A notebook of this many bytes is large only through outputs (the project's are 5 to 20 kB).
SIZE_LIMIT = 64 * 2**20
CELL_METADATA = ("tags",)  # what the build reads of a cell's metadata (cell options: model/cell_options.py)
# Every brief runs in this kernel, whatever the notebook names (pipeline/brief.py): ipykernel's, as
# it names itself.
KERNELSPEC = {"name": "python3", "language": "python", "display_name": "Python 3 (ipykernel)"}


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def content(notebook: dict) -> dict:
    """The notebook (as nbformat's JSON) reduced to what the build reads, as a 4.5 notebook."""
    cells = []
    for index, cell in enumerate(notebook.get("cells") or []):
        if not isinstance(cell, dict):
            continue
        kind = cell.get("cell_type")
        metadata = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        kept = {"id": cell["id"] if isinstance(cell.get("id"), str) else f"cell-{index}", "cell_type": kind,
                "metadata": {key: metadata[key] for key in CELL_METADATA if key in metadata},
                "source": _text(cell.get("source", ""))}
        if kind == "code":
            kept.update(outputs=[], execution_count=None)
        elif "attachments" in cell:
            kept["attachments"] = cell["attachments"]
        cells.append(kept)
    metadata = notebook.get("metadata") if isinstance(notebook.get("metadata"), dict) else {}
    kept_metadata = {"kernelspec": dict(KERNELSPEC)}
    if METADATA_KEY in metadata:
        kept_metadata[METADATA_KEY] = metadata[METADATA_KEY]
    return {"cells": cells, "metadata": kept_metadata, "nbformat": 4, "nbformat_minor": 5}


def read(path: Path, shown: str | None = None) -> dict:
    """The content of the notebook at `path`; NotebookError saying what to do when it cannot be
    read as one (not JSON, or larger than SIZE_LIMIT)."""
    name = shown or path.name
    try:
        notebook = json.loads(read_regular(path, SIZE_LIMIT, name))
    except UnsafeFileError as exc:
        large = "; a notebook that large holds outputs: `make notebooks` clears them" if exc.limit else ""
        raise NotebookError(name, f"cannot be read as a notebook ({exc.reason}){large}") from None
    except ValueError as exc:
        raise NotebookError(name, f"cannot be read as a notebook ({exc})") from None
    if not isinstance(notebook, dict):
        raise NotebookError(name, "cannot be read as a notebook (not a JSON object)")
    return content(notebook)

