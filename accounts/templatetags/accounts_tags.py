from django import template
from django.utils.translation import gettext as _

from accounts.roles import Role

register = template.Library()


@register.filter
def role_label(value):
    """The translated name of a role ("" → "No role")."""
    return Role(value).label if value in Role.values else _("No role")


@register.filter
def person_name(user):
    """The person's full name, else their username; an em dash for no one."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


@register.filter
def account_status(user):
    """Deactivated, invited (no password yet) or active, translated."""
    if not user.is_active:
        return _("Deactivated")
    if not user.has_usable_password():
        return _("Invited, no password yet")
    return _("Active")


@register.filter
def account_status_class(user):
    """The Bootstrap badge colour of account_status."""
    if not user.is_active:
        return "text-bg-secondary"
    if not user.has_usable_password():
        return "text-bg-warning"
    return "text-bg-success"
