import csv
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from meetings.translations import FILE_HEADER, translations_export
from states.exports import safe_cell


class Command(BaseCommand):
    help = (
        "Write every translatable text of the meetings records (work plans, meetings' title "
        "overrides, agenda items, activities, documents, conferences) with its English, French "
        "and Spanish versions to a CSV file (columns record,id,version,field,original_language,"
        "en,fr,es), for translators; import_translations reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="The CSV file (default: standard output).")
        parser.add_argument(
            "--missing", action="store_true", help="Only the texts lacking a language version."
        )

    def handle(self, *args, output: Path | None, missing: bool, **options):
        rows = translations_export(missing_only=missing)
        try:
            handle = output.open("w", newline="", encoding="utf-8") if output else sys.stdout
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": output, "error": exc.strerror}
            ) from None
        writer = csv.writer(handle)
        writer.writerow(FILE_HEADER)
        for row in rows:
            writer.writerow([safe_cell(value) for value in row])
        if output:
            handle.close()
            self.stdout.write(
                _("Wrote %(n)s texts to %(file)s.") % {"n": len(rows), "file": output}
            )
