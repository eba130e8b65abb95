"""The live page, the moderators' queue, the audit log and its CSV export."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from participation.comments.consents import CONSENT_VERSION
from participation.live.strings import client_strings
from tests.conftest import AuthActions

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def logged_in(app, who: str | None):
    client = app.test_client()
    if who:
        response = AuthActions(client).login(f"{who}@example.org")
        assert response.status_code in (302, 303)
    return client


def page(app, who, url, status=200):
    response = logged_in(app, who).get(url)
    assert response.status_code == status, f"GET {url} as {who}: {response.status_code}"
    return response


# The live page.

@pytest.mark.parametrize("who", [None, "citizen", "moderator", "member", "secretary", "admin"])
def test_live_page_renders_for_everyone(app, world, who):
    html = page(app, who, f"/meetings/{world.meeting_id}/live").get_data(as_text=True)
    assert 'id="live"' in html and f'data-meeting-id="{world.meeting_id}"' in html
    assert 'data-last-event-id="0"' in html


def test_live_page_of_a_draft_or_unknown_meeting_is_404(app, world):
    page(app, None, f"/meetings/{world.draft_meeting_id}/live", 404)
    page(app, "citizen", f"/meetings/{world.draft_meeting_id}/live", 404)
    page(app, None, "/meetings/999/live", 404)


def test_secretaries_preview_a_draft_live_page(app, world):
    page(app, "secretary", f"/meetings/{world.draft_meeting_id}/live")


def test_live_page_has_its_strings_as_json_and_no_inline_script(app, world):
    html = page(app, None, f"/meetings/{world.meeting_id}/live").get_data(as_text=True)
    tags = SCRIPT_TAG.findall(html)
    assert tags, "the page loads its scripts"
    for attributes in tags:
        assert "src=" in attributes or 'type="application/json"' in attributes, f"inline script: <script{attributes}>"
    i18n = re.search(r'<script type="application/json" id="i18n"[^>]*>(.*?)</script>', html, re.S)
    assert i18n, "no #i18n script"
    strings = json.loads(i18n.group(1))
    assert {"connected", "reconnecting", "new_comment", "watching", "stance_support", "state_live"} <= set(strings)
    assert all(isinstance(v, str) and v for v in strings.values())
    # Every inline <script> body is the JSON block: nothing executable.
    assert len(re.findall(r"<script\b[^>]*>\s*[^<\s]", html)) == 1
    assert 'onclick=' not in html.lower() and "javascript:" not in html.lower()


def test_client_strings_stay_inert_inside_the_json_script(app):
    with app.test_request_context("/"):
        strings = client_strings()
        rendered = app.jinja_env.from_string("{{ s|tojson }}").render(s={**strings, "x": "</script><b>&'"})
    assert "</script>" not in rendered and "<b>" not in rendered
    assert json.loads(rendered)["x"] == "</script><b>&'"


def test_live_page_shows_approved_comments_escaped(app, world, make):
    approved = make.approved(body='<img src=x onerror="alert(1)"> & <script>alert(2)</script>\n둘째 줄')
    make.comment(body="아직 검토 전인 의견")
    html = page(app, None, f"/meetings/{world.meeting_id}/live").get_data(as_text=True)
    assert f'id="comment-{approved}"' in html
    assert "&lt;img src=x" in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    assert "아직 검토 전인 의견" not in html
    assert 'data-last-event-id="1"' in html


def test_live_page_masks_personal_data_and_escapes_nicknames(app, world, make, connect):
    make.allow_guests()
    guest = connect(None, visit=f"/meetings/{world.meeting_id}/live")
    ack = guest.call("comment.submit", {"item_id": world.items[0], "body": "연락 주세요 010-1234-5678",
                                        "stance": "question", "client_key": "g", "nickname": "<b>손님</b>",
                                        "consent": True, "consent_version": CONSENT_VERSION})
    make.approve(ack["comment_id"])
    html = page(app, None, f"/meetings/{world.meeting_id}/live").get_data(as_text=True)
    assert "010-1234-5678" not in html and "●●●●●●●●●●●●●" in html
    assert "&lt;b&gt;손님&lt;/b&gt;" in html and "<b>손님</b>" not in html


def test_live_page_shows_the_state_of_a_running_session(app, world, make):
    make.start()
    html = page(app, None, f"/meetings/{world.meeting_id}/live").get_data(as_text=True)
    assert f'data-current-item-id="{world.items[0]}"' in html
    assert 'data-last-event-id="2"' in html
    assert re.search(rf'<li data-item-id="{world.items[0]}"\s+aria-current="step"', html)


def test_live_page_controls_by_role(app, world):
    url = f"/meetings/{world.meeting_id}/live"
    anonymous = page(app, None, url).get_data(as_text=True)
    citizen = page(app, "citizen", url).get_data(as_text=True)
    member = page(app, "member", url).get_data(as_text=True)
    secretary = page(app, "secretary", url).get_data(as_text=True)
    assert 'id="live-comment-form"' in citizen and 'id="live-comment-form"' not in anonymous
    assert 'id="live-comment-form"' not in member
    assert 'id="reply-form"' in member and 'id="reply-form"' not in citizen
    assert 'id="control-start"' in secretary and 'id="control-start"' not in citizen
    assert 'id="control-start"' not in member


def test_guests_get_the_form_and_a_guest_id_where_allowed(app, world, make):
    make.allow_guests()
    client = app.test_client()
    html = client.get(f"/meetings/{world.meeting_id}/live").get_data(as_text=True)
    assert 'id="live-comment-form"' in html and 'name="nickname"' in html
    with client.session_transaction() as session:
        assert session.get("guest_id")


# The moderators' queue.

def test_moderate_page_for_moderators_only(app, world, make):
    make.comment(body="<b>검토</b> 대기 의견")
    url = f"/meetings/{world.meeting_id}/moderate"
    html = page(app, "moderator", url).get_data(as_text=True)
    assert "&lt;b&gt;검토&lt;/b&gt; 대기 의견" in html and "<b>검토</b>" not in html
    assert 'id="i18n"' in html
    for attributes in SCRIPT_TAG.findall(html):
        assert "src=" in attributes or 'type="application/json"' in attributes
    for who in ("citizen", "member", "secretary", "admin"):
        page(app, who, url, 403)
    response = page(app, None, url, 302)
    assert "/login" in response.headers["Location"]
    page(app, "moderator", f"/meetings/{world.draft_meeting_id}/moderate", 404)


# The audit log and its export.

@pytest.mark.parametrize("suffix", ["audit", "audit.csv"])
def test_audit_for_secretaries_only(app, world, suffix):
    url = f"/meetings/{world.meeting_id}/moderation/{suffix}"
    page(app, "secretary", url)
    for who in ("citizen", "moderator", "member", "admin"):
        page(app, who, url, 403)
    assert "/login" in page(app, None, url, 302).headers["Location"]


def read_csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # so spreadsheet programs read UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_audit_csv_has_a_row_per_decision(app, world, make):
    approved = make.approved()
    rejected = make.comment()
    make.reject(rejected, moderator="moderator2", reason="other", note="=HYPERLINK(\"http://evil\")")
    redacted = make.comment(body="번호 010-1234-5678")
    make.approve(redacted, redactions=[[0, 2]], note="+1 마스킹")
    hidden = make.approved()
    for who in ("citizen", "citizen2", "member"):
        make.report(hidden, who)

    response = page(app, "secretary", f"/meetings/{world.meeting_id}/moderation/audit.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == ["decision_id", "at", "comment_id", "item_id", "action", "reason", "note", "moderator"]
    by_comment = [(int(r[2]), r[4], r[5], r[6], r[7]) for r in rows]
    assert by_comment == [
        (approved, "approve", "", "", "Moderator One"),
        (rejected, "reject", "other", "'=HYPERLINK(\"http://evil\")", "Moderator Two"),
        (redacted, "approve", "", "'+1 마스킹", "Moderator One"),
        (hidden, "approve", "", "", "Moderator One"),
        (hidden, "auto_hide", "", "", ""),
    ]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row[6:])


def test_audit_csv_neutralizes_formulas_in_moderator_names(app, world, make):
    from participation.accounts.models import User
    from participation.extensions import db

    def rename():
        db.session.get(User, world.users["moderator"]).display_name = "@SUM(A1)"
        db.session.commit()

    make.query(rename)
    make.approved()
    _, row = read_csv(page(app, "secretary", f"/meetings/{world.meeting_id}/moderation/audit.csv"))
    assert row[7] == "'@SUM(A1)"


def test_audit_page_lists_decisions_escaped(app, world, make):
    comment_id = make.comment()
    make.reject(comment_id, reason="other", note="<script>alert(1)</script>")
    html = page(app, "secretary", f"/meetings/{world.meeting_id}/moderation/audit").get_data(as_text=True)
    assert f"#{comment_id}" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def _visible_text(html: str) -> str:
    """The page as read without JavaScript: no scripts (the strings live.js will use), no tags."""
    html = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S | re.I)
    return re.sub(r"<[^>]+>", " ", html)


def test_without_javascript_the_live_page_claims_no_connection(app, world):
    client = app.test_client()
    client.set_cookie("lang", "en")
    html = client.get(f"/meetings/{world.meeting_id}/live").get_data(as_text=True)
    assert '<span id="connection-status" role="status" hidden></span>' in html
    text = _visible_text(html)
    assert "Connecting" not in text
    assert "Without JavaScript this page does not update by itself" in html  # in <noscript>


def test_the_live_page_says_when_part_2_starts_and_that_it_ended(app, world, make):
    from participation.extensions import db
    from participation.meetings.models import Meeting

    client = app.test_client()
    client.set_cookie("lang", "en")
    url = f"/meetings/{world.meeting_id}/live"
    with app.app_context():
        starts = db.session.get(Meeting, world.meeting_id).part2_starts_at
    html = client.get(url).get_data(as_text=True)
    assert "Part 2, the online open session, starts" in _visible_text(html)
    assert f'data-starts-at="{starts.replace(microsecond=0, tzinfo=None).isoformat()}Z"' in html
    make.start()
    assert "starts" not in _visible_text(client.get(url).get_data(as_text=True)).split("Approved comments")[0]
    make.end()
    text = _visible_text(client.get(url).get_data(as_text=True))
    assert "The online open session has ended" in text and "Back to the meeting" in text


def test_each_comment_on_the_feed_shows_its_number_and_time(app, world, make):
    comment_id = make.approved()
    client = app.test_client()
    client.set_cookie("lang", "en")
    html = client.get(f"/meetings/{world.meeting_id}/live").get_data(as_text=True)
    card = html[html.index(f'id="comment-{comment_id}"'):]
    card = card[:card.index("</li>")]
    assert f'<a class="comment-number" href="#comment-{comment_id}">#{comment_id}</a>' in card
    assert re.search(r'<time datetime="[0-9T:-]+Z">\d{2}:\d{2}</time>', card)
