from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _


class PortalUser(User):
    """The portal's view of an account; carries the account-management permission."""

    class Meta:
        proxy = True
        verbose_name = _("portal account")
        verbose_name_plural = _("portal accounts")
        permissions = [
            ("manage_accounts", _("Can invite people, change roles and deactivate accounts"))
        ]
