"""Template globals and filters shared by every blueprint."""
from __future__ import annotations

from flask import request, url_for
from flask_babel import format_date, format_datetime

from participation.core.i18n import current_language
from participation.core.text import plain_text_to_html


def url_with_lang(lang: str) -> str:
    """The current page's address with `?lang=` set, keeping the other query arguments."""
    view_args = request.view_args or {}
    # Query arguments are the visitor's: none may stand in for a path part or for url_for's own
    # `_external`, `_anchor`, `_method`, `_scheme` (which would break the link or the page).
    args = {k: v for k, v in request.args.items() if not k.startswith("_") and k not in view_args}
    args["lang"] = lang
    if request.endpoint and request.url_rule is not None and request.method == "GET":
        return url_for(request.endpoint, **view_args, **args)
    return url_for("meetings.home", lang=lang)


def register(app) -> None:
    app.jinja_env.globals.update(current_language=current_language, url_with_lang=url_with_lang)
    app.jinja_env.filters.update(
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        plaintext=plain_text_to_html,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
