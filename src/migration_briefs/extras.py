"""The package's optional parts (pyproject.toml's extras) and the commands that need them.

`pip install .` gives what builds and checks briefs; `pip install '.[import,draft,review,cluster,docx]'`
adds reading papers, drafting contributions, reviewing drafts, building on a Dask cluster and
writing briefs as Word documents
(`make setup` installs every part, from requirements.lock). A command that needs a part that is not installed says so in one
sentence, naming the part and how to install it, instead of failing on an import. What each part
holds is read from the installed package's own metadata, so pyproject.toml stays the one list.
"""
from __future__ import annotations

import re

from migration_briefs.errors import BuildEnvironmentError

DISTRIBUTION = "migration-briefs"

# The `briefs` commands that need an optional part, by the part's name in pyproject.toml.
NEEDED_BY = {
    "import-source": "import",
    "draft": "draft",
    "suggest-targets": "draft",
    **{command: "review" for command in ("confirm", "drop", "accept-target", "reject-target", "set", "add",
                                          "remove", "merge", "split", "set-meeting")},
    "build --scheduler": "cluster",  # the build on a Dask cluster (pipeline/cluster.py)
    "build --to docx": "docx",  # each brief as a Word document (render/word.py)
}

_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)[^;]*;\s*(.*)$")
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


class MissingPartError(BuildEnvironmentError):
    """A command needs an optional part of the package (`extra`) whose packages (`missing`)
    are not installed in this environment."""

    def __init__(self, command: str, extra: str, missing: list[str]):
        self.command, self.extra, self.missing = command, extra, list(missing)
        super().__init__(f"briefs {command}", f"it needs the optional part {extra!r} of migration briefs, and "
                         f"{', '.join(self.missing)} {'is' if len(self.missing) == 1 else 'are'} not installed",
                         f"install it from the checkout with pip install '.[{extra}]' (make setup installs every part)")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def part(extra: str) -> list[str]:
    """The distributions the installed package's metadata lists for `extra`; empty when the
    package runs from a source folder without being installed (nothing then says what is optional)."""
    from importlib.metadata import PackageNotFoundError, requires
    try:
        requirements = requires(DISTRIBUTION) or []
    except PackageNotFoundError:
        return []
    names = []
    for requirement in requirements:
        match = _REQUIREMENT.match(requirement)
        if match and extra in _EXTRA.findall(match.group(2)):
            names.append(match.group(1))
    return names


def missing(extra: str) -> list[str]:
    """The distributions of `extra` that are not installed."""
    from importlib.metadata import PackageNotFoundError, distribution
    absent = []
    for name in part(extra):
        try:
            distribution(name)
        except PackageNotFoundError:
            absent.append(name)
    return absent


def require(command: str) -> None:
    """Raise MissingPartError when `command` needs an optional part that is not installed."""
    extra = NEEDED_BY.get(command)
    if extra is None:
        return
    absent = missing(extra)
    if absent:
        raise MissingPartError(command, extra, sorted(absent, key=_normal))
