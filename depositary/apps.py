from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepositaryConfig(AppConfig):
    name = "depositary"
    verbose_name = _("Depositary check")
    reference_data_loader = "depositary.services.names_load_report"
