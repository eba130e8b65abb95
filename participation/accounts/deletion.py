"""Deleting an account and exporting a person's data: at the person's own request, or by an administrator
on their behalf (then written to the account audit log, accounts/audit.py). Never commits.

Layering: accounts sits below every domain that holds what a person did (comments, votes, reports,
consents, live events), and may import none of them. So this module does what is the account's own and
then announces it; each domain above does its part in its receivers, in the same transaction, so a
deletion commits or rolls back whole:

- here: the e-mail, the display name and the password are erased (the e-mail becomes `deleted:<id>`,
  which is no address and which nobody can register; the password hash one that matches no password),
  the roles go (a deleted person is never listed as a member, a moderator or a speaker), the mail waiting
  for them is dropped, and every session ends (`services.end_sessions`: the login cookies stop working and
  the live sockets are disconnected after commit). The row stays (soft delete, `User.deleted_at`), so what
  the person left on the record keeps its links and counts: their approved comments stay published under
  the neutral label (`User.public_name`, "탈퇴한 시민" / "former participant");
- `signals.user_deleted`: comments/receivers.py withdraws the pending comments (status `withdrawn`) and
  unlinks the votes from the account (they stay counted); live/receivers.py relabels the stored events
  and tells the moderators; feedback/receivers.py asks for the opinion maps again. A finalized record never
  changes: its versions keep their bytes, and the record's reading (record/reading.py) shows the label.

The export asks the domains the same way (`signals.account_data_requested`): each returns its sections of
the person's data, never anybody else's; accounts adds the profile.
"""
from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from participation.accounts import audit
from participation.accounts.models import User, UserRole
from participation.accounts.passwords import verify_password
from participation.accounts.services import end_sessions
from participation.core import signals
from participation.core.db import utcnow
from participation.core.roles import Role
from participation.core.services import NotFound, ServiceError, require
from participation.extensions import db

EXPORT_FORMAT = "open-session-account-data"
EXPORT_VERSION = 1
# Not an argon2 hash: `verify_password` answers False for every password.
UNUSABLE_PASSWORD = "!deleted"


def erased_email(user: User) -> str:
    """What a deleted account keeps in `users.email` (unique, not null): no address, nobody else's."""
    return f"deleted:{user.id}"


def is_last_admin(user: User) -> bool:
    """`user` is an administrator and no other active account is one."""
    if not user.has_role(Role.ADMIN):
        return False
    others = db.session.scalar(
        sa.select(sa.func.count()).select_from(UserRole).join(User, User.id == UserRole.user_id)
        .where(UserRole.role == Role.ADMIN, User.id != user.id, User.deleted_at.is_(None)))
    return not others


def _check_may_delete(actor: User, user: User, password: str | None) -> None:
    if password is not None:  # the person themself, from their account page
        if actor.id != user.id:
            raise ServiceError(_l("You do not have permission to do this."), code="forbidden")
        if not verify_password(user.password_hash, password):
            raise ServiceError(_l("The password is not correct."), field="password")
    else:
        require(actor.has_role(Role.ADMIN), actor, _l("Only an administrator can delete another person's account."))
    if user.is_deleted:
        raise ServiceError(_l("This account has already been deleted."), code="conflict")
    if is_last_admin(user):
        raise ServiceError(_l("This is the last administrator account: give another account the administrator "
                              "role before deleting it."), code="last_admin")


def delete_account(actor: User, user: User, *, password: str | None = None, now: datetime | None = None) -> None:
    """Delete `user`'s account: by the person themself (`password`: theirs, checked) or by an administrator
    (no password). Refuses a wrong password, an account already deleted and the last administrator, and
    then changes nothing. Logged in the account audit log."""
    _check_may_delete(actor, user, password)
    from participation.accounts import mail  # the outbox: its messages hold the address and the name

    mail.erase_for(user.id)
    user.email = erased_email(user)
    user.display_name = ""
    user.password_hash = UNUSABLE_PASSWORD
    user.email_confirmed_at = None
    user.set_roles(set())
    user.deleted_at = now or utcnow()
    end_sessions(user, reason="account_deleted")
    audit.log(actor, user, audit.AccountAction.DELETE, now)
    db.session.flush()
    signals.user_deleted.send(user, actor=actor)


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def profile(user: User) -> dict:
    """The account's own section of the export."""
    return {"id": user.id, "email": user.email, "display_name": user.display_name, "locale": user.locale,
            "roles": sorted(role.value for role in user.roles), "created_at": _moment(user.created_at),
            "email_confirmed_at": _moment(getattr(user, "email_confirmed_at", None))}


def export_account(actor: User, user: User, now: datetime | None = None) -> dict:
    """Everything the platform holds of `user`, for the person themself or an administrator (logged):
    the profile, then each domain's sections (`signals.account_data_requested`)."""
    if actor.id != user.id:
        require(actor.has_role(Role.ADMIN), actor, _l("Only an administrator can export another person's data."))
    if user.is_deleted:
        raise NotFound(_l("This account has been deleted: nothing of the person is left to export."))
    now = now or utcnow()
    document: dict = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": now.isoformat(),
                      "profile": profile(user)}
    for receiver, sections in signals.account_data_requested.send(user):
        taken = document.keys() & (sections or {}).keys()
        if taken:
            raise RuntimeError(f"export sections {sorted(taken)} given twice ({receiver!r})")
        document.update(sections or {})
    if actor.id != user.id:
        audit.log(actor, user, audit.AccountAction.EXPORT, now)
    return document


def export_json(document: dict) -> str:
    """The download: UTF-8 JSON, indented for reading, keys in a stable order."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True, default=str)


def export_filename(user: User, now: datetime | None = None) -> str:
    return f"open-session-account-{user.id}-{(now or utcnow()).date().isoformat()}.json"
