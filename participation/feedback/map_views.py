"""An agenda item's opinion map (`/meetings/<id>/items/<item_id>/map`): the SVG map, its groups with
their representative comments, the consensus and divisive comments, as text and tables beside it.

Public wherever the meeting is, like the dashboard; the viewer (an account, or a guest of this browser)
sees their own position. Its route is on the feedback blueprint; `views.register` imports this module.
"""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from participation.comments.views import submitter_key
from participation.core.permissions import public
from participation.feedback import maps
from participation.feedback.map_chart import opinion_map_svg
from participation.feedback.views import bp
from participation.meetings import queries


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/map")
@public
def item_map(meeting_id: int, item_id: int):
    meeting = queries.visible_meeting(meeting_id, current_user)
    item = queries.item_of(meeting, item_id)
    view = maps.maps_of([item.id], submitter_key()).get(item.id) or maps.MapView(item.id)
    return render_template("feedback/map.html", meeting=meeting, item=item, view=view)


def register_globals(app) -> None:
    app.add_template_global(opinion_map_svg, "opinion_map_svg")
