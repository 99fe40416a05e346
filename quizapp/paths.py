"""Where things live: the user's data folder (overridable), the bank cache, and the files shipped in the package."""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

ENV_DATA_DIR = "QUIZAPP_DATA_DIR"

# The package's data folder. In the repository quizapp/_data holds symbolic links to questions/,
# resources/ and docs/authoring.md (where instructors and developers edit them); a wheel, an sdist and
# the bundle hold real copies at the same place, so one lookup serves an editable install, a wheel and a
# frozen bundle alike.
DATA_PACKAGE = "quizapp"
DATA_FOLDER = "_data"


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


def package_file(name: str) -> Path:
    """A file or folder shipped inside the package (questions, resources, authoring.md), as a real path.

    quizapp is installed as files (pip, pipx, editable, PyInstaller's one-folder bundle), never from a zip,
    so the Traversable that importlib.resources returns is a plain path; resolving it follows the
    repository's symbolic links, so messages and the watcher show where the file really is.
    """
    return Path(str(resources.files(DATA_PACKAGE).joinpath(DATA_FOLDER, name))).resolve()


def bundled_questions() -> Path:
    """The question banks shipped with the app (read-only: the repository's questions/ or its installed copy)."""
    return package_file("questions")


def resources_dir() -> Path:
    """Stylesheet and icons shipped with the app."""
    return package_file("resources")


def authoring_guide() -> Path:
    """The instructors' guide to the bank format (docs/authoring.md), shown by Help ▸ Authoring guide."""
    return package_file("authoring.md")


def in_source_checkout() -> bool:
    """True when quizapp runs from a clone of its repository (editable install), where questions/ is the
    project's own source and editing it is the point; False for a wheel, pipx or the bundle."""
    return Path(str(resources.files(DATA_PACKAGE).joinpath(DATA_FOLDER, "questions"))).is_symlink()


def read_only_reason(path: Path) -> str | None:
    """Why quizapp must not write `path`, or None: files inside an installed copy of the shipped banks
    belong to the package (an upgrade replaces them, and site-packages may not be writable at all)."""
    try:
        target = path.expanduser().resolve()
    except OSError:
        return None
    root = bundled_questions()
    if (target != root and root not in target.parents) or in_source_checkout():
        return None
    return (f"{path} is inside the question banks shipped with quizapp ({root}), which are read-only; "
            "write to a folder of your own and add it with --banks or File ▸ Question folders…")


def bank_set(extra: Iterable[str | Path] = (), shipped: bool = True) -> list[Path]:
    """The banks the app and the commands use: the shipped ones (unless `shipped` is False), then the
    user's own folders in the order given, each once (the shipped folder again, or a repeat, is left out)."""
    out = [bundled_questions()] if shipped else []
    seen = set(out)
    for given in extra:
        path = Path(given).expanduser()
        try:
            key = path.resolve()
        except OSError:
            key = path
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out
