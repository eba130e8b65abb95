"""The themes worker (participation/feedback/worker.py, cli.py) and the themes as pages read them
(theme_queries.py): jobs in, themes out, failures survived, the process started beside the server."""
from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from participation.comments import services
from participation.comments.models import Comment, CommentStatus, Phase, Stance
from participation.core.roles import Role
from participation.extensions import db
from participation.feedback import jobs, worker
from participation.feedback.models import Theme, ThemeJob, ThemeRun
from participation.feedback.theme_queries import themes_of
from tests import factories
from tests.conftest import database_url
from tests.feedback.theme_texts import KOREAN, numbered
from tests.server import PROJECT

pytestmark = pytest.mark.usefixtures("app_ctx")




def with_approved(item, texts) -> list[int]:
    """Approved comments of `texts` on `item`, stored as they are (no moderation), and the item's
    themes requested; their ids."""
    author = factories.user(Role.CITIZEN)
    comments = [Comment(meeting_id=item.meeting_id, item_id=item.id, submitter_key=f"u:{author.id}",
                        client_key=f"t{item.id}-{n}", body=text, public_body=text, stance=Stance.SUGGESTION,
                        phase=Phase.BEFORE, status=CommentStatus.APPROVED) for n, text in enumerate(texts)]
    db.session.add_all(comments)
    db.session.flush()
    jobs.request_themes(item.id)
    db.session.commit()
    return [comment.id for comment in comments]


def korean_texts() -> list[str]:
    return [text for _, text in numbered(KOREAN)]


def stored(item_id: int) -> tuple[ThemeRun | None, list[Theme]]:
    db.session.expire_all()
    return (db.session.get(ThemeRun, item_id),
            list(db.session.scalars(sa.select(Theme).where(Theme.item_id == item_id).order_by(Theme.rank))))


def job(item_id: int) -> ThemeJob | None:
    db.session.expire_all()
    return db.session.get(ThemeJob, item_id)


def test_once_computes_the_waiting_items_and_deletes_their_jobs(items):
    ids = with_approved(items[0], korean_texts())
    assert worker.drain("w1") == 1
    run, themes = stored(items[0].id)
    assert run.comment_count == 24 and len(themes) == 3
    assert [theme.rank for theme in themes] == [1, 2, 3]
    assert {"지하철", "어르신", "개인정보"} <= {term for theme in themes for term in theme.terms}
    assert all(set(theme.representative_ids) <= set(ids) for theme in themes)
    assert job(items[0].id) is None
    assert worker.drain("w1") == 0


def test_approvals_through_moderation_end_in_themes(items):
    moderator, author = factories.user(Role.MODERATOR), factories.user(Role.CITIZEN)
    for text in korean_texts():
        factories.approved_comment(items[0], author, moderator, body=text)
    db.session.commit()
    assert worker.drain("w1") == 1
    assert len(stored(items[0].id)[1]) == 3


def test_a_new_computation_replaces_the_last(items):
    with_approved(items[0], korean_texts())
    worker.drain("w1")
    with_approved(items[0], ["좋아요"])
    worker.drain("w1")
    run, themes = stored(items[0].id)
    assert run.comment_count == 25 and len(themes) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Theme)) == 3


def test_an_item_with_two_comments_gets_a_run_and_no_themes(items):
    with_approved(items[0], korean_texts()[:2])
    worker.drain("w1")
    run, themes = stored(items[0].id)
    assert run.comment_count == 2 and themes == []
    view = themes_of([items[0].id])[items[0].id]
    assert view.computed_at is not None and view.themes == [] and not view.pending


def test_once_through_the_command_line(items, runner):
    with_approved(items[0], korean_texts())
    result = runner.invoke(args=["feedback", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "themes computed for 1 items" in result.output
    assert len(stored(items[0].id)[1]) == 3 and job(items[0].id) is None


def test_themes_of_one_item_printed_at_once(items, runner):
    with_approved(items[0], korean_texts())
    dry = runner.invoke(args=["feedback", "themes", "--item", str(items[0].id), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "24 approved comments, 3 themes" in dry.output and "지하철" in dry.output
    assert stored(items[0].id) == (None, [])  # a dry run stores nothing
    result = runner.invoke(args=["feedback", "themes", "--item", str(items[0].id)])
    assert result.exit_code == 0 and result.output == dry.output
    run, themes = stored(items[0].id)
    assert run.comment_count == 24 and len(themes) == 3
    for theme in themes:
        assert f"{theme.rank}. {', '.join(theme.terms)} ({theme.size} comments)" in dry.output
        assert all(f"#{comment_id} " in dry.output for comment_id in theme.representative_ids)


def test_themes_of_an_unknown_item_is_an_error(runner):
    result = runner.invoke(args=["feedback", "themes", "--item", "999"])
    assert result.exit_code != 0 and "no agenda item 999" in result.output


def test_a_request_during_the_run_keeps_the_job(items, monkeypatch):
    with_approved(items[0], korean_texts())
    compute = worker.compute

    def approved_meanwhile(comments):
        jobs.request_themes(items[0].id)  # what a moderator's approval does, in its own transaction
        db.session.commit()
        return compute(comments)

    monkeypatch.setattr(worker, "compute", approved_meanwhile)
    assert worker.run_once("w1", {})
    assert len(stored(items[0].id)[1]) == 3  # stored all the same
    left = job(items[0].id)
    assert left is not None and left.claimed_at is None  # released for the next round
    monkeypatch.setattr(worker, "compute", compute)
    assert worker.drain("w1") == 1 and job(items[0].id) is None


def test_a_failing_computation_releases_its_job_and_the_worker_goes_on(items, monkeypatch, caplog):
    bad, good = items
    with_approved(bad, korean_texts())
    with_approved(good, korean_texts())
    compute = worker.compute

    def fails_for_bad(comments):
        if db.session.get(Comment, comments[0][0]).item_id == bad.id:
            raise RuntimeError("broken model")
        return compute(comments)

    monkeypatch.setattr(worker, "compute", fails_for_bad)
    with caplog.at_level(logging.INFO, logger="participation.feedback.worker"):
        assert worker.drain("w1") == 2
    assert len(stored(good.id)[1]) == 3 and job(good.id) is None
    left = job(bad.id)
    assert left is not None and left.claimed_at is None and stored(bad.id) == (None, [])
    failed = [record for record in caplog.records if record.getMessage() == "themes failed"]
    assert failed and failed[0].fields == {"item_id": bad.id} and "broken model" in failed[0].exc_text
    skip: dict[int, float] = {}
    assert worker.run_once("w1", skip)  # a worker tries it again, then leaves it alone for a while
    assert list(skip) == [bad.id] and not worker.run_once("w1", skip)


def test_a_stop_signal_during_a_computation_releases_the_job(items, monkeypatch):
    with_approved(items[0], korean_texts())
    stop = worker._Stop()

    def signalled(comments):
        stop(signal.SIGTERM, None)  # what the handler does when SIGTERM arrives mid-computation
        raise AssertionError("not reached")

    monkeypatch.setattr(worker, "compute", signalled)
    with pytest.raises(worker.WorkerStopping):
        worker.run_once("w1", {}, stop)
    left = job(items[0].id)
    assert stop.event.is_set() and left is not None and left.claimed_at is None


def test_themes_of_reads_the_representative_comments_again(items):
    ids = with_approved(items[0], korean_texts())
    worker.drain("w1")
    view = themes_of([items[0].id, items[1].id])
    assert list(view) == [items[0].id]
    shown = view[items[0].id]
    assert shown.comment_count == 24 and not shown.pending and len(shown.themes) == 3
    first = shown.themes[0]
    assert [comment.id for comment in first.comments] == stored(items[0].id)[1][0].representative_ids
    assert all(comment.body and comment.id in ids for theme in shown.themes for comment in theme.comments)


def test_a_hidden_comment_disappears_from_the_themes_at_once(items):
    with_approved(items[0], korean_texts())
    worker.drain("w1")
    hidden_id = stored(items[0].id)[1][0].representative_ids[0]
    moderator, reporter = factories.user(Role.MODERATOR), factories.user(Role.CITIZEN)
    comment = db.session.get(Comment, hidden_id)
    services.report(comment, reporter, "개인정보가 있어요")
    services.hide(comment, moderator, reason="personal_data")
    db.session.commit()
    view = themes_of([items[0].id])[items[0].id]
    assert view.pending  # the hiding asked for new themes
    shown = [comment.id for theme in view.themes for comment in theme.comments]
    assert hidden_id not in shown and len(shown) == 8


def test_themes_of_nothing_is_nothing():
    assert themes_of([]) == {}


def test_the_web_process_never_loads_the_numeric_libraries():
    code = ("import sys; from config import TestConfig; from participation import create_app; "
            "create_app(TestConfig); import participation.feedback.worker; "
            "print(sorted(m for m in ('sklearn', 'scipy', 'kiwipiepy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_worker_starts_beside_the_server_only_when_configured(app):
    app.config["THEMES_WORKER"] = False
    with worker.beside_server(app) as process:
        assert process is None
    app.config["THEMES_WORKER"] = True
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    with worker.beside_server(app, command=sleeper) as process:
        assert process.poll() is None
    assert process.returncode == -signal.SIGTERM


def test_the_worker_process_computes_and_stops_on_sigterm(items, tmp_path):
    with_approved(items[0], korean_texts())
    env = {**os.environ, "OPEN_SESSION_ENV": "test", "TEST_DATABASE_URL": database_url(tmp_path)}
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "feedback", "worker",
                                "--interval", "0.2"], cwd=PROJECT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while job(items[0].id) is not None and time.monotonic() < deadline:
            db.session.rollback()  # a fresh snapshot for each look
            time.sleep(0.2)
        db.session.rollback()
        assert job(items[0].id) is None and len(stored(items[0].id)[1]) == 3
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    lines = [json.loads(line) for line in process.stderr.read().splitlines() if line.startswith("{")]
    assert [line["message"] for line in lines] == ["themes worker started", "themes computed", "themes worker stopped"]
    assert lines[1]["item_id"] == items[0].id and lines[1]["themes"] == 3
