"""Lets `python -m quizapp` behave like the `quizapp` command."""

from quizapp.cli import main

raise SystemExit(main())
