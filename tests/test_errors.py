"""One exception hierarchy: every error the package defines derives from BriefsError and
carries where, reason and hint as fields, with its message unchanged."""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import papermill  # noqa: F401  # loads its engines (ours among them) before the engine module is imported alone
import pytest

import migration_briefs
from migration_briefs.errors import BriefsError, BuildEnvironmentError, DataValidationError, ParameterError, Problem


def defined_exceptions() -> list[type]:
    found = []
    for module_info in pkgutil.walk_packages(migration_briefs.__path__, "migration_briefs."):
        module = importlib.import_module(module_info.name)
        found += [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, BaseException) and cls.__module__ == module.__name__]
    return found


def test_every_exception_the_package_defines_is_a_briefs_error():
    exceptions = defined_exceptions()
    assert len(exceptions) >= 14, [cls.__name__ for cls in exceptions]
    assert [cls.__name__ for cls in exceptions if not issubclass(cls, BriefsError)] == []


@pytest.mark.parametrize("error, message, fields", [
    (ParameterError("goal", 99, ["1", "2"], "is not an SDG goal"),
     "Parameter goal=99 is not an SDG goal; valid values are: 1, 2.",
     ("parameter goal", "99 is not an SDG goal", "valid values are: 1, 2")),
    (BuildEnvironmentError("build/x", "permission denied", "make it writable"),
     "build/x: permission denied; make it writable.", ("build/x", "permission denied", "make it writable")),
    (DataValidationError([Problem("data/a.yaml", 3, "year", "not a year", "write 2016")]),
     "1 problem in the data:\ndata/a.yaml:3: year: not a year\n    hint: write 2016",
     ("data/a.yaml", "1 problem in the data:", "fix the problems listed and run `make validate` again")),
])
def test_the_fields_say_where_what_and_what_to_do_and_the_message_is_unchanged(error, message, fields):
    assert str(error) == message
    assert (error.where, error.reason, error.hint) == fields


def test_the_other_errors_keep_their_messages_and_carry_fields():
    from migration_briefs.model.params import NotebookError
    from migration_briefs.pipeline.engine import KernelDiedError
    from migration_briefs.render.cells import CellError
    from migration_briefs.render.exporters import BriefRenderError
    from migration_briefs.sources.readers import DocumentError
    from migration_briefs.sources.scaffold import ScaffoldError

    document = DocumentError("paper.pdf", "it has no text layer", "run OCR first")
    assert str(document) == "Cannot import paper.pdf: it has no text layer; run OCR first."
    assert (document.where, document.reason, document.hint) == ("paper.pdf", "it has no text layer", "run OCR first")
    render = BriefRenderError(8, "a figure without alt text", "add a line '#| fig-alt: ...'")
    assert str(render) == "cell 9: a figure without alt text; add a line '#| fig-alt: ...'"
    assert render.where == "cell 9" and render.hint == "add a line '#| fig-alt: ...'"
    notebook = NotebookError("x.ipynb", "grid entry 'countries' is not a known value set")
    assert str(notebook) == ("notebooks/x.ipynb: grid entry 'countries' is not a known value set; "
                             "see 'A new kind of brief' in docs/notebooks.md")
    assert notebook.where == "notebooks/x.ipynb" and isinstance(notebook, ValueError)
    assert str(CellError(2, "no alt text", "add one")) == "no alt text; add one"
    assert str(KernelDiedError(None, 4)) == "the kernel died while it ran cell 4"
    scaffold = ScaffoldError("There is no data/sources/x.yaml")
    assert (str(scaffold), scaffold.where, scaffold.reason, scaffold.hint) == (
        "There is no data/sources/x.yaml", None, "There is no data/sources/x.yaml", "")
