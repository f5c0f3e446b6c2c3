"""`briefs import-source`: a document becomes data/sources/<name>.yaml, or updates it.

The file is written in the house style of the existing source texts (a header comment, then
`title`, `origin` and one entry per paragraph with its text as a folded block), the same bytes
for the same input. A first import writes the file; a re-import shows what changed and writes
only with `--write`, keeping every paragraph id (see source_diff.py).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from migration_briefs import paths
from migration_briefs.errors import BriefsError
from migration_briefs.files import hash_regular, linked_folder, write_atomic
from migration_briefs.model.models import SourceText
from migration_briefs.model.yaml_source import YAMLProblem, read_yaml
from migration_briefs.paths import Project
from migration_briefs.sources.ids import Merge, describe, merge
from migration_briefs.sources.paragraphs import ImportedSource, import_document
from migration_briefs.sources.readers import DocumentError

NAME = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")
TEXT_WIDTH = 96  # the existing source texts fold their text at 96 characters
_RECORD = re.compile(r"\s*Imported from \S.*? \(SHA-256 [0-9a-f]{64}\)\.")  # names the file imported
_RETIRED = re.compile(r"^# Retired ids \(removed from the document; never reuse\): (.*)$", re.M)
_HOW = {
    ".pdf": "from its text layer; page headers, footers and page numbers removed, and words hyphenated "
            "at line ends joined again",
    ".docx": "from the Word file; automatic list numbers written out, footnotes placed after the "
             "paragraph that cites them",
    ".md": "from the Markdown; bold and italic markers dropped",
    ".txt": "from the plain text",
}


class ImportRefused(BriefsError):
    """The import cannot go ahead: a bad name, an unreadable existing file. One sentence."""


@dataclass
class ImportResult:
    target: Path
    shown: str  # the target, relative to the project root
    merge: Merge
    existed: bool
    written: bool
    source: SourceText
    citations: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    origin_changed: bool = False

    @property
    def up_to_date(self) -> bool:
        counts = self.merge.counts()
        return self.existed and set(counts) <= {"unchanged"} and not self.merge.relabelled \
            and not self.origin_changed

    def report(self) -> str:
        counts = self.merge.counts()
        if not self.existed:
            kinds = Counter(p.kind for p in self.source.paragraphs)
            summary = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
            return (f"wrote {self.shown}: {len(self.source.paragraphs)} entries ({summary}), "
                    f"titled {self.source.title!r}.\n"
                    f"Next: check the entries, then `briefs draft --source {self.target.stem} --agency AGENCY "
                    f"--meeting YEAR`.")
        if self.up_to_date:
            return f"{self.shown} is up to date: all {len(self.source.paragraphs)} paragraphs unchanged."
        order = ("unchanged", "changed", "moved", "new", "removed")
        lines = [f"{self.shown}: " + ", ".join(f"{counts[s]} {s}" for s in order if counts[s]) + "."]
        lines.extend(describe(self.merge, self.citations))
        if self.merge.relabelled:
            lines.append(f"  {len(self.merge.relabelled)} unchanged paragraph(s) get a new kind, section or italic words: "
                         + ", ".join(c.id for c in self.merge.relabelled))
        if self.origin_changed:
            lines.append("  origin: now names the imported file and its SHA-256")
        if self.written:
            lines.append(f"wrote {self.shown}.")
            broken = [c.id for c in self.merge.changes if c.status == "removed" and self.citations.get(c.id)]
            if broken:
                lines.append(f"Still cited but removed: {', '.join(broken)}; fix those citations before `make`.")
        else:
            lines.append("Nothing written. Check the changes, then run again with --write (with make: WRITE=1) "
                         "to apply them.")
        return "\n".join(lines)


# --- writing in the house style --------------------------------------------------------------

class _Folded(str):
    """A text written as a folded block (`>-`), as the existing source texts write long text."""


class _SourceDumper(yaml.SafeDumper):
    """PyYAML's safe emitter in the house style: list entries indented under their key, long
    text folded. PyYAML decides quoting and escaping, so whatever the characters, the file reads
    back as written; where a text cannot be folded it chooses another style itself."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    # Only the folded texts wrap: a title, an id or a section label stays on its line.
    def write_plain(self, text, split=True):
        super().write_plain(text, split=False)

    def write_double_quoted(self, text, split=True):
        super().write_double_quoted(text, split=False)

    def write_single_quoted(self, text, split=True):
        super().write_single_quoted(text, split=False)


_SourceDumper.add_representer(
    _Folded, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=">"))


def source_yaml(source: SourceText, header: str) -> str:
    """The source text as YAML, written by the YAML library (never by formatting strings), after
    the header comment."""
    entries = []
    for p in source.paragraphs:
        entry = {"id": p.id, "kind": p.kind, "section": p.section, "text": _Folded(p.text)}
        if p.sic:
            entry["sic"] = list(p.sic)
        if p.italic:
            entry["italic"] = list(p.italic)
        entries.append(entry)
    body = yaml.dump({"title": source.title, "origin": _Folded(source.origin), "paragraphs": entries},
                     Dumper=_SourceDumper, sort_keys=False, allow_unicode=True, width=TEXT_WIDTH,
                     default_flow_style=False)
    text = (header.rstrip("\n") + "\n" if header else "") + body
    # never write what would not read back (read with LibYAML where it is there: ten times as fast)
    try:
        read_back = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe
    except yaml.YAMLError:
        read_back = None
    if read_back is None or SourceText.model_validate(read_back) != source:
        raise ImportRefused("The imported text would not read back as it was imported; nothing was written.")
    return text


def _field(location: tuple) -> str:
    """'paragraph 5 (its text)' for ('paragraphs', 4, 'text'): a field of SourceText as people read it."""
    if len(location) >= 2 and location[0] == "paragraphs":
        return f"paragraph {location[1] + 1}{f' ({location[2]})' if len(location) > 2 else ''}"
    return str(location[0]) if location else "text"


def yaml_entry(name: str, value: str, indent: str, folded: bool = False) -> str:
    """`name: value` as the YAML library writes it (on one line, or as a folded block), each line
    after `indent`: for files with comments between their entries (the contribution skeleton)."""
    text = yaml.dump({name: _Folded(value) if folded else value}, Dumper=_SourceDumper, allow_unicode=True,
                     width=TEXT_WIDTH)
    return "".join(indent + line for line in text.splitlines(keepends=True))


def one_line(text: str) -> str:
    """Text for a comment line: every run of white space (a line break too) as one space."""
    return " ".join(text.split())


def new_header(title: str) -> str:
    return (f"# The source text of {one_line(title)}, one entry per paragraph, heading, list item or footnote.\n"
            "# Imported with `briefs import-source`; import a new version of the document the same way:\n"
            "# unchanged paragraphs keep their ids, new ones get new ids, removed ids are never reused.\n"
            "# Do not renumber or reorder the entries: contribution files cite these ids. You may shorten\n"
            "# a `section` label, correct a `kind` or list under `sic` words the document gets wrong;\n"
            "# a re-import keeps what you set.\n")


def header_of(text: str) -> str:
    """The comment lines an existing source text starts with."""
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#") and line.strip():
            break
        lines.append(line)
    return "".join(lines)


def retired_in(header: str) -> list[str]:
    match = _RETIRED.search(header)
    return [pid.strip() for pid in match.group(1).split(",") if pid.strip()] if match else []


def with_retired(header: str, retired: list[str]) -> str:
    if not retired:
        return header
    line = f"# Retired ids (removed from the document; never reuse): {', '.join(retired)}"
    if _RETIRED.search(header):
        return _RETIRED.sub(line, header)
    return header.rstrip("\n") + "\n" + line + "\n" if header else line + "\n"


def with_record(origin: str, record: str) -> str:
    """The origin with its import record replaced, or added at the end."""
    if _RECORD.search(origin):
        return _RECORD.sub(" " + record, origin).strip()
    return f"{origin.rstrip()} {record}"


# --- the command -------------------------------------------------------------------------------

def default_name(document: Path) -> str:
    return re.sub(r"[^a-z0-9_]+", "-", document.stem.lower()).strip("-_")


def target_path(name: str, root: Path | None = None) -> Path:
    """data/sources/<name>.yaml, for a name that cannot point anywhere else."""
    project = Project.at(root)
    if not NAME.match(name):
        raise ImportRefused(f"The name {name!r} cannot be used: give --name as lower-case letters and digits "
                            "joined by '-' or '_' (it becomes data/sources/<name>.yaml).")
    target = project.sources_dir / f"{name}.yaml"
    link = target if target.is_symlink() else linked_folder(target)
    if link is not None:  # what is written there would land wherever the link leads
        raise ImportRefused(f"{project.relative(link)} is a symbolic link, and nothing is written through a link; "
                            "replace it with the file or folder itself and import again.")
    return target


class ImportProgress:
    """How far a long import has come, said on `stream` (standard error): each tenth of a
    document's pages (a PDF of 50 or more) or paragraphs and tables (a .docx of 5,000 or more),
    then the writing. A shorter document takes seconds, and says nothing."""

    UNITS = {".pdf": ("pages", 50), ".docx": ("paragraphs and tables", 5000)}

    def __init__(self, document: Path, stream):
        self.shown = _printable(document.name)
        self.unit, self.least = self.UNITS.get(document.suffix.lower(), ("parts", 0))
        self.stream, self.tenths, self.spoken = stream, 0, False

    def __call__(self, done: int, total: int) -> None:
        if total >= self.least > 0 and done * 10 // total > self.tenths:
            self.tenths = done * 10 // total
            self.say(f"read {done:,} of {total:,} {self.unit}")

    def writing(self, entries: int) -> None:
        if self.spoken:
            self.say(f"writing and checking {entries:,} entries")

    def say(self, text: str) -> None:
        print(f"{self.shown}: {text}", file=self.stream, flush=True)
        self.spoken = True


def _printable(text: str) -> str:
    """Text as a message may print it: a control character written as its escape (\\x07)."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", text)


def _checked_title(document: Path, title: str) -> str:
    """The title to write, on one line; DocumentError when it holds what a data file cannot (a
    control character, which YAML does not allow) or is longer than a text field holds."""
    from migration_briefs.model.models import MAX_TEXT
    title = one_line(title)
    control = next((c for c in title if unicodedata.category(c) == "Cc"), None)
    if control is not None:
        raise DocumentError(_printable(document.name), f"its title holds the control character U+{ord(control):04X}, "
                            "which a data file cannot hold",
                            "remove it from the document's title (its properties, its front matter or, for a "
                            "title made from the file name, the file name) and import again")
    if len(title) > MAX_TEXT:
        raise DocumentError(_printable(document.name), f"its title is {len(title):,} characters long, more than "
                            f"the {MAX_TEXT:,} a text field holds", "give the document a title of a few words "
                            "(in its properties or front matter) and import again")
    return title


def _check_lengths(document: Path, imported: ImportedSource) -> None:
    """DocumentError naming the first paragraph (or its section label) longer than a text field
    holds: one paragraph of a document is never a whole document's worth of text."""
    from migration_briefs.model.models import MAX_TEXT
    for number, paragraph in enumerate(imported.paragraphs, 1):
        for what, text in (("text", paragraph.text), ("section label", paragraph.section)):
            if len(text) > MAX_TEXT:
                raise DocumentError(_printable(document.name), f"the {what} of its paragraph {number} (which begins "
                                    f"{_printable(text[:40])!r}) is {len(text):,} characters long, more than the "
                                    f"{MAX_TEXT:,} a text field holds", "split it in the document and import again")


def _check_size(document: Path, content: str) -> None:
    """DocumentError when the source file would be larger than a data file may be: `validate`
    would refuse it, and every build with it."""
    from migration_briefs.model import yaml_source
    size, limit = len(content.encode("utf-8")), yaml_source.MAX_DATA_FILE_BYTES
    if size > limit:
        raise DocumentError(_printable(document.name), f"its source file would be {size / 2**20:.1f} MB, more than the "
                            f"{limit // 2**20} MB a data file holds", "import it in parts (split the document), "
                            "each under its own --name")


def import_source(document: Path, name: str | None = None, write: bool = False,
                  root: Path | None = None, progress: ImportProgress | None = None) -> ImportResult:
    """Import `document` into data/sources/<name>.yaml; DocumentError or ImportRefused if it cannot.
    `progress` hears how far the reading and writing of a long document have come."""
    from migration_briefs.sources.coverage import citations_of_source
    document = Path(document)
    name = name if name is not None else default_name(document)
    if not name:
        raise ImportRefused(f"No name can be made from the file name {document.name!r}; "
                            "give one with --name (lower-case letters, digits, '-' and '_').")
    target = target_path(name, root)
    imported: ImportedSource = import_document(document, progress)
    _check_lengths(document, imported)
    record = f"Imported from {one_line(document.name)} (SHA-256 {hash_regular(document)})."
    generated = (f"{record} One entry per paragraph, heading, list item or footnote, in reading order, "
                 f"with its text verbatim, {_HOW[document.suffix.lower()]}.")
    shown = paths.relative_to_root(target, root)
    existed = target.exists()
    if existed:
        text = target.read_text(encoding="utf-8")
        try:  # the project's reader: no aliases or tags in a file anyone may have edited
            current = SourceText.model_validate(read_yaml(target, root).data)
        except (YAMLProblem, ValueError) as exc:
            raise ImportRefused(f"{shown} exists but is not a valid source text, so it cannot be updated; "
                                "fix it (`make validate` says where) or import under another --name.") from exc
        header = header_of(text)
        result = merge(current.paragraphs, imported.paragraphs, retired_in(header))
        title = current.title
        # an origin this command wrote is written anew; one a person wrote keeps their words
        origin = generated if _RECORD.match(current.origin) else with_record(current.origin, record)
        origin_changed = origin != current.origin
    else:
        title = _checked_title(document, imported.title)  # a title is one line
        header = new_header(title)
        result = merge(None, imported.paragraphs)
        origin, origin_changed = generated, True
    try:
        source = SourceText(title=title, origin=origin, paragraphs=result.paragraphs)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise DocumentError(_printable(document.name), f"its {_field(error['loc'])} would not be valid data "
                            f"({error['msg'][:1].lower()}{error['msg'][1:]})",
                            "split or shorten it in the document, then import again") from None
    if progress is not None:
        progress.writing(len(source.paragraphs))
    content = source_yaml(source, with_retired(header, result.retired))
    _check_size(document, content)
    outcome = ImportResult(target, shown, result, existed, False, source,
                           citations_of_source(f"sources/{target.name}", root), imported.warnings,
                           origin_changed if existed else True)
    if (not existed or write) and not outcome.up_to_date:
        write_atomic(target, content.encode("utf-8"))
        outcome.written = True
    return outcome

