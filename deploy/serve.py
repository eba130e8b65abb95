"""`make serve WORKERS=2`: Open Session in production on one machine.

Starts WORKERS server processes (one gunicorn with one gevent worker each, deploy/gunicorn.conf.py) on
the ports after PORT, one feedback worker (themes, opinion maps, the e-mail outbox), and nginx on PORT in
front of them, from deploy/nginx.conf.j2 rendered into `instance/nginx/`. All processes share
DATABASE_URL and REDIS_URL (required with more than one process: Socket.IO rooms, rate limits and
presence live there). The server processes trust one proxy (`TRUSTED_PROXIES=1`: nginx's
X-Forwarded-For and -Proto). Ctrl-C or SIGTERM stops everything; a process that exits is reported and
ends the run, so that a service manager (systemd) restarts the whole.

`Cluster` is the same thing for the tests (tests/e2e/test_behind_nginx.py).
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATE = "nginx.conf.j2"


def render_nginx(listen: str, servers: list[str], prefix: Path, *, worker_connections: int = 20000,
                 worker_processes: str = "auto", max_body: str = "22m", access_log: str = "off",
                 foreground: bool = True) -> str:
    """The nginx configuration for `servers` ("host:port") behind `listen`, its files under `prefix`."""
    env = Environment(loader=FileSystemLoader(Path(__file__).parent), undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(TEMPLATE).render(
        listen=listen, servers=servers, prefix=prefix, static=PROJECT / "static", max_body=max_body,
        worker_connections=worker_connections, worker_processes=worker_processes, access_log=access_log,
        foreground=foreground)


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise RuntimeError("nginx is not installed: `make nginx` installs Debian's package")
    return found


def wait_until_answers(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[:3]} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on {url}")


class Cluster:
    """`count` server processes on `ports`, the feedback worker (unless `worker=False`) and nginx on
    `port`; `env` for every process (DATABASE_URL, REDIS_URL ...); files and logs in `folder`."""

    def __init__(self, folder: Path, port: int, ports: list[int], env: dict[str, str], *,
                 host: str = "127.0.0.1", worker: bool = True) -> None:
        self.folder, self.port, self.ports, self.host, self.worker = folder, port, ports, host, worker
        self.env = {**os.environ, "OPEN_SESSION_ENV": os.environ.get("OPEN_SESSION_ENV", "production"),
                    "TRUSTED_PROXIES": "1", "THEMES_WORKER": "0", **env}
        self.servers: list[subprocess.Popen] = []
        self.others: list[subprocess.Popen] = []
        self.url = f"http://{host}:{port}"
        self._logs: list = []

    def _spawn(self, name: str, command: list[str], **env) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "ab")
        self._logs.append(log)
        # A session of its own: gunicorn's worker (which holds the sockets) is in its master's group,
        # so the whole server process can be killed at once (`kill_server`).
        return subprocess.Popen(command, cwd=PROJECT, env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)

    def start_server(self, index: int) -> subprocess.Popen:
        port = self.ports[index]
        process = self._spawn(f"server-{index}", [
            sys.executable, "-m", "gunicorn", "-c", str(PROJECT / "deploy" / "gunicorn.conf.py"),
            "-b", f"127.0.0.1:{port}", "app:app"], PORT=str(port))
        wait_until_answers(f"http://127.0.0.1:{port}/healthz", process)
        return process

    def start(self) -> Cluster:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.servers = [self.start_server(i) for i in range(len(self.ports))]
        if self.worker:
            self.others.append(self._spawn("worker", [sys.executable, "-m", "flask", "--app", "app",
                                                      "feedback", "worker"]))
        prefix = self.folder / "nginx"
        prefix.mkdir(exist_ok=True)
        conf = prefix / "nginx.conf"
        conf.write_text(render_nginx(f"{self.host}:{self.port}", [f"127.0.0.1:{p}" for p in self.ports], prefix))
        nginx = self._spawn("nginx", [nginx_binary(), "-p", str(prefix), "-c", str(conf), "-e",
                                      str(prefix / "error.log")])
        self.others.append(nginx)
        wait_until_answers(f"{self.url}/healthz", nginx)
        return self

    def kill_server(self, index: int) -> None:
        """SIGKILL one server process, gunicorn's master and its worker together (killing the master
        alone leaves the worker serving until its graceful timeout): nothing of its shutdown runs."""
        os.killpg(self.servers[index].pid, signal.SIGKILL)
        self.servers[index].wait()

    def stop(self) -> None:
        for process in [*self.others, *self.servers]:
            if process.poll() is None:
                process.terminate()
        for process in [*self.others, *self.servers]:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self._logs:
            log.close()

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args(argv)
    if args.workers > 1 and not os.environ.get("REDIS_URL"):
        parser.error("more than one process needs REDIS_URL (rooms, rate limits and presence are shared there)")
    if not os.environ.get("SECRET_KEY") and os.environ.get("OPEN_SESSION_ENV", "production") == "production":
        parser.error("production needs SECRET_KEY (and DATABASE_URL): see the README's configuration table")
    cluster = Cluster(PROJECT / "instance" / "serve", args.port,
                      [args.port + 1 + i for i in range(args.workers)], {}, host=args.host)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        cluster.start()
        print(f"Open Session: {args.workers} process(es) behind nginx on {cluster.url} "
              f"(logs in {cluster.folder})", flush=True)
        while not stopping:
            exited = [p for p in [*cluster.servers, *cluster.others] if p.poll() is not None]
            if exited:
                print(f"exited: {[p.args[:4] for p in exited]}; stopping", file=sys.stderr)
                return 1
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
