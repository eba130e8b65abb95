"""Every `<int:>` URL refuses ids outside the database's integer range with 404, never 500."""
from __future__ import annotations

import re

import pytest

from config import TestConfig
from participation import create_app
from participation.core.roles import Role
from participation.core.services import MAX_ID
from participation.extensions import db
from tests import factories

INT_PART = re.compile(r"<int:(\w+)>")
OTHER_PART = re.compile(r"<(?:\w+:)?\w+>")
# 2**70: beyond 64 bits, so SQLite's driver overflowed on it; MAX_ID + 1 is the first id out of range;
# `٣` is a digit to Python's `\d` and `int()`, but not an ASCII one.
BAD_IDS = [str(2**70), str(MAX_ID + 1), "٣"]


def _int_rules():
    app = create_app(TestConfig)
    for rule in app.url_map.iter_rules():
        if INT_PART.search(rule.rule):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.rule, method


INT_RULES = sorted(set(_int_rules()))


def test_the_url_map_has_int_rules():
    assert len(INT_RULES) >= 30


@pytest.fixture
def staff_client(app, client):
    with app.app_context():
        user = factories.user(*Role, email="all-roles@example.org")
        db.session.commit()
        user_id = user.get_id()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
    return client


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize("rule,method", INT_RULES)
def test_an_id_out_of_range_answers_404(app, staff_client, rule, method, bad):
    app.config["WTF_CSRF_ENABLED"] = False
    url = OTHER_PART.sub("1", INT_PART.sub(bad, rule))
    response = staff_client.open(url, method=method, data={})
    assert response.status_code == 404, f"{method} {url} answered {response.status_code}"


def test_the_largest_id_still_reaches_the_view(client):
    # In range: routed to the view, which finds no meeting (404 from the view, not from routing).
    assert client.get(f"/meetings/{MAX_ID}").status_code == 404
    assert client.get("/meetings/1").status_code == 404


def test_urls_are_still_built_for_ids(app):
    with app.test_request_context():
        from flask import url_for
        assert url_for("meetings.meeting", meeting_id=42) == "/meetings/42"
