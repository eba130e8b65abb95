"""The committees and their plans' tasks: `/api/v1/committees`, `/api/v1/tasks`, `/api/v1/tasks/<code>`.

A task's status history is public (the task page shows it); its feedback across meetings is on the task
page and, per meeting, in `/api/v1/meetings/<id>/feedback`.
"""
from __future__ import annotations

from flask_smorest import Blueprint

from participation.api import cursors, schemas
from participation.meetings import queries
from participation.core.permissions import public

bp = Blueprint("api_v1_catalog", __name__, description="Committees and the tasks of their plans.")
CommitteePage = schemas.page_of(schemas.CommitteeSchema, "CommitteePage")
TaskPage = schemas.page_of(schemas.TaskSchema, "TaskPage")


def _by_id(row) -> tuple[int]:
    return (row.id,)


def _after_id(args: dict, listing: str) -> int | None:
    key = cursors.decode(args.get("cursor"), listing, (int,))
    return None if key is None else key[0]


@bp.route("/committees")
@public
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=False)
@bp.response(200, CommitteePage)
def committees(args: dict):
    """The committees."""
    rows = queries.committees_page(_after_id(args, "committees"), args["limit"] + 1)
    return cursors.page("committees", rows, args["limit"], _by_id)


@bp.route("/tasks")
@public
@bp.arguments(schemas.CommitteeArgs, location="query", as_kwargs=False)
@bp.response(200, TaskPage)
def tasks(args: dict):
    """Every task of every committee's plan (or of one, `committee`), with its status history."""
    rows = queries.tasks_page(_after_id(args, "tasks"), args["limit"] + 1, committee_id=args.get("committee"))
    return cursors.page("tasks", rows, args["limit"], _by_id)


@bp.route("/tasks/<code>")
@public
@bp.response(200, schemas.TaskSchema)
def task(code: str):
    """One task by its code (e.g. `3-1-7`)."""
    return queries.task_by_code(code)
