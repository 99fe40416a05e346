"""The `quizapp import` and `quizapp export` sub-commands (a thin front end over the formats)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizapp.bank.formats.base import EXPORTERS, IMPORTERS, FormatError


def _cmd_import(args: argparse.Namespace) -> int:
    from quizapp.bank.formats.importing import TargetError, import_file

    try:
        report = import_file(args.file, args.output, args.format, topic=args.topic, title=args.title,
                             prefix=args.prefix)
    except FormatError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.notes)} error(s); nothing was written", file=sys.stderr)
        return 1
    except (TargetError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from quizapp.bank.formats.anki import AnkiExport
    from quizapp.bank.loader import load_banks

    loaded = load_banks(args.paths or [Path("questions")])
    for problem in loaded.errors:
        print(problem, file=sys.stderr)
    if loaded.errors:
        print(f"{len(loaded.errors)} error(s) in the banks; questions with errors are left out", file=sys.stderr)
    exporter = AnkiExport(args.deck) if args.format == "anki" else EXPORTERS[args.format]()
    out = args.output or Path(f"quizapp{exporter.extension}")
    try:
        result = exporter.export(loaded, out)
    except OSError as exc:
        print(f"error: cannot write {out}: {exc}", file=sys.stderr)
        return 1
    for note in result.notes:
        print(note.render(str(out)))
    print(f"{result.written} question(s) written to {out}; {len(result.notes)} note(s)")
    return 0


def add_import(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="convert a GIFT, Aiken or CSV file into a question bank (YAML)")
    p.add_argument("file", type=Path, help="the file to convert")
    p.add_argument("--format", choices=sorted(IMPORTERS), help="its format (default: from the extension)")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="bank file to write, e.g. questions/new.yaml (appended to if it exists)")
    p.add_argument("--topic", help="topic id of the new bank (default: GIFT category, else the file name)")
    p.add_argument("--title", help="title of the new bank")
    p.add_argument("--prefix", help="start of the generated question ids (default: the topic)")
    p.set_defaults(func=_cmd_import)


def add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write question banks as an Anki deck (.apkg) or Moodle GIFT")
    p.add_argument("paths", nargs="*", type=Path, help="bank folders or files (default: questions/)")
    p.add_argument("--format", choices=sorted(EXPORTERS), required=True)
    p.add_argument("-o", "--output", type=Path, help="file to write (default: quizapp.apkg / quizapp.gift)")
    p.add_argument("--deck", default="quizapp", help="Anki: parent deck; each topic becomes a sub-deck")
    p.set_defaults(func=_cmd_export)


def _cmd_progress_export(args: argparse.Namespace) -> int:
    from quizapp import paths
    from quizapp.store.transfer import export_progress
    from quizapp.study import StudyService

    with StudyService.open(paths.data_dir(args.data_dir)) as service:
        counts = export_progress(service.store, args.output, service.clock.now())
    print(f"progress written to {args.output}: {counts['cards']} card(s), {counts['review_log']} review(s), "
          f"{counts['exam_attempts']} exam(s), {counts['settings']} setting(s)")
    return 0


def _cmd_progress_import(args: argparse.Namespace) -> int:
    from quizapp import paths
    from quizapp.store.transfer import TransferError, apply_import, plan_import, read_progress
    from quizapp.study import StudyService

    try:
        data = read_progress(args.file)
    except TransferError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    with StudyService.open(paths.data_dir(args.data_dir)) as service:
        plan = plan_import(service.store, data)
        print(plan.summary())
        if plan.needs_permission and not args.replace_newer:
            print("Newer data here is kept. Run again with --replace-newer to take the file's version "
                  f"of {len(plan.newer_cards_here)} card(s) and {len(plan.differing_settings)} setting(s).")
        backup = apply_import(service.store, plan, service.clock.now(), replace_newer=args.replace_newer)
    print(f"imported; the database as it was before is in {backup}")
    return 0


def add_progress(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("progress-export", help="write all study progress to one JSON file (to move computers)")
    p.add_argument("-o", "--output", type=Path, required=True, help="the JSON file to write")
    p.set_defaults(func=_cmd_progress_export)
    p = sub.add_parser("progress-import", help="merge a progress JSON file (a backup is made first)")
    p.add_argument("file", type=Path, help="a file written by progress-export")
    p.add_argument("--replace-newer", action="store_true",
                   help="also replace cards and settings that are newer here than in the file")
    p.set_defaults(func=_cmd_progress_import)
