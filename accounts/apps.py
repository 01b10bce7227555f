from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from accounts.roles import sync_role_permissions

        # Groups are created by migration 0002; their permissions are re-synced after every
        # migrate so a model added later reaches the roles without a hand-written migration.
        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
