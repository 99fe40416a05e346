"""The `quizapp` command: the GUI by default, sub-commands for scripts and instructors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from quizapp import __version__, paths


def _cmd_check(args: argparse.Namespace) -> int:
    from quizapp.bank.coverage import coverage_table, summary
    from quizapp.bank.loader import load_banks
    from quizapp.study.blueprint import load_blueprints

    targets = args.paths or [Path("questions")]
    result = load_banks(targets)
    for folder in (t for t in targets if t.is_dir()):
        _blueprints, problems = load_blueprints(folder, result.questions)
        result.problems.extend(problems)
    for problem in result.problems:
        if problem.severity == "error" or not args.quiet:
            print(problem)
    if args.stats:
        print(coverage_table(result))
    print(summary(result), file=sys.stderr if args.stats else sys.stdout)
    failed = result.errors or (args.strict and result.warnings)
    return 1 if failed else 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from quizapp.bank.schema import bank_schema

    print(json.dumps(bank_schema(), indent=2))
    return 0


def _cmd_gui(args: argparse.Namespace) -> int:
    from quizapp.ui.app import run

    return run(data_dir=paths.data_dir(args.data_dir), bank_paths=args.banks or None)


def _add_check(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="validate question banks; prints FILE:LINE:COL: message per problem")
    p.add_argument("paths", nargs="*", type=Path, help="bank folders or files (default: questions/)")
    p.add_argument("--stats", action="store_true", help="print the coverage table (topic x type)")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only, not warnings")
    p.set_defaults(func=_cmd_check)


def _add_schema(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the bank format (for editors)")
    p.set_defaults(func=_cmd_schema)


def _add_import_export(sub: argparse._SubParsersAction) -> None:
    from quizapp.bank.formats.commands import add_export, add_import, add_progress

    add_import(sub)
    add_export(sub)
    add_progress(sub)


def _add_stats(sub: argparse._SubParsersAction) -> None:
    from quizapp.study.stats_cli import add_stats_command

    add_stats_command(sub)


# Each sub-command registers itself here: (name, function that adds its parser).
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [_add_check, _add_schema, _add_import_export,
                                                                _add_stats]


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; commands=False: only the app's own options (no sub-command imported)."""
    parser = argparse.ArgumentParser(prog="quizapp", description="Study ketamine pharmacology offline.",
                                     add_help=commands)
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    parser.add_argument("--data-dir", help=f"where progress is kept (default: ${paths.ENV_DATA_DIR} "
                                           "or the platform's user data folder)")
    parser.add_argument("--banks", nargs="+", type=Path, help="question folders to open in the app")
    if commands:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND")
        for add in COMMANDS:
            add(sub)
    parser.set_defaults(func=_cmd_gui)
    return parser


def _parse(argv: list[str] | None) -> argparse.Namespace:
    # Registering the sub-commands imports their modules (the whole study layer, ≈0.3 s): starting
    # the app needs none of them, so a command line with nothing but the app's options skips them.
    app, rest = build_parser(commands=False).parse_known_args(argv)
    return build_parser().parse_args(argv) if rest else app


def _plain_error(exc: Exception) -> str | None:
    """One line for failures the user can act on (progress store, files, disk); None for a bug."""
    errors = sys.modules.get("quizapp.store.errors")  # loaded only if the command opened the store
    if errors is not None and isinstance(exc, errors.StoreError):
        return exc.message
    if isinstance(exc, OSError):
        return f"cannot use {exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc)
    return None


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        message = _plain_error(exc)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return 1
