"""Notifications by e-mail: what a person hears of (their comment decided or answered, the meetings they
follow published, postponed, cancelled or going live, and to members their written opinions due), each
kind switched on or off in their settings, and what they follow.

models.py the settings, follows, events and reminders; services.py who may be told and composing one
mail; receivers.py the signals turned into mails; fanout.py a meeting's news expanded to its followers
after commit; reminders.py the members' opinion reminders; views.py the settings page and follow
buttons; cli.py `flask notifications remind|expand`.
"""
from __future__ import annotations


def register(app) -> None:
    """Register the blueprint and the commands."""
    from participation.notifications import cli
    from participation.notifications.views import bp

    app.register_blueprint(bp)
    cli.register(app)
