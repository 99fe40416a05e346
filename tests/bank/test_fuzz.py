"""Random and mutated YAML never makes the loader raise; every problem points at a line."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.bank.loader import load_banks

SAMPLE = (Path(__file__).parent / "fixtures" / "valid" / "every_type.yaml").read_text(encoding="utf-8")
_TMP = Path(tempfile.mkdtemp(prefix="quizapp-fuzz-"))


def _load(text: str):
    (_TMP / "bank.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    return load_banks([_TMP])


def _check(result, text: str) -> None:
    n_lines = len(re.split(r"\r\n|[\n\r\x85\u2028\u2029]", text)) + 1  # YAML's own line breaks
    for p in result.problems:
        assert 1 <= p.line <= n_lines, str(p)
        assert p.column >= 1 and p.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_sample_never_crashes(data) -> None:
    text = SAMPLE
    for _ in range(data.draw(st.integers(1, 6))):
        op = data.draw(st.sampled_from(["delete", "insert", "swap_lines", "dup_line"]))
        lines = text.split("\n")
        i = data.draw(st.integers(0, max(0, len(text) - 1)))
        if op == "delete":
            text = text[:i] + text[i + data.draw(st.integers(1, 20)):]
        elif op == "insert":
            text = text[:i] + data.draw(st.sampled_from([*list(":-[]{}|>&*!%@`'\"#\t\n ,?"), "{{", "}}"])) + text[i:]
        elif op == "swap_lines" and len(lines) > 2:
            a, b = data.draw(st.integers(0, len(lines) - 1)), data.draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        elif op == "dup_line":
            a = data.draw(st.integers(0, len(lines) - 1))
            lines.insert(a, lines[a])
            text = "\n".join(lines)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return
    _check(_load(text), text)


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20))
yaml_values = st.recursive(yaml_scalars, lambda c: st.lists(c, max_size=4) | st.dictionaries(
    st.text(max_size=10), c, max_size=4), max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "topic", "questions", "sources", "x"]), yaml_values)
       .map(lambda d: {**d, "questions": d.get("questions", [])}))
def test_random_structures_never_crash(doc) -> None:
    import yaml

    text = yaml.safe_dump(doc, allow_unicode=True)
    _check(_load(text), text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_crashes(text) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return
    _check(_load(text), text)
