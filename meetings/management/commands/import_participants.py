from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings.participants import (
    ParticipantsFileError,
    meeting_on,
    participants_file_apply,
    participants_file_parse,
    participants_file_plan,
)
from states.dates import parse_iso_date
from uploads.csvfile import bad_rows_message


class Command(BaseCommand):
    help = (
        "Import the participants of the meeting held on a date from a CSV file with the columns "
        "kind,iso3_or_name,person,role (kind: state, or an organization kind). All or nothing: "
        "any bad row stops the import, and every bad row is reported with its line number and "
        "reason. Importing the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meeting", required=True, help="The meeting's date, YYYY-MM-DD.")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, meeting: str, file: Path, dry_run: bool, **options):
        try:
            day = parse_iso_date(meeting)
        except ValidationError as exc:
            raise CommandError(f"--meeting {meeting!r}: {exc.messages[0]}") from None
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            ) from None
        try:
            target = meeting_on(day)
            parsed = participants_file_parse(data)
        except ParticipantsFileError as exc:
            raise CommandError(str(exc)) from None
        if parsed.errors:
            for error in parsed.errors:
                self.stderr.write(str(error))
            raise CommandError(bad_rows_message(len(parsed.errors)))
        if dry_run:
            changes = participants_file_plan(target, parsed.rows)
        else:
            changes = participants_file_apply(target, parsed.rows, source=file.name)
        for change in changes:
            self.stdout.write(
                _("line %(line)s: %(name)s: %(change)s")
                % {"line": change.line, "name": change.name, "change": change.describe()}
            )
        n = len(changes)
        if dry_run:
            summary = ngettext(
                "%(rows)s rows read; %(n)s participation would change.",
                "%(rows)s rows read; %(n)s participations would change.",
                n,
            )
        else:
            summary = ngettext(
                "%(rows)s rows read; %(n)s participation changed.",
                "%(rows)s rows read; %(n)s participations changed.",
                n,
            )
        self.stdout.write(self.style.SUCCESS(summary % {"rows": len(parsed.rows), "n": n}))
