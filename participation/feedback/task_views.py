"""The task page (`/tasks/<code>`): a plan task's status history beside the citizens' feedback on it over
every public meeting that discussed it (task_feedback.py).

Its route is on the feedback blueprint (`views.bp`), not in `meetings`, which may not read feedback (the
layers of .importlinter); `views.register` imports this module before registering the blueprint.
"""
from __future__ import annotations

from flask import render_template

from participation.core.permissions import public
from participation.feedback.task_feedback import feedback_on_task
from participation.feedback.views import bp
from participation.meetings import queries


@bp.route("/tasks/<code>")
@public
def task(code: str):
    task = queries.task_by_code(code)
    return render_template("feedback/task_page.html", task=task, meetings=feedback_on_task(task))
