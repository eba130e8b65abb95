"""A person's data: download it (JSON) or delete the account, from /account; an administrator does both for
a person on request, from /admin/users (written to the account audit log). Registered on the accounts
blueprint (imported at the end of views.py); the rules are in deletion.py.

The downloads are POSTs (CSRF-checked, rate-limited with the deletions per account: `ACCOUNT_DATA_RATE_LIMIT`),
never cached.
"""
from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user

from participation.accounts import audit, deletion
from participation.accounts.data_forms import AdminDeleteAccountForm, DeleteAccountForm
from participation.accounts.models import User
from participation.accounts.views import bp
from participation.core.permissions import login_required, roles_required
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.extensions import db, limiter


@bp.app_context_processor
def _template_helpers() -> dict:
    # Called by the admin users page's audit partial only: no query for any other page.
    return {"recent_account_audit": audit.recent}


def _rate_key() -> str:
    who = current_user.id if current_user.is_authenticated else get_remote_address()
    return f"account-data:{who}"


def _rate_limit():
    return limiter.limit(lambda: current_app.config["ACCOUNT_DATA_RATE_LIMIT"], methods=["POST"],
                         key_func=_rate_key)


def _download(user: User, document: dict) -> Response:
    response = Response(deletion.export_json(document), content_type="application/json; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{deletion.export_filename(user)}"'
    response.headers["Cache-Control"] = "no-store, private"
    response.headers["Pragma"] = "no-cache"
    return response


def _person(user_id: int) -> User:
    """An account an administrator may act on: a deleted one is gone (404)."""
    user = db.session.get(User, user_id)
    if user is None or user.is_deleted:
        abort(404)
    return user


@bp.route("/account/export", methods=["POST"])
@_rate_limit()
@login_required
def export_data():
    user = current_user._get_current_object()
    document = deletion.export_account(user, user)
    return _download(user, document)


@bp.route("/account/delete", methods=["GET", "POST"])
@_rate_limit()
@login_required
def delete_account():
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    refusal = None
    if form.validate_on_submit():
        try:
            deletion.delete_account(user, user, password=form.password.data)
        except ServiceError as error:
            if error.field == "password":
                form.password.errors.append(str(error.message))
            else:
                refusal = str(error.message)
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash(_("Your account has been deleted. Your approved comments stay in the record under the label "
                    "“former participant”."), "info")
            return redirect(url_for("meetings.home"), 303)
    elif request.method == "GET" and deletion.is_last_admin(user):
        refusal = _("This is the last administrator account: give another account the administrator role before "
                    "deleting it.")
    status = 409 if refusal and request.method == "POST" else 400 if form.errors else 200
    return render_template("accounts/delete.html", form=form, refusal=refusal), status


@bp.route("/admin/users/<int:user_id>/export", methods=["POST"])
@_rate_limit()
@roles_required(Role.ADMIN)
def admin_export_user(user_id: int):
    user = _person(user_id)
    document = deletion.export_account(current_user._get_current_object(), user)
    db.session.commit()  # the audit entry
    return _download(user, document)


@bp.route("/admin/users/<int:user_id>/delete", methods=["GET", "POST"])
@_rate_limit()
@roles_required(Role.ADMIN)
def admin_delete_user(user_id: int):
    user = _person(user_id)
    actor = current_user._get_current_object()
    form = AdminDeleteAccountForm()
    refusal = None
    if form.validate_on_submit():
        try:
            deletion.delete_account(actor, user)
        except ServiceError as error:
            refusal = str(error.message)
        else:
            db.session.commit()
            if user.id == actor.id:  # their own: every session of it ended
                logout_user()
                session.clear()
            flash(_("Account #%(id)s has been deleted.", id=user.id), "success")
            return redirect(url_for("meetings.home" if user.id == actor.id else "accounts.admin_users"), 303)
    elif request.method == "GET" and deletion.is_last_admin(user):
        refusal = _("This is the last administrator account: give another account the administrator role before "
                    "deleting it.")
    status = 409 if refusal and request.method == "POST" else 400 if form.errors else 200
    return render_template("accounts/admin_delete.html", form=form, person=user, refusal=refusal), status
