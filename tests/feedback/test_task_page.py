"""The task page: beside the task's status history, the citizens' feedback on it per public meeting that
discussed it, with figures counted by hand below; a draft meeting's comments never, and no pending,
hidden or rejected text (nor an unmasked phone number) ever."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from participation.comments import services as comments
from participation.comments.models import Comment
from participation.comments.services import Submitter
from participation.core.roles import Role
from participation.extensions import db
from participation.feedback.models import Theme, ThemeRun
from participation.meetings import services
from participation.meetings.models import MeetingState
from participation.meetings.services import agenda_of
from tests import factories

PHONE = "010-1234-5678"
SECRETS = ("대기 중인 비밀 의견", "반려된 비밀 의견", "숨겨진 비밀 의견", "초안 회의의 승인 의견", "초안 회의 제목",
           "과제와 무관한 안건 의견", PHONE)


@dataclass
class World:
    older: int  # meeting ids
    newer: int
    draft: int
    older_item: int  # the items on the task
    newer_item: int
    draft_item: int


@pytest.fixture
def world(app):
    """Task 3-1-7 discussed by two published meetings (one item each) and a draft meeting.

    Older meeting, item on the task (c1..c5: citizens):
      c1 support approved "…{PHONE}…", agreed by c2 and c3
      c2 oppose approved, agreed by c1
      c3 concern pending, c1 question rejected, c4 support approved then hidden by three reports
      -> submitted 5, approved 2 (support 1, oppose 1), participants 4 (c1..c4), agrees 3
      and an item not on the task: c5 support approved (not counted).
    Newer meeting, item on the task: c2 question approved agreed by c1; c5 suggestion approved
      -> submitted 2, approved 2 (question 1, suggestion 1), participants 2, agrees 1.
    Draft meeting, item on the task: c1 support approved (the meeting taken back to draft).
    """
    with app.app_context():
        committee = factories.committee()
        task = factories.task(committee, "3-1-7")
        people = [factories.user(Role.CITIZEN) for _ in range(5)]
        moderator = factories.user(Role.MODERATOR)
        keys = iter(range(1000))

        def say(item, who, body, stance, outcome="approved", agreed=()):
            comment, _ = comments.submit(item, Submitter(user=people[who]), body=body, stance=stance,
                                         client_key=f"k{next(keys)}")
            if outcome == "rejected":
                comments.reject(comment, moderator, reason="off_topic")
                return
            if outcome in ("approved", "hidden"):
                comments.approve(comment, moderator)
                for voter in agreed:
                    comments.agree(comment, people[voter])
            if outcome == "hidden":
                for reporter in (0, 1, 2):
                    comments.report(comment, people[reporter], "욕설")

        def meeting_on_task(title, days):
            meeting = factories.meeting(committee, items=1, title=title, starts_in_days=days)
            item = services.add_agenda_item(meeting, title=f"{title} 과제 안건", task_id=task.id)
            services.move_meeting(meeting, MeetingState.PUBLISHED)
            return meeting, item

        older, older_item = meeting_on_task("2016년 제2차 회의", 10)
        say(older_item, 0, f"안심서비스가 닿지 않았습니다. 연락처 {PHONE}", "support", agreed=(1, 2))
        say(older_item, 1, "예산이 부족해 보입니다", "oppose", agreed=(0,))
        say(older_item, 2, "대기 중인 비밀 의견", "concern", outcome="pending")
        say(older_item, 0, "반려된 비밀 의견", "question", outcome="rejected")
        say(older_item, 3, "숨겨진 비밀 의견", "support", outcome="hidden")
        say(agenda_of(older)[0], 4, "과제와 무관한 안건 의견", "support")

        newer, newer_item = meeting_on_task("2017년 제1차 회의", 20)
        say(newer_item, 1, "지난 회의 이후 무엇이 바뀌었나요", "question", agreed=(0,))
        say(newer_item, 4, "어르신 안내를 늘려 주세요", "suggestion")

        draft, draft_item = meeting_on_task("초안 회의 제목", 30)
        say(draft_item, 0, "초안 회의의 승인 의견", "support")
        draft.state = MeetingState.DRAFT  # as if never published: its comments must not show
        db.session.commit()
        return World(older.id, newer.id, draft.id, older_item.id, newer_item.id, draft_item.id)


def page(client, code="3-1-7", lang="en") -> str:
    client.set_cookie("lang", lang)
    response = client.get(f"/tasks/{code}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def article(html: str, item_id: int) -> str:
    match = re.search(rf'<article class="card task-item" id="item-{item_id}".*?</article>', html, re.S)
    assert match, f"no feedback of item {item_id}"
    return match.group(0)


def figures(html: str) -> dict[str, int]:
    """The headline numbers (figure grid) and the approved comments by stance (the chart's table)."""
    found = {key: int(n) for key, n in re.findall(r'class="figure figure-(\w+)"><dt>.*?</dt>\s*<dd>(\d+)</dd>', html, re.S)}
    table = re.search(r'<table class="data chart-table">.*?</table>', html, re.S).group(0)
    for label, n in re.findall(r'<th scope="row">(\w+)</th>\s*<td class="number">(\d+)</td>', table):
        if int(n):
            found[label] = int(n)
    return found


def test_figures_per_meeting_counted_by_hand(client, world):
    html = page(client)
    assert figures(article(html, world.older_item)) == {
        "submitted": 5, "approved": 2, "waiting": 2, "rejected": 1, "participants": 4, "agrees": 3,
        "Support": 1, "Oppose": 1}
    assert figures(article(html, world.newer_item)) == {
        "submitted": 2, "approved": 2, "waiting": 0, "rejected": 0, "participants": 2, "agrees": 1,
        "Question": 1, "Suggestion": 1}


def test_meetings_newest_first_each_with_its_dashboard(client, world):
    html = page(client)
    assert html.index(f'id="meeting-{world.newer}"') < html.index(f'id="meeting-{world.older}"')
    for meeting in (world.newer, world.older):
        assert f'href="/meetings/{meeting}/feedback"' in html
    assert html.index("Status history") < html.index(f'id="meeting-{world.newer}"')


def test_top_comments_are_approved_public_texts_most_agreed_first(client, world):
    older = article(page(client), world.older_item)
    assert older.index("안심서비스가 닿지 않았습니다") < older.index("예산이 부족해 보입니다")
    assert "2 agree" in older and "1 agree" in older


def test_no_draft_meeting_nor_pending_hidden_rejected_or_private_text(client, world):
    for lang in ("en", "ko"):
        html = page(client, lang=lang)
        for secret in SECRETS:
            assert secret not in html, secret
        assert f"/meetings/{world.draft}" not in html and f"item-{world.draft_item}" not in html


def test_themes_not_computed_yet_is_said(client, world):
    assert "Themes not computed yet." in article(page(client), world.older_item)


def test_computed_themes_show_their_terms_and_approved_examples_only(app, client, world):
    with app.app_context():
        ids = dict(db.session.execute(sa.select(Comment.body, Comment.id).where(Comment.item_id == world.older_item)).all())
        approved = next(cid for body, cid in ids.items() if body.startswith("안심서비스"))
        pending = ids["대기 중인 비밀 의견"]
        run = ThemeRun(item_id=world.older_item, comment_count=2)
        run.themes = [Theme(rank=1, terms=["안심서비스", "연락처"], size=2, representative_ids=[approved, pending])]
        db.session.add(run)
        db.session.commit()
    html = page(client)
    older = article(html, world.older_item)
    assert "안심서비스</span>" in older and "Themes not computed yet." not in older
    assert f"#{approved}" in older and f"#{pending}" not in older
    assert "Themes not computed yet." in article(html, world.newer_item)
    for secret in SECRETS:
        assert secret not in html, secret


def test_the_page_is_in_the_citizens_language(client, world):
    html = page(client, lang="ko")
    assert "과제에 대한 시민 의견" in html and "이 회의의 시민 의견 현황" in html
    assert "Status history" not in html and "아직 분석되지 않았습니다" in html


def test_a_task_no_public_meeting_discussed(app, client, world):
    with app.app_context():
        factories.task(factories.committee("다른 위원회"), "9-9-9")
        db.session.commit()
    html = page(client, "9-9-9")
    assert "Status history" in html and "계획 수립" in html
    assert "No citizen feedback yet." in html and "<article" not in html


def test_an_unknown_task_is_404(client, world):
    assert client.get("/tasks/0-0-0").status_code == 404
