"""A class on a PostgreSQL server: the student's push of answers, the instructor's item analysis.

`push.push_answers(store, url, ...)` sends what is not on the server yet and returns a PushResult (one line
to show, counts); `report.class_report(url, ...)` returns a ClassReport (per item, per topic, flags) that a
window can draw and `quizapp class report` prints. docs/class.md says what is pushed and how to read it.
"""
