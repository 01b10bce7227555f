import csv
import io
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from meetings.translations import FILE_HEADER, translations_import
from uploads.csvfile import bad_rows_message

User = get_user_model()


class Command(BaseCommand):
    help = (
        "Import the language versions of the meetings records' texts from a CSV file written by "
        "export_translations (columns record,id,version,field,original_language,en,fr,es). All "
        "or nothing: a record changed in the portal since the export, an unknown record or text, "
        "or an original left empty stops the import, every bad row reported with its line."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user",
            required=True,
            help="The account (a Secretariat member) the changes are recorded under in history.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, user: str, **options):
        account = User.objects.filter(username=user, is_active=True).first()
        if account is None or not account.has_perm("meetings.change_workplan"):
            raise CommandError(
                _("%(user)s is not an active account of the Secretariat.") % {"user": user}
            )
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            ) from None
        except UnicodeDecodeError:
            raise CommandError(_("The file is not UTF-8 text.")) from None
        reader = csv.DictReader(io.StringIO(text))
        if reader.fieldnames is None or not set(FILE_HEADER) <= set(reader.fieldnames):
            raise CommandError(
                _("The file must have the columns %(columns)s.")
                % {"columns": ",".join(FILE_HEADER)}
            )
        changes, problems = translations_import(
            list(reader), dry_run=dry_run, user=account, source=file.name
        )
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(bad_rows_message(len(problems)))
        for change in changes:
            self.stdout.write(
                _("%(record)s: %(fields)s")
                % {"record": change.record, "fields": ", ".join(change.fields)}
            )
        if dry_run:
            self.stdout.write(_("Dry run: %(n)s records would change.") % {"n": len(changes)})
        else:
            self.stdout.write(_("%(n)s records changed.") % {"n": len(changes)})
