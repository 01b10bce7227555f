from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.services import sign_in_records_purge


class Command(BaseCommand):
    help = (
        "Delete sign-in records older than --days (default WGTU_SIGN_IN_RECORDS_DAYS, 90) and "
        "throttling counters past their cool-off. Run daily (docs/email-and-audit.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Keep this many days.")

    def handle(self, *args, days=None, **options):
        days = settings.WGTU_SIGN_IN_RECORDS_DAYS if days is None else days
        counts = sign_in_records_purge(days=max(days, 0))
        self.stdout.write(", ".join(f"{kind}: {n} deleted" for kind, n in counts.items()))
