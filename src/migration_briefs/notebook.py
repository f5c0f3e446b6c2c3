"""What a brief notebook imports: the briefs, and a kernel set up so that what the notebook
shows is what the brief shows.

    from migration_briefs.notebook import goal_brief, display, Markdown, literal, prose

Data put into Markdown goes through `literal` (a name that holds "[a link](https://...)" shows
as those characters, not as a link): `display(Markdown(f"The {literal(brief.mechanism.name)} ..."))`.

Importing this module in a Jupyter kernel (or loading it as an IPython extension, as the
build's kernels do: ``%load_ext migration_briefs.notebook``) sets the kernel up:

* pandas DataFrames and Stylers display as brief tables (one header row, numbers
  right-aligned, the Styler's caption and formats);
* matplotlib draws in the house style, ``styles/brief.mplstyle``, the style of the library's
  own charts, so ``df.plot.barh()`` in a notebook looks like them;
* figures come out as 200 dpi PNG without software metadata, so the same notebook gives the
  same bytes on every run.
"""
from __future__ import annotations

from IPython.display import Markdown, display

from migration_briefs import fonts
from migration_briefs.briefs import prose
from migration_briefs.briefs.country import country_brief, system_country
from migration_briefs.briefs.goal import goal_brief, system_goal
from migration_briefs.briefs.mechanism import mechanism_brief, system_mechanism
from migration_briefs.briefs.overview import overview_brief, system_overview
from migration_briefs.paths import PACKAGE_DIR
from migration_briefs.sanitise import literal

__all__ = ["Markdown", "display", "literal", "prose", "goal_brief", "mechanism_brief", "overview_brief", "country_brief",
           "system_overview", "system_goal", "system_mechanism", "system_country", "setup", "STYLE_FILE"]

STYLE_FILE = PACKAGE_DIR / "styles" / "brief.mplstyle"
FIGURE_OPTIONS = {"bbox_inches": "tight", "dpi": 200, "metadata": {"Software": None}}


def setup(shell=None) -> None:
    """Set a kernel up for briefs (see the module's docstring); does nothing outside IPython.
    matplotlib's part waits for matplotlib: a kernel whose notebooks draw nothing (most briefs)
    never imports it, which was half the time a build's kernel took to start."""
    import sys

    from IPython import get_ipython

    shell = shell or get_ipython()
    if shell is None:
        return
    from migration_briefs.briefs.fragments import dataframe_table

    html = shell.display_formatter.formatters["text/html"]
    # by the module pandas reports for the class ("pandas" since 2.x), so pandas need not be imported
    for module in ("pandas", "pandas.core.frame"):
        html.for_type_by_name(module, "DataFrame", dataframe_table)
    html.for_type_by_name("pandas.io.formats.style", "Styler", dataframe_table)
    if "matplotlib" in sys.modules:
        _setup_matplotlib(shell)
    elif not any(isinstance(finder, _OnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _OnImport("matplotlib", lambda: _setup_matplotlib(shell)))


def _setup_matplotlib(shell) -> None:
    import matplotlib
    from IPython.core.pylabtools import select_figure_formats

    fonts.matplotlib_families()  # the fonts the house style names (fonts.py), not the machine's
    matplotlib.rc_file(STYLE_FILE)  # the defaults, then the house style: the same state every time
    try:
        from matplotlib_inline.config import InlineBackend
    except ImportError:
        pass
    else:  # the inline backend re-applies its own figure settings when pyplot is first imported
        inline = InlineBackend.instance()
        inline.figure_formats = {"png"}
        inline.print_figure_kwargs = dict(FIGURE_OPTIONS)
        inline.rc = {}
    select_figure_formats(shell, {"png"}, **FIGURE_OPTIONS)


class _OnImport:
    """An import hook (sys.meta_path) that calls `then` once the module `name` has run, whoever
    imports it and however ("import matplotlib.pyplot" runs matplotlib first), before the import
    statement returns. Python has no hook after an import of its own; this one finds the module
    as the other finders do and wraps its loader, once, then leaves sys.meta_path."""

    def __init__(self, name: str, then):
        self.name, self.then = name, then

    def find_spec(self, fullname, path=None, target=None):
        import importlib.util
        import sys

        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _ThenLoader(spec.loader, self.then)
        return spec


class _ThenLoader:
    """A module's own loader, that calls `then` after the module has run."""

    def __init__(self, loader, then):
        self.loader, self.then = loader, then

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        module.__loader__ = self.loader
        module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        self.then()


def load_ipython_extension(shell) -> None:
    """How the build's kernels load this module; they also get the build's memory limit, so a
    cell that takes too much raises MemoryError in its brief instead of exhausting the machine."""
    import os

    from migration_briefs.pipeline.limits import MEMORY_VARIABLE, limit_memory

    limit = os.environ.get(MEMORY_VARIABLE, "")
    if limit.isdigit():
        limit_memory(int(limit))
    setup(shell)
    # What the kernel has made so far (IPython, the library) lives as long as it does: kept out of
    # the collector's sight, every collection scans only what a notebook makes.
    import gc
    gc.freeze()


setup()
