"""Template globals and filters shared by every blueprint."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import request, url_for
from flask_babel import format_date, format_datetime, get_timezone

from participation.core.i18n import current_language
from participation.core.routing import public_url
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


def datetime_attribute(value) -> str:
    """A `<time datetime>` value the HTML standard accepts: a date as `YYYY-MM-DD`, a moment in UTC to the
    second (`2017-03-02T05:00:00Z`; the standard refuses microseconds). A naive datetime is taken as UTC."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return value.isoformat()
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


# Dates as people write them, per language: "2016년 12월 21일 (수) 오전 11:30", "Wed 21 Dec 2016, 11:30" —
# no seconds, no zone offset (pages state the zone once where it matters). `short` leaves out the year.
MOMENT_PATTERNS = {
    "ko": {"long": "y년 M월 d일 (E) aaaa h:mm", "short": "M월 d일 (E) aaaa h:mm", "time": "aaaa h:mm",
           "date": "y년 M월 d일 (E)"},
    "en": {"long": "EEE d MMM y, HH:mm", "short": "EEE d MMM, HH:mm", "time": "HH:mm", "date": "EEE d MMM y"},
}


def _pattern(kind: str) -> str:
    return MOMENT_PATTERNS.get(current_language(), MOMENT_PATTERNS["en"])[kind]


def format_moment(value, style: str = "long") -> str:
    """A moment in the user's language and the site's time zone; `style` is `short` (no year), `time`
    (the clock only) or anything longer."""
    if not value:
        return ""
    return format_datetime(value, _pattern(style if style in ("short", "time") else "long"))


def format_day(value, style: str = "long") -> str:
    """A date (or the date of a moment) in the user's language."""
    return format_date(value, _pattern("date")) if value else ""


def register(app) -> None:
    app.jinja_env.globals.update(current_language=current_language, url_with_lang=url_with_lang,
                                 time_zone_name=lambda: str(get_timezone()), public_url=public_url)
    app.jinja_env.filters.update(
        datetime=format_moment,
        date=format_day,
        plaintext=plain_text_to_html,
        datetime_attr=datetime_attribute,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
