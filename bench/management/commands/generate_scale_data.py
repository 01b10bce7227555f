import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from bench import scale
from states.models import State


class Command(BaseCommand):
    help = (
        "Benchmark data: the real reference data (loaded first if missing) plus synthetic outreach "
        "activities, challenge tags and meetings over N years, reproducible from --seed. Defaults "
        "are the scale size of issue 10 (ten times today's data); use a fresh database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=42)
        for name, default in scale.SCALE.items():
            parser.add_argument(f"--{name}", type=int, default=default)
        parser.add_argument(
            "--normal", action="store_true", help="Today's size: a tenth of the scale size."
        )

    def handle(self, *args, seed, activities, tags, meetings, years, normal, **options):
        if normal:
            activities, tags, meetings, years = scale.NORMAL.values()
        if min(activities, tags, meetings) < 0 or years < 1:
            raise CommandError("Counts must be 0 or more and --years at least 1.")
        if not State.objects.exists():
            call_command("load_reference_data", stdout=self.stdout)
        began = time.monotonic()
        try:
            report = scale.generate(
                seed=seed, activities=activities, tags=tags, meetings=meetings, years=years
            )
        except (scale.ScaleDataPresent, ValueError) as exc:
            raise CommandError(str(exc)) from None
        scale.refresh_statistics()
        start, end = scale.window(years)
        self.stdout.write(f"Synthetic data, seed {seed}, dated {start} to {end}:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - began:.1f} s (each record with its creation history)."
            )
        )
