"""The notification pages and mails are valid HTML: the Nu Html Checker (tests/test_html_validity.py) reports
0 errors on the settings page (with follows, and refusing a bad value), the meeting and committee pages
with their follow buttons for a logged-in reader, and the HTML part of every kind of mail, in both
languages."""
from __future__ import annotations

import json
import subprocess
from datetime import timedelta

import sqlalchemy as sa

from participation.accounts.mail import MailMessage
from participation.comments import services as comments
from participation.comments.models import RejectReason
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings import services as meetings
from participation.meetings.models import MeetingState
from participation.meetings.services import agenda_of
from participation.notifications import fanout, reminders, services
from tests import factories
from tests.conftest import csrf_token
from tests.notifications.people import person
from tests.record import final_world
from tests.record.test_final_views import as_user
from tests.test_html_validity import LANGUAGES, _checker


def _mails_of_every_kind() -> None:
    built = final_world.build(deadline=reminders.opinions.local_today() + timedelta(days=1))
    built.member.email_confirmed_at = built.meeting.created_at
    for locale in LANGUAGES:
        services.set_follow(person(locale=locale), True, committee=built.meeting.committee)
    meeting = factories.meeting(built.meeting.committee, items=1, title="새 회의 <공개>")
    item = agenda_of(meeting)[0]
    meetings.move_meeting(meeting, MeetingState.PUBLISHED)
    meetings.postpone_meeting(meeting, meeting.starts_at + timedelta(days=7), "사정으로 연기 & 변경", None)
    for locale in LANGUAGES:
        author = person(locale=locale)
        first = factories.approved_comment(item, author, built.moderator, body="승인될 <의견> & 링크")
        comments.post_reply(first, built.member, "답변 <b>드립니다</b>\n둘째 줄")
        second = factories.comment(item, author, body="반려될 의견")
        comments.reject(second, built.moderator, reason=RejectReason.OTHER.value, note="주제와 <무관>")
    meetings.move_meeting(meeting, MeetingState.LIVE)
    db.session.commit()
    reminders.remind_due()
    fanout.expand_pending()


def test_the_notification_pages_and_mails_have_no_html_errors(app, client, tmp_path):
    command = _checker()
    with app.app_context():
        committee = factories.committee("정보화전략위원회")
        meeting = factories.meeting(committee, published=True, items=1, title="공개 회의")
        reader = person(locale="en")
        services.set_follow(reader, True, meeting=meeting)
        other = factories.committee("다른 위원회")
        services.set_follow(reader, True, committee=other)
        db.session.commit()
        ids = {"reader": reader.id, "meeting": meeting.id, "committee": committee.id, "other": other.id}
        _mails_of_every_kind()
        mails = db.session.execute(sa.select(MailMessage.kind, MailMessage.locale, MailMessage.html_body)).all()
    assert {kind for kind, _, _ in mails} >= {"comment_decided", "comment_replied", "meeting_published",
                                               "meeting_rescheduled", "meeting_live", "opinion_due"}
    # A title written by the secretary is escaped in the mail's <title> too (the subject is plain text).
    assert any("<title>Postponed: 새 회의 &lt;공개&gt;</title>" in html for _, _, html in mails)
    files: dict[str, str] = {}
    for n, (kind, locale, html) in enumerate(mails):
        path = tmp_path / f"mail-{n}-{kind}.{locale}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path)] = f"mail {kind} ({locale})"
    for lang in LANGUAGES:
        as_user(app, client, ids["reader"], lang)
        pages = {"settings": "/account/notifications", "meeting": f"/meetings/{ids['meeting']}",
                 "committee": f"/committees/{ids['committee']}", "followed-committee": f"/committees/{ids['other']}"}
        for name, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200
            path = tmp_path / f"{name}.{lang}.html"
            path.write_bytes(response.data)
            files[str(path)] = f"{url} ({lang})"
        refused = client.post("/account/notifications", data={"meeting_live": "maybe",
                                                               "csrf_token": csrf_token(client, "/account/notifications")})
        assert refused.status_code == 400
        (tmp_path / f"refused.{lang}.html").write_bytes(refused.data)
        files[str(tmp_path / f"refused.{lang}.html")] = f"refused settings ({lang})"

    run = subprocess.run([*command, "--errors-only", "--format", "json", *files], capture_output=True,
                         text=True, timeout=300)
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    described = "\n".join(f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} line "
                          f"{m.get('lastLine')}: {m.get('message')}" for m in errors)
    assert errors == [], f"{len(errors)} HTML errors:\n{described}"
