"""The dashboard's counters, kept by database triggers on `comments` (SQLite and PostgreSQL).

Every insert, delete and relevant update of a comment, whichever code path makes it (a service, a bulk
UPDATE, a cascade), moves its counts in `feedback_tallies`, `feedback_participants` and `feedback_volume`
within the same transaction. Increments are upserts; decrements are plain UPDATEs, so a cascade that
already removed a counter row never recreates it. Participants are counted through a reference count
per submitter (`feedback_submitters`), never by looking for the submitter's other comments: PostgreSQL
runs row triggers after the whole statement, when a multi-row insert or a cascade shows each row the
others, and concurrent transactions do not see each other's rows. `recount` rebuilds all three from the comments with
GROUP BY: the migration fills them with it, `flask --app app feedback recount` repairs them, and the
tests compare the two after every kind of change.

Stance and phase are tallied for approved comments only, '' for the others: the dashboard reads them for
nothing else, and a rejected comment's reasons times its stances and phases made a meeting's tally rows six
times as many as it needs.

`install` replaces the triggers; a change of them here comes with a migration that calls it again.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from participation.comments.models import Comment, CommentStatus
from participation.core.db import Base
from participation.feedback.buckets import minute_of
from participation.feedback.models import (
    WHOLE_MEETING, CommentTally, CommentVolume, ParticipantCount, SubmitterCount,
)

_TALLY_KEY = ("item_id", "meeting_id", "status", "stance", "phase", "reject_reason", "agree_count")
_ITEM_PARTICIPANT_KEY = ("item_id", "submitter_key")
_MEETING_PARTICIPANT_KEY = ("meeting_id", "submitter_key")
_VOLUME_KEY = ("meeting_id", "phase", "created_at")
_SQLITE_TRIGGERS = ("feedback_comment_inserted", "feedback_comment_deleted", "feedback_comment_tallied",
                    "feedback_comment_moved", "feedback_comment_resubmitted", "feedback_comment_retimed")


def _minute(dialect: str, row: str) -> str:
    if dialect == "postgresql":
        return f"to_char({row}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI')"
    return f"strftime('%Y-%m-%dT%H:%M', {row}.created_at)"


def _if_approved(row: str, column: str) -> str:
    return f"CASE WHEN {row}.status = '{CommentStatus.APPROVED.value}' THEN {row}.{column} ELSE '' END"


def _tally_add(row: str) -> str:
    return (f"INSERT INTO feedback_tallies (item_id, status, stance, phase, reason, meeting_id, comments, agrees) "
            f"VALUES ({row}.item_id, {row}.status, {_if_approved(row, 'stance')}, {_if_approved(row, 'phase')}, "
            f"COALESCE({row}.reject_reason, ''), "
            f"{row}.meeting_id, 1, {row}.agree_count) "
            f"ON CONFLICT (item_id, status, stance, phase, reason) DO UPDATE SET "
            f"comments = feedback_tallies.comments + 1, agrees = feedback_tallies.agrees + excluded.agrees;")


def _tally_remove(row: str) -> str:
    return (f"UPDATE feedback_tallies SET comments = comments - 1, agrees = agrees - {row}.agree_count "
            f"WHERE item_id = {row}.item_id AND status = {row}.status AND stance = {_if_approved(row, 'stance')} "
            f"AND phase = {_if_approved(row, 'phase')} AND reason = COALESCE({row}.reject_reason, '');")


def _scope(row: str, scope: str) -> str:
    """The counters' item_id for the item or for the whole meeting."""
    return f"{row}.item_id" if scope == "item" else str(WHOLE_MEETING)


def _submitter(row: str, scope: str) -> str:
    return (f"meeting_id = {row}.meeting_id AND item_id = {_scope(row, scope)} "
            f"AND submitter_key = {row}.submitter_key")


def _participants_add(row: str, scope: str) -> str:
    """One more comment of the submitter; a new participant when it is their first."""
    item = _scope(row, scope)
    return (f"INSERT INTO feedback_submitters (meeting_id, item_id, submitter_key, comments) "
            f"VALUES ({row}.meeting_id, {item}, {row}.submitter_key, 1) "
            f"ON CONFLICT (meeting_id, item_id, submitter_key) DO UPDATE SET "
            f"comments = feedback_submitters.comments + 1;\n"
            f"INSERT INTO feedback_participants (meeting_id, item_id, participants) SELECT {row}.meeting_id, {item}, 1 "
            f"WHERE (SELECT comments FROM feedback_submitters WHERE {_submitter(row, scope)}) = 1 "
            f"ON CONFLICT (meeting_id, item_id) DO UPDATE SET participants = feedback_participants.participants + 1;")


def _participants_remove(row: str, scope: str) -> str:
    """One comment of the submitter less; one participant less when it was their last."""
    return (f"UPDATE feedback_submitters SET comments = comments - 1 WHERE {_submitter(row, scope)};\n"
            f"UPDATE feedback_participants SET participants = participants - 1 "
            f"WHERE meeting_id = {row}.meeting_id AND item_id = {_scope(row, scope)} "
            f"AND (SELECT comments FROM feedback_submitters WHERE {_submitter(row, scope)}) = 0;")


def _all_participants(change, row: str) -> str:
    return "\n".join(change(row, scope) for scope in ("item", "meeting"))


def _volume_add(dialect: str, row: str) -> str:
    return (f"INSERT INTO feedback_volume (meeting_id, phase, minute, comments) "
            f"VALUES ({row}.meeting_id, {row}.phase, {_minute(dialect, row)}, 1) "
            f"ON CONFLICT (meeting_id, phase, minute) DO UPDATE SET comments = feedback_volume.comments + 1;")


def _volume_remove(dialect: str, row: str) -> str:
    return (f"UPDATE feedback_volume SET comments = comments - 1 WHERE meeting_id = {row}.meeting_id "
            f"AND phase = {row}.phase AND minute = {_minute(dialect, row)};")


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)


def _sqlite_ddl() -> list[str]:
    def trigger(name: str, event: str, body: list[str], when: str = "") -> str:
        return f"CREATE TRIGGER {name} AFTER {event} ON comments {when} BEGIN\n" + "\n".join(body) + "\nEND"

    # SQLite spells IS DISTINCT FROM as IS NOT.
    def changed(columns):
        return "FOR EACH ROW WHEN " + _changed(columns).replace("IS DISTINCT FROM", "IS NOT")

    return [
        trigger("feedback_comment_inserted", "INSERT",
                [_tally_add("NEW"), _all_participants(_participants_add, "NEW"), _volume_add("sqlite", "NEW")]),
        trigger("feedback_comment_deleted", "DELETE",
                [_tally_remove("OLD"), _all_participants(_participants_remove, "OLD"), _volume_remove("sqlite", "OLD")]),
        trigger("feedback_comment_tallied", f"UPDATE OF {', '.join(_TALLY_KEY)}",
                [_tally_remove("OLD"), _tally_add("NEW")], changed(_TALLY_KEY)),
        trigger("feedback_comment_moved", f"UPDATE OF {', '.join(_ITEM_PARTICIPANT_KEY)}",
                [_participants_remove("OLD", "item"), _participants_add("NEW", "item")],
                changed(_ITEM_PARTICIPANT_KEY)),
        trigger("feedback_comment_resubmitted", f"UPDATE OF {', '.join(_MEETING_PARTICIPANT_KEY)}",
                [_participants_remove("OLD", "meeting"), _participants_add("NEW", "meeting")],
                changed(_MEETING_PARTICIPANT_KEY)),
        trigger("feedback_comment_retimed", f"UPDATE OF {', '.join(_VOLUME_KEY)}",
                [_volume_remove("sqlite", "OLD"), _volume_add("sqlite", "NEW")], changed(_VOLUME_KEY)),
    ]


def _postgresql_ddl() -> list[str]:
    # On an update, the two tally rows are taken in the order of their status, whatever the direction
    # (hiding approved→hidden, dismissing hidden→approved), so two such updates never deadlock.
    function = f"""CREATE OR REPLACE FUNCTION feedback_count_comment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_tally_add("NEW")}
    {_all_participants(_participants_add, "NEW")}
    {_volume_add("postgresql", "NEW")}
  ELSIF TG_OP = 'DELETE' THEN
    {_tally_remove("OLD")}
    {_all_participants(_participants_remove, "OLD")}
    {_volume_remove("postgresql", "OLD")}
  ELSE
    IF {_changed(_TALLY_KEY)} THEN
      IF OLD.status <= NEW.status THEN
        {_tally_remove("OLD")}
        {_tally_add("NEW")}
      ELSE
        {_tally_add("NEW")}
        {_tally_remove("OLD")}
      END IF;
    END IF;
    IF {_changed(_ITEM_PARTICIPANT_KEY)} THEN
      {_participants_remove("OLD", "item")}
      {_participants_add("NEW", "item")}
    END IF;
    IF {_changed(_MEETING_PARTICIPANT_KEY)} THEN
      {_participants_remove("OLD", "meeting")}
      {_participants_add("NEW", "meeting")}
    END IF;
    IF {_changed(_VOLUME_KEY)} THEN
      {_volume_remove("postgresql", "OLD")}
      {_volume_add("postgresql", "NEW")}
    END IF;
  END IF;
  RETURN NULL;
END $$"""
    return [function, "DROP TRIGGER IF EXISTS feedback_count_comment ON comments",
            "CREATE TRIGGER feedback_count_comment AFTER INSERT OR DELETE OR UPDATE ON comments "
            "FOR EACH ROW EXECUTE FUNCTION feedback_count_comment()"]


def install(connection: Connection) -> None:
    """Create (or replace) the triggers that keep the counters."""
    if connection.dialect.name == "postgresql":
        statements = _postgresql_ddl()
    else:
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS] + _sqlite_ddl()
    for statement in statements:
        connection.exec_driver_sql(statement)


def uninstall(connection: Connection) -> None:
    """Drop the triggers (the migration's downgrade)."""
    if connection.dialect.name == "postgresql":
        statements = ["DROP TRIGGER IF EXISTS feedback_count_comment ON comments",
                      "DROP FUNCTION IF EXISTS feedback_count_comment()"]
    else:
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS]
    for statement in statements:
        connection.exec_driver_sql(statement)


def recount(connection: Connection) -> None:
    """Rebuild every counter from the comments (GROUP BY), in the caller's transaction."""
    tallies, participants, volume = CommentTally.__table__, ParticipantCount.__table__, CommentVolume.__table__
    submitters = SubmitterCount.__table__
    for table in (tallies, submitters, participants, volume):
        connection.execute(sa.delete(table))
    reason = sa.func.coalesce(Comment.reject_reason, "")
    stance, phase = (sa.case((Comment.status == CommentStatus.APPROVED, sa.cast(column, sa.String(24))), else_="")
                     for column in (Comment.stance, Comment.phase))
    connection.execute(sa.insert(tallies).from_select(
        ["item_id", "status", "stance", "phase", "reason", "meeting_id", "comments", "agrees"],
        sa.select(Comment.item_id, Comment.status, stance, phase, reason, Comment.meeting_id,
                  sa.func.count(), sa.func.coalesce(sa.func.sum(Comment.agree_count), 0))
        .group_by(Comment.item_id, Comment.status, stance, phase, reason, Comment.meeting_id)))
    columns = ["meeting_id", "item_id", "submitter_key", "comments"]
    connection.execute(sa.insert(submitters).from_select(columns, sa.select(
        Comment.meeting_id, Comment.item_id, Comment.submitter_key, sa.func.count())
        .group_by(Comment.meeting_id, Comment.item_id, Comment.submitter_key)))
    connection.execute(sa.insert(submitters).from_select(columns, sa.select(
        Comment.meeting_id, sa.literal(WHOLE_MEETING), Comment.submitter_key, sa.func.count())
        .group_by(Comment.meeting_id, Comment.submitter_key)))
    connection.execute(sa.insert(participants).from_select(
        ["meeting_id", "item_id", "participants"],
        sa.select(SubmitterCount.meeting_id, SubmitterCount.item_id, sa.func.count())
        .group_by(SubmitterCount.meeting_id, SubmitterCount.item_id)))
    minute = minute_of(Comment.created_at)
    connection.execute(sa.insert(volume).from_select(
        ["meeting_id", "phase", "minute", "comments"],
        sa.select(Comment.meeting_id, Comment.phase, minute, sa.func.count())
        .group_by(Comment.meeting_id, Comment.phase, minute)))


@sa.event.listens_for(Base.metadata, "after_create")
def _install_after_create_all(metadata, connection: Connection, **kw) -> None:
    """`create_all` (tests, benchmarks) gets the triggers as `flask db upgrade` does."""
    tables = {table.name for table in kw.get("tables") or metadata.sorted_tables}
    if {"comments", CommentTally.__tablename__} <= tables:
        install(connection)
