from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from depositary.reader import MtdsgError
from depositary.services import ComparisonDateError, depositary_check
from states.dates import parse_iso_date


def _date(value: str):
    try:
        return parse_iso_date(value)
    except ValidationError as exc:
        raise CommandError(f"--date: {exc.messages[0]}") from None


class Command(BaseCommand):
    help = (
        "Compare the depositary's status file (UN Treaty Collection MTDSG XML, chapter XXVI-8) "
        "with the portal on the file's own date (a date it states, else the date in its name, "
        "else its newest event), or on a later --date: the portal's events after the file's "
        "date are then listed apart as newer than the file, never as removals. Print every "
        "difference and the totals. Reads only. Exit status 1 when the file is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--date",
            help="compare with the portal on this date, YYYY-MM-DD (default: the file's own date)",
        )

    def handle(self, *args, file: Path, date=None, **options):
        compare_on = _date(date) if date else None
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        try:
            result = depositary_check(data=data, file_name=file.name, compare_on=compare_on)
        except (MtdsgError, ComparisonDateError) as exc:
            raise CommandError(f"{file.name}: {exc}") from None
        for line in result.lines():
            self.stdout.write(line)
        if result.refused:
            raise CommandError(f"{file.name}: refused ({len(result.problems)} problem(s))")
