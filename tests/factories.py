"""Test data made through the real services, so tests build what the screens would build."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from participation.accounts import services as accounts
from participation.comments import consents
from participation.comments import services as comments
from participation.comments.services import Submitter
from participation.core.roles import Role
from participation.meetings import membership, services
from participation.meetings.models import ItemKind, MeetingState, SeatRole, TaskStatus

PASSWORD = "demo-password"
_counter = iter(range(1, 1_000_000))


def user(*roles: Role, email: str | None = None, name: str | None = None, locale: str = "ko",
         consented: bool = True):
    """An account that has accepted the current consent text (comments/consents.py), as after a first
    comment, unless `consented=False`."""
    n = next(_counter)
    created = accounts.create_user(email or f"user{n}@example.org", name or f"Tester {n}", PASSWORD,
                                   roles=set(roles), locale=locale)
    if consented:
        consents.record_consent(user_id=created.id, locale=locale)
    return created


def guest_consent(guest_id: str, locale: str = "ko"):
    """The guest of `guest_id` (its session's guest id) has accepted the current consent text."""
    return consents.record_consent(guest_key=Submitter(guest_id=guest_id).key, locale=locale)


def committee(name: str = "정보화전략위원회"):
    return services.create_committee(name, "설명")


def seat(committee_, person, role: str = "member", title: str = "위원", starts_on: date = date(2016, 1, 1),
         ends_on: date | None = None):
    """`person` sits on (role "member") or serves (role "secretary") the committee from `starts_on`."""
    return membership.add_membership(committee_, person, SeatRole(role), title=title, starts_on=starts_on,
                                     ends_on=ends_on)


def task(committee_, code: str = "3-1-7", status: TaskStatus = TaskStatus.ON_TRACK):
    return services.create_task(committee_, code, f"과제 {code}", "정보기획담당관", status=status,
                                changed_on=date(2016, 2, 15), reason="계획 수립", actor_id=None)


def meeting(committee_=None, *, published: bool = False, items: int = 1, starts_in_days: int = 30,
            title: str = "2017년 제1차 회의", part_2: bool = True):
    """A meeting in draft (or published) with `items` agenda items and, unless `part_2` is False, an
    online open session from two to three hours after it starts."""
    committee_ = committee_ or committee()
    starts = datetime.now(timezone.utc) + timedelta(days=starts_in_days)
    part2 = {"part2_starts_at": starts + timedelta(hours=2), "part2_ends_at": starts + timedelta(hours=3)} \
        if part_2 else {}
    m = services.create_meeting(committee_, title=title, number=1, place="서울시청", summary="",
                                starts_at=starts, stream_url=None, allow_guest_comments=False, **part2)
    for i in range(items):
        services.add_agenda_item(m, title=f"안건 {i + 1}", kind=ItemKind.REPORT)
    if published:
        services.move_meeting(m, MeetingState.PUBLISHED)
    return m


def comment(item, author, body: str = "좋은 제안입니다.", stance: str = "support", key: str | None = None):
    """A pending comment by `author` (a user) on `item`."""
    created, _ = comments.submit(item, Submitter(user=author), body=body, stance=stance,
                                 client_key=key or f"k{next(_counter)}")
    return created


def approved_comment(item, author, moderator, body: str = "좋은 제안입니다."):
    return comments.approve(comment(item, author, body), moderator)
