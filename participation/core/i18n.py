"""Language choice: `?lang=` switches and is remembered in a cookie; then the user's preference,
then Accept-Language, then Korean."""
from __future__ import annotations

from flask import current_app, g, has_request_context, request
from flask_login import current_user

LANG_COOKIE = "lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600


def requested_language() -> str | None:
    """The language asked for in this request's `?lang=`, if it is one we offer."""
    lang = request.args.get("lang")
    return lang if lang in current_app.config["LANGUAGES"] else None


def select_locale() -> str:
    """Flask-Babel's locale selector; outside a request (CLI, background work) the default language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = requested_language() or request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    preferred = getattr(current_user, "locale", None) if current_user else None
    if preferred in languages:
        return preferred
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language(response):
    """After a `?lang=` switch, keep the choice for later visits."""
    lang = requested_language()
    if lang and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=LANG_COOKIE_MAX_AGE, samesite="Lax", httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def current_language() -> str:
    """The locale of this request as a short code, for `<html lang>`."""
    from flask_babel import get_locale

    if "lang_code" not in g:
        g.lang_code = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return g.lang_code
