"""Backup and restore of the whole platform: the database and the uploaded files, in one archive.

`flask --app app backup FILE` writes a gzipped tar holding `manifest.json` (format, time, database kind,
schema revision), the database and `uploads/`. The database part is a consistent snapshot taken while the
platform runs: SQLite's online backup API (`database.sqlite3`, readers and writers go on meanwhile), or
PostgreSQL's `pg_dump` custom format (`database.pgdump`, one transaction's snapshot). `flask --app app
restore FILE` puts both back into an empty database and upload folder (a fresh machine after `flask db
upgrade`, or no tables at all), with the platform stopped; it refuses to overwrite data unless told
`--replace`. The archive's
database kind must be the target's: moving between SQLite and PostgreSQL is not a restore.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from participation.extensions import db

FORMAT = 1
MANIFEST, UPLOADS = "manifest.json", "uploads"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Tables whose rows mean "this database holds the platform's data" (an upgraded empty schema has none).
DATA_TABLES = ("users", "committees", "meetings")


class BackupError(Exception):
    """A backup or restore that cannot be done; nothing was changed."""


def _dialect() -> str:
    name = db.engine.dialect.name
    if name not in DUMPS:
        raise BackupError(f"no backup for a {name} database")
    return name


def _libpq_url() -> str:
    return db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _revision() -> str | None:
    if not sa.inspect(db.engine).has_table("alembic_version"):
        return None
    return db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))


def _dump(dialect: str, target: Path) -> None:
    if dialect == "sqlite":
        source = sqlite3.connect(db.engine.url.database)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), _libpq_url()],
                       check=True, capture_output=True)


def backup(archive: Path) -> dict:
    """Write the archive; its manifest."""
    dialect = _dialect()
    manifest = {"format": FORMAT, "created_at": datetime.now(timezone.utc).isoformat(), "database": dialect,
                "revision": _revision()}
    db.session.remove()
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / DUMPS[dialect]
        _dump(dialect, dump)
        (Path(folder) / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(folder) / MANIFEST, MANIFEST)
            tar.add(dump, DUMPS[dialect])
            if uploads.is_dir():
                tar.add(uploads, UPLOADS)
        partial.replace(archive)  # a failed backup never leaves a file that looks whole
    return manifest


def _holds_data() -> bool:
    tables = set(sa.inspect(db.engine).get_table_names())
    return any(db.session.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) for name in DATA_TABLES
               if name in tables)


def _members(tar: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    members = {}
    for member in tar.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"the archive holds an entry that cannot be restored: {member.name}")
        members[member.name] = member
    return members


def _restore_database(dialect: str, dump: Path) -> None:
    db.session.remove()
    db.engine.dispose()
    if dialect == "sqlite":
        target = Path(db.engine.url.database)
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        shutil.copyfile(dump, target)
    else:
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                        "--dbname", _libpq_url(), str(dump)], check=True, capture_output=True)


def restore(archive: Path, *, replace: bool = False) -> dict:
    """Put the archive's database and files back; its manifest. Raises BackupError before changing anything
    when the archive is not one, is of another database kind, or the target holds data (unless `replace`)."""
    dialect = _dialect()
    try:
        tar = tarfile.open(archive, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"not a backup archive: {error}") from None
    with tar, tempfile.TemporaryDirectory() as folder:
        members = _members(tar)
        if MANIFEST not in members:
            raise BackupError("not a backup archive: no manifest")
        manifest = json.load(tar.extractfile(members[MANIFEST]))
        if manifest.get("format") != FORMAT or manifest.get("database") not in DUMPS:
            raise BackupError("this backup's format is not one this version restores")
        if manifest["database"] != dialect:
            raise BackupError(f"a {manifest['database']} backup cannot be restored into a {dialect} database")
        if DUMPS[dialect] not in members:
            raise BackupError("not a backup archive: no database in it")
        if not replace and _holds_data():
            raise BackupError("the database holds data: restore into an empty one, or pass --replace")
        tar.extractall(folder, filter="data")
        _restore_database(dialect, Path(folder) / DUMPS[dialect])
        uploads = Path(current_app.config["UPLOAD_FOLDER"])
        if (Path(folder) / UPLOADS).is_dir():
            shutil.copytree(Path(folder) / UPLOADS, uploads, dirs_exist_ok=True)
    return manifest


@click.command("backup")
@with_appcontext
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(archive: Path) -> None:
    """Write a backup of the database and the uploaded files to ARCHIVE (.tar.gz), while the platform runs."""
    try:
        manifest = backup(archive)
    except (BackupError, subprocess.CalledProcessError, OSError) as error:
        raise click.ClickException(_failure(error)) from None
    click.echo(f"backup of the {manifest['database']} database (revision {manifest['revision']}) written to {archive}")


@click.command("restore")
@with_appcontext
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite a database that already holds data.")
def restore_command(archive: Path, replace: bool) -> None:
    """Restore ARCHIVE into this configuration's database and upload folder (the platform stopped)."""
    try:
        manifest = restore(archive, replace=replace)
    except (BackupError, subprocess.CalledProcessError, OSError) as error:
        raise click.ClickException(_failure(error)) from None
    click.echo(f"restored the backup of {manifest['created_at']} (revision {manifest['revision']})")


def _failure(error: Exception) -> str:
    if isinstance(error, subprocess.CalledProcessError):
        return f"{error.cmd[0]} failed: {(error.stderr or b'').decode(errors='replace').strip()}"
    return str(error)


def register(app) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
