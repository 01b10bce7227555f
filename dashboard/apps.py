from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The co-chairs' dashboard, the home page and the navigation: reads every app, owns no data."""

    name = "dashboard"
    verbose_name = _("Dashboard")
