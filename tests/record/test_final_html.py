"""The pages of finalizing, correcting, versions, the diff, remarks and written opinions are valid HTML (the
Nu Html Checker, as tests/test_html_validity.py runs it), in both languages, each in the state where it
shows the most: open and resolved remarks and an opinion on the draft, then two versions."""
from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta

import sqlalchemy as sa

from participation.accounts.models import User
from participation.extensions import db
from participation.meetings.models import Meeting
from participation.record import opinions, versions
from participation.record.kinds import EntryType
from participation.record.models import Record
from tests.record import final_world
from tests.record.test_final_views import as_user
from tests.test_html_validity import LANGUAGES, _checker

HOSTILE = "<b>굵게</b>"


def _draft(app) -> dict:
    with app.app_context():
        world = final_world.build(deadline=date.today() + timedelta(days=30))
        meeting, record = world.meeting, db.session.scalar(sa.select(Record))
        opinions.add_remark(meeting, record.entries[2], world.member, f"발언자 표기 {HOSTILE}")
        done = opinions.add_remark(meeting, record.entries[3], world.member, "처리된 의견")
        opinions.resolve_remark(meeting, done, world.secretary)
        opinions.submit_opinion(meeting, world.items[0], world.member, f"서면 의견 {HOSTILE}")
        db.session.commit()
        return {"meeting": meeting.id, "entry": record.entries[2].id, "secretary": world.secretary.id,
                "member": world.member.id}


def _finalize_and_correct(app, ids: dict) -> None:
    with app.app_context():
        meeting, secretary = db.session.get(Meeting, ids["meeting"]), db.session.get(User, ids["secretary"])
        versions.finalize(meeting, secretary)
        record = db.session.scalar(sa.select(Record))
        first = next(e for e in record.entries if e.type is EntryType.STATEMENT)
        versions.correct(meeting, secretary, f"정정 {HOSTILE}", [versions.EntryChange(first.id, text=f"정정 {HOSTILE}")])
        db.session.commit()


def _save(app, client, pages, folder, files: dict) -> None:
    for lang in LANGUAGES:
        for who, url in pages:
            as_user(app, client, who, lang)
            response = client.get(url)
            assert response.status_code == 200, f"{url} answered {response.status_code}"
            assert HOSTILE not in response.get_data(as_text=True)  # user text is escaped
            path = folder / f"page-{len(files)}.{lang}.html"
            path.write_bytes(response.data)
            files[str(path)] = f"{url} ({lang})"


def test_the_pages_have_no_html_errors(app, client, tmp_path):
    command = _checker()
    ids = _draft(app)
    base, manage = f"/meetings/{ids['meeting']}/record", f"/manage/meetings/{ids['meeting']}/record"
    secretary, member = ids["secretary"], ids["member"]
    files: dict[str, str] = {}
    _save(app, client, [(secretary, f"{manage}/finalize"), (member, f"{base}/remarks"), (secretary, f"{base}/remarks"),
                        (member, f"{base}/entries/{ids['entry']}/remark"), (member, f"{base}/opinions"),
                        (secretary, f"{base}/opinions"), (member, f"{base}/versions")], tmp_path, files)
    _finalize_and_correct(app, ids)
    _save(app, client, [(secretary, f"{manage}/correct"), (secretary, f"{base}/versions"), (None, f"{base}/versions"),
                        (None, f"{base}/diff?from=1&to=2"), (member, f"{base}/opinions")], tmp_path, files)
    run = subprocess.run([*command, "--errors-only", "--format", "json", *files], capture_output=True, text=True,
                         timeout=300)
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    described = "\n".join(f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} line "
                          f"{m.get('lastLine')}: {m.get('message')}" for m in errors)
    assert errors == [], described
