"""The feedback brief of an agenda item as a plain document: its figures, its approved comments by stance
and phase, its rejections by reason, its five most agreed comments (public, masked text), its themes and
its opinion map (the groups with their sizes and representative comments, the consensus comments; no
voter, no position: what the record freezes of the map).

One shape for the brief's own page (`/meetings/<id>/items/<item_id>/brief`) and for the record, which
freezes it under each agenda item of a finalized version (record/citizens.py): the page and the record
render the same document with the same macro (templates/feedback/_brief.html), so the record carries
exactly what the brief shows. Codes only (no labels, no clocks): the same comments give the same
document, byte for byte once written canonically. Every stance, phase and reason code is present (zeros
included) so the document's shape never depends on the data.
"""
from __future__ import annotations

from participation.comments.models import Phase, RejectReason, Stance
from participation.feedback import aggregates, maps, theme_queries
from participation.feedback.aggregates import Tally, TopComment
from participation.feedback.maps import MapView, Statement
from participation.meetings.models import AgendaItem, Meeting

TOP = 5
REPRESENTATIVES = 3


def figures(tally: Tally) -> dict:
    """The counts every form of the feedback shows: comments by status, participants, agrees."""
    return {"submitted": tally.submitted, "approved": tally.approved, "waiting": tally.waiting,
            "rejected": tally.rejected, "participants": tally.participants, "agrees": tally.agrees}


def _top(comment: TopComment) -> dict:
    return {"id": comment.id, "stance": comment.stance.value, "phase": comment.phase.value,
            "agree_count": comment.agree_count, "created_at": comment.created_at.isoformat(), "body": comment.body}


def _statement(statement: Statement) -> dict:
    return {"id": statement.comment.id, "body": statement.comment.body, "direction": statement.direction,
            "group_rate": statement.group_rate, "rest_rate": statement.rest_rate, "votes": list(statement.votes)}


def map_document(view: MapView | None) -> dict | None:
    """What the brief says of the item's opinion map (None before its first computation)."""
    if view is None or view.computed_at is None:
        return None
    return {"computed_at": view.computed_at.isoformat(), "participants": view.participants,
            "clustered": view.clustered, "threshold": view.threshold, "has_groups": view.has_groups,
            "reason": view.reason,
            "groups": [{"label": group.label, "size": group.size,
                        "representative": [_statement(s) for s in group.representative]} for group in view.groups],
            "consensus": [_statement(s) for s in view.consensus]}


def document(tally: Tally, themes: dict | None, opinion: dict | None = None) -> dict:
    """The brief of one item from its tally (with its most agreed comments), its themes' document and its
    map's."""
    return {
        "figures": figures(tally),
        "by_stance": {code: tally.by_stance[code] for code in Stance.codes()},
        "by_phase": {code: tally.by_phase[code] for code in Phase.codes()},
        "rejected_by_reason": {code: tally.rejected_by_reason[code] for code in RejectReason.codes()},
        "top": [_top(comment) for comment in tally.top[:TOP]],
        "themes": themes,
        "map": opinion,
    }


def themes_documents(item_ids: list[int]) -> dict[int, dict]:
    """The latest computed themes of each item that has some (theme_queries.themes_of) as documents:
    when, over how many comments, and each theme's key terms, size and most representative comments
    (only those still approved, their public text)."""
    return {item_id: {
        "computed_at": view.computed_at.isoformat(), "comment_count": view.comment_count,
        "themes": [{"terms": list(theme.terms), "size": theme.size,
                    "representatives": [{"id": comment.id, "body": comment.body}
                                        for comment in theme.comments[:REPRESENTATIVES]]}
                   for theme in view.themes],
    } for item_id, view in theme_queries.themes_of(item_ids).items() if view.computed_at is not None}


def item_brief(item: AgendaItem) -> dict:
    """The brief of one item (its page)."""
    tally = aggregates.item_tally(item)
    return document(tally, themes_documents([item.id]).get(item.id), map_document(maps.maps_of([item.id]).get(item.id)))


def meeting_documents(meeting: Meeting, items: list[AgendaItem]) -> tuple[dict[int, dict], dict]:
    """The brief of every item of the meeting and the whole meeting's figures (the open data's feedback),
    in a handful of grouped queries."""
    per, total = aggregates.tallies(meeting.id, per_item=TOP)
    themes = themes_documents([item.id for item in items])
    opinions = maps.maps_of([item.id for item in items])
    return {item.id: document(per.get(item.id) or Tally(item.id), themes.get(item.id),
                              map_document(opinions.get(item.id))) for item in items}, figures(total)


def meeting_briefs(meeting: Meeting, items: list[AgendaItem]) -> dict[int, dict]:
    """The brief of every item of the meeting (the record)."""
    return meeting_documents(meeting, items)[0]
