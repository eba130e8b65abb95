"""Display names refuse control characters (NUL among them), line breaks, lone surrogates and the
bidirectional controls (U+202A-U+202E, U+2066-U+2069), by the one rule of `core.text.refused_character`
that comment bodies and guest nicknames use, on every path that makes a name: the registration form,
`flask users create` and the service under both."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from participation.accounts import services
from participation.accounts.models import User
from participation.core.services import ServiceError
from participation.extensions import db

REFUSED = ["Kim\x00", "\u202eKim", "Kim\u202a", "Kim\u202b", "Kim\u202c", "Kim\u202d", "\u2066Kim", "Kim\u2067",
           "Kim\u2068", "Kim\u2069", "Kim\x07", "Kim\x7f", "Kim\x9b", "Ki\nm", "Ki\tm", "Ki\u2028m", "Kim\ud800"]
ALLOWED = ["김시민", "Citizen Kim", "Ana María", "محمد", "שלום"]
FORM = {"email": "new@example.org", "password": "long-enough-pw", "confirm": "long-enough-pw", "locale": "en"}


def _users(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(User))


@pytest.mark.parametrize("name", REFUSED, ids=[f"U+{ord(next(c for c in n if c not in 'Kim')):04X}" for n in REFUSED])
def test_the_service_refuses_the_name(app_ctx, name):
    with pytest.raises(ServiceError) as raised:
        services.create_user("new@example.org", name, "long-enough-pw")
    assert raised.value.field == "display_name"
    assert "U+" in str(raised.value.message)


@pytest.mark.parametrize("name", ALLOWED)
def test_names_in_any_script_stay_allowed(app_ctx, name):
    assert services.create_user(f"{len(name)}-{ord(name[0])}@example.org", name, "long-enough-pw").display_name == name


@pytest.mark.parametrize("name", ["Kim\x00", "\u202eKim", "Kim\u2066"])
def test_the_registration_form_shows_the_refusal_beside_the_field(app, client, post_form, name):
    client.set_cookie("lang", "en")
    response = post_form("/register", {**FORM, "display_name": name})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="display_name-error"' in html and "cannot be used in a name" in html
    assert _users(app) == 0


def test_the_message_is_korean_by_default(app, post_form):
    response = post_form("/register", {**FORM, "display_name": "\u202eKim"})
    assert response.status_code == 400
    assert "이름에 쓸 수 없는 문자" in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["Kim\x00", "\u202eKim"])
def test_the_cli_refuses_the_name(app, runner, name):
    result = runner.invoke(args=["users", "create", "--email", "clerk@example.org", "--name", name,
                                 "--password", "long-enough-pw"])
    assert result.exit_code != 0
    assert "U+" in result.output
    assert _users(app) == 0
