"""Reading YAML while remembering the line every value came from.

Validation errors must name the line, so the reader keeps a map from each value's
path (("items", 3, "year")) to its line number. Dates are kept as the text written
(2016, "2016-08", 2017-02-17 all stay strings) so that their precision is not lost.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .paths import relative_to_root

Path_ = tuple[str | int, ...]


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader without timestamp resolution: a date stays the text its editor wrote."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class LocatedDocument:
    """A parsed YAML file plus the line of every value in it."""

    def __init__(self, path: Path, data: Any, lines: dict[Path_, int], root: Path | None = None):
        self.path = path
        self.root = root
        self.data = data
        self.lines = lines

    @property
    def name(self) -> str:
        return relative_to_root(self.path, self.root)

    def line_of(self, location: Path_) -> int | None:
        """The line of the deepest part of `location` that exists in the file."""
        location = tuple(location)
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get((), 1)


def _construct(loader: _PlainLoader, node: yaml.Node, here: Path_, lines: dict[Path_, int]) -> Any:
    lines[here] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, int | float | bool):
                key = str(key)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            result[key] = _construct(loader, value_node, (*here, key), lines)
            lines[(*here, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, child, (*here, i), lines) for i, child in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def read_yaml(path: Path, root: Path | None = None) -> LocatedDocument:
    """Parse one YAML file; a syntax error becomes a located Problem raised as YAMLProblem."""
    text = path.read_text(encoding="utf-8")
    loader = _PlainLoader(text)
    lines: dict[Path_, int] = {}
    try:
        node = loader.get_single_node()
        data = _construct(loader, node, (), lines) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YAMLProblem(Problem(
            file=relative_to_root(path, root),
            line=mark.line + 1 if mark else None,
            field="",
            message=f"this is not valid YAML ({exc.problem or exc.context})",
            hint="check the indentation and quoting on that line and the one before it; "
                 "text containing ': ' or starting with a quote needs to be quoted",
        )) from exc
    finally:
        loader.dispose()
    return LocatedDocument(path, data, lines, root)


class YAMLProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))
