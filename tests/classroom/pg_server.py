"""A throwaway PostgreSQL server for the class tests and bench/class_load.py: Debian's binaries, a temp folder.

initdb and pg_ctl refuse to run as root, so as root (CI) they run as the `postgres` user, in a folder that
user owns. The server listens on 127.0.0.1 on a free port and on a unix socket in that folder; password
logins (SCRAM) over TCP, as on a real class server.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "postgres"
SUPERUSER_PASSWORD = "test-superuser-password"


def bin_dir() -> Path | None:
    """The newest installed server's bin folder (/usr/lib/postgresql/N/bin), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalPostgres:
    """One server: start(), url(), stop(). `durable=False` turns fsync off (tests); the bench keeps it on."""

    def __init__(self, durable: bool = False, max_connections: int = 100) -> None:
        self.bin = bin_dir()
        if self.bin is None:
            raise FileNotFoundError("PostgreSQL's server binaries are not installed (apt install postgresql)")
        self.as_postgres = os.geteuid() == 0
        # As root, in /tmp itself: $TMPDIR may lie inside a folder the postgres user cannot enter.
        self.root = Path(tempfile.mkdtemp(prefix="quizapp-pg-", dir="/tmp" if self.as_postgres else None))
        self.data = self.root / "data"
        self.port = free_port()
        self.durable = durable
        self.max_connections = max_connections
        if self.as_postgres:
            shutil.chown(self.root, SUPERUSER)

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        cmd = ["runuser", "-u", SUPERUSER, "--", *args] if self.as_postgres else list(args)
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True, cwd=self.root)

    def start(self) -> LocalPostgres:
        pwfile = self.root / "pw"
        pwfile.write_text(SUPERUSER_PASSWORD + "\n")
        if self.as_postgres:
            shutil.chown(pwfile, SUPERUSER)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER, f"--pwfile={pwfile}",
                  "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        self._pg_ctl_start()
        return self

    def url(self, user: str = SUPERUSER, password: str | None = SUPERUSER_PASSWORD, database: str = "postgres",
            driver: str = "postgresql") -> str:
        auth = user if password is None else f"{user}:{password}"
        return f"{driver}://{auth}@127.0.0.1:{self.port}/{database}"

    def running(self) -> bool:
        return self._status() == 0

    def _status(self) -> int:
        cmd = [str(self.bin / "pg_ctl"), "-D", str(self.data), "status"]
        cmd = ["runuser", "-u", SUPERUSER, "--", *cmd] if self.as_postgres else cmd
        return subprocess.run(cmd, capture_output=True, timeout=30, cwd=self.root).returncode

    def stop(self, mode: str = "fast") -> None:
        if self.data.exists() and self.running():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        """Start again after stop() (same folder, same port)."""
        self._pg_ctl_start()

    def _pg_ctl_start(self) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   f"-c max_connections={self.max_connections}")
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.root / "log"),
                  "-w", "-t", "60", "start", timeout=90)

    def remove(self) -> None:
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
