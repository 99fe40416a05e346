"""Where things live: the user's data folder (overridable), the bank cache, the bundled banks."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "QUIZAPP_DATA_DIR"


def data_dir(override: str | Path | None = None) -> Path:
    """--data-dir, else $QUIZAPP_DATA_DIR, else the platform's user data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when no folder was given: `quizapp check` needs nothing beyond PyYAML

    return Path(platformdirs.user_data_dir("quizapp", appauthor=False))


def bank_cache_dir(data: Path) -> Path:
    return data / "cache" / "banks"


def bundled_questions() -> Path:
    """The question banks shipped with the app (the repository's questions/ folder)."""
    return Path(__file__).resolve().parent.parent / "questions"


def resources_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "resources"
