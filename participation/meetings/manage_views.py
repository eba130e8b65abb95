"""The secretary's screens (placeholder until written)."""
from flask import Blueprint, render_template

from participation.core.permissions import roles_required
from participation.core.roles import Role

bp = Blueprint("manage", __name__, url_prefix="/manage")


@bp.route("/")
@roles_required(Role.SECRETARY)
def dashboard():
    return render_template("manage/dashboard.html")
