"""`quizapp check` and `quizapp schema`: validating banks and describing their format."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quizapp import paths


def bank_targets(args: argparse.Namespace, positional: list[Path] | None = None) -> list[Path]:
    """The banks a command works on: its own PATH arguments alone, else the shipped banks plus --banks
    (the same set as `quizapp --banks …` opens; --no-shipped-banks leaves the shipped ones out)."""
    if positional:
        return list(positional)
    return paths.bank_set(getattr(args, "banks", None) or (), shipped=not getattr(args, "no_shipped_banks", False))


def no_questions(count: int, targets: list[Path]) -> bool:
    """Say so on stderr when the banks hold no question at all (True): a command then exits non-zero
    instead of printing empty tables or writing an empty deck."""
    if count:
        return False
    where = ", ".join(str(t) for t in targets) or "(no bank folder given)"
    print(f"error: no questions found in {where}", file=sys.stderr)
    return True


def _cmd_check(args: argparse.Namespace) -> int:
    from quizapp.bank import audit
    from quizapp.bank.coverage import coverage_table, summary
    from quizapp.bank.loader import load_banks
    from quizapp.study.blueprint import load_blueprints

    targets = bank_targets(args, args.paths)
    result = load_banks(targets)
    folders = [t for t in targets if t.is_dir()]
    for folder in folders:
        _blueprints, problems = load_blueprints(folder, result.questions)
        result.problems.extend(problems)
    result.problems.extend(audit.compare(result.questions, folders))
    for problem in result.problems:
        if problem.severity == "error" or not args.quiet:
            print(problem)
    if args.stats:
        print(coverage_table(result))
    print(summary(result), file=sys.stderr if args.stats else sys.stdout)
    failed = result.errors or (args.strict and result.warnings)
    return 1 if failed or no_questions(len(result.questions), targets) else 0


def _cmd_lint(args: argparse.Namespace) -> int:
    from quizapp.bank.lint import RULES, lint_paths

    if args.rules:
        for rule in RULES:
            print(f"{rule.name:18} {rule.summary}\n{'':18} guide: {rule.guide}")
        return 0
    targets = bank_targets(args, args.paths)
    findings = lint_paths(targets)
    if args.class_report:
        from quizapp.bank.lint.class_report import ReportError, class_findings, read_report
        from quizapp.bank.loader import load_banks

        try:
            report = read_report(args.class_report)
        except ReportError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        findings += class_findings(report, load_banks(targets).questions)
    for finding in findings:
        print(finding)
    files = len({f.file for f in findings})
    print(f"{len(findings)} finding(s) in {files} file(s)" if findings else "no findings", file=sys.stderr)
    return 1 if findings else 0


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
    p = sub.add_parser("lint", parents=[common],
                       help="item-writing faults in banks (cues, negatives, key position...); FILE:LINE:COL each")
    p.add_argument("paths", nargs="*", type=Path, help="bank folders or files (default: the shipped banks)")
    p.add_argument("--rules", action="store_true", help="list the rules and where the guide states each")
    p.add_argument("--class-report", type=Path, metavar="FILE",
                   help="also the items a class flagged (the JSON of `quizapp class report URL --json`)")
    p.set_defaults(func=_cmd_lint)
    p = sub.add_parser("schema", parents=[common], help="print the JSON Schema of the bank format (for editors)")
    p.set_defaults(func=_cmd_schema)
