"""Site-wide files browsers ask for by a fixed address, outside any blueprint."""
from __future__ import annotations

from flask import current_app, send_from_directory

from participation.core.permissions import public

FAVICON_MAX_AGE = 30 * 24 * 3600  # a month: the icon rarely changes, and every page view would ask


@public
def favicon():
    """`/favicon.ico`, which browsers request on their own; pages link static/favicon.svg as well."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=FAVICON_MAX_AGE)


def register(app) -> None:
    app.add_url_rule("/favicon.ico", "favicon", favicon)
