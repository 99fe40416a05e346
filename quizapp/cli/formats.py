"""`quizapp import` and `quizapp export`: a thin front end over the bank formats."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizapp import paths
from quizapp.bank.formats.base import EXPORTERS, IMPORTERS, FormatError
from quizapp.cli.banks import bank_targets, no_questions
from quizapp.files import NotARegularFile, require_regular


def _cmd_import(args: argparse.Namespace) -> int:
    from quizapp.bank.formats.importing import TargetError, import_file

    refused = paths.read_only_reason(args.output)
    if refused:
        print(f"error: {refused}", file=sys.stderr)
        return 1
    try:
        report = import_file(args.file, args.output, args.format, topic=args.topic, title=args.title,
                             prefix=args.prefix, one_bank=args.one_bank, separator=_separator(args.separator))
    except FormatError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.notes)} error(s); nothing was written", file=sys.stderr)
        return 1
    except (TargetError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    if args.progress:
        return _import_history(args, report.reviews)
    return 0


def _import_history(args: argparse.Namespace, reviews: dict) -> int:
    """--progress: the package's review history into the student's progress, merged as a progress file is."""
    from quizapp import paths
    from quizapp.store.transfer import TransferError, apply_import, plan_import
    from quizapp.store.transfer_history import history_progress
    from quizapp.study import StudyService

    if not reviews:
        print("the file carries no review history; no progress imported")
        return 0
    with StudyService.open(paths.data_dir(args.data_dir)) as service:
        try:
            data = history_progress(reviews, service.srs(), service.clock.now(), source=str(args.file))
        except TransferError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            return 1
        plan = plan_import(service.store, data)
        print(f"review history: {plan.summary()}")
        backup = apply_import(service.store, plan, service.clock.now())
    print(f"review history imported; the database as it was before is in {backup}")
    return 0


def _separator(text: str | None) -> str | None:
    """--separator as typed: a character, or a name (tab, comma, semicolon...), or an escape like '\\t'."""
    if text is None:
        return None
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "colon": ":", "space": " "}
    return named.get(text.casefold(), text)


def _cmd_export(args: argparse.Namespace) -> int:
    from quizapp.bank.formats.anki import AnkiExport
    from quizapp.bank.loader import load_banks

    targets = bank_targets(args, args.paths)
    loaded = load_banks(targets)
    for problem in loaded.errors:
        print(problem, file=sys.stderr)
    if loaded.errors:
        print(f"{len(loaded.errors)} error(s) in the banks; questions with errors are left out", file=sys.stderr)
    if no_questions(len(loaded.questions), targets):
        return 1
    exporter = AnkiExport(args.deck) if args.format == "anki" else EXPORTERS[args.format]()
    out = args.output or Path(f"quizapp{exporter.extension}")
    try:
        require_regular(out, missing_ok=True)  # a FIFO would block, a device swallow the deck
        result = exporter.export(loaded, out)
    except NotARegularFile as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write {out}: {exc}", file=sys.stderr)
        return 1
    for note in result.notes:
        print(note.render(str(out)))
    print(f"{result.written} question(s) written to {out}; {len(result.notes)} note(s)")
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[common],
                       help="convert a GIFT, Moodle XML, Aiken, CSV, Anki or Quizlet file into question banks (YAML)")
    p.add_argument("file", type=Path, help="the file to convert")
    p.add_argument("--format", choices=sorted(IMPORTERS), help="its format (default: from the extension)")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="bank file to write, e.g. ~/my-banks/new.yaml (appended to if it exists; not inside the "
                        "shipped banks); with several categories or decks, one bank each: new-<topic>.yaml "
                        "beside it, or <topic>.yaml in it "
                        "when it names a folder")
    p.add_argument("--one-bank", action="store_true",
                   help="merge all categories or decks into the one bank -o names (the others become tags)")
    p.add_argument("--separator", metavar="SEP",
                   help="Quizlet and two-column text: what separates the two columns (default: a tab; "
                        "'comma', 'semicolon' or any character)")
    p.add_argument("--progress", action="store_true",
                   help="Anki package with scheduling: also import each card's review history into your progress "
                        "(--data-dir), replayed through the app's own scheduling; a backup is made first")
    p.add_argument("--topic", help="topic id of the new bank (default: the category or deck, else the file name)")
    p.add_argument("--title", help="title of the new bank (default: the category or deck)")
    p.add_argument("--prefix", help="start of the generated question ids (default: the topic)")
    p.set_defaults(func=_cmd_import)
    p = sub.add_parser("export", parents=[common],
                       help="write question banks as an Anki deck (.apkg), Moodle XML or Moodle GIFT")
    p.add_argument("paths", nargs="*", type=Path, help="bank folders or files (default: the shipped banks)")
    p.add_argument("--format", choices=sorted(EXPORTERS), required=True)
    p.add_argument("-o", "--output", type=Path,
                   help="file to write (default: quizapp.apkg / quizapp.xml / quizapp.gift)")
    p.add_argument("--deck", default="quizapp", help="Anki: parent deck; each topic becomes a sub-deck")
    p.set_defaults(func=_cmd_export)
