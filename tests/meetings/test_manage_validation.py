"""Bad input for every secretary form: a 400 with the reason beside the field, and nothing saved."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from participation.extensions import db
from participation.meetings.models import (
    AgendaItem, Committee, Material, MaterialVersion, Meeting, Task, TaskStatusChange,
)
from tests.meetings.test_manage_views import MEETING, plan, secretary  # noqa: F401  (fixtures)

TABLES = [m.__table__ for m in (Committee, Task, TaskStatusChange, Meeting, AgendaItem, Material, MaterialVersion)]


def snapshot(app) -> dict:
    """Every row of the meetings tables, to show that a refused form changed nothing."""
    with app.app_context():
        return {t.name: db.session.execute(sa.select(t).order_by(*t.primary_key)).all() for t in TABLES}


COMMITTEE = {"name": "Committee", "description": ""}
TASK = {"code": "9-9-9", "title": "Task", "department": "", "status": "on_track", "changed_on": "2017-01-01",
        "reason": ""}
TASK_STATUS = {"status": "delayed", "changed_on": "2017-01-01", "reason": "Late"}
ITEM = {"title": "Item", "kind": "report", "task_id": "", "summary": "", "presenter": "", "page_from": "",
        "page_to": ""}
DOCUMENT = {"title": "Doc", "agenda_item_id": "", "markdown": "# Doc", "save": "Save document"}
REQUIRED = "This field is required."

NEW_COMMITTEE = "/manage/committees/new"
EDIT_COMMITTEE = "/manage/committees/{committee}/edit"
NEW_TASK = "/manage/committees/{committee}/tasks/new"
EDIT_TASK = "/manage/tasks/{task}/edit"
TASK_STATUS_URL = "/manage/tasks/{task}/status"
NEW_MEETING = "/manage/meetings/new"
EDIT_MEETING = "/manage/meetings/{meeting}/edit"
NEW_ITEM = "/manage/meetings/{meeting}/items/new"
EDIT_ITEM = "/manage/meetings/{meeting}/items/{item}/edit"
NEW_DOCUMENT = "/manage/meetings/{meeting}/materials/new-document"

CASES = [
    # committees
    (NEW_COMMITTEE, COMMITTEE, {"name": ""}, REQUIRED),
    (NEW_COMMITTEE, COMMITTEE, {"name": "   "}, REQUIRED),
    (NEW_COMMITTEE, COMMITTEE, {"name": "x" * 201}, "Field cannot be longer than 200 characters."),
    (NEW_COMMITTEE, COMMITTEE, {"description": "x" * 10_001}, "Field cannot be longer than 10000 characters."),
    (EDIT_COMMITTEE, COMMITTEE, {"name": ""}, REQUIRED),
    # tasks
    (NEW_TASK, TASK, {"code": ""}, REQUIRED),
    (NEW_TASK, TASK, {"code": "3-x-7"}, "A task code looks like 3-1-7"),
    (NEW_TASK, TASK, {"code": "3-1-7"}, "A task with this code already exists."),
    (NEW_TASK, TASK, {"code": "1" * 21}, "Field cannot be longer than 20 characters."),
    (NEW_TASK, TASK, {"title": ""}, REQUIRED),
    (NEW_TASK, TASK, {"title": "x" * 201}, "Field cannot be longer than 200 characters."),
    (NEW_TASK, TASK, {"department": "x" * 101}, "Field cannot be longer than 100 characters."),
    (NEW_TASK, TASK, {"status": "finished"}, "Invalid Choice: could not coerce."),
    (NEW_TASK, TASK, {"changed_on": "abc"}, "Enter a date, e.g. 2024-03-05."),
    (NEW_TASK, TASK, {"changed_on": ""}, REQUIRED),
    (EDIT_TASK, {"title": "T", "department": ""}, {"title": ""}, REQUIRED),
    (EDIT_TASK, {"title": "T", "department": ""}, {"department": "x" * 101},
     "Field cannot be longer than 100 characters."),
    (TASK_STATUS_URL, TASK_STATUS, {"reason": ""}, REQUIRED),
    (TASK_STATUS_URL, TASK_STATUS, {"reason": "   "}, REQUIRED),
    (TASK_STATUS_URL, TASK_STATUS, {"status": "bogus"}, "Invalid Choice: could not coerce."),
    (TASK_STATUS_URL, TASK_STATUS, {"changed_on": "2010-01-01"}, "The date cannot be before the last change."),
    (TASK_STATUS_URL, TASK_STATUS, {"changed_on": "31/12/2017"}, "Enter a date, e.g. 2024-03-05."),
    # meetings
    (NEW_MEETING, MEETING, {"title": ""}, REQUIRED),
    (NEW_MEETING, MEETING, {"title": "x" * 201}, "Field cannot be longer than 200 characters."),
    (NEW_MEETING, MEETING, {"place": "x" * 201}, "Field cannot be longer than 200 characters."),
    (NEW_MEETING, MEETING, {"number": "abc"}, "Not a valid integer value."),
    (NEW_MEETING, MEETING, {"number": "0"}, "Number must be between 1 and 9999."),
    (NEW_MEETING, MEETING, {"number": ""}, REQUIRED),
    (NEW_MEETING, MEETING, {"starts_at": ""}, REQUIRED),
    (NEW_MEETING, MEETING, {"starts_at": "next tuesday"}, "Enter a date and time, e.g. 2024-03-05 14:00."),
    (NEW_MEETING, MEETING, {"part1_ends_at": "2030-03-05T13:00"}, "The end must be after the start."),
    (NEW_MEETING, MEETING, {"part2_ends_at": "2030-03-05T15:40"}, "The end must be after the start."),
    (NEW_MEETING, MEETING, {"part2_starts_at": "2030-03-05T15:00"}, "Part 2 cannot start before part 1 ends."),
    (NEW_MEETING, MEETING, {"stream_url": "http://stream.example.org/live"}, "must start with https://"),
    (NEW_MEETING, MEETING, {"stream_url": "not a web address"}, "Enter a full web address."),
    (NEW_MEETING, MEETING, {"stream_url": "https://example.org/" + "x" * 490},
     "Field cannot be longer than 500 characters."),
    (NEW_MEETING, MEETING, {"committee_id": "999"}, "Not a valid choice."),
    (NEW_MEETING, MEETING, {"committee_id": "abc"}, "Invalid Choice: could not coerce."),
    (EDIT_MEETING, MEETING, {"title": ""}, REQUIRED),
    (EDIT_MEETING, MEETING, {"part1_ends_at": "2030-03-05T12:00"}, "The end must be after the start."),
    (EDIT_MEETING, MEETING, {"number": "1.5"}, "Not a valid integer value."),
    # agenda items
    (NEW_ITEM, ITEM, {"title": ""}, REQUIRED),
    (NEW_ITEM, ITEM, {"title": "x" * 201}, "Field cannot be longer than 200 characters."),
    (NEW_ITEM, ITEM, {"presenter": "x" * 101}, "Field cannot be longer than 100 characters."),
    (NEW_ITEM, ITEM, {"kind": "speech"}, "Invalid Choice: could not coerce."),
    (NEW_ITEM, ITEM, {"task_id": "999"}, "Not a valid choice."),
    (NEW_ITEM, ITEM, {"task_id": "abc"}, "Invalid Choice: could not coerce."),
    (NEW_ITEM, ITEM, {"page_from": "abc"}, "Not a valid integer value."),
    (NEW_ITEM, ITEM, {"page_from": "0"}, "Number must be between 1 and 9999."),
    (NEW_ITEM, ITEM, {"page_from": "9", "page_to": "4"}, "The last page cannot come before the first."),
    (EDIT_ITEM, ITEM, {"title": ""}, REQUIRED),
    (EDIT_ITEM, ITEM, {"page_from": "9", "page_to": "4"}, "The last page cannot come before the first."),
    # documents
    (NEW_DOCUMENT, DOCUMENT, {"title": ""}, REQUIRED),
    (NEW_DOCUMENT, DOCUMENT, {"title": "x" * 201}, "Field cannot be longer than 200 characters."),
    (NEW_DOCUMENT, DOCUMENT, {"markdown": ""}, REQUIRED),
    (NEW_DOCUMENT, DOCUMENT, {"markdown": "  \n "}, REQUIRED),
    (NEW_DOCUMENT, DOCUMENT, {"agenda_item_id": "{other_item}"}, "Not a valid choice."),
    (NEW_DOCUMENT, {**DOCUMENT, "save": None, "preview": "Preview"}, {"markdown": ""}, REQUIRED),
]


def _ids(case) -> str:
    url, _, bad, _ = case
    return f"{url.split('/manage/')[1]}:{','.join(f'{k}={v[:12]}' for k, v in bad.items())}"


@pytest.mark.parametrize("url, valid, bad, message", CASES, ids=[_ids(c) for c in CASES])
def test_bad_input_is_refused_and_nothing_changes(app, client, secretary, post_form, plan, url, valid, bad,
                                                   message):
    ids = {"committee": plan.committee, "task": plan.task, "meeting": plan.meeting, "item": plan.items[0],
           "other_item": plan.other_item}
    url = url.format(**ids)
    data = {**valid, "committee_id": str(plan.committee)} if url == NEW_MEETING else dict(valid)
    data.update({key: value.format(**ids) for key, value in bad.items()})
    data = {key: value for key, value in data.items() if value is not None}
    before = snapshot(app)

    response = post_form(url, data)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert 'class="field-error"' in html and 'aria-invalid="true"' in html
    assert "Please correct the marked fields. Nothing was saved." in html
    assert snapshot(app) == before
