"""Reading YAML while remembering the line every value came from.

Validation errors must name the line, so the reader keeps a map from each value's
path (("items", 3, "year")) to its line number. Dates are kept as the text written
(2016, "2016-08", 2017-02-17 all stay strings) so that their precision is not lost.

Data files hold only text, numbers, true/false, lists and mappings, so the reader refuses
everything else YAML can say, each with a located one-sentence problem: anchors and
aliases (a few lines of nested aliases expand to gigabytes), tags (``!!binary``,
``!!python/...``, ``!custom``), keys that are not plain values, a key given twice, and
nesting deeper than any data file needs. Files are read event by event (with LibYAML where PyYAML
has it), and each value is built as its event comes, never by recursion.
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


class _Events(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.constructor.SafeConstructor,
              yaml.resolver.Resolver):
    """YAML's events, read by PyYAML's own parser, and _PlainLoader's resolution of plain values."""

    yaml_implicit_resolvers = _PlainLoader.yaml_implicit_resolvers

    def __init__(self, text: str):
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


if yaml.__with_libyaml__:
    class _Events(yaml._yaml.CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):  # noqa: F811
        """The same events read by LibYAML, about thirty times as fast (bench/scale.py: validating
        ten meetings of forty agencies took most of a minute with the pure-Python parser)."""

        yaml_implicit_resolvers = _PlainLoader.yaml_implicit_resolvers

        def __init__(self, text: str):
            yaml._yaml.CParser.__init__(self, text)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


class _Open:
    """A mapping or list being read: its value, where it is, and (a mapping) the key read last."""

    __slots__ = ("value", "here", "key", "key_line")

    def __init__(self, value, here: Path_):
        self.value, self.here, self.key, self.key_line = value, here, _NO_KEY, 0


_NO_KEY = object()


def _compose(events: _Events, lines: dict[Path_, int]) -> Any:
    """The one document of a stream, as dicts, lists and plain values, with the line of every
    value in `lines`; read event by event, never recursively, so that what is refused (aliases,
    anchors, tags, complex or repeated keys, deep nesting) is refused before it is built."""
    events.get_event()  # the stream's start
    if events.check_event(yaml.StreamEndEvent):
        return None
    document = events.get_event()
    stack: list[_Open] = []
    root: Any = _NO_KEY
    while root is _NO_KEY:
        event = events.get_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, f"the alias '*{event.anchor}' is not allowed in data files", _NO_ALIASES)
        if isinstance(event, yaml.CollectionEndEvent):
            value = stack.pop().value
        else:
            if event.anchor is not None:
                raise _Refused(event.start_mark, f"the anchor '&{event.anchor}' is not allowed in data files",
                               _NO_ALIASES)
            if event.tag not in (None, "!"):
                raise _Refused(event.start_mark, f"the YAML tag '{_short_tag(event.tag)}' is not allowed in data files",
                               _PLAIN_VALUES)
            parent = stack[-1] if stack else None
            is_key = isinstance(parent, _Open) and isinstance(parent.value, dict) and parent.key is _NO_KEY
            if is_key and not isinstance(event, yaml.ScalarEvent):
                raise _Refused(event.start_mark, "a key here is a list or mapping, not a name",
                               "write each key as plain text followed by ': '")
            if parent is None:
                here: Path_ = ()
            elif isinstance(parent.value, list):
                here = (*parent.here, len(parent.value))
            else:
                here = (*parent.here, parent.key)
            if isinstance(event, yaml.ScalarEvent):
                kind = yaml.ScalarNode
            else:
                kind = yaml.MappingNode if isinstance(event, yaml.MappingStartEvent) else yaml.SequenceNode
            tag = events.resolve(kind, getattr(event, "value", None), event.implicit)
            _check_tag(tag, event.start_mark)
            if is_key:
                key = _scalar(events, tag, event)
                if isinstance(key, int | float | bool):
                    key = str(key)
                if key in parent.value:
                    raise _Refused(event.start_mark, f"the key {key!r} is given twice in the same mapping "
                                   f"(first on line {lines[(*parent.here, key)]})",
                                   "keep one of them: the second would silently replace the first")
                parent.key, parent.key_line = key, event.start_mark.line + 1
                continue
            lines[here] = event.start_mark.line + 1
            if kind is not yaml.ScalarNode:
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(event.start_mark, f"values are nested more than {MAX_DEPTH} levels deep here",
                                   "see data/README.md for the shape of this file")
                stack.append(_Open({} if kind is yaml.MappingNode else [], here))
                continue
            value = _scalar(events, tag, event)
        if not stack:
            root = value
        elif isinstance(stack[-1].value, list):
            stack[-1].value.append(value)
        else:
            parent = stack[-1]
            parent.value[parent.key] = value
            lines[(*parent.here, parent.key)] = parent.key_line
            parent.key = _NO_KEY
    events.get_event()  # the document's end
    if not events.check_event(yaml.StreamEndEvent):
        raise yaml.composer.ComposerError("expected a single document in the stream", document.start_mark,
                                          "but found another document", events.get_event().start_mark)
    return root


def _check_tag(tag: str, mark: yaml.Mark) -> None:
    if tag == "tag:yaml.org,2002:merge":
        raise _Refused(mark, "the merge key '<<' is not allowed in data files", _NO_ALIASES)
    if tag not in KNOWN_TAGS:
        raise _Refused(mark, f"the YAML tag '{_short_tag(tag)}' is not allowed in data files", _PLAIN_VALUES)


_TEXT = "tag:yaml.org,2002:str"


def _scalar(events: _Events, tag: str, event: yaml.ScalarEvent) -> Any:
    if tag == _TEXT:  # most values: the text as written, as SafeConstructor would give it
        return event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return events.yaml_constructors[tag](events, node)
    except ValueError:  # a whole number longer than Python converts (4300 digits)
        raise _Refused(event.start_mark, "this number is too long to read", "write a shorter number") from None


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
        events = _Events(text)
        try:
            data = _compose(events, lines)
        finally:
            events.dispose()
    except _Refused as exc:
        raise YAMLProblem(Problem(name, exc.mark.line + 1 if exc.mark else None, "", exc.message,
                                  exc.hint)) from None
    except yaml.reader.ReaderError as exc:
        character = chr(exc.character) if isinstance(exc.character, int) else exc.character
        at = exc.position if not yaml.__with_libyaml__ else len(text.encode("utf-8")[:exc.position].decode("utf-8", "ignore"))
        raise YAMLProblem(Problem(name, _line_at(text, at), "",
                                  f"the file contains the control character U+{ord(character):04X}, "
                                  "which YAML does not allow",
                                  "delete it; write a line break as a new line")) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.problem == "exceeded maximum nesting depth":  # LibYAML's own limit, 1000, met scanning ahead
            raise YAMLProblem(Problem(name, mark.line + 1 if mark else None, "",
                                      f"values are nested more than {MAX_DEPTH} levels deep here",
                                      "see data/README.md for the shape of this file")) from None
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
