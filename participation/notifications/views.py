"""The notification settings page (`/account/notifications`) and the follow buttons of the meeting and
committee pages. Thin: the rules are in services.py; each POST commits once."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.permissions import login_required
from participation.extensions import db
from participation.notifications import services
from participation.notifications.forms import FOLLOW, FollowForm, SettingsForm
from participation.notifications.models import Kind

bp = Blueprint("notifications", __name__)


@bp.app_context_processor
def _follow_buttons() -> dict:
    return {"follow_state": lambda **target: services.follow_state(current_user, **target)}


def _settings_page(form: SettingsForm, status: int = 200):
    committees, meetings = services.follows_of(current_user)
    return render_template("notifications/settings.html", form=form, kinds=list(Kind),
                           reachable=services.reachable(current_user), committees=committees,
                           meetings=meetings), status


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm.for_choices(services.choices_of(current_user))
    if form.validate_on_submit():
        services.save_choices(current_user, form.choices())
        db.session.commit()
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("notifications.settings"), 303)
    return _settings_page(form, 400 if form.errors else 200)


def _refused(form: FollowForm):
    message = " ".join(str(error) for errors in form.errors.values() for error in errors)
    return render_template("errors/error.html", status=400, message=message), 400


def _done(changed: bool, follow: bool, back: str, page_url: str):
    if changed:
        flash(_("You follow it now: you will hear of it by e-mail.") if follow
              else _("You no longer follow it."), "success")
    return redirect(url_for("notifications.settings") if back == "settings" else page_url, 303)


def _follow(page_url: str, **target):
    form = FollowForm()
    if not form.validate_on_submit():
        return _refused(form)
    follow = form.action.data == FOLLOW
    changed = services.set_follow(current_user, follow, **target)
    db.session.commit()
    return _done(changed, follow, form.back.data, page_url)


@bp.route("/meetings/<int:meeting_id>/follow", methods=["POST"])
@login_required
def follow_meeting(meeting_id: int):
    meeting = services.followable_meeting(meeting_id)
    return _follow(url_for("meetings.meeting", meeting_id=meeting.id), meeting=meeting)


@bp.route("/committees/<int:committee_id>/follow", methods=["POST"])
@login_required
def follow_committee(committee_id: int):
    committee = services.followable_committee(committee_id)
    return _follow(url_for("meetings.committee", committee_id=committee.id), committee=committee)
