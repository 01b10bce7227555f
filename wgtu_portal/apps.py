from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "wgtu_portal"
    verbose_name = _("WGTU Portal")

    def ready(self):
        # Connects the security-event receivers (sign-ins, failures, lockouts) at start-up.
        import wgtu_portal.security  # noqa: F401
