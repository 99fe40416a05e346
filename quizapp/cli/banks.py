"""`quizapp check` and `quizapp schema`: validating banks and describing their format."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quizapp import paths


def bank_targets(args: argparse.Namespace, positional: list[Path] | None = None) -> list[Path]:
    """The banks a command works on: its own PATH arguments, else --banks, else the shipped banks
    (the same default as the app)."""
    return list(positional or getattr(args, "banks", None) or [paths.bundled_questions()])


def _cmd_check(args: argparse.Namespace) -> int:
    from quizapp.bank.coverage import coverage_table, summary
    from quizapp.bank.loader import load_banks
    from quizapp.study.blueprint import load_blueprints

    targets = bank_targets(args, args.paths)
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


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("check", parents=[common],
                       help="validate question banks; prints FILE:LINE:COL: message per problem")
    p.add_argument("paths", nargs="*", type=Path, help="bank folders or files (default: the shipped banks)")
    p.add_argument("--stats", action="store_true", help="print the coverage table (topic x type)")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only, not warnings")
    p.set_defaults(func=_cmd_check)
    p = sub.add_parser("schema", parents=[common], help="print the JSON Schema of the bank format (for editors)")
    p.set_defaults(func=_cmd_schema)
