from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dashboard.digests import digests_send
from states.dates import parse_iso_date


class Command(BaseCommand):
    help = (
        "Send the day's e-mails: follow-ups due (to their owners), the weekly summary (Co-chairs), "
        "reports published (Delegates who asked). At most one of each kind per account per day, "
        "however often it runs. Schedule it daily (docs/email-and-audit.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to send for (YYYY-MM-DD; today by default).")

    def handle(self, *args, date=None, **options):
        day = None
        if date:
            try:
                day = parse_iso_date(date)
            except ValidationError as exc:
                raise CommandError(f"--date: {' '.join(exc.messages)}") from None
        sent = digests_send(day=day)
        self.stdout.write(
            f"follow-ups: {sent.followups}, weekly summaries: {sent.weekly}, "
            f"reports published: {sent.reports}; already sent today: "
            f"{sum(sent.skipped.values())}; failed: {sent.failed}"
        )
        if sent.failed:
            raise CommandError(f"{sent.failed} e-mail(s) could not be sent (see the log)")
