"""The record's blueprint; its routes live in `public_views` (the record and its exports), `editor_views`
(the secretary's editor, import and the committee's membership) and `final_views` (finalizing,
versions, remarks, written opinions). `views.register` imports all three."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("record", __name__)
