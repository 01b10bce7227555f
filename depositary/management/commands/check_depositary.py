import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from depositary.reader import MtdsgError
from depositary.services import depositary_check


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value!r} is not a date in the form YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Compare the depositary's status file (UN Treaty Collection MTDSG XML, chapter XXVI-8) "
        "with the portal's actions dated up to the file's date; print every difference and the "
        "totals. Reads only. Exit status 1 when the file is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--date",
            type=_date,
            help="the file's date (default: a date in the file, else the ISO date in its name)",
        )

    def handle(self, *args, file: Path, date=None, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        try:
            result = depositary_check(data=data, file_name=file.name, as_of=date)
        except MtdsgError as exc:
            raise CommandError(f"{file.name}: {exc}") from None
        for line in result.lines():
            self.stdout.write(line)
        if result.refused:
            raise CommandError(f"{file.name}: refused ({len(result.problems)} problem(s))")
