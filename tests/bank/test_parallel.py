"""Big bank sets are parsed by helper processes too; whatever they do, the load is the one a lone process makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizapp.bank import bankfile, parallel
from quizapp.bank.lazy import QuestionHead, QuestionStore
from quizapp.bank.loader import LoadResult, load_banks

FIXTURES = Path(__file__).parent / "fixtures"

BANK = """title: Bank {n}
topic: topic-{n}
questions:
  - id: q{n}-a
    type: true_false
    prompt: "Ketamine is an NMDA receptor antagonist ({n}); line\u2028separator kept."
    answer: true
    explanation: It blocks the channel.
    sources: [gao-2016]
  - id: q{n}-b
    type: single_choice
    prompt: Which drug is the S-enantiomer of ketamine? ({n})
    choices:
      - {{text: Esketamine, correct: true}}
      - {{text: Arketamine, why: That is the R-enantiomer.}}
    explanation: Esketamine is (S)-ketamine.
    sources: [gao-2016]
  - id: shared-id
    type: flashcard
    prompt: Shared id in bank {n}
    back: Only the first one is kept.
    explanation: Duplicate ids are reported.
    sources: [gao-2016]
"""


@pytest.fixture
def banks(tmp_path: Path) -> Path:
    """A folder of eight banks with an image, a duplicate id across files, a broken file and a bad question."""
    folder = tmp_path / "banks"
    shutil.copytree(FIXTURES / "valid", folder)
    for n in range(6):
        (folder / f"bank-{n}.yaml").write_text(BANK.format(n=n), encoding="utf-8")
    (folder / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (folder / "bad-question.yaml").write_text(
        "title: B\ntopic: b\nquestions:\n  - {id: b1, type: numeric, prompt: p, sources: [gao-2016]}\n",
        encoding="utf-8")
    return folder


def _same(a: LoadResult, b: LoadResult) -> None:
    assert a.questions == b.questions
    assert list(a.questions) == list(b.questions)  # same order: it sets the new-card order
    assert a.banks == b.banks
    assert a.problems == b.problems
    assert a.sources == b.sources
    assert a.files == b.files


@pytest.fixture
def helpers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Helpers even for these small files, two of them, on any machine."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setenv("QUIZAPP_PARSE_HELPERS", "2")


def _counting_local_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed_here: list[str] = []
    original = bankfile.parse_file

    def counting(path: Path, shown: str, bank_dir: Path):  # type: ignore[no-untyped-def]
        parsed_here.append(path.name)
        return original(path, shown, bank_dir)

    monkeypatch.setattr(bankfile, "parse_file", counting)
    return parsed_here


def test_helpers_give_the_same_load_and_cache(banks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              helpers: None) -> None:
    monkeypatch.setenv("QUIZAPP_PARSE_HELPERS", "0")
    alone = load_banks([banks])
    assert alone.errors and any("duplicate id 'shared-id'" in p.message for p in alone.problems)
    monkeypatch.setenv("QUIZAPP_PARSE_HELPERS", "2")
    parsed_here = _counting_local_parses(monkeypatch)
    shared = load_banks([banks], tmp_path / "cache")
    _same(shared, alone)
    files = len(list(banks.glob("*.yaml"))) - 1  # not sources.yaml
    assert 0 < len(parsed_here) < files / 2  # the helpers did most of the parsing
    parsed_here.clear()
    warm = load_banks([banks], tmp_path / "cache")  # what the helpers parsed was cached like the rest
    _same(warm, alone)
    assert parsed_here == ["broken.yaml"]  # a file without a bank is never cached


def test_a_lazy_load_with_helpers_keeps_heads_only(banks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   helpers: None) -> None:
    monkeypatch.setenv("QUIZAPP_PARSE_HELPERS", "0")
    alone = load_banks([banks])
    monkeypatch.setenv("QUIZAPP_PARSE_HELPERS", "2")
    lazy = load_banks([banks], tmp_path / "cache", lazy=True)
    assert isinstance(lazy.questions, QuestionStore)
    assert all(isinstance(q, QuestionHead) for q in lazy.questions.heads().values())
    assert dict(lazy.questions) == alone.questions and list(lazy.questions) == list(alone.questions)
    assert lazy.problems == alone.problems
    bank_files = len(list(banks.glob("*.yaml"))) - 1  # not sources.yaml
    assert len(list((tmp_path / "cache").glob("*.json"))) == bank_files - 1  # all but broken.yaml


@pytest.mark.parametrize("code", [
    "import sys; sys.exit(3)",  # dies at once
    "import sys; sys.stdin.read(); print('{\"version\": 1}'); print('not json'); sys.exit(0)",  # writes nonsense
    "import sys; sys.stdin.read(); sys.stdout.write('5\\nabcde' * 20)",  # well framed, but not entries
    "import sys; sys.stdin.read(); sys.stdout.write('900\\n{'); sys.stdout.flush(); sys.exit(1)",  # a part, dies
])
def test_a_failing_helper_costs_only_time(banks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          helpers: None, code: str) -> None:
    monkeypatch.setenv("QUIZAPP_PARSE_HELPERS", "0")
    alone = load_banks([banks])
    monkeypatch.setenv("QUIZAPP_PARSE_HELPERS", "2")
    monkeypatch.setattr(parallel, "_HELPER_CODE", code)
    parsed_here = _counting_local_parses(monkeypatch)
    _same(load_banks([banks]), alone)
    files = len(list(banks.glob("*.yaml"))) - 1
    assert len(parsed_here) == files  # this process parsed every file itself
    lazy = load_banks([banks], tmp_path / "cache", lazy=True)  # nothing the helper wrote reaches the cache
    assert dict(lazy.questions) == alone.questions and lazy.problems == alone.problems
    assert len(list((tmp_path / "cache").glob("*.json"))) == files - 1  # all but broken.yaml


def test_a_helper_that_cannot_start(banks: Path, monkeypatch: pytest.MonkeyPatch, helpers: None) -> None:
    monkeypatch.setenv("QUIZAPP_PARSE_HELPERS", "0")
    alone = load_banks([banks])
    monkeypatch.setenv("QUIZAPP_PARSE_HELPERS", "2")
    monkeypatch.setattr(parallel.sys, "executable", str(banks / "no-such-python"))
    _same(load_banks([banks]), alone)


def test_no_room_for_a_helper_s_answers_costs_only_time(banks: Path, monkeypatch: pytest.MonkeyPatch,
                                                        helpers: None) -> None:
    monkeypatch.setenv("QUIZAPP_PARSE_HELPERS", "0")
    alone = load_banks([banks])
    monkeypatch.setenv("QUIZAPP_PARSE_HELPERS", "2")

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tempfile.TemporaryFile", full)
    _same(load_banks([banks]), alone)


def test_small_loads_start_no_helper(banks: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZAPP_PARSE_HELPERS", "2")
    parsed_here = _counting_local_parses(monkeypatch)
    load_banks([banks])  # a few kilobytes: below MIN_PARALLEL_BYTES
    assert len(parsed_here) == len(list(banks.glob("*.yaml"))) - 1


def test_share_out_balances_and_covers_every_file() -> None:
    sizes = [100, 5, 80, 60, 40, 40, 30, 1]
    groups = parallel.share_out(sizes, 2)
    assert sorted(i for g in groups for i in g) == list(range(len(sizes)))
    loads = [sum(sizes[i] for i in g) for g in groups]
    assert max(loads) - min(loads) <= max(sizes)
    assert loads[0] == min(loads)  # this process also decodes the helpers' answers
    assert all(g == sorted(g) for g in groups)
