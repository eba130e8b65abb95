"""Use cases of committee membership: who sits on a committee and who serves it as secretary.

Never commit; the caller does. A member or secretary holds the matching global role too (`Role.MEMBER`,
`Role.SECRETARY`): the role says what kind of person they are, the membership which committee. Every
seat added or ended goes into the committee's audit trail (`audit.py`) with who did it.
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from participation.accounts.models import User, UserRole
from participation.core.roles import Role
from participation.core.services import ServiceError, checked_text
from participation.extensions import db
from participation.meetings import audit
from participation.meetings.models import Committee, CommitteeMembership, SeatRole

TITLE_MAX = 50
ROLE_OF_SEAT = {SeatRole.MEMBER: Role.MEMBER, SeatRole.SECRETARY: Role.SECRETARY}


def memberships(committee: Committee, *, on: date | None = None) -> list[CommitteeMembership]:
    """The committee's memberships, those held on `on` when given, secretaries first, then by title."""
    rows = db.session.scalars(sa.select(CommitteeMembership).where(CommitteeMembership.committee_id == committee.id)
                              .order_by(CommitteeMembership.role.desc(), CommitteeMembership.starts_on,
                                        CommitteeMembership.id)).all()
    return [row for row in rows if on is None or row.holds_on(on)]


def seat_candidates() -> list[User]:
    """The accounts that may be seated: those holding the member or the secretary role, by name."""
    return list(db.session.scalars(
        sa.select(User).where(User.id.in_(sa.select(UserRole.user_id).where(UserRole.role.in_(ROLE_OF_SEAT.values()))))
        .order_by(User.display_name, User.id)))


def holds(user, committee_id: int, seat: SeatRole, on: date, *or_on: date) -> bool:
    """The user holds that seat on the committee on one of those days (and the global role that goes with
    it); one query whatever the number of days."""
    if not _may_hold(user, seat):
        return False
    rows = db.session.scalars(sa.select(CommitteeMembership).where(
        CommitteeMembership.committee_id == committee_id, CommitteeMembership.user_id == user.id,
        CommitteeMembership.role == seat)).all()
    return holds_among(rows, committee_id, on, *or_on)


def _may_hold(user, seat: SeatRole) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.has_role(ROLE_OF_SEAT[seat])


def seats_of(user, seat: SeatRole) -> list[CommitteeMembership]:
    """The user's seats of that kind on every committee (none without the global role that goes with it),
    for `holds_among`: one query for a page of many meetings."""
    if not _may_hold(user, seat):
        return []
    return list(db.session.scalars(sa.select(CommitteeMembership).where(
        CommitteeMembership.user_id == user.id, CommitteeMembership.role == seat)))


def holds_among(seats: list[CommitteeMembership], committee_id: int, on: date, *or_on: date) -> bool:
    """`holds`, decided over seats read beforehand (`seats_of`, or the user's seats on the committee)."""
    return any(row.committee_id == committee_id and row.holds_on(day) for row in seats for day in (on, *or_on))


def _seat_facts(row: CommitteeMembership, user: User) -> dict:
    return {"membership_id": row.id, "person_id": user.id, "person": user.display_name, "seat": row.role.value,
            "title": row.title, "starts_on": row.starts_on.isoformat(),
            "ends_on": row.ends_on.isoformat() if row.ends_on else None}


def add_membership(committee: Committee, user: User, seat: SeatRole, *, title: str = "", starts_on: date,
                   ends_on: date | None = None, actor=None) -> CommitteeMembership:
    """Seat a person on the committee; they must hold the matching role, and not hold that seat already
    in an overlapping term. `actor` (who seats them) is kept in the audit trail."""
    title = checked_text(title or "", "title", TITLE_MAX)
    if not user.has_role(ROLE_OF_SEAT[seat]):
        raise ServiceError(_l("%(name)s does not have the %(role)s role.", name=user.display_name,
                              role=ROLE_OF_SEAT[seat].label), field="user_id")
    if ends_on is not None and ends_on < starts_on:
        raise ServiceError(_l("The term cannot end before it starts."), field="ends_on")
    for row in db.session.scalars(sa.select(CommitteeMembership).where(
            CommitteeMembership.committee_id == committee.id, CommitteeMembership.user_id == user.id,
            CommitteeMembership.role == seat)):
        if row.starts_on <= (ends_on or date.max) and starts_on <= (row.ends_on or date.max):
            raise ServiceError(_l("%(name)s already holds this seat in that period.", name=user.display_name),
                               field="user_id", code="conflict")
    row = CommitteeMembership(committee_id=committee.id, user_id=user.id, role=seat, title=title,
                              starts_on=starts_on, ends_on=ends_on)
    db.session.add(row)
    db.session.flush()
    audit.log(audit.AuditAction.SEAT_ADDED, actor, committee_id=committee.id, **_seat_facts(row, user))
    return row


def end_membership(row: CommitteeMembership, ends_on: date, *, actor=None) -> None:
    """The term ends on that day (its last day); the audit trail keeps the end it had before."""
    if ends_on < row.starts_on:
        raise ServiceError(_l("The term cannot end before it starts."), field="ends_on")
    before = row.ends_on
    row.ends_on = ends_on
    audit.log(audit.AuditAction.SEAT_ENDED, actor, committee_id=row.committee_id, **_seat_facts(row, row.user),
              ends_on_before=before.isoformat() if before else None)
