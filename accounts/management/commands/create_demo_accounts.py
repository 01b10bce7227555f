import secrets

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.roles import Role

DEMO_ACCOUNTS = [
    ("secretariat", "Sam", "Secretariat", Role.SECRETARIAT),
    ("cochair", "Chris", "Co-chair", Role.COCHAIRS),
    ("delegate", "Dana", "Delegate", Role.DELEGATES),
]


class Command(BaseCommand):
    help = (
        "Development only: create one demo account per role on the embedded SQLite database and "
        "print their password once. Refused with debug off or on any other database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-password", action="store_true", help="Give the demo accounts a new password."
        )

    def handle(self, *args, reset_password=False, **options):
        # Never on a production-like setup: debug off, or a server database such as PostgreSQL.
        if not settings.DEBUG or connection.vendor != "sqlite":
            raise CommandError(
                "Demo accounts exist only for development: DJANGO_DEBUG=true on the embedded SQLite database."
            )
        existing = User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS])
        if existing.count() == len(DEMO_ACCOUNTS) and not reset_password:
            self.stdout.write(
                "Demo accounts: secretariat, cochair, delegate (their password was printed when "
                "they were created; `.venv/bin/python manage.py create_demo_accounts "
                "--reset-password` with DJANGO_DEBUG=true prints a new one)."
            )
            return
        password = secrets.token_urlsafe(12)
        for username, first, last, role in DEMO_ACCOUNTS:
            user, _created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                },
            )
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
        rule = "=" * 64
        self.stdout.write(
            self.style.WARNING(
                f"{rule}\nDemo accounts (development only), password shown once: {password}\n"
                "  secretariat  edits every record\n"
                "  cochair      reads everything, edits nothing\n"
                "  delegate     public status and published reports\n"
                f"{rule}"
            )
        )
