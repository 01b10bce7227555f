from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges to universalization")
    reference_data_loader = "challenges.services.taxonomy_load_report"
