"""`quizapp progress-export` and `progress-import`: all of a student's progress as one JSON file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.store.transfer import ImportPlan


def _titles(folder: Path) -> set[str]:
    from quizapp.bank.loader import load_banks

    return {b.title for b in load_banks([folder]).banks} if folder.is_dir() else set()


def _cmd_progress_export(args: argparse.Namespace) -> int:
    from quizapp import paths
    from quizapp.files import NotARegularFile, require_regular
    from quizapp.store.transfer import export_progress
    from quizapp.store.transfer_banks import BankFolder, remembered
    from quizapp.study import StudyService

    try:
        require_regular(args.output, missing_ok=True)  # renaming over /dev/null would replace the device
    except NotARegularFile as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    data = paths.data_dir(args.data_dir)
    bundled = paths.bundled_questions().resolve()
    # what the app opens: the shipped banks and --banks, else the folders the student added in the app
    own = args.banks or remembered(data) or []
    open_now = paths.bank_set(own, shipped=not getattr(args, "no_shipped_banks", False))
    folders = [BankFolder(str(p.resolve()), tuple(sorted(_titles(p))), p.resolve() == bundled) for p in open_now]
    with StudyService.open(data) as service:
        counts = export_progress(service.store, args.output, service.clock.now(), folders)
    print(f"progress written to {args.output}: {counts['cards']} card(s), {counts['review_log']} review(s), "
          f"{counts['exam_attempts']} exam(s), {counts['practice_log']} practice answer(s), {counts['settings']} "
          f"setting(s), {len(folders)} bank folder(s)")
    return 0


def _restore_folders(args: argparse.Namespace, data: Path, plan: ImportPlan) -> None:
    """Find the file's bank folders here, say which are missing, and have the app open the ones found."""
    from quizapp import paths
    from quizapp.store.transfer_banks import match_folders, remember, remembered

    if not plan.bank_folders:
        return
    here = remembered(data) or []
    matches = match_folders(plan.bank_folders, [*(args.banks or []), *here], _titles, paths.bundled_questions())
    missing = sum(m.found is None for m in matches)
    print(f"bank folders: {len(matches) - missing} found, {missing} not found")
    for m in matches:
        print(m.line())
    shipped = paths.bundled_questions().resolve()
    found = list(dict.fromkeys([*here, *(m.found for m in matches if m.found is not None
                                         and Path(m.found).resolve() != shipped)]))  # the app adds the shipped
    if found != here:
        remember(data, found)
        print("the app opens these bank folders from now on: " + ", ".join(str(f) for f in found))


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
        try:
            backup = apply_import(service.store, plan, service.clock.now(), replace_newer=args.replace_newer)
        except TransferError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            return 1
        _restore_folders(args, paths.data_dir(args.data_dir), plan)  # while the data folder is still locked
    print(f"imported; the database as it was before is in {backup}")
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("progress-export", parents=[common],
                       help="write all study progress to one JSON file (to move computers)")
    p.add_argument("-o", "--output", type=Path, required=True, help="the JSON file to write")
    p.set_defaults(func=_cmd_progress_export)
    p = sub.add_parser("progress-import", parents=[common], help="merge a progress JSON file (a backup is made first)")
    p.add_argument("file", type=Path, help="a file written by progress-export")
    p.add_argument("--replace-newer", action="store_true",
                   help="also replace cards and settings that are newer here than in the file")
    p.set_defaults(func=_cmd_progress_import)
