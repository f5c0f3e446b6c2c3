"""migration briefs: structured data and reproducible briefs on gender mainstreaming in migration.

Importing the package stays cheap; heavy libraries are imported where they are used.
"""
from migration_briefs.errors import BriefsError, DataValidationError, ParameterError, Problem

__all__ = ["load", "BriefsError", "DataValidationError", "ParameterError", "Problem"]


def load(root=None):
    """Load and validate every file under data/ (see migration_briefs.model.loader.load)."""
    from migration_briefs.model.loader import load as _load
    return _load(root)
