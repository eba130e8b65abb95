"""Who hears of what: each person's choices, what they follow, and one notification composed for one
person. Never commits; the caller does.

A notification goes only to an account whose address is confirmed (`User.email_confirmed_at`) and that is
not deleted, never to the person whose act it tells of, and only when that kind is on in the person's
settings (every kind is on until they switch it off). It is written in the person's language
(`User.locale`) to the mail outbox (accounts/mail.py), in the transaction of the change it tells of, and
delivered after that commits.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.accounts import mail
from participation.accounts.models import User
from participation.core.db import utcnow
from participation.core.routing import public_url
from participation.core.services import NotFound, ServiceError
from participation.extensions import db
from participation.meetings import policies as meeting_policies
from participation.meetings.models import Committee, Meeting
from participation.notifications.models import Follow, Kind, NotificationSettings

TEMPLATES = "notifications"


# --- Who may be told ------------------------------------------------------------------------------------------

def reachable(user: User | None) -> bool:
    """The account can receive notifications: it exists, is not deleted and its address is confirmed."""
    return (user is not None and getattr(user, "deleted_at", None) is None
            and getattr(user, "email_confirmed_at", None) is not None)


def reachable_clause():
    """`reachable` as a condition on `User`, for the queries that choose many recipients."""
    clause = User.email_confirmed_at.is_not(None)
    if hasattr(User, "deleted_at"):
        clause = sa.and_(clause, User.deleted_at.is_(None))
    return clause


def wants_clause(kind: Kind):
    """The user (joined with an outer join to `NotificationSettings`) has `kind` on."""
    column = getattr(NotificationSettings, kind.value)
    return sa.or_(NotificationSettings.user_id.is_(None), column.is_(True))


def settings_of(user: User) -> NotificationSettings | None:
    """The person's stored choices (None: never changed, everything on)."""
    return db.session.get(NotificationSettings, user.id)


def choices_of(user: User) -> dict[Kind, bool]:
    """Every kind with whether it is on for the person."""
    stored = settings_of(user)
    return {kind: stored.wants(kind) if stored is not None else True for kind in Kind}


def wants(user: User, kind: Kind) -> bool:
    stored = settings_of(user)
    return stored is None or stored.wants(kind)


def current_actor_id() -> int | None:
    """The logged-in person whose request (or socket event) is making the change, if any."""
    if not has_request_context():
        return None
    try:
        return current_user.id if current_user.is_authenticated else None
    except Exception:  # no login manager for this context (a bare test request)
        return None


# --- Composing -----------------------------------------------------------------------------------------------

def language_of(user: User) -> str:
    locale = user.locale
    return locale if locale in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def compose(user: User, kind: Kind, template: str, **context) -> mail.MailMessage:
    """Render `templates/mail/notifications/<template>.*` for `user` in their language, with the link to
    switch this kind off, into the outbox (no check: see `notify`)."""
    settings_url = public_url("notifications.settings")
    return mail.compose(user.email, language_of(user), f"{TEMPLATES}/{template}", kind=kind.value,
                        user_id=user.id, unsubscribe_url=settings_url, recipient=user, notification_kind=kind,
                        settings_url=settings_url, **context)


def notify(user: User | None, kind: Kind, template: str, *, actor_id: int | None = None,
           **context) -> mail.MailMessage | None:
    """Compose the notification for `user` if they may and want to be told, and did not cause it."""
    if not reachable(user) or user.id == actor_id or not wants(user, kind):
        return None
    return compose(user, kind, template, **context)


# --- Settings ------------------------------------------------------------------------------------------------

def save_choices(user: User, choices: dict[Kind, bool]) -> NotificationSettings:
    """Store the person's choice for every kind (a kind left out is switched off)."""
    stored = settings_of(user)
    if stored is None:
        stored = NotificationSettings(user_id=user.id)
        db.session.add(stored)
    for kind in Kind:
        setattr(stored, kind.value, bool(choices.get(kind, False)))
    stored.updated_at = utcnow()
    db.session.flush()
    return stored


# --- Follows -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FollowState:
    """Whether the person follows the meeting itself, and its committee (which follows it too)."""

    meeting: bool = False
    committee: bool = False


def _follow_row(user: User, *, committee_id: int | None = None, meeting_id: int | None = None) -> Follow | None:
    column, value = (Follow.committee_id, committee_id) if committee_id is not None else (Follow.meeting_id, meeting_id)
    return db.session.scalar(sa.select(Follow).where(Follow.user_id == user.id, column == value))


def followable_meeting(meeting_id: int) -> Meeting:
    """A public meeting (a draft cannot be followed, whoever may preview it)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not meeting_policies.is_public(meeting):
        raise NotFound(_l("Unknown meeting."), field="meeting_id")
    return meeting


def followable_committee(committee_id: int) -> Committee:
    committee = db.session.get(Committee, committee_id)
    if committee is None:
        raise NotFound(_l("Unknown committee."), field="committee_id")
    return committee


def set_follow(user: User, follow: bool, *, committee: Committee | None = None,
               meeting: Meeting | None = None) -> bool:
    """Follow (or stop following) a committee or a public meeting; True when something changed."""
    if (committee is None) == (meeting is None):
        raise ServiceError(_l("Follow a committee or a meeting."), field="target")
    if meeting is not None and not meeting_policies.is_public(meeting):
        raise NotFound(_l("Unknown meeting."), field="meeting_id")
    target = {"committee_id": committee.id} if committee is not None else {"meeting_id": meeting.id}
    row = _follow_row(user, **target)
    if follow and row is None:
        db.session.add(Follow(user_id=user.id, **target))
        db.session.flush()
        return True
    if not follow and row is not None:
        db.session.delete(row)
        db.session.flush()
        return True
    return False


def follow_state(user, *, meeting: Meeting | None = None, committee: Committee | None = None) -> FollowState:
    """What the person follows of this meeting (and its committee), or of this committee."""
    if user is None or not getattr(user, "is_authenticated", False):
        return FollowState()
    committee_id = committee.id if committee is not None else meeting.committee_id if meeting is not None else None
    targets = [Follow.committee_id == committee_id] if committee_id is not None else []
    if meeting is not None:
        targets.append(Follow.meeting_id == meeting.id)
    if not targets:
        return FollowState()
    rows = db.session.execute(sa.select(Follow.committee_id, Follow.meeting_id).where(
        Follow.user_id == user.id, sa.or_(*targets))).all()
    return FollowState(meeting=any(row.meeting_id is not None for row in rows),
                       committee=any(row.committee_id is not None for row in rows))


def follows_of(user: User) -> tuple[list[Committee], list[Meeting]]:
    """The committees and the meetings the person follows, by name and date."""
    committees = db.session.scalars(
        sa.select(Committee).join(Follow, Follow.committee_id == Committee.id)
        .where(Follow.user_id == user.id).order_by(Committee.name, Committee.id)).all()
    meetings = db.session.scalars(
        sa.select(Meeting).join(Follow, Follow.meeting_id == Meeting.id)
        .where(Follow.user_id == user.id).order_by(Meeting.starts_at.desc(), Meeting.id)).all()
    return list(committees), list(meetings)


def has_followers(meeting: Meeting) -> bool:
    """Somebody follows the meeting or its committee."""
    return db.session.scalar(sa.select(sa.exists().where(
        sa.or_(Follow.meeting_id == meeting.id, Follow.committee_id == meeting.committee_id)))) or False


# --- A deleted account, an export ----------------------------------------------------------------------------

def erase_for(user_id: int) -> None:
    """Forget the person's choices, follows and reminders (a deleted account). Never commits."""
    from participation.notifications.models import OpinionReminder

    for model in (Follow, NotificationSettings, OpinionReminder):
        db.session.execute(sa.delete(model).where(model.user_id == user_id))


def export_of(user: User) -> dict:
    """The person's section of their data export: their choices and what they follow."""
    committees, meetings = follows_of(user)
    return {"notifications": {
        "settings": {kind.value: on for kind, on in choices_of(user).items()},
        "follows": {"committees": [{"id": c.id, "name": c.name} for c in committees],
                    "meetings": [{"id": m.id, "title": m.title} for m in meetings]},
    }}
