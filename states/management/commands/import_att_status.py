from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from states.services.status_file import (
    StatusFileError,
    status_file_apply,
    status_file_parse,
    status_file_plan,
)


class Command(BaseCommand):
    help = (
        "Import a treaty-status CSV in the format of states/data/att_status.csv. All or nothing: "
        "any bad row stops the import, and every bad row is reported with its line number."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            ) from None
        try:
            parsed = status_file_parse(data)
        except StatusFileError as exc:
            raise CommandError(str(exc)) from None
        if parsed.errors:
            for error in parsed.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(n)s bad row(s): nothing was imported.") % {"n": len(parsed.errors)}
            )
        changes = (
            status_file_plan(parsed.rows)
            if dry_run
            else status_file_apply(parsed.rows, source=file.name)
        )
        for change in changes:
            self.stdout.write(f"{change.iso3} {change.name}: {change.describe()}")
        verb = _("would change") if dry_run else _("changed")
        self.stdout.write(
            self.style.SUCCESS(
                _("%(rows)s rows read; %(n)s change(s) %(verb)s.")
                % {"rows": len(parsed.rows), "n": len(changes), "verb": verb}
            )
        )
