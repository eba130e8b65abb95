"""Every route of the URL map, requested as every kind of user, answers what its access rule says.

The rule comes from the view itself (`view.access`, set by `public`, `login_required` and
`roles_required`), so a new route without a rule fails here, and so does a view whose guard does not
match its rule. URL parameters take sample values from the demo data; a route with a parameter this
file does not know fails too, until a sample is added.
"""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from config import TestConfig
from participation import create_app
from participation.accounts.models import User
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings import materials
from participation.meetings.models import AgendaItem, Meeting, MeetingState
from tests import factories
from tests.conftest import database_url
from tests.meetings.pdf import minimal_pdf

USERS = ["anonymous", *[role.value for role in Role]]
# Routes outside the application's own rules (Flask's static files).
EXEMPT = {"static"}
# Public routes that also serve guests, but refuse logged-in users without one of these roles.
INNER_ROLE_CHECK = {"comments.post_comment": {Role.CITIZEN}}


def _routes():
    app = create_app(TestConfig)
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if rule.endpoint not in EXEMPT:
                yield rule.endpoint, rule.rule, method


ROUTES = sorted(set(_routes()))


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
            "user_id": target.id, "comment_id": comment.id,
        }
        app.user_ids = {name: user.get_id() for name, user in users.items()}
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _client_as(app, who: str):
    client = app.test_client()
    if who != "anonymous":
        with client.session_transaction() as session:
            session["_user_id"] = app.user_ids[who]
            session["_fresh"] = True
    return client


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("endpoint,rule,method", ROUTES)
def test_route_answers_by_its_rule(matrix_app, endpoint, rule, method, who):
    view = matrix_app.view_functions[endpoint]
    access = getattr(view, "access", None)
    assert access is not None, f"{endpoint} has no access rule: decorate it with public/login_required/roles_required"

    missing = [name for name in _arguments(matrix_app, endpoint) if name not in matrix_app.samples]
    assert not missing, f"add sample values for {missing} to test_authorization.py"
    with matrix_app.test_request_context():
        from flask import url_for
        url = url_for(endpoint, **{k: matrix_app.samples[k] for k in _arguments(matrix_app, endpoint)})

    response = _client_as(matrix_app, who).open(url, method=method, data={})
    status, location = response.status_code, response.headers.get("Location", "")
    assert status < 500, f"{method} {url} as {who} crashed"

    if not access.login and endpoint in INNER_ROLE_CHECK and who != "anonymous":
        allowed = any(role.value == who for role in INNER_ROLE_CHECK[endpoint])
        assert (status == 403) != allowed, f"{method} {url} answered {status} to a {who}"
    elif not access.login:
        assert status in (200, 302, 303, 400), f"{method} {url} is public but answered {status} to {who}"
    elif who == "anonymous":
        assert status == 302 and "/login" in location, f"{method} {url} let an anonymous visitor through"
    elif access.roles and not any(r.value == who for r in access.roles):
        assert status == 403, f"{method} {url} let a {who} through ({status})"
    else:
        assert status != 403 and "/login" not in location, f"{method} {url} refused a {who}"
        if method == "GET":
            assert status == 200, f"GET {url} answered {status} to a {who}"


def _arguments(app, endpoint: str) -> list[str]:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    return sorted(rule.arguments)


def test_every_route_has_a_rule():
    app = create_app(TestConfig)
    unguarded = [e for e in app.view_functions if e not in EXEMPT and not hasattr(app.view_functions[e], "access")]
    assert unguarded == []
