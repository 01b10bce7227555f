from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from backups.services import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Back up the database to one file, consistently while the portal runs: SQLite through "
        "its online backup API, PostgreSQL with pg_dump --format=custom. Restore it with "
        "restore_db (docs/backup.md). Uploaded files (MEDIA_ROOT) are not included."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, required=True, help="The backup file to write.")
        parser.add_argument("--database", default="default", help="Database alias (default).")

    def handle(self, *args, output: Path, database: str, **options):
        try:
            result = database_backup(output=output, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Backed up %(engine)s database: %(tables)s tables, %(rows)s rows → %(path)s")
                % {
                    "engine": result.engine,
                    "tables": len(result.counts),
                    "rows": result.rows,
                    "path": result.path,
                }
            )
        )
