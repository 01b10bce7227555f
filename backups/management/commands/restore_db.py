from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from backups.services import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Restore a file written by backup_db into the database of the settings (DATABASE_URL), "
        "which must be empty: a new SQLite file or a PostgreSQL database just made with "
        "createdb. --force replaces the contents of a database that is not empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A backup written by backup_db.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database that is not empty.",
        )
        parser.add_argument("--database", default="default", help="Database alias (default).")

    def handle(self, *args, file: Path, force: bool, database: str, **options):
        try:
            result = database_restore(source=file, using=database, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if options["verbosity"] > 1:
            for table, count in result.counts.items():
                self.stdout.write(f"{table}\t{count}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(path)s: %(tables)s tables, %(rows)s rows.")
                % {"path": result.path, "tables": len(result.counts), "rows": result.rows}
            )
        )
