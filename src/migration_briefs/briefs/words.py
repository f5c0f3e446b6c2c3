"""The words of the briefs: every sentence a reader sees that depends on the data, kept as
templates beside the notebooks, apart from the Python that computes the facts.

    notebooks/goal_brief.ipynb      the brief: headings and fixed prose in markdown cells
    notebooks/goal_brief.yaml       its words: the sentences built from the data, as templates
    notebooks/shared.yaml           the words every kind of brief uses (the masthead, key
                                    messages, across meetings, sources), with a section for the
                                    briefs about one agency and one for those across agencies
    notebooks/charts.yaml           the charts' titles, captions and alt text

A words file is YAML: mappings whose leaves are templates in Jinja's syntax (the syntax of the
notebooks' nbconvert templates), read top to bottom in the order a brief shows them. A piece of a
brief asks for its words by a dotted key (`key_messages.then.context`) and gives the facts by name;
the template decides how they read:

    named: >-
      The {{ plural(papers, 'paper', 'papers') }} {{ plural(papers, 'names', 'name') }}
      {{ sdg(codes) }} for {{ agency }}'s {{ year }} work{{ cite }}.

Facts are numbers, names, lists and links. Names from the data are escaped as the template is
rendered (autoescape), so a paper's text never becomes markup; the ¶ links a brief builds are
passed as markup already. Beside Jinja's own filters, a template can call `count(2, 'item')`
('two items'), `number`, `join` ('A, B and C'), `plural(n, 'is', 'are')`, `share(part, whole)`
('both agencies', 'neither agency', 'two of five agencies'; `.plural` for the verb), `of_them`,
`sdg(codes)` ('Goals 5 and 8 and target 8.8'), `date` ('August 2016') and `cap` (a capital
first letter), and the filters `cap` and `quoted` (“text”, for the paper's own words). Runs of white space become one space, so a template may be folded over lines;
`{%- ... -%}` takes the space out beside a tag where punctuation follows.

A brief looks a key up in its kind's file first, then in the section of shared.yaml for its scope
(`one agency` or `all agencies`), then in the rest of shared.yaml, then in charts.yaml: a kind
may reword any shared sentence for itself. Every problem (a file that is not YAML, a template
that is not Jinja, a fact a template asks for and the piece does not give, a key no file holds)
is a WordsError naming the file and the key.
"""
from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

from migration_briefs import paths
from migration_briefs.briefs import prose
from migration_briefs.errors import WordsError

SHARED, CHARTS = "shared", "charts"
SCOPES = ("one agency", "all agencies")
MAX_FILE_BYTES = 1 * 2**20  # a words file is a few kilobytes; anything this large is not one
NAME = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")  # as a brief notebook's name (model/params.py)

_cache: dict[tuple, dict] = {}
_heard: list | None = None  # the sentences rendered while `listening` (tests/test_shapes.py reads them)


@contextlib.contextmanager
def listening():
    """Record every sentence rendered in the block, as (file, key, text): the walk of the data
    shapes (tests/test_shapes.py) prints them for a reviewer and checks that every template ran."""
    global _heard
    before, _heard = _heard, []
    try:
        yield _heard
    finally:
        _heard = before


def _environment():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import Markup, escape

    def join(words, conjunction: str = "and"):
        words = [w for w in words if w]
        if len(words) <= 1:
            return Markup("").join(escape(w) for w in words)
        return Markup(", ").join(escape(w) for w in words[:-1]) + Markup(f" {escape(conjunction)} ") + escape(words[-1])

    environment = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                                       lstrip_blocks=True)
    def cap(text):
        return prose.capitalise(text if isinstance(text, str) else str(text))

    environment.globals.update(count=prose.count, number=prose.number, join=join, plural=prose.plural,
                               share=prose.share, of_them=prose.of_them, sdg=prose.sdg_names,
                               date=prose.format_date, cap=cap)
    def quoted(text):
        return Markup("“") + escape(text) + Markup("”")

    environment.filters.update(cap=cap, quoted=quoted)
    return environment


_ENVIRONMENT = None


def environment():
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        _ENVIRONMENT = _environment()
    return _ENVIRONMENT


def _read(path: Path) -> dict:
    """A words file as nested mappings, read again whenever it changes (an edit in JupyterLab
    reaches the next run of a notebook in the same kernel)."""
    try:
        status = path.stat()
    except OSError:
        raise WordsError(paths.relative_to_root(path), "", "this words file is missing", "restore it from git (every kind of brief "
                                    "and notebooks/shared.yaml and charts.yaml have one)") from None
    key = (str(path), status.st_mtime_ns, status.st_size)
    if key not in _cache:
        import yaml
        shown = paths.relative_to_root(path)
        if status.st_size > MAX_FILE_BYTES:
            raise WordsError(shown, "", f"it is larger than {MAX_FILE_BYTES // 2**20} MB, too large for a words file")
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise WordsError(shown, "", f"it cannot be read as YAML ({' '.join(str(exc).split())})") from None
        if not isinstance(loaded, dict):
            raise WordsError(shown, "", "it must be a mapping of names to words")
        if len(_cache) > 64:  # old versions of files edited in a long-running kernel
            _cache.clear()
        _cache[key] = {"words": loaded, "templates": {}}
    return _cache[key]


@dataclass(frozen=True)
class Layer:
    """One place a key is looked up: a file, and the section of it (a path of keys)."""

    path: Path
    section: tuple[str, ...] = ()

    def find(self, key: str, files: dict):
        """The words at `key` in this layer (None where it holds none); `files` keeps each file as
        read for one brief, so that a brief reads each file once."""
        if self.path not in files:
            files[self.path] = _read(self.path)
        node = files[self.path]["words"]
        for part in (*self.section, *key.split(".")):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node


class Words:
    """The words of one kind of brief (see the module's doc): `say(key, **facts)` renders a
    sentence, `names(key)` lists what a section of the words holds, in order."""

    def __init__(self, layers: list[Layer]):
        self.layers = layers
        self.files: dict[Path, dict] = {}

    @classmethod
    def of(cls, kind: str | None, scope: str | None = None, notebooks: Path | None = None) -> "Words":
        """The words of the kind of brief whose notebook is notebooks/<kind>.ipynb, for briefs of
        `scope` ("one agency" or "all agencies"); kind None: the charts' words alone."""
        folder = Path(notebooks) if notebooks is not None else paths.NOTEBOOKS_DIR
        if kind is not None and not NAME.fullmatch(str(kind)):  # a name in notebooks/, never a path
            raise WordsError(f"{kind!r}", "", "is not the name of a kind of brief's words",
                             "give the notebook's name without .ipynb, such as goal_brief")
        layers = [Layer(folder / f"{kind}.yaml")] if kind else []
        if kind:
            layers += [Layer(folder / f"{SHARED}.yaml", (scope,))] if scope in SCOPES else []
            layers += [Layer(folder / f"{SHARED}.yaml")]
        return cls([*layers, Layer(folder / f"{CHARTS}.yaml")])

    def _where(self) -> str:
        return ", ".join(dict.fromkeys(paths.relative_to_root(layer.path) for layer in self.layers))

    def find(self, key: str):
        """(layer, the words at `key`), from the first layer that holds them, or (None, None)."""
        for layer in self.layers:
            found = layer.find(key, self.files)
            if found is not None:
                return layer, found
        return None, None

    def has(self, key: str) -> bool:
        return self.find(key)[1] is not None

    def names(self, key: str) -> list[str]:
        """The names a section holds, in the file's order ([] where no file has the section)."""
        layer, found = self.find(key)
        if found is None:
            return []
        if not isinstance(found, dict):
            raise WordsError(paths.relative_to_root(layer.path), key, "must be a mapping of names to words")
        return list(found)

    def say(self, key: str, **facts):
        """The sentence at `key` with these facts, as markup (names escaped, white space runs
        made one space)."""
        from jinja2 import TemplateError, UndefinedError
        from markupsafe import Markup

        layer, found = self.find(key)
        if found is None:
            raise WordsError(self._where(), key, "no words file holds these words",
                             "add them to the words beside the brief's notebook (docs/notebooks.md)")
        def shown():
            return paths.relative_to_root(layer.path)
        if not isinstance(found, (str, int, float)):
            raise WordsError(shown(), key, "must be a sentence (a template), not a mapping or a list")
        templates = self.files[layer.path]["templates"]
        cache_key = (layer.section, key)
        try:
            if cache_key not in templates:
                templates[cache_key] = environment().from_string(str(found))
            text = templates[cache_key].render(**facts)
        except UndefinedError as exc:
            raise WordsError(shown(), key, f"the template asks for a fact the brief does not give ({exc.message}); "
                                         f"it gives: {', '.join(sorted(facts)) or 'nothing'}") from None
        except TemplateError as exc:
            where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
            raise WordsError(shown(), key, f"the template is not valid{where}: {exc.message}") from None
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, ZeroDivisionError) as exc:
            raise WordsError(shown(), key, f"the template fails with these facts ({type(exc).__name__}: {exc})",
                             f"it gets: {', '.join(sorted(facts)) or 'nothing'}") from None
        sentence = Markup(" ".join(text.split()))
        if _heard is not None:
            _heard.append((shown(), ".".join((*layer.section, key)), str(sentence)))
        return sentence

    def every_key(self) -> set[tuple[str, str]]:
        """(file, key) of every template in the files of the layers, a section's keys under its
        name (`one agency.prepared_from`), as `listening` records them."""
        found = set()

        def walk(node, prefix, shown):
            if isinstance(node, dict):
                for name, value in node.items():
                    walk(value, f"{prefix}.{name}" if prefix else str(name), shown)
            elif isinstance(node, (str, int, float)):
                found.add((shown, prefix))

        for path in dict.fromkeys(layer.path for layer in self.layers):
            walk(_read(path)["words"], "", paths.relative_to_root(path))
        return found
