"""What briefs read, and the hashes that decide whether a brief is up to date.

Every input is declared once (INPUTS). Briefs read inputs in groups that many briefs share
(`Inputs.groups`): what every brief reads, what one agency's briefs read (its contribution files
and the papers they cite), what the briefs across agencies read, and each notebook with its
words. A brief's key
is the hash of its groups' digests and its parameters, so that working out a thousand briefs'
keys hashes each group once; the manifest records each group once and each brief the digests of
its groups (record.py). Hashes are of content, read in chunks: copying a checkout or a `touch`
rebuilds nothing, and a large file costs no memory. A notebook's hash is of what its briefs read of
it (model/notebook_content.py): saving it in JupyterLab, outputs and all, rebuilds nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from migration_briefs.files import hash_regular, sha256
from migration_briefs.model import notebook_content
from migration_briefs.model.draft_marks import ALL
from migration_briefs.model.params import METADATA_KEY, BriefSpec, NotebookError


@dataclass(frozen=True)
class Input:
    """Files briefs read: `pattern` under `folder` (relative to the project's root), and which
    briefs read them: "every" brief; "agency", the briefs of the agency whose folder holds the
    file and the briefs across agencies; "papers", the briefs of the agencies whose contributions
    cite the source text and the briefs across agencies; "system", the briefs across agencies;
    "notebook", the briefs the notebook makes, and for its words file too (a words file no
    notebook has, such as shared.yaml, is every kind's; every brief also reads every notebook's
    declaration, which says which briefs exist, for its links)."""

    folder: str
    pattern: str
    read_by: str = "every"


# Everything a brief reads, declared once. Data is what the data model reads (model/loader.py,
# model/reference.py): tests/test_hostile_build.py records what loading the data opens and edits
# every file under data/ and notebooks/ to check this list against it. Nothing else counts: not
# drafting.yaml or country_names.csv (read by `briefs draft` and `validate` only), the schema for
# editors, a video left under data/, nor any hidden file (an editor's swap file, the
# `.<name>.tmp-<pid>` a killed import leaves behind).
INPUTS = (Input("data/contributions", "*/*.yaml", "agency"), Input("data/sources", "**/*.yaml", "papers"),
          *(Input("data/reference", name) for name in ("agencies.yaml", "countries.csv", "mechanisms.yaml",
                                                        "sdg_goals.csv", "sdg_indicators.csv", "sdg_targets.csv",
                                                        "vocabularies.yaml")),
          Input("data", "publisher.yaml"), Input("data/system", "*.yaml", "system"),
          Input("notebooks", "*.ipynb", "notebook"), Input("notebooks", "*.yaml", "notebook"),
          Input("src/migration_briefs", "**/*"),
          Input(".", "requirements.lock"))
_READ_BY = {f"{i.folder}/": i.read_by for i in INPUTS if i.read_by != "every"}
DECLARATION = ":declaration"  # the key of a notebook's declaration: "notebooks/<name>.ipynb:declaration"
# The groups of inputs (Inputs.groups)
EVERY, SYSTEM, AGENCIES = "every", "system", "agencies"
AGENCY, NOTEBOOK = "agency/", "notebook/"


def file_hashes(root: Path) -> dict[str, str]:
    """Content hashes of every input a brief can depend on, keyed by path relative to root, and
    of each notebook's declaration; streamed, so memory stays flat whatever a file's size (a
    notebook is read whole, up to notebook_content.SIZE_LIMIT)."""
    found = {}
    for entry in INPUTS:
        for path in sorted((root / entry.folder).glob(entry.pattern)):
            relative = path.relative_to(root)
            if any(part.startswith(".") for part in relative.parts) or "__pycache__" in relative.parts \
                    or path.name.endswith(".pyc"):
                continue
            if path.suffix == ".ipynb":
                found.update({relative.as_posix() + suffix: digest for suffix, digest in _notebook(path).items()})
            elif (digest := hash_regular(path)) is not None:
                found[relative.as_posix()] = digest
    return dict(sorted(found.items()))


def _notebook(path: Path) -> dict[str, str]:
    """The hash of what the build reads of a notebook (key ""), and of what it declares (its
    metadata's "migration_briefs", DECLARATION); of its bytes alone when it cannot be read as a
    notebook (the plan then says why)."""
    try:
        content = notebook_content.read(path)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except NotebookError:
        return {"": digest} if (digest := hash_regular(path)) is not None else {}
    return {"": sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()),
            DECLARATION: sha256(json.dumps(content["metadata"].get(METADATA_KEY), sort_keys=True).encode())}


def _digest(hashes: dict[str, str], keep) -> str:
    return sha256(json.dumps({k: v for k, v in hashes.items() if keep(k)}, sort_keys=True).encode())


def plan_hash(hashes: dict[str, str]) -> str:
    """What the plan of briefs (and the source pages) depends on: the data, the library and the
    notebooks (each declares its kind of brief in its metadata)."""
    return _digest(hashes, lambda k: k.startswith(("data/", "src/", "notebooks/")))


def read_by(key: str) -> str:
    """Which briefs read the input `key` (Input.read_by)."""
    return next((who for folder, who in _READ_BY.items() if key.startswith(folder)), EVERY)


def _notebook_group(key: str, hashes: dict[str, str]) -> str:
    """The group of an input under notebooks/: a notebook and its words file (`<notebook>.yaml`)
    are its briefs'; a notebook's declaration, and a words file no notebook has (the words every
    kind shares, briefs/words.py), every brief's."""
    name = key.removeprefix("notebooks/")
    if key.endswith(DECLARATION):
        return EVERY
    if name.endswith(".yaml"):
        notebook = name.removesuffix(".yaml") + ".ipynb"
        return NOTEBOOK + notebook if f"notebooks/{notebook}" in hashes else EVERY
    return NOTEBOOK + name


class Inputs:
    """The inputs of one build, in the groups briefs read them by. `papers` names, for each
    agency, the source texts its contribution files cite (the plan records it: plan.py); a source
    text no contribution cites is read by the briefs across agencies only."""

    def __init__(self, hashes: dict[str, str], papers: dict[str, list[str]]):
        self.hashes = hashes
        self._members: dict[str, dict[str, str]] = {EVERY: {}, SYSTEM: {}, AGENCIES: {}}
        cited_by: dict[str, list[str]] = {}
        for agency, sources in papers.items():
            for source in sources:
                cited_by.setdefault(source, []).append(agency)
        for key, digest in hashes.items():
            who = read_by(key)
            if who == "notebook":
                self._members.setdefault(_notebook_group(key, hashes), {})[key] = digest
            elif who == "agency":
                self._members[AGENCIES][key] = digest
                self._members.setdefault(AGENCY + key.split("/")[2], {})[key] = digest
            elif who == "papers":
                self._members[AGENCIES][key] = digest
                for agency in cited_by.get(key, ()):
                    self._members.setdefault(AGENCY + agency, {})[key] = digest
            else:
                self._members[SYSTEM if who == "system" else EVERY][key] = digest
        self._digests: dict[str, str] = {}

    def groups(self, spec: BriefSpec) -> list[str]:
        """The groups of inputs `spec` reads."""
        if spec.agency == ALL:
            return [EVERY, AGENCIES, SYSTEM, NOTEBOOK + spec.notebook_file]
        return [EVERY, AGENCY + spec.agency, NOTEBOOK + spec.notebook_file]

    def files(self, group: str) -> dict[str, str]:
        """The inputs of a group, path -> hash (an agency with no file yet has none)."""
        return self._members.get(group, {})

    def digest(self, group: str) -> str:
        if group not in self._digests:
            self._digests[group] = sha256(json.dumps(self.files(group), sort_keys=True).encode())
        return self._digests[group]

    def read(self, spec: BriefSpec) -> dict[str, str]:
        """The digest of each group of inputs `spec` reads, as its manifest entry records them."""
        return {group: self.digest(group) for group in self.groups(spec)}

    def key(self, spec: BriefSpec) -> str:
        """The hash of what a brief reads and its parameters."""
        return sha256(json.dumps({"inputs": self.read(spec), "parameters": spec.parameters,
                                  "notebook": spec.notebook, "name": spec.name}, sort_keys=True).encode())
