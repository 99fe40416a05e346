"""Every keyboard shortcut, declared once: the screens bind from here and Help lists it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Shortcut:
    name: str
    keys: tuple[str, ...]
    what: str
    where: str  # one of WHERE


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("primary", ("Space", "Return", "Enter"),
             "Check the answer, or turn the card; once answered, take the highlighted rating", "Review"),
    Shortcut("unsure", ("Shift+Return", "Shift+Enter"), "Check the answer, marking yourself unsure", "Review"),
    Shortcut("number", tuple(str(n) for n in range(1, 10)),
             "Before answering: pick choice n (toggle it in multiple choice; pick the match in the focused "
             "row; select item n to move). After answering: 1 Again, 2 Hard, 3 Good, 4 Easy", "Review"),
    Shortcut("move", ("Alt+Up", "Alt+Down"), "Move the selected item up or down (a list to put in order)", "Review"),
    # The single keys are Anki's; the Ctrl ones work while an answer field has the focus (it types the others).
    # Bury and suspend as in the Browse window (Ctrl+Shift+B, Ctrl+J); flag as in an exam (Ctrl+F).
    Shortcut("flag", ("Ctrl+F", "*"), "Flag the question (again to unflag)", "Review"),
    Shortcut("bury", ("Ctrl+Shift+B", "-"), "Bury the question until tomorrow", "Review"),
    Shortcut("suspend", ("Ctrl+J", "@"), "Suspend the question", "Review"),
    Shortcut("home", ("Esc",), "Back to the home screen", "Review"),
    Shortcut("exam_next", ("Return", "Enter", "Alt+Right", "PgDown"), "Next question", "Exam"),
    Shortcut("exam_previous", ("Alt+Left", "PgUp"), "Previous question", "Exam"),
    Shortcut("exam_choose", tuple(str(n) for n in range(1, 10)), "Pick choice n (no feedback until the end)", "Exam"),
    Shortcut("exam_flag", ("Ctrl+F", "*"), "Flag the question for review", "Exam"),
    Shortcut("exam_navigator", ("Ctrl+G",), "Go to the question grid (arrows, then Enter)", "Exam"),
    Shortcut("exam_submit", ("Ctrl+Return", "Ctrl+Enter"), "Submit (lists unanswered and flagged first)", "Exam"),
    Shortcut("exam_leave", ("Esc",), "Leave; answers are kept and the clock stops until you resume", "Exam"),
    Shortcut("results_drill", ("Ctrl+D",), "Drill my mistakes with spaced review", "Exam results"),
    Shortcut("results_export", ("Ctrl+S",), "Export the report as PDF or HTML", "Exam results"),
    Shortcut("results_tabs", ("Ctrl+1", "Ctrl+2", "Ctrl+3"), "Breakdown, review answers, history", "Exam results"),
    Shortcut("results_step", ("Alt+Left", "Alt+Right"), "Previous or next question in the review", "Exam results"),
    Shortcut("browse_find", ("Ctrl+F",), "Go to the search box", "Browse"),
    Shortcut("browse_suspend", ("Ctrl+J",), "Suspend the selected questions", "Browse"),
    Shortcut("browse_unsuspend", ("Ctrl+Shift+J",), "Unsuspend the selected questions", "Browse"),
    Shortcut("browse_bury", ("Ctrl+Shift+B",), "Bury the selected questions until tomorrow", "Browse"),
    Shortcut("browse_flag", ("Ctrl+K",), "Flag the selected questions", "Browse"),
    Shortcut("browse_unflag", ("Ctrl+Shift+K",), "Remove their flags", "Browse"),
    Shortcut("browse_reset", ("Ctrl+Alt+N",), "Reset their progress (asks first; undo brings it back)", "Browse"),
    Shortcut("browse_reschedule", ("Ctrl+Shift+D",), "Reschedule them to a date", "Browse"),
    Shortcut("browse_info", ("Ctrl+Shift+I",), "Card info: every review and FSRS's view of it", "Browse"),
    Shortcut("browse_preview", ("Ctrl+Shift+P",), "Preview the question as review shows it", "Browse"),
    Shortcut("browse_edit", ("Ctrl+Shift+O",), "Open the bank file at the question's line", "Browse"),
    Shortcut("browse_undo", ("Ctrl+Z",), "Undo the last change to the cards", "Browse"),
    Shortcut("browse", ("Ctrl+B",), "Browse: find questions, see their history, change many at once", "Anywhere"),
    Shortcut("custom_study", ("Ctrl+Shift+S",), "Custom study: a session over a search", "Anywhere"),
    Shortcut("study_now", ("Ctrl+T",), "Study now: today's reviews with new questions mixed in", "Anywhere"),
    Shortcut("statistics", ("Ctrl+I",), "Statistics", "Anywhere"),
    Shortcut("exams", ("Ctrl+E",), "Exams: take a mock exam or resume one", "Anywhere"),
    Shortcut("exam_history", ("Ctrl+Shift+E",), "Past exam attempts", "Anywhere"),
    Shortcut("undo", ("Ctrl+Z",), "Undo the last answer of this session (in an answer field: its typing first)",
             "Anywhere"),
    Shortcut("open", ("Ctrl+O",), "Open a question folder", "Anywhere"),
    Shortcut("reload", ("F5",), "Reload the question banks", "Anywhere"),
    Shortcut("settings", ("Ctrl+,",), "Settings", "Anywhere"),
    Shortcut("zoom_in", ("Ctrl++", "Ctrl+="), "Larger text", "Anywhere"),
    Shortcut("zoom_out", ("Ctrl+-",), "Smaller text", "Anywhere"),
    Shortcut("zoom_reset", ("Ctrl+0",), "Text size from the settings", "Anywhere"),
    Shortcut("help", ("F1",), "This list of shortcuts", "Anywhere"),
    Shortcut("quit", ("Ctrl+Q",), "Quit", "Anywhere"),
)
WHERE = ("Review", "Exam", "Exam results", "Browse", "Anywhere")
BY_NAME = {s.name: s for s in SHORTCUTS}


def keys(name: str) -> tuple[str, ...]:
    return BY_NAME[name].keys
