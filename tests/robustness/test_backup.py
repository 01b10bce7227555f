"""backup_db and restore_db (issue 9, item 7; docs/backup.md).

The data is committed (transactional tests) so that a separate process sees it: the backup is
taken in this process, then restored by `manage.py restore_db` in a subprocess whose
DATABASE_URL names a new empty database (a SQLite file, or a PostgreSQL database made with
createdb), and the row counts of every table are compared.
"""

import datetime as dt
import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from backups import services as backup
from states.models import TreatyAction
from states.services.actions import treaty_action_create
from tests.factories import StateFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)

sqlite_only = pytest.mark.skipif(
    "os.environ.get('DATABASE_URL', '').startswith('postgres')", reason="SQLite run only"
)
postgresql_only = pytest.mark.skipif(
    "not os.environ.get('DATABASE_URL', '').startswith('postgres')",
    reason="runs when DATABASE_URL is a PostgreSQL database",
)


@pytest.fixture
def populated(reference_data, secretariat):
    """The reference data, plus records made as a user makes them (with history)."""
    state = StateFactory(iso3="XBK", name_en="Backupia")
    treaty_action_create(
        state=state,
        user=secretariat,
        kind=TreatyAction.Kind.ACCESSION,
        date=dt.date(2019, 5, 2),
        note="Deposited with the Secretary-General — ¡ñ!",
    )
    return backup.table_row_counts()


def manage(*args, database_url: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "wgtu_portal.settings_test",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_backup_counts_cover_every_table(populated):
    assert populated["states_state"] > 190
    assert populated["states_historicaltreatyaction"] > 0
    assert set(populated) == set(connection.introspection.table_names())


@sqlite_only
def test_sqlite_backup_restores_into_an_empty_file_with_equal_row_counts(populated, tmp_path):
    output = tmp_path / "portal.sqlite3"
    call_command("backup_db", "--output", str(output), stdout=io.StringIO())
    assert backup.sqlite_file_row_counts(output) == populated

    restored = tmp_path / "restored.sqlite3"
    result = manage("restore_db", str(output), database_url=f"sqlite:///{restored}")

    assert result.returncode == 0, result.stderr
    assert backup.sqlite_file_row_counts(restored) == populated
    assert f"{len(populated)} tables" in result.stdout


@sqlite_only
def test_sqlite_restore_refuses_a_file_that_is_not_empty_unless_forced(populated, tmp_path):
    output = tmp_path / "portal.sqlite3"
    call_command("backup_db", "--output", str(output), stdout=io.StringIO())
    target = tmp_path / "busy.sqlite3"
    import sqlite3

    with sqlite3.connect(target) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.execute("INSERT INTO notes VALUES ('keep me unless forced')")
    db.close()

    refused = manage("restore_db", str(output), database_url=f"sqlite:///{target}")
    assert refused.returncode != 0
    assert "not empty" in refused.stderr and "--force" in refused.stderr
    assert backup.sqlite_file_row_counts(target) == {"notes": 1}

    forced = manage("restore_db", str(output), "--force", database_url=f"sqlite:///{target}")
    assert forced.returncode == 0, forced.stderr
    assert backup.sqlite_file_row_counts(target) == populated


def test_restore_refuses_the_database_in_use_when_it_is_not_empty(populated, tmp_path):
    output = tmp_path / "portal.backup"
    call_command("backup_db", "--output", str(output), stdout=io.StringIO())
    with pytest.raises(CommandError, match=r"not empty .*--force"):
        call_command("restore_db", str(output))
    assert backup.table_row_counts() == populated


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("hello")
    with pytest.raises(CommandError, match="not a backup made by backup_db"):
        call_command("restore_db", str(junk))


def test_a_failed_backup_leaves_no_file(db, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise backup.BackupError("disk full")

    monkeypatch.setattr(backup, "_sqlite_backup", broken)
    monkeypatch.setattr(backup, "_postgresql_backup", broken)
    with pytest.raises(CommandError, match="disk full"):
        call_command("backup_db", "--output", str(tmp_path / "out.backup"))
    assert list(tmp_path.iterdir()) == []


def test_postgresql_backup_says_clearly_when_pg_dump_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(backup.BackupError, match="pg_dump is not installed"):
        backup._postgresql_backup({"NAME": "portal", "HOST": "127.0.0.1"}, tmp_path / "x")


@pytest.fixture
def scratch_database():
    """A new empty PostgreSQL database beside the test database, dropped afterwards."""
    settings = connection.settings_dict
    name = f"wgtu_restore_{uuid.uuid4().hex[:10]}"
    options = ["-h", settings["HOST"] or "127.0.0.1", "-U", settings["USER"] or "postgres"]
    if settings["PORT"]:
        options += ["-p", str(settings["PORT"])]
    subprocess.run(["createdb", *options, name], check=True, capture_output=True)
    user = settings["USER"] or "postgres"
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    yield name, f"postgres://{user}@{host}:{port}/{name}"
    subprocess.run(["dropdb", *options, "--if-exists", name], check=False, capture_output=True)


def _postgresql_counts(name: str) -> dict[str, int]:
    import psycopg2

    settings = connection.settings_dict
    db = psycopg2.connect(
        dbname=name,
        host=settings["HOST"] or "127.0.0.1",
        user=settings["USER"] or "postgres",
        port=settings["PORT"] or 5432,
    )
    try:
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            tables = [t for (t,) in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        db.close()


@postgresql_only
def test_postgresql_backup_restores_into_an_empty_database_with_equal_row_counts(
    populated, scratch_database, tmp_path
):
    name, url = scratch_database
    output = tmp_path / "portal.pgdump"
    call_command("backup_db", "--output", str(output), stdout=io.StringIO())
    assert output.read_bytes().startswith(b"PGDMP")

    result = manage("restore_db", str(output), database_url=url)

    assert result.returncode == 0, result.stderr
    assert _postgresql_counts(name) == populated

    again = manage("restore_db", str(output), database_url=url)
    assert again.returncode != 0
    assert "not empty" in again.stderr and "--force" in again.stderr

    forced = manage("restore_db", str(output), "--force", database_url=url)
    assert forced.returncode == 0, forced.stderr
    assert _postgresql_counts(name) == populated
