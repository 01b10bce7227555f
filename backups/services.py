"""Back up the database to one file and restore it into an empty database (docs/backup.md).

SQLite: the online backup API (sqlite3.Connection.backup) copies a consistent snapshot while the
portal keeps running; the backup is itself a SQLite file. PostgreSQL: `pg_dump --format=custom`
with the connection parameters of settings.DATABASES, restored by `pg_restore` into an empty
database. Both write to a temporary file beside the output and rename it at the end, so a failed
run never leaves a truncated backup under the requested name.

The functions raise BackupError with a message for the operator; the management commands
(backup_db, restore_db) are thin wrappers.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext as _

SQLITE, POSTGRESQL = "sqlite", "postgresql"
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# pg_dump/pg_restore of a portal-sized database take seconds; this only stops a hung tool.
TOOL_TIMEOUT = 3600


class BackupError(Exception):
    """The backup or the restore cannot be done; the message says why and what to do."""


@dataclass
class Result:
    engine: str
    path: Path
    counts: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _engine(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in (SQLITE, POSTGRESQL):
        raise BackupError(_("Unsupported database %(vendor)s.") % {"vendor": vendor})
    return vendor


def table_row_counts(using: str = "default") -> dict[str, int]:
    """Rows per table of the database (every table, Django's own included)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def sqlite_file_row_counts(path: Path) -> dict[str, int]:
    """Rows per table of a SQLite file (a backup, or a database the portal is not using)."""
    with _closing(_sqlite_connect(path, read_only=True)) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def _sqlite_connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A plain connection, with the REGEXP function that Django's CHECK constraints call."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True) if read_only else sqlite3.connect(path)
    db.create_function(
        "REGEXP",
        2,
        lambda pattern, value: None if value is None else bool(re.search(pattern, str(value))),
        deterministic=True,
    )
    return db


def _integrity_ok(db: sqlite3.Connection) -> bool:
    return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


class _closing:
    """sqlite3.Connection's own context manager commits but does not close."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        return self.db

    def __exit__(self, *exc):
        self.db.close()


def _temporary_beside(output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=output.parent)
    os.close(handle)
    return Path(name)


def _require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _(
                "%(tool)s is not installed or not on PATH; install the PostgreSQL client tools "
                "(Debian: apt-get install postgresql-client) in the version of the server."
            )
            % {"tool": name}
        )
    return path


def _pg_arguments_and_environment(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Connection options of pg_dump/pg_restore, the password passed in the environment."""
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(option):
            env[variable] = str(options[option])
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        completed = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError(_("%(what)s failed: %(error)s") % {"what": what, "error": exc}) from None
    if completed.returncode != 0:
        raise BackupError(
            _("%(what)s failed (exit status %(code)s): %(error)s")
            % {
                "what": what,
                "code": completed.returncode,
                "error": completed.stderr.strip()[-2000:],
            }
        )


# --- backup -----------------------------------------------------------------------------------


def database_backup(*, output: Path, using: str = "default") -> Result:
    """Write a consistent copy of the database to `output` (replaced if it exists).

    Returns the engine, the path and the source's row counts per table (read just before the
    copy; on a busy portal they may differ from the copy by the writes in between).
    """
    output = Path(output)
    engine = _engine(using)
    counts = table_row_counts(using)
    part = _temporary_beside(output)
    try:
        if engine == SQLITE:
            _sqlite_backup(using, part)
        else:
            _postgresql_backup(connections[using].settings_dict, part)
        part.replace(output)
    finally:
        part.unlink(missing_ok=True)
    return Result(engine, output, counts)


def _sqlite_backup(using: str, part: Path) -> None:
    connection = connections[using]
    connection.ensure_connection()
    with _closing(_sqlite_connect(part)) as target:
        # Copies page by page under a read lock; a write during the copy restarts it, so the
        # result is always one consistent state of the database.
        connection.connection.backup(target)
        if not _integrity_ok(target):
            raise BackupError(_("The copy failed its integrity check; nothing was written."))


def _postgresql_backup(settings_dict: dict, part: Path) -> None:
    pg_dump = _require_tool("pg_dump")
    args, env = _pg_arguments_and_environment(settings_dict)
    # Custom format: compressed, one consistent snapshot (a single transaction), restorable
    # selectively by pg_restore. Owners and grants are left out: the restoring role owns it.
    command = [
        pg_dump,
        *args,
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        "--file",
        str(part),
        "--dbname",
        str(settings_dict["NAME"]),
    ]
    _run(command, env, "pg_dump")


# --- restore ----------------------------------------------------------------------------------


def backup_kind(path: Path) -> str:
    """SQLITE or POSTGRESQL, from the file's first bytes; BackupError if it is neither."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
        ) from None
    if head.startswith(SQLITE_MAGIC):
        return SQLITE
    if head.startswith(PGDUMP_MAGIC):
        return POSTGRESQL
    raise BackupError(
        _("%(path)s is not a backup made by backup_db (neither SQLite nor pg_dump custom format).")
        % {"path": path}
    )


def _existing_tables(using: str) -> list[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def database_restore(*, source: Path, using: str = "default", force: bool = False) -> Result:
    """Restore a backup_db file into the database of settings, which must be empty.

    An empty database: no table at all (a new SQLite file, or a PostgreSQL database just made
    with createdb). With force=True the database's contents are replaced instead. Returns the
    row counts per table of the restored database.
    """
    source = Path(source)
    engine = _engine(using)
    kind = backup_kind(source)
    if kind != engine:
        raise BackupError(
            _("%(path)s is a %(kind)s backup but the database is %(engine)s.")
            % {"path": source, "kind": kind, "engine": engine}
        )
    tables = _existing_tables(using)
    if tables and not force:
        raise BackupError(
            _(
                "The database %(name)s is not empty (%(n)s tables): restore_db only restores into "
                "an empty database. Create a new one, or add --force to replace its contents."
            )
            % {"name": connections[using].settings_dict["NAME"], "n": len(tables)}
        )
    if engine == SQLITE:
        _sqlite_restore(using, source)
    else:
        connections[using].close()
        _postgresql_restore(connections[using].settings_dict, source, clean=bool(tables))
    connections[using].close()
    return Result(engine, source, table_row_counts(using))


def _sqlite_restore(using: str, source: Path) -> None:
    with _closing(_sqlite_connect(source, read_only=True)) as backup:
        if not _integrity_ok(backup):
            raise BackupError(_("%(path)s is damaged (integrity check failed).") % {"path": source})
        connection = connections[using]
        connection.ensure_connection()
        # The backup API replaces every page of the target: its previous contents are gone.
        backup.backup(connection.connection)


def _postgresql_restore(settings_dict: dict, source: Path, *, clean: bool) -> None:
    pg_restore = _require_tool("pg_restore")
    args, env = _pg_arguments_and_environment(settings_dict)
    command = [
        pg_restore,
        *args,
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        *(["--clean", "--if-exists"] if clean else []),
        "--dbname",
        str(settings_dict["NAME"]),
        str(source),
    ]
    _run(command, env, "pg_restore")
