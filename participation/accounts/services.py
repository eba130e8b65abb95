"""Account use cases. They take the acting user explicitly, flush when they need an id, never commit."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from participation.accounts.models import DISPLAY_NAME_MAX, User, new_session_token
from participation.accounts.passwords import hash_password, needs_rehash, verify_password
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.extensions import db


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalize_email(email)))


def create_user(email: str, display_name: str, password: str, *, roles: set[Role] = frozenset(),
                locale: str = "ko") -> User:
    """Create a user with `roles` (citizen when none are given). Raises on a taken e-mail or a bad name."""
    email = normalize_email(email)
    display_name = display_name.strip()
    if not 0 < len(display_name) <= DISPLAY_NAME_MAX:
        raise ServiceError(_l("The display name must be 1 to %(max)s characters long.", max=DISPLAY_NAME_MAX),
                           field="display_name")
    if find_by_email(email) is not None:
        raise ServiceError(_l("An account with this e-mail address already exists."), field="email")
    user = User(email=email, display_name=display_name, password_hash=hash_password(password),
                locale=locale)
    user.set_roles(set(roles) or {Role.CITIZEN})
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user whose e-mail and password match, or None. Upgrades an outdated hash on the way."""
    user = find_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Set a new password after checking the current one; ends the user's other sessions."""
    if not verify_password(user.password_hash, current_password):
        raise ServiceError(_l("The current password is not correct."), field="current_password")
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()


def set_language(user: User, locale: str) -> None:
    user.locale = locale


def assign_roles(actor: User, user: User, roles: set[Role]) -> None:
    """Give `user` exactly `roles`. An administrator cannot take the admin role from themself."""
    if not actor.has_role(Role.ADMIN):
        raise ServiceError(_l("Only an administrator can assign roles."))
    if actor.id == user.id and Role.ADMIN not in roles:
        raise ServiceError(_l("You cannot remove your own administrator role."), field="roles")
    user.set_roles(roles)


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the cookie holds `<id>:<session token>`."""
    id_part, _, token = user_id.partition(":")
    if not id_part.isdigit():
        return None
    user = db.session.get(User, int(id_part))
    return user if user is not None and user.session_token == token else None


def list_users(query: str = "") -> list[User]:
    stmt = sa.select(User).order_by(User.id)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(sa.or_(User.email.like(like), sa.func.lower(User.display_name).like(like)))
    return list(db.session.scalars(stmt))
