"""Put notebooks in the form JupyterLab saves them in, the form the repository holds them in, and
install the git filter that keeps them so.

The form: what nbformat writes (JupyterLab's server saves with it: keys sorted, one-space indent,
each cell's source a list of lines, a newline at the end), format 4.5 with an id for every cell,
no outputs or execution counts, none of the metadata that says who ran it or how an editor
showed it (EXTRA_KEYS), and the kernelspec of the ipykernel that `make setup` installs, which is
the one JupyterLab selects and writes back. Opening and saving a notebook in that form in
JupyterLab changes nothing that git sees: the outputs and `language_info` a run adds are
stripped by the filter as git reads the file (nbstripout with the same keys).

    python tools/notebooks.py [NOTEBOOK...]          put notebooks in the form (`make notebooks`;
                                                     default: every notebook git tracks)
    python tools/notebooks.py --check [NOTEBOOK...]  name each notebook that is not, and what differs; exit 1
    python tools/notebooks.py --install-filter       set the filter in this clone's git config (`make setup`)
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import nbformat
from ipykernel.kernelspec import KERNEL_NAME, get_kernel_dict
from nbstripout import strip_output

REPOSITORY = Path(__file__).resolve().parents[1]
# What nbstripout strips besides outputs and execution counts: its own defaults (a notebook's
# signature and widget state; how an editor showed a cell, when it ran), and what says who ran
# it: the Python version and lexer of their kernel (language_info), VS Code's interpreter.
EXTRA_KEYS = ("metadata.signature", "metadata.widgets", "metadata.language_info", "metadata.vscode",
              "cell.metadata.collapsed", "cell.metadata.ExecuteTime", "cell.metadata.execution",
              "cell.metadata.heading_collapsed", "cell.metadata.hidden", "cell.metadata.scrolled")
FILTER = "nbstripout"  # the filter's name in .gitattributes and git config
MINOR = 5  # nbformat 4.5: cells have ids, which JupyterLab keeps


def kernelspec() -> dict[str, str]:
    """The kernelspec JupyterLab writes for the installed ipykernel's kernel."""
    spec = get_kernel_dict()
    return {"display_name": spec["display_name"], "language": spec["language"], "name": KERNEL_NAME}


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What the git filter keeps of a notebook."""
    return strip_output(nb, keep_output=False, keep_count=False, keep_id=True, extra_keys=list(EXTRA_KEYS))


def canonical(text: str, stem: str) -> str:
    """The notebook `text` in the form; `stem`, its file name without .ipynb, names new cell ids."""
    nb = nbformat.reads(text, as_version=4)
    seen: set[str] = set()
    for index, cell in enumerate(nb.cells):
        if not isinstance(cell.get("id"), str) or cell["id"] in seen:
            cell["id"] = next(f"{stem}-{index:02d}{suffix}" for suffix in ("", *(f"-{n}" for n in range(1, 999)))
                              if f"{stem}-{index:02d}{suffix}" not in seen)
        seen.add(cell["id"])
    nb.nbformat_minor = max(nb.nbformat_minor, MINOR)
    nb.metadata["kernelspec"] = kernelspec()
    return nbformat.writes(strip(nb)) + "\n"


def differences(text: str, stem: str) -> list[str]:
    """What keeps `text` from being in the form, in words; empty when it is."""
    if text == canonical(text, stem):
        return []
    found = []
    raw = json.loads(text)
    nb = nbformat.reads(text, as_version=4)
    if outputs := sum(1 for c in nb.cells if c.get("outputs")):
        found.append(f"outputs in {outputs} cell{'s' if outputs > 1 else ''}")
    if any(c.get("execution_count") for c in nb.cells):
        found.append("execution counts")
    if stripped := [k for k in EXTRA_KEYS if k.startswith("metadata.") and k.split(".", 1)[1] in nb.metadata]:
        found.append(", ".join(stripped))
    if nb.metadata.get("kernelspec") != kernelspec():
        found.append(f"the kernelspec {dict(nb.metadata.get('kernelspec') or {})} instead of {kernelspec()}")
    if raw.get("nbformat_minor", 0) < MINOR or any("id" not in c for c in raw.get("cells", [])):
        found.append("cells without ids")
    if any(isinstance(c.get("source"), str) and "\n" in c["source"] for c in raw.get("cells", [])):
        found.append("sources as one string, not a list of lines")
    return found or ["laid out otherwise than nbformat writes it (each cell's source a list of lines, keys "
                     "sorted, one-space indent, a newline at the end)"]


def tracked() -> list[Path]:
    """Every notebook git tracks in this checkout, or those under notebooks/ outside git."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--", "*.ipynb"], cwd=REPOSITORY, check=True,
                                capture_output=True).stdout.decode().split("\0")
        return [REPOSITORY / name for name in listed if name]
    except (OSError, subprocess.CalledProcessError):
        return sorted((REPOSITORY / "notebooks").glob("*.ipynb"))


def filter_command(root: Path = REPOSITORY) -> str:
    """The clean filter as git runs it, from the top of the checkout at `root`: this Python's
    nbstripout (named from there when it is inside, as .venv/bin/python is)."""
    python = Path(sys.executable)
    shown = os.path.relpath(python, root) if python.is_relative_to(root) else str(python)
    return shlex.join([shown, "-m", "nbstripout", "--keep-id", "--extra-keys", " ".join(EXTRA_KEYS)])


def install_filter(root: Path = REPOSITORY) -> int:
    """Set the filter .gitattributes names in the git config of the checkout at `root`; outside a
    git checkout, nothing."""
    try:
        inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=root, capture_output=True)
    except OSError:  # no git on this machine
        inside = None
    if inside is None or inside.returncode != 0:
        print("not a git checkout: no filter to install")
        return 0
    command = filter_command(root)
    # not required: a worktree of the same repository, or a checkout whose .venv is gone, shares
    # this config; git then warns and stages the notebook as it is, instead of refusing every command
    for key, value in ((f"filter.{FILTER}.clean", command), (f"filter.{FILTER}.smudge", "cat"),
                       (f"filter.{FILTER}.required", "false")):
        subprocess.run(["git", "config", key, value], cwd=root, check=True)
    print(f"git strips notebooks' outputs as it stages them (filter.{FILTER}.clean = {command})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook git tracks")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook is not in the form")
    what.add_argument("--install-filter", action="store_true", help="set git's filter for notebooks (make setup)")
    args = parser.parse_args(argv)
    if args.install_filter:
        return install_filter()
    wrong = 0
    for path in args.notebooks or tracked():
        shown = os.path.relpath(path.resolve(), REPOSITORY) if path.resolve().is_relative_to(REPOSITORY) else path
        try:
            text = path.read_text(encoding="utf-8")
            form = canonical(text, path.stem)
        except (OSError, ValueError, nbformat.ValidationError) as exc:
            print(f"{shown}: cannot be read as a notebook ({exc})", file=sys.stderr)
            return 2
        if text == form:
            continue
        if args.check:
            wrong += 1
            print(f"{shown}: {'; '.join(differences(text, path.stem))}", file=sys.stderr)
        else:
            path.write_text(form, encoding="utf-8")
            print(f"{shown}: put in JupyterLab's form")
    if wrong:
        print(f"{wrong} notebook{'s are' if wrong > 1 else ' is'} not in JupyterLab's form: run `make notebooks`",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
