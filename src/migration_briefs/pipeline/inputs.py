"""What briefs read, and the hashes that decide whether a brief is up to date.

Every input is declared once (INPUTS); a brief's key is the hash of the inputs it reads and its
parameters. Hashes are of content, read in chunks: copying a checkout or a `touch` rebuilds
nothing, and a large file costs no memory.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from migration_briefs.errors import UnsafeFileError
from migration_briefs.files import hash_regular, read_regular, sha256
from migration_briefs.model.params import METADATA_KEY, BriefSpec


@dataclass(frozen=True)
class Input:
    """Files briefs read: `pattern` under `folder` (relative to the project's root), and which
    briefs read them: "every" brief; "agency", the briefs of the agency whose folder holds the
    file and the briefs across agencies; "system", the briefs across agencies; "notebook", the
    briefs the notebook makes (every brief also reads every notebook's declaration, which says
    which briefs exist, for its links)."""

    folder: str
    pattern: str
    read_by: str = "every"


# Everything a brief reads, declared once. Data is what the data model reads (model/loader.py,
# model/reference.py): tests/test_hostile_build.py records what loading the data opens and edits
# every file under data/ and notebooks/ to check this list against it. Nothing else counts: not
# drafting.yaml or country_names.csv (read by `briefs draft` and `validate` only), the schema for
# editors, a video left under data/, nor any hidden file (an editor's swap file, the
# `.<name>.tmp-<pid>` a killed import leaves behind).
INPUTS = (Input("data/contributions", "*/*.yaml", "agency"), Input("data/sources", "**/*.yaml"),
          *(Input("data/reference", name) for name in ("agencies.yaml", "countries.csv", "mechanisms.yaml",
                                                        "sdg_goals.csv", "sdg_indicators.csv", "sdg_targets.csv",
                                                        "vocabularies.yaml")),
          Input("data", "publisher.yaml"), Input("data/system", "*.yaml", "system"),
          Input("notebooks", "*.ipynb", "notebook"), Input("src/migration_briefs", "**/*"),
          Input(".", "requirements.lock"))
_READ_BY = {f"{i.folder}/": i.read_by for i in INPUTS if i.read_by != "every"}
DECLARATION = ":declaration"  # the key of a notebook's declaration: "notebooks/<name>.ipynb:declaration"
DECLARATION_LIMIT = 64 * 2**20  # bytes of a notebook read for its declaration; a larger one has none


def file_hashes(root: Path) -> dict[str, str]:
    """Content hashes of every input a brief can depend on, keyed by path relative to root, and
    of each notebook's declaration; streamed, so memory stays flat whatever a file's size."""
    found = {}
    for entry in INPUTS:
        for path in sorted((root / entry.folder).glob(entry.pattern)):
            relative = path.relative_to(root)
            if any(part.startswith(".") for part in relative.parts) or "__pycache__" in relative.parts \
                    or path.name.endswith(".pyc"):
                continue
            digest = hash_regular(path)
            if digest is not None:
                found[relative.as_posix()] = digest
                if entry.read_by == "notebook" and (declared := _declaration(path)) is not None:
                    found[relative.as_posix() + DECLARATION] = declared
    return dict(sorted(found.items()))


def _declaration(notebook: Path) -> str | None:
    """The hash of what a notebook declares (its metadata's "migration_briefs"), or None when it
    cannot be read as a notebook (the plan then says why)."""
    try:
        metadata = json.loads(read_regular(notebook, DECLARATION_LIMIT)).get("metadata", {})
        return sha256(json.dumps(metadata.get(METADATA_KEY), sort_keys=True).encode())
    except (OSError, UnsafeFileError, ValueError, AttributeError):
        return None


def _digest(hashes: dict[str, str], keep) -> str:
    return sha256(json.dumps({k: v for k, v in hashes.items() if keep(k)}, sort_keys=True).encode())


def plan_hash(hashes: dict[str, str]) -> str:
    """What the plan of briefs (and the source pages) depends on: the data, the library and the
    notebooks (each declares its kind of brief in its metadata)."""
    return _digest(hashes, lambda k: k.startswith(("data/", "src/", "notebooks/")))


def brief_inputs(spec: BriefSpec, hashes: dict[str, str]) -> dict[str, str]:
    """What a brief reads, by INPUTS: what every brief reads, the contribution files of its
    agency (all of them, and the notes of data/system/, for 'all'), its notebook, and every
    notebook's declaration."""
    def reads(key: str) -> bool:
        read_by = next((who for folder, who in _READ_BY.items() if key.startswith(folder)), "every")
        if read_by == "agency":
            return spec.agency == "all" or key.startswith(f"data/contributions/{spec.agency}/")
        if read_by == "system":
            return spec.agency == "all"
        if read_by == "notebook":
            return key == f"notebooks/{spec.notebook_file}" or key.endswith(DECLARATION)
        return True

    return {k: v for k, v in hashes.items() if reads(k)}


def brief_key(spec: BriefSpec, hashes: dict[str, str], seen: dict | None = None) -> str:
    """The hash of what a brief reads and its parameters. `seen` keeps the inputs of each agency
    and notebook across the briefs of one build: they are the same for all of that agency's
    briefs of a kind, and sorting them out again for each of a thousand briefs is a fifth of a
    build with nothing to do."""
    group = (spec.agency, spec.notebook_file)
    if seen is None or group not in seen:
        inputs = brief_inputs(spec, hashes)
        if seen is not None:
            seen[group] = inputs
    else:
        inputs = seen[group]
    return sha256(json.dumps({"inputs": inputs, "parameters": spec.parameters,
                              "notebook": spec.notebook, "name": spec.name}, sort_keys=True).encode())

