from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """backup_db and restore_db: consistent copies of the whole database (docs/backup.md)."""

    name = "backups"
    verbose_name = _("Backups")
