"""Spaced-repetition scheduling on top of the fsrs package. No Qt, no database."""
