from django.core.management.base import BaseCommand

from states.services import reference_data_load


class Command(BaseCommand):
    help = (
        "Load the bundled reference data (states and their ATT record; later also the Annex A "
        "taxonomy and the CSP4 work plan). Idempotent: creates what is missing and never "
        "overwrites a record a user has edited."
    )

    def handle(self, *args, **options):
        report = reference_data_load()
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
