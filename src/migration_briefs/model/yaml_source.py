"""Reading YAML while remembering the line every value came from.

Validation errors must name the line, so the reader keeps a map from each value's
path (("items", 3, "year")) to its line number. Dates are kept as the text written
(2016, "2016-08", 2017-02-17 all stay strings) so that their precision is not lost.

Data files hold only text, numbers, true/false, lists and mappings, so the reader refuses
everything else YAML can say, each with a located one-sentence problem: anchors and
aliases (a few lines of nested aliases expand to gigabytes), tags (``!!binary``,
``!!python/...``, ``!custom``), keys that are not plain values, a key given twice, and
nesting deeper than any data file needs.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from migration_briefs.errors import BriefsError, Problem
from migration_briefs.paths import Project

Path_ = tuple[str | int, ...]

#: The tags plain YAML values resolve to; any other tag, written or implied, is refused.
KNOWN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "str", "int", "float", "bool", "null"))
#: Deeper than any data file needs (a contribution's deepest value is 6 levels down), and far
#: below the depth at which the composer's recursion would overflow the stack.
MAX_DEPTH = 32

_NO_ALIASES = "write the value out in full wherever it is needed"
_PLAIN_VALUES = ("data files hold only text, numbers, true/false, lists and mappings: remove the tag "
                 "(quote text that would otherwise read as a number)")


class _Refused(BriefsError):
    """Something data files never use, found at `mark`."""

    def __init__(self, mark: yaml.Mark | None, message: str, hint: str):
        self.mark, self.message = mark, message
        super().__init__(message, hint=hint)


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader without timestamp resolution (a date stays the text its editor wrote), that
    refuses anchors and aliases while composing, before anything can be expanded."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, f"the alias '*{event.anchor}' is not allowed in data files",
                           _NO_ALIASES)
        if getattr(event, "anchor", None) is not None:
            raise _Refused(event.start_mark, f"the anchor '&{event.anchor}' is not allowed in data files",
                           _NO_ALIASES)
        if getattr(event, "tag", None) not in (None, "!"):
            raise _Refused(event.start_mark, f"the YAML tag '{_short_tag(event.tag)}' is not allowed in data files",
                           _PLAIN_VALUES)
        if self._depth >= MAX_DEPTH:
            raise _Refused(event.start_mark, f"values are nested more than {MAX_DEPTH} levels deep here",
                           "see data/README.md for the shape of this file")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Dates stay text, and so does a lone '=' (YAML 1.1's "value" key).
_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def field_path(loc: Iterable[Any]) -> str:
    """A location as people read it: ("items", 3, "year") -> "items[3].year"."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class LocatedDocument:
    """A parsed YAML file plus the line of every value in it."""

    def __init__(self, path: Path, data: Any, lines: dict[Path_, int], project: Project | None = None):
        self.path = path
        self.project = Project.at(project)
        self.data = data
        self.lines = lines

    @property
    def name(self) -> str:
        return self.project.relative(self.path)

    def line_of(self, location: Path_) -> int | None:
        """The line of the deepest part of `location` that exists in the file."""
        location = tuple(location)
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get((), 1)

    def strings(self) -> Iterator[tuple[int | None, str, str]]:
        """(line, field, text) of every text value in the file."""
        def walk(value: Any, here: Path_) -> Iterator[tuple[int | None, str, str]]:
            if isinstance(value, str):
                yield self.line_of(here), field_path(here), value
            elif isinstance(value, dict):
                for key, child in value.items():
                    yield from walk(child, (*here, key))
            elif isinstance(value, list):
                for i, child in enumerate(value):
                    yield from walk(child, (*here, i))
        return walk(self.data, ())


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _check_tag(node: yaml.Node) -> None:
    if node.tag == "tag:yaml.org,2002:merge":
        raise _Refused(node.start_mark, "the merge key '<<' is not allowed in data files", _NO_ALIASES)
    if node.tag not in KNOWN_TAGS:
        raise _Refused(node.start_mark, f"the YAML tag '{_short_tag(node.tag)}' is not allowed in data files",
                       _PLAIN_VALUES)


def _construct(loader: _PlainLoader, node: yaml.Node, here: Path_, lines: dict[Path_, int]) -> Any:
    _check_tag(node)
    lines[here] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            _check_tag(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node.start_mark, "a key here is a list or mapping, not a name",
                               "write each key as plain text followed by ': '")
            key = _scalar(loader, key_node)
            if isinstance(key, int | float | bool):
                key = str(key)
            line = key_node.start_mark.line + 1
            if key in result:
                raise _Refused(key_node.start_mark, f"the key {key!r} is given twice in the same mapping "
                               f"(first on line {lines[(*here, key)]})",
                               "keep one of them: the second would silently replace the first")
            result[key] = _construct(loader, value_node, (*here, key), lines)
            lines[(*here, key)] = line
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, child, (*here, i), lines) for i, child in enumerate(node.value)]
    return _scalar(loader, node)


def _scalar(loader: _PlainLoader, node: yaml.Node) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:  # a whole number longer than Python converts (4300 digits)
        raise _Refused(node.start_mark, "this number is too long to read", "write a shorter number") from None


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# Far above any data file (the largest source text is tens of kB), far below what would
# exhaust memory: a larger file, a FIFO or a link to a device is a located problem, never read.
MAX_DATA_FILE_BYTES = 20 * 2**20


def read_text(path: Path, project: Project | None = None) -> str:
    """The text of a data file. A file that cannot be read or is not UTF-8 raises YAMLProblem;
    a missing one raises FileNotFoundError (callers say what it should have been)."""
    from migration_briefs.errors import UnsafeFileError
    from migration_briefs.files import read_regular
    _refuse_linked_data_folders(path, Project.at(project))
    try:
        raw = read_regular(path, MAX_DATA_FILE_BYTES)
    except FileNotFoundError:
        raise
    except UnsafeFileError as exc:
        raise YAMLProblem(Problem(Project.at(project).relative(path), None, "", exc.reason,
                                  "a data file is a regular file of text; split a larger one, or remove "
                                  "what is not a data file")) from None
    except OSError as exc:
        raise YAMLProblem(Problem(Project.at(project).relative(path), None, "",
                                  f"the file cannot be read ({exc.strerror or exc})",
                                  "check that it is a readable file")) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YAMLProblem(Problem(Project.at(project).relative(path), raw.count(b"\n", 0, exc.start) + 1, "",
                                  f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} cannot be decoded)",
                                  "save it as UTF-8")) from None


def _refuse_linked_data_folders(path: Path, project: Project) -> None:
    """YAMLProblem, naming the file as it stands in data/, when a folder on its way from data/
    is a symbolic link: data lives in the checkout, not wherever a link leads."""
    from migration_briefs.files import linked_folder
    link = linked_folder(path)
    data_dir = project.data_dir
    if link is not None and (link == data_dir or link.is_relative_to(data_dir)):
        raise YAMLProblem(Problem(project.relative(path), None, "",
                                  f"it is in {project.relative(link)}, which is a symbolic link to a folder",
                                  "data lives in the checkout: replace the link with the folder and its files"))


# Parsed documents, by the identity of the file's content: `briefs validate` loads the data and
# then works out coverage from the same files, and parsing is most of its time (a contribution of
# 5,000 items takes seconds). Callers only read what they get; any write to the file changes
# its ctime, so an edited file is parsed again. Kept up to a total size of the files, not a count
# of them: 64 documents, the bound until then, let a corpus of forty agencies (128 files) push
# each file out before coverage read it, so every file was parsed twice.
_PARSED: dict[tuple, "LocatedDocument"] = {}
_PARSED_BYTES = 32 * 2**20


def read_yaml(path: Path, project: Project | None = None) -> LocatedDocument:
    """Parse one YAML file; any problem with it becomes a located Problem raised as YAMLProblem.
    A missing file raises FileNotFoundError (callers say what it should have been)."""
    try:
        status = os.stat(path)
    except OSError:
        key = None
    else:
        key = (str(path), str(Project.at(project).root), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns,
               status.st_ctime_ns)
    if key in _PARSED:
        return _PARSED[key]
    document = _parse_yaml(path, project)
    if key is not None and key[4] <= _PARSED_BYTES:
        while _PARSED and sum(kept[4] for kept in _PARSED) + key[4] > _PARSED_BYTES:
            del _PARSED[next(iter(_PARSED))]  # the oldest first
        _PARSED[key] = document
    return document


def _parse_yaml(path: Path, project: Project | None) -> LocatedDocument:
    return parse_yaml_text(read_text(path, project), path, project)


def parse_yaml_text(text: str, path: Path, project: Project | None = None) -> LocatedDocument:
    """Parse `text` as the content `path` would have (a change checked before it is written),
    with the same refusals and located problems as read_yaml."""
    name = Project.at(project).relative(path)
    lines: dict[Path_, int] = {}
    try:
        loader = _PlainLoader(text)
        try:
            node = loader.get_single_node()
            data = _construct(loader, node, (), lines) if node is not None else None
        finally:
            loader.dispose()
    except _Refused as exc:
        raise YAMLProblem(Problem(name, exc.mark.line + 1 if exc.mark else None, "", exc.message,
                                  exc.hint)) from None
    except yaml.reader.ReaderError as exc:
        character = chr(exc.character) if isinstance(exc.character, int) else exc.character
        raise YAMLProblem(Problem(name, _line_at(text, exc.position), "",
                                  f"the file contains the control character U+{ord(character):04X}, "
                                  "which YAML does not allow",
                                  "delete it; write a line break as a new line")) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YAMLProblem(Problem(
            file=name,
            line=mark.line + 1 if mark else None,
            field="",
            message=f"this is not valid YAML ({exc.problem or exc.context})",
            hint="check the indentation and quoting on that line and the one before it; "
                 "text containing ': ' or starting with a quote needs to be quoted",
        )) from None
    return LocatedDocument(path, data, lines, project)


class YAMLProblem(BriefsError):
    """A data file (YAML, or a CSV table read with read_text) that cannot be read, as one Problem."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem), where=f"{problem.file}:{problem.line}" if problem.line else problem.file,
                         reason=problem.message, hint=problem.hint)
