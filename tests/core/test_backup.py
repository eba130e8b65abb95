"""`flask backup` then `flask restore` into an empty database and upload folder gives the same pages,
records (same hashes) and files, on the run's database (SQLite, or PostgreSQL through pg_dump/pg_restore);
a restore over data, or of something that is not a backup, is refused and changes nothing."""
from __future__ import annotations

import hashlib
import json
import tarfile
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from participation.extensions import db
from participation.record.models import RecordVersion
from tests.conftest import make_app
from tests.databases import is_postgres


def _snapshot(app) -> dict:
    client = app.test_client()
    uploads = Path(app.config["UPLOAD_FOLDER"])
    with app.app_context():
        hashes = sorted(db.session.scalars(sa.select(RecordVersion.sha256)))
    return {"record": client.get("/meetings/1/record.json").data, "meeting": client.get("/meetings/1").data,
            "comments": client.get("/api/v1/comments?limit=200").json, "hashes": hashes,
            "files": {str(p.relative_to(uploads)): hashlib.sha256(p.read_bytes()).hexdigest()
                      for p in uploads.rglob("*") if p.is_file()}}


@pytest.fixture
def empty_target(app, tmp_path):
    """An app on an empty database (a new SQLite file, or a new PostgreSQL database) and upload folder."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not is_postgres(url):
        target = make_app(f"sqlite:///{tmp_path / 'restored.db'}", tmp_path / "restored-uploads")
        yield target
        return
    name = f"restore_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    target = make_app(sa.make_url(url).set(database=name).render_as_string(hide_password=False),
                      tmp_path / "restored-uploads")
    try:
        yield target
    finally:
        with target.app_context():
            db.session.remove()
            db.engine.dispose()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_backup_then_restore_gives_the_same_pages_records_and_files(demo, empty_target, tmp_path):
    upload = Path(demo.config["UPLOAD_FOLDER"]) / "ab" / "material-file"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes("회의 자료 원본".encode() * 100)
    before = _snapshot(demo)
    assert before["hashes"] and before["comments"]["data"]
    archive = tmp_path / "open-session.tar.gz"
    result = demo.test_cli_runner().invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    restored = empty_target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert restored.exit_code == 0, restored.output
    assert _snapshot(empty_target) == before


def test_a_restore_over_data_or_of_another_file_is_refused_and_changes_nothing(demo, tmp_path):
    archive = tmp_path / "open-session.tar.gz"
    assert demo.test_cli_runner().invoke(args=["backup", str(archive)]).exit_code == 0
    before = _snapshot(demo)
    over = demo.test_cli_runner().invoke(args=["restore", str(archive)])
    assert over.exit_code == 1 and "holds data" in over.output
    not_one = tmp_path / "notes.txt"
    not_one.write_text("not a backup")
    other = demo.test_cli_runner().invoke(args=["restore", str(not_one)])
    assert other.exit_code == 1 and "not a backup archive" in other.output
    assert _snapshot(demo) == before


def test_an_archive_without_its_database_is_refused_before_anything_is_touched(demo, tmp_path):
    """A manifest alone (a truncated or hand-made archive): refused while checking, not half restored."""
    manifest = tmp_path / "manifest.json"
    kind = "postgresql" if is_postgres(demo.config["SQLALCHEMY_DATABASE_URI"]) else "sqlite"
    manifest.write_text(json.dumps({"format": 1, "database": kind, "created_at": "2026-12-07T00:00:00+00:00"}))
    archive = tmp_path / "manifest-only.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(manifest, "manifest.json")
    before = _snapshot(demo)
    refused = demo.test_cli_runner().invoke(args=["restore", "--replace", str(archive)])
    assert refused.exit_code == 1 and "no database in it" in refused.output
    assert _snapshot(demo) == before
