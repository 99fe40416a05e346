"""`quizapp import` and `quizapp export`: a thin front end over the bank formats."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizapp.bank.formats.base import EXPORTERS, IMPORTERS, FormatError
from quizapp.cli.banks import bank_targets
from quizapp.files import NotARegularFile, require_regular


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

    loaded = load_banks(bank_targets(args, args.paths))
    for problem in loaded.errors:
        print(problem, file=sys.stderr)
    if loaded.errors:
        print(f"{len(loaded.errors)} error(s) in the banks; questions with errors are left out", file=sys.stderr)
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
    p = sub.add_parser("import", parents=[common], help="convert a GIFT, Aiken or CSV file into a question bank (YAML)")
    p.add_argument("file", type=Path, help="the file to convert")
    p.add_argument("--format", choices=sorted(IMPORTERS), help="its format (default: from the extension)")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="bank file to write, e.g. questions/new.yaml (appended to if it exists)")
    p.add_argument("--topic", help="topic id of the new bank (default: GIFT category, else the file name)")
    p.add_argument("--title", help="title of the new bank")
    p.add_argument("--prefix", help="start of the generated question ids (default: the topic)")
    p.set_defaults(func=_cmd_import)
    p = sub.add_parser("export", parents=[common], help="write question banks as an Anki deck (.apkg) or Moodle GIFT")
    p.add_argument("paths", nargs="*", type=Path, help="bank folders or files (default: the shipped banks)")
    p.add_argument("--format", choices=sorted(EXPORTERS), required=True)
    p.add_argument("-o", "--output", type=Path, help="file to write (default: quizapp.apkg / quizapp.gift)")
    p.add_argument("--deck", default="quizapp", help="Anki: parent deck; each topic becomes a sub-deck")
    p.set_defaults(func=_cmd_export)
