"""Scale-out benchmark (issue #16): fan-out, ingest, read load and faults, against the Node reference.

    .venv/bin/python -m bench.scale_out [--scenario fanout|ingest|read|faults|all]
        [--setup sqlite-1proc|pg-1proc|pg-redis-2proc-nginx|pg-redis-<N>proc-nginx|all (comma-separated)]
        [--viewers N] [--runs 3]   (--help: the sizes and services)

Setups: `sqlite-1proc` is the `make run` default (one `python app.py`, SQLite, tests/server.py's
ServerProcess); `pg-1proc` the same process on a scratch PostgreSQL database (the comparison target 3
asks for); `pg-redis-2proc-nginx` is `make serve WORKERS=2` (deploy/serve.py's Cluster: two gunicorn +
gevent processes on a scratch PostgreSQL database and Redis, behind the generated nginx);
`pg-redis-<N>proc-nginx` is the same with N processes (docs/scaling.md checks its model with 4). Every
setup is migrated and seeded with the demo; rate limits are raised for the run (LIMITS below); meeting
`tests.e2e.conftest.MEETING_ID` is the one watched.

Scenarios (each run `--runs` times; one JSON line per run and one `"run": "median"` line per scenario
and setup, in bench/results/scale_out-<when>.json):
- fanout: VIEWERS anonymous viewers (bench/scale/viewers.js, GENERATORS Node processes) join the
  meeting; a citizen's COMMENTS pending comments are approved by the moderator (bench/scale/driver.js)
  INTERVAL_MS apart at scheduled times; each arrival of `comment.approved` is timed from the moment its
  approve was sent. The same viewers and driver then run against the reference server
  (bench/scale/reference.js, Node socket.io 4 broadcasting the same event shape) in the same run.
- ingest: CITIZENS registered citizens (bench/scale/ingest.js) each submit PER_CITIZEN comments, each
  after the previous ack; the comments stored are counted in the database afterwards.
- read: `wrk` (Debian's package, `make bench-tools`) on the anonymous public meeting page, 50 connections.
- faults (two processes or more): fan-out with 20 citizens submitting beside it; halfway through the
  approvals process 0 (its gunicorn arbiter and its gevent worker) gets SIGKILL; its viewers reconnect
  through nginx with their `last_event_id`; the moderator approves on process 1 meanwhile, so what they
  missed must be replayed. The killed process is started again before the next run.

Figures move with the machine's load (`loadavg` is recorded): a figure is only worth comparing with
others of a quiet machine, and a run whose generator was saturated or starved (`void`) is worth nothing.
The fields are explained in the README ("Scale-out benchmark"), the model they feed in docs/scaling.md.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import queue
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from bench import RESULTS

PROJECT = Path(__file__).resolve().parent.parent
SCRIPTS = Path(__file__).resolve().parent / "scale"
SETUPS = ("sqlite-1proc", "pg-1proc", "pg-redis-2proc-nginx")  # `all`; pg-redis-<N>proc-nginx by name
CLUSTER = re.compile(r"pg-redis-(\d+)proc-nginx")
SCENARIOS = ("fanout", "ingest", "read", "faults")
DEFAULT_VIEWERS = {"sqlite-1proc": 5000, "pg-1proc": 5000, "pg-redis-2proc-nginx": 10000}  # targets 1 and 2
LIMITS = {  # raised for the run: the benchmark measures capacity, not the limits meant for people
    "COMMENT_RATE_LIMIT": "10000000 per minute", "SOCKET_EVENT_RATE_LIMIT": "10000000 per minute",
    "ADDRESS_SOCKET_EVENT_RATE_LIMIT": "100000000 per minute", "LOGIN_RATE_LIMIT": "100000 per minute",
    "REGISTER_RATE_LIMIT": "100000 per minute",
}
# The text of every approved comment, Open Session's and the reference's alike (the same event size).
BODY = "규모 시험 의견 {n}: 이 안건의 교통 대책과 예산 배분에 대해 시민으로서 의견을 드립니다. 검토 부탁드립니다."
SATURATED_SHARE = 0.9  # of one core, a Node generator's CPU during the delivery window
SATURATED_LOOP_MS = 100  # p99 event-loop delay of a generator during the delivery window


# --- the machine ---------------------------------------------------------------------------------

def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text()
    total_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    return {"cores": os.cpu_count(), "memory_gb": round(total_kb / 2 ** 20, 1),
            "loadavg": [round(x, 2) for x in os.getloadavg()]}


def raise_file_limit() -> None:
    """Children (servers, nginx, generators) inherit the soft limit: up to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def now_ms() -> float:
    return time.time() * 1000


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def process_tree(pids: list[int]) -> list[int]:
    """These processes and their descendants (a gunicorn's worker), without `python app.py`'s feedback
    worker: the figures are the server's, which holds the sockets."""
    tree, found, todo = _children(), [], list(pids)
    while todo:
        pid = todo.pop()
        try:
            if b"feedback\0worker" in Path(f"/proc/{pid}/cmdline").read_bytes():
                continue
        except OSError:
            continue
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def usage(pids: list[int]) -> dict:
    """CPU seconds so far and resident memory (MB) of these processes and all their descendants."""
    ticks, cpu, rss = os.sysconf("SC_CLK_TCK"), 0.0, 0
    for pid in process_tree(pids):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / ticks
            rss += int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1))
        except (OSError, AttributeError):
            continue
    return {"cpu_s": cpu, "rss_mb": round(rss / 1024, 1)}


# --- Node processes --------------------------------------------------------------------------------

class Node:
    """One bench/scale/*.js script: its configuration written to a file, its JSON lines read from stdout
    by a thread, commands written to its stdin."""

    def __init__(self, script: str, config: dict, folder: Path) -> None:
        self.folder = folder
        self.name = f"{script.removesuffix('.js')}-{uuid.uuid4().hex[:6]}"
        path = folder / f"{self.name}.json"
        path.write_text(json.dumps(config))
        self.log = open(folder / f"{self.name}.log", "wb")
        self.process = subprocess.Popen(["node", str(SCRIPTS / script), str(path)], cwd=PROJECT, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log)
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            try:
                self.lines.put(json.loads(line))
            except json.JSONDecodeError:
                self.lines.put({"type": "noise", "line": line})
        self.lines.put({"type": "exit"})

    def expect(self, kind: str, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"{self.name}: no {kind!r} within {timeout:.0f} s") from None
            if message["type"] == kind:
                return message
            if message["type"] in ("exit", "error"):
                self.log.flush()
                stderr = (self.folder / f"{self.name}.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{self.name}: {message} while waiting for {kind!r}\n{stderr}")

    def command(self, name: str) -> None:
        try:
            self.process.stdin.write(name + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass

    def ask(self, name: str, answer: str, timeout: float = 30) -> dict:
        self.command(name)
        return self.expect(answer, timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def node_ready() -> None:
    if shutil.which("node") is None:
        sys.exit("node is not installed (Node 20, see the README)")
    if not (PROJECT / "node_modules" / "socket.io" / "package.json").exists():
        sys.exit("node_modules/socket.io is missing: run `npm ci --ignore-scripts` (or `make assets`)")


# --- setups ----------------------------------------------------------------------------------------

class Setup:
    """A running Open Session: its URL, its database (`rows`), its server processes' ids."""

    name: str
    url: str
    processes: int

    def __init__(self, folder: Path, args) -> None:
        self.folder, self.args = folder, args
        self.channel = None
        self.redis_url = None

    def rows(self, sql: str, *params) -> list[tuple]:
        return self.database.rows(sql, *params)

    def redis_commands(self) -> int | None:
        """Commands the Redis server has processed so far (all its clients: only meaningful on a Redis
        nobody else uses during the run)."""
        if not self.redis_url:
            return None
        import redis

        client = redis.Redis.from_url(self.redis_url)
        try:
            return client.info("stats")["total_commands_processed"]
        finally:
            client.close()

    def pg_stats(self) -> dict | None:
        """The scratch database's transaction and row counters (pg_stat_database), None on SQLite."""
        if not self.database.is_postgres:
            return None
        time.sleep(1.1)  # a backend reports its counters at most every second
        (xact, ins, upd, dele), = self.rows(
            "SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database "
            "WHERE datname = current_database()")
        return {"xact_commit": xact, "tup_inserted": ins, "tup_updated": upd, "tup_deleted": dele}


class OneProcess(Setup):
    """`python app.py` (the `make run` default) on SQLite, or on a scratch PostgreSQL database."""

    processes = 1

    def __init__(self, folder: Path, args, postgres: str | None) -> None:
        super().__init__(folder, args)
        from tests.server import ServerProcess

        self.name = "pg-1proc" if postgres else "sqlite-1proc"
        self.database = ServerProcess(folder, postgres=postgres, **LIMITS)

    def start(self) -> "OneProcess":
        self.database.prepare().start(timeout=60)
        self.url = self.database.url
        return self

    def pids(self) -> list[int]:
        return [self.database.process.pid]

    def stop(self) -> None:
        self.database.stop()


class Processes(Setup):
    """`make serve WORKERS=N`: deploy/serve.py's Cluster on a scratch PostgreSQL database and Redis."""

    def __init__(self, folder: Path, args, processes: int) -> None:
        super().__init__(folder, args)
        self.name, self.processes = f"pg-redis-{processes}proc-nginx", processes
        from tests.server import ServerProcess

        self.database = ServerProcess(folder, name="prepare", postgres=args.postgres, **LIMITS)
        self.redis_url = args.redis
        self.channel = f"open-session-bench-{uuid.uuid4().hex[:12]}"

    def start(self) -> "Processes":
        from deploy.serve import Cluster
        from tests.server import free_port

        self.database.prepare()
        env = {key: self.database.env[key] for key in ("DATABASE_URL", "INSTANCE_PATH", "SECRET_KEY",
                                                       "UPLOAD_FOLDER")}
        env.update(LIMITS, OPEN_SESSION_ENV="development", REDIS_URL=self.redis_url, SOCKETIO_CHANNEL=self.channel)
        self.cluster = Cluster(self.folder, free_port(), [free_port() for _ in range(self.processes)], env,
                               worker=self.args.feedback_worker).start()
        self.url = self.cluster.url
        return self

    def pids(self) -> list[int]:
        return [server.pid for server in self.cluster.servers if server.poll() is None]

    def kill(self, index: int) -> None:
        """SIGKILL process `index`: its gunicorn arbiter and its gevent worker, which holds the sockets
        (Cluster.kill_server kills their process group)."""
        self.cluster.kill_server(index)

    def restart(self, index: int) -> None:
        if self.cluster.servers[index].poll() is not None:
            self.cluster.servers[index] = self.cluster.start_server(index)

    def stop(self) -> None:
        try:
            if hasattr(self, "cluster"):
                self.cluster.stop()
        finally:
            self.database.stop()  # drops the scratch database


def start_setup(name: str, folder: Path, args) -> Setup:
    """Start the setup `name`; what was started is stopped again (a scratch database dropped) if it fails."""
    if name == "sqlite-1proc":
        setup = OneProcess(folder, args, None)
    elif name == "pg-1proc":
        setup = OneProcess(folder, args, args.postgres)
    else:
        setup = Processes(folder, args, int(CLUSTER.fullmatch(name).group(1)))
    try:
        return setup.start()
    except BaseException:
        setup.stop()
        raise


class ChannelCounter:
    """Messages and bytes published on the Socket.IO Redis channel (what every process receives)."""

    def __init__(self, redis_url: str, channel: str) -> None:
        import redis

        self.messages = self.bytes = 0
        self.pubsub = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
        self.pubsub.subscribe(**{channel: self._count})
        self.thread = self.pubsub.run_in_thread(sleep_time=0.05, daemon=True)

    def _count(self, message) -> None:
        self.messages += 1
        self.bytes += len(message["data"])

    def read(self) -> dict:
        return {"messages": self.messages, "bytes": self.bytes}

    def close(self) -> None:
        self.thread.stop()
        self.thread.join(timeout=2)
        self.pubsub.close()


# --- the live protocol from Python (setting up a run) ----------------------------------------------

def login_cookie(url: str, email: str) -> str:
    from tests.factories import PASSWORD
    from tests.server import login_session

    return "; ".join(f"{k}={v}" for k, v in login_session(url, email, PASSWORD).cookies.get_dict().items())


def pending_comments(url: str, count: int, tag: str) -> list[int]:
    """`count` pending comments of a demo citizen on the meeting's first item, to be approved."""
    from tests.crowd import first_item
    from tests.e2e.conftest import MEETING_ID, LiveClient

    citizen = LiveClient(url, "citizen1@example.org")
    item_id = first_item(url, MEETING_ID)
    ids = []
    try:
        for n in range(count):
            payload = {"item_id": item_id, "body": BODY.format(n=n), "stance": "support",
                       "client_key": f"{tag}-c{n}"}
            ack = citizen.call("comment.submit", payload)
            if not ack["ok"] and ack["error"]["code"] == "consent_required":
                ack = citizen.call("comment.submit", {**payload, "consent": True,
                                                      "consent_version": ack["error"]["version"]})
            if not ack["ok"]:
                raise RuntimeError(f"the run's comments could not be submitted: {ack}")
            ids.append(ack["comment_id"])
    finally:
        citizen.close()
    return ids


def register_citizens(url: str, count: int) -> list[str]:
    """`count` citizens registered through the real form (8 at a time); their Cookie headers."""
    from tests.crowd import register

    tag = uuid.uuid4().hex[:6]
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda n: register(url, f"scale-{tag}-{n}@example.org", f"규모 {tag} {n}"),
                             range(count)))


# --- figures -----------------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def median(values: list) -> float | None:
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return round(statistics.median(numbers), 2) if numbers else None


def merge_counts(dicts: list[dict]) -> dict:
    merged: dict = {}
    for d in dicts:
        for key, value in d.items():
            merged[key] = merged.get(key, 0) + value
    return merged


def generator_figures(joined: list[dict], results: list[dict], driver: dict | None) -> dict:
    """Each generator's CPU (share of one core) while joining and while delivering, its event-loop delay."""
    figures = {
        "processes": len(results),
        "join_share": [j["cpu"]["share"] for j in joined],
        "delivery_share": [r["cpu"]["share"] for r in results],
        "delivery_loop_p99_ms": [r["cpu"]["loop_delay_p99_ms"] for r in results],
        "rss_mb": [r["cpu"]["rss_mb"] for r in results],
    }
    if driver is not None:
        figures["driver_share"] = driver["cpu"]["share"]
    return figures


def saturated(figures: dict) -> bool:
    """A generator that used (nearly) a whole core while the comments were delivered set the pace."""
    return max(figures["delivery_share"], default=0) >= SATURATED_SHARE


def starved(figures: dict) -> bool:
    """A generator whose timers ran late without using its core: the machine was too busy to run it,
    so its arrival times are late too (a loaded machine)."""
    return max(figures["delivery_loop_p99_ms"], default=0) >= SATURATED_LOOP_MS


# --- scenarios ---------------------------------------------------------------------------------------

class Target:
    """What viewers and the driver connect to: an Open Session setup or the reference server."""

    def __init__(self, url: str, pids: list[int], moderator_cookie: str | None = None,
                 setup: Setup | None = None, driver_url: str | None = None) -> None:
        self.url, self.pids, self.moderator_cookie, self.setup = url, pids, moderator_cookie, setup
        self.driver_url = driver_url or url


def fanout_once(target: Target, comment_ids: list[int], args, folder: Path, *, viewers: int,
                kill_at_half=None, settle_s: float = 20, side=None) -> dict:
    """Join `viewers`, approve `comment_ids` at scheduled times, collect every arrival."""
    from tests.e2e.conftest import MEETING_ID

    generators = args.generators or max(1, math.ceil(viewers / 2500))
    idle = usage(target.pids)
    commands_idle = target.setup.redis_commands() if target.setup is not None else None
    start_at = now_ms() + 1500
    shares = [viewers // generators + (1 if i < viewers % generators else 0) for i in range(generators)]
    nodes = [Node("viewers.js", {"url": target.url, "meeting_id": MEETING_ID, "count": count, "start_at": start_at,
                                 "concurrency": args.connect_concurrency, "join_timeout_ms": args.join_timeout * 1000,
                                 "offer_deflate": not args.no_deflate,
                                 "result_file": str(folder / f"viewers-{uuid.uuid4().hex[:6]}.out.json")}, folder)
             for count in shares if count]
    driver = None
    try:
        joined = [node.expect("joined", timeout=args.join_timeout + 30 + viewers / 50) for node in nodes]
        joined_total = sum(j["joined"] for j in joined)
        server_before = usage(target.pids)  # the joins' CPU: from `idle` to here
        commands_joined = target.setup.redis_commands() if target.setup is not None else None
        counter = ChannelCounter(target.setup.redis_url, target.setup.channel) \
            if target.setup is not None and target.setup.channel else None
        pg_before = target.setup.pg_stats() if target.setup is not None else None
        for node in nodes:
            node.command("mark")
        driver = Node("driver.js", {"url": target.driver_url, "cookie": target.moderator_cookie,
                                    "comment_ids": comment_ids,
                                    "start_at": now_ms() + 1000, "interval_ms": args.interval_ms,
                                    "offer_deflate": not args.no_deflate}, folder)
        driver.expect("ready", timeout=60)
        killer = None
        if kill_at_half is not None:
            killer = threading.Timer(1.0 + args.interval_ms * len(comment_ids) / 2000, kill_at_half)
            killer.start()
        schedule_s = args.interval_ms * len(comment_ids) / 1000
        approved = driver.expect("done", timeout=schedule_s + 120)
        if killer is not None:
            killer.join()
        expected_ids = [int(c) for c, ack in approved["acks"].items() if ack["ok"]]
        if side is not None:
            expected_ids = side["approved_ids"](comment_ids)
        want = joined_total * len(expected_ids)
        deadline = time.monotonic() + settle_s
        while time.monotonic() < deadline:
            if sum(node.ask("status", "status")["delivered"] for node in nodes) >= want:
                break
            time.sleep(0.25)
        server_after = usage(target.pids)
        commands_done = target.setup.redis_commands() if target.setup is not None else None
        pg_after = target.setup.pg_stats() if target.setup is not None else None
        channel = counter.read() if counter is not None else None
        if counter is not None:
            counter.close()
        results = []
        for node in nodes:
            done = node.ask("stop", "done", timeout=60)
            results.append(json.loads(Path(done["file"]).read_text()))
    finally:
        for node in nodes + ([driver] if driver else []):
            node.stop()

    sent = {int(c): t for c, t in approved["sent"].items()}
    latencies, delivered = [], 0
    for result in results:
        for comment_id, arrivals in result["arrivals"].items():
            if int(comment_id) in sent and (side is None or int(comment_id) in expected_ids):
                delivered += len(arrivals)
                latencies.extend(t - sent[int(comment_id)] for t in arrivals)
    gens = generator_figures(joined, results, approved)
    count = max(1, len(comment_ids))
    row = {
        "viewers": viewers, "comments": len(comment_ids), "interval_ms": args.interval_ms,
        "expected": viewers * len(comment_ids), "delivered": delivered,
        "joined": joined_total, "join_failed": sum(j["failed"] for j in joined),
        "join_s": round((max(j["last_join_at"] for j in joined) - min(j["started_at"] for j in joined)) / 1000, 2),
        "join_p99_ms": max((j["join_ms"]["p99"] or 0) for j in joined),
        "p50_ms": percentile(latencies, 0.5), "p99_ms": percentile(latencies, 0.99),
        "max_ms": round(max(latencies), 1) if latencies else None,
        "approve_ack_p99_ms": percentile([a["ms"] for a in approved["acks"].values() if a["ms"] is not None], 0.99),
        "approvals_refused": {c: a["code"] for c, a in approved["acks"].items() if not a["ok"]},
        "compression": {"offered": "none" if args.no_deflate else "permessage-deflate",
                        "negotiated": merge_counts([j["compression"] for j in joined])},
        "connect_errors": merge_counts([j["connect_errors"] for j in joined]),
        "join_errors": merge_counts([j["join_errors"] for j in joined]),
        "duplicated": sum(r["duplicates"] for r in results),
        "wire_duplicates": sum(r["wire_duplicates"] for r in results),
        "reconnects": sum(r["reconnects"] for r in results),
        "event_bytes": max(r["event_bytes"] for r in results),
        "events_per_viewer_per_comment": round(sum(r["window_events"] for r in results)
                                               / max(1, joined_total) / max(1, len(comment_ids)), 2),
        "generator_cpu": gens, "generator_saturated": saturated(gens), "generator_starved": starved(gens),
        "server_cpu_s": round(server_after["cpu_s"] - server_before["cpu_s"], 2),
        "server_join_cpu_s": round(server_before["cpu_s"] - idle["cpu_s"], 2),
        "server_rss_mb": server_after["rss_mb"], "server_rss_idle_mb": idle["rss_mb"],
        "server_kb_per_viewer": round((server_after["rss_mb"] - idle["rss_mb"]) * 1024 / max(1, joined_total), 1),
    }
    if commands_idle is not None:
        row["redis_commands_per_join"] = round((commands_joined - commands_idle) / max(1, joined_total), 2)
        row["redis_commands_per_comment"] = round((commands_done - commands_joined) / count, 1)
    if channel is not None:
        row["redis_messages_per_comment"] = round(channel["messages"] / count, 2)
        row["redis_bytes_per_comment"] = round(channel["bytes"] / count)
    if pg_before and pg_after:
        row["pg_per_comment"] = {k: round((pg_after[k] - pg_before[k]) / count, 2) for k in pg_after}
    row["_results"] = results  # for the faults scenario; removed before writing
    row["_expected_ids"] = expected_ids
    return row


class Reference:
    """bench/scale/reference.js on a free port, for the whole command."""

    def __init__(self, folder: Path) -> None:
        from tests.e2e.conftest import MEETING_ID
        from tests.server import free_port

        self.port = free_port()
        self.node = Node("reference.js", {"port": self.port, "meeting_id": MEETING_ID,
                                          "body": BODY.format(n=0), "author": "시민 1"}, folder)
        self.node.expect("listening", timeout=30)
        self.url = f"http://127.0.0.1:{self.port}"
        self.next_id = 1

    def comment_ids(self, count: int) -> list[int]:
        ids = list(range(self.next_id, self.next_id + count))
        self.next_id += count
        return ids

    def stop(self) -> None:
        self.node.stop()


def fanout(setup: Setup, reference: Reference, args, folder: Path, viewers: int, run: int) -> dict:
    tag = uuid.uuid4().hex[:8]
    target = Target(setup.url, setup.pids(), login_cookie(setup.url, "moderator@example.org"), setup)
    row = fanout_once(target, pending_comments(setup.url, args.comments, tag), args, folder, viewers=viewers)
    ref = fanout_once(Target(reference.url, [reference.node.process.pid]), reference.comment_ids(args.comments),
                      args, folder, viewers=viewers)
    row.update({
        "reference_p50_ms": ref["p50_ms"], "reference_p99_ms": ref["p99_ms"], "reference_max_ms": ref["max_ms"],
        "reference_join_s": ref["join_s"], "reference_delivered": ref["delivered"],
        "reference_compression": ref["compression"]["negotiated"], "reference_event_bytes": ref["event_bytes"],
        "reference_server_cpu_s": ref["server_cpu_s"], "reference_server_rss_mb": ref["server_rss_mb"],
        "reference_generator_saturated": ref["generator_saturated"],
        "reference_generator_starved": ref["generator_starved"],
        "ratio_p99": round(row["p99_ms"] / ref["p99_ms"], 2) if row["p99_ms"] and ref["p99_ms"] else None,
    })
    void = _void_reasons(row, "Open Session run") + _void_reasons(ref, "reference run")
    row["void"] = bool(void)
    row["void_reason"] = "; ".join(void) or None
    for key in ("_results", "_expected_ids"):
        row.pop(key)
    return row


def _void_reasons(row: dict, which: str) -> list[str]:
    reasons = []
    if row["generator_saturated"]:
        reasons.append(f"generator saturated ({which})")
    if row["generator_starved"]:
        reasons.append(f"generator starved: machine overloaded ({which})")
    return reasons


def ingest_once(setup: Setup, cookies: list[str], args, folder: Path, *, per_citizen: int, pause_ms: int = 0,
                tag: str | None = None) -> Node:
    """Start bench/scale/ingest.js (connected, not yet submitting)."""
    from tests.crowd import first_item
    from tests.e2e.conftest import MEETING_ID

    node = Node("ingest.js", {"url": setup.url, "cookies": cookies, "item_id": first_item(setup.url, MEETING_ID),
                              "per_citizen": per_citizen, "pause_ms": pause_ms, "tag": tag or uuid.uuid4().hex[:8],
                              "offer_deflate": not args.no_deflate}, folder)
    ready = node.expect("ready", timeout=120)
    if ready["failed"]:
        node.stop()
        raise RuntimeError(f"{ready['failed']} of {len(cookies)} citizens could not connect")
    return node


def stored_keys(setup: Setup, tag: str) -> set[str]:
    return {key for (key,) in setup.rows("SELECT client_key FROM comments WHERE client_key LIKE ?", f"{tag}-%")}


def ingest(setup: Setup, cookies: list[str], args, folder: Path, run: int) -> dict:
    tag = uuid.uuid4().hex[:8]
    node = ingest_once(setup, cookies, args, folder, per_citizen=args.per_citizen, tag=tag)
    try:
        pg_before = setup.pg_stats()
        server_before = usage(setup.pids())
        node.command("go")
        done = node.expect("done", timeout=600)
        server_after = usage(setup.pids())
        pg_after = setup.pg_stats()
    finally:
        node.stop()
    stored = stored_keys(setup, tag)
    acked = set(done["acked"])
    row = {
        "citizens": len(cookies), "per_citizen": args.per_citizen, "sent": len(cookies) * args.per_citizen,
        "acked": len(acked), "stored": len(stored), "lost": len(acked - stored),
        "per_s": done["per_s"], "seconds": done["seconds"],
        "errors": sum(done["errors"].values()) + done["cut"], "error_codes": done["errors"], "cut": done["cut"],
        "retried": done["retried"], "consents": done["consents"],
        "ack_p50_ms": done["ack_ms"]["p50"], "ack_p99_ms": done["ack_ms"]["p99"], "ack_max_ms": done["ack_ms"]["max"],
        "generator_cpu": {"processes": 1, "share": done["cpu"]["share"],
                          "loop_p99_ms": done["cpu"]["loop_delay_p99_ms"]},
        "generator_saturated": done["cpu"]["share"] >= SATURATED_SHARE,
        "server_cpu_s": round(server_after["cpu_s"] - server_before["cpu_s"], 2),
    }
    if pg_before and pg_after and acked:
        row["pg_per_comment"] = {k: round((pg_after[k] - pg_before[k]) / len(acked), 2) for k in pg_after}
    row["void"] = row["generator_saturated"]
    row["void_reason"] = "generator saturated" if row["void"] else None
    return row


WRK_LATENCY = re.compile(r"^\s*(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def read(setup: Setup, args, folder: Path, run: int) -> dict:
    from tests.e2e.conftest import MEETING_ID

    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed: `make bench-tools` (Debian's package wrk)")
    url = f"{setup.url}/meetings/{MEETING_ID}"
    page = urllib.request.urlopen(url, timeout=30)
    size = len(page.read())
    before, server_before = resource.getrusage(resource.RUSAGE_CHILDREN), usage(setup.pids())
    done = subprocess.run([wrk, "-t", str(args.wrk_threads), "-c", str(args.connections), "-d",
                           f"{args.duration}s", "--latency", url], capture_output=True, text=True,
                          timeout=args.duration + 60)
    after, server_after = resource.getrusage(resource.RUSAGE_CHILDREN), usage(setup.pids())
    (folder / f"wrk-{run}.txt").write_text(done.stdout + done.stderr)
    if done.returncode != 0:
        raise RuntimeError(f"wrk exited {done.returncode}: {done.stderr[-1000:]}")
    out = done.stdout
    latency = {q: _ms(v, u) for q, v, u in WRK_LATENCY.findall(out)}
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    share = round(cpu / args.duration, 2)
    return {
        "url_path": f"/meetings/{MEETING_ID}", "page_bytes": size, "connections": args.connections,
        "duration_s": args.duration, "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": round(latency.get("50", 0), 1), "p90_ms": round(latency.get("90", 0), 1),
        "p99_ms": round(latency.get("99", 0), 1),
        "errors": (sum(int(x) for x in socket_errors.groups()) if socket_errors else 0)
        + (int(non_2xx.group(1)) if non_2xx else 0),
        "error_kinds": {"non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
                        **(dict(zip(("connect", "read", "write", "timeout"), map(int, socket_errors.groups())))
                           if socket_errors else {})},
        "generator_cpu": {"threads": args.wrk_threads, "cores_used": share},
        "generator_saturated": share >= SATURATED_SHARE * args.wrk_threads,
        "server_cpu_s": round(server_after["cpu_s"] - server_before["cpu_s"], 2),
        "void": share >= SATURATED_SHARE * args.wrk_threads,
        "void_reason": "generator saturated" if share >= SATURATED_SHARE * args.wrk_threads else None,
    }


def faults(setup: Setup, cookies: list[str], args, folder: Path, viewers: int, run: int) -> dict:
    """Fan-out through nginx with 20 citizens submitting beside it; one process killed halfway."""
    tag = uuid.uuid4().hex[:8]
    comment_ids = pending_comments(setup.url, args.comments, tag)
    # The moderator approves on the process that survives, so that approvals go on while the killed
    # process's viewers are away and come back: what they missed must be replayed.
    target = Target(setup.url, setup.pids(), login_cookie(setup.url, "moderator@example.org"), setup,
                    driver_url=f"http://127.0.0.1:{setup.cluster.ports[1]}")
    side_tag = uuid.uuid4().hex[:8]
    side = ingest_once(setup, cookies[:20], args, folder, per_citizen=0, pause_ms=100, tag=side_tag)
    killed_at: list[float] = []

    def kill() -> None:
        killed_at.append(now_ms())
        setup.kill(0)

    def approved_ids(ids: list[int]) -> list[int]:
        placeholders = ",".join("?" * len(ids))
        return sorted(i for (i,) in setup.rows(
            f"SELECT id FROM comments WHERE id IN ({placeholders}) AND status = 'approved'", *ids))

    side.command("go")
    try:
        row = fanout_once(target, comment_ids, args, folder, viewers=viewers, kill_at_half=kill, settle_s=60,
                          side={"approved_ids": approved_ids})
    finally:
        done = side.ask("stop", "done", timeout=120)
        side.stop()
    results, expected_ids = row.pop("_results"), row.pop("_expected_ids")
    acked = set(done["acked"])
    stored = stored_keys(setup, side_tag)
    approvals_lost = len(set(comment_ids) - set(expected_ids))  # every approval was retried until answered
    last_rejoin = max((r["last_rejoin_at"] for r in results), default=0)
    for key in ("server_cpu_s", "server_join_cpu_s", "server_kb_per_viewer", "redis_messages_per_comment",
                "redis_bytes_per_comment", "redis_commands_per_join", "redis_commands_per_comment",
                "pg_per_comment"):
        row.pop(key, None)  # a process died and citizens submitted beside: not figures of the fan-out
    row.update({
        "killed_process": 0,
        "approved": len(expected_ids), "missed": row["joined"] * len(expected_ids) - row["delivered"],
        "lost": len(acked - stored) + approvals_lost, "side_acked": len(acked), "side_stored": len(stored),
        "side_errors": sum(done["errors"].values()) + done["cut"], "side_error_codes": done["errors"],
        "rejoined": sum(r["rejoined"] for r in results),
        "still_connected": sum(r["connected"] for r in results),
        "rejoin_s": round((last_rejoin - killed_at[0]) / 1000, 2) if killed_at and last_rejoin else None,
        "replayed": sum(sum(r["replayed"].values()) for r in results),
    })
    reasons = _void_reasons(row, "faults run")
    row["void"], row["void_reason"] = bool(reasons), "; ".join(reasons) or None
    return row


# --- the command ---------------------------------------------------------------------------------

SUMMARY_SKIP = {"scenario", "setup", "run", "when", "cores", "memory_gb"}


def summarize(rows: list[dict]) -> dict:
    """The median of each numeric field over the runs (the voided ones left out when others remain)."""
    valid = [r for r in rows if not r.get("void")] or rows
    summary = {"scenario": rows[0]["scenario"], "setup": rows[0]["setup"], "run": "median", "runs": len(rows),
               "void_runs": sum(1 for r in rows if r.get("void")), "when": rows[0]["when"],
               "cores": rows[0]["cores"], "memory_gb": rows[0]["memory_gb"]}
    if "expected" in rows[0]:  # every run, not the median, must deliver everything
        summary["all_delivered"] = all(r["delivered"] == r["expected"] for r in valid)
    for key in rows[0]:
        if key in SUMMARY_SKIP or key in summary:
            continue
        values = [r.get(key) for r in valid]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            summary[key] = median(values)
        elif all(isinstance(v, bool) for v in values):
            summary[key] = any(values)
        else:
            last = key in ("compression", "reference_compression")
            summary[key] = values[-1] if last else [r.get(key) for r in valid]
    return summary


def targets(summaries: list[dict]) -> dict:
    """Issue #16's targets 1-5 against the medians of this command (None: not run, or not at the size the
    target names: 10,000 and 5,000 viewers, 200 citizens, 50 connections). Only a quiet machine's verdict
    counts (see `loadavg` and `void_runs`)."""
    by = {(s["scenario"], s["setup"]): s for s in summaries}
    checks: dict = {}

    def fanout_target(setup: str, viewers: int):
        s = by.get(("fanout", setup))
        if not s or s["viewers"] < viewers:
            return None
        return bool(s["all_delivered"] and s["ratio_p99"] is not None and s["ratio_p99"] <= 1.5
                    and s["join_s"] <= 10)

    checks["1_fanout_2proc_10000"] = fanout_target("pg-redis-2proc-nginx", 10000)
    checks["2_fanout_sqlite_5000"] = fanout_target("sqlite-1proc", 5000)
    two, lite, one_pg = (by.get(("ingest", s)) for s in ("pg-redis-2proc-nginx", "sqlite-1proc", "pg-1proc"))
    checks["3_ingest"] = checks["3_ingest_2proc_part"] = None  # the whole target needs all three setups
    if two and two["citizens"] >= 200:
        ok = two["per_s"] >= 500 and two["errors"] == 0 and two["lost"] == 0 and two["stored"] >= two["acked"]
        if lite and one_pg:
            ok = ok and lite["per_s"] >= one_pg["per_s"] and lite["errors"] == 0 and lite["lost"] == 0
        checks["3_ingest"] = bool(ok) if (lite and one_pg) else None
        checks["3_ingest_2proc_part"] = bool(two["per_s"] >= 500 and two["errors"] == 0 and two["lost"] == 0)
    r = by.get(("read", "pg-redis-2proc-nginx"))
    checks["4_read_2proc"] = bool(r["rps"] >= 500 and r["p99_ms"] < 200) if r and r["connections"] == 50 else None
    f = by.get(("faults", "pg-redis-2proc-nginx"))
    checks["5_faults"] = bool(f["missed"] == 0 and f["duplicated"] == 0 and f["lost"] == 0) if f else None
    checks["void_runs"] = sum(s.get("void_runs", 0) for s in summaries)
    return checks


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="all", help="fanout, ingest, read, faults or all (comma-separated)")
    parser.add_argument("--setup", default="sqlite-1proc,pg-redis-2proc-nginx",
                        help=f"{', '.join(SETUPS)} or all (comma-separated)")
    parser.add_argument("--viewers", type=int, help="default: 5,000 on one process, 10,000 on two (the targets)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--comments", type=int, default=20, help="approvals per fan-out run")
    parser.add_argument("--interval-ms", type=int, default=500, help="between two scheduled approvals")
    parser.add_argument("--generators", type=int, help="viewer processes (default: one per 2,500 viewers)")
    parser.add_argument("--connect-concurrency", type=int, default=250, help="viewers connecting at once per generator")
    parser.add_argument("--join-timeout", type=int, default=40, help="seconds a viewer may take to join")
    parser.add_argument("--no-deflate", action="store_true", help="do not offer permessage-deflate")
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--per-citizen", type=int, default=25, help="comments each citizen submits (ingest)")
    parser.add_argument("--connections", type=int, default=50, help="wrk connections (read)")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=15, help="seconds of each wrk run (read)")
    parser.add_argument("--feedback-worker", action="store_true", help="run the feedback worker beside two processes")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL",
                                                             "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
                        help="a PostgreSQL server; each setup uses a scratch database created and dropped there")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"))
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    parser.add_argument("--work-dir", type=Path, help="logs and generator files (default: a new temporary folder)")
    args = parser.parse_args(argv)
    args.scenarios = list(SCENARIOS) if args.scenario == "all" else args.scenario.split(",")
    args.setups = list(SETUPS) if args.setup == "all" else args.setup.split(",")
    for name in args.scenarios:
        if name not in SCENARIOS:
            parser.error(f"unknown scenario {name!r}")
    for name in args.setups:
        if name not in SETUPS and not CLUSTER.fullmatch(name):
            parser.error(f"unknown setup {name!r}")
    return args


def main(argv: list[str] | None = None) -> Path:
    args = parse(argv)
    node_ready()
    raise_file_limit()
    args.results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.results_dir / f"scale_out-{stamp}.json"
    folder = args.work_dir or Path(tempfile.mkdtemp(prefix="scale_out-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"scale_out: logs in {folder}, results in {out}", flush=True)
    summaries: list[dict] = []
    reference = Reference(folder) if "fanout" in args.scenarios else None

    def write(row: dict) -> None:
        with out.open("a") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(json.dumps(row, ensure_ascii=False), flush=True)

    try:
        for setup_name in args.setups:
            two_or_more = CLUSTER.fullmatch(setup_name) and int(CLUSTER.fullmatch(setup_name).group(1)) >= 2
            scenarios = [s for s in args.scenarios if s != "faults" or two_or_more]
            if not scenarios:
                continue
            sub = folder / setup_name
            sub.mkdir(exist_ok=True)
            setup = start_setup(setup_name, sub, args)
            try:
                viewers = args.viewers or DEFAULT_VIEWERS.get(setup_name, 10000)
                cookies = register_citizens(setup.url, args.citizens) \
                    if {"ingest", "faults"} & set(scenarios) else []
                for scenario in scenarios:
                    rows = []
                    for run in range(1, args.runs + 1):
                        stamp_row = {"scenario": scenario, "setup": setup_name, "run": run,
                                     "when": datetime.now(timezone.utc).isoformat(timespec="seconds"), **machine()}
                        if scenario == "fanout":
                            figures = fanout(setup, reference, args, sub, viewers, run)
                        elif scenario == "ingest":
                            figures = ingest(setup, cookies, args, sub, run)
                        elif scenario == "read":
                            figures = read(setup, args, sub, run)
                        else:
                            figures = faults(setup, cookies, args, sub, viewers, run)
                            setup.restart(0)
                        rows.append({**stamp_row, **figures})
                        write(rows[-1])
                    summaries.append(summarize(rows))
                    write(summaries[-1])
            finally:
                setup.stop()
    finally:
        if reference is not None:
            reference.stop()
    checks = targets(summaries)
    write({"scenario": "targets", "when": datetime.now(timezone.utc).isoformat(timespec="seconds"), **machine(),
           **checks})
    print(f"written to {out}", flush=True)
    return out


if __name__ == "__main__":
    main()
