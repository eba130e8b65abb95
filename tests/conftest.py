"""Fixtures shared by the whole suite: an app per test on a fresh database, clients, logins, factories.

The database is a SQLite file in the test's temporary folder, or the PostgreSQL database named by
TEST_DATABASE_URL, emptied before each test (tests/databases.py makes both cheaply).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from config import TestConfig
from participation import create_app
from participation.extensions import db
from tests import factories
from tests.databases import PostgresSchema, SqliteFiles, is_postgres

DEMO_PASSWORD = factories.PASSWORD


def pytest_configure(config):
    """Compile the translation catalogues when they are missing or older than their sources, so the
    suite also runs through plain `pytest` and not only `make test`."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from tests.server import PROJECT

    for po in (PROJECT / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source, mo.open("wb") as target:
                write_mo(target, read_po(source))


def database_url(folder) -> str:
    """TEST_DATABASE_URL when set (PostgreSQL on CI), else a SQLite file in `folder`."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{folder / 'test.db'}"


def make_app(url: str, uploads):
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, UPLOAD_FOLDER=uploads,
                      MAIL_FOLDER=Path(uploads).parent / "mail")


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """How this run gives each test its database: SQLite template files, or the one PostgreSQL schema."""
    if is_postgres(database_url(Path(tmp_path_factory.getbasetemp()))):
        return PostgresSchema()
    return SqliteFiles(tmp_path_factory.mktemp("databases"), make_app)


@pytest.fixture
def app(tmp_path, databases):
    url = database_url(tmp_path)
    if not is_postgres(url):
        databases.empty_schema(tmp_path / "test.db")
    app = make_app(url, tmp_path / "uploads")
    if is_postgres(url):
        databases.empty_schema(app)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def demo(app, tmp_path, databases):
    """The demo data set (committee, 20 tasks, 3 meetings, demo accounts, comments), committed: seeded once per
    run and copied into each test's database."""
    if isinstance(databases, PostgresSchema):
        databases.demo(app)
    else:
        databases.demo(app, tmp_path / "test.db")
    return app


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(client, url: str = "/login") -> str:
    """The CSRF token of the form on `url` (the session cookie stays in the client)."""
    html = client.get(url).get_data(as_text=True)
    match = CSRF_FIELD.search(html)
    assert match, f"no csrf_token field on {url}"
    return match.group(1) or match.group(2)


class AuthActions:
    """Log the test client in and out through the real forms."""

    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = DEMO_PASSWORD):
        token = csrf_token(self._client, "/login")
        return self._client.post("/login", data={"email": email, "password": password, "csrf_token": token})

    def logout(self):
        return self._client.post("/logout", data={"csrf_token": csrf_token(self._client, "/")})


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def post_form(client):
    """POST a form with a fresh CSRF token taken from `form_url` (the page that shows the form)."""

    def post(url: str, data: dict, form_url: str | None = None, **kwargs):
        data = {**data, "csrf_token": csrf_token(client, form_url or url)}
        return client.post(url, data=data, **kwargs)

    return post


@pytest.fixture
def mailbox(app):
    """A real SMTP server in this process that the app sends its mail to (tests/mailbox.py)."""
    from tests.mailbox import Mailbox

    box = Mailbox().start()
    box.point(app)
    yield box
    box.stop()
