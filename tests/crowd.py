"""A crowd of citizens against a real server process: registered through the real form, each on a
python-socketio connection of its own, submitting comments and waiting for every acknowledgement.

Shared by the end-to-end tests (tests/e2e/) and the ingest benchmark (bench/ingest.py).
"""
from __future__ import annotations

import re
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field

import requests
import socketio

from participation.comments.consents import CONSENT_VERSION
from tests.server import CSRF

PASSWORD = "crowd-password-123"


def first_item(base_url: str, meeting_id: int) -> int:
    """The id of the first agenda item linked from the meeting's page."""
    html = urllib.request.urlopen(f"{base_url}/meetings/{meeting_id}", timeout=10).read().decode()
    return int(re.search(rf"/meetings/{meeting_id}/items/(\d+)", html).group(1))


def register(base_url: str, email: str, name: str) -> str:
    """Register a citizen through the real form; the logged-in session's Cookie header."""
    session = requests.Session()
    token = CSRF.search(session.get(base_url + "/register", timeout=30).text).group(1)
    response = session.post(base_url + "/register", timeout=60, allow_redirects=False, data={
        "email": email, "display_name": name, "password": PASSWORD, "confirm": PASSWORD, "locale": "ko",
        "csrf_token": token})
    assert response.status_code == 302, response.text[:500]
    return "; ".join(f"{k}={v}" for k, v in session.cookies.get_dict().items())


def register_many(base_url: str, count: int, tag: str | None = None) -> list[str]:
    """`count` citizens registered at the same time (concurrent HTTP writes); their Cookie headers."""
    tag = tag or uuid.uuid4().hex[:6]
    cookies: list[str | BaseException] = [""] * count

    def one(n: int) -> None:
        try:
            cookies[n] = register(base_url, f"crowd-{tag}-{n}@example.org", f"Crowd {tag} {n}")
        except BaseException as error:  # noqa: BLE001 - reported below, in the caller's thread
            cookies[n] = error

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for cookie in cookies:
        if isinstance(cookie, BaseException):
            raise cookie
    return cookies


def connect(base_url: str, cookie: str | None = None, wait_timeout: float = 30) -> socketio.Client:
    """A python-socketio client on /live, over WebSocket, with the session cookie `cookie`."""
    client = socketio.Client(reconnection=False)
    try:
        client.connect(base_url, namespaces=["/live"], transports=["websocket"],
                       headers={"Cookie": cookie} if cookie else {}, wait_timeout=wait_timeout)
    except Exception:
        client.disconnect()  # a half-open connection would stay on the server
        raise
    return client


@dataclass
class Tally:
    """What the crowd was told: acknowledged client keys (with their comment ids), refusals, latencies."""

    acked: dict[str, int] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    ack_ms: list[float] = field(default_factory=list)
    cut: int = 0  # calls that got no answer because the connection went away
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, key: str, ack: dict | None, ms: float) -> None:
        with self.lock:
            if ack is None:
                self.cut += 1
            elif ack.get("ok"):
                self.acked[key] = ack["comment_id"]
                self.ack_ms.append(ms)
            else:
                self.errors.append(ack["error"])


def call(client: socketio.Client, event: str, payload: dict, timeout: float = 60) -> dict | None:
    """`client.call`, except that a dropped connection answers None at once (python-socketio's own
    call waits for its whole timeout)."""
    answered = threading.Event()
    box: list = []

    def on_ack(*args):
        box.append(args[0] if args else None)
        answered.set()

    try:
        client.emit(event, payload, namespace="/live", callback=on_ack)
    except (socketio.exceptions.BadNamespaceError, socketio.exceptions.ConnectionError):
        return None
    deadline = time.monotonic() + timeout
    while not answered.wait(0.05):
        if not client.connected or time.monotonic() > deadline:
            break
    return box[0] if answered.is_set() else None


def submit_all(client: socketio.Client, item_id: int, keys: list[str], tally: Tally,
               stop: threading.Event | None = None) -> None:
    """Submit one comment per key, each after the previous one's ack; stops quietly when cut off."""
    for key in keys:
        if stop is not None and stop.is_set():
            return
        started = time.perf_counter()
        # Newly registered citizens: each agrees to the consent text with its comments (the first one needs it).
        ack = call(client, "comment.submit", {"item_id": item_id, "body": f"의견 {key}", "stance": "question",
                                               "client_key": key, "consent": True, "consent_version": CONSENT_VERSION})
        tally.add(key, ack, (time.perf_counter() - started) * 1000)
        if ack is None:
            return


def close_all(clients: list[socketio.Client]) -> None:
    """Disconnect every client at once (a disconnect waits for the transport's read loop)."""
    closers = [threading.Thread(target=c.disconnect) for c in clients]
    for thread in closers:
        thread.start()
    for thread in closers:
        thread.join(timeout=15)


def crowd(base_url: str, cookies: list[str], item_id: int, per_citizen: int, tag: str | None = None) -> dict:
    """Every citizen submits `per_citizen` comments at the same time, each waiting for its ack."""
    tag = tag or uuid.uuid4().hex[:6]
    clients = [connect(base_url, cookie) for cookie in cookies]
    tally = Tally()
    threads = [threading.Thread(target=submit_all,
                                args=(client, item_id, [f"{tag}-{c}-{n}" for n in range(per_citizen)], tally))
               for c, client in enumerate(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    close_all(clients)
    return {"tally": tally, "seconds": seconds, "tag": tag}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")
