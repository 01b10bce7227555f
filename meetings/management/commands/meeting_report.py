"""python manage.py meeting_report --date YYYY-MM-DD --lang en|fr|es [--edition public|internal]
--output FILE.pdf: writes the report of the meeting held on that date (the public contract)."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.models import Meeting, MeetingStatus, ReportEdition
from meetings.reports.cache import meeting_report_file
from meetings.reports.pdf import ReportUnavailable


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}.") from error


class Command(BaseCommand):
    help = "Write the PDF report of the meeting held on a date."

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="The meeting's date, YYYY-MM-DD.")
        parser.add_argument("--lang", required=True, choices=["en", "fr", "es"])
        parser.add_argument("--edition", default="public", choices=ReportEdition.values)
        parser.add_argument("--output", required=True, help="The PDF file to write.")

    def handle(self, *args, **options):
        day = _date(options["date"])
        meetings = list(
            Meeting.objects.filter(date=day).exclude(status=MeetingStatus.CANCELLED)[:2]
        )
        if not meetings:
            held = ", ".join(
                d.isoformat()
                for d in Meeting.objects.order_by("date").values_list("date", flat=True)
            )
            raise CommandError(
                f"No meeting was held on {day.isoformat()}. Meetings: {held or 'none recorded'}."
            )
        if len(meetings) > 1:
            raise CommandError(f"Several meetings on {day.isoformat()}: the date is ambiguous.")
        try:
            _filename, _type, content, version = meeting_report_file(
                meeting=meetings[0], edition=options["edition"], language=options["lang"]
            )
        except ReportUnavailable as problem:
            raise CommandError(str(problem)) from problem
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        self.stdout.write(
            f"Wrote {output} ({len(content)} bytes): {meetings[0].heading}, "
            f"{options['edition']} edition, {options['lang']} (data version {version[:12]})."
        )
