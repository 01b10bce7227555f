from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Load the bundled reference data: the states and their ATT record, the Annex A taxonomy "
        "and the CSP4 work plan. Idempotent: creates what is missing and never overwrites a "
        "record a user has edited. Each app names its loader in its AppConfig "
        "(reference_data_loader: a function returning the lines of its report)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for config in apps.get_app_configs():
                loader_path = getattr(config, "reference_data_loader", None)
                if not loader_path:
                    continue
                for line in import_string(loader_path)():
                    self.stdout.write(f"[{config.label}] {line}")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
