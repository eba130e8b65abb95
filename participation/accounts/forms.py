"""Account forms; labels and messages translated lazily."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectMultipleField, StringField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length

from participation.accounts.models import DISPLAY_NAME_MAX, EMAIL_MAX
from participation.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from participation.core.roles import Role

LANGUAGE_CHOICES = [SelectChoice("ko", "한국어"), SelectChoice("en", "English")]


def _new_password(label):
    return PasswordField(label, validators=[DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH)],
                         render_kw={"autocomplete": "new-password"})


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=EMAIL_MAX)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})


class RegisterForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=EMAIL_MAX)],
                       render_kw={"autocomplete": "email"})
    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(max=DISPLAY_NAME_MAX)],
                               render_kw={"autocomplete": "nickname"})
    password = _new_password(_l("Password"))
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
                            render_kw={"autocomplete": "new-password"})
    locale = RadioField(_l("Preferred language"), choices=LANGUAGE_CHOICES, default="ko")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                                     render_kw={"autocomplete": "current-password"})
    new_password = _new_password(_l("New password"))
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
                            render_kw={"autocomplete": "new-password"})


class RolesForm(FlaskForm):
    roles = SelectMultipleField(
        _l("Roles"), choices=[], coerce=str,
        option_widget=widgets.CheckboxInput(), widget=widgets.ListWidget(prefix_label=False),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles.choices = [SelectChoice(r.value, r.label) for r in Role]
