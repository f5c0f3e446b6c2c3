"""The `briefs` command: validate the data, list and build briefs, maintain reference tables.

Every command works on the project that holds the working folder (the nearest folder, up from
it, that holds data/ and notebooks/), or on the one --project DIR names; with none, it says where
it looked and exits with 2.

Exit codes of `briefs build` and `briefs list`: 0 all went well; 1 a brief failed (the others
were built); 2 bad data or parameters (nothing was built); 3 the environment failed the build
(the file system, a missing tool, another build holding build/); 130 interrupted (Ctrl-C).
Output piped into a command that stops reading (`| head -1`) never changes the exit code."""
from __future__ import annotations

import argparse
import math
import os
import sys


def _validate(args: argparse.Namespace) -> int:
    from migration_briefs import load
    from migration_briefs.errors import DataValidationError
    from migration_briefs.model.reference import load_drafting
    try:
        dataset = load()
        load_drafting(dataset.reference)  # the tables `briefs draft` reads are data too
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        print("Validation failed: fix the problems above and run `make validate` again.", file=sys.stderr)
        return 1
    print("Data OK: " + ", ".join(f"{n} {name}" for name, n in dataset.summary().items()))
    for line in dataset.draft_summary():  # a warning: drafts are valid data that no brief is built from
        print(f"warning: {line}: no brief is built from them until a person confirms them (see the file's "
              "comments)")
    from migration_briefs.sources.coverage import coverage
    print(coverage().summary())  # uncited paragraphs are a warning, not an error
    return 0


def _schema(args: argparse.Namespace) -> int:
    from migration_briefs.model.schema import write_schema
    print(f"wrote {write_schema()}")
    return 0


def _import_reference(args: argparse.Namespace) -> int:
    from pathlib import Path

    from migration_briefs.model.reference import UPSTREAM_FILES, UpstreamError, import_reference
    from migration_briefs.paths import relative_to_root
    upstream = Path(args.upstream).expanduser()
    missing = [name for name in UPSTREAM_FILES if not (upstream / name).is_file()]
    if missing:
        print(f"{args.upstream}: {', '.join(missing)} not found; give the folder of open-sdg's English SDG files, "
              "for example --from tests/fixtures/sdg. Nothing was written.", file=sys.stderr)
        return 2
    try:
        written = import_reference(upstream)
    except UpstreamError as exc:
        print(f"{exc} Nothing was written.", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {relative_to_root(path)}")
    return 0


def _import_source(args: argparse.Namespace) -> int:
    from pathlib import Path

    from migration_briefs.sources.readers import DocumentError
    from migration_briefs.sources.write import ImportProgress, ImportRefused, import_source
    document = Path(args.file).expanduser()
    try:
        result = import_source(document, name=args.name, write=args.write,
                               progress=ImportProgress(document, sys.stderr))
    except (DocumentError, ImportRefused) as exc:
        print(f"{exc} Nothing was written.", file=sys.stderr)
        return 2
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(result.report())
    return 0


def _meeting(args: argparse.Namespace, command: str) -> int | str | None:
    """The meeting's year `command` was given: --meeting, or --year as the command once took it
    (the only year it knows); SystemExit 2 naming --meeting when both are given and differ."""
    if args.year is not None and args.meeting is not None and str(args.year) != str(args.meeting):
        _error(f"briefs {command}: give the meeting's year once, as --meeting (--year {args.year} and --meeting "
               f"{args.meeting} differ; --year is the year of the work in `briefs build` and `briefs list`).")
        raise SystemExit(2)
    if args.year is not None and args.meeting is None:
        _error(f"briefs {command}: --year here is the meeting's year: write --meeting {args.year} (--year is the "
               "year of the work in `briefs build` and `briefs list`).")
    return args.meeting if args.meeting is not None else args.year


def _draft(args: argparse.Namespace) -> int:
    from migration_briefs.paths import relative_to_root
    from migration_briefs.sources.draft import draft
    from migration_briefs.sources.scaffold import ScaffoldError
    meeting = _meeting(args, "draft")
    if meeting is None:
        _error("briefs draft: give the year of the meeting the paper went to: --meeting YEAR (its file is "
               "data/contributions/<agency>/<year of the meeting>.yaml).")
        return 2
    try:
        path, count = draft(args.agency, meeting, args.source, force=args.force)
    except ScaffoldError as exc:
        print(f"{exc} Nothing was written.", file=sys.stderr)
        return 2
    print(f"wrote {relative_to_root(path)} with {count} draft item{'s' if count != 1 else ''}: check each against "
          "the paper and delete its `draft: true`; `make validate` counts what is left.")
    return 0


def _suggest_targets(args: argparse.Namespace) -> int:
    import json

    from migration_briefs.errors import DataValidationError
    from migration_briefs.sources.suggest import MAX_CHARACTERS, suggest_targets
    try:
        suggest_targets("")  # the reference tables, read and checked before any input
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        return 2
    stream = sys.stdin if args.file == "-" else None
    try:
        handle = stream or open(args.file, encoding="utf-8", errors="replace")
    except OSError as exc:
        print(f"{args.file}: {exc.strerror or exc}; give a text file with one text per line, or - for "
              "standard input.", file=sys.stderr)
        return 2
    with handle:
        while True:
            # a line is read in bounded pieces: only its start is ranked, the rest is skipped
            line = handle.readline(MAX_CHARACTERS)
            if not line:
                break
            if not line.endswith("\n"):
                while (rest := handle.readline(MAX_CHARACTERS)) and not rest.endswith("\n"):
                    pass
            found = suggest_targets(line.strip())
            print(json.dumps([s.to_json() for s in found], ensure_ascii=False))
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from migration_briefs.sources.coverage import coverage
    print(coverage(agency=args.agency, meeting=_meeting(args, "coverage")).details())
    return 0


def _edit(args: argparse.Namespace) -> int:
    """One change of the review to a contribution file (sources/review.py): made, checked and
    written, or refused in one located sentence with nothing written."""
    from migration_briefs.errors import EditRefusedError
    from migration_briefs.paths import PROJECT
    from migration_briefs.sources.review import ContributionFile
    try:
        contribution = ContributionFile.open(args.file, PROJECT)
        with contribution.change():
            done = args.edit(contribution, args)
    except EditRefusedError as exc:
        _error(exc)
        return 2
    left = len(contribution.draft_ids())
    print(f"{contribution.name}: {done}; {left} draft item{'s' if left != 1 else ''} left.")
    return 0


def _confirm(contribution, args) -> str:
    if args.meeting:
        contribution.confirm_meeting()
    contribution.confirm(args.ids, reject_targets=args.reject_targets)
    what = ["the meeting"] if args.meeting else []
    what += [f"{len(args.ids)} item{'s' if len(args.ids) != 1 else ''} ({', '.join(args.ids)})"] if args.ids else []
    return "confirmed " + " and ".join(what) if what else "nothing to confirm"


def _drop(contribution, args) -> str:
    contribution.drop(args.ids)
    return f"dropped {len(args.ids)} item{'s' if len(args.ids) != 1 else ''} ({', '.join(args.ids)})"


def _accept_target(contribution, args) -> str:
    from migration_briefs.errors import EditRefusedError
    reason = args.reason
    if args.proposed_reason:
        reason = contribution.reason_for(args.id, args.code)
        if not reason:
            raise EditRefusedError(contribution.name, contribution.line_of(("items", contribution.index(args.id))),
                                   f"no reason is proposed for tying {args.id!r} to {args.code}: no word of the "
                                   "paragraphs it cites is one of the target's",
                                   f'write one: --reason "why the wording of {args.code} covers the item"')
    contribution.accept_target(args.id, args.code, reason)
    return f"tied {args.id!r} to {args.code} (analyst)" + (f" with the proposed reason: {reason}"
                                                             if args.proposed_reason else "")


def _reject_target(contribution, args) -> str:
    contribution.reject_target(args.id, args.codes)
    return f"dropped the target{'s' if len(args.codes) != 1 else ''} {', '.join(args.codes)} of {args.id!r}"


def _set(contribution, args) -> str:
    contribution.set_field(args.id, args.field, args.value)
    return f"set {args.field} of {args.id!r}"


def _remove(contribution, args) -> str:
    for value in args.values:
        contribution.remove_value(args.id, args.field, value)
    return f"removed {args.field} {', '.join(args.values)} of {args.id!r}"


def _add(contribution, args) -> str:
    for value in args.values:
        code, _, role = value.partition(":") if args.field == "countries" else (value, "", "")
        contribution.add_value(args.id, args.field, code, role)
    return f"added {args.field} {', '.join(args.values)} to {args.id!r}"


def _merge(contribution, args) -> str:
    kept = contribution.merge(args.ids)
    return f"merged {', '.join(args.ids[1:])} into {kept!r}"


def _split(contribution, args) -> str:
    new = contribution.split(args.id, paragraphs=args.paragraphs, from_sentence=args.from_sentence, new_id=args.new_id)
    return f"split {new!r} off {args.id!r}"


def _set_meeting(contribution, args) -> str:
    contribution.set_meeting(args.field, args.value)
    return f"set the meeting's {args.field}"


def _add_edits(commands) -> None:
    """The review's changes on the command line: `briefs confirm FILE ID...` and the rest."""
    def command(name: str, edit, help_text: str, description: str = ""):
        parser = commands.add_parser(name, help=help_text, description=description or help_text[:1].upper()
                                     + help_text[1:] + ". Nothing is written unless the result is valid data.")
        parser.add_argument("file", help="the contribution file, data/contributions/<agency>/<year>.yaml")
        parser.set_defaults(run=_edit, edit=edit)
        return parser

    confirm = command("confirm", _confirm, "confirm draft items: take away their `draft: true`")
    confirm.add_argument("ids", nargs="*", metavar="ID", help="the items' ids")
    confirm.add_argument("--reject-targets", action="store_true",
                         help="drop the suggested targets left (without it, an item that still suggests some is refused)")
    confirm.add_argument("--meeting", action="store_true", help="confirm the drafted meeting block too")
    command("drop", _drop, "remove items the drafter got wrong").add_argument("ids", nargs="+", metavar="ID")
    accept = command("accept-target", _accept_target, "tie an item to an SDG target as an analyst, with a reason "
                     "(a suggested target, or any other)")
    accept.add_argument("id", metavar="ID")
    accept.add_argument("code", metavar="CODE", help='the target, e.g. 8.8')
    given = accept.add_mutually_exclusive_group(required=True)
    given.add_argument("--reason", help="one line on why the target's wording covers the item")
    given.add_argument("--proposed-reason", action="store_true",
                       help="the reason the review proposes (from the words the item's paragraphs share with the "
                            "target's wording), printed so that you can read it; `briefs set FILE ID analyst.CODE.reason "
                            "...` changes it")
    reject = command("reject-target", _reject_target, "drop suggested targets (or analyst ties) of an item")
    reject.add_argument("id", metavar="ID")
    reject.add_argument("codes", nargs="+", metavar="CODE")
    setting = command("set", _set, "change a field of an item: year, status, kind, title, summary, id, or a "
                      "record's field (events.1.date, countries.MEX.role, products.1.count, analyst.8.8.reason)")
    setting.add_argument("id", metavar="ID")
    setting.add_argument("field", metavar="FIELD")
    setting.add_argument("value", metavar="VALUE")
    removing = command("remove", _remove, "drop proposed values of an item: mechanisms, partners, groups, "
                       "mainstreaming, outcomes by their text; countries, stated targets by code; events, products "
                       "by their place from 1")
    removing.add_argument("id", metavar="ID")
    removing.add_argument("field", metavar="FIELD")
    removing.add_argument("values", nargs="+", metavar="VALUE")
    adding = command("add", _add, "add values the drafter missed: mechanisms, partners, groups, mainstreaming, "
                     "outcomes, or countries as CODE:ROLE")
    adding.add_argument("id", metavar="ID")
    adding.add_argument("field", metavar="FIELD")
    adding.add_argument("values", nargs="+", metavar="VALUE")
    command("merge", _merge, "merge items into the first (the drafter split one thing in two)").add_argument(
        "ids", nargs="+", metavar="ID")
    split = command("split", _split, "split an item in two (the drafter joined two things): by its paragraphs or "
                    "before a sentence of its summary")
    split.add_argument("id", metavar="ID")
    how = split.add_mutually_exclusive_group(required=True)
    how.add_argument("--paragraphs", nargs="+", metavar="P", help="the paragraphs the new item takes")
    how.add_argument("--from-sentence", type=int, metavar="N", help="the new item starts at sentence N (from 1)")
    split.add_argument("--id", dest="new_id", help="the new item's id (default: the item's id and a number)")
    meeting = command("set-meeting", _set_meeting, "change a field of the meeting block (name, short_name, "
                      "organizer, place, start, end)")
    meeting.add_argument("field", metavar="FIELD")
    meeting.add_argument("value", metavar="VALUE")


def _seconds(value: str) -> float:
    """A number of seconds: finite and not negative."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds such as 60")
    return seconds


def _whole(value: str, what: str) -> int:
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not {what}")
    return int(value)


def _jobs(value: str) -> int:
    return _whole(value, "a number of briefs built at once, such as 2")


def _cell_timeout(value: str) -> int:
    return _whole(value, "a whole number of seconds such as 60")  # nbclient counts whole seconds


def _year(value: str) -> int:
    if not value.isdigit() or len(value) != 4:
        raise argparse.ArgumentTypeError(f"{value!r} is not a four-digit year such as 2018")
    return int(value)


def _formats(value: str) -> tuple[str, ...]:
    """'docx', 'html,pdf' or 'all' as the formats a build writes, in their own order."""
    from migration_briefs.pipeline.run import EVERY_FORMAT
    named = {name.strip().lower() for name in value.split(",") if name.strip()}
    if "all" in named:
        named = (named - {"all"}) | set(EVERY_FORMAT)
    unknown = sorted(named - set(EVERY_FORMAT))
    if unknown or not named:
        what = (f"{value!r} names no format" if not named else f"{unknown[0]!r} is not a format" if len(unknown) == 1
                else f"{', '.join(map(repr, unknown))} are not formats")
        raise argparse.ArgumentTypeError(f"{what} a brief is written in; give one or more of "
                                         f"{', '.join(EVERY_FORMAT)} (comma-separated), or all")
    return tuple(name for name in EVERY_FORMAT if name in named)


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port: give a number from 1 to 65535, such as 8000 "
                                         "(0: any free port)")
    return int(value)


def _filters(args: argparse.Namespace):
    from migration_briefs.pipeline.plan import Filters
    return Filters(year=args.year, agency=args.agency, goal=args.goal, mechanism=args.mechanism,
                   country=args.country)


def _error(message: object) -> None:
    print(message, file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from migration_briefs.errors import (
        BuildEnvironmentError,
        BuildInterruptedError,
        DataValidationError,
        ParameterError,
    )
    from migration_briefs.model.params import NotebookError
    from migration_briefs.pipeline.run import build
    formats = args.formats
    if args.drafts:  # the briefs drafts would give, into preview/, marked DRAFT
        from migration_briefs.pipeline.preview import build_drafts as build
    try:
        report = build(_filters(args), formats=formats, jobs=args.jobs, keep_going=not args.stop,
                       engine=args.engine, log=_error, wait=args.wait, cell_timeout=args.cell_timeout,
                       scheduler=args.scheduler)
    except (DataValidationError, ParameterError, NotebookError) as exc:
        _error(exc)
        _error("Nothing was built; existing briefs are unchanged.")
        return 2
    except BuildInterruptedError as exc:
        _error(exc)
        print(exc.report.summary())
        return 130
    except BuildEnvironmentError as exc:
        _error(exc)
        if exc.report is not None and (exc.report.built or exc.report.failed or exc.report.up_to_date):
            print(exc.report.summary())
        return 3
    print(report.summary() + (" (into preview/, marked DRAFT: not for publication)" if args.drafts else ""))
    if any(failure.environment for failure in report.failed):
        return 3
    return 1 if report.failed else 0


def _list(args: argparse.Namespace) -> int:
    from migration_briefs.errors import DataValidationError, ParameterError, os_error
    from migration_briefs.model.params import NotebookError
    from migration_briefs.paths import PROJECT
    from migration_briefs.pipeline.inputs import Inputs, file_hashes
    from migration_briefs.pipeline.manifest import FAILED_SUFFIX, read_manifest
    from migration_briefs.pipeline.plan import plan_briefs
    from migration_briefs.pipeline.record import brief_state
    build_dir = PROJECT.build_dir
    try:
        hashes = file_hashes(PROJECT.root)
        manifest = read_manifest(build_dir, warn=_error)
        specs, plan = plan_briefs(PROJECT, hashes, _filters(args), manifest, warn=_error)
        inputs = Inputs(hashes, plan.papers)
        for spec in specs:
            state = brief_state(spec, manifest["briefs"].get(spec.relpath), inputs.key(spec),
                                ("html", "pdf"), build_dir)
            if (build_dir / f"{spec.relpath}{FAILED_SUFFIX}").is_file() and state != "up to date":
                state = "failed"
            print(f"{spec.relpath:40} {state}")
    except (DataValidationError, ParameterError, NotebookError) as exc:
        _error(exc)
        return 2
    except OSError as exc:
        _error(os_error(exc, PROJECT.root))
        return 3
    return 0


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    """What `build` and `watch` both take: the formats, the jobs, the time a cell may run."""
    from migration_briefs.pipeline.brief import CELL_TIMEOUT
    parser.add_argument("--to", "--format", dest="formats", type=_formats, default=("html", "pdf"), metavar="FORMATS",
                        help="what each brief is written as: html, pdf, docx (a Word document), several "
                        "comma-separated (html,pdf,docx) or all; default: html,pdf")
    parser.add_argument("--jobs", "-j", type=_jobs, default=os.cpu_count() or 1,
                        help="briefs built at once (never more workers than briefs to build)")
    parser.add_argument("--cell-timeout", type=_cell_timeout, default=CELL_TIMEOUT, metavar="SECONDS",
                        help=f"fail a brief whose cell runs longer than this (default: {CELL_TIMEOUT:g})")


def _add_filters(command: argparse.ArgumentParser) -> None:
    command.add_argument("--year", help="only briefs of the work of this year (not the meeting's year)")
    command.add_argument("--agency", help="only briefs for this agency code (or 'all')")
    command.add_argument("--goal", help="only the brief for this SDG goal")
    command.add_argument("--mechanism", help="only the brief for this mechanism code")
    command.add_argument("--country", help="only the brief for this country (ISO 3166-1 alpha-3 code)")


def _check_links(args: argparse.Namespace) -> int:
    from migration_briefs.paths import PROJECT
    from migration_briefs.pipeline.links import broken_links
    if not PROJECT.build_dir.is_dir():
        _error("build/ does not exist yet: run `make` first.")
        return 2
    broken = broken_links(PROJECT.build_dir)
    for line in broken:
        print(line)
    print(f"{len(broken)} broken link{'s' if len(broken) != 1 else ''} in build/")
    return 1 if broken else 0


def _serve(args: argparse.Namespace) -> int:
    from migration_briefs.paths import PROJECT
    from migration_briefs.pipeline.serve import serve
    if not PROJECT.build_dir.is_dir():
        _error("build/ does not exist yet: run `make` first.")
        return 2
    serve(PROJECT.build_dir, args.port)
    return 0


def _watch(args: argparse.Namespace) -> int:
    from migration_briefs.paths import PROJECT
    from migration_briefs.pipeline.watch import watch
    options = [item for name in ("year", "agency", "goal", "mechanism", "country") if getattr(args, name)
               for item in (f"--{name}", getattr(args, name))]
    options += ["--to", ",".join(args.formats), "--jobs", str(args.jobs), "--cell-timeout", str(args.cell_timeout)]
    try:
        watch(PROJECT.root, options)
    except KeyboardInterrupt:
        pass
    print("watch: stopped")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="briefs", description=__doc__)
    root.add_argument("--project", metavar="DIR",
                      help="the project's folder, which holds data/ and notebooks/ (default: the working folder "
                      "or the nearest folder above it that holds both, as git finds a repository)")
    commands = root.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check every data file and print a one-line summary"
                        ).set_defaults(run=_validate)
    build = commands.add_parser("build", help="build the briefs that are missing or out of date")
    _add_filters(build)
    _add_build_options(build)
    build.add_argument("--stop", action="store_true", help="stop at the first failed brief")
    build.add_argument("--engine", choices=["warm", "fresh"], default="warm",
                       help="reuse one kernel per worker (warm) or start one per brief (fresh)")
    build.add_argument("--scheduler", metavar="ADDRESS",
                       help="make each brief a task of the Dask cluster whose scheduler is at ADDRESS "
                       "(tcp://host:8786, or the file `dask scheduler --scheduler-file` writes); its workers need "
                       "this environment, not this checkout (docs/cluster.md)")
    build.add_argument("--wait", type=_seconds, metavar="SECONDS",
                       help="wait at most this long for another build of build/ to finish "
                       "(default: as long as it takes; 0: not at all)")
    build.add_argument("--drafts", action="store_true",
                       help="build the briefs drafts would give too, into preview/ (not build/), every page marked "
                       "DRAFT and every unconfirmed item marked as such")
    build.set_defaults(run=_build)
    listing = commands.add_parser("list", help="show the planned briefs and whether each is up to date")
    _add_filters(listing)
    listing.set_defaults(run=_list)
    commands.add_parser("check-links", help="check that every link of every page and PDF in build/ resolves"
                        ).set_defaults(run=_check_links)
    serving = commands.add_parser("serve", help="serve build/ on this machine only (http://127.0.0.1:8000/), to "
                                  "read the site as its readers will")
    serving.add_argument("--port", type=_port, default=8000, help="the port to listen on (default: 8000)")
    serving.set_defaults(run=_serve)
    watching = commands.add_parser(
        "watch", help="build, then build again what changed on each save under data/, notebooks/ and src/",
        description="Build the briefs (as `briefs build` with the same options), then watch data/, notebooks/ and "
                    "src/ and build again after each save: only the briefs whose inputs changed are rebuilt. A "
                    "failed build keeps the previous outputs and the watch goes on; Ctrl-C stops it.")
    _add_filters(watching)
    _add_build_options(watching)
    watching.set_defaults(run=_watch)
    commands.add_parser("schema", help="regenerate data/schema/contribution.schema.json from the model"
                        ).set_defaults(run=_schema)
    upstream = commands.add_parser("import-reference", help="regenerate the SDG and country tables from upstream")
    upstream.add_argument("--from", dest="upstream", required=True, metavar="FOLDER",
                          help="open-sdg's English SDG files (global_*.yml and LICENSE), e.g. tests/fixtures/sdg")
    upstream.set_defaults(run=_import_reference)
    importing = commands.add_parser(
        "import-source", help="turn a document (.pdf, .docx, .md, .txt) into data/sources/<name>.yaml",
        description="Write data/sources/<name>.yaml from a document, one entry per paragraph with a "
                    "stable id. If the file exists, show what changed (ids are kept) and write only "
                    "with --write.")
    importing.add_argument("file", help="the document, wherever it is (a download folder)")
    importing.add_argument("--name", help="the source's name: data/sources/<name>.yaml "
                                          "(default: made from the file name)")
    importing.add_argument("--write", action="store_true", help="apply the changes to an existing source")
    importing.set_defaults(run=_import_source)
    drafting = commands.add_parser(
        "draft", help="draft data/contributions/<agency>/<year>.yaml from an imported source, for a person to check",
        description="Draft a contribution file from an imported source text: one draft item per activity, "
                    "commitment or outcome the paper reports, with the SDGs, mechanisms, countries, partners, "
                    "events and products it names and the targets it suggests, each with the words it rests on. "
                    "Never overwrites without --force; with it, keeps what a person confirmed.")
    drafting.add_argument("--source", required=True, help="the source's name in data/sources/ (without .yaml)")
    drafting.add_argument("--agency", required=True, help="agency code from data/reference/agencies.yaml")
    drafting.add_argument("--meeting", type=_year, metavar="YEAR",
                          help="the year of the meeting the paper went to (required)")
    drafting.add_argument("--year", type=_year, help=argparse.SUPPRESS)  # what --meeting was called
    drafting.add_argument("--force", action="store_true",
                          help="draft an existing file again, keeping its confirmed items and the fields above items")
    drafting.set_defaults(run=_draft)
    suggesting = commands.add_parser(
        "suggest-targets", help="print, for each line of a file, the SDG targets it suggests, as JSON",
        description="Read one text per line and print, per line, a JSON array of the SDG targets the text "
                    "suggests, best first: {\"code\": \"8.8\", \"goal\": 8, \"score\": 0.41, \"matched\": [...]}; "
                    "an empty array where it suggests none.")
    suggesting.add_argument("file", help="a text file, one text per line, or - for standard input")
    suggesting.set_defaults(run=_suggest_targets)
    covered = commands.add_parser("coverage", help="list, per contribution, the paragraphs nothing cites yet")
    covered.add_argument("--agency", help="only this agency's contributions")
    covered.add_argument("--meeting", metavar="YEAR", help="only the contributions to the meeting of this year")
    covered.add_argument("--year", help=argparse.SUPPRESS)  # what --meeting was called
    covered.set_defaults(run=_coverage)
    _add_edits(commands)
    return root


class _PipeSafe:
    """A standard stream that, once its reader has gone (`| head -1`), drops what is written
    instead of raising BrokenPipeError, so the command finishes and exits with its own code."""

    def __init__(self, stream):
        self._stream = stream
        self._gone = False

    def _drop(self) -> None:
        self._gone = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())  # what is still buffered goes nowhere at exit
        os.close(devnull)

    def write(self, text: str) -> int:
        if not self._gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._drop()
        return len(text)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._drop()

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _run(args: argparse.Namespace) -> int:
    """Run the command; what a command does not report itself (a file-system fault, a link on
    the way to a file it writes) is one sentence too, never a traceback: exit 3 for the
    environment's fault, 2 for the input's."""
    from migration_briefs import paths
    from migration_briefs.errors import BriefsError, BuildEnvironmentError, ProjectNotFoundError, os_error
    try:
        project = paths.use_project(args.project) if args.project else paths.default_project()
    except ProjectNotFoundError as exc:
        _error(exc)
        return 2
    try:
        from migration_briefs.extras import require
        require(args.command)  # an optional part it needs and lacks is one sentence, exit 3
        if getattr(args, "scheduler", None):
            require("build --scheduler")
        if "docx" in (getattr(args, "formats", None) or ()):
            require("build --to docx")
        return args.run(args)
    except OSError as exc:
        _error(os_error(exc, project.root))
    except BuildEnvironmentError as exc:
        _error(exc)
    except BriefsError as exc:
        _error(exc)
        return 2
    return 3


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _PipeSafe(sys.stdout), _PipeSafe(sys.stderr)
    try:
        code = _run(args)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        sys.stdout, sys.stderr = streams
    return code


if __name__ == "__main__":
    sys.exit(main())
