"""Every route of the URL map, requested as every kind of user, answers what the reviewed access table
says (tests/access_table.toml).

The expected answers come from that table, written by hand from what each view is for, not from the
`access` attribute the decorators set: loosening a decorator fails here until the table is changed too.
The URL map must match the table exactly (no endpoint missing from it, no entry without an endpoint, the
same rule, methods and access), and each route's real answer is checked for each role. URL parameters
take sample values from the demo data; a route with a parameter this file does not know fails until a
sample is added.
"""
from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
import sqlalchemy as sa

from config import TestConfig
from participation import create_app
from participation.core.roles import Role
from participation.accounts.models import User
from participation.extensions import db
from participation.meetings import materials
from participation.meetings.models import AgendaItem, Meeting, MeetingState
from tests import factories
from tests.conftest import database_url
from tests.meetings.pdf import minimal_pdf

TABLE_FILE = Path(__file__).with_name("access_table.toml")
TABLE: dict[str, dict] = tomllib.loads(TABLE_FILE.read_text(encoding="utf-8"))
USERS = ["anonymous", "citizen", "moderator", "secretary", "member", "admin"]
# Routes outside the application's own rules (Flask's static files).
EXEMPT = {"static"}
KEYS = {"rule", "methods", "access", "get", "post", "logged_in", "logged_in_roles", "anonymous", "role_answers"}


def _app_routes(app) -> dict[str, dict]:
    """endpoint -> rule, methods and the access rule its decorator declares, from the URL map."""
    out: dict[str, dict] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in EXEMPT:
            continue
        assert rule.endpoint not in out, f"{rule.endpoint} has two URL rules: the table knows one per endpoint"
        access = getattr(app.view_functions[rule.endpoint], "access", None)
        declared = None if access is None else (
            "public" if not access.login else sorted(r.value for r in access.roles) or "login")
        out[rule.endpoint] = {"rule": rule.rule, "methods": sorted(rule.methods - {"HEAD", "OPTIONS"}),
                              "access": declared}
    return out


ROUTES = sorted((endpoint, method) for endpoint, entry in TABLE.items() for method in entry.get("methods", ()))


def test_the_table_is_well_formed():
    problems = []
    roles = {role.value for role in Role}
    assert set(USERS) == {"anonymous", *roles}, "a role was added or removed: add it to USERS and the table"
    for endpoint, entry in TABLE.items():
        access = entry.get("access")
        if not (access in ("public", "login") or (isinstance(access, list) and access and set(access) <= roles)):
            problems.append(f"{endpoint}: access must be 'public', 'login' or a list of roles, not {access!r}")
        if unknown := set(entry) - KEYS:
            problems.append(f"{endpoint}: unknown keys {sorted(unknown)}")
        if "POST" in entry.get("methods", ()) and "post" not in entry:
            problems.append(f"{endpoint}: takes POST, so say what an allowed empty POST answers (`post = ...`)")
        if access != "public" and {"logged_in", "logged_in_roles", "anonymous"} & set(entry):
            problems.append(f"{endpoint}: logged_in / logged_in_roles / anonymous are for public routes only")
        if not set(entry.get("logged_in_roles", ())) <= roles:
            problems.append(f"{endpoint}: unknown role in logged_in_roles")
        if not (set(entry.get("role_answers", {})) <= set(access if isinstance(access, list) else ())):
            problems.append(f"{endpoint}: role_answers names a role the route's access does not allow")
    assert problems == []


def test_url_map_matches_the_table():
    """Fails on an endpoint missing from the table, an entry with no endpoint, and any difference in rule,
    methods or declared access."""
    routes = _app_routes(create_app(TestConfig))
    missing = sorted(set(routes) - set(TABLE))
    assert missing == [], f"endpoints missing from {TABLE_FILE.name} (add a reviewed block for each): {missing}"
    stale = sorted(set(TABLE) - set(routes))
    assert stale == [], f"entries of {TABLE_FILE.name} with no endpoint in the app: {stale}"
    differences = []
    for endpoint, actual in sorted(routes.items()):
        entry = TABLE[endpoint]
        expected_access = sorted(entry["access"]) if isinstance(entry["access"], list) else entry["access"]
        expected = {"rule": entry["rule"], "methods": sorted(entry["methods"]), "access": expected_access}
        for key in expected:
            if expected[key] != actual[key]:
                differences.append(f"{endpoint} {key}: table says {expected[key]!r}, app has {actual[key]!r}")
    assert differences == []


@pytest.fixture(scope="module")
def matrix_app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("authz")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url(tmp),
                     UPLOAD_FOLDER=tmp / "uploads", WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    from participation.demo.seed import seed_demo

    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo()
        meeting = db.session.scalar(sa.select(Meeting).where(Meeting.state == MeetingState.PUBLISHED)
                                    .order_by(Meeting.id))
        item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
        material = materials.add_file(meeting, item, "packet", io.BytesIO(minimal_pdf()), "packet.pdf", None)
        users = {role.value: factories.user(role, email=f"matrix-{role.value}@example.org") for role in Role}
        target = factories.user(Role.CITIZEN, email="matrix-target@example.org")  # roles POSTs change this one
        comment = factories.approved_comment(item, users["citizen"], users["moderator"])
        db.session.commit()
        app.samples = {
            "meeting_id": meeting.id, "item_id": item.id, "material_id": material.id,
            "committee_id": meeting.committee_id, "task_id": item.task_id or 1, "code": "3-1-7",
            "user_id": target.id, "comment_id": comment.id, "entry_id": 1, "membership_id": 1, "remark_id": 1,
            "token": "forged-token",
        }
        app.user_ids = {name: user.id for name, user in users.items()}
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _client_as(app, who: str):
    client = app.test_client()
    if who != "anonymous":
        with app.app_context():  # read now: a logout earlier in the run rotated the user's session token
            login_id = db.session.get(User, app.user_ids[who]).get_id()
        with client.session_transaction() as session:
            session["_user_id"] = login_id
            session["_fresh"] = True
    return client


def expected_answer(entry: dict, method: str, who: str) -> int | str:
    """What the table says `who` gets: a status code, or "login" for a redirect to the login page."""
    allowed_status = entry.get("post") if method == "POST" else entry.get("get", 200)
    access = entry["access"]
    if access == "public":
        if who == "anonymous":
            return entry.get("anonymous", allowed_status)
        if "logged_in_roles" in entry and who not in entry["logged_in_roles"]:
            return 403
        return entry.get("logged_in", allowed_status)
    if who == "anonymous":
        return "login"
    if access != "login" and who not in access:
        return 403
    if who in entry.get("role_answers", {}):
        return entry["role_answers"][who]
    return allowed_status


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("endpoint,method", ROUTES)
def test_route_answers_by_the_table(matrix_app, endpoint, method, who):
    entry = TABLE[endpoint]
    if endpoint not in matrix_app.view_functions:
        pytest.fail(f"{endpoint} is in {TABLE_FILE.name} but not in the app (test_url_map_matches_the_table)")
    arguments = _arguments(matrix_app, endpoint)
    missing = [name for name in arguments if name not in matrix_app.samples]
    assert not missing, f"add sample values for {missing} to test_authorization.py"
    with matrix_app.test_request_context():
        from flask import url_for
        url = url_for(endpoint, **{k: matrix_app.samples[k] for k in arguments})

    response = _client_as(matrix_app, who).open(url, method=method, data={})
    status, location = response.status_code, response.headers.get("Location", "")
    to_login = status == 302 and "/login" in location
    expected = expected_answer(entry, method, who)
    if expected == "login":
        assert to_login, f"{method} {url} let an anonymous visitor through ({status} {location})"
    else:
        assert status == expected and not to_login, \
            f"{method} {url} answered {status} {location} to a {who}; {TABLE_FILE.name} says {expected}"
        if expected not in (401, 403):
            assert status not in (401, 403)


def _arguments(app, endpoint: str) -> list[str]:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    return sorted(rule.arguments)


def test_every_route_has_a_rule():
    app = create_app(TestConfig)
    unguarded = [e for e in app.view_functions if e not in EXEMPT and not hasattr(app.view_functions[e], "access")]
    assert unguarded == []

