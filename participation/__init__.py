"""Open Session: a citizen open-meeting participation platform.

`create_app` is the application factory: config, extensions, blueprints, error pages, CLI.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from config import INSTANCE_DIR, Config, config_from_env
from participation import serving
from participation.core import routing

PROJECT_DIR = Path(__file__).resolve().parent.parent


def create_app(config_class: type[Config] | None = None, **overrides) -> Flask:
    """Build the application for `config_class` (chosen from OPEN_SESSION_ENV when omitted)."""
    config_class = config_class or config_from_env()
    app = serving.OpenSessionFlask(
        __name__,
        template_folder=str(PROJECT_DIR / "templates"),
        static_folder=str(PROJECT_DIR / "static"),
        instance_path=str(INSTANCE_DIR),
        instance_relative_config=True,
    )
    app.config.from_object(config_class)
    app.config.update(overrides)
    config_class.init_app(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    _init_extensions(app)
    routing.register(app)  # before the blueprints: their `<int:>` rules take the app's converter
    _register_blueprints(app)
    _connect_receivers()
    _register_hooks(app)
    serving.prepare(app)
    return app


def _init_extensions(app: Flask) -> None:
    from participation.core.i18n import select_locale
    from participation.extensions import babel, csrf, db, limiter, login_manager, mail, migrate, socketio
    from participation.live import limits as live_limits
    from participation.live import rooms as live_rooms

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(
        app, locale_selector=select_locale,
        default_translation_directories=str(PROJECT_DIR / "translations"),
    )
    if app.config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        from participation.core import redis_clients

        # Flask-Limiter's Redis storage over the process's blocking pool, like every other Redis client.
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {})["connection_pool"] = redis_clients.pool(
            app.config["RATELIMIT_STORAGE_URI"], app)
    limiter.init_app(app)
    login_manager.init_app(app)
    mail.init_app(app)
    socketio.init_app(
        app, async_mode=app.config["SOCKETIO_ASYNC_MODE"], message_queue=app.config["REDIS_URL"],
        channel=app.config["SOCKETIO_CHANNEL"],
        # The transport drops an oversized packet without a word, so its limit only bounds memory; the
        # promised limit is checked per event and answered `too_large` (live/limits.py), and malformed
        # events are answered `malformed` instead of being dropped.
        max_http_buffer_size=app.config["SOCKETIO_MAX_MESSAGE_BYTES"] * live_limits.TRANSPORT_FACTOR,
        serializer=live_limits.LenientPacket,
        client_manager=live_rooms.client_manager(app),  # per-user and privileged rooms (live/rooms.py)
        # A client's events run one after the other on the greenlet reading its socket, in the order
        # sent, instead of each on a greenlet of its own (which cost a crowd joining a twentieth of its
        # CPU); a call waiting for the SQLite write lock holds back only its own client.
        async_handlers=False,
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from participation.core.sqlite import enable_sqlite_pragmas

        with app.app_context():
            enable_sqlite_pragmas(db.engine)


def _register_blueprints(app: Flask) -> None:
    from participation import api
    from participation.accounts import cli as accounts_cli
    from participation.accounts import mail_cli
    from participation.core import backup
    from participation.core import site
    from participation.accounts.views import bp as accounts_bp
    from participation.comments.views import bp as comments_bp
    from participation.demo import seed
    from participation.feedback import cli as feedback_cli
    from participation.feedback import views as feedback_views
    from participation.live import namespace as live_namespace
    from participation.live.views import bp as live_bp
    from participation import notifications
    from participation.meetings.manage_views import bp as manage_bp
    from participation.meetings.public_views import bp as meetings_bp
    from participation.record import cli as record_cli
    from participation.record import views as record_views

    app.register_blueprint(accounts_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(live_bp)
    feedback_views.register(app)
    record_views.register(app)
    live_namespace.register(app)
    notifications.register(app)
    api.register(app)
    site.register(app)
    backup.register(app)
    accounts_cli.register(app)
    mail_cli.register(app)
    record_cli.register(app)
    feedback_cli.register(app)
    seed.register(app)


def _connect_receivers() -> None:
    """Wire the signals that carry news upward and the after-commit outbox, explicitly and once."""
    from participation.comments import receivers as comments_receivers
    from participation.feedback import receivers as feedback_receivers
    from participation.core import after_commit, page_cache
    from participation.live import receivers, rooms
    from participation.notifications import receivers as notification_receivers

    after_commit.install()
    page_cache.install()
    comments_receivers.connect()
    feedback_receivers.connect()
    receivers.connect()
    rooms.connect_receivers()
    notification_receivers.connect()  # and the worker's periodic work (core/rounds.py)


def _register_hooks(app: Flask) -> None:
    from participation.core import errors, logs, templating, transactions
    from participation.core.i18n import remember_language
    from participation.core.security import add_security_headers

    transactions.init_app(app)  # an unsafe request is a write unit (one writer at a time on SQLite)
    logs.register(app)
    errors.register(app)
    templating.register(app)
    app.after_request(remember_language)
    app.after_request(add_security_headers)
