"""Site-wide addresses outside any blueprint: files browsers ask for by a fixed address, and `/healthz`
for load balancers and service managers."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, jsonify, send_from_directory

from participation.core.permissions import public
from participation.extensions import db

FAVICON_MAX_AGE = 30 * 24 * 3600  # a month: the icon rarely changes, and every page view would ask


@public
def favicon():
    """`/favicon.ico`, which browsers request on their own; pages link static/favicon.svg as well."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=FAVICON_MAX_AGE)


@public
def healthz():
    """200 `{"status": "ok", ...}` when this process reaches its database (and Redis when set), else 503
    naming what failed: a proxy takes a process out of rotation on it, a service manager restarts it."""
    checks = {"database": _check(lambda: db.session.execute(sa.text("SELECT 1")))}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _check(_ping_redis)
    db.session.rollback()
    healthy = all(value == "ok" for value in checks.values())
    response = jsonify(status="ok" if healthy else "failing", **checks)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if healthy else 503


def _check(probe) -> str:
    try:
        probe()
    except Exception as error:  # noqa: BLE001 - whatever the failure, the answer is "failing"
        current_app.logger.warning("health check failed", extra={"fields": {"error": str(error)}})
        return "failing"
    return "ok"


def _ping_redis() -> None:
    import redis

    client = redis.Redis.from_url(current_app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


def register(app) -> None:
    app.add_url_rule("/favicon.ico", "favicon", favicon)
    app.add_url_rule("/healthz", "healthz", healthz)
