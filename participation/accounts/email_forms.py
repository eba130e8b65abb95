"""Forms of the mailed-link pages: asking for a password reset and choosing the new password."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from participation.accounts.models import EMAIL_MAX
from participation.accounts.passwords import MAX_LENGTH, MIN_LENGTH


class PasswordResetRequestForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=EMAIL_MAX)],
                       filters=[lambda value: value.strip() if value else value],  # a pasted address's spaces
                       render_kw={"autocomplete": "email"})


class PasswordResetForm(FlaskForm):
    """The new password, twice, under the rules of registration."""

    password = PasswordField(_l("New password"),
                             validators=[DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(),
                                        EqualTo("password", message=_l("The passwords differ."))],
                            render_kw={"autocomplete": "new-password"})
