"""Configuration classes, read from the environment.

`OPEN_SESSION_ENV` picks the class for `create_app()` (development by default). Secrets never live in
the repository: production refuses to start without `SECRET_KEY`; development keeps a random key in
`instance/secret_key` so sessions survive restarts.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _instance_secret() -> str:
    """Return a per-machine random key kept in the instance folder (development only)."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'open-session.db'}"
    REDIS_URL = os.environ.get("REDIS_URL")
    HOST = os.environ.get("HOST", "127.0.0.1")
    PORT = _int("PORT", 5000)
    # How many reverse proxies in front set X-Forwarded-For/-Proto/-Host (participation/serving.py); 0:
    # none, the headers are ignored (a client could forge them).
    TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)

    UPLOAD_FOLDER = Path(os.environ.get("UPLOAD_FOLDER", INSTANCE_DIR / "uploads"))
    MAX_UPLOAD_BYTES = _int("MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    # Werkzeug refuses bodies past this before any view runs; a little above the upload limit so the
    # form can say "too large" itself for files just over it.
    MAX_CONTENT_LENGTH = MAX_UPLOAD_BYTES + 1024 * 1024

    BABEL_DEFAULT_LOCALE = "ko"
    BABEL_DEFAULT_TIMEZONE = "Asia/Seoul"
    LANGUAGES = ("ko", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_NAME = "remember_token"  # Flask-Login's; a visitor carrying it is not anonymous
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; forms left open stay usable

    # Connections one process may hold to Redis, and how long a greenlet waits for a free one
    # (participation/core/redis_clients.py).
    REDIS_MAX_CONNECTIONS = _int("REDIS_MAX_CONNECTIONS", 1000)
    REDIS_POOL_TIMEOUT = _int("REDIS_POOL_TIMEOUT", 10)

    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    REGISTER_RATE_LIMIT = os.environ.get("REGISTER_RATE_LIMIT", "5 per hour")
    # Data downloads and account deletions (the password tries too), per account (accounts/data_views.py).
    ACCOUNT_DATA_RATE_LIMIT = os.environ.get("ACCOUNT_DATA_RATE_LIMIT", "5 per minute;30 per hour")
    COMMENT_RATE_LIMIT = os.environ.get("COMMENT_RATE_LIMIT", "5 per minute;60 per hour")
    GUEST_COMMENT_RATE_LIMIT = os.environ.get("GUEST_COMMENT_RATE_LIMIT", "2 per minute;20 per hour")
    # Votes on comments per account or guest: voting through fifty comments in a few minutes is the normal case.
    VOTE_RATE_LIMIT = os.environ.get("VOTE_RATE_LIMIT", "60 per minute;600 per hour")
    # How many approved comments a page renders at most (the newest beyond it arrive live).
    COMMENT_FEED_LIMIT = _int("COMMENT_FEED_LIMIT", 500)
    # Every socket event of one user or guest, whatever it is.
    SOCKET_EVENT_RATE_LIMIT = os.environ.get("SOCKET_EVENT_RATE_LIMIT", "120 per minute")
    # Sockets without a guest id (no page of the site loaded, no cookie) are counted by address, and
    # many people share one mobile carrier's address: a generous limit of its own.
    ADDRESS_SOCKET_EVENT_RATE_LIMIT = os.environ.get("ADDRESS_SOCKET_EVENT_RATE_LIMIT", "1200 per minute")

    # gevent holds thousands of websocket viewers per process; Redis lets several processes share rooms.
    SOCKETIO_ASYNC_MODE = "gevent"
    SOCKETIO_MAX_MESSAGE_BYTES = 32 * 1024
    SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL", "open-session")  # the Redis pub/sub channel
    # Anonymous visitors' public pages from a cache invalidated by every change (core/page_cache.py).
    PAGE_CACHE = os.environ.get("PAGE_CACHE", "1") != "0"
    PAGE_CACHE_SECONDS = _int("PAGE_CACHE_SECONDS", 30)  # what only the clock changes shows this late at most
    # With Redis, a process that died stops counting as watching within this many seconds (live/presence.py).
    PRESENCE_HEARTBEAT_TTL = _int("PRESENCE_HEARTBEAT_TTL", 15)
    SOCKETIO_WEBSOCKET_COMPRESSION = os.environ.get("SOCKETIO_WEBSOCKET_COMPRESSION") == "1"

    # Open data (participation/api): the API's requests per client address, and the licence of everything
    # the platform publishes as data (the API, the downloads, the feeds) and of citizens' comments, which
    # the comment form states.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120 per minute;3000 per hour")
    # A comment approved this recently waits for the next request (participation/comments/public.py).
    API_SETTLE_SECONDS = 2
    DATA_LICENCE = {"id": "CC-BY-4.0", "name": "Creative Commons Attribution 4.0 International",
                    "url": "https://creativecommons.org/licenses/by/4.0/"}

    # E-mail (participation/accounts/mail.py). Without MAIL_SERVER, messages are written to MAIL_FOLDER
    # as .eml files (development: `make run` needs no mail server). Links in mails start with PUBLIC_URL.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = _int("MAIL_PORT", 587)
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") != "0"
    MAIL_USE_SSL = False
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Open Session <no-reply@open-session.localhost>")
    MAIL_DEFAULT_SENDER = MAIL_FROM
    MAIL_SUPPRESS_SEND = False  # Flask-Mail would suppress under TESTING: the tests read a real SMTP server
    MAIL_FOLDER = Path(os.environ.get("MAIL_FOLDER", INSTANCE_DIR / "mail"))
    MAIL_KEEP_DAYS = _int("MAIL_KEEP_DAYS", 30)  # sent messages (they hold addresses) are then deleted
    MAIL_DELIVER_AFTER_COMMIT = True  # a background task delivers once the transaction commits
    PUBLIC_URL = os.environ.get("PUBLIC_URL") or f"http://{HOST}:{PORT}"
    # Members are reminded of their written opinions this many days before the deadline (notifications).
    OPINION_REMINDER_DAYS = _int("OPINION_REMINDER_DAYS", 3)
    # Mailed links (participation/accounts/tokens.py, reset.py): how long they work, in seconds, and how
    # often one may ask for them (a reset per client address and per e-mail; a confirmation per account).
    PASSWORD_RESET_MAX_AGE = _int("PASSWORD_RESET_MAX_AGE", 3600)
    PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5 per hour")
    EMAIL_CONFIRM_MAX_AGE = _int("EMAIL_CONFIRM_MAX_AGE", 7 * 24 * 3600)
    EMAIL_CONFIRM_RATE_LIMIT = os.environ.get("EMAIL_CONFIRM_RATE_LIMIT", "3 per hour")

    PASSWORD_HASH_PROFILE = "RFC_9106_LOW_MEMORY"
    SEED_ALLOWED = True
    # `python app.py` starts the themes worker (`flask feedback worker`) beside the server; off when a
    # worker runs elsewhere (THEMES_WORKER=0), and then no themes are computed unless one does.
    THEMES_WORKER = os.environ.get("THEMES_WORKER", "1") != "0"

    @classmethod
    def init_app(cls, app) -> None:
        """Last checks and settings that need the app; called by `create_app`."""


class DevelopmentConfig(Config):
    """Local runs: `make run`."""

    @classmethod
    def init_app(cls, app) -> None:
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = _instance_secret()


class TestConfig(Config):
    """The test suite: its own database (TEST_DATABASE_URL or a SQLite file the fixtures choose)."""

    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    REDIS_URL = None  # tests that need the Redis queue set it themselves
    RATELIMIT_STORAGE_URI = "memory://"
    PASSWORD_HASH_PROFILE = "CHEAPEST"  # hashing cost is not what the tests measure
    MAX_UPLOAD_BYTES = 256 * 1024
    MAX_CONTENT_LENGTH = MAX_UPLOAD_BYTES + 64 * 1024
    THEMES_WORKER = False  # tests run the worker's code themselves
    API_SETTLE_SECONDS = 0  # tests/api/test_v1.py sets it where it is what the test is about
    MAIL_SERVER = None  # tests/mailbox.py points it at an SMTP server of the test process
    MAIL_DELIVER_AFTER_COMMIT = False  # tests deliver themselves (mail.deliver_pending), or turn it on
    PUBLIC_URL = "http://open-session.test"


class ProductionConfig(Config):
    """Deployed behind TLS: secure cookies, a secret from the environment, no demo seeding."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SEED_ALLOWED = False

    @classmethod
    def init_app(cls, app) -> None:
        """Refuse to start without the settings production cannot guess."""
        if not app.config.get("SECRET_KEY"):
            raise RuntimeError("SECRET_KEY must be set in production")


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """Return the config class named by OPEN_SESSION_ENV (development when unset)."""
    name = os.environ.get("OPEN_SESSION_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"OPEN_SESSION_ENV must be one of {sorted(CONFIGS)}, not {name!r}") from None
