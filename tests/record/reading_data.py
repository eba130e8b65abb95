"""Test data for the record's reading side: a closed meeting whose record was imported from the reference
minutes (every proposed decision confirmed, as the demo does), two statements by named member accounts,
the committee's people and others, and comments in every state; versions inserted as the finalize
feature will insert them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import Flask

from participation.accounts.models import User
from participation.comments import services as comments
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import Meeting, MeetingState
from participation.meetings.services import agenda_of
from participation.record import exports, importer, services
from participation.record.kinds import EntryType
from participation.record.models import Record, RecordVersion
from tests import factories
from tests.record import minutes_text

NAMES = ("김민준", "Jane Member")
APPROVED = ("첫째 안건에 찬성합니다", "둘째 의견입니다")
HIDDEN_TEXTS = ("거절될 글입니다", "또 거절될 글입니다", "아직 기다리는 글입니다")
REPLY = "검토하겠습니다."


@dataclass
class Setting:
    """Ids of what `build` made, and the app to open a context on. Requests run outside any test-held app
    context (inside one they would share its `g`: the logged-in user and the language would stick)."""

    app: Flask
    meeting_id: int
    record_id: int
    people: dict[str, int]
    items: list[int]

    def edit(self, change: Callable[[Record], object] | None = None):
        """Run `change(record)` in a fresh context and commit; returns what it returns."""
        with self.app.app_context():
            record = db.session.get(Record, self.record_id)
            result = change(record) if change else None
            db.session.commit()
            return result

    def add_version(self, note: str = "") -> tuple[int, str]:
        """A version of the record as it is now (number, sha256), inserted directly (finalize's job)."""
        def insert(record: Record) -> tuple[int, str]:
            version = add_version(record, note)
            return version.number, version.sha256
        return self.edit(insert)

    def log_in(self, client, who: str | None) -> None:
        """The test client as the person `who` (None: an anonymous visitor)."""
        with self.app.app_context():
            log_in(client, db.session.get(User, self.people[who]) if who else None)


def people_of(meeting: Meeting) -> dict:
    """The committee's secretary and member, a secretary and a member of another committee, a citizen,
    a moderator, a member who replies, and the two named members whose statements the record holds."""
    committee, other = meeting.committee, factories.committee("다른 위원회")
    made = {"citizen": factories.user(Role.CITIZEN), "moderator": factories.user(Role.MODERATOR)}
    for name, where, seat, role in (("secretary", committee, "secretary", Role.SECRETARY),
                                    ("member", committee, "member", Role.MEMBER),
                                    ("other secretary", other, "secretary", Role.SECRETARY),
                                    ("other member", other, "member", Role.MEMBER)):
        made[name] = factories.user(role)
        factories.seat(where, made[name], seat, "간사" if seat == "secretary" else "위원")
    for number, name in enumerate(NAMES):
        made[f"named {number}"] = factories.user(Role.MEMBER, name=name)
        factories.seat(committee, made[f"named {number}"])
    made["replier"] = factories.user(Role.MEMBER, name="답변위원")
    return made


def add_comments(meeting: Meeting, people: dict) -> None:
    """Item 1: two approved (one with a reply), one rejected as off-topic; item 2: one rejected as
    abusive, one pending."""
    first, second = agenda_of(meeting)[:2]
    moderator, citizens = people["moderator"], [factories.user(Role.CITIZEN) for _ in range(3)]
    approved = factories.approved_comment(first, citizens[0], moderator, body=APPROVED[0])
    comments.post_reply(approved, people["replier"], REPLY)
    factories.approved_comment(first, citizens[1], moderator, body=APPROVED[1])
    comments.reject(factories.comment(first, citizens[2], body=HIDDEN_TEXTS[0]), moderator, reason="off_topic")
    comments.reject(factories.comment(second, citizens[0], body=HIDDEN_TEXTS[1]), moderator, reason="abusive")
    factories.comment(second, citizens[1], body=HIDDEN_TEXTS[2])


def build(app: Flask, *, with_comments: bool = True) -> Setting:
    """The meeting, its record, its people and comments, committed; returns their ids."""
    with app.app_context():
        meeting = factories.meeting(published=True, items=2)
        people = people_of(meeting)
        if with_comments:
            add_comments(meeting, people)
        meeting.state = MeetingState.CLOSED
        parsed = importer.parse(minutes_text())
        record = services.import_minutes(meeting, parsed, [services.Confirmation(number, proposal.type)
                                                           for number, proposal in enumerate(parsed.proposals)])
        statements = [e for e in record.entries if e.type is EntryType.STATEMENT and e.speaker_label == "○○○"]
        for entry, number in zip(statements, range(len(NAMES))):
            member = people[f"named {number}"]
            entry.speaker_id, entry.speaker_label = member.id, member.display_name
        db.session.commit()
        return Setting(app, meeting.id, record.id, {name: person.id for name, person in people.items()},
                       [item.id for item in agenda_of(meeting)])


def add_version(record: Record, note: str = "") -> RecordVersion:
    """A version of the record as it is now, inserted directly (the finalize feature's job)."""
    snapshot = exports.canonical_json(exports.document(record))
    version = RecordVersion(record_id=record.id, number=len(record.versions) + 1, snapshot=snapshot,
                            sha256=exports.sha256(snapshot), change_note=note)
    db.session.add(version)
    db.session.flush()
    db.session.refresh(record)
    return version


def log_in(client, user) -> None:
    """The test client as `user` (None: an anonymous visitor)."""
    with client.session_transaction() as session:
        session.clear()
        if user is not None:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
