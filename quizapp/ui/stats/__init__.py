"""The Statistics window: its tabs, panels and charts over quizapp.study.stats."""
