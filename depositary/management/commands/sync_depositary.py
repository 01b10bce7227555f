from django.core.management.base import BaseCommand, CommandError

from depositary.sync import EXIT_FAILED, depositary_sync


class Command(BaseCommand):
    help = (
        "Fetch the UN depositary's status file of the ATT (MTDSG XML, chapter XXVI-8; default "
        "settings.WGTU_DEPOSITARY_URL), compare it with the portal on the day fetched and record "
        "the check; e-mail the Secretariat when there are differences or after three failures in "
        "a row. Applies nothing. Exit status: 0 no differences, 1 differences awaiting review, "
        "2 could not fetch or read the file (one line saying why). See docs/depositary-sync.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", help="fetch from this URL instead of WGTU_DEPOSITARY_URL")

    def handle(self, *args, url=None, **options):
        report = depositary_sync(url=url)
        lines = report.lines()
        if report.exit_status == EXIT_FAILED:
            raise CommandError(lines[0], returncode=EXIT_FAILED)
        for line in lines:
            self.stdout.write(line)
        if report.exit_status:
            raise SystemExit(report.exit_status)
