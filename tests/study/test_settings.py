"""Settings: declared once, validated, stored, and applied to scheduling."""

from __future__ import annotations

import pytest

from quizapp.study import SETTINGS, StudyService
from quizapp.study.settings import coerce


def test_every_setting_is_declared_with_a_default_that_validates():
    keys = [s.key for s in SETTINGS]
    assert len(keys) == len(set(keys))
    for spec in SETTINGS:
        assert spec.label and spec.description
        assert coerce(spec, spec.default) == spec.default


def test_values_survive_reopening(tmp_path, clock):
    with StudyService.open(tmp_path, clock) as svc:
        svc.settings.set("theme", "dark")
        svc.settings.set("font_size", 14)
        svc.settings.set("learning_steps", [2, 15])
    with StudyService.open(tmp_path, clock) as svc:
        assert svc.settings.get("theme") == "dark"
        assert svc.settings.get("font_size") == 14
        assert svc.settings.srs_config().learning_steps_min == (2.0, 15.0)


@pytest.mark.parametrize(("key", "value"), [
    ("desired_retention", 1.5), ("theme", "purple"), ("new_per_day", -1), ("new_per_day", 2.5),
    ("fuzz", "yes"), ("learning_steps", ["x"]),
])
def test_bad_values_are_refused_with_a_readable_message(service, key, value):
    before = service.settings.get(key)
    with pytest.raises(ValueError, match=r"\w"):
        service.settings.set(key, value)
    assert service.settings.get(key) == before


def test_unknown_key_is_an_error(service):
    with pytest.raises(KeyError):
        service.settings.get("no_such_setting")


def test_desired_retention_changes_the_intervals(service, questions, clock):
    from quizapp.study import Rating

    s = service.start_session(questions)
    qid = s.next().question_id
    s.answer(qid, True, None, Rating.Easy, 1000)
    clock.advance(days=30)
    low = service.start_session(questions).intervals(qid)[Rating.Good]
    service.settings.set("desired_retention", 0.97)
    high = service.start_session(questions).intervals(qid)[Rating.Good]
    assert high < low


# issue 26: a stored value the settings cannot use, however it fails (OverflowError for Infinity in an
# integer setting, RecursionError for deep nesting), must not stop the progress folder from opening.
@pytest.mark.parametrize(("key", "raw"), [
    ("reviews_per_day", "Infinity"), ("new_per_day", "1e999"), ("maximum_interval", "-Infinity"),
    ("desired_retention", "NaN"), ("learning_steps", "[Infinity]"), ("fsrs_parameters", "[1e999]"),
    ("rollover_hour", "1e308"), ("font_size", "[" * 5000 + "]" * 5000), ("theme", "{"), ("fuzz", '"yes"'),
])
def test_a_stored_value_it_cannot_use_falls_back_to_the_default(tmp_path, clock, key, raw):
    from quizapp.study.settings import SPECS

    with StudyService.open(tmp_path, clock) as svc, svc.store.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, raw))
    with StudyService.open(tmp_path, clock) as svc:
        assert svc.settings.get(key) == SPECS[key].default
        svc.settings.srs_config()


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 10**400])
def test_a_non_finite_or_huge_value_is_refused_with_a_readable_message(service, value):
    with pytest.raises(ValueError, match="Reviews per day"):
        service.settings.set("reviews_per_day", value)
