from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepositaryConfig(AppConfig):
    name = "depositary"
    verbose_name = _("Depositary check")
    reference_data_loader = "depositary.services.names_load_report"

    def ready(self):
        # The status views (states, below this app) show when the record last agreed with the
        # depositary: this app provides it (states.freshness), read from the sync runs.
        from states import freshness

        freshness.register("depositary.selectors.freshness", models=("depositary.DepositarySync",))
