"""`quizapp sync [FOLDER]`: sync progress with the student's other computers through a folder they share."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _cmd_sync(args: argparse.Namespace) -> int:
    from quizapp import paths
    from quizapp.study import StudyService
    from quizapp.study.devicesync import sync_folder

    with StudyService.open(paths.data_dir(args.data_dir)) as service:
        folder = args.folder or service.settings.get("sync_folder")
        if not folder:
            print("error: no folder given and no sync folder set: run `quizapp sync FOLDER` (add --remember to "
                  "keep it for the app), or choose one in the app's Settings, Sync tab", file=sys.stderr)
            return 2
        folder = Path(folder).expanduser()
        if args.remember:
            service.settings.set("sync_folder", str(folder.resolve()))
        result = sync_folder(service, folder)
    news = [line for line in result.lines() if line not in result.problems and line != result.error]
    for line in news:
        print(line)
    for line in result.problems:
        print(f"warning: {line}", file=sys.stderr)
    if result.error:
        print(f"error: {result.error}", file=sys.stderr)
    return 0 if result.ok else 1


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("sync", parents=[common], help="sync progress with your other computers through a shared folder",
                       description="Writes this computer's new answers (and undos, card actions, settings, exams) "
                                   "to FOLDER/quizapp/<this computer>/ and merges the other computers' files; "
                                   "cards are then rescheduled from the merged answers. FOLDER is one your "
                                   "computers already share (Syncthing, Nextcloud, Dropbox, OneDrive, a USB stick); "
                                   "docs/sync.md says more. Exit status 1 if a file was skipped or the folder "
                                   "could not be written (your progress here is kept either way).")
    p.add_argument("folder", nargs="?", type=Path, default=None,
                   help="the shared folder (default: the app's Sync folder setting)")
    p.add_argument("--remember", action="store_true", help="also make FOLDER the app's Sync folder")
    p.set_defaults(func=_cmd_sync)
