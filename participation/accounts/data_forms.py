"""Forms of deleting an account (the person's, with their password; an administrator's, confirmed). The
export buttons are bare forms: the CSRF token, which the app's CSRF protection checks on every POST."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, Length

from participation.accounts.passwords import MAX_LENGTH


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    confirm = BooleanField(_l("I understand that my account is deleted for good and cannot be restored."),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])


class AdminDeleteAccountForm(FlaskForm):
    confirm = BooleanField(_l("The person asked for it: delete this account for good."),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])
