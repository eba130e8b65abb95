"""A real server process (`python app.py`, gevent) on its own database, for browser and end-to-end
tests: start, stop, kill -9 and start again on the same data.

The database is a SQLite file in the server's folder, or, with `postgres=` a PostgreSQL URL, a scratch
database of its own created on that server (dropped by `stop`), so that it never meets the tables the
in-process fixtures drop and create in the test database."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    def __init__(self, folder: Path, name: str = "server", postgres: str | None = None, **env):
        self.folder = folder
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database = folder / "live.db"
        self.database_url = f"sqlite:///{self.database}"
        self._scratch: tuple[str, str] | None = None  # (maintenance URL, database name) on PostgreSQL
        if postgres:
            self.database_url = self._create_scratch_database(postgres)
        self.env = {**os.environ, "OPEN_SESSION_ENV": "development", "INSTANCE_PATH": str(folder),
                    "DATABASE_URL": self.database_url, "SECRET_KEY": "server-tests-only",
                    "HOST": "127.0.0.1", "PORT": str(self.port), "UPLOAD_FOLDER": str(folder / "uploads"),
                    # Every test logs in from 127.0.0.1: the login limit is for attackers, not this suite.
                    "LOGIN_RATE_LIMIT": "1000 per minute",
                    **{k: str(v) for k, v in env.items()}}
        self.env.pop("TEST_DATABASE_URL", None)
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def is_postgres(self) -> bool:
        return self._scratch is not None

    def _create_scratch_database(self, url: str) -> str:
        import uuid

        import psycopg
        from sqlalchemy.engine import make_url

        base = make_url(url)
        name = f"server_{os.getpid()}_{uuid.uuid4().hex[:10]}"
        maintenance = base.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        self._scratch = (maintenance, name)
        return base.set(database=name).render_as_string(hide_password=False)

    def _drop_scratch_database(self) -> None:
        import psycopg

        maintenance, name = self._scratch
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._scratch = None

    def rows(self, sql: str, *params) -> list[tuple]:
        """Run a query on the server's database from outside (`?` placeholders on either engine)."""
        if self._scratch is None:
            import sqlite3

            with sqlite3.connect(self.database) as connection:
                return connection.execute(sql, params).fetchall()
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(self.database_url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(url) as connection:
            return connection.execute(sql.replace("?", "%s"), params).fetchall()

    def flask(self, *args: str) -> None:
        """Run a `flask --app app` command against this server's database; its output in the error if it fails."""
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=PROJECT, env=self.env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")

    def prepare(self) -> "ServerProcess":
        """Migrate and load the demo data."""
        self.flask("db", "upgrade")
        self.flask("seed-demo")
        return self

    def start(self, timeout: float = 30) -> "ServerProcess":
        self._log = open(self.folder / f"{self.name}.log", "ab")
        self.process = subprocess.Popen([sys.executable, "app.py"], cwd=PROJECT, env=self.env,
                                        stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.log()[-2000:]}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"server did not answer on {self.url}")

    def stop(self, keep_data: bool = False) -> None:
        """End the process; a PostgreSQL scratch database is dropped too unless `keep_data`."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log:
            self._log.close()
        if self._scratch is not None and not keep_data:
            self._drop_scratch_database()

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when a machine loses power."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._log.close()

    def log(self) -> str:
        path = self.folder / f"{self.name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def login_session(base_url: str, email: str, password: str = "demo-password"):
    """A requests session logged in through the real form."""
    import requests

    session = requests.Session()
    token = CSRF.search(session.get(base_url + "/login", timeout=10).text).group(1)
    response = session.post(base_url + "/login", data={"email": email, "password": password, "csrf_token": token},
                            timeout=10, allow_redirects=False)
    assert response.status_code == 302, response.text[:500]
    return session
