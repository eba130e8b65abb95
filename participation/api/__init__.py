"""Open data: the read-only JSON API (`/api/v1`, v1.py), and the downloads and feeds beside it (CSV,
iCalendar, Atom: feeds.py).

An adapter on top of the domains, like `live`: views only; every rule (what is public, what is masked)
stays in the domains' queries and services.
"""
from __future__ import annotations


def register(app) -> None:
    """Attach the API and the feeds to the app."""
    from participation.api import feeds, v1

    v1.register(app)
    app.register_blueprint(feeds.bp)
