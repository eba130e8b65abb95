"""The notification settings form (one checkbox per kind) and the follow buttons' form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField
from wtforms.validators import AnyOf, DataRequired, ValidationError

from participation.notifications.models import Kind

CHECKED = "y"  # the value a checked box sends (WTForms' BooleanField renders it)


def _checkbox_value(form, field) -> None:
    """A checkbox sends its value or nothing; anything else is not this form's."""
    if field.raw_data and any(value != CHECKED for value in field.raw_data):
        raise ValidationError(_l("This choice is either on or off."))


class SettingsForm(FlaskForm):
    """A checkbox per kind of notification, named by its code."""

    @classmethod
    def for_choices(cls, choices: dict[Kind, bool], **kwargs) -> "SettingsForm":
        return cls(data={kind.value: on for kind, on in choices.items()}, **kwargs)

    def choices(self) -> dict[Kind, bool]:
        return {kind: bool(getattr(self, kind.value).data) for kind in Kind}


for _kind in Kind:
    setattr(SettingsForm, _kind.value, BooleanField(_kind._label, validators=[_checkbox_value]))


FOLLOW, UNFOLLOW = "follow", "unfollow"
BACKS = ("page", "settings")


class FollowForm(FlaskForm):
    """A follow or unfollow button: `action` says which, `back` where to return."""

    action = HiddenField(validators=[DataRequired(_l("Choose to follow or to stop following.")),
                                     AnyOf((FOLLOW, UNFOLLOW), message=_l("Choose to follow or to stop following."))])
    back = HiddenField(default="page", validators=[AnyOf(BACKS + ("",), message=_l("Unknown page to return to."))])
