"""Route access rules: every view declares who may call it, and the rule is kept on the view.

`public`, `login_required` and `roles_required(...)` both enforce the rule and record it as
`view.access`, so the authorization test can walk the URL map and fail on a route without a rule.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from flask import abort
from flask_login import current_user

from participation.core.roles import Role
from participation.extensions import login_manager


@dataclass(frozen=True)
class Access:
    """Who may call a view: anyone, any logged-in user, or holders of one of `roles`."""

    login: bool
    roles: frozenset[Role] = frozenset()

    def allows(self, user) -> bool:
        if not self.login:
            return True
        if not user.is_authenticated:
            return False
        return not self.roles or any(user.has_role(r) for r in self.roles)


def _mark(view: Callable, access: Access) -> Callable:
    view.access = access  # type: ignore[attr-defined]
    return view


def public(view: Callable) -> Callable:
    """Anyone, logged in or not, may call this view."""
    return _mark(view, Access(login=False))


def _guarded(view: Callable, access: Access) -> Callable:
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not access.allows(current_user):
            abort(403)
        return view(*args, **kwargs)

    return _mark(wrapper, access)


def login_required(view: Callable) -> Callable:
    """Any logged-in user may call this view; others are sent to the login page."""
    return _guarded(view, Access(login=True))


def roles_required(*roles: Role) -> Callable[[Callable], Callable]:
    """Only users holding at least one of `roles` may call this view."""
    access = Access(login=True, roles=frozenset(roles))
    return lambda view: _guarded(view, access)
