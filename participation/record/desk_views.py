"""A committee member's own page, `/desk` (desk.py): the meetings of their committees with each one's
feedback dashboard and most discussed items, and the written opinions they still owe, linked to the
forms that take them.

For the member role only: it is built from one's own member seats, which administrators and secretaries
do not hold as such (a secretary's own page is the secretariat). A member who sits on no committee sees
an empty desk that says so. `views.register` imports this module with the record's other routes.
"""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from participation.core.permissions import roles_required
from participation.core.roles import Role
from participation.record import desk as desk_service
from participation.record.blueprint import bp


@bp.route("/desk")
@roles_required(Role.MEMBER)
def desk():
    return render_template("record/desk.html", desk=desk_service.desk_of(current_user))
