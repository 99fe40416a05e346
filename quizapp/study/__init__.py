"""Review sessions, exams and statistics: plain Python that the UI drives."""
