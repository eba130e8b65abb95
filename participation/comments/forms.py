"""The comment form of the agenda item page (works without JavaScript)."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from participation.comments import consents
from participation.comments.models import BODY_MAX, NICKNAME_MAX, Stance


def _newlines(text: str | None) -> str | None:
    """Browsers send a textarea's line breaks as CRLF but count each as one character against its
    `maxlength`: count (and store) them as one here too, so a text the browser let through fits."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if isinstance(text, str) else text


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=BODY_MAX)],
                         filters=[_newlines], render_kw={"maxlength": BODY_MAX, "rows": 5})
    stance = RadioField(_l("Your stance"), validators=[DataRequired()], choices=[])
    anchor = SelectField(_l("About which paragraph (optional)"), validators=[Optional()], choices=[])
    nickname = StringField(_l("Nickname"), validators=[Optional(), Length(max=NICKNAME_MAX)],
                           render_kw={"autocomplete": "nickname"})
    client_key = HiddenField(default=lambda: uuid.uuid4().hex)
    # Shown only to someone who has not accepted the current consent text (comments/_consent.html); the
    # comment service decides (consents.py): ticked, it sends the version of the text the page showed.
    consent = BooleanField()
    consent_version = HiddenField(default=consents.CONSENT_VERSION)

    def __init__(self, *args, anchors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.consent.label.text = consents.statement()
        self.stance.choices = [SelectChoice(s.value, s.label) for s in Stance]
        self.anchor.choices = [SelectChoice("", _l("The whole item"))] + [
            SelectChoice(anchor.id, f"{title}: {anchor.excerpt}") for title, anchor in anchors
        ]

    @property
    def accepted_consent(self) -> str | None:
        """The version of the consent text the person agreed to with this submission, if they did."""
        return (self.consent_version.data or None) if self.consent.data else None


class ReportForm(FlaskForm):
    reason = StringField(_l("Why should moderators look at this comment?"),
                         validators=[DataRequired(), Length(max=500)])
