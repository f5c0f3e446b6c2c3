"""The JSON Schema published for editors of contribution files, generated from the model."""
from __future__ import annotations

import json

from migration_briefs import paths
from migration_briefs.files import write_atomic
from migration_briefs.model.models import Contribution


def contribution_schema() -> dict:
    schema = Contribution.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "contribution.schema.json"
    schema["title"] = "Contribution"
    return schema


def schema_text() -> str:
    return json.dumps(contribution_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schema() -> str:
    project = paths.PROJECT
    write_atomic(project.contribution_schema, schema_text().encode("utf-8"))
    return project.relative(project.contribution_schema)
