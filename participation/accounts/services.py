"""Account use cases. They take the acting user explicitly, flush when they need an id, never commit."""
from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from participation.accounts.models import DISPLAY_NAME_MAX, User, UserRole, new_session_token
from participation.accounts.passwords import hash_password, needs_rehash, verify_password
from participation.core import signals
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.core.text import refused_character, refused_character_message
from participation.extensions import db


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalize_email(email)))


# People who speak for the committee: their names (and their titles) are theirs alone.
SPEAKING_ROLES = frozenset({Role.MODERATOR, Role.SECRETARY, Role.MEMBER, Role.ADMIN})
COMMITTEE_TITLES = ("위원장", "부위원장", "간사", "사무국", "chair", "vice-chair", "secretariat")


def _name_key(name: str) -> str:
    """Names compared as people read them: compatibility forms folded, case and spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def _reserved_titles() -> set[str]:
    titles = {_name_key(t) for t in COMMITTEE_TITLES}
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            titles.update(_name_key(str(role.label)) for role in SPEAKING_ROLES)
    return titles


def display_name_reserved(name: str) -> bool:
    """Whether `name` is the display name of someone who speaks for the committee (a member or staff),
    or one of their titles: guests and new citizen accounts may not appear under it."""
    key = _name_key(name)
    if key in _reserved_titles():
        return True
    names = db.session.scalars(
        sa.select(User.display_name).join(UserRole).where(UserRole.role.in_(SPEAKING_ROLES)).distinct()
    )
    return any(_name_key(taken) == key for taken in names)


def create_user(email: str, display_name: str, password: str, *, roles: set[Role] = frozenset(),
                locale: str = "ko") -> User:
    """Create a user with `roles` (citizen when none are given). Raises on a taken e-mail or a bad name."""
    email = normalize_email(email)
    display_name = display_name.strip()
    if not 0 < len(display_name) <= DISPLAY_NAME_MAX:
        raise ServiceError(_l("The display name must be 1 to %(max)s characters long.", max=DISPLAY_NAME_MAX),
                           field="display_name")
    if (char := refused_character(display_name, name=True)) is not None:
        raise ServiceError(refused_character_message(char, name=True), field="display_name")
    if find_by_email(email) is not None:
        raise ServiceError(_l("An account with this e-mail address already exists."), field="email")
    if not set(roles) & SPEAKING_ROLES and display_name_reserved(display_name):
        raise ServiceError(_l("This name belongs to a member or staff of the committee. Choose another."),
                           field="display_name")
    user = User(email=email, display_name=display_name, password_hash=hash_password(password),
                locale=locale)
    user.set_roles(set(roles) or {Role.CITIZEN})
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user whose e-mail and password match, or None. Upgrades an outdated hash on the way."""
    user = find_by_email(email)
    if user is not None and user.is_deleted:  # answered as an unknown e-mail (deletion.py)
        user = None
    if not verify_password(user.password_hash if user else None, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Set a new password after checking the current one; ends the user's sessions (`end_sessions`:
    the view logs its own one in again with the new token)."""
    if not verify_password(user.password_hash, current_password):
        raise ServiceError(_l("The current password is not correct."), field="current_password")
    user.password_hash = hash_password(new_password)
    end_sessions(user, reason="password_changed")


def end_sessions(user: User, reason: str = "logout") -> None:
    """End every session of `user`: the login cookies issued so far stop working (their token is
    rotated) and, once committed, the user's live sockets are told and disconnected
    (`signals.user_sessions_ended`, with `reason`)."""
    user.session_token = new_session_token()
    signals.user_sessions_ended.send(user, reason=reason)


def set_language(user: User, locale: str) -> None:
    user.locale = locale


def assign_roles(actor: User, user: User, roles: set[Role]) -> None:
    """Give `user` exactly `roles`. An administrator cannot take the admin role from themself."""
    if not actor.has_role(Role.ADMIN):
        raise ServiceError(_l("Only an administrator can assign roles."))
    if actor.id == user.id and Role.ADMIN not in roles:
        raise ServiceError(_l("You cannot remove your own administrator role."), field="roles")
    previous = user.roles
    user.set_roles(roles)
    if user.roles != previous:
        # Once committed, the user's live sockets leave the rooms the new roles do not open.
        signals.user_roles_changed.send(user, previous=previous)


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the cookie holds `<id>:<session token>`."""
    id_part, _, token = user_id.partition(":")
    if not id_part.isdigit():
        return None
    # With its roles in the same statement: every socket call of a logged-in user loads them.
    user = db.session.get(User, int(id_part), options=(joinedload(User.role_rows),))
    return user if user is not None and user.session_token == token and not user.is_deleted else None


def list_users(query: str = "") -> list[User]:
    stmt = sa.select(User).where(User.deleted_at.is_(None)).order_by(User.id)  # deleted ones: in the audit log
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(sa.or_(User.email.like(like), sa.func.lower(User.display_name).like(like)))
    return list(db.session.scalars(stmt))
