"""quizapp: an offline study app for ketamine pharmacology, with spaced repetition and mock exams."""

__version__ = "0.1.0"
