"""The app's start path stays light: no sub-command modules and no SQLAlchemy before the home screen.

bench/gui_start.py times the start; this only checks what gets imported, so a new top-level import that
would add a few hundred milliseconds to every start is caught by the suite without timing anything.
"""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from pathlib import Path
from quizapp.cli import _parse
args = _parse(["--data-dir", sys.argv[1], "--banks", "questions"])
import quizapp.ui.app  # everything the window imports before its first paint
from quizapp.study import StudyService
service = StudyService.open(Path(args.data_dir))
service.settings.set("new_per_day", 7)
service.counts()
loaded = sorted(m for m in sys.modules if m.startswith(("sqlalchemy", "alembic", "quizapp.cli.")))
service.close()
print(json.dumps({"command": args.func.__name__, "loaded": loaded}))
"""


def _probe(data_dir: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, data_dir], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_later_start_imports_no_sub_command_and_no_orm(tmp_path):
    _probe(str(tmp_path))  # the first start creates the database (migrations do use SQLAlchemy)
    found = _probe(str(tmp_path))
    assert found == {"command": "_cmd_gui", "loaded": []}


def test_sub_commands_still_parse_and_show_in_help():
    from quizapp.cli import _parse, build_parser

    assert _parse(["schema"]).func.__name__ == "_cmd_schema"
    assert _parse(["--data-dir", "x", "stats", "--json"]).json is True
    assert "progress-export" in build_parser().format_help()
