"""Entry point of the PyInstaller bundle: the same `quizapp` command as the installed script."""

from quizapp.cli import main

raise SystemExit(main())
