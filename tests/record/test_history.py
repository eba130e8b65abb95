"""The audit trail of a committee's seats and of its records' edits: every change that stores something is
kept with who made it, what it changed, when, on which committee and meeting; a refused change leaves
nothing; the versions page and the seats page show it only to those the rule lets see it."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from participation.accounts.models import User
from participation.core.roles import Role
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings import membership
from participation.meetings.audit import AuditAction as A
from participation.meetings.audit import AuditEvent
from participation.meetings.models import Meeting, MeetingState, SeatRole
from participation.record import services, versions
from participation.record.kinds import EntryType
from tests import factories
from tests.record import minutes_text

E = EntryType
Fields = services.EntryFields
SECRETARY, MEMBER, ADMIN, OTHER = ("secretary@example.org", "member@example.org", "admin@example.org",
                                   "other@example.org")


def events_since(mark: int) -> list[tuple]:
    """(action, committee, meeting, actor, details) of the events stored after `mark`, oldest first."""
    db.session.expire_all()
    return [(e.action, e.committee_id, e.meeting_id, e.actor_id, e.details) for e in db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.id > mark).order_by(AuditEvent.id))]


def last_event() -> int:
    return db.session.scalar(sa.select(sa.func.max(AuditEvent.id))) or 0


def build() -> SimpleNamespace:
    meeting = factories.meeting(published=True, items=1, title="Audited meeting")
    secretary = factories.user(Role.SECRETARY, email=SECRETARY, name="Park Secretary")
    member = factories.user(Role.MEMBER, email=MEMBER, name="Kim Member")
    admin = factories.user(Role.ADMIN, email=ADMIN, name="Admin Jang")
    other = factories.user(Role.SECRETARY, email=OTHER)
    factories.seat(meeting.committee, secretary, "secretary", "간사")
    factories.seat(meeting.committee, member)
    factories.seat(factories.committee("Other committee"), other, "secretary", "간사")
    newcomer = factories.user(Role.MEMBER, name="Choi Newcomer")
    db.session.commit()
    return SimpleNamespace(meeting=meeting, committee=meeting.committee, secretary=secretary, member=member,
                           admin=admin, other=other, newcomer=newcomer)


@pytest.fixture
def world(app_ctx):
    return build()


def test_seats_added_and_ended_are_kept_with_who_and_the_term(world):
    mark = last_event()
    row = membership.add_membership(world.committee, world.newcomer, SeatRole.MEMBER, title="부위원장",
                                    starts_on=date(2024, 1, 1), actor=world.admin)
    membership.end_membership(row, date(2024, 12, 31), actor=world.secretary)
    db.session.commit()
    seat = {"membership_id": row.id, "person_id": world.newcomer.id, "person": "Choi Newcomer", "seat": "member",
            "title": "부위원장", "starts_on": "2024-01-01"}
    assert events_since(mark) == [
        (A.SEAT_ADDED, world.committee.id, None, world.admin.id, {**seat, "ends_on": None}),
        (A.SEAT_ENDED, world.committee.id, None, world.secretary.id,
         {**seat, "ends_on": "2024-12-31", "ends_on_before": None}),
    ]
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.id > mark)).first()
    assert event.created_at.tzinfo is not None  # when: kept in UTC


def test_a_refused_seat_change_leaves_no_event(world):
    mark = last_event()
    citizen = factories.user(Role.CITIZEN)
    with pytest.raises(ServiceError):
        membership.add_membership(world.committee, citizen, SeatRole.MEMBER, starts_on=date(2024, 1, 1),
                                  actor=world.admin)
    row = membership.add_membership(world.committee, world.newcomer, SeatRole.MEMBER, starts_on=date(2024, 1, 1))
    mark = last_event()
    with pytest.raises(ServiceError):
        membership.end_membership(row, date(2023, 12, 31), actor=world.admin)
    assert events_since(mark) == []


def test_every_stored_entry_change_is_kept_with_its_meeting(world):
    meeting, who = world.meeting, world.secretary
    mark = last_event()
    first = services.add_entry(who, meeting, Fields(E.STATEMENT, "첫째", speaker_label="○○○"))
    second = services.add_entry(who, meeting, Fields(E.SECTION, "둘째", level=2))
    services.update_entry(who, first, Fields(E.STATEMENT, "첫째, 고침", speaker_label="부위원장"))
    services.update_entry(who, first, Fields(E.STATEMENT, "첫째, 고침", speaker_label="부위원장"))  # no change
    assert services.move_entry(who, second, -1) == 1
    assert services.move_entry(who, second, -1) == 1  # already first: nothing moves
    services.delete_entry(who, first)
    services.update_settings(who, meeting, anonymize_members=False, attendance="위원 12명")
    services.update_settings(who, meeting, anonymize_members=False, attendance="위원 12명")  # no change
    db.session.commit()
    here = (world.committee.id, meeting.id, who.id)
    assert events_since(mark) == [
        (A.ENTRY_ADDED, *here, {"entry_id": first.id, "position": 1, "type": "statement"}),
        (A.ENTRY_ADDED, *here, {"entry_id": second.id, "position": 2, "type": "section"}),
        (A.ENTRY_EDITED, *here, {"entry_id": first.id, "position": 1, "type": "statement",
                                 "fields": ["speaker_label", "text"]}),
        (A.ENTRY_MOVED, *here, {"entry_id": second.id, "position": 1, "type": "section", "moved_from": 2}),
        (A.ENTRY_DELETED, *here, {"entry_id": first.id, "position": 2, "type": "statement"}),
        (A.SETTINGS_CHANGED, *here, {"fields": ["anonymize_members", "attendance"], "anonymize_members": False}),
    ]


def test_a_refused_entry_change_leaves_no_event(world):
    meeting = world.meeting
    entry = services.add_entry(world.secretary, meeting, Fields(E.NOTE, "※ 메모"))
    db.session.commit()
    mark = last_event()
    for refused in (lambda: services.add_entry(world.other, meeting, Fields(E.NOTE, "남의 기록")),
                    lambda: services.add_entry(world.secretary, meeting, Fields(E.NOTE, "   ")),
                    lambda: services.update_entry(world.secretary, entry, Fields(E.NOTE, "x" * 20001)),
                    lambda: services.move_entry(world.secretary, entry, 2),
                    lambda: services.delete_entry(world.member, entry)):
        with pytest.raises(ServiceError):
            refused()
        db.session.rollback()
    assert events_since(mark) == []


def test_an_import_is_kept_with_its_counts_and_who_saved_it(world):
    meeting = world.meeting
    parsed = services.preview_import(meeting, minutes_text().encode())
    resolution = next(n for n, p in enumerate(parsed.proposals) if p.type is E.RESOLUTION)
    mark = last_event()
    services.import_minutes(meeting, parsed, iter([services.Confirmation(resolution, E.RESOLUTION)]),
                            actor=world.secretary)
    db.session.commit()
    assert events_since(mark) == [(A.MINUTES_IMPORTED, world.committee.id, meeting.id, world.secretary.id,
                                   {"entries": 9 + 59 + 2 + 1, "decisions": 1})]


# --- Through the pages ----------------------------------------------------------------------------------------

@pytest.fixture
def site(app):
    with app.app_context():
        built = build()
        return SimpleNamespace(meeting=built.meeting.id, committee=built.committee.id,
                               newcomer=built.newcomer.id, secretary=built.secretary.id, admin=built.admin.id)


def log_in(client, auth, email):
    client.set_cookie("lang", "en")
    assert auth.login(email).status_code == 302


def actors_since(app, mark: int) -> list[tuple[A, int | None]]:
    with app.app_context():
        return [(action, actor) for action, _c, _m, actor, _d in events_since(mark)]


def test_the_pages_keep_who_made_each_change(app, client, auth, post_form, site):
    with app.app_context():
        mark = last_event()
    log_in(client, auth, SECRETARY)
    editor = f"/manage/meetings/{site.meeting}/record"
    assert post_form(f"{editor}/entries/new", {"type": "statement", "text": "A new statement",
                                               "speaker_label": "○○○"}).status_code == 303
    with app.app_context():
        entry = db.session.scalar(sa.text("SELECT max(id) FROM record_entries"))
    assert post_form(f"{editor}/entries/{entry}/edit", {"type": "note", "text": "Now a note"}).status_code == 303
    assert post_form(f"{editor}/settings", {"attendance": "12 members"}, form_url=editor).status_code == 303
    assert post_form(f"{editor}/entries/{entry}/delete", {}, form_url=editor).status_code == 303
    client.delete_cookie("session")
    log_in(client, auth, ADMIN)
    seats = f"/manage/committees/{site.committee}/members"
    assert post_form(f"{seats}/add", {"user_id": site.newcomer, "role": "member", "title": "위원",
                                      "starts_on": "2024-01-01"}, form_url=seats).status_code in (302, 303)
    assert actors_since(app, mark) == [(A.ENTRY_ADDED, site.secretary), (A.ENTRY_EDITED, site.secretary),
                                       (A.SETTINGS_CHANGED, site.secretary), (A.ENTRY_DELETED, site.secretary),
                                       (A.SEAT_ADDED, site.admin)]
    page = client.get(seats).get_data(as_text=True)
    history = page[page.index('id="seat-history"'):]
    assert "Seat added" in history and "Choi Newcomer: Committee member · 위원, from" in history
    assert "Admin Jang" in history and "Entry added" not in history  # the seats page: seats only


def _history(html: str) -> str | None:
    return html[html.index('id="history"'):] if 'id="history"' in html else None


def test_the_versions_page_shows_the_trail_to_the_committees_people_only(app, client, auth, site):
    with app.app_context():
        meeting = db.session.get(Meeting, site.meeting)
        secretary = db.session.get(User, site.secretary)
        services.add_entry(secretary, meeting, Fields(E.STATEMENT, "발언", speaker_label="○○○"))
        db.session.commit()
    page = f"/meetings/{site.meeting}/record/versions"
    for email in (SECRETARY, MEMBER):
        log_in(client, auth, email)
        history = _history(client.get(page).get_data(as_text=True))
        assert history is not None and "Entry added" in history and "Entry 1 (Statement)" in history
        assert "Park Secretary" in history
        assert "Seat added" in history and "(unknown)" in history  # the fixtures' seats: no actor
        client.delete_cookie("session")
    log_in(client, auth, OTHER)
    assert client.get(page).status_code == 404  # a draft: not theirs to read
    client.delete_cookie("session")
    with app.app_context():
        meeting = db.session.get(Meeting, site.meeting)
        meeting.state = MeetingState.CLOSED
        versions.finalize(meeting, db.session.get(User, site.secretary))
        db.session.commit()
    client.set_cookie("lang", "en")
    public = client.get(page)
    assert public.status_code == 200 and "Version 1" in public.get_data(as_text=True)
    assert _history(public.get_data(as_text=True)) is None  # the public sees the versions, not the trail
    log_in(client, auth, ADMIN)
    assert "Entry added" in _history(client.get(page).get_data(as_text=True))


def test_the_trail_reads_in_korean(app, client, auth, site):
    with app.app_context():
        meeting = db.session.get(Meeting, site.meeting)
        services.add_entry(db.session.get(User, site.secretary), meeting, Fields(E.NOTE, "※ 메모"))
        db.session.commit()
    assert auth.login(SECRETARY).status_code == 302
    client.set_cookie("lang", "ko")
    history = _history(client.get(f"/meetings/{site.meeting}/record/versions").get_data(as_text=True))
    assert "회의록과 위원회 자리의 변경" in history and "내용 추가" in history and "1번 내용 (메모)" in history
