"""Registers the record's blueprint with every module of its routes."""
from __future__ import annotations

from participation.record import desk_views, editor_views, final_views, public_views  # noqa: F401  (routes on bp)
from participation.record.blueprint import bp


def register(app) -> None:
    app.register_blueprint(bp)
