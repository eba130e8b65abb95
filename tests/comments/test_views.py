"""The comment form on the agenda item page (no JavaScript), reporting, "my comments", the policy. Voting
through the forms: test_vote_views.py.

Forms are posted as a browser would: the CSRF token and the client_key come from the item page's HTML.
Texts are checked in English (the `lang` cookie), which needs no compiled catalog.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from participation.comments import services
from participation.comments.models import Comment, CommentStatus, RejectReason
from participation.extensions import db
from participation.meetings import services as meetings
from participation.meetings.models import MeetingState
from tests import factories
from tests.comments.conftest import counts
from tests.conftest import CSRF_FIELD, AuthActions


@pytest.fixture
def client(app):
    client = app.test_client()
    client.set_cookie("lang", "en")
    return client


def item_url(w, item_id=None) -> str:
    return f"/meetings/{w.meeting}/items/{item_id or w.item}"


def comments_url(w, item_id=None) -> str:
    return f"{item_url(w, item_id)}/comments"


def login(client, who: str):
    response = AuthActions(client).login(f"{who}@example.org")
    assert response.status_code == 302, response.status_code


def form_fields(html: str, consent: bool = True) -> dict:
    """The CSRF token and the client_key of the comment form on a page, and, when the form asks for the
    consent of a first comment, the box ticked (unless `consent=False`) with the version the page shows."""
    section = html[html.index('class="comment-form"'):]
    key = re.search(r'name="client_key"[^>]*value="([^"]+)"', section)
    token = CSRF_FIELD.search(section)
    assert key and token, "no comment form on the page"
    fields = {"csrf_token": token.group(1) or token.group(2), "client_key": key.group(1)}
    version = re.search(r'name="consent_version"[^>]*value="([^"]+)"', section[:section.index("</form>")])
    if version and consent:
        fields.update(consent="y", consent_version=version.group(1))
    return fields


def post_comment(client, w, item_id=None, **data):
    """Open the item page, fill the form, send it."""
    page = client.get(item_url(w, item_id))
    assert page.status_code == 200, page.status_code
    fields = {**form_fields(page.get_data(as_text=True)), "stance": "support", "body": "찬성합니다."}
    fields.update(data)
    return client.post(comments_url(w, item_id), data={k: v for k, v in fields.items() if v is not None})


def comment_section(html: str) -> str:
    start = html.index('<section aria-labelledby="comments"')
    return html[start:html.index("</section>", start)]


def approved_part(html: str) -> str:
    section = comment_section(html)
    end = min(i for i in (section.find('id="your-comments"'), section.find('id="comment-form-heading"')) if i >= 0)
    return section[:end]


def own_part(html: str) -> str:
    section = comment_section(html)
    if 'id="your-comments"' not in section:
        return ""
    return section[section.index('id="your-comments"'):section.index('id="comment-form-heading"')]


def field_error(html: str, field: str) -> str:
    """The error text shown beside a field (the `<p class="field-error">` in its own wrapper)."""
    if field == "stance":
        fieldset = re.search(r"<fieldset[^>]*>(.*?)</fieldset>", html, re.S).group(1)
        match = re.search(r'<p class="field-error">(.*?)</p>', fieldset, re.S)
    else:
        match = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', html, re.S)
    assert match, f"no error beside {field}"
    return match.group(1)


def flashes(html: str) -> list[str]:
    return re.findall(r'<p class="flash flash-\w+">(.*?)</p>', html, re.S)


def all_comments() -> list[Comment]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Comment).order_by(Comment.id)))


class _Tags(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


# --- posting -----------------------------------------------------------------------------------------


def test_a_citizen_posts_a_comment_and_sees_it_waiting(app, client, world):
    login(client, "citizen")
    page = client.get(item_url(world)).get_data(as_text=True)
    fields = form_fields(page)
    response = client.post(comments_url(world), data={
        **fields, "body": "  공공 와이파이 확대에 찬성합니다.  ", "stance": "suggestion", "anchor": world.anchors[1]})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{item_url(world)}#your-comments")

    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you. Your comment is waiting for a moderator." in flashes(html)
    mine = own_part(html)
    assert "공공 와이파이 확대에 찬성합니다." in mine and "badge-status-pending" in mine
    assert "Waiting for moderation" in mine
    assert "공공 와이파이 확대에 찬성합니다." not in approved_part(html)
    assert "No approved comments yet." in approved_part(html)
    with app.app_context():
        [comment] = all_comments()
        assert (comment.author_id, comment.body, comment.stance.value, comment.anchor, comment.client_key) == (
            world.citizen, "공공 와이파이 확대에 찬성합니다.", "suggestion", world.anchors[1], fields["client_key"])
        assert comment.status is CommentStatus.PENDING


def test_sending_the_same_form_twice_stores_one_comment(app, client, world):
    login(client, "citizen")
    fields = form_fields(client.get(item_url(world)).get_data(as_text=True))
    data = {**fields, "body": "한 번만 저장되어야 합니다.", "stance": "support"}
    assert client.post(comments_url(world), data=data).status_code == 303
    assert client.post(comments_url(world), data=data).status_code == 303
    with app.app_context():
        assert len(all_comments()) == 1


def test_each_page_view_offers_a_new_client_key(client, world):
    login(client, "citizen")
    keys = {form_fields(client.get(item_url(world)).get_data(as_text=True))["client_key"] for _ in range(3)}
    assert len(keys) == 3


@pytest.mark.parametrize("data, field, message", [
    ({"body": ""}, "body", "This field is required."),
    ({"body": "   \n  "}, "body", "This field is required."),
    ({"body": "가" * 2001}, "body", "2000"),
    ({"stance": "agree"}, "stance", "Not a valid choice"),
    ({"stance": None}, "stance", "This field is required."),
    ({"anchor": "p-00000000"}, "anchor", "Not a valid choice"),
    ({"body": "a\x00b"}, "body", "cannot be stored"),
])
def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(app, client, world, data, field, message):
    login(client, "citizen")
    response = post_comment(client, world, **data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in field_error(html, field)
    assert "Nothing was saved." in html
    with app.app_context():
        assert all_comments() == []


def test_line_breaks_count_as_one_character_as_in_the_browser(app, client, world):
    """A browser counts a line break once against maxlength=2000 but sends it as CRLF."""
    login(client, "citizen")
    typed = ("가" * 99 + "\n") * 20  # 2000 characters in the textarea
    response = post_comment(client, world, body=typed.replace("\n", "\r\n"))
    assert response.status_code == 303, re.findall(r'field-error[^>]*>(.*?)</p>', response.get_data(as_text=True))
    with app.app_context():
        [comment] = all_comments()
        assert comment.body == typed.strip()


def test_a_tampered_client_key_is_refused_with_a_visible_message(app, client, world):
    login(client, "citizen")
    response = post_comment(client, world, client_key="not a key!")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r'<p class="field-error" role="alert">[^<]*client key', html)
    with app.app_context():
        assert all_comments() == []


def test_a_refused_form_keeps_what_was_written_and_the_same_client_key(client, world):
    login(client, "citizen")
    fields = form_fields(client.get(item_url(world)).get_data(as_text=True))
    response = client.post(comments_url(world), data={**fields, "body": "제 의견은 <이렇습니다>", "stance": "nope"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "제 의견은 &lt;이렇습니다&gt;" in html
    assert form_fields(html)["client_key"] == fields["client_key"]


def test_a_comment_without_csrf_token_is_refused(app, client, world):
    login(client, "citizen")
    fields = form_fields(client.get(item_url(world)).get_data(as_text=True))
    response = client.post(comments_url(world), data={"client_key": fields["client_key"], "body": "x",
                                                       "stance": "support"})
    assert response.status_code == 400
    with app.app_context():
        assert all_comments() == []


def test_an_anonymous_visitor_is_asked_to_log_in(app, client, world):
    page = client.get(item_url(world)).get_data(as_text=True)
    assert 'class="comment-form"' not in page and "Log in to comment" in page
    token = CSRF_FIELD.search(client.get("/login").get_data(as_text=True))
    response = client.post(comments_url(world), data={"csrf_token": token.group(1) or token.group(2),
                                                       "body": "익명 글", "stance": "support", "client_key": "anon"})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"] and "next=" in response.headers["Location"]
    with app.app_context():
        assert all_comments() == []


def _allow_guests(app, world):
    with app.app_context():
        meetings.update_meeting(world.meeting_, allow_guest_comments=True)
        db.session.commit()


def test_a_guest_comments_with_a_nickname_where_the_meeting_allows_it(app, client, world):
    _allow_guests(app, world)
    page = client.get(item_url(world)).get_data(as_text=True)
    assert 'name="nickname"' in page
    response = post_comment(client, world, nickname="시민 A", body="손님으로 질문합니다.", stance="question")
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "손님으로 질문합니다." in own_part(html)
    with app.app_context():
        [comment] = all_comments()
        assert (comment.author_id, comment.guest_name, comment.stance.value) == (None, "시민 A", "question")
        assert comment.submitter_key.startswith("g:")
    # Another browser is another guest: it does not see the first one's pending comment.
    other = app.test_client()
    other.set_cookie("lang", "en")
    assert "손님으로 질문합니다." not in other.get(item_url(world)).get_data(as_text=True)


@pytest.mark.parametrize("nickname, message", [("", "Choose a nickname."), ("가" * 41, "40")])
def test_a_guest_needs_a_nickname(app, client, world, nickname, message):
    _allow_guests(app, world)
    response = post_comment(client, world, nickname=nickname)
    assert response.status_code == 400
    assert message in field_error(response.get_data(as_text=True), "nickname")
    with app.app_context():
        assert all_comments() == []


@pytest.mark.parametrize("who", ["moderator", "secretary", "member"])
def test_accounts_without_the_citizen_role_may_not_comment(app, client, world, who):
    login(client, who)
    page = client.get(item_url(world)).get_data(as_text=True)
    assert 'class="comment-form"' not in page and "Only citizens' accounts can comment." in page
    token = CSRF_FIELD.search(page)
    response = client.post(comments_url(world), data={"csrf_token": token.group(1) or token.group(2),
                                                       "body": "글", "stance": "support", "client_key": "k1"})
    assert response.status_code == 403
    with app.app_context():
        assert all_comments() == []


def test_a_draft_meeting_is_not_found(app, client, world):
    with app.app_context():
        draft = factories.meeting(items=1, title="초안")
        draft_item = meetings.agenda_of(draft)[0]
        db.session.commit()
        url = f"/meetings/{draft.id}/items/{draft_item.id}/comments"
    login(client, "citizen")
    token = CSRF_FIELD.search(client.get(item_url(world)).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token.group(1) or token.group(2), "body": "글",
                                      "stance": "support", "client_key": "k1"})
    assert response.status_code == 404
    # An item of another meeting is not found either.
    response = client.post(f"/meetings/{world.meeting}/items/{draft_item.id}/comments",
                           data={"csrf_token": token.group(1) or token.group(2), "body": "글", "stance": "support",
                                 "client_key": "k2"})
    assert response.status_code == 404
    with app.app_context():
        assert all_comments() == []


def test_a_meeting_with_a_final_record_shows_no_form_and_refuses_comments(app, client, world):
    login(client, "citizen")
    fields = form_fields(client.get(item_url(world)).get_data(as_text=True))
    with app.app_context():
        for state in (MeetingState.LIVE, MeetingState.CLOSED, MeetingState.RECORD_FINAL):
            meetings.move_meeting(world.meeting_, state)
        db.session.commit()
    page = client.get(item_url(world)).get_data(as_text=True)
    assert "This meeting does not take comments now." in page and 'class="comment-form"' not in page
    response = client.post(comments_url(world), data={**fields, "body": "늦은 의견", "stance": "support"})
    assert response.status_code == 400
    assert "This meeting does not take comments now." in response.get_data(as_text=True)
    with app.app_context():
        assert all_comments() == []


def test_too_many_comments_answer_429_with_the_wait(app, client, world):
    app.config["COMMENT_RATE_LIMIT"] = "2 per minute"
    login(client, "citizen")
    assert post_comment(client, world, body="하나").status_code == 303
    assert post_comment(client, world, body="둘").status_code == 303
    response = post_comment(client, world, body="셋")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    wait = re.search(r"Try again in (\d+) seconds", html)
    assert wait and 1 <= int(wait.group(1)) <= 60
    assert "셋" in html  # the text is kept to send again later
    with app.app_context():
        assert [c.body for c in all_comments()] == ["하나", "둘"]


# --- what the item page shows ------------------------------------------------------------------------


def _approve(app, world, body, who="citizen"):
    with app.app_context():
        comment = factories.approved_comment(world.item_, world.user(who), world.user("moderator"), body=body)
        db.session.commit()
        return comment.id


def test_approved_comments_are_shown_as_escaped_text_with_safe_links(app, client, world):
    body = ('<script>alert("x")</script> <img src=x onerror=alert(1)> '
            '자료: https://example.org/plan?a=1&b=2 참고\n둘째 줄')
    comment_id = _approve(app, world, body)
    html = approved_part(client.get(item_url(world)).get_data(as_text=True))
    assert f'id="comment-{comment_id}"' in html
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    links = [attrs for tag, attrs in _Tags(html).tags if tag == "a" and attrs.get("href", "").startswith("https://")]
    assert links == [{"href": "https://example.org/plan?a=1&b=2", "rel": "nofollow noopener"}]
    assert "<br>" in html  # line breaks kept
    body_html = re.search(r'<p class="comment-body">(.*?)</p>', html, re.S).group(1)
    assert {tag for tag, _ in _Tags(body_html).tags} == {"a", "br"}


def test_a_guests_nickname_is_shown_as_text(app, client, world):
    _allow_guests(app, world)
    response = post_comment(client, world, nickname='<img src=x onerror="alert(1)">', body="손님 글")
    assert response.status_code == 303
    with app.app_context():
        services.approve(all_comments()[0], world.user("moderator"))
        db.session.commit()
    html = approved_part(app.test_client().get(item_url(world)).get_data(as_text=True))
    assert "<img" not in html and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "손님 글" in html


def _queries_to_render(app, client, url) -> int:
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda conn, cursor, statement, *rest: statements.append(statement)  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def test_the_item_page_loads_comments_in_a_fixed_number_of_queries(app, client, world):
    """No query per comment (its author, its replies): N+1 would grow with a busy live session."""
    def add_comments(n, start):
        with app.app_context():
            for i in range(start, start + n):
                author = factories.user(email=f"author{i}@example.org", name=f"Author {i}")
                comment = factories.approved_comment(world.item_, author, world.user("moderator"), body=f"의견 {i}")
                services.post_reply(comment, world.user("member"), f"답변 {i}")
            db.session.commit()

    add_comments(2, 0)
    few = _queries_to_render(app, client, item_url(world))
    add_comments(10, 2)
    many = _queries_to_render(app, client, item_url(world))
    assert many == few


def test_approved_comments_mask_personal_data(app, client, world):
    _approve(app, world, "연락처 010-1234-5678, 메일 kim@example.org, 주민번호 900101-1234567, 과제 3-1-7")
    html = client.get(item_url(world)).get_data(as_text=True)
    for secret in ("010-1234-5678", "kim@example.org", "900101-1234567", "mailto:"):
        assert secret not in html
    assert "연락처 ●●●●●●●●●●●●●" in approved_part(html) and "과제 3-1-7" in approved_part(html)


def test_the_author_sees_the_rejection_reason_on_the_item_page_and_in_my_comments(app, client, world):
    with app.app_context():
        comment = factories.comment(world.item_, world.user("citizen"), body="광고 글입니다")
        other = factories.comment(world.item_, world.user("citizen"), body="기타 사유 글")
        services.reject(comment, world.user("moderator"), reason="spam")
        services.reject(other, world.user("moderator"), reason="other", note="같은 내용을 다른 안건에 올려 주세요")
        db.session.commit()
    login(client, "citizen")
    for url, part in ((item_url(world), own_part), ("/my/comments", lambda html: html)):
        html = part(client.get(url).get_data(as_text=True))
        assert "광고 글입니다" in html and "badge-status-rejected" in html
        assert str(RejectReason.SPAM.label) in html  # "Advertising or spam"
        assert "Other" in html and "같은 내용을 다른 안건에 올려 주세요" in html
    # Nobody else sees it.
    client2 = app.test_client()
    client2.set_cookie("lang", "en")
    login(client2, "citizen2")
    assert "광고 글입니다" not in client2.get(item_url(world)).get_data(as_text=True)
    assert "광고 글입니다" not in client2.get("/my/comments").get_data(as_text=True)


def test_my_comments_needs_a_login(client, world):
    response = client.get("/my/comments")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_official_replies_are_shown_under_the_comment(app, client, world):
    comment_id = _approve(app, world, "질문입니다")
    with app.app_context():
        services.post_reply(db.session.get(Comment, comment_id), world.user("member"), "<b>답변</b> 드립니다")
        db.session.commit()
    html = approved_part(client.get(item_url(world)).get_data(as_text=True))
    assert "Official reply" in html and "Member Yoon" in html
    assert "&lt;b&gt;답변&lt;/b&gt; 드립니다" in html


# --- report ------------------------------------------------------------------------------------------


def _token(client, world) -> str:
    match = CSRF_FIELD.search(client.get(item_url(world)).get_data(as_text=True))
    return match.group(1) or match.group(2)


def test_vote_and_report_need_a_login_and_an_approved_comment(app, client, world):
    comment_id = _approve(app, world, "승인된 글")
    with app.app_context():
        pending_id = factories.comment(world.item_, world.user("citizen"), body="대기 글").id
        db.session.commit()
    anonymous_token = CSRF_FIELD.search(client.get("/login").get_data(as_text=True)).group(1)
    for action in ("vote", "report"):  # the meeting takes no guests
        response = client.post(f"/comments/{comment_id}/{action}", data={"csrf_token": anonymous_token,
                                                                          "reason": "x", "choice": "agree"})
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(client, "citizen2")
    token = _token(client, world)
    for action in ("vote", "report"):
        for missing in (pending_id, 999_999):
            response = client.post(f"/comments/{missing}/{action}", data={"csrf_token": token, "reason": "x",
                                                                          "choice": "agree"})
            assert response.status_code == 404
    with app.app_context():
        assert counts()["votes"] == counts()["reports"] == 0


def test_report_once_then_a_flashed_refusal(app, client, world):
    comment_id = _approve(app, world, "신고될 글")
    login(client, "citizen2")
    token = _token(client, world)
    response = client.post(f"/comments/{comment_id}/report", data={"csrf_token": token, "reason": "욕설"},
                           follow_redirects=True)
    assert "Thank you. A moderator will look at this comment." in flashes(response.get_data(as_text=True))
    response = client.post(f"/comments/{comment_id}/report", data={"csrf_token": token, "reason": "다시"},
                           follow_redirects=True)
    assert "You already reported this comment." in flashes(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(Comment, comment_id).report_count == 1


def test_a_report_without_reason_is_refused(app, client, world):
    comment_id = _approve(app, world, "글")
    login(client, "citizen2")
    response = client.post(f"/comments/{comment_id}/report", data={"csrf_token": _token(client, world),
                                                                    "reason": "  "}, follow_redirects=True)
    assert "Say why you report this comment." in flashes(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(Comment, comment_id).report_count == 0


def test_three_reports_through_the_page_hide_the_comment(app, world):
    comment_id = _approve(app, world, "세 번 신고될 글")
    for who in ("citizen2", "citizen3", "citizen4"):
        client = app.test_client()
        client.set_cookie("lang", "en")
        login(client, who)
        response = client.post(f"/comments/{comment_id}/report",
                               data={"csrf_token": _token(client, world), "reason": "부적절"})
        assert response.status_code == 303
    html = client.get(item_url(world)).get_data(as_text=True)
    assert "세 번 신고될 글" not in html
    with app.app_context():
        assert db.session.get(Comment, comment_id).status is CommentStatus.HIDDEN


# --- the moderation policy ---------------------------------------------------------------------------


CODES = ["off_topic", "abusive", "personal_data", "spam", "duplicate", "other"]


@pytest.mark.parametrize("query, lang", [("", "ko"), ("?lang=en", "en"), ("?lang=ko", "ko")])
def test_the_moderation_policy_lists_the_six_reasons(app, query, lang):
    client = app.test_client()  # no language cookie: Korean unless asked
    response = client.get(f"/moderation-policy{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in html
    found = re.findall(r'<dt id="reason-([a-z_]+)">[^<]+</dt>\s*<dd>[^<]+</dd>', html, re.S)
    assert found == CODES  # each reason keeps its anchor (#reason-off_topic) for links


def test_the_policy_is_linked_from_the_comment_form(client, world):
    login(client, "citizen")
    form = comment_section(client.get(item_url(world)).get_data(as_text=True))
    assert 'href="/moderation-policy"' in form


def test_voting_or_reporting_on_a_comment_of_a_draft_is_404_and_reveals_no_ids(app, client, world):
    """The form's answer must not say where the comment sits (no redirect to the draft's item)."""
    with app.app_context():
        comment = factories.comment(world.item_, world.user("citizen"))
        services.approve(comment, world.user("moderator"))
        world.meeting_.state = MeetingState.DRAFT
        db.session.commit()
        comment_id = comment.id
    login(client, "citizen2")
    token = CSRF_FIELD.search(client.get("/my/comments").get_data(as_text=True))
    data = {"csrf_token": token.group(1) or token.group(2), "reason": "부적절", "choice": "agree"}
    for action in ("vote", "report"):
        response = client.post(f"/comments/{comment_id}/{action}", data=data)
        assert response.status_code == 404
        assert "Location" not in response.headers


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_policy_page_shows_labels_not_codes(client, lang):
    html = client.get(f"/moderation-policy?lang={lang}").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", html)  # what a person reads, not the anchors' ids
    for reason in RejectReason:
        assert "_" not in reason.value or reason.value not in text  # spam and other are words too
    assert ("Off-topic" in text) is (lang == "en")


def test_after_a_reload_the_page_shows_what_the_user_voted(app, client, world):
    with app.app_context():
        comment = factories.approved_comment(world.item_, world.user("citizen"), world.user("moderator"))
        services.agree(comment, world.user("citizen2"))
        db.session.commit()
        comment_id = comment.id
    login(client, "citizen2")
    html = client.get(item_url(world)).get_data(as_text=True)
    card = html[html.index(f'id="comment-{comment_id}"'):]
    card = card[:card.index("</li>")]
    pressed = re.findall(r'data-choice="(\w+)"\s+class="[^"]*vote-button[^"]*"\s+aria-pressed="(\w+)"', card)
    assert pressed == [("agree", "true"), ("disagree", "false"), ("pass", "false")]
    live = client.get(f"/meetings/{world.meeting}/live").get_data(as_text=True)
    assert f'data-comment-id="{comment_id}" data-item-id="{world.item}" data-vote="agree"' in live
    login(client, "citizen3")
    assert 'aria-pressed="true"' not in approved_part(client.get(item_url(world)).get_data(as_text=True))
