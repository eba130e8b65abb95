"""Account pages: register, log in and out, change password, and the administrator's role page."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from participation.accounts import reset, services
from participation.accounts.forms import ChangePasswordForm, LoginForm, RegisterForm, RolesForm
from participation.accounts.models import User
from participation.core.i18n import requested_language
from participation.core.permissions import login_required, public, roles_required
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.core.transactions import write_transaction
from participation.extensions import db, limiter, login_manager

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.session_protection = "basic"
login_manager.user_loader(services.load_user)


login_manager.localize_callback = _
login_manager.login_message = "Please log in to open this page."
login_manager.login_message_category = "info"


@bp.before_app_request
def _keep_language_preference() -> None:
    """A logged-in user who switches language keeps the choice on every device."""
    lang = requested_language()
    if lang and current_user.is_authenticated and current_user.locale != lang:
        with write_transaction():  # a write, also on a GET: one writer at a time on SQLite
            services.set_language(current_user, lang)
            db.session.commit()


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login. Browsers read `/\\` and `/<tab>/` like `//` (another
    host), so a backslash or a control character disqualifies the target too."""
    if target and target.startswith("/") and not target.startswith("//") and \
            not any(char == "\\" or char < " " for char in target):
        return target
    return url_for("meetings.home")


def _email_key() -> str:
    return "login-email:" + services.normalize_email(request.form.get("email", ""))[:254]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], key_func=_email_key)
@public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The e-mail address or the password is not correct."))
        else:
            db.session.commit()
            session.clear()  # a fresh session at login: nothing from before it carries over
            login_user(user)
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(_safe_next(request.args.get("next")))
    status = 400 if form.errors else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    # Server-side: the session token rotates, so a copy of this cookie opens nothing any more, and the
    # user's live sockets are told and disconnected once this commits (live/rooms.py).
    services.end_sessions(current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("meetings.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
@public
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.display_name.data, form.password.data,
                                        locale=form.locale.data)
        except ServiceError as error:
            getattr(form, error.field).errors.append(str(error.message))
        else:
            reset.send_confirmation(user)  # composed in the account's transaction (accounts/reset.py)
            db.session.commit()
            session.clear()
            login_user(user)
            flash(_("Your account is ready."), "success")
            flash(_("We sent a link to %(email)s: open it to confirm your address.", email=user.email), "info")
            return redirect(url_for("meetings.home"))
    status = 400 if form.errors else 200
    return render_template("accounts/register.html", form=form), status


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.new_password.data)
        except ServiceError as error:
            getattr(form, error.field).errors.append(str(error.message))
        else:
            db.session.commit()
            # The cookie must carry the new session token. Pass the user itself, not the proxy: Flask-Login
            # would store the proxy as the request's user, and the next `current_user` lookup recurses.
            login_user(current_user._get_current_object())
            flash(_("Your password has been changed. Other sessions were logged out."), "success")
            return redirect(url_for("accounts.account"))
    status = 400 if form.errors else 200
    return render_template("accounts/account.html", form=form), status


@bp.route("/admin/users")
@roles_required(Role.ADMIN)
def admin_users():
    query = request.args.get("q", "")[:100]
    users = services.list_users(query)
    forms = {u.id: RolesForm(formdata=None, roles=[r.value for r in u.roles], prefix=f"u{u.id}") for u in users}
    return render_template("accounts/admin_users.html", users=users, forms=forms, query=query)


@bp.route("/admin/users/<int:user_id>/roles", methods=["POST"])
@roles_required(Role.ADMIN)
def admin_set_roles(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = RolesForm(prefix=f"u{user.id}")
    if not form.validate():
        flash(_("Unknown role."), "error")
        return redirect(url_for("accounts.admin_users")), 303
    try:
        services.assign_roles(current_user, user, {Role(value) for value in form.roles.data or ()})
    except ServiceError as error:
        flash(str(error.message), "error")
        return redirect(url_for("accounts.admin_users")), 303
    db.session.commit()
    flash(_("Roles of %(name)s saved.", name=user.display_name), "success")
    return redirect(url_for("accounts.admin_users"))


from participation.accounts import email_views  # noqa: E402,F401  (its routes join this blueprint)


from participation.accounts import data_views  # noqa: E402,F401  (its routes: a person's data, deleting an account)
