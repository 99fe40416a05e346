"""The sdist and the wheel built from it install into a fresh venv and work from any folder, as with pip or pipx.

About 30 s: `python -m build` (sdist, then the wheel from that sdist), a fresh venv with the wheel and its
dependencies installed by pip as a user's would be (pip's cache makes that ~15 s), then the commands and
the app run from a folder that is not the repository.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.bank.loader import load_banks

ROOT = Path(__file__).resolve().parents[2]
GIFT = "::q1:: Which receptor does ketamine mainly block? {=NMDA ~GABA-A ~mu-opioid}\n"
STAY_UP_S = 4.0
pytestmark = pytest.mark.slow


class Installed:
    def __init__(self, venv: Path, work: Path) -> None:
        self.venv, self.work = venv, work
        self.exe = venv / "bin" / "quizapp"
        self.data = work / "data"
        # What a user's shell has: no venv of ours, no PYTHONPATH, no Qt platform chosen for them.
        drop = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "QT_QPA_PLATFORM", "QUIZAPP_DATA_DIR"}
        self.env = {k: v for k, v in os.environ.items() if k not in drop}
        self.env["PATH"] = os.pathsep.join(p for p in self.env.get("PATH", "").split(os.pathsep)
                                           if not p.startswith(str(ROOT)))
        self.env["HOME"] = str(work / "home")

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.exe), *args], cwd=self.work, env={**self.env, **env},
                              capture_output=True, text=True, timeout=120)

    def site(self) -> Path:
        return next((self.venv / "lib").glob("python3*/site-packages"))


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # `python -m build` with no option builds the sdist, then the wheel from the unpacked sdist: so the
    # wheel's data prove the sdist carries them too.
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], check=True,
                   capture_output=True, text=True, timeout=300)
    return out


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    work = tmp_path_factory.mktemp("elsewhere")
    (work / "home").mkdir()
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    wheel = next(dist.glob("quizapp-*.whl"))
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    yield Installed(venv, work)
    shutil.rmtree(venv, ignore_errors=True)  # ~700 MB: not left for pytest's kept temporary folders


def _shipped_count() -> int:
    return len(load_banks([ROOT / "questions"]).questions)


def test_sdist_and_wheel_carry_the_banks_resources_guide_and_licences(dist: Path) -> None:
    source = sorted((ROOT / "questions").rglob("*"))
    wanted = {f"quizapp/_data/questions/{p.relative_to(ROOT / 'questions')}" for p in source if p.is_file()}
    assert any("/exams/" in w for w in wanted)  # sub-folders too
    wanted |= {"quizapp/_data/resources/quizapp.qss", "quizapp/_data/authoring.md",
               "quizapp/_data/resources/desktop/io.github.quizapp.QuizApp.desktop"}
    with zipfile.ZipFile(next(dist.glob("*.whl"))) as whl:
        names = set(whl.namelist())
        meta = whl.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert wanted <= names, sorted(wanted - names)
    assert {"quizapp-0.1.0.dist-info/licenses/LICENSE", "quizapp-0.1.0.dist-info/licenses/questions/LICENSE"} <= names
    assert "License-Expression: MIT AND CC-BY-4.0" in meta and "Classifier: Topic :: Education" in meta
    with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist:
        members = {m.name.split("/", 1)[1] for m in sdist.getmembers() if m.isfile()}
    assert wanted <= members and "LICENSE" in members


def test_check_stats_and_export_use_the_shipped_banks_from_another_folder(installed: Installed) -> None:
    expected = _shipped_count()
    assert expected >= 482
    done = installed.run("check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f", {expected} question(s), 0 error(s)" in done.stdout
    done = installed.run("--data-dir", str(installed.data), "stats", "--json")
    assert done.returncode == 0, done.stderr
    mastery = json.loads(done.stdout)["mastery"]
    assert sum(m["total"] for m in mastery) == expected and len(mastery) >= 10
    done = installed.run("export", "--format", "anki", "-o", "deck.apkg")
    assert done.returncode == 0 and f"{expected} question(s) written" in done.stdout, done.stdout + done.stderr
    assert (installed.work / "deck.apkg").stat().st_size > 10_000


def test_the_installed_banks_are_read_only_and_an_empty_folder_is_an_error(installed: Installed) -> None:
    probe = installed.venv / "bin" / "python"
    where = subprocess.run([str(probe), "-c", "from quizapp import paths; print(paths.bundled_questions()); "
                            "print(paths.in_source_checkout(), paths.authoring_guide().is_file())"],
                           cwd=installed.work, env=installed.env, capture_output=True, text=True, check=True)
    folder, flags = where.stdout.splitlines()
    assert Path(folder).is_relative_to(installed.site()) and flags == "False True"
    (installed.work / "quiz.gift").write_text(GIFT, encoding="utf-8")
    target = Path(folder) / "new.yaml"
    done = installed.run("import", "quiz.gift", "-o", str(target))
    assert done.returncode == 1 and "read-only" in done.stderr and not target.exists()
    done = installed.run("import", "quiz.gift", "-o", "mine/new.yaml")
    assert done.returncode == 0, done.stderr
    done = installed.run("--data-dir", str(installed.data), "stats", "--banks", "mine")
    assert done.returncode == 0, done.stderr
    (installed.work / "empty").mkdir()
    for args in (("check", "empty"), ("export", "--format", "gift", "empty"),
                 ("stats", "--no-shipped-banks", "--banks", "empty")):
        done = installed.run("--data-dir", str(installed.data), *args)
        assert done.returncode != 0 and "error: no questions found in empty" in done.stderr, args
    assert not (installed.work / "quizapp.gift").exists()


def _stays_up(installed: Installed) -> tuple[str, str]:
    proc = subprocess.Popen([str(installed.exe), "--data-dir", str(installed.data)], cwd="/",
                            env={**installed.env, "QT_QPA_PLATFORM": "offscreen", "QUIZAPP_STARTUP_MARKER": "1"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = ""
    try:
        deadline = time.monotonic() + 60
        assert proc.stdout is not None
        for line in proc.stdout:  # the home screen showed the loaded banks
            if line.startswith("quizapp-marker home-ready") or time.monotonic() > deadline:
                break
        time.sleep(STAY_UP_S)
        assert proc.poll() is None, proc.communicate()
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    return line, err


def test_the_app_starts_offscreen_and_stays_up(installed: Installed) -> None:
    line, err = _stays_up(installed)
    assert line.startswith("quizapp-marker home-ready"), err
    assert "Traceback" not in err and "warning" not in err, err


def test_a_missing_stylesheet_is_not_fatal(installed: Installed) -> None:
    sheet = installed.site() / "quizapp" / "_data" / "resources" / "quizapp.qss"
    sheet.unlink()
    line, err = _stays_up(installed)
    assert line.startswith("quizapp-marker home-ready")
    assert re.search(r"warning: cannot read the stylesheet .*quizapp\.qss: No such file", err), err
    assert "Traceback" not in err
