"""`quizapp lint`: item-writing faults in bank files, one `FILE:LINE:COL: warning: ...` per finding.

Each rule (quizapp/bank/lint/rules.py) comes from the item-writing guide (docs/authoring.md, "Writing
good items", after the NBME item-writing guide and SuperMemo's rules of formulating knowledge). A
question waives a rule for itself with a reason:

    lint: {negative-stem: "the question is about the one drug that is not an NMDA antagonist"}

The lint reads the positioned YAML itself, so each finding points at the option or key at fault.
"""

from quizapp.bank.lint.engine import Finding, lint_paths
from quizapp.bank.lint.rules import RULES, Rule

__all__ = ["RULES", "Finding", "Rule", "lint_paths"]
