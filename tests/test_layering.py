"""The core runs without a display: only quizapp/ui imports Qt, and the core imports fine without it."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_outside_ui() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if "ui" not in p.relative_to(PACKAGE).parts[:1]
                 and any(n.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"} for n in _imports(p))]
    assert offenders == []


def test_core_packages_import_without_qt() -> None:
    code = ("import sys; sys.modules['PySide6'] = None\n"
            "import quizapp.bank, quizapp.srs, quizapp.store, quizapp.study, quizapp.cli\n"
            "import pkgutil, importlib\n"
            "for pkg in ('bank', 'srs', 'store', 'study'):\n"
            "    mod = importlib.import_module('quizapp.' + pkg)\n"
            "    for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + '.'):\n"
            "        if '.migrations' not in info.name:  # Alembic scripts run only inside Alembic\n"
            "            importlib.import_module(info.name)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_nothing_uses_qtcharts() -> None:
    """The charts are QPainter widgets (quizapp/ui/charts): QtCharts, and the PySide6-Addons wheel that
    carries it, are not needed, so a plain PySide6-Essentials install runs every window."""
    root = PACKAGE.parent
    sources = [*PACKAGE.rglob("*.py"), *(root / "scripts").rglob("*.py"), *(root / "bench").rglob("*.py")]
    offenders = [str(p.relative_to(root)) for p in sources
                 if any("QtCharts" in name for name in _imports(p))]
    assert offenders == []
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    dependencies = pyproject.split("dependencies = [", 1)[1].split("]", 1)[0]
    assert "PySide6-Essentials" in dependencies
    assert "Addons" not in "".join(line.split("#")[0] for line in dependencies.splitlines())


def test_the_app_imports_without_qtcharts() -> None:
    code = ("import sys; sys.modules['PySide6.QtCharts'] = None\n"
            "import importlib, pkgutil, quizapp.ui\n"
            "for info in pkgutil.walk_packages(quizapp.ui.__path__, 'quizapp.ui.'):\n"
            "    importlib.import_module(info.name)\n"
            "import quizapp.ui.stats.window, quizapp.ui.charts\n"
            "print('ok')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
