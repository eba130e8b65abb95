"""The pages of the mailed links, on the accounts blueprint: asking for a password reset, setting the
new password by the link, confirming the address by the link and sending the confirmation again.

The link pages carry their token in the URL: they answer `Referrer-Policy: no-referrer` and
`Cache-Control: no-store`, so the token leaves through neither a Referer header nor a cache.
"""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user

from participation.accounts import reset, services
from participation.accounts.email_forms import PasswordResetForm, PasswordResetRequestForm
from participation.accounts.tokens import TokenProblem, TokenRefused
from participation.accounts.views import bp
from participation.core.permissions import login_required, public
from participation.core.services import ServiceError
from participation.extensions import db, limiter

PRIVATE_HEADERS = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def _reset_email_key() -> str:
    return "reset-email:" + services.normalize_email(request.form.get("email", ""))[:254]


def _account_key() -> str:
    if current_user.is_authenticated:
        return f"account:{current_user.id}"
    return f"address:{get_remote_address()}"  # sent to log in by the view; counted apart from accounts


def _refused(problem: TokenProblem, flow: str):
    """The page of a link that cannot be used: why, and how to get a new one. Changes nothing."""
    status = 400 if problem is TokenProblem.INVALID else 410
    return render_template("accounts/email_link_refused.html", problem=problem.value, flow=flow,
                           minutes=reset.reset_minutes(), days=reset.confirm_days()), status, PRIVATE_HEADERS


@bp.route("/password/reset", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_RATE_LIMIT"], methods=["POST"],
               key_func=_reset_email_key)
@public
def password_reset_request():
    """Ask for a reset link by address. The answer is the same whether or not an account has it."""
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        reset.request_password_reset(form.email.data)
        db.session.commit()
        flash(_("If an account uses %(email)s, a link to choose a new password is on its way to it. "
                "The link works for %(minutes)s minutes.",
                email=services.normalize_email(form.email.data), minutes=reset.reset_minutes()), "info")
        return redirect(url_for("accounts.login"), 303)
    status = 400 if form.errors else 200
    return render_template("accounts/password_reset_request.html", form=form), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def password_reset(token: str):
    """The reset link: choose the new password; every session of the account ends, this browser is
    logged in afresh."""
    try:
        user = reset.user_for_reset(token)
    except TokenRefused as refused:
        return _refused(refused.problem, "password")
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            user = reset.reset_password(token, form.password.data)
        except TokenRefused as refused:  # used in the meantime, by another request
            db.session.rollback()
            return _refused(refused.problem, "password")
        db.session.commit()
        session.clear()  # a fresh session, as at login
        login_user(user)
        flash(_("Your new password is set and you are logged in. Every other session of your account "
                "was logged out."), "success")
        return redirect(url_for("accounts.account"), 303)
    status = 400 if form.errors else 200
    return render_template("accounts/password_reset_form.html", form=form, email=user.email), status, \
        PRIVATE_HEADERS


@bp.route("/account/confirm/<token>", methods=["GET", "POST"])
@public
def confirm_email(token: str):
    """The confirmation link: a page with one button (a POST, so that a mail scanner opening links
    confirms nothing); works logged in as anybody, or not logged in."""
    try:
        user = reset.user_for_confirmation(token)
    except TokenRefused as refused:
        return _refused(refused.problem, "confirm")
    if request.method == "POST":
        try:
            user = reset.confirm_email(token)
        except TokenRefused as refused:
            db.session.rollback()
            return _refused(refused.problem, "confirm")
        db.session.commit()
        flash(_("Thank you: %(email)s is confirmed.", email=user.email), "success")
        mine = current_user.is_authenticated and current_user.id == user.id
        return redirect(url_for("accounts.account" if mine else "meetings.home"), 303)
    return render_template("accounts/email_confirm.html", email=user.email), 200, PRIVATE_HEADERS


@bp.route("/account/confirm", methods=["POST"])
@limiter.limit(lambda: current_app.config["EMAIL_CONFIRM_RATE_LIMIT"], key_func=_account_key)
@login_required
def resend_confirmation():
    """Send the confirmation mail again (the account page's button)."""
    try:
        reset.resend_confirmation(current_user._get_current_object())
    except ServiceError as error:
        flash(str(error.message), "info")
    else:
        db.session.commit()
        flash(_("A new confirmation link is on its way to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("accounts.account"), 303)
