from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    """Where each state stands in its domestic procedure to join the treaty."""

    name = "pipeline"
    verbose_name = _("Joining pipeline")
    reference_data_loader = "pipeline.services.stages_load_report"
