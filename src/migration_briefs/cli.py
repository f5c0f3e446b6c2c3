"""The `briefs` command: validate the data, list and build briefs, maintain reference tables."""
from __future__ import annotations

import argparse
import sys


def _validate(args: argparse.Namespace) -> int:
    from . import load
    from .errors import DataValidationError
    try:
        dataset = load()
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        print("Validation failed: fix the problems above and run `make validate` again.", file=sys.stderr)
        return 1
    print("Data OK: " + ", ".join(f"{n} {name}" for name, n in dataset.summary().items()))
    return 0


def _schema(args: argparse.Namespace) -> int:
    from .schema import write_schema
    print(f"wrote {write_schema()}")
    return 0


def _import_reference(args: argparse.Namespace) -> int:
    from .paths import relative_to_root
    from .reference import import_reference
    for path in import_reference():
        print(f"wrote {relative_to_root(path)}")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="briefs", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check every data file and print a one-line summary"
                        ).set_defaults(run=_validate)
    commands.add_parser("schema", help="regenerate data/schema/contribution.schema.json from the model"
                        ).set_defaults(run=_schema)
    commands.add_parser("import-reference", help="regenerate the SDG and country tables from upstream"
                        ).set_defaults(run=_import_reference)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
